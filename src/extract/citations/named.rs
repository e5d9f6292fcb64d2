//! Citations by name, without a number (SPEC: only laws, codes, ordinances
//! and party documents): `Luật Tổ chức chính quyền địa phương ngày 19 tháng
//! 6 năm 2015`, `Luật Cán bộ, công chức năm 2025`, `Nghị quyết Đại hội Đảng
//! bộ tỉnh lần thứ XIV`, `Kết luận của BCH Đảng bộ tỉnh ...`.

use super::issuer;
use super::laws::{self, Found};
use super::locality::Places;
use super::relation::Relations;
use super::scan;
use super::tables;
use super::{Mention, pin_before};
use crate::error::Result;
use crate::parse::date::parse_date;
use crate::parse::number::parse_number;
use crate::rules::{Grammars, Slot};
use crate::text::fold::squeeze;
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

/// The kind words of laws, codes and ordinances: the [[law]] words of
/// grammars/citation_kinds.toml.
fn law_words(g: Grammars) -> &'static [&'static str] {
    g.cached::<Vec<&'static str>>(Slot::LawWords, |g| {
        Ok(tables::kinds(g)
            .law
            .iter()
            .map(|l| l.word.as_str())
            .collect::<Vec<&'static str>>())
    })
}

/// The words this module reads (grammars/citation_kinds.toml `[[party]]`,
/// grammars/citation_words.toml), and the party pattern built from them.
struct Lists {
    /// The kind words of party documents named without a number.
    party_words: Vec<&'static str>,
    /// A party document's kind word and who holds it: "Đại hội", "của
    /// BCH …" (the `[[party_holder]]` patterns).
    party: Regex,
    /// Words that end a law's name (the clause goes on).
    stop: Vec<&'static str>,
    /// Words that end the name of an amending law.
    amend_stop: Vec<&'static str>,
    /// Capitalised words that open another name after "và".
    next_name: Vec<&'static str>,
    /// Lower-case words inside the name of a party congress.
    congress: Vec<&'static str>,
}

fn lists(g: Grammars) -> &'static Lists {
    g.cached(Slot::NamedLists, build_lists)
}

fn build_lists(g: Grammars) -> Result<Lists> {
    let w = tables::words(g);
    let party_words: Vec<&'static str> = tables::kinds(g)
        .party
        .iter()
        .map(|p| p.word.as_str())
        .collect();
    for h in &w.party_holder {
        if let Err(e) = Regex::new(&format!("(?:{})", h.pattern)) {
            return Err(g.error_at(
                "citation_words",
                &h.pattern,
                format!("the pattern `{}` does not compile: {e}", h.pattern),
            ));
        }
    }
    let kinds: Vec<String> = party_words.iter().map(|k| regex::escape(k)).collect();
    let holders: Vec<&str> = w.party_holder.iter().map(|h| h.pattern.as_str()).collect();
    let pattern = format!(
        r"^({})[ \t\n]+(Đại hội|của[ \t\n]+(?:{}))",
        kinds.join("|"),
        holders.join("|")
    );
    let party = Regex::new(&pattern).map_err(|e| {
        g.error_at(
            "citation_words",
            "[[party_holder]]",
            format!("the party holders do not compile: {e}"),
        )
    })?;
    Ok(Lists {
        party_words,
        party,
        stop: tables::words_of(&w.law_name_end),
        amend_stop: tables::words_of(&w.amend_name_end),
        next_name: tables::words_of(&w.next_name),
        congress: tables::words_of(&w.congress),
    })
}

/// (start, end) of a word in the text.
type Span = (usize, usize);

/// Every occurrence of a kind word of [`law_words`] and of the party
/// kind words, as (start, end), by start. (No kind word can start
/// inside another, nor be the start of another, so one leftmost pass
/// finds them all; a test checks the words keep it so.)
fn kind_words(g: Grammars, text: &str) -> (Vec<Span>, Vec<Span>) {
    let words = g.cached(Slot::NamedWords, |g| {
        Ok(AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(law_words(g).iter().chain(&lists(g).party_words))
            .ok())
    });
    let mut laws = Vec::new();
    let mut party = Vec::new();
    if let Some(ac) = words.as_ref() {
        for m in ac.find_iter(text) {
            if m.pattern().as_usize() < law_words(g).len() {
                laws.push((m.start(), m.end()));
            } else {
                party.push((m.start(), m.end()));
            }
        }
    }
    laws.sort_unstable();
    party.sort_unstable();
    (laws, party)
}

/// A letter, as regex `\p{L}` reads it.
fn is_letter(c: char) -> bool {
    static LETTER: LazyLock<Regex> = LazyLock::new(|| crate::re::constant(r"^\p{L}$"));
    c.is_ascii_alphabetic() || (!c.is_ascii() && LETTER.is_match(c.encode_utf8(&mut [0u8; 4])))
}

/// Where a match with the kind word at `start` would begin: the text's
/// start, or the character before, which may not be a letter (what
/// `(?:^|[^\p{L}])` reads).
fn lead_at(text: &str, start: usize) -> Option<usize> {
    match text.get(..start)?.chars().next_back() {
        None => Some(0),
        Some(c) if is_letter(c) => None,
        Some(c) => Some(start - c.len_utf8()),
    }
}

