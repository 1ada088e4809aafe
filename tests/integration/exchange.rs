//! Translator exchange: XLIFF 2.0 and gettext PO out, and back in without
//! disturbing anything that did not change.

use std::collections::BTreeMap;

use crate::support::TempSite;

fn locale_files(site: &TempSite) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(site.path("locales"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(site.root())
                .expect("below")
                .to_string_lossy()
                .into_owned();
            out.insert(rel, std::fs::read_to_string(entry.path()).expect("read"));
        }
    }
    out
}

#[test]
fn round_trips_with_no_edits_change_nothing() {
    let site = TempSite::new("i18n");
    let before = locale_files(&site);
    for (locale, format, file) in [
        ("fr", "xliff", "fr.xliff"),
        ("ru", "po", "ru.po"),
        ("sv", "xliff", "sv.xlf"),
    ] {
        site.run(&[
            "export", "--locale", locale, "--format", format, "--out", file,
        ])
        .expect_code(0);
        let run = site.run(&["import", file]);
        run.expect_code(0);
        assert!(run.stderr.contains("nothing changed"), "{}", run.stderr);
    }
    assert_eq!(locale_files(&site), before);
}

#[test]
fn xliff_is_valid_and_carries_sources_targets_and_states() {
    let site = TempSite::new("i18n");
    let run = site.run(&["export", "--locale", "sv"]);
    run.expect_code(0);
    let doc = roxmltree::Document::parse(&run.stdout).expect("well-formed XLIFF");
    let root = doc.root_element();
    assert_eq!(root.attribute("version"), Some("2.0"));
    assert_eq!(root.attribute("srcLang"), Some("en"));
    assert_eq!(root.attribute("trgLang"), Some("sv"));
    let unit = |id: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("unit") && n.attribute("id") == Some(id))
    };
    let week = unit("unit-week").expect("the unit-week message");
    let source = week
        .descendants()
        .find(|n| n.has_tag_name("source"))
        .and_then(|n| n.text())
        .expect("source");
    assert!(
        source.starts_with("{ $count ->") && source.contains("[one] { $count } week"),
        "{source}"
    );
    let header = unit("timing-spans-columns.duration").expect("an attribute unit");
    assert_eq!(
        header
            .descendants()
            .find(|n| n.has_tag_name("target"))
            .and_then(|n| n.text()),
        Some("Längd")
    );
    // sv lacks the w21 label: a unit with a source and no target.
    let missing = unit("timing-spans-w21").expect("the untranslated unit");
    assert!(missing.descendants().all(|n| !n.has_tag_name("target")));
    assert_eq!(
        missing
            .descendants()
            .find(|n| n.has_tag_name("segment"))
            .and_then(|n| n.attribute("state")),
        Some("initial")
    );
}

#[test]
fn xliff_edits_change_only_their_messages() {
    let site = TempSite::new("i18n");
    let before = site.read("locales/sv/main.ftl");
    site.run(&["export", "--locale", "sv", "--out", "sv.xliff"])
        .expect_code(0);
    let xliff = site.read("sv.xliff");
    // A translator fills the missing label and rewords a header.
    let filled = xliff
        .replace(
            "<source xml:space=\"preserve\">Twenty-one weeks</source>\n",
            "<source xml:space=\"preserve\">Twenty-one weeks</source>\n        <target xml:space=\"preserve\">Tjugoen veckor</target>\n",
        )
        .replace(">Längd</target>", ">Varaktighet</target>");
    assert_ne!(filled, xliff);
    site.write("sv.xliff", &filled);
    let run = site.run(&["import", "sv.xliff"]);
    run.expect_code(0);
    assert!(run.stderr.contains("1 updated, 1 added"), "{}", run.stderr);
    let after = site.read("locales/sv/main.ftl");
    assert_eq!(
        after,
        before.replace(".duration = Längd", ".duration = Varaktighet")
            + "timing-spans-w21 = Tjugoen veckor\n"
    );
    site.build().expect_code(0);
    assert!(site
        .read("public/sv/guide/index.html")
        .contains("Tjugoen veckor"));
}

#[test]
fn po_edits_to_selectors_and_new_attributes_round_trip() {
    let site = TempSite::new("i18n");
    // ru loses a header attribute, so the export has it untranslated.
    site.edit("locales/ru/main.ftl", "    .duration = Длительность\n", "");
    let before = site.read("locales/ru/main.ftl");
    let run = site.run(&["export", "--locale", "ru", "--format", "po"]);
    run.expect_code(0);
    let po = run
        .stdout
        .replace(
            "msgctxt \"timing-spans-columns.duration\"\nmsgid \"Length\"\nmsgstr \"\"",
            "msgctxt \"timing-spans-columns.duration\"\nmsgid \"Length\"\nmsgstr \"Срок\"",
        )
        .replace(
            "\"    [many] { $count } недель\\n\"",
            "\"    [many] { $count } недель (много)\\n\"",
        );
    assert_ne!(po, run.stdout, "the edits applied");
    site.write("ru.po", &po);
    site.run(&["import", "ru.po"]).expect_code(0);
    let after = site.read("locales/ru/main.ftl");
    let expected = before
        .replace(
            "    .label = Период\n",
            "    .label = Период\n    .duration = Срок\n",
        )
        .replace(
            "    [many] { $count } недель\n",
            "    [many] { $count } недель (много)\n",
        );
    assert_eq!(after, expected);
    site.build().expect_code(0);
}

#[test]
fn an_import_that_would_break_the_ftl_writes_nothing() {
    let site = TempSite::new("i18n");
    let before = locale_files(&site);
    site.run(&[
        "export", "--locale", "fr", "--format", "po", "--out", "fr.po",
    ])
    .expect_code(0);
    let po = site
        .read("fr.po")
        .replace("msgstr \"Une semaine\"", "msgstr \"{ broken\"");
    site.write("fr.po", &po);
    let run = site.run(&["import", "fr.po"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("would break locales/fr/main.ftl"),
        "{}",
        run.stderr
    );
    assert_eq!(locale_files(&site), before);
    site.write("junk.xliff", "<xliff><file");
    site.run(&["import", "junk.xliff"]).expect_code(2);
    site.run(&["export", "--locale", "en"]).expect_code(2);
}
