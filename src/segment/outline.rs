//! The outline: headings of the body (Phần, Chương, Mục, Điều; I., 1., 1.1.,
//! a), -, +; all-caps, markdown `#` and bold headings) as one flat list in
//! document order, each with its depth. The target and task extractors read
//! years and areas from the chain of headings above a position; they never
//! find headings themselves.
//!
//! Depth is given by the order in which marker kinds first appear under
//! each other (as a reader does): the first kind seen is level 1, a new
//! kind under it is level 2, and a kind seen before closes everything below
//! it. A heading line that is short and wrapped ("3. Cải" + "cách tổ chức
//! bộ máy:") takes its continuation line into `text`.

mod marker;

use super::{Line, line_at};
use crate::error::Result;
use crate::rules::{Grammars, Slot};
use marker::Group;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Depth, 1 = top.
    pub level: u32,
    /// The marker as printed ("II.", "1.2.", "a)", "Điều 3.", "-").
    pub marker: String,
    /// Heading text without the marker.
    pub text: String,
    /// Normalised offsets of the whole heading line (with its continuation
    /// line when the heading is wrapped).
    pub start: usize,
    pub end: usize,
}

/// The kind of a marker; two headings of one kind are siblings.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Part,
    Chapter,
    Section,
    Article,
    Roman,
    /// "A.", "B."
    Upper,
    Arabic,
    /// "1.1." has depth 2, "1.1.1." depth 3.
    Dotted(usize),
    Letter,
    /// "(1)", "(a)"
    Paren,
    Dash,
    Plus,
    Bullet,
    Hash(usize),
    Bold,
    Caps,
}

impl Kind {
    fn is_bullet(&self) -> bool {
        matches!(self, Kind::Dash | Kind::Plus | Kind::Bullet)
    }

    /// Headings known only by bold type: often run-in sub-points. (A
    /// title in capitals, "DANH MỤC", "PHỤ LỤC", opens a real part.)
    fn is_weak(&self) -> bool {
        matches!(self, Kind::Bold)
    }
}

/// grammars/outline.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    named: Vec<NamedEntry>,
    #[serde(default)]
    addressee: Vec<Words>,
    #[serde(default)]
    preamble: Vec<Words>,
}

/// Words, and texts that open with them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    words: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

/// The words of one kind of named part.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedEntry {
    kind: String,
    words: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

/// The named words in the table's order, and the kind of each; the
/// letters of the addressee words, lower case, with the first letter in
/// either case apart; the preamble words, lower case.
struct Named {
    words: Vec<String>,
    kinds: Vec<Kind>,
    addressee: Vec<(Vec<char>, Vec<char>)>,
    preamble: Vec<String>,
    table: Table,
}

fn named(g: Grammars) -> &'static Named {
    g.cached::<Named>(Slot::OutlineNamed, build_named)
}

fn build_named(g: Grammars) -> Result<Named> {
    let table: Table = g.table("outline")?;
    let mut words = Vec::new();
    let mut kinds = Vec::new();
    for e in &table.named {
        let Some(kind) = named_kind(&e.kind) else {
            return Err(g.error_at(
                "outline",
                &format!("\"{}\"", e.kind),
                format!("`kind` is {:?}: part, chapter, section or article", e.kind),
            ));
        };
        for w in &e.words {
            words.push(w.clone());
            kinds.push(kind.clone());
        }
    }
    let addressee = table
        .addressee
        .iter()
        .flat_map(|e| e.words.iter())
        .filter_map(|w| {
            let mut letters = w
                .chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase);
            let first = letters.next()?;
            let firsts = std::iter::once(first).chain(first.to_uppercase()).collect();
            Some((firsts, letters.collect()))
        })
        .collect();
    let preamble = table
        .preamble
        .iter()
        .flat_map(|e| e.words.iter())
        .map(|w| w.to_lowercase())
        .collect();
    Ok(Named {
        words,
        kinds,
        addressee,
        preamble,
        table,
    })
}

