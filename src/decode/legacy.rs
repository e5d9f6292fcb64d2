//! Legacy Vietnamese encodings: TCVN3 (ABC), VNI and VIQR, as raw bytes and
//! as mojibake inside Unicode text, and the choice between readings.
//!
//! The code tables are data (grammars/encodings.toml). Every decoder works on
//! [`Unit`]s (a char plus the original byte range it came from) so the text
//! it builds keeps its map to the input. Which reading to keep is decided by
//! [`score`]: the count of words that are valid Vietnamese syllables minus
//! the words that cannot be (mojibake such as `®Þnh` or `Quyeát`).

use super::words;
use crate::text::{MappedText, TextBuilder};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// Combining tone marks in the tone order of the tables.
const TONE_MARKS: [char; 5] = ['\u{0301}', '\u{0300}', '\u{0309}', '\u{0303}', '\u{0323}'];

/// One char of input with the original byte range it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    pub c: char,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Deserialize)]
struct Raw {
    tcvn3: Vec<Tcvn3Row>,
    tcvn3_other: Vec<Tcvn3Other>,
    vni: Vec<VniRow>,
    vni_other: Vec<VniOther>,
    viqr_modifier: Vec<ViqrModifier>,
    viqr_tones: Vec<ViqrTones>,
    nuclei: Vec<Nuclei>,
    #[serde(default)]
    tcvn3_capitalised: Vec<Phrases>,
    #[serde(default)]
    examples: Vec<Example>,
}

#[derive(Debug, Deserialize)]
struct Tcvn3Row {
    vowel: String,
    bytes: Vec<u8>,
}

#[derive(Debug, Deserialize)]
struct Tcvn3Other {
    letter: String,
    byte: u8,
}

