//! Tera templates: the embedded default theme, overridden file by file by a
//! site's own `templates/`, compiled once per build, with `t()` to reach
//! the page's Fluent messages.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use fluent_bundle::{FluentArgs, FluentValue};
use rayon::prelude::*;
use tera::{Kwargs, State, Tera};

use crate::diag::{relative_to, Diagnostic};
use crate::load::l10n::Localizer;
use crate::load::read_text;

/// The default theme, compiled into the binary. It is also the bundled
/// site's `templates/`, so the demo shows exactly what a new site gets.
pub const DEFAULT_THEME: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("section.html", include_str!("../../templates/section.html")),
    ("chooser.html", include_str!("../../templates/chooser.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("status.html", include_str!("../../templates/status.html")),
    ("style.css", include_str!("../../templates/style.css")),
];

/// UI messages a template asked for that no locale of the chain has.
pub type MissingMessages = Arc<Mutex<BTreeSet<(String, String)>>>;

pub struct Templates {
    pub tera: Tera,
    pub missing: MissingMessages,
    /// The variables each page template reads (with what it extends and
    /// includes), worked out once; absent when Tera cannot tell.
    page_variables: HashMap<String, HashSet<String>>,
    /// The attributes of `page` the templates read, when they can be told
    /// ([`page_attributes_read`]).
    page_attributes: Option<HashSet<String>>,
    /// Per locale, the templates with each `{{ t(key="...") }}` whose
    /// message formats cleanly written in as text: a page makes a score of
    /// these calls, and as text they cost nothing. Locales without an entry
    /// use `tera`.
    inlined: HashMap<String, Tera>,
}

impl Templates {
    /// The templates to render a page in `lang` with.
    pub fn for_locale(&self, lang: &str) -> &Tera {
        self.inlined.get(lang).unwrap_or(&self.tera)
    }

    /// Whether page template `template` reads the context variable `name`.
    /// Parts of a page's context are costly (the navigation is a third of a
    /// page's work); a site whose templates never show them should not pay
    /// for them. When Tera cannot tell, the answer is yes.
    pub fn uses(&self, template: &str, name: &str) -> bool {
        self.page_variables
            .get(template)
            .is_none_or(|vars| vars.contains(name))
    }

    /// Whether some template may read `page.<name>`. The headings of a
    /// page cost a tenth of its template's work to hand over, and few
    /// templates show them.
    pub fn reads_page(&self, name: &str) -> bool {
        self.page_attributes
            .as_ref()
            .is_none_or(|names| names.contains(name))
    }

    fn find_page_variables<'t>(
        tera: &Tera,
        mut texts: impl Iterator<Item = &'t str>,
    ) -> HashMap<String, HashSet<String>> {
        // A context dump makes the set unknown.
        if texts.any(dumps_context) {
            return HashMap::new();
        }
        ["page.html", "section.html"]
            .into_iter()
            .filter_map(|name| {
                let vars = tera.get_template_variables(name).ok()?;
                Some((
                    name.to_owned(),
                    vars.into_iter().map(str::to_owned).collect(),
                ))
            })
            .collect()
    }
}

