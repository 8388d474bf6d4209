//! The share card of every post, page and event without an image of its own, published beside
//! the page as `card.png` (its `og:image`), when the theme draws cards.

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::load::content::{Page, Post};
use crate::model::calendar::Calendar;
use crate::model::routes;
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
}

#[derive(Hash)]
pub enum Inputs<'a> {
    Post(Known<'a, Post>),
    Page(Known<'a, Page>),
    Event {
        calendar: Known<'a, Calendar>,
        index: usize,
    },
}

/// The site path of the page `card` is of.
pub fn page_path(model: Model, card: Card) -> String {
    let site = model.site;
    match card {
        Card::Post(index) => routes::post(&site.config, &site.posts[index].slug),
        Card::Page(index) => routes::page(&site.pages[index].slug),
        Card::Event(index) => routes::event(&site.config, &site.calendar.events[index].id),
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
        posts.chain(pages).chain(events).collect()
    }

    fn path(&self, model: Model, card: &Card) -> String {
        routes::share_card(&page_path(model, *card))
    }

    fn sitemap(&self, _: Model, _: &Card) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(&self, from: &'a Sources, card: &'a Card) -> Inputs<'a> {
        match *card {
            Card::Post(index) => Inputs::Post(Known::post(&from.site.posts[index])),
            Card::Page(index) => Inputs::Page(Known::page(&from.site.pages[index])),
            Card::Event(index) => Inputs::Event {
                calendar: Known::calendar(from.site),
                index,
            },
        }
    }

    fn render(shared: &Shared, path: &str, inputs: &Inputs) -> Result<Body, RenderError> {
        let page = path.strip_suffix("card.png").unwrap_or(path);
        let ui = &shared.theme.ui;
        let png = match inputs {
            Inputs::Post(post) => shared.share_card(
                page,
                &CardText {
                    template: Template::Post,
                    kind: "post",
                    title: &post.title,
                    date: Some(ui.format_date(&post.date)),
                    time: None,
                    place: None,
                },
            )?,
            Inputs::Page(page_of) => shared.share_card(
                page,
                &CardText {
                    template: Template::Post,
                    kind: "page",
                    title: &page_of.title,
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
                let shown = listed.map(|listed| {
                    let view = shared.calendar_views(calendar).occurrence(listed);
                    serde_json::to_value(view).unwrap_or_default()
                });
                let field = |name: &str| {
                    shown
                        .as_ref()
                        .and_then(|view| view.get(name))
                        .and_then(|value| value.as_str())
                        .map(str::to_owned)
                };
                shared.share_card(
                    page,
                    &CardText {
                        template: Template::Event,
                        kind: "event",
                        title: &event.title,
                        date: field("date_display"),
                        time: field("time_display"),
                        place: event.location(),
                    },
                )?
            }
        };
        Ok(Body::Bytes(png))
    }
}
