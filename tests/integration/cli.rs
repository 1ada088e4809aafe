//! The command line itself: help for every command (snapshots, reviewed
//! like any other output), completions for every shell, --version, and a
//! new site from `init` that builds and checks clean.
//!
//! Update the help snapshots after changing help text with
//! `LOCDOC_UPDATE_SNAPSHOTS=1 cargo test --test integration cli`, then
//! review the diff.

use std::path::Path;

use crate::support::run_in;

const COMMANDS: &[&str] = &[
    "",
    "build",
    "check",
    "serve",
    "stamp",
    "init",
    "completions",
    "export",
    "import",
];

#[test]
fn help_of_every_command_matches_its_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/help");
    let update = std::env::var_os("LOCDOC_UPDATE_SNAPSHOTS").is_some();
    let mut differences = Vec::new();
    for command in COMMANDS {
        let mut args: Vec<&str> = command.split_whitespace().collect();
        args.push("--help");
        let run = run_in(&dir, &args);
        run.expect_code(0);
        let name = if command.is_empty() {
            "locdoc"
        } else {
            command
        };
        let path = dir.join(format!("{name}.txt"));
        if update {
            std::fs::write(&path, &run.stdout).expect("write snapshot");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != run.stdout {
            differences.push(format!(
                "--- {}\n+++ locdoc {command} --help\n{}",
                path.display(),
                run.stdout
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "help differs from its snapshot (LOCDOC_UPDATE_SNAPSHOTS=1 to accept, then review):\n{}",
        differences.join("\n")
    );
}

#[test]
fn every_command_has_examples_in_its_help() {
    for command in COMMANDS.iter().filter(|c| !c.is_empty()) {
        let run = run_in(Path::new("."), &[command, "--help"]);
        assert!(
            run.stdout.contains("Examples:"),
            "`locdoc {command} --help` has no examples"
        );
    }
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef locdoc"),
        ("fish", "complete -c locdoc"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = run_in(Path::new("."), &["completions", shell]);
        run.expect_code(0);
        assert!(run.stdout.contains(marker), "{shell}: no `{marker}`");
        for command in ["build", "check", "serve", "stamp", "init"] {
            assert!(
                run.stdout.contains(command),
                "{shell} completions lack `{command}`"
            );
        }
    }
    run_in(Path::new("."), &["completions", "tcsh"]).expect_code(2);
}

#[test]
fn version_is_printed() {
    let run = run_in(Path::new("."), &["--version"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout.trim(),
        format!("locdoc {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn init_creates_a_site_that_builds_and_checks_clean() {
    let dir = tempfile::tempdir().expect("temp");
    let site = dir.path().join("docs");
    let site_arg = site.to_str().expect("utf-8");
    let run = run_in(dir.path(), &["init", site_arg, "--locales", "en,fr,pt-BR"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("locdoc serve") && run.stderr.contains("locdoc check"),
        "{}",
        run.stderr
    );
    assert!(
        !site.join("templates").exists(),
        "the embedded theme serves"
    );
    for file in [
        "site.yaml",
        "content/en/_index.md",
        "content/en/getting-started.md",
        "locales/en/main.ftl",
        "locales/fr/main.ftl",
        "locales/pt-BR/main.ftl",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    let build = run_in(&site, &["build"]);
    build.expect_code(0);
    assert!(build.headlines().is_empty(), "{}", build.stderr);
    let check = run_in(&site, &["check"]);
    check.expect_code(0);
    assert!(check.headlines().is_empty(), "{}", check.stderr);
    assert!(site
        .join("public/pt-BR/getting-started/index.html")
        .is_file());
    // Not over an existing site.
    run_in(dir.path(), &["init", site_arg]).expect_code(2);
    run_in(dir.path(), &["init", "other", "--locales", "en,pt_BR"]).expect_code(2);
}
