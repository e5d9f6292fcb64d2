//! The phrases around a goal figure: the figure itself (value, range, score
//! out of a maximum), the words before it (comparator, change, per year)
//! and the words after it (`trở lên`, `/năm`).
//!
//! ```text
//! figure  := num ws unit? ws ("-" | "–" | "đến" | "tới") ws num ws unit   20 - 30%, 20 đến 30%
//!          | num ws "/" ws num ws "điểm"                                9.5/9.5 điểm
//!          | num ws "điểm" ws "trở lên"? ws "/" ws num ws "điểm" "tối đa"?  80 điểm trở lên/100 điểm tối đa
//!          | num ws unit                                               90%, 2,5 %
//! num     := digits ([.,] digits)?                                     decimal comma or point
//! head    := token* (end of text)      token: comparator | change | per-year | filler | ","
//! tail    := ("/năm" | "trở lên" | "trở xuống" | "mỗi năm" | ...)*
//! ```
//! The words are data: grammars/comparators.toml. `head` reads the longest
//! run of known words that ends right before the figure.

use crate::error::Result;
use crate::model::{Change, Comparator, Unit};
use crate::rules::{Grammars, Slot};
use crate::text::fold::lower_char;
use nom::IResult;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char as ch, one_of};
use nom::combinator::{opt, recognize};
use nom::sequence::{pair, preceded};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    comparator: Vec<ComparatorEntry>,
    change: Vec<ChangeEntry>,
    per_year: Vec<PerYearEntry>,
    level: Vec<LevelEntry>,
    filler: Vec<FillerEntry>,
    #[serde(default)]
    year: Vec<FillerEntry>,
    #[serde(default)]
    label_change: Vec<LabelChangeEntry>,
}

/// A change named by the label of a table row ("Tỉ lệ cắt giảm thủ tục
/// … | % | 30"): the figure in the row's value cell is its size.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelChangeEntry {
    kind: Change,
    words: Vec<String>,
    /// Next words that make it another word ("tăng trưởng").
    #[serde(default)]
    not_before: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    not_examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelEntry {
    words: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ComparatorEntry {
    kind: Comparator,
    head: Vec<String>,
    tail: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeEntry {
    kind: Change,
    words: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PerYearEntry {
    head: Vec<String>,
    tail: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FillerEntry {
    words: Vec<String>,
}

/// What one known word before or after a figure means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Comparator(Comparator),
    Change(Change),
    PerYear,
    /// "lên", "xuống còn": the figure is a level, not a change.
    Level,
    Filler,
    /// "vào năm", "đến năm": stands before a year ("ít nhất vào năm 2025
    /// đạt 40%"); the word and the year are read as a filler.
    YearLead,
}

/// Known words, longest first, lower case.
struct Lexicon {
    head: Words,
    tail: Words,
    /// Row-label change words: (word, kind, next words that cancel it).
    labels: Vec<(String, Change, Vec<String>)>,
}

/// A list of known words, with the words each first letter can start
/// ([`known`] tries only those).
struct Words {
    words: Vec<(String, Word)>,
    /// Per first char (ascending): indices into `words`, in order, of the
    /// words that start with it and of those that start with no letter
    /// (a space, or nothing).
    by_first: Vec<(char, Vec<usize>)>,
    /// Indices of the words that start with no letter.
    any_first: Vec<usize>,
    /// Per word: what its second char asks of the text ([`known`] tries
    /// only words whose first two chars can match).
    second: Vec<Second>,
    /// Per word: it ends in a letter or digit, so the text must not go on
    /// with one.
    needs_boundary: Vec<bool>,
}

/// The second char of a known word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Second {
    /// Nothing to test: a word of one char, or one that starts with no
    /// letter.
    Any,
    /// A space: the text has a blank there.
    Blank,
    Char(char),
}

impl Words {
    fn new(words: Vec<(String, Word)>) -> Words {
        let first = |w: &str| w.chars().next().filter(|&c| c != ' ');
        let any_first: Vec<usize> = (0..words.len())
            .filter(|&k| words.get(k).is_some_and(|(w, _)| first(w).is_none()))
            .collect();
        let mut chars: Vec<char> = words.iter().filter_map(|(w, _)| first(w)).collect();
        chars.sort_unstable();
        chars.dedup();
        let by_first = chars
            .into_iter()
            .map(|c| {
                let ids = (0..words.len())
                    .filter(|&k| {
                        words
                            .get(k)
                            .is_some_and(|(w, _)| first(w).is_none_or(|f| f == c))
                    })
                    .collect();
                (c, ids)
            })
            .collect();
        let second = words
            .iter()
            .map(|(w, _)| {
                if first(w).is_none() {
                    return Second::Any;
                }
                match w.chars().nth(1) {
                    None => Second::Any,
                    Some(' ') => Second::Blank,
                    Some(c) => Second::Char(c),
                }
            })
            .collect();
        let needs_boundary = words
            .iter()
            .map(|(w, _)| w.chars().last().is_some_and(is_word_char))
            .collect();
        Words {
            words,
            by_first,
            any_first,
            second,
            needs_boundary,
        }
    }

    /// Indices of the words that start with `c` (and of those that start
    /// with no letter), in order.
    fn starting(&self, c: char) -> &[usize] {
        match self.by_first.binary_search_by(|(f, _)| f.cmp(&c)) {
            Ok(k) => self.by_first.get(k).map_or(&[], |(_, ids)| ids.as_slice()),
            Err(_) => &self.any_first,
        }
    }
}

fn lexicon(g: Grammars) -> &'static Lexicon {
    g.cached::<Lexicon>(Slot::ComparatorWords, build_lexicon)
}

fn table(g: Grammars) -> Result<&'static Table> {
    g.try_cached(Slot::Comparators, |g| g.table("comparators"))
}

