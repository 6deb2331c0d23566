"""A JSON array of finding objects (path as given, 1-based line/column, end, code, ...)."""

from __future__ import annotations

import json


class JsonFormatter:
    def __init__(self, stream, color: bool = False):
        self.stream = stream
        self.first = True

    def start(self) -> None:
        self.stream.write("[")

    def handle(self, findings) -> None:
        for f in findings:
            self.stream.write(("\n  " if self.first else ",\n  ") + json.dumps(f.to_dict(), ensure_ascii=False))
            self.first = False

    def finish(self, summary) -> None:
        self.stream.write("\n]\n" if not self.first else "]\n")
