//! Everything a site is made of, read once into a `Site` value that build,
//! check and serve all work from. Problems in content don't stop loading:
//! they become diagnostics, so one run reports them all.

pub mod frontmatter;
pub mod l10n;
pub mod model;
pub mod pseudo;
pub mod table;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;

use crate::config::{SiteConfig, CONFIG_FILE};
use crate::diag::{relative_to, Diagnostic, Diagnostics};
use frontmatter::{FrontMatter, TranslationKind};
use l10n::Localizer;
use model::Model;
pub use table::{PageTable, Variants};

/// A page's identity across locales: its path below `content/<locale>/`
/// without `.md`, `/`-separated (`publish-offer`, `guides/setup`).
pub type PageId = String;

#[derive(Debug, Clone)]
pub struct Page {
    pub id: PageId,
    pub locale: String,
    /// Relative to the site root.
    pub path: PathBuf,
    pub front: FrontMatter,
    /// The whole file, BOM removed and line endings normalised to `\n`.
    pub text: String,
    /// Where the Markdown body starts in `text`.
    pub body_offset: usize,
    /// [`content_hash`] of `text`, made when first asked for: translations
    /// record their source's, and only source pages are ever asked.
    hash: std::sync::OnceLock<String>,
    /// A quick fingerprint of `text` for the build cache
    /// ([`crate::incremental::text_fingerprint`]).
    pub fingerprint: u64,
    /// Generated for the pseudo-locale from the source page.
    pub pseudo: bool,
    /// The file's size and time as it was read: the build's fingerprint of
    /// its inputs takes them from here instead of asking again.
    pub stamp: Option<crate::incremental::FileStamp>,
}

impl Page {
    /// A page read from `path` (relative to the site root).
    pub fn new(
        id: &str,
        locale: &str,
        path: &Path,
        front: FrontMatter,
        text: String,
        body_offset: usize,
    ) -> Page {
        Page {
            id: id.to_owned(),
            locale: locale.to_owned(),
            path: path.to_path_buf(),
            front,
            fingerprint: crate::incremental::text_fingerprint(&text),
            text,
            body_offset,
            hash: std::sync::OnceLock::new(),
            pseudo: false,
            stamp: None,
        }
    }

    /// The hash translations record as `source_hash` ([`content_hash`]).
    pub fn hash(&self) -> &str {
        self.hash.get_or_init(|| content_hash(&self.text))
    }

    /// Whether it is a section's `_index.md` (its id is then the section's).
    pub fn is_section(&self) -> bool {
        self.path.file_stem().is_some_and(|s| s == "_index")
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    pub fn title(&self) -> &str {
        self.front.title.as_deref().unwrap_or(&self.id)
    }

    pub fn weight(&self) -> i64 {
        self.front.weight.unwrap_or(i64::MAX)
    }
}

/// `content/<locale>/<dir>/_index.md`: a section's (or, for the empty id,
/// the locale home's) title, order and intro.
pub type SectionId = String;

pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// page id -> locale -> page, for ordinary pages.
    pub pages: PageTable,
    /// section id -> locale -> its `_index.md`.
    pub sections: PageTable,
    pub model: Model,
    pub l10n: Arc<Localizer>,
    /// Non-Markdown files below `content/<locale>/`, relative to that folder.
    pub assets: BTreeMap<String, std::collections::BTreeSet<PathBuf>>,
}

/// How a page reaches readers of one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageState {
    /// The page in the source locale.
    Source,
    Translated {
        machine: bool,
        stale: bool,
    },
    /// The locale lacks the page; it is shown from `from`.
    Fallback {
        from: String,
    },
}

/// Where a page is published for one locale: see [`Site::page_output_place`].
pub enum OutputPlace<'s> {
    /// `<locale>/<id>/`.
    Usual,
    /// Any other folder (the id's last segment replaced by a slug).
    Other(&'s str),
}

impl Site {
    pub fn default_locale(&self) -> &str {
        &self.config.default_locale
    }

