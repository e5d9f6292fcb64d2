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
            unit: "%".into(),
            comparator: "at_least".into(),
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
    let stats = vanban::db::build(out.path(), &db).unwrap();
    assert_eq!(stats.documents, 2);
    assert!(stats.skipped.is_empty(), "{:?}", stats.skipped);
    // with tone marks, without, and with d for đ
    for q in ["đất đai", "dat dai", "đat đai", "DAI"] {
        let hits = vanban::db::search(&db, q, 10).unwrap();
        assert_eq!(hits.len(), 1, "query {q}: {hits:?}");
        assert_eq!(hits[0].kind, "task");
    }
    assert_eq!(vanban::db::search(&db, "hài lòng", 10).unwrap().len(), 2);
    assert_eq!(vanban::db::search(&db, "hai long", 10).unwrap().len(), 2);
    // FTS syntax in user text is inert
    assert!(vanban::db::search(&db, "AND \" OR (", 10).is_ok());

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
    vanban::db::build(out.path(), &db).unwrap();
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

    let html = vanban::report::render(&db).unwrap();
    assert!(html.contains("satisfaction_procedures"));
    assert!(html.contains("<td>Khánh Hòa</td>") && html.contains("<td>Hải Phòng</td>"));
    assert!(html.contains("≥"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the page needs no network"
    );
}

#[test]
fn cli_db_and_report_on_the_corpus() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("json");
    assert!(
        run(&["extract", "corpus", "--out", o.to_str().unwrap(), "--quiet"])
            .status
            .success()
    );
    let db = out.path().join("c.sqlite");
    let r = run(&[
        "db",
        "build",
        o.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let html = out.path().join("r.html");
    let r = run(&[
        "report",
        "--db",
        db.to_str().unwrap(),
        "--out",
        html.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains(&format!("{} documents", corpus_files().len())));
}

/// Loads the report in headless Chromium when it is installed, checks the
/// rendered table, and keeps a screenshot.
#[test]
fn report_renders_in_chromium() {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(chromium) = chromium else {
        eprintln!("chromium not installed: browser check skipped");
        return;
    };
    let out = tempfile::tempdir().unwrap();
    write_outputs(out.path());
    let db = out.path().join("v.sqlite");
    vanban::db::build(out.path(), &db).unwrap();
    let html = out.path().join("report.html");
    vanban::report::write(&db, &html).unwrap();
    let profile = out.path().join("profile");
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let url = format!("file://{}", html.display());
    let dom = std::process::Command::new(chromium)
        .args(flags)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("satisfaction_procedures"),
        "rendered DOM lacks the table: {dom}"
    );
    assert!(dom.contains("<svg"), "chart rendered");
    let shot = root().join("docs/report.png");
    std::fs::create_dir_all(root().join("docs")).unwrap();
    let _ = std::process::Command::new(chromium)
        .args(flags)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args([
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,900",
            &url,
        ])
        .output();
}
