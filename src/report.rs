//! `vanban report`: a folder an analyst can zip and share, built from the
//! database `vanban db build` wrote.
//!
//! - `index.html`: per indicator of the catalogue (with its Vietnamese name,
//!   unit and source), a bar chart comparing provinces (the latest target
//!   each province sets) and the rows behind it; targets without an
//!   indicator grouped by reform area, then by document (never charted);
//!   the provinces and the documents. Filters by province, year, area and
//!   document kind, and a search box.
//! - `indicator/ID.html`: one indicator's chart and rows, to link to.
//! - `province/NAME.html`: a province's documents, targets, citations and
//!   tasks.
//! - `doc/ID-NAME.html`: a document's text with every target (its quote,
//!   and its figure), citation and task highlighted; every row elsewhere
//!   links to its place here.
//!
//! Pages are self-contained (inline CSS, inline SVG charts, one inline
//! script, no network) with a Content-Security-Policy that allows only that
//! script and style (by hash). Links are relative ("./doc/…", "../index.html")
//! and percent-encoded, so no file name can be read as a URL scheme; no
//! absolute path is written (a document is named by its file name). The
//! folder is written beside its final place and renamed over it, so a failed
//! run never leaves a half-written report in place of the old one.

use crate::error::{Error, ErrorKind, Result};
use crate::labels;
use crate::rules::Grammars;
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The file that marks a folder as a vanban report (only such a folder is
/// ever replaced).
pub const MARKER: &str = ".vanban-report";

/// What a report holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    pub documents: usize,
    pub targets: usize,
    pub pages: usize,
}

/// The pages of a report: relative path (with `/`) and content.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub pages: Vec<(String, String)>,
    pub stats: Stats,
}

impl Site {
    /// The content of a page.
    pub fn page(&self, path: &str) -> Option<&str> {
        self.pages
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, c)| c.as_str())
    }
}

struct DocRow {
    id: i64,
    path: String,
    sha256: String,
    kind: Option<String>,
    number: Option<String>,
    date: Option<String>,
    region: String,
    issuer: Option<String>,
    title: Option<String>,
    /// `doc/ID-NAME.html`
    page: String,
}

impl DocRow {
    /// "Kế hoạch 12/KH-UBND", else the file name.
    fn label(&self) -> String {
        match (&self.kind, &self.number) {
            (Some(k), Some(n)) => format!("{k} {n}"),
            (None, Some(n)) => n.clone(),
            (Some(k), None) => format!("{k} ({})", self.file_name()),
            (None, None) => self.file_name(),
        }
    }

    /// The file name, never the folders above it.
    fn file_name(&self) -> String {
        self.path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&self.path)
            .to_string()
    }

    fn year(&self) -> Option<&str> {
        self.date.as_deref().and_then(|d| d.get(..4))
    }
}

struct TargetRow {
    id: i64,
    doc: usize,
    quote: String,
    value: f64,
    value_max: Option<f64>,
    unit: String,
    comparator: String,
    change: Option<String>,
    out_of: Option<f64>,
    year: Option<i64>,
    area: Option<String>,
    indicator: Option<String>,
    span: (usize, usize),
    line: i64,
}

impl TargetRow {
    fn value_text(&self) -> String {
        labels::value(
            &self.comparator,
            self.value,
            self.value_max,
            &self.unit,
            self.change.as_deref(),
            self.out_of,
        )
    }
}

struct CitationRow {
    id: i64,
    doc: usize,
    kind: Option<String>,
    number: Option<String>,
    name: Option<String>,
    date: Option<String>,
    issuer: Option<String>,
    relation: Option<String>,
    span: (usize, usize),
    line: i64,
}

impl CitationRow {
    fn label(&self) -> String {
        let what = self
            .number
            .as_deref()
            .or(self.name.as_deref())
            .unwrap_or("");
        match &self.kind {
            Some(k) if !what.starts_with(k.as_str()) => format!("{k} {what}"),
            _ => what.to_string(),
        }
    }
}

struct TaskRow {
    id: i64,
    doc: usize,
    section: Option<String>,
    stt: Option<String>,
    task: String,
    timeline: Option<String>,
    lead: Option<String>,
    span: (usize, usize),
    line: i64,
}

struct Indicator {
    name: String,
    unit: String,
    framework: String,
    source: String,
}

/// Everything a report shows, read from the database.
struct Data {
    docs: Vec<DocRow>,
    targets: Vec<TargetRow>,
    citations: Vec<CitationRow>,
    tasks: Vec<TaskRow>,
    /// Indicators in catalogue order.
    indicators: Vec<(String, Indicator)>,
    /// Province pages by region name.
    provinces: BTreeMap<String, String>,
}

fn sql(db: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::new(ErrorKind::Io, format!("SQLite: {e}")).with_path(db)
}

fn span_of(start: Option<i64>, end: Option<i64>) -> (usize, usize) {
    let s = start.unwrap_or(0).max(0) as usize;
    let e = end.unwrap_or(0).max(0) as usize;
    (s, e.max(s))
}

