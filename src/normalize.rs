//! Normalisation: decoded text → the one form every extractor reads.
//!
//! What changes: Unicode NFC (so NFD files and Windows-1258's combining tones
//! compare equal to precomposed text), `Ð`/`ð` (U+00D0/U+00F0, a common
//! stand-in) read as `Đ`/`đ`, CRLF and lone CR become LF, a BOM and zero-width
//! characters are dropped, no-break and other exotic spaces become a plain
//! space. What does not: line breaks, tabs, case, punctuation, tone placement.
//!
//! The output keeps a map to the offsets of its input (see [`crate::text`]).

use crate::text::{MappedText, TextBuilder};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Normalises `input`; the returned map points into `input`'s offsets.
pub fn normalize(input: &str) -> MappedText {
    if is_clean(input) {
        return MappedText::identity(input.to_string());
    }
    let mut b = TextBuilder::with_capacity(input.len());
    let bytes = input.as_bytes();
    let mut i = 0;
    let mut cluster = String::new();
    while i < input.len() {
        // A run of chars that stay as they are goes out in one piece (the
        // map is the same as char by char); its last char is left to the
        // cluster code when marks or dropped chars follow it.
        let (run, last) = plain_run(input, i);
        if run > i {
            let joins = input
                .get(run..)
                .and_then(|t| t.chars().next())
                .is_some_and(joins_previous);
            let end = if joins { last } else { run };
            if end > i {
                b.push(input.get(i..end).unwrap_or(""), i, end);
                i = end;
                continue;
            }
        }
        // One cluster: a char plus the non-starters (and dropped chars,
        // which must not split a base from its marks) that follow it.
        let start = i;
        let mut chars = input[i..].char_indices();
        let Some((_, first)) = chars.next() else {
            break;
        };
        let mut end = i + first.len_utf8();
        if first != '\r' {
            for (off, c) in chars {
                if !joins_previous(c) {
                    break;
                }
                end = i + off + c.len_utf8();
            }
        }
        i = end;
        let raw = &input[start..end];
        if first == '\r' {
            // CRLF or lone CR → LF
            if bytes.get(end) == Some(&b'\n') {
                i = end + 1;
                b.push("\n", start, end + 1);
            } else {
                b.push("\n", start, end);
            }
            continue;
        }
        if raw.len() == first.len_utf8()
            && is_nfc_quick(std::iter::once(first)) == IsNormalized::Yes
        {
            match map_char(first) {
                Mapped::Same => b.push(raw, start, end),
                Mapped::Drop => {}
                Mapped::To(c) => b.push_char(c, start, end),
            }
            continue;
        }
        cluster.clear();
        let mapped = raw.chars().filter_map(|c| match map_char(c) {
            Mapped::Same => Some(c),
            Mapped::Drop => None,
            Mapped::To(m) => Some(m),
        });
        cluster.extend(mapped.nfc());
        b.push(&cluster, start, end);
    }
    b.finish(input.len())
}

/// End of the run of plain chars (ASCII but CR, VT and FF; precomposed
/// letters) from `i`, and where its last char starts (`i` when empty).
fn plain_run(input: &str, i: usize) -> (usize, usize) {
    let b = input.as_bytes();
    let (mut j, mut last) = (i, i);
    while let Some(&c) = b.get(j) {
        if c < 0x80 {
            if matches!(c, b'\r' | 0x0B | 0x0C) {
                break;
            }
            last = j;
            j += 1;
            continue;
        }
        match input.get(j..).and_then(|t| t.chars().next()) {
            Some(ch) if is_plain_letter(ch as u32) => {
                last = j;
                j += ch.len_utf8();
            }
            _ => break,
        }
    }
    (j, last)
}

/// True when `c` must be normalised together with the char before it: a
/// combining mark, a char whose decomposition starts with one (Tibetan
/// U+0F73 is a starter that decomposes to two marks, which canonical
/// ordering may move past the previous char's marks), or a dropped char
/// (which must not split a base from its marks).
fn joins_previous(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    if canonical_combining_class(c) != 0 || matches!(map_char(c), Mapped::Drop) {
        return true;
    }
    let mut first = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        first.get_or_insert(d);
    });
    first.is_some_and(|d| canonical_combining_class(d) != 0)
}

enum Mapped {
    Same,
    Drop,
    To(char),
}

fn map_char(c: char) -> Mapped {
    match c {
        '\u{00D0}' => Mapped::To('Đ'),
        '\u{00F0}' => Mapped::To('đ'),
        '\u{0189}' => Mapped::To('Đ'),
        '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}' => Mapped::Drop,
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Mapped::To(' ')
        }
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Mapped::To('\n'),
        '\u{000B}' | '\u{000C}' => Mapped::To('\n'),
        _ => Mapped::Same,
    }
}

