//! The years a piece of text names as deadlines (grammars/target_years.toml:
//! the words that make a year mention no deadline and the header cells of
//! year columns), the plan period named in the title, and the year of issue.

use crate::doc::Doc;
use crate::error::Result;
use crate::model::Period;
use crate::rules::{Grammars, Slot};
use crate::text::fold::lower;
use regex::Regex;
use serde::Deserialize;
use std::sync::OnceLock;

/// The year a table header cell names ("2027", "Năm 2027", "Đến hết năm
/// 2027", "Năm 2030 (%)": grammars/target_years.toml `[[column_year]]`).
pub(super) fn cell_year(g: Grammars, cell: &str) -> Option<i32> {
    let cell = cell.trim().trim_matches('*').trim();
    let re = &year_words(g).column;
    re.captures(cell)?.get(1)?.as_str().parse().ok()
}

/// grammars/target_years.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearTable {
    not_deadline: Vec<NotDeadline>,
    column_year: Vec<ColumnYear>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NotDeadline {
    words: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

/// The words that may stand before the year in a header cell, each list
/// one optional place, in this order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnYear {
    #[serde(default)]
    lead: Vec<String>,
    #[serde(default)]
    until: Vec<String>,
    /// Only after an `until` word.
    #[serde(default)]
    through: Vec<String>,
    #[serde(default)]
    year: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not_examples: Vec<String>,
}

/// grammars/target_years.toml, built.
struct YearWords {
    table: YearTable,
    /// `[[not_deadline]]` words, lower case.
    not_deadline: Vec<String>,
    /// How many characters before a year mention are read for them: the
    /// longest word, at least 16.
    tail_chars: usize,
    /// A header cell that is a year, which it captures.
    column: Regex,
}

fn year_words(g: Grammars) -> &'static YearWords {
    g.cached::<YearWords>(Slot::TargetYears, build_year_words)
}

fn build_year_words(g: Grammars) -> Result<YearWords> {
    let table: YearTable = g.table("target_years")?;
    let not_deadline: Vec<String> = table
        .not_deadline
        .iter()
        .flat_map(|e| e.words.iter())
        .map(|w| w.to_lowercase())
        .collect();
    let tail_chars = not_deadline
        .iter()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0)
        .max(16);
    // one optional place: any of `words`, then blanks
    let place = |words: &[String], then: &str| {
        if words.is_empty() {
            return String::new();
        }
        let alt: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
        format!(r"(?:(?:{})\s+{then})?", alt.join("|"))
    };
    let prefixes: Vec<String> = table
        .column_year
        .iter()
        .map(|e| {
            let until = place(&e.until, &place(&e.through, ""));
            format!("{}{until}{}", place(&e.lead, ""), place(&e.year, ""))
        })
        .collect();
    let pattern = format!(
        r"(?i)^(?:{})((?:19|20)[0-9]{{2}})(?:\s*\(%\))?$",
        prefixes.join("|")
    );
    let column = Regex::new(&pattern).map_err(|e| {
        let first = table
            .column_year
            .first()
            .and_then(|c| c.lead.first().or(c.until.first()).or(c.year.first()))
            .map_or("column_year", String::as_str);
        g.error_at(
            "target_years",
            first,
            format!("the words of `column_year` make no regex: {e}"),
        )
    })?;
    Ok(YearWords {
        table,
        not_deadline,
        tail_chars,
        column,
    })
}

fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        crate::re::constant(r"(?i)\b(năm|giai đoạn|giai\s+đoạn)\s+\(?((?:19|20)[0-9]{2})(?:\s*[-–]\s*((?:19|20)[0-9]{2}))?")
    })
}

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| crate::re::constant(r"(?i)tháng\s*[0-9]{1,2}$"))
}

/// A year a piece of text names as a deadline, with its offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMention {
    pub at: usize,
    pub from: i32,
    pub to: i32,
}

/// A cheap test every text passes that [`years`] finds a year in: "19"
/// or "20" after blanks (and perhaps "(") that follow the end of "năm" or
/// "đoạn". Has no word boundary, so the regex needs no slow engine.
fn may_name_year(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| crate::re::constant(r"(?:[ăĂ][mM]|[ạẠ][nN])\s+\(?(?:19|20)"))
        .is_match(s)
}

/// Years named in `s` ("năm 2025", "giai đoạn 2026 - 2027"), leaving out
/// baselines and visions ("so với năm 2020": grammars/target_years.toml
/// `[[not_deadline]]`) and dates ("ngày 5 tháng 3 năm 2021").
pub fn years(g: Grammars, s: &str) -> Vec<YearMention> {
    let mut out = Vec::new();
    if !may_name_year(s) {
        return out;
    }
    let words = year_words(g);
    let last = words.tail_chars.saturating_sub(1);
    for c in year_re().captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        let before = s.get(..m.start()).unwrap_or("").trim_end();
        // the last characters, lower case: only the end of `before` is
        // lower-cased (all of it when a sigma's form could depend on more)
        let from = before.char_indices().rev().nth(last).map_or(0, |(i, _)| i);
        let window = before.get(from..).unwrap_or("");
        let lower = if window.contains(['Σ']) {
            before.to_lowercase()
        } else {
            lower(window)
        };
        // its last characters
        let cut = lower.char_indices().rev().nth(last).map_or(0, |(i, _)| i);
        let tail = lower.get(cut..).unwrap_or("");
        if words
            .not_deadline
            .iter()
            .any(|w| tail.ends_with(w.as_str()))
        {
            continue;
        }
        if date_re().is_match(before) {
            continue;
        }
        let from = c.get(2).and_then(|y| y.as_str().parse::<i32>().ok());
        let to = c.get(3).and_then(|y| y.as_str().parse::<i32>().ok());
        if let Some(from) = from {
            out.push(YearMention {
                at: m.start(),
                from,
                to: to.filter(|t| *t >= from).unwrap_or(from),
            });
        }
    }
    out
}

