//! Case-insensitive matching of short lower-case words (level words,
//! body names) at a known place in the text, as a regex `(?i:…)` reads
//! them, for the scanners that find their anchors with a byte search
//! instead of running a case-insensitive regex over the whole text.
//!
//! Exact for the letters of the built-in words (the level words and the
//! names of the people's committee of grammars/citation_words.toml: the
//! tests check every character of the Basic Multilingual Plane against
//! the regex): their case-insensitive class is the letter and its upper
//! case.

/// True when `c` is `lower` under `(?i)`: `lower` itself or a character
/// whose lower case is `lower` alone.
pub fn same_letter(c: char, lower: char) -> bool {
    if c == lower {
        return true;
    }
    if c.is_ascii() {
        return c.to_ascii_lowercase() == lower;
    }
    let mut l = c.to_lowercase();
    l.next() == Some(lower) && l.next().is_none()
}

/// Where `word` (in lower case) starts when `text[..end]` ends with it,
/// case-insensitively.
pub fn ends_with(text: &str, end: usize, word: &str) -> Option<usize> {
    let mut before = text.get(..end)?.char_indices().rev();
    let mut start = end;
    for w in word.chars().rev() {
        let (at, c) = before.next()?;
        if !same_letter(c, w) {
            return None;
        }
        start = at;
    }
    Some(start)
}

/// Where `word` (in lower case) ends when `text[at..]` starts with it,
/// case-insensitively.
pub fn starts_with(text: &str, at: usize, word: &str) -> Option<usize> {
    let mut after = text.get(at..)?.char_indices();
    let mut end = at;
    for w in word.chars() {
        let (i, c) = after.next()?;
        if !same_letter(c, w) {
            return None;
        }
        end = at + i + c.len_utf8();
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// The words the scanners match this way: the level words and the
    /// names of the people's committee of grammars/citation_words.toml.
    fn words() -> Vec<String> {
        let t = super::super::tables::words(crate::rules::Grammars::builtin());
        t.level
            .iter()
            .map(|l| l.word.clone())
            .chain(t.committee.iter().map(|c| c.name.to_lowercase()))
            .collect()
    }

    #[test]
    fn letters_match_as_the_regex_reads_them() {
        let mut letters: Vec<char> = words().iter().flat_map(|w| w.chars()).collect();
        letters.sort_unstable();
        letters.dedup();
        for l in letters {
            let re = Regex::new(&format!("^(?i:{})$", regex::escape(&l.to_string()))).unwrap();
            for c in (0..0x1_0000u32).filter_map(char::from_u32) {
                let mut b = [0u8; 4];
                assert_eq!(
                    same_letter(c, l),
                    re.is_match(c.encode_utf8(&mut b)),
                    "{c:?} / {l:?}"
                );
            }
        }
    }

    #[test]
    fn words_at_both_ends() {
        let t = "của UBND Tỉnh Nghệ An";
        assert_eq!(ends_with(t, "của UBND".len(), "ubnd"), Some("của ".len()));
        assert_eq!(ends_with(t, "của UBND".len(), "xubnd"), None);
        assert_eq!(ends_with(t, 2, "ubnd"), None);
        assert_eq!(
            starts_with(t, "của UBND ".len(), "tỉnh"),
            Some("của UBND Tỉnh".len())
        );
        assert_eq!(starts_with(t, "của UBND ".len(), "tỉnhx"), None);
        assert_eq!(starts_with(t, t.len(), ""), Some(t.len()));
        assert_eq!(ends_with(t, 1, "x"), None);
    }
}
