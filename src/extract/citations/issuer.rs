//! Issuing bodies: read from the text after "của" (`của UBND tỉnh Ninh
//! Thuận`, `của Ban Thường vụ Tỉnh ủy`), spelled out and completed with the
//! place the text gives; or from the issuer code of a symbol through
//! grammars/issuers.toml.

use super::locality::{self, Places};
use super::scan;
use super::tables::{self, issuers};
use crate::error::Result;
use crate::parse::number::Number;
use crate::rules::{Grammars, Slot};
use std::borrow::Cow;

/// Spells out one word of a body name.
fn expand(g: Grammars, w: &str) -> Cow<'_, str> {
    let w: Cow<'_, str> = if w.contains("Uỷ") || w.contains("uỷ") {
        Cow::Owned(w.replace("Uỷ", "Ủy").replace("uỷ", "ủy"))
    } else {
        Cow::Borrowed(w)
    };
    for a in &issuers(g).abbrev {
        if w == a.short || w == a.short.trim_end_matches('.') {
            return Cow::Borrowed(a.full.as_str());
        }
    }
    w
}

/// A body that may start an issuer phrase, split into words.
struct Head {
    words: Vec<&'static str>,
    /// A party committee, which a place name may follow directly.
    named: bool,
    /// The body it stands for ("Chủ tịch Ủy ban nhân dân" → "Ủy ban
    /// nhân dân").
    canonical: Option<&'static str>,
    /// Its full name runs to the place it ends with.
    until_place: bool,
    /// A provincial department: completed with the province.
    provincial: bool,
}

/// The issuer table's [[body]] names, then its [[symbol]] names, in that
/// order.
fn heads(g: Grammars) -> &'static [Head] {
    g.cached::<Vec<Head>>(Slot::IssuerHeads, build_heads)
}

fn build_heads(g: Grammars) -> Result<Vec<Head>> {
    Ok({
        let bodies = &issuers(g).body;
        // a symbol's body ending with a party committee ("Tỉnh ủy") takes a
        // place name directly too
        let committee = |name: &str| {
            bodies
                .iter()
                .any(|b| b.named && (name == b.name || name.ends_with(&format!(" {}", b.name))))
        };
        let from_bodies = bodies.iter().map(|b| Head {
            words: b.name.split(' ').collect(),
            named: b.named,
            canonical: b.canonical.as_deref(),
            until_place: b.until_place,
            provincial: false,
        });
        let from_symbols = issuers(g).symbol.iter().map(|s| Head {
            words: s.issuer.split(' ').collect(),
            named: committee(&s.issuer),
            canonical: None,
            until_place: false,
            provincial: s.locality == "province",
        });
        from_bodies.chain(from_symbols).collect()
    })
}

/// The level words, split into words.
fn level_words(g: Grammars) -> &'static [Vec<&'static str>] {
    &locality::words(g).level_words
}

/// A capitalised word that ends the place name of a body (the next clause
/// starts): grammars/citation_words.toml `[[body_place_end]]`.
fn not_name(g: Grammars, w: &str) -> bool {
    locality::words(g).body_name_end.contains(&w)
}

