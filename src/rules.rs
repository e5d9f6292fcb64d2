//! Rule tables: the data in grammars/*.toml, as one value of type
//! [`Grammars`].
//!
//! Every table is a TOML file whose top-level keys hold arrays of entries.
//! The built-in tables are embedded at build time ([`Grammars::builtin`]);
//! an overlay folder (`--grammars DIR`, [`Grammars::load`]) adds a user's
//! own entries: for every top-level array in a user file of the same name,
//! the user's entries come FIRST (so they win where a lookup takes the first
//! match) and the built-in ones follow.
//!
//! A `Grammars` is a cheap handle (`Copy`) to the tables of one run. Each
//! stage reads its typed table and the automata it builds from it through
//! [`Grammars::cached`]: built once per `Grammars`, on first use, in the
//! stage's own [`Slot`]. [`Grammars::load`] fills every slot before any
//! file is read, so a table that does not fit its type, a pattern that does
//! not compile or an example that does not read is an error with its file,
//! line and column, never a panic in the middle of a run.

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use std::any::Any;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/grammars.rs"));
}

/// Tables a user overlay may not change: a character map is not a list of
/// words, and a wrong entry would garble every legacy-encoded file.
const FIXED: &[&str] = &["encodings"];

/// The place of each stage's built value in a [`Grammars`]: one per typed
/// table or automaton built from tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Columns,
    ColumnMatcher,
    TableKinds,
    TableCaptions,
    OutlineNamed,
    CitationKinds,
    Issuers,
    IssuerHeads,
    LawWords,
    NamedWords,
    PageChrome,
    RelationTriggers,
    Laws,
    KindWords,
    DocumentForms,
    SignatureLines,
    TitleEnds,
    DocumentBodies,
    BodyUnitRegex,
    BodyUnitRegexes,
    KindMarks,
    Kinds,
    Provinces,
    ProvinceMentions,
    Districts,
    Communes,
    Units,
    Periods,
    PeriodSteps,
    SignerRoles,
    SignaturePrefixes,
    Indicators,
    IndicatorRules,
    GoalRules,
    GoalRuleIds,
    GoalWordCount,
    TargetYears,
    CellFigures,
    Areas,
    AreaKeywords,
    AreaIds,
    Encodings,
    Timelines,
    Comparators,
    ComparatorWords,
    GluedCodes,
    CitationWords,
    PlaceWords,
    NamedLists,
    RelationWords,
}

impl Slot {
    const COUNT: usize = Slot::RelationWords as usize + 1;
}

/// The rule tables of a run: the built-in ones, with an overlay's entries
/// when one was loaded. A cheap handle; every copy reads the same tables.
///
/// ```
/// let g = vanban::Grammars::load(None).unwrap();
/// let text = "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;";
/// let out = vanban::extract_bytes(&g, "x.txt", text.as_bytes(), &Default::default()).unwrap();
/// assert_eq!(out.citations[0].number.as_deref(), Some("76/NQ-CP"));
/// ```
#[derive(Clone, Copy)]
pub struct Grammars(&'static Tables);

struct Tables {
    /// The overlay folder, when there is one.
    overlay: Option<PathBuf>,
    /// Each overlay file: table name → (its path, its text).
    user: BTreeMap<String, (PathBuf, String)>,
    slots: Vec<OnceLock<Box<dyn Any + Send + Sync>>>,
}

impl Tables {
    fn new(overlay: Option<PathBuf>, user: BTreeMap<String, (PathBuf, String)>) -> Tables {
        Tables {
            overlay,
            user,
            slots: (0..Slot::COUNT).map(|_| OnceLock::new()).collect(),
        }
    }
}

impl std::fmt::Debug for Grammars {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0.overlay {
            Some(d) => write!(f, "Grammars(built-in + {})", d.display()),
            None => f.write_str("Grammars(built-in)"),
        }
    }
}

impl Default for Grammars {
    fn default() -> Grammars {
        Grammars::builtin()
    }
}