    pub fn locale_codes(&self) -> impl Iterator<Item = &str> {
        self.config.locales.iter().map(|l| l.code.as_str())
    }

    /// The page that readers of `locale` see for `id`, and how they get it;
    /// `None` when no locale of its chain has the page.
    pub fn resolve(&self, id: &str, locale: &str) -> Option<(&Page, PageState)> {
        resolve_in(self, self.pages.get(id)?, locale)
    }

    /// The output folder page `id` has for readers of `locale` (see
    /// [`crate::render::urls::page_dir`]), or `None` when no locale of its
    /// chain has the page. The usual folder, `<locale>/<id>/`, is made
    /// from the id after one lookup that says the page is published there:
    /// every link and language switcher asks, and following the table's
    /// entries to a cached folder cost four cache misses each time (9% of
    /// a build). A slug's folder is worked out once per id and kept.
    pub fn page_output_dir(&self, id: &str, locale: &str) -> Option<std::borrow::Cow<'_, str>> {
        Some(match self.page_output_place(id, locale)? {
            OutputPlace::Usual => {
                std::borrow::Cow::Owned(crate::render::urls::page_dir_of(id, locale, None))
            }
            OutputPlace::Other(dir) => std::borrow::Cow::Borrowed(dir),
        })
    }

    /// Whether page `id` sits in its usual folder for readers of `locale`
    /// or elsewhere (a slug), without making the usual folder's name: a
    /// link writes it straight into its URL.
    pub fn page_output_place(&self, id: &str, locale: &str) -> Option<OutputPlace<'_>> {
        let at = self.config.locales.iter().position(|l| l.code == locale)?;
        let dirs = self.pages.output_dirs(id, |variants| {
            let mut dirs = table::OutputDirs::default();
            for (i, l) in self.config.locales.iter().enumerate() {
                let Some((page, _)) = resolve_in(self, variants, &l.code) else {
                    continue;
                };
                let slugged = page.front.slug.as_deref().is_some_and(is_safe_segment);
                if i < 64 && !slugged {
                    dirs.plain |= 1 << i;
                } else {
                    let dir = crate::render::urls::page_dir_of(id, &l.code, Some(page));
                    dirs.other.push((i, dir));
                }
            }
            dirs
        })?;
        if at < 64 && dirs.plain & (1 << at) != 0 {
            return Some(OutputPlace::Usual);
        }
        let (_, dir) = dirs.other.iter().find(|(i, _)| *i == at)?;
        Some(OutputPlace::Other(dir))
    }

    pub fn resolve_section(&self, id: &str, locale: &str) -> Option<(&Page, PageState)> {
        resolve_in(self, self.sections.get(id)?, locale)
    }
}

fn resolve_in<'a>(
    site: &'a Site,
    variants: &'a Variants,
    locale: &str,
) -> Option<(&'a Page, PageState)> {
    let chain = &site.config.locale(locale)?.chain;
    let (code, page) = chain
        .iter()
        .find_map(|code| variants.get(code).map(|page| (code, page)))?;
    if code != locale {
        return Some((page, PageState::Fallback { from: code.clone() }));
    }
    let source_locale = site.default_locale();
    if code == source_locale {
        return Some((page, PageState::Source));
    }
    let stale = match (&page.front.source_hash, variants.get(source_locale)) {
        (Some(recorded), Some(source)) => recorded != source.hash(),
        _ => false,
    };
    let machine = page.front.translation_kind == Some(TranslationKind::Machine);
    Some((page, PageState::Translated { machine, stale }))
}

/// The folders a site is made of, besides `site.yaml`.
pub const SOURCE_FOLDERS: &[&str] = &["content", "locales", "templates", "static"];

/// The section a page id stands for when its file is a section's
/// `_index.md`: `_index` is the home (`""`), `guides/_index` is `guides`.
/// `None` for any other page, `api_index` included.
pub fn section_of(stem: &str) -> Option<&str> {
    if stem == "_index" {
        return Some("");
    }
    stem.strip_suffix("/_index")
}

/// Every file below `dir`, sorted, symbolic links not followed (so
/// nothing outside the site is ever read through one).
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    walk_files(dir, &mut files, &mut |_, _| {});
    files
}

