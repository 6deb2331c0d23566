"""A real HTTP server on 127.0.0.1 for the URL and sitemap tests (no mocks of the network).

`site` is a pytest fixture: a stdlib ThreadingHTTPServer on a free port, in a thread, that
serves every page of the shared dev corpus and one route for each way a fetch can go wrong.
It records each request (path and headers) and the most requests it served at once.

Routes:
  /robots.txt                  disallows /private/
  /dev/NAME                    a dev corpus page: text/html or text/markdown, charset=utf-8,
                               gzip-encoded when the client accepts gzip
  /plain/NAME.md               a Markdown dev page served as text/plain
  /nocharset/NAME              a dev page with no charset in its Content-Type
  /notype/NAME                 a dev page with no Content-Type at all
  /sitemap.xml                 a sitemap index of the two gzipped sitemaps below
  /sitemaps/html.xml.gz        the HTML dev pages
  /sitemaps/markdown.xml.gz    the Markdown dev pages
  /failures-sitemap.xml        one entry per failure route below, plus one good page
  /big-sitemap.xml?n=N         N entries /tiny/I.html
  /tiny/I.html                 a tiny page with one placeholder
  /redirect/N                  N redirects, then /dev/seed-advertorial.html
  /loop/a, /loop/b             a redirect loop
  /to-file                     a redirect to file:///etc/passwd
  /slow?seconds=S              answers after S seconds
  /trickle?seconds=S           sends its body a byte at a time over S seconds
  /stall?head=H&stall=S        sends its headers after H seconds, then stalls S seconds mid-body
  /error500                    HTTP 500
  /missing                     HTTP 404
  /doc.pdf                     application/pdf
  /notes.txt                   text/plain at a path that is not Markdown
  /latin1                      a Latin-1 page whose charset is declared only in the header
  /bomb?mib=M                  a small gzip body that inflates to M MiB
  /bomb-sitemap.xml.gz         a gzipped sitemap that inflates past the sitemap limit
  /xxe-sitemap.xml             external entities and an external DTD (which must never be asked for)
  /laughs-sitemap.xml          a billion-laughs sitemap
  /notasitemap.xml             XML whose root is not a sitemap
  /deep/I.xml                  a chain of sitemap indexes, /deep/0.xml down to /deep/5.xml
  /self-index.xml              a sitemap index that lists itself and one sitemap
  /file-entry-sitemap.xml      an entry that is a file:// URL
  /private/page.html           a page robots.txt disallows
  /concurrent/I.html           a page that takes 0.2 s, counting requests in flight
"""

from __future__ import annotations

import gzip
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

CORPUS_DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
LATIN1_PAGE = "<html><body>\n<p>Café crème brûlée: [TBD] price</p>\n</body></html>\n".encode("latin-1")
TINY_PAGE = b"<html><head><title>Tiny</title></head><body><p>Price: [TBD]</p></body></html>\n"
SEED = "seed-advertorial.html"


def dev_pages() -> list[str]:
    return sorted(p.name for p in CORPUS_DEV.iterdir() if p.suffix in (".html", ".md"))


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


_BOMBS: dict[int, bytes] = {}


def bomb(mib: int) -> bytes:
    """A gzip body of about mib KiB that inflates to `mib` MiB of zeros."""
    if mib not in _BOMBS:
        _BOMBS[mib] = _gzip(b"\0" * (mib << 20))
    return _BOMBS[mib]


def _urlset(urls) -> bytes:
    body = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>\n').encode()


def _index(urls) -> bytes:
    body = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>\n').encode()


