//! The marks of a figure that sets no goal, or a goal (grammars/goal_rules.toml):
//! headings and phrases of results or of the past, criteria and rules,
//! rates and shares around a figure, goal words, and the documents of rules.

use super::keywords::Hits;
use crate::error::Result;
use crate::rules::{Grammars, Slot};
use crate::text::fold::{fold, lower};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalRules {
    heading: Vec<WordsEntry>,
    phrase: Vec<WordsEntry>,
    not_goal_heading: Vec<WordsEntry>,
    rubric: Vec<WordsEntry>,
    not_goal_phrase: Vec<WordsEntry>,
    goal_heading: Vec<WordsEntry>,
    goal_word: Vec<WordsEntry>,
    goal_word_mask: Vec<WordsEntry>,
    strong_goal_word: Vec<WordsEntry>,
    #[serde(default)]
    running_year_goal: Vec<WordsEntry>,
    not_goal_head: Vec<WordsEntry>,
    not_goal_tail: Vec<TailEntry>,
    #[serde(default)]
    threshold_table: Vec<ThresholdTableEntry>,
    rules_document: Vec<RulesEntry>,
}

/// The header of a table of thresholds (a criteria set, an indicator
/// table).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdTableEntry {
    header: Vec<String>,
    not_header: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not_examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsEntry {
    words: Vec<String>,
    #[serde(default)]
    keeps_goal: Vec<String>,
    /// The heading must also hold one of these (anywhere).
    #[serde(default)]
    with_any: Vec<String>,
    /// Longest heading text the words are read in.
    #[serde(default)]
    max_chars: Option<usize>,
    /// The words are read anywhere in a heading, not only at its start.
    #[serde(default)]
    anywhere: bool,
    #[serde(default)]
    examples: Vec<String>,
}

/// Words right after a figure that make it a share or a result, not a goal.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TailEntry {
    words: Vec<String>,
    /// One of these must stand right before the figure (none: any).
    #[serde(default)]
    head: Vec<String>,
    /// Words of the clause that keep the figure a goal.
    #[serde(default)]
    keeps_goal: Vec<String>,
    /// A change word before the figure keeps it a goal.
    #[serde(default)]
    keeps_change: bool,
    #[serde(default)]
    examples: Vec<String>,
}

/// What makes a document one of rules (a decree, a procedure, a set of
/// criteria) rather than a plan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesEntry {
    #[serde(default)]
    kinds: Vec<String>,
    #[serde(default)]
    title: Vec<String>,
    /// Title words that make it a plan all the same.
    #[serde(default)]
    plan_title: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

fn goal_rules(g: Grammars) -> &'static GoalRules {
    g.cached::<GoalRules>(Slot::GoalRules, build_goal_rules)
}

fn build_goal_rules(g: Grammars) -> Result<GoalRules> {
    Ok({
        let mut t: GoalRules = g.table("goal_rules")?;
        let lower = |v: &mut Vec<String>| v.iter_mut().for_each(|w| *w = w.to_lowercase());
        for e in t
            .heading
            .iter_mut()
            .chain(t.phrase.iter_mut())
            .chain(t.not_goal_heading.iter_mut())
            .chain(t.rubric.iter_mut())
            .chain(t.not_goal_phrase.iter_mut())
            .chain(t.goal_heading.iter_mut())
            .chain(t.goal_word.iter_mut())
            .chain(t.goal_word_mask.iter_mut())
            .chain(t.strong_goal_word.iter_mut())
            .chain(t.running_year_goal.iter_mut())
            .chain(t.not_goal_head.iter_mut())
        {
            lower(&mut e.words);
            lower(&mut e.keeps_goal);
            lower(&mut e.with_any);
        }
        for e in &mut t.not_goal_tail {
            lower(&mut e.words);
            lower(&mut e.head);
            lower(&mut e.keeps_goal);
        }
        for e in &mut t.threshold_table {
            lower(&mut e.header);
            lower(&mut e.not_header);
        }
        for e in &mut t.rules_document {
            lower(&mut e.kinds);
            lower(&mut e.title);
            lower(&mut e.plan_title);
        }
        t
    })
}

