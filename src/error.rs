//! The one error type: what went wrong, in which file, and where.
//!
//! A per-file error never stops a batch run; the CLI prints it as
//! `path: message` and goes on with the next file.

use std::path::PathBuf;

/// What kind of failure, for error records and exit statuses.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file could not be read (missing, permissions, a directory loop).
    Io,
    /// The bytes are not a format we read, or are malformed for it.
    Format,
    /// The text could not be decoded in any supported encoding.
    Encoding,
    /// A limit (size, time, zip ratio, entry count) was exceeded.
    Limit,
    /// A rule table in grammars/ (or an overlay) is malformed.
    Grammar,
    /// A panic inside the extractor, caught and reported for this file only.
    Internal,
    /// Bad command-line usage.
    Usage,
}

#[derive(Debug, thiserror::Error)]
#[error("{}{message}", path_prefix(.path, .position))]
pub struct Error {
    pub kind: ErrorKind,
    pub path: Option<PathBuf>,
    /// Byte offset (or `line:column` for grammar files) where the problem was found.
    pub position: Option<String>,
    pub message: String,
}

fn path_prefix(path: &Option<PathBuf>, position: &Option<String>) -> String {
    match (path, position) {
        (Some(p), Some(pos)) => format!("{}:{}: ", p.display(), pos),
        (Some(p), None) => format!("{}: ", p.display()),
        (None, Some(pos)) => format!("{pos}: "),
        (None, None) => String::new(),
    }
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            path: None,
            position: None,
            message: message.into(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, err: &std::io::Error) -> Error {
        Error::new(ErrorKind::Io, err.to_string()).with_path(path)
    }

    pub fn format(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Format, message)
    }

    pub fn limit(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Limit, message)
    }

    /// An error in a rule table, at a 1-based line and column (printed
    /// `file:line:column: message`).
    pub fn grammar(file: &str, line: usize, column: usize, message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Grammar,
            path: Some(PathBuf::from(file)),
            position: Some(format!("{line}:{column}")),
            message: message.into(),
        }
    }

    /// Attaches a path when the error does not have one yet.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Error {
        if self.path.is_none() {
            self.path = Some(path.into());
        }
        self
    }
}

pub type Result<T> = std::result::Result<T, Error>;
