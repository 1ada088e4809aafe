//! Translator exchange: the source messages with a locale's translations
//! out as XLIFF 2.0 or gettext PO (what translation management systems
//! import), and translations back into the locale's .ftl files.
//!
//! A unit is a message's value or one of its attributes (`id.attr`), and
//! its text is the FTL pattern exactly as written, placeables and
//! selectors included, so nothing is lost on the way. Import patches only
//! the units whose text changed, in place: comments, order, layout and
//! every other message stay byte for byte, and a round trip with no edits
//! changes nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::load::l10n::ftl_files;
use crate::load::Site;
use crate::render::escape_html;

/// A translatable piece of an .ftl file, with where its text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtlUnit {
    /// `message`, `message.attribute`, `-term`.
    pub key: String,
    /// The pattern as written (after `=`, first-line spaces trimmed).
    pub text: String,
    /// Byte range of `text` in the file.
    pub span: std::ops::Range<usize>,
    /// The comment attached to the message, for translators.
    pub note: Option<String>,
}

/// The units of one .ftl file, in file order. Entries are found by the
/// parser; their extent is every line up to the next line that starts at
/// column 0 (a new entry or comment), since patterns may hold blank lines.
pub fn units(source: &str) -> Vec<FtlUnit> {
    let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(res, _)| res);
    let mut starts: Vec<(usize, String, Option<String>)> = Vec::new();
    for entry in &resource.body {
        let (id, comment) = match entry {
            fluent_syntax::ast::Entry::Message(m) => (m.id.name.to_owned(), m.comment.as_ref()),
            fluent_syntax::ast::Entry::Term(t) => (format!("-{}", t.id.name), t.comment.as_ref()),
            _ => continue,
        };
        let name = id.trim_start_matches('-');
        let Some(at) = find_entry(source, &id, name) else {
            continue;
        };
        let note = comment
            .map(|c| c.content.join("\n"))
            .filter(|n| !n.trim().is_empty());
        starts.push((at, id, note));
    }
    let mut out = Vec::new();
    for (at, id, note) in starts {
        let end = entry_end(source, at);
        let entry = &source[at..end];
        let Some(eq) = entry.find('=') else { continue };
        let mut pieces: Vec<(String, usize)> = vec![(id.clone(), at + eq + 1)];
        // Attribute lines: indented `.name =`.
        let mut line_start = at + entry.find('\n').map_or(entry.len(), |i| i + 1);
        while line_start < end {
            let line_end = source[line_start..end]
                .find('\n')
                .map_or(end, |i| line_start + i + 1);
            let line = &source[line_start..line_end];
            let trimmed = line.trim_start_matches([' ', '\t']);
            if trimmed.len() < line.len() {
                if let Some(rest) = trimmed.strip_prefix('.') {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                        .collect();
                    let after = &rest[name.len()..];
                    if !name.is_empty() && after.trim_start_matches([' ', '\t']).starts_with('=') {
                        let eq_at = line_start
                            + (line.len() - trimmed.len())
                            + 1
                            + name.len()
                            + after.find('=').unwrap_or(0)
                            + 1;
                        // The previous piece ends where this line starts.
                        pieces.push((String::new(), line_start));
                        pieces.push((format!("{id}.{name}"), eq_at));
                    }
                }
            }
            line_start = line_end;
        }
        // Turn (key, start) markers into spans.
        let mut i = 0;
        while i < pieces.len() {
            let (key, start) = pieces[i].clone();
            if key.is_empty() {
                i += 1;
                continue;
            }
            let stop = pieces[i + 1..]
                .iter()
                .find(|(k, _)| k.is_empty())
                .map_or(end, |(_, s)| *s);
            let raw = &source[start..stop];
            let lead = raw.len() - raw.trim_start_matches([' ', '\t']).len();
            let text = raw[lead..].trim_end();
            let span_start = start + lead;
            if !text.is_empty() {
                out.push(FtlUnit {
                    key,
                    text: text.to_owned(),
                    span: span_start..span_start + text.len(),
                    note: if i == 0 { note.clone() } else { None },
                });
            }
            i += 1;
        }
    }
    out
}

