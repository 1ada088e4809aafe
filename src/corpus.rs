//! A deterministic generated site for benchmarks: L locales x N pages of
//! ~5 KB Markdown (headings, lists, links, a table, a code block; Cyrillic
//! for ru), sections of 50 pages, Fluent bundles and a model table. Same
//! arguments, same bytes, so measurements compare like with like.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context as _;

#[derive(Debug, Clone)]
pub struct CorpusSpec {
    pub locales: Vec<String>,
    /// Pages per locale (the source locale has all; others 90%).
    pub pages: usize,
    /// Messages per locale, besides the theme's.
    pub messages: usize,
    /// Also write a Hugo site over the same content (`<dir>/hugo/`), with a
    /// template and UI strings equivalent to the corpus's own.
    pub hugo: bool,
}

impl Default for CorpusSpec {
    fn default() -> CorpusSpec {
        CorpusSpec {
            locales: ["en", "fr", "pt-BR", "sv", "ru"].map(String::from).to_vec(),
            pages: 200,
            messages: 200,
            hugo: false,
        }
    }
}

pub const SECTION_SIZE: usize = 50;
const SECTIONS_PER_PAGE: usize = 10;

/// A small linear congruential generator: deterministic everywhere, which
/// is all a benchmark corpus needs from randomness.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const LATIN: &[&str] = &[
    "offer",
    "publish",
    "review",
    "stage",
    "certification",
    "market",
    "listing",
    "partner",
    "plan",
    "customer",
    "preview",
    "status",
    "release",
    "region",
    "package",
    "technical",
    "asset",
    "lead",
    "system",
    "configure",
    "validate",
    "submit",
    "approve",
    "update",
    "change",
    "price",
    "trial",
];
const CYRILLIC: &[&str] = &[
    "предложение",
    "публикация",
    "проверка",
    "этап",
    "сертификация",
    "рынок",
    "партнёр",
    "план",
    "клиент",
    "статус",
    "выпуск",
    "регион",
    "пакет",
    "ресурс",
    "система",
    "настройка",
    "отправка",
    "обновление",
    "изменение",
    "цена",
    "пробный",
    "период",
    "издатель",
    "страница",
    "данные",
];

/// Sections per group: a real docs tree has bounded fan-out, so the
/// navigation a page shows does not grow with the size of the site.
pub const GROUP_SIZE: usize = 50;

/// `g00/s000/p00000`: pages in sections of 50, sections in groups of 50.
pub fn page_id(n: usize) -> String {
    let section = n / SECTION_SIZE;
    format!("g{:02}/s{section:03}/p{n:05}", section / GROUP_SIZE)
}

