//! Fixed lines of the form of a document that the header fields read: the
//! prefixes of a trích yếu ("V/v:", "Về việc"), the kind before the number
//! of a law ("Luật số:"), the closing formula that dates a law or a
//! council's resolution ("… thông qua ngày 10 tháng 12 năm 2025"), the
//! marks printed where a signature goes ("(Đã ký)") and the lines that
//! stand there, the words that open no person's name ("Nơi nhận") and
//! the lines that end a trích yếu ("Căn cứ …"). The words are data:
//! grammars/document_forms.toml.

use crate::error::Result;
use crate::parse::date::parse_date;
use crate::rules::{Grammars, Slot};
use crate::text::fold::squeeze;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Table {
    title_prefix: Vec<Words>,
    number_kind: Vec<Words>,
    closing: Vec<Closing>,
    signature_placeholder: Vec<Words>,
    #[serde(default)]
    pub(super) signature_line: Vec<SignatureLine>,
    #[serde(default)]
    pub(super) not_name: Vec<Words>,
    #[serde(default)]
    pub(super) title_end: Vec<TitleEnd>,
    #[serde(default)]
    appendix: Vec<Appendix>,
    #[serde(default)]
    pub(super) letter_subject: Vec<LetterSubject>,
}

/// The subject line of a letter, which gives the document its kind.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetterSubject {
    pub words: Vec<String>,
    pub kind: String,
    #[serde(default)]
    pub(super) examples: Vec<(String, String)>,
}

/// The heading of an appendix printed on its own; its words are read as
/// written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Appendix {
    pub words: Vec<String>,
    #[serde(default)]
    pub number: Vec<String>,
    pub label: String,
    #[serde(default)]
    examples: Vec<(String, String)>,
}

/// A line that stands where a signature goes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SignatureLine {
    #[serde(default)]
    starts: Vec<String>,
    #[serde(default)]
    whole: Vec<String>,
    #[serde(default)]
    pub(super) examples: Vec<String>,
    #[serde(default)]
    pub(super) not_examples: Vec<String>,
}

/// The words that open a line ending a trích yếu.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TitleEnd {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    numbered: Vec<String>,
    #[serde(default)]
    pub(super) later: bool,
    #[serde(default)]
    pub(super) examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Words {
    words: Vec<String>,
    #[serde(default)]
    pub(super) examples: Option<toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Closing {
    kinds: Vec<String>,
    subject: Vec<String>,
    words: Vec<String>,
    #[serde(default)]
    examples: Vec<(String, String)>,
}

pub(super) fn table(g: Grammars) -> &'static Table {
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
        for e in &mut t.signature_line {
            for w in e.starts.iter_mut().chain(e.whole.iter_mut()) {
                *w = w.to_lowercase();
            }
        }
        for e in &mut t.title_end {
            for w in e.words.iter_mut().chain(e.numbered.iter_mut()) {
                *w = w.to_lowercase();
            }
        }
        t
    })
}

/// How a line that stands where a signature goes starts, and what such a
/// line may be whole (grammars/document_forms.toml `[[signature_line]]`),
/// lower case.
pub struct SignatureLines {
    pub starts: Vec<String>,
    pub whole: Vec<String>,
    /// Chars of a line that are read: more than the longest pattern.
    pub chars: usize,
}

pub fn signature_lines(g: Grammars) -> &'static SignatureLines {
    g.cached::<SignatureLines>(Slot::SignatureLines, build_signature_lines)
}

fn build_signature_lines(g: Grammars) -> Result<SignatureLines> {
    let t = g.try_cached(Slot::DocumentForms, build_table)?;
    let starts: Vec<String> = t
        .signature_line
        .iter()
        .flat_map(|e| e.starts.iter().cloned())
        .collect();
    let whole: Vec<String> = t
        .signature_line
        .iter()
        .flat_map(|e| e.whole.iter().cloned())
        .collect();
    // only the start of a line is lower-cased: a sigma's lower case
    // depends on what follows it
    if let Some(w) = starts
        .iter()
        .chain(whole.iter())
        .find(|w| w.contains(['σ', 'ς']))
    {
        return Err(g.error_at(
            "document_forms",
            w,
            format!("a signature line pattern may hold no sigma: {w:?}"),
        ));
    }
    let chars = starts
        .iter()
        .chain(whole.iter())
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0)
        + 1;
    Ok(SignatureLines {
        starts,
        whole,
        chars,
    })
}

/// The subject lines of a letter (grammars/document_forms.toml
/// `[[letter_subject]]`).
pub fn letter_subjects(g: Grammars) -> &'static [LetterSubject] {
    &table(g).letter_subject
}

/// The headings of an appendix (grammars/document_forms.toml
/// `[[appendix]]`).
pub fn appendices(g: Grammars) -> &'static [Appendix] {
    &table(g).appendix
}

/// Words that open a line of capitalised words that is no person's name
/// (grammars/document_forms.toml `[[not_name]]`), as written.
pub fn not_name_words(g: Grammars) -> impl Iterator<Item = &'static String> {
    table(g).not_name.iter().flat_map(|e| e.words.iter())
}

