//! Document kinds: the words in grammars/kinds.toml ("Quyết định" / QĐ,
//! "Kế hoạch" / KH …) and the header line that opens an instrument.

use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Clone, Deserialize)]
pub struct Kind {
    pub name: String,
    #[serde(default)]
    pub code: String,
    /// Read by the unit tests.
    #[serde(default)]
    #[allow(dead_code)]
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
    #[allow(dead_code)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Marks {
    mark: Vec<Mark>,
}

fn marks() -> &'static [Mark] {
    static M: OnceLock<Vec<Mark>> = OnceLock::new();
    M.get_or_init(|| {
        let t: Marks = crate::rules::load_or_die("kinds");
        t.mark
    })
}

/// A draft, secrecy or urgency mark ("DỰ THẢO", "(DỰ THẢO LẦN 2)", "HỎA
/// TỐC") printed above a kind line.
pub fn is_mark(line: &str) -> bool {
    let t = line.trim().trim_matches(['(', ')', '[', ']', ' ']);
    marks().iter().flat_map(|m| m.forms.iter()).any(|f| {
        t.strip_prefix(f.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(" LẦN"))
    })
}

/// The kinds, longest name first.
pub fn all() -> &'static [Kind] {
    static T: OnceLock<Vec<Kind>> = OnceLock::new();
    T.get_or_init(|| {
        let t: Table = crate::rules::load_or_die("kinds");
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
pub fn opening(line: &str) -> Option<(&'static Kind, &str)> {
    let t = line.trim();
    if t.ends_with(':') || !super::lines::is_caps(t) {
        return None;
    }
    for k in all() {
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
    all()
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
pub fn opening_strong(line: &str, strong: bool) -> Option<(&'static Kind, &str)> {
    if let Some(o) = opening(line) {
        return Some(o);
    }
    if !strong {
        return None;
    }
    let t = line.trim();
    // lower-casing never makes a text shorter in chars: a line longer than
    // every kind name cannot be one
    let longest = all()
        .iter()
        .map(|k| k.lower.chars().count())
        .max()
        .unwrap_or(0);
    if t.chars().nth(longest).is_some() {
        return None;
    }
    let lower = t.to_lowercase();
    all().iter().find(|k| k.lower == lower).map(|k| (k, ""))
}

/// A kind named in running text at the start of `s` ("Quyết định số …").
pub fn named_at(s: &str) -> Option<(&'static Kind, usize)> {
    let lower = s.to_lowercase();
    for k in all() {
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

/// The kind whose symbol code opens a number's symbol: "681/QĐ-UBND" -> QĐ.
pub fn by_code(number: &str) -> Option<&'static Kind> {
    let sym = number.rsplit('/').next()?;
    let code = sym.split('-').next()?;
    all().iter().find(|k| !k.code.is_empty() && k.code == code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn kind_lines_with_misread_tone_marks() {
        assert_eq!(
            opening("QUYÉT ĐỊNH").map(|(k, _)| k.name.as_str()),
            Some("Quyết định")
        );
        assert_eq!(
            opening("QUYETDINH").map(|(k, _)| k.name.as_str()),
            Some("Quyết định")
        );
        assert_eq!(
            opening("KÊ HOẠCH").map(|(k, _)| k.name.as_str()),
            Some("Kế hoạch")
        );
        // only a whole line: a caps title that merely starts alike is not one
        assert!(opening("QUYET DINH VE VIEC").is_none());
        assert!(opening("QUY ĐỊNH CHUNG").is_none_or(|(k, _)| k.name == "Quy định"));
    }

    use super::*;

    #[test]
    fn table_examples_open_their_kind() {
        for k in all() {
            for e in &k.examples {
                let got = opening(e).map(|(k, _)| k.name.as_str());
                assert_eq!(got, Some(k.name.as_str()), "{e}");
            }
        }
    }

    #[test]
    fn openings() {
        assert!(opening("QUYẾT ĐỊNH:").is_none());
        assert!(opening("Kế hoạch").is_none());
        assert!(opening("QUYẾT ĐỊNHX").is_none());
        let (k, rest) = opening("KẾ HOẠCH CẢI CÁCH").unwrap_or((&all()[0], ""));
        assert_eq!(k.name, "Kế hoạch");
        assert_eq!(rest, "CẢI CÁCH");
        assert_eq!(
            opening("THÔNG TƯ LIÊN TỊCH").map(|(k, _)| k.name.as_str()),
            Some("Thông tư liên tịch")
        );
    }

    #[test]
    fn marks_from_the_table() {
        for m in marks() {
            for e in &m.examples {
                assert!(is_mark(e), "{e}");
            }
        }
        assert!(!is_mark("KHEN THƯỞNG, KỶ"));
        assert!(!is_mark("MẬT ĐỘ DÂN SỐ"));
    }

    #[test]
    fn strong_lines_in_any_case() {
        assert!(opening_strong("Kế hoạch", false).is_none());
        assert_eq!(
            opening_strong("Kế hoạch", true).map(|(k, _)| k.name.as_str()),
            Some("Kế hoạch")
        );
        assert!(opening_strong("Kế hoạch này", true).is_none());
    }

    #[test]
    fn codes_and_running_text() {
        assert_eq!(
            by_code("681/QĐ-UBND").map(|k| k.name.as_str()),
            Some("Quyết định")
        );
        assert_eq!(
            by_code("12/2025/KH-UBND").map(|k| k.name.as_str()),
            Some("Kế hoạch")
        );
        assert!(by_code("12/XYZ").is_none());
        let (k, n) = named_at("Quyết định số 465").unwrap_or((&all()[0], 0));
        assert_eq!(k.name, "Quyết định");
        assert_eq!(&"Quyết định số 465"[n..], " số 465");
    }
}
