//! Places the text gives, to complete a body named by level only:
//! "của UBND tỉnh" → "Ủy ban nhân dân tỉnh Nghệ An", "Thành ủy" →
//! "Thành ủy Hải Phòng". The document's own province comes from
//! `main.province` when set, else from the names the text uses most.

use crate::model::Document;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Centrally-run cities: their "thành phố" is the province level.
const CENTRAL_CITIES: &[&str] = &[
    "Hà Nội",
    "Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
];

/// Level words, longest first.
pub const LEVELS: &[&str] = &[
    "thành phố",
    "thị trấn",
    "thị xã",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
];

static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::constant(
        r"(?i:(thành phố|thị trấn|thị xã|phường|huyện|quận|tỉnh|xã))[ ]+((?:\p{Lu}[\p{L}]*)(?:[ ]+\p{Lu}[\p{L}]*){0,3})",
    )
});

static OWN: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::constant(
        r"(?i:(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)[ \t\n]+(thành phố|thị xã|phường|huyện|quận|tỉnh|xã))",
    )
});

/// A word character, as regex `\w` reads it.
static WORD_CHAR: LazyLock<Regex> = LazyLock::new(|| crate::re::constant(r"^\w"));

fn word_char_before(text: &str, pos: usize) -> bool {
    let lo = crate::text::floor_char_boundary(text, pos.saturating_sub(1));
    text.get(lo..pos).is_some_and(|c| WORD_CHAR.is_match(c))
}

fn word_char_at(text: &str, pos: usize) -> bool {
    text.get(pos..).is_some_and(|c| WORD_CHAR.is_match(c))
}

/// The matches of `re` that start at a word start (`\b` before a word
/// character), and, when `end_bounded`, end at a word end: what
/// `\b(re)` / `\b(re)\b` would find, without the Unicode word boundary
/// that keeps the regex engine off its fast paths.
fn bounded_captures<'t>(re: &Regex, text: &'t str, end_bounded: bool) -> Vec<regex::Captures<'t>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(c) = re.captures_at(text, from) {
        let Some(m) = c.get(0) else { break };
        let ok = !word_char_before(text, m.start())
            && word_char_at(text, m.start())
            && !(end_bounded && word_char_at(text, m.end()));
        if ok && m.end() > m.start() {
            from = m.end();
            out.push(c);
        } else {
            from = m.start()
                + text
                    .get(m.start()..)
                    .and_then(|t| t.chars().next())
                    .map_or(1, char::len_utf8);
        }
        if from > text.len() {
            break;
        }
    }
    out
}

/// "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN": the issuer block of the header.
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::constant(
        r"(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)[ \t]*\n?[ \t]*(THÀNH PHỐ|THỊ XÃ|THỊ TRẤN|PHƯỜNG|HUYỆN|QUẬN|TỈNH|XÃ)[ \t]+(\p{Lu}+(?:[ \t]+\p{Lu}+){0,3})",
    )
});

/// Words that may follow a place name but are not part of it.
const NOT_NAME: &[&str] = &[
    "Về", "Giai", "Năm", "Đến", "Tại", "Và", "Theo", "Trong", "Các", "Những", "Mọi", "Cấp", "Trên",
    "Thực", "Triển", "Chủ", "Phối", "Ban", "Quyết", "Kế", "Nghị", "UBND", "Ủy", "Sở", "Thành",
    "Hội", "HỘI",
];

#[derive(Debug, Default, Clone)]
pub struct Places {
    /// level word (lower case) → most used name after it
    names: HashMap<String, String>,
    pub province: Option<String>,
    /// The document's own issuing level, e.g. "huyện".
    pub own_level: Option<String>,
    pub own_issuer: Option<String>,
}

fn title_case(name: &str) -> String {
    if name.chars().any(|c| c.is_lowercase()) {
        return name.to_string();
    }
    name.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

fn clean_name(raw: &str) -> Option<String> {
    let words: Vec<&str> = raw
        .split_whitespace()
        .take_while(|w| !NOT_NAME.contains(w))
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(title_case(&words.join(" ")))
}

fn most<'a>(counts: &HashMap<&'a str, (usize, usize)>) -> Option<&'a str> {
    counts
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map(|(k, _)| *k)
}

