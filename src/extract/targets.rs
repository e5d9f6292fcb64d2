//! The `targets` section: every percentage or score set as a goal, with its
//! comparator, change, per-year flag, year, reform area and indicator.
//!
//! Candidates are numbers found by a regex; each is read by the nom
//! grammars of [`crate::parse::comparator`] (the figure, the words before
//! and after it), then placed: its clause ([`context`]), the headings above
//! it ([`crate::segment::outline::chain_at`]) for year and area, and the
//! keyword tables ([`classify`]). Figures in sections of results or
//! forecasts, in sentences about the past, in formulas, as rubric points,
//! as rates, shares of a cost or results against the plan, and in the
//! conditions of a rule are dropped (grammars/goal_rules.toml, read by
//! [`context`]); in a document of rules (a decree, an internal procedure,
//! a set of criteria) only figures a strong goal word or a goal heading
//! sets are kept. A bare number under a "%" unit column is a figure too
//! ([`cells`]).

pub mod cells;
pub mod classify;
pub mod clause;
pub mod goals;
pub mod indicators;
pub mod keywords;
pub mod years;

use crate::doc::Doc;
use crate::model::{Change, Comparator, Document, Period, Target, Unit};
use crate::parse::comparator::{self, Figure};
use crate::rules::Grammars;
use crate::segment::outline::{Heading, chain_at, parents};
use crate::text::fold;
use clause::{Bounds, Stop};
use std::cell::OnceCell;
use std::rc::Rc;

/// The next number at or after `from` (`[0-9]+(?:[.,][0-9]+)?`, found
/// as a regex finds it), as start and end.
fn next_number(b: &[u8], from: usize) -> Option<(usize, usize)> {
    let start = next_digit(b, from)?;
    let digits = |at: usize| {
        b.get(at..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let mut end = start + digits(start);
    if matches!(b.get(end), Some(b'.' | b',')) {
        let frac = digits(end + 1);
        if frac > 0 {
            end += 1 + frac;
        }
    }
    Some((start, end))
}

/// Offset of the first ASCII digit at or after `from`.
fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    // eight bytes at a time: a byte is a digit when (byte ^ b'0') < 10, and
    // (x - 0x0A…) & !x & 0x80… is not zero just when a byte of x is below 10
    while let Some(chunk) = b.get(i..i + 8) {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let x = u64::from_le_bytes(bytes) ^ 0x3030_3030_3030_3030;
        if x.wrapping_sub(0x0A0A_0A0A_0A0A_0A0A) & !x & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(u8::is_ascii_digit)
        .map(|k| i + k)
}

/// A figure found, before it becomes a [`Target`].
struct Found {
    start: usize,
    end: usize,
    figure: Figure,
    comparator: Comparator,
    change: Option<Change>,
    per_year: bool,
    /// The comparator and change came from the figure's own words.
    own_words: bool,
    clause: (usize, usize),
    /// The clause folded, and its keywords.
    words: Rc<ClauseWords>,
    /// Where the head words before the figure start.
    head_start: usize,
    /// The year named before the figure ([`year_before`]).
    year_before: Option<i32>,
    place: Place,
}

/// Where a figure stands: its clause and sentence bounds, each found once.
struct Place {
    start: usize,
    end: usize,
    /// The clause as [`Stop::Clause`] bounds it (before a table row
    /// widens it).
    clause: (usize, usize),
    sentence_start: OnceCell<usize>,
    sentence_end: OnceCell<usize>,
}

impl Place {
    fn new(scan: &Scan, start: usize, end: usize) -> Place {
        Place {
            start,
            end,
            clause: (
                scan.start_of(start, Stop::Clause),
                scan.end_of(end, Stop::Clause),
            ),
            sentence_start: OnceCell::new(),
            sentence_end: OnceCell::new(),
        }
    }

    fn sentence_start(&self, scan: &Scan) -> usize {
        *self
            .sentence_start
            .get_or_init(|| scan.start_of(self.start, Stop::Sentence))
    }

    fn sentence_end(&self, scan: &Scan) -> usize {
        *self
            .sentence_end
            .get_or_init(|| scan.end_of(self.end, Stop::Sentence))
    }
}

/// What the headings say, read once per heading.
struct HeadingInfo {
    /// A section of results, of criteria, or a sentence about the past.
    not_goal: bool,
    goal: bool,
    /// A goal heading with a word that sets goals even among rules
    /// ("Mục tiêu", "Chỉ tiêu").
    strong_goal: bool,
    /// The last year the text names.
    year: Option<i32>,
    /// The area of a numbered section heading.
    section_area: Option<&'static str>,
    /// The area of a document title.
    title_area: Option<&'static str>,
}

/// The document being read, with what is computed once for all figures.
struct Scan<'a> {
    doc: &'a Doc,
    text: &'a str,
    bounds: Bounds<'a>,
    parents: Vec<Option<usize>>,
    info: Vec<OnceCell<HeadingInfo>>,
    /// The document is one of rules, not a plan
    /// ([`goals::is_rules_document`]).
    rules: bool,
    /// The document is a plan organised by reform area: the section a goal
    /// sits in gives its area ([`is_reform_plan`]).
    reform: bool,
    /// Outside reform plans, the one reform area the title names as the
    /// document's subject ([`classify::title_subject`]).
    title_subject: Option<&'static str>,
    /// The year the document is issued in.
    issued: Option<i32>,
    /// Body spans (after the header rows) of the tables of thresholds
    /// ([`threshold_bodies`]).
    thresholds: Vec<(usize, usize)>,
    /// The last clause read, folded, with its keywords: figures listed in
    /// one clause ("30%, 20%, 15%") or one table row share them.
    last_clause: std::cell::RefCell<Option<(Clause, Rc<ClauseWords>)>>,
}

/// A clause's byte range in the normalised text.
type Clause = (usize, usize);
/// A clause folded, with the keywords found in it.
type ClauseWords = (String, keywords::Hits);

impl<'a> Scan<'a> {
    fn new(doc: &'a Doc, main: &Document) -> Scan<'a> {
        let g = doc.grammars;
        let text = doc.text.as_str();
        Scan {
            doc,
            text,
            bounds: Bounds::new(g, text, &doc.lines),
            parents: parents(&doc.outline),
            info: doc.outline.iter().map(|_| OnceCell::new()).collect(),
            rules: goals::is_rules_document(g, main.kind.as_deref(), main.title.as_deref()),
            reform: is_reform_plan(doc, main),
            title_subject: main
                .title
                .as_deref()
                .and_then(|x| classify::title_subject(g, x)),
            issued: main
                .date
                .as_deref()
                .and_then(|d| d.get(..4))
                .and_then(|y| y.parse().ok()),
            thresholds: threshold_bodies(doc),
            last_clause: Default::default(),
        }
    }

    /// The clause `text[clause.0..clause.1]` folded, and its keywords.
    fn clause_words(&self, g: Grammars, clause: Clause) -> Rc<ClauseWords> {
        let mut last = self.last_clause.borrow_mut();
        if let Some((at, words)) = last.as_ref() {
            if *at == clause {
                return Rc::clone(words);
            }
        }
        let folded = fold::fold(self.text.get(clause.0..clause.1).unwrap_or(""));
        let hits = keywords::Hits::new(g, &folded);
        let words = Rc::new((folded, hits));
        *last = Some((clause, Rc::clone(&words)));
        words
    }

    fn start_of(&self, pos: usize, stop: Stop) -> usize {
        self.bounds.start_of(pos, stop)
    }

    fn end_of(&self, pos: usize, stop: Stop) -> usize {
        self.bounds.end_of(pos, stop)
    }

    /// The headings that enclose `pos`, outermost first.
    fn chain(&self, pos: usize) -> Vec<&'a Heading> {
        chain_at(&self.doc.outline, &self.parents, pos)
            .into_iter()
            .filter_map(|i| self.doc.outline.get(i))
            .collect()
    }

    /// What the headings of [`Scan::chain`] that end before `pos` say,
    /// outermost first (read only for those: a heading holding `pos` is
    /// part of the figure's sentence).
    fn above(&self, g: Grammars, pos: usize) -> Vec<&HeadingInfo> {
        chain_at(&self.doc.outline, &self.parents, pos)
            .into_iter()
            .filter_map(|i| {
                let h = self.doc.outline.get(i).filter(|h| h.end <= pos)?;
                Some(self.info.get(i)?.get_or_init(|| heading_info(g, h)))
            })
            .collect()
    }
}

/// A plan organised by reform area: its title says so ("Kế hoạch cải cách
/// hành chính …"), or its numbered section headings name several reform
/// areas (grammars/areas.toml `[[reform_plan]]`).
fn is_reform_plan(doc: &Doc, main: &Document) -> bool {
    let g = doc.grammars;
    if main
        .title
        .as_deref()
        .is_some_and(|x| classify::is_reform_title(g, x))
    {
        return true;
    }
    let mut named: Vec<&str> = doc
        .outline
        .iter()
        .filter(|h| !h.marker.is_empty() && !is_bullet(h) && h.text.chars().count() <= 100)
        .filter_map(|h| classify::heading_area(g, &h.text))
        .filter(|a| *a != "direction")
        .collect();
    named.sort_unstable();
    named.dedup();
    named.len() >= classify::reform_min_areas(g)
}

fn heading_info(g: Grammars, h: &Heading) -> HeadingInfo {
    let chars = h.text.chars().count();
    let folded = fold::fold(&h.text);
    let hits = keywords::Hits::new(g, &folded);
    let title = h.marker.is_empty() && classify::is_title_folded(g, &folded);
    let goal = goals::is_goal_heading_hits(g, chars, &hits);
    HeadingInfo {
        not_goal: (!is_bullet(h) || chars <= 80)
            && (goals::has_past_phrase_hits(g, &hits)
                || goals::past_or_not_goal_heading_lower(g, &fold::lower(h.text.trim()))),
        goal,
        strong_goal: goal && goals::has_strong_goal_word_hits(g, &hits),
        year: years::years(g, &h.text).last().map(|y| y.to),
        section_area: if !is_bullet(h) && !title && chars <= 100 {
            classify::heading_area_hits(g, &hits)
        } else {
            None
        },
        title_area: if title {
            classify::heading_area_hits(g, &hits)
        } else {
            None
        },
    }
}

/// Extracts the targets of a document; `main` gives the plan period.
pub fn extract(doc: &Doc, main: &Document) -> Vec<Target> {
    let g = doc.grammars;
    let period = main.period.or_else(|| years::period_from_title(doc));
    // a year named in a sentence before this one is the past
    let first_year = period.map(|p| p.from).or_else(|| {
        main.date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse().ok())
            .or_else(|| years::issue_year(doc))
    });
    let text = doc.text.as_str();
    let mut found: Vec<Found> = Vec::new();
    let mut covered = 0usize;
    let scan: OnceCell<Scan> = OnceCell::new();
    let mut unit_cells = UnitCells::default();
    let mut at = 0;
    while let Some((m_start, m_end)) = next_number(text.as_bytes(), at) {
        at = m_end;
        if found.len() >= crate::extract::MAX_ITEMS {
            break;
        }
        if m_start < covered {
            continue;
        }
        // not the tail of a longer number or code ("1.000.000", "12/2025",
        // "PM2.5"); "70%,60%" is still two figures
        let mut back = text.get(..m_start).unwrap_or("").chars().rev();
        let prev = back.next();
        let before_prev = back.next();
        let glued = prev.is_some_and(|c| c.is_alphanumeric() || c == '/')
            || (prev.is_some_and(|c| c == '.' || c == ',')
                && before_prev.is_some_and(|c| c.is_ascii_digit()));
        if glued {
            continue;
        }
        let Some(rest) = text.get(m_start..) else {
            continue;
        };
        let Some((figure, len)) =
            comparator::figure(rest).or_else(|| unit_cells.figure(doc, m_start))
        else {
            continue;
        };
        let (start, end) = (m_start, m_start + len);
        covered = end;
        let scan = scan.get_or_init(|| Scan::new(doc, main));
        if let Some(f) = read(g, scan, start, end, figure, first_year) {
            found.push(f);
        }
    }
    inherit(text, &mut found);
    let Some(scan) = scan.get() else {
        return Vec::new();
    };
    // each figure's neighbours in its clause bound its own words
    let near: Vec<Near> = (0..found.len())
        .map(|i| {
            let f = &found[i];
            let same = |g: &&Found| g.clause == f.clause;
            Near {
                prev_end: i
                    .checked_sub(1)
                    .and_then(|j| found.get(j))
                    .filter(same)
                    .map(|g| g.end),
                next_start: found.get(i + 1).filter(same).map(|g| g.head_start),
            }
        })
        .collect();
    found
        .into_iter()
        .zip(near)
        .map(|(f, near)| build(g, scan, f, period, near))
        .collect()
}

