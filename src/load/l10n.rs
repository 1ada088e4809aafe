//! Fluent bundles, one per locale, each resource parsed once and shared, and
//! the fallback chain that decides which locale answers for a message.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource};

use crate::config::SiteConfig;
use crate::diag::{find_token, Diagnostic};

pub type Bundle = FluentBundle<Arc<FluentResource>>;

/// The code under which the theme's own messages answer, after every
/// locale's real chain.
pub const THEME_LOCALE: &str = "theme";

/// The default theme's English UI strings (`templates/messages.ftl`).
const THEME_MESSAGES: &str = include_str!("../../templates/messages.ftl");

/// One parsed `.ftl` file.
pub struct FtlFile {
    /// Relative to the site root.
    pub path: PathBuf,
    pub resource: Arc<FluentResource>,
}

pub struct LocaleBundle {
    pub code: String,
    pub bundle: Bundle,
    pub files: Vec<FtlFile>,
}

/// A formatted message and the locale whose bundle supplied it.
#[derive(Debug, Clone, PartialEq)]
pub struct Formatted {
    pub text: String,
    pub locale: String,
}

pub struct Localizer {
    bundles: BTreeMap<String, LocaleBundle>,
    chains: BTreeMap<String, Vec<String>>,
}

impl Localizer {
    /// Loads `locales/<code>/**/*.ftl` for every configured locale and every
    /// locale named in a fallback chain (such as `pt` for `pt-BR`) that has
    /// a folder.
    pub fn load(root: &Path, config: &SiteConfig) -> (Localizer, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut codes: Vec<&str> = Vec::new();
        for locale in &config.locales {
            for code in &locale.chain {
                if !codes.contains(&code.as_str()) {
                    codes.push(code);
                }
            }
        }
        let mut bundles = BTreeMap::new();
        for code in codes {
            if config.locale(code).is_some_and(|l| l.pseudo) {
                continue;
            }
            let dir = root.join("locales").join(code);
            let configured = config.locale(code).is_some();
            if !dir.is_dir() && !configured {
                continue;
            }
            let Ok(langid) = crate::config::parse_locale_code(code) else {
                continue;
            };
            let mut bundle = Bundle::new_concurrent(vec![langid]);
            // Isolation marks (U+2068/U+2069) would leak into titles,
            // attributes and ids; every locale we ship is left-to-right, so
            // the one decision is made here. Revisit for an RTL locale.
            bundle.set_use_isolating(false);
            let mut files = Vec::new();
            for path in ftl_files(&dir) {
                let rel = crate::diag::relative_to(root, &path);
                let text = match super::read_text(&path) {
                    Ok(text) => text,
                    Err(d) => {
                        problems.push(d.in_file(&rel).for_locale(code));
                        continue;
                    }
                };
                let resource = match FluentResource::try_new(text) {
                    Ok(resource) => resource,
                    Err((resource, errors)) => {
                        for err in errors {
                            let source = resource.source();
                            problems.push(
                                Diagnostic::error("ftl-syntax", parser_message(&err))
                                    .in_file(&rel)
                                    .at_offset(source, syntax_error_offset(source, &err))
                                    .for_locale(code),
                            );
                        }
                        resource
                    }
                };
                let resource = Arc::new(resource);
                if let Err(errors) = bundle.add_resource(Arc::clone(&resource)) {
                    for err in errors {
                        if let FluentError::Overriding { id, .. } = &err {
                            let source = resource.source();
                            let offset = duplicate_offset(source, id);
                            problems.push(
                                Diagnostic::error(
                                    "ftl-duplicate",
                                    format!("message `{id}` is already defined in this locale"),
                                )
                                .in_file(&rel)
                                .at_offset(source, offset)
                                .for_locale(code),
                            );
                        }
                    }
                }
                files.push(FtlFile {
                    path: rel,
                    resource,
                });
            }
            bundles.insert(
                code.to_owned(),
                LocaleBundle {
                    code: code.to_owned(),
                    bundle,
                    files,
                },
            );
        }
        let theme = theme_bundle();
        for locale in config.locales.iter().filter(|l| l.pseudo) {
            let mut bundle = Bundle::new_concurrent(vec![locale.langid.clone()]);
            bundle.set_use_isolating(false);
            bundle.set_transform(Some(super::pseudo::fluent_transform));
            // The theme's words first, the source's over them: all of it
            // pseudo-localized, so no plain English hides in the chrome.
            for file in &theme.files {
                bundle.add_resource_overriding(Arc::clone(&file.resource));
            }
            let files = bundles.get(&config.default_locale).map_or_else(
                Vec::new,
                |source: &LocaleBundle| {
                    source
                        .files
                        .iter()
                        .map(|f| FtlFile {
                            path: f.path.clone(),
                            resource: Arc::clone(&f.resource),
                        })
                        .collect()
                },
            );
            for file in &files {
                bundle.add_resource_overriding(Arc::clone(&file.resource));
            }
            bundles.insert(
                locale.code.clone(),
                LocaleBundle {
                    code: locale.code.clone(),
                    bundle,
                    files,
                },
            );
        }
        bundles.insert(THEME_LOCALE.to_owned(), theme);
        let chains = config
            .locales
            .iter()
            .map(|l| {
                let mut chain = l.chain.clone();
                chain.push(THEME_LOCALE.to_owned());
                (l.code.clone(), chain)
            })
            .collect();
        (Localizer { bundles, chains }, problems)
    }

    /// A localizer with no messages, for validating templates on their own.
    pub fn empty() -> Localizer {
        Localizer {
            bundles: BTreeMap::new(),
            chains: BTreeMap::new(),
        }
    }

    pub fn bundle(&self, code: &str) -> Option<&LocaleBundle> {
        self.bundles.get(code)
    }

