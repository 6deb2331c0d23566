"""Sitemaps: sitemap XML, sitemap indexes, gzipped sitemaps and local sitemap files → page URLs.

`expand()` reads each sitemap as the crawl reaches it and yields one `Source` per page URL,
in the order the sitemaps list them (an index's sitemaps depth-first). A sitemap is parsed as
its bytes arrive (XML incrementally, each entry dropped once read; the plain-text form a line
at a time), what it lists waits on disk (not in memory) until the crawl yields it, and the set
of page URLs already seen keeps a 16-byte digest of each: memory stays flat however many URLs
the sitemaps list. Reading stops once `max_pages` pages are found, so a sitemap over the
protocol's 50 MiB limit is an error only when the pages wanted are not found before it.

A sitemap that cannot be fetched or read, an entry that is not an http(s) URL and the
sitemaps left out (nested too deep, over `max_sitemaps`) are yielded as sources with an
`error` (one DL001 each, or one for each limit); the crawl goes on.

XML is parsed with entity expansion, DTD loading and network access off and no huge-tree
allowance: an XXE sitemap cannot read a file or make a request, and a billion-laughs sitemap
is refused by libxml2's amplification limit instead of expanding. A `<loc>` that holds an
entity reference is reported, never guessed at. Gzipped sitemaps are recognised by their
magic bytes (whatever their name or content type) and inflated with a hard size limit.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import tempfile
from contextlib import contextmanager
from itertools import chain
from typing import Callable, Iterable, Iterator

from .sources import InputError, Source, has_scheme, is_url
from .web import FetchError, Inflater, size

# The sitemap protocol's own limit on one sitemap, uncompressed; 50,000 URLs fit in it.
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_DEPTH = 3
# Sitemaps read in one crawl, indexes included: 500 sitemaps of 50,000 URLs is 25 million pages,
# and a fan-out of indexes (each listing ten new ones) stops after 500 fetches, not 10**depth.
DEFAULT_MAX_SITEMAPS = 500
_GZIP_MAGIC = b"\x1f\x8b"
_PIECE = 64 * 1024  # bytes read from a local sitemap at a time
# A line of a plain-text sitemap longer than this is not a URL (the protocol's URLs are under
# 2,048 characters); it is reported, not held.
MAX_LINE = 64 * 1024
_BLANK = b"\xef\xbb\xbf \t\r\n"


class _Limit(Exception):
    """--max-pages reached: stop reading sitemaps."""


def expand(
    sitemaps: Iterable[str],
    open_document: Callable,
    *,
    include: Iterable[re.Pattern] = (),
    exclude: Iterable[re.Pattern] = (),
    max_pages: int | None = None,
    depth: int = DEFAULT_DEPTH,
    max_sitemaps: int = DEFAULT_MAX_SITEMAPS,
) -> Iterator[Source]:
    """Page sources from the sitemaps given (URLs or local files), in sitemap order.

    `open_document(url, max_bytes, found=...)` is a context manager giving a document's bytes
    as an iterator of pieces (web.Fetcher.open_document), raising FetchError at the start or on
    the way (`found`: the sitemap was listed in another, so the address policy applies to it).
    A page URL is kept when it matches any `include` pattern (or there are none) and no
    `exclude` pattern; each URL is yielded once however many sitemaps list it. `depth` is how
    many levels of sitemap index are followed below the sitemaps given, `max_sitemaps` how many
    sitemaps are read in all. Reading stops as soon as `max_pages` pages have been found.
    Sitemaps left out (too deep, over `max_sitemaps`) are counted and reported at the end, one
    DL001 for each reason, not one for each sitemap.
    """
    state = _Crawl(open_document, list(include), list(exclude), max_pages, depth, max_sitemaps)
    sitemaps = list(sitemaps)
    try:
        for location in sitemaps:
            for source in state.walk(location, level=0):
                state.errors += source.error is not None
                yield source
    except _Limit:
        pass
    for source in state.left_out():
        state.errors += 1
        yield source
    if sitemaps and not state.pages and not state.errors:
        yield Source(sitemaps[0], error=f"sitemap: {state.why_no_page(len(sitemaps))}")


class _Crawl:
    def __init__(self, open_document, include, exclude, max_pages, depth, max_sitemaps):
        self.open_document = open_document
        self.include = include
        self.exclude = exclude
        self.max_pages = max_pages
        self.depth = depth
        self.max_sitemaps = max_sitemaps
        self.sitemaps_read = 0
        self.too_deep: list[str] = []  # the first sitemap left out for each reason, and a count
        self.over_budget: list[str] = []
        self.counts = {"deep": 0, "budget": 0}
        self.pages = 0
        self.listed = 0  # page entries, before include/exclude and duplicates
        self.errors = 0
        self.revisits = 0
        self.full = False  # max_pages pages found: nothing more is read
        self.seen_pages = DigestSet()
        self.seen_sitemaps: set[str] = set()  # at most max_sitemaps of them

    def why_no_page(self, given: int) -> str:
        """Why a crawl that reported no error yielded no page: a run that lints nothing must
        not end "All checks passed"."""
        sitemaps = "lists" if given == 1 else f"the {given} sitemaps given list"
        if self.listed:
            pages = f"{self.listed} page{'s' if self.listed != 1 else ''}"
            return f"{sitemaps} {pages}; none passes --sitemap-include and --sitemap-exclude"
        if self.revisits:
            return f"{sitemaps} no page (a sitemap index that lists only itself or sitemaps already read)"
        return f"{sitemaps} no page"

    def left_out(self) -> Iterator[Source]:
        """One DL001 for the sitemaps nested too deep, one for those over the budget."""
        more = {k: f", nor {n} more" if n else "" for k, n in self.counts.items()}
        if self.too_deep:
            levels = f"{self.depth} level{'s' if self.depth != 1 else ''}"
            them = "them" if self.counts["deep"] else "it"
            yield Source(self.too_deep[0], error=f"sitemap nested more than {levels} deep under the sitemaps given;"
                         f" not followed{more['deep']} (raise --sitemap-depth to follow {them})")
        if self.over_budget:
            yield Source(self.over_budget[0], error=f"sitemap not read{more['budget']}: the crawl has read the"
                         f" {self.max_sitemaps} sitemaps --max-sitemaps allows (raise it to read more)")

    def _leave_out(self, seen: list[str], reason: str, location: str) -> None:
        if seen:
            self.counts[reason] += 1
        else:
            seen.append(location)

    def walk(self, location: str, level: int) -> Iterator[Source]:
        key = location.split("#", 1)[0]
        if key in self.seen_sitemaps:  # an index that lists itself, or a sitemap listed twice
            self.revisits += 1
            return
        if self.sitemaps_read >= self.max_sitemaps:
            self._leave_out(self.over_budget, "budget", location)
            return
        self.seen_sitemaps.add(key)
        self.sitemaps_read += 1
        with self._list(location, level) as listing:
            for kind, loc, message in listing:
                if kind == "page":
                    yield Source(loc, url=True, crawl=True)
                elif kind == "error":
                    yield Source(loc, error=message)
                elif level + 1 > self.depth:
                    self._leave_out(self.too_deep, "deep", loc)
                else:
                    yield from self.walk(loc, level + 1)
        if self.full:
            raise _Limit  # no further sitemap is fetched looking for a page that is not wanted

    def _list(self, location: str, level: int) -> _Listing:
        """What one sitemap lists, read to its end (or to the page wanted last) at once, so its
        connection is held only while it is read, within the fetch's deadline."""
        listing = _Listing()
        try:
            with self._open(location, found=level > 0) as pieces:
                for n, (kind, loc) in enumerate(_entries(_inflated(pieces)), start=1):
                    self._entry(listing, location, n, kind, loc)
                    if self.full:
                        break
        except (FetchError, InputError, _SitemapError) as e:
            listing.add("error", location, f"sitemap: {e}")
        return listing

    def _entry(self, listing: _Listing, location: str, n: int, kind: str, loc: str) -> None:
        if kind == "bad":
            listing.add("error", location, f"sitemap entry {n}: {loc}")
        elif not is_url(loc):
            listing.add("error", location, f"sitemap entry {n}: {_short(loc)!r} is not an http(s) URL")
        elif kind == "sitemap":
            listing.add("sitemap", loc)
        else:
            self._page(listing, loc)

    def _page(self, listing: _Listing, url: str) -> None:
        self.listed += 1
        if self.include and not any(p.search(url) for p in self.include):
            return
        if any(p.search(url) for p in self.exclude):
            return
        if not self.seen_pages.add(url):
            return
        self.pages += 1
        listing.add("page", url)
        self.full = self.max_pages is not None and self.pages >= self.max_pages

    @contextmanager
    def _open(self, location: str, found: bool) -> Iterator[Iterator[bytes]]:
        if is_url(location):
            with self.open_document(location, SITEMAP_MAX_BYTES, found=found) as pieces:
                yield pieces
        elif has_scheme(location):
            raise InputError("only http:// and https:// sitemaps are fetched; give a local sitemap as a path")
        else:
            try:
                fh = open(location, "rb")
            except IsADirectoryError:
                raise InputError("is a directory") from None
            except FileNotFoundError:
                raise InputError("no such file") from None
            except OSError as e:
                raise InputError(f"cannot read: {e.strerror or e}") from None
            with fh:
                yield _file_pieces(fh)


