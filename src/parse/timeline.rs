//! Timeline cells of task tables, read as structured time.
//!
//! ```text
//! timeline   := continuous | yearly | span | by | range
//! continuous := ("thường xuyên" | "liên tục") any*
//! yearly     := ("trước" "ngày"?)? day "/" month yearly_word
//!             | "quý" q yearly_word | "tháng" m yearly_word | yearly_word
//! yearly_word:= "hàng năm" | "hằng năm"
//! span       := "từ"? period ("-" | "đến") period      (Từ Quý IV/2023 đến Quý I/2024)
//! by         := ("trước" | "chậm nhất" | "hoàn thành trước")? "ngày"? d/m/yyyy
//! range      := ("trong" | "cả" | "giai đoạn")? period
//! period     := "quý" q ("/" | "năm") yyyy | "tháng" m ("/" | "năm") yyyy
//!             | "năm"? yyyy | d/m/yyyy
//! ```
//! Kinds: "range" (from..to; "từ năm 2026" has no `to`), "by" (to =
//! deadline), "yearly" (month-days as "--MM-DD", every year), "continuous".
//! A cell that does not read whole is read by its first clause, with the
//! opening words of grammars/timelines.toml skipped ("Hoàn thành trong năm
//! 2026 và …"). Anything else is not read (`None`): the printed text always
//! stays in the task's `timeline`.

use crate::error::Result;
use crate::model::{Timeline, TimelineKind};
use crate::rules::{Grammars, Slot};
use nom::IResult;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while_m_n, take_while1};
use nom::character::complete::{char as ch, digit1, space0, space1};
use nom::combinator::{all_consuming, map, map_opt, opt, value};
use nom::sequence::{preceded, terminated, tuple};
use serde::Deserialize;

/// A stretch of days: first and last day, ISO (or "--MM-DD" when yearly).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Period {
    from: (i32, u32, u32),
    to: (i32, u32, u32),
}

