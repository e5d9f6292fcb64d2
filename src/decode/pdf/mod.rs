//! PDF front end: the text layer, read with `lopdf`, lines rebuilt from
//! glyph positions.
//!
//! For each page the content stream (and the form XObjects it draws) is run
//! through a small text-state machine (Tf, Tm, Td, TJ, cm, q/Q, …). Each
//! shown string becomes a chunk with its position, size and width (from the
//! font's /Widths or /W); strings are decoded through the font's ToUnicode
//! CMap (one or two byte codes, Identity-H included), else its simple
//! encoding. Chunks are grouped into lines by baseline, top to bottom, and
//! joined left to right: a gap wider than a tenth of the font size
//! becomes a space, a gap of four ems or more (columns: a letterhead, a
//! table) a tab. Runs of such lines become tables ([`RawTable`]). Pages are separated by a form feed turned newline;
//! `page_starts` records where each page begins. A page whose text layer is
//! missing or unreadable (a scan, a poor OCR layer) is reported in
//! `warnings`, or read by OCR with the `ocr` feature (see [`super::ocr`]);
//! without OCR, a layer that reads as no Vietnamese is left out, so no
//! field comes from it ([`layer`]).
//! The map is the identity over the extracted text.

mod content;
mod crypt;
pub mod pages;
pub mod streams;
mod syntax;

use super::{Decoded, Format, Limits, RawCell, RawTable, textenc};
use crate::error::{Error, Result};
use crate::text::MappedText;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use streams::Budget;

/// Decodes PDF bytes.
pub fn decode_pdf(bytes: &[u8], limits: &Limits) -> Result<Decoded> {
    decode_pdf_counted(bytes, limits, &mut Budget::new(limits))
}

/// [`decode_pdf`], spending from `budget` (which then tells what the file
/// cost, even when it failed).
pub fn decode_pdf_counted(bytes: &[u8], limits: &Limits, budget: &mut Budget) -> Result<Decoded> {
    let doc = load(bytes, limits, budget)?;
    let tree = pages::pages(&doc, limits.max_pages as usize + 1);
    if tree.pages.len() > limits.max_pages as usize {
        return Err(Error::limit(format!(
            "PDF has more than {} pages (the limit)",
            limits.max_pages
        )));
    }
    let mut warnings = Vec::new();
    if let Some((n, g)) = tree.repeated {
        if tree.pages.is_empty() {
            return Err(Error::format(format!(
                "the PDF's page tree is cyclic (object {n} {g} R is inside itself) and reaches no page"
            )));
        }
        warnings.push(format!(
            "the PDF's page tree reaches object {n} {g} R twice (a cycle): its pages were read once"
        ));
    }
    let pages = tree.pages;
    let mut text = String::new();
    let mut page_starts = Vec::new();
    let mut unread = Vec::new();
    // pages whose poor text layer was left out
    let mut left_out = Vec::new();
    let mut fonts = FontCache::default();
    let mut tables = Vec::new();
    for (i, id) in pages.iter().enumerate() {
        let num = i as u32 + 1;
        if i > 0 {
            page_starts.push(text.len());
        }
        budget.start_page(num);
        let chunks = page_chunks(&doc, *id, &mut fonts, budget)?;
        let mut page = lines(chunks);
        let verdict = layer(&page);
        if verdict != Layer::Usable {
            match super::ocr::page_text(bytes, num) {
                Some(Ok(t)) => page = t,
                Some(Err(e)) => {
                    warnings.push(format!("page {num}: OCR failed: {e}"));
                    unread.push(num);
                }
                None => unread.push(num),
            }
            if unread.last() == Some(&num) && verdict == Layer::Unusable {
                page.clear();
                left_out.push(num);
            }
        }
        let page = page.replace('\u{FFFD}', "");
        tables.extend(tables_in(&page, text.len()));
        text.push_str(&page);
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
    }
    if !unread.is_empty() {
        let dropped = match left_out.len() {
            0 => String::new(),
            _ => format!(
                "; the text layer of pages {} reads as no Vietnamese and was left out, so no field comes from it",
                list(&left_out)
            ),
        };
        warnings.push(format!(
            "{} of {} pages have no usable text layer (scanned or poor OCR): pages {}{dropped}; {}",
            unread.len(),
            pages.len(),
            list(&unread),
            super::ocr::HINT
        ));
    }
    let pre = MappedText::identity(text);
    let mut d = textenc::repair(pre.clone(), "utf-8", Format::Pdf);
    d.tables = super::remap_tables(tables, &pre, &d.text);
    d.encoding = "pdf-text".into();
    d.page_starts = page_starts;
    d.pages = Some(pages.len() as u32);
    d.warnings.extend(warnings);
    Ok(d)
}

/// The `Type` object streams are held under while the file is parsed.
const HELD: &[u8] = b"VanbanObjStm";