/// Where entry `id` starts: at a line start, followed by `=`.
fn find_entry(source: &str, id: &str, name: &str) -> Option<usize> {
    let prefix = if id.starts_with('-') { "-" } else { "" };
    source.match_indices(name).map(|(i, _)| i).find_map(|i| {
        let start = i.checked_sub(prefix.len())?;
        let at_line_start = start == 0 || source.as_bytes()[start - 1] == b'\n';
        let prefixed = &source[start..i] == prefix;
        let followed = source[i + name.len()..]
            .trim_start_matches([' ', '\t'])
            .starts_with('=');
        (at_line_start && prefixed && followed).then_some(start)
    })
}

/// The end of the entry starting at `at`: the next line that starts at
/// column 0 and is not blank (nor a closing `}`), with the blank lines
/// before it excluded.
fn entry_end(source: &str, at: usize) -> usize {
    let mut line_start = source[at..].find('\n').map_or(source.len(), |i| at + i + 1);
    let mut end = line_start;
    while line_start < source.len() {
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |i| line_start + i + 1);
        let line = &source[line_start..line_end];
        let first = line.chars().next().unwrap_or('\n');
        // A selector's closing brace may sit at column 0 and still belong.
        if !matches!(first, ' ' | '\t' | '\n' | '\r' | '}') {
            break;
        }
        if !line.trim().is_empty() {
            end = line_end;
        }
        line_start = line_end;
    }
    end.max(source[at..].find('\n').map_or(source.len(), |i| at + i + 1))
}

/// One exported unit: the source text and, when the locale has it, the
/// translation.
#[derive(Debug, Clone)]
pub struct ExchangeUnit {
    /// The source file, relative to `locales/<source>/` (`ui.ftl`).
    pub file: String,
    pub key: String,
    pub source: String,
    pub target: Option<String>,
    pub note: Option<String>,
}

/// A locale's translations as exchange units, in the source's order.
pub fn collect(site: &Site, locale: &str) -> anyhow::Result<Vec<ExchangeUnit>> {
    let source_locale = site.default_locale();
    if locale == source_locale {
        bail!("`{locale}` is the source locale; export a translation locale");
    }
    if site.config.locale(locale).is_none_or(|l| l.pseudo) {
        bail!("`{locale}` is not a translated locale of this site");
    }
    let source_dir = site.root.join("locales").join(source_locale);
    let translated: BTreeMap<String, String> = ftl_files(&site.root.join("locales").join(locale))
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            units(&text)
                .into_iter()
                .map(|u| (u.key, u.text))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out = Vec::new();
    for path in ftl_files(&source_dir) {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let file = path
            .strip_prefix(&source_dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        for unit in units(&text) {
            out.push(ExchangeUnit {
                file: file.clone(),
                target: translated.get(&unit.key).cloned(),
                key: unit.key,
                source: unit.text,
                note: unit.note,
            });
        }
    }
    Ok(out)
}

/// XLIFF 2.0: a `<file>` per source .ftl file, a `<unit>` per message
/// value or attribute.
pub fn to_xliff(units: &[ExchangeUnit], source: &str, target: &str) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">\n",
        escape_html(source),
        escape_html(target)
    );
    let mut current: Option<&str> = None;
    for unit in units {
        if current != Some(unit.file.as_str()) {
            if current.is_some() {
                out.push_str("  </file>\n");
            }
            let _ = writeln!(
                out,
                "  <file id=\"{}\" original=\"locales/{}/{}\">",
                escape_html(&unit.file),
                escape_html(source),
                escape_html(&unit.file)
            );
            current = Some(&unit.file);
        }
        let _ = writeln!(out, "    <unit id=\"{}\">", escape_html(&unit.key));
        if let Some(note) = &unit.note {
            let _ = writeln!(
                out,
                "      <notes><note>{}</note></notes>",
                escape_html(note)
            );
        }
        let state = if unit.target.is_some() {
            "translated"
        } else {
            "initial"
        };
        let _ = writeln!(out, "      <segment state=\"{state}\">");
        let _ = writeln!(
            out,
            "        <source xml:space=\"preserve\">{}</source>",
            escape_html(&unit.source)
        );
        if let Some(target) = &unit.target {
            let _ = writeln!(
                out,
                "        <target xml:space=\"preserve\">{}</target>",
                escape_html(target)
            );
        }
        out.push_str("      </segment>\n    </unit>\n");
    }
    if current.is_some() {
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

/// gettext PO: `msgctxt` is the unit key, a `#:` reference names the
/// source file, `msgstr` is empty where the locale has no translation.
pub fn to_po(units: &[ExchangeUnit], source: &str, target: &str) -> String {
    let mut out = format!(
        "# Exported by locdoc: messages of `{source}` with their `{target}` translations.\nmsgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Language: {target}\\n\"\n\"X-Source-Language: {source}\\n\"\n"
    );
    for unit in units {
        out.push('\n');
        if let Some(note) = &unit.note {
            for line in note.lines() {
                let _ = writeln!(out, "#. {line}");
            }
        }
        let _ = writeln!(out, "#: locales/{source}/{}", unit.file);
        let _ = writeln!(out, "msgctxt {}", po_string(&unit.key));
        let _ = writeln!(out, "msgid {}", po_string(&unit.source));
        let _ = writeln!(
            out,
            "msgstr {}",
            po_string(unit.target.as_deref().unwrap_or(""))
        );
    }
    out
}

fn po_string(text: &str) -> String {
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\t', "\\t")
    };
    if !text.contains('\n') {
        return format!("\"{}\"", escape(text));
    }
    let mut out = String::from("\"\"");
    for piece in text.split_inclusive('\n') {
        let _ = write!(out, "\n\"{}\"", escape(piece).replace('\n', "\\n"));
    }
    out
}

