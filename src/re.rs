//! Regexes written in the source code (rule tables build theirs in
//! `rules` and the extractors from data). Their patterns are literals, so
//! a pattern that does not compile is a bug in this crate, not in any
//! input: [`constant`] panics naming the pattern, and the first test that
//! reaches the regex finds it.

use regex::Regex;

/// Compiles a pattern written in the source.
#[allow(clippy::expect_used)]
pub fn constant(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a regex literal in the source compiles")
}

#[cfg(test)]
mod tests {
    #[test]
    fn constant_compiles_literals() {
        assert!(super::constant(r"^\d+$").is_match("681"));
    }

    #[test]
    #[should_panic(expected = "compiles")]
    fn a_broken_literal_is_a_bug_found_by_tests() {
        super::constant("(");
    }
}
