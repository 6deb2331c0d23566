"""The Document: what parsing hands to checks.

A Document holds the page text as one string (blocks joined with a blank line, whitespace
inside a block collapsed as a browser would), and enough bookkeeping to map any offset in
that string back to the line and column of the original source. Checks never see markup.

Positions are computed only when a finding needs one: the text is built from *segments*,
each remembering where its source starts and ends and how it was transformed, and an offset
is resolved by bisecting the segment table and, if the segment was transformed (entities
decoded, whitespace collapsed), replaying that transformation over the few source characters
of that one segment.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

# How a segment's text relates to its source slice.
VERBATIM = 0  # text[i] comes from source[src_start + i]
HTML_TEXT = 1  # source slice has entities and uncollapsed whitespace
ATOMIC = 2  # every character maps to src_start (inserted breaks, markdown escapes)

_HTML_WS = re.compile(r"[ \t\n\r\f]+")


def _needs_collapse(text: str) -> bool:
    """Does the text hold whitespace other than single spaces? (Most text nodes do not, and
    these scans cost a tenth of the substitution.)"""
    return "\n" in text or "  " in text or "\t" in text or "\r" in text or "\f" in text


_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based (line, column) range in the original source; columns count characters."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(slots=True)
class Block:
    """A contiguous piece of page text that shares one rendering context."""

    start: int
    end: int
    kind: str  # p, h1..h6, li, td, title, description, footnote, block, ...
    hidden: str | None = None  # why a reader cannot see it, or None
    region: str | None = None  # header, nav, footer, aside, comments, or None


@dataclass(slots=True)
class Link:
    href: str
    rel: frozenset[str]
    text_start: int  # anchor text range in Document.text
    text_end: int
    src_start: int  # the opening tag (HTML) or link syntax (Markdown) in the source
    src_end: int
    kind: str = "a"  # a (HTML element), markdown, autolink
    hidden: str | None = None
    region: str | None = None
    title: str | None = None


@dataclass(slots=True)
class Byline:
    kind: str  # meta, json-ld, rel-author, element, visible, front-matter
    names: list[str]
    src_start: int


@dataclass(slots=True)
class AttributeText:
    """Text a reader only meets on hover or with images off: `title` and `alt`."""

    attr: str
    text: str
    src_start: int
    text_offset: int = -1  # where in reading order the element stands (Document.text offset)
    hidden: str | None = None  # the element itself is also hidden


@dataclass(slots=True)
class Instruction:
    """A processing instruction such as `<?php ... ?>` found in the source."""

    text: str
    src_start: int
    src_end: int


class TextBuilder:
    """Accumulates page text and its segment table while a parser walks the source."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.seg_text: list[int] = []
        self.seg_src: list[int] = []
        self.seg_src_end: list[int] = []
        self.seg_mode: list[int] = []
        self.seg_lead: list[bool] = []
        self.blocks: list[Block] = []
        self._block_start = 0
        self._context: tuple[str, str | None, str | None] = ("block", None, None)
        self._pending_space = False
        self._pending_space_src = 0

    # -- low level -------------------------------------------------------------------------
    def _emit(self, text: str, src: int, src_end: int, mode: int, lead: bool = False) -> None:
        self.seg_text.append(self.length)
        self.seg_src.append(src)
        self.seg_src_end.append(src_end)
        self.seg_mode.append(mode)
        self.seg_lead.append(lead)
        self.parts.append(text)
        self.length += len(text)

    def _flush_space(self) -> None:
        if self._pending_space:
            self._pending_space = False
            if self.length > self._block_start:
                self._emit(" ", self._pending_space_src, self._pending_space_src, ATOMIC)

    # -- text ------------------------------------------------------------------------------
    def add_html(self, raw_text: str, src: int, src_end: int, mode: int = HTML_TEXT) -> None:
        """Add a text node as a browser would render it (whitespace collapsed)."""
        text = _HTML_WS.sub(" ", raw_text) if _needs_collapse(raw_text) else raw_text
        if not text:
            return
        lead = False
        if text[0] == " ":
            lead = True
            text = text[1:]
            if not self._pending_space:
                self._pending_space = True
                self._pending_space_src = src
        if not text:
            return
        trail = text[-1] == " "
        if trail:
            text = text[:-1]
        self._flush_space()
        self._emit(text, src, src_end, mode, lead)
        if trail:
            self._pending_space = True
            self._pending_space_src = max(src, src_end - 1)

    def add_mapped(self, text: str, offsets: list[int]) -> None:
        """Add text whose characters come from the given source offsets (one per character),
        as verbatim runs wherever the offsets are consecutive."""
        if not text:
            return
        self._flush_space()
        start = 0
        for i in range(1, len(text) + 1):
            if i == len(text) or offsets[i] != offsets[i - 1] + 1:
                self._emit(text[start:i], offsets[start], offsets[i - 1] + 1, VERBATIM)
                start = i

    def add_verbatim(self, text: str, src: int, src_end: int | None = None) -> None:
        """Add text that already is what the reader sees (Markdown text events)."""
        if not text:
            return
        self._flush_space()
        if src_end is None:
            src_end = src + len(text)
        exact = src_end - src == len(text)
        self._emit(text, src, src_end, VERBATIM if exact else ATOMIC)

    def add_break(self, src: int, text: str = "\n") -> None:
        """A line break inside a block (`<br>`, a Markdown soft break)."""
        self._pending_space = False
        if self.length > self._block_start and not self.parts[-1].endswith("\n"):
            self._emit(text, src, src, ATOMIC)

    def add_space(self, src: int) -> None:
        if self.length > self._block_start and not self._pending_space:
            self._pending_space = True
            self._pending_space_src = src

    # -- blocks ----------------------------------------------------------------------------
    def _close_piece(self) -> None:
        self._pending_space = False
        if self.length > self._block_start:
            kind, hidden, region = self._context
            # drop a trailing line break inside the piece
            self.blocks.append(Block(self._block_start, self.length, kind, hidden, region))
            self._emit("\n\n", self.seg_src_end[-1], self.seg_src_end[-1], ATOMIC)
        self._block_start = self.length

    def set_context(self, kind: str, hidden: str | None, region: str | None) -> tuple:
        """Start a new block piece with this context; returns the previous context."""
        self._close_piece()
        previous = self._context
        self._context = (kind, hidden, region)
        return previous

    def restore_context(self, previous: tuple) -> None:
        self._close_piece()
        self._context = previous

    def text_since(self, start: int) -> str:
        """The text added since offset `start` (for byline and link labels)."""
        i = max(0, bisect_right(self.seg_text, start) - 1)
        joined = "".join(self.parts[i:])
        return joined[start - self.seg_text[i] :] if self.seg_text else ""

    def extend(self, other: "TextBuilder") -> int:
        """Append another builder's text (e.g. footnotes, which render last); returns the shift."""
        self._close_piece()
        other._close_piece()
        shift = self.length
        self.parts.extend(other.parts)
        self.seg_text.extend(t + shift for t in other.seg_text)
        self.seg_src.extend(other.seg_src)
        self.seg_src_end.extend(other.seg_src_end)
        self.seg_mode.extend(other.seg_mode)
        self.seg_lead.extend(other.seg_lead)
        for blk in other.blocks:
            blk.start += shift
            blk.end += shift
            self.blocks.append(blk)
        self.length += other.length
        self._block_start = self.length
        return shift

    @property
    def context(self) -> tuple[str, str | None, str | None]:
        return self._context

    def finish(self) -> str:
        self._close_piece()
        return "".join(self.parts)


