//! `locdoc build`: every page in every locale, rendered in parallel into a
//! temporary folder beside the output and swapped in only when the whole
//! build succeeded, so a failed build never costs the previous site.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use rayon::prelude::*;
use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{Page, PageState, Site};
use crate::render::directive::RenderedBlocks;
use crate::render::markdown::{self, Heading};
use crate::render::templates::{template_error, Templates};
use crate::render::urls::{page_dir, relative, root_prefix, section_dir};
use crate::render::{escape_html, preview, push_escaped};

#[derive(Debug, Default)]
pub struct BuildOptions {
    pub out: PathBuf,
    /// Locales to build; empty means all.
    pub locales: Vec<String>,
    /// Serve's preview: a translation-state bar and the live-reload script
    /// before `</body>`. Never in a build.
    pub preview: bool,
    /// Counts rendered pages for a progress display, when one is shown.
    pub progress: Option<std::sync::Arc<Progress>>,
    /// The inputs' fingerprint (`inputs_key`), kept with the cache when
    /// the build finds nothing to report.
    pub inputs: CleanInputs,
    /// The last build's cache, when the caller has read it already (the
    /// build reads it otherwise).
    pub previous: Option<std::sync::Arc<crate::incremental::PageCache>>,
}

/// The fingerprint of a build's inputs, or the promise of one.
#[derive(Debug, Default)]
pub enum CleanInputs {
    /// None: the cache is written without one.
    #[default]
    Unknown,
    Known(String),
    /// Still being taken on another thread, and waited for only when the
    /// cache is written: hashing the path of every input takes tens of ms
    /// at 50,000 pages, on one core, while the build's own serial steps
    /// leave the other idle.
    Coming(std::sync::Mutex<std::sync::mpsc::Receiver<Option<String>>>),
}

impl CleanInputs {
    /// `None` also when the thread taking it gave up or failed.
    fn wait(&self) -> Option<String> {
        match self {
            CleanInputs::Unknown => None,
            CleanInputs::Known(key) => Some(key.clone()),
            CleanInputs::Coming(key) => key.lock().ok()?.recv().ok().flatten(),
        }
    }
}

/// How far a build is, read by another thread while it runs.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: std::sync::atomic::AtomicUsize,
    pub total: std::sync::atomic::AtomicUsize,
    pub finished: std::sync::atomic::AtomicBool,
}

#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    pub pages_per_locale: BTreeMap<String, usize>,
    /// Pages taken unchanged from the previous build.
    pub reused: usize,
    pub elapsed: Duration,
}

pub struct BuildOutcome {
    /// `None` when the build failed and the output was left untouched.
    pub summary: Option<BuildSummary>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds `site` into `options.out`. `Err` is for the environment (an
/// output folder that may not be used, a disk that refuses writes).
pub fn build(
    site: &Site,
    loaded: Diagnostics,
    options: &BuildOptions,
) -> anyhow::Result<BuildOutcome> {
    let started = Instant::now();
    check_output_dir(&site.root, &options.out)?;
    for code in &options.locales {
        if site.config.locale(code).is_none() {
            bail!(
                "--locale {code}: not a locale of this site (listed in site.yaml: {})",
                site.locale_codes().collect::<Vec<_>>().join(", ")
            );
        }
    }
    let mut diags = loaded;
    let (templates, problems) = Templates::load(&site.root, site.l10n.clone());
    let templates_broken = problems.iter().any(Diagnostic::is_error);
    diags.extend(problems);
    // Content errors don't stop rendering: it finds the directive and link
    // problems too, so one run reports everything. Nothing is swapped in.
    if templates_broken {
        return Ok(BuildOutcome {
            summary: None,
            diagnostics: diags.into_sorted(),
        });
    }

    let staging = staging_dir(&options.out)?;
    // Pages whose inputs did not change since the last build are reused.
    let cache_file = crate::incremental::cache_path(&options.out);
    let previous = match &options.previous {
        Some(previous) => std::sync::Arc::clone(previous),
        None => std::sync::Arc::new(crate::incremental::PageCache::read(&cache_file)),
    };
    let reuse = Reuse {
        previous_out: &options.out,
        cache: &previous,
    };
    crate::timing::mark("templates");
    let result = write_site(site, &templates, options, &staging, &reuse, &mut diags);
    let Written {
        counts: pages_per_locale,
        dirs,
        entries,
        reused,
        incremental,
    } = match result {
        Ok(written) if !diags.has_errors() => written,
        Ok(_) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Ok(BuildOutcome {
                summary: None,
                diagnostics: diags.into_sorted(),
            });
        }
        Err(err) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(err);
        }
    };
    crate::timing::mark("tally");
    if incremental {
        let built: Vec<&str> = site
            .locale_codes()
            .filter(|c| options.locales.is_empty() || options.locales.iter().any(|l| l == c))
            .collect();
        // Every page this build published, cached or not (pages with
        // findings are published but never cached).
        let gone: Vec<&String> = previous
            .pages
            .keys()
            .filter(|dir| !dirs.contains(dir.as_str()))
            .filter(|dir| built.iter().any(|l| dir.starts_with(&format!("{l}/"))))
            .collect();
        apply_delta(&staging, &options.out, &gone)?;
    } else {
        swap_into_place(&staging, &options.out)?;
    }
    // A cache that cannot be written only costs the next build time.
    crate::timing::mark("move into place");
    let clean = diags.is_empty().then(|| options.inputs.wait()).flatten();
    if crate::incremental::PageCache::write(&cache_file, &entries, clean.as_deref()).is_err() {
        let _ = std::fs::remove_file(&cache_file);
    }
    crate::timing::mark("cache");
    Ok(BuildOutcome {
        summary: Some(BuildSummary {
            pages_per_locale,
            reused,
            elapsed: started.elapsed(),
        }),
        diagnostics: diags.into_sorted(),
    })
}

/// Refuses output folders whose replacement would destroy sources.
fn check_output_dir(root: &Path, out: &Path) -> anyhow::Result<()> {
    let out_abs = absolute(out)?;
    let root_abs = absolute(root)?;
    if root_abs.starts_with(&out_abs) {
        bail!(
            "--out {} is the site root or contains it; choose a folder such as `public`",
            out.display()
        );
    }
    for source in ["content", "locales", "templates", "static", ".git"] {
        if out_abs.starts_with(root_abs.join(source)) {
            bail!(
                "--out {} is inside the site's {source}/ folder",
                out.display()
            );
        }
    }
    Ok(())
}

/// An absolute, lexically normalised path (the folder may not exist yet).
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .context("cannot read the current folder")?
            .join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks in the part that exists, so `out` reached through a
    // link still compares equal to the root.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_owned()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

fn staging_dir(out: &Path) -> anyhow::Result<PathBuf> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_owned());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = parent.join(format!(".{name}.locdoc-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .with_context(|| format!("cannot clear {}", staging.display()))?;
    }
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("cannot create {}", staging.display()))?;
    Ok(staging)
}

fn swap_into_place(staging: &Path, out: &Path) -> anyhow::Result<()> {
    if out.exists() {
        let old = staging.with_extension("old");
        std::fs::rename(out, &old)
            .with_context(|| format!("cannot move the previous {} aside", out.display()))?;
        if let Err(err) = std::fs::rename(staging, out) {
            // Put the previous site back rather than leave nothing.
            let _ = std::fs::rename(&old, out);
            return Err(err)
                .with_context(|| format!("cannot move the new site to {}", out.display()));
        }
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(staging, out)
            .with_context(|| format!("cannot move the new site to {}", out.display()))?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Page,
    Section,
}

/// One output page: a page or section id in one locale.
#[derive(Debug, Clone, Copy)]
pub struct Job<'a> {
    pub id: &'a str,
    pub locale: &'a str,
    pub kind: Kind,
}

