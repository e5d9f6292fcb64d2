//! Loading the rule tables of a run and checking them before any file is
//! read: [`Grammars::load`]. (The tables themselves and the way each stage
//! reads them are in [`crate::rules`].)

use crate::error::Result;
use crate::rules::Grammars;
use std::path::Path;

impl Grammars {
    /// The rule tables of a run: the built-in ones, with the entries of the
    /// overlay folder's `NAME.toml` files first when `overlay` is given.
    ///
    /// With an overlay, every table is deserialised and every automaton,
    /// pattern and example built and run now: an error names the file, line
    /// and column at fault. Without one, the built-in tables (which
    /// `cargo test` checks) are built when first used.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("vanban-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("timelines.toml"), "[[skip]]\nword = 3\n").unwrap();
    /// let err = vanban::Grammars::load(Some(&dir)).unwrap_err();
    /// assert!(err.to_string().contains("timelines.toml:2:8"), "{err}");
    /// std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn load(overlay: Option<&Path>) -> Result<Grammars> {
        let g = Grammars::open(overlay)?;
        if overlay.is_some() {
            check(g)?;
        }
        Ok(g)
    }
}

/// Builds every stage's tables and runs their examples.
pub fn check(g: Grammars) -> Result<()> {
    crate::parse::timeline::check(g)?;
    crate::parse::comparator::check(g)?;
    crate::parse::number::check(g)?;
    crate::segment::check(g)?;
    crate::extract::check(g)?;
    crate::decode::legacy::check(g)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_builds_every_slot_of_the_builtin_tables() {
        let g = Grammars::builtin();
        if let Err(e) = check(g) {
            panic!("{e}");
        }
        assert_eq!(
            g.unbuilt(),
            Vec::<usize>::new(),
            "slots check does not build"
        );
    }
}
