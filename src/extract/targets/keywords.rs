//! The keyword automaton every clause is read with: the words of
//! grammars/areas.toml, grammars/indicators.toml and grammars/goal_rules.toml
//! (gathered by [`super::keyword_list`]) found as whole words in one pass
//! ([`Hits`]), and the plain search for one word ([`has_words`]).

use crate::error::Result;
use crate::rules::{Grammars, Slot};

/// Every keyword a clause is read for (grammars/areas.toml sentence
/// keywords, grammars/indicators.toml rules, grammars/goal_rules.toml
/// clause words), found in one pass over the clause.
struct Keywords {
    /// `None` only if no automaton can be built for the words (an overlay
    /// beyond aho-corasick's size limits): then no keyword is found.
    ac: Option<aho_corasick::AhoCorasick>,
    words: Vec<String>,
    index: std::collections::HashMap<String, usize>,
}

impl Keywords {
    /// The automaton of `words` (sorted, without duplicates or empties).
    fn new(words: Vec<String>) -> Keywords {
        let build = |kind| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::Standard)
                .kind(kind)
                .build(&words)
        };
        // a DFA is fastest; a table too big for one gets the default kind
        let ac = build(Some(aho_corasick::AhoCorasickKind::DFA))
            .or_else(|_| build(None))
            .ok();
        let index = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i))
            .collect();
        Keywords { ac, words, index }
    }
}

fn keywords(g: Grammars) -> &'static Keywords {
    g.cached::<Keywords>(Slot::AreaKeywords, build)
}

fn build(g: Grammars) -> Result<Keywords> {
    let mut words = super::keyword_list(g);
    words.retain(|w| !w.is_empty());
    words.sort();
    words.dedup();
    Ok(Keywords::new(words))
}

/// Builds the automaton (see [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    g.try_cached(Slot::AreaKeywords, build).map(drop)
}

/// The id of a keyword for [`Hits::has`]; `usize::MAX` (never found) for
/// a word not in the tables or empty.
pub fn keyword_id(g: Grammars, word: &str) -> usize {
    keywords(g).index.get(word).copied().unwrap_or(usize::MAX)
}

/// The keywords that occur, as whole words, in a [`fold`]ed text: the same
/// answers as [`has_words`] for each, in one pass.
pub struct Hits(Vec<bool>);

impl Hits {
    pub fn new(g: Grammars, folded: &str) -> Hits {
        let k = keywords(g);
        let mut hit = vec![false; k.words.len()];
        for m in k.ac.iter().flat_map(|ac| ac.find_overlapping_iter(folded)) {
            let id = m.pattern().as_usize();
            if hit.get(id).copied().unwrap_or(true) {
                continue;
            }
            let Some(word) = k.words.get(id) else {
                continue;
            };
            if whole_words(folded, m.start(), m.end(), word) {
                if let Some(h) = hit.get_mut(id) {
                    *h = true;
                }
            }
        }
        Hits(hit)
    }

    pub fn has(&self, id: usize) -> bool {
        self.0.get(id).copied().unwrap_or(false)
    }
}

/// The occurrence of `needle` at `s..e` of `hay` stands as whole words.
pub(super) fn whole_words(hay: &str, s: usize, e: usize, needle: &str) -> bool {
    let before_ok = hay
        .get(..s)
        .and_then(|b| b.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric());
    let after_ok = hay
        .get(e..)
        .and_then(|a| a.chars().next())
        .is_none_or(|c| !c.is_alphanumeric());
    let edge_ok = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    (before_ok || edge_ok(needle.chars().next())) && (after_ok || edge_ok(needle.chars().last()))
}

/// True when `needle` (lower case) occurs in `hay` (lower case) as whole
/// words.
pub fn has_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    // a plain search: the texts are short, a searcher costs more to set up
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return false;
    };
    let mut from = 0;
    while let Some(i) = h
        .get(from..)
        .and_then(|r| r.iter().position(|&b| b == first))
    {
        let s = from + i;
        if h.get(s..s + n.len()) == Some(n) && whole_words(hay, s, s + n.len(), needle) {
            return true;
        }
        from = s + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold::fold;

    #[test]
    fn hits_agree_with_has_words() {
        let k = keywords(crate::rules::Grammars::builtin());
        for t in [
            "phấn đấu đạt 90% hồ sơ trực tuyến, đã đạt 80% năm 2020",
            "tăng cường chỉ số pcix và pci; 5%/năm điểm",
            "chuyển đổi số, cải cách thủ tục hành chính, dịch vụ công trực tuyến toàn trình",
        ] {
            let f = fold(t);
            let h = Hits::new(crate::rules::Grammars::builtin(), &f);
            for (i, w) in k.words.iter().enumerate() {
                assert_eq!(h.has(i), has_words(&f, w), "{w} in {f}");
            }
        }
    }

    /// [`has_words`] as it was, through `str::find`.
    fn has_words_by_find(hay: &str, needle: &str) -> bool {
        if needle.is_empty() {
            return false;
        }
        let mut from = 0;
        while let Some(i) = hay.get(from..).and_then(|h| h.find(needle)) {
            let s = from + i;
            if whole_words(hay, s, s + needle.len(), needle) {
                return true;
            }
            from = s + needle.chars().next().map_or(1, char::len_utf8);
        }
        false
    }

    proptest::proptest! {
        #[test]
        fn has_words_agrees_with_find(hay in "[aăâ đđ/%.]{0,16}", needle in "[aăâ đđ/%]{0,4}") {
            proptest::prop_assert_eq!(has_words(&hay, &needle), has_words_by_find(&hay, &needle));
        }
    }

    #[test]
    fn words_match_whole() {
        assert!(has_words("chỉ số pci của tỉnh", "pci"));
        assert!(!has_words("chỉ số pcix", "pci"));
        assert!(has_words("5%/năm", "/năm"));
        assert!(!has_words("tăng cường", "tăng c"));
    }
}