/// True when `w` in lower case is `lower`.
fn lower_is(w: &str, lower: &str) -> bool {
    w.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

/// A character that ends a word of a body name (what `[^\s,;.()|:]`
/// leaves out).
fn ends_word(c: char) -> bool {
    matches!(c, ',' | ';' | '.' | '(' | ')' | '|' | ':') || c.is_whitespace()
}

/// Builds this module's tables and runs the examples of
/// grammars/issuers.toml (see [`crate::rules::Grammars::load`]): a
/// `[[symbol]]` number gives its issuer, an `[[abbrev]]` text after "của"
/// reads as its body, a `[[body]]` text as its issuer.
pub(crate) fn check(g: Grammars) -> Result<()> {
    g.try_cached(Slot::IssuerHeads, build_heads)?;
    let t = issuers(g);
    let fail = |e: &str, what: String| Err(g.error_at("issuers", e, what));
    for s in &t.symbol {
        for e in &s.examples {
            let got = crate::parse::number::parse_number(g, e)
                .and_then(|(n, _)| {
                    let code = symbol_code(g, &n)?;
                    tables::symbol_issuer(g, code)
                })
                .map(|x| x.issuer.as_str());
            if got != Some(s.issuer.as_str()) {
                return fail(
                    e,
                    format!(
                        "the example {e:?} gives the issuer {got:?}, not `{}`",
                        s.issuer
                    ),
                );
            }
        }
    }
    for a in &t.abbrev {
        for (text, want) in &a.examples {
            let got = body(g, text).map(|(b, _)| b);
            if got.as_deref() != Some(want.as_str()) {
                return fail(
                    text,
                    format!("the example {text:?} reads as the body {got:?}, not `{want}`"),
                );
            }
        }
    }
    for l in &tables::words(g).body_place_end {
        for (text, want) in &l.examples {
            let got = body(g, text).map(|(b, _)| b);
            if got.as_deref() != Some(want.as_str()) {
                return Err(g.error_at(
                    "citation_words",
                    text,
                    format!("the example {text:?} reads as the body {got:?}, not `{want}`"),
                ));
            }
        }
    }
    let places = Places::empty(g);
    for b in &t.body {
        for (text, want) in &b.examples {
            let got = after_cua(g, text).map(|(r, _)| finish(g, &r, &places));
            if got.as_deref() != Some(want.as_str()) {
                return fail(
                    text,
                    format!("the example {text:?} reads as the issuer {got:?}, not `{want}`"),
                );
            }
        }
    }
    Ok(())
}

/// Reads an issuing body at the start of `i` (the text after "của").
/// Returns it spelled out (not yet completed with a place) and the bytes
/// read.
fn body(g: Grammars, i: &str) -> Option<(String, usize)> {
    read(g, i).map(|r| (r.text, r.end))
}

/// A body read from the text.
struct Reading {
    /// As printed, abbreviations spelled out.
    text: String,
    /// Bytes read.
    end: usize,
    head: &'static Head,
    /// Where the head's words end.
    head_end: usize,
    /// Nothing (no level, no name) follows the head.
    bare: bool,
}

fn read(g: Grammars, i: &str) -> Option<Reading> {
    // "TP. Cần Thơ": same length, so offsets stay valid
    let i = i
        .get(..crate::text::floor_char_boundary(i, 400))
        .unwrap_or(i);
    let owned;
    let i = if i.contains("TP.") {
        owned = i.replace("TP.", "TP ");
        owned.as_str()
    } else {
        i
    };
    // words up to the first clause punctuation, with their end offsets
    let mut words: Vec<(Cow<'_, str>, usize)> = Vec::new();
    let mut last = 0;
    for (start, end) in scan::runs(i, ends_word) {
        let gap = i.get(last..start)?;
        if !words.is_empty() && gap.chars().any(|c| !c.is_whitespace()) {
            break;
        }
        if gap.bytes().filter(|&b| b == b'\n').count() > 1 || words.len() >= 14 {
            break;
        }
        let word = i.get(start..end)?;
        match expand(g, word) {
            Cow::Borrowed(w) => words.extend(w.split(' ').map(|p| (Cow::Borrowed(p), end))),
            Cow::Owned(w) => words.extend(w.split(' ').map(|p| (Cow::Owned(p.to_string()), end))),
        }
        last = end;
    }
    let joined: Vec<&str> = words.iter().map(|(w, _)| w.as_ref()).collect();
    let mut best: Option<&Head> = None;
    for h in heads(g) {
        let n = h.words.len();
        if joined.get(..n).is_some_and(|j| j == h.words.as_slice())
            && best.is_none_or(|b| n > b.words.len())
        {
            best = Some(h);
        }
    }
    let best = best?;
    let mut n = best.words.len();
    // "Ban Chấp hành Đảng bộ" and the like may be followed by a level and
    // a name; party committees by a name directly
    let named = best.named;
    let mut level = false;
    for l in level_words(g) {
        let k = l.len();
        if joined
            .get(n..n + k)
            .is_some_and(|w| w.iter().zip(l).all(|(w, l)| lower_is(w, l)))
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
            if !cap || not_name(g, w) || k >= 4 {
                break;
            }
            n += 1;
            k += 1;
        }
    }
    let end = words.get(n.checked_sub(1)?)?.1;
    let head_end = words.get(best.words.len().checked_sub(1)?)?.1;
    Some(Reading {
        text: joined.get(..n)?.join(" "),
        end,
        head: best,
        head_end,
        bare: n == best.words.len(),
    })
}

/// Reads the issuer after "của": a body ([`body`]), also when a
/// conference of it comes first ("Hội nghị lần thứ sáu Ban Chấp hành
/// Trung ương"), a party committee of another body ("Đảng ủy UBND
/// tỉnh"), or a steering committee named up to its place ("Ban Chỉ đạo về
/// … tỉnh"). Returns it (not yet completed, see [`finish`]) and the bytes
/// read.
pub fn after_cua(g: Grammars, i: &str) -> Option<(String, usize)> {
    let (skip, r) = match read(g, i) {
        Some(r) => (0, r),
        None => conference(g, i)?,
    };
    let rest = |at: usize| i.get(skip + at..).unwrap_or("");
    if r.head.named {
        // "Ban Thường vụ Đảng ủy UBND tỉnh": the committee of a body
        let after = rest(r.head_end);
        let ws = after.len() - after.trim_start().len();
        if let Some(inner) = read(g, after.trim_start()).filter(|x| !x.head.named) {
            let head = r.head.words.join(" ");
            let end = skip + r.head_end + ws + inner.end;
            return Some((format!("{head} {}", inner.text), end));
        }
    }
    if r.head.until_place && r.bare {
        if let Some((tail, used)) = up_to_place(g, rest(r.head_end)) {
            let head = r.head.words.join(" ");
            return Some((format!("{head} {tail}"), skip + r.head_end + used));
        }
    }
    Some((r.text, skip + r.end))
}

/// "Hội nghị lần thứ sáu Ban Chấp hành Trung ương …": the body a
/// conference of it names, a few words on; with the bytes skipped.
fn conference(g: Grammars, i: &str) -> Option<(usize, Reading)> {
    let tail = i.strip_prefix("Hội nghị")?;
    let base = i.len() - tail.len();
    for (n, (start, _)) in scan::runs(tail, char::is_whitespace).enumerate() {
        if n >= 6 {
            break;
        }
        let at = base + start;
        if let Some(r) = i.get(at..).and_then(|x| read(g, x)) {
            return Some((at, r));
        }
    }
    None
}

/// The rest of a steering committee's name up to the place it ends with
/// ("về phát triển …, công nghệ … và chuyển đổi số tỉnh Đồng Tháp"), with
/// the bytes read; None when no place ends it within the clause.
fn up_to_place(g: Grammars, i: &str) -> Option<(String, usize)> {
    let toks: Vec<(usize, usize)> = scan::runs(i, char::is_whitespace).take(30).collect();
    for (k, &(start, end)) in toks.iter().enumerate() {
        let w = i.get(start..end)?;
        let gap = i.get(toks.get(k.wrapping_sub(1)).map_or(0, |t| t.1)..start)?;
        let digit_next = toks
            .get(k + 1)
            .and_then(|&(s, _)| i.get(s..))
            .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()));
        let stop = gap.matches('\n').count() > 1
            || w.chars()
                .any(|c| c.is_ascii_digit() || matches!(c, ';' | '.' | ':' | '(' | ')' | '|'))
            || (w == "số" && digit_next)
            || w == "ngày";
        if stop {
            return None;
        }
        for l in level_words(g) {
            let words: Option<Vec<&str>> = toks
                .get(k..k + l.len())
                .map(|ts| ts.iter().filter_map(|&(s, e)| i.get(s..e)).collect());
            let Some(words) = words else { continue };
            if words.len() == l.len() && words.iter().zip(l).all(|(w, l)| lower_is(w, l)) {
                // the level word and the capitalised name after it
                let mut last = k + l.len() - 1;
                let mut names = 0;
                while let Some(&(s, e)) = toks.get(last + 1) {
                    let w = i.get(s..e)?.trim_end_matches([',', ';', '.']);
                    let cap = w.chars().next().is_some_and(char::is_uppercase);
                    if !cap || not_name(g, w) || names >= 4 {
                        break;
                    }
                    last += 1;
                    names += 1;
                }
                let raw = i
                    .get(..toks.get(last)?.1)?
                    .trim_end_matches([',', ';', '.']);
                let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
                return Some((text, raw.len()));
            }
        }
    }
    None
}

