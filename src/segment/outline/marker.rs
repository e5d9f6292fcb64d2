//! The list or heading marker at the start of a trimmed line, read by hand:
//! the same match as this pattern (leftmost-first, as the regex crate and
//! a backtracking engine read it) at a fraction of its cost per line:
//!
//! ```text
//! ^(?: (?P<named>(?:NAMED)\s+[0-9IVXLC]+[.:]?)
//!    | (?P<roman>[IVXL]{1,5}[.)])
//!    | (?P<upper>[A-HĐK-UWYZ]\.)
//!    | (?P<dotted>[0-9]{1,2}(?:\.[0-9]{1,2}){1,5}\.?)
//!    | (?P<arabic>[0-9]{1,2}[.)])
//!    | (?P<letter>[a-zđ][)]|[a-zđ]\.)
//!    | (?P<paren>\([0-9]{1,2}\)|\([a-zđ]\))
//!    | (?P<dash>[-–—]) | (?P<plus>\+) | (?P<bullet>[•·▪○●]) | (?P<hash>\#{1,6})
//!    )(?:\s+|$)
//! ```
//!
//! `NAMED` are the words of grammars/outline.toml `[[named]]` ("Phần",
//! "CHƯƠNG" …) in their order; none may be the start of another. Each
//! alternative but `dotted` can end in one place only (a shorter run
//! of its repeated class leaves a char of that class next, which neither
//! its closing char nor `\s`/`$` accepts), so it is one test; `dotted` is
//! searched in the pattern's order of preference.

/// Which alternative of the pattern matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Named,
    Roman,
    Upper,
    Dotted,
    Arabic,
    Letter,
    Paren,
    Dash,
    Plus,
    Bullet,
    Hash,
}

