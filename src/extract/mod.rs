//! Extractors: each finds candidates in a [`crate::doc::Doc`] and resolves
//! them into output items. One module per section of the output.

pub mod citations;
pub mod document;
pub mod targets;
pub mod tasks;
