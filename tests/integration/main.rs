//! The one integration-test binary: sites in temporary folders, checked through the library
//! where the test is about a function and through the real `treffpunkt` binary where it is about
//! a command (see `support` for how to write a test).

mod authoring;
mod blog;
mod bundles;
mod calendar;
mod cards;
mod clock;
mod dates;
mod errors;
mod files;
mod hostile;
mod images;
mod limits;
mod messages;
mod places;
mod reporting;
mod serve;
mod structured;
mod suite;
mod support;
