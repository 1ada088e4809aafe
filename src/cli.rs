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
