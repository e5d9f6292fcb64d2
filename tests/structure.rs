//! Document structure and relations (issue 11): relations of citations,
//! effective dates, user rule-table overlays.

mod common;
use common::*;
use std::io::Write;
use vanban::model::Output;

fn extract_text(text: &str) -> Output {
    vanban::extract_bytes(
        &vanban::Grammars::builtin(),
        "t.txt",
        text.as_bytes(),
        &Default::default(),
    )
    .unwrap()
}

fn relation_of(o: &Output, number: &str) -> Vec<String> {
    o.citations
        .iter()
        .find(|c| c.number.as_deref() == Some(number))
        .map(|c| c.relation.iter().map(|r| r.to_string()).collect())
        .unwrap_or_else(|| {
            panic!(
                "no citation {number}: {:?}",
                o.citations.iter().map(|c| &c.number).collect::<Vec<_>>()
            )
        })
}

/// In every corpus document, the first document cited in each paragraph that
/// opens with "Căn cứ" has relation `basis`.
#[test]
fn can_cu_citations_are_basis() {
    let mut checked = 0;
    for src in corpus_files() {
        let raw = std::fs::read(&src).unwrap();
        let text = String::from_utf8(raw.clone()).unwrap();
        let o = vanban::extract_bytes(
            &vanban::Grammars::builtin(),
            &src.display().to_string(),
            &raw,
            &Default::default(),
        )
        .unwrap();
        // clause: from a line-initial "Căn cứ" to the next ';' or blank line
        let mut pos = 0;
        while let Some(i) = text[pos..].find("Căn cứ") {
            let start = pos + i;
            pos = start + "Căn cứ".len();
            let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
            if !text[line_start..start]
                .trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '*')
                .is_empty()
            {
                continue;
            }
            let end = text[start..].find([';']).map_or(text.len(), |e| start + e);
            let end = text[start..end].find("\n\n").map_or(end, |e| start + e);
            let first = o
                .citations
                .iter()
                .filter_map(|c| {
                    let m = c
                        .mentions
                        .iter()
                        .chain(std::iter::once(&c.span))
                        .filter(|s| s.start >= start && s.end <= end)
                        .map(|s| s.start)
                        .min()?;
                    Some((m, c))
                })
                .min_by_key(|(m, _)| *m);
            if let Some((_, c)) = first {
                assert!(
                    c.relation.iter().any(|r| r.as_str() == "basis"),
                    "{}: {:?} cited in a Căn cứ clause lacks relation basis: {:?}",
                    src.display(),
                    c.number.as_ref().or(c.name.as_ref()),
                    c.relation
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 12, "only {checked} Căn cứ citations checked");
}

#[test]
fn replaces_amends_repeals_and_implements() {
    let o = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 15/QĐ-UBND\nNghệ An, ngày 02 tháng 3 năm 2025\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế làm việc\n\
         Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\
         Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;\n\
         Thực hiện Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ;\n\
         QUYẾT ĐỊNH:\n\
         Điều 1. Sửa đổi, bổ sung một số điều của Quyết định số 77/QĐ-UBND ngày 10/01/2024 của UBND tỉnh Nghệ An.\n\
         Điều 2. Bãi bỏ Quyết định số 88/QĐ-UBND ngày 11/01/2023 của UBND tỉnh Nghệ An.\n\
         Điều 3. Quyết định này có hiệu lực từ ngày 15/3/2025 và thay thế Quyết định số 123/QĐ-UBND ngày 01/02/2020 của UBND tỉnh Nghệ An.\n",
    );
    assert!(relation_of(&o, "30/2020/NĐ-CP").contains(&"basis".to_string()));
    assert!(relation_of(&o, "23/CT-TTg").contains(&"implements".to_string()));
    assert!(
        relation_of(&o, "77/QĐ-UBND").contains(&"amends".to_string()),
        "{:?}",
        relation_of(&o, "77/QĐ-UBND")
    );
    assert!(
        relation_of(&o, "88/QĐ-UBND").contains(&"repeals".to_string()),
        "{:?}",
        relation_of(&o, "88/QĐ-UBND")
    );
    assert!(
        relation_of(&o, "123/QĐ-UBND").contains(&"replaces".to_string()),
        "{:?}",
        relation_of(&o, "123/QĐ-UBND")
    );
    assert_eq!(o.document.effective.as_deref(), Some("2025-03-15"));
}

#[test]
fn effective_dates() {
    // the signing date
    let o = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 15/QĐ-UBND\nNghệ An, ngày 02 tháng 3 năm 2025\nQUYẾT ĐỊNH\nVề việc X\nĐiều 3. Quyết định này có hiệu lực thi hành kể từ ngày ký.\n",
    );
    assert_eq!(o.document.effective.as_deref(), Some("2025-03-02"));
    // a date spelled out
    let o = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 15/QĐ-UBND\nNghệ An, ngày 02 tháng 3 năm 2025\nQUYẾT ĐỊNH\nVề việc X\nĐiều 3. Quyết định này có hiệu lực kể từ ngày 01 tháng 01 năm 2026.\n",
    );
    assert_eq!(o.document.effective.as_deref(), Some("2026-01-01"));
    // the corpus: 001 takes effect when signed
    let raw = std::fs::read(root().join("corpus/001_4164455645de387b.txt")).unwrap();
    let o = vanban::extract_bytes(
        &vanban::Grammars::builtin(),
        "001",
        &raw,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(o.document.effective.as_deref(), Some("2021-10-27"));
}

