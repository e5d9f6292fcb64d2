//! Provinces: the table in grammars/provinces.toml (63 units before the
//! July 2025 merger, 34 after, which old one went into which new one) and
//! the ways to find a province in a name or in running text.
//!
//! Names are compared by [`key`]: lower case, no tone marks, no spaces or
//! punctuation, so "Khánh Hoà", "KHÁNH HÒA" and "Kh ánh Hòa" are one name.

use crate::error::Result;
use crate::rules::{Grammars, Slot};
use regex::Regex;
use serde::Deserialize;
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Deserialize)]
pub struct Province {
    pub name: String,
    pub current: String,
    #[serde(default)]
    pub city: bool,
    /// "old", "new" or "both".
    #[serde(default)]
    pub era: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Table {
    province: Vec<Province>,
    #[serde(default)]
    unit: Vec<UnitWords>,
}

/// The words a province's name follows (grammars/provinces.toml
/// `[[unit]]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitWords {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    abbreviations: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

struct Index {
    list: Vec<Province>,
    by_key: HashMap<String, usize>,
    /// The unit words and abbreviations a name may start with, as keys.
    prefixes: Vec<String>,
    /// The unit words (not abbreviations), lower case.
    unit_words: Vec<String>,
    unit: Vec<UnitWords>,
}

fn index(g: Grammars) -> &'static Index {
    g.cached::<Index>(Slot::Provinces, build_index)
}

fn build_index(g: Grammars) -> Result<Index> {
    Ok({
        let t: Table = g.table("provinces")?;
        let mut by_key = HashMap::new();
        for (i, p) in t.province.iter().enumerate() {
            by_key.entry(key(&p.name)).or_insert(i);
        }
        for (i, p) in t.province.iter().enumerate() {
            for a in &p.aliases {
                by_key.entry(key(a)).or_insert(i);
            }
        }
        let mut prefixes: Vec<String> = Vec::new();
        for u in &t.unit {
            for k in u.words.iter().chain(u.abbreviations.iter()).map(|w| key(w)) {
                if !k.is_empty() && !prefixes.contains(&k) {
                    prefixes.push(k);
                }
            }
        }
        let unit_words = t
            .unit
            .iter()
            .flat_map(|u| u.words.iter())
            .map(|w| w.to_lowercase())
            .collect();
        Index {
            list: t.province,
            by_key,
            prefixes,
            unit_words,
            unit: t.unit,
        }
    })
}

/// A unit word of a province ("tỉnh", "thành phố": grammars/provinces.toml
/// `[[unit]]` words), as an issuer's locality prints it in lower case.
pub fn is_province_unit(g: Grammars, unit: &str) -> bool {
    index(g).unit_words.iter().any(|w| w == unit)
}

/// The unit words of a province (grammars/provinces.toml `[[unit]]`
/// words), lower case.
pub fn province_units(g: Grammars) -> impl Iterator<Item = &'static str> {
    index(g).unit_words.iter().map(String::as_str)
}

/// The unit word of a province a name opens with ("Thành phố Huế" →
/// "thành phố"), compared by [`key`]; abbreviations are not read.
pub fn province_unit_of(g: Grammars, name: &str) -> Option<&'static str> {
    let k = key(name);
    index(g)
        .unit_words
        .iter()
        .find(|w| k.starts_with(&key(w)))
        .map(String::as_str)
}

/// A unit word and the name after it in running text: "tỉnh Khánh Hòa",
/// "THÀNH PHỐ HẢI PHÒNG", "TP. HCM" (the name is group 1).
fn mention_re(g: Grammars) -> &'static Regex {
    g.cached::<Regex>(Slot::ProvinceMentions, build_mention_re)
}

