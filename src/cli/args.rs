//! What the user typed, as clap parses it. Nothing here does work.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "vanban",
    version,
    about = "Vietnamese government decisions and plans → structured JSON"
)]
pub struct Cli {
    /// Overlay these rule tables (DIR/NAME.toml) on the built-in grammars/.
    #[arg(long, global = true, value_name = "DIR")]
    pub grammars: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract documents to JSON.
    Extract(ExtractArgs),
    /// Print the JSON Schema of the output.
    Schema,
    /// Score extraction against gold annotations (same figures as score.py).
    Eval(EvalArgs),
    /// Print the normalised text the extractors see.
    Text(TextArgs),
    /// Build or search the SQLite comparison database.
    #[command(subcommand)]
    Db(DbCommand),
    /// Write the HTML page that compares provinces.
    Report(ReportArgs),
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Load a folder of output JSON into SQLite (a full, idempotent rebuild).
    Build(DbBuildArgs),
    /// Full-text search over targets and tasks (tone marks and đ/d optional).
    Search(DbSearchArgs),
    /// Write the database as spreadsheets (xlsx workbook or CSV files).
    Export(DbExportArgs),
}

#[derive(Debug, Args)]
pub struct DbBuildArgs {
    /// Folder of `vanban extract` output. Default: out/
    #[arg(default_value = "out")]
    pub dir: PathBuf,
    /// The database file.
    #[arg(long, default_value = "vanban.sqlite")]
    pub db: PathBuf,
}

#[derive(Debug, Args)]
pub struct DbSearchArgs {
    /// Words to find (a phrase first, then all the words apart).
    pub query: Vec<String>,
    #[arg(long, default_value = "vanban.sqlite")]
    pub db: PathBuf,
    /// Most hits printed.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HeaderLanguage {
    /// The database's column names.
    En,
    /// Vietnamese headers.
    Vi,
}

#[derive(Debug, Args)]
pub struct DbExportArgs {
    #[arg(long, default_value = "vanban.sqlite")]
    pub db: PathBuf,
    /// xlsx: one workbook; csv: a folder of UTF-8 CSV files (with BOM).
    #[arg(long, value_enum, default_value_t = ExportFormat::Xlsx)]
    pub format: ExportFormat,
    /// The workbook (xlsx) or folder (csv). Default: vanban.xlsx, vanban-csv/
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Column headers: en (column names) or vi (Vietnamese).
    #[arg(long, value_enum, default_value_t = HeaderLanguage::En)]
    pub headers: HeaderLanguage,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(long, default_value = "vanban.sqlite")]
    pub db: PathBuf,
    /// The report folder (index.html, a page per document and province).
    #[arg(long, default_value = "report")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    Json,
    Jsonl,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or directories (walked recursively); `-` reads stdin. Default: corpus/
    pub paths: Vec<PathBuf>,
    /// Output directory (default: out/), or `-` for JSON lines on stdout.
    /// With `--format jsonl`: the directory of DIR/vanban.jsonl.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// json: one file per input; jsonl: one object per line, on stdout or
    /// in DIR/vanban.jsonl with `--out DIR`.
    #[arg(long, value_enum, default_value_t = OutFormat::Json)]
    pub format: OutFormat,
    /// Worker threads (default: all cores).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// Read input paths from FILE (one per line), `-` for stdin.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Only process shard i of N (i/N, 0-based), partitioned by path hash.
    #[arg(long, value_name = "i/N")]
    pub shard: Option<String>,
    /// Skip inputs whose sha256 matches the existing output.
    #[arg(long)]
    pub incremental: bool,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Largest input accepted, in bytes.
    #[arg(long, default_value_t = 200 * 1024 * 1024)]
    pub max_bytes: u64,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Directory of NAME.gold.json files.
    #[arg(long)]
    pub gold: PathBuf,
    /// Directory of the sources the gold files name.
    #[arg(long)]
    pub src: PathBuf,
    /// Directory of output JSON; when absent the sources are extracted now.
    #[arg(long)]
    pub pred: Option<PathBuf>,
    /// Exit 1 when the micro-F1 of citations, targets or tasks is below F.
    #[arg(long, value_name = "F")]
    pub min: Option<f64>,
    /// Print one machine-readable summary.
    #[arg(long)]
    pub json: bool,
    /// List misses per document.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct TextArgs {
    /// The file (`-` for stdin).
    pub path: PathBuf,
}
