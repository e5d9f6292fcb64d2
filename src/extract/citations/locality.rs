//! Places the text gives, to complete a body named by level only:
//! "của UBND tỉnh" → "Ủy ban nhân dân tỉnh Nghệ An", "Thành ủy" →
//! "Thành ủy Hải Phòng". The document's own province comes from
//! `main.province` when set, else from the names the text uses most.
//! The level words, the names of the people's committee and the words
//! that end a place name are grammars/citation_words.toml; the
//! centrally-run cities the `city` entries of grammars/provinces.toml.

use super::tables::{self, words_of};
use super::{fold, scan};
use crate::error::Result;
use crate::model::Document;
use crate::rules::{Grammars, Slot};
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// The words of places, read from the tables once.
pub struct PlaceWords {
    /// Level words, longest first.
    pub levels: Vec<&'static str>,
    /// The level words split into words.
    pub level_words: Vec<Vec<&'static str>>,
    /// The levels a people's committee is named with.
    committee_levels: Vec<&'static str>,
    /// The names of the people's committee in lower case, split at their
    /// first "b".
    committee_heads: Vec<(String, String)>,
    /// The names of the people's committee in capitals, as a header
    /// prints them.
    header_heads: Vec<String>,
    /// "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN": the issuer block of a header,
    /// read where one of `header_heads` starts.
    header: Regex,
    /// The bytes a level word may end with, in either case.
    level_last_bytes: [bool; 256],
    /// Words that may follow a place name but are no part of it.
    not_name: Vec<&'static str>,
    /// Capitalised words that end the place name of a body read after
    /// "của".
    pub body_name_end: Vec<&'static str>,
    /// Centrally-run cities: their "thành phố" is the province level.
    central_cities: Vec<String>,
    /// The level word and party committee of a province ("tỉnh", "Tỉnh
    /// ủy").
    province: (&'static str, &'static str),
    /// Those of a centrally-run city ("thành phố", "Thành ủy").
    city: (&'static str, &'static str),
    /// The name of the people's committee printed in output (the first
    /// `[[committee]]`).
    committee: &'static str,
}

/// The words of places of `g`.
pub fn words(g: Grammars) -> &'static PlaceWords {
    g.cached(Slot::PlaceWords, build_words)
}