fn build_mention_re(g: Grammars) -> Result<Regex> {
    let idx = g.try_cached(Slot::Provinces, build_index)?;
    let mut alts: Vec<String> = Vec::new();
    for u in &idx.unit {
        for w in &u.words {
            let mut chars = w.chars();
            let Some(first) = chars.next() else { continue };
            let rest = regex::escape(chars.as_str());
            let cases: String = first.to_uppercase().chain(first.to_lowercase()).collect();
            // "\b[Tt]ỉnh\s+", "TỈNH\s+"
            alts.push(format!(r"\b[{}]{rest}\s+", regex::escape(&cases)));
            alts.push(format!(r"{}\s+", regex::escape(&w.to_uppercase())));
        }
        for a in &u.abbreviations {
            alts.push(format!(r"\b{}\.?\s*", regex::escape(a)));
        }
    }
    let pattern = format!(
        r"(?:{})(\p{{Lu}}[\p{{L}}.]*(?:(?:[ \t]+|[ \t]*-[ \t]*)\p{{Lu}}[\p{{L}}]*){{0,3}})",
        alts.join("|")
    );
    Regex::new(&pattern).map_err(|e| {
        let at = idx
            .unit
            .iter()
            .flat_map(|u| u.words.iter().chain(u.abbreviations.iter()))
            .next()
            .map_or("[[unit]]", String::as_str);
        g.error_at(
            "provinces",
            at,
            format!("the unit words make no regex: {e}"),
        )
    })
}

/// Builds this module's tables and runs their examples (see
/// [`crate::rules::Grammars::load`]): every province's examples and
/// aliases name it, every unit example names a province, every unit of
/// the district and commune tables belongs to a province of the table
/// and its examples name that province, and every commune's unit word is
/// one grammars/document_units.toml reads from the communes.
pub(crate) fn check(g: Grammars) -> Result<()> {
    let idx = g.try_cached(Slot::Provinces, build_index)?;
    g.try_cached(Slot::ProvinceMentions, build_mention_re)?;
    g.try_cached(Slot::Districts, build_districts)?;
    g.try_cached(Slot::Communes, build_communes)?;
    let u = g.try_cached(Slot::Units, build_units)?;
    for p in &idx.list {
        for ex in p.examples.iter().chain(p.aliases.iter()) {
            let got = lookup(g, ex).map(|q| q.name.as_str());
            if got != Some(p.name.as_str()) {
                return Err(g.error_at(
                    "provinces",
                    ex,
                    format!("{ex:?} names {got:?}, not {:?}", p.name),
                ));
            }
        }
    }
    for ex in idx.unit.iter().flat_map(|u| u.examples.iter()) {
        if mentions(g, ex).is_empty() {
            return Err(g.error_at("provinces", ex, format!("{ex:?} names no province")));
        }
    }
    let d: Districts = g.table("document_districts")?;
    for e in &d.district {
        let Some(p) = lookup(g, &e.province) else {
            return Err(g.error_at(
                "document_districts",
                &e.province,
                format!("{}: no province is called {:?}", e.name, e.province),
            ));
        };
        for ex in &e.examples {
            let got = district_province(g, ex, Some(&e.unit)).map(|q| q.name.as_str());
            if got != Some(p.name.as_str()) {
                return Err(g.error_at(
                    "document_districts",
                    ex,
                    format!("{ex:?} ({}) is placed in {got:?}, not {:?}", e.unit, p.name),
                ));
            }
        }
    }
    let c: Communes = g.table("document_communes")?;
    for e in &c.commune {
        if lookup(g, &e.province).is_none() {
            return Err(g.error_at(
                "document_communes",
                &e.province,
                format!("{}: no province is called {:?}", e.name, e.province),
            ));
        }
        if !u.commune_units.contains(&e.unit.to_lowercase()) {
            return Err(g.error_at(
                "document_communes",
                &e.unit,
                format!(
                    "{}: the unit word {:?} is not in document_units.toml `commune_units`",
                    e.name, e.unit
                ),
            ));
        }
    }
    Ok(())
}

/// All entries of the table.
pub fn all(g: Grammars) -> &'static [Province] {
    &index(g).list
}

/// [`all`], with the table's error for a stage that reads it while the
/// tables load (the error is the one this module reports).
pub fn try_all(g: Grammars) -> Result<&'static [Province]> {
    Ok(&g.try_cached(Slot::Provinces, build_index)?.list)
}

