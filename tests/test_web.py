"""URLs and sitemaps as sources: a page gives the same findings from the web as from disk.

Every test here talks to a real HTTP server on 127.0.0.1 (tests/webserver.py); nothing in
the network layer is mocked. Each failed fetch is one DL001 finding whose path is the URL and
whose message names the reason; the run goes on and exits 2.
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import socket
import subprocess
import sys
import tempfile
import time

import pytest

import disclosurelint
from disclosurelint.config import from_mapping
from disclosurelint.sources import discover
from disclosurelint.web import FetchOptions, Fetcher, decode, reason

from helpers import CORPUS_DEV, json_findings, run_cli
from webserver import LATIN1_PAGE, SEED, TINY_PAGE, dev_pages, site  # noqa: F401 (site is a fixture)


def _key(f: dict) -> tuple:
    return (f["code"], f["line"], f["column"], f["end_line"], f["end_column"], f["severity"], f["message"])


def by_path(findings: list[dict]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for f in findings:
        out.setdefault(f["path"], []).append(_key(f))
    return out


def dl001(findings: list[dict]) -> dict[str, str]:
    """path -> message of each DL001 finding (asserting there is one per path)."""
    found = [(f["path"], f["message"]) for f in findings if f["code"] == "DL001"]
    paths = [p for p, _ in found]
    assert len(paths) == len(set(paths)), found
    return dict(found)


@pytest.fixture
def cwd(tmp_path):
    """A folder with no configuration file above it that could change the findings."""
    return tmp_path


@pytest.fixture(scope="module")
def file_mode(tmp_path_factory):
    """Findings for every dev page linted from disk, by file name."""
    proc = run_cli("--format", "json", *[CORPUS_DEV / n for n in dev_pages()], cwd=tmp_path_factory.mktemp("files"))
    assert proc.returncode in (0, 1), proc.stderr
    found = by_path(json_findings(proc))
    return {name: found.get(str(CORPUS_DEV / name), []) for name in dev_pages()}, proc.returncode


# -- the same findings from the web as from disk ---------------------------------------------


def test_every_dev_page_gives_the_same_findings_from_its_url(site, cwd, file_mode):
    expected, code = file_mode
    urls = [site.url(f"/dev/{n}") for n in dev_pages()]
    proc = run_cli("--format", "json", *urls, cwd=cwd)
    assert proc.returncode == code, proc.stderr
    found = json_findings(proc)
    assert [f["path"] for f in found] == sorted((f["path"] for f in found), key=urls.index), "output in argument order"
    got = by_path(found)
    for name in dev_pages():
        assert got.get(site.url(f"/dev/{name}"), []) == expected[name], name
    assert sum(len(v) for v in expected.values()) > 50  # the corpus does produce findings
    assert not any(f["code"] == "DL001" for f in found)


def test_a_sitemap_index_of_two_gzipped_sitemaps_lints_every_dev_page_once(site, cwd, file_mode):
    expected, code = file_mode
    site.reset()
    proc = run_cli("--format", "json", "--sitemap", site.url("/sitemap.xml"), cwd=cwd)
    assert proc.returncode == code, proc.stderr
    got = by_path(json_findings(proc))
    for name in dev_pages():
        assert got.get(site.url(f"/dev/{name}"), []) == expected[name], name
    requested = site.paths()
    assert sorted(p for p in requested if p.startswith("/dev/")) == sorted(f"/dev/{n}" for n in dev_pages())
    assert {"/sitemap.xml", "/sitemaps/html.xml.gz", "/sitemaps/markdown.xml.gz"} <= set(requested)
    # Output follows the sitemaps' order: the HTML sitemap first, then the Markdown one.
    paths = list(dict.fromkeys(f["path"] for f in json_findings(proc)))
    assert paths == sorted(paths, key=lambda u: (not u.endswith(".html"), dev_pages().index(u.rsplit("/", 1)[1])))


@pytest.mark.parametrize("route", ["/plain/{}", "/nocharset/{}", "/notype/{}"])
def test_content_type_variants_give_the_file_findings(site, cwd, file_mode, route):
    expected, _ = file_mode
    names = [n for n in dev_pages() if n.endswith(".md")] if route.startswith("/plain") else ["seed-advertorial.html", "seed-advertorial.md"]
    urls = [site.url(route.format(n)) for n in names]
    proc = run_cli("--format", "json", *urls, cwd=cwd)
    got = by_path(json_findings(proc))
    for name, url in zip(names, urls):
        assert got.get(url, []) == expected[name], url


def test_a_redirected_page_is_reported_under_the_url_given(site, cwd, file_mode):
    expected, _ = file_mode
    site.reset()
    url = site.url("/redirect/3")
    proc = run_cli("--format", "json", url, cwd=cwd)
    assert by_path(json_findings(proc)) == {url: expected[SEED]}
    assert site.paths() == ["/redirect/3", "/redirect/2", "/redirect/1", f"/dev/{SEED}"]


def test_urls_and_paths_mix_in_argument_order(site, cwd):
    (cwd / "page.html").write_text("<p>Price: [TBD]</p>\n", encoding="utf-8")
    url = site.url("/tiny/1.html")
    proc = run_cli("--format", "json", "page.html", url, site.url("/error500"), "page.html", cwd=cwd)
    assert proc.returncode == 2
    assert [(f["path"], f["code"]) for f in json_findings(proc)] == [
        ("page.html", "DL201"), (url, "DL201"), (site.url("/error500"), "DL001"), ("page.html", "DL201"),
    ]


def test_a_latin1_page_declared_only_in_the_header(site, cwd):
    url = site.url("/latin1")
    proc = run_cli("--format", "json", "--select", "DL201", url, cwd=cwd)
    (finding,) = json_findings(proc)
    line = LATIN1_PAGE.decode("latin-1").splitlines()[1]
    assert (finding["line"], finding["column"]) == (2, line.index("[TBD]") + 1)  # characters, not bytes
    assert finding["path"] == url
    assert decode(LATIN1_PAGE, "iso-8859-1") == LATIN1_PAGE.decode("latin-1")
    assert "Caf\u00e9" in decode(LATIN1_PAGE, "iso-8859-1")


def test_decode_prefers_the_header_then_falls_back_to_what_a_file_gets():
    utf8 = "<p>caf\u00e9</p>".encode()
    assert decode(utf8, "utf-8") == "<p>caf\u00e9</p>"
    assert decode(utf8, None) == "<p>caf\u00e9</p>"
    assert decode(utf8, "no-such-charset") == "<p>caf\u00e9</p>"  # unknown label: sniffed like a file
    assert decode(b"\xef\xbb\xbf<p>x</p>", "iso-8859-1") == "<p>x</p>"  # a BOM outranks the header
    meta = b'<meta charset="windows-1252"><p>caf\xe9 \x93quoted\x94</p>'
    assert decode(meta, None).endswith("caf\u00e9 \u201cquoted\u201d</p>")


# -- each failure is one DL001 naming the URL and the reason; the run goes on ----------------


def test_every_failure_is_one_dl001_and_the_crawl_goes_on(site, cwd, file_mode):
    expected, _ = file_mode
    site.reset()
    start = time.monotonic()
    proc = run_cli("--format", "json", "--timeout", "1", "--sitemap", site.url("/failures-sitemap.xml"), cwd=cwd)
    assert time.monotonic() - start < 20
    assert proc.returncode == 2, proc.stderr
    found = json_findings(proc)
    errors = dl001(found)
    for route, why in site.failures().items():
        url = site.url(route)
        assert url in errors, (url, errors)
        assert errors[url].startswith(f"{url}: ") and why in errors[url], errors[url]
    assert len(errors) == len(site.failures())
    assert by_path(found)[site.url(f"/dev/{SEED}")] == expected[SEED]  # the good page after them
    assert "Traceback" not in proc.stderr


def test_robots_txt_disallowed_pages_are_skipped_with_a_note(site, cwd):
    site.reset()
    proc = run_cli("--format", "json", "--sitemap", site.url("/failures-sitemap.xml"), "--sitemap-include", "private|/dev/", cwd=cwd)
    private = site.url("/private/page.html")
    assert private not in {f["path"] for f in json_findings(proc)}
    assert f"{private}: skipped (disallowed by robots.txt)" in proc.stderr
    assert "/private/page.html" not in site.paths()
    assert site.paths().count("/robots.txt") == 1

    proc = run_cli("--format", "json", "-q", "--sitemap", site.url("/failures-sitemap.xml"), "--sitemap-include", "private", cwd=cwd)
    assert proc.stderr == "" and json_findings(proc) == []  # --quiet: no note either

    proc = run_cli("--format", "json", "--ignore-robots", "--sitemap", site.url("/failures-sitemap.xml"), "--sitemap-include", "private", cwd=cwd)
    assert [f["path"] for f in json_findings(proc) if f["code"] == "DL201"] == [private]


def test_robots_txt_does_not_apply_to_a_url_named_on_the_command_line(site, cwd):
    private = site.url("/private/page.html")
    proc = run_cli("--format", "json", private, cwd=cwd)
    assert [f["code"] for f in json_findings(proc)] == ["DL201"]


def test_a_slow_page_times_out_and_so_does_one_that_trickles(site, cwd):
    start = time.monotonic()
    slow, trickle = site.url("/slow?seconds=3"), site.url("/trickle?seconds=4")
    proc = run_cli("--format", "json", "--timeout", "0.5", slow, trickle, cwd=cwd)
    elapsed = time.monotonic() - start
    errors = dl001(json_findings(proc))
    assert "timed out after 0.5 s" in errors[slow]
    assert "timed out after 0.5 s" in errors[trickle]  # the total deadline, not per read
    assert elapsed < 3.5, elapsed
    assert proc.returncode == 2


def test_the_deadline_is_total_when_headers_come_late_and_the_body_stalls(site):
    url = site.url("/stall?head=1.5&stall=6")
    with Fetcher(FetchOptions(timeout=2)) as fetcher:
        start = time.monotonic()
        page = fetcher.fetch(url)
        elapsed = time.monotonic() - start  # in this process: no interpreter start-up counted
    assert page.error == "timed out after 2 s"
    assert elapsed < 3.5, elapsed  # not 1.5 s + a second full read timeout (7.5 s)


def test_the_size_cap_applies_after_decompression_and_a_gzip_bomb_stays_small(site, cwd):
    url = site.url("/bomb?mib=128")  # 128 KiB on the wire, 128 MiB inflated
    code, peak_kib, out = _measured_run(["--format", "json", "--max-bytes", "64K", url], cwd)
    assert code == 2
    data = json.loads(out)
    assert [(f["path"], f["code"]) for f in data] == [(url, "DL001")]
    assert "over the 64 KiB size cap once decompressed" in data[0]["message"]
    assert peak_kib < 100 * 1024, peak_kib  # the whole bomb would be 128 MiB


def test_a_plain_body_over_the_cap_is_refused_without_reading_it(site, cwd):
    url = site.url(f"/dev/{SEED}")
    proc = run_cli("--format", "json", "--no-compression", "--max-bytes", "1K", url, cwd=cwd)
    (finding,) = json_findings(proc)
    assert finding["code"] == "DL001" and "size cap" in finding["message"] and "1 KiB" in finding["message"]


def test_tls_and_connection_errors_name_the_reason(site, cwd):
    tls = site.url("/tiny/1.html").replace("http://", "https://")  # TLS to a plain HTTP server
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/page.html"  # nothing listens there
    proc = run_cli("--format", "json", tls, closed, site.url("/tiny/2.html"), cwd=cwd)
    assert proc.returncode == 2
    errors = dl001(json_findings(proc))
    assert "TLS" in errors[tls], errors[tls]
    assert "connection refused" in errors[closed], errors[closed]
    assert site.url("/tiny/2.html") not in errors


def test_a_dns_failure_is_named_as_such():
    # No lookup is made here (tests only talk to 127.0.0.1): the error an httpx ConnectError
    # wraps for an unknown host is built by hand and the message read from it.
    import httpx

    try:
        try:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        except socket.gaierror as e:
            raise httpx.ConnectError(str(e)) from e
    except httpx.ConnectError as e:
        assert reason(e) == "DNS lookup failed (Name or service not known)"


def test_file_urls_are_refused_as_arguments_and_as_redirect_targets(site, cwd):
    proc = run_cli("--format", "json", "file:///etc/passwd", site.url("/to-file"), cwd=cwd)
    errors = dl001(json_findings(proc))
    assert "only http:// and https:// URLs are fetched" in errors["file:///etc/passwd"]
    assert "redirect to a file: URL, which is not fetched" in errors[site.url("/to-file")]
    assert "root:" not in proc.stdout


def test_fixes_are_not_applied_to_urls(site, cwd):
    page = site.url("/dev/handwritten-lisbon-itinerary.html")  # has DL106 findings, which offer fixes
    for flag in ("--fix", "--diff"):
        proc = run_cli(flag, "--select", "DL106", page, cwd=cwd)
        assert "Traceback" not in proc.stderr
        assert f"{page}: fixes are not applied to URLs" in proc.stderr, proc.stderr
        assert "@@" not in proc.stdout  # no diff printed for a URL


# -- sitemaps --------------------------------------------------------------------------------


def test_xxe_sitemap_reads_no_file_and_makes_no_request(site, cwd):
    site.reset()
    proc = run_cli("--format", "json", "--sitemap", site.url("/xxe-sitemap.xml"), cwd=cwd)
    assert "TOP-SECRET" not in proc.stdout + proc.stderr
    assert "LEAKED" not in proc.stdout + proc.stderr
    assert not [p for p in site.paths() if p.startswith("/evil")]
    found = json_findings(proc)
    errors = [f["message"] for f in found if f["code"] == "DL001"]
    assert len(errors) == 2 and all("entity reference, which is not expanded" in m for m in errors), errors
    assert [f["path"] for f in found if f["code"] == "DL201"] == [site.url("/tiny/xxe-ok.html")]
    assert not any("/tiny/TOP" in p for p in site.paths())


def test_billion_laughs_sitemap_is_refused_quickly(site, cwd):
    start = time.monotonic()
    proc = run_cli("--format", "json", "--sitemap", site.url("/laughs-sitemap.xml"), cwd=cwd)
    assert time.monotonic() - start < 10
    (finding,) = json_findings(proc)
    assert finding["code"] == "DL001" and "not well-formed XML" in finding["message"]
    assert finding["path"] == site.url("/laughs-sitemap.xml")


def test_a_gzipped_sitemap_bomb_stops_at_the_sitemap_limit(site, cwd):
    proc = run_cli("--format", "json", "--sitemap", site.url("/bomb-sitemap.xml.gz"), cwd=cwd)
    (finding,) = json_findings(proc)
    assert "over the 50 MiB size cap once decompressed" in finding["message"]


def test_broken_sitemaps_are_one_dl001_each(site, cwd, tmp_path):
    missing = tmp_path / "no-such-sitemap.xml"
    proc = run_cli(
        "--format", "json",
        "--sitemap", site.url("/notasitemap.xml"),
        "--sitemap", site.url("/error500"),
        "--sitemap", site.url("/file-entry-sitemap.xml"),
        "--sitemap", missing,
        "--sitemap", "file:///etc/passwd",
        cwd=cwd,
    )
    assert proc.returncode == 2
    found = json_findings(proc)
    messages = [(f["path"], f["message"]) for f in found if f["code"] == "DL001"]
    assert messages == [
        (site.url("/notasitemap.xml"), f"{site.url('/notasitemap.xml')}: sitemap: not a sitemap (the root element is <rss>, not <urlset> or <sitemapindex>)"),
        (site.url("/error500"), f"{site.url('/error500')}: sitemap: HTTP 500 Internal Server Error"),
        (site.url("/file-entry-sitemap.xml"), f"{site.url('/file-entry-sitemap.xml')}: sitemap entry 1: 'file:///etc/passwd' is not an http(s) URL"),
        (str(missing), f"{missing}: sitemap: no such file"),
        ("file:///etc/passwd", "file:///etc/passwd: sitemap: only http:// and https:// sitemaps are fetched; give a local sitemap as a path"),
    ]
    assert [f["path"] for f in found if f["code"] == "DL201"] == [site.url("/tiny/after-file.html")]


def test_sitemap_indexes_are_followed_to_a_depth_limit(site, cwd):
    proc = run_cli("--format", "json", "--sitemap", site.url("/deep/0.xml"), cwd=cwd)
    (finding,) = json_findings(proc)
    assert finding["path"] == site.url("/deep/4.xml")
    assert "nested more than 3 levels deep" in finding["message"]

    proc = run_cli("--format", "json", "--sitemap", site.url("/deep/0.xml"), "--sitemap-depth", "5", cwd=cwd)
    assert [(f["path"], f["code"]) for f in json_findings(proc)] == [(site.url("/tiny/deep.html"), "DL201")]


def test_a_sitemap_index_that_lists_itself_ends(site, cwd):
    site.reset()
    proc = run_cli("--format", "json", "--sitemap", site.url("/self-index.xml"), cwd=cwd)
    assert proc.returncode == 1
    assert [f["path"] for f in json_findings(proc)] == [site.url("/tiny/0.html"), site.url("/tiny/1.html")]
    assert site.paths().count("/self-index.xml") == 1


def test_include_exclude_and_max_pages(site, cwd):
    big = site.url("/big-sitemap.xml?n=40")

    def linted(*args):
        proc = run_cli("--format", "json", "--select", "DL201", "--sitemap", big, *args, cwd=cwd)
        return [f["path"].rsplit("/", 1)[1] for f in json_findings(proc)]

    assert linted("--sitemap-include", r"/1\d?\.html$") == ["1.html"] + [f"{i}.html" for i in range(10, 20)]
    assert linted("--sitemap-include", r"/1\d?\.html$", "--sitemap-exclude", r"/1[5-9]\.html$") == ["1.html"] + [f"{i}.html" for i in range(10, 15)]
    assert linted("--max-pages", "7") == [f"{i}.html" for i in range(7)]
    site.reset()
    assert linted("--max-pages", "3", "--sitemap-exclude", r"/0\.html$") == ["1.html", "2.html", "3.html"]
    assert sorted(p for p in site.paths() if p.startswith("/tiny/")) == ["/tiny/1.html", "/tiny/2.html", "/tiny/3.html"]


def test_a_page_listed_twice_is_linted_once(site, cwd):
    proc = run_cli("--format", "json", "--sitemap", site.url("/big-sitemap.xml?n=3"), "--sitemap", site.url("/big-sitemap.xml?n=4"), cwd=cwd)
    assert [f["path"].rsplit("/", 1)[1] for f in json_findings(proc)] == ["0.html", "1.html", "2.html", "3.html"]


def test_local_sitemap_files_plain_and_gzipped(site, cwd):
    urls = [site.url(f"/tiny/local-{i}.html") for i in range(3)]
    xml = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>")
    (cwd / "sitemap.xml").write_text(xml)
    (cwd / "sitemap.xml.gz").write_bytes(gzip.compress(xml.replace("local-", "gz-").encode()))
    (cwd / "sitemap.txt").write_text("\n".join(u.replace("local-", "txt-") for u in urls) + "\n")
    # The pages are on 127.0.0.1 and no URL given is: private addresses must be allowed.
    proc = run_cli("--format", "json", "--allow-private-addresses", "--sitemap", "sitemap.xml", "--sitemap", "sitemap.xml.gz", "--sitemap", "sitemap.txt", cwd=cwd)
    paths = [f["path"].rsplit("/", 1)[1] for f in json_findings(proc)]
    assert paths == [f"{kind}-{i}.html" for kind in ("local", "gz", "txt") for i in range(3)]
    assert proc.returncode == 1


# -- the client: headers, concurrency, politeness ---------------------------------------------


def test_user_agent_and_accept_encoding(site, cwd):
    site.reset()
    run_cli(site.url("/tiny/ua.html"), cwd=cwd)
    (headers,) = [h for p, h in site.requests if p == "/tiny/ua.html"]
    assert headers["User-Agent"].startswith(f"disclosurelint/{disclosurelint.__version__}")
    assert headers["Accept-Encoding"] == "gzip, deflate"
    site.reset()
    run_cli("--user-agent", "ComplianceBot/2.0", "--no-compression", site.url("/tiny/ua.html"), cwd=cwd)
    (headers,) = [h for p, h in site.requests if p == "/tiny/ua.html"]
    assert headers["User-Agent"] == "ComplianceBot/2.0"
    assert headers["Accept-Encoding"] == "identity"


def test_concurrency_is_bounded_and_output_keeps_input_order(site, cwd):
    urls = [site.url(f"/concurrent/{i}.html") for i in range(12)]
    site.reset()
    start = time.monotonic()
    proc = run_cli("--format", "json", "--select", "DL201", "--concurrency", "3", *urls, cwd=cwd)
    elapsed = time.monotonic() - start
    assert [f["path"] for f in json_findings(proc)] == urls
    assert 2 <= site.max_in_flight <= 3, site.max_in_flight
    assert elapsed < 12 * 0.2 + 1.5  # concurrent, not one after another


def test_politeness_delay_spaces_requests_to_one_host(site, cwd):
    urls = [site.url(f"/tiny/polite-{i}.html") for i in range(4)]
    site.reset()
    proc = run_cli("--format", "json", "--delay", "0.3", "--concurrency", "4", *urls, cwd=cwd)
    assert len(json_findings(proc)) == 4
    starts = sorted(t for p, t in site.started if p.startswith("/tiny/polite-"))
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert all(g >= 0.25 for g in gaps), gaps


def test_fetch_options_come_from_the_configuration(site, cwd):
    (cwd / ".disclosurelint.toml").write_text(
        'max-bytes = "32K"\nuser-agent = "ConfiguredBot/1"\ntimeout = 0.5\nmax-redirects = 1\n'
        'sitemap-exclude = ["/tiny/1"]\nmax-pages = 2\n'
    )
    site.reset()
    proc = run_cli("--format", "json", site.url("/bomb?mib=1"), site.url("/slow?seconds=2"), site.url("/redirect/2"), cwd=cwd)
    errors = dl001(json_findings(proc))
    assert "32 KiB size cap" in errors[site.url("/bomb?mib=1")]
    assert "timed out after 0.5 s" in errors[site.url("/slow?seconds=2")]
    assert "more than 1 redirect" in errors[site.url("/redirect/2")]
    assert all(h["User-Agent"] == "ConfiguredBot/1" for _, h in site.requests)
    proc = run_cli("--format", "json", "--sitemap", site.url("/big-sitemap.xml?n=5"), cwd=cwd)
    assert [f["path"].rsplit("/", 1)[1] for f in json_findings(proc)] == ["0.html", "2.html"]
    # The command line wins over the file.
    proc = run_cli("--format", "json", "--max-bytes", "10M", site.url("/bomb?mib=1"), cwd=cwd)
    (finding,) = json_findings(proc)
    assert "binary file" in finding["message"]  # fetched whole this time: a megabyte of NUL bytes


@pytest.mark.parametrize(
    "text, key",
    [
        ("timeout = 0\n", "timeout"),
        ('max-bytes = "lots"\n', "max-bytes"),
        ("concurrency = 0\n", "concurrency"),
        ('sitemap-include = ["("]\n', "sitemap-include"),
        ('ignore-robots = "yes"\n', "ignore-robots"),
    ],
)
def test_bad_fetch_keys_name_the_file_and_key(cwd, text, key):
    (cwd / ".disclosurelint.toml").write_text(text)
    proc = run_cli("http://127.0.0.1:9/x", cwd=cwd)
    assert proc.returncode == 2
    assert ".disclosurelint.toml" in proc.stderr and f"key '{key}'" in proc.stderr, proc.stderr


def test_bad_options_are_usage_errors(cwd):
    for args in (["--max-bytes", "lots"], ["--sitemap-include", "("], ["--concurrency", "0"], ["--timeout", "0"]):
        proc = run_cli(*args, "--sitemap", "x.xml", cwd=cwd)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, (args, proc.stderr)


# -- progress bar -----------------------------------------------------------------------------


def test_progress_bar_only_on_a_terminal(site, cwd):
    import pty

    args = [sys.executable, "-m", "disclosurelint", "--format", "json", "--sitemap", site.url("/big-sitemap.xml?n=300")]
    master, slave = pty.openpty()
    with tempfile.TemporaryFile() as out:
        try:
            proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=slave)
            os.close(slave)
            chunks = []
            while True:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child has closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            proc.wait(timeout=60)
        finally:
            os.close(master)
        out.seek(0)
        assert len(json.loads(out.read())) == 300
    shown = b"".join(chunks).decode()
    assert "pages linted" in shown and "\r" in shown, shown

    proc = run_cli("--format", "json", "--sitemap", site.url("/big-sitemap.xml?n=30"), cwd=cwd)
    assert proc.stderr == ""  # not a terminal: quiet


# -- memory stays flat on a large sitemap ------------------------------------------------------


# Runs the CLI and reports the process's own peak memory. VmHWM belongs to the process's
# address space and starts afresh at exec; ru_maxrss (getrusage, wait4) does not: Linux
# carries the parent's high-water mark across fork and exec, so a pytest process that
# grew in an earlier test would make every child look as large.
_PEAK_WRAPPER = """
import sys
from disclosurelint.cli import main
try:
    main(sys.argv[2:], prog_name="disclosurelint")