/// What readers of `locale` get for page or section `id`, and how.
pub fn resolve_kind<'s>(
    site: &'s Site,
    id: &str,
    kind: Kind,
    locale: &str,
) -> Option<(&'s Page, PageState)> {
    match kind {
        Kind::Page => site.resolve(id, locale),
        Kind::Section => site.resolve_section(id, locale),
    }
}

/// The output folder of page or section `id` in `locale`.
pub fn dir_of_kind(site: &Site, id: &str, kind: Kind, locale: &str) -> String {
    match kind {
        Kind::Page => page_dir(site, id, locale),
        Kind::Section => section_dir(id, locale),
    }
}

impl Job<'_> {
    /// Its output folder in `locale` (not only its own: the switcher links
    /// the others).
    pub fn dir_in(&self, site: &Site, locale: &str) -> String {
        dir_of_kind(site, self.id, self.kind, locale)
    }
}

/// One page or section in every locale of the site: what readers of each
/// get and where, or `None` where it is not published. Worked out once per
/// id and shared by its jobs: each job's own page and folder, and its
/// language switcher, come from here.
pub struct Versions<'s> {
    /// In the order of the site's locales.
    each: Vec<Option<Version<'s>>>,
    /// The language switcher, made by the first job that asks.
    switcher: std::sync::OnceLock<Switcher>,
}

/// One id's language switcher as Tera values, shared by the id's jobs: an
/// entry per published locale, as seen from another locale's page and from
/// its own (`current`). Its URLs are relative, so they hold for pages in
/// folders of the depth it was made for; every version of an id has the
/// same depth unless a slug says otherwise. Serializing the five entries
/// afresh for every page cost 2% of a build.
struct Switcher {
    depth: usize,
    /// Locale code, then the entry from another page and from its own.
    entries: Vec<(String, [tera::Value; 2])>,
}

pub struct Version<'s> {
    /// `None` for a section without an `_index.md` in the chain.
    pub page: Option<&'s Page>,
    pub state: PageState,
    /// The output folder, relative to the output root.
    pub dir: String,
    pub permalink: String,
}

impl<'s> Versions<'s> {
    pub fn of(site: &'s Site, id: &str, kind: Kind) -> Versions<'s> {
        let each = site
            .config
            .locales
            .iter()
            .map(|l| {
                // A page missing everywhere in `l`'s chain is not published
                // there; every locale has every section (a home at least).
                let (page, state) = match (resolve_kind(site, id, kind, &l.code), kind) {
                    (Some((page, state)), _) => (Some(page), state),
                    (None, Kind::Section) => (None, PageState::Source),
                    (None, Kind::Page) => return None,
                };
                let dir = dir_of_kind(site, id, kind, &l.code);
                Some(Version {
                    page,
                    state,
                    permalink: permalink(site, &dir),
                    dir,
                })
            })
            .collect();
        Versions {
            each,
            switcher: std::sync::OnceLock::new(),
        }
    }

    /// Frees what the id's jobs needed once they are done, on the thread
    /// that rendered them: freed all at once when the build ends, the
    /// switchers of a 50,000-page site held up the main thread for 40 ms.
    fn release(&mut self) {
        self.each = Vec::new();
        self.switcher = std::sync::OnceLock::new();
    }

    /// The switcher entries of a page in folder `dir` (one of this id's) in
    /// `locale`, in the order of the site's locales.
    fn switcher(&self, site: &Site, dir: &str, locale: &str) -> tera::Value {
        let depth = crate::render::urls::folder_depth(dir);
        let make = || Switcher {
            depth,
            entries: self
                .published(site)
                .map(|(l, other)| {
                    let entry = |current: bool| {
                        tera::Value::from_serializable(&Alternate {
                            pseudo: l.pseudo,
                            code: &l.code,
                            name: &l.name,
                            url: relative(dir, &other.dir),
                            permalink: other.permalink.clone(),
                            current,
                            state: state_name(&other.state),
                        })
                    };
                    (l.code.clone(), [entry(false), entry(true)])
                })
                .collect(),
        };
        let pick = |switcher: &Switcher| -> tera::Value {
            switcher
                .entries
                .iter()
                .map(|(code, [other, own])| if code == locale { own } else { other }.clone())
                .collect::<Vec<_>>()
                .into()
        };
        let shared = self.switcher.get_or_init(make);
        if shared.depth == depth {
            pick(shared)
        } else {
            pick(&make())
        }
    }

    /// The output folder of `job` (one of this id's).
    pub fn dir(&self, site: &Site, job: &Job) -> String {
        self.get(site, job.locale)
            .map_or_else(|| job.dir_in(site, job.locale), |v| v.dir.clone())
    }

    /// The version readers of `locale` get.
    pub fn get(&self, site: &Site, locale: &str) -> Option<&Version<'s>> {
        let at = site.config.locales.iter().position(|l| l.code == locale)?;
        self.each.get(at)?.as_ref()
    }

    /// Each locale of the site with its version, where it has one.
    pub fn published<'v>(
        &'v self,
        site: &'v Site,
    ) -> impl Iterator<Item = (&'v crate::config::LocaleConfig, &'v Version<'s>)> {
        site.config
            .locales
            .iter()
            .zip(&self.each)
            .filter_map(|(l, v)| Some((l, v.as_ref()?)))
    }
}

/// Every section id (the home, `""`, first: every locale has one, even
/// without an `_index.md`), then every page id.
fn ids(site: &Site) -> impl Iterator<Item = (&str, Kind)> {
    let sections = site
        .sections
        .keys()
        .map(String::as_str)
        .filter(|id| !id.is_empty());
    std::iter::once("")
        .chain(sections)
        .map(|id| (id, Kind::Section))
        .chain(site.pages.keys().map(|id| (id.as_str(), Kind::Page)))
}

/// Every page and section the site publishes in `locales`, id by id: the
/// versions of one page are rendered together (see `write_site`).
pub fn jobs<'a>(site: &'a Site, locales: &[&'a str]) -> Vec<Job<'a>> {
    let mut jobs = Vec::new();
    for (id, kind) in ids(site) {
        for locale in locales {
            if kind == Kind::Section || site.resolve(id, locale).is_some() {
                jobs.push(Job { id, locale, kind });
            }
        }
    }
    jobs
}

/// Navigation trees per locale, computed once per render and shared by
/// every page of the locale.
pub struct Navigation<'a> {
    trees: BTreeMap<&'a str, Vec<NavNode>>,
}

