//! `/events.json`: every occurrence in the calendar window, for scripts and other sites.

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::model::calendar::Calendar;
use crate::model::routes;
use crate::render::RenderError;
use crate::render::inputs::{Known, Shared};

#[derive(Clone)]
pub struct EventsJson;

impl Kind for EventsJson {
    type File = ();
    type Inputs<'a> = Known<'a, Calendar>;

    fn plan(&self, _: Model) -> Vec<()> {
        vec![()]
    }

    fn path(&self, _: Model, _: &()) -> String {
        routes::EVENTS_JSON.to_owned()
    }

    fn sitemap(&self, _: Model, _: &()) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(&self, from: &'a Sources, _: &'a ()) -> Known<'a, Calendar> {
        Known::calendar(from.site)
    }

    fn render(shared: &Shared, _: &str, calendar: &Known<Calendar>) -> Result<Body, RenderError> {
        let views = shared.calendar_views(calendar);
        Ok(Body::Text(crate::render::events_json::events_json(&views)))
    }
}
