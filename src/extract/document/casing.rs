//! Letter case of a title printed in capitals, taken from the document's
//! own text. "THỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG … CỦA THỦ TƯỚNG CHÍNH PHỦ"
//! is lower-cased by the caller; this module then gives each word the case
//! the body writes it in: the body says "thực hiện Chỉ thị số 27/CT-TTg …
//! của Thủ tướng Chính phủ", so the title becomes "Thực hiện Chỉ thị số
//! 27/CT-TTg … của Thủ tướng Chính phủ".
//!
//! Evidence is first a word together with the word before it (a bigram
//! with only white space between), then the word alone where it is joined
//! to a word before it; so a capital that only opens a sentence or follows
//! a bullet never counts. Words holding a digit or `/` (symbols) count
//! wherever they stand. Only mixed-case lines count, and only the first
//! [`WINDOW`] bytes after the title, so the cost per document is bounded.

mod chars;
mod evidence;

use std::collections::{HashMap, HashSet};

/// Bytes of text after the title read for evidence.
pub const WINDOW: usize = 40_000;

/// Joins the two words of a pair key (a character no word holds).
const PAIR_SEP: char = '\u{1}';

fn pair_key(prev: &str, word: &str) -> String {
    format!("{prev}{PAIR_SEP}{word}")
}

/// `s` in lower case, into `buf`.
fn lower_into(buf: &mut String, s: &str) {
    buf.clear();
    for c in s.chars() {
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

/// A word's core (without surrounding punctuation), and whether
/// punctuation stands between it and the word before.
struct Word<'a> {
    core: &'a str,
    /// Byte range of `core` in the chunk it came from.
    lead: usize,
    joined: bool,
}

/// Splits `s` into words: white-space separated chunks with leading and
/// trailing punctuation peeled off. A word is `joined` to the previous one
/// when neither the end of the previous chunk nor the start of this one
/// carries punctuation.
fn words(s: &str) -> Vec<(usize, Word<'_>)> {
    let mut out = Vec::new();
    let mut prev_clean = false;
    for chunk in s.split_whitespace() {
        // byte offset of the chunk in `s` (a sub-slice of it)
        let at = chunk.as_ptr() as usize - s.as_ptr() as usize;
        let core = chunk.trim_matches(|c: char| !c.is_alphanumeric());
        if core.is_empty() {
            prev_clean = false;
            continue;
        }
        let lead = chunk.len()
            - chunk
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        // a list marker opening the line ("1 Mục đích", "II Nhiệm vụ")
        // is no word before the next one
        let marker = out.is_empty()
            && core
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X' | 'L'));
        let clean_end = lead + core.len() == chunk.len() && !marker;
        out.push((
            at,
            Word {
                core,
                lead,
                joined: prev_clean && lead == 0,
            },
        ));
        prev_clean = clean_end;
    }
    out
}

fn is_symbol(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit() || c == '/')
}

fn has_upper(w: &str) -> bool {
    w.chars().any(char::is_uppercase)
}

fn has_lower(w: &str) -> bool {
    w.chars().any(char::is_lowercase)
}

/// Counts of the spellings seen for the keys a title needs.
#[derive(Default, Debug, PartialEq, Eq)]
struct Evidence<'a> {
    /// [`pair_key`] of (previous word, word) -> spelling -> count.
    pairs: HashMap<String, HashMap<&'a str, usize>>,
    /// word, lower case -> spelling -> count, over occurrences joined to a
    /// word before (never a sentence's first); symbols everywhere.
    single: HashMap<String, HashMap<&'a str, usize>>,
}

