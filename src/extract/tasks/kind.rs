//! Which tables are task tables.
//!
//! Column roles (grammars/columns.toml) say whether a table could hold
//! tasks: a task column and a lead, partners, timeline or output column.
//! Many tables that are not task tables have such columns too — a list of
//! administrative procedures has a name, an agency and a time limit, the
//! steps of a procedure a content, a person in charge and a time, a list of
//! projects a name and a time — so the kind of a table is decided here from
//! what else it says (grammars/table_kinds.toml):
//!
//! - header cells that name columns only other kinds of tables have
//!   ("Phí, lệ phí", "Tổng mức đầu tư", "Đơn vị tính", "Họ và tên");
//! - rows that are the steps of a procedure ("Bước 1", "Tổng thời gian");
//! - the genre of the caption above the table, else of the document's kind
//!   and title: a decision that publishes procedures or approves a criteria
//!   set holds no task table unless the table names both a lead and a
//!   partners column.

use crate::error::Result;
use crate::rules::{Grammars, Slot};
use crate::text::fold;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Kinds {
    header: Vec<HeaderMark>,
    step: Vec<StepRule>,
    genre: Vec<GenreRule>,
}

#[derive(Debug, Deserialize)]
struct HeaderMark {
    kind: String,
    weight: u32,
    words: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct StepRule {
    numbered: Vec<String>,
    words: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct GenreRule {
    kind: String,
    tasks: bool,
    words: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<String>,
}

/// The table of grammars/table_kinds.toml with its words in lower case and
/// the automata that find them.
struct Rules {
    kinds: Kinds,
    /// Per pattern of `header_ac`: (kind, weight).
    header_of: Vec<(usize, u32)>,
    header_ac: Option<aho_corasick::AhoCorasick>,
    /// Per pattern of `genre_ac`: its genre rule.
    genre_of: Vec<usize>,
    genre_ac: Option<aho_corasick::AhoCorasick>,
}

fn rules(g: Grammars) -> &'static Rules {
    g.cached(Slot::TableKinds, build)
}

fn build(g: Grammars) -> Result<Rules> {
    {
        let mut kinds: Kinds = g.table("table_kinds")?;
        for w in kinds
            .header
            .iter_mut()
            .flat_map(|h| h.words.iter_mut())
            .chain(kinds.genre.iter_mut().flat_map(|r| r.words.iter_mut()))
            .chain(
                kinds
                    .step
                    .iter_mut()
                    .flat_map(|s| s.numbered.iter_mut().chain(s.words.iter_mut())),
            )
        {
            *w = fold::fold(w);
        }
        let mut header_words = Vec::new();
        let mut header_of = Vec::new();
        for (i, h) in kinds.header.iter().enumerate() {
            for w in &h.words {
                header_words.push(w.clone());
                header_of.push((i, h.weight));
            }
        }
        let mut genre_words = Vec::new();
        let mut genre_of = Vec::new();
        for (i, rule) in kinds.genre.iter().enumerate() {
            for w in &rule.words {
                genre_words.push(w.clone());
                genre_of.push(i);
            }
        }
        let header_ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(&header_words)
            .ok();
        let genre_ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&genre_words)
            .ok();
        Ok(Rules {
            kinds,
            header_of,
            header_ac,
            genre_of,
            genre_ac,
        })
    }
}

/// Checks grammars/table_kinds.toml: every example reads as its entry.
pub fn check(g: Grammars) -> Result<()> {
    let r = g.try_cached(Slot::TableKinds, build)?;
    let fail = |ex: &str, what: String| Err(g.error_at("table_kinds", ex, what));
    for h in &r.kinds.header {
        for ex in &h.examples {
            if header_mark(g, ex) != Some((h.kind.as_str(), h.weight)) {
                return fail(
                    ex,
                    format!(
                        "the example {ex:?} does not mark `{}` with weight {}",
                        h.kind, h.weight
                    ),
                );
            }
        }
    }
    for s in &r.kinds.step {
        for ex in &s.examples {
            if !is_step(g, ex) {
                return fail(ex, format!("the example {ex:?} is not read as a step"));
            }
        }
    }
    for rule in &r.kinds.genre {
        for ex in &rule.examples {
            if genre(g, ex) != Some(rule.kind.as_str()) {
                return fail(
                    ex,
                    format!("the example {ex:?} is not of genre `{}`", rule.kind),
                );
            }
        }
    }
    Ok(())
}

/// The kind and weight a header cell marks its table with: the heaviest
/// word of grammars/table_kinds.toml `[[header]]` inside it.
pub fn header_mark(g: Grammars, cell: &str) -> Option<(&'static str, u32)> {
    let r = rules(g);
    let ac = r.header_ac.as_ref()?;
    let text = fold::fold(cell);
    ac.find_overlapping_iter(&text)
        .filter_map(|m| r.header_of.get(m.pattern().as_usize()).copied())
        .max_by_key(|&(i, w)| (w, std::cmp::Reverse(i)))
        .and_then(|(i, w)| r.kinds.header.get(i).map(|h| (h.kind.as_str(), w)))
}

/// The kind of table a header row marks (weights of its cells summed per
/// kind, 2 or more), if any.
pub fn header_kind<'a>(
    g: Grammars,
    cells: impl IntoIterator<Item = &'a str>,
) -> Option<&'static str> {
    let mut sums: Vec<(&'static str, u32)> = Vec::new();
    for c in cells {
        if let Some((k, w)) = header_mark(g, c) {
            match sums.iter_mut().find(|(x, _)| *x == k) {
                Some(s) => s.1 += w,
                None => sums.push((k, w)),
            }
        }
    }
    sums.into_iter()
        .filter(|&(_, w)| w >= 2)
        .max_by_key(|&(_, w)| w)
        .map(|(k, _)| k)
}

