//! The `tasks` section (rows of appendix task tables) and the `tables`
//! section (every table, as data).
//!
//! For each table of [`crate::segment::tables`]: the header rows are found
//! and each column given a role by the header words in
//! grammars/columns.toml ([`crate::segment::columns`]); a table with a task column and a lead, partners,
//! timeline or output column is a task table. Its rows are read top-down:
//! a repeated header (page break) is dropped, group rows (I, II, A, or a
//! lone heading) become the `section` of the rows below, a row that only
//! continues the one above (its text broken by a page break) is merged into
//! it, and sub-rows (a), b)) stay rows with their own `stt`. Every table,
//! task table or not, is exported under `tables`.

mod kind;

use crate::doc::Doc;
use crate::error::Result;
use crate::model::{Document, Table, TableCell, Task};
use crate::parse::timeline;
use crate::rules::Grammars;
use crate::segment::columns::role_of;
use crate::segment::markup::{has_markup, strip_markup};
use crate::segment::tables::{self as seg, RowMarker};
use crate::text::fold;
use std::cell::OnceCell;

/// [`strip_markup`]: text without markup only has its blanks folded
/// ([`fold::squeeze`], the fold strip_markup gives it).
fn plain(s: &str) -> String {
    if has_markup(s) {
        strip_markup(s)
    } else {
        fold::squeeze(s)
    }
}

/// Checks this module's tables (the column roles are
/// [`crate::segment::columns`]'s).
pub fn check(g: Grammars) -> Result<()> {
    kind::check(g)
}

const TASK_FIELDS: [&str; 4] = ["lead", "partners", "timeline", "output"];

/// Maps the document's tables to tasks; returns tasks and all tables.
/// `main` is the document's own instrument: its kind and title say what
/// its tables are about (see [`kind`]).
pub fn extract(doc: &Doc, main: &Document) -> (Vec<Task>, Vec<Table>) {
    let g = doc.grammars;
    let mut tasks = Vec::new();
    let mut tables = Vec::new();
    let about = format!(
        "{} {}",
        main.kind.as_deref().unwrap_or(""),
        main.title.as_deref().unwrap_or("")
    );
    let doc_holds_tasks = kind::genre_holds_tasks(g, &about);
    let mut prev_end = 0;
    for t in &doc.tables {
        let index = tables.len();
        let above = caption(doc, prev_end, t.start);
        prev_end = t.end;
        let (table, rows) = read_table(doc, t, index, &above, doc_holds_tasks);
        tasks.extend(rows);
        tables.push(table);
    }
    (tasks, tables)
}

/// Which cell covers each column of each row (row spans and column spans
/// laid out on a grid): `cells[r][c] = Some((row, cell))`; and the text
/// of each cell, markup stripped ([`plain`]), read once when first asked.
struct Grid {
    cells: Vec<Vec<Option<(usize, usize)>>>,
    texts: Vec<Vec<OnceCell<String>>>,
}

impl Grid {
    fn get(&self, r: usize) -> Option<&Vec<Option<(usize, usize)>>> {
        self.cells.get(r)
    }

    /// Columns of row `r`.
    fn width(&self, r: usize) -> usize {
        self.get(r).map_or(0, Vec::len)
    }

    /// [`plain`] of cell `k` of row `r`.
    fn text(&self, rows: &[seg::Row], r: usize, k: usize) -> &str {
        let Some(slot) = self.texts.get(r).and_then(|t| t.get(k)) else {
            return "";
        };
        slot.get_or_init(|| {
            rows.get(r)
                .and_then(|row| row.cells.get(k))
                .map_or_else(String::new, |c| plain(&c.text))
        })
    }
}

fn lay_out(rows: &[seg::Row]) -> Grid {
    let mut grid: Vec<Vec<Option<(usize, usize)>>> = vec![Vec::new(); rows.len()];
    for (r, row) in rows.iter().enumerate() {
        let mut c = 0;
        for (k, cell) in row.cells.iter().enumerate() {
            while grid
                .get(r)
                .and_then(|g| g.get(c))
                .is_some_and(|x| x.is_some())
            {
                c += 1;
            }
            let rs = cell.row_span.clamp(1, 500) as usize;
            let cs = cell.col_span.clamp(1, 100) as usize;
            for rr in r..(r + rs).min(rows.len()) {
                if let Some(g) = grid.get_mut(rr) {
                    if g.len() < c + cs {
                        g.resize(c + cs, None);
                    }
                    for slot in g.iter_mut().skip(c).take(cs) {
                        if slot.is_none() {
                            *slot = Some((r, k));
                        }
                    }
                }
            }
            c += cs;
        }
    }
    Grid {
        cells: grid,
        texts: rows
            .iter()
            .map(|r| r.cells.iter().map(|_| OnceCell::new()).collect())
            .collect(),
    }
}

fn cell_at<'a>(
    rows: &'a [seg::Row],
    grid: &Grid,
    r: usize,
    c: usize,
) -> Option<(usize, usize, &'a seg::Cell)> {
    let (or, ok) = (*grid.get(r)?.get(c)?)?;
    Some((or, ok, rows.get(or)?.cells.get(ok)?))
}

