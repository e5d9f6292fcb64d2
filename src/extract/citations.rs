//! The `citations` section: every other legal document the text names.
//! Candidates are found with regex, parsed with the nom grammars in
//! [`crate::parse`], and resolved (one entry per document, every mention
//! kept, conflicts flagged).
//!
//! - [`numbered`]: `Nghị quyết số 76/NQ-CP ngày … của …`;
//! - [`named`]: laws and party documents cited by name;
//! - [`laws`]: the catalogue of laws (grammars/laws.toml): whole names,
//!   and the number of a law named without one;
//! - [`issuer`], [`locality`]: who issued it, spelled out;
//! - [`relation`]: basis, implements, … per mention;
//! - [`extent`]: a web page's notices around the document give none;
//! - [`tables`]: grammars/citation_kinds.toml, grammars/issuers.toml and
//!   grammars/citation_words.toml.

mod extent;
mod fold;
mod issuer;
mod laws;
mod locality;
mod named;
mod numbered;
mod relation;
mod scan;
pub(crate) mod tables;

use crate::doc::Doc;
use crate::error::Result;
use crate::model::{Citation, Document, Pin, Relation};
use crate::parse::date::parse_date;
use crate::rules::{Grammars, Slot};
use locality::Places;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// One place a document is cited, before mentions are merged.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub number: Option<String>,
    pub name: Option<String>,
    pub date: Option<String>,
    /// The issuer the text gives next to this mention.
    pub text_issuer: Option<String>,
    /// The issuer the symbol (or kind, for laws) implies.
    pub default_issuer: Option<String>,
    pub suspect: Option<String>,
    /// Pin cite as printed, with its normalised offsets.
    pub pin: Option<(String, usize, usize)>,
    pub relation: Relation,
    /// Where the date and issuer read after it end.
    pub tail_end: usize,
    /// Issuer code of the symbol, to share an issuer along a list.
    pub code: Option<String>,
    /// The kind was read from a kind word before it.
    pub worded: bool,
    /// For a law named without a number: the number of the version meant
    /// (grammars/laws.toml).
    pub law_number: Option<String>,
}

/// The kind word just before `pos` (`Nghị quyết số `, `NĐ `), with its
/// start.
pub(crate) fn kind_before(g: Grammars, text: &str, pos: usize) -> Option<(&'static str, usize)> {
    let mut t = text.get(..pos)?.trim_end();
    let mut had_so = false;
    for s in ["số:", "số", "Số:", "Số", "SỐ:", "SỐ"] {
        if let Some(r) = t.strip_suffix(s) {
            if r.ends_with(char::is_whitespace) || r.is_empty() {
                t = r.trim_end();
                had_so = true;
                break;
            }
        }
    }
    // the last few words before the number, with their offsets, so a kind
    // word wrapped over a line ("Nghị\nquyết") still reads
    let lo = crate::text::floor_char_boundary(t, t.len().saturating_sub(120));
    let tail = t.get(lo..)?;
    let words = words_of(tail, lo);
    if let Some(hit) = kind_ending(g, t, &words) {
        return Some(hit);
    }
    // "Kế hoạch hành động số", "Báo cáo thẩm tra số": a few lower-case
    // words between the kind word and "số"
    if had_so {
        for skip in 1..=4 {
            let Some(keep) = words.len().checked_sub(skip) else {
                break;
            };
            let plain = words.get(keep..).is_some_and(|ws| {
                ws.iter().all(|(_, w)| {
                    let w = w.trim_end_matches(',');
                    !w.is_empty() && w.chars().all(|c| c.is_alphabetic() && !c.is_uppercase())
                })
            });
            if !plain {
                break;
            }
            if let Some(hit) = words.get(..keep).and_then(|ws| kind_ending(g, t, ws)) {
                return Some(hit);
            }
        }
    }
    None
}

/// The kind words in table order, with their word counts and lower case.
fn kind_words(g: Grammars) -> &'static [(usize, String)] {
    g.cached::<Vec<(usize, String)>>(Slot::KindWords, build_kind_words)
}

