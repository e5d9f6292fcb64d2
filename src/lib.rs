//! vanban: Vietnamese government decisions and plans → structured JSON.
//!
//! The pipeline is one straight line, one module per stage:
//!
//! 1. [`decode`]: bytes → Unicode text (format and encoding detected from
//!    content), with a map back to the original bytes;
//! 2. [`normalize`]: NFC, `Ð`→`Đ`, line breaks, keeping the map;
//! 3. [`segment`]: lines, tables, outline (inside [`doc::Doc::build`]);
//! 4. [`extract`]: document, citations, targets, tasks;
//! 5. [`resolve`]: what needs more than one extractor's view (a citation
//!    that is the document itself, ordering);
//! 6. [`model`]: the output, serialised by the CLI.
//!
//! The rule tables of a run are one value, [`Grammars`]: loaded (and
//! checked) once, then borrowed by every stage.
//!
//! ```
//! let grammars = vanban::Grammars::load(None).unwrap();
//! let text = "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;";
//! let out = vanban::extract_bytes(&grammars, "x.txt", text.as_bytes(), &Default::default()).unwrap();
//! assert_eq!(out.source.format, "text");
//! assert_eq!(out.citations[0].issuer.as_deref(), Some("Chính phủ"));
//! ```

#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod atomic;
pub mod cli;
pub mod db;
pub mod decode;
pub mod doc;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod fuzzing;
mod grammars;
pub mod labels;
pub mod model;
pub mod normalize;
pub mod parse;
pub mod re;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod segment;
#[cfg(test)]
mod testing;
pub mod text;

use error::Result;
use model::{Output, SCHEMA_VERSION, Source};
pub use rules::Grammars;
use sha2::{Digest, Sha256};

/// Per-run settings that reach the pipeline.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub limits: decode::Limits,
}

/// Runs the whole pipeline on the bytes of one file, with the rule tables
/// of `grammars`. `path` is only recorded in `source.path`.
pub fn extract_bytes(
    grammars: &Grammars,
    path: &str,
    bytes: &[u8],
    opts: &Options,
) -> Result<Output> {
    let decoded = decode::decode(bytes, &opts.limits).map_err(|e| e.with_path(path))?;
    let source = Source {
        path: path.to_string(),
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
        ..Default::default()
    };
    let doc = doc::Doc::build(*grammars, decoded, source);
    Ok(extract_doc(&doc))
}

/// Text length from which one document's extractors run in parallel.
const PARALLEL_FROM: usize = 1 << 20;

/// Runs the extractors and the resolver on a built document.
pub fn extract_doc(doc: &doc::Doc) -> Output {
    let (document, instruments) = extract::document::extract(doc);
    // the other extractors read only the document and the header: on a large
    // file they run side by side (on a corpus every core is busy with its own
    // file, so rayon runs them in turn on this thread)
    let ((citations, targets), (tasks, tables)) = if doc.text.len() >= PARALLEL_FROM {
        rayon::join(
            || {
                rayon::join(
                    || extract::citations::extract(doc, &document),
                    || extract::targets::extract(doc, &document),
                )
            },
            || extract::tasks::extract(doc, &document),
        )
    } else {
        (
            (
                extract::citations::extract(doc, &document),
                extract::targets::extract(doc, &document),
            ),
            extract::tasks::extract(doc, &document),
        )
    };
    let outline = doc
        .outline
        .iter()
        .map(|h| model::Heading {
            level: h.level,
            marker: h.marker.clone(),
            text: h.text.clone(),
            span: doc.span(h.start, h.end),
            line: doc.line_of(h.start),
        })
        .collect();
    let mut out = Output {
        schema_version: SCHEMA_VERSION.to_string(),
        source: doc.source.clone(),
        document,
        instruments,
        citations,
        targets,
        tasks,
        tables,
        outline,
        warnings: doc.warnings.clone(),
    };
    let mentions: usize = out.citations.iter().map(|c| c.mentions.len().max(1)).sum();
    for (what, n) in [
        ("citation mentions", mentions),
        ("targets", out.targets.len()),
        ("tasks", out.tasks.len()),
    ] {
        if n >= extract::MAX_ITEMS {
            out.warnings.push(format!("{what}: stopped at {} (the per-document limit); the rest of the file was not read for them", extract::MAX_ITEMS));
        }
    }
    resolve::resolve(doc.grammars, &mut out);
    out
}

/// Lower-case hex SHA-256 of some bytes.
///
/// ```
/// assert_eq!(
///     vanban::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0x0F)]));
    }
    s
}