/// The rows of `query`, whose column 1 is a document id, each read by
/// `read` with the index of its document (`doc_of`); rows of a document
/// not listed are left out.
fn doc_rows<T>(
    conn: &Connection,
    query: &str,
    doc_of: &dyn Fn(i64) -> Option<usize>,
    read: impl Fn(&rusqlite::Row<'_>, usize) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut stmt = conn.prepare(query)?;
    let rows = stmt.query_map([], |r| match doc_of(r.get(1)?) {
        Some(doc) => read(r, doc).map(Some),
        None => Ok(None),
    })?;
    let mut out = Vec::new();
    for row in rows {
        out.extend(row?);
    }
    Ok(out)
}

fn load(conn: &Connection, db: &Path) -> Result<Data> {
    let err = sql(db);
    let mut docs: Vec<DocRow> = conn
        .prepare(
            "SELECT id, path, sha256, kind, number, date, region, issuer, title
             FROM documents ORDER BY region, date, path",
        )
        .map_err(&err)?
        .query_map([], |r| {
            Ok(DocRow {
                id: r.get(0)?,
                path: r.get(1)?,
                sha256: r.get(2)?,
                kind: r.get(3)?,
                number: r.get(4)?,
                date: r.get(5)?,
                region: r.get(6)?,
                issuer: r.get(7)?,
                title: r.get(8)?,
                page: String::new(),
            })
        })
        .map_err(&err)?
        .collect::<rusqlite::Result<_>>()
        .map_err(&err)?;
    for d in &mut docs {
        let name = slug(&d.file_name());
        d.page = format!(
            "doc/{}-{}.html",
            d.id,
            if name.is_empty() { "doc" } else { &name }
        );
    }
    let index: HashMap<i64, usize> = docs.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let doc_of = |id: i64| index.get(&id).copied();
    let targets = doc_rows(
        conn,
        "SELECT id, document_id, quote, value, value_max, unit, comparator, change, out_of,
                    year, area, indicator, span_start, span_end, line
             FROM targets ORDER BY document_id, span_start, id",
        &doc_of,
        |r, doc| {
            Ok(TargetRow {
                id: r.get(0)?,
                doc,
                quote: r.get(2)?,
                value: r.get(3)?,
                value_max: r.get(4)?,
                unit: r.get(5)?,
                comparator: r.get(6)?,
                change: r.get(7)?,
                out_of: r.get(8)?,
                year: r.get(9)?,
                area: r.get(10)?,
                indicator: r.get(11)?,
                span: span_of(r.get(12)?, r.get(13)?),
                line: r.get::<_, Option<i64>>(14)?.unwrap_or(0),
            })
        },
    )
    .map_err(&err)?;
    let citations = doc_rows(
        conn,
        "SELECT id, document_id, kind, number, name, date, issuer, relation, span_start, span_end, line
             FROM citations ORDER BY document_id, span_start, id",
        &doc_of,
        |r, doc| {
            Ok(CitationRow {
                id: r.get(0)?,
                doc,
                kind: r.get(2)?,
                number: r.get(3)?,
                name: r.get(4)?,
                date: r.get(5)?,
                issuer: r.get(6)?,
                relation: r.get(7)?,
                span: span_of(r.get(8)?, r.get(9)?),
                line: r.get::<_, Option<i64>>(10)?.unwrap_or(0),
            })
        },
    )
    .map_err(&err)?;
    let tasks = doc_rows(
        conn,
        "SELECT id, document_id, section, stt, task, timeline, lead, span_start, span_end, line
             FROM tasks ORDER BY document_id, span_start, id",
        &doc_of,
        |r, doc| {
            Ok(TaskRow {
                id: r.get(0)?,
                doc,
                section: r.get(2)?,
                stt: r.get(3)?,
                task: r.get(4)?,
                timeline: r.get(5)?,
                lead: r.get(6)?,
                span: span_of(r.get(7)?, r.get(8)?),
                line: r.get::<_, Option<i64>>(9)?.unwrap_or(0),
            })
        },
    )
    .map_err(&err)?;
    let indicators = conn
        .prepare("SELECT id, name, unit, framework, source FROM indicators ORDER BY rowid")
        .map_err(&err)?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                Indicator {
                    name: r.get(1)?,
                    unit: r.get(2)?,
                    framework: r.get(3)?,
                    source: r.get(4)?,
                },
            ))
        })
        .map_err(&err)?
        .collect::<rusqlite::Result<_>>()
        .map_err(&err)?;
    let mut provinces = BTreeMap::new();
    let mut used = std::collections::HashSet::new();
    for d in &docs {
        if provinces.contains_key(&d.region) {
            continue;
        }
        let base = match slug(&d.region) {
            s if s.is_empty() => "province".to_string(),
            s => s,
        };
        let mut name = base.clone();
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        provinces.insert(d.region.clone(), format!("province/{name}.html"));
    }
    Ok(Data {
        docs,
        targets,
        citations,
        tasks,
        indicators,
        provinces,
    })
}

/// Renders every page of the report for database `db`. Source files are
/// read (from the path the database holds, or relative to the database's
/// folder) to show each document's text; one that is gone or changed is
/// named on its page, whose lists still show every quote.
pub fn render(g: Grammars, db: &Path) -> Result<Site> {
    let conn = crate::db::open_existing(db)?;
    let data = load(&conn, db)?;
    let base = db.parent().unwrap_or(Path::new("."));
    let mut pages = vec![("index.html".to_string(), index_page(&data))];
    for (_, inds) in by_framework(&data) {
        for (id, ind, rows) in inds {
            pages.push((indicator_path(id), indicator_page(&data, id, ind, &rows)));
        }
    }
    for (region, page) in &data.provinces {
        pages.push((page.clone(), province_page(&data, region)));
    }
    for (i, d) in data.docs.iter().enumerate() {
        pages.push((d.page.clone(), doc_page(g, &data, i, base)));
    }
    let stats = Stats {
        documents: data.docs.len(),
        targets: data.targets.len(),
        pages: pages.len(),
    };
    Ok(Site { pages, stats })
}

/// Writes the report for database `db` into the folder `out`, replacing
/// an earlier report there (see [`publish`]).
pub fn write(g: Grammars, db: &Path, out: &Path) -> Result<Stats> {
    let site = render(g, db)?;
    publish(out, &site.pages)?;
    Ok(site.stats)
}

/// Writes `files` (relative path, content) as the folder `out`: into a
/// temporary folder beside it first, then renamed into place, so a failure
/// (a full disk) leaves the earlier report whole and no temporary folder
/// behind. An existing `out` is replaced only when it is empty or a vanban
/// report (it holds [`MARKER`]).
pub fn publish(out: &Path, files: &[(String, String)]) -> Result<()> {
    if out.exists() {
        let ours = out.join(MARKER).is_file();
        let empty = out.is_dir()
            && std::fs::read_dir(out)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
        if !out.is_dir() || !(ours || empty) {
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "exists and is not a vanban report folder (no {MARKER}); choose another --out"
                ),
            )
            .with_path(out));
        }
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::new(ErrorKind::Usage, "no folder name").with_path(out))?;
    remove_stale(parent, &name);
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.{pid}.tmp"));
    let _ = std::fs::remove_dir_all(&tmp);
    let written = write_all(&tmp, files);
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if out.exists() {
        let old = parent.join(format!(".{name}.{pid}.old"));
        let _ = std::fs::remove_dir_all(&old);
        if let Err(e) = std::fs::rename(out, &old) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(Error::io(out, &e));
        }
        if let Err(e) = std::fs::rename(&tmp, out) {
            let _ = std::fs::rename(&old, out);
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(Error::io(out, &e));
        }
        let _ = std::fs::remove_dir_all(&old);
    } else if let Err(e) = std::fs::rename(&tmp, out) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(Error::io(out, &e));
    }
    Ok(())
}

/// Every file into the folder `dir` (made here), the marker first, each
/// synced to disk.
fn write_all(dir: &Path, files: &[(String, String)]) -> Result<()> {
    use std::io::Write as _;
    let put = |rel: &str, data: &[u8]| -> Result<()> {
        if rel.split('/').any(|c| c.is_empty() || c == "..") {
            return Err(Error::new(
                ErrorKind::Internal,
                format!("bad page path {rel}"),
            ));
        }
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| Error::io(p, &e))?;
        }
        let mut f = std::fs::File::create(&path).map_err(|e| Error::io(&path, &e))?;
        f.write_all(data).map_err(|e| Error::io(&path, &e))?;
        f.sync_data().map_err(|e| Error::io(&path, &e))
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    put(MARKER, b"vanban report\n")?;
    for (rel, content) in files {
        put(rel, content.as_bytes())?;
    }
    Ok(())
}

