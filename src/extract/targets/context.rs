//! The text around a figure: its clause and sentence, the years they name,
//! the plan period when the document section has none, and the marks of a
//! figure that describes the past (grammars/goal_rules.toml).

use super::classify::Hits;
use crate::doc::Doc;
use crate::error::Result;
use crate::model::Period;
use crate::rules::{Grammars, Slot};
use crate::segment::Line;
use crate::text::fold::{fold, lower};
use regex::Regex;
use serde::Deserialize;
use std::cell::{Cell, RefCell};
use std::sync::OnceLock;

/// How far a clause may reach from its figure, in bytes.
const REACH: usize = 600;

/// Where a piece of text ends for a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// `.`, `;`, `:`, a tab or table bar, or a new paragraph.
    Clause,
    /// `.` or a new paragraph only.
    Sentence,
}

/// A new paragraph (or list item) starts at line `this` after line
/// `prev`: it opens with a marker and carries on no year range wrapped at
/// its dash, or `prev` is a heading in capitals and `this` a sentence
/// ("I. MỤC TIÊU" + "Đến năm 2030, …": the heading is no part of it).
fn starts_paragraph(prev: &str, this: &str) -> bool {
    (is_marker_line(this) && !crate::segment::outline::wraps_year_range(prev, this))
        || caps_then_sentence(prev, this)
        || is_row_line(prev)
}

/// A whole table row on one line ("2 | Hạ tầng | … | ≥90%", tab-separated
/// cells): it ends where the line ends, the next line is no part of it.
fn is_row_line(line: &str) -> bool {
    let cells = |sep: u8| line.bytes().filter(|&b| b == sep).count();
    let t = line.trim();
    !t.is_empty() && t != "|" && (cells(b'|') >= 2 || cells(b'\t') >= 2)
}

/// `prev` has letters, all capitals; `this` starts with a capital and has
/// small letters.
fn caps_then_sentence(prev: &str, this: &str) -> bool {
    let t = this.trim_start();
    t.chars().next().is_some_and(char::is_uppercase)
        && crate::text::capitals(t).is_none()
        && crate::text::capitals(prev).is_some_and(|n| n >= 3)
}

fn is_marker_line(line: &str) -> bool {
    let t = line.trim_start();
    if t.is_empty() {
        return true;
    }
    let mut chars = t.chars();
    let first = chars.next().unwrap_or(' ');
    if matches!(first, '-' | '+' | '•' | '–' | '*' | '#' | '|') {
        return true;
    }
    // "1.", "2.1.", "a)", "II."
    let head = t
        .char_indices()
        .nth(8)
        .and_then(|(i, _)| t.get(..i))
        .unwrap_or(t);
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        crate::re::constant(r"^(?:[0-9]{1,2}(?:\.[0-9]{1,2})*[.)]|[a-zđ]\)|[IVXL]{1,5}\.)(?:\s|$)")
    });
    re.is_match(head)
}

/// Is the byte at `i` (a `.`) the end of a sentence, not a decimal point or
/// a part of "3.1.2."?
fn ends_sentence(text: &str, i: usize) -> bool {
    text.get(i + 1..)
        .and_then(|s| s.chars().next())
        .is_none_or(char::is_whitespace)
}

#[cfg(test)]
fn is_stop(text: &str, i: usize, b: u8, stop: Stop) -> bool {
    match b {
        b'.' => ends_sentence(text, i),
        b';' | b':' | b'\t' | b'|' => stop == Stop::Clause,
        _ => false,
    }
}

/// Start of the clause or sentence holding `pos`: the plain walk that
/// the tests hold [`Bounds::start_of`] to.
#[cfg(test)]
fn start_of(text: &str, pos: usize, stop: Stop) -> usize {
    let bytes = text.as_bytes();
    let floor = pos.saturating_sub(REACH);
    let mut i = pos;
    while i > floor {
        let b = bytes.get(i - 1).copied().unwrap_or(b'\n');
        if b == b'\n' {
            // a new paragraph starts at i when this line is a marker line or
            // the line before is blank
            let line_end = text
                .get(i..)
                .and_then(|s| s.find('\n'))
                .map_or(text.len(), |e| i + e);
            let this_line = text.get(i..line_end).unwrap_or("");
            let prev_start = text
                .get(..i - 1)
                .and_then(|s| s.rfind('\n'))
                .map_or(0, |p| p + 1);
            let prev_line = text.get(prev_start..i - 1).unwrap_or("");
            if starts_paragraph(prev_line, this_line) || prev_line.trim().is_empty() {
                return i;
            }
        } else if is_stop(text, i - 1, b, stop) {
            return i;
        }
        i -= 1;
    }
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// End of the clause or sentence holding `pos`: the plain walk that the
/// tests hold [`Bounds::end_of`] to.
#[cfg(test)]
fn end_of(text: &str, pos: usize, stop: Stop) -> usize {
    let bytes = text.as_bytes();
    let ceil = (pos + REACH).min(text.len());
    let mut i = pos;
    while i < ceil {
        let b = bytes.get(i).copied().unwrap_or(b'\n');
        if b == b'\n' {
            let next_end = text
                .get(i + 1..)
                .and_then(|s| s.find('\n'))
                .map_or(text.len(), |e| i + 1 + e);
            let next = text.get(i + 1..next_end).unwrap_or("");
            let this_start = text
                .get(..i)
                .and_then(|s| s.rfind('\n'))
                .map_or(0, |p| p + 1);
            let this = text.get(this_start..i).unwrap_or("");
            if starts_paragraph(this, next) {
                return i;
            }
        } else if is_stop(text, i, b, stop) {
            return if b == b'.' { i + 1 } else { i };
        }
        i += 1;
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The clause and sentence bounds around figures, and the table blocks
/// of their lines: [`Bounds::start_of`], [`Bounds::end_of`] and
/// [`Bounds::column_year`] read only near the figures asked about, with what each line says (does it open a
/// paragraph, the first line of its table block) worked out once.
pub struct Bounds<'a> {
    g: Grammars,
    text: &'a str,
    lines: &'a [Line],
    /// Per line: [`UNKNOWN`], or whether it opens with a list marker that
    /// is no year range wrapped at its dash (0 or 1).
    marker: Vec<Cell<u8>>,
    /// Per line: [`UNKNOWN`], [`NO_BLOCK`] when the line holds no `|` (tab),
    /// else the first line of the run of lines holding one.
    bar_top: Vec<Cell<usize>>,
    tab_top: Vec<Cell<usize>>,
    /// The last bounds asked: (position, stop, forward) → bound.
    recent: RefCell<[(usize, Stop, bool, usize); RECENT]>,
    next_recent: Cell<usize>,
    /// Column cursor: (line, offset, separators from line start to offset).
    cursor: Cell<(usize, usize, usize)>,
    /// Years of the cells of header lines read so far.
    headers: RefCell<std::collections::HashMap<usize, Vec<Option<i32>>>>,
}

/// The bytes a walk stops to look at: a line break, `.`, and the clause
/// stops `;`, `:`, tab, `|`.
const STOPS: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'.' as usize] = true;
    t[b';' as usize] = true;
    t[b':' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'|' as usize] = true;
    t
};

const UNKNOWN: u8 = u8::MAX;
const NO_BLOCK: usize = usize::MAX - 1;
/// How many bounds [`Bounds`] remembers.
const RECENT: usize = 8;

