//! `vanban eval`: scores extraction output against gold annotations.
//!
//! A faithful port of the reference scorer (`score.py`, kept in
//! tests/fixtures/score.py): the same folding, the same matching, the same
//! figures. A test runs both on corpus/ and checks they agree within 0.001.
//! Gold files are `NAME.gold.json` in the format of corpus/gold/SPEC.md.

use regex::Regex;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

const TONE_MARKS: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// True/false counts and per-field accuracy of one section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// field → (good, total)
    pub fields: BTreeMap<String, (usize, usize)>,
}

impl Tally {
    fn field(&mut self, name: &str, ok: bool) {
        let e = self.fields.entry(name.to_string()).or_insert((0, 0));
        e.0 += usize::from(ok);
        e.1 += 1;
    }

    /// Precision, recall, F1 (1,1,1 when there was nothing to find or found).
    pub fn prf(&self) -> (f64, f64, f64) {
        if self.tp + self.fp + self.fn_ == 0 {
            return (1.0, 1.0, 1.0);
        }
        let p = if self.tp + self.fp > 0 {
            self.tp as f64 / (self.tp + self.fp) as f64
        } else {
            0.0
        };
        let r = if self.tp + self.fn_ > 0 {
            self.tp as f64 / (self.tp + self.fn_) as f64
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }

    /// Adds another tally's counts to this one.
    pub fn add(&mut self, o: &Tally) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        for (k, (g, t)) in &o.fields {
            let e = self.fields.entry(k.clone()).or_insert((0, 0));
            e.0 += g;
            e.1 += t;
        }
    }

    /// Accuracy of one field, if it was scored.
    pub fn accuracy(&self, field: &str) -> Option<f64> {
        self.fields
            .get(field)
            .filter(|(_, t)| *t > 0)
            .map(|(g, t)| *g as f64 / *t as f64)
    }
}

pub const SECTIONS: [&str; 4] = ["document", "citations", "targets", "tasks"];

/// Scores of one source file.
#[derive(Debug, Clone, Default)]
pub struct DocScore {
    pub source: String,
    pub tallies: BTreeMap<&'static str, Tally>,
    pub misses: Vec<String>,
}

/// Scores of a whole gold set.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub docs: Vec<DocScore>,
    pub totals: BTreeMap<&'static str, Tally>,
}

impl Report {
    /// Micro-F1 of a section.
    pub fn f1(&self, section: &str) -> f64 {
        self.totals.get(section).map_or(0.0, |t| t.prf().2)
    }

    /// The summary score.py prints with --json.
    pub fn summary_json(&self) -> Value {
        let mut out = Map::new();
        for k in SECTIONS {
            let t = self.totals.get(k).cloned().unwrap_or_default();
            let (p, r, f) = t.prf();
            let mut fields = Map::new();
            for (n, (g, tot)) in &t.fields {
                if *tot > 0 {
                    fields.insert(n.clone(), Value::from(round4(*g as f64 / *tot as f64)));
                }
            }
            out.insert(
                k.to_string(),
                serde_json::json!({
                    "precision": round4(p), "recall": round4(r), "f1": round4(f),
                    "tp": t.tp, "fp": t.fp, "fn": t.fn_, "fields": fields,
                }),
            );
        }
        Value::Object(out)
    }

    /// The text report, as score.py prints it.
    pub fn text(&self, verbose: bool) -> String {
        let mut s = String::new();
        for d in &self.docs {
            let row: Vec<String> = ["citations", "targets", "tasks"]
                .iter()
                .map(|k| format!("{k} F1 {:.2}", d.tallies.get(k).map_or(1.0, |t| t.prf().2)))
                .collect();
            s.push_str(&format!("{}: {}\n", d.source, row.join(", ")));
            if verbose {
                for m in &d.misses {
                    s.push_str(&format!("    {m}\n"));
                }
            }
        }
        s.push('\n');
        for k in ["citations", "targets", "tasks"] {
            let t = self.totals.get(k).cloned().unwrap_or_default();
            let (p, r, f) = t.prf();
            s.push_str(&format!(
                "{k:10} P {p:.3}  R {r:.3}  F1 {f:.3}  (tp {}, fp {}, fn {})\n",
                t.tp, t.fp, t.fn_
            ));
        }
        s.push_str("field accuracy on matched items:\n");
        for k in SECTIONS {
            if let Some(t) = self.totals.get(k) {
                for (n, (g, tot)) in &t.fields {
                    if *tot > 0 {
                        s.push_str(&format!("  {n:22} {:.3}\n", *g as f64 / *tot as f64));
                    }
                }
            }
        }
        s
    }
}