/// What a returned file says: its target locale, and key -> (file, text).
pub struct Returned {
    pub locale: Option<String>,
    pub units: Vec<(String, String, String)>,
}

pub fn read_xliff(text: &str) -> anyhow::Result<Returned> {
    let doc = roxmltree::Document::parse(text).context("not well-formed XML")?;
    let root = doc.root_element();
    if root.tag_name().name() != "xliff" {
        bail!(
            "not an XLIFF file (the root element is <{}>)",
            root.tag_name().name()
        );
    }
    let locale = root.attribute("trgLang").map(str::to_owned);
    let mut units = Vec::new();
    for file in root.children().filter(|n| n.has_tag_name("file")) {
        let file_id = file.attribute("id").unwrap_or("main.ftl").to_owned();
        for unit in file.descendants().filter(|n| n.has_tag_name("unit")) {
            let Some(key) = unit.attribute("id") else {
                continue;
            };
            let target = unit
                .descendants()
                .find(|n| n.has_tag_name("target"))
                .map(|t| {
                    t.descendants()
                        .filter(|n| n.is_text())
                        .map(|n| n.text().unwrap_or_default())
                        .collect::<String>()
                });
            if let Some(target) = target.filter(|t| !t.trim().is_empty()) {
                units.push((file_id.clone(), key.to_owned(), target));
            }
        }
    }
    Ok(Returned { locale, units })
}

