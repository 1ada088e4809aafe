//! One module per command; each returns the process exit code.

pub mod build;
pub mod check;
pub mod exchange;
pub mod init;
pub mod stamp;

use std::io::IsTerminal;

use crate::cli::ColorChoice;
use crate::diag::{Diagnostic, Severity};

/// How diagnostics are printed to stderr.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub quiet: bool,
    pub verbose: bool,
    pub color: bool,
}

impl Output {
    pub fn new(quiet: bool, verbose: bool, choice: ColorChoice) -> Output {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stderr().is_terminal()
            }
        };
        Output {
            quiet,
            verbose,
            color,
        }
    }

    pub fn report(&self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            if self.quiet && d.severity == Severity::Warning {
                continue;
            }
            let text = d.to_string();
            if self.color {
                let colour = match d.severity {
                    Severity::Error => "\x1b[1;31m",
                    Severity::Warning => "\x1b[1;33m",
                };
                let label = format!("{}[{}]", d.severity, d.code);
                eprintln!(
                    "{}",
                    text.replacen(&label, &format!("{colour}{label}\x1b[0m"), 1)
                );
            } else {
                eprintln!("{text}");
            }
        }
    }
}

/// Writes a command's result to stdout. A closed pipe (`| head`) is the
/// reader's choice, not a failure.
pub fn write_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err),
        _ => Ok(()),
    }
}
