//! Quality cannot silently drop: the eval on corpus/ must stay at or above
//! the floors in tests/quality_floors.toml.

mod common;
use common::*;
use vanban::eval::{Predictions, evaluate};

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
        Predictions::Extract(&opts),
    )
    .unwrap();
    let mut failures = Vec::new();
    if let Some(f1) = floors.get("f1").and_then(|v| v.as_table()) {
        for (section, floor) in f1 {
            let floor = floor.as_float().unwrap_or(0.0);
            let got = report.f1(section);
            if got + 1e-9 < floor {
                failures.push(format!("{section} F1 {got:.4} < floor {floor}"));
            }
        }
    }
    if let Some(fields) = floors.get("fields").and_then(|v| v.as_table()) {
        for (field, floor) in fields {
            let floor = floor.as_float().unwrap_or(0.0);
            let section = match field.split('.').next().unwrap_or("") {
                "document" => "document",
                "citation" => "citations",
                "target" => "targets",
                "task" => "tasks",
                other => panic!("unknown field section {other}"),
            };
            let got = report
                .totals
                .get(section)
                .and_then(|t| t.accuracy(field))
                .unwrap_or(0.0);
            if got + 1e-9 < floor {
                failures.push(format!("{field} accuracy {got:.4} < floor {floor}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "quality dropped:\n{}\n\n{}",
        failures.join("\n"),
        report.text(true)
    );
}