pub fn read_po(text: &str) -> anyhow::Result<Returned> {
    #[derive(Default)]
    struct Entry {
        reference: Option<String>,
        ctxt: Option<String>,
        id: Option<String>,
        str_: Option<String>,
    }
    let mut locale = None;
    let mut units = Vec::new();
    let mut entry = Entry::default();
    let mut field: Option<&'static str> = None;
    let flush = |entry: &mut Entry,
                 locale: &mut Option<String>,
                 units: &mut Vec<(String, String, String)>| {
        let e = std::mem::take(entry);
        match (e.ctxt, e.id, e.str_) {
            (None, Some(id), Some(header)) if id.is_empty() => {
                *locale = header
                    .lines()
                    .find_map(|l| l.strip_prefix("Language:").map(|v| v.trim().to_owned()));
            }
            (Some(key), Some(_), Some(target)) if !target.is_empty() => {
                let file = e
                    .reference
                    .and_then(|r| r.rsplit('/').next().map(str::to_owned))
                    .unwrap_or_else(|| "main.ftl".to_owned());
                units.push((file, key, target));
            }
            _ => {}
        }
    };
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end();
        let (keyword, rest) = if let Some(rest) = line.strip_prefix("msgctxt ") {
            (Some("ctxt"), rest)
        } else if let Some(rest) = line.strip_prefix("msgid ") {
            (Some("id"), rest)
        } else if let Some(rest) = line.strip_prefix("msgstr ") {
            (Some("str"), rest)
        } else if line.starts_with('"') {
            (None, line)
        } else {
            if line.is_empty() && entry.str_.is_some() {
                flush(&mut entry, &mut locale, &mut units);
            }
            if let Some(reference) = line.strip_prefix("#: ") {
                entry.reference = Some(reference.trim().to_owned());
            }
            continue;
        };
        // A new msgctxt or msgid after a msgstr starts the next entry.
        if matches!(keyword, Some("ctxt" | "id")) && entry.str_.is_some() {
            flush(&mut entry, &mut locale, &mut units);
        }
        let value = po_unquote(rest)
            .with_context(|| format!("line {}: expected a quoted string", number + 1))?;
        let slot = match keyword.or(field) {
            Some("ctxt") => &mut entry.ctxt,
            Some("id") => &mut entry.id,
            Some("str") => &mut entry.str_,
            _ => bail!(
                "line {}: a string outside msgctxt, msgid or msgstr",
                number + 1
            ),
        };
        slot.get_or_insert_with(String::new).push_str(&value);
        if keyword.is_some() {
            field = keyword;
        }
    }
    flush(&mut entry, &mut locale, &mut units);
    Ok(Returned { locale, units })
}

