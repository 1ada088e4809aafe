//! The bad-input corpus: each folder of tests/fixtures/bad/ (except
//! `_base`) is a case. Its `files/` are laid over a copy of `_base`, the
//! paths listed in its optional `remove` file are deleted, and its `expect`
//! file says what `build` and `check` must do:
//!
//! ```text
//! # a comment
//! build: 1                       exit code (or codes: `1|2`)
//! check: 1
//! diagnostic: content/en/guide.md:3:8: error[front-matter]   prefix of a diagnostic line (repeatable)
//! html: fr/guide/index.html contains <text>                   for input that is legitimately accepted
//! html: fr/guide/index.html lacks <text>
//! ```
//!
//! Every case must finish (a hang guard kills it after 60 s), never panic,
//! and name the file and line of what it rejects.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{copy_tree, fixtures};

struct Expect {
    build: Vec<i32>,
    check: Vec<i32>,
    diagnostics: Vec<String>,
    html: Vec<(String, bool, String)>,
}

fn parse_expect(text: &str, case: &str) -> Expect {
    let mut expect = Expect {
        build: Vec::new(),
        check: Vec::new(),
        diagnostics: Vec::new(),
        html: Vec::new(),
    };
    let codes = |v: &str| -> Vec<i32> {
        v.split('|')
            .map(|c| {
                c.trim()
                    .parse()
                    .unwrap_or_else(|_| panic!("{case}: bad exit code `{v}`"))
            })
            .collect()
    };
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (key, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("{case}: bad expect line `{line}`"));
        let value = value.trim();
        match key {
            "build" => expect.build = codes(value),
            "check" => expect.check = codes(value),
            "diagnostic" => expect.diagnostics.push(value.to_owned()),
            "html" => {
                let (file, rest) = value
                    .split_once(' ')
                    .unwrap_or_else(|| panic!("{case}: bad html line"));
                let (contains, text) = if let Some(t) = rest.strip_prefix("contains ") {
                    (true, t)
                } else if let Some(t) = rest.strip_prefix("lacks ") {
                    (false, t)
                } else {
                    panic!("{case}: html lines say `contains` or `lacks`")
                };
                expect
                    .html
                    .push((file.to_owned(), contains, text.to_owned()));
            }
            other => panic!("{case}: unknown expect key `{other}`"),
        }
    }
    assert!(
        !expect.build.is_empty() && !expect.check.is_empty(),
        "{case}: expect needs build: and check:"
    );
    expect
}

pub struct Outcome {
    pub code: i32,
    pub stderr: String,
}

/// Runs locdoc with a hang guard: a case that runs for a minute has hung.
pub fn run_guarded(dir: &Path, args: &[&str]) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_locdoc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run locdoc");
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("locdoc {args:?} hung in {}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Outcome {
        code: status.code().unwrap_or(-1),
        stderr: reader.join().expect("stderr reader"),
    }
}

/// A copy of the base site with `case`'s files laid over it.
pub fn prepare(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    copy_tree(&fixtures().join("bad/_base"), dir.path());
    let files = case.join("files");
    if files.is_dir() {
        copy_tree(&files, dir.path());
    }
    if let Ok(list) = std::fs::read_to_string(case.join("remove")) {
        for rel in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let path = dir.path().join(rel);
            if path.is_dir() {
                std::fs::remove_dir_all(&path).expect("remove dir");
            } else {
                std::fs::remove_file(&path).expect("remove file");
            }
        }
    }
    dir
}