/// Where the figures before and after one in the same clause stand: the
/// end of the one before, the start of the words of the one after.
#[derive(Clone, Copy)]
struct Near {
    prev_end: Option<usize>,
    next_start: Option<usize>,
}

/// Bare numbers in table rows whose unit cell says "%" ([`cells`]), asked
/// in ascending order: the line of the last number and whether it holds a
/// "%" at all are kept.
#[derive(Default)]
struct UnitCells {
    line: usize,
    /// `Some(false)`: the line holds no "%", so no number in it is read.
    percent: Option<bool>,
}

impl UnitCells {
    fn figure(&mut self, doc: &Doc, start: usize) -> Option<(Figure, usize)> {
        let mut k = self.line;
        while doc.lines.get(k).is_some_and(|l| l.end < start) {
            k += 1;
        }
        if k != self.line || self.percent.is_none() {
            // a number before the cursor's line: look it up
            if doc.lines.get(k).is_none_or(|l| l.start > start) {
                k = doc.line_index_of(start);
            }
            self.line = k;
            self.percent = doc
                .lines
                .get(k)
                .and_then(|l| doc.text.get(l.start..l.end))
                .map(|t| t.contains('%'));
        }
        if self.percent != Some(true) {
            return None;
        }
        let line = doc.lines.get(k)?;
        let text = doc.text.get(line.start..line.end)?;
        cells::figure(doc.grammars, text, line.start, start)
    }
}

