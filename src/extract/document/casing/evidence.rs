//! The body scan of [`super::recase`]: counts how the body spells the
//! title's words, in one pass over each line's bytes with no allocation
//! per word. Gives exactly what the plain reading in
//! [`super::gather_plain`] gives (words split by [`super::words`], lines
//! kept by [`super::is_prose`], every word lower-cased and looked up); the
//! tests hold the two together.
//!
//! A body word is not lower-cased: its byte length and its first and last
//! bytes pick the title words it may be, and only those are compared
//! letter by letter. (A word with a character outside [`chars`]'s tables,
//! or one whose lower case changes its length, is compared with every
//! title word.)

use super::chars::{self, ALNUM, ALPHA, LOWER, NOT_MARKER, ODD, SPACE, SYMBOL, UPPER};
use super::{Evidence, WINDOW, Word, pair_key};
use std::collections::HashMap;

/// True when `core`, lower-cased a character at a time, is `lower`.
fn lower_is(table: &chars::Table, core: &str, lower: &str) -> bool {
    let mut want = lower.chars();
    for c in core.chars() {
        match table.info(c).lower {
            Some(l) => {
                if want.next() != Some(l) {
                    return false;
                }
            }
            None => {
                for l in c.to_lowercase() {
                    if want.next() != Some(l) {
                        return false;
                    }
                }
            }
        }
    }
    want.next().is_none()
}

/// Byte lengths below this have a bucket in [`Want::by_len`].
const LENS: usize = 64;

/// The lower-case words a title asks about: each word after the first
/// alone, and each (word before, word) pair joined in the title.
struct Want {
    /// Distinct lower-case words of the title.
    words: Vec<String>,
    /// `single[i]`: `words[i]` is asked about alone.
    single: Vec<bool>,
    /// Pairs as indices into `words`.
    pairs: Vec<(usize, usize)>,
    /// Indices into `words` by byte length.
    by_len: Vec<Vec<usize>>,
    /// For each of `words`, the first and the last bytes a word that
    /// lower-cases to it may have (256-bit sets).
    ends: Vec<([u64; 4], [u64; 4])>,
}

