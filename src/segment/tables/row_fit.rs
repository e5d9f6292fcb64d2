//! Which columns the cells of a short row fill.
//!
//! Some text exports drop the cells that a merged cell covers: a row under
//! `1 | Rà soát văn bản | Sở Tư pháp | Các sở | Quý II/2026` that shares its
//! lead and partners comes as `2 | Xây dựng quy chế | Năm 2026`, three cells
//! for five columns. Which columns they fill is told by what they hold,
//! compared with the cells over the columns in the row above: a row number
//! goes only under a row number, a time under a time, a bullet list under a
//! bullet list, a text under a text of a like length, and the share of its
//! words found in the cell above counts. The fit keeps the cells in order.
//! A sub-row most often lies under the last cells of its row, the first
//! ones spanning it: that is kept unless the fit is clearly better (by
//! [`CLEARLY_BETTER`]).

use super::{Cell, RowMarker};
use crate::rules::Grammars;

/// What a cell holds, as far as fitting goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Empty,
    Marker,
    Time,
    Text,
}

fn shape(g: Grammars, t: &str) -> Shape {
    let t = t.trim();
    if t.is_empty() {
        Shape::Empty
    } else if RowMarker::read(t).is_some() {
        Shape::Marker
    } else if crate::parse::timeline::parse(g, t).is_some() {
        Shape::Time
    } else {
        Shape::Text
    }
}

