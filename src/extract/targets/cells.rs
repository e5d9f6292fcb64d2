//! Figures whose unit stands in a cell of its own: a table of indicators
//! with a unit column ("| Tỉ lệ hồ sơ trực tuyến | % | ≥ 80 |") gives its
//! targets as bare numbers. A number alone in a cell (with a comparator
//! sign or word before it, or a range) is read as a percentage when a cell
//! before it in the same row holds only the unit "%". A group row of the
//! table ("| I | Đến năm 2030 |") gives the rows under it their year.
//! The words are data: grammars/cell_figures.toml.

use crate::error::Result;
use crate::parse::comparator::Figure;
use crate::rules::{Grammars, Slot};
use regex::Regex;
use serde::Deserialize;

/// Longest line looked at: a cell row, not a whole file on one line.
pub const MAX_LINE: usize = 4000;

/// grammars/cell_figures.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    cell: Vec<CellEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CellEntry {
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    per_year: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not_examples: Vec<String>,
}

/// The table, and the regex of a cell that holds only a figure (its
/// number, and the end of a range, captured).
struct Cells {
    table: Table,
    figure: Regex,
}

fn cells(g: Grammars) -> &'static Cells {
    g.cached::<Cells>(Slot::CellFigures, build_cells)
}

fn build_cells(g: Grammars) -> Result<Cells> {
    let table: Table = g.table("cell_figures")?;
    let before: Vec<String> = table
        .cell
        .iter()
        .flat_map(|e| e.before.iter())
        .map(|w| regex::escape(w))
        .collect();
    let pattern = format!(
        r"(?i)^\s*(?:{})?\s*([0-9]{{1,3}}(?:[.,][0-9]+)?)(?:\s*[-–]\s*([0-9]{{1,3}}(?:[.,][0-9]+)?))?\s*$",
        before.join("|")
    );
    let figure = Regex::new(&pattern).map_err(|e| {
        let at = before.first().map_or("before", String::as_str);
        g.error_at(
            "cell_figures",
            at,
            format!("the `before` words make no regex: {e}"),
        )
    })?;
    Ok(Cells { table, figure })
}

/// Builds this module's table and reads its examples (see
/// [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    let c = g.try_cached(Slot::CellFigures, build_cells)?;
    for e in &c.table.cell {
        if let Some(ex) = e.examples.iter().find(|ex| !c.figure.is_match(ex)) {
            return Err(g.error_at(
                "cell_figures",
                ex,
                format!("the cell {ex:?} is not read as a figure"),
            ));
        }
        if let Some(ex) = e.not_examples.iter().find(|ex| c.figure.is_match(ex)) {
            return Err(g.error_at(
                "cell_figures",
                ex,
                format!("the cell {ex:?} is read as a figure"),
            ));
        }
    }
    Ok(())
}

/// A unit cell: "%", "% GDP", "% tổng chi NSNN".
fn is_percent_unit(cell: &str) -> bool {
    let c = cell.trim().trim_matches('*').trim();
    c.starts_with('%') && c.chars().count() <= 30
}

fn number(s: &str) -> Option<f64> {
    s.replace(',', ".").parse().ok()
}

/// The figure a bare number at `start` of `line` (which begins at
/// `line_start` in the text) makes, with its length in bytes; None unless
/// it fills its cell and a "%" unit cell comes before it in the row.
pub fn figure(g: Grammars, line: &str, line_start: usize, start: usize) -> Option<(Figure, usize)> {
    if line.len() > MAX_LINE || !line.contains('%') {
        return None;
    }
    let sep = super::clause::cell_separator(line)?;
    let at = start.checked_sub(line_start)?;
    let before = line.get(..at)?;
    let cell_start = before.rfind(sep).map(|i| i + sep.len_utf8())?;
    let cell_end = line.get(at..)?.find(sep).map_or(line.len(), |i| at + i);
    let cell = line.get(cell_start..cell_end)?;
    let caps = cells(g).figure.captures(cell)?;
    let first = caps.get(1)?;
    if cell_start + first.start() != at {
        return None;
    }
    let unit_before = line
        .get(..cell_start.saturating_sub(sep.len_utf8()))?
        .split(sep)
        .any(is_percent_unit);
    if !unit_before {
        return None;
    }
    let last = caps.get(2).unwrap_or(first);
    let value = number(first.as_str())?;
    let value_max = caps.get(2).and_then(|m| number(m.as_str()));
    let figure = Figure {
        value,
        value_max,
        unit: crate::model::Unit::Percent,
        out_of: None,
        at_least: false,
    };
    Some((figure, cell_start + last.end() - at))
}

/// True when a cell before the one holding byte `at` of the table row
/// `line` holds only a "%" unit ("| Chi cho khoa học | % tổng chi | ≥ 3%
/// và tăng dần |").
pub fn percent_unit_before(line: &str, at: usize) -> bool {
    if line.len() > MAX_LINE {
        return false;
    }
    let Some(sep) = super::clause::cell_separator(line) else {
        return false;
    };
    let Some(cell_start) = line.get(..at).and_then(|b| b.rfind(sep)) else {
        return false;
    };
    line.get(..cell_start)
        .is_some_and(|cells| cells.split(sep).any(is_percent_unit))
}