fn build_words(g: Grammars) -> Result<PlaceWords> {
    let t = tables::words(g);
    let mut levels: Vec<&'static str> = t.level.iter().map(|l| l.word.as_str()).collect();
    levels.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
    levels.dedup();
    let mut committee_levels: Vec<&'static str> = t
        .level
        .iter()
        .filter(|l| l.committee)
        .map(|l| l.word.as_str())
        .collect();
    committee_levels.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
    for l in &levels {
        if l.is_empty() || l.chars().any(char::is_uppercase) {
            return Err(g.error_at(
                "citation_words",
                l,
                format!("the level word `{l}` must be in lower case"),
            ));
        }
    }
    let mut committee_heads = Vec::new();
    for c in &t.committee {
        let lower = c.name.to_lowercase();
        let Some(b) = lower.find('b') else {
            return Err(g.error_at(
                "citation_words",
                &c.name,
                format!("the committee name `{}` holds no `b`", c.name),
            ));
        };
        let (before, after) = lower.split_at(b);
        committee_heads.push((before.to_string(), after.to_string()));
    }
    let header_heads: Vec<String> = t.committee.iter().map(|c| c.name.to_uppercase()).collect();
    let alternation = |ws: &mut dyn Iterator<Item = String>| {
        ws.map(|w| regex::escape(&w)).collect::<Vec<_>>().join("|")
    };
    let pattern = format!(
        r"^(?:{})[ \t]*\n?[ \t]*({})[ \t]+(\p{{Lu}}+(?:[ \t]+\p{{Lu}}+){{0,3}})",
        alternation(&mut header_heads.iter().cloned()),
        alternation(&mut levels.iter().map(|l| l.to_uppercase())),
    );
    let header = Regex::new(&pattern).map_err(|e| {
        g.error_at(
            "citation_words",
            "[[committee]]",
            format!("the header of the committee names does not compile: {e}"),
        )
    })?;
    let mut level_last_bytes = [false; 256];
    for c in levels.iter().filter_map(|l| l.chars().last()) {
        for c in std::iter::once(c).chain(c.to_uppercase()) {
            let mut b = [0u8; 4];
            if let Some(&last) = c.encode_utf8(&mut b).as_bytes().last() {
                level_last_bytes[usize::from(last)] = true;
            }
        }
    }
    let level_of = |city: bool| {
        // the first of each: an overlay's entry replaces the built-in one
        match t.province_level.iter().find(|p| p.city == city) {
            Some(p) => Ok((p.level.as_str(), p.party.as_str())),
            None => Err(g.error_at(
                "citation_words",
                "[[province_level]]",
                format!("[[province_level]] needs an entry with city = {city}"),
            )),
        }
    };
    let province = level_of(false)?;
    let city = level_of(true)?;
    let Some(committee) = t.committee.first().map(|c| c.name.as_str()) else {
        return Err(g.error_at(
            "citation_words",
            "[[committee]]",
            "[[committee]] needs an entry",
        ));
    };
    // the table of document/places.rs, which reports its errors
    let central_cities = crate::extract::document::places::try_all(g)?
        .iter()
        .filter(|p| p.city)
        .map(|p| p.name.clone())
        .collect();
    Ok(PlaceWords {
        level_words: levels.iter().map(|l| l.split(' ').collect()).collect(),
        levels,
        committee_levels,
        committee_heads,
        header_heads,
        header,
        level_last_bytes,
        not_name: words_of(&t.place_name_end),
        body_name_end: words_of(&t.body_place_end),
        central_cities,
        province,
        city,
        committee,
    })
}

/// Builds the words of places and runs the examples of
/// grammars/citation_words.toml `[[level]]`, `[[committee]]` and
/// `[[place_name_end]]`.
pub(crate) fn check(g: Grammars) -> Result<()> {
    let w = g.try_cached(Slot::PlaceWords, build_words)?;
    let t = tables::words(g);
    let main = Document::default();
    let fail = |e: &str, what: String| Err(g.error_at("citation_words", e, what));
    for l in &t.level {
        for (text, want) in &l.examples {
            let got = Places::find(g, text, &main).name_of(&l.word);
            if got.as_deref() != Some(want.as_str()) {
                return fail(
                    text,
                    format!(
                        "the example {text:?} gives `{}` the name {got:?}, not `{want}`",
                        l.word
                    ),
                );
            }
        }
    }
    for l in &t.province_level {
        for (text, want) in &l.examples {
            let got = Places::find(g, text, &main).complete(&l.party);
            if got != *want {
                return fail(
                    text,
                    format!(
                        "the example {text:?} completes `{}` to `{got}`, not `{want}`",
                        l.party
                    ),
                );
            }
        }
    }
    for c in &t.committee {
        for (text, want) in &c.examples {
            let got = Places::find(g, text, &main).own_issuer;
            if got.as_deref() != Some(want.as_str()) {
                return fail(
                    text,
                    format!("the example {text:?} gives the own issuer {got:?}, not `{want}`"),
                );
            }
        }
    }
    for l in &t.place_name_end {
        for (text, want) in &l.examples {
            let got = places_in(w, text)
                .first()
                .and_then(|(_, name)| clean_name(w, text.get(name.clone())?));
            if got.as_deref() != Some(want.as_str()) {
                return fail(
                    text,
                    format!("the example {text:?} reads the place name {got:?}, not `{want}`"),
                );
            }
        }
    }
    Ok(())
}

