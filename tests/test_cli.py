"""The command line: exit codes, output formats, inputs, and the informational options.

Exit codes: 0 nothing at or above the failing severity, 1 violations, 2 usage, configuration
or input error. Input problems are DL001 findings and never stop the run.
"""

import codecs
import json
import subprocess
import os
import re
import sys

import pytest
from click.testing import CliRunner

import disclosurelint
from disclosurelint.cli import main

from helpers import codes, json_findings, run_cli

BAD = "<p>Intro.</p>\n<p>Price: [TBD] and {{ price }}</p>\n"  # DL201 at 2:11, DL202 at 2:21
CLEAN = "<html><head><title>Fine</title></head><body><p>Nothing to see.</p></body></html>\n"
WARN_ONLY = (  # a DL301 byline mismatch (a warning) and nothing else
    '<html><head><meta name="author" content="Jane Doe"></head><body>\n'
    "<p>By John Smith</p>\n"
    "</body></html>\n"
)


@pytest.fixture
def pages(tmp_path):
    (tmp_path / "bad.html").write_text(BAD, encoding="utf-8")
    (tmp_path / "clean.html").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "warn.html").write_text(WARN_ONLY, encoding="utf-8")
    return tmp_path


def assert_no_traceback(proc):
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout


# -- exit codes ------------------------------------------------------------------------------


def test_clean_file_exits_0(pages):
    proc = run_cli("clean.html", cwd=pages)
    assert proc.returncode == 0
    assert proc.stdout.strip().splitlines() == ["All checks passed (1 file checked)."]


def test_violations_exit_1(pages):
    proc = run_cli("bad.html", cwd=pages)
    assert proc.returncode == 1
    assert_no_traceback(proc)


def test_missing_path_exits_2_and_other_files_are_still_linted(pages):
    proc = run_cli("--format", "json", "missing.html", "bad.html", cwd=pages)
    assert proc.returncode == 2
    found = json_findings(proc)
    assert [(f["path"], f["code"]) for f in found] == [
        ("missing.html", "DL001"),
        ("bad.html", "DL201"),
        ("bad.html", "DL202"),
    ]
    assert_no_traceback(proc)


def test_missing_path_in_a_missing_folder(pages):
    proc = run_cli("--format", "json", "no/such/dir/page.html", cwd=pages)
    assert proc.returncode == 2
    (finding,) = json_findings(proc)
    assert (finding["path"], finding["code"], finding["line"], finding["column"]) == (
        "no/such/dir/page.html",
        "DL001",
        1,
        1,
    )
    assert finding["severity"] == "error"
    assert "no/such/dir/page.html" in finding["message"]


