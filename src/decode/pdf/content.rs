//! Content streams, one operation at a time.
//!
//! The grammar is that of lopdf's content parser (which this replaces, so
//! every page reads as it did): optional comments, operands (null,
//! booleans, reals, integers, names, literal and hex strings, arrays,
//! dictionaries) each followed by content space (space, tab, CR, LF), an
//! operator (ASCII letters, `*`, `'`, `"`), content space. Parsing stops
//! at the first operation that does not fit (lopdf kept the operations
//! before it), e.g. the binary data of an inline image.
//!
//! Unlike lopdf it never holds the list of operations (a 16 MB stream of
//! `q Q` took 3 GB that way) and it does not recurse without end: arrays,
//! dictionaries and strings nested deeper than [`MAX_DEPTH`] stop the
//! stream (lopdf overflowed the stack at a few thousand levels, which
//! aborts the whole process).

use lopdf::{Dictionary, Object, StringFormat};

/// Deepest nesting of arrays and dictionaries (and of parentheses in a
/// literal string, lopdf's `MAX_BRACKET`).
pub const MAX_DEPTH: usize = 100;

/// The operations of a content stream, read on demand.
pub struct Ops<'a> {
    b: &'a [u8],
    i: usize,
    done: bool,
}

/// `c` is PDF white space (lopdf's `is_whitespace`).
fn white(c: u8) -> bool {
    b" \t\n\r\0\x0C".contains(&c)
}

fn delimiter(c: u8) -> bool {
    b"()<>[]{}/%".contains(&c)
}

fn regular(c: u8) -> bool {
    !white(c) && !delimiter(c)
}