fn build_lexicon(g: Grammars) -> Result<Lexicon> {
    let t = table(g)?;
    {
        let mut head = Vec::new();
        let mut tail = Vec::new();
        for c in &t.comparator {
            let k = Word::Comparator(c.kind);
            head.extend(c.head.iter().map(|w| (w.to_lowercase(), k)));
            tail.extend(c.tail.iter().map(|w| (w.to_lowercase(), k)));
        }
        for c in &t.change {
            let k = Word::Change(c.kind);
            head.extend(c.words.iter().map(|w| (w.to_lowercase(), k)));
        }
        for p in &t.per_year {
            head.extend(p.head.iter().map(|w| (w.to_lowercase(), Word::PerYear)));
            tail.extend(p.tail.iter().map(|w| (w.to_lowercase(), Word::PerYear)));
        }
        for l in &t.level {
            head.extend(l.words.iter().map(|w| (w.to_lowercase(), Word::Level)));
        }
        for f in &t.filler {
            head.extend(f.words.iter().map(|w| (w.to_lowercase(), Word::Filler)));
        }
        for y in &t.year {
            head.extend(y.words.iter().map(|w| (w.to_lowercase(), Word::YearLead)));
        }
        head.sort_by_key(|w| std::cmp::Reverse(w.0.chars().count()));
        tail.sort_by_key(|w| std::cmp::Reverse(w.0.chars().count()));
        let labels = t
            .label_change
            .iter()
            .flat_map(|e| {
                let k = e.kind;
                let not: Vec<String> = e.not_before.iter().map(|w| w.to_lowercase()).collect();
                e.words
                    .iter()
                    .map(move |w| (w.to_lowercase(), k, not.clone()))
            })
            .collect();
        Ok(Lexicon {
            head: Words::new(head),
            tail: Words::new(tail),
            labels,
        })
    }
}

/// Checks grammars/comparators.toml: every example reads as its entry says.
pub fn check(g: Grammars) -> Result<()> {
    let t = table(g)?;
    lexicon_checked(g)?;
    let fail = |ex: &str, what: &str| {
        Err(g.error_at(
            "comparators",
            ex,
            format!("the example {ex:?} does not read as {what}"),
        ))
    };
    for c in &t.comparator {
        for ex in &c.examples {
            if read_example(g, ex).comparator != Some(c.kind) {
                return fail(ex, c.kind.as_str());
            }
        }
    }
    for e in &t.label_change {
        for ex in &e.examples {
            if label_change(g, ex) != Some(e.kind) {
                return fail(ex, e.kind.as_str());
            }
        }
        for ex in &e.not_examples {
            if label_change(g, ex).is_some() {
                return fail(ex, "no change");
            }
        }
    }
    for c in &t.change {
        for ex in &c.examples {
            if read_example(g, ex).change != Some(c.kind) {
                return fail(ex, c.kind.as_str());
            }
        }
    }
    for p in &t.per_year {
        for ex in &p.examples {
            if !read_example(g, ex).per_year {
                return fail(ex, "per year");
            }
        }
    }
    for l in &t.level {
        for ex in &l.examples {
            if read_example(g, ex).change.is_some() {
                return fail(ex, "no change (a level)");
            }
        }
    }
    Ok(())
}

fn lexicon_checked(g: Grammars) -> Result<&'static Lexicon> {
    g.try_cached(Slot::ComparatorWords, build_lexicon)
}

