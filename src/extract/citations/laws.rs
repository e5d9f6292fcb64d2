//! The catalogue of laws, codes and ordinances (grammars/laws.toml),
//! loaded once: the whole name of a law cited by name, however the text
//! breaks it (commas, "và" before a lower-case word, a line end, an
//! abbreviation such as "NSNN"), and the number of the version a mention
//! means. Matching folds case, the old and new placement of tone marks
//! ("hoá"/"hóa") and punctuation, so "Luật An toàn vệ sinh lao động" is
//! "Luật An toàn, vệ sinh lao động".

use super::scan;
use crate::error::Result;
use crate::rules::{Grammars, Slot};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Table {
    law: Vec<Law>,
    abbrev: Vec<Abbrev>,
    draft: Vec<Draft>,
}

/// One version of a law.
#[derive(Debug, Deserialize)]
pub struct Law {
    pub name: String,
    pub number: String,
    /// ISO date the law was adopted.
    pub adopted: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Documents that cite it with this number; documentation only.
    #[serde(default)]
    #[allow(dead_code)]
    pub seen: Option<String>,
    /// Run by `check`.
    #[serde(default)]
    pub examples: Vec<String>,
}

/// An abbreviation inside a law's name.
#[derive(Debug, Deserialize)]
pub struct Abbrev {
    pub short: String,
    pub full: String,
    /// Pairs of a name as printed and as spelled out; run by `check`.
    #[serde(default)]
    pub examples: Vec<(String, String)>,
}

/// Words that say a law is still to be drafted.
#[derive(Debug, Deserialize)]
pub struct Draft {
    pub phrase: String,
    /// "before" the name or "after" it.
    pub place: String,
    /// Texts that cite no law; run by `named::check`.
    #[serde(default)]
    pub examples: Vec<String>,
}

/// The catalogue, with every name and alias folded into words.
pub struct Catalogue {
    laws: Vec<Law>,
    abbrevs: Vec<Abbrev>,
    drafts: Vec<Draft>,
    /// (folded words of a name or alias, index of its law)
    names: Vec<(Vec<String>, usize)>,
}

/// The catalogue, loaded once.
pub fn catalogue(g: Grammars) -> &'static Catalogue {
    g.cached::<Catalogue>(Slot::Laws, build_catalogue)
}

fn build_catalogue(g: Grammars) -> Result<Catalogue> {
    Ok({
        let t: Table = g.table("laws")?;
        let mut names = Vec::new();
        for (i, l) in t.law.iter().enumerate() {
            for n in std::iter::once(&l.name).chain(&l.aliases) {
                names.push((n.split_whitespace().filter_map(fold_word).collect(), i));
            }
        }
        // longest first: the first match is the longest
        names.sort_by_key(|(w, _): &(Vec<String>, usize)| std::cmp::Reverse(w.len()));
        Catalogue {
            laws: t.law,
            abbrevs: t.abbrev,
            drafts: t.draft,
            names,
        }
    })
}

/// A word folded for matching: lower case, tone marks placed the new way
/// ("hoá" → "hóa", "thuỷ" → "thủy"), punctuation around it dropped; None
/// for a word of punctuation only.
pub fn fold_word(w: &str) -> Option<String> {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
    if w.is_empty() {
        return None;
    }
    let mut s = w.to_lowercase();
    for (old, new) in [
        ("oá", "óa"),
        ("oà", "òa"),
        ("oả", "ỏa"),
        ("oã", "õa"),
        ("oạ", "ọa"),
        ("oé", "óe"),
        ("oè", "òe"),
        ("oẻ", "ỏe"),
        ("uý", "úy"),
        ("uỳ", "ùy"),
        ("uỷ", "ủy"),
        ("uỹ", "ũy"),
        ("uỵ", "ụy"),
    ] {
        if s.contains(old) {
            s = s.replace(old, new);
        }
    }
    Some(s)
}

/// A law's name found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Where the name ends (its last word, punctuation after it left out).
    pub end: usize,
    /// The name as printed, blanks folded, abbreviations spelled out.
    pub name: String,
    /// The catalogue's folded name it matched, to pick the version.
    key: Vec<String>,
}