impl<'a> Navigation<'a> {
    pub fn new(site: &Site, locales: &[&'a str]) -> Navigation<'a> {
        Navigation {
            trees: locales
                .par_iter()
                .map(|l| (*l, nav_tree(site, l)))
                .collect(),
        }
    }

    /// One locale's tree (what its pages' navigation is made from).
    pub fn tree(&self, locale: &str) -> impl Serialize + '_ {
        self.trees
            .get(locale)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// A rendered page: its output folder (relative, ending in `/`), its HTML
/// unless rendering failed, and what rendering found.
pub struct RenderedPage {
    pub dir: String,
    pub html: Option<Vec<u8>>,
    pub problems: Vec<Diagnostic>,
}

/// Renders one job.
pub fn render_page(
    site: &Site,
    templates: &Templates,
    nav: &Navigation,
    job: &Job,
    options: &BuildOptions,
) -> RenderedPage {
    let versions = Versions::of(site, job.id, job.kind);
    let renderer = PageRenderer {
        site,
        templates,
        nav,
        options,
        blocks: None,
    };
    render_job(renderer, job, versions.dir(site, job), &versions, None)
}

/// The previous build, as far as this one may reuse it.
struct Reuse<'a> {
    previous_out: &'a Path,
    cache: &'a crate::incremental::PageCache,
}

/// Every file below `dir` (links not followed), with its path relative
/// to `dir`.
fn files_below(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    crate::load::files_in(dir)
        .into_iter()
        .filter_map(|path| {
            let rel = path.strip_prefix(dir).ok()?.to_path_buf();
            Some((path, rel))
        })
        .collect()
}

/// Moves every file of `delta` into `out` (each replaced atomically by a
/// rename), removes the pages in `gone`, and deletes `delta`. Runs only
/// after a build succeeded: a failed build never reaches the output.
fn apply_delta(delta: &Path, out: &Path, gone: &[&String]) -> anyhow::Result<()> {
    // A sitemap split in more parts last time than now leaves parts behind.
    if let Ok(entries) = std::fs::read_dir(out) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let is_part = name
                .strip_prefix("sitemap-")
                .and_then(|rest| rest.strip_suffix(".xml"))
                .is_some_and(|n| n.parse::<usize>().is_ok());
            if is_part && !delta.join(&*name).exists() {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    for (path, rel) in files_below(delta) {
        let target = out.join(rel);
        create_parent(&target)?;
        std::fs::rename(&path, &target)
            .with_context(|| format!("cannot update {}", target.display()))?;
    }
    for dir in gone {
        let folder = out.join(dir);
        let _ = std::fs::remove_file(folder.join("index.html"));
        // Only if nothing else lives there (a section's pages, say).
        let _ = std::fs::remove_dir(&folder);
    }
    std::fs::remove_dir_all(delta).with_context(|| format!("cannot remove {}", delta.display()))
}

/// What one job did: its locale, its output folder, what it found, its
/// cache key when its HTML may be reused next time, and whether it was
/// itself reused.
type JobResult<'a> = (&'a str, String, Vec<Diagnostic>, Option<String>, bool);

/// What a build wrote: pages per locale, every output folder, the cache
/// entries, and how many pages were reused.
struct Written {
    counts: BTreeMap<String, usize>,
    dirs: std::collections::HashSet<String>,
    entries: Vec<(String, String)>,
    reused: usize,
    /// Unchanged pages stayed where they are in the output, and `staging`
    /// holds only what changed; otherwise `staging` is the whole site.
    incremental: bool,
}

fn write_site<'s>(
    site: &'s Site,
    templates: &Templates,
    options: &BuildOptions,
    staging: &Path,
    reuse: &Reuse,
    diags: &mut Diagnostics,
) -> anyhow::Result<Written> {
    let locales: Vec<&str> = site
        .locale_codes()
        .filter(|c| options.locales.is_empty() || options.locales.iter().any(|l| l == c))
        .collect();
    let navs = Navigation::new(site, &locales);
    let jobs = jobs(site, &locales);
    if let Some(progress) = &options.progress {
        progress
            .total
            .store(jobs.len(), std::sync::atomic::Ordering::Relaxed);
    }

    let site_key = crate::incremental::site_key(site, options.preview);
    let locale_keys: BTreeMap<&str, String> = locales
        .par_iter()
        .map(|l| (*l, crate::incremental::locale_key(site, l, &navs.tree(l))))
        .collect();

    crate::timing::mark("plan: navigation and keys");
    // Every page's versions, folder and fingerprint first: they decide how
    // to build. The jobs of one id come together (see `jobs`).
    let groups: Vec<&[Job]> = jobs
        .chunk_by(|a, b| a.id == b.id && a.kind == b.kind)
        .collect();
    let mut plans: Vec<(Versions, Vec<(String, String)>)> = groups
        .par_iter()
        .map(|group| {
            let (id, kind) = (group[0].id, group[0].kind);
            let versions = Versions::of(site, id, kind);
            let alternates = crate::incremental::alternates_key(site, &versions, kind);
            let planned = group
                .iter()
                .map(|job| {
                    let own = versions.get(site, job.locale);
                    let key = crate::incremental::page_key(
                        job,
                        own.and_then(|v| v.page),
                        &site_key,
                        &locale_keys[job.locale],
                        &alternates,
                    );
                    (versions.dir(site, job), key)
                })
                .collect();
            (versions, planned)
        })
        .collect();
    // Leaving unchanged pages in place and moving the rest in pays when
    // most pages are unchanged; otherwise a whole new tree swapped in is
    // cheaper (and as safe).
    crate::timing::mark("plan: page fingerprints");
    let hits = plans
        .iter()
        .flat_map(|(_, planned)| planned)
        .filter(|(dir, key)| reuse.cache.pages.get(dir) == Some(key))
        .count();
    let incremental = hits > 0 && hits * 2 >= jobs.len();

    let blocks = RenderedBlocks::default();
    let renderer = PageRenderer {
        site,
        templates,
        nav: &navs,
        options,
        blocks: Some(&blocks),
    };
    let render_one = |job: &Job<'s>,
                      dir: String,
                      key: String,
                      versions: &Versions<'s>,
                      memo: Option<&mut markdown::RenderMemo<'s>>|
     -> anyhow::Result<JobResult<'s>> {
        if let Some(progress) = &options.progress {
            progress
                .done
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        if reuse.cache.pages.get(&dir) == Some(&key) {
            let from = reuse.previous_out.join(&dir).join("index.html");
            let kept = from.is_file();
            // An incremental build leaves it where it is; a whole new
            // tree gets it from the previous one.
            if kept && !incremental {
                let to = staging.join(&dir).join("index.html");
                create_parent(&to)?;
                // A hard link costs no copy; the previous output is
                // about to be replaced, never written into.
                if std::fs::hard_link(&from, &to).is_err() {
                    std::fs::copy(&from, &to)
                        .with_context(|| format!("cannot copy {}", from.display()))?;
                }
            }
            if kept {
                return Ok((job.locale, dir, Vec::new(), Some(key), true));
            }
        }
        let RenderedPage {
            dir,
            html,
            problems,
        } = render_job(renderer, job, dir, versions, memo);
        let mut entry = None;
        if let Some(html) = html {
            write_file(&staging.join(&dir).join("index.html"), html)?;
            // A page with findings is rendered again next time, so
            // every build reports them.
            if problems.is_empty() {
                entry = Some(key);
            }
        }
        Ok((job.locale, dir, problems, entry, false))
    };
    // The jobs of one id, in every locale, run one after another: a page
    // shown in more than one locale (from a fallback) is parsed and
    // rendered once.
    let render_pages = || -> Vec<anyhow::Result<JobResult<'s>>> {
        groups
            .par_iter()
            .zip(plans.par_iter_mut())
            .flat_map_iter(|(group, (versions, planned))| {
                let shown: Vec<Option<&Page>> = group
                    .iter()
                    .map(|job| versions.get(site, job.locale).and_then(|v| v.page))
                    .collect();
                let mut memo = markdown::RenderMemo::default();
                let done = group
                    .iter()
                    .zip(planned.iter_mut())
                    .enumerate()
                    .map(|(i, (job, (dir, key)))| {
                        // Kept when a later job of the id shows the same page.
                        memo.keep = shown[i].is_some_and(|page| {
                            shown[i + 1..]
                                .iter()
                                .any(|other| other.is_some_and(|other| std::ptr::eq(other, page)))
                        });
                        let (dir, key) = (std::mem::take(dir), std::mem::take(key));
                        render_one(job, dir, key, versions, Some(&mut memo))
                    })
                    .collect::<Vec<_>>();
                versions.release();
                done
            })
            .collect()
    };
    let results = write_extras(
        site,
        templates,
        &locales,
        staging,
        options,
        diags,
        render_pages,
    )?;
    crate::timing::mark("render and write pages and the other files");
    let mut counts: BTreeMap<&str, usize> = locales.iter().map(|l| (*l, 0)).collect();
    let mut entries = Vec::with_capacity(jobs.len());
    // Only an incremental build asks which folders this build published.
    let mut dirs = std::collections::HashSet::new();
    let mut reused = 0;
    for result in results {
        let (locale, dir, problems, key, was_reused) = result?;
        *counts.entry(locale).or_default() += 1;
        diags.extend(problems);
        if incremental {
            dirs.insert(dir.clone());
        }
        if let Some(key) = key {
            entries.push((dir, key));
        }
        reused += usize::from(was_reused);
    }
    Ok(Written {
        counts: counts
            .into_iter()
            .map(|(locale, n)| (locale.to_owned(), n))
            .collect(),
        dirs,
        entries,
        reused,
        incremental,
    })
}

