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
    /// A broken example in an overlay of grammars/citation_words.toml is
    /// found at load, in the overlay's file: one entry of each kind of
    /// table, whose example does not read as it claims.
    #[test]
    fn a_broken_citation_words_example_is_found_at_load() {
        let cases = [
            r#"[[level]]
word = "huyện"
committee = true
examples = [["tại huyện Cát Hải", "Hải Phòng"]]
"#,
            r#"[[province_level]]
level = "tỉnh"
party = "Tỉnh ủy"
examples = [["của Tỉnh ủy; tại tỉnh Nghệ An", "Tỉnh ủy Hà Tĩnh"]]
"#,
            r#"[[committee]]
name = "UBND"
examples = [["của UBND xã; tại xã Kiến Minh", "Ủy ban nhân dân xã Cát Bà"]]
"#,
            r#"[[place_name_end]]
words = ["Về"]
examples = [["tỉnh Ninh Thuận Về việc", "Ninh"]]
"#,
            r#"[[body_place_end]]
words = ["Về"]
examples = [["UBND tỉnh Nghệ An Về việc", "Ủy ban nhân dân tỉnh"]]
"#,
            r#"[[law_name_end]]
words = ["đã"]
examples = [["Luật Giám định tư pháp đã quy định", "Luật Giám định"]]
"#,
            r#"[[congress]]
words = ["lần"]
examples = [["Quán triệt Nghị quyết Đại hội đại biểu Đảng tỉnh lần thứ XII", "Nghị quyết Đại hội"]]
"#,
            r#"[[party_holder]]
pattern = "Ban Bí thư"
examples = ["Chỉ thị về công tác dân vận"]
"#,
            r#"[[this_kind]]
words = ["kế hoạch"]
examples = [["Kế hoạch này thay thế Quyết định số 7/QĐ-UBND", "amends"]]
"#,
        ];
        for case in cases {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let file = dir.path().join("citation_words.toml");
            std::fs::write(&file, case).unwrap_or_else(|e| panic!("{e}"));
            let Err(err) = Grammars::load(Some(dir.path())) else {
                panic!("a broken example loads: {case}");
            };
            let err = err.to_string();
            assert!(
                err.contains(&format!("{}:", file.display())) && err.contains("the example"),
                "{case}: {err}"
            );
        }
    }
}