/// Column roles from the header rows `from..to`; lower rows refine.
fn column_roles(
    g: Grammars,
    rows: &[seg::Row],
    grid: &Grid,
    from: usize,
    to: usize,
) -> Vec<Option<&'static str>> {
    let width = grid.cells.iter().map(Vec::len).max().unwrap_or(0);
    let mut roles: Vec<Option<&'static str>> = vec![None; width];
    for r in from..to {
        for (c, slot) in roles.iter_mut().enumerate() {
            if let Some((_, _, cell)) = cell_at(rows, grid, r, c) {
                if let Some(role) = role_of(g, &cell.text) {
                    *slot = Some(role);
                }
            }
        }
    }
    // one column per role: the first
    let mut seen: Vec<&str> = Vec::new();
    for slot in roles.iter_mut() {
        if let Some(r) = *slot {
            if seen.contains(&r) {
                *slot = None;
            } else {
                seen.push(r);
            }
        }
    }
    roles
}

/// Number of cells of row `r` whose own text names a role.
fn header_score(g: Grammars, row: &seg::Row) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    for c in row.cells.iter().take(40) {
        if let Some(r) = role_of(g, &c.text) {
            if !seen.contains(&r) {
                seen.push(r);
            }
        }
    }
    seen.len()
}

/// The header rows: the first row (among the first four) naming two or
/// more roles, and the rows right below it that name roles too.
/// `layout_head` is the number of header rows the layout marks (0 when it
/// does not): no header row goes past it, and none starts with a row
/// number.
fn header_rows(g: Grammars, rows: &[seg::Row], layout_head: usize) -> Option<(usize, usize)> {
    let first = rows.iter().take(4).position(|r| header_score(g, r) >= 2)?;
    let mut end = first + 1;
    let limit = if layout_head > first {
        layout_head
    } else {
        first + 3
    };
    while end < rows.len() && end < limit {
        let Some(r) = rows.get(end) else { break };
        if r.cells
            .first()
            .is_some_and(|c| RowMarker::read(&c.text).is_some())
        {
            break;
        }
        let named = r
            .cells
            .iter()
            .take(40)
            .filter(|c| role_of(g, &c.text).is_some())
            .count();
        if named >= 1 && named * 2 >= r.cells.iter().filter(|c| !c.text.is_empty()).count() {
            end += 1;
        } else {
            break;
        }
    }
    Some((first, end))
}

/// A cell for the `tables` section; `text` is its [`plain`] text.
fn table_cell(doc: &Doc, c: &seg::Cell, text: &str) -> TableCell {
    TableCell {
        text: text.to_string(),
        row_span: c.row_span,
        col_span: c.col_span,
        span: doc.span(c.start, c.end),
    }
}

/// A text layout loses the spans of a two-row header: "Cơ quan thực hiện"
/// over "Chủ trì | Phối hợp" comes as a row of 4 and a row of 2. The lower
/// row is put under the upper cell of the same role as its first cell;
/// that cell spans it, the others span both rows. Returns the rows with
/// those spans, or None when nothing needs it or nothing fits.
fn spread_header(g: Grammars, rows: &[seg::Row], h0: usize, h1: usize) -> Option<Vec<seg::Row>> {
    if h1 != h0 + 2 {
        return None;
    }
    let (upper, lower) = (rows.get(h0)?, rows.get(h0 + 1)?);
    let spanned = |r: &seg::Row| r.cells.iter().any(|c| c.row_span > 1 || c.col_span > 1);
    if spanned(upper) || spanned(lower) || lower.cells.len() >= upper.cells.len() {
        return None;
    }
    let first = role_of(g, &lower.cells.first()?.text).filter(|r| TASK_FIELDS.contains(r))?;
    let at = upper.cells.iter().position(|c| {
        let r = role_of(g, &c.text);
        r == Some(first) || (first == "lead" && r == Some("partners"))
    })?;
    let mut out = rows.to_vec();
    let up = out.get_mut(h0)?;
    for (k, c) in up.cells.iter_mut().enumerate() {
        if k == at {
            c.col_span = u32::try_from(lower.cells.len()).unwrap_or(1);
        } else {
            c.row_span = 2;
        }
    }
    Some(out)
}

/// The last lines of text between the end of the previous table (`from`)
/// and the start of this one, the nearest first: its caption, or the
/// sentence that leads into it ("3.7 Quy trình xử lý công việc", "DANH
/// MỤC DỰ ÁN …").
fn caption(doc: &Doc, from: usize, to: usize) -> Vec<String> {
    let gap = doc.text.get(from.min(to)..to).unwrap_or("");
    gap.lines()
        .rev()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "|")
        .take(CAPTION_LINES)
        .map(str::to_string)
        .collect()
}

/// Lines above a table read as its caption.
const CAPTION_LINES: usize = 4;

/// Whether a table whose columns could hold tasks is a task table (see
/// [`kind`]): no header cells of another kind of table, no steps of a
/// procedure among its rows, and a caption (or, without one, a document)
/// whose genre holds task tables, unless it names both a lead and a
/// partners column.
fn is_task_table(
    g: Grammars,
    rows: &[seg::Row],
    header: &[String],
    body_from: usize,
    caption: &[String],
    doc_holds_tasks: bool,
    assigns: bool,
) -> bool {
    if kind::header_kind(g, header.iter().map(String::as_str)).is_some() {
        return false;
    }
    let steps = rows
        .iter()
        .skip(body_from)
        .filter(|r| {
            r.cells
                .iter()
                .find(|c| !c.text.trim().is_empty())
                .is_some_and(|c| kind::is_step(g, &c.text))
        })
        .count();
    if steps >= 2 {
        return false;
    }
    // the nearest caption line that names a genre decides
    let holds = caption
        .iter()
        .find(|l| kind::genre(g, l).is_some())
        .map_or(doc_holds_tasks, |l| kind::genre_holds_tasks(g, l));
    holds || assigns
}

