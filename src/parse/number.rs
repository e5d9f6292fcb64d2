//! Document numbers and symbols ("số ký hiệu").
//!
//! ```text
//! number   := serial sep"/" ( year sep"/" )? symbol ( sep"/" code )?   681/QĐ-UBND, 01/2025/TT-BNV
//!           | serial sep"-" code sep"/" code ( sep"-" code )*          45-KL/TW, 18-NQ/TW
//! serial   := digits ( "." digits )? letter?                           66.7, 30c, 012
//! symbol   := code ( sep"-" code )*                                    QĐ-BNN-CN, KH-MTTQ-BTT
//! sep c    := blanks c blanks-or-one-line-break                        "NĐ- CP", "57- NQ", "TTr -SNN"
//! code     := upper ( ascii-letter | digit | "Đ" | "đ" )*, ending a word
//! ```
//! [`parse_number`] reads one at the start of a text (as printed, possibly
//! sloppy); [`canonical`] gives the canonical form: spacing removed, `Ð`
//! read as `Đ`, a hyphen restored between a glued type and issuer code
//! (`QĐTTg` → `QĐ-TTg`), digits as printed.

use crate::error::Result;
use crate::rules::{Grammars, Slot};
use nom::IResult;
use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::char as ch;
use nom::combinator::opt;
use serde::Deserialize;
use std::collections::HashSet;

/// The codes a glued symbol is split between (`QĐTTg` → `QĐ`, `TTg`):
/// the type codes of grammars/citation_kinds.toml `[[code]]` read in
/// cited numbers, longest first, and the issuer codes of grammars/issuers.toml `[[symbol]]`.
struct Glued {
    types: Vec<String>,
    issuers: HashSet<String>,
}

#[derive(Deserialize)]
struct Codes {
    code: Vec<Code>,
}

#[derive(Deserialize)]
struct Symbols {
    symbol: Vec<Code>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
    /// `cited = false`: a type code of own numbers only, not split off.
    #[serde(default)]
    cited: Option<bool>,
}

fn glued(g: Grammars) -> &'static Glued {
    g.cached(Slot::GluedCodes, build_glued)
}

fn build_glued(g: Grammars) -> Result<Glued> {
    let mut types: Vec<String> = Vec::new();
    for c in g.table::<Codes>("citation_kinds")?.code {
        if c.cited != Some(false) && !types.contains(&c.code) {
            types.push(c.code);
        }
    }
    types.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    let issuers = g
        .table::<Symbols>("issuers")?
        .symbol
        .into_iter()
        .map(|s| s.code)
        .collect();
    Ok(Glued { types, issuers })
}

/// Builds the codes a glued symbol is split between.
pub fn check(g: Grammars) -> Result<()> {
    g.try_cached(Slot::GluedCodes, build_glued)?;
    Ok(())
}

/// A number and symbol as read from the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// "76", "66.7", "30c"
    pub serial: String,
    /// The year part as printed ("2020", or a typo like "218").
    pub year: Option<String>,
    /// Party form `45-KL/TW`: the type code comes before the slash.
    pub party: bool,
    /// Codes of the symbol in order, glued codes split: ["QĐ", "TTg"],
    /// ["KL", "TW"], ["BNV", "CCHC"], ["UBTVQH13"].
    pub codes: Vec<String>,
}

impl Number {
    /// Canonical form, e.g. "62/2020/NĐ-CP", "45-KL/TW".
    pub fn canonical(&self) -> String {
        let mut s = self.serial.clone();
        if self.party {
            s.push('-');
            s.push_str(self.codes.first().map(String::as_str).unwrap_or(""));
            s.push('/');
            s.push_str(&self.codes.get(1..).unwrap_or(&[]).join("-"));
        } else {
            s.push('/');
            if let Some(y) = &self.year {
                s.push_str(y);
                s.push('/');
            }
            s.push_str(&self.codes.join("-"));
        }
        s
    }

    /// Why the number looks impossible, if it does: a year that is not four
    /// digits or is out of range.
    pub fn suspect(&self) -> Option<String> {
        let y = self.year.as_deref()?;
        if y.len() != 4 {
            return Some(format!("year `{y}` has {} digits", y.len()));
        }
        match y.parse::<i32>() {
            Ok(n) if (1945..=2100).contains(&n) => None,
            _ => Some(format!("year `{y}` is out of range")),
        }
    }
}

type Res<'a, T> = IResult<&'a str, T>;

fn fail<T>(i: &str) -> Res<'_, T> {
    Err(nom::Err::Error(nom::error::Error::new(
        i,
        nom::error::ErrorKind::Verify,
    )))
}

fn blanks(i: &str) -> Res<'_, &str> {
    take_while(|c: char| c == ' ' || c == '\t' || c == '\u{a0}')(i)
}

/// Blanks and at most one line break.
fn wrap(i: &str) -> Res<'_, ()> {
    let (i, _) = blanks(i)?;
    let (i, _) = opt(ch('\n'))(i)?;
    let (i, _) = blanks(i)?;
    Ok((i, ()))
}

