//! Incremental builds: a fingerprint of everything a page's HTML depends
//! on, kept beside the output, so the next build can reuse the pages whose
//! inputs did not change (hard-linked from the previous output) instead of
//! rendering them again.

use std::collections::HashMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::build::{Job, Kind, Versions};
use crate::load::Site;

/// 64-bit FNV-1a, fed piece by piece. Pieces are separated, so ("ab", "c")
/// and ("a", "bc") differ.
#[derive(Clone)]
pub struct Fingerprint(u64);

impl Default for Fingerprint {
    fn default() -> Fingerprint {
        Fingerprint(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fingerprint {
    pub fn add(&mut self, piece: &str) -> &mut Fingerprint {
        self.write(piece.as_bytes());
        self.write(&[0xff]);
        self
    }

    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// A quick 64-bit fingerprint of a file's text, eight bytes a step: it
/// tells the build cache that a page changed. Unlike
/// [`crate::load::content_hash`] it is no published format, so it may
/// change between versions.
pub fn text_fingerprint(text: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    fn mix(hash: u64, word: u64) -> u64 {
        (hash ^ word).wrapping_mul(K).rotate_left(29)
    }
    fn word(bytes: &[u8]) -> u64 {
        let mut word = [0u8; 8];
        word[..bytes.len()].copy_from_slice(bytes);
        u64::from_le_bytes(word)
    }
    let bytes = text.as_bytes();
    // Four lanes, each with its own chain of multiplications: one chain
    // waits out every multiplication's latency (by that latency, ~1.2 µs
    // for a 6 KB page, ~56 ms of CPU at 50,000 pages), four overlap.
    let mut lanes = [K, K.rotate_left(16), K.rotate_left(32), K.rotate_left(48)];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, part) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            *lane = mix(*lane, word(part));
        }
    }
    let mut hash = (bytes.len() as u64) ^ K;
    for lane in lanes {
        hash = mix(hash, lane);
    }
    for part in blocks.remainder().chunks(8) {
        hash = mix(hash, word(part));
    }
    hash ^ (hash >> 32)
}

/// Where the cache of `out` lives: inside it, as a dotfile, so nothing is
/// ever written outside the output folder. (Deployments that copy dotfiles
/// carry 30-odd bytes per page of harmless hashes.)
pub fn cache_path(out: &Path) -> PathBuf {
    out.join(".locdoc-cache")
}

const HEADER: &str = "locdoc-cache 1";

/// Output folder -> fingerprint of the pages the last build wrote cleanly.
#[derive(Debug, Default)]
pub struct PageCache {
    pub pages: HashMap<String, String>,
    /// The inputs' fingerprint (`inputs_key`) when the last build found
    /// nothing to report: a build with the same inputs has nothing to do.
    pub clean_inputs: Option<String>,
}

impl PageCache {
    /// The cache of the last build, or an empty one when there is none or
    /// it is unreadable: the cache only ever saves work, never decides it.
    pub fn read(path: &Path) -> PageCache {
        let Ok(text) = std::fs::read_to_string(path) else {
            return PageCache::default();
        };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return PageCache::default();
        }
        let mut clean_inputs = None;
        let mut pages = HashMap::new();
        for line in lines {
            if let Some(inputs) = line.strip_prefix("clean-inputs ") {
                clean_inputs = Some(inputs.to_owned());
            } else if let Some((dir, key)) = line.split_once('\t') {
                pages.insert(dir.to_owned(), key.to_owned());
            }
        }
        PageCache {
            pages,
            clean_inputs,
        }
    }

    /// Whether every page this cache lists is still in `out`, with the
    /// sitemap: a build is only needless if nobody removed its output.
    /// `stat` calls only.
    pub fn output_is_whole(&self, out: &Path) -> bool {
        use rayon::prelude::*;
        out.join("sitemap.xml").is_file()
            && self
                .pages
                .par_iter()
                .all(|(dir, _)| out.join(dir).join("index.html").is_file())
    }

