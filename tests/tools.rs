//! Checks that need a tool from outside Rust: the report in headless
//! Chromium, the xlsx export in Python's openpyxl. build.rs looks for the
//! tools when vanban is built (`cfg(vanban_chromium)`: chromium or
//! chromium-browser on PATH; `cfg(vanban_openpyxl)`);
//! a test whose tool is missing is ignored with the reason, and `.ci/run`
//! installs both (Debian: chromium, python3-openpyxl).
//!
//! `VANBAN_SCREENSHOTS=1 cargo test --release --test tools` refreshes the
//! screenshots in docs/ that the README shows.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// Found on PATH by build.rs (empty when missing: the tests are ignored).
const CHROMIUM: &str = env!("VANBAN_CHROMIUM");

/// The corpus extracted, loaded and reported: (temp dir, database, report).
fn corpus_report() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("json");
    let r = run(&[
        "extract",
        "corpus",
        "--out",
        json.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let db = out.path().join("c.sqlite");
    let r = run(&[
        "db",
        "build",
        json.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let report = out.path().join("report");
    let r = run(&[
        "report",
        "--db",
        db.to_str().unwrap(),
        "--out",
        report.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    (out, db, report)
}

/// Chromium with the flags of a quiet, offline, throw-away browser.
fn chromium(profile: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(CHROMIUM);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// Loads a page; returns its DOM after scripts ran, and the console
/// messages and policy violations Chromium logged.
fn load(profile: &Path, url: &str) -> (String, Vec<String>) {
    let out = chromium(profile)
        .args(["--virtual-time-budget=3000", "--dump-dom", url])
        .output()
        .expect("chromium runs");
    let log = String::from_utf8_lossy(&out.stderr);
    let complaints = log
        .lines()
        .filter(|l| {
            l.contains("CONSOLE")
                || l.contains("Content Security Policy")
                || l.contains("Refused to")
                || l.contains("Uncaught")
                || l.contains("Not allowed to load")
        })
        .map(str::to_string)
        .collect();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        complaints,
    )
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.display())
}

#[test]
#[cfg_attr(
    not(vanban_chromium),
    ignore = "chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)"
)]
fn the_report_opens_in_chromium_without_console_errors() {
    let (out, db, report) = corpus_report();
    let profile = out.path().join("profile");
    // the index: its script ran under the policy, charts and filters are there
    let (dom, complaints) = load(&profile, &file_url(&report.join("index.html")));
    assert!(complaints.is_empty(), "index.html: {complaints:#?}");
    assert!(dom.contains("data-ready=\"1\""), "the script ran");
    assert!(
        dom.contains("<svg") && dom.contains("dòng</output>"),
        "charts and filters"
    );
    // a province page and a document page
    let c = rusqlite::Connection::open(&db).unwrap();
    let id: i64 = c
        .query_row(
            "SELECT document_id FROM targets GROUP BY document_id ORDER BY COUNT(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let doc = std::fs::read_dir(report.join("doc"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{id}-")))
        })
        .unwrap();
    let province = std::fs::read_dir(report.join("province"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .next()
        .unwrap();
    for page in [&doc, &province] {
        let (dom, complaints) = load(&profile, &file_url(page));
        assert!(complaints.is_empty(), "{}: {complaints:#?}", page.display());
        assert!(dom.contains("<table"), "{}", page.display());
    }
    let (dom, _) = load(&profile, &file_url(&doc));
    assert!(
        dom.contains("<mark class=\"f"),
        "figures highlighted in the text"
    );

    if std::env::var_os("VANBAN_SCREENSHOTS").is_some() {
        // headless Chromium does not scroll a screenshot to a #fragment: the
        // shots are of page tops (an indicator has a page of its own; the
        // document is the one whose targets start earliest)
        let docs = root().join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        let shown: i64 = c
            .query_row(
                "SELECT document_id FROM targets GROUP BY document_id HAVING COUNT(*) >= 5 ORDER BY MIN(line) LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let shown_doc = std::fs::read_dir(report.join("doc"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{shown}-")))
            })
            .unwrap();
        let shots = [
            ("report-index.png", report.join("index.html"), "1280,1500"),
            (
                "report-indicator.png",
                report.join("indicator/sipas.html"),
                "1280,1000",
            ),
            ("report-document.png", shown_doc, "1280,2200"),
        ];
        for (name, page, size) in shots {
            assert!(page.is_file(), "{}", page.display());
            let r = chromium(&profile)
                .args([
                    &format!("--screenshot={}", docs.join(name).display()),
                    &format!("--window-size={size}"),
                    "--hide-scrollbars",
                    "--virtual-time-budget=3000",
                    &file_url(&page),
                ])
                .output()
                .unwrap();
            assert!(r.status.success(), "{name}");
        }
    }
}

#[test]
#[cfg_attr(
    not(vanban_openpyxl),
    ignore = "python3 with openpyxl is not installed (Debian: apt-get install python3-openpyxl; .ci/run installs it)"
)]
fn the_xlsx_export_opens_in_openpyxl_with_the_database_row_counts() {
    let (out, db, _) = corpus_report();
    let xlsx = out.path().join("v.xlsx");
    let r = run(&[
        "db",
        "export",
        "--db",
        db.to_str().unwrap(),
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let script = "import openpyxl, sys\n\
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)\n\
for ws in wb.worksheets:\n    print(ws.title, sum(1 for _ in ws.iter_rows()) - 1)\n";
    let py = std::process::Command::new("python3")
        .args(["-c", script, xlsx.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let mut expected = String::new();
    for t in ["documents", "citations", "targets", "tasks"] {
        let n: i64 = c
            .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        expected.push_str(&format!("{t} {n}\n"));
    }
    assert_eq!(String::from_utf8_lossy(&py.stdout), expected);
}
