//! Page lint: links and anchors that don't resolve in a locale, missing
//! images, translations that are out of date, numbers a translation lost
//! (the Swedish seed's "fyra dagar" for 4), and front matter key typos.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::diag::{find_token, Diagnostic};
use crate::load::{Page, Site};
use crate::render::markdown::{slugify, unique_id};
use crate::render::urls;

/// What one parse of a page yields for the checks.
#[derive(Default)]
struct Scan {
    /// (url, byte offset in the file) of links and images.
    links: Vec<(String, usize, bool)>,
    anchors: BTreeSet<String>,
    /// Text blocks in document order: (offset in the file, numbers in it).
    blocks: Vec<(usize, Vec<String>)>,
}

fn scan(page: &Page) -> Scan {
    let body = page.body();
    let mut out = Scan::default();
    let mut used = HashMap::new();
    let mut heading: Option<String> = None;
    // Innermost open text block: its start offset and text so far.
    let mut stack: Vec<(usize, String)> = Vec::new();
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let offset = page.body_offset + range.start;
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some(id.map(|s| s.to_string()).unwrap_or_default());
                stack.push((offset, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let explicit = heading.take().unwrap_or_default();
                let (start, text) = stack.pop().unwrap_or_default();
                let base = if explicit.is_empty() {
                    slugify(&text)
                } else {
                    explicit
                };
                out.anchors.insert(unique_id(&base, &mut used));
                out.blocks.push((start, numbers(&text)));
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => {
                stack.push((offset, String::new()))
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                let (start, text) = stack.pop().unwrap_or_default();
                out.blocks.push((start, numbers(&text)));
            }
            Event::Text(text) => {
                if let Some((_, block)) = stack.last_mut() {
                    block.push_str(&text);
                }
            }
            // Code reaches heading ids but is not prose whose numbers drift.
            Event::Code(code) if heading.is_some() => {
                if let Some((_, block)) = stack.last_mut() {
                    block.push_str(&code);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.links.push((dest_url.to_string(), offset, false))
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                out.links.push((dest_url.to_string(), offset, true))
            }
            Event::Html(html) | Event::InlineHtml(html) => raw_anchors(&html, &mut out.anchors),
            _ => {}
        }
    }
    out
}

fn raw_anchors(html: &str, anchors: &mut BTreeSet<String>) {
    for attr in ["name=\"", "id=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let after = &rest[i + attr.len()..];
            if let Some(end) = after.find('"') {
                anchors.insert(after[..end].to_owned());
            }
            rest = after;
        }
    }
}

/// Runs of digits. Separators are dropped rather than interpreted, so
/// "10 000", "10,000" and "10.000" all read the same in every locale.
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Lints every page variant of the site.
pub fn lint(site: &Site, problems: &mut Vec<Diagnostic>) {
    let variants: Vec<&Page> = site
        .pages
        .values()
        .chain(site.sections.values())
        .flat_map(|v| v.values())
        .collect();
    let scans: Vec<Scan> = variants.par_iter().map(|p| scan(p)).collect();
    let by_file: BTreeMap<(&str, &str), &Scan> = variants
        .iter()
        .zip(&scans)
        .map(|(p, s)| ((p.id.as_str(), p.locale.as_str()), s))
        .collect();

    let found: Vec<Vec<Diagnostic>> = variants
        .par_iter()
        .zip(scans.par_iter())
        .map(|(page, scan)| {
            let mut out = Vec::new();
            links(site, page, scan, &by_file, &mut out);
            if page.locale != site.default_locale() {
                stale(site, page, &mut out);
                if let Some(source_scan) = by_file.get(&(page.id.as_str(), site.default_locale())) {
                    let source = site
                        .pages
                        .get(&page.id)
                        .or_else(|| site.sections.get(&page.id))
                        .and_then(|v| v.get(site.default_locale()));
                    if let Some(source) = source {
                        drift(source, source_scan, page, scan, &mut out);
                    }
                }
            }
            typos(page, &mut out);
            out.into_iter()
                .map(|d| d.for_locale(&page.locale))
                .collect()
        })
        .collect();
    problems.extend(found.into_iter().flatten());
}