    pub fn write(
        path: &Path,
        entries: &[(String, String)],
        clean_inputs: Option<&str>,
    ) -> std::io::Result<()> {
        let mut text = String::with_capacity(entries.len() * 48 + 16);
        text.push_str(HEADER);
        text.push('\n');
        if let Some(inputs) = clean_inputs {
            text.push_str("clean-inputs ");
            text.push_str(inputs);
            text.push('\n');
        }
        for (dir, key) in entries {
            text.push_str(dir);
            text.push('\t');
            text.push_str(key);
            text.push('\n');
        }
        std::fs::write(path, text)
    }
}

/// The inputs' fingerprint ([`inputs_key`]) and the newest modification
/// time it saw.
#[derive(Debug, Clone)]
pub struct InputsKey {
    pub key: String,
    /// Nanoseconds since the Unix epoch.
    newest: u128,
}

impl InputsKey {
    /// Whether no input changed from a second before `start` on (file
    /// times may be whole seconds). A fingerprint taken while the site was
    /// being read may pair a file's new time with its old text; when every
    /// time is older than the build, no file changed during it.
    pub fn settled_before(&self, start: std::time::SystemTime) -> bool {
        let start = start
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u128::from(d.as_secs()));
        self.newest < start.saturating_sub(1) * 1_000_000_000
    }
}

/// locdoc itself, as far as its output goes: its version and the theme
/// compiled into it (a build of the same version may change the theme).
fn tool_key() -> &'static str {
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        let mut f = Fingerprint::default();
        f.add(env!("CARGO_PKG_VERSION"));
        for (name, text) in crate::render::templates::DEFAULT_THEME {
            f.add(name).add(text);
        }
        f.hex()
    })
}

/// A file's size and modification time: what the inputs' fingerprint
/// records of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    /// Nanoseconds since the Unix epoch; 0 where the system has no times.
    modified: u128,
}

impl FileStamp {
    pub fn of(meta: &std::fs::Metadata) -> FileStamp {
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        FileStamp {
            len: meta.len(),
            modified,
        }
    }
}

/// Every input file's path, size and modification time, and how the build
/// is asked for: only `stat` calls, so a build can tell in a moment that
/// nothing changed since the last one, before reading any file.
pub fn inputs_key(root: &Path, request: &str) -> InputsKey {
    inputs_key_of(
        root,
        request,
        &crate::load::input_files(root),
        &SeenStamps::default(),
    )
}

/// Stamps taken as files were read, by path relative to the root. Keyed by
/// the path's bytes: hashing a `Path` walks its components, and this map
/// holds every page of the site.
pub type SeenStamps<'a> = HashMap<&'a std::ffi::OsStr, FileStamp, ahash::RandomState>;

/// [`inputs_key`] of `files` (as [`crate::load::input_files`] lists them),
/// where the stamps of the files in `seen` (by path relative to `root`)
/// were taken as they were read: only the others are `stat`ed here. A file
/// changed after it was read keeps its old stamp here and gets a new one
/// from the next build's [`inputs_key`], so the two keys differ and that
/// build is not skipped.
pub fn inputs_key_of<'a>(
    root: &Path,
    request: &str,
    files: &'a [PathBuf],
    seen: &SeenStamps,
) -> InputsKey {
    let mut f = Fingerprint::default();
    f.add(tool_key()).add(request);
    // Paths relative to the root: `--root site` and `--root ./site/` are
    // the same inputs.
    let stamp = |path: &'a PathBuf| -> Option<(&'a Path, FileStamp)> {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let stamp = match seen.get(rel.as_os_str()) {
            Some(known) => *known,
            None => FileStamp::of(&std::fs::metadata(path).ok()?),
        };
        Some((rel, stamp))
    };
    // The stat calls are most of the time here, and independent; when the
    // inodes are not cached, each waits on the disk, so as many threads as
    // reading pages uses keep the disk busy.
    let unseen = files.len().saturating_sub(seen.len());
    // A few `stat` calls and the rest looked up: on this thread, which a
    // build runs beside its busy rayon pool, where a job would wait for
    // the pages to be done.
    let stamps: Vec<Option<(&Path, FileStamp)>> = if unseen > crate::load::MANY_READS {
        crate::load::read_in_parallel(files, stamp)
    } else {
        files.iter().map(stamp).collect()
    };
    let mut newest = 0;
    for (rel, FileStamp { len, modified }) in stamps.into_iter().flatten() {
        newest = newest.max(modified);
        f.add(&rel.to_string_lossy());
        f.write(&len.to_le_bytes());
        f.write(&modified.to_le_bytes());
    }
    InputsKey {
        key: f.hex(),
        newest,
    }
}

