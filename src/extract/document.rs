//! The `document` section: kind, number, date, place, issuer, province
//! (with the 2025 merger), level, signer, title, period, attached_to,
//! effective; and the list of instruments in the file. Reads the header and
//! signature block that Nghị định 30/2020/NĐ-CP prescribes, in the shapes
//! real files take (header cells between `|` lines, markdown tables, web
//! boilerplate before the header, no header at all).
//!
//! Every field is looked for on its own: a missing or unreadable one is
//! left null and never stops the others.

mod casing;
mod columns;
mod fields;
mod filename;
mod forms;
mod issuer;
mod kinds;
mod lines;
mod period;
pub(crate) mod places;

use crate::doc::Doc;
use crate::model::{AttachedTo, Document, Instrument};
use crate::rules::Grammars;
use fields::{Attached, find_attached};
use issuer::Issuer;
use kinds::Kind;
use lines::{LogLine, is_caps};

/// Lines looked at above the kind line for the header.
const HEADER_WINDOW: usize = 30;

/// One instrument's opening: its kind line and its title.
struct Opening {
    kind: &'static Kind,
    /// Index of the kind line in the logical lines.
    line: usize,
    title: Option<String>,
    /// Index of the first line after the title.
    after: usize,
}

/// Extracts the main instrument and every instrument in the file.
pub fn extract(doc: &Doc) -> (Document, Vec<Instrument>) {
    let g = doc.grammars;
    let lines = lines::logical_lines(doc);
    let mut openings = find_openings(g, &lines);
    // a caps web title ("# QUYẾT ĐỊNH 378/QĐ-UBND NĂM 2022 …") may come
    // before the real header: the main instrument is the first one with a
    // header above it, if any of the first few has one
    let has_header = |o: &Opening| {
        let h = fields::header(g, &lines, o.line);
        h.issuer.is_some() || h.number.is_some() || h.date.is_some()
    };
    if let Some(pos) = openings.iter().take(3).position(has_header) {
        if pos > 0 {
            openings.drain(..pos);
        }
    }
    let mut d = Document::default();
    // a file that holds only an appendix: the instrument is the one its
    // "(Kèm theo …)" line names
    if let Some(a) = appendix_only(g, &lines, openings.first().map(|o| o.line)) {
        let (mut d, ins) = appendix_document(doc, &lines, a);
        filename::complete(g, &mut d, &doc.text, &doc.source.path);
        return (d, ins);
    }
    let main = openings.first();
    // no kind line (a letter, "Công văn"): the header ends at "Kính gửi"
    // or a few lines under the motto
    let k = main.map_or_else(|| fields::letter_end(&lines), |o| o.line);

    // header above the kind line
    let header = fields::header(g, &lines, k);
    d.number = header.number.clone();
    d.date = header.date.clone();
    d.place = header.place.clone();
    let mut iss: Option<Issuer> = header.issuer.clone();

    if let Some(o) = main {
        d.kind = Some(o.kind.name.clone());
        d.title = o.title.clone();
    } else if let Some(kd) = d.number.as_deref().and_then(|x| kinds::by_code(g, x)) {
        d.kind = Some(kd.name.clone());
    } else if let Some((kind, t)) = fields::letter_subject(g, &lines, k) {
        // "V/v triển khai …" under the number: an official letter
        d.kind = Some(kind.to_string());
        d.title = Some(t);
    }

    // a law or a council's resolution dated only by its closing formula
    // ("… thông qua ngày 10 tháng 12 năm 2025")
    if d.date.is_none() {
        if let Some(kind) = d.kind.as_deref() {
            d.date = forms::closing_date(g, &doc.text, kind);
        }
    }

    // authority line under the title ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN")
    if iss.is_none() {
        if let Some(o) = main {
            iss = fields::authority(g, &lines, o.after);
        }
    }

    // "(Ban hành kèm theo Quyết định số … ngày … của …)" under the title
    let attached = main.and_then(|o| find_attached(g, &lines, o.after));
    if let (Some(a), Some(o)) = (&attached, main) {
        if a.kind.name != o.kind.name {
            d.attached_to = Some(AttachedTo {
                kind: Some(a.kind.name.clone()),
                number: a.number.clone(),
                date: a.date.clone(),
            });
            if d.date.is_none() {
                d.date = a.date.clone();
            }
            if iss.is_none() {
                iss = a.issuer.clone();
            }
        }
    }

    // an appendix "kèm theo" this very instrument fills what the header lacks
    if let Some(o) = main {
        if d.date.is_none() || iss.is_none() || d.number.is_none() {
            if let Some(own) = self_reference(g, &lines, o) {
                if d.date.is_none() {
                    d.date = own.date.clone();
                }
                if d.number.is_none() {
                    d.number = own.number.clone();
                }
                if iss.is_none() {
                    iss = own.issuer.clone();
                }
            }
        }
    }

    // last resort: "TM. ỦY BAN NHÂN DÂN" under a title naming the locality
    if iss.is_none() {
        iss = fields::signing_body(g, &lines, k, d.title.as_deref());
    }

    if let Some(i) = iss {
        set_issuer(doc, &mut d, i);
    }

    d.signer = fields::signer(g, &lines, k)
        .or_else(|| columns::signer(g, &doc.text, lines.get(k).map_or(0, |l| l.start)));
    d.period = d
        .title
        .as_deref()
        .and_then(|t| period::period(g, t))
        .or_else(|| {
            openings
                .iter()
                .skip(1)
                .filter_map(|o| o.title.as_deref())
                .find_map(|t| period::period(g, t))
        });
    if d.period.is_none() {
        let issued = d
            .date
            .as_deref()
            .and_then(|s| s.get(..4))
            .and_then(|y| y.parse().ok());
        d.period = period::from_end(doc, d.kind.as_deref(), d.title.as_deref(), issued);
    }
    let body_start = main.map_or(0, |o| {
        lines.get(o.after).map_or(doc.text.len(), |l| l.start)
    });
    d.effective = fields::effective(&doc.text, body_start, d.date.as_deref(), d.kind.as_deref());

    filename::complete(g, &mut d, &doc.text, &doc.source.path);
    let instruments = openings
        .iter()
        .enumerate()
        .map(|(n, o)| instrument(doc, &lines, o, if n == 0 { Some(&d) } else { None }))
        .collect();
    (d, instruments)
}

