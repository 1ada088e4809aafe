//! Bad input: every problem of a run reported with file:line:column, exit
//! codes 1 (content) and 2 (config, usage), never a panic.

use crate::support::TempSite;

#[test]
fn every_content_error_is_reported_in_one_run() {
    let site = TempSite::new("invalid/content");
    let run = site.build();
    run.expect_code(1)
        .expect_headline("content/en/bad-yaml.md:4:7: error[front-matter]")
        .expect_headline("content/en/unterminated.md:1:1: error[front-matter]: front matter opened with `---` is never closed")
        .expect_headline("content/en/directive.md:6:3: error[unknown-directive]: unknown directive `chart`")
        .expect_headline("content/en/directive.md:12:21: error[directive]: no model collection named `steps.nowhere`")
        .expect_headline("locales/fr/main.ftl:4:6: error[ftl-syntax]");
    assert_eq!(
        run.headlines()
            .iter()
            .filter(|l| l.contains("error["))
            .count(),
        5,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("build failed with 5 errors"));
    assert!(!site.out().exists(), "a failed build wrote output");
}

#[test]
fn directive_inside_a_code_fence_is_left_alone() {
    let site = TempSite::new("invalid/content");
    let run = site.build();
    // The directives around the fence are read (lines 6 and 12), the one
    // inside it (line 9) is not.
    run.expect_code(1)
        .expect_headline("content/en/directive.md:6:3: error[unknown-directive]")
        .expect_headline("content/en/directive.md:12:21: error[directive]");
    assert!(!run.stderr.contains("directive.md:9:"), "{}", run.stderr);
}

#[test]
fn invalid_locale_codes_are_config_errors_with_positions() {
    let site = TempSite::new("invalid/locale-code");
    let run = site.build();
    run.expect_code(2)
        .expect_headline(
            "site.yaml:4:11: error[config-locale]: `pt_BR` is not a valid BCP 47 locale code",
        )
        .expect_headline(
            "site.yaml:5:11: error[config-locale]: `xx-!!` is not a valid BCP 47 locale code",
        );
    assert!(run.stderr.contains("write `pt-BR`"), "{}", run.stderr);
}

#[test]
fn missing_site_yaml_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp");
    let run = crate::support::run_in(dir.path(), &["build"]);
    run.expect_code(2);
    assert!(run.stderr.contains("no site.yaml"), "{}", run.stderr);
}

#[test]
fn unknown_directive_in_a_translation_names_that_file() {
    let site = TempSite::new("i18n");
    site.write(
        "content/sv/guide.md",
        "---\ntitle: Guide\n---\n\n::tabel{collection=\"timing.spans\"}\n",
    );
    site.build().expect_code(1).expect_headline(
        "content/sv/guide.md:5:3: error[unknown-directive]: unknown directive `tabel`",
    );
}

#[test]
fn invalid_utf8_bom_and_crlf() {
    let site = TempSite::new("i18n");
    // BOM and CRLF are legitimate and render as usual.
    site.write(
        "content/fr/guide.md",
        "\u{FEFF}---\r\ntitle: Guide fr\r\n---\r\n\r\n::table{collection=\"timing.spans\" columns=\"label duration\"}\r\n",
    );
    std::fs::write(
        site.path("content/sv/guide.md"),
        b"---\ntitle: ok\n---\nbad \xff byte\n",
    )
    .expect("write");
    let run = site.build();
    run.expect_code(1)
        .expect_headline("content/sv/guide.md:4:5: error[encoding]: file is not valid UTF-8");
    std::fs::remove_file(site.path("content/sv/guide.md")).expect("remove");
    site.build().expect_code(0);
    let html = site.html("fr/guide/index.html");
    assert_eq!(
        crate::support::text(&crate::support::select(&html, "article h1")[0]),
        "Guide fr"
    );
    assert_eq!(crate::support::table_rows(&html, "timing.spans").len(), 7);
}
