//! Embeds the default theme in the binary, so that `treffpunkt init` works from an installed
//! binary in any folder: writes `default_theme.rs` listing each file with its bytes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const THEME: &str = "themes/default";

fn main() {
    // A folder here makes Cargo look at every file below it, added ones too.
    println!("cargo::rerun-if-changed={THEME}");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by Cargo"));
    let theme = manifest.join(THEME);
    let mut files = Vec::new();
    collect(&theme, &mut files);
    files.sort();
    let mut code = String::from("pub static DEFAULT_THEME: &[(&str, &[u8])] = &[\n");
    for file in files {
        let relative = file.strip_prefix(&theme).expect("below the theme");
        let name: Vec<String> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        let _ = writeln!(
            code,
            "    ({:?}, include_bytes!({:?})),",
            name.join("/"),
            file.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by Cargo"));
    std::fs::write(out.join("default_theme.rs"), code).expect("OUT_DIR is writable");
}

/// Every file below `dir`, leaving out what editors leave behind while saving.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let litter = name.starts_with('.') || name.ends_with('~') || name == "4913";
        if path.is_dir() {
            collect(&path, files);
        } else if !litter {
            files.push(path);
        }
    }
}
