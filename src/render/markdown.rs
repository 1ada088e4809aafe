//! Markdown to HTML for one page in one locale: directives expanded from the
//! model, heading ids generated (Cyrillic kept, duplicates numbered), and
//! relative links rewritten to the locale's URLs.

use std::borrow::Cow;
use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::config::RawHtml;
use crate::diag::Diagnostic;
use crate::load::{Page, Site};
use crate::render::directive::{self, RenderedBlocks, Scope};
use crate::render::urls;

/// A heading of the rendered page, for a table of contents.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

pub struct Rendered {
    pub html: String,
    /// Empty unless asked for: few templates show them.
    pub headings: Vec<Heading>,
    /// The body opens with its own `# ` heading (Learn-style pages do), so
    /// the theme should not print the title again.
    pub title_heading: bool,
    pub problems: Vec<Diagnostic>,
}

/// Marks an inline directive's place in the text until its value replaces it.
/// Private-use characters: nothing a writer types, nothing Markdown parses.
const TOKEN_OPEN: char = '\u{F0000}';
const TOKEN_CLOSE: char = '\u{F0001}';
const TOKEN_OPEN_UTF8: &[u8] = "\u{F0000}".as_bytes();
const TOKEN_CLOSE_UTF8: &[u8] = "\u{F0001}".as_bytes();
const BLOCK_PREFIX: &str = "<!--locdoc-directive:";

/// The Markdown dialect of every page: CommonMark with GitHub's tables,
/// footnotes, strikethrough, task lists and alerts.
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_GFM);

/// A page's rendering, kept for the next render of the same page in
/// another locale: a page missing in a locale is shown there from its
/// fallback, and its HTML is the same for every locale but for its links'
/// URLs (heading ids and raw HTML do not depend on the locale, and a page
/// with directives is not kept). The HTML is kept with a marker where each
/// link's URL goes, and a later render rewrites only the links: keeping
/// the page's events instead (a clone of them) and rendering them again
/// for each locale cost 1.5% more instructions in a build of the
/// benchmark corpus.
#[derive(Default)]
pub struct RenderMemo<'s> {
    page: Option<&'s Page>,
    shown: Option<Shown>,
    /// Whether a later render will ask for this page again: the caller
    /// says so before each render.
    pub keep: bool,
}

/// What a render of a page produced, each link's URL a [`LINK_MARKER`].
struct Shown {
    html: String,
    headings: Vec<Heading>,
    want_headings: bool,
    title_heading: bool,
    links: Vec<KeptLink>,
}

/// A link or image of a kept page, in the order of the page's events.
struct KeptLink {
    /// Its event, for a finding's position.
    index: usize,
    is_image: bool,
    /// The URL as written.
    written: String,
}

/// Stands for a link's URL in kept HTML: a private-use character, which
/// the HTML writer percent-encodes in a URL. A page holding the character
/// or its encoding is not kept.
const LINK_MARKER: &str = "\u{F0002}";
const LINK_MARKER_IN_HTML: &str = "%F3%B0%80%82";

/// `template` with each [`LINK_MARKER_IN_HTML`] replaced by the next of
/// `urls`, escaped as the HTML writer escapes a URL; `None` when the
/// markers are not one per URL (the writer left a link out).
fn splice_links<'u>(template: &str, urls: impl Iterator<Item = &'u str>) -> Option<String> {
    let mut html = String::with_capacity(template.len() + 256);
    let mut rest = template;
    let finder = memchr::memmem::Finder::new(LINK_MARKER_IN_HTML);
    for url in urls {
        let at = finder.find(rest.as_bytes())?;
        html.push_str(&rest[..at]);
        // Writing to a String cannot fail.
        let _ = pulldown_cmark_escape::escape_href(&mut html, url);
        rest = &rest[at + LINK_MARKER_IN_HTML.len()..];
    }
    if finder.find(rest.as_bytes()).is_some() {
        return None;
    }
    html.push_str(rest);
    Some(html)
}

