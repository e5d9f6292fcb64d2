//! `vanban eval`.

use super::args::EvalArgs;
use super::{EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, output};
use crate::eval::{Predictions, evaluate};

pub fn run(a: EvalArgs, grammars: &crate::Grammars) -> u8 {
    let opts = crate::Options::default();
    let preds = match &a.pred {
        Some(d) => Predictions::Dir(d),
        None => Predictions::Extract(grammars, &opts),
    };
    let report = match evaluate(&a.gold, &a.src, preds) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("vanban eval: {e}");
            return EXIT_USAGE;
        }
    };
    let text = if a.json {
        serde_json::to_string_pretty(&report.summary_json()).unwrap_or_default() + "\n"
    } else {
        report.text(a.verbose)
    };
    let code = output::print_stdout(&text);
    if code != EXIT_OK {
        return code;
    }
    if let Some(min) = a.min {
        let worst = ["citations", "targets", "tasks"]
            .iter()
            .map(|k| report.f1(k))
            .fold(f64::INFINITY, f64::min);
        if worst < min {
            return EXIT_SOME_FAILED;
        }
    }
    EXIT_OK
}
