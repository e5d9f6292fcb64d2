//! Numbered citations: `Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính
//! phủ`, `NĐ 130/2005/NĐ-CP`, `Điều 9 Nghị định số 137/2024/NĐ-CP`.
//! A regex finds where a number may start; the nom grammar in
//! [`crate::parse::number`] reads it; the kind word before it and the date
//! and issuer after it are read around it.

use super::issuer;
use super::locality::Places;
use super::relation::Relations;
use super::tables;
use super::{Mention, kind_before, pin_before, trailers};
use crate::error::Result;
use crate::parse::number::{Number, parse_number};
use crate::rules::Grammars;
use regex::Regex;
use std::sync::LazyLock;

/// What a number starts with, up to its first separator: `76/`,
/// `66.7/`, `30c /`, `45-`.
static START: LazyLock<Regex> =
    LazyLock::new(|| crate::re::constant(r"^\d{1,6}(?:\.\d{1,3})?[a-z]?[ \t]*[/\-]"));

/// A character regex `\d` reads as a digit.
fn is_digit(c: char) -> bool {
    static DIGIT: LazyLock<Regex> = LazyLock::new(|| crate::re::constant(r"^\d$"));
    c.is_ascii_digit() || (!c.is_ascii() && DIGIT.is_match(c.encode_utf8(&mut [0u8; 4])))
}

/// A letter or a number, as regex `[\p{L}\p{N}]` reads them.
fn is_letter_or_number(c: char) -> bool {
    static ALNUM: LazyLock<Regex> = LazyLock::new(|| crate::re::constant(r"^[\p{L}\p{N}]$"));
    c.is_ascii_alphanumeric() || (!c.is_ascii() && ALNUM.is_match(c.encode_utf8(&mut [0u8; 4])))
}

/// How many characters of a number's start may come before its blanks
/// and separator: six digits, a dot and three, a letter.
const START_CHARS: usize = 11;

/// Where the numbers of `text` may start, in order: what a regex
/// `(?:^|[^\p{L}\p{N}/.\-])(\d{1,6}(?:\.\d{1,3})?[a-z]?[ \t]*[/\-])`
/// finds (the start of its group), read back from each `/` and `-`.
fn number_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    // where the last start read ends: the next one's lead may not be in it
    let mut from = 0;
    for sep in memchr::memchr2_iter(b'/', b'-', text.as_bytes()) {
        let Some(before) = text.get(..sep) else {
            continue;
        };
        // the blanks before the separator, then the digits, dots and
        // small letters before them
        let body = before.trim_end_matches([' ', '\t']);
        let mut start = body.len();
        let mut lead = None;
        for (n, (i, c)) in body.char_indices().rev().enumerate() {
            if n == START_CHARS || !(is_digit(c) || c == '.' || c.is_ascii_lowercase()) {
                lead = Some((i, c));
                break;
            }
            start = i;
        }
        if start == body.len() {
            continue;
        }
        // the character before the start (a longer run's own, when the
        // run has more than eleven), which may not be part of a word or a
        // number
        let lead_at = match lead {
            None => start,
            Some((_, c)) if is_letter_or_number(c) || matches!(c, '/' | '.' | '-') => continue,
            Some((i, _)) => i,
        };
        if lead_at < from {
            continue;
        }
        let Some(m) = text.get(start..).and_then(|r| START.find(r)) else {
            continue;
        };
        out.push(start);
        from = start + m.end();
    }
    out
}

/// The type code of a number (`QĐ`, `KL`), when it has one.
pub fn type_code(g: Grammars, n: &Number) -> Option<&str> {
    let first = n.codes.first()?;
    if n.party || tables::kind_of_code(g, first).is_some() {
        Some(first.as_str())
    } else {
        None
    }
}

/// The issuer code of a number (`TTg`, `TW`, `BNV`).
pub fn issuer_code(g: Grammars, n: &Number) -> Option<&str> {
    issuer::symbol_code(g, n)
}

