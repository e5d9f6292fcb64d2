//! Issuers: an issuer line as a header prints it ("ỦY BAN NHÂN DÂN TỈNH
//! NINH THUẬN", "UBND huyện Cát Hải", "BỘ NỘI VỤ") read into the body
//! spelled out, its locality and its level. The words are data in
//! grammars/document_bodies.toml.

use super::places::{self, Province};
use crate::error::Result;
use crate::rules::{Grammars, Slot};
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Clone, Deserialize)]
struct Body {
    #[serde(rename = "match")]
    forms: Vec<String>,
    name: String,
    #[serde(default)]
    local: bool,
    #[serde(default)]
    central: bool,
    #[serde(default)]
    generic: bool,
    /// The unit the body's name already says ("Tỉnh ủy" is of a tỉnh): the
    /// place name follows with no unit word.
    #[serde(default)]
    implied: Option<String>,
    /// A body of the body that follows or, printed alone, of the parent
    /// line above it ("BAN THƯỜNG VỤ", "BAN THƯỜNG TRỰC", "VĂN PHÒNG").
    #[serde(default)]
    of: bool,
    /// The level of the body when no locality says it ("Sở" is "tỉnh").
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    examples: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
struct Unit {
    #[serde(rename = "match")]
    forms: Vec<String>,
    name: String,
    level: String,
}

#[derive(Debug, Deserialize)]
struct Table {
    body: Vec<Body>,
    unit: Vec<Unit>,
}

fn table(g: Grammars) -> &'static Table {
    g.cached::<Table>(Slot::DocumentBodies, build_table)
}

fn build_table(g: Grammars) -> Result<Table> {
    g.table("document_bodies")
}

/// An issuer read from a line.
#[derive(Debug, Clone, Default)]
pub struct Issuer {
    /// Body and locality spelled out: "Ủy ban nhân dân tỉnh Ninh Thuận".
    pub name: String,
    /// The unit word of the locality ("tỉnh", "huyện", "xã"), if any.
    pub unit: Option<String>,
    /// The locality's own name ("Ninh Thuận"), if any.
    pub place: Option<String>,
    /// "tỉnh", "huyện", "xã"; None for central bodies or when unknown.
    pub level: Option<String>,
    pub central: bool,
    /// The province the locality is, when it is one.
    pub province: Option<&'static Province>,
    /// True when the whole line was read as the issuer (nothing but a body
    /// and a short locality): an authority line, not a sentence or title.
    pub whole: bool,
    /// The name says the unit ("Tỉnh ủy"): the place follows it directly.
    pub implied: bool,
    /// A body of a parent printed alone ("BAN THƯỜNG TRỰC"): its name is
    /// completed with the parent's (see `of_parent`).
    pub bare: bool,
    /// Bytes at the start of `name` whose capitals were guessed from a caps
    /// line ("SỞ CÔNG THƯƠNG" -> "Sở Công thương"); see [`recase`].
    pub guessed: usize,
}

/// Upper case with the old-style "UỶ" written as "ỦY".
fn upper(s: &str) -> String {
    s.to_uppercase().replace("UỶ", "ỦY")
}

/// Vietnamese title case: "CAM RANH" -> "Cam Ranh".
pub fn title_case(s: &str) -> String {
    s.split(' ')
        .filter(|w| !w.is_empty())
        .map(capitalise_lower)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first letter made capital, the rest as it is.
pub fn capitalise_first(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// "NỘI VỤ" -> "Nội vụ": lower case with the first letter capital.
pub fn capitalise_lower(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut cs = lower.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// A body's own name: "VĂN HÓA, THỂ THAO VÀ DU LỊCH" -> "Văn hóa, Thể
/// thao và Du lịch" (each part after a comma or "và" capitalised).
fn own_name(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut out = String::new();
    for (i, part) in lower.split(", ").enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let parts: Vec<String> = part.split(" và ").map(capitalise_lower).collect();
        out.push_str(&parts.join(" và "));
    }
    out
}

fn strip_form<'a>(u: &'a str, forms: &[String]) -> Option<&'a str> {
    for f in forms {
        if let Some(rest) = u.strip_prefix(f.as_str()) {
            let ok = f.ends_with(' ')
                || f.ends_with('.')
                || rest.is_empty()
                || rest.starts_with([' ', ',', '.']);
            if ok {
                return Some(rest.trim_start_matches(['.', ' ']));
            }
        }
    }
    None
}

