//! The bad-input suite: no file can crash a run, hang it, or make it lose
//! another file's result. Each bad input gives a clear per-file error record
//! or a correct (empty) result, and the good file in the same run is written.

mod common;
use common::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn make_bad_inputs(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    let mut put = |name: &str, data: Vec<u8>| {
        let p = dir.join(name);
        std::fs::write(&p, data).unwrap();
        v.push(p);
    };
    put("empty.txt", Vec::new());
    // deterministic noise
    let mut x: u64 = 0x9E3779B97F4A7C15;
    let noise: Vec<u8> = (0..200_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    put("noise.txt", noise);
    let mut trunc8 = "Quyết định số 12/QĐ-UBND".as_bytes().to_vec();
    trunc8.pop();
    put("truncated_utf8.txt", trunc8);
    let mut trunc16: Vec<u8> = vec![0xFF, 0xFE];
    for u in "Quyết định số 12/QĐ-UBND".encode_utf16() {
        trunc16.extend_from_slice(&u.to_le_bytes());
    }
    trunc16.pop();
    put("truncated_utf16.txt", trunc16);
    let mut line = Vec::with_capacity(50 * 1024 * 1024);
    while line.len() < 50 * 1024 * 1024 {
        line.extend_from_slice("đạt tối thiểu 90% số 12/QĐ-UBND ngày 1/2/2020 ".as_bytes());
    }
    put("long_line.txt", line);
    put("percent.txt", vec![b'%'; 1_000_000]);
    let mut nested = String::from("<html><body>");
    nested.push_str(&"<div>".repeat(100_000));
    nested.push_str("Số: 12/QĐ-UBND");
    nested.push_str(&"</div>".repeat(100_000));
    nested.push_str("</body></html>");
    put("nested.html", nested.into_bytes());
    put(
        "not_a_zip.docx",
        b"PK\x03\x04this is not a zip archive at all".to_vec(),
    );
    let zeros = vec![0u8; 64 * 1024 * 1024];
    put(
        "bomb.docx",
        zip_with(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", &zeros),
        ]),
    );
    put(
        "encrypted.pdf",
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n3 0 obj<</Filter/Standard/V 1/R 2/O(x)/U(y)/P -4>>endobj\ntrailer<</Root 1 0 R/Encrypt 3 0 R/ID[<01><01>]>>\n%%EOF\n"
            .to_vec(),
    );
    put("broken_xref.pdf", b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 9\n0000000000 65535 f \nthis is garbage\ntrailer<</Size 9/Root 1 0 R>>\nstartxref\n99999\n%%EOF".to_vec());
    v
}

#[test]
fn bad_inputs_never_stop_a_run() {
    let inp = tempfile::tempdir().unwrap();
    let bad = make_bad_inputs(inp.path());
    // a path that does not exist, a dangling link, an unreadable file, a loop
    let missing = inp.path().join("missing.txt");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(inp.path().join("nowhere"), inp.path().join("dangling.txt"))
            .unwrap();
        let loopdir = inp.path().join("loop");
        std::fs::create_dir(&loopdir).unwrap();
        std::os::unix::fs::symlink(&loopdir, loopdir.join("again")).unwrap();
        std::fs::write(
            loopdir.join("good.txt"),
            "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;",
        )
        .unwrap();
        let locked = inp.path().join("locked.txt");
        std::fs::write(&locked, "x").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let good = root().join("corpus/001_4164455645de387b.txt");
    let out = tempfile::tempdir().unwrap();
    let mut cmd = vanban();
    cmd.arg("extract")
        .arg(&good)
        .arg(inp.path())
        .arg(&missing)
        .arg("--out")
        .arg(out.path())
        .arg("--quiet");
    let start = Instant::now();
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(300), "the run hung");
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert_eq!(
        status.code(),
        Some(1),
        "some files failed: exit 1; stderr:\n{err}"
    );
    // the good file is complete and valid
    let g: vanban::model::Output =
        serde_json::from_value(read_json(&out.path().join("001_4164455645de387b.json"))).unwrap();
    assert_eq!(g.schema_version, "1");
    // every bad input has a result or an error record
    for p in &bad {
        let rel = p.strip_prefix(inp.path()).unwrap().with_extension("");
        let json = out.path().join(&rel).with_extension("json");
        let errj = out.path().join(format!("{}.error.json", rel.display()));
        assert!(
            json.exists() || errj.exists(),
            "{}: neither output nor error record\n{err}",
            p.display()
        );
        if errj.exists() {
            let e = read_json(&errj);
            let kind = e["error"]["kind"].as_str().unwrap_or("");
            assert!(
                ["io", "format", "encoding", "limit"].contains(&kind),
                "{}: kind {kind}",
                p.display()
            );
            assert!(!e["error"]["message"].as_str().unwrap_or("").is_empty());
        } else {
            let _: vanban::model::Output = serde_json::from_value(read_json(&json)).unwrap();
        }
    }
    assert!(
        out.path().join("empty.json").exists(),
        "an empty file is an empty result, not an error"
    );
    assert!(
        out.path().join("bomb.error.json").exists(),
        "a zip bomb is refused"
    );
    assert!(err.contains("missing.txt:"), "{err}");
    #[cfg(unix)]
    assert!(
        out.path().join("loop/good.json").exists(),
        "a symlink loop does not hide the files beside it"
    );
}

#[test]
fn size_limit_is_configurable() {
    let inp = tempfile::tempdir().unwrap();
    let p = inp.path().join("big.txt");
    std::fs::write(&p, vec![b'a'; 10_000]).unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run(&[
        "extract",
        p.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--max-bytes",
        "1000",
        "--quiet",
    ]);
    assert_eq!(r.status.code(), Some(1));
    let e = read_json(&out.path().join("big.error.json"));
    assert_eq!(e["error"]["kind"], "limit");
}
