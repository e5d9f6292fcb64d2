//! The comparison database: `vanban db build` loads a folder of output JSON
//! into SQLite, one row per document, instrument, citation, target, task and
//! table, plus the province table (old and current names) and the indicator
//! catalogue (grammars/indicators.toml), with foreign keys, indexes and an
//! FTS5 index over task and target text; `vanban db search` reads it.
//!
//! Search finds Vietnamese with or without tone marks and with đ or d: the
//! FTS5 tokenizer drops diacritics (`remove_diacritics 2`) and every text is
//! indexed twice, as printed and with đ→d, so "đất", "đat" and "dat" all hit.
//!
//! A build is a full rebuild into a temporary file renamed over the target:
//! running it twice on the same outputs gives the same database.

use crate::error::{Error, ErrorKind, Result};
use crate::model::Output;
use crate::rules::Grammars;
use rusqlite::{Connection, params};
use std::path::{Path, PathBuf};

pub const SCHEMA: &str = r#"
CREATE TABLE provinces (
    name TEXT PRIMARY KEY,          -- a province as documents name it (old or current)
    current TEXT NOT NULL,          -- the province it belongs to since 1 July 2025
    is_current INTEGER NOT NULL     -- 1 when `name` is one of the 34 current units
);
CREATE TABLE indicators (
    id TEXT PRIMARY KEY,            -- the value of targets.indicator
    name TEXT NOT NULL,             -- Vietnamese name
    unit TEXT NOT NULL,
    framework TEXT NOT NULL,        -- the group it belongs to ("Bình đẳng giới" …)
    source TEXT NOT NULL            -- the document that defines it
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    format TEXT, encoding TEXT,
    kind TEXT, number TEXT, date TEXT, place TEXT, issuer TEXT,
    province TEXT, province_current TEXT,
    region TEXT NOT NULL,           -- province_current, else province, else "Trung ương" (a central body) or "Không rõ"
    level TEXT, signer TEXT, title TEXT,
    period_from INTEGER, period_to INTEGER,
    attached_kind TEXT, attached_number TEXT, attached_date TEXT,
    effective TEXT,
    part TEXT,                      -- "Phụ lục I" when the file holds only that part
    from_file_name TEXT,            -- comma-separated fields the file name supplied
    n_citations INTEGER NOT NULL, n_targets INTEGER NOT NULL, n_tasks INTEGER NOT NULL
);
CREATE TABLE instruments (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT, number TEXT, date TEXT, title TEXT,
    span_start INTEGER, span_end INTEGER, line INTEGER
);
CREATE TABLE citations (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT, number TEXT, name TEXT, date TEXT, issuer TEXT,
    relation TEXT,                  -- comma-separated: basis, implements, ...
    conflict TEXT, suspect TEXT,
    mentions INTEGER NOT NULL,
    span_start INTEGER, span_end INTEGER, line INTEGER
);
CREATE TABLE targets (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    quote TEXT NOT NULL, value REAL NOT NULL, value_max REAL, unit TEXT NOT NULL,
    comparator TEXT NOT NULL, change TEXT, out_of REAL, per_year INTEGER NOT NULL,
    year INTEGER, area TEXT, indicator TEXT,
    span_start INTEGER, span_end INTEGER, line INTEGER
);
CREATE TABLE tables (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, role TEXT, layout TEXT,
    header TEXT,                    -- JSON array of header cells
    rows TEXT,                      -- JSON array of rows of cell texts
    n_rows INTEGER NOT NULL,
    span_start INTEGER, span_end INTEGER, line INTEGER
);
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    table_id INTEGER REFERENCES tables(id) ON DELETE CASCADE,
    section TEXT, stt TEXT, task TEXT NOT NULL, output TEXT, timeline TEXT,
    timeline_kind TEXT, timeline_from TEXT, timeline_to TEXT,
    lead TEXT, partners TEXT, note TEXT,
    span_start INTEGER, span_end INTEGER, line INTEGER
);
CREATE INDEX documents_province ON documents(province_current, date);
CREATE INDEX documents_region ON documents(region, date);
CREATE INDEX citations_number ON citations(number);
CREATE INDEX citations_document ON citations(document_id);
CREATE INDEX targets_indicator ON targets(indicator, year);
CREATE INDEX targets_document ON targets(document_id);
CREATE INDEX tasks_document ON tasks(document_id);
CREATE INDEX tables_document ON tables(document_id);
CREATE INDEX instruments_document ON instruments(document_id);
CREATE VIRTUAL TABLE search USING fts5(
    kind UNINDEXED, item_id UNINDEXED, document_id UNINDEXED,
    text, text_d,
    tokenize = 'unicode61 remove_diacritics 2'
);
"#;

