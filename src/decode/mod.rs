//! Decoding: input bytes → Unicode text with a map back to the bytes.
//!
//! Owns format detection (from content, not the file name) and encoding
//! detection. Each front end produces a [`Decoded`]: the text, the tables it
//! saw (cells as offsets into that text), page starts for paged formats, and
//! what it found and repaired. It does not normalise (see
//! [`crate::normalize`]) or interpret the text.
//!
//! Front ends: [`textenc`] (UTF-8/16, Windows-1258 and the 8-bit legacy
//! encodings; [`regions`] picks a reading per line of bytes that are not
//! UTF-8), [`legacy`] (TCVN3, VNI, VIQR, raw and as mojibake; tables in
//! grammars/encodings.toml; [`words`] finds the words it scores), [`html`], [`docx`], [`pdf`] (text layer) and
//! [`ocr`] (scans and images, cargo feature `ocr`). Every Unicode result
//! goes through [`textenc::repair`], so legacy text is repaired whatever
//! container it came in.

pub mod docx;
pub mod html;
pub mod legacy;
pub mod ocr;
pub mod pdf;
pub mod regions;
pub mod textenc;
pub mod words;

use crate::error::{Error, Result};
use crate::text::MappedText;

/// The container format found in the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Docx,
    Pdf,
    /// A scanned page as a picture (PNG, JPEG, TIFF): read by OCR only.
    Image,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Image => "image",
        }
    }
}

/// A table as a front end saw it: cells are byte ranges of `Decoded::text`
/// (of the normalised text once [`crate::doc::Doc::build`] has moved them
/// for [`crate::segment::tables::segment`]).
#[derive(Debug, Clone, Default)]
pub struct RawTable {
    /// "html", "docx", "pdf".
    pub layout: String,
    pub rows: Vec<Vec<RawCell>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawCell {
    pub start: usize,
    pub end: usize,
    pub row_span: u32,
    pub col_span: u32,
}

/// What a front end hands to normalisation.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Decoded text; its map points into the original bytes (text formats)
    /// or is the identity (formats whose spans are offsets into the
    /// extracted text: DOCX, PDF).
    pub text: MappedText,
    pub format: Format,
    pub encoding: String,
    pub repaired: Vec<String>,
    pub tables: Vec<RawTable>,
    /// Offsets in `text` where page 2, 3, … start (page 1 starts at 0).
    pub page_starts: Vec<usize>,
    pub pages: Option<u32>,
    /// Problems met in the content (unread pages, limits): the output's
    /// `warnings`.
    pub warnings: Vec<String>,
    /// Problems reading the bytes (bytes not valid in the encoding, read as
    /// U+FFFD; lines read in another encoding): `source.warnings`.
    pub source_warnings: Vec<String>,
    /// Page headers and footers (DOCX), kept out of `text`.
    pub headers: Vec<String>,
}

impl Decoded {
    pub fn plain(text: MappedText, format: Format, encoding: &str) -> Decoded {
        Decoded {
            text,
            format,
            encoding: encoding.to_string(),
            repaired: Vec::new(),
            tables: Vec::new(),
            page_starts: Vec::new(),
            pages: None,
            warnings: Vec::new(),
            source_warnings: Vec::new(),
            headers: Vec::new(),
        }
    }
}

/// Moves table cells from `before` (text a repair started from) to
/// `after` (the repaired text); both maps point into the same original.
pub fn remap_tables(
    tables: Vec<RawTable>,
    before: &MappedText,
    after: &MappedText,
) -> Vec<RawTable> {
    if before.text == after.text {
        return tables;
    }
    tables
        .into_iter()
        .map(|mut t| {
            for c in t.rows.iter_mut().flatten() {
                let (s, e) = before.span_to_orig(c.start, c.end);
                c.start = after.from_orig(s);
                c.end = after.from_orig(e).max(c.start);
            }
            t
        })
        .collect()
}

