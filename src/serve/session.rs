//! The live preview's engine: the loaded site kept in memory, and a rebuild
//! that redoes only what a batch of changed files affects. A change that
//! breaks the site leaves the last good pages in place and reports why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rayon::prelude::*;

use crate::build::{jobs, render_page, write_extras, BuildOptions, Job, Kind, Navigation};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::l10n::Localizer;
use crate::load::{self, ConfigError, Page, Site};
use crate::render::templates::Templates;

/// What a changed file means for the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// site.yaml, a template or the model: reload and render everything.
    Everything,
    /// A Fluent file of this locale.
    Messages(String),
    /// A page or `_index.md`: (locale, path below `content/<locale>/` without `.md`).
    Page(String, String),
    /// A file to copy as is (`static/**`, images under `content/`).
    Asset,
    Ignored,
}

/// Sorts a path (relative to the site root, `/`-separated) into a change.
pub fn classify(rel: &str) -> Change {
    let parts: Vec<&str> = rel.split('/').collect();
    let file = parts.last().copied().unwrap_or_default();
    // Editors' backups, swap and lock files, and hidden files.
    if file.starts_with('.')
        || file.ends_with('~')
        || file.ends_with(".swp")
        || file.ends_with(".tmp")
        || file == "4913"
    {
        return Change::Ignored;
    }
    match parts.as_slice() {
        ["site.yaml"] => Change::Everything,
        // A site folder that appeared while serving.
        ["content" | "locales" | "static"] => Change::Everything,
        ["templates", ..] => Change::Everything,
        ["content", "_data", ..] => Change::Everything,
        ["locales", locale, .., _] if file.ends_with(".ftl") => {
            Change::Messages((*locale).to_owned())
        }
        ["content", locale, rest @ ..] if !rest.is_empty() => {
            match rest.join("/").strip_suffix(".md") {
                Some(stem) => Change::Page((*locale).to_owned(), stem.to_owned()),
                None => Change::Asset,
            }
        }
        ["static", ..] => Change::Asset,
        _ => Change::Ignored,
    }
}

/// The result of a rebuild.
#[derive(Debug, Clone)]
pub struct Rebuild {
    /// Pages written.
    pub pages: usize,
    pub elapsed: Duration,
    /// Every error the site has now (empty when the preview is good).
    pub errors: Vec<Diagnostic>,
}

pub struct PreviewSession {
    root: PathBuf,
    options: load::LoadOptions,
    out: PathBuf,
    site: Site,
    templates: Templates,
    /// Problems found while loading, kept per file so that reloading one
    /// file replaces only its own.
    load_problems: Vec<Diagnostic>,
    /// Problems found while rendering, per output folder.
    render_problems: BTreeMap<String, Vec<Diagnostic>>,
}

