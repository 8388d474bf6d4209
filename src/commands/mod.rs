//! The commands besides the pipeline itself: `check`, `events`, `init`/`new` (scaffold) and
//! `serve`.

pub mod check;
pub mod events;
pub mod links;
pub mod scaffold;
pub mod serve;
