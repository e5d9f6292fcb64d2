//! How the document relates to one mention: the trigger of
//! grammars/citation_kinds.toml (`[[relation]]`) nearest before it in its
//! clause; "mentioned" when none.
//!
//! [`Relations`] indexes the clause boundaries and trigger occurrences of
//! a whole text once, so each mention costs a few binary searches instead
//! of lowercasing and searching the 600 bytes before it.

use super::tables::kinds;
use regex::Regex;
use std::sync::{LazyLock, OnceLock};

/// Clause boundaries: a sentence end, a list item, a table cell.
const BOUNDARIES: &[&str] = &[". ", ".\n", ":\n", "\n-", "\n+", "\n\n", "|", "\t", "\n•"];

/// How far back a clause may start.
const REACH: usize = 600;

/// The relation of the mention starting at byte `start` of `text`.
pub fn relation(text: &str, start: usize) -> &'static str {
    let lo = crate::text::floor_char_boundary(text, start.saturating_sub(REACH));
    let Some(window) = text.get(lo..start) else {
        return "mentioned";
    };
    let from = BOUNDARIES
        .iter()
        .filter_map(|b| window.rfind(b).map(|p| p + b.len()))
        .max()
        .unwrap_or(0);
    let clause = window.get(from..).unwrap_or(window).to_lowercase();
    let mut best: Option<(usize, &'static str)> = None;
    for r in &kinds().relation {
        if let Some(p) = clause.rfind(&r.trigger) {
            let end = p + r.trigger.len();
            if best.is_none_or(|(b, _)| end > b) {
                best = Some((end, r.relation.as_str()));
            }
        }
    }
    best.map_or("mentioned", |(_, r)| r)
}

/// Lower case of the characters below U+2000 whose lower case is one
/// character of the same UTF-8 length; `None` for the others.
static LOWER: LazyLock<Vec<Option<char>>> = LazyLock::new(|| {
    (0..0x2000u32)
        .map(|u| {
            let c = char::from_u32(u)?;
            let mut l = c.to_lowercase();
            let first = l.next()?;
            (l.next().is_none() && first.len_utf8() == c.len_utf8()).then_some(first)
        })
        .collect()
});

/// `text` in lower case with every offset kept, or None when some
/// character's lower case has another length.
fn lower_same_offsets(text: &str) -> Option<String> {
    let table = &*LOWER;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let l = match table.get(c as usize) {
            Some(l) => (*l)?,
            None => {
                let mut l = c.to_lowercase();
                let first = l.next()?;
                if l.next().is_some() || first.len_utf8() != c.len_utf8() {
                    return None;
                }
                first
            }
        };
        out.push(l);
    }
    Some(out)
}

/// Every occurrence (overlapping ones too) of `pat` in `hay`, by end.
fn occurrences(hay: &str, pat: &Regex, len: usize) -> Vec<usize> {
    let mut out = Vec::new();
    if len == 0 {
        return out;
    }
    let mut from = 0;
    while let Some(m) = pat.find_at(hay, from) {
        let at = m.start();
        out.push(at + len);
        // next char after the match start, for overlapping matches
        from = at
            + hay
                .get(at..)
                .and_then(|h| h.chars().next())
                .map_or(1, char::len_utf8);
    }
    out
}

/// The triggers as literal searchers (SIMD substring search), in table
/// order.
fn trigger_searchers() -> &'static [(Regex, usize, &'static str)] {
    static T: OnceLock<Vec<(Regex, usize, &'static str)>> = OnceLock::new();
    T.get_or_init(|| {
        kinds()
            .relation
            .iter()
            .filter_map(|r| {
                let re = Regex::new(&regex::escape(&r.trigger)).ok()?;
                Some((re, r.trigger.len(), r.relation.as_str()))
            })
            .collect()
    })
}

/// (end, start) of every clause boundary in `text`, by end.
fn boundaries(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        if !matches!(c, b'.' | b':' | b'\n' | b'|' | b'\t') {
            continue;
        }
        let rest = b.get(i..).unwrap_or(&[]);
        for p in BOUNDARIES {
            if rest.starts_with(p.as_bytes()) {
                out.push((i + p.len(), i));
            }
        }
    }
    out.sort_unstable();
    out
}