/// Reads one figure in its place; None when it is not a goal.
fn read(
    g: Grammars,
    scan: &Scan,
    start: usize,
    end: usize,
    figure: Figure,
    first_year: Option<i32>,
) -> Option<Found> {
    let (doc, text) = (scan.doc, scan.text);
    let place = Place::new(scan, start, end);
    let mut clause = place.clause;
    let row = table_row(doc, clause);
    if let Some(row) = row {
        clause = row;
    }
    let before = text.get(clause.0..start).unwrap_or("");
    let after = text.get(end..clause.1).unwrap_or("");
    if is_formula(before) {
        return None;
    }
    let head = comparator::head(g, before);
    let tail = comparator::tail(g, after);
    if figure.unit == Unit::Points && figure.out_of.is_none() {
        // a bare score is a goal only when something sets it ("đạt 80 điểm")
        let sets = fold::lower(before.trim_end()).ends_with("đạt")
            || head.comparator.is_some()
            || tail.comparator.is_some();
        if !sets {
            return None;
        }
    }
    let words = scan.clause_words(g, clause);
    let (folded, hits) = (&words.0, &words.1);
    if goals::has_past_phrase_hits(g, hits) {
        return None;
    }
    let above = scan.above(g, start);
    // a threshold in a criteria set or an indicator table is a goal, under a
    // "Tiêu chí" heading and among rules too
    let threshold = scan
        .thresholds
        .iter()
        .any(|&(from, to)| from <= start && start < to);
    // results of the year still running may hold what is still to reach
    // in it ("… NĂM 2025" in a plan of 2025: "phấn đấu đạt 100% kế hoạch")
    let running_year = scan.issued.is_some()
        && above.iter().rev().find_map(|i| i.year) == scan.issued
        && goals::has_running_year_goal_hits(g, hits);
    if !running_year && !threshold && above.iter().any(|i| i.not_goal) {
        return None;
    }
    // a figure inside an all-caps or bold title line is part of a name
    if scan
        .chain(start)
        .iter()
        .any(|h| h.start <= start && end <= h.end && h.marker.is_empty())
    {
        return None;
    }
    // "100% hồ sơ … được thanh toán phí, lệ phí trực tuyến": a figure that
    // counts the units its clause opens with is no rate of what the clause
    // names later; only the words before it and the few right after it are
    // read
    let counts_units = opens_clause(text, clause.0, start, end, clause.1);
    let phrase = if counts_units {
        let near_end = after
            .split_whitespace()
            .take(4)
            .map(|w| w.len() + 1)
            .sum::<usize>()
            .min(after.len());
        let near = format!("{before} {}", after.get(..near_end).unwrap_or(after));
        goals::not_goal_phrase_hits(g, &keywords::Hits::new(g, &fold::fold(&near)))
    } else {
        goals::not_goal_phrase_hits(g, hits)
    };
    let weak_but_goal_heading =
        phrase == Some(goals::NotGoal::Weak) && above.iter().any(|i| i.goal);
    if (phrase.is_some() && !weak_but_goal_heading)
        || goals::not_goal_around(g, before, after, head.change.is_some(), hits)
    {
        return None;
    }
    let goal_context = if threshold {
        true
    } else if scan.rules {
        // among rules, only what is plainly set as a goal
        goals::has_strong_goal_word_hits(g, hits) || above.iter().any(|i| i.strong_goal)
    } else {
        goals::has_goal_word_hits(g, folded, hits)
            || above.iter().any(|i| i.goal)
            || counts_units
            || covers_all(&figure, after)
    };
    if !goal_context {
        return None;
    }
    // a year before the plan period (or the year of issue) that opens the
    // sentence ("Năm 2020 đạt 85%"): a past fact
    let named_before = year_before(scan, &place);
    if let (Some(first), Some(y)) = (first_year, named_before) {
        if y < first {
            return None;
        }
    }
    let comparator = if figure.value_max.is_some() {
        Some(Comparator::Range)
    } else if figure.at_least {
        Some(Comparator::AtLeast)
    } else {
        tail.comparator
            .or(head.comparator)
            .or_else(|| split_bound(before, after))
    };
    // a figure alone in a value cell: the row's label may name the change
    // ("Tỉ lệ cắt giảm thủ tục … | % | 50")
    let change = head
        .change
        .or_else(|| row.and_then(|_| comparator::label_change(g, before)));
    let own_words = comparator.is_some() || change.is_some();
    Some(Found {
        start,
        end,
        comparator: comparator.unwrap_or(Comparator::Exactly),
        change,
        per_year: head.per_year
            || tail.per_year
            || cells::per_year_unit(g, before)
            || (head.change.is_some()
                && comparator::mentions_per_year(g, sentence_before(scan, &place))),
        own_words,
        figure,
        clause,
        words: Rc::clone(&words),
        head_start: start.saturating_sub(head.len),
        year_before: named_before,
        place,
    })
}

/// "từ 30% hồ sơ trở lên": a bound whose "trở lên" / "trở xuống" follows
/// the noun of the figure (a few words, no punctuation between).
fn split_bound(before: &str, after: &str) -> Option<Comparator> {
    let opens = before
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("từ"));
    if !opens {
        return None;
    }
    let stop = after
        .find([',', ';', '.', ':', '(', '|', '\n'])
        .unwrap_or(after.len());
    let words: Vec<String> = after
        .get(..stop)?
        .split_whitespace()
        .take(9)
        .map(fold::lower)
        .collect();
    words
        .windows(2)
        .find_map(|w| match (w[0].as_str(), w[1].as_str()) {
            ("trở", "lên") => Some(Comparator::AtLeast),
            ("trở", "xuống") => Some(Comparator::AtMost),
            _ => None,
        })
}

/// The sentence of a figure up to it: "Hằng năm, số vụ … tăng 3%; số vụ …
/// tăng 5%" makes both changes yearly.
fn sentence_before<'a>(scan: &Scan<'a>, place: &Place) -> &'a str {
    let s = place.sentence_start(scan);
    scan.text.get(s..place.start).unwrap_or("")
}

/// "100% hồ sơ được giải quyết đúng hạn": the figure opens its clause (after
/// a list marker) and words follow it — the way plans state goals.
fn opens_clause(
    text: &str,
    clause_start: usize,
    start: usize,
    end: usize,
    clause_end: usize,
) -> bool {
    let before = text.get(clause_start..start).unwrap_or("");
    let rest = before
        .trim()
        .trim_start_matches(['-', '+', '•', '*', '–'])
        .trim();
    // or a numbered item: "(1)", "2)", "a)", "3."
    let numbered = |m: &str| {
        let core = m.trim_start_matches('(');
        let inner = core.trim_end_matches(['.', ')']);
        core.len() > inner.len()
            && (1..=3).contains(&inner.chars().count())
            && inner
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_lowercase())
    };
    let only_marker = rest.is_empty() || (!rest.contains(' ') && numbered(rest));
    only_marker && words_with_letters(text.get(end..clause_end).unwrap_or(""), 3) >= 3
}

/// The spans below the header of the tables whose header is that of a
/// table of thresholds ([`goals::is_threshold_header`]): every figure in
/// them is a goal. Read once per document.
fn threshold_bodies(doc: &Doc) -> Vec<(usize, usize)> {
    let g = doc.grammars;
    doc.tables
        .iter()
        .filter_map(|t| {
            let head = t.head.clamp(1, 3);
            let header: Vec<&str> = t
                .rows
                .iter()
                .take(head)
                .flat_map(|r| r.cells.iter().map(|c| c.text.as_str()))
                .collect();
            let body_start = t.rows.get(head - 1)?.end;
            goals::is_threshold_header(g, &header.join(" | ")).then_some((body_start, t.end))
        })
        .collect()
}

/// "hỗ trợ 100% phương tiện …", "tại 100% công trình lớn": in a plan, a
/// figure of 100 % followed by the units it covers commits to all of them.
fn covers_all(figure: &Figure, after: &str) -> bool {
    figure.unit == Unit::Percent
        && figure.value_max.is_none()
        && (figure.value - 100.0).abs() < f64::EPSILON
        && after
            .split_whitespace()
            .next()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_alphabetic))
}

/// How many words of `s` hold a letter, counted up to `enough`.
fn words_with_letters(s: &str, enough: usize) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .take(enough)
        .count()
}

/// A figure alone in a table cell ("| Tỷ lệ hồ sơ trực tuyến | 60% |") is
/// read with its whole row: the row names what the figure measures.
fn table_row(doc: &Doc, clause: (usize, usize)) -> Option<(usize, usize)> {
    let text = doc.text.as_str();
    if !in_cell(text, clause) {
        return None;
    }
    let words = words_with_letters(text.get(clause.0..clause.1)?, 4);
    if words > 3 {
        return None;
    }
    row_of(doc, clause.0)
}

/// The clause is a cell of a table row.
fn in_cell(text: &str, clause: (usize, usize)) -> bool {
    let sep = |i: usize| matches!(text.as_bytes().get(i), Some(b'|' | b'\t'));
    clause.0.checked_sub(1).is_some_and(sep) || sep(clause.1)
}

/// The table row holding `pos`, without its outer bars and blanks.
fn row_of(doc: &Doc, pos: usize) -> Option<(usize, usize)> {
    let text = doc.text.as_str();
    let line = doc.lines.get(doc.line_index_of(pos))?;
    let raw = line.text(text);
    let lead = raw.len() - raw.trim_start_matches(['|', ' ', '\t']).len();
    let trail = raw.len() - raw.trim_end_matches(['|', ' ', '\t']).len();
    let (s, e) = (line.start + lead, line.end - trail);
    (s < e).then_some((s, e))
}

/// A figure in a cell of a table of indicators, after a cell that holds
/// its "%" unit ("| Chi ngân sách cho khoa học | % tổng chi | ≥ 3% và tăng
/// dần |"): the row's label names what it measures, so the row is quoted
/// and read for the indicator, however many words the cell has.
fn indicator_row(doc: &Doc, clause: (usize, usize), start: usize) -> Option<(usize, usize)> {
    let text = doc.text.as_str();
    if !in_cell(text, clause) {
        return None;
    }
    let line = doc.lines.get(doc.line_index_of(start))?;
    let raw = text.get(line.start..line.end)?;
    if !cells::percent_unit_before(raw, start.checked_sub(line.start)?) {
        return None;
    }
    row_of(doc, start).filter(|&(s, e)| s <= clause.0 && clause.1 <= e)
}