/// What an example reads as: the words before its first figure and after.
fn read_example(g: Grammars, ex: &str) -> Reading {
    let Some(pos) = ex.find(|c: char| c.is_ascii_digit()) else {
        return Reading::default();
    };
    let Some((_, len)) = ex.get(pos..).and_then(figure) else {
        return Reading::default();
    };
    let h = head(g, ex.get(..pos).unwrap_or(""));
    let t = tail(g, ex.get(pos + len..).unwrap_or(""));
    Reading {
        comparator: t.comparator.or(h.comparator),
        change: h.change,
        per_year: h.per_year || t.per_year,
        len: 0,
    }
}

/// A figure as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub value_max: Option<f64>,
    pub unit: Unit,
    pub out_of: Option<f64>,
    /// "trở lên" read inside a score ("80 điểm trở lên/100").
    pub at_least: bool,
}

/// What the words before or after a figure say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub comparator: Option<Comparator>,
    pub change: Option<Change>,
    pub per_year: bool,
    /// Bytes of text the reading covers (from the start of `head`'s run,
    /// or from the start of the text for `tail`).
    pub len: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Blanks inside a phrase: spaces, tabs and at most one line break.
fn ws(i: &str) -> IResult<&str, &str> {
    take_while(|c: char| c == ' ' || c == '\t' || c == '\n' || c == '\u{a0}')(i)
}

/// A number of digits with a decimal comma or point, as `f64`.
fn decimal(raw: &str) -> Option<f64> {
    if !raw.contains(',') {
        return raw.parse().ok();
    }
    // a decimal comma: read through a point, without allocating
    let mut buf = [0u8; 64];
    let bytes = raw.as_bytes();
    let Some(dst) = buf.get_mut(..bytes.len()) else {
        return raw.replace(',', ".").parse().ok();
    };
    for (d, &b) in dst.iter_mut().zip(bytes) {
        *d = if b == b',' { b'.' } else { b };
    }
    std::str::from_utf8(dst).ok()?.parse().ok()
}

fn num(i: &str) -> IResult<&str, f64> {
    let (rest, raw) = recognize(pair(
        take_while1(|c: char| c.is_ascii_digit()),
        opt(pair(
            one_of(".,"),
            take_while1(|c: char| c.is_ascii_digit()),
        )),
    ))(i)?;
    let value = decimal(raw).unwrap_or(f64::NAN);
    if value.is_nan() {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Float,
        )));
    }
    Ok((rest, value))
}

/// nom's `tag_no_case`: `word` at the start of `i`, each char equal in
/// lower case, lower-casing through the table of
/// [`crate::text::fold`].
fn tag_no_case<'a>(word: &'static str) -> impl Fn(&'a str) -> IResult<&'a str, &'a str> {
    move |i: &'a str| {
        let same = |a: char, b: char| {
            a == b
                || match (lower_char(a), lower_char(b)) {
                    (Some(x), Some(y)) => x == y,
                    _ => a.to_lowercase().eq(b.to_lowercase()),
                }
        };
        let fits = i.chars().zip(word.chars()).all(|(a, b)| same(a, b));
        match (
            fits && i.len() >= word.len(),
            i.get(..word.len()),
            i.get(word.len()..),
        ) {
            (true, Some(tag), Some(rest)) => Ok((rest, tag)),
            _ => Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::Tag,
            ))),
        }
    }
}

fn unit(i: &str) -> IResult<&str, Unit> {
    alt((
        nom::combinator::value(Unit::Percent, tag("%")),
        nom::combinator::value(Unit::Percent, tag_no_case("phần trăm")),
        nom::combinator::value(Unit::Points, tag_no_case("điểm")),
    ))(i)
}

fn range_sep(i: &str) -> IResult<&str, &str> {
    alt((tag("-"), tag("–"), tag_no_case("đến"), tag_no_case("tới")))(i)
}

/// `20 - 30%`, `từ 20% đến 30%` (the "từ" is read by [`head`]); `i` is
/// the text after the first number, `low`.
fn range(i: &str, low: f64) -> IResult<&str, Figure> {
    let (i, _) = ws(i)?;
    let (i, u1) = opt(unit)(i)?;
    let (i, _) = ws(i)?;
    let (i, _) = range_sep(i)?;
    let (i, _) = ws(i)?;
    let (i, high) = num(i)?;
    let (i, _) = ws(i)?;
    let (i, u) = unit(i)?;
    if u1.is_some_and(|x| x != u) || high <= low {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        )));
    }
    Ok((
        i,
        Figure {
            value: low,
            value_max: Some(high),
            unit: u,
            out_of: None,
            at_least: false,
        },
    ))
}

