//! Document kinds: the words in grammars/kinds.toml ("Quyết định" / QĐ,
//! "Kế hoạch" / KH …) and the header line that opens an instrument.

use crate::error::Result;
use crate::rules::{Grammars, Slot};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Kind {
    pub name: String,
    /// Kind lines that open with this kind (checked by [`check`]).
    #[serde(default)]
    pub examples: Vec<String>,
    /// `name` in capitals, filled on load.
    #[serde(skip)]
    pub caps: String,
    /// `name` in lower case, filled on load.
    #[serde(skip)]
    pub lower: String,
}

#[derive(Debug, Deserialize)]
struct Table {
    kind: Vec<Kind>,
}

#[derive(Debug, Deserialize)]
struct Mark {
    #[serde(rename = "match")]
    forms: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Marks {
    mark: Vec<Mark>,
}

fn marks(g: Grammars) -> &'static [Mark] {
    g.cached::<Vec<Mark>>(Slot::KindMarks, build_marks)
}

fn build_marks(g: Grammars) -> Result<Vec<Mark>> {
    Ok({
        let t: Marks = g.table("kinds")?;
        t.mark
    })
}

/// A draft, secrecy or urgency mark ("DỰ THẢO", "(DỰ THẢO LẦN 2)", "HỎA
/// TỐC") printed above a kind line.
pub fn is_mark(g: Grammars, line: &str) -> bool {
    let t = line.trim().trim_matches(['(', ')', '[', ']', ' ']);
    marks(g).iter().flat_map(|m| m.forms.iter()).any(|f| {
        t.strip_prefix(f.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(" LẦN"))
    })
}

/// The kinds, longest name first.
pub fn all(g: Grammars) -> &'static [Kind] {
    g.cached::<Vec<Kind>>(Slot::Kinds, build_all)
}

fn build_all(g: Grammars) -> Result<Vec<Kind>> {
    Ok({
        let t: Table = g.table("kinds")?;
        let mut v = t.kind;
        for k in &mut v {
            k.caps = k.name.to_uppercase();
            k.lower = k.name.to_lowercase();
        }
        v.sort_by_key(|k| std::cmp::Reverse(k.name.chars().count()));
        v
    })
}

/// The kind a caps header line opens with, and the rest of the line:
/// "KẾ HOẠCH CẢI CÁCH …" -> (Kế hoạch, "CẢI CÁCH …"). Lines ending in ":"
/// ("QUYẾT ĐỊNH:") enact, they do not open an instrument.
pub fn opening(g: Grammars, line: &str) -> Option<(&'static Kind, &str)> {
    let t = line.trim();
    if t.ends_with(':') || !super::lines::is_caps(t) {
        return None;
    }
    for k in all(g) {
        if let Some(rest) = t.strip_prefix(k.caps.as_str()) {
            if rest.is_empty() || rest.starts_with(' ') {
                return Some((k, rest.trim()));
            }
        }
    }
    // a kind line alone whose tone marks OCR misread or lost ("QUYÉT
    // ĐỊNH", "QUYETDINH"): compared without marks and blanks, whole line only
    let bare = unmarked(t);
    if bare.chars().count() > 24 {
        return None;
    }
    all(g)
        .iter()
        .find(|k| unmarked(&k.caps) == bare)
        .map(|k| (k, ""))
}

/// Upper case without tone marks, Đ as D, blanks dropped.
fn unmarked(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c) && !c.is_whitespace())
        .map(|c| if c == 'Đ' || c == 'đ' { 'D' } else { c })
        .flat_map(char::to_uppercase)
        .collect()
}

/// Like [`opening`], and also a bold or heading line that is only a kind
/// word in any case ("# Kế hoạch", "**Quyết định**").
pub fn opening_strong(g: Grammars, line: &str, strong: bool) -> Option<(&'static Kind, &str)> {
    if let Some(o) = opening(g, line) {
        return Some(o);
    }
    if !strong {
        return None;
    }
    let t = line.trim();
    // lower-casing never makes a text shorter in chars: a line longer than
    // every kind name cannot be one
    let longest = all(g)
        .iter()
        .map(|k| k.lower.chars().count())
        .max()
        .unwrap_or(0);
    if t.chars().nth(longest).is_some() {
        return None;
    }
    let lower = t.to_lowercase();
    all(g).iter().find(|k| k.lower == lower).map(|k| (k, ""))
}

/// A kind named in running text at the start of `s` ("Quyết định số …").
pub fn named_at(g: Grammars, s: &str) -> Option<(&'static Kind, usize)> {
    let lower = s.to_lowercase();
    for k in all(g) {
        let n = k.name.to_lowercase();
        if lower.starts_with(&n) {
            // map the char count back onto `s`
            let chars = n.chars().count();
            let len = s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i);
            return Some((k, len));
        }
    }
    None
}

/// The kind whose symbol code opens a number's symbol: "681/QĐ-UBND" -> QĐ
/// -> Quyết định, by the codes of grammars/citation_kinds.toml `[[code]]`
/// (the map the citations read too).
pub fn by_code(g: Grammars, number: &str) -> Option<&'static Kind> {
    let sym = number.rsplit('/').next()?;
    let code = sym.split('-').next()?;
    let name = crate::extract::citations::tables::kind_of_state_code(g, code)?;
    all(g).iter().find(|k| k.name == name)
}

