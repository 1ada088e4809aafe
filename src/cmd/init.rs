//! `locdoc init DIR`: a new site that builds and checks clean, using the
//! embedded theme, so a team starts from something that works.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context as _};

use crate::cli::InitArgs;
use crate::cmd::Output;

/// Names for the locales a docs team most often starts with, in their own
/// language; any other code is named by itself until site.yaml says more.
const KNOWN_NAMES: &[(&str, &str)] = &[
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pt", "Português"),
    ("pt-BR", "Português (Brasil)"),
    ("nl", "Nederlands"),
    ("sv", "Svenska"),
    ("da", "Dansk"),
    ("nb", "Norsk bokmål"),
    ("fi", "Suomi"),
    ("pl", "Polski"),
    ("cs", "Čeština"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("tr", "Türkçe"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("zh-CN", "中文（简体）"),
    ("zh-TW", "中文（繁體）"),
];

pub fn run(args: &InitArgs, output: Output) -> anyhow::Result<ExitCode> {
    let dir = &args.dir;
    if dir.exists()
        && std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .next()
            .is_some()
    {
        bail!(
            "{} exists and is not empty; give a new folder",
            dir.display()
        );
    }
    let mut locales: Vec<String> = Vec::new();
    for code in &args.locales {
        if let Err(help) = crate::config::parse_locale_code(code) {
            bail!("--locales: `{code}` is not a valid BCP 47 locale code ({help})");
        }
        if !locales.contains(code) {
            locales.push(code.clone());
        }
    }
    let Some(source) = locales.first().cloned() else {
        bail!("--locales needs at least one locale, the source first");
    };

    write(dir, "site.yaml", &site_yaml(&locales))?;
    write(dir, &format!("content/{source}/_index.md"), HOME)?;
    write(
        dir,
        &format!("content/{source}/getting-started.md"),
        GETTING_STARTED,
    )?;
    write(dir, &format!("locales/{source}/main.ftl"), SOURCE_MESSAGES)?;
    for code in &locales[1..] {
        write(
            dir,
            &format!("locales/{code}/main.ftl"),
            &translation_stub(code, &source),
        )?;
        write(dir, &format!("content/{code}/.gitkeep"), "")?;
    }
    if !output.quiet {
        eprintln!(
            "created a locdoc site in {} (source locale `{source}`; {})",
            dir.display(),
            if locales.len() > 1 {
                format!("translations: {}", locales[1..].join(", "))
            } else {
                "no translations yet".to_owned()
            }
        );
        eprintln!("next:\n  cd {}\n  locdoc serve     # preview every locale at http://127.0.0.1:1111/\n  locdoc check     # translation coverage, for you and for CI", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn write(dir: &Path, rel: &str, text: &str) -> anyhow::Result<()> {
    crate::build::write_file(&dir.join(rel), text)
}

fn site_yaml(locales: &[String]) -> String {
    let mut out = String::from(
        "# locdoc site configuration. Reference: the README of locdoc.\n\
         # The absolute URL the site will be published under (sitemap, canonical links).\n\
         base_url: https://docs.example.org\n\
         # The source locale: every other locale is measured against it.\n",
    );
    let _ = writeln!(out, "default_locale: {}", locales[0]);
    out.push_str("locales:\n");
    for code in locales {
        let name = KNOWN_NAMES
            .iter()
            .find(|(c, _)| c == code)
            .map_or(code.as_str(), |(_, n)| n);
        let _ = writeln!(out, "  - code: {code}\n    name: {name}");
    }
    out.push_str(
        "# Gates for `locdoc check` (in percent); raise them as translations arrive.\n\
         check:\n  min_coverage: { default: 0 }\n",
    );
    out
}

fn translation_stub(code: &str, source: &str) -> String {
    format!(
        "### Messages of the `{code}` locale. Translate those of locales/{source}/main.ftl\n\
         ### here, with the same ids; `locdoc check` lists the ones still missing.\n\
         ### Pages go to content/{code}/, with the same file names as in content/{source}/.\n"
    )
}

const SOURCE_MESSAGES: &str = "\
### Words of the site itself. The theme's own words (navigation, notices)
### have English defaults; override any of them here, per locale.

site-title = My documentation
site-description = Documentation built with locdoc.
";

const HOME: &str = "\
---
title: Welcome
description: The home page of this documentation.
---
This site was created by `locdoc init`. Edit this page in `content/`, the
site's words in `locales/`, and the site in `site.yaml`.
";

const GETTING_STARTED: &str = "\
---
title: Getting started
description: How this site is organised and how to translate it.
weight: 10
---
## Pages

Every page is a Markdown file with YAML front matter under
`content/<locale>/`. A translation has the same file name in its locale's
folder, and says where it stands in its front matter:

```yaml
translation:
  type: human      # or machine
```

## Facts shared by every language

Put facts that must not differ between languages (steps, durations,
statuses) in `content/_data/*.yaml`, and show them with a directive such as
`::table{collection=\"plan.steps\"}` on a line of its own. Their words come
from Fluent messages in `locales/<locale>/`.

## Checking translations

`locdoc check` shows, for each locale, what is translated, missing or out
of date. After updating a translation, `locdoc stamp` records that it
matches its source again.
";