def _file_pieces(fh) -> Iterator[bytes]:
    try:
        while piece := fh.read(_PIECE):
            yield piece
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}") from None


def _inflated(pieces: Iterable[bytes], limit: int = SITEMAP_MAX_BYTES) -> Iterator[bytes]:
    """The document's bytes, inflated when they are gzip (by their magic bytes, whatever the
    name or content type); InputError or FetchError past `limit` bytes, or when a gzip stream
    is cut short."""
    pieces = iter(pieces)
    head = b""
    for piece in pieces:
        head += piece
        if len(head) >= len(_GZIP_MAGIC):
            break
    gzipped = head.startswith(_GZIP_MAGIC)
    inflater = Inflater("gzip" if gzipped else "")
    total = 0
    for piece in chain([head], pieces):
        for out in inflater.pieces(piece):
            total += len(out)
            if total > limit:
                if gzipped:
                    raise FetchError(f"over the {size(limit)} size cap once decompressed")
                raise InputError(f"over the {size(limit)} sitemap size limit")
            yield out
    inflater.finish()


_KINDS = {"page": "p", "sitemap": "s"}
_KIND_OF = {v: k for k, v in _KINDS.items()}


class _Listing:
    """The entries of one sitemap, in order, as (kind, location, message) records: kept in
    memory while small and on disk beyond a megabyte, so a sitemap of a million URLs costs
    disk, not memory, until the crawl has yielded them."""

    def __init__(self):
        self._file = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8",
                                                   errors="surrogatepass", newline="\n")

    def add(self, kind: str, location: str, message: str = "") -> None:
        if kind in _KINDS and "\n" not in location:  # the bulk: a page or sitemap, as it is
            self._file.write(f"{_KINDS[kind]}{location}\n")
        else:  # an error, or a location holding a line break: one line of JSON
            self._file.write("J" + json.dumps([kind, location, message]) + "\n")

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        self._file.seek(0)
        for line in self._file:
            if line[0] == "J":
                yield tuple(json.loads(line[1:]))
            else:
                yield _KIND_OF[line[0]], line[1:-1], ""

    def __enter__(self) -> _Listing:
        return self

    def __exit__(self, *exc) -> None:
        self._file.close()


