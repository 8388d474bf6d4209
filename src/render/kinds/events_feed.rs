//! `/termine/feed.xml`: the calendar's coming dates as an Atom feed, one entry per date.

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::model::calendar::Calendar;
use crate::model::routes;
use crate::render::RenderError;
use crate::render::feeds::{self, Feed};
use crate::render::inputs::{Known, Shared};

/// How many coming dates the feed carries.
const FEED_DATES: usize = 50;

#[derive(Clone)]
pub struct EventsFeed;

impl Kind for EventsFeed {
    type File = ();
    type Inputs<'a> = Known<'a, Calendar>;

    fn plan(&self, _: Model) -> Vec<()> {
        vec![()]
    }

    fn path(&self, model: Model, _: &()) -> String {
        routes::events_feed(&model.site.config)
    }

    fn sitemap(&self, _: Model, _: &()) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(&self, from: &'a Sources, _: &'a ()) -> Known<'a, Calendar> {
        Known::calendar(from.site)
    }

    fn render(
        shared: &Shared,
        path: &str,
        calendar: &Known<Calendar>,
    ) -> Result<Body, RenderError> {
        let entries = shared.calendar_views(calendar).feed_entries(FEED_DATES);
        let title = shared.titled(
            shared
                .theme
                .ui
                .strings
                .get("calendar")
                .and_then(tera::Value::as_str)
                .unwrap_or_default(),
        );
        let feed = Feed {
            title: &title,
            self_path: path,
            alternate_path: &routes::calendar(shared.config),
        };
        Ok(Body::Text(feeds::dates_atom(
            shared.config,
            shared.now,
            &feed,
            &entries,
        )))
    }
}
