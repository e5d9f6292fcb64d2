//! Column roles: which task field a table's header cell names ("Cơ quan
//! chủ trì" → `lead`), read from grammars/columns.toml. The table finder
//! uses them to tell a header row from data; the task extractor to read a
//! task table's columns. Roles are data here: what a role means for a task
//! is the task extractor's.

use super::markup::{has_markup, strip_markup};
use crate::error::Result;
use crate::rules::{Grammars, Slot};
use crate::text::fold;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Columns {
    columns: Vec<ColumnRule>,
}

#[derive(Debug, Deserialize)]
struct ColumnRule {
    role: String,
    #[serde(default)]
    exact: Vec<String>,
    #[serde(default)]
    contains: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<String>,
}

fn columns(g: Grammars) -> &'static Columns {
    g.cached::<Columns>(Slot::Columns, build_columns)
}

fn build_columns(g: Grammars) -> Result<Columns> {
    {
        let mut c: Columns = g.table("columns")?;
        // header cells are compared in lower case
        for r in &mut c.columns {
            for w in r.exact.iter_mut().chain(r.contains.iter_mut()) {
                *w = w.to_lowercase();
            }
        }
        Ok(c)
    }
}

/// Checks grammars/columns.toml: every example names its column.
pub(crate) fn check(g: Grammars) -> Result<()> {
    let c = g.try_cached(Slot::Columns, build_columns)?;
    g.try_cached(Slot::ColumnMatcher, build_matcher)?;
    for rule in &c.columns {
        for ex in &rule.examples {
            let got = role_of(g, ex);
            if got != Some(rule.role.as_str()) {
                return Err(g.error_at(
                    "columns",
                    ex,
                    format!(
                        "the example {ex:?} names column {got:?}, not `{}`",
                        rule.role
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The header words of grammars/columns.toml, found in one pass: each
/// `contains` word with the index of its rule, and the first rule of each
/// `exact` word.
struct Matcher {
    /// `None` only if no automaton can be built for the words: then the
    /// rules are read one by one.
    ac: Option<aho_corasick::AhoCorasick>,
    /// Per pattern of `ac`: its rule.
    rule_of: Vec<usize>,
    /// Each `exact` word with the first rule that has it.
    exact: Vec<(String, usize)>,
}

fn matcher(g: Grammars) -> &'static Matcher {
    g.cached::<Matcher>(Slot::ColumnMatcher, build_matcher)
}

fn build_matcher(g: Grammars) -> Result<Matcher> {
    {
        let rules = &g.try_cached(Slot::Columns, build_columns)?.columns;
        let mut words = Vec::new();
        let mut rule_of = Vec::new();
        let mut exact: Vec<(String, usize)> = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            for w in &r.contains {
                words.push(w.as_str());
                rule_of.push(i);
            }
            for w in &r.exact {
                if !exact.iter().any(|(e, _)| e == w) {
                    exact.push((w.clone(), i));
                }
            }
        }
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(&words)
            .ok();
        Ok(Matcher { ac, rule_of, exact })
    }
}

/// The role of a header cell, by grammars/columns.toml (the table finder
/// tells a header row from data by it; the task extractor reads a task
/// table's columns by it).
pub fn role_of(g: Grammars, header: &str) -> Option<&'static str> {
    if header.len() > 400 {
        return None;
    }
    // cheap bound first: chars that markup stripping, trimming and
    // lower-casing keep are already more than 80
    if kept_chars(header, 81) > 80 {
        return None;
    }
    // strip_markup(header).to_lowercase(): without markup, strip_markup
    // only folds blanks
    let h = if has_markup(header) {
        fold::lower(&strip_markup(header))
    } else {
        fold::fold(header)
    };
    let h = h.trim_matches(|c: char| c == ':' || c == '.' || c.is_whitespace());
    if h.is_empty() || h.chars().count() > 80 {
        return None;
    }
    let rules = &columns(g).columns;
    let m = matcher(g);
    let Some(ac) = &m.ac else {
        return rules
            .iter()
            .find(|r| {
                r.exact.iter().any(|w| w == h) || r.contains.iter().any(|w| h.contains(w.as_str()))
            })
            .map(|r| r.role.as_str());
    };
    // the first rule with an exact word or a word inside the header
    let contained = ac
        .find_overlapping_iter(h)
        .filter_map(|x| m.rule_of.get(x.pattern().as_usize()).copied())
        .min();
    let exact = m.exact.iter().find(|(w, _)| w == h).map(|&(_, i)| i);
    let first = match (exact, contained) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    rules.get(first).map(|r| r.role.as_str())
}

/// Chars of `s` that are no blank and none of `*`, `_`, `:`, `.`, counted
/// up to `enough`: what markup stripping, trimming and lower-casing keep
/// at most.
fn kept_chars(s: &str, enough: usize) -> usize {
    let b = s.as_bytes();
    let (mut n, mut i) = (0, 0);
    while let Some(&x) = b.get(i) {
        if n >= enough {
            break;
        }
        let (len, kept) = match x {
            0..0x80 => (
                1,
                !matches!(x, b'\t'..=b'\r' | b' ' | b'*' | b'_' | b':' | b'.'),
            ),
            // the lead bytes of the blanks beyond ASCII
            0xC2 | 0xE1 | 0xE2 | 0xE3 => match s.get(i..).and_then(|r| r.chars().next()) {
                Some(c) => (c.len_utf8(), !c.is_whitespace()),
                None => break,
            },
            0x80..0xE0 => (2, true),
            0xE0..0xF0 => (3, true),
            _ => (4, true),
        };
        n += usize::from(kept);
        i += len;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> Grammars {
        Grammars::builtin()
    }

    #[test]
    fn every_column_example_maps_to_its_role() {
        for rule in &columns(g()).columns {
            for ex in &rule.examples {
                assert_eq!(role_of(g(), ex), Some(rule.role.as_str()), "{ex}");
            }
        }
        assert_eq!(role_of(g(), "Căn cứ pháp lý"), None);
        assert!(matcher(g()).ac.is_some());
    }

    /// [`role_of`] as it was: a regex set of the rules' words.
    fn role_by_regex_set(header: &str) -> Option<&'static str> {
        static S: std::sync::OnceLock<regex::RegexSet> = std::sync::OnceLock::new();
        let set = S.get_or_init(|| {
            let pats = columns(g()).columns.iter().map(|r| {
                if r.contains.is_empty() {
                    r"[^\s\S]".to_string()
                } else {
                    r.contains
                        .iter()
                        .map(|w| regex::escape(w))
                        .collect::<Vec<_>>()
                        .join("|")
                }
            });
            regex::RegexSet::new(pats).expect("patterns")
        });
        if header.len() > 400 {
            return None;
        }
        let kept = header
            .chars()
            .filter(|&c| !(c.is_whitespace() || matches!(c, '*' | '_' | ':' | '.')))
            .take(81)
            .count();
        if kept > 80 {
            return None;
        }
        let h = strip_markup(header).to_lowercase();
        let h = h.trim_matches(|c: char| c == ':' || c == '.' || c.is_whitespace());
        if h.is_empty() || h.chars().count() > 80 {
            return None;
        }
        let hits = set.matches(h);
        columns(g())
            .columns
            .iter()
            .enumerate()
            .find(|(i, r)| r.exact.iter().any(|w| w == h) || hits.matched(*i))
            .map(|(_, r)| r.role.as_str())
    }

    #[test]
    fn roles_read_as_the_regex_set_read_them() {
        let mut cells: Vec<String> = Vec::new();
        for r in &columns(g()).columns {
            for w in r.exact.iter().chain(&r.contains).chain(&r.examples) {
                cells.push(w.clone());
                cells.push(w.to_uppercase());
                cells.push(format!("**{}**:", w.to_uppercase()));
                cells.push(format!("Cơ quan {w}\n thực hiện"));
                cells.push(format!("{w} và ghi chú"));
            }
        }
        cells.extend(["", " ", "*", "Căn cứ pháp lý", "Nội dung", "1", "Số"].map(String::from));
        for c in &cells {
            assert_eq!(role_of(g(), c), role_by_regex_set(c), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn roles_agree_on_any_cell(c in "[a-zđơủìưạốờ *_:.\n]{0,30}") {
            proptest::prop_assert_eq!(role_of(g(), &c), role_by_regex_set(&c));
        }
    }

    fn kept_by_chars(s: &str, enough: usize) -> usize {
        s.chars()
            .filter(|&c| !(c.is_whitespace() || matches!(c, '*' | '_' | ':' | '.')))
            .take(enough)
            .count()
    }

    proptest::proptest! {
        #[test]
        fn kept_chars_count_as_chars_do(s in proptest::prelude::any::<String>(), enough in 0usize..90) {
            proptest::prop_assert_eq!(kept_chars(&s, enough), kept_by_chars(&s, enough));
        }

        #[test]
        fn kept_chars_count_blanks_as_chars_do(s in "[ a*_:.\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{202f}\u{205f}\u{3000}ếĐ]{0,40}") {
            proptest::prop_assert_eq!(kept_chars(&s, 81), kept_by_chars(&s, 81));
        }
    }
}
