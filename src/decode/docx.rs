//! DOCX front end: zip + WordprocessingML → text, tables and footnotes.
//!
//! Reads word/document.xml in order: paragraphs (with their list numbers,
//! rendered from word/numbering.xml, e.g. `1.`, `a)`, `-`), tabs and breaks,
//! tables (one row per line, cells joined by " | ", with gridSpan and vMerge
//! into [`RawTable`] spans; nested tables flatten into their cell), text
//! boxes. Deleted revisions and `mc:Fallback` copies are skipped. Footnotes
//! follow the body, one per line as `[n] text`. Headers and footers are kept
//! apart in [`Decoded::headers`], not in the text. The map is the identity
//! over this extracted text. Every zip entry is read under
//! [`Limits`] (entry count, total size, ratio).

use super::{Decoded, Format, Limits, RawCell, RawTable, textenc};
use crate::error::{Error, Result};
use crate::text::MappedText;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Decodes DOCX bytes.
pub fn decode_docx(bytes: &[u8], limits: &Limits) -> Result<Decoded> {
    let mut zip = Zip::open(bytes, limits)?;
    let document = zip
        .read("word/document.xml")?
        .ok_or_else(|| Error::format("not a DOCX file: no word/document.xml in the zip"))?;
    let numbering = match zip.read("word/numbering.xml")? {
        Some(x) => Numbering::parse(&x),
        None => Numbering::default(),
    };
    let styles = match zip.read("word/styles.xml")? {
        Some(x) => style_numbering(&x),
        None => HashMap::new(),
    };
    let mut body = Body::new(numbering, styles);
    body.parse(&document)?;
    if let Some(x) = zip.read("word/footnotes.xml")? {
        body.footnotes(&x)?;
    }
    let mut headers = Vec::new();
    for name in zip.names() {
        let is_hf = name.starts_with("word/header") || name.starts_with("word/footer");
        if is_hf && name.ends_with(".xml") {
            if let Some(x) = zip.read(&name)? {
                let mut b = Body::new(Numbering::default(), HashMap::new());
                b.parse(&x)?;
                let t = b.out.trim().to_string();
                if !t.is_empty() {
                    headers.push(t);
                }
            }
        }
    }
    let pre = MappedText::identity(body.out);
    let mut d = textenc::repair(pre.clone(), "utf-8", Format::Docx);
    d.tables = super::remap_tables(body.tables, &pre, &d.text);
    for f in body.fonts_seen {
        d.repaired.insert(0, f.to_string());
    }
    d.headers = headers;
    Ok(d)
}

/// A zip archive read under limits.
struct Zip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    read_total: u64,
}

impl<'a> Zip<'a> {
    fn open(bytes: &'a [u8], limits: &Limits) -> Result<Zip<'a>> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| Error::format(format!("not a readable DOCX (zip) file: {e}")))?;
        if archive.len() > limits.max_zip_entries {
            return Err(Error::limit(format!(
                "DOCX zip has {} entries, more than the limit of {}",
                archive.len(),
                limits.max_zip_entries
            )));
        }
        Ok(Zip {
            archive,
            limits: *limits,
            read_total: 0,
        })
    }

    fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.archive.file_names().map(String::from).collect();
        v.sort();
        v
    }

    /// Reads one entry as UTF-8 text, or None when it is absent.
    fn read(&mut self, name: &str) -> Result<Option<String>> {
        let mut f = match self.archive.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(Error::format(format!("DOCX entry {name}: {e}"))),
        };
        let declared = f.size();
        let packed = f.compressed_size().max(1);
        if declared > 4096 && declared / packed > self.limits.max_zip_ratio {
            return Err(Error::limit(format!(
                "DOCX entry {name} expands {}x ({packed} → {declared} bytes), more than the limit of {}x (zip bomb?)",
                declared / packed,
                self.limits.max_zip_ratio
            )));
        }
        let room = self.limits.max_unzipped.saturating_sub(self.read_total);
        let mut buf = Vec::new();
        (&mut f)
            .take(room.saturating_add(1))
            .read_to_end(&mut buf)
            .map_err(|e| Error::format(format!("DOCX entry {name}: {e}")))?;
        self.read_total += buf.len() as u64;
        if buf.len() as u64 > room {
            return Err(Error::limit(format!(
                "DOCX expands to more than {} bytes (zip bomb?)",
                self.limits.max_unzipped
            )));
        }
        if buf.len() as u64 > 4096 && buf.len() as u64 / packed > self.limits.max_zip_ratio {
            return Err(Error::limit(format!(
                "DOCX entry {name} expands more than {}x (zip bomb?)",
                self.limits.max_zip_ratio
            )));
        }
        let text = String::from_utf8(buf)
            .map_err(|_| Error::format(format!("DOCX entry {name} is not UTF-8 XML")))?;
        Ok(Some(text))
    }
}