fn build_kind_words(g: Grammars) -> Result<Vec<(usize, String)>> {
    Ok({
        tables::kinds(g)
            .word
            .iter()
            .map(|w| (w.word.split(' ').count(), w.word.to_lowercase()))
            .collect()
    })
}

/// The kind word that ends a list of words, if any.
fn kind_ending(g: Grammars, t: &str, words: &[(usize, &str)]) -> Option<(&'static str, usize)> {
    // the last n words joined, as printed and in lower case, built once
    // per n
    let mut joins: Vec<Option<(String, String)>> = Vec::new();
    for (w, (n, lower)) in tables::kinds(g).word.iter().zip(kind_words(g)) {
        let n = *n;
        let Some(from) = words.len().checked_sub(n) else {
            continue;
        };
        let Some(last) = words.get(from..) else {
            continue;
        };
        if joins.len() <= n {
            joins.resize(n + 1, None);
        }
        let Some(slot) = joins.get_mut(n) else {
            continue;
        };
        let (joined, joined_lower) = slot.get_or_insert_with(|| {
            let joined = last
                .iter()
                .map(|(_, w)| w.trim_matches(['*', '(', '"', '“', '_']))
                .collect::<Vec<_>>()
                .join(" ");
            let lower = joined.to_lowercase();
            (joined, lower)
        });
        let hit = if w.abbrev {
            *joined == w.word
        } else {
            joined_lower == lower
        };
        if !hit {
            continue;
        }
        let Some(&(at, _)) = last.first() else {
            continue;
        };
        let bounded = !t
            .get(..at)?
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if bounded {
            return Some((w.kind.as_str(), at));
        }
    }
    None
}

/// The runs of non-blank characters of `s` (what `\S+` finds), with
/// their offsets.
fn words_of(s: &str, base: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(b)) => {
                if let Some(w) = s.get(b..i) {
                    out.push((base + b, w));
                }
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(w) = start.and_then(|b| s.get(b..).map(|w| (base + b, w))) {
        out.push(w);
    }
    out
}

static PIN: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::constant(
        r"((?:(?:[Đđ]iểm [a-zđ]\)?,?[ \t\n]+)?(?:[Kk]hoản \d+,?[ \t\n]+)?(?:Điều|điều) \d+[a-z]?))(?:[ \t\n]+của)?[ \t\n]+$",
    )
});

/// A pin cite (`khoản 2 Điều 5`) just before `pos`.
pub(crate) fn pin_before(text: &str, pos: usize) -> Option<(String, usize, usize)> {
    let lo = crate::text::floor_char_boundary(text, pos.saturating_sub(60));
    let window = text.get(lo..pos)?;
    let m = PIN.captures(window)?.get(1)?;
    Some((m.as_str().to_string(), lo + m.start(), lo + m.end()))
}

/// Date and issuer after a number: `ngày 15/7/2021 của Chính phủ`, in any
/// order. Returns them and where they end.
pub(crate) fn trailers(
    g: Grammars,
    text: &str,
    mut pos: usize,
    places: &Places,
) -> (Option<String>, Option<String>, usize) {
    let mut date = None;
    let mut issuer = None;
    for _ in 0..3 {
        let Some(rest) = text.get(pos..) else { break };
        let trimmed = rest.trim_start();
        let trimmed = match trimmed.strip_prefix(',') {
            Some(r) => r.trim_start(),
            None => trimmed,
        };
        let skip = rest.len() - trimmed.len();
        if date.is_none()
            && (trimmed.starts_with("ngày") || trimmed.starts_with(|c: char| c.is_ascii_digit()))
        {
            match parse_date(trimmed) {
                Some((d, n)) => {
                    date = Some(d.iso());
                    pos += skip + n;
                    continue;
                }
                None => break,
            }
        }
        if issuer.is_none() {
            if let Some(r) = trimmed.strip_prefix("của") {
                if r.starts_with(char::is_whitespace) {
                    let ws = r.len() - r.trim_start().len();
                    if let Some((b, n)) = issuer::after_cua(g, r.trim_start()) {
                        issuer = Some(issuer::finish(g, &b, places));
                        pos += skip + "của".len() + ws + n;
                        continue;
                    }
                }
            }
        }
        break;
    }
    (date, issuer, pos)
}

