//! `locdoc build`.

use std::path::Path;
use std::process::ExitCode;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::build::{build, BuildOptions, CleanInputs, Progress};
use crate::cli::BuildArgs;
use crate::cmd::Output;
use crate::load::LoadOptions;

pub fn run(
    root: &Path,
    args: &BuildArgs,
    load: &LoadOptions,
    output: Output,
) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    if output.verbose {
        crate::timing::enable();
    }
    // Nothing changed since a build that found nothing to report: done,
    // without reading a single file.
    let request = format!("locales={:?} pseudo={}", args.locales, load.pseudo);
    let started_at = std::time::SystemTime::now();
    let cache = crate::incremental::PageCache::read(&crate::incremental::cache_path(&args.out));
    let (inputs, loaded) = match cache.clean_inputs.as_deref() {
        // Taken before anything is read, so a file saved while the site
        // loads is newer than the fingerprint says: the next build sees it.
        Some(previous) => {
            let inputs = crate::incremental::inputs_key(root, &request);
            if inputs.key == previous && cache.output_is_whole(&args.out) {
                if !output.quiet {
                    eprintln!(
                        "{} is up to date: nothing changed since the last build (checked in {:.1?})",
                        args.out.display(),
                        started.elapsed()
                    );
                }
                return Ok(ExitCode::SUCCESS);
            }
            crate::timing::mark("up-to-date check");
            let loaded = crate::load::load_for_command(root, load);
            (Inputs::Taken(inputs.key), loaded)
        }
        // No build to skip: the fingerprint is made from the stamps the
        // load took of the pages as it read them (the other inputs are
        // listed while the site loads, and `stat`ed after), and kept only
        // if no input changed since just before the build.
        None => {
            let (files, loaded) = rayon::join(
                || crate::load::input_files(root),
                || crate::load::load_for_command(root, load),
            );
            (Inputs::FromLoad(files), loaded)
        }
    };
    let (site, loaded) = loaded?;
    if output.verbose {
        let variants: usize = site.pages.values().map(|v| v.len()).sum();
        eprintln!("loaded {variants} page files in {:.1?}", started.elapsed());
    }
    // A progress line for people: on a terminal, outside CI, and only once
    // a build has taken a second.
    let show_progress = !output.quiet
        && std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("CI").is_none();
    let progress = show_progress.then(|| Arc::new(Progress::default()));
    let display = progress
        .clone()
        .map(|p| std::thread::spawn(move || show(&p)));
    let outcome = std::thread::scope(|scope| {
        let inputs = match inputs {
            Inputs::Taken(key) => CleanInputs::Known(key),
            Inputs::FromLoad(files) => {
                let (sender, receiver) = std::sync::mpsc::channel();
                let site = &site;
                let request = &request;
                scope.spawn(move || {
                    let key = inputs_after_load(root, request, &files, site, started_at);
                    // The build may have ended without waiting.
                    let _ = sender.send(key);
                });
                CleanInputs::Coming(std::sync::Mutex::new(receiver))
            }
        };
        // A relative --out is relative to where the command runs, like
        // every other path on the command line.
        let options = BuildOptions {
            out: args.out.clone(),
            locales: args.locales.clone(),
            preview: false,
            progress: progress.clone(),
            inputs,
            previous: Some(Arc::new(cache)),
        };
        build(&site, loaded, &options)
    });
    // The process ends right after: freeing every page one by one would
    // only add a serial tail to the build (tens of ms at 50k pages).
    std::mem::forget(site);
    if let Some(p) = &progress {
        p.finished.store(true, Ordering::Relaxed);
    }
    if let Some(handle) = display {
        let _ = handle.join();
    }
    let outcome = outcome?;
    if output.verbose {
        for phase in crate::timing::phases() {
            eprintln!("  {phase}");
        }
    }
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
                let reused = if summary.reused > 0 {
                    format!(", {} unchanged pages reused", summary.reused)
                } else {
                    String::new()
                };
                eprintln!(
                    "built {} in {:.2?}: pages per locale: {}{reused}{}",
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

/// Where a build's inputs fingerprint comes from.
enum Inputs {
    /// Taken before the load, to see whether anything changed.
    Taken(String),
    /// Made from the stamps the load took of the pages as it read them, the
    /// other inputs (listed while the site loaded) `stat`ed after.
    FromLoad(Vec<std::path::PathBuf>),
}

/// The fingerprint of `files` from the stamps the load took, `None` when a
/// file changed while the build started (its time is not older than the
/// build): the next build must not take this one's output as current.
fn inputs_after_load(
    root: &Path,
    request: &str,
    files: &[std::path::PathBuf],
    site: &crate::load::Site,
    started_at: std::time::SystemTime,
) -> Option<String> {
    let seen: crate::incremental::SeenStamps = site
        .pages
        .values()
        .chain(site.sections.values())
        .flat_map(|variants| variants.values())
        .filter_map(|page| Some((page.path.as_os_str(), page.stamp?)))
        .collect();
    let inputs = crate::incremental::inputs_key_of(root, request, files, &seen);
    inputs.settled_before(started_at).then_some(inputs.key)
}

/// Draws `rendered N/M pages` on stderr while a build runs past a second,
/// and erases it when the build ends.
fn show(progress: &Progress) {
    let started = Instant::now();
    let mut drawn = false;
    while !progress.finished.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        if started.elapsed() < Duration::from_secs(1) {
            continue;
        }
        let total = progress.total.load(Ordering::Relaxed);
        if total == 0 {
            continue;
        }
        let done = progress.done.load(Ordering::Relaxed).min(total);
        let width = 30;
        let filled = done * width / total;
        eprint!(
            "\r[{}{}] {done}/{total} pages",
            "=".repeat(filled),
            " ".repeat(width - filled)
        );
        drawn = true;
    }
    if drawn {
        eprint!("\r\x1b[K");
    }
}