/// A separator: `/` (also typed twice) or `-`, with sloppy spacing around.
fn sep(c: char) -> impl Fn(&str) -> Res<'_, ()> {
    move |i| {
        let (i, _) = blanks(i)?;
        let (i, _) = ch(c)(i)?;
        let (i, _) = if c == '/' {
            opt(ch('/'))(i)?
        } else {
            (i, None)
        };
        wrap(i)
    }
}

fn serial(i: &str) -> Res<'_, String> {
    let (rest, d) = take_while1(|c: char| c.is_ascii_digit())(i)?;
    if d.len() > 6 {
        return fail(i);
    }
    let mut s = d.to_string();
    let mut rest = rest;
    if let Some(r) = rest.strip_prefix('.') {
        if let Ok((r2, frac)) =
            take_while1::<_, _, nom::error::Error<&str>>(|c: char| c.is_ascii_digit())(r)
        {
            if frac.len() <= 3 {
                s.push('.');
                s.push_str(frac);
                rest = r2;
            }
        }
    }
    let mut chars = rest.chars();
    if let (Some(l), next) = (chars.next(), chars.next()) {
        if l.is_ascii_lowercase() && !next.is_some_and(char::is_alphanumeric) {
            s.push(l);
            rest = &rest[l.len_utf8()..];
        }
    }
    Ok((rest, s))
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == 'Đ' || c == 'đ' || c == '\u{00D0}'
}

/// One code: starts upper case, ends a word, and looks like an acronym
/// (`TTg`, `QyĐ`, `UBTVQH13`), not a capitalised word (`Cam`); two
/// departments joined by "&" are one code (`CTTN&BĐG`).
fn code(i: &str) -> Res<'_, String> {
    let (mut rest, _) = take_while1(is_code_char)(i)?;
    while let Some(after) = rest.strip_prefix('&') {
        match take_while1::<_, _, nom::error::Error<&str>>(is_code_char)(after) {
            Ok((r, _)) => rest = r,
            Err(_) => break,
        }
    }
    let c = i.get(..i.len() - rest.len()).unwrap_or("");
    if rest.chars().next().is_some_and(char::is_alphanumeric) {
        return fail(i);
    }
    let first = c.chars().next().unwrap_or('a');
    if !(first.is_ascii_uppercase() || first == 'Đ' || first == '\u{00D0}') {
        return fail(i);
    }
    let upper = c
        .chars()
        .filter(|c| c.is_ascii_uppercase() || *c == 'Đ' || *c == '\u{00D0}')
        .count();
    if c.chars().count() > 2 && upper < 2 {
        return fail(i);
    }
    Ok((rest, c.replace('\u{00D0}', "Đ")))
}

/// A year part: 2 to 4 digits followed by a slash.
fn year(i: &str) -> Res<'_, String> {
    let (rest, d) = take_while1(|c: char| c.is_ascii_digit())(i)?;
    if !(2..=4).contains(&d.len()) {
        return fail(i);
    }
    let (rest, _) = sep('/')(rest)?;
    Ok((rest, d.to_string()))
}

fn codes_after(first: String, mut i: &str) -> (&str, Vec<String>) {
    let mut codes = vec![first];
    loop {
        let r: Res<'_, String> = (|i| {
            let (i, _) = sep('-')(i)?;
            code(i)
        })(i);
        match r {
            Ok((rest, c)) => {
                codes.push(c);
                i = rest;
            }
            Err(_) => return (i, codes),
        }
    }
}

fn party_form(i: &str) -> Res<'_, Number> {
    let (i, serial) = serial(i)?;
    let (i, _) = sep('-')(i)?;
    let (i, ty) = code(i)?;
    let (i, _) = sep('/')(i)?;
    let (i, first) = code(i)?;
    let (i, rest) = codes_after(first, i);
    let mut codes = vec![ty];
    codes.extend(rest);
    Ok((
        i,
        Number {
            serial,
            year: None,
            party: true,
            codes,
        },
    ))
}

fn slash_form(g: Grammars, i: &str) -> Res<'_, Number> {
    let (i, serial) = serial(i)?;
    let (i, _) = sep('/')(i)?;
    let (i, year) = opt(year)(i)?;
    let (i, first) = code(i)?;
    let (mut i, mut codes) = codes_after(first, i);
    // 12/2017/QH14 style, or a trailing "/..." issuer part
    if let Ok((rest, c)) = (|i| {
        let (i, _) = sep('/')(i)?;
        code(i)
    })(i)
    {
        codes.push(c);
        i = rest;
    }
    split_glued(g, &mut codes);
    Ok((
        i,
        Number {
            serial,
            year,
            party: false,
            codes,
        },
    ))
}