fn sentence(rng: &mut Lcg, words: &[&str], out: &mut String) {
    let len = 8 + rng.below(10);
    for i in 0..len {
        let word = words[rng.below(words.len())];
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out.push_str(". ");
}

fn page_body(n: usize, locale: &str, total: usize) -> String {
    let mut rng = Lcg(n as u64 * 7919 + 17);
    let words = if locale == "ru" { CYRILLIC } else { LATIN };
    let mut body = String::with_capacity(5200);
    // A fixed structure, not a byte budget: translations must have the
    // same blocks as the source (Cyrillic takes two bytes a letter).
    for section in 1..=SECTIONS_PER_PAGE {
        let _ = writeln!(body, "## {} {section}\n", words[rng.below(words.len())]);
        for _ in 0..3 {
            sentence(&mut rng, words, &mut body);
        }
        // Relative to this page's folder, `g../s...`: up two levels.
        let target = page_id(rng.below(total));
        let name = target.rsplit('/').next().expect("ids have a name");
        let _ = writeln!(
            body,
            "See [{name}](../../{target}.md) for {} {}.\n",
            words[rng.below(words.len())],
            rng.below(100)
        );
        for i in 0..4 {
            let _ = writeln!(
                body,
                "- {} {} takes {} days",
                words[rng.below(words.len())],
                i + 1,
                rng.below(30)
            );
        }
        body.push('\n');
        if section % 2 == 0 {
            body.push_str("| name | value | notes |\n| --- | ---: | --- |\n");
            for i in 0..4 {
                let _ = writeln!(
                    body,
                    "| {} | {} | {} |",
                    words[rng.below(words.len())],
                    i * 10,
                    words[rng.below(words.len())]
                );
            }
            body.push('\n');
        } else {
            let _ = writeln!(
                body,
                "```yaml\nstage: {}\nmax_days: {}\n```\n",
                words[rng.below(words.len())],
                rng.below(10)
            );
        }
    }
    if n % 10 == 0 {
        body.push_str("::table{collection=\"bench.stages\" columns=\"label duration\"}\n");
    }
    body
}

/// Writes the corpus into `dir` (which must not exist or be empty).
pub fn generate(dir: &Path, spec: &CorpusSpec) -> anyhow::Result<()> {
    let write = |rel: String, text: &str| -> anyhow::Result<()> {
        crate::build::write_file(&dir.join(rel), text)
    };
    let source = spec
        .locales
        .first()
        .context("a corpus needs at least one locale")?;
    let mut config =
        format!("base_url: https://bench.example.org\ndefault_locale: {source}\nlocales:\n");
    for code in &spec.locales {
        let _ = writeln!(config, "  - code: {code}");
    }
    write("site.yaml".into(), &config)?;
    write(
        "content/_data/bench.yaml".into(),
        "stages:\n  - id: check\n    duration: { max: 15, unit: minute }\n  - id: review\n    duration: { max: 1, unit: week }\n  - id: live\n    duration: { max: 4, unit: day }\n",
    )?;

    // The same minimal page for both tools: a language switcher, the
    // content, and twenty UI strings.
    write("templates/page.html".into(), LOCDOC_PAGE)?;
    if spec.hugo {
        write_hugo(dir, spec)?;
    }

    for (li, code) in spec.locales.iter().enumerate() {
        let mut ftl = String::new();
        for (key, text) in UI_STRINGS {
            let _ = writeln!(ftl, "bench-{key} = {text} ({code})");
        }
        for (id, label) in [("check", "Check"), ("review", "Review"), ("live", "Live")] {
            let _ = writeln!(ftl, "bench-stages-{id} = {label} ({code})");
        }
        ftl.push_str("bench-stages-columns =\n    .label = Stage\n    .duration = Time\n");
        for unit in ["minute", "week", "day"] {
            let _ = writeln!(ftl, "unit-{unit} = {{ $count ->\n    [one] {{ $count }} {unit}\n   *[other] {{ $count }} {unit}s\n}}");
        }
        for i in 0..spec.messages {
            let _ = writeln!(
                ftl,
                "message-{i:04} = Message {i} in {code}: {{ $count }} items"
            );
        }
        write(format!("locales/{code}/main.ftl"), &ftl)?;

        for n in 0..spec.pages {
            // Translations lack every tenth page, offset per locale.
            if li > 0 && (n + li) % 10 == 0 {
                continue;
            }
            let id = page_id(n);
            let mut text = format!("---\ntitle: Page {n} ({code})\nweight: {n}\n");
            if li > 0 {
                text.push_str("translation: { type: human }\n");
            }
            text.push_str("---\n");
            text.push_str(&page_body(n, code, spec.pages));
            write(format!("content/{code}/{id}.md"), &text)?;
        }
        let sections = spec.pages.div_ceil(SECTION_SIZE);
        for s in 0..sections {
            let g = s / GROUP_SIZE;
            write(
                format!("content/{code}/g{g:02}/s{s:03}/_index.md"),
                &format!("---\ntitle: Section {s}\nweight: {s}\n---\nPages of section {s}.\n"),
            )?;
        }
        for g in 0..sections.div_ceil(GROUP_SIZE) {
            write(
                format!("content/{code}/g{g:02}/_index.md"),
                &format!("---\ntitle: Part {g}\nweight: {g}\n---\nSections of part {g}.\n"),
            )?;
        }
        write(
            format!("content/{code}/_index.md"),
            &format!("---\ntitle: Bench ({code})\n---\nA generated site.\n"),
        )?;
    }
    Ok(())
}

/// Twenty UI strings, as each tool's i18n mechanism holds them.
const UI_STRINGS: &[(&str, &str)] = &[
    ("site-title", "Bench site"),
    ("home", "Home"),
    ("languages", "Languages"),
    ("s01", "Contents"),
    ("s02", "Previous"),
    ("s03", "Next"),
    ("s04", "Edit this page"),
    ("s05", "Last updated"),
    ("s06", "Search"),
    ("s07", "On this page"),
    ("s08", "Report a problem"),
    ("s09", "Privacy"),
    ("s10", "Terms"),
    ("s11", "Contact"),
    ("s12", "Feedback"),
    ("s13", "Was this page helpful?"),
    ("s14", "Yes"),
    ("s15", "No"),
    ("s16", "Back to top"),
    ("s17", "Copyright"),
];

const LOCDOC_PAGE: &str = r#"<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ page.title }} · {{ t(key="bench-site-title") }}</title></head>
<body><header><a href="{{ home_url }}">{{ t(key="bench-home") }}</a>
<nav aria-label="{{ t(key='bench-languages') }}"><ul>{% for alt in translations %}<li><a href="{{ alt.url }}" hreflang="{{ alt.code }}">{{ alt.name }}</a></li>{% endfor %}</ul></nav></header>
<main><h1>{{ page.title }}</h1>
{{ page.content | safe }}</main>
<footer><p>{{ t(key="bench-s01") }} · {{ t(key="bench-s02") }} · {{ t(key="bench-s03") }} · {{ t(key="bench-s04") }} · {{ t(key="bench-s05") }} · {{ t(key="bench-s06") }} · {{ t(key="bench-s07") }} · {{ t(key="bench-s08") }} · {{ t(key="bench-s09") }} · {{ t(key="bench-s10") }} · {{ t(key="bench-s11") }} · {{ t(key="bench-s12") }} · {{ t(key="bench-s13") }} · {{ t(key="bench-s14") }} · {{ t(key="bench-s15") }} · {{ t(key="bench-s16") }} · {{ t(key="bench-s17") }}</p></footer>
</body></html>
"#;

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Language.LanguageCode }}"><head><meta charset="utf-8"><title>{{ .Title }} · {{ i18n "site-title" }}</title></head>
<body><header><a href="{{ .Site.Home.RelPermalink }}">{{ i18n "home" }}</a>
<nav aria-label="{{ i18n "languages" }}"><ul>{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.LanguageCode }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ i18n "s01" }} · {{ i18n "s02" }} · {{ i18n "s03" }} · {{ i18n "s04" }} · {{ i18n "s05" }} · {{ i18n "s06" }} · {{ i18n "s07" }} · {{ i18n "s08" }} · {{ i18n "s09" }} · {{ i18n "s10" }} · {{ i18n "s11" }} · {{ i18n "s12" }} · {{ i18n "s13" }} · {{ i18n "s14" }} · {{ i18n "s15" }} · {{ i18n "s16" }} · {{ i18n "s17" }}</p></footer>
</body></html>
"#;

