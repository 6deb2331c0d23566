"""Helpers shared by the tests.

`lint` lints one page in process through the public API; `run_cli` runs the real command
(`python -m disclosurelint`) in a subprocess, so exit codes and stderr are exactly what a
user sees.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from disclosurelint.config import from_mapping
from disclosurelint.engine import lint_source
from disclosurelint.formats import FORMATTERS, Summary

REPO = Path(__file__).resolve().parents[1]
# The shared folder sits beside the project root (in CI too).
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS_DEV = SHARED / "corpus" / "dev"


def lint(source, path="page.html", select=("DL201",), format=None):
    """Findings for one page with only the `select`ed rules running."""
    config = from_mapping({"select": list(select)}, None, "test")
    return lint_source(source, path=path, format=format, config=config)


def spans(findings, code):
    """(line, column, end_line, end_column) of every finding with this code, in order."""
    return [(f.line, f.column, f.end_line, f.end_column) for f in findings if f.code == code]


def starts(findings, code):
    """(line, column) of every finding with this code, in order."""
    return [(f.line, f.column) for f in findings if f.code == code]


def codes(findings):
    """The set of codes reported, as a sorted list."""
    return sorted({f["code"] if isinstance(f, dict) else f.code for f in findings})


def run_cli(*args, cwd, input=None, env=None):
    """Run `python -m disclosurelint ARGS` in `cwd`; text stdout/stderr."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "disclosurelint", *map(str, args)],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
    )


def json_findings(proc):
    """The findings of a `--format json` run (asserting stdout is a JSON array)."""
    data = json.loads(proc.stdout)
    assert isinstance(data, list), proc.stdout
    return data


def assert_clean_error(proc, *must_mention):
    """Exit 2 and one line on stderr that mentions each of `must_mention`; never a traceback."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for text in must_mention:
        assert str(text) in lines[0], (text, lines[0])


def render(fmt, inputs, rules=None, **options):
    """Run one formatter in process over [(path, findings, source)]; its output as text."""
    stream = io.StringIO()
    formatter = FORMATTERS[fmt](stream, rules=rules or {}, **options)
    summary = Summary(by_severity={})
    formatter.start()
    for path, findings, source in inputs:
        summary.files += 1
        for f in findings:
            summary.findings += 1
            summary.by_severity[f.severity] = summary.by_severity.get(f.severity, 0) + 1
        formatter.handle(findings, path=path, source=source)
    formatter.finish(summary)
    return stream.getvalue()


def validate_output(name: str, out: str) -> None:
    """The output of format `name` is well-formed and carries no terminal escape or NUL
    (the tests and benchmarks/fuzz.py hold every format to this)."""
    assert "\x1b" not in out, f"{name}: a terminal escape reached the output"
    assert "\x00" not in out, f"{name}: NUL reached the output"
    assert not re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", out), f"{name}: control characters in the output"
    if name == "github":
        for line in out.splitlines():
            if not line.startswith("::"):
                continue
            m = re.match(r"^::(error|warning|notice|debug)( [^:]*)?::(.*)$", line)
            assert m, f"github: not a workflow command: {line!r}"
            props, data = m.group(2) or "", m.group(3)
            assert not re.search(r"%(?!25|0D|0A)", data), f"github: unescaped % in message: {line!r}"
            assert not re.search(r"%(?!25|0D|0A|3A|2C)", props), f"github: unescaped % in properties: {line!r}"
            for value in re.findall(r"=([^,]*)", props):
                assert ":" not in value, f"github: unescaped : in a property: {line!r}"
    elif name == "junit":
        ET.fromstring(out.encode("utf-8"))
    elif name in ("json", "sarif", "gitlab"):
        json.loads(out)
    elif name == "json-lines":
        for line in out.splitlines():
            json.loads(line)
