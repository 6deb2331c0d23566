"""The baseline: --write-baseline records today's findings, --baseline reports only new ones.

A finding is known by code, path (relative to the baseline file), a digest of the text it
flags and its occurrence among identical ones in the file: never by line number.
"""

import json

import pytest

from disclosurelint.baseline import Baseline, fingerprints, flagged_text, identities, SourceLines
from disclosurelint.findings import Finding

from helpers import json_findings, run_cli

OLD = (
    "<html><head><title>Best desks</title></head><body>\n"
    "<p>Updated: [Insert Date Here]</p>\n"
    "<p>Price: [TBD]</p>\n"
    "</body></html>\n"
)


@pytest.fixture
def site(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "desks.html").write_text(OLD, encoding="utf-8")
    (tmp_path / "content" / "chairs.md").write_text("# Chairs\n\nTODO: write this.\n", encoding="utf-8")
    return tmp_path


def lint(site, *args):
    return run_cli("--format", "json", *args, cwd=site)


def write_baseline(site, *paths):
    proc = run_cli("--write-baseline", "baseline.json", *(paths or ["content"]), cwd=site)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_a_baselined_site_is_clean(site):
    assert len(json_findings(lint(site, "content"))) == 3
    proc = write_baseline(site)
    assert "recorded 3 findings in baseline.json" in proc.stderr
    assert proc.stdout.startswith("All checks passed")  # what it recorded is not reported
    proc = lint(site, "--baseline", "baseline.json", "content")
    assert proc.returncode == 0, proc.stdout
    assert json_findings(proc) == []


def test_a_new_violation_in_a_baselined_file_is_the_only_one_reported(site):
    write_baseline(site)
    page = site / "content" / "desks.html"
    page.write_text(OLD.replace("<p>Price: [TBD]</p>\n", "<p>Price: [TBD]</p>\n<p>Shipping: [TBD]</p>\n"), encoding="utf-8")
    proc = lint(site, "--baseline", "baseline.json", "content")
    assert proc.returncode == 1
    (new,) = json_findings(proc)
    assert (new["path"], new["code"], new["line"]) == ("content/desks.html", "DL201", 4)
    assert "[TBD]" in new["message"]


def test_editing_an_unrelated_line_above_an_old_violation_does_not_resurface_it(site):
    write_baseline(site)
    page = site / "content" / "desks.html"
    page.write_text(OLD.replace(
        "<body>\n",
        "<body>\n<header><h1>Best desks of the year</h1>\n<p>A new intro paragraph, reworded twice.</p></header>\n\n",
    ).replace("<title>Best desks</title>", "<title>The best standing desks</title>"), encoding="utf-8")
    moved = json_findings(lint(site, "content/desks.html"))
    assert [f["line"] for f in moved] == [5, 6]  # the old findings did move (from 2 and 3)
    proc = lint(site, "--baseline", "baseline.json", "content")
    assert proc.returncode == 0
    assert json_findings(proc) == []


def test_a_changed_violation_is_new(site):
    write_baseline(site)
    page = site / "content" / "desks.html"
    page.write_text(OLD.replace("[TBD]", "[TK]"), encoding="utf-8")
    (new,) = json_findings(lint(site, "--baseline", "baseline.json", "content"))
    assert "[TK]" in new["message"]