/// Spells out a body read by [`after_cua`]: the body an office holder
/// stands for, completed with the places of the text ("Ủy ban nhân dân
/// tỉnh" → "… tỉnh Nghệ An"), a provincial department with its province.
pub fn finish(g: Grammars, raw: &str, places: &Places) -> String {
    let mut b = raw.trim().to_string();
    let words: Vec<&str> = raw.split_whitespace().collect();
    let mut best: Option<&Head> = None;
    for h in heads(g) {
        let n = h.words.len();
        if words.get(..n).is_some_and(|w| w == h.words.as_slice())
            && best.is_none_or(|x| n > x.words.len())
        {
            best = Some(h);
        }
    }
    if let Some(h) = best {
        let n = h.words.len();
        let tail = words.get(n..).unwrap_or(&[]).join(" ");
        if let Some(c) = h.canonical {
            b = if tail.is_empty() {
                c.to_string()
            } else {
                format!("{c} {tail}")
            };
        }
        if h.provincial && tail.is_empty() {
            if let Some(p) = places.province_locality() {
                return format!("{b} {p}");
            }
        }
    }
    places.complete(&b)
}

/// Issuer code of a number: `TTg` in 23/CT-TTg, `TW` in 18-NQ/TW, `BNV`
/// in 3759/BNV-CCHC, `UBTVQH13` in 1211/2016/UBTVQH13.
pub fn symbol_code(g: Grammars, n: &Number) -> Option<&str> {
    if n.party {
        return n.codes.get(1).map(String::as_str);
    }
    let first = n.codes.first()?;
    if tables::kind_of_code(g, first).is_some() && n.codes.len() > 1 {
        n.codes.get(1).map(String::as_str)
    } else {
        Some(first.as_str())
    }
}