fn read_table(
    doc: &Doc,
    t: &seg::Table,
    index: usize,
    above: &[String],
    doc_holds_tasks: bool,
) -> (Table, Vec<Task>) {
    let g = doc.grammars;
    let found = header_rows(g, &t.rows, t.head);
    let spread = found.and_then(|(h0, h1)| spread_header(g, &t.rows, h0, h1));
    let rows: &[seg::Row] = spread.as_deref().unwrap_or(&t.rows);
    let grid = lay_out(rows);
    let head = found;
    // without header words, the rows the layout marks as header
    let (h0, h1) = head.unwrap_or((0, t.head.min(3)));
    let roles = column_roles(g, rows, &grid, h0, h1);
    let has = |role: &str| roles.contains(&Some(role));
    let could_hold_tasks = head.is_some() && has("task") && TASK_FIELDS.iter().any(|f| has(f));
    let header: Vec<String> = (0..roles.len())
        .map(|c| {
            let mut parts: Vec<String> = Vec::new();
            for r in h0..h1 {
                if let Some((or, ok, _)) = cell_at(rows, &grid, r, c) {
                    let s = grid.text(rows, or, ok);
                    if !s.is_empty() && !parts.iter().any(|p| p == s) {
                        parts.push(s.to_string());
                    }
                }
            }
            parts.join(" ")
        })
        .collect();
    let body_from = h1;
    // title rows above the header are the nearest lines of the caption
    let mut caption: Vec<String> = rows
        .iter()
        .take(h0)
        .rev()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    caption.extend(above.iter().cloned());
    let is_tasks = could_hold_tasks
        && is_task_table(
            g,
            rows,
            &header,
            body_from,
            &caption,
            doc_holds_tasks,
            has("lead") && has("partners"),
        );
    let tasks = if is_tasks {
        // a text layout prints a merged cell once, in its first row
        let fill_down = matches!(
            t.layout.as_str(),
            "markdown" | "tabs" | "inline" | "pipe_lines"
        );
        read_tasks(doc, rows, &grid, &roles, body_from, index, fill_down)
    } else {
        Vec::new()
    };
    let table = Table {
        role: if tasks.is_empty() { "data" } else { "tasks" }.to_string(),
        layout: t.layout.clone(),
        header,
        // every row but the header ones (title rows above it are kept)
        rows: rows
            .iter()
            .enumerate()
            .filter(|(k, _)| *k < h0 || *k >= body_from)
            .map(|(k, r)| {
                r.cells
                    .iter()
                    .enumerate()
                    .map(|(j, c)| table_cell(doc, c, grid.text(rows, k, j)))
                    .collect()
            })
            .collect(),
        span: doc.span(t.start, t.end),
        line: doc.line_of(t.start),
    };
    (table, tasks)
}

/// The text of column `role` in row `r`, markup stripped, with the row its
/// cell starts in; None when empty.
fn cell_text(
    rows: &[seg::Row],
    grid: &Grid,
    roles: &[Option<&str>],
    r: usize,
    role: &str,
) -> Option<(usize, String)> {
    let c = roles.iter().position(|x| *x == Some(role))?;
    let (origin, k, _) = cell_at(rows, grid, r, c)?;
    let s = grid.text(rows, origin, k);
    (!s.is_empty()).then(|| (origin, s.to_string()))
}

/// The text of column `role` in row `r` (a cell spanning from above counts).
fn field(
    rows: &[seg::Row],
    grid: &Grid,
    roles: &[Option<&str>],
    r: usize,
    role: &str,
) -> Option<String> {
    cell_text(rows, grid, roles, r, role).map(|(_, s)| s)
}

/// Like [`field`], but only from a cell that starts in row `r`.
fn own_field(
    rows: &[seg::Row],
    grid: &Grid,
    roles: &[Option<&str>],
    r: usize,
    role: &str,
) -> Option<String> {
    cell_text(rows, grid, roles, r, role).and_then(|(origin, s)| (origin == r).then_some(s))
}

/// Distinct non-empty cells of a row, as (column, text).
fn filled(rows: &[seg::Row], grid: &Grid, r: usize) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut seen: Vec<(usize, usize)> = Vec::new();
    let width = grid.width(r);
    for c in 0..width {
        if let Some((or, ok, _)) = cell_at(rows, grid, r, c) {
            if or != r || seen.contains(&(or, ok)) {
                continue;
            }
            seen.push((or, ok));
            let s = grid.text(rows, or, ok);
            if !s.is_empty() {
                out.push((c, s.to_string()));
            }
        }
    }
    out
}

