//! Dates as Vietnamese documents print them.
//!
//! ```text
//! date      := ("ngày" blanks)? day sep month sep year (27/10/2021, 27-10-2021, 27.10.2021,
//!                                                     "ngày\n30/11/2024" broken over a line)
//!            | "ngày" day? "tháng" month? "năm" year  (ngày 27 tháng 10 năm 2021)
//! day/month := digits, possibly broken by spaces ("0 6"), possibly blank
//!              or a placeholder ("...", "…", "___")
//! year      := four digits, possibly broken by a space ("20 21")
//! ```
//! Blank parts give a partial date: `ngày /01/2022` → "2022-01",
//! `ngày  tháng  năm 2026` → "2026".

use nom::IResult;
use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while, take_while1};
use nom::character::complete::{char as ch, digit1, one_of, space0};
use nom::combinator::{opt, recognize};
use nom::sequence::preceded;

/// A date with optional month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl Date {
    /// ISO form: "2021-10-27", "2022-01" or "2022".
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    fn checked(year: i32, month: Option<u32>, day: Option<u32>) -> Option<Date> {
        if !(1900..=2100).contains(&year) {
            return None;
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return None;
            }
        }
        if let Some(d) = day {
            if !(1..=31).contains(&d) {
                return None;
            }
        }
        // a day the month does not have ("31/11") is a slip: the month stands
        let day = match (month, day) {
            (Some(m), Some(d)) if days_in_month(year, m).is_some_and(|n| d <= n) => Some(d),
            _ => None,
        };
        Some(Date { year, month, day })
    }
}

/// Days in `month` of `year`; `None` for a month that does not exist.
pub fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => Some(29),
        2 => Some(28),
        4 | 6 | 9 | 11 => Some(30),
        1..=12 => Some(31),
        _ => None,
    }
}

fn ws(i: &str) -> IResult<&str, &str> {
    take_while(|c: char| c == ' ' || c == '\t' || c == '\n')(i)
}

/// Blanks with at most one line break in them.
fn one_break(i: &str) -> IResult<&str, &str> {
    recognize(nom::sequence::tuple((space0, opt(ch('\n')), space0)))(i)
}

/// White space and the dots or rules a blank part is printed with.
fn blank(i: &str) -> IResult<&str, &str> {
    take_while(|c: char| matches!(c, ' ' | '\t' | '\n' | '.' | '…' | '_'))(i)
}

/// Digits possibly broken by single spaces ("0 6", "2 0 2 1"), at most 4.
fn spaced_digits(i: &str) -> IResult<&str, u32> {
    let (mut rest, first) = digit1(i)?;
    let mut s = first.to_string();
    loop {
        let Ok((r, d)) = preceded(ch::<&str, nom::error::Error<&str>>(' '), digit1)(rest) else {
            break;
        };
        if s.len() + d.len() > 2 || d.len() > 1 && s.len() > 1 {
            break;
        }
        s.push_str(d);
        rest = r;
    }
    if s.len() > 4 {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Digit,
        )));
    }
    let n = s
        .parse()
        .map_err(|_| nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Digit)))?;
    Ok((rest, n))
}

fn year(i: &str) -> IResult<&str, i32> {
    let (mut rest, first) = take_while1(|c: char| c.is_ascii_digit())(i)?;
    let mut d = first.to_string();
    // "20 21", "2 021": a year broken by one space
    if d.len() < 4 {
        if let Ok((r, more)) = preceded(
            ch::<&str, nom::error::Error<&str>>(' '),
            take_while1(|c: char| c.is_ascii_digit()),
        )(rest)
        {
            if d.len() + more.len() == 4 {
                d.push_str(more);
                rest = r;
            }
        }
    }
    if d.len() != 4 {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Digit,
        )));
    }
    let y = d
        .parse()
        .map_err(|_| nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Digit)))?;
    Ok((rest, y))
}

/// `ngày 27 tháng 10 năm 2021`, with any part but the year blank.
fn worded(i: &str) -> IResult<&str, Date> {
    let (i, _) = tag_no_case("ngày")(i)?;
    let (i, _) = blank(i)?;
    let (i, day) = opt(spaced_digits)(i)?;
    let (i, _) = blank(i)?;
    let (i, _) = opt(ch(','))(i)?;
    let (i, _) = ws(i)?;
    let (i, _) = tag_no_case("tháng")(i)?;
    let (i, _) = blank(i)?;
    let (i, month) = opt(spaced_digits)(i)?;
    let (i, _) = blank(i)?;
    let (i, _) = opt(ch(','))(i)?;
    let (i, _) = ws(i)?;
    let (i, _) = tag_no_case("năm")(i)?;
    let (i, _) = ws(i)?;
    let (i, y) = year(i)?;
    match Date::checked(y, month, day) {
        Some(d) => Ok((i, d)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        ))),
    }
}

