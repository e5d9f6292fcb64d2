//! The `document` section: kind, number, date, issuer, province, level,
//! signer, title, period, attached_to; and the list of instruments in the
//! file. Reads the header and signature block that Nghị định 30/2020/NĐ-CP
//! prescribes.

use crate::doc::Doc;
use crate::model::{Document, Instrument};

/// Extracts the main instrument and every instrument in the file.
pub fn extract(_doc: &Doc) -> (Document, Vec<Instrument>) {
    (Document::default(), Vec::new())
}
