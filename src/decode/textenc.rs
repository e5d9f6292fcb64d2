//! Plain-text decoding: BOMs, UTF-8, UTF-16, and the legacy 8-bit encodings.
//!
//! Each byte range of the input is decoded into a piece of text and recorded
//! in the map, so spans find their way back to the original bytes.

use super::{Decoded, Format, legacy, regions};
use crate::error::{Error, Result};
use crate::text::{MappedText, TextBuilder};

/// Decodes a text file, picking the encoding from BOM and content, then
/// repairs legacy-encoding mojibake and VIQR (see [`super::legacy`]). Bytes
/// that are no text under any reading (binary data) are an error.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded> {
    not_binary(bytes)?;
    let raw = decode_text_raw(bytes, true)?;
    let mut d = repair(raw.text, raw.encoding, Format::Text);
    d.source_warnings = raw.warnings;
    Ok(d)
}

/// Text read from bytes, before any repair.
#[derive(Debug)]
pub(crate) struct RawText {
    pub text: MappedText,
    pub encoding: &'static str,
    /// Problems reading the bytes (bytes read as U+FFFD, lines read in
    /// another encoding).
    pub warnings: Vec<String>,
}

/// Reads the bytes into Unicode: BOM, UTF-16 sniffing, UTF-8, else a
/// reading per line (UTF-8 with U+FFFD for a few bad bytes, or the best
/// 8-bit reading: see [`super::regions`]).
///
/// With `vietnamese`, bytes that are not valid in any encoding and read as
/// no Vietnamese text ([`not_junk`]) are an error.
pub(crate) fn decode_text_raw(bytes: &[u8], vietnamese: bool) -> Result<RawText> {
    let raw = |text, encoding, warnings: Vec<String>| RawText {
        text,
        encoding,
        warnings,
    };
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        if let Ok(text) = std::str::from_utf8(rest) {
            let mut b = TextBuilder::with_capacity(text.len());
            b.push(text, 3, bytes.len());
            return Ok(raw(b.finish(bytes.len()), "utf-8", Vec::new()));
        }
        let r = regions::decode(bytes, 3, false);
        return Ok(raw(r.text, "utf-8", r.warnings));
    }
    if bytes.starts_with(b"\xFF\xFE") {
        let (t, w) = utf16(bytes, 2, false);
        return Ok(raw(t, "utf-16le", w));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        let (t, w) = utf16(bytes, 2, true);
        return Ok(raw(t, "utf-16be", w));
    }
    if let Some(be) = sniff_utf16(bytes) {
        let name = if be { "utf-16be" } else { "utf-16le" };
        let (t, w) = utf16(bytes, 0, be);
        return Ok(raw(t, name, w));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(raw(
            MappedText::identity(text.to_string()),
            "utf-8",
            Vec::new(),
        )),
        Err(_) => {
            let plan = regions::plan(bytes, 0, true);
            if vietnamese {
                not_junk(plan.score)?;
            }
            let r = regions::build(bytes, &plan);
            Ok(raw(r.text, r.encoding, r.warnings))
        }
    }
}

/// Control bytes (C0 but tab, line breaks, form feed; DEL) in more than
/// one byte in a hundred: binary data, not text in any encoding we read
/// (all of them give these bytes the same C0 chars). A run of NUL bytes
/// at the end (a file padded by its writer) is not counted.
fn not_binary(bytes: &[u8]) -> Result<()> {
    if sniff_utf16(bytes).is_some()
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
    {
        return Ok(());
    }
    let body = bytes.len() - bytes.iter().rev().take_while(|b| **b == 0).count();
    let body = bytes.get(..body).unwrap_or(&[]);
    let controls = body
        .iter()
        .filter(|b| matches!(b, 0x00..=0x08 | 0x0E..=0x1F | 0x7F) && **b != 0x1A)
        .count();
    if controls * 100 > body.len() {
        return Err(Error::format(format!(
            "not a text document: {controls} of its {} bytes are control bytes (binary data)",
            body.len()
        )));
    }
    Ok(())
}

/// Bytes that are not valid in any encoding and whose best reading has
/// more impossible words than Vietnamese syllables and than ASCII words:
/// no Vietnamese text under any reading (random bytes, a compressed or
/// binary file).
fn not_junk(s: legacy::Score) -> Result<()> {
    if s.bad > s.good && s.bad > s.ascii {
        return Err(Error::format(format!(
            "not a text document: no reading (UTF-8, Windows-1258, TCVN3, VNI) gives Vietnamese text ({} impossible words, {} Vietnamese, {} ASCII)",
            s.bad, s.good, s.ascii
        )));
    }
    Ok(())
}

