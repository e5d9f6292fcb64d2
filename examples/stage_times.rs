//! Per-stage timing of one file, for finding slow stages:
//! `cargo run --release --example stage_times FILE [REPEAT]`.
//! (Benchmarks proper are in benches/; this is a quick look.)

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: stage_times FILE [REPEAT]");
        std::process::exit(2);
    };
    let repeat: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let mb = bytes.len() as f64 * repeat as f64 / 1_048_576.0;
    let opts = vanban::Options::default();
    let mut times = [0f64; 7];
    let names = [
        "decode",
        "doc build",
        "document",
        "citations",
        "targets",
        "tasks",
        "json",
    ];
    for _ in 0..repeat {
        let t = Instant::now();
        let d = match vanban::decode::decode(&bytes, &opts.limits) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1);
            }
        };
        times[0] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let doc = vanban::doc::Doc::build(
            vanban::Grammars::builtin(),
            d,
            vanban::model::Source::default(),
        );
        times[1] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let (document, _) = vanban::extract::document::extract(&doc);
        times[2] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _ = vanban::extract::citations::extract(&doc, &document);
        times[3] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _ = vanban::extract::targets::extract(&doc, &document);
        times[4] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _ = vanban::extract::tasks::extract(&doc, &document);
        times[5] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let out = vanban::extract_doc(&doc);
        let _ = serde_json::to_string(&out);
        times[6] += t.elapsed().as_secs_f64()
            - (times[2] + times[3] + times[4] + times[5]) / repeat as f64 * 0.0;
    }
    let total: f64 = times[..6].iter().sum();
    for (n, t) in names.iter().zip(times) {
        println!(
            "{n:10} {:9.2} ms  {:8.1} MB/s",
            t * 1000.0 / repeat as f64,
            if t > 0.0 { mb / t } else { 0.0 }
        );
    }
    println!(
        "{:10} {:9.2} ms  {:8.1} MB/s  ({:.2} MB)",
        "stages",
        total * 1000.0 / repeat as f64,
        mb / total,
        mb / repeat as f64
    );
}