/// Everything besides the pages: the language chooser, 404, the status
/// dashboard, sitemap.xml, style.css, static files and content assets.
/// The generated files are made while `render_pages` runs: none of them
/// goes where a page goes (pages live in locale folders). Static files and
/// content assets are copied after it, so one at a page's place replaces
/// the page, and the theme's missing messages are reported once all
/// rendering is done. Returns what `render_pages` returned.
pub fn write_extras<R: Send>(
    site: &Site,
    templates: &Templates,
    locales: &[&str],
    dir: &Path,
    options: &BuildOptions,
    diags: &mut Diagnostics,
    render_pages: impl FnOnce() -> R + Send,
) -> anyhow::Result<R> {
    let (rendered, generated) = rayon::join(render_pages, || -> anyhow::Result<()> {
        write_root_pages(site, templates, locales, dir, options, diags)?;
        write_status(site, templates, dir, options, diags)?;
        write_sitemap(site, locales, dir)
    });
    generated?;
    copy_files(site, locales, dir)?;
    report_missing_messages(templates, diags);
    Ok(rendered)
}

/// The messages the theme asked for and no locale of a chain had, once all
/// rendering is done.
fn report_missing_messages(templates: &Templates, diags: &mut Diagnostics) {
    if let Ok(missing) = templates.missing.lock() {
        for (locale, key) in missing.iter() {
            diags.push(
                Diagnostic::warning(
                    "ui-message-missing",
                    format!("the theme asks for message `{key}`, which `{locale}` and its fallbacks lack"),
                )
                .in_file(&Path::new("locales").join(locale))
                .for_locale(locale),
            );
        }
    }
}

#[derive(Serialize, Clone)]
struct NavNode {
    title: String,
    /// Output folder, relative to the output root.
    dir: String,
    id: String,
    children: Vec<NavNode>,
}

/// The locale's navigation: top-level pages and sections, by weight then title.
fn nav_tree(site: &Site, locale: &str) -> Vec<NavNode> {
    // Children grouped by parent in one pass: scanning every page for
    // every section was quadratic (10 million comparisons at 10k pages).
    let mut pages_of: HashMap<&str, Vec<&String>> = HashMap::new();
    for id in site.pages.keys() {
        pages_of.entry(parent_of(id)).or_default().push(id);
    }
    let mut sections_of: HashMap<&str, Vec<&String>> = HashMap::new();
    for id in site.sections.keys().filter(|id| !id.is_empty()) {
        sections_of.entry(parent_of(id)).or_default().push(id);
    }
    fn children(
        site: &Site,
        locale: &str,
        parent: &str,
        pages_of: &HashMap<&str, Vec<&String>>,
        sections_of: &HashMap<&str, Vec<&String>>,
    ) -> Vec<NavNode> {
        let mut nodes: Vec<(i64, NavNode)> = Vec::new();
        for id in pages_of.get(parent).into_iter().flatten() {
            if let Some((page, _)) = site.resolve(id, locale) {
                nodes.push((
                    page.weight(),
                    NavNode {
                        title: page.title().to_owned(),
                        dir: page_dir(site, id, locale),
                        id: (*id).clone(),
                        children: Vec::new(),
                    },
                ));
            }
        }
        for id in sections_of.get(parent).into_iter().flatten() {
            let (title, weight) = match site.resolve_section(id, locale) {
                Some((page, _)) => (page.title().to_owned(), page.weight()),
                None => (id.rsplit('/').next().unwrap_or(id).to_owned(), i64::MAX),
            };
            nodes.push((
                weight,
                NavNode {
                    title,
                    dir: section_dir(id, locale),
                    id: (*id).clone(),
                    children: children(site, locale, id, pages_of, sections_of),
                },
            ));
        }
        nodes.sort_by(|a, b| (a.0, &a.1.title).cmp(&(b.0, &b.1.title)));
        nodes.into_iter().map(|(_, n)| n).collect()
    }
    children(site, locale, "", &pages_of, &sections_of)
}

fn parent_of(id: &str) -> &str {
    id.rsplit_once('/').map_or("", |(parent, _)| parent)
}

#[derive(Serialize)]
struct NavLink {
    title: String,
    url: String,
    current: bool,
    children: Vec<NavLink>,
}

/// The navigation as seen from the page `current` in folder `from_dir`:
/// sections are expanded only along the way to the current page, so a
/// page's size doesn't grow with the size of the site.
fn relativize(nodes: &[NavNode], from_dir: &str, current: &str) -> Vec<NavLink> {
    nodes
        .iter()
        .map(|n| {
            let open = !n.children.is_empty()
                && (current == n.id || current.starts_with(&format!("{}/", n.id)));
            NavLink {
                title: n.title.clone(),
                url: relative(from_dir, &n.dir),
                current: n.dir == from_dir,
                children: if open {
                    relativize(&n.children, from_dir, current)
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

#[derive(Serialize)]
struct LocaleLink {
    code: String,
    name: String,
    url: String,
}

#[derive(Serialize)]
struct SiteView {
    base_url: String,
    default_locale: String,
    locales: Vec<LocaleLink>,
}

#[derive(Serialize)]
struct PageView<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    content: String,
    /// The language the content is written in (differs from `lang` on a
    /// page shown from a fallback locale).
    content_lang: &'a str,
    headings: Vec<Heading>,
    /// The content opens with its own level-1 heading.
    has_title_heading: bool,
    extra: &'a BTreeMap<String, serde_json::Value>,
    permalink: String,
    state: &'static str,
}

impl<'a> PageView<'a> {
    /// A page locdoc makes itself (the language chooser, 404, the status
    /// dashboard): no source file, so no content, headings or extras.
    fn generated(
        id: &'a str,
        title: &'a str,
        locale: &'a str,
        permalink: String,
        empty: &'a BTreeMap<String, serde_json::Value>,
    ) -> PageView<'a> {
        PageView {
            id,
            title,
            description: None,
            content: String::new(),
            content_lang: locale,
            headings: Vec::new(),
            has_title_heading: false,
            extra: empty,
            permalink,
            state: "source",
        }
    }
}

/// A language switcher entry, handed to Tera with `from_serializable`
/// (its fields are strings and flags: it cannot fail).
#[derive(Serialize)]
struct Alternate<'a> {
    /// Generated, not translated: in the switcher, not in hreflang.
    pseudo: bool,
    code: &'a str,
    name: &'a str,
    url: String,
    permalink: String,
    current: bool,
    state: &'static str,
}

#[derive(Serialize)]
struct Notice {
    kind: &'static str,
    text: String,
}

#[derive(Serialize)]
struct Context<'a> {
    lang: &'a str,
    lang_name: &'a str,
    text_dir: &'static str,
    root: String,
    home_url: String,
    /// Left out when the page's template never reads it.
    #[serde(skip_serializing_if = "Option::is_none")]
    site: Option<SiteView>,
    page: PageView<'a>,
    /// The language switcher's [`Alternate`] entries as Tera values: a
    /// page's come from its id's shared [`Switcher`].
    translations: tera::Value,
    notices: Vec<Notice>,
    nav: Vec<NavLink>,
    children: Vec<NavLink>,
}

impl Context<'_> {
    /// The Tera context, its top-level names as static keys:
    /// `tera::Context::from_serialize` made a throwaway map and an owned
    /// String per key (2% of a build). Each value still goes through serde,
    /// which fills Tera's maps directly. Equal to `from_serialize` of the
    /// context (a test holds it to that).
    fn to_tera(&self) -> tera::TeraResult<tera::Context> {
        use tera::Value;
        let mut context = tera::Context::new();
        context.insert_value("lang", Value::from(self.lang));
        context.insert_value("lang_name", Value::from(self.lang_name));
        context.insert_value("text_dir", Value::from(self.text_dir));
        context.insert_value("root", Value::from(self.root.as_str()));
        context.insert_value("home_url", Value::from(self.home_url.as_str()));
        if let Some(site) = &self.site {
            context.insert_value("site", Value::try_from_serializable(site)?);
        }
        context.insert_value("page", Value::try_from_serializable(&self.page)?);
        context.insert_value("translations", self.translations.clone());
        context.insert_value("notices", Value::try_from_serializable(&self.notices)?);
        context.insert_value("nav", Value::try_from_serializable(&self.nav)?);
        context.insert_value("children", Value::try_from_serializable(&self.children)?);
        Ok(context)
    }
}