#[derive(Debug, Deserialize)]
struct VniRow {
    vowel: String,
    codes: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct VniOther {
    letter: String,
    code: String,
}

#[derive(Debug, Deserialize)]
struct ViqrModifier {
    vowel: String,
    mark: String,
    gives: String,
}

#[derive(Debug, Deserialize)]
struct ViqrTones {
    marks: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Phrases {
    phrases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Nuclei {
    list: Vec<String>,
}

/// A worked example from the table file (run by the unit tests).
#[derive(Debug, Deserialize, Clone)]
pub struct Example {
    pub encoding: String,
    pub encoded: String,
    pub text: String,
}

/// The tables, ready for lookups.
#[derive(Debug)]
struct Tables {
    /// TCVN3 byte → letter, for the bytes that are letters.
    tcvn3: [Option<char>; 256],
    /// Lower-case toned letters that TCVN3 cannot write in upper case.
    tcvn3_caseless: Vec<char>,
    /// VNI one-char codes (as Windows-1252 chars) → letter.
    vni_one: HashMap<char, char>,
    /// VNI two-char codes → letter.
    vni_two: HashMap<(char, char), char>,
    /// VIQR (lower-case base, modifier) → letter.
    viqr_mod: HashMap<(char, char), char>,
    viqr_tones: Vec<char>,
    /// Vietnamese letter → (base vowel without tone, tone 0..=5), lower case.
    vowels: HashMap<char, (char, u8)>,
    /// Valid vowel groups, toneless and lower case.
    nuclei: std::collections::HashSet<String>,
    /// `vowels` and `nuclei` as flat lookups for [`syllable_ok`].
    syllables: Syllables,
    /// Phrases (as chars, lower case) whose first letter TCVN3 lost.
    capitalised: Vec<Vec<char>>,
    /// Read by the unit tests.
    #[cfg_attr(not(test), allow(dead_code))]
    examples: Vec<Example>,
}

fn one_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// NFC(vowel + tone mark).
fn letter(vowel: char, tone: usize) -> Option<char> {
    if tone == 0 {
        return Some(vowel);
    }
    let mark = *TONE_MARKS.get(tone - 1)?;
    let s: String = [vowel, mark].iter().collect::<String>().nfc().collect();
    one_char(&s)
}

fn upper(c: char) -> char {
    let mut u = c.to_uppercase();
    match (u.next(), u.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

/// The lower case of `c` when it is one char, else `c`.
fn lower(c: char) -> char {
    crate::text::fold::lower_char(c).unwrap_or(c)
}

fn build(raw: Raw) -> Result<Tables, String> {
    let mut t = Tables {
        tcvn3: [None; 256],
        tcvn3_caseless: Vec::new(),
        vni_one: HashMap::new(),
        vni_two: HashMap::new(),
        viqr_mod: HashMap::new(),
        viqr_tones: Vec::new(),
        vowels: HashMap::new(),
        nuclei: raw
            .nuclei
            .iter()
            .flat_map(|n| n.list.iter().cloned())
            .collect(),
        syllables: Syllables::default(),
        capitalised: raw
            .tcvn3_capitalised
            .iter()
            .flat_map(|p| p.phrases.iter().map(|s| s.chars().collect()))
            .collect(),
        examples: raw.examples,
    };
    for row in &raw.tcvn3 {
        let v = one_char(&row.vowel).ok_or(format!("tcvn3 vowel {:?}", row.vowel))?;
        if row.bytes.len() != 6 {
            return Err(format!("tcvn3 row {:?} needs 6 bytes", row.vowel));
        }
        for (tone, b) in row.bytes.iter().enumerate() {
            let l = letter(v, tone).ok_or(format!("tcvn3 {v} tone {tone}"))?;
            t.tcvn3[usize::from(*b)] = Some(l);
            t.vowels.insert(l, (v, tone as u8));
            t.vowels.insert(upper(l), (v, tone as u8));
            if tone > 0 {
                t.tcvn3_caseless.push(l);
            }
        }
    }
    for o in &raw.tcvn3_other {
        let l = one_char(&o.letter).ok_or(format!("tcvn3 letter {:?}", o.letter))?;
        t.tcvn3[usize::from(o.byte)] = Some(l);
    }
    let mut add_vni = |code: &str, l: char| -> Result<(), String> {
        let cs: Vec<char> = code.chars().collect();
        match cs.as_slice() {
            [a] if *a != l => {
                t.vni_one.insert(*a, l);
            }
            [_] => {}
            [a, b] => {
                t.vni_two.insert((*a, *b), l);
            }
            _ => return Err(format!("VNI code {code:?}")),
        }
        Ok(())
    };
    for row in &raw.vni {
        let v = one_char(&row.vowel).ok_or(format!("vni vowel {:?}", row.vowel))?;
        if row.codes.len() != 6 {
            return Err(format!("vni row {:?} needs 6 codes", row.vowel));
        }
        for (tone, code) in row.codes.iter().enumerate() {
            let l = letter(v, tone).ok_or(format!("vni {v} tone {tone}"))?;
            add_vni(code, l)?;
            add_vni(&code.to_uppercase(), upper(l))?;
        }
    }
    for o in &raw.vni_other {
        let l = one_char(&o.letter).ok_or(format!("vni letter {:?}", o.letter))?;
        add_vni(&o.code, l)?;
        add_vni(&o.code.to_uppercase(), upper(l))?;
    }
    // Tolerance: a base letter followed by the accent of the other case
    // (a VNI document whose case was changed in Word); the base decides.
    let pairs: Vec<((char, char), char)> = t.vni_two.iter().map(|(k, v)| (*k, *v)).collect();
    for ((a, b), l) in pairs {
        let swapped = if b.is_uppercase() { lower(b) } else { upper(b) };
        t.vni_two.entry((a, swapped)).or_insert(l);
    }
    for m in &raw.viqr_modifier {
        let v = one_char(&m.vowel).ok_or("viqr vowel")?;
        let k = one_char(&m.mark).ok_or("viqr mark")?;
        let g = one_char(&m.gives).ok_or("viqr letter")?;
        t.viqr_mod.insert((v, k), g);
    }
    t.syllables = Syllables::new(&t.vowels, &t.nuclei)?;
    let tones = raw.viqr_tones.first().ok_or("viqr_tones missing")?;
    t.viqr_tones = tones.marks.iter().filter_map(|m| one_char(m)).collect();
    if t.viqr_tones.len() != 5 {
        return Err("viqr_tones needs 5 marks".into());
    }
    Ok(t)
}

/// The character maps of grammars/encodings.toml: always the built-in
/// table (an overlay may not change it, see [`crate::rules`]).
fn tables() -> &'static Tables {
    crate::rules::Grammars::builtin().cached(crate::rules::Slot::Encodings, |g| {
        let raw: Raw = g.table("encodings")?;
        build(raw).map_err(|e| g.error_at("encodings", "", e))
    })
}

/// The worked examples of the table file.
#[cfg(test)]
fn examples() -> &'static [Example] {
    &tables().examples
}

/// Windows-1252 as browsers read it (0x81, 0x8D, … become U+0081, …).
fn cp1252() -> &'static ([char; 256], HashMap<char, u8>) {
    static T: OnceLock<([char; 256], HashMap<char, u8>)> = OnceLock::new();
    T.get_or_init(|| {
        let mut fwd = ['\0'; 256];
        let mut back = HashMap::new();
        for (b, slot) in fwd.iter_mut().enumerate() {
            let byte = [b as u8];
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            let c = s.chars().next().unwrap_or('\u{FFFD}');
            *slot = c;
            back.insert(c, b as u8);
        }
        (fwd, back)
    })
}

/// Units of raw bytes read as Windows-1252.
#[cfg(test)]
fn units_cp1252(bytes: &[u8]) -> Vec<Unit> {
    let fwd = &cp1252().0;
    bytes
        .iter()
        .enumerate()
        .map(|(i, b)| Unit {
            c: fwd[usize::from(*b)],
            start: i,
            end: i + 1,
        })
        .collect()
}

/// Units of a decoded text, with ranges in its original bytes.
pub fn units_of(m: &MappedText) -> Vec<Unit> {
    m.text
        .char_indices()
        .map(|(i, c)| {
            let (start, end) = m.span_to_orig(i, i + c.len_utf8());
            Unit { c, start, end }
        })
        .collect()
}

/// Builds the mapped text of some units.
pub fn build_text(units: &[Unit], orig_len: usize) -> MappedText {
    let mut b = TextBuilder::with_capacity(units.len() * 2);
    for u in units {
        b.push_char(u.c, u.start, u.end);
    }
    b.finish(orig_len)
}

/// TCVN3: each char is taken back to its Windows-1252 byte and read as TCVN3
/// (raw TCVN3 bytes read as Windows-1252 and TCVN3 mojibake are the same
/// thing); chars with no such byte stay. Upper case is then recovered.
pub fn tcvn3(units: &[Unit]) -> Vec<Unit> {
    let t = tables();
    let back = &cp1252().1;
    let mut out: Vec<Unit> = units
        .iter()
        .map(|u| {
            let c = back
                .get(&u.c)
                .and_then(|b| t.tcvn3[usize::from(*b)])
                .unwrap_or(u.c);
            Unit { c, ..*u }
        })
        .collect();
    recover_case(&mut out, &t.tcvn3_caseless);
    recover_initials(&mut out, &t.tcvn3_caseless, &t.capitalised);
    out
}

/// TCVN3 has no upper-case toned letters: `QUYẾT` arrives as `QUYếT`. A
/// lower-case toned letter is upper-cased when its word is otherwise upper
/// case with at least two capitals, or with one capital (or none) when a
/// neighbouring word on the line is all capitals and none is lower case.
/// What stays ambiguous (a lone `ở` between capitals and lower case) stays.
fn recover_case(units: &mut [Unit], caseless: &[char]) {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Caps,
        Weak,
        Lower,
    }
    struct Word {
        from: usize,
        to: usize,
        kind: Kind,
        line: usize,
        syllable: bool,
    }
    let mut words: Vec<Word> = Vec::new();
    let mut line = 0;
    let mut i = 0;
    while i < units.len() {
        let c = units[i].c;
        if c == '\n' {
            line += 1;
        }
        if !c.is_alphabetic() {
            i += 1;
            continue;
        }
        let from = i;
        let (mut caps, mut low) = (0, 0);
        while let Some(u) = units.get(i) {
            if !u.c.is_alphabetic() {
                break;
            }
            if caseless.contains(&u.c) {
                // candidate: neutral
            } else if u.c.is_uppercase() {
                caps += 1;
            } else if u.c.is_lowercase() {
                low += 1;
            }
            i += 1;
        }
        let kind = if low > 0 {
            Kind::Lower
        } else if caps >= 2 {
            Kind::Caps
        } else {
            Kind::Weak
        };
        let w: String = units
            .get(from..i)
            .into_iter()
            .flatten()
            .map(|u| u.c)
            .collect();
        words.push(Word {
            from,
            to: i,
            kind,
            line,
            syllable: syllable_ok(&w),
        });
    }
    // A fixed word is context for its neighbours: repeat until stable.
    let mut fixed = vec![false; words.len()];
    for _ in 0..8 {
        let mut changed = false;
        for k in 0..words.len() {
            if fixed[k] {
                continue;
            }
            let Some(w) = words.get(k) else { break };
            let fix = match w.kind {
                Kind::Caps => true,
                Kind::Lower => false,
                Kind::Weak => {
                    let near = |j: Option<usize>| {
                        let n = words.get(j?).filter(|n| n.line == w.line)?;
                        let caps = (n.kind == Kind::Caps || fixed.get(j?) == Some(&true))
                            // abbreviations (UBND, QĐ) are capitals anywhere
                            && n.syllable;
                        Some(match n.kind {
                            _ if caps => Kind::Caps,
                            Kind::Caps => Kind::Weak,
                            k => k,
                        })
                    };
                    let (p, n) = (near(k.checked_sub(1)), near(k.checked_add(1)));
                    let caps = p == Some(Kind::Caps) || n == Some(Kind::Caps);
                    let low = p == Some(Kind::Lower) || n == Some(Kind::Lower);
                    caps && !low
                }
            };
            if fix {
                fixed[k] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (w, f) in words.iter().zip(fixed) {
        if !f {
            continue;
        }
        for u in units.get_mut(w.from..w.to).into_iter().flatten() {
            if caseless.contains(&u.c) {
                u.c = upper(u.c);
            }
        }
    }
}

/// Restores the capital of a lower-case toned letter that starts a word at
/// the start of a sentence (after `.`, `!`, `?`, or on a new line after a
/// line ending in `.:;!?`, bullets skipped) or starts one of the
/// `tcvn3_capitalised` phrases.
fn recover_initials(units: &mut [Unit], caseless: &[char], phrases: &[Vec<char>]) {
    for i in 0..units.len() {
        let Some(u) = units.get(i) else { break };
        if !caseless.contains(&u.c) {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| units.get(p)).map(|p| p.c);
        if prev.is_some_and(|c| c.is_alphabetic()) {
            continue;
        }
        let starts_phrase = phrases.iter().any(|p| phrase_at(units, i, p));
        if starts_phrase || sentence_start(units, i) {
            if let Some(u) = units.get_mut(i) {
                u.c = upper(u.c);
            }
        }
    }
}

/// True when `phrase` (lower case) starts at unit `i`, any run of
/// white space matching a space.
fn phrase_at(units: &[Unit], i: usize, phrase: &[char]) -> bool {
    let mut j = i;
    for pc in phrase {
        let Some(u) = units.get(j) else { return false };
        if *pc == ' ' {
            if !u.c.is_whitespace() {
                return false;
            }
            while units.get(j).is_some_and(|u| u.c.is_whitespace()) {
                j += 1;
            }
            continue;
        }
        if lower(u.c) != *pc {
            return false;
        }
        j += 1;
    }
    !units.get(j).is_some_and(|x| x.c.is_alphabetic())
}

fn sentence_start(units: &[Unit], i: usize) -> bool {
    let mut j = i;
    let mut crossed_line = false;
    while j > 0 {
        j -= 1;
        let Some(c) = units.get(j).map(|u| u.c) else {
            return false;
        };
        match c {
            '\n' if crossed_line => return true,
            '\n' => crossed_line = true,
            ' ' | '\t' | '\r' | '-' | '+' | '•' | '*' | '–' => {}
            '.' | '!' | '?' => return true,
            ':' | ';' => return crossed_line,
            _ => return false,
        }
    }
    true
}

/// VNI: two-char codes first, then one-char codes.
pub fn vni(units: &[Unit]) -> Vec<Unit> {
    let t = tables();
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while let Some(u) = units.get(i) {
        if let Some(next) = units.get(i + 1) {
            if let Some(l) = t.vni_two.get(&(u.c, next.c)) {
                out.push(Unit {
                    c: *l,
                    start: u.start,
                    end: next.end,
                });
                i += 2;
                continue;
            }
        }
        let c = t.vni_one.get(&u.c).copied().unwrap_or(u.c);
        out.push(Unit { c, ..*u });
        i += 1;
    }
    out
}

/// VIQR (RFC 1456): vowel, modifier, tone; `dd` is `đ`; `\x` is a literal x.
pub fn viqr(units: &[Unit]) -> Vec<Unit> {
    let t = tables();
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while let Some(u) = units.get(i) {
        let next = units.get(i + 1);
        if u.c == '\\' {
            if let Some(n) = next {
                out.push(Unit {
                    c: n.c,
                    start: u.start,
                    end: n.end,
                });
                i += 2;
                continue;
            }
        }
        if matches!(u.c, 'd' | 'D') {
            if let Some(n) = next.filter(|n| matches!(n.c, 'd' | 'D')) {
                let c = if u.c == 'd' && n.c == 'd' { 'đ' } else { 'Đ' };
                out.push(Unit {
                    c,
                    start: u.start,
                    end: n.end,
                });
                i += 2;
                continue;
            }
        }
        if "aeiouyAEIOUY".contains(u.c) {
            let mut l = lower(u.c);
            let mut end = u.end;
            let mut j = i + 1;
            if let Some(m) = units
                .get(j)
                .and_then(|m| t.viqr_mod.get(&(l, m.c)).map(|g| (g, m)))
            {
                l = *m.0;
                end = m.1.end;
                j += 1;
            }
            if let Some(n) = units.get(j) {
                if let Some(k) = t.viqr_tones.iter().position(|x| *x == n.c) {
                    l = letter(l, k + 1).unwrap_or(l);
                    end = n.end;
                    j += 1;
                }
            }
            let c = if u.c.is_uppercase() { upper(l) } else { l };
            out.push(Unit {
                c,
                start: u.start,
                end,
            });
            i = j;
            continue;
        }
        out.push(*u);
        i += 1;
    }
    out
}

/// How Vietnamese a text looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Words with a non-ASCII letter that are valid syllables.
    pub good: usize,
    /// Words with a non-ASCII char that cannot be Vietnamese.
    pub bad: usize,
    /// Words of ASCII letters only.
    pub ascii: usize,
}

impl Score {
    pub fn value(&self) -> i64 {
        self.good as i64 - 2 * self.bad as i64
    }
}

impl std::ops::AddAssign for Score {
    fn add_assign(&mut self, o: Score) {
        self.good += o.good;
        self.bad += o.bad;
        self.ascii += o.ascii;
    }
}

/// Scores the words of a text (split at spaces, digits and ASCII
/// punctuation).
pub fn score(text: &str) -> Score {
    Scorer::default().score(text)
}

/// [`score`] for many texts in turn (the lines of a file), with one cache
/// of judged words.
#[derive(Debug, Default)]
pub struct Scorer {
    seen: words::Cache,
}

impl Scorer {
    /// The [`Score`] of `text`.
    pub fn score(&mut self, text: &str) -> Score {
        // Words are runs between separators, found in one pass over the
        // bytes; a document repeats few distinct syllables, so each word
        // with a non-ASCII char is judged once.
        let mut s = Score::default();
        let seen = &mut self.seen;
        let bytes = text.as_bytes();
        words::each_word(text, |start, end, wide| {
            let class = if !wide {
                0
            } else {
                let w = || text.get(start..end).unwrap_or("");
                match words::Key::of(bytes, start, end) {
                    Some(k) => seen.get_or_insert_with(k, || judge(w())),
                    None => judge(w()),
                }
            };
            match class {
                0 => s.ascii += 1,
                1 => s.good += 1,
                _ => s.bad += 1,
            }
        });
        s
    }
}

/// The class [`score`] counts a word with a non-ASCII char in: 0 for an
/// abbreviation (counted with the ASCII words), 1 for a syllable, 2 for
/// a word that cannot be Vietnamese.
fn judge(w: &str) -> u8 {
    if is_abbreviation(w) {
        0
    } else if syllable_ok(w) {
        1
    } else {
        2
    }
}

/// Letters without a vowel, such as `QĐ` or `HĐND`: neither good nor bad.
fn is_abbreviation(w: &str) -> bool {
    let t = &tables().syllables;
    w.chars().all(|c| t.vowel(c).is_none() && c.is_alphabetic())
}

const INITIALS: [&str; 28] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x",
];
const FINALS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Most vowels in a nucleus of the table file (a nucleus is one byte per
/// vowel in a `u64` key).
const MAX_NUCLEUS: usize = 8;

/// The syllable tables as flat lookups: what [`syllable_ok`] reads for
/// every char, without hashing.
#[derive(Debug, Default)]
struct Syllables {
    /// By char code: 0 for a char that is not a vowel, else
    /// `base << 3 | tone`, `base` numbering the toneless vowels from 1.
    vowels: Vec<u16>,
    /// Each nucleus as the key [`Syllables::rest_ok`] builds, sorted.
    nuclei: Vec<u64>,
    /// `INITIALS` and `FINALS` as chars.
    initials: Vec<Vec<char>>,
    finals: Vec<Vec<char>>,
    /// [`lower`] of the chars below `LOWER_TABLE`.
    lower: Vec<char>,
    /// Most chars a syllable can have: longest initial, nucleus and final.
    max_chars: usize,
}

impl Syllables {
    fn new(
        vowels: &HashMap<char, (char, u8)>,
        nuclei: &std::collections::HashSet<String>,
    ) -> Result<Syllables, String> {
        let mut bases: Vec<char> = vowels.values().map(|(b, _)| *b).collect();
        bases.sort_unstable();
        bases.dedup();
        if bases.len() > 255 {
            return Err("more than 255 vowels".into());
        }
        let index = |c: char| bases.iter().position(|b| *b == c).map(|i| i as u64 + 1);
        let size = vowels.keys().map(|c| *c as usize + 1).max().unwrap_or(0);
        let mut table = vec![0u16; size];
        for (c, (base, tone)) in vowels {
            let b = index(*base).ok_or("vowel without a base")?;
            if *tone > 7 {
                return Err(format!("tone {tone} of {c}"));
            }
            if let Some(slot) = table.get_mut(*c as usize) {
                *slot = (b as u16) << 3 | u16::from(*tone);
            }
        }
        let mut keys = Vec::new();
        let mut longest = 0;
        for n in nuclei {
            // a nucleus with a char that is no toneless vowel can never match
            let Some(idx) = n.chars().map(index).collect::<Option<Vec<u64>>>() else {
                continue;
            };
            if idx.len() > MAX_NUCLEUS {
                return Err(format!("nucleus {n:?} has more than {MAX_NUCLEUS} vowels"));
            }
            longest = longest.max(idx.len());
            keys.push(idx.iter().fold(0u64, |k, i| k << 8 | i));
        }
        keys.sort_unstable();
        keys.dedup();
        let most = |l: &[&str]| l.iter().map(|s| s.chars().count()).max().unwrap_or(0);
        Ok(Syllables {
            vowels: table,
            nuclei: keys,
            initials: INITIALS.iter().map(|i| i.chars().collect()).collect(),
            finals: FINALS.iter().map(|i| i.chars().collect()).collect(),
            lower: (0..LOWER_TABLE)
                .map(|u| char::from_u32(u).map_or('\0', lower))
                .collect(),
            max_chars: most(&INITIALS) + longest + most(&FINALS),
        })
    }

    /// [`lower`], looked up.
    fn lower(&self, c: char) -> char {
        match self.lower.get(c as usize) {
            Some(l) => *l,
            None => lower(c),
        }
    }

    /// Base number and tone of a vowel.
    fn vowel(&self, c: char) -> Option<(u16, u16)> {
        match self.vowels.get(c as usize).copied().unwrap_or(0) {
            0 => None,
            v => Some((v >> 3, v & 7)),
        }
    }

    /// True when `rest` (lower case) is a nucleus with at most one tone
    /// followed by a final.
    fn rest_ok(&self, rest: &[char]) -> bool {
        let (mut key, mut len, mut tones) = (0u64, 0, 0);
        for c in rest {
            let Some((base, tone)) = self.vowel(*c) else {
                break;
            };
            key = key << 8 | u64::from(base);
            len += 1;
            if tone > 0 {
                tones += 1;
            }
        }
        let fin = rest.get(len..).unwrap_or(&[]);
        tones <= 1
            && len <= MAX_NUCLEUS
            && self.nuclei.binary_search(&key).is_ok()
            && self.finals.iter().any(|f| f.as_slice() == fin)
    }
}

/// Chars whose lower case [`Syllables`] keeps in a table (all Latin).
const LOWER_TABLE: u32 = 0x2000;

/// Longest word [`syllable_ok`] reads (above the longest syllable the
/// tables allow, see `MAX_NUCLEUS`).
const MAX_SYLLABLE: usize = 16;

/// True when `w` could be one Vietnamese syllable: an initial consonant,
/// one to three vowels carrying at most one tone, a final consonant.
pub fn syllable_ok(w: &str) -> bool {
    let t = &tables().syllables;
    let mut buf = ['\0'; MAX_SYLLABLE];
    let mut n = 0;
    for c in w.chars() {
        // longer than any syllable (max_chars <= 3 + MAX_NUCLEUS + 2)
        if n >= t.max_chars {
            return false;
        }
        let Some(slot) = buf.get_mut(n) else {
            return false;
        };
        *slot = t.lower(c);
        n += 1;
    }
    let lw = buf.get(..n).unwrap_or(&[]);
    if t.rest_ok(lw) {
        return true;
    }
    t.initials.iter().any(|i| {
        i.first() == lw.first() && lw.starts_with(i) && t.rest_ok(lw.get(i.len()..).unwrap_or(&[]))
    })
}

/// True when `w` is a syllable written without any mark (no tone, no
/// hat, no horn: "Quyet", "huong", "dieu"): one of the syllables its
/// letters can carry is [`syllable_ok`].
pub fn bare_syllable_ok(w: &str) -> bool {
    let mut chars: Vec<char> = Vec::with_capacity(w.len());
    for c in w.chars() {
        if !c.is_ascii_alphabetic() || chars.len() >= MAX_SYLLABLE {
            return false;
        }
        chars.push(c.to_ascii_lowercase());
    }
    marked(&mut chars, 0)
}

/// [`bare_syllable_ok`] for `chars` with the letters before `from` chosen:
/// each plain vowel that may carry a hat or a horn tried with each.
fn marked(chars: &mut [char], from: usize) -> bool {
    let Some(i) = chars
        .iter()
        .skip(from)
        .position(|c| matches!(c, 'a' | 'e' | 'o' | 'u'))
        .map(|i| i + from)
    else {
        return syllable_ok(&chars.iter().collect::<String>());
    };
    let plain = chars.get(i).copied().unwrap_or('a');
    let forms: &[char] = match plain {
        'a' => &['a', 'ă', 'â'],
        'e' => &['e', 'ê'],
        'o' => &['o', 'ô', 'ơ'],
        _ => &['u', 'ư'],
    };
    for f in forms {
        if let Some(slot) = chars.get_mut(i) {
            *slot = *f;
        }
        if marked(chars, i + 1) {
            return true;
        }
    }
    if let Some(slot) = chars.get_mut(i) {
        *slot = plain;
    }
    false
}

/// Which reading was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    AsIs,
    Tcvn3,
    Vni,
    Viqr,
}

impl Reading {
    pub fn name(self) -> &'static str {
        match self {
            Reading::AsIs => "as-is",
            Reading::Tcvn3 => "tcvn3",
            Reading::Vni => "vni",
            Reading::Viqr => "viqr",
        }
    }
}

/// True when [`repair_unicode`] would leave Unicode text as it is, found
/// without scoring the whole text. VIQR needs two vowel + mark pairs before
/// the whole text is scored; a TCVN3 or VNI reading changes only the
/// eligible lines of [`on_legacy_lines`], and since no word spans a line
/// break its score moves only by what those lines score, so only the runs
/// of eligible lines with a char the reading rewrites are scored, before
/// and after. `false` means only "maybe": [`repair_unicode`] decides.
pub fn clean_unicode(text: &str) -> bool {
    if viqr_marks(text, 2) >= 2 && looks_like_viqr(text, score(text)) {
        return false;
    }
    !legacy_reading_may_win(text)
}

/// What a reading adds to [`Score`]'s counts (negative when it takes away).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Delta {
    good: i64,
    bad: i64,
}