/// The law kind words at a word start and before a blank, in order and
/// not overlapping: what a regex `(?:^|[^\p{L}])(Bộ luật|Luật|Pháp
/// lệnh|Hiến pháp)[ \t\n]` finds (its group).
fn law_kinds(text: &str, words: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    for &(start, end) in words {
        let blank = matches!(text.as_bytes().get(end), Some(b' ' | b'\t' | b'\n'));
        if !blank || lead_at(text, start).is_none_or(|l| l < from) {
            continue;
        }
        out.push((start, end));
        from = end + 1;
    }
    out
}

/// The party kind words at a word start with their holder, in order and
/// not overlapping, as the spans of the kind word and of the holder: what
/// `(?:^|[^\p{L}])` and the party pattern of [`Lists`] find.
fn party_kinds(
    g: Grammars,
    text: &str,
    words: &[(usize, usize)],
) -> Vec<(Range<usize>, Range<usize>)> {
    let party = &lists(g).party;
    let mut out = Vec::new();
    let mut from = 0;
    for &(start, _) in words {
        if lead_at(text, start).is_none_or(|l| l < from) {
            continue;
        }
        let Some(c) = text.get(start..).and_then(|r| party.captures(r)) else {
            continue;
        };
        let (Some(all), Some(kind), Some(rest)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        out.push((
            start + kind.start()..start + kind.end(),
            start + rest.start()..start + rest.end(),
        ));
        from = start + all.end();
    }
    out
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| crate::re::constant(r"^[ \t\n]*năm[ \t\n]+(\d{4})\b"));

/// "(2013)" or "(năm 2013)" after a law's name.
static PAREN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| crate::re::constant(r"^[ \t\n]*\((?:năm[ \t\n]+)?(\d{4})\)"));

static NUMBERED_AFTER: LazyLock<Regex> =
    LazyLock::new(|| crate::re::constant(r"^[ \t\n]*(?:số|,\s*số)[ \t\n:]*\d"));

struct Tok<'a> {
    word: &'a str,
    start: usize,
    end: usize,
    /// trailing punctuation cut off the word
    punct: Option<char>,
    /// the gap before holds a paragraph or cell break
    broken: bool,
}

fn tokens(text: &str, from: usize, max: usize) -> Vec<Tok<'_>> {
    let Some(rest) = text.get(from..) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut last = 0;
    for (m_start, m_end) in scan::runs(rest, char::is_whitespace).take(max) {
        let gap = rest.get(last..m_start).unwrap_or("");
        last = m_end;
        let raw = rest.get(m_start..m_end).unwrap_or("");
        // "Thủ đô[2]": a footnote mark ends the word
        let raw = raw.split('[').next().unwrap_or(raw);
        let word = raw.trim_end_matches([',', ';', '.', ':', ')', '"', '”', '*']);
        let punct = raw.get(word.len()..).and_then(|p| p.chars().next());
        out.push(Tok {
            word,
            start: from + m_start,
            end: from + m_start + word.len(),
            punct,
            broken: gap.matches('\n').count() > 1
                || gap.contains('|')
                || gap.contains('\t')
                || raw.starts_with(['|', '*', '[']),
        });
    }
    out
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// End of a law's name among `toks` (index past the last word), or None.
fn law_name_end(l: &Lists, toks: &[Tok<'_>]) -> Option<usize> {
    let first = toks.first()?;
    if first.broken || first.word.starts_with('(') {
        return None;
    }
    if first.word.to_lowercase() == "sửa" {
        // "Luật sửa đổi, bổ sung một số điều của Luật A và Luật B": to the date
        for (i, t) in toks.iter().enumerate() {
            let numbered = t.word == "số" && toks.get(i + 1).is_some_and(|n| n.word != "điều");
            if i > 0
                && (l.amend_stop.contains(&t.word)
                    || numbered
                    || t.broken
                    || t.word.starts_with('(')
                    || t.word.contains('|'))
            {
                // "... nhà nước và các văn bản hướng dẫn": drop the "và"
                if toks.get(i - 1).is_some_and(|p| p.word == "và") {
                    return Some(i - 1);
                }
                return Some(i);
            }
            if i >= 30 {
                return Some(i);
            }
            if matches!(t.punct, Some(';' | '.' | ')')) {
                return Some(i + 1);
            }
        }
        return None;
    }
    if !is_cap(first.word) {
        return None;
    }
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        if i > 0 {
            if t.broken || t.word.starts_with('(') || l.stop.contains(&t.word) {
                // "Pháp lệnh Ưu đãi người có công"
                let kept = t.word == "có" && toks.get(i - 1).is_some_and(|p| p.word == "người");
                if !kept {
                    return Some(i);
                }
            }
            if t.word.chars().any(|c| c.is_ascii_digit()) {
                return Some(i);
            }
            if t.word == "quy" && toks.get(i + 1).is_some_and(|n| n.word == "định") {
                return Some(i);
            }
            if t.word == "và" {
                let next = toks.get(i + 1);
                if !next.is_some_and(|n| is_cap(n.word) && !l.next_name.contains(&n.word)) {
                    return Some(i);
                }
            }
        }
        if i >= 15 {
            return Some(i);
        }
        match t.punct {
            Some(';' | '.' | ':' | ')' | '"' | '”') => return Some(i + 1),
            Some(',') => {
                // "Luật Cán bộ, công chức năm 2025": a short tail that ends
                // at the law's date
                let tail: Vec<&Tok<'_>> = toks.iter().skip(i + 1).take(4).collect();
                let stop = tail
                    .iter()
                    .position(|t| t.word == "năm" || t.word == "ngày" || t.punct.is_some());
                if tail.first().is_some_and(|t| t.word == "chống") {
                    // "Luật Phòng, chống tác hại của rượu, bia"
                    i += 1;
                    continue;
                }
                // "Luật Phục hồi, phá sản về …": a short lower-case tail
                // up to the word that goes on with the clause
                let clause = tail
                    .iter()
                    .take(3)
                    .position(|t| l.stop.contains(&t.word) && t.word != "năm" && t.word != "ngày")
                    .filter(|k| (1..=2).contains(k));
                match (stop, clause) {
                    (Some(k), _)
                        if k >= 1
                            && (tail[k].word == "năm" || tail[k].word == "ngày")
                            && tail[..k].iter().all(|t| !is_cap(t.word) && !t.broken) =>
                    {
                        i += 1;
                        continue;
                    }
                    (_, Some(k))
                        if tail[..k]
                            .iter()
                            .all(|t| !is_cap(t.word) && !t.broken && t.punct.is_none()) =>
                    {
                        return Some(i + 1 + k);
                    }
                    _ => return Some(i + 1),
                }
            }
            _ => {}
        }
        i += 1;
    }
    Some(i)
}