fn po_unquote(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                other => out.push(other),
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// What an import changed.
#[derive(Debug, Default)]
pub struct ImportSummary {
    pub updated: usize,
    pub added: usize,
    pub files: Vec<PathBuf>,
}

/// Merges `returned` units into `locales/<locale>/`. Units whose text is
/// already there change nothing; changed ones are replaced in place; new
/// ones are appended to the file named like the source's. Every file is
/// parsed before it is written: a unit that would break it stops the
/// import with its key, and nothing is written.
pub fn import(site: &Site, locale: &str, returned: &Returned) -> anyhow::Result<ImportSummary> {
    if locale == site.default_locale() || site.config.locale(locale).is_none_or(|l| l.pseudo) {
        bail!("`{locale}` is not a translated locale of this site");
    }
    let dir = site.root.join("locales").join(locale);
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    for path in ftl_files(&dir) {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        files.insert(path, text);
    }
    // Plan every edit against the files as they are, then apply them from
    // the end of each file backwards, so no span moves under another.
    let mut index: BTreeMap<String, (PathBuf, FtlUnit)> = BTreeMap::new();
    for (path, text) in &files {
        for unit in units(text) {
            index
                .entry(unit.key.clone())
                .or_insert((path.clone(), unit));
        }
    }
    let mut summary = ImportSummary::default();
    let mut edits: BTreeMap<PathBuf, Vec<(std::ops::Range<usize>, String)>> = BTreeMap::new();
    let mut appended: BTreeMap<PathBuf, Vec<(String, Option<String>, String)>> = BTreeMap::new();
    for (file, key, target) in &returned.units {
        let target = target.trim_end();
        match index.get(key) {
            Some((_, unit)) if unit.text == target => {}
            Some((path, unit)) => {
                edits
                    .entry(path.clone())
                    .or_default()
                    .push((unit.span.clone(), target.to_owned()));
                summary.updated += 1;
            }
            None => {
                let (id, attr) = match key.split_once('.') {
                    Some((id, attr)) => (id.to_owned(), Some(attr.to_owned())),
                    None => (key.clone(), None),
                };
                // A new attribute of a message the locale has: after its last line.
                // (Found by its entry: a message may have attributes only.)
                let owner = attr.as_ref().and_then(|_| {
                    files
                        .iter()
                        .find(|(_, text)| {
                            find_entry(text, &id, id.trim_start_matches('-')).is_some()
                        })
                        .map(|(path, _)| path.clone())
                });
                match (owner, &attr) {
                    (Some(path), Some(attr)) => {
                        let text = &files[&path];
                        let at =
                            find_entry(text, &id, id.trim_start_matches('-')).unwrap_or(text.len());
                        let end = entry_end(text, at);
                        let lead = if text[..end].ends_with('\n') {
                            ""
                        } else {
                            "\n"
                        };
                        let line = format!("{lead}    .{attr} = {}\n", indent_continuation(target));
                        edits.entry(path).or_default().push((end..end, line));
                    }
                    _ => {
                        let name = Path::new(file)
                            .file_name()
                            .map_or_else(|| "main.ftl".into(), |n| n.to_owned());
                        appended.entry(dir.join(name)).or_default().push((
                            id,
                            attr,
                            target.to_owned(),
                        ));
                    }
                }
                summary.added += 1;
            }
        }
    }
    let mut touched: Vec<PathBuf> = Vec::new();
    for (path, mut list) in edits {
        list.sort_by_key(|edit| std::cmp::Reverse(edit.0.start));
        let text = files
            .get_mut(&path)
            .expect("edits name files that were read");
        for (span, replacement) in list {
            text.replace_range(span, &replacement);
        }
        touched.push(path);
    }
    for (path, entries) in appended {
        let text = files.entry(path.clone()).or_default();
        // Attributes of one new message go under one entry.
        let mut grouped: Vec<NewMessage> = Vec::new();
        for (id, attr, target) in entries {
            match grouped.iter_mut().find(|g| g.0 == id) {
                Some(group) => match attr {
                    Some(attr) => group.2.push((attr, target)),
                    None => group.1 = Some(target),
                },
                None => match attr {
                    Some(attr) => grouped.push((id, None, vec![(attr, target)])),
                    None => grouped.push((id, Some(target), Vec::new())),
                },
            }
        }
        for (id, value, attrs) in grouped {
            let mut entry = match value {
                Some(value) => format!("{id} = {}\n", indent_continuation(&value)),
                None => format!("{id} =\n"),
            };
            for (attr, target) in attrs {
                let _ = writeln!(entry, "    .{attr} = {}", indent_continuation(&target));
            }
            append(text, &entry);
        }
        touched.push(path);
    }
    touched.sort();
    touched.dedup();
    for path in &touched {
        let text = &files[path];
        if let Err((_, errors)) = fluent_syntax::parser::parse(text.as_str()) {
            let first = &errors[0];
            let line = crate::diag::Position::of_offset(text, first.pos.start).line;
            bail!(
                "importing would break {} at line {line} ({}); nothing was written",
                crate::diag::relative_to(&site.root, path).display(),
                first.kind
            );
        }
    }
    for path in &touched {
        crate::build::write_file(path, &files[path])?;
    }
    summary.files = touched;
    Ok(summary)
}

/// A message to append: its id, its value, and its attributes.
type NewMessage = (String, Option<String>, Vec<(String, String)>);

/// Continuation lines of a multi-line pattern must be indented in FTL.
fn indent_continuation(text: &str) -> String {
    let mut lines = text.lines();
    let mut out = lines.next().unwrap_or_default().to_owned();
    for line in lines {
        out.push('\n');
        if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            out.push_str("    ");
        }
        out.push_str(line);
    }
    out
}

fn append(text: &mut String, entry: &str) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(entry);
}

#[cfg(test)]
mod tests {
    use super::*;

    const FTL: &str = "### File comment\n\n# A note\nhello = Hello { $name }\n    .title = Greeting\n\nunit-day = { $count ->\n    [one] { $count } day\n\n   *[other] { $count } days\n}\n-brand = Locdoc\n";

    #[test]
    fn units_have_exact_spans() {
        let found = units(FTL);
        let keys: Vec<&str> = found.iter().map(|u| u.key.as_str()).collect();
        assert_eq!(keys, ["hello", "hello.title", "unit-day", "-brand"]);
        for unit in &found {
            assert_eq!(&FTL[unit.span.clone()], unit.text);
        }
        assert_eq!(found[0].text, "Hello { $name }");
        assert_eq!(found[0].note.as_deref(), Some("A note"));
        assert!(found[2].text.starts_with("{ $count ->") && found[2].text.ends_with('}'));
    }

    #[test]
    fn po_strings_round_trip() {
        for text in ["plain", "with \"quotes\" and \\ and\ttab", "two\nlines\n"] {
            let quoted = po_string(text);
            let joined: String = quoted
                .lines()
                .map(|l| po_unquote(l).expect("quoted"))
                .collect();
            assert_eq!(joined, text);
        }
    }
}
