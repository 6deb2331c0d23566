"""Text for people: `text`, `concise` and `full`, each ending with a summary line.

- text:    `path:line:col: CODE [severity] message`
- concise: `path:line:col: CODE message`
- full:    the text line, the source line with the finding marked under it, and the fix.

Colour only on a terminal (or `--color always`). Page text never reaches the terminal as a
control character or escape sequence (see escape.py).
"""

from __future__ import annotations

import unicodedata

from ..baseline import SourceLines
from .base import Formatter
from .escape import message, one_line
from .escape import path as shown_path

_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_TAB = "    "
_WIDTH = 100  # columns of source shown around a finding on a long (say, minified) line
_BEFORE = 30  # of which, at most this many before the finding


def clean(text: object) -> str:
    """No control characters or escape sequences from page text reach the terminal, and no
    flood: what is shown is capped (escape.message)."""
    return one_line(message(text))


def summary_line(summary) -> str:
    counts = summary.by_severity or {}
    files = f"{summary.files} file{'s' if summary.files != 1 else ''}"
    n = getattr(summary, "config_errors", 0)
    broken = f"{n} configuration error{'s' if n != 1 else ''} (on standard error)" if n else ""
    if summary.findings == 0:
        return f"No problems found in {files} checked, but {broken}." if n else f"All checks passed ({files} checked)."
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info") if counts.get(s)]
    return (f"Found {summary.findings} problem{'s' if summary.findings != 1 else ''} ({', '.join(parts)}) in {files} checked"
            + (f"; and {broken}." if n else "."))


class TextFormatter(Formatter):
    show_severity = True

    def _paint(self, text: str, colour: str) -> str:
        return colour + text + _RESET if self.color else text

    def first_line(self, f) -> str:
        where = self._paint(f"{shown_path(f.path)}:{f.line}:{f.column}:", _BOLD)
        severity = " " + self._paint(f"[{f.severity}]", _COLOURS.get(f.severity, "")) if self.show_severity else ""
        return f"{where} {f.code}{severity} {clean(f.message)}\n"

    def handle(self, findings, *, path=None, source=None) -> None:
        for f in findings:
            self.stream.write(self.first_line(f))

    def finish(self, summary) -> None:
        self.stream.write(summary_line(summary) + "\n")


class ConciseFormatter(TextFormatter):
    show_severity = False


class FullFormatter(TextFormatter):
    """Like ruff's full output: the offending source line, a marker under the span, the fix."""

    needs_source = True

    def handle(self, findings, *, path=None, source=None) -> None:
        lines = SourceLines(source) if source is not None else None
        for f in findings:
            out = [self.first_line(f)]
            if lines is not None and f.code != "DL001":
                out += self._excerpt(f, lines)
            if f.fix:
                out.append(f"{' ' * len(str(f.line))} = fix: {clean(f.fix)}\n")
            self.stream.write("".join(out) + "\n")

    def _excerpt(self, f, lines: SourceLines) -> list[str]:
        text = lines.line(f.line)
        start = min(max(f.column - 1, 0), len(text))
        end = min(f.end_column - 1, len(text)) if f.end_line == f.line else len(text)
        shown, marks = _mark(text, start, max(end, start))
        number = str(f.line)
        gutter = " " * len(number) + " |"
        return [
            f"{gutter}\n",
            f"{self._paint(number + ' |', _DIM)} {shown}\n",
            f"{gutter} {self._paint(marks, _COLOURS.get(f.severity, ''))}\n",
        ]


def _piece(ch: str) -> tuple[str, int]:
    """How one source character is shown, and how many columns it takes."""
    if ch == "\t":
        return _TAB, len(_TAB)
    shown = one_line(ch)
    if not shown or unicodedata.combining(shown):
        return shown, 0
    return shown, 2 if unicodedata.east_asian_width(shown) in ("W", "F") else 1


def _mark(text: str, start: int, end: int) -> tuple[str, str]:
    """(`text` made printable, a line of spaces and carets under text[start:end]).

    Controls are dropped and tabs widened, so the carets stay under the characters they mark.
    A long line (a minified page is one) is cut to a window around the span, marked with an
    ellipsis where it was cut; only the window is looked at, so its length costs nothing.
    """
    lo, room = start, _BEFORE
    if len(text) <= _WIDTH and sum(_piece(ch)[1] for ch in text) <= _WIDTH:
        lo = 0  # the whole line fits
    while lo > 0 and _piece(text[lo - 1])[1] <= room:
        lo -= 1
        room -= _piece(text[lo])[1]
    pieces, used, hi = [], 0, lo
    while hi < len(text):
        piece = _piece(text[hi])
        if used + piece[1] > _WIDTH:
            break
        pieces.append(piece)
        used += piece[1]
        hi += 1
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(text) else ""
    shown = head + "".join(s for s, _ in pieces) + tail
    pad = len(head) + sum(w for _, w in pieces[:start - lo])
    marked = sum(w for _, w in pieces[start - lo:max(end, start) - lo])
    return shown.rstrip(), " " * pad + "^" * max(marked, 1)