class DigestSet:
    """A set of strings kept as 16-byte BLAKE2b digests: the first two bytes pick one of 65,536
    shards, each a bytearray of the other 14 bytes of its members, searched by `bytearray.find`
    (a few hundred bytes each for a million members). About 14 bytes a member and no table to
    rehash, where a Python set of the URLs costs their text plus some 80 bytes each. Two
    different URLs share a digest with a chance of about n**2 / 2**129: for a billion URLs, one
    in 10**20."""

    _REST = 14  # bytes of each digest kept in its shard (the other two chose the shard)

    def __init__(self):
        self._shards: list[bytearray | None] = [None] * (1 << 16)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def nbytes(self) -> int:
        """The bytes the members take (the shards' list and headers aside)."""
        return self._count * self._REST

    def add(self, text: str) -> bool:
        """Add `text`; True when it was not in the set yet."""
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        key, rest = int.from_bytes(digest[:2], "little"), digest[2:]
        shard = self._shards[key]
        if shard is None:
            self._shards[key] = bytearray(rest)
        else:
            at = shard.find(rest)
            while at != -1:
                if at % self._REST == 0:
                    return False
                at = shard.find(rest, at + 1)  # a match across two members: not one
            shard += rest
        self._count += 1
        return True


class _SitemapError(Exception):
    pass


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _entries(pieces: Iterable[bytes]) -> Iterator[tuple[str, str]]:
    """("url" | "sitemap", location) for each entry, in document order, or ("bad", why), as
    the pieces of the document arrive.

    XML sitemaps (<urlset>, <sitemapindex>) are parsed incrementally and each entry is
    discarded once read; anything that does not start with `<` is read as the protocol's
    plain-text form, one URL a line.
    """
    pieces = iter(pieces)
    head = b""
    for piece in pieces:
        head += piece
        if head.lstrip(_BLANK):
            break
        if len(head) > 4096:  # only blanks so far: more of them change nothing
            head = head[-4096:]
    rest = chain([head], pieces)
    if head.lstrip(_BLANK).startswith(b"<"):
        yield from _XmlEntries().read(rest)
    else:
        yield from _text_entries(rest)