#[test]
fn a_grammar_overlay_adds_an_issuer_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("issuers.toml"),
        "[[symbol]]\ncode = \"XYZQ\"\nissuer = \"Ban Thử nghiệm Xyz\"\nlocality = \"\"\nexamples = [\"12/KH-XYZQ\"]\n",
    )
    .unwrap();
    let text = "Căn cứ Kế hoạch số 12/KH-XYZQ ngày 01/02/2024;\n";
    let run_with = |grammars: Option<&std::path::Path>| {
        let mut cmd = vanban();
        if let Some(g) = grammars {
            cmd.arg("--grammars").arg(g);
        }
        let mut child = cmd
            .args(["extract", "-", "--out", "-", "--quiet"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let with = run_with(Some(dir.path()));
    assert!(
        with.status.success(),
        "{}",
        String::from_utf8_lossy(&with.stderr)
    );
    let o: Output = serde_json::from_slice(&with.stdout).unwrap();
    let c = o
        .citations
        .iter()
        .find(|c| c.number.as_deref() == Some("12/KH-XYZQ"))
        .expect("cited");
    assert_eq!(c.issuer.as_deref(), Some("Ban Thử nghiệm Xyz"));
    let without = run_with(None);
    let o: Output = serde_json::from_slice(&without.stdout).unwrap();
    let c = o
        .citations
        .iter()
        .find(|c| c.number.as_deref() == Some("12/KH-XYZQ"))
        .expect("cited");
    assert_ne!(c.issuer.as_deref(), Some("Ban Thử nghiệm Xyz"));

    // a malformed overlay names its file and line, and is a usage error
    let bad = tempfile::tempdir().unwrap();
    std::fs::write(
        bad.path().join("issuers.toml"),
        "[[symbol]]\ncode = \"A\"\nissuer = \n",
    )
    .unwrap();
    let r = run(&[
        "--grammars",
        bad.path().to_str().unwrap(),
        "extract",
        "corpus",
        "--out",
        "-",
    ]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("issuers.toml:3:"), "{err}");

    // well-formed TOML whose entries do not fit the table's type
    let typed = tempfile::tempdir().unwrap();
    std::fs::write(typed.path().join("issuers.toml"), "[[symbol]]\ncode = 5\n").unwrap();
    let r = run(&[
        "--grammars",
        typed.path().to_str().unwrap(),
        "extract",
        "corpus",
        "--out",
        "-",
    ]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("issuers.toml:2:8:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// A type error in any overlay table stops the run before any file is read,
/// with exit 2 and the file, line and column of the value at fault: each
/// built-in table's first entry, with its first text field made a number.
#[test]
fn a_type_error_in_any_overlay_table_is_found_at_load() {
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("grammars")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        if name == "encodings" || path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let table: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        // the first array of entries and the first text field of its first entry
        let Some((key, field)) = table.iter().find_map(|(k, v)| {
            let first = v.as_array()?.first()?.as_table()?;
            let (f, _) = first.iter().find(|(_, v)| v.is_str())?;
            Some((k.clone(), f.clone()))
        }) else {
            continue;
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(format!("{name}.toml"));
        std::fs::write(
            &file,
            format!("# a bad entry\n[[{key}]]\n{field} = 12345\n"),
        )
        .unwrap();
        let out = tempfile::tempdir().unwrap();
        let r = run(&[
            "--grammars",
            dir.path().to_str().unwrap(),
            "extract",
            "corpus",
            "--out",
            out.path().to_str().unwrap(),
        ]);
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{name}: {err}");
        let at = format!("{}:3:{}:", file.display(), field.chars().count() + 4);
        assert!(err.contains(&at), "{name}: want {at} in {err}");
        assert!(
            !err.contains("panicked") && !err.contains("internal"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_dir(out.path()).unwrap().count(),
            0,
            "{name}: files were read"
        );
        checked += 1;
    }
    assert!(checked >= 15, "{checked} tables checked");
}

/// A library caller can hold two sets of rule tables at once: an overlay
/// changes the run it is given to, and no other.
#[test]
fn two_grammars_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("issuers.toml"),
        "[[symbol]]\ncode = \"XYZQ\"\nissuer = \"Ban Thử nghiệm Xyz\"\nlocality = \"\"\n",
    )
    .unwrap();
    let mine = vanban::Grammars::load(Some(dir.path())).unwrap();
    let builtin = vanban::Grammars::load(None).unwrap();
    let text = "Căn cứ Kế hoạch số 12/KH-XYZQ ngày 01/02/2024;\n";
    let issuer = |g: &vanban::Grammars| {
        let o = vanban::extract_bytes(g, "t.txt", text.as_bytes(), &Default::default()).unwrap();
        o.citations.first().and_then(|c| c.issuer.clone())
    };
    assert_eq!(issuer(&mine).as_deref(), Some("Ban Thử nghiệm Xyz"));
    assert_ne!(issuer(&builtin).as_deref(), Some("Ban Thử nghiệm Xyz"));
    assert_eq!(issuer(&mine).as_deref(), Some("Ban Thử nghiệm Xyz"));
}

/// The module graph of src/ (tests included) has no cycle and no arrow
/// from a lower stage (decode, normalize, text, segment, parse) to a
/// higher one or to `doc`: tests/fixtures/cycles.py reads the `crate::`,
/// `super::` and `self::` paths of every file.
#[test]
#[cfg_attr(
    not(vanban_python3),
    ignore = "needs python3 to run tests/fixtures/cycles.py (.ci/run installs it)"
)]
fn the_module_graph_has_no_cycle() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = std::process::Command::new("python3")
        .arg(format!("{root}/tests/fixtures/cycles.py"))
        .arg(format!("{root}/src"))
        .arg("--tests")
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