/// Adds every file below `dir` to `files`, depth first, each folder's
/// entries in name order: the order of sorting the whole paths, at a
/// fraction of the cost (comparing paths splits them into components
/// every time, and sorting by walkdir's entry names did so too: it was
/// most of the content walk). Symbolic links are not followed; a folder
/// or entry that cannot be read goes to `failed` and is skipped.
pub fn walk_files(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    failed: &mut dyn FnMut(&Path, std::io::Error),
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => return failed(dir, err),
    };
    let mut named: Vec<(std::ffi::OsString, bool)> = Vec::new();
    for entry in entries {
        match entry.and_then(|e| Ok((e.file_name(), e.file_type()?))) {
            Ok((name, kind)) if kind.is_dir() || kind.is_file() => {
                named.push((name, kind.is_dir()));
            }
            Ok(_) => {}
            Err(err) => failed(dir, err),
        }
    }
    named.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, is_dir) in named {
        let path = dir.join(name);
        if is_dir {
            walk_files(&path, files, failed);
        } else {
            files.push(path);
        }
    }
}

/// Every file a build reads: `site.yaml` and the files of the source
/// folders. What serve watches and what decides a build is up to date.
pub fn input_files(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![root.join(CONFIG_FILE)];
    for dir in SOURCE_FOLDERS {
        files.extend(files_in(&root.join(dir)));
    }
    files
}

/// Whether `segment` is safe as one folder name of the output: not empty,
/// not `.` or `..`, no separators or control characters.
pub fn is_safe_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment != "."
        && segment != ".."
        && !segment
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
}

/// Stable content hash (64-bit FNV-1a) of a page's normalised text.
/// Change detection only: it needs to be stable across runs and platforms,
/// not collision-resistant against an adversary.
pub fn content_hash(text: &str) -> String {
    use std::hash::Hasher as _;
    let mut hash = crate::incremental::Fingerprint::default();
    hash.write(text.as_bytes());
    hash.hex()
}

/// Reads a text file the way every locdoc input is read: UTF-8 required,
/// a BOM dropped, CRLF turned into LF. Invalid UTF-8 is a diagnostic that
/// points at the first bad byte.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    read_stamped_text(path).map(|(text, _)| text)
}

/// [`read_text`], with the file's size and time, taken from the open file
/// as `std::fs::read` does to size its buffer: no second `stat`.
fn read_stamped_text(path: &Path) -> Result<(String, crate::incremental::FileStamp), Diagnostic> {
    use std::io::Read as _;
    fn io(e: impl std::fmt::Display) -> Diagnostic {
        Diagnostic::error("io", format!("cannot read file: {e}"))
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    // `File::read_to_end` would ask the open file for its size and
    // position again (a `statx` and an `lseek` per file, 94,000 system
    // calls at 10,000 pages per locale); through `take` it does not, and it
    // reads into the reserved room without zeroing it first. One byte of
    // room past the size lets the second read, the one that finds the
    // end, be the last.
    let room = meta.len().saturating_add(1);
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(usize::try_from(room).unwrap_or(usize::MAX))
        .map_err(io)?;
    (&file).take(room).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 == room {
        // The file grew since the stat: read the rest.
        (&file).read_to_end(&mut bytes).map_err(io)?;
    }
    let stamp = crate::incremental::FileStamp::of(&meta);
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            Diagnostic::error("encoding", "file is UTF-16; locdoc reads UTF-8 only")
                .with_help("re-save the file as UTF-8"),
        );
    }
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&err.as_bytes()[..valid]).into_owned();
            return Err(Diagnostic::error("encoding", "file is not valid UTF-8")
                .at_offset(&prefix, valid)
                .with_help("re-save the file as UTF-8"));
        }
    };
    // NUL is no text: it ends strings in many tools downstream and hides
    // binary files saved with a .md or .ftl name.
    // One pass finds both NUL and CR in the usual file, which has neither
    // (two `str` searches took 1.7% of a build).
    let bytes = text.as_bytes();
    let (nul, has_cr) = match memchr::memchr2(0, b'\r', bytes) {
        None => (None, false),
        Some(i) if bytes[i] == 0 => (Some(i), false),
        Some(i) => (memchr::memchr(0, &bytes[i..]).map(|n| i + n), true),
    };
    if let Some(nul) = nul {
        return Err(Diagnostic::error("encoding", "file contains a NUL byte")
            .at_offset(&text, nul)
            .with_help("remove it; if the file is binary, it does not belong here"));
    }
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    if has_cr {
        text = text.replace("\r\n", "\n");
    }
    Ok((text, stamp))
}