fn round4(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_ws = false;
    for c in s.chars() {
        if is_space(c) {
            if !in_ws {
                out.push(' ');
            }
            in_ws = true;
        } else {
            out.push(c);
            in_ws = false;
        }
    }
    out
}

fn drop_tones(s: &str) -> String {
    let nfd: String = s.nfd().filter(|c| !TONE_MARKS.contains(c)).collect();
    nfd.nfc().collect()
}

/// Python's `json.dumps(v, ensure_ascii=False, sort_keys=True)`.
fn py_json(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => {
            if *b {
                "true".into()
            } else {
                "false".into()
            }
        }
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                py_float(f)
            } else {
                n.to_string()
            }
        }
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Value::Array(a) => format!("[{}]", a.iter().map(py_json).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}: {}",
                        serde_json::to_string(k).unwrap_or_default(),
                        py_json(&o[*k])
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

fn py_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

/// score.py's `fold`: NFC, Ð→Đ, tone marks dropped, lower case, white space
/// folded, `. ; : ,` trimmed, UBND/HĐND/TP expanded.
pub fn fold(v: &Value) -> String {
    let s = match v {
        Value::Null => return String::new(),
        Value::String(s) => s.clone(),
        other => py_json(other),
    };
    fold_str(&s)
}

pub fn fold_str(s: &str) -> String {
    let s = s.replace('\u{00D0}', "Đ").replace('\u{00F0}', "đ");
    let s = drop_tones(&s).to_lowercase();
    let s = collapse_ws(&s);
    let mut s = s.trim_matches(|c| " .;:,".contains(c)).to_string();
    static ABBREV: OnceLock<Vec<(Regex, String)>> = OnceLock::new();
    let abbrev = ABBREV.get_or_init(|| {
        [
            (r"\bubnd\b", "Ủy ban nhân dân"),
            (r"\bhđnd\b", "Hội đồng nhân dân"),
            (r"\btp\.? ", "thành phố "),
        ]
        .iter()
        .filter_map(|(p, r)| {
            Regex::new(p)
                .ok()
                .map(|re| (re, drop_tones(r).to_lowercase()))
        })
        .collect()
    });
    for (re, rep) in abbrev {
        s = re.replace_all(&s, rep.as_str()).into_owned();
    }
    s
}

fn canon_number(v: Option<&Value>) -> Option<String> {
    let s = v?.as_str()?;
    if s.is_empty() {
        return None;
    }
    let s: String = s.nfc().collect::<String>().replace('\u{00D0}', "Đ");
    Some(
        s.chars()
            .filter(|c| !is_space(*c))
            .collect::<String>()
            .to_lowercase(),
    )
}

fn is_blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        _ => false,
    }
}

fn as_num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// score.py's `same`.
pub fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    if is_blank(a) && is_blank(b) {
        return true;
    }
    let a_num = as_num(a);
    let b_num = match b {
        Some(Value::Bool(x)) => Some(if *x { 1.0 } else { 0.0 }),
        _ => as_num(b),
    };
    if let (Some(x), Some(y)) = (a_num, b_num) {
        return (x - y).abs() < 1e-9;
    }
    fold(a.unwrap_or(&Value::Null)) == fold(b.unwrap_or(&Value::Null))
}

fn get<'a>(v: &'a Value, k: &str) -> Option<&'a Value> {
    v.as_object().and_then(|o| o.get(k))
}