def test_binary_file_is_dl001_and_the_other_file_is_still_linted(pages):
    (pages / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    proc = run_cli("--format", "json", "image.html", "bad.html", cwd=pages)
    assert proc.returncode == 2
    found = json_findings(proc)
    assert [(f["path"], f["code"]) for f in found] == [
        ("image.html", "DL001"),
        ("bad.html", "DL201"),
        ("bad.html", "DL202"),
    ]
    assert "binary" in found[0]["message"]


def test_dangling_symlink_is_dl001_and_the_run_goes_on(pages):
    os.symlink(pages / "gone.html", pages / "link.html")
    proc = run_cli("--format", "json", "link.html", "bad.html", cwd=pages)
    assert proc.returncode == 2
    assert [(f["path"], f["code"]) for f in json_findings(proc)][:2] == [
        ("link.html", "DL001"),
        ("bad.html", "DL201"),
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file_is_dl001(pages):
    locked = pages / "locked.html"
    locked.write_text(BAD, encoding="utf-8")
    locked.chmod(0)
    try:
        proc = run_cli("--format", "json", "locked.html", "bad.html", cwd=pages)
    finally:
        locked.chmod(0o644)
    assert proc.returncode == 2
    assert [(f["path"], f["code"]) for f in json_findings(proc)][:2] == [
        ("locked.html", "DL001"),
        ("bad.html", "DL201"),
    ]


@pytest.mark.parametrize(
    "args, mention",
    [
        (["--bogus", "bad.html"], "--bogus"),
        (["--format", "xml", "bad.html"], "xml"),
        (["--fail-on", "fatal", "bad.html"], "fatal"),
        (["--select", "ZZ9", "bad.html"], "ZZ9"),
        ([], "no paths"),
    ],
    ids=["unknown-option", "unknown-format", "unknown-severity", "unknown-rule", "no-paths"],
)
def test_bad_usage_exits_2(pages, args, mention):
    proc = run_cli(*args, cwd=pages)
    assert proc.returncode == 2
    assert mention in proc.stderr
    assert_no_traceback(proc)


def test_exit_zero_with_violations(pages):
    proc = run_cli("--exit-zero", "bad.html", cwd=pages)
    assert proc.returncode == 0
    assert "DL201" in proc.stdout  # still reported


def test_exit_zero_does_not_hide_input_errors(pages):
    assert run_cli("--exit-zero", "bad.html", "missing.html", cwd=pages).returncode == 2


def test_warnings_fail_by_default(pages):
    proc = run_cli("warn.html", cwd=pages)
    assert proc.returncode == 1
    assert "DL301 [warning]" in proc.stdout


def test_fail_on_error_with_only_warnings_exits_0(pages):
    proc = run_cli("--fail-on", "error", "warn.html", cwd=pages)
    assert proc.returncode == 0
    assert "DL301 [warning]" in proc.stdout  # reported, just not failing


def test_fail_on_error_with_an_error_exits_1(pages):
    assert run_cli("--fail-on", "error", "warn.html", "bad.html", cwd=pages).returncode == 1


def test_in_process_click_runner(pages, monkeypatch):
    monkeypatch.chdir(pages)
    runner = CliRunner()
    assert runner.invoke(main, ["clean.html"]).exit_code == 0
    result = runner.invoke(main, ["bad.html"])
    assert result.exit_code == 1
    assert "bad.html:2:11: DL201 [error]" in result.output


# -- output formats --------------------------------------------------------------------------

TEXT_LINE = re.compile(r"^(?P<path>\S+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) \[(?P<sev>error|warning|info)\] (?P<msg>.+)$")


def test_text_format_lines_and_summary(pages):
    proc = run_cli("bad.html", "warn.html", cwd=pages)
    lines = proc.stdout.splitlines()
    parsed = [TEXT_LINE.match(line) for line in lines[:-1]]
    assert all(parsed), lines
    assert [(m["path"], int(m["line"]), int(m["col"]), m["code"], m["sev"]) for m in parsed] == [
        ("bad.html", 2, 11, "DL201", "error"),
        ("bad.html", 2, 21, "DL202", "error"),
        ("warn.html", 2, 7, "DL301", "warning"),
    ]
    assert "[TBD]" in parsed[0]["msg"]
    summary = lines[-1]
    assert summary.startswith("Found 3 problems")
    assert "2 errors" in summary and "1 warning" in summary and "2 files" in summary


def test_text_has_no_ansi_colour_when_not_a_tty(pages):
    proc = run_cli("bad.html", cwd=pages)
    assert proc.stdout and "\x1b" not in proc.stdout


def test_colour_can_be_forced(pages):
    # Proves the test above could fail: colour exists and is only off for pipes.
    proc = run_cli("--color", "always", "bad.html", cwd=pages)
    assert "\x1b[" in proc.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses a pseudo-terminal")
def test_colour_on_a_tty(pages):
    import pty
    import subprocess

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "disclosurelint", "bad.html"],
            cwd=pages, stdout=follower, stderr=subprocess.PIPE, env=env, timeout=60,
        )
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(leader)
    assert proc.returncode == 1
    assert b"\x1b[" in out


def test_json_fields(pages):
    (pages / "sub").mkdir()
    (pages / "sub" / "page.html").write_text(BAD, encoding="utf-8")
    proc = run_cli("--format", "json", "./sub/page.html", cwd=pages)
    assert proc.returncode == 1
    first, second = json_findings(proc)
    required = {"path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message"}
    assert required <= set(first)
    assert {k: first[k] for k in required - {"message"}} == {
        "path": "./sub/page.html",  # as given on the command line
        "line": 2,
        "column": 11,
        "end_line": 2,
        "end_column": 16,
        "code": "DL201",
        "name": "placeholder-text",
        "severity": "error",
    }
    assert "[TBD]" in first["message"]
    assert (second["code"], second["name"], second["column"], second["end_column"]) == (
        "DL202",
        "unrendered-template",
        21,
        32,
    )


