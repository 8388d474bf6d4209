//! An event's page: its details, its coming dates, and the posts that name it.

use super::{Body, Kind, Model, Sitemap, Sources, values};
use crate::model::calendar::Calendar;
use crate::model::routes;
use crate::render::RenderError;
use crate::render::html::to_value;
use crate::render::inputs::{Known, Shared};
use crate::render::page_meta::Subject;

#[derive(Clone)]
pub struct EventPage;

#[derive(Hash)]
pub struct Inputs<'a> {
    event: usize,
    calendar: Known<'a, Calendar>,
    /// The summaries of the posts that name the event.
    posts: Vec<Known<'a, tera::Value>>,
}

impl Kind for EventPage {
    /// The event's index in the calendar.
    type File = usize;
    type Inputs<'a> = Inputs<'a>;

    fn plan(&self, model: Model) -> Vec<usize> {
        (0..model.site.calendar.events.len()).collect()
    }

    fn path(&self, model: Model, index: &usize) -> String {
        let site = model.site;
        routes::event(&site.config, &site.calendar.events[*index].id)
    }

    fn sitemap(&self, _: Model, _: &usize) -> Sitemap {
        Sitemap::Listed {
            last_modified: None,
        }
    }

    fn inputs<'a>(&self, from: &'a Sources, index: &'a usize) -> Inputs<'a> {
        Inputs {
            event: *index,
            calendar: Known::calendar(from.site),
            posts: from.views.posts_of_event[*index]
                .iter()
                .map(|&post| Known::summary(from.views, post))
                .collect(),
        }
    }

    fn render(shared: &Shared, path: &str, inputs: &Inputs) -> Result<Body, RenderError> {
        let event = shared.calendar_views(&inputs.calendar).event(inputs.event);
        let mut context = shared.context(path);
        let subject = Subject::Event {
            calendar: inputs.calendar.get(),
            index: inputs.event,
        };
        context.insert("meta".into(), shared.meta(&subject, path)?);
        context.insert("event".into(), to_value(&event)?);
        context.insert("posts".into(), values(&inputs.posts));
        Ok(Body::Text(shared.template("event.html", path, context)?))
    }
}
