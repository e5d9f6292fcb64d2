//! `vanban report`: one self-contained HTML page (no network) that compares
//! provinces from the database `vanban db build` wrote: per indicator, each
//! document's target (value, comparator, year) in a sortable table with a
//! small bar chart; per document, counts and a link back to the source file.

use crate::error::{Error, ErrorKind, Result};
use rusqlite::Connection;
use std::fmt::Write as _;
use std::path::Path;

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

fn comparator_sign(c: &str) -> &'static str {
    match c {
        "at_least" => "≥",
        "more_than" => ">",
        "at_most" => "≤",
        "range" => "–",
        _ => "=",
    }
}

struct TargetRow {
    indicator: String,
    province: String,
    doc: String,
    path: String,
    year: Option<i64>,
    comparator: String,
    value: f64,
    value_max: Option<f64>,
    unit: String,
    change: Option<String>,
    quote: String,
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn href(path: &str) -> String {
    // a relative path stays relative to the report; absolute gets file://
    let p = path.replace('\\', "/");
    let enc: String = p
        .chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '#' => "%23".to_string(),
            '?' => "%3F".to_string(),
            _ => c.to_string(),
        })
        .collect();
    if enc.starts_with('/') {
        format!("file://{enc}")
    } else {
        enc
    }
}

/// Writes the report for database `db` to `out`.
pub fn write(db: &Path, out: &Path) -> Result<()> {
    let html = render(db)?;
    std::fs::write(out, html).map_err(|e| Error::io(out, &e))
}

/// Renders the report page.
pub fn render(db: &Path) -> Result<String> {
    let sql = |e: rusqlite::Error| Error::new(ErrorKind::Io, format!("SQLite: {e}")).with_path(db);
    if !db.exists() {
        return Err(Error::new(
            ErrorKind::Io,
            "no such database (run `vanban db build` first)",
        )
        .with_path(db));
    }
    let conn = Connection::open(db).map_err(sql)?;
    let mut stmt = conn
        .prepare(
            "SELECT COALESCE(t.indicator, 'area:' || COALESCE(t.area, 'other')),
                    COALESCE(d.province_current, d.province, '(unknown)'),
                    COALESCE(d.kind || ' ' || COALESCE(d.number, ''), d.path), d.path,
                    t.year, t.comparator, t.value, t.value_max, t.unit, t.change, t.quote
             FROM targets t JOIN documents d ON d.id = t.document_id
             ORDER BY 1, 2, t.year, d.path, t.span_start",
        )
        .map_err(sql)?;
    let rows: Vec<TargetRow> = stmt
        .query_map([], |r| {
            Ok(TargetRow {
                indicator: r.get(0)?,
                province: r.get(1)?,
                doc: r.get(2)?,
                path: r.get(3)?,
                year: r.get(4)?,
                comparator: r.get(5)?,
                value: r.get(6)?,
                value_max: r.get(7)?,
                unit: r.get(8)?,
                change: r.get(9)?,
                quote: r.get(10)?,
            })
        })
        .map_err(sql)?
        .collect::<rusqlite::Result<_>>()
        .map_err(sql)?;
    let mut docs_stmt = conn
        .prepare(
            "SELECT path, COALESCE(kind,''), COALESCE(number,''), COALESCE(date,''), COALESCE(province_current, province, ''),
                    COALESCE(title,''), n_citations, n_targets, n_tasks FROM documents ORDER BY province_current, date, path",
        )
        .map_err(sql)?;
    type DocRow = (
        String,
        String,
        String,
        String,
        String,
        String,
        i64,
        i64,
        i64,
    );
    let docs: Vec<DocRow> = docs_stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })
        .map_err(sql)?
        .collect::<rusqlite::Result<_>>()
        .map_err(sql)?;

    let mut h = String::new();
    h.push_str(HEAD);
    let provinces: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.province.as_str()).collect();
    let _ = write!(
        h,
        "<h1>vanban — targets compared across provinces</h1><p id=\"summary\">{} documents, {} targets, {} provinces.</p>",
        docs.len(),
        rows.len(),
        provinces.len()
    );
    h.push_str(
        "<nav><a href=\"#indicators\">Indicators</a> · <a href=\"#documents\">Documents</a></nav>",
    );
    h.push_str("<section id=\"indicators\"><h2>Targets by indicator</h2>");
    let mut i = 0;
    let mut group_no = 0;
    while i < rows.len() {
        let ind = rows[i].indicator.clone();
        let mut j = i;
        while j < rows.len() && rows[j].indicator == ind {
            j += 1;
        }
        group_no += 1;
        let group = &rows[i..j];
        let label = ind
            .strip_prefix("area:")
            .map(|a| format!("(no indicator) area: {a}"))
            .unwrap_or_else(|| ind.clone());
        let _ = write!(h, "<h3 id=\"ind-{group_no}\">{}</h3>", esc(&label));
        h.push_str(&chart(group));
        let _ = write!(
            h,
            "<table class=\"sortable\" data-indicator=\"{}\"><thead><tr><th>Province</th><th>Document</th><th>Year</th><th>Comparator</th><th>Value</th><th>Change</th><th>Quote</th></tr></thead><tbody>",
            esc(&ind)
        );
        for r in group {
            let value = match r.value_max {
                Some(m) => format!("{}–{}", num(r.value), num(m)),
                None => num(r.value),
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td title=\"{}\">{}</td><td data-sort=\"{}\">{} {}</td><td>{}</td><td class=\"quote\">{}</td></tr>",
                esc(&r.province),
                esc(&href(&r.path)),
                esc(&r.doc),
                r.year.map(|y| y.to_string()).unwrap_or_default(),
                esc(&r.comparator),
                comparator_sign(&r.comparator),
                r.value,
                esc(&value),
                esc(&r.unit),
                esc(r.change.as_deref().unwrap_or("")),
                esc(&r.quote)
            );
        }
        h.push_str("</tbody></table>");
        i = j;
    }
    h.push_str("</section><section id=\"documents\"><h2>Documents</h2><table class=\"sortable\" id=\"doctable\"><thead><tr><th>Province</th><th>Kind</th><th>Number</th><th>Date</th><th>Title</th><th>Citations</th><th>Targets</th><th>Tasks</th></tr></thead><tbody>");
    for (path, kind, number, date, province, title, nc, nt, nk) in &docs {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{nc}</td><td>{nt}</td><td>{nk}</td></tr>",
            esc(province),
            esc(kind),
            esc(&href(path)),
            esc(if number.is_empty() { path } else { number }),
            esc(date),
            esc(title)
        );
    }
    h.push_str("</tbody></table></section>");
    h.push_str(TAIL);
    Ok(h)
}

