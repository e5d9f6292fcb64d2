//! Entry points shared by the fuzz targets (fuzz/) and their replay test
//! (tests/fuzz_replay.rs), so every corpus entry and every crash found is
//! re-run by a plain `cargo test` on stable Rust.
//!
//! Each function must never panic, whatever the bytes; each checks the
//! invariants that must hold for any input.

use crate::normalize::normalize;
use crate::rules::Grammars;

/// Bytes through the whole pipeline; every span must lie inside the input
/// on char boundaries of what it indexes.
pub fn pipeline(data: &[u8]) {
    let g = Grammars::builtin();
    let Ok(out) = crate::extract_bytes(&g, "fuzz", data, &crate::Options::default()) else {
        return;
    };
    let limit = if out.source.format == "text" {
        data.len()
    } else {
        usize::MAX
    };
    let spans = out
        .citations
        .iter()
        .map(|c| c.span)
        .chain(out.targets.iter().map(|t| t.span))
        .chain(out.tasks.iter().map(|t| t.span));
    for s in spans {
        assert!(s.start <= s.end, "span {s:?} reversed");
        assert!(s.end <= limit, "span {s:?} outside {limit} bytes");
    }
    let _ = serde_json::to_string(&out);
}

/// Any string through normalisation: the map stays inside the input and
/// normalising again changes nothing.
pub fn normalise(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let m = normalize(s);
    let mut last = 0;
    for (i, _) in m
        .text
        .char_indices()
        .chain(std::iter::once((m.text.len(), ' ')))
    {
        let o = m.to_orig(i);
        assert!(o <= s.len() && o >= last, "offset {i} maps to {o}");
        last = o;
    }
    assert_eq!(normalize(&m.text).text, m.text, "not idempotent");
}

/// The date grammar on any text: a full date is a real calendar day.
pub fn date(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    if let Some((d, used)) = crate::parse::date::parse_date(&s) {
        assert!(used <= s.len());
        assert!(s.is_char_boundary(used));
        let iso = d.iso();
        if iso.len() == 10 {
            assert!(real_day(&iso), "date {iso} from {s:?}");
        }
    }
}

/// The number grammar: canonical forms are idempotent.
pub fn number(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    if let Some(c) = crate::parse::number::canonical(crate::rules::Grammars::builtin(), &s) {
        assert_eq!(
            crate::parse::number::canonical(crate::rules::Grammars::builtin(), &c).as_deref(),
            Some(c.as_str()),
            "canonical not idempotent for {s:?}"
        );
    }
}

/// Decoding alone (format and encoding detection, every front end).
pub fn decode(data: &[u8]) {
    if let Ok(d) = crate::decode::decode(data, &crate::decode::Limits::default()) {
        let t = &d.text;
        assert!(t.to_orig(t.text.len()) <= t.orig_len());
    }
}

/// The comparator grammar: a figure, and the words read before and after
/// it, at every char boundary of any text; lengths stay inside the text.
pub fn comparator(data: &[u8]) {
    let g = Grammars::builtin();
    use crate::parse::comparator::{figure, head, mentions_per_year, tail};
    let s = String::from_utf8_lossy(data);
    let _ = mentions_per_year(g, &s);
    for (i, _) in s.char_indices().take(64) {
        let rest = &s[i..];
        if let Some((f, used)) = figure(rest) {
            assert!(used <= rest.len() && rest.is_char_boundary(used));
            if let Some(max) = f.value_max {
                assert!(max.is_finite(), "value_max {max} from {rest:?}");
            }
            assert!(f.value.is_finite(), "value {} from {rest:?}", f.value);
        }
        let before = &s[..i];
        let h = head(g, before);
        assert!(h.len <= before.len() && before.is_char_boundary(before.len() - h.len));
        let t = tail(g, rest);
        assert!(t.len <= rest.len() && rest.is_char_boundary(t.len));
    }
}

/// The timeline grammar on any cell text: every date a real calendar day
/// ("YYYY-MM-DD", or "--MM-DD" every year); the kind is one of its type.
pub fn timeline(data: &[u8]) {
    let g = Grammars::builtin();
    let s = String::from_utf8_lossy(data);
    if let Some(t) = crate::parse::timeline::parse(g, &s) {
        for d in t.from.iter().chain(t.to.iter()) {
            assert!(real_day(d), "date {d:?} from {s:?}");
        }
    }
}

