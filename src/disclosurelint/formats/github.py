"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding,
which GitHub shows as an annotation on the file and line.

Page text is never able to issue a command of its own: escape sequences and control
characters are removed, and what is left is escaped as the runner requires (`%`, CR and LF
in the message; also `:` and `,` in property values), so a finding is always exactly one line.
"""

from __future__ import annotations

from .base import Formatter
from .escape import strip_controls

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: object) -> str:
    return strip_controls(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: object) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter(Formatter):
    def handle(self, findings, *, path=None, source=None) -> None:
        for f in findings:
            props = {"file": f.path, "line": f.line, "endLine": f.end_line}
            if f.end_line == f.line:  # GitHub takes columns only on a one-line annotation
                props.update(col=f.column, endColumn=f.end_column)
            props["title"] = f"{f.code} {f.name}"
            properties = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
            message = f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}"
            self.stream.write(f"::{COMMANDS.get(f.severity, 'warning')} {properties}::{escape_data(message)}\n")
