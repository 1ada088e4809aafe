//! The pseudo-locale: generated from the source, accented, longer and
//! bracketed, so unlocalized strings stand out; kept from search engines.

use crate::support::{attr, select, table_rows, text, TempSite};

fn is_pseudo(s: &str) -> bool {
    s.starts_with('[') && s.ends_with(']') && s.contains('~')
}

#[test]
fn pseudo_flag_adds_en_xa_with_every_string_pseudolocalized() {
    let site = TempSite::new("i18n");
    site.run(&["--pseudo", "build"]).expect_code(0);
    let html = site.html("en-XA/guide/index.html");
    assert_eq!(attr(&select(&html, "html")[0], "lang"), "en-XA");
    assert_eq!(text(&select(&html, "article h1")[0]), "[Ĝûîðé éñ~~~]");
    assert!(is_pseudo(&text(&select(&html, "article p")[0])));
    // Model labels and headers come through the pseudo bundle; the number
    // stays a number, so plural rules still apply.
    let rows = table_rows(&html, "timing.spans");
    assert_eq!(rows[0][0], "[Öñé ŵééķ~~~]");
    assert_eq!(rows[1][1], "2 [ŵééķš~~~]");
    // The theme's own words too: nothing plain hides in the chrome.
    assert!(is_pseudo(&text(&select(&html, "a.skip-link")[0])));
    // Heading ids come from the source words, so #anchors keep working.
    assert_eq!(select(&html, "h2#spans").len(), 1);
    // The other locales link to it; search engines are not told about it.
    let en = site.html("en/guide/index.html");
    assert_eq!(select(&en, "nav.lang-switcher a[hreflang=en-XA]").len(), 1);
    assert!(select(&en, "link[hreflang=en-XA]").is_empty());
    assert!(!site.read("public/sitemap.xml").contains("en-XA"));
}

#[test]
fn pseudo_locale_in_site_yaml_and_check_ignores_it() {
    let site = TempSite::new("i18n");
    let config = site.read("site.yaml");
    site.write("site.yaml", &format!("{config}pseudo_locale: en-XA\n"));
    site.build().expect_code(0);
    assert!(site.out().join("en-XA/other/index.html").is_file());
    let run = site.run(&["check", "--format", "json"]);
    run.expect_code(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert!(
        report["locales"].get("en-XA").is_none(),
        "generated, so not measured"
    );
    assert!(
        !run.stdout.contains("\"locale\": \"en-XA\""),
        "no findings about it"
    );
}
