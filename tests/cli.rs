//! The CLI contract: outputs, paths, exit statuses, schema.

mod common;
use common::*;
use vanban::model::Output as VOutput;

#[test]
fn extract_writes_one_valid_json_per_corpus_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "extract",
        "corpus",
        "--out",
        dir.path().to_str().unwrap(),
        "--quiet",
    ]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let schema_out = run(&["schema"]);
    assert!(schema_out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&schema_out.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for src in corpus_files() {
        let stem = src.file_stem().unwrap().to_string_lossy().into_owned();
        let p = dir.path().join(format!("{stem}.json"));
        let v = read_json(&p);
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{stem}: schema errors: {errors:?}");
        // deny_unknown_fields: what we write is exactly what we document
        let back: VOutput =
            serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(back.schema_version, "1");
        assert_eq!(back.source.sha256.len(), 64);
        assert!(back.source.path.ends_with(&format!("{stem}.txt")));
    }
    assert!(
        !dir.path().join("gold").exists(),
        "gold/ folders are not inputs"
    );
}

#[test]
fn spans_point_into_the_original_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "extract",
        "corpus",
        "--out",
        dir.path().to_str().unwrap(),
        "--quiet",
    ]);
    assert!(out.status.success());
    for src in corpus_files() {
        let raw = std::fs::read(&src).unwrap();
        let stem = src.file_stem().unwrap().to_string_lossy().into_owned();
        let o: VOutput =
            serde_json::from_value(read_json(&dir.path().join(format!("{stem}.json")))).unwrap();
        let text = std::str::from_utf8(&raw).unwrap();
        let spans = o
            .citations
            .iter()
            .map(|c| (c.span, c.line))
            .chain(o.targets.iter().map(|t| (t.span, t.line)))
            .chain(o.tasks.iter().map(|t| (t.span, t.line)));
        for (s, line) in spans {
            assert!(
                s.start <= s.end && s.end <= raw.len(),
                "{stem}: span {s:?} outside the file"
            );
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "{stem}: span {s:?} not on a char boundary"
            );
            let expect_line = raw[..s.start].iter().filter(|b| **b == b'\n').count() + 1;
            assert_eq!(line, expect_line, "{stem}: line of span {s:?}");
        }
        for t in &o.targets {
            let piece = &text[t.span.start..t.span.end];
            let v = format!("{}", t.value);
            let v_comma = v.replace('.', ",");
            assert!(
                piece.contains(&v) || piece.contains(&v_comma),
                "{stem}: target span {piece:?} does not hold {v}"
            );
        }
    }
}

#[test]
fn same_stem_from_two_folders_does_not_overwrite() {
    let inp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(inp.path().join("a")).unwrap();
    std::fs::create_dir_all(inp.path().join("b")).unwrap();
    std::fs::write(inp.path().join("a/x.txt"), "Số: 1/QĐ-UBND").unwrap();
    std::fs::write(inp.path().join("b/x.txt"), "Số: 2/QĐ-UBND").unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run(&[
        "extract",
        inp.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--quiet",
    ]);
    assert!(r.status.success());
    assert!(out.path().join("a/x.json").exists());
    assert!(out.path().join("b/x.json").exists());
    // named directly, the two files collide on the stem: both kept
    let out2 = tempfile::tempdir().unwrap();
    let a = inp.path().join("a/x.txt");
    let b = inp.path().join("b/x.txt");
    let r = run(&[
        "extract",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out",
        out2.path().to_str().unwrap(),
        "--quiet",
    ]);
    assert!(r.status.success());
    let n = walk_json(out2.path());
    assert_eq!(n, 2, "two outputs expected");
}

fn walk_json(p: &std::path::Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(p).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            n += walk_json(&p);
        } else if p.extension().is_some_and(|x| x == "json") {
            n += 1;
        }
    }
    n
}