const HUGO_SINGLE: &str = "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n{{ .Content }}{{ end }}\n";
const HUGO_LIST: &str = "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n";

/// A Hugo site over the corpus's own content folders: per-language
/// content directories, i18n files with the same twenty strings, and a
/// template with the same language switcher.
fn write_hugo(dir: &Path, spec: &CorpusSpec) -> anyhow::Result<()> {
    let hugo = dir.join("hugo");
    let content = dir
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", dir.display()))?
        .join("content");
    let source = spec.locales.first().context("a corpus needs a locale")?;
    let key = |code: &str| code.to_ascii_lowercase();
    let mut config = format!(
        "baseURL = \"https://bench.example.org/\"\ndefaultContentLanguage = \"{}\"\ndefaultContentLanguageInSubdir = true\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n",
        key(source)
    );
    for (i, code) in spec.locales.iter().enumerate() {
        let _ = write!(
            config,
            "[languages.{}]\nlanguageCode = \"{code}\"\nlanguageName = \"{code}\"\nweight = {}\ncontentDir = \"{}\"\n",
            key(code),
            i + 1,
            content.join(code).display()
        );
    }
    let files: Vec<(String, String)> = std::iter::once(("hugo.toml".to_owned(), config))
        .chain([
            (
                "layouts/_default/baseof.html".to_owned(),
                HUGO_BASEOF.to_owned(),
            ),
            (
                "layouts/_default/single.html".to_owned(),
                HUGO_SINGLE.to_owned(),
            ),
            (
                "layouts/_default/list.html".to_owned(),
                HUGO_LIST.to_owned(),
            ),
        ])
        .chain(spec.locales.iter().map(|code| {
            let strings: String = UI_STRINGS
                .iter()
                .map(|(k, v)| format!("[{k}]\nother = \"{v} ({code})\"\n"))
                .collect();
            (format!("i18n/{}.toml", key(code)), strings)
        }))
        .collect();
    for (rel, text) in files {
        crate::build::write_file(&hugo.join(rel), text)?;
    }
    Ok(())
}

/// The floor a full build is measured against: read every page, parse
/// its Markdown (in the dialect a build uses) and write the HTML, in
/// parallel, with no template, no Fluent and no model.
pub fn floor(root: &Path, out: &Path) -> anyhow::Result<usize> {
    use rayon::prelude::*;
    let content = root.join("content");
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files
        .par_iter()
        .try_for_each(|path| -> anyhow::Result<()> {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let body = crate::load::frontmatter::split(&text).map_or(text.as_str(), |s| s.body);
            let mut html = String::with_capacity(body.len() * 3 / 2);
            // The dialect pages are built with: its extensions cost the
            // parser time too (1% of the floor's instructions).
            let parser = pulldown_cmark::Parser::new_ext(body, crate::render::markdown::OPTIONS);
            pulldown_cmark::html::push_html(&mut html, parser);
            let rel = path
                .strip_prefix(&content)
                .unwrap_or(path)
                .with_extension("");
            let folder = out.join(rel);
            std::fs::create_dir_all(&folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
            std::fs::write(folder.join("index.html"), html)
                .with_context(|| format!("cannot write {}", folder.display()))
        })?;
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_deterministic_and_about_five_kilobytes() {
        let a = page_body(3, "en", 100);
        assert_eq!(a, page_body(3, "en", 100));
        assert!((4800..6500).contains(&a.len()), "{}", a.len());
        assert!(
            page_body(3, "ru", 100).contains("предложение")
                || page_body(3, "ru", 100).contains("этап")
        );
    }
}
