//! The `vanban` command: parse arguments, dispatch, map the outcome to an
//! exit status (0 all done, 1 some files failed, 2 usage error).

#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::process::ExitCode;

fn main() -> ExitCode {
    vanban::cli::run(std::env::args_os())
}
