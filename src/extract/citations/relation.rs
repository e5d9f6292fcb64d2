//! How the document relates to one mention: the trigger of
//! grammars/citation_kinds.toml (`[[relation]]`) nearest before it in its
//! clause; "mentioned" when none. A trigger that `acts` (repeals, amends,
//! replaces) counts only where this document is the actor — "Quyết định
//! này thay thế …", an article or its item opening with the act, the
//! title, the enacting formula — not in a Căn cứ line, a task, or where
//! another document is the subject (`this_document_acts`).
//!
//! [`Relations`] reads each mention's clause as [`relation`] does, but
//! finds the clause start with one backward byte scan and every trigger
//! in one pass over the clause alone, lower-cased with its offsets kept.

use super::tables::{self, WordList, kinds};
use crate::error::Result;
use crate::model::Relation;
use crate::rules::{Grammars, Slot};
use regex::Regex;
use std::cell::RefCell;
use std::sync::{LazyLock, OnceLock};

/// Clause boundaries: a sentence end, a list item, a table cell
/// ([`clause_start`] reads them byte by byte; its test keeps it in step).
const BOUNDARIES: &[&str] = &[". ", ".\n", ":\n", "\n-", "\n+", "\n\n", "|", "\t", "\n•"];

/// How far back a clause may start.
const REACH: usize = 600;

/// The relation of the mention starting at byte `start` of `text`.
pub fn relation(g: Grammars, text: &str, start: usize) -> Relation {
    let lo = crate::text::floor_char_boundary(text, start.saturating_sub(REACH));
    let Some(window) = text.get(lo..start) else {
        return Relation::Mentioned;
    };
    let from = BOUNDARIES
        .iter()
        .filter_map(|b| window.rfind(b).map(|p| p + b.len()))
        .max()
        .unwrap_or(0);
    let clause = window.get(from..).unwrap_or(window).to_lowercase();
    let mut found: Vec<(usize, usize, bool, Relation)> = Vec::new();
    for r in &kinds(g).relation {
        if let Some(p) = clause.rfind(&r.trigger) {
            found.push((p + r.trigger.len(), p, r.acts, r.relation));
        }
    }
    let clause_at = lo + from;
    pick(g, text, clause_at, found, |p| lo + from + p)
}

/// The relation of the nearest trigger (by end) that counts: one that
/// `acts` only where this document is the actor. `found` holds (end,
/// start, acts, relation) with positions that `abs` makes offsets of
/// `text`.
fn pick(
    g: Grammars,
    text: &str,
    clause_at: usize,
    mut found: Vec<(usize, usize, bool, Relation)>,
    abs: impl Fn(usize) -> usize,
) -> Relation {
    if found.is_empty() {
        return list_lead_in(g, text, clause_at).unwrap_or(Relation::Mentioned);
    }
    // nearest first; of two ending together, the table's first
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    // once an act is another document's ("… của UBND tỉnh sửa đổi Quyết
    // định số 2"), an act further back is not this mention's either
    let mut others = false;
    for (_, start, acts, rel) in found {
        if !acts {
            return rel;
        }
        if !others {
            if this_document_acts(g, text, clause_at, abs(start)) {
                return rel;
            }
            others = true;
        }
    }
    Relation::Mentioned
}

/// How many item lines a list may run under its lead-in.
const LIST_REACH: usize = 40;

/// A mention in an item of a list whose lead-in line is this document's
/// act: "Điều 2. Bãi bỏ các văn bản sau:" / "1. Quyết định số …".
fn list_lead_in(g: Grammars, text: &str, clause_at: usize) -> Option<Relation> {
    let at = crate::text::floor_char_boundary(text, clause_at);
    let above = text.get(..at)?;
    let line_at = above.rfind('\n').map_or(0, |p| p + 1);
    if !item_start(above.get(line_at..)?) {
        return None;
    }
    // the lines above, nearest first, each with its start
    let mut end = line_at.checked_sub(1)?;
    let mut lines = text.get(..end)?.rsplit('\n');
    for _ in 0..LIST_REACH {
        let l = lines.next()?;
        let start = end.checked_sub(l.len())?;
        if item_start(l) {
            end = start.checked_sub(1)?;
            continue;
        }
        if !l.trim_end().ends_with(':') {
            return None;
        }
        return lead_in_act(g, text, start, l);
    }
    None
}

