//! The `citations` section: every other legal document the text names.
//! Candidates are found with regex, parsed with the nom grammars in
//! [`crate::parse`], and resolved (one entry per document, every mention
//! kept, conflicts flagged).

use crate::doc::Doc;
use crate::model::{Citation, Document};

/// Extracts the citations of a document; `main` is the document itself,
/// which (with the decision it is attached to) is never a citation.
pub fn extract(_doc: &Doc, _main: &Document) -> Vec<Citation> {
    Vec::new()
}
