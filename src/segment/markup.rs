//! Markdown emphasis (`**`, `*`, `__`) in the text of text exports: found
//! and taken off cell and heading text.

use crate::text::fold::squeeze;

/// The text may hold markdown emphasis (`*`, `_`).
pub fn has_markup(s: &str) -> bool {
    s.bytes().any(|b| b == b'*' || b == b'_')
}

/// Removes markdown emphasis (`**`, `*`, `__`) and folds white space.
pub fn strip_markup(s: &str) -> String {
    if memchr::memchr2(b'*', b'_', s.as_bytes()).is_none() {
        return squeeze(s);
    }
    let t = s.replace("**", " ").replace("__", " ");
    let t = squeeze(&t);
    let t = t.trim_matches(|c| c == '*' || c == '_');
    let t = if t.contains('*') {
        t.replace('*', " ")
    } else {
        t.to_string()
    };
    squeeze(&t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_stripped() {
        assert_eq!(strip_markup("**Cơ quan** **chủ trì**"), "Cơ quan chủ trì");
        assert_eq!(strip_markup("*1*"), "1");
    }
}
