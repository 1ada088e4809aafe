//! `locdoc stamp` and the out-of-date notice it clears.

use crate::support::{select, TempSite};

#[test]
fn editing_the_source_makes_translations_stale_until_stamped() {
    let site = TempSite::new("i18n");
    site.run(&["stamp", "guide"]).expect_code(0);
    site.build().expect_code(0);
    for locale in ["pt-BR", "sv", "ru"] {
        let html = site.html(&format!("{locale}/guide/index.html"));
        assert!(select(&html, "aside.notice-stale").is_empty(), "{locale}");
    }

    site.edit("content/en/guide.md", "Intro.", "Intro, revised.");
    site.build().expect_code(0);
    for locale in ["pt-BR", "sv", "ru"] {
        let html = site.html(&format!("{locale}/guide/index.html"));
        assert_eq!(select(&html, "aside.notice-stale").len(), 1, "{locale}");
    }

    site.run(&["stamp", "content/sv/guide.md"]).expect_code(0);
    site.build().expect_code(0);
    assert!(select(&site.html("sv/guide/index.html"), "aside.notice-stale").is_empty());
    assert_eq!(
        select(&site.html("ru/guide/index.html"), "aside.notice-stale").len(),
        1
    );
}

#[test]
fn stamp_changes_only_the_hash() {
    let site = TempSite::new("i18n");
    let before = site.read("content/ru/guide.md");
    site.run(&["stamp", "--locale", "ru", "guide"])
        .expect_code(0);
    let after = site.read("content/ru/guide.md");
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(
        changed[0].1.starts_with("translation: { source_hash: \""),
        "{changed:?}"
    );
    assert_eq!(before.lines().count(), after.lines().count());
}

#[test]
fn stamp_of_an_unknown_page_is_a_usage_error() {
    let site = TempSite::new("i18n");
    let run = site.run(&["stamp", "nope"]);
    run.expect_code(2);
    assert!(run.stderr.contains("no page `nope`"), "{}", run.stderr);
}

#[test]
fn check_reports_staleness_per_locale_after_a_source_edit() {
    let site = TempSite::new("i18n");
    site.run(&["stamp", "guide"]).expect_code(0);
    site.edit("content/en/guide.md", "Intro.", "Intro, revised.");
    site.run(&["stamp", "--locale", "ru", "guide"])
        .expect_code(0);
    let run = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        report["locales"]["ru"]["pages"]["stale"],
        serde_json::json!([])
    );
    for locale in ["pt-BR", "sv"] {
        assert_eq!(
            report["locales"][locale]["pages"]["stale"],
            serde_json::json!(["guide"]),
            "{locale}"
        );
    }
}

#[test]
fn sections_are_stamped_by_path_and_by_id() {
    let site = TempSite::new("i18n");
    site.write("content/en/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
    for locale in ["sv", "ru"] {
        site.write(
            &format!("content/{locale}/_index.md"),
            "---\ntitle: Hem\ntranslation: { source_hash: 0000000000000000 }\n---\nVälkommen.\n",
        );
    }
    let stale = |site: &TempSite, locale: &str| {
        select(
            &site.html(&format!("{locale}/index.html")),
            "aside.notice-stale",
        )
        .len()
    };
    site.build().expect_code(0);
    assert_eq!((stale(&site, "sv"), stale(&site, "ru")), (1, 1));

    site.run(&["stamp", "content/sv/_index.md"]).expect_code(0);
    site.build().expect_code(0);
    assert_eq!((stale(&site, "sv"), stale(&site, "ru")), (0, 1));

    site.run(&["stamp", "_index"]).expect_code(0);
    site.build().expect_code(0);
    assert_eq!((stale(&site, "sv"), stale(&site, "ru")), (0, 0));
}