/// A number printed as the document's own: alone after "Số:" at the
/// start of a line (or of a table cell).
///
/// Reads backwards from `start` and stops as soon as the text before it
/// can no longer be one of the labels, so it costs O(label + the junk
/// around it), never O(line).
fn is_own_number(text: &str, start: usize) -> bool {
    let Some(before) = text.get(..start) else {
        return false;
    };
    // "Số:\n7360/KH-UBND": the number may sit on the next line
    let before = before.trim_end();
    let junk = |c: char| matches!(c, '*' | '#' | '_') || c.is_whitespace();
    let mut it = before.char_indices().rev();
    // the end of the label: past trailing markup and cell bars
    let mut label = None;
    for (i, c) in it.by_ref() {
        if c == '\n' {
            return false;
        }
        if c == '|' || junk(c) {
            continue;
        }
        label = Some((i, i + c.len_utf8()));
        break;
    }
    let Some((mut lo, hi)) = label else {
        return false;
    };
    // its start: the first character after the cell bar or line start,
    // markup trimmed
    for (i, c) in it {
        if c == '|' || c == '\n' {
            break;
        }
        if !junk(c) {
            lo = i;
            if hi - lo > 32 {
                return false;
            }
        }
    }
    let Some(l) = before.get(lo..hi) else {
        return false;
    };
    own_label(l, before.get(..lo).unwrap_or(""))
}

/// Whether `label` (what stands alone before a number at a line start)
/// marks the document's own number. A bare lower-case "số" after a word
/// is a sentence wrapped over a line ("Luật An ninh mạng\nsố
/// 24/2018/QH14"), not a label.
fn own_label(label: &str, before: &str) -> bool {
    let own = matches!(
        label.to_lowercase().as_str(),
        "số:" | "số" | "số :" | "số hiệu:" | "số hiệu :" | "số hiệu"
    );
    let wrapped = label == "số"
        && before
            .trim_end_matches(|c: char| matches!(c, '*' | '#' | '_') || c.is_whitespace())
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic);
    own && !wrapped
}

/// The value seen most often, the first seen on a tie.
fn most_common(values: &[String]) -> Option<String> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, v) in values.iter().enumerate() {
        counts.entry(v.as_str()).or_insert((0, i)).0 += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map(|(v, _)| v.to_string())
}

fn key_of(m: &Mention) -> Option<String> {
    if let Some(n) = &m.number {
        return Some(format!("n:{}", n.to_lowercase()));
    }
    let name = m.name.as_ref()?;
    let folded: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    Some(format!(
        "l:{}",
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    ))
}

