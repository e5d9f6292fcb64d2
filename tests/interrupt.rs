//! Interrupt safety: a run killed with SIGKILL leaves only complete, valid
//! JSON files behind (writes go to a temporary file renamed into place).

mod common;
use common::*;

#[cfg(unix)]
#[test]
fn sigkill_leaves_no_partial_output() {
    let inp = tempfile::tempdir().unwrap();
    let files = corpus_files();
    for i in 0..300 {
        let src = &files[i % files.len()];
        std::fs::copy(src, inp.path().join(format!("doc{i:04}.txt"))).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    for delay_ms in [30u64, 120, 400] {
        let mut child = vanban()
            .args([
                "extract",
                inp.path().to_str().unwrap(),
                "--out",
                out.path().to_str().unwrap(),
                "--quiet",
                "--jobs",
                "2",
            ])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on unix
        let _ = child.wait();
        for e in std::fs::read_dir(out.path()).unwrap().flatten() {
            let p = e.path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".tmp") {
                continue; // an unfinished temporary file, never an output
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let v: Result<vanban::model::Output, _> = serde_json::from_str(&text);
            assert!(v.is_ok(), "{name} is partial or invalid after SIGKILL");
        }
    }
}