/// The act the lead-in line `l` (at byte `start`) opens, when this
/// document does it.
fn lead_in_act(g: Grammars, text: &str, start: usize, l: &str) -> Option<Relation> {
    let lower = lower_same_offsets(l)?;
    let (pos, rel) = kinds(g)
        .relation
        .iter()
        .filter(|r| r.acts)
        .filter_map(|r| lower.rfind(&r.trigger).map(|p| (p, r.relation)))
        .max_by_key(|&(p, _)| p)?;
    let seg = lower.get(..pos)?;
    let clause = seg.rfind(". ").map_or(0, |p| p + 2);
    this_document_acts(g, text, start + clause, start + pos).then_some(rel)
}

/// True when a line opens with an item mark: "1.", "a)", "-", "+".
fn item_start(l: &str) -> bool {
    static ITEM: OnceLock<Regex> = OnceLock::new();
    re(&ITEM, r"^[\s*_]*(?:(?:\d+\.)+\s|\d+\)|[a-zđ]\)|[-+•–]\s*)").is_match(l)
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| crate::re::constant(pat))
}

/// The patterns built from the words of grammars/citation_words.toml that
/// tell whether this document is the actor.
struct ActWords {
    /// "Thay thế, bãi bỏ …", "sửa đổi, bổ sung hoặc thay thế …": acts
    /// ending a clause, which share their subject (`[[act_chain]]`).
    chain: Regex,
    /// The enacting formula names this document: "Chính phủ ban hành Nghị
    /// định sửa đổi, bổ sung …" (`[[enacting_kind]]`).
    enacts: Regex,
    /// Another document did the act: "được …" (`[[passive]]`).
    passive: Regex,
    /// "Quyết định này" (`[[this_kind]]`).
    this: Regex,
    /// "Về việc bãi bỏ …" (`[[title_lead]]`).
    title: Regex,
    /// A kind heading over the title (`[[heading_kind]]`).
    heading: Regex,
}

fn act_words(g: Grammars) -> &'static ActWords {
    g.cached(Slot::RelationWords, build_act_words)
}

fn build_act_words(g: Grammars) -> Result<ActWords> {
    let w = tables::words(g);
    let alternation = |lists: &'static [WordList]| {
        tables::words_of(lists)
            .iter()
            .map(|x| regex::escape(x))
            .collect::<Vec<_>>()
            .join("|")
    };
    let compile = |key: &str, pattern: String| {
        Regex::new(&pattern).map_err(|e| {
            g.error_at(
                "citation_words",
                key,
                format!("the words of {key} do not compile: {e}"),
            )
        })
    };
    Ok(ActWords {
        chain: compile(
            "[[act_chain]]",
            format!(
                r"(?:(?:{})\s*(?:,|và|hoặc)?\s*)+$",
                alternation(&w.act_chain)
            ),
        )?,
        enacts: compile(
            "[[enacting_kind]]",
            format!(r"\bban hành (?:{})\s*$", alternation(&w.enacting_kind)),
        )?,
        passive: compile(
            "[[passive]]",
            format!(r"(?:{})\s*$", alternation(&w.passive)),
        )?,
        this: compile(
            "[[this_kind]]",
            format!(r"\b(?:{}) này\b", alternation(&w.this_kind)),
        )?,
        title: compile(
            "[[title_lead]]",
            format!(r"^[\s*#_]*(?:{})\s+$", alternation(&w.title_lead)),
        )?,
        heading: compile(
            "[[heading_kind]]",
            format!(r"^[\s*#_]*(?:{})[\s*#_]*$", alternation(&w.heading_kind)),
        )?,
    })
}

