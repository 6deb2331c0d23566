"""HTML → Document.

lxml (libxml2, HTML5 tokenisation) builds the tree; it knows element lines but not columns.
So the source is also split once, by one regular expression, into markup tokens and the
text gaps between them, and every text node lxml reports is aligned, in document order, to
the gap it came from. That gives exact positions across entities, CRLF files and minified
single-line pages without a second parser. Start tags are matched to elements per tag name
in order (the n-th `<a` token is the n-th `a` element) to place links and byline elements.
"""

from __future__ import annotations

import html as _html
import json
import re
from dataclasses import dataclass, field

import lxml.etree as etree
import lxml.html

from ..document import (
    ATOMIC,
    HTML_TEXT,
    AttributeText,
    Byline,
    Instruction,
    Link,
    TextBuilder,
)
from .bylines import names_from_text, split_names

# Every alternative that has begun always matches, running to the end of the source when
# a tag, quote or comment is never closed (as an HTML5 tokeniser does at end of file). A
# pattern that could fail after scanning ahead would rescan from every following `<` and
# take quadratic time on a page of unclosed `<a ` (60 kB took 30 s). Runs of ordinary
# characters are taken whole (`[^>"']+`): one step per character made 6 MB take 3 s.
# A tag name runs to whitespace, `/` or `>` as in HTML5 (`<a_b>` is not an `a`), and raw-text
# elements end only at their own end tag, so that the n-th `<a` token is the n-th `a`
# element lxml builds: --fix writes at the token.
_NAME_END = r"(?![^\t\n\f\r />])"
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|xmp|noembed|noframes|iframe)" + _NAME_END
    + r"(?:[^>\"']+|\"[^\"]*(?:\"|\Z)|'[^']*(?:'|\Z))*(?:>|\Z)"
    r".*?(?:</\1" + _NAME_END + r"[^>]*(?:>|\Z)|\Z)"
    r"|<([A-Za-z][^\t\n\f\r />]*)(?:[^>\"']+|\"[^\"]*(?:\"|\Z)|'[^']*(?:'|\Z))*(?:>|\Z)"
    r"|</[A-Za-z][^>]*(?:>|\Z)"
    r"|<[!?][^>]*(?:>|\Z)",
    re.S | re.I,
)
_EMBEDDED_PI = re.compile(r"<\?(?:php\b|=)", re.I)
# Elements whose content is text, not markup (libxml2 treats <title> so inside <svg> too):
# their content is a text gap, and a `<a` in it no token.
_RCDATA_END = {
    name: re.compile(rf"</{name}{_NAME_END}[^>]*(?:>|\Z)", re.I) for name in ("title", "textarea")
}
# Elements nested deeper than this stop the page with an input error (engine: DL001). libxml2
# itself stops at 2048 levels even with XML_PARSE_HUGE (and at 256 without it), silently
# dropping the rest of the page; below that, a deep page costs time and memory per level.
MAX_DEPTH = 1000
_LIBXML_MAX_DEPTH = 2048


class ParseLimit(Exception):
    """A page over a parsing limit. `offset` is where in the source the limit was reached;
    `parse()` sets `line` and `column` from it."""

    def __init__(self, reason: str, offset: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.offset = offset
        self.line = 1
        self.column = 1

    def __str__(self) -> str:
        return f"{self.reason} at line {self.line}, column {self.column}; linting stopped (--max-depth raises the limit)"


def too_deep(limit: int, offset: int) -> ParseLimit:
    return ParseLimit(f"elements nested deeper than {limit} levels", offset)


_ATTR_VALUE = r"\b{name}\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)"

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav "
    "ol p section summary table tbody td tfoot th thead tr ul title legend center".split()
)
# Elements whose content is never page text.
SKIP_TAGS = frozenset(
    "script style template noscript code pre kbd samp svg math iframe object embed canvas "
    "textarea select head-meta audio video".split()
)
REGION_TAGS = {"header": "header", "nav": "nav", "footer": "footer", "aside": "aside"}
REGION_ROLES = {
    "banner": "header",
    "navigation": "nav",
    "contentinfo": "footer",
    "complementary": "aside",
}
# The site header and navigation when they are plain elements outside an <article> or <main>,
# as WordPress, Blogger and older themes mark them: by id, or by a class token that names the
# site's own header or menu. Article-level names ("entry-header", "post-header", a bare class
# "header") are not here: a byline lives there.
_CHROME = {"masthead": "header", "site-header": "header", "site-masthead": "header", "global-header": "header",
           "navbar": "nav", "site-nav": "nav", "site-navigation": "nav", "main-navigation": "nav",
           "main-nav": "nav", "primary-navigation": "nav", "global-nav": "nav"}