def test_paths_are_relative_to_the_baseline_not_to_how_they_are_spelled(site):
    write_baseline(site)
    data = json.loads((site / "baseline.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in data["findings"]} == {"content/desks.html", "content/chairs.md"}
    assert json_findings(lint(site, "--baseline", "baseline.json", "./content/../content/desks.html")) == []
    assert json_findings(lint(site, "--baseline", str(site / "baseline.json"), str(site / "content"))) == []
    proc = run_cli("--format", "json", "--baseline", "../baseline.json", ".", cwd=site / "content")
    assert json_findings(proc) == []


def test_the_baseline_file_is_stable_and_readable(site):
    write_baseline(site)
    first = (site / "baseline.json").read_text(encoding="utf-8")
    data = json.loads(first)
    assert data["disclosurelint-baseline"] == 1
    entry = next(e for e in data["findings"] if e["text"] == "[TBD]")
    assert set(entry) == {"path", "code", "digest", "occurrence", "text"}  # no line numbers
    page = site / "content" / "desks.html"
    page.write_text("<!-- moved -->\n\n\n" + OLD, encoding="utf-8")
    write_baseline(site)
    assert (site / "baseline.json").read_text(encoding="utf-8") == first  # no churn when lines move
    assert len(first.splitlines()) == 4 + 3 + 2  # one finding a line


def test_writing_for_some_files_keeps_the_others(site):
    write_baseline(site)
    (site / "content" / "desks.html").write_text("<p>All fixed.</p>\n", encoding="utf-8")
    write_baseline(site, "content/desks.html")
    data = json.loads((site / "baseline.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in data["findings"]] == ["content/chairs.md"]


def test_input_errors_are_never_baselined(site):
    proc = run_cli("--write-baseline", "baseline.json", "content", "missing.html", cwd=site)
    assert proc.returncode == 2
    assert "DL001" in proc.stdout
    proc = lint(site, "--baseline", "baseline.json", "content", "missing.html")
    assert proc.returncode == 2
    assert [f["code"] for f in json_findings(proc)] == ["DL001"]


def test_fixed_findings_are_mentioned(site):
    write_baseline(site)
    (site / "content" / "chairs.md").write_text("# Chairs\n\nWritten.\n", encoding="utf-8")
    proc = lint(site, "--baseline", "baseline.json", "content")
    assert proc.returncode == 0
    assert "1 finding in baseline.json no longer occurs" in proc.stderr
    assert lint(site, "-q", "--baseline", "baseline.json", "content").stderr == ""


@pytest.mark.parametrize("content, mention", [
    (None, "baseline file not found"),
    ("not json", "invalid JSON"),
    ('{"findings": []}', "not a disclosurelint baseline"),
    ('{"disclosurelint-baseline": 99, "findings": []}', "not supported"),
    ('{"disclosurelint-baseline": 1, "findings": [{"path": 1}]}', "findings[0]"),
])
def test_a_bad_baseline_is_a_clean_error(site, content, mention):
    if content is not None:
        (site / "baseline.json").write_text(content, encoding="utf-8")
    proc = lint(site, "--baseline", "baseline.json", "content")
    assert proc.returncode == 2
    assert mention in proc.stderr and "baseline.json" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_write_baseline_refuses_to_overwrite_another_file(site):
    (site / "notes.json").write_text('{"mine": true}', encoding="utf-8")
    proc = run_cli("--write-baseline", "notes.json", "content", cwd=site)
    assert proc.returncode == 2 and "not a disclosurelint baseline" in proc.stderr
    assert (site / "notes.json").read_text(encoding="utf-8") == '{"mine": true}'


def test_baseline_and_write_baseline_together_is_a_usage_error(site):
    proc = run_cli("--baseline", "a.json", "--write-baseline", "b.json", "content", cwd=site)
    assert proc.returncode == 2 and "cannot be used together" in proc.stderr


def test_baseline_works_with_other_formats(site):
    write_baseline(site)
    (site / "content" / "new.html").write_text("<p>Lorem ipsum</p>\n", encoding="utf-8")
    proc = run_cli("--format", "github", "--baseline", "baseline.json", "content", cwd=site)
    assert proc.returncode == 1
    assert proc.stdout.count("::error") == 1 and "new.html" in proc.stdout


# -- identities ------------------------------------------------------------------------------


def f(line, column, end_line, end_column, code="DL201", message="m"):
    return Finding("p.html", line, column, end_line, end_column, code, "n", "error", message)


def test_identity_is_the_flagged_text_and_its_occurrence():
    source = "<p>[TBD]</p>\n<p>[TBD]  and\n  [TK]</p>\n"
    findings = [f(1, 4, 1, 9), f(2, 4, 2, 9), f(3, 3, 3, 7)]
    ids = identities(findings, source)
    assert ids[0][0] == ids[1][0] and [n for _, n in ids] == [0, 1, 0]
    moved = identities([f(5, 4, 5, 9), f(6, 4, 6, 9), f(7, 3, 7, 7)], "\n\n\n\n" + source)
    assert moved == ids


def test_whitespace_inside_the_flagged_text_is_normalised():
    lines = SourceLines("<p>Lorem\n   ipsum</p>\r\n")
    assert flagged_text(f(1, 4, 2, 9), lines) == "Lorem ipsum"


def test_a_point_finding_is_known_by_its_line_from_that_point():
    lines = SourceLines('<meta name="author" content="A">\n  <p class="byline">By B</p>\n')
    assert flagged_text(f(2, 3, 2, 4, code="DL301"), lines) == '<p class="byline">By B</p>'
    assert flagged_text(f(2, 3, 2, 3, code="DL301"), lines) == '<p class="byline">By B</p>'


def test_without_the_source_the_message_stands_in_without_numbers():
    a = f(1, 1, 1, 2, message="first link on line 12")
    b = f(1, 1, 1, 2, message="first link on line 40")
    assert identities([a], None) == identities([b], None)


def test_fingerprints_differ_by_code_and_path():
    source = "<p>[TBD]</p>\n"
    one = fingerprints([f(1, 4, 1, 9)], "a.html", source)
    assert one == fingerprints([f(1, 4, 1, 9)], "a.html", source)
    assert one != fingerprints([f(1, 4, 1, 9)], "b.html", source)
    assert one != fingerprints([f(1, 4, 1, 9, code="DL202")], "a.html", source)


def test_path_keys(tmp_path):
    baseline = Baseline(tmp_path / "b.json")
    assert baseline.path_key(str(tmp_path / "x" / "y.html")) == "x/y.html"
    assert baseline.path_key("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert baseline.path_key("-") == "-"
