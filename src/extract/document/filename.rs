//! Number, date and province from the file name, for a document that prints them
//! blank ("Số: /QĐ-UBND", "ngày tháng năm 2024": a copy made before the
//! number was given) while its file is named after the signed instrument
//! ("PL QD 1072 ngay 27-2-2024.pdf", "55 ND_CP_21072023.pdf").
//!
//! Only blanks are filled, and only with what agrees with the text: the
//! number must sit next to the kind code of the symbol the text prints,
//! the date must fall in the year (and month) the text prints. Every field
//! filled is named in `document.from_file_name`.

use crate::model::Document;
use crate::parse::number::canonical;
use crate::rules::Grammars;
use crate::text::fold::upper_without_marks;
use regex::Regex;
use std::sync::OnceLock;

/// Bytes of text searched for a blank number ("Số: /KH-UBND").
const HEAD: usize = 4000;

/// Fills a blank number, a blank or partial date and the unknown province
/// of a local body from `path`'s name.
pub fn complete(g: Grammars, d: &mut Document, text: &str, path: &str) {
    let name = stem(path);
    if name.is_empty() {
        return;
    }
    let folded = upper_without_marks(&name);
    if d.number.is_none() {
        if let Some(symbol) = blank_symbol(g, text) {
            if let Some(n) = number_in_name(&folded, &symbol, d.date.as_deref()) {
                if let Some(c) = canonical(g, &format!("{n}/{symbol}")) {
                    d.number = Some(c);
                    d.from_file_name.push("number".to_string());
                }
            }
        }
    }
    // a local body whose province neither header nor text names
    if d.province.is_none() && d.level.is_some() {
        if let Some(p) = province_in_name(g, &name) {
            d.province = Some(p.name.clone());
            d.province_current = Some(p.current.clone());
            d.from_file_name.push("province".to_string());
        }
    }
    let partial = d.date.as_deref().is_none_or(|x| x.len() < 10);
    if partial {
        if let Some(iso) = date_in_name(&folded) {
            let agrees = d.date.as_deref().is_none_or(|x| iso.starts_with(x));
            if agrees {
                d.date = Some(iso);
                d.from_file_name.push("date".to_string());
            }
        }
    }
}

/// A province named in a file name by whole words, with or without tone
/// marks and spaces: "kh16_quangninh_2025", "Quảng Ninh - KH 16",
/// "ke-hoach-quang-ninh". Two provinces named: none.
fn province_in_name(g: Grammars, name: &str) -> Option<&'static super::places::Province> {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut found: Option<&'static super::places::Province> = None;
    for i in 0..words.len() {
        for n in (1..=4).rev() {
            let Some(run) = words.get(i..i + n) else {
                continue;
            };
            // a name is letters only, at least two syllables' worth
            let joined = run.concat();
            if joined.chars().any(|c| c.is_ascii_digit()) || joined.chars().count() < 4 {
                continue;
            }
            if let Some(p) = super::places::lookup(g, &joined) {
                if found.is_some_and(|f| f.name != p.name) {
                    return None;
                }
                found = Some(p);
                break;
            }
        }
    }
    found
}

/// The file name without folders and extension.
fn stem(path: &str) -> String {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match file.rsplit_once('.') {
        Some((s, ext)) if !s.is_empty() && ext.len() <= 5 => s.to_string(),
        _ => file.to_string(),
    }
}

/// The symbol of a number printed blank near the top: "Số: /QĐ-UBND",
/// "số    /KH-MTTQ-BTT" -> "QĐ-UBND".
fn blank_symbol(g: Grammars, text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        crate::re::constant(r"(?:Số|SỐ|số)[ \t]*:?[ \t]*/[ \t]*(\p{Lu}[\p{Lu}0-9]*(?:[ \t]*-[ \t]*\p{Lu}[\p{Lu}0-9]*)*)")
    });
    let mut end = HEAD.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let c = re.captures(text.get(..end)?)?;
    let sym: String = c
        .get(1)?
        .as_str()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let canon = canonical(g, &format!("1/{sym}"))?;
    Some(canon.strip_prefix("1/")?.to_string())
}

/// The digits the file name gives for `symbol`: after its kind code
/// ("QD 1072", "QD.4469.BYT") or before the whole symbol ("55 ND_CP",
/// "1072-QD-UBND"). A number equal to the document's year is a year.
fn number_in_name(folded: &str, symbol: &str, date: Option<&str>) -> Option<String> {
    let parts: Vec<String> = symbol.split('-').map(upper_without_marks).collect();
    let code = regex::escape(parts.first()?);
    let sep = r"[ ._\-]*";
    let whole = parts
        .iter()
        .map(|p| regex::escape(p))
        .collect::<Vec<_>>()
        .join(sep);
    let after_code = Regex::new(&format!(
        r"(?:^|[^A-Z0-9]){code}{sep}([0-9]{{1,5}})(?:[^0-9]|$)"
    ))
    .ok()?;
    let before_symbol = Regex::new(&format!(
        r"(?:^|[^0-9])([0-9]{{1,5}}){sep}{whole}(?:[^A-Z]|$)"
    ))
    .ok()?;
    let n = after_code
        .captures(folded)
        .or_else(|| before_symbol.captures(folded))?
        .get(1)?
        .as_str()
        .trim_start_matches('0')
        .to_string();
    let year = date.and_then(|x| x.get(..4));
    if n.is_empty() || year == Some(n.as_str()) {
        return None;
    }
    Some(n)
}

