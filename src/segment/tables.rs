//! Tables: one model (rows × cells, with spans) for every layout.
//!
//! Front ends that see real tables (HTML, DOCX, PDF) hand them over as raw
//! cells; plain text is searched here for the layouts exports produce:
//!
//! - `pipe_lines`: every cell on its own line(s), each cell closed by a line
//!   holding only `|`. Rows are not marked, so they are cut at the row
//!   numbers (1, 2, a), I, II …) that continue the numbering; what comes
//!   before the first number is the header. Some exports also open every
//!   row with a `|`, so a row boundary shows as an empty cell, and drop
//!   row-spanned cells: there the cells between two numbers are fitted to
//!   the header's width, short rows lying under the last full one (whose
//!   first cells then span them). A block of `|` lines may hold a signature
//!   block and several tables: it is cut where a header row starts, and a
//!   header repeated after a page break is dropped.
//! - `markdown`: `| a | b |` rows, separator rows dropped, a row whose last
//!   cell wraps over several lines read as one row; grid tables (`+---+`
//!   borders) with each row's lines joined cell by cell.
//! - `inline`: "a | b | c" rows without outer pipes (what `vanban text`
//!   prints for HTML and DOCX tables); group lines kept as in `tabs`.
//! - `tabs`: tab-separated rows; lines without tabs inside the table that
//!   are group headings ("II. Cải cách thể chế") are kept as one-cell rows.
//!
//! Cells carry normalised offsets; their text has line breaks folded. The
//! finder makes one pass over the lines, so it is linear in the text.

mod row_fit;

use super::markup::strip_markup;
use crate::decode::RawTable;
use crate::error::Result;
use crate::rules::{Grammars, Slot};
use crate::segment::Line;
use crate::text::fold::squeeze;
use serde::Deserialize;

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
    /// "pipe_lines", "markdown", "inline", "tabs", "html", "docx", "pdf".
    pub layout: String,
    pub rows: Vec<Row>,
    /// How many of the first rows the layout marks as header (rows before
    /// the first numbered row, or above a markdown separator); 0 when the
    /// layout does not say.
    pub head: usize,
    pub start: usize,
    pub end: usize,
}

/// Lines between two `|` lines beyond which a pipe table is taken to end.
const MAX_CELL_LINES: usize = 20;

/// Builds the tables of a document: those the front end gave, plus those
/// found in plain text outside them, in document order.
pub fn segment(g: Grammars, text: &str, lines: &[Line], raw: &[RawTable]) -> Vec<Table> {
    let mut out = from_raw(text, raw);
    let taken: Vec<(usize, usize)> = out.iter().map(|t| (t.start, t.end)).collect();
    let found = find_in_text(g, text, lines);
    out.extend(
        found
            .into_iter()
            .filter(|t| !taken.iter().any(|&(s, e)| t.start < e && s < t.end)),
    );
    out.sort_by_key(|t| t.start);
    out
}

/// Tables a front end gave, their cells' offsets moved into `text`.
pub fn from_raw(text: &str, raw: &[RawTable]) -> Vec<Table> {
    let mut out = Vec::new();
    for raw in raw {
        let rows: Vec<Row> = raw
            .rows
            .iter()
            .filter(|r| !r.is_empty())
            .map(|r| {
                let cells: Vec<Cell> = r
                    .iter()
                    .map(|c| Cell {
                        text: squeeze(text.get(c.start..c.end).unwrap_or("")),
                        start: c.start,
                        end: c.end.max(c.start),
                        row_span: c.row_span.max(1),
                        col_span: c.col_span.max(1),
                    })
                    .collect();
                row_of(cells)
            })
            .collect();
        if let Some(t) = table_of(&raw.layout, rows) {
            out.push(t);
        }
    }
    out
}

/// Tables in plain text, in every text layout.
pub fn find_in_text(g: Grammars, text: &str, lines: &[Line]) -> Vec<Table> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = line_text(text, lines, i);
        let t = l.trim();
        let next = if t == "|" {
            pipe_table(g, text, lines, i, &mut out)
        } else if is_markdown_row_start(t) || is_grid_border(t) {
            markdown_table(text, lines, i, &mut out)
        } else if l.contains('\t') && filled_tab_cells(l) >= 2 {
            tab_table(text, lines, i, &mut out)
        } else if is_inline_row(t)
            && (i + 1..=i + 2).any(|k| is_inline_row(line_text(text, lines, k).trim()))
        {
            inline_table(text, lines, i, &mut out)
        } else {
            i + 1
        };
        i = next.max(i + 1);
    }
    join_broken(text, out)
}

/// A table cut in two by a page break (blank lines, a page number) goes on
/// without a header: a table of the same layout right after another, with
/// no header and a numbered first row, is joined to it.
fn join_broken(text: &str, tables: Vec<Table>) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::with_capacity(tables.len());
    for t in tables {
        if let Some(prev) = out.last_mut() {
            let gap = text.get(prev.end..t.start).unwrap_or("x");
            let only_breaks = gap
                .lines()
                .all(|l| l.trim().is_empty() || l.trim() == "|" || is_page_number(l));
            let numbered = t
                .rows
                .first()
                .and_then(|r| r.cells.iter().find(|c| !c.text.is_empty()))
                .is_some_and(|c| RowMarker::read(&c.text).is_some());
            if prev.layout == t.layout && t.head == 0 && prev.head > 0 && only_breaks && numbered {
                prev.end = t.end;
                prev.rows.extend(t.rows);
                continue;
            }
        }
        out.push(t);
    }
    out
}

fn line_text<'a>(text: &'a str, lines: &[Line], i: usize) -> &'a str {
    lines
        .get(i)
        .and_then(|l| text.get(l.start..l.end))
        .unwrap_or("")
}

fn is_blank(text: &str, lines: &[Line], i: usize) -> bool {
    line_text(text, lines, i).trim().is_empty()
}

fn is_pipe_line(text: &str, lines: &[Line], i: usize) -> bool {
    line_text(text, lines, i).trim() == "|"
}

fn row_of(cells: Vec<Cell>) -> Row {
    let start = cells.iter().map(|c| c.start).min().unwrap_or(0);
    let end = cells.iter().map(|c| c.end).max().unwrap_or(start);
    Row { cells, start, end }
}

fn table_of(layout: &str, rows: Vec<Row>) -> Option<Table> {
    let start = rows.iter().map(|r| r.start).min()?;
    let end = rows.iter().map(|r| r.end).max()?;
    Some(Table {
        layout: layout.to_string(),
        rows,
        head: 0,
        start,
        end,
    })
}

/// A cell over `start..end` of the text, trimmed of white space.
fn cell(text: &str, start: usize, end: usize) -> Cell {
    let raw = text.get(start..end).unwrap_or("");
    let lead = raw.len() - raw.trim_start().len();
    let trail = raw.len() - raw.trim_end().len();
    let (s, e) = if lead + trail >= raw.len() {
        (start, start)
    } else {
        (start + lead, end - trail)
    };
    Cell {
        text: squeeze(raw),
        start: s,
        end: e,
        row_span: 1,
        col_span: 1,
    }
}

// ---------------------------------------------------------------- pipe lines