/// Splits a leading row marker off a text: "b) Ủy ban" → ("b)", "Ủy ban");
/// "II. Cải cách" → ("II.", "Cải cách").
pub fn split_marker(text: &str) -> Option<(String, RowMarker, String)> {
    let t = text.trim();
    let cut = t.find([' ', '\t'])?;
    let (head, rest) = (t.get(..cut)?, t.get(cut..)?.trim());
    if rest.is_empty() {
        return None;
    }
    let m = RowMarker::read(head)?;
    // a bare number followed by text is a count, not a marker ("30 ngày")
    if matches!(m, RowMarker::Arabic(_)) && !head.ends_with(['.', ')']) {
        return None;
    }
    Some((head.to_string(), m, rest.to_string()))
}

fn is_repeated_header(
    g: Grammars,
    rows: &[seg::Row],
    grid: &Grid,
    roles: &[Option<&str>],
    r: usize,
) -> bool {
    let width = grid.width(r);
    let same = (0..width)
        .filter(|&c| {
            let role = roles.get(c).copied().flatten();
            role.is_some()
                && cell_at(rows, grid, r, c)
                    .is_some_and(|(or, _, cell)| or == r && role_of(g, &cell.text) == role)
        })
        .count();
    same >= 2
}

fn is_column_numbers(cells: &[(usize, String)]) -> bool {
    cells.len() >= 3
        && cells.iter().enumerate().all(|(k, (_, s))| {
            s.trim_matches(|c| c == '(' || c == ')')
                .parse::<usize>()
                .ok()
                == Some(k + 1)
        })
}

fn starts_lowercase(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphanumeric() || *c == '(' || *c == '-')
        .is_some_and(|c| c.is_lowercase())
}

/// Mostly capital letters ("CẢI CÁCH THỂ CHẾ"): a heading.
fn is_capitals(s: &str) -> bool {
    let (mut letters, mut upper) = (0usize, 0usize);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_uppercase() {
            upper += 1;
        }
    }
    letters >= 6 && upper * 10 >= letters * 9
}

fn heading_text(s: &str) -> String {
    match split_marker(s) {
        Some((_, m, rest)) if m.is_group() || matches!(m, RowMarker::Arabic(_)) => rest,
        _ => s.to_string(),
    }
}

