//! The commands of the command line, each running the pipeline or a part of it and reporting
//! the outcome: `build`, `check`, `events`, `init`/`new` (scaffold) and `serve`.

pub mod build;
pub mod check;
pub mod events;
pub mod links;
pub mod scaffold;
pub mod serve;
