//! The home page: the newest posts and the next date of each event.

use super::{Body, Kind, Model, Sitemap, Sources, summaries_on_page, values};
use crate::model::calendar::Calendar;
use crate::model::routes;
use crate::render::RenderError;
use crate::render::html::to_value;
use crate::render::inputs::{Known, Shared};
use crate::render::page_meta::Subject;

/// How many coming dates the home page shows.
const HOME_OCCURRENCES: usize = 5;

#[derive(Clone)]
pub struct Home;

#[derive(Hash)]
pub struct Inputs<'a> {
    posts: Vec<Known<'a, tera::Value>>,
    calendar: Known<'a, Calendar>,
}

impl Kind for Home {
    type File = ();
    type Inputs<'a> = Inputs<'a>;

    fn plan(&self, _: Model) -> Vec<()> {
        vec![()]
    }

    fn path(&self, _: Model, _: &()) -> String {
        routes::HOME.to_owned()
    }

    /// Changed with the newest post.
    fn sitemap(&self, model: Model, _: &()) -> Sitemap {
        Sitemap::Listed {
            last_modified: model
                .site
                .posts
                .first()
                .map(|p| p.updated.unwrap_or(p.date)),
        }
    }

    fn inputs<'a>(&self, from: &'a Sources, _: &'a ()) -> Inputs<'a> {
        Inputs {
            posts: summaries_on_page(from, 0..from.site.posts.len(), 1),
            calendar: Known::calendar(from.site),
        }
    }

    fn render(shared: &Shared, path: &str, inputs: &Inputs) -> Result<Body, RenderError> {
        let mut context = shared.context(path);
        context.insert("meta".into(), shared.meta(&Subject::Home, path)?);
        context.insert("posts".into(), values(&inputs.posts));
        let upcoming = shared
            .calendar_views(&inputs.calendar)
            .next_of_each_event(HOME_OCCURRENCES);
        context.insert("upcoming".into(), to_value(&upcoming)?);
        Ok(Body::Text(shared.template("index.html", path, context)?))
    }
}