/// Loads the site at `root`. `Err` is for an unusable environment (no
/// site.yaml, an unreadable or invalid config); content problems come back
/// in the diagnostics beside a usable `Site`.
/// How a site is loaded beyond what site.yaml says.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Add the pseudo-locale (`--pseudo`).
    pub pseudo: bool,
}

pub fn load(root: &Path) -> Result<(Site, Diagnostics), ConfigError> {
    load_with(root, &LoadOptions::default())
}

pub fn load_with(root: &Path, options: &LoadOptions) -> Result<(Site, Diagnostics), ConfigError> {
    let config_path = root.join(CONFIG_FILE);
    if !config_path.is_file() {
        return Err(ConfigError::Missing(config_path));
    }
    let text = read_text(&config_path)
        .map_err(|d| ConfigError::Invalid(vec![d.in_file(Path::new(CONFIG_FILE))]))?;
    let mut config =
        SiteConfig::parse(&text, Path::new(CONFIG_FILE)).map_err(ConfigError::Invalid)?;
    if options.pseudo {
        config.enable_pseudo(None);
    }

    let mut diags = Diagnostics::default();
    let (model, problems) = Model::load(root, &root.join("content").join("_data"));
    diags.extend(problems);
    let (l10n, problems) = Localizer::load(root, &config);
    diags.extend(problems);
    crate::timing::mark("load: model and messages");

    let mut site = Site {
        root: root.to_path_buf(),
        config,
        pages: PageTable::default(),
        sections: PageTable::default(),
        model,
        l10n: Arc::new(l10n),
        assets: BTreeMap::new(),
    };
    load_content(&mut site, &mut diags);
    add_pseudo_pages(&mut site);
    check_output_paths(&site, &mut diags);
    crate::timing::mark("load: index pages");
    Ok((site, diags))
}

/// The pseudo-locale's pages: each source page, its title and description
/// pseudo-localized here and its body when rendered.
fn add_pseudo_pages(site: &mut Site) {
    let Some(code) = site
        .config
        .locales
        .iter()
        .find(|l| l.pseudo)
        .map(|l| l.code.clone())
    else {
        return;
    };
    let source = site.config.default_locale.clone();
    for variants in site.pages.values_mut().chain(site.sections.values_mut()) {
        let Some(original) = variants.get(&source) else {
            continue;
        };
        let page = pseudo_page(original, &code);
        variants.insert(page);
    }
}

/// The pseudo-locale `code`'s version of the source page `original`.
pub fn pseudo_page(original: &Page, code: &str) -> Page {
    let mut page = original.clone();
    page.locale = code.to_owned();
    page.pseudo = true;
    page.front.title = page.front.title.as_deref().map(pseudo::pseudolocalize);
    page.front.description = page
        .front
        .description
        .as_deref()
        .map(pseudo::pseudolocalize);
    page.front.source_hash = None;
    page.front.translation_kind = None;
    page
}

/// Two pages may not land in the same output folder (a `slug` equal to
/// another page's name, a page named like a section): one would silently
/// replace the other.
fn check_output_paths(site: &Site, diags: &mut Diagnostics) {
    use rayon::prelude::*;
    let locales: Vec<&str> = site.locale_codes().collect();
    let found: Vec<Vec<Diagnostic>> = locales
        .par_iter()
        .map(|locale| output_collisions(site, locale))
        .collect();
    diags.extend(found.into_iter().flatten());
}