/// Builds this module's tables and reads the examples of the kinds and
/// marks of grammars/kinds.toml (see [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    g.try_cached(Slot::KindMarks, build_marks)?;
    g.try_cached(Slot::Kinds, build_all)?;
    // the type codes of own numbers only (citation_kinds.toml `cited =
    // false`): their examples give their kind here
    for (code, kind, e) in crate::extract::citations::tables::own_number_codes(g) {
        let got = by_code(g, e).map(|k| k.name.as_str());
        if got != Some(kind) {
            return Err(g.error_at(
                "citation_kinds",
                e,
                format!("the example {e:?} of `{code}` gives the kind {got:?}, not {kind:?}"),
            ));
        }
    }
    for k in all(g) {
        for ex in &k.examples {
            let got = opening(g, ex).map(|(k, _)| k.name.as_str());
            if got != Some(k.name.as_str()) {
                return Err(g.error_at(
                    "kinds",
                    ex,
                    format!("the kind line {ex:?} opens {got:?}, not {:?}", k.name),
                ));
            }
        }
    }
    for ex in marks(g).iter().flat_map(|m| m.examples.iter()) {
        if !is_mark(g, ex) {
            return Err(g.error_at(
                "kinds",
                ex,
                format!("{ex:?} is not read as a draft, secrecy or urgency mark"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn kind_lines_with_misread_tone_marks() {
        assert_eq!(
            opening(crate::rules::Grammars::builtin(), "QUYÉT ĐỊNH").map(|(k, _)| k.name.as_str()),
            Some("Quyết định")
        );
        assert_eq!(
            opening(crate::rules::Grammars::builtin(), "QUYETDINH").map(|(k, _)| k.name.as_str()),
            Some("Quyết định")
        );
        assert_eq!(
            opening(crate::rules::Grammars::builtin(), "KÊ HOẠCH").map(|(k, _)| k.name.as_str()),
            Some("Kế hoạch")
        );
        // only a whole line: a caps title that merely starts alike is not one
        assert!(opening(crate::rules::Grammars::builtin(), "QUYET DINH VE VIEC").is_none());
        assert!(
            opening(crate::rules::Grammars::builtin(), "QUY ĐỊNH CHUNG")
                .is_none_or(|(k, _)| k.name == "Quy định")
        );
    }

    use super::*;

    #[test]
    fn table_examples_open_their_kind() {
        if let Err(e) = check(crate::rules::Grammars::builtin()) {
            panic!("{e}");
        }
    }

    #[test]
    fn openings() {
        assert!(opening(crate::rules::Grammars::builtin(), "QUYẾT ĐỊNH:").is_none());
        assert!(opening(crate::rules::Grammars::builtin(), "Kế hoạch").is_none());
        assert!(opening(crate::rules::Grammars::builtin(), "QUYẾT ĐỊNHX").is_none());
        let (k, rest) = opening(crate::rules::Grammars::builtin(), "KẾ HOẠCH CẢI CÁCH")
            .unwrap_or((&all(crate::rules::Grammars::builtin())[0], ""));
        assert_eq!(k.name, "Kế hoạch");
        assert_eq!(rest, "CẢI CÁCH");
        assert_eq!(
            opening(crate::rules::Grammars::builtin(), "THÔNG TƯ LIÊN TỊCH")
                .map(|(k, _)| k.name.as_str()),
            Some("Thông tư liên tịch")
        );
    }

    #[test]
    fn marks_from_the_table() {
        assert!(!is_mark(
            crate::rules::Grammars::builtin(),
            "KHEN THƯỞNG, KỶ"
        ));
        assert!(!is_mark(crate::rules::Grammars::builtin(), "MẬT ĐỘ DÂN SỐ"));
    }

    #[test]
    fn strong_lines_in_any_case() {
        assert!(opening_strong(crate::rules::Grammars::builtin(), "Kế hoạch", false).is_none());
        assert_eq!(
            opening_strong(crate::rules::Grammars::builtin(), "Kế hoạch", true)
                .map(|(k, _)| k.name.as_str()),
            Some("Kế hoạch")
        );
        assert!(opening_strong(crate::rules::Grammars::builtin(), "Kế hoạch này", true).is_none());
    }

    /// One map from type code to kind (citation_kinds.toml `[[code]]`):
    /// the codes of cited numbers, the codes of own numbers only, a code
    /// without a kind of its own; the code is read exactly as written.
    #[test]
    fn the_own_number_reads_the_citation_codes() {
        let g = crate::rules::Grammars::builtin();
        let kind = |n: &str| by_code(g, n).map(|k| k.name.as_str());
        assert_eq!(kind("45/TTr-SNV"), Some("Tờ trình"));
        assert_eq!(kind("15/PA-UBND"), Some("Phương án"));
        assert_eq!(kind("12/CV-UBND"), Some("Công văn"));
        assert_eq!(kind("459/KHHĐ-UBND"), Some("Kế hoạch"));
        assert_eq!(kind("1211/2016/UBTVQH13"), None);
        assert_eq!(kind("7/XYZ-UBND"), None);
    }

    #[test]
    fn codes_and_running_text() {
        assert_eq!(
            by_code(crate::rules::Grammars::builtin(), "681/QĐ-UBND").map(|k| k.name.as_str()),
            Some("Quyết định")
        );
        assert_eq!(
            by_code(crate::rules::Grammars::builtin(), "12/2025/KH-UBND").map(|k| k.name.as_str()),
            Some("Kế hoạch")
        );
        assert!(by_code(crate::rules::Grammars::builtin(), "12/XYZ").is_none());
        let (k, n) = named_at(crate::rules::Grammars::builtin(), "Quyết định số 465")
            .unwrap_or((&all(crate::rules::Grammars::builtin())[0], 0));
        assert_eq!(k.name, "Quyết định");
        assert_eq!(&"Quyết định số 465"[n..], " số 465");
    }
}
