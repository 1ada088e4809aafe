//! `locdoc build` on the i18n fixture: plurals in every locale, fallback
//! pages and labels, escaping, links, the output layout and its safety.

use crate::support::{attr, run_in_env, select, table_rows, text, TempSite};

fn built() -> TempSite {
    let site = TempSite::new("i18n");
    site.build().expect_code(0);
    site
}

/// The duration column of the `timing.spans` table, in record order
/// (1, 2, 5, 21 weeks; 4, 21 days; 10 business days).
fn durations(site: &TempSite, locale: &str) -> Vec<String> {
    let html = site.html(&format!("{locale}/guide/index.html"));
    table_rows(&html, "timing.spans")
        .into_iter()
        .map(|row| row[1].clone())
        .collect()
}

#[test]
fn durations_follow_each_locales_plural_rules() {
    let site = built();
    let expected = [
        (
            "en",
            [
                "1 week",
                "2 weeks",
                "5 weeks",
                "21 weeks",
                "4 days",
                "21 days",
                "10 business days",
            ],
        ),
        (
            "fr",
            [
                "1 semaine",
                "2 semaines",
                "5 semaines",
                "21 semaines",
                "4 jours",
                "21 jours",
                "10 jours ouvrés",
            ],
        ),
        (
            "pt-BR",
            [
                "1 semana",
                "2 semanas",
                "5 semanas",
                "21 semanas",
                "4 dias",
                "21 dias",
                "10 dias úteis",
            ],
        ),
        (
            "sv",
            [
                "1 vecka",
                "2 veckor",
                "5 veckor",
                "21 veckor",
                "4 dagar",
                "21 dagar",
                "10 arbetsdagar",
            ],
        ),
    ];
    for (locale, want) in expected {
        assert_eq!(durations(&site, locale), want, "{locale}");
    }
}

#[test]
fn ru_durations_use_one_few_and_many() {
    let site = built();
    assert_eq!(
        durations(&site, "ru"),
        [
            "1 неделя",
            "2 недели",
            "5 недель",
            "21 неделя",
            "4 дня",
            "21 день",
            "10 рабочих дней"
        ]
    );
}

#[test]
fn inline_value_directive_formats_the_model_value() {
    let site = built();
    let html = site.html("ru/guide/index.html");
    let paragraphs: Vec<String> = select(&html, "article p").iter().map(text).collect();
    assert!(
        paragraphs.contains(&"Total: 10 рабочих дней.".to_owned()),
        "{paragraphs:?}"
    );
}

#[test]
fn missing_page_is_published_from_the_fallback_with_a_notice() {
    let site = built();
    let html = site.html("fr/guide/index.html");
    assert_eq!(attr(&select(&html, "html")[0], "lang"), "fr");
    let notices = select(&html, "aside.notice-fallback");
    assert_eq!(notices.len(), 1);
    assert!(text(&notices[0]).contains("Français") && text(&notices[0]).contains("English"));
    // The prose is English, and says so; the model's facts still speak French.
    assert_eq!(attr(&select(&html, "article")[0], "lang"), "en");
    assert_eq!(text(&select(&html, "article h1")[0]), "Guide en");
    assert_eq!(
        table_rows(&html, "timing.spans")[0],
        ["Une semaine", "1 semaine"]
    );
}

#[test]
fn missing_model_label_renders_from_fallback_and_warns() {
    let site = TempSite::new("i18n");
    let run = site.build();
    run.expect_code(0).expect_headline(
        "content/_data/timing.yaml:8:1: warning[model-label-fallback]: `timing-spans-w21` is missing in `sv`; shown from `en`",
    );
    let rows = table_rows(&site.html("sv/guide/index.html"), "timing.spans");
    assert_eq!(rows[3], ["Twenty-one weeks", "21 veckor"]);
    assert_eq!(rows[2], ["Fem veckor", "5 veckor"]);
}

#[test]
fn machine_translation_shows_its_notice_and_no_other() {
    let site = built();
    let html = site.html("pt-BR/guide/index.html");
    assert_eq!(select(&html, "aside.notice-machine").len(), 1);
    assert!(select(&html, "aside.notice-fallback").is_empty());
    assert!(select(&site.html("en/guide/index.html"), "aside.notice").is_empty());
}

