//! Resolution across extractors: what no single extractor can decide alone.
//!
//! - The document itself, and the decision it is attached to, are not
//!   citations (SPEC.md): drop them.
//! - Output order is deterministic: by position in the file.

use crate::model::Output;
use crate::parse::number;
use crate::rules::Grammars;

pub fn resolve(g: Grammars, out: &mut Output) {
    let own: Vec<String> = [
        out.document.number.as_deref(),
        out.document
            .attached_to
            .as_ref()
            .and_then(|a| a.number.as_deref()),
    ]
    .into_iter()
    .flatten()
    .filter_map(|n| number::key(g, n))
    .collect();
    if !own.is_empty() {
        out.citations.retain(|c| {
            c.number
                .as_deref()
                .and_then(|n| number::key(g, n))
                .is_none_or(|k| !own.contains(&k))
        });
    }
    out.citations.sort_by_key(|c| (c.span.start, c.span.end));
    out.targets.sort_by_key(|t| (t.span.start, t.span.end));
}