/// Clause boundaries and trigger occurrences of one text.
pub struct Relations<'a> {
    text: &'a str,
    /// None when lower-casing moves offsets: then [`relation`] is used.
    index: Option<Index>,
}

struct Index {
    /// (end, start) of every boundary occurrence, by end.
    bounds: Vec<(usize, usize)>,
    /// Per trigger, in table order: its length and the ends of its
    /// occurrences in the lower-cased text.
    triggers: Vec<(usize, Vec<usize>, &'static str)>,
}

impl<'a> Relations<'a> {
    pub fn new(text: &'a str) -> Self {
        let index = lower_same_offsets(text).map(|lower| {
            let bounds = boundaries(text);
            let triggers = trigger_searchers()
                .iter()
                .map(|(re, len, rel)| (*len, occurrences(&lower, re, *len), *rel))
                .collect();
            Index { bounds, triggers }
        });
        Relations { text, index }
    }

    /// The relation of the mention starting at byte `start`; the same as
    /// [`relation`].
    pub fn at(&self, start: usize) -> &'static str {
        let text = self.text;
        let Some(ix) = &self.index else {
            return relation(text, start);
        };
        let lo = crate::text::floor_char_boundary(text, start.saturating_sub(REACH));
        if text.get(lo..start).is_none() {
            return "mentioned";
        }
        // the boundary ending last inside [lo, start)
        let below = ix.bounds.partition_point(|&(e, _)| e <= start);
        let mut from = lo;
        for &(e, s) in ix.bounds.get(..below).unwrap_or(&[]).iter().rev() {
            if e <= lo {
                break;
            }
            if s >= lo {
                from = e;
                break;
            }
        }
        let mut best: Option<(usize, &'static str)> = None;
        for (len, ends, rel) in &ix.triggers {
            let k = ends.partition_point(|&e| e <= start);
            let Some(&end) = k.checked_sub(1).and_then(|k| ends.get(k)) else {
                continue;
            };
            if end - len < from {
                continue;
            }
            if best.is_none_or(|(b, _)| end > b) {
                best = Some((end, rel));
            }
        }
        best.map_or("mentioned", |(_, r)| r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: &str, needle: &str) -> &'static str {
        relation(t, t.find(needle).unwrap_or(0))
    }

    #[test]
    fn nearest_trigger_in_the_clause() {
        let t = "Căn cứ Luật Đầu tư;\nCăn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình; Chỉ thị số 23/CT-TTg.";
        assert_eq!(at(t, "Nghị quyết"), "basis");
        assert_eq!(at(t, "Chỉ thị"), "basis");
        let t = "- Thực hiện tốt Quyết định số 12/QĐ-UBND. Quyết định số 13/QĐ-UBND quy định";
        assert_eq!(at(t, "Quyết định số 12"), "implements");
        assert_eq!(at(t, "Quyết định số 13"), "mentioned");
        let t = "Quyết định này thay thế Quyết định số 12/QĐ-UBND";
        assert_eq!(at(t, "Quyết định số"), "replaces");
        let t = "(Ban hành kèm theo Quyết định số 12/QĐ-UBND)";
        assert_eq!(at(t, "Quyết định số"), "attached_to");
        let t = "căn cứ Chương trình được ban hành kèm theo Nghị quyết số 76/NQ-CP";
        assert_eq!(at(t, "Nghị quyết"), "basis");
    }

    #[test]
    fn the_index_reads_like_the_window_scan() {
        let parts = [
            "Căn cứ ",
            "căn cứ",
            "CĂN CỨ ",
            "thực hiện ",
            "Thay thế ",
            ". ",
            ".\n",
            ":\n",
            "\n-",
            "\n+",
            "\n\n",
            "|",
            "\t",
            "\n•",
            "x ",
            "(kèm theo ",
            "bãi bỏ",
            "đ",
            "Đ ",
            "Quyết định số 12/QĐ-UBND ",
            "sửa đổi, bổ sung ",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..300 {
            let n = 5 + (next() % if round % 10 == 0 { 200 } else { 30 }) as usize;
            let mut t = String::new();
            for _ in 0..n {
                t.push_str(parts[(next() % parts.len() as u64) as usize]);
            }
            let r = Relations::new(&t);
            assert!(r.index.is_some());
            for (p, _) in t.char_indices() {
                assert_eq!(r.at(p), relation(&t, p), "{t:?} at {p}");
            }
        }
    }
}
