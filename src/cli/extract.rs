//! `vanban extract`: every input through the pipeline, in parallel, each
//! failure isolated to its own file.

use super::args::{ExtractArgs, OutFormat};
use super::files::{self, Input};
use super::output::{print_stdout, remove_stale_temps, write_atomic};
use super::{EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};
use crate::error::{Error, ErrorKind};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// What happened to one input.
enum Outcome {
    /// JSON (file mode: already written; stdout mode: the line to print).
    Done(String),
    Skipped,
    Failed(Error, String),
}

pub fn run(a: ExtractArgs) -> u8 {
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
    let to_stdout = a.out.as_os_str() == "-" || a.format == OutFormat::Jsonl;
    if !to_stdout {
        let removed = remove_stale_temps_for(&a.out, &inputs);
        if removed > 0 && !a.quiet {
            eprintln!("vanban: removed {removed} temporary files left by an interrupted run");
        }
    }
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
    let progress = (!a.quiet && std::io::stderr().is_terminal()).then(|| {
        let pb = indicatif::ProgressBar::new(inputs.len() as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} files {binary_bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb
    });
    let (mut done, mut skipped) = (0usize, 0usize);
    let chunk = 64 * pool.current_num_threads().max(1);
    let mut stdout_code = EXIT_OK;
    for batch in inputs.chunks(chunk) {
        let outcomes: Vec<Outcome> = pool.install(|| {
            batch
                .par_iter()
                .map(|inp| process(inp, &a, &opts, to_stdout, progress.as_ref()))
                .collect()
        });
        for (inp, o) in batch.iter().zip(outcomes) {
            match o {
                Outcome::Done(line) => {
                    done += 1;
                    if to_stdout && stdout_code == EXIT_OK {
                        stdout_code = print_stdout(&line);
                    }
                }
                Outcome::Skipped => skipped += 1,
                Outcome::Failed(e, record) => {
                    failed += 1;
                    eprintln!("{}", e.with_path(&inp.path));
                    if to_stdout && stdout_code == EXIT_OK {
                        stdout_code = print_stdout(&record);
                    }
                }
            }
        }
    }
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    if !a.quiet {
        let not_files = match not_files.len() {
            0 => String::new(),
            n => format!(", {n} skipped (not regular files)"),
        };
        eprintln!("vanban: {done} written, {skipped} unchanged{not_files}, {failed} failed");
    }
    if failed > 0 || stdout_code != EXIT_OK {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}

/// Removes the temporary files a killed run left in the folders this run
/// writes to (`--out` and the folders of its outputs); see
/// [`super::output::remove_stale_temps`].
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

fn process(
    inp: &Input,
    a: &ExtractArgs,
    opts: &crate::Options,
    to_stdout: bool,
    pb: Option<&indicatif::ProgressBar>,
) -> Outcome {
    let path_str = inp.path.display().to_string();
    if !inp.is_stdin() {
        if let Ok(meta) = std::fs::metadata(&inp.path) {
            if meta.len() > opts.limits.max_bytes {
                let e = Error::limit(format!(
                    "file is {} bytes, more than the limit of {} (--max-bytes)",
                    meta.len(),
                    opts.limits.max_bytes
                ));
                return failure(e, &path_str, None, a, inp, to_stdout);
            }
        }
    }
    let bytes = match files::read_input(&inp.path) {
        Ok(b) => b,
        Err(e) => return failure(e, &path_str, None, a, inp, to_stdout),
    };
    if let Some(pb) = pb {
        pb.inc_length(0);
    }
    let json_path = out_path(&a.out, inp, ".json");
    if a.incremental && !to_stdout && unchanged(&json_path, &bytes) {
        if let Some(pb) = pb {
            pb.inc(1);
        }
        return Outcome::Skipped;
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::extract_bytes(&path_str, &bytes, opts)
    }));
    if let Some(pb) = pb {
        pb.inc(1);
    }
    let out = match result {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => return failure(e, &path_str, Some(&bytes), a, inp, to_stdout),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            let e = Error::new(
                ErrorKind::Internal,
                format!("internal error (please report): {msg}"),
            );
            return failure(e, &path_str, Some(&bytes), a, inp, to_stdout);
        }
    };
    if to_stdout {
        return match serde_json::to_string(&out) {
            Ok(s) => Outcome::Done(s + "\n"),
            Err(e) => Outcome::Failed(
                Error::new(ErrorKind::Internal, e.to_string()),
                String::new(),
            ),
        };
    }
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
    let _ = std::fs::remove_file(out_path(&a.out, inp, ".error.json"));
    Outcome::Done(String::new())
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

fn failure(
    e: Error,
    path: &str,
    bytes: Option<&[u8]>,
    a: &ExtractArgs,
    inp: &Input,
    to_stdout: bool,
) -> Outcome {
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
    if !to_stdout {
        let p = out_path(&a.out, inp, ".error.json");
        if let Err(we) = write_atomic(&p, line.as_bytes()) {
            eprintln!("{}: {we}", p.display());
        }
        return Outcome::Failed(e, String::new());
    }
    Outcome::Failed(e, line)
}