class Site:
    """The running server: its base URL, and what it has seen."""

    def __init__(self, server: ThreadingHTTPServer, secret_file: Path):
        self.server = server
        self.base = f"http://127.0.0.1:{server.server_address[1]}"
        self.secret_file = secret_file
        self.lock = threading.Lock()
        self.requests: list[tuple[str, dict]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.started: list[tuple[str, float]] = []

    def url(self, path: str) -> str:
        return self.base + path

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.started.clear()
            self.max_in_flight = 0

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.requests]

    # -- routes ----------------------------------------------------------------------------
    def failures(self) -> dict[str, str]:
        """Failure route -> a word its DL001 message must contain."""
        return {
            "/loop/a": "redirect loop",
            "/redirect/9": "more than 5 redirects",
            "/to-file": "file",
            "/slow?seconds=3": "timed out",
            "/error500": "HTTP 500",
            "/missing": "HTTP 404",
            "/doc.pdf": "application/pdf",
            "/notes.txt": "text/plain",
            "/bomb?mib=16": "size cap",
        }

    def route(self, handler: Handler) -> None:
        parts = urlsplit(handler.path)
        path, query = parts.path, parse_qs(parts.query)
        accepts_gzip = "gzip" in handler.headers.get("Accept-Encoding", "")
        if path == "/robots.txt":
            return handler.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path.startswith(("/dev/", "/nocharset/", "/notype/", "/plain/")):
            folder, name = path.split("/")[1:3]
            file = CORPUS_DEV / name
            if not name or not file.is_file():
                return handler.send(404, b"not found", "text/plain")
            data = file.read_bytes()
            mime = "text/html" if file.suffix == ".html" else "text/markdown"
            if folder == "plain":
                mime = "text/plain"
            ctype = None if folder == "notype" else mime if folder == "nocharset" else f"{mime}; charset=utf-8"
            if folder == "dev" and accepts_gzip:
                return handler.send(200, _gzip(data), ctype, {"Content-Encoding": "gzip"})
            return handler.send(200, data, ctype)
        if path == "/sitemap.xml":
            return handler.send(200, _index([self.url("/sitemaps/html.xml.gz"), self.url("/sitemaps/markdown.xml.gz")]), "application/xml")
        if path in ("/sitemaps/html.xml.gz", "/sitemaps/markdown.xml.gz"):
            suffix = ".html" if "html" in path else ".md"
            urls = [self.url(f"/dev/{n}") for n in dev_pages() if n.endswith(suffix)]
            return handler.send(200, _gzip(_urlset(urls)), "application/gzip")
        if path == "/failures-sitemap.xml":
            urls = [self.url(p) for p in self.failures()] + [self.url(f"/dev/{SEED}"), self.url("/private/page.html")]
            return handler.send(200, _urlset(urls), "application/xml")
        if path == "/big-sitemap.xml":
            n = int(query.get("n", ["10"])[0])
            return handler.send(200, _urlset(self.url(f"/tiny/{i}.html") for i in range(n)), "application/xml")
        if path.startswith("/tiny/") or path == "/private/page.html":
            return handler.send(200, TINY_PAGE, "text/html; charset=utf-8")
        if path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            target = f"/redirect/{n - 1}" if n > 1 else f"/dev/{SEED}"
            return handler.send(302 if n % 2 else 301, b"", "text/plain", {"Location": target})
        if path in ("/loop/a", "/loop/b"):
            return handler.send(302, b"", "text/plain", {"Location": "/loop/b" if path == "/loop/a" else self.url("/loop/a")})
        if path == "/to-file":
            return handler.send(302, b"", "text/plain", {"Location": "file:///etc/passwd"})
        if path == "/slow":
            time.sleep(float(query.get("seconds", ["3"])[0]))
            return handler.send(200, TINY_PAGE, "text/html")
        if path == "/stall":
            time.sleep(float(query.get("head", ["1"])[0]))
            handler.send_head(200, len(TINY_PAGE), "text/html")
            handler.wfile.write(TINY_PAGE[:10])
            time.sleep(float(query.get("stall", ["5"])[0]))
            handler.wfile.write(TINY_PAGE[10:])
            return
        if path == "/trickle":
            seconds = float(query.get("seconds", ["3"])[0])
            body = TINY_PAGE
            handler.send_head(200, len(body), "text/html")
            for i in range(len(body)):
                handler.wfile.write(body[i:i + 1])
                time.sleep(seconds / len(body))
            return
        if path == "/error500":
            return handler.send(500, b"<h1>Internal Server Error</h1>", "text/html")
        if path == "/doc.pdf":
            return handler.send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "application/pdf")
        if path == "/notes.txt":
            return handler.send(200, b"just some notes\n", "text/plain; charset=utf-8")
        if path == "/latin1":
            return handler.send(200, LATIN1_PAGE, "text/html; charset=ISO-8859-1")
        if path == "/bomb":
            return handler.send(200, bomb(int(query.get("mib", ["16"])[0])), "text/html", {"Content-Encoding": "gzip"})
        if path == "/bomb-sitemap.xml.gz":
            return handler.send(200, bomb(64), "application/gzip")
        if path == "/xxe-sitemap.xml":
            body = (
                '<?xml version="1.0"?>\n'
                f'<!DOCTYPE urlset SYSTEM "{self.url("/evil.dtd")}" [\n'
                f'  <!ENTITY secret SYSTEM "file://{self.secret_file}">\n'
                f'  <!ENTITY remote SYSTEM "{self.url("/evil-entity")}">\n'
                f'  <!ENTITY % param SYSTEM "{self.url("/evil-param.dtd")}"> %param;\n'
                ']>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                f'<url><loc>{self.url("/tiny/&secret;")}</loc></url>\n'
                '<url><loc>&remote;</loc></url>\n'
                f'<url><loc>{self.url("/tiny/xxe-ok.html")}</loc></url>\n'
                '</urlset>\n'
            )
            return handler.send(200, body.encode(), "application/xml")
        if path in ("/evil.dtd", "/evil-entity", "/evil-param.dtd"):
            return handler.send(200, b'<!ENTITY leak "LEAKED">', "application/xml-dtd")
        if path == "/laughs-sitemap.xml":
            entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
            body = ('<?xml version="1.0"?>\n<!DOCTYPE urlset [' + "".join(entities) + ']>\n'
                    f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{self.url("/tiny/")}&lol9;</loc></url></urlset>\n')
            return handler.send(200, body.encode(), "application/xml")
        if path == "/notasitemap.xml":
            return handler.send(200, b"<?xml version='1.0'?><rss><channel/></rss>", "application/xml")
        if path.startswith("/deep/"):
            n = int(path.rsplit("/", 1)[1].split(".")[0])
            if n >= 5:
                return handler.send(200, _urlset([self.url("/tiny/deep.html")]), "application/xml")
            return handler.send(200, _index([self.url(f"/deep/{n + 1}.xml")]), "application/xml")
        if path == "/self-index.xml":
            return handler.send(200, _index([self.url("/self-index.xml"), self.url("/big-sitemap.xml?n=2")]), "application/xml")
        if path == "/file-entry-sitemap.xml":
            return handler.send(200, _urlset(["file:///etc/passwd", self.url("/tiny/after-file.html")]), "application/xml")
        if path.startswith("/concurrent/"):
            time.sleep(0.2)
            return handler.send(200, TINY_PAGE, "text/html")
        return handler.send(404, b"not found", "text/plain")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms wait between them
    site: Site  # set on the subclass made for each server

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        site = self.site
        with site.lock:
            site.requests.append((self.path, dict(self.headers)))
            site.started.append((self.path, time.monotonic()))
            site.in_flight += 1
            site.max_in_flight = max(site.max_in_flight, site.in_flight)
        try:
            site.route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer
        finally:
            with site.lock:
                site.in_flight -= 1

    def send_head(self, status: int, length: int, ctype: str | None, headers: dict | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def send(self, status: int, body: bytes, ctype: str | None, headers: dict | None = None) -> None:
        self.send_head(status, len(body), ctype, headers)
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # noqa: A002
        pass


@contextmanager
def running(site_class: type[Site] = Site, secret_file: Path | None = None):
    """A server of `site_class` on a free 127.0.0.1 port, in a thread, for the with-block
    (test files with routes of their own subclass Site and override `route`)."""
    handler = type("SiteHandler", (Handler,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False
    handler.site = site_class(server, secret_file or Path("/nonexistent"))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield handler.site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    secret = tmp_path_factory.mktemp("secret") / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT\n")
    with running(Site, secret) as running_site:
        yield running_site