/// The match at the start of `line`: the alternative, where its group
/// ends and where the whole match (with the white space after it) ends.
/// `named` are the words that open a named marker, in the pattern's order.
pub fn find(named: &[String], line: &str) -> Option<(Group, usize, usize)> {
    let b = line.as_bytes();
    let first = line.chars().next()?;
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let digits = |from: usize| {
        b.get(from..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let tail = |g: Group, e: usize| spaces_after(line, e).map(|w| (g, e, w));
    // named
    if let Some(w) = named.iter().find(|w| line.starts_with(w.as_str())) {
        let sp = spaces_from(line, w.len());
        if sp > w.len() {
            let run = b.get(sp..).map_or(0, |r| {
                r.iter()
                    .take_while(|c| matches!(c, b'0'..=b'9' | b'I' | b'V' | b'X' | b'L' | b'C'))
                    .count()
            });
            if run > 0 {
                let mut e = sp + run;
                if matches!(at(e), b'.' | b':') {
                    e += 1;
                }
                if let Some(m) = tail(Group::Named, e) {
                    return Some(m);
                }
            }
        }
    }
    // roman
    let run = b
        .iter()
        .take_while(|c| matches!(c, b'I' | b'V' | b'X' | b'L'))
        .count();
    if (1..=5).contains(&run) && matches!(at(run), b'.' | b')') {
        if let Some(m) = tail(Group::Roman, run + 1) {
            return Some(m);
        }
    }
    // upper
    if matches!(first, 'A'..='H' | 'Đ' | 'K'..='U' | 'W' | 'Y' | 'Z')
        && at(first.len_utf8()) == b'.'
    {
        if let Some(m) = tail(Group::Upper, first.len_utf8() + 1) {
            return Some(m);
        }
    }
    // dotted
    let lead = digits(0);
    if lead > 0 {
        for d in [2, 1] {
            if d <= lead {
                if let Some(m) = dotted_groups(line, d, 0) {
                    return Some(m);
                }
            }
        }
    }
    // arabic
    if (1..=2).contains(&lead) && matches!(at(lead), b'.' | b')') {
        if let Some(m) = tail(Group::Arabic, lead + 1) {
            return Some(m);
        }
    }
    let small = matches!(first, 'a'..='z' | 'đ');
    // letter
    if small && matches!(at(first.len_utf8()), b')' | b'.') {
        if let Some(m) = tail(Group::Letter, first.len_utf8() + 1) {
            return Some(m);
        }
    }
    // paren
    if first == '(' {
        let n = digits(1);
        let end = if (1..=2).contains(&n) && at(1 + n) == b')' {
            Some(2 + n)
        } else {
            line.get(1..)
                .and_then(|r| r.chars().next())
                .filter(|c| matches!(c, 'a'..='z' | 'đ'))
                .map(|c| 1 + c.len_utf8())
                .filter(|&e| at(e) == b')')
                .map(|e| e + 1)
        };
        if let Some(m) = end.and_then(|e| tail(Group::Paren, e)) {
            return Some(m);
        }
    }
    let one = |g: Group| tail(g, first.len_utf8());
    match first {
        '-' | '–' | '—' => one(Group::Dash),
        '+' => one(Group::Plus),
        '•' | '·' | '▪' | '○' | '●' => one(Group::Bullet),
        '#' => {
            let run = b.iter().take_while(|c| **c == b'#').count();
            if run <= 6 {
                tail(Group::Hash, run)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// `dotted` after its first `d` digits: `(?:\.[0-9]{1,2}){1,5}\.?` then
/// `(?:\s+|$)`, `groups` repetitions already read, tried in the order a
/// backtracking engine tries them (one more repetition, longer digit runs
/// and the optional dot first).
fn dotted_groups(line: &str, pos: usize, groups: usize) -> Option<(Group, usize, usize)> {
    let b = line.as_bytes();
    if groups < 5 && b.get(pos) == Some(&b'.') {
        let n = b
            .get(pos + 1..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
        for d in [2, 1] {
            if d <= n {
                if let Some(m) = dotted_groups(line, pos + 1 + d, groups + 1) {
                    return Some(m);
                }
            }
        }
    }
    if groups == 0 {
        return None;
    }
    if b.get(pos) == Some(&b'.') {
        if let Some(w) = spaces_after(line, pos + 1) {
            return Some((Group::Dotted, pos + 1, w));
        }
    }
    spaces_after(line, pos).map(|w| (Group::Dotted, pos, w))
}

/// Where a run of white space from `i` ends (`i` when there is none).
fn spaces_from(line: &str, i: usize) -> usize {
    let rest = line.get(i..).unwrap_or("");
    i + (rest.len() - rest.trim_start().len())
}

/// `(?:\s+|$)` at `i`: the end of the white space there, or `i` at the
/// end of the line.
fn spaces_after(line: &str, i: usize) -> Option<usize> {
    if i >= line.len() {
        return (i == line.len()).then_some(i);
    }
    let end = spaces_from(line, i);
    (end > i).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// The named words of the built-in grammars/outline.toml.
    fn named() -> Vec<String> {
        super::super::named_words(crate::rules::Grammars::builtin()).to_vec()
    }

    fn find(line: &str) -> Option<(Group, usize, usize)> {
        super::find(&named(), line)
    }

    fn pattern() -> Regex {
        crate::re::constant(
            r"(?x)^(?:
              (?P<named>(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU)\s+[0-9IVXLC]+[.:]?)
            | (?P<roman>[IVXL]{1,5}[.)])
            | (?P<upper>[A-HĐK-UWYZ]\.)
            | (?P<dotted>[0-9]{1,2}(?:\.[0-9]{1,2}){1,5}\.?)
            | (?P<arabic>[0-9]{1,2}[.)])
            | (?P<letter>[a-zđ][)]|[a-zđ]\.)
            | (?P<paren>\([0-9]{1,2}\)|\([a-zđ]\))
            | (?P<dash>[-–—])
            | (?P<plus>\+)
            | (?P<bullet>[•·▪○●])
            | (?P<hash>\#{1,6})
            )(?:\s+|$)",
        )
    }

    /// What the pattern finds, in the shape of [`find`].
    fn by_regex(re: &Regex, line: &str) -> Option<(Group, usize, usize)> {
        let c = re.captures(line)?;
        let whole = c.get(0)?.end();
        let groups = [
            ("named", Group::Named),
            ("roman", Group::Roman),
            ("upper", Group::Upper),
            ("dotted", Group::Dotted),
            ("arabic", Group::Arabic),
            ("letter", Group::Letter),
            ("paren", Group::Paren),
            ("dash", Group::Dash),
            ("plus", Group::Plus),
            ("bullet", Group::Bullet),
            ("hash", Group::Hash),
        ];
        groups
            .iter()
            .find_map(|(n, g)| c.name(n).map(|m| (*g, m.end(), whole)))
    }

    #[test]
    fn white_space_is_the_patterns() {
        let re = crate::re::constant(r"^\s$");
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(re.is_match(&c.to_string()), c.is_whitespace(), "U+{u:04X}");
        }
    }

    #[test]
    fn markers_are_read_as_the_pattern_reads_them() {
        let re = pattern();
        for line in [
            "",
            "I. MỤC TIÊU",
            "IV)",
            "IIIII.",
            "IIIIII.",
            "XL. x",
            "C. Chung",
            "Đ.",
            "J.",
            "1.2.3. Mục",
            "1.2.3x",
            "1.10.2024",
            "12.5 ha",
            "123. x",
            "1) a",
            "12.",
            "1.",
            "01.02.03.04.05.06 x",
            "1.2.3.4.5.6.7",
            "1..2",
            "1.2.",
            "1.2.\tx",
            "a) x",
            "đ. y",
            "b)c",
            "(1) x",
            "(12)",
            "(123)",
            "(a) b",
            "(đ)",
            "(ab)",
            "- x",
            "– y",
            "—",
            "-x",
            "+ z",
            "• a",
            "· b",
            "# H",
            "###### h",
            "####### h",
            "Phần I",
            "Phần  IV. x",
            "PHẦN II:",
            "Chương\u{A0}3",
            "Điều 4 của",
            "Điều 4.",
            "Điều4.",
            "Điều 4a",
            "Mục 1:x",
            "MỤC XC",
            "ĐIỀU 1\u{2003}",
            "Chương V.x",
            "x",
            "100%",
            "2026 - 2030",
        ] {
            assert_eq!(find(line), by_regex(&re, line), "{line:?}");
        }
    }

    #[test]
    fn markers_of_the_corpus_lines() {
        let re = pattern();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut n = 0;
        for e in std::fs::read_dir(root).into_iter().flatten().flatten() {
            let Ok(t) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            for l in t.lines() {
                let l = l.trim();
                assert_eq!(find(l), by_regex(&re, l), "{l:?}");
                n += 1;
            }
        }
        assert!(n > 1000);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn any_line_is_read_as_the_pattern_reads_it(
            line in "(Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU|Đi|[IVXLCJAHZWĐđaz0-9.):(#+\\-–—•·▪○●*x \\t\\u{A0}\\u{2003}]){0,10}"
        ) {
            let re = pattern();
            proptest::prop_assert_eq!(find(&line), by_regex(&re, &line));
        }
    }
}
