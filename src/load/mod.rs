//! Loading the site's sources: `site.toml`, the content files, YAML, the theme, and the file
//! walking and encoding checks they share.

pub mod config;
pub mod content;
pub mod encoding;
pub mod front_matter;
pub mod image;
pub mod source_files;
pub mod static_files;
pub mod theme;
pub mod yaml;
