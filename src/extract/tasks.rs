//! The `tasks` section (rows of appendix task tables) and the `tables`
//! section (every table, as data).

use crate::doc::Doc;
use crate::model::{Table, Task};

/// Maps the document's tables to tasks; returns tasks and all tables.
pub fn extract(_doc: &Doc) -> (Vec<Task>, Vec<Table>) {
    (Vec::new(), Vec::new())
}