/// Reads a locality ("TỈNH NINH THUẬN", "thành phố Cam Ranh", "XÃ") at the
/// start of `rest`: (unit word, place name as printed in title case, level).
fn locality(g: Grammars, rest: &str) -> Option<(String, Option<String>, String)> {
    let u = upper(rest.trim());
    for unit in &table(g).unit {
        if let Some(name) = strip_form(&u, &unit.forms) {
            let name = name.trim().trim_end_matches(['.', ',', ';', ')']).trim();
            let place = if name.is_empty() {
                None
            } else {
                Some(title_case(name))
            };
            return Some((unit.name.clone(), place, unit.level.clone()));
        }
    }
    None
}

/// Reads an issuer line; None when it does not open with a known body.
pub fn read(g: Grammars, line: &str) -> Option<Issuer> {
    let u = upper(line.trim());
    let u = u.trim_end_matches(['.', ',', ';', ')', ' ']);
    for body in &table(g).body {
        let Some(rest) = strip_form(u, &body.forms) else {
            continue;
        };
        if body.of {
            if let Some(iss) = read_of(g, body, rest) {
                return Some(iss);
            }
        }
        if let Some(unit) = &body.implied {
            return Some(read_implied(g, body, unit, rest));
        }
        let mut iss = read_body(g, body, rest)?;
        if iss.level.is_none() && !iss.central {
            iss.level.clone_from(&body.level);
        }
        return Some(iss);
    }
    None
}

/// A body "of" what follows: "BAN THƯỜNG VỤ TỈNH ỦY NGHỆ AN" is the
/// standing committee of "Tỉnh ủy Nghệ An"; printed alone it waits for a
/// parent line. None when what follows is no body (read as generic then).
fn read_of(g: Grammars, body: &Body, rest: &str) -> Option<Issuer> {
    if rest.is_empty() {
        return Some(Issuer {
            name: body.name.clone(),
            central: body.central,
            whole: true,
            bare: true,
            ..Default::default()
        });
    }
    let mut inner = read(g, rest)?;
    inner.name = format!("{} {}", body.name, inner.name);
    inner.bare = false;
    inner.guessed = 0;
    Some(inner)
}

/// A body whose name says its unit: "TỈNH ỦY NGHỆ AN" -> "Tỉnh ủy Nghệ An".
fn read_implied(g: Grammars, body: &Body, unit: &str, rest: &str) -> Issuer {
    let place = rest.trim().trim_end_matches(['.', ',', ';', ')']).trim();
    let mut iss = Issuer {
        name: body.name.clone(),
        implied: true,
        whole: place.split_whitespace().count() <= 5 && !place.contains([',', ';', ':']),
        ..Default::default()
    };
    let level = table(g)
        .unit
        .iter()
        .find(|u| u.name == unit)
        .map_or_else(|| unit.to_string(), |u| u.level.clone());
    let place = (!place.is_empty()).then(|| title_case(place));
    set_locality(g, &mut iss, unit.to_string(), place, level);
    iss
}

/// A body with its own name or its locality after the match.
fn read_body(g: Grammars, body: &Body, rest: &str) -> Option<Issuer> {
    if body.generic {
        // a locality may follow the body's own name: "SỞ NỘI VỤ TỈNH X"
        let (own, loc) = split_locality(g, rest);
        if own.is_empty() && body.name.split(' ').count() < 2 {
            return None;
        }
        let name = if own.is_empty() {
            body.name.clone()
        } else {
            format!("{} {}", body.name, own_name(own))
        };
        let mut iss = Issuer {
            guessed: if own.is_empty() { 0 } else { name.len() },
            name,
            central: body.central,
            whole: own.split_whitespace().count() <= 8,
            ..Default::default()
        };
        if let Some(l) = loc {
            apply_locality(g, &mut iss, l);
        }
        return Some(iss);
    }
    let mut iss = Issuer {
        name: body.name.clone(),
        central: body.central,
        whole: rest.is_empty(),
        ..Default::default()
    };
    if body.local && !rest.is_empty() {
        if let Some((unit, place, level)) = locality(g, rest) {
            iss.whole = place
                .as_deref()
                .is_none_or(|p| p.split_whitespace().count() <= 5 && !p.contains([',', ';', ':']));
            set_locality(g, &mut iss, unit, place, level);
        } else if let Some(p) = places::lookup(g, rest) {
            // "UBND Khánh Hòa"
            iss.whole = true;
            set_locality(
                g,
                &mut iss,
                "tỉnh".into(),
                Some(p.name.clone()),
                "tỉnh".into(),
            );
        }
    }
    Some(iss)
}

