//! The words [`super::legacy::score`] judges, found in one pass over the
//! bytes of a text, and a cache of what each short word was judged to be.
//!
//! A word is a run of chars between separators: ASCII white space (and VT),
//! ASCII punctuation, ASCII digits, Unicode white space and the punctuation
//! of [`is_punct`]. UTF-8 lets most bytes be classed alone (a continuation
//! byte is never a separator's first byte, and Vietnamese letters live where
//! no separator does), so only a few lead bytes need their char decoded.

/// Non-ASCII punctuation that is ordinary in Vietnamese text.
pub fn is_punct(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '–' | '—' | '…' | '•' | '«' | '»' | '\u{00A0}' | '\u{FEFF}'
    )
}

/// True when a non-ASCII char separates words.
fn is_sep(c: char) -> bool {
    c.is_whitespace() || is_punct(c)
}

/// An ASCII char inside a word.
const LETTER: u8 = 0;
/// A byte of a non-ASCII char that is never a separator: continuation
/// bytes, and lead bytes 0xC3..=0xDF (U+00C0..U+07FF hold no white space
/// and none of [`is_punct`]).
const WIDE: u8 = 1;
/// An ASCII separator: white space (and VT), punctuation, a digit.
const SEP: u8 = 2;
/// Lead byte 0xE1 (U+1000..U+1FFF: Vietnamese toned letters): only U+1680,
/// second byte 0x9A, is a separator there.
const E1: u8 = 3;
/// A lead byte whose char must be decoded to tell (U+0080..U+00BF,
/// U+0800..U+0FFF, U+2000 and up).
const DECODE: u8 = 4;

static KINDS: [u8; 256] = kinds();

const fn kinds() -> [u8; 256] {
    let mut k = [LETTER; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        k[i] = if b < 0x80 {
            if b.is_ascii_whitespace()
                || b.is_ascii_punctuation()
                || b.is_ascii_digit()
                || b == 0x0B
            {
                SEP
            } else {
                LETTER
            }
        } else if b < 0xC0 || (b >= 0xC3 && b <= 0xDF) {
            WIDE
        } else if b == 0xE1 {
            E1
        } else {
            DECODE
        };
        i += 1;
    }
    k
}

/// Whether the char starting at byte `i` (a lead byte) separates words,
/// and its length.
fn decode_sep(text: &str, i: usize) -> (bool, usize) {
    match text.get(i..).and_then(|t| t.chars().next()) {
        Some(c) => (is_sep(c), c.len_utf8()),
        None => (false, 1),
    }
}

/// Calls `f(start, end, wide)` for each word of `text`, in order, with
/// `wide` true when the word has a non-ASCII char.
pub fn each_word(text: &str, mut f: impl FnMut(usize, usize, bool)) {
    let b = text.as_bytes();
    let mut i = 0;
    loop {
        // separators before the word
        let start = loop {
            let Some(&c) = b.get(i) else { return };
            match KINDS[usize::from(c)] {
                SEP => i += 1,
                LETTER | WIDE => break i,
                E1 if b.get(i + 1) != Some(&0x9A) => break i,
                _ => match decode_sep(text, i) {
                    (true, len) => i += len,
                    (false, _) => break i,
                },
            }
        };
        let mut wide = LETTER;
        loop {
            // the bytes that are word bytes by themselves
            let rest = b.get(i..).unwrap_or(&[]);
            let mut n = 0;
            for &c in rest {
                let k = KINDS[usize::from(c)];
                if k > WIDE {
                    break;
                }
                wide |= k;
                n += 1;
            }
            i += n;
            let Some(&c) = b.get(i) else { break };
            match KINDS[usize::from(c)] {
                SEP => break,
                E1 if b.get(i + 1) != Some(&0x9A) => {
                    wide = WIDE;
                    i += 1;
                }
                _ => match decode_sep(text, i) {
                    (true, _) => break,
                    (false, len) => {
                        wide = WIDE;
                        i += len;
                    }
                },
            }
        }
        f(start, i, wide == WIDE);
    }
}

/// A word of at most 16 bytes, as a cache key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    lo: u64,
    hi: u64,
    len: u8,
}

impl Key {
    /// The key of `bytes[start..end]`, when that is 1 to 16 bytes.
    #[inline]
    pub fn of(bytes: &[u8], start: usize, end: usize) -> Option<Key> {
        let len = end.checked_sub(start)?;
        if !(1..=16).contains(&len) {
            return None;
        }
        let v = match bytes.get(start..).and_then(|s| s.first_chunk::<16>()) {
            Some(c) => u128::from_le_bytes(*c),
            None => {
                // near the end of the text
                let mut a = [0u8; 16];
                a.get_mut(..len)?.copy_from_slice(bytes.get(start..end)?);
                u128::from_le_bytes(a)
            }
        };
        let (mut lo, mut hi) = (v as u64, (v >> 64) as u64);
        // keep the bytes of the word only
        if len < 8 {
            lo &= (1u64 << (8 * len)) - 1;
            hi = 0;
        } else if len < 16 {
            hi &= (1u64 << (8 * (len - 8))) - 1;
        }
        Some(Key {
            lo,
            hi,
            len: len as u8,
        })
    }