/// Removes temporary folders an interrupted run of ours left beside the
/// report (`.NAME.PID.tmp`, `.NAME.PID.old` holding the marker, of a
/// process that is gone).
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.");
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let Some((pid, kind)) = rest.split_once('.') else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let alive = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
        if (kind == "tmp" || kind == "old") && !alive && e.path().join(MARKER).is_file() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

// ---------------------------------------------------------------------------
// HTML

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

/// A link to a page of the report, relative to a page `depth` folders
/// down: "./" (or "../") first and every byte outside `A-Za-z0-9-._~/`
/// percent-encoded, so it can never be read as a URL scheme
/// ("javascript:…"). A `#fragment` is kept.
pub fn href(depth: usize, target: &str) -> String {
    let (path, frag) = match target.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (target, None),
    };
    let encode = |s: &str| {
        let mut o = String::with_capacity(s.len());
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                o.push(char::from(b));
            } else {
                let _ = write!(o, "%{b:02X}");
            }
        }
        o
    };
    let up = if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    };
    let mut h = format!("{up}{}", encode(path.trim_start_matches('/')));
    if let Some(f) = frag {
        h.push('#');
        h.push_str(&encode(f));
    }
    h
}

/// ASCII name for a file: tone marks dropped, đ as d, other runs of
/// anything but letters and digits as one `-`, at most 60 bytes.
fn slug(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut dash = false;
    for c in s.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
        if out.len() >= 60 {
            break;
        }
    }
    out
}

/// Base64 of the SHA-256 of `s`, for a Content-Security-Policy hash.
fn csp_hash(s: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(s.as_bytes()))
}

/// The start of a page: its policy, style and title.
fn head(title: &str, depth: usize, script: bool) -> String {
    let script_src = if script {
        format!("'sha256-{}'", csp_hash(SCRIPT))
    } else {
        "'none'".to_string()
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-{}'; script-src {script_src}; img-src data:; base-uri 'none'; form-action 'none'\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"generator\" content=\"vanban report\">\
<link rel=\"icon\" href=\"data:,\"><title>{}</title><style>{STYLE}</style></head><body>\n\
<header><a class=\"home\" href=\"{}\">vanban</a> <span class=\"crumb\">{}</span></header>\n",
        csp_hash(STYLE),
        esc(title),
        href(depth, "index.html"),
        esc(title)
    )
}

fn tail(script: bool) -> String {
    if script {
        format!("<script>{SCRIPT}</script>\n</body></html>\n")
    } else {
        "</body></html>\n".to_string()
    }
}

/// The filter bar of a page whose rows carry data-region, data-year,
/// data-area and data-kind.
fn filters(data: &Data, rows: &[&TargetRow], regions: bool) -> String {
    let mut years: Vec<i64> = rows.iter().filter_map(|t| t.year).collect();
    years.sort_unstable();
    years.dedup();
    let mut areas: Vec<Option<&str>> = rows.iter().map(|t| t.area.as_deref()).collect();
    areas.sort_unstable();
    areas.dedup();
    let mut kinds: Vec<&str> = data.docs.iter().filter_map(|d| d.kind.as_deref()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let option =
        |v: &str, label: &str| format!("<option value=\"{}\">{}</option>", esc(v), esc(label));
    let mut h = String::from("<form id=\"filters\" class=\"filters\" role=\"search\">");
    if regions {
        h.push_str(
            "<label>Tỉnh, thành phố <select name=\"region\"><option value=\"\">Tất cả</option>",
        );
        for r in data.provinces.keys() {
            h.push_str(&option(r, r));
        }
        h.push_str("</select></label> ");
    }
    h.push_str("<label>Năm <select name=\"year\"><option value=\"\">Tất cả</option>");
    for y in years {
        h.push_str(&option(&y.to_string(), &y.to_string()));
    }
    h.push_str("</select></label> <label>Lĩnh vực <select name=\"area\"><option value=\"\">Tất cả</option>");
    for a in areas {
        h.push_str(&option(a.unwrap_or("none"), labels::area(a)));
    }
    h.push_str("</select></label> <label>Loại văn bản <select name=\"kind\"><option value=\"\">Tất cả</option>");
    for k in kinds {
        h.push_str(&option(k, k));
    }
    h.push_str("</select></label> <label>Tìm <input type=\"search\" name=\"q\" placeholder=\"từ khóa, có hoặc không dấu\"></label> <output name=\"shown\"></output></form>\n");
    h
}

/// The data attributes a filterable row carries.
fn row_attrs(data: &Data, t: &TargetRow) -> String {
    let d = &data.docs[t.doc];
    format!(
        "data-region=\"{}\" data-year=\"{}\" data-area=\"{}\" data-kind=\"{}\"",
        esc(&d.region),
        t.year.map(|y| y.to_string()).unwrap_or_default(),
        esc(t.area.as_deref().unwrap_or("none")),
        esc(d.kind.as_deref().unwrap_or(""))
    )
}

/// A table of targets; `with_indicator` adds the indicator column.
fn target_table(data: &Data, rows: &[&TargetRow], depth: usize, with_indicator: bool) -> String {
    let mut h = String::from(
        "<table class=\"sortable\"><thead><tr><th>Tỉnh, thành phố</th><th>Văn bản</th><th>Năm</th><th>Chỉ tiêu</th>",
    );
    if with_indicator {
        h.push_str("<th>Mã chỉ tiêu</th>");
    }
    h.push_str("<th>Trích dẫn</th></tr></thead><tbody>\n");
    for t in rows {
        let d = &data.docs[t.doc];
        let province = data
            .provinces
            .get(&d.region)
            .map(|p| format!("<a href=\"{}\">{}</a>", href(depth, p), esc(&d.region)))
            .unwrap_or_else(|| esc(&d.region));
        let _ = write!(
            h,
            "<tr {}><td>{province}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"num\" data-sort=\"{}\">{}</td>",
            row_attrs(data, t),
            href(depth, &format!("{}#t{}", d.page, t.id)),
            esc(&d.label()),
            t.year.map(|y| y.to_string()).unwrap_or_default(),
            t.value,
            esc(&t.value_text()),
        );
        if with_indicator {
            let name = t
                .indicator
                .as_deref()
                .map(|i| indicator_name(data, i))
                .unwrap_or_default();
            let _ = write!(h, "<td>{}</td>", esc(&name));
        }
        let _ = writeln!(h, "<td class=\"quote\">{}</td></tr>", esc(&t.quote));
    }
    h.push_str("</tbody></table>\n");
    h
}

fn indicator_name(data: &Data, id: &str) -> String {
    data.indicators
        .iter()
        .find(|(i, _)| i == id)
        .map(|(_, e)| e.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// The bar chart of an indicator: for each province, its latest target
/// (the largest year; then the latest document), in the unit most of the
/// rows use.
fn chart(data: &Data, name: &str, rows: &[&TargetRow]) -> String {
    let mut units: BTreeMap<&str, usize> = BTreeMap::new();
    for t in rows {
        *units.entry(t.unit.as_str()).or_default() += 1;
    }
    let unit = units
        .iter()
        .max_by_key(|(u, n)| (**n, std::cmp::Reverse(**u)))
        .map(|(u, _)| *u)
        .unwrap_or("%");
    let mut latest: BTreeMap<&str, &TargetRow> = BTreeMap::new();
    for t in rows.iter().filter(|t| t.unit == unit) {
        let d = &data.docs[t.doc];
        let e = latest.entry(d.region.as_str()).or_insert(t);
        let key = |x: &TargetRow| (x.year, data.docs[x.doc].date.clone());
        if key(t) > key(e) {
            *e = t;
        }
    }
    let mut bars: Vec<(&str, &TargetRow)> = latest.into_iter().collect();
    bars.sort_by(|a, b| {
        let v = |t: &TargetRow| t.value_max.unwrap_or(t.value);
        v(b.1)
            .partial_cmp(&v(a.1))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.0.cmp(b.0))
    });
    let top = bars
        .iter()
        .map(|(_, t)| t.value_max.unwrap_or(t.value).max(t.out_of.unwrap_or(0.0)))
        .fold(0.0f64, f64::max);
    let scale = if unit == "%" && top <= 100.0 {
        100.0
    } else {
        top.max(1.0)
    };
    let (label_w, bar_w, row_h) = (190.0, 330.0, 24.0);
    let height = bars.len() as f64 * row_h + 26.0;
    let mut s = format!(
        "<svg class=\"chart\" viewBox=\"0 0 1000 {height}\" width=\"1000\" height=\"{height}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        esc(&format!("{name}: chỉ tiêu mới nhất của mỗi tỉnh ({unit})")),
        esc(name)
    );
    let _ = write!(
        s,
        "<line x1=\"{label_w}\" y1=\"2\" x2=\"{label_w}\" y2=\"{}\" stroke=\"#999\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#666\" text-anchor=\"end\">{} {}</text>",
        height - 22.0,
        label_w + bar_w,
        height - 6.0,
        labels::number(scale),
        esc(unit)
    );
    for (k, (region, t)) in bars.iter().enumerate() {
        let y = k as f64 * row_h + 4.0;
        let w = (t.value / scale * bar_w).clamp(1.0, bar_w);
        let d = &data.docs[t.doc];
        let _ = write!(
            s,
            "<g class=\"bar\" data-region=\"{}\" data-year=\"{}\"><text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"#3b6ea5\"/>",
            esc(region),
            t.year.map(|y| y.to_string()).unwrap_or_default(),
            label_w - 6.0,
            y + 15.0,
            esc(region),
            row_h - 8.0
        );
        if let Some(m) = t.value_max {
            let w2 = ((m - t.value) / scale * bar_w).clamp(0.0, bar_w - w);
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{y}\" width=\"{w2:.1}\" height=\"{}\" fill=\"#9db7d5\"/>",
                label_w + w,
                row_h - 8.0
            );
        }
        let bar_end = label_w + (t.value_max.unwrap_or(t.value) / scale * bar_w).clamp(1.0, bar_w);
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"12\">{} · {} · {}</text></g>",
            bar_end + 6.0,
            y + 15.0,
            esc(&t.value_text()),
            t.year.map(|y| y.to_string()).unwrap_or_else(|| "?".into()),
            esc(&d.label())
        );
    }
    s.push_str("</svg>\n");
    s
}