/// Renders `page` as seen by readers of `locale` (which differs from
/// `page.locale` when the page is shown from a fallback locale), for a page
/// whose output folder is `from_dir`, with its `headings` when
/// `want_headings`.
pub fn render(
    site: &Site,
    page: &Page,
    locale: &str,
    from_dir: &str,
    want_headings: bool,
) -> Rendered {
    render_sharing(site, page, locale, from_dir, want_headings, None, None)
}

/// [`render`], made from `memo` when it holds `page`'s rendering (only the
/// links are rewritten), and leaving one there for a later render when
/// `memo.keep`; block directives come from `rendered_blocks` when the
/// build rendered them before.
pub fn render_sharing<'s>(
    site: &Site,
    page: &'s Page,
    locale: &str,
    from_dir: &str,
    want_headings: bool,
    memo: Option<&mut RenderMemo<'s>>,
    rendered_blocks: Option<&RenderedBlocks>,
) -> Rendered {
    let mut scope = Scope {
        site,
        locale,
        problems: Vec::new(),
        blocks: rendered_blocks,
    };
    let (source, blocks, inlines) = expand_directives(page, &mut scope);
    let mut problems = scope.problems;

    // Only a finding needs a position: the events' source spans come from
    // a second parse (the same events, in the same order) on first use.
    let spans = std::cell::OnceCell::new();
    let lines = std::cell::OnceCell::new();
    // Where `needle` (a link's URL) is in the file, found inside the event's
    // own span, so pages with many links stay linear.
    let locate = |index: usize, needle: &str| -> usize {
        let spans: &Vec<std::ops::Range<usize>> = spans.get_or_init(|| {
            Parser::new_ext(&source, OPTIONS)
                .into_offset_iter()
                .map(|(_, span)| span)
                .collect()
        });
        let span = spans.get(index).cloned().unwrap_or(0..0);
        let start = span.start.min(source.len());
        let end = span.end.clamp(start, source.len());
        let within = source[start..end].find(needle).map_or(start, |i| start + i);
        page.body_offset
            + lines
                .get_or_init(|| LineMap::new(&source, page.body()))
                .to_body(within)
    };
    let links = urls::LinkRewriter::new(site, page, locale, from_dir);
    // The URL readers of `locale` follow for the link or image written
    // `dest_url` (event `index`), when it is not the one written, and what
    // is wrong with it.
    let link_outcome =
        |index: usize, is_image: bool, dest_url: &str| -> (Option<String>, Option<Diagnostic>) {
            if urls::is_dangerous(dest_url) {
                let offset = locate(index, dest_url);
                let problem = Diagnostic::warning(
                    "unsafe-link",
                    format!("`{dest_url}` would run code when followed; it was replaced by `#`"),
                )
                .in_file(&page.path)
                .at_offset(&page.text, offset)
                .for_locale(locale);
                return (Some("#".to_owned()), Some(problem));
            }
            match links.rewrite(dest_url) {
                Ok(url) => (url, None),
                Err(message) => {
                    let offset = locate(index, dest_url);
                    let code = if is_image {
                        "missing-image"
                    } else {
                        "broken-link"
                    };
                    let problem = Diagnostic::warning(code, message)
                        .in_file(&page.path)
                        .at_offset(&page.text, offset)
                        .for_locale(locale);
                    (None, Some(problem))
                }
            }
        };

    // Directives make a body of their own, per locale: never kept.
    let mut memo = memo.filter(|_| matches!(source, Cow::Borrowed(_)));
    if let Some(memo) = memo.as_deref_mut() {
        let held = memo.page.is_some_and(|kept| std::ptr::eq(kept, page));
        if let Some(shown) = memo
            .shown
            .as_ref()
            .filter(|s| held && s.want_headings == want_headings)
        {
            let mut link_problems = Vec::new();
            let urls: Vec<Option<String>> = shown
                .links
                .iter()
                .map(|link| {
                    let (url, problem) = link_outcome(link.index, link.is_image, &link.written);
                    link_problems.extend(problem);
                    url
                })
                .collect();
            let finals = urls
                .iter()
                .zip(&shown.links)
                .map(|(url, link)| url.as_deref().unwrap_or(&link.written));
            // One marker per link was checked when the page was kept;
            // were it otherwise, the page is rendered anew below.
            if let Some(html) = splice_links(&shown.html, finals) {
                problems.extend(link_problems);
                let rendered = Rendered {
                    html,
                    headings: shown.headings.clone(),
                    title_heading: shown.title_heading,
                    problems,
                };
                if !memo.keep {
                    *memo = RenderMemo::default();
                }
                return rendered;
            }
        }
    }
    let Parsed {
        mut events,
        headings_and_links,
    } = parse(&source);
    // Kept for a later render when nothing locale-dependent but links
    // went into the HTML.
    let mut kept_links = (memo.as_ref().is_some_and(|memo| memo.keep)
        && !source.contains(LINK_MARKER)
        && !source.contains(LINK_MARKER_IN_HTML))
    .then(Vec::new);
    let mut final_urls = Vec::new();
    let mut headings = Vec::new();
    let mut used_ids = UsedIds::default();

    // Raw HTML from a translation is shown as text unless the site allows
    // it: translations often come from volunteers or machines.
    let escape_raw = page.locale != site.default_locale()
        && site.config.markdown.translation_raw_html == RawHtml::Escape;
    let mut escaped_raw_html = None;

    // Pass 1: directive values, block placeholders and raw anchors. Raw
    // HTML needs a `<` in the source, and a page without it, directives or
    // tokens (nearly every page) has nothing for this pass, which costs a
    // whole walk over the events (1% of a build).
    let pass_one = !inlines.is_empty()
        || !blocks.is_empty()
        || (escape_raw && memchr::memchr(b'<', source.as_bytes()).is_some());
    if pass_one {
        for event in events.iter_mut() {
            match event {
                Event::Text(text) if !inlines.is_empty() && text.contains(TOKEN_OPEN) => {
                    *event = Event::Text(CowStr::from(replace_tokens(text, &inlines)));
                }
                Event::Html(html) => {
                    if let Some(rest) = html.trim().strip_prefix(BLOCK_PREFIX) {
                        if let Some(block) = rest
                            .strip_suffix("-->")
                            .and_then(|n| n.parse::<usize>().ok())
                            .and_then(|n| blocks.get(n))
                        {
                            *event = Event::Html(CowStr::from(block.clone()));
                            continue;
                        }
                    }
                    if escape_raw && !is_bare_anchor(html) {
                        escaped_raw_html.get_or_insert_with(|| html.to_string());
                        *event = Event::Text(html.clone());
                    }
                }
                Event::InlineHtml(html) if escape_raw && !is_bare_anchor(html) => {
                    escaped_raw_html.get_or_insert_with(|| html.to_string());
                    *event = Event::Text(html.clone());
                }
                _ => {}
            }
        }
    }
    if let Some(first) = escaped_raw_html {
        // Its finding names the locale: rendered anew for each.
        kept_links = None;
        let first_line = first.lines().next().unwrap_or_default().trim();
        let offset = page.body_offset + page.body().find(first_line).unwrap_or(0);
        problems.push(
            Diagnostic::warning(
                "raw-html-escaped",
                "raw HTML in this translation is shown as text (markdown.translation_raw_html: escape)",
            )
            .in_file(&page.path)
            .at_offset(&page.text, offset)
            .for_locale(locale)
            .with_help("use Markdown instead, or set `markdown: { translation_raw_html: allow }` in site.yaml"),
        );
    }

    // Pass 2: heading ids and links, found by the parse (a walk over
    // every event looking for them cost 1.4% of a build).
    for &i in &headings_and_links {
        match &events[i] {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = heading_level(*level);
                let explicit = id.as_ref().map(|s| s.to_string());
                let mut text = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j] {
                        text.push_str(t);
                    }
                    j += 1;
                }
                let id = unique_id(explicit.unwrap_or_else(|| slugify(&text)), &mut used_ids);
                if want_headings {
                    headings.push(Heading {
                        level,
                        id: id.clone(),
                        text: text.trim().to_owned(),
                    });
                }
                if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                    *slot = Some(CowStr::from(id));
                }
            }
            Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => {
                let is_image = matches!(events[i], Event::Start(Tag::Image { .. }));
                if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
                    &mut events[i]
                {
                    let (url, problem) = link_outcome(i, is_image, dest_url);
                    problems.extend(problem);
                    match kept_links.as_mut() {
                        Some(kept) => {
                            let written = dest_url.to_string();
                            final_urls.push(url.unwrap_or_else(|| written.clone()));
                            kept.push(KeptLink {
                                index: i,
                                is_image,
                                written,
                            });
                            *dest_url = CowStr::Borrowed(LINK_MARKER);
                        }
                        None => {
                            if let Some(url) = url {
                                *dest_url = CowStr::from(url);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    // The pseudo-locale's text, after heading ids are made from the source
    // words (so `#anchors` keep working) and never inside code.
    if page.pseudo {
        let mut in_code = false;
        for event in &mut events {
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Text(text) if !in_code => {
                    *event = Event::Text(CowStr::from(crate::load::pseudo::pseudolocalize(text)));
                }
                _ => {}
            }
        }
    }
    let title_heading = matches!(
        events.first(),
        Some(Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }))
    );
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if let (Some(memo), Some(links)) = (memo, kept_links) {
        let Some(spliced) = splice_links(&html, final_urls.iter().map(String::as_str)) else {
            // A link the writer left out (one inside an image's text): the
            // markers no longer say which URL goes where. Rendered anew.
            memo.keep = false;
            return render_sharing(
                site,
                page,
                locale,
                from_dir,
                want_headings,
                Some(memo),
                rendered_blocks,
            );
        };
        let template = std::mem::replace(&mut html, spliced);
        memo.page = Some(page);
        memo.shown = Some(Shown {
            html: template,
            headings: headings.clone(),
            want_headings,
            title_heading,
            links,
        });
    }
    Rendered {
        html,
        headings,
        title_heading,
        problems,
    }
}

/// The directive errors of `page` in its own locale (unknown directives,
/// missing collections or columns, syntax), without rendering the page:
/// what `check` needs to agree with `build`.
pub fn directive_problems(site: &Site, page: &Page) -> Vec<Diagnostic> {
    let mut scope = Scope {
        site,
        locale: &page.locale,
        problems: Vec::new(),
        blocks: None,
    };
    let _ = expand_directives(page, &mut scope);
    scope
        .problems
        .into_iter()
        .filter(|d| matches!(d.code, "directive" | "unknown-directive"))
        .collect()
}

/// Maps offsets in the Markdown handed to the parser (directives replaced by
/// placeholders, line for line) back to offsets in the page body.
struct LineMap {
    source_starts: Vec<usize>,
    body_starts: Vec<usize>,
    body_len: usize,
}

impl LineMap {
    fn new(source: &str, body: &str) -> LineMap {
        let starts = |text: &str| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect::<Vec<_>>()
        };
        LineMap {
            source_starts: starts(source),
            body_starts: starts(body),
            body_len: body.len(),
        }
    }

    fn to_body(&self, offset: usize) -> usize {
        let line = self
            .source_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let column = offset - self.source_starts[line];
        let start = self.body_starts.get(line).copied().unwrap_or(self.body_len);
        let end = self
            .body_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.body_len);
        (start + column)
            .min(end.saturating_sub(1).max(start))
            .min(self.body_len)
    }
}