/// Every path below `dir`, relative, `/`-separated.
pub fn listing(dir: &Path) -> std::collections::BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("below")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures().join("bad"))
        .expect("tests/fixtures/bad")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.file_name().is_none_or(|n| n != "_base"))
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_bad_input_case_is_handled() {
    let cases = cases();
    assert!(
        cases.len() >= 40,
        "the corpus has {} cases; it should have at least 40",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let name = case
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let expect = parse_expect(
            &std::fs::read_to_string(case.join("expect"))
                .unwrap_or_else(|_| panic!("{name}: no expect file")),
            &name,
        );
        let site = prepare(case);
        let before = listing(site.path());
        for (command, codes) in [("build", &expect.build), ("check", &expect.check)] {
            let outcome = run_guarded(site.path(), &[command]);
            // Nothing may be written outside --out (public/), whatever the input.
            let strays: Vec<String> = listing(site.path())
                .difference(&before)
                .filter(|p| !p.starts_with("public/") && p.as_str() != "public")
                .cloned()
                .collect();
            if !strays.is_empty() {
                failures.push(format!(
                    "{name}: `{command}` wrote outside public/: {strays:?}"
                ));
            }
            if outcome.stderr.contains("panicked") || outcome.code == 101 {
                failures.push(format!("{name}: `{command}` panicked:\n{}", outcome.stderr));
                continue;
            }
            if !codes.contains(&outcome.code) {
                failures.push(format!(
                    "{name}: `{command}` exited {} (expected {codes:?}):\n{}",
                    outcome.code, outcome.stderr
                ));
            }
            for wanted in &expect.diagnostics {
                let found = outcome
                    .stderr
                    .lines()
                    .any(|l| l.trim_start_matches("error: ").starts_with(wanted.as_str()));
                if !found {
                    failures.push(format!(
                        "{name}: `{command}` did not report `{wanted}`:\n{}",
                        outcome.stderr
                    ));
                }
            }
        }
        for (file, contains, text) in &expect.html {
            let path = site.path().join("public").join(file);
            let html = std::fs::read_to_string(&path).unwrap_or_default();
            if html.contains(text.as_str()) != *contains {
                failures.push(format!(
                    "{name}: {file} {} `{text}`",
                    if *contains { "lacks" } else { "contains" }
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Inputs git cannot hold, made at run time.
#[cfg(unix)]
mod generated {
    use std::os::unix::ffi::OsStrExt;

    use super::{listing, prepare, run_guarded};
    use crate::support::fixtures;

    fn base() -> tempfile::TempDir {
        prepare(&fixtures().join("bad/_base"))
    }

    #[test]
    fn a_file_name_that_is_not_utf8_is_an_error_naming_it() {
        let site = base();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        std::fs::write(
            site.path().join("content/en").join(name),
            "---\ntitle: x\n---\n",
        )
        .expect("write");
        for command in ["build", "check"] {
            let outcome = run_guarded(site.path(), &[command]);
            assert_eq!(outcome.code, 1, "{command}: {}", outcome.stderr);
            assert!(
                outcome.stderr.contains(
                    "content/en/caf\u{FFFD}.md: error[path]: file name is not valid UTF-8"
                ),
                "{command}: {}",
                outcome.stderr
            );
        }
    }

    #[test]
    fn symlink_loops_and_links_out_of_the_site_are_not_followed() {
        let site = base();
        let en = site.path().join("content/en");
        std::os::unix::fs::symlink(&en, en.join("loop")).expect("dir loop");
        std::os::unix::fs::symlink(en.join("b.md"), en.join("a.md")).expect("a -> b");
        std::os::unix::fs::symlink(en.join("a.md"), en.join("b.md")).expect("b -> a");
        std::os::unix::fs::symlink("/etc/passwd", en.join("passwd.md")).expect("link out");
        let before = listing(site.path());
        let outcome = run_guarded(site.path(), &["build"]);
        assert_eq!(outcome.code, 0, "{}", outcome.stderr);
        let public: Vec<String> = listing(site.path()).difference(&before).cloned().collect();
        assert!(public.iter().all(|p| p.starts_with("public")), "{public:?}");
        assert!(
            !public
                .iter()
                .any(|p| p.contains("passwd") || p.contains("loop")),
            "{public:?}"
        );
    }
}
