//! Issuing bodies: read from the text after "của" (`của UBND tỉnh Ninh
//! Thuận`, `của Ban Thường vụ Tỉnh ủy`), spelled out and completed with the
//! place the text gives; or from the issuer code of a symbol through
//! grammars/issuers.toml.

use super::locality::{LEVELS, Places};
use super::tables::{self, issuers};
use crate::parse::number::Number;
use regex::Regex;
use std::sync::LazyLock;

/// Bodies that start an issuer phrase, besides the issuer table's names.
const HEADS: &[&str] = &[
    "Thủ tướng Chính phủ",
    "Chính phủ",
    "Quốc hội",
    "Ủy ban Thường vụ Quốc hội",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Chấp hành Trung ương",
    "Ban Chấp hành Đảng bộ",
    "Ban Thường vụ Tỉnh ủy",
    "Ban Thường vụ Thành ủy",
    "Ban Thường vụ Huyện ủy",
    "Ban Thường vụ Đảng ủy",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Đảng ủy",
    "Chủ tịch Ủy ban nhân dân",
    "Ủy ban nhân dân",
    "Thường trực Hội đồng nhân dân",
    "Hội đồng nhân dân",
    "Đại hội đại biểu Đảng bộ",
    "Đại hội Đảng bộ",
];

/// Heads after which a place name may follow directly ("Tỉnh ủy Ninh Thuận").
const NAMED_HEADS: &[&str] = &["Tỉnh ủy", "Thành ủy", "Huyện ủy", "Đảng ủy", "Đảng bộ"];

/// Capitalised words that end a place name (the next clause starts).
const NOT_NAME: &[&str] = &[
    "Về", "Phê", "Ban", "Quy", "Hướng", "V/v", "Nghị", "Quyết", "Chỉ", "Kế", "Kết", "Thông",
    "Công", "Văn", "Tờ", "Luật", "Đề", "Chương", "Giai", "Năm", "Đến", "Tại", "Theo", "Và",
];

static WORD: LazyLock<Regex> = LazyLock::new(|| crate::re::constant(r"[^\s,;.()|:]+"));

/// Spells out one word of a body name.
fn expand(w: &str) -> String {
    let w = w.replace("Uỷ", "Ủy").replace("uỷ", "ủy");
    for a in &issuers().abbrev {
        if w == a.short || w == a.short.trim_end_matches('.') {
            return a.full.clone();
        }
    }
    w
}

/// Reads an issuing body at the start of `i` (the text after "của").
/// Returns it spelled out (not yet completed with a place) and the bytes
/// read.
pub fn body(i: &str) -> Option<(String, usize)> {
    // "TP. Cần Thơ": same length, so offsets stay valid
    let i = i
        .get(..crate::text::floor_char_boundary(i, 400))
        .unwrap_or(i);
    let owned = i.replace("TP.", "TP ");
    let i = owned.as_str();
    // words up to the first clause punctuation, with their end offsets
    let mut words: Vec<(String, usize)> = Vec::new();
    let mut last = 0;
    for m in WORD.find_iter(i) {
        let gap = i.get(last..m.start())?;
        if !words.is_empty() && gap.chars().any(|c| !c.is_whitespace()) {
            break;
        }
        if gap.matches('\n').count() > 1 || words.len() >= 14 {
            break;
        }
        for part in expand(m.as_str()).split(' ') {
            words.push((part.to_string(), m.end()));
        }
        last = m.end();
    }
    let joined: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
    let heads = HEADS
        .iter()
        .copied()
        .chain(issuers().symbol.iter().map(|s| s.issuer.as_str()));
    let mut best: Option<usize> = None;
    for h in heads {
        let n = h.split(' ').count();
        if joined.len() >= n && joined[..n].join(" ") == h && best.is_none_or(|b| n > b) {
            best = Some(n);
        }
    }
    let mut n = best?;
    // "Ban Chấp hành Đảng bộ" and the like may be followed by a level and
    // a name; party committees by a name directly
    let named = NAMED_HEADS
        .iter()
        .any(|h| joined[..n].join(" ").ends_with(h));
    let mut level = false;
    for l in LEVELS {
        let k = l.split(' ').count();
        if joined
            .get(n..n + k)
            .is_some_and(|w| w.join(" ").to_lowercase() == *l)
        {
            n += k;
            level = true;
            break;
        }
    }
    if level || named {
        let mut k = 0;
        while let Some(w) = joined.get(n) {
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            if !cap || NOT_NAME.contains(w) || k >= 4 {
                break;
            }
            n += 1;
            k += 1;
        }
    }
    let end = words.get(n.checked_sub(1)?)?.1;
    Some((joined[..n].join(" "), end))
}