/// Reads the pipe table whose first `|` line is `first`; returns the line
/// after it.
fn pipe_table(
    g: Grammars,
    text: &str,
    lines: &[Line],
    first: usize,
    out: &mut Vec<Table>,
) -> usize {
    // The pipe lines of this table: the next one must come within
    // MAX_CELL_LINES lines with no blank line in between.
    let mut pipes = vec![first];
    let mut i = first + 1;
    let mut last = first;
    while i < lines.len() && i - last <= MAX_CELL_LINES + 1 {
        if is_pipe_line(text, lines, i) {
            pipes.push(i);
            last = i;
        } else if is_blank(text, lines, i) {
            break;
        }
        i += 1;
    }
    // The first cell: when a row-opening `|` starts the table it is empty;
    // otherwise it is the line just above the first `|`, with the lines
    // above it that clearly belong to it (see `first_cell_top`).
    let mut cells: Vec<Cell> = Vec::new();
    let opens_rows = first == 0 || is_blank(text, lines, first - 1);
    if !opens_rows {
        let top = first_cell_top(g, text, lines, first);
        if let (Some(a), Some(b)) = (lines.get(top), lines.get(first - 1)) {
            cells.push(cell(text, a.start, b.end));
        }
    }
    for w in pipes.windows(2) {
        if let (Some(a), Some(b)) = (lines.get(w[0]), lines.get(w[1])) {
            // content between the end of one `|` line and the start of the next
            cells.push(cell(text, a.end, b.start));
        }
    }
    // A lone `|` in running text is not a table.
    if pipes.len() < 2 && cells.iter().filter(|c| !c.text.is_empty()).count() < 2 {
        return last + 1;
    }
    // A header (cells naming columns) that starts inside the block: what
    // comes before it (a signature block) is a table of its own, without
    // the caption of the table that follows.
    let named: Vec<bool> = cells.iter().map(|x| is_named(g, x)).collect();
    let mut opens = opens_rows;
    let mut from = 0;
    let main = match header_start(&cells, &named) {
        Some(h) if h > 0 => {
            from = h;
            let main = cells.split_off(h);
            while cells.last().is_some_and(|c| is_caption(g, &c.text)) {
                cells.pop();
            }
            if cells.iter().any(|c| !c.text.is_empty()) {
                if let Some(t) = pipe_table_of(pipe_rows(g, cells, opens_rows)) {
                    out.push(t);
                }
            }
            opens = true;
            main
        }
        _ => cells,
    };
    // Further headers inside it start further tables (an appendix right
    // after another); a header repeated as it was is dropped.
    let named_main = named.get(from..).unwrap_or(&[]);
    for (k, part) in split_at_headers(g, main, named_main)
        .into_iter()
        .enumerate()
    {
        let o = if k == 0 { opens } else { true };
        if let Some(t) = pipe_table_of(pipe_rows(g, part, o)) {
            out.push(t);
        }
    }
    last + 1
}

fn pipe_table_of((rows, head): (Vec<Row>, usize)) -> Option<Table> {
    let mut t = table_of("pipe_lines", rows)?;
    t.head = head;
    Some(t)
}

/// A cell that reads as a column name: short, not a sentence, not a
/// caption, and naming a role of grammars/columns.toml.
fn is_named(g: Grammars, c: &Cell) -> bool {
    if c.text.len() > 300 {
        return false;
    }
    let t = c.text.trim_end_matches(['*', ' ']);
    t.chars().count() <= 60
        && !t.ends_with(['.', ';', ':', ','])
        && !is_caption(g, t)
        && super::columns::role_of(g, t).is_some()
}

/// A header row starts at `i`: a cell naming a column and `more` others
/// among the `more + 1` cells right after it.
/// `named[k]` says whether cell `k` names a column (see [`is_named`]).
fn is_header_at(cells: &[Cell], named: &[bool], i: usize, more: usize) -> bool {
    named.get(i).copied().unwrap_or(false)
        && cells
            .iter()
            .zip(named)
            .skip(i + 1)
            .take(more + 1)
            .take_while(|(c, _)| !c.text.is_empty())
            .filter(|(_, n)| **n)
            .count()
            >= more
}

/// Header texts from `i` to the next empty cell or row number.
fn header_texts(cells: &[Cell], i: usize) -> Vec<&str> {
    cells
        .iter()
        .skip(i)
        .take(16)
        .take_while(|c| !c.text.is_empty() && RowMarker::read(&c.text).is_none())
        .map(|c| c.text.as_str())
        .collect()
}

/// Text that titles a table ("PHỤ LỤC II …", "Biểu số 01", "(Kèm theo
/// …)": grammars/table_kinds.toml `[[caption]]`).
fn is_caption(g: Grammars, s: &str) -> bool {
    let c = captions(g);
    // each word has one of these letters, and only they lower-case to
    // one: text without them is no caption, and is not lower-cased
    if c.letters
        .as_ref()
        .is_some_and(|l| !s.contains(l.as_slice()))
    {
        return false;
    }
    let l = s.to_lowercase();
    c.words.iter().any(|w| l.contains(w.as_str()))
}

/// grammars/table_kinds.toml `[[caption]]` (the rest of the table is read
/// by [`crate::extract::tasks`]).
#[derive(Debug, Deserialize)]
struct CaptionTable {
    #[serde(default)]
    caption: Vec<CaptionEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaptionEntry {
    words: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not_examples: Vec<String>,
}

/// The caption words, lower case, and letters of which each has one.
struct Captions {
    words: Vec<String>,
    /// Chars that are, or lower-case to, a letter of each word: a text
    /// without any is no caption. `None` when some word has no letter
    /// outside ASCII to tell it by.
    letters: Option<Vec<char>>,
    table: CaptionTable,
}

fn captions(g: Grammars) -> &'static Captions {
    g.cached::<Captions>(Slot::TableCaptions, build_captions)
}

fn build_captions(g: Grammars) -> Result<Captions> {
    let table: CaptionTable = g.table("table_kinds")?;
    let words: Vec<String> = table
        .caption
        .iter()
        .flat_map(|e| e.words.iter())
        .map(|w| w.to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let letters = caption_letters(&words);
    Ok(Captions {
        words,
        letters,
        table,
    })
}

/// For each word, of its letters outside ASCII the one the fewest chars
/// lower-case to (the first of those): the chars that are or lower-case
/// to one of them. Every char with a lower case lies below U+20000.
fn caption_letters(words: &[String]) -> Option<Vec<char>> {
    let candidates: Vec<Vec<char>> = words
        .iter()
        .map(|w| w.chars().filter(|c| !c.is_ascii()).collect())
        .collect();
    if candidates.iter().any(Vec::is_empty) {
        return None;
    }
    let mut wanted: Vec<char> = candidates.iter().flatten().copied().collect();
    wanted.sort_unstable();
    wanted.dedup();
    // the chars that lower-case to each candidate
    let mut sources: Vec<Vec<char>> = vec![Vec::new(); wanted.len()];
    for c in (0..0x20000u32).filter_map(char::from_u32) {
        for l in c.to_lowercase() {
            if let Ok(i) = wanted.binary_search(&l) {
                if let Some(v) = sources.get_mut(i) {
                    if !v.contains(&c) {
                        v.push(c);
                    }
                }
            }
        }
    }
    let mut letters: Vec<char> = Vec::new();
    for cands in &candidates {
        let best = cands
            .iter()
            .filter_map(|c| sources.get(wanted.binary_search(c).ok()?))
            .min_by_key(|v| v.len())?;
        for &c in best {
            if !letters.contains(&c) {
                letters.push(c);
            }
        }
    }
    Some(letters)
}

/// Builds this module's table and reads its examples (see
/// [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    let c = g.try_cached(Slot::TableCaptions, build_captions)?;
    for e in &c.table.caption {
        if let Some(ex) = e.examples.iter().find(|ex| !is_caption(g, ex)) {
            return Err(g.error_at(
                "table_kinds",
                ex,
                format!("{ex:?} is not read as the caption of a table"),
            ));
        }
        if let Some(ex) = e.not_examples.iter().find(|ex| is_caption(g, ex)) {
            return Err(g.error_at(
                "table_kinds",
                ex,
                format!("{ex:?} is read as the caption of a table"),
            ));
        }
    }
    Ok(())
}

