//! `site.yaml`: which locales exist, which one is the source, how each falls
//! back, and the gates `check` applies. Typos in keys are errors, because a
//! misspelt `fallback:` silently ignored is a bug report waiting to happen.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use unic_langid::LanguageIdentifier;

use crate::diag::{find_token, Diagnostic};

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// Absolute URL the site is published under; used in sitemap.xml and
    /// canonical links. Relative links inside pages never depend on it.
    #[serde(default)]
    base_url: Option<String>,
    /// The source locale every other locale is measured against.
    default_locale: String,
    /// The published locales, in the order the language switcher shows them.
    locales: Vec<RawLocale>,
    #[serde(default)]
    check: CheckConfig,
    #[serde(default)]
    markdown: MarkdownConfig,
}

/// How Markdown is turned into HTML.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Raw HTML in translated pages: `escape` (the default) shows it as
    /// text, except bare `<a name|id="...">` anchors; `allow` passes it
    /// through. The source locale's raw HTML is always passed through.
    #[serde(default)]
    pub translation_raw_html: RawHtml,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    Allow,
    #[default]
    Escape,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocale {
    code: String,
    /// The locale's name in its own language, as the switcher shows it.
    name: Option<String>,
    /// Locales tried, in order, for a page or message this locale lacks. The
    /// default locale is always appended if the chain doesn't end with it.
    #[serde(default)]
    fallback: Vec<String>,
}

/// Gates for `locdoc check`; command-line flags override them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Minimum coverage in percent: `{ default: 80, fr: 100 }`.
    #[serde(default)]
    pub min_coverage: BTreeMap<String, f64>,
    /// Message ids allowed to be identical to the source (brand names, ...).
    #[serde(default)]
    pub allow_identical: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct LocaleConfig {
    pub code: String,
    pub name: String,
    pub langid: LanguageIdentifier,
    /// This locale first, then its fallbacks, ending with the default locale.
    pub chain: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub base_url: String,
    pub default_locale: String,
    pub locales: Vec<LocaleConfig>,
    pub check: CheckConfig,
    pub markdown: MarkdownConfig,
}

impl SiteConfig {
    pub fn locale(&self, code: &str) -> Option<&LocaleConfig> {
        self.locales.iter().find(|l| l.code == code)
    }

    pub fn locale_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.locale(code).map_or(code, |l| l.name.as_str())
    }

    /// Parses `site.yaml`. Problems come back as diagnostics naming the line;
    /// the config is only usable when none of them is an error.
    pub fn parse(text: &str, file: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let raw: RawConfig = match serde_yaml::from_str(text) {
            Ok(raw) => raw,
            Err(err) => {
                let mut d = Diagnostic::error("config-syntax", yaml_message(&err)).in_file(file);
                if let Some(loc) = err.location() {
                    d = d.at_line(text, loc.line(), loc.column());
                }
                return Err(vec![d]);
            }
        };
        let mut problems = Vec::new();
        let at = |value: &str, d: Diagnostic| match find_token(text, value) {
            Some(offset) => d.in_file(file).at_offset(text, offset),
            None => d.in_file(file),
        };

        let mut locales = Vec::new();
        for raw_locale in &raw.locales {
            match parse_locale_code(&raw_locale.code) {
                Ok(langid) => {
                    if locales
                        .iter()
                        .any(|l: &LocaleConfig| l.code == raw_locale.code)
                    {
                        problems.push(at(
                            &raw_locale.code,
                            Diagnostic::error(
                                "config-locale",
                                format!("locale `{}` is listed twice", raw_locale.code),
                            ),
                        ));
                        continue;
                    }
                    locales.push(LocaleConfig {
                        code: raw_locale.code.clone(),
                        name: raw_locale
                            .name
                            .clone()
                            .unwrap_or_else(|| raw_locale.code.clone()),
                        langid,
                        chain: Vec::new(),
                    });
                }
                Err(help) => problems.push(at(
                    &raw_locale.code,
                    Diagnostic::error(
                        "config-locale",
                        format!("`{}` is not a valid BCP 47 locale code", raw_locale.code),
                    )
                    .with_help(help),
                )),
            }
            for code in &raw_locale.fallback {
                if let Err(help) = parse_locale_code(code) {
                    problems.push(at(
                        code,
                        Diagnostic::error(
                            "config-locale",
                            format!("fallback `{code}` is not a valid BCP 47 locale code"),
                        )
                        .with_help(help),
                    ));
                }
            }
        }
        if raw.locales.is_empty() {
            problems.push(
                Diagnostic::error("config-locale", "`locales` lists no locale").in_file(file),
            );
        }
        if !raw.locales.iter().any(|l| l.code == raw.default_locale) {
            problems.push(at(
                &raw.default_locale,
                Diagnostic::error(
                    "config-locale",
                    format!(
                        "default_locale `{}` is not one of the listed locales",
                        raw.default_locale
                    ),
                )
                .with_help("add it under `locales:`, or name a listed locale"),
            ));
        }

        for locale in &mut locales {
            let raw_locale = raw
                .locales
                .iter()
                .find(|r| r.code == locale.code)
                .expect("every parsed locale comes from a raw one");
            let mut chain = vec![locale.code.clone()];
            for code in &raw_locale.fallback {
                if chain.contains(code) {
                    problems.push(at(
                        code,
                        Diagnostic::error(
                            "config-fallback",
                            format!(
                                "the fallback chain of `{}` names `{code}` twice (a cycle)",
                                locale.code
                            ),
                        ),
                    ));
                } else {
                    chain.push(code.clone());
                }
            }
            if !chain.contains(&raw.default_locale) {
                chain.push(raw.default_locale.clone());
            }
            locale.chain = chain;
        }

        for (key, value) in &raw.check.min_coverage {
            if key != "default" && !raw.locales.iter().any(|l| &l.code == key) {
                problems.push(at(
                    key,
                    Diagnostic::error(
                        "config-check",
                        format!("min_coverage names `{key}`, which is not a listed locale"),
                    ),
                ));
            }
            if !(0.0..=100.0).contains(value) {
                problems.push(at(
                    key,
                    Diagnostic::error(
                        "config-check",
                        format!("min_coverage for `{key}` must be between 0 and 100"),
                    ),
                ));
            }
        }

        if problems.is_empty() {
            Ok(SiteConfig {
                base_url: raw
                    .base_url
                    .unwrap_or_default()
                    .trim_end_matches('/')
                    .to_owned(),
                default_locale: raw.default_locale,
                locales,
                check: raw.check,
                markdown: raw.markdown,
            })
        } else {
            Err(problems)
        }
    }
}

