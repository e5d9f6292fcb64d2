//! Text with a map back to the original bytes.
//!
//! Every stage that rewrites text (decoding, normalisation) builds its output
//! through [`TextBuilder`], which records for each piece of output the range of
//! original bytes it came from. The result, [`MappedText`], answers "where in
//! the input file was byte `i` of this text?" so every span we print points
//! into the ORIGINAL file, whatever encoding or repair happened on the way.
//!
//! The map is stored as anchors: a new anchor is only written where output and
//! input stop advancing in step, so plain UTF-8 text costs one anchor.
//!
//! [`fold`] holds the case and blank folding every stage reads words in.

pub mod fold;

/// One anchor: output offset `out` corresponds to original offset `orig`;
/// until the next anchor both advance together (clamped to the next anchor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    out: usize,
    orig: usize,
}

/// Output text plus the map from its byte offsets to original byte offsets.
#[derive(Debug, Clone, Default)]
pub struct MappedText {
    pub text: String,
    anchors: Vec<Anchor>,
    /// Length of the original input in bytes.
    orig_len: usize,
}

impl MappedText {
    /// Text that is the original itself (identity map).
    pub fn identity(text: String) -> MappedText {
        let orig_len = text.len();
        MappedText {
            text,
            anchors: vec![Anchor { out: 0, orig: 0 }],
            orig_len,
        }
    }

    /// Original byte offset of output offset `pos` (0..=text.len()).
    pub fn to_orig(&self, pos: usize) -> usize {
        self.to_orig_in(pos, self.text.len())
    }

    /// [`Self::to_orig`] for a text of length `text_len` that was taken out
    /// of this map (see [`Self::take_text`]).
    pub fn to_orig_in(&self, pos: usize, text_len: usize) -> usize {
        if pos >= text_len {
            return self.orig_len;
        }
        let i = match self.anchors.binary_search_by(|a| a.out.cmp(&pos)) {
            Ok(i) => i,
            Err(0) => return 0,
            Err(i) => i - 1,
        };
        let a = self.anchors[i];
        let guess = a.orig + (pos - a.out);
        match self.anchors.get(i + 1) {
            Some(next) => guess.min(next.orig),
            None => guess.min(self.orig_len),
        }
    }

    /// Original byte range of an output range.
    pub fn span_to_orig(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.to_orig(start);
        let e = self.to_orig(end).max(s);
        (s, e)
    }

    /// Moves the text out, leaving the map (use [`Self::to_orig_in`] after).
    pub fn take_text(&mut self) -> String {
        std::mem::take(&mut self.text)
    }

    pub fn orig_len(&self) -> usize {
        self.orig_len
    }

    /// Number of anchors (for tests).
    #[cfg(test)]
    pub fn anchor_count(&self) -> usize {
        self.anchors.len()
    }
}

/// Builds a [`MappedText`] piece by piece.
#[derive(Debug, Default)]
pub struct TextBuilder {
    text: String,
    anchors: Vec<Anchor>,
    /// Where the original offset would be if output and input kept in step.
    in_step: Option<usize>,
}

impl TextBuilder {
    pub fn with_capacity(n: usize) -> TextBuilder {
        TextBuilder {
            text: String::with_capacity(n),
            anchors: Vec::new(),
            in_step: None,
        }
    }

    /// Appends `piece`, which came from original bytes `orig_start..orig_end`.
    /// When `piece` is exactly as long as the original range the two advance
    /// in step; otherwise an anchor is written at the piece and after it.
    pub fn push(&mut self, piece: &str, orig_start: usize, orig_end: usize) {
        if piece.is_empty() {
            return;
        }
        let out = self.text.len();
        if self.in_step != Some(orig_start) {
            self.anchors.push(Anchor {
                out,
                orig: orig_start,
            });
        }
        self.text.push_str(piece);
        let same_len = orig_end.saturating_sub(orig_start) == piece.len();
        if same_len {
            self.in_step = Some(orig_end);
        } else {
            self.anchors.push(Anchor {
                out: self.text.len(),
                orig: orig_end,
            });
            self.in_step = Some(orig_end);
        }
    }

    /// Appends a char that came from `orig_start..orig_end`.
    pub fn push_char(&mut self, c: char, orig_start: usize, orig_end: usize) {
        let mut buf = [0u8; 4];
        self.push(c.encode_utf8(&mut buf), orig_start, orig_end);
    }

    pub fn finish(mut self, orig_len: usize) -> MappedText {
        if self.anchors.is_empty() {
            self.anchors.push(Anchor { out: 0, orig: 0 });
        }
        // Drop anchors made redundant (same out offset: keep the last).
        let mut anchors: Vec<Anchor> = Vec::with_capacity(self.anchors.len());
        for a in self.anchors {
            if let Some(last) = anchors.last_mut() {
                if last.out == a.out {
                    *last = a;
                    continue;
                }
            }
            anchors.push(a);
        }
        MappedText {
            text: self.text,
            anchors,
            orig_len,
        }
    }
}

