//! A taxonomy's overview, such as `/tags/`: every term with its count.

use super::{Body, Kind, Model, Sitemap, Sources, values};
use crate::model::routes::TaxonomyKind;
use crate::render::RenderError;
use crate::render::inputs::{Known, Shared};
use crate::render::page_meta::Subject;

/// The overview of one taxonomy.
#[derive(Clone)]
pub struct TaxonomyList(pub TaxonomyKind);

#[derive(Hash)]
pub struct Inputs<'a> {
    kind: TaxonomyKind,
    terms: Vec<Known<'a, tera::Value>>,
}

impl Kind for TaxonomyList {
    type File = ();
    type Inputs<'a> = Inputs<'a>;

    fn plan(&self, _: Model) -> Vec<()> {
        vec![()]
    }

    fn path(&self, _: Model, _: &()) -> String {
        self.0.path()
    }

    fn sitemap(&self, _: Model, _: &()) -> Sitemap {
        Sitemap::Listed {
            last_modified: None,
        }
    }

    fn inputs<'a>(&self, from: &'a Sources, _: &'a ()) -> Inputs<'a> {
        let kind = self.0;
        let terms = from.site.taxonomy(kind).terms.len();
        Inputs {
            kind,
            terms: (0..terms)
                .map(|i| Known::term(from.views, kind, i))
                .collect(),
        }
    }

    fn render(shared: &Shared, path: &str, inputs: &Inputs) -> Result<Body, RenderError> {
        let mut context = shared.context(path);
        let subject = Subject::TaxonomyList(inputs.kind);
        context.insert("meta".into(), shared.meta(&subject, path)?);
        let mut taxonomy = shared.taxonomy_value(inputs.kind);
        if let tera::Value::Object(fields) = &mut taxonomy {
            fields.insert("terms".into(), values(&inputs.terms));
        }
        context.insert("taxonomy".into(), taxonomy);
        Ok(Body::Text(shared.template(
            "taxonomy_list.html",
            path,
            context,
        )?))
    }
}