/// The text just before `pos` says the document is still to be drafted.
fn drafted(g: Grammars, text: &str, pos: usize) -> bool {
    let before = text
        .get(crate::text::floor_char_boundary(text, pos.saturating_sub(30))..pos)
        .unwrap_or("");
    // only the clause the mention is in
    let clause = before
        .rsplit([';', '.', '\n', ',', ':'])
        .next()
        .unwrap_or(before);
    let clause = clause.to_lowercase();
    laws::catalogue(g)
        .drafts("before")
        .any(|d| clause.contains(d))
}

/// Spans already read as (part of) a citation, by start.
#[derive(Default)]
struct Taken(BTreeMap<usize, usize>);

impl Taken {
    fn add(&mut self, (s, e): (usize, usize)) {
        let end = self.0.entry(s).or_insert(e);
        *end = (*end).max(e);
    }

    /// Whether `pos` falls inside a span (spans barely overlap, so the
    /// few nearest starts decide).
    fn covers(&self, pos: usize) -> bool {
        self.0.range(..=pos).rev().take(8).any(|(_, &e)| pos < e)
    }
}

/// An amending law read from the text: "Luật sửa đổi, bổ sung một số điều
/// của Luật A số …, Luật B và Luật C".
struct Amending {
    /// Where its name ends.
    end: usize,
    /// Its own number, printed after the name.
    number: Option<String>,
}

/// A law an amending law names: where its name ends, and the number
/// printed after it with where that ends and the numbers the catalogue
/// knows the law by.
type Inner = (usize, Option<(String, usize, Vec<String>)>);

/// Reads the laws an amending law names, each whole (by the catalogue, or
/// as [`law_name_end`] reads it), with the numbers printed after them; the
/// name runs to the last of them. `at` is where the first of them starts.
/// A number after the only law named is the amending law's own, unless
/// the catalogue knows it as that law's.
fn amended_laws(g: Grammars, text: &str, at: usize) -> Option<Amending> {
    let cat = laws::catalogue(g);
    let mut pos = at;
    let mut inner: Vec<Inner> = Vec::new();
    loop {
        let found = cat.find(text, pos);
        let name_end = match &found {
            Some(f) => f.end,
            None => {
                let toks = tokens(text, pos + "Luật".len(), 40);
                let n = law_name_end(lists(g), &toks)?;
                toks.get(n.checked_sub(1)?)?.end
            }
        };
        let after = text.get(name_end..)?;
        let numbered = NUMBERED_AFTER.find(after).and_then(|m| {
            let at = name_end + m.end() - 1;
            let (n, used) = text.get(at..).and_then(|t| parse_number(g, t))?;
            let known = found
                .as_ref()
                .map(|f| cat.numbers_of(f).iter().map(|s| s.to_string()).collect())
                .unwrap_or_default();
            Some((n.canonical(), at + used, known))
        });
        let end = numbered.as_ref().map_or(name_end, |n| n.1);
        inner.push((name_end, numbered));
        // ", Luật …" or " và Luật …" goes on
        let rest = text.get(end..)?;
        let t = rest.trim_start_matches([',', ' ', '\t', '\n']);
        let t = t.strip_prefix("và").map(str::trim_start).unwrap_or(t);
        let skipped = rest.len() - t.len();
        let blank = rest
            .get(..skipped)
            .is_some_and(|g| g.matches('\n').count() < 2);
        if blank && t.starts_with("Luật ") && inner.len() < 20 {
            pos = end + skipped;
            continue;
        }
        break;
    }
    let (last_end, last_number) = inner.last()?.clone();
    let numbered = inner.iter().filter(|(_, n)| n.is_some()).count();
    match last_number {
        Some((n, _, known)) if numbered == 1 && !known.contains(&n) => Some(Amending {
            end: last_end,
            number: Some(n),
        }),
        Some((_, end, _)) => Some(Amending { end, number: None }),
        None => Some(Amending {
            end: last_end,
            number: None,
        }),
    }
}

