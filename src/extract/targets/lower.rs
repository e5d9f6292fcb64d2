//! Lower case without Unicode table searches: the lower case of every char
//! below U+2200 (Latin, Vietnamese, Greek, Cyrillic) is looked up in a table
//! built once from [`char::to_lowercase`], so the answers are the standard
//! library's. [`fold`] is the form the keyword tables are read in.

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
    fold_as::<true>(s, out);
}

/// Blanks squeezed to one space, case kept: what
/// `s.split_whitespace().collect::<Vec<_>>().join(" ")` gives.
pub fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_as::<false>(s, &mut out);
    out
}

/// [`fold_into`], lower-casing only when `LOWER`.
fn fold_as<const LOWER: bool>(s: &str, out: &mut String) {
    let base = out.len();
    let t = tables();
    let bytes = s.as_bytes();
    // `s[..copied]` is in `out`; a word has been read
    let mut copied = 0;
    let mut word = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if is_plain(b) || (!LOWER && b.is_ascii_uppercase()) {
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
            (false, _) if !LOWER => Seen::Same,
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
}
