//! The `locdoc` binary: parse the command line, run, map the result to an
//! exit code (0 success, 1 failed build or gate, 2 usage or environment).

use std::process::ExitCode;

use clap::Parser;
use locdoc::cli::{Cli, Command};
use locdoc::cmd::{self, Output};

fn gen_corpus(args: &locdoc::cli::GenCorpusArgs) -> anyhow::Result<ExitCode> {
    if args.dir.exists() {
        anyhow::bail!("{} exists; give a new folder", args.dir.display());
    }
    let spec = locdoc::corpus::CorpusSpec {
        locales: args.locales.clone(),
        pages: args.pages,
        messages: args.messages,
        hugo: args.hugo,
    };
    locdoc::corpus::generate(&args.dir, &spec)?;
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let output = Output::new(cli.quiet, cli.verbose, cli.color);
    // A preview server runs for hours and starts a browser, which would
    // inherit the setting: only the commands that run and exit take it.
    #[cfg(feature = "serve")]
    let batch = !matches!(cli.command, Command::Serve(_));
    #[cfg(not(feature = "serve"))]
    let batch = true;
    if batch {
        let choice = std::env::var_os(locdoc::process::HUGE_PAGES_VAR);
        let pages = locdoc::process::prefer_small_pages(choice.as_deref());
        if output.verbose {
            eprintln!("{pages}");
        }
    }
    let load = locdoc::load::LoadOptions { pseudo: cli.pseudo };
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(&cli.root, args, &load, output),
        Command::Check(args) => cmd::check::run(&cli.root, args, &load, output),
        Command::Stamp(args) => cmd::stamp::run(&cli.root, args, output),
        Command::GenCorpus(args) => gen_corpus(args),
        Command::BenchFloor(args) => locdoc::corpus::floor(&cli.root, &args.out).map(|pages| {
            if !cli.quiet {
                eprintln!("floor: {pages} pages");
            }
            ExitCode::SUCCESS
        }),
        Command::Init(args) => cmd::init::run(args, output),
        Command::Export(args) => cmd::exchange::export(&cli.root, args, output),
        Command::Import(args) => cmd::exchange::import(&cli.root, args, output),
        Command::Completions(args) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(args.shell, &mut command, "locdoc", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "serve")]
        Command::Serve(args) => locdoc::serve::run(&locdoc::serve::ServeOptions {
            root: cli.root.clone(),
            port: args.port,
            bind: args.bind,
            open: args.open,
            poll: args.poll,
            quiet: cli.quiet,
            load: load.clone(),
        })
        .map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // Config diagnostics carry their own `error[...]` headline.
            if let Some(locdoc::load::ConfigError::Invalid(problems)) = err.downcast_ref() {
                output.report(problems);
                eprintln!(
                    "error: {} is not usable; nothing was built",
                    locdoc::config::CONFIG_FILE
                );
                return ExitCode::from(2);
            }
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
