//! nom grammars for the small languages inside the text: document numbers
//! and symbols, dates, comparator phrases, timelines. One function per
//! production; each returns what it read and never panics on input.

pub mod comparator;
pub mod date;
pub mod number;
pub mod timeline;