/// What every page depends on: locdoc itself, site.yaml, the templates,
/// the model, the content's other files, and how the build was asked for.
pub fn site_key(site: &Site, preview: bool) -> String {
    let mut f = Fingerprint::default();
    f.add(tool_key())
        .add(if preview { "preview" } else { "build" });
    let mut read_all = |dir: &Path| {
        for path in crate::load::files_in(dir) {
            f.add(&path.to_string_lossy());
            f.add(&std::fs::read_to_string(&path).unwrap_or_default());
        }
    };
    read_all(&site.root.join("templates"));
    read_all(&site.root.join("content").join("_data"));
    f.add(&std::fs::read_to_string(site.root.join(crate::config::CONFIG_FILE)).unwrap_or_default());
    for (folder, files) in &site.assets {
        f.add(folder);
        for file in files {
            f.add(&file.to_string_lossy());
        }
    }
    f.hex()
}

/// What every page of `locale` depends on beyond the site: the messages of
/// its fallback chain, and its navigation (every title, weight and slug).
pub fn locale_key(site: &Site, locale: &str, navigation: &impl Serialize) -> String {
    let mut f = Fingerprint::default();
    f.add(locale);
    for bundle in site.l10n.chain(locale) {
        f.add(&bundle.code);
        for file in &bundle.files {
            f.add(file.resource.source());
        }
    }
    f.add(&serde_json::to_string(navigation).unwrap_or_default());
    f.hex()
}

/// What every version of a page shows of the others in its language
/// switcher: which locales have it, where, and in what state (source, up to
/// date, stale, machine, fallback). Not their text: editing one translation
/// leaves the other locales' pages as they are. Computed once per id.
pub fn alternates_key(site: &Site, versions: &Versions, kind: Kind) -> String {
    let mut f = Fingerprint::default();
    for locale in site.locale_codes() {
        f.add(locale);
        let version = versions.get(site, locale);
        match version.and_then(|v| Some((v.page?, &v.state))) {
            Some((page, state)) => f.add(&page.locale).add(&format!("{state:?}")),
            None => f.add("-"),
        };
        // Where it lives there: a translation's slug moves its URL, which
        // every other locale's switcher links to.
        if kind == Kind::Page {
            f.add(version.map_or("-", |v| v.dir.as_str()));
        }
    }
    f.hex()
}

