//! The calendar's page: each frequent series once, the other coming dates by month, and the
//! categories' feeds.

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
        let views = shared.calendar_views(calendar);
        let mut context = shared.context(path);
        context.insert("meta".into(), shared.meta(&Subject::CalendarIndex, path)?);
        let index = views.index();
        context.insert("series".into(), to_value(&index.series)?);
        context.insert("months".into(), to_value(&index.months)?);
        let categories: Vec<_> = calendar
            .categories()
            .iter()
            .filter_map(|(_, name, _)| views.category_feed(name))
            .collect();
        context.insert("categories".into(), to_value(&categories)?);
        Ok(Body::Text(shared.template(
            "calendar.html",
            path,
            context,
        )?))
    }
}