/// Comparison key: lower case, tone marks and `đ` folded, only letters and
/// digits kept.
pub fn key(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The province a name denotes: "Khánh Hoà", "tỉnh Ninh Thuận",
/// "TP. HCM", "Tp Hải Phòng", "Qu ả ng Ngãi".
pub fn lookup(g: Grammars, name: &str) -> Option<&'static Province> {
    let idx = index(g);
    let k = key(name);
    if let Some(&i) = idx.by_key.get(&k) {
        return idx.list.get(i);
    }
    for p in &idx.prefixes {
        if let Some(rest) = k.strip_prefix(p.as_str()) {
            if let Some(&i) = idx.by_key.get(rest) {
                return idx.list.get(i);
            }
        }
    }
    None
}

/// Province mentions in running text ("tỉnh Khánh Hòa", "thành phố Hải
/// Phòng", "TP. HCM"), in order, with their offsets.
pub fn mentions(g: Grammars, text: &str) -> Vec<(usize, &'static Province)> {
    let re = mention_re(g);
    let mut out = Vec::new();
    for c in re.captures_iter(text) {
        let (Some(all), Some(name)) = (c.get(0), c.get(1)) else {
            continue;
        };
        // try the longest run of words first: "Bà Rịa - Vũng Tàu", "Hà Nội"
        let words: Vec<&str> = name.as_str().split_whitespace().collect();
        for n in (1..=words.len()).rev() {
            let cand = words.get(..n).map(|w| w.join(" ")).unwrap_or_default();
            if let Some(p) = lookup(g, &cand) {
                out.push((all.start(), p));
                break;
            }
        }
    }
    out
}

/// The province the text names most often (first mention breaks ties).
pub fn most_named(g: Grammars, text: &str) -> Option<&'static Province> {
    let m = mentions(g, text);
    let mut counts: Vec<(&'static Province, usize, usize)> = Vec::new();
    for (pos, p) in m {
        match counts.iter_mut().find(|(q, _, _)| q.name == p.name) {
            Some(e) => e.1 += 1,
            None => counts.push((p, 1, pos)),
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|(p, _, _)| p)
}

/// For a unit that only exists from 2025 on (era "new", e.g. Huế), the
/// old unit that held it before: a document dated earlier belongs there.
pub fn before_2025(g: Grammars, p: &'static Province) -> Option<&'static Province> {
    if p.era != "new" {
        return None;
    }
    index(g)
        .list
        .iter()
        .find(|q| q.era == "old" && q.current == p.name)
}

#[derive(Debug, Deserialize)]
struct District {
    name: String,
    unit: String,
    province: String,
    #[serde(default)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Districts {
    district: Vec<District>,
}

/// The district table by [`key`]: each name's units, with the tone marks
/// of the name as printed ([`tones`]).
type DistrictIndex = HashMap<String, Vec<DistrictEntry>>;

struct DistrictEntry {
    tones: String,
    unit: String,
    province: &'static Province,
}

/// The units of a table of local units, by [`key`].
fn unit_index(g: Grammars, list: &[District]) -> DistrictIndex {
    let mut idx: DistrictIndex = HashMap::new();
    for d in list {
        // a province the table names must exist (a unit test checks)
        if let Some(p) = lookup(g, &d.province) {
            idx.entry(key(&d.name)).or_default().push(DistrictEntry {
                tones: tones(&d.name),
                unit: d.unit.to_lowercase(),
                province: p,
            });
        }
    }
    idx
}

fn districts(g: Grammars) -> &'static DistrictIndex {
    g.cached::<DistrictIndex>(Slot::Districts, build_districts)
}

fn build_districts(g: Grammars) -> Result<DistrictIndex> {
    Ok({
        let t: Districts = g.table("document_districts")?;
        unit_index(g, &t.district)
    })
}

#[derive(Debug, Deserialize)]
struct Communes {
    commune: Vec<District>,
}

fn communes(g: Grammars) -> &'static DistrictIndex {
    g.cached::<DistrictIndex>(Slot::Communes, build_communes)
}

