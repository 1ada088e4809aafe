//! Fluent lint: each locale's messages against the source locale's, by
//! walking the parsed AST (the bundle alone can't say which variables or
//! variants a message uses).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

use crate::diag::Diagnostic;
use crate::load::l10n::LocaleBundle;
use crate::load::Site;

/// One message (or term, id starting with `-`) of one locale, with where
/// it is defined.
pub struct MessageInfo<'a> {
    pub file: &'a Path,
    pub source: &'a str,
    /// Byte offset of the id in `source`.
    pub offset: usize,
    pub value: Option<&'a ast::Pattern<&'a str>>,
    pub attributes: Vec<&'a ast::Attribute<&'a str>>,
}

/// A locale's messages and terms by id, as `index` makes them.
pub type Index<'a> = BTreeMap<String, MessageInfo<'a>>;

/// Every message and term of a locale's own files, by id (first definition).
pub fn index(bundle: &LocaleBundle) -> BTreeMap<String, MessageInfo<'_>> {
    let mut out = BTreeMap::new();
    for file in &bundle.files {
        let source = file.resource.source();
        for entry in file.resource.entries() {
            let (id, value, attributes) = match entry {
                ast::Entry::Message(m) => (m.id.name.to_owned(), m.value.as_ref(), &m.attributes),
                ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
                _ => continue,
            };
            let name = match entry {
                ast::Entry::Message(m) => m.id.name,
                ast::Entry::Term(t) => t.id.name,
                _ => continue,
            };
            out.entry(id).or_insert_with(|| MessageInfo {
                file: &file.path,
                source,
                offset: offset_in(source, name),
                value,
                attributes: attributes.iter().collect(),
            });
        }
    }
    out
}

/// Where `slice` (a slice of `source`, as fluent-syntax's identifiers are)
/// starts in `source`.
pub fn offset_in(source: &str, slice: &str) -> usize {
    let start = source.as_ptr() as usize;
    let at = slice.as_ptr() as usize;
    if at >= start
        && at + slice.len() <= start + source.len()
        && (at < start + source.len() || slice.is_empty())
    {
        at - start
    } else {
        0
    }
}

impl MessageInfo<'_> {
    fn at(&self, d: Diagnostic) -> Diagnostic {
        d.in_file(self.file).at_offset(self.source, self.offset)
    }

    fn patterns(&self) -> impl Iterator<Item = &ast::Pattern<&str>> {
        self.value
            .into_iter()
            .chain(self.attributes.iter().map(|a| &a.value))
    }

    fn attribute_names(&self) -> BTreeSet<&str> {
        self.attributes.iter().map(|a| a.id.name).collect()
    }

    fn variables(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for pattern in self.patterns() {
            walk_pattern(pattern, &mut |e| {
                if let ast::InlineExpression::VariableReference { id } = e {
                    out.insert(id.name.to_owned());
                }
            });
        }
        out
    }

    /// `{ message }`, `{ message.attr }` and `{ -term }` references.
    fn references(&self) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for pattern in self.patterns() {
            walk_pattern(pattern, &mut |e| match e {
                ast::InlineExpression::MessageReference { id, .. } => {
                    out.push((id.name.to_owned(), offset_in(self.source, id.name)));
                }
                ast::InlineExpression::TermReference { id, .. } => {
                    out.push((format!("-{}", id.name), offset_in(self.source, id.name)));
                }
                _ => {}
            });
        }
        out
    }

    /// The text a reader sees, with placeables as `{…}`, to spot messages
    /// copied unchanged from the source.
    fn flat_text(&self) -> String {
        let mut out = String::new();
        for pattern in self.patterns() {
            for element in &pattern.elements {
                match element {
                    ast::PatternElement::TextElement { value } => out.push_str(value),
                    ast::PatternElement::Placeable { .. } => out.push_str("{…}"),
                }
            }
            out.push('\n');
        }
        out
    }
}

fn walk_pattern<'s>(
    pattern: &'s ast::Pattern<&'s str>,
    f: &mut dyn FnMut(&'s ast::InlineExpression<&'s str>),
) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            walk_expression(expression, f);
        }
    }
}

fn walk_expression<'s>(
    expression: &'s ast::Expression<&'s str>,
    f: &mut dyn FnMut(&'s ast::InlineExpression<&'s str>),
) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, f);
            for variant in variants {
                walk_pattern(&variant.value, f);
            }
        }
        ast::Expression::Inline(inline) => walk_inline(inline, f),
    }
}