/// One word of the text after a kind word.
struct Word<'a> {
    raw: &'a str,
    start: usize,
    /// Folded words it stands for (an abbreviation stands for several).
    folded: Vec<String>,
    /// The spelled-out form of an abbreviation.
    full: Option<&'a str>,
}

impl Catalogue {
    /// The words of a law's name starting at `at` (its kind word), up to
    /// the clause's end: what a name may span.
    fn words<'a>(&'a self, text: &'a str, at: usize) -> Vec<Word<'a>> {
        let Some(rest) = text.get(at..) else {
            return Vec::new();
        };
        let mut out: Vec<Word<'a>> = Vec::new();
        let mut last = 0;
        for (s, e) in scan::runs(rest, char::is_whitespace).take(40) {
            let gap = rest.get(last..s).unwrap_or("");
            if !out.is_empty() && (gap.matches('\n').count() > 1 || gap.contains('|')) {
                break;
            }
            last = e;
            let Some(raw) = rest.get(s..e) else { break };
            if raw.starts_with(['|', '(']) && !out.is_empty() {
                break;
            }
            // "Thủ đô[2]": a footnote mark ends the word
            let raw = raw.split('[').next().unwrap_or(raw);
            let bare = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
            let abbrev = self.abbrevs.iter().find(|a| a.short == bare);
            let folded: Vec<String> = match abbrev {
                Some(a) => a.full.split_whitespace().filter_map(fold_word).collect(),
                None => fold_word(raw).into_iter().collect(),
            };
            let ends = raw.ends_with([';', '.', ':', ')', '"', '”']);
            out.push(Word {
                raw,
                start: at + s,
                folded,
                full: abbrev.map(|a| a.full.as_str()),
            });
            if ends {
                break;
            }
        }
        out
    }

