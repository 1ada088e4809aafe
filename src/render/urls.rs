//! Where each page lands in the output and how pages link to each other.
//! Links are relative, so a built site works from any base path and when
//! opened straight from disk.

use std::path::Path;

use crate::load::{Page, Site};

/// The output folder of page `id` for `locale`, relative to the output root,
/// with a trailing slash: `fr/publish-offer/`. A `slug` replaces the last
/// segment of the id.
pub fn page_dir(site: &Site, id: &str, locale: &str) -> String {
    // Load drops unsafe slugs already; checking again costs nothing and
    // keeps this function safe on its own.
    let slug = site
        .resolve(id, locale)
        .and_then(|(page, _)| page.front.slug.clone())
        .filter(|s| crate::load::is_safe_segment(s));
    let mut segments: Vec<&str> = id.split('/').collect();
    if let (Some(slug), Some(last)) = (slug.as_deref(), segments.last_mut()) {
        *last = slug;
    }
    format!("{locale}/{}/", segments.join("/"))
}

/// The output folder of a section (`""` is the locale's home).
pub fn section_dir(id: &str, locale: &str) -> String {
    if id.is_empty() {
        format!("{locale}/")
    } else {
        format!("{locale}/{id}/")
    }
}

/// `../` once per folder of `dir` (which ends with `/`), to reach the root.
pub fn root_prefix(dir: &str) -> String {
    "../".repeat(dir.matches('/').count())
}

/// A relative URL from the page in folder `from_dir` to `target` (both
/// relative to the output root).
pub fn relative(from_dir: &str, target: &str) -> String {
    let url = format!("{}{target}", root_prefix(from_dir));
    if url.is_empty() {
        "./".to_owned()
    } else {
        url
    }
}

/// URLs that run code when followed: `javascript:`, `vbscript:`, and
/// `data:` except images. Browsers ignore case, whitespace and control
/// characters in a scheme, so this does too.
pub fn is_dangerous(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    compact.starts_with("javascript:")
        || compact.starts_with("vbscript:")
        || (compact.starts_with("data:") && !compact.starts_with("data:image/"))
}

fn is_external(url: &str) -> bool {
    url.is_empty()
        || url.starts_with('#')
        || url.starts_with('/')
        || url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// The folder of `page`'s source file below `content/<locale>/`.
fn source_dir(page: &Page) -> Vec<String> {
    let below = page
        .path
        .iter()
        .skip(2)
        .map(|s| s.to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    below[..below.len().saturating_sub(1)].to_vec()
}

/// Resolves `rel` against `base`, refusing to climb above the locale root.
fn normalize(base: &[String], rel: &str) -> Option<Vec<String>> {
    let mut parts: Vec<String> = base.to_vec();
    for segment in rel.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other.to_owned()),
        }
    }
    Some(parts)
}

/// Rewrites a link or image URL written in `page` for readers of `locale`,
/// whose page sits in output folder `from_dir`. `Ok(None)` leaves the URL
/// as written (external, absolute or a fragment); `Err` explains a link
/// whose target doesn't exist.
pub fn rewrite_link(
    site: &Site,
    page: &Page,
    locale: &str,
    from_dir: &str,
    url: &str,
) -> Result<Option<String>, String> {
    if is_external(url) {
        return Ok(None);
    }
    let (path, fragment) = match url.find(['#', '?']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let decoded = percent_decode(path);
    let Some(parts) = normalize(&source_dir(page), &decoded) else {
        return Err(format!(
            "link `{url}` leads outside the locale's content folder"
        ));
    };
    let joined = parts.join("/");
    if let Some(stem) = joined.strip_suffix(".md") {
        let (is_section, id) = match stem.strip_suffix("_index") {
            Some(section) => (true, section.trim_end_matches('/').to_owned()),
            None => (false, stem.to_owned()),
        };
        let target = if is_section {
            site.resolve_section(&id, locale)
                .map(|_| section_dir(&id, locale))
        } else {
            site.resolve(&id, locale)
                .map(|_| page_dir(site, &id, locale))
        };
        return match target {
            Some(dir) => Ok(Some(format!("{}{fragment}", relative(from_dir, &dir)))),
            None => Err(format!(
                "link `{url}` points to page `{id}`, which does not exist"
            )),
        };
    }
    // Any other file: an asset from this locale or the nearest fallback.
    let chain: &[String] = site
        .config
        .locale(locale)
        .map_or(&[], |l| l.chain.as_slice());
    let asset = Path::new(&joined);
    // The page's own folder last: for pages in a folder that is no locale
    // (Learn-style), images sit beside them there.
    let folder = page_folder(page);
    for code in chain.iter().chain([&page.locale, &folder]) {
        if site
            .assets
            .get(code)
            .is_some_and(|files| files.iter().any(|f| f == asset))
        {
            return Ok(Some(format!(
                "{}{fragment}",
                relative(from_dir, &format!("{code}/{joined}"))
            )));
        }
    }
    Err(format!(
        "`{url}` points to `{joined}`, which is not a file under content/{folder}/"
    ))
}

/// The folder below `content/` that holds `page`: its locale's, or a
/// Learn-style folder that is no locale.
pub fn page_folder(page: &Page) -> String {
    page.path
        .iter()
        .nth(1)
        .map_or_else(|| page.locale.clone(), |s| s.to_string_lossy().into_owned())
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
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
    String::from_utf8_lossy(&out).into_owned()
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
        let base = vec!["guides".to_owned()];
        assert_eq!(normalize(&base, "../a.md"), Some(vec!["a.md".to_owned()]));
        assert_eq!(normalize(&base, "../../a.md"), None);
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
