//! The document as every extractor sees it: normalised text, its lines,
//! tables and outline, and the way back from any offset to the original file.
//!
//! Built once per input by [`Doc::build`]; extractors only read it.

use crate::decode::{Decoded, RawCell, RawTable};
use crate::model::{Source, Span};
use crate::normalize::normalize;
use crate::rules::Grammars;
use crate::segment::{self, Line, outline::Heading, tables::Table};
use crate::text::{LineIndex, MappedText};

#[derive(Debug)]
pub struct Doc {
    /// The rule tables every stage reads.
    pub grammars: Grammars,
    /// Normalised text: what extractors search.
    pub text: String,
    pub source: Source,
    pub lines: Vec<Line>,
    pub tables: Vec<Table>,
    pub outline: Vec<Heading>,
    pub warnings: Vec<String>,
    /// normalised offsets → decoded offsets
    norm: MappedText,
    /// decoded offsets → original bytes (or extracted text for paged formats)
    decoded: MappedText,
    line_index: LineIndex,
    /// normalised offsets where pages 2, 3, … start
    page_starts: Vec<usize>,
}

impl Doc {
    /// Normalises decoded input and segments it.
    pub fn build(grammars: Grammars, decoded: Decoded, mut source: Source) -> Doc {
        let mut norm = normalize(&decoded.text.text);
        let page_starts: Vec<usize> = decoded
            .page_starts
            .iter()
            .map(|&p| norm.from_orig(p))
            .collect();
        source.format = decoded.format.name().to_string();
        source.encoding = decoded.encoding.clone();
        source.repaired = decoded.repaired.clone();
        source.pages = decoded.pages;
        source.warnings = decoded.source_warnings.clone();
        // the front ends' tables, their cells moved to normalised offsets
        let raw_tables: Vec<RawTable> = decoded
            .tables
            .iter()
            .map(|t| RawTable {
                layout: t.layout.clone(),
                rows: t
                    .rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|c| RawCell {
                                start: norm.from_orig(c.start),
                                end: norm.from_orig(c.end),
                                ..*c
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect();
        // the map keeps only its anchors; `norm_to_decoded` passes the length
        let text = norm.take_text();
        let line_index = LineIndex::new(&text);
        let lines = segment::lines(&text);
        let tables = segment::tables::segment(grammars, &text, &lines, &raw_tables);
        let outline = segment::outline::segment(grammars, &text, &lines);
        Doc {
            grammars,
            text,
            source,
            lines,
            tables,
            outline,
            warnings: decoded.warnings.clone(),
            norm,
            decoded: decoded.text,
            line_index,
            page_starts,
        }
    }

    /// Original span of a range of the normalised text.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let (ds, de) = self.norm_span_to_decoded(start, end);
        let (s, e) = self.decoded.span_to_orig(ds, de);
        let page = if self.source.pages.is_some() {
            Some(self.page_of(start))
        } else {
            None
        };
        Span {
            start: s,
            end: e,
            page,
        }
    }

    /// The first normalised offset (a char boundary) whose original offset
    /// is `orig` or later: the way back from a span of the output to the
    /// text `vanban text` prints (the report highlights spans with it).
    pub fn norm_offset(&self, orig: usize) -> usize {
        let orig_of = |pos: usize| {
            self.decoded
                .to_orig(self.norm_to_decoded(pos).min(self.decoded.text.len()))
        };
        // the map only grows: a binary search over the normalised text
        let (mut lo, mut hi) = (0, self.text.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if orig_of(mid) < orig {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let mut pos = lo.min(self.text.len());
        while !self.text.is_char_boundary(pos) {
            pos += 1;
        }
        pos
    }

    fn norm_span_to_decoded(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.norm_to_decoded(start);
        let e = self.norm_to_decoded(end).max(s);
        (s, e)
    }

    fn norm_to_decoded(&self, pos: usize) -> usize {
        if pos >= self.text.len() {
            return self.norm.orig_len();
        }
        self.norm.to_orig_in(pos, self.text.len())
    }

    /// 1-based page of a normalised offset.
    pub fn page_of(&self, pos: usize) -> u32 {
        (self.page_starts.partition_point(|&p| p <= pos) + 1) as u32
    }

    /// 1-based line of a normalised offset.
    pub fn line_of(&self, pos: usize) -> usize {
        self.line_index.line(pos)
    }

    /// Index into `lines` of the line holding a normalised offset.
    pub fn line_index_of(&self, pos: usize) -> usize {
        segment::line_at(&self.lines, pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(bytes: &[u8]) -> Doc {
        let decoded = crate::decode::decode(bytes, &Default::default()).expect("decodes");
        Doc::build(
            crate::rules::Grammars::builtin(),
            decoded,
            Default::default(),
        )
    }

    #[test]
    fn norm_offset_undoes_span() {
        // CRLF line breaks and a decomposed "ệ": the normalised text is
        // shorter than the file, so the map is not the identity
        let text = "Kế hoạch\r\nTỷ le\u{0323}\u{0302} hồ sơ\r\nđạt 90% và 80%.\r\n";
        let d = doc(text.as_bytes());
        for needle in ["90%", "80%", "hồ sơ"] {
            let at = d.text.find(needle).expect("in the text");
            let span = d.span(at, at + needle.len());
            assert_eq!(d.norm_offset(span.start), at, "{needle}");
            assert_eq!(d.norm_offset(span.end), at + needle.len(), "{needle}");
            assert_eq!(&text[span.start..span.end], needle);
        }
        assert_eq!(d.norm_offset(0), 0);
        assert_eq!(d.norm_offset(text.len() + 5), d.text.len());
    }
}