/// Lower-case words of a text.
fn words(t: &str) -> Vec<String> {
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn is_bullet(t: &str) -> bool {
    t.trim_start().starts_with(['-', '+', '•'])
}

/// How well a cell's text fits under the text of a column's cell above.
/// A row number fits nowhere else, and nothing else fits under one.
fn fit(g: Grammars, text: &str, above: &str) -> f64 {
    let (a, b) = (shape(g, text), shape(g, above));
    if a == Shape::Marker || b == Shape::Marker {
        return if a == b { 20.0 } else { -1000.0 };
    }
    if b == Shape::Empty {
        return 2.0;
    }
    let mut score = 0.0;
    match (a == Shape::Time, b == Shape::Time) {
        (true, true) => score += 10.0,
        (false, false) => {}
        _ => score -= 15.0,
    }
    match (is_bullet(text), is_bullet(above)) {
        (true, true) => score += 5.0,
        (false, false) => {}
        _ => score -= 3.0,
    }
    let (w, up) = (words(text), words(above));
    let (lw, lu) = (w.len() as f64, up.len() as f64);
    if lw > 0.0 && lu > 0.0 {
        score += 10.0 * lw.min(lu) / lw.max(lu);
        let shared = w.iter().filter(|x| up.contains(x)).count() as f64;
        score += 10.0 * shared / lw;
    }
    score
}

/// How much better than the last columns a fit must score to be taken.
pub const CLEARLY_BETTER: f64 = 15.0;

/// The column of each cell of `short` under the `full` row (its cells one
/// per column), keeping their order: the last columns unless another fit
/// is clearly better; None when the row is not shorter.
pub fn columns(g: Grammars, short: &[Cell], full: &[Cell]) -> Option<Vec<usize>> {
    let (k, w) = (short.len(), full.len());
    if k == 0 || k >= w {
        return None;
    }
    let last: Vec<usize> = (w - k..w).collect();
    let score = |cols: &[usize]| -> f64 {
        cols.iter()
            .zip(short)
            .map(|(&c, cell)| full.get(c).map_or(0.0, |up| fit(g, &cell.text, &up.text)))
            .sum()
    };
    match best_fit(g, short, full) {
        Some(cols) if score(&cols) > score(&last) + CLEARLY_BETTER => Some(cols),
        _ => Some(last),
    }
}

/// The order-keeping fit of the cells of `short` to the columns of `full`
/// with the highest score.
fn best_fit(g: Grammars, short: &[Cell], full: &[Cell]) -> Option<Vec<usize>> {
    let (k, w) = (short.len(), full.len());
    if k == 0 || k >= w || w > 64 {
        return None;
    }
    // best[i][c]: best score placing short[..i] in columns before c
    const NONE: f64 = f64::MIN;
    let mut best = vec![vec![NONE; w + 1]; k + 1];
    let mut from = vec![vec![false; w + 1]; k + 1];
    for row in best.iter_mut().take(1) {
        for x in row.iter_mut() {
            *x = 0.0;
        }
    }
    for i in 1..=k {
        for c in i..=w {
            // short[i-1] in column c-1, or column c-1 left to the span
            let (Some(cell), Some(up)) = (short.get(i - 1), full.get(c - 1)) else {
                continue;
            };
            let prev = best[i - 1][c - 1];
            let take = if prev == NONE {
                NONE
            } else {
                prev + fit(g, &cell.text, &up.text)
            };
            let skip = best[i][c - 1];
            // on a tie the cell goes to the later column
            if take >= skip && take > NONE {
                best[i][c] = take;
                from[i][c] = true;
            } else {
                best[i][c] = skip;
            }
        }
    }
    let mut out = vec![0; k];
    let (mut i, mut c) = (k, w);
    while i > 0 && c > 0 {
        if from[i][c] {
            out[i - 1] = c - 1;
            i -= 1;
        }
        c -= 1;
    }
    (i == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .map(|t| Cell {
                text: t.to_string(),
                start: 0,
                end: 0,
                row_span: 1,
                col_span: 1,
            })
            .collect()
    }

    #[test]
    fn a_numbered_row_without_its_merged_agencies() {
        let full = cells(&[
            "1",
            "Rà soát các văn bản quy phạm pháp luật do tỉnh ban hành",
            "Sở Tư pháp",
            "Các sở, ngành",
            "Quý II/2026",
        ]);
        let short = cells(&[
            "2",
            "Xây dựng quy chế phối hợp giữa các cơ quan trong tỉnh",
            "Năm 2026",
        ]);
        assert_eq!(
            best_fit(crate::rules::Grammars::builtin(), &short, &full),
            Some(vec![0, 1, 4])
        );
    }

    #[test]
    fn a_sub_row_without_its_number_and_time() {
        let full = cells(&[
            "2",
            "Quản lý, vận hành hệ thống thông tin đảm bảo hoạt động thông suốt",
            "Sở Tài chính",
            "Các sở, ngành, UBND xã, phường",
            "Quý IV/2026",
            "",
        ]);
        let short = cells(&[
            "Thực hiện sao lưu dữ liệu và đảm bảo có khả năng phục hồi hệ thống sau sự cố.",
            "Sở Khoa học và Công nghệ",
            "Sở Tài chính",
        ]);
        assert_eq!(
            columns(crate::rules::Grammars::builtin(), &short, &full),
            Some(vec![1, 2, 3])
        );
    }

    #[test]
    fn a_sub_row_under_the_last_cells_stays_there() {
        let full = cells(&[
            "1",
            "Bộ Nông nghiệp và Môi trường",
            "- Bộ Khoa học và Công nghệ; - Bộ Xây dựng",
            "- Hoàn thiện Nghị định về xử lý vi phạm hành chính",
            "Quý I/2026",
        ]);
        let short = cells(&["- Rà soát các hướng dẫn kỹ thuật", "Năm 2027"]);
        assert_eq!(
            columns(crate::rules::Grammars::builtin(), &short, &full),
            Some(vec![3, 4])
        );
    }

    #[test]
    fn only_shorter_rows_are_fitted() {
        let full = cells(&["1", "Việc", "Sở"]);
        assert_eq!(
            columns(
                crate::rules::Grammars::builtin(),
                &cells(&["2", "Việc khác", "Sở"]),
                &full
            ),
            None
        );
        assert_eq!(columns(crate::rules::Grammars::builtin(), &[], &full), None);
    }
}
