//! `vanban eval` gives the same figures as the reference scorer score.py
//! (python3, `cfg(vanban_python3)`: ignored, with the reason, without it).

mod common;
use common::*;

#[test]
#[cfg_attr(
    not(vanban_python3),
    ignore = "needs python3 to run tests/fixtures/score.py (.ci/run installs it)"
)]
fn eval_agrees_with_score_py() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    assert!(
        run(&["extract", "corpus", "--out", d, "--quiet"])
            .status
            .success()
    );
    let ours = run(&[
        "eval",
        "--gold",
        "corpus/gold",
        "--src",
        "corpus",
        "--pred",
        d,
        "--json",
    ]);
    assert!(
        ours.status.success(),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );
    let ours: serde_json::Value = serde_json::from_slice(&ours.stdout).unwrap();
    let theirs = std::process::Command::new("python3")
        .current_dir(root())
        .args([
            "tests/fixtures/score.py",
            "--gold",
            "corpus/gold",
            "--src",
            "corpus",
            "--pred",
            d,
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        theirs.status.success(),
        "{}",
        String::from_utf8_lossy(&theirs.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&theirs.stdout).unwrap();
    compare(&ours, &theirs, "");
    // and extracting in-process gives the same as reading the files
    let inproc = run(&["eval", "--gold", "corpus/gold", "--src", "corpus", "--json"]);
    let inproc: serde_json::Value = serde_json::from_slice(&inproc.stdout).unwrap();
    compare(&inproc, &theirs, "");
}

fn compare(a: &serde_json::Value, b: &serde_json::Value, at: &str) {
    match (a, b) {
        (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
            let kx: Vec<_> = x.keys().collect();
            let ky: Vec<_> = y.keys().collect();
            assert_eq!(kx, ky, "keys differ at {at}");
            for k in x.keys() {
                compare(&x[k], &y[k], &format!("{at}/{k}"));
            }
        }
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 0.001, "{at}: vanban {x} vs score.py {y}");
        }
        _ => assert_eq!(a, b, "at {at}"),
    }
}