/// "Tỷ lệ = b/a x 100%": a formula, not a goal. A star is a product only
/// in something that looks like a formula (markdown bold "**100%" is not).
fn is_formula(before: &str) -> bool {
    let t = before.trim_end();
    // ">= 30%", "<= 5%" are comparators
    let sign = t.ends_with(">=") || t.ends_with("<=");
    (t.ends_with(['×', '=']) && !sign)
        || t.ends_with(" x")
        || t.ends_with(" X")
        || (t.ends_with('*') && !t.ends_with("**") && t.contains(['=', '/']))
}

/// "90% hồ sơ cấp tỉnh, 80% cấp huyện và 60% cấp xã": a figure without
/// words of its own, listed after another in the same clause, shares them.
fn inherit(text: &str, found: &mut [Found]) {
    for i in 1..found.len() {
        let (done, rest) = found.split_at_mut(i);
        let (Some(prev), Some(cur)) = (done.last(), rest.first_mut()) else {
            continue;
        };
        if cur.own_words || prev.clause != cur.clause || prev.figure.unit != cur.figure.unit {
            continue;
        }
        let gap = text.get(prev.end..cur.head_start).unwrap_or("").trim_end();
        let gap_lower = fold::lower(gap);
        let listed = gap.ends_with(',')
            || gap_lower.ends_with(" và")
            || gap_lower.ends_with(" hoặc")
            || gap.is_empty();
        // "trên 80% … và 100% …": nothing is more than 100%
        let impossible = cur.figure.unit == Unit::Percent
            && cur.figure.value >= 100.0
            && matches!(prev.comparator, Comparator::MoreThan | Comparator::AtLeast);
        if listed && !impossible && gap.chars().count() <= 120 {
            cur.comparator = prev.comparator;
            cur.change = prev.change;
            cur.per_year = cur.per_year || prev.per_year;
        }
    }
}

fn is_bullet(h: &Heading) -> bool {
    matches!(
        h.marker.as_str(),
        "-" | "+" | "–" | "—" | "•" | "·" | "▪" | "○" | "●"
    )
}

/// The year named before a figure: the last one in its clause, else in its
/// sentence ("Năm 2021, … đạt 30%").
fn year_before(scan: &Scan, place: &Place) -> Option<i32> {
    let start = place.start;
    let text = scan.text;
    let last_before = |from: usize| {
        let before = text.get(from..start).unwrap_or("");
        years::years(scan.doc.grammars, before)
            .last()
            .map(|y| (before.get(..y.at).unwrap_or(""), y.to))
    };
    let (lead, y) =
        last_before(place.clause.0).or_else(|| last_before(place.sentence_start(scan)))?;
    (!closes_an_earlier_figure(lead)).then_some(y)
}

/// The text `lead` before a year ends with a figure and a word or two:
/// "đạt 80% vào [năm 2027] và 90% …" — the year is that figure's, not the
/// next one's (after a comma, "80%, [năm 2026] đạt 90%", it opens the
/// next).
fn closes_an_earlier_figure(lead: &str) -> bool {
    let Some(fig) = lead.rfind('%') else {
        return false;
    };
    let gap = lead.get(fig + 1..).unwrap_or("");
    !gap.contains([',', ';', '.', ':']) && gap.split_whitespace().count() <= 2
}

/// The first year named after a figure in its clause, else its sentence
/// ("đạt 85% vào năm 2025").
fn year_after(scan: &Scan, place: &Place) -> Option<i32> {
    let end = place.end;
    let text = scan.text;
    let first_after = |to: usize| {
        years::years(scan.doc.grammars, text.get(end..to.max(end)).unwrap_or(""))
            .first()
            .map(|y| (end + y.at, y.to))
    };
    let (at, y) = first_after(place.clause.1).or_else(|| first_after(place.sentence_end(scan)))?;
    (!leads_a_later_figure(text, end, at, scan)).then_some(y)
}

/// The year at `at`, after a figure ending at `end`, opens the part of the
/// sentence of a later figure: "đạt 80%, phấn đấu đến năm 2027 đạt 100%"
/// (a comma after this figure, a figure after the year in its clause). A
/// year right after the figure ("80% vào năm 2025 và 90% …") is this
/// figure's; one after the last figure of a list ("80%, 70% vào năm
/// 2025") is the whole list's.
fn leads_a_later_figure(text: &str, end: usize, at: usize, scan: &Scan) -> bool {
    let has_figure = |s: &str| s.contains('%') || fold::lower(s).contains("phần trăm");
    let gap = text.get(end..at).unwrap_or("");
    if !gap.contains([',', ';']) || has_figure(gap) {
        return false;
    }
    has_figure(text.get(at..scan.end_of(at, Stop::Clause)).unwrap_or(""))
}

/// The year of the group row above a figure's table row ([`cells::group_year`]).
fn table_group_year(scan: &Scan, start: usize) -> Option<i32> {
    let (doc, text) = (scan.doc, scan.text);
    let k = doc.line_index_of(start);
    // a line too long for a table row (a whole file on one line) ends the
    // search: each figure must not read it again
    let line = |i: usize| {
        doc.lines
            .get(i)
            .filter(|l| l.end.saturating_sub(l.start) <= cells::MAX_LINE)
            .and_then(|l| text.get(l.start..l.end))
            .unwrap_or("")
    };
    let sep = if line(k).contains('|') {
        '|'
    } else if line(k).contains('\t') {
        '\t'
    } else {
        return None;
    };
    // the rows of the table from the figure's row up, nearest first
    let top = (0..=k)
        .rev()
        .take(cells::GROUP_REACH + 1)
        .take_while(|&i| line(i).contains(sep))
        .last()?;
    cells::group_year(scan.doc.grammars, (top..=k).map(line))
}

/// Year from the sentence, else the table column, else a group row of the
/// table, else the nearest heading, else the period end.
fn year_of(scan: &Scan, f: &Found, above: &[&HeadingInfo], period: Option<Period>) -> Option<i32> {
    // the year the sentence names: before the figure, else after it
    f.year_before
        .or_else(|| year_after(scan, &f.place))
        .or_else(|| scan.bounds.column_year(f.start))
        .or_else(|| table_group_year(scan, f.start))
        .or_else(|| above.iter().rev().find_map(|i| i.year))
        .or(period.map(|p| p.to))
}

/// Area from an index named in the clause; then, in a plan organised by
/// reform area, the section headings, else the clause, else the sentence,
/// else the document's title; in any other document the subject of the
/// document's title, else the goal's own subject (corpus/gold/SPEC.md,
/// "area").
fn area_of(g: Grammars, scan: &Scan, f: &Found, above: &[&HeadingInfo]) -> Option<String> {
    let text = scan.text;
    let from_clause = classify::sentence_area_hits(g, &f.words.1);
    if let Some((area, true)) = from_clause {
        return Some(area.to_string());
    }
    if !scan.reform {
        let own = || {
            classify::subject_area_hits(g, &f.words.1).or_else(|| {
                let s = f.place.sentence_start(scan);
                let e = f.place.sentence_end(scan);
                classify::subject_area(g, text.get(s..e).unwrap_or(""))
            })
        };
        return scan.title_subject.or_else(own).map(str::to_string);
    }
    // "3. Xây dựng chính quyền số: tỷ lệ … đạt 80%": the label before the
    // colon of the line that holds the figure is its innermost heading
    if let Some(a) = scan
        .chain(f.start)
        .last()
        .and_then(|h| label_area(g, text, h, f.start))
    {
        return Some(a.to_string());
    }
    // numbered section headings only: a bullet is a sentence, and a title
    // ("KẾ HOẠCH … chuyển đổi số") names the whole document
    let from_heading = above.iter().rev().find_map(|i| i.section_area);
    if let Some(a) = from_heading {
        return Some(a.to_string());
    }
    if let Some((a, _)) = from_clause {
        return Some(a.to_string());
    }
    let s = f.place.sentence_start(scan);
    let e = f.place.sentence_end(scan);
    if let Some((a, _)) = classify::sentence_area(g, text.get(s..e).unwrap_or("")) {
        return Some(a.to_string());
    }
    // last, the title of a plan with one subject ("KẾ HOẠCH chuyển đổi số …")
    above
        .iter()
        .rev()
        .find_map(|i| i.title_area)
        .map(str::to_string)
}