impl<'a> Bounds<'a> {
    /// `lines` are the `\n`-separated lines of `text` ([`crate::segment::lines`]).
    pub fn new(g: Grammars, text: &'a str, lines: &'a [Line]) -> Bounds<'a> {
        Bounds {
            g,
            text,
            lines,
            marker: vec![Cell::new(UNKNOWN); lines.len()],
            bar_top: vec![Cell::new(usize::MAX); lines.len()],
            tab_top: vec![Cell::new(usize::MAX); lines.len()],
            recent: RefCell::new([(usize::MAX, Stop::Clause, false, 0); RECENT]),
            next_recent: Cell::new(0),
            cursor: Cell::new((usize::MAX, 0, 0)),
            headers: Default::default(),
        }
    }

    fn line(&self, k: usize) -> &'a str {
        self.lines
            .get(k)
            .and_then(|l| self.text.get(l.start..l.end))
            .unwrap_or("")
    }

    /// Index of the line holding `pos`.
    fn line_at(&self, pos: usize) -> usize {
        self.lines
            .partition_point(|l| l.start <= pos)
            .saturating_sub(1)
    }

    /// Line `k` (k ≥ 1) starts a paragraph ([`starts_paragraph`]): a
    /// clause ends before it.
    fn is_marker(&self, k: usize) -> bool {
        let Some(cell) = self.marker.get(k) else {
            return false;
        };
        if cell.get() == UNKNOWN {
            let (prev, this) = (self.line(k.wrapping_sub(1)), self.line(k));
            let m = starts_paragraph(prev, this);
            cell.set(u8::from(m));
        }
        cell.get() == 1
    }

    /// A new paragraph starts at line `k` (k ≥ 1).
    fn opens_paragraph(&self, k: usize) -> bool {
        self.is_marker(k) || self.line(k.wrapping_sub(1)).trim().is_empty()
    }

    fn remembered(&self, pos: usize, stop: Stop, forward: bool) -> Option<usize> {
        self.recent
            .borrow()
            .iter()
            .find(|(p, s, f, _)| *p == pos && *s == stop && *f == forward)
            .map(|e| e.3)
    }

    fn remember(&self, pos: usize, stop: Stop, forward: bool, bound: usize) -> usize {
        let n = self.next_recent.get();
        if let Some(slot) = self.recent.borrow_mut().get_mut(n % RECENT) {
            *slot = (pos, stop, forward, bound);
        }
        self.next_recent.set(n.wrapping_add(1));
        bound
    }

    /// Start of the clause or sentence holding `pos`.
    pub fn start_of(&self, pos: usize, stop: Stop) -> usize {
        if let Some(b) = self.remembered(pos, stop, false) {
            return b;
        }
        let b = self.walk_back(pos, stop);
        self.remember(pos, stop, false, b)
    }

    fn walk_back(&self, pos: usize, stop: Stop) -> usize {
        let text = self.text;
        let bytes = text.as_bytes();
        let floor = pos.saturating_sub(REACH);
        let mut i = pos.min(bytes.len());
        // the line that starts after the next line break met
        let mut k: Option<usize> = None;
        while i > floor {
            let b = bytes.get(i - 1).copied().unwrap_or(b'\n');
            if !STOPS[usize::from(b)] {
                i -= 1;
                continue;
            }
            match b {
                b'\n' => {
                    let line = match k {
                        Some(k) => k - 1,
                        None => self.line_at(i),
                    };
                    if self.opens_paragraph(line) {
                        return i;
                    }
                    k = Some(line);
                }
                b'.' if ends_sentence(text, i - 1) => return i,
                b';' | b':' | b'\t' | b'|' if stop == Stop::Clause => return i,
                _ => {}
            }
            i -= 1;
        }
        if pos <= floor {
            return pos;
        }
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    }

    /// End of the clause or sentence holding `pos`.
    pub fn end_of(&self, pos: usize, stop: Stop) -> usize {
        if let Some(b) = self.remembered(pos, stop, true) {
            return b;
        }
        let b = self.walk_on(pos, stop);
        self.remember(pos, stop, true, b)
    }

    fn walk_on(&self, pos: usize, stop: Stop) -> usize {
        let text = self.text;
        let bytes = text.as_bytes();
        let ceil = (pos + REACH).min(text.len());
        if pos >= ceil {
            return pos;
        }
        let mut i = pos;
        // the line that ends at the next line break met
        let mut k: Option<usize> = None;
        while i < ceil {
            let b = bytes.get(i).copied().unwrap_or(b'\n');
            if !STOPS[usize::from(b)] {
                i += 1;
                continue;
            }
            match b {
                b'\n' => {
                    let line = match k {
                        Some(k) => k + 1,
                        None => self.line_at(i),
                    };
                    if self.is_marker(line + 1) {
                        return i;
                    }
                    k = Some(line);
                }
                b'.' if ends_sentence(text, i) => return i + 1,
                b';' | b':' | b'\t' | b'|' if stop == Stop::Clause => return i,
                _ => {}
            }
            i += 1;
        }
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    /// The first line of the run of lines holding `sep` that line `k` is
    /// in; None when line `k` holds none.
    fn block_top(&self, k: usize, sep: u8) -> Option<usize> {
        let tops = if sep == b'|' {
            &self.bar_top
        } else {
            &self.tab_top
        };
        let set = |i: usize, v: usize| {
            if let Some(c) = tops.get(i) {
                c.set(v);
            }
        };
        // walk up to a line whose block is known, one without `sep`, or
        // the first line; `top` is the block of that line `i`
        let mut i = k;
        let top = loop {
            let known = tops.get(i).map_or(NO_BLOCK, Cell::get);
            if known != usize::MAX {
                break (known != NO_BLOCK).then_some(known);
            }
            if !self.line(i).as_bytes().contains(&sep) {
                set(i, NO_BLOCK);
                break None;
            }
            if i == 0 {
                set(0, 0);
                break Some(0);
            }
            i -= 1;
        };
        if i == k {
            return top;
        }
        // the lines walked over hold `sep`: they join the block of line
        // `i`, or open one below it
        let t = top.unwrap_or(i + 1);
        for j in i + 1..=k {
            set(j, t);
        }
        Some(t)
    }

    /// The year heading the table column a figure stands in ("| Chỉ tiêu
    /// | 2024 | 2025 |" → the 60% under "2025"): rows of cells split by `|`
    /// or tabs, one line each; the header is the first line of the block.
    /// Reads positions best in ascending order.
    pub fn column_year(&self, pos: usize) -> Option<i32> {
        let text = self.text;
        let k = self.line_at(pos);
        let line_start = self.lines.get(k)?.start;
        let (top, sep) = match self.block_top(k, b'|') {
            Some(t) => (t, b'|'),
            None => (self.block_top(k, b'\t')?, b'\t'),
        };
        if top == k {
            return None;
        }
        let (ck, cpos, ccount) = self.cursor.get();
        let (from, base) = if ck == k && cpos <= pos {
            (cpos, ccount)
        } else {
            (line_start, 0)
        };
        let column = base
            + text
                .as_bytes()
                .get(from..pos)?
                .iter()
                .filter(|&&c| c == sep)
                .count();
        self.cursor.set((k, pos, column));
        let mut headers = self.headers.borrow_mut();
        let cells = headers.entry(top).or_insert_with(|| {
            self.line(top)
                .split(char::from(sep))
                .map(|c| cell_year(self.g, c))
                .collect()
        });
        cells.get(column).copied().flatten()
    }
}

/// The year a table header cell names ("2027", "Năm 2027", "Đến hết năm
/// 2027", "Năm 2030 (%)": grammars/target_years.toml `[[column_year]]`).
fn cell_year(g: Grammars, cell: &str) -> Option<i32> {
    let cell = cell.trim().trim_matches('*').trim();
    let re = &year_words(g).column;
    re.captures(cell)?.get(1)?.as_str().parse().ok()
}

/// grammars/target_years.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearTable {
    not_deadline: Vec<NotDeadline>,
    column_year: Vec<ColumnYear>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NotDeadline {
    words: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

/// The words that may stand before the year in a header cell, each list
/// one optional place, in this order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnYear {
    #[serde(default)]
    lead: Vec<String>,
    #[serde(default)]
    until: Vec<String>,
    /// Only after an `until` word.
    #[serde(default)]
    through: Vec<String>,
    #[serde(default)]
    year: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not_examples: Vec<String>,
}

/// grammars/target_years.toml, built.
struct YearWords {
    table: YearTable,
    /// `[[not_deadline]]` words, lower case.
    not_deadline: Vec<String>,
    /// How many characters before a year mention are read for them: the
    /// longest word, at least 16.
    tail_chars: usize,
    /// A header cell that is a year, which it captures.
    column: Regex,
}

