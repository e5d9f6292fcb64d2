//! `vanban db export`: the database as spreadsheets for analysts. An .xlsx
//! workbook with the sheets `documents`, `citations`, `targets` and
//! `tasks`, or one CSV file per sheet (UTF-8 with a byte-order mark, so
//! Excel reads Vietnamese correctly). One row per item; every row of an
//! item sheet carries its document's id, number, place and date, so a
//! sheet can be filtered and pivoted on its own. Column headers are the
//! database's column names, or Vietnamese ones ([`crate::labels::column`]).
//!
//! Files are written atomically (temp file + rename): a failed export never
//! leaves a truncated file in place of an older one.

use crate::error::{Error, ErrorKind, Result};
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use std::path::{Path, PathBuf};

/// Spreadsheet format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

/// Column headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Headers {
    /// The database's column names ("number", "region" …).
    Keys,
    /// Vietnamese ("Số, ký hiệu", "Tỉnh, thành phố" …).
    Vietnamese,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Int(i64),
    Num(f64),
    Text(String),
}

/// One sheet: its name, column keys and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The columns every item row starts with: its document.
const DOCUMENT_COLUMNS: &str =
    "d.id AS document_id, d.number AS number, d.region AS region, d.date AS date";

/// The sheets and the query of each, in order.
fn queries() -> [(&'static str, String); 4] {
    [
        (
            "documents",
            "SELECT d.id AS document_id, d.number AS number, d.region AS region, d.date AS date,
                    d.kind AS kind, d.issuer AS issuer, d.province AS province,
                    d.province_current AS province_current, d.level AS level, d.signer AS signer,
                    d.title AS title, d.period_from AS period_from, d.period_to AS period_to,
                    d.part AS part, d.n_citations AS n_citations, d.n_targets AS n_targets,
                    d.n_tasks AS n_tasks, d.path AS path
             FROM documents d ORDER BY d.id"
                .to_string(),
        ),
        (
            "citations",
            format!(
                "SELECT {DOCUMENT_COLUMNS}, c.kind AS cited_kind, c.number AS cited_number,
                        c.name AS cited_name, c.date AS cited_date, c.issuer AS cited_issuer,
                        c.relation AS relation, c.mentions AS mentions, c.line AS line, d.path AS path
                 FROM citations c JOIN documents d ON d.id = c.document_id ORDER BY c.id"
            ),
        ),
        (
            "targets",
            format!(
                "SELECT {DOCUMENT_COLUMNS}, t.indicator AS indicator, i.name AS indicator_name,
                        t.value AS value, t.value_max AS value_max, t.unit AS unit,
                        t.comparator AS comparator, t.change AS change, t.out_of AS out_of,
                        t.per_year AS per_year, t.year AS year, t.area AS area, t.quote AS quote,
                        t.line AS line, d.path AS path
                 FROM targets t JOIN documents d ON d.id = t.document_id
                 LEFT JOIN indicators i ON i.id = t.indicator ORDER BY t.id"
            ),
        ),
        (
            "tasks",
            format!(
                "SELECT {DOCUMENT_COLUMNS}, k.section AS section, k.stt AS stt, k.task AS task,
                        k.output AS output, k.timeline AS timeline, k.lead AS lead,
                        k.partners AS partners, k.note AS note, k.line AS line, d.path AS path
                 FROM tasks k JOIN documents d ON d.id = k.document_id ORDER BY k.id"
            ),
        ),
    ]
}

fn sheet(conn: &Connection, db: &Path, name: &'static str, sql: &str) -> Result<Sheet> {
    let err = |e: rusqlite::Error| Error::new(ErrorKind::Io, format!("SQLite: {e}")).with_path(db);
    let mut stmt = conn.prepare(sql).map_err(err)?;
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let n = columns.len();
    let rows = stmt
        .query_map([], |r| {
            (0..n)
                .map(|i| {
                    Ok(match r.get_ref(i)? {
                        ValueRef::Null => Cell::Empty,
                        ValueRef::Integer(v) => Cell::Int(v),
                        ValueRef::Real(v) => Cell::Num(v),
                        ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                        ValueRef::Blob(b) => Cell::Text(String::from_utf8_lossy(b).into_owned()),
                    })
                })
                .collect::<rusqlite::Result<Vec<Cell>>>()
        })
        .map_err(err)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(err)?;
    Ok(Sheet {
        name,
        columns,
        rows,
    })
}

/// The four sheets of a database.
pub fn sheets(db: &Path) -> Result<Vec<Sheet>> {
    let conn = crate::db::open_existing(db)?;
    queries()
        .iter()
        .map(|(name, sql)| sheet(&conn, db, name, sql))
        .collect()
}

fn header(key: &str, headers: Headers) -> &str {
    match headers {
        Headers::Keys => key,
        Headers::Vietnamese => crate::labels::column(key),
    }
}

/// Most characters Excel keeps in a cell.
const XLSX_CELL_MAX: usize = 32_767;
/// Most rows of an Excel sheet.
const XLSX_ROWS_MAX: usize = 1_048_576;

/// The workbook of `sheets`, as bytes.
pub fn xlsx(sheets: &[Sheet], headers: Headers) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format as CellFormat, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| Error::new(ErrorKind::Io, format!("xlsx: {e}"));
    let mut book = Workbook::new();
    let bold = CellFormat::new().set_bold();
    for s in sheets {
        if s.rows.len() + 1 > XLSX_ROWS_MAX {
            return Err(Error::limit(format!(
                "sheet {} has {} rows, more than Excel's {XLSX_ROWS_MAX}: export as CSV",
                s.name,
                s.rows.len()
            )));
        }
        let ws = book.add_worksheet();
        ws.set_name(s.name).map_err(err)?;
        for (c, key) in s.columns.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| Error::limit("too many columns"))?;
            ws.write_string_with_format(0, col, header(key, headers), &bold)
                .map_err(err)?;
            let width = match key.as_str() {
                "quote" | "task" | "title" | "output" | "partners" => 60.0,
                "path" | "indicator_name" | "issuer" | "cited_issuer" | "lead" => 30.0,
                _ => 14.0,
            };
            ws.set_column_width(col, width).map_err(err)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let rr = u32::try_from(r + 1).map_err(|_| Error::limit("too many rows"))?;
            for (c, cell) in row.iter().enumerate() {
                let col = u16::try_from(c).map_err(|_| Error::limit("too many columns"))?;
                match cell {
                    Cell::Empty => {}
                    Cell::Int(v) => {
                        ws.write_number(rr, col, *v as f64).map_err(err)?;
                    }
                    Cell::Num(v) => {
                        ws.write_number(rr, col, *v).map_err(err)?;
                    }
                    Cell::Text(t) => {
                        let t = clip(t, XLSX_CELL_MAX);
                        ws.write_string(rr, col, t).map_err(err)?;
                    }
                }
            }
        }
        let last_col = u16::try_from(s.columns.len().saturating_sub(1)).unwrap_or(0);
        let last_row = u32::try_from(s.rows.len()).unwrap_or(0);
        ws.set_freeze_panes(1, 0).map_err(err)?;
        ws.autofilter(0, 0, last_row, last_col).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}