/// A place name after a level word: up to four capitalised words.
static NAME: LazyLock<Regex> =
    LazyLock::new(|| crate::re::constant(r"^(?:\p{Lu}[\p{L}]*)(?:[ ]+\p{Lu}[\p{L}]*){0,3}"));

/// A word character, as regex `\w` reads it.
static WORD_CHAR: LazyLock<Regex> = LazyLock::new(|| crate::re::constant(r"^\w"));

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        let mut b = [0u8; 4];
        WORD_CHAR.is_match(c.encode_utf8(&mut b))
    }
}

fn word_char_before(text: &str, pos: usize) -> bool {
    text.get(..pos)
        .and_then(|t| t.chars().next_back())
        .is_some_and(is_word_char)
}

fn word_char_at(text: &str, pos: usize) -> bool {
    text.get(pos..)
        .and_then(|t| t.chars().next())
        .is_some_and(is_word_char)
}

/// At a word start: no word character before `pos`, one at it.
fn word_start(text: &str, pos: usize) -> bool {
    !word_char_before(text, pos) && word_char_at(text, pos)
}

/// Every "level word, spaces, capitalised name" at a word start ("tỉnh
/// Nghệ An", "THÀNH PHỐ Hải Phòng"), as (level span, name span), in
/// order and not overlapping: what a regex
/// `\b(?i:(thành phố|…|xã))[ ]+(\p{Lu}\p{L}*(?:[ ]+\p{Lu}\p{L}*){0,3})`
/// finds, read from the spaces before a capital instead of running a
/// case-insensitive regex over the whole text.
fn places_in(w: &PlaceWords, text: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let b = text.as_bytes();
    // (start, end) of the level words before a run of spaces and a
    // character that may be a capital
    let mut levels: Vec<(usize, usize)> = Vec::new();
    let last_bytes = &w.level_last_bytes;
    for i in scan::spaces_before_capitals(b) {
        // only a capital can start a name (\p{Lu} is upper case)
        let capital = text
            .get(i + 1..)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_uppercase);
        if !capital {
            continue;
        }
        let mut end = i;
        while end > 0 && b.get(end - 1) == Some(&b' ') {
            end -= 1;
        }
        let ends_level = end
            .checked_sub(1)
            .and_then(|k| b.get(k))
            .is_some_and(|&l| last_bytes.get(usize::from(l)) == Some(&true));
        if !ends_level {
            continue;
        }
        let Some(last) = text.get(..end).and_then(|t| t.chars().next_back()) else {
            continue;
        };
        for l in &w.levels {
            if !l
                .chars()
                .next_back()
                .is_some_and(|x| fold::same_letter(last, x))
            {
                continue;
            }
            if let Some(start) = fold::ends_with(text, end, l) {
                levels.push((start, end));
            }
        }
    }
    levels.sort_unstable();
    levels.dedup();
    let mut out = Vec::new();
    let mut from = 0;
    for (start, end) in levels {
        if start < from {
            continue;
        }
        let spaces = b
            .get(end..)
            .map_or(0, |r| r.iter().take_while(|&&c| c == b' ').count());
        let at = end + spaces;
        let Some(name) = text.get(at..).and_then(|r| NAME.find(r)) else {
            continue;
        };
        if name.is_empty() || !word_start(text, start) {
            continue;
        }
        out.push((start..end, at..at + name.end()));
        from = at + name.end();
    }
    out
}