/// Merges mentions into one citation per document, in order of first
/// mention.
fn merge(doc: &Doc, mentions: Vec<Mention>) -> Vec<Citation> {
    // a law named once with its number and elsewhere by name alone is one
    // document
    let mut by_name: HashMap<String, String> = HashMap::new();
    for m in &mentions {
        if let (Some(n), Some(_)) = (&m.number, &m.name) {
            let named = Mention {
                number: None,
                ..m.clone()
            };
            if let Some(k) = key_of(&named) {
                by_name
                    .entry(k)
                    .or_insert_with(|| format!("n:{}", n.to_lowercase()));
            }
        }
    }
    // a law by name whose catalogued number the text cites by number
    // ("Luật 51/2010/QH12 … Luật người khuyết tật") is that citation
    let numbers: HashSet<String> = mentions
        .iter()
        .filter_map(|m| m.number.as_ref().map(|n| n.to_lowercase()))
        .collect();
    for m in &mentions {
        if let (Some(ln), None) = (&m.law_number, &m.number) {
            let ln = ln.to_lowercase();
            if numbers.contains(&ln) {
                if let Some(k) = key_of(m) {
                    by_name.entry(k).or_insert_with(|| format!("n:{ln}"));
                }
            }
        }
    }
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<Mention>> = HashMap::new();
    for m in mentions {
        let Some(k) = key_of(&m) else { continue };
        let k = by_name.get(&k).cloned().unwrap_or(k);
        if !groups.contains_key(&k) {
            order.push(k.clone());
        }
        groups.entry(k).or_default().push(m);
    }
    let mut out = Vec::new();
    for k in order {
        let Some(ms) = groups.remove(&k) else {
            continue;
        };
        let Some(first) = ms.first() else { continue };
        let all: Vec<String> = ms.iter().filter_map(|m| m.date.clone()).collect();
        // a year (or month) the text gives elsewhere in full is no other
        // date: "năm 2019" and "ngày 20/11/2019" agree
        let dates: Vec<String> = all
            .iter()
            .filter(|d| {
                !all.iter()
                    .any(|o| o.len() > d.len() && o.starts_with(d.as_str()))
            })
            .cloned()
            .collect();
        let mut distinct: Vec<String> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for d in &dates {
            if seen.insert(d.as_str()) {
                distinct.push(d.clone());
            }
        }
        let texts: Vec<String> = ms.iter().filter_map(|m| m.text_issuer.clone()).collect();
        let issuer =
            most_common(&texts).or_else(|| ms.iter().find_map(|m| m.default_issuer.clone()));
        let mut relation: Vec<Relation> = Vec::new();
        for m in &ms {
            if !relation.contains(&m.relation) {
                relation.push(m.relation);
            }
        }
        let pins = ms
            .iter()
            .filter_map(|m| m.pin.as_ref())
            .map(|(t, s, e)| Pin {
                text: t.clone(),
                span: doc.span(*s, *e),
            })
            .collect();
        let mentions: Vec<_> = ms.iter().map(|m| doc.span(m.start, m.end)).collect();
        // the number as printed with its small letters ("CT-TTg", not the
        // "CT-TTG" of a title in capitals)
        let numbers: Vec<&String> = ms.iter().filter_map(|m| m.number.as_ref()).collect();
        let number = numbers
            .iter()
            .find(|n| n.chars().any(char::is_lowercase))
            .or(numbers.first())
            .map(|n| n.to_string());
        out.push(Citation {
            kind: Some(first.kind.clone()),
            // only for a law named without a number
            law_number: number
                .is_none()
                .then(|| ms.iter().find_map(|m| m.law_number.clone()))
                .flatten(),
            number,
            name: ms.iter().find_map(|m| m.name.clone()),
            date: most_common(&dates),
            issuer,
            conflict: (distinct.len() > 1).then_some(distinct),
            suspect: ms.iter().find_map(|m| m.suspect.clone()),
            relation,
            pins,
            span: doc.span(first.start, first.end),
            line: doc.line_of(first.start),
            mentions,
        });
    }
    out
}