/// A small horizontal bar chart (inline SVG) of the latest target per
/// province in a group.
fn chart(group: &[TargetRow]) -> String {
    let mut latest: std::collections::BTreeMap<&str, &TargetRow> =
        std::collections::BTreeMap::new();
    for r in group {
        let e = latest.entry(r.province.as_str()).or_insert(r);
        if r.year > e.year {
            *e = r;
        }
    }
    let max = latest
        .values()
        .map(|r| r.value_max.unwrap_or(r.value))
        .fold(0.0f64, f64::max)
        .max(1.0);
    let bar_h = 18;
    let height = latest.len() * bar_h + 4;
    let mut s = format!("<svg class=\"chart\" width=\"720\" height=\"{height}\" role=\"img\">");
    for (k, (prov, r)) in latest.iter().enumerate() {
        let y = k * bar_h + 2;
        let w = (r.value / max * 300.0).max(1.0);
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><rect x=\"160\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"#3b6ea5\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"12\">{} {}{} ({})</text>",
            y + 13,
            esc(prov),
            y + 2,
            bar_h - 4,
            165.0 + w,
            y + 13,
            comparator_sign(&r.comparator),
            num(r.value),
            esc(&r.unit),
            r.year.map(|y| y.to_string()).unwrap_or_else(|| "?".into())
        );
    }
    s.push_str("</svg>");
    s
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>vanban report</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:0.5em 0 2em;font-size:14px}
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}
th{background:#eef;cursor:pointer;user-select:none}
th.asc::after{content:" ▲"} th.desc::after{content:" ▼"}
td.quote{max-width:40em;color:#555}
svg.chart{display:block;margin:0.3em 0}
</style></head><body>
"#;

const TAIL: &str = r#"
<script>
// Click a header to sort its table (numbers numerically, text in Vietnamese order).
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, col) {
    th.addEventListener('click', function () {
      var asc = !th.classList.contains('asc');
      table.querySelectorAll('th').forEach(function (x) { x.classList.remove('asc', 'desc'); });
      th.classList.add(asc ? 'asc' : 'desc');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].dataset.sort || a.cells[col].textContent;
        var y = b.cells[col].dataset.sort || b.cells[col].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var r = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'vi');
        return asc ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
</script>
</body></html>
"#;
