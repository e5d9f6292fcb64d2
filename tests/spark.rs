//! The PySpark example runs in local mode (when pyspark is installed).

mod common;
use common::*;

#[test]
fn spark_example_runs_locally() {
    let Some(py) = python3() else { return };
    let has_spark = std::process::Command::new(py)
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_spark {
        eprintln!("pyspark not installed: Spark example not run");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("spark_out");
    let r = std::process::Command::new(py)
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
