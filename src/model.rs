//! The output contract: JSON v1, field names as in corpus/gold/SPEC.md.
//!
//! Every type here derives `JsonSchema` (printed by `vanban schema`) and
//! denies unknown fields when read back, so a test can prove that what we
//! write is exactly what we document. Field names are stable; additions are
//! fine, renames need a `SCHEMA_VERSION` bump.

use schemars::JsonSchema;
use schemars::r#gen::SchemaGenerator;
use schemars::schema::{InstanceType, Schema, SchemaObject};
use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: &str = "1";

/// A field whose values are a closed set of strings: an enum that serde
/// reads and writes as those strings and whose schema is a string with an
/// `enum` list of them, written in place (as a `String` field's is).
pub trait Named: Copy + 'static {
    /// Every value, in the order the schema lists them.
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;
}

/// Declares a [`Named`] enum: `Name { Variant = "string", … }`.
macro_rules! named {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $s:literal,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $s)] $variant,)+
        }

        impl $name {
            /// The value as written in the JSON.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $s,)+
                }
            }
        }

        impl Named for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl JsonSchema for $name {
            fn is_referenceable() -> bool {
                false
            }
            fn schema_name() -> String {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                strings::<$name>(false)
            }
        }
    };
}

/// The schema of a [`Named`] value: a string (or null) out of its list.
fn strings<T: Named>(nullable: bool) -> Schema {
    let mut values: Vec<serde_json::Value> = T::ALL.iter().map(|v| v.as_str().into()).collect();
    let ty = if nullable {
        values.push(serde_json::Value::Null);
        vec![InstanceType::String, InstanceType::Null].into()
    } else {
        InstanceType::String.into()
    };
    SchemaObject {
        instance_type: Some(ty),
        enum_values: Some(values),
        ..Default::default()
    }
    .into()
}

/// For the schema of an `Option` of a [`Named`] value, as
/// `#[schemars(with = "Option<Nullable<T>>")]`: schemars would add `null`
/// to the type but not to the list.
struct Nullable<T>(std::marker::PhantomData<T>);

impl<T: Named> JsonSchema for Nullable<T> {
    fn is_referenceable() -> bool {
        false
    }
    fn schema_name() -> String {
        "Nullable".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        strings::<T>(true)
    }
}

named! {
    /// The unit of a target's figure (the default: `Target::default()`).
    #[derive(Default)]
    Unit {
        #[default]
        Percent = "%",
        Points = "điểm",
    }
}

named! {
    /// How a target's figure bounds the value (corpus/gold/SPEC.md).
    #[derive(Default)]
    Comparator {
        AtLeast = "at_least",
        MoreThan = "more_than",
        AtMost = "at_most",
        Range = "range",
        #[default]
        Exactly = "exactly",
    }
}

named! {
    /// A target that is a change of the value by the figure.
    Change {
        Reduce = "reduce",
        Increase = "increase",
    }
}

named! {
    /// How the document relates to a document it cites.
    Relation {
        Basis = "basis",
        Implements = "implements",
        Replaces = "replaces",
        Amends = "amends",
        Repeals = "repeals",
        AttachedTo = "attached_to",
        Mentioned = "mentioned",
    }
}

named! {
    /// The shape of a timeline cell's reading.
    TimelineKind {
        Range = "range",
        By = "by",
        Yearly = "yearly",
        Continuous = "continuous",
    }
}

