//! The folds every stage reads words in, each named by what it does:
//!
//! - [`lower`], [`lower_char`]: lower case;
//! - [`squeeze`], [`squeeze_into`]: runs of blanks to one space, trimmed
//!   (what `split_whitespace` joined by spaces gives);
//! - [`fold`], [`fold_into`]: both, the form the keyword tables are read in;
//! - [`upper_without_marks`]: upper case with tone marks dropped and Đ as D.
//!
//! Lower case goes without Unicode table searches: the lower case of every
//! char below U+2200 (Latin, Vietnamese, Greek, Cyrillic) is looked up in a
//! table built once from [`char::to_lowercase`], so the answers are the
//! standard library's.

use std::sync::OnceLock;

/// First char past the table.
const TABLE_END: u32 = 0x2200;
/// A table entry for a blank.
const BLANK: u32 = u32::MAX;
/// A table entry for a char whose lower case is more than one char.
const LONG: u32 = u32::MAX - 1;

/// Per char of U+0080..[`TABLE_END`]: [`BLANK`], [`LONG`], or its lower
/// case; and a bit per char set when lower case leaves it as it is.
struct Tables {
    lower: Vec<u32>,
    same: Vec<u64>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let lower: Vec<u32> = (0x80..TABLE_END)
            .map(|u| {
                let Some(c) = char::from_u32(u) else {
                    return u;
                };
                if c.is_whitespace() {
                    return BLANK;
                }
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(one), None) => u32::from(one),
                    _ => LONG,
                }
            })
            .collect();
        let mut same = vec![0u64; lower.len().div_ceil(64)];
        for (k, &l) in lower.iter().enumerate() {
            // a capital sigma lowers by its place in the word: never the same
            if l == k as u32 + 0x80 && l != u32::from('Σ') {
                if let Some(w) = same.get_mut(k / 64) {
                    *w |= 1 << (k % 64);
                }
            }
        }
        Tables { lower, same }
    })
}

impl Tables {
    /// The char `c` (not ASCII) is no blank and lower case leaves it as
    /// it is.
    fn is_same(&self, c: u32) -> bool {
        (c as usize).checked_sub(0x80).is_some_and(|k| {
            self.same
                .get(k / 64)
                .is_some_and(|w| (w >> (k % 64)) & 1 == 1)
        })
    }
}

/// What [`fold`] does with one char that is not ASCII.
enum Seen {
    Blank,
    Same,
    Lower(char),
    /// A capital sigma (lower-cased by its place in the word), or a char
    /// whose lower case is several.
    Hard,
}

fn seen(c: char, t: &Tables) -> Seen {
    let entry = (c as usize)
        .checked_sub(0x80)
        .and_then(|i| t.lower.get(i))
        .copied();
    match entry {
        _ if c == 'Σ' => Seen::Hard,
        Some(BLANK) => Seen::Blank,
        Some(LONG) => Seen::Hard,
        Some(l) if l == u32::from(c) => Seen::Same,
        Some(l) => char::from_u32(l).map_or(Seen::Hard, Seen::Lower),
        None if c.is_whitespace() => Seen::Blank,
        None => {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(one), None) if one == c => Seen::Same,
                (Some(one), None) => Seen::Lower(one),
                _ => Seen::Hard,
            }
        }
    }
}

/// The lower case of `c` when it is one char (None when it is several):
/// `c.to_lowercase()` without a table search.
pub fn lower_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    match seen(c, tables()) {
        Seen::Blank | Seen::Same => Some(c),
        Seen::Lower(l) => Some(l),
        Seen::Hard => {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        }
    }
}

/// Blanks squeezed to one space, lower case: what
/// `s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()` gives.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// ASCII bytes that lower case and blank folding leave as they are: all
/// but the capitals and the blanks (tab, line feed, vertical tab, form
/// feed, carriage return, space).
const PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = !matches!(b as u8, b'A'..=b'Z' | b'\t'..=b'\r' | b' ');
        b += 1;
    }
    t
};

fn is_plain(b: u8) -> bool {
    PLAIN[usize::from(b)]
}

