"""Markdown → Document.

pyromark (pulldown-cmark) reports every event with its byte range in the source, so each
text piece maps back exactly; entities and backslash escapes come as separate pieces.
It was chosen over markdown-it-py by measurement: `python benchmarks/markdown_parsers.py`
printed 3,871 pages/s for pyromark against 235 for markdown-it-py on 300 generated pages
(16x), and pyromark gives inline ranges where markdown-it-py only maps block lines.

Raw HTML blocks are walked by the HTML walker at their offset, so a `visually-hidden` div or
an `<a href>` inside Markdown is seen exactly as in an HTML page. Footnote definitions render
at the end of the page, so their text is appended last.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right

import pyromark
import yaml

from ..document import AttributeText, Byline, Instruction, Link, TextBuilder
from .bylines import split_names
from .html import MAX_DEPTH, HtmlResult, hidden_reason, parse_html_into, too_deep

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
)
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\r?\n(.*?)(?:\r?\n)\1[ \t]*(?:\r?\n|\Z)", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_ADMONITION = re.compile(r"(?:!!!|\?\?\?\+?)[ \t]*[\w-]+")
_INLINE_CODE = frozenset({"code", "kbd", "samp", "pre", "script", "style", "template"})
# Elements that never have content or an end tag: never left open on the inline stack.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_BLOCK_EVENTS = {
    "Paragraph": "p",
    "Item": "li",
    "TableCell": "td",
    "BlockQuote": "blockquote",
    "DefinitionListTitle": "dt",
    "DefinitionListDefinition": "dd",
}


class _ByteToChar:
    """Converts pyromark's UTF-8 byte offsets into character offsets of the same string."""

    def __init__(self, text: str) -> None:
        self.ascii = text.isascii()
        if self.ascii:
            return
        self.byte_pos: list[int] = []
        self.extra_after: list[int] = []
        extra = 0
        for m in re.finditer(r"[^\x00-\x7f]", text):
            ci = m.start()
            self.byte_pos.append(ci + extra)
            extra += len(m.group().encode("utf-8")) - 1
            self.extra_after.append(extra)

    def __call__(self, b: int) -> int:
        if self.ascii:
            return b
        k = bisect_right(self.byte_pos, b - 1)
        return b - (self.extra_after[k - 1] if k else 0)


def _attrs(raw: str) -> dict[str, str]:
    out = {}
    for m in _ATTR.finditer(raw):
        value = m.group(2) or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        out[m.group(1).lower()] = value
    return out