#[test]
fn script_in_translation_and_front_matter_is_escaped() {
    let site = built();
    let raw = std::fs::read_to_string(site.out().join("pt-BR/guide/index.html")).expect("page");
    let html = site.html("pt-BR/guide/index.html");
    // Parsed, the hostile strings are text, never elements.
    assert!(select(&html, "script").is_empty(), "{raw}");
    assert_eq!(
        text(&select(&html, "article h1")[0]),
        "<script>alert('title')</script> Guia"
    );
    assert_eq!(
        table_rows(&html, "timing.spans")[0][0],
        "<script>alert(\"label\")</script> Uma semana"
    );
    assert!(text(&select(&html, "title")[0]).starts_with("<script>"));
}

#[test]
fn relative_md_links_point_at_the_same_locale() {
    let site = built();
    // other.md exists in en only: every other locale shows it from en (the
    // build parses it once for all five).
    for locale in ["en", "fr", "pt-BR", "sv", "ru"] {
        let html = site.html(&format!("{locale}/other/index.html"));
        let hrefs: Vec<String> = select(&html, "article a")
            .iter()
            .map(|a| attr(a, "href"))
            .collect();
        assert_eq!(hrefs[0], format!("../../{locale}/guide/#spans"));
        assert!(site
            .out()
            .join(format!("{locale}/guide/index.html"))
            .is_file());
    }
}

#[test]
fn broken_link_is_a_warning_naming_file_line_column() {
    let site = TempSite::new("i18n");
    site.build()
        .expect_code(0)
        .expect_headline("content/en/other.md:5:54: warning[broken-link]");
}

#[test]
fn sitemap_lists_every_page_with_hreflang_alternates() {
    let site = built();
    let xml = site.read("public/sitemap.xml");
    assert!(xml.contains("<loc>https://example.test/docs/ru/guide/</loc>"));
    let alternates = xml
        .matches("hreflang=\"pt-BR\" href=\"https://example.test/docs/pt-BR/guide/\"")
        .count();
    // One per locale's <url> entry for the page.
    assert_eq!(alternates, 5);
}

#[test]
fn each_page_links_every_locale_and_marks_the_current_one() {
    let site = built();
    let html = site.html("ru/guide/index.html");
    let switcher = select(&html, "nav.lang-switcher a");
    assert_eq!(switcher.len(), 5);
    for link in &switcher {
        let target = site
            .out()
            .join("ru/guide")
            .join(attr(link, "href"))
            .join("index.html");
        assert!(target.is_file(), "{}", target.display());
    }
    let current = select(&html, "nav.lang-switcher a[aria-current=page]");
    assert_eq!(attr(&current[0], "hreflang"), "ru");
    let alternates = select(&html, "link[rel=alternate][hreflang]");
    let codes: Vec<String> = alternates.iter().map(|l| attr(l, "hreflang")).collect();
    assert_eq!(codes, ["en", "x-default", "fr", "pt-BR", "sv", "ru"]);
}

#[test]
fn build_of_one_locale_writes_only_that_locale() {
    let site = TempSite::new("i18n");
    site.run(&["build", "--locale", "sv"]).expect_code(0);
    assert!(site.out().join("sv/guide/index.html").is_file());
    assert!(!site.out().join("en").exists());
    site.run(&["build", "--locale", "de"]).expect_code(2);
}

#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let site = TempSite::new("i18n");
    site.build().expect_code(0);
    let before = site.read("public/ru/guide/index.html");
    site.write("locales/ru/main.ftl", "broken = {\n");
    site.build().expect_code(1);
    assert_eq!(site.read("public/ru/guide/index.html"), before);
    // No staging folder is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("read")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".locdoc-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn output_folder_may_not_be_the_site_root() {
    let site = TempSite::new("i18n");
    let run = site.run(&["build", "--out", "."]);
    run.expect_code(2);
    assert!(run.stderr.contains("site root"), "{}", run.stderr);
    site.run(&["build", "--out", "content/x"]).expect_code(2);
    assert!(site.path("content/en/guide.md").is_file());
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = TempSite::new("i18n");
    site.write(
        "templates/page.html",
        "<!DOCTYPE html><html lang=\"{{ lang }}\"><body><h1 class=\"custom\">{{ page.title }}</h1>{{ t(key=\"timing-spans-w1\") }}</body></html>",
    );
    site.build().expect_code(0);
    let html = site.html("fr/guide/index.html");
    assert_eq!(text(&select(&html, "h1.custom")[0]), "Guide en");
    assert!(text(&select(&html, "body")[0]).contains("Une semaine"));
    // Sections still use the embedded theme.
    assert_eq!(
        select(&site.html("fr/index.html"), "nav.lang-switcher").len(),
        1
    );
}