/// Laws, codes and ordinances named without a number; with the spans of
/// the laws named inside an amending law's name (their numbers are no
/// citations of their own).
fn laws(
    g: Grammars,
    text: &str,
    words: &[(usize, usize)],
    taken: &mut Taken,
    rels: &Relations<'_>,
    doc_date: Option<&str>,
) -> (Vec<Mention>, Vec<(usize, usize)>) {
    let cat = laws::catalogue(g);
    let mut out = Vec::new();
    let mut inside = Vec::new();
    for (k_start, k_end) in law_kinds(text, words) {
        let kind = text.get(k_start..k_end).unwrap_or("");
        if taken.covers(k_start) {
            continue;
        }
        // "Dân Luật Việt Nam": inside another name
        let prev = text.get(..k_start).unwrap_or("");
        if prev.ends_with(' ') {
            let word = prev
                .trim_end_matches(' ')
                .rsplit([' ', '\n', '\t'])
                .next()
                .unwrap_or("");
            if word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().last().is_some_and(char::is_alphabetic)
                && word.chars().count() > 1
            {
                continue;
            }
        }
        let toks = tokens(text, k_end, 60);
        let amending = toks.first().is_some_and(|t| t.word.to_lowercase() == "sửa");
        let mut found: Option<Found> = None;
        let mut own_number: Option<String> = None;
        let name_end = if kind == "Hiến pháp" {
            k_end
        } else if amending {
            // "Luật sửa đổi, bổ sung một số điều của Luật A, Luật B": the
            // laws it amends are part of its name, not citations
            let first = toks
                .iter()
                .take(9)
                .position(|t| t.word == "Luật" && !t.broken);
            let read = first
                .and_then(|i| toks.get(i))
                .and_then(|t| amended_laws(g, text, t.start));
            match (first, read) {
                (Some(i), Some(a)) => {
                    if let Some(t) = toks.get(i) {
                        inside.push((t.start, a.end));
                    }
                    own_number = a.number;
                    a.end
                }
                _ => {
                    let Some(n) = law_name_end(lists(g), &toks) else {
                        continue;
                    };
                    // "Luật sửa đổi, bổ sung" alone points back at one
                    // named before
                    let names_a_law = toks
                        .get(..n)
                        .is_some_and(|ts| ts.iter().any(|t| t.word.to_lowercase() == "luật"));
                    let Some(last) = n.checked_sub(1).and_then(|i| toks.get(i)) else {
                        continue;
                    };
                    if !names_a_law {
                        taken.add((k_start, last.end));
                        continue;
                    }
                    last.end
                }
            }
        } else if let Some(f) = cat.find(text, k_start) {
            let end = f.end;
            found = Some(f);
            end
        } else {
            let Some(n) = law_name_end(lists(g), &toks) else {
                continue;
            };
            let Some(last) = n.checked_sub(1).and_then(|i| toks.get(i)) else {
                continue;
            };
            last.end
        };
        let name = match &found {
            Some(f) => f.name.clone(),
            None => cat.spell_out(&squeeze(text.get(k_start..name_end).unwrap_or(""))),
        };
        let after = text.get(name_end..).unwrap_or("");
        // "xây dựng Luật …", "Luật Cán bộ, công chức (sửa đổi)": a law still
        // to be drafted; the laws its name holds are no citations either
        if drafted(g, text, k_start) || (kind != "Hiến pháp" && cat.drafted_after(after)) {
            taken.add((k_start, name_end));
            continue;
        }
        let numbered = own_number.or_else(|| {
            let m = NUMBERED_AFTER.find(after)?;
            let at = name_end + m.end() - 1;
            text.get(at..)
                .and_then(|t| parse_number(g, t))
                .map(|(n, _)| n.canonical())
        });
        if let Some(number) = numbered {
            // "Luật Đất đai số 31/2024/QH15": the number names it; keep the
            // name so mentions by name alone join the numbered citation
            taken.add((k_start, name_end));
            out.push(Mention {
                start: k_start,
                end: name_end,
                kind: kind.to_string(),
                number: Some(number),
                name: Some(name),
                date: None,
                text_issuer: None,
                default_issuer: tables::law_issuer(g, kind).map(str::to_string),
                suspect: None,
                pin: pin_before(text, k_start),
                relation: rels.at(g, k_start),
                tail_end: name_end,
                code: None,
                worded: true,
                law_number: None,
            });
            continue;
        }
        let (date, end) = law_date(text, name_end);
        if kind == "Hiến pháp" && date.is_none() {
            continue;
        }
        // the number of the version meant; none adopted by the document's
        // date: a law still to be drafted
        let law_number = match found
            .as_ref()
            .map(|f| cat.number(f, date.as_deref(), doc_date))
        {
            Some(Err(())) => {
                taken.add((k_start, end));
                continue;
            }
            Some(Ok(n)) => n.map(str::to_string),
            None => None,
        };
        taken.add((k_start, end));
        out.push(Mention {
            start: k_start,
            end: name_end,
            kind: kind.to_string(),
            number: None,
            name: Some(name),
            date,
            text_issuer: None,
            default_issuer: tables::law_issuer(g, kind).map(str::to_string),
            suspect: None,
            pin: pin_before(text, k_start),
            relation: rels.at(g, k_start),
            tail_end: end,
            code: None,
            worded: true,
            law_number,
        });
    }
    (out, inside)
}

