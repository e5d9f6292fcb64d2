//! Property tests: the offset map of decoding and normalisation.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;
use vanban::normalize::normalize;

fn vietnamese_ish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("Quyết định".to_string()),
        Just("Quyết định".nfd().collect::<String>()),
        Just("Ð".to_string()),
        Just("ð".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("\u{00A0}".to_string()),
        Just("\u{0301}".to_string()),
        Just("\u{0323}".to_string()),
        Just("a\u{0306}\u{0301}".to_string()),
        Just("76/NQ-CP".to_string()),
        Just("\t".to_string()),
        "[a-zA-Z0-9 %/.-]{0,6}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn starter_boundaries(s: &str) -> Vec<usize> {
    let mut v: Vec<usize> = s
        .char_indices()
        .filter(|(_, c)| canonical_combining_class(*c) == 0)
        .map(|(i, _)| i)
        .collect();
    v.push(s.len());
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Mapping a span back and re-normalising the original bytes gives the
    /// same text.
    #[test]
    fn spans_round_trip(input in vietnamese_ish(), a in 0usize..64, b in 0usize..64) {
        let m = normalize(&input);
        let bounds = starter_boundaries(&m.text);
        let i = bounds[a % bounds.len()];
        let j = bounds[b % bounds.len()];
        let (s, e) = (i.min(j), i.max(j));
        let (os, oe) = m.span_to_orig(s, e);
        prop_assert!(os <= oe && oe <= input.len());
        prop_assert!(input.is_char_boundary(os) && input.is_char_boundary(oe));
        let again = normalize(&input[os..oe]).text;
        prop_assert_eq!(again, &m.text[s..e]);
    }

    /// Normalisation is idempotent and NFC.
    #[test]
    fn normalised_text_is_stable(input in vietnamese_ish()) {
        let once = normalize(&input).text;
        let twice = normalize(&once).text;
        prop_assert_eq!(&once, &twice);
        prop_assert_eq!(once.nfc().collect::<String>(), once.clone());
        prop_assert!(!once.contains('\r') && !once.contains('Ð'));
    }
}
