//! The clause and the sentence around a figure, and the table column it
//! stands in: where a piece of text ends for a reader ([`Stop`]), read by
//! [`Bounds`] once per document with what each line says worked out once.

use super::years::cell_year;
use crate::rules::Grammars;
use crate::segment::Line;
use regex::Regex;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
