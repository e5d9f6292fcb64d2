//! Byte scans over a whole text that find the few places a scanner has to
//! look at, so that no regex runs over the whole text: here, every space
//! before a capital letter (where a level word may end, "tỉnh Nghệ An");
//! and [`runs`], the words of a text as a regex `[^…]+` finds them.
//!
//! The scan reads eight bytes at a time as one `u64` ("SWAR"): a byte
//! search that keeps every hit in a register costs about two instructions
//! a byte, where `memchr` for a byte as common as the space pays some fifty
//! per hit.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` that is a space; also, rarely, of a
/// `!` right after a space (the borrow of the test), which the caller
/// checks away.
fn spaces(w: u64) -> u64 {
    let x = w ^ (ONES * u64::from(b' '));
    x.wrapping_sub(ONES) & !x & HIGH
}

/// The high bit of each byte of `w` that may start a capital letter: an
/// ASCII capital or any byte past ASCII.
fn capital_starts(w: u64) -> u64 {
    let low = w & !HIGH;
    // a byte of at most 0x7F plus 0x3F sets its high bit from 'A' on, plus
    // 0x25 from '[' on; neither carries into the next byte
    let from_a = low.wrapping_add(ONES * 0x3F);
    let past_z = low.wrapping_add(ONES * 0x25);
    ((from_a & !past_z) | w) & HIGH
}

/// True when byte `b` may start a capital letter.
fn capital_start(b: u8) -> bool {
    b.is_ascii_uppercase() || !b.is_ascii()
}

/// The offsets of the spaces of `b` that a byte that may start a capital
/// letter (an ASCII capital or a byte past ASCII) follows, in order.
pub fn spaces_before_capitals(b: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut base = 0;
    // eight bytes, and the eight after each of them
    while let Some(c) = b.get(base..base + 9) {
        let (Ok(here), Ok(next)) = (<[u8; 8]>::try_from(&c[..8]), <[u8; 8]>::try_from(&c[1..]))
        else {
            break;
        };
        let mut m = spaces(u64::from_le_bytes(here)) & capital_starts(u64::from_le_bytes(next));
        while m != 0 {
            let i = base + (m.trailing_zeros() / 8) as usize;
            // the test may flag a '!' after a space
            if b.get(i) == Some(&b' ') {
                out.push(i);
            }
            m &= m - 1;
        }
        base += 8;
    }
    for i in base..b.len() {
        if b.get(i) == Some(&b' ') && b.get(i + 1).copied().is_some_and(capital_start) {
            out.push(i);
        }
    }
    out
}

/// The runs of characters of `s` that `sep` does not hold, as (start,
/// end) offsets, in order: what a regex `[^…]+` finds, lazily.
pub fn runs<'a>(
    s: &'a str,
    sep: impl Fn(char) -> bool + 'a,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut it = s.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (at, c) = it.next()?;
            if !sep(c) {
                break at;
            }
        };
        let mut end = s.len();
        while let Some(&(at, c)) = it.peek() {
            if sep(c) {
                end = at;
                break;
            }
            it.next();
        }
        Some((start, end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_what_the_regex_finds() {
        let re = regex::Regex::new(r"\S+").unwrap();
        for t in [
            "",
            " ",
            "a",
            " a  bc\n",
            "x\u{2003}y\u{a0}z ",
            "Luật  Đất\tđai.",
        ] {
            let want: Vec<(usize, usize)> = re.find_iter(t).map(|m| (m.start(), m.end())).collect();
            assert_eq!(
                runs(t, char::is_whitespace).collect::<Vec<_>>(),
                want,
                "{t:?}"
            );
        }
    }

    fn by_bytes(b: &[u8]) -> Vec<usize> {
        (0..b.len())
            .filter(|&i| b[i] == b' ' && b.get(i + 1).copied().is_some_and(capital_start))
            .collect()
    }

    #[test]
    fn finds_what_a_byte_loop_finds() {
        let alphabet = [
            b' ', b'!', b'A', b'Z', b'@', b'[', b'a', b'z', b'0', 0x7F, 0x80, 0xC3, 0xE1, 0xFF,
            b'\n',
        ];
        let mut next = crate::testing::xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let n = (next() % 40) as usize;
            let b: Vec<u8> = (0..n)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(spaces_before_capitals(&b), by_bytes(&b), "{b:?}");
        }
        let t = "của UBND tỉnh Nghệ An, thành phố  Đà Nẵng. xã hội";
        assert_eq!(spaces_before_capitals(t.as_bytes()), by_bytes(t.as_bytes()));
    }

    #[test]
    fn every_byte_value_in_every_lane() {
        for lane in 0..8 {
            for v in 0..=255u8 {
                let mut b = [b'x'; 17];
                b[lane] = b' ';
                b[lane + 1] = v;
                assert_eq!(spaces_before_capitals(&b), by_bytes(&b), "{lane} {v}");
                let mut b = [b' '; 17];
                b[lane + 1] = v;
                assert_eq!(spaces_before_capitals(&b), by_bytes(&b), "{lane} {v}");
            }
        }
    }
}
