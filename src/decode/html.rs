//! HTML front end: whole pages and fragments (e.g. Blade templates) →
//! visible text with block structure, and tables into the table model.
//!
//! The page is parsed by `scraper` (html5ever), so entities are decoded and
//! broken markup is repaired the way browsers do. Scripts, styles and other
//! invisible elements are dropped; block elements (p, div, li, headings, …)
//! and `<br>` end a line; runs of white space collapse to one space outside
//! `<pre>`. A table is rendered one row per line, cells joined by " | ", and
//! recorded as a [`RawTable`] with colspan/rowspan. Spans are offsets into
//! this extracted text (the parser does not report source positions).

use super::{Decoded, Format, RawCell, RawTable, textenc};
use crate::error::Result;
use crate::text::MappedText;
use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Elements whose content is never shown, or is the site's, not the
/// document's: a page's navigation and its footer ("Trang chủ | Văn bản |
/// 50% …" read as a target otherwise).
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "iframe",
    "object", "embed", "canvas", "button", "select", "option", "textarea", "input", "nav",
    "footer",
];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "blockquote",
    "pre",
    "address",
    "figure",
    "figcaption",
    "center",
    "form",
    "hr",
    "caption",
    "fieldset",
    "legend",
    "details",
    "summary",
    "body",
    "html",
];

/// Decodes HTML bytes.
pub fn decode_html(bytes: &[u8]) -> Result<Decoded> {
    let depth = nesting_depth(bytes, MAX_DEPTH + 1);
    if depth > MAX_DEPTH {
        return Err(crate::error::Error::limit(format!(
            "HTML elements nested more than {MAX_DEPTH} deep; real pages nest a few dozen"
        )));
    }
    let (source, encoding, source_warnings) = read_source(bytes)?;
    let html = Html::parse_document(&source.text);
    let mut r = Renderer {
        src: &source.text,
        ..Renderer::default()
    };
    r.node(html.tree.root(), false);
    let pre = r.finish(&source);
    // cells recorded in blank text that `finish` trimmed off the end
    let len = pre.text.len();
    for c in r
        .tables
        .iter_mut()
        .flat_map(|t| t.rows.iter_mut().flatten())
    {
        c.start = c.start.min(len);
        c.end = c.end.min(len);
    }
    let mut d = textenc::repair(pre.clone(), &encoding, Format::Html);
    d.tables = super::remap_tables(r.tables, &pre, &d.text);
    d.source_warnings = source_warnings;
    Ok(d)
}

/// Deepest element nesting a page may have. Real pages nest a few dozen
/// deep; the parser's cost grows with depth times tags, so a hostile page
/// of endless open tags is refused instead of taking minutes.
const MAX_DEPTH: usize = 5_000;

/// Past this depth the renderer stops descending and takes the remaining
/// text of a subtree in one flat pass (no recursion, so no stack overflow).
const MAX_RENDER_DEPTH: usize = 256;

const VOID: &[&[u8]] = &[
    b"br", b"img", b"meta", b"link", b"input", b"hr", b"col", b"area", b"base", b"wbr", b"source",
    b"param", b"track", b"embed",
];

/// Approximate element nesting depth from the tags alone (one byte pass,
/// stops counting past `cap`): open tags minus close tags, void and
/// self-closing tags not counted.
fn nesting_depth(bytes: &[u8], cap: usize) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let close = bytes.get(i + 1) == Some(&b'/');
        let name_start = i + 1 + usize::from(close);
        let mut j = name_start;
        while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
            j += 1;
        }
        if j == name_start || !bytes[name_start].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let name = bytes[name_start..j].to_ascii_lowercase();
        let end = bytes[j..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |p| j + p);
        let self_closing = end > 0 && bytes.get(end - 1) == Some(&b'/');
        if close {
            depth = depth.saturating_sub(1);
        } else if !self_closing && !VOID.contains(&name.as_slice()) {
            depth += 1;
            max = max.max(depth);
            if max >= cap {
                return max;
            }
        }
        i = end.max(i + 1);
    }
    max
}