SITE_CHROME_IDS = {**_CHROME, "header": "header", "nav": "nav", "navigation": "nav", "menu": "nav"}
SITE_CHROME_CLASSES = _CHROME
HIDDEN_CLASSES = frozenset(
    ["sr-only", "screen-reader-text", "visually-hidden", "visuallyhidden", "hidden-visually"]
)
# Bylines there are commenters' (the contract) or site chrome: the site header and navigation.
_NOT_BYLINE_REGIONS = frozenset({"comments", "header", "nav"})
BYLINE_CLASSES = frozenset(["author", "byline", "entry-author", "post-author"])
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_FONT_SIZE = re.compile(r"font-size\s*:\s*([0-9]*\.?[0-9]+)\s*(px|pt|em|rem|%)?", re.I)
# CSS units in pixels at the default 16px root size; a bare number is only valid as 0.
_PX = {"px": 1.0, "pt": 4 / 3, "em": 16.0, "rem": 16.0, "%": 0.16}
_HTML_WS = " \t\n\r\f"


def hidden_reason(attrs) -> str | None:
    """Why an element with these attributes is invisible to a sighted reader, or None."""
    if "hidden" in attrs:
        return "the `hidden` attribute"
    if attrs.get("aria-hidden", "").strip().lower() == "true":
        return 'aria-hidden="true"'
    style = attrs.get("style")
    if style:
        if _DISPLAY_NONE.search(style):
            return "an inline display:none / visibility:hidden style"
        m = _FONT_SIZE.search(style)
        if m:
            unit = (m.group(2) or "").lower()
            value = float(m.group(1))
            if unit or value == 0:
                if value * _PX.get(unit, 1.0) < 10:
                    return f"an inline font-size of {m.group(1)}{m.group(2) or ''}"
    cls = attrs.get("class")
    if cls:
        for token in cls.split():
            if token.lower() in HIDDEN_CLASSES:
                return f"the `{token}` class"
    return None


def _attr_value_offset(token_text: str, name: str) -> tuple[int, int] | None:
    m = re.search(_ATTR_VALUE.format(name=re.escape(name)), token_text, re.I)
    if not m:
        return None
    start, end = m.span(1)
    if token_text[start] in "\"'":
        start, end = start + 1, end - 1
    return start, end


@dataclass
class HtmlResult:
    links: list[Link] = field(default_factory=list)
    bylines: list[Byline] = field(default_factory=list)
    attribute_texts: list[AttributeText] = field(default_factory=list)
    instructions: list[Instruction] = field(default_factory=list)
    comments: list[tuple[str, int, int]] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    lang: str | None = None


