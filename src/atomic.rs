//! Atomic files: written to a temporary file beside them, then renamed, so
//! an interrupted run never leaves a partial file; and the clean-up of the
//! temporary files a killed run left. The CLI writes its results and
//! `db export` its files through it.

use std::io::Write;
use std::path::Path;

/// Writes `data` to `path` atomically: into `.NAME.PID.tmp` beside it,
/// synced, then renamed over `path`. On any error (a full disk) the
/// temporary file is removed; one left by a killed run is removed by the
/// next run ([`remove_stale_temps`]).
pub fn write_atomic(path: &Path, data: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |f| {
        f.write_all(data)?;
        f.sync_data()
    })
}

/// [`write_atomic`] with the writing of the temporary file given.
fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(temp_name(&name, std::process::id()));
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| write(&mut f))
        .and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// The temporary name of output `name` written by process `pid`.
fn temp_name(name: &str, pid: u32) -> String {
    format!(".{name}.{pid}.tmp")
}

/// The process id in a temporary name of ours (`.NAME.json.PID.tmp`, or
/// `.vanban.jsonl.PID.tmp`), if it is one.
fn temp_pid(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (name, pid) = rest.rsplit_once('.')?;
    let ours = (name.len() > ".json".len() && name.ends_with(".json")) || name == "vanban.jsonl";
    let pid = pid.parse().ok().filter(|_| ours)?;
    Some(pid)
}

/// Removes, from folder `dir` (not below it), the temporary files of our
/// naming that no running writer owns: those of a process that is gone
/// (a killed run), or of this very process (a run killed earlier with the
/// same id), or older than a day (where processes cannot be looked up).
/// Returns how many were removed.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    let me = std::process::id();
    let day = std::time::Duration::from_secs(24 * 3600);
    let mut removed = 0;
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = temp_pid(&name) else { continue };
        let Ok(meta) = e.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age > day);
        if (pid == me || !alive(pid) || old) && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// True unless process `pid` is known to be gone (Linux: no /proc/PID).
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let r = write_atomic_with(&path, |f| {
            f.write_all(b"{\"half")?;
            Err(std::io::Error::other("No space left on device"))
        });
        assert!(r.is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert!(left.is_empty(), "{left:?}");
        write_atomic(&path, b"{}").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn only_our_stale_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let me = std::process::id();
        let gone = u32::MAX - 1;
        // a live process that is not us: our parent (the test harness)
        let live = std::os::unix::process::parent_id();
        let files = [
            (temp_name("a.json", gone), true),
            (temp_name("b.error.json", gone), true),
            (temp_name("c.json", me), true),
            (temp_name("d.json", live), false),
            (".notes.tmp".to_string(), false),
            (format!(".e.txt.{gone}.tmp"), false),
            ("f.json".to_string(), false),
        ];
        for (f, _) in &files {
            std::fs::write(dir.path().join(f), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub").join(temp_name("g.json", gone)), b"x").unwrap();
        assert_eq!(remove_stale_temps(dir.path()), 3);
        for (f, stale) in &files {
            assert_eq!(dir.path().join(f).exists(), !stale, "{f}");
        }
        assert!(
            dir.path()
                .join("sub")
                .join(temp_name("g.json", gone))
                .exists()
        );
    }
}
