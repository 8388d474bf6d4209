//! A month of the calendar, such as `/termine/2026/03/`: a grid of weeks and a list.

use chrono::NaiveDate;

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::model::calendar::Calendar;
use crate::model::routes;
use crate::render::RenderError;
use crate::render::html::to_value;
use crate::render::inputs::{Known, Shared};
use crate::render::page_meta::Subject;

#[derive(Clone)]
pub struct CalendarMonth;

#[derive(Hash)]
pub struct Inputs<'a> {
    first_day: NaiveDate,
    calendar: Known<'a, Calendar>,
}

impl Kind for CalendarMonth {
    /// The month's first day.
    type File = NaiveDate;
    type Inputs<'a> = Inputs<'a>;

    fn plan(&self, model: Model) -> Vec<NaiveDate> {
        model.site.calendar.window.months().collect()
    }

    fn path(&self, model: Model, first_day: &NaiveDate) -> String {
        routes::calendar_month(&model.site.config, *first_day)
    }

    fn sitemap(&self, _: Model, _: &NaiveDate) -> Sitemap {
        Sitemap::Listed {
            last_modified: None,
        }
    }

    fn inputs<'a>(&self, from: &'a Sources, first_day: &'a NaiveDate) -> Inputs<'a> {
        Inputs {
            first_day: *first_day,
            calendar: Known::calendar(from.site),
        }
    }

    fn render(shared: &Shared, path: &str, inputs: &Inputs) -> Result<Body, RenderError> {
        let month = shared
            .calendar_views(&inputs.calendar)
            .month(inputs.first_day);
        let mut context = shared.context(path);
        let name = shared
            .theme
            .ui
            .format(&inputs.first_day, &shared.theme.ui.month_format);
        context.insert(
            "meta".into(),
            shared.meta(&Subject::CalendarMonth(&name), path)?,
        );
        context.insert("month".into(), to_value(&month)?);
        Ok(Body::Text(shared.template(
            "calendar_month.html",
            path,
            context,
        )?))
    }
}