/// The words of the tables are lower case (see [`goal_rules`]).
fn starts_with_any(text: &str, entries: &[WordsEntry]) -> bool {
    starts_with_lower(&lower(text.trim()), entries)
}

fn starts_with_lower(t: &str, entries: &[WordsEntry]) -> bool {
    entries.iter().any(|e| {
        e.words.iter().any(|w| {
            if e.anywhere {
                super::keywords::has_words(t, w)
            } else {
                t.starts_with(w.as_str())
            }
        }) && !e.keeps_goal.iter().any(|w| t.starts_with(w.as_str()))
            && (e.with_any.is_empty() || e.with_any.iter().any(|w| t.contains(w.as_str())))
    })
}

/// The words of the tables read in clauses, lower case.
pub fn clause_words(g: Grammars) -> Vec<String> {
    let t = goal_rules(g);
    let mut words: Vec<String> = [
        &t.phrase,
        &t.rubric,
        &t.not_goal_phrase,
        &t.goal_word,
        &t.goal_heading,
        &t.goal_word_mask,
        &t.strong_goal_word,
        &t.running_year_goal,
    ]
    .into_iter()
    .flatten()
    .flat_map(|e| e.words.iter().chain(e.keeps_goal.iter()).cloned())
    .collect();
    words.extend(
        t.not_goal_tail
            .iter()
            .flat_map(|e| e.keeps_goal.iter().cloned()),
    );
    words.extend(t.rubric.iter().flat_map(|e| e.with_any.iter().cloned()));
    words
}

struct GoalRuleIds {
    phrase: Vec<usize>,
    /// Per entry: the ids of its words, of the words the clause must also
    /// hold (none: no such condition).
    rubric: Vec<(Vec<usize>, Vec<usize>)>,
    /// Per entry: the ids of its words, of the words that keep a goal.
    not_goal_phrase: Vec<(Vec<usize>, Vec<usize>)>,
    goal_word: Vec<usize>,
    goal_word_mask: Vec<usize>,
    strong_goal_word: Vec<usize>,
    running_year_goal: Vec<usize>,
    /// Per `not_goal_tail` entry: the ids of the words that keep a goal.
    tail_keeps: Vec<Vec<usize>>,
    /// Longest heading, ids.
    goal_heading: Vec<(usize, Vec<usize>)>,
}

fn goal_rule_ids(g: Grammars) -> &'static GoalRuleIds {
    g.cached::<GoalRuleIds>(Slot::GoalRuleIds, build_goal_rule_ids)
}

fn build_goal_rule_ids(g: Grammars) -> Result<GoalRuleIds> {
    Ok({
        let of = |v: &[WordsEntry]| {
            v.iter()
                .flat_map(|e| e.words.iter())
                .map(|w| super::keywords::keyword_id(g, w))
                .collect()
        };
        let ids = |v: &[String]| {
            v.iter()
                .map(|w| super::keywords::keyword_id(g, w))
                .collect::<Vec<_>>()
        };
        let t = goal_rules(g);
        GoalRuleIds {
            phrase: of(&t.phrase),
            rubric: t
                .rubric
                .iter()
                .map(|e| (ids(&e.words), ids(&e.with_any)))
                .collect(),
            not_goal_phrase: t
                .not_goal_phrase
                .iter()
                .map(|e| (ids(&e.words), ids(&e.keeps_goal)))
                .collect(),
            goal_word: of(&t.goal_word),
            goal_word_mask: of(&t.goal_word_mask),
            strong_goal_word: of(&t.strong_goal_word),
            running_year_goal: of(&t.running_year_goal),
            tail_keeps: t.not_goal_tail.iter().map(|e| ids(&e.keeps_goal)).collect(),
            goal_heading: t
                .goal_heading
                .iter()
                .map(|e| (e.max_chars.unwrap_or(120), of(std::slice::from_ref(e))))
                .collect(),
        }
    })
}