class _Tokens:
    """The source split into markup tokens and the text gaps between them."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.gaps: list[tuple[int, int]] = []
        self.starts: dict[str, list[tuple[int, int]]] = {}
        self.instructions: list[tuple[int, int]] = []
        self.comments: list[tuple[int, int]] = []
        pos = 0
        n = len(source)
        gaps = self.gaps
        starts = self.starts
        # One finditer, restarted only after the text of a <title> or <textarea> (whose
        # content is not markup); a loop of search() calls cost twice as much on a page.
        tokens = _TOKEN.finditer(source)
        while tokens is not None:
            restart = None
            for m in tokens:
                s, e = span = m.span()
                if s > pos:
                    gaps.append((pos, s))
                pos = e
                group = m.lastindex  # 2: a start tag; 1: a raw-text element; None: other
                if group is None:
                    if source.startswith("<!--", s):
                        self.comments.append(span)
                    elif source.startswith("<?", s):
                        self.instructions.append(span)
                    continue
                name = m.group(group).lower()
                if group == 1 and "<?" in m.group():
                    self._embedded_instructions(s, e)
                spans = starts.get(name)
                if spans is None:
                    starts[name] = [span]
                else:
                    spans.append(span)
                end = _RCDATA_END.get(name)
                if end is not None or name == "plaintext":
                    c = end.search(source, e) if end is not None else None
                    text_end, pos = c.span() if c else (n, n)
                    if text_end > e:
                        gaps.append((e, text_end))
                    restart = pos
                    break
            tokens = _TOKEN.finditer(source, restart) if restart is not None and restart < n else None
        if pos < n:
            gaps.append((pos, n))
        self.cursor = 0
        self._gaps_seen: dict[int, tuple[bool, str]] = {}

    def _embedded_instructions(self, s: int, e: int) -> None:
        """A server-side `<?php ... ?>` (or `<?= ... ?>`) inside a <script> or <style>: the
        browser sees text there, but PHP left it unrendered all the same."""
        source = self.source
        for m in _EMBEDDED_PI.finditer(source, s, e):
            end = source.find("?>", m.end(), e)
            self.instructions.append((m.start(), end + 2 if end != -1 else e))

    def _gap(self, j: int) -> tuple[bool, str]:
        """(only whitespace?, text as lxml reports it) of gap j, worked out once: a text node
        lxml reports differently from the source is compared with the next gaps, and a gap
        of hundreds of kilobytes was decoded again for each such node (seconds a page)."""
        found = self._gaps_seen.get(j)
        if found is None:
            if len(self._gaps_seen) > 256:  # the cursor only moves forward
                self._gaps_seen = {k: v for k, v in self._gaps_seen.items() if k >= self.cursor}
            a, b = self.gaps[j]
            raw = self.source[a:b]
            found = self._gaps_seen[j] = (raw.strip(_HTML_WS) == "", _decode(raw))
        return found

    def align(self, text: str) -> list[tuple[int, int, str]] | None:
        """The source gaps that produced `text` (a non-blank lxml text node), as
        (start, end, decoded text) pieces: one, or several when lxml dropped markup between
        them (a stray end tag)."""
        gaps = self.gaps
        want = _newlines(text)
        j = self.cursor
        examined = 0
        while j < len(gaps) and examined < 8:
            blank, dec = self._gap(j)
            if blank:
                j += 1
                continue
            examined += 1
            a, b = gaps[j]
            if dec == want:
                self.cursor = j + 1
                return [(a, b, text)]
            if want.startswith(dec):
                pieces, acc, k = [(a, b, dec)], dec, j + 1
                while k < len(gaps) and len(acc) < len(want):
                    ga, gb = gaps[k]
                    piece = self._gap(k)[1]
                    pieces.append((ga, gb, piece))
                    acc += piece
                    k += 1
                if acc == want:
                    self.cursor = k
                    return pieces
            j += 1
        return None


_CHUNK = 2048
_NOT_SPACE = re.compile(r"[^\s]")


def _visible_at(source: str, offset: int) -> int:
    """The first non-whitespace character at or after `offset` (within 256), else `offset`."""
    offset = max(0, min(offset, len(source)))
    m = _NOT_SPACE.search(source, offset, offset + 256)
    return m.start() if m else offset


def _chunks(source: str, a: int, e: int, text: str):
    """A long text gap as pieces of about _CHUNK source characters, cut after a space (no
    entity or line break spans one), so that finding the source position of an offset in it
    (Document.source_offset replays one segment) costs O(_CHUNK), not O(gap): a 200 kB line
    with thousands of matches took minutes. The text is unchanged: the builder collapses a
    space at a cut exactly as inside a piece."""
    if e - a <= _CHUNK:
        return [(a, e, text)]
    out = []
    pos = a
    while e - pos > _CHUNK:
        cut = source.rfind(" ", pos + _CHUNK // 2, pos + _CHUNK)
        if cut == -1:
            cut = source.find(" ", pos + _CHUNK, e - 1)
            if cut == -1:
                break
        out.append((pos, cut + 1, _decode(source[pos : cut + 1])))
        pos = cut + 1
    out.append((pos, e, _decode(source[pos:e])))
    if "".join(piece for _, _, piece in out) != text:
        return [(a, e, text)]
    return out


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _decode(raw: str) -> str:
    """A source gap as lxml reports its text (entities decoded, newlines normalised)."""
    if "&" in raw:
        raw = _html.unescape(raw)
    if "\x00" in raw:
        raw = raw.replace("\x00", "\ufffd")
    return _newlines(raw)


class HtmlWalker:
    """Walks one HTML source (a page, or a raw-HTML block inside Markdown) into a builder."""

    def __init__(self, source: str, builder: TextBuilder, result: HtmlResult, base: int = 0,
                 max_depth: int = MAX_DEPTH):
        self.source = source
        self.max_depth = max_depth
        self.builder = builder
        self.result = result
        self.base = base
        self.tokens = _Tokens(source)
        self._seen: dict[str, int] = {}
        self._line_starts: list[int] | None = None
        self._last_src = base + _visible_at(source, 0)  # never on a line break: see _add_text

    # -- positions -------------------------------------------------------------------------
    def _start_tag(self, el) -> tuple[int, int] | None:
        tag = el.tag
        n = self._seen.get(tag, 0)
        self._seen[tag] = n + 1
        spans = self.tokens.starts.get(tag)
        if spans is not None and n < len(spans):
            return spans[n]
        return None

    def _line_offset(self, line: int | None) -> int:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", self.source)]
        if not line:
            return 0
        return self._line_starts[min(line, len(self._line_starts)) - 1]

    def _add_text(self, text: str | None, fallback_line: int | None) -> None:
        if not text:
            return
        b = self.builder
        if text.strip(_HTML_WS) == "":
            b.add_space(self._last_src)
            return
        pieces = self.tokens.align(text)
        if pieces is None:
            # Not found in the source: anchor it where it can be (the start of its element's
            # line, else just after the last text placed), on a character that is not a line
            # break, so that a span of one character there stays on one line.
            local = self._line_offset(fallback_line) if fallback_line else self._last_src - self.base
            src = self.base + _visible_at(self.source, local)
            b.add_html(text, src, src, ATOMIC)
            self._last_src = src
        else:
            for a, e, piece in pieces:
                for ca, ce, chunk in _chunks(self.source, a, e, piece):
                    b.add_html(chunk, self.base + ca, self.base + ce, HTML_TEXT)
            self._last_src = self.base + pieces[-1][1]

    # -- the walk --------------------------------------------------------------------------
    def walk(self, root) -> None:
        b = self.builder
        res = self.result
        stack: list[tuple] = []  # per open element: (restore_context, link, byline)
        bylines_open: list[list] = []
        closed_details: list[int] = []
        articles = 0  # open <article> and <main> elements
        walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
        for event, el in walker:
            if event == "comment" or event == "pi":
                self._add_text(el.tail, None)
                continue
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if event == "start":
                attrs = el.attrib
                tok = self._start_tag(el)
                if len(stack) >= self.max_depth:
                    raise too_deep(self.max_depth, self._tok_src(tok, el))
                if tag == "meta":
                    self._meta(attrs, tok)
                    stack.append(None)
                    continue
                if tag == "html":
                    lang = attrs.get("lang")
                    if lang:
                        res.lang = lang.strip()
                if tag == "script":
                    if attrs.get("type", "").strip().lower() == "application/ld+json":
                        self._json_ld(el.text or "", tok)
                    walker.skip_subtree()
                    stack.append(None)
                    continue
                if tag in SKIP_TAGS:
                    self._count_skipped(el)
                    walker.skip_subtree()
                    stack.append(None)
                    continue
                kind, hidden, region = b.context
                # Most elements have no attributes: nothing can hide them or make them a byline.
                new_hidden = hidden_reason(attrs) if attrs else None
                ctx_hidden = hidden or new_hidden
                if tag == "details" and "open" not in attrs:
                    closed_details.append((len(stack) + 1, ctx_hidden))
                    ctx_hidden = ctx_hidden or "a closed <details> element"
                elif tag == "summary" and closed_details and len(stack) == closed_details[-1][0]:
                    ctx_hidden = closed_details[-1][1] or new_hidden
                new_region = self._region(tag, attrs, region, articles > 0)
                if tag == "article" or tag == "main":
                    articles += 1
                is_block = tag in BLOCK_TAGS
                restore = None
                if is_block or ctx_hidden != hidden or new_region != region:
                    restore = b.set_context(tag if is_block else kind, ctx_hidden, new_region)
                if tag == "br":
                    b.add_break(self.base + tok[0] if tok else self._last_src)
                link = None
                if tag == "a" and "href" in attrs:
                    src_s, src_e = (tok if tok else (_visible_at(self.source, self._line_offset(el.sourceline)), 0))
                    link = Link(
                        href=attrs.get("href", "").strip(),
                        rel=frozenset(attrs.get("rel", "").lower().split()),
                        text_start=b.length,
                        text_end=b.length,
                        src_start=self.base + src_s,
                        src_end=self.base + max(src_s, src_e),
                        kind="a",
                        hidden=ctx_hidden,
                        region=new_region,
                        title=attrs.get("title"),
                    )
                    if "author" in link.rel and new_region not in _NOT_BYLINE_REGIONS:
                        bylines_open.append(["rel-author", b.length, self._tok_src(tok, el), False])
                if attrs:
                    for attr in ("alt", "title"):
                        value = attrs.get(attr)
                        if value and value.strip():
                            res.attribute_texts.append(
                                AttributeText(attr, value.strip(), self._tok_src(tok, el), b.length, ctx_hidden)
                            )
                byline = None
                if attrs and new_region not in _NOT_BYLINE_REGIONS and self._is_byline_element(attrs):
                    for open_ in bylines_open:
                        open_[3] = True  # has an inner byline element: use the inner one
                    byline = ["element", b.length, self._tok_src(tok, el), False]
                    bylines_open.append(byline)
                stack.append((restore, link, byline))
                self._add_text(el.text, el.sourceline)
            else:  # end
                if tag == "article" or tag == "main":
                    articles -= 1
                entry = stack.pop() if stack else None
                if entry is not None:
                    restore, link, byline = entry
                    if link is not None:
                        link.text_end = b.length
                        res.links.append(link)
                        if bylines_open and bylines_open[-1][0] == "rel-author":
                            kind_, start, src, _ = bylines_open.pop()
                            names = split_names(b.text_since(start))
                            if names:
                                res.bylines.append(Byline("rel-author", names, src))
                    if byline is not None:
                        if bylines_open and bylines_open[-1] is byline:
                            bylines_open.pop()
                        if not byline[3]:
                            names = names_from_text(b.text_since(byline[1]))
                            if names:
                                res.bylines.append(Byline("element", names, byline[2]))
                    if tag == "details" and closed_details and closed_details[-1][0] == len(stack) + 1:
                        closed_details.pop()
                    if restore is not None:
                        b.restore_context(restore)
                self._add_text(el.tail, None)

    def _count_skipped(self, el) -> None:
        """Elements in a subtree the walk skips still used up their start tags: count them,
        or a link after a `<pre><a ...>` would be matched to the tag inside the <pre>."""
        seen = self._seen
        for sub in el.iterdescendants():
            tag = sub.tag
            if isinstance(tag, str):
                seen[tag] = seen.get(tag, 0) + 1

    def _tok_src(self, tok, el) -> int:
        if tok:
            return self.base + tok[0]
        return self.base + _visible_at(self.source, self._line_offset(el.sourceline))

    @staticmethod
    def _is_byline_element(attrs) -> bool:
        if attrs.get("itemprop", "").strip().lower() == "author":
            return True
        cls = attrs.get("class")
        if cls:
            for token in cls.split():
                if token.lower() in BYLINE_CLASSES:
                    return True
        return False

    @staticmethod
    def _region(tag: str, attrs, current: str | None, in_article: bool = False) -> str | None:
        if current == "comments" or (not attrs and tag not in REGION_TAGS):
            return current  # most elements: no attributes and a tag that starts no region
        ident = (attrs.get("id", "") + " " + attrs.get("class", "")).lower()
        if "comment" in ident:
            return "comments"
        region = REGION_TAGS.get(tag)
        if region is None:
            region = REGION_ROLES.get(attrs.get("role", "").strip().lower())
            if region is None and not in_article:
                # Themes that predate <header>/<nav>: <div id="header" class="site-header">.
                region = SITE_CHROME_IDS.get(attrs.get("id", "").strip().lower())
                if region is None:
                    for token in attrs.get("class", "").lower().split():
                        region = SITE_CHROME_CLASSES.get(token)
                        if region is not None:
                            break
        elif region in ("header", "footer") and in_article:
            # An article's own header or footer is part of the article, not site chrome.
            # (Counted on the walk: asking each element for its ancestors cost time
            # proportional to depth × elements on a deep page.)
            region = None
        if region is not None and current is None:
            return region
        return current

    def _meta(self, attrs, tok) -> None:
        name = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        itemprop = attrs.get("itemprop", "").strip().lower()
        content = attrs.get("content")
        if content is None:
            if attrs.get("charset"):
                return
            return
        src = self.base + tok[0] if tok else self._last_src
        if name in ("og:site_name", "application-name", "twitter:site"):
            self.result.meta.setdefault("site_names", []).append(content.strip().lstrip("@"))
        if name == "author" or itemprop == "author":
            names = split_names(content)
            if names:
                kind = "meta" if name == "author" else "element"
                self.result.bylines.append(Byline(kind, names, src))
        elif name == "description" and "description" not in self.result.meta:
            self.result.meta["description"] = content
            value = _attr_value_offset(self.source[tok[0] : tok[1]], "content") if tok else None
            prev = self.builder.set_context("description", None, None)
            if value:
                a, e = tok[0] + value[0], tok[0] + value[1]
                self.builder.add_html(content, self.base + a, self.base + e, HTML_TEXT)
            else:
                self.builder.add_html(content, src, src, ATOMIC)
            self.builder.restore_context(prev)

    def _json_ld(self, text: str, tok) -> None:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return
        src = self.base + tok[0] if tok else self._last_src
        if tok:
            at = self.source.find('"author"', tok[1])
            if at != -1:
                src = self.base + at
        names = json_ld_authors(data)
        self.result.meta.setdefault("site_names", []).extend(json_ld_site_names(data))
        self.result.meta.setdefault("persons", []).extend(json_ld_persons(data))
        if names:
            self.result.bylines.append(Byline("json-ld", names, src))
        self.result.meta.setdefault("json_ld", []).append(data)


def _json_ld_nodes(data) -> list[dict]:
    nodes = data if isinstance(data, list) else [data]
    out = []
    for node in nodes:
        if isinstance(node, dict):
            out.append(node)
            if isinstance(node.get("@graph"), list):
                out.extend(n for n in node["@graph"] if isinstance(n, dict))
    return out


def json_ld_site_names(data) -> list[str]:
    """Names of the site and its publisher: an author byline naming them is not a person."""
    names = []
    for node in _json_ld_nodes(data):
        types = node.get("@type")
        types = types if isinstance(types, list) else [types]
        if ("Organization" in types or "WebSite" in types) and isinstance(node.get("name"), str):
            names.append(node["name"])
        publisher = node.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
    return names


def json_ld_persons(data) -> list[str]:
    """Names the page's JSON-LD declares as people (a personal blog named after its author)."""
    names = []

    def visit(node, depth=0):
        if depth > 20:
            return
        if isinstance(node, list):
            for n in node:
                visit(n, depth + 1)
        elif isinstance(node, dict):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if "Person" in types and isinstance(node.get("name"), str):
                names.append(node["name"])
            for v in node.values():
                if isinstance(v, (list, dict)):
                    visit(v, depth + 1)

    visit(data)
    return names


