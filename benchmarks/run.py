#!/usr/bin/env python3
"""Speed at site scale: disclosurelint against the parse floor, in one run on one machine.

Generates (or reuses) a deterministic corpus with ../shared/tools/gen_bench_corpus.py, then
measures, each as the median of --repeat runs:
  floor, HTML      lxml parse + visible text (script/style dropped, text_content())
  bound, HTML      the floor's parse and a Python walk of lxml's tree that does no work:
                   the fastest any walk in Python can be (a design question for #7)
  floor, Markdown  pyromark events with byte ranges (the fastest position-keeping parser)
  end to end       `disclosurelint --format json --exit-zero` over the folder, every default
                   rule, as a subprocess: with -j 1 and -j N when the CLI has -j, and its
                   peak RSS (from wait4)
and prints pages/s, MB/s, the ratio to the floor and the -j speed-up.

Peak RSS is that of the largest process (the command, or one of its -j workers), from
wait4's ru_maxrss, which covers the workers the command has reaped.

Usage: python benchmarks/run.py [--html 2000] [--md 2000] [--repeat 3] [--jobs 2]
                                [--corpus DIR] [--cli disclosurelint] [--only-jobs N]

--only-jobs N skips the floor and the other -j runs: for the memory check on 20,000 pages,
`python benchmarks/run.py --html 20000 --md 0 --repeat 1 --only-jobs 2`.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT.parent / "shared" / "tools" / "gen_bench_corpus.py"


def corpus(args) -> Path:
    if args.corpus:
        return Path(args.corpus)
    out = Path(tempfile.gettempdir()) / f"disclosurelint-bench-{args.html}-{args.md}"
    if not (out / "html").is_dir() or len(list((out / "html").glob("*.html"))) != args.html:
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(GENERATOR), "--out", str(out), "--html", str(args.html), "--md", str(args.md)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return out


def median_seconds(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def html_floor(files: list[Path]) -> None:
    import lxml.html

    for f in files:
        root = lxml.html.document_fromstring(f.read_bytes())
        for el in root.xpath("//script|//style"):
            el.drop_tree()
        root.text_content()


def html_walk_bound(files: list[Path]) -> None:
    """The floor's parse, then the least any walk in Python must do to keep positions:
    visit every element and read its attributes, text and tail (no work on them). Python
    code that walks lxml's tree cannot be faster than this, whatever the rules do."""
    import lxml.html
    from lxml import etree

    for f in files:
        root = lxml.html.document_fromstring(f.read_bytes())
        for event, el in etree.iterwalk(root, events=("start", "end")):
            if event == "start":
                el.attrib
                el.text
            else:
                el.tail


def markdown_floor(files: list[Path]) -> None:
    import pyromark

    opts = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_FOOTNOTES
    for f in files:
        for _ in pyromark.events_with_range(f.read_text(encoding="utf-8"), options=opts):
            pass


def run_cli(cli: list[str], folder: Path, jobs: int | None) -> tuple[float, int]:
    """(seconds, peak RSS in KiB) of one CLI run over `folder`."""
    argv = cli + ["--format", "json", "--exit-zero", str(folder)]
    if jobs is not None:
        argv[len(cli):len(cli)] = ["-j", str(jobs)]
    t = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed: {proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss


def has_jobs(cli: list[str]) -> bool:
    out = subprocess.run(cli + ["--help"], capture_output=True, text=True).stdout
    return "--jobs" in out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--html", type=int, default=2000)
    ap.add_argument("--md", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--only-jobs", type=int, help="measure only disclosurelint -j N (no floor)")
    ap.add_argument("--corpus")
    ap.add_argument("--cli", default=None, help="command to run (default: this Python's -m disclosurelint)")
    args = ap.parse_args()
    cli = args.cli.split() if args.cli else [sys.executable, "-m", "disclosurelint"]
    base = corpus(args)
    print(f"disclosurelint benchmark, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs, median of {args.repeat}")
    jobs_ok = has_jobs(cli)
    print(f"{'what':34} {'pages/s':>9} {'MB/s':>7} {'of floor':>9} {'peak RSS':>10}")
    for kind, floor_fn, ext in (("html", html_floor, "*.html"), ("md", markdown_floor, "*.md")):
        folder = base / kind
        files = sorted(folder.glob(ext))
        if not files:
            continue
        mb = sum(f.stat().st_size for f in files) / 1e6
        if args.only_jobs:
            floor = float("nan")
            variants = [(args.only_jobs, f"-j {args.only_jobs}")]
        else:
            floor = median_seconds(lambda: floor_fn(files), args.repeat)
            name = "lxml parse + visible text" if kind == "html" else "pyromark with byte ranges"
            print(f"{kind + ' floor: ' + name:34} {len(files) / floor:9.0f} {mb / floor:7.1f} {'1.00':>9} {'':>10}")
            if kind == "html":
                bound = median_seconds(lambda: html_walk_bound(files), args.repeat)
                print(f"{'html bound: parse + empty Python walk':34} {len(files) / bound:9.0f} {mb / bound:7.1f} "
                      f"{floor / bound:9.2f} {'':>10}")
            variants = [(1, "-j 1"), (args.jobs, f"-j {args.jobs}")] if jobs_ok else [(None, "single process")]
        timings = {}
        for jobs, label in variants:
            runs = [run_cli(cli, folder, jobs) for _ in range(args.repeat)]
            secs = statistics.median(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            timings[label] = secs
            print(f"{kind + ' disclosurelint ' + label:34} {len(files) / secs:9.0f} {mb / secs:7.1f} "
                  f"{floor / secs:9.2f} {rss / 1024:8.0f} MB")
        if jobs_ok and len(timings) == 2:
            one, many = timings["-j 1"], timings[f"-j {args.jobs}"]
            print(f"{kind + f' -j {args.jobs} speed-up over -j 1':34} {one / many:9.2f}x")
    if not jobs_ok:
        print("(this CLI has no -j/--jobs yet: only single-process figures)")


if __name__ == "__main__":
    main()