/// The page as a string with its map to the bytes: a `<meta charset>`
/// naming a legacy code page wins, otherwise BOM/UTF-8/UTF-16 and the 8-bit
/// readings of plain text.
fn read_source(bytes: &[u8]) -> Result<(MappedText, String, Vec<String>)> {
    if let Some(label) = meta_charset(bytes) {
        if let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            if enc != encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_err() {
                let mut b = crate::text::TextBuilder::with_capacity(bytes.len() * 2);
                let mut dec = enc.new_decoder_without_bom_handling();
                let mut buf = String::with_capacity(8);
                for (i, byte) in bytes.iter().enumerate() {
                    buf.clear();
                    buf.reserve(8);
                    let _ = dec.decode_to_string(std::slice::from_ref(byte), &mut buf, false);
                    b.push(&buf, i, i + 1);
                }
                return Ok((
                    b.finish(bytes.len()),
                    enc.name().to_ascii_lowercase(),
                    Vec::new(),
                ));
            }
        }
    }
    let raw = textenc::decode_text_raw(bytes, false)?;
    Ok((raw.text, raw.encoding.to_string(), raw.warnings))
}

fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(4096))?;
    let lower: String = head
        .iter()
        .map(|b| char::from(b.to_ascii_lowercase()))
        .collect();
    let at = lower.find("charset=")? + "charset=".len();
    let rest = lower.get(at..)?;
    let label: String = rest
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!label.is_empty()).then_some(label)
}

#[derive(Default)]
struct Renderer<'s> {
    out: String,
    tables: Vec<RawTable>,
    /// A space is owed before the next word.
    space: bool,
    /// The page source, where words are looked up to map them back.
    src: &'s str,
    /// How far into `src` words have been found.
    cursor: usize,
    /// (output start, source start, source end) of each word found.
    found: Vec<(usize, usize, usize)>,
    /// Failed look-ups; past a budget the search stops (entity-heavy pages).
    misses: usize,
    /// The legacy Vietnamese font in force (`<font face=".VnTime">`).
    font: Option<super::docx::LegacyFont>,
    /// How deep the renderer is in the tree.
    depth: usize,
}

impl<'s> Renderer<'s> {
    /// The text, mapped to the page bytes word by word (through `source`'s
    /// own map); words not found in the source (entities, generated text)
    /// map to where the previous word ended.
    fn finish(&mut self, source: &MappedText) -> MappedText {
        let mut s = std::mem::take(&mut self.out);
        while s.ends_with(['\n', ' ']) {
            s.pop();
        }
        if !s.is_empty() {
            s.push('\n');
        }
        let mut b = crate::text::TextBuilder::with_capacity(s.len());
        let mut at = 0;
        let mut src_at = 0;
        for &(out, ss, se) in &self.found {
            let (Some(gap), Some(word)) = (s.get(at..out), s.get(out..out + (se - ss))) else {
                continue;
            };
            let here = source.to_orig(src_at.min(ss));
            b.push(gap, here, here);
            let (os, oe) = source.span_to_orig(ss, se);
            b.push(word, os, oe);
            at = out + (se - ss);
            src_at = se;
        }
        let end = source.to_orig(src_at);
        b.push(s.get(at..).unwrap_or(""), end, end);
        b.finish(source.orig_len())
    }

    /// Finds `word` in the source after the cursor, outside tags.
    fn locate(&mut self, out_at: usize, word: &str) {
        if self.misses > 2_000 || self.src.is_empty() {
            return;
        }
        let mut from = self.cursor;
        // a miss only looks a little ahead, so entities cannot make it slow
        let window = if self.found.is_empty() {
            usize::MAX
        } else {
            1 << 16
        };
        while let Some(i) = self
            .src
            .get(from..)
            .and_then(|rest| rest.find(word))
            .map(|i| from + i)
        {
            if i - self.cursor > window {
                break;
            }
            let before = self.src.get(..i).unwrap_or("");
            let in_tag = before.rfind('<') > before.rfind('>');
            if !in_tag {
                self.found.push((out_at, i, i + word.len()));
                self.cursor = i + word.len();
                return;
            }
            from = i + word.len();
        }
        self.misses += 1;
    }