impl<'a> Evidence<'a> {
    fn best(counts: Option<&HashMap<&'a str, usize>>) -> Option<&'a str> {
        let counts = counts?;
        let mut all: Vec<(&&str, &usize)> = counts.iter().collect();
        // most frequent; ties to the spelling with more capitals (a
        // proper noun written once in lower case by mistake loses)
        all.sort_by(|a, b| {
            b.1.cmp(a.1)
                .then_with(|| upper_count(b.0).cmp(&upper_count(a.0)))
                .then_with(|| a.0.cmp(b.0))
        });
        all.first().map(|(w, _)| **w)
    }
}

/// A line that is written in sentence case: some lower case, and at most
/// half of its words capitalised (not a heading in capitals or in Title
/// Case, whose capitals say nothing about the words).
fn is_prose(words: &[(usize, Word<'_>)]) -> bool {
    let lettered = words
        .iter()
        .filter(|(_, w)| w.core.chars().any(char::is_alphabetic));
    let (mut n, mut caps, mut lower) = (0, 0, false);
    for (_, w) in lettered {
        n += 1;
        lower |= has_lower(w.core);
        caps += usize::from(w.core.chars().next().is_some_and(char::is_uppercase));
    }
    lower && caps * 2 <= n
}

/// The spelling the evidence gives title word `i`, if it differs in case
/// from what the title has and may replace it.
fn spelling<'a>(
    ev: &Evidence<'a>,
    tw: &[(usize, Word<'_>)],
    i: usize,
    w: &Word<'_>,
) -> Option<&'a str> {
    if i == 0 {
        // the title's first letter is a capital already
        return None;
    }
    let lower = w.core.to_lowercase();
    let pair = w
        .joined
        .then(|| {
            let prev = tw.get(i - 1)?.1.core.to_lowercase();
            Evidence::best(ev.pairs.get(&pair_key(&prev, &lower)))
        })
        .flatten();
    // a word alone counts only where the title joins it to the word
    // before too: after a comma a list item's capital is no evidence
    let single = (w.joined || is_symbol(w.core))
        .then(|| Evidence::best(ev.single.get(&lower)))
        .flatten();
    let spelling = pair.or(single)?;
    // an all-capitals spelling is a heading's, not evidence
    if has_upper(spelling) && !has_lower(spelling) && !is_symbol(spelling) {
        return None;
    }
    Some(spelling)
}

fn upper_count(w: &str) -> usize {
    w.chars().filter(|c| c.is_uppercase()).count()
}

/// The evidence in `body` for the title words `tw`, read plainly: every
/// line split into words, every word lower-cased and looked up. The
/// reference for [`evidence::gather`], which gives the same faster; used
/// as it is when the title holds [`PAIR_SEP`].
fn gather_plain<'a>(tw: &[(usize, Word<'_>)], body: impl Iterator<Item = &'a str>) -> Evidence<'a> {
    let mut ev = Evidence::default();
    let mut want_pairs: HashSet<String> = HashSet::new();
    let mut want_single: HashSet<String> = HashSet::new();
    for (i, (_, w)) in tw.iter().enumerate() {
        if i == 0 {
            continue;
        }
        want_single.insert(w.core.to_lowercase());
        if let Some((_, p)) = tw.get(i - 1).filter(|_| w.joined) {
            want_pairs.insert(pair_key(&p.core.to_lowercase(), &w.core.to_lowercase()));
        }
    }
    // lower-case buffers reused for every body word: no allocation per word
    let (mut prev, mut cur, mut key) = (String::new(), String::new(), String::new());
    let mut read = 0;
    for line in body {
        if read > WINDOW {
            break;
        }
        read += line.len() + 1;
        let lw = words(line);
        if !is_prose(&lw) {
            continue;
        }
        prev.clear();
        for (_, w) in &lw {
            lower_into(&mut cur, w.core);
            if (w.joined || is_symbol(w.core)) && want_single.contains(cur.as_str()) {
                *ev.single
                    .entry(cur.clone())
                    .or_default()
                    .entry(w.core)
                    .or_default() += 1;
            }
            if w.joined && !prev.is_empty() {
                key.clear();
                key.push_str(&prev);
                key.push(PAIR_SEP);
                key.push_str(&cur);
                if want_pairs.contains(key.as_str()) {
                    *ev.pairs
                        .entry(key.clone())
                        .or_default()
                        .entry(w.core)
                        .or_default() += 1;
                }
            }
            std::mem::swap(&mut prev, &mut cur);
        }
    }
    ev
}

/// Recases `title` (already lower case but for its first letter) from the
/// spellings in `body` lines. A word for a kind of administrative unit
/// stays in small letters before the unit's name ("tỉnh Đồng Tháp", "xã
/// Kiến Minh": grammars/document_units.toml `title_units`) whatever the
/// body does.
pub fn recase<'a>(
    g: crate::rules::Grammars,
    title: &str,
    body: impl Iterator<Item = &'a str>,
) -> String {
    let tw = words(title);
    if tw.len() < 2 {
        return title.to_string();
    }
    let ev = if title.contains(PAIR_SEP) {
        gather_plain(&tw, body)
    } else {
        evidence::gather(&tw, body)
    };
    let spellings: Vec<Option<&str>> = tw
        .iter()
        .enumerate()
        .map(|(i, (_, w))| spelling(&ev, &tw, i, w))
        .collect();
    let mut out = String::with_capacity(title.len());
    let mut last = 0;
    for (i, (at, w)) in tw.iter().enumerate() {
        let Some(spelling) = spellings.get(i).copied().flatten() else {
            continue;
        };
        // a unit before its name stays lower case ("tỉnh Đồng Tháp")
        let next_upper = tw.get(i + 1).is_some_and(|(_, n)| {
            let next = spellings.get(i + 1).copied().flatten().unwrap_or(n.core);
            next.chars().next().is_some_and(char::is_uppercase)
        });
        if next_upper && super::places::title_units(g).contains(&w.core.to_lowercase()) {
            continue;
        }
        let start = at + w.lead;
        out.push_str(title.get(last..start).unwrap_or(""));
        out.push_str(spelling);
        last = start + w.core.len();
    }
    out.push_str(title.get(last..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_take_the_case_the_body_writes() {
        let title = "Thực hiện chỉ thị số 27/ct-ttg ngày 15 tháng 8 năm 2024 của thủ tướng chính phủ về dân số";
        let body = [
            "Thực hiện Chỉ thị số 27/CT-TTg ngày 15 tháng 8 năm 2024 của Thủ",
            "tướng Chính phủ về tăng cường công tác dân số; Ủy ban nhân dân",
            "ban hành Kế hoạch thực hiện Chỉ thị số 27/CT-TTg như sau:",
        ];
        assert_eq!(
            recase(crate::rules::Grammars::builtin(), title, body.into_iter()),
            "Thực hiện Chỉ thị số 27/CT-TTg ngày 15 tháng 8 năm 2024 của Thủ tướng Chính phủ về dân số"
        );
    }

    #[test]
    fn a_capital_that_opens_a_sentence_is_no_evidence() {
        let title = "Ban hành kế hoạch phát triển du lịch";
        // "Kế hoạch" opens sentences and follows a bullet; never after
        // "hành" with only a space between
        let body = [
            "- Kế hoạch này được triển khai. Kế hoạch gồm các nội dung",
            "sau: phát triển du lịch cộng đồng.",
        ];
        assert_eq!(
            recase(crate::rules::Grammars::builtin(), title, body.into_iter()),
            title
        );
    }

    #[test]
    fn lines_in_capitals_are_no_evidence() {
        let title = "Kế hoạch phòng chống thiên tai";
        let body = ["KẾ HOẠCH PHÒNG CHỐNG THIÊN TAI", "về phòng chống thiên tai"];
        assert_eq!(
            recase(crate::rules::Grammars::builtin(), title, body.into_iter()),
            title
        );
    }

    #[test]
    fn the_most_frequent_spelling_wins() {
        let title = "Triển khai luật tiêu chuẩn và quy chuẩn kỹ thuật";
        let body = [
            "của Luật Tiêu chuẩn và quy chuẩn kỹ thuật; theo Luật Tiêu chuẩn",
            "và Quy chuẩn kỹ thuật; của Luật Tiêu chuẩn và quy chuẩn kỹ thuật",
        ];
        assert_eq!(
            recase(crate::rules::Grammars::builtin(), title, body.into_iter()),
            "Triển khai Luật Tiêu chuẩn và quy chuẩn kỹ thuật"
        );
    }

    #[test]
    fn punctuation_keeps_its_place() {
        let title = "Thực hiện chương trình “nâng cao chất lượng” tại xã kiến minh";
        let body = ["triển khai Chương trình “Nâng cao chất lượng” của xã Kiến Minh"];
        assert_eq!(
            recase(crate::rules::Grammars::builtin(), title, body.into_iter()),
            "Thực hiện Chương trình “nâng cao chất lượng” tại xã Kiến Minh"
        );
    }

    #[test]
    fn nothing_to_learn_from_leaves_the_title() {
        assert_eq!(
            recase(
                crate::rules::Grammars::builtin(),
                "Kế hoạch năm 2026",
                std::iter::empty()
            ),
            "Kế hoạch năm 2026"
        );
        assert_eq!(
            recase(
                crate::rules::Grammars::builtin(),
                "",
                ["Any Text"].into_iter()
            ),
            ""
        );
    }

    #[test]
    fn a_unit_before_its_name_stays_lower_case() {
        let title = "Chuyển đổi số trên địa bàn tỉnh Đồng Tháp và xã kiến minh";
        let body = ["triển khai trên địa bàn Tỉnh Đồng Tháp và Xã Kiến Minh theo kế hoạch"];
        assert_eq!(
            recase(crate::rules::Grammars::builtin(), title, body.into_iter()),
            "Chuyển đổi số trên địa bàn tỉnh Đồng Tháp và xã Kiến Minh"
        );
    }

    #[test]
    fn headings_in_title_case_and_list_markers_are_no_evidence() {
        let title = "Danh mục quy trình nội bộ về mục đích chung";
        let body = [
            "Danh Mục Quy Trình Nội Bộ",
            "1 Mục đích",
            "II Quy trình",
            "các bước của quy trình nội bộ được thực hiện theo mục đích chung",
        ];
        assert_eq!(
            recase(crate::rules::Grammars::builtin(), title, body.into_iter()),
            title
        );
    }

    #[test]
    fn an_item_after_a_comma_needs_its_own_pair() {
        let title = "Thủ tục lĩnh vực quốc phòng, xây dựng, tư pháp";
        // "Xây dựng" is capitalised after other words, never after "phòng,"
        let body = ["giao Sở Xây dựng và Sở Tư pháp chủ trì; lĩnh vực quốc phòng"];
        assert_eq!(
            recase(crate::rules::Grammars::builtin(), title, body.into_iter()),
            title
        );
    }
}
