//! Directives put facts from the model into a page, the same line in every
//! locale: `::table{...}` and `::list{...}` on a line of their own, and
//! `:value{...}` inside a sentence. The syntax is the generic-directive
//! form Markdown tools already use, so editors leave it alone.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use fluent_bundle::{FluentArgs, FluentValue};

use crate::diag::Diagnostic;
use crate::load::model::{Collection, FieldValue, Record};
use crate::load::Site;
use crate::render::escape_html;

pub const BLOCK_DIRECTIVES: &[&str] = &["table", "list"];
pub const INLINE_DIRECTIVES: &[&str] = &["value"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub key: String,
    pub value: String,
    /// Byte offset of the value within the parsed text.
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    /// Byte offset of the name within the parsed text.
    pub offset: usize,
    pub attrs: Vec<Attr>,
    /// Byte length of the whole directive, `:` to `}`.
    pub len: usize,
}

/// A syntax problem at a byte offset of the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

impl Directive {
    pub fn attr(&self, key: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.key == key)
    }
}

/// Parses a whole line as a block directive. `None` when the line is not
/// one (it doesn't start with `::` and a letter after up to three spaces).
pub fn parse_block_line(line: &str) -> Option<Result<Directive, SyntaxError>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let after = rest.strip_prefix("::")?;
    if !after.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(parse_at(line, indent + 2).and_then(|d| {
        let end = indent + 1 + d.len;
        if line[end..].trim().is_empty() {
            Ok(Directive {
                offset: d.offset,
                ..d
            })
        } else {
            Err(SyntaxError {
                offset: end,
                message: "a block directive must be alone on its line".to_owned(),
            })
        }
    }))
}

/// Parses `name{attrs}` starting at `start` (just after the colons).
/// The returned `len` counts from one byte before `start` (the last colon).
pub fn parse_at(text: &str, start: usize) -> Result<Directive, SyntaxError> {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len()
        && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-' || bytes[i] == b'_')
    {
        i += 1;
    }
    let name = text[start..i].to_owned();
    if bytes.get(i) != Some(&b'{') {
        return Err(SyntaxError {
            offset: i,
            message: format!("expected `{{` after directive name `{name}`"),
        });
    }
    i += 1;
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
        match bytes.get(i) {
            None | Some(b'\n') => {
                return Err(SyntaxError {
                    offset: i,
                    message: format!("directive `{name}` is missing its closing `}}`"),
                })
            }
            Some(b'}') => {
                i += 1;
                break;
            }
            _ => {}
        }
        let key_start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-' || bytes[i] == b'_')
        {
            i += 1;
        }
        if i == key_start {
            return Err(SyntaxError {
                offset: i,
                message: "expected an attribute name like `collection=\"...\"`".to_owned(),
            });
        }
        let key = text[key_start..i].to_owned();
        if bytes.get(i) != Some(&b'=') {
            return Err(SyntaxError {
                offset: i,
                message: format!("expected `=` after attribute `{key}`"),
            });
        }
        i += 1;
        let (value, value_offset) = if bytes.get(i) == Some(&b'"') {
            let value_start = i + 1;
            let mut value = String::new();
            let mut j = value_start;
            loop {
                match text[j..].chars().next() {
                    None | Some('\n') => {
                        return Err(SyntaxError {
                            offset: i,
                            message: format!("the value of `{key}` has no closing quote"),
                        })
                    }
                    Some('"') => {
                        j += 1;
                        break;
                    }
                    Some('\\') if text[j + 1..].starts_with(['"', '\\']) => {
                        value.push(text.as_bytes()[j + 1] as char);
                        j += 2;
                    }
                    Some(c) => {
                        value.push(c);
                        j += c.len_utf8();
                    }
                }
            }
            i = j;
            (value, value_start)
        } else {
            let value_start = i;
            while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'}' | b'\n') {
                i += 1;
            }
            (text[value_start..i].to_owned(), value_start)
        };
        if attrs.iter().any(|a: &Attr| a.key == key) {
            return Err(SyntaxError {
                offset: key_start,
                message: format!("attribute `{key}` is given twice"),
            });
        }
        attrs.push(Attr {
            key,
            value,
            offset: value_offset,
        });
    }
    Ok(Directive {
        name,
        offset: start,
        attrs,
        len: i - (start - 1),
    })
}

