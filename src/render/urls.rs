//! Where each page lands in the output and how pages link to each other.
//! Links are relative, so a built site works from any base path and when
//! opened straight from disk.

use std::borrow::Cow;
use std::path::Path;

use crate::load::{OutputPlace, Page, Site};

/// The output folder of page `id` for `locale`, relative to the output root,
/// with a trailing slash: `fr/publish-offer/`. A `slug` replaces the last
/// segment of the id.
pub fn page_dir(site: &Site, id: &str, locale: &str) -> String {
    match site.page_output_dir(id, locale) {
        Some(dir) => dir.into_owned(),
        None => page_dir_of(id, locale, None),
    }
}

/// [`page_dir`] when the page readers of `locale` get (`shown`) is known.
pub fn page_dir_of(id: &str, locale: &str, shown: Option<&Page>) -> String {
    // Load drops unsafe slugs already; checking again costs nothing and
    // keeps this function safe on its own.
    let slug = shown
        .and_then(|page| page.front.slug.as_deref())
        .filter(|s| crate::load::is_safe_segment(s));
    // Without a slug the id is the path as it is (every link to such a
    // page comes here: no search for the last segment).
    let (parent, last) = match slug {
        Some(slug) => (id.rfind('/').map_or("", |i| &id[..=i]), slug),
        None => ("", id),
    };
    let mut dir = String::with_capacity(locale.len() + id.len() + 2);
    for part in [locale, "/", parent, last, "/"] {
        dir.push_str(part);
    }
    dir
}

/// The output folder of a section (`""` is the locale's home).
pub fn section_dir(id: &str, locale: &str) -> String {
    if id.is_empty() {
        format!("{locale}/")
    } else {
        format!("{locale}/{id}/")
    }
}

/// How many folders deep `dir` (which ends with `/`) is: relative URLs
/// from a page there start with this many `../`.
pub fn folder_depth(dir: &str) -> usize {
    dir.bytes().filter(|&b| b == b'/').count()
}

/// `../` once per folder of `dir` (which ends with `/`), to reach the root.
pub fn root_prefix(dir: &str) -> String {
    "../".repeat(folder_depth(dir))
}

/// A relative URL from the page in folder `from_dir` to `target` (both
/// relative to the output root).
pub fn relative(from_dir: &str, target: &str) -> String {
    let depth = folder_depth(from_dir);
    if depth == 0 && target.is_empty() {
        return "./".to_owned();
    }
    let mut url = String::with_capacity(3 * depth + target.len());
    for _ in 0..depth {
        url.push_str("../");
    }
    url.push_str(target);
    url
}

/// URLs that run code when followed: `javascript:`, `vbscript:`, and
/// `data:` except images. Browsers ignore case, whitespace and control
/// characters in a scheme, so this does too.
pub fn is_dangerous(url: &str) -> bool {
    // Every dangerous URL names a scheme; most links (relative ones) have
    // no colon at all, and the scan below costs ten times this search.
    if memchr::memchr(b':', url.as_bytes()).is_none() {
        return false;
    }
    let mut compact = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(32)
        .map(|c| c.to_ascii_lowercase());
    let mut scheme = [0u8; 12];
    let mut len = 0;
    for c in compact.by_ref() {
        if !c.is_ascii() || len == scheme.len() {
            return false;
        }
        scheme[len] = c as u8;
        len += 1;
        if c == ':' {
            break;
        }
    }
    match &scheme[..len] {
        b"javascript:" | b"vbscript:" => true,
        b"data:" => !compact.take(6).eq("image/".chars()),
        _ => false,
    }
}

fn is_external(url: &str) -> bool {
    url.is_empty()
        || url.starts_with('#')
        // Also `//host/...`, a link to another site.
        || url.starts_with('/')
        // A byte search: `split_once(':')` cost a fifth of a link's work.
        || memchr::memchr(b':', url.as_bytes()).is_some_and(|colon| {
            colon > 0
                && url.as_bytes()[..colon]
                    .iter()
                    .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        })
}

/// Rewrites the links and image URLs written in one page for readers of
/// one locale, whose copy of the page sits in output folder `from_dir`.
pub struct LinkRewriter<'a> {
    site: &'a Site,
    page: &'a Page,
    locale: &'a str,
    /// The folder of the page's source file below `content/<locale>/`,
    /// `/`-separated, without a trailing slash.
    source_dir: String,
    /// How many `../` lead from the page's output folder to the output root.
    depth: usize,
}