/// Cuts a pipe block at every new header after its first one.
fn split_at_headers(g: Grammars, cells: Vec<Cell>, named: &[bool]) -> Vec<Vec<Cell>> {
    let first = header_texts(&cells, 0)
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>();
    let mut cuts: Vec<(usize, usize, bool)> = Vec::new(); // (at, len, repeated)
    let mut i = first.len().max(1);
    while i < cells.len() {
        let after_caption = cells.get(i - 1).is_some_and(|c| is_caption(g, &c.text));
        if is_header_at(&cells, named, i, 2) || (after_caption && is_header_at(&cells, named, i, 1))
        {
            let h = header_texts(&cells, i);
            let repeated =
                !first.is_empty() && h.iter().copied().eq(first.iter().map(String::as_str));
            // a repeated header goes with the empty cell that closes it
            let closing = cells.get(i + h.len()).is_some_and(|c| c.text.is_empty());
            cuts.push((i, h.len() + usize::from(closing), repeated));
            i += h.len().max(1);
        } else {
            i += 1;
        }
    }
    if cuts.is_empty() {
        return vec![cells];
    }
    let mut parts: Vec<Vec<Cell>> = vec![Vec::new()];
    let mut next_cut = cuts.iter().peekable();
    let mut skip_until = 0;
    for (k, c) in cells.into_iter().enumerate() {
        if let Some(&&(at, len, repeated)) = next_cut.peek() {
            if k == at {
                next_cut.next();
                if repeated {
                    skip_until = at + len;
                } else {
                    // the caption of the next table is not a cell of this one
                    if let Some(p) = parts.last_mut() {
                        if p.last().is_some_and(|c| is_caption(g, &c.text)) {
                            p.pop();
                        }
                    }
                    parts.push(Vec::new());
                }
            }
        }
        if k < skip_until {
            continue;
        }
        if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// First line of the cell that ends just above the `|` line `first`, when
/// rows are not opened by `|`: the line above, plus, going up without
/// crossing a blank line, a rule line's line ("TỈNH X / -------"), short
/// capitalised lines ("ỦY BAN NHÂN DÂN / TỈNH X"), or a list and its
/// title ("Nơi nhận: / - …"). A cell naming a column stays one line.
fn first_cell_top(g: Grammars, text: &str, lines: &[Line], first: usize) -> usize {
    let mut top = first.saturating_sub(1);
    let usable = |k: usize| k < first && !is_blank(text, lines, k);
    while top > 0 && first - top < 3 && is_rule(line_text(text, lines, top)) && usable(top - 1) {
        top -= 1;
    }
    let one = Cell {
        text: squeeze(line_text(text, lines, top)),
        start: 0,
        end: 0,
        row_span: 1,
        col_span: 1,
    };
    if is_named(g, &one) || is_caption(g, &one.text) {
        return top;
    }
    let is_item = |k: usize| {
        let t = line_text(text, lines, k).trim_start();
        t.starts_with("- ") || t.starts_with("+ ")
    };
    if is_item(top) {
        while top > 0 && first - top < MAX_CELL_LINES && usable(top - 1) && is_item(top - 1) {
            top -= 1;
        }
        if top > 0 && usable(top - 1) && line_text(text, lines, top - 1).trim_end().ends_with(':') {
            top -= 1;
        }
        return top;
    }
    let is_caps_line = |k: usize| {
        let t = line_text(text, lines, k);
        let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
        let upper = letters.iter().filter(|c| c.is_uppercase()).count();
        t.chars().count() <= 60 && letters.len() >= 2 && upper == letters.len()
    };
    while top > 0
        && first - top < 4
        && usable(top - 1)
        && is_caps_line(top - 1)
        && is_caps_line(top)
    {
        top -= 1;
    }
    top
}

fn is_rule(s: &str) -> bool {
    let t = s.trim();
    t.len() >= 3 && t.chars().all(|c| c == '-' || c == '_' || c == '=')
}

/// Index of the first cell of a header row: a cell naming a column role
/// (grammars/columns.toml) with another one among the next cells of its
/// row, before the first numbered row.
fn header_start(cells: &[Cell], named: &[bool]) -> Option<usize> {
    let limit = row_anchors(cells).first().copied().unwrap_or(cells.len());
    (0..limit).find(|&i| is_header_at(cells, named, i, 1))
}

/// Cuts the flat list of cells of a pipe table into rows.
/// Rows, and how many of them come before the first numbered row.
fn pipe_rows(g: Grammars, cells: Vec<Cell>, opens_rows: bool) -> (Vec<Row>, usize) {
    let anchors = row_anchors(&cells);
    let mut rows = Vec::new();
    let head_end = anchors.first().copied().unwrap_or(cells.len());
    // Header (or the whole table when no row numbers are found): when rows
    // open with `|`, an empty cell is a row boundary; otherwise it is one row.
    let mut cur: Vec<Cell> = Vec::new();
    for c in cells.iter().take(head_end) {
        if opens_rows && c.text.is_empty() {
            if !cur.is_empty() {
                rows.push(row_of(std::mem::take(&mut cur)));
            }
        } else {
            cur.push(c.clone());
        }
    }
    if !cur.is_empty() {
        rows.push(row_of(cur));
    }
    // the table's width: its widest header row, or, for a header of two
    // rows, the upper one with the shorter lower one under one of its cells
    let mut width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    if let [upper, lower] = rows.as_slice() {
        let (u, l) = (upper.cells.len(), lower.cells.len());
        if l >= 2 && l < u && column_number_run(&lower.cells, 0) == 0 {
            width = width.max(u + l - 1);
        }
    }
    let head = if anchors.is_empty() { 0 } else { rows.len() };
    for (k, &a) in anchors.iter().enumerate() {
        let b = anchors.get(k + 1).copied().unwrap_or(cells.len());
        let mut row: Vec<Cell> = cells.get(a..b).map(|s| s.to_vec()).unwrap_or_default();
        if opens_rows {
            // the last empty cell is the next row's opening `|`
            while row.len() > 1 && row.last().is_some_and(|c| c.text.is_empty()) {
                row.pop();
            }
            push_with_sub_rows(g, &mut rows, row, width);
        } else if width >= 2 && row.len() > width && row.len() % width == 0 {
            // every cell has its `|` here, so rows are exactly as wide as
            // the header: unnumbered rows are cut by count
            for part in row.chunks(width) {
                rows.push(row_of(part.to_vec()));
            }
        } else if !row.is_empty() {
            rows.push(row_of(row));
        }
    }
    (rows, head)
}

/// Pushes the cells from one numbered row to the next, in a table whose
/// rows open with `|`. There an empty cell is either an empty cell or the
/// boundary between two rows, and an export that drops row-spanned cells
/// leaves rows shorter than the header. The cells are cut into the rows
/// that fit the header's width best (see [`fit_rows`]); a row shorter than
/// the header under a full one lies under the columns its cells fit (see
/// [`row_fit`]), the full row's other cells spanning it:
/// `1 | A | x | 2026 | ∅ | B | y2` is `1 | A | x | 2026` then `B | y2`
/// under `A | x`.
fn push_with_sub_rows(g: Grammars, rows: &mut Vec<Row>, row: Vec<Cell>, width: usize) {
    if !(2..=40).contains(&width) || row.is_empty() {
        if !row.is_empty() {
            rows.push(row_of(row));
        }
        return;
    }
    let parts = if row.len() > width {
        fit_rows(row, width)
    } else {
        vec![row]
    };
    for (k, part) in parts.into_iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        if part.len() < width && k > 0 {
            span_over(g, rows, &part, width);
        } else if part.len() < width && part.len() >= 3 && opens_numbered_row(&part) {
            // a numbered row lacks its last cells: they are merged with
            // the ones above (an empty cell would have its own `|`)
            let cols: Vec<usize> = (0..part.len()).collect();
            span_columns(rows, &cols, width);
        }
        rows.push(row_of(part));
    }
}

/// Lets the cells that cover the last row of `rows` span the columns that
/// the short row `part`, about to be pushed, leaves free. The columns are
/// fitted under the last row as its cells and the ones spanning it from
/// above lay it out; nothing is done when no full row is above it.
fn span_over(g: Grammars, rows: &mut [Row], part: &[Cell], width: usize) {
    let Some(f) = rows
        .iter()
        .rposition(|r| r.cells.len() >= width && r.cells.iter().all(|c| c.col_span == 1))
    else {
        return;
    };
    let cover = last_row_cover(rows.get(f..).unwrap_or(&[]), width);
    let above: Vec<Cell> = cover
        .iter()
        .map(|x| {
            x.and_then(|(r, k)| rows.get(f + r).and_then(|row| row.cells.get(k)))
                .cloned()
                .unwrap_or_else(|| cell("", 0, 0))
        })
        .collect();
    let Some(cols) = row_fit::columns(g, part, &above) else {
        return;
    };
    span_columns(rows, &cols, width);
}

/// A row number that is not a group's (1, 2.1, a)) opens the row.
fn opens_numbered_row(part: &[Cell]) -> bool {
    part.first()
        .and_then(|c| RowMarker::read(&c.text))
        .is_some_and(|m| !m.is_group())
}

/// Lets the cells that cover the last row of `rows` span the row about to
/// be pushed in every column but `cols` (those its own cells fill).
fn span_columns(rows: &mut [Row], cols: &[usize], width: usize) {
    let Some(f) = rows
        .iter()
        .rposition(|r| r.cells.len() >= width && r.cells.iter().all(|c| c.col_span == 1))
    else {
        return;
    };
    let cover = last_row_cover(rows.get(f..).unwrap_or(&[]), width);
    for (c, x) in cover.iter().enumerate() {
        if cols.contains(&c) {
            continue;
        }
        if let Some((r, k)) = *x {
            if let Some(cell) = rows.get_mut(f + r).and_then(|row| row.cells.get_mut(k)) {
                cell.row_span += 1;
            }
        }
    }
}

/// Which cell (row, index, relative to `rows`) covers each of the first
/// `width` columns of the last row, with row spans laid out from the
/// first row down (a full row, so nothing spans into it).
fn last_row_cover(rows: &[Row], width: usize) -> Vec<Option<(usize, usize)>> {
    // per column: the cell over it and the last row it covers
    let mut slots: Vec<Option<(usize, usize, usize)>> = vec![None; width];
    for (r, row) in rows.iter().enumerate() {
        let mut c = 0;
        for (k, cell) in row.cells.iter().enumerate() {
            while slots
                .get(c)
                .is_some_and(|s| s.is_some_and(|(or, _, last)| or < r && last >= r))
            {
                c += 1;
            }
            let last = r + cell.row_span.max(1) as usize - 1;
            for s in slots.iter_mut().skip(c).take(cell.col_span.max(1) as usize) {
                *s = Some((r, k, last));
            }
            c += cell.col_span.max(1) as usize;
        }
    }
    let end = rows.len().saturating_sub(1);
    slots
        .into_iter()
        .map(|s| s.and_then(|(r, k, last)| (last >= end).then_some((r, k))))
        .collect()
}

/// Cuts cells into rows at some of their empty cells, so that as many rows
/// as possible are exactly `width` long (a shorter row costs 1, a longer
/// one more). Dynamic programming over the empty cells, looking back at
/// most two widths: linear in the cells for a given width.
fn fit_rows(cells: Vec<Cell>, width: usize) -> Vec<Vec<Cell>> {
    let n = cells.len();
    // A full row after the first one should have an empty number cell:
    // with a number it would have started a segment of its own.
    let cost = |start: usize, len: usize| -> usize {
        match len.cmp(&width) {
            std::cmp::Ordering::Equal
                if start > 0 && cells.get(start).is_some_and(|c| !c.text.is_empty()) =>
            {
                3
            }
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Less => 1,
            std::cmp::Ordering::Greater => 3 + len - width,
        }
    };
    // starts: 0 and every position after an empty cell
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            (1..n)
                .filter(|&p| cells.get(p).is_some_and(|c| c.text.is_empty()))
                .map(|p| p + 1),
        )
        .filter(|&s| s < n)
        .collect();
    // best[k]: cost of cutting cells[..starts[k]] into rows, and the start
    // of the last of them
    let mut best: Vec<(usize, usize)> = vec![(usize::MAX, 0); starts.len()];
    if let Some(b) = best.first_mut() {
        *b = (0, 0);
    }
    let reach = 2 * width + 2;
    for k in 1..=starts.len() {
        // the row ends before the boundary cell at starts[k] - 1, or at n
        let end = starts.get(k).map_or(n, |&s| s - 1);
        let mut choice = (usize::MAX, 0);
        for j in (0..k).rev() {
            let Some(&s) = starts.get(j) else { continue };
            if end.saturating_sub(s) > reach {
                break;
            }
            let Some(&(c, _)) = best.get(j) else { continue };
            if c == usize::MAX || end <= s {
                continue;
            }
            let total = c + cost(s, end - s);
            if total < choice.0 {
                choice = (total, j);
            }
        }
        if k == starts.len() {
            // walk back from the end
            let mut parts: Vec<(usize, usize)> = Vec::new();
            let (mut j, mut e) = (choice.1, n);
            if choice.0 == usize::MAX {
                return vec![cells];
            }
            loop {
                let s = starts.get(j).copied().unwrap_or(0);
                parts.push((s, e));
                if j == 0 {
                    break;
                }
                e = s.saturating_sub(1);
                j = best.get(j).map_or(0, |b| b.1);
            }
            parts.reverse();
            let mut out = Vec::with_capacity(parts.len());
            for (s, e) in parts {
                out.push(cells.get(s..e).map(<[Cell]>::to_vec).unwrap_or_default());
            }
            return out;
        }
        if let Some(b) = best.get_mut(k) {
            *b = choice;
        }
    }
    vec![cells]
}

