//! Incremental builds: a page is rendered again only when something it
//! depends on changed; the output is the same as a full build's.

use std::collections::BTreeMap;

use crate::support::TempSite;

/// Every file of the output except the cache, with its bytes.
fn output(site: &TempSite) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(site.out())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".locdoc-cache")
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(site.out())
                .expect("below")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Pages the build took unchanged from the last one, from its summary
/// line (which leaves the count out when it is 0).
fn reused(run: &crate::support::Run) -> usize {
    assert!(
        run.stderr.contains("built ") && run.stderr.contains(": pages per locale: "),
        "no build summary in:\n{}",
        run.stderr
    );
    run.stderr
        .split(", ")
        .find_map(|part| part.trim_end().strip_suffix(" unchanged pages reused"))
        .map_or(0, |n| n.trim().parse().expect("a count of reused pages"))
}

#[test]
fn nothing_changed_is_up_to_date_without_reading_the_site() {
    let site = TempSite::new("bad/_base");
    assert_eq!(
        reused(site.build().expect_code(0)),
        0,
        "a first build renders everything"
    );
    let first = output(&site);
    let run = site.build();
    run.expect_code(0);
    assert!(
        run.stderr.contains("public is up to date: nothing changed"),
        "{}",
        run.stderr
    );
    assert_eq!(output(&site), first);
}

#[test]
fn removed_output_is_built_again() {
    let site = TempSite::new("bad/_base");
    site.build().expect_code(0);
    let first = output(&site);
    std::fs::remove_file(site.out().join("fr/guide/index.html")).expect("remove");
    let run = site.build();
    run.expect_code(0);
    assert!(!run.stderr.contains("up to date"), "{}", run.stderr);
    assert_eq!(output(&site), first);
}

