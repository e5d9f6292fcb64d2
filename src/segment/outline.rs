//! The outline: headings of the body (Phần, Chương, Mục, Điều; I., 1., 1.1.,
//! a), -, +; all-caps and bold headings) as one flat list in document order,
//! each with its depth. The target and task extractors read years and areas
//! from the chain of headings above a position; they never find headings
//! themselves.

use crate::doc::Doc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Depth, 1 = top.
    pub level: u32,
    /// The marker as printed ("II.", "1.2.", "a)", "Điều 3.", "-").
    pub marker: String,
    /// Heading text without the marker.
    pub text: String,
    /// Normalised offsets of the whole heading line.
    pub start: usize,
    pub end: usize,
}

/// Finds the headings of a document.
pub fn segment(_doc: &Doc) -> Vec<Heading> {
    Vec::new()
}

/// The headings that enclose `pos`, outermost first.
pub fn chain(outline: &[Heading], pos: usize) -> Vec<&Heading> {
    let mut stack: Vec<&Heading> = Vec::new();
    for h in outline {
        if h.start > pos {
            break;
        }
        while stack.last().is_some_and(|t| t.level >= h.level) {
            stack.pop();
        }
        stack.push(h);
    }
    stack
}