impl Delta {
    /// Adds `after - before`.
    fn add(&mut self, before: Score, after: Score) {
        self.good += after.good as i64 - before.good as i64;
        self.bad += after.bad as i64 - before.bad as i64;
    }

    /// True when a reading that changes the base score by this much is kept
    /// by [`repair_unicode`] (when it beats the other reading too).
    fn wins(&self) -> bool {
        self.good - 2 * self.bad > 1 && self.bad < 0 && self.good >= 2
    }
}

/// True when the TCVN3 or VNI reading of the eligible lines may win in
/// [`repair_unicode`]: what each reading does to the score of the runs of
/// eligible lines that have a char the readings rewrite. The runs are
/// scored as one text: each ends with its line break or the text.
fn legacy_reading_may_win(text: &str) -> bool {
    let flags = legacy_chars();
    if flags.rewrites('\n') {
        // a reading could join lines: no shortcut
        return true;
    }
    let runs = rewritable_runs(text, flags);
    if runs.is_empty() {
        return false;
    }
    let before: String = runs.concat();
    let units: Vec<Unit> = before
        .char_indices()
        .map(|(i, c)| Unit {
            c,
            start: i,
            end: i + c.len_utf8(),
        })
        .collect();
    let base = score(&before);
    [tcvn3 as fn(&[Unit]) -> Vec<Unit>, vni].iter().any(|f| {
        // each run read alone, as on_legacy_lines does
        let mut after = String::with_capacity(before.len());
        let mut at = 0;
        for run in &runs {
            let n = run.chars().count();
            let part = units.get(at..at + n).unwrap_or(&[]);
            after.extend(f(part).iter().map(|u| u.c));
            at += n;
        }
        let mut d = Delta::default();
        d.add(base, score(&after));
        d.wins()
    })
}

