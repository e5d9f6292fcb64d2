//! Extractors: each finds candidates in a [`crate::doc::Doc`] and resolves
//! them into output items. One module per section of the output.

pub mod citations;
pub mod document;
pub mod targets;
pub mod tasks;

/// Most items one extractor reads in one document. Real documents stay far
/// below (a 450-page appendix cites ~120 documents); a hostile file of
/// endless near-miss figures or numbers would otherwise cost minutes and
/// gigabytes. Reaching it leaves a warning in the output.
pub const MAX_ITEMS: usize = 50_000;

/// Builds the tables of every extractor and runs their examples (see
/// [`crate::rules::Grammars::load`]).
pub fn check(g: crate::rules::Grammars) -> crate::error::Result<()> {
    citations::check(g)?;
    document::check(g)?;
    targets::check(g)?;
    tasks::check(g)
}