/// The page of an indicator.
fn indicator_path(id: &str) -> String {
    format!("indicator/{}.html", slug(id))
}

fn indicator_meta(id: &str, ind: &Indicator) -> String {
    format!(
        "<p class=\"meta\">Mã <code>{}</code> · đơn vị {} · nguồn: {}</p>\n",
        esc(id),
        esc(&ind.unit),
        esc(&ind.source)
    )
}

/// Indicators with targets, with their rows (by province, year, document),
/// grouped by framework; frameworks and indicators that more provinces set
/// targets for come first, then catalogue order.
/// An indicator with its rows.
type IndicatorRows<'a> = (&'a str, &'a Indicator, Vec<&'a TargetRow>);

fn by_framework(data: &Data) -> Vec<(&str, Vec<IndicatorRows<'_>>)> {
    let regions = |rows: &[&TargetRow]| {
        let mut r: Vec<&str> = rows
            .iter()
            .map(|t| data.docs[t.doc].region.as_str())
            .collect();
        r.sort_unstable();
        r.dedup();
        r.len()
    };
    let mut groups: Vec<(&str, Vec<IndicatorRows<'_>>)> = Vec::new();
    for (id, ind) in &data.indicators {
        let mut rows: Vec<&TargetRow> = data
            .targets
            .iter()
            .filter(|t| t.indicator.as_deref() == Some(id.as_str()))
            .collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| {
            let (da, db) = (&data.docs[a.doc], &data.docs[b.doc]);
            (&da.region, a.year, &da.date, a.span).cmp(&(&db.region, b.year, &db.date, b.span))
        });
        match groups.iter_mut().find(|(f, _)| *f == ind.framework) {
            Some((_, v)) => v.push((id, ind, rows)),
            None => groups.push((&ind.framework, vec![(id, ind, rows)])),
        }
    }
    for (_, inds) in &mut groups {
        // stable: catalogue order among equals
        inds.sort_by_key(|(_, _, rows)| std::cmp::Reverse(regions(rows)));
    }
    groups.sort_by_key(|(_, inds)| {
        let all: Vec<&TargetRow> = inds
            .iter()
            .flat_map(|(_, _, r)| r.iter().copied())
            .collect();
        std::cmp::Reverse(regions(&all))
    });
    groups
}

fn indicator_page(data: &Data, id: &str, ind: &Indicator, rows: &[&TargetRow]) -> String {
    let mut h = head(&ind.name, 1, true);
    let _ = write!(
        h,
        "<main><h1>{}</h1><p class=\"summary\">{} · {} chỉ tiêu</p>",
        esc(&ind.name),
        esc(&ind.framework),
        rows.len()
    );
    h.push_str(&indicator_meta(id, ind));
    h.push_str(&filters(data, rows, true));
    let _ = write!(
        h,
        "<section class=\"group indicator\" id=\"ind-{}\">",
        esc(id)
    );
    h.push_str(&chart(data, &ind.name, rows));
    h.push_str(&target_table(data, rows, 1, false));
    h.push_str("</section></main>\n");
    h.push_str(&tail(true));
    h
}

