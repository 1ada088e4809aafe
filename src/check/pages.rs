//! Page lint: links and anchors that don't resolve in a locale, missing
//! images, translations that are out of date, numbers a translation lost
//! (the Swedish seed's "fyra dagar" for 4), and front matter key typos.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::diag::{find_token, Diagnostic};
use crate::load::{Page, Site};
use crate::render::markdown::{slugify, unique_id, UsedIds};
use crate::render::urls;

/// What one parse of a page yields for the checks.
#[derive(Default)]
struct Scan {
    /// (url, byte offset in the file, is an image) of links and images.
    links: Vec<(String, usize, bool)>,
    anchors: BTreeSet<String>,
    /// Text blocks in document order: offset in the file and the range of
    /// their numbers in `numbers`. One flat vector, because a page has
    /// hundreds of blocks and allocating for each dominated the check.
    blocks: Vec<(usize, u32, u32)>,
    numbers: Vec<u64>,
}

impl Scan {
    fn block_numbers(&self, block: &(usize, u32, u32)) -> &[u64] {
        &self.numbers[block.1 as usize..block.2 as usize]
    }
}

/// Collects the runs of digits of a block's text, across text events.
#[derive(Default)]
struct DigitRun {
    value: Option<u64>,
}

impl DigitRun {
    fn feed(&mut self, text: &str, out: &mut Vec<u64>) {
        for b in text.bytes() {
            if b.is_ascii_digit() {
                let digit = u64::from(b - b'0');
                // Long runs (ids, hashes) wrap; equal runs still compare equal.
                self.value = Some(self.value.unwrap_or(0).wrapping_mul(10).wrapping_add(digit));
            } else {
                self.end(out);
            }
        }
    }

    fn end(&mut self, out: &mut Vec<u64>) {
        if let Some(v) = self.value.take() {
            out.push(v);
        }
    }
}

fn scan(page: &Page) -> Scan {
    let body = page.body();
    let mut out = Scan::default();
    let mut used = UsedIds::default();
    // The heading being read: its explicit id and its text.
    let mut heading: Option<(String, String)> = None;
    // Open text blocks: offset and where their numbers start.
    let mut open: Vec<(usize, u32)> = Vec::new();
    let mut digits = DigitRun::default();
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let offset = page.body_offset + range.start;
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.map(|s| s.to_string()).unwrap_or_default(), String::new()));
                open.push((offset, out.numbers.len() as u32));
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => {
                digits.end(&mut out.numbers);
                open.push((offset, out.numbers.len() as u32));
            }
            Event::End(
                end @ (TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell),
            ) => {
                digits.end(&mut out.numbers);
                if matches!(end, TagEnd::Heading(_)) {
                    let (explicit, text) = heading.take().unwrap_or_default();
                    let base = if explicit.is_empty() {
                        slugify(&text)
                    } else {
                        explicit
                    };
                    out.anchors.insert(unique_id(base, &mut used));
                }
                if let Some((start, first)) = open.pop() {
                    // Numbers of an inner block belong to it alone.
                    let first = first.min(out.numbers.len() as u32);
                    out.blocks.push((start, first, out.numbers.len() as u32));
                    if let Some(parent) = open.last_mut() {
                        parent.1 = out.numbers.len() as u32;
                    }
                }
            }
            Event::Text(text) => {
                if let Some((_, heading_text)) = heading.as_mut() {
                    heading_text.push_str(&text);
                }
                if !open.is_empty() {
                    digits.feed(&text, &mut out.numbers);
                }
            }
            // Code reaches heading ids but is not prose whose numbers drift.
            Event::Code(code) => {
                digits.end(&mut out.numbers);
                if let Some((_, heading_text)) = heading.as_mut() {
                    heading_text.push_str(&code);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.links.push((dest_url.to_string(), offset, false))
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                out.links.push((dest_url.to_string(), offset, true))
            }
            Event::Html(html) | Event::InlineHtml(html) => raw_anchors(&html, &mut out.anchors),
            _ => digits.end(&mut out.numbers),
        }
    }
    out
}

fn raw_anchors(html: &str, anchors: &mut BTreeSet<String>) {
    anchors.extend(crate::render::markdown::raw_anchor_names(html).map(str::to_owned));
}