/// The date printed after a law's name ("ngày 19 tháng 6 năm 2015", "năm
/// 2020", "(2013)", "(năm 2013)") and where it ends.
fn law_date(text: &str, name_end: usize) -> (Option<String>, usize) {
    let after = text.get(name_end..).unwrap_or("");
    let ws = after.len() - after.trim_start().len();
    let Some(rest) = after.get(ws..) else {
        return (None, name_end);
    };
    if rest.starts_with("ngày") {
        if let Some((d, n)) = parse_date(rest) {
            return (Some(d.iso()), name_end + ws + n);
        }
    } else if let Some(y) = YEAR.captures(after).and_then(|c| c.get(1)) {
        return (Some(y.as_str().to_string()), name_end + y.end());
    } else if let Some(y) = PAREN_YEAR.captures(after).and_then(|c| c.get(1)) {
        return (Some(y.as_str().to_string()), name_end + y.end() + 1);
    }
    (None, name_end)
}

/// "Đại hội Đảng thành phố" names the party organisation: "Đảng bộ".
fn congress_issuer(raw: &str, places: &Places) -> String {
    let mut s = squeeze(raw);
    for l in places.levels() {
        let from = format!("Đảng {l}");
        if s.contains(&from) && !s.contains("Đảng bộ") {
            s = s.replace(&from, &format!("Đảng bộ {l}"));
            break;
        }
    }
    places.complete(&s)
}

/// Party documents named without a number.
fn party(
    g: Grammars,
    text: &str,
    words: &[(usize, usize)],
    places: &Places,
    taken: &mut Taken,
    rels: &Relations<'_>,
) -> Vec<Mention> {
    let mut out = Vec::new();
    for (k, rest) in party_kinds(g, text, words) {
        if taken.covers(k.start) || drafted(g, text, k.start) {
            continue;
        }
        let toks = tokens(text, rest.start, 40);
        let (name_end, issuer) = if text.get(rest.clone()) == Some("Đại hội") {
            let lan = toks
                .iter()
                .position(|t| t.word == "lần")
                .filter(|&i| toks.get(i + 1).is_some_and(|t| t.word == "thứ"));
            let congress = &lists(g).congress;
            let foreign = |t: &Tok<'_>| !is_cap(t.word) && !congress.contains(&t.word);
            let stop = toks
                .iter()
                .position(|t| t.punct.is_some() || t.broken || t.word == "nhiệm" || foreign(t));
            match lan {
                Some(i) if stop.is_none_or(|s| s > i) => {
                    let Some(ord) = toks.get(i + 2) else { continue };
                    let iss = text.get(rest.start..toks[i].start).unwrap_or("");
                    (ord.end, congress_issuer(iss, places))
                }
                _ => {
                    let Some(s) = stop else { continue };
                    let Some(t) = toks.get(s) else { continue };
                    let end = if t.punct.is_some() && !foreign(t) && !t.broken {
                        t.end
                    } else {
                        toks[s.saturating_sub(1)].end
                    };
                    let iss = text.get(rest.start..end).unwrap_or("");
                    (end, congress_issuer(iss, places))
                }
            }
        } else {
            let after_cua = rest.start + "của".len();
            let Some(body) = text.get(after_cua..) else {
                continue;
            };
            let ws = body.len() - body.trim_start().len();
            let Some((b, _)) = issuer::after_cua(g, body.get(ws..).unwrap_or("")) else {
                continue;
            };
            let stop = toks.iter().position(|t| {
                t.word == "ngày"
                    || t.broken
                    || t.word.starts_with('(')
                    || matches!(t.punct, Some(';' | '.' | ':' | ')'))
            });
            let Some(s) = stop else { continue };
            let end = match toks.get(s) {
                Some(t) if t.word != "ngày" && !t.broken && !t.word.starts_with('(') => t.end,
                _ => match s.checked_sub(1).and_then(|i| toks.get(i)) {
                    Some(t) => t.end,
                    None => continue,
                },
            };
            let span_text = text.get(rest.start..end).unwrap_or("");
            if span_text.contains(" số ")
                && span_text
                    .split(" số ")
                    .nth(1)
                    .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()))
            {
                continue;
            }
            (end, issuer::finish(g, &b, places))
        };
        let name = squeeze(text.get(k.start..name_end).unwrap_or(""));
        taken.add((k.start, name_end));
        out.push(Mention {
            start: k.start,
            end: name_end,
            kind: text.get(k.clone()).unwrap_or("").to_string(),
            number: None,
            name: Some(name),
            date: None,
            text_issuer: Some(issuer),
            default_issuer: None,
            suspect: None,
            pin: None,
            relation: rels.at(g, k.start),
            tail_end: name_end,
            code: None,
            worded: true,
            law_number: None,
        });
    }
    out
}

/// Every citation by name in `text`, outside the `taken` spans; with the
/// spans of the laws named inside an amending law's name, whose numbers
/// are no citations of their own. `doc_date` is the document's date.
pub fn find(
    g: Grammars,
    text: &str,
    places: &Places,
    taken_spans: &[(usize, usize)],
    rels: &Relations<'_>,
    doc_date: Option<&str>,
) -> (Vec<Mention>, Vec<(usize, usize)>) {
    let mut taken = Taken::default();
    for &(s, e) in taken_spans {
        taken.add((s, e));
    }
    let (law_words, party_words) = kind_words(g, text);
    let mut out = party(g, text, &party_words, places, &mut taken, rels);
    let (laws, inside) = laws(g, text, &law_words, &mut taken, rels, doc_date);
    out.extend(laws);
    (out, inside)
}