fn any_hit(hits: &Hits, ids: &[usize]) -> bool {
    ids.iter().any(|&i| hits.has(i))
}

/// True when the words before a figure put it in the past, by their
/// [`Hits`].
pub fn has_past_phrase_hits(g: Grammars, hits: &Hits) -> bool {
    any_hit(hits, &goal_rule_ids(g).phrase)
}

/// The clause sets a goal for the rest of a year still running
/// ("Phấn đấu hoàn thành 100% nhiệm vụ chi" under "TÌNH HÌNH THỰC HIỆN …
/// NĂM 2025" of a document of 2025).
pub fn has_running_year_goal_hits(g: Grammars, hits: &Hits) -> bool {
    any_hit(hits, &goal_rule_ids(g).running_year_goal)
}

/// The header text of a table (its first rows) is that of a table of
/// thresholds: a criteria set or an indicator table.
pub fn is_threshold_header(g: Grammars, header: &str) -> bool {
    let h = fold(header);
    goal_rules(g).threshold_table.iter().any(|e| {
        e.header.iter().any(|w| super::keywords::has_words(&h, w))
            && !e
                .not_header
                .iter()
                .any(|w| super::keywords::has_words(&h, w))
    })
}

/// How sure a clause's not-goal phrase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotGoal {
    /// A scoring band, a rate, a share of capital: never a goal.
    Sure,
    /// A forecast or a share of a whole ("dự báo", "chiếm khoảng"): a
    /// goal heading above the figure still makes it a goal.
    Weak,
}

/// The not-goal phrase a clause holds, by its [`Hits`]; an entry with
/// `keeps_goal` words is [`NotGoal::Weak`], and none when one of those
/// words is in the clause too.
pub fn not_goal_phrase_hits(g: Grammars, hits: &Hits) -> Option<NotGoal> {
    let ids = goal_rule_ids(g);
    if ids
        .rubric
        .iter()
        .any(|(words, with)| any_hit(hits, words) && (with.is_empty() || any_hit(hits, with)))
    {
        return Some(NotGoal::Sure);
    }
    let mut found = None;
    for (words, keeps) in &ids.not_goal_phrase {
        if !any_hit(hits, words) {
            continue;
        }
        if keeps.is_empty() {
            return Some(NotGoal::Sure);
        }
        if !any_hit(hits, keeps) {
            found = Some(NotGoal::Weak);
        }
    }
    found
}

/// True when a clause holds a word that sets a goal, by its [`Hits`];
/// `folded` is the clause read
/// through [`fold`], looked at again only when a goal word may stand
/// inside a longer word that sets none ("tăng cường", "không đạt").
pub fn has_goal_word_hits(g: Grammars, folded: &str, hits: &Hits) -> bool {
    let ids = goal_rule_ids(g);
    if !any_hit(hits, &ids.goal_word) {
        return false;
    }
    if !any_hit(hits, &ids.goal_word_mask) {
        return true;
    }
    let mut masked = folded.to_string();
    for e in &goal_rules(g).goal_word_mask {
        for w in &e.words {
            masked = masked.replace(w.as_str(), " ");
        }
    }
    any_hit(&Hits::new(g, &masked), &ids.goal_word)
}

/// A word that alone sets a goal ("phấn đấu", "mục tiêu", "chỉ tiêu").
pub fn has_strong_goal_word_hits(g: Grammars, hits: &Hits) -> bool {
    any_hit(hits, &goal_rule_ids(g).strong_goal_word)
}

