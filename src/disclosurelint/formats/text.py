"""`path:line:col: CODE [severity] message`, then a summary line. Colour only on a TTY."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def clean(text: str) -> str:
    """No control characters or escape sequences from page text reach the terminal."""
    return _CONTROL.sub("", str(text))


class TextFormatter:
    def __init__(self, stream, color: bool = False):
        self.stream = stream
        self.color = color

    def start(self) -> None:
        pass

    def handle(self, findings) -> None:
        for f in findings:
            where = f"{clean(f.path)}:{f.line}:{f.column}:"
            severity = f"[{f.severity}]"
            if self.color:
                where = _BOLD + where + _RESET
                severity = _COLOURS.get(f.severity, "") + severity + _RESET
            self.stream.write(f"{where} {f.code} {severity} {clean(f.message)}\n")

    def finish(self, summary) -> None:
        counts = summary.by_severity or {}
        if summary.findings == 0:
            line = f"All checks passed ({summary.files} file{'s' if summary.files != 1 else ''} checked)."
        else:
            parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info") if counts.get(s)]
            line = (
                f"Found {summary.findings} problem{'s' if summary.findings != 1 else ''} "
                f"({', '.join(parts)}) in {summary.files} file{'s' if summary.files != 1 else ''} checked."
            )
        self.stream.write(line + "\n")