fn index_page(data: &Data) -> String {
    let all: Vec<&TargetRow> = data.targets.iter().collect();
    let with = all.iter().filter(|t| t.indicator.is_some()).count();
    let mut h = head("So sánh chỉ tiêu giữa các tỉnh", 0, true);
    let _ = writeln!(
        h,
        "<main><h1>So sánh chỉ tiêu giữa các tỉnh, thành phố</h1>\
<p class=\"summary\">{} văn bản · {} chỉ tiêu, {} gắn với một chỉ số trong danh mục · {} tỉnh, thành phố và Trung ương</p>\
<nav><a href=\"#indicators\">Theo chỉ số</a> · <a href=\"#other\">Chưa gắn chỉ số</a> · <a href=\"#provinces\">Tỉnh, thành phố</a> · <a href=\"#documents\">Văn bản</a></nav>",
        data.docs.len(),
        data.targets.len(),
        with,
        data.provinces.len()
    );
    h.push_str(&filters(data, &all, true));

    // per indicator, grouped by framework; the frameworks and indicators
    // that most provinces set targets for first
    h.push_str("<section id=\"indicators\"><h2>Chỉ tiêu theo chỉ số</h2>\n");
    for (fw, inds) in by_framework(data) {
        let _ = writeln!(h, "<h3 class=\"framework\">{}</h3>", esc(fw));
        for (id, ind, rows) in inds {
            let _ = write!(
                h,
                "<section class=\"group indicator\" id=\"ind-{}\"><h4><a href=\"{}\">{}</a></h4>",
                esc(id),
                href(0, &indicator_path(id)),
                esc(&ind.name)
            );
            h.push_str(&indicator_meta(id, ind));
            h.push_str(&chart(data, &ind.name, &rows));
            h.push_str(&target_table(data, &rows, 0, false));
            h.push_str("</section>\n");
        }
    }
    h.push_str("</section>\n");

    // without an indicator: by area, then by document
    h.push_str(
        "<section id=\"other\"><h2>Chỉ tiêu chưa gắn chỉ số, theo lĩnh vực và văn bản</h2>\n",
    );
    let area_order = [
        Some("institutions"),
        Some("procedures"),
        Some("apparatus"),
        Some("civil_service"),
        Some("public_finance"),
        Some("digital_government"),
        Some("direction"),
        Some("general"),
    ];
    let rank = |a: Option<&str>| {
        area_order
            .iter()
            .position(|x| *x == a)
            .unwrap_or(if a.is_some() {
                area_order.len()
            } else {
                area_order.len() + 1
            })
    };
    let mut areas: Vec<Option<&str>> = all
        .iter()
        .filter(|t| t.indicator.is_none())
        .map(|t| t.area.as_deref())
        .collect();
    areas.sort_by_key(|a| (rank(*a), *a));
    areas.dedup();
    for area in areas {
        let _ = writeln!(
            h,
            "<section class=\"area\"><h3>{}</h3>",
            esc(labels::area(area))
        );
        let mut by_doc: Vec<usize> = all
            .iter()
            .filter(|t| t.indicator.is_none() && t.area.as_deref() == area)
            .map(|t| t.doc)
            .collect();
        by_doc.sort_unstable();
        by_doc.dedup();
        for di in by_doc {
            let d = &data.docs[di];
            let rows: Vec<&TargetRow> = all
                .iter()
                .copied()
                .filter(|t| t.indicator.is_none() && t.area.as_deref() == area && t.doc == di)
                .collect();
            let _ = writeln!(
                h,
                "<section class=\"group\"><h4><a href=\"{}\">{}</a> — {}</h4>",
                href(0, &d.page),
                esc(&d.label()),
                esc(&d.region)
            );
            h.push_str(&target_table(data, &rows, 0, false));
            h.push_str("</section>\n");
        }
        h.push_str("</section>\n");
    }
    h.push_str("</section>\n");

    // provinces
    h.push_str("<section id=\"provinces\"><h2>Tỉnh, thành phố</h2><ul class=\"cols\">\n");
    for (region, page) in &data.provinces {
        let n_docs = data.docs.iter().filter(|d| &d.region == region).count();
        let n_t = data
            .targets
            .iter()
            .filter(|t| &data.docs[t.doc].region == region)
            .count();
        let _ = writeln!(
            h,
            "<li><a href=\"{}\">{}</a> — {n_docs} văn bản, {n_t} chỉ tiêu</li>",
            href(0, page),
            esc(region)
        );
    }
    h.push_str("</ul></section>\n");

    // documents
    h.push_str("<section id=\"documents\"><h2>Văn bản</h2>");
    h.push_str(&doc_table(data, None, 0));
    h.push_str("</section></main>\n");
    h.push_str(&tail(true));
    h
}

fn doc_table(data: &Data, region: Option<&str>, depth: usize) -> String {
    let mut h = String::from(
        "<table class=\"sortable\"><thead><tr><th>Tỉnh, thành phố</th><th>Loại</th><th>Số, ký hiệu</th><th>Ngày</th><th>Trích yếu</th><th>Trích dẫn</th><th>Chỉ tiêu</th><th>Nhiệm vụ</th></tr></thead><tbody>\n",
    );
    for (i, d) in data.docs.iter().enumerate() {
        if region.is_some_and(|r| r != d.region) {
            continue;
        }
        let count = |n: usize| n.to_string();
        let nc = data.citations.iter().filter(|c| c.doc == i).count();
        let nt = data.targets.iter().filter(|t| t.doc == i).count();
        let nk = data.tasks.iter().filter(|t| t.doc == i).count();
        let _ = writeln!(
            h,
            "<tr data-region=\"{}\" data-year=\"{}\" data-area=\"\" data-kind=\"{}\"><td>{}</td><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&d.region),
            d.year().unwrap_or(""),
            esc(d.kind.as_deref().unwrap_or("")),
            esc(&d.region),
            esc(d.kind.as_deref().unwrap_or("")),
            href(depth, &d.page),
            esc(d
                .number
                .as_deref()
                .map(str::to_string)
                .unwrap_or_else(|| d.file_name())
                .as_str()),
            esc(d.date.as_deref().unwrap_or("")),
            esc(d.title.as_deref().unwrap_or("")),
            count(nc),
            count(nt),
            count(nk)
        );
    }
    h.push_str("</tbody></table>\n");
    h
}