except SystemExit as e:
    code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
else:
    code = 0
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0].split()[1]
open(sys.argv[1], "w").write(hwm)
sys.exit(code)
"""


def _measured_run(args, cwd) -> tuple[int, int, bytes]:
    """(exit code, peak resident memory in KiB, standard output) of one run of the command."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as peak:
        proc = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, peak.name, *args], cwd=cwd,
                              stdout=out, stderr=subprocess.DEVNULL)
        out.seek(0)
        return proc.returncode, int(peak.read() or 0), out.read()


def test_memory_stays_flat_on_a_5000_url_sitemap(site, cwd):
    site.reset()
    code_small, small, _ = _measured_run(["--format", "json", "--sitemap", site.url("/big-sitemap.xml?n=500")], cwd)
    code_big, big, _ = _measured_run(["--format", "json", "--sitemap", site.url("/big-sitemap.xml?n=5000")], cwd)
    assert code_small == code_big == 1
    assert sum(1 for p in site.paths() if p.startswith("/tiny/")) == 5500
    assert big <= small * 1.3, (small, big)


# -- the library API ---------------------------------------------------------------------------


def test_lint_source_is_exported_pure_and_picklable(site):
    from disclosurelint import lint_source

    with Fetcher(FetchOptions()) as fetcher:
        page = fetcher.fetch(site.url(f"/dev/{SEED}"))
    assert page.error is None and page.fmt == "html" and page.charset == "utf-8"
    data = (CORPUS_DEV / SEED).read_bytes()
    assert page.data == data
    from_web = lint_source(decode(page.data, page.charset), path=page.url, format=page.fmt)
    from_disk = lint_source(data, path=str(CORPUS_DEV / SEED))
    assert [(f.code, f.line, f.column) for f in from_web] == [(f.code, f.line, f.column) for f in from_disk]
    assert lint_source(data, path="a.html") == lint_source(data, path="a.html")
    assert pickle.loads(pickle.dumps(lint_source)) is lint_source
    assert pickle.loads(pickle.dumps(from_web)) == from_web
    config = from_mapping({"select": ["DL201"]}, None, "test")
    assert pickle.loads(pickle.dumps(config)) == config


