//! Timing of the core stages only (doc build, document, tasks), without the
//! citations and targets extractors: `core_stages FILE [REPEAT]`.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: core_stages FILE [REPEAT]");
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
    let mut times = [0f64; 3];
    let names = ["doc build", "document", "tasks"];
    for _ in 0..repeat {
        let Ok(d) = vanban::decode::decode(&bytes, &opts.limits) else {
            eprintln!("{path}: decode failed");
            std::process::exit(1);
        };
        let t = Instant::now();
        let doc = vanban::doc::Doc::build(d, vanban::model::Source::default());
        times[0] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _ = vanban::extract::document::extract(&doc);
        times[1] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _ = vanban::extract::tasks::extract(&doc);
        times[2] += t.elapsed().as_secs_f64();
    }
    for (n, t) in names.iter().zip(times) {
        println!(
            "{n:10} {:9.2} ms  {:8.1} MB/s",
            t * 1000.0 / repeat as f64,
            if t > 0.0 { mb / t } else { 0.0 }
        );
    }
}