/// Sets the issuer and what follows from it: its full name, province (as
/// named and after the 2025 merger) and level.
fn set_issuer(doc: &Doc, d: &mut Document, mut i: Issuer) {
    let g = doc.grammars;
    issuer::recase(&mut i, &doc.text);
    if i.place.is_none() && i.unit.is_some() {
        let from_title = d.title.as_deref().and_then(|t| fields::unit_name(g, t, &i));
        if let Some(name) = from_title.or_else(|| fields::unit_name(g, &doc.text, &i)) {
            issuer::complete(g, &mut i, &name);
        }
    }
    // a caps title was lower-cased: give the issuer's place its capitals
    if let (Some(t), Some(place)) = (d.title.as_mut(), i.place.as_deref()) {
        let lower = place.to_lowercase();
        if lower != place && t.contains(&lower) {
            *t = t.replace(&lower, place);
        }
    }
    let province = if i.central {
        None
    } else {
        i.province
            .or_else(|| places::most_named(g, &doc.text))
            .or_else(|| {
                i.place
                    .as_deref()
                    .and_then(|p| places::unit_province(g, p, i.unit.as_deref(), d.date.as_deref()))
            })
    };
    // "thành phố Huế" before it became a centrally-run city
    let (province, level) = match province.and_then(|x| places::before_2025(g, x)) {
        Some(old) if d.date.as_deref().is_some_and(|x| x < "2025") => {
            let own = i.province.is_some();
            (
                Some(old),
                if own {
                    Some("huyện".to_string())
                } else {
                    i.level.clone()
                },
            )
        }
        _ => (province, i.level.clone()),
    };
    d.province = province.map(|p| p.name.clone());
    d.province_current = province.map(|p| p.current.clone());
    d.level = if i.central { None } else { level };
    d.issuer = Some(i.name);
}

/// A file that opens with an appendix heading, no header of its own above
/// it: "Phụ lục I" / title lines / "(Kèm theo Nghị định số … ngày … của …)".
struct AppendixOnly {
    label: String,
    title: Option<String>,
    attached: Attached,
    /// Index of the "Phụ lục" line.
    line: usize,
}

/// Lines an appendix heading may sit below the top (page numbers, stamps).
const APPENDIX_WINDOW: usize = 8;

fn appendix_only(
    g: Grammars,
    lines: &[LogLine],
    first_opening: Option<usize>,
) -> Option<AppendixOnly> {
    let end = first_opening.map_or(APPENDIX_WINDOW, |k| k.min(APPENDIX_WINDOW));
    for (i, l) in lines.iter().enumerate().take(end) {
        let lower = l.text.to_lowercase();
        // a header of its own above: this is not an appendix-only file
        if lower.contains("độc lập") || lower.contains("cộng hòa xã hội") || lower.starts_with("số")
        {
            return None;
        }
        let Some((label, rest)) = appendix_label(g, &l.text) else {
            continue;
        };
        let (title, after) = fields::title(g, lines, i, rest);
        let attached = (after..after + 3).find_map(|j| find_attached(g, lines, j))?;
        return Some(AppendixOnly {
            label,
            title,
            attached,
            line: i,
        });
    }
    None
}

