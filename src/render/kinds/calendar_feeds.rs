//! The iCalendar feeds: one per event, one of the whole calendar, one per event category.

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::model::calendar::Calendar;
use crate::model::routes;
use crate::model::slug::Slug;
use crate::render::RenderError;
use crate::render::inputs::{Known, Shared};

/// `/termine/<event>.ics`, one per event.
#[derive(Clone)]
pub struct EventIcs;

#[derive(Hash)]
pub struct EventInputs<'a> {
    event: usize,
    calendar: Known<'a, Calendar>,
}

impl Kind for EventIcs {
    /// The event's index in the calendar.
    type File = usize;
    type Inputs<'a> = EventInputs<'a>;

    fn plan(&self, model: Model) -> Vec<usize> {
        (0..model.site.calendar.events.len()).collect()
    }

    fn path(&self, model: Model, index: &usize) -> String {
        let site = model.site;
        routes::event_ics(&site.config, &site.calendar.events[*index].id)
    }

    fn sitemap(&self, _: Model, _: &usize) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(&self, from: &'a Sources, index: &'a usize) -> EventInputs<'a> {
        EventInputs {
            event: *index,
            calendar: Known::calendar(from.site),
        }
    }

    fn render(shared: &Shared, _: &str, inputs: &EventInputs) -> Result<Body, RenderError> {
        let calendar = inputs.calendar.get();
        let event = &calendar.events[inputs.event];
        let name = shared.titled(&event.title);
        Ok(Body::Text(shared.ics(calendar, &name, &[event])))
    }
}

/// `/calendar.ics`: every event.
#[derive(Clone)]
pub struct CalendarIcs;

impl Kind for CalendarIcs {
    type File = ();
    type Inputs<'a> = Known<'a, Calendar>;

    fn plan(&self, _: Model) -> Vec<()> {
        vec![()]
    }

    fn path(&self, _: Model, _: &()) -> String {
        routes::CALENDAR_ICS.to_owned()
    }

    fn sitemap(&self, _: Model, _: &()) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(&self, from: &'a Sources, _: &'a ()) -> Known<'a, Calendar> {
        Known::calendar(from.site)
    }

    fn render(shared: &Shared, _: &str, calendar: &Known<Calendar>) -> Result<Body, RenderError> {
        let events: Vec<&_> = calendar.events.iter().collect();
        Ok(Body::Text(shared.ics(
            calendar,
            &shared.config.title,
            &events,
        )))
    }
}

/// One feed per category events name, with the events of that category.
#[derive(Clone)]
pub struct CategoryIcs;

/// A category's slug, name and events.
pub struct Category {
    pub slug: Slug,
    pub name: String,
    pub events: Vec<usize>,
}

/// Every category events name.
pub fn categories(model: Model) -> Vec<Category> {
    let categories = model.site.calendar.categories().into_iter();
    categories
        .map(|(slug, name, events)| Category { slug, name, events })
        .collect()
}

#[derive(Hash)]
pub struct CategoryInputs<'a> {
    name: &'a str,
    events: &'a [usize],
    calendar: Known<'a, Calendar>,
}

impl Kind for CategoryIcs {
    type File = Category;
    type Inputs<'a> = CategoryInputs<'a>;

    fn plan(&self, model: Model) -> Vec<Category> {
        categories(model)
    }

    fn path(&self, model: Model, category: &Category) -> String {
        routes::category_ics(&model.site.config, &category.slug)
    }

    fn sitemap(&self, _: Model, _: &Category) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(&self, from: &'a Sources, category: &'a Category) -> CategoryInputs<'a> {
        CategoryInputs {
            name: &category.name,
            events: &category.events,
            calendar: Known::calendar(from.site),
        }
    }

    fn render(shared: &Shared, _: &str, inputs: &CategoryInputs) -> Result<Body, RenderError> {
        let calendar = inputs.calendar.get();
        let events: Vec<&_> = inputs.events.iter().map(|&i| &calendar.events[i]).collect();
        let name = shared.titled(inputs.name);
        Ok(Body::Text(shared.ics(calendar, &name, &events)))
    }
}
