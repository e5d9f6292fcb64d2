//! The `targets` section: every percentage or score set as a goal, with its
//! comparator, change, per-year flag, year and reform area.

use crate::doc::Doc;
use crate::model::{Document, Target};

/// Extracts the targets of a document; `main` gives the plan period.
pub fn extract(_doc: &Doc, _main: &Document) -> Vec<Target> {
    Vec::new()
}