/// Indices of cells that open a row: row numbers that continue the
/// numbering of the rows above.
fn row_anchors(cells: &[Cell]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut state = Numbering::default();
    let mut i = 0;
    while i < cells.len() {
        let Some(c) = cells.get(i) else { break };
        // a run of column numbers (1 | 2 | 3 …) is part of the header
        let run = column_number_run(cells, i);
        if run >= 3 {
            i += run;
            continue;
        }
        if let Some(mut m) = RowMarker::read(&c.text) {
            // "I", "V", "X" in a run of group letters (… H, I, K …)
            if let RowMarker::Roman(_) = m {
                let t = strip_markup(&c.text);
                let letter = t.trim_end_matches(['.', ')']);
                if state.upper > 0 && state.roman == 0 && letter.len() == 1 {
                    if let Some(ch) = letter.chars().next() {
                        m = RowMarker::Upper(ch as u32 - 'A' as u32 + 1);
                    }
                }
            }
            let has_text = cells
                .get(i + 1)
                .is_some_and(|n| !n.text.is_empty() && RowMarker::read(&n.text).is_none());
            if has_text && state.accepts(&m) {
                state.take(&m);
                out.push(i);
            }
        } else if let Some(m) = group_heading(&c.text) {
            // a group row written in one cell across the table
            if state.accepts(&m) {
                state.take(&m);
                out.push(i);
            }
        }
        i += 1;
    }
    out
}

