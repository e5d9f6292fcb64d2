//! One reader per header field: the header block (issuer, number, place
//! and date), the title, the authority line, the "kèm theo" line, the
//! signature, the period and the effective date. Each works on the logical
//! lines and returns None when its field is not there.

use super::casing;
use super::issuer::{self, Issuer};
use super::kinds::{self, Kind};
use super::lines::{LogLine, is_caps};
use super::places;
use crate::error::Result;
use crate::parse::date::parse_date;
use crate::parse::number::canonical;
use crate::rules::{Grammars, Slot};
use regex::Regex;
use serde::Deserialize;
use std::sync::OnceLock;

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| crate::re::constant(pat))
}

/// What the header block above the kind line gives.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub number: Option<String>,
    pub date: Option<String>,
    pub place: Option<String>,
    pub issuer: Option<Issuer>,
}

/// True when line `i` starts the national motto "CỘNG HÒA XÃ HỘI …"
/// (possibly broken after "CỘNG") or the party's "ĐẢNG CỘNG SẢN VIỆT NAM";
/// returns the text before it on the line.
fn motto_at(lines: &[LogLine], i: usize) -> Option<String> {
    let l = lines.get(i)?;
    // a party document's motto: "ĐẢNG CỘNG SẢN VIỆT NAM"
    if let Some(pos) = l.text.find("ĐẢNG CỘNG SẢN VIỆT NAM") {
        return Some(l.text.get(..pos).unwrap_or("").trim().to_string());
    }
    // "XÃ" must be there: only 'ã' and 'Ã' upper-case to 'Ã'
    let has_xa = |t: &str| t.contains(['ã', 'Ã']);
    if !has_xa(&l.text) && !lines.get(i + 1).is_some_and(|n| has_xa(&n.text)) {
        return None;
    }
    let u = l.text.to_uppercase();
    let next = lines
        .get(i + 1)
        .map(|n| n.text.to_uppercase())
        .unwrap_or_default();
    let joined = format!("{u} {next}");
    let pos = joined
        .find("CỘNG HÒA XÃ")
        .or_else(|| joined.find("CỘNG HOÀ XÃ"))?;
    if pos > u.len() {
        return None;
    }
    Some(u.get(..pos).unwrap_or("").trim().to_string())
}

/// Reads the header block above line `k` (the kind line).
pub fn header(g: Grammars, lines: &[LogLine], k: usize) -> Header {
    let mut h = Header::default();
    let lo = k.saturating_sub(HEADER_WINDOW);
    let motto = (lo..k)
        .rev()
        .find_map(|i| motto_at(lines, i).map(|p| (i, p)));
    let start = match &motto {
        Some((m, before)) => {
            let (iss, first) = issuer_above(g, lines, *m, before);
            h.issuer = iss;
            first
        }
        None => {
            let lo = k.saturating_sub(12);
            h.issuer = issuer_without_motto(g, lines, lo, k);
            lo
        }
    };
    let first = motto.as_ref().map_or(start, |(m, _)| (*m).min(start));
    // the "Số:" line may sit between the issuer lines and the motto
    // (left column: body / sub-body / Số, right column: motto / date)
    let first = first.saturating_sub(2).max(lo);
    for i in first..k {
        if h.number.is_none() {
            if let Some(n) = number_line(g, lines, i) {
                h.number = n;
            }
        }
        if h.date.is_none() {
            if let Some((place, date)) = place_date(g, lines, i) {
                h.place = place;
                h.date = Some(date);
            }
        }
    }
    h
}

use super::HEADER_WINDOW;

/// The issuer lines above the motto at `m` (caps lines, nearest first),
/// with `before` the text on the motto line itself before the motto.
fn issuer_above(g: Grammars, lines: &[LogLine], m: usize, before: &str) -> (Option<Issuer>, usize) {
    let mut parts: Vec<String> = Vec::new();
    if !before.is_empty() {
        parts.push(before.to_string());
        // two columns on one line: "TỈNH NGHỆ AN    Độc lập - Tự do - Hạnh phúc"
        for n in 1..=2 {
            let Some(nx) = lines.get(m + n) else { break };
            let Some(pos) = nx.text.find("Độc lập") else {
                continue;
            };
            let left = nx.text.get(..pos).unwrap_or("").trim();
            if !left.is_empty() && is_caps(left) {
                parts.push(left.to_string());
            }
            break;
        }
        // the party's header: "ĐẢNG BỘ TỈNH X    ĐẢNG CỘNG SẢN VIỆT NAM" /
        // "TỈNH ỦY    X, ngày …": the left column goes on under the motto
        let party = lines
            .get(m)
            .is_some_and(|l| l.text.contains("ĐẢNG CỘNG SẢN"));
        if party && parts.len() == 1 {
            if let Some(nx) = lines.get(m + 1) {
                // the caps words before the place and date
                let left: Vec<&str> = nx
                    .text
                    .split_whitespace()
                    .take_while(|w| !w.chars().any(char::is_lowercase))
                    .collect();
                let left = left.join(" ");
                if is_caps(&left) && issuer::read(g, &left).is_some() {
                    parts.push(left);
                }
            }
        }
        return (read_issuer_lines(g, &parts), m);
    }
    let mut first = m;
    let mut i = m;
    let mut skipped = false;
    while i > 0 && parts.len() < 5 {
        i -= 1;
        let Some(l) = lines.get(i) else { break };
        // the "Số:" line may sit under the issuer lines, above the motto
        if parts.is_empty() && !skipped && number_line(g, lines, i).is_some() {
            skipped = true;
            continue;
        }
        if !is_caps(&l.text) || l.text.contains(':') || kinds::opening(g, &l.text).is_some() {
            break;
        }
        parts.insert(0, l.text.clone());
        first = i;
    }
    // the longest run of lines, ending at the motto, that reads as an issuer
    for s in 0..parts.len() {
        if let Some(iss) = parts.get(s..).and_then(|x| read_issuer_lines(g, x)) {
            return (Some(iss), first + s);
        }
    }
    (None, first)
}

/// A header that lost its motto: the first caps lines above a "Số:" line
/// that read as an issuer ("ỦY BAN NHÂN DÂN" / "HUYỆN CÁT HẢI").
fn issuer_without_motto(g: Grammars, lines: &[LogLine], lo: usize, k: usize) -> Option<Issuer> {
    let num = (lo..k).find(|&i| number_line(g, lines, i).is_some())?;
    let mut parts: Vec<String> = Vec::new();
    let mut i = num;
    while i > lo && parts.len() < 4 {
        i -= 1;
        let Some(l) = lines.get(i) else { break };
        if !is_caps(&l.text) || l.text.contains(':') || kinds::opening(g, &l.text).is_some() {
            break;
        }
        parts.insert(0, l.text.clone());
    }
    (0..parts.len()).find_map(|s| {
        parts
            .get(s..)
            .and_then(|x| read_issuer_lines(g, x))
            .filter(|i| i.whole)
    })
}

