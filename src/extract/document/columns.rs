//! A signature block printed as the right-hand column beside "Nơi nhận:"
//! (PDF and DOCX text keeps the two columns on one line, split by a tab):
//!
//! ```text
//! Nơi nhận:\tTM. CHÍNH PHỦ
//! - Ban Bí thư Trung ương Đảng;\tKT. THỦ TƯỚNG
//! - Các bộ, cơ quan ngang bộ;\tPHÓ THỦ TƯỚNG
//! - Tòa án nhân dân tối cao;\tTrần Hồng Hà
//! ```
//!
//! A text laid out like its page (`pdftotext -layout`, a typed letter)
//! parts the columns by a run of spaces instead of a tab; such a run of at
//! least [`GAP`] spaces counts as a tab.
//!
//! The right column is the piece after the last tab of each line (or a
//! line of its own below the list); the
//! signer is the first name in it under a role ("TM. …", "KT. …", "CHỦ
//! TỊCH"), as in a block of its own.

use super::fields::{is_name, is_placeholder, is_role};
use crate::rules::Grammars;

/// Lines looked at under the first role for the name.
const UNDER_ROLE: usize = 15;

/// Spaces that part two columns like a tab.
const GAP: &str = "    ";

/// `l` split at its last tab, or else at its last run of [`GAP`] spaces
/// or more after some text: (left column, right column).
fn split_columns(l: &str) -> Option<(&str, &str)> {
    if let Some(split) = l.rsplit_once('\t') {
        return Some(split);
    }
    let body = l.trim_end();
    let at = body.rfind(GAP)?;
    let left = body.get(..at)?.trim_end();
    let right = body.get(at..)?.trim_start();
    (!left.trim().is_empty()).then_some((left, right))
}

/// What line `l` holds for the right column: the piece after its last
/// tab; or the whole line when it has no tab and is no item of the
/// "Nơi nhận" list (a name printed below the list, on a line of its own).
fn right_piece(l: &str) -> Option<&str> {
    let p = match split_columns(l) {
        Some((_, right)) => right.trim(),
        None => {
            let t = l.trim();
            if t.starts_with(['-', '+', '*', '•']) {
                return None;
            }
            t
        }
    };
    (!p.is_empty()).then_some(p)
}

/// The signer of a right-hand signature column in `text` after byte `from`.
pub fn signer(g: Grammars, text: &str, from: usize) -> Option<String> {
    let rest = text.get(from..)?;
    let mut lines = rest.lines();
    // the block starts at the first line whose right-hand piece is a role
    lines
        .by_ref()
        .find(|l| split_columns(l).is_some_and(|(_, r)| is_role(g, r.trim())))?;
    lines
        .take(UNDER_ROLE)
        .filter_map(right_piece)
        .filter(|p| !is_role(g, p) && !is_placeholder(g, p))
        .find(|p| is_name(g, p))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_under_the_roles_of_the_right_column() {
        let text = "thi hành Nghị định này.\nNơi nhận:\tTM. CHÍNH PHỦ\n\
                    - Ban Bí thư Trung ương Đảng;\tKT. THỦ TƯỚNG\n\
                    - Các bộ, cơ quan ngang bộ;\tPHÓ THỦ TƯỚNG\n\
                    - Văn phòng Quốc hội;\n\
                    - Tòa án nhân dân tối cao;\tTrần Hồng Hà\n- Lưu: VT.\n";
        assert_eq!(
            signer(crate::rules::Grammars::builtin(), text, 0).as_deref(),
            Some("Trần Hồng Hà")
        );
    }

    #[test]
    fn a_name_alone_after_a_tab() {
        let text = "Nơi nhận:\tTL. CHỦ TỊCH\n- Như trên;\tKT. CHÁNH VĂN PHÒNG\n\
                    - Lưu: VT.\tPHÓ CHÁNH VĂN PHÒNG\n\n\tPhùng Tô Long\n";
        assert_eq!(
            signer(crate::rules::Grammars::builtin(), text, 0).as_deref(),
            Some("Phùng Tô Long")
        );
    }

    #[test]
    fn tab_tables_without_a_role_give_nothing() {
        let text = "STT\tNhiệm vụ\tChủ trì\n1\tRà soát văn bản\tSở Tư pháp\n\
                    2\tTuyên truyền\tNguyễn Văn An\n";
        assert_eq!(signer(crate::rules::Grammars::builtin(), text, 0), None);
        // a role, then something that is not a name: nothing
        let text = "Nơi nhận:\tTM. ỦY BAN NHÂN DÂN\n- Như trên;\t(đã ký và đóng dấu)\n";
        assert_eq!(signer(crate::rules::Grammars::builtin(), text, 0), None);
        let text =
            "Nơi nhận:\tTM. ỦY BAN NHÂN DÂN\n- Như trên;\tCHỦ TỊCH\n\t(Đã ký)\n\tLê Văn Ba\n";
        assert_eq!(
            signer(crate::rules::Grammars::builtin(), text, 0).as_deref(),
            Some("Lê Văn Ba")
        );
    }

    #[test]
    fn columns_parted_by_spaces() {
        let text = "Nơi nhận:                     TM. ỦY BAN NHÂN DÂN\n\
                    - Như Điều 3;                      KT. CHỦ TỊCH\n\
                    - Bộ Nội vụ;                      PHÓ CHỦ TỊCH\n\
                    - Lưu: VT, NC.\n\n\n                                  Hoàng Nam\n";
        assert_eq!(
            signer(crate::rules::Grammars::builtin(), text, 0).as_deref(),
            Some("Hoàng Nam")
        );
        // a name on the line of the last list item
        let text = "Nơi nhận:      KT. GIÁM ĐỐC\n- Như trên;     PHÓ GIÁM ĐỐC\n- Lưu: VT.      Đỗ Thị Lan\n";
        assert_eq!(
            signer(crate::rules::Grammars::builtin(), text, 0).as_deref(),
            Some("Đỗ Thị Lan")
        );
        // three spaces are a sloppy gap in a sentence, not a column
        let text = "Nơi nhận:   TM. ỦY BAN NHÂN DÂN\n- Như trên;   Hoàng Nam\n";
        assert_eq!(signer(crate::rules::Grammars::builtin(), text, 0), None);
    }

    #[test]
    fn a_name_printed_below_the_list() {
        let text = "Nơi nhận:\tKT. BỘ TRƯỞNG\n- Như Điều 3;\tTHỨ TRƯỞNG\n- Các Thứ trưởng;\n\
                    Nông nghiệp và Phát triển nông thôn,\n- Lưu: VT, KCB.\nNguyễn Trường Sơn\n";
        assert_eq!(
            signer(crate::rules::Grammars::builtin(), text, 0).as_deref(),
            Some("Nguyễn Trường Sơn")
        );
    }
}