/// A row of a procedure's steps: its first filled cell opens with
/// "Bước 1", "B2" or "Tổng thời gian".
pub fn is_step(g: Grammars, first_cell: &str) -> bool {
    let t = fold::fold(first_cell.trim_start_matches(['*', '_', ' ']));
    rules(g).kinds.step.iter().any(|s| {
        s.words.iter().any(|w| t.starts_with(w.as_str()))
            || s.numbered.iter().any(|p| {
                t.strip_prefix(p.as_str()).is_some_and(|rest| {
                    let rest = if p.chars().count() > 1 {
                        rest.trim_start()
                    } else {
                        rest
                    };
                    rest.starts_with(|c: char| c.is_ascii_digit())
                })
            })
    })
}

/// The genre of a title or caption: the rule of the leftmost (then
/// longest) genre word in it.
fn genre_rule(g: Grammars, text: &str) -> Option<&'static GenreRule> {
    let r = rules(g);
    let ac = r.genre_ac.as_ref()?;
    let t = fold::fold(text);
    let m = ac.find(&t)?;
    let i = r.genre_of.get(m.pattern().as_usize()).copied()?;
    r.kinds.genre.get(i)
}

/// The genre of a text (kind name), if it names one.
pub fn genre(g: Grammars, text: &str) -> Option<&'static str> {
    genre_rule(g, text).map(|r| r.kind.as_str())
}

/// Whether tables of the genre of `text` may hold tasks (true when it
/// names no genre).
pub fn genre_holds_tasks(g: Grammars, text: &str) -> bool {
    genre_rule(g, text).is_none_or(|r| r.tasks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> Grammars {
        Grammars::builtin()
    }

    #[test]
    fn every_header_example_marks_its_kind() {
        for h in &rules(g()).kinds.header {
            for ex in &h.examples {
                assert_eq!(
                    header_mark(g(), ex),
                    Some((h.kind.as_str(), h.weight)),
                    "{ex}"
                );
            }
        }
    }

    #[test]
    fn task_headers_mark_nothing() {
        for cell in [
            "STT",
            "Nhiệm vụ",
            "Nội dung công việc",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian thực hiện",
            "Thời hạn hoàn thành",
            "Sản phẩm",
            "Kết quả dự kiến",
            "Ghi chú",
            "Kinh phí thực hiện",
            "Tên dự án, nhiệm vụ",
        ] {
            assert_eq!(header_mark(g(), cell), None, "{cell}");
        }
        // one light cell is not enough
        assert_eq!(
            header_kind(
                g(),
                ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Kinh phí (triệu đồng)"]
            ),
            None
        );
        assert_eq!(
            header_kind(
                g(),
                ["TT", "Nhiệm vụ", "Chỉ tiêu", "Cơ quan chủ trì", "Thời gian"]
            ),
            None
        );
    }

    #[test]
    fn non_task_headers_mark_their_kind() {
        let cases: [(&[&str], &str); 6] = [
            (
                &[
                    "STT",
                    "Tên thủ tục hành chính",
                    "Thời hạn giải quyết",
                    "Cơ quan thực hiện",
                    "Phí, lệ phí",
                ],
                "procedures",
            ),
            (
                &[
                    "Bước",
                    "Nội dung công việc",
                    "Trách nhiệm thực hiện",
                    "Thời gian",
                ],
                "steps",
            ),
            (
                &[
                    "TT",
                    "Tên dự án",
                    "Địa điểm",
                    "Nguồn vốn",
                    "Thời gian thực hiện",
                ],
                "projects",
            ),
            (
                &["TT", "Nội dung", "Đơn vị thực hiện", "Dự toán", "Số lượng"],
                "budget",
            ),
            (
                &["STT", "Họ và tên", "Chức vụ", "Nhiệm vụ được giao"],
                "staff",
            ),
            (
                &["STT", "Tên tiêu chí", "Nội dung tiêu chí", "Chỉ tiêu"],
                "criteria",
            ),
        ];
        for (cells, kind) in cases {
            assert_eq!(
                header_kind(g(), cells.iter().copied()),
                Some(kind),
                "{cells:?}"
            );
        }
    }

    #[test]
    fn step_rows_are_told_by_their_first_cell() {
        for s in &rules(g()).kinds.step {
            for ex in &s.examples {
                assert!(is_step(g(), ex), "{ex}");
            }
        }
        for t in ["1", "b)", "B.", "Bộ Tư pháp", "Ban hành kế hoạch", "II"] {
            assert!(!is_step(g(), t), "{t}");
        }
    }

    #[test]
    fn every_genre_example_has_its_genre() {
        for rule in &rules(g()).kinds.genre {
            for ex in &rule.examples {
                assert_eq!(genre(g(), ex), Some(rule.kind.as_str()), "{ex}");
            }
        }
        assert!(genre_holds_tasks(
            g(),
            "Quyết định ban hành Quy chế làm việc"
        ));
        assert!(!genre_holds_tasks(
            g(),
            "Quyết định công bố danh mục thủ tục hành chính"
        ));
        assert!(genre_holds_tasks(
            g(),
            "Kế hoạch kiểm soát thủ tục hành chính năm 2026"
        ));
    }
}