_LINE_ENDS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines splits on


def _text_entries(pieces: Iterable[bytes]) -> Iterator[tuple[str, str]]:
    """The plain-text form: one URL a line, decoded as UTF-8 (bad bytes replaced); a line that
    does not end before the document does (a cut download) is not an entry."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    pending, overlong = "", False
    for piece in pieces:
        lines = (pending + decoder.decode(piece)).splitlines(keepends=True)
        pending = lines.pop() if lines and lines[-1][-1:] not in _LINE_ENDS else ""
        for line in lines:
            yield from _text_line(line, overlong)
            overlong = False
        if len(pending) > MAX_LINE:
            pending, overlong = "", True  # dropped as it comes: reported if it ever ends
    last = pending + decoder.decode(b"", final=True)
    if last or overlong:
        yield from _text_line(last, overlong)


def _text_line(line: str, overlong: bool) -> Iterator[tuple[str, str]]:
    if overlong:
        yield "bad", f"a line of over {size(MAX_LINE)}, which is not a URL"
    elif line.strip():
        yield "url", line.strip()


class _XmlEntries:
    """An XML sitemap's entries, from an incremental parser fed the pieces as they come."""

    def __init__(self):
        self.kind: str | None = None  # "url" or "sitemap", from the root element

    def read(self, pieces: Iterable[bytes]) -> Iterator[tuple[str, str]]:
        from lxml import etree

        parser = etree.XMLPullParser(
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            for piece in pieces:
                parser.feed(piece)
                yield from self._events(parser.read_events())
            parser.close()
            yield from self._events(parser.read_events())
        except etree.XMLSyntaxError as e:
            raise _SitemapError(f"not well-formed XML ({e})") from None
        if self.kind is None:
            raise _SitemapError("empty document")

    def _events(self, events) -> Iterator[tuple[str, str]]:
        for event, element in events:
            name = _local(element.tag)
            if self.kind is None:  # the root element says what this document is
                if name == "urlset":
                    self.kind = "url"
                elif name == "sitemapindex":
                    self.kind = "sitemap"
                else:
                    raise _SitemapError(f"not a sitemap (the root element is <{name}>, not <urlset> or <sitemapindex>)")
                continue
            if event != "end":
                continue
            if name == "loc" and _local(element.getparent().tag) == self.kind:
                if len(element):
                    yield "bad", "<loc> holds markup or an entity reference, which is not expanded"
                else:
                    yield self.kind, (element.text or "").strip()
            elif name == self.kind:
                # Done with this entry: drop it and what came before, so memory stays flat.
                element.clear()
                parent = element.getparent()
                while element.getprevious() is not None:
                    del parent[0]
