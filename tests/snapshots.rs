//! Golden tests: the whole JSON of every corpus document, snapshotted with
//! insta (tests/snapshots/). A change in output shows up as a diff to review
//! (`cargo insta review`, or INSTA_UPDATE=always to accept deliberately).

mod common;
use common::*;

#[test]
fn corpus_outputs_match_their_snapshots() {
    let opts = vanban::Options::default();
    for src in corpus_files() {
        let rel = src
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let raw = std::fs::read(&src).unwrap();
        let out = vanban::extract_bytes(&vanban::Grammars::builtin(), &rel, &raw, &opts).unwrap();
        let name = src.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_json_snapshot!(name, out);
    }
}
