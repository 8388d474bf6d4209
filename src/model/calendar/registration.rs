//! Signing up for an event: `registration:` on an event and on its changes, read into
//! validated [`Registration`] terms, and for each occurrence when registering closes.

use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::code::Currency;
use super::event::LocalInput;
use super::when::{Length, resolve_local};
use crate::diagnostic::Diagnostic;
use crate::load::front_matter::deserialize_parsed;

/// `registration:` as written; a change's entry replaces only the keys it gives.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegistration {
    pub url: Option<String>,
    pub email: Option<String>,
    pub deadline: Option<RawDeadline>,
    pub price: Option<Amount>,
    pub currency: Option<Currency>,
    pub full: Option<bool>,
}

impl RawRegistration {
    /// `self`'s keys where given, else `base`'s.
    pub fn over(&self, base: &RawRegistration) -> RawRegistration {
        RawRegistration {
            url: self.url.clone().or_else(|| base.url.clone()),
            email: self.email.clone().or_else(|| base.email.clone()),
            deadline: self.deadline.or(base.deadline),
            price: self.price.or(base.price),
            currency: self.currency.or(base.currency),
            full: self.full.or(base.full),
        }
    }
}

/// A number as written for `price`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount(f64);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Number;
        impl Visitor<'_> for Number {
            type Value = Amount;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number such as 25 or 12.50")
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Amount, E> {
                Ok(Amount(value))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Amount, E> {
                Ok(Amount(value as f64))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Amount, E> {
                Ok(Amount(value as f64))
            }
        }
        deserializer.deserialize_any(Number)
    }
}

/// `deadline:` as written: a length of time before each date, or a local date and time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RawDeadline {
    Before(Length),
    At(NaiveDateTime),
}

const DEADLINE_FORMS: &str =
    "a time before each date such as 2d or 12h, or a date and time such as 2027-01-12 18:00";

impl RawDeadline {
    fn parse(text: &str) -> Result<RawDeadline, String> {
        if let Ok(length) = Length::parse(text) {
            return Ok(RawDeadline::Before(length));
        }
        match LocalInput::parse(text) {
            Some(LocalInput::DateTime(local)) => Ok(RawDeadline::At(local)),
            Some(LocalInput::Day(_)) => Err(format!(
                "the deadline `{}` needs a time of day; write e.g. `{} 18:00`, or {DEADLINE_FORMS}",
                text.trim(),
                text.trim()
            )),
            _ => Err(format!(
                "`{}` is not a deadline; expected {DEADLINE_FORMS}",
                text.trim()
            )),
        }
    }
}

impl<'de> Deserialize<'de> for RawDeadline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_parsed(deserializer, "a deadline", RawDeadline::parse)
    }
}

/// Where people sign up.
#[derive(Debug, Clone, PartialEq)]
pub enum Signup {
    /// A ticket shop or a form.
    Url(String),
    /// An address to write to.
    Email(String),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Deadline {
    Before(Length),
    At(DateTime<Tz>),
}

/// A price in hundredths of its currency: no rounding surprises in print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Price {
    pub cents: u64,
    pub currency: Currency,
}

impl Price {
    pub fn is_free(&self) -> bool {
        self.cents == 0
    }

    /// "25" or "12,50" with `separator` before the decimals.
    pub fn amount_text(&self, separator: &str) -> String {
        let (whole, cents) = (self.cents / 100, self.cents % 100);
        if cents == 0 {
            whole.to_string()
        } else {
            format!("{whole}{separator}{cents:02}")
        }
    }
}

/// The amount as a JSON number: 25, or 12.5.
impl Serialize for Price {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.cents.is_multiple_of(100) {
            serializer.serialize_u64(self.cents / 100)
        } else {
            serializer.serialize_f64(self.cents as f64 / 100.0)
        }
    }
}

/// The validated terms of signing up for one or more occurrences.
#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    pub signup: Signup,
    pub deadline: Option<Deadline>,
    pub price: Option<Price>,
    /// Booked out: "ausgebucht".
    pub full: bool,
}

/// The highest price written: more is a typo, and stays exact in hundredths.
const MAX_PRICE: f64 = 1_000_000_000.0;