def json_ld_authors(data) -> list[str]:
    """Author names of the page's own JSON-LD objects (top level and @graph)."""
    nodes: list = []
    if isinstance(data, list):
        nodes.extend(data)
    elif isinstance(data, dict):
        nodes.append(data)
    expanded = []
    for node in nodes:
        if isinstance(node, dict) and isinstance(node.get("@graph"), list):
            expanded.extend(n for n in node["@graph"] if isinstance(n, dict))
        if isinstance(node, dict):
            expanded.append(node)
    by_id = {n["@id"]: n for n in expanded if isinstance(n.get("@id"), str)}
    names: list[str] = []
    for node in expanded:
        author = node.get("author")
        if author is None:
            continue
        for value in author if isinstance(author, list) else [author]:
            if isinstance(value, str):
                names.extend(split_names(value))
            elif isinstance(value, dict):
                ref = by_id.get(value.get("@id")) if isinstance(value.get("@id"), str) else None
                merged = {**(ref or {}), **value}
                types = merged.get("@type", "Person")
                types = types if isinstance(types, list) else [types]
                if "Organization" in types and "Person" not in types:
                    continue
                name = merged.get("name")
                if isinstance(name, str):
                    names.extend(split_names(name))
    seen: list[str] = []
    for n in names:
        if n not in seen:
            seen.append(n)
    return seen