fn named_kind(name: &str) -> Option<Kind> {
    match name {
        "part" => Some(Kind::Part),
        "chapter" => Some(Kind::Chapter),
        "section" => Some(Kind::Section),
        "article" => Some(Kind::Article),
        _ => None,
    }
}

/// The words that open a named part ("Phần", "CHƯƠNG" …: grammars/outline.toml).
pub fn named_words(g: Grammars) -> &'static [String] {
    &named(g).words
}

/// Builds this module's table and reads its examples (see
/// [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    let n = g.try_cached(Slot::OutlineNamed, build_named)?;
    for e in &n.table.named {
        for ex in &e.examples {
            let got = marker_of(g, ex).map(|(k, _, _)| k);
            if got.is_none() || got != named_kind(&e.kind) {
                return Err(g.error_at(
                    "outline",
                    ex,
                    format!("{ex:?} is not read as a heading of kind `{}`", e.kind),
                ));
            }
        }
    }
    for ex in n.table.addressee.iter().flat_map(|e| e.examples.iter()) {
        if !is_addressee(g, ex) {
            return Err(g.error_at("outline", ex, format!("{ex:?} is not read as an addressee")));
        }
    }
    for ex in n.table.preamble.iter().flat_map(|e| e.examples.iter()) {
        if !opens_preamble(g, ex) {
            return Err(g.error_at("outline", ex, format!("{ex:?} is not read as the preamble")));
        }
    }
    Ok(())
}

/// Line `t` opens the preamble of a document ("Căn cứ Luật …":
/// grammars/outline.toml `[[preamble]]`), in any case.
pub fn opens_preamble(g: Grammars, t: &str) -> bool {
    let t = t.to_lowercase();
    named(g).preamble.iter().any(|w| t.starts_with(w.as_str()))
}

/// Kind and marker of a trimmed line, and where its text starts.
fn marker_of(g: Grammars, line: &str) -> Option<(Kind, &str, usize)> {
    let n = named(g);
    let (group, group_end, whole_end) = marker::find(&n.words, line)?;
    let group_text = line.get(..group_end)?;
    let kind = match group {
        Group::Named => n
            .words
            .iter()
            .zip(&n.kinds)
            .find(|(w, _)| group_text.starts_with(w.as_str()))
            .map(|(_, k)| k.clone())?,
        Group::Roman => Kind::Roman,
        Group::Upper => Kind::Upper,
        Group::Dotted => Kind::Dotted(group_text.trim_end_matches('.').split('.').count()),
        Group::Arabic => Kind::Arabic,
        Group::Letter => Kind::Letter,
        Group::Paren => Kind::Paren,
        Group::Dash => Kind::Dash,
        Group::Plus => Kind::Plus,
        Group::Bullet => Kind::Bullet,
        Group::Hash => Kind::Hash(group_end),
    };
    let marker = line.get(..whole_end)?.trim();
    // "Điều 4 của Nghị định …" is a wrapped reference, not "Điều 4."
    if matches!(
        kind,
        Kind::Part | Kind::Chapter | Kind::Section | Kind::Article
    ) && !marker.ends_with(['.', ':'])
        && line
            .get(whole_end..)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_lowercase)
    {
        return None;
    }
    Some((kind, marker, whole_end))
}

/// True for a line that continues a heading in capitals: capitals without
/// a marker of its own, or only digits and dashes ("- 2025").
fn continues_caps(g: Grammars, line: &str) -> bool {
    if line.is_empty() || line.chars().count() >= 80 {
        return false;
    }
    let bare_digits = !line.chars().any(char::is_alphabetic)
        && line.chars().any(|c| c.is_ascii_digit())
        && line
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | ' ' | ')' | '('));
    bare_digits || (is_caps(line) && marker_of(g, line).is_none())
}

/// True for text with letters, none of them lower case.
fn is_upper(text: &str) -> bool {
    crate::text::capitals(text).is_some_and(|n| n >= 1)
}