fn walk_inline<'s>(
    inline: &'s ast::InlineExpression<&'s str>,
    f: &mut dyn FnMut(&'s ast::InlineExpression<&'s str>),
) {
    f(inline);
    match inline {
        ast::InlineExpression::Placeable { expression } => walk_expression(expression, f),
        ast::InlineExpression::FunctionReference { arguments, .. } => walk_arguments(arguments, f),
        ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => walk_arguments(arguments, f),
        _ => {}
    }
}

fn walk_arguments<'s>(
    arguments: &'s ast::CallArguments<&'s str>,
    f: &mut dyn FnMut(&'s ast::InlineExpression<&'s str>),
) {
    for positional in &arguments.positional {
        walk_inline(positional, f);
    }
    for named in &arguments.named {
        walk_inline(&named.value, f);
    }
}

/// Select expressions keyed by plural categories, each with the keys it has
/// and the offset of its first key.
fn plural_selects<'s>(info: &'s MessageInfo<'s>) -> Vec<(BTreeSet<&'s str>, usize)> {
    fn collect<'s>(
        pattern: &'s ast::Pattern<&'s str>,
        source: &str,
        out: &mut Vec<(BTreeSet<&'s str>, usize)>,
    ) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                visit(expression, source, out);
            }
        }
    }
    fn visit<'s>(
        expression: &'s ast::Expression<&'s str>,
        source: &str,
        out: &mut Vec<(BTreeSet<&'s str>, usize)>,
    ) {
        match expression {
            ast::Expression::Select { variants, .. } => {
                let keys: BTreeSet<&str> = variants
                    .iter()
                    .filter_map(|v| match &v.key {
                        ast::VariantKey::Identifier { name } => Some(*name),
                        ast::VariantKey::NumberLiteral { .. } => None,
                    })
                    .collect();
                if keys.iter().any(|k| PLURAL_NAMES.contains(k)) {
                    let first = variants.first().map_or(0, |v| match &v.key {
                        ast::VariantKey::Identifier { name }
                        | ast::VariantKey::NumberLiteral { value: name } => offset_in(source, name),
                    });
                    out.push((keys, first));
                }
                for variant in variants {
                    collect(&variant.value, source, out);
                }
            }
            ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => {
                visit(expression, source, out)
            }
            ast::Expression::Inline(_) => {}
        }
    }
    let mut out = Vec::new();
    for pattern in info.patterns() {
        collect(pattern, info.source, &mut out);
    }
    out
}

const PLURAL_NAMES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// The cardinal categories whole numbers take in `locale` (ru: one, few,
/// many), found by asking the rules rather than keeping our own table.
/// `other` is left out: a default variant covers it.
pub fn integer_plural_categories(
    langid: &unic_langid::LanguageIdentifier,
) -> BTreeSet<&'static str> {
    let Ok(rules) = PluralRules::create(langid.clone(), PluralRuleType::CARDINAL) else {
        return BTreeSet::new();
    };
    let mut out = BTreeSet::new();
    for n in 0..=1000u32 {
        let name = match rules.select(n) {
            Ok(PluralCategory::ZERO) => "zero",
            Ok(PluralCategory::ONE) => "one",
            Ok(PluralCategory::TWO) => "two",
            Ok(PluralCategory::FEW) => "few",
            Ok(PluralCategory::MANY) => "many",
            _ => continue,
        };
        out.insert(name);
    }
    out
}