/// True when a cell of `row` (the row up to a figure) is a yearly unit
/// ("%/năm": grammars/cell_figures.toml `per_year`).
pub fn per_year_unit(g: Grammars, row: &str) -> bool {
    let words = || cells(g).table.cell.iter().flat_map(|e| e.per_year.iter());
    row.split(['|', '\t']).any(|c| {
        let c = c.trim();
        is_percent_unit(c) && words().any(|w| c.contains(w.as_str()))
    })
}

/// How many rows up a group row is looked for.
pub const GROUP_REACH: usize = 300;

/// The year a group row above a table row names ("| **I** | **Đến năm
/// 2030** |"): `rows` are the lines of the table from its top down to the
/// row of the figure, which is last. A group row holds at most two filled
/// cells and no figure.
pub fn group_year<'a>(
    g: crate::rules::Grammars,
    rows: impl DoubleEndedIterator<Item = &'a str>,
) -> Option<i32> {
    for row in rows.rev().skip(1).take(GROUP_REACH) {
        let sep = if row.contains('|') { '|' } else { '\t' };
        let filled: Vec<&str> = row
            .split(sep)
            .map(|c| c.trim().trim_matches('*').trim())
            .filter(|c| !c.is_empty())
            .collect();
        if filled.is_empty() || filled.len() > 2 || row.contains('%') {
            continue;
        }
        if let Some(y) = filled
            .iter()
            .find_map(|c| super::years::years(g, c).last().map(|y| y.to))
        {
            return Some(y);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str, needle: &str) -> Option<(f64, Option<f64>, String)> {
        let at = line.find(needle).expect("needle");
        figure(crate::rules::Grammars::builtin(), line, 0, at)
            .map(|(f, len)| (f.value, f.value_max, line[at..at + len].to_string()))
    }

    #[test]
    fn a_bare_number_after_a_percent_unit_cell() {
        let row = "| 11.1| Tỉ lệ sử dụng dịch vụ công trực tuyến | % | ≥ 80 | Bộ Thông tin |";
        assert_eq!(read(row, "80"), Some((80.0, None, "80".into())));
        let row = "| 41 | Làm chủ công nghệ | % GDP | 20 - 50 | Bộ Công an |";
        assert_eq!(read(row, "20"), Some((20.0, Some(50.0), "20 - 50".into())));
        let row = "Tỷ lệ hồ sơ\t%\t95,5\tSở Nội vụ";
        assert_eq!(read(row, "95"), Some((95.5, None, "95,5".into())));
    }

    #[test]
    fn counts_numbers_in_words_and_cells_before_the_unit_are_not() {
        // a count: the unit is not "%"
        let row = "| 7 | Số doanh nghiệp công nghệ số | Doanh nghiệp | ≥ 5 | Bộ |";
        assert_eq!(read(row, "5 |"), None);
        // the row number stands before the unit cell
        let row = "| 11 | Tỉ lệ hồ sơ | % | 90 |";
        assert_eq!(read(row, "11"), None);
        // a number inside words
        let row = "| Tỉ lệ hồ sơ trong 30 ngày | % | 90 |";
        assert_eq!(read(row, "30"), None);
        // not a table
        assert_eq!(read("Tỉ lệ % đạt 90 hồ sơ", "90"), None);
    }

    #[test]
    fn a_unit_cell_before_the_figures_cell() {
        let row = "| 17 | Chi ngân sách cho khoa học | % tổng chi NSNN | ≥ 3% và tăng dần | Bộ |";
        assert!(percent_unit_before(row, row.find("3%").unwrap_or(0)));
        // the unit cell after the figure, or none
        let row = "| 1 | Đạt 3% và tăng dần | % |";
        assert!(!percent_unit_before(row, row.find("3%").unwrap_or(0)));
        assert!(!percent_unit_before("Tỷ lệ % đạt 3% và tăng dần", 20));
    }

    #[test]
    fn yearly_units() {
        assert!(per_year_unit(
            crate::rules::Grammars::builtin(),
            "| 20 | Số công bố tăng | %/năm | "
        ));
        assert!(!per_year_unit(
            crate::rules::Grammars::builtin(),
            "| 20 | Số công bố/năm | % | "
        ));
    }

    #[test]
    fn a_group_row_names_the_year() {
        let rows = [
            "| TT | Chỉ tiêu | Đơn vị | Kết quả |",
            "| --- | --- | --- | --- |",
            "| **I** | **Đến năm 2030** | | |",
            "| 1 | Tỉ lệ hồ sơ | % | 90 |",
            "| 2 | Tỉ lệ hồ sơ | % | 95 |",
        ];
        assert_eq!(
            group_year(crate::rules::Grammars::builtin(), rows.iter().copied()),
            Some(2030)
        );
        // a row with figures is no group row; nor is the header
        let rows = [
            "| Chỉ tiêu | Năm 2024 | Năm 2025 |",
            "| Tỉ lệ năm 2024 | 50% | |",
            "| Tỉ lệ hồ sơ | 60% | 70% |",
        ];
        assert_eq!(
            group_year(crate::rules::Grammars::builtin(), rows.iter().copied()),
            None
        );
    }
}
