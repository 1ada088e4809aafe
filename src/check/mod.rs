//! `locdoc check`: translation coverage per locale and localization lint,
//! from the same loaded `Site` that build uses, in a report CI can gate on.

pub mod format;
pub mod messages;
pub mod pages;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::model::Collection;
use crate::load::{PageState, Site};

#[derive(Debug, Clone, Default, Serialize)]
pub struct MessageCoverage {
    pub total: usize,
    pub translated: usize,
    pub missing: Vec<String>,
    pub obsolete: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PageCoverage {
    pub total: usize,
    /// Pages the locale has, whether up to date or not.
    pub translated: usize,
    pub missing: Vec<String>,
    pub stale: Vec<String>,
    pub machine: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LocaleReport {
    pub name: String,
    pub messages: MessageCoverage,
    pub pages: PageCoverage,
    /// Messages and pages together, each counting half (a part with nothing
    /// to translate is left out), in percent.
    pub coverage: f64,
}

/// A `--min-coverage` gate and whether the locale met it.
#[derive(Debug, Clone, Serialize)]
pub struct GateResult {
    pub locale: String,
    pub min_coverage: f64,
    pub coverage: f64,
    pub passed: bool,
}

/// The report, as `--format json` prints it. Stable: extend, don't break.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageReport {
    pub source_locale: String,
    pub locales: BTreeMap<String, LocaleReport>,
    pub diagnostics: Vec<Diagnostic>,
    pub gates: Vec<GateResult>,
    /// Errors and warnings counted over `diagnostics`.
    pub errors: usize,
    pub warnings: usize,
    /// Whether the run passes: no error, every gate met, and no warning
    /// when warnings are denied.
    pub passed: bool,
}

/// Each real locale's own message index (the source locale's among them).
fn message_indexes(site: &Site) -> BTreeMap<String, messages::Index<'_>> {
    site.config
        .real_locales()
        .map(|l| {
            let index = site.l10n.bundle(&l.code).map(messages::index);
            (l.code.clone(), index.unwrap_or_default())
        })
        .collect()
}

/// Coverage of every non-source locale (the part build's dashboard needs;
/// no lint).
pub fn coverage(site: &Site) -> BTreeMap<String, LocaleReport> {
    let owns = message_indexes(site);
    let empty = messages::Index::new();
    let source = owns.get(site.default_locale()).unwrap_or(&empty);
    coverage_from(site, source, &owns)
}

fn coverage_from(
    site: &Site,
    source_messages: &messages::Index<'_>,
    owns: &BTreeMap<String, messages::Index<'_>>,
) -> BTreeMap<String, LocaleReport> {
    let empty = messages::Index::new();
    let mut out = BTreeMap::new();
    for locale in site.config.real_locales() {
        if locale.code == site.default_locale() {
            continue;
        }
        let own = owns.get(&locale.code).unwrap_or(&empty);
        let mut report = LocaleReport {
            name: locale.name.clone(),
            ..LocaleReport::default()
        };
        report.messages.total = source_messages.len();
        report.messages.missing = source_messages
            .keys()
            .filter(|id| !own.contains_key(*id))
            .cloned()
            .collect();
        report.messages.obsolete = own
            .keys()
            .filter(|id| !source_messages.contains_key(*id))
            .cloned()
            .collect();
        report.messages.translated = report.messages.total - report.messages.missing.len();
        fill_pages(site, &locale.code, &mut report.pages);
        report.coverage = combined(&report);
        out.insert(locale.code.clone(), report);
    }
    out
}

fn fill_pages(site: &Site, locale: &str, pages: &mut PageCoverage) {
    let source = site.default_locale();
    let all = site
        .pages
        .iter()
        .map(|(id, v)| (id.clone(), v, false))
        .chain(site.sections.iter().map(|(id, v)| (id.clone(), v, true)));
    for (id, variants, is_section) in all {
        if !variants.contains_key(source) {
            continue;
        }
        // Sections are listed by their file's id (`guides/_index`), so they
        // never collide with a page id.
        let name = if is_section {
            if id.is_empty() {
                "_index".to_owned()
            } else {
                format!("{id}/_index")
            }
        } else {
            id.clone()
        };
        pages.total += 1;
        let state = if is_section {
            site.resolve_section(&id, locale)
        } else {
            site.resolve(&id, locale)
        };
        match state.map(|(_, s)| s) {
            Some(PageState::Translated { machine, stale }) => {
                pages.translated += 1;
                if machine {
                    pages.machine.push(name.clone());
                }
                if stale {
                    pages.stale.push(name);
                }
            }
            Some(PageState::Source) => pages.translated += 1,
            _ => pages.missing.push(name),
        }
    }
}