/// "Phụ lục I", "PHỤ LỤC 01:", "**Phụ lục số 2**": the label as "Phụ lục
/// I" and the rest of the line (a title begun on the same line); the
/// words are grammars/document_forms.toml `[[appendix]]`.
fn appendix_label(g: Grammars, line: &str) -> Option<(String, &str)> {
    let t = line.trim().trim_start_matches(['*', '#', '_', ' ']);
    let (a, word) = forms::appendices(g).iter().find_map(|a| {
        a.words
            .iter()
            .find_map(|w| t.strip_prefix(w.as_str()))
            .map(|r| (a, r))
    })?;
    let mut rest = word.trim_start();
    for w in &a.number {
        rest = rest.strip_prefix(w.as_str()).unwrap_or(rest);
    }
    let n = rest
        .find(|c: char| !(c.is_ascii_alphanumeric()))
        .unwrap_or(rest.len());
    let id = rest.get(..n)?;
    let is_id = !id.is_empty()
        && (id.chars().all(|c| c.is_ascii_digit())
            || id.chars().all(|c| "IVXLC".contains(c))
            || (id.len() == 1 && id.chars().all(|c| c.is_ascii_uppercase())));
    if !is_id {
        // the one appendix of a file: "PHỤ LỤC" alone on its line
        let bare = rest.trim_matches(['*', '_', ':', ' ']);
        return bare.is_empty().then(|| (a.label.clone(), ""));
    }
    let after = rest
        .get(n..)?
        .trim_start_matches(['*', '_', ':', '.', '-', '–', ' ']);
    Some((
        format!("{} {id}", a.label),
        after.trim_end_matches(['*', '_']),
    ))
}

/// The document of an appendix-only file: kind, number, date and issuer of
/// the instrument it belongs to, the appendix's own title, and `part`.
fn appendix_document(doc: &Doc, lines: &[LogLine], a: AppendixOnly) -> (Document, Vec<Instrument>) {
    let mut d = Document {
        kind: Some(a.attached.kind.name.clone()),
        number: a.attached.number.clone(),
        date: a.attached.date.clone(),
        title: a.title.clone(),
        part: Some(a.label.clone()),
        ..Document::default()
    };
    if let Some(i) = a.attached.issuer.clone() {
        set_issuer(doc, &mut d, i);
    }
    let start = lines.get(a.line).map_or(0, |l| l.start);
    let end = lines.get(a.line).map_or(start, |l| l.end.max(start));
    let instruments = vec![Instrument {
        kind: d.kind.clone(),
        number: d.number.clone(),
        date: d.date.clone(),
        title: d.title.clone(),
        span: doc.span(start, end),
        line: doc.line_of(start),
    }];
    (d, instruments)
}