fn is_ascii_blank(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// The char at byte `i` of `s` and its length in bytes.
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let c = s.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// A char that surely is no blank starts at byte `i` of `b` (false when
/// unsure).
fn starts_word(b: &[u8], i: usize, t: &Tables) -> bool {
    match b.get(i) {
        Some(&n) if n < 0x80 => !is_ascii_blank(n),
        Some(_) => code_at(b, i).is_some_and(|(code, _)| t.is_same(code)),
        None => false,
    }
}

/// The code point of the char that is not ASCII at byte `i` (a char
/// boundary) of `b`, valid UTF-8, and its length in bytes.
fn code_at(b: &[u8], i: usize) -> Option<(u32, usize)> {
    let lead = u32::from(*b.get(i)?);
    let more = |k: usize| b.get(i + k).map(|&x| u32::from(x & 0x3F));
    if lead < 0xE0 {
        Some(((lead & 0x1F) << 6 | more(1)?, 2))
    } else if lead < 0xF0 {
        Some(((lead & 0x0F) << 12 | more(1)? << 6 | more(2)?, 3))
    } else {
        Some((
            (lead & 0x07) << 18 | more(1)? << 12 | more(2)? << 6 | more(3)?,
            4,
        ))
    }
}

/// [`fold`] appended to `out`, which should start empty (a space is put
/// before every word but the first of `out`). Text that needs no change
/// (lower-case words one space apart) is copied in runs.
pub fn fold_into(s: &str, out: &mut String) {
    let base = out.len();
    let t = tables();
    let bytes = s.as_bytes();
    // `s[..copied]` is in `out`; a word has been read
    let mut copied = 0;
    let mut word = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if is_plain(b) {
            word = true;
            i += 1;
            continue;
        }
        // one space after a word, before one: kept as it is
        if b == b' ' && word && starts_word(bytes, i + 1, t) {
            i += 1;
            continue;
        }
        if b.is_ascii_uppercase() {
            out.push_str(s.get(copied..i).unwrap_or(""));
            out.push(char::from(b.to_ascii_lowercase()));
            copied = i + 1;
            word = true;
            i += 1;
            continue;
        }
        let (c, len) = if b < 0x80 {
            (' ', 1)
        } else {
            let Some((code, len)) = code_at(bytes, i) else {
                break;
            };
            if t.is_same(code) {
                word = true;
                i += len;
                continue;
            }
            match char::from_u32(code) {
                Some(c) => (c, len),
                None => break,
            }
        };
        let kind = match (b < 0x80, seen(c, t)) {
            (true, _) => Seen::Blank,
            (false, Seen::Blank) => Seen::Blank,
            (false, k) => k,
        };
        match kind {
            Seen::Blank => {
                let j = blanks_end(s, i + len, t);
                // one space between two words is its own fold
                let single = b == b' ' && j == i + 1;
                if !(single && word && j < bytes.len()) {
                    out.push_str(s.get(copied..i).unwrap_or(""));
                    if word && j < bytes.len() {
                        out.push(' ');
                    }
                    copied = j;
                }
                i = j;
                continue;
            }
            Seen::Same => {}
            Seen::Lower(l) => {
                out.push_str(s.get(copied..i).unwrap_or(""));
                out.push(l);
                copied = i + len;
            }
            Seen::Hard => {
                out.truncate(base);
                word_by_word(s, out);
                return;
            }
        }
        word = true;
        i += len;
    }
    out.push_str(s.get(copied..).unwrap_or(""));
}

/// What `s.to_lowercase()` gives, copying text that needs no change in
/// runs.
pub fn lower(s: &str) -> String {
    let t = tables();
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if b.is_ascii_uppercase() {
                out.push_str(s.get(copied..i).unwrap_or(""));
                out.push(char::from(b.to_ascii_lowercase()));
                copied = i + 1;
            }
            i += 1;
            continue;
        }
        let Some((code, len)) = code_at(bytes, i) else {
            break;
        };
        if !t.is_same(code) {
            let Some(c) = char::from_u32(code) else {
                break;
            };
            match seen(c, t) {
                Seen::Blank | Seen::Same => {}
                Seen::Lower(l) => {
                    out.push_str(s.get(copied..i).unwrap_or(""));
                    out.push(l);
                    copied = i + len;
                }
                Seen::Hard => return s.to_lowercase(),
            }
        }
        i += len;
    }
    out.push_str(s.get(copied..).unwrap_or(""));
    out
}