impl PreviewSession {
    /// Loads the site at `root` and renders all of it into `out`.
    pub fn start(
        root: &Path,
        out: &Path,
        options: &load::LoadOptions,
    ) -> anyhow::Result<(PreviewSession, Rebuild)> {
        let started = Instant::now();
        let (site, loaded) = load::load_with(root, options)?;
        let (templates, problems) = Templates::load(root, Arc::clone(&site.l10n));
        let mut load_problems: Vec<Diagnostic> = loaded.into_sorted();
        load_problems.extend(problems);
        std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
        let mut session = PreviewSession {
            root: root.to_path_buf(),
            options: options.clone(),
            out: out.to_path_buf(),
            site,
            templates,
            load_problems,
            render_problems: BTreeMap::new(),
        };
        let pages = session.render_all()?;
        let result = session_result(&session, pages, started);
        Ok((session, result))
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Every error-level problem the site has now.
    pub fn errors(&self) -> Vec<Diagnostic> {
        let mut all = Diagnostics::default();
        all.extend(self.load_problems.iter().filter(|d| d.is_error()).cloned());
        all.extend(
            self.render_problems
                .values()
                .flatten()
                .filter(|d| d.is_error())
                .cloned(),
        );
        all.into_sorted()
    }

    fn has_load_errors(&self) -> bool {
        self.load_problems.iter().any(Diagnostic::is_error)
    }

    /// Applies a batch of changed files (paths relative to the root).
    pub fn apply(&mut self, changed: &[String]) -> anyhow::Result<Rebuild> {
        let started = Instant::now();
        let changes: Vec<Change> = changed
            .iter()
            .map(|p| classify(p))
            .filter(|c| *c != Change::Ignored)
            .collect();
        // Nothing was written while the site was broken: once it loads
        // again, every page may be behind.
        let was_broken = self.has_load_errors();
        let pages = if changes.contains(&Change::Everything) {
            self.reload_everything()?
        } else {
            let mut locales: Vec<String> = Vec::new();
            let mut page_jobs: Vec<(String, Kind)> = Vec::new();
            let mut render_all = false;
            for change in &changes {
                match change {
                    Change::Messages(locale) => locales.push(locale.clone()),
                    Change::Page(locale, stem) => match self.reload_page(locale, stem) {
                        PageEffect::Itself(id, kind) => page_jobs.push((id, kind)),
                        PageEffect::Everything => render_all = true,
                    },
                    Change::Asset | Change::Everything | Change::Ignored => {}
                }
            }
            if !locales.is_empty() {
                self.reload_messages();
            }
            if render_all || (was_broken && !self.has_load_errors()) {
                self.render_all()?
            } else {
                let mut count = self.render_locales(&locales)?;
                count += self.render_ids(&page_jobs)?;
                if changes.contains(&Change::Asset) {
                    self.write_extras()?;
                }
                count
            }
        };
        Ok(session_result(self, pages, started))
    }

    fn reload_everything(&mut self) -> anyhow::Result<usize> {
        match load::load_with(&self.root, &self.options) {
            Ok((site, loaded)) => {
                let (templates, problems) = Templates::load(&self.root, Arc::clone(&site.l10n));
                self.site = site;
                self.templates = templates;
                self.load_problems = loaded.into_sorted();
                self.load_problems.extend(problems);
                self.render_problems.clear();
                self.render_all()
            }
            // An unusable site.yaml: keep serving the last good site.
            Err(ConfigError::Invalid(problems)) => {
                self.load_problems = problems;
                Ok(0)
            }
            Err(err @ ConfigError::Missing(_)) => Err(err.into()),
        }
    }

    fn reload_messages(&mut self) {
        let (l10n, problems) = Localizer::load(&self.root, &self.site.config);
        self.site.l10n = Arc::new(l10n);
        // The templates' t() holds the localizer; compiling them is cheap.
        let (templates, template_problems) =
            Templates::load(&self.root, Arc::clone(&self.site.l10n));
        self.templates = templates;
        self.load_problems.retain(|d| {
            !d.file
                .as_deref()
                .is_some_and(|f| f.starts_with("locales/") || f.starts_with("templates/"))
        });
        self.load_problems.extend(problems);
        self.load_problems.extend(template_problems);
    }

    /// Rereads one page file and says how much its change reaches.
    fn reload_page(&mut self, locale: &str, stem: &str) -> PageEffect {
        let (is_section, id) = match crate::load::section_of(stem) {
            Some(section) => (true, section.to_owned()),
            None => (false, stem.to_owned()),
        };
        let rel = PathBuf::from("content")
            .join(locale)
            .join(format!("{stem}.md"));
        let rel_text = crate::diag::display_path(&rel);
        self.load_problems
            .retain(|d| d.file.as_deref() != Some(rel_text.as_str()));
        if self.site.config.locale(locale).is_none() {
            return PageEffect::Everything;
        }
        let path = self.root.join(&rel);
        let page: Option<Page> = if path.is_file() {
            let (page, problems) = load::read_page(locale, stem, &path, &rel);
            self.load_problems.extend(problems);
            page.filter(|p| !p.front.draft).map(|mut p| {
                p.id = id.clone();
                p
            })
        } else {
            None
        };
        let map = if is_section {
            &mut self.site.sections
        } else {
            &mut self.site.pages
        };
        let previous = map.get(&id).and_then(|v| v.get(locale)).cloned();
        let nav_changed = match (&previous, &page) {
            (Some(old), Some(new)) => {
                old.front.title != new.front.title
                    || old.front.weight != new.front.weight
                    || old.front.slug != new.front.slug
            }
            (None, None) => false,
            _ => true,
        };
        match page {
            Some(page) => {
                map.insert(&id, page);
            }
            None => {
                map.remove(&id, locale);
            }
        }
        if nav_changed || is_section {
            PageEffect::Everything
        } else {
            PageEffect::Itself(
                id,
                if is_section {
                    Kind::Section
                } else {
                    Kind::Page
                },
            )
        }
    }

    fn locales(&self) -> Vec<&str> {
        self.site.locale_codes().collect()
    }

    fn options() -> BuildOptions {
        BuildOptions {
            preview: true,
            ..BuildOptions::default()
        }
    }

    /// Renders `jobs`, then writes every page that rendered cleanly. Pages
    /// with errors keep their last good version. Nothing is written while
    /// loading has errors: the last good site stays whole.
    fn render(&mut self, jobs: &[Job]) -> anyhow::Result<usize> {
        if self.has_load_errors() {
            return Ok(0);
        }
        let locales = self.locales();
        let nav = Navigation::new(&self.site, &locales);
        let options = Self::options();
        let rendered: Vec<_> = jobs
            .par_iter()
            .map(|job| render_page(&self.site, &self.templates, &nav, job, &options))
            .collect();
        let mut written = 0;
        for page in rendered {
            let clean = !page.problems.iter().any(Diagnostic::is_error);
            if let (true, Some(html)) = (clean, &page.html) {
                let folder = self.out.join(&page.dir);
                std::fs::create_dir_all(&folder)
                    .with_context(|| format!("cannot create {}", folder.display()))?;
                std::fs::write(folder.join("index.html"), html)
                    .with_context(|| format!("cannot write {}", folder.display()))?;
                written += 1;
            }
            self.render_problems.insert(page.dir, page.problems);
        }
        Ok(written)
    }

    fn render_all(&mut self) -> anyhow::Result<usize> {
        if self.has_load_errors() {
            return Ok(0);
        }
        let locales = self.locales();
        let all: Vec<Job> = jobs(&self.site, &locales);
        // Jobs borrow the site; render needs `&mut self` for bookkeeping, so
        // collect owned ids first.
        let owned: Vec<(String, String, Kind)> = all
            .iter()
            .map(|j| (j.id.to_owned(), j.locale.to_owned(), j.kind))
            .collect();
        self.render_problems.clear();
        let count = self.render_owned(&owned)?;
        self.write_extras()?;
        Ok(count)
    }

    fn render_owned(&mut self, owned: &[(String, String, Kind)]) -> anyhow::Result<usize> {
        let jobs: Vec<Job> = owned
            .iter()
            .map(|(id, locale, kind)| Job {
                id,
                locale,
                kind: *kind,
            })
            .collect();
        self.render(&jobs)
    }

    /// Every page of the locales whose chain includes one of `changed`.
    fn render_locales(&mut self, changed: &[String]) -> anyhow::Result<usize> {
        if changed.is_empty() {
            return Ok(0);
        }
        let affected: Vec<String> = self
            .site
            .config
            .locales
            .iter()
            .filter(|l| l.chain.iter().any(|c| changed.contains(c)))
            .map(|l| l.code.clone())
            .collect();
        let affected_refs: Vec<&str> = affected.iter().map(String::as_str).collect();
        let owned: Vec<(String, String, Kind)> = jobs(&self.site, &affected_refs)
            .iter()
            .map(|j| (j.id.to_owned(), j.locale.to_owned(), j.kind))
            .collect();
        self.render_owned(&owned)
    }

    /// Page ids in every locale: a page's state (stale, fallback) shows in
    /// its alternates' switchers and notices too.
    fn render_ids(&mut self, ids: &[(String, Kind)]) -> anyhow::Result<usize> {
        let mut owned = Vec::new();
        for (id, kind) in ids {
            for locale in self.site.locale_codes() {
                let exists = match kind {
                    Kind::Page => self.site.resolve(id, locale).is_some(),
                    Kind::Section => true,
                };
                if exists {
                    owned.push((id.clone(), locale.to_owned(), *kind));
                }
            }
        }
        self.render_owned(&owned)
    }

    fn write_extras(&mut self) -> anyhow::Result<()> {
        if self.has_load_errors() {
            return Ok(());
        }
        let locales = self.locales();
        let mut diags = Diagnostics::default();
        write_extras(
            &self.site,
            &self.templates,
            &locales,
            &self.out,
            &Self::options(),
            &mut diags,
            || (),
        )?;
        self.render_problems
            .insert("(site)".to_owned(), diags.into_sorted());
        Ok(())
    }
}

enum PageEffect {
    Itself(String, Kind),
    Everything,
}

fn session_result(session: &PreviewSession, pages: usize, started: Instant) -> Rebuild {
    Rebuild {
        pages,
        elapsed: started.elapsed(),
        errors: session.errors(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_classified_by_path() {
        assert_eq!(classify("site.yaml"), Change::Everything);
        assert_eq!(classify("templates/page.html"), Change::Everything);
        assert_eq!(classify("content/_data/x.yaml"), Change::Everything);
        assert_eq!(
            classify("locales/fr/main.ftl"),
            Change::Messages("fr".into())
        );
        assert_eq!(
            classify("content/sv/guides/a.md"),
            Change::Page("sv".into(), "guides/a".into())
        );
        assert_eq!(classify("content/en/img/x.png"), Change::Asset);
        assert_eq!(classify("static/logo.svg"), Change::Asset);
        assert_eq!(classify("content/en/.a.md.swp"), Change::Ignored);
        assert_eq!(classify("content/en/a.md~"), Change::Ignored);
        assert_eq!(classify("README.md"), Change::Ignored);
        assert_eq!(classify("templates"), Change::Everything);
        assert_eq!(classify("content"), Change::Everything);
    }
}
