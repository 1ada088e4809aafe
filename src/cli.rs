//! The command line, as clap derive types. Doc comments here are the help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub use crate::check::format::Format;

/// Build, check and preview multilingual documentation sites.
///
/// Pages are Markdown with YAML front matter under content/<locale>/,
/// messages are Fluent files under locales/<locale>/, and shared facts live
/// once in content/_data/*.yaml.
// This text is `--help` first: `<locale>` is a placeholder there, not an
// HTML tag, so rustdoc is told not to read it as one.
#[allow(rustdoc::invalid_html_tags)]
#[derive(Debug, Parser)]
#[command(
    name = "locdoc",
    version,
    propagate_version = true,
    after_help = "Examples:\n  locdoc init docs --locales en,fr    # start a site\n  locdoc serve                        # preview every locale while you write\n  locdoc build                        # write the site to public/\n  locdoc check --format github        # coverage and lint in CI\n\nExit codes: 0 success; 1 failed build, check error or gate; 2 usage error or unusable site.yaml."
)]
pub struct Cli {
    /// The site's root folder (the one holding site.yaml)
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// Print only errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more detail: how long the command's phases took (for build,
    /// each phase's CPU time and the memory in use after it), and whether
    /// transparent huge pages were turned off for the process
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Add the pseudo-locale (en-XA: accented, ~30% longer, bracketed) to
    /// show unlocalized text and layouts that break; as `pseudo_locale` in site.yaml
    #[arg(long, global = true)]
    pub pseudo: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder of static HTML
    ///
    /// Every page is written for every locale: a locale that lacks a page
    /// gets it from its fallback chain, with a notice. The output is
    /// replaced only when the whole build succeeds.
    ///
    /// Examples:
    ///   locdoc build
    ///   locdoc build --root docs --out dist
    ///   locdoc build --locale en --locale fr
    #[command(verbatim_doc_comment)]
    Build(BuildArgs),

    /// Report translation coverage and localization problems, for people and CI
    ///
    /// Checks every locale's messages, pages and model labels against the
    /// source locale. Exit code 0 when clean, 1 when there is an error, a
    /// locale under its coverage gate, or (with --deny-warnings) a warning;
    /// 2 for a usage error or an unusable site.yaml.
    ///
    /// Gates come from site.yaml (`check: { min_coverage: { default: 80, fr: 100 } }`);
    /// --min-coverage overrides them.
    ///
    /// Examples:
    ///   locdoc check
    ///   locdoc check --format json > coverage.json
    ///   locdoc check --min-coverage 80 --min-coverage fr=100 --deny-warnings
    ///   locdoc check --format github            # annotations in a GitHub workflow
    ///   locdoc check --format markdown >> "$GITHUB_STEP_SUMMARY"
    #[command(verbatim_doc_comment)]
    Check(CheckArgs),

    /// Preview the site while you edit it, every locale on one local server
    ///
    /// Builds the site into a private folder, serves it, rebuilds what a
    /// change affects, and reloads open pages. An error shows over the last
    /// good page until it is fixed. A bar on each page shows its translation
    /// state and links to the page in every locale. Nothing here reaches
    /// `locdoc build` output.
    ///
    /// Examples:
    ///   locdoc serve
    ///   locdoc serve --port 8080 --open
    ///   locdoc serve --poll             # for WSL2, Docker bind mounts, network drives
    #[cfg(feature = "serve")]
    #[command(verbatim_doc_comment)]
    Serve(ServeArgs),

    /// Mark translations as up to date with their source page
    ///
    /// Records the source page's current hash in each translation's front
    /// matter (`translation.source_hash`), changing nothing else in the file.
    /// PAGE is a page id (all its translations) or a file path (that file;
    /// a source file stands for all its translations).
    ///
    /// Examples:
    ///   locdoc stamp publish-offer
    ///   locdoc stamp content/fr/publish-offer.md
    ///   locdoc stamp --locale sv --locale ru publish-offer
    #[command(verbatim_doc_comment)]
    Stamp(StampArgs),

    /// Export messages for translators, as XLIFF 2.0 or gettext PO
    ///
    /// Every message of the source locale, with the locale's current
    /// translation where it has one. Units are `message` and
    /// `message.attribute`; their text is the FTL pattern as written.
    ///
    /// Examples:
    ///   locdoc export --locale fr --format xliff --out fr.xliff
    ///   locdoc export --locale sv --format po > sv.po
    #[command(verbatim_doc_comment)]
    Export(ExportArgs),