/// The area named by the label of heading `h` when the figure at `pos`
/// follows the label's colon on the heading's own line: "a) Cải cách thủ
/// tục hành chính: …", "- Chính quyền số: …". A label is short (at most 12
/// words) and names an area as a section heading would.
fn label_area(g: Grammars, text: &str, h: &Heading, pos: usize) -> Option<&'static str> {
    if !(h.start <= pos && pos < h.end) {
        return None;
    }
    // the colon stands between the heading's start and the figure
    if !text.get(h.start..pos)?.contains(':') {
        return None;
    }
    let (label, _) = h.text.split_once(':')?;
    if label.split_whitespace().count() > 12 {
        return None;
    }
    classify::heading_area(g, label)
}

/// The catalogue id of what the figure measures, read on its own words in
/// `clause` ([`indicators`]).
fn indicator_of(
    g: Grammars,
    scan: &Scan,
    f: &Found,
    clause: (usize, usize),
    near: Near,
) -> Option<&'static str> {
    let text = scan.text;
    let r = indicators::own_ranges(
        text,
        clause,
        (f.start, f.end),
        near.prev_end,
        near.next_start,
    );
    let folded = |r: (usize, usize)| fold::fold(text.get(r.0..r.1).unwrap_or(""));
    let (before, nearer, after) = (folded(r.before), folded(r.near), folded(r.after));
    let wider;
    let clause_hits = if clause == f.clause {
        &f.words.1
    } else {
        wider = keywords::Hits::new(g, &folded(clause));
        &wider
    };
    let own = indicators::Own {
        after: &keywords::Hits::new(g, &after),
        near: &keywords::Hits::new(g, &nearer),
        before: &keywords::Hits::new(g, &before),
        clause: clause_hits,
        listed: indicators::letter_words(&before, 2) + indicators::letter_words(&after, 2) < 2,
    };
    indicators::classify(g, &own, f.change)
}

fn build(g: Grammars, scan: &Scan, f: Found, period: Option<Period>, near: Near) -> Target {
    let (doc, text) = (scan.doc, scan.text);
    let above = scan.above(g, f.start);
    let mut clause = f.clause;
    // "- Tỷ lệ hài lòng: tối thiểu 95%": a clause of the figure alone is
    // quoted and classified with its sentence
    let alone = words_with_letters(text.get(clause.0..clause.1).unwrap_or(""), 4) <= 3;
    if alone {
        clause = (f.place.sentence_start(scan), f.place.sentence_end(scan));
    } else if let Some(row) = indicator_row(doc, clause, f.start) {
        clause = row;
    }
    let quote = fold::squeeze(text.get(clause.0..clause.1).unwrap_or(""))
        .trim_matches(['*', '_', ' '])
        .trim_end_matches([',', ';', ':'])
        .to_string();
    let year = year_of(scan, &f, &above, period);
    let area = area_of(g, scan, &f, &above);
    let indicator = indicator_of(g, scan, &f, clause, near).map(str::to_string);
    Target {
        quote,
        value: f.figure.value,
        value_max: f.figure.value_max,
        unit: f.figure.unit,
        comparator: f.comparator,
        change: f.change,
        out_of: f.figure.out_of,
        per_year: f.per_year,
        year,
        area,
        indicator,
        span: doc.span(f.start, f.end),
        line: doc.line_of(f.start),
    }
}

/// Builds the tables of this extractor and runs their examples (see
/// [`crate::rules::Grammars::load`]).
pub fn check(g: crate::rules::Grammars) -> crate::error::Result<()> {
    // the typed tables first: the automata of one module read the tables
    // of the others
    classify::check_table(g)?;
    goals::check_table(g)?;
    indicators::check_table(g)?;
    keywords::check(g)?;
    cells::check(g)?;
    classify::check(g)?;
    goals::check(g)?;
    indicators::check(g)?;
    years::check(g)?;
    Ok(())
}