fn province_page(data: &Data, region: &str) -> String {
    let rows: Vec<&TargetRow> = data
        .targets
        .iter()
        .filter(|t| data.docs[t.doc].region == region)
        .collect();
    let mut h = head(region, 1, true);
    let _ = writeln!(
        h,
        "<main><h1>{}</h1><p class=\"summary\">{} văn bản · {} chỉ tiêu</p>\
<nav><a href=\"#targets\">Chỉ tiêu</a> · <a href=\"#citations\">Văn bản được dẫn</a> · <a href=\"#tasks\">Nhiệm vụ</a> · <a href=\"#documents\">Văn bản</a></nav>",
        esc(region),
        data.docs.iter().filter(|d| d.region == region).count(),
        rows.len()
    );
    h.push_str(&filters(data, &rows, false));
    h.push_str("<section id=\"targets\" class=\"group\"><h2>Chỉ tiêu</h2>");
    h.push_str(&target_table(data, &rows, 1, true));
    h.push_str("</section><section id=\"citations\" class=\"group\"><h2>Văn bản được dẫn</h2><table class=\"sortable\"><thead><tr><th>Văn bản</th><th>Văn bản được dẫn</th><th>Ngày</th><th>Cơ quan ban hành</th><th>Quan hệ</th></tr></thead><tbody>\n");
    for c in data
        .citations
        .iter()
        .filter(|c| data.docs[c.doc].region == region)
    {
        let d = &data.docs[c.doc];
        let _ = writeln!(
            h,
            "<tr data-region=\"{}\" data-year=\"\" data-area=\"\" data-kind=\"{}\"><td><a href=\"{}\">{}</a></td><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.region),
            esc(d.kind.as_deref().unwrap_or("")),
            href(1, &d.page),
            esc(&d.label()),
            href(1, &format!("{}#c{}", d.page, c.id)),
            esc(&c.label()),
            esc(c.date.as_deref().unwrap_or("")),
            esc(c.issuer.as_deref().unwrap_or("")),
            esc(c.relation.as_deref().unwrap_or(""))
        );
    }
    h.push_str("</tbody></table></section><section id=\"tasks\" class=\"group\"><h2>Nhiệm vụ</h2><table class=\"sortable\"><thead><tr><th>Văn bản</th><th>STT</th><th>Nhiệm vụ</th><th>Thời gian</th><th>Chủ trì</th></tr></thead><tbody>\n");
    for k in data
        .tasks
        .iter()
        .filter(|k| data.docs[k.doc].region == region)
    {
        let d = &data.docs[k.doc];
        let _ = writeln!(
            h,
            "<tr data-region=\"{}\" data-year=\"\" data-area=\"\" data-kind=\"{}\"><td><a href=\"{}\">{}</a></td><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
            esc(&d.region),
            esc(d.kind.as_deref().unwrap_or("")),
            href(1, &d.page),
            esc(&d.label()),
            esc(k.stt.as_deref().unwrap_or("")),
            href(1, &format!("{}#k{}", d.page, k.id)),
            esc(&k.task),
            esc(k.timeline.as_deref().unwrap_or("")),
            esc(k.lead.as_deref().unwrap_or(""))
        );
    }
    h.push_str("</tbody></table></section><section id=\"documents\"><h2>Văn bản</h2>");
    h.push_str(&doc_table(data, Some(region), 1));
    h.push_str("</section></main>\n");
    h.push_str(&tail(true));
    h
}

/// A document's normalised text, if its source file is there and unchanged.
fn source_text(
    g: Grammars,
    d: &DocRow,
    base: &Path,
) -> std::result::Result<crate::doc::Doc, String> {
    let p = PathBuf::from(&d.path);
    let candidates = if p.is_absolute() {
        vec![p]
    } else {
        vec![p.clone(), base.join(&p)]
    };
    let Some(file) = candidates.into_iter().find(|c| c.is_file()) else {
        return Err("Không tìm thấy tệp gốc bên cạnh cơ sở dữ liệu: văn bản không hiển thị được, các trích dẫn ở trên vẫn đầy đủ.".into());
    };
    let bytes = std::fs::read(&file).map_err(|e| format!("Không đọc được tệp gốc: {e}"))?;
    if crate::sha256_hex(&bytes) != d.sha256 {
        return Err("Tệp gốc đã thay đổi sau khi trích xuất: văn bản không hiển thị (các vị trí không còn đúng).".into());
    }
    let decoded = crate::decode::decode(&bytes, &Default::default())
        .map_err(|e| format!("Không giải mã được tệp gốc: {}", e.message))?;
    Ok(crate::doc::Doc::build(g, decoded, Default::default()))
}

/// What a highlighted range of the text is.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    Quote,
    Figure,
    Citation,
    Task,
}

/// Squeezed text (blanks as one space) with, for each byte, its offset in
/// the text.
fn squeezed(text: &str) -> (String, Vec<u32>) {
    let mut s = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut blank = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !blank {
                s.push(' ');
                map.push(i as u32);
            }
            blank = true;
            continue;
        }
        blank = false;
        let at = s.len();
        s.push(c);
        map.extend(std::iter::repeat_n(i as u32, s.len() - at));
    }
    (s, map)
}

/// Where a quote stands in the text around `pos` (its figure).
fn find_quote(
    text: &str,
    sq: &(String, Vec<u32>),
    quote: &str,
    pos: usize,
) -> Option<(usize, usize)> {
    let (s, map) = sq;
    if quote.is_empty() {
        return None;
    }
    let at = map.partition_point(|&o| (o as usize) < pos);
    let from = at.saturating_sub(quote.len() + 8);
    let to = (at + quote.len() + 8).min(s.len());
    let mut lo = from;
    while lo > 0 && !s.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = to;
    while hi < s.len() && !s.is_char_boundary(hi) {
        hi += 1;
    }
    let window = s.get(lo..hi)?;
    for (k, _) in window.match_indices(quote) {
        let qs = lo + k;
        let qe = qs + quote.len();
        if qs <= at && at <= qe {
            let start = *map.get(qs)? as usize;
            let last = *map.get(qe.checked_sub(1)?)? as usize;
            let end = last + text.get(last..)?.chars().next().map_or(0, char::len_utf8);
            return Some((start, end));
        }
    }
    None
}

/// The text as HTML, with each range marked and an anchor where each item
/// starts.
fn marked_text(text: &str, marks: &[(usize, usize, Mark, Option<String>)]) -> String {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for (s, e, _, _) in marks {
        cuts.push(*s);
        cuts.push(*e);
    }
    cuts.retain(|&c| c <= text.len() && text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut anchors: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (s, _, _, id) in marks {
        if let Some(id) = id {
            anchors.entry(*s).or_default().push(id);
        }
    }
    let mut h = String::with_capacity(text.len() + text.len() / 4);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        for id in anchors.get(&a).into_iter().flatten() {
            let _ = write!(h, "<span class=\"anchor\" id=\"{}\"></span>", esc(id));
        }
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        let mut kinds: Vec<Mark> = marks
            .iter()
            .filter(|(s, e, _, _)| *s <= a && b <= *e && s < e)
            .map(|m| m.2)
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        if kinds.is_empty() {
            h.push_str(&esc(piece));
            continue;
        }
        let class: Vec<&str> = kinds
            .iter()
            .map(|k| match k {
                Mark::Quote => "q",
                Mark::Figure => "f",
                Mark::Citation => "c",
                Mark::Task => "k",
            })
            .collect();
        let tag = if kinds.contains(&Mark::Figure) {
            "mark"
        } else {
            "span"
        };
        let _ = write!(
            h,
            "<{tag} class=\"{}\">{}</{tag}>",
            class.join(" "),
            esc(piece)
        );
    }
    h
}