/// The runs of consecutive eligible lines (as [`on_legacy_lines`] groups
/// them) that have at least one char a TCVN3 or VNI reading may rewrite;
/// the other runs read the same in every reading.
fn rewritable_runs<'a>(text: &'a str, flags: &LegacyChars) -> Vec<&'a str> {
    let mut runs = Vec::new();
    // start of the current run of eligible lines, and whether it has a
    // rewritable char
    let mut run: Option<(usize, bool)> = None;
    let mut at = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
    for end in ends.chain(std::iter::once(text.len())) {
        let Some(line) = text.get(at..end).filter(|l| !l.is_empty()) else {
            break;
        };
        let (eligible, rewritable) = flags.line(line);
        if eligible {
            let r = run.get_or_insert((at, false));
            r.1 |= rewritable;
        } else if let Some((start, true)) = run.take() {
            runs.extend(text.get(start..at));
        }
        at = end;
    }
    if let Some((start, true)) = run {
        runs.extend(text.get(start..));
    }
    runs
}

/// Per char, whether Windows-1252 has it (so a line of it is eligible in
/// [`on_legacy_lines`]) and whether a TCVN3 or VNI reading may rewrite it.
#[derive(Debug)]
struct LegacyChars {
    /// By char code: [`CP1252`] and [`REWRITTEN`] bits; chars past the end
    /// have neither.
    flags: Vec<u8>,
}