/// True when the document itself does what the trigger at byte `at` says
/// (repeal, amend, replace), in the clause that starts at `clause_at`:
/// its subject is "Quyết định này" (no other document between), or the
/// trigger opens an article or an item of one, or the title.
fn this_document_acts(g: Grammars, text: &str, clause_at: usize, at: usize) -> bool {
    let words = act_words(g);
    let at = crate::text::floor_char_boundary(text, at);
    let clause_at = crate::text::floor_char_boundary(text, clause_at.min(at));
    let pre = text.get(clause_at..at).unwrap_or("").to_lowercase();
    // "Thay thế, bãi bỏ …", "sửa đổi, bổ sung hoặc thay thế …": the acts
    // of one chain share its subject
    let (pre, at) = match words.chain.find(&pre) {
        Some(m) => {
            let back = pre.len() - m.start();
            let at = crate::text::floor_char_boundary(text, at.saturating_sub(back).max(clause_at));
            (pre.get(..m.start()).unwrap_or("").to_string(), at)
        }
        None => (pre, at),
    };
    // the enacting formula names this document: "Chính phủ ban hành Nghị
    // định sửa đổi, bổ sung …"
    if words.enacts.is_match(&pre) && !pre.contains("căn cứ") {
        return true;
    }
    if words.passive.is_match(&pre) {
        return false;
    }
    if let Some(m) = words.this.find_iter(&pre).last() {
        // "Quyết định này … Nghị định số 5/2020/NĐ-CP sửa đổi …": the other
        // document is the subject
        static SYMBOL: OnceLock<Regex> = OnceLock::new();
        let symbol = re(&SYMBOL, r"\d+\s*[/-]\s*(?:\d{4}\s*[/-]\s*)?\p{L}");
        return !symbol.is_match(pre.get(m.end()..).unwrap_or(""));
    }
    let line_at = text
        .get(..at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |p| p + 1);
    let line = text.get(line_at..at).unwrap_or("");
    // the title: "Về việc bãi bỏ …", or the line under the kind heading
    if words.title.is_match(line) {
        return true;
    }
    if line.trim_matches([' ', '\t', '*', '#', '_']).is_empty() {
        let above = text.get(..line_at).unwrap_or("");
        let heading = above.lines().rev().find(|l| !l.trim().is_empty());
        if heading.is_some_and(|h| words.heading.is_match(h)) {
            return true;
        }
    }
    // an article or an item: "Điều 2. Bãi bỏ …", "1. Bãi bỏ …", "a) Sửa đổi …"
    let opening = pre
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .is_empty()
        || is_enumerator(&pre);
    if !opening {
        return false;
    }
    static ARTICLE: OnceLock<Regex> = OnceLock::new();
    let article = re(&ARTICLE, r"^[\s*#_]*Điều\s+\d+[a-z]?\s*[.:]");
    if article.is_match(line) {
        return true;
    }
    is_enumerator(&line.to_lowercase()) && in_article(text, line_at)
}

/// "1. ", "a) ", "- ", "2.1. ": an item's mark and nothing else.
fn is_enumerator(s: &str) -> bool {
    static ENUM: OnceLock<Regex> = OnceLock::new();
    re(&ENUM, r"^[\s*#_]*(?:(?:\d+\.)+|\d+\)|[a-zđ]\)|[-+•–])?\s*$").is_match(s)
}

/// How far above an item its article heading may be.
const ARTICLE_REACH: usize = 4000;

/// True when the line at `line_at` sits in an article ("Điều 3. …" above
/// it, no section heading "II.", "Chương", "Phụ lục" between).
fn in_article(text: &str, line_at: usize) -> bool {
    let lo = crate::text::floor_char_boundary(text, line_at.saturating_sub(ARTICLE_REACH));
    let Some(above) = text.get(lo..line_at) else {
        return false;
    };
    static ARTICLE: OnceLock<Regex> = OnceLock::new();
    let article = re(&ARTICLE, r"^[\s*#_]*Điều\s+\d+[a-z]?\s*[.:]");
    static SECTION: OnceLock<Regex> = OnceLock::new();
    let section = re(
        &SECTION,
        r"^[\s*#_]*(?:[IVX]+\s*[.:]|(?i:chương|phụ lục|mục)\s+[0-9IVX]+)",
    );
    for l in above.lines().rev() {
        if article.is_match(l) {
            return true;
        }
        if section.is_match(l) {
            return false;
        }
    }
    false
}