class SourceMap:
    """Offsets in the source string to 1-based (line, column)."""

    __slots__ = ("source", "_starts")

    def __init__(self, source: str) -> None:
        self.source = source
        self._starts: list[int] | None = None

    def line_col(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.source)]
        offset = max(0, min(offset, len(self.source)))
        i = bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1


def _replay_html(raw: str, lead: bool) -> list[int]:
    """For each character the renderer produces from `raw`, its index in `raw`."""
    chars: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _ENTITY.finditer(raw):
        for i in range(pos, m.start()):
            chars.append(raw[i])
            index.append(i)
        decoded = html.unescape(m.group())
        for ch in decoded:
            chars.append(ch)
            index.append(m.start())
        pos = m.end()
    for i in range(pos, len(raw)):
        chars.append(raw[i])
        index.append(i)
    out: list[int] = []
    in_ws = False
    first_is_ws = False
    for ch, i in zip(chars, index):
        if ch in " \t\n\r\f":
            if not in_ws:
                if not out:
                    first_is_ws = True
                out.append(i)
            in_ws = True
        else:
            out.append(i)
            in_ws = False
    if lead and first_is_ws:
        out.pop(0)  # the builder dropped this leading space (it merged with the one before)
    return out


@dataclass
class Document:
    path: str
    format: str  # "html" or "markdown"
    source: str
    text: str
    blocks: list[Block]
    links: list[Link] = field(default_factory=list)
    bylines: list[Byline] = field(default_factory=list)
    attribute_texts: list[AttributeText] = field(default_factory=list)
    instructions: list[Instruction] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    lang: str | None = None
    directives: list = field(default_factory=list)
    cache: dict = field(default_factory=dict, repr=False)  # per-page analyses shared by checks
    seg_text: list[int] = field(default_factory=list, repr=False)
    seg_src: list[int] = field(default_factory=list, repr=False)
    seg_src_end: list[int] = field(default_factory=list, repr=False)
    seg_mode: list[int] = field(default_factory=list, repr=False)
    seg_lead: list[bool] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._srcmap = SourceMap(self.source)
        self._replays: dict[int, list[int]] = {}  # segment -> source index of each character
        self._block_starts = [b.start for b in self.blocks]

    @classmethod
    def from_builder(cls, builder: TextBuilder, **kw: Any) -> "Document":
        text = builder.finish()
        return cls(
            text=text,
            blocks=builder.blocks,
            seg_text=builder.seg_text,
            seg_src=builder.seg_src,
            seg_src_end=builder.seg_src_end,
            seg_mode=builder.seg_mode,
            seg_lead=builder.seg_lead,
            **kw,
        )

    # -- positions -------------------------------------------------------------------------
    def source_offset(self, text_offset: int) -> int:
        """The source offset that produced the character at `text_offset`."""
        if not self.seg_text:
            return 0
        i = bisect_right(self.seg_text, text_offset) - 1
        if i < 0:
            i = 0
        local = text_offset - self.seg_text[i]
        src, src_end, mode = self.seg_src[i], self.seg_src_end[i], self.seg_mode[i]
        if mode == VERBATIM:
            return min(src + local, max(src, src_end))
        if mode == ATOMIC:
            return src
        index = self._replays.get(i)
        if index is None:
            # Matches come in reading order, often many in one text node: replay each node
            # once, not once per match (16,000 matches in 2 kB nodes took 20 s).
            if len(self._replays) >= 64:
                self._replays.clear()
            index = self._replays[i] = _replay_html(self.source[src:src_end], self.seg_lead[i])
        if not index:
            return src
        return src + index[min(local, len(index) - 1)]

    def line_col(self, source_offset: int) -> tuple[int, int]:
        return self._srcmap.line_col(source_offset)

    def text_span(self, start: int, end: int) -> Span:
        """The source span of text[start:end]."""
        line, col = self.line_col(self.source_offset(start))
        last = max(start, end - 1)
        end_line, end_col = self.line_col(self.source_offset(last))
        if (end_line, end_col) < (line, col):
            end_line, end_col = line, col
        return Span(line, col, end_line, end_col + 1)

    def source_span(self, start: int, end: int) -> Span:
        line, col = self.line_col(start)
        end_line, end_col = self.line_col(max(start, end))
        return Span(line, col, end_line, end_col)

    # -- structure -------------------------------------------------------------------------
    def block_at(self, text_offset: int) -> Block | None:
        i = bisect_right(self._block_starts, text_offset) - 1
        if i >= 0 and self.blocks[i].start <= text_offset < self.blocks[i].end:
            return self.blocks[i]
        return None