fn state_name(state: &PageState) -> &'static str {
    match state {
        PageState::Source => "source",
        PageState::Translated { stale: true, .. } => "stale",
        PageState::Translated { machine: true, .. } => "machine",
        PageState::Translated { .. } => "translated",
        PageState::Fallback { .. } => "fallback",
    }
}

fn permalink(site: &Site, dir: &str) -> String {
    format!("{}/{dir}", site.config.base_url)
}

fn site_view(site: &Site, from_dir: &str) -> SiteView {
    SiteView {
        base_url: site.config.base_url.clone(),
        default_locale: site.config.default_locale.clone(),
        locales: site
            .config
            .locales
            .iter()
            .map(|l| LocaleLink {
                code: l.code.clone(),
                name: l.name.clone(),
                url: relative(from_dir, &section_dir("", &l.code)),
            })
            .collect(),
    }
}

/// A UI message for `locale`, or the built-in English when no locale of the
/// chain has it (so a site with no `ui.ftl` still reads sensibly).
fn ui_text(
    site: &Site,
    locale: &str,
    id: &str,
    args: Option<&fluent_bundle::FluentArgs>,
    default: &str,
) -> String {
    site.l10n
        .format(locale, id, None, args)
        .map_or_else(|| default.to_owned(), |(f, _)| f.text)
}

/// The name of language `code` in the words of `reader` (message
/// `language-<code>`), or its own name from site.yaml.
fn language_name(site: &Site, reader: &str, code: &str) -> String {
    site.l10n
        .format(reader, &format!("language-{code}"), None, None)
        .map_or_else(|| site.config.locale_name(code).to_owned(), |(f, _)| f.text)
}

fn notices(site: &Site, locale: &str, state: &PageState) -> Vec<Notice> {
    let mut out = Vec::new();
    match state {
        PageState::Fallback { from } => {
            let (requested, shown) = (
                language_name(site, locale, locale),
                language_name(site, locale, from),
            );
            let default = format!(
                "This page is not available in {requested} yet, so it is shown in {shown}."
            );
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("requested", requested);
            args.set("shown", shown);
            out.push(Notice {
                kind: "fallback",
                text: ui_text(site, locale, "notice-fallback", Some(&args), &default),
            });
        }
        PageState::Translated { machine, stale } => {
            if *machine {
                out.push(Notice {
                    kind: "machine",
                    text: ui_text(
                        site,
                        locale,
                        "notice-machine",
                        None,
                        "This page was translated by machine.",
                    ),
                });
            }
            if *stale {
                out.push(Notice {
                    kind: "stale",
                    text: ui_text(
                        site,
                        locale,
                        "notice-stale",
                        None,
                        "The source of this page has changed since this translation was last updated.",
                    ),
                });
            }
        }
        PageState::Source => {}
    }
    out
}

/// What every page of one render reads besides its own job.
#[derive(Clone, Copy)]
struct PageRenderer<'s, 'r> {
    site: &'s Site,
    templates: &'r Templates,
    nav: &'r Navigation<'r>,
    options: &'r BuildOptions,
    /// Shared by every page of a build; `None` renders each table anew.
    blocks: Option<&'r RenderedBlocks>,
}