impl Templates {
    pub fn load(root: &Path, l10n: Arc<Localizer>) -> (Templates, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let missing: MissingMessages = Arc::default();
        let mut tera = new_tera(Arc::clone(&l10n), Arc::clone(&missing));

        let mut sources: Vec<(String, String, Option<std::path::PathBuf>)> = DEFAULT_THEME
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned(), None))
            .collect();
        let dir = root.join("templates");
        if dir.is_dir() {
            for path in crate::load::files_in(&dir) {
                let path = path.as_path();
                let Ok(name) = path
                    .strip_prefix(&dir)
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                else {
                    continue;
                };
                // messages.ftl holds the theme's words, not a template.
                if name.starts_with('.') || name.ends_with('~') || name.ends_with(".ftl") {
                    continue;
                }
                let rel = relative_to(root, path);
                match read_text(path) {
                    Ok(text) => {
                        sources.retain(|(n, _, _)| n != &name);
                        sources.push((name, text, Some(rel)));
                    }
                    Err(d) => problems.push(d.in_file(&rel)),
                }
            }
        }
        // Templates are added together so `extends` can refer forward. On a
        // failure, find the culprits: starting from the embedded theme
        // (known good), add the site's templates one at a time, keeping each
        // that works, so a broken page.html doesn't make every template that
        // extends base.html look broken too.
        let all: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, t, _)| (n.as_str(), t.as_str()))
            .collect();
        if let Err(whole) = tera.add_raw_templates(all) {
            let mut good: Vec<(String, String)> = DEFAULT_THEME
                .iter()
                .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
                .collect();
            let before = problems.len();
            for (name, text, path) in sources.iter().filter(|(_, _, path)| path.is_some()) {
                let mut candidate = good.clone();
                candidate.retain(|(n, _)| n != name);
                candidate.push((name.clone(), text.clone()));
                let mut probe = new_tera(Arc::new(Localizer::empty()), Arc::default());
                match probe
                    .add_raw_templates(candidate.iter().map(|(n, t)| (n.as_str(), t.as_str())))
                {
                    Ok(()) => good = candidate,
                    Err(err) => problems.push(template_error(
                        path.as_deref().unwrap_or(Path::new("templates")),
                        &err,
                    )),
                }
            }
            if problems.len() == before {
                problems.push(template_error(Path::new("templates"), &whole));
            }
        }
        let page_variables =
            Templates::find_page_variables(&tera, sources.iter().map(|(_, t, _)| t.as_str()));
        let page_attributes = page_attributes_read(sources.iter().map(|(_, t, _)| t.as_str()));
        let inlined = if problems.is_empty() {
            inline_messages(&sources, &l10n, &missing)
        } else {
            HashMap::new()
        };
        (
            Templates {
                tera,
                missing,
                page_variables,
                page_attributes,
                inlined,
            },
            problems,
        )
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }
}

/// A Tera error as a diagnostic. Tera 2 already writes `file:line:col` and a
/// snippet into its message; keep it whole.
pub fn template_error(file: &Path, err: &tera::Error) -> Diagnostic {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(&format!("\n{cause}"));
        source = cause.source();
    }
    let text = text.trim_end().trim_start_matches("error: ").to_owned();
    let mut d = Diagnostic::error("template", text.clone()).in_file(file);
    if let Some((line, column)) = find_line_col(&text) {
        d.line = Some(line);
        d.column = Some(column);
    }
    d
}

/// Tera reports positions as `--> name:line:col`; pick them up so the
/// diagnostic carries them in its own fields too.
fn find_line_col(text: &str) -> Option<(usize, usize)> {
    let arrow = text.find("--> ")?;
    let rest = text[arrow + 4..].lines().next()?;
    let mut parts = rest.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    Some((line, column))
}

/// The file endings Tera escapes output for (its default, which locdoc
/// keeps).
const TERA_AUTOESCAPED: [&str; 3] = [".html", ".htm", ".xml"];

/// For each locale whose messages some template names literally, the
/// templates with those calls written in as text (see
/// [`Templates::inlined`]). A locale whose templates do not compile that way
/// is left out, and renders with the calls.
fn inline_messages(
    sources: &[(String, String, Option<std::path::PathBuf>)],
    l10n: &Arc<Localizer>,
    missing: &MissingMessages,
) -> HashMap<String, Tera> {
    // `t()` formats for the context's `lang`; a template that binds `lang`
    // itself could ask for another locale than the page's.
    if sources.iter().any(|(_, text, _)| binds_lang(text)) {
        return HashMap::new();
    }
    let literal_keys: BTreeSet<&str> = sources
        .iter()
        .flat_map(|(_, text, _)| literal_message_keys(text))
        .collect();
    // The copies are independent: compiled in parallel, they no longer
    // keep one core idle for most of the build's template phase.
    plain_messages(l10n, &literal_keys)
        .par_iter()
        .filter_map(|(locale, messages)| {
            let texts: Vec<(&str, String)> = sources
                .iter()
                .map(|(name, text, _)| {
                    let escape = TERA_AUTOESCAPED.iter().any(|s| name.ends_with(s));
                    (name.as_str(), inline_calls(text, messages, escape))
                })
                .collect();
            let mut tera = new_tera(Arc::clone(l10n), Arc::clone(missing));
            tera.add_raw_templates(texts.iter().map(|(n, t)| (*n, t.as_str())))
                .ok()?;
            Some((locale.clone(), tera))
        })
        .collect()
}