/// The plan period read from the title when the document extractor has
/// none: the first period or year named before the preamble ("Căn cứ …")
/// or the first section; "giai đoạn 2021 - 2025" → 2021–2025, "năm 2023"
/// → 2023–2023.
pub fn period_from_title(doc: &Doc) -> Option<Period> {
    let mut end = 0;
    for line in doc.lines.iter().take(40) {
        let t = line.text(&doc.text).trim_start();
        if crate::segment::outline::opens_preamble(doc.grammars, t) || opens_body(t) {
            break;
        }
        end = line.end;
    }
    let head = doc.text.get(..end).unwrap_or("");
    years(doc.grammars, head).first().map(|y| Period {
        from: y.from,
        to: y.to,
    })
}

/// A line that opens the body: "I. …", "1. …", "Điều 1." (emphasis allowed).
fn opens_body(line: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        crate::re::constant(r"^[*_\s]*(?:[IVXL]{1,5}|[0-9]{1,2}|Điều\s+[0-9]+)\.(?:\s|\*|$)")
    });
    re.is_match(line)
}

/// The year of issue printed in the header ("ngày 27 tháng 10 năm 2021",
/// "ngày 27/10/2021"), for documents without a stated period.
pub fn issue_year(doc: &Doc) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        crate::re::constant(r"(?i)ngày\s+[0-9]{1,2}\s*(?:tháng\s*[0-9]{1,2}\s*năm\s*|[/.-][0-9]{1,2}[/.-])((?:19|20)[0-9]{2})")
    });
    let end = doc.lines.get(40).map_or(doc.text.len(), |l| l.start);
    let head = doc.text.get(..end)?;
    re.captures(head)?.get(1)?.as_str().parse().ok()
}

/// Builds grammars/target_years.toml and runs its examples (see
/// [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    let t = &g.try_cached(Slot::TargetYears, build_year_words)?.table;
    let fail = |ex: &str, what: String| Err(g.error_at("target_years", ex, what));
    for ex in t.not_deadline.iter().flat_map(|e| e.examples.iter()) {
        if let Some(y) = years(g, ex).first() {
            return fail(
                ex,
                format!("the example {ex:?} names {} as a deadline", y.to),
            );
        }
    }
    for e in &t.column_year {
        for ex in &e.examples {
            if cell_year(g, ex).is_none() {
                return fail(ex, format!("the header cell {ex:?} is not read as a year"));
            }
        }
        for ex in &e.not_examples {
            if let Some(y) = cell_year(g, ex) {
                return fail(ex, format!("the header cell {ex:?} is read as {y}"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_leave_out_baselines_and_dates() {
        let y = years(
            crate::rules::Grammars::builtin(),
            "Đến năm 2030, giảm 15% so với giai đoạn 2021-2025",
        );
        assert_eq!(y.len(), 1);
        assert_eq!(y[0].to, 2030);
        let y = years(
            crate::rules::Grammars::builtin(),
            "ngày 12 tháng 02 năm 2026; giai đoạn 2026 - 2027",
        );
        assert_eq!(y.len(), 1);
        assert_eq!((y[0].from, y[0].to), (2026, 2027));
        assert!(years(crate::rules::Grammars::builtin(), "so với năm 2020").is_empty());
        assert!(
            years(
                crate::rules::Grammars::builtin(),
                "NGÀY 15 THÁNG 8 NĂM 2024"
            )
            .is_empty()
        );
        let y = years(
            crate::rules::Grammars::builtin(),
            "giai đoạn 2026 - 2030, tầm nhìn đến năm 2045",
        );
        assert_eq!(y.len(), 1);
        assert_eq!(y[0].to, 2030);
    }

    #[test]
    fn texts_without_the_mark_of_a_year_name_none() {
        for t in [
            "năm 2025",
            "NĂM\n(2030",
            "giai đoạn\u{a0}1990",
            "Giai  Đoạn 2026 - 2027",
            "năm 20",
            "năm2025 và năm 2026",
            "ngày 5 tháng 3 năm 2021",
            "đạt 20% năm 19",
            "20",
            "",
            "m 20",
            "năm (2025)",
            "nămm 2025, năm  ((2025",
        ] {
            assert!(may_name_year(t) || !year_re().is_match(t), "{t:?}");
        }
        assert!(!may_name_year("đạt 20% hồ sơ năm nay"));
    }

    proptest::proptest! {
        #[test]
        fn every_year_found_has_the_mark(t in "[nămNĂMgiaGIAđoạnĐOẠ (\u{a0}\n–-]{0,12}(19|20)[0-9]{0,3}[ –-]{0,2}(20)?[0-9]{0,2}") {
            proptest::prop_assert!(may_name_year(&t) || !year_re().is_match(&t));
        }
    }
}