#[test]
fn context_parts_a_template_reads_only_through_an_include_are_there() {
    // The build leaves out context variables a template never reads; one
    // read from an included file still counts.
    let site = TempSite::new("i18n");
    site.write(
        "templates/page.html",
        "<!DOCTYPE html><html><body>{% include \"parts.html\" %}<main>{{ page.content | safe }}</main></body></html>",
    );
    site.write(
        "templates/parts.html",
        "<ul class=\"locales\">{% for l in site.locales %}<li>{{ l.code }}</li>{% endfor %}</ul>{% for n in notices %}<p class=\"notice {{ n.kind }}\">{{ n.text }}</p>{% endfor %}",
    );
    site.build().expect_code(0);
    let html = site.html("fr/guide/index.html");
    let codes: Vec<String> = select(&html, "ul.locales li").iter().map(text).collect();
    assert_eq!(codes, ["en", "fr", "pt-BR", "sv", "ru"]);
    assert_eq!(
        select(&html, "p.notice.fallback").len(),
        1,
        "fr/guide is shown from en"
    );
    assert!(!select(&html, "main h1, main h2, main p").is_empty());
}

#[test]
fn messages_written_into_templates_are_escaped_as_tera_escapes_them() {
    // Literal t() calls are written into per-locale copies of the
    // templates; the page must read exactly as if each call ran.
    let site = TempSite::new("i18n");
    let fr = site.read("locales/fr/main.ftl");
    site.write(
        "locales/fr/main.ftl",
        &format!("{fr}\ntricky = Tom & \"Jerry's\" <b>\n"),
    );
    site.write(
        "templates/page.html",
        "<!DOCTYPE html><html><body><p class=\"a\">{{ t(key=\"tricky\") }}</p><p class=\"b\">{{ t(key=\"tricky\") | length }}</p><p class=\"c\">{% raw %}{{ t(key=\"tricky\") }}{% endraw %}</p>{{ page.content | safe }}</body></html>",
    );
    site.build().expect_code(0);
    let raw = site.read("public/fr/guide/index.html");
    assert!(
        raw.contains("<p class=\"a\">Tom &amp; &quot;Jerry&#39;s&quot; &lt;b&gt;</p>"),
        "{raw}"
    );
    assert!(raw.contains("<p class=\"b\">19</p>"), "{raw}");
    assert!(
        raw.contains("<p class=\"c\">{{ t(key=\"tricky\") }}</p>"),
        "{raw}"
    );
}

#[test]
fn a_template_error_points_into_the_template_as_written() {
    let site = TempSite::new("i18n");
    site.write(
        "templates/page.html",
        "<p>{{ t(key=\"timing-spans-w1\") }} {{ t(key=\"timing-spans-w2\") }} {{ page.nope.deeper }}</p>",
    );
    let run = site.build();
    let err = run.stderr.clone();
    assert_ne!(run.code, 0, "{err}");
    // The snippet shows the line as the site wrote it, not with the
    // messages written in.
    assert!(err.contains("{{ t(key=\"timing-spans-w1\") }}"), "{err}");
    // In no locale's words either.
    for locale in ["en", "fr", "pt-BR", "sv", "ru"] {
        let ftl = site.read(&format!("locales/{locale}/main.ftl"));
        let text = ftl
            .lines()
            .find_map(|l| l.strip_prefix("timing-spans-w1 = "))
            .unwrap_or_else(|| panic!("{locale} has the message"));
        assert!(!err.contains(text), "{locale}: {err}");
    }
}