/// Extracts the citations of a document; `main` is the document itself,
/// which (with the decision it is attached to) is never a citation.
pub fn extract(doc: &Doc, main: &Document) -> Vec<Citation> {
    let g = doc.grammars;
    let text = &doc.text;
    let places = Places::find(g, text, main);
    let rels = relation::Relations::new(text);
    let mut mentions = numbered::find(g, text, &places, &rels);
    mentions.extend(numbered::bare(g, text, &places, &rels));
    let taken: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.end)).collect();
    let (by_name, inside) = named::find(g, text, &places, &taken, &rels, main.date.as_deref());
    // the laws an amending law names, with their numbers, are part of its
    // name: no citations of their own
    mentions.retain(|m| !inside.iter().any(|&(s, e)| s < m.end && m.end <= e));
    mentions.extend(by_name);
    // a web page's notices around the document are no part of it
    let body = extent::of(g, text);
    mentions.retain(|m| body.contains(&m.start));
    mentions.sort_by_key(|m| (m.start, m.end));
    // the document itself ("Số: 681/QĐ-UBND") and the decision it is
    // attached to ("(Ban hành kèm theo Quyết định số …)") are not citations
    // ("(ban hành kèm theo Nghị quyết số …)" inside a sentence names what
    // another document is attached to: that one is a citation)
    let mut own: HashSet<String> = mentions
        .iter()
        .filter(|m| {
            (m.relation == Relation::AttachedTo && opens_line(text, m.start))
                || is_own_number(text, m.start)
        })
        .filter_map(|m| m.number.clone())
        .collect();
    if let Some(n) = main.attached_to.as_ref().and_then(|a| a.number.clone()) {
        own.insert(n);
    }
    mentions.retain(|m| m.number.as_ref().is_none_or(|n| !own.contains(n)));
    same_document(&mut mentions);
    merge(doc, mentions)
}

/// Whether the parenthesis the mention at `start` sits in opens its line
/// ("(Ban hành kèm theo Quyết định số …)" under a title).
fn opens_line(text: &str, start: usize) -> bool {
    let from = crate::text::floor_char_boundary(text, start.saturating_sub(120));
    let Some(before) = text.get(from..start) else {
        return false;
    };
    let Some(paren) = before.rfind('(') else {
        return false;
    };
    let Some(head) = before.get(..paren) else {
        return false;
    };
    let line = head.rsplit('\n').next().unwrap_or(head);
    (head.contains('\n') || from == 0)
        && line
            .chars()
            .all(|c| matches!(c, '*' | '_' | '|' | '#') || c.is_whitespace())
}

/// Mentions that name a numbered citation of the text another way are
/// that citation: "Chỉ thị 18" when "Chỉ thị số 18/CT-TTg" is cited, "Chỉ
/// thị của Ban Thường vụ Tỉnh ủy" when the text cites one Chỉ thị of that
/// body by number.
fn same_document(mentions: &mut [Mention]) {
    let numbered: Vec<(String, String, Option<String>)> = mentions
        .iter()
        .filter_map(|m| {
            let n = m.number.clone()?;
            (n.contains('/') || n.contains('-')).then(|| {
                let issuer = m.text_issuer.clone().or_else(|| m.default_issuer.clone());
                (m.kind.clone(), n, issuer)
            })
        })
        .collect();
    for m in mentions.iter_mut() {
        let target = match (&m.number, &m.name) {
            // a bare serial: the numbered citation of that kind and serial
            (Some(n), _) if !n.contains('/') && !n.contains('-') => {
                let hits: Vec<&String> = numbered
                    .iter()
                    .filter(|(k, full, _)| {
                        *k == m.kind
                            && full
                                .split(['/', '-'])
                                .next()
                                .is_some_and(|serial| serial == n)
                    })
                    .map(|(_, full, _)| full)
                    .collect();
                unique(&hits)
            }
            // a party document named by its body: the one numbered
            // citation of that kind and body
            (None, Some(_)) if m.text_issuer.is_some() && !m.kind.starts_with("Luật") => {
                let hits: Vec<&String> = numbered
                    .iter()
                    .filter(|(k, _, iss)| *k == m.kind && *iss == m.text_issuer)
                    .map(|(_, full, _)| full)
                    .collect();
                unique(&hits)
            }
            _ => None,
        };
        if let Some(t) = target {
            m.number = Some(t);
            m.name = None;
        }
    }
}

/// The one distinct value of a list, if it has exactly one.
fn unique(values: &[&String]) -> Option<String> {
    let first = values.first()?;
    values.iter().all(|v| v == first).then(|| first.to_string())
}