/// Blanks squeezed to one space, case kept, trimmed: what
/// `s.split_whitespace().collect::<Vec<_>>().join(" ")` gives.
pub fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    squeeze_into(s, &mut out, |_| false);
    out
}

/// Appends `s` to `out` with runs of white space folded to one space and
/// leading and trailing white space dropped (what `split_whitespace` joined
/// by spaces gives), leaving out every char for which `skip` is true (an
/// ASCII char; a skipped char does not split a word). A space is only put
/// between words, so `out` should start empty.
pub fn squeeze_into(s: &str, out: &mut String, skip: impl Fn(u8) -> bool) {
    let b = s.as_bytes();
    let mut i = 0;
    // start of the pending piece of a word, if any
    let mut piece: Option<usize> = None;
    // a space is owed before the next word
    let mut gap = false;
    // what is written goes out in runs of `s` that need no change (words
    // one plain space apart), pushed when something else follows
    let mut run = Run::default();
    let started = !out.is_empty();
    let word_byte = |c: u8| match BYTE_KINDS[usize::from(c)] {
        ByteKind::Ascii => !skip(c),
        ByteKind::Wide => true,
        ByteKind::Space | ByteKind::Lead => false,
    };
    while let Some(&c) = b.get(i) {
        let (ws, len) = match BYTE_KINDS[usize::from(c)] {
            ByteKind::Ascii if skip(c) => {
                if let Some(p) = piece.take() {
                    run.piece(s, out, p, i, gap);
                    gap = false;
                }
                i += 1;
                continue;
            }
            ByteKind::Ascii | ByteKind::Wide => (false, 1),
            ByteKind::Space => (true, 1),
            // U+1000 to U+1FFF holds only one white space char, U+1680
            ByteKind::Lead if c == 0xE1 && b.get(i + 1) != Some(&0x9A) => (false, 1),
            ByteKind::Lead => match s.get(i..).and_then(|t| t.chars().next()) {
                Some(ch) => (ch.is_whitespace(), ch.len_utf8()),
                None => (false, 1),
            },
        };
        if ws {
            if let Some(p) = piece.take() {
                run.piece(s, out, p, i, gap);
                gap = false;
            }
            if started || run.any() {
                gap = true;
            }
            i += len;
            continue;
        }
        if piece.is_none() {
            piece = Some(i);
        }
        i += len;
        // the rest of the word
        while b.get(i).is_some_and(|&c| word_byte(c)) {
            i += 1;
        }
    }
    if let Some(p) = piece {
        run.piece(s, out, p, s.len(), gap);
    }
    run.flush(s, out);
}

/// How [`squeeze_into`] reads a byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ByteKind {
    /// ASCII but white space: a word char unless skipped.
    Ascii,
    /// ASCII white space.
    Space,
    /// A byte of a non-ASCII char that is no white space: continuation
    /// bytes and the lead bytes of no white space char.
    Wide,
    /// The lead bytes of the non-ASCII white space chars: 0xC2 (U+0085,
    /// U+00A0), 0xE1 (U+1680), 0xE2 (U+2000…), 0xE3 (U+3000).
    Lead,
}

static BYTE_KINDS: [ByteKind; 256] = byte_kinds();

const fn byte_kinds() -> [ByteKind; 256] {
    let mut k = [ByteKind::Ascii; 256];
    let mut i = 0;
    while i < 256 {
        k[i] = match i as u8 {
            b' ' | b'\t'..=b'\r' => ByteKind::Space,
            0..=0x7F => ByteKind::Ascii,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => ByteKind::Lead,
            _ => ByteKind::Wide,
        };
        i += 1;
    }
    k
}

/// The output of [`squeeze_into`] not yet pushed: a range of its input.
#[derive(Debug, Default)]
struct Run {
    range: Option<(usize, usize)>,
}

impl Run {
    /// Writes `s[start..end]`, after a space when `space`.
    #[inline]
    fn piece(&mut self, s: &str, out: &mut String, start: usize, end: usize, space: bool) {
        if let Some((a, e)) = self.range {
            let joins = if space {
                e + 1 == start && s.as_bytes().get(e) == Some(&b' ')
            } else {
                e == start
            };
            if joins {
                self.range = Some((a, end));
                return;
            }
            out.push_str(s.get(a..e).unwrap_or(""));
        }
        if space {
            out.push(' ');
        }
        self.range = Some((start, end));
    }

