//! Microsoft Learn-style sources build unchanged: the four seed pages, as
//! they came, in folders named after their localized repositories.

use crate::support::{attr, select, text, TempSite};

#[test]
fn the_four_seeds_build_with_their_locales_notices_and_anchors() {
    let site = TempSite::new("seeds");
    let run = site.build();
    run.expect_code(0)
        // Missing targets are reported, and do not stop the build.
        .expect_headline(
            "content/azure-docs.fr-fr/review-publish-offer.md:59:75: warning[broken-link]",
        )
        .expect_headline(
            "content/azure-docs.pt-br/cpp-publish-offer.md:24:37: warning[missing-image]",
        );

    let fr = site.html("fr/review-publish-offer/index.html");
    assert_eq!(
        attr(&select(&fr, "html")[0], "lang"),
        "fr",
        "the locale comes from ms.contentlocale: fr-FR"
    );
    assert_eq!(
        select(&fr, "h1").len(),
        1,
        "the page's own heading is its only h1"
    );
    assert!(
        select(&fr, "aside.notice").is_empty(),
        "ms.translationtype: HT is a human translation"
    );
    assert_eq!(
        select(&fr, "h2 a[name=offer-status]").len(),
        1,
        "the <a name> inside the heading survives"
    );
    let self_link = select(&fr, "article a")
        .into_iter()
        .find(|a| text(a) == "Étapes de validation et de publication")
        .expect("the link to the validation steps");
    assert_eq!(
        attr(&self_link, "href"),
        "../../fr/review-publish-offer/#validation-and-publishing-steps"
    );
    assert_eq!(select(&fr, "ol li").len(), 5, "the go-live steps");

    for locale in ["pt-BR", "sv", "ru"] {
        let page = site.html(&format!("{locale}/cpp-publish-offer/index.html"));
        assert_eq!(attr(&select(&page, "html")[0], "lang"), locale);
        assert_eq!(
            select(&page, "aside.notice-machine").len(),
            1,
            "{locale}: ms.translationtype: MT"
        );
        assert_eq!(select(&page, "h1").len(), 1, "{locale}");
        assert_eq!(
            select(&page, "a[name=detailed-description-of-publishing-steps]").len(),
            1,
            "{locale}"
        );
        assert_eq!(
            select(&page, "table tbody tr").len(),
            7,
            "{locale}: the stage table as written"
        );
    }
}

#[test]
fn check_reports_the_seeds_missing_targets_and_machine_translations() {
    let site = TempSite::new("seeds");
    let run = site.run(&["check", "--format", "json"]);
    run.expect_code(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let diagnostics = report["diagnostics"].as_array().expect("array");
    let has = |code: &str, file: &str, line: u64| {
        diagnostics
            .iter()
            .any(|d| d["code"] == code && d["file"] == file && d["line"] == line)
    };
    assert!(
        has(
            "broken-link",
            "content/azure-docs.sv-se/cpp-publish-offer.md",
            35
        ),
        "{diagnostics:#?}"
    );
    assert!(
        has(
            "missing-image",
            "content/azure-docs.ru-ru/cpp-publish-offer.md",
            24
        ),
        "{diagnostics:#?}"
    );
    assert!(
        has(
            "broken-link",
            "content/azure-docs.fr-fr/review-publish-offer.md",
            59
        ),
        "{diagnostics:#?}"
    );
    // The fr page's link to its own anchor resolves: no report for it.
    assert!(
        !diagnostics.iter().any(|d| d["code"] == "broken-anchor"),
        "{diagnostics:#?}"
    );
    // Coverage is measured against source pages, and the seeds came without
    // their English source: each is reported, none is counted.
    let orphans = diagnostics
        .iter()
        .filter(|d| d["code"] == "orphan-page")
        .count();
    assert_eq!(orphans, 4, "{diagnostics:#?}");
    assert_eq!(report["locales"]["fr"]["pages"]["total"], 0);
}
