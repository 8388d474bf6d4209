//! What a renderer may read: the site-wide [`Shared`] part and [`Known`] inputs, each carrying
//! the fingerprint of what it holds, so that a file's fingerprint is the hash of its inputs.
//!
//! A kind's `render` receives `Shared` and its own `Inputs` value and nothing else (no `Site`),
//! and `Inputs` derives `Hash`: whatever `render` reads is in the fingerprint by construction.
//! The constructors of `Known` below are the only places that pair a value with its fingerprint.

use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::page_meta::Heads;
use super::views::Views;
use crate::load::config::SiteConfig;
use crate::load::content::{Page, Post};
use crate::load::static_files::StaticFile;
use crate::load::theme::Theme;
use crate::model::calendar::Calendar;
use crate::model::routes::TaxonomyKind;
use crate::model::site::Site;

/// An input read through a reference, hashed as the fingerprint of what it holds (a post's is
/// of its file, a summary's of the view it shows), so that hashing a file's inputs is cheap.
pub struct Known<'a, T: ?Sized> {
    value: &'a T,
    fingerprint: u64,
}

impl<T: ?Sized> Clone for Known<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Known<'_, T> {}

impl<T: ?Sized> Hash for Known<'_, T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.fingerprint.hash(state);
    }
}

impl<T: ?Sized> Deref for Known<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.value
    }
}

impl<'a, T: ?Sized> Known<'a, T> {
    /// The value itself, for as long as the source it was taken from.
    pub fn get(self) -> &'a T {
        self.value
    }
}

impl<'a> Known<'a, Post> {
    /// A post, by the fingerprint of its file's name and text.
    pub fn post(post: &'a Arc<Post>) -> Self {
        Known {
            value: post,
            fingerprint: post.fingerprint,
        }
    }
}

impl<'a> Known<'a, Page> {
    /// A page, by the fingerprint of its file's name and text.
    pub fn page(page: &'a Arc<Page>) -> Self {
        Known {
            value: page,
            fingerprint: page.fingerprint,
        }
    }
}

impl<'a> Known<'a, Calendar> {
    /// The calendar, by the fingerprint of every event file and the window.
    pub fn calendar(site: &'a Site) -> Self {
        Known {
            value: &site.calendar,
            fingerprint: site.calendar.fingerprint,
        }
    }
}

impl<'a> Known<'a, StaticFile> {
    /// A static file, by the fingerprint of its place, length and time of change.
    pub fn static_file(file: &'a StaticFile) -> Self {
        Known {
            value: file,
            fingerprint: file.fingerprint,
        }
    }
}

impl<'a> Known<'a, tera::Value> {
    /// The summary of post `index` (as listings show it), by the fingerprint of what it shows.
    pub fn summary(views: &'a Views, index: usize) -> Self {
        let summary = &views.summaries[index];
        Known {
            value: &summary.value,
            fingerprint: summary.shown,
        }
    }

    /// The view of term `index` of taxonomy `kind`, by the fingerprint of what it shows.
    pub fn term(views: &'a Views, kind: TaxonomyKind, index: usize) -> Self {
        let term = &views.terms[kind.index()][index];
        Known {
            value: &term.value,
            fingerprint: term.fingerprint,
        }
    }
}

/// What every file may read: the settings, the theme, the site view, the build time. Its
/// fingerprint is part of every file's, so a change to any of it renders everything anew.
pub struct Shared<'a> {
    pub config: &'a SiteConfig,
    pub theme: &'a Theme,
    /// What templates see as `site`.
    pub site_view: &'a tera::Value,
    pub now: DateTime<Utc>,
    /// What every page's `<head>` says of it besides its own part (the share image).
    pub heads: Heads<'a>,
    /// How share cards are drawn, when the theme draws them.
    pub cards: Option<super::share_card::Cards<'a>>,
    pub(super) fingerprint: u64,
}

impl<'a> Shared<'a> {
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        views: &'a Views,
        cards: &'a super::share_card::CardCache,
    ) -> Self {
        let heads = Heads::new(&site.config, theme);
        Shared {
            config: &site.config,
            theme,
            site_view: &views.site,
            now: site.now,
            fingerprint: super::fingerprint::of(&(views.site_fingerprint, heads.fingerprint)),
            heads,
            cards: theme
                .cards
                .as_deref()
                .map(|style| super::share_card::Cards::new(style, cards)),
        }
    }
}