    fn any(&self) -> bool {
        self.range.is_some()
    }

    fn flush(&mut self, s: &str, out: &mut String) {
        if let Some((a, e)) = self.range.take() {
            out.push_str(s.get(a..e).unwrap_or(""));
        }
    }
}

/// ASCII letters upper-cased, Đ as D, the combining marks U+0300..U+036F
/// (tones, and the hook, horn and breve of Vietnamese letters) dropped
/// after canonical decomposition: "PL QĐ 1072 ngày" -> "PL QD 1072 NGAY".
pub fn upper_without_marks(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'Đ' | 'đ' => 'D',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// End of the run of blanks from `i`.
fn blanks_end(s: &str, mut i: usize, t: &Tables) -> usize {
    let bytes = s.as_bytes();
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if !is_ascii_blank(b) {
                break;
            }
            i += 1;
        } else {
            match char_at(s, i) {
                Some((c, len)) if matches!(seen(c, t), Seen::Blank) => i += len,
                _ => break,
            }
        }
    }
    i
}

/// [`fold_into`] word by word, char by char (a word with a capital sigma
/// as a whole): the slow form, for text with a hard char.
fn word_by_word(s: &str, out: &mut String) {
    let start = out.len();
    for w in s.split_whitespace() {
        if out.len() > start {
            out.push(' ');
        }
        if w.contains('Σ') {
            out.push_str(&w.to_lowercase());
        } else {
            out.extend(w.chars().flat_map(char::to_lowercase));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slow(s: &str) -> String {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }

    /// The fold this module replaces.
    fn word_by_word(s: &str) -> String {
        let mut out = String::new();
        super::word_by_word(s, &mut out);
        out
    }

    #[test]
    fn fold_is_squeeze_then_lower() {
        for t in [
            "  Tỷ LỆ\n\tHỒ SƠ  ",
            "ΟΔΟΣ Σ ΑΣ ΣΑ",
            "",
            " \u{a0}ĐẠT 90%",
            "İSTANBUL",
            "x\u{0b}y\u{0c}z\u{85}w\u{3000}v\u{2028}u",
            "ǅ Ǆ ẞ K Ω",
        ] {
            assert_eq!(fold(t), slow(t), "{t:?}");
            assert_eq!(fold(t), word_by_word(t), "{t:?}");
        }
    }

    #[test]
    fn every_char_of_the_table_lowers_as_the_library_does() {
        for u in 0..0x2400u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("a{c}b");
            assert_eq!(fold(&s), word_by_word(&s), "U+{u:04X}");
        }
    }

    fn joined(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn squeeze_is_split_whitespace_joined() {
        for u in 0..0x2400u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!(" A{c} Σ{c}b  {c}\t");
            assert_eq!(squeeze(&s), joined(&s), "U+{u:04X}");
        }
    }

    proptest! {
        #[test]
        fn squeeze_agrees_on_any_text(s in any::<String>()) {
            prop_assert_eq!(squeeze(&s), joined(&s));
        }

        #[test]
        fn squeeze_agrees_on_blanks(s in "[ aĐđ\u{a0}\u{3000}\t\n\r]{0,30}") {
            prop_assert_eq!(squeeze(&s), joined(&s));
        }
    }

    #[test]
    fn upper_without_marks_is_bare_upper_case() {
        assert_eq!(upper_without_marks("PL QĐ 1072 ngày"), "PL QD 1072 NGAY");
        assert_eq!(upper_without_marks("thủy lợi ươm"), "THUY LOI UOM");
        assert_eq!(upper_without_marks(""), "");
    }

    #[test]
    fn plain_bytes_are_ascii_but_capitals_and_blanks() {
        for b in 0..=255u8 {
            let plain = b.is_ascii() && !b.is_ascii_uppercase() && !char::from(b).is_whitespace();
            assert_eq!(is_plain(b), plain, "{b}");
            assert_eq!(
                is_ascii_blank(b),
                b.is_ascii() && char::from(b).is_whitespace(),
                "{b}"
            );
        }
    }

    #[test]
    fn lower_char_is_the_library_lower_case() {
        for u in 0..0x11000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut l = c.to_lowercase();
            let single = match (l.next(), l.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            };
            assert_eq!(lower_char(c), single, "U+{u:04X}");
        }
    }

    #[test]
    fn lower_is_the_library_lower_case() {
        for u in 0..0x2400u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("A{c} Σ{c}b {c}");
            assert_eq!(lower(&s), s.to_lowercase(), "U+{u:04X}");
            let s = format!("A{c}b");
            assert_eq!(lower(&s), s.to_lowercase(), "U+{u:04X}");
        }
    }

    proptest! {
        #[test]
        fn lower_agrees_on_any_text(s in any::<String>()) {
            prop_assert_eq!(lower(&s), s.to_lowercase());
        }

        #[test]
        fn fold_agrees_with_the_slow_form(s in "[ a-zA-ZĐđƯưÂâẠạỆệΣσςİ\u{a0}\t\n0-9%,.]{0,40}") {
            prop_assert_eq!(fold(&s), slow(&s));
            prop_assert_eq!(fold(&s), word_by_word(&s));
        }

        #[test]
        fn fold_agrees_on_any_text(s in any::<String>()) {
            prop_assert_eq!(fold(&s), word_by_word(&s));
        }
    }

    #[test]
    fn squeeze_into_skips_what_it_is_told() {
        let slow = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for s in [
            "",
            "   ",
            "a",
            "  Quyết   định\tsố \n 12 ",
            "x\u{00A0}y\u{3000}z\u{2028}w\u{1680}v\u{0085}u",
            "Hà Nội, ngày\u{202F}5 ế ữ",
            "\u{205F}lead and trail\u{2009}",
        ] {
            assert_eq!(squeeze(s), slow(s), "{s:?}");
            let mut out = String::new();
            squeeze_into(s, &mut out, |c| c == b'*');
            assert_eq!(out, slow(&s.replace('*', "")), "{s:?}");
        }
        for s in [
            "**a** *b*",
            "a**b",
            " * x * ",
            "*",
            "a *",
            "* a",
            "ư*ơ  *  đ",
        ] {
            let mut out = String::new();
            squeeze_into(s, &mut out, |c| c == b'*');
            assert_eq!(out, slow(&s.replace('*', "")), "{s:?}");
        }
    }

    /// `squeeze_into` as first written: a piece pushed per word.
    fn squeeze_into_per_word(s: &str, out: &mut String, skip: impl Fn(u8) -> bool) {
        let b = s.as_bytes();
        let mut i = 0;
        let mut piece: Option<usize> = None;
        let mut gap = false;
        while i < b.len() {
            let c = b[i];
            let (ws, len) = if c < 0x80 {
                if skip(c) {
                    if let Some(p) = piece.take() {
                        out.push_str(&s[p..i]);
                    }
                    i += 1;
                    continue;
                }
                (matches!(c, b' ' | b'\t'..=b'\r'), 1)
            } else if matches!(c, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
                let ch = s[i..].chars().next().unwrap_or('x');
                (ch.is_whitespace(), ch.len_utf8())
            } else {
                (false, 1)
            };
            if ws {
                if let Some(p) = piece.take() {
                    out.push_str(&s[p..i]);
                }
                if !out.is_empty() {
                    gap = true;
                }
            } else if piece.is_none() {
                if gap {
                    out.push(' ');
                    gap = false;
                }
                piece = Some(i);
            }
            i += len;
        }
        if let Some(p) = piece {
            out.push_str(&s[p..]);
        }
    }

    proptest::proptest! {
        #[test]
        fn squeeze_into_writes_what_it_wrote_word_by_word(
            s in "[ab*_ \t\n\r\u{0B}\u{0C}\u{85}\u{A0}\u{A9}\u{1680}\u{1681}\u{16A0}\u{2000}-\u{2030}\u{205F}\u{3000}\u{3001}ếđ]{0,30}",
            pre in "[a ]{0,2}",
        ) {
            for skip in [b'*', b'_', 0] {
                let (mut fast, mut slow) = (pre.clone(), pre.clone());
                squeeze_into(&s, &mut fast, |c| c == skip);
                squeeze_into_per_word(&s, &mut slow, |c| c == skip);
                proptest::prop_assert_eq!(fast, slow);
            }
        }
    }
}