#[test]
fn a_page_whose_name_ends_in_index_is_a_page() {
    // Only `_index.md` makes a section: `api_index.md` is a page, and the
    // home keeps its own `_index.md`.
    let site = TempSite::new("i18n");
    site.write(
        "content/en/api_index.md",
        "---\ntitle: API index\n---\nAll calls.\n",
    );
    site.build().expect_code(0);
    let page = site.html("en/api_index/index.html");
    assert!(text(&select(&page, "main")[0]).contains("All calls."));
    let home = site.read("public/en/index.html");
    assert!(!home.contains("All calls."), "{home}");
}

#[test]
fn status_dashboard_lists_each_locale_and_links_its_gaps() {
    let site = built();
    let html = site.html("_status/index.html");
    let rows = select(&html, "table.status-table tbody tr");
    assert_eq!(rows.len(), 4, "one row per translated locale");
    let meters = select(&html, "meter");
    assert!(meters.iter().all(|m| {
        let value: f64 = attr(m, "value").parse().expect("number");
        (0.0..=100.0).contains(&value)
    }));
    let fr = select(&html, "section#status-fr a[hreflang=fr]");
    assert_eq!(
        text(&fr[0]),
        "Guide en",
        "the missing French page, shown from its fallback"
    );
    let target = site
        .out()
        .join("_status")
        .join(attr(&fr[0], "href"))
        .join("index.html");
    assert!(target.is_file(), "{}", target.display());
    assert!(select(&html, "section#status-pt-BR")
        .iter()
        .any(|s| text(s).contains("guide")));
}

#[test]
fn hostile_strings_are_escaped_or_neutralised_everywhere() {
    let site = TempSite::new("hostile");
    let run = site.build();
    run.expect_code(0)
        .expect_headline("content/fr/page.md:8:9: warning[unsafe-link]")
        .expect_headline("content/fr/page.md:8:48: warning[unsafe-link]")
        .expect_headline("content/fr/page.md:10:1: warning[raw-html-escaped]")
        .expect_headline("content/fr/plain.md:5:27: warning[raw-html-escaped]");
    for page in [
        "fr/page/index.html",
        "fr/plain/index.html",
        "en/page/index.html",
        "fr/index.html",
        "index.html",
        "_status/index.html",
    ] {
        let raw = site.read(&format!("public/{page}"));
        let html = site.html(page);
        assert!(
            select(&html, "script").is_empty(),
            "{page} has a <script> element:\n{raw}"
        );
        for element in select(&html, "*") {
            for (name, value) in element.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{page}: <{}> has {name}=\"{value}\"",
                    element.value().name()
                );
                assert!(
                    !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                    "{page}: {name}=\"{value}\""
                );
            }
            assert_ne!(
                element.value().name(),
                "img",
                "{page}: an <img> was injected:\n{raw}"
            );
        }
    }
    let fr = site.html("fr/page/index.html");
    // The hostile strings are there, as text.
    assert_eq!(
        text(&select(&fr, "article h1")[0]),
        "\"><img src=x onerror=alert(\"title\")>"
    );
    assert_eq!(
        table_rows(&fr, "facts.items")[0],
        [
            "<script>alert(\"label\")</script>",
            "\"><img src=x onerror=alert(\"model\")>"
        ]
    );
    assert!(text(&select(&fr, "article")[0]).contains("<script>alert(\"raw html\")</script>"));
    assert_eq!(
        attr(&select(&fr, "meta[name=description]")[0], "content"),
        "\"><script>alert(\"description\")</script>"
    );
    let links: Vec<String> = select(&fr, "article a[href]")
        .iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        links,
        ["#", "#", "#"],
        "every javascript: link is neutralised"
    );
    // The bare anchor Learn-style headings carry survives the escaping.
    assert_eq!(select(&fr, "a[name=kept-anchor]").len(), 1);
    // A translation without directives is escaped all the same, and the
    // source's own HTML is kept.
    let plain = site.html("fr/plain/index.html");
    assert!(select(&plain, "article b, article div").is_empty());
    assert!(text(&select(&plain, "article")[0]).contains("<b onclick=\"alert('plain')\">"));
    let source = site.html("en/plain/index.html");
    assert_eq!(select(&source, "article b, article div.note").len(), 2);
}