fn combined(report: &LocaleReport) -> f64 {
    let parts: Vec<f64> = [
        (report.messages.translated, report.messages.total),
        (report.pages.translated, report.pages.total),
    ]
    .iter()
    .filter(|(_, total)| *total > 0)
    .map(|(done, total)| *done as f64 / *total as f64 * 100.0)
    .collect();
    if parts.is_empty() {
        100.0
    } else {
        let mean = parts.iter().sum::<f64>() / parts.len() as f64;
        (mean * 10.0).round() / 10.0
    }
}

/// Gates and options for a check run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// A gate for every locale, from `--min-coverage PCT`.
    pub min_coverage: Option<f64>,
    /// Per-locale gates from `--min-coverage L=PCT`.
    pub min_coverage_for: BTreeMap<String, f64>,
    pub deny_warnings: bool,
}

/// Coverage, lint and gates: everything `locdoc check` reports.
pub fn check(site: &Site, loaded: Diagnostics, options: &CheckOptions) -> CoverageReport {
    let mut problems: Vec<Diagnostic> = loaded.iter().cloned().collect();
    // Indexed once, for the lint and the coverage both.
    let owns = message_indexes(site);
    let empty = messages::Index::new();
    let source_messages = owns.get(site.default_locale()).unwrap_or(&empty);
    // The pseudo-locale is generated from the source: nothing to check.
    for (code, own) in &owns {
        messages::lint_locale(site, code, source_messages, own, &mut problems);
    }
    pages::lint(site, &mut problems);
    lint_model(site, &mut problems);
    // What would stop `build` stops `check` too: directives and templates.
    for page in site
        .pages
        .values()
        .chain(site.sections.values())
        .flat_map(|v| v.values())
    {
        if page.pseudo {
            continue;
        }
        if page.body().contains("::") || page.body().contains(":value{") {
            problems.extend(crate::render::markdown::directive_problems(site, page));
        }
    }
    let (_, template_problems) =
        crate::render::templates::Templates::load(&site.root, site.l10n.clone());
    problems.extend(template_problems);

    let locales = coverage_from(site, source_messages, &owns);
    let mut gates = Vec::new();
    for (code, report) in &locales {
        let config = &site.config.check.min_coverage;
        let gate = options
            .min_coverage_for
            .get(code)
            .copied()
            .or(options.min_coverage)
            .or_else(|| config.get(code).copied())
            .or_else(|| config.get("default").copied());
        if let Some(min) = gate {
            gates.push(GateResult {
                locale: code.clone(),
                min_coverage: min,
                coverage: report.coverage,
                passed: report.coverage + 1e-9 >= min,
            });
        }
    }
    let mut all = Diagnostics::default();
    all.extend(problems);
    let diagnostics = all.into_sorted();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let passed =
        errors == 0 && gates.iter().all(|g| g.passed) && !(options.deny_warnings && warnings > 0);
    CoverageReport {
        source_locale: site.default_locale().to_owned(),
        locales,
        diagnostics,
        gates,
        errors,
        warnings,
        passed,
    }
}

/// Every record of every collection has its label (and every attribute the
/// source gives it) in every locale.
fn lint_model(site: &Site, problems: &mut Vec<Diagnostic>) {
    for collection in site.model.collections.values() {
        for record in &collection.records {
            let id = collection.record_message_id(record);
            let source_attrs = source_attributes(site, collection, &id);
            for locale in site.config.real_locales().map(|l| l.code.as_str()) {
                let mut lacking = Vec::new();
                if !site.l10n.has_own(locale, &id, None) {
                    lacking.push("its label".to_owned());
                }
                for attr in &source_attrs {
                    if !site.l10n.has_own(locale, &id, Some(attr)) {
                        lacking.push(format!("`.{attr}`"));
                    }
                }
                if lacking.is_empty() {
                    continue;
                }
                let is_source = locale == site.default_locale();
                let message = format!(
                    "record `{}` of `{}` lacks {} in `{locale}` (message `{id}`)",
                    record.id,
                    collection.name,
                    lacking.join(" and ")
                );
                let d = if is_source {
                    Diagnostic::error("model-label-missing", message)
                } else {
                    Diagnostic::warning("model-label-missing", message)
                };
                problems.push(
                    d.in_file(&collection.file)
                        .at_line("", record.line, 1)
                        .for_locale(locale),
                );
            }
        }
    }
}

fn source_attributes(site: &Site, collection: &Collection, id: &str) -> Vec<String> {
    let Some(bundle) = site.l10n.bundle(site.default_locale()) else {
        return Vec::new();
    };
    let _ = collection;
    bundle
        .bundle
        .get_message(id)
        .map(|m| m.attributes().map(|a| a.id().to_owned()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combined_coverage_averages_the_parts_with_work() {
        let mut report = LocaleReport::default();
        report.messages.total = 10;
        report.messages.translated = 5;
        report.pages.total = 2;
        report.pages.translated = 2;
        assert_eq!(combined(&report), 75.0);
        report.pages.total = 0;
        report.pages.translated = 0;
        assert_eq!(combined(&report), 50.0);
        assert_eq!(combined(&LocaleReport::default()), 100.0);
    }
}
