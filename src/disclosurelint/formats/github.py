"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding,
which GitHub shows as an annotation on the file and line.

Page text is never able to issue a command of its own: escape sequences and control
characters are removed, and what is left is escaped as the runner requires (`%`, CR and LF,
and NEL, U+2028 and U+2029 as LF, in the message; also `:` and `,` in property values), so a
finding is always exactly one line. File names are written by escape.path.
"""

from __future__ import annotations

from .base import Formatter
from .escape import github_data as escape_data
from .escape import github_property as escape_property
from .escape import message as capped
from .escape import path as shown_path

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


class GithubFormatter(Formatter):
    def handle(self, findings, *, path=None, source=None) -> None:
        for f in findings:
            path = shown_path(f.path)
            props = {"file": path, "line": f.line, "endLine": f.end_line}
            if f.end_line == f.line:  # GitHub takes columns only on a one-line annotation
                props.update(col=f.column, endColumn=f.end_column)
            props["title"] = f"{f.code} {f.name}"
            properties = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
            message = f"{path}:{f.line}:{f.column}: {f.code} {capped(f.message)}"
            self.stream.write(f"::{COMMANDS.get(f.severity, 'warning')} {properties}::{escape_data(message)}\n")
