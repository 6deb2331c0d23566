#!/usr/bin/env python3
"""Measure the Markdown parsers that keep source positions, to back the choice of pyromark.

Generates Markdown pages with ../shared/tools/gen_bench_corpus.py (or --corpus DIR of .md
files), then times, over the same pages, the median of --repeat runs of:
  markdown-it-py  MarkdownIt("commonmark").enable("table").parse()  (block line maps only)
  pyromark        events_with_range()                                (byte range per event)
  disclosurelint  the whole Markdown parse into a Document (pyromark + front matter + map)

Usage: python benchmarks/markdown_parsers.py [--pages 300] [--repeat 3] [--corpus DIR]
markdown-it-py is not a dependency: `pip install markdown-it-py` to include it.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT.parent / "shared" / "tools" / "gen_bench_corpus.py"


def pages(args) -> list[str]:
    if args.corpus:
        files = sorted(Path(args.corpus).glob("**/*.md"))[: args.pages]
    else:
        out = Path(tempfile.mkdtemp(prefix="dl-bench-"))
        subprocess.run([sys.executable, str(GENERATOR), "--out", str(out), "--html", "0", "--md", str(args.pages)],
                       check=True, stdout=subprocess.DEVNULL)
        files = sorted((out / "md").glob("*.md"))
    return [f.read_text(encoding="utf-8") for f in files]


def timed(fn, docs, repeat) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        for d in docs:
            fn(d)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus")
    args = ap.parse_args()
    docs = pages(args)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    candidates = []
    try:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark").enable("table")
        candidates.append(("markdown-it-py (line maps)", md.parse))
    except ImportError:
        print("markdown-it-py: not installed (pip install markdown-it-py to compare)")
    import pyromark

    from disclosurelint.parse import parse

    opts = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_FOOTNOTES
    candidates.append(("pyromark (byte ranges)", lambda d: list(pyromark.events_with_range(d, options=opts))))
    candidates.append(("disclosurelint Markdown parse", lambda d: parse(d, "markdown", "x.md")))
    print(f"{len(docs)} pages, {mb:.1f} MB, median of {args.repeat} runs, "
          f"Python {platform.python_version()} on {platform.machine()}")
    print(f"{'parser':32} {'pages/s':>9} {'MB/s':>7}")
    for name, fn in candidates:
        secs = timed(fn, docs, args.repeat)
        print(f"{name:32} {len(docs) / secs:9.0f} {mb / secs:7.1f}")


if __name__ == "__main__":
    main()