fn score_document(gold: &Value, pred: Option<&Value>, t: &mut Tally) {
    let Some(gd) = get(gold, "document").and_then(Value::as_object) else {
        return;
    };
    let pd = pred.and_then(|p| get(p, "document"));
    for (k, gv) in gd {
        let pv = pd.and_then(|d| get(d, k));
        let ok = if k == "number" {
            if !is_blank(Some(gv)) && gv.as_str().is_some_and(|s| !s.is_empty()) {
                canon_number(Some(gv)) == canon_number(pv)
            } else {
                matches!(pv, None | Some(Value::Null)) || pv.and_then(Value::as_str) == Some("")
            }
        } else if let Some(go) = gv.as_object() {
            go.keys().all(|x| {
                same(
                    go.get(x),
                    pv.filter(|p| p.is_object()).and_then(|p| get(p, x)),
                )
            })
        } else {
            same(Some(gv), pv)
        };
        t.field(&format!("document.{k}"), ok);
    }
}

fn cite_key(c: &Value) -> Option<String> {
    if let Some(n) = canon_number(get(c, "number")) {
        return Some(format!("n:{n}"));
    }
    let name = get(c, "name")?;
    if is_blank(Some(name)) {
        return None;
    }
    static PUNCT: OnceLock<Option<Regex>> = OnceLock::new();
    let folded = fold(name);
    let cleaned = match PUNCT.get_or_init(|| Regex::new(r"[^\w\s]").ok()) {
        Some(re) => re.replace_all(&folded, " ").into_owned(),
        None => folded,
    };
    Some(format!(
        "l:{}",
        cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
    ))
}

fn list<'a>(v: Option<&'a Value>, k: &str) -> Vec<&'a Value> {
    v.and_then(|v| get(v, k))
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn score_citations(gold: &Value, pred: Option<&Value>, t: &mut Tally) {
    let gl = list(Some(gold), "citations");
    let pl = list(pred, "citations");
    let mut pmap: HashMap<String, &Value> = HashMap::new();
    for c in pl {
        if let Some(k) = cite_key(c) {
            pmap.entry(k).or_insert(c);
        }
    }
    let mut gkeys: HashSet<Option<String>> = HashSet::new();
    for g in gl {
        let k = cite_key(g);
        gkeys.insert(k.clone());
        let Some(p) = k.as_ref().and_then(|k| pmap.get(k)) else {
            t.fn_ += 1;
            continue;
        };
        t.tp += 1;
        for f in ["kind", "date", "issuer"] {
            if let Some(gv) = get(g, f) {
                t.field(&format!("citation.{f}"), same(Some(gv), get(p, f)));
            }
        }
    }
    t.fp += pmap
        .keys()
        .filter(|k| !gkeys.contains(&Some((*k).clone())))
        .count();
}

/// Whitespace-folded text of a source and the original byte offset of each
/// of its chars (by byte position in the folded string).
struct Folded {
    text: String,
    /// offsets[i] = original offset of the char starting at folded byte i
    offsets: Vec<usize>,
    /// char index of each folded byte position (for Python-style indexing)
    chars: Vec<usize>,
}

fn folded_index(raw: &[u8]) -> Folded {
    let text = String::from_utf8_lossy(raw);
    let mut out = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len());
    let mut b = 0;
    let mut prev_space = true;
    for c in text.chars() {
        let nb = c.len_utf8();
        if is_space(c) {
            if !prev_space {
                out.push(' ');
                offsets.push(b);
            }
            prev_space = true;
        } else {
            out.push(c);
            offsets.extend(std::iter::repeat_n(b, nb));
            prev_space = false;
        }
        b += nb;
    }
    let chars = Vec::new();
    Folded {
        text: out,
        offsets,
        chars,
    }
}

