//! The calendar's page: each frequent series once, the other coming dates by month, and the
//! categories' feeds; and a page alike for each category, with its events only.

use super::calendar_feeds::{Category, categories};
use super::{Body, Kind, Model, Sitemap, Sources};
use crate::model::calendar::Calendar;
use crate::model::routes;
use crate::render::RenderError;
use crate::render::html::to_value;
use crate::render::inputs::{Known, Shared};
use crate::render::page_meta::Subject;

#[derive(Clone)]
pub struct CalendarIndex;

impl Kind for CalendarIndex {
    type File = ();
    type Inputs<'a> = Known<'a, Calendar>;

    fn plan(&self, _: Model) -> Vec<()> {
        vec![()]
    }

    fn path(&self, model: Model, _: &()) -> String {
        routes::calendar(&model.site.config)
    }

    fn sitemap(&self, _: Model, _: &()) -> Sitemap {
        Sitemap::Listed {
            last_modified: None,
        }
    }

    fn inputs<'a>(&self, from: &'a Sources, _: &'a ()) -> Known<'a, Calendar> {
        Known::calendar(from.site)
    }

    fn render(
        shared: &Shared,
        path: &str,
        calendar: &Known<Calendar>,
    ) -> Result<Body, RenderError> {
        let context = index_context(shared, path, calendar, &Subject::CalendarIndex, |_| true)?;
        Ok(Body::Text(shared.template(
            "calendar.html",
            path,
            context,
        )?))
    }
}

/// What `calendar.html` sees: the index of the events `shown` lets through, and every category.
fn index_context(
    shared: &Shared,
    path: &str,
    calendar: &Known<Calendar>,
    subject: &Subject,
    shown: impl Fn(usize) -> bool,
) -> Result<crate::render::html::Context, RenderError> {
    let views = shared.calendar_views(calendar);
    let mut context = shared.context(path);
    context.insert("meta".into(), shared.meta(subject, path)?);
    let index = views.index_of(shown);
    context.insert("series".into(), to_value(&index.series)?);
    context.insert("months".into(), to_value(&index.months)?);
    let categories: Vec<_> = calendar
        .categories()
        .iter()
        .filter_map(|(_, name, _)| views.category_feed(name))
        .collect();
    context.insert("categories".into(), to_value(&categories)?);
    Ok(context)
}

/// `/termine/categories/<slug>/`: the calendar's page for one category's events.
#[derive(Clone)]
pub struct CategoryPage;

#[derive(Hash)]
pub struct CategoryInputs<'a> {
    name: &'a str,
    events: &'a [usize],
    calendar: Known<'a, Calendar>,
}

impl Kind for CategoryPage {
    type File = Category;
    type Inputs<'a> = CategoryInputs<'a>;

    fn plan(&self, model: Model) -> Vec<Category> {
        categories(model)
    }

    fn path(&self, model: Model, category: &Category) -> String {
        routes::category(&model.site.config, &category.slug)
    }

    fn sitemap(&self, _: Model, _: &Category) -> Sitemap {
        Sitemap::Listed {
            last_modified: None,
        }
    }

    fn inputs<'a>(&self, from: &'a Sources, category: &'a Category) -> CategoryInputs<'a> {
        CategoryInputs {
            name: &category.name,
            events: &category.events,
            calendar: Known::calendar(from.site),
        }
    }

    fn render(shared: &Shared, path: &str, inputs: &CategoryInputs) -> Result<Body, RenderError> {
        let subject = Subject::Category(inputs.name);
        let mut context = index_context(shared, path, &inputs.calendar, &subject, |event| {
            inputs.events.binary_search(&event).is_ok()
        })?;
        let feed = shared
            .calendar_views(&inputs.calendar)
            .category_feed(inputs.name);
        context.insert("category".into(), to_value(&feed)?);
        Ok(Body::Text(shared.template(
            "calendar.html",
            path,
            context,
        )?))
    }
}