/// Limits that protect a batch run from one hostile file.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_bytes: u64,
    /// Largest total of uncompressed entries read from a DOCX.
    pub max_unzipped: u64,
    /// Most zip entries read from a DOCX.
    pub max_zip_entries: usize,
    /// Largest uncompressed/compressed ratio accepted for one entry.
    pub max_zip_ratio: u64,
    /// Most PDF pages read.
    pub max_pages: u32,
    /// Largest decoded PDF stream (content, form, font map, object
    /// stream): a decompression bomb stops here.
    pub max_pdf_stream: u64,
    /// Largest total of decoded PDF streams in one file (a form drawn
    /// again is decoded again).
    pub max_pdf_decoded: u64,
    /// Most PDF content operators interpreted on one page, and in one
    /// file (a form that draws itself again and again).
    pub max_pdf_ops_page: u64,
    pub max_pdf_ops_file: u64,
    /// Most bytes of text a PDF's content streams show in all.
    pub max_pdf_text: u64,
}

impl Limits {
    /// An error when `bytes` is over `max_bytes`; `what` names the bytes
    /// ("file": its size on disk, "input": what was read).
    pub fn check_size(&self, what: &str, bytes: u64) -> Result<()> {
        if bytes > self.max_bytes {
            return Err(Error::limit(format!(
                "{what} is {bytes} bytes, more than the limit of {} (--max-bytes)",
                self.max_bytes
            )));
        }
        Ok(())
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 200 * 1024 * 1024,
            max_unzipped: 256 * 1024 * 1024,
            max_zip_entries: 10_000,
            max_zip_ratio: 200,
            max_pages: 5_000,
            max_pdf_stream: 16 * 1024 * 1024,
            max_pdf_decoded: 1024 * 1024 * 1024,
            max_pdf_ops_page: 1_000_000,
            max_pdf_ops_file: 50_000_000,
            max_pdf_text: 32 * 1024 * 1024,
        }
    }
}

/// Detects the format from the bytes.
pub fn detect_format(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"%PDF-") || find_prefix(bytes, b"%PDF-", 1024) {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Format::Docx;
    }
    if image_kind(bytes).is_some() {
        return Format::Image;
    }
    if looks_like_html(bytes) {
        return Format::Html;
    }
    Format::Text
}

/// The picture formats Tesseract reads, by magic bytes.
fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("jpeg")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("tiff")
    } else {
        None
    }
}

fn find_prefix(bytes: &[u8], needle: &[u8], within: usize) -> bool {
    let hay = &bytes[..bytes.len().min(within)];
    memchr::memmem::find(hay, needle).is_some()
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    // every tag looked for starts with `<`
    if memchr::memchr(b'<', head).is_none() {
        return false;
    }
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let has = |n: &[u8]| lower.windows(n.len()).any(|w| w == n);
    has(b"<!doctype html")
        || has(b"<html")
        || has(b"<body")
        || (has(b"<p") && has(b"</p>"))
        || (has(b"<div") && has(b"</div>"))
        || (has(b"<table") && has(b"</table>"))
}

/// Decodes any supported input.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<Decoded> {
    limits.check_size("input", bytes.len() as u64)?;
    match detect_format(bytes) {
        Format::Text => textenc::decode_text(bytes),
        Format::Html => html::decode_html(bytes),
        Format::Docx => docx::decode_docx(bytes, limits),
        Format::Pdf => pdf::decode_pdf(bytes, limits),
        Format::Image => {
            let kind = image_kind(bytes).unwrap_or("image");
            match ocr::image_text(bytes) {
                Some(Ok(t)) => {
                    let mut d = textenc::repair(MappedText::identity(t), "utf-8", Format::Image);
                    d.encoding = "ocr".into();
                    d.pages = Some(1);
                    Ok(d)
                }
                Some(Err(e)) => Err(Error::format(format!(
                    "OCR of the {kind} image failed: {e}"
                ))),
                None => Err(Error::format(format!(
                    "a {kind} image has no text to read without OCR: {}",
                    ocr::HINT
                ))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_detected_from_content() {
        assert_eq!(detect_format(b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(detect_format(b"PK\x03\x04rest"), Format::Docx);
        assert_eq!(detect_format(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(detect_format("Số: 1/QĐ-UBND".as_bytes()), Format::Text);
        assert_eq!(detect_format(b"\x89PNG\r\n\x1a\nrest"), Format::Image);
        assert_eq!(detect_format(b"\xFF\xD8\xFF\xE0"), Format::Image);
    }

    #[cfg(not(feature = "ocr"))]
    #[test]
    fn images_without_ocr_are_a_clear_error() {
        let e = decode(b"\x89PNG\r\n\x1a\nrest", &Limits::default()).unwrap_err();
        assert!(e.message.contains("--features ocr"), "{}", e.message);
    }
}