    fn newline(&mut self) {
        self.space = false;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn text(&mut self, t: &str, pre: bool) {
        if let Some(f) = self.font {
            // decoded words are not in the page as such: no look-up
            let decoded = f.decode(t);
            let misses = std::mem::replace(&mut self.misses, usize::MAX);
            self.plain_text(&decoded, pre);
            self.misses = misses;
            return;
        }
        self.plain_text(t, pre);
    }

    fn plain_text(&mut self, t: &str, pre: bool) {
        if pre {
            self.out.push_str(t);
            self.space = false;
            return;
        }
        for (i, word) in t.split(is_html_space).enumerate() {
            if i > 0 {
                self.space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.space && !self.out.is_empty() && !self.out.ends_with(['\n', ' ']) {
                self.out.push(' ');
            }
            self.space = false;
            let at = self.out.len();
            self.out.push_str(word);
            self.locate(at, word);
        }
    }

    fn node(&mut self, node: NodeRef<'_, Node>, pre: bool) {
        if self.depth >= MAX_RENDER_DEPTH {
            // too deep to recurse safely: the subtree's text, flat
            for d in node.descendants() {
                if let Node::Text(t) = d.value() {
                    self.text(t, pre);
                }
            }
            self.newline();
            return;
        }
        self.depth += 1;
        self.node_at(node, pre);
        self.depth -= 1;
    }

    fn node_at(&mut self, node: NodeRef<'_, Node>, pre: bool) {
        match node.value() {
            Node::Text(t) => self.text(t, pre),
            Node::Element(e) => {
                let name = e.name();
                if HIDDEN.contains(&name) || hidden_by_style(e.attr("style")) {
                    return;
                }
                let outer = self.font;
                if let Some(f) = legacy_font(e) {
                    self.font = f;
                }
                self.element(node, e, pre);
                self.font = outer;
            }
            Node::Document | Node::Fragment => self.children(node, pre),
            _ => {}
        }
    }

    fn element(&mut self, node: NodeRef<'_, Node>, e: &scraper::node::Element, pre: bool) {
        let name = e.name();
        match name {
            "br" => {
                self.out.push('\n');
                self.space = false;
            }
            "table" => {
                self.newline();
                self.table(node);
                self.newline();
            }
            "td" | "th" => {
                // a cell outside a table: keep its words apart
                self.space = true;
                self.children(node, pre);
                self.space = true;
            }
            _ if BLOCKS.contains(&name) => {
                self.newline();
                self.children(node, pre || name == "pre");
                self.newline();
            }
            _ => self.children(node, pre),
        }
    }

    fn children(&mut self, node: NodeRef<'_, Node>, pre: bool) {
        for c in node.children() {
            self.node(c, pre);
        }
    }

    /// A renderer for one cell: the same page and font, going on from
    /// where this one is in the source.
    fn cell_renderer(&self) -> Renderer<'s> {
        Renderer {
            src: self.src,
            cursor: self.cursor,
            misses: self.misses,
            font: self.font,
            depth: self.depth,
            ..Renderer::default()
        }
    }

    /// One row per line, cells joined by " | ".
    fn table(&mut self, table: NodeRef<'_, Node>) {
        let mut rows = Vec::new();
        collect_rows(table, &mut rows);
        let mut raw = RawTable {
            layout: "html".into(),
            rows: Vec::new(),
        };
        let nested = |cell: &NodeRef<'_, Node>| {
            cell.descendants()
                .any(|d| matches!(d.value(), Node::Element(e) if e.name() == "table"))
        };
        let layout = if rows.len() > 4 || rows.iter().flatten().any(nested) {
            // by shape alone (blank texts): a cell holding a table is not
            // rendered twice
            let blank: Vec<Vec<&str>> = rows.iter().map(|r| vec![""; r.len()]).collect();
            super::docx::is_layout(&blank)
        } else {
            // a small table: its cells' texts decide (a throwaway rendering,
            // the cursor into the source stays where it is)
            let texts: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|cell| {
                            let mut probe = self.cell_renderer();
                            probe.children(*cell, false);
                            probe.out
                        })
                        .collect()
                })
                .collect();
            super::docx::is_layout(&texts)
        };
        for row in rows {
            let mut cells = Vec::new();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(if layout { "\n" } else { " | " });
                }
                let mut sub = self.cell_renderer();
                sub.children(*cell, false);
                self.cursor = sub.cursor;
                self.misses = sub.misses;
                // the cell's lines, trimmed, joined; found words follow
                let start = self.out.len();
                let mut pos = 0;
                let mut first_line = true;
                for line in sub.out.split('\n') {
                    let line_start = pos;
                    pos += line.len() + 1;
                    let trimmed = line.trim();
                    if trimmed.is_empty() {
                        continue;
                    }
                    if !first_line {
                        self.out.push(if layout { '\n' } else { ' ' });
                    }
                    first_line = false;
                    let from = line_start + (line.len() - line.trim_start().len());
                    let to = from + trimmed.len();
                    let shift = self.out.len();
                    self.out.push_str(trimmed);
                    for &(o, ss, se) in &sub.found {
                        if o >= from && o < to {
                            self.found.push((shift + (o - from), ss, se));
                        }
                    }
                }
                let (row_span, col_span) = match cell.value() {
                    Node::Element(e) => {
                        (span_attr(e.attr("rowspan")), span_attr(e.attr("colspan")))
                    }
                    _ => (1, 1),
                };
                cells.push(RawCell {
                    start,
                    end: self.out.len(),
                    row_span,
                    col_span,
                });
            }
            if !cells.is_empty() {
                self.out.push('\n');
                raw.rows.push(cells);
            }
        }
        self.space = false;
        if !raw.rows.is_empty() {
            self.tables.push(raw);
        }
    }
}

