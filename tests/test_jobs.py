"""Issue #7: -j/--jobs runs pages on a process pool; output order and content do not change."""

from __future__ import annotations

import itertools
import os
import sys

import pytest

from disclosurelint.findings import input_error
from disclosurelint.pool import LintPool, cpu_count
from helpers import CORPUS_DEV, run_cli

needs_fork = pytest.mark.skipif(sys.platform != "linux", reason="workers inherit a test linter only when forked")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_output_is_the_same_with_one_and_with_several_processes(fmt, tmp_path):
    one = run_cli("--format", fmt, "-j", "1", CORPUS_DEV, cwd=tmp_path)
    for jobs in ("2", "3"):
        many = run_cli("--format", fmt, "-j", jobs, CORPUS_DEV, cwd=tmp_path)
        assert many.returncode == one.returncode == 1
        assert many.stdout == one.stdout
        assert many.stderr == one.stderr
    assert one.stdout.count("DL") > 50


def test_several_processes_with_standard_input_unreadable_files_and_a_baseline(tmp_path):
    (tmp_path / "a.html").write_text('<p><a href="https://amzn.to/a">a</a></p>\n')
    (tmp_path / "b.md").write_text("[b](https://amzn.to/b)\n")
    (tmp_path / "bin.html").write_bytes(b"\x00\x01\x02")
    args = ("--select", "DL106,DL101", "--format", "concise", "a.html", "-", "bin.html", "b.md", "missing.html")
    one = run_cli("-j", "1", *args, cwd=tmp_path, input='<a href="https://amzn.to/s">s</a>')
    two = run_cli("-j", "2", *args, cwd=tmp_path, input='<a href="https://amzn.to/s">s</a>')
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout
    order = [line.split(":")[0] for line in two.stdout.splitlines() if ": DL" in line]
    assert order == sorted(order, key=["a.html", "-", "bin.html", "b.md", "missing.html"].index)
    assert {"a.html", "-", "bin.html", "b.md", "missing.html"} <= set(order)
    # A baseline needs each page's text: the workers send it back.
    assert run_cli("-j", "2", "--write-baseline", "base.json", *args, cwd=tmp_path, input="").returncode == 2
    again = run_cli("-j", "2", "--baseline", "base.json", *args, cwd=tmp_path, input="")
    assert "DL106" not in again.stdout and "DL001" in again.stdout


def test_jobs_must_be_a_positive_number(tmp_path):
    proc = run_cli("-j", "0", ".", cwd=tmp_path)
    assert proc.returncode == 2 and "-j" in proc.stderr and "Traceback" not in proc.stderr


def test_cpu_count_is_at_least_one():
    assert 1 <= cpu_count() <= (os.cpu_count() or 1)


class _Linter:
    """Stands in for a Linter in forked workers: 'crash' kills its process."""

    def lint(self, data, path, fmt):
        if "crash" in path:
            os._exit(3)
        return [input_error(path, f"{path}: {len(data)}")]


def _on_error(item, why):
    return [input_error(item, f"{item}: {why}")]


@needs_fork
def test_a_worker_that_dies_costs_only_its_page():
    pages = [f"p{i}.html" for i in range(12)]
    pages[5] = "crash.html"
    items = [(p, ("data", p, "x" * i, "html", False)) for i, p in enumerate(pages)]
    items.insert(3, ("skipped", None))
    with LintPool(_Linter(), 2, (None, {})) as pool:
        out = list(pool.results(items, on_error=_on_error))
    assert [item for item, _ in out] == [p for p, _ in items]
    messages = {item: (res[0][0].message if res else None) for item, res in out}
    assert messages["skipped"] is None
    assert messages["crash.html"].startswith("crash.html: the process linting it died")
    assert all(messages[p] == f"{p}: {i}" for i, p in enumerate(pages) if p != "crash.html")


@needs_fork
def test_results_stream_without_reading_all_the_input():
    endless = ((i, ("data", f"p{i}.html", "x", "html", False)) for i in itertools.count())
    with LintPool(_Linter(), 2, (None, {})) as pool:
        first = list(itertools.islice(pool.results(endless, ahead=4, on_error=_on_error), 20))
    assert [item for item, _ in first] == list(range(20))


def test_spawned_workers_build_the_same_linter_from_the_configuration(tmp_path):
    """The start method of macOS and Windows: workers build their own Linter (with a
    configuration problem the parent has already reported) and give the same findings."""
    from disclosurelint.config import load
    from disclosurelint.engine import Linter

    (tmp_path / "pyproject.toml").write_text('[tool.disclosurelint]\nselect = ["DL106", "DL999"]\n')
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        errors: list[str] = []
        config = load(None, errors)
        linter = Linter(config, errors=errors)
        assert len(errors) == 1 and "DL999" in errors[0]
        pages = [(f"p{i}.html", ("data", f"p{i}.html", f'<a href="https://amzn.to/{i}">x</a>', "html", False)) for i in range(6)]
        with LintPool(None, 2, (config, {}), start_method="spawn") as pool:
            out = list(pool.results(pages, on_error=_on_error))
    finally:
        os.chdir(cwd)
    assert [item for item, _ in out] == [p for p, _ in pages]
    for (path, job), (_, (findings, _text)) in zip(pages, out):
        assert [f.code for f in findings] == ["DL106"]
        assert findings == linter.lint(job[2], path, "html")
