//! Embeds every grammars/*.toml table into the binary, so the rule tables
//! ship with it and a new table needs no code to be registered; and tells
//! the tests which outside tools they can use (`cfg(vanban_chromium)`,
//! `cfg(vanban_openpyxl)`: a test whose tool is missing is ignored, with
//! its reason, rather than passing without checking anything).

use std::fmt::Write as _;
use std::path::Path;

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

/// Emits a cfg for each test tool found on this machine.
fn tools() {
    println!("cargo::rustc-check-cfg=cfg(vanban_chromium)");
    println!("cargo::rustc-check-cfg=cfg(vanban_openpyxl)");
    println!("cargo:rerun-if-env-changed=PATH");
    let chromium = Path::new("/usr/bin/chromium");
    if chromium.exists() {
        println!("cargo:rerun-if-changed={}", chromium.display());
        println!("cargo:rustc-cfg=vanban_chromium");
    }
    let openpyxl = std::process::Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if openpyxl {
        println!("cargo:rustc-cfg=vanban_openpyxl");
    }
}