/// The group numeral that opens a heading written in one cell ("II. Chuyển
/// đổi số", "B) NHIỆM VỤ CỦA ĐỊA PHƯƠNG").
fn group_heading(cell: &str) -> Option<RowMarker> {
    if cell.len() > 400 {
        return None;
    }
    let t = strip_markup(cell);
    let (head, rest) = t.trim().split_once(' ')?;
    if rest.trim().is_empty() || !head.ends_with(['.', ')']) {
        return None;
    }
    RowMarker::read(head).filter(RowMarker::is_group)
}

/// Length of a run of cells numbered 1, 2, 3 … (or (1), (2) …) from `i`.
fn column_number_run(cells: &[Cell], i: usize) -> usize {
    let is_one = |c: &Cell| {
        c.text
            .trim_matches(|ch: char| ch == '*' || ch == '(' || ch == ')' || ch.is_whitespace())
            == "1"
    };
    if !cells.get(i).is_some_and(is_one) {
        return 0;
    }
    let mut n = 0;
    while let Some(c) = cells.get(i + n) {
        if c.text.len() > 12 {
            break;
        }
        let t = strip_markup(&c.text);
        let t = t.trim_matches(|ch| ch == '(' || ch == ')');
        if t.parse::<usize>().ok() == Some(n + 1) {
            n += 1;
        } else {
            break;
        }
    }
    n
}

/// A row number as printed at the start of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowMarker {
    /// I, II, IV …
    Roman(u32),
    /// A, B, C (group letters)
    Upper(u32),
    /// 1, 2, 3
    Arabic(u32),
    /// 1.1, 2.3.1 (first number, whole text)
    Dotted(u32, String),
    /// a), b), a., đ)
    Lower(u32),
}

impl RowMarker {
    /// Reads a cell that holds only a row number (markup allowed).
    pub fn read(cell: &str) -> Option<RowMarker> {
        // a marker is one short token
        let bare = cell.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
        if cell.len() > 24 || bare.is_empty() || bare.contains(char::is_whitespace) {
            return None;
        }
        let t = strip_markup(cell);
        let t = t.trim();
        if t.is_empty() || t.chars().count() > 8 {
            return None;
        }
        let core = t.trim_end_matches(['.', ')']);
        if core.is_empty() {
            return None;
        }
        if core.chars().all(|c| c.is_ascii_digit()) {
            return core.parse().ok().map(RowMarker::Arabic);
        }
        if core.contains('.')
            && core
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        {
            let first = core.split('.').next()?.parse().ok()?;
            return Some(RowMarker::Dotted(first, core.to_string()));
        }
        if let Some(n) = roman_value(core) {
            return Some(RowMarker::Roman(n));
        }
        let mut chars = core.chars();
        let (c, rest) = (chars.next()?, chars.next());
        if rest.is_none() {
            if c.is_ascii_uppercase() {
                return Some(RowMarker::Upper(c as u32 - 'A' as u32 + 1));
            }
            if (c.is_ascii_lowercase() || c == 'đ') && t.len() > core.len() {
                let n = if c == 'đ' {
                    4
                } else {
                    c as u32 - 'a' as u32 + 1
                };
                return Some(RowMarker::Lower(n));
            }
        }
        None
    }

    /// True for markers of group rows (I, II, A, B).
    pub fn is_group(&self) -> bool {
        matches!(self, RowMarker::Roman(_) | RowMarker::Upper(_))
    }
}

/// Value of a Roman numeral of I, V, X, L (up to 89), in canonical form.
pub fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 7 {
        return None;
    }
    let mut total = 0i32;
    let mut prev = 0i32;
    for c in s.chars().rev() {
        let v = match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            _ => return None,
        };
        if v < prev {
            total -= v;
        } else {
            total += v;
            prev = v;
        }
    }
    let n = u32::try_from(total).ok()?;
    (n > 0 && crate::text::roman(n) == s).then_some(n)
}

/// The numbering seen so far down a table, to tell a row number from a
/// number inside a row.
#[derive(Debug, Default)]
struct Numbering {
    roman: u32,
    upper: u32,
    arabic: Option<u32>,
    lower: u32,
    last_group: bool,
    any: bool,
}

impl Numbering {
    fn accepts(&self, m: &RowMarker) -> bool {
        match m {
            RowMarker::Roman(n) => *n > self.roman && *n <= self.roman + 3,
            RowMarker::Upper(n) => *n > self.upper && *n <= self.upper + 2 && self.roman == 0,
            RowMarker::Arabic(n) => match self.arabic {
                None => *n <= 2 || !self.any,
                Some(p) => *n == p + 1 || (*n == 1 && self.last_group),
            },
            RowMarker::Dotted(first, _) => self.arabic.is_some_and(|p| p == *first),
            RowMarker::Lower(n) => self.arabic.is_some() && *n > self.lower && *n <= self.lower + 3,
        }
    }

    fn take(&mut self, m: &RowMarker) {
        self.any = true;
        self.last_group = m.is_group();
        match m {
            RowMarker::Roman(n) => {
                self.roman = *n;
                self.lower = 0;
            }
            RowMarker::Upper(n) => {
                self.upper = *n;
                self.lower = 0;
            }
            RowMarker::Arabic(n) => {
                self.arabic = Some(*n);
                self.lower = 0;
            }
            RowMarker::Dotted(..) => {}
            RowMarker::Lower(n) => self.lower = *n,
        }
    }
}

// ------------------------------------------------------------------ markdown

fn is_markdown_row_start(t: &str) -> bool {
    t.starts_with('|') && t.len() > 1 && t[1..].contains('|')
}

fn is_separator_row(t: &str) -> bool {
    t.starts_with('|')
        && t.contains('-')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+'))
}

/// Reads consecutive markdown rows from `first`; returns the line after.
fn markdown_table(text: &str, lines: &[Line], first: usize, out: &mut Vec<Table>) -> usize {
    let mut rows: Vec<Row> = Vec::new();
    let mut head = 0;
    let mut i = first;
    // grid tables (`+---+` borders): the lines between two borders are one
    // row, each cell's lines joined
    let mut grid = false;
    let mut pending: Option<Vec<Cell>> = None;
    while i < lines.len() {
        let t = line_text(text, lines, i).trim();
        if is_grid_border(t) {
            grid = true;
            if let Some(cells) = pending.take() {
                rows.push(row_of(cells));
            }
            if t.contains('=') && head == 0 {
                head = rows.len();
            }
            i += 1;
            continue;
        }
        if !t.starts_with('|') {
            break;
        }
        if is_separator_row(t) {
            if head == 0 {
                head = rows.len();
            }
            i += 1;
            continue;
        }
        // a row whose text does not end with `|` wraps onto the next lines
        let mut end = i;
        while !line_text(text, lines, end).trim_end().ends_with('|')
            && end + 1 < lines.len()
            && end < i + 20
            && !line_text(text, lines, end + 1).trim().is_empty()
        {
            end += 1;
        }
        let (Some(a), Some(b)) = (lines.get(i), lines.get(end)) else {
            break;
        };
        let cells = split_cells(text, a.start, b.end, '|', true);
        if grid {
            pending = Some(match pending.take() {
                Some(prev) => join_cells(prev, cells),
                None => cells,
            });
        } else {
            rows.push(row_of(cells));
        }
        i = end + 1;
    }
    if let Some(cells) = pending.take() {
        rows.push(row_of(cells));
    }
    // one row is a table too (the rest of one cut by a page break, or a
    // one-line table), if it has two cells
    if rows.len() >= 2 || rows.first().is_some_and(|r| r.cells.len() >= 2) {
        if let Some(mut t) = table_of("markdown", rows) {
            t.head = head;
            out.push(t);
        }
    }
    i
}

fn is_grid_border(t: &str) -> bool {
    t.starts_with('+') && t.len() > 2 && t.chars().all(|c| matches!(c, '+' | '-' | '=' | ':'))
}