fn output_collisions(site: &Site, locale: &str) -> Vec<Diagnostic> {
    use crate::render::urls::section_dir;
    let mut diags = Vec::new();
    {
        // Output folder -> the page or section written there.
        let mut taken: std::collections::HashMap<String, &str> = site
            .sections
            .keys()
            .map(|id| (section_dir(id, locale), id.as_str()))
            .collect();
        for (id, variants) in site.pages.iter() {
            // Worked out here once for the whole build (links, switchers
            // and the sitemap ask again).
            let Some(dir) = site.page_output_dir(id, locale) else {
                continue;
            };
            match taken.get(dir.as_ref()) {
                Some(other) => {
                    // Report it once, on the file that is this locale's own.
                    let Some(own) = variants.get(locale) else {
                        continue;
                    };
                    let offset = own
                        .front
                        .slug
                        .as_ref()
                        .and_then(|_| crate::diag::find_token(&own.text, "slug"))
                        .unwrap_or(0);
                    diags.push(
                        Diagnostic::error(
                            "output-collision",
                            format!("page `{id}` and `{other}` would both be written to `{dir}`"),
                        )
                        .in_file(&own.path)
                        .at_offset(&own.text, offset)
                        .for_locale(locale)
                        .with_help("give one of them another `slug`, or rename the file"),
                    );
                }
                None => {
                    taken.insert(dir.into_owned(), id.as_str());
                }
            }
        }
    }
    diags
}

#[derive(Debug)]
pub enum ConfigError {
    Missing(PathBuf),
    Invalid(Vec<Diagnostic>),
}

impl std::error::Error for ConfigError {}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Missing(path) => write!(
                f,
                "no {CONFIG_FILE} at {}: is this a locdoc site? (`locdoc init DIR` creates one)",
                path.display()
            ),
            ConfigError::Invalid(problems) => {
                for (i, d) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
        }
    }
}

/// Threads that read pages, at least: see `load_content`.
const READ_THREADS: usize = 16;

/// More files than this are read on `READ_THREADS` threads.
pub const MANY_READS: usize = 256;