fn real_day(d: &str) -> bool {
    let (y, md) = match d.strip_prefix("--") {
        Some(md) => (2000, md),
        None => match d.split_once('-') {
            Some((y, md)) if y.len() == 4 => match y.parse::<i32>() {
                Ok(y) => (y, md),
                Err(_) => return false,
            },
            _ => return false,
        },
    };
    let Some((m, dd)) = md.split_once('-') else {
        return false;
    };
    let (Ok(m), Ok(dd)) = (m.parse::<u32>(), dd.parse::<u32>()) else {
        return false;
    };
    crate::parse::date::days_in_month(y, m).is_some_and(|last| (1..=last).contains(&dd))
}

/// The table segmenter on any text: every table, row and cell lies inside
/// the text on char boundaries, in order.
pub fn tables(data: &[u8]) {
    let g = Grammars::builtin();
    let s = String::from_utf8_lossy(data);
    let lines = crate::segment::lines(&s);
    for t in crate::segment::tables::find_in_text(g, &s, &lines) {
        assert!(
            t.start <= t.end && t.end <= s.len(),
            "table {}..{}",
            t.start,
            t.end
        );
        assert!(t.head <= t.rows.len());
        for r in &t.rows {
            for c in &r.cells {
                assert!(
                    c.start <= c.end && c.end <= s.len(),
                    "cell {}..{}",
                    c.start,
                    c.end
                );
                assert!(s.is_char_boundary(c.start) && s.is_char_boundary(c.end));
                assert!(c.row_span >= 1 && c.col_span >= 1);
            }
        }
    }
}

/// What every front end must hand on: a map inside the input, table cells
/// and page starts inside the text on char boundaries.
fn check_decoded(d: &crate::decode::Decoded) {
    let t = &d.text;
    let n = t.text.len();
    assert!(t.to_orig(n) <= t.orig_len());
    for table in &d.tables {
        for c in table.rows.iter().flatten() {
            assert!(
                c.start <= c.end && c.end <= n,
                "cell {}..{} of {n}",
                c.start,
                c.end
            );
            assert!(t.text.is_char_boundary(c.start) && t.text.is_char_boundary(c.end));
        }
    }
    let mut last = 0;
    for &p in &d.page_starts {
        assert!(p >= last && p <= n, "page start {p}");
        last = p;
    }
}

/// The HTML front end on any bytes.
pub fn html(data: &[u8]) {
    if let Ok(d) = crate::decode::html::decode_html(data) {
        check_decoded(&d);
    }
}

/// The DOCX front end. Bytes that are a zip are read as they are; any
/// other bytes become `word/document.xml` of a stored zip, so the fuzzer
/// reaches the XML reader and the table model rather than the zip CRC.
pub fn docx(data: &[u8]) {
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        match docx_of(data) {
            Some(b) => b,
            None => return,
        }
    };
    let limits = crate::decode::Limits::default();
    if let Ok(d) = crate::decode::docx::decode_docx(&bytes, &limits) {
        check_decoded(&d);
    }
}

fn docx_of(xml: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("[Content_Types].xml", opt).ok()?;
    w.write_all(b"<?xml version=\"1.0\"?><Types/>").ok()?;
    w.start_file("word/document.xml", opt).ok()?;
    w.write_all(xml).ok()?;
    Some(w.finish().ok()?.into_inner())
}

/// The PDF front end. Bytes that start with `%PDF` are read as they are;
/// any other bytes become the content stream of a one-page PDF with a
/// Type1 font, so the fuzzer reaches the glyph layout and line rebuilding.
pub fn pdf(data: &[u8]) {
    let bytes = if data.starts_with(b"%PDF") {
        data.to_vec()
    } else {
        match pdf_of(data) {
            Some(b) => b,
            None => return,
        }
    };
    let limits = crate::decode::Limits::default();
    if let Ok(d) = crate::decode::pdf::decode_pdf(&bytes, &limits) {
        check_decoded(&d);
    }
    pdf_budget(&bytes);
}

