//! Bytes that are not valid UTF-8: which reading each line takes.
//!
//! Such bytes are either a legacy 8-bit encoding (Windows-1258, TCVN3, VNI;
//! see [`super::legacy`]) or UTF-8 with a few bad bytes (a file cut short
//! by an old tool, a stray byte appended). The choice is made per line:
//! every reading keeps `\n` as it is, so a line is the same byte range in
//! all of them.
//!
//! * A line of ASCII reads the same in every reading.
//! * The lines with bytes that are not UTF-8 ("bad lines") take the legacy
//!   reading only when, over all the bad lines of the file together, it is
//!   clearly better than UTF-8 ([`clearly_better`]: at least two more
//!   Vietnamese syllables, fewer impossible words, and a score higher by
//!   more than two). Otherwise they stay UTF-8: each bad sequence (the
//!   maximal invalid part, as `String::from_utf8_lossy` cuts it) becomes
//!   one U+FFFD mapped to its bytes, and a warning says where.
//! * A line of valid UTF-8 with multi-byte chars stays UTF-8, unless the
//!   legacy reading won the bad lines and reads this very line better too
//!   (a legacy file in which a few bytes happen to form UTF-8).
//!
//! The legacy reading is the one of Windows-1258, TCVN3 and VNI that scores
//! best on the bad lines ([`Legacy8::best`]). A file whose lines went
//! different ways says so in a warning.
//!
//! Memory: the readings are made a block of lines at a time ([`BLOCK`]
//! bytes or so, with the line before as context: all that TCVN3 case
//! recovery looks at), once to score and once to build the chosen text, so
//! a file costs its text and map plus one block of units. A line longer
//! than [`BLOCK`] is cut before an ASCII byte (never inside a char or a
//! VNI letter), or, with no ASCII byte near, at a UTF-8 char ([`cut`]),
//! and its pieces are judged as lines.

use super::legacy::{Legacy8, Score, Scorer, Unit};
use crate::text::{MappedText, TextBuilder};
use unicode_normalization::UnicodeNormalization;

/// Bytes of lines read together (and the longest piece of a line).
const BLOCK: usize = 1 << 20;

/// Bytes past [`BLOCK`] searched for an ASCII byte to cut a long line
/// before (text has one every few bytes).
const NO_ASCII: usize = 1 << 12;

/// Bad sequences listed by place in the warning.
const LISTED: usize = 5;

/// What a piece of the file is as UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Ascii,
    /// Valid UTF-8 with at least one multi-byte char.
    Utf8,
    /// Not valid UTF-8.
    Bad,
}

/// A line, or a piece of a very long line.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    class: Class,
    /// 1-based line of the file.
    line: usize,
}

/// How a piece is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    Utf8,
    Legacy,
}

/// The text of bytes that are not valid UTF-8, how they were read, and
/// what was replaced.
#[derive(Debug)]
pub struct Read {
    pub text: MappedText,
    /// "utf-8", or the name of the legacy reading; for a file read both
    /// ways, the way most of its non-ASCII lines went.
    pub encoding: &'static str,
    pub warnings: Vec<String>,
}

/// How each line of a file will be read, decided before any text is built.
#[derive(Debug)]
pub struct Plan {
    pieces: Vec<Piece>,
    blocks: Vec<(usize, usize)>,
    reading: Legacy8,
    ways: Vec<Way>,
    /// The units of the legacy reading when the file is one block (made
    /// while scoring, not made again).
    units: Option<Vec<Unit>>,
    /// The score of the whole text as it will be read.
    pub score: Score,
}

/// Decides how to read `bytes[from..]` (`from` skips a byte order mark);
/// with `legacy` false (the file declared UTF-8) only UTF-8 is tried.
pub fn plan(bytes: &[u8], from: usize, legacy: bool) -> Plan {
    let pieces = pieces(bytes, from);
    let blocks = blocks(&pieces);
    let (reading, ways, units, score) = choose(bytes, &pieces, &blocks, legacy);
    Plan {
        pieces,
        blocks,
        reading,
        ways,
        units,
        score,
    }
}

/// [`plan`] then [`build`].
pub fn decode(bytes: &[u8], from: usize, legacy: bool) -> Read {
    build(bytes, &plan(bytes, from, legacy))
}