/// `read` applied to every item, in order, on at least `READ_THREADS`
/// threads when there are many: each read waits on the disk when the file
/// is not cached, and more reads in flight than cores keep the disk busy.
/// Plain threads, not a rayon pool: idle rayon workers spin for work, and
/// sixteen of them tearing down slowed the serial step right after the
/// reads (measured: 123 ms against 25 ms, median of 7, warm cache).
pub fn read_in_parallel<'a, I: Sync, T: Send>(
    items: &'a [I],
    read: impl Fn(&'a I) -> T + Sync,
) -> Vec<T> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    if items.len() <= MANY_READS {
        return items.par_iter().map(&read).collect();
    }
    // Claimed a few at a time: one atomic per file costs more than a read
    // of a cached file saves.
    const BATCH: usize = 16;
    let next = AtomicUsize::new(0);
    let threads = READ_THREADS.max(rayon::current_num_threads());
    let mut done: Vec<(usize, Vec<T>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut batches = Vec::new();
                    loop {
                        let from = next.fetch_add(BATCH, Ordering::Relaxed);
                        if from >= items.len() {
                            return batches;
                        }
                        let to = (from + BATCH).min(items.len());
                        batches.push((from, items[from..to].iter().map(&read).collect()));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_unstable_by_key(|(from, _)| *from);
    // Sized up front: grown by doubling, the copies of a large site's
    // pages touched tens of megabytes of fresh memory.
    let mut all = Vec::with_capacity(items.len());
    for (_, batch) in done {
        all.extend(batch);
    }
    all
}

/// What walking one folder below `content/` found.
struct WalkedFolder {
    /// (locale when the folder is one, folder name, page stem, path,
    /// path relative to the root) per Markdown file.
    pages: Vec<(Option<String>, String, String, PathBuf, PathBuf)>,
    /// Other files, relative to the folder, under the locale's code (or the
    /// folder's name when it is no locale).
    assets: Option<(String, std::collections::BTreeSet<PathBuf>)>,
    /// The folder's name and path when it is not a locale of the site.
    unknown: Option<(String, PathBuf)>,
    problems: Vec<Diagnostic>,
}

fn walk_folder(site: &Site, dir: &Path) -> Option<WalkedFolder> {
    let rel_dir = relative_to(&site.root, dir);
    let mut found = WalkedFolder {
        pages: Vec::new(),
        assets: None,
        unknown: None,
        problems: Vec::new(),
    };
    let Some(name) = dir.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
        found
            .problems
            .push(Diagnostic::error("path", "folder name is not valid UTF-8").in_file(&rel_dir));
        return Some(found);
    };
    if name == "_data" || name.starts_with('.') {
        return None;
    }
    // A folder that is not a locale (`content/articles/`): its pages say
    // their locale in `ms.contentlocale`, as Learn-style sources do.
    let folder_locale = site.config.locale(&name).map(|l| l.code.clone());
    if folder_locale.is_none() {
        found.unknown = Some((name.clone(), rel_dir.clone()));
    }
    let mut assets = std::collections::BTreeSet::new();
    let mut files = Vec::new();
    walk_files(dir, &mut files, &mut |path, err| {
        found.problems.push(
            Diagnostic::error("path", format!("cannot walk the content tree: {err}"))
                .in_file(&relative_to(&site.root, path)),
        );
    });
    for path in files {
        let rel = relative_to(&site.root, &path);
        let Ok(below) = path.strip_prefix(dir) else {
            continue;
        };
        let Some(below) = below.to_str().map(|s| s.replace('\\', "/")) else {
            found.problems.push(
                Diagnostic::error("path", "file name is not valid UTF-8; the file is skipped")
                    .in_file(&rel),
            );
            continue;
        };
        if below
            .split('/')
            .any(|part| part.starts_with('.') || part.ends_with('~'))
        {
            continue;
        }
        if let Some(stem) = below.strip_suffix(".md") {
            found.pages.push((
                folder_locale.clone(),
                name.clone(),
                stem.to_owned(),
                path,
                rel,
            ));
        } else {
            assets.insert(PathBuf::from(below));
        }
    }
    if !assets.is_empty() {
        // Copied to the same place in the output either way.
        found.assets = Some((folder_locale.unwrap_or(name), assets));
    }
    Some(found)
}