/// `9.5/9.5 điểm`, `80 điểm trở lên/100 điểm tối đa`; `i` is the text
/// after the first number, `value`.
fn score(i: &str, value: f64) -> IResult<&str, Figure> {
    let (i, _) = ws(i)?;
    let (i, first_unit) = opt(tag_no_case("điểm"))(i)?;
    let (i, at_least) = if first_unit.is_some() {
        let (i, _) = ws(i)?;
        let (i, t) = opt(tag_no_case("trở lên"))(i)?;
        (i, t.is_some())
    } else {
        (i, false)
    };
    let (i, _) = ws(i)?;
    let (i, _) = ch('/')(i)?;
    let (i, _) = ws(i)?;
    let (i, max) = num(i)?;
    let (i, _) = ws(i)?;
    let (i, _) = tag_no_case("điểm")(i)?;
    let (i, _) = opt(preceded(ws, tag_no_case("tối đa")))(i)?;
    Ok((
        i,
        Figure {
            value,
            value_max: None,
            unit: Unit::Points,
            out_of: Some(max),
            at_least,
        },
    ))
}

/// `90%`; `i` is the text after the number, `value`.
fn simple(i: &str, value: f64) -> IResult<&str, Figure> {
    let (i, _) = ws(i)?;
    let (i, u) = unit(i)?;
    Ok((
        i,
        Figure {
            value,
            value_max: None,
            unit: u,
            out_of: None,
            at_least: false,
        },
    ))
}

/// Reads a figure at the start of `i`; returns it and the bytes it covers.
pub fn figure(i: &str) -> Option<(Figure, usize)> {
    if !may_be_figure(i) {
        return None;
    }
    // every form opens with a number: it is read once
    let (after, value) = num(i).ok()?;
    let (rest, f) = score(after, value)
        .or_else(|_| range(after, value))
        .or_else(|_| simple(after, value))
        .ok()?;
    // "điểm" must be a whole word ("điểm" not "điểmx")
    if rest.chars().next().is_some_and(is_word_char) && f.unit == Unit::Points {
        return None;
    }
    Some((f, i.len() - rest.len()))
}

/// Bytes of the number (`num`) at the start of `b`: digits, perhaps a
/// decimal comma or point and more digits.
fn number_len(b: &[u8]) -> usize {
    let digits = |at: usize| {
        b.get(at..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let k = digits(0);
    if k > 0 && matches!(b.get(k), Some(b'.' | b',')) {
        let frac = digits(k + 1);
        if frac > 0 {
            return k + 1 + frac;
        }
    }
    k
}

/// The first char of `s` after blanks (`ws`).
fn after_blanks(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| !(c == ' ' || c == '\t' || c == '\n' || c == '\u{a0}'))
}

/// A cheap test every figure passes: after the number and blanks comes a
/// unit ("%", "phần trăm", "điểm"), or a score's "/" or a range's "-",
/// "–", "tới" followed by a number and a unit.
fn may_be_figure(i: &str) -> bool {
    let k = number_len(i.as_bytes());
    if k == 0 {
        return true;
    }
    let rest = i.get(k..).unwrap_or("");
    let Some(next) = after_blanks(rest) else {
        return true;
    };
    match next {
        '%' | 'p' | 'P' | 'đ' | 'Đ' => true,
        '/' | '-' | '–' | 't' | 'T' => {
            // the separator ("tới" read as a word), a number, its unit
            let at = rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\u{a0}']).len();
            let sep = rest.get(at..).unwrap_or("");
            let after_sep = if matches!(next, 't' | 'T') {
                sep.trim_start_matches(char::is_alphabetic)
            } else {
                sep.get(next.len_utf8()..).unwrap_or("")
            };
            let second = after_sep.trim_start_matches([' ', '\t', '\n', '\u{a0}']);
            let n = number_len(second.as_bytes());
            n > 0
                && matches!(
                    after_blanks(second.get(n..).unwrap_or("")),
                    Some('%' | 'p' | 'P' | 'đ' | 'Đ')
                )
        }
        _ => false,
    }
}

/// Matches lower-case `word` at the start of `i`, case-insensitively; a
/// space in `word` matches any run of blanks (a wrapped line included).
/// Returns the rest of `i`.
fn match_word<'a>(word: &str, i: &'a str) -> Option<&'a str> {
    let mut rest = i;
    for wc in word.chars() {
        if wc == ' ' {
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() {
                return None;
            }
            rest = trimmed;
            continue;
        }
        let mut it = rest.chars();
        let c = it.next()?;
        if c != wc && lower_char(c) != Some(wc) {
            return None;
        }
        rest = it.as_str();
    }
    Some(rest)
}

