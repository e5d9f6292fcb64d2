//! The rule tables of the citations extractor, loaded once:
//! grammars/citation_kinds.toml (kind words, type codes, laws, relation
//! triggers), grammars/issuers.toml (issuer codes, abbreviations) and
//! grammars/citation_words.toml (levels, committee names, the words that
//! end a name).

use crate::error::Result;
use crate::rules::{Grammars, Slot};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Kinds {
    pub word: Vec<Word>,
    pub code: Vec<Code>,
    pub law: Vec<Law>,
    /// Kind words of party documents cited by name.
    #[serde(default)]
    pub party: Vec<Party>,
    pub relation: Vec<Relation>,
}

/// A kind word of party documents that may be cited by name alone.
#[derive(Debug, Deserialize)]
pub struct Party {
    pub word: String,
    /// Texts that cite a document of this kind by name; run by
    /// `named::check`.
    #[serde(default)]
    pub examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Word {
    pub word: String,
    pub kind: String,
    #[serde(default)]
    pub abbrev: bool,
    /// The kind may cite a document by its serial alone ("Chỉ thị 18").
    #[serde(default)]
    pub bare: bool,
    /// Run by `check`.
    #[serde(default)]
    pub examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Code {
    pub code: String,
    /// None for a code that names no kind of its own (`CV`).
    #[serde(default)]
    pub kind: Option<String>,
    /// Only for party numbers (`02-TT/TU`) when true, only for state ones
    /// when false, for both when absent.
    #[serde(default)]
    pub party: Option<bool>,
    /// False for a code read only in the document's own number (`PA`,
    /// `PL`): in running text the same letters are mostly form numbers
    /// ("mẫu số 05/PL03").
    #[serde(default = "yes")]
    pub cited: bool,
    /// Run by `check`.
    #[serde(default)]
    pub examples: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
pub struct Law {
    pub word: String,
    pub issuer: String,
    /// Run by `check`.
    #[serde(default)]
    pub examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Relation {
    pub trigger: String,
    pub relation: crate::model::Relation,
    /// True for what this document does to another (repeals, amends,
    /// replaces): the trigger counts only where this document is its
    /// subject (see relation.rs).
    #[serde(default)]
    pub acts: bool,
    /// Run by `check`.
    #[serde(default)]
    pub examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Issuers {
    pub symbol: Vec<Symbol>,
    pub abbrev: Vec<Abbrev>,
    pub body: Vec<Body>,
}

/// A body that opens an issuer phrase after "của".
#[derive(Debug, Deserialize)]
pub struct Body {
    pub name: String,
    /// The body it stands for, when not itself.
    #[serde(default)]
    pub canonical: Option<String>,
    /// A party committee: a place or another body may follow directly.
    #[serde(default)]
    pub named: bool,
    /// Its full name runs on to the place it ends with.
    #[serde(default)]
    pub until_place: bool,
    /// Pairs of text after "của" and the issuer read from it; run by
    /// `issuer::check`.
    #[serde(default)]
    pub examples: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
pub struct Symbol {
    pub code: String,
    pub issuer: String,
    #[serde(default)]
    pub locality: String,
    /// Run by `check`.
    #[serde(default)]
    pub examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Abbrev {
    pub short: String,
    pub full: String,
    /// Pairs of text after "của" and the body read from it; run by
    /// `issuer::check`.
    #[serde(default)]
    pub examples: Vec<(String, String)>,
}

/// grammars/citation_words.toml.
#[derive(Debug, Deserialize)]
pub struct Words {
    pub level: Vec<Level>,
    pub province_level: Vec<ProvinceLevel>,
    pub committee: Vec<Committee>,
    pub place_name_end: Vec<WordList>,
    pub body_place_end: Vec<WordList>,
    pub law_name_end: Vec<WordList>,
    pub amend_name_end: Vec<WordList>,
    pub next_name: Vec<WordList>,
    pub congress: Vec<WordList>,
    pub party_holder: Vec<Holder>,
    pub this_kind: Vec<WordList>,
    pub enacting_kind: Vec<WordList>,
    pub heading_kind: Vec<WordList>,
    pub title_lead: Vec<WordList>,
    pub act_chain: Vec<WordList>,
    pub passive: Vec<WordList>,
}

/// Who may hold a party document cited by name: a pattern read after
/// "của".
#[derive(Debug, Deserialize)]
pub struct Holder {
    pub pattern: String,
    /// Texts that cite a party document by name.
    #[serde(default)]
    pub examples: Vec<String>,
}

/// A level word ("huyện").
#[derive(Debug, Deserialize)]
pub struct Level {
    pub word: String,
    /// A people's committee is named with it ("UBND huyện").
    #[serde(default)]
    pub committee: bool,
    /// Pairs of a text and the name it gives the level.
    #[serde(default)]
    pub examples: Vec<(String, String)>,
}

/// The level word of a province or of a centrally-run city, with its
/// party committee ("tỉnh", "Tỉnh ủy").
#[derive(Debug, Deserialize)]
pub struct ProvinceLevel {
    pub level: String,
    /// The level of a centrally-run city (provinces.toml `city = true`).
    #[serde(default)]
    pub city: bool,
    pub party: String,
    /// Pairs of a text and the party committee it completes `party` to.
    #[serde(default)]
    pub examples: Vec<(String, String)>,
}

/// A name of the people's committee ("Ủy ban nhân dân", "UBND").
#[derive(Debug, Deserialize)]
pub struct Committee {
    pub name: String,
    /// Pairs of a text and the document's own issuer read from it.
    #[serde(default)]
    pub examples: Vec<(String, String)>,
}

/// Words of one use, with pairs of a text and what is read from it.
#[derive(Debug, Deserialize)]
pub struct WordList {
    pub words: Vec<String>,
    #[serde(default)]
    pub examples: Vec<(String, String)>,
}

/// The words of some lists, in order.
pub fn words_of(lists: &'static [WordList]) -> Vec<&'static str> {
    lists
        .iter()
        .flat_map(|l| &l.words)
        .map(String::as_str)
        .collect()
}

/// grammars/citation_words.toml, loaded once.
pub fn words(g: Grammars) -> &'static Words {
    g.cached::<Words>(Slot::CitationWords, build_words)
}

fn build_words(g: Grammars) -> Result<Words> {
    g.table("citation_words")
}

/// Kind table, kind words sorted longest first.
pub fn kinds(g: Grammars) -> &'static Kinds {
    g.cached::<Kinds>(Slot::CitationKinds, build_kinds)
}

fn build_kinds(g: Grammars) -> Result<Kinds> {
    let mut k: Kinds = g.table("citation_kinds")?;
    k.word
        .sort_by_key(|w| std::cmp::Reverse(w.word.chars().count()));
    Ok(k)
}

pub fn issuers(g: Grammars) -> &'static Issuers {
    g.cached::<Issuers>(Slot::Issuers, build_issuers)
}

fn build_issuers(g: Grammars) -> Result<Issuers> {
    g.table("issuers")
}

/// Checks that grammars/citation_kinds.toml and issuers.toml load, and
/// that the examples of a kind word and of a law start with their word.
/// (The examples of codes, issuers and relations are run by the modules
/// that read them.)
pub fn check(g: Grammars) -> Result<()> {
    let k = g.try_cached(Slot::CitationKinds, build_kinds)?;
    g.try_cached(Slot::Issuers, build_issuers)?;
    g.try_cached(Slot::CitationWords, build_words)?;
    let words = k.word.iter().map(|w| (&w.word, &w.examples));
    let laws = k.law.iter().map(|l| (&l.word, &l.examples));
    for (word, examples) in words.chain(laws) {
        if let Some(e) = examples.iter().find(|e| !e.starts_with(word.as_str())) {
            return Err(g.error_at(
                "citation_kinds",
                e,
                format!("the example {e:?} does not start with its word `{word}`"),
            ));
        }
    }
    Ok(())
}

/// Kind of a type code (`NQ`, `QĐ`, `UBTVQH13` read as `UBTVQH`).
pub fn kind_of_code(g: Grammars, code: &str) -> Option<&'static str> {
    kind_of_code_in(g, code, false)
}

/// Kind of the type code of the document's own state number, exactly as
/// written ("QĐ" → Quyết định): a code that names no kind of its own
/// (`CV`) is a "Công văn", as a symbol without a type code.
pub fn kind_of_state_code(g: Grammars, code: &str) -> Option<&'static str> {
    kinds(g)
        .code
        .iter()
        .filter(|c| c.party != Some(true))
        .find(|c| c.code == code)
        .map(|c| c.kind.as_deref().unwrap_or(NO_TYPE_CODE))
}

/// The codes of own numbers only (`cited = false`), with their kind and
/// each example.
pub fn own_number_codes(
    g: Grammars,
) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    kinds(g).code.iter().filter(|c| !c.cited).flat_map(|c| {
        let kind = c.kind.as_deref().unwrap_or(NO_TYPE_CODE);
        c.examples
            .iter()
            .map(move |e| (c.code.as_str(), kind, e.as_str()))
    })
}

/// The kind of a number whose symbol has no type code (3759/BNV-CCHC).
pub const NO_TYPE_CODE: &str = "Công văn";

/// Kind of a type code in a party (`45-KL/TW`) or state number.
pub fn kind_of_code_in(g: Grammars, code: &str, party: bool) -> Option<&'static str> {
    let bare = code.trim_end_matches(|c: char| c.is_ascii_digit());
    kinds(g)
        .code
        .iter()
        .filter(|c| c.cited && c.party.is_none_or(|p| p == party) && c.kind.is_some())
        .find(|c| c.code == code || c.code == bare)
        .and_then(|c| c.kind.as_deref())
}

/// The issuer entry of an issuer code (`TTg`, `QH13` read as `QH`).
pub fn symbol_issuer(g: Grammars, code: &str) -> Option<&'static Symbol> {
    let bare = code.trim_end_matches(|c: char| c.is_ascii_digit());
    issuers(g)
        .symbol
        .iter()
        .find(|s| s.code == code)
        .or_else(|| issuers(g).symbol.iter().find(|s| s.code == bare))
        // "TTG" typed for "TTg"
        .or_else(|| {
            issuers(g)
                .symbol
                .iter()
                .find(|s| s.code.to_uppercase() == bare.to_uppercase())
        })
}

