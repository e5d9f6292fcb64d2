//! Which part of the text is the document: a web page's notices before
//! the document's header or after its end (grammars/page_chrome.toml) are
//! not, and give no citations. The header is where the national motto
//! (or the party's) is first printed; without one, or without a marker
//! line, the whole text is the document.

use crate::error::Result;
use crate::rules::{Grammars, Slot};
use serde::Deserialize;
use std::ops::Range;

#[derive(Debug, Deserialize)]
struct Table {
    line: Vec<Line>,
    header: Vec<Line>,
}

#[derive(Debug, Deserialize)]
struct Line {
    text: String,
    /// Run by `check`.
    #[serde(default)]
    examples: Vec<String>,
}

fn table(g: Grammars) -> &'static Table {
    g.cached::<Table>(Slot::PageChrome, build_table)
}

fn build_table(g: Grammars) -> Result<Table> {
    g.table("page_chrome")
}

/// Markup a line may open with.
fn markup(c: char) -> bool {
    matches!(c, '*' | '#' | '_' | '|') || c == ' ' || c == '\t'
}

/// The lines of `text` that start with a marker, as (line start, line end).
fn marker_lines(g: Grammars, text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for l in &table(g).line {
        for at in memchr::memmem::find_iter(text.as_bytes(), l.text.as_bytes()) {
            let Some(before) = text.get(..at) else {
                continue;
            };
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            if !before
                .get(line_start..)
                .is_some_and(|p| p.chars().all(markup))
            {
                continue;
            }
            let line_end = text
                .get(at..)
                .and_then(|r| r.find('\n'))
                .map_or(text.len(), |i| at + i);
            out.push((line_start, line_end));
        }
    }
    out.sort_unstable();
    out
}

/// The byte range of `text` that is the document.
pub fn of(g: Grammars, text: &str) -> Range<usize> {
    let markers = marker_lines(g, text);
    if markers.is_empty() {
        return 0..text.len();
    }
    let header = table(g)
        .header
        .iter()
        .filter_map(|m| memchr::memmem::find(text.as_bytes(), m.text.as_bytes()))
        .min();
    let Some(header) = header else {
        return 0..text.len();
    };
    let start = markers
        .iter()
        .filter(|(_, e)| *e <= header)
        .map(|(_, e)| *e)
        .max()
        .unwrap_or(0);
    let end = markers
        .iter()
        .find(|(s, _)| *s > header)
        .map_or(text.len(), |(s, _)| *s);
    start..end
}

/// Builds this module's table (see [`crate::rules::Grammars::load`]) and
/// runs its examples: a `[[header]]` example holds its text, a `[[line]]`
/// example is one marker line.
pub(crate) fn check(g: Grammars) -> Result<()> {
    let t = g.try_cached(Slot::PageChrome, build_table)?;
    let fail = |e: &str, what: String| Err(g.error_at("page_chrome", e, what));
    for h in &t.header {
        if let Some(e) = h.examples.iter().find(|e| !e.contains(&h.text)) {
            return fail(e, format!("the example {e:?} does not hold `{}`", h.text));
        }
    }
    for l in &t.line {
        for e in &l.examples {
            if marker_lines(g, e) != [(0, e.len())] {
                return fail(e, format!("the example {e:?} is not one marker line"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_of_the_builtin_table_hold() {
        let g = crate::rules::Grammars::builtin();
        check(g).unwrap_or_else(|e| panic!("{e}"));
        let t = table(g);
        for l in t.header.iter().chain(&t.line) {
            assert!(!l.examples.is_empty(), "{}", l.text);
        }
    }

    #[test]
    fn the_page_around_the_document_is_cut() {
        let t = "Đang tải văn bản...\nXem tại Quyết định 5/QĐ-TTg.\nTHỦ TƯỚNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 5/QĐ-TTg\nCăn cứ Nghị định 1/2020/NĐ-CP;\n## Văn bản liên quan\nNghị định 13/2023/NĐ-CP về dữ liệu\n";
        let r = of(crate::rules::Grammars::builtin(), t);
        let body = &t[r];
        assert!(body.starts_with("\nXem tại") || body.starts_with("Xem tại"));
        assert!(body.contains("1/2020/NĐ-CP"));
        assert!(!body.contains("13/2023"));
        // a marker word inside a sentence is no marker line
        let t =
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\ncác Văn bản liên quan đến Nghị định 1/2020/NĐ-CP";
        assert_eq!(of(crate::rules::Grammars::builtin(), t), 0..t.len());
        // no header: the whole text
        let t = "Văn bản liên quan\nNghị định 1/2020/NĐ-CP";
        assert_eq!(of(crate::rules::Grammars::builtin(), t), 0..t.len());
    }
}