/// 1-based line numbers for byte offsets of a text, by binary search over
/// the line starts.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()));
        LineIndex { starts }
    }

    /// 1-based line of byte offset `pos`.
    pub fn line(&self, pos: usize) -> usize {
        match self.starts.binary_search(&pos) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

fn memchr_newlines(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', b).map(|i| i + 1)
}

/// The code point of the char whose lead byte is `b[i]` in valid UTF-8,
/// and its length in bytes (a cheap `s[i..].chars().next()` for byte
/// loops; an ASCII byte is itself).
pub fn char_at(b: &[u8], i: usize) -> (u32, usize) {
    let lead = u32::from(b.get(i).copied().unwrap_or(0));
    let at = |k: usize| u32::from(b.get(i + k).copied().unwrap_or(0) & 0x3F);
    if lead < 0x80 {
        (lead, 1)
    } else if lead < 0xE0 {
        ((lead & 0x1F) << 6 | at(1), 2)
    } else if lead < 0xF0 {
        ((lead & 0x0F) << 12 | at(1) << 6 | at(2), 3)
    } else {
        ((lead & 0x07) << 18 | at(1) << 12 | at(2) << 6 | at(3), 4)
    }
}

/// The number of letters of `s` when none of them is lower case (a line in
/// capitals, or one with no letters: 0); None at the first small letter.
pub fn capitals(s: &str) -> Option<usize> {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return None;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    Some(letters)
}

/// Largest char boundary of `s` that is `<= i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Smallest char boundary of `s` that is `>= i`.
pub fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `n` in upper-case Roman numerals ("XIV"); "" for 0.
pub fn roman(mut n: u32) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

impl MappedText {
    /// Smallest output offset whose original offset is `>= orig` (the
    /// inverse of [`MappedText::to_orig`] on anchor boundaries).
    pub fn from_orig(&self, orig: usize) -> usize {
        if orig >= self.orig_len {
            return self.text.len();
        }
        let i = match self.anchors.binary_search_by(|a| a.orig.cmp(&orig)) {
            Ok(mut i) => {
                // several anchors may share an orig offset: take the first
                while i > 0 && self.anchors[i - 1].orig == orig {
                    i -= 1;
                }
                return self.anchors[i].out;
            }
            Err(0) => return 0,
            Err(i) => i - 1,
        };
        let a = self.anchors[i];
        let guess = a.out + (orig - a.orig);
        let limit = self.anchors.get(i + 1).map_or(self.text.len(), |n| n.out);
        ceil_char_boundary(&self.text, guess.min(limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        for (n, r) in [(0, ""), (4, "IV"), (9, "IX"), (14, "XIV"), (49, "XLIX")] {
            assert_eq!(roman(n), r);
        }
        assert_eq!(roman(90), "XC");
        assert_eq!(roman(1994), "MCMXCIV");
        assert_eq!(roman(3999), "MMMCMXCIX");
    }

    #[test]
    fn identity_maps_each_offset_to_itself() {
        let m = MappedText::identity("abc".to_string());
        assert_eq!(m.to_orig(0), 0);
        assert_eq!(m.to_orig(2), 2);
        assert_eq!(m.to_orig(3), 3);
    }

    #[test]
    fn shorter_output_is_anchored() {
        // "a\r\nb" -> "a\nb"
        let mut b = TextBuilder::default();
        b.push("a", 0, 1);
        b.push("\n", 1, 3);
        b.push("b", 3, 4);
        let m = b.finish(4);
        assert_eq!(m.text, "a\nb");
        assert_eq!(m.to_orig(0), 0);
        assert_eq!(m.to_orig(1), 1);
        assert_eq!(m.to_orig(2), 3);
        assert_eq!(m.to_orig(3), 4);
    }

    #[test]
    fn longer_output_is_clamped_inside_a_piece() {
        // one original byte 0xC0 decoded to "À" (2 bytes)
        let mut b = TextBuilder::default();
        b.push("À", 0, 1);
        b.push("x", 1, 2);
        let m = b.finish(2);
        assert_eq!(m.to_orig(0), 0);
        assert_eq!(m.to_orig(1), 1);
        assert_eq!(m.to_orig(2), 1);
        assert_eq!(m.to_orig(3), 2);
    }

    #[test]
    fn char_at_decodes_every_char() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("a{c}b");
            assert_eq!(char_at(s.as_bytes(), 1), (u, c.len_utf8()), "U+{u:04X}");
        }
    }

    #[test]
    fn lines_are_one_based() {
        let li = LineIndex::new("ab\ncd\n\nx");
        assert_eq!(li.line(0), 1);
        assert_eq!(li.line(2), 1);
        assert_eq!(li.line(3), 2);
        assert_eq!(li.line(6), 3);
        assert_eq!(li.line(7), 4);
    }
}