fn links(
    site: &Site,
    page: &Page,
    scan: &Scan,
    by_file: &BTreeMap<(&str, &str), &Scan>,
    out: &mut Vec<Diagnostic>,
) {
    let at = |offset: usize, d: Diagnostic| d.in_file(&page.path).at_offset(&page.text, offset);
    for (url, offset, is_image) in &scan.links {
        // Point at the URL itself, not the `[`.
        let offset = page.text[*offset..]
            .find(url.as_str())
            .map_or(*offset, |i| offset + i);
        if let Some(fragment) = url.strip_prefix('#') {
            if !scan.anchors.contains(fragment) {
                out.push(at(
                    offset,
                    Diagnostic::warning(
                        "broken-anchor",
                        format!("no heading or anchor `#{fragment}` on this page"),
                    ),
                ));
            }
            continue;
        }
        if let Err(message) = urls::rewrite_link(site, page, &page.locale, "", url) {
            let code = if *is_image {
                "missing-image"
            } else {
                "broken-link"
            };
            out.push(at(offset, Diagnostic::warning(code, message)));
            continue;
        }
        let Some((path, fragment)) = url.split_once('#') else {
            continue;
        };
        let Some(target_id) = target_page_id(page, path) else {
            continue;
        };
        let Some((target, _)) = site.resolve(&target_id, &page.locale) else {
            continue;
        };
        let known = by_file
            .get(&(target.id.as_str(), target.locale.as_str()))
            .is_some_and(|s| s.anchors.contains(fragment));
        if !known {
            out.push(at(
                offset,
                Diagnostic::warning(
                    "broken-anchor",
                    format!(
                        "`{}` in `{}` has no heading or anchor `#{fragment}`",
                        target.path.display(),
                        page.locale
                    ),
                ),
            ));
        }
    }
}

/// The page id a relative `.md` link in `page` names.
fn target_page_id(page: &Page, path: &str) -> Option<String> {
    let stem = path.strip_suffix(".md")?;
    let mut parts: Vec<&str> = page.id.split('/').collect();
    parts.pop();
    for segment in stem.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

fn stale(site: &Site, page: &Page, out: &mut Vec<Diagnostic>) {
    let Some(recorded) = &page.front.source_hash else {
        return;
    };
    let source = site
        .pages
        .get(&page.id)
        .or_else(|| site.sections.get(&page.id))
        .and_then(|v| v.get(site.default_locale()));
    let Some(source) = source else { return };
    if &source.hash != recorded {
        let offset = find_token(&page.text, recorded).unwrap_or(0);
        out.push(
            Diagnostic::warning(
                "page-stale",
                format!(
                    "`{}` changed after this translation was last updated",
                    source.path.display()
                ),
            )
            .in_file(&page.path)
            .at_offset(&page.text, offset)
            .with_help(format!(
                "bring the translation up to date, then run `locdoc stamp {}`",
                page.path.display()
            )),
        );
    }
}

/// Numbers in the source that its translation no longer carries, block by
/// block when both have the same structure, else over the whole page.
fn drift(source: &Page, source_scan: &Scan, page: &Page, scan: &Scan, out: &mut Vec<Diagnostic>) {
    let missing = |from: &[String], to: &[String]| -> Vec<String> {
        let mut left: Vec<&String> = to.iter().collect();
        let mut lost = Vec::new();
        for n in from {
            match left.iter().position(|m| *m == n) {
                Some(i) => {
                    left.remove(i);
                }
                None => lost.push(n.clone()),
            }
        }
        lost
    };
    let report = |offset: usize,
                  source_offset: usize,
                  lost: &[String],
                  out: &mut Vec<Diagnostic>| {
        let line = crate::diag::Position::of_offset(&source.text, source_offset).line;
        out.push(
            Diagnostic::warning(
                "number-drift",
                format!(
                    "the source says {} here ({}:{line}) but this translation does not",
                    lost.iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    source.path.display()
                ),
            )
            .in_file(&page.path)
            .at_offset(&page.text, offset)
            .with_help("write the figure as a number, or take it from the model with :value{...}"),
        );
    };
    if source_scan.blocks.len() == scan.blocks.len() {
        for ((src_offset, src_numbers), (offset, numbers)) in
            source_scan.blocks.iter().zip(&scan.blocks)
        {
            let lost = missing(src_numbers, numbers);
            if !lost.is_empty() {
                report(*offset, *src_offset, &lost, out);
            }
        }
    } else {
        let all = |s: &Scan| {
            s.blocks
                .iter()
                .flat_map(|b| b.1.clone())
                .collect::<Vec<_>>()
        };
        let lost = missing(&all(source_scan), &all(scan));
        if !lost.is_empty() {
            report(page.body_offset, source.body_offset, &lost, out);
        }
    }
}

fn typos(page: &Page, out: &mut Vec<Diagnostic>) {
    for key in page.front.extra.keys() {
        let near = crate::load::frontmatter::known_keys()
            .iter()
            .find(|known| edit_distance(key, known) <= 2 && key.len() > 2);
        if let Some(known) = near {
            let offset = find_token(&page.text, key).unwrap_or(0);
            out.push(
                Diagnostic::warning(
                    "front-matter-typo",
                    format!("unknown key `{key}`; did you mean `{known}`?"),
                )
                .in_file(&page.path)
                .at_offset(&page.text, offset),
            );
        }
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_ignore_separators() {
        assert_eq!(
            numbers("up to 10 000 or 1,5 days and 15 min"),
            ["10", "000", "1", "5", "15"]
        );
        assert!(numbers("fyra dagar").is_empty());
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("titel", "title"), 2);
        assert_eq!(edit_distance("weigth", "weight"), 2);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