#[test]
fn failures_are_isolated_and_exit_1() {
    let out = tempfile::tempdir().unwrap();
    let r = run(&[
        "extract",
        "corpus/001_4164455645de387b.txt",
        "does/not/exist.txt",
        "--out",
        out.path().to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("does/not/exist.txt:"),
        "stderr names the file: {err}"
    );
    assert!(
        out.path().join("001_4164455645de387b.json").exists(),
        "the good file is still written"
    );
    let rec = read_json(&out.path().join("exist.error.json"));
    assert_eq!(rec["error"]["kind"], "io");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["extract", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        run(&["extract", "corpus", "--shard", "3/2"]).status.code(),
        Some(2)
    );
}

#[test]
fn jsonl_and_stdin() {
    use std::io::Write;
    let r = run(&["extract", "corpus", "--format", "jsonl", "--quiet"]);
    assert!(r.status.success());
    let lines: Vec<&str> = std::str::from_utf8(&r.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), corpus_files().len());
    for l in &lines {
        let _: VOutput = serde_json::from_str(l).unwrap();
    }
    let mut child = vanban()
        .args(["extract", "-", "--out", "-", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let v: VOutput = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.source.path, "-");
}

#[test]
fn output_is_identical_whatever_the_jobs() {
    let one = run(&[
        "extract", "corpus", "--format", "jsonl", "--quiet", "--jobs", "1",
    ]);
    let two = run(&[
        "extract", "corpus", "--format", "jsonl", "--quiet", "--jobs", "2",
    ]);
    assert!(one.status.success() && two.status.success());
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn incremental_skips_unchanged_inputs() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    assert!(run(&["extract", "corpus", "--out", o]).status.success());
    let r = run(&["extract", "corpus", "--out", o, "--incremental"]);
    assert!(r.status.success());
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains(&format!(
            "0 written, 0 with warnings, {} unchanged",
            corpus_files().len()
        )),
        "{err}"
    );
}

/// Issue 21 item 1: `--format jsonl --out DIR` writes DIR/vanban.jsonl
/// (it was ignored: the lines went to stdout), one line per input in input
/// order, error records included, and leaves no temporary file (and
/// removes one a killed run left).
#[test]
fn jsonl_with_out_writes_a_file_in_the_folder() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("lines");
    // what a killed run left: removed by the next
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(format!(".vanban.jsonl.{}.tmp", u32::MAX - 1)),
        b"{\"half",
    )
    .unwrap();
    let r = run(&[
        "extract",
        "corpus",
        "does/not/exist.txt",
        "--format",
        "jsonl",
        "--out",
        dir.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(r.status.code(), Some(1), "the missing file fails");
    assert!(r.stdout.is_empty(), "nothing on stdout");
    let text = std::fs::read_to_string(dir.join("vanban.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), corpus_files().len() + 1);
    let mut errors = 0;
    for l in &lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        if v.get("error").is_some() {
            errors += 1;
        } else {
            let _: VOutput = serde_json::from_value(v).unwrap();
        }
    }
    assert_eq!(errors, 1);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["vanban.jsonl"]);
    // the same lines as on stdout
    let std = run(&["extract", "corpus", "--format", "jsonl", "--quiet"]);
    assert!(text.starts_with(std::str::from_utf8(&std.stdout).unwrap()));
}

/// Issue 21 item 1: `vanban eval` with no gold file to score (an empty
/// folder, a folder of sources, a missing folder) is a usage error, exit
/// 2; it printed F1 1.000 and exited 0.
#[test]
fn eval_without_gold_files_is_a_usage_error() {
    let empty = tempfile::tempdir().unwrap();
    for gold in [empty.path().to_str().unwrap(), "corpus", "does/not/exist"] {
        let r = run(&["eval", "--gold", gold, "--src", "corpus"]);
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{gold}: {err}");
        assert!(!String::from_utf8_lossy(&r.stdout).contains("1.000"));
    }
    let r = run(&[
        "eval",
        "--gold",
        empty.path().to_str().unwrap(),
        "--src",
        "corpus",
    ]);
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("no gold files"),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
}
