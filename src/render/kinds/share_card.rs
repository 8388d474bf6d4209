//! The share card of every post, page, event and date page without an image of its own,
//! published beside the page as `card.png` (its `og:image`), when the theme draws cards.

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::model::calendar::{Calendar, Listed};
use crate::model::routes::{self, DatePage};
use crate::render::RenderError;
use crate::render::inputs::{Known, Shared};
use crate::render::share_card::{CardText, Template};

#[derive(Clone)]
pub struct ShareCard;

/// The page a card is of, by its index in the site.
#[derive(Clone, Copy)]
pub enum Card {
    Post(usize),
    Page(usize),
    Event(usize),
    /// A date of a series with its own page.
    Date(Listed, DatePage),
}

/// What a card shows: a post's and a page's card only their title (and date), so that an edit
/// of the text does not make the card again.
#[derive(Hash)]
pub enum Inputs<'a> {
    Post {
        title: &'a str,
        date: &'a chrono::DateTime<chrono_tz::Tz>,
    },
    Page {
        title: &'a str,
    },
    Event {
        calendar: Known<'a, Calendar>,
        index: usize,
    },
    Date {
        calendar: Known<'a, Calendar>,
        listed: Listed,
    },
}

/// The site path of the page `card` is of.
pub fn page_path(model: Model, card: Card) -> String {
    let site = model.site;
    match card {
        Card::Post(index) => routes::post(&site.config, &site.posts[index].slug),
        Card::Page(index) => routes::page(&site.pages[index].slug),
        Card::Event(index) => routes::event(&site.config, &site.calendar.events[index].id),
        Card::Date(listed, date) => {
            routes::event_date(&site.config, &site.calendar.events[listed.event].id, date)
        }
    }
}

impl Kind for ShareCard {
    type File = Card;
    type Inputs<'a> = Inputs<'a>;

    fn plan(&self, model: Model) -> Vec<Card> {
        if model.theme.cards.is_none() {
            return Vec::new();
        }
        let site = model.site;
        let posts = (site.posts.iter().enumerate())
            .filter(|(_, post)| post.image.is_none())
            .map(|(index, _)| Card::Post(index));
        let pages = (site.pages.iter().enumerate())
            .filter(|(_, page)| page.image.is_none())
            .map(|(index, _)| Card::Page(index));
        let events = (site.calendar.events.iter().enumerate())
            .filter(|(_, event)| event.image.is_none())
            .map(|(index, _)| Card::Event(index));
        let calendar = &site.calendar;
        let dates = calendar
            .dated()
            .filter(|listed| calendar.events[listed.event].image.is_none())
            .filter_map(|listed| {
                let date = calendar.date_page(listed.event, listed.occurrence)?;
                Some(Card::Date(listed, date))
            });
        posts.chain(pages).chain(events).chain(dates).collect()
    }

    fn path(&self, model: Model, card: &Card) -> String {
        routes::share_card(&page_path(model, *card))
    }

    fn sitemap(&self, _: Model, _: &Card) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(&self, from: &'a Sources, card: &'a Card) -> Inputs<'a> {
        match *card {
            Card::Post(index) => Inputs::Post {
                title: &from.site.posts[index].title,
                date: &from.site.posts[index].date,
            },
            Card::Page(index) => Inputs::Page {
                title: &from.site.pages[index].title,
            },
            Card::Event(index) => Inputs::Event {
                calendar: Known::calendar(from.site),
                index,
            },
            Card::Date(listed, _) => Inputs::Date {
                calendar: Known::calendar(from.site),
                listed,
            },
        }
    }

    fn render(shared: &Shared, path: &str, inputs: &Inputs) -> Result<Body, RenderError> {
        let page = path.strip_suffix("card.png").unwrap_or(path);
        let ui = &shared.theme.ui;
        let png = match inputs {
            Inputs::Post { title, date } => shared.share_card(
                page,
                &CardText {
                    template: Template::Post,
                    kind: "post",
                    title,
                    date: Some(ui.format_date(date)),
                    time: None,
                    place: None,
                },
            )?,
            Inputs::Page { title } => shared.share_card(
                page,
                &CardText {
                    template: Template::Post,
                    kind: "page",
                    title,
                    date: None,
                    time: None,
                    place: None,
                },
            )?,
            Inputs::Event { calendar, index } => {
                let calendar = calendar.get();
                let event = &calendar.events[*index];
                // The next date, else (a past event) the last one the calendar lists.
                let listed = calendar
                    .upcoming()
                    .find(|listed| listed.event == *index)
                    .or_else(|| {
                        (calendar.listed.iter().rev())
                            .find(|listed| listed.event == *index)
                            .copied()
                    });
                let shown = listed.map(|listed| occurrence(shared, calendar, listed));
                event_card(shared, page, "event", &event.title, shown, event.location())?
            }
            Inputs::Date { calendar, listed } => {
                let calendar = calendar.get();
                let (_, date) = calendar.occurrence(*listed);
                let shown = occurrence(shared, calendar, *listed);
                let place = shown
                    .get("location")
                    .and_then(tera::Value::as_str)
                    .map(str::to_owned);
                event_card(
                    shared,
                    page,
                    "date",
                    &date.title,
                    Some(shown),
                    place.as_deref(),
                )?
            }
        };
        Ok(Body::Bytes(png))
    }
}

/// The view of the date `listed` as templates see it (`date_display`, `time_display`, …).
fn occurrence(shared: &Shared, calendar: &Calendar, listed: Listed) -> tera::Value {
    serde_json::to_value(shared.calendar_views(calendar).occurrence(listed)).unwrap_or_default()
}

/// The card of an event or one of its dates (`kind`), showing the date `shown` and `place`.
fn event_card(
    shared: &Shared,
    page: &str,
    kind: &'static str,
    title: &str,
    shown: Option<tera::Value>,
    place: Option<&str>,
) -> Result<Vec<u8>, RenderError> {
    let field = |name: &str| {
        shown
            .as_ref()
            .and_then(|view| view.get(name))
            .and_then(tera::Value::as_str)
            .map(str::to_owned)
    };
    shared.share_card(
        page,
        &CardText {
            template: Template::Event,
            kind,
            title,
            date: field("date_display"),
            time: field("time_display"),
            place,
        },
    )
}