/// Lower case of the characters below U+2000 whose lower case is one
/// character of the same UTF-8 length; `None` for the others.
static LOWER: LazyLock<Vec<Option<char>>> = LazyLock::new(|| {
    (0..0x2000u32)
        .map(|u| {
            let c = char::from_u32(u)?;
            let mut l = c.to_lowercase();
            let first = l.next()?;
            (l.next().is_none() && first.len_utf8() == c.len_utf8()).then_some(first)
        })
        .collect()
});

/// `text` in lower case with every offset kept, or None when some
/// character's lower case has another length.
fn lower_same_offsets(text: &str) -> Option<String> {
    let table = &*LOWER;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let l = match table.get(c as usize) {
            Some(l) => (*l)?,
            None => {
                let mut l = c.to_lowercase();
                let first = l.next()?;
                if l.next().is_some() || first.len_utf8() != c.len_utf8() {
                    return None;
                }
                first
            }
        };
        out.push(l);
    }
    Some(out)
}

/// Where the clause of `window` starts: the end of the clause boundary
/// ending last in it (what the largest `rfind(b) + b.len()` over
/// [`BOUNDARIES`] gives, which the tests check), 0 when none.
fn clause_start(window: &str) -> usize {
    let b = window.as_bytes();
    let mut e = b.len();
    while e > 0 {
        let before = |k: usize| e.checked_sub(k).and_then(|i| b.get(i)).copied();
        let ends = match before(1) {
            Some(b'|' | b'\t') => true,
            Some(b' ') => before(2) == Some(b'.'),
            Some(b'\n') => matches!(before(2), Some(b'.' | b':' | b'\n')),
            Some(b'-' | b'+') => before(2) == Some(b'\n'),
            // '•' is E2 80 A2
            Some(0xA2) => b.get(..e).is_some_and(|h| h.ends_with("\n•".as_bytes())),
            _ => false,
        };
        if ends {
            return e;
        }
        e -= 1;
    }
    0
}

/// The lower case of `text` as bytes, each character's at its own
/// offsets, into `out`; false when some character's lower case has
/// another length (then `out` is not the lower case).
fn lower_bytes_into(text: &str, out: &mut Vec<u8>) -> bool {
    out.clear();
    out.extend_from_slice(text.as_bytes());
    out.make_ascii_lowercase();
    let table = &*LOWER;
    let mut i = 0;
    // the characters past ASCII, one by one
    while let Some(skip) = out
        .get(i..)
        .and_then(|r| r.iter().position(|&b| !b.is_ascii()))
    {
        i += skip;
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            return false;
        };
        let n = c.len_utf8();
        let lower = match table.get(c as usize) {
            Some(&l) => l,
            None => {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(f), None) if f.len_utf8() == n => Some(f),
                    _ => None,
                }
            }
        };
        let Some(lower) = lower else {
            return false;
        };
        if lower != c {
            let mut buf = [0u8; 4];
            let Some(at) = out.get_mut(i..i + n) else {
                return false;
            };
            at.copy_from_slice(lower.encode_utf8(&mut buf).as_bytes());
        }
        i += n;
    }
    true
}

/// The triggers of the table for a one-pass search: the distinct
/// non-empty ones, the indices of those starting with each byte, and per
/// table entry the index of its trigger among them (None when empty),
/// its length, whether it acts and its relation.
struct Triggers {
    distinct: Vec<&'static [u8]>,
    by_first: [Vec<usize>; 256],
    entries: Vec<(Option<usize>, usize, bool, Relation)>,
}

fn triggers(g: Grammars) -> &'static Triggers {
    g.cached::<Triggers>(Slot::RelationTriggers, build_triggers)
}