/// [`render_page`] for `job`, whose output folder `dir` the caller has
/// worked out already (from `versions`), with the page's rendered Markdown
/// taken from or left in `memo` (see [`markdown::render_sharing`]).
fn render_job<'s>(
    renderer: PageRenderer<'s, '_>,
    job: &Job,
    dir: String,
    versions: &Versions<'s>,
    memo: Option<&mut markdown::RenderMemo<'s>>,
) -> RenderedPage {
    let PageRenderer {
        site,
        templates,
        nav,
        options,
        blocks,
    } = renderer;
    let empty_nav = Vec::new();
    let nav = nav.trees.get(job.locale).unwrap_or(&empty_nav);
    let locale = job.locale;
    let own = versions.get(site, locale);
    let (page, state) = own.map_or((None, PageState::Source), |v| (v.page, v.state.clone()));
    let empty = BTreeMap::new();
    let mut problems = Vec::new();
    let template = match job.kind {
        Kind::Page => "page.html",
        Kind::Section => "section.html",
    };
    let uses = |name: &str| templates.uses(template, name);
    let (content, headings, has_title_heading) = match page {
        Some(page) => {
            let want_headings = templates.reads_page("headings");
            let rendered =
                markdown::render_sharing(site, page, locale, &dir, want_headings, memo, blocks);
            problems.extend(rendered.problems);
            (rendered.html, rendered.headings, rendered.title_heading)
        }
        None => (String::new(), Vec::new(), false),
    };
    let default_title = if job.id.is_empty() {
        ui_text(site, locale, "site-title", None, "Documentation")
    } else {
        job.id.rsplit('/').next().unwrap_or(job.id).to_owned()
    };
    let children = match job.kind {
        Kind::Section if uses("children") => {
            let mut nodes = nav;
            let mut prefix = String::new();
            for part in job.id.split('/').filter(|p| !p.is_empty()) {
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(part);
                match nodes.iter().find(|n| n.id == prefix) {
                    Some(n) => nodes = &n.children,
                    None => break,
                }
            }
            nodes
                .iter()
                .map(|n| NavLink {
                    title: n.title.clone(),
                    url: relative(&dir, &n.dir),
                    current: false,
                    children: Vec::new(),
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let title = page.map_or(default_title.as_str(), |p| {
        if job.id.is_empty() {
            p.front.title.as_deref().unwrap_or(default_title.as_str())
        } else {
            p.title()
        }
    });
    let context = Context {
        lang: locale,
        lang_name: site.config.locale_name(locale),
        text_dir: "ltr",
        root: root_prefix(&dir),
        home_url: relative(&dir, &section_dir("", locale)),
        site: uses("site").then(|| site_view(site, &dir)),
        page: PageView {
            id: job.id,
            title,
            description: page.and_then(|p| p.front.description.as_deref()),
            content,
            content_lang: page.map_or(locale, |p| p.locale.as_str()),
            headings,
            has_title_heading,
            // What no template can read is not handed over.
            extra: match page {
                Some(p) if templates.reads_page("extra") => &p.front.extra,
                _ => &empty,
            },
            permalink: own.map_or_else(|| permalink(site, &dir), |v| v.permalink.clone()),
            state: state_name(&state),
        },
        translations: versions.switcher(site, &dir, locale),
        notices: if uses("notices") {
            notices(site, locale, &state)
        } else {
            Vec::new()
        },
        nav: if uses("nav") {
            relativize(nav, &dir, job.id)
        } else {
            Vec::new()
        },
        children,
    };
    let inject = options.preview.then(|| {
        let alternates: Vec<preview::Alternate> = versions
            .published(site)
            .map(|(l, other)| preview::Alternate {
                code: &l.code,
                url: relative(&dir, &other.dir),
                state: state_name(&other.state),
                current: l.code == locale,
            })
            .collect();
        preview::bar(locale, context.page.state, &alternates) + preview::SCRIPT
    });
    let html = render_template(
        templates,
        template,
        locale,
        context.to_tera(),
        inject.as_deref(),
        context.page.content.len(),
        &mut problems,
    );
    RenderedPage {
        dir,
        html,
        problems,
    }
}

/// Renders template `name` with `context` (a failure to make the context
/// is reported like a template error).
fn render_template(
    templates: &Templates,
    name: &str,
    lang: &str,
    context: tera::TeraResult<tera::Context>,
    inject: Option<&str>,
    size_hint: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    let file = Path::new("templates").join(name);
    let context = match context {
        Ok(c) => c,
        Err(err) => {
            problems.push(template_error(&file, &err));
            return None;
        }
    };
    // Bytes, sized for the page: Tera's own `render` grows a small buffer
    // and then checks the whole page is UTF-8, which it is by construction.
    let mut html = Vec::with_capacity(size_hint + 4096);
    let tera = templates.for_locale(lang);
    let rendered = tera.render_to(name, &context, &mut html).or_else(|err| {
        if std::ptr::eq(tera, &templates.tera) {
            return Err(err);
        }
        // Report the error as the site's own templates have it, with
        // their positions, not those of the copy with messages written in.
        html.clear();
        templates.tera.render_to(name, &context, &mut html)
    });
    match rendered {
        Ok(()) => {
            if let Some(extra) = inject {
                match html.windows(7).rposition(|w| w == b"</body>") {
                    Some(i) => {
                        html.splice(i..i, extra.bytes());
                    }
                    None => html.extend_from_slice(extra.as_bytes()),
                }
            }
            Some(html)
        }
        Err(err) => {
            problems.push(template_error(&file, &err));
            None
        }
    }
}

fn write_root_pages(
    site: &Site,
    templates: &Templates,
    locales: &[&str],
    staging: &Path,
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> anyhow::Result<()> {
    let inject = options.preview.then_some(preview::SCRIPT);
    let default = site.default_locale();
    let mut problems = Vec::new();
    let empty = BTreeMap::new();
    let base_path = base_path(&site.config.base_url);
    for (template, file, root) in [
        ("chooser.html", "index.html", String::new()),
        // 404.html is served at any depth, so its links start from the site root.
        ("404.html", "404.html", base_path),
    ] {
        let title_id = if file == "index.html" {
            "chooser-title"
        } else {
            "not-found-title"
        };
        let title = ui_text(
            site,
            default,
            title_id,
            None,
            if file == "index.html" {
                "Choose your language"
            } else {
                "Page not found"
            },
        );
        let mut view = site_view(site, "");
        for l in &mut view.locales {
            l.url = format!("{root}{}", section_dir("", &l.code));
        }
        let context = Context {
            lang: default,
            lang_name: site.config.locale_name(default),
            text_dir: "ltr",
            root: root.clone(),
            home_url: format!("{root}{}", section_dir("", default)),
            site: Some(view),
            page: PageView::generated(
                "",
                &title,
                default,
                permalink(site, if file == "index.html" { "" } else { file }),
                &empty,
            ),
            translations: tera::Value::from_serializable(
                &site
                    .config
                    .locales
                    .iter()
                    .filter(|l| locales.contains(&l.code.as_str()))
                    .map(|l| Alternate {
                        pseudo: l.pseudo,
                        code: &l.code,
                        name: &l.name,
                        url: format!("{root}{}", section_dir("", &l.code)),
                        permalink: permalink(site, &section_dir("", &l.code)),
                        current: false,
                        state: "source",
                    })
                    .collect::<Vec<_>>(),
            ),
            notices: Vec::new(),
            nav: Vec::new(),
            children: Vec::new(),
        };
        if let Some(html) = render_template(
            templates,
            template,
            default,
            context.to_tera(),
            inject,
            0,
            &mut problems,
        ) {
            std::fs::write(staging.join(file), html)
                .with_context(|| format!("cannot write {file}"))?;
        }
    }
    if templates.has("style.css") {
        match templates.tera.render("style.css", &tera::Context::new()) {
            Ok(css) => {
                std::fs::write(staging.join("style.css"), css).context("cannot write style.css")?
            }
            Err(err) => problems.push(template_error(Path::new("templates/style.css"), &err)),
        }
    }
    diags.extend(problems);
    Ok(())
}

#[derive(Serialize)]
struct StatusPage {
    id: String,
    title: String,
    url: String,
    source_url: String,
}

#[derive(Serialize)]
struct StatusGroup {
    title: String,
    pages: Vec<StatusPage>,
}

#[derive(Serialize)]
struct StatusLocale {
    code: String,
    name: String,
    coverage: f64,
    messages_translated: usize,
    messages_total: usize,
    messages_missing: Vec<String>,
    pages_translated: usize,
    pages_total: usize,
    groups: Vec<StatusGroup>,
}

#[derive(Serialize)]
struct StatusView {
    source: String,
    source_name: String,
    locales: Vec<StatusLocale>,
}

/// `<out>/_status/`: the translation dashboard, a bar per locale and the
/// pages each one lacks, has out of date or got from a machine.
fn write_status(
    site: &Site,
    templates: &Templates,
    staging: &Path,
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> anyhow::Result<()> {
    const DIR: &str = "_status/";
    let default = site.default_locale();
    let report = crate::check::coverage(site);
    let link = |name: &str, locale: &str| -> (String, String) {
        match crate::load::section_of(name) {
            Some(id) => {
                let title = site
                    .resolve_section(id, locale)
                    .map_or(name.to_owned(), |(p, _)| p.title().to_owned());
                (relative(DIR, &section_dir(id, locale)), title)
            }
            None => {
                let title = site
                    .resolve(name, locale)
                    .map_or(name.to_owned(), |(p, _)| p.title().to_owned());
                (relative(DIR, &page_dir(site, name, locale)), title)
            }
        }
    };
    let locales = report
        .iter()
        .map(|(code, l)| {
            let group = |key: &str, fallback: &str, ids: &[String]| StatusGroup {
                title: ui_text(site, default, key, None, fallback),
                pages: ids
                    .iter()
                    .map(|id| {
                        let (url, title) = link(id, code);
                        StatusPage {
                            id: id.clone(),
                            title,
                            url,
                            source_url: link(id, default).0,
                        }
                    })
                    .collect(),
            };
            StatusLocale {
                code: code.clone(),
                name: l.name.clone(),
                coverage: l.coverage,
                messages_translated: l.messages.translated,
                messages_total: l.messages.total,
                messages_missing: l.messages.missing.clone(),
                pages_translated: l.pages.translated,
                pages_total: l.pages.total,
                groups: vec![
                    group("status-missing", "Missing pages", &l.pages.missing),
                    group("status-stale", "Out-of-date pages", &l.pages.stale),
                    group(
                        "status-machine",
                        "Machine-translated pages",
                        &l.pages.machine,
                    ),
                ],
            }
        })
        .collect();
    let title = ui_text(site, default, "status-title", None, "Translation status");
    let empty = BTreeMap::new();
    let context = Context {
        lang: default,
        lang_name: site.config.locale_name(default),
        text_dir: "ltr",
        root: root_prefix(DIR),
        home_url: relative(DIR, &section_dir("", default)),
        site: Some(site_view(site, DIR)),
        page: PageView::generated("_status", &title, default, permalink(site, DIR), &empty),
        translations: Vec::<tera::Value>::new().into(),
        notices: Vec::new(),
        nav: Vec::new(),
        children: Vec::new(),
    };
    let status = StatusView {
        source: default.to_owned(),
        source_name: site.config.locale_name(default).to_owned(),
        locales,
    };
    // The shared page context, and the dashboard's own `status`.
    let context = context.to_tera().and_then(|mut context| {
        context.insert_value("status", tera::Value::try_from_serializable(&status)?);
        Ok(context)
    });
    let mut problems = Vec::new();
    let inject = options.preview.then_some(preview::SCRIPT);
    if let Some(html) = render_template(
        templates,
        "status.html",
        default,
        context,
        inject,
        0,
        &mut problems,
    ) {
        write_file(&staging.join(DIR).join("index.html"), html)?;
    }
    diags.extend(problems);
    Ok(())
}

/// The path part of `base_url`, with slashes on both ends: `/docs/`.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    format!("{}/", path.trim_end_matches('/'))
}

/// The sitemap protocol's limits for one file.
const SITEMAP_MAX_URLS: usize = 50_000;
const SITEMAP_MAX_BYTES: usize = 50 * 1024 * 1024;

/// One sitemap file being written, `sitemap-<n>.xml`; its errors name it.
struct SitemapFile {
    name: String,
    out: std::io::BufWriter<std::fs::File>,
}

impl SitemapFile {
    fn create(dir: &Path, n: usize) -> anyhow::Result<SitemapFile> {
        let name = format!("sitemap-{n}.xml");
        let file = std::fs::File::create(dir.join(&name))
            .with_context(|| format!("cannot write {name}"))?;
        let mut part = SitemapFile {
            name,
            out: std::io::BufWriter::with_capacity(1 << 16, file),
        };
        part.write(SITEMAP_HEAD)?;
        Ok(part)
    }

    fn write(&mut self, xml: &str) -> anyhow::Result<()> {
        self.out
            .write_all(xml.as_bytes())
            .with_context(|| format!("cannot write {}", self.name))
    }

    fn finish(mut self) -> anyhow::Result<()> {
        self.write(SITEMAP_TAIL)?;
        self.out
            .flush()
            .with_context(|| format!("cannot write {}", self.name))
    }
}

/// `sitemap.xml`: every published URL with its hreflang alternates. Past
/// the protocol's limits (50,000 URLs or 50 MB a file) the URLs go into
/// `sitemap-1.xml`, `sitemap-2.xml`... and `sitemap.xml` is their index.
fn write_sitemap(site: &Site, locales: &[&str], staging: &Path) -> anyhow::Result<()> {
    let limits = SitemapSplit::new(SITEMAP_MAX_URLS, SITEMAP_MAX_BYTES);
    write_sitemap_split(site, locales, staging, limits)
}

/// [`write_sitemap`], with the files split by `split`.
fn write_sitemap_split(
    site: &Site,
    locales: &[&str],
    staging: &Path,
    mut split: SitemapSplit,
) -> anyhow::Result<()> {
    // Search engines get the real locales only.
    let locales: Vec<&str> = locales
        .iter()
        .copied()
        .filter(|l| site.config.locale(l).is_some_and(|c| !c.pseudo))
        .collect();
    let locales = locales.as_slice();
    let ids: Vec<(&str, Kind)> = ids(site).collect();
    let base = permalink(site, "");
    // One block of `<url>` entries per id: (how many, the XML).
    let block = |&(id, kind): &(&str, Kind)| -> (usize, String) {
        // (`<loc>` text, `<xhtml:link>` line) per locale: every locale
        // has every section, a page only where its chain reaches it
        // (where it has an output folder).
        let alternates: Vec<(String, String)> = locales
            .iter()
            .filter_map(|l| {
                let dir = match kind {
                    Kind::Section => std::borrow::Cow::Owned(section_dir(id, l)),
                    Kind::Page => site.page_output_dir(id, l)?,
                };
                let mut loc = String::with_capacity(base.len() + dir.len());
                push_escaped(&mut loc, &base);
                push_escaped(&mut loc, &dir);
                let mut link = String::with_capacity(loc.len() + 64);
                link.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"");
                push_escaped(&mut link, l);
                link.push_str("\" href=\"");
                link.push_str(&loc);
                link.push_str("\"/>\n");
                Some((loc, link))
            })
            .collect();
        let links: usize = alternates.iter().map(|(_, link)| link.len()).sum();
        let mut xml = String::with_capacity(alternates.len() * (links + 64));
        for (loc, _) in &alternates {
            xml.push_str("  <url>\n    <loc>");
            xml.push_str(loc);
            xml.push_str("</loc>\n");
            for (_, link) in &alternates {
                xml.push_str(link);
            }
            xml.push_str("  </url>\n");
        }
        (alternates.len(), xml)
    };

    // Made a batch of ids at a time (in parallel) and written as they come:
    // all of it at once held 30 MB at 10,000 pages per locale, and fresh
    // memory is not free. The first file is `sitemap-1.xml` until a second
    // one is needed; alone, it becomes `sitemap.xml`.
    let mut out = SitemapFile::create(staging, 1)?;
    for batch in ids.chunks(SITEMAP_BATCH) {
        let blocks: Vec<(usize, String)> = batch.par_iter().map(block).collect();
        for (urls, xml) in blocks {
            if split.starts_new_file(urls, xml.len()) {
                out.finish()?;
                out = SitemapFile::create(staging, split.files)?;
            }
            out.write(&xml)?;
        }
    }
    out.finish()?;
    if split.files == 1 {
        return std::fs::rename(staging.join("sitemap-1.xml"), staging.join("sitemap.xml"))
            .context("cannot write sitemap.xml");
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=split.files {
        index.push_str("  <sitemap><loc>");
        index.push_str(&escape_html(&permalink(site, &format!("sitemap-{n}.xml"))));
        index.push_str("</loc></sitemap>\n");
    }
    index.push_str("</sitemapindex>\n");
    std::fs::write(staging.join("sitemap.xml"), index).context("cannot write sitemap.xml")
}

/// Ids whose sitemap entries are made together, in parallel.
const SITEMAP_BATCH: usize = 1024;

const SITEMAP_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const SITEMAP_TAIL: &str = "</urlset>\n";

/// Where the sitemap's files split, decided block by block (a block is
/// one id's `<url>` entries) in order: a file holds at most `max_urls` URLs
/// and `max_bytes` bytes, except that a single block larger than that gets
/// a file of its own.
struct SitemapSplit {
    max_urls: usize,
    max_bytes: usize,
    /// Files so far (the one being filled is the last).
    files: usize,
    urls: usize,
    bytes: usize,
    blocks: usize,
}

impl SitemapSplit {
    fn new(max_urls: usize, max_bytes: usize) -> SitemapSplit {
        SitemapSplit {
            max_urls,
            max_bytes,
            files: 1,
            urls: 0,
            bytes: SITEMAP_HEAD.len() + SITEMAP_TAIL.len(),
            blocks: 0,
        }
    }

    /// Places the next block, of `urls` URLs and `bytes` bytes: whether it
    /// starts a new file.
    fn starts_new_file(&mut self, urls: usize, bytes: usize) -> bool {
        let fits = self.urls + urls <= self.max_urls && self.bytes + bytes <= self.max_bytes;
        let new = !fits && self.blocks > 0;
        if new {
            self.files += 1;
            self.urls = 0;
            self.bytes = SITEMAP_HEAD.len() + SITEMAP_TAIL.len();
            self.blocks = 0;
        }
        self.urls += urls;
        self.bytes += bytes;
        self.blocks += 1;
        new
    }
}

/// `static/**` to the output root; non-Markdown files below
/// `content/<locale>/` (images) to `<locale>/`.
fn copy_files(site: &Site, locales: &[&str], staging: &Path) -> anyhow::Result<()> {
    let static_dir = site.root.join("static");
    if static_dir.is_dir() {
        for (path, rel) in files_below(&static_dir) {
            copy_one(&path, &staging.join(rel))?;
        }
    }
    for (folder, files) in &site.assets {
        // A locale's files when that locale is built; a Learn-style
        // folder's (no locale) always.
        let is_locale = site.config.locale(folder).is_some();
        if is_locale && !locales.contains(&folder.as_str()) {
            continue;
        }
        for rel in files {
            let from = site.root.join("content").join(folder).join(rel);
            copy_one(&from, &staging.join(folder).join(rel))?;
        }
    }
    Ok(())
}

fn copy_one(from: &Path, to: &Path) -> anyhow::Result<()> {
    create_parent(to)?;
    std::fs::copy(from, to).with_context(|| format!("cannot copy {}", from.display()))?;
    Ok(())
}

/// Creates the folders `path` needs.
fn create_parent(path: &Path) -> anyhow::Result<()> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display())),
        None => Ok(()),
    }
}

/// Writes `contents` to `path`, creating the folders it needs.
pub fn write_file(path: &Path, contents: impl AsRef<[u8]>) -> anyhow::Result<()> {
    create_parent(path)?;
    std::fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The context made field by field is the one serde would make, with
    /// every field filled and with every list empty.
    #[test]
    fn the_tera_context_is_the_serialized_context() {
        let mut extra = BTreeMap::new();
        extra.insert(
            "owner".to_owned(),
            serde_json::json!({"team": "docs", "n": [1, 2]}),
        );
        let no_extra = BTreeMap::new();
        let alternate = Alternate {
            pseudo: true,
            code: "en-XA",
            name: "Pseudo",
            url: "../../en-XA/guides/a/".to_owned(),
            permalink: "https://x.org/en-XA/guides/a/".to_owned(),
            current: false,
            state: "source",
        };
        let link = |title: &str| NavLink {
            title: title.to_owned(),
            url: "../b/".to_owned(),
            current: true,
            children: vec![NavLink {
                title: "child".to_owned(),
                url: "c/".to_owned(),
                current: false,
                children: Vec::new(),
            }],
        };
        let full = Context {
            lang: "fr",
            lang_name: "Français",
            text_dir: "ltr",
            root: "../../".to_owned(),
            home_url: "../../fr/".to_owned(),
            site: Some(SiteView {
                base_url: "https://x.org".to_owned(),
                default_locale: "en".to_owned(),
                locales: vec![LocaleLink {
                    code: "en".to_owned(),
                    name: "English".to_owned(),
                    url: "../../en/".to_owned(),
                }],
            }),
            page: PageView {
                id: "guides/a",
                title: "Un titre assez long pour ne pas tenir en ligne",
                description: Some("desc"),
                content: "<p>texte</p>".repeat(10),
                content_lang: "en",
                headings: vec![Heading {
                    level: 2,
                    id: "a".to_owned(),
                    text: "A".to_owned(),
                }],
                has_title_heading: true,
                extra: &extra,
                permalink: "https://x.org/fr/guides/a/".to_owned(),
                state: "fallback",
            },
            translations: tera::Value::from_serializable(&[alternate]),
            notices: vec![Notice {
                kind: "fallback",
                text: "shown in English".to_owned(),
            }],
            nav: vec![link("b")],
            children: vec![link("c")],
        };
        let bare = Context {
            lang: "fr",
            lang_name: "Français",
            text_dir: "ltr",
            root: String::new(),
            home_url: "fr/".to_owned(),
            site: None,
            page: PageView {
                description: None,
                headings: Vec::new(),
                extra: &no_extra,
                ..PageView::generated("", "t", "fr", String::new(), &no_extra)
            },
            translations: Vec::<tera::Value>::new().into(),
            notices: Vec::new(),
            nav: Vec::new(),
            children: Vec::new(),
        };
        for context in [&full, &bare] {
            let serialized = tera::Context::from_serialize(context).expect("serialize");
            assert_eq!(context.to_tera().expect("made"), serialized);
        }
    }

    #[test]
    fn sitemaps_split_at_the_url_and_size_limits() {
        // The blocks each file gets: (first, past the last), by index.
        let split = |blocks: &[(usize, String)], max_urls: usize, max_bytes: usize| {
            let mut split = SitemapSplit::new(max_urls, max_bytes);
            let mut files = vec![(0, 0)];
            for (i, (urls, xml)) in blocks.iter().enumerate() {
                if split.starts_new_file(*urls, xml.len()) {
                    files.push((i, i));
                }
                if let Some(last) = files.last_mut() {
                    last.1 = i + 1;
                }
            }
            assert_eq!(files.len(), split.files);
            files
        };
        let block = |n: usize| (n, "  <url>x</url>\n".repeat(n));
        let frame = SITEMAP_HEAD.len() + SITEMAP_TAIL.len();
        assert_eq!(split(&[block(2), block(3)], 5, 10_000), [(0, 2)]);
        assert_eq!(
            split(&[block(2), block(3), block(1)], 5, 10_000),
            [(0, 2), (2, 3)]
        );
        // Two blocks of 30 bytes where a file holds 40 besides its frame.
        assert_eq!(
            split(&[block(2), block(2)], 50, frame + 40),
            [(0, 1), (1, 2)]
        );
        // A block too large for any file still gets one.
        assert_eq!(split(&[block(9), block(1)], 5, 10_000), [(0, 1), (1, 2)]);
        assert_eq!(split(&[], 5, 10_000), [(0, 0)]);
    }

    /// Past the limits the URLs go into numbered files, in order, and
    /// `sitemap.xml` becomes their index; below them it is one file.
    #[test]
    fn a_sitemap_past_the_limits_becomes_an_index_of_files() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/i18n");
        let (site, _) = crate::load::load(&root).expect("fixture loads");
        let locales: Vec<&str> = site.locale_codes().collect();
        let whole = tempfile::tempdir().expect("temp dir");
        write_sitemap(&site, &locales, whole.path()).expect("sitemap");
        let one = std::fs::read_to_string(whole.path().join("sitemap.xml")).expect("read");
        let entries = |xml: &str| -> Vec<String> {
            xml.split("  <url>")
                .skip(1)
                .map(|e| e.replace(SITEMAP_TAIL, ""))
                .collect()
        };
        let all = entries(&one);
        assert!(all.len() > 3, "{one}");
        assert!(!whole.path().join("sitemap-1.xml").exists());

        let parts = tempfile::tempdir().expect("temp dir");
        write_sitemap_split(&site, &locales, parts.path(), SitemapSplit::new(3, 1 << 20))
            .expect("sitemap");
        let index = std::fs::read_to_string(parts.path().join("sitemap.xml")).expect("read");
        assert!(index.contains("<sitemapindex"), "{index}");
        let mut joined = Vec::new();
        let mut n = 1;
        while let Ok(xml) = std::fs::read_to_string(parts.path().join(format!("sitemap-{n}.xml"))) {
            assert!(
                xml.starts_with(SITEMAP_HEAD) && xml.ends_with(SITEMAP_TAIL),
                "{xml}"
            );
            assert!(
                index.contains(&format!("/sitemap-{n}.xml</loc>")),
                "{index}"
            );
            joined.extend(entries(&xml));
            n += 1;
        }
        assert!(n > 2, "{n}");
        assert_eq!(joined, all);
    }

    #[test]
    fn base_path_is_slashed() {
        assert_eq!(base_path("https://docs.example.org"), "/");
        assert_eq!(base_path("https://example.org/docs/"), "/docs/");
        assert_eq!(base_path(""), "/");
    }

    #[test]
    fn output_may_not_contain_the_root() {
        let root = std::env::temp_dir().join("locdoc-root-check");
        assert!(check_output_dir(&root, &root).is_err());
        assert!(check_output_dir(&root, root.parent().expect("has parent")).is_err());
        assert!(check_output_dir(&root, &root.join("content/x")).is_err());
        assert!(check_output_dir(&root, &root.join("public")).is_ok());
    }
}
