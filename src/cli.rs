//! The command line, as clap derive types. Doc comments here are the help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Build, check and preview multilingual documentation sites.
///
/// Pages are Markdown with YAML front matter under content/<locale>/,
/// messages are Fluent files under locales/<locale>/, and shared facts live
/// once in content/_data/*.yaml.
#[derive(Debug, Parser)]
#[command(name = "locdoc", version, propagate_version = true)]
pub struct Cli {
    /// The site's root folder (the one holding site.yaml)
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// Print only errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more detail (each diagnostic's snippet is always shown)
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

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
