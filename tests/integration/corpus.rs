//! The benchmark's generated corpus (`gen-corpus`) and its floor
//! (`bench-floor`): what `bench/compare.py` and the criterion benches
//! build, so a broken generator or floor would make their figures lie.

use std::path::Path;

use crate::support::run_in;

/// Every file below `dir`, by `/`-separated relative path, with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry.path().strip_prefix(dir).expect("below dir");
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(entry.path()).expect("read file"))
        })
        .collect();
    out.sort();
    out
}

/// The Markdown pages of each locale folder, section indexes left out.
fn pages_of(corpus: &Path, locale: &str) -> usize {
    tree(&corpus.join("content").join(locale))
        .iter()
        .filter(|(rel, _)| rel.ends_with(".md") && !rel.ends_with("_index.md"))
        .count()
}

#[test]
fn the_corpus_is_deterministic_and_builds_without_findings() {
    let work = tempfile::tempdir().expect("temp dir");
    for name in ["a", "b"] {
        run_in(
            work.path(),
            &["gen-corpus", name, "--pages", "20", "--hugo"],
        )
        .expect_code(0);
    }
    let (a, b) = (work.path().join("a"), work.path().join("b"));
    // Hugo's config names the content folders by absolute path; all else is
    // the same bytes.
    let without_config = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        tree(dir)
            .into_iter()
            .filter(|(rel, _)| rel != "hugo/hugo.toml")
            .collect()
    };
    assert_eq!(without_config(&a), without_config(&b), "two runs differ");

    // The source locale has every page; each translation lacks some, which
    // the build publishes from the source.
    assert_eq!(pages_of(&a, "en"), 20);
    for locale in ["fr", "pt-BR", "sv", "ru"] {
        let n = pages_of(&a, locale);
        assert!((10..20).contains(&n), "{locale}: {n} pages");
    }
    let files = tree(&a);
    let text = |rel: &str| -> String {
        let (_, bytes) = files.iter().find(|(r, _)| r == rel).expect(rel);
        String::from_utf8(bytes.clone()).expect("UTF-8")
    };
    let page = text("content/ru/g00/s000/p00001.md");
    assert!(
        page.chars().any(|c| ('а'..='я').contains(&c)),
        "ru is Cyrillic:\n{page}"
    );
    let en = text("content/en/g00/s000/p00001.md");
    for part in ["\n## ", "\n- ", "](", "\n| ", "\n```"] {
        assert!(en.contains(part), "{part:?} missing:\n{en}");
    }
    assert!(
        files.iter().any(|(rel, bytes)| rel.ends_with(".md")
            && String::from_utf8_lossy(bytes).contains("::table{")),
        "no page has a generated table"
    );

    let out = work.path().join("out");
    let built = run_in(&a, &["build", "--out", out.to_str().expect("UTF-8 path")]);
    built.expect_code(0);
    assert!(built.headlines().is_empty(), "{}", built.stderr);
    for locale in ["en", "fr", "pt-BR", "sv", "ru"] {
        let published = tree(&out.join(locale))
            .iter()
            .filter(|(rel, _)| rel.ends_with("index.html"))
            .count();
        // 20 pages and 3 section indexes in every locale.
        assert_eq!(published, 23, "{locale}");
    }
}

#[test]
fn the_hugo_twin_reads_the_same_content_in_every_locale() {
    let work = tempfile::tempdir().expect("temp dir");
    run_in(work.path(), &["gen-corpus", "c", "--pages", "5", "--hugo"]).expect_code(0);
    let corpus = work.path().join("c");
    let config = std::fs::read_to_string(corpus.join("hugo/hugo.toml")).expect("hugo.toml");
    for (key, code) in [
        ("en", "en"),
        ("fr", "fr"),
        ("pt-br", "pt-BR"),
        ("sv", "sv"),
        ("ru", "ru"),
    ] {
        assert!(config.contains(&format!("[languages.{key}]")), "{config}");
        let dir = corpus.join("content").join(code);
        assert!(
            config.contains(&format!("contentDir = \"{}\"", dir.display())),
            "{code}: {config}"
        );
        assert!(
            corpus.join(format!("hugo/i18n/{key}.toml")).is_file(),
            "{key}"
        );
    }
    for layout in ["baseof", "list", "single"] {
        assert!(corpus
            .join(format!("hugo/layouts/_default/{layout}.html"))
            .is_file());
    }
    // Without --hugo, no Hugo site.
    run_in(work.path(), &["gen-corpus", "d", "--pages", "5"]).expect_code(0);
    assert!(!work.path().join("d/hugo").exists());
}

#[test]
fn the_floor_writes_each_source_page_as_bare_html() {
    let work = tempfile::tempdir().expect("temp dir");
    run_in(work.path(), &["gen-corpus", "c", "--pages", "20"]).expect_code(0);
    let corpus = work.path().join("c");
    let sources: Vec<String> = ["en", "fr", "pt-BR", "sv", "ru"]
        .iter()
        .flat_map(|l| {
            tree(&corpus.join("content").join(l))
                .into_iter()
                .map(move |(rel, _)| format!("{l}/{}", rel.trim_end_matches(".md")))
        })
        .collect();
    let out = work.path().join("floor");
    run_in(
        &corpus,
        &["bench-floor", "--out", out.to_str().expect("UTF-8 path")],
    )
    .expect_code(0);
    let written = tree(&out);
    let mut pages: Vec<String> = written
        .iter()
        .map(|(rel, _)| rel.trim_end_matches("/index.html").to_owned())
        .collect();
    pages.sort();
    let mut expected = sources.clone();
    expected.sort();
    assert_eq!(
        pages, expected,
        "one HTML file per source page, nothing else"
    );
    let (_, html) = written
        .iter()
        .find(|(rel, _)| rel == "en/g00/s000/p00001/index.html")
        .expect("a page");
    let html = String::from_utf8_lossy(html);
    // Markdown made HTML, without its front matter, and no template
    // around it.
    assert!(html.contains("<h2") && html.contains("<table>"), "{html}");
    assert!(!html.contains("title:") && !html.contains("<hr"), "{html}");
    assert!(!html.contains("<html"), "{html}");
}
