//! PDF stream data through its filters, within a budget: the one place a
//! PDF's bytes are inflated, so no stream and no file can grow past the
//! limits of [`Limits`] however small its compressed form (a 300 KB
//! stream can inflate to gigabytes).
//!
//! Filters read: FlateDecode and LZWDecode (with the PNG predictors, as
//! lopdf reads them), ASCII85Decode, ASCIIHexDecode, RunLengthDecode.
//! Image streams are never inflated. [`Budget`] also counts the content
//! operators the interpreter runs, per page and per file (a form that
//! draws itself fifty times per level is 50⁸ draws).

use crate::decode::Limits;
use crate::error::{Error, Result};
use lopdf::{Dictionary, Object, Stream};
use std::io::Read;

/// What one file may cost: decoded stream bytes, operators interpreted.
#[derive(Debug)]
pub struct Budget {
    limits: Limits,
    /// Bytes decoded so far, all streams.
    pub decoded: u64,
    /// Operators interpreted so far, in the file and on the current page.
    pub ops_file: u64,
    pub ops_page: u64,
    /// Bytes of text shown so far.
    pub text: u64,
    /// 1-based page being read, for messages.
    pub page: u32,
}

impl Budget {
    pub fn new(limits: &Limits) -> Budget {
        Budget {
            limits: *limits,
            decoded: 0,
            ops_file: 0,
            ops_page: 0,
            text: 0,
            page: 0,
        }
    }

    /// Starts page `page`: its operator count starts from nothing.
    pub fn start_page(&mut self, page: u32) {
        self.page = page;
        self.ops_page = 0;
    }

    /// Spends `n` operators.
    pub fn ops(&mut self, n: usize) -> Result<()> {
        let n = n as u64;
        self.ops_page = self.ops_page.saturating_add(n);
        self.ops_file = self.ops_file.saturating_add(n);
        if self.ops_page > self.limits.max_pdf_ops_page {
            return Err(Error::limit(format!(
                "page {} of the PDF draws more than {} content operators (the per-page limit; a form drawing itself over and over?)",
                self.page, self.limits.max_pdf_ops_page
            )));
        }
        if self.ops_file > self.limits.max_pdf_ops_file {
            return Err(Error::limit(format!(
                "the PDF draws more than {} content operators in all (the per-file limit), by page {}",
                self.limits.max_pdf_ops_file, self.page
            )));
        }
        Ok(())
    }

    /// Spends `n` bytes of shown text.
    pub fn text(&mut self, n: usize) -> Result<()> {
        self.text = self.text.saturating_add(n as u64);
        if self.text > self.limits.max_pdf_text {
            return Err(Error::limit(format!(
                "the PDF shows more than {} bytes of text (the per-file limit), by page {}",
                self.limits.max_pdf_text, self.page
            )));
        }
        Ok(())
    }

    /// Room left for one stream's decoded bytes.
    fn room(&self) -> u64 {
        let left = self.limits.max_pdf_decoded.saturating_sub(self.decoded);
        left.min(self.limits.max_pdf_stream)
    }

    /// Spends `n` decoded bytes (already within [`Budget::room`]).
    fn spend(&mut self, n: usize) {
        self.decoded = self.decoded.saturating_add(n as u64);
    }

    /// The error for a stream that decodes past the room it had.
    fn too_big(&self, what: &str) -> Error {
        if self.limits.max_pdf_decoded.saturating_sub(self.decoded) < self.limits.max_pdf_stream {
            Error::limit(format!(
                "the PDF's streams decode to more than {} bytes in all (the per-file limit), at {what}",
                self.limits.max_pdf_decoded
            ))
        } else {
            Error::limit(format!(
                "{what} decodes to more than {} bytes (the per-stream limit: a decompression bomb?)",
                self.limits.max_pdf_stream
            ))
        }
    }
}