/// Every "Ủy ban nhân dân"/"UBND", blanks and a level word, as one whole
/// word, as the span of the level word, in order and not overlapping:
/// what a regex `\b(?i:(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)[ \t\n]+
/// (thành phố|…|xã))\b` finds, read from each "b" of the text.
fn own_levels_in(w: &PlaceWords, text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    // (start, level start, level end) of each reading
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for i in memchr::memchr2_iter(b'b', b'B', b) {
        for (before, after) in &w.committee_heads {
            let (Some(start), Some(end)) = (
                fold::ends_with(text, i, before),
                fold::starts_with(text, i, after),
            ) else {
                continue;
            };
            let blanks = b.get(end..).map_or(0, |r| {
                r.iter()
                    .take_while(|&&c| matches!(c, b' ' | b'\t' | b'\n'))
                    .count()
            });
            if blanks == 0 {
                continue;
            }
            let at = end + blanks;
            if let Some(e) = w
                .committee_levels
                .iter()
                .find_map(|l| fold::starts_with(text, at, l))
            {
                found.push((start, at, e));
            }
        }
    }
    found.sort_unstable();
    let mut out = Vec::new();
    let mut from = 0;
    for (start, at, end) in found {
        if start < from || !word_start(text, start) || word_char_at(text, end) {
            continue;
        }
        out.push(at..end);
        from = end;
    }
    out
}

/// The level and the name (title-cased) of the first issuer block in
/// `head`.
fn header(w: &PlaceWords, head: &str) -> Option<(String, String)> {
    let mut starts: Vec<usize> = w
        .header_heads
        .iter()
        .flat_map(|h| memchr::memmem::find_iter(head.as_bytes(), h))
        .collect();
    starts.sort_unstable();
    let c = starts
        .into_iter()
        .find_map(|at| w.header.captures(head.get(at..)?))?;
    let level = c.get(1)?.as_str().to_lowercase();
    let name = title_case(c.get(2)?.as_str());
    Some((level, name))
}

#[derive(Debug, Default, Clone)]
pub struct Places {
    /// The tables the places are read with.
    g: Grammars,
    /// level word (lower case) → most used name after it
    names: HashMap<String, String>,
    pub province: Option<String>,
    /// The document's own issuing level, e.g. "huyện".
    pub own_level: Option<String>,
    pub own_issuer: Option<String>,
}

fn title_case(name: &str) -> String {
    if name.chars().any(|c| c.is_lowercase()) {
        return name.to_string();
    }
    name.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

fn clean_name(pw: &PlaceWords, raw: &str) -> Option<String> {
    let words: Vec<&str> = raw
        .split_whitespace()
        .take_while(|w| !pw.not_name.contains(w))
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(title_case(&words.join(" ")))
}

fn most<'a>(counts: &HashMap<&'a str, (usize, usize)>) -> Option<&'a str> {
    counts
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map(|(k, _)| *k)
}

impl Places {
    /// No places known, read with the tables of `g`.
    pub fn empty(g: Grammars) -> Places {
        Places {
            g,
            ..Places::default()
        }
    }

