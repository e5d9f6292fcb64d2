//! Command-line interface. `args` holds what the user typed; each command
//! lives in its own module and returns an exit status.

mod args;
mod eval;
mod extract;
mod files;
mod output;

pub use args::{Cli, Command};
use clap::Parser;
use std::ffi::OsString;
use std::process::ExitCode;

/// Exit statuses.
pub const EXIT_OK: u8 = 0;
pub const EXIT_SOME_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Runs the CLI on the given arguments (program name first).
pub fn run<I: IntoIterator<Item = OsString>>(args: I) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    crate::rules::set_overlay(cli.grammars.clone());
    if cli.grammars.is_some() {
        if let Err(e) = crate::rules::validate_all() {
            eprintln!("vanban: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let code = match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Schema => schema(),
        Command::Eval(a) => eval::run(a),
        Command::Text(a) => text(a),
    };
    ExitCode::from(code)
}

fn schema() -> u8 {
    let schema = schemars::schema_for!(crate::model::Output);
    match serde_json::to_string_pretty(&schema) {
        Ok(s) => output::print_stdout(&format!("{s}\n")),
        Err(e) => {
            eprintln!("vanban: {e}");
            EXIT_SOME_FAILED
        }
    }
}

fn text(a: args::TextArgs) -> u8 {
    let opts = crate::Options::default();
    let bytes = match files::read_input(&a.path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_SOME_FAILED;
        }
    };
    match crate::decode::decode(&bytes, &opts.limits) {
        Ok(d) => {
            let text = crate::normalize::normalize(&d.text.text).text;
            output::print_stdout(&text)
        }
        Err(e) => {
            eprintln!("{}", e.with_path(&a.path));
            EXIT_SOME_FAILED
        }
    }
}
