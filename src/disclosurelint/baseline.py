"""The baseline: findings recorded once (`--write-baseline`) and not reported again (`--baseline`).

A site with years of posts adopts the linter by recording what it finds today and failing
only on what is new. A finding is identified by its rule code, its file, and what it flags
rather than where: a digest of the source text its span covers (whitespace normalised), and
its occurrence among findings of the same code and digest in that file. So an edit above an
old finding, which moves it to another line, does not make it new; a second "[TBD]" added to
a file whose one "[TBD]" is recorded is new (occurrence 1 was never recorded).

Paths are stored relative to the baseline file's folder, so the baseline works whichever
folder the linter runs from and however the paths are spelled on the command line; URLs are
stored as they are. DL001 (an input that could not be read) is never recorded: it always fails.

The same identity gives GitLab Code Quality and SARIF results fingerprints that survive edits.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from .document import _LINE_BREAK  # so that lines here are the lines findings count
from .findings import Finding
from .sources import InputError, is_url, read_regular

FORMAT_KEY = "disclosurelint-baseline"
FORMAT_VERSION = 1
_DIGITS = re.compile(r"\d+")
_SHOWN = 80  # characters of flagged text kept in the file for people reading it
_CONTEXT = 120  # characters of a line that identify a point-like finding
MAX_BASELINE_BYTES = 256 * 1024 * 1024  # about 1.5 million recorded findings


class BaselineError(Exception):
    """A baseline file that cannot be read or written; the message names the file."""


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


class Baseline:
    """Recorded findings by path key; filters a run's findings and records new ones."""

    def __init__(self, file: str | os.PathLike, entries: list[dict] | None = None, *, writing: bool = False):
        self.file = Path(file)
        self.writing = writing  # recording this run's findings (--write-baseline), not filtering
        self.root = self.file.resolve().parent
        self.entries: dict[str, list[dict]] = {}  # path key -> its entries
        for e in entries or []:
            self.entries.setdefault(e["path"], []).append(e)
        self._keys = {p: {(e["code"], e["digest"], e["occurrence"]) for e in es} for p, es in self.entries.items()}
        self._recorded: dict[str, list[dict]] = {}  # path key -> this run's entries (writing)
        self._seen: set[str] = set()  # path keys filtered in this run
        self._used: set[tuple] = set()  # (path key, code, digest, occurrence) that matched

    # -- reading -----------------------------------------------------------------------------
    @classmethod
    def load(cls, file: str | os.PathLike) -> Baseline:
        if not os.path.lexists(file):
            raise BaselineError(f"{file}: baseline file not found (create it with --write-baseline)")
        try:
            data = json.loads(read_regular(file, MAX_BASELINE_BYTES).decode("utf-8"))
        except InputError as e:
            raise BaselineError(f"{file}: cannot read baseline: {e}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise BaselineError(f"{file}: not a disclosurelint baseline (invalid JSON: {e})") from None
        if not isinstance(data, dict) or FORMAT_KEY not in data:
            raise BaselineError(f"{file}: not a disclosurelint baseline (no {FORMAT_KEY!r} key)")
        if data[FORMAT_KEY] != FORMAT_VERSION:
            raise BaselineError(f"{file}: baseline format {data[FORMAT_KEY]!r} is not supported (expected {FORMAT_VERSION}); rewrite it with --write-baseline")
        entries = data.get("findings")
        if not isinstance(entries, list):
            raise BaselineError(f"{file}: key 'findings': expected a list")
        for i, e in enumerate(entries):
            if not (isinstance(e, dict) and isinstance(e.get("path"), str) and isinstance(e.get("code"), str)
                    and isinstance(e.get("digest"), str) and isinstance(e.get("occurrence"), int)):
                raise BaselineError(f"{file}: findings[{i}]: expected path, code, digest (strings) and occurrence (a number)")
        return cls(file, entries)

    def path_key(self, path: str) -> str:
        """A finding's path as the baseline stores it: relative to the baseline's folder."""
        if is_url(path) or path == "-":
            return path
        try:
            key = Path(os.path.relpath(os.path.abspath(path), self.root)).as_posix()
        except ValueError:  # another drive on Windows
            key = Path(os.path.abspath(path)).as_posix()
        from .formats.escape import path as shown_path  # (formats import this module)

        return shown_path(key)  # a name that is not UTF-8 is kept, written losslessly

    # -- deciding ----------------------------------------------------------------------------
    def apply(self, findings: list[Finding], path: str, source: str | None) -> list[Finding]:
        """The baseline's decision for one input's findings: what is still reported.

        Filtering, the findings it does not record; writing, it records them all, so none is
        reported but DL001.
        """
        if self.writing:
            self.record(findings, path, source)
            return [f for f in findings if f.code == "DL001"]
        return self.new_findings(findings, path, source)

    def new_findings(self, findings: list[Finding], path: str, source: str | None) -> list[Finding]:
        """The findings of one input that the baseline does not hold (DL001 always stays)."""
        key = self.path_key(path)
        known = self._keys.get(key, set())
        out = []
        for f, (digest, n) in zip(findings, identities(findings, source)):
            ident = (f.code, digest, n)
            if f.code != "DL001" and ident in known:
                self._used.add((key, *ident))
            else:
                out.append(f)
        self._seen.add(key)
        return out

    def fixed(self) -> int:
        """Recorded findings of the inputs seen in this run that no longer occur."""
        return sum(
            1 for key in self._seen for e in self.entries.get(key, ())
            if (key, e["code"], e["digest"], e["occurrence"]) not in self._used
        )

    # -- writing -----------------------------------------------------------------------------
    def record(self, findings: list[Finding], path: str, source: str | None) -> None:
        """Remember one input's findings; `write` replaces that input's entries with them."""
        key = self.path_key(path)
        lines = SourceLines(source) if source is not None else None
        entries = self._recorded.setdefault(key, [])
        for f, (digest, n) in zip(findings, identities(findings, source)):
            if f.code == "DL001":
                continue
            text = flagged_text(f, lines)
            entries.append({"path": key, "code": f.code, "digest": digest, "occurrence": n,
                            "text": text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"})

    def recorded(self) -> int:
        return sum(len(es) for es in self._recorded.values())

    def write(self) -> None:
        """Write the baseline: this run's inputs as recorded, other inputs' entries kept."""
        merged = {**self.entries, **self._recorded}
        entries = sorted((e for es in merged.values() for e in es),
                         key=lambda e: (e["path"], e["code"], e["digest"], e["occurrence"]))
        note = "Findings recorded by disclosurelint --write-baseline; --baseline reports only findings not listed here."
        # One finding a line, so that a rewritten baseline diffs as the findings that changed.
        rows = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in entries)
        text = (f'{{\n  "{FORMAT_KEY}": {FORMAT_VERSION},\n  "note": {json.dumps(note)},\n'
                f'  "findings": [{chr(10) + rows + chr(10) + "  " if rows else ""}]\n}}\n')
        tmp = self.file.with_name(self.file.name + ".tmp")
        try:
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.replace(tmp, self.file)
        except OSError as e:
            try:
                tmp.unlink()
            except OSError:
                pass
            raise BaselineError(f"{self.file}: cannot write baseline: {e.strerror or e}") from None

    @classmethod
    def for_writing(cls, file: str | os.PathLike) -> Baseline:
        """A baseline to record into; an existing baseline's other inputs are kept, and a file
        that exists but is not a baseline is refused rather than overwritten."""
        baseline = cls.load(file) if os.path.exists(file) else cls(file)
        baseline.writing = True
        return baseline