/// Reads the bytes as planned.
pub fn build(bytes: &[u8], plan: &Plan) -> Read {
    let Plan {
        pieces,
        blocks,
        reading,
        ways,
        units: cached,
        ..
    } = plan;
    let reading = *reading;
    let mut b = TextBuilder::with_capacity(bytes.len() + bytes.len() / 4);
    let mut replaced: Vec<(usize, usize, usize)> = Vec::new();
    for block in blocks {
        let span = block.0..block.1;
        let legacy = ways
            .get(span.clone())
            .is_some_and(|w| w.contains(&Way::Legacy));
        let units = match cached {
            _ if !legacy => Vec::new(),
            Some(u) if blocks.len() == 1 => u.clone(),
            _ => block_units(reading, bytes, pieces, block),
        };
        let mut at = 0;
        let block_ways = ways.get(span.clone()).unwrap_or(&[]);
        for (p, way) in pieces.get(span).unwrap_or(&[]).iter().zip(block_ways) {
            // units of this piece (empty when the block has none)
            let from = at;
            while units.get(at).is_some_and(|u| u.start < p.end) {
                at += 1;
            }
            match way {
                Way::Legacy => {
                    for u in units.get(from..at).unwrap_or(&[]) {
                        b.push_char(u.c, u.start, u.end);
                    }
                }
                Way::Utf8 => {
                    let piece = bytes.get(p.start..p.end).unwrap_or(&[]);
                    let mut pos = p.start;
                    for chunk in piece.utf8_chunks() {
                        let valid = chunk.valid();
                        b.push(valid, pos, pos + valid.len());
                        pos += valid.len();
                        let bad = chunk.invalid().len();
                        if bad > 0 {
                            b.push_char('\u{FFFD}', pos, pos + bad);
                            replaced.push((p.line, pos, bad));
                            pos += bad;
                        }
                    }
                }
            }
        }
    }
    let text = b.finish(bytes.len());
    let mut warnings = Vec::new();
    if !replaced.is_empty() {
        warnings.push(replaced_warning(&replaced));
    }
    let encoding = encoding_of(pieces, ways, reading, &mut warnings);
    Read {
        text,
        encoding,
        warnings,
    }
}

/// Lines of `bytes[from..]` (with their `\n`), long ones cut before an
/// ASCII byte near every [`BLOCK`] bytes.
fn pieces(bytes: &[u8], from: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut start = from;
    let mut line = 1;
    while start < bytes.len() {
        let rest = bytes.get(start..).unwrap_or(&[]);
        let line_end = memchr::memchr(b'\n', rest).map_or(bytes.len(), |i| start + i + 1);
        let mut end = line_end;
        if end - start > BLOCK {
            end = cut(bytes, start + BLOCK, line_end);
        }
        let piece = bytes.get(start..end).unwrap_or(&[]);
        let class = if piece.is_ascii() {
            Class::Ascii
        } else if std::str::from_utf8(piece).is_ok() {
            Class::Utf8
        } else {
            Class::Bad
        };
        out.push(Piece {
            start,
            end,
            class,
            line,
        });
        if bytes.get(end - 1) == Some(&b'\n') {
            line += 1;
        }
        start = end;
    }
    out
}

/// Where a long line is cut at or after `from` (before `line_end`): before
/// the first ASCII byte, which starts a char in every reading; in bytes
/// with no ASCII byte for [`NO_ASCII`] more bytes (random high bytes, no
/// text), before the first byte that starts a UTF-8 char, else at once —
/// a piece never grows much past [`BLOCK`], whatever the bytes (one piece
/// of 20 MB of high bytes took 2 GB of units).
fn cut(bytes: &[u8], from: usize, line_end: usize) -> usize {
    let window = bytes
        .get(from..line_end.min(from + NO_ASCII))
        .unwrap_or(&[]);
    if let Some(i) = window.iter().position(u8::is_ascii) {
        return from + i;
    }
    if window.len() < NO_ASCII {
        return line_end;
    }
    let at = from + NO_ASCII;
    let lead = bytes
        .get(at..line_end.min(at + 4))
        .and_then(|b| b.iter().position(|c| !(0x80..0xC0).contains(c)));
    lead.map_or(at, |i| at + i)
}

/// Runs of pieces of about [`BLOCK`] bytes, as (first, past the last).
fn blocks(pieces: &[Piece]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut first = 0;
    let mut size = 0;
    for (i, p) in pieces.iter().enumerate() {
        size += p.end - p.start;
        if size >= BLOCK {
            out.push((first, i + 1));
            first = i + 1;
            size = 0;
        }
    }
    if first < pieces.len() {
        out.push((first, pieces.len()));
    }
    out
}

