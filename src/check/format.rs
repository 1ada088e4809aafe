//! The check report in the forms its readers want: a table for people, JSON
//! for scripts, JUnit for CI dashboards, GitHub workflow annotations, and
//! Markdown for a pull request or `$GITHUB_STEP_SUMMARY`.

use std::fmt::Write as _;

use crate::check::CoverageReport;
use crate::diag::{Diagnostic, Severity};
use crate::render::escape_html;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Junit,
    Github,
    Markdown,
}

pub fn render(report: &CoverageReport, format: Format, color: bool) -> String {
    match format {
        Format::Text => text(report, color),
        Format::Json => {
            let mut out = serde_json::to_string_pretty(report).expect("the report serializes");
            out.push('\n');
            out
        }
        Format::Junit => junit(report),
        Format::Github => github(report),
        Format::Markdown => markdown(report),
    }
}

fn pct(done: usize, total: usize) -> String {
    if total == 0 {
        "–".to_owned()
    } else {
        format!("{:.1}%", done as f64 / total as f64 * 100.0)
    }
}

fn gate_for<'a>(report: &'a CoverageReport, locale: &str) -> Option<&'a crate::check::GateResult> {
    report.gates.iter().find(|g| g.locale == locale)
}

fn text(report: &CoverageReport, color: bool) -> String {
    let paint = |code: &str, s: String| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "translation coverage against `{}`",
        report.source_locale
    );
    let _ = writeln!(
        out,
        "{:<8} {:>16} {:>12} {:>7} {:>7} {:>9}  gate",
        "locale", "messages", "pages", "stale", "machine", "coverage"
    );
    for (code, l) in &report.locales {
        let messages = format!(
            "{}/{} {}",
            l.messages.translated,
            l.messages.total,
            pct(l.messages.translated, l.messages.total)
        );
        let pages = format!(
            "{}/{} {}",
            l.pages.translated,
            l.pages.total,
            pct(l.pages.translated, l.pages.total)
        );
        let gate = match gate_for(report, code) {
            Some(g) if g.passed => paint("32", format!("ok (min {}%)", g.min_coverage)),
            Some(g) => paint("1;31", format!("FAILED (min {}%)", g.min_coverage)),
            None => "–".to_owned(),
        };
        let _ = writeln!(
            out,
            "{code:<8} {messages:>16} {pages:>12} {:>7} {:>7} {:>8.1}%  {gate}",
            l.pages.stale.len(),
            l.pages.machine.len(),
            l.coverage
        );
    }
    for (code, l) in &report.locales {
        if !l.pages.missing.is_empty() {
            let _ = writeln!(
                out,
                "{code}: pages missing: {}",
                abbreviate(&l.pages.missing)
            );
        }
        if !l.pages.stale.is_empty() {
            let _ = writeln!(
                out,
                "{code}: pages out of date: {}",
                abbreviate(&l.pages.stale)
            );
        }
        if !l.messages.missing.is_empty() {
            let _ = writeln!(
                out,
                "{code}: {} messages missing: {}",
                l.messages.missing.len(),
                abbreviate(&l.messages.missing)
            );
        }
    }
    let verdict = if report.passed {
        paint("32", "passed".to_owned())
    } else {
        paint("1;31", "failed".to_owned())
    };
    let _ = writeln!(
        out,
        "check {verdict}: {} errors, {} warnings",
        report.errors, report.warnings
    );
    out
}

/// The first few of `ids` and how many more: a text report of a large
/// site stays readable (`--format json` lists them all).
fn abbreviate(ids: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut text = ids
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        let _ = write!(text, ", … ({} more)", ids.len() - SHOWN);
    }
    text
}

fn location(d: &Diagnostic) -> String {
    let mut out = d.file.clone().unwrap_or_default();
    if let Some(line) = d.line {
        let _ = write!(out, ":{line}");
        if let Some(column) = d.column {
            let _ = write!(out, ":{column}");
        }
    }
    out
}

/// JUnit XML: one suite per locale, one test case per rule (coverage gate,
/// missing messages, missing pages, and each diagnostic code).
fn junit(report: &CoverageReport) -> String {
    let mut suites = String::new();
    let mut total_tests = 0;
    let mut total_failures = 0;
    let mut locales: Vec<&str> = report.locales.keys().map(String::as_str).collect();
    locales.insert(0, report.source_locale.as_str());
    for locale in locales {
        let mut cases: Vec<(String, Vec<String>)> = Vec::new();
        if let Some(l) = report.locales.get(locale) {
            if let Some(g) = gate_for(report, locale) {
                let failures = if g.passed {
                    Vec::new()
                } else {
                    vec![format!(
                        "coverage {:.1}% is under the minimum {}%",
                        g.coverage, g.min_coverage
                    )]
                };
                cases.push(("coverage".to_owned(), failures));
            }
            cases.push((
                "messages-missing".to_owned(),
                l.messages
                    .missing
                    .iter()
                    .map(|m| format!("missing message `{m}`"))
                    .collect(),
            ));
            cases.push((
                "pages-missing".to_owned(),
                l.pages
                    .missing
                    .iter()
                    .map(|p| format!("missing page `{p}`"))
                    .collect(),
            ));
        }
        let mut by_code: std::collections::BTreeMap<&str, Vec<String>> =
            std::collections::BTreeMap::new();
        // Problems of no particular locale (site.yaml, templates) belong to the source.
        let source = report.source_locale.as_str();
        for d in report
            .diagnostics
            .iter()
            .filter(|d| d.locale.as_deref().unwrap_or(source) == locale)
        {
            by_code.entry(d.code).or_default().push(format!(
                "{}: {}[{}]: {}",
                location(d),
                d.severity,
                d.code,
                d.message
            ));
        }
        // A warning fails its case only as information: CI tools show it, and
        // the exit code (not the XML) decides the gate.
        for (code, lines) in by_code {
            cases.push((code.to_owned(), lines));
        }
        let failures = cases.iter().filter(|c| !c.1.is_empty()).count();
        total_tests += cases.len();
        total_failures += failures;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"locdoc check {}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
            escape_html(locale),
            cases.len()
        );
        for (name, failures) in cases {
            let _ = write!(
                suites,
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape_html(locale),
                escape_html(&name)
            );
            if failures.is_empty() {
                suites.push_str("/>\n");
            } else {
                let _ = writeln!(
                    suites,
                    ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                    escape_html(&format!("{} finding(s)", failures.len())),
                    escape_html(&failures.join("\n"))
                );
            }
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"locdoc check\" tests=\"{total_tests}\" failures=\"{total_failures}\">\n{suites}</testsuites>\n"
    )
}

