//! The indicator of a target: which entry of the catalogue in
//! grammars/indicators.toml a figure measures.
//!
//! A figure is matched on its OWN words, not on any word of its clause, so
//! that a stray word ("rơm, rạ được tái sử dụng" is no reuse of data) or
//! the subject of the next figure ("giảm 50% số cặp tảo hôn, giảm 60% số
//! cặp hôn nhân cận huyết thống") does not decide it:
//!
//! 1. the words after the figure, up to the words of the next figure of
//!    the clause (in a table row, up to the end of the figure's cell):
//!    "80% hồ sơ được số hóa";
//! 2. else the words before it after the last comma ("… được triển khai
//!    thanh toán trực tuyến, trong đó, tỷ lệ giao dịch thanh toán trực
//!    tuyến đạt từ 30%"; not in a table row, whose label may hold commas);
//! 3. else all the words before it, back to the figure before it in the
//!    clause: "Tỷ lệ hồ sơ giải quyết trực tuyến đạt 80%";
//! 4. else, for a figure listed after another with no words of its own
//!    ("… tương ứng là 30%, 20%, 15%"), the whole clause.
//!
//! Each indicator has rules; a rule matches when every `subject` group has
//! a word in the figure's own words, every `all` group a word anywhere in
//! the clause, no `none` word is in the clause, and its `change` (if any)
//! is the figure's. In each of the three steps the first indicator in file
//! order with a matching rule wins, so specific entries come first.

use super::keywords::{Hits, keyword_id};
use crate::error::Result;
use crate::model::Change;
use crate::rules::{Grammars, Slot};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    indicator: Vec<Indicator>,
}

/// One indicator of the catalogue.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable id, the value of a target's `indicator`.
    pub id: String,
    /// Vietnamese name, as the source document words it.
    pub name: String,
    /// Unit of the indicator ("%", "điểm", "% GDP", "%/năm" …).
    pub unit: String,
    /// The framework it belongs to ("Cải cách hành chính", "Bình đẳng giới" …).
    pub group: String,
    /// The document that defines it.
    pub source: String,
    rules: Vec<Rule>,
    /// Sentences whose figure (the first, or the one in `[ ]`) must get
    /// this id.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Sentences whose figure must NOT get this id.
    #[serde(default)]
    pub counter: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    subject: Vec<String>,
    #[serde(default)]
    all: Vec<String>,
    #[serde(default)]
    none: Vec<String>,
    /// Checked by its type: "reduce" or "increase".
    #[serde(default)]
    change: Option<Change>,
}

/// Alternatives of each group (`a|b`), trimmed, lower case.
fn groups(v: &[String]) -> Vec<Vec<String>> {
    v.iter()
        .map(|g| {
            g.split('|')
                .map(|a| a.trim().to_lowercase())
                .filter(|a| !a.is_empty())
                .collect()
        })
        .collect()
}

/// What is wrong with an entry, if anything.
fn check_entry(e: &Indicator) -> Option<String> {
    let blank = |s: &str| s.trim().is_empty();
    if blank(&e.id) || !e.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Some("`id` must be ASCII letters, digits and _".into());
    }
    for (field, v) in [
        ("name", &e.name),
        ("unit", &e.unit),
        ("group", &e.group),
        ("source", &e.source),
    ] {
        if blank(v) {
            return Some(format!("`{field}` is empty"));
        }
    }
    if e.rules.is_empty() {
        return Some("no `rules`".into());
    }
    for r in &e.rules {
        let subject = groups(&r.subject);
        if subject.is_empty()
            || subject
                .iter()
                .chain(groups(&r.all).iter())
                .any(Vec::is_empty)
        {
            return Some("a rule needs `subject` groups, none of them empty".into());
        }
    }
    None
}

fn table(g: Grammars) -> &'static [Indicator] {
    g.cached::<Vec<Indicator>>(Slot::Indicators, build_table)
}