/// The words right around a figure make it a rate, a share of a cost or a
/// result against the plan ("bằng 80% mức chi", "đạt 100% dự toán",
/// "3% tổng kinh phí"): `before` and `after` are the clause on either
/// side, `change` whether a change word heads the figure, `hits` the
/// clause's keywords.
pub fn not_goal_around(g: Grammars, before: &str, after: &str, change: bool, hits: &Hits) -> bool {
    // only the words next to the figure are read: fold just enough of them
    let want = longest_around_word(g) + 4;
    let before = folded_tail(
        before.trim_end_matches(|c: char| c == '(' || c == ':' || c.is_whitespace()),
        want,
    );
    let after = folded_head(
        after.trim_start_matches(|c: char| c == ')' || c.is_whitespace()),
        want,
    );
    words_around(g, &before, &after, change, hits)
}

/// [`not_goal_around`] of the [`fold`]ed words on either side of the
/// figure, the brackets and colon next to it left out.
fn words_around(g: Grammars, before: &str, after: &str, change: bool, hits: &Hits) -> bool {
    let ends_with = |w: &str| {
        before.strip_suffix(w).is_some_and(|rest| {
            rest.chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
    };
    let starts_with = |w: &str| {
        after
            .strip_prefix(w)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
    };
    let t = goal_rules(g);
    if t.not_goal_head
        .iter()
        .flat_map(|e| e.words.iter())
        .any(|w| ends_with(w))
    {
        return true;
    }
    let keeps = &goal_rule_ids(g).tail_keeps;
    t.not_goal_tail.iter().enumerate().any(|(i, e)| {
        e.words.iter().any(|w| starts_with(w))
            && (e.head.is_empty() || e.head.iter().any(|w| ends_with(w)))
            && !(e.keeps_change && change)
            && !keeps.get(i).is_some_and(|k| any_hit(hits, k))
    })
}

/// Bytes of the longest word [`not_goal_around`] looks for.
fn longest_around_word(g: Grammars) -> usize {
    *g.cached::<usize>(Slot::GoalWordCount, build_longest_around_word)
}

fn build_longest_around_word(g: Grammars) -> Result<usize> {
    Ok({
        let t = goal_rules(g);
        let head = t.not_goal_head.iter().flat_map(|e| e.words.iter());
        let tail = t
            .not_goal_tail
            .iter()
            .flat_map(|e| e.words.iter().chain(e.head.iter()));
        head.chain(tail).map(String::len).max().unwrap_or(0)
    })
}

/// The end of [`fold`]`(s)`, at least `want` bytes of it (or all): the
/// fold of the last words of `s`.
fn folded_tail(s: &str, want: usize) -> String {
    let mut take = want.saturating_mul(2);
    loop {
        if take >= s.len() {
            return fold(s);
        }
        let mut cut = s.len() - take;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        // start after a blank: the fold of whole words
        let Some((at, c)) = s
            .get(..cut)
            .and_then(|h| h.char_indices().rev().find(|(_, c)| c.is_whitespace()))
        else {
            return fold(s);
        };
        let tail = fold(s.get(at + c.len_utf8()..).unwrap_or(""));
        if tail.len() >= want {
            return tail;
        }
        take = take.saturating_mul(2);
    }
}

/// The start of [`fold`]`(s)`, at least `want` bytes of it (or all): the
/// fold of the first words of `s`.
fn folded_head(s: &str, want: usize) -> String {
    let mut take = want.saturating_mul(2);
    loop {
        if take >= s.len() {
            return fold(s);
        }
        let mut cut = take;
        while !s.is_char_boundary(cut) {
            cut += 1;
        }
        // end before a blank: the fold of whole words
        let Some(at) = s
            .get(cut..)
            .and_then(|t| t.find(char::is_whitespace))
            .map(|i| cut + i)
        else {
            return fold(s);
        };
        let head = fold(s.get(..at).unwrap_or(""));
        if head.len() >= want {
            return head;
        }
        take = take.saturating_mul(2);
    }
}

/// A document of rules (a decree, an internal procedure, a set of
/// criteria), by its kind and title: its figures are goals only where a
/// strong goal word or a goal heading says so.
pub fn is_rules_document(g: Grammars, kind: Option<&str>, title: Option<&str>) -> bool {
    let kind = kind.map(|k| k.trim().to_lowercase());
    let title = fold(title.unwrap_or(""));
    goal_rules(g).rules_document.iter().any(|e| {
        let by_kind = kind
            .as_ref()
            .is_some_and(|k| e.kinds.iter().any(|w| w == k));
        let by_title = e
            .title
            .iter()
            .any(|w| super::keywords::has_words(&title, w))
            && !e
                .plan_title
                .iter()
                .any(|w| super::keywords::has_words(&title, w));
        by_kind || by_title
    })
}

/// True when a heading of `chars` characters announces goals, by its
/// [`Hits`].
pub fn is_goal_heading_hits(g: Grammars, chars: usize, hits: &Hits) -> bool {
    goal_rule_ids(g)
        .goal_heading
        .iter()
        .any(|(max, ids)| chars <= *max && any_hit(hits, ids))
}

/// True when a heading, trimmed and lower-cased, opens a section of
/// results or situation, or of criteria, thresholds or allocation rules.
pub fn past_or_not_goal_heading_lower(g: Grammars, t: &str) -> bool {
    let p = goal_rules(g);
    starts_with_lower(t, &p.heading) || starts_with_lower(t, &p.not_goal_heading)
}

/// True when a heading opens a section of results or situation.
fn is_past_heading(g: Grammars, text: &str) -> bool {
    starts_with_any(text, &goal_rules(g).heading)
}

/// True when the words before a figure put it in the past.
fn has_past_phrase(g: Grammars, before: &str) -> bool {
    has_past_phrase_hits(g, &Hits::new(g, &fold(before)))
}

/// True when a heading opens criteria, thresholds or allocation rules.
fn is_not_goal_heading(g: Grammars, text: &str) -> bool {
    starts_with_any(text, &goal_rules(g).not_goal_heading)
}

/// True when a clause is a scoring band, an allocation ratio and the like.
fn has_not_goal_phrase(g: Grammars, clause: &str) -> bool {
    not_goal_phrase_hits(g, &Hits::new(g, &fold(clause))).is_some()
}

/// True when a heading announces goals.
fn is_goal_heading(g: Grammars, text: &str) -> bool {
    is_goal_heading_hits(g, text.chars().count(), &Hits::new(g, &fold(text)))
}

/// True when a clause holds a word that sets a goal.
fn has_goal_word(g: Grammars, clause: &str) -> bool {
    let folded = fold(clause);
    has_goal_word_hits(g, &folded, &Hits::new(g, &folded))
}

/// Builds this module's tables (see [`crate::rules::Grammars::load`]).
/// The typed table alone (the automata of the other modules read it).
pub(crate) fn check_table(g: Grammars) -> Result<()> {
    g.try_cached(Slot::GoalRules, build_goal_rules).map(drop)
}

/// Splits an example at its first figure ("… đạt 100% dự toán": the first
/// number that reads as one; "11,4 tỷ đồng" does not) and asks
/// [`not_goal_around`]; `None` for an example without a figure.
fn around_example(g: Grammars, ex: &str) -> Option<bool> {
    let (start, len) = ex
        .char_indices()
        .filter(|&(i, c)| {
            c.is_ascii_digit()
                && !ex.get(..i).is_some_and(|b| {
                    b.ends_with(|p: char| p.is_ascii_digit() || p == ',' || p == '.')
                })
        })
        .find_map(|(i, _)| crate::parse::comparator::figure(ex.get(i..)?).map(|(_, l)| (i, l)))?;
    let before = ex.get(..start)?;
    let after = ex.get(start + len..)?;
    let change = crate::parse::comparator::head(g, before).change.is_some();
    Some(not_goal_around(
        g,
        before,
        after,
        change,
        &Hits::new(g, &fold(ex)),
    ))
}

/// Builds this module's automata and runs the examples of
/// grammars/goal_rules.toml and grammars/target_years.toml (see [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    let t = goal_rules(g);
    g.try_cached(Slot::GoalRuleIds, build_goal_rule_ids)?;
    g.try_cached(Slot::GoalWordCount, build_longest_around_word)?;
    let examples = |v: &'static [WordsEntry]| v.iter().flat_map(|e| e.examples.iter());
    let hits = |ex: &str| Hits::new(g, &fold(ex));
    // per group of entries: what its examples must be, and the test
    type Group<'a> = (
        &'static [WordsEntry],
        &'static str,
        &'a dyn Fn(&str) -> bool,
    );
    let words: [Group<'_>; 11] = [
        (&t.heading, "a heading of results", &|ex| {
            is_past_heading(g, ex)
        }),
        (&t.phrase, "a clause about the past", &|ex| {
            has_past_phrase(g, ex)
        }),
        (
            &t.not_goal_heading,
            "a heading of criteria or rules",
            &|ex| is_not_goal_heading(g, ex),
        ),
        (&t.not_goal_phrase, "a clause that sets no goal", &|ex| {
            has_not_goal_phrase(g, ex)
        }),
        (&t.rubric, "a band of a rubric", &|ex| {
            has_not_goal_phrase(g, ex)
        }),
        (&t.goal_heading, "a goal heading", &|ex| {
            is_goal_heading(g, ex)
        }),
        (&t.goal_word, "a clause with a goal word", &|ex| {
            has_goal_word(g, ex)
        }),
        (&t.goal_word_mask, "a clause without a goal word", &|ex| {
            !has_goal_word(g, ex)
        }),
        (
            &t.strong_goal_word,
            "a clause with a strong goal word",
            &|ex| has_strong_goal_word_hits(g, &hits(ex)),
        ),
        (&t.running_year_goal, "a goal for the running year", &|ex| {
            has_running_year_goal_hits(g, &hits(ex))
        }),
        (
            &t.not_goal_head,
            "a rate or a share (the words before the figure)",
            &|ex| around_example(g, ex) == Some(true),
        ),
    ];
    for (entries, what, reads) in words {
        if let Some(ex) = examples(entries).find(|ex| !reads(ex)) {
            return Err(g.error_at(
                "goal_rules",
                ex,
                format!("the example {ex:?} is not read as {what}"),
            ));
        }
    }
    let fail = |ex: &str, what: &str| {
        Err(g.error_at(
            "goal_rules",
            ex,
            format!("the example {ex:?} is not read as {what}"),
        ))
    };
    for ex in t.not_goal_tail.iter().flat_map(|e| e.examples.iter()) {
        if around_example(g, ex) != Some(true) {
            return fail(
                ex,
                "a rate, a share or a result (the words after the figure)",
            );
        }
    }
    for e in &t.threshold_table {
        if let Some(ex) = e.examples.iter().find(|ex| !is_threshold_header(g, ex)) {
            return fail(ex, "the header of a table of thresholds");
        }
        if let Some(ex) = e.not_examples.iter().find(|ex| is_threshold_header(g, ex)) {
            return fail(ex, "no header of a table of thresholds (it is one)");
        }
    }
    for ex in t.rules_document.iter().flat_map(|e| e.examples.iter()) {
        if !is_rules_document(g, None, Some(ex)) {
            return fail(ex, "the title of a document of rules");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_marks() {
        assert!(is_past_heading(
            crate::rules::Grammars::builtin(),
            "Kết quả."
        ));
        assert!(is_past_heading(
            crate::rules::Grammars::builtin(),
            "ĐÁNH GIÁ CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2016-2017"
        ));
        assert!(!is_past_heading(
            crate::rules::Grammars::builtin(),
            "Mục tiêu cụ thể"
        ));
        assert!(has_past_phrase(
            crate::rules::Grammars::builtin(),
            "năm 2020 đã đạt "
        ));
        assert!(!has_past_phrase(
            crate::rules::Grammars::builtin(),
            "phấn đấu đạt "
        ));
        assert!(!is_past_heading(
            crate::rules::Grammars::builtin(),
            "Kết quả cần đạt"
        ));
        assert!(!is_past_heading(
            crate::rules::Grammars::builtin(),
            "Đánh giá mức độ hài lòng"
        ));
    }

    #[test]
    fn goal_and_not_goal_marks() {
        assert!(!has_not_goal_phrase(
            crate::rules::Grammars::builtin(),
            "100% hồ sơ được tính toán chi phí đúng quy định"
        ));
        assert!(!has_goal_word(
            crate::rules::Grammars::builtin(),
            "Có dưới 60% đường thôn được cứng hóa"
        ));
        assert!(!is_goal_heading(
            crate::rules::Grammars::builtin(),
            "Tiêu chí xác định thôn"
        ));
        assert!(!is_goal_heading(
            crate::rules::Grammars::builtin(),
            "NGHỊ QUYẾT QUY ĐỊNH MỨC CHI NGÂN SÁCH ĐỊA PHƯƠNG GIAI ĐOẠN 2026 - 2030"
        ));
    }

    fn around(ex: &str) -> bool {
        around_example(crate::rules::Grammars::builtin(), ex).expect("a figure")
    }

    /// [`not_goal_around`] as it was: the whole clause folded on each side.
    fn not_goal_around_whole(before: &str, after: &str, change: bool, hits: &Hits) -> bool {
        let before = fold(before);
        let after = fold(after);
        words_around(
            crate::rules::Grammars::builtin(),
            before.trim_end_matches(['(', ' ', ':']),
            after.trim_start_matches([' ', ')']),
            change,
            hits,
        )
    }

    fn around_agrees(before: &str, after: &str) {
        for change in [false, true] {
            let h = Hits::new(
                crate::rules::Grammars::builtin(),
                &fold(&format!("{before} 5% {after}")),
            );
            assert_eq!(
                not_goal_around(crate::rules::Grammars::builtin(), before, after, change, &h),
                not_goal_around_whole(before, after, change, &h),
                "{before:?} | {after:?}"
            );
        }
    }

    #[test]
    fn words_next_to_a_figure_read_as_the_whole_clause() {
        let t = goal_rules(crate::rules::Grammars::builtin());
        let mut words: Vec<&str> = t
            .not_goal_head
            .iter()
            .flat_map(|e| e.words.iter())
            .chain(
                t.not_goal_tail
                    .iter()
                    .flat_map(|e| e.words.iter().chain(e.head.iter())),
            )
            .map(String::as_str)
            .collect();
        words.push("");
        for w in &words {
            for v in &words {
                let before = format!("Phấn đấu tiết kiệm chi thường xuyên, {w}  ( :");
                let after = format!(" ) {v}\n được giao trong năm");
                around_agrees(&before, &after);
                around_agrees(&w.to_uppercase(), &v.to_uppercase());
                around_agrees(&format!("x{w}"), &format!("{v}x"));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn words_next_to_a_figure_read_as_the_whole_clause_on_any_text(
            before in "[a-zđ()KΣ: \u{a0}\n]{0,60}",
            after in "[a-zđ()KΣ: \u{a0}\n]{0,60}",
        ) {
            around_agrees(&before, &after);
        }
    }

    #[test]
    fn words_around_a_figure() {
        // a goal stays one
        assert!(!around("Phấn đấu đạt 100% kế hoạch vốn được giao"));
        assert!(!around("tiết kiệm 10% kinh phí chi thường xuyên"));
        assert!(!around("Tỷ lệ hồ sơ trực tuyến đạt 90% trở lên"));
        assert!(!around("100% kế hoạch kiểm tra được thực hiện"));
        assert!(!around("Tỷ lệ hài lòng bằng lòng đạt 90%"));
        assert!(!around("thu ngân sách tăng 15% so với năm trước"));
        assert!(!around("giảm 10% mức chi hành chính"));
        assert!(!around(
            "Phấn đấu bố trí đủ 100% kinh phí cho công tác cải cách"
        ));
    }

    #[test]
    fn masked_goal_words_set_no_goal() {
        assert!(!has_goal_word(
            crate::rules::Grammars::builtin(),
            "Tăng cường kiểm tra 100% cơ sở"
        ));
        assert!(has_goal_word(
            crate::rules::Grammars::builtin(),
            "Tăng cường kiểm tra, tăng 10% số cơ sở được kiểm tra"
        ));
        assert!(has_goal_word(
            crate::rules::Grammars::builtin(),
            "không đạt dưới 90%, phấn đấu đạt 95%"
        ));
    }

    #[test]
    fn strong_goal_words() {
        assert!(!has_strong_goal_word_hits(
            crate::rules::Grammars::builtin(),
            &Hits::new(
                crate::rules::Grammars::builtin(),
                &fold("bảo đảm số người tham dự đạt 50%")
            )
        ));
    }

    #[test]
    fn forecasts_and_shares_keep_a_goal_they_set() {
        assert!(has_not_goal_phrase(
            crate::rules::Grammars::builtin(),
            "Dịch vụ chiếm khoảng 40,94%"
        ));
        assert!(has_not_goal_phrase(
            crate::rules::Grammars::builtin(),
            "dự báo tốc độ tăng trưởng GRDP khoảng từ 10 - 10,5%/năm"
        ));
        assert!(!has_not_goal_phrase(
            crate::rules::Grammars::builtin(),
            "Phấn đấu đến năm 2030 kinh tế số chiếm khoảng 30% GRDP"
        ));
        assert!(!has_not_goal_phrase(
            crate::rules::Grammars::builtin(),
            "Mục tiêu đến năm 2030 dự báo được 90% các đợt ô nhiễm"
        ));
        assert!(!has_not_goal_phrase(
            crate::rules::Grammars::builtin(),
            "100% nạn nhân được hưởng các dịch vụ hỗ trợ"
        ));
    }

    #[test]
    fn criteria_and_rules_headings() {
        assert!(is_not_goal_heading(
            crate::rules::Grammars::builtin(),
            "Các tỉnh được công nhận đạt chuẩn văn hóa khi đáp ứng các tiêu chí sau:"
        ));
        assert!(is_not_goal_heading(
            crate::rules::Grammars::builtin(),
            "Quy định về thành phần cử tri"
        ));
        assert!(!is_not_goal_heading(
            crate::rules::Grammars::builtin(),
            "Mục tiêu cụ thể đến năm 2030"
        ));
        assert!(!is_not_goal_heading(
            crate::rules::Grammars::builtin(),
            "Hoàn thiện bộ tiêu chí đánh giá và các tiêu chí khác"
        ));
        assert!(is_past_heading(
            crate::rules::Grammars::builtin(),
            "Dự báo tình hình kinh tế năm 2026"
        ));
        assert!(!is_past_heading(
            crate::rules::Grammars::builtin(),
            "Mục tiêu dự báo, cảnh báo sớm"
        ));
    }

    #[test]
    fn documents_of_rules() {
        assert!(is_rules_document(
            crate::rules::Grammars::builtin(),
            Some("Nghị định"),
            Some("Sửa đổi một số điều")
        ));
        assert!(!is_rules_document(
            crate::rules::Grammars::builtin(),
            Some("Kế hoạch"),
            Some("Cải cách thủ tục hành chính năm 2025")
        ));
        assert!(!is_rules_document(
            crate::rules::Grammars::builtin(),
            Some("Quyết định"),
            Some("Ban hành Kế hoạch thực hiện quy chế dân chủ ở cơ sở")
        ));
        assert!(!is_rules_document(
            crate::rules::Grammars::builtin(),
            None,
            None
        ));
    }

    #[test]
    fn the_examples_of_the_goal_rules_read() {
        if let Err(e) = check(crate::rules::Grammars::builtin()) {
            panic!("{e}");
        }
    }
}