/// Parses the PDF with its object streams held back (the parser would
/// inflate them with no limit, and before they are decrypted), decrypts
/// it, then opens the object streams within the budget. What the parser
/// cannot survive (see [`syntax`]) is refused first.
fn load(bytes: &[u8], limits: &Limits, budget: &mut Budget) -> Result<Document> {
    if let Some(at) = syntax::too_deep(bytes) {
        return Err(Error::limit(format!(
            "the PDF nests arrays or dictionaries more than {} deep at byte {at} (real files nest a dozen)",
            syntax::MAX_NESTING
        )));
    }
    if let Some(at) = syntax::xref_bomb(bytes, limits.max_pdf_stream) {
        return Err(Error::limit(format!(
            "the PDF's cross-reference stream at byte {at} decodes to more than {} bytes (the per-stream limit: a decompression bomb?)",
            limits.max_pdf_stream
        )));
    }
    fn hold(id: ObjectId, obj: &mut Object) -> Option<(ObjectId, Object)> {
        if let Object::Stream(s) = obj {
            if s.dict.type_is(b"ObjStm") {
                s.dict.set("Type", Object::Name(HELD.to_vec()));
            }
        }
        Some((id, Object::Null))
    }
    let mut doc = lopdf::Reader {
        buffer: bytes,
        document: Document::new(),
    }
    .read(Some(hold))
    .map_err(|e| Error::format(format!("not a readable PDF: {e}")))?;
    match crypt::decrypt(&mut doc) {
        Ok(()) => {}
        Err(crypt::Refusal::Password) => {
            return Err(Error::format(
                "the PDF is encrypted with a user password (only PDFs that open without one are read)",
            ));
        }
        Err(crypt::Refusal::Unsupported(why)) => {
            return Err(Error::format(format!(
                "the PDF is encrypted in a way vanban does not read: {why}"
            )));
        }
    }
    open_object_streams(&mut doc, budget)?;
    Ok(doc)
}

/// Adds the objects of the held object streams (an object already read
/// from the file body wins, as in lopdf).
fn open_object_streams(doc: &mut Document, budget: &mut Budget) -> Result<()> {
    let held: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| matches!(o, Object::Stream(s) if s.dict.type_is(HELD)))
        .map(|(id, _)| *id)
        .collect();
    let mut found: std::collections::BTreeMap<ObjectId, Object> = Default::default();
    for id in held {
        let Some(Object::Stream(s)) = doc.objects.get_mut(&id) else {
            continue;
        };
        s.dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        let what = format!("object stream {} {} R", id.0, id.1);
        let Some(data) = streams::data(s, budget, &what)? else {
            continue;
        };
        if let Some(at) = syntax::too_deep(&data) {
            return Err(Error::limit(format!(
                "{what} nests arrays or dictionaries more than {} deep at byte {at}",
                syntax::MAX_NESTING
            )));
        }
        s.dict.remove(b"Filter");
        s.dict.remove(b"DecodeParms");
        s.set_content(data);
        if let Ok(os) = lopdf::ObjectStream::new(s) {
            for (k, o) in os.objects {
                found.entry(k).or_insert(o);
            }
        }
    }
    for (k, o) in found {
        doc.objects.entry(k).or_insert(o);
    }
    Ok(())
}

fn list(pages: &[u32]) -> String {
    let v: Vec<String> = pages.iter().take(20).map(u32::to_string).collect();
    let more = if pages.len() > 20 { ", …" } else { "" };
    format!("{}{more}", v.join(", "))
}

/// What a page's text layer is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// Vietnamese text.
    Usable,
    /// Fewer than 20 letters: a scan without a text layer, or a page of
    /// figures; what little it has is kept.
    Sparse,
    /// Vietnamese written without its diacritics, every word clean
    /// ("Quyet dinh so 12/QD-UBND ngay 3 thang 5"): not usable (OCR would
    /// be tried), but kept, since what it says is right.
    Bare,
    /// Letters that read as no Vietnamese (a poor OCR layer: "Quy djnh
    /// chuan va djnh dang dfr li~u", "B O HI M", glyphs without Unicode):
    /// left out, so no field is taken from it.
    Unusable,
}

/// Judges a page's text layer: usable when it has some letters and most
/// of its words with diacritics are Vietnamese syllables (a poor OCR
/// layer is not).
pub fn layer(page: &str) -> Layer {
    let letters = page.chars().filter(|c| c.is_alphabetic()).count();
    let unmapped = page.chars().filter(|c| *c == '\u{FFFD}').count();
    if letters < 20 {
        return Layer::Sparse;
    }
    if unmapped * 50 > letters {
        return Layer::Unusable;
    }
    let mut s = super::legacy::score(page);
    if s.bad * 3 > s.good + s.bad {
        // legacy-font text (TCVN3, VNI) is repaired later: judge that reading
        let m = MappedText::identity(page.to_string());
        if let Some((_, fixed)) = super::legacy::repair_unicode(&super::legacy::units_of(&m)) {
            s = super::legacy::score(&fixed.iter().map(|u| u.c).collect::<String>());
        }
    }
    let words = s.good + s.bad + s.ascii;
    // Not: mostly junk words; Vietnamese without its diacritics (an OCR
    // layer that lost them: in real pages 75–95% of the words carry one);
    // or with words missing (a layer where unsure words stayed image),
    // which leaves as many bare fragments ("B O HI M") as real words.
    let junk = s.bad * 3 > s.good + s.bad;
    let bare = words >= 50 && s.good * 10 < (s.good + s.ascii) * 6;
    let short = words < 50 && s.good * 10 < words;
    if junk {
        Layer::Unusable
    } else if bare || short {
        // lost every diacritic (not some words: "B O HI M XÃ H I")
        let lost = (s.good + s.bad) * 10 < words;
        if lost && clean_words(page, s) {
            Layer::Bare
        } else {
            Layer::Unusable
        }
    } else {
        Layer::Usable
    }
}