/// [`LegacyChars`]: Windows-1252 has the char.
const CP1252: u8 = 1;
/// [`LegacyChars`]: the TCVN3 table maps the char's Windows-1252 byte to
/// another letter, the char is the one-char VNI code or the second char of
/// a two-char VNI code, or the TCVN3 case recovery may upper-case it. A
/// run without such chars is the same in both readings.
const REWRITTEN: u8 = 2;

impl LegacyChars {
    fn new() -> LegacyChars {
        let t = tables();
        let back = &cp1252().1;
        let mut marks: Vec<(char, u8)> = Vec::new();
        for (c, b) in back {
            let l = t.tcvn3.get(usize::from(*b)).copied().flatten();
            let rewritten = l.is_some_and(|l| l != *c);
            marks.push((
                *c,
                if rewritten {
                    CP1252 | REWRITTEN
                } else {
                    CP1252
                },
            ));
        }
        marks.extend(t.vni_one.keys().map(|c| (*c, REWRITTEN)));
        marks.extend(t.vni_two.keys().map(|(_, c)| (*c, REWRITTEN)));
        marks.extend(t.tcvn3_caseless.iter().map(|c| (*c, REWRITTEN)));
        let size = marks
            .iter()
            .map(|(c, _)| *c as usize + 1)
            .max()
            .unwrap_or(0);
        let mut flags = vec![0u8; size];
        for (c, f) in marks {
            if let Some(slot) = flags.get_mut(c as usize) {
                *slot |= f;
            }
        }
        LegacyChars { flags }
    }

