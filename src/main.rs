//! The `locdoc` binary: parse the command line, run, map the result to an
//! exit code (0 success, 1 failed build or gate, 2 usage or environment).

use std::process::ExitCode;

use clap::Parser;
use locdoc::cli::{Cli, Command};
use locdoc::cmd::{self, Output};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let output = Output::new(cli.quiet, cli.verbose, cli.color);
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(&cli.root, args, output),
        Command::Check(args) => cmd::check::run(&cli.root, args, output),
        Command::Stamp(args) => cmd::stamp::run(&cli.root, args, output),
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