/// Replaces directive lines and inline directives with placeholders, and
/// renders each one. Lines inside fenced code are left alone.
fn expand_directives<'p>(
    page: &'p Page,
    scope: &mut Scope,
) -> (Cow<'p, str>, Vec<String>, Vec<String>) {
    let body = page.body();
    // Most pages have no directive: hand the body to the parser as it is.
    // (A stray private-use token character must still be dropped.)
    let (any_inline, any_block) = directive_markers(body);
    if !any_inline && !any_block {
        return (Cow::Borrowed(body), Vec::new(), Vec::new());
    }
    let mut out = String::with_capacity(body.len());
    let mut blocks = Vec::new();
    let mut inlines = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut line_start = 0;

    let mut report = |scope: &mut Scope, offset: usize, message: String, help: Option<String>| {
        let mut d = Diagnostic::error(
            if message.starts_with("unknown directive") {
                "unknown-directive"
            } else {
                "directive"
            },
            message,
        )
        .in_file(&page.path)
        .at_offset(&page.text, page.body_offset + offset)
        .for_locale(scope.locale);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        scope.problems.push(d);
    };

    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        let trimmed = content.trim_start_matches(' ');
        let indent = content.len() - trimmed.len();
        if indent <= 3 {
            if let Some(marker) = fence_marker(trimmed) {
                match fence {
                    None => fence = Some(marker),
                    Some((c, n))
                        if marker.0 == c
                            && marker.1 >= n
                            && trimmed.trim_start_matches(c).trim().is_empty() =>
                    {
                        fence = None
                    }
                    Some(_) => {}
                }
                out.push_str(line);
                line_start += line.len();
                continue;
            }
        }
        if fence.is_some() {
            out.push_str(line);
            line_start += line.len();
            continue;
        }
        match directive::parse_block_line(content) {
            Some(Ok(d)) => {
                match scope.render_block_line(content, &d) {
                    Ok(html) => {
                        out.push_str(&format!("{BLOCK_PREFIX}{}-->\n", blocks.len()));
                        blocks.push(html);
                    }
                    Err(e) => {
                        report(scope, line_start + e.offset, e.message, e.help);
                        out.push('\n');
                    }
                }
                line_start += line.len();
                continue;
            }
            Some(Err(e)) => {
                report(scope, line_start + e.offset, e.message, None);
                out.push('\n');
                line_start += line.len();
                continue;
            }
            None => {}
        }
        if any_inline {
            out.push_str(&expand_inline(
                line,
                line_start,
                scope,
                &mut inlines,
                &mut report,
            ));
        } else {
            out.push_str(line);
        }
        line_start += line.len();
    }
    (Cow::Owned(out), blocks, inlines)
}

