//! How the document relates to one mention: the trigger of
//! grammars/citation_kinds.toml (`[[relation]]`) nearest before it in its
//! clause; "mentioned" when none.

use super::tables::kinds;

/// Clause boundaries: a sentence end, a list item, a table cell.
const BOUNDARIES: &[&str] = &[". ", ".\n", ":\n", "\n-", "\n+", "\n\n", "|", "\t", "\n•"];

/// The relation of the mention starting at byte `start` of `text`.
pub fn relation(text: &str, start: usize) -> &'static str {
    let lo = crate::text::floor_char_boundary(text, start.saturating_sub(600));
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
}
