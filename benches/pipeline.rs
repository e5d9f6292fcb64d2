//! Criterion benchmarks, one per pipeline stage, on the corpus documents and
//! on adversarial near-miss input (endless `số 12/` fragments and `%` signs),
//! whose time per MB must stay within 3× of normal text.
//!
//! `cargo bench` runs them; figures are throughput in bytes per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn corpus_text() -> Vec<u8> {
    let mut v = Vec::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    for f in files {
        v.extend(std::fs::read(f).unwrap());
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
            vanban::doc::Doc::build(black_box(decoded.clone()), vanban::model::Source::default())
        })
    });
    let doc = vanban::doc::Doc::build(decoded.clone(), vanban::model::Source::default());
    g.bench_function("extract", |b| {
        b.iter(|| vanban::extract_doc(black_box(&doc)))
    });
    g.bench_function("whole", |b| {
        b.iter(|| vanban::extract_bytes("x", black_box(&text), &opts).unwrap())
    });
    g.finish();

    let adv = adversarial(text.len());
    let mut g = c.benchmark_group("adversarial");
    g.throughput(Throughput::Bytes(adv.len() as u64));
    g.sample_size(20);
    g.bench_function("whole_normal", |b| {
        b.iter(|| vanban::extract_bytes("x", black_box(&text), &opts).unwrap())
    });
    g.bench_function("whole_near_miss", |b| {
        b.iter(|| vanban::extract_bytes("x", black_box(&adv), &opts).unwrap())
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
