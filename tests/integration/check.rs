//! `locdoc check` on a fixture with one planted case of every finding,
//! asserted with file, line and column in every format.

use serde_json::Value;

use crate::support::{run_in, TempSite};

/// (code, file, line, column) of every planted finding.
const FINDINGS: &[(&str, &str, usize, usize)] = &[
    ("model-label-missing", "content/_data/steps.yaml", 3, 1),
    ("page-stale", "content/fr/guide.md", 5, 17),
    ("broken-anchor", "content/fr/guide.md", 11, 21),
    ("broken-link", "content/fr/guide.md", 11, 62),
    ("missing-image", "content/fr/guide.md", 12, 17),
    ("front-matter", "content/fr/other.md", 3, 1),
    ("front-matter-typo", "content/sv/guide.md", 3, 1),
    ("number-drift", "content/sv/guide.md", 7, 1),
    ("msg-attribute-missing", "locales/fr/main.ftl", 1, 1),
    ("msg-attribute-extra", "locales/fr/main.ftl", 3, 6),
    ("msg-variable-missing", "locales/fr/main.ftl", 4, 1),
    ("msg-variable-unknown", "locales/fr/main.ftl", 5, 1),
    ("msg-reference-missing", "locales/fr/main.ftl", 6, 14),
    ("msg-identical", "locales/fr/main.ftl", 7, 1),
    ("ftl-duplicate", "locales/fr/main.ftl", 9, 1),
    ("msg-obsolete", "locales/fr/main.ftl", 10, 1),
    ("ftl-syntax", "locales/fr/main.ftl", 17, 6),
    ("msg-plural-missing", "locales/ru/main.ftl", 11, 6),
];

fn check(format: &str) -> crate::support::Run {
    let site = TempSite::new("check");
    let run = site.run(&["check", "--format", format]);
    run.expect_code(1);
    run
}

#[test]
fn json_report_has_every_finding_and_the_coverage() {
    let run = check("json");
    let report: Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(report["source_locale"], "en");
    let diagnostics = report["diagnostics"].as_array().expect("array");
    for (code, file, line, column) in FINDINGS {
        assert!(
            diagnostics.iter().any(|d| d["code"] == *code
                && d["file"] == *file
                && d["line"] == *line
                && d["column"] == *column),
            "{code} at {file}:{line}:{column} missing from {diagnostics:#?}"
        );
    }
    assert_eq!(diagnostics.len(), FINDINGS.len(), "{diagnostics:#?}");
    let fr = &report["locales"]["fr"];
    assert_eq!(
        fr["messages"]["missing"],
        serde_json::json!(["only-source", "steps-steps-second"])
    );
    assert_eq!(fr["messages"]["obsolete"], serde_json::json!(["only-fr"]));
    assert_eq!(fr["pages"]["missing"], serde_json::json!(["only-en"]));
    assert_eq!(fr["pages"]["stale"], serde_json::json!(["guide"]));
    assert_eq!(fr["pages"]["machine"], serde_json::json!(["guide"]));
    let coverage = fr["coverage"].as_f64().expect("number");
    assert!((0.0..=100.0).contains(&coverage));
    assert_eq!(report["locales"]["ru"]["pages"]["translated"], 0);
    assert!(
        report["locales"].get("en").is_none(),
        "the source is not measured against itself"
    );
    assert_eq!(report["passed"], false);
}

