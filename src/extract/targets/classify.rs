//! Reform area of a target, read through the keyword table
//! grammars/areas.toml (its keywords found by [`Hits`]).

use super::keywords::{Hits, has_words, keyword_id, whole_words};
use crate::error::Result;
use crate::rules::{Grammars, Slot};
use crate::text::fold::fold;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaTable {
    title: Vec<TitleEntry>,
    heading: Vec<AreaEntry>,
    sentence: Vec<AreaEntry>,
    title_subject: Vec<TitleSubjectEntry>,
    reform_plan: Vec<ReformPlanEntry>,
    subject: Vec<SubjectEntry>,
}

/// How a title names its subject (grammars/areas.toml `[[title_subject]]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TitleSubjectEntry {
    reach: usize,
    skip: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not_examples: Vec<String>,
}

/// What makes a plan one organised by reform area.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReformPlanEntry {
    title_words: Vec<String>,
    min_areas: usize,
    #[serde(default)]
    examples: Vec<String>,
}

/// A goal's own subject that is a reform area (outside reform plans).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubjectEntry {
    area: String,
    keywords: Vec<String>,
    #[serde(default)]
    title_keywords: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not_examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TitleEntry {
    words: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaEntry {
    area: String,
    keywords: Vec<String>,
    #[serde(default)]
    overrides_heading: bool,
    #[serde(default)]
    examples: Vec<String>,
}

fn areas(g: Grammars) -> &'static AreaTable {
    g.cached::<AreaTable>(Slot::Areas, build_areas)
}

fn build_areas(g: Grammars) -> Result<AreaTable> {
    Ok({
        let mut t: AreaTable = g.table("areas")?;
        for e in t.heading.iter_mut().chain(t.sentence.iter_mut()) {
            e.keywords.iter_mut().for_each(|w| *w = w.to_lowercase());
        }
        for e in &mut t.title {
            e.words.iter_mut().for_each(|w| *w = w.to_lowercase());
        }
        for e in &mut t.subject {
            for w in e.keywords.iter_mut().chain(e.title_keywords.iter_mut()) {
                *w = w.to_lowercase();
            }
        }
        for e in &mut t.reform_plan {
            e.title_words.iter_mut().for_each(|w| *w = w.to_lowercase());
        }
        for e in &mut t.title_subject {
            e.skip.iter_mut().for_each(|w| *w = w.to_lowercase());
        }
        t
    })
}

/// The keywords of grammars/areas.toml (sentence, heading and subject),
/// lower case: read through [`Hits`].
pub fn keyword_words(g: Grammars) -> impl Iterator<Item = &'static String> {
    let a = areas(g);
    let sentence = a.sentence.iter().flat_map(|e| e.keywords.iter());
    let heading = a.heading.iter().flat_map(|e| e.keywords.iter());
    let subject = a.subject.iter().flat_map(|e| e.keywords.iter());
    sentence.chain(heading).chain(subject)
}

/// Keyword ids of the tables read through [`Hits`].
struct Ids {
    /// Area, whether it wins over the heading, keyword ids.
    sentence: Vec<(&'static str, bool, Vec<usize>)>,
    /// Area, keyword ids.
    heading: Vec<(&'static str, Vec<usize>)>,
    /// Area, keyword ids ([`subject_area_hits`]).
    subject: Vec<(&'static str, Vec<usize>)>,
}

fn ids(g: Grammars) -> &'static Ids {
    g.cached::<Ids>(Slot::AreaIds, build_ids)
}

fn build_ids(g: Grammars) -> Result<Ids> {
    Ok({
        let of = |v: &[String]| v.iter().map(|w| keyword_id(g, w)).collect::<Vec<_>>();
        Ids {
            sentence: areas(g)
                .sentence
                .iter()
                .map(|e| (e.area.as_str(), e.overrides_heading, of(&e.keywords)))
                .collect(),
            heading: areas(g)
                .heading
                .iter()
                .map(|e| (e.area.as_str(), of(&e.keywords)))
                .collect(),
            subject: areas(g)
                .subject
                .iter()
                .map(|e| (e.area.as_str(), of(&e.keywords)))
                .collect(),
        }
    })
}

/// [`sentence_area`] of a text's [`Hits`].
pub fn sentence_area_hits(g: Grammars, hits: &Hits) -> Option<(&'static str, bool)> {
    ids(g)
        .sentence
        .iter()
        .find(|(_, _, k)| k.iter().any(|&i| hits.has(i)))
        .map(|(a, o, _)| (*a, *o))
}

/// The reform area a goal's own subject is, read outside reform plans
/// (grammars/areas.toml `[[subject]]`, first entry wins).
pub fn subject_area_hits(g: Grammars, hits: &Hits) -> Option<&'static str> {
    ids(g)
        .subject
        .iter()
        .find(|(_, k)| k.iter().any(|&i| hits.has(i)))
        .map(|(a, _)| *a)
}

/// [`subject_area_hits`] of a text.
pub fn subject_area(g: Grammars, text: &str) -> Option<&'static str> {
    subject_area_hits(g, &Hits::new(g, &fold(text)))
}

