//! Document numbers and symbols ("số ký hiệu").
//!
//! ```text
//! number   := serial ( "/" year )? "/" symbol          681/QĐ-UBND, 01/2025/TT-BNV
//!           | serial "-" type "/" issuer                45-KL/TW, 18-NQ/TW
//! serial   := digits ( "." digits )? letter?            66.7, 30c, 012
//! symbol   := code ( "-" code )*                        QĐ-BNN-CN, KH-MTTQ-BTT
//! ```
//! Canonical form: spacing removed, `Ð` read as `Đ`, a hyphen restored
//! between a glued type and issuer code (`QĐTTg` → `QĐ-TTg`), digits as
//! printed.

/// Type codes that start a symbol and may be glued to the issuer code.
const TYPE_CODES: &[&str] = &[
    "TTLT", "TTr", "QĐ", "NQ", "NĐ", "CT", "TT", "KH", "KL", "TB", "HD", "QC", "BC", "CV", "CĐ",
    "ĐA", "QyĐ",
];

/// Issuer codes a type code may be glued to.
const GLUED_ISSUERS: &[&str] = &[
    "TTg", "CP", "UBND", "HĐND", "BNV", "BTC", "VPCP", "TW", "TU", "BCT", "BYT",
];

/// Canonical form of a printed number and symbol, or None when it is not one.
pub fn canonical(raw: &str) -> Option<String> {
    let mut s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    s = s.replace(['\u{00D0}', '\u{0189}'], "Đ");
    // "//" typed twice
    while s.contains("//") {
        s = s.replace("//", "/");
    }
    s = s
        .trim_matches(|c: char| c == '/' || c == '-' || c == '.' || c == ',' || c == ';')
        .to_string();
    if !s.chars().next()?.is_ascii_digit() || !s.contains(['/', '-']) {
        return None;
    }
    // split the last segment's glued type+issuer
    let mut parts: Vec<String> = s.split('/').map(str::to_string).collect();
    if let Some(last) = parts.last_mut() {
        let mut segs: Vec<String> = last.split('-').map(str::to_string).collect();
        if let Some(first) = segs.first().cloned() {
            for t in TYPE_CODES {
                if let Some(rest) = first.strip_prefix(t) {
                    if GLUED_ISSUERS.contains(&rest) {
                        segs[0] = rest.to_string();
                        segs.insert(0, t.to_string());
                        break;
                    }
                }
            }
        }
        *last = segs.join("-");
    }
    Some(parts.join("/"))
}

/// Comparison key: canonical form, lower case.
pub fn key(raw: &str) -> Option<String> {
    canonical(raw).map(|c| c.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert_eq!(canonical("681/QĐ-UBND").as_deref(), Some("681/QĐ-UBND"));
        assert_eq!(canonical("282/QĐTTg").as_deref(), Some("282/QĐ-TTg"));
        assert_eq!(canonical("15/NQCP").as_deref(), Some("15/NQ-CP"));
        assert_eq!(canonical("12/NĐ- CP").as_deref(), Some("12/NĐ-CP"));
        assert_eq!(canonical("3236/TTr -SNN").as_deref(), Some("3236/TTr-SNN"));
        assert_eq!(canonical("57- NQ/TW").as_deref(), Some("57-NQ/TW"));
        assert_eq!(canonical("1/Q\u{00D0}-UBND").as_deref(), Some("1/QĐ-UBND"));
        assert_eq!(
            canonical("24/2026//NQ-CP").as_deref(),
            Some("24/2026/NQ-CP")
        );
        assert_eq!(canonical("113/218/NĐ-CP").as_deref(), Some("113/218/NĐ-CP"));
        assert_eq!(canonical("QĐ-UBND"), None);
    }
}