/// The table's spelling of a code printed in capitals (`TTG` in a title
/// printed in capitals is `TTg`), when the table knows it.
pub fn code_spelling(g: Grammars, code: &str) -> Option<&'static str> {
    if code.chars().any(char::is_lowercase) {
        return None;
    }
    let upper = code.to_uppercase();
    kinds(g)
        .code
        .iter()
        .filter(|c| c.cited)
        .map(|c| c.code.as_str())
        .chain(issuers(g).symbol.iter().map(|s| s.code.as_str()))
        .find(|c| *c != code && c.to_uppercase() == upper)
}

/// The issuer of a law-like kind named without a number.
pub fn law_issuer(g: Grammars, kind: &str) -> Option<&'static str> {
    kinds(g)
        .law
        .iter()
        .find(|l| l.word == kind)
        .map(|l| l.issuer.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> Grammars {
        Grammars::builtin()
    }

    /// The examples of the tables are read by the modules that use them
    /// (numbered, issuer, relation): `super::super::tests` runs them all.
    #[test]
    fn examples_of_the_builtin_tables_hold() {
        check(g()).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn every_builtin_entry_has_an_example() {
        let k = kinds(g());
        let i = issuers(g());
        let lists = k
            .word
            .iter()
            .map(|w| (&w.word, w.examples.len()))
            .chain(k.code.iter().map(|c| (&c.code, c.examples.len())))
            .chain(i.symbol.iter().map(|s| (&s.code, s.examples.len())))
            .chain(i.abbrev.iter().map(|a| (&a.short, a.examples.len())))
            .chain(i.body.iter().map(|b| (&b.name, b.examples.len())));
        for (name, n) in lists {
            assert!(n > 0, "{name} has no example");
        }
    }

    #[test]
    fn issuer_codes_ignore_case_as_a_last_resort() {
        assert_eq!(
            symbol_issuer(g(), "TTG").map(|s| s.issuer.as_str()),
            Some("Thủ tướng Chính phủ")
        );
        assert_eq!(
            symbol_issuer(g(), "QH15").map(|s| s.issuer.as_str()),
            Some("Quốc hội")
        );
        assert!(symbol_issuer(g(), "XYZ").is_none());
    }

    #[test]
    fn codes_in_capitals_take_the_table_spelling() {
        assert_eq!(code_spelling(g(), "TTG"), Some("TTg"));
        assert_eq!(code_spelling(g(), "CTR"), Some("CTr"));
        assert_eq!(code_spelling(g(), "UBND"), None);
        assert_eq!(code_spelling(g(), "TTg"), None);
    }

    #[test]
    fn laws_take_their_issuer() {
        for l in &kinds(g()).law {
            assert_eq!(law_issuer(g(), &l.word), Some(l.issuer.as_str()));
        }
    }
}
