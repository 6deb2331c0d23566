"""Parse decoded source text into a Document (HTML with lxml, Markdown with pyromark).

A page nested deeper than `max_depth` (default MAX_DEPTH) raises ParseLimit, which the
engine reports as an input error (DL001) naming the line: a page cut short would give
findings, or their absence, about a page nobody wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Byline, Document, TextBuilder
from .bylines import visible_bylines
from .html import MAX_DEPTH, HtmlResult, ParseLimit, parse_html_into
from .markdown import parse_markdown

_DIRECTIVE = re.compile(
    r"\s*<!--\s*disclosurelint-(disable-next-line|disable-file|disable|enable)\b(.*?)-->", re.S
)
_CODE = re.compile(r"[A-Za-z]+[0-9]*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Directive:
    """An inline suppression comment: `<!-- disclosurelint-disable DL201 -->`."""

    action: str  # disable, enable, disable-next-line, disable-file
    codes: tuple[str, ...]  # empty: every rule
    line: int
    end_line: int


def parse(text: str, fmt: str, path: str, max_depth: int = MAX_DEPTH) -> Document:
    builder = TextBuilder()
    result = HtmlResult()
    try:
        if fmt == "markdown":
            parse_markdown(text, builder, result, max_depth)
        else:
            parse_html_into(text, builder, result, max_depth=max_depth)
    except ParseLimit as e:
        offset = min(max(e.offset, 0), len(text))
        e.line = 1 + len(_LINE_BREAK.findall(text, 0, offset))
        line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
        e.column = offset - line_start + 1
        raise
    lang = result.lang or result.meta.get("lang")
    doc = Document.from_builder(
        builder,
        path=path,
        format=fmt,
        source=text,
        links=result.links,
        bylines=result.bylines,
        attribute_texts=result.attribute_texts,
        instructions=result.instructions,
        meta=result.meta,
        lang=lang,
    )
    for offset, names in visible_bylines(doc.text):
        block = doc.block_at(offset)
        if block is not None and (block.hidden or block.region in ("comments", "header", "nav")):
            continue
        doc.bylines.append(Byline("visible", names, doc.source_offset(offset)))
    doc.directives = directives(doc, result.comments)
    return doc


def directives(doc: Document, comments) -> list[Directive]:
    """Suppression directives from real HTML comments (not from code showing one)."""
    out = []
    for text, start, _end in sorted(comments, key=lambda c: c[1]):
        m = _DIRECTIVE.match(text)
        if not m:
            continue
        codes = tuple(c.upper() for c in _CODE.findall(m.group(2)))
        line, _ = doc.line_col(start)
        end_line, _ = doc.line_col(start + m.end())
        out.append(Directive(m.group(1), codes, line, end_line))
    return out