/// What a build did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BuildStats {
    pub documents: usize,
    pub skipped: Vec<(PathBuf, String)>,
}

/// Output JSON files below `dir`, sorted (error records are skipped).
fn output_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|x| x == "json")
                && !p.to_string_lossy().ends_with(".error.json")
        })
        .collect();
    v.sort();
    v
}

fn sql_err(path: &Path, e: rusqlite::Error) -> Error {
    Error::new(ErrorKind::Io, format!("SQLite: {e}")).with_path(path)
}

/// Builds (or rebuilds) the database at `db` from the outputs in `dir`.
pub fn build(g: Grammars, dir: &Path, db: &Path) -> Result<BuildStats> {
    let tmp = db.with_extension("sqlite.tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut conn = Connection::open(&tmp).map_err(|e| sql_err(&tmp, e))?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;",
    )
    .map_err(|e| sql_err(&tmp, e))?;
    conn.execute_batch(SCHEMA).map_err(|e| sql_err(&tmp, e))?;
    let mut stats = BuildStats::default();
    {
        let tx = conn.transaction().map_err(|e| sql_err(&tmp, e))?;
        insert_provinces(g, &tx).map_err(|e| sql_err(&tmp, e))?;
        insert_indicators(g, &tx).map_err(|e| sql_err(&tmp, e))?;
        for f in output_files(dir) {
            let parsed = std::fs::read_to_string(&f)
                .map_err(|e| e.to_string())
                .and_then(|s| serde_json::from_str::<Output>(&s).map_err(|e| e.to_string()));
            match parsed {
                Ok(out) => {
                    insert_output(&tx, &out).map_err(|e| sql_err(&f, e))?;
                    stats.documents += 1;
                }
                Err(e) => stats.skipped.push((f, e)),
            }
        }
        tx.commit().map_err(|e| sql_err(&tmp, e))?;
    }
    drop(conn);
    std::fs::rename(&tmp, db).map_err(|e| Error::io(db, &e))?;
    Ok(stats)
}

/// The indicator catalogue (grammars/indicators.toml).
fn insert_indicators(g: Grammars, tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare(
        "INSERT OR IGNORE INTO indicators(id, name, unit, framework, source) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for e in crate::extract::targets::indicators::catalogue(g) {
        stmt.execute(params![e.id, e.name, e.unit, e.group, e.source])?;
    }
    Ok(())
}

/// Old and current province names, from grammars/provinces.toml when it
/// lists them.
fn insert_provinces(g: Grammars, tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare(
        "INSERT OR IGNORE INTO provinces(name, current, is_current) VALUES (?1, ?2, ?3)",
    )?;
    for (name, current) in province_pairs(g) {
        let is_current = i64::from(name == current);
        stmt.execute(params![name, current, is_current])?;
    }
    Ok(())
}

/// (name, current) for every province name and alias in
/// grammars/provinces.toml, an overlay's entries included.
fn province_pairs(g: Grammars) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for p in crate::extract::document::places::all(g) {
        out.push((p.name.clone(), p.current.clone()));
        for a in &p.aliases {
            out.push((a.clone(), p.current.clone()));
        }
    }
    out
}

fn fold_d(s: &str) -> String {
    s.replace('đ', "d").replace('Đ', "D")
}

