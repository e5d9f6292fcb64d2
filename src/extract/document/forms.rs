//! Fixed lines of the form of a document that the header fields read: the
//! prefixes of a trích yếu ("V/v:", "Về việc"), the kind before the number
//! of a law ("Luật số:"), the closing formula that dates a law or a
//! council's resolution ("… thông qua ngày 10 tháng 12 năm 2025"), and
//! the marks printed where a signature goes ("(Đã ký)"). The words are
//! data: grammars/document_forms.toml.

use crate::error::Result;
use crate::parse::date::parse_date;
use crate::rules::{Grammars, Slot};
use crate::text::fold::squeeze;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    title_prefix: Vec<Words>,
    number_kind: Vec<Words>,
    closing: Vec<Closing>,
    signature_placeholder: Vec<Words>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    words: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Option<toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Closing {
    kinds: Vec<String>,
    subject: Vec<String>,
    words: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<(String, String)>,
}

fn table(g: Grammars) -> &'static Table {
    g.cached::<Table>(Slot::DocumentForms, build_table)
}

fn build_table(g: Grammars) -> Result<Table> {
    Ok({
        let mut t: Table = g.table("document_forms")?;
        let low = |v: &mut Vec<String>| {
            v.iter_mut().for_each(|w| *w = w.to_lowercase());
            v.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        };
        for e in t
            .title_prefix
            .iter_mut()
            .chain(t.number_kind.iter_mut())
            .chain(t.signature_placeholder.iter_mut())
        {
            low(&mut e.words);
        }
        for c in &mut t.closing {
            low(&mut c.subject);
            low(&mut c.words);
        }
        t
    })
}

/// `s` without a leading word of `words` (lower case), matched whole and
/// case-insensitively; the rest after blanks and a colon.
fn strip_word<'a>(s: &'a str, words: &[String]) -> Option<&'a str> {
    let t = s.trim_start();
    words.iter().find_map(|w| {
        let n = w.chars().count();
        let end = t.char_indices().nth(n).map_or(t.len(), |(i, _)| i);
        let head = t.get(..end)?;
        let rest = t.get(end..)?;
        let whole = !rest.chars().next().is_some_and(char::is_alphanumeric);
        (whole && head.to_lowercase() == *w).then(|| rest.trim_start_matches([':', ' ']))
    })
}

/// A trích yếu without its "V/v:" or "Về việc" prefix, first letter
/// capitalised; `None` when it has no prefix.
pub fn strip_title_prefix(g: Grammars, title: &str) -> Option<String> {
    let rest = table(g)
        .title_prefix
        .iter()
        .find_map(|e| strip_word(title, &e.words))?;
    let mut cs = rest.chars();
    let first = cs.next()?;
    Some(first.to_uppercase().chain(cs).collect())
}

/// The number line of a law without its kind: "Luật số: 64/2025/QH15" →
/// "số: 64/2025/QH15"; other lines as they are.
pub fn without_number_kind(g: Grammars, line: &str) -> &str {
    table(g)
        .number_kind
        .iter()
        .find_map(|e| strip_word(line, &e.words))
        .filter(|rest| rest.to_lowercase().starts_with("số"))
        .unwrap_or(line)
}

/// The date in the closing formula of a document of kind `kind`: the first
/// sentence that names the document itself ("Nghị quyết này", "Luật này")
/// and says it was adopted on a date ("… thông qua ngày 10 tháng 12 năm
/// 2025").
pub fn closing_date(g: Grammars, text: &str, kind: &str) -> Option<String> {
    let closings: Vec<&Closing> = table(g)
        .closing
        .iter()
        .filter(|c| c.kinds.iter().any(|k| k == kind))
        .collect();
    if closings.is_empty() {
        return None;
    }
    let lower = text.to_lowercase();
    closings.into_iter().find_map(|c| {
        c.words.iter().find_map(|w| {
            lower.match_indices(w.as_str()).find_map(|(at, _)| {
                // the sentence up to the date words names the document;
                // a sentence may break over lines ("… kỳ họp chuyên
                // đề\nthông qua ngày …"), not over a blank line
                let before = lower.get(..at)?;
                let start = before
                    .rfind(['.', ';'])
                    .map_or(0, |i| i + 1)
                    .max(before.rfind("\n\n").map_or(0, |i| i + 2));
                let sentence = lower.get(start..at)?;
                if !c.subject.iter().any(|s| sentence.contains(s.as_str())) {
                    return None;
                }
                // "thông qua ngày 10 tháng 12 …": the date from "ngày"
                let from = at + w.len() - "ngày".len();
                let (d, _) = parse_date(text.get(from..)?)?;
                Some(d.iso())
            })
        })
    })
}