fn build_table(g: Grammars) -> Result<Vec<Indicator>> {
    Ok({
        let t: Table = g.table("indicators")?;
        for e in &t.indicator {
            if let Some(why) = check_entry(e) {
                return Err(g.error_at(
                    "indicators",
                    &format!("id = \"{}\"", e.id),
                    format!("indicator `{}`: {why}", e.id),
                ));
            }
        }
        t.indicator
    })
}

/// The catalogue, in file order (an overlay's entries first).
pub fn catalogue(g: Grammars) -> &'static [Indicator] {
    table(g)
}

/// Every word the rules look for, lower case (for the keyword automaton).
pub(super) fn words(g: Grammars) -> Vec<String> {
    let mut w = Vec::new();
    for r in table(g).iter().flat_map(|e| e.rules.iter()) {
        for g in groups(&r.subject).into_iter().chain(groups(&r.all)) {
            w.extend(g);
        }
        w.extend(groups(&r.none).into_iter().flatten());
    }
    w
}

/// A rule with its words as keyword ids.
struct RuleIds {
    indicator: &'static str,
    change: Option<Change>,
    subject: Vec<Vec<usize>>,
    all: Vec<Vec<usize>>,
    none: Vec<usize>,
}

impl RuleIds {
    fn matches(&self, own: &Hits, clause: &Hits, change: Option<Change>) -> bool {
        let any = |h: &Hits, g: &[usize]| g.iter().any(|&i| h.has(i));
        self.change.is_none_or(|c| Some(c) == change)
            && self.subject.iter().all(|g| any(own, g))
            && self.all.iter().all(|g| any(clause, g))
            && !any(clause, &self.none)
    }
}

fn rule_ids(g: Grammars) -> &'static [RuleIds] {
    g.cached::<Vec<RuleIds>>(Slot::IndicatorRules, build_rule_ids)
}

fn build_rule_ids(g: Grammars) -> Result<Vec<RuleIds>> {
    Ok({
        let ids = |groups: Vec<Vec<String>>| -> Vec<Vec<usize>> {
            groups
                .iter()
                .map(|alts| alts.iter().map(|w| keyword_id(g, w)).collect())
                .collect()
        };
        table(g)
            .iter()
            .flat_map(|e| {
                e.rules.iter().map(move |r| RuleIds {
                    indicator: e.id.as_str(),
                    change: r.change,
                    subject: ids(groups(&r.subject)),
                    all: ids(groups(&r.all)),
                    none: groups(&r.none)
                        .iter()
                        .flatten()
                        .map(|w| keyword_id(g, w))
                        .collect(),
                })
            })
            .collect()
    })
}

/// The keywords of a figure's own words and of its clause.
pub struct Own<'a> {
    pub after: &'a Hits,
    /// The words before it after the last comma.
    pub near: &'a Hits,
    pub before: &'a Hits,
    pub clause: &'a Hits,
    /// The figure has (almost) no words of its own: it is listed after
    /// another and shares the clause's subject.
    pub listed: bool,
}

/// The id of the indicator a figure measures (see the module doc).
pub fn classify(g: Grammars, own: &Own, change: Option<Change>) -> Option<&'static str> {
    let rules = rule_ids(g);
    let first = |words: &Hits| {
        rules
            .iter()
            .find(|r| r.matches(words, own.clause, change))
            .map(|r| r.indicator)
    };
    first(own.after)
        .or_else(|| first(own.near))
        .or_else(|| first(own.before))
        .or_else(|| own.listed.then(|| first(own.clause)).flatten())
}

/// Byte ranges of a figure's own words in `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnRanges {
    /// From the end of the figure before it in the same clause (else the
    /// clause start) to the figure.
    pub before: (usize, usize),
    /// The end of `before` after its last `,` `;` `:` (all of `before` in
    /// a table row).
    pub near: (usize, usize),
    /// From the figure to the start of the next figure's words (else the
    /// clause end); in a table row, to the end of the figure's cell.
    pub after: (usize, usize),
}

