//! The `period` of a plan (corpus/gold/SPEC.md "period"): the years its
//! title names ("giai đoạn 2021 - 2025", "năm 2023"), else, for a plan that
//! names only its end, the year it is issued to that end — the end the
//! title names ("… đến năm 2030"), or the last dated milestone of its goals
//! ("Đến hết năm 2025 …", "Mục tiêu cụ thể đến năm 2030", a roadmap step
//! "(2025 - 2030)"). The words are data: grammars/periods.toml.

use crate::doc::Doc;
use crate::error::Result;
use crate::model::Period;
use crate::rules::{Grammars, Slot};
use regex::Regex;
use serde::Deserialize;
use std::sync::OnceLock;

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| crate::re::constant(pat))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    plan: Vec<PlanEntry>,
    end: Vec<EndEntry>,
    #[serde(default)]
    range: Vec<RangeEntry>,
}

/// What makes a range of years in a title no period.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeEntry {
    not_after: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanEntry {
    kinds: Vec<String>,
    title_words: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EndEntry {
    title: Vec<String>,
    milestone: Vec<String>,
    roadmap: Vec<String>,
    not_after: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

/// The table, every word lower case, longest first where order matters.
fn table(g: Grammars) -> &'static Table {
    g.cached::<Table>(Slot::Periods, build_table)
}

fn build_table(g: Grammars) -> Result<Table> {
    Ok({
        let mut t: Table = g.table("periods")?;
        let low = |v: &mut Vec<String>| {
            v.iter_mut().for_each(|w| *w = w.to_lowercase());
            v.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        };
        for p in &mut t.plan {
            low(&mut p.title_words);
        }
        for e in &mut t.end {
            low(&mut e.title);
            low(&mut e.milestone);
            low(&mut e.roadmap);
            low(&mut e.not_after);
        }
        for r in &mut t.range {
            low(&mut r.not_after);
        }
        t
    })
}

/// The years a title says the plan covers: "giai đoạn 2021 - 2025",
/// "2026-2030", "năm 2023"; a "tầm nhìn đến năm …" year is not part of it
/// (grammars/periods.toml `[[range]]`).
pub fn period(g: Grammars, title: &str) -> Option<Period> {
    static RANGE: OnceLock<Regex> = OnceLock::new();
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let range = re(
        &RANGE,
        r"(?i)(^|[^\d/])((?:19|20)\d{2})\s*(?:-|–|—|đến(?: năm)?)\s*((?:19|20)\d{2})($|[^\d/])",
    );
    let lower = title.to_lowercase();
    for c in range.captures_iter(&lower) {
        let (Some(a), Some(b)) = (c.get(2), c.get(3)) else {
            continue;
        };
        let before = lower.get(..a.start()).unwrap_or("");
        let tail: String = before.chars().rev().take(20).collect::<String>();
        let tail: String = tail.chars().rev().collect();
        if table(g)
            .range
            .iter()
            .flat_map(|r| r.not_after.iter())
            .any(|w| tail.contains(w.as_str()))
        {
            continue;
        }
        let (Ok(from), Ok(to)) = (a.as_str().parse::<i32>(), b.as_str().parse::<i32>()) else {
            continue;
        };
        if from <= to && to - from <= 30 {
            return Some(Period { from, to });
        }
    }
    let year = re(&YEAR, r"(?i)(\S+\s+)?(\S+\s+)?năm\s+((?:19|20)\d{2})\b");
    for c in year.captures_iter(&lower) {
        let w1 = c.get(1).map_or("", |m| m.as_str().trim());
        let w2 = c.get(2).map_or("", |m| m.as_str().trim());
        if w2 == "đến" {
            continue;
        }
        if w1 == "tháng" || (w2.chars().all(|ch| ch.is_ascii_digit()) && !w2.is_empty()) {
            // "tháng 8 năm 2024", "03 năm 2026"
            continue;
        }
        if let Some(Ok(y)) = c.get(3).map(|m| m.as_str().parse::<i32>()) {
            return Some(Period { from: y, to: y });
        }
    }
    None
}

/// True for a plan or programme: its kind, or a title that issues or
/// approves one.
pub fn is_plan(g: Grammars, kind: Option<&str>, title: Option<&str>) -> bool {
    let t = table(g);
    let kind_is = kind.is_some_and(|k| t.plan.iter().any(|p| p.kinds.iter().any(|x| x == k)));
    let title = title.map(str::to_lowercase).unwrap_or_default();
    kind_is
        || t.plan
            .iter()
            .flat_map(|p| p.title_words.iter())
            .any(|w| title.contains(w.as_str()))
}

/// The period of a plan that names only its end: from the year it is
/// issued (`issued`) to the end its title names, else to its last dated
/// milestone. `None` for a document that is no plan, or when the end is
/// before the issue or more than 30 years after it.
pub fn from_end(
    doc: &Doc,
    kind: Option<&str>,
    title: Option<&str>,
    issued: Option<i32>,
) -> Option<Period> {
    let g = doc.grammars;
    let from = issued?;
    if !is_plan(g, kind, title) {
        return None;
    }
    let to = title
        .and_then(|x| title_end(g, x))
        .or_else(|| last_milestone(doc))?;
    (from <= to && to - from <= 30).then_some(Period { from, to })
}

/// The year after "đến năm" in a title, not a vision's ("tầm nhìn đến năm
/// 2045").
fn title_end(g: Grammars, title: &str) -> Option<i32> {
    let lower = title.to_lowercase();
    table(g).end.iter().find_map(|e| {
        e.title.iter().find_map(|w| {
            lower.match_indices(w.as_str()).find_map(|(at, _)| {
                let before = lower.get(..at).unwrap_or("");
                let near: String = before.chars().rev().take(20).collect::<String>();
                let near: String = near.chars().rev().collect();
                if e.not_after.iter().any(|n| near.contains(n.as_str())) {
                    return None;
                }
                year_at(lower.get(at + w.len()..)?)
            })
        })
    })
}

/// A year of four digits (1900–2099) at the start of `s`, after blanks.
fn year_at(s: &str) -> Option<i32> {
    let s = s.trim_start();
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    let next = s.chars().nth(digits.chars().count());
    if digits.len() != 4 || next.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let y: i32 = digits.parse().ok()?;
    (1900..2100).contains(&y).then_some(y)
}

/// The text a line opens with, without table pipes, markdown marks and a
/// list marker ("| **II** | **Đến năm 2045** |" → "đến năm 2045 ").
fn opening(line: &str) -> String {
    let plain: String = line
        .chars()
        .map(|c| {
            if matches!(c, '|' | '*' | '#' | '_') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut words = plain.split_whitespace().peekable();
    let is_marker = |w: &str| {
        let core = w.trim_end_matches(['.', ')']);
        !core.is_empty()
            && core.chars().count() <= 5
            && (core.chars().all(|c| c.is_ascii_digit() || c == '.')
                || core.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
                || (core.chars().count() == 1 && w.len() > core.len()))
    };
    if words
        .peek()
        .is_some_and(|w| is_marker(w) || *w == "-" || *w == "+")
    {
        words.next();
    }
    words.collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The last year among the plan's dated milestones: lines that open with a
/// milestone ("Đến hết năm 2025", "Mục tiêu cụ thể đến năm 2030"), and
/// numbered steps that end with their years in brackets ("(2025 - 2030).").
fn last_milestone(doc: &Doc) -> Option<i32> {
    milestone_in(doc.grammars, &doc.text, &doc.lines)
}

/// [`last_milestone`] of a text and its lines.
fn milestone_in(g: Grammars, text: &str, lines: &[crate::segment::Line]) -> Option<i32> {
    let t = table(g);
    let mut last: Option<i32> = None;
    let mut see = |y: i32| last = Some(last.map_or(y, |l| l.max(y)));
    let mut prev = "";
    for line in lines {
        let raw = line.text(text);
        // a line that opens a paragraph, a heading or a table row: not the
        // wrapped rest of a sentence ("… sơ sinh" / "đến năm 2030; …")
        let opens =
            prev.trim().is_empty() || prev.trim_end().ends_with(['.', ':']) || raw.contains('|');
        prev = raw;
        if !opens {
            continue;
        }
        let open = opening(raw);
        for e in &t.end {
            if let Some(w) = e.milestone.iter().find(|w| open.starts_with(w.as_str())) {
                if let Some(y) = open.get(w.len()..).and_then(year_at) {
                    see(y);
                }
            }
        }
    }
    // roadmap steps: a paragraph that opens with a list marker and ends
    // with "(2025 - 2030)." — its lines joined
    let step = step_re(g);
    for para in text.split("\n\n") {
        let p = para.trim();
        let marked = p.split_whitespace().next().is_some_and(|w| {
            w.len() <= 4
                && w.ends_with(['.', ')'])
                && w.chars().next().is_some_and(char::is_alphanumeric)
        });
        if !marked {
            continue;
        }
        let joined = p.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(c) = step.captures(&joined) {
            for g in [c.get(1), c.get(2)].into_iter().flatten() {
                if let Ok(y) = g.as_str().parse() {
                    see(y);
                }
            }
        }
    }
    last
}

/// A roadmap step's years in brackets at the end of its paragraph, after
/// a grammars/periods.toml `roadmap` word perhaps ("(xuyên suốt 2025 -
/// 2035).", "(2026 trở đi)").
fn step_re(g: Grammars) -> &'static Regex {
    g.cached::<Regex>(Slot::PeriodSteps, build_step_re)
}

fn build_step_re(g: Grammars) -> Result<Regex> {
    let t = g.try_cached(Slot::Periods, build_table)?;
    let leads: Vec<String> = t
        .end
        .iter()
        .flat_map(|e| e.roadmap.iter())
        .map(|w| regex::escape(w))
        .collect();
    let pattern = format!(
        r"(?i)\((?:(?:{})\s+)?((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d)|\s+trở\s+đi)?\)\s*[.;]?\s*$",
        leads.join("|")
    );
    Regex::new(&pattern).map_err(|e| {
        let at = leads.first().map_or("roadmap", String::as_str);
        g.error_at(
            "periods",
            at,
            format!("the `roadmap` words make no regex: {e}"),
        )
    })
}

/// Builds this module's tables and runs the examples of
/// grammars/periods.toml (see [`crate::rules::Grammars::load`]): a plan's
/// title is one, a milestone under the goals of a plan dates its end, a
/// title with a vision's range names no period.
pub(crate) fn check(g: Grammars) -> Result<()> {
    let t = g.try_cached(Slot::Periods, build_table)?;
    g.try_cached(Slot::PeriodSteps, build_step_re)?;
    let fail = |ex: &str, what: String| Err(g.error_at("periods", ex, what));
    for ex in t.plan.iter().flat_map(|p| p.examples.iter()) {
        if !is_plan(g, None, Some(ex)) {
            return fail(ex, format!("{ex:?} is not the title of a plan"));
        }
    }
    for ex in t.end.iter().flat_map(|e| e.examples.iter()) {
        let text = format!("KẾ HOẠCH\n\nI. MỤC TIÊU\n\n{ex}\n");
        if milestone_in(g, &text, &crate::segment::lines(&text)).is_none() {
            return fail(ex, format!("{ex:?} is not read as a dated milestone"));
        }
    }
    for ex in t.range.iter().flat_map(|r| r.examples.iter()) {
        if let Some(p) = period(g, ex) {
            return fail(ex, format!("{ex:?} names the period {}-{}", p.from, p.to));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let p = |s: &str| period(Grammars::builtin(), s).map(|p| (p.from, p.to));
        assert_eq!(p("Kế hoạch giai đoạn 2021 - 2025"), Some((2021, 2025)));
        assert_eq!(p("cải cách năm 2023"), Some((2023, 2023)));
        assert_eq!(
            p("giai đoạn 2026-2030, tầm nhìn đến năm 2045"),
            Some((2026, 2030))
        );
        assert_eq!(p("Chỉ thị số 27/CT-TTg ngày 15 tháng 8 năm 2024"), None);
        assert_eq!(p("phòng chống ma túy đến năm 2030"), None);
        assert_eq!(p("tài chính 03 năm 2026 - 2028"), Some((2026, 2028)));
        assert_eq!(p("số 20/2023-2024"), None);
        assert_eq!(p("năm học 2024-2025"), Some((2024, 2025)));
    }

    fn doc(text: &str) -> Doc {
        let decoded = crate::decode::decode(text.as_bytes(), &Default::default()).expect("decodes");
        Doc::build(
            crate::rules::Grammars::builtin(),
            decoded,
            Default::default(),
        )
    }

    #[test]
    fn table_examples() {
        if let Err(e) = check(Grammars::builtin()) {
            panic!("{e}");
        }
    }

    #[test]
    fn a_plan_that_names_only_its_end() {
        let plan = Some("Kế hoạch");
        let d = doc("KẾ HOẠCH\n\nI. MỤC TIÊU\n\n1. Mục tiêu chung\n\nNâng cao chất lượng.\n");
        let p = |d: &Doc, title: &str| {
            from_end(d, plan, Some(title), Some(2025)).map(|p| (p.from, p.to))
        };
        assert_eq!(
            p(&d, "Phòng, chống ma túy đến năm 2030"),
            Some((2025, 2030))
        );
        assert_eq!(p(&d, "Phát triển du lịch, tầm nhìn đến năm 2045"), None);
        // dated milestones in the goals: a heading, a table's group row
        let d = doc(
            "KẾ HOẠCH\n\nI. MỤC TIÊU\n\n1. Đến hết năm 2026\n\n- 80% hồ sơ.\n\n2. Đến năm 2028\n\n- 100% hồ sơ.\n\n| TT | Chỉ tiêu |\n| **II** | **Đến năm 2035** |\n",
        );
        assert_eq!(p(&d, "Chuyển đổi số ngành y tế"), Some((2025, 2035)));
        // roadmap steps that end with their years
        let d = doc(
            "III. NHIỆM VỤ\n\n1. Hoàn thiện hạ tầng (2025 -\n2026).\n\n2. Đào tạo nhân lực (xuyên suốt 2025 - 2032).\n",
        );
        assert_eq!(p(&d, "Triển khai Đề án 06"), Some((2025, 2032)));
        // no plan, or no end: none
        let d = doc("Điều 1. Đến năm 2030 áp dụng mức chi.\n");
        assert_eq!(
            from_end(&d, Some("Nghị quyết"), Some("Quy định mức chi"), Some(2025)),
            None
        );
        let d = doc(
            "KẾ HOẠCH\n\nCác kế hoạch giai đoạn 2026 - 2030 được ban hành đầy đủ, các chương trình\nđến năm 2030; Quyết định số 496/QĐ-TTg.\n",
        );
        assert_eq!(
            p(&d, "Thực hiện Chỉ thị số 27/CT-TTg về công tác dân số"),
            None
        );
    }
}