impl<'a> LinkRewriter<'a> {
    pub fn new(site: &'a Site, page: &'a Page, locale: &'a str, from_dir: &str) -> Self {
        let below: Vec<_> = page.path.iter().skip(2).collect();
        let folders = &below[..below.len().saturating_sub(1)];
        let source_dir = folders
            .iter()
            .map(|s| s.to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        LinkRewriter {
            site,
            page,
            locale,
            source_dir,
            depth: folder_depth(from_dir),
        }
    }

    /// `Ok(None)` leaves the URL as written (external, absolute or a
    /// fragment); `Err` explains a link whose target doesn't exist.
    pub fn rewrite(&self, url: &str) -> Result<Option<String>, String> {
        if is_external(url) {
            return Ok(None);
        }
        let (site, locale) = (self.site, self.locale);
        let (path, fragment) = split_fragment(url);
        let path = percent_decode(path);
        // Most links lead to a page in its usual folder, whose URL is
        // `../` to the root, the locale, the page's id (the normalized path
        // without `.md`) and the fragment: made here in one buffer, with
        // the path normalized in place (three strings a link cost 8% of
        // the work around Markdown).
        let mut built = String::with_capacity(
            3 * self.depth + locale.len() + self.source_dir.len() + path.len() + fragment.len() + 2,
        );
        for _ in 0..self.depth {
            built.push_str("../");
        }
        built.push_str(locale);
        built.push('/');
        let start = built.len();
        if !normalize_into(&self.source_dir, &path, &mut built, start) {
            return Err(outside(url));
        }
        let joined = &built[start..];
        if let Some(stem) = joined.strip_suffix(".md") {
            // `None`: the usual folder, already in `built` but for `.md`.
            let elsewhere = match crate::load::section_of(stem) {
                Some(id) => site
                    .resolve_section(id, locale)
                    .map(|_| Some(Cow::Owned(section_dir(id, locale))))
                    .ok_or(id),
                None => match site.page_output_place(stem, locale) {
                    Some(OutputPlace::Usual) => Ok(None),
                    Some(OutputPlace::Other(dir)) => Ok(Some(Cow::Borrowed(dir))),
                    None => Err(stem),
                },
            };
            match elsewhere {
                Ok(None) => {
                    built.truncate(built.len() - ".md".len());
                    built.push('/');
                }
                Ok(Some(dir)) => {
                    built.truncate("../".len() * self.depth);
                    built.push_str(&dir);
                }
                Err(id) => {
                    return Err(format!(
                        "link `{url}` points to page `{id}`, which does not exist"
                    ))
                }
            }
            built.push_str(fragment);
            return Ok(Some(built));
        }
        // Any other file: an asset from this locale or the nearest fallback.
        let chain: &[String] = site
            .config
            .locale(locale)
            .map_or(&[], |l| l.chain.as_slice());
        let asset = Path::new(joined);
        // The page's own folder last: for pages in a folder that is no
        // locale (Learn-style), images sit beside them there.
        let folder = page_folder(self.page);
        for code in chain.iter().chain([&self.page.locale, &folder]) {
            if site
                .assets
                .get(code)
                .is_some_and(|files| files.contains(asset))
            {
                // The asset's locale in place of this one in `built`.
                let below_locale = built.split_off(start);
                built.truncate("../".len() * self.depth);
                built.push_str(code);
                built.push('/');
                built.push_str(&below_locale);
                built.push_str(fragment);
                return Ok(Some(built));
            }
        }
        Err(format!(
            "`{url}` points to `{joined}`, which is not a file under content/{folder}/"
        ))
    }

    /// The file a relative URL names, below the locale's content folder,
    /// and its `#fragment` or `?query` (with the mark).
    fn target_path<'u>(&self, url: &'u str) -> Result<(String, &'u str), String> {
        let (path, fragment) = split_fragment(url);
        match normalize(&self.source_dir, &percent_decode(path)) {
            Some(joined) => Ok((joined, fragment)),
            None => Err(outside(url)),
        }
    }