/// Longest known word at the start of `i` (case-insensitive, whole words).
fn known<'a>(words: &Words, i: &'a str) -> Option<(&'a str, Word)> {
    // a word can match only if its first letter is the text's, in either case
    let mut chars = i.chars();
    let first = chars.next();
    let lower = first.and_then(lower_char);
    let (a, b) = match (first, lower) {
        (None, _) => (words.any_first.as_slice(), &[][..]),
        (Some(f), Some(l)) if l != f => (words.starting(f), words.starting(l)),
        (Some(f), _) => (words.starting(f), &[][..]),
    };
    // the text's second char, as match_word reads it
    let c1 = chars.next();
    let l1 = c1.and_then(lower_char);
    let blank1 = c1.is_some_and(char::is_whitespace);
    // most texts are lower case: one list, no merge
    let ids: &mut dyn Iterator<Item = usize> = if b.is_empty() {
        &mut a.iter().copied()
    } else {
        &mut merged(a, b)
    };
    for k in ids {
        let second_fits = match words.second.get(k) {
            Some(Second::Blank) => blank1,
            Some(&Second::Char(wc)) => c1 == Some(wc) || l1 == Some(wc),
            _ => true,
        };
        if !second_fits {
            continue;
        }
        let Some((w, kind)) = words.words.get(k) else {
            continue;
        };
        let Some(rest) = match_word(w, i) else {
            continue;
        };
        let needs_boundary = words.needs_boundary.get(k).copied().unwrap_or(false);
        if needs_boundary && rest.chars().next().is_some_and(is_word_char) {
            continue;
        }
        return Some((rest, *kind));
    }
    None
}

/// The indices of two ascending lists, ascending, each once.
fn merged<'a>(a: &'a [usize], b: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    let (mut x, mut y) = (a.iter().peekable(), b.iter().peekable());
    std::iter::from_fn(move || match (x.peek().copied(), y.peek().copied()) {
        (Some(&p), Some(&q)) if p == q => {
            x.next();
            y.next();
            Some(p)
        }
        (Some(&p), Some(&q)) if p < q => {
            x.next();
            Some(p)
        }
        (_, Some(&q)) => {
            y.next();
            Some(q)
        }
        (Some(&p), None) => {
            x.next();
            Some(p)
        }
        (None, None) => None,
    })
}

