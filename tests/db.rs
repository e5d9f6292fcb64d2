//! The comparison database and the HTML report.

mod common;
use common::*;
use vanban::model::*;

fn sample(path: &str, province: &str, value: f64, task: &str) -> Output {
    Output {
        schema_version: "1".into(),
        source: Source {
            path: path.into(),
            sha256: "0".repeat(64),
            bytes: 10,
            format: "text".into(),
            encoding: "utf-8".into(),
            ..Default::default()
        },
        document: Document {
            kind: Some("Kế hoạch".into()),
            number: Some("12/KH-UBND".into()),
            province: Some(province.into()),
            province_current: Some(province.into()),
            ..Default::default()
        },
        targets: vec![Target {
            quote: "Mức độ hài lòng về giải quyết thủ tục hành chính đạt tối thiểu 90%".into(),
            value,
            unit: Unit::Percent,
            comparator: Comparator::AtLeast,
            year: Some(2025),
            area: Some("procedures".into()),
            indicator: Some("satisfaction_procedures".into()),
            ..Default::default()
        }],
        tasks: vec![Task {
            task: task.into(),
            table: 0,
            ..Default::default()
        }],
        tables: vec![Table {
            role: "tasks".into(),
            layout: "markdown".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn write_outputs(dir: &std::path::Path) {
    for (i, (prov, v, task)) in [
        (
            "Khánh Hòa",
            90.0,
            "Rà soát thủ tục hành chính lĩnh vực đất đai",
        ),
        ("Hải Phòng", 95.0, "Số hóa hồ sơ"),
    ]
    .iter()
    .enumerate()
    {
        let mut o = sample(&format!("docs/{i}.txt"), prov, *v, task);
        if i == 1 {
            // an appendix-only file whose number came from its name
            o.document.part = Some("Phụ lục I".into());
            o.document.from_file_name = vec!["number".into(), "date".into()];
        }
        std::fs::write(
            dir.join(format!("{i}.json")),
            serde_json::to_string(&o).unwrap(),
        )
        .unwrap();
    }
    std::fs::write(dir.join("bad.error.json"), "{}").unwrap();
}

#[test]
fn build_search_rebuild_and_report() {
    let out = tempfile::tempdir().unwrap();
    write_outputs(out.path());
    let db = out.path().join("v.sqlite");
    let stats = vanban::db::build(vanban::Grammars::builtin(), out.path(), &db).unwrap();
    assert_eq!(stats.documents, 2);
    assert!(stats.skipped.is_empty(), "{:?}", stats.skipped);
    // with tone marks, without, and with d for đ
    for q in ["đất đai", "dat dai", "đat đai", "DAI"] {
        let found = vanban::db::search(&db, q, 10).unwrap();
        assert_eq!(found.hits.len(), 1, "query {q}: {found:?}");
        assert_eq!(found.hits[0].kind, "task");
    }
    assert_eq!(vanban::db::search(&db, "hài lòng", 10).unwrap().total, 2);
    assert_eq!(vanban::db::search(&db, "hai long", 10).unwrap().total, 2);
    // FTS syntax in user text is inert; a query of no word is a usage error
    assert!(vanban::db::search(&db, "AND \" OR ( tỉnh", 10).is_ok());
    for blank in ["", "   ", "\" ( ) *"] {
        let e = vanban::db::search(&db, blank, 10).unwrap_err();
        assert_eq!(e.kind, vanban::error::ErrorKind::Usage, "{blank:?}");
    }
    // a hit says where it stands and what it sets
    let found = vanban::db::search(&db, "hài lòng", 1).unwrap();
    assert_eq!((found.hits.len(), found.total), (1, 2));
    let h = &found.hits[0];
    assert_eq!(h.number.as_deref(), Some("12/KH-UBND"));
    assert_eq!(h.year, Some(2025));
    assert!(
        h.value.as_deref().is_some_and(|v| v.starts_with("≥ 9")),
        "{h:?}"
    );
    assert!(["Khánh Hòa", "Hải Phòng"].contains(&h.region.as_str()));

    let dump = |db: &std::path::Path| {
        let c = rusqlite::Connection::open(db).unwrap();
        let mut s = String::new();
        for t in [
            "documents",
            "targets",
            "tasks",
            "tables",
            "citations",
            "instruments",
            "provinces",
        ] {
            let mut st = c.prepare(&format!("SELECT * FROM {t} ORDER BY 1")).unwrap();
            let n = st.column_count();
            let rows = st
                .query_map([], |r| {
                    Ok((0..n)
                        .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap();
            for r in rows {
                s.push_str(&r.unwrap());
                s.push('\n');
            }
        }
        s
    };
    let first = dump(&db);
    vanban::db::build(vanban::Grammars::builtin(), out.path(), &db).unwrap();
    assert_eq!(first, dump(&db), "a rebuild gives the same database");

    // the province table knows old and current names
    let c0 = rusqlite::Connection::open(&db).unwrap();
    let cur: String = c0
        .query_row(
            "SELECT current FROM provinces WHERE name = 'Ninh Thuận'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cur, "Khánh Hòa");
    let (part, named): (Option<String>, Option<String>) = c0
        .query_row(
            "SELECT part, from_file_name FROM documents WHERE path = 'docs/1.txt'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(part.as_deref(), Some("Phụ lục I"));
    assert_eq!(named.as_deref(), Some("number,date"));
    let n_current: i64 = c0
        .query_row("SELECT COUNT(DISTINCT current) FROM provinces", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n_current, 34);

    // foreign keys hold
    let c = rusqlite::Connection::open(&db).unwrap();
    let orphans: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM targets WHERE document_id NOT IN (SELECT id FROM documents)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);

    // the indicator catalogue is in the database, with names and sources
    let (n, unnamed): (i64, i64) = c
        .query_row(
            "SELECT COUNT(*), SUM(name = '' OR source = '') FROM indicators",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        n >= 100 && unnamed == 0,
        "{n} indicators, {unnamed} unnamed"
    );

    let site = vanban::report::render(vanban::Grammars::builtin(), &db).unwrap();
    let html = site.page("index.html").unwrap();
    assert!(
        html.contains(
            "Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính"
        )
    );
    assert!(html.contains(">Khánh Hòa</a>") && html.contains(">Hải Phòng</a>"));
    assert!(html.contains("≥ 90%") && html.contains("<svg"));
    for (path, page) in &site.pages {
        assert!(
            !page.contains("http://") && !page.contains("https://"),
            "{path}: the page needs no network"
        );
        assert!(page.contains("Content-Security-Policy"), "{path}");
    }
}

/// Outputs of a national and a provincial document whose tasks hold
/// "đất đai" as a phrase and "đặt … đại" apart.
fn phrase_outputs(dir: &std::path::Path) {
    let mut a = sample(
        "docs/a.txt",
        "Hà Nội",
        80.0,
        "Đặt hàng dịch vụ công hiện đại, tăng dần",
    );
    a.document.number = Some("5/KH-UBND".into());
    let mut b = sample("docs/b.txt", "x", 70.0, "Giải quyết thủ tục đất đai");
    b.document.province = None;
    b.document.province_current = None;
    b.document.level = None;
    b.document.issuer = Some("Chính phủ".into());
    b.document.number = Some("03/NQ-CP".into());
    b.document.date = Some("2025-01-09".into());
    for (name, o) in [("a.json", a), ("b.json", b)] {
        std::fs::write(dir.join(name), serde_json::to_string(&o).unwrap()).unwrap();
    }
}

#[test]
fn search_puts_the_phrase_first_and_says_what_was_cut() {
    let out = tempfile::tempdir().unwrap();
    phrase_outputs(out.path());
    let db = out.path().join("v.sqlite");
    vanban::db::build(vanban::Grammars::builtin(), out.path(), &db).unwrap();
    let found = vanban::db::search(&db, "dat dai", 10).unwrap();
    assert_eq!((found.total, found.phrases), (2, 1));
    assert_eq!(found.hits[0].text, "Giải quyết thủ tục đất đai");
    assert!(found.hits[0].phrase && !found.hits[1].phrase);
    // a national document is "Trung ương"; a task's year is its document's
    assert_eq!(found.hits[0].region, "Trung ương");
    assert_eq!(found.hits[0].year, Some(2025));

    let db_arg = db.to_str().unwrap();
    let r = run(&["db", "search", "--db", db_arg, "--limit", "1", "dat", "dai"]);
    assert!(r.status.success());
    let stdout = String::from_utf8_lossy(&r.stdout);
    let cols: Vec<&str> = stdout.lines().next().unwrap_or("").split('\t').collect();
    assert_eq!(
        &cols[..4],
        ["task", "03/NQ-CP", "Trung ương", "2025"],
        "{stdout}"
    );
    assert!(cols[6].ends_with("docs/b.txt"), "{stdout}");
    assert_eq!(stdout.lines().count(), 1);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(stderr.contains("1 of 2 hits shown (--limit 1)"), "{stderr}");
    // a target hit shows its value
    let r = run(&["db", "search", "--db", db_arg, "hài", "lòng"]);
    let stdout = String::from_utf8_lossy(&r.stdout);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("target\t5/KH-UBND\tHà Nội\t2025\t≥ 80%\t")),
        "{stdout}"
    );
}

#[test]
fn search_refuses_a_blank_query_and_a_missing_database() {
    let out = tempfile::tempdir().unwrap();
    phrase_outputs(out.path());
    let db = out.path().join("v.sqlite");
    vanban::db::build(vanban::Grammars::builtin(), out.path(), &db).unwrap();
    for args in [vec![], vec![""], vec!["  ", "*"]] {
        let mut a = vec!["db", "search", "--db", db.to_str().unwrap()];
        a.extend(args.iter().copied());
        let r = run(&a);
        assert_eq!(r.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert!(
            stderr.contains("usage:") && !stderr.contains("fts5"),
            "{stderr}"
        );
    }
    let missing = out.path().join("missing.sqlite");
    let r = run(&["db", "search", "--db", missing.to_str().unwrap(), "đất"]);
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("no such database"));
    assert!(!missing.exists(), "a missing database is not created");
    // a file that is not a vanban database
    let other = out.path().join("other.sqlite");
    std::fs::write(&other, "not sqlite").unwrap();
    let r = run(&["db", "search", "--db", other.to_str().unwrap(), "đất"]);
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("not a vanban database"));
}

/// Row counts of the four exported tables.
fn table_counts(db: &std::path::Path) -> Vec<(String, usize)> {
    let c = rusqlite::Connection::open(db).unwrap();
    ["documents", "citations", "targets", "tasks"]
        .iter()
        .map(|t| {
            let n: i64 = c
                .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
                .unwrap();
            (t.to_string(), n as usize)
        })
        .collect()
}

/// The corpus extracted and loaded: (temp dir, database).
fn corpus_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("json");
    let r = run(&["extract", "corpus", "--out", o.to_str().unwrap(), "--quiet"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let db = out.path().join("c.sqlite");
    let r = run(&[
        "db",
        "build",
        o.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    (out, db)
}

#[test]
fn export_xlsx_and_csv_read_back_with_the_database_row_counts() {
    use calamine::Reader;
    let (out, db) = corpus_db();
    let counts = table_counts(&db);
    let xlsx = out.path().join("v.xlsx");
    let r = run(&[
        "db",
        "export",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "xlsx",
        "--out",
        xlsx.to_str().unwrap(),
        "--headers",
        "vi",
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["documents", "citations", "targets", "tasks"]
    );
    for (table, n) in &counts {
        let range = book.worksheet_range(table).unwrap();
        assert_eq!(
            range.height(),
            n + 1,
            "{table}: a header and one row per item"
        );
        let header: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        // every sheet names the document: number, province, date (in Vietnamese)
        assert!(
            header.contains(&"Số, ký hiệu".to_string())
                && header.contains(&"Tỉnh, thành phố".to_string())
                && header.contains(&"Ngày ban hành".to_string()),
            "{table}: {header:?}"
        );
    }
    let targets = book.worksheet_range("targets").unwrap();
    let text: String = targets
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(text.contains("Trung ương") && text.contains("hài lòng"));

    let dir = out.path().join("csv");
    let r = run(&[
        "db",
        "export",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "csv",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    for (table, n) in &counts {
        let bytes = std::fs::read(dir.join(format!("{table}.csv"))).unwrap();
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF"),
            "{table}: UTF-8 with BOM"
        );
        let mut rd = csv::Reader::from_reader(&bytes[3..]);
        let header = rd.headers().unwrap().clone();
        assert_eq!(
            &header.iter().take(4).collect::<Vec<_>>(),
            &["document_id", "number", "region", "date"]
        );
        assert_eq!(rd.records().count(), *n, "{table}");
    }
}

/// Text of a page as a reader sees it: tags dropped, entities read, blanks
/// squeezed.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut tag = false;
    for c in html.chars() {
        match c {
            '<' => tag = true,
            '>' if tag => tag = false,
            c if !tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every href of a page.
fn hrefs(html: &str) -> Vec<String> {
    html.match_indices("href=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap_or(rest.len())].to_string()
        })
        .collect()
}

#[test]
fn report_folder_is_shareable_and_every_row_reaches_its_quote() {
    let (out, db) = corpus_db();
    let folder = out.path().join("report");
    let r = run(&[
        "report",
        "--db",
        db.to_str().unwrap(),
        "--out",
        folder.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let index = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(index.contains(&format!("{} văn bản", corpus_files().len())));
    // a national document is "Trung ương", never "(unknown)"
    assert!(index.contains("Trung ương") && !index.contains("(unknown)"));
    // every page: relative links only, no absolute path
    let tmp = out.path().to_string_lossy().into_owned();
    let root_dir = root().to_string_lossy().into_owned();
    let mut pages = 0;
    for e in walkdir::WalkDir::new(&folder) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        pages += 1;
        let html = std::fs::read_to_string(e.path()).unwrap();
        for h in hrefs(&html) {
            assert!(
                h.starts_with("./") || h.starts_with("../") || h.starts_with('#') || h == "data:,",
                "{}: {h}",
                e.path().display()
            );
        }
        assert!(!html.contains("file://"), "{}", e.path().display());
        assert!(
            !html.contains(&tmp) && !html.contains(&root_dir),
            "{}: an absolute path",
            e.path().display()
        );
    }
    assert!(pages > corpus_files().len());
    // every target row of the index links to a document page that holds
    // its anchor and its quote
    let c = rusqlite::Connection::open(&db).unwrap();
    let mut stmt = c.prepare("SELECT id, quote FROM targets").unwrap();
    let targets: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(targets.len() > 300);
    let links = hrefs(&index);
    let mut seen_text = 0;
    for (id, quote) in &targets {
        let link = links
            .iter()
            .find(|h| h.ends_with(&format!("#t{id}")))
            .unwrap_or_else(|| panic!("no link to target {id}"));
        let page_path = folder.join(link.trim_start_matches("./").split('#').next().unwrap());
        let page = std::fs::read_to_string(&page_path).unwrap();
        assert!(
            page.contains(&format!("id=\"t{id}\"")),
            "{}: no anchor t{id}",
            page_path.display()
        );
        let shown = visible(&page);
        let q: String = quote.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            shown.contains(&q),
            "{}: quote of target {id} not shown: {q}",
            page_path.display()
        );
        // and the full text holds it, highlighted, when the source is there
        if page.contains("<pre class=\"text\">") {
            let text = &page[page.find("<pre class=\"text\">").unwrap()..];
            assert!(visible(text).contains(&q), "target {id} not in the text");
            assert!(text.contains(&format!("id=\"t{id}\"")));
            seen_text += 1;
        }
    }
    assert_eq!(seen_text, targets.len(), "every corpus source is shown");
    // a second run replaces the folder; a folder that is not a report is refused
    let r = run(&[
        "report",
        "--db",
        db.to_str().unwrap(),
        "--out",
        folder.to_str().unwrap(),
    ]);
    assert!(r.status.success());
    let r = run(&[
        "report",
        "--db",
        db.to_str().unwrap(),
        "--out",
        out.path().join("json").to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        out.path().join("json").is_dir(),
        "the outputs are untouched"
    );
}

#[test]
fn a_folder_named_like_a_url_scheme_gives_no_scheme_link() {
    let out = tempfile::tempdir().unwrap();
    let evil = out.path().join("javascript:alert(3)");
    std::fs::create_dir_all(&evil).unwrap();
    std::fs::copy(
        root().join("corpus/001_4164455645de387b.txt"),
        evil.join("a\"><img src=x onerror=alert(1)>.txt"),
    )
    .unwrap();
    let json = out.path().join("json");
    let r = vanban()
        .current_dir(out.path())
        .args(["extract", "javascript:alert(3)", "--out", "json", "--quiet"])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let db = out.path().join("v.sqlite");
    assert!(
        vanban::db::build(vanban::Grammars::builtin(), &json, &db)
            .unwrap()
            .documents
            == 1
    );
    let report = out.path().join("report");
    let r = vanban()
        .current_dir(out.path())
        .args(["report", "--db", "v.sqlite", "--out", "report"])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    for e in walkdir::WalkDir::new(&report) {
        let e = e.unwrap();
        if !e.path().is_file() {
            continue;
        }
        let html = std::fs::read_to_string(e.path()).unwrap();
        for h in hrefs(&html) {
            assert!(!h.to_lowercase().contains("javascript:"), "{h}");
            assert!(
                h.starts_with("./") || h.starts_with("../") || h.starts_with('#') || h == "data:,",
                "{h}"
            );
        }
        assert!(!html.contains("<img src=x"), "the file name is escaped");
    }
    // the document page shows its text (found relative to the database)
    let doc = walkdir::WalkDir::new(report.join("doc"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().is_file())
        .unwrap();
    assert!(
        std::fs::read_to_string(doc.path())
            .unwrap()
            .contains("<pre class=\"text\">")
    );
}