    /// True when a reading may rewrite `c`.
    fn rewrites(&self, c: char) -> bool {
        self.flags
            .get(c as usize)
            .is_some_and(|f| f & REWRITTEN != 0)
    }

    /// Whether a line (through its `\n`) is eligible, every char in
    /// Windows-1252 or white space, and whether it has a rewritten char.
    fn line(&self, line: &str) -> (bool, bool) {
        let mut rewritten = false;
        for c in line.chars() {
            let f = self.flags.get(c as usize).copied().unwrap_or(0);
            if f & CP1252 == 0 && !c.is_whitespace() {
                return (false, rewritten);
            }
            rewritten |= f & REWRITTEN != 0;
        }
        (true, rewritten)
    }
}

/// The [`LegacyChars`] of the tables, built once.
fn legacy_chars() -> &'static LegacyChars {
    static T: OnceLock<LegacyChars> = OnceLock::new();
    T.get_or_init(LegacyChars::new)
}

/// Decides whether Unicode text is TCVN3 or VNI mojibake, or VIQR, and
/// returns the repaired units when it is.
pub fn repair_unicode(units: &[Unit]) -> Option<(Reading, Vec<Unit>)> {
    let text: String = units.iter().map(|u| u.c).collect();
    let base = score(&text);
    let mut best: Option<(Reading, Vec<Unit>, Score)> = None;
    if base.bad > 0 {
        for (r, f) in [
            (Reading::Tcvn3, tcvn3 as fn(&[Unit]) -> Vec<Unit>),
            (Reading::Vni, vni),
        ] {
            let cand = on_legacy_lines(units, f);
            let s = score(&cand.iter().map(|u| u.c).collect::<String>());
            // at least two more real words, fewer impossible ones: one odd
            // symbol (a "©" in a footer) is no evidence of mojibake
            let better_than_base =
                s.value() > base.value() + 1 && s.bad < base.bad && s.good >= base.good + 2;
            let better_than_best = best.as_ref().is_none_or(|b| s.value() > b.2.value());
            if better_than_base && better_than_best {
                best = Some((r, cand, s));
            }
        }
    }
    if best.is_none() && looks_like_viqr(&text, base) {
        let cand = viqr(units);
        let s = score(&cand.iter().map(|u| u.c).collect::<String>());
        let enough = s.good >= 3 && s.good >= base.ascii / 10;
        if enough && s.good > 10 * base.good && s.bad * 5 <= s.good {
            best = Some((Reading::Viqr, cand, s));
        }
    }
    best.map(|(r, u, _)| (r, u))
}

/// Applies a mojibake repair to the lines that can be mojibake: those made
/// only of Windows-1252 characters. A line with `ế`, `đ`, `ạ`… is real
/// Unicode and stays as it is, so a document that is only partly mojibake
/// (a pasted section) is repaired only there.
fn on_legacy_lines(units: &[Unit], f: fn(&[Unit]) -> Vec<Unit>) -> Vec<Unit> {
    let back = &cp1252().1;
    let mut out = Vec::with_capacity(units.len());
    let mut run_start: Option<usize> = None;
    let mut line_start = 0;
    while line_start < units.len() {
        let mut end = line_start;
        let mut eligible = true;
        while let Some(u) = units.get(end) {
            end += 1;
            if u.c == '\n' {
                break;
            }
            if !back.contains_key(&u.c) && !u.c.is_whitespace() {
                eligible = false;
            }
        }
        if eligible {
            run_start.get_or_insert(line_start);
        } else {
            if let Some(rs) = run_start.take() {
                out.extend(f(units.get(rs..line_start).unwrap_or(&[])));
            }
            out.extend_from_slice(units.get(line_start..end).unwrap_or(&[]));
        }
        line_start = end;
    }
    if let Some(rs) = run_start {
        out.extend(f(units.get(rs..).unwrap_or(&[])));
    }
    out
}

/// Cheap test before decoding VIQR: few non-ASCII Vietnamese words and many
/// vowel + mark pairs.
fn looks_like_viqr(text: &str, base: Score) -> bool {
    if base.good * 20 > base.ascii {
        return false;
    }
    let marks = viqr_marks(text, usize::MAX);
    marks >= 2 && marks * 20 >= base.ascii
}

/// The vowel + VIQR mark byte pairs of `text`, counted up to `most`.
fn viqr_marks(text: &str, most: usize) -> usize {
    let b = text.as_bytes();
    let vowel_before = |i: usize| {
        i.checked_sub(1).and_then(|p| b.get(p)).is_some_and(|v| {
            matches!(
                v.to_ascii_lowercase(),
                b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
            )
        })
    };
    let mut n = 0;
    for i in
        memchr::memchr3_iter(b'^', b'(', b'+', b).chain(memchr::memchr3_iter(b'\'', b'`', b'~', b))
    {
        if n >= most {
            break;
        }
        if vowel_before(i) {
            n += 1;
        }
    }
    n
}

/// The 8-bit readings of bytes that are not UTF-8 (see [`super::regions`]
/// for how one is chosen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy8 {
    Windows1258,
    Tcvn3,
    Vni,
}

impl Legacy8 {
    pub const ALL: [Legacy8; 3] = [Legacy8::Windows1258, Legacy8::Tcvn3, Legacy8::Vni];

    pub fn name(self) -> &'static str {
        match self {
            Legacy8::Windows1258 => "windows-1258",
            Legacy8::Tcvn3 => "tcvn3",
            Legacy8::Vni => "vni",
        }
    }

    /// The units of `bytes`, which start at byte `base` of the file, in this
    /// reading. Windows-1258 may give combining tone marks, which
    /// normalisation composes.
    pub fn units(self, bytes: &[u8], base: usize) -> Vec<Unit> {
        let unit = |(i, c): (usize, char)| Unit {
            c,
            start: base + i,
            end: base + i + 1,
        };
        match self {
            Legacy8::Windows1258 => {
                let t = cp1258();
                bytes
                    .iter()
                    .map(|b| t[usize::from(*b)])
                    .enumerate()
                    .map(unit)
                    .collect()
            }
            Legacy8::Tcvn3 | Legacy8::Vni => {
                let fwd = &cp1252().0;
                let raw: Vec<Unit> = bytes
                    .iter()
                    .map(|b| fwd[usize::from(*b)])
                    .enumerate()
                    .map(unit)
                    .collect();
                if self == Legacy8::Tcvn3 {
                    tcvn3(&raw)
                } else {
                    vni(&raw)
                }
            }
        }
    }

    /// The reading the scores of the three readings pick (`scores` in the
    /// order of [`Legacy8::ALL`]): TCVN3 when it beats Windows-1258 and is
    /// not below VNI, else VNI when it beats Windows-1258, else
    /// Windows-1258.
    pub fn best(scores: &[Score; 3]) -> Legacy8 {
        let [s1258, st3, svn] = scores.map(|s| s.value());
        if st3 > s1258 && st3 >= svn {
            Legacy8::Tcvn3
        } else if svn > s1258 {
            Legacy8::Vni
        } else {
            Legacy8::Windows1258
        }
    }
}