impl Want {
    fn new(table: &chars::Table, tw: &[(usize, Word<'_>)]) -> Want {
        let mut w = Want {
            words: Vec::new(),
            single: Vec::new(),
            pairs: Vec::new(),
            by_len: vec![Vec::new(); LENS],
            ends: Vec::new(),
        };
        let mut ids = Vec::with_capacity(tw.len());
        for (_, t) in tw {
            let lower = t.core.to_lowercase();
            let id = match w.words.iter().position(|x| *x == lower) {
                Some(i) => i,
                None => {
                    w.add(table, &lower);
                    w.words.push(lower);
                    w.single.push(false);
                    w.words.len() - 1
                }
            };
            ids.push(id);
        }
        for (i, (_, t)) in tw.iter().enumerate().skip(1) {
            let (Some(&cur), Some(&prev)) = (ids.get(i), ids.get(i - 1)) else {
                continue;
            };
            if let Some(s) = w.single.get_mut(cur) {
                *s = true;
            }
            if t.joined && !w.pairs.contains(&(prev, cur)) {
                w.pairs.push((prev, cur));
            }
        }
        w
    }

    /// Files the next word, `lower`, by its length and the first and last
    /// bytes of the words that lower-case to it.
    fn add(&mut self, table: &chars::Table, lower: &str) {
        let id = self.words.len();
        if let Some(bucket) = self.by_len.get_mut(lower.len()) {
            bucket.push(id);
        }
        let set = |c: Option<char>, first: bool| {
            let mut set = [0u64; 4];
            for u in c.into_iter().flat_map(|c| table.upper_forms(c)) {
                let mut buf = [0; 4];
                let bytes = u.encode_utf8(&mut buf).as_bytes();
                let b = if first { bytes.first() } else { bytes.last() };
                let b = b.copied().unwrap_or(0);
                if let Some(w) = set.get_mut(usize::from(b >> 6)) {
                    *w |= 1 << (b & 63);
                }
            }
            set
        };
        self.ends.push((
            set(lower.chars().next(), true),
            set(lower.chars().next_back(), false),
        ));
    }

    /// The index of the word bytes `start..end` of `line` lower-case to;
    /// `odd` when one of their characters may have [`ODD`].
    #[inline]
    fn id(
        &self,
        table: &chars::Table,
        line: &str,
        start: usize,
        end: usize,
        odd: bool,
    ) -> Option<usize> {
        let len = end - start;
        let core = || line.get(start..end).unwrap_or("");
        if odd || len >= LENS {
            let core = core();
            return self.words.iter().position(|w| lower_is(table, core, w));
        }
        let bytes = line.as_bytes();
        let (Some(&first), Some(&last)) = (bytes.get(start), bytes.get(end - 1)) else {
            return None;
        };
        let has = |set: &[u64; 4], b: u8| {
            set.get(usize::from(b >> 6))
                .is_some_and(|w| w & (1 << (b & 63)) != 0)
        };
        self.by_len.get(len)?.iter().copied().find(|&i| {
            self.ends
                .get(i)
                .is_some_and(|(f, l)| has(f, first) && has(l, last))
                && self
                    .words
                    .get(i)
                    .is_some_and(|w| lower_is(table, core(), w))
        })
    }

    fn pair(&self, prev: usize, cur: usize) -> Option<usize> {
        self.pairs.iter().position(|&p| p == (prev, cur))
    }
}

/// A word of a line that counts if the line turns out to be prose.
enum Hit<'a> {
    Single(usize, &'a str),
    Pair(usize, &'a str),
}

/// The flags of the core `start..end` of a chunk of `line`: `all` (the
/// chunk's from the core on) unless something follows the core (`tail`).
fn core_flags(
    table: &chars::Table,
    line: &str,
    start: usize,
    end: usize,
    tail: bool,
    all: u8,
) -> u8 {
    if !tail {
        return all;
    }
    let core = line.get(start..end).unwrap_or("");
    core.chars().fold(0, |f, c| f | table.info(c).flags)
}

/// Reads `line`: the words that count go to `hits`; returns whether the
/// line is prose (see [`super::is_prose`]).
fn read_line<'a>(
    want: &Want,
    table: &chars::Table,
    line: &'a str,
    hits: &mut Vec<Hit<'a>>,
) -> bool {
    hits.clear();
    let (mut lettered, mut caps, mut has_lower) = (0usize, 0usize, false);
    // carried from word to word, as in `words`
    let mut prev_clean = false;
    let mut first_word = true;
    let mut prev_id: Option<usize> = None;
    let bytes = line.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let (mut f, mut len) = table.flags_at(bytes, i);
        if f & SPACE != 0 {
            i += len;
            continue;
        }
        // a white-space separated chunk from `start`; its core runs from
        // its first to its last letter or digit
        let start = i;
        while f & (ALNUM | SPACE) == 0 {
            i += len;
            if i >= n {
                break;
            }
            (f, len) = table.flags_at(bytes, i);
        }
        if i >= n || f & SPACE != 0 {
            // no letter or digit in the chunk
            prev_clean = false;
            continue;
        }
        let core_start = i;
        let first = f;
        // flags of the chunk from its core on (of the core itself when
        // nothing follows its last letter or digit)
        let mut all = f;
        i += len;
        let mut core_end = i;
        while i < n {
            let (f, len) = table.flags_at(bytes, i);
            if f & SPACE != 0 {
                break;
            }
            all |= f;
            i += len;
            if f & ALNUM != 0 {
                core_end = i;
            }
        }
        // the chunk ends at `i`; what follows its core (punctuation, never
        // a letter, digit or case) may only have added SYMBOL, NOT_MARKER
        // or ODD to `all` (ODD only slows the look-up down)
        let tail = core_end != i;
        let marker = first_word
            && core_flags(table, line, core_start, core_end, tail, all) & NOT_MARKER == 0;
        let joined = prev_clean && core_start == start;
        prev_clean = !tail && !marker;
        first_word = false;
        if all & ALPHA != 0 {
            lettered += 1;
            has_lower |= all & LOWER != 0;
            caps += usize::from(first & UPPER != 0);
        }
        let id = want.id(table, line, core_start, core_end, all & ODD != 0);
        if let Some(k) = id {
            let core = line.get(core_start..core_end).unwrap_or("");
            let single = want.single.get(k).copied().unwrap_or(false);
            if single
                && (joined
                    || core_flags(table, line, core_start, core_end, tail, all) & SYMBOL != 0)
            {
                hits.push(Hit::Single(k, core));
            }
            if let (true, Some(p)) = (joined, prev_id) {
                if let Some(pk) = want.pair(p, k) {
                    hits.push(Hit::Pair(pk, core));
                }
            }
        }
        prev_id = id;
    }
    has_lower && caps * 2 <= lettered
}

/// The evidence in `body` for the title words `tw`. The title must hold
/// no [`super::PAIR_SEP`] (then a pair key names one pair of words).
pub fn gather<'a>(tw: &[(usize, Word<'_>)], body: impl Iterator<Item = &'a str>) -> Evidence<'a> {
    let table = chars::table();
    let want = Want::new(table, tw);
    let mut single: Vec<HashMap<&'a str, usize>> = vec![HashMap::new(); want.words.len()];
    let mut pairs: Vec<HashMap<&'a str, usize>> = vec![HashMap::new(); want.pairs.len()];
    let mut hits = Vec::new();
    let mut read = 0;
    for line in body {
        if read > WINDOW {
            break;
        }
        read += line.len() + 1;
        if !read_line(&want, table, line, &mut hits) {
            continue;
        }
        for h in &hits {
            let (map, spelling) = match h {
                Hit::Single(i, s) => (single.get_mut(*i), *s),
                Hit::Pair(k, s) => (pairs.get_mut(*k), *s),
            };
            if let Some(m) = map {
                *m.entry(spelling).or_default() += 1;
            }
        }
    }
    let mut ev = Evidence::default();
    for (i, m) in single.into_iter().enumerate() {
        if let (false, Some(w)) = (m.is_empty(), want.words.get(i)) {
            ev.single.insert(w.clone(), m);
        }
    }
    for (k, m) in pairs.into_iter().enumerate() {
        let words = want
            .pairs
            .get(k)
            .and_then(|&(p, c)| Some((want.words.get(p)?, want.words.get(c)?)));
        if let (false, Some((p, c))) = (m.is_empty(), words) {
            ev.pairs.insert(pair_key(p, c), m);
        }
    }
    ev
}