fn insert_output(tx: &rusqlite::Transaction<'_>, o: &Output) -> rusqlite::Result<()> {
    let d = &o.document;
    tx.execute(
        "INSERT INTO documents(path, sha256, format, encoding, kind, number, date, place, issuer, province,
            province_current, level, signer, title, period_from, period_to, attached_kind, attached_number,
            attached_date, effective, part, from_file_name, n_citations, n_targets, n_tasks, region)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26)",
        params![
            o.source.path,
            o.source.sha256,
            o.source.format,
            o.source.encoding,
            d.kind,
            d.number,
            d.date,
            d.place,
            d.issuer,
            d.province,
            d.province_current,
            d.level,
            d.signer,
            d.title,
            d.period.map(|p| p.from),
            d.period.map(|p| p.to),
            d.attached_to.as_ref().and_then(|a| a.kind.clone()),
            d.attached_to.as_ref().and_then(|a| a.number.clone()),
            d.attached_to.as_ref().and_then(|a| a.date.clone()),
            d.effective,
            d.part,
            (!d.from_file_name.is_empty()).then(|| d.from_file_name.join(",")),
            o.citations.len() as i64,
            o.targets.len() as i64,
            o.tasks.len() as i64,
            crate::labels::region(
                d.province_current.as_deref(),
                d.province.as_deref(),
                d.level.as_deref(),
                d.issuer.as_deref(),
                d.number.as_deref()
            ),
        ],
    )?;
    let doc_id = tx.last_insert_rowid();
    let mut search = tx.prepare_cached(
        "INSERT INTO search(kind, item_id, document_id, text, text_d) VALUES (?1,?2,?3,?4,?5)",
    )?;
    for i in &o.instruments {
        tx.execute(
            "INSERT INTO instruments(document_id, kind, number, date, title, span_start, span_end, line) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
            params![doc_id, i.kind, i.number, i.date, i.title, i.span.start as i64, i.span.end as i64, i.line as i64],
        )?;
    }
    for c in &o.citations {
        tx.execute(
            "INSERT INTO citations(document_id, kind, number, name, date, issuer, relation, conflict, suspect, mentions, span_start, span_end, line)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
            params![
                doc_id,
                c.kind,
                c.number,
                c.name,
                c.date,
                c.issuer,
                c.relation.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(","),
                c.conflict.as_ref().map(|v| v.join(",")),
                c.suspect,
                c.mentions.len().max(1) as i64,
                c.span.start as i64,
                c.span.end as i64,
                c.line as i64
            ],
        )?;
    }
    for t in &o.targets {
        tx.execute(
            "INSERT INTO targets(document_id, quote, value, value_max, unit, comparator, change, out_of, per_year, year, area, indicator, span_start, span_end, line)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
            params![
                doc_id,
                t.quote,
                t.value,
                t.value_max,
                t.unit.as_str(),
                t.comparator.as_str(),
                t.change.map(|c| c.as_str()),
                t.out_of,
                i64::from(t.per_year),
                t.year,
                t.area,
                t.indicator,
                t.span.start as i64,
                t.span.end as i64,
                t.line as i64
            ],
        )?;
        let id = tx.last_insert_rowid();
        search.execute(params!["target", id, doc_id, t.quote, fold_d(&t.quote)])?;
    }
    let mut table_ids = Vec::with_capacity(o.tables.len());
    for (idx, t) in o.tables.iter().enumerate() {
        let rows: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        tx.execute(
            "INSERT INTO tables(document_id, idx, role, layout, header, rows, n_rows, span_start, span_end, line) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
            params![
                doc_id,
                idx as i64,
                t.role,
                t.layout,
                serde_json::to_string(&t.header).unwrap_or_default(),
                serde_json::to_string(&rows).unwrap_or_default(),
                t.rows.len() as i64,
                t.span.start as i64,
                t.span.end as i64,
                t.line as i64
            ],
        )?;
        table_ids.push(tx.last_insert_rowid());
    }
    for t in &o.tasks {
        let tl = t.timeline_parsed.as_ref();
        tx.execute(
            "INSERT INTO tasks(document_id, table_id, section, stt, task, output, timeline, timeline_kind, timeline_from, timeline_to, lead, partners, note, span_start, span_end, line)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
            params![
                doc_id,
                table_ids.get(t.table).copied(),
                t.section,
                t.stt,
                t.task,
                t.output,
                t.timeline,
                tl.map(|x| x.kind.as_str()),
                tl.and_then(|x| x.from.clone()),
                tl.and_then(|x| x.to.clone()),
                t.lead,
                t.partners,
                t.note,
                t.span.start as i64,
                t.span.end as i64,
                t.line as i64
            ],
        )?;
        let id = tx.last_insert_rowid();
        search.execute(params!["task", id, doc_id, t.task, fold_d(&t.task)])?;
    }
    Ok(())
}

/// Opens an existing database read-only: a missing file is an error (it is
/// never created), and so is a file that is not a vanban database.
pub fn open_existing(db: &Path) -> Result<Connection> {
    if !db.is_file() {
        return Err(Error::new(
            ErrorKind::Io,
            "no such database (run `vanban db build` first, or name it with --db)",
        )
        .with_path(db));
    }
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(db, flags).map_err(|e| sql_err(db, e))?;
    let tables: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('documents', 'targets', 'tasks', 'citations', 'indicators')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| {
            Error::new(ErrorKind::Io, format!("not a vanban database: {e}")).with_path(db)
        })?;
    if tables < 5 {
        return Err(Error::new(
            ErrorKind::Io,
            "not a vanban database, or one an older vanban built (run `vanban db build` again)",
        )
        .with_path(db));
    }
    Ok(conn)
}

/// A search hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// "target" or "task".
    pub kind: String,
    pub path: String,
    /// The document's number ("681/QĐ-UBND"), if it has one.
    pub number: Option<String>,
    /// The document's province, or "Trung ương" ([`crate::labels::region`]).
    pub region: String,
    /// A target's year; for a task, the year of its document.
    pub year: Option<i64>,
    /// A target's value as people write it ("≥ 90%"); None for a task.
    pub value: Option<String>,
    /// A task's time column.
    pub timeline: Option<String>,
    pub text: String,
    pub line: Option<i64>,
    /// The words stand together in this order in the text.
    pub phrase: bool,
}

