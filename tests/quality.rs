//! Quality cannot silently drop: the eval on corpus/ must stay at or above
//! the floors in tests/quality_floors.toml, set by set.
//!
//! corpus/ holds two gold sets: the five seed documents (all
//! administrative-reform plans, names `0NN_…`) and the development set of
//! real documents of other genres (names `rNN_…`, hand gold made to
//! corpus/gold/SPEC.md). Each has its own floors, so a change that helps one
//! genre and hurts the other fails here.

mod common;
use common::*;
use vanban::eval::{Predictions, Report, SECTIONS, Tally, evaluate};

/// Sums the per-document tallies of the documents whose source name starts
/// with `prefix`.
fn totals(
    report: &Report,
    prefix: &str,
) -> (usize, std::collections::BTreeMap<&'static str, Tally>) {
    let mut out: std::collections::BTreeMap<&'static str, Tally> =
        SECTIONS.iter().map(|k| (*k, Tally::default())).collect();
    let mut n = 0;
    for d in report.docs.iter().filter(|d| d.source.starts_with(prefix)) {
        n += 1;
        for (k, t) in &d.tallies {
            if let Some(tot) = out.get_mut(k) {
                tot.add(t);
            }
        }
    }
    (n, out)
}

fn check_set(report: &Report, name: &str, floors: &toml::Table, failures: &mut Vec<String>) {
    let set = floors
        .get(name)
        .and_then(|v| v.as_table())
        .unwrap_or_else(|| panic!("tests/quality_floors.toml has no [{name}]"));
    let prefix = set
        .get("prefix")
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("[{name}] has no prefix"));
    let (n, tot) = totals(report, prefix);
    assert!(
        n > 0,
        "no gold document of set {name} (prefix {prefix:?}) in corpus/gold"
    );
    if let Some(f1) = set.get("f1").and_then(|v| v.as_table()) {
        for (section, floor) in f1 {
            let floor = floor.as_float().unwrap_or(1.0);
            let got = tot.get(section.as_str()).map_or(0.0, |t| t.prf().2);
            if got + 1e-9 < floor {
                failures.push(format!("{name}: {section} F1 {got:.4} < floor {floor}"));
            }
        }
    }
    if let Some(fields) = set.get("fields").and_then(|v| v.as_table()) {
        for (field, floor) in fields {
            let floor = floor.as_float().unwrap_or(1.0);
            let section = match field.split('.').next().unwrap_or("") {
                "document" => "document",
                "citation" => "citations",
                "target" => "targets",
                "task" => "tasks",
                other => panic!("unknown field section {other}"),
            };
            let got = tot
                .get(section)
                .and_then(|t| t.accuracy(field))
                .unwrap_or(0.0);
            if got + 1e-9 < floor {
                failures.push(format!("{name}: {field} accuracy {got:.4} < floor {floor}"));
            }
        }
    }
}

#[test]
fn corpus_quality_stays_above_the_floors() {
    let floors: toml::Table = std::fs::read_to_string(root().join("tests/quality_floors.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let opts = vanban::Options::default();
    let report = evaluate(
        &root().join("corpus/gold"),
        &root().join("corpus"),
        Predictions::Extract(&vanban::Grammars::builtin(), &opts),
    )
    .unwrap();
    let mut failures = Vec::new();
    for set in ["seeds", "devgold"] {
        check_set(&report, set, &floors, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "quality dropped:\n{}\n\n{}",
        failures.join("\n"),
        report.text(true)
    );
}