/// The rows of a table (through thead/tbody/tfoot, not into nested tables),
/// each as its cells.
fn collect_rows<'a>(node: NodeRef<'a, Node>, rows: &mut Vec<Vec<NodeRef<'a, Node>>>) {
    for c in node.children() {
        let Node::Element(e) = c.value() else {
            continue;
        };
        match e.name() {
            "tr" => {
                let cells: Vec<_> = c
                    .children()
                    .filter(|k| matches!(k.value(), Node::Element(e) if matches!(e.name(), "td" | "th")))
                    .collect();
                rows.push(cells);
            }
            "table" => {}
            _ => collect_rows(c, rows),
        }
    }
}

/// The legacy Vietnamese font an element sets (`face=".VnTime"`,
/// `font-family: VNI-Times`): Some(Some(font)) for a legacy font,
/// Some(None) for another font (which ends an outer legacy one).
fn legacy_font(e: &scraper::node::Element) -> Option<Option<super::docx::LegacyFont>> {
    let family = e.attr("face").map(str::to_string).or_else(|| {
        let style = e.attr("style")?;
        let at = style.to_ascii_lowercase().find("font-family")?;
        let rest = style.get(at + "font-family".len()..)?;
        let rest = rest.trim_start().strip_prefix(':')?;
        Some(rest.split(';').next().unwrap_or("").to_string())
    })?;
    let first = family.split(',').next().unwrap_or("");
    let first = first.trim().trim_matches(['"', '\'']);
    Some(super::docx::LegacyFont::of(first))
}

fn span_attr(v: Option<&str>) -> u32 {
    v.and_then(|s| s.trim().parse::<u32>().ok())
        .filter(|n| (1..=1000).contains(n))
        .unwrap_or(1)
}

fn hidden_by_style(style: Option<&str>) -> bool {
    style.is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let s = s.to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0C}')
}

#[cfg(test)]
mod depth_tests {
    use super::*;

