//! `vanban extract`: every input through the pipeline, in parallel, each
//! failure isolated to its own file, each file with a warning named on
//! stderr.

use super::args::{ExtractArgs, OutFormat};
use super::files::{self, Input};
use super::output::print_stdout;
use super::{EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};
use crate::atomic::{remove_stale_temps, write_atomic};
use crate::error::{Error, ErrorKind};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// What happened to one input.
enum Outcome {
    /// JSON (file mode: already written; JSON lines: the line to write),
    /// and the output's warnings (`source.warnings`, then `warnings`).
    Done(String, Vec<String>),
    Skipped,
    Failed(Error, String),
}

/// Where the results go.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Dest {
    /// One `NAME.json` per input under this folder.
    Files(PathBuf),
    /// JSON lines on stdout.
    Stdout,
    /// JSON lines in `DIR/vanban.jsonl`, written atomically at the end.
    Jsonl(PathBuf),
}

/// The name of the JSON lines file under `--out` with `--format jsonl`.
const JSONL_NAME: &str = "vanban.jsonl";

impl Dest {
    fn of(a: &ExtractArgs) -> Dest {
        match (a.format, a.out.as_deref()) {
            (_, Some(p)) if p.as_os_str() == "-" => Dest::Stdout,
            (OutFormat::Jsonl, None) => Dest::Stdout,
            (OutFormat::Jsonl, Some(dir)) => Dest::Jsonl(dir.to_path_buf()),
            (OutFormat::Json, out) => {
                Dest::Files(out.map_or_else(|| PathBuf::from("out"), Path::to_path_buf))
            }
        }
    }

    /// The output folder of per-file outputs, if that is where they go.
    fn dir(&self) -> Option<&Path> {
        match self {
            Dest::Files(d) => Some(d),
            _ => None,
        }
    }
}

pub fn run(a: ExtractArgs, grammars: &crate::Grammars) -> u8 {
    let mut paths = a.paths.clone();
    if let Some(ff) = &a.files_from {
        match files::files_from(ff) {
            Ok(p) => paths.extend(p),
            Err(e) => {
                eprintln!("vanban: {e}");
                return EXIT_USAGE;
            }
        }
    }
    if paths.is_empty() && a.files_from.is_none() {
        paths.push(PathBuf::from("corpus"));
    }
    let shard = match a.shard.as_deref().map(files::parse_shard).transpose() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("vanban: {e}");
            return EXIT_USAGE;
        }
    };
    let files::Collected {
        mut inputs,
        errors: walk_errors,
        skipped: not_files,
    } = files::collect(&paths);
    if let Some((i, n)) = shard {
        inputs.retain(|inp| files::shard_of(&inp.path, n) == i);
    }
    for (p, kind) in &not_files {
        eprintln!("{}: skipped: {kind}, not a regular file", p.display());
    }
    let dest = Dest::of(&a);
    let removed = match &dest {
        Dest::Files(out) => remove_stale_temps_for(out, &inputs),
        Dest::Jsonl(dir) => remove_stale_temps(dir),
        Dest::Stdout => 0,
    };
    if removed > 0 && !a.quiet {
        eprintln!("vanban: removed {removed} temporary files left by an interrupted run");
    }
    let mut lines = match LineSink::open(&dest) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("vanban: {e}");
            return EXIT_SOME_FAILED;
        }
    };
    let opts = crate::Options {
        limits: crate::decode::Limits {
            max_bytes: a.max_bytes,
            ..Default::default()
        },
    };
    let mut failed = walk_errors.len();
    for e in &walk_errors {
        eprintln!("{e}");
    }
    let threads = a.jobs.unwrap_or(0);
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("vanban: cannot start worker threads: {e}");
            return EXIT_USAGE;
        }
    };
    let progress = (!a.quiet && std::io::stderr().is_terminal()).then(|| Progress::new(&inputs));
    let (mut done, mut warned, mut skipped) = (0usize, 0usize, 0usize);
    let chunk = 64 * pool.current_num_threads().max(1);
    let mut stdout_code = EXIT_OK;
    for batch in inputs.chunks(chunk) {
        let outcomes: Vec<Outcome> = pool.install(|| {
            batch
                .par_iter()
                .map(|inp| {
                    let o = process(grammars, inp, &a, &opts, &dest);
                    if let Some(p) = &progress {
                        p.done(inp);
                    }
                    o
                })
                .collect()
        });
        for (inp, o) in batch.iter().zip(outcomes) {
            match o {
                Outcome::Done(line, warnings) => {
                    done += 1;
                    if !warnings.is_empty() {
                        warned += 1;
                        for w in &warnings {
                            eprintln!("{}: warning: {w}", inp.path.display());
                        }
                    }
                    if stdout_code == EXIT_OK {
                        stdout_code = lines.write(&line);
                    }
                }
                Outcome::Skipped => skipped += 1,
                Outcome::Failed(e, record) => {
                    failed += 1;
                    eprintln!("{}", e.with_path(&inp.path));
                    if stdout_code == EXIT_OK {
                        stdout_code = lines.write(&record);
                    }
                }
            }
        }
    }
    if let Some(p) = progress {
        p.bar.finish_and_clear();
    }
    if stdout_code == EXIT_OK {
        stdout_code = lines.finish();
    }
    if !a.quiet {
        let not_files = match not_files.len() {
            0 => String::new(),
            n => format!(", {n} skipped (not regular files)"),
        };
        eprintln!(
            "vanban: {done} written, {warned} with warnings, {skipped} unchanged{not_files}, {failed} failed"
        );
    }
    if failed > 0 || stdout_code != EXIT_OK {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}

