"""Sitemaps: sitemap XML, sitemap indexes, gzipped sitemaps and local sitemap files → page URLs.

`expand()` reads each sitemap as the crawl reaches it and yields one `Source` per page URL,
in the order the sitemaps list them (an index's sitemaps depth-first), so a crawl of millions
of URLs never holds the list in memory. A sitemap that cannot be fetched or read, an entry
that is not an http(s) URL and an index nested too deeply are yielded as sources with an
`error` (one DL001 each); the crawl goes on.

XML is parsed with entity expansion, DTD loading and network access off and no huge-tree
allowance: an XXE sitemap cannot read a file or make a request, and a billion-laughs sitemap
is refused by libxml2's amplification limit instead of expanding. A `<loc>` that holds an
entity reference is reported, never guessed at. Gzipped sitemaps are recognised by their
magic bytes (whatever their name or content type) and inflated with a hard size limit.
"""

from __future__ import annotations

import io
import re
from typing import Callable, Iterable, Iterator

from .sources import InputError, Source, has_scheme, is_url
from .web import FetchError, inflate, size

# The sitemap protocol's own limit on one sitemap, uncompressed; 50,000 URLs fit in it.
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_DEPTH = 3
# Sitemaps read in one crawl, indexes included: 500 sitemaps of 50,000 URLs is 25 million pages,
# and a fan-out of indexes (each listing ten new ones) stops after 500 fetches, not 10**depth.
DEFAULT_MAX_SITEMAPS = 500
_GZIP_MAGIC = b"\x1f\x8b"


class _Limit(Exception):
    """--max-pages reached: stop reading sitemaps."""


def expand(
    sitemaps: Iterable[str],
    fetch_document: Callable[..., bytes],
    *,
    include: Iterable[re.Pattern] = (),
    exclude: Iterable[re.Pattern] = (),
    max_pages: int | None = None,
    depth: int = DEFAULT_DEPTH,
    max_sitemaps: int = DEFAULT_MAX_SITEMAPS,
) -> Iterator[Source]:
    """Page sources from the sitemaps given (URLs or local files), in sitemap order.

    `fetch_document(url, max_bytes, found=...)` returns a document's bytes or raises FetchError
    (`found`: the sitemap was listed in another, so the address policy applies to it).
    A page URL is kept when it matches any `include` pattern (or there are none) and no
    `exclude` pattern; each URL is yielded once however many sitemaps list it. `depth` is how
    many levels of sitemap index are followed below the sitemaps given, `max_sitemaps` how many
    sitemaps are read in all. Reading stops as soon as `max_pages` pages have been yielded.
    Sitemaps left out (too deep, over `max_sitemaps`) are counted and reported at the end, one
    DL001 for each reason, not one for each sitemap.
    """
    state = _Crawl(fetch_document, list(include), list(exclude), max_pages, depth, max_sitemaps)
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
    def __init__(self, fetch_document, include, exclude, max_pages, depth, max_sitemaps):
        self.fetch_document = fetch_document
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
        self.seen_pages: set[str] = set()
        self.seen_sitemaps: set[str] = set()

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
        try:
            data = self._load(location, found=level > 0)
        except (FetchError, InputError) as e:
            yield Source(location, error=f"sitemap: {e}")
            return
        try:
            for n, (kind, loc) in enumerate(_entries(data), start=1):
                if kind == "bad":
                    yield Source(location, error=f"sitemap entry {n}: {loc}")
                elif not is_url(loc):
                    yield Source(location, error=f"sitemap entry {n}: {_short(loc)!r} is not an http(s) URL")
                elif kind == "sitemap":
                    if level + 1 > self.depth:
                        self._leave_out(self.too_deep, "deep", loc)
                    else:
                        yield from self.walk(loc, level + 1)
                else:
                    yield from self._page(loc)
        except _SitemapError as e:
            yield Source(location, error=f"sitemap: {e}")

    def _page(self, url: str) -> Iterator[Source]:
        self.listed += 1
        if self.include and not any(p.search(url) for p in self.include):
            return
        if any(p.search(url) for p in self.exclude):
            return
        if url in self.seen_pages:
            return
        self.seen_pages.add(url)
        self.pages += 1
        yield Source(url, url=True, crawl=True)
        if self.max_pages is not None and self.pages >= self.max_pages:
            raise _Limit  # no further sitemap is fetched looking for a page that is not wanted

    def _load(self, location: str, found: bool) -> bytes:
        if is_url(location):
            data = self.fetch_document(location, SITEMAP_MAX_BYTES, found=found)
        elif has_scheme(location):
            raise InputError("only http:// and https:// sitemaps are fetched; give a local sitemap as a path")
        else:
            data = _read_file(location)
        if data.startswith(_GZIP_MAGIC):
            data = inflate(data, SITEMAP_MAX_BYTES)
        return data


def _read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(SITEMAP_MAX_BYTES + 1)
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}") from None
    if len(data) > SITEMAP_MAX_BYTES and not data.startswith(_GZIP_MAGIC):
        raise InputError(f"over the {size(SITEMAP_MAX_BYTES)} sitemap size limit")
    return data


class _SitemapError(Exception):
    pass


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _entries(data: bytes) -> Iterator[tuple[str, str]]:
    """("url" | "sitemap", location) for each entry, in document order, or ("bad", why).

    XML sitemaps (<urlset>, <sitemapindex>) are parsed incrementally and each entry is
    discarded once read; anything that does not start with `<` is read as the protocol's
    plain-text form, one URL a line.
    """
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        text = data.decode("utf-8", "replace")
        for line in text.splitlines():
            line = line.strip()
            if line:
                yield "url", line
        return

    from lxml import etree

    events = etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    kind = None
    try:
        for event, element in events:
            name = _local(element.tag)
            if kind is None:  # the root element says what this document is
                if name == "urlset":
                    kind = "url"
                elif name == "sitemapindex":
                    kind = "sitemap"
                else:
                    raise _SitemapError(f"not a sitemap (the root element is <{name}>, not <urlset> or <sitemapindex>)")
                continue
            if event != "end":
                continue
            if name == "loc" and _local(element.getparent().tag) == kind:
                if len(element):
                    yield "bad", "<loc> holds markup or an entity reference, which is not expanded"
                else:
                    yield kind, (element.text or "").strip()
            elif name == kind:
                # Done with this entry: drop it and what came before, so memory stays flat.
                element.clear()
                parent = element.getparent()
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as e:
        raise _SitemapError(f"not well-formed XML ({e})") from None
    if kind is None:
        raise _SitemapError("empty document")

