//! `locdoc check`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use crate::check::{check, format, CheckOptions};
use crate::cli::CheckArgs;
use crate::cmd::Output;
use crate::load::LoadOptions;

pub fn run(
    root: &Path,
    args: &CheckArgs,
    load: &LoadOptions,
    output: Output,
) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let (site, loaded) = crate::load::load_for_command(root, load)?;
    if output.verbose {
        eprintln!("loaded the site in {:.1?}", started.elapsed());
    }
    let mut options = CheckOptions {
        deny_warnings: args.deny_warnings,
        ..CheckOptions::default()
    };
    for (locale, value) in &args.min_coverage {
        match locale {
            Some(code) => {
                if site.config.locale(code).is_none() {
                    bail!("--min-coverage {code}={value}: `{code}` is not a locale of this site");
                }
                options.min_coverage_for.insert(code.clone(), *value);
            }
            None => options.min_coverage = Some(*value),
        }
    }
    let checking = std::time::Instant::now();
    let report = check(&site, loaded, &options);
    if output.verbose {
        eprintln!("checked it in {:.1?}", checking.elapsed());
    }
    // The text format is for people: diagnostics with their snippets on
    // stderr, the table on stdout. Every other format is whole on stdout.
    if args.format == format::Format::Text {
        output.report(&report.diagnostics);
    }
    let color = output.color && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let rendered = format::render(&report, args.format, color);
    crate::cmd::write_stdout(&rendered)?;
    Ok(if report.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