/// The issuer a symbol implies, completed with the text's places; the
/// central bodies of a joint symbol (04/TTr-BKHCN-BTTTT) all of them.
pub fn from_symbol(g: Grammars, n: &Number, places: &Places) -> Option<String> {
    let code = symbol_code(g, n)?;
    let s = tables::symbol_issuer(g, code)?;
    if s.locality.is_empty() {
        let at = n.codes.iter().position(|c| c == code)?;
        let joint: Vec<&str> = n
            .codes
            .iter()
            .skip(at)
            .map_while(|c| tables::symbol_issuer(g, c).filter(|x| x.locality.is_empty()))
            .map(|x| x.issuer.as_str())
            .collect();
        if joint.len() > 1 {
            let mut seen: Vec<&str> = Vec::new();
            for j in joint {
                if !seen.contains(&j) {
                    seen.push(j);
                }
            }
            return Some(seen.join(", "));
        }
    }
    Some(match s.locality.as_str() {
        "province" => match places.province_locality() {
            Some(p) => format!("{} {p}", s.issuer),
            None => s.issuer.clone(),
        },
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
        body(crate::rules::Grammars::builtin(), i).map(|(s, _)| s)
    }

    /// The regex-and-join reading `body` replaced.
    fn body_by_regex(i: &str) -> Option<(String, usize)> {
        let word = regex::Regex::new(r"[^\s,;.()|:]+").unwrap();
        let expand = |w: &str| {
            let w = w.replace("Uỷ", "Ủy").replace("uỷ", "ủy");
            for a in &issuers(crate::rules::Grammars::builtin()).abbrev {
                if w == a.short || w == a.short.trim_end_matches('.') {
                    return a.full.clone();
                }
            }
            w
        };
        let i = i
            .get(..crate::text::floor_char_boundary(i, 400))
            .unwrap_or(i);
        let owned = i.replace("TP.", "TP ");
        let i = owned.as_str();
        let mut words: Vec<(String, usize)> = Vec::new();
        let mut last = 0;
        for m in word.find_iter(i) {
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
        let heads = issuers(crate::rules::Grammars::builtin())
            .body
            .iter()
            .map(|b| b.name.as_str())
            .chain(
                issuers(crate::rules::Grammars::builtin())
                    .symbol
                    .iter()
                    .map(|s| s.issuer.as_str()),
            );
        let mut best: Option<usize> = None;
        for h in heads {
            let n = h.split(' ').count();
            if joined.len() >= n && joined[..n].join(" ") == h && best.is_none_or(|b| n > b) {
                best = Some(n);
            }
        }
        let mut n = best?;
        let committees = ["Tỉnh ủy", "Thành ủy", "Huyện ủy", "Đảng ủy", "Đảng bộ"];
        let named = committees
            .iter()
            .any(|h| joined[..n].join(" ").ends_with(h));
        let mut level = false;
        for l in &locality::words(crate::rules::Grammars::builtin()).levels {
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
                if !cap || not_name(crate::rules::Grammars::builtin(), w) || k >= 4 {
                    break;
                }
                n += 1;
                k += 1;
            }
        }
        let end = words.get(n.checked_sub(1)?)?.1;
        Some((joined[..n].join(" "), end))
    }

    #[test]
    fn body_reads_like_the_regex_reading() {
        let mut parts: Vec<&str> = vec![
            " ",
            "  ",
            "\n",
            "\n\n",
            ",",
            ".",
            ";",
            ":",
            "(",
            ")",
            "|",
            "\t",
            "\u{a0}",
            "TP.",
            "TP",
            "Uỷ",
            "uỷ",
            "ban",
            "nhân",
            "dân",
            "Ủy",
            "UBND",
            "BCH",
            "tỉnh",
            "Tỉnh",
            "THÀNH",
            "phố",
            "thành",
            "xã",
            "Xã",
            "Nghệ",
            "An",
            "Về",
            "Ban",
            "Đảng",
            "bộ",
            "ủy",
            "Tỉnh ủy",
            "Thành ủy",
            "Cần",
            "Thơ",
            "x",
            "TTg",
            "Chính phủ",
            "Bộ",
            "Nội",
            "vụ",
            "Quốc hội",
            "Ninh",
            "Thuận",
            "về",
            "ngày",
            "Kỷ",
            "ǅ",
            "Σ",
        ];
        parts.extend(
            issuers(crate::rules::Grammars::builtin())
                .body
                .iter()
                .map(|b| b.name.as_str()),
        );
        parts.extend(
            locality::words(crate::rules::Grammars::builtin())
                .levels
                .iter()
                .copied(),
        );
        let mut next = crate::testing::xorshift(0x1234_5678_9abc_def1);
        let mut read = 0;
        for _ in 0..20_000 {
            let n = (next() % 12) as usize;
            let mut t = String::new();
            for _ in 0..n {
                t.push_str(parts[(next() % parts.len() as u64) as usize]);
                if next() % 2 == 0 {
                    t.push(' ');
                }
            }
            let want = body_by_regex(&t);
            read += usize::from(want.is_some());
            assert_eq!(body(crate::rules::Grammars::builtin(), &t), want, "{t:?}");
        }
        assert!(read > 1000, "{read}");
        let long = format!("Ủy ban nhân dân tỉnh {}", "Ab ".repeat(200));
        assert_eq!(
            body(crate::rules::Grammars::builtin(), &long),
            body_by_regex(&long)
        );
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
    fn examples_of_the_builtin_table_hold() {
        check(crate::rules::Grammars::builtin()).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn bodies_completed_with_the_document_places() {
        let places = Places::find(
            crate::rules::Grammars::builtin(),
            "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\n… tỉnh Ninh Thuận",
            &Default::default(),
        );
        let f = |t: &str| {
            after_cua(crate::rules::Grammars::builtin(), t)
                .map(|(r, _)| finish(crate::rules::Grammars::builtin(), &r, &places))
        };
        assert_eq!(
            f("Sở Nội vụ về việc").as_deref(),
            Some("Sở Nội vụ tỉnh Ninh Thuận")
        );
        assert_eq!(
            f("Sở Nội vụ tỉnh Nghệ An về").as_deref(),
            Some("Sở Nội vụ tỉnh Nghệ An")
        );
        assert_eq!(
            f("Ủy ban nhân dân Tỉnh về").as_deref(),
            Some("Ủy ban nhân dân tỉnh Ninh Thuận")
        );
        assert_eq!(
            f("Chủ tịch UBND tỉnh về").as_deref(),
            Some("Ủy ban nhân dân tỉnh Ninh Thuận")
        );
        assert_eq!(
            f("Ban Thường vụ Đảng ủy UBND tỉnh về").as_deref(),
            Some("Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh Ninh Thuận")
        );
        assert_eq!(
            f("Ban Chỉ đạo về chuyển đổi số, cải cách hành chính tỉnh ban hành").as_deref(),
            Some("Ban Chỉ đạo về chuyển đổi số, cải cách hành chính tỉnh Ninh Thuận")
        );
        let (_, used) = after_cua(
            crate::rules::Grammars::builtin(),
            "Hội nghị Trung ương 6 Ban Chấp hành Trung ương khóa X",
        )
        .unwrap();
        assert_eq!(used, "Hội nghị Trung ương 6 Ban Chấp hành Trung ương".len());
    }

    #[test]
    fn consumed_bytes_end_at_the_body() {
        let t = "Thủ tướng Chính phủ ngày 02/9/2021";
        let (_, used) = body(crate::rules::Grammars::builtin(), t).unwrap();
        assert_eq!(&t[..used], "Thủ tướng Chính phủ");
    }

    #[test]
    fn issuer_from_symbol_with_places() {
        use crate::parse::number::parse_number;
        let places = Places::find(
            crate::rules::Grammars::builtin(),
            "của UBND huyện; tại huyện Cát Hải; thành phố Hải Phòng",
            &Default::default(),
        );
        let n = |s: &str| {
            parse_number(crate::rules::Grammars::builtin(), s)
                .unwrap()
                .0
        };
        assert_eq!(
            from_symbol(crate::rules::Grammars::builtin(), &n("23/CT-TTg"), &places).as_deref(),
            Some("Thủ tướng Chính phủ")
        );
        assert_eq!(
            from_symbol(crate::rules::Grammars::builtin(), &n("94/KH-UBND"), &places).as_deref(),
            Some("Ủy ban nhân dân huyện Cát Hải")
        );
        assert_eq!(
            from_symbol(crate::rules::Grammars::builtin(), &n("03-NQ/TU"), &places).as_deref(),
            Some("Thành ủy Hải Phòng")
        );
        assert_eq!(
            from_symbol(
                crate::rules::Grammars::builtin(),
                &n("3759/BNV-CCHC"),
                &places
            )
            .as_deref(),
            Some("Bộ Nội vụ")
        );
        assert_eq!(
            from_symbol(
                crate::rules::Grammars::builtin(),
                &n("1211/2016/UBTVQH13"),
                &places
            )
            .as_deref(),
            Some("Ủy ban Thường vụ Quốc hội")
        );
        // a joint symbol: every central body in it
        assert_eq!(
            from_symbol(
                crate::rules::Grammars::builtin(),
                &n("04/TTr-BKHCN-BTTTT"),
                &places
            )
            .as_deref(),
            Some("Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông")
        );
        assert_eq!(
            from_symbol(
                crate::rules::Grammars::builtin(),
                &n("83/BKHCN-BTTTT-VP"),
                &places
            )
            .as_deref(),
            Some("Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông")
        );
        assert_eq!(
            from_symbol(
                crate::rules::Grammars::builtin(),
                &n("3759/BNV-CCHC"),
                &places
            )
            .as_deref(),
            Some("Bộ Nội vụ")
        );
        // a provincial department: with the province
        assert_eq!(
            from_symbol(
                crate::rules::Grammars::builtin(),
                &n("163/SNV-CCHC"),
                &places
            )
            .as_deref(),
            Some("Sở Nội vụ thành phố Hải Phòng")
        );
    }
}
