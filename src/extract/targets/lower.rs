//! Lower case without Unicode table searches: the lower case of every char
//! below U+1F00 (Latin, Vietnamese, Greek, Cyrillic) is looked up in a table
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
/// case.
fn table() -> &'static [u32] {
    static T: OnceLock<Vec<u32>> = OnceLock::new();
    T.get_or_init(|| {
        (0x80..TABLE_END)
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
            .collect()
    })
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

fn seen(c: char, table: &[u32]) -> Seen {
    let entry = (c as usize)
        .checked_sub(0x80)
        .and_then(|i| table.get(i))
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
    match seen(c, table()) {
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

/// [`fold`] appended to `out`, which should start empty (a space is put
/// before every word but the first of `out`). Text that needs no change
/// (lower-case words one space apart) is copied in runs.
pub fn fold_into(s: &str, out: &mut String) {
    let base = out.len();
    let table = table();
    let bytes = s.as_bytes();
    // `s[..copied]` is in `out`; a word has been read
    let mut copied = 0;
    let mut word = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if matches!(b, b'\t'..=b'\r' | b' ') {
                let j = blanks_end(s, i + 1, table);
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
            word = true;
            if b.is_ascii_uppercase() {
                out.push_str(s.get(copied..i).unwrap_or(""));
                out.push(char::from(b.to_ascii_lowercase()));
                copied = i + 1;
            }
            i += 1;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        match seen(c, table) {
            Seen::Blank => {
                let j = blanks_end(s, i + c.len_utf8(), table);
                out.push_str(s.get(copied..i).unwrap_or(""));
                if word && j < bytes.len() {
                    out.push(' ');
                }
                copied = j;
                i = j;
                continue;
            }
            Seen::Same => {}
            Seen::Lower(l) => {
                out.push_str(s.get(copied..i).unwrap_or(""));
                out.push(l);
                copied = i + c.len_utf8();
            }
            Seen::Hard => {
                out.truncate(base);
                word_by_word(s, out);
                return;
            }
        }
        word = true;
        i += c.len_utf8();
    }
    out.push_str(s.get(copied..).unwrap_or(""));
}

/// What `s.to_lowercase()` gives, copying text that needs no change in
/// runs.
pub fn lower(s: &str) -> String {
    let table = table();
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for (i, c) in s.char_indices() {
        if c.is_ascii() {
            if c.is_ascii_uppercase() {
                out.push_str(s.get(copied..i).unwrap_or(""));
                out.push(c.to_ascii_lowercase());
                copied = i + 1;
            }
            continue;
        }
        match seen(c, table) {
            Seen::Blank | Seen::Same => {}
            Seen::Lower(l) => {
                out.push_str(s.get(copied..i).unwrap_or(""));
                out.push(l);
                copied = i + c.len_utf8();
            }
            Seen::Hard => return s.to_lowercase(),
        }
    }
    out.push_str(s.get(copied..).unwrap_or(""));
    out
}

/// End of the run of blanks from `i`.
fn blanks_end(s: &str, mut i: usize, table: &[u32]) -> usize {
    let bytes = s.as_bytes();
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if !matches!(b, b'\t'..=b'\r' | b' ') {
                break;
            }
            i += 1;
        } else {
            match s.get(i..).and_then(|r| r.chars().next()) {
                Some(c) if matches!(seen(c, table), Seen::Blank) => i += c.len_utf8(),
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
