//! The site model: posts and pages as a site with taxonomies, its URL scheme and slugs, and the
//! event calendar with its recurrence rules and time.

pub mod calendar;
pub mod routes;
pub mod site;
pub mod slug;