/// The first `max` chars of `s`.
fn clip(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

/// A sheet as CSV: UTF-8 with a byte-order mark. A text cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
/// so a spreadsheet program does not run it as a formula ("- Rà soát …"
/// would show as #NAME?); the xlsx keeps such cells unchanged, as text.
pub fn csv(sheet: &Sheet, headers: Headers) -> Result<Vec<u8>> {
    let err = |e: csv::Error| Error::new(ErrorKind::Io, format!("csv: {e}"));
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(sheet.columns.iter().map(|k| header(k, headers)))
            .map_err(err)?;
        for row in &sheet.rows {
            let fields = row.iter().map(|c| match c {
                Cell::Empty => String::new(),
                Cell::Int(v) => v.to_string(),
                Cell::Num(v) => v.to_string(),
                Cell::Text(t) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
                    format!("'{t}")
                }
                Cell::Text(t) => t.clone(),
            });
            w.write_record(fields).map_err(err)?;
        }
        w.flush()
            .map_err(|e| Error::new(ErrorKind::Io, format!("csv: {e}")))?;
    }
    Ok(out)
}

/// What an export wrote: each file with the rows of each sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub files: Vec<PathBuf>,
    pub rows: Vec<(&'static str, usize)>,
}

/// Exports the database `db` to `out`: a workbook file for xlsx, a folder
/// of `NAME.csv` files for csv.
pub fn export(db: &Path, format: Format, headers: Headers, out: &Path) -> Result<Written> {
    let sheets = sheets(db)?;
    let rows = sheets.iter().map(|s| (s.name, s.rows.len())).collect();
    let write = |path: &Path, data: &[u8]| {
        crate::atomic::write_atomic(path, data).map_err(|e| Error::io(path, &e))
    };
    let files = match format {
        Format::Xlsx => {
            write(out, &xlsx(&sheets, headers)?)?;
            vec![out.to_path_buf()]
        }
        Format::Csv => {
            if out.is_file() {
                return Err(Error::new(
                    ErrorKind::Usage,
                    "is a file: CSV export writes a folder of files (documents.csv, citations.csv, targets.csv, tasks.csv)",
                )
                .with_path(out));
            }
            let mut files = Vec::new();
            for s in &sheets {
                let path = out.join(format!("{}.csv", s.name));
                write(&path, &csv(s, headers)?)?;
                files.push(path);
            }
            files
        }
    };
    Ok(Written { files, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Sheet {
        Sheet {
            name: "tasks",
            columns: vec!["number".into(), "task".into(), "value".into()],
            rows: vec![
                vec![
                    Cell::Text("12/KH-UBND".into()),
                    Cell::Text("- Rà soát, \"đơn giản hóa\" thủ tục".into()),
                    Cell::Num(90.5),
                ],
                vec![Cell::Empty, Cell::Text("=1+1".into()), Cell::Int(3)],
            ],
        }
    }

    #[test]
    fn csv_has_a_bom_vietnamese_headers_and_inert_formulas() {
        let out = csv(&sample(), Headers::Vietnamese).unwrap_or_default();
        assert!(out.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(out[3..].to_vec()).unwrap_or_default();
        let mut r = ::csv::Reader::from_reader(text.as_bytes());
        let head: Vec<String> = r
            .headers()
            .map(|h| h.iter().map(str::to_string).collect())
            .unwrap_or_default();
        assert_eq!(head, vec!["Số, ký hiệu", "Nhiệm vụ", "Giá trị"]);
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| {
                x.map(|x| x.iter().map(str::to_string).collect())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(rows[0][1], "'- Rà soát, \"đơn giản hóa\" thủ tục");
        assert_eq!(rows[0][2], "90.5");
        assert_eq!(rows[1], vec!["", "'=1+1", "3"]);
    }

    #[test]
    fn cells_are_clipped_on_a_char_boundary() {
        assert_eq!(clip("đất đai", 3), "đất");
        assert_eq!(clip("đất", 10), "đất");
    }
}