/// True when a document's title makes it a plan organised by reform area
/// ("Kế hoạch cải cách hành chính …").
pub fn is_reform_title(g: Grammars, title: &str) -> bool {
    let t = fold(title);
    areas(g)
        .reform_plan
        .iter()
        .flat_map(|e| e.title_words.iter())
        .any(|w| has_words(&t, w))
}

/// How many reform areas numbered headings must name for a plan to be
/// organised by reform area.
pub fn reform_min_areas(g: Grammars) -> usize {
    areas(g)
        .reform_plan
        .iter()
        .map(|e| e.min_areas)
        .min()
        .unwrap_or(usize::MAX)
}

/// The one subject a title names near its start, if it is a reform area:
/// "Chuyển đổi số trong hoạt động xây dựng …" is `digital_government`.
pub fn title_subject(g: Grammars, title: &str) -> Option<&'static str> {
    let a = areas(g);
    let t = fold(title);
    let mut rest = t.trim_start_matches([' ', '"', '“', '(']);
    // drop the words that open a title, as often as they come
    loop {
        let skipped = a
            .title_subject
            .iter()
            .flat_map(|e| e.skip.iter())
            .filter(|w| rest.starts_with(w.as_str()) && whole_words(rest, 0, w.len(), w))
            .map(|w| w.len())
            .max();
        match skipped {
            Some(n) => rest = rest.get(n..).unwrap_or("").trim_start(),
            None => break,
        }
    }
    let reach = a.title_subject.iter().map(|e| e.reach).max().unwrap_or(0);
    // a keyword must start within `reach` words of the subject's start
    let cutoff = rest
        .match_indices(' ')
        .nth(reach.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    let starts_early = |k: &String| {
        rest.match_indices(k.as_str())
            .take_while(|(i, _)| *i < cutoff)
            .any(|(i, _)| whole_words(rest, i, i + k.len(), k))
    };
    a.subject
        .iter()
        .find(|e| {
            e.keywords
                .iter()
                .chain(e.title_keywords.iter())
                .any(starts_early)
        })
        .map(|e| e.area.as_str())
}

/// The area a heading's text names, if any.
pub fn heading_area(g: Grammars, text: &str) -> Option<&'static str> {
    let t = fold(text);
    areas(g)
        .heading
        .iter()
        .find(|e| e.keywords.iter().any(|k| has_words(&t, k)))
        .map(|e| e.area.as_str())
}

/// [`heading_area`] of a heading's [`Hits`].
pub fn heading_area_hits(g: Grammars, hits: &Hits) -> Option<&'static str> {
    ids(g)
        .heading
        .iter()
        .find(|(_, k)| k.iter().any(|&i| hits.has(i)))
        .map(|(a, _)| *a)
}

/// True when an unnumbered heading, [`fold`]ed, is a document or appendix
/// title.
pub fn is_title_folded(g: Grammars, t: &str) -> bool {
    areas(g)
        .title
        .iter()
        .flat_map(|e| e.words.iter())
        .any(|w| t.starts_with(w.as_str()))
}

/// The area a clause speaks of, and whether it wins over the heading.
pub fn sentence_area(g: Grammars, text: &str) -> Option<(&'static str, bool)> {
    sentence_area_hits(g, &Hits::new(g, &fold(text)))
}