/// The local name of an element or attribute (`w:p` → `p`).
fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|b| *b == b':') {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    }
}

/// The value of attribute `w:NAME` (any prefix).
fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local(a.key.as_ref()) == name)
            .then(|| a.unescape_value().ok().map(|v| v.into_owned()))
            .flatten()
    })
}

fn xml_error(e: quick_xml::Error, part: &str) -> Error {
    Error::format(format!("malformed DOCX XML in {part}: {e}"))
}

/// One list level of numbering.xml.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// numbering.xml: abstract definitions and the numIds that use them.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    /// numId → (abstractNumId, start overrides per level)
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut r = quick_xml::Reader::from_str(xml);
        let mut abs: Option<String> = None;
        let mut num: Option<String> = None;
        let mut lvl: Option<u8> = None;
        let mut cur = Level::default();
        loop {
            let ev = match r.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(ev) => ev,
            };
            match ev {
                Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                    b"abstractNum" => abs = attr(&e, b"abstractNumId"),
                    b"num" => num = attr(&e, b"numId"),
                    b"abstractNumId" => {
                        if let (Some(id), Some(a)) = (num.clone(), attr(&e, b"val")) {
                            n.nums.entry(id).or_default().0 = a;
                        }
                    }
                    b"lvl" | b"lvlOverride" => {
                        lvl = attr(&e, b"ilvl").and_then(|v| v.parse().ok());
                        cur = Level {
                            start: 1,
                            ..Level::default()
                        };
                    }
                    b"start" => {
                        cur.start = attr(&e, b"val").and_then(|v| v.parse().ok()).unwrap_or(1)
                    }
                    b"startOverride" => {
                        if let (Some(id), Some(l)) = (num.clone(), lvl) {
                            let v = attr(&e, b"val").and_then(|v| v.parse().ok()).unwrap_or(1);
                            n.nums.entry(id).or_default().1.insert(l, v);
                        }
                    }
                    b"numFmt" => cur.format = attr(&e, b"val").unwrap_or_default(),
                    b"lvlText" => cur.text = attr(&e, b"val").unwrap_or_default(),
                    _ => {}
                },
                Event::End(e) => match local(e.name().as_ref()) {
                    b"lvl" => {
                        if let (Some(a), Some(l), None) = (abs.clone(), lvl, num.as_ref()) {
                            n.abstracts
                                .entry(a)
                                .or_default()
                                .insert(l, std::mem::take(&mut cur));
                        }
                    }
                    b"abstractNum" => abs = None,
                    b"num" => num = None,
                    _ => {}
                },
                _ => {}
            }
        }
        n
    }

    fn level(&self, num_id: &str, ilvl: u8) -> Option<(&Level, Option<u32>)> {
        let (abs, over) = self.nums.get(num_id)?;
        let l = self.abstracts.get(abs)?.get(&ilvl)?;
        Some((l, over.get(&ilvl).copied()))
    }
}