/// The next line of a grid row: each cell's text continues its column.
fn join_cells(mut prev: Vec<Cell>, next: Vec<Cell>) -> Vec<Cell> {
    for (k, c) in next.into_iter().enumerate() {
        match prev.get_mut(k) {
            Some(p) if !c.text.is_empty() => {
                if p.text.is_empty() {
                    p.start = c.start;
                } else {
                    p.text.push(' ');
                }
                p.text.push_str(&c.text);
                p.end = c.end;
            }
            Some(_) => {}
            None => prev.push(c),
        }
    }
    prev
}

/// Cells of `start..end` split at `sep`; with `outer`, text before the
/// first and after the last separator is not a cell.
fn split_cells(text: &str, start: usize, end: usize, sep: char, outer: bool) -> Vec<Cell> {
    let s = text.get(start..end).unwrap_or("");
    let mut bounds: Vec<usize> = s.match_indices(sep).map(|(k, _)| k).collect();
    let mut cells = Vec::new();
    if !outer {
        bounds.insert(0, usize::MAX);
        bounds.push(s.len());
    }
    for w in bounds.windows(2) {
        let a = if w[0] == usize::MAX { 0 } else { w[0] + 1 };
        let b = w[1];
        if a <= b {
            cells.push(cell(text, start + a, start + b));
        }
    }
    cells
}

// -------------------------------------------------------------------- inline

/// A row of cells joined by " | " on one line, without the outer pipes
/// of markdown: "1 | Tỷ lệ … | ≥ 95%" (what `vanban text` prints for the
/// tables of HTML and DOCX, and what many exports write).
/// A row whose first cell is empty (" | (1) | (2)") opens with its pipe
/// but, unlike markdown, does not close with one.
fn is_inline_row(t: &str) -> bool {
    let markdown = t.starts_with('|') && t.ends_with('|');
    !markdown && (t.contains(" | ") || t.ends_with(" |") || t.starts_with("| "))
}

/// Reads consecutive inline rows from `first`; returns the line after.
/// A line without pipes inside the table that heads a group ("II. Cải
/// cách thể chế", a merged row) is kept as a one-cell row, as in `tabs`.
fn inline_table(text: &str, lines: &[Line], first: usize, out: &mut Vec<Table>) -> usize {
    let mut rows = Vec::new();
    let mut i = first;
    let mut last = first;
    while let Some(line) = lines.get(i) {
        let t = line_text(text, lines, i).trim();
        if is_inline_row(t) {
            rows.push(row_of(split_cells(text, line.start, line.end, '|', false)));
            last = i;
        } else if is_group_line(t)
            && (i + 1..=i + 3).any(|k| is_inline_row(line_text(text, lines, k).trim()))
        {
            rows.push(row_of(vec![cell(text, line.start, line.end)]));
        } else {
            break;
        }
        i += 1;
    }
    push_if_thick("inline", rows, out);
    last + 1
}

// ---------------------------------------------------------------------- tabs

/// A line without tabs that heads a group inside a tab table.
fn is_group_line(t: &str) -> bool {
    let t = strip_markup(t);
    let Some((head, rest)) = t.split_once(['.', ' ']) else {
        return false;
    };
    !rest.trim().is_empty() && t.chars().count() < 200 && {
        let m = RowMarker::read(head);
        m.as_ref().is_some_and(RowMarker::is_group)
    }
}

/// Reads tab-separated rows from `first`; returns the line after.
fn tab_table(text: &str, lines: &[Line], first: usize, out: &mut Vec<Table>) -> usize {
    let mut rows = Vec::new();
    let mut i = first;
    let mut last_tab = first;
    // lines with one filled cell (an indented paragraph, or the rest of a
    // cell after a page break): four in a row end the table before them
    let mut thin = 0;
    let (mut last_thick, mut rows_at_thick) = (first, 0);
    while i < lines.len() {
        let l = line_text(text, lines, i);
        let Some(line) = lines.get(i) else { break };
        if l.contains('\t') {
            rows.push(row_of(split_cells(text, line.start, line.end, '\t', false)));
            last_tab = i;
            if filled_tab_cells(l) >= 2 {
                thin = 0;
                last_thick = i;
                rows_at_thick = rows.len();
            } else {
                thin += 1;
                if thin >= 4 {
                    rows.truncate(rows_at_thick);
                    last_tab = last_thick;
                    break;
                }
            }
        } else if l.trim().is_empty() || is_page_number(l) {
            // page breaks and blank lines inside a table
        } else if is_group_line(l.trim()) && next_tab_within(text, lines, i, 3) {
            rows.push(row_of(vec![cell(text, line.start, line.end)]));
        } else {
            break;
        }
        if i > last_tab + 4 {
            break;
        }
        i += 1;
    }
    // drop trailing non-tab rows (headings after the table)
    while rows.last().is_some_and(|r| r.cells.len() == 1) {
        rows.pop();
    }
    push_if_thick("tabs", rows, out);
    last_tab + 1
}

/// A table of `rows` in `layout`, if two of them have two filled cells
/// (one line with a separator in running text is no table).
fn push_if_thick(layout: &str, rows: Vec<Row>, out: &mut Vec<Table>) {
    let thick = rows
        .iter()
        .filter(|r| r.cells.iter().filter(|c| !c.text.is_empty()).count() >= 2)
        .count();
    if thick >= 2 {
        if let Some(t) = table_of(layout, rows) {
            out.push(t);
        }
    }
}

/// Non-empty cells of a tab-separated line.
fn filled_tab_cells(l: &str) -> usize {
    l.split('\t').filter(|c| !c.trim().is_empty()).count()
}

fn next_tab_within(text: &str, lines: &[Line], i: usize, n: usize) -> bool {
    (i + 1..=i + n).any(|k| line_text(text, lines, k).contains('\t'))
}