/// What one job's HTML depends on: the site, its locale, its versions in
/// every locale, and the text of the page it shows (`shown`).
pub fn page_key(
    job: &Job,
    shown: Option<&crate::load::Page>,
    site_key: &str,
    locale_key: &str,
    alternates_key: &str,
) -> String {
    let mut f = Fingerprint::default();
    f.add(site_key)
        .add(locale_key)
        .add(job.id)
        .add(job.locale)
        .add(alternates_key);
    match shown {
        Some(page) => f.add(&format!("{:016x}", page.fingerprint)),
        None => f.add("-"),
    };
    f.hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_changed_in_the_second_before_a_build_are_not_settled() {
        use std::time::{Duration, UNIX_EPOCH};
        let start = UNIX_EPOCH + Duration::from_millis(100_500);
        let key = |newest_ms: u128| InputsKey {
            key: String::new(),
            newest: newest_ms * 1_000_000,
        };
        assert!(key(98_999).settled_before(start));
        // Times may be whole seconds: 99.0 may stand for 99.9.
        assert!(!key(99_000).settled_before(start));
        assert!(!key(100_400).settled_before(start));
        assert!(!key(101_000).settled_before(start));
    }

    #[test]
    fn stamps_taken_while_reading_make_the_same_key_until_a_file_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for (rel, text) in [
            ("site.yaml", "title: t\n"),
            ("content/en/a.md", "# A\n"),
            ("content/en/b.md", "# B\n"),
            ("templates/page.html", "{{ page.content }}"),
        ] {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, text).expect("write");
        }
        let files = crate::load::input_files(root);
        let stamp_of = |rel: &str| FileStamp::of(&std::fs::metadata(root.join(rel)).expect("stat"));
        let a = Path::new("content/en/a.md");
        let seen = SeenStamps::from_iter([(a.as_os_str(), stamp_of("content/en/a.md"))]);
        let fresh = inputs_key(root, "r").key;
        assert_eq!(inputs_key_of(root, "r", &files, &seen).key, fresh);
        assert_eq!(
            inputs_key_of(root, "r", &files, &SeenStamps::default()).key,
            fresh
        );
        // a.md was read before it grew: its old stamp is not today's key.
        std::fs::write(root.join(a), "# A, longer\n").expect("write");
        assert_ne!(
            inputs_key_of(root, "r", &files, &seen).key,
            inputs_key(root, "r").key
        );
        assert_ne!(inputs_key(root, "r").key, fresh);
        assert_ne!(
            inputs_key(root, "other request").key,
            inputs_key(root, "r").key
        );
    }

    #[test]
    fn text_fingerprint_changes_with_every_byte() {
        let text = "# Title\n\nSome text that is longer than one word.\n";
        assert_eq!(text_fingerprint(text), text_fingerprint(text));
        for i in 0..text.len() {
            let mut other = text.as_bytes().to_vec();
            other[i] ^= 1;
            let other = String::from_utf8(other).unwrap_or_default();
            assert_ne!(text_fingerprint(&other), text_fingerprint(text), "byte {i}");
        }
        assert_ne!(text_fingerprint("abc"), text_fingerprint("abc\0"));
        assert_ne!(text_fingerprint(""), text_fingerprint("\0"));
        // The same eight bytes in another lane, or a lane's words swapped
        // with another's: a different text, a different fingerprint.
        let words = ["aaaaaaaa", "bbbbbbbb", "cccccccc", "dddddddd"];
        let mut seen = std::collections::HashSet::new();
        for order in [
            [0, 1, 2, 3],
            [1, 0, 2, 3],
            [0, 1, 3, 2],
            [3, 2, 1, 0],
            [0, 0, 1, 1],
        ] {
            let text: String = order.iter().map(|&i| words[i]).collect();
            assert!(seen.insert(text_fingerprint(&text)), "{text}");
        }
    }

    #[test]
    fn pieces_are_separated() {
        let mut a = Fingerprint::default();
        a.add("ab").add("c");
        let mut b = Fingerprint::default();
        b.add("a").add("bc");
        assert_ne!(a.hex(), b.hex());
    }

    #[test]
    fn cache_round_trips_and_lives_in_the_output() {
        let dir = tempfile::tempdir().expect("temp");
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).expect("mkdir");
        let path = cache_path(&out);
        assert_eq!(path, out.join(".locdoc-cache"));
        PageCache::write(&path, &[("en/a/".into(), "k1".into())], Some("in")).expect("write");
        let cache = PageCache::read(&path);
        assert_eq!(cache.pages["en/a/"], "k1");
        assert_eq!(cache.clean_inputs.as_deref(), Some("in"));
        std::fs::write(&path, "something else").expect("write");
        assert!(PageCache::read(&path).pages.is_empty());
    }
}