/// Reads `raw` for occurrences in `zone` whose earliest start is `first_start`. `at(key,
/// message)` places a problem at a key of the `registration` map (`""` for the map itself).
pub fn resolve(
    raw: &RawRegistration,
    zone: Tz,
    first_start: DateTime<Tz>,
    at: &dyn Fn(&str, String) -> Diagnostic,
) -> Result<Registration, Diagnostic> {
    let signup = match (&raw.url, &raw.email) {
        (Some(_), Some(_)) => {
            return Err(at("email", "`registration` gives both `url` and `email`".to_owned())
                .with_help("keep the one people should use: `url` for a ticket or form page, `email` for a sign-up by e-mail"));
        }
        (None, None) => {
            return Err(at(
                "",
                "`registration` needs a `url` or an `email` to sign up with".to_owned(),
            )
            .with_help(
                "add `url: https://…` (a ticket or form page) or `email: anmeldung@example.org`",
            ));
        }
        (Some(url), None) => {
            let url = url.trim();
            if !(url.starts_with("https://") || url.starts_with("http://"))
                || url.contains(char::is_whitespace)
            {
                return Err(at("url", format!("`{url}` is not a web address"))
                    .with_help("write the whole address of the ticket or form page, starting with https://"));
            }
            Signup::Url(url.to_owned())
        }
        (None, Some(email)) => {
            let email = email.trim();
            if !is_email_address(email) {
                return Err(at("email", format!("`{email}` is not an e-mail address"))
                    .with_help("write it as name@example.org"));
            }
            Signup::Email(email.to_owned())
        }
    };
    let price = match (raw.price, raw.currency) {
        (None, None) => None,
        (None, Some(currency)) => {
            return Err(at(
                "currency",
                format!("`currency: {currency}` is given without a `price`"),
            )
            .with_help("add `price: 25` (or `price: 0` when it is free), or remove `currency`"));
        }
        (Some(Amount(amount)), currency) => Some(Price {
            cents: price_cents(amount)
                .map_err(|(message, help)| at("price", message).with_help(help))?,
            currency: currency.unwrap_or_else(|| {
                Currency::parse("EUR").unwrap_or_else(|_| unreachable!("EUR has three letters"))
            }),
        }),
    };
    let deadline = match raw.deadline {
        None => None,
        Some(RawDeadline::Before(length)) => Some(Deadline::Before(length)),
        Some(RawDeadline::At(local)) => {
            let deadline = resolve_local(zone, local);
            if deadline > first_start {
                return Err(at(
                    "deadline",
                    format!(
                        "the deadline {} is after the start of the event on {}",
                        local.format("%Y-%m-%d %H:%M"),
                        first_start.naive_local().format("%Y-%m-%d %H:%M")
                    ),
                )
                .with_help(
                    "give a deadline before the start, or a time before each date such as `2d`",
                ));
            }
            Some(Deadline::At(deadline))
        }
    };
    Ok(Registration {
        signup,
        deadline,
        price,
        full: raw.full.unwrap_or(false),
    })
}

/// The amount in hundredths, or why it is no price.
fn price_cents(amount: f64) -> Result<u64, (String, &'static str)> {
    if amount < 0.0 {
        return Err((
            format!("the price {amount} is negative"),
            "write what one ticket costs, or `price: 0` when it is free",
        ));
    }
    if amount.is_nan() {
        return Err((
            "the price is not a number".to_owned(),
            "write what one ticket costs, e.g. 25 or 12.50",
        ));
    }
    if amount > MAX_PRICE {
        return Err((
            format!("the price {amount} is too large"),
            "write what one ticket costs, at most 1000000000",
        ));
    }
    let cents = (amount * 100.0).round();
    if (amount * 100.0 - cents).abs() > 1e-6 {
        return Err((
            format!("the price {amount} has more than two decimal places"),
            "write the price in the currency's units with at most two decimals, e.g. 12.50",
        ));
    }
    // Within 0..=1e11 after the checks above, so exact as an integer.
    Ok(cents as u64)
}

/// Whether `email` can be an address: it becomes a `mailto:` link, so it must at least look
/// like one.
pub fn is_email_address(email: &str) -> bool {
    email.split_once('@').is_some_and(|(name, domain)| {
        !name.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.contains(char::is_whitespace)
            && !domain.contains('@')
    })
}

/// The terms for one occurrence, and when registering for it closes.
#[derive(Debug, Clone, PartialEq)]
pub struct OccurrenceRegistration {
    pub terms: Arc<Registration>,
    /// The deadline, or the start when there is none.
    pub closes: DateTime<Tz>,
}

/// Whether people can sign up, as of one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationState {
    Open,
    Closed,
    Full,
}

impl OccurrenceRegistration {
    pub fn new(terms: Arc<Registration>, start: DateTime<Tz>) -> Self {
        let closes = match terms.deadline {
            None => start,
            Some(Deadline::At(deadline)) => deadline,
            // On the wall clock, as people count: a week before 14:00 is 14:00, also across a
            // change of the clocks.
            Some(Deadline::Before(length)) => {
                resolve_local(start.timezone(), start.naive_local() - length.0)
            }
        };
        OccurrenceRegistration { terms, closes }
    }

    /// The deadline as an instant, when one is given.
    pub fn deadline(&self) -> Option<DateTime<Tz>> {
        self.terms.deadline.map(|_| self.closes)
    }

    pub fn state(&self, now: DateTime<Utc>) -> RegistrationState {
        if self.terms.full {
            RegistrationState::Full
        } else if now >= self.closes {
            RegistrationState::Closed
        } else {
            RegistrationState::Open
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_kept_in_hundredths_and_written_as_given() {
        let euro = Currency::parse("EUR").unwrap();
        let price = |amount: f64| {
            price_cents(amount).map(|cents| Price {
                cents,
                currency: euro,
            })
        };
        let half = price(189.5).unwrap();
        assert_eq!(half.cents, 18950);
        assert_eq!(half.amount_text(","), "189,50");
        assert_eq!(serde_json::to_string(&half).unwrap(), "189.5");
        let whole = price(25.0).unwrap();
        assert_eq!(
            (
                whole.amount_text(","),
                serde_json::to_string(&whole).unwrap()
            ),
            ("25".to_owned(), "25".to_owned())
        );
        assert!(price(0.0).unwrap().is_free());
        // 0.1 + 0.2 is not 0.3 in binary, but it is 30 cents.
        assert_eq!(price(0.1 + 0.2).unwrap().cents, 30);
        assert_eq!(price(f64::NAN).unwrap_err().0, "the price is not a number");
        assert_eq!(
            price(2e9).unwrap_err().0,
            "the price 2000000000 is too large"
        );
    }
}