/// `QĐTTg` → `QĐ`, `TTg`; also when the two share the letter where they
/// meet (`CTTg` typed for `CT-TTg`).
fn split_glued(g: Grammars, codes: &mut Vec<String>) {
    let Some(first) = codes.first().cloned() else {
        return;
    };
    let glued = glued(g);
    for t in &glued.types {
        let Some(rest) = first.strip_prefix(t.as_str()) else {
            continue;
        };
        let issuer = if glued.issuers.contains(rest) {
            Some(rest.to_string())
        } else {
            // the type code's last letter also opens the issuer code
            t.chars()
                .next_back()
                .map(|l| format!("{l}{rest}"))
                .filter(|joined| !rest.is_empty() && glued.issuers.contains(joined))
        };
        if let Some(issuer) = issuer {
            codes[0] = issuer;
            codes.insert(0, t.clone());
            return;
        }
    }
}

/// Reads a number and symbol at the start of `i`; returns it and the bytes
/// consumed. Trailing blanks are not consumed.
pub fn parse_number(g: Grammars, i: &str) -> Option<(Number, usize)> {
    let r = party_form(i).or_else(|_| slash_form(g, i));
    match r {
        Ok((rest, n)) => {
            let used = i.len() - rest.len();
            let trimmed = i.get(..used)?.trim_end().len();
            Some((n, trimmed))
        }
        Err(_) => None,
    }
}

/// Canonical form of a printed number and symbol, or None when it is not one.
pub fn canonical(g: Grammars, raw: &str) -> Option<String> {
    let s: String = raw.trim().replace('\u{00D0}', "Đ");
    let s = s.trim_matches(|c: char| matches!(c, '/' | '-' | '.' | ',' | ';'));
    let (n, used) = parse_number(g, s)?;
    if used != s.len() {
        return None;
    }
    Some(n.canonical())
}

/// Comparison key: canonical form, lower case.
pub fn key(g: Grammars, raw: &str) -> Option<String> {
    canonical(g, raw).map(|c| c.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(raw: &str) -> Option<String> {
        super::canonical(Grammars::builtin(), raw)
    }

    fn parse_number(i: &str) -> Option<(Number, usize)> {
        super::parse_number(Grammars::builtin(), i)
    }

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

    #[test]
    fn every_family() {
        for (raw, want) in [
            ("76/NQ-CP", "76/NQ-CP"),
            ("66.7/2025/NQ-CP", "66.7/2025/NQ-CP"),
            ("30c/NQ-CP", "30c/NQ-CP"),
            ("45-KL/TW", "45-KL/TW"),
            ("18-NQ/TW", "18-NQ/TW"),
            ("01/2025/TT-BNV", "01/2025/TT-BNV"),
            ("2972/QĐ-BNN-CN", "2972/QĐ-BNN-CN"),
            ("328-KH/TU", "328-KH/TU"),
            ("01-KH/BCĐ", "01-KH/BCĐ"),
            ("107/TTr-SGDĐT", "107/TTr-SGDĐT"),
            ("552/TB-VPCP", "552/TB-VPCP"),
            ("1211/2016/UBTVQH13", "1211/2016/UBTVQH13"),
            ("12/2017/QH14", "12/2017/QH14"),
            ("137/2024/NĐ-\nCP", "137/2024/NĐ-CP"),
            ("137/2024/\nNĐ-CP", "137/2024/NĐ-CP"),
            ("10 / 2013 / CT-UBND", "10/2013/CT-UBND"),
            ("8935/BNV-CTTN&BĐG", "8935/BNV-CTTN&BĐG"),
            ("27/CTTg", "27/CT-TTg"),
        ] {
            assert_eq!(canonical(raw).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn stops_at_the_end_of_the_symbol() {
        let t = "76/NQ-CP ngày 15/7/2021";
        let (n, used) = parse_number(t).unwrap();
        assert_eq!(n.canonical(), "76/NQ-CP");
        assert_eq!(&t[..used], "76/NQ-CP");
        // a capitalised word after a hyphen is not a code
        let t = "12/QĐ-UBND - Cam Ranh";
        let (n, _) = parse_number(t).unwrap();
        assert_eq!(n.canonical(), "12/QĐ-UBND");
        let t = "12/QĐ-UBND-Nội";
        assert_eq!(parse_number(t).unwrap().0.canonical(), "12/QĐ-UBND");
        // a line break before a hyphen ends the number (a list item follows)
        let t = "12/QĐ-UBND\n- Nội dung";
        assert_eq!(parse_number(t).unwrap().1, "12/QĐ-UBND".len());
    }

    #[test]
    fn not_numbers() {
        for raw in [
            "15/7/2021",
            "2021-2025",
            "ISO 9001:2015",
            "COVID-19",
            "5/ha",
        ] {
            assert_eq!(canonical(raw), None, "{raw}");
        }
    }

    #[test]
    fn suspect_years() {
        let (n, _) = parse_number("113/218/NĐ-CP").unwrap();
        assert_eq!(n.suspect().as_deref(), Some("year `218` has 3 digits"));
        let (n, _) = parse_number("108/2014/NĐ-CP").unwrap();
        assert_eq!(n.suspect(), None);
    }
}