impl Grammars {
    /// The built-in tables. Their slots are filled on first use (a short
    /// run pays only for the tables it reads); `cargo test` proves every
    /// one of them loads.
    pub fn builtin() -> Grammars {
        static BUILTIN: LazyLock<Tables> = LazyLock::new(|| Tables::new(None, BTreeMap::new()));
        Grammars(&BUILTIN)
    }

    /// Reads an overlay folder (without checking the tables: see
    /// [`Grammars::load`], which does). Its tables live as long as the
    /// process: a run loads its overlay once.
    pub(crate) fn open(overlay: Option<&Path>) -> Result<Grammars> {
        let Some(dir) = overlay else {
            return Ok(Grammars::builtin());
        };
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, &e))?;
        let mut user = BTreeMap::new();
        for entry in entries {
            let path = entry.map_err(|e| Error::io(dir, &e))?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                continue;
            }
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let file = path.display().to_string();
            if builtin_source(&name).is_none() {
                return Err(Error::grammar(
                    &file,
                    1,
                    1,
                    format!(
                        "no built-in table is called `{name}` (the tables: {})",
                        names().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
            if FIXED.contains(&name.as_str()) {
                return Err(Error::grammar(
                    &file,
                    1,
                    1,
                    format!(
                        "the `{name}` table cannot be overlaid (it is a character map, not a list of words)"
                    ),
                ));
            }
            let src = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, &e))?;
            user.insert(name, (path, src));
        }
        let tables = Tables::new(Some(dir.to_path_buf()), user);
        let g = Grammars(Box::leak(Box::new(tables)));
        for name in names() {
            g.merged(name)?;
        }
        Ok(g)
    }

    /// The overlay folder, if any.
    pub fn overlay(self) -> Option<&'static Path> {
        self.0.overlay.as_deref()
    }

    /// The merged TOML of a table: overlay entries first, then built-in ones.
    pub fn merged(self, name: &str) -> Result<toml::Table> {
        let builtin = builtin_source(name).ok_or_else(|| {
            Error::grammar(
                &format!("grammars/{name}.toml"),
                1,
                1,
                "no such built-in table",
            )
        })?;
        let mut table = parse(&format!("grammars/{name}.toml"), builtin)?;
        let Some((path, src)) = self.0.user.get(name) else {
            return Ok(table);
        };
        let file = path.display().to_string();
        let user = parse(&file, src)?;
        for (key, value) in user {
            match (table.get_mut(&key), value) {
                (Some(toml::Value::Array(base)), toml::Value::Array(mut add)) => {
                    add.append(base);
                    *base = add;
                }
                (Some(_), _) => {
                    let (line, col) = line_of_key(src, &key);
                    return Err(Error::grammar(
                        &file,
                        line,
                        col,
                        format!("`{key}` must be an array of entries, like the built-in table"),
                    ));
                }
                (None, v) => {
                    table.insert(key, v);
                }
            }
        }
        Ok(table)
    }

    /// Deserialises a table. A type error names the file, line and column
    /// of the entry at fault.
    pub fn table<T: DeserializeOwned>(self, name: &str) -> Result<T> {
        let merged = self.merged(name)?;
        T::deserialize(toml::Value::Table(merged)).map_err(|e| self.type_error::<T>(name, e))
    }

    /// Where a type error is: the user's file read alone (with the built-in
    /// keys it does not set filled in empty) gives the same error with a
    /// span; without an overlay file, the built-in one does.
    fn type_error<T: DeserializeOwned>(self, name: &str, e: toml::de::Error) -> Error {
        let (file, src) = match self.0.user.get(name) {
            Some((path, src)) => (path.display().to_string(), src.as_str()),
            None => (
                format!("grammars/{name}.toml"),
                builtin_source(name).unwrap_or_default(),
            ),
        };
        let mut pre = String::new();
        if let (Ok(user), Some(Ok(builtin))) = (
            src.parse::<toml::Table>(),
            builtin_source(name).map(|s| s.parse::<toml::Table>()),
        ) {
            for (k, v) in builtin.iter().filter(|(k, _)| !user.contains_key(*k)) {
                match v {
                    toml::Value::Array(_) => pre.push_str(&format!("{k} = []\n")),
                    v => pre.push_str(&format!("{k} = {v}\n")),
                }
            }
        }
        let shift = pre.lines().count();
        pre.push_str(src);
        match toml::from_str::<T>(&pre) {
            Err(again) => {
                let (line, col) = again
                    .span()
                    .map(|s| line_col(&pre, s.start))
                    .filter(|&(l, _)| l > shift)
                    .map_or((1, 1), |(l, c)| (l - shift, c));
                Error::grammar(&file, line, col, again.message().trim().to_string())
            }
            Ok(_) => Error::grammar(&file, 1, 1, e.message().trim().to_string()),
        }
    }

    /// An error about a value of a table (a pattern that does not compile,
    /// an example that does not read), at the first place `needle` occurs
    /// in the overlay file, else in the built-in one.
    pub fn error_at(self, name: &str, needle: &str, message: impl Into<String>) -> Error {
        let builtin = builtin_source(name).unwrap_or_default();
        let user = self.0.user.get(name);
        let escaped = needle.replace('\\', "\\\\").replace('"', "\\\"");
        let find = |src: &str| src.find(needle).or_else(|| src.find(&escaped));
        let (file, src, at) = match user.and_then(|(p, s)| Some((p, s, find(s)?))) {
            Some((p, s, at)) => (p.display().to_string(), s.as_str(), Some(at)),
            None => match user {
                Some((p, s)) if find(builtin).is_none() => {
                    (p.display().to_string(), s.as_str(), None)
                }
                _ => (format!("grammars/{name}.toml"), builtin, find(builtin)),
            },
        };
        let (line, col) = at.map_or((1, 1), |at| line_col(src, at));
        Error::grammar(&file, line, col, message)
    }

    /// The value a stage built from the tables in `slot`, building it on
    /// first use. `build` fails only for an overlay, and [`Grammars::load`]
    /// has built every slot before a run starts; a built-in table that
    /// fails is a bug the tests find (every slot is built by
    /// `every_slot_is_built_by_check`).
    pub fn cached<T: Any + Send + Sync>(
        self,
        slot: Slot,
        build: fn(Grammars) -> Result<T>,
    ) -> &'static T {
        match self.try_cached(slot, build) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        }
    }

    /// [`Grammars::cached`], with the error of a table that does not build.
    pub fn try_cached<T: Any + Send + Sync>(
        self,
        slot: Slot,
        build: fn(Grammars) -> Result<T>,
    ) -> Result<&'static T> {
        let Some(cell) = self.0.slots.get(slot as usize) else {
            panic!("slot {slot:?} out of range");
        };
        if cell.get().is_none() {
            let value: Box<dyn Any + Send + Sync> = Box::new(build(self)?);
            let _ = cell.set(value);
        }
        match cell.get().and_then(|v| v.downcast_ref::<T>()) {
            Some(v) => Ok(v),
            None => panic!("slot {slot:?} holds a value of another type (two stages share it)"),
        }
    }

    /// Slots not built yet (for the test that `check` builds them all).
    pub fn unbuilt(self) -> Vec<usize> {
        (0..Slot::COUNT)
            .filter(|&i| self.0.slots.get(i).is_some_and(|c| c.get().is_none()))
            .collect()
    }
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
        let (line, col) = e.span().map_or((1, 1), |s| line_col(src, s.start));
        Error::grammar(file, line, col, e.message().trim().to_string())
    })
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(src: &str, at: usize) -> (usize, usize) {
    let at = at.min(src.len());
    let before = src.get(..at).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn line_of_key(src: &str, key: &str) -> (usize, usize) {
    src.lines()
        .position(|l| l.trim_start().starts_with(key) || l.contains(&format!("[[{key}]]")))
        .map_or((1, 1), |i| (i + 1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_table_parses() {
        for n in names() {
            Grammars::builtin()
                .merged(n)
                .unwrap_or_else(|e| panic!("{n}: {e}"));
        }
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_col("ab\ncđe", 6), (2, 3));
        assert_eq!(line_col("x", 0), (1, 1));
    }
}