/// Removes the temporary files a killed run left in the folders this run
/// writes to (`--out` and the folders of its outputs); see
/// [`crate::atomic::remove_stale_temps`].
fn remove_stale_temps_for(out: &Path, inputs: &[Input]) -> usize {
    let mut dirs: std::collections::BTreeSet<PathBuf> = inputs
        .iter()
        .filter_map(|inp| out_path(out, inp, ".json").parent().map(Path::to_path_buf))
        .collect();
    dirs.insert(out.to_path_buf());
    dirs.iter().map(|d| remove_stale_temps(d)).sum()
}

fn out_path(out: &Path, inp: &Input, ext: &str) -> PathBuf {
    let mut p = out.join(&inp.rel).into_os_string();
    p.push(ext);
    PathBuf::from(p)
}

/// The progress bar: its rate is of bytes read (it showed files per second
/// as bytes: "29 B/s" for 20 MB), with the count of files beside.
struct Progress {
    bar: indicatif::ProgressBar,
    files: std::sync::atomic::AtomicUsize,
    total: usize,
}

impl Progress {
    fn new(inputs: &[Input]) -> Progress {
        let bar = indicatif::ProgressBar::new(input_bytes(inputs));
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {msg} files {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_message(format!("0/{}", inputs.len()));
        Progress {
            bar,
            files: Default::default(),
            total: inputs.len(),
        }
    }

    /// One input is done: its bytes and one file.
    fn done(&self, inp: &Input) {
        let n = self
            .files
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        self.bar.set_message(format!("{n}/{}", self.total));
        self.bar.inc(input_len(inp));
    }
}

/// Bytes of an input on disk (0 for stdin or what cannot be read).
fn input_len(inp: &Input) -> u64 {
    if inp.is_stdin() {
        return 0;
    }
    std::fs::metadata(&inp.path).map_or(0, |m| m.len())
}

/// Bytes of all inputs: the progress bar's length.
fn input_bytes(inputs: &[Input]) -> u64 {
    inputs.iter().map(input_len).sum()
}

/// Where JSON lines go: stdout, or a temporary file renamed to
/// `DIR/vanban.jsonl` when the run ends; per-file outputs write nothing
/// here.
enum LineSink {
    None,
    Stdout,
    File {
        tmp: PathBuf,
        path: PathBuf,
        w: std::io::BufWriter<std::fs::File>,
    },
}

impl LineSink {
    fn open(dest: &Dest) -> std::io::Result<LineSink> {
        Ok(match dest {
            Dest::Files(_) => LineSink::None,
            Dest::Stdout => LineSink::Stdout,
            Dest::Jsonl(dir) => {
                std::fs::create_dir_all(dir)?;
                let path = dir.join(JSONL_NAME);
                let tmp = dir.join(format!(".{JSONL_NAME}.{}.tmp", std::process::id()));
                let f = std::fs::File::create(&tmp).map_err(|e| {
                    std::io::Error::new(e.kind(), format!("{}: {e}", tmp.display()))
                })?;
                LineSink::File {
                    tmp,
                    path,
                    w: std::io::BufWriter::new(f),
                }
            }
        })
    }

    fn write(&mut self, line: &str) -> u8 {
        match self {
            LineSink::None => EXIT_OK,
            LineSink::Stdout => print_stdout(line),
            LineSink::File { tmp, w, .. } => match std::io::Write::write_all(w, line.as_bytes()) {
                Ok(()) => EXIT_OK,
                Err(e) => {
                    eprintln!("vanban: {}: {e}", tmp.display());
                    let _ = std::fs::remove_file(&*tmp);
                    EXIT_SOME_FAILED
                }
            },
        }
    }