fn build_triggers(g: Grammars) -> Result<Triggers> {
    Ok({
        let mut distinct: Vec<&'static [u8]> = Vec::new();
        let mut entries = Vec::new();
        for r in &kinds(g).relation {
            let t = r.trigger.as_bytes();
            let at = (!t.is_empty()).then(|| match distinct.iter().position(|d| *d == t) {
                Some(i) => i,
                None => {
                    distinct.push(t);
                    distinct.len() - 1
                }
            });
            entries.push((at, t.len(), r.acts, r.relation));
        }
        let mut by_first: [Vec<usize>; 256] = std::array::from_fn(|_| Vec::new());
        for (i, t) in distinct.iter().enumerate() {
            if let Some(slot) = t.first().and_then(|&b| by_first.get_mut(usize::from(b))) {
                slot.push(i);
            }
        }
        Triggers {
            distinct,
            by_first,
            entries,
        }
    })
}

/// The relation of each mention of one text, read from the clause
/// before it: the same as [`relation`], lower-casing only the clause
/// and finding every trigger in one pass.
pub struct Relations<'a> {
    text: &'a str,
    /// The lower case of the clause being read, kept for its capacity.
    lower: RefCell<Vec<u8>>,
}

impl<'a> Relations<'a> {
    pub fn new(text: &'a str) -> Self {
        Relations {
            text,
            lower: RefCell::new(Vec::new()),
        }
    }

    /// The relation of the mention starting at byte `start`; the same as
    /// [`relation`].
    pub fn at(&self, g: Grammars, start: usize) -> Relation {
        let text = self.text;
        let lo = crate::text::floor_char_boundary(text, start.saturating_sub(REACH));
        let Some(window) = text.get(lo..start) else {
            return Relation::Mentioned;
        };
        let from = clause_start(window);
        let clause = window.get(from..).unwrap_or("");
        let mut lower = self.lower.borrow_mut();
        if !lower_bytes_into(clause, &mut lower) {
            // a character whose lower case has another length: read it
            // as `relation` does
            return relation(g, text, start);
        }
        let t = triggers(g);
        // the last end of each distinct trigger in the clause
        let mut last: Vec<Option<usize>> = vec![None; t.distinct.len()];
        for (i, &b) in lower.iter().enumerate() {
            let Some(ks) = t.by_first.get(usize::from(b)) else {
                continue;
            };
            for &k in ks {
                if let (Some(d), Some(l)) = (t.distinct.get(k), last.get_mut(k)) {
                    if lower.get(i..).is_some_and(|r| r.starts_with(d)) {
                        *l = Some(i + d.len());
                    }
                }
            }
        }
        drop(lower);
        let mut found: Vec<(usize, usize, bool, Relation)> = Vec::new();
        for &(at, len, acts, rel) in &t.entries {
            let end = match at {
                Some(i) => last.get(i).copied().flatten(),
                None => Some(clause.len()),
            };
            if let Some(end) = end {
                found.push((end, end - len, acts, rel));
            }
        }
        let clause_at = lo + from;
        pick(g, text, clause_at, found, |p| clause_at + p)
    }
}

