"""JSON: `json`, an array of finding objects, and `json-lines`, one finding object per line.

Each object has path (as given), line, column, end_line, end_column (exclusive), code, name,
severity, message and fix.
"""

from __future__ import annotations

from .base import Formatter
from .escape import json_dumps, message, path


def finding_dict(f) -> dict:
    """A finding as a JSON object: its path written by escape.path (lossless), its message
    capped; json_dumps escapes what a JSON reader could take for a line break."""
    item = f.to_dict()
    item["path"] = path(f.path)
    item["message"] = message(f.message)
    return item


class JsonFormatter(Formatter):
    """A JSON array written as the findings come, one object a line."""

    def __init__(self, stream, **options):
        super().__init__(stream, **options)
        self.first = True

    def start(self) -> None:
        self.stream.write("[")

    def write_item(self, item: dict) -> None:
        self.stream.write(("\n  " if self.first else ",\n  ") + json_dumps(item))
        self.first = False

    def handle(self, findings, *, path=None, source=None) -> None:
        for f in findings:
            self.write_item(finding_dict(f))

    def finish(self, summary) -> None:
        self.stream.write("\n]\n" if not self.first else "]\n")


class JsonLinesFormatter(Formatter):
    """One object per line, written as each input is linted, for streaming consumers."""

    def handle(self, findings, *, path=None, source=None) -> None:
        for f in findings:
            self.stream.write(json_dumps(finding_dict(f)) + "\n")