#[test]
fn text_format_prints_every_finding_as_a_headline() {
    let run = check("text");
    for (code, file, line, column) in FINDINGS {
        let severity = if [
            "front-matter",
            "msg-variable-unknown",
            "msg-reference-missing",
            "ftl-duplicate",
            "ftl-syntax",
        ]
        .contains(code)
        {
            "error"
        } else {
            "warning"
        };
        run.expect_headline(&format!("{file}:{line}:{column}: {severity}[{code}]"));
    }
    assert!(
        run.stdout.contains("fr: pages missing: only-en"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("FAILED (min 90%)"), "{}", run.stdout);
}

#[test]
fn github_format_annotates_every_finding() {
    let run = check("github");
    for (code, file, line, column) in FINDINGS {
        let wanted = format!("file={file},line={line},col={column},title=locdoc {code}::");
        assert!(
            run.stdout.lines().any(
                |l| (l.starts_with("::error ") || l.starts_with("::warning "))
                    && l.contains(&wanted)
            ),
            "no annotation `{wanted}` in:\n{}",
            run.stdout
        );
    }
    assert!(run
        .stdout
        .lines()
        .any(|l| l.starts_with("::notice ") && l.contains("fr lacks 2 messages")));
    assert!(run
        .stdout
        .lines()
        .any(|l| l.starts_with("::error title=locdoc coverage::fr coverage 74.2%")));
}

#[test]
fn junit_format_has_a_case_per_locale_and_rule() {
    let run = check("junit");
    let doc = roxmltree::Document::parse(&run.stdout).expect("valid XML");
    let cases: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    for (code, file, line, column) in FINDINGS {
        let location = format!("{file}:{line}:{column}");
        let found = cases.iter().any(|case| {
            case.attribute("name") == Some(code)
                && case
                    .children()
                    .find(|c| c.has_tag_name("failure"))
                    .and_then(|f| f.text())
                    .is_some_and(|t| t.contains(&location))
        });
        assert!(found, "no failing test case `{code}` at {location}");
    }
    let coverage = cases
        .iter()
        .find(|c| c.attribute("classname") == Some("fr") && c.attribute("name") == Some("coverage"))
        .expect("fr coverage case");
    assert!(coverage.children().any(|c| c.has_tag_name("failure")));
    let sv_coverage = cases
        .iter()
        .find(|c| c.attribute("classname") == Some("sv") && c.attribute("name") == Some("coverage"))
        .expect("sv coverage case");
    assert!(!sv_coverage.children().any(|c| c.has_tag_name("failure")));
}

#[test]
fn markdown_format_summarises_for_a_pull_request() {
    let run = check("markdown");
    assert!(
        run.stdout.starts_with("## locdoc check: ❌ failed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("| fr (fr) | 9/11 | 2/3 | 1 | 1 | 74.2% | ❌ < 90% |"),
        "{}",
        run.stdout
    );
    for (code, file, line, column) in FINDINGS {
        assert!(
            run.stdout
                .contains(&format!("`{code}` {file}:{line}:{column}:")),
            "{code}"
        );
    }
}

#[test]
fn gates_from_the_command_line_override_site_yaml() {
    let site = TempSite::new("i18n");
    site.run(&["check"]).expect_code(0);
    site.run(&["check", "--min-coverage", "99"]).expect_code(1);
    site.run(&[
        "check",
        "--min-coverage",
        "99",
        "--min-coverage",
        "fr=0",
        "--min-coverage",
        "sv=0",
        "--min-coverage",
        "ru=0",
        "--min-coverage",
        "pt-BR=0",
    ])
    .expect_code(0);
    site.run(&["check", "--deny-warnings"]).expect_code(1);
    site.run(&["check", "--min-coverage", "fr=abc"])
        .expect_code(2);
    site.run(&["check", "--min-coverage", "de=50"])
        .expect_code(2);
}

#[test]
fn bundled_site_passes_its_own_gates_and_reports_its_real_state() {
    let run = run_in(&crate::support::repo_root(), &["check", "--format", "json"]);
    run.expect_code(0);
    let report: Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(
        report["locales"]["fr"]["pages"]["missing"],
        serde_json::json!(["publish-offer"])
    );
    for locale in ["pt-BR", "sv", "ru"] {
        let pages = &report["locales"][locale]["pages"];
        assert_eq!(
            pages["machine"],
            serde_json::json!(["publish-offer"]),
            "{locale}"
        );
        assert_eq!(
            pages["stale"],
            serde_json::json!(["publish-offer"]),
            "{locale}"
        );
        assert_eq!(
            pages["missing"],
            serde_json::json!(["review-and-publish", "using-locdoc"]),
            "{locale}"
        );
    }
    assert!(report["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .all(|d| d["severity"] != "error"));
}

#[test]
fn anchors_are_checked_in_links_to_and_from_sections() {
    let site = TempSite::new("check");
    site.write(
        "content/en/guides/_index.md",
        "---\ntitle: Guides\n---\n## Setup\n\nSee [the step](step.md#nowhere).\n",
    );
    site.write(
        "content/en/guides/step.md",
        "---\ntitle: Step\n---\n## Run\n\nBack to [setup](_index.md#setup), [the top](_index.md#top).\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let anchors: Vec<(String, i64)> = report["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| {
            d["code"] == "broken-anchor" && d["file"].as_str().is_some_and(|f| f.contains("guides"))
        })
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    // A section's links start from its own folder; a section's headings are
    // anchors like any page's.
    assert_eq!(
        anchors,
        [
            ("content/en/guides/_index.md".to_owned(), 6),
            ("content/en/guides/step.md".to_owned(), 6),
        ],
        "{}",
        run.stdout
    );
}