/// The lines that end a trích yếu (grammars/document_forms.toml
/// `[[title_end]]`): the words of the entries that end it on any line,
/// and of those that end it only on a later line in small letters.
pub struct TitleEnds {
    pub any: EndWords,
    pub later: EndWords,
}

/// Lower case words a line opens with, and a word then a numeral.
pub struct EndWords {
    pub words: Vec<String>,
    /// "chương II", "phần 1".
    pub numbered: Option<regex::Regex>,
}

impl EndWords {
    /// `lower` is the line in lower case.
    pub fn ends(&self, lower: &str) -> bool {
        self.words.iter().any(|w| lower.starts_with(w.as_str()))
            || self.numbered.as_ref().is_some_and(|r| r.is_match(lower))
    }
}

pub fn title_ends(g: Grammars) -> &'static TitleEnds {
    g.cached::<TitleEnds>(Slot::TitleEnds, build_title_ends)
}

fn build_title_ends(g: Grammars) -> Result<TitleEnds> {
    let t = g.try_cached(Slot::DocumentForms, build_table)?;
    let group = |later: bool| -> Result<EndWords> {
        let entries = || t.title_end.iter().filter(move |e| e.later == later);
        let words = entries().flat_map(|e| e.words.iter().cloned()).collect();
        let numbered: Vec<String> = entries()
            .flat_map(|e| e.numbered.iter())
            .map(|w| regex::escape(w))
            .collect();
        let numbered = if numbered.is_empty() {
            None
        } else {
            let pattern = format!(r"^(?:{})\s+(?:[ivxlc]+|\d+)\b", numbered.join("|"));
            Some(regex::Regex::new(&pattern).map_err(|e| {
                let at = entries()
                    .flat_map(|e| e.numbered.iter())
                    .next()
                    .map_or("numbered", String::as_str);
                g.error_at(
                    "document_forms",
                    at,
                    format!("the `numbered` words make no regex: {e}"),
                )
            })?)
        };
        Ok(EndWords { words, numbered })
    };
    Ok(TitleEnds {
        any: group(false)?,
        later: group(true)?,
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

/// The pairs of an `examples` value: `[[text, read], …]`.
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

/// Builds this module's tables and runs the examples of
/// grammars/document_forms.toml that this module reads (those of
/// `signature_line`, `not_name`, `letter_subject` and `title_end`, which
/// [`super::fields`] reads, run in its `check`; see
/// [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    let t = g.try_cached(Slot::DocumentForms, build_table)?;
    g.try_cached(Slot::SignatureLines, build_signature_lines)?;
    g.try_cached(Slot::TitleEnds, build_title_ends)?;
    let fail = |ex: &str, what: String| Err(g.error_at("document_forms", ex, what));
    for (a, b) in t.title_prefix.iter().flat_map(|e| pairs(&e.examples)) {
        let got = strip_title_prefix(g, &a);
        if got.as_deref() != Some(b.as_str()) {
            return fail(
                &a,
                format!("{a:?} reads as the trích yếu {got:?}, not {b:?}"),
            );
        }
    }
    for e in &t.number_kind {
        let examples = e.examples.as_ref().and_then(|v| v.as_array());
        for ex in examples.into_iter().flatten().filter_map(|x| x.as_str()) {
            if !without_number_kind(g, ex).starts_with("số") {
                return fail(ex, format!("{ex:?} is no number line of a law"));
            }
        }
    }
    for c in &t.closing {
        for (a, b) in &c.examples {
            // the kind of the document the formula closes: the one it
            // names first
            let lower = a.to_lowercase();
            let kind = c
                .kinds
                .iter()
                .filter_map(|k| lower.find(&k.to_lowercase()).map(|at| (at, k)))
                .min()
                .map_or("", |(_, k)| k.as_str());
            let got = closing_date(g, a, kind);
            if got.as_deref() != Some(b.as_str()) {
                return fail(a, format!("the closing formula dates {got:?}, not {b:?}"));
            }
        }
    }
    for (a, b) in t
        .signature_placeholder
        .iter()
        .flat_map(|e| pairs(&e.examples))
    {
        if !without_placeholders(g, &a).ends_with(&b) {
            return fail(
                &a,
                format!("{a:?} without its marks does not end with {b:?}"),
            );
        }
    }
    for a in &t.appendix {
        for (line, want) in &a.examples {
            let got = super::appendix_label(g, line).map(|(l, _)| l);
            if got.as_deref() != Some(want.as_str()) {
                return fail(
                    line,
                    format!("{line:?} is read as the appendix {got:?}, not {want:?}"),
                );
            }
        }
    }
    Ok(())
}

/// The texts of an `examples` value: `["…", …]`.
pub(super) fn texts(v: &Option<toml::Value>) -> Vec<String> {
    v.as_ref()
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_examples() {
        if let Err(e) = crate::extract::document::check(crate::rules::Grammars::builtin()) {
            panic!("{e}");
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
