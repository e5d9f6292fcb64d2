//! Command-line interface. `args` holds what the user typed; each command
//! lives in its own module and returns an exit status.

mod args;
mod eval;
mod extract;
mod files;
pub(crate) mod output;

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
    // the rule tables, checked whole before any file is read
    let grammars = match crate::Grammars::load(cli.grammars.as_deref()) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("vanban: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let code = match cli.command {
        Command::Extract(a) => extract::run(a, &grammars),
        Command::Schema => schema(),
        Command::Eval(a) => eval::run(a, &grammars),
        Command::Text(a) => text(a),
        Command::Db(args::DbCommand::Build(a)) => db_build(a, grammars),
        Command::Db(args::DbCommand::Search(a)) => db_search(a),
        Command::Db(args::DbCommand::Export(a)) => db_export(a),
        Command::Report(a) => report(a, grammars),
    };
    ExitCode::from(code)
}

/// The message a panic was raised with, when it is text.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> Option<String> {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
}

fn db_build(a: args::DbBuildArgs, g: crate::Grammars) -> u8 {
    match crate::db::build(g, &a.dir, &a.db) {
        Ok(stats) => {
            for (p, e) in &stats.skipped {
                eprintln!("{}: not a vanban output: {e}", p.display());
            }
            eprintln!(
                "vanban: {} documents loaded into {}",
                stats.documents,
                a.db.display()
            );
            if stats.skipped.is_empty() {
                EXIT_OK
            } else {
                EXIT_SOME_FAILED
            }
        }
        Err(e) => {
            eprintln!("vanban db build: {e}");
            EXIT_SOME_FAILED
        }
    }
}

fn db_search(a: args::DbSearchArgs) -> u8 {
    let query = a.query.join(" ");
    if crate::db::query_words(&query).is_empty() {
        eprintln!(
            "vanban db search: nothing to search for\nusage: vanban db search [--db vanban.sqlite] [--limit N] WORDS...\n  e.g. vanban db search đất đai"
        );
        return EXIT_USAGE;
    }
    match crate::db::search(&a.db, &query, a.limit) {
        Ok(found) => {
            let mut s = String::new();
            for h in &found.hits {
                let line = h
                    .line
                    .filter(|&l| l > 0)
                    .map(|l| format!(":{l}"))
                    .unwrap_or_default();
                s.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}{line}\n",
                    h.kind,
                    h.number.as_deref().unwrap_or("-"),
                    h.region,
                    h.year.map(|y| y.to_string()).unwrap_or_else(|| "-".into()),
                    h.value.as_deref().or(h.timeline.as_deref()).unwrap_or("-"),
                    one_line(&h.text),
                    h.path,
                ));
            }
            let code = output::print_stdout(&s);
            let shown = found.hits.len();
            if found.total == 0 {
                eprintln!("vanban: no target or task holds all of: {query}");
            } else if shown < found.total {
                eprintln!(
                    "vanban: {shown} of {} hits shown (--limit {}); {} hold the words as a phrase",
                    found.total, a.limit, found.phrases
                );
            } else {
                eprintln!(
                    "vanban: {} hits; {} hold the words as a phrase",
                    found.total, found.phrases
                );
            }
            code
        }
        Err(e) if e.kind == crate::error::ErrorKind::Usage => {
            eprintln!("vanban db search: {e}");
            EXIT_USAGE
        }
        Err(e) => {
            eprintln!("vanban db search: {e}");
            EXIT_SOME_FAILED
        }
    }
}

/// Text on one line, for a tab-separated row.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn db_export(a: args::DbExportArgs) -> u8 {
    use crate::export::{Format, Headers};
    let format = match a.format {
        args::ExportFormat::Xlsx => Format::Xlsx,
        args::ExportFormat::Csv => Format::Csv,
    };
    let headers = match a.headers {
        args::HeaderLanguage::En => Headers::Keys,
        args::HeaderLanguage::Vi => Headers::Vietnamese,
    };
    let out = a.out.unwrap_or_else(|| match format {
        Format::Xlsx => "vanban.xlsx".into(),
        Format::Csv => "vanban-csv".into(),
    });
    match crate::export::export(&a.db, format, headers, &out) {
        Ok(w) => {
            let rows: Vec<String> = w.rows.iter().map(|(n, r)| format!("{r} {n}")).collect();
            eprintln!("vanban: wrote {} ({})", out.display(), rows.join(", "));
            EXIT_OK
        }
        Err(e) => {
            eprintln!("vanban db export: {e}");
            if e.kind == crate::error::ErrorKind::Usage {
                EXIT_USAGE
            } else {
                EXIT_SOME_FAILED
            }
        }
    }
}

fn report(a: args::ReportArgs, grammars: crate::Grammars) -> u8 {
    match crate::report::write(grammars, &a.db, &a.out) {
        Ok(stats) => {
            eprintln!(
                "vanban: report in {} ({} documents, {} targets; open {})",
                a.out.display(),
                stats.documents,
                stats.targets,
                a.out.join("index.html").display()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("vanban report: {e}");
            if e.kind == crate::error::ErrorKind::Usage {
                EXIT_USAGE
            } else {
                EXIT_SOME_FAILED
            }
        }
    }
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
    if let Some(kind) = files::unreadable_kind(&a.path).filter(|_| a.path.as_os_str() != "-") {
        eprintln!("{}: {kind}, not a regular file: not read", a.path.display());
        return EXIT_SOME_FAILED;
    }
    let bytes = match files::read_input(&a.path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_SOME_FAILED;
        }
    };
    match crate::decode::decode(&bytes, &opts.limits) {
        Ok(d) => {
            // what is wrong with the text, on stderr: a scan prints
            // nothing, and says why
            let path = a.path.display();
            for w in d.source_warnings.iter().chain(&d.warnings) {
                eprintln!("{path}: warning: {w}");
            }
            let text = crate::normalize::normalize(&d.text.text).text;
            if text.trim().is_empty() && d.warnings.is_empty() && d.source_warnings.is_empty() {
                eprintln!("{path}: no text in this file");
            }
            output::print_stdout(&text)
        }
        Err(e) => {
            eprintln!("{}", e.with_path(&a.path));
            EXIT_SOME_FAILED
        }
    }
}
