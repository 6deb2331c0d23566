"""What every formatter is: `start()`, then `handle()` once per input, then `finish()`."""

from __future__ import annotations


class Formatter:
    """Findings in, text out; a formatter never decides anything.

    `handle(findings, path=..., source=...)` is called once for every input linted, in input
    order, even when it has no findings (a JUnit test case passes). `source` is the input's
    decoded text, given only to formatters that set `needs_source` (it costs a second decode),
    and None when the input could not be read. `rules` are the rules that ran, by code, for
    formats that describe them (SARIF).
    """

    needs_source = False

    def __init__(self, stream, *, color: bool = False, rules: dict | None = None):
        self.stream = stream
        self.color = color
        self.rules = rules or {}

    def start(self) -> None:
        pass

    def handle(self, findings, *, path: str | None = None, source: str | None = None) -> None:
        pass

    def finish(self, summary) -> None:
        pass