/// Gives a body name guessed from caps the capitals the text prints it
/// with ("Sở Công thương" -> "Sở Công Thương" when the text says so): the
/// first mention, not in caps, that differs from it only by case.
pub fn recase(iss: &mut Issuer, text: &str) {
    let Some(own) = iss.name.get(..iss.guessed).filter(|o| !o.is_empty()) else {
        return;
    };
    let Ok(re) = regex::Regex::new(&format!(r"(?i)\b{}\b", regex::escape(own))) else {
        return;
    };
    let printed = re.find_iter(text).map(|m| m.as_str()).find(|m| {
        m.len() == own.len()
            && m.chars().next().is_some_and(char::is_uppercase)
            && m.chars().any(char::is_lowercase)
    });
    if let Some(p) = printed {
        iss.name = format!("{p}{}", iss.name.get(iss.guessed..).unwrap_or(""));
    }
}

/// "BAN THƯỜNG TRỰC" printed under "ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH":
/// the sub-body of that parent, with its locality.
pub fn of_parent(sub: &Issuer, parent: &Issuer) -> Issuer {
    Issuer {
        name: format!("{} {}", sub.name, parent.name),
        whole: true,
        bare: false,
        guessed: 0,
        ..parent.clone()
    }
}

fn split_locality(g: Grammars, rest: &str) -> (&str, Option<&str>) {
    let mut best: Option<usize> = None;
    for unit in &table(g).unit {
        for f in &unit.forms {
            if rest.starts_with(&format!("{f} ")) {
                return ("", Some(rest));
            }
            if let Some(i) = rest.find(&format!(" {f} ")) {
                best = Some(best.map_or(i, |b| b.min(i)));
            }
        }
    }
    match best {
        Some(i) => (
            rest.get(..i).unwrap_or(rest).trim(),
            rest.get(i + 1..).map(str::trim),
        ),
        None => (rest, None),
    }
}

fn apply_locality(g: Grammars, iss: &mut Issuer, loc: &str) {
    if let Some((unit, place, level)) = locality(g, loc) {
        set_locality(g, iss, unit, place, level);
    }
}

/// Fills unit, place, level and province, and appends the locality to the
/// name.
pub fn set_locality(
    g: Grammars,
    iss: &mut Issuer,
    unit: String,
    place: Option<String>,
    level: String,
) {
    let prov = place.as_deref().and_then(|x| places::lookup(g, x));
    let place = match (prov, &place) {
        (Some(p), Some(_)) if places::is_province_unit(g, &unit) => Some(p.name.clone()),
        _ => place,
    };
    let level = match level.as_str() {
        "city" => {
            if prov.is_some_and(|p| p.city) {
                "tỉnh".to_string()
            } else {
                "huyện".to_string()
            }
        }
        _ => level,
    };
    let province = if places::is_province_unit(g, &unit) {
        prov
    } else {
        None
    };
    iss.name = match (&place, iss.implied) {
        (Some(p), true) => format!("{} {}", iss.name, p),
        (None, true) => iss.name.clone(),
        (Some(p), false) => format!("{} {} {}", iss.name, unit, p),
        (None, false) => format!("{} {}", iss.name, unit),
    };
    iss.unit = Some(unit);
    iss.place = place;
    iss.level = Some(level);
    iss.province = province;
}