/// Every word [`keywords::Hits`] looks for in a clause: the clause words of
/// grammars/goal_rules.toml, the keywords of grammars/areas.toml and the
/// words of grammars/indicators.toml' rules (this module sees all three).
fn keyword_list(g: Grammars) -> Vec<String> {
    let mut words: Vec<String> = goals::clause_words(g);
    words.extend(classify::keyword_words(g).cloned());
    words.extend(indicators::words(g));
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Vec<Target> {
        targets_in(text, &Document::default())
    }

    /// The targets of `text` in a plan organised by reform area.
    fn reform_targets(text: &str) -> Vec<Target> {
        let main = Document {
            title: Some("Kế hoạch cải cách hành chính năm 2026".into()),
            ..Document::default()
        };
        targets_in(text, &main)
    }

    fn titled(text: &str, title: &str) -> Vec<Target> {
        let main = Document {
            title: Some(title.into()),
            ..Document::default()
        };
        targets_in(text, &main)
    }

    fn targets_in(text: &str, main: &Document) -> Vec<Target> {
        let decoded = crate::decode::decode(text.as_bytes(), &Default::default()).expect("decodes");
        let doc = Doc::build(
            crate::rules::Grammars::builtin(),
            decoded,
            Default::default(),
        );
        extract(&doc, main)
    }

    fn values(t: &[Target]) -> Vec<f64> {
        t.iter().map(|t| t.value).collect()
    }

    #[test]
    fn thresholds_of_a_criteria_table() {
        // a criteria set among rules: one target per threshold cell, the
        // year from the column header
        let text = "QUY ĐỊNH\nBộ tiêu chí xã văn minh\n\nĐiều 2. Tiêu chí\n\nTT | Chỉ tiêu | Đến năm 2028 | Đến năm 2030\n1 | Tỷ lệ hộ gia đình đạt danh hiệu văn hóa | ≥ 85% | ≥ 90%\n2 | Tỷ lệ thôn có nhà văn hóa | 80% | 100%\n";
        let t = titled(text, "Quy định Bộ tiêu chí xã văn minh");
        assert_eq!(values(&t), vec![85.0, 90.0, 80.0, 100.0]);
        let years: Vec<_> = t.iter().map(|t| t.year).collect();
        assert_eq!(years, vec![Some(2028), Some(2030), Some(2028), Some(2030)]);
        // a scoring rubric and an allocation table are no targets
        let rubric = "Điều 2. Tiêu chí\n\nTT | Tiêu chí | Điểm tối đa\n1 | Tỷ lệ hồ sơ đúng hạn đạt 100% | 5\n2 | Tỷ lệ hồ sơ trực tuyến từ 90% | 3\n";
        assert!(titled(rubric, "Quy định chấm điểm").is_empty());
        let share = "Điều 3. Tiêu chí phân bổ\n\nSTT | Nội dung | Tỷ lệ phân chia (%)\n1 | Ngân sách tỉnh | 70%\n2 | Ngân sách xã | 30%\n";
        assert!(titled(share, "Quy định tỷ lệ phân chia").is_empty());
    }

    /// Numbers as the regex `[0-9]+(?:[.,][0-9]+)?` finds them.
    fn numbers_by_regex(t: &str) -> Vec<(usize, usize)> {
        crate::re::constant(r"[0-9]+(?:[.,][0-9]+)?")
            .find_iter(t)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    fn numbers(t: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some((s, e)) = next_number(t.as_bytes(), at) {
            out.push((s, e));
            at = e;
        }
        out
    }

    #[test]
    fn numbers_are_found_as_the_regex_finds_them() {
        for t in [
            "",
            "1",
            "đạt 90%, 2,5% và 1.000.000 người; 12/2025; PM2.5; 3. 4,x 5.",
            "abcdefghijklmnopqrstuvwxyz0123456789/:;<=>?@[`{",
            "đạt tỷ lệ tối thiểu tương ứng là 30%, 20%, 15%; mỗi năm tăng 20%.",
        ] {
            assert_eq!(numbers(t), numbers_by_regex(t), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn numbers_agree_with_the_regex(t in "[0-9.,a /:;ế\u{0}-\u{7f}]{0,64}") {
            proptest::prop_assert_eq!(numbers(&t), numbers_by_regex(&t));
        }
    }

    #[test]
    fn forecasts_are_not_targets() {
        let t = targets(
            "Kế hoạch năm 2026\n\nI. DỰ BÁO CÁC CHỈ TIÊU KINH TẾ NĂM 2026\n\n- Tỷ lệ hộ nghèo giảm 1,5%.\n\nII. BỐI CẢNH\n\n- Dự báo tăng trưởng khoảng 8%/năm.\n- Công nghiệp chiếm khoảng 30%.\n- Doanh thu du lịch tăng 16,8% so với cùng kỳ, đạt 120 tỷ đồng.\n- Phấn đấu kinh tế số chiếm khoảng 20% GRDP.\n\nIII. MỤC TIÊU\n\n- Công nghiệp chiếm khoảng 35%.\n- Thu ngân sách tăng 10% so với cùng kỳ.\n",
        );
        assert_eq!(values(&t), vec![20.0, 35.0, 10.0]);
    }

    #[test]
    fn shares_of_cost_and_results_against_the_plan_are_not_targets() {
        let t = targets(
            "Kế hoạch năm 2026\n\nII. MỤC TIÊU\n\n- Chi thường xuyên 120 tỷ đồng, đạt 100% dự toán.\n- Bố trí kinh phí bằng 2% tổng kinh phí để tăng cường kiểm tra.\n- Dự kiến kinh phí thực hiện khoản 10% kinh phí quan trắc.\n- Thành viên góp tối thiểu 75% tổng số vốn góp.\n- Đơn vị được trích 10% số thu để bảo đảm hoạt động.\n- Tiết kiệm 10% kinh phí chi thường xuyên.\n- Phấn đấu giải ngân đạt 100% kế hoạch vốn.\n",
        );
        assert_eq!(values(&t), vec![10.0, 100.0]);
        assert_eq!(t[0].change.map(Change::as_str), Some("reduce"));
    }

    #[test]
    fn a_condition_of_a_rule_is_not_a_target() {
        let t = targets(
            "Kế hoạch năm 2026\n\nII. NỘI DUNG, TIẾN ĐỘ\n\n1. Tổ chức hội nghị\n\n- Không đưa vào danh sách người không đạt tín nhiệm trên 50% số cử tri.\n- Ngành có tỷ lệ nữ dưới 30% có thể điều chỉnh mục tiêu.\n\n2. Quy định về số lượng cử tri tham dự\n\n- Bảo đảm số cử tri tham dự đạt ít nhất là 50% tổng số cử tri.\n\n3. Chỉ tiêu\n\n- Bảo đảm 100% cử tri được thông tin đầy đủ.\n- 100% nạn nhân được hưởng các dịch vụ hỗ trợ.\n",
        );
        assert_eq!(values(&t), vec![100.0, 100.0]);
    }

    #[test]
    fn in_a_document_of_rules_only_stated_goals_count() {
        let text = "NGHỊ ĐỊNH\n\nĐiều 1. Sửa đổi\n\n1. Cơ sở sử dụng từ 30% lao động là người khuyết tật được đảm bảo quyền lợi.\n2. Phấn đấu 100% hồ sơ được giải quyết đúng hạn.\n";
        let rules = Document {
            kind: Some("Nghị định".into()),
            ..Document::default()
        };
        assert_eq!(values(&targets_in(text, &rules)), vec![100.0]);
        let plan = Document {
            kind: Some("Kế hoạch".into()),
            ..Document::default()
        };
        assert_eq!(values(&targets_in(text, &plan)), vec![30.0, 100.0]);
    }

    #[test]
    fn criteria_of_a_standard_are_not_targets() {
        let t = targets(
            "Kế hoạch giai đoạn 2026 - 2030\n\nIII. Các xã được công nhận đạt chuẩn khi đáp ứng các tiêu chí sau:\n\n1. Có 100% thôn đạt chuẩn văn hóa.\n\nIV. MỤC TIÊU\n\n1. Có 100% thôn đạt chuẩn văn hóa vào năm 2030.\n",
        );
        assert_eq!(values(&t), vec![100.0]);
        assert_eq!(t[0].line, 9);
    }

    #[test]
    fn a_yearly_word_opening_the_sentence_makes_each_change_yearly() {
        let t = targets(
            "Kế hoạch giai đoạn 2026 - 2030\n\nII. MỤC TIÊU\n\n- Hằng năm, số vụ được phát hiện tăng trên 3%; số vụ xuyên quốc gia tăng trên 5%.\n- Số vụ được xử lý tăng 10%.\n",
        );
        let b: Vec<_> = t.iter().map(|t| (t.value, t.per_year)).collect();
        assert_eq!(b, vec![(3.0, true), (5.0, true), (10.0, false)]);
    }

    #[test]
    fn a_table_with_a_unit_column() {
        let t = targets(
            "Kế hoạch\n\nII. CHỈ TIÊU\n\n| TT | Chỉ tiêu | Đơn vị | Kết quả |\n| --- | --- | --- | --- |\n| **I** | **Đến năm 2030** | | |\n| 1 | Tỉ lệ thanh toán trực tuyến | % | >= 30 |\n| 2 | Số doanh nghiệp công nghệ số | Doanh nghiệp | ≥ 5 |\n| 3 | Số công bố khoa học tăng trung bình | %/năm | 10 |\n",
        );
        let b: Vec<_> = t.iter().map(brief).collect();
        assert_eq!(
            b,
            vec![
                (30.0, "at_least", None, false, Some(2030)),
                // the label names the change (corpus r38, "tăng trung bình")
                (10.0, "exactly", Some("increase"), true, Some(2030)),
            ]
        );
    }

    #[test]
    fn a_bound_after_the_noun_of_the_figure() {
        assert_eq!(
            split_bound("có từ ", " hồ sơ trở lên được trả trước hẹn"),
            Some(Comparator::AtLeast)
        );
        assert_eq!(
            split_bound("Từ ", " số xã trở xuống"),
            Some(Comparator::AtMost)
        );
        assert_eq!(split_bound("đạt ", " hồ sơ trở lên"), None);
        assert_eq!(split_bound("từ ", " hồ sơ, từ 5 năm trở lên"), None);
        let t = targets("Năm 2025\n\n- Phấn đấu có từ 30% hồ sơ trở lên được trả trước hẹn.\n");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].comparator.as_str(), "at_least");
    }

    #[test]
    fn at_least_before_la_is_at_least() {
        let t = targets("Năm 2025\n\n- Phấn đấu tỷ lệ đạt ít nhất là 80%.\n");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].comparator.as_str(), "at_least");
    }

    fn brief(t: &Target) -> (f64, &str, Option<&str>, bool, Option<i32>) {
        (
            t.value,
            t.comparator.as_str(),
            t.change.map(Change::as_str),
            t.per_year,
            t.year,
        )
    }

    #[test]
    fn enumeration_shares_its_head() {
        let t = targets(
            "KẾ HOẠCH giai đoạn 2021 - 2025\n\n- Đạt tỷ lệ tối thiểu tương ứng là 30%, 20%, 15%; mỗi năm tăng tối thiểu 20%.\n",
        );
        let b: Vec<_> = t.iter().map(brief).collect();
        assert_eq!(
            b,
            vec![
                (30.0, "at_least", None, false, Some(2025)),
                (20.0, "at_least", None, false, Some(2025)),
                (15.0, "at_least", None, false, Some(2025)),
                (20.0, "at_least", Some("increase"), true, Some(2025)),
            ]
        );
    }

    #[test]
    fn year_from_heading_and_sentence() {
        let t = targets(
            "Kế hoạch giai đoạn 2026 - 2030\n\n- Giai đoạn 2026 - 2027:\n\n+ Tỷ lệ hồ sơ trực tuyến đạt 100%.\n\n+ Năm 2029 đạt trên 50% hồ sơ.\n",
        );
        let b: Vec<_> = t.iter().map(brief).collect();
        assert_eq!(
            b,
            vec![
                (100.0, "exactly", None, false, Some(2027)),
                (50.0, "more_than", None, false, Some(2029)),
            ]
        );
    }

    #[test]
    fn ranges_scores_and_wrapped_percent() {
        let t = targets(
            "Kế hoạch năm 2023\n\n- Rút ngắn từ 20 đến 30% thời gian giải quyết.\n- Phấn đấu năm 2023 đạt 9.5/9.5 điểm.\n- Tỷ lệ đạt 2,5\n% trở lên.\n",
        );
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].value_max, Some(30.0));
        assert_eq!(t[0].comparator.as_str(), "range");
        assert_eq!(t[0].change.map(Change::as_str), Some("reduce"));
        assert_eq!((t[1].value, t[1].out_of), (9.5, Some(9.5)));
        assert_eq!(t[1].unit, Unit::Points);
        assert_eq!((t[2].value, t[2].comparator.as_str()), (2.5, "at_least"));
    }

    #[test]
    fn past_figures_formulas_and_rubrics_are_not_targets() {
        let t = targets(
            "Kế hoạch giai đoạn 2021 - 2025\n\nI. KẾT QUẢ THỰC HIỆN\n\n1. Tỷ lệ hồ sơ đúng hạn đạt 95%.\n\nII. MỤC TIÊU\n\n1. Năm 2020 đạt 85% hồ sơ trực tuyến.\n2. Tỷ lệ = b/a x 100%\n3. Thực hiện tốt (2 điểm).\n4. Trong năm 2022 đã đạt 70%.\n",
        );
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn criteria_under_a_bullet_heading_are_not_targets() {
        let t = targets(
            "Kế hoạch năm 2025\n\nII. NHIỆM VỤ\n\n- Tiêu chí phân định xã:\n\n+ Có dưới 80% đường xã được nhựa hóa đảm bảo ô tô đi lại.\n",
        );
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn nothing_inherits_more_than_into_one_hundred() {
        let t = targets(
            "Năm 2025\n\n- Phấn đấu trên 80% trạm y tế và 100% cơ sở cai nghiện đủ điều kiện.\n",
        );
        let c: Vec<&str> = t.iter().map(|t| t.comparator.as_str()).collect();
        assert_eq!(c, vec!["more_than", "exactly"]);
    }

    #[test]
    fn a_figure_alone_in_a_cell_is_read_with_its_row() {
        let t = reform_targets(
            "Năm 2024\n\nII. CHỈ TIÊU\n\n| STT | Chỉ tiêu | Năm 2024 |\n|---|---|---|\n| 1 | Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình | 60% |\n",
        );
        assert_eq!(t.len(), 1);
        assert!(t[0].quote.starts_with("1 | Tỷ lệ hồ sơ"), "{}", t[0].quote);
        // a share of applications handled online, not of services offered
        assert_eq!(t[0].indicator.as_deref(), Some("online_applications"));
        assert_eq!(t[0].area.as_deref(), Some("procedures"));
    }

    #[test]
    fn bold_markers_are_not_formulas() {
        assert!(!is_formula("**1. **"));
        assert!(is_formula("Tỷ lệ = b/a * "));
        assert!(is_formula("Tỷ lệ = "));
        assert!(!is_formula("| % | >= "));
        assert!(!is_formula("tỷ lệ <= "));
        assert!(is_formula(
            "Tỷ lệ (%) = (số hồ sơ đúng hạn/tổng số hồ sơ) x "
        ));
        let t = targets(
            "Kế hoạch giai đoạn 2026 - 2030\n\n**II. MỤC TIÊU**\n\n**1. **100% cán bộ, công chức có trình độ đại học Luật.\n",
        );
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn without_a_period_the_year_of_issue_dates_the_past() {
        let t = targets(
            "Hà Nội, ngày 05 tháng 3 năm 2024\n\nKẾ HOẠCH\n\nII. MỤC TIÊU\n\n- Năm 2022 tỷ lệ đạt 85% hồ sơ.\n- Phấn đấu 100% hồ sơ trực tuyến.\n",
        );
        let v: Vec<f64> = t.iter().map(|t| t.value).collect();
        assert_eq!(v, vec![100.0]);
    }

    #[test]
    fn figures_glued_by_a_comma_and_numbers_inside_codes() {
        let t = targets(
            "Năm 2025\n\n- Phấn đấu đạt tối thiểu 70%,60% và 55%; bụi PM2.5 đạt 1.000.000 người.\n",
        );
        let v: Vec<f64> = t.iter().map(|t| t.value).collect();
        assert_eq!(v, vec![70.0, 60.0, 55.0]);
    }

    #[test]
    fn a_long_lettered_item_is_a_sentence_not_a_section() {
        let t = targets(
            "Năm 2024\n\n6. Xây dựng chính quyền số\n\na) Đẩy mạnh cung cấp dịch vụ công trực tuyến, giải quyết thủ tục hành chính trên môi trường điện tử, bảo đảm kết nối, chia sẻ dữ liệu:\n\n- Phấn đấu 90% hồ sơ được số hóa.\n",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].area.as_deref(), Some("digital_government"));
    }

    #[test]
    fn a_figure_after_a_colon_is_quoted_with_its_sentence() {
        let t = targets(
            "Năm 2024\n\nII. CHỈ TIÊU\n\n- Tỷ lệ hồ sơ thanh toán trực tuyến: tối thiểu 45%.\n",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].comparator.as_str(), "at_least");
        assert_eq!(
            t[0].quote,
            "- Tỷ lệ hồ sơ thanh toán trực tuyến: tối thiểu 45%."
        );
        assert_eq!(t[0].indicator.as_deref(), Some("online_payment"));
    }

    #[test]
    fn a_report_keeps_the_goals_of_next_year() {
        let t = targets(
            "BÁO CÁO\nKết quả cải cách hành chính năm 2024\n\nI. KẾT QUẢ THỰC HIỆN\n\n1. Tỷ lệ hồ sơ trực tuyến đạt 65%.\n\nII. PHƯƠNG HƯỚNG NĂM 2025\n\n1. 100% hồ sơ được số hóa.\n",
        );
        let b: Vec<_> = t.iter().map(brief).collect();
        assert_eq!(b, vec![(100.0, "exactly", None, false, Some(2025))]);
    }

    #[test]
    fn a_comparison_with_last_year_is_not_the_deadline() {
        let t = targets(
            "Kế hoạch năm 2024\n\nII. MỤC TIÊU\n\n- Tỷ lệ hồ sơ trực tuyến đạt 60%, cao hơn năm 2023.\n",
        );
        let b: Vec<_> = t.iter().map(brief).collect();
        assert_eq!(b, vec![(60.0, "exactly", None, false, Some(2024))]);
    }

    #[test]
    fn a_title_does_not_give_the_area() {
        let t = targets(
            "KẾ HOẠCH\nCải cách hành chính và xây dựng chính quyền số năm 2024\n\nII. MỤC TIÊU\n\n- 100% văn bản quy phạm pháp luật được ban hành đúng quy định.\n",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].area.as_deref(), Some("institutions"));
    }

    #[test]
    fn hundred_percent_with_minimum_count_is_exactly() {
        let t = targets("Năm 2024\n\n- 100% xã có tối thiểu 1 trạm.\n");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].comparator.as_str(), "exactly");
    }

    #[test]
    fn area_from_heading_then_sentence() {
        let t = reform_targets(
            "Giai đoạn 2021 - 2025\n\n2. Cải cách thủ tục hành chính\n\n- 90% người dân được xác thực điện tử.\n\n3. Chỉ tiêu khác\n\n- 90% người dân được cấp định danh.\n- Chỉ số SIPAS đạt trên 90%.\n",
        );
        let areas: Vec<Option<&str>> = t.iter().map(|t| t.area.as_deref()).collect();
        assert_eq!(
            areas,
            vec![
                Some("procedures"),
                Some("digital_government"),
                Some("general")
            ]
        );
        assert_eq!(t[2].indicator.as_deref(), Some("sipas"));
    }

    #[test]
    fn a_year_before_a_later_figure_is_that_figures() {
        let t = targets(
            "Kế hoạch năm 2026\n\n1. Tỷ lệ cán bộ được đào tạo đạt 80%, phấn đấu đến năm 2027 đạt 100%.\n\n2. Tỷ lệ hồ sơ đạt 80% vào năm 2027 và 90% vào năm 2028.\n\n3. Năm 2027 đạt 60%, năm 2028 đạt 75%.\n\n4. Tỷ lệ A đạt 60%, tỷ lệ B đạt 70% vào năm 2028.\n",
        );
        let years: Vec<(f64, Option<i32>)> = t.iter().map(|t| (t.value, t.year)).collect();
        assert_eq!(
            years,
            vec![
                (80.0, Some(2026)),
                (100.0, Some(2027)),
                (80.0, Some(2027)),
                (90.0, Some(2028)),
                (60.0, Some(2027)),
                (75.0, Some(2028)),
                (60.0, Some(2028)),
                (70.0, Some(2028))
            ]
        );
    }

    #[test]
    fn outside_reform_plans_the_goals_own_subject_gives_the_area() {
        // a plan against drugs: checks, campaigns and staff are no reform
        // area of their own
        let t = titled(
            "Giai đoạn 2026 - 2030\n\nI. MỤC TIÊU\n\n- Trên 80% cán bộ, chiến sĩ được trang bị phương tiện nghiệp vụ.\n- Kiểm tra 100% cơ sở kinh doanh có điều kiện.\n- 100% cán bộ làm công tác phòng, chống ma túy được bồi dưỡng nghiệp vụ.\n- 100% dữ liệu người nghiện được cập nhật trên hệ thống.\n",
            "Kế hoạch phòng, chống ma túy giai đoạn 2026 - 2030",
        );
        let areas: Vec<Option<&str>> = t.iter().map(|t| t.area.as_deref()).collect();
        assert_eq!(
            areas,
            vec![
                None,
                None,
                Some("civil_service"),
                Some("digital_government")
            ]
        );
        // an indicator table: procedures named win over online services,
        // a budget share over the digital transformation it pays for
        let t = titled(
            "Giai đoạn 2026 - 2030\n\nCHỈ TIÊU\n\n| TT | Chỉ tiêu | Đơn vị | Năm 2030 |\n|---|---|---|---|\n| 1 | Tỉ lệ thanh toán trực tuyến trong giải quyết thủ tục hành chính | % | 80 |\n| 2 | Tỉ lệ giao dịch không dùng tiền mặt | % | ≥ 80 |\n| 3 | Chi ngân sách cho chuyển đổi số | % tổng chi | ≥ 3 |\n| 4 | Tỉ trọng xuất khẩu sản phẩm công nghệ cao | % | ≥ 50 |\n",
            "Chương trình hành động về phát triển khoa học, công nghệ và đổi mới sáng tạo",
        );
        let areas: Vec<Option<&str>> = t.iter().map(|t| t.area.as_deref()).collect();
        assert_eq!(
            areas,
            vec![
                Some("procedures"),
                Some("digital_government"),
                Some("public_finance"),
                None
            ]
        );
    }

    #[test]
    fn a_row_on_one_line_ends_with_its_line() {
        let t = targets(
            "Năm 2026\n\nCHỈ TIÊU\nTT | Tiêu chí | Loại I | Loại II\n1 | Tỷ lệ hộ có internet | ≥98% | ≥90%\nBảng chỉ tiêu theo năm\nGhi chú thêm\n",
        );
        assert_eq!(values(&t), vec![98.0, 90.0]);
        assert!(t[1].quote.ends_with("≥90%"), "{}", t[1].quote);
    }

    #[test]
    fn a_figure_that_counts_units_is_no_rate_of_what_follows() {
        let t = targets(
            "Năm 2026\n\nI. MỤC TIÊU\n\n(1) 100% hồ sơ thủ tục hành chính được thanh toán phí, lệ phí trực tuyến.\n(2) Thuế suất 5% áp dụng cho hộ kinh doanh.\n- 85%-90% tổng vốn đầu tư.\n",
        );
        assert_eq!(values(&t), vec![100.0]);
    }

    #[test]
    fn all_the_units_an_action_covers_are_a_goal() {
        let t = targets(
            "Năm 2026\n\nIII. NHIỆM VỤ\n\n- Lắp đặt camera giám sát tại 100% công trình lớn.\n- Hỗ trợ 50% kinh phí cho hội thi.\n- Tăng cường kiểm tra các công trường, yêu cầu 100% phải có biện pháp che chắn.\n",
        );
        assert_eq!(values(&t), vec![100.0, 100.0]);
    }

    #[test]
    fn what_to_reach_in_the_year_still_running_is_a_goal() {
        let main = Document {
            date: Some("2025-11-24".into()),
            title: Some("Kế hoạch tài chính - ngân sách nhà nước 03 năm 2026 - 2028".into()),
            period: Some(Period {
                from: 2026,
                to: 2028,
            }),
            ..Document::default()
        };
        let text = "I. TÌNH HÌNH THỰC HIỆN DỰ TOÁN NGÂN SÁCH NĂM 2025\n\na) Chi đầu tư: ước đạt 97,97% kế hoạch.\n\n- Chi đầu tư từ nguồn xổ số phấn đấu đạt 100% kế hoạch.\n\nII. TÌNH HÌNH NĂM 2024\n\n- Chi thường xuyên phấn đấu đạt 100% dự toán.\n";
        let t = targets_in(text, &main);
        assert_eq!(values(&t), vec![100.0]);
        assert_eq!(t[0].year, Some(2025));
        assert_eq!(t[0].area.as_deref(), Some("public_finance"));
    }

    #[test]
    fn the_label_of_a_row_names_the_change_of_its_figure() {
        let t = targets(
            "Giai đoạn 2026 - 2030\n\nCHỈ TIÊU\n\n| TT | Chỉ tiêu | Đơn vị | 2030 |\n|---|---|---|---|\n| 1 | Tỉ lệ cắt giảm thủ tục hành chính nội bộ | % | 50 |\n| 2 | Số bài báo quốc tế tăng bình quân | %/năm | 10 |\n| 3 | Đóng góp của TFP vào tăng trưởng kinh tế | % | ≥ 55 |\n| 4 | Tỷ lệ hồ sơ trực tuyến | % | 80 |\n",
        );
        let c: Vec<Option<&str>> = t.iter().map(|t| t.change.map(Change::as_str)).collect();
        assert_eq!(c, vec![Some("reduce"), Some("increase"), None, None]);
        let t = targets(
            "Năm 2026\n\nI. MỤC TIÊU\n\n- Phấn đấu bãi bỏ 100% điều kiện kinh doanh không cần thiết.\n",
        );
        assert_eq!(t[0].change.map(Change::as_str), Some("reduce"));
    }

    #[test]
    fn a_title_that_names_one_subject_gives_every_goal_its_area() {
        let text = "Giai đoạn 2026 - 2030\n\nI. MỤC TIÊU\n\n- Phấn đấu 100% thủ tục hành chính được cung cấp trực tuyến toàn trình.\n- 90% công trình giao thông được số hóa hồ sơ.\n";
        let t = titled(
            text,
            "Kế hoạch chuyển đổi số ngành giao thông vận tải năm 2026",
        );
        let areas: Vec<Option<&str>> = t.iter().map(|t| t.area.as_deref()).collect();
        assert_eq!(areas, vec![Some("digital_government"); 2]);
        // the same goals in a plan of another subject: their own subjects
        let t = titled(text, "Kế hoạch phát triển giao thông vận tải năm 2026");
        let areas: Vec<Option<&str>> = t.iter().map(|t| t.area.as_deref()).collect();
        assert_eq!(areas, vec![Some("procedures"), Some("digital_government")]);
    }

    #[test]
    fn area_from_the_label_of_the_figures_line() {
        let t = reform_targets(
            "Giai đoạn 2026 - 2030\n\nI. MỤC TIÊU\n\n1. Xây dựng chính quyền số: tỷ lệ hồ sơ trực tuyến toàn trình đạt tối thiểu 80%.\n\n2. Cải cách tài chính công: giải ngân vốn đầu tư công đạt 95%.\n\n3. Nhiệm vụ khác: tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%.\n",
        );
        let areas: Vec<Option<&str>> = t.iter().map(|t| t.area.as_deref()).collect();
        // a label that names no area leaves the sentence to decide
        assert_eq!(
            areas,
            vec![
                Some("digital_government"),
                Some("public_finance"),
                Some("procedures")
            ]
        );
    }
}