#[test]
fn a_translated_slug_moves_the_links_of_every_locale() {
    let site = TempSite::new("bad/_base");
    site.build().expect_code(0);
    site.edit(
        "content/fr/guide.md",
        "title: Guide fr\n",
        "title: Guide fr\nslug: guide-fr\n",
    );
    site.build().expect_code(0);
    let after = output(&site);
    let en = String::from_utf8_lossy(&after["en/guide/index.html"]).into_owned();
    assert!(en.contains("fr/guide-fr/"), "{en}");
    // Markdown links too: `other` (en only, shown in fr from en) links to
    // the guide, which fr now publishes under its slug; ru has no slug.
    let link = |dir: &str| {
        String::from_utf8_lossy(&after[&format!("{dir}/other/index.html")]).into_owned()
    };
    assert!(
        link("fr").contains(r#"href="../../fr/guide-fr/#steps""#),
        "{}",
        link("fr")
    );
    assert!(
        link("ru").contains(r#"href="../../ru/guide/#steps""#),
        "{}",
        link("ru")
    );
    assert!(
        link("en").contains(r#"href="../../en/guide/#steps""#),
        "{}",
        link("en")
    );
    // The same output a build from scratch gives.
    std::fs::remove_dir_all(site.out()).expect("clean");
    site.build().expect_code(0);
    assert_eq!(output(&site), after);
}

#[test]
fn a_touched_file_with_the_same_content_reuses_every_page() {
    let site = TempSite::new("bad/_base");
    site.build().expect_code(0);
    let first = output(&site);
    // Its time changes, not its text: the fingerprints of the pages decide.
    // Set outright, not waited for: some file systems keep coarse times.
    let file = std::fs::File::options()
        .write(true)
        .open(site.path("content/en/guide.md"))
        .expect("open");
    let modified = file.metadata().and_then(|m| m.modified()).expect("time");
    file.set_modified(modified + std::time::Duration::from_secs(10))
        .expect("touch");
    let run = site.build();
    run.expect_code(0);
    assert_eq!(reused(&run), 9, "{}", run.stderr);
    assert_eq!(output(&site), first);
}

#[test]
fn an_edited_page_is_rendered_again_where_it_is_shown() {
    let site = TempSite::new("bad/_base");
    site.build().expect_code(0);
    let before = output(&site);
    site.edit("content/en/other.md", "Back to", "Go back to");
    let run = site.build();
    // `other` exists in en only: fr and ru show it from en, so three pages
    // change and the other six are reused.
    assert_eq!(reused(&run), 6, "{}", run.stderr);
    let after = output(&site);
    for locale in ["en", "fr", "ru"] {
        let rel = format!("{locale}/other/index.html");
        assert!(
            String::from_utf8_lossy(&after[&rel]).contains("Go back to"),
            "{rel}"
        );
    }
    assert_eq!(after["en/guide/index.html"], before["en/guide/index.html"]);
    // The same output a build from scratch gives.
    std::fs::remove_dir_all(site.out()).expect("clean");
    site.build().expect_code(0);
    assert_eq!(output(&site), after);
}

#[test]
fn an_edited_translation_changes_only_its_own_page() {
    let site = TempSite::new("bad/_base");
    site.build().expect_code(0);
    let before = output(&site);
    site.edit("content/fr/guide.md", "Introduction.", "Une introduction.");
    let run = site.build();
    // The page set and every state stay the same: en and ru keep their
    // `guide`, switchers included.
    assert_eq!(reused(&run), 8, "{}", run.stderr);
    let after = output(&site);
    assert!(String::from_utf8_lossy(&after["fr/guide/index.html"]).contains("Une introduction."));
    assert_eq!(after["en/guide/index.html"], before["en/guide/index.html"]);
    assert_eq!(after["ru/guide/index.html"], before["ru/guide/index.html"]);
}

#[test]
fn a_template_change_renders_everything_again() {
    let site = TempSite::new("bad/_base");
    site.build().expect_code(0);
    site.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}<p class=\"t\">{{ page.title }}</p>{% endblock main %}");
    let run = site.build();
    assert_eq!(reused(&run), 0, "{}", run.stderr);
    assert!(site
        .read("public/ru/guide/index.html")
        .contains("<p class=\"t\">Руководство</p>"));
}

#[test]
fn a_deleted_page_leaves_the_output() {
    let site = TempSite::new("bad/_base");
    site.build().expect_code(0);
    assert!(site.out().join("fr/other/index.html").is_file());
    std::fs::remove_file(site.path("content/en/other.md")).expect("remove");
    site.edit("content/en/guide.md", "See [the other page](other.md).", "");
    for file in ["content/fr/guide.md", "content/ru/guide.md"] {
        let text = site.read(file);
        let kept: String = text
            .lines()
            .filter(|l| !l.contains("other.md"))
            .map(|l| format!("{l}\n"))
            .collect();
        site.write(file, &kept);
    }
    site.build().expect_code(0);
    for locale in ["en", "fr", "ru"] {
        assert!(
            !site.out().join(format!("{locale}/other")).exists(),
            "{locale}/other is still there"
        );
    }
    assert!(!site.read("public/sitemap.xml").contains("/other/"));
}

#[test]
fn findings_are_reported_by_every_build() {
    let site = TempSite::new("i18n");
    let first = site.build();
    let second = site.build();
    // A build with findings is never skipped as up to date.
    assert!(!second.stderr.contains("up to date"), "{}", second.stderr);
    for run in [&first, &second] {
        run.expect_code(0)
            .expect_headline("content/en/other.md:5:54: warning[broken-link]")
            .expect_headline("content/_data/timing.yaml:8:1: warning[model-label-fallback]");
    }
}

#[test]
fn the_same_site_named_another_way_is_still_up_to_date() {
    let site = TempSite::new("bad/_base");
    site.build().expect_code(0);
    let parent = site.root().parent().expect("the site has a parent folder");
    let name = site
        .root()
        .file_name()
        .expect("the site's folder has a name")
        .to_string_lossy();
    let root = format!("./{name}/");
    let out = format!("{name}/public");
    let run = crate::support::run_in(parent, &["--root", &root, "build", "--out", &out]);
    run.expect_code(0);
    assert!(run.stderr.contains("is up to date"), "{}", run.stderr);
}
