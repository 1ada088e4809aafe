//! The harness: copy a fixture to a temporary folder, run `locdoc` there,
//! and look at its exit code, output and the HTML it wrote.

use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether a test's outside tools (`test` needs `needs`; `install` says
/// how to get them) are here. Outside CI a missing tool skips the test,
/// saying so; under `CI=true` it fails it, so CI cannot pass by skipping.
pub fn tools_present(present: bool, test: &str, needs: &str, install: &str) -> bool {
    if !present {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must run the {test}: it needs {needs} ({install}; .ci/run does)"
        );
        eprintln!("SKIPPED {test}: it needs {needs} ({install})");
    }
    present
}

/// A fixture copied into a temporary folder, so tests may change it.
pub struct TempSite {
    pub dir: tempfile::TempDir,
}

impl TempSite {
    pub fn new(fixture: &str) -> TempSite {
        TempSite::from_dir(&fixtures().join(fixture))
    }

    pub fn from_dir(source: &Path) -> TempSite {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(source, dir.path());
        TempSite { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// Replaces `from` by `to` in the file `rel`. `from` must be there: a
    /// fixture that changed would otherwise turn the edit into nothing.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}:\n{text}");
        self.write(rel, &text.replace(from, to));
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `locdoc ARGS --root <site>` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(
            &std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")),
        )
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("below"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy");
            // Files of a site are older than the build that reads them: a
            // first build only trusts a fingerprint of inputs that were not
            // changing while it ran.
            let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
            std::fs::File::options()
                .write(true)
                .open(&target)
                .and_then(|f| f.set_modified(an_hour_ago))
                .expect("set time");
        }
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        self
    }

    /// The first line of each diagnostic (`file:line:col: severity[code]: message`).
    pub fn headlines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains("error[") || l.contains("warning["))
            .collect()
    }

    pub fn expect_headline(&self, prefix: &str) -> &Run {
        assert!(
            self.headlines().iter().any(|l| l.starts_with(prefix)),
            "no diagnostic starting with `{prefix}` in:\n{}",
            self.stderr
        );
        self
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_in_env(dir, args, &[])
}

/// [`run_in`] with each of `env` set to its value, or removed for `None`.
pub fn run_in_env(dir: &Path, args: &[&str], env: &[(&str, Option<&str>)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_locdoc"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    for (name, value) in env {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    let output = command.output().expect("run locdoc");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
    html.select(&selector).collect()
}

pub fn text(element: &scraper::ElementRef) -> String {
    element.text().collect::<String>().trim().to_owned()
}

/// The cells of each body row of the model table for `collection`.
pub fn table_rows(html: &Html, collection: &str) -> Vec<Vec<String>> {
    select(
        html,
        &format!("table[data-collection=\"{collection}\"] tbody tr"),
    )
    .iter()
    .map(|row| {
        let cells = Selector::parse("th, td").expect("selector");
        row.select(&cells).map(|c| text(&c)).collect()
    })
    .collect()
}

pub fn attr(element: &scraper::ElementRef, name: &str) -> String {
    element.value().attr(name).unwrap_or_default().to_owned()
}
