//! Entry points shared by the fuzz targets (fuzz/) and their replay test
//! (tests/fuzz_replay.rs), so every corpus entry and every crash found is
//! re-run by a plain `cargo test` on stable Rust.
//!
//! Each function must never panic, whatever the bytes; each checks the
//! invariants that must hold for any input.

use crate::normalize::normalize;

/// Bytes through the whole pipeline; every span must lie inside the input
/// on char boundaries of what it indexes.
pub fn pipeline(data: &[u8]) {
    let Ok(out) = crate::extract_bytes("fuzz", data, &crate::Options::default()) else {
        return;
    };
    let limit = if out.source.format == "text" {
        data.len()
    } else {
        usize::MAX
    };
    let spans = out
        .citations
        .iter()
        .map(|c| c.span)
        .chain(out.targets.iter().map(|t| t.span))
        .chain(out.tasks.iter().map(|t| t.span));
    for s in spans {
        assert!(s.start <= s.end, "span {s:?} reversed");
        assert!(s.end <= limit, "span {s:?} outside {limit} bytes");
    }
    let _ = serde_json::to_string(&out);
}

/// Any string through normalisation: the map stays inside the input and
/// normalising again changes nothing.
pub fn normalise(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let m = normalize(s);
    let mut last = 0;
    for (i, _) in m
        .text
        .char_indices()
        .chain(std::iter::once((m.text.len(), ' ')))
    {
        let o = m.to_orig(i);
        assert!(o <= s.len() && o >= last, "offset {i} maps to {o}");
        last = o;
    }
    assert_eq!(normalize(&m.text).text, m.text, "not idempotent");
}

/// The date grammar on any text.
pub fn date(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    if let Some((d, used)) = crate::parse::date::parse_date(&s) {
        assert!(used <= s.len());
        assert!(s.is_char_boundary(used));
        let _ = d.iso();
    }
}

/// The number grammar: canonical forms are idempotent.
pub fn number(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    if let Some(c) = crate::parse::number::canonical(&s) {
        assert_eq!(
            crate::parse::number::canonical(&c).as_deref(),
            Some(c.as_str()),
            "canonical not idempotent for {s:?}"
        );
    }
}

/// Decoding alone (format and encoding detection, every front end).
pub fn decode(data: &[u8]) {
    if let Ok(d) = crate::decode::decode(data, &crate::decode::Limits::default()) {
        let t = &d.text;
        assert!(t.to_orig(t.text.len()) <= t.orig_len());
    }
}

/// A fuzz entry point.
pub type Target = fn(&[u8]);

/// Every target, by name.
pub const TARGETS: &[(&str, Target)] = &[
    ("pipeline", pipeline),
    ("normalise", normalise),
    ("date", date),
    ("number", number),
    ("decode", decode),
];