fn read_tasks(
    doc: &Doc,
    rows: &[seg::Row],
    grid: &Grid,
    roles: &[Option<&str>],
    from: usize,
    index: usize,
    fill_down: bool,
) -> Vec<Task> {
    let g = doc.grammars;
    let stt_col = roles.iter().position(|x| *x == Some("stt"));
    let task_col = roles.iter().position(|x| *x == Some("task"));
    let mut out: Vec<Task> = Vec::new();
    // the innermost group heading: `section` from I, A or a lone heading,
    // `inner` from "1 | heading" over 1.1, 1.2 (until the next 2, 3 …)
    let mut section: Option<String> = None;
    let mut inner: Option<String> = None;
    let mut after_break = false;
    let mut r = from;
    while r < rows.len() {
        let Some(row) = rows.get(r) else { break };
        let cells = filled(rows, grid, r);
        if cells.is_empty() || is_column_numbers(&cells) {
            r += 1;
            continue;
        }
        if is_repeated_header(g, rows, grid, roles, r) {
            after_break = true;
            r += 1;
            continue;
        }
        let f = |role: &str| field(rows, grid, roles, r, role);
        let mut stt = f("stt");
        let mut task = f("task");
        // A lone text: in the stt column, spanning, or the only cell.
        let lone = cells.len() == 1;
        // a cell of this row that spans the whole row is its only cell,
        // not a lead or timeline too
        let lone_cell = if lone {
            cells
                .first()
                .and_then(|(c, _)| cell_at(rows, grid, r, *c))
                .map(|(or, ok, _)| (or, ok))
        } else {
            None
        };
        let others = TASK_FIELDS.iter().chain(&["note"]).any(|x| {
            roles
                .iter()
                .position(|role| *role == Some(*x))
                .and_then(|c| cell_at(rows, grid, r, c))
                .is_some_and(|(or, ok, _)| {
                    Some((or, ok)) != lone_cell && !grid.text(rows, or, ok).is_empty()
                })
        });
        let stt_marker = stt.as_deref().and_then(RowMarker::read);
        if lone && !others {
            let text = cells.first().map(|(_, s)| s.clone()).unwrap_or_default();
            let in_stt = stt_col.is_some() && cells.first().map(|x| x.0) == stt_col;
            match split_marker(&text) {
                Some((_, m, rest)) if m.is_group() => {
                    section = Some(rest);
                    inner = None;
                    r += 1;
                    continue;
                }
                _ => {}
            }
            let col = cells.first().map_or(0, |x| x.0);
            let raw = cell_at(rows, grid, r, col).map_or("", |(_, _, c)| c.text.as_str());
            let styled = raw.trim_start().starts_with("**") || is_capitals(&text);
            if in_stt || styled || task_col.is_none_or(|c| col != c) {
                // a heading written across the table (not a task text)
                if !starts_lowercase(&text) {
                    section = Some(heading_text(&text));
                    inner = None;
                    r += 1;
                    continue;
                }
            }
        }
        // Group row: a group numeral and only a heading, in whichever
        // column the heading sits (stray text in a time or note column
        // does not make it a task).
        let bare = ["lead", "partners", "output"]
            .iter()
            .all(|x| f(x).is_none());
        if stt_marker.as_ref().is_some_and(RowMarker::is_group) && (cells.len() <= 2 || bare) {
            let heading = cells.iter().find(|(c, _)| Some(*c) != stt_col);
            if let Some((_, t)) = heading {
                section = Some(heading_text(t));
                inner = None;
                r += 1;
                continue;
            }
        }
        // "1 | heading" with sub-rows 1.1, 1.2 below is a group too.
        if let (Some(RowMarker::Arabic(n)), false, Some(t)) = (&stt_marker, others, &task) {
            let next = next_stt(rows, grid, roles, r + 1);
            if matches!(next, Some(RowMarker::Dotted(first, _)) if first == *n) {
                inner = Some(t.clone());
                r += 1;
                continue;
            }
        }
        // A row with no number whose text carries one: "b) Ủy ban …".
        if stt.is_none() {
            if let Some((head, m, rest)) = task.as_deref().and_then(split_marker) {
                if m.is_group() && !others {
                    section = Some(rest);
                    inner = None;
                    r += 1;
                    continue;
                }
                stt = Some(head);
                task = Some(rest);
            }
        }
        // A row that continues the one above (cut by a page break).
        if stt.is_none() {
            if let Some(prev) = out.last_mut() {
                // lower case, or a bare text under a row that did not end
                // its sentence (the rest of a cell cut by a page break)
                let unfinished = !prev.task.trim_end().ends_with(['.', '!', '?']);
                // its other cells are the rest of cells cut off too
                let own: Vec<String> = ["output", "timeline", "lead", "partners", "note"]
                    .iter()
                    .filter_map(|x| own_field(rows, grid, roles, r, x))
                    .collect();
                let rests = !own.is_empty() && own.iter().all(|v| starts_lowercase(v));
                let cont = task.as_deref().is_none_or(starts_lowercase)
                    || ((!others || rests) && (after_break || unfinished));
                if cont {
                    append(&mut prev.task, task.as_deref());
                    // a piece the row above already ends with is printed
                    // twice across the break
                    let printed = |v: &str| {
                        let v = fold::fold(v);
                        [
                            &prev.output,
                            &prev.timeline,
                            &prev.lead,
                            &prev.partners,
                            &prev.note,
                        ]
                        .iter()
                        .any(|x| x.as_deref().is_some_and(|x| fold::fold(x).ends_with(&v)))
                    };
                    let own: Vec<(&str, Option<String>)> =
                        ["output", "timeline", "lead", "partners", "note"]
                            .iter()
                            .map(|x| (*x, own_field(rows, grid, roles, r, x)))
                            .map(|(x, v)| (x, v.filter(|v| !printed(v))))
                            .collect();
                    for (role, slot) in [
                        ("output", &mut prev.output),
                        ("timeline", &mut prev.timeline),
                        ("lead", &mut prev.lead),
                        ("partners", &mut prev.partners),
                        ("note", &mut prev.note),
                    ] {
                        // only this row's own cells: a cell spanned from
                        // above is already there
                        let v = own
                            .iter()
                            .find(|(x, _)| *x == role)
                            .and_then(|(_, v)| v.clone());
                        if let Some(v) = v {
                            let mut s = slot.take().unwrap_or_default();
                            append(&mut s, Some(&v));
                            *slot = Some(s);
                        }
                    }
                    prev.timeline_parsed =
                        prev.timeline.as_deref().and_then(|t| timeline::parse(g, t));
                    let end = doc.span(row.start, row.end).end;
                    prev.span.end = prev.span.end.max(end);
                    after_break = false;
                    r += 1;
                    continue;
                }
            }
        }
        after_break = false;
        // a form's blank row ("...... | ......") names no task
        let Some(task_text) = task.filter(|t| t.chars().any(char::is_alphanumeric)) else {
            r += 1;
            continue;
        };
        let timeline_text = f("timeline");
        if matches!(
            stt.as_deref().and_then(RowMarker::read),
            Some(RowMarker::Arabic(_))
        ) {
            inner = None;
        }
        let section_now = inner.clone().or_else(|| section.clone());
        let (mut lead, mut partners) = (f("lead"), f("partners"));
        // A numbered row with cells of its own but no lead, under a row of
        // the same group that has one: a text layout printed the merged
        // lead (and partners) once. A row with nothing but its text is the
        // head of sub-rows, not a row under a merged cell.
        let own_cells = ["timeline", "output", "partners", "note"]
            .iter()
            .any(|x| f(x).is_some());
        if fill_down && lead.is_none() && stt.is_some() && own_cells {
            if let Some(prev) = out.last().filter(|p| p.section == section_now) {
                lead = prev.lead.clone();
                if partners.is_none() {
                    partners = prev.partners.clone();
                }
            }
        }
        out.push(Task {
            section: section_now,
            stt,
            task: task_text,
            output: f("output"),
            timeline_parsed: timeline_text.as_deref().and_then(|t| timeline::parse(g, t)),
            timeline: timeline_text,
            lead,
            partners,
            note: f("note"),
            table: index,
            span: doc.span(row.start, row.end),
            line: doc.line_of(row.start),
        });
        r += 1;
    }
    for t in &mut out {
        drop_footnotes_of(g, t);
    }
    out
}