#[cfg(test)]
mod tests {
    use super::super::{gather_plain, words};
    use super::*;
    use proptest::prelude::*;

    fn both(title: &str, body: &[&str]) {
        let tw = words(title);
        let fast = gather(&tw, body.iter().copied());
        let plain = gather_plain(&tw, body.iter().copied());
        assert_eq!(fast, plain, "title {title:?} body {body:?}");
    }

    #[test]
    fn the_scan_counts_what_the_plain_reading_counts() {
        both(
            "Thực hiện chỉ thị số 27/ct-ttg của thủ tướng chính phủ",
            &[
                "Thực hiện Chỉ thị số 27/CT-TTg ngày 15 tháng 8 năm 2024 của Thủ",
                "tướng Chính phủ về tăng cường công tác dân số; Ủy ban nhân dân",
                "  ban hành   Kế hoạch thực hiện Chỉ thị số 27/CT-TTg, như sau:",
                "1 Thực hiện chỉ thị",
                "II. Thủ tướng Chính phủ",
                "KẾ HOẠCH THỰC HIỆN",
            ],
        );
        // odd characters: a Kelvin sign, a dotted capital I, a final
        // sigma, no-break and other spaces, control characters
        both(
            "Kế hoạch kiểm tra iso σοφός",
            &[
                "lập \u{212a}ế hoạch \u{212a}iểm tra İSO và ΣΟΦΌΣ nay",
                "kế\u{a0}hoạch kiểm\u{2003}tra iso\u{b}xong, σοφός nhé",
                "(kế) hoạch... kiểm-tra ISO/IEC «kiểm tra» \u{1}kế hoạch",
                "",
                "   ",
                "1.2 kế hoạch XIV kiểm tra",
            ],
        );
    }

    /// Words that are a title's or look like it, and what may stand
    /// between and around them.
    const WORDS: &[&str] = &[
        "kế",
        "Kế",
        "KẾ",
        "hoạch",
        "Hoạch",
        "HOẠCH",
        "thực",
        "Thực",
        "hiện",
        "Hiện",
        "1",
        "II",
        "XIV",
        "1.2",
        "27/CT-TTg",
        "27/ct-ttg",
        "27/CT-TTG",
        "2A",
        "2024",
        "iso",
        "ISO",
        "İSO",
        "\u{212a}ế",
        "σοφός",
        "ΣΟΦΌΣ",
        "Đà",
        "đà",
        "ǅa",
        "ǆa",
        "x",
        "L",
        "😀",
        "e\u{301}",
        "\u{1}",
        "a\u{1}b",
    ];
    const AROUND: &[&str] = &[
        "", "", "", "", "", "", "", "", "", "", "", "", "(", ")", ",", ".", ";", "“", "-", "/", "…",
    ];
    const BETWEEN: &[&str] = &[
        " ", " ", " ", " ", " ", " ", " ", " ", "  ", "\t", "\u{a0}", "\u{2003}", "\u{b}", "-",
    ];

    fn text(n: usize) -> impl Strategy<Value = String> {
        let piece = (
            prop::sample::select(AROUND),
            prop::sample::select(WORDS),
            prop::sample::select(AROUND),
            prop::sample::select(BETWEEN),
        )
            .prop_map(|(a, w, b, s)| format!("{a}{w}{b}{s}"));
        prop::collection::vec(piece, 0..n).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn scan_and_plain_reading_agree(
            title in text(8),
            body in prop::collection::vec(text(12), 0..12),
        ) {
            prop_assume!(!title.contains(super::super::PAIR_SEP));
            let body: Vec<&str> = body.iter().map(String::as_str).collect();
            both(&title, &body);
        }
    }
}
