//! Golden tests: the JSON of every corpus document, snapshotted with insta,
//! one snapshot per section (tests/snapshots/<document>/<section>.snap:
//! source, document, instruments, citations, targets, tasks, tables,
//! outline), so a change in output shows up as a diff of the sections it
//! touches (`cargo insta review`, or INSTA_UPDATE=always to accept
//! deliberately). Together the sections are the whole output: a field added
//! to it and left out here fails the test.

mod common;
use common::*;
use serde::Serialize;

/// The head of an output: what was read, and the problems met reading it.
#[derive(Serialize)]
struct Head<'a> {
    schema_version: &'a str,
    source: &'a vanban::model::Source,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
}

fn value<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap()
}

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
        let head = Head {
            schema_version: &out.schema_version,
            source: &out.source,
            warnings: &out.warnings,
        };
        // the sections hold the whole output, no more and no less
        let mut whole = value(&head);
        let map = whole.as_object_mut().unwrap();
        map.insert("document".into(), value(&out.document));
        map.insert("instruments".into(), value(&out.instruments));
        map.insert("citations".into(), value(&out.citations));
        map.insert("targets".into(), value(&out.targets));
        map.insert("tasks".into(), value(&out.tasks));
        map.insert("tables".into(), value(&out.tables));
        map.insert("outline".into(), value(&out.outline));
        assert_eq!(
            whole,
            value(&out),
            "{name}: the sections are not the whole output"
        );
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(format!("snapshots/{name}"));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| {
            insta::assert_json_snapshot!("source", head);
            insta::assert_json_snapshot!("document", out.document);
            insta::assert_json_snapshot!("instruments", out.instruments);
            insta::assert_json_snapshot!("citations", out.citations);
            insta::assert_json_snapshot!("targets", out.targets);
            insta::assert_json_snapshot!("tasks", out.tasks);
            insta::assert_json_snapshot!("tables", out.tables);
            insta::assert_json_snapshot!("outline", out.outline);
        });
    }
}
