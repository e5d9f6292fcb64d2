//! Logical lines: the normalised text as the header reader sees it, with
//! markdown and export decoration taken off (`**`, `*`, `#`, `|` borders,
//! `-----` rules) and markdown table rows cut into one line per cell.
//!
//! Every line remembers its `cell`: lines of one table cell or one
//! paragraph share it, so a value broken over two lines ("Thành phố Hồ" /
//! "Chí Minh, ngày …") can be put back together.

use crate::doc::Doc;

/// One cleaned line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// Cleaned text, runs of white space folded to one space.
    pub text: String,
    /// Normalised offsets of the raw piece it came from.
    pub start: usize,
    pub end: usize,
    /// Lines with the same `cell` belong to one cell or paragraph.
    pub cell: usize,
    /// Printed as a markdown heading or in bold (`# …`, `**…**`).
    pub strong: bool,
    /// Alone between two `|` lines: a table cell of its own.
    pub boxed: bool,
}

/// Cuts a document into cleaned logical lines; empty and decorative lines
/// are dropped but still separate cells.
pub fn logical_lines(doc: &Doc) -> Vec<LogLine> {
    let mut out = Vec::new();
    let mut cell = 0usize;
    // is each raw line a lone `|`, or blank (None)?
    let pipes: Vec<Option<bool>> = doc
        .lines
        .iter()
        .map(|l| {
            let t = doc.text.get(l.start..l.end).unwrap_or("").trim();
            if t.is_empty() || t == "** **" || t == "* *" {
                None
            } else {
                Some(t == "|")
            }
        })
        .collect();
    let near_pipe = |from: usize, back: bool| -> bool {
        let mut i = from;
        loop {
            let next = if back { i.checked_sub(1) } else { Some(i + 1) };
            let Some(n) = next else { return false };
            match pipes.get(n) {
                Some(None) => i = n,
                Some(Some(p)) => return *p,
                None => return false,
            }
        }
    };
    for (r, line) in doc.lines.iter().enumerate() {
        let Some(raw) = doc.text.get(line.start..line.end) else {
            continue;
        };
        let trimmed = raw.trim();
        if trimmed.starts_with('|') && trimmed.get(1..).is_some_and(|t| t.contains('|')) {
            // a markdown table row: one logical line per cell
            cell += 1;
            let mut pos = line.start + (raw.len() - raw.trim_start().len());
            for piece in trimmed.split('|') {
                let s = pos;
                pos += piece.len() + 1;
                let text = clean(piece);
                if text.is_empty() {
                    continue;
                }
                out.push(LogLine {
                    text,
                    start: s,
                    end: s + piece.len(),
                    cell,
                    strong: piece.trim().starts_with("**"),
                    boxed: true,
                });
                cell += 1;
            }
            continue;
        }
        let text = clean(raw);
        if text.is_empty() {
            cell += 1;
            continue;
        }
        out.push(LogLine {
            text,
            start: line.start,
            end: line.end,
            cell,
            strong: trimmed.starts_with('#') || trimmed.starts_with("**"),
            boxed: near_pipe(r, true) && near_pipe(r, false),
        });
        if raw.trim_end().ends_with('|') {
            cell += 1;
        }
    }
    out
}

/// Takes decoration off one raw line and folds its white space. Returns ""
/// for lines that are only decoration.
pub fn clean(raw: &str) -> String {
    let mut s = raw.trim();
    s = s.trim_start_matches('#').trim();
    s = s.trim_matches('|').trim();
    let mut folded = String::with_capacity(s.len());
    crate::text::fold::squeeze_into(s, &mut folded, |c| c == b'*');
    if folded
        .chars()
        .all(|c| matches!(c, '-' | '_' | '=' | '–' | ' ' | ':' | '.'))
    {
        return String::new();
    }
    // a rule glued to a cell ("TỈNH HÀ GIANG -------")
    let body = folded.trim_end_matches(['-', '_', '=', '–']);
    if folded.len() - body.len() >= 3 {
        return body.trim().to_string();
    }
    folded
}

/// True when a line has letters and none of them is lower case.
pub fn is_caps(s: &str) -> bool {
    crate::text::capitals(s).is_some_and(|n| n >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoration_is_removed() {
        assert_eq!(clean("**ỦY BAN NHÂN DÂN **"), "ỦY BAN NHÂN DÂN");
        assert_eq!(clean("# NGHỊ QUYẾT"), "NGHỊ QUYẾT");
        assert_eq!(clean("-------"), "");
        assert_eq!(clean("|"), "");
        assert_eq!(clean("** **"), "");
        assert_eq!(
            clean("ỦY BAN NHÂN DÂN TỈNH HÀ GIANG -------"),
            "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG"
        );
        assert_eq!(clean("*Cà Mau, ngày 24*"), "Cà Mau, ngày 24");
        assert_eq!(clean("- Như Điều 4;"), "- Như Điều 4;");
    }

    #[test]
    fn caps_lines() {
        assert!(is_caps("QUYẾT ĐỊNH"));
        assert!(is_caps("GIAI ĐOẠN 2021 - 2025"));
        assert!(!is_caps("Kế hoạch"));
        assert!(!is_caps("2021"));
    }
}
