"""`--statistics`: how many findings each rule has, instead of the findings (as ruff does).

As a table, most frequent first (`[*]` marks rules whose findings `--fix` can fix), or, for
the JSON formats, an array of {code, name, count, fixable}.
"""

from __future__ import annotations

import json

from .base import Formatter


class StatisticsFormatter(Formatter):
    def __init__(self, stream, *, as_json: bool = False, **options):
        super().__init__(stream, **options)
        self.as_json = as_json
        self.counts: dict[str, list] = {}  # code -> [name, count, fixable]

    def handle(self, findings, *, path=None, source=None) -> None:
        for f in findings:
            row = self.counts.setdefault(f.code, [f.name, 0, 0])
            row[1] += 1
            row[2] += bool(f.edits)

    def rows(self) -> list[tuple[str, str, int, int]]:
        return sorted(((code, name, n, fixable) for code, (name, n, fixable) in self.counts.items()),
                      key=lambda r: (-r[2], r[0]))

    def finish(self, summary) -> None:
        rows = self.rows()
        if self.as_json:
            data = [{"code": c, "name": name, "count": n, "fixable": fixable} for c, name, n, fixable in rows]
            self.stream.write(json.dumps(data, indent=2) + "\n")
            return
        if not rows:
            return
        count_width = max(len(str(r[2])) for r in rows)
        code_width = max(len(r[0]) for r in rows)
        for code, name, n, fixable in rows:
            self.stream.write(f"{n:>{count_width}}\t{code:<{code_width}}\t{'[*] ' if fixable else ''}{name}\n")
        if any(r[3] for r in rows):
            self.stream.write("[*] fixable with `disclosurelint --fix`\n")