/// Reads issuer lines, which may name a parent and a sub-body
/// ("UBND TỈNH LÀO CAI" / "SỞ CÔNG THƯƠNG", "ỦY BAN MTTQ VIỆT NAM XÃ
/// LƯƠNG MINH" / "BAN THƯỜNG TRỰC", "ĐẢNG BỘ TỈNH X" / "ĐẢNG ỦY XÃ Y").
pub fn read_issuer_lines(g: Grammars, parts: &[String]) -> Option<Issuer> {
    if parts.is_empty() {
        return None;
    }
    for j in 1..parts.len() {
        let parent = issuer::read(g, &parts.get(..j)?.join(" "));
        let sub = issuer::read(g, &parts.get(j..)?.join(" "));
        if let (Some(p), Some(s)) = (parent, sub) {
            if let Some(iss) = under_parent(g, p, s) {
                return Some(iss);
            }
        }
    }
    issuer::read(g, &parts.join(" "))
}

/// A sub-body read under its parent: a body of the parent ("BAN THƯỜNG
/// TRỰC") takes the parent's name; one without a locality takes the
/// parent's ("SỞ CÔNG THƯƠNG" under a tỉnh); one with a smaller locality
/// of its own keeps it and takes the parent's province. None when the
/// two do not read as parent and sub-body.
fn under_parent(g: Grammars, p: Issuer, mut s: Issuer) -> Option<Issuer> {
    if p.bare {
        return None;
    }
    if s.bare {
        return Some(issuer::of_parent(&s, &p));
    }
    if p.central {
        // "BỘ Y TẾ" / "CỤC QUẢN LÝ DƯỢC": a central body's department
        if s.unit.is_none() && s.place.is_none() {
            s.central = true;
            s.level = None;
            return Some(s);
        }
        return None;
    }
    // a parent with no place lends none
    p.place.as_ref()?;
    let same_unit = s.unit.is_none() || s.unit == p.unit;
    if s.place.is_none() && same_unit {
        if let (Some(unit), Some(place), Some(level)) = (p.unit, p.place, p.level) {
            let level = if unit == "thành phố" && p.province.is_none() {
                "huyện".to_string()
            } else {
                level
            };
            let level = if level == "tỉnh" && unit == "thành phố" {
                "city".to_string()
            } else {
                level
            };
            // "ĐẢNG ỦY XÃ" under "ĐẢNG BỘ XÃ X": the unit word is said once
            if let Some(u) = s.unit.take().filter(|_| !s.implied) {
                if let Some(base) = s.name.strip_suffix(&format!(" {u}")) {
                    s.name = base.to_string();
                }
            }
            issuer::set_locality(g, &mut s, unit, Some(place), level);
            s.central = false;
        }
        return Some(s);
    }
    if s.place.is_some() && s.province.is_none() && p.province.is_some() && !s.central {
        s.province = p.province;
        return Some(s);
    }
    None
}

/// "Số: 681/QĐ-UBND" on line `i` (the number may be on the next line):
/// Some(None) for a blank number, None when the line is not a number line.
fn number_line(g: Grammars, lines: &[LogLine], i: usize) -> Option<Option<String>> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let r = re(&RE, r"^(?:Số|SỐ|số)(?:\s+và\s+ký\s+hiệu)?\s*:?\s*(.*)$");
    let l = lines.get(i)?;
    let c = r.captures(super::forms::without_number_kind(g, &l.text))?;
    let rest = c.get(1).map_or("", |m| m.as_str());
    if rest.to_lowercase().starts_with("hiệu") {
        return None;
    }
    let rest = if rest.trim().is_empty() {
        lines.get(i + 1).map_or("", |n| n.text.as_str())
    } else {
        rest
    };
    let (raw, _) = number_tokens(rest);
    if !raw.contains('/') && !raw.contains('-') && !raw.is_empty() {
        return None;
    }
    Some(canonical(g, &raw))
}

/// The leading tokens of `s` that can belong to a number and symbol
/// ("681/QĐ-UBND", "3210/QĐ - U B ND"); stops at the first word (a place
/// name). Returns the tokens joined and the bytes consumed.
pub fn number_tokens(s: &str) -> (String, usize) {
    let mut raw = String::new();
    let mut used = 0;
    let mut pos = 0;
    for tok in s.split(' ') {
        let tstart = pos;
        pos += tok.len() + 1;
        if tok.is_empty() {
            continue;
        }
        let ok_chars = tok
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "ĐđÐ/-.–".contains(c));
        let lower = tok.chars().filter(|c| c.is_lowercase()).count();
        if !ok_chars || lower > 1 || tok == "ngày" {
            break;
        }
        raw.push_str(tok);
        used = tstart + tok.len();
    }
    (raw.replace('–', "-"), used)
}

/// "Ninh Thuận, ngày 27 tháng 10 năm 2021" on line `i` (the date may go on
/// in the next lines of the cell, the place may start on the line before).
fn place_date(g: Grammars, lines: &[LogLine], i: usize) -> Option<(Option<String>, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let r = re(&RE, r"^(?:(.{2,60}?)\s*,\s*)?(ngày|Ngày|NGÀY)\b");
    let l = lines.get(i)?;
    let c = r.captures(super::forms::without_number_kind(g, &l.text))?;
    let ngay = c.get(2)?;
    let mut tail = l.text.get(ngay.start()..)?.to_string();
    for n in 1..=2 {
        match lines.get(i + n) {
            Some(nx) if nx.cell == l.cell => {
                tail.push(' ');
                tail.push_str(&nx.text);
            }
            _ => break,
        }
    }
    let lower = tail.to_lowercase();
    let (date, _) = parse_date(&lower)?;
    let mut place = c.get(1).map(|m| m.as_str().trim().to_string());
    if let Some(p) = &place {
        if p.starts_with("Số") || p.starts_with("SỐ") {
            let after = p.split_once(':').map_or("", |x| x.1).trim_start();
            let (_, used) = number_tokens(after);
            place = Some(after.get(used..).unwrap_or("").trim().to_string());
        }
    }
    // "Thành phố Huế," / "ngày 18 tháng 11 năm 2025"
    if place.is_none() {
        if let Some(prev) = i.checked_sub(1).and_then(|j| lines.get(j)) {
            let t = prev.text.trim();
            if prev.cell == l.cell && t.ends_with(',') && t.chars().count() < 40 && !t.contains(':')
            {
                place = Some(t.trim_end_matches(',').trim().to_string());
            }
        }
    }
    // the place may begin on the line before, in the same cell
    if let (Some(p), Some(prev)) = (&place, i.checked_sub(1).and_then(|j| lines.get(j))) {
        let t = &prev.text;
        let joins = prev.cell == l.cell
            && !t.contains(':')
            && t.chars().count() < 30
            && motto_at(lines, i - 1).is_none()
            && !t.to_lowercase().contains("độc lập")
            && t.chars().next().is_some_and(char::is_uppercase)
            && !t.ends_with(['.', ';', ','])
            && !is_caps(t);
        if joins {
            place = Some(format!("{t} {p}"));
        }
    }
    let place = place.filter(|p| !p.is_empty()).map(|p| repair_place(g, &p));
    Some((place, date.iso()))
}