/// Footnote markers ("[2]") are not part of a cell's text.
fn drop_footnotes_of(g: Grammars, t: &mut Task) {
    for slot in [
        &mut t.section,
        &mut t.stt,
        &mut t.output,
        &mut t.timeline,
        &mut t.lead,
        &mut t.partners,
        &mut t.note,
    ] {
        if let Some(v) = slot.as_deref() {
            if v.contains('[') {
                let d = drop_footnotes(v);
                *slot = (!d.is_empty()).then_some(d);
            }
        }
    }
    if t.task.contains('[') {
        t.task = drop_footnotes(&t.task);
    }
    if t.timeline_parsed.is_some() || t.timeline.is_some() {
        t.timeline_parsed = t.timeline.as_deref().and_then(|t| timeline::parse(g, t));
    }
}

/// `s` without footnote markers: a number of one to three digits in
/// square brackets ("Cơ quan chủ trì[1]", "TRUNG ƯƠNG [2]").
fn drop_footnotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('[') {
        let (head, tail) = rest.split_at(i);
        let digits = tail
            .get(1..)
            .map_or(0, |t| t.bytes().take_while(u8::is_ascii_digit).count());
        if (1..=3).contains(&digits) && tail.as_bytes().get(1 + digits) == Some(&b']') {
            out.push_str(head);
            rest = tail.get(digits + 2..).unwrap_or("");
        } else {
            out.push_str(head);
            out.push('[');
            rest = tail.get(1..).unwrap_or("");
        }
    }
    out.push_str(rest);
    fold::squeeze(&out).trim().to_string()
}

fn append(s: &mut String, more: Option<&str>) {
    if let Some(m) = more {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(m);
    }
}

