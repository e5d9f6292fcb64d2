//! Helpers shared by the unit tests: a small seeded random source, so the
//! tests that compare a fast reader with a slow one draw the same inputs on
//! every run without a dependency.

/// A xorshift64 generator from `seed` (not 0): each call gives the next
/// number of the sequence.
pub fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sequence_is_xorshift64() {
        let mut next = super::xorshift(1);
        assert_eq!(next(), 1_082_269_761);
        assert_ne!(next(), 1_082_269_761);
    }
}