/// A page body's events, and where its headings, links and images start.
struct Parsed<'s> {
    events: Vec<Event<'s>>,
    headings_and_links: Vec<usize>,
}

/// The events of `source`, in a vector sized once, not regrown: regrowing
/// copied them again and again (4% of the instructions of a build of the
/// benchmark corpus). Measured: 11 bytes of Markdown per event on average
/// in the corpus, 6 at the densest (lists and tables), 33 in the bundled
/// site.
fn parse(source: &str) -> Parsed<'_> {
    let mut events = Vec::with_capacity(source.len() / 6 + 16);
    let mut headings_and_links = Vec::new();
    for event in Parser::new_ext(source, OPTIONS) {
        if let Event::Start(Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. }) = event {
            headings_and_links.push(events.len());
        }
        events.push(event);
    }
    Parsed {
        events,
        headings_and_links,
    }
}

/// Whether `body` may hold an inline directive (or a stray token
/// character) and whether it may hold a block directive line, found in one
/// pass over the bytes that start them: `:`, and 0xF3, the first byte of
/// both token characters. Four `str::contains` passes did this in 2% of a
/// build's instructions.
fn directive_markers(body: &str) -> (bool, bool) {
    let bytes = body.as_bytes();
    let (mut inline, mut block) = (false, false);
    for i in memchr::memchr2_iter(b':', 0xF3, bytes) {
        let rest = &bytes[i..];
        if rest[0] == b':' {
            block |= rest[1..].starts_with(b":");
            inline |= rest[1..].starts_with(b"value{");
        } else {
            inline |= rest.starts_with(TOKEN_OPEN_UTF8) || rest.starts_with(TOKEN_CLOSE_UTF8);
        }
        if inline && block {
            break;
        }
    }
    (inline, block)
}