#[test]
fn fluent_isolation_marks_never_reach_the_output() {
    let site = built();
    for entry in walkdir::WalkDir::new(site.out())
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            assert!(
                !text.contains('\u{2068}') && !text.contains('\u{2069}'),
                "{} contains Unicode isolation marks",
                entry.path().display()
            );
        }
    }
}

#[test]
fn a_link_in_a_heading_is_rewritten_and_checked() {
    let site = TempSite::new("bad/_base");
    site.edit(
        "content/en/other.md",
        "Back to",
        "## Read [the guide](guide.md#steps) and [nothing](missing.md)\n\nBack to",
    );
    let run = site.build();
    run.expect_code(0);
    let html = site.html("en/other/index.html");
    let links = select(&html, "main h2 a");
    assert_eq!(attr(&links[0], "href"), "../../en/guide/#steps");
    assert!(
        run.stderr.contains("broken-link") && run.stderr.contains("missing.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn page_headings_and_extra_reach_the_templates_that_read_them() {
    // Templates that never name `page.headings` or `page.extra` are not
    // handed them; one that does gets them, and so does one that takes
    // `page` whole.
    let site = TempSite::new("i18n");
    site.edit(
        "content/en/guide.md",
        "title: Guide en\n",
        "title: Guide en\nreviewer: Ana\n",
    );
    site.write(
        "templates/page.html",
        "<!DOCTYPE html><html><body><ol class=\"toc\">{% for h in page.headings %}<li><a href=\"#{{ h.id }}\">{{ h.text }}</a></li>{% endfor %}</ol><p class=\"by\">{{ page.extra.reviewer | default(value=\"-\") }}</p>{{ page.content | safe }}</body></html>",
    );
    site.build().expect_code(0);
    let html = site.html("en/guide/index.html");
    let toc: Vec<String> = select(&html, "ol.toc a").iter().map(text).collect();
    let ids: Vec<String> = select(&html, "h2[id]")
        .iter()
        .map(|h| attr(h, "id"))
        .collect();
    assert!(!toc.is_empty());
    assert_eq!(toc.len(), ids.len());
    let hrefs: Vec<String> = select(&html, "ol.toc a")
        .iter()
        .map(|a| attr(a, "href").trim_start_matches('#').to_owned())
        .collect();
    assert_eq!(hrefs, ids);
    assert_eq!(text(&select(&html, "p.by")[0]), "Ana");

    site.write(
        "templates/page.html",
        "<!DOCTYPE html><html><body>{% set p = page %}<ol class=\"toc\">{% for h in p.headings %}<li>{{ h.text }}</li>{% endfor %}</ol><p class=\"by\">{{ p.extra.reviewer | default(value=\"-\") }}</p></body></html>",
    );
    site.build().expect_code(0);
    let html = site.html("en/guide/index.html");
    assert_eq!(select(&html, "ol.toc li").len(), toc.len());
    assert_eq!(text(&select(&html, "p.by")[0]), "Ana");
}

#[test]
fn generated_pages_static_files_and_assets_land_beside_the_pages() {
    let site = TempSite::new("i18n");
    site.write("static/robots.txt", "User-agent: *\n");
    site.write("content/en/diagram.svg", "<svg/>");
    site.build().expect_code(0);
    let out = site.out();
    for rel in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "_status/index.html",
        "en/guide/index.html",
    ] {
        assert!(out.join(rel).is_file(), "{rel} was not written");
    }
    assert_eq!(
        std::fs::read_to_string(out.join("robots.txt")).expect("robots.txt"),
        "User-agent: *\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("en/diagram.svg")).expect("asset"),
        "<svg/>"
    );
}

#[test]
fn images_lead_to_the_nearest_locales_copy_of_the_file() {
    let site = TempSite::new("i18n");
    site.write("content/en/media/both.svg", "<svg/>");
    site.write("content/fr/media/both.svg", "<svg/>");
    site.write("content/en/media/en-only.svg", "<svg/>");
    site.write(
        "content/en/guides/shots.md",
        "---\ntitle: Shots\n---\n![both](../media/both.svg) ![en only](../media/en-only.svg#part)\n",
    );
    site.build().expect_code(0);
    let srcs = |page: &str| -> Vec<String> {
        select(&site.html(page), "article img[src]")
            .iter()
            .map(|img| attr(img, "src"))
            .collect()
    };
    assert_eq!(
        srcs("en/guides/shots/index.html"),
        [
            "../../../en/media/both.svg",
            "../../../en/media/en-only.svg#part"
        ]
    );
    // Shown in French from the source: French's own copy where there is
    // one, the source's where not.
    assert_eq!(
        srcs("fr/guides/shots/index.html"),
        [
            "../../../fr/media/both.svg",
            "../../../en/media/en-only.svg#part"
        ]
    );
}

#[test]
fn a_message_only_the_404_page_asks_for_is_reported() {
    // The 404 page is made while the pages are; its missing messages must
    // still reach the report, which is written once all rendering is done.
    let site = TempSite::new("i18n");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<p>{{ t(key=\"gone-fishing\") }}</p>{% endblock main %}",
    );
    let run = site.build();
    run.expect_code(0);
    // The site's 404 page is the default locale's.
    run.expect_headline(
        "locales/en: warning[ui-message-missing]: the theme asks for message `gone-fishing`",
    );
}

#[test]
fn verbose_build_reports_each_phase_with_its_time_cpu_and_memory() {
    let site = TempSite::new("i18n");
    let run = site.run(&["-v", "build"]);
    run.expect_code(0);
    let phases: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .collect();
    for name in [
        "load: read pages",
        "templates",
        "render and write pages and the other files",
    ] {
        let line = phases
            .iter()
            .find(|l| l.starts_with(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no phase `{name}` in:\n{}", run.stderr));
        // `-v` is read on Linux, where both measures are known.
        if cfg!(target_os = "linux") {
            assert!(line.contains(" (cpu "), "{line}");
            assert!(
                line.ends_with(" MiB)") && line.contains(", resident "),
                "{line}"
            );
        }
    }
}

#[test]
fn batch_commands_turn_huge_pages_off_unless_the_user_chose() {
    let site = TempSite::new("i18n");
    let verbose = |command: &str, choice: Option<&str>| -> String {
        run_in_env(
            site.root(),
            &["-v", command],
            &[("MIMALLOC_ALLOW_THP", choice)],
        )
        .stderr
    };
    let first_line = |stderr: &str| stderr.lines().next().unwrap_or_default().to_owned();
    let off = if cfg!(target_os = "linux") {
        "transparent huge pages: off for this process (set MIMALLOC_ALLOW_THP=1 to keep them)"
    } else {
        "transparent huge pages: as the system sets them"
    };
    for command in ["build", "check"] {
        assert_eq!(first_line(&verbose(command, None)), off, "{command}");
        assert_eq!(
            first_line(&verbose(command, Some("1"))),
            "transparent huge pages: left to MIMALLOC_ALLOW_THP",
            "{command}"
        );
    }
}

#[test]
fn links_to_sections_and_slugged_pages_lead_to_their_folders() {
    let site = TempSite::new("i18n");
    site.write("content/en/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
    site.write(
        "content/en/guides/_index.md",
        "---\ntitle: Guides\n---\nSee [the step](step.md#run) and [the home](../_index.md).\n",
    );
    site.write(
        "content/en/guides/step.md",
        "---\ntitle: Step\nslug: first-step\n---\n## Run\n\nBack to [the guides](_index.md#top) and [the guide](../guide.md).\n",
    );
    site.build().expect_code(0);
    let hrefs = |page: &str| -> Vec<String> {
        select(&site.html(page), "article a[href]")
            .iter()
            .map(|a| attr(a, "href"))
            .collect()
    };
    assert_eq!(
        hrefs("en/guides/index.html"),
        ["../../en/guides/first-step/#run", "../../en/"]
    );
    assert_eq!(
        hrefs("en/guides/first-step/index.html"),
        ["../../../en/guides/#top", "../../../en/guide/"]
    );
    // Shown in French from the source: the links lead to the French copies.
    assert_eq!(
        hrefs("fr/guides/first-step/index.html"),
        ["../../../fr/guides/#top", "../../../fr/guide/"]
    );
}