    /// Merge a translated XLIFF or PO file into a locale's .ftl files
    ///
    /// Changes only the messages whose text differs, in place; comments,
    /// order and every other byte stay. Messages the locale lacks are
    /// added. A file that would no longer parse is not written.
    ///
    /// Examples:
    ///   locdoc import fr.xliff
    ///   locdoc import sv.po --locale sv
    #[command(verbatim_doc_comment)]
    Import(ImportArgs),

    /// Create a new site that builds and checks clean
    ///
    /// Writes site.yaml, a home page and a first page in the source locale,
    /// and a Fluent file per locale. There is no templates/ folder: the
    /// embedded theme serves until you add your own.
    ///
    /// Examples:
    ///   locdoc init docs
    ///   locdoc init docs --locales en,fr,pt-BR
    #[command(verbatim_doc_comment)]
    Init(InitArgs),

    /// Print a shell completion script
    ///
    /// Examples:
    ///   locdoc completions bash > ~/.local/share/bash-completion/completions/locdoc
    ///   locdoc completions zsh > ~/.zfunc/_locdoc
    ///   locdoc completions fish > ~/.config/fish/completions/locdoc.fish
    ///   locdoc completions powershell >> $PROFILE
    #[command(verbatim_doc_comment)]
    Completions(CompletionsArgs),

    /// Write a generated benchmark site (deterministic)
    #[command(hide = true)]
    GenCorpus(GenCorpusArgs),

    /// The benchmark floor: read, parse and write every page, nothing else
    #[command(hide = true)]
    BenchFloor(BenchFloorArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExchangeFormat {
    /// XLIFF 2.0
    Xliff,
    /// gettext PO
    Po,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The translation locale to export
    #[arg(long, value_name = "L")]
    pub locale: String,

    /// File format
    #[arg(long, value_enum, default_value_t = ExchangeFormat::Xliff)]
    pub format: ExchangeFormat,

    /// Write to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The XLIFF (.xliff, .xlf) or PO file to merge
    pub file: PathBuf,

    /// The locale to merge into [default: the one the file names]
    #[arg(long, value_name = "L")]
    pub locale: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder to create the site in (new or empty)
    pub dir: PathBuf,

    /// Locales, the source first, separated by commas
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "en",
        value_name = "L,L,..."
    )]
    pub locales: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct GenCorpusArgs {
    /// Folder to create (must not exist)
    pub dir: PathBuf,
    /// Pages per locale
    #[arg(long, default_value_t = 200)]
    pub pages: usize,
    /// Fluent messages per locale
    #[arg(long, default_value_t = 200)]
    pub messages: usize,
    /// Locales, the source first
    #[arg(long, value_delimiter = ',', default_value = "en,fr,pt-BR,sv,ru")]
    pub locales: Vec<String>,
    /// Also write a Hugo site over the same content (DIR/hugo)
    #[arg(long)]
    pub hugo: bool,
}

#[derive(Debug, clap::Args)]
pub struct BenchFloorArgs {
    /// Where to write the HTML
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Report format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Minimum coverage in percent: PCT for every locale, or L=PCT for one (repeatable)
    #[arg(long = "min-coverage", value_name = "PCT|L=PCT", value_parser = parse_gate)]
    pub min_coverage: Vec<(Option<String>, f64)>,

    /// Fail on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
}

fn parse_gate(text: &str) -> Result<(Option<String>, f64), String> {
    let (locale, number) = match text.split_once('=') {
        Some((locale, number)) => (Some(locale.trim().to_owned()), number),
        None => (None, text),
    };
    let value: f64 = number
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("`{text}` is not PCT or L=PCT (e.g. 80, fr=100)"))?;
    if !(0.0..=100.0).contains(&value) {
        return Err(format!("`{text}`: coverage is a percentage from 0 to 100"));
    }
    Ok((locale, value))
}

#[cfg(feature = "serve")]
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port to listen on [default: 1111, or the next free one]
    #[arg(long, short)]
    pub port: Option<u16>,

    /// Address to listen on; anything but loopback exposes the preview
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,

    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,

    /// Poll for changes instead of relying on file-system notifications
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, clap::Args)]
pub struct StampArgs {
    /// Stamp only this locale's translation (repeatable)
    #[arg(long = "locale", value_name = "L")]
    pub locales: Vec<String>,

    /// Page ids or file paths
    #[arg(required = true, value_name = "PAGE")]
    pub pages: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Where to write the site (replaced as a whole on success)
    #[arg(long, default_value = "public", value_name = "DIR")]
    pub out: PathBuf,

    /// Build only this locale (repeatable); default: every locale
    #[arg(long = "locale", value_name = "L")]
    pub locales: Vec<String>,
}
