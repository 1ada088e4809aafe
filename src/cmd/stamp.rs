//! `locdoc stamp`: mark translations as up to date with their source.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _};

use crate::cli::StampArgs;
use crate::cmd::Output;
use crate::load::Site;

pub fn run(root: &Path, args: &StampArgs, output: Output) -> anyhow::Result<ExitCode> {
    let (site, _) = crate::load::load_for_command(root, &crate::load::LoadOptions::default())?;
    for code in &args.locales {
        if site.config.locale(code).is_none() {
            bail!("--locale {code}: not a locale of this site");
        }
        if code == site.default_locale() {
            bail!("--locale {code}: that is the source locale; stamp marks translations");
        }
    }
    let mut targets: Vec<(PathBuf, String)> = Vec::new();
    for arg in &args.pages {
        targets.extend(resolve_target(&site, arg, &args.locales)?);
    }
    if targets.is_empty() {
        bail!("no translation of the named pages exists to stamp");
    }
    for (path, hash) in targets {
        let full = site.root.join(&path);
        let text = std::fs::read_to_string(&full)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let stamped = crate::stamp::set_source_hash(&text, &hash);
        if stamped != text {
            std::fs::write(&full, stamped)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        if !output.quiet {
            eprintln!("stamped {} (source hash {hash})", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The translation files `arg` (a page id or a file path) names, each with
/// the hash of its source page.
fn resolve_target(
    site: &Site,
    arg: &str,
    locales: &[String],
) -> anyhow::Result<Vec<(PathBuf, String)>> {
    let wanted = |code: &str| locales.is_empty() || locales.iter().any(|l| l == code);
    // A file path: relative to the current folder or to the site root.
    let as_path = Path::new(arg);
    let file = [as_path.to_path_buf(), site.root.join(as_path)]
        .into_iter()
        .find(|p| p.is_file())
        .and_then(|p| p.canonicalize().ok());
    let (id, is_section, only_locale) = match file {
        Some(file) => {
            let rel = file.strip_prefix(&site.root).with_context(|| {
                format!("{arg} is not inside the site at {}", site.root.display())
            })?;
            let page = site
                .pages
                .values()
                .chain(site.sections.values())
                .flat_map(|variants| variants.values())
                .find(|p| p.path == rel)
                .with_context(|| format!("{arg} is not a page of this site"))?;
            let only = (page.locale != site.default_locale()).then(|| page.locale.clone());
            (page.id.clone(), page.is_section(), only)
        }
        None => {
            let id = arg.trim_end_matches(".md");
            match crate::load::section_of(id) {
                Some(section) => (section.to_owned(), true, None),
                None => (id.to_owned(), false, None),
            }
        }
    };
    let table = if is_section {
        &site.sections
    } else {
        &site.pages
    };
    let Some(variants) = table.get(&id) else {
        bail!(
            "no page `{id}` in this site (give a page id such as `publish-offer`, or a file path)"
        );
    };
    let Some(source) = variants.get(site.default_locale()) else {
        bail!(
            "page `{id}` has no source in `{}` to compare with",
            site.default_locale()
        );
    };
    Ok(variants
        .values()
        .filter(|p| p.locale != site.default_locale())
        .filter(|p| only_locale.as_deref().is_none_or(|l| l == p.locale))
        .filter(|p| wanted(&p.locale))
        .map(|p| (p.path.clone(), source.hash().to_owned()))
        .collect())
}