/// `27/10/2021`, `27-10-2021`, `27.10.2021`, `/01/2022`, with optional
/// `ngày` (the date may start on the next line: "ngày\n30/11/2024").
fn numeric(i: &str) -> IResult<&str, Date> {
    let (i, _) = opt(recognize(nom::sequence::pair(
        tag_no_case("ngày"),
        one_break,
    )))(i)?;
    let (i, day) = opt(spaced_digits)(i)?;
    let (i, _) = space0(i)?;
    let (i, sep) = one_of("/-.")(i)?;
    let (i, _) = space0(i)?;
    let (i, month) = opt(spaced_digits)(i)?;
    let (i, _) = space0(i)?;
    let (i, _) = ch(sep)(i)?;
    let (i, _) = space0(i)?;
    let (i, y) = year(i)?;
    if day.is_none() && month.is_none() {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        )));
    }
    match Date::checked(y, month, day) {
        Some(d) => Ok((i, d)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        ))),
    }
}

/// Parses a date at the start of `i`; returns the date and bytes consumed.
pub fn parse_date(i: &str) -> Option<(Date, usize)> {
    let r: IResult<&str, Date> = alt((worded, numeric))(i);
    match r {
        Ok((rest, d)) => Some((d, i.len() - rest.len())),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_day_the_month_lacks_leaves_the_month() {
        let d = parse_date("ngày 31 tháng 11 năm 2025").map(|(d, _)| d.iso());
        assert_eq!(d.as_deref(), Some("2025-11"));
        let d = parse_date("ngày 29/02/2024").map(|(d, _)| d.iso());
        assert_eq!(d.as_deref(), Some("2024-02-29"));
        let d = parse_date("ngày 29/02/2023").map(|(d, _)| d.iso());
        assert_eq!(d.as_deref(), Some("2023-02"));
        assert_eq!(days_in_month(2100, 2), Some(28));
        assert_eq!(days_in_month(2000, 2), Some(29));
        assert_eq!(days_in_month(2025, 13), None);
    }

    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse_date(s).map(|(d, _)| d.iso())
    }

    #[test]
    fn worded_dates() {
        assert_eq!(
            iso("ngày 27 tháng 10 năm 2021").as_deref(),
            Some("2021-10-27")
        );
        assert_eq!(
            iso("ngày 19 tháng 6 năm 2015;").as_deref(),
            Some("2015-06-19")
        );
        assert_eq!(
            iso("ngày\n27 tháng 10 năm 2021").as_deref(),
            Some("2021-10-27")
        );
        assert_eq!(
            iso("ngày 26 tháng 0 6 năm 2018").as_deref(),
            Some("2018-06-26")
        );
        assert_eq!(iso("ngày    tháng   năm 2026").as_deref(), Some("2026"));
        assert_eq!(iso("ngày ... tháng ... năm 2026").as_deref(), Some("2026"));
        assert_eq!(iso("ngày …. tháng 01 năm 2023").as_deref(), Some("2023-01"));
        assert_eq!(iso("ngày tháng 01 năm 2023").as_deref(), Some("2023-01"));
        assert_eq!(
            iso("ngày 05 tháng 3 năm 20 24").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            iso("NGÀY 15 THÁNG 8 NĂM 2024").as_deref(),
            Some("2024-08-15")
        );
        assert_eq!(
            iso("Ngày 23 tháng 4 năm 2026").as_deref(),
            Some("2026-04-23")
        );
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(iso("ngày 15/7/2021").as_deref(), Some("2021-07-15"));
        assert_eq!(iso("04/12/2016").as_deref(), Some("2016-12-04"));
        assert_eq!(iso("ngày /01/2022").as_deref(), Some("2022-01"));
        assert_eq!(iso("30-03-2022").as_deref(), Some("2022-03-30"));
        assert_eq!(iso("ngày\n30/11/2024").as_deref(), Some("2024-11-30"));
        assert_eq!(iso("ngày \n 5/6/2023 của").as_deref(), Some("2023-06-05"));
        // a paragraph break is no part of a date
        assert_eq!(iso("ngày\n\n5/6/2023"), None);
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert_eq!(iso("ngày 45/13/2021"), None);
        assert_eq!(iso("ngày 12/10/21"), None);
        assert_eq!(iso("số 12/2021"), None);
        assert_eq!(iso(""), None);
    }
}
