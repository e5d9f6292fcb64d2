//! Segmentation: the normalised text cut into lines, tables and an outline.
//!
//! Owns where things are, not what they mean: extractors ask this stage for
//! the line around an offset, the table a row belongs to, or the headings
//! above a position, and never find headings or tables their own way.

pub mod columns;
pub mod markup;
pub mod outline;
pub mod tables;

/// Builds the tables of this stage and reads their examples (see
/// [`crate::rules::Grammars::load`]).
pub fn check(g: crate::rules::Grammars) -> crate::error::Result<()> {
    columns::check(g)?;
    tables::check(g)?;
    outline::check(g)
}

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

/// Index into `lines` (as [`lines`] cuts them) of the line holding the
/// offset `pos`; past the end, the last line.
pub fn line_at(lines: &[Line], pos: usize) -> usize {
    lines
        .partition_point(|l| l.start <= pos)
        .saturating_sub(1)
        .min(lines.len().saturating_sub(1))
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

    #[test]
    fn line_at_finds_the_line_of_an_offset() {
        let t = "a\nbc\n\nd";
        let l = lines(t);
        let li = crate::text::LineIndex::new(t);
        for pos in 0..t.len() + 3 {
            let want = li.line(pos).saturating_sub(1).min(l.len() - 1);
            assert_eq!(line_at(&l, pos), want, "{pos}");
        }
        assert_eq!(line_at(&[], 3), 0);
    }
}