/// Builds this module's tables (see [`crate::rules::Grammars::load`]) and
/// runs the examples of grammars/citation_kinds.toml `[[relation]]`: the
/// mention at the last kind word of an example (a `[[word]]` that is no
/// abbreviation) takes the entry's relation.
pub(crate) fn check(g: Grammars) -> Result<()> {
    g.try_cached(Slot::RelationTriggers, build_triggers)?;
    g.try_cached(Slot::RelationWords, build_act_words)?;
    let k = kinds(g);
    // the relation of the mention at the example's last kind word
    let of = |e: &str| {
        let start = k
            .word
            .iter()
            .filter(|w| !w.abbrev)
            .filter_map(|w| e.rfind(w.word.as_str()))
            .max()
            .unwrap_or(0);
        relation(g, e, start)
    };
    for r in &k.relation {
        for e in &r.examples {
            let got = of(e);
            if got != r.relation {
                return Err(g.error_at(
                    "citation_kinds",
                    e,
                    format!(
                        "the example {e:?} of `{}` gives the relation `{got}`, not `{}`",
                        r.trigger, r.relation
                    ),
                ));
            }
        }
    }
    let w = tables::words(g);
    let lists = [
        &w.this_kind,
        &w.enacting_kind,
        &w.heading_kind,
        &w.title_lead,
        &w.act_chain,
        &w.passive,
    ];
    for (e, want) in lists.into_iter().flatten().flat_map(|l| &l.examples) {
        let got = of(e);
        if got.as_str() != want {
            return Err(g.error_at(
                "citation_words",
                e,
                format!("the example {e:?} gives the relation `{got}`, not `{want}`"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn act_patterns_are_the_ones_written_before_the_table() {
        let w = act_words(Grammars::builtin());
        let want = [
            (
                &w.chain,
                r"(?:(?:thay thế|sửa đổi, bổ sung|sửa đổi|bổ sung|bãi bỏ)\s*(?:,|và|hoặc)?\s*)+$",
            ),
            (
                &w.enacts,
                r"\bban hành (?:quyết định|nghị quyết|nghị định|thông tư|chỉ thị|quy định|quy chế|kế hoạch)\s*$",
            ),
            (&w.passive, r"(?:được|bị|đã)\s*$"),
            (
                &w.this,
                r"\b(?:quyết định|nghị quyết|nghị định|thông tư|chỉ thị|kế hoạch|quy chế|quy định|hướng dẫn|chương trình|đề án|văn bản|thông báo|luật|pháp lệnh) này\b",
            ),
            (&w.title, r"^[\s*#_]*(?:Về việc|VỀ VIỆC|V/v|Về|VỀ)\s+$"),
            (
                &w.heading,
                r"^[\s*#_]*(?:QUYẾT ĐỊNH|NGHỊ QUYẾT|NGHỊ ĐỊNH|THÔNG TƯ|CHỈ THỊ|KẾ HOẠCH|QUY ĐỊNH|QUY CHẾ)[\s*#_]*$",
            ),
        ];
        for (re, pattern) in want {
            assert_eq!(re.as_str(), pattern);
        }
    }

    #[test]
    fn examples_of_the_builtin_tables_hold() {
        let g = Grammars::builtin();
        check(g).unwrap_or_else(|e| panic!("{e}"));
        let w = tables::words(g);
        let lists = [
            &w.this_kind,
            &w.enacting_kind,
            &w.heading_kind,
            &w.title_lead,
            &w.act_chain,
            &w.passive,
        ];
        assert!(
            lists
                .iter()
                .all(|l| l.iter().all(|l| !l.examples.is_empty()))
        );
    }

    fn at(t: &str, needle: &str) -> &'static str {
        relation(
            crate::rules::Grammars::builtin(),
            t,
            t.find(needle).unwrap_or(0),
        )
        .as_str()
    }

    #[test]
    fn nearest_trigger_in_the_clause() {
        let t = "Căn cứ Luật Đầu tư;\nCăn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình; Chỉ thị số 23/CT-TTg.";
        assert_eq!(at(t, "Nghị quyết"), "basis");
        assert_eq!(at(t, "Chỉ thị"), "basis");
        let t = "- Thực hiện tốt Quyết định số 12/QĐ-UBND. Quyết định số 13/QĐ-UBND quy định";
        assert_eq!(at(t, "Quyết định số 12"), "implements");
        assert_eq!(at(t, "Quyết định số 13"), "mentioned");
        let t = "Quyết định này thay thế Quyết định số 12/QĐ-UBND";
        assert_eq!(at(t, "Quyết định số"), "replaces");
        let t = "(Ban hành kèm theo Quyết định số 12/QĐ-UBND)";
        assert_eq!(at(t, "Quyết định số"), "attached_to");
        let t = "căn cứ Chương trình được ban hành kèm theo Nghị quyết số 76/NQ-CP";
        assert_eq!(at(t, "Nghị quyết"), "basis");
    }

    #[test]
    fn acts_only_where_this_document_is_the_actor() {
        // a Căn cứ line: the law amending another is a basis
        let t = "Căn cứ Luật Bầu cử số 85/2015/QH13 được sửa đổi, bổ sung một số điều tại Luật số 83/2025/QH15;\nCăn cứ Nghị định số 5/2025/NĐ-CP của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 8/2022/NĐ-CP;";
        assert_eq!(at(t, "Luật số 83"), "basis");
        assert_eq!(at(t, "Nghị định số 8/"), "basis");
        // another document's act, or a task, is not this document's
        let t =
            "- Tham mưu UBND tỉnh sửa đổi, bổ sung hoặc thay thế Quyết định số 15/2021/QĐ-UBND.";
        assert_eq!(at(t, "Quyết định số"), "mentioned");
        let t = "+ Rà soát; bãi bỏ 100% điều kiện kinh doanh không cần thiết của Luật Đầu tư.";
        assert_eq!(at(t, "Luật Đầu tư"), "mentioned");
        // this document acts
        let t = "Điều 3. Quyết định này có hiệu lực từ ngày 01/01/2025 và thay thế Quyết định số 12/QĐ-UBND ngày 3/2/2020.";
        assert_eq!(at(t, "Quyết định số"), "replaces");
        let t = "(Kế hoạch này thay thế Kế hoạch số 7/KH-UBND ngày 30/8/2025)";
        assert_eq!(at(t, "Kế hoạch số"), "replaces");
        let t = "Điều 2. Bãi bỏ Quyết định số 5/2019/QĐ-UBND và Quyết định số 6/2020/QĐ-UBND.";
        assert_eq!(at(t, "Quyết định số 5"), "repeals");
        assert_eq!(at(t, "Quyết định số 6"), "repeals");
        // an item of an article, a chain of acts
        let t = "Điều 4. Điều khoản thi hành\n1. Nghị quyết này có hiệu lực từ ngày 1/1/2026.\n2. Bãi bỏ khoản 2 Điều 1 Nghị quyết số 24/NQ-HĐND.\n3. Thay thế, bãi bỏ một số cụm từ của Quy định kèm theo Nghị quyết số 20/2023/NQ-HĐND.";
        assert_eq!(at(t, "Nghị quyết số 24"), "repeals");
        assert_eq!(at(t, "Nghị quyết số 20"), "repeals");
        // an item under a plan's section heading is a task, not an act
        let t = "II. NHIỆM VỤ\n1. Bãi bỏ Quyết định số 9/QĐ-UBND không còn phù hợp.";
        assert_eq!(at(t, "Quyết định số"), "mentioned");
        // the object of another document's act, behind this document's act
        let t = "Điều 1. Bãi bỏ Nghị quyết số 27/2023/NQ-HĐND của HĐND tỉnh sửa đổi, bổ sung Điều 3 Nghị quyết số 10/2022/NQ-HĐND.";
        assert_eq!(at(t, "Nghị quyết số 27"), "repeals");
        assert_eq!(at(t, "Nghị quyết số 10"), "mentioned");
        // "Quyết định này" with another document as the subject between
        let t = "Quyết định này áp dụng cho Nghị định số 5/2020/NĐ-CP thay thế Nghị định số 4/2019/NĐ-CP";
        assert_eq!(at(t, "Nghị định số 4"), "mentioned");
        // the title and the enacting formula
        let t =
            "NGHỊ ĐỊNH\nSửa đổi, bổ sung một số điều của Nghị định số 75/2021/NĐ-CP ngày 24/7/2021";
        assert_eq!(at(t, "Nghị định số"), "amends");
        let t = "QUYẾT ĐỊNH\nVề việc bãi bỏ Quyết định số 3/2018/QĐ-UBND";
        assert_eq!(at(t, "Quyết định số"), "repeals");
        let t = "Theo đề nghị của Bộ trưởng;\nChính phủ ban hành Nghị định sửa đổi, bổ sung một số điều của Nghị định số 75/2021/NĐ-CP.";
        assert_eq!(at(t, "Nghị định số"), "amends");
        // a law's name holds the words: not an act
        let t = "Thực hiện Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15.";
        assert_eq!(at(t, "Luật Đất"), "implements");
    }

    #[test]
    fn items_under_a_lead_in_act() {
        let t = "Điều 2. Bãi bỏ các văn bản sau đây:\n1. Quyết định số 5/2019/QĐ-UBND ngày 2/1/2019;\n2. Quyết định số 6/2020/QĐ-UBND ngày 3/1/2020.\nĐiều 3. Chánh Văn phòng chịu trách nhiệm thi hành.";
        assert_eq!(at(t, "Quyết định số 5"), "repeals");
        assert_eq!(at(t, "Quyết định số 6"), "repeals");
        // a plan's list under a task lead-in: not this document's act
        let t = "II. NHIỆM VỤ\n1. Rà soát, đề xuất bãi bỏ các văn bản sau:\n- Quyết định số 5/2019/QĐ-UBND;";
        assert_eq!(at(t, "Quyết định số"), "mentioned");
        // a lead-in with no act
        let t = "Điều 2. Các văn bản sau đây:\n1. Quyết định số 5/2019/QĐ-UBND;";
        assert_eq!(at(t, "Quyết định số"), "mentioned");
        let r = Relations::new(t);
        assert_eq!(
            r.at(
                crate::rules::Grammars::builtin(),
                t.find("Quyết định số").unwrap_or(0)
            ),
            Relation::Mentioned
        );
    }

    #[test]
    fn lower_bytes_are_the_lower_case_with_offsets_kept() {
        let mut out = Vec::new();
        let mut all = String::new();
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            let one = c.to_string();
            let want = lower_same_offsets(&one);
            assert_eq!(lower_bytes_into(&one, &mut out), want.is_some(), "{c:?}");
            if let Some(w) = want {
                assert_eq!(out, w.as_bytes(), "{c:?}");
                all.push(c);
                all.push_str("aZ");
            }
        }
        assert!(lower_bytes_into(&all, &mut out));
        assert_eq!(
            Some(out.as_slice()),
            lower_same_offsets(&all).as_deref().map(str::as_bytes)
        );
        assert!(!lower_bytes_into("Căn cứ İ", &mut out));
    }

    #[test]
    fn clause_start_is_the_last_boundary_end() {
        let parts = [
            ". ", ".", " ", "\n", "-", "+", ":", "|", "\t", "•", "x", "đ", "\n•",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            let mut t = String::new();
            for _ in 0..(seed % 12) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(parts[(seed % parts.len() as u64) as usize]);
            }
            seed ^= seed << 13;
            let want = BOUNDARIES
                .iter()
                .filter_map(|b| t.rfind(b).map(|p| p + b.len()))
                .max()
                .unwrap_or(0);
            assert_eq!(clause_start(&t), want, "{t:?}");
        }
    }

    #[test]
    fn the_one_pass_reading_is_the_window_scan() {
        let parts = [
            "Căn cứ ",
            "căn cứ",
            "CĂN CỨ ",
            "thực hiện ",
            "Thay thế ",
            ". ",
            ".\n",
            ":\n",
            "\n-",
            "\n+",
            "\n\n",
            "|",
            "\t",
            "\n•",
            "x ",
            "(kèm theo ",
            "bãi bỏ",
            "đ",
            "Đ ",
            "Quyết định số 12/QĐ-UBND ",
            "sửa đổi, bổ sung ",
            "Điều 2. ",
            "\n1. ",
            "Quyết định này ",
            "\nII. ",
            "được ",
            "\nQUYẾT ĐỊNH\n",
            "bãi bỏ các văn bản sau:\n",
            "\n2. ",
            "İ",
            "Σ ",
            "ẞ",
            ".",
            "\n",
            "•",
        ];
        let mut next = crate::testing::xorshift(0x9e37_79b9_7f4a_7c15);
        for round in 0..300 {
            let n = 5 + (next() % if round % 10 == 0 { 200 } else { 30 }) as usize;
            let mut t = String::new();
            for _ in 0..n {
                t.push_str(parts[(next() % parts.len() as u64) as usize]);
            }
            let r = Relations::new(&t);
            for (p, _) in t.char_indices() {
                assert_eq!(
                    r.at(crate::rules::Grammars::builtin(), p),
                    relation(crate::rules::Grammars::builtin(), &t, p),
                    "{t:?} at {p}"
                );
            }
        }
    }
}
