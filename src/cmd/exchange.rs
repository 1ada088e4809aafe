//! `locdoc export` and `locdoc import`: messages to and from translators.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context as _};

use crate::cli::{ExchangeFormat, ExportArgs, ImportArgs};
use crate::cmd::Output;
use crate::exchange;
use crate::load::LoadOptions;

pub fn export(root: &Path, args: &ExportArgs, output: Output) -> anyhow::Result<ExitCode> {
    let (site, _) = crate::load::load_for_command(root, &LoadOptions::default())?;
    let units = exchange::collect(&site, &args.locale)?;
    let source = site.default_locale();
    let text = match args.format {
        ExchangeFormat::Xliff => exchange::to_xliff(&units, source, &args.locale),
        ExchangeFormat::Po => exchange::to_po(&units, source, &args.locale),
    };
    let missing = units.iter().filter(|u| u.target.is_none()).count();
    match &args.out {
        Some(path) => std::fs::write(path, &text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => crate::cmd::write_stdout(&text)?,
    }
    if !output.quiet {
        eprintln!(
            "exported {} units for `{}` ({missing} without a translation)",
            units.len(),
            args.locale
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn import(root: &Path, args: &ImportArgs, output: Output) -> anyhow::Result<ExitCode> {
    let (site, _) = crate::load::load_for_command(root, &LoadOptions::default())?;
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let is_xliff = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xliff") || e.eq_ignore_ascii_case("xlf"))
        || text.trim_start().starts_with("<?xml")
        || text.trim_start().starts_with("<xliff");
    let returned = if is_xliff {
        exchange::read_xliff(&text)
    } else {
        exchange::read_po(&text)
    }
    .with_context(|| format!("cannot read {}", args.file.display()))?;
    let locale = match (&args.locale, &returned.locale) {
        (Some(given), _) => given.clone(),
        (None, Some(found)) => site
            .config
            .match_locale(found)
            .map(str::to_owned)
            .with_context(|| {
                format!(
                    "{} is for `{found}`, which is not a locale of this site",
                    args.file.display()
                )
            })?,
        (None, None) => bail!(
            "{} does not say its locale; give --locale",
            args.file.display()
        ),
    };
    let summary = exchange::import(&site, &locale, &returned)?;
    if !output.quiet {
        eprintln!(
            "imported into `{locale}`: {} updated, {} added{}",
            summary.updated,
            summary.added,
            if summary.files.is_empty() {
                ", nothing changed".to_owned()
            } else {
                format!(
                    " ({})",
                    summary
                        .files
                        .iter()
                        .map(|p| crate::diag::relative_to(&site.root, p)
                            .display()
                            .to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
