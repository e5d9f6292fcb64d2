//! Plain-text decoding: BOMs, UTF-8, UTF-16, and the legacy 8-bit encodings.
//!
//! Each byte range of the input is decoded into a piece of text and recorded
//! in the map, so spans find their way back to the original bytes.

use super::{Decoded, Format, legacy};
use crate::error::{Error, ErrorKind, Result};
use crate::text::{MappedText, TextBuilder};

/// Decodes a text file, picking the encoding from BOM and content, then
/// repairs legacy-encoding mojibake and VIQR (see [`super::legacy`]).
pub fn decode_text(bytes: &[u8]) -> Result<Decoded> {
    let (text, encoding) = decode_text_raw(bytes)?;
    Ok(repair(text, encoding, Format::Text))
}

/// Reads the bytes into Unicode: BOM, UTF-16 sniffing, UTF-8, else the
/// best 8-bit reading.
pub(crate) fn decode_text_raw(bytes: &[u8]) -> Result<(MappedText, &'static str)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|e| utf8_error(e, 3))?;
        let mut b = TextBuilder::with_capacity(text.len());
        b.push(text, 3, bytes.len());
        return Ok((b.finish(bytes.len()), "utf-8"));
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Ok((utf16(bytes, 2, false)?, "utf-16le"));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Ok((utf16(bytes, 2, true)?, "utf-16be"));
    }
    if let Some(be) = sniff_utf16(bytes) {
        let name = if be { "utf-16be" } else { "utf-16le" };
        return Ok((utf16(bytes, 0, be)?, name));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((MappedText::identity(text.to_string()), "utf-8")),
        Err(_) => Ok(legacy::decode_8bit(bytes)),
    }
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

fn utf8_error(e: std::str::Utf8Error, base: usize) -> Error {
    Error::new(
        ErrorKind::Encoding,
        "invalid UTF-8 after a UTF-8 byte order mark",
    )
    .at(format!("byte {}", base + e.valid_up_to()))
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

fn utf16(bytes: &[u8], skip: usize, be: bool) -> Result<MappedText> {
    let body = &bytes[skip..];
    let units = body.chunks_exact(2).map(|c| {
        if be {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_le_bytes([c[0], c[1]])
        }
    });
    let mut b = TextBuilder::with_capacity(body.len());
    let mut pos = skip;
    for r in char::decode_utf16(units) {
        let (c, width) = match r {
            Ok(c) => (c, c.len_utf16() * 2),
            Err(_) => ('\u{FFFD}', 2),
        };
        b.push_char(c, pos, pos + width);
        pos += width;
    }
    Ok(b.finish(bytes.len()))
}

/// Windows-1258, byte by byte (it may carry combining tone marks, which
/// normalisation composes).
pub(crate) fn windows_1258(bytes: &[u8]) -> MappedText {
    let mut b = TextBuilder::with_capacity(bytes.len() * 2);
    let mut buf = [0u8; 1];
    for (i, byte) in bytes.iter().enumerate() {
        buf[0] = *byte;
        let (s, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(&buf);
        b.push(&s, i, i + 1);
    }
    b.finish(bytes.len())
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
