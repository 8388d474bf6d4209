//! The one integration-test binary: builds fixture sites in temporary folders with the real
//! `treffpunkt` binary and checks what came out.

mod authoring;
mod blog;
mod calendar;
mod errors;
mod files;
mod hostile;
mod limits;
mod messages;
mod reporting;
mod serve;
mod structured;
mod suite;
mod support;