/// GitHub Actions workflow commands: an annotation per diagnostic, a notice
/// per missing message, and a summary line.
fn github(report: &CoverageReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(file) = &d.file {
            props.push(format!("file={}", gh_property(file)));
        }
        if let Some(line) = d.line {
            props.push(format!("line={line}"));
        }
        if let Some(column) = d.column {
            props.push(format!("col={column}"));
        }
        props.push(format!(
            "title={}",
            gh_property(&format!("locdoc {}", d.code))
        ));
        let _ = writeln!(out, "::{kind} {}::{}", props.join(","), gh_data(&d.message));
    }
    for (code, l) in &report.locales {
        if !l.pages.missing.is_empty() {
            let _ = writeln!(
                out,
                "::notice title={}::{}",
                gh_property(&format!("locdoc {code}")),
                gh_data(&format!(
                    "{code} lacks pages: {}",
                    l.pages.missing.join(", ")
                ))
            );
        }
        if !l.messages.missing.is_empty() {
            let _ = writeln!(
                out,
                "::notice title={}::{}",
                gh_property(&format!("locdoc {code}")),
                gh_data(&format!(
                    "{code} lacks {} messages: {}",
                    l.messages.missing.len(),
                    abbreviate(&l.messages.missing)
                ))
            );
        }
    }
    for g in report.gates.iter().filter(|g| !g.passed) {
        let _ = writeln!(
            out,
            "::error title=locdoc coverage::{}",
            gh_data(&format!(
                "{} coverage {:.1}% is under the minimum {}%",
                g.locale, g.coverage, g.min_coverage
            ))
        );
    }
    out
}

fn gh_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_property(text: &str) -> String {
    gh_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn markdown(report: &CoverageReport) -> String {
    let mut out = String::new();
    let verdict = if report.passed {
        "✅ passed"
    } else {
        "❌ failed"
    };
    let _ = writeln!(out, "## locdoc check: {verdict}\n");
    let _ = writeln!(
        out,
        "Coverage against the source locale `{}`.\n",
        report.source_locale
    );
    let _ = writeln!(
        out,
        "| locale | messages | pages | out of date | machine | coverage | gate |"
    );
    let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: | ---: | --- |");
    for (code, l) in &report.locales {
        let gate = match gate_for(report, code) {
            Some(g) if g.passed => format!("✅ ≥ {}%", g.min_coverage),
            Some(g) => format!("❌ < {}%", g.min_coverage),
            None => "–".to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} ({code}) | {}/{} | {}/{} | {} | {} | {:.1}% | {gate} |",
            md_escape(&l.name),
            l.messages.translated,
            l.messages.total,
            l.pages.translated,
            l.pages.total,
            l.pages.stale.len(),
            l.pages.machine.len(),
            l.coverage
        );
    }
    let _ = writeln!(
        out,
        "\n{} errors, {} warnings.",
        report.errors, report.warnings
    );
    if !report.diagnostics.is_empty() {
        let _ = writeln!(out, "\n<details><summary>Diagnostics</summary>\n");
        for d in &report.diagnostics {
            let _ = writeln!(
                out,
                "- **{}** `{}` {}: {}",
                d.severity,
                d.code,
                md_escape(&location(d)),
                md_escape(&d.message)
            );
        }
        let _ = writeln!(out, "\n</details>");
    }
    out
}

fn md_escape(text: &str) -> String {
    // Enough to keep a table cell whole and raw HTML out; backticks stay
    // meaningful, as messages use them for names.
    text.replace('|', "\\|").replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_abbreviated_with_a_count() {
        let ids: Vec<String> = (0..10).map(|i| format!("p{i}")).collect();
        assert_eq!(abbreviate(&ids[..2]), "p0, p1");
        assert_eq!(
            abbreviate(&ids),
            "p0, p1, p2, p3, p4, p5, p6, p7, … (2 more)"
        );
    }

    #[test]
    fn github_escapes_properties_and_data() {
        assert_eq!(gh_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(gh_data("line\nnext"), "line%0Anext");
    }
}