/// `s` with the signature marks in it removed ("GIÁM ĐỐC (Đã ký) Trần
/// Minh Tuấn" → "GIÁM ĐỐC Trần Minh Tuấn").
pub fn without_placeholders(g: Grammars, s: &str) -> String {
    let words = || {
        table(g)
            .signature_placeholder
            .iter()
            .flat_map(|e| e.words.iter())
    };
    // most lines hold no mark: when every mark opens with a character that
    // has no case ("(", "["), a line without one is not lower-cased at all
    let caseless_first = words().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| !c.is_alphabetic() && !c.is_whitespace())
    });
    if caseless_first && !words().any(|w| w.chars().next().is_some_and(|c| s.contains(c))) {
        return squeeze(s);
    }
    let mut out = s.to_string();
    loop {
        let lower = out.to_lowercase();
        // lower-casing keeps byte offsets only when it keeps lengths
        if lower.len() != out.len() {
            return out;
        }
        // the first mark in the line, the longest where two start together
        let hit = words()
            .filter_map(|w| {
                lower
                    .find(w.as_str())
                    .map(|at| (at, std::cmp::Reverse(w.len())))
            })
            .min();
        let Some((at, std::cmp::Reverse(n))) = hit else {
            break;
        };
        out.replace_range(at..at + n, " ");
    }
    squeeze(&out)
}

/// Builds this module's tables (see [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    g.try_cached(Slot::DocumentForms, build_table)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &Option<toml::Value>) -> Vec<(String, String)> {
        v.as_ref()
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|p| {
                let a = p.as_array()?;
                Some((
                    a.first()?.as_str()?.to_string(),
                    a.get(1)?.as_str()?.to_string(),
                ))
            })
            .collect()
    }

    #[test]
    fn table_examples() {
        let t = table(crate::rules::Grammars::builtin());
        for e in &t.title_prefix {
            for (a, b) in pairs(&e.examples) {
                assert_eq!(
                    strip_title_prefix(crate::rules::Grammars::builtin(), &a).as_deref(),
                    Some(b.as_str()),
                    "{a}"
                );
            }
        }
        for e in &t.number_kind {
            let examples = e.examples.as_ref().and_then(|v| v.as_array());
            for ex in examples.into_iter().flatten().filter_map(|x| x.as_str()) {
                assert!(
                    without_number_kind(crate::rules::Grammars::builtin(), ex).starts_with("số"),
                    "{ex}"
                );
            }
        }
        for c in &t.closing {
            for (a, b) in &c.examples {
                let kind = if a.starts_with("Luật") {
                    "Luật"
                } else {
                    "Nghị quyết"
                };
                assert_eq!(
                    closing_date(crate::rules::Grammars::builtin(), a, kind).as_deref(),
                    Some(b.as_str()),
                    "{a}"
                );
            }
        }
        for e in &t.signature_placeholder {
            for (a, b) in pairs(&e.examples) {
                assert!(
                    without_placeholders(crate::rules::Grammars::builtin(), &a).ends_with(&b),
                    "{a}"
                );
            }
        }
    }

    #[test]
    fn closing_formulas() {
        // another law's adoption is not this document's date
        let t = "Căn cứ Luật Đất đai được Quốc hội thông qua ngày 18 tháng 01 năm 2024;\nNghị quyết này được Hội đồng nhân dân tỉnh thông qua ngày 5 tháng 7 năm 2025.";
        assert_eq!(
            closing_date(crate::rules::Grammars::builtin(), t, "Nghị quyết").as_deref(),
            Some("2025-07-05")
        );
        // a sentence and its date broken over lines
        let t = "Điều 3. Hiệu lực\nNghị quyết này được Hội đồng nhân dân tỉnh khóa X, kỳ họp chuyên đề\nthông qua ngày 20 tháng 3 năm\n2026 và có hiệu lực từ ngày 01 tháng 4 năm 2026.";
        assert_eq!(
            closing_date(crate::rules::Grammars::builtin(), t, "Nghị quyết").as_deref(),
            Some("2026-03-20")
        );
        // not across a blank line: another paragraph's subject
        let t = "Nghị quyết này quy định mức chi\n\nLuật Đất đai được Quốc hội thông qua ngày 18 tháng 01 năm 2024";
        assert_eq!(
            closing_date(crate::rules::Grammars::builtin(), t, "Nghị quyết"),
            None
        );
        assert_eq!(
            closing_date(crate::rules::Grammars::builtin(), t, "Quyết định"),
            None
        );
        assert_eq!(
            strip_title_prefix(crate::rules::Grammars::builtin(), "Phê duyệt Đề án"),
            None
        );
        assert_eq!(
            without_number_kind(crate::rules::Grammars::builtin(), "Luật Đất đai"),
            "Luật Đất đai"
        );
    }
}
