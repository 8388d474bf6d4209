//! `/…/page/1/` of every listing, which sends readers to the listing's first page, as Hugo and
//! Zola do.

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::model::routes::{self, TaxonomyKind};
use crate::render::RenderError;
use crate::render::escape::escape_markup;
use crate::render::inputs::Shared;

/// The redirects of the blog's listing (`None`) or of a taxonomy's terms.
#[derive(Clone)]
pub struct FirstPageRedirect(pub Option<TaxonomyKind>);

/// The listing's first page.
pub struct Redirect {
    to: String,
}

impl Kind for FirstPageRedirect {
    type File = Redirect;
    type Inputs<'a> = &'a str;

    fn plan(&self, model: Model) -> Vec<Redirect> {
        let site = model.site;
        match self.0 {
            None => vec![Redirect {
                to: routes::blog(&site.config),
            }],
            Some(kind) => site
                .taxonomy(kind)
                .terms
                .iter()
                .map(|term| Redirect {
                    to: kind.term_path(&term.slug),
                })
                .collect(),
        }
    }

    fn path(&self, _: Model, redirect: &Redirect) -> String {
        format!("{}page/1/", redirect.to)
    }

    fn sitemap(&self, _: Model, _: &Redirect) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(&self, _: &'a Sources, redirect: &'a Redirect) -> &'a str {
        &redirect.to
    }

    fn render(shared: &Shared, _: &str, to: &&str) -> Result<Body, RenderError> {
        let target = escape_markup(&shared.config.base_url.join(to));
        let language = escape_markup(&shared.config.language);
        Ok(Body::Text(format!(
            "<!doctype html>\n<html lang=\"{language}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{target}</title>\
             <link rel=\"canonical\" href=\"{target}\"><meta name=\"robots\" content=\"noindex\">\
             <meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
             <body><a href=\"{target}\">{target}</a></body></html>\n"
        )))
    }
}