/// Completes an issuer whose locality was printed without its name
/// ("Ủy ban nhân dân xã") from a name found elsewhere.
pub fn complete(g: Grammars, iss: &mut Issuer, place: &str) {
    if iss.place.is_some() {
        return;
    }
    let Some(unit) = iss.unit.clone() else {
        return;
    };
    let base = iss
        .name
        .strip_suffix(&format!(" {unit}"))
        .unwrap_or(&iss.name)
        .to_string();
    let level = iss.level.clone().unwrap_or_default();
    iss.name = base;
    let level = if unit == "thành phố" {
        "city".to_string()
    } else {
        level
    };
    set_locality(g, iss, unit, Some(title_case(place)), level);
}

/// The first locality a text names with its unit word ("huyện Cát Hải",
/// "tỉnh Nghệ An"), as printed. The unit words come from the rule table
/// (escaped); should an overlay make the pattern too big to compile, no
/// locality is found rather than the run stopping.
pub fn first_locality(g: Grammars, text: &str) -> Option<String> {
    let r = g.cached::<Option<regex::Regex>>(Slot::BodyUnitRegex, build_first_locality);
    let c = r.as_ref()?.captures(text)?;
    Some(format!("{} {}", c.get(1)?.as_str(), c.get(2)?.as_str()))
}

fn build_first_locality(g: Grammars) -> Result<Option<regex::Regex>> {
    Ok({
        let mut names: Vec<String> = table(g)
            .unit
            .iter()
            .map(|u| regex::escape(&u.name))
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        let pat = format!(
            r"(?i:\b({}))\s+(\p{{Lu}}[\p{{Ll}}]*(?:[ ]\p{{Lu}}[\p{{Ll}}]*){{0,3}})",
            names.join("|")
        );
        regex::Regex::new(&pat).ok()
    })
}

type LazyUnits = Vec<(String, OnceLock<Option<regex::Regex>>)>;