fn hex(c: u8) -> Option<u8> {
    char::from(c)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

impl<'a> Ops<'a> {
    pub fn new(b: &'a [u8]) -> Ops<'a> {
        let mut ops = Ops {
            b,
            i: 0,
            done: false,
        };
        ops.content_space();
        ops
    }

    /// The next operation: its operator, with its operands in `operands`
    /// (cleared first). None at the end, or where the stream stops
    /// parsing.
    pub fn next_op(&mut self, operands: &mut Vec<Object>) -> Option<&'a str> {
        operands.clear();
        if self.done {
            return None;
        }
        while self.comment() {}
        loop {
            let at = self.i;
            match self.operand_object(0) {
                Some(o) => {
                    operands.push(o);
                    self.content_space();
                }
                None => {
                    self.i = at;
                    break;
                }
            }
        }
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphabetic() || b"*'\"".contains(&c))
        {
            self.i += 1;
        }
        if self.i == start {
            self.done = true;
            operands.clear();
            return None;
        }
        let op = std::str::from_utf8(self.b.get(start..self.i).unwrap_or(&[])).ok();
        self.content_space();
        if op.is_none() {
            self.done = true;
        }
        op
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn starts(&self, s: &[u8]) -> bool {
        self.b.get(self.i..).is_some_and(|r| r.starts_with(s))
    }

    /// Space, tab, CR, LF (lopdf's `content_space`).
    fn content_space(&mut self) {
        while self.peek().is_some_and(|c| b" \t\r\n".contains(&c)) {
            self.i += 1;
        }
    }

    /// White space and comments (lopdf's `space`, used inside arrays and
    /// dictionaries).
    fn space(&mut self) {
        loop {
            let at = self.i;
            while self.peek().is_some_and(white) {
                self.i += 1;
            }
            if !self.comment() && self.i == at {
                return;
            }
        }
    }

    /// `%` to the end of the line, the line break included (a comment
    /// without one does not parse).
    fn comment(&mut self) -> bool {
        if self.peek() != Some(b'%') {
            return false;
        }
        let at = self.i;
        self.i += 1;
        while self.peek().is_some_and(|c| c != b'\r' && c != b'\n') {
            self.i += 1;
        }
        if self.eol() {
            true
        } else {
            self.i = at;
            false
        }
    }

    fn eol(&mut self) -> bool {
        if self.starts(b"\r\n") {
            self.i += 2;
        } else if matches!(self.peek(), Some(b'\n' | b'\r')) {
            self.i += 1;
        } else {
            return false;
        }
        true
    }

    /// An operand (lopdf's `operand` without its trailing space).
    fn operand_object(&mut self, depth: usize) -> Option<Object> {
        self.object(depth, false)
    }

    /// One object; `references` allows `n g R` (inside arrays and
    /// dictionaries, as lopdf's `_direct_objects`). The position is left
    /// anywhere on failure: callers restore it.
    fn object(&mut self, depth: usize, references: bool) -> Option<Object> {
        if depth > MAX_DEPTH {
            return None;
        }
        let at = self.i;
        for (word, o) in [
            (b"null".as_slice(), Object::Null),
            (b"true", Object::Boolean(true)),
            (b"false", Object::Boolean(false)),
        ] {
            if self.starts(word) {
                self.i += word.len();
                return Some(o);
            }
        }
        if references {
            if let Some(r) = self.reference() {
                return Some(r);
            }
            self.i = at;
        }
        if let Some(r) = self.real() {
            return Some(Object::Real(r));
        }
        self.i = at;
        if let Some(n) = self.integer() {
            return Some(Object::Integer(n));
        }
        self.i = at;
        match self.peek()? {
            b'/' => self.name().map(Object::Name),
            b'(' => self
                .literal()
                .map(|s| Object::String(s, StringFormat::Literal)),
            b'<' => {
                if let Some(h) = self.hex_string() {
                    return Some(h);
                }
                self.i = at;
                self.dictionary(depth).map(Object::Dictionary)
            }
            b'[' => self.array(depth).map(Object::Array),
            _ => None,
        }
    }

    fn digits(&mut self) -> usize {
        let at = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - at
    }

    fn sign(&mut self) {
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.i += 1;
        }
    }

    /// `[+-](digits '.' digits* | '.' digits)`.
    fn real(&mut self) -> Option<f32> {
        let at = self.i;
        self.sign();
        if self.digits() > 0 {
            if self.peek() != Some(b'.') {
                return None;
            }
            self.i += 1;
            self.digits();
        } else {
            if self.peek() != Some(b'.') {
                return None;
            }
            self.i += 1;
            if self.digits() == 0 {
                return None;
            }
        }
        std::str::from_utf8(self.b.get(at..self.i)?)
            .ok()?
            .parse()
            .ok()
    }

    fn integer(&mut self) -> Option<i64> {
        let at = self.i;
        self.sign();
        if self.digits() == 0 {
            return None;
        }
        std::str::from_utf8(self.b.get(at..self.i)?)
            .ok()?
            .parse()
            .ok()
    }

    /// `n g R`, the numbers unsigned, each followed by white space or
    /// comments.
    fn reference(&mut self) -> Option<Object> {
        let num = |s: &mut Self| -> Option<u64> {
            let at = s.i;
            if s.digits() == 0 {
                return None;
            }
            std::str::from_utf8(s.b.get(at..s.i)?).ok()?.parse().ok()
        };
        let n = u32::try_from(num(self)?).ok()?;
        self.space();
        let g = u16::try_from(num(self)?).ok()?;
        self.space();
        if self.peek() != Some(b'R') {
            return None;
        }
        self.i += 1;
        Some(Object::Reference((n, g)))
    }

    /// `/` then regular chars, `#xx` for a hex escape.
    fn name(&mut self) -> Option<Vec<u8>> {
        if self.peek() != Some(b'/') {
            return None;
        }
        self.i += 1;
        let mut out = Vec::new();
        loop {
            match self.peek() {
                Some(b'#') => {
                    let (Some(h), Some(l)) = (
                        self.b.get(self.i + 1).and_then(|c| hex(*c)),
                        self.b.get(self.i + 2).and_then(|c| hex(*c)),
                    ) else {
                        break;
                    };
                    out.push(h << 4 | l);
                    self.i += 3;
                }
                Some(c) if regular(c) => {
                    out.push(c);
                    self.i += 1;
                }
                _ => break,
            }
        }
        Some(out)
    }

    /// `( … )` with escapes and balanced parentheses (kept), at most
    /// [`MAX_DEPTH`] deep; a line break inside is kept as written.
    fn literal(&mut self) -> Option<Vec<u8>> {
        if self.peek() != Some(b'(') {
            return None;
        }
        self.i += 1;
        let mut out = Vec::new();
        self.literal_inner(MAX_DEPTH, &mut out);
        if self.peek() != Some(b')') {
            return None;
        }
        self.i += 1;
        Some(out)
    }

    /// The inside of a literal string, `left` more nesting levels allowed.
    fn literal_inner(&mut self, left: usize, out: &mut Vec<u8>) {
        loop {
            match self.peek() {
                Some(b'\\') => {
                    self.i += 1;
                    let c = self.peek();
                    match c {
                        Some(b'0'..=b'7') => {
                            let mut v: u16 = 0;
                            let mut n = 0;
                            while n < 3 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u16::from(d - b'0');
                                        self.i += 1;
                                        n += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        Some(b'\r' | b'\n') => {
                            self.eol();
                        }
                        Some(e) => {
                            self.i += 1;
                            out.push(match e {
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                b'b' => 0x08,
                                b'f' => 0x0C,
                                other => other,
                            });
                        }
                        // a backslash at the very end: not an escape
                        None => {
                            self.i -= 1;
                            return;
                        }
                    }
                }
                Some(b'(') => {
                    if left == 0 {
                        return;
                    }
                    let at = self.i;
                    self.i += 1;
                    let mut inner = vec![b'('];
                    self.literal_inner(left - 1, &mut inner);
                    if self.peek() == Some(b')') {
                        self.i += 1;
                        inner.push(b')');
                        out.extend_from_slice(&inner);
                    } else {
                        self.i = at;
                        return;
                    }
                }
                Some(b')') | None => return,
                Some(c) => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    /// `< hex digits >`, white space anywhere, an odd last digit as the
    /// high half of a byte.
    fn hex_string(&mut self) -> Option<Object> {
        if self.peek() != Some(b'<') {
            return None;
        }
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        let mut half = false;
        loop {
            let at = self.i;
            while self.peek().is_some_and(white) {
                self.i += 1;
            }
            match self.peek().and_then(hex) {
                Some(d) => {
                    self.i += 1;
                    if half {
                        if let Some(last) = out.last_mut() {
                            *last |= d;
                        }
                    } else {
                        out.push(d << 4);
                    }
                    half = !half;
                }
                None => {
                    self.i = at;
                    break;
                }
            }
        }
        while self.peek().is_some_and(white) {
            self.i += 1;
        }
        if self.peek() != Some(b'>') {
            return None;
        }
        self.i += 1;
        Some(Object::String(out, StringFormat::Hexadecimal))
    }

    /// `[` space objects `]`, each object followed by space.
    fn array(&mut self, depth: usize) -> Option<Vec<Object>> {
        if self.peek() != Some(b'[') {
            return None;
        }
        self.i += 1;
        self.space();
        let mut out = Vec::new();
        loop {
            let at = self.i;
            match self.object(depth + 1, true) {
                Some(o) => {
                    out.push(o);
                    self.space();
                }
                None => {
                    self.i = at;
                    break;
                }
            }
        }
        if self.peek() != Some(b']') {
            return None;
        }
        self.i += 1;
        Some(out)
    }

    /// `<<` space (name space object space)* `>>`.
    fn dictionary(&mut self, depth: usize) -> Option<Dictionary> {
        if !self.starts(b"<<") {
            return None;
        }
        self.i += 2;
        self.space();
        let mut d = Dictionary::new();
        loop {
            let at = self.i;
            let Some(k) = self.name() else {
                self.i = at;
                break;
            };
            self.space();
            match self.object(depth + 1, true) {
                Some(v) => {
                    d.set(k, v);
                    self.space();
                }
                None => {
                    self.i = at;
                    break;
                }
            }
        }
        if !self.starts(b">>") {
            return None;
        }
        self.i += 2;
        Some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// All operations of a stream, as (operator, operands).
    fn all(b: &[u8]) -> Vec<(String, Vec<Object>)> {
        let mut ops = Ops::new(b);
        let mut operands = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = ops.next_op(&mut operands) {
            out.push((op.to_string(), operands.clone()));
        }
        out
    }

    /// The same operations as lopdf's parser.
    fn same_as_lopdf(b: &[u8]) {
        let theirs: Vec<(String, Vec<Object>)> = lopdf::content::Content::decode(b)
            .map(|c| {
                c.operations
                    .into_iter()
                    .map(|o| (o.operator, o.operands))
                    .collect()
            })
            .unwrap_or_default();
        let ours = all(b);
        assert_eq!(
            format!("{ours:?}"),
            format!("{theirs:?}"),
            "{:?}",
            String::from_utf8_lossy(b)
        );
    }

    #[test]
    fn reads_as_lopdf_reads() {
        for s in [
            &b"BT /F1 12 Tf 72 712 Td (Quy\\341t \\(d\\) (nested) x) Tj ET"[..],
            b"q 1 0 0 1 -2.5 .5 cm [(A) -120 (B) 3.] TJ Q",
            b"% comment\n/F#201 9 Tf <00 4e 0> Tj <</A [1 0 R /B] /C << /D null >> >> BDC true false null EMC",
            b"  T* (a\\\nb\\n) ' 1 2 (c) \" ",
            b"BI /W 2 /H 2 ID \x00\xff\x10 EI Q (after) Tj",
            b"1 2 3",
            b"(unterminated Tj",
            b"[1 [2 [3]]] TJ +5 -6 Td 99999999999999999999 Tz (x) Tj",
            b"<< /A 1 >> <</B <abc>>> BDC",
            b"/a#zz 1 Tf % no eol",
            b"",
            b"(\\0053\\7) Tj (\\\r\nx) Tj (a\r\nb) Tj",
            b"1.5.5 Tc 3 Tw .. Tz",
        ] {
            same_as_lopdf(s);
        }
    }

    #[test]
    fn deep_nesting_stops_the_stream_without_recursing_for_ever() {
        let deep = [b"[".repeat(100_000), b"] TJ".to_vec()].concat();
        assert!(all(&deep).is_empty());
        let ok = [b"[".repeat(50), b"]".repeat(50), b" TJ".to_vec()].concat();
        assert_eq!(all(&ok).len(), 1);
        let parens = [b"(".repeat(100_000), b") Tj".to_vec()].concat();
        assert!(all(&parens).is_empty());
    }
}
