"""Hostile servers and sitemaps (issue 14, the network items): each test here failed before
its fix. Every server is a real one on 127.0.0.1 (tests/webserver.py); no URL in this file has
a host outside 127.0.0.0/8, and names that must resolve go through a resolver override that
maps them to 127.0.0.1.
"""

from __future__ import annotations

import gzip
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest

from helpers import json_findings, run_cli
from webserver import TINY_PAGE, Site, running

# A page whose only finding is near its end: a body cut short loses it.
LONG_PAGE = (b"<html><body>" + b"<p>Filler paragraph about blenders.</p>\n" * 2000
             + b"<p>Updated: [TBD]</p></body></html>\n")


class HostileSite(Site):
    """The project's test site plus routes that misbehave on purpose."""

    def route(self, handler) -> None:
        parts = urlsplit(handler.path)
        path, query = parts.path, parse_qs(parts.query)
        if path in ("/cut/gzip", "/cut/deflate"):
            encoding = path.rsplit("/", 1)[1]
            whole = gzip.compress(LONG_PAGE, mtime=0) if encoding == "gzip" else zlib.compress(LONG_PAGE)
            return handler.send(200, whole[: len(whole) // 2], "text/html", {"Content-Encoding": encoding})
        if path == "/whole/deflate":
            return handler.send(200, zlib.compress(LONG_PAGE), "text/html", {"Content-Encoding": "deflate"})
        if path == "/empty/gzip":
            return handler.send(200, b"", "text/html", {"Content-Encoding": "gzip"})
        del query
        return super().route(handler)


@pytest.fixture(scope="module")
def hostile():
    with running(HostileSite) as site:
        yield site


@pytest.fixture
def cwd(tmp_path):
    return tmp_path


def dl001(proc) -> dict[str, str]:
    """path -> message of each DL001 finding of a --format json run."""
    return {f["path"]: f["message"] for f in json_findings(proc) if f["code"] == "DL001"}


# -- R18: a compressed body cut short is an input error, not a page ----------------------------


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_truncated_compressed_body_is_a_dl001(hostile, cwd, encoding):
    url = hostile.url(f"/cut/{encoding}")
    proc = run_cli("--format", "json", url, cwd=cwd)
    assert proc.returncode == 2, proc.stdout
    assert f"truncated {encoding} body (the compressed stream stops before its end)" in dl001(proc)[url]


def test_whole_and_empty_compressed_bodies_are_pages(hostile, cwd):
    whole, empty = hostile.url("/whole/deflate"), hostile.url("/empty/gzip")
    proc = run_cli("--format", "json", whole, empty, cwd=cwd)
    assert [(f["path"], f["code"]) for f in json_findings(proc)] == [(whole, "DL201")]
    assert proc.returncode == 1, proc.stdout


def test_a_cut_gzip_sitemap_file_is_refused_and_a_whole_one_read(cwd):
    from disclosurelint.web import FetchError, inflate

    whole = gzip.compress(LONG_PAGE, mtime=0)
    assert inflate(whole, 1 << 20) == LONG_PAGE
    with pytest.raises(FetchError, match="truncated gzip body"):
        inflate(whole[: len(whole) // 2], 1 << 20)
