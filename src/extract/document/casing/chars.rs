//! What the body scan asks of a character (white space, letter or digit,
//! lower or upper case, its lower case), looked up in a table filled once
//! from the standard library for the Latin and Vietnamese ranges, and asked
//! of the standard library directly for any other character (which is then
//! marked [`ODD`]). The answers are the standard library's own, only
//! cheaper to get.

use std::sync::OnceLock;

/// `char::is_whitespace`.
pub const SPACE: u8 = 1;
/// `char::is_alphanumeric`.
pub const ALNUM: u8 = 2;
/// `char::is_alphabetic`.
pub const ALPHA: u8 = 4;
/// `char::is_lowercase`.
pub const LOWER: u8 = 8;
/// `char::is_uppercase`.
pub const UPPER: u8 = 16;
/// An ASCII digit or `/` (a word holding one is a symbol).
pub const SYMBOL: u8 = 32;
/// Not an ASCII digit nor one of `I V X L` (cannot be in a list marker).
pub const NOT_MARKER: u8 = 64;
/// Not in the tables, or its lower case is not one character of the same
/// UTF-8 length: a word holding it is compared the slow way.
pub const ODD: u8 = 128;

/// The facts about one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Info {
    pub flags: u8,
    /// Its lower case when that is one character; None when it is more
    /// ("İ" lower-cases to "i̇").
    pub lower: Option<char>,
}

/// Characters below this are in the first table (ASCII, Latin-1, Latin
/// Extended-A and -B).
const LOW_END: u32 = 0x250;
/// Latin Extended Additional, where the Vietnamese letters with two marks are.
const VI: std::ops::Range<u32> = 0x1E00..0x1F00;

fn compute(c: char) -> Info {
    let mut flags = 0;
    for (yes, bit) in [
        (c.is_whitespace(), SPACE),
        (c.is_alphanumeric(), ALNUM),
        (c.is_alphabetic(), ALPHA),
        (c.is_lowercase(), LOWER),
        (c.is_uppercase(), UPPER),
        (c.is_ascii_digit() || c == '/', SYMBOL),
        (
            !(c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X' | 'L')),
            NOT_MARKER,
        ),
    ] {
        if yes {
            flags |= bit;
        }
    }
    let mut lower = c.to_lowercase();
    let one = match (lower.next(), lower.next()) {
        (Some(l), None) => Some(l),
        _ => None,
    };
    if one.is_none_or(|l| l.len_utf8() != c.len_utf8()) {
        flags |= ODD;
    }
    Info { flags, lower: one }
}

/// The filled tables.
pub struct Table {
    /// Flags alone, for the scan: of the ASCII characters, of all below
    /// [`LOW_END`] and of [`VI`].
    ascii: [u8; 128],
    low_flags: Vec<u8>,
    vi_flags: Vec<u8>,
    low: Vec<Info>,
    vi: Vec<Info>,
    /// (lower case, character) for every character of the tables not
    /// [`ODD`], sorted.
    by_lower: Vec<(char, char)>,
}

/// The tables, filled on first use.
pub fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let fill = |r: std::ops::Range<u32>| -> Vec<Info> {
            r.map(|u| {
                char::from_u32(u).map_or(
                    Info {
                        flags: 0,
                        lower: None,
                    },
                    compute,
                )
            })
            .collect()
        };
        let low = fill(0..LOW_END);
        let vi = fill(VI);
        let mut ascii = [0; 128];
        for (a, i) in ascii.iter_mut().zip(&low) {
            *a = i.flags;
        }
        let mut by_lower: Vec<(char, char)> = (0..LOW_END)
            .zip(&low)
            .chain(VI.zip(&vi))
            .filter(|(_, i)| i.flags & ODD == 0)
            .filter_map(|(u, i)| Some((i.lower?, char::from_u32(u)?)))
            .collect();
        by_lower.sort_unstable();
        Table {
            ascii,
            low_flags: low.iter().map(|i| i.flags).collect(),
            vi_flags: vi.iter().map(|i| i.flags).collect(),
            low,
            vi,
            by_lower,
        }
    })
}

/// The character at byte `i` of `bytes` (a whole `str`) and its length.
fn decode(bytes: &[u8], i: usize) -> (char, usize) {
    let b0 = bytes.get(i).copied().unwrap_or(b' ');
    let more = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3F);
    let (u, len) = if b0 < 0x80 {
        (u32::from(b0), 1)
    } else if b0 < 0xE0 {
        ((u32::from(b0 & 0x1F) << 6) | more(1), 2)
    } else if b0 < 0xF0 {
        ((u32::from(b0 & 0x0F) << 12) | (more(1) << 6) | more(2), 3)
    } else {
        (
            (u32::from(b0 & 0x07) << 18) | (more(1) << 12) | (more(2) << 6) | more(3),
            4,
        )
    };
    (char::from_u32(u).unwrap_or('\0'), len)
}