/// Builds the tables of this extractor and runs their examples (see
/// [`crate::rules::Grammars::load`]).
pub fn check(g: crate::rules::Grammars) -> crate::error::Result<()> {
    tables::check(g)?;
    g.try_cached(Slot::KindWords, build_kind_words)?;
    numbered::check(g)?;
    locality::check(g)?;
    issuer::check(g)?;
    extent::check(g)?;
    relation::check(g)?;
    laws::check(g)?;
    named::check(g)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Every citation table's examples hold, read by the modules that use
    /// them (numbered, locality, issuer, relation, laws, named).
    #[test]
    fn examples_of_the_citation_tables_hold() {
        super::check(crate::rules::Grammars::builtin()).unwrap_or_else(|e| panic!("{e}"));
    }

    use super::*;

    fn run(t: &str) -> Vec<Citation> {
        crate::extract_bytes(
            &crate::Grammars::builtin(),
            "x.txt",
            t.as_bytes(),
            &Default::default(),
        )
        .map(|o| o.citations)
        .unwrap_or_default()
    }

    /// The line-scanning reading `is_own_number` replaced.
    fn own_by_line(text: &str, start: usize) -> bool {
        let Some(before) = text.get(..start) else {
            return false;
        };
        let before = before.trim_end();
        let line = before.rsplit('\n').next().unwrap_or(before);
        let l =
            line.trim_matches(|c: char| matches!(c, '*' | '|' | '#' | '_') || c.is_whitespace());
        let l = l.rsplit('|').next().unwrap_or(l);
        let l = l.trim_matches(|c: char| matches!(c, '*' | '#' | '_') || c.is_whitespace());
        // the text before the label: the lines above, when the label
        // starts its line
        let junk = |c: char| matches!(c, '*' | '#' | '_') || c.is_whitespace();
        let core = line.trim_end_matches(|c: char| junk(c) || c == '|');
        let at_line_start = !core.contains('|') && core.trim_start_matches(junk).starts_with(l);
        let above = if at_line_start {
            &before[..before.len() - line.len()]
        } else {
            "|"
        };
        own_label(l, above)
    }

    #[test]
    fn own_number_reads_like_the_line_scan() {
        let parts = [
            "Số:",
            "số",
            "SỐ",
            " ",
            "\n",
            "|",
            "*",
            "#",
            "_",
            "\t",
            "hiệu",
            " :",
            "x",
            "Số hiệu",
            "1/QĐ-A",
            ":",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            let mut t = String::new();
            let n = (seed % 9) as usize;
            for _ in 0..n {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(parts[(seed % parts.len() as u64) as usize]);
            }
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let start = t.len();
            t.push_str("12/QĐ-UBND");
            assert_eq!(is_own_number(&t, start), own_by_line(&t, start), "{t:?}");
        }
        let long = format!("{}| Số: 1/QĐ-A", "x ".repeat(100));
        assert!(is_own_number(&long, long.len() - "1/QĐ-A".len()));
        let long = format!("\n{}Số: 1/QĐ-A", "* ".repeat(100));
        assert!(is_own_number(&long, long.len() - "1/QĐ-A".len()));
        // a name wrapped before "số" is a citation, not the own number
        let t = "Căn cứ Luật An ninh mạng\nsố 24/2018/QH14 ngày 12 tháng 6 năm 2018;";
        assert!(!is_own_number(t, t.find("24/").unwrap()));
        let t = "ỦY BAN NHÂN DÂN\nSố: 24/KH-UBND";
        assert!(is_own_number(t, t.find("24/").unwrap()));
    }

    #[test]
    fn words_are_runs_of_non_blanks() {
        let re = Regex::new(r"[^\s]+").unwrap();
        for t in [
            "",
            " ",
            "a",
            " Nghị\nquyết  số\u{a0}12 ",
            "x\u{2003}y\tz ",
            "**Quyết định**",
        ] {
            let want: Vec<(usize, &str)> = re
                .find_iter(t)
                .map(|m| (7 + m.start(), m.as_str()))
                .collect();
            assert_eq!(words_of(t, 7), want, "{t:?}");
        }
    }

    #[test]
    fn kind_words_before_numbers() {
        let t = "theo Quyết định số: 12/QĐ-UBND";
        assert_eq!(
            kind_before(crate::rules::Grammars::builtin(), t, t.find("12").unwrap()).map(|k| k.0),
            Some("Quyết định")
        );
        let t = "theo NĐ 130/2005/NĐ-CP";
        assert_eq!(
            kind_before(crate::rules::Grammars::builtin(), t, t.find("130").unwrap()).map(|k| k.0),
            Some("Nghị định")
        );
        let t = "Căn cứ Nghị\nquyết số 12/NQ-CP";
        assert_eq!(
            kind_before(crate::rules::Grammars::builtin(), t, t.find("12").unwrap()),
            Some(("Nghị quyết", "Căn cứ ".len()))
        );
        let t = "theo **Quyết định** số 12/QĐ-UBND";
        assert_eq!(
            kind_before(crate::rules::Grammars::builtin(), t, t.find("12").unwrap()).map(|k| k.0),
            Some("Quyết định")
        );
        let t = "TRIỂN KHAI CHỈ THỊ SỐ 27/CT-TTG";
        assert_eq!(
            kind_before(crate::rules::Grammars::builtin(), t, t.find("27").unwrap()).map(|k| k.0),
            Some("Chỉ thị")
        );
        let t = "triển khai Kế hoạch hành động số 459-KHHĐ/TU";
        assert_eq!(
            kind_before(crate::rules::Grammars::builtin(), t, t.find("459").unwrap()).map(|k| k.0),
            Some("Kế hoạch")
        );
        let t = "Báo cáo tiếp thu, giải trình số 507/UBND-KT";
        assert_eq!(
            kind_before(crate::rules::Grammars::builtin(), t, t.find("507").unwrap()).map(|k| k.0),
            Some("Báo cáo")
        );
        let t = "Quyết định của Ủy ban số 12/QĐ-UBND";
        assert_eq!(
            kind_before(crate::rules::Grammars::builtin(), t, t.find("12").unwrap()),
            None
        );
        let t = "theo Kế hoạch triển khai 12/QĐ-UBND";
        assert_eq!(
            kind_before(crate::rules::Grammars::builtin(), t, t.find("12").unwrap()),
            None
        );
    }

    #[test]
    fn one_entry_per_document_with_conflicts() {
        let c = run(
            "Căn cứ Quyết định số 225/QĐ-TTg ngày 04/12/2016 của Chính phủ;\n- Quyết định số 225/QĐ-TTg ngày 04/02/2016 của Thủ tướng Chính phủ;\n- Quyết định số 225/QĐ-TTg ngày 04/02/2016 của Thủ tướng Chính phủ;",
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].date.as_deref(), Some("2016-02-04"));
        assert_eq!(c[0].issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        assert_eq!(
            c[0].conflict,
            Some(vec!["2016-12-04".to_string(), "2016-02-04".to_string()])
        );
        assert_eq!(c[0].mentions.len(), 3);
        assert_eq!(c[0].relation, vec![Relation::Basis, Relation::Mentioned]);
    }

    #[test]
    fn own_and_attached_numbers_are_dropped() {
        let c = run(
            "Số: 681/QĐ-UBND\n(Ban hành kèm theo Quyết định số 465/QĐ-UBND ngày 23/4/2026)\nCăn cứ Quyết định số 681/QĐ-UBND; Quyết định số 12/QĐ-UBND.",
        );
        let n: Vec<_> = c.iter().filter_map(|c| c.number.as_deref()).collect();
        assert_eq!(n, vec!["12/QĐ-UBND"]);
    }

    #[test]
    fn a_law_by_number_and_by_name_is_one_citation() {
        let c = run(
            "Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024;\nthực hiện theo Luật Đất đai.",
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].number.as_deref(), Some("31/2024/QH15"));
        assert_eq!(c[0].name.as_deref(), Some("Luật Đất đai"));
        assert_eq!(c[0].kind.as_deref(), Some("Luật"));
        assert_eq!(c[0].date.as_deref(), Some("2024-01-18"));
        assert_eq!(c[0].mentions.len(), 3);
    }

    #[test]
    fn an_issuer_after_a_list_covers_the_list() {
        let c = run(
            "theo Quyết định số 12/QĐ-UBND ngày 01/02/2024 và Quyết định số 13/QĐ-UBND ngày 02/02/2024 của UBND tỉnh Quảng Ngãi; Nghị định số 1/2020/NĐ-CP và Quyết định số 14/QĐ-UBND của UBND tỉnh Quảng Ngãi.",
        );
        let iss: Vec<_> = c
            .iter()
            .map(|c| c.issuer.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(
            iss,
            vec![
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                "Chính phủ",
                "Ủy ban nhân dân tỉnh Quảng Ngãi"
            ]
        );
    }

    #[test]
    fn pins_attach_to_the_cited_document() {
        let c = run(
            "theo quy định tại Điều 9 Nghị định số 137/2024/NĐ-CP ngày 23/10/2024 của Chính phủ; khoản 2 Điều 5 Nghị định số 137/2024/NĐ-CP.",
        );
        assert_eq!(c.len(), 1);
        let pins: Vec<&str> = c[0].pins.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(pins, vec!["Điều 9", "khoản 2 Điều 5"]);
    }

    #[test]
    fn a_year_agrees_with_the_full_date() {
        let c = run("Căn cứ Bộ luật Lao động năm 2019; theo Bộ luật Lao động ngày 20/11/2019.");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].date.as_deref(), Some("2019-11-20"));
        assert_eq!(c[0].conflict, None);
        let c = run("- Luật 51/2010/QH12 ngày 17/6/2010 Luật người khuyết tật;");
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].number.as_deref(), Some("51/2010/QH12"));
        assert_eq!(c[0].law_number, None);
    }

    #[test]
    fn other_names_of_a_numbered_citation() {
        let c = run(
            "Thực hiện Chỉ thị số 11-CT/TU ngày 04/01/2026 của Ban Thường vụ Tỉnh ủy Lào Cai; quán triệt Chỉ thị của Ban Thường vụ Tỉnh ủy Lào Cai đến cán bộ; Chỉ thị 18 về chống thất thu; Chỉ thị 23 về thuế và Chỉ thị số 23/CT-TTg.",
        );
        let n: Vec<_> = c
            .iter()
            .map(|c| c.number.as_deref().unwrap_or("-"))
            .collect();
        assert_eq!(n, vec!["11-CT/TU", "18", "23/CT-TTg"]);
        assert_eq!(c[0].mentions.len(), 2);
        assert_eq!(c[1].kind.as_deref(), Some("Chỉ thị"));
        assert_eq!(c[1].issuer, None);
    }

    #[test]
    fn attached_to_only_under_a_title() {
        let c = run(
            "KẾ HOẠCH\nThực hiện Đề án\n(Ban hành kèm theo Quyết định số 5/QĐ-UBND ngày 2/1/2026)\n[1] Đề án số 13 (ban hành kèm theo Nghị quyết số 35-NQ/TU ngày 29/12/2025 của Ban Chấp hành Đảng bộ tỉnh).",
        );
        let n: Vec<_> = c.iter().filter_map(|c| c.number.as_deref()).collect();
        assert_eq!(n, vec!["35-NQ/TU"]);
    }

    #[test]
    fn issuer_from_text_wins_over_symbol() {
        let c = run(
            "Quyết định số 1478/QĐ-UBND ngày 14/4/2026 của Chủ tịch Ủy ban nhân dân thành phố về việc; của thành phố Hải Phòng. Quyết định số 1478/QĐ-UBND.",
        );
        // the body, not the office holder (SPEC)
        assert_eq!(
            c[0].issuer.as_deref(),
            Some("Ủy ban nhân dân thành phố Hải Phòng")
        );
    }
}
