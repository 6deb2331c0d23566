"""Issue 14, input and output: decoding, escaping what we print, file names, signals, --fix
safety, configuration and baseline files, option values.

Each test names the item (R1 ...) it guards; each failed on the code before its fix. The
command line runs for real (`python -m disclosurelint`); served pages come from an HTTP server
on 127.0.0.1 started here.
"""

from __future__ import annotations

import json
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from disclosurelint import decoding, sources, web
from disclosurelint.decoding import InputError
from helpers import json_findings, run_cli

PLACEHOLDER_PAGE = b"<p>first [TBD]</p>\n"


def _dl201_paths(proc) -> list[str]:
    return [f["path"] for f in json_findings(proc) if f["code"] == "DL201"]


# -- a small server for served pages -----------------------------------------------------------
class _Pages(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: dict[str, tuple[bytes, str]] = {}

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        body, ctype = self.routes.get(self.path, (b"not found", "text/plain"))
        self.send_response(200 if self.path in self.routes else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # noqa: A002
        pass


@pytest.fixture
def serve():
    """serve({path: (body, content type)}) -> base URL of a server on 127.0.0.1."""
    servers = []

    def start(routes):
        handler = type("Pages", (_Pages,), {"routes": routes})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


# -- R1, R17, R25a: decoding as browsers do ---------------------------------------------------
def test_r1_unknown_meta_charset_is_ignored_as_browsers_do_and_the_run_goes_on(tmp_path):
    (tmp_path / "a.html").write_bytes(PLACEHOLDER_PAGE)
    (tmp_path / "b.html").write_bytes(b'<meta charset="undefined"><p>caf\xe9 [TBD]</p>\n')
    (tmp_path / "c.html").write_bytes(PLACEHOLDER_PAGE)
    proc = run_cli("-j1", "--format", "json", "--select", "DL201", "a.html", "b.html", "c.html", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert _dl201_paths(proc) == ["a.html", "b.html", "c.html"]
    assert decoding.decode(b'<meta charset="undefined"><p>caf\xe9</p>').text.endswith("caf\u00e9</p>")


def test_r1_unknown_served_charset_is_ignored_and_the_crawl_goes_on(tmp_path, serve):
    page = b"<html><body><p>Updated: [TBD]</p></body></html>"
    base = serve({"/p1": (page, "text/html"), "/evil": (page, "text/html; charset=undefined"),
                  "/rot": (page, "text/html; charset=rot13"), "/p2": (page, "text/html")})
    proc = run_cli("--format", "json", "--select", "DL201", *(base + p for p in ("/p1", "/evil", "/rot", "/p2")), cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert _dl201_paths(proc) == [base + p for p in ("/p1", "/evil", "/rot", "/p2")]


@pytest.mark.parametrize("label", ["undefined", "rot13", "base64", "zlib", "unicode_escape", "utf-7", "mbcs", "hex", ""])
def test_r1_python_codec_names_that_are_no_web_label_are_ignored(label):
    data = b"<p>caf\xe9 \x93q\x94</p>"
    assert decoding.decode(data, f"text/html; charset={label}").text == "<p>caf\u00e9 \u201cq\u201d</p>"
    meta = b'<meta charset="' + label.encode() + b'">' + data
    assert decoding.decode(meta).text.endswith("<p>caf\u00e9 \u201cq\u201d</p>")


def test_r1_labels_are_the_encoding_standards():
    latin = b"<p>\x93quoted\x94 caf\xe9 \x81</p>"
    for label in ("iso-8859-1", "ISO_8859-1:1987", "us-ascii", "latin1", " windows-1252 "):
        assert decoding.decode(latin, f"text/html; charset={label}").text == "<p>\u201cquoted\u201d caf\u00e9 \x81</p>"
    assert decoding.decode("日本".encode("shift_jis"), "text/html; charset=x-sjis").text == "日本"
    assert decoding.decode(b"a\xff\xfeb", "text/html; charset=utf-8").text == "a\ufffd\ufffdb"  # replaced, as browsers do
    assert decoding.decode(b"\xa4", "text/plain; charset=x-user-defined").text == "\uf7a4"


@pytest.mark.parametrize("where", ["header", "meta"])
def test_r1_a_replacement_label_is_one_dl001(tmp_path, serve, where):
    data = b"<p>x [TBD]\xff</p>"
    with pytest.raises(InputError, match="iso-2022-kr.*UTF-8"):
        if where == "header":
            decoding.decode(data, "text/html; charset=iso-2022-kr")
        else:
            decoding.decode(b'<meta charset="iso-2022-kr">' + data)
    base = serve({"/kr": (data, "text/html; charset=iso-2022-kr"), "/ok": (PLACEHOLDER_PAGE, "text/html")})
    proc = run_cli("--format", "json", "--select", "DL201", base + "/kr", base + "/ok", cwd=tmp_path)
    found = json_findings(proc)
    assert [(f["path"], f["code"]) for f in found] == [(base + "/kr", "DL001"), (base + "/ok", "DL201")]
    assert proc.returncode == 2


def test_r17_meta_utf16_on_a_page_that_is_not_utf16_means_utf8(tmp_path):
    for name, data in (("even.html", b'<meta charset="utf-16"><p>caf\xe9 [TBD]</p>'),
                       ("odd.html", b'<meta charset="utf-16"><p>caf\xe9 [TBD]</p>\n'),
                       ("be.html", b'<meta charset="UTF-16BE"><p>caf\xe9 [TBD]</p>')):
        (tmp_path / name).write_bytes(data)
    proc = run_cli("-j1", "--format", "json", "--select", "DL201", "even.html", "odd.html", "be.html", cwd=tmp_path)
    assert _dl201_paths(proc) == ["even.html", "odd.html", "be.html"]
    assert decoding.decode(b'<meta charset="utf-16"><p>caf\xe9</p>').encoding == "utf-8"


def test_r17_a_served_utf16_charset_is_still_utf16():
    """Only a <meta> cannot mean UTF-16; a header can (and a BOM outranks both)."""
    text = "<p>caf\u00e9</p>"
    assert decoding.decode(text.encode("utf-16-le"), "text/html; charset=utf-16").text == text
    assert decoding.decode(text.encode("utf-16-be"), "text/html; charset=utf-16be").text == text
    assert decoding.decode(b"\xff\xfe" + text.encode("utf-16-le"), "text/html; charset=utf-8").text == text


def test_r25a_random_bytes_without_nul_are_binary(tmp_path):
    rng = random.Random(1)
    blob = bytes(b for b in (rng.randrange(256) for _ in range(40000)) if b)
    (tmp_path / "photo.html").write_bytes(blob)
    (tmp_path / "good.html").write_bytes(PLACEHOLDER_PAGE)
    proc = run_cli("-j1", "--format", "json", "--select", "DL201", "photo.html", "good.html", cwd=tmp_path)
    found = json_findings(proc)
    assert [(f["path"], f["code"]) for f in found] == [("photo.html", "DL001"), ("good.html", "DL201")]
    assert "binary data" in found[0]["message"] and "not HTML or Markdown" in found[0]["message"]
    assert proc.returncode == 2


def test_r25a_text_with_a_few_controls_is_still_text():
    page = "<p>We earn \x1b[31m a commission \x07\x08\x0b\x0c.</p>" + "\x01" + "<p>ok</p>" * 10
    assert decoding.decode(page.encode()).text == page


def test_utf32_is_refused_with_what_to_do():
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be")):
        with pytest.raises(InputError, match="UTF-32.*save it as UTF-8"):
            decoding.decode(bom + "<p>x</p>".encode(codec))


@pytest.mark.parametrize("data", [
    b"<p>caf\xc3\xa9</p>",
    b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>\xcf\xf0\xe8</p>',
    b'<!-- <meta charset="koi8-r"> --><meta charset="iso-8859-2"><p>\xb1</p>',
    b'<?xml version="1.0" encoding="iso-8859-7"?><html><p>\xe1</p></html>',
    b"\xef\xbb\xbf<p>x</p>",
])
def test_one_decoding_function_for_files_and_served_pages(data):
    expected = decoding.decode(data).text
    assert sources.decode(data) == expected
    assert web.decode(data, None) == expected
    assert web.decode(data, "no-such-label") == expected


def test_prescan_reads_the_meta_tag_and_skips_comments():
    assert decoding.decode(b'<!-- <meta charset="koi8-r"> --><meta charset="iso-8859-2"><p>\xb1</p>').text.endswith("\u0105</p>")
    assert decoding.decode(b'<meta http-equiv="content-type" content="text/html; charset=windows-1251"><p>\xcf</p>').encoding == "windows-1251"
    assert decoding.decode(b'<meta name="x" content="charset=koi8-r"><p>\xe9</p>').encoding == "windows-1252"