def test_json_clean_run_is_an_empty_array(pages):
    proc = run_cli("--format", "json", "clean.html", cwd=pages)
    assert proc.returncode == 0
    assert json_findings(proc) == []


# -- folders ---------------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path):
    files = [
        "site/a/one.html",
        "site/a/two.htm",
        "site/a/three.md",
        "site/a/four.markdown",
        "site/a/notes.txt",
        "site/a/feed.xml",
        "site/.hidden/secret.html",
        "site/node_modules/pkg/readme.md",
        "site/drafts/draft.html",
        "site/b/keep.md",
    ]
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("TODO here\n", encoding="utf-8")
    return tmp_path


def linted_paths(proc):
    return sorted({f["path"] for f in json_findings(proc)})


def test_folder_recursion_takes_html_htm_md_markdown_and_skips_hidden_and_node_modules(site):
    proc = run_cli("--format", "json", "site", cwd=site)
    assert linted_paths(proc) == [
        "site/a/four.markdown",
        "site/a/one.html",
        "site/a/three.md",
        "site/a/two.htm",
        "site/b/keep.md",
        "site/drafts/draft.html",
    ]
    assert proc.stdout.count('"DL201"') == 6


def test_folder_summary_counts_files(site):
    proc = run_cli("site", cwd=site)
    assert proc.stdout.splitlines()[-1].endswith("in 6 files checked.")


@pytest.mark.parametrize(
    "globs, gone",
    [
        (["drafts"], ["site/drafts/draft.html"]),
        (["*.markdown"], ["site/a/four.markdown"]),
        (["drafts", "*.md"], ["site/drafts/draft.html", "site/a/three.md", "site/b/keep.md"]),
        (["site/drafts"], ["site/drafts/draft.html"]),
    ],
    ids=["folder-name", "suffix", "several", "path-from-cwd"],
)
def test_exclude_glob(site, globs, gone):
    args = [a for g in globs for a in ("--exclude", g)]
    proc = run_cli("--format", "json", *args, "site", cwd=site)
    everything = {
        "site/a/four.markdown", "site/a/one.html", "site/a/three.md",
        "site/a/two.htm", "site/b/keep.md", "site/drafts/draft.html",
    }
    assert linted_paths(proc) == sorted(everything - set(gone))


# -- standard input --------------------------------------------------------------------------


def test_stdin_with_markdown_filename(tmp_path):
    proc = run_cli("--format", "json", "-", "--stdin-filename", "page.md", cwd=tmp_path,
                   input="Hello [TBD]\n\n{{ .Site.Title }}\n")
    assert proc.returncode == 1
    # Format from the name: {{ }} is the generator's own syntax in Markdown.
    assert [(f["path"], f["code"], f["line"], f["column"]) for f in json_findings(proc)] == [
        ("page.md", "DL201", 1, 7)
    ]


def test_stdin_with_html_filename(tmp_path):
    proc = run_cli("--format", "json", "-", "--stdin-filename", "page.html", cwd=tmp_path,
                   input="Hello [TBD]\n\n{{ .Site.Title }}\n")
    assert [(f["path"], f["code"], f["line"], f["column"]) for f in json_findings(proc)] == [
        ("page.html", "DL201", 1, 7),
        ("page.html", "DL202", 3, 1),
    ]


def test_stdin_without_a_filename(tmp_path):
    proc = run_cli("-", cwd=tmp_path, input="<p>Hello [TBD]</p>\n")
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0].startswith("-:1:10: DL201 [error]")


def test_stdin_clean(tmp_path):
    assert run_cli("-", "--stdin-filename", "page.md", cwd=tmp_path, input="All good.\n").returncode == 0


# -- informational options -------------------------------------------------------------------


