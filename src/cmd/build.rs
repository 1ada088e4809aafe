//! `locdoc build`.

use std::path::Path;
use std::process::ExitCode;

use crate::build::{build, BuildOptions};
use crate::cli::BuildArgs;
use crate::cmd::Output;
use crate::load::LoadOptions;

pub fn run(
    root: &Path,
    args: &BuildArgs,
    load: &LoadOptions,
    output: Output,
) -> anyhow::Result<ExitCode> {
    let (site, loaded) = crate::load::load_for_command(root, load)?;
    // A relative --out is relative to where the command runs, like every
    // other path on the command line.
    let options = BuildOptions {
        out: args.out.clone(),
        locales: args.locales.clone(),
        preview: false,
    };
    let outcome = build(&site, loaded, &options)?;
    output.report(&outcome.diagnostics);
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    match outcome.summary {
        Some(summary) => {
            if !output.quiet {
                let per_locale: Vec<String> = summary
                    .pages_per_locale
                    .iter()
                    .map(|(locale, n)| format!("{locale} {n}"))
                    .collect();
                eprintln!(
                    "built {} in {:.2?}: pages per locale: {}{}",
                    args.out.display(),
                    summary.elapsed,
                    per_locale.join(", "),
                    if warnings > 0 {
                        format!(" ({warnings} warnings)")
                    } else {
                        String::new()
                    }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!(
                "build failed with {errors} error{}; {} was left as it was",
                if errors == 1 { "" } else { "s" },
                args.out.display()
            );
            Ok(ExitCode::from(1))
        }
    }
}