    /// The longest catalogued name that the text at `at` (a kind word)
    /// starts with.
    pub fn find(&self, text: &str, at: usize) -> Option<Found> {
        let words = self.words(text, at);
        // the folded words in a row, with the index of the text word each
        // comes from and whether it is that word's last
        let mut flat: Vec<(&str, usize, bool)> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let n = w.folded.len();
            for (k, f) in w.folded.iter().enumerate() {
                flat.push((f.as_str(), i, k + 1 == n));
            }
        }
        let (key, _) = self.names.iter().find(|(name, _)| {
            name.len() <= flat.len()
                && name.iter().zip(&flat).all(|(a, (b, _, _))| a == b)
                && flat.get(name.len() - 1).is_some_and(|(_, _, last)| *last)
        })?;
        let (_, last, _) = *flat.get(key.len() - 1)?;
        let used = words.get(..=last)?;
        let mut name = String::new();
        for (i, w) in used.iter().enumerate() {
            if i > 0 {
                name.push(' ');
            }
            let shown = match w.full {
                Some(full) => full,
                None if i == last => w
                    .raw
                    .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '&'),
                None => w.raw,
            };
            name.push_str(shown);
        }
        let lw = used.last()?;
        let end = lw.start
            + lw.raw
                .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '&')
                .len();
        Some(Found {
            end,
            name,
            key: key.clone(),
        })
    }

    /// The versions of the law `found` names, oldest first.
    fn versions(&self, found: &Found) -> Vec<&Law> {
        let mut v: Vec<&Law> = self
            .names
            .iter()
            .filter(|(n, _)| *n == found.key)
            .filter_map(|(_, i)| self.laws.get(*i))
            .collect();
        v.sort_by(|a, b| a.adopted.cmp(&b.adopted));
        v.dedup_by(|a, b| a.number == b.number);
        v
    }

    /// The number of the version a mention means: the one adopted on the
    /// date (or in the year) the text gives; without one, the latest
    /// adopted by the document's date. `Err(())` when every version was
    /// adopted after the document's date (a law still to be drafted).
    pub fn number(
        &self,
        found: &Found,
        date: Option<&str>,
        doc_date: Option<&str>,
    ) -> std::result::Result<Option<&str>, ()> {
        let versions = self.versions(found);
        if let Some(d) = date {
            // the latest of that date or year (a law adopted twice in one
            // year: the later, when the document is that late)
            let of_date: Vec<&&Law> = versions
                .iter()
                .filter(|l| l.adopted.starts_with(d) || d.starts_with(&l.adopted))
                .collect();
            let by_then = of_date.iter().rev().find(|l| {
                doc_date.is_none_or(|doc| l.adopted.get(..doc.len()).unwrap_or(&l.adopted) <= doc)
            });
            return Ok(by_then.or(of_date.first()).map(|l| l.number.as_str()));
        }
        let Some(doc) = doc_date else {
            return Ok(versions.last().map(|l| l.number.as_str()));
        };
        // compare as far as the document's date is known ("2026-04")
        let by_then: Vec<&&Law> = versions
            .iter()
            .filter(|l| l.adopted.get(..doc.len()).unwrap_or(&l.adopted) <= doc)
            .collect();
        match by_then.last() {
            Some(l) => Ok(Some(l.number.as_str())),
            None if versions.is_empty() => Ok(None),
            None => Err(()),
        }
    }

    /// The number a catalogued law has under `name`, to tell a law's own
    /// number from one of the laws it amends.
    pub fn numbers_of(&self, found: &Found) -> Vec<&str> {
        self.versions(found)
            .iter()
            .map(|l| l.number.as_str())
            .collect()
    }

    /// Spells out the abbreviations in a name read without the catalogue.
    pub fn spell_out(&self, name: &str) -> String {
        name.split(' ')
            .map(|w| {
                let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
                match self.abbrevs.iter().find(|a| a.short == bare) {
                    Some(a) => w.replacen(bare, &a.full, 1),
                    None => w.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The draft phrases of a place ("before" or "after").
    pub fn drafts(&self, place: &str) -> impl Iterator<Item = &str> {
        let place = place.to_string();
        self.drafts
            .iter()
            .filter(move |d| d.place == place)
            .map(|d| d.phrase.as_str())
    }

    /// The examples of the draft phrases: texts that cite no law.
    pub fn draft_examples(&self) -> impl Iterator<Item = &str> {
        self.drafts
            .iter()
            .flat_map(|d| &d.examples)
            .map(String::as_str)
    }

    /// Whether `after` (the text right after a name) says the law is to be
    /// drafted: "(sửa đổi)", "sửa đổi".
    pub fn drafted_after(&self, after: &str) -> bool {
        let a = after.trim_start();
        self.drafts("after").any(|p| {
            a.get(..p.len()).is_some_and(|h| h.to_lowercase() == p)
                && !a
                    .get(p.len()..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(char::is_alphanumeric)
                // "sửa đổi, bổ sung" after a law is what another law did
                // to it, not a draft
                && !a
                    .get(p.len()..)
                    .is_some_and(|r| r.trim_start_matches([',', ' ']).starts_with("bổ sung"))
        })
    }
}

/// Builds the catalogue (see [`crate::rules::Grammars::load`]) and runs
/// the examples of grammars/laws.toml: a `[[law]]` example reads as its
/// law and, with the date or year printed after the name, as this
/// version's number; an `[[abbrev]]` example spells out to its name; a
/// `[[draft]]` is placed `before` or `after` the name (its examples are
/// run by `named::check`).
pub(crate) fn check(g: Grammars) -> Result<()> {
    let c = g.try_cached(Slot::Laws, build_catalogue)?;
    let fail = |e: &str, what: String| Err(g.error_at("laws", e, what));
    for l in &c.laws {
        for e in &l.examples {
            let Some(found) = c.find(e, 0) else {
                return fail(e, format!("the example {e:?} reads as no law"));
            };
            let after = e.get(found.end..).unwrap_or("").trim_start();
            let date = crate::parse::date::parse_date(after)
                .map(|(d, _)| d.iso())
                .or_else(|| {
                    after
                        .strip_prefix("năm ")
                        .map(|y| y.chars().take(4).collect())
                });
            let got = c.number(&found, date.as_deref(), None);
            if got != Ok(Some(l.number.as_str())) {
                return fail(
                    e,
                    format!(
                        "the example {e:?} reads as `{}` {got:?}, not as {}",
                        found.name, l.number
                    ),
                );
            }
        }
    }
    for a in &c.abbrevs {
        for (printed, want) in &a.examples {
            let got = c.find(printed, 0).map(|f| f.name);
            if got.as_deref() != Some(want.as_str()) {
                return fail(
                    printed,
                    format!("the example {printed:?} reads as {got:?}, not `{want}`"),
                );
            }
        }
    }
    if let Some(d) = c
        .drafts
        .iter()
        .find(|d| d.place != "before" && d.place != "after")
    {
        return fail(
            &d.phrase,
            format!(
                "the place of `{}` is `{}`, not \"before\" or \"after\"",
                d.phrase, d.place
            ),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_case_tones_and_punctuation() {
        assert_eq!(fold_word("Hoá,").as_deref(), Some("hóa"));
        assert_eq!(fold_word("THUỶ").as_deref(), Some("thủy"));
        assert_eq!(fold_word(",").as_deref(), None);
        let c = catalogue(crate::rules::Grammars::builtin());
        let f = |t: &str| c.find(t, 0).map(|f| f.name);
        assert_eq!(
            f("Luật An toàn vệ sinh lao động năm 2015").as_deref(),
            Some("Luật An toàn vệ sinh lao động")
        );
        assert_eq!(
            f("Luật Quản lý, sử dụng\ntài sản công; và").as_deref(),
            Some("Luật Quản lý, sử dụng tài sản công")
        );
        assert_eq!(
            f("Luật Ban hành văn bản QPPL và các").as_deref(),
            Some("Luật Ban hành văn bản quy phạm pháp luật")
        );
        // the longest name wins
        assert_eq!(
            f("Luật Đầu tư công số").as_deref(),
            Some("Luật Đầu tư công")
        );
        assert_eq!(f("Luật Đầu tư, Luật").as_deref(), Some("Luật Đầu tư"));
        // a name cut short is no law of the catalogue
        assert_eq!(f("Luật Đo đạc ngày"), None);
        assert_eq!(f("Luật Đầu tưx"), None);
    }

    #[test]
    fn the_version_a_mention_means() {
        let c = catalogue(crate::rules::Grammars::builtin());
        let found = c.find("Luật Đất đai", 0).unwrap();
        assert_eq!(
            c.number(&found, Some("2013"), None),
            Ok(Some("45/2013/QH13"))
        );
        assert_eq!(
            c.number(&found, Some("2024-01-18"), None),
            Ok(Some("31/2024/QH15"))
        );
        assert_eq!(c.number(&found, Some("2019"), None), Ok(None));
        let twice = c.find("Luật Tổ chức chính quyền địa phương", 0).unwrap();
        assert_eq!(
            c.number(&twice, Some("2025"), None),
            Ok(Some("72/2025/QH15"))
        );
        assert_eq!(
            c.number(&twice, Some("2025"), Some("2025-03-01")),
            Ok(Some("65/2025/QH15"))
        );
        assert_eq!(
            c.number(&found, None, Some("2020-05-01")),
            Ok(Some("45/2013/QH13"))
        );
        assert_eq!(
            c.number(&found, None, Some("2025")),
            Ok(Some("31/2024/QH15"))
        );
        assert_eq!(c.number(&found, None, None), Ok(Some("31/2024/QH15")));
        assert_eq!(c.number(&found, None, Some("2010-01-01")), Err(()));
    }

    #[test]
    fn examples_of_the_builtin_table_hold() {
        let g = crate::rules::Grammars::builtin();
        check(g).unwrap_or_else(|e| panic!("{e}"));
        let c = catalogue(g);
        for l in &c.laws {
            assert!(!l.examples.is_empty(), "{}", l.name);
        }
        for a in &c.abbrevs {
            assert!(!a.examples.is_empty(), "{}", a.short);
        }
    }

    #[test]
    fn draft_phrases_after_a_name() {
        let c = catalogue(crate::rules::Grammars::builtin());
        assert!(c.drafted_after(" (sửa đổi) theo hướng"));
        assert!(c.drafted_after("\nsửa đổi."));
        assert!(!c.drafted_after(", sửa đổi, bổ sung năm 2020"));
        assert!(!c.drafted_after(" sửa đổi, bổ sung một số điều"));
        assert!(!c.drafted_after(" năm 2020"));
        for d in &c.drafts {
            assert!(!d.examples.is_empty(), "{}", d.phrase);
        }
    }
}