fn num_str(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn locate_target(f: &Folded, quote: &str, value: f64) -> Option<usize> {
    let q = collapse_ws(quote);
    let q = q.trim_matches(is_space);
    let i = f.text.find(q)?;
    let digits = num_str(value);
    let mut cands = vec![digits.clone()];
    if digits.contains('.') {
        cands.push(digits.replace('.', ","));
    }
    for d in &cands {
        let mut from = 0;
        while let Some(m) = q[from..].find(d.as_str()) {
            let s = from + m;
            let e = s + d.len();
            let before = q[..s].chars().next_back().unwrap_or(' ');
            let after = q[e..].chars().next().unwrap_or(' ');
            from = e;
            if before.is_numeric() || after.is_numeric() {
                continue;
            }
            return f.offsets.get(i + s).copied();
        }
    }
    let _ = &f.chars;
    f.offsets.get(i).copied()
}

fn span_of(p: &Value) -> Option<(i64, i64)> {
    let s = get(p, "span")?;
    Some((
        as_num(get(s, "start"))? as i64,
        as_num(get(s, "end"))? as i64,
    ))
}

fn score_targets(
    gold: &Value,
    pred: Option<&Value>,
    raw: &[u8],
    t: &mut Tally,
    misses: &mut Vec<String>,
) {
    let gl = list(Some(gold), "targets");
    let pl: Vec<&Value> = list(pred, "targets")
        .into_iter()
        .filter(|p| {
            matches!(
                get(p, "unit").and_then(Value::as_str),
                Some("%") | Some("điểm")
            )
        })
        .collect();
    let folded = folded_index(raw);
    let mut used: HashSet<usize> = HashSet::new();
    for g in gl {
        let quote = get(g, "quote").and_then(Value::as_str).unwrap_or("");
        let value = as_num(get(g, "value")).unwrap_or(f64::NAN);
        let Some(pos) = locate_target(&folded, quote, value) else {
            misses.push(format!("gold quote not found: {}", prefix(quote, 60)));
            t.fn_ += 1;
            continue;
        };
        let pos = pos as i64;
        let hit = pl.iter().enumerate().find(|(i, p)| {
            !used.contains(i)
                && span_of(p).is_some_and(|(s, e)| s <= pos && pos < e)
                && same(get(p, "value"), get(g, "value"))
        });
        let Some((hit, p)) = hit else {
            t.fn_ += 1;
            misses.push(format!("missed target: {}", prefix(quote, 70)));
            continue;
        };
        used.insert(hit);
        t.tp += 1;
        for f in [
            "value_max",
            "out_of",
            "comparator",
            "change",
            "per_year",
            "year",
            "area",
        ] {
            let Some(gv) = get(g, f) else { continue };
            let pv = get(p, f);
            let ok = if f == "per_year" {
                truthy(Some(gv)) == truthy(pv)
            } else if gv.is_boolean() {
                Some(gv) == pv
            } else {
                same(Some(gv), pv)
            };
            t.field(&format!("target.{f}"), ok);
        }
    }
    t.fp += pl.len() - used.len();
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|x| x != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

fn prefix(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn score_tasks(gold: &Value, pred: Option<&Value>, t: &mut Tally) {
    let gl = list(Some(gold), "tasks");
    let pl = list(pred, "tasks");
    let key = |v: &Value| prefix(&fold(get(v, "task").unwrap_or(&Value::Null)), 40);
    let pkeys: Vec<String> = pl.iter().map(|p| key(p)).collect();
    let mut j = 0;
    let mut matched = 0;
    for g in gl {
        let gk = key(g);
        let mut k = j;
        while k < pl.len() && pkeys[k] != gk {
            k += 1;
        }
        if k >= pl.len() {
            t.fn_ += 1;
            continue;
        }
        let p = pl[k];
        j = k + 1;
        matched += 1;
        t.tp += 1;
        for f in [
            "section", "stt", "task", "output", "timeline", "lead", "partners", "note",
        ] {
            if let Some(gv) = get(g, f) {
                t.field(&format!("task.{f}"), same(Some(gv), get(p, f)));
            }
        }
    }
    t.fp += pl.len() - matched;
}

/// Scores one prediction against one gold file.
pub fn score_one(gold: &Value, pred: Option<&Value>, raw: &[u8]) -> DocScore {
    let mut tallies: BTreeMap<&'static str, Tally> =
        SECTIONS.iter().map(|k| (*k, Tally::default())).collect();
    let mut misses = Vec::new();
    if pred.is_none() {
        misses.push("no prediction file".to_string());
    }
    if let Some(t) = tallies.get_mut("document") {
        score_document(gold, pred, t);
    }
    if let Some(t) = tallies.get_mut("citations") {
        score_citations(gold, pred, t);
    }
    if let Some(t) = tallies.get_mut("targets") {
        score_targets(gold, pred, raw, t, &mut misses);
    }
    if let Some(t) = tallies.get_mut("tasks") {
        score_tasks(gold, pred, t);
    }
    DocScore {
        source: get(gold, "source")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        tallies,
        misses,
    }
}

/// Where predictions come from.
pub enum Predictions<'a> {
    /// A directory of output JSON, found as score.py finds them.
    Dir(&'a Path),
    /// Extract each source now.
    Extract(&'a crate::Grammars, &'a crate::Options),
}

/// Scores every `*.gold.json` in `gold_dir` against its source in `src_dir`.
pub fn evaluate(
    gold_dir: &Path,
    src_dir: &Path,
    preds: Predictions<'_>,
) -> crate::error::Result<Report> {
    use crate::error::Error;
    let mut names: Vec<String> = std::fs::read_dir(gold_dir)
        .map_err(|e| Error::io(gold_dir, &e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".gold.json"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(Error::new(
            crate::error::ErrorKind::Usage,
            format!(
                "no gold files (NAME.gold.json) in {}: nothing to score",
                gold_dir.display()
            ),
        ));
    }
    let mut report = Report {
        docs: Vec::new(),
        totals: SECTIONS.iter().map(|k| (*k, Tally::default())).collect(),
    };
    for n in names {
        let gpath = gold_dir.join(&n);
        let gtext = std::fs::read_to_string(&gpath).map_err(|e| Error::io(&gpath, &e))?;
        let gold: Value = serde_json::from_str(&gtext)
            .map_err(|e| Error::format(format!("not valid JSON: {e}")).with_path(&gpath))?;
        let src = get(&gold, "source")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let spath = src_dir.join(&src);
        let raw = std::fs::read(&spath).map_err(|e| Error::io(&spath, &e))?;
        let pred: Option<Value> = match &preds {
            Predictions::Dir(d) => load_pred(d, &src),
            Predictions::Extract(g, opts) => {
                let out = crate::extract_bytes(g, &spath.display().to_string(), &raw, opts)?;
                serde_json::to_value(&out).ok()
            }
        };
        let ds = score_one(&gold, pred.as_ref(), &raw);
        for (k, t) in &ds.tallies {
            if let Some(tot) = report.totals.get_mut(k) {
                tot.add(t);
            }
        }
        report.docs.push(ds);
    }
    Ok(report)
}

fn load_pred(dir: &Path, source: &str) -> Option<Value> {
    let stem = Path::new(source)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    for cand in [format!("{stem}.json"), format!("{source}.json")] {
        let p = dir.join(cand);
        if p.exists() {
            return std::fs::read_to_string(&p)
                .ok()
                .and_then(|s| serde_json::from_str(&s).ok());
        }
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.extension().is_some_and(|e| e == "json") {
            let Some(v) = std::fs::read_to_string(&p)
                .ok()
                .and_then(|s| serde_json::from_str::<Value>(&s).ok())
            else {
                continue;
            };
            let path = get(&v, "source")
                .and_then(|s| get(s, "path"))
                .and_then(Value::as_str)
                .unwrap_or("");
            if path.ends_with(source) {
                return Some(v);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_matches_score_py() {
        assert_eq!(
            fold_str(" UBND tỉnh Ninh Thuận. "),
            fold_str("Ủy ban nhân dân tỉnh Ninh Thuận")
        );
        assert_eq!(fold_str("Hoà"), fold_str("Hòa"));
        assert_eq!(fold_str("TP. Hải Phòng"), fold_str("thành phố Hải Phòng"));
        assert_ne!(fold_str("Quyết định"), fold_str("Nghị định"));
    }

    #[test]
    fn same_compares_numbers_and_blanks() {
        assert!(same(Some(&Value::from(80)), Some(&Value::from(80.0))));
        assert!(same(None, Some(&Value::from(""))));
        assert!(!same(Some(&Value::from("a")), None));
    }

    #[test]
    fn target_is_located_at_its_number() {
        let raw = "Tỷ lệ  đạt\n tối thiểu 90% trở lên".as_bytes();
        let f = folded_index(raw);
        let pos = locate_target(&f, "đạt tối thiểu 90%", 90.0).unwrap();
        assert_eq!(&raw[pos..pos + 2], b"90");
    }
}