/// Whether nine in ten words of a page that lost its diacritics are still
/// words: Vietnamese syllables, with their marks or with none, or acronyms
/// (up to four capitals: UBND, QD). An OCR layer garbles many ("djnh",
/// "dAu", "QUYETDINH", a letter left alone); a text written without
/// diacritics garbles none. `s` is the page's [`Score`] (its words with a
/// non-ASCII char).
///
/// [`Score`]: super::legacy::Score
fn clean_words(page: &str, s: super::legacy::Score) -> bool {
    let (mut ok, mut all) = (s.good, s.good + s.bad);
    super::words::each_word(page, |start, end, wide| {
        let Some(w) = page.get(start..end).filter(|_| !wide) else {
            return;
        };
        let caps = w.bytes().all(|b| b.is_ascii_uppercase());
        if super::legacy::bare_syllable_ok(w) {
            ok += 1;
        } else if caps && (2..=4).contains(&w.len()) {
            return;
        }
        all += 1;
    });
    ok * 10 >= all * 9
}

/// Tables rebuilt from positions: three or more consecutive lines whose
/// words fall into columns (wide gaps, written as tabs), at least two of
/// them with the same number of cells. Offsets are shifted by `base`.
fn tables_in(page: &str, base: usize) -> Vec<RawTable> {
    let mut tables = Vec::new();
    let mut run: Vec<Vec<RawCell>> = Vec::new();
    let mut flush = |run: &mut Vec<Vec<RawCell>>| {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for r in run.iter() {
            *counts.entry(r.len()).or_default() += 1;
        }
        if run.len() >= 3 && counts.values().any(|n| *n >= 2) {
            tables.push(RawTable {
                layout: "pdf".into(),
                rows: std::mem::take(run),
            });
        }
        run.clear();
    };
    let mut pos = 0;
    for line in page.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let body = line.trim_end_matches('\n');
        if !body.contains('\t') {
            flush(&mut run);
            continue;
        }
        let mut cells = Vec::new();
        let mut at = start;
        for cell in body.split('\t') {
            let lead = cell.len() - cell.trim_start().len();
            let t = cell.trim();
            if !t.is_empty() {
                let s = base + at + lead;
                cells.push(RawCell {
                    start: s,
                    end: s + t.len(),
                    row_span: 1,
                    col_span: 1,
                });
            }
            at += cell.len() + 1;
        }
        run.push(cells);
    }
    flush(&mut run);
    tables
}

/// A shown string with its place on the page.
#[derive(Debug, Clone)]
struct Chunk {
    x: f32,
    y: f32,
    end: f32,
    size: f32,
    text: String,
}

/// Groups chunks into lines, top to bottom, left to right.
fn lines(mut chunks: Vec<Chunk>) -> String {
    chunks.retain(|c| !c.text.trim().is_empty() && c.size > 0.0);
    chunks.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<(f32, f32, Vec<Chunk>)> = Vec::new();
    for c in chunks {
        match rows.last_mut() {
            Some((y, size, row)) if (*y - c.y).abs() < 0.5 * size.min(c.size) => {
                row.push(c);
                *size = size.max(row.last().map_or(0.0, |c| c.size));
            }
            _ => rows.push((c.y, c.size, vec![c])),
        }
    }
    let mut out = String::new();
    for (_, _, mut row) in rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut line = String::new();
        let mut last_end: Option<(f32, f32)> = None;
        for c in row {
            if let Some((end, size)) = last_end {
                let gap = c.x - end;
                let size = size.max(c.size);
                if gap > 4.0 * size {
                    line.push('\t');
                } else if gap > 0.1 * size && !line.ends_with(' ') && !c.text.starts_with(' ') {
                    line.push(' ');
                }
            }
            line.push_str(&c.text);
            last_end = Some((c.end.max(last_end.map_or(f32::MIN, |l| l.0)), c.size));
        }
        let line = line.trim_end();
        out.push_str(line.trim_start_matches(' '));
        out.push('\n');
    }
    out
}

/// 2-D affine matrix [a b c d e f].
#[derive(Debug, Clone, Copy)]
struct M([f32; 6]);