/// True when the text needs no change at all (the common case, kept fast):
/// what the full check (`is_clean_full`, kept for the tests) says, in one
/// pass over the bytes. ASCII and
/// precomposed Vietnamese letters are starters, NFC stable and never
/// mapped; only other chars are looked up.
fn is_clean(s: &str) -> bool {
    // the ASCII controls that are not clean: all but LF and TAB
    const CONTROLS: u32 = !(1 << b'\n' | 1 << b'\t');
    let b = s.as_bytes();
    let mut i = 0;
    // combining class of the char before, as the NFC quick check keeps it
    let mut last_cc = 0u8;
    while let Some(&c) = b.get(i) {
        if c < 0x80 {
            if c < 0x20 && CONTROLS >> c & 1 == 1 {
                return false;
            }
            last_cc = 0;
            i += 1;
            continue;
        }
        let (u, len) = crate::text::char_at(b, i);
        i += len;
        if is_plain_letter(u) {
            last_cc = 0;
            continue;
        }
        let Some(ch) = char::from_u32(u) else {
            return false;
        };
        if !matches!(map_char(ch), Mapped::Same) {
            return false;
        }
        let cc = canonical_combining_class(ch);
        if last_cc > cc && cc != 0 {
            return false;
        }
        if is_nfc_quick(std::iter::once(ch)) != IsNormalized::Yes {
            return false;
        }
        last_cc = cc;
    }
    true
}

/// Precomposed Latin letters of Vietnamese (and Latin-1/Extended-A): NFC
/// stable starters that `map_char` leaves alone.
fn is_plain_letter(u: u32) -> bool {
    matches!(u, 0xC0..=0x17F | 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x1EA0..=0x1EF9)
        && !matches!(u, 0xD0 | 0xF0 | 0xD7 | 0xF7)
}

/// The full check: no control, dropped or mapped char, and NFC quick-check Yes.
#[cfg(test)]
fn is_clean_full(s: &str) -> bool {
    let special = s.chars().any(|c| {
        (c as u32) < 0x20 && c != '\n' && c != '\t'
            || matches!(map_char(c), Mapped::Drop | Mapped::To(_))
    });
    !special && is_nfc_quick(s.chars()) == IsNormalized::Yes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starters_that_decompose_to_marks_are_ordered_with_their_neighbours() {
        // found by the normalise fuzz target: U+0F73 U+0F73
        let once = normalize("\u{f73}\u{f73}").text;
        assert_eq!(normalize(&once).text, once);
        assert_eq!(once, "\u{f73}\u{f73}".nfc().collect::<String>());
    }

    #[test]
    fn nfd_is_composed_and_mapped() {
        let nfd: String = "Quyết định".nfd().collect();
        let m = normalize(&nfd);
        assert_eq!(m.text, "Quyết định");
        // "định" starts after "Quyết " in both texts
        let out = m.text.find("định").unwrap();
        let orig = nfd.find('đ').unwrap();
        assert_eq!(m.to_orig(out), orig);
        assert_eq!(m.to_orig(m.text.len()), nfd.len());
    }

    #[test]
    fn d_stroke_lookalike_and_crlf() {
        let m = normalize("\u{FEFF}Q\u{00D0}\r\nx\ry");
        assert_eq!(m.text, "QĐ\nx\ny");
        assert_eq!(m.to_orig(0), 3);
        assert_eq!(
            m.to_orig(m.text.find('x').unwrap()),
            "\u{FEFF}Q\u{00D0}\r\n".len()
        );
    }

    #[test]
    fn plain_letters_are_what_the_full_check_says() {
        for u in 0x80u32..0x2000 {
            if let Some(c) = char::from_u32(u) {
                if is_plain_letter(u) {
                    let t = c.to_string();
                    assert!(is_clean_full(&t), "{u:X}");
                }
            }
        }
        for t in [
            "a\u{00D0}b",
            "x\u{0301}",
            "Quyết định\r\n",
            "a\u{00A0}b",
            "\u{FEFF}x",
        ] {
            assert_eq!(is_clean(t), is_clean_full(t), "{t:?}");
        }
    }

    #[test]
    fn the_one_pass_check_is_the_full_check() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            for t in [
                format!("{c}"),
                format!("a{c}"),
                format!("{c}\u{0301}"),
                format!("\u{0323}{c}"),
                format!("ế{c}{c}"),
            ] {
                assert_eq!(is_clean(&t), is_clean_full(&t), "{t:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_one_pass_check_agrees_on_any_text(
            t in "[a-z \\n\t\r\u{0}-\u{1F}\u{80}-\u{24F}\u{300}-\u{36F}\u{1EA0}-\u{1EF9}\u{2000}-\u{206F}\u{F73}\u{FEFF}\u{3000}]{0,40}"
        ) {
            proptest::prop_assert_eq!(is_clean(&t), is_clean_full(&t));
        }
    }

    #[test]
    fn runs_keep_marks_with_their_base() {
        let nfd: String = "Quyết định số 12".nfd().collect();
        for t in [
            "ab\u{0301}c\r\nđ\u{00D0}x".to_string(),
            format!("{nfd}\u{200B}\u{0301} ế\u{FEFF}e\u{0302}\u{0301}"),
            format!("\u{000B}a\u{000C}–“x”{nfd}"),
        ] {
            let m = normalize(&t);
            let want: String = t
                .replace("\r\n", "\n")
                .replace(['\u{000B}', '\u{000C}'], "\n")
                .replace(['\u{200B}', '\u{FEFF}'], "")
                .replace('\u{00D0}', "Đ")
                .nfc()
                .collect();
            assert_eq!(m.text, want, "{t:?}");
            assert_eq!(m.to_orig(m.text.len()), t.len());
        }
    }

    #[test]
    fn clean_text_is_identity() {
        let m = normalize("Số: 681/QĐ-UBND\n");
        assert_eq!(m.anchor_count(), 1);
    }
}
