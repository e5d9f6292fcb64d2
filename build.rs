//! Embeds every grammars/*.toml table into the binary, so the rule tables
//! ship with it and a new table needs no code to be registered; and tells
//! the tests which outside tools and data they can use (`cfg(vanban_chromium)`,
//! `vanban_openpyxl`, `vanban_python3`, `vanban_pyspark`, `vanban_ocr`,
//! `vanban_shared`): a test whose tool or data is missing is ignored, with
//! its reason, rather than passing without checking anything.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("grammars");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from("pub static EMBEDDED: &[(&str, &str)] = &[\n");
    for n in &names {
        let path = dir.join(n);
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = n.trim_end_matches(".toml");
        let _ = writeln!(
            code,
            "    ({stem:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    tools();
    let out =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("grammars.rs");
    std::fs::write(out, code).unwrap_or_else(|e| panic!("writing grammars.rs: {e}"));
}

/// Emits a cfg for each outside tool or data set the tests can use, found
/// on this machine when vanban is built (install a tool before building, as
/// .ci/run does; `touch build.rs` to look again). A test that needs one is
/// ignored, with its reason, where it is missing, and runs where it is there.
fn tools() {
    for cfg in [
        "vanban_chromium",
        "vanban_openpyxl",
        "vanban_python3",
        "vanban_pyspark",
        "vanban_ocr",
        "vanban_shared",
    ] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
    }
    println!("cargo:rerun-if-env-changed=PATH");
    // Chromium: its path is handed to the tests (tests/tools.rs).
    let chromium = on_path(&["chromium", "chromium-browser"]);
    if let Some(c) = &chromium {
        println!("cargo:rerun-if-changed={}", c.display());
        println!("cargo:rustc-cfg=vanban_chromium");
    }
    println!(
        "cargo:rustc-env=VANBAN_CHROMIUM={}",
        chromium
            .map(|c| c.display().to_string())
            .unwrap_or_default()
    );
    // python3: score.py, variants.py; openpyxl (the xlsx export); pyspark,
    // which needs a Java runtime to run even in local mode.
    if runs("python3", &["--version"]) {
        println!("cargo:rustc-cfg=vanban_python3");
        if runs("python3", &["-c", "import openpyxl"]) {
            println!("cargo:rustc-cfg=vanban_openpyxl");
        }
        if runs("python3", &["-c", "import pyspark"]) && runs("java", &["-version"]) {
            println!("cargo:rustc-cfg=vanban_pyspark");
        }
    }
    // The `ocr` feature's tools: pdftoppm and tesseract with Vietnamese.
    let vie = std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| {
            o.status.success()
                && String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .any(|l| l == "vie")
        });
    if vie && runs("pdftoppm", &["-v"]) {
        println!("cargo:rustc-cfg=vanban_ocr");
    }
    shared();
}

/// The real documents too large to commit (scans, a 450-page PDF, a 1 MB
/// web page) live beside the repository, in ../shared (or where
/// `VANBAN_SHARED` says). `cfg(vanban_shared)` when its realdocs and
/// realtexts folders are there; the tests find it as `VANBAN_SHARED_DIR`.
fn shared() {
    println!("cargo:rerun-if-env-changed=VANBAN_SHARED");
    let dir = match std::env::var_os("VANBAN_SHARED") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    let subdirs = ["realdocs", "realtexts"];
    if subdirs.iter().all(|d| dir.join(d).is_dir()) {
        println!("cargo:rustc-cfg=vanban_shared");
        // a folder that goes away makes cargo look again
        for d in subdirs {
            println!("cargo:rerun-if-changed={}", dir.join(d).display());
        }
    }
    println!("cargo:rustc-env=VANBAN_SHARED_DIR={}", dir.display());
}

/// The first of `names` found as a file on PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| names.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

/// `program args` can be started and exits with success.
fn runs(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}
