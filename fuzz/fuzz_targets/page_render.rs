//! A whole page render: arbitrary page text (front matter, Markdown,
//! directives, links) as a French translation, rendered through the
//! model, Fluent and the default theme. No panic, and no `<script` ever
//! comes out of a translation.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use locdoc::build::{render_page, BuildOptions, Job, Kind, Navigation};
use locdoc::load::frontmatter::{parse, split};
use locdoc::load::{is_safe_segment, Page};

/// A tiny site on disk, written once per fuzzing process.
fn site_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("locdoc-fuzz-site-{}", std::process::id()));
        let write = |rel: &str, text: &str| {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write("site.yaml", "default_locale: en\nlocales:\n  - code: en\n  - code: fr\n");
        write("content/_data/m.yaml", "s:\n  - id: a\n    d: { max: 2, unit: day }\n    t: text\n");
        write(
            "locales/en/main.ftl",
            "m-s-a = A\n    .x = X { $t }\nm-s-columns =\n    .label = L\nunit-day = { $count ->\n    [one] { $count } day\n   *[other] { $count } days\n}\n",
        );
        write("locales/fr/main.ftl", "m-s-a = Á\nunit-day = { $count } jours\n");
        write("content/en/p.md", "---\ntitle: P\n---\nx\n");
        dir
    })
}

fuzz_target!(|text: &str| {
    let Ok((mut site, _)) = locdoc::load::load(site_dir()) else { return };
    let text = text.replace("\r\n", "\n");
    let Ok(parts) = split(&text) else { return };
    let mut front = parts
        .yaml
        .map(|yaml| parse(yaml, &text, parts.yaml_offset, Path::new("content/fr/p.md")).0)
        .unwrap_or_default();
    // As load does: an unsafe slug is reported and dropped.
    front.slug = front.slug.filter(|s| is_safe_segment(s));
    let page = Page::new(
        "p",
        "fr",
        "content/fr/p.md".as_ref(),
        front,
        text.clone(),
        parts.body_offset,
    );
    site.pages.insert("p", page);

    let (templates, _) = locdoc::render::templates::Templates::load(&site.root, site.l10n.clone());
    let locales = ["en", "fr"];
    let nav = Navigation::new(&site, &locales);
    for locale in locales {
        let job = Job { id: "p", locale, kind: Kind::Page };
        let out = render_page(&site, &templates, &nav, &job, &BuildOptions::default());
        if let Some(html) = out.html {
            assert!(!String::from_utf8_lossy(&html).to_ascii_lowercase().contains("<script"), "a <script> came out of a translation");
        }
    }
});
