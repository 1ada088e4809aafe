//! The bundled site at the repository root is the demo and the first test:
//! it builds, every locale has both guides, and the facts come from the model.

use scraper::Html;

use crate::support::{attr, repo_root, run_in, select, table_rows, text};

const LOCALES: [&str; 5] = ["en", "fr", "pt-BR", "sv", "ru"];
const PAGES: [&str; 2] = ["publish-offer", "review-and-publish"];

fn build_bundled_site() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp");
    let out_arg = out.path().join("public");
    let run = run_in(
        &repo_root(),
        &["build", "--out", out_arg.to_str().expect("utf-8 path")],
    );
    run.expect_code(0);
    assert!(
        run.headlines().is_empty(),
        "the bundled site builds without warnings:\n{}",
        run.stderr
    );
    out
}

fn page(out: &tempfile::TempDir, locale: &str, id: &str) -> Html {
    let path = out
        .path()
        .join("public")
        .join(locale)
        .join(id)
        .join("index.html");
    Html::parse_document(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}

#[test]
fn every_locale_has_both_guides_and_the_root_files() {
    let out = build_bundled_site();
    let public = out.path().join("public");
    for file in ["index.html", "sitemap.xml", "404.html", "style.css"] {
        assert!(public.join(file).is_file(), "{file}");
    }
    for locale in LOCALES {
        assert!(public.join(locale).join("index.html").is_file());
        for id in PAGES {
            let html = page(&out, locale, id);
            assert_eq!(attr(&select(&html, "html")[0], "lang"), locale);
            let hreflangs: Vec<String> = select(&html, "link[rel=alternate][hreflang]")
                .iter()
                .map(|l| attr(l, "hreflang"))
                .filter(|h| h != "x-default")
                .collect();
            assert_eq!(hreflangs, LOCALES, "{locale}/{id}");
            for link in select(&html, "nav.lang-switcher a") {
                let target = public
                    .join(locale)
                    .join(id)
                    .join(attr(&link, "href"))
                    .join("index.html");
                assert!(
                    target.is_file(),
                    "switcher link {} from {locale}/{id}",
                    attr(&link, "href")
                );
            }
        }
    }
    let chooser =
        Html::parse_document(&std::fs::read_to_string(public.join("index.html")).expect("index"));
    assert_eq!(select(&chooser, "ul.language-list a").len(), 5);
}

#[test]
fn tables_have_the_models_rows_in_every_locale() {
    let out = build_bundled_site();
    for locale in LOCALES {
        let publish = page(&out, locale, "publish-offer");
        assert_eq!(
            table_rows(&publish, "publishing.stages").len(),
            6,
            "{locale}"
        );
        let review = page(&out, locale, "review-and-publish");
        assert_eq!(
            table_rows(&review, "review.offer-statuses").len(),
            7,
            "{locale}"
        );
        assert_eq!(
            table_rows(&review, "review.page-states").len(),
            3,
            "{locale}"
        );
        assert_eq!(
            select(&review, "ol[data-collection=\"review.go-live-steps\"] li").len(),
            5,
            "{locale}"
        );
    }
}

#[test]
fn stage_durations_are_localized_and_pluralized() {
    let out = build_bundled_site();
    let expected = [
        (
            "en",
            ["15 minutes", "1 week", "1 hour", "1 hour", "4 days"],
            "10 business days",
        ),
        (
            "fr",
            ["15 minutes", "1 semaine", "1 heure", "1 heure", "4 jours"],
            "10 jours ouvrés",
        ),
        (
            "pt-BR",
            ["15 minutos", "1 semana", "1 hora", "1 hora", "4 dias"],
            "10 dias úteis",
        ),
        (
            "sv",
            ["15 minuter", "1 vecka", "1 timme", "1 timme", "4 dagar"],
            "10 arbetsdagar",
        ),
        (
            "ru",
            ["15 минут", "1 неделя", "1 час", "1 час", "4 дня"],
            "10 рабочих дней",
        ),
    ];
    for (locale, durations, total) in expected {
        let html = page(&out, locale, "publish-offer");
        let rows = table_rows(&html, "publishing.stages");
        let with_duration: Vec<&str> = rows
            .iter()
            .map(|r| r[1].as_str())
            .filter(|d| *d != "—")
            .collect();
        assert_eq!(with_duration, durations, "{locale}");
        let prose = text(&select(&html, "article")[0]);
        assert!(
            prose.contains(total),
            "{locale}: the total `{total}` is missing"
        );
    }
}

#[test]
fn notices_mirror_the_seeds_translation_state() {
    let out = build_bundled_site();
    let notices = |locale: &str, id: &str| -> Vec<String> {
        let html = page(&out, locale, id);
        let mut kinds: Vec<String> = select(&html, "aside.notice")
            .iter()
            .map(|n| {
                attr(n, "class")
                    .replace("notice ", "")
                    .replace("notice-", "")
            })
            .collect();
        kinds.sort();
        kinds
    };
    // French: a human translation of the review guide, up to date.
    assert!(notices("fr", "review-and-publish").is_empty());
    assert_eq!(notices("fr", "publish-offer"), ["fallback"]);
    // pt-BR, sv, ru: machine translations of an older source revision.
    for locale in ["pt-BR", "sv", "ru"] {
        assert_eq!(
            notices(locale, "publish-offer"),
            ["machine", "stale"],
            "{locale}"
        );
        assert_eq!(
            notices(locale, "review-and-publish"),
            ["fallback"],
            "{locale}"
        );
    }
    assert!(notices("en", "publish-offer").is_empty());
}