/// `template` with each `{{ t(key="k") }}` (or `'k'`) whose key is in
/// `messages` replaced by the message's text, escaped when `escape` (Tera
/// and locdoc escape with the same function, pulldown-cmark-escape's).
/// Calls in raw blocks, comments and macro bodies stay, as do calls with
/// filters, arguments or whitespace control, and messages with a `{`
/// (which would read as template syntax).
fn inline_calls(template: &str, messages: &HashMap<String, tera::Value>, escape: bool) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    // Inside `{% raw %}` or `{% macro %}`: the tag that ends it.
    let mut skip_until: Option<&str> = None;
    while let Some((before, tag, after)) = split_at_tag(rest) {
        out.push_str(before);
        rest = after;
        let close = &tag[tag.len() - 2..];
        let inner = tag[2..tag.len() - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let word = inner.split_whitespace().next().unwrap_or_default();
        if close == "%}" {
            match skip_until {
                Some(until) if word == until => skip_until = None,
                Some(_) => {}
                None if word == "raw" => skip_until = Some("endraw"),
                None if word == "macro" => skip_until = Some("endmacro"),
                None => {}
            }
        }
        let text = (close == "}}" && skip_until.is_none())
            .then(|| literal_call(tag))
            .flatten()
            .and_then(|key| messages.get(key)?.as_str())
            .filter(|text| !text.contains('{'));
        match text {
            Some(text) if escape => crate::render::push_escaped(&mut out, text),
            Some(text) => out.push_str(text),
            None => out.push_str(tag),
        }
    }
    out.push_str(rest);
    out
}

/// The attributes of `page` that `texts` read, when every mention of
/// `page` inside their tags is an attribute read, `page.<name>`: then an
/// attribute no template names cannot be shown. `None` when some mention
/// is anything else (`page | json_encode`, `page["..."]`, `set p = page`,
/// a macro's argument) or the whole context is dumped: then any may be.
fn page_attributes_read<'t>(texts: impl Iterator<Item = &'t str>) -> Option<HashSet<String>> {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut read = HashSet::new();
    for text in texts {
        if dumps_context(text) {
            return None;
        }
        let mut rest = text;
        while let Some((_, tag, after)) = split_at_tag(rest) {
            rest = after;
            if tag.starts_with("{#") {
                continue;
            }
            let code = &tag[2..tag.len() - 2];
            let bytes = code.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let b = bytes[i];
                if let Some(end) = string_end(code, i) {
                    // `split_at_tag` saw the string end.
                    i = end.unwrap_or(code.len());
                } else if is_word(b) {
                    let start = i;
                    while i < bytes.len() && is_word(bytes[i]) {
                        i += 1;
                    }
                    let after_dot = code[..start].trim_end().ends_with('.');
                    if &code[start..i] != "page" || after_dot {
                        continue;
                    }
                    let name_len = bytes[i..]
                        .strip_prefix(b".")
                        .map_or(0, |name| name.iter().take_while(|b| is_word(**b)).count());
                    if name_len == 0 {
                        return None;
                    }
                    read.insert(code[i + 1..i + 1 + name_len].to_owned());
                    i += 1 + name_len;
                } else {
                    i += 1;
                }
            }
        }
        // An unclosed tag: Tera refuses it, and nothing can be told.
        if rest.contains("{{") || rest.contains("{%") {
            return None;
        }
    }
    Some(read)
}

/// Splits `text` at its first whole Tera tag (`{{ }}`, `{% %}`, `{# #}`):
/// the text before it, the tag with its marks, and the rest. A closing mark
/// inside a string literal does not end a tag. `None` when no tag opens,
/// or the first to open never closes.
fn split_at_tag(text: &str) -> Option<(&str, &str, &str)> {
    let mut open = 0;
    loop {
        open += text[open..].find('{')?;
        let from = &text[open..];
        let close = match from.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => {
                open += 1;
                continue;
            }
        };
        let bytes = from.as_bytes();
        let mut i = 2;
        loop {
            if i >= bytes.len() {
                return None;
            }
            if bytes[i..].starts_with(close.as_bytes()) {
                let end = i + close.len();
                return Some((&text[..open], &from[..end], &from[end..]));
            }
            match string_end(from, i) {
                Some(end) if close != "#}" => i = end?,
                _ => i += 1,
            }
        }
    }
}

/// When a Tera string literal opens at byte `i` of `code` (`"`, `'` or a
/// backtick): `Some` of where it ends (past its closing quote), or
/// `Some(None)` when it never closes. `None` when no string opens there.
fn string_end(code: &str, i: usize) -> Option<Option<usize>> {
    let quote = code
        .as_bytes()
        .get(i)
        .filter(|b| matches!(b, b'"' | b'\'' | b'`'))?;
    Some(code[i + 1..].find(*quote as char).map(|n| i + 2 + n))
}