fn load_content(site: &mut Site, diags: &mut Diagnostics) {
    let content = site.root.join("content");
    let Ok(entries) = std::fs::read_dir(&content) else {
        diags.push(
            Diagnostic::warning("no-content", "the site has no content/ folder")
                .in_file(Path::new("content")),
        );
        return;
    };
    let mut locale_dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    locale_dirs.sort();

    // Each top-level folder is walked on its own (in parallel), then their
    // findings are joined in folder order.
    use rayon::prelude::*;
    let walked: Vec<WalkedFolder> = locale_dirs
        .par_iter()
        .filter_map(|dir| walk_folder(site, dir))
        .collect();
    let mut files = Vec::new();
    let mut unknown_folders: Vec<(String, PathBuf)> = Vec::new();
    for folder in walked {
        diags.extend(folder.problems);
        files.extend(folder.pages);
        unknown_folders.extend(folder.unknown);
        if let Some((key, assets)) = folder.assets {
            site.assets.entry(key).or_default().extend(assets);
        }
    }

    crate::timing::mark("load: content walk");
    // Reading and parsing pages is independent per file.
    let parsed = read_in_parallel(&files, |(locale, folder, stem, path, rel)| {
        let (page, problems) = read_page(locale.as_deref().unwrap_or(""), stem, path, rel);
        (page, problems, folder.as_str())
    });
    crate::timing::mark("load: read pages");
    let mut placed: Vec<&str> = Vec::new();
    let mut pages: BTreeMap<PageId, Variants> = BTreeMap::new();
    let mut sections: BTreeMap<SectionId, Variants> = BTreeMap::new();
    for (page, problems, folder) in parsed {
        diags.extend(problems);
        let Some(mut page) = page else { continue };
        if page.locale.is_empty() {
            let locale = page
                .front
                .content_locale
                .as_deref()
                .and_then(|c| site.config.match_locale(c))
                .map(str::to_owned);
            let Some(locale) = locale else { continue };
            page.locale = locale;
            placed.push(folder);
        }
        if page.front.draft {
            continue;
        }
        let (map, id) = match section_of(&page.id) {
            Some(section) => (&mut sections, section.to_owned()),
            None => (&mut pages, page.id.clone()),
        };
        page.id = id.clone();
        map.entry(id)
            .or_insert_with(|| Variants::with_capacity(site.config.locales.len()))
            .insert(page);
    }
    site.pages = pages.into();
    site.sections = sections.into();

    for (name, rel_dir) in &unknown_folders {
        if placed.contains(&name.as_str()) {
            continue;
        }
        let mut d = Diagnostic::warning(
            "unknown-locale",
            format!(
                "content folder `{name}` is not a locale listed in site.yaml, and no page in it names one in `ms.contentlocale`; it is skipped"
            ),
        )
        .in_file(rel_dir);
        if let Err(help) = crate::config::parse_locale_code(name) {
            d = d.with_help(help);
        }
        diags.push(d);
    }

    for (id, variants) in site.pages.iter() {
        if !variants.contains_key(&site.config.default_locale) {
            for page in variants.values() {
                diags.push(
                    Diagnostic::warning(
                        "orphan-page",
                        format!(
                            "page `{id}` has no source in `{}`; it is published only where a fallback chain reaches it",
                            site.config.default_locale
                        ),
                    )
                    .in_file(&page.path)
                    .for_locale(&page.locale),
                );
            }
        }
    }
}

pub fn read_page(
    locale: &str,
    stem: &str,
    path: &Path,
    rel: &Path,
) -> (Option<Page>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let (text, stamp) = match read_stamped_text(path) {
        Ok(read) => read,
        Err(d) => return (None, vec![d.in_file(rel).for_locale(locale)]),
    };
    let (front, body_offset) = match frontmatter::split(&text) {
        Ok(split) => {
            let front = match split.yaml {
                Some(yaml) => {
                    let (front, errors) = frontmatter::parse(yaml, &text, split.yaml_offset, rel);
                    problems.extend(errors.into_iter().map(|d| d.for_locale(locale)));
                    front
                }
                None => FrontMatter::default(),
            };
            (front, split.body_offset)
        }
        Err(offset) => {
            problems.push(
                Diagnostic::error(
                    "front-matter",
                    "front matter opened with `---` is never closed",
                )
                .in_file(rel)
                .at_offset(&text, offset)
                .with_help("end it with a line of `---`")
                .for_locale(locale),
            );
            return (None, problems);
        }
    };
    let mut front = front;
    if let Some(slug) = front.slug.take() {
        if is_safe_segment(&slug) {
            front.slug = Some(slug);
        } else {
            // Reported, and dropped: a slug must never steer a write.
            problems.push(
                Diagnostic::error(
                    "front-matter",
                    format!("slug `{slug}` must be one path segment: no `/`, `\\`, control characters, `.` or `..`"),
                )
                .in_file(rel)
                .at_offset(&text, crate::diag::find_token(&text, "slug").unwrap_or(0))
                .for_locale(locale),
            );
        }
    }
    let mut page = Page::new(stem, locale, rel, front, text, body_offset);
    page.stamp = Some(stamp);
    (Some(page), problems)
}