/// The units of a block in a legacy reading, read with the piece before as
/// context (which is then dropped).
fn block_units(r: Legacy8, bytes: &[u8], pieces: &[Piece], block: &(usize, usize)) -> Vec<Unit> {
    let (Some(first), Some(last)) = (pieces.get(block.0), pieces.get(block.1.wrapping_sub(1)))
    else {
        return Vec::new();
    };
    let ctx = block
        .0
        .checked_sub(1)
        .and_then(|i| pieces.get(i))
        .map_or(first.start, |p| p.start);
    let units = r.units(bytes.get(ctx..last.end).unwrap_or(&[]), ctx);
    let skip = units.partition_point(|u| u.start < first.start);
    units.get(skip..).unwrap_or(&[]).to_vec()
}

/// The legacy reading for the bad lines, how every piece is read, the
/// units of that reading when the file is one block, and the score of the
/// text so read.
fn choose(
    bytes: &[u8],
    pieces: &[Piece],
    blocks: &[(usize, usize)],
    legacy: bool,
) -> (Legacy8, Vec<Way>, Option<Vec<Unit>>, Score) {
    let mut kept: Vec<Vec<Unit>> = Vec::new();
    let mut scorer = Scorer::default();
    // the ASCII pieces, and the bad ones read as UTF-8
    let (mut ascii, mut lossy) = (Score::default(), Score::default());
    let mut bad = [Score::default(); 3];
    // per UTF-8 piece: its score read as UTF-8 and in each reading
    let mut utf8: Vec<(usize, Score, [Score; 3])> = Vec::new();
    for block in blocks {
        let span = block.0..block.1;
        let block_pieces = pieces.get(span.clone()).unwrap_or(&[]);
        let mut text = String::new();
        for p in block_pieces {
            let piece = bytes.get(p.start..p.end).unwrap_or(&[]);
            match p.class {
                Class::Bad => text.push_str(&String::from_utf8_lossy(piece)),
                Class::Ascii => ascii += scorer.score(std::str::from_utf8(piece).unwrap_or("")),
                Class::Utf8 => {}
            }
        }
        lossy += scorer.score(&text);
        let first_utf8 = utf8.len();
        for (i, p) in block_pieces.iter().enumerate() {
            if p.class == Class::Utf8 {
                let t = std::str::from_utf8(bytes.get(p.start..p.end).unwrap_or(&[])).unwrap_or("");
                utf8.push((block.0 + i, scorer.score(t), [Score::default(); 3]));
            }
        }
        if !legacy {
            continue;
        }
        for (k, r) in Legacy8::ALL.into_iter().enumerate() {
            let units = block_units(r, bytes, pieces, block);
            let mut text = String::new();
            let mut at = 0;
            let mut next_utf8 = first_utf8;
            for p in block_pieces {
                let from = at;
                while units.get(at).is_some_and(|u| u.start < p.end) {
                    at += 1;
                }
                let chars = units.get(from..at).unwrap_or(&[]).iter().map(|u| u.c);
                match p.class {
                    Class::Bad => text.extend(chars),
                    Class::Utf8 => {
                        let t = composed(r, chars);
                        if let Some(slot) = utf8.get_mut(next_utf8) {
                            slot.2[k] = scorer.score(&t);
                        }
                        next_utf8 += 1;
                    }
                    Class::Ascii => {}
                }
            }
            let text = composed(r, text.chars());
            bad[k] += scorer.score(&text);
            if blocks.len() == 1 {
                kept.push(units);
            }
        }
    }
    let reading = Legacy8::best(&bad);
    let k = Legacy8::ALL.iter().position(|r| *r == reading).unwrap_or(0);
    let legacy_wins = legacy && bad.get(k).is_some_and(|s| clearly_better(*s, lossy));
    let mut ways: Vec<Way> = pieces
        .iter()
        .map(|p| match p.class {
            Class::Ascii | Class::Bad if legacy_wins => Way::Legacy,
            _ => Way::Utf8,
        })
        .collect();
    let mut score = ascii;
    score += if legacy_wins { bad[k] } else { lossy };
    for (i, as_utf8, read) in utf8 {
        match read.get(k) {
            Some(s) if legacy_wins && s.value() > as_utf8.value() => {
                if let Some(w) = ways.get_mut(i) {
                    *w = Way::Legacy;
                }
                score += *s;
            }
            _ => score += as_utf8,
        }
    }
    let units = (kept.len() == 3).then(|| kept.swap_remove(k));
    (reading, ways, units, score)
}

