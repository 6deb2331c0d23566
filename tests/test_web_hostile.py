"""Hostile servers and sitemaps (issue 14, the network items): each test here failed before
its fix. Every server is a real one on 127.0.0.1 (tests/webserver.py); no URL in this file has
a host outside 127.0.0.0/8, and names that must resolve go through a resolver override that
maps them to 127.0.0.1.
"""

from __future__ import annotations

import gzip
import time
import zlib
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from helpers import json_findings, run_cli
from webserver import TINY_PAGE, Site, running

# A page whose only finding is near its end: a body cut short loses it.
LONG_PAGE = (b"<html><body>" + b"<p>Filler paragraph about blenders.</p>\n" * 2000
             + b"<p>Updated: [TBD]</p></body></html>\n")


def sitemap_index(urls) -> bytes:
    body = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'.encode()


def urlset(urls) -> bytes:
    body = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'.encode()


class HostileSite(Site):
    """The project's test site plus routes that misbehave on purpose."""

    def __init__(self, *args):
        super().__init__(*args)
        self.outcomes: dict[str, str] = {}

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
        if path in ("/trickle/status", "/trickle/headers"):
            return self.trickle_head(handler, path.endswith("status"), float(query.get("seconds", ["10"])[0]))
        if path == "/redirect-to":  # a redirect to any URL the test names
            return handler.send(302, b"", "text/plain", {"Location": query["url"][0]})
        if path == "/listing.xml":  # a sitemap of the URLs the test names
            return handler.send(200, urlset(query["url"]), "application/xml")
        if path == "/listing-index.xml":  # a sitemap index of the sitemaps the test names
            return handler.send(200, sitemap_index(query["url"]), "application/xml")
        if path == "/fanout.xml":  # an index of ten new indexes, each of ten more, without end
            k = int(query.get("k", ["0"])[0])
            return handler.send(200, sitemap_index([self.url(f"/fanout.xml?k={k * 10 + j}") for j in range(1, 11)]), "application/xml")
        if path in ("/huge-sitemap.xml", "/huge-sitemap.txt"):
            return self.huge_sitemap(handler, path.endswith(".xml"))
        if path == "/many-private.xml":  # N pages that robots.txt disallows
            n = int(query["n"][0])
            return handler.send(200, urlset(self.url(f"/private/{i}") for i in range(n)), "application/xml")
        if path == "/cut-sitemap.txt.gz":  # a gzipped text sitemap cut in the middle of a URL
            whole = gzip.compress("".join(self.url(f"/tiny/cut-{i:04d}.html") + "\n" for i in range(3000)).encode(), mtime=0)
            return handler.send(200, whole[: len(whole) // 2], "application/gzip")
        if path == "/nocontent":
            return handler.send(204, b"", None)
        if path == "/only-self.xml":
            return handler.send(200, sitemap_index([self.url("/only-self.xml")]), "application/xml")
        return super().route(handler)

    def huge_sitemap(self, handler, xml: bool) -> None:
        """A sitemap of 1.4 million URLs (over 50 MiB), written as the client reads it."""
        n = 1_400_000
        head, tail = (b"", b"")
        if xml:
            head, tail = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n', b"</urlset>\n"
        entry = (b"<url><loc>%s</loc></url>\n" if xml else b"%s\n")
        line = lambda i: entry % self.url(f"/tiny/huge-{i:08d}.html").encode()  # noqa: E731 (fixed width)
        handler.send_head(200, len(head) + n * len(line(0)) + len(tail), "application/xml" if xml else "text/plain")
        try:
            handler.wfile.write(head)
            for start in range(0, n, 5000):
                handler.wfile.write(b"".join(line(i) for i in range(start, min(n, start + 5000))))
            handler.wfile.write(tail)
        except OSError:
            pass  # the client has what it wanted

    @staticmethod
    def trickle_head(handler, status_too: bool, seconds: float) -> None:
        """The status line (or only the headers after it) a byte at a time over `seconds`,
        then a whole page: a client whose deadline is per read waits for all of it."""
        head = b"HTTP/1.1 200 OK\r\n" if not status_too else b""
        slow = (b"HTTP/1.1 200 OK\r\n" if status_too else b"") + b"Content-Type: text/html\r\nX-Pad: " + b"a" * 40
        slow += b"\r\nContent-Length: %d\r\n\r\n" % len(TINY_PAGE)
        handler.close_connection = True
        outcome, i = "whole head sent", 0
        try:
            handler.wfile.write(head)
            for i in range(len(slow)):
                handler.wfile.write(slow[i:i + 1])
                time.sleep(seconds / len(slow))
            handler.wfile.write(TINY_PAGE)
        except OSError:  # the client hung up
            outcome = f"client left after {i} of {len(slow)} bytes"
        with handler.site.lock:
            handler.site.outcomes[handler.path] = outcome

    def outcome(self, path: str, wait: float = 30.0) -> str | None:
        """How a trickling route ended, once it has (it may notice a hang-up a write late)."""
        end = time.monotonic() + wait
        while time.monotonic() < end:
            with self.lock:
                if path in self.outcomes:
                    return self.outcomes[path]
            time.sleep(0.05)
        return None


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


# -- R25b: nothing to lint is said, not passed ------------------------------------------------


def test_an_http_204_page_is_a_dl001(hostile, cwd):
    url = hostile.url("/nocontent")
    proc = run_cli("--format", "json", url, cwd=cwd)
    assert proc.returncode == 2
    assert dl001(proc) == {url: f"{url}: HTTP 204 No Content (no page to lint)"}


def test_a_sitemap_index_that_lists_only_itself_is_a_dl001(hostile, cwd):
    url = hostile.url("/only-self.xml")
    proc = run_cli("--format", "json", "--sitemap", url, cwd=cwd)
    assert proc.returncode == 2
    assert dl001(proc) == {url: f"{url}: sitemap: lists no page (a sitemap index that lists only itself or sitemaps already read)"}


def test_sitemaps_that_yield_no_page_are_a_dl001(hostile, cwd):
    (cwd / "empty.xml").write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>')
    proc = run_cli("--format", "json", "--sitemap", "empty.xml", cwd=cwd)
    assert proc.returncode == 2
    assert dl001(proc) == {"empty.xml": "empty.xml: sitemap: lists no page"}

    big = hostile.url("/big-sitemap.xml?n=5")
    proc = run_cli("--format", "json", "--sitemap", big, "--sitemap", "empty.xml", "--sitemap-include", "nomatch", cwd=cwd)
    assert proc.returncode == 2
    assert dl001(proc) == {big: f"{big}: sitemap: the 2 sitemaps given list 5 pages; none passes --sitemap-include and --sitemap-exclude"}


# -- R24: robots.txt per RFC 9309 ---------------------------------------------------------------


class RobotsSite(Site):
    """A site whose robots.txt answers as `mode` says; its sitemap lists two pages."""

    mode = "404"

    def route(self, handler) -> None:
        path = urlsplit(handler.path).path
        if path == "/robots.txt":
            if self.mode == "slow":  # headers, then a body that never comes in time
                handler.send_head(200, 100, "text/plain")
                time.sleep(3)
                return
            if self.mode == "reset":  # the connection closes with no answer
                handler.close_connection = True
                return
            return handler.send(int(self.mode), b"no robots here", "text/plain")
        if path == "/two-pages.xml":
            return handler.send(200, urlset([self.url("/tiny/a.html"), self.url("/private/page.html")]), "application/xml")
        return super().route(handler)


@pytest.fixture
def robots_site(request):
    with running(type("Robots" + request.param, (RobotsSite,), {"mode": request.param})) as site:
        yield site


@pytest.mark.parametrize("robots_site", ["503", "500", "slow", "reset"], indirect=True)
def test_an_unreachable_robots_txt_disallows_every_sitemap_page(robots_site, cwd):
    proc = run_cli("--format", "json", "--timeout", "1", "--sitemap", robots_site.url("/two-pages.xml"), cwd=cwd)
    assert not [p for p in robots_site.paths() if p.startswith(("/tiny/", "/private/"))]
    assert json_findings(proc) == [] and proc.returncode == 0, proc.stdout
    notes = [line for line in proc.stderr.splitlines() if "RFC 9309" in line]
    assert len(notes) == 1, proc.stderr  # once for the host, not once a page
    assert notes[0].startswith(f"disclosurelint: {robots_site.url('/robots.txt')}: ") and "--ignore-robots" in notes[0]
    for page in ("/tiny/a.html", "/private/page.html"):
        assert f"{robots_site.url(page)}: skipped (robots.txt could not be read)" in proc.stderr, proc.stderr

    robots_site.reset()
    proc = run_cli("--format", "json", "--ignore-robots", "--sitemap", robots_site.url("/two-pages.xml"), cwd=cwd)
    assert [f["code"] for f in json_findings(proc)] == ["DL201", "DL201"]


@pytest.mark.parametrize("robots_site", ["404", "410", "403"], indirect=True)
def test_a_robots_txt_answering_4xx_allows_every_page(robots_site, cwd):
    proc = run_cli("--format", "json", "--sitemap", robots_site.url("/two-pages.xml"), cwd=cwd)
    assert [f["path"] for f in json_findings(proc)] == [robots_site.url("/tiny/a.html"), robots_site.url("/private/page.html")]
    assert "RFC 9309" not in proc.stderr and "skipped" not in proc.stderr


# -- R2: --timeout is total per page, whatever trickles in ----------------------------------------


def test_the_deadline_holds_while_the_status_line_or_headers_trickle(hostile, cwd):
    # Each server takes 12 s to send its head (a byte every 0.1 s or so): a per-read timeout never
    # fires, so the page used to be linted after 12 s. With a total deadline of 1 s it is a timeout.
    urls = [hostile.url("/trickle/status?seconds=12"), hostile.url("/trickle/headers?seconds=12")]
    proc = run_cli("--format", "json", "--timeout", "1", *urls, cwd=cwd)
    assert dl001(proc) == {url: f"{url}: timed out after 1 s" for url in urls}
    assert proc.returncode == 2
    for url in urls:  # the client hung up at its deadline, long before the head was all there
        assert hostile.outcome(url.removeprefix(hostile.base)).startswith("client left after"), url


def test_proxy_variables_are_not_used_and_said_so(hostile, cwd):
    # Connections go only to addresses the fetcher resolved and checked itself (see R12), so a
    # proxy from the environment is not used; here it would be a closed port.
    url = hostile.url("/tiny/direct.html")
    proc = run_cli("--format", "json", url, cwd=cwd, env={"http_proxy": "http://127.0.0.1:9", "no_proxy": ""})
    assert [f["code"] for f in json_findings(proc)] == ["DL201"], proc.stdout
    assert proc.stderr == "disclosurelint: http_proxy is set but not used: URLs are fetched directly\n"


# -- R12: redirects and sitemap entries are not followed to private addresses -------------------


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("169.254.169.254", "cloud metadata"), ("fd00:ec2::254", "cloud metadata"), ("100.100.100.200", "cloud metadata"),
    ("169.254.1.2", "link-local"), ("fe80::1", "link-local"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"), ("fc00::5", "private"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"), ("0.1.2.3", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"), ("64:ff9b::a9fe:a9fe", "cloud metadata"),
    ("224.0.0.1", "multicast"), ("100.64.0.1", "reserved"), ("192.0.2.7", "private"), ("240.0.0.1", "private"),
    ("1.1.1.1", None), ("2606:4700:4700::1111", None), ("::ffff:1.1.1.1", None),
])
def test_the_address_policy_as_a_unit(address, kind):
    # Addresses are only classified here; nothing is contacted.
    from disclosurelint.transport import AddressPolicy, AddressRefused, refusal

    assert refusal(address) == kind
    policy = AddressPolicy()
    assert policy.admit("host.test", 80, [address], trusted=True) == [address]
    if kind is None:
        assert policy.admit("host.test", 80, [address], trusted=False) == [address]
        return
    with pytest.raises(AddressRefused, match=f"host.test \\({address}\\) is an? {kind} address"):
        policy.admit("host.test", 80, [address], trusted=False)
    policy.connected(address, 80, trusted=True)  # a URL given went there: that port is open to the crawl
    assert policy.admit("other.test", 80, [address], trusted=False) == [address]
    with pytest.raises(AddressRefused):
        policy.admit("host.test", 8080, [address], trusted=False)
    assert policy.admit("mixed.test", 8080, [address, "1.1.1.1"], trusted=False) == ["1.1.1.1"]
    assert AddressPolicy(allow_private=True).admit("host.test", 80, [address], trusted=False) == [address]


@pytest.fixture(scope="module")
def internal():
    """A second server: the internal service that a public page must not lead the crawler to."""
    with running(Site) as site:
        yield site


def test_a_redirect_to_another_local_port_is_refused(hostile, internal, cwd):
    internal.reset()
    page = hostile.url("/redirect-to?url=" + quote(internal.url("/tiny/admin.html"), safe=""))
    proc = run_cli("--format", "full", page, cwd=cwd)
    assert proc.returncode == 2
    assert "127.0.0.1 is a loopback address" in proc.stdout and "--allow-private-addresses" in proc.stdout
    assert "Tiny" not in proc.stdout and internal.paths() == []  # never connected to

    proc = run_cli("--format", "json", "--allow-private-addresses", page, cwd=cwd)
    assert [f["code"] for f in json_findings(proc)] == ["DL201"]
    assert internal.paths() == ["/tiny/admin.html"]

    hostile.reset()
    same = hostile.url("/redirect-to?url=" + quote(hostile.url("/tiny/same.html"), safe=""))
    proc = run_cli("--format", "json", same, cwd=cwd)  # on the address and port given: followed
    assert [f["code"] for f in json_findings(proc)] == ["DL201"]


def test_sitemap_entries_on_other_local_ports_are_refused(hostile, internal, cwd):
    internal.reset()
    outside, inside = internal.url("/tiny/secret.html"), hostile.url("/tiny/public.html")
    listing = hostile.url("/listing.xml?url=" + quote(outside, safe="") + "&url=" + quote(inside, safe=""))
    nested = internal.url("/big-sitemap.xml?n=2")
    index = hostile.url("/listing-index.xml?url=" + quote(nested, safe=""))
    proc = run_cli("--format", "json", "--sitemap", listing, "--sitemap", index, cwd=cwd)
    errors = dl001(proc)
    assert set(errors) == {outside, nested}, errors
    assert all("127.0.0.1 is a loopback address" in m for m in errors.values()), errors
    assert [f["path"] for f in json_findings(proc) if f["code"] == "DL201"] == [inside]
    assert internal.paths() == []  # not the page, not its robots.txt, not the nested sitemap

    (cwd / "local.txt").write_text(inside + "\n")  # a local sitemap: no address was given at all
    proc = run_cli("--format", "json", "--sitemap", "local.txt", cwd=cwd)
    assert "127.0.0.1 is a loopback address" in dl001(proc)[inside]
    proc = run_cli("--format", "json", "--sitemap", "local.txt", "--allow-private-addresses", cwd=cwd)
    assert [f["code"] for f in json_findings(proc)] == ["DL201"]
    (cwd / ".disclosurelint.toml").write_text("allow-private-addresses = true\n")
    proc = run_cli("--format", "json", "--sitemap", "local.txt", cwd=cwd)
    assert [f["code"] for f in json_findings(proc)] == ["DL201"]


class Names:
    """A resolver override: test names to 127.0.0.1, each lookup counted; any other name fails
    (so nothing outside this machine is ever asked for)."""

    def __init__(self, *names):
        self.names = set(names)
        self.lookups: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if host not in self.names and host != "127.0.0.1":
            raise OSError(f"{host} is not a test name")
        return ["127.0.0.1"]


def test_names_resolve_once_and_the_checked_address_is_the_one_connected(hostile, internal):
    from disclosurelint.web import FetchOptions, Fetcher

    names = Names("shop.test", "metadata.test", "rebind.test")
    shop = f"http://shop.test:{hostile.server.server_address[1]}"
    to_internal = shop + "/redirect-to?url=" + quote(f"http://metadata.test:{internal.server.server_address[1]}/", safe="")
    to_same_port = shop + "/redirect-to?url=" + quote(f"http://rebind.test:{hostile.server.server_address[1]}/tiny/r.html", safe="")
    internal.reset()
    hostile.reset()
    with Fetcher(FetchOptions(), resolver=names) as fetcher:
        refused = fetcher.fetch(to_internal)
        followed = fetcher.fetch(to_same_port)
    assert refused.error.startswith("redirect to http://metadata.test:")
    assert "metadata.test (127.0.0.1) is a loopback address" in refused.error
    assert internal.paths() == []
    assert followed.error is None and followed.data == TINY_PAGE
    # One lookup per connection, made by the check itself: metadata.test once (refused before
    # connecting), rebind.test once (admitted, as it is on the address and port of a URL given,
    # and connected to the address admitted); the socket layer never looks a name up again.
    assert names.lookups.count("metadata.test") == names.lookups.count("rebind.test") == 1
    assert set(names.lookups) == {"shop.test", "metadata.test", "rebind.test"}
    hosts = [h["Host"] for p, h in hostile.requests]
    assert hosts == [f"shop.test:{hostile.server.server_address[1]}"] * 2 + [f"rebind.test:{hostile.server.server_address[1]}"]


# -- R9: the number of sitemaps read is bounded ---------------------------------------------------


def test_max_sitemaps_bounds_a_fan_out_of_indexes(hostile, cwd):
    hostile.reset()
    proc = run_cli("--format", "json", "--max-pages", "1", "--max-sitemaps", "5", "--sitemap", hostile.url("/fanout.xml"), cwd=cwd)
    assert proc.returncode == 2
    assert sum(1 for p in hostile.paths() if p.startswith("/fanout.xml")) == 5
    errors = dl001(proc)
    assert len(errors) == 2, errors  # not one line per sitemap left out
    deep, budget = sorted(errors.values(), key=lambda m: "max-sitemaps" in m)
    assert "sitemap nested more than 3 levels deep under the sitemaps given; not followed, nor 19 more" in deep
    assert "(raise --sitemap-depth to follow them)" in deep
    assert budget.endswith("the crawl has read the 5 sitemaps --max-sitemaps allows (raise it to read more)")
    assert ", nor " in budget and "sitemap not read" in budget

    (cwd / ".disclosurelint.toml").write_text("max-sitemaps = 3\n")
    hostile.reset()
    run_cli("--format", "json", "--sitemap", hostile.url("/fanout.xml"), cwd=cwd)
    assert sum(1 for p in hostile.paths() if p.startswith("/fanout.xml")) == 3


def test_no_sitemap_is_read_once_max_pages_is_reached(hostile, cwd):
    sitemaps = [hostile.url(f"/big-sitemap.xml?n={n}") for n in (1, 2, 3)]
    index = hostile.url("/listing-index.xml?" + "&".join("url=" + quote(u, safe="") for u in sitemaps))
    hostile.reset()
    proc = run_cli("--format", "json", "--max-pages", "1", "--sitemap", index, cwd=cwd)
    assert [f["path"] for f in json_findings(proc)] == [hostile.url("/tiny/0.html")]
    assert [p for p in hostile.paths() if p.startswith("/big-sitemap")] == ["/big-sitemap.xml?n=1"]


# -- R20: sitemaps are streamed, the seen-set is compact ------------------------------------------


@pytest.mark.parametrize("form", ["xml", "txt"])
def test_a_sitemap_over_50_mib_is_read_as_far_as_max_pages_needs(hostile, cwd, form):
    url = hostile.url(f"/huge-sitemap.{form}")
    proc = run_cli("--format", "json", "--max-pages", "3", "--sitemap", url, cwd=cwd)
    assert [f["path"] for f in json_findings(proc)] == [hostile.url(f"/tiny/huge-{i:08d}.html") for i in range(3)]
    assert proc.returncode == 1


def test_a_cut_gzipped_sitemap_keeps_its_whole_lines_and_says_it_is_cut(hostile, cwd):
    url = hostile.url("/cut-sitemap.txt.gz")
    hostile.reset()
    proc = run_cli("--format", "json", "--select", "DL201", "--concurrency", "2", "--sitemap", url, cwd=cwd)
    assert "truncated gzip body" in dl001(proc)[url]
    fetched = [p for p in hostile.paths() if p.startswith("/tiny/cut-")]
    assert fetched and all(len(p) == len("/tiny/cut-0000.html") for p in fetched)  # no half URL


def test_the_seen_set_holds_digests():
    from disclosurelint.sitemap import DigestSet

    seen = DigestSet()
    urls = [f"https://shop.test/p/{i}" for i in range(100_000)]
    assert all(seen.add(u) for u in urls)  # every one new: no false duplicate
    assert not any(seen.add(u) for u in urls[::7])  # and each one seen again
    assert len(seen) == 100_000
    assert seen.nbytes() <= 16 * len(seen)  # bytes a URL, whatever its length


def test_memory_stays_flat_however_many_urls_a_sitemap_lists(hostile, cwd):
    from test_web import _measured_run

    small = _measured_run(["--quiet", "--format", "json", "--sitemap", hostile.url("/many-private.xml?n=20000")], cwd)
    big = _measured_run(["--quiet", "--format", "json", "--sitemap", hostile.url("/many-private.xml?n=200000")], cwd)
    assert small[0] == big[0] == 0
    # 180,000 more URLs: their body, parse and seen-set once cost over 35 MB; now a table of
    # 16-byte digests, the listing on disk.
    assert big[1] - small[1] < 12 * 1024, (small[1], big[1])


def test_the_deadline_counts_the_servers_time_not_the_readers(hostile):
    # A sitemap is parsed as it arrives, within its fetch: the parsing of a big one must not use
    # up the server's deadline. Here the reader takes 0.1 s a piece, 1 s in all at least, with
    # --timeout 0.8; the server sends the whole body at once.
    from disclosurelint.web import FetchOptions, Fetcher

    n = 0
    with Fetcher(FetchOptions(timeout=0.8)) as fetcher, \
            fetcher.open_document(hostile.url("/big-sitemap.xml?n=20000"), 1 << 30) as pieces:
        for _ in pieces:
            n += 1
            time.sleep(0.1)
    assert n >= 10