fn year_words(g: Grammars) -> &'static YearWords {
    g.cached::<YearWords>(Slot::TargetYears, build_year_words)
}

fn build_year_words(g: Grammars) -> Result<YearWords> {
    let table: YearTable = g.table("target_years")?;
    let not_deadline: Vec<String> = table
        .not_deadline
        .iter()
        .flat_map(|e| e.words.iter())
        .map(|w| w.to_lowercase())
        .collect();
    let tail_chars = not_deadline
        .iter()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0)
        .max(16);
    // one optional place: any of `words`, then blanks
    let place = |words: &[String], then: &str| {
        if words.is_empty() {
            return String::new();
        }
        let alt: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
        format!(r"(?:(?:{})\s+{then})?", alt.join("|"))
    };
    let prefixes: Vec<String> = table
        .column_year
        .iter()
        .map(|e| {
            let until = place(&e.until, &place(&e.through, ""));
            format!("{}{until}{}", place(&e.lead, ""), place(&e.year, ""))
        })
        .collect();
    let pattern = format!(
        r"(?i)^(?:{})((?:19|20)[0-9]{{2}})(?:\s*\(%\))?$",
        prefixes.join("|")
    );
    let column = Regex::new(&pattern).map_err(|e| {
        let first = table
            .column_year
            .first()
            .and_then(|c| c.lead.first().or(c.until.first()).or(c.year.first()))
            .map_or("column_year", String::as_str);
        g.error_at(
            "target_years",
            first,
            format!("the words of `column_year` make no regex: {e}"),
        )
    })?;
    Ok(YearWords {
        table,
        not_deadline,
        tail_chars,
        column,
    })
}

fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        crate::re::constant(r"(?i)\b(năm|giai đoạn|giai\s+đoạn)\s+\(?((?:19|20)[0-9]{2})(?:\s*[-–]\s*((?:19|20)[0-9]{2}))?")
    })
}

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| crate::re::constant(r"(?i)tháng\s*[0-9]{1,2}$"))
}

/// A year a piece of text names as a deadline, with its offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMention {
    pub at: usize,
    pub from: i32,
    pub to: i32,
}

/// A cheap test every text passes that [`years`] finds a year in: "19"
/// or "20" after blanks (and perhaps "(") that follow the end of "năm" or
/// "đoạn". Has no word boundary, so the regex needs no slow engine.
fn may_name_year(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| crate::re::constant(r"(?:[ăĂ][mM]|[ạẠ][nN])\s+\(?(?:19|20)"))
        .is_match(s)
}

/// Years named in `s` ("năm 2025", "giai đoạn 2026 - 2027"), leaving out
/// baselines and visions ("so với năm 2020": grammars/target_years.toml
/// `[[not_deadline]]`) and dates ("ngày 5 tháng 3 năm 2021").
pub fn years(g: Grammars, s: &str) -> Vec<YearMention> {
    let mut out = Vec::new();
    if !may_name_year(s) {
        return out;
    }
    let words = year_words(g);
    let last = words.tail_chars.saturating_sub(1);
    for c in year_re().captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        let before = s.get(..m.start()).unwrap_or("").trim_end();
        // the last characters, lower case: only the end of `before` is
        // lower-cased (all of it when a sigma's form could depend on more)
        let from = before.char_indices().rev().nth(last).map_or(0, |(i, _)| i);
        let window = before.get(from..).unwrap_or("");
        let lower = if window.contains(['Σ']) {
            before.to_lowercase()
        } else {
            lower(window)
        };
        // its last characters
        let cut = lower.char_indices().rev().nth(last).map_or(0, |(i, _)| i);
        let tail = lower.get(cut..).unwrap_or("");
        if words
            .not_deadline
            .iter()
            .any(|w| tail.ends_with(w.as_str()))
        {
            continue;
        }
        if date_re().is_match(before) {
            continue;
        }
        let from = c.get(2).and_then(|y| y.as_str().parse::<i32>().ok());
        let to = c.get(3).and_then(|y| y.as_str().parse::<i32>().ok());
        if let Some(from) = from {
            out.push(YearMention {
                at: m.start(),
                from,
                to: to.filter(|t| *t >= from).unwrap_or(from),
            });
        }
    }
    out
}

/// The plan period read from the title when the document extractor has
/// none: the first period or year named before the preamble ("Căn cứ …")
/// or the first section; "giai đoạn 2021 - 2025" → 2021–2025, "năm 2023"
/// → 2023–2023.
pub fn period_from_title(doc: &Doc) -> Option<Period> {
    let mut end = 0;
    for line in doc.lines.iter().take(40) {
        let t = line.text(&doc.text).trim_start();
        if crate::segment::outline::opens_preamble(doc.grammars, t) || opens_body(t) {
            break;
        }
        end = line.end;
    }
    let head = doc.text.get(..end).unwrap_or("");
    years(doc.grammars, head).first().map(|y| Period {
        from: y.from,
        to: y.to,
    })
}

/// The cell separator of a table line: `|` (pipe and markdown rows), else
/// a tab; `None` for a line that is no table row.
pub fn cell_separator(line: &str) -> Option<char> {
    if line.contains('|') {
        Some('|')
    } else if line.contains('\t') {
        Some('\t')
    } else {
        None
    }
}

/// [`Bounds::column_year`] as a plain walk, that the tests hold it to.
#[cfg(test)]
fn column_year(g: Grammars, text: &str, pos: usize) -> Option<i32> {
    let line_start = text.get(..pos)?.rfind('\n').map_or(0, |p| p + 1);
    let line_end = text.get(pos..)?.find('\n').map_or(text.len(), |e| pos + e);
    let line = text.get(line_start..line_end)?;
    let sep = cell_separator(line)?;
    let column = text.get(line_start..pos)?.matches(sep).count();
    // walk up to the first line of the block of rows
    let mut header = line;
    let mut at = line_start;
    while at > 0 {
        let prev_start = text.get(..at - 1)?.rfind('\n').map_or(0, |p| p + 1);
        let prev = text.get(prev_start..at - 1)?;
        if !prev.contains(sep) {
            break;
        }
        header = prev;
        at = prev_start;
    }
    if std::ptr::eq(header, line) {
        return None;
    }
    let cell = header.split(sep).nth(column)?;
    cell_year(g, cell)
}

/// A line that opens the body: "I. …", "1. …", "Điều 1." (emphasis allowed).
fn opens_body(line: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        crate::re::constant(r"^[*_\s]*(?:[IVXL]{1,5}|[0-9]{1,2}|Điều\s+[0-9]+)\.(?:\s|\*|$)")
    });
    re.is_match(line)
}

/// The year of issue printed in the header ("ngày 27 tháng 10 năm 2021",
/// "ngày 27/10/2021"), for documents without a stated period.
pub fn issue_year(doc: &Doc) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        crate::re::constant(r"(?i)ngày\s+[0-9]{1,2}\s*(?:tháng\s*[0-9]{1,2}\s*năm\s*|[/.-][0-9]{1,2}[/.-])((?:19|20)[0-9]{2})")
    });
    let end = doc.lines.get(40).map_or(doc.text.len(), |l| l.start);
    let head = doc.text.get(..end)?;
    re.captures(head)?.get(1)?.as_str().parse().ok()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalRules {
    heading: Vec<WordsEntry>,
    phrase: Vec<WordsEntry>,
    not_goal_heading: Vec<WordsEntry>,
    rubric: Vec<WordsEntry>,
    not_goal_phrase: Vec<WordsEntry>,
    goal_heading: Vec<WordsEntry>,
    goal_word: Vec<WordsEntry>,
    goal_word_mask: Vec<WordsEntry>,
    strong_goal_word: Vec<WordsEntry>,
    #[serde(default)]
    running_year_goal: Vec<WordsEntry>,
    not_goal_head: Vec<WordsEntry>,
    not_goal_tail: Vec<TailEntry>,
    #[serde(default)]
    threshold_table: Vec<ThresholdTableEntry>,
    rules_document: Vec<RulesEntry>,
}