def _lint_page(page):
    from disclosurelint import lint_source

    return lint_source(page[1], path=page[0])


def test_the_dask_recipe_from_the_readme():
    bag = pytest.importorskip("dask.bag")
    from disclosurelint import lint_source

    pages = [(f"https://example.test/{n}", (CORPUS_DEV / n).read_bytes()) for n in dev_pages()[:6]]
    findings = bag.from_sequence(pages, npartitions=3).map(_lint_page).flatten().compute(scheduler="processes", num_workers=2)
    expected = [f for url, data in pages for f in lint_source(data, path=url)]
    assert findings == expected and findings


def test_discover_marks_urls_and_refuses_other_schemes():
    sources = list(discover(["https://example.test/a", "HTTP://example.test/b", "file:///etc/passwd", "ftp://x/y"], []))
    assert [(s.path, s.url, bool(s.error)) for s in sources] == [
        ("https://example.test/a", True, False),
        ("HTTP://example.test/b", True, False),
        ("file:///etc/passwd", False, True),
        ("ftp://x/y", False, True),
    ]


def test_a_tiny_page_is_what_the_server_sends(site):
    with Fetcher(FetchOptions(compression=False)) as fetcher:
        page = fetcher.fetch(site.url("/tiny/x.html"))
    assert page.data == TINY_PAGE