/// Every numbered mention in `text`.
pub fn find(g: Grammars, text: &str, places: &Places, rels: &Relations<'_>) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    for start in number_starts(text) {
        if out.len() >= crate::extract::MAX_ITEMS {
            break;
        }
        let Some(rest) = text.get(start..) else {
            continue;
        };
        let Some((mut n, used)) = parse_number(g, rest) else {
            continue;
        };
        let end = start + used;
        // "CHỈ THỊ SỐ 32/CT-TTG" in a title printed in capitals
        for c in &mut n.codes {
            if let Some(spelled) = tables::code_spelling(g, c) {
                *c = spelled.to_string();
            }
        }
        // "số 1 2 9 1/QĐ-BNV": digits spaced out by a scan are one serial
        let start = match spaced_serial(text, start, &n) {
            Some((at, joined)) => {
                n.serial = joined;
                at
            }
            None => start,
        };
        let kind_word = kind_before(g, text, start);
        // "văn bản số 1552/BTTTT-TTH và 708/BTTTT-CATTT": a symbol without
        // a type code right after another number takes that one's kind word
        let listed = match (&kind_word, type_code(g, &n), out.last()) {
            (None, None, Some(prev)) if prev.worded => {
                let gap = text.get(prev.tail_end..start).unwrap_or("x");
                let gap = gap.trim_matches(|c: char| c.is_whitespace() || c == ',');
                (gap.is_empty() || gap == "và").then(|| prev.kind.clone())
            }
            _ => None,
        };
        let kind = match &kind_word {
            Some((k, _)) => Some(k.to_string()),
            None if listed.is_some() => listed,
            None => type_code(g, &n)
                .and_then(|c| tables::kind_of_code_in(g, c, n.party))
                .or_else(|| {
                    // an issuer code alone (3759/BNV-CCHC) is an official letter
                    issuer_code(g, &n)
                        .and_then(|x| tables::symbol_issuer(g, x))
                        .map(|_| tables::NO_TYPE_CODE)
                })
                .map(str::to_string),
        };
        let Some(kind) = kind else {
            continue;
        };
        let mstart = kind_word.as_ref().map_or(start, |(_, s)| *s);
        let (date, text_issuer, tail_end) = trailers(g, text, end, places);
        let symbol_issuer = issuer::from_symbol(g, &n, places);
        out.push(Mention {
            start: mstart,
            end,
            kind,
            number: Some(n.canonical()),
            name: None,
            date,
            text_issuer,
            default_issuer: symbol_issuer,
            suspect: n.suspect(),
            pin: pin_before(text, mstart),
            relation: rels.at(g, mstart),
            tail_end,
            code: issuer_code(g, &n).map(str::to_string),
            worded: kind_word.is_some(),
            law_number: None,
        });
    }
    share_issuers(text, &mut out);
    out
}

/// Documents cited by a kind word and a serial alone: "Chỉ thị 18 về
/// chống thất thu thuế" (kind words marked `bare` in
/// grammars/citation_kinds.toml). Only one to three digits, then a
/// lower-case word or the clause's end: a count or a year is no serial.
pub fn bare(g: Grammars, text: &str, places: &Places, rels: &Relations<'_>) -> Vec<Mention> {
    let mut out = Vec::new();
    for w in tables::kinds(g).word.iter().filter(|w| w.bare) {
        let word = format!("{} ", w.word);
        for at in memchr::memmem::find_iter(text.as_bytes(), word.as_bytes()) {
            if out.len() >= crate::extract::MAX_ITEMS {
                return out;
            }
            let bounded = !text
                .get(..at)
                .and_then(|b| b.chars().next_back())
                .is_some_and(char::is_alphanumeric);
            let Some(rest) = text.get(at + word.len()..) else {
                continue;
            };
            let after_so = rest.strip_prefix("số ").unwrap_or(rest);
            let digits = after_so.bytes().take_while(u8::is_ascii_digit).count();
            let Some(tail) = after_so.get(digits..) else {
                continue;
            };
            let next_word = tail.trim_start_matches([' ', '\t']);
            // "66.7/2025/NQ-CP", "12,5": a dot or comma inside a number
            let punct_end = tail.starts_with([',', ';', '.', ')'])
                && !tail
                    .get(1..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(char::is_alphanumeric);
            let ends = tail.is_empty()
                || punct_end
                || (tail.starts_with([' ', '\t'])
                    && next_word
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';' | '.' | ')')));
            if !bounded || !(1..=3).contains(&digits) || !ends {
                continue;
            }
            let end = text.len() - tail.len();
            let Some(serial) = text.get(end - digits..end) else {
                continue;
            };
            let (date, text_issuer, tail_end) = trailers(g, text, end, places);
            out.push(Mention {
                start: at,
                end,
                kind: w.kind.clone(),
                number: Some(serial.to_string()),
                name: None,
                date,
                text_issuer,
                default_issuer: None,
                suspect: None,
                pin: pin_before(text, at),
                relation: rels.at(g, at),
                tail_end,
                code: None,
                worded: true,
                law_number: None,
            });
        }
    }
    out
}

