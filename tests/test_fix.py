"""--fix and --diff for DL106: add `sponsored` to rel, change nothing else, write atomically."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys

PAGE = (
    '<!DOCTYPE html>\r\n<html lang="en"><head><meta charset="utf-8"><title>Grinders</title></head><body>\r\n'
    "<p>We earn a commission from links on this page. As an Amazon Associate we earn from qualifying purchases.</p>\r\n"
    '<p>Caf\u00e9 pick: <a href="https://amzn.to/3x">Solano</a>, <a rel="noopener" href="https://www.amazon.com/dp/B1?tag=x-20">S64</a>,\r\n'
    "<a rel=noopener href='/go/ode' >Ode</a> and <A HREF=\"https://prf.hn/click/1\" REL=\"Nofollow\">kept</A>.</p>\r\n"
    "</body></html>\r\n"
)


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "disclosurelint", *args], cwd=cwd, capture_output=True, text=True)


def dl106(path, cwd):
    proc = run("--format", "json", "--select", "DL106", path, cwd=cwd)
    return [(f["line"], f["column"]) for f in json.loads(proc.stdout)]


def test_fix_round_trip_changes_only_rel(tmp_path):
    page = tmp_path / "page.html"
    original = PAGE.encode("utf-8")
    page.write_bytes(original)
    os.chmod(page, 0o640)
    assert dl106("page.html", tmp_path) == [(4, 15), (4, 56), (5, 1)]

    proc = run("--fix", "--select", "DL106", "page.html", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Fixed 3 problems in 1 file." in proc.stderr
    fixed = page.read_bytes()
    assert dl106("page.html", tmp_path) == []
    # Only rel changed: the original bytes with exactly these three insertions.
    expected = (
        PAGE.replace('<a href="https://amzn.to/3x">', '<a href="https://amzn.to/3x" rel="sponsored">')
        .replace('<a rel="noopener" href', '<a rel="noopener sponsored" href')
        .replace("<a rel=noopener href='/go/ode' >", "<a rel=\"noopener sponsored\" href='/go/ode' >")
    ).encode("utf-8")
    assert fixed == expected
    assert b'<a href="https://amzn.to/3x" rel="sponsored">' in fixed
    assert b'<a rel="noopener sponsored" href="https://www.amazon.com/dp/B1?tag=x-20">' in fixed
    assert b"<a rel=\"noopener sponsored\" href='/go/ode' >" in fixed
    assert b'REL="Nofollow"' in fixed  # already fine, untouched
    assert fixed.count(b"\r\n") == original.count(b"\r\n")
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o640
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".disclosurelint-")]


def test_diff_shows_the_change_and_writes_nothing(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(PAGE.encode("utf-8"))
    proc = run("--diff", "page.html", cwd=tmp_path)
    assert proc.returncode == 1
    assert page.read_bytes() == PAGE.encode("utf-8")
    removed = [l for l in proc.stdout.splitlines() if l.startswith("-") and not l.startswith("---")]
    added = [l for l in proc.stdout.splitlines() if l.startswith("+") and not l.startswith("+++")]
    assert len(removed) == len(added) == 2
    # Each added line is its removed line with only the rel values added.
    for old, new in zip(removed, added):
        assert re.sub(r' rel="sponsored"| sponsored', "", new[1:]) == old[1:].replace("rel=noopener", 'rel="noopener"')
    assert 'rel="sponsored"' in added[0]
    assert "Would fix 3 problems in 1 file." in proc.stderr


def test_fix_says_standard_input_is_not_rewritten(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "disclosurelint", "--fix", "--select", "DL106", "-",
                           "--stdin-filename", "page.html"], cwd=tmp_path, capture_output=True, text=True, input=PAGE)
    assert proc.returncode == 1, proc.stderr
    assert "page.html: fixes are not applied to standard input" in proc.stderr
    assert proc.stdout.count("DL106") == 3



def test_diff_exits_zero_when_nothing_to_fix(tmp_path):
    (tmp_path / "ok.html").write_text('<p>We earn a commission.</p><a rel="sponsored" href="https://amzn.to/x">x</a>')
    proc = run("--diff", "--select", "DL106", "ok.html", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == ""


def test_markdown_is_never_rewritten(tmp_path):
    page = tmp_path / "post.md"
    text = 'We earn a commission.\n\n<a href="https://amzn.to/x">inline</a> and [md](https://amzn.to/y)\n'
    page.write_text(text)
    proc = run("--fix", "post.md", cwd=tmp_path)
    assert page.read_text() == text
    assert "Fixed 0 problems" in proc.stderr


def test_bom_and_latin1_files_keep_their_bytes(tmp_path):
    bom = tmp_path / "bom.html"
    body = '<p>We earn a commission. \u00e9</p><a href="https://amzn.to/x">x</a>'
    bom.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    latin = tmp_path / "latin.html"
    latin.write_bytes(('<meta charset="iso-8859-1">' + body).encode("latin-1"))
    proc = run("--fix", "--select", "DL106", "bom.html", "latin.html", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert bom.read_bytes() == b"\xef\xbb\xbf" + body.replace('">x', '" rel="sponsored">x').encode("utf-8")
    assert latin.read_bytes() == ('<meta charset="iso-8859-1">' + body.replace('">x', '" rel="sponsored">x')).encode("latin-1")


def test_fix_refuses_a_file_that_changed_since_it_was_read(tmp_path):
    from disclosurelint.fix import FixError, write_atomically

    page = tmp_path / "p.html"
    page.write_bytes(b"new content")
    try:
        write_atomically(str(page), b"old content", b"fixed")
    except FixError as e:
        assert "changed since it was read" in str(e)
    else:
        raise AssertionError("wrote over a file that changed")
    assert page.read_bytes() == b"new content"