def parse_html_into(source: str, builder: TextBuilder, result: HtmlResult, base: int = 0,
                    max_depth: int = MAX_DEPTH) -> None:
    """Parse `source` (a whole page or a fragment) and walk it into `builder`.

    Raises ParseLimit for elements nested deeper than `max_depth`, or when libxml2 stops at
    one of its own limits, rather than linting a page cut short without saying so."""
    if not source.strip():
        return
    walker = HtmlWalker(source, builder, result, base, max_depth)
    for s, e in walker.tokens.comments:
        result.comments.append((source[s:e], base + s, base + e))
    # Processing instructions anywhere outside <script>/<style>, even inside code or
    # <template>: a real `<?php` in the source is a leak wherever it stands.
    for s, e in walker.tokens.instructions:
        result.instructions.append(Instruction(source[s:e], base + s, base + e))
    # huge_tree: without it libxml2 drops the whole page at a text node or attribute over
    # 10 MB and everything after the 256th level of nesting, without an error. The size of
    # a page is bounded before it gets here (sources.MAX_BYTES), its depth by the walk.
    # A plain etree.HTMLParser: lxml.html's parser calls back into Python for every element
    # to choose its class, which the walk does not need.
    parser = etree.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError):
        # lxml refuses a few inputs (e.g. only a comment); there is no page text in them.
        _check_parser_limits(parser, walker)
        return
    walker.walk(root)  # first: its own depth limit names the place exactly
    _check_parser_limits(parser, walker)


def _check_parser_limits(parser, walker: HtmlWalker) -> None:
    """A page libxml2 stopped parsing part-way (a resource limit) is an error, not a page."""
    for entry in parser.error_log:
        if entry.type_name != "ERR_RESOURCE_LIMIT":
            continue
        offset = walker.base + walker._line_offset(entry.line)
        if "depth" in entry.message.lower():
            raise too_deep(min(walker.max_depth, _LIBXML_MAX_DEPTH), offset)
        raise ParseLimit(f"the HTML parser stopped at a limit ({entry.message.strip()})", offset)