type Report<'a> = dyn FnMut(&mut Scope, usize, String, Option<String>) + 'a;

/// Replaces `:value{...}` in one line (outside code spans) with a token.
fn expand_inline<'l>(
    line: &'l str,
    line_start: usize,
    scope: &mut Scope,
    inlines: &mut Vec<String>,
    report: &mut Report<'_>,
) -> Cow<'l, str> {
    let (inline, _) = directive_markers(line);
    if !inline {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut i = 0;
    let bytes = line.as_bytes();
    while i < line.len() {
        let c = line[i..].chars().next().expect("i is a char boundary");
        if c == '`' {
            in_code = !in_code;
        }
        let starts_directive = !in_code
            && c == ':'
            && line[i + 1..].starts_with("value{")
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if starts_directive {
            match directive::parse_at(line, i + 1) {
                Ok(d) => {
                    match scope.render_inline(&d) {
                        Ok(text) => {
                            out.push(TOKEN_OPEN);
                            out.push_str(&inlines.len().to_string());
                            out.push(TOKEN_CLOSE);
                            inlines.push(text);
                        }
                        Err(e) => report(scope, line_start + e.offset, e.message, e.help),
                    }
                    i += d.len;
                    continue;
                }
                Err(e) => {
                    report(scope, line_start + e.offset, e.message, None);
                }
            }
        }
        // A writer's own private-use characters must not be taken for tokens.
        if c != TOKEN_OPEN && c != TOKEN_CLOSE {
            out.push(c);
        }
        i += c.len_utf8();
    }
    Cow::Owned(out)
}

