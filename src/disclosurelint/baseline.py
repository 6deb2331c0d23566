"""Finding identities that survive edits: what a finding flags, not where.

A finding is identified by its rule code, its file, a digest of the source text its span
covers (whitespace normalised) and its occurrence among findings of the same code and digest
in that file. So an edit above an old finding, which moves it to another line, leaves its
identity alone, while a second "[TBD]" added to a file is a new finding. GitLab Code Quality and
SARIF results carry fingerprints made from it; a baseline of known findings will too.
"""

from __future__ import annotations

import hashlib
import re

from .findings import Finding

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as document.py counts lines
_DIGITS = re.compile(r"\d+")
_CONTEXT = 120  # characters of a line that identify a point-like finding


class SourceLines:
    """A page's decoded source, addressed by the 1-based (line, column) findings carry."""

    def __init__(self, text: str):
        self.text = text
        self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def offset(self, line: int, column: int) -> int:
        i = min(max(line, 1), len(self._starts)) - 1
        return min(self._starts[i] + max(column, 1) - 1, self.line_end(i + 1))

    def line_end(self, line: int) -> int:
        """Offset of the end of `line`, before its line break."""
        i = min(max(line, 1), len(self._starts)) - 1
        end = self._starts[i + 1] if i + 1 < len(self._starts) else len(self.text)
        while end > self._starts[i] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def line(self, line: int) -> str:
        i = min(max(line, 1), len(self._starts)) - 1
        return self.text[self._starts[i]:self.line_end(i + 1)]

    def span(self, f: Finding) -> str:
        """The source text a finding covers (end_column is exclusive)."""
        return self.text[self.offset(f.line, f.column):self.offset(f.end_line, f.end_column)]


def flagged_text(f: Finding, lines: SourceLines | None) -> str:
    """What a finding flags, whitespace normalised: the source text of its span.

    Page-level rules mark a point, one character (the `<` of the byline element, the first
    letter of a claim): for them the line from that point on stands in, cut short, so that the
    identity is about what is there and not about the minified rest of a page. Without the
    source (it could not be decoded) the message stands in, digits dropped, since messages may
    quote line numbers.
    """
    if lines is not None:
        text = " ".join(lines.span(f).split())
        if len(text) > 1:
            return text
        rest = " ".join(lines.line(f.line)[max(f.column - 1, 0):].split())[:_CONTEXT]
        if rest or text:
            return rest or text
    return _DIGITS.sub("#", f.message)


def identities(findings: list[Finding], source: str | None) -> list[tuple[str, int]]:
    """For each finding of one input: (digest of its flagged text, occurrence among the
    findings of the same code and digest before it)."""
    lines = SourceLines(source) if source is not None else None
    seen: dict[tuple[str, str], int] = {}
    out = []
    for f in findings:
        digest = hashlib.sha256(flagged_text(f, lines).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        n = seen.get((f.code, digest), 0)
        seen[(f.code, digest)] = n + 1
        out.append((digest, n))
    return out


def fingerprints(findings: list[Finding], path: str, source: str | None) -> list[str]:
    """A stable fingerprint per finding: code, path, flagged text and occurrence, no line number."""
    return [
        hashlib.sha256(f"{f.code}\0{path}\0{digest}\0{n}".encode("utf-8", "surrogatepass")).hexdigest()
        for f, (digest, n) in zip(findings, identities(findings, source))
    ]