/// A place broken by stray spaces ("Qu ả ng Ngãi") read back through the
/// province table; other places stay as printed.
fn repair_place(g: Grammars, p: &str) -> String {
    let broken = p
        .split(' ')
        .any(|w| w.chars().count() == 1 && w.chars().all(char::is_alphabetic));
    if !broken {
        return p.to_string();
    }
    match places::lookup(g, p) {
        Some(prov) => match places::province_unit_of(g, p) {
            // "T hành phố Hồ Chí M inh" → "Thành phố Hồ Chí Minh"
            Some(unit) => format!("{} {}", issuer::capitalise_first(unit), prov.name),
            None => prov.name.clone(),
        },
        None => p.to_string(),
    }
}

/// Where the header of a document without a kind line ends: the
/// "Kính gửi" line, or eight lines under the motto; 0 (no header) when
/// there is no motto either.
pub fn letter_end(lines: &[LogLine]) -> usize {
    let Some(m) = (0..lines.len().min(80)).find(|&i| motto_at(lines, i).is_some()) else {
        return 0;
    };
    (m..lines.len().min(m + 15))
        .find(|&i| {
            lines
                .get(i)
                .is_some_and(|l| lower_prefix(&l.text, 8).starts_with("kính gửi"))
        })
        .unwrap_or((m + 8).min(lines.len()))
}

/// The subject of an official letter ("V/v triển khai …", possibly on
/// two lines) in the header above line `k`, and the kind it gives the
/// document (grammars/document_forms.toml `[[letter_subject]]`).
pub fn letter_subject(g: Grammars, lines: &[LogLine], k: usize) -> Option<(&'static str, String)> {
    let lo = k.saturating_sub(HEADER_WINDOW);
    for i in lo..k {
        let l = lines.get(i)?;
        let t = l.text.trim();
        let Some((kind, rest)) = super::forms::letter_subjects(g).iter().find_map(|e| {
            e.words
                .iter()
                .find_map(|w| t.strip_prefix(w.as_str()))
                .map(|r| (e.kind.as_str(), r))
        }) else {
            continue;
        };
        let mut s = rest.trim_start_matches([':', ' ']).to_string();
        let mut j = i + 1;
        while let Some(nx) = lines.get(j) {
            if j >= k || nx.cell != l.cell || place_date(g, lines, j).is_some() {
                break;
            }
            s.push(' ');
            s.push_str(nx.text.trim());
            j += 1;
        }
        let s = crate::text::fold::squeeze(&s);
        return (!s.is_empty()).then(|| (kind, issuer::capitalise_first(&s)));
    }
    None
}

/// The title starting on kind line `k` (`rest` is what follows the kind
/// word there): returns it, joined and without the kind word, and the
/// index of the first line after it.
pub fn title(g: Grammars, lines: &[LogLine], k: usize, rest: &str) -> (Option<String>, usize) {
    let mut parts: Vec<String> = Vec::new();
    let mut i = k + 1;
    let mut cell = lines.get(k).map(|l| l.cell);
    if !rest.is_empty() {
        parts.push(rest.to_string());
    } else {
        // the title is the next line, in any cell
        match lines.get(i) {
            Some(l) if !stops_title(g, &l.text, true) => {
                parts.push(l.text.clone());
                cell = Some(l.cell);
                i += 1;
            }
            _ => return (None, i),
        }
    }
    let mut caps = parts.first().is_some_and(|p| is_caps(p));
    // "CHƯƠNG TRÌNH HÀNH ĐỘNG" + "thực hiện Nghị quyết …": a short rest
    // of the kind line in capitals goes on in small letters below
    let mut lead: Option<String> = None;
    while parts.len() < 8 {
        let Some(l) = lines.get(i) else { break };
        let short_rest = caps
            && !rest.is_empty()
            && parts.len() == 1
            && rest.split_whitespace().count() <= 3
            && l.text.chars().next().is_some_and(char::is_lowercase);
        // the line right under the kind line may say "thực hiện …"
        if Some(l.cell) != cell || stops_title(g, &l.text, short_rest) {
            break;
        }
        // "… GIAI ĐOẠN" / "2025 - 2030": a line of years only goes on
        let years_only = l.text.trim().len() <= 24
            && l.text.chars().any(|c| c.is_ascii_digit())
            && l.text
                .chars()
                .all(|c| c.is_ascii_digit() || " -–—()/,.".contains(c));
        if caps && !is_caps(&l.text) && !years_only {
            if !short_rest {
                break;
            }
            lead = parts.pop();
            caps = false;
        }
        parts.push(l.text.clone());
        i += 1;
    }
    if let Some(lead) = lead {
        let lead = crate::text::fold::squeeze(&lead);
        let body = lines.get(i..).unwrap_or_default().iter();
        let lead = casing::recase(g, &sentence_case(g, &lead), body.map(|l| l.text.as_str()));
        parts.insert(0, lead);
    }
    let joined = crate::text::fold::squeeze(&parts.join(" "));
    let joined = joined.trim_matches(['*', ' ']).to_string();
    if joined.is_empty() {
        return (None, i);
    }
    let t = if is_caps(&joined) {
        let body = lines.get(i..).unwrap_or_default().iter();
        casing::recase(g, &sentence_case(g, &joined), body.map(|l| l.text.as_str()))
    } else {
        joined
    };
    // "V/v: Phê duyệt …": the prefix is no part of the trích yếu
    let t = super::forms::strip_title_prefix(g, &t).unwrap_or(t);
    (Some(t), i)
}

/// Line `t` ends the trích yếu above it (grammars/document_forms.toml
/// `[[title_end]]`; `first`: it would be the title's first line), or is
/// an issuer or a role in capitals.
fn stops_title(g: Grammars, t: &str, first: bool) -> bool {
    let lower = t.to_lowercase();
    let ends = super::forms::title_ends(g);
    if ends.any.ends(&lower) {
        return true;
    }
    if !first && ends.later.ends(&lower) && !is_caps(t) {
        return true;
    }
    is_caps(t) && (issuer::read(g, t).is_some_and(|i| i.whole) || is_role_exact(g, t))
}