/// What a search found: the hits shown, and how many there are in all.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// Every item that holds all the words.
    pub total: usize,
    /// Of those, the items that hold them as a phrase.
    pub phrases: usize,
}

/// The words of a query as the index holds them: letters and digits, lower
/// case, đ read as d (the index folds đ the same way; tone marks are
/// dropped by the tokenizer). Empty when the query has no word.
pub fn query_words(query: &str) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| fold_d(&w.to_lowercase()))
        .collect()
}

/// Full-text search over targets and tasks; `query` is plain words (with or
/// without tone marks, đ or d). Items that hold the words as a phrase come
/// first ("dat dai" finds "đất đai" before "đặt hàng … hiện đại"), then the
/// items that hold them all apart, each group by relevance; at most `limit`
/// hits are returned, [`Found::total`] says how many there are.
pub fn search(db: &Path, query: &str, limit: usize) -> Result<Found> {
    let words = query_words(query);
    if words.is_empty() {
        return Err(Error::new(
            ErrorKind::Usage,
            "nothing to search for: give one or more words, e.g. `vanban db search đất đai`",
        ));
    }
    let conn = open_existing(db)?;
    let sql = |e: rusqlite::Error| sql_err(db, e);
    // each word quoted, so nothing the user types is read as FTS5 syntax
    let all = words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" ");
    let phrase = format!("\"{}\"", words.join(" "));
    let count = |q: &str| -> Result<usize> {
        conn.query_row(
            "SELECT COUNT(*) FROM search WHERE search MATCH ?1",
            params![q],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n.max(0) as usize)
        .map_err(sql)
    };
    let total = count(&all)?;
    let phrases = count(&phrase)?;
    let mut stmt = conn
        .prepare(
            "SELECT s.kind, d.path, d.number, d.region, substr(d.date, 1, 4), s.text,
                    tg.year, tg.comparator, tg.value, tg.value_max, tg.unit, tg.change, tg.out_of,
                    COALESCE(tg.line, tk.line), tk.timeline,
                    s.rowid IN (SELECT rowid FROM search WHERE search MATCH ?1) AS phrase
             FROM search s JOIN documents d ON d.id = s.document_id
             LEFT JOIN targets tg ON s.kind = 'target' AND tg.id = s.item_id
             LEFT JOIN tasks tk ON s.kind = 'task' AND tk.id = s.item_id
             WHERE search MATCH ?2
             ORDER BY phrase DESC, s.rank, d.path, s.item_id
             LIMIT ?3",
        )
        .map_err(sql)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = stmt
        .query_map(params![phrase, all, limit], |r| {
            let kind: String = r.get(0)?;
            let doc_year: Option<String> = r.get(4)?;
            let target_year: Option<i64> = r.get(6)?;
            let value = match r.get::<_, Option<f64>>(8)? {
                Some(v) => Some(crate::labels::value(
                    &r.get::<_, String>(7)?,
                    v,
                    r.get(9)?,
                    &r.get::<_, String>(10)?,
                    r.get::<_, Option<String>>(11)?.as_deref(),
                    r.get(12)?,
                )),
                None => None,
            };
            let year = if kind == "target" {
                target_year
            } else {
                doc_year.and_then(|y| y.parse().ok())
            };
            Ok(Hit {
                kind,
                path: r.get(1)?,
                number: r.get(2)?,
                region: r.get(3)?,
                year,
                value,
                timeline: r.get(14)?,
                text: r.get(5)?,
                line: r.get(13)?,
                phrase: r.get(15)?,
            })
        })
        .map_err(sql)?;
    let hits = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql)?;
    Ok(Found {
        hits,
        total,
        phrases,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The provinces table of the database is the one the run read: an
    /// overlay's province (here a made-up old name) is in it.
    #[test]
    fn provinces_come_from_the_grammars_of_the_run() {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(
            dir.path().join("provinces.toml"),
            "[[province]]\nname = \"Tỉnh Thử\"\ncurrent = \"Hà Nội\"\naliases = [\"Thử Nghiệm\"]\n",
        )
        .expect("the overlay is written");
        let g = Grammars::load(Some(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        let pairs = province_pairs(g);
        assert!(pairs.contains(&("Tỉnh Thử".to_string(), "Hà Nội".to_string())));
        assert!(pairs.contains(&("Thử Nghiệm".to_string(), "Hà Nội".to_string())));
        let builtin = province_pairs(Grammars::builtin());
        assert!(!builtin.iter().any(|(n, _)| n == "Tỉnh Thử"));
        assert!(builtin.iter().any(|(n, _)| n == "Nghệ An"));
    }
}