/// Whether `text` dumps the whole context (`__tera_context`), which Tera
/// leaves out of a template's variables: then any variable, and any
/// attribute, may be shown.
fn dumps_context(text: &str) -> bool {
    text.contains("__tera_context")
}

/// The key of `{{ t(key="k") }}` or `{{ t(key='k') }}`, spaces allowed
/// inside the braces, nothing else.
fn literal_call(tag: &str) -> Option<&str> {
    let inner = tag.strip_prefix("{{")?.strip_suffix("}}")?;
    if inner.starts_with('-') || inner.ends_with('-') {
        return None;
    }
    let call = inner.trim().strip_prefix("t(key=")?.strip_suffix(')')?;
    let quote = call.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let key = call.strip_prefix(quote)?.strip_suffix(quote)?;
    (!key.contains(quote)).then_some(key)
}

/// Whether a template gives `lang` a value of its own: `set`, `set_global`
/// or a loop variable named `lang`.
fn binds_lang(template: &str) -> bool {
    template.split("{%").skip(1).any(|tag| {
        let tag = tag.split("%}").next().unwrap_or_default();
        let mut words = tag
            .trim_start_matches('-')
            .split(|c: char| c.is_whitespace() || c == ',' || c == '=')
            .filter(|w| !w.is_empty());
        match words.next() {
            Some("set" | "set_global") => words.next() == Some("lang"),
            Some("for") => words.take_while(|w| *w != "in").any(|w| w == "lang"),
            _ => false,
        }
    })
}