/// True for a line whose letters are all capitals (at least four).
fn is_caps(line: &str) -> bool {
    // one pass, stopping at the first lower-case letter or the 161st char
    let mut letters = 0usize;
    for (n, c) in line.chars().enumerate() {
        if n >= 160 {
            return false;
        }
        if c.is_alphabetic() {
            if c.is_lowercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 4
}

/// Finds the headings of a text cut into `lines`.
pub fn segment(g: Grammars, text: &str, lines: &[Line]) -> Vec<Heading> {
    let mut out = Vec::new();
    // open headings: kind and index in `out`
    let mut stack: Vec<(Kind, usize)> = Vec::new();
    // the level each kind had when last seen: a kind coming back after
    // its list was closed returns to that level, not below whatever
    // heading happens to be open
    // kind → (level, index in `out`) of its last heading
    let mut last_level: Vec<(Kind, usize, usize)> = Vec::new();
    let mut skip_until = 0usize;
    for (idx, line) in lines.iter().enumerate() {
        if line.start < skip_until {
            continue;
        }
        let raw = line.text(text);
        let trimmed = raw.trim_start();
        if trimmed.starts_with('|') {
            continue;
        }
        // a table row: only its first cell can be a heading
        let first_cell = trimmed.split('\t').next().unwrap_or("").trim_end();
        let prev_line = idx
            .checked_sub(1)
            .and_then(|i| lines.get(i))
            .map_or("", |l| l.text(text));
        let Some((kind, marker, body)) = classify(g, first_cell) else {
            continue;
        };
        if wraps_year_range(prev_line, first_cell) {
            continue;
        }
        let mut heading_text = body.trim().trim_matches(['*', '_']).trim().to_string();
        let named = matches!(
            kind,
            Kind::Part | Kind::Chapter | Kind::Section | Kind::Article
        );
        if heading_text.is_empty() && !named {
            continue;
        }
        let mut end = line.end;
        // "Chương I" + "QUY ĐỊNH CHUNG": the title is on the next line
        if heading_text.is_empty() {
            if let Some(next) = lines.get(idx + 1) {
                let nt = next.text(text).trim().trim_matches(['*', '_']).trim();
                if !nt.is_empty() && marker_of(g, nt).is_none() && nt.chars().count() < 200 {
                    heading_text = nt.to_string();
                    end = next.end;
                    skip_until = next.end;
                }
            }
        }
        // wrapped heading: a short first line continued on the next one,
        // in lower case ("3. Cải" + "cách tổ chức bộ máy:") or, for a
        // heading in capitals, in capitals ("III. NHIỆM VỤ" + "TRỌNG TÂM:")
        if heading_text.chars().count() < 40 && !heading_text.ends_with([':', '.', ';']) {
            if let Some(next) = lines.get(line_at(lines, end) + 1) {
                let nt = next.text(text).trim().trim_end_matches(['*', '_']);
                let lower_cont = nt.chars().next().is_some_and(|c| c.is_lowercase());
                if lower_cont && marker_of(g, nt).is_none() {
                    heading_text.push(' ');
                    heading_text.push_str(nt);
                    end = next.end;
                }
            }
        }
        // a heading in capitals wrapped over lines in capitals, a line of
        // bare digits included ("… GIAI ĐOẠN 2021" + "- 2025")
        if is_upper(&heading_text) {
            let mut j = line_at(lines, end) + 1;
            while let Some(next) = lines.get(j) {
                let nt = next.text(text).trim().trim_matches(['*', '_']);
                if !continues_caps(g, nt) || j > idx + 5 {
                    break;
                }
                heading_text.push(' ');
                heading_text.push_str(nt);
                end = next.end;
                skip_until = next.end;
                j += 1;
            }
        }
        // a short title in capitals ("KẾ HOẠCH", "DANH MỤC") takes the
        // subtitle line below it, a blank line between allowed
        if kind == Kind::Caps && heading_text.split_whitespace().count() <= 3 {
            let mut j = line_at(lines, end) + 1;
            if lines.get(j).is_some_and(|l| l.text(text).trim().is_empty()) {
                j += 1;
            }
            if let Some(next) = lines.get(j) {
                let nt = next.text(text).trim();
                let plain = nt.chars().any(char::is_alphabetic)
                    && !nt.ends_with(['.', ';', ':'])
                    && marker_of(g, nt).is_none()
                    && !is_caps(nt)
                    && !opens_preamble(g, nt)
                    && nt.chars().count() < 200;
                if plain {
                    heading_text.push(' ');
                    heading_text.push_str(nt.trim_matches(['*', '_']));
                    end = next.end;
                }
            }
        }
        // the addressee line of the form ("Kính gửi: …") is not a
        // heading: taken as one, it would hold, then close, the numbered
        // sections below it
        if is_addressee(g, &heading_text) {
            continue;
        }
        place(&mut stack, &mut last_level, kind, out.len());
        out.push(Heading {
            level: stack.len() as u32,
            marker,
            text: heading_text,
            start: line.start,
            end,
        });
    }
    out
}

/// Puts a heading of `kind` (number `index` in the outline) on the stack
/// of open headings; its level is then the stack's depth.
fn place(
    stack: &mut Vec<(Kind, usize)>,
    last_level: &mut Vec<(Kind, usize, usize)>,
    kind: Kind,
    index: usize,
) {
    if let Some(pos) = stack.iter().position(|(k, _)| *k == kind) {
        stack.truncate(pos);
    } else {
        if !kind.is_bullet() {
            // a numbered heading ends any bullet list above it
            if let Some(pos) = stack.iter().position(|(k, _)| k.is_bullet()) {
                stack.truncate(pos);
            }
        }
        if let Some(&(_, level, last)) = last_level
            .iter()
            .find(|(k, _, _)| *k == kind && !k.is_bullet())
        {
            stack.truncate(level.saturating_sub(1));
            // a bold line opened since this kind was last seen
            // does not hold it ("**Khó khăn**" … "II. DỰ BÁO")
            while stack.last().is_some_and(|(k, i)| k.is_weak() && *i > last) {
                stack.pop();
            }
        }
    }
    stack.push((kind.clone(), index));
    let level = stack.len();
    match last_level.iter_mut().find(|(k, _, _)| *k == kind) {
        Some(entry) => {
            entry.1 = level;
            entry.2 = index;
        }
        None => last_level.push((kind, level, index)),
    }
}

/// "Kính gửi: …" (grammars/outline.toml `[[addressee]]`), in any case,
/// emphasis marks and spaces aside.
fn is_addressee(g: Grammars, heading_text: &str) -> bool {
    let letters = || heading_text.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters().next() else {
        return false;
    };
    // most headings fail on their first letter, with no lower-casing
    named(g).addressee.iter().any(|(firsts, rest)| {
        firsts.contains(&first)
            && letters()
                .skip(1)
                .take(rest.len())
                .flat_map(char::to_lowercase)
                .eq(rest.iter().copied())
    })
}

/// Marker kind, marker and text of a line that is a heading.
fn classify(g: Grammars, line: &str) -> Option<(Kind, String, String)> {
    if line.is_empty() {
        return None;
    }
    // "**2.10. Yêu cầu**", "*(1) Tiêu chí*", "**3**. 100%", "**1. **100%":
    // emphasis around or inside a marker
    let lead = line.trim_start_matches(['*', '_']).trim_start();
    let bare: std::borrow::Cow<str> = if lead.as_bytes().contains(&b'*') && lead.contains("**") {
        lead.replacen("**", "", 1).into()
    } else {
        lead.into()
    };
    if let Some((kind, marker, at)) = marker_of(g, &bare) {
        let body = bare.get(at..).unwrap_or("").to_string();
        return Some((kind, marker.to_string(), body));
    }
    if is_caps(&bare) {
        return Some((Kind::Caps, String::new(), bare.into_owned()));
    }
    if line.starts_with("**") && bare.chars().nth(1).is_some() {
        return Some((Kind::Bold, String::new(), bare.into_owned()));
    }
    None
}

/// "… giai đoạn 2026" + "- 2030 phấn đấu …": a year range broken at its
/// dash; the second line continues the first, it is not a list item.
pub fn wraps_year_range(prev_line: &str, line: &str) -> bool {
    if !line.trim_start().starts_with(['-', '–']) {
        return false;
    }
    let prev_ends_in_year = prev_line
        .trim_end()
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .is_some_and(|d| d.len() == 4);
    let rest = line
        .trim_start()
        .trim_start_matches(['-', '–'])
        .trim_start();
    let starts_with_year = rest.len() >= 4
        && rest
            .get(..4)
            .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()))
        && !rest
            .get(4..5)
            .is_some_and(|c| c.chars().all(|c| c.is_ascii_digit()));
    prev_ends_in_year && starts_with_year
}