fn is_page_number(l: &str) -> bool {
    let t = l.trim();
    !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::lines;

    fn find(t: &str) -> Vec<Table> {
        find_in_text(crate::rules::Grammars::builtin(), t, &lines(t))
    }

    fn texts(r: &Row) -> Vec<&str> {
        r.cells.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn row_markers_are_read() {
        assert_eq!(RowMarker::read("II"), Some(RowMarker::Roman(2)));
        assert_eq!(RowMarker::read("**IV**"), Some(RowMarker::Roman(4)));
        assert_eq!(RowMarker::read("12"), Some(RowMarker::Arabic(12)));
        assert_eq!(RowMarker::read("3."), Some(RowMarker::Arabic(3)));
        assert_eq!(RowMarker::read("b)"), Some(RowMarker::Lower(2)));
        assert_eq!(
            RowMarker::read("11.2"),
            Some(RowMarker::Dotted(11, "11.2".into()))
        );
        assert_eq!(RowMarker::read("B"), Some(RowMarker::Upper(2)));
        assert_eq!(RowMarker::read("IIII"), None);
        assert_eq!(RowMarker::read("Sở Nội vụ"), None);
        assert_eq!(RowMarker::read("b"), None);
    }

    #[test]
    fn pipe_lines_without_row_marks_are_cut_at_row_numbers() {
        let t = "Tiêu đề\nSTT\n|\nNhiệm vụ\n|\nChủ trì\n|\nI\n|\nNHÓM MỘT\n|\n|\n1\n|\nViệc một\ndài\n|\nSở A\n|\n2\n|\nViệc hai\n|\nSở B\n|\na)\n|\nViệc con\n|\n|\n";
        let tables = find(t);
        assert_eq!(tables.len(), 1);
        let rows = &tables[0].rows;
        assert_eq!(texts(&rows[0]), ["STT", "Nhiệm vụ", "Chủ trì"]);
        assert_eq!(texts(&rows[1]), ["I", "NHÓM MỘT", ""]);
        assert_eq!(texts(&rows[2]), ["1", "Việc một dài", "Sở A"]);
        assert_eq!(texts(&rows[3]), ["2", "Việc hai", "Sở B"]);
        assert_eq!(texts(&rows[4]), ["a)", "Việc con", ""]);
        assert_eq!(tables[0].layout, "pipe_lines");
    }

    #[test]
    fn unnumbered_rows_in_unmarked_pipe_rows_are_cut_by_the_header_width() {
        let t = "STT\n|\nNhiệm vụ\n|\nChủ trì\n|\n1\n|\nViệc một\n|\nSở A\n|\n|\nViệc thêm\n|\nSở C\n|\n2\n|\nViệc hai\n|\nSở B\n|\n";
        let rows: Vec<Vec<String>> = find(t)[0]
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
            .collect();
        assert_eq!(rows[2], ["", "Việc thêm", "Sở C"]);
        assert_eq!(rows[3], ["2", "Việc hai", "Sở B"]);
    }

    #[test]
    fn pipe_lines_with_row_opening_pipes() {
        let t = "Phụ lục\n\n|\nTT\n|\nNội dung\n|\nĐơn vị\n|\n|\n1\n|\n2\n|\n3\n|\n|\n1\n|\nViệc một\n|\nSở A\n|\n|\n2\n|\nViệc hai\n|\n|\n\nsau bảng";
        let tables = find(t);
        assert_eq!(tables.len(), 1);
        let rows = &tables[0].rows;
        assert_eq!(texts(&rows[0]), ["TT", "Nội dung", "Đơn vị"]);
        assert_eq!(texts(&rows[1]), ["1", "2", "3"]);
        assert_eq!(texts(&rows[2]), ["1", "Việc một", "Sở A"]);
        assert_eq!(texts(&rows[3]), ["2", "Việc hai"]);
        assert_eq!(tables[0].head, 2);
    }

    #[test]
    fn row_spanned_cells_dropped_by_the_export_become_sub_rows() {
        let t = "\n|\nTT\n|\nChủ trì\n|\nNội dung\n|\nThời hạn\n|\n|\n1\n|\nBộ A\n|\nViệc một\n|\n2026\n|\n|\nViệc hai\n|\n2027\n|\n|\n2\n|\nBộ B\n|\nViệc ba\n|\n2028\n|\n";
        let tables = find(t);
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(texts(&rows[1]), ["1", "Bộ A", "Việc một", "2026"]);
        assert_eq!(rows[1].cells[0].row_span, 2);
        assert_eq!(rows[1].cells[1].row_span, 2);
        assert_eq!(rows[1].cells[2].row_span, 1);
        assert_eq!(texts(&rows[2]), ["Việc hai", "2027"]);
        assert_eq!(texts(&rows[3]), ["2", "Bộ B", "Việc ba", "2028"]);
    }

    #[test]
    fn empty_cells_and_row_boundaries_are_told_apart_by_width() {
        // D. group row, then a row with an empty number, then a sub-row
        let t = "\n|\nTT\n|\nChủ trì\n|\nNội dung\n|\nThời hạn\n|\n|\nA.\n|\nBỘ A\n|\n|\n1\n|\nBộ A\n|\nViệc\n|\n2026\n|\n|\nB.\n|\nBỘ B\n|\n|\n|\nBộ B\n|\nViệc hai\n|\n|\n|\nViệc ba\n|\n2027\n|\n";
        let tables = find(t);
        let rows: Vec<Vec<&str>> = tables[0].rows.iter().map(texts).collect();
        assert_eq!(
            rows,
            vec![
                vec!["TT", "Chủ trì", "Nội dung", "Thời hạn"],
                vec!["A.", "BỘ A"],
                vec!["1", "Bộ A", "Việc", "2026"],
                vec!["B.", "BỘ B"],
                vec!["", "Bộ B", "Việc hai", ""],
                vec!["Việc ba", "2027"],
            ]
        );
        assert_eq!(tables[0].rows[4].cells[1].row_span, 2);
    }

    #[test]
    fn a_two_row_header_widens_the_rows() {
        // Thực hiện spans Chủ trì | Phối hợp; the empty cell is an empty cell
        let t = "\n|\nTT\n|\nNội dung\n|\nThực hiện\n|\n|\nChủ trì\n|\nPhối hợp\n|\n|\n1\n|\nViệc\n|\n|\nSở B\n|\n|\n2\n|\nViệc hai\n|\nSở B\n|\nSở C\n|\n";
        let tables = find(t);
        let rows: Vec<Vec<&str>> = tables[0].rows.iter().map(texts).collect();
        assert_eq!(rows[2], ["1", "Việc", "", "Sở B"]);
        assert_eq!(rows[3], ["2", "Việc hai", "Sở B", "Sở C"]);
    }

    #[test]
    fn a_new_header_in_a_pipe_block_starts_a_new_table() {
        let t = "\n|\nTT\n|\nNhiệm vụ\n|\nChủ trì\n|\n|\n1\n|\nViệc\n|\nSở A\n|\n|\nTT\n|\nNhiệm vụ\n|\nChủ trì\n|\n|\n2\n|\nViệc hai\n|\nSở B\n|\nPHỤ LỤC II\n|\nSTT\n|\nTên dự án\n|\nThời gian\n|\nChủ trì\n|\n|\n1\n|\nDự án\n|\n2026\n|\nSở C\n|\n";
        let tables = find(t);
        assert_eq!(tables.len(), 2, "{tables:?}");
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 3);
        assert_eq!(texts(&rows[2]), ["2", "Việc hai", "Sở B"]);
        assert_eq!(
            texts(&tables[1].rows[0]),
            ["STT", "Tên dự án", "Thời gian", "Chủ trì"]
        );
        assert_eq!(texts(&tables[1].rows[1]), ["1", "Dự án", "2026", "Sở C"]);
    }

    #[test]
    fn a_header_repeated_in_unmarked_pipe_rows_is_dropped() {
        let t = "STT\n|\nNhiệm vụ\n|\nChủ trì\n|\n1\n|\nViệc một\n|\nSở A\n|\nSTT\n|\nNhiệm vụ\n|\nChủ trì\n|\n2\n|\nViệc hai\n|\nSở B\n|\n";
        let tables = find(t);
        assert_eq!(tables.len(), 1);
        let rows: Vec<Vec<&str>> = tables[0].rows.iter().map(texts).collect();
        assert_eq!(
            rows,
            vec![
                vec!["STT", "Nhiệm vụ", "Chủ trì"],
                vec!["1", "Việc một", "Sở A"],
                vec!["2", "Việc hai", "Sở B"],
            ]
        );
    }

    #[test]
    fn a_signature_block_takes_the_whole_list_above_it() {
        let t = "Điều 3. Thi hành./.\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n|\nCHỦ TỊCH\nNguyễn Văn A\n|\nKẾ HOẠCH\n";
        let tables = find(t);
        assert_eq!(
            texts(&tables[0].rows[0]),
            [
                "Nơi nhận: - Như Điều 3; - Lưu: VT.",
                "CHỦ TỊCH Nguyễn Văn A"
            ]
        );
    }

    #[test]
    fn a_lone_pipe_is_no_table_and_a_caption_is_no_cell() {
        assert!(find("Một câu\n|\nvăn bản\n").is_empty());
        let t = "(Kèm theo Kế hoạch số 1/KH-UBND)\n|\nSTT\n|\nNhiệm vụ\n|\nChủ trì\n|\n|\n1\n|\nViệc\n|\nSở\n|\n";
        let tables = find(t);
        assert_eq!(tables.len(), 1);
        assert_eq!(texts(&tables[0].rows[0]), ["STT", "Nhiệm vụ", "Chủ trì"]);
    }

    #[test]
    fn a_pipe_block_without_numbers_is_one_row() {
        let t = "ỦY BAN NHÂN DÂN\nTỈNH X\n-------\n|\nCỘNG HÒA\n|\nSố: 1/QĐ-UBND\n|\nQUYẾT ĐỊNH\n";
        let tables = find(t);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].rows.len(), 1);
        assert_eq!(
            texts(&tables[0].rows[0]),
            [
                "ỦY BAN NHÂN DÂN TỈNH X -------",
                "CỘNG HÒA",
                "Số: 1/QĐ-UBND"
            ]
        );
    }

    #[test]
    fn markdown_rows_with_wrapped_cells() {
        let t = "x\n| TT | Nhiệm vụ | Chủ trì |\n|---|---|---|\n| **I** | **Nhóm** | |\n| 1 | Việc | Sở A |\n| 2 | Việc dài\nvẫn tiếp | Sở B |\nhết\n";
        let tables = find(t);
        assert_eq!(tables.len(), 1);
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 4);
        assert_eq!(texts(&rows[0]), ["TT", "Nhiệm vụ", "Chủ trì"]);
        assert_eq!(texts(&rows[1]), ["**I**", "**Nhóm**", ""]);
        assert_eq!(texts(&rows[3]), ["2", "Việc dài vẫn tiếp", "Sở B"]);
        assert_eq!(tables[0].head, 1);
    }

    #[test]
    fn grid_tables_join_the_lines_of_a_row() {
        let t = "x\n+-----+----------+\n| STT | Nhiệm vụ |\n+=====+==========+\n| 1   | Việc một |\n|     | còn tiếp |\n+-----+----------+\n| 2   | Việc hai |\n+-----+----------+\nsau\n";
        let tables = find(t);
        assert_eq!(tables.len(), 1);
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 3);
        assert_eq!(tables[0].head, 1);
        assert_eq!(texts(&rows[1]), ["1", "Việc một còn tiếp"]);
        assert_eq!(texts(&rows[2]), ["2", "Việc hai"]);
    }

    #[test]
    fn tab_rows_keep_group_lines_and_page_breaks() {
        let t = "TT\tNội dung\tChủ trì\n1\tViệc một\tSở A\n\nII. Nhóm hai\n\n2\tViệc hai\t\n3\n\nĐoạn văn sau bảng.\n";
        let tables = find(t);
        assert_eq!(tables.len(), 1);
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 4);
        assert_eq!(texts(&rows[2]), ["II. Nhóm hai"]);
        assert_eq!(texts(&rows[3]), ["2", "Việc hai", ""]);
    }

    #[test]
    fn inline_rows_as_vanban_text_prints_them() {
        let t = "Bảng 1\nTT | Nhiệm vụ | Chủ trì\n | (1) | (2)\nI. Nhóm một\n1 | Việc một | Sở A\n2 | Việc hai |  |\nĐoạn văn sau bảng.\n";
        let tables = find(t);
        assert_eq!(tables.len(), 1);
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 5);
        assert_eq!(texts(&rows[1]), ["", "(1)", "(2)"]);
        assert_eq!(texts(&rows[0]), ["TT", "Nhiệm vụ", "Chủ trì"]);
        assert_eq!(texts(&rows[2]), ["I. Nhóm một"]);
        assert_eq!(texts(&rows[4]), ["2", "Việc hai", "", ""]);
        // one line with a pipe in running text is no table
        assert!(find("Điện thoại: 0203 | Fax: 0204\nEmail: a@b.vn\n").is_empty());
        // markdown rows stay markdown
        assert_eq!(find("| a | b |\n| 1 | 2 |\n")[0].layout, "markdown");
    }

    #[test]
    fn tab_indented_paragraphs_are_not_a_table() {
        let t = "\tCăn cứ Luật A;\n\tCăn cứ Luật B;\n\tXét đề nghị;\n\tQUYẾT ĐỊNH:\n\tĐiều 1.\n";
        assert!(find(t).is_empty());
        let t = "TT\tNhiệm vụ\tChủ trì\n1\tViệc\tSở A\n\tcòn tiếp\t\n2\tViệc hai\tSở B\n\tĐoạn một\n\tĐoạn hai\n\tĐoạn ba\n\tĐoạn bốn\n";
        let tables = find(t);
        assert_eq!(tables.len(), 1);
        // the continuation stays, the paragraphs after the table do not
        assert_eq!(tables[0].rows.len(), 4);
    }

    #[test]
    fn a_table_broken_by_a_page_break_is_joined() {
        let t = "| TT | Nhiệm vụ | Chủ trì |\n|---|---|---|\n| 1 | Việc | Sở A |\n\n12\n\n| 2 | Việc hai | Sở B |\n\n| 3 | Việc ba | Sở C |\n\nHết.\n\n| 4 | Khác | Sở D |\n| 5 | Khác | Sở E |\n";
        let tables = find(t);
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].rows.len(), 4);
    }

    #[test]
    fn cell_offsets_point_at_the_text() {
        let t = "a\tbb\tc\nd\te\tf\n";
        let tables = find(t);
        let c = &tables[0].rows[0].cells[1];
        assert_eq!(&t[c.start..c.end], "bb");
    }

    #[test]
    fn raw_tables_become_tables() {
        let t = "Nhiệm vụ Chủ trì Việc Sở";
        let at = |s: &str| t.find(s).unwrap_or(0);
        let cell = |start, end, col_span| crate::decode::RawCell {
            start,
            end,
            row_span: 1,
            col_span,
        };
        let raw = vec![RawTable {
            layout: "html".into(),
            rows: vec![
                vec![cell(0, at(" Chủ"), 1), cell(at("Chủ"), at(" Việc"), 2)],
                vec![cell(at("Việc"), at(" Sở"), 1), cell(at("Sở"), 99, 1)],
            ],
        }];
        let tables = from_raw(t, &raw);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].rows[0].cells[1].text, "Chủ trì");
        assert_eq!(tables[0].rows[0].cells[1].col_span, 2);
        // out-of-range offsets give an empty cell, not a panic
        assert_eq!(tables[0].rows[1].cells[1].text, "");
    }

    #[test]
    fn caption_letters_are_the_only_way_to_a_caption() {
        let c = captions(Grammars::builtin());
        let letters = c.letters.clone().unwrap_or_default();
        let mut sorted = letters.clone();
        sorted.sort_unstable();
        let mut want = ['ụ', 'Ụ', 'è', 'È', 'ể', 'Ể', 'ẫ', 'Ẫ'];
        want.sort_unstable();
        assert_eq!(sorted, want);
        for w in &c.words {
            assert!(w.contains(letters.as_slice()), "{w}");
        }
        // no other char lower-cases to one of them (no char from U+20000
        // on has a lower case)
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            if c.to_lowercase().any(|l| letters.contains(&l)) {
                assert!(letters.contains(&c), "U+{u:04X}");
            }
            if u >= 0x20000 {
                assert!(c.to_lowercase().eq([c]), "U+{u:04X}");
            }
        }
        assert_eq!(caption_letters(&["abc".to_string()]), None);
        assert_eq!(caption_letters(&["kèm".to_string(), "k".to_string()]), None);
        for (s, want) in [
            ("PHỤ LỤC II", true),
            ("(Kèm theo Kế hoạch)", true),
            ("BIỂU SỐ 01", true),
            ("Mẫu số 2", true),
            ("Nhiệm vụ", false),
            ("Kèm", false),
        ] {
            assert_eq!(is_caption(Grammars::builtin(), s), want, "{s}");
        }
    }
}