/// Opens the site for a command, turning config problems into an error that
/// `main` reports with exit code 2.
pub fn load_for_command(root: &Path, options: &LoadOptions) -> anyhow::Result<(Site, Diagnostics)> {
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot open site root {}", root.display()))?;
    Ok(load_with(&root, options)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_in_parallel_keep_the_order_and_run_once_each() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        for count in [0, 3, 256, 257, 1000] {
            let items: Vec<usize> = (0..count).collect();
            let calls = AtomicUsize::new(0);
            let doubled = read_in_parallel(&items, |n| {
                calls.fetch_add(1, Ordering::Relaxed);
                // Slow enough that every thread takes batches in turn, so
                // the results come back out of order.
                std::thread::sleep(std::time::Duration::from_micros(100));
                n * 2
            });
            assert_eq!(doubled, (0..count).map(|n| n * 2).collect::<Vec<_>>());
            assert_eq!(calls.load(Ordering::Relaxed), count);
        }
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(content_hash(""), "cbf29ce484222325");
        // The published FNV-1a value: translations record these.
        assert_eq!(content_hash("a"), "af63dc4c8601ec8c");
        assert_ne!(content_hash("a"), content_hash("b"));
    }

    #[test]
    fn text_is_read_with_crlf_folded_and_nul_refused_wherever_it_is() {
        let dir = tempfile::tempdir().expect("temp dir");
        let read = |bytes: &[u8]| {
            let path = dir.path().join("page.md");
            std::fs::write(&path, bytes).expect("write");
            read_text(&path)
        };
        assert_eq!(read(b"a\r\nb\r\n").expect("text"), "a\nb\n");
        assert_eq!(read(b"lone\rcr").expect("text"), "lone\rcr");
        for bytes in [&b"a\0b"[..], b"a\r\nb\0", b"\0\r\n"] {
            let err = read(bytes).expect_err("NUL");
            assert_eq!(err.code, "encoding", "{bytes:?}");
        }
    }

    #[test]
    fn text_is_read_whole_whatever_its_size() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("page.md");
        for len in [0, 1, 4095, 4096, 8193, 100_000] {
            let text: String = (0..len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            std::fs::write(&path, &text).expect("write");
            assert_eq!(read_text(&path).expect("text"), text, "{len} bytes");
        }
    }

    /// A file with more to read than its size says (Linux's /proc files
    /// report 0) is read to its end all the same.
    #[cfg(target_os = "linux")]
    #[test]
    fn text_longer_than_its_stated_size_is_read_to_the_end() {
        let path = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(path).expect("stat").len(), 0);
        let text = read_text(path).expect("text");
        assert!(text.starts_with("Name:") && text.ends_with('\n'), "{text}");
        assert!(text.len() > 100);
    }

    #[test]
    fn only_index_files_are_sections() {
        assert_eq!(section_of("_index"), Some(""));
        assert_eq!(section_of("guides/_index"), Some("guides"));
        assert_eq!(section_of("a/b/_index"), Some("a/b"));
        assert_eq!(section_of("api_index"), None);
        assert_eq!(section_of("guides/api_index"), None);
        assert_eq!(section_of("guides/intro"), None);
    }

    #[cfg(unix)]
    #[test]
    fn the_walk_skips_links_and_reports_what_it_cannot_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("temp dir");
        std::fs::write(outside.path().join("secret.md"), "x").expect("write");
        std::fs::write(dir.path().join("page.md"), "x").expect("write");
        std::os::unix::fs::symlink(outside.path(), dir.path().join("linked")).expect("link");
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            dir.path().join("linked.md"),
        )
        .expect("link");
        assert_eq!(files_in(dir.path()), vec![dir.path().join("page.md")]);

        let mut failed = Vec::new();
        let mut files = Vec::new();
        let missing = dir.path().join("missing");
        walk_files(&missing, &mut files, &mut |path, err| {
            failed.push((path.to_path_buf(), err.kind()));
        });
        assert!(files.is_empty());
        assert_eq!(failed, vec![(missing, std::io::ErrorKind::NotFound)]);
    }

    #[test]
    fn files_come_in_the_order_of_their_sorted_paths() {
        let dir = tempfile::tempdir().expect("temp dir");
        let names = [
            "a.md",
            "a/b.md",
            "a/a/z.md",
            "a-b.md",
            "a.b/c.md",
            "B.md",
            "é.md",
            "a0/x.md",
            "_index.md",
        ];
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, "x").expect("write");
        }
        let found = files_in(dir.path());
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(found.len(), names.len());
        assert_eq!(found, sorted);
    }
}
