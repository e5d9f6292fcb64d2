//! Replays every fuzz corpus entry and every crash artifact on stable Rust,
//! so what the fuzzers found stays fixed (fuzz/corpus/TARGET/*,
//! fuzz/artifacts/TARGET/*).

mod common;
use common::*;

#[test]
fn replay_fuzz_corpora_and_crashes() {
    let mut ran = 0;
    for (name, f) in vanban::fuzzing::TARGETS {
        for sub in ["corpus", "artifacts", "regressions"] {
            let dir = root().join("fuzz").join(sub).join(name);
            // every target has a corpus; only some have crash artifacts or
            // regressions
            let rd = match std::fs::read_dir(&dir) {
                Ok(rd) => rd,
                Err(e) if sub == "corpus" => panic!("{}: {e}", dir.display()),
                Err(_) => continue,
            };
            let mut files: Vec<_> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            assert!(
                sub != "corpus" || !files.is_empty(),
                "{}: an empty corpus",
                dir.display()
            );
            for p in files {
                let data = std::fs::read(&p).unwrap();
                let r = std::panic::catch_unwind(|| f(&data));
                assert!(r.is_ok(), "{name}: {} panics", p.display());
                ran += 1;
            }
        }
        // seeds: the corpus documents themselves
        for src in corpus_files() {
            f(&std::fs::read(src).unwrap());
            ran += 1;
        }
    }
    assert!(ran > 0);
}