/// The [`OwnRanges`] of the figure at `figure` in `clause`.
pub fn own_ranges(
    text: &str,
    clause: (usize, usize),
    figure: (usize, usize),
    prev_end: Option<usize>,
    next_start: Option<usize>,
) -> OwnRanges {
    let from = prev_end
        .filter(|&p| clause.0 <= p && p <= figure.0)
        .unwrap_or(clause.0);
    let mut to = next_start
        .filter(|&n| figure.1 <= n && n <= clause.1)
        .unwrap_or(clause.1)
        .max(figure.1);
    if let Some(cell_end) = text.get(figure.1..to).and_then(|t| t.find(['|', '\t'])) {
        to = figure.1 + cell_end;
    }
    let before = text.get(from..figure.0).unwrap_or("");
    let near = if before.contains(['|', '\t']) {
        from
    } else {
        before.rfind([',', ';', ':']).map_or(from, |i| from + i + 1)
    };
    OwnRanges {
        before: (from, figure.0),
        near: (near, figure.0),
        after: (figure.1, to),
    }
}

/// Words of `s` that hold a letter, counted up to `enough`.
pub fn letter_words(s: &str, enough: usize) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .take(enough)
        .count()
}

/// The figures of a sentence as the extractor reads them: start, end,
/// start of the words that set it ("giảm", "tối thiểu").
fn figures(g: Grammars, s: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let at_digit = s.as_bytes().get(i).is_some_and(u8::is_ascii_digit);
        let glued = s
            .get(..i)
            .and_then(|b| b.chars().next_back())
            .is_some_and(|c| c.is_alphanumeric() || c == '.' || c == ',' || c == '/');
        if at_digit && !glued {
            if let Some((_, len)) = s.get(i..).and_then(crate::parse::comparator::figure) {
                let head = crate::parse::comparator::head(g, s.get(..i).unwrap_or(""));
                out.push((i, i + len, i.saturating_sub(head.len)));
                i += len;
                continue;
            }
        }
        i += s
            .get(i..)
            .and_then(|r| r.chars().next())
            .map_or(1, char::len_utf8);
    }
    out
}

/// The indicator of an example sentence: of its first figure, or of the
/// one in `[ ]`.
fn example_indicator(g: Grammars, s: &str) -> Option<&'static str> {
    let marked = s.find('[');
    let text = s.replace(['[', ']'], "");
    let figs = figures(g, &text);
    let k = match marked {
        Some(m) => figs.iter().position(|f| f.0 == m)?,
        None => 0,
    };
    let (start, end, _) = *figs.get(k)?;
    let prev = k.checked_sub(1).and_then(|j| figs.get(j)).map(|f| f.1);
    let next = figs.get(k + 1).map(|f| f.2);
    let r = own_ranges(&text, (0, text.len()), (start, end), prev, next);
    let folded = |(s, e): (usize, usize)| crate::text::fold::fold(text.get(s..e).unwrap_or(""));
    let (bf, nf, af) = (folded(r.before), folded(r.near), folded(r.after));
    let change = crate::parse::comparator::head(g, text.get(..start).unwrap_or("")).change;
    let own = Own {
        near: &Hits::new(g, &nf),
        before: &Hits::new(g, &bf),
        after: &Hits::new(g, &af),
        clause: &Hits::new(g, &crate::text::fold::fold(&text)),
        listed: letter_words(&bf, 2) + letter_words(&af, 2) < 2,
    };
    classify(g, &own, change)
}

/// Builds grammars/indicators.toml alone (the keyword automaton of
/// [`super::classify`] reads its words).
pub(crate) fn check_table(g: Grammars) -> Result<()> {
    g.try_cached(Slot::Indicators, build_table).map(|_| ())
}

