//! The outline: headings of the body (Phần, Chương, Mục, Điều; I., 1., 1.1.,
//! a), -, +; all-caps, markdown `#` and bold headings) as one flat list in
//! document order, each with its depth. The target and task extractors read
//! years and areas from the chain of headings above a position; they never
//! find headings themselves.
//!
//! Depth is given by the order in which marker kinds first appear under
//! each other (as a reader does): the first kind seen is level 1, a new
//! kind under it is level 2, and a kind seen before closes everything below
//! it. A heading line that is short and wrapped ("3. Cải" + "cách tổ chức
//! bộ máy:") takes its continuation line into `text`.

use crate::doc::Doc;
use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Depth, 1 = top.
    pub level: u32,
    /// The marker as printed ("II.", "1.2.", "a)", "Điều 3.", "-").
    pub marker: String,
    /// Heading text without the marker.
    pub text: String,
    /// Normalised offsets of the whole heading line.
    pub start: usize,
    pub end: usize,
}

/// The kind of a marker; two headings of one kind are siblings.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Part,
    Chapter,
    Section,
    Article,
    Roman,
    Arabic,
    /// "1.1." has depth 2, "1.1.1." depth 3.
    Dotted(usize),
    Letter,
    Dash,
    Plus,
    Bullet,
    Hash(usize),
    Bold,
    Caps,
}

fn marker_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)^(?:
              (?P<named>(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU)\s+[0-9IVXLC]+[.:]?)
            | (?P<roman>[IVXL]{1,5}[.)])
            | (?P<dotted>[0-9]{1,2}(?:\.[0-9]{1,2}){1,5}\.?)
            | (?P<arabic>[0-9]{1,2}[.)])
            | (?P<letter>[a-zđ][)]|[a-zđ]\.)
            | (?P<dash>[-–—])
            | (?P<plus>\+)
            | (?P<bullet>[•·▪○●])
            | (?P<hash>\#{1,6})
            )(?:\s+|$)",
        )
        .expect("outline marker regex")
    })
}

/// Kind and marker of a trimmed line, and where its text starts.
fn marker_of(line: &str) -> Option<(Kind, String, usize)> {
    let c = marker_re().captures(line)?;
    let whole = c.get(0)?;
    let kind = if let Some(m) = c.name("named") {
        let w = m.as_str().to_lowercase();
        if w.starts_with("phần") {
            Kind::Part
        } else if w.starts_with("chương") {
            Kind::Chapter
        } else if w.starts_with("mục") {
            Kind::Section
        } else {
            Kind::Article
        }
    } else if c.name("roman").is_some() {
        Kind::Roman
    } else if let Some(m) = c.name("dotted") {
        Kind::Dotted(m.as_str().trim_end_matches('.').split('.').count())
    } else if c.name("arabic").is_some() {
        Kind::Arabic
    } else if c.name("letter").is_some() {
        Kind::Letter
    } else if c.name("dash").is_some() {
        Kind::Dash
    } else if c.name("plus").is_some() {
        Kind::Plus
    } else if c.name("bullet").is_some() {
        Kind::Bullet
    } else {
        Kind::Hash(c.name("hash").map_or(1, |m| m.as_str().len()))
    };
    let marker = line.get(..whole.end())?.trim().to_string();
    Some((kind, marker, whole.end()))
}

/// True for a line whose letters are all capitals (at least two words).
fn is_caps(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 6
        && line.split_whitespace().count() >= 2
        && line.chars().count() <= 160
        && letters.iter().all(|c| !c.is_lowercase())
}

/// Finds the headings of a document.
pub fn segment(doc: &Doc) -> Vec<Heading> {
    let text = doc.text.as_str();
    let mut out = Vec::new();
    let mut stack: Vec<Kind> = Vec::new();
    for (idx, line) in doc.lines.iter().enumerate() {
        let raw = line.text(text);
        let trimmed = raw.trim_start();
        if trimmed.starts_with('|') {
            continue;
        }
        // a table row: only its first cell can be a heading
        let first_cell = trimmed.split('\t').next().unwrap_or("").trim_end();
        let Some((kind, marker, body)) = classify(first_cell) else {
            continue;
        };
        let mut heading_text = body.trim().trim_matches('*').trim().to_string();
        if heading_text.is_empty() && !matches!(kind, Kind::Part | Kind::Chapter | Kind::Article) {
            continue;
        }
        // wrapped heading: a short first line continued on the next one
        if heading_text.chars().count() < 40 && !heading_text.ends_with([':', '.', ';']) {
            if let Some(next) = doc.lines.get(idx + 1) {
                let nt = next.text(text).trim();
                if nt.chars().next().is_some_and(|c| c.is_lowercase()) && marker_of(nt).is_none() {
                    heading_text.push(' ');
                    heading_text.push_str(nt);
                }
            }
        }
        if let Some(pos) = stack.iter().position(|k| *k == kind) {
            stack.truncate(pos);
        }
        stack.push(kind);
        out.push(Heading {
            level: stack.len() as u32,
            marker,
            text: heading_text,
            start: line.start,
            end: line.end,
        });
    }
    out
}

