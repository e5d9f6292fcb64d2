//! Writing results: atomic files ([`crate::atomic`]) and stdout (a broken
//! pipe is a normal end).

use super::{EXIT_OK, EXIT_SOME_FAILED};
use std::io::Write;

/// Prints to stdout; a closed pipe ends quietly.
pub fn print_stdout(s: &str) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("vanban: stdout: {e}");
            EXIT_SOME_FAILED
        }
    }
}
