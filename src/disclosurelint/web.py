"""Fetching pages over HTTP(S): a URL in, the served bytes (or one line saying why not) out.

This module and the transport under it (`transport.py`) are the only ones that talk to the
network. They know nothing about parsing or rules: `Fetcher.fetch(url)` returns a `Page`
holding the bytes exactly as served (after undoing any gzip or deflate transfer compression),
the format the content type implies and the charset the header declares; or an `error`, one
line naming the reason (DNS, TLS, timeout, HTTP status, content type, size cap, redirect loop,
an address a crawl may not go to), which the command line turns into one DL001 finding for
that URL. `Fetcher.open_document(url)` gives a sitemap's body in pieces, to parse as it comes.

The client is httpx, used synchronously from a thread pool, over `transport.Transport`: every
connection attempt, read and write of a page stops at the page's deadline, so `--timeout` is
the total from the DNS lookup to the last byte however slowly a server sends its status line,
headers or body; and a connection goes only to an address the run's address policy admits.
Bodies are read raw and inflated here with a hard output limit, so the size cap holds after
decompression and a gzip bomb never occupies more than the cap in memory. Redirects are
followed here, one hop at a time, so that each target's scheme is checked, a loop is named as
a loop, and only the first hop of a URL the user gave may go to a private address.
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, TypeVar
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from . import __version__
from .sources import MARKDOWN_SUFFIXES
from .sources import decode as decode_page
from .transport import AddressPolicy, AddressRefused, Resolver, Scope, Transport

DEFAULT_TIMEOUT = 20.0  # seconds, for the whole fetch of one page, redirects included
DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # after decompression
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_CONCURRENCY = 8
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: crawlers must parse at least the first 500 KiB

HTML_TYPES = {"text/html", "application/xhtml+xml"}
MARKDOWN_TYPES = {"text/markdown", "text/x-markdown"}
_REDIRECTS = {301, 302, 303, 307, 308}


def project_url() -> str | None:
    """The project's home page from the installed metadata, if the package declares one."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        meta = metadata("disclosurelint")
    except (ImportError, PackageNotFoundError):
        return None
    for entry in meta.get_all("Project-URL") or []:
        _, _, url = entry.partition(",")
        if url.strip():
            return url.strip()
    home = meta.get("Home-page")
    return home.strip() if home and home.strip() != "UNKNOWN" else None


def default_user_agent() -> str:
    url = project_url()
    return f"disclosurelint/{__version__}" + (f" (+{url})" if url else "")


def unused_proxy_variables() -> list[str]:
    """The proxy variables set in the environment (http_proxy, HTTPS_PROXY, ...): the client
    connects directly, to addresses it resolved and checked itself, so they are not used and
    the command line says so rather than ignore them silently."""
    import urllib.request

    return sorted(f"{scheme}_proxy" for scheme in urllib.request.getproxies() if scheme != "no")


class FetchError(Exception):
    """A fetch that failed; the message is the one-line reason, `status` the HTTP status of
    an error answer (None when there was no answer: DNS, connection, timeout, ...)."""

    def __init__(self, message: str, status: int | None = None, refused: bool = False):
        super().__init__(message)
        self.status = status
        self.refused = refused  # not connected to: the address policy refused where it leads


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    user_agent: str = field(default_factory=default_user_agent)
    concurrency: int = DEFAULT_CONCURRENCY
    delay: float = 0.0  # seconds between the starts of two page fetches from one host
    robots: bool = True  # honour robots.txt for pages found in sitemaps
    compression: bool = True  # ask for gzip/deflate
    allow_private_addresses: bool = False  # follow redirects and sitemap entries anywhere (transport.AddressPolicy)


@dataclass(frozen=True)
class Page:
    """One fetched page: its bytes, or why there are none."""

    url: str  # as requested: findings carry it as their path
    data: bytes | None = None
    fmt: str | None = None  # "html" or "markdown", from the content type
    charset: str | None = None  # from the Content-Type header
    error: str | None = None  # a failure: one line, becomes DL001
    skipped: str | None = None  # not fetched on purpose (robots.txt), not a failure
    note: str | None = None  # a note for standard error, given with one page only (robots.txt)