/// Lints `locale`'s messages against the source locale, adding what it
/// finds to `problems`.
pub fn lint_locale(
    site: &Site,
    locale: &str,
    source: &Index<'_>,
    own: &Index<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(bundle) = site.l10n.bundle(locale) else {
        return;
    };
    let is_source = locale == site.default_locale();
    let langid = site.config.locale(locale).map(|l| l.langid.clone());
    let categories = langid
        .as_ref()
        .map(integer_plural_categories)
        .unwrap_or_default();
    let allow_identical = &site.config.check.allow_identical;
    let mut push = |d: Diagnostic| problems.push(d.for_locale(locale));

    for (id, info) in own {
        resolve_each(bundle, id, info, &mut push);
        for (keys, offset) in plural_selects(info) {
            let missing: Vec<&str> = categories
                .iter()
                .filter(|c| !keys.contains(*c))
                .copied()
                .collect();
            if !missing.is_empty() {
                push(
                    Diagnostic::warning(
                        "msg-plural-missing",
                        format!("`{id}` has no variant for the plural categories {} that `{locale}` needs", quote_list(&missing)),
                    )
                    .in_file(info.file)
                    .at_offset(info.source, offset),
                );
            }
        }
        for (target, offset) in info.references() {
            if !own.contains_key(&target) {
                push(
                    Diagnostic::error(
                        "msg-reference-missing",
                        format!("`{id}` refers to `{target}`, which `{locale}` does not define"),
                    )
                    .in_file(info.file)
                    .at_offset(info.source, offset),
                );
            }
        }
        if is_source {
            continue;
        }
        let Some(original) = source.get(id) else {
            push(info.at(Diagnostic::warning(
                "msg-obsolete",
                format!(
                    "`{id}` is not in the source locale `{}`: remove it or add it there",
                    site.default_locale()
                ),
            )));
            continue;
        };
        let (src_attrs, own_attrs) = (original.attribute_names(), info.attribute_names());
        for name in src_attrs.difference(&own_attrs) {
            push(info.at(Diagnostic::warning(
                "msg-attribute-missing",
                format!("`{id}` lacks the attribute `.{name}` that the source has"),
            )));
        }
        for attribute in &info.attributes {
            if !src_attrs.contains(attribute.id.name) {
                push(
                    Diagnostic::warning(
                        "msg-attribute-extra",
                        format!("`{id}.{}` is not in the source", attribute.id.name),
                    )
                    .in_file(info.file)
                    .at_offset(info.source, offset_in(info.source, attribute.id.name)),
                );
            }
        }
        let (src_vars, own_vars) = (original.variables(), info.variables());
        for name in src_vars.difference(&own_vars) {
            push(info.at(Diagnostic::warning(
                "msg-variable-missing",
                format!("`{id}` does not use `${name}`, which the source uses"),
            )));
        }
        for name in own_vars.difference(&src_vars) {
            push(info.at(Diagnostic::error(
                "msg-variable-unknown",
                format!(
                    "`{id}` uses `${name}`, which the source never uses, so it is not passed in"
                ),
            )));
        }
        let text = info.flat_text();
        if text == original.flat_text()
            && text.chars().any(char::is_alphabetic)
            && !allow_identical.iter().any(|a| a == id)
        {
            push(info.at(Diagnostic::warning(
                "msg-identical",
                format!("`{id}` is identical to the source: untranslated?"),
            ))
            .with_help("if that is right (a name, a loanword), list it under check.allow_identical in site.yaml"));
        }
    }
}

/// Formats the message as a page would, to catch what only resolving
/// shows: reference cycles and chains past Fluent's placeable limit.
/// Variables are not passed, so their absence is expected and ignored.
fn resolve_each(
    bundle: &LocaleBundle,
    id: &str,
    info: &MessageInfo<'_>,
    push: &mut impl FnMut(Diagnostic),
) {
    use fluent_bundle::resolver::{errors::ReferenceKind, ResolverError};
    use fluent_bundle::FluentError;
    if id.starts_with('-') {
        return;
    }
    let Some(message) = bundle.bundle.get_message(id) else {
        return;
    };
    let patterns = message
        .value()
        .into_iter()
        .chain(message.attributes().map(|a| a.value()));
    let mut reported = BTreeSet::new();
    for pattern in patterns {
        let mut errors = Vec::new();
        let _ = bundle.bundle.format_pattern(pattern, None, &mut errors);
        for err in errors {
            let serious = match &err {
                FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Variable {
                    ..
                })) => false,
                // Missing messages and terms are reported by name elsewhere.
                FluentError::ResolverError(ResolverError::Reference(_)) => false,
                FluentError::ResolverError(_) => true,
                _ => false,
            };
            if serious && reported.insert(err.to_string()) {
                push(info.at(Diagnostic::error(
                    "ftl-format",
                    format!("`{id}` cannot be formatted: {err}"),
                )));
            }
        }
    }
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_needs_one_few_many() {
        let ru: unic_langid::LanguageIdentifier = "ru".parse().expect("valid");
        assert_eq!(
            integer_plural_categories(&ru),
            ["few", "many", "one"].into_iter().collect()
        );
        let fr: unic_langid::LanguageIdentifier = "fr".parse().expect("valid");
        assert!(integer_plural_categories(&fr).contains("one"));
    }

    #[test]
    fn offsets_of_identifier_slices() {
        let source = "abc = x";
        assert_eq!(offset_in(source, &source[4..]), 4);
        assert_eq!(offset_in(source, "elsewhere"), 0);
    }
}