fn replace_tokens(text: &str, values: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(TOKEN_OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + TOKEN_OPEN.len_utf8()..];
        match after.find(TOKEN_CLOSE) {
            Some(end) => {
                if let Some(value) = after[..end]
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| values.get(n))
                {
                    out.push_str(value);
                }
                rest = &after[end + TOKEN_CLOSE.len_utf8()..];
            }
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn fence_marker(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = line.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A URL fragment from heading text: lowercase letters and digits of any
/// script, words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.trim().chars() {
        let common = common_lowercase(c);
        if common.is_some() || c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            match common {
                Some(lower) => slug.push(lower),
                None => slug.extend(c.to_lowercase()),
            }
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
        }
    }
    if slug.is_empty() {
        "section".to_owned()
    } else {
        slug
    }
}

/// The lowercase of an ASCII letter or digit, or of a letter of Latin-1 or
/// of the Russian alphabet, without the Unicode tables: headings in the
/// site's locales are made of these, and the tables' search took most of
/// a Russian heading's slug. `None` for anything else.
fn common_lowercase(c: char) -> Option<char> {
    // ASCII first, in one test: most headings are all ASCII, and the
    // ranges below took half a slug's work.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase());
    }
    let lower = match c {
        'À'..='Ö' | 'Ø'..='Þ' | 'А'..='Я' => u32::from(c) + 0x20,
        'Ё' => u32::from('ё'),
        'ß'..='ö' | 'ø'..='ÿ' | 'а'..='я' | 'ё' => u32::from(c),
        _ => return None,
    };
    char::from_u32(lower)
}

/// The heading ids one page has given so far, with how often each base
/// was asked for.
pub type UsedIds = HashMap<String, usize, ahash::RandomState>;

/// `base`, or `base-1`, `base-2`... when a heading of the page has it already.
pub fn unique_id(base: String, used: &mut UsedIds) -> String {
    // One hash of `base`: a first use (nearly every heading) is one entry.
    let id = match used.entry(base) {
        std::collections::hash_map::Entry::Vacant(first) => {
            let id = first.key().clone();
            first.insert(1);
            return id;
        }
        std::collections::hash_map::Entry::Occupied(mut again) => {
            *again.get_mut() += 1;
            format!("{}-{}", again.key(), again.get() - 1)
        }
    };
    used.insert(id.clone(), 1);
    id
}