def test_list_rules(tmp_path):
    proc = run_cli("--list-rules", cwd=tmp_path)
    assert proc.returncode == 0
    rows = {line.split()[0]: line.split() for line in proc.stdout.splitlines() if line.strip()}
    assert rows["DL201"][1] == "placeholder-text"
    assert rows["DL202"][1] == "unrendered-template"
    assert rows["DL301"][1] == "byline-mismatch"


@pytest.mark.parametrize("code", ["DL201", "dl201"])
def test_explain(tmp_path, code):
    proc = run_cli("--explain", code, cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.startswith("# DL201 placeholder-text")
    lines = proc.stdout.splitlines()
    assert "## What it does" in lines
    assert "## Why it matters" in lines
    assert lines.index("## What it does") < lines.index("## Why it matters")


def test_explain_unknown_code(tmp_path):
    proc = run_cli("--explain", "DL999", cwd=tmp_path)
    assert proc.returncode == 2
    assert "DL999" in proc.stderr
    assert_no_traceback(proc)


def test_version(tmp_path):
    proc = run_cli("--version", cwd=tmp_path)
    assert proc.returncode == 0
    assert disclosurelint.__version__ in proc.stdout
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", disclosurelint.__version__)


def test_python_dash_m_runs_the_linter(pages):
    # run_cli is `python -m disclosurelint`; check it really lints, not just --version.
    proc = run_cli("bad.html", cwd=pages)
    assert proc.returncode == 1
    assert proc.stdout.startswith("bad.html:2:11: DL201 [error] ")


# -- decoding (DL001 and what is not DL001) --------------------------------------------------


def lint_bytes(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    return run_cli("--format", "json", name, cwd=tmp_path)


def test_nul_bytes_in_an_html_file_are_dl001(tmp_path):
    proc = lint_bytes(tmp_path, "page.html", b"<p>x\x00y [TBD]</p>")
    assert proc.returncode == 2
    assert codes(json_findings(proc)) == ["DL001"]


def test_invalid_utf8_without_charset_falls_back_and_lints(tmp_path):
    # Latin-1 é (0xE9) is invalid UTF-8; the page still lints, columns count characters.
    proc = lint_bytes(tmp_path, "page.html", b"<p>caf\xe9 [TBD]</p>\n")
    assert proc.returncode == 1
    assert [(f["code"], f["line"], f["column"]) for f in json_findings(proc)] == [("DL201", 1, 9)]


def test_declared_charset_is_used(tmp_path):
    data = '<html><head><meta charset="windows-1252"></head><body><p>caf\u00e9 \u2019 [TBD]</p></body></html>'
    proc = lint_bytes(tmp_path, "page.html", data.encode("cp1252"))
    assert proc.returncode == 1
    assert [(f["code"], f["column"]) for f in json_findings(proc)] == [("DL201", data.index("[TBD]") + 1)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_bom_lints(tmp_path, encoding):
    body = "<p>Intro</p>\n<p>Price: [TBD]</p>\n".encode(encoding)
    if encoding == "utf-16-be":
        body = codecs.BOM_UTF16_BE + body
    proc = lint_bytes(tmp_path, "page.html", body)
    assert proc.returncode == 1
    assert [(f["code"], f["line"], f["column"]) for f in json_findings(proc)] == [("DL201", 2, 11)]


def test_empty_file_is_clean(tmp_path):
    for name in ("empty.html", "empty.md"):
        (tmp_path / name).write_bytes(b"")
    proc = run_cli("empty.html", "empty.md", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.strip() == "All checks passed (2 files checked)."


def test_whitespace_only_file_is_clean(tmp_path):
    (tmp_path / "blank.html").write_text("  \n\n\t\n", encoding="utf-8")
    assert run_cli("blank.html", cwd=tmp_path).returncode == 0


def test_fifo_is_reported_not_read(tmp_path):
    """A named pipe would block forever: DL001, and the other input is still linted."""
    import os

    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    (tmp_path / "ok.html").write_text("<p>[TBD]</p>")
    proc = subprocess.run(
        [sys.executable, "-m", "disclosurelint", "--format", "json", "pipe.html", "ok.html"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    found = {(f["path"], f["code"]) for f in json.loads(proc.stdout)}
    assert found == {("pipe.html", "DL001"), ("ok.html", "DL201")}
    assert "not a regular file" in proc.stdout