fn doc_page(g: Grammars, data: &Data, i: usize, base: &Path) -> String {
    let d = &data.docs[i];
    let targets: Vec<&TargetRow> = data.targets.iter().filter(|t| t.doc == i).collect();
    let citations: Vec<&CitationRow> = data.citations.iter().filter(|c| c.doc == i).collect();
    let tasks: Vec<&TaskRow> = data.tasks.iter().filter(|k| k.doc == i).collect();
    let mut h = head(&d.label(), 1, false);
    let province = data
        .provinces
        .get(&d.region)
        .map(|p| format!("<a href=\"{}\">{}</a>", href(1, p), esc(&d.region)))
        .unwrap_or_else(|| esc(&d.region));
    let _ = writeln!(
        h,
        "<main><h1>{}</h1><p class=\"meta\">{province} · {} · {} · tệp <code>{}</code></p><p class=\"title\">{}</p>\
",
        esc(&d.label()),
        esc(d.date.as_deref().unwrap_or("")),
        esc(d.issuer.as_deref().unwrap_or("")),
        esc(&d.file_name()),
        esc(d.title.as_deref().unwrap_or("")),
    );
    let _ = writeln!(
        h,
        "<details id=\"targets\"{}><summary>Chỉ tiêu ({})</summary><table><thead><tr><th>Dòng</th><th>Chỉ tiêu</th><th>Năm</th><th>Chỉ số</th><th>Trích dẫn</th></tr></thead><tbody>",
        if targets.len() <= 12 { " open" } else { "" },
        targets.len()
    );
    for t in &targets {
        let name = t
            .indicator
            .as_deref()
            .map(|x| indicator_name(data, x))
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr><td class=\"num\"><a href=\"#t{}\">{}</a></td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"quote\">{}</td></tr>",
            t.id,
            t.line,
            esc(&t.value_text()),
            t.year.map(|y| y.to_string()).unwrap_or_default(),
            esc(&name),
            esc(&t.quote)
        );
    }
    let _ = writeln!(
        h,
        "</tbody></table></details><details id=\"citations\"><summary>Văn bản được dẫn ({})</summary><table><thead><tr><th>Dòng</th><th>Văn bản</th><th>Ngày</th><th>Cơ quan ban hành</th><th>Quan hệ</th></tr></thead><tbody>",
        citations.len()
    );
    for c in &citations {
        let _ = writeln!(
            h,
            "<tr><td class=\"num\"><a href=\"#c{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            c.id,
            c.line,
            esc(&c.label()),
            esc(c.date.as_deref().unwrap_or("")),
            esc(c.issuer.as_deref().unwrap_or("")),
            esc(c.relation.as_deref().unwrap_or(""))
        );
    }
    let _ = writeln!(
        h,
        "</tbody></table></details><details id=\"tasks\"><summary>Nhiệm vụ ({})</summary><table><thead><tr><th>Dòng</th><th>Nhóm</th><th>STT</th><th>Nhiệm vụ</th><th>Thời gian</th><th>Chủ trì</th></tr></thead><tbody>",
        tasks.len()
    );
    for k in &tasks {
        let _ = writeln!(
            h,
            "<tr><td class=\"num\"><a href=\"#k{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            k.id,
            k.line,
            esc(k.section.as_deref().unwrap_or("")),
            esc(k.stt.as_deref().unwrap_or("")),
            esc(&k.task),
            esc(k.timeline.as_deref().unwrap_or("")),
            esc(k.lead.as_deref().unwrap_or(""))
        );
    }
    h.push_str("</tbody></table></details>\n<section id=\"text\"><h2>Toàn văn</h2>\n");
    match source_text(g, d, base) {
        Ok(doc) => {
            let text = doc.text.as_str();
            let sq = squeezed(text);
            let mut marks: Vec<(usize, usize, Mark, Option<String>)> = Vec::new();
            for t in &targets {
                let (s, e) = (doc.norm_offset(t.span.0), doc.norm_offset(t.span.1));
                marks.push((s, e.max(s), Mark::Figure, Some(format!("t{}", t.id))));
                if let Some((qs, qe)) = find_quote(text, &sq, &t.quote, s) {
                    marks.push((qs, qe, Mark::Quote, None));
                }
            }
            for c in &citations {
                let (s, e) = (doc.norm_offset(c.span.0), doc.norm_offset(c.span.1));
                marks.push((s, e.max(s), Mark::Citation, Some(format!("c{}", c.id))));
            }
            for k in &tasks {
                let (s, e) = (doc.norm_offset(k.span.0), doc.norm_offset(k.span.1));
                marks.push((s, e.max(s), Mark::Task, Some(format!("k{}", k.id))));
            }
            h.push_str("<p class=\"legend\"><span class=\"q\">trích dẫn chỉ tiêu</span> <mark class=\"f\">con số</mark> <span class=\"c\">văn bản được dẫn</span> <span class=\"k\">nhiệm vụ</span></p><pre class=\"text\">");
            h.push_str(&marked_text(text, &marks));
            h.push_str("</pre>\n");
        }
        Err(why) => {
            let _ = writeln!(h, "<p class=\"missing\">{}</p>", esc(&why));
            for t in &targets {
                let _ = write!(h, "<span class=\"anchor\" id=\"t{}\"></span>", t.id);
            }
            for c in &citations {
                let _ = write!(h, "<span class=\"anchor\" id=\"c{}\"></span>", c.id);
            }
            for k in &tasks {
                let _ = write!(h, "<span class=\"anchor\" id=\"k{}\"></span>", k.id);
            }
        }
    }
    h.push_str("</section></main>\n");
    h.push_str(&tail(false));
    h
}