fn head_token(g: Grammars, i: &str) -> IResult<&str, Option<Word>> {
    let (i, _) = ws(i)?;
    if let Some(rest) = i.strip_prefix([',', '(']) {
        return Ok((rest, None));
    }
    match known(&lexicon(g).head, i) {
        Some((rest, Word::YearLead)) => year(rest).map(|(rest, _)| (rest, None)),
        Some((rest, w)) => Ok((rest, Some(w))),
        None => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

/// A year of four digits, 1900 to 2099, after blanks, as a whole word.
fn year(i: &str) -> IResult<&str, &str> {
    let (rest, _) = ws(i)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let fail = || nom::Err::Error(nom::error::Error::new(rest, nom::error::ErrorKind::Digit));
    if digits != 4 || !(rest.starts_with("19") || rest.starts_with("20")) {
        return Err(fail());
    }
    let (y, after) = rest.split_at(4);
    if after.chars().next().is_some_and(is_word_char) {
        return Err(fail());
    }
    Ok((after, y))
}

/// Reads the known words that end `before` (the text right before a
/// figure). The run is the longest one that reaches the end of `before`.
pub fn head(g: Grammars, before: &str) -> Reading {
    // try each word start, farthest first; a run must reach the end; only
    // the last few words are looked at, found from the end
    let mut starts: Vec<usize> = Vec::new();
    let mut it = before.char_indices().rev().peekable();
    while let Some((idx, c)) = it.next() {
        let prev = it.peek().map(|&(_, p)| p);
        if !c.is_whitespace() && prev.is_none_or(|p| p.is_whitespace() || p == ',') {
            starts.push(idx);
            if starts.len() == 12 {
                break;
            }
        }
    }
    starts.reverse();
    for &s in &starts {
        let Some(mut i) = before.get(s..) else {
            continue;
        };
        let mut r = Reading::default();
        let mut ok = true;
        while !i.trim().is_empty() {
            match head_token(g, i) {
                Ok((rest, w)) => {
                    apply(&mut r, w);
                    i = rest;
                }
                Err(_) => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            r.len = before.len() - s;
            return r;
        }
    }
    Reading::default()
}

fn apply(r: &mut Reading, w: Option<Word>) {
    match w {
        Some(Word::Comparator(k)) => r.comparator = Some(k),
        Some(Word::Change(k)) => r.change = Some(k),
        Some(Word::PerYear) => r.per_year = true,
        Some(Word::Level) => r.change = None,
        _ => {}
    }
}

/// The change a table row's label names ("Tỉ lệ cắt giảm thủ tục hành
/// chính …", "Số lượng công bố … tăng trung bình"), for a figure alone in
/// the row's value cell (grammars/comparators.toml `[[label_change]]`).
pub fn label_change(g: Grammars, label: &str) -> Option<Change> {
    let lower = crate::text::fold::fold(label);
    lexicon(g).labels.iter().find_map(|(w, kind, not)| {
        lower.match_indices(w.as_str()).find_map(|(at, _)| {
            let before = lower.get(..at).and_then(|b| b.chars().next_back());
            let rest = lower.get(at + w.len()..).unwrap_or("");
            let whole =
                !before.is_some_and(is_word_char) && !rest.chars().next().is_some_and(is_word_char);
            let next = rest.split_whitespace().next().unwrap_or("");
            (whole && !not.iter().any(|n| n == next)).then_some(*kind)
        })
    })
}

/// True when `text` holds a per-year word anywhere ("Hằng năm, số vụ …
/// tăng trên 3%"): a change stated for every year.
pub fn mentions_per_year(g: Grammars, text: &str) -> bool {
    let lower = text.to_lowercase();
    lexicon(g).head.words.iter().any(|(w, kind)| {
        *kind == Word::PerYear
            && lower.match_indices(w.as_str()).any(|(at, _)| {
                let before = lower.get(..at).and_then(|b| b.chars().next_back());
                let after = lower.get(at + w.len()..).and_then(|a| a.chars().next());
                !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
            })
    })
}

/// Reads the known words right after a figure.
pub fn tail(g: Grammars, after: &str) -> Reading {
    let mut r = Reading::default();
    let mut i = after;
    loop {
        let (rest, _) = ws(i).unwrap_or((i, ""));
        if rest.get(..1).is_some_and(|c| c == "\n") {
            break;
        }
        match known(&lexicon(g).tail, rest) {
            Some((next, w)) => {
                apply(&mut r, Some(w));
                i = next;
            }
            None => break,
        }
    }
    r.len = after.len() - i.len();
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> Grammars {
        Grammars::builtin()
    }

    fn fig(s: &str) -> Figure {
        figure(s).map(|(f, _)| f).expect("a figure")
    }

    #[test]
    fn figures() {
        assert_eq!(fig("90% hồ sơ").value, 90.0);
        assert_eq!(fig("2,5%").value, 2.5);
        assert_eq!(fig("2.5 %").value, 2.5);
        assert_eq!(fig("80\n%").value, 80.0);
        let r = fig("20 đến 30%");
        assert_eq!((r.value, r.value_max), (20.0, Some(30.0)));
        let r = fig("20 - 30%");
        assert_eq!((r.value, r.value_max), (20.0, Some(30.0)));
        let r = fig("20% - 30%");
        assert_eq!((r.value, r.value_max), (20.0, Some(30.0)));
        let r = fig("9.5/9.5 điểm");
        assert_eq!((r.value, r.out_of, r.unit), (9.5, Some(9.5), Unit::Points));
        let r = fig("10.5/11.5 điểm");
        assert_eq!((r.value, r.out_of), (10.5, Some(11.5)));
        let r = fig("80 điểm trở lên/100 điểm\ntối đa");
        assert_eq!((r.value, r.out_of, r.at_least), (80.0, Some(100.0), true));
        assert!(figure("2025").is_none());
        assert!(figure("30 - 20%").is_none());
    }

    #[test]
    fn heads() {
        let h = head(crate::rules::Grammars::builtin(), "đạt tối thiểu ");
        assert_eq!(h.comparator, Some(Comparator::AtLeast));
        let h = head(
            crate::rules::Grammars::builtin(),
            "Mức độ hài lòng đạt trên ",
        );
        assert_eq!(h.comparator, Some(Comparator::MoreThan));
        let h = head(crate::rules::Grammars::builtin(), "mỗi năm tăng tối thiểu ");
        assert_eq!(
            (h.comparator, h.change, h.per_year),
            (Some(Comparator::AtLeast), Some(Change::Increase), true)
        );
        let h = head(crate::rules::Grammars::builtin(), "Cắt giảm, đơn giản hoá ");
        assert_eq!(h.change, Some(Change::Reduce));
        let h = head(
            crate::rules::Grammars::builtin(),
            "Tỷ lệ doanh nghiệp được thành lập tăng so với năm trước trên ",
        );
        assert_eq!(
            (h.comparator, h.change, h.per_year),
            (Some(Comparator::MoreThan), Some(Change::Increase), true)
        );
        // "tăng cường" is not "tăng"
        assert_eq!(head(g(), "Tăng cường kiểm tra ").change, None);
        // "không vượt quá" is at_most, not more_than
        assert_eq!(
            head(crate::rules::Grammars::builtin(), "không vượt quá ").comparator,
            Some(Comparator::AtMost)
        );
        assert_eq!(
            head(
                crate::rules::Grammars::builtin(),
                "đạt tỷ lệ tối thiểu tương ứng là "
            )
            .comparator,
            Some(Comparator::AtLeast)
        );
        assert_eq!(
            head(
                crate::rules::Grammars::builtin(),
                "văn bản trao đổi dưới dạng điện tử trên "
            )
            .comparator,
            Some(Comparator::MoreThan)
        );
        assert_eq!(
            head(crate::rules::Grammars::builtin(), "Phấn đấu đưa ").comparator,
            None
        );
        assert_eq!(
            head(
                crate::rules::Grammars::builtin(),
                "đạt dưới 40 μg/m3 (giảm "
            )
            .change,
            Some(Change::Reduce)
        );
        assert_eq!(
            head(crate::rules::Grammars::builtin(), "không thấp hơn ").comparator,
            Some(Comparator::AtLeast)
        );
        assert_eq!(
            head(crate::rules::Grammars::builtin(), "thấp hơn ").comparator,
            Some(Comparator::AtMost)
        );
        assert_eq!(
            head(crate::rules::Grammars::builtin(), "ở mức dưới ").comparator,
            Some(Comparator::AtMost)
        );
        assert_eq!(
            head(crate::rules::Grammars::builtin(), "giảm xuống còn ").change,
            None
        );
        // words wrapped over a line break
        assert_eq!(
            head(crate::rules::Grammars::builtin(), "Trong số đó, ít\nnhất ").comparator,
            Some(Comparator::AtLeast)
        );
        assert_eq!(
            head(crate::rules::Grammars::builtin(), "đạt TỐI THIỂU ").comparator,
            Some(Comparator::AtLeast)
        );
    }

    #[test]
    fn a_year_between_head_and_figure() {
        for t in [
            "ít nhất vào năm 2025 đạt ",
            "tối thiểu đến năm 2030 đạt ",
            "Tỷ lệ ít nhất\nvào năm 2025 đạt ",
            "không dưới năm 2027 là ",
        ] {
            assert_eq!(
                head(crate::rules::Grammars::builtin(), t).comparator,
                Some(Comparator::AtLeast),
                "{t:?}"
            );
        }
        let h = head(
            crate::rules::Grammars::builtin(),
            "mỗi năm tăng tối thiểu đến hết năm 2030 ",
        );
        assert_eq!((h.change, h.per_year), (Some(Change::Increase), true));
        // only a year of four digits: a count of years, a long number or a
        // word run on the digits breaks the run
        for t in [
            "ít nhất vào năm 5 đạt ",
            "ít nhất vào năm 20255 đạt ",
            "ít nhất vào năm 2025a đạt ",
            "ít nhất vào năm 1890 đạt ",
            "ít nhất năm đạt ",
        ] {
            assert_eq!(head(g(), t).comparator, None, "{t:?}");
        }
    }

    #[test]
    fn per_year_anywhere() {
        assert!(mentions_per_year(
            g(),
            "Hằng năm, số vụ phạm tội được phát hiện tăng"
        ));
        assert!(!mentions_per_year(g(), "kế hoạch năm 2025"));
    }

    #[test]
    fn tails() {
        let t = tail(crate::rules::Grammars::builtin(), " trở lên tổng số");
        assert_eq!(t.comparator, Some(Comparator::AtLeast));
        let t = tail(crate::rules::Grammars::builtin(), "/năm trở lên so với");
        assert_eq!(
            (t.comparator, t.per_year),
            (Some(Comparator::AtLeast), true)
        );
        assert!(tail(crate::rules::Grammars::builtin(), " so với năm trước").per_year);
        assert_eq!(
            tail(crate::rules::Grammars::builtin(), " hồ sơ"),
            Reading::default()
        );
    }

    #[test]
    fn table_examples_read_as_labelled() {
        if let Err(e) = check(Grammars::builtin()) {
            panic!("{e}");
        }
    }

    /// [`known`] as it was: every word tried in order.
    fn known_by_scan<'a>(words: &[(String, Word)], i: &'a str) -> Option<(&'a str, Word)> {
        let first = i.chars().next();
        let lower = first.and_then(|c| {
            let mut l = c.to_lowercase();
            let one = l.next();
            if l.next().is_some() { None } else { one }
        });
        for (w, kind) in words {
            let wc = w.chars().next();
            if wc.is_some_and(|c| c != ' ') && wc != first && (lower.is_none() || wc != lower) {
                continue;
            }
            let Some(rest) = match_word(w, i) else {
                continue;
            };
            let needs_boundary = w.chars().last().is_some_and(is_word_char);
            if needs_boundary && rest.chars().next().is_some_and(is_word_char) {
                continue;
            }
            return Some((rest, *kind));
        }
        None
    }

    fn known_agrees(i: &str) {
        for words in [&lexicon(g()).head, &lexicon(g()).tail] {
            assert_eq!(known(words, i), known_by_scan(&words.words, i), "{i:?}");
        }
    }

    #[test]
    fn known_words_by_first_letter_agree_with_a_scan() {
        let lex = lexicon(g());
        for (w, _) in lex.head.words.iter().chain(&lex.tail.words) {
            for t in [
                w.clone(),
                w.to_uppercase(),
                format!("{w} 30%"),
                format!("{w}x"),
                w.chars().skip(1).collect::<String>(),
            ] {
                known_agrees(&t);
            }
        }
        for t in ["", " ", "İ", "Đạt", "ĐẠT TỐI THIỂU", "/năm", "> 5", "≥5"] {
            known_agrees(t);
        }
    }

    proptest::proptest! {
        #[test]
        fn known_agrees_on_any_text(s in "[ a-zA-ZđĐạẠưƯốỐ/>≥<≤=,]{0,12}") {
            known_agrees(&s);
        }
    }

    /// [`figure`] without its cheap test.
    fn figure_unscreened(i: &str) -> Option<(Figure, usize)> {
        let (after, value) = num(i).ok()?;
        let (rest, f) = score(after, value)
            .or_else(|_| range(after, value))
            .or_else(|_| simple(after, value))
            .ok()?;
        if rest.chars().next().is_some_and(is_word_char) && f.unit == Unit::Points {
            return None;
        }
        Some((f, i.len() - rest.len()))
    }

    #[test]
    fn the_cheap_test_keeps_every_figure() {
        for t in [
            "20 - 30%",
            "20 đến 30%",
            "20 TỚI 30 phần trăm",
            "9.5/9.5 điểm",
            "9,5 / 10 ĐIỂM",
            "80 điểm trở lên/100 điểm tối đa",
            "20% - 30%",
            "27/10/2021",
            "2021 - 2025",
            "5 tháng",
            "3 tới 4 năm",
            "10\n%",
            "1 –\u{a0}2 %",
            "7 tớix 8%",
        ] {
            assert_eq!(figure(t), figure_unscreened(t), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_cheap_test_keeps_every_figure_of_any_text(t in "[0-9]{1,3}([.,][0-9])?( |\\n|\u{a0})?(/|-|–|tới|TỚI|đến|%|điểm|phần trăm|x)?( )?[0-9]{0,2}( )?(%|điểm|ĐIỂM|Phần trăm|trở lên|/)?( )?[0-9]{0,2}( )?(điểm|%)?") {
            proptest::prop_assert_eq!(figure(&t), figure_unscreened(&t));
        }
    }

    #[test]
    fn tags_read_as_nom_reads_them() {
        for word in ["điểm", "phần trăm", "đến", "tới", "trở lên", "tối đa"] {
            for text in [
                word.to_string(),
                word.to_uppercase(),
                format!("{} x", word.to_uppercase()),
                format!("{word}x"),
                word.chars().take(2).collect::<String>(),
                "Điểm".to_string(),
                "ĐIỂm 5".to_string(),
                "x".to_string(),
                String::new(),
            ] {
                let ours = tag_no_case(word)(text.as_str()).ok();
                let nom: Option<(&str, &str)> =
                    nom::bytes::complete::tag_no_case::<_, _, nom::error::Error<&str>>(word)(
                        text.as_str(),
                    )
                    .ok();
                assert_eq!(ours, nom, "{word} {text:?}");
            }
        }
    }

    #[test]
    fn decimals_read_as_the_library_reads_them() {
        for raw in [
            "0",
            "12",
            "2,5",
            "2.5",
            "10,25",
            "007,50",
            "123456789012345678901234567890,5",
        ] {
            assert_eq!(
                decimal(raw),
                raw.replace(',', ".").parse::<f64>().ok(),
                "{raw}"
            );
        }
        let long = format!("1,{}", "3".repeat(100));
        assert_eq!(decimal(&long), long.replace(',', ".").parse::<f64>().ok());
    }
}
