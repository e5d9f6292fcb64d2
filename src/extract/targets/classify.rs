//! Reform area and indicator of a target, read through the keyword tables
//! grammars/areas.toml and grammars/indicators.toml.

use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaTable {
    title: Vec<TitleEntry>,
    heading: Vec<AreaEntry>,
    sentence: Vec<AreaEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TitleEntry {
    words: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
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
    #[allow(dead_code)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorTable {
    indicator: Vec<IndicatorEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorEntry {
    id: String,
    all: Vec<String>,
    #[serde(default)]
    change: Option<String>,
    #[serde(default)]
    none: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<String>,
    /// `all`, each group split at `|`, trimmed, lower case.
    #[serde(skip)]
    groups: Vec<Vec<String>>,
}

fn areas() -> &'static AreaTable {
    static T: OnceLock<AreaTable> = OnceLock::new();
    T.get_or_init(|| {
        let mut t: AreaTable = crate::rules::load_or_die("areas");
        for e in t.heading.iter_mut().chain(t.sentence.iter_mut()) {
            e.keywords.iter_mut().for_each(|w| *w = w.to_lowercase());
        }
        for e in &mut t.title {
            e.words.iter_mut().for_each(|w| *w = w.to_lowercase());
        }
        t
    })
}

fn indicators() -> &'static IndicatorTable {
    static T: OnceLock<IndicatorTable> = OnceLock::new();
    T.get_or_init(|| {
        let mut t: IndicatorTable = crate::rules::load_or_die("indicators");
        for e in &mut t.indicator {
            e.none.iter_mut().for_each(|w| *w = w.to_lowercase());
            e.groups = e
                .all
                .iter()
                .map(|g| g.split('|').map(|a| a.trim().to_lowercase()).collect())
                .collect();
        }
        t
    })
}

/// True when `needle` (lower case) occurs in `hay` (lower case) as whole
/// words.
pub fn has_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(i) = hay.get(from..).and_then(|h| h.find(needle)) {
        let s = from + i;
        let e = s + needle.len();
        let before_ok = hay
            .get(..s)
            .and_then(|b| b.chars().next_back())
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = hay
            .get(e..)
            .and_then(|a| a.chars().next())
            .is_none_or(|c| !c.is_alphanumeric());
        let edge_ok = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if (before_ok || edge_ok(needle.chars().next()))
            && (after_ok || edge_ok(needle.chars().last()))
        {
            return true;
        }
        from = s + needle.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Blanks squeezed to one space, lower case.
pub fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The area a heading's text names, if any.
pub fn heading_area(text: &str) -> Option<&'static str> {
    let t = fold(text);
    areas()
        .heading
        .iter()
        .find(|e| e.keywords.iter().any(|k| has_words(&t, k)))
        .map(|e| e.area.as_str())
}

/// True when an unnumbered heading is a document or appendix title.
pub fn is_title(text: &str) -> bool {
    let t = fold(text);
    areas()
        .title
        .iter()
        .flat_map(|e| e.words.iter())
        .any(|w| t.starts_with(w.as_str()))
}

/// The area a clause speaks of, and whether it wins over the heading.
pub fn sentence_area(text: &str) -> Option<(&'static str, bool)> {
    sentence_area_folded(&fold(text))
}

/// [`sentence_area`] of text already [`fold`]ed.
pub fn sentence_area_folded(t: &str) -> Option<(&'static str, bool)> {
    areas()
        .sentence
        .iter()
        .find(|e| e.keywords.iter().any(|k| has_words(t, k)))
        .map(|e| (e.area.as_str(), e.overrides_heading))
}

/// The catalogue id of the indicator a clause measures.
pub fn indicator(text: &str, change: Option<&str>) -> Option<&'static str> {
    indicator_folded(&fold(text), change)
}

/// [`indicator`] of text already [`fold`]ed.
pub fn indicator_folded(t: &str, change: Option<&str>) -> Option<&'static str> {
    indicators()
        .indicator
        .iter()
        .find(|e| {
            e.change.as_deref().is_none_or(|c| Some(c) == change)
                && !e.none.iter().any(|w| has_words(t, w))
                && e
                    .groups
                    .iter()
                    .all(|group| group.iter().any(|alt| has_words(t, alt)))
        })
        .map(|e| e.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_whole() {
        assert!(has_words("chỉ số pci của tỉnh", "pci"));
        assert!(!has_words("chỉ số pcix", "pci"));
        assert!(has_words("5%/năm", "/năm"));
        assert!(!has_words("tăng cường", "tăng c"));
    }

    #[test]
    fn area_examples() {
        for e in &areas().heading {
            for ex in &e.examples {
                assert_eq!(heading_area(ex), Some(e.area.as_str()), "{ex}");
            }
        }
        for e in &areas().sentence {
            for ex in &e.examples {
                assert_eq!(
                    sentence_area(ex).map(|a| a.0),
                    Some(e.area.as_str()),
                    "{ex}"
                );
            }
        }
    }

    #[test]
    fn title_examples() {
        for e in &areas().title {
            for ex in &e.examples {
                assert!(is_title(ex), "{ex}");
            }
        }
        assert!(!is_title(
            "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"
        ));
    }

    #[test]
    fn indicator_examples() {
        for e in &indicators().indicator {
            for ex in &e.examples {
                let lower = ex.to_lowercase();
                let change = if ["giảm", "cắt giảm", "rút ngắn"]
                    .iter()
                    .any(|w| has_words(&lower, w))
                {
                    Some("reduce")
                } else {
                    None
                };
                assert_eq!(indicator(ex, change), Some(e.id.as_str()), "{ex}");
            }
        }
        assert_eq!(indicator("100% cán bộ được nghỉ phép", None), None);
        assert_eq!(
            indicator("trên 98% công chức được đánh giá hoàn thành nhiệm vụ", None),
            None
        );
    }
}