/// `<a name="x">`, `<a id="x">` and `</a>`: the anchors Learn-style pages
/// put in headings, harmless in any translation.
fn is_bare_anchor(html: &str) -> bool {
    let html = html.trim();
    if html == "</a>" {
        return true;
    }
    let Some(inner) = html.strip_prefix("<a ").and_then(|h| h.strip_suffix('>')) else {
        return false;
    };
    let inner = inner.trim().trim_end_matches("></a").trim_end_matches('/');
    let Some((name, value)) = inner.split_once('=') else {
        return false;
    };
    matches!(name.trim(), "name" | "id")
        && value.len() >= 2
        && value.starts_with('"')
        && value.ends_with('"')
        && value[1..value.len() - 1]
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// The `name="x"` and `id="x"` values of raw HTML: anchors too
/// (Learn-style pages put an `<a name>` inside every heading).
pub fn raw_anchor_names(html: &str) -> impl Iterator<Item = &str> {
    ["name=\"", "id=\""].into_iter().flat_map(move |attr| {
        let mut rest = html;
        std::iter::from_fn(move || loop {
            let i = rest.find(attr)?;
            let after = &rest[i + attr.len()..];
            rest = after;
            if let Some(end) = after.find('"') {
                return Some(&after[..end]);
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page shown in several locales renders, through the memo, exactly
    /// as it renders alone in each: its HTML (links rewritten for each
    /// locale), headings and findings with their positions and locale. Also
    /// for a page whose link the writer leaves out (inside an image's
    /// text) and one holding the marker character or its encoding.
    #[test]
    fn a_kept_page_renders_in_each_locale_as_it_does_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write(
            "site.yaml",
            "default_locale: en\nlocales:\n  - { code: en, name: English }\n  - { code: fr, name: Français }\n  - { code: sv, name: Svenska }\n",
        );
        write("content/en/other.md", "---\ntitle: Other\n---\n# Other\n");
        write("content/fr/other.md", "---\ntitle: Autre\n---\n# Autre\n");
        write(
            "content/en/guide.md",
            "---\ntitle: Guide\n---\n# Guide\n\nSee [other](other.md#x \"t&t\"), [gone](missing.md), \
             [bad](javascript:alert(1)), [web](https://example.test/a?b=1&c=2), \
             <https://example.test/auto> and ![pic](img/a%20b.png).\n\n## Guide\n\n\
             [other again](./other.md) with `code`.\n",
        );
        write(
            "content/en/alt.md",
            "# Alt\n\n![a [link](https://example.test/n) in text](img.png) then [other](other.md).\n",
        );
        // Its markers and links agree in number, not in order.
        write(
            "content/en/marker.md",
            "# Marker\n\n%F3%B0%80%82 [x](other.md) ![a [n](https://example.test/n) b](img.png)\n",
        );
        let (site, _) = crate::load::load(root).expect("site loads");
        let plain = |r: Rendered| (r.html, r.headings, r.title_heading, r.problems);
        for id in ["guide", "alt", "marker"] {
            let page = site.pages.get(id).and_then(|v| v.get("en")).expect("page");
            let mut memo = RenderMemo::default();
            for (i, locale) in ["en", "fr", "sv"].into_iter().enumerate() {
                let from_dir = format!("{locale}/{id}/");
                memo.keep = i < 2;
                let shared =
                    render_sharing(&site, page, locale, &from_dir, true, Some(&mut memo), None);
                let alone = render(&site, page, locale, &from_dir, true);
                assert_eq!(plain(shared), plain(alone), "{id} in {locale}");
            }
        }
        // The guide's links do differ by locale, and each render reports
        // its own findings.
        let page = site
            .pages
            .get("guide")
            .and_then(|v| v.get("en"))
            .expect("page");
        let fr = render(&site, page, "fr", "fr/guide/", false);
        assert!(fr.html.contains("fr/other/#x"), "{}", fr.html);
        assert_eq!(fr.problems.len(), 3, "{:?}", fr.problems);
        assert!(fr
            .problems
            .iter()
            .all(|p| p.locale.as_deref() == Some("fr")));
    }

    #[test]
    fn links_are_spliced_one_per_marker_and_escaped() {
        let m = LINK_MARKER_IN_HTML;
        let template = format!("<a href=\"{m}\">a</a> <img src=\"{m}\">");
        assert_eq!(
            splice_links(&template, ["../fr/a/?x=1&y", "b c.png"].into_iter()).as_deref(),
            Some("<a href=\"../fr/a/?x=1&amp;y\">a</a> <img src=\"b%20c.png\">")
        );
        assert_eq!(splice_links(&template, ["a"].into_iter()), None);
        assert_eq!(splice_links(&template, ["a", "b", "c"].into_iter()), None);
    }

    #[test]
    fn slugs_of_common_letters_are_what_the_unicode_tables_give() {
        // The rule the shortcut stands in for, written with the tables.
        let by_tables = |c: char| -> String {
            if c.is_alphanumeric() {
                c.to_lowercase().collect()
            } else if c.is_whitespace() || c == '-' || c == '_' {
                "-".to_owned()
            } else {
                String::new()
            }
        };
        let mut shortcut = 0;
        for c in ('\0'..='\u{4ff}').chain(['\u{1e9e}', '\u{2160}', '\u{ff21}']) {
            let word = format!("a{c}b");
            assert_eq!(slugify(&word), format!("a{}b", by_tables(c)), "{c:?}");
            shortcut += usize::from(common_lowercase(c).is_some());
        }
        // Digits, both Latin-1 cases but × and ÷, and the 66 Russian letters.
        assert_eq!(shortcut, 10 + 52 + 62 + 66);
    }

    #[test]
    fn slugs_keep_cyrillic_and_drop_punctuation() {
        assert_eq!(slugify("Publishing stages"), "publishing-stages");
        assert_eq!(slugify("Этапы публикации"), "этапы-публикации");
        assert_eq!(slugify("État de l’offre !"), "état-de-loffre");
        assert_eq!(slugify("***"), "section");
        assert_eq!(slugify("Step\u{b}2_of-3\u{a0}Ünï"), "step-2-of-3-ünï");
    }

    #[test]
    fn duplicate_ids_are_numbered() {
        let mut used = UsedIds::default();
        let mut id = |base: &str| unique_id(base.to_owned(), &mut used);
        assert_eq!(id("a"), "a");
        assert_eq!(id("a"), "a-1");
        assert_eq!(id("a"), "a-2");
        assert_eq!(id("a-1"), "a-1-1");
        assert_eq!(id("b"), "b");
    }

    #[test]
    fn tokens_are_replaced_and_stray_ones_dropped() {
        let values = vec!["ten".to_owned()];
        let text = format!("up to {TOKEN_OPEN}0{TOKEN_CLOSE} days");
        assert_eq!(replace_tokens(&text, &values), "up to ten days");
    }

    #[test]
    fn directive_markers_are_found_anywhere() {
        assert_eq!(directive_markers("plain text: no markers"), (false, false));
        assert_eq!(directive_markers("a :value{x} b"), (true, false));
        assert_eq!(directive_markers("::table{x}\n"), (false, true));
        assert_eq!(directive_markers("x ::a :value{b}"), (true, true));
        assert_eq!(
            directive_markers(&format!("stray {TOKEN_CLOSE}")),
            (true, false)
        );
        assert_eq!(directive_markers(&format!("{TOKEN_OPEN}")), (true, false));
        // Other characters whose UTF-8 starts with 0xF3, and a colon at the end.
        assert_eq!(directive_markers("\u{F0100} \u{E0041}:"), (false, false));
    }

    #[test]
    fn only_bare_anchors_pass_in_translations() {
        assert!(is_bare_anchor(r#"<a name="offer-status"></a>"#));
        assert!(is_bare_anchor(r#"<a id="x">"#));
        assert!(is_bare_anchor("</a>"));
        assert!(!is_bare_anchor(r#"<a name="x" onclick="alert(1)">"#));
        assert!(!is_bare_anchor(r#"<a href="javascript:x">"#));
        assert!(!is_bare_anchor("<script>"));
        assert!(!is_bare_anchor(r#"<a name="x"><img src=x onerror=y>"#));
    }

    #[test]
    fn raw_anchors_are_found() {
        let html = r#"<a name="offer-status"></a><span id="x">"#;
        let mut names: Vec<&str> = raw_anchor_names(html).collect();
        names.sort_unstable();
        assert_eq!(names, ["offer-status", "x"]);
    }
}
