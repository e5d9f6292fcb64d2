//! Which inputs a run reads and where each one's output goes.
//!
//! Directories are walked recursively for supported extensions; a file named
//! on the command line is read whatever its name (its format is detected from
//! its content). Each input gets an output path relative to `--out`: its
//! path under the directory it was found in, or its file name when named
//! directly; when two inputs would collide, their whole relative paths are
//! kept.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Extensions picked up when walking a directory.
pub const SUPPORTED: &[&str] = &[
    "txt", "md", "markdown", "text", "html", "htm", "xhtml", "docx", "pdf",
];

/// One input of a run.
#[derive(Debug, Clone)]
pub struct Input {
    /// Where to read it (`-` for stdin).
    pub path: PathBuf,
    /// Output path relative to --out, without extension.
    pub rel: PathBuf,
}

impl Input {
    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }
}

/// Reads a path, or stdin for `-`.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Error::io("-", &e))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| Error::io(path, &e))
}

/// What a run will read, and what it will not.
#[derive(Debug, Default)]
pub struct Collected {
    pub inputs: Vec<Input>,
    /// Walk errors (a loop, an unreadable directory): per-path errors, not
    /// a stop.
    pub errors: Vec<Error>,
    /// Paths that are not regular files (a FIFO, a socket, a device),
    /// skipped with the reason: reading one could block for ever.
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// What kind of non-regular file `t` is, or None for a regular file or a
/// directory.
fn not_regular(t: std::fs::FileType) -> Option<&'static str> {
    if t.is_file() || t.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Why a path cannot be read as an input (not a regular file), if so.
pub fn unreadable_kind(path: &Path) -> Option<&'static str> {
    std::fs::metadata(path)
        .ok()
        .and_then(|m| not_regular(m.file_type()))
}

/// Expands the command-line paths into inputs.
pub fn collect(paths: &[PathBuf]) -> Collected {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input {
                path: p.clone(),
                rel: PathBuf::from("stdin"),
            });
            continue;
        }
        if p.is_dir() {
            let mut found: Vec<PathBuf> = Vec::new();
            let walker = walkdir::WalkDir::new(p)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter();
            // `gold/` folders hold annotations, hidden folders tool state.
            let walker = walker.filter_entry(|e| e.depth() == 0 || !skipped_dir(e));
            for entry in walker {
                match entry {
                    Ok(e) if !e.file_type().is_dir() => {
                        let ext = e
                            .path()
                            .extension()
                            .map(|x| x.to_string_lossy().to_lowercase())
                            .unwrap_or_default();
                        if !SUPPORTED.contains(&ext.as_str()) {
                            continue;
                        }
                        match not_regular(e.file_type()) {
                            None => found.push(e.path().to_path_buf()),
                            Some(kind) => skipped.push((e.path().to_path_buf(), kind)),
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| p.clone());
                        errors.push(
                            Error::new(crate::error::ErrorKind::Io, e.to_string()).with_path(path),
                        );
                    }
                }
            }
            for f in found {
                let rel = f.strip_prefix(p).unwrap_or(&f).with_extension("");
                inputs.push(Input { path: f, rel });
            }
        } else if let Some(kind) = unreadable_kind(p) {
            skipped.push((p.clone(), kind));
        } else {
            let rel = PathBuf::from(p.file_stem().unwrap_or(p.as_os_str()));
            inputs.push(Input {
                path: p.clone(),
                rel,
            });
        }
    }
    disambiguate(&mut inputs);
    Collected {
        inputs,
        errors,
        skipped,
    }
}

fn skipped_dir(e: &walkdir::DirEntry) -> bool {
    let name = e.file_name().to_string_lossy();
    e.file_type().is_dir() && (name == "gold" || name.starts_with('.'))
}

/// Gives inputs that would write the same output their whole path.
fn disambiguate(inputs: &mut [Input]) {
    let mut count: HashMap<PathBuf, usize> = HashMap::new();
    for i in inputs.iter() {
        *count.entry(i.rel.clone()).or_default() += 1;
    }
    for i in inputs.iter_mut() {
        if count.get(&i.rel).copied().unwrap_or(0) > 1 && !i.is_stdin() {
            i.rel = safe_rel(&i.path).with_extension("");
        }
    }
}

/// A path made safe to put under --out: no root, no `..`.
fn safe_rel(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => out.push(s),
            Component::ParentDir => out.push("_up"),
            _ => {}
        }
    }
    out
}

/// Reads paths, one per line, from a file or stdin.
pub fn files_from(src: &Path) -> Result<Vec<PathBuf>> {
    let text = String::from_utf8_lossy(&read_input(src)?).into_owned();
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect())
}

/// Parses `i/N`.
pub fn parse_shard(s: &str) -> Result<(u64, u64)> {
    let bad = || {
        Error::new(
            crate::error::ErrorKind::Usage,
            format!("--shard expects i/N with 0 <= i < N, got `{s}`"),
        )
    };
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let i: u64 = i.trim().parse().map_err(|_| bad())?;
    let n: u64 = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || i >= n {
        return Err(bad());
    }
    Ok((i, n))
}

/// Stable shard of a path: FNV-1a of its bytes, mod N.
pub fn shard_of(path: &Path, n: u64) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in path.to_string_lossy().as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h % n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_stems_keep_their_paths() {
        let mut v = vec![
            Input {
                path: PathBuf::from("a/x.txt"),
                rel: PathBuf::from("x"),
            },
            Input {
                path: PathBuf::from("b/x.txt"),
                rel: PathBuf::from("x"),
            },
            Input {
                path: PathBuf::from("c/y.txt"),
                rel: PathBuf::from("y"),
            },
        ];
        disambiguate(&mut v);
        assert_eq!(v[0].rel, PathBuf::from("a/x"));
        assert_eq!(v[1].rel, PathBuf::from("b/x"));
        assert_eq!(v[2].rel, PathBuf::from("y"));
    }

    #[test]
    fn shards() {
        assert_eq!(parse_shard("1/4").unwrap(), (1, 4));
        assert!(parse_shard("4/4").is_err());
        assert!(parse_shard("x").is_err());
        let p = Path::new("corpus/a.txt");
        assert_eq!(shard_of(p, 7), shard_of(p, 7));
    }
}