/// The decoded data of a stream (its content as stored when it has no
/// filter, which counts as decoded too). A filter we do not read gives
/// `Ok(None)`, as does an image; data past the budget is an error naming
/// the limit. `what` names the stream in messages.
pub fn data(stream: &Stream, budget: &mut Budget, what: &str) -> Result<Option<Vec<u8>>> {
    let filters = filters(&stream.dict);
    if filters.is_empty() {
        if stream.content.len() as u64 > budget.room() {
            return Err(budget.too_big(what));
        }
        budget.spend(stream.content.len());
        return Ok(Some(stream.content.clone()));
    }
    if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image") {
        return Ok(None);
    }
    let params = stream
        .dict
        .get(b"DecodeParms")
        .and_then(Object::as_dict)
        .ok();
    let mut data: Option<Vec<u8>> = None;
    for f in filters {
        let input = data.as_deref().unwrap_or(&stream.content);
        let room = budget.room();
        let out = match f.as_slice() {
            b"FlateDecode" | b"Fl" => predicted(flate(input, room), params)?,
            b"LZWDecode" | b"LZW" => predicted(lzw(input, room, params), params)?,
            b"ASCII85Decode" | b"A85" => ascii85(input),
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(input),
            b"RunLengthDecode" | b"RL" => run_length(input, room),
            _ => return Ok(None),
        };
        if out.len() as u64 > room {
            return Err(budget.too_big(what));
        }
        budget.spend(out.len());
        data = Some(out);
    }
    Ok(data)
}

/// The /Filter names, in decoding order.
fn filters(dict: &Dictionary) -> Vec<Vec<u8>> {
    match dict.get(b"Filter") {
        Ok(Object::Name(n)) => vec![n.clone()],
        Ok(Object::Array(a)) => a
            .iter()
            .filter_map(|o| o.as_name().ok().map(<[u8]>::to_vec))
            .collect(),
        _ => Vec::new(),
    }
}

/// zlib data, at most `room + 1` bytes of it (one more tells it did not
/// fit). A stream damaged part way keeps what came before the damage.
fn flate(input: &[u8], room: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len().saturating_mul(2).min(room as usize + 1));
    if !input.is_empty() {
        let mut d = flate2::read::ZlibDecoder::new(input).take(room.saturating_add(1));
        let _ = d.read_to_end(&mut out);
    }
    out
}

