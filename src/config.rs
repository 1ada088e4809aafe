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
    /// A pseudo-locale generated from the source (`en-XA`): accented,
    /// longer and bracketed, to show unlocalized text and layouts that
    /// break. Also switched on by `--pseudo`.
    #[serde(default)]
    pseudo_locale: Option<String>,
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
    /// Generated from the source locale rather than translated.
    pub pseudo: bool,
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

    /// Adds the pseudo-locale (`code`, or the source's language with the
    /// private-use region XA: `en-XA`), unless it is there already.
    pub fn enable_pseudo(&mut self, code: Option<&str>) {
        if self.locales.iter().any(|l| l.pseudo) {
            return;
        }
        let code = code.map_or_else(
            || {
                format!(
                    "{}-XA",
                    self.default_locale.split('-').next().unwrap_or("en")
                )
            },
            str::to_owned,
        );
        let Ok(langid) = parse_locale_code(&code) else {
            return;
        };
        self.locales.push(LocaleConfig {
            name: format!("Pseudo ({code})"),
            chain: vec![code.clone(), self.default_locale.clone()],
            code,
            langid,
            pseudo: true,
        });
    }

    /// The locales readers get: all but the pseudo-locale.
    pub fn real_locales(&self) -> impl Iterator<Item = &LocaleConfig> {
        self.locales.iter().filter(|l| !l.pseudo)
    }

    /// The listed locale a code from elsewhere (`ms.contentlocale: fr-FR`)
    /// means: the same code in any case, else a listed locale that is just
    /// its language (`fr` for `fr-FR`).
    pub fn match_locale(&self, code: &str) -> Option<&str> {
        let code = code.trim().replace('_', "-");
        if let Some(l) = self
            .locales
            .iter()
            .find(|l| l.code.eq_ignore_ascii_case(&code))
        {
            return Some(&l.code);
        }
        let language = code.split('-').next()?;
        self.locales
            .iter()
            .find(|l| l.code.eq_ignore_ascii_case(language))
            .map(|l| l.code.as_str())
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
                if let Some(offset) = yaml_error_offset(text, &err) {
                    d = d.at_offset(text, offset);
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
                        pseudo: false,
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

        // A fallback entry is found after its locale's `code:` and the
        // `fallback` key that follows it, not wherever the code first appears.
        let at_fallback = |owner: &str, code: &str, d: Diagnostic| {
            let owner_at = text.match_indices("code:").map(|(i, _)| i).find(|&i| {
                text[i + 5..]
                    .trim_start()
                    .trim_start_matches(['"', '\''])
                    .starts_with(owner)
            });
            let found = owner_at.and_then(|start| {
                let key = start + text[start..].find("fallback")?;
                find_token(&text[key + 8..], code).map(|i| key + 8 + i)
            });
            match found {
                Some(offset) => d.in_file(file).at_offset(text, offset),
                None => at(code, d),
            }
        };
        for locale in &mut locales {
            let raw_locale = raw
                .locales
                .iter()
                .find(|r| r.code == locale.code)
                .expect("every parsed locale comes from a raw one");
            let mut chain = vec![locale.code.clone()];
            for code in &raw_locale.fallback {
                if chain.contains(code) {
                    let what = if *code == locale.code {
                        format!("`{code}` falls back to itself")
                    } else {
                        format!(
                            "the fallback chain of `{}` names `{code}` twice",
                            locale.code
                        )
                    };
                    problems.push(at_fallback(
                        &locale.code,
                        code,
                        Diagnostic::error("config-fallback", what),
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

        // Fallbacks between listed locales must not go round in a circle
        // (fr -> ru -> fr): which one a reader gets would depend on where
        // they start, which no writer means.
        let edges: Vec<(&str, &str)> = raw
            .locales
            .iter()
            .flat_map(|l| {
                l.fallback
                    .iter()
                    .map(move |f| (l.code.as_str(), f.as_str()))
            })
            .filter(|(from, to)| from != to && raw.locales.iter().any(|l| l.code == *to))
            .collect();
        for (i, (from, to)) in edges.iter().enumerate() {
            // Does an earlier edge lead from `to` back to `from`?
            let mut reach = vec![*to];
            let mut seen = vec![*to];
            while let Some(node) = reach.pop() {
                for (a, b) in &edges[..i] {
                    if *a == node && !seen.contains(b) {
                        seen.push(b);
                        reach.push(b);
                    }
                }
            }
            if seen.contains(from) {
                problems.push(at_fallback(
                    from,
                    to,
                    Diagnostic::error(
                        "config-fallback",
                        format!(
                            "`{from}` falls back to `{to}`, which falls back to `{from}`: a cycle"
                        ),
                    )
                    .with_help("a fallback chain should lead towards the default locale"),
                ));
            }
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

        if let Some(code) = &raw.pseudo_locale {
            if let Err(help) = parse_locale_code(code) {
                problems.push(at(
                    code,
                    Diagnostic::error(
                        "config-locale",
                        format!("pseudo_locale `{code}` is not a valid BCP 47 locale code"),
                    )
                    .with_help(help),
                ));
            } else if raw.locales.iter().any(|l| &l.code == code) {
                problems.push(at(
                    code,
                    Diagnostic::error(
                        "config-locale",
                        format!("pseudo_locale `{code}` is also listed as a locale; it is generated, not translated"),
                    ),
                ));
            }
        }

        if problems.is_empty() {
            let mut config = SiteConfig {
                base_url: raw
                    .base_url
                    .unwrap_or_default()
                    .trim_end_matches('/')
                    .to_owned(),
                default_locale: raw.default_locale,
                locales,
                check: raw.check,
                markdown: raw.markdown,
            };
            if let Some(code) = raw.pseudo_locale {
                config.enable_pseudo(Some(&code));
            }
            Ok(config)
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
        // BCP 47 reserves 4-letter language subtags and registers none of
        // 5 to 8 letters: `english` parses, but names no language.
        Ok(id) if id.language.as_str().len() > 3 => Err(format!(
            "`{}` is not a language subtag: use a 2- or 3-letter ISO 639 code such as `en`",
            id.language
        )),
        Ok(id) if id.to_string().eq_ignore_ascii_case(code) => Ok(id),
        Ok(id) => Err(format!("did you mean `{id}`?")),
        Err(_) => Err("expected a code like `en`, `fr`, `pt-BR` or `sr-Latn`".to_owned()),
    }
}

/// serde's message without the position it appends (" at line X column
/// Y", " at position N"), which the diagnostic shows in its own form.
pub fn yaml_message(err: &serde_yaml::Error) -> String {
    let text = err.to_string();
    let cut = [" at line ", " at position "]
        .iter()
        .filter_map(|marker| text.find(marker))
        .min();
    match cut {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Where in `yaml` a YAML error is, as a byte offset, when the parser's own
/// location is missing or points at the wrong place: a duplicate key is
/// reported at the mapping, not at the second key; some scanner errors only
/// say "at position N".
pub fn yaml_error_offset(yaml: &str, err: &serde_yaml::Error) -> Option<usize> {
    let text = err.to_string();
    if let Some(rest) = text.strip_prefix("duplicate entry with key \"") {
        let key = rest.split('"').next()?;
        let mut starts = yaml.match_indices(key).map(|(i, _)| i).filter(|&i| {
            let line_start = yaml[..i].rfind('\n').map_or(0, |n| n + 1);
            yaml[line_start..i].trim().is_empty() || yaml[line_start..i].trim() == "-"
        });
        starts.next()?;
        return starts.next();
    }
    if let Some(i) = text.find(" at position ") {
        let number: String = text[i + 13..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        return number.parse::<usize>().ok().map(|n| n.min(yaml.len()));
    }
    err.location().map(|l| l.index().min(yaml.len()))
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
    fn long_language_subtags_are_not_languages() {
        assert!(parse_locale_code("english").is_err());
        assert!(parse_locale_code("en").is_ok());
        assert!(parse_locale_code("fil").is_ok());
    }

    #[test]
    fn mutual_fallbacks_are_a_cycle_at_the_closing_entry() {
        let errors = parse(
            "default_locale: en\nlocales:\n  - code: en\n  - code: fr\n    fallback: [ru]\n  - code: ru\n    fallback: [fr]\n",
        )
        .expect_err("cycle");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(7));
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