/// Every line that opens an instrument: the first caps kind line, then
/// later ones that look like an attached instrument, not a heading.
fn find_openings(g: Grammars, lines: &[LogLine]) -> Vec<Opening> {
    let mut out: Vec<Opening> = Vec::new();
    // the words of a heading a kind line may stand under as its title:
    // named parts ("Chương", "Điều") and appendices, lower case
    let mut parts: Vec<String> = crate::segment::outline::named_words(g)
        .iter()
        .chain(forms::appendices(g).iter().flat_map(|a| a.words.iter()))
        .map(|w| w.to_lowercase())
        .collect();
    parts.dedup();
    let mut i = 0;
    while i < lines.len() {
        let Some(l) = lines.get(i) else { break };
        // a kind word alone on a line near the top counts in any case
        let strong = l.strong || (i < 40 && !l.boxed);
        if let Some((kind, rest)) = kinds::opening_strong(g, &l.text, strong) {
            let (title, after) = fields::title(g, lines, i, rest);
            let prev = i.checked_sub(1).and_then(|p| lines.get(p));
            // the second line of a caps heading ("KHEN THƯỞNG, KỶ" / "LUẬT …")
            let continues = prev.is_some_and(|p| {
                p.cell == l.cell && is_caps(&p.text) && !kinds::is_mark(g, &p.text)
            });
            let accept = !continues
                && (out.is_empty() || {
                    let heading = (1..=2).any(|n| {
                        i.checked_sub(n)
                            .and_then(|p| lines.get(p))
                            .is_some_and(|p| {
                                let t = p.text.to_lowercase();
                                parts.iter().any(|h| t.starts_with(h.as_str()))
                            })
                    });
                    let attached = find_attached(g, lines, after).is_some();
                    let caps_title = title.as_deref().is_some_and(|_| {
                        lines
                            .get(if rest.is_empty() { i + 1 } else { i })
                            .is_some_and(|t| is_caps(&t.text))
                    });
                    // a lone table cell ("| KẾ HOẠCH VAY, TRẢ NỢ |") is a column head
                    title.is_some() && (attached || (!heading && caps_title && !l.boxed))
                });
            if accept {
                out.push(Opening {
                    kind,
                    line: i,
                    title,
                    after,
                });
                i = after.max(i + 1);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The first "kèm theo <this kind> số … ngày … của …" line after the title.
fn self_reference(g: Grammars, lines: &[LogLine], o: &Opening) -> Option<Attached> {
    (o.after..lines.len())
        .filter(|&i| lines.get(i).is_some_and(|l| says_attached(&l.text)))
        .filter_map(|i| find_attached(g, lines, i))
        .find(|a| a.kind.name == o.kind.name)
}

/// True when `text` lower-cased has "kèm theo". Only `è` and `È` lower-case
/// to a string with `è` (a test checks every char), so a line without
/// them is not lower-cased.
fn says_attached(text: &str) -> bool {
    let b = text.as_bytes();
    let has = |c: &str| memchr::memmem::find(b, c.as_bytes()).is_some();
    (has("è") || has("È")) && text.to_lowercase().contains("kèm theo")
}

fn instrument(doc: &Doc, lines: &[LogLine], o: &Opening, main: Option<&Document>) -> Instrument {
    let g = doc.grammars;
    let start = lines.get(o.line).map_or(0, |l| l.start);
    let end = o
        .after
        .checked_sub(1)
        .and_then(|i| lines.get(i))
        .map_or(start, |l| l.end.max(start));
    let (number, date) = match main {
        Some(d) => (d.number.clone(), d.date.clone()),
        None => {
            let a = find_attached(g, lines, o.after);
            (None, a.and_then(|a| a.date))
        }
    };
    Instrument {
        kind: Some(o.kind.name.clone()),
        number,
        date,
        title: o.title.clone(),
        span: doc.span(start, end),
        line: doc.line_of(start),
    }
}

/// Builds the tables of this extractor and runs their examples (see
/// [`crate::rules::Grammars::load`]).
pub fn check(g: crate::rules::Grammars) -> crate::error::Result<()> {
    // each module's examples read only tables built before them: places
    // first, the fields (which read issuers, roles, titles and forms) last
    places::check(g)?;
    issuer::check(g)?;
    kinds::check(g)?;
    period::check(g)?;
    forms::check(g)?;
    fields::check(g)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::model::Output;

    #[test]
    fn only_two_chars_lower_case_to_e_grave() {
        let with: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().any(|l| l == 'è'))
            .collect();
        assert_eq!(with, ['È', 'è']);
        for t in [
            "KÈM THEO",
            "Kèm theo",
            "kèm theo",
            "KEM THEO",
            "kem theo",
            "\u{212A}ÈM THEO",
        ] {
            assert_eq!(
                super::says_attached(t),
                t.to_lowercase().contains("kèm theo"),
                "{t}"
            );
        }
    }

    fn run(text: &str) -> Output {
        crate::extract_bytes(
            &crate::Grammars::builtin(),
            "x.txt",
            text.as_bytes(),
            &Default::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn number_line_between_the_issuer_and_the_motto() {
        let o = run(
            "ỦY BAN MTTQ VIỆT NAM\nXÃ TÂN AN\nBAN THƯỜNG TRỰC\nSố: 7/KH-MTTQ-BTT\n\
                     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
                     Tân An, ngày 3 tháng 5 năm 2025\n\nKẾ HOẠCH\nTổ chức hội nghị\n",
        );
        assert_eq!(o.document.number.as_deref(), Some("7/KH-MTTQ-BTT"));
        assert_eq!(o.document.date.as_deref(), Some("2025-05-03"));
    }

    #[test]
    fn a_department_under_its_province_and_a_number_line_above_the_motto() {
        let t = "UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG\nSố: 12/KH-SCT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                 Độc lập - Tự do - Hạnh phúc\nLào Cai, ngày 3 tháng 4 năm 2026\n\nKẾ HOẠCH\n\
                 Kiểm tra an toàn điện năm 2026\n\nI. MỤC ĐÍCH\n";
        let d = run(t).document;
        assert_eq!(d.issuer.as_deref(), Some("Sở Công thương tỉnh Lào Cai"));
        assert_eq!(d.province.as_deref(), Some("Lào Cai"));
        let t = t.replace("I. MỤC ĐÍCH", "Sở Công Thương xây dựng kế hoạch.");
        let d = run(&t).document;
        assert_eq!(d.issuer.as_deref(), Some("Sở Công Thương tỉnh Lào Cai"));
        assert_eq!(d.level.as_deref(), Some("tỉnh"));
        assert_eq!(d.number.as_deref(), Some("12/KH-SCT"));
        // a district office: its level is the district's, its province the
        // one the text names
        let t = "ỦY BAN NHÂN DÂN HUYỆN TAM NÔNG\nPHÒNG NỘI VỤ\nSố: 4/KH-PNV\n\
                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
                 Tam Nông, ngày 3 tháng 4 năm 2024\n\nKẾ HOẠCH\nCải cách hành chính\n\
                 Thực hiện Kế hoạch của UBND tỉnh Phú Thọ.\n";
        let d = run(t).document;
        assert_eq!(d.issuer.as_deref(), Some("Phòng Nội vụ huyện Tam Nông"));
        assert_eq!(d.level.as_deref(), Some("huyện"));
        assert_eq!(d.province.as_deref(), Some("Phú Thọ"));
    }

    #[test]
    fn a_front_committee_of_a_commune_takes_the_province_the_text_names() {
        let t = "ỦY BAN MTTQ VIỆT NAM\nXÃ TÂN AN\nBAN THƯỜNG TRỰC\nSố: 7/KH-MTTQ-BTT\n\
                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
                 Tân An, ngày 3 tháng 5 năm 2025\n\nKẾ HOẠCH\nTổ chức hội nghị\n\
                 Căn cứ Hướng dẫn của Ủy ban MTTQ Việt Nam tỉnh Quảng Bình;\n";
        let d = run(t).document;
        assert_eq!(
            d.issuer.as_deref(),
            Some("Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Tân An")
        );
        assert_eq!(d.level.as_deref(), Some("xã"));
        assert_eq!(d.province.as_deref(), Some("Quảng Bình"));
        assert_eq!(d.province_current.as_deref(), Some("Quảng Trị"));
    }

    #[test]
    fn party_headers() {
        // "ĐẢNG BỘ TỈNH X" / "TỈNH ỦY", the party motto, a number without colon
        let t = "ĐẢNG BỘ TỈNH HÀ GIANG\nTỈNH ỦY\n*\nSố 35-NQ/TU\nĐẢNG CỘNG SẢN VIỆT NAM\n\
                 Hà Giang, ngày 29 tháng 12 năm 2024\n\nNGHỊ QUYẾT\nvề phát triển công nghiệp\n\
                 I. TÌNH HÌNH\n";
        let d = run(t).document;
        assert_eq!(d.issuer.as_deref(), Some("Tỉnh ủy Hà Giang"));
        assert_eq!(d.province.as_deref(), Some("Hà Giang"));
        assert_eq!(d.province_current.as_deref(), Some("Tuyên Quang"));
        assert_eq!(d.level.as_deref(), Some("tỉnh"));
        assert_eq!(d.number.as_deref(), Some("35-NQ/TU"));
        assert_eq!(d.date.as_deref(), Some("2024-12-29"));
        // the standing committee of a city's party committee
        let t = "THÀNH ỦY HẢI PHÒNG\nBAN THƯỜNG VỤ\nSố 12-KH/TU\nĐẢNG CỘNG SẢN VIỆT NAM\n\
                 Hải Phòng, ngày 2 tháng 3 năm 2025\n\nKẾ HOẠCH\nthực hiện nghị quyết\n";
        let d = run(t).document;
        assert_eq!(
            d.issuer.as_deref(),
            Some("Ban Thường vụ Thành ủy Hải Phòng")
        );
        assert_eq!(d.province.as_deref(), Some("Hải Phòng"));
        assert_eq!(d.level.as_deref(), Some("tỉnh"));
        // a commune's party committee under its province's party organisation
        let t = "ĐẢNG BỘ TỈNH QUẢNG NINH\nĐẢNG ỦY XÃ LƯƠNG MINH\nSố 20-KH/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\n\
                 Lương Minh, ngày 2 tháng 10 năm 2025\n\nKẾ HOẠCH\nthực hiện nghị quyết\n";
        let d = run(t).document;
        assert_eq!(d.issuer.as_deref(), Some("Đảng ủy xã Lương Minh"));
        assert_eq!(d.province.as_deref(), Some("Quảng Ninh"));
        assert_eq!(d.level.as_deref(), Some("xã"));
        // two columns on a line: the left one goes on under the motto
        let t = "ĐẢNG BỘ TỈNH NGHỆ AN        ĐẢNG CỘNG SẢN VIỆT NAM\n\
                 TỈNH ỦY        Nghệ An, ngày 3 tháng 2 năm 2025\nSố 12-NQ/TU\n\n\
                 NGHỊ QUYẾT\nvề chuyển đổi số\n";
        let d = run(t).document;
        assert_eq!(d.issuer.as_deref(), Some("Tỉnh ủy Nghệ An"));
        assert_eq!(d.date.as_deref(), Some("2025-02-03"));
        assert_eq!(d.level.as_deref(), Some("tỉnh"));
    }

    #[test]
    fn councils_and_central_offices() {
        let t = "HỘI ĐỒNG NHÂN DÂN\nTỈNH QUẢNG BÌNH\nSố: 5/NQ-HĐND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                 Độc lập - Tự do - Hạnh phúc\nQuảng Bình, ngày 9 tháng 12 năm 2024\n\nNGHỊ QUYẾT\n\
                 Về dự toán ngân sách năm 2025\n";
        let d = run(t).document;
        assert_eq!(
            d.issuer.as_deref(),
            Some("Hội đồng nhân dân tỉnh Quảng Bình")
        );
        assert_eq!(d.province_current.as_deref(), Some("Quảng Trị"));
        assert_eq!(d.level.as_deref(), Some("tỉnh"));
        let t = "VĂN PHÒNG CHÍNH PHỦ\nSố: 123/TB-VPCP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                 Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày 9 tháng 5 năm 2025\n\nTHÔNG BÁO\n\
                 Kết luận của Phó Thủ tướng tại cuộc họp với tỉnh Nghệ An\n";
        let d = run(t).document;
        assert_eq!(d.issuer.as_deref(), Some("Văn phòng Chính phủ"));
        assert_eq!(d.province, None);
        assert_eq!(d.level, None);
        let t = "BỘ Y TẾ\nSố: 44/QĐ-BYT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                 Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày 9 tháng 5 năm 2025\n\nQUYẾT ĐỊNH\n\
                 Về việc cấp phép cho Sở Y tế tỉnh Nghệ An\n";
        let d = run(t).document;
        assert_eq!(d.issuer.as_deref(), Some("Bộ Y tế"));
        assert_eq!((d.province, d.level), (None, None));
    }

    #[test]
    fn header_in_cells_between_pipes() {
        let t = "ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n|\nSố: 012/CT-UBND\n|\nBình Định, ngày\n05 tháng 3 năm 2024\n|\nQUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH KẾ HOẠCH CHUYỂN ĐỔI SỐ\nNĂM 2024\nỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH\nCăn cứ Luật Tổ chức chính quyền địa phương;\nĐiều 1. Ban hành.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\n|\nNơi nhận:\n- Lưu: VT.\n|\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Văn An\n|\n";
        let d = run(t).document;
        assert_eq!(d.kind.as_deref(), Some("Quyết định"));
        assert_eq!(d.number.as_deref(), Some("012/CT-UBND"));
        assert_eq!(d.date.as_deref(), Some("2024-03-05"));
        assert_eq!(d.place.as_deref(), Some("Bình Định"));
        assert_eq!(d.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Bình Định"));
        assert_eq!(d.province.as_deref(), Some("Bình Định"));
        assert_eq!(d.province_current.as_deref(), Some("Gia Lai"));
        assert_eq!(d.level.as_deref(), Some("tỉnh"));
        assert_eq!(d.signer.as_deref(), Some("Lê Văn An"));
        assert_eq!(
            d.title.as_deref(),
            Some("Ban hành kế hoạch chuyển đổi số năm 2024")
        );
        assert_eq!(d.period.map(|p| (p.from, p.to)), Some((2024, 2024)));
        assert_eq!(d.effective.as_deref(), Some("2024-03-05"));
    }

    #[test]
    fn plan_without_header_attached_to_a_decision() {
        let t = "\n**KẾ HOẠCH**\n\nPhát triển du lịch huyện Tam Nông giai đoạn 2024 - 2026\n\n(Ban hành kèm theo Quyết định số 77/QĐ-UBND ngày 12/02/2024\ncủa Ủy ban nhân dân huyện Tam Nông)\n\nThực hiện Nghị quyết của Tỉnh ủy Phú Thọ, Ủy ban nhân dân tỉnh Phú Thọ giao; huyện phối hợp với tỉnh Phú Thọ.\n\nI. MỤC TIÊU\n";
        let out = run(t);
        let d = out.document;
        assert_eq!(d.kind.as_deref(), Some("Kế hoạch"));
        assert_eq!(d.number, None);
        assert_eq!(d.date.as_deref(), Some("2024-02-12"));
        assert_eq!(d.issuer.as_deref(), Some("Ủy ban nhân dân huyện Tam Nông"));
        assert_eq!(d.province.as_deref(), Some("Phú Thọ"));
        assert_eq!(d.level.as_deref(), Some("huyện"));
        let a = d.attached_to.unwrap_or_else(|| panic!("attached_to"));
        assert_eq!(a.number.as_deref(), Some("77/QĐ-UBND"));
        assert_eq!(a.kind.as_deref(), Some("Quyết định"));
        assert_eq!(d.period.map(|p| (p.from, p.to)), Some((2024, 2026)));
        assert_eq!(out.instruments.len(), 1);
    }

    #[test]
    fn a_city_named_alone_falls_back_on_the_district_table() {
        let t = "KẾ HOẠCH\nChuyển đổi số năm 2024\n(Ban hành kèm theo Quyết định số 5/QĐ-UBND ngày 02/01/2024 của UBND thành phố Nha Trang)\n\nI. MỤC TIÊU\n";
        let d = run(t).document;
        assert_eq!(
            d.issuer.as_deref(),
            Some("Ủy ban nhân dân thành phố Nha Trang")
        );
        assert_eq!(d.province.as_deref(), Some("Khánh Hòa"));
        assert_eq!(d.level.as_deref(), Some("huyện"));
    }

    #[test]
    fn a_short_rest_of_the_kind_line_goes_on_below() {
        let t = "TỈNH ỦY BÌNH DƯƠNG\nSố 45-CTr/TU\nBình Dương, ngày 10 tháng 3 năm 2025\n\nCHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương\n\nI. MỤC TIÊU\n";
        let d = run(t).document;
        assert_eq!(d.kind.as_deref(), Some("Chương trình"));
        assert_eq!(
            d.title.as_deref(),
            Some("Hành động thực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương")
        );
        // a title in capitals does not take the body's first sentence
        let t = "UBND TỈNH AN GIANG\nSố: 5/KH-UBND\n\nKẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026\nthực hiện theo chỉ đạo của tỉnh.\n";
        let d = run(t).document;
        assert_eq!(d.title.as_deref(), Some("Cải cách hành chính năm 2026"));
    }

    #[test]
    fn two_columns_on_one_line_and_a_metadata_box_before() {
        let t = "Số hiệu: 99/QĐ-UBND\nLoại văn bản: Quyết định\n\nUBND TỈNH NGHỆ AN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ        Độc lập - Tự do - Hạnh phúc\nSố: 3210/QĐ - S N V        Nghệ An, ngày 26 tháng 0 6 năm 2018\n\nQUYẾT ĐỊNH\nPhê duyệt kế hoạch đào tạo\n\nCăn cứ;\n";
        let d = run(t).document;
        assert_eq!(d.number.as_deref(), Some("3210/QĐ-SNV"));
        assert_eq!(d.date.as_deref(), Some("2018-06-26"));
        assert_eq!(d.place.as_deref(), Some("Nghệ An"));
        assert_eq!(d.issuer.as_deref(), Some("Sở Nội vụ tỉnh Nghệ An"));
        assert_eq!(d.province.as_deref(), Some("Nghệ An"));
        assert_eq!(d.level.as_deref(), Some("tỉnh"));
        assert_eq!(d.title.as_deref(), Some("Phê duyệt kế hoạch đào tạo"));
    }

    #[test]
    fn a_caps_web_title_before_the_header_is_skipped() {
        let t = "# QUYẾT ĐỊNH 378/QĐ-UBND NĂM 2022 CÔNG BỐ THỦ TỤC\n\n| ỦY BAN NHÂN DÂN TỈNH HÀ GIANG ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |\n|---|---|\n| Số: 378/QĐ-UBND | Hà Giang, ngày 18 tháng 3 năm 2022 |\n\nQUYẾT ĐỊNH\nVỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ GIANG\nCăn cứ Luật;\n| Nơi nhận: - Lưu: VT. | CHỦ TỊCH Nguyễn Văn Sơn |\n";
        let d = run(t).document;
        assert_eq!(d.number.as_deref(), Some("378/QĐ-UBND"));
        assert_eq!(d.date.as_deref(), Some("2022-03-18"));
        assert_eq!(d.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Hà Giang"));
        assert_eq!(d.province_current.as_deref(), Some("Tuyên Quang"));
        assert_eq!(d.signer.as_deref(), Some("Nguyễn Văn Sơn"));
        assert_eq!(
            d.title.as_deref(),
            Some("Công bố danh mục thủ tục hành chính")
        );
    }

    #[test]
    fn an_official_letter_has_no_kind_line() {
        let t = "ỦY BAN NHÂN DÂN\nHUYỆN CÁT HẢI\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n|\nSố: 556/UBND-VP\nV/v triển khai chuyển đổi số\nnăm 2023\n|\nCát Hải, ngày 21 tháng 01 năm 2023\n|\nKính gửi: Các phòng, ban.\nThực hiện ...\n";
        let d = run(t).document;
        assert_eq!(d.kind.as_deref(), Some("Công văn"));
        assert_eq!(d.number.as_deref(), Some("556/UBND-VP"));
        assert_eq!(d.date.as_deref(), Some("2023-01-21"));
        assert_eq!(
            d.title.as_deref(),
            Some("Triển khai chuyển đổi số năm 2023")
        );
        assert_eq!(d.issuer.as_deref(), Some("Ủy ban nhân dân huyện Cát Hải"));
    }

    #[test]
    fn hue_before_2025_was_a_city_of_a_province() {
        let t = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HUẾ\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\nSố: 12/KH-UBND\n|\nHuế, ngày 02 tháng 3 năm 2023\n|\nKẾ HOẠCH\nCải cách hành chính năm 2023\n";
        let d = run(t).document;
        assert_eq!(d.province.as_deref(), Some("Thừa Thiên Huế"));
        assert_eq!(d.province_current.as_deref(), Some("Huế"));
        assert_eq!(d.level.as_deref(), Some("huyện"));
        let d = run(&t.replace("2023", "2025")).document;
        assert_eq!(d.province.as_deref(), Some("Huế"));
        assert_eq!(d.level.as_deref(), Some("tỉnh"));
    }

    #[test]
    fn a_plain_kind_word_near_the_top() {
        let t = "Ủy ban nhân dân huyện Cát Hải\n\nKế hoạch\nCải cách hành chính huyện Cát Hải năm 2023\n\nI. Mục đích\n";
        let d = run(t).document;
        assert_eq!(d.kind.as_deref(), Some("Kế hoạch"));
        assert_eq!(
            d.title.as_deref(),
            Some("Cải cách hành chính huyện Cát Hải năm 2023")
        );
    }

    #[test]
    fn central_body_has_no_level_and_nothing_breaks_on_empty_input() {
        let t = "THỦ TƯỚNG CHÍNH PHỦ\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\nSố: 05/2026/QĐ-TTg\n|\nHà Nội, ngày 10 tháng 01 năm 2026\n|\nQUYẾT ĐỊNH\nQUY ĐỊNH NGUYÊN TẮC PHÂN BỔ VỐN\nTHỦ TƯỚNG CHÍNH PHỦ\nCăn cứ;\nĐiều 5. Quyết định này có hiệu lực từ ngày 01/03/2026.\n";
        let d = run(t).document;
        assert_eq!(d.issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        assert_eq!(d.level, None);
        assert_eq!(d.province, None);
        assert_eq!(d.number.as_deref(), Some("05/2026/QĐ-TTg"));
        assert_eq!(d.effective.as_deref(), Some("2026-03-01"));
        let e = run("").document;
        assert!(e.kind.is_none() && e.issuer.is_none());
        let e = run("Số: \n, ngày\nKẾ HOẠCH\n|").document;
        assert_eq!(e.kind.as_deref(), Some("Kế hoạch"));
    }

    #[test]
    fn a_file_holding_only_an_appendix_is_the_instrument_it_belongs_to() {
        let t = "3\n**PHỤ LỤC II**\nDANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ\nNĂM 2025\n(Kèm theo Kế hoạch số 45/KH-UBND ngày 3/2/2025\ncủa Ủy ban nhân dân tỉnh Lạng Sơn)\n\n| STT | Nhiệm vụ | Thời gian |\n|---|---|---|\n| 1 | Số hóa hồ sơ | Năm 2025 |\n";
        let d = run(t).document;
        assert_eq!(d.kind.as_deref(), Some("Kế hoạch"));
        assert_eq!(d.number.as_deref(), Some("45/KH-UBND"));
        assert_eq!(d.date.as_deref(), Some("2025-02-03"));
        assert_eq!(d.province.as_deref(), Some("Lạng Sơn"));
        assert_eq!(d.part.as_deref(), Some("Phụ lục II"));
        assert_eq!(
            d.title.as_deref(),
            Some("Danh mục nhiệm vụ chuyển đổi số năm 2025")
        );
    }

    #[test]
    fn an_appendix_under_a_header_of_its_own_is_not_the_document() {
        let t = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 46/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLạng Sơn, ngày 4 tháng 2 năm 2025\nKẾ HOẠCH\nChuyển đổi số năm 2025\nI. MỤC ĐÍCH\nPhụ lục I\nDANH MỤC\n(Kèm theo Kế hoạch số 46/KH-UBND ngày 4/2/2025)\n";
        let d = run(t).document;
        assert_eq!(d.number.as_deref(), Some("46/KH-UBND"));
        assert_eq!(d.part, None);
        // "Phụ lục" as a running word is no appendix heading
        assert!(
            super::appendix_label(crate::rules::Grammars::builtin(), "Phụ lục kèm theo").is_none()
        );
        assert_eq!(
            super::appendix_label(crate::rules::Grammars::builtin(), "PHỤ LỤC 01: BIỂU MẪU")
                .map(|(l, r)| (l, r.to_string())),
            Some(("Phụ lục 01".to_string(), "BIỂU MẪU".to_string()))
        );
    }

    #[test]
    fn the_one_appendix_of_a_file_has_no_number() {
        let t = "PHỤ LỤC\nNHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026\n(Kèm theo Kế hoạch số 20/KH-UBND ngày 05/01/2026 của UBND tỉnh Hưng Yên)\n\nSTT\tNội dung\tChủ trì\n1\tRà soát\tSở Tư pháp\n";
        let d = run(t).document;
        assert_eq!(d.kind.as_deref(), Some("Kế hoạch"));
        assert_eq!(d.number.as_deref(), Some("20/KH-UBND"));
        assert_eq!(d.province.as_deref(), Some("Hưng Yên"));
        assert_eq!(d.part.as_deref(), Some("Phụ lục"));
        assert_eq!(
            d.title.as_deref(),
            Some("Nhiệm vụ cải cách hành chính năm 2026")
        );
        assert_eq!(
            super::appendix_label(crate::rules::Grammars::builtin(), "**PHỤ LỤC**")
                .map(|(l, r)| (l, r.to_string())),
            Some(("Phụ lục".to_string(), String::new()))
        );
        assert!(
            super::appendix_label(crate::rules::Grammars::builtin(), "PHỤ LỤC DANH MỤC").is_none()
        );
    }
}