    /// The level words of the tables the places are read with.
    pub fn levels(&self) -> &'static [&'static str] {
        &words(self.g).levels
    }

    pub fn find(g: Grammars, text: &str, main: &Document) -> Places {
        let w = words(g);
        // level → name → (count, first position)
        let mut seen: HashMap<String, HashMap<String, (usize, usize)>> = HashMap::new();
        for (level, name) in places_in(w, text) {
            let (Some(level_word), Some(name)) = (text.get(level.clone()), text.get(name)) else {
                continue;
            };
            let Some(name) = clean_name(w, name) else {
                continue;
            };
            let e = seen
                .entry(level_word.to_lowercase())
                .or_default()
                .entry(name)
                .or_insert((0, level.start));
            e.0 += 1;
        }
        let mut names = HashMap::new();
        for (level, m) in &seen {
            let counts: HashMap<&str, (usize, usize)> =
                m.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            if let Some(n) = most(&counts) {
                names.insert(level.clone(), n.to_string());
            }
        }
        let province = main.province.clone().or_else(|| {
            let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
            if let Some(m) = seen.get(w.province.0) {
                counts.extend(m.iter().map(|(k, v)| (k.as_str(), *v)));
            }
            if let Some(m) = seen.get(w.city.0) {
                for (k, v) in m {
                    if w.central_cities.contains(k) {
                        counts.insert(k.as_str(), *v);
                    }
                }
            }
            most(&counts).map(str::to_string)
        });
        let head = text
            .get(..crate::text::floor_char_boundary(text, 2000))
            .unwrap_or("");
        let header = header(w, head);
        let own_level = match &header {
            Some((l, _)) => Some(l.clone()),
            // the level the text names its people's committee with most
            None => {
                let mut own: HashMap<&str, (usize, usize)> = HashMap::new();
                for l in own_levels_in(w, text) {
                    if let Some(w) = text.get(l.clone()) {
                        let e = own.entry(w).or_insert((0, l.start));
                        e.0 += 1;
                    }
                }
                most(&own).map(str::to_lowercase)
            }
        };
        if let Some((l, n)) = &header {
            names.insert(l.clone(), n.clone());
        }
        let mut p = Places {
            g,
            names,
            province,
            own_level,
            // the body, not the office holder; and only a people's committee
            own_issuer: main
                .issuer
                .as_deref()
                .map(|i| i.trim_start_matches("Chủ tịch ").to_string())
                .filter(|i| i.starts_with(w.committee)),
        };
        if p.own_issuer.is_none() {
            p.own_issuer = p
                .own_level
                .clone()
                .and_then(|l| p.name_of(&l).map(|n| format!("{} {l} {n}", w.committee)));
        }
        p
    }

    fn province_is_city(&self) -> bool {
        self.province
            .as_deref()
            .is_some_and(|p| words(self.g).central_cities.iter().any(|c| c == p))
    }

    /// The name a bare level word stands for in this text.
    pub fn name_of(&self, level: &str) -> Option<String> {
        let level = level.to_lowercase();
        let w = words(self.g);
        if level == w.province.0 || (level == w.city.0 && self.province_is_city()) {
            return self.province.clone();
        }
        self.names.get(&level).cloned()
    }

    /// The level word and party committee of the document's province:
    /// a city's when it is a centrally-run one.
    fn province_level(&self) -> (&'static str, &'static str) {
        let w = words(self.g);
        if self.province_is_city() {
            w.city
        } else {
            w.province
        }
    }

    /// "Tỉnh ủy X" or "Thành ủy X" for the province's party committee.
    pub fn provincial_party(&self) -> String {
        let head = self.province_level().1;
        match &self.province {
            Some(p) => format!("{head} {p}"),
            None => head.to_string(),
        }
    }

    /// The document's own locality ("huyện Cát Hải"), if known.
    pub fn own_locality(&self) -> Option<String> {
        let l = self.own_level.clone()?;
        let n = self.name_of(&l)?;
        Some(format!("{l} {n}"))
    }

    /// "tỉnh Nghệ An" or "thành phố Hải Phòng": the document's province
    /// as a locality, if known.
    pub fn province_locality(&self) -> Option<String> {
        let p = self.province.as_deref()?;
        let level = self.province_level().0;
        Some(format!("{level} {p}"))
    }

    /// Completes a body that ends with a bare level word (in any case:
    /// "Ủy ban nhân dân Tỉnh") or a party committee: "Ủy ban nhân dân
    /// tỉnh" → "... tỉnh Nghệ An".
    pub fn complete(&self, body: &str) -> String {
        let b = body.trim();
        let w = words(self.g);
        for (level, head) in [w.province, w.city] {
            if b.ends_with(head) {
                let name = if level == w.province.0 || self.province_is_city() {
                    self.province.clone()
                } else {
                    self.names.get(level).cloned()
                };
                return match name {
                    Some(n) => format!("{b} {n}"),
                    None => b.to_string(),
                };
            }
        }
        for l in self.levels() {
            let Some(stem) = fold::ends_with(b, b.len(), l).and_then(|at| b.get(..at)) else {
                continue;
            };
            if stem.is_empty() || stem.ends_with(' ') {
                if let Some(n) = self.name_of(l) {
                    return format!("{stem}{l} {n}");
                }
            }
            break;
        }
        b.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w() -> &'static PlaceWords {
        words(Grammars::builtin())
    }

    #[test]
    fn examples_of_the_builtin_table_hold() {
        check(Grammars::builtin()).unwrap_or_else(|e| panic!("{e}"));
        let t = tables::words(Grammars::builtin());
        let counts = t
            .level
            .iter()
            .map(|l| (&l.word, l.examples.len()))
            .chain(t.committee.iter().map(|c| (&c.name, c.examples.len())))
            .chain(
                t.province_level
                    .iter()
                    .map(|p| (&p.party, p.examples.len())),
            );
        for (name, n) in counts {
            assert!(n > 0, "{name} has no example");
        }
        assert!(t.place_name_end.iter().all(|l| !l.examples.is_empty()));
    }

    /// The matches of `re` at a word start (and a word end when
    /// `end_bounded`): the regex reading the scanners replaced.
    fn bounded_captures<'t>(
        re: &Regex,
        text: &'t str,
        end_bounded: bool,
    ) -> Vec<regex::Captures<'t>> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(c) = re.captures_at(text, from) {
            let Some(m) = c.get(0) else { break };
            let ok = !word_char_before(text, m.start())
                && word_char_at(text, m.start())
                && !(end_bounded && word_char_at(text, m.end()));
            if ok && m.end() > m.start() {
                from = m.end();
                out.push(c);
            } else {
                from = m.start()
                    + text
                        .get(m.start()..)
                        .and_then(|t| t.chars().next())
                        .map_or(1, char::len_utf8);
            }
            if from > text.len() {
                break;
            }
        }
        out
    }

    fn random_texts(parts: &[&str], n: usize, seed: u64) -> Vec<String> {
        let mut next = crate::testing::xorshift(seed);
        (0..n)
            .map(|_| {
                let k = (next() % 14) as usize;
                let mut t = String::new();
                for _ in 0..k {
                    t.push_str(parts[(next() % parts.len() as u64) as usize]);
                    // mostly words apart
                    t.push_str([" ", " ", " ", "", "  ", "\n"][(next() % 6) as usize]);
                }
                t
            })
            .collect()
    }

    #[test]
    fn every_case_of_a_last_letter_passes_the_byte_filter() {
        for x in w().levels.iter().filter_map(|l| l.chars().last()) {
            for c in (0..0x1_0000u32).filter_map(char::from_u32) {
                if fold::same_letter(c, x) {
                    let mut b = [0u8; 4];
                    let last = *c.encode_utf8(&mut b).as_bytes().last().unwrap();
                    assert!(w().level_last_bytes[usize::from(last)], "{c:?}");
                }
            }
        }
    }

    #[test]
    fn word_chars_and_capitals_as_the_regex_reads_them() {
        let word = Regex::new(r"^\w$").unwrap();
        let capital = Regex::new(r"^\p{Lu}$").unwrap();
        for c in (0..0x11_0000u32)
            .step_by(7)
            .chain(0..0x3000)
            .filter_map(char::from_u32)
        {
            let mut b = [0u8; 4];
            let s = c.encode_utf8(&mut b);
            assert_eq!(is_word_char(c), word.is_match(s), "{c:?}");
            assert!(!capital.is_match(s) || c.is_uppercase(), "{c:?}");
        }
    }

    #[test]
    fn header_reads_like_the_regex() {
        let whole = Regex::new(
            r"(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)[ \t]*\n?[ \t]*(THÀNH PHỐ|THỊ XÃ|THỊ TRẤN|PHƯỜNG|HUYỆN|QUẬN|TỈNH|XÃ)[ \t]+(\p{Lu}+(?:[ \t]+\p{Lu}+){0,3})",
        )
        .unwrap();
        let parts = [
            "ỦY BAN NHÂN DÂN",
            "UỶ BAN NHÂN DÂN",
            "UBND",
            "UBNDX",
            "TỈNH",
            "HUYỆN",
            "THỊ XÃ",
            "Tỉnh",
            "NINH",
            "THUẬN",
            "Ninh",
            "\n",
            "\t",
            " ",
            "x",
            "CỘNG HÒA",
            "ỦY",
        ];
        let mut found = 0;
        for t in random_texts(&parts, 20_000, 0x1234_5678_9abc_def1) {
            let want = whole.captures(&t).and_then(|c| {
                Some((
                    c.get(1)?.as_str().to_lowercase(),
                    title_case(c.get(2)?.as_str()),
                ))
            });
            found += usize::from(want.is_some());
            assert_eq!(header(w(), &t), want, "{t:?}");
        }
        assert!(found > 500, "{found}");
    }

    #[test]
    fn places_read_like_the_regex() {
        let place = Regex::new(
            r"(?i:(thành phố|thị trấn|thị xã|phường|huyện|quận|tỉnh|xã))[ ]+((?:\p{Lu}[\p{L}]*)(?:[ ]+\p{Lu}[\p{L}]*){0,3})",
        )
        .unwrap();
        let parts = [
            "thành phố",
            "THÀNH PHỐ",
            "Thành Phố",
            "tHành phỐ",
            "thị trấn",
            "Thị xã",
            "THỊ XÃ",
            "thị",
            "phường",
            "Phường",
            "huyện",
            "HUYỆN",
            "quận",
            "tỉnh",
            "Tỉnh",
            "TỈNH",
            "xã",
            "Xã",
            "XÃ",
            " ",
            "  ",
            "\n",
            "\t",
            ",",
            "x",
            "a",
            "1",
            "_",
            "Nghệ",
            "An",
            "Cát",
            "Hải",
            "ĐÀ",
            "Đà",
            "Nẵng",
            "Ǆ",
            "É",
            "ấ",
            "Ⅻ",
            "\u{a0}",
            "“",
            "-",
        ];
        let mut found = 0;
        for t in random_texts(&parts, 30_000, 0x9e37_79b9_7f4a_7c15) {
            let want: Vec<_> = bounded_captures(&place, &t, false)
                .iter()
                .filter_map(|c| Some((c.get(1)?.range(), c.get(2)?.range())))
                .collect();
            found += want.len();
            assert_eq!(places_in(w(), &t), want, "{t:?}");
        }
        assert!(found > 2000, "{found}");
    }

    #[test]
    fn own_levels_read_like_the_regex() {
        let own = Regex::new(
            r"(?i:(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)[ \t\n]+(thành phố|thị xã|phường|huyện|quận|tỉnh|xã))",
        )
        .unwrap();
        let parts = [
            "ủy ban nhân dân",
            "Ủy ban nhân dân",
            "ỦY BAN NHÂN DÂN",
            "uỷ ban nhân dân",
            "UỶ BAN NHÂN DÂN",
            "UBND",
            "ubnd",
            "UbNd",
            "ban",
            "b",
            "B",
            "u",
            "x",
            "thành phố",
            "THÀNH PHỐ",
            "thị xã",
            "phường",
            "huyện",
            "Huyện",
            "quận",
            "tỉnh",
            "TỈNH",
            "xã",
            "XÃ",
            "xãx",
            " ",
            "  ",
            "\n",
            "\t",
            ",",
            "1",
            "_",
            "Nghệ",
        ];
        let mut found = 0;
        for t in random_texts(&parts, 30_000, 0x2545_f491_4f6c_dd1d) {
            let want: Vec<_> = bounded_captures(&own, &t, true)
                .iter()
                .filter_map(|c| Some(c.get(1)?.range()))
                .collect();
            found += want.len();
            assert_eq!(own_levels_in(w(), &t), want, "{t:?}");
        }
        assert!(found > 2000, "{found}");
    }

    fn places(t: &str) -> Places {
        Places::find(Grammars::builtin(), t, &Document::default())
    }

    #[test]
    fn province_from_the_names_used() {
        let p = places("ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\n... tỉnh Ninh Thuận giai đoạn 2021");
        assert_eq!(p.province.as_deref(), Some("Ninh Thuận"));
        assert_eq!(
            p.complete("Ủy ban nhân dân tỉnh"),
            "Ủy ban nhân dân tỉnh Ninh Thuận"
        );
        assert_eq!(
            p.complete("Ban Thường vụ Tỉnh ủy"),
            "Ban Thường vụ Tỉnh ủy Ninh Thuận"
        );
        assert_eq!(p.complete("Bộ Nội vụ"), "Bộ Nội vụ");
        // a level printed with a capital is the document's own
        assert_eq!(
            p.complete("Ủy ban nhân dân Tỉnh"),
            "Ủy ban nhân dân tỉnh Ninh Thuận"
        );
        assert_eq!(p.province_locality().as_deref(), Some("tỉnh Ninh Thuận"));
    }

    #[test]
    fn function_words_are_not_names() {
        let p = places("UBND huyện Các cơ quan; UBND huyện Các đơn vị; huyện Cát Hải");
        assert_eq!(p.name_of("huyện").as_deref(), Some("Cát Hải"));
    }

    #[test]
    fn central_city_and_own_level() {
        let p = places(
            "của UBND huyện; UBND huyện; Chuyển đổi số thành phố Hải Phòng; tại huyện Cát Hải; huyện Cát Hải",
        );
        assert_eq!(p.province.as_deref(), Some("Hải Phòng"));
        assert_eq!(
            p.complete("Ủy ban nhân dân thành phố"),
            "Ủy ban nhân dân thành phố Hải Phòng"
        );
        assert_eq!(
            p.complete("Ban Thường vụ Thành ủy"),
            "Ban Thường vụ Thành ủy Hải Phòng"
        );
        assert_eq!(p.provincial_party(), "Thành ủy Hải Phòng");
        assert_eq!(
            p.complete("Thành ủy Thành phố"),
            "Thành ủy thành phố Hải Phòng"
        );
        assert_eq!(
            p.province_locality().as_deref(),
            Some("thành phố Hải Phòng")
        );
        assert_eq!(
            p.own_issuer.as_deref(),
            Some("Ủy ban nhân dân huyện Cát Hải")
        );
    }

    #[test]
    fn own_level_from_the_header() {
        let p = places(
            "ỦY BAN NHÂN DÂN\nHUYỆN CÁT HẢI\n...UBND xã, UBND xã, UBND xã; thành phố Hải Phòng",
        );
        assert_eq!(
            p.own_issuer.as_deref(),
            Some("Ủy ban nhân dân huyện Cát Hải")
        );
    }

    #[test]
    fn main_issuer_as_a_body() {
        let main = Document {
            issuer: Some("Chủ tịch Ủy ban nhân dân xã Kiến Minh".into()),
            ..Default::default()
        };
        let p = Places::find(Grammars::builtin(), "", &main);
        assert_eq!(
            p.own_issuer.as_deref(),
            Some("Ủy ban nhân dân xã Kiến Minh")
        );
        let main = Document {
            issuer: Some("Hội đồng nhân dân tỉnh Vĩnh Long".into()),
            ..Default::default()
        };
        assert_eq!(
            Places::find(Grammars::builtin(), "", &main).own_issuer,
            None
        );
    }

    #[test]
    fn main_province_wins() {
        let main = Document {
            province: Some("Nghệ An".into()),
            ..Default::default()
        };
        let p = Places::find(Grammars::builtin(), "tỉnh Hà Tĩnh, tỉnh Hà Tĩnh", &main);
        assert_eq!(p.province.as_deref(), Some("Nghệ An"));
        assert_eq!(p.provincial_party(), "Tỉnh ủy Nghệ An");
    }
}