/// "BAN HÀNH KẾ HOẠCH … TỈNH NINH THUẬN" -> "Ban hành kế hoạch … tỉnh
/// Ninh Thuận": lower case, first letter and province names capitalised.
fn sentence_case(g: Grammars, s: &str) -> String {
    let mut out = s
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            if w.chars().any(|c| c.is_ascii_digit() || c == '/') {
                w.to_string()
            } else if i == 0 {
                issuer::capitalise_lower(w)
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    for (_, p) in places::mentions(g, s) {
        let lower = p.name.to_lowercase();
        // after the last word of a province's unit word ("tỉnh", "phố" of
        // "thành phố", which may open the title as "Thành phố")
        for unit in places::province_units(g) {
            let last = unit.rsplit(' ').next().unwrap_or(unit);
            out = out.replace(&format!("{last} {lower}"), &format!("{last} {}", p.name));
        }
    }
    out
}

/// The authority line under a decision's title ("ỦY BAN NHÂN DÂN TỈNH
/// NGHỆ AN", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …") at line `i` or just after.
pub fn authority(g: Grammars, lines: &[LogLine], i: usize) -> Option<Issuer> {
    for j in i..i + 2 {
        let l = lines.get(j)?;
        if is_caps(&l.text) {
            if let Some(iss) = issuer::read(g, &l.text).filter(|i| i.whole) {
                return Some(iss);
            }
        }
    }
    None
}

/// A "(Ban hành kèm theo Quyết định số … ngày … của …)" line.
#[derive(Debug, Clone)]
pub struct Attached {
    pub kind: &'static Kind,
    pub number: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<Issuer>,
}

/// Reads a "kèm theo" block starting on line `i` or the line after.
pub fn find_attached(g: Grammars, lines: &[LogLine], i: usize) -> Option<Attached> {
    for j in i..i + 2 {
        let l = lines.get(j)?;
        let lower = l.text.to_lowercase();
        let Some(pos) = lower.find("kèm theo") else {
            continue;
        };
        if pos > 20 {
            continue;
        }
        let mut text = l.text.clone();
        let mut n = 1;
        while !text.trim_end().ends_with(')') && n < 4 {
            match lines.get(j + n) {
                Some(nx) if nx.cell == l.cell || !text.contains(')') => {
                    if stops_title(g, &nx.text, false) && !nx.text.starts_with("của") {
                        break;
                    }
                    text.push(' ');
                    text.push_str(&nx.text);
                }
                _ => break,
            }
            n += 1;
        }
        return parse_attached(g, &text);
    }
    None
}

fn parse_attached(g: Grammars, text: &str) -> Option<Attached> {
    let lower = text.to_lowercase();
    let pos = lower.find("kèm theo")? + "kèm theo".len();
    let rest = text.get(pos..)?.trim_start();
    let (kind, used) = kinds::named_at(g, rest)?;
    let mut rest = rest.get(used..)?.trim_start();
    for w in ["số", "Số"] {
        if let Some(r) = rest.strip_prefix(w) {
            rest = r.trim_start();
        }
    }
    rest = rest.trim_start_matches(':').trim_start();
    let (raw, used) = number_tokens(rest);
    let number = canonical(g, &raw);
    let rest = rest.get(used..)?.trim_start();
    let low = rest.to_lowercase();
    let date = low
        .find("ngày")
        .filter(|&p| p < 5)
        .and_then(|p| low.get(p..))
        .and_then(|t| parse_date(t).map(|(d, _)| d.iso()));
    let issuer = lower.rfind("của ").and_then(|p| {
        let t = text.get(p + "của ".len()..)?;
        let t = t.trim().trim_end_matches([')', '.', ' ']);
        issuer::read(g, t)
    });
    Some(Attached {
        kind,
        number,
        date,
        issuer,
    })
}

/// The name of an issuer's unit in a text: for "Ủy ban nhân dân xã" it
/// finds "xã Kiến Minh" and gives "Kiến Minh".
pub fn unit_name(g: Grammars, text: &str, iss: &Issuer) -> Option<String> {
    issuer::unit_place(g, text, iss.unit.as_deref()?)
}

#[derive(Debug, Deserialize)]
struct Roles {
    role: Vec<Role>,
    #[serde(default)]
    signature_prefix: Vec<Prefix>,
}

#[derive(Debug, Deserialize)]
struct Role {
    #[serde(rename = "match")]
    forms: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

/// An abbreviation that opens a line of a signature block ("TM.", "KT.").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Prefix {
    words: Vec<String>,
    #[serde(default)]
    on_behalf: bool,
    #[serde(default)]
    examples: Vec<String>,
}

/// grammars/document_bodies.toml `[[signature_prefix]]`, built.
struct Prefixes {
    /// A line in capitals that opens with a prefix; captures what follows.
    any: Option<Regex>,
    /// The same with an `on_behalf` prefix and something after it.
    on_behalf: Option<Regex>,
    /// The first letters of the prefixes in either case: a line that opens
    /// with none of them is not upper-cased to be read.
    firsts: Vec<char>,
}

fn prefixes(g: Grammars) -> &'static Prefixes {
    g.cached::<Prefixes>(Slot::SignaturePrefixes, build_prefixes)
}

fn build_prefixes(g: Grammars) -> Result<Prefixes> {
    let t: Roles = g.table("document_bodies")?;
    let compile = |on_behalf: bool, rest: &str| -> Result<Option<Regex>> {
        let words: Vec<String> = t
            .signature_prefix
            .iter()
            .filter(|p| p.on_behalf || !on_behalf)
            .flat_map(|p| p.words.iter())
            .map(|w| regex::escape(w))
            .collect();
        if words.is_empty() {
            return Ok(None);
        }
        let pattern = format!(r"^(?:{})\s*\.\s*({rest})$", words.join("|"));
        Regex::new(&pattern).map(Some).map_err(|e| {
            let at = words.first().map_or("signature_prefix", String::as_str);
            g.error_at(
                "document_bodies",
                at,
                format!("the signature prefixes make no regex: {e}"),
            )
        })
    };
    let mut firsts = Vec::new();
    for c in t
        .signature_prefix
        .iter()
        .flat_map(|p| p.words.iter())
        .filter_map(|w| w.chars().next())
    {
        for f in c.to_lowercase().chain(c.to_uppercase()).chain([c]) {
            if !firsts.contains(&f) {
                firsts.push(f);
            }
        }
    }
    Ok(Prefixes {
        any: compile(false, ".*")?,
        on_behalf: compile(true, ".+")?,
        firsts,
    })
}

fn roles(g: Grammars) -> &'static [String] {
    g.cached::<Vec<String>>(Slot::SignerRoles, build_roles)
}

fn build_roles(g: Grammars) -> Result<Vec<String>> {
    Ok({
        let t: Roles = g.table("document_bodies")?;
        let mut v: Vec<String> = t.role.into_iter().flat_map(|r| r.forms).collect();
        v.sort_by_key(|s| std::cmp::Reverse(s.len()));
        v
    })
}

