//! Criterion benchmarks, one per pipeline stage, on the corpus documents and
//! on adversarial near-miss input (endless `số 12/` fragments and `%` signs),
//! whose time per MB must stay within 3× of normal text.
//!
//! `per_file` is the end-to-end figure: each corpus document from bytes to
//! pretty JSON on one core.
//!
//! `cargo bench` runs them; figures are throughput in bytes per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// The corpus documents, each as read from its file.
fn corpus_files() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect()
}

/// The corpus documents joined into one text (one long document).
fn corpus_text() -> Vec<u8> {
    let mut v = Vec::new();
    for f in corpus_files() {
        v.extend(f);
        v.push(b'\n');
    }
    v
}

fn adversarial(len: usize) -> Vec<u8> {
    let pieces = [
        "số 12/",
        "Quyết định số 1",
        "ngày 1",
        "% ",
        "tháng ",
        "năm 20",
        "| ",
        "tối thiểu ",
        "1.",
        "Căn cứ ",
    ];
    let mut v = Vec::with_capacity(len);
    let mut i = 0;
    while v.len() < len {
        v.extend_from_slice(pieces[i % pieces.len()].as_bytes());
        i += 7;
        if i % 13 == 0 {
            v.push(b'\n');
        }
    }
    v
}

/// What a corpus run does per file on one core: bytes → pretty JSON, each
/// corpus document on its own (the figure the throughput target is about).
fn per_file(c: &mut Criterion) {
    let files = corpus_files();
    let total: usize = files.iter().map(Vec::len).sum();
    let opts = vanban::Options::default();
    let mut g = c.benchmark_group("per_file");
    g.throughput(Throughput::Bytes(total as u64));
    g.sample_size(20);
    g.bench_function("text_to_json", |b| {
        b.iter(|| {
            let mut json = Vec::new();
            for f in &files {
                let out =
                    vanban::extract_bytes(&vanban::Grammars::builtin(), "x", black_box(f), &opts)
                        .unwrap();
                json.clear();
                vanban::model::write_pretty(&mut json, &out).unwrap();
            }
            json.len()
        })
    });
    let outs: Vec<_> = files
        .iter()
        .map(|f| vanban::extract_bytes(&vanban::Grammars::builtin(), "x", f, &opts).unwrap())
        .collect();
    g.bench_function("json_only", |b| {
        b.iter(|| {
            let mut json = Vec::new();
            for o in &outs {
                json.clear();
                vanban::model::write_pretty(&mut json, black_box(o)).unwrap();
            }
            json.len()
        })
    });
    g.finish();
}

fn stages(c: &mut Criterion) {
    let text = corpus_text();
    let opts = vanban::Options::default();
    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    g.bench_function("decode", |b| {
        b.iter(|| vanban::decode::decode(black_box(&text), &opts.limits).unwrap())
    });
    let decoded = vanban::decode::decode(&text, &opts.limits).unwrap();
    g.bench_function("normalize", |b| {
        b.iter(|| vanban::normalize::normalize(black_box(&decoded.text.text)))
    });
    g.bench_function("segment", |b| {
        b.iter(|| {
            vanban::doc::Doc::build(
                vanban::Grammars::builtin(),
                black_box(decoded.clone()),
                vanban::model::Source::default(),
            )
        })
    });
    let doc = vanban::doc::Doc::build(
        vanban::Grammars::builtin(),
        decoded.clone(),
        vanban::model::Source::default(),
    );
    g.bench_function("extract", |b| {
        b.iter(|| vanban::extract_doc(black_box(&doc)))
    });
    g.bench_function("whole", |b| {
        b.iter(|| {
            vanban::extract_bytes(&vanban::Grammars::builtin(), "x", black_box(&text), &opts)
                .unwrap()
        })
    });
    g.finish();

    let adv = adversarial(text.len());
    let mut g = c.benchmark_group("adversarial");
    g.throughput(Throughput::Bytes(adv.len() as u64));
    g.sample_size(20);
    g.bench_function("whole_normal", |b| {
        b.iter(|| {
            vanban::extract_bytes(&vanban::Grammars::builtin(), "x", black_box(&text), &opts)
                .unwrap()
        })
    });
    g.bench_function("whole_near_miss", |b| {
        b.iter(|| {
            vanban::extract_bytes(&vanban::Grammars::builtin(), "x", black_box(&adv), &opts)
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, per_file, stages);
criterion_main!(benches);