    /// Moves the JSON lines file into place (or removes it on error).
    fn finish(self) -> u8 {
        let LineSink::File { tmp, path, w } = self else {
            return EXIT_OK;
        };
        let done = w
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_data())
            .and_then(|()| std::fs::rename(&tmp, &path));
        match done {
            Ok(()) => EXIT_OK,
            Err(e) => {
                eprintln!("vanban: {}: {e}", path.display());
                let _ = std::fs::remove_file(&tmp);
                EXIT_SOME_FAILED
            }
        }
    }
}

fn process(
    grammars: &crate::Grammars,
    inp: &Input,
    a: &ExtractArgs,
    opts: &crate::Options,
    dest: &Dest,
) -> Outcome {
    let path_str = inp.path.display().to_string();
    if !inp.is_stdin() {
        if let Ok(meta) = std::fs::metadata(&inp.path) {
            if let Err(e) = opts.limits.check_size("file", meta.len()) {
                return failure(e, &path_str, None, inp, dest);
            }
        }
    }
    let bytes = match files::read_input(&inp.path) {
        Ok(b) => b,
        Err(e) => return failure(e, &path_str, None, inp, dest),
    };
    let json_path = dest.dir().map(|d| out_path(d, inp, ".json"));
    if let Some(json_path) = json_path.as_ref().filter(|_| a.incremental) {
        if unchanged(json_path, &bytes) {
            return Outcome::Skipped;
        }
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::extract_bytes(grammars, &path_str, &bytes, opts)
    }));
    let out = match result {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => return failure(e, &path_str, Some(&bytes), inp, dest),
        Err(panic) => {
            let msg = super::panic_message(&*panic).unwrap_or_else(|| "unknown panic".into());
            let e = Error::new(
                ErrorKind::Internal,
                format!("internal error (please report): {msg}"),
            );
            return failure(e, &path_str, Some(&bytes), inp, dest);
        }
    };
    let warnings: Vec<String> = out
        .source
        .warnings
        .iter()
        .chain(&out.warnings)
        .cloned()
        .collect();
    let Some(json_path) = json_path else {
        return match serde_json::to_string(&out) {
            Ok(s) => Outcome::Done(s + "\n", warnings),
            Err(e) => Outcome::Failed(
                Error::new(ErrorKind::Internal, e.to_string()),
                String::new(),
            ),
        };
    };
    // pretty JSON written straight into one buffer, sized for the usual
    // output (two to three times the input) so it seldom grows
    let mut json: Vec<u8> = Vec::with_capacity(bytes.len().saturating_mul(3) + 4096);
    if let Err(e) = crate::model::write_pretty(&mut json, &out) {
        return Outcome::Failed(
            Error::new(ErrorKind::Internal, e.to_string()),
            String::new(),
        );
    }
    if let Err(e) = write_atomic(&json_path, &json) {
        return Outcome::Failed(Error::io(&json_path, &e), String::new());
    }
    if let Some(d) = dest.dir() {
        let _ = std::fs::remove_file(out_path(d, inp, ".error.json"));
    }
    Outcome::Done(String::new(), warnings)
}

/// The part of an earlier output that `unchanged` reads (everything else is
/// skipped, not built).
#[derive(serde::Deserialize)]
struct Stamp {
    source: StampSource,
}

#[derive(serde::Deserialize)]
struct StampSource {
    sha256: Option<String>,
}

/// True when the output exists and was made from these very bytes.
fn unchanged(json_path: &Path, bytes: &[u8]) -> bool {
    let Ok(text) = std::fs::read_to_string(json_path) else {
        return false;
    };
    let Ok(v) = serde_json::from_str::<Stamp>(&text) else {
        return false;
    };
    v.source.sha256.as_deref() == Some(crate::sha256_hex(bytes).as_str())
}

fn failure(e: Error, path: &str, bytes: Option<&[u8]>, inp: &Input, dest: &Dest) -> Outcome {
    let mut source = serde_json::json!({ "path": path });
    if let Some(b) = bytes {
        source["sha256"] = crate::sha256_hex(b).into();
        source["bytes"] = (b.len() as u64).into();
    }
    let record = serde_json::json!({
        "source": source,
        "error": { "kind": e.kind, "message": e.message.clone() },
    });
    let line = serde_json::to_string(&record).unwrap_or_default() + "\n";
    if let Some(d) = dest.dir() {
        let p = out_path(d, inp, ".error.json");
        if let Err(we) = write_atomic(&p, line.as_bytes()) {
            eprintln!("{}: {we}", p.display());
        }
        return Outcome::Failed(e, String::new());
    }
    Outcome::Failed(e, line)
}