fn next_stt(rows: &[seg::Row], grid: &Grid, roles: &[Option<&str>], r: usize) -> Option<RowMarker> {
    let s = field(rows, grid, roles, r, "stt")?;
    RowMarker::read(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> Grammars {
        Grammars::builtin()
    }
    use crate::decode::{Decoded, Format, RawCell, RawTable};
    use crate::model::Source;
    use crate::text::MappedText;

    fn doc_of(text: &str) -> Doc {
        let d = Decoded::plain(
            MappedText::identity(text.to_string()),
            Format::Text,
            "utf-8",
        );
        Doc::build(g(), d, Source::default())
    }

    #[test]
    fn pipe_lines_task_table() {
        let t = "PHỤ LỤC\nSTT\n|\nNHIỆM VỤ CỤ THỂ\n|\nKẾT QUẢ, SẢN PHẨM\n|\nTHỜI GIAN THỰC HIỆN\n|\nCƠ QUAN CHỦ TRÌ\n|\nCƠ QUAN PHỐI HỢP\n|\nGHI CHÚ\n|\nI\n|\nCÔNG TÁC\nCHỈ ĐẠO\n|\n|\n|\n|\n|\n|\n1\n|\nKế hoạch\nhằng năm\n|\nKế hoạch của UBND\n|\nQuý III/2026\n|\nSở Nội vụ\n|\nCác Sở\n|\n|\na)\n|\nViệc con\n|\nBáo cáo\n|\nThường xuyên\n|\nSở Tư pháp\n|\n|\n|\n";
        let (tasks, tables) = extract(&doc_of(t), &Document::default());
        assert_eq!(tasks.len(), 2, "{tasks:?}");
        let a = &tasks[0];
        assert_eq!(a.section.as_deref(), Some("CÔNG TÁC CHỈ ĐẠO"));
        assert_eq!(a.stt.as_deref(), Some("1"));
        assert_eq!(a.task, "Kế hoạch hằng năm");
        assert_eq!(a.output.as_deref(), Some("Kế hoạch của UBND"));
        assert_eq!(a.lead.as_deref(), Some("Sở Nội vụ"));
        assert_eq!(a.partners.as_deref(), Some("Các Sở"));
        assert_eq!(a.note, None);
        assert_eq!(
            a.timeline_parsed.as_ref().map(|p| p.kind),
            Some(crate::model::TimelineKind::Range)
        );
        assert_eq!(tasks[1].stt.as_deref(), Some("a)"));
        assert_eq!(tasks[1].partners, None);
        assert_eq!(tables[0].role, "tasks");
        assert_eq!(&t[a.span.start..a.span.start + 1], "1");
    }

    #[test]
    fn tab_task_table_with_page_breaks() {
        let t = "TT\tNội dung công việc\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\tSản phẩm\n\
I. Chỉ đạo điều hành\t\t\t\t\t\n\
1\tBan hành Kế hoạch\t\t\t\t\n\
\tb) Ủy ban nhân dân huyện\tPhòng Nội vụ\t\t15/01/2023\tKế hoạch huyện\n\
2\tSau sắp xếp, xây dựng Đề án theo Nghị định\tPhòng Nội vụ\tCác cơ quan\tCả năm 2023\t\n\
\n\
TT\tNội dung công việc\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\tSản phẩm\n\
\tcủa Chính phủ.\t\t\t\t\n\
\n\
II. Cải cách thể chế\n\
\n\
3\tRà soát văn bản\tPhòng Tư pháp\t\tCả năm 2023\tKế hoạch\n";
        let (tasks, _) = extract(&doc_of(t), &Document::default());
        let got: Vec<(Option<&str>, Option<&str>, &str)> = tasks
            .iter()
            .map(|x| (x.section.as_deref(), x.stt.as_deref(), x.task.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("Chỉ đạo điều hành"), Some("1"), "Ban hành Kế hoạch"),
                (
                    Some("Chỉ đạo điều hành"),
                    Some("b)"),
                    "Ủy ban nhân dân huyện"
                ),
                (
                    Some("Chỉ đạo điều hành"),
                    Some("2"),
                    "Sau sắp xếp, xây dựng Đề án theo Nghị định của Chính phủ."
                ),
                (Some("Cải cách thể chế"), Some("3"), "Rà soát văn bản"),
            ]
        );
        assert_eq!(tasks[1].timeline.as_deref(), Some("15/01/2023"));
        assert_eq!(tasks[1].output.as_deref(), Some("Kế hoạch huyện"));
        assert_eq!(tasks[0].lead, None);
    }

    #[test]
    fn row_spanned_sub_rows_are_tasks_of_their_own() {
        let t = "\n|\nSTT\n|\nCơ quan chủ trì\n|\nNội dung nhiệm vụ\n|\nThời hạn hoàn thành\n|\n|\nA.\n|\nBỘ XÂY DỰNG\n|\n|\n1\n|\nBộ Xây dựng\n|\n- Việc một\n|\nNăm 2026\n|\n|\n- Việc hai\n|\nGiai đoạn 2026 - 2030\n|\n\nHết.\n";
        let (tasks, _) = extract(&doc_of(t), &Document::default());
        assert_eq!(tasks.len(), 2, "{tasks:?}");
        assert_eq!(tasks[1].stt.as_deref(), Some("1"));
        assert_eq!(tasks[1].lead.as_deref(), Some("Bộ Xây dựng"));
        assert_eq!(tasks[1].task, "- Việc hai");
        assert_eq!(tasks[1].section.as_deref(), Some("BỘ XÂY DỰNG"));
        assert_eq!(
            tasks[1]
                .timeline_parsed
                .as_ref()
                .and_then(|p| p.to.as_deref()),
            Some("2030-12-31")
        );
    }

    #[test]
    fn markdown_task_table_with_bold_groups() {
        let t = "| TT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn |\n|---|---|---|---|\n| **I. Thể chế** | | | |\n| 1 | Rà soát | Sở Tư pháp | 2026-2030 |\n| **A.** | | **BỘ TƯ PHÁP** | |\n| 1 | Thẩm định | Bộ Tư pháp | Quý I/2026 |\n| | **Nhóm việc khác** | | |\n| 2 | Việc khác; | Sở | |\n| | (5) phần còn lại | | |\n| 3 | Việc ba. | Sở | |\n| | Việc không số | | |\n";
        let (tasks, tables) = extract(&doc_of(t), &Document::default());
        assert_eq!(tasks.len(), 5, "{tasks:?}");
        assert_eq!(tasks[2].section.as_deref(), Some("Nhóm việc khác"));
        // the rest of a cell cut by a page break joins its row
        assert_eq!(tasks[2].task, "Việc khác; (5) phần còn lại");
        // a bare row under a finished sentence is a row of its own
        assert_eq!(tasks[4].task, "Việc không số");
        assert_eq!(tasks[0].section.as_deref(), Some("Thể chế"));
        assert_eq!(tasks[1].section.as_deref(), Some("BỘ TƯ PHÁP"));
        assert_eq!(tasks[0].timeline.as_deref(), Some("2026-2030"));
        assert_eq!(tables[0].layout, "markdown");
    }

    #[test]
    fn numbered_groups_over_dotted_rows_end_at_the_next_number() {
        let t = "| STT | Tên nhiệm vụ | Đơn vị chủ trì | Thời hạn hoàn thành |\n|---|---|---|---|\n| **A** | **NHIỆM VỤ CHUNG** | | |\n| 1 | Lĩnh vực tư pháp | | |\n| 1.1 | Rà soát văn bản | Sở Tư pháp | Quý II/2026 |\n| 2 | Số hóa hồ sơ | Sở Khoa học và Công nghệ | 2026 |\n";
        let (tasks, tables) = extract(&doc_of(t), &Document::default());
        assert_eq!(tables[0].header[1], "Tên nhiệm vụ");
        let got: Vec<(Option<&str>, Option<&str>)> = tasks
            .iter()
            .map(|x| (x.section.as_deref(), x.stt.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("Lĩnh vực tư pháp"), Some("1.1")),
                (Some("NHIỆM VỤ CHUNG"), Some("2"))
            ]
        );
    }

    #[test]
    fn the_rest_of_a_row_cut_by_a_page_break_joins_it() {
        // the lead's last words printed again, a column further
        let t = "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn |\n|---|---|---|---|---|\n| 1 | Triển khai: (1) Việc một; (2) Việc hai; | Bộ Công an, Bộ Nông nghiệp và Môi trường | | 2026 |\n| | (3) Việc ba. | | nghiệp và Môi trường | |\n| 2 | Việc khác. | Bộ Tư pháp | | 2027 |\n";
        let (tasks, _) = extract(&doc_of(t), &Document::default());
        assert_eq!(tasks.len(), 2, "{tasks:?}");
        assert_eq!(
            tasks[0].task,
            "Triển khai: (1) Việc một; (2) Việc hai; (3) Việc ba."
        );
        assert_eq!(tasks[0].partners, None);
        assert_eq!(
            tasks[0].lead.as_deref(),
            Some("Bộ Công an, Bộ Nông nghiệp và Môi trường")
        );
    }

    #[test]
    fn a_two_row_header_in_a_text_layout_is_spread() {
        let t = "| STT | Nội dung | Cơ quan thực hiện | Thời gian |\n| Chủ trì | Phối hợp |\n|---|---|---|---|---|\n| 1 | Việc | Sở A | Sở B | 2026 |\n";
        let (tasks, tables) = extract(&doc_of(t), &Document::default());
        assert_eq!(tasks.len(), 1, "{tables:?}");
        assert_eq!(tasks[0].lead.as_deref(), Some("Sở A"));
        assert_eq!(tasks[0].partners.as_deref(), Some("Sở B"));
        assert_eq!(tasks[0].timeline.as_deref(), Some("2026"));
        assert_eq!(tables[0].header[2], "Cơ quan thực hiện Chủ trì");
    }

    #[test]
    fn a_layout_block_is_data_not_tasks() {
        let t = "ỦY BAN NHÂN DÂN\nTỈNH X\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\nSố: 1/QĐ-UBND\n|\nQUYẾT ĐỊNH\n";
        let (tasks, tables) = extract(&doc_of(t), &Document::default());
        assert!(tasks.is_empty());
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].role, "data");
    }

    #[test]
    fn blank_rows_of_a_form_are_no_tasks() {
        let t = "| Thời gian | Công việc - Chức vụ | Đơn vị công tác | Số tháng làm việc |\n\
                 |---|---|---|---|\n\
                 | ...... | ...... | ...... | ...... |\n\
                 | …… | …… | …… | …… |\n";
        let (tasks, tables) = extract(&doc_of(t), &Document::default());
        assert!(tasks.is_empty(), "{tasks:?}");
        assert_eq!(tables.len(), 1, "{tables:?}");
    }

    #[test]
    fn front_end_tables_with_spans_map_to_tasks() {
        // Header: STT | Nhiệm vụ | Thực hiện (colspan 2) over Chủ trì | Phối hợp
        let text = "STT Nhiệm vụ Thực hiện Chủ trì Phối hợp 1 Việc một Sở A Sở B Việc hai Sở C";
        let at = |s: &str| text.find(s).unwrap_or(0);
        let c = |s: &str, row_span: u32, col_span: u32| RawCell {
            start: at(s),
            end: at(s) + s.len(),
            row_span,
            col_span,
        };
        let rows = vec![
            vec![c("STT", 2, 1), c("Nhiệm vụ", 2, 1), c("Thực hiện", 1, 2)],
            vec![c("Chủ trì", 1, 1), c("Phối hợp", 1, 1)],
            vec![
                c("1", 1, 1),
                c("Việc một", 1, 1),
                c("Sở A", 2, 1),
                c("Sở B", 1, 1),
            ],
            vec![
                RawCell {
                    start: at("Việc hai") - 1,
                    end: at("Việc hai") - 1,
                    row_span: 1,
                    col_span: 1,
                },
                c("Việc hai", 1, 1),
                c("Sở C", 1, 1),
            ],
        ];
        let raw = vec![RawTable {
            layout: "html".into(),
            rows,
        }];
        let mut d = doc_of(text);
        d.tables = seg::from_raw(&d.text, &raw);
        let (tasks, tables) = extract(&d, &Document::default());
        assert_eq!(tables[0].layout, "html");
        assert_eq!(
            tables[0].header,
            ["STT", "Nhiệm vụ", "Thực hiện Chủ trì", "Thực hiện Phối hợp"]
        );
        assert_eq!(tasks.len(), 2, "{tasks:?}");
        assert_eq!(tasks[0].lead.as_deref(), Some("Sở A"));
        assert_eq!(tasks[0].partners.as_deref(), Some("Sở B"));
        // the lead cell spans two rows: the second task has it too
        assert_eq!(tasks[1].task, "Việc hai");
        assert_eq!(tasks[1].lead.as_deref(), Some("Sở A"));
        assert_eq!(tasks[1].partners.as_deref(), Some("Sở C"));
    }

    #[test]
    fn plain_text_is_stripped_as_strip_markup_strips_it() {
        for t in [
            "",
            " a  b ",
            "**I.** Thể chế",
            "a_b",
            "x\u{a0}y\n z",
            "Đ  Ư\t",
        ] {
            assert_eq!(plain(t), strip_markup(t), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_agrees_with_strip_markup(t in "[ a*_Đđ\u{a0}\t\n]{0,30}") {
            proptest::prop_assert_eq!(plain(&t), strip_markup(&t));
        }
    }

    #[test]
    fn markers_split_off_text() {
        assert_eq!(
            split_marker("b) Ủy ban nhân dân"),
            Some((
                "b)".to_string(),
                RowMarker::Lower(2),
                "Ủy ban nhân dân".to_string()
            ))
        );
        assert_eq!(
            split_marker("II. Cải cách thể chế").map(|x| x.2),
            Some("Cải cách thể chế".to_string())
        );
        assert!(split_marker("30 ngày làm việc").is_none());
        assert!(split_marker("Sở Nội vụ").is_none());
    }
}