/// A BCP 47 code as locdoc accepts it: well-formed, and written with `-`
/// (the `pt_BR` spelling is a common mistake worth a precise hint).
pub fn parse_locale_code(code: &str) -> Result<LanguageIdentifier, String> {
    if code.contains('_') {
        return Err(format!(
            "BCP 47 separates subtags with `-`: write `{}`",
            code.replace('_', "-")
        ));
    }
    match code.parse::<LanguageIdentifier>() {
        Ok(id) if id.to_string().eq_ignore_ascii_case(code) => Ok(id),
        Ok(id) => Err(format!("did you mean `{id}`?")),
        Err(_) => Err("expected a code like `en`, `fr`, `pt-BR` or `sr-Latn`".to_owned()),
    }
}

/// serde's message without its trailing " at line X column Y", which the
/// diagnostic already shows in its own form.
pub fn yaml_message(err: &serde_yaml::Error) -> String {
    let text = err.to_string();
    match text.find(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        SiteConfig::parse(text, Path::new("site.yaml"))
    }

    #[test]
    fn chains_end_with_the_default_locale() {
        let config = parse(
            "default_locale: en\nlocales:\n  - code: en\n  - code: pt-BR\n    fallback: [pt]\n",
        )
        .expect("valid");
        assert_eq!(
            config.locale("pt-BR").expect("listed").chain,
            ["pt-BR", "pt", "en"]
        );
        assert_eq!(config.locale("en").expect("listed").chain, ["en"]);
    }

    #[test]
    fn underscore_locale_code_is_an_error_with_a_hint() {
        let errors = parse("default_locale: en\nlocales:\n  - code: en\n  - code: pt_BR\n")
            .expect_err("invalid");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(4));
        assert_eq!(errors[0].column, Some(11));
        assert!(errors[0].help.as_deref().unwrap_or("").contains("pt-BR"));
    }

    #[test]
    fn unlisted_default_locale_and_unknown_keys_are_errors() {
        let errors = parse("default_locale: de\nlocales:\n  - code: en\n").expect_err("invalid");
        assert!(errors[0].message.contains("default_locale `de`"));
        let errors = parse("default_locale: en\nlocale:\n  - code: en\n").expect_err("typo");
        assert_eq!(errors[0].code, "config-syntax");
        assert_eq!(errors[0].line, Some(2));
    }

    #[test]
    fn fallback_cycle_is_reported() {
        let errors = parse(
            "default_locale: en\nlocales:\n  - code: en\n  - code: fr\n    fallback: [fr, en]\n",
        )
        .expect_err("cycle");
        assert_eq!(errors[0].code, "config-fallback");
    }
}