impl Places {
    pub fn find(text: &str, main: &Document) -> Places {
        // level → name → (count, first position)
        let mut seen: HashMap<String, HashMap<String, (usize, usize)>> = HashMap::new();
        for c in bounded_captures(&PLACE, text, false) {
            let (Some(level), Some(name)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let Some(name) = clean_name(name.as_str()) else {
                continue;
            };
            let e = seen
                .entry(level.as_str().to_lowercase())
                .or_default()
                .entry(name)
                .or_insert((0, level.start()));
            e.0 += 1;
        }
        let mut names = HashMap::new();
        for (level, m) in &seen {
            let counts: HashMap<&str, (usize, usize)> =
                m.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            if let Some(n) = most(&counts) {
                names.insert(level.clone(), n.to_string());
            }
        }
        let province = main.province.clone().or_else(|| {
            let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
            if let Some(m) = seen.get("tỉnh") {
                counts.extend(m.iter().map(|(k, v)| (k.as_str(), *v)));
            }
            if let Some(m) = seen.get("thành phố") {
                for (k, v) in m {
                    if CENTRAL_CITIES.contains(&k.as_str()) {
                        counts.insert(k.as_str(), *v);
                    }
                }
            }
            most(&counts).map(str::to_string)
        });
        let mut own: HashMap<&str, (usize, usize)> = HashMap::new();
        for c in bounded_captures(&OWN, text, true) {
            if let Some(l) = c.get(1) {
                let e = own.entry(l.as_str()).or_insert((0, l.start()));
                e.0 += 1;
            }
        }
        let head = text
            .get(..crate::text::floor_char_boundary(text, 2000))
            .unwrap_or("");
        let header = HEADER.captures(head).and_then(|c| {
            let level = c.get(1)?.as_str().to_lowercase();
            let name = title_case(c.get(2)?.as_str());
            Some((level, name))
        });
        let own_level = match &header {
            Some((l, _)) => Some(l.clone()),
            None => most(&own).map(str::to_lowercase),
        };
        if let Some((l, n)) = &header {
            names.insert(l.clone(), n.clone());
        }
        let mut p = Places {
            names,
            province,
            own_level,
            // the body, not the office holder; and only a people's committee
            own_issuer: main
                .issuer
                .as_deref()
                .map(|i| i.trim_start_matches("Chủ tịch ").to_string())
                .filter(|i| i.starts_with("Ủy ban nhân dân")),
        };
        if p.own_issuer.is_none() {
            p.own_issuer = p
                .own_level
                .clone()
                .and_then(|l| p.name_of(&l).map(|n| format!("Ủy ban nhân dân {l} {n}")));
        }
        p
    }

    fn province_is_city(&self) -> bool {
        self.province
            .as_deref()
            .is_some_and(|p| CENTRAL_CITIES.contains(&p))
    }

    /// The name a bare level word stands for in this text.
    pub fn name_of(&self, level: &str) -> Option<String> {
        let level = level.to_lowercase();
        match level.as_str() {
            "tỉnh" => self.province.clone(),
            "thành phố" if self.province_is_city() => self.province.clone(),
            _ => self.names.get(&level).cloned(),
        }
    }

    /// "Tỉnh ủy X" or "Thành ủy X" for the province's party committee.
    pub fn provincial_party(&self) -> String {
        let head = if self.province_is_city() {
            "Thành ủy"
        } else {
            "Tỉnh ủy"
        };
        match &self.province {
            Some(p) => format!("{head} {p}"),
            None => head.to_string(),
        }
    }

    /// The document's own locality ("huyện Cát Hải"), if known.
    pub fn own_locality(&self) -> Option<String> {
        let l = self.own_level.clone()?;
        let n = self.name_of(&l)?;
        Some(format!("{l} {n}"))
    }

    /// Completes a body that ends with a bare level word or a party
    /// committee: "Ủy ban nhân dân tỉnh" → "... tỉnh Nghệ An".
    pub fn complete(&self, body: &str) -> String {
        let b = body.trim();
        for head in ["Tỉnh ủy", "Thành ủy"] {
            if b.ends_with(head) {
                let name = if head == "Tỉnh ủy" || self.province_is_city() {
                    self.province.clone()
                } else {
                    self.names.get("thành phố").cloned()
                };
                return match name {
                    Some(n) => format!("{b} {n}"),
                    None => b.to_string(),
                };
            }
        }
        for l in LEVELS {
            if let Some(stem) = b.strip_suffix(l) {
                if stem.is_empty() || stem.ends_with(' ') {
                    if let Some(n) = self.name_of(l) {
                        return format!("{b} {n}");
                    }
                }
                break;
            }
        }
        b.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(t: &str) -> Places {
        Places::find(t, &Document::default())
    }

    #[test]
    fn province_from_the_names_used() {
        let p = places("ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\n... tỉnh Ninh Thuận giai đoạn 2021");
        assert_eq!(p.province.as_deref(), Some("Ninh Thuận"));
        assert_eq!(
            p.complete("Ủy ban nhân dân tỉnh"),
            "Ủy ban nhân dân tỉnh Ninh Thuận"
        );
        assert_eq!(
            p.complete("Ban Thường vụ Tỉnh ủy"),
            "Ban Thường vụ Tỉnh ủy Ninh Thuận"
        );
        assert_eq!(p.complete("Bộ Nội vụ"), "Bộ Nội vụ");
    }

    #[test]
    fn function_words_are_not_names() {
        let p = places("UBND huyện Các cơ quan; UBND huyện Các đơn vị; huyện Cát Hải");
        assert_eq!(p.name_of("huyện").as_deref(), Some("Cát Hải"));
    }

    #[test]
    fn central_city_and_own_level() {
        let p = places(
            "của UBND huyện; UBND huyện; Chuyển đổi số thành phố Hải Phòng; tại huyện Cát Hải; huyện Cát Hải",
        );
        assert_eq!(p.province.as_deref(), Some("Hải Phòng"));
        assert_eq!(
            p.complete("Ủy ban nhân dân thành phố"),
            "Ủy ban nhân dân thành phố Hải Phòng"
        );
        assert_eq!(
            p.complete("Ban Thường vụ Thành ủy"),
            "Ban Thường vụ Thành ủy Hải Phòng"
        );
        assert_eq!(p.provincial_party(), "Thành ủy Hải Phòng");
        assert_eq!(
            p.own_issuer.as_deref(),
            Some("Ủy ban nhân dân huyện Cát Hải")
        );
    }

    #[test]
    fn own_level_from_the_header() {
        let p = places(
            "ỦY BAN NHÂN DÂN\nHUYỆN CÁT HẢI\n...UBND xã, UBND xã, UBND xã; thành phố Hải Phòng",
        );
        assert_eq!(
            p.own_issuer.as_deref(),
            Some("Ủy ban nhân dân huyện Cát Hải")
        );
    }

    #[test]
    fn main_issuer_as_a_body() {
        let main = Document {
            issuer: Some("Chủ tịch Ủy ban nhân dân xã Kiến Minh".into()),
            ..Default::default()
        };
        let p = Places::find("", &main);
        assert_eq!(
            p.own_issuer.as_deref(),
            Some("Ủy ban nhân dân xã Kiến Minh")
        );
        let main = Document {
            issuer: Some("Hội đồng nhân dân tỉnh Vĩnh Long".into()),
            ..Default::default()
        };
        assert_eq!(Places::find("", &main).own_issuer, None);
    }

    #[test]
    fn main_province_wins() {
        let main = Document {
            province: Some("Nghệ An".into()),
            ..Default::default()
        };
        let p = Places::find("tỉnh Hà Tĩnh, tỉnh Hà Tĩnh", &main);
        assert_eq!(p.province.as_deref(), Some("Nghệ An"));
        assert_eq!(p.provincial_party(), "Tỉnh ủy Nghệ An");
    }
}