const STYLE: &str = "body{font-family:system-ui,'Segoe UI',Roboto,sans-serif;margin:0;color:#222;background:#fff}\
header{background:#1f3b5b;color:#fff;padding:.5em 1.5em}header a{color:#fff;font-weight:bold;text-decoration:none}\
.crumb{opacity:.8;margin-left:.5em}main{padding:0 1.5em 3em;max-width:1400px}\
h1{font-size:1.5em}h2{border-bottom:2px solid #1f3b5b;padding-bottom:.2em;margin-top:2em}\
h3.framework{color:#1f3b5b;margin-top:1.5em}h4{margin:1.2em 0 .3em}\
.summary,.meta{color:#555}.title{font-style:italic}\
.filters{position:sticky;top:0;background:#f4f6f9;padding:.5em;border:1px solid #d5dbe3;z-index:1}\
.filters label{margin-right:.8em;white-space:nowrap}.filters output{color:#555}\
table{border-collapse:collapse;margin:.4em 0 1.2em;font-size:14px}\
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}\
th{background:#eef2f7;cursor:pointer;user-select:none}th.asc::after{content:' \\25B2'}th.desc::after{content:' \\25BC'}\
td.num{text-align:right;white-space:nowrap}td.quote{max-width:48em;color:#444}\
svg.chart{display:block;margin:.3em 0;max-width:100%;height:auto}svg.chart g.off{opacity:.15}\
ul.cols{columns:3 18em}\
pre.text{white-space:pre-wrap;font-family:inherit;font-size:14px;line-height:1.5;background:#fcfcfc;border:1px solid #ddd;padding:1em}\
.q{background:#fff3bf}mark.f,.f{background:#ffb000;color:#000;font-weight:bold}.c{background:#d8ecff}.k{background:#e6f4e6}\
.legend span,.legend mark{padding:0 .3em;margin-right:.5em}.anchor{scroll-margin-top:4em}\
.missing{color:#a33}code{background:#f2f2f2;padding:0 .2em}\
details{margin:.4em 0}summary{cursor:pointer;font-weight:bold;color:#1f3b5b}";

const SCRIPT: &str = "(function(){\
var d=document;d.documentElement.setAttribute('data-ready','1');\
function fold(s){return s.normalize('NFD').replace(/[\\u0300-\\u036f]/g,'').replace(/[\\u0111\\u0110]/g,'d').toLowerCase();}\
var f=d.getElementById('filters');\
if(f){var rows=[].slice.call(d.querySelectorAll('tr[data-region]'));\
rows.forEach(function(r){r._t=fold(r.textContent);});\
var bars=[].slice.call(d.querySelectorAll('g.bar'));\
var groups=[].slice.call(d.querySelectorAll('section.group, section.area'));\
var val=function(n){var e=f.elements[n];return e?e.value:'';};\
var apply=function(){var g=val('region'),y=val('year'),a=val('area'),k=val('kind'),q=fold(val('q').trim());var n=0;\
rows.forEach(function(r){var ok=(!g||r.dataset.region===g)&&(!y||r.dataset.year===y)&&(!a||r.dataset.area===a)&&(!k||r.dataset.kind===k)&&(!q||r._t.indexOf(q)>=0);r.hidden=!ok;if(ok)n++;});\
bars.forEach(function(b){b.classList.toggle('off',!!(g&&b.dataset.region!==g)||!!(y&&b.dataset.year!==y));});\
groups.forEach(function(s){s.hidden=!s.querySelector('tr[data-region]:not([hidden])');});\
f.elements.shown.value=n+' / '+rows.length+' dòng';};\
f.addEventListener('input',apply);f.addEventListener('change',apply);\
f.addEventListener('submit',function(e){e.preventDefault();});apply();}\
[].forEach.call(d.querySelectorAll('table.sortable'),function(t){[].forEach.call(t.tHead.rows[0].cells,function(th,c){th.addEventListener('click',function(){\
var asc=!th.classList.contains('asc');[].forEach.call(t.tHead.rows[0].cells,function(x){x.classList.remove('asc','desc');});th.classList.add(asc?'asc':'desc');\
var b=t.tBodies[0];var rs=[].slice.call(b.rows);rs.sort(function(p,q){var x=p.cells[c].dataset.sort||p.cells[c].textContent,z=q.cells[c].dataset.sort||q.cells[c].textContent;\
var nx=parseFloat(x),nz=parseFloat(z);var r=(!isNaN(nx)&&!isNaN(nz))?nx-nz:x.localeCompare(z,'vi');return asc?r:-r;});rs.forEach(function(r){b.appendChild(r);});});});});\
})();";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_and_never_a_scheme() {
        assert_eq!(href(0, "doc/3-a.html#t5"), "./doc/3-a.html#t5");
        assert_eq!(href(1, "index.html"), "../index.html");
        let h = href(0, "javascript:alert(3)/x.html");
        assert!(h.starts_with("./javascript%3Aalert%283%29/"), "{h}");
        assert_eq!(href(0, "/etc/passwd"), "./etc/passwd");
        assert_eq!(href(0, "Hà Nội.html"), "./H%C3%A0%20N%E1%BB%99i.html");
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Thành phố Hồ Chí Minh"), "thanh-pho-ho-chi-minh");
        assert_eq!(slug("Đắk Lắk"), "dak-lak");
        assert_eq!(slug("javascript:alert(3)"), "javascript-alert-3");
        assert_eq!(slug("***"), "");
    }

    #[test]
    fn a_quote_is_found_around_its_figure() {
        let text = "Mục tiêu:\n- 90% hồ sơ được\n  số hóa.\n- 90% hồ sơ được số hóa.";
        let sq = squeezed(text);
        let second = text.rfind("90%").unwrap_or(0);
        let (s, e) = find_quote(text, &sq, "90% hồ sơ được số hóa", second).unwrap_or((0, 0));
        assert_eq!((s, &text[s..e]), (second, "90% hồ sơ được số hóa"));
        let first = text.find("90%").unwrap_or(0);
        let (s, e) = find_quote(text, &sq, "90% hồ sơ được số hóa", first).unwrap_or((0, 0));
        assert_eq!(&text[s..e], "90% hồ sơ được\n  số hóa");
    }

    #[test]
    fn marks_nest_as_pieces() {
        let text = "a 90% b";
        let h = marked_text(
            text,
            &[
                (0, 7, Mark::Quote, None),
                (2, 5, Mark::Figure, Some("t1".into())),
            ],
        );
        assert_eq!(
            h,
            "<span class=\"q\">a </span><span class=\"anchor\" id=\"t1\"></span><mark class=\"q f\">90%</mark><span class=\"q\"> b</span>"
        );
    }

    #[test]
    fn a_failed_write_keeps_the_old_report() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("report");
        publish(&out, &[("index.html".into(), "old".into())]).unwrap_or_else(|e| panic!("{e}"));
        // a page whose name cannot be created fails the write halfway
        let bad = vec![
            ("index.html".to_string(), "new".to_string()),
            ("doc/a\0b.html".to_string(), "x".to_string()),
        ];
        assert!(publish(&out, &bad).is_err());
        let kept = std::fs::read_to_string(out.join("index.html")).unwrap_or_default();
        assert_eq!(kept, "old");
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(left, vec!["report".to_string()], "no temporary folder left");
        // a folder that is not a report is never replaced
        let other = dir.path().join("mine");
        std::fs::create_dir_all(&other).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(other.join("notes.txt"), "x").unwrap_or_else(|e| panic!("{e}"));
        let e = publish(&other, &[("index.html".into(), "new".into())]);
        assert!(e.is_err_and(|e| e.kind == ErrorKind::Usage));
        assert!(other.join("notes.txt").is_file());
    }
}