def size(n: int) -> str:
    """A byte count for messages: 10 MiB, 64 KiB, 500 bytes."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            value = n / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} byte{'s' if n != 1 else ''}"


def content_type(header: str | None) -> tuple[str, str | None]:
    """(media type, charset) from a Content-Type header, both lower case; ('', None) if absent."""
    if not header:
        return "", None
    mime, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return mime.strip().lower(), charset


def page_format(mime: str, url: str) -> str | None:
    """The format a content type implies, or raise FetchError for one that is not a page.

    None means no content type was sent: the page is then sniffed like a file without a known
    extension (HTML if it starts with `<`).
    """
    path = urlsplit(url).path.lower()
    if mime in HTML_TYPES:
        return "html"
    if mime in MARKDOWN_TYPES:
        return "markdown"
    if mime == "text/plain" and any(path.endswith(s) for s in MARKDOWN_SUFFIXES):
        return "markdown"
    if not mime:
        return None
    raise FetchError(f"content type {mime} is not HTML or Markdown")


def decode(data: bytes, charset: str | None) -> str:
    """Served bytes to text: the same rules as a file's, with the header's charset (see
    decoding.decode). Raises InputError like `sources.decode`."""
    return decode_page(data, f"text/html; charset={charset}" if charset else None)


class Inflater:
    """Undo a Content-Encoding (or a .gz file) with a hard limit on the output.

    zlib's `max_length` stops inflating at the limit, so a small body that would inflate to
    gigabytes costs the limit in memory, not gigabytes.
    """

    def __init__(self, encoding: str):
        self.encoding = encoding
        self._first = True
        self._fed = False  # any input at all: an empty body is an empty page, not a cut one
        self._trailing = False  # garbage after a complete gzip member, ignored as browsers do
        self._member = False  # at the start of a gzip member after the first
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        elif encoding in ("", "identity"):
            self._z = None
        else:
            raise FetchError(f"unsupported content encoding {encoding!r}")

    def feed(self, chunk: bytes, limit: int) -> bytes:
        """This chunk's output, or more than `limit` bytes of it when there is more than
        `limit` (the caller sees the limit passed; the rest is not inflated)."""
        parts, total = [], 0
        for piece in self.pieces(chunk, limit + 1):
            parts.append(piece)
            total += len(piece)
            if total > limit:
                break
        return b"".join(parts)

    def pieces(self, chunk: bytes, step: int = 1 << 20) -> Iterator[bytes]:
        """This chunk's output, `step` bytes at most at a time: a reader that stops early
        (a size cap) never holds more than a step of what a small chunk inflates to."""
        if self._z is None:
            if chunk:
                yield chunk
            return
        self._fed = self._fed or bool(chunk)
        data = chunk
        while data and not self._trailing:
            out = self._inflate(data, step)
            data = self._z.unconsumed_tail
            if not data and self._z.eof and self._z.unused_data and self.encoding != "deflate":
                # A gzip stream may hold several members; the next starts in unused_data.
                data = self._z.unused_data
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._member = True
            if out:
                yield out

    def _inflate(self, data: bytes, step: int) -> bytes:
        try:
            out = self._z.decompress(data, step)
        except zlib.error as e:
            if self.encoding == "deflate" and self._first:  # servers that send raw deflate
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                self._first = False
                return self._inflate(data, step)
            if self._member:  # trailing garbage after a complete member: browsers ignore it too
                self._trailing = True
                return b""
            raise FetchError(f"invalid {self.encoding} body ({e})") from None
        self._first = self._member = False
        return out

    def finish(self) -> None:
        """Call when the input has ended: a compressed stream cut short raises FetchError, as
        what was inflated so far is only part of the document (its end, and what the end
        would show, are missing)."""
        if self._z is not None and self._fed and not self._z.eof and not self._trailing:
            raise FetchError(f"truncated {self.encoding} body (the compressed stream stops before its end)")


def inflate(data: bytes, limit: int, encoding: str = "gzip") -> bytes:
    """A whole compressed document, inflated; FetchError when it inflates past `limit`."""
    inflater = Inflater(encoding)
    out = inflater.feed(data, limit + 1)
    if len(out) > limit:
        raise FetchError(f"over the {size(limit)} size cap once decompressed")
    inflater.finish()
    return out


def reason(exc: BaseException) -> str:
    """One line saying why a request failed, from an httpx exception and its causes."""
    import ssl

    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 10:
        chain.append(e)
        e = e.__cause__ or e.__context__
    for e in chain:
        if isinstance(e, socket.gaierror):
            return f"DNS lookup failed ({e.strerror or e})"
        if isinstance(e, ssl.SSLCertVerificationError):
            return f"TLS certificate not trusted ({e.verify_message or e})"
        if isinstance(e, ssl.SSLError):
            return f"TLS error ({e.reason or e})"
        if isinstance(e, ConnectionRefusedError):
            return "connection refused"
        if isinstance(e, ConnectionResetError):
            return "connection reset by the server"
    text = " ".join(str(exc).split()) or type(exc).__name__
    lowered = text.lower()
    if "name or service not known" in lowered or "nodename nor servname" in lowered or "name resolution" in lowered:
        return f"DNS lookup failed ({text})"
    if "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
        return f"TLS error ({text})"
    return f"{type(exc).__name__}: {text}" if type(exc).__name__ not in text else text


T = TypeVar("T")
R = TypeVar("R")


def in_order(jobs: Iterable[tuple[T, Callable[[], R] | None]], *, workers: int, ahead: int | None = None) -> Iterator[tuple[T, R | None]]:
    """Run the jobs on up to `workers` threads; yield (item, result) in input order.

    A job of None is no work (a local file): it is yielded in its turn with None. At most
    `ahead` items (default twice `workers`) are pulled from `jobs` before their turn comes, so
    memory stays flat however many jobs there are, and the input may be a lazy generator (a
    sitemap read as it is crawled).
    """
    from concurrent.futures import ThreadPoolExecutor

    ahead = max(ahead or 2 * workers, 1)
    window: deque = deque()
    pool: ThreadPoolExecutor | None = None
    source = iter(jobs)
    try:
        while True:
            while len(window) < ahead:
                try:
                    item, job = next(source)
                except StopIteration:
                    break
                if job is not None and pool is None:
                    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="disclosurelint-fetch")
                window.append((item, pool.submit(job) if job is not None else None))
            if not window:
                return
            item, future = window.popleft()
            yield item, (future.result() if future is not None else None)
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


class Fetcher:
    """Fetches pages and documents with one shared httpx client; safe to use from many threads."""

    def __init__(self, options: FetchOptions | None = None, *, resolver: Resolver | None = None):
        """`resolver(host, port)` returns the addresses to connect to (default: the system's
        lookup); tests map their names to 127.0.0.1 with it."""
        import http.cookiejar

        import httpx

        self.options = options or FetchOptions()
        self._httpx = httpx
        self._scope = Scope()
        limits = httpx.Limits(
            max_connections=self.options.concurrency + 4,
            max_keepalive_connections=self.options.concurrency + 4,
        )
        # No cookies are kept, so a page is the same whichever order the pages are fetched in.
        no_cookies = http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        self._client = httpx.Client(
            headers={
                "User-Agent": self.options.user_agent,
                "Accept": "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.1",
                "Accept-Encoding": "gzip, deflate" if self.options.compression else "identity",
            },
            cookies=no_cookies,
            follow_redirects=False,
            transport=Transport(limits, self._scope, AddressPolicy(self.options.allow_private_addresses), resolver),
        )
        self._lock = threading.Lock()
        self._next_start: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- pages -------------------------------------------------------------------------------
    def fetch(self, url: str, *, crawl: bool = False) -> Page:
        """Fetch one page; never raises. `crawl`: found in a sitemap, so robots.txt applies."""
        note = None
        try:
            if crawl and self.options.robots:
                robots = self._robots_for(url)
                note = robots.take_note()
                if robots.refused:  # the host is on an address a crawl may not go to
                    return Page(url, error=robots.refused, note=note)
                if not robots.parser.can_fetch(self.options.user_agent, url):
                    return Page(url, skipped=robots.skipped, note=note)
            self._wait_turn(url)
            data, fmt, charset = self._get(url, self.options.max_bytes, check=page_format, given=not crawl)
            return Page(url, data, fmt, charset, note=note)
        except FetchError as e:
            return Page(url, error=str(e), note=note)
        except Exception as e:  # one page never stops the run
            return Page(url, error=f"cannot fetch ({type(e).__name__}: {e})", note=note)

    @contextmanager
    def open_document(self, url: str, max_bytes: int, *, found: bool = False) -> Iterator[Iterator[bytes]]:
        """The body of any document (a sitemap), whatever its content type, as pieces read in
        the with-block (so a sitemap is parsed as it arrives, never held whole, and a reader
        that has what it wants stops the download); FetchError when it cannot be had, at the
        start or on the way. `found`: listed in a sitemap, not given by the user, so the
        address policy applies. The deadline counts the server's time, not the reader's."""
        reader_error = None
        try:
            with self._open(url, given=not found) as response:
                self._final(response, None)
                try:
                    yield self._chunks(response, max_bytes)
                except BaseException as e:  # the reader's own (a parse error): not a fetch error
                    reader_error = e
                    raise
        except FetchError:
            raise
        except Exception as e:
            if e is reader_error:
                raise
            raise FetchError(f"cannot fetch ({type(e).__name__}: {e})") from None

    # -- politeness --------------------------------------------------------------------------
    def _wait_turn(self, url: str) -> None:
        """Space the starts of fetches from one host by `delay` seconds."""
        if self.options.delay <= 0:
            return
        host = urlsplit(url).netloc.lower()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, 0.0))
            self._next_start[host] = start + self.options.delay
        if start > now:
            time.sleep(start - now)

    def _robots_for(self, url: str) -> _Robots:
        """The robots.txt of `url`'s host: read once per host, then cached."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            robots = self._robots.get(origin)
            if robots is None:
                robots = self._robots[origin] = self._read_robots(origin)
        return robots

    def _read_robots(self, origin: str) -> _Robots:
        """robots.txt as RFC 9309 (2.3.1) reads it: a 4xx answer means there is none, so
        everything is allowed; a 5xx answer, or none at all (DNS, connection, timeout, a body
        that cannot be read), means the crawler must assume complete disallow."""
        url = origin + "/robots.txt"
        parser = RobotFileParser(url)
        try:
            self._wait_turn(origin)
            data = self._get(url, ROBOTS_MAX_BYTES, truncate=True)[0]
        except FetchError as e:
            if e.refused:
                return _Robots(parser, refused=str(e))
            if e.status is not None and 400 <= e.status < 500:
                parser.allow_all = True
                return _Robots(parser)
            parser.disallow_all = True
            return _Robots(parser, skipped="robots.txt could not be read", note=(
                f"{url}: {e}; RFC 9309 says to assume complete disallow, so the pages found in"
                " sitemaps on this host are skipped (--ignore-robots fetches them)"))
        parser.parse(data.decode("utf-8", "replace").splitlines())
        return _Robots(parser)

    # -- one GET, redirects followed ---------------------------------------------------------
    def _get(self, url: str, max_bytes: int, *, check=None, truncate: bool = False,
             given: bool = False) -> tuple[bytes, str | None, str | None]:
        """(body, format, charset) of `url`; raises FetchError with the reason.

        `check(mime, url)` runs on the final response before its body is read, to refuse a
        content type without downloading it. `given`: the user named `url`, so its own
        connection may go to any address (the redirects it leads to are checked).
        """
        with self._open(url, given) as response:
            fmt, charset = self._final(response, check)
            data = self._read(response, max_bytes, truncate)
        if check and fmt is None:  # no content type: sniff, as for a file
            fmt = "html" if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<" else "markdown"
        return data, fmt, charset

    @contextmanager
    def _open(self, url: str, given: bool):
        """The answer `url` leads to, redirects followed; its body is read in the with-block,
        where every read stops at the deadline and an httpx error is a FetchError."""
        httpx = self._httpx
        opts = self.options
        deadline = time.monotonic() + opts.timeout
        chain = [_without_fragment(url)]
        current = url
        for hop in range(opts.max_redirects + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError(self._timed_out())
            # Every read and write of this hop stops at the deadline; its connection goes only
            # where the address policy lets it (anywhere for the first hop of a URL given).
            with self._scope.request(deadline, trusted=given and hop == 0):
                response = self._send(current, remaining, redirected=hop > 0)
                try:
                    target = self._redirect(response, chain)
                    if target is None:
                        yield response
                        return
                except httpx.TimeoutException:
                    raise FetchError(self._timed_out()) from None
                except httpx.HTTPError as e:
                    raise FetchError(reason(e)) from None
                finally:
                    response.close()
            current = target
        raise FetchError(f"more than {opts.max_redirects} redirect{'s' if opts.max_redirects != 1 else ''} (the last to {chain[-1]})")

    def _send(self, url: str, remaining: float, redirected: bool):
        """The response to one GET, its body not read yet; FetchError when there is none."""
        httpx = self._httpx
        try:
            request = self._client.build_request("GET", url, timeout=httpx.Timeout(remaining))
            return self._client.send(request, stream=True)
        except httpx.TimeoutException:
            raise FetchError(self._timed_out()) from None
        except httpx.InvalidURL as e:
            raise FetchError(f"invalid URL ({e})") from None
        except httpx.HTTPError as e:
            refused = _refusal(e)
            if refused is None:
                raise FetchError(reason(e)) from None
            raise FetchError(f"redirect to {url}: {refused}" if redirected else refused, refused=True) from None

    def _redirect(self, response, chain: list[str]) -> str | None:
        """Where a redirect leads (checked, and added to `chain`), or None for any other answer."""
        httpx = self._httpx
        status = response.status_code
        if status not in _REDIRECTS or "location" not in response.headers:
            return None
        try:
            target = response.url.join(response.headers["location"])
        except (httpx.InvalidURL, ValueError):
            raise FetchError(f"HTTP {status} redirect to an invalid URL {response.headers['location']!r}") from None
        if target.scheme not in ("http", "https"):
            raise FetchError(f"HTTP {status} redirect to a {target.scheme or 'relative'}: URL, which is not fetched")
        key = _without_fragment(str(target))
        if key in chain:
            raise FetchError("redirect loop: " + " -> ".join(chain + [key]))
        chain.append(key)
        return str(target)

    @staticmethod
    def _final(response, check) -> tuple[str | None, str | None]:
        """(format, charset) of a final answer, or FetchError for one that is not a page."""
        status = response.status_code
        if status >= 400:
            raise FetchError(f"HTTP {status} {response.reason_phrase}".rstrip(), status)
        if not 200 <= status < 300:
            raise FetchError(f"HTTP {status} {response.reason_phrase} (not a page)".rstrip())
        if check and status in (204, 205):  # no body by definition: not an empty page
            raise FetchError(f"HTTP {status} {response.reason_phrase} (no page to lint)".rstrip())
        mime, charset = content_type(response.headers.get("content-type"))
        return (check(mime, str(response.url)) if check else None), charset

    def _timed_out(self) -> str:
        return f"timed out after {self.options.timeout:g} s"

    def _read(self, response, max_bytes: int, truncate: bool) -> bytes:
        declared = response.headers.get("content-length", "")
        identity = response.headers.get("content-encoding", "").strip().lower() in ("", "identity")
        if not truncate and identity and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"body of {size(int(declared))} is over the {size(max_bytes)} size cap")
        parts: list[bytes] = []
        total = 0
        for piece in self._chunks(response, max_bytes, truncate):
            parts.append(piece)
            total += len(piece)
        return b"".join(parts)

    def _chunks(self, response, max_bytes: int, truncate: bool = False) -> Iterator[bytes]:
        """The body, inflated, a piece at a time; FetchError past `max_bytes` (or, with
        `truncate`, the first `max_bytes` only), past the deadline or when cut short. The
        deadline stands still while the reader has a piece (see Scope.paused)."""
        inflater = Inflater(response.headers.get("content-encoding", "").strip().lower())
        total = 0
        # The raw stream, not iter_raw(): the inflating is done here, with its own limit.
        for chunk in response.stream:
            if self._scope.left() <= 0:
                raise FetchError(self._timed_out())
            for piece in inflater.pieces(chunk):
                if total + len(piece) > max_bytes:
                    if truncate:
                        yield piece[: max_bytes - total]
                        return
                    what = "once decompressed" if inflater.encoding not in ("", "identity") else ""
                    raise FetchError(f"body over the {size(max_bytes)} size cap {what}".rstrip())
                total += len(piece)
                with self._scope.paused():
                    yield piece
        inflater.finish()

class _Robots:
    """One host's robots.txt: the parser, what a page it disallows is skipped as, and a note
    for standard error that the first page to ask takes (so it is said once per host)."""

    def __init__(self, parser: RobotFileParser, skipped: str = "disallowed by robots.txt", note: str | None = None,
                 refused: str | None = None):
        self.parser = parser
        self.skipped = skipped
        self.refused = refused  # why the host's pages are not fetched at all (its address)
        self._note = note
        self._lock = threading.Lock()

    def take_note(self) -> str | None:
        with self._lock:
            note, self._note = self._note, None
        return note


def _refusal(exc: BaseException) -> str | None:
    """The address policy's message, when that is why a connection was not made."""
    e: BaseException | None = exc
    for _ in range(10):
        if e is None:
            return None
        if isinstance(e, AddressRefused):
            return str(e)
        e = e.__cause__ or e.__context__
    return None


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]