/// For each heading, the index of the heading [`chain_at`] puts above it:
/// the nearest earlier heading of a smaller level. One pass, so that
/// [`chain_at`] does not walk back over long lists.
pub fn parents(outline: &[Heading]) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(outline.len());
    // indices of earlier headings with strictly rising levels
    let mut open: Vec<usize> = Vec::new();
    for (i, h) in outline.iter().enumerate() {
        while open
            .last()
            .and_then(|&j| outline.get(j))
            .is_some_and(|p| p.level >= h.level)
        {
            open.pop();
        }
        out.push(open.last().copied());
        open.push(i);
    }
    out
}

/// The headings that enclose `pos`, as indices into `outline`, outermost
/// first: the last heading at or before `pos`, then the nearest earlier
/// heading of a smaller level, and so on up to level 1 (`parents` is
/// [`parents`] of `outline`).
pub fn chain_at(outline: &[Heading], parents: &[Option<usize>], pos: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = outline.partition_point(|h| h.start <= pos).checked_sub(1);
    while let Some(i) = at {
        out.push(i);
        if outline.get(i).is_none_or(|h| h.level <= 1) {
            break;
        }
        at = parents.get(i).copied().flatten();
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The normalised text and its outline.
    struct Segmented {
        text: String,
        outline: Vec<Heading>,
    }

    fn doc(text: &str) -> Segmented {
        let text = crate::normalize::normalize(text).take_text();
        let outline = segment(Grammars::builtin(), &text, &crate::segment::lines(&text));
        Segmented { text, outline }
    }

    /// The headings [`chain_at`] finds around `pos`.
    fn chain(outline: &[Heading], pos: usize) -> Vec<&Heading> {
        chain_at(outline, &parents(outline), pos)
            .iter()
            .filter_map(|&i| outline.get(i))
            .collect()
    }

    fn outline(text: &str) -> Vec<(u32, String, String)> {
        let d = doc(text);
        d.outline
            .iter()
            .map(|h| (h.level, h.marker.clone(), h.text.clone()))
            .collect()
    }

    #[test]
    fn levels_follow_marker_kinds() {
        let o = outline(
            "I. MỤC TIÊU\n1. Cải cách thủ tục hành chính\na) Mục tiêu:\n- Đến năm 2025:\n+ 80% hồ sơ\n- Đến năm 2030:\n2. Cải cách tổ chức bộ máy\nII. NHIỆM VỤ\n",
        );
        let levels: Vec<u32> = o.iter().map(|h| h.0).collect();
        assert_eq!(levels, vec![1, 2, 3, 4, 5, 4, 2, 1]);
        assert_eq!(o[3].1, "-");
        assert_eq!(o[3].2, "Đến năm 2025:");
    }

    #[test]
    fn dotted_numbers_nest() {
        let o = outline(
            "3.1. Mục tiêu\n3.1.1. Mục tiêu chung\n3.1.2. Mục tiêu cụ thể\n3.2. Nhiệm vụ\n",
        );
        let levels: Vec<u32> = o.iter().map(|h| h.0).collect();
        assert_eq!(levels, vec![1, 2, 2, 1]);
    }

    #[test]
    fn wrapped_heading_joins_its_next_line() {
        let o = outline("3. Cải\ncách tổ chức bộ máy:\n- Giảm 10%\n");
        assert_eq!(o[0].2, "Cải cách tổ chức bộ máy:");
    }

    #[test]
    fn named_caps_bold_and_hash() {
        let o = outline(
            "Chương I\nĐiều 1. Phạm vi\nKẾ HOẠCH CẢI CÁCH\n**Mục tiêu chung**\n## Phụ lục\n",
        );
        let markers: Vec<&str> = o.iter().map(|h| h.1.as_str()).collect();
        assert_eq!(markers, vec!["Chương I", "Điều 1.", "", "", "##"]);
        assert_eq!(o[3].2, "Mục tiêu chung");
    }

    #[test]
    fn plain_lines_and_years_are_not_headings() {
        let o = outline("Căn cứ Luật Tổ chức chính quyền địa phương;\n2020.\nso với năm\n");
        assert!(o.is_empty(), "{o:?}");
    }

    #[test]
    fn emphasis_and_parenthesised_markers() {
        let o = outline(
            "**2.10. Yêu cầu, điều kiện thực\nhiện thủ tục hành chính**\n*(1) Tiêu chí xác định*\n",
        );
        assert_eq!(o[0].1, "2.10.");
        assert_eq!(o[0].2, "Yêu cầu, điều kiện thực hiện thủ tục hành chính");
        assert_eq!((o[1].0, o[1].1.as_str()), (2, "(1)"));
    }

    #[test]
    fn caps_heading_wrapped_in_caps() {
        let o = outline("II. MỤC TIÊU\n1. Chung\nIII. NHIỆM VỤ\nTRỌNG TÂM:\n1. Cải cách thể chế\n");
        let t: Vec<(u32, &str)> = o.iter().map(|h| (h.0, h.2.as_str())).collect();
        assert_eq!(
            t,
            vec![
                (1, "MỤC TIÊU"),
                (2, "Chung"),
                (1, "NHIỆM VỤ TRỌNG TÂM:"),
                (2, "Cải cách thể chế")
            ]
        );
    }

    #[test]
    fn caps_title_takes_its_subtitle() {
        let o = outline("DANH MỤC\n\nNhiệm vụ cụ thể năm 2023\nII. MỤC\nTIÊU:\n1. Chung\n");
        let t: Vec<(u32, &str)> = o.iter().map(|h| (h.0, h.2.as_str())).collect();
        assert_eq!(
            t,
            vec![
                (1, "DANH MỤC Nhiệm vụ cụ thể năm 2023"),
                (2, "MỤC TIÊU:"),
                (3, "Chung")
            ]
        );
    }

    #[test]
    fn numbered_heading_ends_a_bullet_list() {
        let o =
            outline("- Như Điều 4;\nI. MỤC TIÊU\n1. Chung\n- Đến năm 2025:\n2. Riêng\n- Tiếp\n");
        let levels: Vec<u32> = o.iter().map(|h| h.0).collect();
        assert_eq!(levels, vec![1, 1, 2, 3, 2, 3]);
    }

    #[test]
    fn caps_title_over_lines() {
        let o = outline("KẾ HOẠCH\nCẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2021\n- 2025\nI. MỤC TIÊU\n");
        assert_eq!(o.len(), 2);
        assert_eq!(o[0].2, "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2021 - 2025");
    }

    #[test]
    fn a_kind_returns_to_its_level() {
        let o =
            outline("I. MỤC TIÊU\n1. Chung\n**Thuận lợi**\na) Chi đầu tư\nII. DỰ BÁO\n1. Dự báo\n");
        let levels: Vec<u32> = o.iter().map(|h| h.0).collect();
        assert_eq!(levels, vec![1, 2, 3, 4, 1, 2]);
        let d = doc("**Kính gửi**\nI. TÌNH HÌNH\n**Khó khăn**\nII. DỰ BÁO\nXx\n");
        let levels: Vec<u32> = d.outline.iter().map(|h| h.level).collect();
        assert_eq!(levels, vec![1, 2, 1]);
        let pos = d.text.find("Xx").unwrap_or(0);
        let c: Vec<&str> = chain(&d.outline, pos)
            .iter()
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(c, vec!["DỰ BÁO"]);
    }

    #[test]
    fn the_addressee_line_is_not_a_heading() {
        // wrapped over two lines, in bold, as an export prints it: the bold
        // line under "b)" stays inside section I
        let d = doc(
            "**KẾ HOẠCH**\n\n**TÀI CHÍNH 03 NĂM**\n\n**Kính\ngửi:** Hội đồng nhân dân tỉnh\n\n**I. TÌNH HÌNH NĂM 2025**\n\nb) Nguyên nhân\n\n**Thuận lợi**\n\n- Thu đạt 100% dự toán.\n",
        );
        let o: Vec<(u32, &str)> = d
            .outline
            .iter()
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(
            o,
            vec![
                (1, "KẾ HOẠCH"),
                (1, "TÀI CHÍNH 03 NĂM"),
                (2, "TÌNH HÌNH NĂM 2025"),
                (3, "Nguyên nhân"),
                (4, "Thuận lợi"),
                (5, "Thu đạt 100% dự toán.")
            ]
        );
        assert!(outline("KÍNH GỬI: SỞ NỘI VỤ\n").is_empty());
    }

    #[test]
    fn named_heading_takes_its_title_line() {
        let o = outline(
            "Phần I\nTHỰC TRẠNG\n\nGiai đoạn 2016 - 2020, tỷ lệ đạt 87%.\nPhần II\nMỤC TIÊU\n",
        );
        let t: Vec<(u32, &str)> = o.iter().map(|h| (h.0, h.2.as_str())).collect();
        assert_eq!(t, vec![(1, "THỰC TRẠNG"), (1, "MỤC TIÊU")]);
    }

    #[test]
    fn emphasis_inside_markers_and_wrapped_year_ranges() {
        let o = outline(
            "**II. MỤC TIÊU**\n**1. **100% công chức\n**3**. 100% xã\n**4. **Trong giai đoạn 2026\n- 2030 phấn đấu 10%\n",
        );
        let t: Vec<(u32, &str)> = o.iter().map(|h| (h.0, h.1.as_str())).collect();
        assert_eq!(t, vec![(1, "II."), (2, "1."), (2, "3."), (2, "4.")]);
        assert!(wraps_year_range("giai đoạn 2026", "- 2030 phấn đấu"));
        assert!(!wraps_year_range("giai đoạn 2026", "- 100% hồ sơ"));
        assert!(!wraps_year_range("các xã;", "- 2030 phấn đấu"));
    }

    #[test]
    fn article_reference_is_not_a_heading() {
        assert!(outline("Điều 4 của Nghị định số 272/2025/NĐ-CP;\n").is_empty());
        assert_eq!(outline("Điều 4. Hiệu lực\n").len(), 1);
    }

    #[test]
    fn table_row_heading_takes_first_cell() {
        let o = outline("III. Cải cách thủ tục hành chính\t\t\t\n");
        assert_eq!(o[0].2, "Cải cách thủ tục hành chính");
    }

    #[test]
    fn chain_skips_closed_siblings() {
        let d = doc("I. A\n1. B\n- C\n2. D\nXx\nII. E\n");
        let pos = d.text.find("Xx").unwrap_or(0);
        let c: Vec<&str> = chain(&d.outline, pos)
            .iter()
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(c, vec!["A", "D"]);
        assert!(chain(&d.outline, 0).len() == 1);
    }

    #[test]
    fn chain_is_outermost_first() {
        let d = doc("I. A\n1. B\n- C\nXx\n2. D\n");
        let pos = d.text.find("Xx").unwrap_or(0);
        let c: Vec<&str> = chain(&d.outline, pos)
            .iter()
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(c, vec!["A", "B", "C"]);
    }
}