    /// The page or section a `.md` link leads readers of this locale to.
    pub fn linked_page(&self, url: &str) -> Option<&'a Page> {
        if is_external(url) {
            return None;
        }
        let (joined, _) = self.target_path(url).ok()?;
        let stem = joined.strip_suffix(".md")?;
        let found = match crate::load::section_of(stem) {
            Some(section) => self.site.resolve_section(section, self.locale),
            None => self.site.resolve(stem, self.locale),
        };
        found.map(|(page, _)| page)
    }
}

/// A URL's path and its `#fragment` or `?query` (with the mark).
fn split_fragment(url: &str) -> (&str, &str) {
    // Byte scans here and in `normalize_into`: `str` searches with a char
    // pattern cost a tenth of a link's work on these short strings.
    let cut = url
        .bytes()
        .position(|b| b == b'#' || b == b'?')
        .unwrap_or(url.len());
    url.split_at(cut)
}

fn outside(url: &str) -> String {
    format!("link `{url}` leads outside the locale's content folder")
}

/// Resolves `rel` against the folder `base` (`/`-separated), refusing to
/// climb above the locale root.
fn normalize(base: &str, rel: &str) -> Option<String> {
    let mut out = String::with_capacity(base.len() + rel.len() + 1);
    normalize_into(base, rel, &mut out, 0).then_some(out)
}

/// [`normalize`], written onto the end of `out`, whose bytes from `root`
/// on are the path (those before it stay). False when `rel` climbs above
/// the root.
fn normalize_into(base: &str, rel: &str, out: &mut String, root: usize) -> bool {
    // The usual link climbs with `../` and then names folders and a file:
    // cut that many folders off `base` and append the rest as it is. Any
    // other `.` or empty segment takes the segment-by-segment way below.
    let mut kept = base.len();
    let mut rest = rel;
    loop {
        let (climbs, after) = match rest.strip_prefix("../") {
            Some(after) => (true, after),
            None => (false, rest.strip_prefix("./").unwrap_or(rest)),
        };
        if climbs {
            if kept == 0 {
                return false;
            }
            kept = base.as_bytes()[..kept]
                .iter()
                .rposition(|&b| b == b'/')
                .unwrap_or(0);
        } else if after.len() == rest.len() {
            break;
        }
        rest = after;
    }
    let plain = !rest.is_empty()
        && !rest.starts_with(['.', '/'])
        && !rest.ends_with('/')
        && !rest
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b'/' && matches!(w[1], b'.' | b'/'));
    if plain {
        out.push_str(&base[..kept]);
        if kept > 0 {
            out.push('/');
        }
        out.push_str(rest);
        return true;
    }
    normalize_segments(base, rel, out, root)
}

/// [`normalize_into`] segment by segment, whatever the segments are.
fn normalize_segments(base: &str, rel: &str, out: &mut String, root: usize) -> bool {
    out.push_str(base);
    let bytes = rel.as_bytes();
    let mut start = 0;
    while start <= bytes.len() {
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'/')
            .map_or(bytes.len(), |i| start + i);
        let segment = &rel[start..end];
        start = end + 1;
        match segment {
            "" | "." => {}
            ".." => {
                if out.len() == root {
                    return false;
                }
                let cut = out.as_bytes()[root..]
                    .iter()
                    .rposition(|&b| b == b'/')
                    .unwrap_or(0);
                out.truncate(root + cut);
            }
            other => {
                if out.len() > root {
                    out.push('/');
                }
                out.push_str(other);
            }
        }
    }
    true
}

/// The folder below `content/` that holds `page`: its locale's, or a
/// Learn-style folder that is no locale.
pub fn page_folder(page: &Page) -> String {
    page.path
        .iter()
        .nth(1)
        .map_or_else(|| page.locale.clone(), |s| s.to_string_lossy().into_owned())
}

fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.as_bytes().contains(&b'%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_climb_to_the_root() {
        assert_eq!(root_prefix("fr/publish-offer/"), "../../");
        assert_eq!(relative("fr/a/", "fr/b/"), "../../fr/b/");
        assert_eq!(relative("", "fr/"), "fr/");
    }

    #[test]
    fn a_slug_replaces_the_last_segment_of_the_folder() {
        assert_eq!(page_dir_of("guides/setup", "fr", None), "fr/guides/setup/");
        assert_eq!(page_dir_of("setup", "fr", None), "fr/setup/");
        let front = crate::load::frontmatter::FrontMatter {
            slug: Some("installer".to_owned()),
            ..Default::default()
        };
        let page = Page::new(
            "guides/setup",
            "fr",
            Path::new("x.md"),
            front,
            String::new(),
            0,
        );
        assert_eq!(
            page_dir_of("guides/setup", "fr", Some(&page)),
            "fr/guides/installer/"
        );
        assert_eq!(page_dir_of("setup", "fr", Some(&page)), "fr/installer/");
    }

    #[test]
    fn script_urls_are_dangerous() {
        for url in [
            "javascript:alert(1)",
            " JaVaScRiPt:x",
            "java\tscript:x",
            "vbscript:x",
            "data:text/html,<b>",
        ] {
            assert!(is_dangerous(url), "{url}");
        }
        for url in [
            "https://x.org",
            "guide.md",
            "#a",
            "data:image/png;base64,AA",
            "mailto:a@b",
        ] {
            assert!(!is_dangerous(url), "{url}");
        }
    }

    #[test]
    fn external_urls_are_left_alone() {
        for url in ["https://x.org", "mailto:a@b", "#top", "/abs", "//cdn"] {
            assert!(is_external(url), "{url}");
        }
        assert!(!is_external("other.md"));
        assert!(!is_external("./media/x.png"));
    }

    #[test]
    fn normalize_refuses_to_leave_the_root() {
        assert_eq!(normalize("guides", "../a.md").as_deref(), Some("a.md"));
        assert_eq!(
            normalize("guides/x", "./y/../b.md").as_deref(),
            Some("guides/x/b.md")
        );
        assert_eq!(normalize("", "a/b.md").as_deref(), Some("a/b.md"));
        assert_eq!(normalize("guides", "../../a.md"), None);
        // Past the leading climbs, anything but plain names goes segment
        // by segment.
        assert_eq!(normalize("a/b", "../c/../d.md").as_deref(), Some("a/d.md"));
        assert_eq!(
            normalize("a/b", "./../c//d.md").as_deref(),
            Some("a/c/d.md")
        );
        assert_eq!(normalize("a", "c/./.d/").as_deref(), Some("a/c/.d"));
        assert_eq!(normalize("a", "..").as_deref(), Some(""));
        assert_eq!(normalize("", "..").as_deref(), None);
        assert_eq!(normalize("a/b", "../../x/y.md").as_deref(), Some("x/y.md"));
        assert_eq!(normalize("a/b", "../../../y.md"), None);
        assert_eq!(normalize("", ".").as_deref(), Some(""));
        assert_eq!(
            normalize_into_string("fr/", "a", "../b.md").as_deref(),
            Some("fr/b.md")
        );
        assert_eq!(normalize_into_string("fr/", "a", "../../b.md"), None);
    }

    /// The quick way agrees with the segment-by-segment way on every
    /// path of up to four segments made of climbs, dots, empty and plain
    /// names, from folders at three depths.
    #[test]
    fn the_quick_normalization_agrees_with_the_segment_by_segment_one() {
        let parts = ["..", ".", "", "a", ".h", "b.md"];
        let mut rels = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            let next: Vec<String> = last
                .iter()
                .flat_map(|r| {
                    parts.iter().map(move |p| {
                        if r.is_empty() {
                            p.to_string()
                        } else {
                            format!("{r}/{p}")
                        }
                    })
                })
                .collect();
            rels.extend(next.iter().cloned());
            last = next;
        }
        for base in ["", "x", "x/y"] {
            for rel in &rels {
                let (mut quick, mut slow) = ("fr/".to_owned(), "fr/".to_owned());
                let quick_ok = normalize_into(base, rel, &mut quick, 3);
                let slow_ok = normalize_segments(base, rel, &mut slow, 3);
                assert_eq!(quick_ok, slow_ok, "{base} + {rel}");
                if quick_ok {
                    assert_eq!(quick, slow, "{base} + {rel}");
                }
            }
        }
    }

    fn normalize_into_string(prefix: &str, base: &str, rel: &str) -> Option<String> {
        let mut out = prefix.to_owned();
        normalize_into(base, rel, &mut out, prefix.len()).then_some(out)
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