fn build_communes(g: Grammars) -> Result<DistrictIndex> {
    Ok({
        let t: Communes = g.table("document_communes")?;
        unit_index(g, &t.commune)
    })
}

/// grammars/document_units.toml: which table a unit word is read from.
#[derive(Debug, Deserialize)]
struct Units {
    commune_units: Vec<String>,
    communes_from: String,
    older_units: Vec<String>,
    #[serde(default)]
    title_units: Vec<String>,
}

fn units(g: Grammars) -> &'static Units {
    g.cached::<Units>(Slot::Units, build_units)
}

fn build_units(g: Grammars) -> Result<Units> {
    Ok({
        let mut u: Units = g.table("document_units")?;
        for w in u
            .commune_units
            .iter_mut()
            .chain(u.older_units.iter_mut())
            .chain(u.title_units.iter_mut())
        {
            *w = w.to_lowercase();
        }
        u
    })
}

/// The unit words a title keeps in small letters before a unit's name
/// (grammars/document_units.toml `title_units`), lower case.
pub fn title_units(g: Grammars) -> &'static [String] {
    &units(g).title_units
}

/// The tone marks of `s` in order (grave, acute, hook, tilde, dot below),
/// wherever they sit on a syllable's vowels: "Hoà" and "Hòa" agree,
/// "Thạnh Hóa" and "Thanh Hóa" do not.
fn tones(s: &str) -> String {
    s.nfd()
        .filter(|c| matches!(c, '\u{300}' | '\u{301}' | '\u{309}' | '\u{303}' | '\u{323}'))
        .collect()
}

/// The province a district-level unit belonged to before July 2025
/// (grammars/document_districts.toml): "Cam Ranh" -> Khánh Hòa,
/// "TAM ĐẢO" -> Vĩnh Phúc. `unit` is the unit word the issuer printed
/// ("huyện", "thị xã"), if any; see [`resolve`].
pub fn district_province(g: Grammars, name: &str, unit: Option<&str>) -> Option<&'static Province> {
    resolve(districts(g), name, unit)
}

/// The province a commune-level unit (xã, phường, đặc khu) belongs to
/// from July 2025 (grammars/document_communes.toml): "Lương Minh" ->
/// Quảng Ninh. See [`resolve`].
pub fn commune_province(g: Grammars, name: &str, unit: Option<&str>) -> Option<&'static Province> {
    resolve(communes(g), name, unit)
}

/// The province of the local unit an issuer names, from the unit tables
/// as grammars/document_units.toml assigns them: a commune (xã, phường,
/// đặc khu) from the communes of July 2025, for a document dated from
/// then (`date` as "YYYY-MM-DD" or a prefix of it); an older commune-level
/// unit (thị trấn) from no table; any other unit from the districts.
pub fn unit_province(
    g: Grammars,
    name: &str,
    unit: Option<&str>,
    date: Option<&str>,
) -> Option<&'static Province> {
    let t = units(g);
    let u = unit.map(str::to_lowercase);
    match u {
        Some(u) if t.commune_units.contains(&u) => date
            .is_some_and(|d| d >= t.communes_from.as_str())
            .then(|| commune_province(g, name, unit))
            .flatten(),
        Some(u) if t.older_units.contains(&u) => None,
        _ => district_province(g, name, unit),
    }
}