/// Tera's own `safe` copies the string it marks; a page's content is most
/// of the page, so this one marks the string it was given (shared, not
/// copied). Anything else becomes its text, as with Tera's.
fn mark_safe(value: &tera::Value, _: Kwargs, _: &State) -> tera::Value {
    if value.as_str().is_some() {
        value.clone().mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// Formatted messages by locale, then key (`id` or `id.attribute`).
type PlainMessages = HashMap<String, HashMap<String, tera::Value>>;

/// The keys a template names literally: `t(key="x")` or `t(key='x')`.
fn literal_message_keys(template: &str) -> impl Iterator<Item = &str> {
    template.match_indices("t(key=").filter_map(|(at, call)| {
        let rest = &template[at + call.len()..];
        let quote = rest.chars().next().filter(|q| matches!(q, '"' | '\''))?;
        let rest = &rest[1..];
        Some(&rest[..rest.find(quote)?])
    })
}

/// `keys` formatted without arguments in every locale, where that
/// succeeds: the texts written into the templates' per-locale copies.
fn plain_messages(l10n: &Localizer, keys: &BTreeSet<&str>) -> PlainMessages {
    l10n.locales()
        .map(|bundle| {
            let texts = keys
                .iter()
                .filter_map(|key| {
                    let (id, attr) = message_id(key);
                    let (formatted, errors) =
                        l10n.format(&bundle.code, id, attr, Some(&FluentArgs::new()))?;
                    errors
                        .is_empty()
                        .then(|| ((*key).to_owned(), tera::Value::from(formatted.text)))
                })
                .collect();
            (bundle.code.clone(), texts)
        })
        .collect()
}

/// A Tera with locdoc's `t()` function and `safe` filter.
fn new_tera(l10n: Arc<Localizer>, missing: MissingMessages) -> Tera {
    let mut tera = Tera::new();
    register_t(&mut tera, l10n, missing);
    tera.register_filter("safe", mark_safe);
    tera
}

/// A message key's id and attribute: `id` or `id.attribute`.
fn message_id(key: &str) -> (&str, Option<&str>) {
    match key.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (key, None),
    }
}

fn register_t(tera: &mut Tera, l10n: Arc<Localizer>, missing: MissingMessages) {
    // Calls that name a message and nothing else are kept after their first
    // formatting (most such calls are written into the templates' per-locale
    // copies, see `inline_messages`; these are the rest).
    let plain: RwLock<PlainMessages> = RwLock::default();
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<tera::Value> {
            let key: &str = kwargs.must_get("key")?;
            let lang: Option<tera::Value> = state.get("lang")?;
            let lang = lang
                .as_ref()
                .and_then(tera::Value::as_str)
                .unwrap_or_default();
            let has_args = kwargs.iter().any(|(name, _)| name.as_str() != Some("key"));
            if !has_args {
                let cached = plain
                    .read()
                    .ok()
                    .and_then(|cache| cache.get(lang).and_then(|texts| texts.get(key)).cloned());
                if let Some(text) = cached {
                    return Ok(text);
                }
            }
            let mut args = FluentArgs::new();
            for (name, value) in kwargs.iter() {
                let name = name.to_string();
                if name == "key" {
                    continue;
                }
                let value: FluentValue = if let Some(n) = value.as_f64() {
                    FluentValue::from(n)
                } else if let Some(s) = value.as_str() {
                    FluentValue::from(s.to_owned())
                } else {
                    FluentValue::from(value.to_string())
                };
                args.set(name, value);
            }
            let (id, attr) = message_id(key);
            match l10n.format(lang, id, attr, Some(&args)) {
                Some((formatted, errors)) => {
                    let text = tera::Value::from(formatted.text);
                    // A message that wanted arguments it didn't get is not
                    // kept: it is formatted (and fails) the same way each time.
                    if !has_args && errors.is_empty() {
                        if let Ok(mut cache) = plain.write() {
                            cache
                                .entry(lang.to_owned())
                                .or_default()
                                .insert(key.to_owned(), text.clone());
                        }
                    }
                    Ok(text)
                }
                None => {
                    if let Ok(mut set) = missing.lock() {
                        set.insert((lang.to_owned(), key.to_owned()));
                    }
                    Ok(tera::Value::from(key))
                }
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_keys_are_found_in_either_quotes() {
        let text = r#"{{ t(key="a-b") }} {{ t(key='c.d') }} {{ t(key=name) }} {{ t(key="open"#;
        let keys: Vec<&str> = literal_message_keys(text).collect();
        assert_eq!(keys, ["a-b", "c.d"]);
    }

    #[test]
    fn safe_marks_strings_and_writes_other_values_as_text() {
        let mut tera = Tera::new();
        tera.register_filter("safe", mark_safe);
        tera.add_raw_template("t.html", "{{ a | safe }}|{{ n | safe }}|{{ s }}")
            .expect("template");
        let mut context = tera::Context::new();
        context.insert("a", "<b>bold</b>");
        context.insert("n", &3);
        context.insert("s", "<i>");
        let html = tera.render("t.html", &context).expect("render");
        assert_eq!(html, "<b>bold</b>|3|&lt;i&gt;");
    }

    /// `sources` compiled, and the variables their page templates read.
    fn compiled(sources: &[(&str, &str)]) -> (Tera, HashMap<String, HashSet<String>>) {
        let mut tera = Tera::new();
        tera.add_raw_templates(sources.iter().copied())
            .expect("templates");
        let vars = Templates::find_page_variables(&tera, sources.iter().map(|(_, t)| *t));
        (tera, vars)
    }

    #[test]
    fn page_variables_are_read_through_includes_and_parents() {
        let (tera, page_variables) = compiled(&[
            ("base.html", "{% block main %}{% endblock %}{{ root }}"),
            ("parts.html", "{% for l in site.locales %}{{ l.code }}{% endfor %}"),
            ("page.html", "{% extends \"base.html\" %}{% block main %}{% include \"parts.html\" %}{% endblock %}"),
            ("section.html", "{{ page.title }}"),
        ]);
        let templates = Templates {
            tera,
            missing: Arc::default(),
            page_variables,
            page_attributes: None,
            inlined: HashMap::new(),
        };
        assert!(templates.uses("page.html", "site"));
        assert!(templates.uses("page.html", "root"));
        assert!(!templates.uses("page.html", "nav"));
        assert!(!templates.uses("section.html", "site"));
        // A template Tera does not know is assumed to read everything.
        assert!(templates.uses("other.html", "nav"));
    }

    #[test]
    fn tags_end_at_their_closing_mark_outside_strings() {
        assert_eq!(
            split_at_tag("a { b {{ \"}}\" ~ '%}' }} c"),
            Some(("a { b ", "{{ \"}}\" ~ '%}' }}", " c"))
        );
        assert_eq!(
            split_at_tag("{# it's #}{% if x %}"),
            Some(("", "{# it's #}", "{% if x %}"))
        );
        assert_eq!(split_at_tag("no tags { here }"), None);
        assert_eq!(split_at_tag("{{ \"open }}"), None);
        assert_eq!(split_at_tag("{% if x "), None);
    }

    #[test]
    fn page_attributes_are_known_only_when_page_is_read_attribute_by_attribute() {
        let read = |texts: &[&str]| {
            page_attributes_read(texts.iter().copied()).map(|names| {
                let mut names: Vec<String> = names.into_iter().collect();
                names.sort();
                names
            })
        };
        assert_eq!(
            read(&[
                "<title>{{ page.title }}</title>{% if page.description -%}",
                "<a aria-current=\"page\">a page</a>{{- page.content | safe }}",
                "{# page | json_encode, é #}{{ \"page\" ~ 'page' ~ other.page ~ `page` }}",
                "{% for h in page.headings %}{{ h.text }}{% endfor %}é{{ \"é\" ~ page.extra.x }}",
            ]),
            Some(vec![
                "content".to_owned(),
                "description".into(),
                "extra".into(),
                "headings".into(),
                "title".into()
            ])
        );
        assert_eq!(
            read(&["{{ page.title }}", "<p>{{ lang }}</p>"]).map(|n| n.len()),
            Some(1)
        );
        // Anything that may reach an attribute without naming it.
        for whole in [
            "{{ page | json_encode }}",
            "{{ page[\"headings\"] }}",
            "{% set p = page %}{{ p.headings }}",
            "{{ toc::list(of=page) }}",
            "{% for k, v in page %}{{ k }}{% endfor %}",
            "{{ page . headings }}",
            "{{ __tera_context }}",
            "{{ page.title",
            "{{ \"page.title }}",
        ] {
            assert_eq!(read(&["{{ page.title }}", whole]), None, "{whole}");
        }
    }

    #[test]
    fn a_context_dump_counts_as_reading_every_variable() {
        let (_, vars) = compiled(&[
            ("page.html", "<pre>{{ __tera_context }}</pre>"),
            ("section.html", ""),
        ]);
        assert!(vars.is_empty(), "{vars:?}");
    }

    #[test]
    fn plain_calls_are_written_in_and_the_rest_left_alone() {
        let messages: HashMap<String, tera::Value> =
            [("a", "Tom & \"Jerry's\" <x>"), ("b", "B"), ("brace", "{x}")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), tera::Value::from(v)))
                .collect();
        let kept = [
            "{{ t(key=\"a\") | upper }}",
            "{{- t(key=\"a\") -}}",
            "{% raw %}{{ t(key=\"a\") }}{% endraw %}",
            "{# {{ t(key=\"a\") }} #}",
            "{% macro m() %}{{ t(key=\"a\") }}{% endmacro m %}",
            "{{ t(key=\"missing\") }}",
            "{{ t(key=\"brace\") }}",
            "{{ t(key=\"a\", n=2) }}",
            "{ {{ \"}\" }}",
        ];
        let template = format!(
            "<p>{{{{ t(key=\"a\") }}}}|{{{{t(key='b')}}}}|{}</p>",
            kept.join("|")
        );
        let expected = format!(
            "<p>Tom &amp; &quot;Jerry&#39;s&quot; &lt;x&gt;|B|{}</p>",
            kept.join("|")
        );
        assert_eq!(inline_calls(&template, &messages, true), expected);
        let plain = inline_calls(
            "{{ t(key=\"a\") }} {% if x %}{{ t(key=\"b\") }}{% endif %}",
            &messages,
            false,
        );
        assert_eq!(plain, "Tom & \"Jerry's\" <x> {% if x %}B{% endif %}");
        // An unclosed tag ends the scan without losing text.
        assert_eq!(
            inline_calls("a {{ t(key=\"b\")", &messages, true),
            "a {{ t(key=\"b\")"
        );
    }

    #[test]
    fn templates_that_rebind_lang_are_noticed() {
        assert!(binds_lang("{% set lang = \"fr\" %}"));
        assert!(binds_lang("{%- set_global lang=x -%}"));
        assert!(binds_lang("{% for code, lang in pairs %}"));
        assert!(binds_lang("{% for lang in site.locales %}"));
        assert!(!binds_lang(
            "{% for l in site.locales %}{{ lang }}{% endfor %}"
        ));
        assert!(!binds_lang(
            "{% set language = lang %}{% if lang == \"fr\" %}{% endif %}"
        ));
    }

    #[test]
    fn tera_positions_are_parsed() {
        let text = "Syntax error\n --> page.html:3:14\n  |";
        assert_eq!(find_line_col(text), Some((3, 14)));
    }
}