/// The lower case of the first `n` chars of `s`: enough to test whether the
/// lower case of all of `s` starts with an `n`-char text (a char never
/// lower-cases to nothing).
pub fn lower_prefix(s: &str, n: usize) -> String {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    s.get(..end).unwrap_or(s).to_lowercase()
}

/// A signature-block line: "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN
/// DÂN", "THỦ TƯỚNG".
pub fn is_role(g: Grammars, t: &str) -> bool {
    let p = prefixes(g);
    let tt = t.trim();
    // a signature prefix ("TM.", "KT."): only its first letter, in either
    // case, upper-cases to a text that starts with it
    if let Some(r) = p
        .any
        .as_ref()
        .filter(|_| tt.starts_with(p.firsts.as_slice()))
    {
        let u = tt.to_uppercase();
        if let Some(c) = r.captures(&u) {
            // "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH": any body or role
            let rest = c.get(1).map_or("", |m| m.as_str());
            return !rest.is_empty();
        }
    }
    // upper-casing never makes a text shorter in chars
    if tt.chars().nth(59).is_some() || !is_caps(t) {
        return false;
    }
    let u = tt.to_uppercase();
    u.chars().count() < 60
        && roles(g)
            .iter()
            .any(|r| u == *r || u.starts_with(&format!("{r} ")))
}

/// The issuer named by a signature block ("TM. ỦY BAN NHÂN DÂN") after
/// line `k`, its locality taken from `title`.
pub fn signing_body(
    g: Grammars,
    lines: &[LogLine],
    k: usize,
    title: Option<&str>,
) -> Option<Issuer> {
    let r = prefixes(g).on_behalf.as_ref()?;
    let loc = title.and_then(|x| issuer::first_locality(g, x))?;
    for i in k..lines.len() {
        let Some(l) = lines.get(i) else { break };
        let u = l.text.to_uppercase();
        let Some(c) = r.captures(&u) else { continue };
        let mut body = c.get(1).map_or("", |m| m.as_str()).to_string();
        // "TM. ỦY BAN NHÂN" / "DÂN"
        if let Some(nx) = lines.get(i + 1) {
            if nx.cell == l.cell && is_caps(&nx.text) && !is_role(g, &nx.text) {
                body = format!("{body} {}", nx.text);
            }
        }
        let iss = issuer::read(g, &format!("{body} {loc}"));
        if iss.as_ref().is_some_and(|i| !i.central && i.unit.is_some()) {
            return iss;
        }
    }
    None
}

/// A role alone on its line ("CHỦ TỊCH"), with no words after it.
fn is_role_exact(g: Grammars, t: &str) -> bool {
    let u = t.trim().to_uppercase();
    is_caps(t) && roles(g).contains(&u)
}

/// The signer: the first name under a signature block after line `k`.
pub fn signer(g: Grammars, lines: &[LogLine], k: usize) -> Option<String> {
    let mut i = k;
    while i < lines.len() {
        let Some(l) = lines.get(i) else { break };
        if let Some(name) = inline_signature(g, &l.text) {
            return Some(name);
        }
        if is_role(g, &l.text) {
            let mut j = i + 1;
            while j < lines.len() && j <= i + 5 {
                let Some(n) = lines.get(j) else { break };
                if is_placeholder(g, &n.text) {
                    // "(Đã ký) Lê Văn Hưng": the name after the mark
                    let rest = super::forms::without_placeholders(g, &n.text);
                    if is_name(g, &rest) {
                        return Some(rest);
                    }
                }
                if is_role(g, &n.text)
                    || is_placeholder(g, &n.text)
                    || is_caps(&n.text) && n.text.len() < 12
                {
                    j += 1;
                    continue;
                }
                if is_name(g, &n.text) {
                    return Some(n.text.trim().to_string());
                }
                // a name broken over two lines: "Phùng" / "Thị Hồng Hà"
                if let Some(nx) = lines.get(j + 1) {
                    let joined = format!("{} {}", n.text.trim(), nx.text.trim());
                    if nx.cell == n.cell && !n.text.contains(' ') && is_name(g, &joined) {
                        return Some(joined);
                    }
                }
                break;
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    None
}

/// A whole signature block on one line, as a table cell prints it:
/// "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Sơn" -> "Nguyễn Văn Sơn".
fn inline_signature(g: Grammars, t: &str) -> Option<String> {
    let t = super::forms::without_placeholders(g, t);
    let mut words = t.split_whitespace();
    let mut head: Vec<&str> = Vec::new();
    let first = loop {
        let w = words.next()?;
        if w.chars().any(char::is_lowercase) {
            break w;
        }
        head.push(w);
    };
    if head.is_empty() {
        return None;
    }
    let mut tail: Vec<&str> = Vec::new();
    for w in std::iter::once(first).chain(words) {
        if is_placeholder(g, w) {
            continue;
        }
        tail.push(w);
        // a name has at most six words (`is_name`)
        if tail.len() > 6 {
            return None;
        }
    }
    if tail.is_empty() {
        return None;
    }
    let head = head.join(" ");
    let tail = tail.join(" ");
    (is_role(g, &head) && is_name(g, &tail)).then_some(tail)
}

/// True when a line stands where a signature goes ("(Đã ký)", "[Chữ ký
/// số]", an image: grammars/document_forms.toml `[[signature_line]]`).
/// Only the start of the line is lower-cased: the chars read are more
/// than the longest pattern, the patterns hold no sigma (whose lower case
/// alone depends on what follows), and a longer line lower-cases to more
/// chars than the one pattern it must equal. A line whose first char
/// lower-cases to no pattern's first char is not lower-cased at all.
pub fn is_placeholder(g: Grammars, t: &str) -> bool {
    let Some(first) = t.chars().next().and_then(|c| c.to_lowercase().next()) else {
        return false;
    };
    let p = super::forms::signature_lines(g);
    let opens = |w: &String| w.starts_with(first);
    if !p.starts.iter().any(opens) && !p.whole.iter().any(opens) {
        return false;
    }
    let head = t
        .char_indices()
        .nth(p.chars)
        .and_then(|(i, _)| t.get(..i))
        .unwrap_or(t);
    is_placeholder_lower(g, &head.to_lowercase())
}

/// [`is_placeholder`] of a lower-cased line (or the lower-cased start of one).
fn is_placeholder_lower(g: Grammars, l: &str) -> bool {
    let p = super::forms::signature_lines(g);
    p.starts.iter().any(|w| l.starts_with(w.as_str())) || p.whole.iter().any(|w| l == w)
}

/// A person's name on its own line: two to six words, each capitalised
/// ("Trần Quốc Nam"), the first none that opens a line of another kind
/// ("Nơi nhận", "Như Điều 4": grammars/document_forms.toml
/// `[[not_name]]`).
pub fn is_name(g: Grammars, t: &str) -> bool {
    has_the_shape_of_a_name(t)
        && !t
            .split_whitespace()
            .next()
            .is_some_and(|w| super::forms::not_name_words(g).any(|n| n == w))
}

/// Two to six words, each capitalised and the rest of it in small letters.
pub fn has_the_shape_of_a_name(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    if !(2..=6).contains(&words.len()) {
        return false;
    }
    words.iter().all(|w| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(char::is_lowercase)
    })
}

/// "có hiệu lực (thi hành) (kể) từ ngày ký" -> the signing date; "… từ
/// ngày 01/01/2026" -> that date. Looks from `from` on, only at sentences
/// about the document itself ("Quyết định này có hiệu lực", "Điều 3.
/// Quyết định có hiệu lực"), not a cited law's.
pub fn effective(
    text: &str,
    from: usize,
    signed: Option<&str>,
    kind: Option<&str>,
) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &RE,
        r"(?i)có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+(ngày\s+ký|ngày)",
    );
    let hay = text.get(from..).unwrap_or(text);
    let kind = kind.map(str::to_lowercase);
    for c in r.captures_iter(hay) {
        let (Some(all), Some(m)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let back = crate::text::floor_char_boundary(hay, all.start().saturating_sub(120));
        let before = hay.get(back..all.start()).unwrap_or("").to_lowercase();
        let clause = before.rsplit(['.', ';', ':']).next().unwrap_or("").trim();
        let own = clause.ends_with("này")
            || clause.is_empty()
            || kind.as_deref().is_some_and(|k| clause.ends_with(k));
        if !own {
            continue;
        }
        if m.as_str().to_lowercase().ends_with("ký") {
            return signed.map(str::to_string);
        }
        let tail = hay.get(m.start()..)?.to_lowercase();
        return parse_date(&tail).map(|(d, _)| d.iso());
    }
    None
}

/// Builds this module's tables and runs the examples of the roles and
/// signature prefixes of grammars/document_bodies.toml (see
/// [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    g.try_cached(Slot::SignerRoles, build_roles)?;
    g.try_cached(Slot::SignaturePrefixes, build_prefixes)?;
    let t: Roles = g.table("document_bodies")?;
    let examples = t
        .role
        .iter()
        .flat_map(|r| r.examples.iter())
        .chain(t.signature_prefix.iter().flat_map(|p| p.examples.iter()));
    for ex in examples {
        if !is_role(g, ex) {
            return Err(g.error_at(
                "document_bodies",
                ex,
                format!("{ex:?} is not read as a role"),
            ));
        }
    }
    check_forms(g)
}