/// What a directive needs to render: the site, the locale it renders in,
/// and where problems are reported.
pub struct Scope<'a> {
    pub site: &'a Site,
    pub locale: &'a str,
    /// Problems found while rendering: pushed, never fatal to the page.
    pub problems: Vec<Diagnostic>,
    /// Block directives rendered earlier in the same build, if it keeps them.
    pub blocks: Option<&'a RenderedBlocks>,
}

/// The block directives one build has rendered, by locale and directive
/// line. A table or list depends only on the site (its model and messages)
/// and the locale, and a site shows the same one on many pages: rendered
/// again for each, a table cost ~68,000 instructions. Kept for one build,
/// never longer, so a changed model or message cannot be served stale.
#[derive(Default)]
pub struct RenderedBlocks {
    by_locale: Mutex<HashMap<String, HashMap<String, Arc<RenderedBlock>>>>,
}

/// One block directive as it rendered, with the problems it reported (in
/// the model's files, so the same for every page that shows it).
struct RenderedBlock {
    html: Result<String, DirectiveError>,
    problems: Vec<Diagnostic>,
}

impl RenderedBlocks {
    fn get(&self, locale: &str, line: &str) -> Option<Arc<RenderedBlock>> {
        let by_locale = self.by_locale.lock().ok()?;
        by_locale.get(locale)?.get(line).cloned()
    }

    fn keep(&self, locale: &str, line: &str, block: RenderedBlock) {
        if let Ok(mut by_locale) = self.by_locale.lock() {
            by_locale
                .entry(locale.to_owned())
                .or_default()
                .insert(line.to_owned(), Arc::new(block));
        }
    }
}

/// A problem at `offset` within the directive's text, which the caller turns
/// into a file position.
#[derive(Clone)]
pub struct DirectiveError {
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
}

fn fail<T>(offset: usize, message: String, help: Option<String>) -> Result<T, DirectiveError> {
    Err(DirectiveError {
        offset,
        message,
        help,
    })
}