impl Table {
    /// The flags of an ASCII byte (`b` below 0x80).
    #[inline(always)]
    pub fn ascii_flags(&self, b: u8) -> u8 {
        self.ascii[usize::from(b & 0x7F)]
    }

    /// The flags of the character at byte `i` of `bytes` (a whole `str`,
    /// `i` at a character's start) and its length in bytes.
    #[inline(always)]
    pub fn flags_at(&self, bytes: &[u8], i: usize) -> (u8, usize) {
        let b0 = bytes.get(i).copied().unwrap_or(b' ');
        if b0 < 0x80 {
            return (self.ascii_flags(b0), 1);
        }
        let b1 = bytes.get(i + 1).copied().unwrap_or(0);
        if b0 < 0xE0 {
            let u = (usize::from(b0 & 0x1F) << 6) | usize::from(b1 & 0x3F);
            if let Some(&f) = self.low_flags.get(u) {
                return (f, 2);
            }
        } else if b0 == 0xE1 && (0xB8..=0xBB).contains(&b1) {
            // U+1E00 to U+1EFF
            let b2 = bytes.get(i + 2).copied().unwrap_or(0);
            let u = (usize::from(b1 & 0x03) << 6) | usize::from(b2 & 0x3F);
            if let Some(&f) = self.vi_flags.get(u) {
                return (f, 3);
            }
        }
        let (c, len) = decode(bytes, i);
        (self.info(c).flags, len)
    }

    /// The facts about `c`.
    #[inline]
    pub fn info(&self, c: char) -> Info {
        let u = c as u32;
        let hit = if u < LOW_END {
            self.low.get(u as usize)
        } else if VI.contains(&u) {
            self.vi.get((u - VI.start) as usize)
        } else {
            None
        };
        match hit {
            Some(i) => *i,
            None => {
                let mut i = compute(c);
                i.flags |= ODD;
                i
            }
        }
    }

    /// The characters of the tables, not [`ODD`], whose lower case is `c`.
    pub fn upper_forms(&self, c: char) -> impl Iterator<Item = char> + '_ {
        let from = self.by_lower.partition_point(|(l, _)| *l < c);
        self.by_lower
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(move |(l, _)| *l == c)
            .map(|(_, u)| *u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_says_what_the_standard_library_says() {
        let t = table();
        for u in (0..0x2100).chain(0x1E00..0x1F00) {
            if let Some(c) = char::from_u32(u) {
                let mut want = compute(c);
                if !(u < LOW_END || VI.contains(&u)) {
                    want.flags |= ODD;
                }
                assert_eq!(t.info(c), want, "{c:?}");
            }
        }
        for b in 0..0x80u8 {
            assert_eq!(t.ascii_flags(b), compute(char::from(b)).flags);
        }
        // the fast path of `flags_at` agrees with decoding
        for u in (0..0x2100).chain(0x1E00..0x1F00).chain([0x10FFFF, 0x1F600]) {
            if let Some(c) = char::from_u32(u) {
                let s = format!("{c}a");
                assert_eq!(
                    t.flags_at(s.as_bytes(), 0),
                    (t.info(c).flags, c.len_utf8()),
                    "{c:?}"
                );
            }
        }
        let i = t.info('İ');
        assert_eq!(i.lower, None);
        assert_eq!(t.info('Ạ').lower, Some('ạ'));
        assert_ne!(t.info('\u{a0}').flags & SPACE, 0);
        assert_ne!(t.info('\u{b}').flags & SPACE, 0);
        assert_eq!(t.info('V').flags & NOT_MARKER, 0);
        assert_ne!(t.info('/').flags & SYMBOL, 0);
        // the Kelvin sign lower-cases to "k" but is not in the tables
        assert_ne!(t.info('\u{212a}').flags & ODD, 0);
        // the reverse index agrees with the tables
        for (u, i) in (0..LOW_END).zip(&t.low).chain(VI.zip(&t.vi)) {
            let (Some(c), Some(l)) = (char::from_u32(u), i.lower) else {
                continue;
            };
            let listed = t.upper_forms(l).any(|x| x == c);
            assert_eq!(listed, i.flags & ODD == 0, "{c:?}");
        }
        let mut k: Vec<char> = t.upper_forms('k').collect();
        k.sort();
        assert_eq!(k, vec!['K', 'k']);
        let mut a: Vec<char> = t.upper_forms('ạ').collect();
        a.sort();
        assert_eq!(a, vec!['Ạ', 'ạ']);
    }
}
