"""The one record every check yields and every formatter reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: i for i, name in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace source[start:end] (character offsets in the decoded file) with `text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: str
    message: str
    fix: str | None = None
    edits: tuple[Edit, ...] = field(default=(), compare=False)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("edits")
        return d


def input_error(path: str, message: str) -> Finding:
    """DL001: an input that could not be read, fetched or decoded."""
    return Finding(path, 1, 1, 1, 1, "DL001", "unreadable-input", "error", message)
