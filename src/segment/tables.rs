//! Tables: one model (rows × cells, with spans) for every layout.
//!
//! Front ends that see real tables (HTML, DOCX, PDF) hand them over as raw
//! cells; plain text is searched here for the layouts exports produce: cells
//! on their own lines between `|` lines, markdown rows, tab-separated rows.
//! Cells carry normalised offsets; their text has line breaks folded.

use crate::doc::Doc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Cell text with line breaks and runs of spaces folded to one space.
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub row_span: u32,
    pub col_span: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// "pipe_lines", "markdown", "tabs", "html", "docx", "pdf".
    pub layout: String,
    pub rows: Vec<Row>,
    pub start: usize,
    pub end: usize,
}

/// A front end's table: layout and rows of (start, end, row_span, col_span).
pub type RawTableRef = (String, Vec<Vec<(usize, usize, u32, u32)>>);

/// Builds the tables of a document: those the front end gave, plus those
/// found in plain text.
pub fn segment(doc: &Doc, raw: &[RawTableRef]) -> Vec<Table> {
    let mut out = Vec::new();
    for (layout, rows) in raw {
        let rows: Vec<Row> = rows
            .iter()
            .filter(|r| !r.is_empty())
            .map(|r| {
                let cells: Vec<Cell> = r
                    .iter()
                    .map(|&(s, e, rs, cs)| Cell {
                        text: fold(&doc.text[s..e]),
                        start: s,
                        end: e,
                        row_span: rs,
                        col_span: cs,
                    })
                    .collect();
                let start = cells.iter().map(|c| c.start).min().unwrap_or(0);
                let end = cells.iter().map(|c| c.end).max().unwrap_or(start);
                Row { cells, start, end }
            })
            .collect();
        if let (Some(f), Some(l)) = (rows.first(), rows.last()) {
            let (start, end) = (f.start, l.end);
            out.push(Table {
                layout: layout.clone(),
                rows,
                start,
                end,
            });
        }
    }
    out
}

/// Folds line breaks and runs of white space to one space, trimmed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}