/// The header of a table of thresholds (a criteria set, an indicator
/// table).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdTableEntry {
    header: Vec<String>,
    not_header: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not_examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsEntry {
    words: Vec<String>,
    #[serde(default)]
    keeps_goal: Vec<String>,
    /// The heading must also hold one of these (anywhere).
    #[serde(default)]
    with_any: Vec<String>,
    /// Longest heading text the words are read in.
    #[serde(default)]
    max_chars: Option<usize>,
    /// The words are read anywhere in a heading, not only at its start.
    #[serde(default)]
    anywhere: bool,
    #[serde(default)]
    examples: Vec<String>,
}

/// Words right after a figure that make it a share or a result, not a goal.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TailEntry {
    words: Vec<String>,
    /// One of these must stand right before the figure (none: any).
    #[serde(default)]
    head: Vec<String>,
    /// Words of the clause that keep the figure a goal.
    #[serde(default)]
    keeps_goal: Vec<String>,
    /// A change word before the figure keeps it a goal.
    #[serde(default)]
    keeps_change: bool,
    #[serde(default)]
    examples: Vec<String>,
}

/// What makes a document one of rules (a decree, a procedure, a set of
/// criteria) rather than a plan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesEntry {
    #[serde(default)]
    kinds: Vec<String>,
    #[serde(default)]
    title: Vec<String>,
    /// Title words that make it a plan all the same.
    #[serde(default)]
    plan_title: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

fn goal_rules(g: Grammars) -> &'static GoalRules {
    g.cached::<GoalRules>(Slot::GoalRules, build_goal_rules)
}

fn build_goal_rules(g: Grammars) -> Result<GoalRules> {
    Ok({
        let mut t: GoalRules = g.table("goal_rules")?;
        let lower = |v: &mut Vec<String>| v.iter_mut().for_each(|w| *w = w.to_lowercase());
        for e in t
            .heading
            .iter_mut()
            .chain(t.phrase.iter_mut())
            .chain(t.not_goal_heading.iter_mut())
            .chain(t.rubric.iter_mut())
            .chain(t.not_goal_phrase.iter_mut())
            .chain(t.goal_heading.iter_mut())
            .chain(t.goal_word.iter_mut())
            .chain(t.goal_word_mask.iter_mut())
            .chain(t.strong_goal_word.iter_mut())
            .chain(t.running_year_goal.iter_mut())
            .chain(t.not_goal_head.iter_mut())
        {
            lower(&mut e.words);
            lower(&mut e.keeps_goal);
            lower(&mut e.with_any);
        }
        for e in &mut t.not_goal_tail {
            lower(&mut e.words);
            lower(&mut e.head);
            lower(&mut e.keeps_goal);
        }
        for e in &mut t.threshold_table {
            lower(&mut e.header);
            lower(&mut e.not_header);
        }
        for e in &mut t.rules_document {
            lower(&mut e.kinds);
            lower(&mut e.title);
            lower(&mut e.plan_title);
        }
        t
    })
}

/// The words of the tables are lower case (see [`goal_rules`]).
fn starts_with_any(text: &str, entries: &[WordsEntry]) -> bool {
    starts_with_lower(&lower(text.trim()), entries)
}

fn starts_with_lower(t: &str, entries: &[WordsEntry]) -> bool {
    entries.iter().any(|e| {
        e.words.iter().any(|w| {
            if e.anywhere {
                super::classify::has_words(t, w)
            } else {
                t.starts_with(w.as_str())
            }
        }) && !e.keeps_goal.iter().any(|w| t.starts_with(w.as_str()))
            && (e.with_any.is_empty() || e.with_any.iter().any(|w| t.contains(w.as_str())))
    })
}

/// The words of the tables read in clauses, lower case.
pub fn clause_words(g: Grammars) -> Vec<String> {
    let t = goal_rules(g);
    let mut words: Vec<String> = [
        &t.phrase,
        &t.rubric,
        &t.not_goal_phrase,
        &t.goal_word,
        &t.goal_heading,
        &t.goal_word_mask,
        &t.strong_goal_word,
        &t.running_year_goal,
    ]
    .into_iter()
    .flatten()
    .flat_map(|e| e.words.iter().chain(e.keeps_goal.iter()).cloned())
    .collect();
    words.extend(
        t.not_goal_tail
            .iter()
            .flat_map(|e| e.keeps_goal.iter().cloned()),
    );
    words.extend(t.rubric.iter().flat_map(|e| e.with_any.iter().cloned()));
    words
}

struct GoalRuleIds {
    phrase: Vec<usize>,
    /// Per entry: the ids of its words, of the words the clause must also
    /// hold (none: no such condition).
    rubric: Vec<(Vec<usize>, Vec<usize>)>,
    /// Per entry: the ids of its words, of the words that keep a goal.
    not_goal_phrase: Vec<(Vec<usize>, Vec<usize>)>,
    goal_word: Vec<usize>,
    goal_word_mask: Vec<usize>,
    strong_goal_word: Vec<usize>,
    running_year_goal: Vec<usize>,
    /// Per `not_goal_tail` entry: the ids of the words that keep a goal.
    tail_keeps: Vec<Vec<usize>>,
    /// Longest heading, ids.
    goal_heading: Vec<(usize, Vec<usize>)>,
}

fn goal_rule_ids(g: Grammars) -> &'static GoalRuleIds {
    g.cached::<GoalRuleIds>(Slot::GoalRuleIds, build_goal_rule_ids)
}

fn build_goal_rule_ids(g: Grammars) -> Result<GoalRuleIds> {
    Ok({
        let of = |v: &[WordsEntry]| {
            v.iter()
                .flat_map(|e| e.words.iter())
                .map(|w| super::classify::keyword_id(g, w))
                .collect()
        };
        let ids = |v: &[String]| {
            v.iter()
                .map(|w| super::classify::keyword_id(g, w))
                .collect::<Vec<_>>()
        };
        let t = goal_rules(g);
        GoalRuleIds {
            phrase: of(&t.phrase),
            rubric: t
                .rubric
                .iter()
                .map(|e| (ids(&e.words), ids(&e.with_any)))
                .collect(),
            not_goal_phrase: t
                .not_goal_phrase
                .iter()
                .map(|e| (ids(&e.words), ids(&e.keeps_goal)))
                .collect(),
            goal_word: of(&t.goal_word),
            goal_word_mask: of(&t.goal_word_mask),
            strong_goal_word: of(&t.strong_goal_word),
            running_year_goal: of(&t.running_year_goal),
            tail_keeps: t.not_goal_tail.iter().map(|e| ids(&e.keeps_goal)).collect(),
            goal_heading: t
                .goal_heading
                .iter()
                .map(|e| (e.max_chars.unwrap_or(120), of(std::slice::from_ref(e))))
                .collect(),
        }
    })
}

fn any_hit(hits: &Hits, ids: &[usize]) -> bool {
    ids.iter().any(|&i| hits.has(i))
}

/// True when the words before a figure put it in the past, by their
/// [`Hits`].
pub fn has_past_phrase_hits(g: Grammars, hits: &Hits) -> bool {
    any_hit(hits, &goal_rule_ids(g).phrase)
}

/// The clause sets a goal for the rest of a year still running
/// ("Phấn đấu hoàn thành 100% nhiệm vụ chi" under "TÌNH HÌNH THỰC HIỆN …
/// NĂM 2025" of a document of 2025).
pub fn has_running_year_goal_hits(g: Grammars, hits: &Hits) -> bool {
    any_hit(hits, &goal_rule_ids(g).running_year_goal)
}

/// The header text of a table (its first rows) is that of a table of
/// thresholds: a criteria set or an indicator table.
pub fn is_threshold_header(g: Grammars, header: &str) -> bool {
    let h = fold(header);
    goal_rules(g).threshold_table.iter().any(|e| {
        e.header.iter().any(|w| super::classify::has_words(&h, w))
            && !e
                .not_header
                .iter()
                .any(|w| super::classify::has_words(&h, w))
    })
}

