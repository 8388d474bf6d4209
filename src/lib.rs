//! Treffpunkt, a static-site generator for networking blogs and their event calendars: the
//! pipeline load → model → render → output, and the commands that drive it.

pub mod commands;
pub mod diagnostic;
pub mod images;
pub mod load;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod terminal;
