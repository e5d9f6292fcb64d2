//! Encoding invariance: a document must read the same whatever encoding it
//! arrives in (NFD, CRLF, BOM, UTF-16, Windows-1258, Ð, TCVN3 raw and as
//! mojibake, VNI, VIQR).
//!
//! Two checks per variant: the normalised text (decode + normalise) equals
//! the original's, and the extraction (document, citations, targets, tasks,
//! spans and lines left out, mentions counted) equals the original's.
//!
//! What cannot be recovered, and is therefore compared loosely:
//! * TCVN3 has no upper-case toned letters (`Ế` is written as `ế`). The
//!   decoder restores them from context (capitals around, sentence starts,
//!   names such as "Ủy ban nhân dân"); what context cannot decide stays lower
//!   case, so for the tcvn3 variants letters are compared case-insensitively
//!   and the number of case differences is printed.
//! * A character an encoding cannot write is written as `?` by the
//!   generator (none occur in the seeds); a `?` in the variant matches any
//!   character.
//!
//! Inputs: tests/data/variants/ holds a made-up sample in every encoding
//! (always run); the corpus seeds are encoded on the fly by
//! tests/fixtures/variants.py, which needs python3 (`cfg(vanban_python3)`:
//! the test is ignored, with the reason, without it).

use std::path::{Path, PathBuf};

fn normalised(bytes: &[u8]) -> String {
    let d = vanban::decode::decode(bytes, &Default::default())
        .unwrap_or_else(|e| panic!("decode failed: {e}"));
    vanban::normalize::normalize(&d.text.text).text
}

/// Extraction output without spans, lines or source.
fn extraction(bytes: &[u8]) -> serde_json::Value {
    let out = vanban::extract_bytes(
        &vanban::Grammars::builtin(),
        "x",
        bytes,
        &Default::default(),
    )
    .unwrap_or_else(|e| panic!("extract failed: {e}"));
    let mut v = serde_json::json!({
        "document": out.document,
        "citations": out.citations,
        "targets": out.targets,
        "tasks": out.tasks,
    });
    strip(&mut v);
    v
}

fn strip(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            // mentions are spans: keep how many there are, not where
            if let Some(n) = m
                .get("mentions")
                .and_then(|x| x.as_array())
                .map(|a| a.len())
            {
                m.insert("mentions".into(), n.into());
            }
            m.retain(|k, _| !matches!(k.as_str(), "span" | "spans" | "line" | "source"));
            m.values_mut().for_each(strip);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}

fn lossy_case(variant: &str) -> bool {
    variant.starts_with("tcvn3")
}

/// Compares texts; returns (problems, case differences).
fn compare(variant: &str, want: &str, got: &str) -> (Option<String>, usize) {
    let (w, g): (Vec<char>, Vec<char>) = (want.chars().collect(), got.chars().collect());
    if w.len() != g.len() {
        let at = w.iter().zip(&g).take_while(|(a, b)| a == b).count();
        let ctx = |v: &[char]| v.iter().skip(at).take(40).collect::<String>();
        return (
            Some(format!(
                "length {} vs {}; first difference at char {at}: want {:?} got {:?}",
                w.len(),
                g.len(),
                ctx(&w),
                ctx(&g)
            )),
            0,
        );
    }
    let mut case = 0;
    for (i, (a, b)) in w.iter().zip(&g).enumerate() {
        if a == b || *b == '?' {
            continue;
        }
        if lossy_case(variant) && a.to_lowercase().eq(b.to_lowercase()) {
            case += 1;
            continue;
        }
        let ctx: String = w.iter().skip(i.saturating_sub(20)).take(40).collect();
        return (
            Some(format!("char {i}: want {a:?} got {b:?} near {ctx:?}")),
            case,
        );
    }
    (None, case)
}

/// Checks every variant directory under `root` against the originals in
/// `src`; returns the failures.
fn check_tree(src: &Path, root: &Path) -> Vec<String> {
    let mut failures = Vec::new();
    let mut variants: Vec<PathBuf> = std::fs::read_dir(root)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    variants.retain(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "src"));
    variants.sort();
    assert!(!variants.is_empty(), "no variants under {}", root.display());
    for vdir in variants {
        let variant = vdir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&vdir)
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for f in files {
            let Some(name) = f.file_name() else { continue };
            let orig = std::fs::read(src.join(name)).expect("original");
            let var = std::fs::read(&f).expect("variant");
            let (want, got) = (normalised(&orig), normalised(&var));
            let (problem, case) = compare(&variant, &want, &got);
            if let Some(p) = problem {
                failures.push(format!("{variant}/{}: text: {p}", name.to_string_lossy()));
                continue;
            }
            if case > 0 {
                eprintln!(
                    "note: {variant}/{}: {case} letters differ only in case (TCVN3 has no capitals with tones)",
                    name.to_string_lossy()
                );
            }
            // The same rule as for the text: a `?` the generator wrote for a
            // character the encoding cannot hold (μ in Windows-1258) matches
            // any character, and TCVN3 letters may differ only in case.
            let (ew, eg) = (extraction(&orig).to_string(), extraction(&var).to_string());
            if let (Some(p), _) = compare(&variant, &ew, &eg) {
                failures.push(format!(
                    "{variant}/{}: extraction differs: {p}",
                    name.to_string_lossy()
                ));
            }
        }
    }
    failures
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn checked_in_sample_reads_the_same_in_every_encoding() {
    let root = manifest().join("tests/data/variants");
    let failures = check_tree(&root.join("src"), &root);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[cfg_attr(
    not(vanban_python3),
    ignore = "needs python3 to encode the seeds with tests/fixtures/variants.py (.ci/run installs it)"
)]
fn seeds_read_the_same_in_every_encoding() {
    // The seeds only (corpus/0NN_*): the dev-gold documents hold characters
    // that Windows-1258, VNI and TCVN3 cannot write (≥, μ), which the
    // generator turns into `?`.
    let seeds = tempfile::tempdir().expect("temp dir");
    for src in std::fs::read_dir(manifest().join("corpus")).expect("corpus/") {
        let src = src.expect("corpus entry").path();
        let name = src
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('0') && name.ends_with(".txt") {
            std::fs::copy(&src, seeds.path().join(&name)).expect("copy seed");
        }
    }
    let out = tempfile::tempdir().expect("temp dir");
    let status = std::process::Command::new("python3")
        .arg(manifest().join("tests/fixtures/variants.py"))
        .arg(seeds.path())
        .arg(out.path())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("running variants.py");
    assert!(status.success(), "variants.py failed its own checks");
    let failures = check_tree(seeds.path(), out.path());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
