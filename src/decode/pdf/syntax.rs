//! Checks on a PDF's raw bytes before lopdf parses them, for what its
//! parser cannot survive:
//!
//! * arrays and dictionaries nested thousands deep: the parser recurses
//!   once per level and overflows the stack, which aborts the whole
//!   process, not just the file ([`too_deep`], also run on each object
//!   stream before its objects are parsed);
//! * a cross-reference stream that inflates without end: the parser
//!   inflates it with no limit ([`xref_bomb`]).

/// Deepest nesting of arrays and dictionaries accepted (real files nest a
/// dozen deep; the parser overflowed its stack between 1 000 and 3 000).
pub const MAX_NESTING: usize = 256;

/// The offset where arrays and dictionaries first nest deeper than
/// [`MAX_NESTING`], if they do. Comments, strings, names and stream data
/// are skipped; `endobj` resets the count (a broken object cannot carry
/// its brackets into the next).
pub fn too_deep(b: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'%' => {
                while b.get(i).is_some_and(|c| *c != b'\n' && *c != b'\r') {
                    i += 1;
                }
            }
            b'(' => i = after_literal(b, i),
            b'/' => {
                i += 1;
                while b
                    .get(i)
                    .is_some_and(|c| !b" \t\n\r\0\x0C()<>[]{}/%".contains(c))
                {
                    i += 1;
                }
                continue;
            }
            b'<' if b.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b'<' => {
                while b.get(i).is_some_and(|c| *c != b'>') {
                    i += 1;
                }
            }
            b'>' if b.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b's' if b.get(i..).is_some_and(|r| r.starts_with(b"stream"))
                && !i
                    .checked_sub(1)
                    .and_then(|p| b.get(p))
                    .is_some_and(u8::is_ascii_alphabetic) =>
            {
                let from = i + b"stream".len();
                let rest = b.get(from..).unwrap_or(&[]);
                i = memchr::memmem::find(rest, b"endstream").map_or(b.len(), |k| from + k + 9);
                continue;
            }
            b'e' if b.get(i..).is_some_and(|r| r.starts_with(b"endobj")) => depth = 0,
            _ => {}
        }
        if depth > MAX_NESTING {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The offset of the `)` that closes the literal string opening at `i`
/// (or the end).
fn after_literal(b: &[u8], mut i: usize) -> usize {
    let mut open = 0usize;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => i += 1,
            b'(' => open += 1,
            b')' => {
                open -= 1;
                if open == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// The offset of the first cross-reference stream that inflates past
/// `limit` bytes, if any; each candidate is inflated into a counter, never
/// kept.
pub fn xref_bomb(bytes: &[u8], limit: u64) -> Option<usize> {
    use std::io::Read;
    let finder = memchr::memmem::Finder::new(b"/XRef");
    for at in finder.find_iter(bytes) {
        // the stream data follows the dictionary's `stream` keyword
        let after = bytes.get(at..).unwrap_or(&[]);
        let head = after.get(..after.len().min(4096)).unwrap_or(&[]);
        let Some(k) = memchr::memmem::find(head, b"stream") else {
            continue;
        };
        let mut start = at + k + b"stream".len();
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let data = bytes.get(start..).unwrap_or(&[]);
        let mut d = flate2::read::ZlibDecoder::new(data).take(limit.saturating_add(1));
        let n = std::io::copy(&mut d, &mut std::io::sink()).unwrap_or(0);
        if n > limit {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn deep_nesting_is_found() {
        let deep = [
            b"1 0 obj << /A ".to_vec(),
            b"[".repeat(300),
            b"]".repeat(300),
        ]
        .concat();
        assert!(too_deep(&deep).is_some());
        let dicts = b"<< /A ".repeat(300);
        assert!(too_deep(&dicts).is_some());
        // brackets in strings, names, comments and stream data do not count
        let hidden = [
            b"1 0 obj << /A (".to_vec(),
            b"[".repeat(300),
            b") /B [1 2] /N#5B [".to_vec(),
            b"] % [[[[[[[[[\n/L 9 >> stream\n".to_vec(),
            b"[".repeat(1000),
            b"\nendstream endobj".to_vec(),
        ]
        .concat();
        assert_eq!(too_deep(&hidden), None);
        // nor do brackets a broken object left open
        let broken = [b"1 0 obj [".to_vec(), b"[ endobj\n".repeat(300)].concat();
        assert_eq!(too_deep(&broken), None);
    }

    #[test]
    fn xref_bombs_are_found_before_parsing() {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(&vec![0u8; 50_000]).unwrap();
        let mut pdf =
            b"%PDF-1.5\n1 0 obj<</Type/XRef/Filter/FlateDecode/Length 9>>stream\n".to_vec();
        pdf.extend(e.finish().unwrap());
        assert_eq!(xref_bomb(&pdf, 10_000), Some(23));
        assert_eq!(xref_bomb(&pdf, 100_000), None);
    }
}