/// LZW data (/EarlyChange 1 unless the parameters say 0), at most
/// `room + 1` bytes.
fn lzw(input: &[u8], room: u64, params: Option<&Dictionary>) -> Vec<u8> {
    use weezl::{BitOrder, decode::Decoder};
    let early = params
        .and_then(|p| p.get(b"EarlyChange").ok())
        .and_then(|o| o.as_i64().ok())
        .is_none_or(|v| v != 0);
    let mut d = if early {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut rest = input;
    loop {
        let r = d.decode_bytes(rest, &mut buf);
        out.extend_from_slice(buf.get(..r.consumed_out).unwrap_or(&[]));
        rest = rest.get(r.consumed_in..).unwrap_or(&[]);
        let done = matches!(r.status, Ok(weezl::LzwStatus::Done) | Err(_))
            || (r.consumed_in == 0 && r.consumed_out == 0);
        if done || out.len() as u64 > room {
            break;
        }
    }
    out
}

/// The PNG predictors (10–15) of /DecodeParms, as lopdf applies them.
fn predicted(data: Vec<u8>, params: Option<&Dictionary>) -> Result<Vec<u8>> {
    let Some(p) = params else { return Ok(data) };
    let get = |k: &[u8], d: i64| p.get(k).and_then(Object::as_i64).unwrap_or(d);
    if !(10..=15).contains(&get(b"Predictor", 1)) {
        return Ok(data);
    }
    let columns = get(b"Columns", 1).max(1) as usize;
    let colors = get(b"Colors", 1).max(1) as usize;
    let bits = get(b"BitsPerComponent", 8).max(8) as usize;
    lopdf::filters::png::decode_frame(&data, colors * bits / 8, columns)
        .map_err(|e| Error::format(format!("a PDF stream's PNG predictor is broken: {e}")))
}

/// ASCII85 (`z` for four zero bytes, `~>` ends), as lopdf reads it.
fn ascii85(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let (mut buffer, mut count) = (0u32, 0);
    for &ch in input {
        if ch == b'z' && count == 0 {
            out.extend_from_slice(&[0, 0, 0, 0]);
            continue;
        }
        if ch.is_ascii_whitespace() {
            continue;
        }
        if !(b'!'..=b'u').contains(&ch) {
            break;
        }
        buffer = buffer.wrapping_mul(85).wrapping_add(u32::from(ch - b'!'));
        count += 1;
        if count == 5 {
            out.extend_from_slice(&buffer.to_be_bytes());
            buffer = 0;
            count = 0;
        }
    }
    if count > 1 {
        for _ in count..5 {
            buffer = buffer.wrapping_mul(85).wrapping_add(84);
        }
        out.extend_from_slice(buffer.to_be_bytes().get(..count - 1).unwrap_or(&[]));
    }
    out
}

/// Hex digits, white space skipped, `>` ends; an odd last digit is
/// followed by 0.
fn ascii_hex(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 2);
    let mut high: Option<u8> = None;
    for &c in input {
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            b'>' => break,
            _ => continue,
        };
        match high.take() {
            Some(h) => out.push(h << 4 | v),
            None => high = Some(v),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    out
}

/// RunLength: a length byte n, then n+1 bytes (n < 128) or one byte
/// repeated 257-n times (n > 128); 128 ends. At most `room + 1` bytes.
fn run_length(input: &[u8], room: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&n) = input.get(i) {
        if out.len() as u64 > room {
            break;
        }
        match n {
            128 => break,
            0..=127 => {
                let run = input.get(i + 1..i + 2 + usize::from(n)).unwrap_or(&[]);
                out.extend_from_slice(run);
                i += 2 + usize::from(n);
            }
            _ => {
                if let Some(&b) = input.get(i + 1) {
                    out.extend(std::iter::repeat_n(b, 257 - usize::from(n)));
                }
                i += 2;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn stream(filter: &str, content: Vec<u8>) -> Stream {
        let mut d = Dictionary::new();
        d.set("Filter", Object::Name(filter.as_bytes().to_vec()));
        Stream::new(d, content)
    }

    fn small() -> Limits {
        Limits {
            max_pdf_stream: 1000,
            max_pdf_decoded: 2500,
            ..Limits::default()
        }
    }

    #[test]
    fn filters_decode() {
        let mut b = Budget::new(&Limits::default());
        let t = b"BT (Quyet dinh) Tj ET".to_vec();
        for (f, c) in [
            ("FlateDecode", zlib(&t)),
            (
                "ASCIIHexDecode",
                t.iter()
                    .map(|x| format!("{x:02X} "))
                    .collect::<String>()
                    .into_bytes(),
            ),
            (
                "RunLengthDecode",
                [vec![(t.len() - 1) as u8], t.clone(), vec![128]].concat(),
            ),
        ] {
            assert_eq!(
                data(&stream(f, c), &mut b, "s").unwrap(),
                Some(t.clone()),
                "{f}"
            );
        }
        assert_eq!(ascii85(b"9jqo^~>"), b"Man ");
        assert_eq!(run_length(&[254, b'x', 128], 100), b"xxx");
        assert_eq!(
            data(&stream("DCTDecode", vec![1, 2]), &mut b, "s").unwrap(),
            None
        );
    }

    #[test]
    fn a_stream_past_its_limit_is_an_error_naming_it() {
        let mut b = Budget::new(&small());
        let bomb = stream("FlateDecode", zlib(&vec![b'a'; 100_000]));
        let e = data(&bomb, &mut b, "page 1's content").unwrap_err();
        assert!(e.message.contains("per-stream limit"), "{}", e.message);
        // streams within their limit, until the file's is spent
        let ok = stream("FlateDecode", zlib(&[b'a'; 900]));
        assert!(data(&ok, &mut b, "s").is_ok());
        assert!(data(&ok, &mut b, "s").is_ok());
        let e = data(&ok, &mut b, "s").unwrap_err();
        assert!(e.message.contains("per-file limit"), "{}", e.message);
        let rl = stream("RunLengthDecode", [129u8, b'x'].repeat(1000));
        assert!(data(&rl, &mut Budget::new(&small()), "s").is_err());
    }

    #[test]
    fn operators_past_the_budget_are_an_error() {
        let limits = Limits {
            max_pdf_ops_page: 10,
            max_pdf_ops_file: 25,
            ..Limits::default()
        };
        let mut b = Budget::new(&limits);
        b.start_page(1);
        assert!(b.ops(10).is_ok());
        assert!(b.ops(1).unwrap_err().message.contains("per-page"));
        b.start_page(2);
        assert!(b.ops(10).is_ok());
        b.start_page(3);
        assert!(b.ops(10).unwrap_err().message.contains("per-file"));
    }
}