/// A byte range of the ORIGINAL input (for text files), or of the extracted
/// text for PDF and DOCX (then `page` says which page, 1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// The whole result for one input file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Output {
    pub schema_version: String,
    pub source: Source,
    pub document: Document,
    /// Every instrument in the file (the main one first), e.g. a decision
    /// and the plan it issues.
    #[serde(default)]
    pub instruments: Vec<Instrument>,
    pub citations: Vec<Citation>,
    pub targets: Vec<Target>,
    pub tasks: Vec<Task>,
    /// Every table found, task tables included, as rows of cells.
    #[serde(default)]
    pub tables: Vec<Table>,
    /// The body's heading tree, flattened in document order.
    #[serde(default)]
    pub outline: Vec<Heading>,
    /// Non-fatal problems met on the way (unread pages, repairs, limits).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The path as given (relative paths stay relative); "-" for stdin.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    /// "text", "html", "docx" or "pdf".
    pub format: String,
    /// e.g. "utf-8", "utf-16le", "windows-1258", "tcvn3", "vni", "viqr".
    pub encoding: String,
    /// Repairs applied to the text (e.g. "tcvn3-mojibake", "d-stroke").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repaired: Vec<String>,
    /// Number of pages, for paged formats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// Problems reading the bytes: bytes not valid in the encoding (each
    /// bad sequence is read as U+FFFD, spans still point into the original
    /// bytes), lines of a file read in another encoding than the rest.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub from: i32,
    pub to: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachedTo {
    pub kind: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
}

/// The main instrument of the file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub kind: Option<String>,
    pub number: Option<String>,
    /// ISO date, or "YYYY-MM" / "YYYY" when only part is printed.
    pub date: Option<String>,
    pub place: Option<String>,
    pub issuer: Option<String>,
    /// The province as the document names it.
    pub province: Option<String>,
    /// The province it belongs to after the July 2025 merger.
    pub province_current: Option<String>,
    /// "tỉnh", "huyện" or "xã"; null for central bodies.
    pub level: Option<String>,
    pub signer: Option<String>,
    pub title: Option<String>,
    pub period: Option<Period>,
    pub attached_to: Option<AttachedTo>,
    /// Effective date when the text states it.
    #[serde(default)]
    pub effective: Option<String>,
    /// The part of the instrument the file holds when it is not the whole
    /// ("Phụ lục I": a file that carries only an appendix; the fields above
    /// then describe the instrument it belongs to, read from its "Kèm theo
    /// …" line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// Fields the text leaves blank and the file name supplies ("number",
    /// "date", "province" of a local body the text does not place), e.g. "PL QD 1072 ngay 27-2-2024.pdf" for an appendix
    /// printed with "số /QĐ-UBND ngày tháng năm 2024".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from_file_name: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    pub kind: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub span: Span,
    pub line: usize,
}

/// A pin cite: the part of the cited document pointed at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    /// As printed, e.g. "khoản 2 Điều 5".
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    pub kind: Option<String>,
    /// Canonical number and symbol; null for a law named without a number.
    pub number: Option<String>,
    pub name: Option<String>,
    /// For a law, code or ordinance named without a number: the number of
    /// the version meant, from the catalogue grammars/laws.toml ("Luật Đầu
    /// tư năm 2020" → "61/2020/QH14"); absent when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law_number: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    /// Values seen when the text gives different dates for one number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Vec<String>>,
    /// Why the printed number looks impossible (kept as printed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspect: Option<String>,
    /// How the document relates to this citation: basis, implements,
    /// replaces, amends, repeals, attached_to, mentioned.
    #[serde(default)]
    pub relation: Vec<Relation>,
    #[serde(default)]
    pub pins: Vec<Pin>,
    /// Every place it is cited; `span` is the first.
    #[serde(default)]
    pub mentions: Vec<Span>,
    pub span: Span,
    pub line: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub quote: String,
    pub value: f64,
    pub value_max: Option<f64>,
    /// "%" or "điểm".
    pub unit: Unit,
    /// at_least, more_than, at_most, range, exactly.
    pub comparator: Comparator,
    /// reduce, increase, or null.
    #[schemars(with = "Option<Nullable<Change>>")]
    pub change: Option<Change>,
    pub out_of: Option<f64>,
    pub per_year: bool,
    pub year: Option<i32>,
    /// The reform area (corpus/gold/SPEC.md): "institutions", "procedures",
    /// "apparatus", "civil_service", "public_finance",
    /// "digital_government", "direction", "general", or null. The areas
    /// are data (grammars/areas.toml), so a `--grammars` overlay may add
    /// others.
    pub area: Option<String>,
    /// Id from grammars/indicators.toml, null when none fits.
    pub indicator: Option<String>,
    pub span: Span,
    pub line: usize,
}

