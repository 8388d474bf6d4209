//! A page per date of a series, `/termine/<id>/2026-12-08/`, and its one-date calendar file
//! beside it, `/termine/<id>/2026-12-08.ics` ("add this date").

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::model::calendar::{Calendar, Listed};
use crate::model::routes::{self, DatePage};
use crate::render::RenderError;
use crate::render::html::to_value;
use crate::render::inputs::{Known, Shared};
use crate::render::page_meta::Subject;

/// A date of a series in the calendar window, and the name of its page.
pub struct Dated {
    listed: Listed,
    date: DatePage,
}

/// The dates of series that have pages.
fn dated(model: Model) -> Vec<Dated> {
    let calendar = &model.site.calendar;
    calendar
        .dated()
        .filter_map(|listed| {
            let date = calendar.date_page(listed.event, listed.occurrence)?;
            Some(Dated { listed, date })
        })
        .collect()
}

#[derive(Hash)]
pub struct Inputs<'a> {
    listed: Listed,
    date: DatePage,
    calendar: Known<'a, Calendar>,
}

fn inputs<'a>(from: &'a Sources, dated: &Dated) -> Inputs<'a> {
    Inputs {
        listed: dated.listed,
        date: dated.date,
        calendar: Known::calendar(from.site),
    }
}

/// `/termine/<id>/<YYYY-MM-DD>/`: the date's time, place, status, note and registration, the
/// series' description, the neighbouring dates and the ways to add it to a calendar.
#[derive(Clone)]
pub struct EventDate;

impl Kind for EventDate {
    type File = Dated;
    type Inputs<'a> = Inputs<'a>;

    fn plan(&self, model: Model) -> Vec<Dated> {
        dated(model)
    }

    fn path(&self, model: Model, dated: &Dated) -> String {
        let id = &model.site.calendar.events[dated.listed.event].id;
        routes::event_date(&model.site.config, id, dated.date)
    }

    fn sitemap(&self, _: Model, _: &Dated) -> Sitemap {
        Sitemap::Listed {
            last_modified: None,
        }
    }

    fn inputs<'a>(&self, from: &'a Sources, dated: &'a Dated) -> Inputs<'a> {
        inputs(from, dated)
    }

    fn render(shared: &Shared, path: &str, inputs: &Inputs) -> Result<Body, RenderError> {
        let calendar = inputs.calendar.get();
        let date = shared
            .calendar_views(calendar)
            .date(inputs.listed, inputs.date);
        let subject = Subject::Date {
            calendar,
            listed: inputs.listed,
            date: date.date_display(),
        };
        let mut context = shared.context(path);
        context.insert("meta".into(), shared.meta(&subject, path)?);
        context.insert("date".into(), to_value(&date)?);
        Ok(Body::Text(shared.template("date.html", path, context)?))
    }
}

/// `/termine/<id>/<YYYY-MM-DD>.ics`: that one date, changes applied.
#[derive(Clone)]
pub struct EventDateIcs;

impl Kind for EventDateIcs {
    type File = Dated;
    type Inputs<'a> = Inputs<'a>;

    fn plan(&self, model: Model) -> Vec<Dated> {
        dated(model)
    }

    fn path(&self, model: Model, dated: &Dated) -> String {
        let id = &model.site.calendar.events[dated.listed.event].id;
        routes::event_date_ics(&model.site.config, id, dated.date)
    }

    fn sitemap(&self, _: Model, _: &Dated) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(&self, from: &'a Sources, dated: &'a Dated) -> Inputs<'a> {
        inputs(from, dated)
    }

    fn render(shared: &Shared, _: &str, inputs: &Inputs) -> Result<Body, RenderError> {
        Ok(Body::Text(shared.date_ics(
            inputs.calendar.get(),
            inputs.listed,
            inputs.date,
        )))
    }
}