/// The name that follows a unit word in a text: `unit_place(t, "xã")`
/// finds "xã Kiến Minh" (any case of the unit word) and gives "Kiến Minh".
/// Each unit's pattern is compiled the first time that unit is asked for
/// (a document names one or two units; compiling all of them costs more
/// than a run over many documents reads).
pub fn unit_place(g: Grammars, text: &str, unit: &str) -> Option<String> {
    let res = g.cached(Slot::BodyUnitRegexes, |g| {
        Ok(table(g)
            .unit
            .iter()
            .map(|u| (u.name.clone(), OnceLock::new()))
            .collect::<LazyUnits>())
    });
    // the first entry of that name whose pattern compiles
    let re = res
        .iter()
        .filter(|(n, _)| n == unit)
        .find_map(|(n, re)| re.get_or_init(|| unit_pattern(n)).as_ref())?;
    re.captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

/// The pattern of [`unit_place`] for one unit word; `None` when it does
/// not compile (an overlay's odd word).
fn unit_pattern(name: &str) -> Option<regex::Regex> {
    let pat = format!(
        r"(?i:\b{})\s+(\p{{Lu}}[\p{{Ll}}]*(?:[ ]\p{{Lu}}[\p{{Ll}}]*){{0,3}})",
        regex::escape(name)
    );
    regex::Regex::new(&pat).ok()
}

/// Builds this module's tables and reads the examples of the bodies of
/// grammars/document_bodies.toml (see [`crate::rules::Grammars::load`]).
pub(crate) fn check(g: Grammars) -> Result<()> {
    let t = g.try_cached(Slot::DocumentBodies, build_table)?;
    g.try_cached(Slot::BodyUnitRegex, build_first_locality)?;
    unit_place(g, "", "");
    for b in &t.body {
        for e in &b.examples {
            let (Some(line), Some(want), None) = (e.first(), e.get(1), e.get(2)) else {
                return Err(g.error_at(
                    "document_bodies",
                    e.first().map_or(b.name.as_str(), String::as_str),
                    format!("an example of {} must be [line, issuer]", b.name),
                ));
            };
            let got = read(g, line).map(|i| i.name);
            if got.as_deref() != Some(want.as_str()) {
                return Err(g.error_at(
                    "document_bodies",
                    line,
                    format!("{line:?} is read as the issuer {got:?}, not {want:?}"),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_examples() {
        if let Err(e) = check(crate::rules::Grammars::builtin()) {
            panic!("{e}");
        }
    }

    #[test]
    fn levels_and_provinces() {
        let i = read(
            crate::rules::Grammars::builtin(),
            "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN",
        )
        .unwrap_or_default();
        assert_eq!(i.level.as_deref(), Some("tỉnh"));
        assert_eq!(i.province.map(|p| p.name.as_str()), Some("Ninh Thuận"));
        let i = read(
            crate::rules::Grammars::builtin(),
            "Ủy ban nhân dân thành phố Cam Ranh",
        )
        .unwrap_or_default();
        assert_eq!(i.name, "Ủy ban nhân dân thành phố Cam Ranh");
        assert_eq!(i.level.as_deref(), Some("huyện"));
        assert!(i.province.is_none());
        let i =
            read(crate::rules::Grammars::builtin(), "UBND THÀNH PHỐ CẦN THƠ").unwrap_or_default();
        assert_eq!(i.level.as_deref(), Some("tỉnh"));
        let i = read(
            crate::rules::Grammars::builtin(),
            "UỶ BAN NHÂN DÂN XÃ KIẾN MINH",
        )
        .unwrap_or_default();
        assert_eq!(i.name, "Ủy ban nhân dân xã Kiến Minh");
        assert_eq!(i.level.as_deref(), Some("xã"));
        let i = read(crate::rules::Grammars::builtin(), "THỦ TƯỚNG CHÍNH PHỦ").unwrap_or_default();
        assert!(i.central && i.whole);
        let i = read(
            crate::rules::Grammars::builtin(),
            "THỦ TƯỚNG CHÍNH PHỦ VỀ VIỆC TĂNG CƯỜNG",
        )
        .unwrap_or_default();
        assert!(!i.whole);
        assert_eq!(i.level, None);
        let i = read(
            crate::rules::Grammars::builtin(),
            "SỞ CÔNG THƯƠNG TỈNH LÀO CAI",
        )
        .unwrap_or_default();
        assert_eq!(i.name, "Sở Công thương tỉnh Lào Cai");
        assert_eq!(i.province.map(|p| p.current.as_str()), Some("Lào Cai"));
        assert!(
            read(
                crate::rules::Grammars::builtin(),
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
            )
            .is_none()
        );
        assert!(read(crate::rules::Grammars::builtin(), "Căn cứ Luật").is_none());
    }

    #[test]
    fn party_bodies_say_their_unit() {
        let i = read(crate::rules::Grammars::builtin(), "TỈNH ỦY NGHỆ AN").unwrap_or_default();
        assert_eq!(i.name, "Tỉnh ủy Nghệ An");
        assert_eq!(i.level.as_deref(), Some("tỉnh"));
        assert_eq!(i.province.map(|p| p.name.as_str()), Some("Nghệ An"));
        assert!(i.whole);
        let i = read(crate::rules::Grammars::builtin(), "THÀNH ỦY CAM RANH").unwrap_or_default();
        assert_eq!(i.name, "Thành ủy Cam Ranh");
        assert_eq!(i.level.as_deref(), Some("huyện"));
        assert!(i.province.is_none());
        let i = read(
            crate::rules::Grammars::builtin(),
            "BAN THƯỜNG VỤ TỈNH ỦY HÀ GIANG",
        )
        .unwrap_or_default();
        assert_eq!(i.name, "Ban Thường vụ Tỉnh ủy Hà Giang");
        assert_eq!(i.province.map(|p| p.current.as_str()), Some("Tuyên Quang"));
        let i =
            read(crate::rules::Grammars::builtin(), "ĐẢNG ỦY PHƯỜNG HỒNG GAI").unwrap_or_default();
        assert_eq!(i.level.as_deref(), Some("xã"));
        let i = read(crate::rules::Grammars::builtin(), "TỈNH ỦY").unwrap_or_default();
        assert_eq!(
            (i.name.as_str(), i.unit.as_deref()),
            ("Tỉnh ủy", Some("tỉnh"))
        );
        // printed alone, a body of a parent waits for it
        let i = read(crate::rules::Grammars::builtin(), "BAN THƯỜNG TRỰC").unwrap_or_default();
        assert!(i.bare && i.level.is_none());
        // a sentence is not an authority line
        let i = read(
            crate::rules::Grammars::builtin(),
            "TỈNH ỦY VÀ ỦY BAN NHÂN DÂN TỈNH ĐÃ CHỈ ĐẠO QUYẾT LIỆT, ĐỒNG BỘ",
        )
        .unwrap_or_default();
        assert!(!i.whole);
        assert!(read(crate::rules::Grammars::builtin(), "ĐẢNG CỘNG SẢN VIỆT NAM").is_none());
        assert!(read(crate::rules::Grammars::builtin(), "BAN HÀNH KẾ HOẠCH").is_none());
    }

    #[test]
    fn guessed_capitals_follow_the_text() {
        let mut i = read(
            crate::rules::Grammars::builtin(),
            "SỞ CÔNG THƯƠNG TỈNH LÀO CAI",
        )
        .unwrap_or_default();
        recase(
            &mut i,
            "SỞ CÔNG THƯƠNG\nCăn cứ; Sở Công Thương xây dựng kế hoạch",
        );
        assert_eq!(i.name, "Sở Công Thương tỉnh Lào Cai");
        let mut i = read(crate::rules::Grammars::builtin(), "SỞ NỘI VỤ").unwrap_or_default();
        recase(&mut i, "SỞ NỘI VỤ\ncác sở nội vụ; Sở Nội vụ các tỉnh");
        assert_eq!(i.name, "Sở Nội vụ");
        let mut i = read(
            crate::rules::Grammars::builtin(),
            "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
        )
        .unwrap_or_default();
        recase(&mut i, "Uỷ ban Nhân dân tỉnh Nghệ An");
        assert_eq!(i.name, "Ủy ban nhân dân tỉnh Nghệ An");
    }

    #[test]
    fn a_department_alone_is_of_a_province() {
        let i = read(crate::rules::Grammars::builtin(), "SỞ NỘI VỤ").unwrap_or_default();
        assert_eq!(i.level.as_deref(), Some("tỉnh"));
        assert!(!i.central && i.province.is_none());
        let i = read(
            crate::rules::Grammars::builtin(),
            "BỘ CHỈ HUY QUÂN SỰ TỈNH NGHỆ AN",
        )
        .unwrap_or_default();
        assert!(!i.central);
        assert_eq!(i.level.as_deref(), Some("tỉnh"));
        let i = read(crate::rules::Grammars::builtin(), "BỘ CHÍNH TRỊ").unwrap_or_default();
        assert!(i.central);
    }

    #[test]
    fn localities_in_titles() {
        assert_eq!(
            first_locality(
                crate::rules::Grammars::builtin(),
                "Cải cách hành chính huyện Cát Hải năm 2023"
            )
            .as_deref(),
            Some("huyện Cát Hải")
        );
        assert_eq!(
            first_locality(
                crate::rules::Grammars::builtin(),
                "nhà nước Xã Kiến Minh (giai đoạn)"
            )
            .as_deref(),
            Some("Xã Kiến Minh")
        );
        assert_eq!(
            first_locality(crate::rules::Grammars::builtin(), "trên địa bàn tỉnh"),
            None
        );
        assert_eq!(
            unit_place(
                crate::rules::Grammars::builtin(),
                "nhà nước Xã Kiến Minh (giai đoạn)",
                "xã"
            )
            .as_deref(),
            Some("Kiến Minh")
        );
        assert_eq!(
            unit_place(crate::rules::Grammars::builtin(), "các xã, phường", "xã"),
            None
        );
    }

    #[test]
    fn a_bare_unit_is_completed() {
        let mut i = read(
            crate::rules::Grammars::builtin(),
            "Chủ tịch Ủy ban nhân dân xã",
        )
        .unwrap_or_default();
        // the body, not the office holder (SPEC)
        assert_eq!(i.name, "Ủy ban nhân dân xã");
        complete(crate::rules::Grammars::builtin(), &mut i, "Kiến Minh");
        assert_eq!(i.name, "Ủy ban nhân dân xã Kiến Minh");
        assert_eq!(i.level.as_deref(), Some("xã"));
    }
}