/// Runs of digits of `text`. Separators are not interpreted, so "10 000",
/// "10,000" and "10.000" read the same in every locale.
#[cfg(test)]
fn numbers(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut run = DigitRun::default();
    run.feed(text, &mut out);
    run.end(&mut out);
    out
}

/// Lints every page variant of the site.
pub fn lint(site: &Site, problems: &mut Vec<Diagnostic>) {
    let variants: Vec<&Page> = site
        .pages
        .values()
        .chain(site.sections.values())
        .flat_map(|v| v.values())
        .filter(|p| !p.pseudo)
        .collect();
    let scans: Vec<Scan> = variants.par_iter().map(|p| scan(p)).collect();
    // By file: a page and a section may share an id (`a.md`, `a/_index.md`).
    let by_file: HashMap<&Path, &Scan> = variants
        .iter()
        .zip(&scans)
        .map(|(p, s)| (p.path.as_path(), s))
        .collect();

    let found: Vec<Vec<Diagnostic>> = variants
        .par_iter()
        .zip(scans.par_iter())
        .map(|(page, scan)| {
            let mut out = Vec::new();
            links(site, page, scan, &by_file, &mut out);
            if page.locale != site.default_locale() {
                stale(site, page, &mut out);
                if let Some(source) = source_of(site, page) {
                    if let Some(source_scan) = by_file.get(source.path.as_path()) {
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
    by_file: &HashMap<&Path, &Scan>,
    out: &mut Vec<Diagnostic>,
) {
    let at = |offset: usize, d: Diagnostic| d.in_file(&page.path).at_offset(&page.text, offset);
    let links = urls::LinkRewriter::new(site, page, &page.locale, "");
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
        if let Err(message) = links.rewrite(url) {
            let code = if *is_image {
                "missing-image"
            } else {
                "broken-link"
            };
            out.push(at(offset, Diagnostic::warning(code, message)));
            continue;
        }
        let Some((_, fragment)) = url.split_once('#') else {
            continue;
        };
        let Some(target) = links.linked_page(url) else {
            continue;
        };
        let known = by_file
            .get(target.path.as_path())
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

/// The source-locale file of the page or section `page` translates.
fn source_of<'s>(site: &'s Site, page: &Page) -> Option<&'s Page> {
    let table = if page.is_section() {
        &site.sections
    } else {
        &site.pages
    };
    table.get(&page.id)?.get(site.default_locale())
}

fn stale(site: &Site, page: &Page, out: &mut Vec<Diagnostic>) {
    let Some(recorded) = &page.front.source_hash else {
        return;
    };
    let Some(source) = source_of(site, page) else {
        return;
    };
    if source.hash() != recorded {
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
    let report = |offset: usize, source_offset: usize, lost: &[u64], out: &mut Vec<Diagnostic>| {
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
        for (src, own) in source_scan.blocks.iter().zip(&scan.blocks) {
            let lost = lost_numbers(source_scan.block_numbers(src), scan.block_numbers(own));
            if !lost.is_empty() {
                report(own.0, src.0, &lost, out);
            }
        }
    } else {
        let lost = lost_numbers(&source_scan.numbers, &scan.numbers);
        if !lost.is_empty() {
            report(page.body_offset, source.body_offset, &lost, out);
        }
    }
}

/// The numbers of `from` (as a multiset) that `to` lacks, in `from`'s order.
fn lost_numbers(from: &[u64], to: &[u64]) -> Vec<u64> {
    if from.is_empty() || from == to {
        return Vec::new();
    }
    let mut available: Vec<u64> = to.to_vec();
    available.sort_unstable();
    let mut taken = vec![false; available.len()];
    let mut lost = Vec::new();
    for n in from {
        let start = available.partition_point(|x| x < n);
        match (start..available.len())
            .take_while(|&i| available[i] == *n)
            .find(|&i| !taken[i])
        {
            Some(i) => taken[i] = true,
            None => lost.push(*n),
        }
    }
    lost
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
            [10, 0, 1, 5, 15]
        );
        assert!(numbers("fyra dagar").is_empty());
    }

    #[test]
    fn lost_numbers_is_a_multiset_difference() {
        assert_eq!(lost_numbers(&[4, 4, 10], &[10, 4]), [4]);
        assert!(lost_numbers(&[1, 2], &[2, 1]).is_empty());
        assert_eq!(lost_numbers(&[7], &[]), [7]);
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("titel", "title"), 2);
        assert_eq!(edit_distance("weigth", "weight"), 2);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