/// Runs the examples of the entries of grammars/document_forms.toml that
/// this module reads: the lines that stand where a signature goes, the
/// words that open no name, the subject lines of a letter and the lines
/// that end a trích yếu.
fn check_forms(g: Grammars) -> Result<()> {
    let t = super::forms::table(g);
    let fail = |ex: &str, what: String| Err(g.error_at("document_forms", ex, what));
    for e in &t.signature_line {
        if let Some(ex) = e.examples.iter().find(|ex| !is_placeholder(g, ex)) {
            return fail(ex, format!("{ex:?} is not read as a signature line"));
        }
        if let Some(ex) = e.not_examples.iter().find(|ex| is_placeholder(g, ex)) {
            return fail(ex, format!("{ex:?} is read as a signature line"));
        }
    }
    for ex in t
        .not_name
        .iter()
        .flat_map(|e| super::forms::texts(&e.examples))
    {
        if !has_the_shape_of_a_name(&ex) || is_name(g, &ex) {
            return fail(
                &ex,
                format!("{ex:?} must look like a name and be read as none"),
            );
        }
    }
    for e in &t.letter_subject {
        for (line, want) in &e.examples {
            let lines = [super::lines::LogLine {
                text: line.clone(),
                start: 0,
                end: line.len(),
                cell: 0,
                strong: false,
                boxed: false,
            }];
            let got = letter_subject(g, &lines, 1);
            if got.as_ref().map(|(k, t)| (*k, t.as_str())) != Some((e.kind.as_str(), want.as_str()))
            {
                return fail(
                    line,
                    format!("{line:?} is read as the letter subject {got:?}, not {want:?}"),
                );
            }
        }
    }
    for e in &t.title_end {
        // a `later` word ends a title only on a line after its first
        let first = !e.later;
        if let Some(ex) = e.examples.iter().find(|ex| !stops_title(g, ex, first)) {
            return fail(ex, format!("{ex:?} does not end a trích yếu"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_patterns_are_shorter_than_what_is_read() {
        let p = super::super::forms::signature_lines(Grammars::builtin());
        assert_eq!(p.chars, 8);
        for w in p.starts.iter().chain(&p.whole) {
            assert!(w.chars().count() < p.chars, "{w}");
            assert!(!w.contains(['σ', 'ς']), "{w}");
            assert_eq!(w.to_lowercase(), *w);
        }
    }

    proptest::proptest! {
        #[test]
        fn placeholder_reads_the_start_as_the_whole_line_does(
            t in "(!\\[|\\[|\\(|)(đã|Đã|ĐÃ|chữ|Chữ|CHỮ|ký|Ký|KÝ|ky|tên|Tên|TÊN| |Σ|İ|K|x|)( |ký|KÝ|tên|TÊN|số|Σ|İ|\\]|\\)|ς|a)*"
        ) {
            let g = Grammars::builtin();
            proptest::prop_assert_eq!(is_placeholder(g, &t), is_placeholder_lower(g, &t.to_lowercase()));
        }
    }

    fn ll(texts: &[&str]) -> Vec<LogLine> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| LogLine {
                text: t.to_string(),
                start: i * 10,
                end: i * 10 + 5,
                cell: 0,
                strong: false,
                boxed: false,
            })
            .collect()
    }

    #[test]
    fn number_tokens_stop_at_the_place() {
        assert_eq!(number_tokens("3210/QĐ - U B ND").0, "3210/QĐ-UBND");
        assert_eq!(number_tokens("565    /TB-UBND").0, "565/TB-UBND");
        assert_eq!(number_tokens("12/QĐ-TTg Hà Nội, ngày").0, "12/QĐ-TTg");
        assert_eq!(number_tokens("/KH-UBND Ninh Bình").0, "/KH-UBND");
    }

    #[test]
    fn number_lines() {
        let l = ll(&[
            "Số: 012/CT-UBND",
            "Số:",
            "2820/QĐ-UBND",
            "Số: /QĐ-UBND",
            "Số hiệu:",
        ]);
        assert_eq!(
            number_line(crate::rules::Grammars::builtin(), &l, 0),
            Some(Some("012/CT-UBND".into()))
        );
        assert_eq!(
            number_line(crate::rules::Grammars::builtin(), &l, 1),
            Some(Some("2820/QĐ-UBND".into()))
        );
        assert_eq!(
            number_line(crate::rules::Grammars::builtin(), &l, 3),
            Some(None)
        );
        assert_eq!(number_line(crate::rules::Grammars::builtin(), &l, 4), None);
    }

    #[test]
    fn a_header_without_its_motto() {
        let l = ll(&[
            "ỦY BAN NHÂN DÂN",
            "HUYỆN CÁT HẢI",
            "Số: 12/KH-UBND",
            "KẾ HOẠCH",
        ]);
        let h = header(crate::rules::Grammars::builtin(), &l, 3);
        assert_eq!(
            h.issuer.map(|i| i.name).as_deref(),
            Some("Ủy ban nhân dân huyện Cát Hải")
        );
        assert_eq!(h.number.as_deref(), Some("12/KH-UBND"));
    }

    #[test]
    fn parent_and_sub_body_lines() {
        let read = |ls: &[&str]| {
            let parts: Vec<String> = ls.iter().map(|s| s.to_string()).collect();
            read_issuer_lines(crate::rules::Grammars::builtin(), &parts).unwrap_or_default()
        };
        let i = read(&["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"]);
        assert_eq!(i.name, "Sở Công thương tỉnh Lào Cai");
        assert_eq!(i.level.as_deref(), Some("tỉnh"));
        assert_eq!(i.province.map(|p| p.name.as_str()), Some("Lào Cai"));
        let i = read(&["UBND HUYỆN CÁT HẢI", "PHÒNG NỘI VỤ"]);
        assert_eq!(i.name, "Phòng Nội vụ huyện Cát Hải");
        assert_eq!(i.level.as_deref(), Some("huyện"));
        let i = read(&["ỦY BAN MTTQ VIỆT NAM", "XÃ LƯƠNG MINH", "BAN THƯỜNG TRỰC"]);
        assert_eq!(
            i.name,
            "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Lương Minh"
        );
        assert_eq!(i.level.as_deref(), Some("xã"));
        let i = read(&["ĐẢNG BỘ TỈNH NGHỆ AN", "TỈNH ỦY"]);
        assert_eq!(i.name, "Tỉnh ủy Nghệ An");
        assert_eq!(i.province.map(|p| p.name.as_str()), Some("Nghệ An"));
        let i = read(&["ĐẢNG BỘ XÃ KIẾN MINH", "ĐẢNG ỦY XÃ"]);
        assert_eq!(i.name, "Đảng ủy xã Kiến Minh");
        let i = read(&["ĐẢNG BỘ TỈNH QUẢNG NINH", "ĐẢNG ỦY XÃ LƯƠNG MINH"]);
        assert_eq!(i.name, "Đảng ủy xã Lương Minh");
        assert_eq!(i.level.as_deref(), Some("xã"));
        assert_eq!(i.province.map(|p| p.name.as_str()), Some("Quảng Ninh"));
        let i = read(&["HĐND TỈNH BẮC NINH", "THƯỜNG TRỰC"]);
        assert_eq!(i.name, "Thường trực Hội đồng nhân dân tỉnh Bắc Ninh");
        // a central parent lends no locality
        let i = read(&["BỘ NỘI VỤ", "VĂN PHÒNG"]);
        assert_eq!(i.name, "Văn phòng Bộ Nội vụ");
        assert!(i.central && i.level.is_none());
        let i = read(&["BỘ Y TẾ", "CỤC QUẢN LÝ DƯỢC"]);
        assert_eq!(i.name, "Cục Quản lý dược");
        assert!(i.central && i.level.is_none());
        assert!(
            read_issuer_lines(
                crate::rules::Grammars::builtin(),
                &["Căn cứ Luật".to_string()]
            )
            .is_none()
        );
    }

    #[test]
    fn place_and_date() {
        let l = ll(&["Ninh Thuận, ngày", "27 tháng 10 năm 2021"]);
        let (p, d) = place_date(crate::rules::Grammars::builtin(), &l, 0).unwrap_or_default();
        assert_eq!(p.as_deref(), Some("Ninh Thuận"));
        assert_eq!(d, "2021-10-27");
        let l = ll(&["Thành phố Hồ", "Chí Minh, ngày 18 tháng 11 năm 2025"]);
        let (p, _) = place_date(crate::rules::Grammars::builtin(), &l, 1).unwrap_or_default();
        assert_eq!(p.as_deref(), Some("Thành phố Hồ Chí Minh"));
        let l = ll(&["Qu ả ng Ngãi, ngày 26 tháng 0 6 năm 2018"]);
        let (p, d) = place_date(crate::rules::Grammars::builtin(), &l, 0).unwrap_or_default();
        assert_eq!(p.as_deref(), Some("Quảng Ngãi"));
        assert_eq!(d, "2018-06-26");
        let l = ll(&["T hành phố Hồ Chí M inh, ngày /01/2022"]);
        let (p, d) = place_date(crate::rules::Grammars::builtin(), &l, 0).unwrap_or_default();
        assert_eq!(p.as_deref(), Some("Thành phố Hồ Chí Minh"));
        assert_eq!(d, "2022-01");
        let l = ll(&["Thành phố Huế,", "ngày 18 tháng 11 năm 2025"]);
        let (p, _) = place_date(crate::rules::Grammars::builtin(), &l, 1).unwrap_or_default();
        assert_eq!(p.as_deref(), Some("Thành phố Huế"));
        let l = ll(&["Số: 12/QĐ-UBND Hà Nội, ngày 02/3/2024"]);
        let (p, _) = place_date(crate::rules::Grammars::builtin(), &l, 0).unwrap_or_default();
        assert_eq!(p.as_deref(), Some("Hà Nội"));
    }

    #[test]
    fn a_title_in_capitals_goes_on_with_its_years() {
        let l = ll(&[
            "KẾ HOẠCH",
            "TRIỂN KHAI PHONG TRÀO BÌNH DÂN HỌC VỤ SỐ GIAI ĐOẠN",
            "2025 - 2030",
            "Thực hiện Kế hoạch số 01-KH/BCĐTW;",
        ]);
        let (t, after) = title(crate::rules::Grammars::builtin(), &l, 0, "");
        assert_eq!(
            t.as_deref(),
            Some("Triển khai phong trào bình dân học vụ số giai đoạn 2025 - 2030")
        );
        assert_eq!(after, 3);
        let l = ll(&[
            "QUYẾT ĐỊNH",
            "V/v: Phê duyệt Đề án phát triển",
            "Căn cứ Luật;",
        ]);
        assert_eq!(
            title(crate::rules::Grammars::builtin(), &l, 0, "")
                .0
                .as_deref(),
            Some("Phê duyệt Đề án phát triển")
        );
    }

    #[test]
    fn titles_join_and_drop_the_kind() {
        let l = ll(&[
            "QUYẾT ĐỊNH",
            "BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH NINH THUẬN",
            "GIAI ĐOẠN 2021 - 2025",
            "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN",
            "Căn cứ Luật",
        ]);
        let (t, after) = title(crate::rules::Grammars::builtin(), &l, 0, "");
        assert_eq!(
            t.as_deref(),
            Some("Ban hành kế hoạch cải cách hành chính tỉnh Ninh Thuận giai đoạn 2021 - 2025")
        );
        assert_eq!(after, 3);
        let l2 = ll(&[
            "KẾ HOẠCH",
            "THỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG NGÀY 15 THÁNG 8 NĂM 2024 CỦA",
            "THỦ TƯỚNG CHÍNH PHỦ VỀ CÔNG TÁC DÂN SỐ",
            "CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA",
        ]);
        let (t2, _) = title(crate::rules::Grammars::builtin(), &l2, 0, "");
        assert_eq!(
            t2.as_deref(),
            Some(
                "Thực hiện chỉ thị số 27/CT-TTG ngày 15 tháng 8 năm 2024 của thủ tướng chính phủ về công tác dân số chương trình mục tiêu quốc gia"
            )
        );
        assert_eq!(
            authority(crate::rules::Grammars::builtin(), &l, after)
                .map(|i| i.name)
                .as_deref(),
            Some("Ủy ban nhân dân tỉnh Ninh Thuận")
        );
    }

    #[test]
    fn attached_lines() {
        let l = ll(&[
            "(Ban hành kèm theo Quyết định số /QĐ-UBND ngày /01/2022",
            "của Ủy ban nhân dân thành phố Cam Ranh)",
        ]);
        let a = find_attached(crate::rules::Grammars::builtin(), &l, 0);
        let a = a.as_ref();
        assert_eq!(a.map(|a| a.kind.name.as_str()), Some("Quyết định"));
        assert_eq!(a.and_then(|a| a.number.clone()), None);
        assert_eq!(a.and_then(|a| a.date.clone()).as_deref(), Some("2022-01"));
        assert_eq!(
            a.and_then(|a| a.issuer.clone()).map(|i| i.name).as_deref(),
            Some("Ủy ban nhân dân thành phố Cam Ranh")
        );
        let l = ll(&[
            "(Kèm theo Quyết định số: 465/QĐ-UBND ngày 23 tháng 4 năm 2026 của Chủ tịch Ủy ban nhân dân xã)",
        ]);
        let a = find_attached(crate::rules::Grammars::builtin(), &l, 0);
        assert_eq!(
            a.as_ref().and_then(|a| a.number.clone()).as_deref(),
            Some("465/QĐ-UBND")
        );
        assert_eq!(
            a.as_ref().and_then(|a| a.date.clone()).as_deref(),
            Some("2026-04-23")
        );
    }

    #[test]
    fn signatures() {
        let l = ll(&[
            "QUYẾT ĐỊNH",
            "- Lưu: VT.",
            "TM. ỦY BAN NHÂN",
            "DÂN",
            "CHỦ TỊCH",
            "Trần Quốc Nam",
        ]);
        assert_eq!(
            signer(crate::rules::Grammars::builtin(), &l, 0).as_deref(),
            Some("Trần Quốc Nam")
        );
        let l = ll(&[
            "KT. THỦ TƯỚNG",
            "PHÓ THỦ TƯỚNG",
            "[đã ký]",
            "Nguyễn Hòa Bình",
        ]);
        assert_eq!(
            signer(crate::rules::Grammars::builtin(), &l, 0).as_deref(),
            Some("Nguyễn Hòa Bình")
        );
        let l = ll(&[
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
            "Nguyễn Thanh Bình",
        ]);
        assert_eq!(
            signer(crate::rules::Grammars::builtin(), &l, 0).as_deref(),
            Some("Nguyễn Thanh Bình")
        );
        let l = ll(&["CHỦ TỊCH", "Phùng", "Thị Hồng Hà"]);
        assert_eq!(
            signer(crate::rules::Grammars::builtin(), &l, 0).as_deref(),
            Some("Phùng Thị Hồng Hà")
        );
        let l = ll(&["Nơi nhận: - Lưu: VT.", "CHỦ TỊCH Nguyễn Văn Sơn"]);
        assert_eq!(
            signer(crate::rules::Grammars::builtin(), &l, 0).as_deref(),
            Some("Nguyễn Văn Sơn")
        );
        assert_eq!(
            inline_signature(
                crate::rules::Grammars::builtin(),
                "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn An"
            )
            .as_deref(),
            Some("Lê Văn An")
        );
        assert_eq!(
            inline_signature(
                crate::rules::Grammars::builtin(),
                "CHỦ TỊCH ỦY BAN NHÂN DÂN Tỉnh"
            ),
            None
        );
        let l = ll(&["CHỦ TỊCH", "Phần I."]);
        assert_eq!(signer(crate::rules::Grammars::builtin(), &l, 0), None);
        assert!(is_name(Grammars::builtin(), "Bùi Tuấn Mạnh"));
        assert!(!is_name(Grammars::builtin(), "Như Điều 4"));
        assert!(!is_name(Grammars::builtin(), "Trần"));
    }

    #[test]
    fn signing_bodies() {
        let l = ll(&[
            "KẾ HOẠCH",
            "TM. ỦY BAN NHÂN",
            "DÂN",
            "CHỦ TỊCH",
            "Bùi Tuấn Mạnh",
        ]);
        let i = signing_body(
            crate::rules::Grammars::builtin(),
            &l,
            0,
            Some("Cải cách hành chính huyện Cát Hải năm 2023"),
        );
        assert_eq!(
            i.map(|i| i.name).as_deref(),
            Some("Ủy ban nhân dân huyện Cát Hải")
        );
        assert!(
            signing_body(
                crate::rules::Grammars::builtin(),
                &l,
                0,
                Some("Cải cách hành chính năm 2023")
            )
            .is_none()
        );
    }

    #[test]
    fn effective_dates() {
        let q = Some("Quyết định");
        let t = "Điều 3.\nQuyết định có hiệu lực thi hành kể từ ngày ký ban hành.";
        assert_eq!(
            effective(t, 0, Some("2021-10-27"), q).as_deref(),
            Some("2021-10-27")
        );
        let t = "Nghị quyết này có hiệu lực từ ngày 01/01/2026.";
        assert_eq!(effective(t, 0, None, None).as_deref(), Some("2026-01-01"));
        assert_eq!(effective("không có", 0, None, q), None);
        let t = "Luật Dữ liệu có hiệu lực từ ngày 01/7/2025, các sở triển khai.";
        assert_eq!(effective(t, 0, None, Some("Kế hoạch")), None);
    }
}