fn iso((y, m, d): (i32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn month_day((_, m, d): (i32, u32, u32)) -> String {
    format!("--{m:02}-{d:02}")
}

fn last_day(y: i32, m: u32) -> u32 {
    crate::parse::date::days_in_month(y, m).unwrap_or(31)
}

#[derive(Debug, Deserialize)]
struct Rules {
    skip: Vec<Skip>,
}

#[derive(Debug, Deserialize)]
struct Skip {
    word: String,
    #[allow(dead_code)]
    example: String,
}

fn rules(g: Grammars) -> &'static Rules {
    g.cached(Slot::Timelines, |g| g.table("timelines"))
}

/// Checks grammars/timelines.toml: every `example` is read.
pub fn check(g: Grammars) -> Result<()> {
    let r = g.try_cached(Slot::Timelines, |g| g.table::<Rules>("timelines"))?;
    for sk in &r.skip {
        if parse(g, &sk.example).is_none() {
            return Err(g.error_at(
                "timelines",
                &sk.example,
                format!("the example of `{}` is not read as a timeline", sk.word),
            ));
        }
    }
    Ok(())
}

/// Reads a timeline cell; `None` when it cannot be read.
pub fn parse(g: Grammars, cell: &str) -> Option<Timeline> {
    let s = normal(cell);
    if s.is_empty() {
        return None;
    }
    if let Some(t) = whole(&s) {
        return Some(t);
    }
    // the first clause, opening words skipped (grammars/timelines.toml)
    let mut clause = s.as_str();
    loop {
        let before = clause.len();
        for sk in &rules(g).skip {
            if let Some(rest) = clause.strip_prefix(sk.word.as_str()) {
                if rest.starts_with(' ') {
                    clause = rest.trim_start();
                }
            }
        }
        if clause.len() == before {
            break;
        }
    }
    let end = [". ", "; ", ", ", " và "]
        .iter()
        .filter_map(|sep| clause.find(sep))
        .min()
        .unwrap_or(clause.len());
    let first = normal(clause.get(..end).unwrap_or(clause));
    if first.len() < s.len() {
        let mut t = whole(&first)?;
        // "2025 và những năm tiếp theo", "từ 2026 trở đi": no end
        let open = [
            " và những năm tiếp theo",
            " và các năm tiếp theo",
            " trở đi",
        ]
        .iter()
        .any(|tail| s.contains(&format!("{first}{tail}")));
        if t.kind == TimelineKind::Range && open {
            t.to = None;
        }
        return Some(t);
    }
    None
}

fn whole(s: &str) -> Option<Timeline> {
    if let Ok((_, t)) = continuous(s) {
        return Some(t);
    }
    if s.starts_with("nhiệm vụ thường xuyên") || s.starts_with("thực hiện thường xuyên")
    {
        return continuous("thường xuyên").ok().map(|(_, t)| t);
    }
    alt((
        all_consuming(yearly),
        all_consuming(span),
        all_consuming(by),
        all_consuming(since),
        all_consuming(range),
    ))(s)
    .ok()
    .map(|(_, t)| t)
}

/// "từ năm 2026": a start with no end.
fn since(i: &str) -> IResult<&str, Timeline> {
    map(preceded(terminated(tag("từ"), space1), period), |p| {
        Timeline {
            kind: TimelineKind::Range,
            from: Some(iso(p.from)),
            to: None,
        }
    })(i)
}

/// Lower case, single spaces, no trailing punctuation, dashes as "-".
fn normal(cell: &str) -> String {
    // blanks folded and lower case in one pass; no dash is a blank
    let s = crate::text::fold::fold(cell);
    let s = if s.contains(['–', '—']) {
        s.replace(['–', '—'], "-")
    } else {
        s
    };
    s.trim_matches(|c: char| c == '.' || c == ',' || c == ';' || c.is_whitespace() || c == '*')
        .to_string()
}

fn continuous(i: &str) -> IResult<&str, Timeline> {
    map(alt((tag("thường xuyên"), tag("liên tục"))), |_| {
        Timeline {
            kind: TimelineKind::Continuous,
            from: None,
            to: None,
        }
    })(i)
}

fn yearly_word(i: &str) -> IResult<&str, ()> {
    value(
        (),
        preceded(space0, alt((tag("hàng năm"), tag("hằng năm")))),
    )(i)
}

fn yearly(i: &str) -> IResult<&str, Timeline> {
    let day_month = map(
        tuple((
            opt(terminated(alt((tag("trước"), tag("chậm nhất"))), space1)),
            opt(terminated(tag("ngày"), space1)),
            num2,
            ch('/'),
            num2,
        )),
        |(_, _, d, _, m)| (d, m),
    );
    let by_day = map_opt(terminated(day_month, yearly_word), |(d, m)| {
        // a day every year: 29 February counts (leap years have it)
        ((1..=12).contains(&m) && (1..=last_day(2000, m)).contains(&d)).then(|| Timeline {
            kind: TimelineKind::Yearly,
            from: None,
            to: Some(month_day((0, m, d))),
        })
    });
    let quarter_yearly = map(terminated(quarter_of(None), yearly_word), |p| Timeline {
        kind: TimelineKind::Yearly,
        from: Some(month_day(p.from)),
        to: Some(month_day(p.to)),
    });
    let month_yearly = map(terminated(month_of(None), yearly_word), |p| Timeline {
        kind: TimelineKind::Yearly,
        from: Some(month_day(p.from)),
        to: Some(month_day(p.to)),
    });
    let bare = map(yearly_word, |_| Timeline {
        kind: TimelineKind::Yearly,
        from: None,
        to: None,
    });
    preceded(
        opt(terminated(alt((tag("trong"), tag("vào"))), space1)),
        alt((by_day, quarter_yearly, month_yearly, bare)),
    )(i)
}

fn span(i: &str) -> IResult<&str, Timeline> {
    map_opt(
        tuple((
            opt(terminated(
                alt((
                    tag("từ năm"),
                    tag("từ"),
                    tag("trong giai đoạn"),
                    tag("giai đoạn"),
                )),
                space1,
            )),
            period,
            space0,
            alt((tag("-"), tag("đến"))),
            space0,
            opt(terminated(alt((tag("hết"), tag("đến"))), space1)),
            period,
        )),
        |(_, a, _, _, _, _, b)| {
            (a.from <= b.to).then(|| Timeline {
                kind: TimelineKind::Range,
                from: Some(iso(a.from)),
                to: Some(iso(b.to)),
            })
        },
    )(i)
}

fn by(i: &str) -> IResult<&str, Timeline> {
    map(
        preceded(
            opt(terminated(
                alt((
                    tag("hoàn thành trước"),
                    tag("trước"),
                    tag("chậm nhất"),
                    tag("hoàn thành"),
                )),
                space1,
            )),
            preceded(opt(terminated(tag("ngày"), space1)), date),
        ),
        |p| Timeline {
            kind: TimelineKind::By,
            from: None,
            to: Some(iso(p.to)),
        },
    )(i)
}

fn range(i: &str) -> IResult<&str, Timeline> {
    map(
        preceded(
            opt(terminated(
                alt((tag("trong"), tag("cả"), tag("giai đoạn"), tag("vào"))),
                space1,
            )),
            period,
        ),
        |p| Timeline {
            kind: TimelineKind::Range,
            from: Some(iso(p.from)),
            to: Some(iso(p.to)),
        },
    )(i)
}

fn period(i: &str) -> IResult<&str, Period> {
    alt((quarter, month, date, month_year, year))(i)
}

/// "6/2025", "01/2025": a month of a year.
fn month_year(i: &str) -> IResult<&str, Period> {
    map_opt(tuple((num2, ch('/'), year_num)), |(m, _, y)| {
        (1..=12).contains(&m).then(|| Period {
            from: (y, m, 1),
            to: (y, m, last_day(y, m)),
        })
    })(i)
}

fn year_num(i: &str) -> IResult<&str, i32> {
    map_opt(
        take_while_m_n(4, 4, |c: char| c.is_ascii_digit()),
        |s: &str| s.parse::<i32>().ok().filter(|y| (1900..=2100).contains(y)),
    )(i)
}

fn num2(i: &str) -> IResult<&str, u32> {
    map_opt(
        take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
        |s: &str| s.parse().ok(),
    )(i)
}

fn year_sep(i: &str) -> IResult<&str, ()> {
    value(
        (),
        alt((
            tag("/"),
            preceded(space0, preceded(tag("năm"), space0)),
            space1,
        )),
    )(i)
}

fn year(i: &str) -> IResult<&str, Period> {
    map(
        preceded(opt(terminated(tag("năm"), space1)), year_num),
        |y| Period {
            from: (y, 1, 1),
            to: (y, 12, 31),
        },
    )(i)
}

fn quarter_num(i: &str) -> IResult<&str, u32> {
    alt((
        map_opt(
            take_while1(|c: char| c == 'i' || c == 'v'),
            |s: &str| match s {
                "i" => Some(1),
                "ii" => Some(2),
                "iii" => Some(3),
                "iv" => Some(4),
                _ => None,
            },
        ),
        map_opt(digit1, |s: &str| {
            s.parse().ok().filter(|q| (1..=4).contains(q))
        }),
    ))(i)
}

/// "quý III" then, when `year` is None, "/2026" or "năm 2026".
fn quarter_of(year: Option<i32>) -> impl FnMut(&str) -> IResult<&str, Period> {
    move |i| {
        let (i, q) = preceded(terminated(tag("quý"), space1), quarter_num)(i)?;
        let y = year.unwrap_or(0);
        let first = (q - 1) * 3 + 1;
        let last = first + 2;
        Ok((
            i,
            Period {
                from: (y, first, 1),
                to: (y, last, last_day(y.max(1), last)),
            },
        ))
    }
}

fn quarter(i: &str) -> IResult<&str, Period> {
    let (i, p) = quarter_of(None)(i)?;
    let (i, y) = preceded(year_sep, year_num)(i)?;
    Ok((
        i,
        Period {
            from: (y, p.from.1, 1),
            to: (y, p.to.1, last_day(y, p.to.1)),
        },
    ))
}

/// "tháng 6"; the year, if any, is read by the caller.
fn month_of(year: Option<i32>) -> impl FnMut(&str) -> IResult<&str, Period> {
    move |i| {
        let (i, m) = preceded(
            terminated(tag("tháng"), space1),
            map_opt(num2, |m| (1..=12).contains(&m).then_some(m)),
        )(i)?;
        let y = year.unwrap_or(0);
        Ok((
            i,
            Period {
                from: (y, m, 1),
                to: (y, m, last_day(y.max(1), m)),
            },
        ))
    }
}

fn month(i: &str) -> IResult<&str, Period> {
    let (i, p) = month_of(None)(i)?;
    let (i, y) = preceded(year_sep, year_num)(i)?;
    let m = p.from.1;
    Ok((
        i,
        Period {
            from: (y, m, 1),
            to: (y, m, last_day(y, m)),
        },
    ))
}

fn date(i: &str) -> IResult<&str, Period> {
    map_opt(
        tuple((num2, ch('/'), num2, ch('/'), year_num)),
        |(d, _, m, _, y)| {
            ((1..=12).contains(&m) && d >= 1 && d <= last_day(y, m)).then_some(Period {
                from: (y, m, d),
                to: (y, m, d),
            })
        },
    )(i)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_yearly_day_must_exist() {
        // found by the timeline fuzz target: "--11-31" is no day
        assert_eq!(parse(Grammars::builtin(), "Trước 31/11 hàng năm"), None);
        assert_eq!(parse(Grammars::builtin(), "Trước 31/6 hằng năm"), None);
        assert_eq!(
            parse(Grammars::builtin(), "Trước 29/02 hằng năm").and_then(|t| t.to),
            Some("--02-29".to_string())
        );
        assert_eq!(
            parse(Grammars::builtin(), "Trước 30/11 hàng năm").and_then(|t| t.to),
            Some("--11-30".to_string())
        );
    }

    use super::*;

    fn p(s: &str) -> Option<(String, Option<String>, Option<String>)> {
        parse(Grammars::builtin(), s).map(|t| (t.kind.as_str().to_string(), t.from, t.to))
    }

    fn some(
        kind: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Option<(String, Option<String>, Option<String>)> {
        Some((kind.into(), from.map(Into::into), to.map(Into::into)))
    }

    #[test]
    fn quarters_months_years() {
        assert_eq!(
            p("Quý III/2026"),
            some("range", Some("2026-07-01"), Some("2026-09-30"))
        );
        assert_eq!(
            p("Quý IV năm 2021"),
            some("range", Some("2021-10-01"), Some("2021-12-31"))
        );
        assert_eq!(
            p("Tháng 6/2025"),
            some("range", Some("2025-06-01"), Some("2025-06-30"))
        );
        assert_eq!(
            p("Trong tháng 02/2024"),
            some("range", Some("2024-02-01"), Some("2024-02-29"))
        );
        assert_eq!(
            p("Năm 2023"),
            some("range", Some("2023-01-01"), Some("2023-12-31"))
        );
        assert_eq!(
            p("Cả năm 2023"),
            some("range", Some("2023-01-01"), Some("2023-12-31"))
        );
    }

    #[test]
    fn spans() {
        assert_eq!(
            p("2026-2030"),
            some("range", Some("2026-01-01"), Some("2030-12-31"))
        );
        assert_eq!(
            p("Năm 2025 - 2026"),
            some("range", Some("2025-01-01"), Some("2026-12-31"))
        );
        assert_eq!(
            p("Từ Quý IV/2023 đến Quý I/2024"),
            some("range", Some("2023-10-01"), Some("2024-03-31"))
        );
        assert_eq!(p("2030 - 2026"), None);
        assert_eq!(
            p("Giai đoạn 2026 - 2030"),
            some("range", Some("2026-01-01"), Some("2030-12-31"))
        );
        assert_eq!(
            p("6/2025"),
            some("range", Some("2025-06-01"), Some("2025-06-30"))
        );
        assert_eq!(p("Nhiệm vụ thường xuyên"), some("continuous", None, None));
    }

    #[test]
    fn yearly_and_continuous() {
        assert_eq!(
            p("Trước 31/12 hàng năm"),
            some("yearly", None, Some("--12-31"))
        );
        assert_eq!(
            p("Quý I hàng năm"),
            some("yearly", Some("--01-01"), Some("--03-31"))
        );
        assert_eq!(p("Hằng năm"), some("yearly", None, None));
        assert_eq!(p("Thường xuyên"), some("continuous", None, None));
        assert_eq!(p("Thường xuyên trong năm"), some("continuous", None, None));
    }

    #[test]
    fn deadlines() {
        assert_eq!(p("15/01/2023"), some("by", None, Some("2023-01-15")));
        assert_eq!(
            p("Trước ngày 30/6/2025"),
            some("by", None, Some("2025-06-30"))
        );
        assert_eq!(p("31/02/2025"), None);
    }

    #[test]
    fn every_skip_example_is_read() {
        if let Err(e) = check(Grammars::builtin()) {
            panic!("{e}");
        }
        assert_eq!(
            p("Hoàn thành trong quý I năm 2026 và có rà soát"),
            some("range", Some("2026-01-01"), Some("2026-03-31"))
        );
        assert_eq!(
            p("Triển khai từ năm 2026"),
            some("range", Some("2026-01-01"), None)
        );
        assert_eq!(
            p("2025 và những năm tiếp theo"),
            some("range", Some("2025-01-01"), None)
        );
        assert_eq!(
            p("Thực hiện trong năm 2026 và có rà soát trong các năm tiếp theo"),
            some("range", Some("2026-01-01"), Some("2026-12-31"))
        );
    }

    #[test]
    fn unreadable_is_none() {
        assert_eq!(p("Theo quy định của Bộ Nội vụ"), None);
        assert_eq!(p("Theo Kế hoạch hàng năm"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("Quý V/2025"), None);
        assert_eq!(p("Tháng 13/2025"), None);
    }
}