/// Structured reading of a timeline cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Timeline {
    /// "range", "by", "yearly", "continuous".
    pub kind: TimelineKind,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub section: Option<String>,
    pub stt: Option<String>,
    pub task: String,
    pub output: Option<String>,
    pub timeline: Option<String>,
    pub timeline_parsed: Option<Timeline>,
    pub lead: Option<String>,
    pub partners: Option<String>,
    pub note: Option<String>,
    /// Index into `tables`.
    pub table: usize,
    pub span: Span,
    pub line: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableCell {
    pub text: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub row_span: u32,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub col_span: u32,
    pub span: Span,
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// "tasks" when its rows became `tasks`, else "data".
    pub role: String,
    /// The layout it was found in: "pipe_lines", "markdown", "inline",
    /// "tabs", "html", "docx", "pdf".
    pub layout: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<TableCell>>,
    pub span: Span,
    pub line: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Heading {
    /// Depth in the tree, 1 = top.
    pub level: u32,
    /// The marker as printed: "II.", "1.2.", "a)", "Điều 3.", "-".
    pub marker: String,
    pub text: String,
    pub span: Span,
    pub line: usize,
}

/// `value` as pretty JSON (two-space indent, the layout of
/// `serde_json::to_writer_pretty`) followed by a newline, into `buf`.
///
/// The same bytes as serde_json's `PrettyFormatter`, written faster: a
/// line break and its indent go out as one slice instead of one write per
/// level (the output files are two to three times the size of the input, so
/// formatting is a visible part of a corpus run).
pub fn write_pretty<T: Serialize>(buf: &mut Vec<u8>, value: &T) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *buf, Pretty::default());
    value.serialize(&mut ser)?;
    buf.push(b'\n');
    Ok(())
}

/// A line break followed by indents for the levels a document reaches (deeper
/// levels write the rest in pieces).
const BREAKS: &[u8] = b"\n                                                                ";

/// serde_json's pretty layout with `BREAKS` for line starts.
#[derive(Default)]
struct Pretty {
    level: usize,
    has_value: bool,
}

impl Pretty {
    fn line<W: ?Sized + std::io::Write>(&self, w: &mut W, comma: bool) -> std::io::Result<()> {
        if comma {
            w.write_all(b",")?;
        }
        let mut spaces = 2 * self.level;
        let first = spaces.min(BREAKS.len() - 1);
        w.write_all(&BREAKS[..=first])?;
        spaces -= first;
        while spaces > 0 {
            let n = spaces.min(BREAKS.len() - 1);
            w.write_all(&BREAKS[1..=n])?;
            spaces -= n;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, !first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, !first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod pretty_tests {
    use super::*;

    /// The same bytes as serde_json's own pretty printer, on nesting deeper
    /// than `BREAKS` holds, empty and one-item containers, and escapes.
    #[test]
    fn write_pretty_is_serde_json_pretty() {
        let mut deep = serde_json::json!({"x": [1, {"y": []}, {}], "s": "a\"\n\u{1}đ"});
        for i in 0..40 {
            deep = serde_json::json!({ "level": i, "inner": [deep, null, 1.5, true] });
        }
        let out = Output {
            schema_version: SCHEMA_VERSION.into(),
            ..Default::default()
        };
        for v in [
            deep,
            serde_json::to_value(&out).unwrap(),
            serde_json::json!([]),
        ] {
            let mut ours = Vec::new();
            write_pretty(&mut ours, &v).unwrap();
            let mut theirs = serde_json::to_vec_pretty(&v).unwrap();
            theirs.push(b'\n');
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        }
    }
}