    fn hash(&self) -> u64 {
        (self.lo ^ self.hi.rotate_left(29) ^ u64::from(self.len))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

/// Largest cache: 2^16 slots, half of them used (random bytes would
/// otherwise fill memory with words never seen again).
const MAX_BITS: u32 = 16;

/// Keys and their values, open addressing (a document has a few thousand
/// distinct words at most).
#[derive(Debug)]
pub struct Cache {
    /// A slot is empty while its key's `len` is 0.
    slots: Vec<(Key, u8)>,
    used: usize,
    /// log2 of the number of slots
    bits: u32,
}

impl Default for Cache {
    fn default() -> Cache {
        Cache::with_bits(11)
    }
}

const EMPTY: (Key, u8) = (
    Key {
        lo: 0,
        hi: 0,
        len: 0,
    },
    0,
);

impl Cache {
    fn with_bits(bits: u32) -> Cache {
        Cache {
            slots: vec![EMPTY; 1 << bits],
            used: 0,
            bits,
        }
    }

    /// The value of `key`, computed by `f` the first time.
    #[inline]
    pub fn get_or_insert_with(&mut self, key: Key, f: impl FnOnce() -> u8) -> u8 {
        let mask = self.slots.len() - 1;
        let mut i = (key.hash() >> (64 - self.bits)) as usize & mask;
        while let Some((k, v)) = self.slots.get(i) {
            if k.len == 0 {
                break;
            }
            if *k == key {
                return *v;
            }
            i = (i + 1) & mask;
        }
        let v = f();
        if self.used * 2 >= self.slots.len() {
            // full at the largest size: judged again next time
            return v;
        }
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = (key, v);
        }
        self.used += 1;
        if self.used * 2 >= self.slots.len() && self.bits < MAX_BITS {
            self.grow();
        }
        v
    }

    fn grow(&mut self) {
        let mut bigger = Cache::with_bits(self.bits + 1);
        for (k, v) in self.slots.iter().filter(|(k, _)| k.len > 0) {
            bigger.get_or_insert_with(*k, || *v);
        }
        *self = bigger;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words as the plain char-by-char reading finds them.
    fn slow_words(text: &str) -> Vec<(usize, usize, bool)> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut push = |st: usize, end: usize| {
            let w = &text[st..end];
            out.push((st, end, !w.is_ascii()));
        };
        for (i, c) in text.char_indices() {
            let sep = if c.is_ascii() {
                c.is_ascii_whitespace()
                    || c.is_ascii_punctuation()
                    || c.is_ascii_digit()
                    || c == '\u{0B}'
            } else {
                is_sep(c)
            };
            if sep {
                if let Some(st) = start.take() {
                    push(st, i);
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(st) = start {
            push(st, text.len());
        }
        out
    }

    fn words(text: &str) -> Vec<(usize, usize, bool)> {
        let mut out = Vec::new();
        each_word(text, |s, e, w| out.push((s, e, w)));
        out
    }

    #[test]
    fn every_char_is_classed_as_the_slow_reading_does() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            for t in [format!("a{c}b"), format!("{c}"), format!("{c}{c}x{c}")] {
                assert_eq!(words(&t), slow_words(&t), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn words_of_sentences() {
        for t in [
            "",
            "Quyết định số 12/QĐ-UBND ngày 3 tháng 5 năm 2024",
            "  “Ủy ban” – nhân\u{00A0}dân\u{1680}tỉnh…\u{FEFF}x\u{0B}y",
            "ế",
            "a\u{1680}",
            "\u{1E9A}\u{1680}\u{16A0}",
        ] {
            assert_eq!(words(t), slow_words(t), "{t:?}");
        }
    }

    #[test]
    fn keys_tell_words_apart() {
        let t = "ab ab\0 abc định định x0123456789abcdefg";
        let b = t.as_bytes();
        let k = |s: &str| {
            let at = t.find(s).unwrap_or(0);
            Key::of(b, at, at + s.len())
        };
        assert_eq!(k("ab"), Key::of(b, 3, 5));
        assert_ne!(k("ab"), k("ab\0"));
        assert_ne!(k("ab"), k("abc"));
        let second = t.rfind("định").unwrap_or(0);
        assert_ne!(second, t.find("định").unwrap_or(0));
        assert_eq!(k("định"), Key::of(b, second, second + "định".len()));
        assert!(k("x0123456789abcdefg").is_none());
        // a word at the very end of the text
        assert_eq!(Key::of(b"xyz", 1, 3), Key::of(b"yz", 0, 2));
    }

    #[test]
    fn cache_keeps_values_as_it_grows() {
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        let mut c = Cache::default();
        for (i, w) in words.iter().enumerate() {
            let k = Key::of(w.as_bytes(), 0, w.len()).unwrap_or_else(|| panic!("{w}"));
            assert_eq!(c.get_or_insert_with(k, || (i % 3) as u8), (i % 3) as u8);
        }
        for (i, w) in words.iter().enumerate() {
            let k = Key::of(w.as_bytes(), 0, w.len()).unwrap_or_else(|| panic!("{w}"));
            assert_eq!(c.get_or_insert_with(k, || 9), (i % 3) as u8, "{w}");
        }
    }
}