/// Builds this module's tables (see [`crate::rules::Grammars::load`]).
/// The typed table alone (the automata of the other modules read it).
pub(crate) fn check_table(g: Grammars) -> Result<()> {
    g.try_cached(Slot::Areas, build_areas).map(drop)
}

/// Builds this module's automata and reads the examples and
/// `not_examples` of grammars/areas.toml (see
/// [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    let t = g.try_cached(Slot::Areas, build_areas)?;
    g.try_cached(Slot::AreaIds, build_ids)?;
    let fail = |ex: &str, what: String| Err(g.error_at("areas", ex, what));
    for e in &t.heading {
        for ex in &e.examples {
            let got = heading_area(g, ex);
            if got != Some(e.area.as_str()) {
                return fail(
                    ex,
                    format!("the heading {ex:?} is of area {got:?}, not `{}`", e.area),
                );
            }
        }
    }
    for e in &t.sentence {
        for ex in &e.examples {
            let got = sentence_area(g, ex).map(|a| a.0);
            if got != Some(e.area.as_str()) {
                return fail(
                    ex,
                    format!("the clause {ex:?} is of area {got:?}, not `{}`", e.area),
                );
            }
        }
    }
    for e in &t.subject {
        for ex in &e.examples {
            let got = subject_area(g, ex);
            if got != Some(e.area.as_str()) {
                return fail(
                    ex,
                    format!("the subject {ex:?} is of area {got:?}, not `{}`", e.area),
                );
            }
        }
        if let Some(ex) = e
            .not_examples
            .iter()
            .find(|ex| subject_area(g, ex) == Some(e.area.as_str()))
        {
            return fail(ex, format!("the subject {ex:?} is of area `{}`", e.area));
        }
    }
    for e in &t.title_subject {
        if let Some(ex) = e.examples.iter().find(|ex| title_subject(g, ex).is_none()) {
            return fail(ex, format!("the title {ex:?} names no subject"));
        }
        for ex in &e.not_examples {
            if let Some(a) = title_subject(g, ex) {
                return fail(ex, format!("the title {ex:?} names the subject `{a}`"));
            }
        }
    }
    for e in &t.reform_plan {
        if let Some(ex) = e.examples.iter().find(|ex| !is_reform_title(g, ex)) {
            return fail(ex, format!("{ex:?} is not the title of a reform plan"));
        }
    }
    for e in &t.title {
        if let Some(ex) = e.examples.iter().find(|ex| !is_title_folded(g, &fold(ex))) {
            return fail(ex, format!("{ex:?} is not read as a title"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_examples() {
        if let Err(e) = check(crate::rules::Grammars::builtin()) {
            panic!("{e}");
        }
    }

    #[test]
    fn meeting_a_standard_is_no_area_of_its_own() {
        assert_eq!(
            sentence_area(
                crate::rules::Grammars::builtin(),
                "100% khu công nghiệp có công trình xử lý nước thải đạt chuẩn"
            ),
            None
        );
        assert_eq!(
            sentence_area(
                crate::rules::Grammars::builtin(),
                "Có 100% cán bộ, công chức cấp xã đạt chuẩn"
            )
            .map(|a| a.0),
            Some("civil_service")
        );
    }

    #[test]
    fn titles_and_their_subjects() {
        assert_eq!(
            title_subject(
                crate::rules::Grammars::builtin(),
                "Kế hoạch chuyển đổi số năm 2026 của Sở Y tế"
            ),
            Some("digital_government")
        );
        assert_eq!(
            title_subject(
                crate::rules::Grammars::builtin(),
                "Ban hành Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức năm 2026"
            ),
            Some("civil_service")
        );
        assert_eq!(
            title_subject(
                crate::rules::Grammars::builtin(),
                "Kế hoạch phòng, chống ma túy trên địa bàn tỉnh năm 2026"
            ),
            None
        );
    }

    #[test]
    fn a_plan_of_one_area_is_no_reform_plan() {
        assert!(!is_reform_title(
            crate::rules::Grammars::builtin(),
            "Kế hoạch chuyển đổi số năm 2026"
        ));
    }

    #[test]
    fn a_heading_in_capitals_is_no_title() {
        assert!(!is_title_folded(
            crate::rules::Grammars::builtin(),
            &fold("XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ")
        ));
    }
}