/// Repairs Unicode text that carries a legacy encoding (TCVN3 or VNI
/// mojibake, VIQR) and records what was found.
pub fn repair(text: MappedText, encoding: &str, format: Format) -> Decoded {
    let is_unicode = encoding.starts_with("utf");
    let mut repaired = Vec::new();
    let mut encoding = encoding.to_string();
    let mut text = text;
    if is_unicode && !legacy::clean_unicode(&text.text) {
        let units = legacy::units_of(&text);
        if let Some((reading, fixed)) = legacy::repair_unicode(&units) {
            text = legacy::build_text(&fixed, text.orig_len());
            match reading {
                legacy::Reading::Viqr => {
                    encoding = "viqr".to_string();
                    repaired.push("viqr".to_string());
                }
                r => repaired.push(format!("{}-mojibake", r.name())),
            }
        }
    }
    if has_eth(&text.text) {
        repaired.push("d-stroke".to_string());
    }
    let mut d = Decoded::plain(text, format, &encoding);
    d.repaired = repaired;
    d
}

/// True when the text has `Ð` or `ð` (U+00D0, U+00F0: UTF-8 0xC3 then 0x90
/// or 0xB0).
fn has_eth(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(0xC3, b).any(|i| matches!(b.get(i + 1), Some(0x90 | 0xB0)))
}

/// UTF-16 without BOM: many NUL bytes on one parity.
fn sniff_utf16(bytes: &[u8]) -> Option<bool> {
    let n = bytes.len().min(4096) & !1;
    if n < 4 {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for (i, b) in bytes[..n].iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 { even += 1 } else { odd += 1 }
        }
    }
    let half = n / 2;
    if odd * 10 > half * 3 && even * 10 < half {
        Some(false)
    } else if even * 10 > half * 3 && odd * 10 < half {
        Some(true)
    } else {
        None
    }
}

/// UTF-16 from `skip`; an unpaired surrogate (or a last odd byte) becomes
/// U+FFFD, and a warning says how many.
fn utf16(bytes: &[u8], skip: usize, be: bool) -> (MappedText, Vec<String>) {
    let body = bytes.get(skip..).unwrap_or(&[]);
    let units = body.chunks_exact(2).map(|c| {
        if be {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_le_bytes([c[0], c[1]])
        }
    });
    let mut b = TextBuilder::with_capacity(body.len());
    let mut pos = skip;
    let mut bad = Vec::new();
    for r in char::decode_utf16(units) {
        let (c, width) = match r {
            Ok(c) => (c, c.len_utf16() * 2),
            Err(_) => {
                bad.push(pos);
                ('\u{FFFD}', 2)
            }
        };
        b.push_char(c, pos, pos + width);
        pos += width;
    }
    if body.len() % 2 == 1 {
        bad.push(pos);
        b.push_char('\u{FFFD}', pos, bytes.len());
    }
    let mut warnings = Vec::new();
    if let Some(first) = bad.first() {
        warnings.push(format!(
            "{} UTF-16 code units are not valid (unpaired surrogates or a last odd byte) and read as U+FFFD; the first at byte {first}",
            bad.len()
        ));
    }
    (b.finish(bytes.len()), warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eth_is_found_as_contains_finds_it() {
        for t in [
            "",
            "Ð",
            "xð",
            "Đ đ à ư Ờ",
            "ÐÃ",
            "°",
            "\u{00C3}\u{0090}",
            "ê\u{0090}",
        ] {
            assert_eq!(has_eth(t), t.contains(['\u{00D0}', '\u{00F0}']), "{t:?}");
        }
    }

    #[test]
    fn utf16le_with_bom_maps_back() {
        let s = "Số 1";
        let mut bytes = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_text(&bytes).unwrap();
        assert_eq!(d.text.text, s);
        assert_eq!(d.encoding, "utf-16le");
        let one = d.text.text.find('1').unwrap();
        assert_eq!(d.text.to_orig(one), 2 + 2 * 3);
    }

    #[test]
    fn utf16be_without_bom_is_sniffed() {
        let s = "Quyết định số 12";
        let bytes: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let d = decode_text(&bytes).unwrap();
        assert_eq!(d.text.text, s);
        assert_eq!(d.encoding, "utf-16be");
    }
}
