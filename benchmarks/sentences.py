#!/usr/bin/env python3
"""Accuracy on the sentence-variety set (tests/sentences/*.yml, issue 16).

Each labelled sentence becomes one page (tests/sentence_pages.py: seven generator styles,
neutral filler, fixed companions so that exactly one scored rule turns on the sentence). The
pages are written to a temporary folder, linted in process with `disclosurelint.lint_source`
(only the family's scored rules), and compared with the labels. Prints the share of sentences
right per family and per label, and per language for the `languages` family.

Usage: python benchmarks/sentences.py [-v] [--json] [--family NAME] [--borderline] [--keep DIR]

  -v            also print every miss: file, entry index, style, label, what was found
  --json        one JSON object instead of the table (for machines and the ratchet test)
  --family      score one family only (disclosures, labels, claims, ...)
  --borderline  also show what the linter makes of the borderline entries (never scored)
  --keep DIR    write the pages to DIR and keep them (to open a miss in an editor)

Always exits 0: it measures, it does not judge (tests/test_sentences.py holds the floors).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import sentence_pages as sp  # noqa: E402 (after the path: the harness lives with the tests)


def write_pages(pages: list[sp.Page], folder: Path) -> None:
    for page in pages:
        (folder / page.path).write_text(page.source, encoding="utf-8")


def lint_folder(pages: list[sp.Page], folder: Path) -> list[sp.Result]:
    """Lint the written pages (bytes from disk, as a user's files) and score them."""
    from disclosurelint import lint_source

    results = []
    for page in pages:
        data = (folder / page.path).read_bytes()
        findings = lint_source(data, path=page.path, config=sp._config(tuple(sorted(page.expected))))
        got = sp.outcome(page, findings)
        results.append(sp.Result(page, got, sp.is_right(page, got)))
    return results


def percent(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f}%" if total else "    -"


def summary(results: list[sp.Result]) -> dict:
    fam = sp.accuracy(results, lambda r: r.page.entry.family)
    label = sp.accuracy(results, lambda r: f"{r.page.entry.family}/{r.page.entry.label}")
    lang = sp.accuracy([r for r in results if r.page.entry.family == "languages"], lambda r: r.page.entry.lang)
    misses = [
        {"file": r.page.entry.file, "index": r.page.entry.index, "style": r.page.style, "label": r.page.entry.label,
         "form": r.page.entry.form, "text": r.page.entry.text, "expected": r.page.expected, "got": r.got}
        for r in results if not r.right
    ]
    return {"families": _cells(fam), "labels": _cells(label), "languages": _cells(lang), "misses": misses}


def _cells(table: dict[str, tuple[int, int]]) -> dict:
    return {k: {"right": a, "total": b, "accuracy": round(a / b, 4)} for k, (a, b) in sorted(table.items())}


def print_table(data: dict) -> None:
    print(f"{'family / label':38} {'right':>6} {'total':>6} {'accuracy':>9}")
    for family, cell in data["families"].items():
        print(f"{family:38} {cell['right']:6d} {cell['total']:6d} {percent(cell['right'], cell['total']):>9}")
        for key, sub in data["labels"].items():
            if key.startswith(family + "/"):
                print(f"  {key.split('/', 1)[1]:36} {sub['right']:6d} {sub['total']:6d} {percent(sub['right'], sub['total']):>9}")
        if family == "languages":
            for lang, sub in data["languages"].items():
                print(f"  lang {lang:31} {sub['right']:6d} {sub['total']:6d} {percent(sub['right'], sub['total']):>9}")
    right = sum(c["right"] for c in data["families"].values())
    total = sum(c["total"] for c in data["families"].values())
    print(f"{'all':38} {right:6d} {total:6d} {percent(right, total):>9}")


def print_misses(data: dict) -> None:
    print(f"\n{len(data['misses'])} misses:")
    for m in data["misses"]:
        want = ", ".join(f"{k} {'present' if v else 'absent'}" for k, v in m["expected"].items())
        got = ", ".join(f"{k} {'present' if v else 'absent'}" for k, v in m["got"].items())
        print(f"  {m['file']}#{m['index']} [{m['style']}, {m['form']}] {m['label']}: {m['text']!r}\n"
              f"      expected {want}; got {got}")


def borderline_report(borderline: list[dict]) -> list[dict]:
    """What the linter does with each borderline entry, scored as if it had its leaning."""
    rows = []
    for k, raw in enumerate(borderline):
        entry = sp.Entry(family=raw["family"], file=raw["file"], index=k, text=raw["text"],
                         label=raw["leaning"], claims=raw.get("claims"), lang=raw.get("lang", "en"))
        page = sp.build_page(entry)
        got = sp.outcome(page)
        rows.append({"file": raw["file"], "text": raw["text"], "leaning": raw["leaning"], "reason": raw["reason"],
                     "agrees_with_leaning": sp.is_right(page, got)})
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--family")
    ap.add_argument("--borderline", action="store_true")
    ap.add_argument("--keep")
    args = ap.parse_args(argv)
    entries, borderline = sp.load()
    if args.family:
        entries = [e for e in entries if e.family == args.family]
        borderline = [b for b in borderline if b["family"] == args.family]
    pages = sp.build_pages(entries)
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
        write_pages(pages, folder)
        results = lint_folder(pages, folder)
    else:
        with tempfile.TemporaryDirectory(prefix="disclosurelint-sentences-") as tmp:
            write_pages(pages, Path(tmp))
            results = lint_folder(pages, Path(tmp))
    data = summary(results)
    if args.borderline:
        data["borderline"] = borderline_report(borderline)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print_table(data)
    if args.verbose:
        print_misses(data)
    if args.borderline:
        print(f"\nborderline (not scored): {len(data['borderline'])}")
        for row in data["borderline"]:
            verdict = "as leaning" if row["agrees_with_leaning"] else "against leaning"
            print(f"  {row['file']}: {verdict:16} ({row['leaning']}) {row['text']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
