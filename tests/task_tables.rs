//! Task tables in every layout, on made-up documents: one table model
//! written out as markdown, cells on lines between `|`, tab-separated
//! rows, "a | b" rows as `vanban text` prints them, HTML (rowspan/colspan) and DOCX (vMerge/gridSpan), then read back.
//!
//! - only task tables give tasks: lists of procedures, the steps of a
//!   procedure, lists of projects and criteria sets give none, whatever the
//!   layout;
//! - group rows (numeral and title in different cells, or one cell across
//!   the row; two levels) set `section` and are no tasks;
//! - a cell merged over several rows belongs to each of them.

use std::io::Write as _;
use vanban::model::Task;

/// One cell of a made-up table: text, row span, column span.
type C = (&'static str, u32, u32);

fn c(t: &'static str) -> C {
    (t, 1, 1)
}

/// The table laid on a grid: per position, the text of the cell that
/// starts there, or None where a span from above or the left covers it.
fn grid(rows: &[Vec<C>]) -> Vec<Vec<Option<&'static str>>> {
    let width: u32 = rows
        .first()
        .map_or(0, |r| r.iter().map(|x| x.2).sum::<u32>());
    let mut g: Vec<Vec<Option<Option<&'static str>>>> =
        vec![vec![None; width as usize]; rows.len()];
    for (r, row) in rows.iter().enumerate() {
        let mut col = 0;
        for &(t, rs, cs) in row {
            while g[r][col].is_some() {
                col += 1;
            }
            for (rr, line) in g.iter_mut().enumerate().skip(r).take(rs as usize) {
                for (cc, slot) in line.iter_mut().enumerate().skip(col).take(cs as usize) {
                    *slot = Some((rr == r && cc == col).then_some(t));
                }
            }
            col += cs as usize;
        }
    }
    g.into_iter()
        .map(|r| r.into_iter().map(Option::flatten).collect())
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Layout {
    Markdown,
    PipeLines,
    Tabs,
    /// "a | b | c" rows, as `vanban text` prints HTML and DOCX tables.
    Inline,
    Html,
    Docx,
}

const LAYOUTS: [Layout; 6] = [
    Layout::Markdown,
    Layout::PipeLines,
    Layout::Inline,
    Layout::Tabs,
    Layout::Html,
    Layout::Docx,
];

/// A text table: merged cells printed once, covered positions empty.
fn text_table(rows: &[Vec<C>], layout: Layout) -> String {
    let g = grid(rows);
    let mut out = String::new();
    match layout {
        Layout::Markdown => {
            for (k, r) in g.iter().enumerate() {
                let cells: Vec<&str> = r.iter().map(|x| x.unwrap_or("")).collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
                if k == 0 {
                    out.push_str(&format!("|{}\n", "---|".repeat(r.len())));
                }
            }
        }
        Layout::Tabs => {
            for r in &g {
                let cells: Vec<&str> = r.iter().map(|x| x.unwrap_or("")).collect();
                out.push_str(&cells.join("\t"));
                out.push('\n');
            }
        }
        Layout::Inline => {
            for r in &g {
                let cells: Vec<&str> = r.iter().map(|x| x.unwrap_or("")).collect();
                out.push_str(cells.join(" | ").trim_end());
                out.push('\n');
            }
        }
        Layout::PipeLines => {
            // every cell closed by a `|` line, an empty cell only by it;
            // the table and every row opened by one
            out.push_str("|\n");
            for (k, r) in g.iter().enumerate() {
                if k > 0 {
                    out.push_str("|\n");
                }
                for x in r {
                    if let Some(t) = x.filter(|t| !t.is_empty()) {
                        out.push_str(t);
                        out.push('\n');
                    }
                    out.push_str("|\n");
                }
            }
        }
        _ => unreachable!(),
    }
    out
}

fn html_table(rows: &[Vec<C>]) -> String {
    let mut out = String::from("<table border=\"1\">");
    for r in rows {
        out.push_str("<tr>");
        for &(t, rs, cs) in r {
            out.push_str(&format!(
                "<td rowspan=\"{rs}\" colspan=\"{cs}\"><p>{t}</p></td>"
            ));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out
}

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

fn docx_p(t: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>")
}

/// A grid position of a DOCX table: whether a cell starts there, its
/// column span (0 where a gridSpan covers it), text and row span.
type Slot = (bool, u32, &'static str, u32);

fn docx_table(rows: &[Vec<C>]) -> String {
    // per grid position: the cell starting there (text, cs), or a cell
    // continuing a vertical merge
    let width: u32 = rows[0].iter().map(|x| x.2).sum();
    let mut taken: Vec<Vec<Option<Slot>>> = vec![vec![None; width as usize]; rows.len()];
    for (r, row) in rows.iter().enumerate() {
        let mut col = 0;
        for &(t, rs, cs) in row {
            while taken[r][col].is_some() {
                col += 1;
            }
            for (rr, line) in taken.iter_mut().enumerate().skip(r).take(rs as usize) {
                line[col] = Some((rr == r, cs, t, rs));
                for slot in line.iter_mut().skip(col + 1).take(cs as usize - 1) {
                    *slot = Some((false, 0, "", 0));
                }
            }
            col += cs as usize;
        }
    }
    let mut out = String::from("<w:tbl>");
    for row in &taken {
        out.push_str("<w:tr>");
        for x in row.iter().flatten() {
            let &(first, cs, t, rs) = x;
            if cs == 0 {
                continue; // covered by a gridSpan
            }
            let mut props = String::new();
            if cs > 1 {
                props.push_str(&format!("<w:gridSpan w:val=\"{cs}\"/>"));
            }
            if rs > 1 {
                props.push_str(if first {
                    "<w:vMerge w:val=\"restart\"/>"
                } else {
                    "<w:vMerge/>"
                });
            }
            let text = if first { t } else { "" };
            out.push_str(&format!(
                "<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>",
                docx_p(text)
            ));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        for (name, body) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// A made-up document: its header lines (kind, title), the lines above
/// the table, the table in `layout`, a closing line.
fn document(head: &[&str], caption: &[&str], rows: &[Vec<C>], layout: Layout) -> Vec<u8> {
    let mut paras: Vec<&str> = vec!["ỦY BAN NHÂN DÂN TỈNH AN LẠC", "Số: 12/QĐ-UBND"];
    paras.extend_from_slice(head);
    paras.push("Điều 1. Nội dung như phụ lục kèm theo.");
    match layout {
        Layout::Html => {
            let mut s = String::from("<html><body>");
            for p in paras.iter().chain(caption) {
                s.push_str(&format!("<p>{p}</p>"));
            }
            s.push_str(&html_table(rows));
            s.push_str("<p>Hết.</p></body></html>");
            s.into_bytes()
        }
        Layout::Docx => {
            let mut body = String::new();
            for p in paras.iter().chain(caption) {
                body.push_str(&docx_p(p));
            }
            body.push_str(&docx_table(rows));
            body.push_str(&docx_p("Hết."));
            let doc = format!("<w:document {NS}><w:body>{body}</w:body></w:document>");
            let types = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
            zip(&[("[Content_Types].xml", types), ("word/document.xml", &doc)])
        }
        _ => {
            let mut s = String::new();
            for p in paras.iter().chain(caption) {
                s.push_str(p);
                s.push_str("\n\n");
            }
            s.push_str(&text_table(rows, layout));
            s.push_str("\nHết.\n");
            s.into_bytes()
        }
    }
}

fn tasks_of(bytes: &[u8], layout: Layout) -> (Vec<Task>, usize) {
    let name = match layout {
        Layout::Html => "x.html",
        Layout::Docx => "x.docx",
        _ => "x.txt",
    };
    let out = vanban::extract_bytes(
        &vanban::Grammars::builtin(),
        name,
        bytes,
        &Default::default(),
    )
    .unwrap_or_else(|e| panic!("{layout:?}: {e}"));
    (out.tasks, out.tables.len())
}

const PLAN: [&str; 2] = ["KẾ HOẠCH", "Thực hiện cải cách hành chính năm 2026"];

#[test]
fn a_list_of_procedures_gives_no_tasks() {
    let rows = vec![
        vec![
            c("STT"),
            c("Tên thủ tục hành chính"),
            c("Thời hạn giải quyết"),
            c("Cơ quan thực hiện"),
            c("Nội dung"),
            c("Phí, lệ phí"),
        ],
        vec![c("A"), ("THỦ TỤC CẤP TỈNH", 1, 5)],
        vec![
            c("1"),
            c("Cấp giấy phép hoạt động cho thuê lại lao động"),
            c("15 ngày làm việc"),
            c("Sở Nội vụ"),
            c("Cấp mới"),
            c("Không"),
        ],
        vec![
            c("2"),
            c("Gia hạn giấy phép hoạt động cho thuê lại lao động"),
            c("10 ngày làm việc"),
            c("Sở Nội vụ"),
            c("Gia hạn"),
            c("Không"),
        ],
    ];
    let head = [
        "QUYẾT ĐỊNH",
        "Về việc công bố danh mục thủ tục hành chính lĩnh vực lao động",
    ];
    for layout in LAYOUTS {
        // in a plan too: the header says what the table is
        for h in [&head[..], &PLAN[..]] {
            let (tasks, tables) = tasks_of(&document(h, &[], &rows, layout), layout);
            assert!(tasks.is_empty(), "{layout:?}: {tasks:?}");
            assert!(tables >= 1, "{layout:?}");
        }
    }
}

/// The steps of a procedure under a task-like header.
fn steps(first: [&'static str; 3]) -> Vec<Vec<C>> {
    vec![
        vec![
            c("TT"),
            c("Nội dung công việc"),
            c("Trách nhiệm thực hiện"),
            c("Thời gian"),
        ],
        vec![
            c(first[0]),
            c("Tiếp nhận và kiểm tra hồ sơ"),
            c("Bộ phận một cửa"),
            c("0,5 ngày"),
        ],
        vec![
            c(first[1]),
            c("Thẩm định hồ sơ, trình lãnh đạo"),
            c("Phòng chuyên môn"),
            c("5 ngày"),
        ],
        vec![
            c(first[2]),
            c("Ký quyết định, trả kết quả"),
            c("Lãnh đạo Sở"),
            c("1 ngày"),
        ],
    ]
}

#[test]
fn the_steps_of_a_procedure_give_no_tasks() {
    for layout in LAYOUTS {
        // told by the rows: Bước 1, B2 …
        for first in [["Bước 1", "Bước 2", "Bước 3"], ["B1", "B2", "B3"]] {
            let (tasks, _) = tasks_of(&document(&PLAN, &[], &steps(first), layout), layout);
            assert!(tasks.is_empty(), "{layout:?} {first:?}: {tasks:?}");
        }
        // told by the caption above the table
        let caption = ["3.7. Quy trình nội bộ giải quyết thủ tục"];
        let (tasks, _) = tasks_of(
            &document(&PLAN, &caption, &steps(["1", "2", "3"]), layout),
            layout,
        );
        assert!(tasks.is_empty(), "{layout:?}: {tasks:?}");
        // told by the document: a decision that approves internal procedures
        let head = [
            "QUYẾT ĐỊNH",
            "Phê duyệt quy trình nội bộ giải quyết thủ tục hành chính",
        ];
        let (tasks, _) = tasks_of(
            &document(&head, &[], &steps(["1", "2", "3"]), layout),
            layout,
        );
        assert!(tasks.is_empty(), "{layout:?}: {tasks:?}");
        // the same rows in a plan, under its own caption, are tasks
        let caption = ["DANH MỤC NHIỆM VỤ TRỌNG TÂM"];
        let (tasks, _) = tasks_of(
            &document(&PLAN, &caption, &steps(["1", "2", "3"]), layout),
            layout,
        );
        assert_eq!(tasks.len(), 3, "{layout:?}: {tasks:?}");
    }
}

#[test]
fn a_list_of_projects_and_a_criteria_set_give_no_tasks() {
    let projects = vec![
        vec![
            c("STT"),
            c("Tên dự án"),
            c("Địa điểm xây dựng"),
            c("Tổng mức đầu tư (tỷ đồng)"),
            c("Thời gian thực hiện"),
        ],
        vec![
            c("1"),
            c("Đường tỉnh 12"),
            c("Huyện Đông"),
            c("350"),
            c("2026 - 2028"),
        ],
        vec![
            c("2"),
            c("Cầu Bến Đá"),
            c("Xã Tây"),
            c("120"),
            c("2026 - 2027"),
        ],
    ];
    let criteria = vec![
        vec![
            ("STT", 2, 1),
            ("Nội dung tiêu chí", 2, 1),
            ("Chỉ tiêu theo nhóm", 1, 2),
            ("Thời hạn", 2, 1),
        ],
        vec![c("Nhóm 1"), c("Nhóm 2")],
        vec![
            c("1"),
            c("Tỷ lệ thôn có nhà văn hóa"),
            c("100%"),
            c("≥ 90%"),
            c("Năm 2030"),
        ],
        vec![
            c("2"),
            c("Tỷ lệ hộ gia đình văn hóa"),
            c("≥ 95%"),
            c("≥ 85%"),
            c("Năm 2030"),
        ],
    ];
    let head = ["QUYẾT ĐỊNH", "Ban hành Bộ tiêu chí văn hóa cấp xã"];
    for layout in LAYOUTS {
        let (tasks, _) = tasks_of(&document(&PLAN, &[], &projects, layout), layout);
        assert!(tasks.is_empty(), "{layout:?}: {tasks:?}");
        if matches!(layout, Layout::Html | Layout::Docx) {
            let (tasks, _) = tasks_of(&document(&head, &[], &criteria, layout), layout);
            assert!(tasks.is_empty(), "{layout:?}: {tasks:?}");
        }
    }
}

/// A task table with two levels of groups, a group row whose numeral and
/// title sit in different cells, one that spans the row, and a lead and
/// partners merged over two rows.
fn task_table() -> Vec<Vec<C>> {
    vec![
        vec![
            c("STT"),
            c("Nhiệm vụ"),
            c("Cơ quan chủ trì"),
            c("Cơ quan phối hợp[1]"),
            c("Thời gian hoàn thành"),
        ],
        vec![c("A"), ("NHIỆM VỤ CHUNG", 1, 4)],
        vec![c("I"), ("Hoàn thiện thể chế", 1, 4)],
        vec![
            c("1"),
            c("Rà soát các văn bản quy phạm pháp luật của tỉnh"),
            ("Sở Tư pháp", 2, 1),
            ("Các sở, ngành", 2, 1),
            c("Quý II/2026"),
        ],
        vec![
            c("2"),
            c("Xây dựng quy chế phối hợp kiểm tra văn bản"),
            c("Năm 2026"),
        ],
        vec![("II. Chuyển đổi số", 1, 5)],
        vec![
            c("3"),
            c("Số hóa hồ sơ, kết quả giải quyết thủ tục"),
            c("Sở Khoa học và Công nghệ"),
            c(""),
            c("2026 - 2030"),
        ],
        vec![c("B"), ("NHIỆM VỤ CỦA ĐỊA PHƯƠNG", 1, 4)],
        vec![
            c("4"),
            c("Tuyên truyền về cải cách hành chính"),
            c("UBND các xã"),
            c("Sở Nội vụ"),
            c("Hằng năm"),
        ],
    ]
}

#[test]
fn group_rows_and_merged_cells_in_every_layout() {
    type Row<'a> = (
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let want: Vec<Row> = vec![
        (
            Some("Hoàn thiện thể chế"),
            Some("1"),
            "Rà soát các văn bản quy phạm pháp luật của tỉnh",
            Some("Sở Tư pháp"),
            Some("Các sở, ngành"),
            Some("Quý II/2026"),
        ),
        (
            Some("Hoàn thiện thể chế"),
            Some("2"),
            "Xây dựng quy chế phối hợp kiểm tra văn bản",
            Some("Sở Tư pháp"),
            Some("Các sở, ngành"),
            Some("Năm 2026"),
        ),
        (
            Some("Chuyển đổi số"),
            Some("3"),
            "Số hóa hồ sơ, kết quả giải quyết thủ tục",
            Some("Sở Khoa học và Công nghệ"),
            None,
            Some("2026 - 2030"),
        ),
        (
            Some("NHIỆM VỤ CỦA ĐỊA PHƯƠNG"),
            Some("4"),
            "Tuyên truyền về cải cách hành chính",
            Some("UBND các xã"),
            Some("Sở Nội vụ"),
            Some("Hằng năm"),
        ),
    ];
    for layout in LAYOUTS {
        let (tasks, _) = tasks_of(&document(&PLAN, &[], &task_table(), layout), layout);
        let got: Vec<Row> = tasks
            .iter()
            .map(|t| {
                (
                    t.section.as_deref(),
                    t.stt.as_deref(),
                    t.task.as_str(),
                    t.lead.as_deref(),
                    t.partners.as_deref(),
                    t.timeline.as_deref(),
                )
            })
            .collect();
        assert_eq!(got, want, "{layout:?}");
    }
}