/// Builds this module's tables and reads the examples and counter-examples
/// of grammars/indicators.toml (see [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    let t = g.try_cached(Slot::Indicators, build_table)?;
    g.try_cached(Slot::IndicatorRules, build_rule_ids)?;
    for e in t {
        for ex in &e.examples {
            let got = example_indicator(g, ex);
            if got != Some(e.id.as_str()) {
                return Err(g.error_at(
                    "indicators",
                    ex,
                    format!("an example of `{}` is read as {got:?}", e.id),
                ));
            }
        }
        for ex in &e.counter {
            if example_indicator(g, ex) == Some(e.id.as_str()) {
                return Err(g.error_at(
                    "indicators",
                    ex,
                    format!("a counter-example of `{}` is read as it", e.id),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator_of(s: &str) -> Option<&'static str> {
        example_indicator(crate::rules::Grammars::builtin(), s)
    }

    #[test]
    fn every_example_gets_its_indicator_and_no_counter_example_does() {
        if let Err(e) = check(crate::rules::Grammars::builtin()) {
            panic!("{e}");
        }
    }

    #[test]
    fn every_indicator_is_named_sourced_and_has_both_kinds_of_examples() {
        let mut ids = std::collections::HashSet::new();
        for e in catalogue(crate::rules::Grammars::builtin()) {
            assert_eq!(check_entry(e), None, "{}", e.id);
            assert!(ids.insert(e.id.as_str()), "{} twice", e.id);
            assert!(!e.examples.is_empty(), "{}: no example", e.id);
            assert!(!e.counter.is_empty(), "{}: no counter-example", e.id);
            // a Vietnamese name: a letter outside ASCII
            assert!(
                e.name.chars().any(|c| c.is_alphabetic() && !c.is_ascii()),
                "{}: name {:?}",
                e.id,
                e.name
            );
        }
    }

    #[test]
    fn a_figure_is_read_on_its_own_words() {
        // the next figure's subject is not this one's
        assert_eq!(
            indicator_of(
                "Phấn đấu giảm 40% số cặp tảo hôn, giảm 55% số cặp hôn nhân cận huyết thống"
            ),
            Some("child_marriage_cut")
        );
        assert_eq!(
            indicator_of(
                "Phấn đấu giảm 40% số cặp tảo hôn, giảm [55%] số cặp hôn nhân cận huyết thống"
            ),
            Some("consanguineous_marriage_cut")
        );
        // a figure listed after another shares its words
        assert_eq!(
            indicator_of(
                "Số hóa kết quả giải quyết thủ tục hành chính ở cấp tỉnh, huyện, xã tương ứng là 40%, [35%], 25%"
            ),
            Some("records_digitised")
        );
        // the subject nearest the figure, after a comma
        assert_eq!(
            indicator_of(
                "Thủ tục hành chính có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến, trong đó, tỷ lệ giao dịch thanh toán trực tuyến đạt từ 35% trở lên"
            ),
            Some("online_payment")
        );
        // a stray word is no subject
        assert_eq!(
            indicator_of("100% rơm, rạ sau thu hoạch được tái sử dụng làm phân bón"),
            Some("crop_residue_reuse")
        );
        assert_eq!(indicator_of("100% cán bộ được nghỉ phép"), None);
        assert_eq!(
            indicator_of("trên 98% công chức được đánh giá hoàn thành nhiệm vụ"),
            None
        );
    }

    #[test]
    fn in_a_table_row_the_words_after_stop_at_the_cell() {
        let row = "| 5 | Tỷ lệ hồ sơ trực tuyến | % | 80 | Sở Khoa học và Công nghệ |";
        let at = row.find("80").unwrap_or(0);
        let r = own_ranges(row, (0, row.len()), (at, at + 2), None, None);
        assert_eq!(&row[r.after.0..r.after.1], " ");
        assert!(row[r.before.0..r.before.1].contains("Tỷ lệ hồ sơ"));
        // in a row, the near words are all the words before
        assert_eq!(r.near, r.before);
        let s = "Thanh toán trực tuyến, trong đó tỷ lệ giao dịch đạt 30%";
        let at = s.find("30").unwrap_or(0);
        let r = own_ranges(s, (0, s.len()), (at, at + 3), None, None);
        assert_eq!(&s[r.near.0..r.near.1], " trong đó tỷ lệ giao dịch đạt ");
    }
}
