//! A post's page: its summary view with the full text and share links, and its neighbours.

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::load::content::Post;
use crate::model::routes;
use crate::render::RenderError;
use crate::render::html::to_value;
use crate::render::inputs::{Known, Shared};
use crate::render::page_meta::Subject;
use crate::render::views;

#[derive(Clone)]
pub struct PostPage;

#[derive(Hash)]
pub struct Inputs<'a> {
    post: Known<'a, Post>,
    summary: Known<'a, tera::Value>,
    /// The older post, shown as "previous".
    previous: Option<Known<'a, tera::Value>>,
    next: Option<Known<'a, tera::Value>>,
}

impl Kind for PostPage {
    /// The post's index in `Site::posts` (newest first).
    type File = usize;
    type Inputs<'a> = Inputs<'a>;

    fn plan(&self, model: Model) -> Vec<usize> {
        (0..model.site.posts.len()).collect()
    }

    fn path(&self, model: Model, index: &usize) -> String {
        routes::post(&model.site.config, &model.site.posts[*index].slug)
    }

    fn sitemap(&self, model: Model, index: &usize) -> Sitemap {
        let post = &model.site.posts[*index];
        Sitemap::Listed {
            last_modified: Some(post.updated.unwrap_or(post.date)),
        }
    }

    fn inputs<'a>(&self, from: &'a Sources, index: &'a usize) -> Inputs<'a> {
        let summary = |i: Option<usize>| {
            i.filter(|&i| i < from.site.posts.len())
                .map(|i| Known::summary(from.views, i))
        };
        Inputs {
            post: Known::post(&from.site.posts[*index]),
            summary: Known::summary(from.views, *index),
            previous: summary(index.checked_add(1)),
            next: summary(index.checked_sub(1)),
        }
    }

    fn render(shared: &Shared, path: &str, inputs: &Inputs) -> Result<Body, RenderError> {
        let post = inputs.post.get();
        let mut view = inputs.summary.get().clone();
        if let tera::Value::Object(fields) = &mut view {
            fields.insert("content".into(), post.html.clone().into());
            let image = views::front_image(shared.config, post.image.as_ref(), &post.title);
            fields.insert("image".into(), to_value(&image)?);
            let url = shared.config.base_url.join(path);
            let share = views::share_links(&url, &post.title, &shared.theme.ui);
            fields.insert("share".into(), to_value(&share)?);
        }
        let neighbour = |summary: Option<Known<tera::Value>>| {
            summary.map_or(tera::Value::Null, |summary| summary.get().clone())
        };
        let mut context = shared.context(path);
        context.insert("meta".into(), shared.meta(&Subject::Post(post), path)?);
        context.insert("post".into(), view);
        context.insert("previous".into(), neighbour(inputs.previous));
        context.insert("next".into(), neighbour(inputs.next));
        Ok(Body::Text(shared.template("post.html", path, context)?))
    }
}