/// The operator budget holds: with small limits, a PDF is either read
/// within every limit (operators per page and per file, decoded bytes,
/// shown text) or stops with a limit error once one is passed — never a
/// hang, never more work unnoticed.
fn pdf_budget(bytes: &[u8]) {
    use crate::decode::pdf::{decode_pdf_counted, streams::Budget};
    let limits = crate::decode::Limits {
        max_pdf_stream: 64 * 1024,
        max_pdf_decoded: 256 * 1024,
        max_pdf_ops_page: 2_000,
        max_pdf_ops_file: 5_000,
        max_pdf_text: 64 * 1024,
        ..Default::default()
    };
    let mut b = Budget::new(&limits);
    let r = decode_pdf_counted(bytes, &limits, &mut b);
    assert!(b.decoded <= limits.max_pdf_decoded, "{b:?}");
    let over = b.ops_page > limits.max_pdf_ops_page
        || b.ops_file > limits.max_pdf_ops_file
        || b.text > limits.max_pdf_text;
    match r {
        Ok(_) => assert!(!over, "read past a limit: {b:?}"),
        Err(e) if over => assert_eq!(e.kind, crate::error::ErrorKind::Limit, "{e}"),
        Err(_) => {}
    }
}

fn pdf_of(content: &[u8]) -> Option<Vec<u8>> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => resources_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).ok()?;
    Some(out)
}

/// A fuzz entry point.
pub type Target = fn(&[u8]);

/// Every target, by name.
pub const TARGETS: &[(&str, Target)] = &[
    ("pipeline", pipeline),
    ("normalise", normalise),
    ("date", date),
    ("number", number),
    ("decode", decode),
    ("comparator", comparator),
    ("timeline", timeline),
    ("tables", tables),
    ("html", html),
    ("docx", docx),
    ("pdf", pdf),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docx_wrapper_reaches_the_xml_reader() {
        let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Quyết định số 12/QĐ-UBND</w:t></w:r></w:p></w:body></w:document>"#;
        let bytes = docx_of(xml.as_bytes()).expect("zip written");
        let d = crate::decode::docx::decode_docx(&bytes, &crate::decode::Limits::default())
            .expect("wrapped docx reads");
        assert!(d.text.text.contains("12/QĐ-UBND"), "{:?}", d.text.text);
    }

    #[test]
    fn pdf_budget_stops_a_form_that_draws_itself() {
        // each level draws the form 50 times: 50^8 draws without a budget
        let mut pdf = b"%PDF-1.5\n".to_vec();
        let mut offs = Vec::new();
        let form = format!("{}BT /F1 12 Tf (a) Tj ET", "/X0 Do\n".repeat(50));
        let objs = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
            "<< /Type /Page /Parent 2 0 R /Resources << /XObject << /X0 4 0 R >> >> /Contents 5 0 R >>".into(),
            format!("<< /Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /X0 4 0 R >> >> /Length {} >>\nstream\n{form}\nendstream", form.len()),
            "<< /Length 6 >>\nstream\n/X0 Do\nendstream".into(),
        ];
        for (i, o) in objs.iter().enumerate() {
            offs.push(pdf.len());
            pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
        }
        let x = pdf.len();
        pdf.extend(b"xref\n0 6\n0000000000 65535 f \n");
        for o in offs {
            pdf.extend(format!("{o:010} 00000 n \n").bytes());
        }
        pdf.extend(format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n").bytes());
        let start = std::time::Instant::now();
        pdf_budget(&pdf);
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
        let e = crate::decode::pdf::decode_pdf(&pdf, &crate::decode::Limits::default())
            .expect_err("past the budget");
        assert!(e.message.contains("content operators"), "{}", e.message);
    }

    #[test]
    fn pdf_wrapper_reaches_the_glyph_layout() {
        let bytes = pdf_of(b"BT /F1 12 Tf 72 712 Td (So 12/QD-UBND) Tj ET").expect("pdf written");
        let d = crate::decode::pdf::decode_pdf(&bytes, &crate::decode::Limits::default())
            .expect("wrapped pdf reads");
        assert!(d.text.text.contains("12/QD-UBND"), "{:?}", d.text.text);
    }

    #[test]
    fn real_day_knows_the_calendar() {
        assert!(real_day("2024-02-29"));
        assert!(!real_day("2023-02-29"));
        assert!(real_day("--12-31"));
        assert!(!real_day("2025-13-01"));
        assert!(!real_day("2025-06-00"));
    }
}
