//! The PySpark example runs in local mode. It needs python3 with pyspark
//! and a Java runtime (`cfg(vanban_pyspark)`, found by build.rs); without
//! them the test is ignored, with the reason.

mod common;
use common::*;

#[test]
#[cfg_attr(
    not(vanban_pyspark),
    ignore = "needs python3 with pyspark and a Java runtime (pip install pyspark; Debian: default-jre-headless; .ci/run installs them)"
)]
fn spark_example_runs_locally() {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("spark_out");
    let r = std::process::Command::new("python3")
        .current_dir(root())
        .args(["examples/spark_extract.py", "corpus"])
        .arg(&dest)
        .args([
            "--vanban",
            env!("CARGO_BIN_EXE_vanban"),
            "--partitions",
            "2",
        ])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let mut n = 0;
    for e in std::fs::read_dir(&dest).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("part-") {
            for line in std::fs::read_to_string(e.path()).unwrap().lines() {
                let _: vanban::model::Output = serde_json::from_str(line).unwrap();
                n += 1;
            }
        }
    }
    assert_eq!(n, corpus_files().len());
}