/// Builds this module's tables (see [`crate::rules::Grammars::load`]) and
/// runs their examples: no kind word of `[[law]]` or `[[party]]` starts
/// inside another (the one-pass search needs it); a `[[party]]` example
/// cites a document of its kind by name, a `[[party_holder]]` one a party
/// document; the `[[law_name_end]]`, `[[amend_name_end]]`, `[[next_name]]`
/// and `[[congress]]` examples cite the name given first; a law still to
/// be drafted (grammars/laws.toml `[[draft]]`) is no citation.
pub(crate) fn check(g: Grammars) -> Result<()> {
    g.try_cached(Slot::NamedLists, build_lists)?;
    law_words(g);
    kind_words(g, "");
    let words: Vec<&str> = law_words(g)
        .iter()
        .chain(&lists(g).party_words)
        .copied()
        .collect();
    for a in &words {
        for b in &words {
            // a suffix of `a` (past its first character) that starts `b`,
            // or `b` starting `a`
            let inside = a.char_indices().skip(1).any(|(i, _)| {
                a.get(i..)
                    .is_some_and(|rest| b.starts_with(rest) || rest.starts_with(b))
            });
            if inside || (a != b && a.starts_with(b)) {
                return Err(g.error_at(
                    "citation_kinds",
                    &format!("word = \"{a}\""),
                    format!("the kind word `{b}` starts inside `{a}`"),
                ));
            }
        }
    }
    let places = Places::empty(g);
    let cited = |e: &str| find(g, e, &places, &[], &Relations::new(e), None).0;
    for p in &tables::kinds(g).party {
        for e in &p.examples {
            if !cited(e).iter().any(|m| m.kind == p.word) {
                return Err(g.error_at(
                    "citation_kinds",
                    e,
                    format!("the example {e:?} cites no `{}` by name", p.word),
                ));
            }
        }
    }
    let t = tables::words(g);
    let fail = |e: &str, what: String| Err(g.error_at("citation_words", e, what));
    for h in &t.party_holder {
        for e in &h.examples {
            let (_, party) = kind_words(g, e);
            if party_kinds(g, e, &party).is_empty() {
                return fail(e, format!("the example {e:?} cites no party document"));
            }
        }
    }
    let named = [
        &t.law_name_end,
        &t.amend_name_end,
        &t.next_name,
        &t.congress,
    ];
    for (text, want) in named.into_iter().flatten().flat_map(|l| &l.examples) {
        let got = cited(text).into_iter().find_map(|m| m.name);
        if got.as_deref() != Some(want.as_str()) {
            return fail(
                text,
                format!("the example {text:?} cites the name {got:?}, not `{want}`"),
            );
        }
    }
    for e in laws::catalogue(g).draft_examples() {
        if let Some(m) = cited(e).first() {
            return Err(g.error_at(
                "laws",
                e,
                format!(
                    "the example {e:?} cites `{}`, which is still to be drafted",
                    m.name.as_deref().unwrap_or(&m.kind)
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(t: &str, p: &Places, taken: &[(usize, usize)]) -> Vec<Mention> {
        super::find(
            crate::rules::Grammars::builtin(),
            t,
            p,
            taken,
            &Relations::new(t),
            None,
        )
        .0
    }

    fn names(t: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let p = Places::find(crate::rules::Grammars::builtin(), t, &Default::default());
        find(t, &p, &[])
            .into_iter()
            .map(|m| {
                (
                    m.name.unwrap_or_default(),
                    m.date,
                    m.text_issuer.or(m.default_issuer),
                )
            })
            .collect()
    }

    #[test]
    fn examples_of_the_builtin_tables_hold() {
        let g = crate::rules::Grammars::builtin();
        check(g).unwrap_or_else(|e| panic!("{e}"));
        let t = tables::words(g);
        let lists = [
            &t.law_name_end,
            &t.amend_name_end,
            &t.next_name,
            &t.congress,
        ];
        assert!(
            lists
                .iter()
                .all(|l| l.iter().all(|l| !l.examples.is_empty()))
        );
        assert!(t.party_holder.iter().all(|h| !h.examples.is_empty()));
        assert!(
            tables::kinds(g)
                .party
                .iter()
                .all(|p| !p.examples.is_empty())
        );
    }

    #[test]
    fn kind_words_read_like_the_regexes() {
        let law = Regex::new(r"(?:^|[^\p{L}])(Bộ luật|Luật|Pháp lệnh|Hiến pháp)[ \t\n]").unwrap();
        let party = Regex::new(
            r"(?:^|[^\p{L}])(Nghị quyết|Kết luận|Chỉ thị|Kế hoạch|Quy định)[ \t\n]+(Đại hội|của[ \t\n]+(?:BCH|Ban Chấp hành|Ban Thường vụ|BTV|Bộ Chính trị|Ban Bí thư|Tỉnh [uủ]ỷ?y?|Thành [uủ]ỷ?y?|Huyện [uủ]ỷ?y?|Đảng [uủ]ỷ?y?))",
        )
        .unwrap();
        let parts = [
            "Luật",
            "Bộ luật",
            "luật",
            "Pháp lệnh",
            "Hiến pháp",
            "Nghị quyết",
            "Kết luận",
            "Chỉ thị",
            "Kế hoạch",
            "Quy định",
            "Đại hội",
            "của",
            "BCH",
            "Tỉnh ủy",
            "Tỉnh uỷ",
            "Thành u",
            "Đảng ủy",
            " ",
            " ",
            "  ",
            "\n",
            "\t",
            "x",
            "é",
            "1",
            "(",
            ",",
            "Nghị quyết của BCH",
            "Kế hoạch Đại hội",
            " Chỉ thị của\nTỉnh ủy",
            "Quy định của ",
        ];
        let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1d);
        let (mut n_law, mut n_party) = (0, 0);
        for _ in 0..60_000 {
            let n = (next() % 10) as usize;
            let t: String = (0..n)
                .map(|_| parts[(next() % parts.len() as u64) as usize])
                .collect();
            let (lw, pw) = kind_words(crate::rules::Grammars::builtin(), &t);
            let want: Vec<(usize, usize)> = law
                .captures_iter(&t)
                .filter_map(|c| c.get(1).map(|k| (k.start(), k.end())))
                .collect();
            n_law += want.len();
            assert_eq!(law_kinds(&t, &lw), want, "{t:?}");
            let want: Vec<_> = party
                .captures_iter(&t)
                .filter_map(|c| Some((c.get(1)?.range(), c.get(2)?.range())))
                .collect();
            n_party += want.len();
            assert_eq!(
                party_kinds(crate::rules::Grammars::builtin(), &t, &pw),
                want,
                "{t:?}"
            );
        }
        assert!(n_law > 2000 && n_party > 1000, "{n_law} {n_party}");
    }

    #[test]
    fn laws_by_name() {
        let n = names("Căn cứ Luật Tổ chức chính\nquyền địa phương ngày 19 tháng 6 năm 2015;");
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].0, "Luật Tổ chức chính quyền địa phương");
        assert_eq!(n[0].1.as_deref(), Some("2015-06-19"));
        assert_eq!(n[0].2.as_deref(), Some("Quốc hội"));
        let n = names("a) Triển khai Luật Cán bộ, công chức năm 2025 và Luật Viên chức năm 2025.");
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].0, "Luật Cán bộ, công chức");
        assert_eq!(n[0].1.as_deref(), Some("2025"));
        assert_eq!(n[1].0, "Luật Viên chức");
        let n = names(
            "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
        );
        assert_eq!(n.len(), 1, "{n:?}");
        assert_eq!(n[0].1.as_deref(), Some("2019-11-22"));
        let n = names(
            "phù hợp với Luật Ngân sách nhà nước và các luật có liên quan; Bộ luật Lao động.",
        );
        assert_eq!(n[0].0, "Luật Ngân sách nhà nước");
        assert_eq!(n[1].0, "Bộ luật Lao động");
    }

    #[test]
    fn names_end_at_markup_and_numbers() {
        let n = names("*Căn cứ Luật An ninh mạng;* *Căn cứ Luật Lưu trữ;*");
        assert_eq!(n[0].0, "Luật An ninh mạng");
        assert_eq!(n[1].0, "Luật Lưu trữ");
        let n = names("(Luật Quản lý thuế)** | | **1**");
        assert_eq!(n[0].0, "Luật Quản lý thuế");
        let n = names("thực hiện Luật Phòng, chống ma túy; và");
        assert_eq!(n[0].0, "Luật Phòng, chống ma túy");
        // an amending law with its own number is a numbered citation
        let m = find(
            "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế số 51/2024/QH15;",
            &Places::default(),
            &[],
        );
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].number.as_deref(), Some("51/2024/QH15"));
        let n = names(
            "triển khai Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và quy chuẩn kỹ thuật (sau đây gọi tắt là Kế hoạch)",
        );
        assert_eq!(
            n[0].0,
            "Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và quy chuẩn kỹ thuật"
        );
    }

    #[test]
    fn more_law_names() {
        let n =
            names("Căn cứ Pháp lệnh Ưu đãi người có công với cách mạng ngày 09 tháng 12 năm 2020;");
        assert_eq!(n[0].0, "Pháp lệnh Ưu đãi người có công với cách mạng");
        let n = names("thi hành Luật Phục hồi, phá sản về quản tài viên");
        assert_eq!(n[0].0, "Luật Phục hồi, phá sản");
        let n = names("thực hiện Luật Thủ đô[2] và");
        assert_eq!(n[0].0, "Luật Thủ đô");
        let n = names("Luật Thuế giá trị gia tăng ước tăng thu khoảng 500 tỷ đồng");
        assert_eq!(n[0].0, "Luật Thuế giá trị gia tăng");
        let n = names(
            "được sửa đổi, bổ sung tại Luật Sửa đổi, bổ sung một số điều của Luật Đầu tư ngày 29 tháng 11 năm 2024;",
        );
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].1.as_deref(), Some("2024-11-29"));
    }

    #[test]
    fn not_laws() {
        assert!(names("kết nối cộng đồng Dân Luật Việt Nam,").is_empty());
        let n = names("theo Luật Điện lực và Điều 5 của Nghị định");
        assert_eq!(n[0].0, "Luật Điện lực");
        let n = names(
            "Luật sửa đổi, bổ sung Luật Bảo vệ bí mật nhà nước và các văn bản hướng dẫn thi hành",
        );
        assert_eq!(n[0].0, "Luật sửa đổi, bổ sung Luật Bảo vệ bí mật nhà nước");
        let n = names(
            "Luật sửa đổi, bổ sung một số điều của Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu ngày 29 tháng 11 năm 2024",
        );
        assert!(n[0].0.ends_with("Luật Đấu thầu"));
        assert!(names("phù hợp với các Luật, văn bản của Trung ương").is_empty());
        assert!(names("xây dựng dự thảo Luật Thủ đô sửa đổi").is_empty());
        let p = Places::default();
        let m = find(
            "Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13",
            &p,
            &[],
        );
        assert_eq!(m[0].number.as_deref(), Some("80/2015/QH13"));
        assert_eq!(
            m[0].name.as_deref(),
            Some("Luật Ban hành văn bản quy phạm pháp luật")
        );
    }

    #[test]
    fn catalogued_names_are_read_whole() {
        let n = names(
            "theo Luật Quản lý, sử dụng tài sản công; Luật Đo đạc và\nbản đồ; Luật Ban hành văn bản QPPL năm 2015.",
        );
        let got: Vec<&str> = n.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            got,
            vec![
                "Luật Quản lý, sử dụng tài sản công",
                "Luật Đo đạc và bản đồ",
                "Luật Ban hành văn bản quy phạm pháp luật"
            ]
        );
        let p = Places::default();
        let m = super::find(
            crate::rules::Grammars::builtin(),
            "Căn cứ Luật Đầu tư năm 2020; Luật Đất đai.",
            &p,
            &[],
            &Relations::new(""),
            Some("2022-03-01"),
        )
        .0;
        let ln: Vec<Option<&str>> = m.iter().map(|m| m.law_number.as_deref()).collect();
        assert_eq!(ln, vec![Some("61/2020/QH14"), Some("45/2013/QH13")]);
    }

    #[test]
    fn laws_to_be_drafted_give_no_citation() {
        assert!(names("Hồ sơ đề nghị xây dựng Luật Viên chức (sửa đổi) trình").is_empty());
        assert!(names("Dự án Luật Năng lượng nguyên tử (sửa đổi) | Bộ").is_empty());
        assert!(names("hướng dẫn thi hành Luật Quy hoạch sửa đổi.").is_empty());
        // adopted only after the document's date: a draft
        let t = "thực hiện theo Luật Nhà giáo và Luật Giáo dục.";
        let m = super::find(
            crate::rules::Grammars::builtin(),
            t,
            &Places::default(),
            &[],
            &Relations::new(t),
            Some("2025-01-09"),
        )
        .0;
        let got: Vec<&str> = m.iter().filter_map(|m| m.name.as_deref()).collect();
        assert_eq!(got, vec!["Luật Giáo dục"]);
    }

    #[test]
    fn laws_inside_an_amending_law_are_part_of_its_name() {
        let t = "tại Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15 và Luật Các tổ chức tín dụng số 32/2024/QH15;";
        let (m, inside) = super::find(
            crate::rules::Grammars::builtin(),
            t,
            &Places::default(),
            &[],
            &Relations::new(t),
            None,
        );
        assert_eq!(m.len(), 1);
        assert!(
            m[0].name
                .as_deref()
                .is_some_and(|n| n.ends_with("số 32/2024/QH15"))
        );
        assert_eq!(m[0].number, None);
        assert_eq!(inside.len(), 1);
        // one law named, and a number that is not its own: the amending law's
        let t = "Luật sửa đổi, bổ sung một số điều của Luật Đấu thầu, Luật Hải quan, Luật Quản lý, sử dụng tài sản công số 90/2025/QH15;";
        let (m, _) = super::find(
            crate::rules::Grammars::builtin(),
            t,
            &Places::default(),
            &[],
            &Relations::new(t),
            None,
        );
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].number.as_deref(), Some("90/2025/QH15"));
        assert!(
            m[0].name
                .as_deref()
                .is_some_and(|n| n.ends_with("tài sản công"))
        );
        // "Luật sửa đổi, bổ sung" alone points back: no citation
        assert!(names("Luật Đất đai; Luật sửa đổi, bổ sung; các Nghị định").len() == 1);
    }

    #[test]
    fn party_documents_by_name() {
        let n = names(
            "Quán triệt Nghị quyết Đại hội đại biểu Đảng thành phố Cam Ranh lần thứ XII, nhiệm kỳ 2020-2025; tỉnh Khánh Hòa",
        );
        assert_eq!(
            n[0].0,
            "Nghị quyết Đại hội đại biểu Đảng thành phố Cam Ranh lần thứ XII"
        );
        assert_eq!(
            n[0].2.as_deref(),
            Some("Đại hội đại biểu Đảng bộ thành phố Cam Ranh")
        );
        let n = names(
            "- Kết luận của BCH Đảng bộ tỉnh đánh giá 10 năm thực hiện Nghị quyết 15-NQ/TU ngày 31/12/2007 về Đẩy mạnh; tỉnh Nghệ An",
        );
        assert_eq!(
            n[0].0,
            "Kết luận của BCH Đảng bộ tỉnh đánh giá 10 năm thực hiện Nghị quyết 15-NQ/TU"
        );
        assert_eq!(
            n[0].2.as_deref(),
            Some("Ban Chấp hành Đảng bộ tỉnh Nghệ An")
        );
        let n = names("Căn cứ Luật Xây dựng;\nCăn cứ Luật Đất đai ngày 18 tháng 1 năm 2024;");
        assert_eq!(n.len(), 2);
        let n = names("theo Nghị quyết Đại hội XIII của Đảng về phát triển, và");
        assert_eq!(n[0].0, "Nghị quyết Đại hội XIII của Đảng");
        assert!(names("xây dựng Kế hoạch của Ban Thường vụ Tỉnh ủy về").is_empty());
        assert!(names("Nghị quyết phát triển kinh tế - xã hội hàng năm của huyện.").is_empty());
    }
}