/// How sure a clause's not-goal phrase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotGoal {
    /// A scoring band, a rate, a share of capital: never a goal.
    Sure,
    /// A forecast or a share of a whole ("dự báo", "chiếm khoảng"): a
    /// goal heading above the figure still makes it a goal.
    Weak,
}

/// The not-goal phrase a clause holds, by its [`Hits`]; an entry with
/// `keeps_goal` words is [`NotGoal::Weak`], and none when one of those
/// words is in the clause too.
pub fn not_goal_phrase_hits(g: Grammars, hits: &Hits) -> Option<NotGoal> {
    let ids = goal_rule_ids(g);
    if ids
        .rubric
        .iter()
        .any(|(words, with)| any_hit(hits, words) && (with.is_empty() || any_hit(hits, with)))
    {
        return Some(NotGoal::Sure);
    }
    let mut found = None;
    for (words, keeps) in &ids.not_goal_phrase {
        if !any_hit(hits, words) {
            continue;
        }
        if keeps.is_empty() {
            return Some(NotGoal::Sure);
        }
        if !any_hit(hits, keeps) {
            found = Some(NotGoal::Weak);
        }
    }
    found
}

/// True when a clause holds a word that sets a goal, by its [`Hits`];
/// `folded` is the clause read
/// through [`fold`], looked at again only when a goal word may stand
/// inside a longer word that sets none ("tăng cường", "không đạt").
pub fn has_goal_word_hits(g: Grammars, folded: &str, hits: &Hits) -> bool {
    let ids = goal_rule_ids(g);
    if !any_hit(hits, &ids.goal_word) {
        return false;
    }
    if !any_hit(hits, &ids.goal_word_mask) {
        return true;
    }
    let mut masked = folded.to_string();
    for e in &goal_rules(g).goal_word_mask {
        for w in &e.words {
            masked = masked.replace(w.as_str(), " ");
        }
    }
    any_hit(&Hits::new(g, &masked), &ids.goal_word)
}

/// A word that alone sets a goal ("phấn đấu", "mục tiêu", "chỉ tiêu").
pub fn has_strong_goal_word_hits(g: Grammars, hits: &Hits) -> bool {
    any_hit(hits, &goal_rule_ids(g).strong_goal_word)
}

/// The words right around a figure make it a rate, a share of a cost or a
/// result against the plan ("bằng 80% mức chi", "đạt 100% dự toán",
/// "3% tổng kinh phí"): `before` and `after` are the clause on either
/// side, `change` whether a change word heads the figure, `hits` the
/// clause's keywords.
pub fn not_goal_around(g: Grammars, before: &str, after: &str, change: bool, hits: &Hits) -> bool {
    // only the words next to the figure are read: fold just enough of them
    let want = longest_around_word(g) + 4;
    let before = folded_tail(
        before.trim_end_matches(|c: char| c == '(' || c == ':' || c.is_whitespace()),
        want,
    );
    let after = folded_head(
        after.trim_start_matches(|c: char| c == ')' || c.is_whitespace()),
        want,
    );
    words_around(g, &before, &after, change, hits)
}

