"""JSON: `json`, an array of finding objects, and `json-lines`, one finding object per line.

Each object has path (as given), line, column, end_line, end_column (exclusive), code, name,
severity, message and fix.
"""

from __future__ import annotations

import json

from .base import Formatter


class JsonFormatter(Formatter):
    """A JSON array written as the findings come, one object a line."""

    def __init__(self, stream, **options):
        super().__init__(stream, **options)
        self.first = True

    def start(self) -> None:
        self.stream.write("[")

    def write_item(self, item: dict) -> None:
        self.stream.write(("\n  " if self.first else ",\n  ") + json.dumps(item, ensure_ascii=False))
        self.first = False

    def handle(self, findings, *, path=None, source=None) -> None:
        for f in findings:
            self.write_item(f.to_dict())

    def finish(self, summary) -> None:
        self.stream.write("\n]\n" if not self.first else "]\n")


class JsonLinesFormatter(Formatter):
    """One object per line, written as each input is linted, for streaming consumers."""

    def handle(self, findings, *, path=None, source=None) -> None:
        for f in findings:
            self.stream.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