/// The chars of a reading as they will be scored: Windows-1258 writes tone
/// marks apart, so its text is composed (NFC) first.
fn composed(r: Legacy8, chars: impl Iterator<Item = char>) -> String {
    match r {
        Legacy8::Windows1258 => chars.nfc().collect(),
        _ => chars.collect(),
    }
}

/// True when a legacy reading of the bad lines is clearly better than
/// UTF-8 with U+FFFD: two more syllables at least, fewer impossible words,
/// and a score higher by more than two (one odd word is no evidence).
fn clearly_better(legacy: Score, utf8: Score) -> bool {
    legacy.value() > utf8.value() + 2 && legacy.bad < utf8.bad && legacy.good >= utf8.good + 2
}

/// The warning for bad sequences read as U+FFFD: (line, byte, length).
fn replaced_warning(replaced: &[(usize, usize, usize)]) -> String {
    let bytes: usize = replaced.iter().map(|r| r.2).sum();
    let mut places: Vec<String> = replaced
        .iter()
        .take(LISTED)
        .map(|(line, at, n)| match n {
            1 => format!("line {line} (byte {at})"),
            n => format!("line {line} (bytes {at}–{})", at + n - 1),
        })
        .collect();
    if replaced.len() > LISTED {
        places.push("…".into());
    }
    let what = if bytes == 1 {
        "1 byte is".to_string()
    } else {
        format!("{bytes} bytes are")
    };
    format!(
        "{what} not valid UTF-8 and read as U+FFFD: {}",
        places.join(", ")
    )
}