/// Issuer code of a number: `TTg` in 23/CT-TTg, `TW` in 18-NQ/TW, `BNV`
/// in 3759/BNV-CCHC, `UBTVQH13` in 1211/2016/UBTVQH13.
pub fn symbol_code(n: &Number) -> Option<&str> {
    if n.party {
        return n.codes.get(1).map(String::as_str);
    }
    let first = n.codes.first()?;
    if tables::kind_of_code(first).is_some() && n.codes.len() > 1 {
        n.codes.get(1).map(String::as_str)
    } else {
        Some(first.as_str())
    }
}

/// The issuer a symbol implies, completed with the text's places.
pub fn from_symbol(n: &Number, places: &Places) -> Option<String> {
    let s = tables::symbol_issuer(symbol_code(n)?)?;
    Some(match s.locality.as_str() {
        "own" => match (s.code.as_str(), &places.own_issuer) {
            ("UBND", Some(own)) => own.clone(),
            _ => match places.own_locality() {
                Some(l) => format!("{} {l}", s.issuer),
                None => s.issuer.clone(),
            },
        },
        "party" => places.provincial_party(),
        "party_own" => match places.own_locality() {
            Some(l) => format!("{} {l}", s.issuer),
            None => s.issuer.clone(),
        },
        _ => s.issuer.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(i: &str) -> Option<String> {
        body(i).map(|(s, _)| s)
    }

    #[test]
    fn bodies_after_cua() {
        assert_eq!(
            b("Chính phủ ban hành Chương trình").as_deref(),
            Some("Chính phủ")
        );
        assert_eq!(
            b("Thủ tướng Chính phủ Phê duyệt Kế hoạch").as_deref(),
            Some("Thủ tướng Chính phủ")
        );
        assert_eq!(
            b("UBND tỉnh Nghệ An ban hành").as_deref(),
            Some("Ủy ban nhân dân tỉnh Nghệ An")
        );
        assert_eq!(
            b("UBND tỉnh về tăng cường").as_deref(),
            Some("Ủy ban nhân dân tỉnh")
        );
        assert_eq!(
            b("Ủy\nban nhân dân tỉnh).").as_deref(),
            Some("Ủy ban nhân dân tỉnh")
        );
        assert_eq!(
            b("Ban Thường vụ Tỉnh ủy Ninh Thuận về đẩy mạnh").as_deref(),
            Some("Ban Thường vụ Tỉnh ủy Ninh Thuận")
        );
        assert_eq!(
            b("Chủ tịch Ủy ban nhân dân thành phố về việc").as_deref(),
            Some("Chủ tịch Ủy ban nhân dân thành phố")
        );
        assert_eq!(
            b("Bộ Giáo dục và Đào tạo hướng dẫn").as_deref(),
            Some("Bộ Giáo dục và Đào tạo")
        );
        assert_eq!(
            b("BCH Đảng bộ tỉnh đánh giá").as_deref(),
            Some("Ban Chấp hành Đảng bộ tỉnh")
        );
        assert_eq!(
            b("Thành ủy Thành phố Hồ Chí Minh về").as_deref(),
            Some("Thành ủy Thành phố Hồ Chí Minh")
        );
        assert_eq!(b("thành phố."), None);
        assert_eq!(b("các cơ quan"), None);
    }

    #[test]
    fn abbreviation_examples() {
        for a in &issuers().abbrev {
            assert!(!a.examples.is_empty(), "{}", a.short);
            for (text, want) in &a.examples {
                assert_eq!(b(text).as_deref(), Some(want.as_str()), "{text}");
            }
        }
    }

    #[test]
    fn consumed_bytes_end_at_the_body() {
        let t = "Thủ tướng Chính phủ ngày 02/9/2021";
        let (_, used) = body(t).unwrap();
        assert_eq!(&t[..used], "Thủ tướng Chính phủ");
    }

    #[test]
    fn issuer_from_symbol_with_places() {
        use crate::parse::number::parse_number;
        let places = Places::find(
            "của UBND huyện; tại huyện Cát Hải; thành phố Hải Phòng",
            &Default::default(),
        );
        let n = |s: &str| parse_number(s).unwrap().0;
        assert_eq!(
            from_symbol(&n("23/CT-TTg"), &places).as_deref(),
            Some("Thủ tướng Chính phủ")
        );
        assert_eq!(
            from_symbol(&n("94/KH-UBND"), &places).as_deref(),
            Some("Ủy ban nhân dân huyện Cát Hải")
        );
        assert_eq!(
            from_symbol(&n("03-NQ/TU"), &places).as_deref(),
            Some("Thành ủy Hải Phòng")
        );
        assert_eq!(
            from_symbol(&n("3759/BNV-CCHC"), &places).as_deref(),
            Some("Bộ Nội vụ")
        );
        assert_eq!(
            from_symbol(&n("1211/2016/UBTVQH13"), &places).as_deref(),
            Some("Ủy ban Thường vụ Quốc hội")
        );
    }
}
