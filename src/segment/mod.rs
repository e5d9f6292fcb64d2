//! Segmentation: the normalised text cut into lines, tables and an outline.
//!
//! Owns where things are, not what they mean: extractors ask this stage for
//! the line around an offset, the table a row belongs to, or the headings
//! above a position, and never find headings or tables their own way.

pub mod outline;
pub mod row_fit;
pub mod tables;

/// One line of the normalised text (without its line break).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
}

impl Line {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Cuts text into lines at `\n`.
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push(Line { start, end: i });
        start = i + 1;
    }
    out.push(Line {
        start,
        end: text.len(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_cover_the_text() {
        let t = "a\nbc\n\nd";
        let l = lines(t);
        assert_eq!(l.len(), 4);
        assert_eq!(l[1].text(t), "bc");
        assert_eq!(l[2].text(t), "");
        assert_eq!(l[3].text(t), "d");
    }
}