/// [`not_goal_around`] of the [`fold`]ed words on either side of the
/// figure, the brackets and colon next to it left out.
fn words_around(g: Grammars, before: &str, after: &str, change: bool, hits: &Hits) -> bool {
    let ends_with = |w: &str| {
        before.strip_suffix(w).is_some_and(|rest| {
            rest.chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
    };
    let starts_with = |w: &str| {
        after
            .strip_prefix(w)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
    };
    let t = goal_rules(g);
    if t.not_goal_head
        .iter()
        .flat_map(|e| e.words.iter())
        .any(|w| ends_with(w))
    {
        return true;
    }
    let keeps = &goal_rule_ids(g).tail_keeps;
    t.not_goal_tail.iter().enumerate().any(|(i, e)| {
        e.words.iter().any(|w| starts_with(w))
            && (e.head.is_empty() || e.head.iter().any(|w| ends_with(w)))
            && !(e.keeps_change && change)
            && !keeps.get(i).is_some_and(|k| any_hit(hits, k))
    })
}

/// Bytes of the longest word [`not_goal_around`] looks for.
fn longest_around_word(g: Grammars) -> usize {
    *g.cached::<usize>(Slot::GoalWordCount, build_longest_around_word)
}

fn build_longest_around_word(g: Grammars) -> Result<usize> {
    Ok({
        let t = goal_rules(g);
        let head = t.not_goal_head.iter().flat_map(|e| e.words.iter());
        let tail = t
            .not_goal_tail
            .iter()
            .flat_map(|e| e.words.iter().chain(e.head.iter()));
        head.chain(tail).map(String::len).max().unwrap_or(0)
    })
}

/// The end of [`fold`]`(s)`, at least `want` bytes of it (or all): the
/// fold of the last words of `s`.
fn folded_tail(s: &str, want: usize) -> String {
    let mut take = want.saturating_mul(2);
    loop {
        if take >= s.len() {
            return fold(s);
        }
        let mut cut = s.len() - take;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        // start after a blank: the fold of whole words
        let Some((at, c)) = s
            .get(..cut)
            .and_then(|h| h.char_indices().rev().find(|(_, c)| c.is_whitespace()))
        else {
            return fold(s);
        };
        let tail = fold(s.get(at + c.len_utf8()..).unwrap_or(""));
        if tail.len() >= want {
            return tail;
        }
        take = take.saturating_mul(2);
    }
}

/// The start of [`fold`]`(s)`, at least `want` bytes of it (or all): the
/// fold of the first words of `s`.
fn folded_head(s: &str, want: usize) -> String {
    let mut take = want.saturating_mul(2);
    loop {
        if take >= s.len() {
            return fold(s);
        }
        let mut cut = take;
        while !s.is_char_boundary(cut) {
            cut += 1;
        }
        // end before a blank: the fold of whole words
        let Some(at) = s
            .get(cut..)
            .and_then(|t| t.find(char::is_whitespace))
            .map(|i| cut + i)
        else {
            return fold(s);
        };
        let head = fold(s.get(..at).unwrap_or(""));
        if head.len() >= want {
            return head;
        }
        take = take.saturating_mul(2);
    }
}

/// A document of rules (a decree, an internal procedure, a set of
/// criteria), by its kind and title: its figures are goals only where a
/// strong goal word or a goal heading says so.
pub fn is_rules_document(g: Grammars, kind: Option<&str>, title: Option<&str>) -> bool {
    let kind = kind.map(|k| k.trim().to_lowercase());
    let title = fold(title.unwrap_or(""));
    goal_rules(g).rules_document.iter().any(|e| {
        let by_kind = kind
            .as_ref()
            .is_some_and(|k| e.kinds.iter().any(|w| w == k));
        let by_title = e
            .title
            .iter()
            .any(|w| super::classify::has_words(&title, w))
            && !e
                .plan_title
                .iter()
                .any(|w| super::classify::has_words(&title, w));
        by_kind || by_title
    })
}

/// True when a heading of `chars` characters announces goals, by its
/// [`Hits`].
pub fn is_goal_heading_hits(g: Grammars, chars: usize, hits: &Hits) -> bool {
    goal_rule_ids(g)
        .goal_heading
        .iter()
        .any(|(max, ids)| chars <= *max && any_hit(hits, ids))
}

/// True when a heading, trimmed and lower-cased, opens a section of
/// results or situation, or of criteria, thresholds or allocation rules.
pub fn past_or_not_goal_heading_lower(g: Grammars, t: &str) -> bool {
    let p = goal_rules(g);
    starts_with_lower(t, &p.heading) || starts_with_lower(t, &p.not_goal_heading)
}

/// True when a heading opens a section of results or situation.
fn is_past_heading(g: Grammars, text: &str) -> bool {
    starts_with_any(text, &goal_rules(g).heading)
}

/// True when the words before a figure put it in the past.
fn has_past_phrase(g: Grammars, before: &str) -> bool {
    has_past_phrase_hits(g, &Hits::new(g, &fold(before)))
}

/// True when a heading opens criteria, thresholds or allocation rules.
fn is_not_goal_heading(g: Grammars, text: &str) -> bool {
    starts_with_any(text, &goal_rules(g).not_goal_heading)
}

/// True when a clause is a scoring band, an allocation ratio and the like.
fn has_not_goal_phrase(g: Grammars, clause: &str) -> bool {
    not_goal_phrase_hits(g, &Hits::new(g, &fold(clause))).is_some()
}

/// True when a heading announces goals.
fn is_goal_heading(g: Grammars, text: &str) -> bool {
    is_goal_heading_hits(g, text.chars().count(), &Hits::new(g, &fold(text)))
}

/// True when a clause holds a word that sets a goal.
fn has_goal_word(g: Grammars, clause: &str) -> bool {
    let folded = fold(clause);
    has_goal_word_hits(g, &folded, &Hits::new(g, &folded))
}

/// Builds this module's tables (see [`crate::rules::Grammars::load`]).
/// The typed table alone (the automata of the other modules read it).
pub(crate) fn check_table(g: Grammars) -> Result<()> {
    g.try_cached(Slot::GoalRules, build_goal_rules).map(drop)
}

/// Splits an example at its first figure ("… đạt 100% dự toán": the first
/// number that reads as one; "11,4 tỷ đồng" does not) and asks
/// [`not_goal_around`]; `None` for an example without a figure.
fn around_example(g: Grammars, ex: &str) -> Option<bool> {
    let (start, len) = ex
        .char_indices()
        .filter(|&(i, c)| {
            c.is_ascii_digit()
                && !ex.get(..i).is_some_and(|b| {
                    b.ends_with(|p: char| p.is_ascii_digit() || p == ',' || p == '.')
                })
        })
        .find_map(|(i, _)| crate::parse::comparator::figure(ex.get(i..)?).map(|(_, l)| (i, l)))?;
    let before = ex.get(..start)?;
    let after = ex.get(start + len..)?;
    let change = crate::parse::comparator::head(g, before).change.is_some();
    Some(not_goal_around(
        g,
        before,
        after,
        change,
        &Hits::new(g, &fold(ex)),
    ))
}

/// Runs the examples of grammars/target_years.toml.
fn check_years(g: Grammars) -> Result<()> {
    let t = &g.try_cached(Slot::TargetYears, build_year_words)?.table;
    let fail = |ex: &str, what: String| Err(g.error_at("target_years", ex, what));
    for ex in t.not_deadline.iter().flat_map(|e| e.examples.iter()) {
        if let Some(y) = years(g, ex).first() {
            return fail(
                ex,
                format!("the example {ex:?} names {} as a deadline", y.to),
            );
        }
    }
    for e in &t.column_year {
        for ex in &e.examples {
            if cell_year(g, ex).is_none() {
                return fail(ex, format!("the header cell {ex:?} is not read as a year"));
            }
        }
        for ex in &e.not_examples {
            if let Some(y) = cell_year(g, ex) {
                return fail(ex, format!("the header cell {ex:?} is read as {y}"));
            }
        }
    }
    Ok(())
}

/// Builds this module's automata and runs the examples of
/// grammars/goal_rules.toml and grammars/target_years.toml (see [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    let t = goal_rules(g);
    g.try_cached(Slot::GoalRuleIds, build_goal_rule_ids)?;
    g.try_cached(Slot::GoalWordCount, build_longest_around_word)?;
    check_years(g)?;
    let examples = |v: &'static [WordsEntry]| v.iter().flat_map(|e| e.examples.iter());
    let hits = |ex: &str| Hits::new(g, &fold(ex));
    // per group of entries: what its examples must be, and the test
    type Group<'a> = (
        &'static [WordsEntry],
        &'static str,
        &'a dyn Fn(&str) -> bool,
    );
    let words: [Group<'_>; 11] = [
        (&t.heading, "a heading of results", &|ex| {
            is_past_heading(g, ex)
        }),
        (&t.phrase, "a clause about the past", &|ex| {
            has_past_phrase(g, ex)
        }),
        (
            &t.not_goal_heading,
            "a heading of criteria or rules",
            &|ex| is_not_goal_heading(g, ex),
        ),
        (&t.not_goal_phrase, "a clause that sets no goal", &|ex| {
            has_not_goal_phrase(g, ex)
        }),
        (&t.rubric, "a band of a rubric", &|ex| {
            has_not_goal_phrase(g, ex)
        }),
        (&t.goal_heading, "a goal heading", &|ex| {
            is_goal_heading(g, ex)
        }),
        (&t.goal_word, "a clause with a goal word", &|ex| {
            has_goal_word(g, ex)
        }),
        (&t.goal_word_mask, "a clause without a goal word", &|ex| {
            !has_goal_word(g, ex)
        }),
        (
            &t.strong_goal_word,
            "a clause with a strong goal word",
            &|ex| has_strong_goal_word_hits(g, &hits(ex)),
        ),
        (&t.running_year_goal, "a goal for the running year", &|ex| {
            has_running_year_goal_hits(g, &hits(ex))
        }),
        (
            &t.not_goal_head,
            "a rate or a share (the words before the figure)",
            &|ex| around_example(g, ex) == Some(true),
        ),
    ];
    for (entries, what, reads) in words {
        if let Some(ex) = examples(entries).find(|ex| !reads(ex)) {
            return Err(g.error_at(
                "goal_rules",
                ex,
                format!("the example {ex:?} is not read as {what}"),
            ));
        }
    }
    let fail = |ex: &str, what: &str| {
        Err(g.error_at(
            "goal_rules",
            ex,
            format!("the example {ex:?} is not read as {what}"),
        ))
    };
    for ex in t.not_goal_tail.iter().flat_map(|e| e.examples.iter()) {
        if around_example(g, ex) != Some(true) {
            return fail(
                ex,
                "a rate, a share or a result (the words after the figure)",
            );
        }
    }
    for e in &t.threshold_table {
        if let Some(ex) = e.examples.iter().find(|ex| !is_threshold_header(g, ex)) {
            return fail(ex, "the header of a table of thresholds");
        }
        if let Some(ex) = e.not_examples.iter().find(|ex| is_threshold_header(g, ex)) {
            return fail(ex, "no header of a table of thresholds (it is one)");
        }
    }
    for ex in t.rules_document.iter().flat_map(|e| e.examples.iter()) {
        if !is_rules_document(g, None, Some(ex)) {
            return fail(ex, "the title of a document of rules");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_leave_out_baselines_and_dates() {
        let y = years(
            crate::rules::Grammars::builtin(),
            "Đến năm 2030, giảm 15% so với giai đoạn 2021-2025",
        );
        assert_eq!(y.len(), 1);
        assert_eq!(y[0].to, 2030);
        let y = years(
            crate::rules::Grammars::builtin(),
            "ngày 12 tháng 02 năm 2026; giai đoạn 2026 - 2027",
        );
        assert_eq!(y.len(), 1);
        assert_eq!((y[0].from, y[0].to), (2026, 2027));
        assert!(years(crate::rules::Grammars::builtin(), "so với năm 2020").is_empty());
        assert!(
            years(
                crate::rules::Grammars::builtin(),
                "NGÀY 15 THÁNG 8 NĂM 2024"
            )
            .is_empty()
        );
        let y = years(
            crate::rules::Grammars::builtin(),
            "giai đoạn 2026 - 2030, tầm nhìn đến năm 2045",
        );
        assert_eq!(y.len(), 1);
        assert_eq!(y[0].to, 2030);
    }

    #[test]
    fn texts_without_the_mark_of_a_year_name_none() {
        for t in [
            "năm 2025",
            "NĂM\n(2030",
            "giai đoạn\u{a0}1990",
            "Giai  Đoạn 2026 - 2027",
            "năm 20",
            "năm2025 và năm 2026",
            "ngày 5 tháng 3 năm 2021",
            "đạt 20% năm 19",
            "20",
            "",
            "m 20",
            "năm (2025)",
            "nămm 2025, năm  ((2025",
        ] {
            assert!(may_name_year(t) || !year_re().is_match(t), "{t:?}");
        }
        assert!(!may_name_year("đạt 20% hồ sơ năm nay"));
    }

    proptest::proptest! {
        #[test]
        fn every_year_found_has_the_mark(t in "[nămNĂMgiaGIAđoạnĐOẠ (\u{a0}\n–-]{0,12}(19|20)[0-9]{0,3}[ –-]{0,2}(20)?[0-9]{0,2}") {
            proptest::prop_assert!(may_name_year(&t) || !year_re().is_match(&t));
        }
    }

    #[test]
    fn clause_and_sentence_bounds() {
        let t = "Năm 2021, đạt 30%, 20%; giai đoạn 2022 - 2025, mỗi năm tăng 20%. Tiếp";
        let p = t.find("mỗi").unwrap_or(0);
        let s = start_of(t, p, Stop::Clause);
        assert!(t[s..].trim_start().starts_with("giai đoạn"));
        let s = start_of(t, p, Stop::Sentence);
        assert_eq!(s, 0);
        let e = end_of(t, p, Stop::Clause);
        assert!(t[..e].ends_with("20%."));
        // a decimal point does not end a sentence
        let t = "Phấn đấu năm 2023 đạt 9.5/9.5 điểm.";
        assert_eq!(start_of(t, t.len() - 3, Stop::Sentence), 0);
    }

    #[test]
    fn wrapped_lines_stay_in_one_clause() {
        let t = "- Tối thiểu 80% thủ tục hành\nchính có yêu cầu nghĩa vụ tài chính\n- 100% cơ quan";
        let p = t.find("chính có").unwrap_or(0);
        assert_eq!(start_of(t, p, Stop::Clause), 0);
        let e = end_of(t, p, Stop::Clause);
        assert!(t[..e].ends_with("tài chính"));
    }

    #[test]
    fn a_year_range_broken_at_its_dash_stays_in_the_clause() {
        let t = "4. Trong giai đoạn 2026\n- 2030 phấn đấu có ít nhất 10% cán bộ";
        let p = t.find("10%").unwrap_or(0);
        let s = start_of(t, p, Stop::Clause);
        assert!(
            t[s..].trim_start().starts_with("Trong giai đoạn 2026"),
            "{}",
            &t[s..]
        );
    }

    #[test]
    fn a_heading_in_capitals_is_no_part_of_the_sentence_below() {
        let t = "I. MỤC TIÊU\nĐến năm 2030, giảm tối thiểu 15% đầu mối.\nMỤC TIÊU CỤ THỂ\nTỷ lệ\nđạt 90%";
        let p = t.find("15%").unwrap_or(0);
        assert!(t[start_of(t, p, Stop::Sentence)..].starts_with("Đến năm 2030"));
        // a sentence wrapped in small letters, or a caps line going on in
        // capitals, is one paragraph
        let p = t.find("90%").unwrap_or(0);
        assert!(t[start_of(t, p, Stop::Sentence)..].starts_with("Tỷ lệ\nđạt"));
        let t = "KẾ HOẠCH GIAI ĐOẠN\n2026 - 2030 ĐẠT 100%";
        let p = t.find("100%").unwrap_or(0);
        assert_eq!(start_of(t, p, Stop::Sentence), 0);
        let t = "TỶ LỆ HỒ SƠ\nTrực tuyến đạt 80%. Tiếp";
        let p = t.find("80%").unwrap_or(0);
        assert_eq!(
            &t[..end_of(t, p, Stop::Sentence)],
            "TỶ LỆ HỒ SƠ\nTrực tuyến đạt 80%."
        );
    }

    /// [`Bounds`] against the walks it stands for, at every position.
    fn bounds_agree(t: &str) {
        let lines = crate::segment::lines(t);
        let b = Bounds::new(crate::rules::Grammars::builtin(), t, &lines);
        let positions: Vec<usize> = (0..=t.len()).filter(|&p| t.is_char_boundary(p)).collect();
        for &p in &positions {
            for stop in [Stop::Clause, Stop::Sentence] {
                assert_eq!(
                    b.start_of(p, stop),
                    start_of(t, p, stop),
                    "start {p} {stop:?} {t:?}"
                );
                assert_eq!(
                    b.end_of(p, stop),
                    end_of(t, p, stop),
                    "end {p} {stop:?} {t:?}"
                );
            }
        }
        // columns read in order, then backwards, then by a fresh reader
        for &p in positions.iter().chain(positions.iter().rev()) {
            assert_eq!(
                b.column_year(p),
                column_year(crate::rules::Grammars::builtin(), t, p),
                "column {p} {t:?}"
            );
        }
        let b = Bounds::new(crate::rules::Grammars::builtin(), t, &lines);
        for &p in positions.iter().rev() {
            assert_eq!(
                b.column_year(p),
                column_year(crate::rules::Grammars::builtin(), t, p),
                "column {p} {t:?}"
            );
        }
    }

    #[test]
    fn bounds_read_as_the_walks() {
        for t in [
            "Năm 2021, đạt 30%, 20%; giai đoạn 2022 - 2025, mỗi năm tăng 20%. Tiếp",
            "- Tối thiểu 80% thủ tục hành\nchính có yêu cầu nghĩa vụ tài chính\n- 100% cơ quan",
            "4. Trong giai đoạn 2026\n- 2030 phấn đấu có ít nhất 10% cán bộ",
            "| Chỉ tiêu | Năm 2024 | 2025 |\n|---|---|---|\n| Hồ sơ trực tuyến | 50% | 60% |\n",
            "Chỉ tiêu\t2030\nTỷ lệ\t90%\n\n| a | 2024 |\nx\t| 2025 | 7 |\n",
            "\n\na.\n\n1. Mục tiêu\n\nb) đạt 9.5/9.5 điểm.\nII. Hết",
            "I. MỤC TIÊU\nĐến năm 2030, giảm 15%.\nMỤC TIÊU CỤ THỂ\nTỷ lệ\nđạt 90%; Hết",
            "",
            "đ",
        ] {
            bounds_agree(t);
        }
        let long = format!("{}\n- {}.", "ế".repeat(400), "a b ".repeat(300));
        bounds_agree(&long);
    }

    proptest::proptest! {
        #[test]
        fn bounds_read_as_the_walks_on_any_text(t in "[a-c1-2 .;:|\t\n\\-–ế)I]{0,80}") {
            bounds_agree(&t);
        }
    }

    #[test]
    fn years_of_table_columns() {
        let t = "| Chỉ tiêu | Năm 2024 | 2025 |\n|---|---|---|\n| Hồ sơ trực tuyến | 50% | 60% |\n";
        let p50 = t.find("50%").unwrap_or(0);
        let p60 = t.find("60%").unwrap_or(0);
        assert_eq!(
            column_year(crate::rules::Grammars::builtin(), t, p50),
            Some(2024)
        );
        assert_eq!(
            column_year(crate::rules::Grammars::builtin(), t, p60),
            Some(2025)
        );
        let t = "Chỉ tiêu\t2030\nTỷ lệ\t90%\n";
        assert_eq!(
            column_year(
                crate::rules::Grammars::builtin(),
                t,
                t.find("90%").unwrap_or(0)
            ),
            Some(2030)
        );
        assert_eq!(
            column_year(crate::rules::Grammars::builtin(), "đạt 90% hồ sơ", 4),
            None
        );
    }

    #[test]
    fn past_marks() {
        assert!(is_past_heading(
            crate::rules::Grammars::builtin(),
            "Kết quả."
        ));
        assert!(is_past_heading(
            crate::rules::Grammars::builtin(),
            "ĐÁNH GIÁ CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2016-2017"
        ));
        assert!(!is_past_heading(
            crate::rules::Grammars::builtin(),
            "Mục tiêu cụ thể"
        ));
        assert!(has_past_phrase(
            crate::rules::Grammars::builtin(),
            "năm 2020 đã đạt "
        ));
        assert!(!has_past_phrase(
            crate::rules::Grammars::builtin(),
            "phấn đấu đạt "
        ));
        assert!(!is_past_heading(
            crate::rules::Grammars::builtin(),
            "Kết quả cần đạt"
        ));
        assert!(!is_past_heading(
            crate::rules::Grammars::builtin(),
            "Đánh giá mức độ hài lòng"
        ));
    }

    #[test]
    fn goal_and_not_goal_marks() {
        assert!(!has_not_goal_phrase(
            crate::rules::Grammars::builtin(),
            "100% hồ sơ được tính toán chi phí đúng quy định"
        ));
        assert!(!has_goal_word(
            crate::rules::Grammars::builtin(),
            "Có dưới 60% đường thôn được cứng hóa"
        ));
        assert!(!is_goal_heading(
            crate::rules::Grammars::builtin(),
            "Tiêu chí xác định thôn"
        ));
        assert!(!is_goal_heading(
            crate::rules::Grammars::builtin(),
            "NGHỊ QUYẾT QUY ĐỊNH MỨC CHI NGÂN SÁCH ĐỊA PHƯƠNG GIAI ĐOẠN 2026 - 2030"
        ));
    }

    fn around(ex: &str) -> bool {
        around_example(crate::rules::Grammars::builtin(), ex).expect("a figure")
    }

    /// [`not_goal_around`] as it was: the whole clause folded on each side.
    fn not_goal_around_whole(before: &str, after: &str, change: bool, hits: &Hits) -> bool {
        let before = fold(before);
        let after = fold(after);
        words_around(
            crate::rules::Grammars::builtin(),
            before.trim_end_matches(['(', ' ', ':']),
            after.trim_start_matches([' ', ')']),
            change,
            hits,
        )
    }

    fn around_agrees(before: &str, after: &str) {
        for change in [false, true] {
            let h = Hits::new(
                crate::rules::Grammars::builtin(),
                &fold(&format!("{before} 5% {after}")),
            );
            assert_eq!(
                not_goal_around(crate::rules::Grammars::builtin(), before, after, change, &h),
                not_goal_around_whole(before, after, change, &h),
                "{before:?} | {after:?}"
            );
        }
    }

    #[test]
    fn words_next_to_a_figure_read_as_the_whole_clause() {
        let t = goal_rules(crate::rules::Grammars::builtin());
        let mut words: Vec<&str> = t
            .not_goal_head
            .iter()
            .flat_map(|e| e.words.iter())
            .chain(
                t.not_goal_tail
                    .iter()
                    .flat_map(|e| e.words.iter().chain(e.head.iter())),
            )
            .map(String::as_str)
            .collect();
        words.push("");
        for w in &words {
            for v in &words {
                let before = format!("Phấn đấu tiết kiệm chi thường xuyên, {w}  ( :");
                let after = format!(" ) {v}\n được giao trong năm");
                around_agrees(&before, &after);
                around_agrees(&w.to_uppercase(), &v.to_uppercase());
                around_agrees(&format!("x{w}"), &format!("{v}x"));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn words_next_to_a_figure_read_as_the_whole_clause_on_any_text(
            before in "[a-zđ()KΣ: \u{a0}\n]{0,60}",
            after in "[a-zđ()KΣ: \u{a0}\n]{0,60}",
        ) {
            around_agrees(&before, &after);
        }
    }

    #[test]
    fn words_around_a_figure() {
        // a goal stays one
        assert!(!around("Phấn đấu đạt 100% kế hoạch vốn được giao"));
        assert!(!around("tiết kiệm 10% kinh phí chi thường xuyên"));
        assert!(!around("Tỷ lệ hồ sơ trực tuyến đạt 90% trở lên"));
        assert!(!around("100% kế hoạch kiểm tra được thực hiện"));
        assert!(!around("Tỷ lệ hài lòng bằng lòng đạt 90%"));
        assert!(!around("thu ngân sách tăng 15% so với năm trước"));
        assert!(!around("giảm 10% mức chi hành chính"));
        assert!(!around(
            "Phấn đấu bố trí đủ 100% kinh phí cho công tác cải cách"
        ));
    }

    #[test]
    fn masked_goal_words_set_no_goal() {
        assert!(!has_goal_word(
            crate::rules::Grammars::builtin(),
            "Tăng cường kiểm tra 100% cơ sở"
        ));
        assert!(has_goal_word(
            crate::rules::Grammars::builtin(),
            "Tăng cường kiểm tra, tăng 10% số cơ sở được kiểm tra"
        ));
        assert!(has_goal_word(
            crate::rules::Grammars::builtin(),
            "không đạt dưới 90%, phấn đấu đạt 95%"
        ));
    }

    #[test]
    fn strong_goal_words() {
        assert!(!has_strong_goal_word_hits(
            crate::rules::Grammars::builtin(),
            &Hits::new(
                crate::rules::Grammars::builtin(),
                &fold("bảo đảm số người tham dự đạt 50%")
            )
        ));
    }

    #[test]
    fn forecasts_and_shares_keep_a_goal_they_set() {
        assert!(has_not_goal_phrase(
            crate::rules::Grammars::builtin(),
            "Dịch vụ chiếm khoảng 40,94%"
        ));
        assert!(has_not_goal_phrase(
            crate::rules::Grammars::builtin(),
            "dự báo tốc độ tăng trưởng GRDP khoảng từ 10 - 10,5%/năm"
        ));
        assert!(!has_not_goal_phrase(
            crate::rules::Grammars::builtin(),
            "Phấn đấu đến năm 2030 kinh tế số chiếm khoảng 30% GRDP"
        ));
        assert!(!has_not_goal_phrase(
            crate::rules::Grammars::builtin(),
            "Mục tiêu đến năm 2030 dự báo được 90% các đợt ô nhiễm"
        ));
        assert!(!has_not_goal_phrase(
            crate::rules::Grammars::builtin(),
            "100% nạn nhân được hưởng các dịch vụ hỗ trợ"
        ));
    }

    #[test]
    fn criteria_and_rules_headings() {
        assert!(is_not_goal_heading(
            crate::rules::Grammars::builtin(),
            "Các tỉnh được công nhận đạt chuẩn văn hóa khi đáp ứng các tiêu chí sau:"
        ));
        assert!(is_not_goal_heading(
            crate::rules::Grammars::builtin(),
            "Quy định về thành phần cử tri"
        ));
        assert!(!is_not_goal_heading(
            crate::rules::Grammars::builtin(),
            "Mục tiêu cụ thể đến năm 2030"
        ));
        assert!(!is_not_goal_heading(
            crate::rules::Grammars::builtin(),
            "Hoàn thiện bộ tiêu chí đánh giá và các tiêu chí khác"
        ));
        assert!(is_past_heading(
            crate::rules::Grammars::builtin(),
            "Dự báo tình hình kinh tế năm 2026"
        ));
        assert!(!is_past_heading(
            crate::rules::Grammars::builtin(),
            "Mục tiêu dự báo, cảnh báo sớm"
        ));
    }

    #[test]
    fn documents_of_rules() {
        assert!(is_rules_document(
            crate::rules::Grammars::builtin(),
            Some("Nghị định"),
            Some("Sửa đổi một số điều")
        ));
        assert!(!is_rules_document(
            crate::rules::Grammars::builtin(),
            Some("Kế hoạch"),
            Some("Cải cách thủ tục hành chính năm 2025")
        ));
        assert!(!is_rules_document(
            crate::rules::Grammars::builtin(),
            Some("Quyết định"),
            Some("Ban hành Kế hoạch thực hiện quy chế dân chủ ở cơ sở")
        ));
        assert!(!is_rules_document(
            crate::rules::Grammars::builtin(),
            None,
            None
        ));
    }

    #[test]
    fn the_examples_of_the_goal_rules_read() {
        if let Err(e) = check(crate::rules::Grammars::builtin()) {
            panic!("{e}");
        }
    }
}