    /// The locales to try for `locale`, nearest first.
    pub fn chain<'a>(&'a self, locale: &'a str) -> impl Iterator<Item = &'a LocaleBundle> + 'a {
        let chain: &[String] = self.chains.get(locale).map_or(&[], Vec::as_slice);
        chain.iter().filter_map(|code| self.bundles.get(code))
    }

    /// Formats message `id` (or its attribute `attr`) for `locale`, walking
    /// the fallback chain. Format-time errors (a missing variable, a broken
    /// reference) are returned beside the text, which Fluent still produces.
    pub fn format(
        &self,
        locale: &str,
        id: &str,
        attr: Option<&str>,
        args: Option<&FluentArgs>,
    ) -> Option<(Formatted, Vec<FluentError>)> {
        for lb in self.chain(locale) {
            let Some(message) = lb.bundle.get_message(id) else {
                continue;
            };
            let pattern = match attr {
                Some(name) => message.get_attribute(name).map(|a| a.value()),
                None => message.value(),
            };
            let Some(pattern) = pattern else { continue };
            let mut errors = Vec::new();
            let text = lb
                .bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned();
            return Some((
                Formatted {
                    text,
                    locale: lb.code.clone(),
                },
                errors,
            ));
        }
        None
    }

    /// Where message `id` of `locale`'s own files is defined: the file and
    /// a diagnostic pointing at the id.
    pub fn locate(&self, locale: &str, id: &str, d: Diagnostic) -> Diagnostic {
        let found = self.bundles.get(locale).and_then(|lb| {
            lb.files.iter().find_map(|f| {
                let source = f.resource.source();
                let offset = source.match_indices(id).map(|(i, _)| i).find(|&i| {
                    (i == 0 || source.as_bytes()[i - 1] == b'\n')
                        && source[i + id.len()..]
                            .trim_start_matches([' ', '\t'])
                            .starts_with('=')
                })?;
                Some((f, offset))
            })
        });
        match found {
            Some((file, offset)) => d
                .in_file(&file.path)
                .at_offset(file.resource.source(), offset),
            None => d,
        }
    }

    /// Whether `locale`'s own bundle (not a fallback) has the message.
    pub fn has_own(&self, locale: &str, id: &str, attr: Option<&str>) -> bool {
        self.bundles.get(locale).is_some_and(|lb| {
            lb.bundle.get_message(id).is_some_and(|m| match attr {
                Some(a) => m.get_attribute(a).is_some(),
                None => m.value().is_some(),
            })
        })
    }

    /// The site's own locale bundles (not the theme's).
    pub fn locales(&self) -> impl Iterator<Item = &LocaleBundle> {
        self.bundles.values().filter(|b| b.code != THEME_LOCALE)
    }
}

fn theme_bundle() -> LocaleBundle {
    let langid: unic_langid::LanguageIdentifier = "en".parse().expect("`en` is a valid locale");
    let mut bundle = Bundle::new_concurrent(vec![langid]);
    bundle.set_use_isolating(false);
    let resource = Arc::new(
        FluentResource::try_new(THEME_MESSAGES.to_owned()).expect("the theme's messages parse"),
    );
    bundle
        .add_resource(Arc::clone(&resource))
        .expect("the theme's messages have no duplicates");
    LocaleBundle {
        code: THEME_LOCALE.to_owned(),
        bundle,
        files: vec![FtlFile {
            path: PathBuf::from("templates/messages.ftl"),
            resource,
        }],
    }
}

/// The `.ftl` files below `dir`, sorted.
pub fn ftl_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = super::files_in(dir);
    files.retain(|p| p.extension().is_some_and(|e| e == "ftl"));
    files
}

/// The second definition of `id` in `source`, where the duplicate is.
fn duplicate_offset(source: &str, id: &str) -> usize {
    let mut starts = source
        .match_indices(id)
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || source.as_bytes()[i - 1] == b'\n')
        .filter(|&i| {
            source[i + id.len()..]
                .trim_start_matches([' ', '\t'])
                .starts_with('=')
        });
    let first = starts.next();
    starts
        .next()
        .or(first)
        .or_else(|| find_token(source, id))
        .unwrap_or(0)
}

/// Where to point for a Fluent syntax error. The parser reports where it
/// gave up, which for an unclosed `{` is the next message or the end of
/// the file, and for a broken line is its first column; the writer wants
/// the brace left open, or the first character that is wrong.
fn syntax_error_offset(source: &str, err: &fluent_syntax::parser::ParserError) -> usize {
    let pos = err.pos.start.min(source.len());
    if err.kind.to_string().contains("\"}\"") {
        if let Some(slice) = &err.slice {
            let start = slice.start.min(pos);
            let mut open = Vec::new();
            for (i, c) in source[start..pos].char_indices() {
                match c {
                    '{' => open.push(start + i),
                    '}' => {
                        open.pop();
                    }
                    _ => {}
                }
            }
            if let Some(&brace) = open.last() {
                return brace;
            }
        }
    }
    if pos == 0 || source[..pos].ends_with('\n') {
        let rest = &source[pos..];
        let mut at = pos + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
        // `.` opens an attribute: its missing name comes after it.
        if source[at..].starts_with('.') {
            at += 1;
        }
        return at;
    }
    pos
}

fn parser_message(err: &fluent_syntax::parser::ParserError) -> String {
    // fluent-syntax's messages are sentences ending in a period; ours are not.
    let text = err.kind.to_string();
    let text = text.trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "syntax error".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_messages_parse() {
        assert!(theme_bundle().bundle.has_message("notice-fallback"));
    }

    #[test]
    fn duplicate_points_at_second_definition() {
        let source = "a = 1\nb = 2\na = 3\n";
        assert_eq!(duplicate_offset(source, "a"), 12);
    }
}