/// styles.xml: paragraph style id → (numId, ilvl) for styles that number.
fn style_numbering(xml: &str) -> HashMap<String, (String, u8)> {
    let mut out = HashMap::new();
    let mut r = quick_xml::Reader::from_str(xml);
    let mut style: Option<String> = None;
    let mut num: Option<String> = None;
    let mut ilvl = 0u8;
    loop {
        let ev = match r.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                b"style" => {
                    style = attr(&e, b"styleId");
                    num = None;
                    ilvl = 0;
                }
                b"numId" => num = attr(&e, b"val"),
                b"ilvl" => ilvl = attr(&e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0),
                _ => {}
            },
            Event::End(e) if local(e.name().as_ref()) == b"style" => {
                if let (Some(s), Some(n)) = (style.take(), num.take()) {
                    if n != "0" {
                        out.insert(s, (n, ilvl));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A table cell while its table is being read.
#[derive(Debug, Default)]
struct Cell {
    text: String,
    grid_col: u32,
    col_span: u32,
    /// None: not merged; Some(true): starts a vertical merge; Some(false):
    /// continues the one above.
    vmerge: Option<bool>,
}

/// The document body being read.
struct Body {
    out: String,
    tables: Vec<RawTable>,
    numbering: Numbering,
    styles: HashMap<String, (String, u8)>,
    /// list counters: numId → level → count
    counters: HashMap<String, [u32; 9]>,
    /// open paragraphs (text boxes nest them)
    paras: Vec<Para>,
    /// rows of the open outermost table
    rows: Vec<Vec<Cell>>,
    table_depth: usize,
    /// cell of the outermost table being read
    cell: Option<Cell>,
    /// font of the current run, when it is a legacy Vietnamese font
    run_font: Option<LegacyFont>,
    /// legacy fonts whose runs were decoded ("tcvn3-font", "vni-font")
    fonts_seen: Vec<&'static str>,
}

/// Legacy Vietnamese fonts: their text is TCVN3 or VNI bytes shown as
/// Windows-1252; the ".VnTimeH"-style fonts draw lower-case codes as capitals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LegacyFont {
    Tcvn3 { upper: bool },
    Vni,
}

impl LegacyFont {
    pub(crate) fn of(name: &str) -> Option<LegacyFont> {
        let n = name.trim();
        if let Some(rest) = n.strip_prefix(".Vn").or_else(|| n.strip_prefix(".vn")) {
            let upper = rest.ends_with('H') && rest.len() > 1;
            return Some(LegacyFont::Tcvn3 { upper });
        }
        if n.len() > 4 && n.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("VNI-")) {
            return Some(LegacyFont::Vni);
        }
        None
    }

    fn repair_name(self) -> &'static str {
        match self {
            LegacyFont::Tcvn3 { .. } => "tcvn3-font",
            LegacyFont::Vni => "vni-font",
        }
    }

    pub(crate) fn decode(self, text: &str) -> String {
        let units = super::legacy::units_of(&MappedText::identity(text.to_string()));
        let out = match self {
            LegacyFont::Tcvn3 { .. } => super::legacy::tcvn3(&units),
            LegacyFont::Vni => super::legacy::vni(&units),
        };
        let s: String = out.iter().map(|u| u.c).collect();
        match self {
            LegacyFont::Tcvn3 { upper: true } => s.to_uppercase(),
            _ => s,
        }
    }
}

#[derive(Debug, Default)]
struct Para {
    text: String,
    num_id: Option<String>,
    ilvl: u8,
    style: Option<String>,
}

impl Body {
    fn new(numbering: Numbering, styles: HashMap<String, (String, u8)>) -> Body {
        Body {
            out: String::new(),
            tables: Vec::new(),
            numbering,
            styles,
            counters: HashMap::new(),
            paras: Vec::new(),
            rows: Vec::new(),
            table_depth: 0,
            cell: None,
            run_font: None,
            fonts_seen: Vec::new(),
        }
    }

    fn parse(&mut self, xml: &str) -> Result<()> {
        let mut r = quick_xml::Reader::from_str(xml);
        // depth of elements being skipped (deleted text, fallbacks)
        let mut skip = 0usize;
        let mut in_text = false;
        loop {
            let ev = r.read_event().map_err(|e| xml_error(e, "document"))?;
            match ev {
                Event::Eof => break,
                Event::Start(e) => {
                    let name = local(e.name().as_ref()).to_vec();
                    if skip > 0 {
                        skip += 1;
                        continue;
                    }
                    match name.as_slice() {
                        b"Fallback" | b"del" | b"instrText" | b"delText" | b"moveFrom" => skip = 1,
                        b"t" => in_text = true,
                        _ => self.start(&name, &e),
                    }
                }
                Event::Empty(e) if skip == 0 => {
                    let name = local(e.name().as_ref()).to_vec();
                    self.start(&name, &e);
                    self.end(&name);
                }
                Event::End(e) => {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    let name = local(e.name().as_ref()).to_vec();
                    if name == b"t" {
                        in_text = false;
                    } else {
                        self.end(&name);
                    }
                }
                Event::Text(t) if in_text && skip == 0 => {
                    let s = t.unescape().map_err(|e| xml_error(e, "document"))?;
                    let s = match self.run_font {
                        Some(f) => {
                            let name = f.repair_name();
                            if !self.fonts_seen.contains(&name) {
                                self.fonts_seen.push(name);
                            }
                            std::borrow::Cow::Owned(f.decode(&s))
                        }
                        None => s,
                    };
                    if let Some(p) = self.paras.last_mut() {
                        p.text.push_str(&s);
                    }
                }
                Event::CData(t) if in_text && skip == 0 => {
                    if let Some(p) = self.paras.last_mut() {
                        p.text.push_str(&String::from_utf8_lossy(&t));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn start(&mut self, name: &[u8], e: &BytesStart<'_>) {
        match name {
            b"p" => self.paras.push(Para::default()),
            b"r" => self.run_font = None,
            b"rFonts" => {
                self.run_font = attr(e, b"ascii")
                    .or_else(|| attr(e, b"hAnsi"))
                    .and_then(|f| LegacyFont::of(&f));
            }
            b"pStyle" => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = attr(e, b"val");
                }
            }
            b"numId" => {
                if let Some(p) = self.paras.last_mut() {
                    p.num_id = attr(e, b"val");
                }
            }
            b"ilvl" => {
                if let Some(p) = self.paras.last_mut() {
                    p.ilvl = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                }
            }
            b"tab" | b"ptab" => {
                // w:tab inside w:tabs (paragraph properties) is a tab stop
                if let Some(p) = self.paras.last_mut() {
                    if attr(e, b"pos").is_none() {
                        p.text.push('\t');
                    }
                }
            }
            b"br" | b"cr" => {
                if let Some(p) = self.paras.last_mut() {
                    p.text.push('\n');
                }
            }
            b"noBreakHyphen" => {
                if let Some(p) = self.paras.last_mut() {
                    p.text.push('-');
                }
            }
            b"tbl" => {
                self.table_depth += 1;
                if self.table_depth == 1 {
                    self.rows.clear();
                }
            }
            b"tr" if self.table_depth == 1 => self.rows.push(Vec::new()),
            b"tc" if self.table_depth == 1 => {
                let grid_col = self
                    .rows
                    .last()
                    .map_or(0, |r| r.iter().map(|c| c.col_span).sum());
                self.cell = Some(Cell {
                    grid_col,
                    col_span: 1,
                    ..Cell::default()
                });
            }
            b"gridSpan" if self.table_depth == 1 => {
                if let Some(c) = self.cell.as_mut() {
                    c.col_span = attr(e, b"val")
                        .and_then(|v| v.parse().ok())
                        .filter(|n| (1..=1000).contains(n))
                        .unwrap_or(1);
                }
            }
            b"vMerge" if self.table_depth == 1 => {
                if let Some(c) = self.cell.as_mut() {
                    c.vmerge = Some(attr(e, b"val").as_deref() == Some("restart"));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"p" => {
                if let Some(p) = self.paras.pop() {
                    let line = self.render_para(p);
                    self.emit_line(&line);
                }
            }
            b"tc" if self.table_depth == 1 => {
                if let (Some(c), Some(row)) = (self.cell.take(), self.rows.last_mut()) {
                    row.push(c);
                }
            }
            b"tbl" => {
                self.table_depth = self.table_depth.saturating_sub(1);
                if self.table_depth == 0 {
                    let rows = std::mem::take(&mut self.rows);
                    self.render_table(rows);
                }
            }
            _ => {}
        }
    }

    /// The paragraph's text with its list number in front.
    fn render_para(&mut self, p: Para) -> String {
        let (num_id, ilvl) = match (&p.num_id, &p.style) {
            (Some(n), _) => (Some(n.clone()), p.ilvl),
            (None, Some(s)) => match self.styles.get(s) {
                Some((n, l)) => (Some(n.clone()), *l),
                None => (None, 0),
            },
            _ => (None, 0),
        };
        let text = p.text.trim_end().to_string();
        let Some(num_id) = num_id.filter(|n| n != "0") else {
            return text;
        };
        if text.trim().is_empty() {
            return text;
        }
        match self.number(&num_id, ilvl.min(8)) {
            Some(label) if !label.is_empty() => format!("{label} {}", text.trim_start()),
            _ => text,
        }
    }

    /// Advances the counter of a list level and renders its label.
    fn number(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let (level, over) = self.numbering.level(num_id, ilvl)?;
        let level = level.clone();
        let idx = usize::from(ilvl);
        let first_use = !self.counters.contains_key(num_id);
        let counters = self.counters.entry(num_id.to_string()).or_insert([0; 9]);
        let start = over.unwrap_or(level.start);
        let c = counters.get_mut(idx)?;
        *c = if *c == 0 || first_use {
            start
        } else {
            c.saturating_add(1)
        };
        for deeper in counters.iter_mut().skip(idx + 1) {
            *deeper = 0;
        }
        let counters = *counters;
        if level.format == "bullet" || level.format == "none" {
            let t = level.text.trim();
            let plain = t.chars().all(|c| matches!(c, '-' | '+' | '*' | '–' | '•'));
            return Some(if level.format == "none" {
                String::new()
            } else if plain && !t.is_empty() {
                t.to_string()
            } else {
                "-".to_string()
            });
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let k = (d as usize).saturating_sub(1);
                    let n = counters.get(k).copied().unwrap_or(0).max(1);
                    let fmt = self
                        .numbering
                        .level(num_id, k as u8)
                        .map_or("decimal".to_string(), |l| l.0.format.clone());
                    label.push_str(&format_number(n, &fmt));
                    continue;
                }
            }
            label.push(ch);
        }
        Some(label)
    }

    fn emit_line(&mut self, line: &str) {
        if let Some(outer) = self.paras.last_mut() {
            // a text box inside a paragraph: its own words, kept apart
            if !outer.text.is_empty() && !outer.text.ends_with(' ') {
                outer.text.push(' ');
            }
            outer.text.push_str(line);
            return;
        }
        if let Some(c) = self.cell.as_mut() {
            for l in line.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
                if !c.text.is_empty() {
                    c.text.push('\n');
                }
                c.text.push_str(l);
            }
            return;
        }
        if self.table_depth > 0 {
            return;
        }
        self.out.push_str(line);
        self.out.push('\n');
    }

    /// One row per line; vertical merges become row spans.
    fn render_table(&mut self, mut rows: Vec<Vec<Cell>>) {
        // row_span of each cell: count the continuations below it
        let mut spans: Vec<Vec<u32>> = rows.iter().map(|r| vec![1; r.len()]).collect();
        for r in 0..rows.len() {
            for k in 0..rows.get(r).map_or(0, |x| x.len()) {
                let Some(cell) = rows.get(r).and_then(|x| x.get(k)) else {
                    continue;
                };
                if cell.vmerge != Some(false) {
                    continue;
                }
                let col = cell.grid_col;
                // the nearest cell above at the same grid column that is not
                // itself a continuation
                for up in (0..r).rev() {
                    let Some(j) = rows
                        .get(up)
                        .and_then(|x| x.iter().position(|c| c.grid_col == col))
                    else {
                        break;
                    };
                    if rows
                        .get(up)
                        .and_then(|x| x.get(j))
                        .is_some_and(|c| c.vmerge != Some(false))
                    {
                        if let Some(s) = spans.get_mut(up).and_then(|x| x.get_mut(j)) {
                            *s += 1;
                        }
                        break;
                    }
                }
            }
        }
        let mut table = RawTable {
            layout: "docx".into(),
            rows: Vec::new(),
        };
        let layout = {
            let texts: Vec<Vec<&str>> = rows
                .iter()
                .map(|r| r.iter().map(|c| c.text.as_str()).collect())
                .collect();
            is_layout(&texts)
        };
        for (r, row) in rows.iter_mut().enumerate() {
            let mut cells = Vec::new();
            let mut first = true;
            for (k, cell) in row.iter().enumerate() {
                if cell.vmerge == Some(false) {
                    continue;
                }
                if !first {
                    self.out.push_str(if layout { "\n" } else { " | " });
                }
                first = false;
                let start = self.out.len();
                let text = cell.text.trim();
                if layout {
                    self.out.push_str(text);
                } else {
                    self.out.push_str(&text.replace('\n', " "));
                }
                cells.push(RawCell {
                    start,
                    end: self.out.len(),
                    row_span: spans.get(r).and_then(|x| x.get(k)).copied().unwrap_or(1),
                    col_span: cell.col_span,
                });
            }
            if !cells.is_empty() {
                self.out.push('\n');
                table.rows.push(cells);
            }
        }
        if !table.rows.is_empty() {
            self.tables.push(table);
        }
    }

    /// Appends footnotes (not the separators) as `[n] text` lines.
    fn footnotes(&mut self, xml: &str) -> Result<()> {
        let mut r = quick_xml::Reader::from_str(xml);
        let mut notes: Vec<(String, String)> = Vec::new();
        let mut current: Option<(String, Body)> = None;
        let mut depth = 0usize;
        let mut buf = String::new();
        // Collect each w:footnote element as a sub-document.
        loop {
            let ev = r.read_event().map_err(|e| xml_error(e, "footnotes"))?;
            match &ev {
                Event::Eof => break,
                Event::Start(e) if local(e.name().as_ref()) == b"footnote" && depth == 0 => {
                    let kind = attr(e, b"type");
                    let id = attr(e, b"id").unwrap_or_default();
                    if kind.is_none() || kind.as_deref() == Some("normal") {
                        current = Some((id, Body::new(Numbering::default(), HashMap::new())));
                        buf.clear();
                        buf.push_str("<root xmlns:w=\"w\">");
                    }
                    depth = 1;
                    continue;
                }
                Event::End(e) if local(e.name().as_ref()) == b"footnote" && depth == 1 => {
                    depth = 0;
                    if let Some((id, mut body)) = current.take() {
                        buf.push_str("</root>");
                        body.parse(&buf)?;
                        let t = body
                            .out
                            .split('\n')
                            .map(str::trim)
                            .filter(|l| !l.is_empty());
                        notes.push((id, t.collect::<Vec<_>>().join(" ")));
                    }
                    continue;
                }
                _ => {}
            }
            if current.is_some() {
                match &ev {
                    Event::Start(e) => {
                        buf.push('<');
                        buf.push_str(&String::from_utf8_lossy(e));
                        buf.push('>');
                    }
                    Event::Empty(e) => {
                        buf.push('<');
                        buf.push_str(&String::from_utf8_lossy(e));
                        buf.push_str("/>");
                    }
                    Event::End(e) => {
                        buf.push_str("</");
                        buf.push_str(&String::from_utf8_lossy(e.name().as_ref()));
                        buf.push('>');
                    }
                    Event::Text(t) => buf.push_str(&String::from_utf8_lossy(t)),
                    _ => {}
                }
            }
        }
        for (id, text) in notes {
            if !text.is_empty() {
                self.out.push_str(&format!("[{id}] {text}\n"));
            }
        }
        Ok(())
    }
}

/// Layout tables (a letterhead: issuer | motto, number | place and date;
/// a signature block) have at most 4 rows of at most 3 cells. They are
/// rendered cell by cell, each paragraph on its own line, so the header
/// reads as it does on paper; data tables are rendered one row per line.
/// `rows` holds each row's cell texts, paragraphs split by '\n'.
///
/// A small table is data, not layout, when it reads as a grid: at least
/// two rows of the same two or more cells, each cell one paragraph, a
/// header row of short labels without a colon ("Chỉ tiêu | Năm 2027 |
/// Năm 2030", not "Số: 12/KH-UBND | Hà Nội, ngày …"), and a figure below
/// it.
pub(crate) fn is_layout<S: AsRef<str>>(rows: &[Vec<S>]) -> bool {
    let small =
        rows.len() <= 4 && rows.iter().any(|r| !r.is_empty()) && rows.iter().all(|r| r.len() <= 3);
    small && !is_small_grid(rows)
}

/// See [`is_layout`].
fn is_small_grid<S: AsRef<str>>(rows: &[Vec<S>]) -> bool {
    let Some(head) = rows.first() else {
        return false;
    };
    let n = head.len();
    let one_paragraph = |c: &S| !c.as_ref().trim().contains('\n');
    rows.len() >= 2
        && n >= 2
        && rows
            .iter()
            .all(|r| r.len() == n && r.iter().all(one_paragraph))
        && head.iter().all(|c| {
            let c = c.as_ref().trim();
            !c.is_empty() && c.chars().count() <= 40 && !c.contains(':')
        })
        && rows
            .iter()
            .skip(1)
            .flatten()
            .any(|c| c.as_ref().bytes().any(|b| b.is_ascii_digit()))
}

/// Renders a list counter in a numFmt.
fn format_number(n: u32, fmt: &str) -> String {
    if n > 3999 {
        return n.to_string();
    }
    match fmt {
        "lowerLetter" => letters(n, b'a'),
        "upperLetter" => letters(n, b'A'),
        "lowerRoman" => crate::text::roman(n).to_lowercase(),
        "upperRoman" => crate::text::roman(n),
        _ => n.to_string(),
    }
}

fn letters(n: u32, base: u8) -> String {
    // a..z, then aa, bb, … as Word does
    let n = n.max(1) - 1;
    let c = char::from(base + (n % 26) as u8);
    std::iter::repeat_n(c, (n / 26 + 1) as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    #[test]
    fn small_tables_layout_or_grid() {
        // a letterhead: multi-paragraph cells, a colon in the number cell
        let head = [
            vec![
                "ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            ],
            vec!["Số: 12/KH-UBND", "Bắc Kạn, ngày 2 tháng 3 năm 2026"],
        ];
        assert!(is_layout(&head));
        assert!(is_layout(&[
            vec!["Số: 12/KH-UBND", "Huế, ngày 2/3/2026"],
            vec!["V/v tập huấn", ""]
        ]));
        // a signature block
        assert!(is_layout(&[vec![
            "Nơi nhận:\n- Như trên;",
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
        ]]));
        // small grids of figures are data
        assert!(!is_layout(&[
            vec!["Chỉ tiêu", "Năm 2027", "Năm 2030"],
            vec!["Tỷ lệ người dân có danh tính điện tử", "70%", "95%"],
        ]));
        assert!(!is_layout(&[
            vec!["Nhóm", "Mức"],
            vec!["Xã loại I", "≥ 90%"],
            vec!["Xã loại II", "≥ 80%"]
        ]));
        // a grid without a figure stays as it was
        assert!(is_layout(&[
            vec!["Họ tên", "Chức vụ"],
            vec!["Lê Văn A", "Giám đốc"]
        ]));
        // large tables are never layout
        assert!(!is_layout(&[vec!["a", "b", "c", "d"]]));
    }

    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, body) in parts {
                z.start_file(*name, opts).unwrap();
                z.write_all(body.as_bytes()).unwrap();
            }
            z.finish().unwrap();
        }
        buf.into_inner()
    }

    fn doc(body: &str) -> String {
        format!("<w:document {NS}><w:body>{body}</w:body></w:document>")
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn paragraphs_numbering_and_footnotes() {
        let numbering = format!(
            "<w:numbering {NS}><w:abstractNum w:abstractNumId=\"0\">\
             <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/><w:lvlText w:val=\"%1.\"/></w:lvl>\
             <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%2)\"/></w:lvl>\
             </w:abstractNum><w:num w:numId=\"3\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
        );
        let item = |lvl: u8, t: &str| {
            format!(
                "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr>\
                 <w:r><w:t>{t}</w:t></w:r></w:p>"
            )
        };
        let body = format!(
            "{}{}{}{}{}<w:p><w:r><w:t>Có</w:t></w:r><w:del><w:r><w:delText>xoá</w:delText></w:r></w:del>\
             <w:r><w:tab/><w:t>tab &amp; chú thích</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>",
            p("QUYẾT ĐỊNH"),
            item(0, "MỤC TIÊU"),
            item(1, "Một"),
            item(1, "Hai"),
            item(0, "NHIỆM VỤ")
        );
        let notes = format!(
            "<w:footnotes {NS}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>\
             <w:footnote w:id=\"1\"><w:p><w:r><w:t>Nghị định số 1/2020/NĐ-CP</w:t></w:r></w:p></w:footnote></w:footnotes>"
        );
        let bytes = docx(&[
            ("word/document.xml", &doc(&body)),
            ("word/numbering.xml", &numbering),
            ("word/footnotes.xml", &notes),
            (
                "word/header1.xml",
                &format!("<w:hdr {NS}>{}</w:hdr>", p("Trang đầu")),
            ),
        ]);
        let d = decode_docx(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            d.text.text,
            "QUYẾT ĐỊNH\nI. MỤC TIÊU\na) Một\nb) Hai\nII. NHIỆM VỤ\nCó\ttab & chú thích\n[1] Nghị định số 1/2020/NĐ-CP\n"
        );
        assert_eq!(d.headers, vec!["Trang đầu".to_string()]);
        assert_eq!(d.format, Format::Docx);
    }

    #[test]
    fn tables_with_grid_span_and_vertical_merge() {
        let tc = |props: &str, t: &str| format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(t));
        let row2 = format!("<w:tr>{}{}{}</w:tr>", tc("", "2"), tc("", "x"), tc("", "y"));
        let row3 = format!("<w:tr>{}{}{}</w:tr>", tc("", "3"), tc("", "z"), tc("", "w"));
        let body = format!(
            "{}<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr>{}{}</w:tbl>{}",
            p("Trước"),
            tc("<w:vMerge w:val=\"restart\"/>", "TT"),
            tc("<w:gridSpan w:val=\"2\"/>", "Nội dung"),
            tc("<w:vMerge/>", ""),
            tc("", "Việc"),
            tc("", "Sở"),
            tc("", "1"),
            tc("", "Lập"),
            tc("", "Ban"),
            row2,
            row3,
            p("Sau")
        );
        let bytes = docx(&[("word/document.xml", &doc(&body))]);
        let d = decode_docx(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            d.text.text,
            "Trước\nTT | Nội dung\nViệc | Sở\n1 | Lập | Ban\n2 | x | y\n3 | z | w\nSau\n"
        );
        let t = &d.tables[0];
        assert_eq!(t.rows.len(), 5);
        assert_eq!((t.rows[0][0].row_span, t.rows[0][0].col_span), (2, 1));
        assert_eq!(t.rows[0][1].col_span, 2);
        let c = t.rows[1][0];
        assert_eq!(d.text.text.get(c.start..c.end), Some("Việc"));
    }

    #[test]
    fn zip_bomb_limits_are_clear_errors() {
        let big = "a".repeat(2_000_000);
        let bytes = docx(&[("word/document.xml", &doc(&p(&big)))]);
        let e = decode_docx(&bytes, &Limits::default()).unwrap_err();
        assert_eq!(e.kind, crate::error::ErrorKind::Limit);
        assert!(e.message.contains("zip bomb"), "{}", e.message);
        let small = docx(&[("word/document.xml", &doc(&p("x")))]);
        let limits = Limits {
            max_zip_entries: 0,
            ..Limits::default()
        };
        let e = decode_docx(&small, &limits).unwrap_err();
        assert!(e.message.contains("entries"), "{}", e.message);
        let e = decode_docx(b"PK\x03\x04garbage", &Limits::default()).unwrap_err();
        assert_eq!(e.kind, crate::error::ErrorKind::Format);
    }

    #[test]
    fn tables_follow_a_legacy_repair() {
        let tc = |t: &str| format!("<w:tc>{}</w:tc>", p(t));
        let row = |a: &str, b: &str, c: &str| format!("<w:tr>{}{}{}</w:tr>", tc(a), tc(b), tc(c));
        let body = format!(
            "{}<w:tbl>{}{}{}{}{}</w:tbl>",
            p("QuyÕt ®Þnh sè 12 ngµy 3/5/2024 cña Bé tr\u{AD}ëng"),
            row("TT", "Néi dung", "C¬ quan"),
            row("1", "LËp kÕ ho¹ch", "Së Néi vô"),
            row("2", "KiÓm tra", "UBND huyÖn"),
            row("3", "B¸o c¸o", "V¨n phßng"),
            row("4", "Tæng kÕt", "Së Tµi chÝnh"),
        );
        let bytes = docx(&[("word/document.xml", &doc(&body))]);
        let d = decode_docx(&bytes, &Limits::default()).unwrap();
        assert_eq!(d.repaired, vec!["tcvn3-mojibake".to_string()]);
        let c = d.tables[0].rows[1][1];
        assert_eq!(d.text.text.get(c.start..c.end), Some("Lập kế hoạch"));
    }

    #[test]
    fn legacy_font_runs_are_decoded() {
        let run = |font: &str, t: &str| {
            format!(
                "<w:r><w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\"/></w:rPr><w:t xml:space=\"preserve\">{t}</w:t></w:r>"
            )
        };
        let body = format!(
            "<w:p>{}{}</w:p><w:p>{}</w:p><w:p>{}</w:p>",
            run("Times New Roman", "Căn cứ "),
            run(".VnTime", "QuyÕt ®Þnh sè 12"),
            run(".VnTimeH", "quyÕt ®Þnh"),
            run("VNI-Times", "Ñoäc laäp")
        );
        let bytes = docx(&[("word/document.xml", &doc(&body))]);
        let d = decode_docx(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            d.text.text,
            "Căn cứ Quyết định số 12\nQUYẾT ĐỊNH\nĐộc lập\n"
        );
        assert_eq!(
            d.repaired,
            vec!["vni-font".to_string(), "tcvn3-font".to_string()]
        );
        assert_eq!(LegacyFont::of("Arial"), None);
    }

    #[test]
    fn list_labels() {
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(7, "decimal"), "7");
        // a hostile start value stays a number, not megabytes of letters
        assert_eq!(format_number(4_000_000_000, "upperRoman"), "4000000000");
    }
}