/// The encoding named for the file, and a warning when its lines went
/// different ways.
fn encoding_of(
    pieces: &[Piece],
    ways: &[Way],
    reading: Legacy8,
    warnings: &mut Vec<String>,
) -> &'static str {
    let (mut legacy, mut utf8) = (0, 0);
    for (p, w) in pieces.iter().zip(ways) {
        if p.class == Class::Ascii {
            continue;
        }
        match w {
            Way::Legacy => legacy += p.end - p.start,
            Way::Utf8 => utf8 += p.end - p.start,
        }
    }
    let main = if legacy > utf8 {
        Way::Legacy
    } else {
        Way::Utf8
    };
    // the non-ASCII lines read the other way, as ranges
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for (p, w) in pieces.iter().zip(ways) {
        if p.class == Class::Ascii || *w == main {
            continue;
        }
        match ranges.last_mut() {
            Some(r) if p.line <= r.1 + 1 => r.1 = p.line,
            _ => ranges.push((p.line, p.line)),
        }
    }
    if !ranges.is_empty() {
        let mut list: Vec<String> = ranges
            .iter()
            .take(10)
            .map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}–{b}")
                }
            })
            .collect();
        if ranges.len() > 10 {
            list.push("…".into());
        }
        let (other, rest) = match main {
            Way::Legacy => ("UTF-8", reading.name()),
            Way::Utf8 => (reading.name(), "UTF-8"),
        };
        warnings.push(format!(
            "lines {} read as {other}, the rest as {rest}",
            list.join(", ")
        ));
    }
    match main {
        Way::Legacy => reading.name(),
        Way::Utf8 => "utf-8",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Read {
        decode(bytes, 0, true)
    }

    #[test]
    fn a_stray_byte_keeps_utf8() {
        let mut b = "Quyết định số 12/QĐ-UBND của Ủy ban nhân dân tỉnh\n".repeat(3);
        b.push_str("Hà Nội, ngày 3 tháng 5 năm 2024");
        let mut bytes = b.into_bytes();
        bytes.push(0xFF);
        let r = read(&bytes);
        assert_eq!(r.encoding, "utf-8");
        assert!(r.text.text.ends_with("năm 2024\u{FFFD}"));
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0].contains("line 4"), "{}", r.warnings[0]);
        // the replacement maps to the bad byte
        let at = r.text.text.find('\u{FFFD}').unwrap_or(0);
        assert_eq!(
            r.text.span_to_orig(at, at + 3),
            (bytes.len() - 1, bytes.len())
        );
    }

    #[test]
    fn a_cut_sequence_in_the_middle_keeps_utf8_and_spans() {
        let text = "Căn cứ Nghị quyết số 76/NQ-CP của Chính phủ;\nĐến năm 2025, đạt tối thiểu 90% hồ sơ.\n";
        let mut bytes = text.as_bytes().to_vec();
        // cut "ế" of "quyết" to its first two bytes
        let at = text.find('ế').unwrap_or(0);
        bytes.remove(at + 2);
        let r = read(&bytes);
        assert_eq!(r.encoding, "utf-8");
        assert!(r.text.text.contains("quy\u{FFFD}t"));
        let pct = r.text.text.find("90%").unwrap_or(0);
        let (s, e) = r.text.span_to_orig(pct, pct + 3);
        assert_eq!(&bytes[s..e], b"90%");
    }

    #[test]
    fn legacy_files_read_as_before() {
        // TCVN3 bytes of "Quyết định số 12" (ế = D5, đ = AE, ị = DE, ố = E8)
        let r = read(b"Quy\xD5t \xAE\xDEnh s\xE8 12");
        assert_eq!(
            (r.encoding, r.text.text.as_str()),
            ("tcvn3", "Quyết định số 12")
        );
        assert!(r.warnings.is_empty());
        // VNI bytes of "Quyết định số" (eá = 65 E1, ñ = F1, ò = F2, oá = 6F E1)
        let r = read(b"Quye\xE1t \xF1\xF2nh so\xE1 12");
        assert_eq!(
            (r.encoding, r.text.text.as_str()),
            ("vni", "Quyết định số 12")
        );
        // Windows-1258: "Quyết" = Quy + ê (EA) + combining acute (EC) + t
        let r = read(b"Quy\xEA\xECt \xF0i\xF2nh");
        assert_eq!(r.encoding, "windows-1258");
        assert_eq!(r.text.text.nfc().collect::<String>(), "Quyết định");
    }

    #[test]
    fn a_legacy_section_in_a_utf8_file_is_read_as_legacy_there() {
        let mut bytes = "Quyết định của Ủy ban nhân dân tỉnh về cán bộ\n"
            .repeat(2)
            .into_bytes();
        bytes.extend_from_slice(b"Quy\xD5t \xAE\xDEnh s\xE8 12 ng\xB5y 3 th\xB8ng 5\n");
        let r = read(&bytes);
        assert_eq!(r.encoding, "utf-8");
        assert!(
            r.text.text.ends_with("Quyết định số 12 ngày 3 tháng 5\n"),
            "{}",
            r.text.text
        );
        assert!(
            r.warnings
                .iter()
                .any(|w| w.contains("lines 3 read as tcvn3")),
            "{:?}",
            r.warnings
        );
    }

    #[test]
    fn declared_utf8_is_never_read_as_legacy() {
        let r = decode(b"\xEF\xBB\xBFQuy\xD5t \xAE\xDEnh s\xE8 12", 3, false);
        assert_eq!(r.encoding, "utf-8");
        assert_eq!(r.text.text, "Quy\u{FFFD}t \u{FFFD}\u{FFFD}nh s\u{FFFD} 12");
        assert_eq!(r.text.to_orig(0), 3);
    }

    #[test]
    fn long_lines_are_cut_outside_chars() {
        let line = "Quyết định số 12 ".repeat(BLOCK / 10);
        let mut bytes = line.into_bytes();
        bytes.push(0xFF);
        let r = read(&bytes);
        assert_eq!(r.encoding, "utf-8");
        assert_eq!(r.text.text.matches('\u{FFFD}').count(), 1);
        for p in pieces(&bytes, 0) {
            assert!(p.end - p.start <= BLOCK + 64);
        }
    }

    #[test]
    fn lines_without_ascii_are_cut_too() {
        // high bytes only, no ASCII byte to cut before: cut at a char of
        // UTF-8 all the same (a valid UTF-8 run stays valid in each piece)
        let bytes = "ếđộ".repeat(BLOCK).into_bytes();
        let ps = pieces(&bytes, 0);
        assert!(ps.len() > 2, "{}", ps.len());
        for p in &ps {
            assert!(p.end - p.start <= BLOCK + NO_ASCII + 4);
            assert_eq!(p.class, Class::Utf8);
        }
        assert_eq!(ps.last().map(|p| p.end), Some(bytes.len()));
        // and a line that has ASCII bytes late is cut before the first
        let mut late = vec![0xE2u8; BLOCK + 100];
        late.extend(b"ab");
        late.extend(vec![0xE2u8; 10]);
        let ps = pieces(&late, 0);
        assert_eq!(ps.first().map(|p| p.end), Some(BLOCK + 100));
    }
}