/// Digits spaced out before the serial of `n` at `start`, right after
/// "số" ("số 1 2 9 1/QĐ-BNV", "Số: 12 34/QĐ-UBND", as OCR prints them):
/// where they start and the whole serial. Only groups of one to three
/// digits one space apart, six digits in all at most.
fn spaced_serial(text: &str, start: usize, n: &Number) -> Option<(usize, String)> {
    static SPACED: LazyLock<Regex> =
        LazyLock::new(|| crate::re::constant(r"(?i)\bsố\s*:?\s*((?:\d{1,3} ){1,5})$"));
    // most numbers fail here: no "digit, space" right before them
    let &[digit, space] = text.as_bytes().get(start.checked_sub(2)?..start)? else {
        return None;
    };
    if !(digit.is_ascii_digit() && space == b' ' && n.serial.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let from = crate::text::floor_char_boundary(text, start.saturating_sub(40));
    let before = text.get(from..start)?;
    let groups = SPACED.captures(before)?.get(1)?;
    let joined: String = groups
        .as_str()
        .split(' ')
        .chain(std::iter::once(n.serial.as_str()))
        .collect();
    if joined.len() > 6 {
        return None;
    }
    Some((start - (before.len() - groups.start()), joined))
}

/// "Quyết định số 12/QĐ-UBND và Quyết định số 13/QĐ-UBND của UBND tỉnh
/// X": an issuer after a list of numbers from the same body covers them all.
fn share_issuers(text: &str, out: &mut [Mention]) {
    for i in (0..out.len().saturating_sub(1)).rev() {
        let (Some(a), Some(b)) = (out.get(i), out.get(i + 1)) else {
            continue;
        };
        if a.text_issuer.is_some() || b.text_issuer.is_none() || a.code != b.code {
            continue;
        }
        let gap = text.get(a.tail_end..b.start).unwrap_or("x");
        let gap = gap.trim_matches(|c: char| c.is_whitespace() || c == ',');
        if gap.is_empty() || gap == "và" {
            let shared = b.text_issuer.clone();
            if let Some(m) = out.get_mut(i) {
                m.text_issuer = shared;
            }
        }
    }
}

/// Runs the examples of grammars/citation_kinds.toml `[[code]]`: each
/// number reads with this type code, and gives its kind.
pub(crate) fn check(g: Grammars) -> Result<()> {
    // the codes of own numbers only are checked by document::kinds
    for c in tables::kinds(g).code.iter().filter(|c| c.cited) {
        for e in &c.examples {
            let fail = |what: String| Err(g.error_at("citation_kinds", e, what));
            let Some((n, _)) = parse_number(g, e) else {
                return fail(format!("the example {e:?} of `{}` is no number", c.code));
            };
            let ok = match &c.kind {
                None => n.codes.first() == Some(&c.code),
                Some(kind) => {
                    type_code(g, &n).and_then(|t| tables::kind_of_code_in(g, t, n.party))
                        == Some(kind.as_str())
                }
            };
            if !ok {
                let kind = c.kind.as_deref().unwrap_or("no kind");
                return fail(format!(
                    "the example {e:?} does not read as type code `{}` ({kind})",
                    c.code
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(t: &str) -> Mention {
        let p = Places::find(crate::rules::Grammars::builtin(), t, &Default::default());
        find(crate::rules::Grammars::builtin(), t, &p, &Relations::new(t))
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{t}"))
    }

    #[test]
    fn spaced_out_serials_are_joined() {
        let m = one("Căn cứ Quyết định số 1 2 9 1/QĐ-BNV ngày 24/12/2021 của Bộ Nội vụ;");
        assert_eq!(m.number.as_deref(), Some("1291/QĐ-BNV"));
        assert_eq!(m.kind, "Quyết định");
        let m = one("Số: 12 34/QĐ-UBND");
        assert_eq!(m.number.as_deref(), Some("1234/QĐ-UBND"));
        // a count or a list before a number is no part of it
        let m = one("Điều 5 Nghị định 30/2020/NĐ-CP");
        assert_eq!(m.number.as_deref(), Some("30/2020/NĐ-CP"));
        let m = one("các văn bản số 3, 5 và Nghị định số 12 345 6789/NĐ-CP");
        assert_eq!(m.number.as_deref(), Some("6789/NĐ-CP"));
    }

    #[test]
    fn starts_read_like_the_regex() {
        let re =
            Regex::new(r"(?:^|[^\p{L}\p{N}/.\-])(\d{1,6}(?:\.\d{1,3})?[a-z]?[ \t]*[/\-])").unwrap();
        let parts = [
            "1", "12", "2024", "1234567", "٣", "²", "Ⅻ", ".", ".5", ".1234", "a", "c", "A", "é",
            "đ", " ", "  ", "\t", "\n", "/", "//", "-", "QĐ", "NQ-CP", "x", ",", "(", "số ", "_",
        ];
        let mut next = crate::testing::xorshift(0x9e37_79b9_7f4a_7c15);
        let mut found = 0;
        for _ in 0..150_000 {
            let n = (next() % 12) as usize;
            let t: String = (0..n)
                .map(|_| parts[(next() % parts.len() as u64) as usize])
                .collect();
            let want: Vec<usize> = re
                .captures_iter(&t)
                .filter_map(|c| Some(c.get(1)?.start()))
                .collect();
            found += want.len();
            assert_eq!(number_starts(&t), want, "{t:?}");
        }
        assert!(found > 4000, "{found}");
    }

    #[test]
    fn kind_date_issuer() {
        let m =
            one("Căn cứ Nghị quyết số\n76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành");
        assert_eq!(m.kind, "Nghị quyết");
        assert_eq!(m.number.as_deref(), Some("76/NQ-CP"));
        assert_eq!(m.date.as_deref(), Some("2021-07-15"));
        assert_eq!(m.text_issuer.as_deref(), Some("Chính phủ"));
        assert_eq!(m.relation, crate::model::Relation::Basis);
        let m = one("thực hiện Chỉ thị số 23/CT-TTg của Thủ tướng Chính phủ ngày 02/9/2021 về");
        assert_eq!(m.date.as_deref(), Some("2021-09-02"));
        assert_eq!(m.text_issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        let m = one("theo NĐ 130/2005/NĐ-CP tại cơ quan");
        assert_eq!(m.kind, "Nghị định");
        assert_eq!(m.number.as_deref(), Some("130/2005/NĐ-CP"));
        assert_eq!(m.default_issuer.as_deref(), Some("Chính phủ"));
        let m = one("Quy định số 70-QĐ/TW ngày 18/7/2022 của Bộ Chính trị");
        assert_eq!(m.kind, "Quy định");
        let m = one("Nghị quyết 66/NQCP ngày 26/03/2025 của Chính phủ");
        assert_eq!(m.number.as_deref(), Some("66/NQ-CP"));
        let m = one("theo 3759/BNV-CCHC");
        assert_eq!(m.kind, "Công văn");
    }

    #[test]
    fn a_kind_word_covers_a_list_of_bare_symbols() {
        let t = "theo văn bản số 12/BTP-VP và 34/BTP-KT; Công văn 56/BTP-VP, 78/NĐ-CP";
        let p = Places::find(crate::rules::Grammars::builtin(), t, &Default::default());
        let kinds: Vec<String> = find(crate::rules::Grammars::builtin(), t, &p, &Relations::new(t))
            .into_iter()
            .map(|m| m.kind)
            .collect();
        assert_eq!(kinds, ["Văn bản", "Văn bản", "Công văn", "Nghị định"]);
    }

    #[test]
    fn pins_and_suspects() {
        let m = one("tại Điều 9 Nghị định số 137/2024/NĐ-CP ngày 23/10/2024");
        assert_eq!(m.pin.as_ref().map(|p| p.0.as_str()), Some("Điều 9"));
        let m = one("Nghị định số 113/218/NĐ-CP");
        assert!(m.suspect.is_some());
    }

    #[test]
    fn serials_alone_after_a_kind_word() {
        let t = "theo Chỉ thị 18 về thuế; Nghị quyết số 57, Quyết định 2025 và Nghị định 15/2020/NĐ-CP; Thông tư 12 Ban; Kết luận 5%; Nghị quyết 66.7/2025/NQ-CP";
        let p = Places::find(crate::rules::Grammars::builtin(), t, &Default::default());
        let got: Vec<(String, String)> =
            bare(crate::rules::Grammars::builtin(), t, &p, &Relations::new(t))
                .into_iter()
                .map(|m| (m.kind, m.number.unwrap_or_default()))
                .collect();
        assert_eq!(
            got,
            vec![
                ("Nghị quyết".to_string(), "57".to_string()),
                ("Chỉ thị".to_string(), "18".to_string()),
            ]
        );
    }

    #[test]
    fn dates_and_numbers_without_symbol_are_not_citations() {
        let t = "ngày 15/7/2021, giai đoạn 2021-2025, ISO 9001:2015, 5/ha";
        let p = Places::find(crate::rules::Grammars::builtin(), t, &Default::default());
        assert!(find(crate::rules::Grammars::builtin(), t, &p, &Relations::new(t)).is_empty());
    }
}