    #[test]
    fn deep_pages_are_refused_and_deep_subtrees_flattened() {
        let deep = format!(
            "<html><body>{}x{}</body></html>",
            "<div>".repeat(6000),
            "</div>".repeat(6000)
        );
        assert_eq!(
            decode_html(deep.as_bytes()).map_err(|e| e.kind).err(),
            Some(crate::error::ErrorKind::Limit)
        );
        let ok = format!(
            "<html><body>{}Số: 12/QĐ-UBND{}</body></html>",
            "<div>".repeat(1000),
            "</div>".repeat(1000)
        );
        let d = decode_html(ok.as_bytes()).unwrap();
        assert!(d.text.text.contains("Số: 12/QĐ-UBND"));
        assert_eq!(
            nesting_depth(b"<p>a<br>b<img src=x/></p><div><span></span></div>", 99),
            2
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_in_trailing_blank_text_stay_inside_the_text() {
        // found by the html fuzz target: an empty last cell after the text
        let page = b"<table><tr><td rowspan=2\x071</td><td colsp+an=3\x1e\x1ea</td></tr><trdt<>><b\0\0\0t><z/tr></table>";
        let d = decode_html(page).expect("decodes");
        let n = d.text.text.len();
        for c in d.tables.iter().flat_map(|t| t.rows.iter().flatten()) {
            assert!(
                c.start <= c.end && c.end <= n,
                "cell {}..{} of {n}",
                c.start,
                c.end
            );
        }
    }

    use super::*;

    fn text(html: &str) -> Decoded {
        decode_html(html.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn blocks_breaks_entities_and_hidden_content() {
        let d = text(
            "<html><head><title>T</title><style>p{}</style></head><body>\
             <script>var x = 1;</script><h1>QUYẾT&nbsp;ĐỊNH</h1>\
             <p>Căn cứ   Luật\n Tổ chức;<br>Xét đề nghị &amp; tờ trình</p>\
             <div style=\"display: none\">ẩn</div><ul><li>một</li><li>hai</li></ul></body></html>",
        );
        assert_eq!(
            d.text.text,
            "QUYẾT\u{a0}ĐỊNH\nCăn cứ Luật Tổ chức;\nXét đề nghị & tờ trình\nmột\nhai\n"
        );
        assert_eq!(d.format, Format::Html);
    }

    #[test]
    fn site_navigation_and_footer_are_not_the_document() {
        let d = text(
            "<body><nav>Trang chủ | 50% giảm giá</nav><header><b>KẾ HOẠCH</b></header>\
             <p>Đạt 90%.</p><footer>© 2026 - 100% miễn phí</footer></body>",
        );
        assert_eq!(d.text.text, "KẾ HOẠCH\nĐạt 90%.\n");
    }

    #[test]
    fn tables_keep_spans() {
        let d = text(
            "<p>Bảng</p><table><tr><th rowspan=2>TT</th><th colspan=\"2\">Nội dung</th></tr>\
             <tr><td><p>Việc</p><p>một</p></td><td>Sở</td></tr>\
             <tr><td>1</td><td>a</td><td>b</td></tr><tr><td>2</td><td>c</td><td>d</td></tr>\
             <tr><td>3</td><td>e</td><td>f</td></tr></table><p>Hết</p>",
        );
        assert_eq!(
            d.text.text,
            "Bảng\nTT | Nội dung\nViệc một | Sở\n1 | a | b\n2 | c | d\n3 | e | f\nHết\n"
        );
        let t = &d.tables[0];
        assert_eq!(t.rows.len(), 5);
        let c = t.rows[0][0];
        assert_eq!((c.row_span, c.col_span), (2, 1));
        assert_eq!(t.rows[0][1].col_span, 2);
        let c = t.rows[1][0];
        assert_eq!(d.text.text.get(c.start..c.end), Some("Việc một"));
    }

    #[test]
    fn letterhead_tables_read_cell_by_cell() {
        let d = text(
            "<table border=0><tr><td><p>ỦY BAN NHÂN DÂN</p><p>TỈNH A</p></td>\
             <td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p></td></tr>\
             <tr><td>Số: 1/QĐ-UBND</td><td>A, ngày 2 tháng 3 năm 2024</td></tr></table>",
        );
        assert_eq!(
            d.text.text,
            "ỦY BAN NHÂN DÂN\nTỈNH A\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 1/QĐ-UBND\nA, ngày 2 tháng 3 năm 2024\n"
        );
        let c = d.tables[0].rows[0][0];
        assert_eq!(
            d.text.text.get(c.start..c.end),
            Some("ỦY BAN NHÂN DÂN\nTỈNH A")
        );
    }

    #[test]
    fn words_map_back_to_the_page() {
        let src = "<html><head><title>Số 12</title></head><body><p>Số: <b>12</b>/QĐ &amp; x</p></body></html>";
        let d = text(src);
        assert_eq!(d.text.text, "Số: 12/QĐ & x\n");
        let at = d.text.text.find("12").unwrap();
        // the body's "12", not the title's
        assert_eq!(d.text.to_orig(at), src.find("<b>12").unwrap() + 3);
        let x = d.text.text.find('x').unwrap();
        assert_eq!(d.text.to_orig(x), src.find(" x<").unwrap() + 1);
    }

    #[test]
    fn legacy_font_text_is_decoded() {
        let d = text(
            "<p>Căn cứ <font face=\".VnTime\">QuyÕt ®Þnh sè 12</font></p>\
             <p><span style=\"font-family: '.VnTimeH', serif\">quyÕt ®Þnh</span></p>\
             <p style=\"font-family:VNI-Times\">Ñoäc laäp <span style=\"font-family:Arial\">Sở</span></p>",
        );
        assert_eq!(
            d.text.text,
            "Căn cứ Quyết định số 12\nQUYẾT ĐỊNH\nĐộc lập Sở\n"
        );
    }

    #[test]
    fn fragments_and_templates() {
        let d = text("<div>@if($x)</div><p>Số: {{ $so }}/QĐ-UBND</p>");
        assert_eq!(d.text.text, "@if($x)\nSố: {{ $so }}/QĐ-UBND\n");
    }

    #[test]
    fn legacy_charset_is_honoured() {
        // "Số" in Windows-1258 is S + ô (0xF4) + combining acute (0xEC)
        let d = decode_html(b"<meta charset=\"windows-1258\"><p>S\xF4\xEC 1</p>").unwrap();
        assert_eq!(d.text.text, "So\u{302}\u{301} 1\n".replace("o\u{302}", "ô"));
        assert_eq!(d.encoding, "windows-1258");
    }
}