/// Windows-1258 byte by byte (each byte is one char: a letter or a
/// combining tone mark).
fn cp1258() -> &'static [char; 256] {
    static T: OnceLock<[char; 256]> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = ['\u{FFFD}'; 256];
        for (b, slot) in t.iter_mut().enumerate() {
            let byte = [b as u8];
            let (s, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(&byte);
            *slot = s.chars().next().unwrap_or('\u{FFFD}');
        }
        t
    })
}

/// Builds this module's tables (see [`crate::rules::Grammars::load`]).
pub fn check(_g: crate::rules::Grammars) -> crate::error::Result<()> {
    tables();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(s: &str) -> Vec<Unit> {
        units_of(&MappedText::identity(s.to_string()))
    }

    fn text(u: &[Unit]) -> String {
        u.iter().map(|u| u.c).collect()
    }

    /// The scoring as first written (char by char, hashing every word and
    /// every vowel): the fast [`score`] must agree with it on any text.
    mod slow {
        use super::super::*;

        pub fn score(text: &str) -> Score {
            let mut s = Score::default();
            let mut seen: HashMap<String, u8> = HashMap::new();
            let mut judge = |w: &str, s: &mut Score| {
                if w.is_empty() {
                    return;
                }
                let class = if w.is_ascii() {
                    0
                } else {
                    *seen.entry(w.to_string()).or_insert_with(|| {
                        if is_abbreviation(w) {
                            0
                        } else if syllable_ok(w) {
                            1
                        } else {
                            2
                        }
                    })
                };
                match class {
                    0 => s.ascii += 1,
                    1 => s.good += 1,
                    _ => s.bad += 1,
                }
            };
            let mut start: Option<usize> = None;
            for (i, c) in text.char_indices() {
                let sep = if c.is_ascii() {
                    c.is_ascii_whitespace()
                        || c.is_ascii_punctuation()
                        || c.is_ascii_digit()
                        || c == '\u{0B}'
                } else {
                    c.is_whitespace() || words::is_punct(c)
                };
                if sep {
                    if let Some(st) = start.take() {
                        judge(&text[st..i], &mut s);
                    }
                } else if start.is_none() {
                    start = Some(i);
                }
            }
            if let Some(st) = start {
                judge(&text[st..], &mut s);
            }
            s
        }

        fn is_abbreviation(w: &str) -> bool {
            let t = tables();
            w.chars()
                .all(|c| c.is_alphabetic() && !t.vowels.contains_key(&c))
        }

        pub fn syllable_ok(w: &str) -> bool {
            let t = tables();
            let lw: String = w.chars().map(lower).collect();
            let try_rest = |rest: &str| -> bool {
                let mut nucleus = String::new();
                let mut tones = 0;
                let mut fin = "";
                for (i, c) in rest.char_indices() {
                    match t.vowels.get(&c) {
                        Some((base, tone)) => {
                            nucleus.push(*base);
                            if *tone > 0 {
                                tones += 1;
                            }
                        }
                        None => {
                            fin = rest.get(i..).unwrap_or("");
                            break;
                        }
                    }
                }
                tones <= 1 && t.nuclei.contains(&nucleus) && FINALS.contains(&fin)
            };
            if try_rest(&lw) {
                return true;
            }
            INITIALS
                .iter()
                .filter_map(|i| lw.strip_prefix(i))
                .any(try_rest)
        }
    }

    /// Texts to score: the corpus, its encoding variants, as they decode.
    fn sample_texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        let mut dirs = vec![root.join("corpus"), root.join("tests/data/variants")];
        while let Some(d) = dirs.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if let Ok(b) = std::fs::read(&p) {
                    out.push(String::from_utf8_lossy(&b).into_owned());
                    let raw = units_cp1252(&b);
                    out.push(text(&raw));
                    out.push(text(&tcvn3(&raw)));
                    out.push(text(&vni(&raw)));
                }
            }
        }
        out
    }

    #[test]
    fn fast_score_agrees_with_the_slow_one_on_the_corpus() {
        let texts = sample_texts();
        assert!(texts.len() > 10);
        for t in &texts {
            assert_eq!(score(t), slow::score(t));
            let mut words = std::collections::HashSet::new();
            super::words::each_word(t, |s, e, _| {
                words.insert(&t[s..e]);
            });
            for w in words {
                assert_eq!(syllable_ok(w), slow::syllable_ok(w), "{w:?}");
            }
        }
    }

    #[test]
    fn syllables_of_every_letter_pair_agree() {
        let mut letters: Vec<char> = ('\0'..='\u{2100}').filter(|c| c.is_alphabetic()).collect();
        letters.extend(['\u{212A}', '\u{212B}', '\u{1E9E}', '\u{FF21}']);
        let some: Vec<char> = "aăâeêioôơuưyđngqkhcmptAĂÂEÊIOÔƠUƯYĐNGHQKÁẮẤÉẾÍÓỐỚÚỨÝàằầèềìòồờùừỳ"
            .chars()
            .collect();
        for a in &letters {
            for w in [
                a.to_string(),
                format!("{a}a"),
                format!("ng{a}"),
                format!("ti{a}n"),
            ] {
                assert_eq!(syllable_ok(&w), slow::syllable_ok(&w), "{w:?}");
            }
        }
        for a in &some {
            for b in &some {
                for c in &some {
                    let w: String = [*a, *b, *c].iter().collect();
                    assert_eq!(syllable_ok(&w), slow::syllable_ok(&w), "{w:?}");
                    let w = format!("{w}ng");
                    assert_eq!(syllable_ok(&w), slow::syllable_ok(&w), "{w:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_score_agrees_with_the_slow_one(
            t in "[a-zA-Z0-9 \\n\t.,;:()/\\-'`^~+?|\u{0B}\u{0C}\u{0}-\u{1F}\u{7F}-\u{FF}\u{1680}\u{2000}-\u{2030}\u{300}-\u{323}\u{1EA0}-\u{1EF9}ăâđêôơưĂÂĐÊÔƠƯ\u{FEFF}\u{212A}\u{10000}]{0,80}"
        ) {
            proptest::prop_assert_eq!(score(&t), slow::score(&t));
        }
    }

    /// [`clean_unicode`] against [`repair_unicode`]: never clean when a
    /// repair is made, and exactly "no repair" when VIQR is out of reach.
    fn clean_agrees_with_repair(t: &str) {
        let none = repair_unicode(&units(t)).is_none();
        let clean = clean_unicode(t);
        if clean {
            assert!(none, "clean but repaired: {t:?}");
        }
        if viqr_marks(t, 2) < 2 {
            assert_eq!(clean, none, "{t:?}");
        }
    }

    #[test]
    fn clean_unicode_agrees_with_repair_on_the_corpus() {
        let texts = sample_texts();
        let mut repaired = 0;
        for t in &texts {
            clean_agrees_with_repair(t);
            // and each line alone, and line pairs, as partly pasted text
            let lines: Vec<&str> = t.split_inclusive('\n').collect();
            for w in lines.windows(2).step_by(7) {
                clean_agrees_with_repair(&w.concat());
            }
            repaired += usize::from(!clean_unicode(t));
        }
        assert!(repaired > 0);
    }

    #[test]
    fn clean_unicode_on_plain_text() {
        for s in [
            "Quyết định số 12/QĐ-UBND ngày 3 tháng 5 năm 2024\nchính;\nIV. KINH PHÍ\n",
            "Hà Giang\n\u{a0}\n2.3. Nguyên nhân\n",
            "",
        ] {
            assert!(clean_unicode(s), "{s:?}");
            clean_agrees_with_repair(s);
        }
    }

    /// Words of the strategy below: Vietnamese, TCVN3 and VNI mojibake,
    /// VIQR, ASCII, and what sits between words.
    const POOL: [&str; 40] = [
        "Quyết", "định", "số", "Hà", "chính", "PHÍ", "Tài", "ở", "á", "Ủy", "QuyÕt", "®Þnh", "sè",
        "ngµy", "X·", "héi", "QUYÕT", "§ÞNH", "Quyeát", "ñònh", "soá", "ngaøy", "Quye^'t",
        "ddi.nh", "so^'", "UBND", "the", "data", "12", "café", "©", " ", " ", " ", "\n", "\n",
        ". ", ", ", "\u{a0}", "\u{2003}",
    ];

    proptest::proptest! {
        #[test]
        fn clean_unicode_agrees_with_repair(
            picks in proptest::collection::vec(0..POOL.len(), 0..60)
        ) {
            let t: String = picks.iter().filter_map(|i| POOL.get(*i).copied()).collect();
            clean_agrees_with_repair(&t);
        }

        #[test]
        fn clean_unicode_agrees_with_repair_on_any_chars(
            t in "[a-zA-Z \n.,'`^~+(\u{80}-\u{FF}\u{2000}-\u{2030}\u{1EA0}-\u{1EF9}ăâđêôơư]{0,80}"
        ) {
            clean_agrees_with_repair(&t);
        }
    }

    #[test]
    fn table_examples_decode() {
        assert!(!examples().is_empty());
        for ex in examples() {
            let u = units(&ex.encoded);
            let got = match ex.encoding.as_str() {
                "tcvn3" => text(&tcvn3(&u)),
                "vni" => text(&vni(&u)),
                "viqr" => text(&viqr(&u)),
                other => panic!("unknown example encoding {other}"),
            };
            assert_eq!(got, ex.text, "{} example {:?}", ex.encoding, ex.encoded);
            // and the detector picks that reading by itself
            let (r, fixed) = repair_unicode(&u).unwrap_or_else(|| panic!("{:?}", ex.encoded));
            assert_eq!(r.name(), ex.encoding);
            assert_eq!(text(&fixed), ex.text);
        }
    }

    #[test]
    fn tables_have_every_letter() {
        let t = tables();
        assert_eq!(t.tcvn3.iter().filter(|c| c.is_some()).count(), 80);
        // 67 lower-case letters with a diacritic and their capitals, less
        // í ì Í Ì, whose VNI code is the letter itself
        let vni_letters: std::collections::HashSet<char> = t
            .vni_one
            .values()
            .chain(t.vni_two.values())
            .copied()
            .collect();
        assert_eq!(vni_letters.len(), 130);
    }

    #[test]
    fn vietnamese_text_is_left_alone() {
        for s in [
            "Quyết định số 12/QĐ-UBND ngày 3 tháng 5 năm 2024 của Ủy ban nhân dân tỉnh",
            "Căn cứ Luật Tổ chức chính quyền địa phương; cán bộ, công chức, café",
            "Plain English text. Is it? Yes: data. Add odd words (a^b) 'quoted'.",
            "Quyết định số 12 của Ủy ban nhân dân\nHotline: 1900 1234 ©\nEmail: a@b.vn ®",
            "",
        ] {
            assert!(repair_unicode(&units(s)).is_none(), "{s}");
        }
    }

    #[test]
    fn offsets_follow_the_input() {
        let s = "Quyeát ñònh";
        let fixed = vni(&units(s));
        assert_eq!(text(&fixed), "Quyết định");
        let e = &fixed[3];
        assert_eq!(e.c, 'ế');
        assert_eq!(s.get(e.start..e.end), Some("eá"));
        let m = build_text(&fixed, s.len());
        let at = m.text.find('đ').unwrap_or(0);
        assert_eq!(m.to_orig(at), s.find('ñ').unwrap_or(99));
    }

    #[test]
    fn tcvn3_case_is_recovered_only_among_capitals() {
        let t = |s: &str| text(&tcvn3(&units(s)));
        assert_eq!(t("QUYÕT §ÞNH"), "QUYẾT ĐỊNH");
        assert_eq!(t("X· héi"), "Xã hội");
        assert_eq!(t("UBND X· NAM"), "UBND XÃ NAM");
        assert_eq!(t("Bé X©y dùng"), "Bộ Xây dựng");
    }

    #[test]
    fn syllables() {
        for w in ["Quyết", "định", "nghiêng", "ĐỊNH", "gì", "khuya", "ở"] {
            assert!(syllable_ok(w), "{w}");
        }
        for w in ["Quyeát", "ñònh", "®Þnh", "ngµy", "tr\u{AD}ëng", "café"] {
            assert!(!syllable_ok(w), "{w}");
        }
    }

    #[test]
    fn bare_syllables() {
        for w in [
            "Quyet", "dinh", "huong", "dieu", "Luat", "NGHIA", "thuong", "a",
        ] {
            assert!(bare_syllable_ok(w), "{w}");
        }
        for w in ["djnh", "dfr", "QUYETDINH", "b", "Quyết", "the1", "strong"] {
            assert!(!bare_syllable_ok(w), "{w}");
        }
    }

    #[test]
    fn only_mojibake_lines_are_repaired() {
        let s = "Quyết định của Ủy ban nhân dân, cán bộ\nQuyÕt ®Þnh sè 12 ngµy 3/5/2024\n";
        let (r, fixed) = repair_unicode(&units(s)).unwrap_or_else(|| panic!("not repaired"));
        assert_eq!(r, Reading::Tcvn3);
        assert_eq!(
            text(&fixed),
            "Quyết định của Ủy ban nhân dân, cán bộ\nQuyết định số 12 ngày 3/5/2024\n"
        );
    }
}