def _front_matter(source: str, builder: TextBuilder, bylines: list, meta: dict) -> int:
    """Parse YAML (---) or TOML (+++) front matter; returns where the Markdown body starts."""
    m = _FRONT_MATTER.match(source)
    if not m:
        return 0
    raw, body_start = m.group(2), m.start(2)
    data = None
    try:
        if m.group(1) == "---":
            data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        else:
            data = tomllib.loads(raw)
    except Exception:  # a broken front matter block is still not page text
        data = None
    if isinstance(data, dict):
        meta["front_matter"] = data
        for key in ("title", "description"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                offset = _key_value_offset(raw, key)
                prev = builder.set_context(key, None, None)
                if offset is None:
                    builder.add_verbatim(value, body_start, body_start)
                else:
                    a = body_start + offset
                    builder.add_mapped(value, align_value(value, source, a))
                builder.restore_context(prev)
                meta[key] = value
        for key in ("author", "authors"):
            value = data.get(key)
            names: list[str] = []
            if isinstance(value, str):
                names = split_names(value)
            elif isinstance(value, list):
                for v in value:
                    if isinstance(v, str):
                        names.extend(split_names(v))
                    elif isinstance(v, dict) and isinstance(v.get("name"), str):
                        names.extend(split_names(v["name"]))
            elif isinstance(value, dict) and isinstance(value.get("name"), str):
                names = split_names(value["name"])
            if names:
                offset = _key_offset(raw, key)
                bylines.append(Byline("front-matter", names, body_start + (offset or 0)))
        lang = data.get("lang") or data.get("language")
        if isinstance(lang, str):
            meta["lang"] = lang
    return m.end()


def align_value(value: str, source: str, start: int) -> list[int]:
    """Source offsets of each character of a parsed front-matter value.

    The value's source may differ from the value (quotes doubled, backslash escapes,
    \\u escapes, folded lines), so each character is looked for a few characters ahead;
    one that only an escape produced maps to where that escape starts."""
    offsets = []
    j = start
    n = len(source)
    for ch in value:
        window = source[j : j + 12]
        k = window.find(ch)
        if ch == " " and k == -1:
            k = next((i for i, c in enumerate(window) if c in " \t\r\n"), -1)
        if k == -1:
            offsets.append(min(j, n - 1) if n else 0)
            j = _skip_escape(source, j)
            continue
        offsets.append(j + k)
        j = j + k + 1
        if ch == " ":  # a folded line break: skip the next line's indentation
            while j < n and source[j] in " \t\r\n":
                j += 1
    return offsets


def _skip_escape(source: str, j: int) -> int:
    m = re.match(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)", source[j:])
    return j + (m.end() if m else 1)


def _key_offset(raw: str, key: str) -> int | None:
    m = re.search(rf"(?m)^[ \t]*{re.escape(key)}[ \t]*[:=]", raw)
    return m.start() if m else None


def _key_value_offset(raw: str, key: str) -> int | None:
    m = re.search(rf"(?m)^[ \t]*{re.escape(key)}[ \t]*[:=][ \t]*(?:[>|][-+]?[ \t]*\r?\n[ \t]*)?(\"\"\"|\'\'\'|[\"']?)", raw)
    return m.end() if m else None


def parse_markdown(source: str, builder: TextBuilder, result: HtmlResult, max_depth: int = MAX_DEPTH) -> None:
    """Walk pyromark's events into `builder`. Nesting (block quotes, lists, emphasis, links)
    deeper than `max_depth` raises ParseLimit: pulldown-cmark parses `>>>>…` or `- - - …`
    of any depth in linear time, but each level costs a few Python objects here."""
    body_start = _front_matter(source, builder, result.bylines, result.meta)
    body = source[body_start:]
    to_char = _ByteToChar(body)
    main = builder
    notes = TextBuilder()
    note_links: list[Link] = []
    b = main
    in_code = 0
    code_is_text = False
    image_depth = 0
    image_alt: list[str] = []
    image_src = 0
    last_block_admonition = False
    block_stack: list[tuple] = []
    inline_stack = _InlineStack()  # raw inline HTML elements: (tag, restore, link)
    links_open: list[Link] = []
    html_block: list[int] = []
    depth = 0

    def pos(r) -> tuple[int, int]:
        return body_start + to_char(r["start"]), body_start + to_char(r["end"])

    for ev, r in pyromark.events_with_range(body, options=_OPTIONS):
        if isinstance(ev, str):
            if ev in ("SoftBreak", "HardBreak"):
                if not in_code and not image_depth:
                    b.add_break(pos(r)[0])
            continue
        (key, value), = ev.items()
        if key == "Start":
            depth += 1
            if depth > max_depth:
                raise too_deep(max_depth, pos(r)[0])
        elif key == "End":
            depth -= 1
        if key == "Text":
            s, e = pos(r)
            if inline_stack and inline_stack.in_code():
                continue  # inside inline <code>, <kbd>, <samp> ...: code is not page text
            if image_depth:
                image_alt.append(value)
            elif in_code:
                if code_is_text:
                    b.add_verbatim(value, s, e)
            else:
                b.add_verbatim(value, s, e)
        elif key == "Start":
            name = value if isinstance(value, str) else next(iter(value))
            if name in _BLOCK_EVENTS or name == "Heading":
                kind = _BLOCK_EVENTS.get(name) or value["Heading"]["level"].lower()
                _, hidden, region = b.context
                block_stack.append(b.set_context(kind, hidden, region))
                if name == "Paragraph":
                    s, _ = pos(r)
                    last_block_admonition = bool(_ADMONITION.match(source, s))
            elif name == "FootnoteDefinition":
                b = notes
                block_stack.append(b.set_context("footnote", None, None))
            elif name == "CodeBlock":
                in_code += 1
                indented = value["CodeBlock"] == "Indented" if isinstance(value, dict) else False
                code_is_text = indented and last_block_admonition
                if code_is_text:
                    block_stack.append(b.set_context("admonition", *b.context[1:]))
            elif name == "Link":
                info = value["Link"]
                s, e = pos(r)
                _, hidden, region = b.context
                link = Link(
                    href=info.get("dest_url", ""),
                    rel=frozenset(),
                    text_start=b.length,
                    text_end=b.length,
                    src_start=s,
                    src_end=e,
                    kind="autolink" if info.get("link_type") in ("Autolink", "Email") else "markdown",
                    hidden=hidden,
                    region=region,
                    title=info.get("title") or None,
                )
                links_open.append(link)
            elif name == "Image":
                image_depth += 1
                if image_depth == 1:
                    image_alt = []
                    image_src = pos(r)[0]
            elif name == "HtmlBlock":
                html_block.append(pos(r)[0])
        elif key == "End":
            name = value if isinstance(value, str) else next(iter(value))
            if name in _BLOCK_EVENTS or name == "Heading":
                if block_stack:
                    b.restore_context(block_stack.pop())
            elif name == "FootnoteDefinition":
                if block_stack:
                    b.restore_context(block_stack.pop())
                b = main
            elif name == "CodeBlock":
                in_code -= 1
                if code_is_text and block_stack:
                    b.restore_context(block_stack.pop())
                else:
                    last_block_admonition = False
                code_is_text = False
            elif name == "Link":
                if links_open:
                    link = links_open.pop()
                    link.text_end = b.length
                    (note_links if b is notes else result.links).append(link)
            elif name == "Image":
                image_depth -= 1
                if image_depth == 0:
                    alt = "".join(image_alt).strip()
                    if alt:
                        result.attribute_texts.append(AttributeText("alt", alt, image_src, b.length, b.context[1]))
            elif name == "HtmlBlock":
                if html_block:
                    s = html_block.pop()
                    e = pos(r)[1]
                    parse_html_into(source[s:e], b, result, base=s, max_depth=max_depth)
        elif key == "InlineHtml":
            s, e = pos(r)
            _inline_html(value, s, e, b, result, inline_stack, note_links if b is notes else result.links)
            if len(inline_stack) > max_depth:
                raise too_deep(max_depth, s)
        elif key == "Code":
            b.add_space(pos(r)[0])
        elif key == "Html":
            pass  # part of an HtmlBlock, parsed whole at its end

    shift = main.extend(notes)
    for link in note_links:
        link.text_start += shift
        link.text_end += shift
        result.links.append(link)


class _InlineStack(list):
    """Open raw inline HTML elements, with a count per tag name so that a closing tag with
    no opening one, or a text piece asking whether it is inside <code>, costs no scan of the
    stack (a page of unmatched `</b>` after many `<span>` took quadratic time)."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}

    def push(self, entry: tuple) -> None:
        self.append(entry)
        self.counts[entry[0]] = self.counts.get(entry[0], 0) + 1

    def truncate(self, i: int) -> None:
        for entry in self[i:]:
            self.counts[entry[0]] -= 1
        del self[i:]

    def in_code(self) -> bool:
        counts = self.counts
        return any(counts.get(t) for t in _INLINE_CODE)


def _inline_html(raw, s, e, b, result, stack: _InlineStack, links) -> None:
    if raw.startswith("<!--"):
        result.comments.append((raw, s, e))
        return
    if raw.startswith("<?"):
        result.instructions.append(Instruction(raw, s, e))
        return
    m = _TAG.match(raw)
    if not m:
        return
    closing, tag = m.group(1) == "/", m.group(2).lower()
    if closing:
        if not stack.counts.get(tag):
            return
        for i in range(len(stack) - 1, -1, -1):
            if stack[i][0] == tag:
                for _tag, restore, link in reversed(stack[i:]):
                    if link is not None:
                        link.text_end = b.length
                        links.append(link)
                    if restore is not None:
                        b.restore_context(restore)
                stack.truncate(i)
                break
        return
    if tag == "br":
        b.add_break(s)
        return
    attrs = _attrs(m.group(3))
    for attr in ("alt", "title"):
        if attrs.get(attr, "").strip():
            result.attribute_texts.append(AttributeText(attr, attrs[attr].strip(), s, b.length, b.context[1]))
    if m.group(3).rstrip().endswith("/") or tag in _VOID:
        return
    kind, hidden, region = b.context
    new_hidden = hidden_reason(attrs)
    restore = None
    if new_hidden and not hidden:
        restore = b.set_context(kind, new_hidden, region)
    link = None
    if tag == "a" and "href" in attrs:
        link = Link(
            href=attrs["href"].strip(),
            rel=frozenset(attrs.get("rel", "").lower().split()),
            text_start=b.length,
            text_end=b.length,
            src_start=s,
            src_end=e,
            kind="a",
            hidden=hidden or new_hidden,
            region=region,
            title=attrs.get("title"),
        )
    stack.push((tag, restore, link))