impl<'a> Scope<'a> {
    fn collection(&self, d: &Directive, attr: &str) -> Result<&'a Collection, DirectiveError> {
        let site: &'a Site = self.site;
        let Some(name) = d.attr(attr) else {
            return fail(
                d.offset,
                format!("directive `{}` needs `{attr}=\"...\"`", d.name),
                None,
            );
        };
        site.model.collection(&name.value).ok_or_else(|| {
            let known: Vec<&str> = site.model.collections.keys().map(String::as_str).collect();
            DirectiveError {
                offset: name.offset,
                message: format!("no model collection named `{}`", name.value),
                help: Some(if known.is_empty() {
                    "the model is empty: add collections in content/_data/*.yaml".to_owned()
                } else {
                    format!("known collections: {}", known.join(", "))
                }),
            }
        })
    }

    fn check_attrs(d: &Directive, allowed: &[&str]) -> Result<(), DirectiveError> {
        for attr in &d.attrs {
            if !allowed.contains(&attr.key.as_str()) {
                return fail(
                    attr.offset.saturating_sub(attr.key.len() + 2),
                    format!("directive `{}` has no attribute `{}`", d.name, attr.key),
                    Some(format!("its attributes are: {}", allowed.join(", "))),
                );
            }
        }
        Ok(())
    }

    /// A message of the model, through the fallback chain, with a warning
    /// when this locale has to borrow it: a coverage gap, never a crash.
    fn model_text(
        &mut self,
        collection: &Collection,
        record: Option<&Record>,
        message_id: &str,
        attr: Option<&str>,
        args: Option<&FluentArgs>,
    ) -> Option<String> {
        let what = match attr {
            Some(a) => format!("`{message_id}.{a}`"),
            None => format!("`{message_id}`"),
        };
        let at = |d: Diagnostic| {
            let d = d.in_file(&collection.file);
            match record {
                Some(r) => d.at_line("", r.line, 1),
                None => d,
            }
        };
        match self.site.l10n.format(self.locale, message_id, attr, args) {
            Some((formatted, errors)) => {
                if formatted.locale != self.locale {
                    self.problems.push(
                        at(Diagnostic::warning(
                            "model-label-fallback",
                            format!(
                                "{what} is missing in `{}`; shown from `{}`",
                                self.locale, formatted.locale
                            ),
                        ))
                        .for_locale(self.locale),
                    );
                }
                if let Some(problem) =
                    format_problem(self.site, &formatted.locale, message_id, &what, &errors)
                {
                    self.problems.push(problem.for_locale(self.locale));
                    // `{message}` placeholders must not reach readers.
                    return None;
                }
                Some(formatted.text)
            }
            None => {
                self.problems.push(
                    at(Diagnostic::warning(
                        "model-label-missing",
                        format!(
                            "{what} is defined in no locale that `{}` falls back to",
                            self.locale
                        ),
                    ))
                    .for_locale(self.locale),
                );
                None
            }
        }
    }

    fn format_field(
        &mut self,
        collection: &Collection,
        record: &Record,
        value: &FieldValue,
    ) -> String {
        match value {
            FieldValue::Null => self
                .ui_text("value-none", None)
                .unwrap_or_else(|| "\u{2014}".to_owned()),
            FieldValue::Bool(b) => {
                let id = if *b { "value-yes" } else { "value-no" };
                self.ui_text(id, None).unwrap_or_else(|| b.to_string())
            }
            FieldValue::Number(n) => format_number(*n),
            FieldValue::Text(s) => s.clone(),
            // Formatted by the message `unit-<unit>`, as a record's label is:
            // the same fallback, warnings and refusal of broken output.
            FieldValue::Quantity { amount, unit } => {
                let mut args = FluentArgs::new();
                args.set("count", FluentValue::from(*amount));
                self.model_text(
                    collection,
                    Some(record),
                    &format!("unit-{unit}"),
                    None,
                    Some(&args),
                )
                .unwrap_or_else(|| format!("{} {unit}", format_number(*amount)))
            }
        }
    }

    fn ui_text(&self, id: &str, args: Option<&FluentArgs>) -> Option<String> {
        self.site
            .l10n
            .format(self.locale, id, None, args)
            .map(|(f, _)| f.text)
    }

    /// Record fields as Fluent arguments, so a label can say
    /// "takes up to { $duration }" without repeating the figure.
    fn record_args(&mut self, collection: &Collection, record: &Record) -> FluentArgs<'static> {
        let mut args = FluentArgs::new();
        for (name, value) in &record.fields {
            let value: FluentValue<'static> = match value {
                FieldValue::Number(n) => FluentValue::from(*n),
                FieldValue::Text(s) => FluentValue::from(s.clone()),
                other => FluentValue::from(self.format_field(collection, record, other)),
            };
            args.set(name.clone(), value);
        }
        args
    }

    /// The text of `record` in `column`. `args` keeps the record's Fluent
    /// arguments for its other columns: made on first need, once a row.
    fn cell(
        &mut self,
        collection: &Collection,
        record: &Record,
        column: &str,
        args: &mut Option<FluentArgs<'static>>,
    ) -> String {
        if let Some(value) = record.fields.get(column) {
            return self.format_field(collection, record, value);
        }
        let message_id = collection.record_message_id(record);
        if args.is_none() {
            *args = Some(self.record_args(collection, record));
        }
        let attr = if column == "label" {
            None
        } else {
            Some(column)
        };
        self.model_text(collection, Some(record), &message_id, attr, args.as_ref())
            .unwrap_or_else(|| {
                if column == "label" {
                    record.id.clone()
                } else {
                    String::new()
                }
            })
    }

    /// [`Scope::render_block`] of `d`, parsed from `line`, taken from
    /// [`Scope::blocks`] when the build rendered the same line for this
    /// locale before (its problems are reported again, as rendering would).
    pub fn render_block_line(
        &mut self,
        line: &str,
        d: &Directive,
    ) -> Result<String, DirectiveError> {
        let Some(blocks) = self.blocks else {
            return self.render_block(d);
        };
        if let Some(done) = blocks.get(self.locale, line) {
            self.problems.extend(done.problems.iter().cloned());
            return done.html.clone();
        }
        let before = self.problems.len();
        let html = self.render_block(d);
        let block = RenderedBlock {
            html: html.clone(),
            problems: self.problems[before..].to_vec(),
        };
        blocks.keep(self.locale, line, block);
        html
    }

    /// Renders a block directive to HTML.
    pub fn render_block(&mut self, d: &Directive) -> Result<String, DirectiveError> {
        match d.name.as_str() {
            "table" => self.render_table(d),
            "list" => self.render_list(d),
            _ => fail(
                d.offset,
                format!("unknown directive `{}`", d.name),
                Some(format!(
                    "block directives are: {}",
                    BLOCK_DIRECTIVES.join(", ")
                )),
            ),
        }
    }

    fn render_table(&mut self, d: &Directive) -> Result<String, DirectiveError> {
        Self::check_attrs(d, &["collection", "columns"])?;
        let collection = self.collection(d, "collection")?;
        let columns: Vec<String> = match d.attr("columns") {
            Some(attr) => {
                let columns: Vec<String> = attr
                    .value
                    .split([' ', ','])
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect();
                if columns.is_empty() {
                    return fail(attr.offset, "`columns` names no column".to_owned(), None);
                }
                for column in &columns {
                    if !self.column_exists(collection, column) {
                        let at = attr.offset + attr.value.find(column.as_str()).unwrap_or(0);
                        return fail(
                            at,
                            format!("collection `{}` has no column `{column}`", collection.name),
                            Some(
                                "a column is `label`, a field of the records, or an attribute of their messages in the source locale"
                                    .to_owned(),
                            ),
                        );
                    }
                }
                columns
            }
            None => self.default_columns(collection),
        };

        let mut html = format!(
            "<div class=\"table-wrap\" lang=\"{}\"><table class=\"model-table\" data-collection=\"{}\">\n<thead><tr>",
            escape_html(self.locale),
            escape_html(&collection.name)
        );
        let header_id = collection.columns_message_id();
        for column in &columns {
            let attr = Some(column.as_str());
            let header = if self
                .site
                .l10n
                .format(self.locale, &header_id, attr, None)
                .is_some()
            {
                self.model_text(collection, None, &header_id, attr, None)
            } else {
                self.problems.push(
                    Diagnostic::warning(
                        "model-header-missing",
                        format!("no header for column `{column}`: add `{header_id}` with `.{column} = ...`"),
                    )
                    .in_file(&collection.file)
                    .for_locale(self.locale),
                );
                None
            };
            let header = header.unwrap_or_else(|| column.clone());
            html.push_str(&format!("<th scope=\"col\">{}</th>", escape_html(&header)));
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for record in &collection.records {
            html.push_str(&format!(
                "<tr id=\"{}\">",
                escape_html(&format!("{}-{}", collection.message_prefix(), record.id))
            ));
            let mut args = None;
            for (i, column) in columns.iter().enumerate() {
                let text = self.cell(collection, record, column, &mut args);
                // The first column names the row: a row header for screen readers.
                if i == 0 {
                    html.push_str(&format!("<th scope=\"row\">{}</th>", escape_html(&text)));
                } else {
                    html.push_str(&format!("<td>{}</td>", escape_html(&text)));
                }
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody></table></div>\n");
        Ok(html)
    }

    fn render_list(&mut self, d: &Directive) -> Result<String, DirectiveError> {
        Self::check_attrs(d, &["collection", "style", "item"])?;
        let collection = self.collection(d, "collection")?;
        let tag = match d.attr("style").map(|a| a.value.as_str()) {
            None | Some("ordered") => "ol",
            Some("bulleted") => "ul",
            Some(_) => {
                let attr = d.attr("style").expect("matched above");
                return fail(
                    attr.offset,
                    "`style` is `ordered` or `bulleted`".to_owned(),
                    None,
                );
            }
        };
        let item = d
            .attr("item")
            .map_or("label", |a| a.value.as_str())
            .to_owned();
        if !self.column_exists(collection, &item) {
            let offset = d.attr("item").map_or(d.offset, |a| a.offset);
            return fail(
                offset,
                format!("collection `{}` has no column `{item}`", collection.name),
                None,
            );
        }
        let mut html = format!(
            "<{tag} class=\"model-list\" lang=\"{}\" data-collection=\"{}\">\n",
            escape_html(self.locale),
            escape_html(&collection.name)
        );
        for record in &collection.records {
            let text = self.cell(collection, record, &item, &mut None);
            html.push_str(&format!("<li>{}</li>\n", escape_html(&text)));
        }
        html.push_str(&format!("</{tag}>\n"));
        Ok(html)
    }

    /// Renders an inline directive to plain text (the caller escapes it).
    pub fn render_inline(&mut self, d: &Directive) -> Result<String, DirectiveError> {
        if d.name != "value" {
            return fail(
                d.offset,
                format!("unknown directive `{}`", d.name),
                Some(format!(
                    "inline directives are: {}",
                    INLINE_DIRECTIVES.join(", ")
                )),
            );
        }
        Self::check_attrs(d, &["record", "field"])?;
        let Some(path) = d.attr("record") else {
            return fail(
                d.offset,
                "directive `value` needs `record=\"collection.id\"`".to_owned(),
                None,
            );
        };
        let Some((collection_name, record_id)) = path.value.rsplit_once('.') else {
            return fail(
                path.offset,
                format!("`{}` is not `<collection>.<record id>`", path.value),
                None,
            );
        };
        let site: &'a Site = self.site;
        let Some(collection) = site.model.collection(collection_name) else {
            return fail(
                path.offset,
                format!("no model collection named `{collection_name}`"),
                None,
            );
        };
        let Some(record) = collection.record(record_id) else {
            return fail(
                path.offset,
                format!("collection `{collection_name}` has no record `{record_id}`"),
                None,
            );
        };
        let field = d.attr("field").map_or("label", |a| a.value.as_str());
        if !self.column_exists(collection, field) {
            let offset = d.attr("field").map_or(d.offset, |a| a.offset);
            return fail(
                offset,
                format!("record `{}` has no field `{field}`", path.value),
                None,
            );
        }
        Ok(self.cell(collection, record, field, &mut None))
    }

    fn column_exists(&self, collection: &Collection, column: &str) -> bool {
        if column == "label" || collection.has_field(column) {
            return true;
        }
        // An attribute counts when the source locale defines it for a record.
        let source = self.site.default_locale();
        collection.records.iter().any(|r| {
            self.site
                .l10n
                .has_own(source, &collection.record_message_id(r), Some(column))
        })
    }

    fn default_columns(&self, collection: &Collection) -> Vec<String> {
        let mut columns = vec!["label".to_owned()];
        for record in &collection.records {
            for field in record.fields.keys() {
                if !columns.contains(field) {
                    columns.push(field.clone());
                }
            }
        }
        if self.column_exists(collection, "description")
            && !columns.iter().any(|c| c == "description")
        {
            columns.push("description".to_owned());
        }
        columns
    }
}

/// Errors Fluent met while formatting a message (a reference cycle, a
/// missing variable, too many placeables) as one error at the message's
/// definition: its output would carry `{...}` placeholders.
fn format_problem(
    site: &Site,
    served_by: &str,
    message_id: &str,
    what: &str,
    errors: &[fluent_bundle::FluentError],
) -> Option<Diagnostic> {
    if errors.is_empty() {
        return None;
    }
    let causes: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let d = Diagnostic::error(
        "ftl-format",
        format!(
            "{what} cannot be formatted in `{served_by}`: {}",
            causes.join("; ")
        ),
    );
    Some(site.l10n.locate(served_by, message_id, d))
}

/// Integers without a decimal point; other numbers as Rust prints them.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block rendered once per build and locale gives every later page
    /// the same HTML, problems and errors as rendering it again would.
    #[test]
    fn a_kept_block_is_what_rendering_again_gives() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/i18n");
        let (site, _) = crate::load::load(&root).expect("fixture loads");
        let blocks = RenderedBlocks::default();
        let render = |locale: &str, line: &str, kept: Option<&RenderedBlocks>| {
            let mut scope = Scope {
                site: &site,
                locale,
                problems: Vec::new(),
                blocks: kept,
            };
            let d = parse_block_line(line).expect("directive").expect("valid");
            let html = scope.render_block_line(line, &d);
            let html = html.map_err(|e| (e.offset, e.message));
            (html, scope.problems)
        };
        let table = r#"::table{collection="timing.spans" columns="label duration"}"#;
        let broken = r#"::table{collection="timing.spans" columns="label nothing"}"#;
        for locale in ["sv", "fr", "en"] {
            for line in [table, broken] {
                let fresh = render(locale, line, None);
                assert_eq!(
                    render(locale, line, Some(&blocks)),
                    fresh,
                    "{locale} {line}"
                );
                assert_eq!(
                    render(locale, line, Some(&blocks)),
                    fresh,
                    "{locale} {line}"
                );
            }
        }
        // sv borrows a label from en: the warning comes with every page.
        let (html, problems) = render("sv", table, Some(&blocks));
        assert!(html.is_ok());
        assert!(
            problems.iter().any(|d| d.code == "model-label-fallback"),
            "{problems:?}"
        );
        assert!(render("fr", broken, Some(&blocks)).0.is_err());
    }

    #[test]
    fn block_line_parses_quoted_and_bare_values() {
        let line = r#"::table{collection="publishing.stages" columns=label}"#;
        let d = parse_block_line(line).expect("directive").expect("valid");
        assert_eq!(d.name, "table");
        assert_eq!(d.offset, 2);
        assert_eq!(
            d.attr("collection").expect("attr").value,
            "publishing.stages"
        );
        assert_eq!(d.attr("columns").expect("attr").value, "label");
        assert_eq!(
            &line[d.attr("collection").expect("attr").offset..][..10],
            "publishing"
        );
    }

    #[test]
    fn ordinary_lines_are_not_directives() {
        assert!(parse_block_line("Plain text").is_none());
        assert!(parse_block_line(":: not one").is_none());
        assert!(parse_block_line("    ::table{}").is_none());
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let err = parse_block_line(r#"::table{collection="x"#)
            .expect("directive")
            .expect_err("unterminated");
        assert!(err.message.contains("closing quote"));
        let err = parse_block_line("::table{a=1} trailing")
            .expect("directive")
            .expect_err("trailing");
        assert_eq!(err.offset, 12);
    }

    #[test]
    fn escaped_quotes_inside_values() {
        let d = parse_at(r#":value{record="a\"b"}"#, 1).expect("valid");
        assert_eq!(d.attr("record").expect("attr").value, "a\"b");
        assert_eq!(d.len, r#":value{record="a\"b"}"#.len());
    }

    #[test]
    fn numbers_print_without_needless_decimals() {
        assert_eq!(format_number(4.0), "4");
        assert_eq!(format_number(1.5), "1.5");
    }
}