/// The one province `name` names in a table of units: units of the unit
/// word `unit` win over the others, then names that match with their tone
/// marks over those that match without; a name still shared by several
/// provinces gives none.
fn resolve(
    idx: &'static DistrictIndex,
    name: &str,
    unit: Option<&str>,
) -> Option<&'static Province> {
    let found: Vec<&DistrictEntry> = idx.get(&key(name))?.iter().collect();
    let unit = unit.map(str::to_lowercase);
    let narrow = |all: Vec<&'static DistrictEntry>, keep: &dyn Fn(&DistrictEntry) -> bool| {
        let kept: Vec<&DistrictEntry> = all.iter().copied().filter(|d| keep(d)).collect();
        if kept.is_empty() { all } else { kept }
    };
    let found = narrow(found, &|d| Some(&d.unit) == unit.as_ref());
    let t = tones(name);
    let found = narrow(found, &|d| d.tones == t);
    let first = found.first()?.province;
    found
        .iter()
        .all(|d| std::ptr::eq(d.province, first))
        .then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_examples_of_the_place_tables_read() {
        if let Err(e) = check(crate::rules::Grammars::builtin()) {
            panic!("{e}");
        }
    }

    #[test]
    fn table_has_63_old_and_34_new_units() {
        let old = all(crate::rules::Grammars::builtin())
            .iter()
            .filter(|p| p.era != "new")
            .count();
        assert_eq!(old, 63);
        let new: HashSet<&str> = all(crate::rules::Grammars::builtin())
            .iter()
            .map(|p| p.current.as_str())
            .collect();
        assert_eq!(new.len(), 34);
        for c in &new {
            let p = lookup(crate::rules::Grammars::builtin(), c)
                .unwrap_or_else(|| panic!("{c} has no entry"));
            assert_eq!(&p.current, c, "{c} must belong to itself");
        }
    }

    #[test]
    fn merger_examples() {
        let cur =
            |s: &str| lookup(crate::rules::Grammars::builtin(), s).map(|p| p.current.as_str());
        assert_eq!(cur("Hà Giang"), Some("Tuyên Quang"));
        assert_eq!(cur("tỉnh Ninh Thuận"), Some("Khánh Hòa"));
        assert_eq!(cur("Bà Rịa - Vũng Tàu"), Some("Hồ Chí Minh"));
        assert_eq!(cur("Thừa Thiên Huế"), Some("Huế"));
        assert_eq!(cur("Hải Dương"), Some("Hải Phòng"));
        assert_eq!(cur("Quảng Nam"), Some("Đà Nẵng"));
    }

    #[test]
    fn broken_and_abbreviated_names() {
        let name = |s: &str| lookup(crate::rules::Grammars::builtin(), s).map(|p| p.name.as_str());
        assert_eq!(name("Qu ả ng Ngãi"), Some("Quảng Ngãi"));
        assert_eq!(name("T hành phố Hồ Chí M inh"), Some("Hồ Chí Minh"));
        assert_eq!(name("TP. HCM"), Some("Hồ Chí Minh"));
        assert_eq!(name("Tp Hải Phòng"), Some("Hải Phòng"));
        assert_eq!(name("Khánh Hoà"), Some("Khánh Hòa"));
        assert_eq!(name("Cam Ranh"), None);
        assert_eq!(name("Việt Nam"), None);
    }

    #[test]
    fn districts_of_every_province_and_ambiguous_names() {
        let name = |s: &str| {
            district_province(crate::rules::Grammars::builtin(), s, None).map(|p| p.name.as_str())
        };
        assert_eq!(name("TAM ĐẢO"), Some("Vĩnh Phúc"));
        assert_eq!(name("Nơi nào đó"), None);
        assert_eq!(name("Mường Tè"), Some("Lai Châu"));
        assert_eq!(name("Côn Đảo"), Some("Bà Rịa - Vũng Tàu"));
        assert_eq!(name("Hoà Vang"), Some("Đà Nẵng"));
        // many provinces had a Châu Thành district: no guess
        assert_eq!(name("Châu Thành"), None);
        // tone marks tell Thạnh Hóa (Long An) from Thanh Hóa city
        assert_eq!(name("Thạnh Hóa"), Some("Long An"));
        assert_eq!(name("Thanh Hoá"), Some("Thanh Hóa"));
        // the unit word tells thị xã Sơn Tây (Hà Nội) from huyện Sơn Tây
        let unit = |s: &str, u: &str| {
            district_province(crate::rules::Grammars::builtin(), s, Some(u))
                .map(|p| p.name.as_str())
        };
        assert_eq!(name("Sơn Tây"), None);
        assert_eq!(unit("Sơn Tây", "thị xã"), Some("Hà Nội"));
        assert_eq!(unit("SƠN TÂY", "Huyện"), Some("Quảng Ngãi"));
        // a unit word no entry has leaves the name to decide
        assert_eq!(unit("Tam Đảo", "quận"), Some("Vĩnh Phúc"));
        // communes from July 2025, for documents dated from then
        let commune = |s: &str, u: &str, d: &str| {
            unit_province(crate::rules::Grammars::builtin(), s, Some(u), Some(d))
                .map(|p| p.name.as_str())
        };
        assert_eq!(
            commune("Lương Minh", "xã", "2025-11-18"),
            Some("Quảng Ninh")
        );
        assert_eq!(commune("HOÀN KIẾM", "Phường", "2025-07-01"), Some("Hà Nội"));
        assert_eq!(commune("Côn Đảo", "đặc khu", "2026"), Some("Hồ Chí Minh"));
        assert_eq!(commune("Lương Minh", "xã", "2024-05-01"), None);
        assert!(
            unit_province(
                crate::rules::Grammars::builtin(),
                "Lương Minh",
                Some("xã"),
                None
            )
            .is_none()
        );
        assert_eq!(commune("Tân Phú", "xã", "2026-01-01"), None);
        assert_eq!(commune("Lương Minh", "thị trấn", "2025-11-18"), None);
        assert_eq!(
            unit_province(
                crate::rules::Grammars::builtin(),
                "Tam Đảo",
                Some("huyện"),
                Some("2020")
            )
            .map(|p| p.name.as_str()),
            Some("Vĩnh Phúc")
        );
        // numbered urban districts are not in the table
        assert_eq!(name("1"), None);
        let t: Districts = Grammars::builtin()
            .table("document_districts")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(t.district.len() > 650, "{} units", t.district.len());
        let c: Communes = Grammars::builtin()
            .table("document_communes")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.commune.len(), 3321);
        let mut used: Vec<String> = Vec::new();
        for u in &c.commune {
            assert!(
                lookup(crate::rules::Grammars::builtin(), &u.province).is_some(),
                "{}: {}",
                u.name,
                u.province
            );
            if !used.contains(&u.unit) {
                used.push(u.unit.clone());
            }
        }
        // document_units.toml names exactly the unit words the table uses
        let mut named = units(crate::rules::Grammars::builtin())
            .commune_units
            .clone();
        named.sort();
        used.sort();
        assert_eq!(named, used);
    }

    #[test]
    fn new_units_have_a_predecessor() {
        let hue = lookup(crate::rules::Grammars::builtin(), "thành phố Huế")
            .unwrap_or_else(|| panic!("Huế"));
        assert_eq!(
            before_2025(crate::rules::Grammars::builtin(), hue).map(|p| p.name.as_str()),
            Some("Thừa Thiên Huế")
        );
        let hp = lookup(crate::rules::Grammars::builtin(), "Hải Phòng")
            .unwrap_or_else(|| panic!("Hải Phòng"));
        assert!(before_2025(crate::rules::Grammars::builtin(), hp).is_none());
    }

    #[test]
    fn running_text_mentions() {
        let t = "Đảng bộ tỉnh Khánh Hòa; thành phố Cam Ranh; UBND tỉnh Khánh Hoà; TP. Hồ Chí Minh; TP.HCM";
        let m: Vec<&str> = mentions(crate::rules::Grammars::builtin(), t)
            .iter()
            .map(|(_, p)| p.name.as_str())
            .collect();
        assert_eq!(
            m,
            vec!["Khánh Hòa", "Khánh Hòa", "Hồ Chí Minh", "Hồ Chí Minh"]
        );
        assert_eq!(
            most_named(crate::rules::Grammars::builtin(), t).map(|p| p.name.as_str()),
            Some("Khánh Hòa")
        );
        assert!(most_named(crate::rules::Grammars::builtin(), "huyện Cát Hải").is_none());
    }
}