impl M {
    const ID: M = M([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn mul(self, o: M) -> M {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = o.0;
        M([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn apply(self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn translate(x: f32, y: f32) -> M {
        M([1.0, 0.0, 0.0, 1.0, x, y])
    }
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => 0.0,
    }
}

fn matrix(ops: &[Object]) -> Option<M> {
    if ops.len() < 6 {
        return None;
    }
    let v: Vec<f32> = ops.iter().take(6).map(num).collect();
    Some(M([v[0], v[1], v[2], v[3], v[4], v[5]]))
}

/// The `/Matrix` of a form XObject (the identity when it has none).
fn form_matrix(dict: &Dictionary) -> M {
    dict.get(b"Matrix")
        .and_then(Object::as_array)
        .ok()
        .and_then(|v| matrix(v))
        .unwrap_or(M::ID)
}

/// What is needed to read strings of one font.
#[derive(Debug, Default)]
struct Font {
    two_byte: bool,
    to_unicode: HashMap<u32, String>,
    /// one-byte fallback (code → char) when there is no ToUnicode entry
    simple: Option<[char; 256]>,
    widths: HashMap<u32, f32>,
    default_width: f32,
}

impl Font {
    fn load(doc: &Document, dict: &Dictionary, budget: &mut Budget) -> Result<Font> {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let two_byte = subtype == b"Type0";
        let mut f = Font {
            two_byte,
            default_width: if two_byte { 1000.0 } else { 500.0 },
            ..Font::default()
        };
        if let Some(s) = deref(doc, dict.get(b"ToUnicode").ok()).and_then(|o| o.as_stream().ok()) {
            if let Some(data) = streams::data(s, budget, "a font's ToUnicode map")? {
                f.to_unicode = parse_cmap(&data);
            }
        }
        if two_byte {
            let desc = deref(doc, dict.get(b"DescendantFonts").ok())
                .and_then(|o| o.as_array().ok())
                .and_then(|a| deref(doc, a.first()))
                .and_then(|o| o.as_dict().ok());
            if let Some(desc) = desc {
                if let Some(dw) = deref(doc, desc.get(b"DW").ok()) {
                    f.default_width = num(dw);
                }
                if let Some(w) = deref(doc, desc.get(b"W").ok()).and_then(|o| o.as_array().ok()) {
                    cid_widths(doc, w, &mut f.widths);
                }
            }
        } else {
            let first = dict.get(b"FirstChar").map(num).unwrap_or(0.0) as u32;
            if let Some(w) = deref(doc, dict.get(b"Widths").ok()).and_then(|o| o.as_array().ok()) {
                for (i, o) in w.iter().enumerate() {
                    let v = deref(doc, Some(o)).map_or(0.0, num);
                    f.widths.insert(first.saturating_add(i as u32), v);
                }
            }
            f.simple = Some(simple_encoding(doc, dict));
        }
        Ok(f)
    }

    /// Appends the text of a string's codes (U+FFFD for a glyph without
    /// Unicode); returns the sum of glyph widths (/1000 em), the number of
    /// codes and of single-byte spaces (which take the word spacing).
    fn decode_into(&self, bytes: &[u8], text: &mut String) -> (f32, usize, usize) {
        let step = if self.two_byte { 2 } else { 1 };
        let (mut width, mut codes, mut spaces) = (0.0, 0, 0);
        for c in bytes.chunks(step) {
            let code = c.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b));
            width += self
                .widths
                .get(&code)
                .copied()
                .unwrap_or(self.default_width);
            codes += 1;
            if !self.two_byte && code == 32 {
                spaces += 1;
            }
            match self.to_unicode.get(&code) {
                Some(t) if !t.is_empty() => text.push_str(t),
                Some(_) => text.push('\u{FFFD}'),
                None => match self.simple.as_ref().and_then(|t| t.get(code as usize)) {
                    Some(c) if *c != '\0' => text.push(*c),
                    _ => text.push('\u{FFFD}'),
                },
            }
        }
        (width, codes, spaces)
    }
}

fn deref<'a>(doc: &'a Document, o: Option<&'a Object>) -> Option<&'a Object> {
    doc.dereference(o?).ok().map(|(_, o)| o)
}

/// The /W array of a CID font: `c [w1 w2 …]` and `c1 c2 w`.
fn cid_widths(doc: &Document, w: &[Object], out: &mut HashMap<u32, f32>) {
    let mut i = 0;
    while i < w.len() {
        let Some(first) = w.get(i).map(|o| num(o) as u32) else {
            break;
        };
        match w.get(i + 1).and_then(|o| deref(doc, Some(o))) {
            Some(Object::Array(a)) => {
                for (k, v) in a.iter().enumerate() {
                    out.insert(first.saturating_add(k as u32), num(v));
                }
                i += 2;
            }
            Some(last) => {
                let last = num(last) as u32;
                let v = w.get(i + 2).map_or(0.0, num);
                for c in first..=last.min(first.saturating_add(65_535)) {
                    out.insert(c, v);
                }
                i += 3;
            }
            None => break,
        }
    }
}

/// A simple font's byte → char table: WinAnsi (the usual base) with the
/// /Differences glyph names that say what they are (`uni1EA1`, `a`, …).
fn simple_encoding(doc: &Document, dict: &Dictionary) -> [char; 256] {
    let mut t = ['\0'; 256];
    for (b, slot) in t.iter_mut().enumerate() {
        let byte = [b as u8];
        let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        *slot = s.chars().next().unwrap_or('\0');
    }
    let enc = deref(doc, dict.get(b"Encoding").ok()).and_then(|o| o.as_dict().ok());
    if let Some(diffs) = enc
        .and_then(|e| deref(doc, e.get(b"Differences").ok()))
        .and_then(|o| o.as_array().ok())
    {
        let mut code = 0usize;
        for o in diffs {
            match o {
                Object::Integer(i) => code = (*i).clamp(0, 255) as usize,
                Object::Name(n) => {
                    if let (Some(slot), Some(c)) = (t.get_mut(code), glyph_char(n)) {
                        *slot = c;
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    t
}

fn glyph_char(name: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(name).ok()?;
    if let Some(hex) = s.strip_prefix("uni").or_else(|| s.strip_prefix('u')) {
        if (4..=6).contains(&hex.len()) {
            if let Ok(v) = u32::from_str_radix(hex, 16) {
                return char::from_u32(v);
            }
        }
    }
    let mut cs = s.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => Some(c),
        _ => match s {
            "space" => Some(' '),
            "period" => Some('.'),
            "comma" => Some(','),
            "hyphen" => Some('-'),
            "slash" => Some('/'),
            "colon" => Some(':'),
            "semicolon" => Some(';'),
            "parenleft" => Some('('),
            "parenright" => Some(')'),
            "dcroat" => Some('đ'),
            "Dcroat" => Some('Đ'),
            _ => None,
        },
    }
}

/// Parses a ToUnicode CMap: bfchar and bfrange sections.
fn parse_cmap(data: &[u8]) -> HashMap<u32, String> {
    let mut map = HashMap::new();
    let text = String::from_utf8_lossy(data);
    let toks = cmap_tokens(&text);
    let mut i = 0;
    while i < toks.len() {
        match toks.get(i).map(String::as_str) {
            Some("beginbfchar") => {
                i += 1;
                while let (Some(src), Some(dst)) = (toks.get(i), toks.get(i + 1)) {
                    if src == "endbfchar" {
                        break;
                    }
                    if let (Some(s), Some(d)) = (hex_code(src), hex_utf16(dst)) {
                        map.insert(s, d);
                    }
                    i += 2;
                }
            }
            Some("beginbfrange") => {
                i += 1;
                while let Some(lo) = toks.get(i) {
                    if lo == "endbfrange" {
                        break;
                    }
                    let (Some(lo), Some(hi)) =
                        (hex_code(lo), toks.get(i + 1).and_then(|t| hex_code(t)))
                    else {
                        i += 1;
                        continue;
                    };
                    match toks.get(i + 2).map(String::as_str) {
                        Some("[") => {
                            let mut k = i + 3;
                            let mut code = lo;
                            while let Some(t) = toks.get(k) {
                                if t == "]" {
                                    break;
                                }
                                if let Some(d) = hex_utf16(t) {
                                    map.insert(code, d);
                                }
                                code = code.saturating_add(1);
                                k += 1;
                            }
                            i = k + 1;
                        }
                        Some(dst) => {
                            if let Some(units) = hex_units(dst) {
                                for (n, code) in
                                    (lo..=hi.min(lo.saturating_add(65_535))).enumerate()
                                {
                                    let mut u = units.clone();
                                    if let Some(last) = u.last_mut() {
                                        *last = last.wrapping_add(n as u16);
                                    }
                                    map.insert(code, String::from_utf16_lossy(&u));
                                }
                            }
                            i += 3;
                        }
                        None => break,
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    map
}

fn cmap_tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_hex = false;
    for c in s.chars() {
        if in_hex {
            cur.push(c);
            if c == '>' {
                out.push(std::mem::take(&mut cur));
                in_hex = false;
            }
            continue;
        }
        match c {
            '<' => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                cur.push(c);
                in_hex = true;
            }
            '[' | ']' => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                out.push(c.to_string());
            }
            c if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn hex_bytes(t: &str) -> Option<Vec<u8>> {
    let h: String = t
        .strip_prefix('<')?
        .strip_suffix('>')?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    (0..h.len())
        .step_by(2)
        .map(|i| {
            h.get(i..(i + 2).min(h.len()))
                .and_then(|x| u8::from_str_radix(x, 16).ok())
        })
        .collect()
}

fn hex_code(t: &str) -> Option<u32> {
    let b = hex_bytes(t)?;
    (b.len() <= 4).then(|| b.iter().fold(0u32, |a, x| a << 8 | u32::from(*x)))
}

fn hex_units(t: &str) -> Option<Vec<u16>> {
    let b = hex_bytes(t)?;
    Some(
        b.chunks(2)
            .map(|c| match c {
                [h, l] => u16::from_be_bytes([*h, *l]),
                [l] => u16::from(*l),
                _ => 0,
            })
            .collect(),
    )
}

fn hex_utf16(t: &str) -> Option<String> {
    hex_units(t).map(|u| String::from_utf16_lossy(&u))
}

#[derive(Default)]
struct FontCache {
    fonts: HashMap<ObjectId, std::rc::Rc<Font>>,
}

impl FontCache {
    fn get(
        &mut self,
        doc: &Document,
        res: &Dictionary,
        name: &[u8],
        budget: &mut Budget,
    ) -> Result<Option<std::rc::Rc<Font>>> {
        let Some(fonts) = deref(doc, res.get(b"Font").ok()).and_then(|o| o.as_dict().ok()) else {
            return Ok(None);
        };
        let Ok(obj) = fonts.get(name) else {
            return Ok(None);
        };
        let id = obj.as_reference().ok();
        if let Some(f) = id.and_then(|id| self.fonts.get(&id)) {
            return Ok(Some(f.clone()));
        }
        let Some(dict) = deref(doc, Some(obj)).and_then(|o| o.as_dict().ok()) else {
            return Ok(None);
        };
        let f = std::rc::Rc::new(Font::load(doc, dict, budget)?);
        if let Some(id) = id {
            self.fonts.insert(id, f.clone());
        }
        Ok(Some(f))
    }
}

/// What the interpreter carries from stream to stream: the fonts loaded
/// and the file's budget.
struct Cx<'b> {
    fonts: &'b mut FontCache,
    budget: &'b mut Budget,
}

/// The resources of a page (inherited from its parents when absent).
fn page_resources(doc: &Document, page: ObjectId) -> Option<&Dictionary> {
    let mut node = doc.get_dictionary(page).ok();
    for _ in 0..32 {
        let n = node?;
        if let Some(r) = deref(doc, n.get(b"Resources").ok()).and_then(|o| o.as_dict().ok()) {
            return Some(r);
        }
        node = deref(doc, n.get(b"Parent").ok()).and_then(|o| o.as_dict().ok());
    }
    None
}

fn page_chunks(
    doc: &Document,
    page: ObjectId,
    fonts: &mut FontCache,
    budget: &mut Budget,
) -> Result<Vec<Chunk>> {
    let empty = Dictionary::new();
    let res = page_resources(doc, page).unwrap_or(&empty);
    let mut cx = Cx { fonts, budget };
    // the page's content streams, one after the other (a stream with a
    // filter we do not read counts as written, as lopdf takes it)
    let mut content = Vec::new();
    for id in doc.get_page_contents(page) {
        if let Ok(s) = doc.get_object(id).and_then(Object::as_stream) {
            let what = format!(
                "page {}'s content stream {} {} R",
                cx.budget.page, id.0, id.1
            );
            match streams::data(s, cx.budget, &what)? {
                Some(d) => content.extend_from_slice(&d),
                None => content.extend_from_slice(&s.content),
            }
        }
    }
    let mut out = Vec::new();
    run(doc, &content, res, M::ID, &mut cx, &mut out, 0)?;
    annotations(doc, page, res, &mut cx, &mut out)?;
    Ok(out)
}

/// Text drawn by annotation appearances (a number or date typed onto a
/// signed document, a stamp), placed at each annotation's /Rect.
fn annotations(
    doc: &Document,
    page: ObjectId,
    res: &Dictionary,
    cx: &mut Cx,
    out: &mut Vec<Chunk>,
) -> Result<()> {
    let Some(annots) = doc
        .get_dictionary(page)
        .ok()
        .and_then(|p| deref(doc, p.get(b"Annots").ok()))
        .and_then(|o| o.as_array().ok())
    else {
        return Ok(());
    };
    for a in annots.iter().take(500) {
        let Some(a) = deref(doc, Some(a)).and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        let subtype = a.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
        let flags = a.get(b"F").map(num).unwrap_or(0.0) as u32;
        if matches!(subtype, b"Link" | b"Popup") || flags & 2 != 0 {
            continue;
        }
        let normal = deref(doc, a.get(b"AP").ok())
            .and_then(|o| o.as_dict().ok())
            .and_then(|ap| deref(doc, ap.get(b"N").ok()));
        let stream = match normal {
            Some(Object::Stream(s)) => Some(s),
            Some(Object::Dictionary(states)) => a
                .get(b"AS")
                .and_then(Object::as_name)
                .ok()
                .and_then(|n| deref(doc, states.get(n).ok()))
                .and_then(|o| o.as_stream().ok()),
            _ => None,
        };
        let (Some(form), Some(rect)) = (stream, a.get(b"Rect").and_then(Object::as_array).ok())
        else {
            continue;
        };
        let r: Vec<f32> = rect.iter().map(num).collect();
        let bbox: Vec<f32> = form
            .dict
            .get(b"BBox")
            .and_then(Object::as_array)
            .map(|v| v.iter().map(num).collect())
            .unwrap_or_default();
        let (Some(&[rx1, ry1, rx2, ry2]), Some(&[bx1, by1, bx2, by2])) =
            (r.get(..4), bbox.get(..4))
        else {
            continue;
        };
        let m = form_matrix(&form.dict);
        // the form's box after its matrix, mapped onto the annotation's rect
        let corners = [(bx1, by1), (bx2, by2), (bx1, by2), (bx2, by1)].map(|(x, y)| m.apply(x, y));
        let min_x = corners.iter().map(|c| c.0).fold(f32::MAX, f32::min);
        let max_x = corners.iter().map(|c| c.0).fold(f32::MIN, f32::max);
        let min_y = corners.iter().map(|c| c.1).fold(f32::MAX, f32::min);
        let max_y = corners.iter().map(|c| c.1).fold(f32::MIN, f32::max);
        let sx = (rx2 - rx1).abs() / (max_x - min_x).max(1e-3);
        let sy = (ry2 - ry1).abs() / (max_y - min_y).max(1e-3);
        let fit = M([
            sx,
            0.0,
            0.0,
            sy,
            rx1.min(rx2) - min_x * sx,
            ry1.min(ry2) - min_y * sy,
        ]);
        let form_res = deref(doc, form.dict.get(b"Resources").ok())
            .and_then(|o| o.as_dict().ok())
            .unwrap_or(res);
        let data =
            streams::data(form, cx.budget, "an annotation's appearance")?.unwrap_or_default();
        run(doc, &data, form_res, m.mul(fit), cx, out, 1)?;
    }
    Ok(())
}

#[derive(Clone)]
struct TextState {
    font: Option<std::rc::Rc<Font>>,
    size: f32,
    char_space: f32,
    word_space: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

/// Runs one content stream, appending its text chunks.
fn run(
    doc: &Document,
    content: &[u8],
    res: &Dictionary,
    ctm0: M,
    cx: &mut Cx,
    out: &mut Vec<Chunk>,
    depth: u32,
) -> Result<()> {
    let mut ctm = ctm0;
    let mut stack: Vec<(M, TextState)> = Vec::new();
    let mut ts = TextState {
        font: None,
        size: 0.0,
        char_space: 0.0,
        word_space: 0.0,
        scale: 1.0,
        leading: 0.0,
        rise: 0.0,
    };
    let mut tm = M::ID;
    let mut tlm = M::ID;
    let mut parser = content::Ops::new(content);
    let mut operands = Vec::new();
    while let Some(operator) = parser.next_op(&mut operands) {
        cx.budget.ops(1)?;
        let a = &operands;
        match operator {
            "q" => stack.push((ctm, ts.clone())),
            "Q" => {
                if let Some((c, t)) = stack.pop() {
                    ctm = c;
                    ts = t;
                }
            }
            "cm" => {
                if let Some(m) = matrix(a) {
                    ctm = m.mul(ctm);
                }
            }
            "BT" => {
                tm = M::ID;
                tlm = M::ID;
            }
            "Tf" => {
                if let (Some(Object::Name(n)), Some(s)) = (a.first(), a.get(1)) {
                    ts.font = cx.fonts.get(doc, res, n, cx.budget)?;
                    ts.size = num(s);
                }
            }
            "Tc" => ts.char_space = a.first().map_or(0.0, num),
            "Tw" => ts.word_space = a.first().map_or(0.0, num),
            "Tz" => ts.scale = a.first().map_or(100.0, num) / 100.0,
            "TL" => ts.leading = a.first().map_or(0.0, num),
            "Ts" => ts.rise = a.first().map_or(0.0, num),
            "Td" | "TD" => {
                let (x, y) = (a.first().map_or(0.0, num), a.get(1).map_or(0.0, num));
                if operator == "TD" {
                    ts.leading = -y;
                }
                tlm = M::translate(x, y).mul(tlm);
                tm = tlm;
            }
            "Tm" => {
                if let Some(m) = matrix(a) {
                    tlm = m;
                    tm = m;
                }
            }
            "T*" => {
                tlm = M::translate(0.0, -ts.leading).mul(tlm);
                tm = tlm;
            }
            "Tj" | "'" | "\"" | "TJ" => {
                if operator == "'" || operator == "\"" {
                    if operator == "\"" {
                        ts.word_space = a.first().map_or(0.0, num);
                        ts.char_space = a.get(1).map_or(0.0, num);
                    }
                    tlm = M::translate(0.0, -ts.leading).mul(tlm);
                    tm = tlm;
                }
                let items: Vec<&Object> = match (operator, a.first()) {
                    ("TJ", Some(Object::Array(v))) => v.iter().collect(),
                    _ => a.last().into_iter().collect(),
                };
                // each shown string of a TJ array counts as an operator
                cx.budget.ops(items.len().saturating_sub(1))?;
                for item in items {
                    match item {
                        Object::String(bytes, _) => {
                            let n = show(bytes, &ts, &mut tm, ctm, out);
                            cx.budget.text(n)?;
                        }
                        o => {
                            let adj = num(o);
                            let tx = -adj / 1000.0 * ts.size * ts.scale;
                            tm = M::translate(tx, 0.0).mul(tm);
                        }
                    }
                }
            }
            "Do" if depth < 8 => {
                let Some(Object::Name(n)) = a.first() else {
                    continue;
                };
                let xo = deref(doc, res.get(b"XObject").ok())
                    .and_then(|o| o.as_dict().ok())
                    .and_then(|d| deref(doc, d.get(n).ok()))
                    .and_then(|o| o.as_stream().ok());
                let Some(xo) = xo else { continue };
                if xo.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
                    continue;
                }
                let m = form_matrix(&xo.dict);
                let sub_res = deref(doc, xo.dict.get(b"Resources").ok())
                    .and_then(|o| o.as_dict().ok())
                    .unwrap_or(res);
                let data = streams::data(xo, cx.budget, "a form")?.unwrap_or_default();
                run(doc, &data, sub_res, m.mul(ctm), cx, out, depth + 1)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Shows one string: one chunk, and the text matrix advanced past it.
/// Returns the bytes of text the chunk holds.
fn show(bytes: &[u8], ts: &TextState, tm: &mut M, ctm: M, out: &mut Vec<Chunk>) -> usize {
    let Some(font) = ts.font.as_ref() else {
        // a font we could not load: the glyphs count as unreadable
        let (x, y) = tm.mul(ctm).apply(0.0, 0.0);
        out.push(Chunk {
            x,
            y,
            end: x,
            size: ts.size.max(1.0),
            text: "\u{FFFD}".repeat(bytes.len()),
        });
        return 3 * bytes.len();
    };
    let start = M([ts.size * ts.scale, 0.0, 0.0, ts.size, 0.0, ts.rise])
        .mul(*tm)
        .mul(ctm);
    let (x, y) = start.apply(0.0, 0.0);
    let size = (start.0[2].powi(2) + start.0[3].powi(2)).sqrt();
    let mut text = String::new();
    let (width, codes, spaces) = font.decode_into(bytes, &mut text);
    let tx =
        (width / 1000.0 * ts.size + ts.char_space * codes as f32 + ts.word_space * spaces as f32)
            * ts.scale;
    *tm = M::translate(tx, 0.0).mul(*tm);
    let end = M([ts.size * ts.scale, 0.0, 0.0, ts.size, 0.0, ts.rise])
        .mul(*tm)
        .mul(ctm)
        .apply(0.0, 0.0)
        .0;
    let n = text.len();
    out.push(Chunk {
        x,
        y,
        end,
        size,
        text,
    });
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(x: f32, y: f32, end: f32, text: &str) -> Chunk {
        Chunk {
            x,
            y,
            end,
            size: 12.0,
            text: text.into(),
        }
    }

    #[test]
    fn lines_follow_positions() {
        let t = lines(vec![
            chunk(300.0, 700.0, 500.0, "CỘNG HÒA"),
            chunk(50.0, 701.0, 150.0, "ỦY BAN"),
            chunk(50.0, 680.0, 100.0, "Số:"),
            chunk(104.0, 680.0, 160.0, "12/QĐ-UBND"),
            chunk(160.5, 680.0, 170.0, "."),
        ]);
        assert_eq!(t, "ỦY BAN\tCỘNG HÒA\nSố: 12/QĐ-UBND.\n");
    }

    #[test]
    fn column_lines_become_tables() {
        let page = "Bảng\nSTT\tNội dung\tKý hiệu\n1\tCấp phép\tQT-01\n2\tGia hạn\tQT-02\nHết\n";
        let t = tables_in(page, 10);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 3);
        let c = t[0].rows[1][1];
        assert_eq!(page.get(c.start - 10..c.end - 10), Some("Cấp phép"));
        // two column lines (a letterhead) are not a table
        assert!(tables_in("CHÍNH PHỦ\tCỘNG HÒA\nSố: 1\tHà Nội\nNGHỊ ĐỊNH\n", 0).is_empty());
    }

    #[test]
    fn cmaps_with_chars_and_ranges() {
        let m = parse_cmap(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0011> <1EBF> endbfchar\n\
              2 beginbfrange <0020> <0022> <0061> <0030> <0031> [<0110> <0111>] endbfrange",
        );
        assert_eq!(m.get(&3).map(String::as_str), Some(" "));
        assert_eq!(m.get(&0x11).map(String::as_str), Some("ế"));
        assert_eq!(m.get(&0x22).map(String::as_str), Some("c"));
        assert_eq!(m.get(&0x31).map(String::as_str), Some("đ"));
    }

    fn usable(page: &str) -> bool {
        layer(page) == Layer::Usable
    }

    #[test]
    fn scanned_or_junk_pages_are_not_usable() {
        assert!(!usable(""));
        assert!(!usable("   \n 12 \n"));
        assert!(usable(
            "QUYẾT ĐỊNH Về việc ban hành Kế hoạch chuyển đổi số của Ủy ban nhân dân tỉnh năm 2024"
        ));
        // a legacy-font text layer is repaired, not thrown away
        assert!(usable(
            "QUYÕT ®ÞNH VÒ viÖc ban hµnh KÕ ho¹ch chuyÓn ®æi sè cña ñy ban nh©n d©n tØnh"
        ));
        // a poor OCR layer that lost the diacritics: kept while its words
        // are clean
        let lost = "Can cu Nghi dinh so 146/2018/ND-CP ngay 17 thang 10 nam 2018 cua Chinh phu quy \
             dinh chi tiet va huong dan bien phap thi hanh mot so dieu cua Luat Bao hiem y te";
        assert!(!usable(lost));
        assert_eq!(layer(lost), Layer::Bare);
        // left out when they are garbled too
        assert_eq!(
            layer(
                "QUYETDINH Quy djnh chuan va djnh dang dfr li~u dAu ra phuc vu vi~c quan Iy, \
                 giam dinh, thanh toan chi phi kham b~nh, chua b~nh va ghii quy~t"
            ),
            Layer::Unusable
        );
        // or whose unsure words stayed image
        let fragments = "B O HI M XÃ H I VI T NAM C NG HOÀ XÃ H I CH NGH A VI T NAM ".repeat(4);
        assert_eq!(layer(&fragments), Layer::Unusable);
        assert_eq!(layer("12 / 3"), Layer::Sparse);
        // glyphs without Unicode
        assert!(!usable(
            "Công \u{FFFD}\u{FFFD} ty \u{FFFD}\u{FFFD} Lào Cai \u{FFFD} ngày 3 tháng 5"
        ));
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_char(b"uni1EA1"), Some('ạ'));
        assert_eq!(glyph_char(b"a"), Some('a'));
        assert_eq!(glyph_char(b"dcroat"), Some('đ'));
        assert_eq!(glyph_char(b"foo"), None);
    }
}