/// Marker kind, marker and text of a line that is a heading.
fn classify(line: &str) -> Option<(Kind, String, &str)> {
    if line.is_empty() {
        return None;
    }
    if let Some((kind, marker, at)) = marker_of(line) {
        let body = line.get(at..).unwrap_or("");
        return Some((kind, marker, body));
    }
    if line.starts_with("**") && line.trim_end().ends_with("**") && line.len() > 4 {
        return Some((Kind::Bold, String::new(), line));
    }
    if is_caps(line) {
        return Some((Kind::Caps, String::new(), line));
    }
    None
}

/// The headings that enclose `pos`, outermost first.
pub fn chain(outline: &[Heading], pos: usize) -> Vec<&Heading> {
    let mut stack: Vec<&Heading> = Vec::new();
    for h in outline {
        if h.start > pos {
            break;
        }
        while stack.last().is_some_and(|t| t.level >= h.level) {
            stack.pop();
        }
        stack.push(h);
    }
    stack
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Doc {
        let decoded = crate::decode::decode(text.as_bytes(), &Default::default()).expect("decodes");
        Doc::build(decoded, Default::default())
    }

    fn outline(text: &str) -> Vec<(u32, String, String)> {
        let d = doc(text);
        d.outline
            .iter()
            .map(|h| (h.level, h.marker.clone(), h.text.clone()))
            .collect()
    }

    #[test]
    fn levels_follow_marker_kinds() {
        let o = outline(
            "I. MỤC TIÊU\n1. Cải cách thủ tục hành chính\na) Mục tiêu:\n- Đến năm 2025:\n+ 80% hồ sơ\n- Đến năm 2030:\n2. Cải cách tổ chức bộ máy\nII. NHIỆM VỤ\n",
        );
        let levels: Vec<u32> = o.iter().map(|h| h.0).collect();
        assert_eq!(levels, vec![1, 2, 3, 4, 5, 4, 2, 1]);
        assert_eq!(o[3].1, "-");
        assert_eq!(o[3].2, "Đến năm 2025:");
    }

    #[test]
    fn dotted_numbers_nest() {
        let o = outline(
            "3.1. Mục tiêu\n3.1.1. Mục tiêu chung\n3.1.2. Mục tiêu cụ thể\n3.2. Nhiệm vụ\n",
        );
        let levels: Vec<u32> = o.iter().map(|h| h.0).collect();
        assert_eq!(levels, vec![1, 2, 2, 1]);
    }

    #[test]
    fn wrapped_heading_joins_its_next_line() {
        let o = outline("3. Cải\ncách tổ chức bộ máy:\n- Giảm 10%\n");
        assert_eq!(o[0].2, "Cải cách tổ chức bộ máy:");
    }

    #[test]
    fn named_caps_bold_and_hash() {
        let o = outline(
            "Chương I\nĐiều 1. Phạm vi\nKẾ HOẠCH CẢI CÁCH\n**Mục tiêu chung**\n## Phụ lục\n",
        );
        let markers: Vec<&str> = o.iter().map(|h| h.1.as_str()).collect();
        assert_eq!(markers, vec!["Chương I", "Điều 1.", "", "", "##"]);
        assert_eq!(o[3].2, "Mục tiêu chung");
    }

    #[test]
    fn plain_lines_and_years_are_not_headings() {
        let o = outline("Căn cứ Luật Tổ chức chính quyền địa phương;\n2020.\nso với năm\n");
        assert!(o.is_empty(), "{o:?}");
    }

    #[test]
    fn table_row_heading_takes_first_cell() {
        let o = outline("III. Cải cách thủ tục hành chính\t\t\t\n");
        assert_eq!(o[0].2, "Cải cách thủ tục hành chính");
    }

    #[test]
    fn chain_is_outermost_first() {
        let d = doc("I. A\n1. B\n- C\nXx\n2. D\n");
        let pos = d.text.find("Xx").unwrap_or(0);
        let c: Vec<&str> = chain(&d.outline, pos)
            .iter()
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(c, vec!["A", "B", "C"]);
    }
}
