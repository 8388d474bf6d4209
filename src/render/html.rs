//! HTML pages through the theme's templates: the context every page has, the views several
//! kinds share (paginator, taxonomy, calendar, iCalendar feeds), and a template's errors as
//! diagnostics.

use super::RenderError;
use super::calendar_views::CalendarViews;
use super::inputs::Shared;
use super::views;
use crate::diagnostic::Diagnostic;
use crate::model::calendar::event::Event;
use crate::model::calendar::{Calendar, Listed};
use crate::model::routes::{self, DatePage, TaxonomyKind};

/// A template's variables.
pub type Context = tera::Map<String, tera::Value>;

impl Shared<'_> {
    /// What every page's template sees: the site, the strings, the page's own address.
    pub fn context(&self, path: &str) -> Context {
        let mut context = tera::Map::new();
        context.insert("site".into(), self.site_view.clone());
        context.insert("t".into(), self.theme.ui.strings.clone());
        context.insert("current_url".into(), self.config.base_url.join(path).into());
        context.insert("current_path".into(), path.into());
        context
    }

    /// A feed's or calendar's title: the site's title, then `name`.
    pub fn titled(&self, name: &str) -> String {
        format!(
            "{}{}{name}",
            self.config.title, self.theme.ui.title_separator
        )
    }

    pub fn calendar_views<'c>(&'c self, calendar: &'c Calendar) -> CalendarViews<'c> {
        CalendarViews::new(self.config, calendar, &self.theme.ui)
    }

    /// An iCalendar feed called `name` of `events` from `calendar`.
    pub fn ics(&self, calendar: &Calendar, name: &str, events: &[&Event]) -> String {
        let views = self.calendar_views(calendar);
        let event_url = |event: &Event| views.event_url(event);
        let feed = super::ics::Feed {
            name,
            site_zone: self.config.timezone,
            stamp: self.now,
            host: self.config.base_url.host(),
            event_url: &event_url,
            until: calendar.window.end,
        };
        super::ics::calendar(&feed, events)
    }

    /// The one-date calendar of `listed`, which has a date page (its `URL`).
    pub fn date_ics(&self, calendar: &Calendar, listed: Listed, date: DatePage) -> String {
        let (event, occurrence) = calendar.occurrence(listed);
        let page = self
            .config
            .base_url
            .join(&routes::event_date(self.config, &event.id, date));
        let event_url = |_: &Event| page.clone();
        let name = self.titled(&occurrence.title);
        let feed = super::ics::Feed {
            name: &name,
            site_zone: self.config.timezone,
            stamp: self.now,
            host: self.config.base_url.host(),
            event_url: &event_url,
            until: calendar.window.end,
        };
        super::ics::occurrence(&feed, event, occurrence, date)
    }

    /// What a taxonomy's pages see as `taxonomy`.
    pub fn taxonomy_value(&self, kind: TaxonomyKind) -> tera::Value {
        let mut fields = tera::Map::new();
        fields.insert("kind".into(), kind.name().into());
        fields.insert("url".into(), self.config.base_url.join(&kind.path()).into());
        tera::Value::Object(fields)
    }

    /// The navigation of page `page` of `pages` of a listing of `items` whose first page is `first`.
    pub fn paginator(
        &self,
        first: &str,
        page: usize,
        pages: usize,
        items: usize,
    ) -> Result<tera::Value, RenderError> {
        to_value(&views::paginator(
            first,
            &self.config.base_url,
            page,
            pages,
            items,
        ))
    }

    /// The page at `path` made by the template `name` from `context`.
    pub fn template(
        &self,
        name: &str,
        path: &str,
        context: Context,
    ) -> Result<String, RenderError> {
        let page = tera::Context::from_value(tera::Value::Object(context))
            .map_err(|error| self.template_failed(name, path, error, &tera::Value::Null))?;
        // The page's variables are copied only when rendering fails, for the "did you mean".
        crate::load::theme::render_page(&self.theme.tera, name, &page)
            .map_err(|error| self.template_failed(name, path, error, &page.clone().into_json()))
    }

    fn template_failed(
        &self,
        name: &str,
        path: &str,
        error: tera::Error,
        context: &tera::Value,
    ) -> RenderError {
        let theme = self.theme;
        let Some(key) = crate::load::theme::missing_string(&error) else {
            return RenderError::Templates(
                crate::load::theme::render_diagnostic(theme, name, &error, context, path).into(),
            );
        };
        let file = theme
            .template_files
            .get(name)
            .map_or_else(|| name.into(), |(file, _)| file.clone());
        let diagnostic = Diagnostic::new(
            &theme.ui.file,
            format!(
                "the [strings] table has no `{key}`, which the template {} (or one it extends or includes) uses",
                file.display()
            ),
        )
        .with_help(format!(
            "add {key} = \"…\" under [strings], translated from another file of i18n/ (this happened while rendering {path})"
        ));
        RenderError::Templates(diagnostic.into())
    }
}

pub fn to_value(value: &impl serde::Serialize) -> Result<tera::Value, RenderError> {
    tera::to_value(value).map_err(|error| {
        // The views are Treffpunkt's own types, so a value that has no JSON form is a bug.
        RenderError::Internal(format!("the data for a template has no JSON form: {error}"))
    })
}
