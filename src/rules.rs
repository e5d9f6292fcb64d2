//! Rule tables: the data in grammars/*.toml, loaded once.
//!
//! Every table is a TOML file whose top-level keys hold arrays of entries.
//! The built-in tables are embedded at build time; `--grammars DIR` (see
//! [`set_overlay`]) adds a user's own entries: for every top-level array in a
//! user file of the same name, the user's entries come FIRST (so they win
//! where a lookup takes the first match) and the built-in ones follow.
//!
//! Typed access: `rules::load::<MyTable>("name")` deserialises a table; each
//! extractor keeps its typed table in a `OnceLock`.

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use std::sync::OnceLock;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/grammars.rs"));
}

static OVERLAY: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Sets the overlay directory. Call before the first table is loaded; later
/// calls are ignored (tables are loaded once).
pub fn set_overlay(dir: Option<PathBuf>) {
    let _ = OVERLAY.set(dir);
}

fn overlay() -> Option<&'static PathBuf> {
    OVERLAY.get_or_init(|| None).as_ref()
}

/// Names of the built-in tables.
pub fn names() -> impl Iterator<Item = &'static str> {
    embedded::EMBEDDED.iter().map(|(n, _)| *n)
}

/// The built-in TOML source of a table.
pub fn builtin_source(name: &str) -> Option<&'static str> {
    embedded::EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
}

fn parse(file: &str, src: &str) -> Result<toml::Table> {
    src.parse::<toml::Table>().map_err(|e| {
        let line = e
            .span()
            .map(|s| src[..s.start.min(src.len())].lines().count().max(1))
            .unwrap_or(1);
        Error::grammar(file, line, e.message().to_string())
    })
}

/// The merged TOML of a table: overlay entries first, then built-in ones.
pub fn merged(name: &str) -> Result<toml::Table> {
    let builtin = builtin_source(name).ok_or_else(|| {
        Error::grammar(
            &format!("grammars/{name}.toml"),
            1,
            "no such built-in table",
        )
    })?;
    let mut table = parse(&format!("grammars/{name}.toml"), builtin)?;
    if let Some(dir) = overlay() {
        let path = dir.join(format!("{name}.toml"));
        if path.exists() {
            let file = path.display().to_string();
            let src = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, &e))?;
            let user = parse(&file, &src)?;
            for (key, value) in user {
                match (table.get_mut(&key), value) {
                    (Some(toml::Value::Array(base)), toml::Value::Array(mut add)) => {
                        add.append(base);
                        *base = add;
                    }
                    (Some(_), v) => {
                        let line = line_of_key(&src, &key);
                        if !v.is_array() {
                            return Err(Error::grammar(
                                &file,
                                line,
                                format!(
                                    "`{key}` must be an array of entries, like the built-in table"
                                ),
                            ));
                        }
                    }
                    (None, v) => {
                        table.insert(key, v);
                    }
                }
            }
        }
    }
    Ok(table)
}

fn line_of_key(src: &str, key: &str) -> usize {
    src.lines()
        .position(|l| l.trim_start().starts_with(key) || l.contains(&format!("[[{key}]]")))
        .map_or(1, |i| i + 1)
}

/// Loads and deserialises a table. Errors name the file and entry.
pub fn load<T: DeserializeOwned>(name: &str) -> Result<T> {
    let table = merged(name)?;
    T::deserialize(toml::Value::Table(table)).map_err(|e| {
        let file = match overlay() {
            Some(d) if d.join(format!("{name}.toml")).exists() => {
                d.join(format!("{name}.toml")).display().to_string()
            }
            _ => format!("grammars/{name}.toml"),
        };
        Error::grammar(&file, 1, e.to_string())
    })
}

/// Loads a table or panics with the error: for built-in tables, whose
/// validity `cargo test` proves (see tests::every_builtin_table_parses).
/// With an overlay the CLI validates every table up front (see
/// [`validate_all`]) so this cannot fire on user input.
pub fn load_or_die<T: DeserializeOwned>(name: &str) -> T {
    match load(name) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    }
}

/// Parses every built-in table with its overlay; the CLI calls this before
/// a run so a bad user table is reported once, clearly.
pub fn validate_all() -> Result<()> {
    for n in names() {
        merged(n)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_table_parses() {
        for n in names() {
            merged(n).unwrap_or_else(|e| panic!("{n}: {e}"));
        }
    }
}