/// A date in the file name: "NGAY 27-2-2024", "NGAY0492015" is not read
/// (ambiguous), "21072023" (ddmmyyyy between separators).
fn date_in_name(folded: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        crate::re::constant(
            r"(?:NGAY[ ._\-]*([0-9]{1,2})[.\-_]([0-9]{1,2})[.\-_]((?:19|20)[0-9]{2}))|(?:^|[^0-9])([0-9]{2})([0-9]{2})((?:19|20)[0-9]{2})(?:[^0-9]|$)",
        )
    });
    let c = re.captures(folded)?;
    let get = |a: usize, b: usize| c.get(a).or_else(|| c.get(b)).map(|m| m.as_str());
    let (d, m, y) = (get(1, 4)?, get(2, 5)?, get(3, 6)?);
    let (d, m, y): (u32, u32, i32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    let last = crate::parse::date::days_in_month(y, m)?;
    if d == 0 || d > last {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(number: Option<&str>, date: Option<&str>, text: &str, path: &str) -> Document {
        let mut d = Document {
            number: number.map(str::to_string),
            date: date.map(str::to_string),
            ..Document::default()
        };
        complete(crate::rules::Grammars::builtin(), &mut d, text, path);
        d
    }

    #[test]
    fn blank_number_and_partial_date_come_from_the_name() {
        let d = run(
            None,
            Some("2024"),
            "(Kèm theo Quyết định  số /QĐ-UBND ngày   tháng    năm 2024",
            "x/PL QD 1072 ngay 27-2-2024.pdf",
        );
        assert_eq!(d.number.as_deref(), Some("1072/QĐ-UBND"));
        assert_eq!(d.date.as_deref(), Some("2024-02-27"));
        assert_eq!(d.from_file_name, ["number", "date"]);
    }

    #[test]
    fn number_before_the_symbol_and_compact_dates() {
        let d = run(
            None,
            None,
            "Số:   /NĐ-CP\nHà Nội, ngày  tháng 7 năm 2023",
            "55 ND_CP_21072023_2.pdf",
        );
        assert_eq!(d.number.as_deref(), Some("55/NĐ-CP"));
        assert_eq!(d.date.as_deref(), Some("2023-07-21"));
    }

    #[test]
    fn the_province_of_a_local_body_the_text_does_not_place() {
        let local = |path: &str| {
            let mut d = Document {
                level: Some("xã".to_string()),
                date: Some("2025-11-18".to_string()),
                ..Document::default()
            };
            complete(
                crate::rules::Grammars::builtin(),
                &mut d,
                "Số: 16/KH-MTTQ",
                path,
            );
            d
        };
        let d = local("kh16_quangninh_xa-tan-an.docx");
        assert_eq!(d.province.as_deref(), Some("Quảng Ninh"));
        assert_eq!(d.from_file_name, ["province"]);
        let d = local("Kế hoạch 16 - Hà Giang.docx");
        assert_eq!(d.province.as_deref(), Some("Hà Giang"));
        assert_eq!(d.province_current.as_deref(), Some("Tuyên Quang"));
        assert_eq!(
            local("ke-hoach-quang-ngai.pdf").province.as_deref(),
            Some("Quảng Ngãi")
        );
        // two provinces, none, or a central body: nothing
        assert_eq!(local("nghean_hatinh_lienket.docx").province, None);
        assert_eq!(local("07fef902a53442cb.txt").province, None);
        let d = run(None, None, "Số: 5/QĐ-TTg", "qd5_hanoi.pdf");
        assert_eq!(d.province, None);
        // a province the text gives stays
        let mut d = Document {
            level: Some("tỉnh".to_string()),
            province: Some("Nghệ An".to_string()),
            ..Document::default()
        };
        complete(
            crate::rules::Grammars::builtin(),
            &mut d,
            "",
            "kh_hanoi.docx",
        );
        assert_eq!(d.province.as_deref(), Some("Nghệ An"));
    }

    #[test]
    fn printed_fields_are_never_replaced() {
        let d = run(
            Some("16/KH-UBND"),
            Some("2025-11-18"),
            "Số: 16/KH-UBND",
            "KH 99 ngay 1-1-2025.docx",
        );
        assert_eq!(d.number.as_deref(), Some("16/KH-UBND"));
        assert_eq!(d.date.as_deref(), Some("2025-11-18"));
        assert!(d.from_file_name.is_empty());
    }

    #[test]
    fn what_does_not_agree_with_the_text_is_left() {
        // "25-11-KH": a day and month before the kind code, not a number
        let d = run(
            None,
            Some("2025-11-25"),
            "Số:    /KH-MTTQ-BTT",
            "25-11-KH thuc hien HN hiep thuong (Lương Minh).docx",
        );
        assert_eq!(d.number, None);
        // a different kind code in the name
        let d = run(None, None, "Số: /QĐ-UBND", "KH 12 ngay 3-4-2024.pdf");
        assert_eq!(d.number, None);
        // a date in another year than the printed one
        let d = run(
            None,
            Some("2024"),
            "Số: /QĐ-UBND",
            "QD 12 ngay 3-4-2023.pdf",
        );
        assert_eq!(d.date.as_deref(), Some("2024"));
        // the year is not a number; no blank number in the text
        let d = run(None, Some("2025"), "Số: /KH-UBND", "KH 2025 cai cach.docx");
        assert_eq!(d.number, None);
        let d = run(None, None, "Kế hoạch cải cách hành chính", "QD 12.pdf");
        assert_eq!(d.number, None);
        // hashed names
        let d = run(None, None, "Số: /QĐ-UBND", "000_07fef902a53442cb.txt");
        assert_eq!((d.number, d.date), (None, None));
    }

    #[test]
    fn impossible_dates_are_not_read() {
        assert_eq!(date_in_name("NGAY 30-2-2024"), None);
        assert_eq!(date_in_name("31122025"), Some("2025-12-31".to_string()));
        assert_eq!(date_in_name("123122025"), None);
    }
}
