"""GitLab Code Quality: a JSON array of issues, which merge requests show as new or fixed.

Each issue has description, check_name, a fingerprint, severity and location (path, lines).
The fingerprint is the one the baseline uses (code, path, the flagged source text and its
occurrence, never the line number), so an issue stays the same issue when lines move, and
GitLab does not report every finding below an edit as fixed-and-new.
"""

from __future__ import annotations

from ..baseline import fingerprints
from .escape import message, path as shown_path
from .json import JsonFormatter

SEVERITIES = {"info": "info", "warning": "minor", "error": "major"}
INPUT_ERROR = "critical"  # DL001: the page could not be linted at all


class GitlabFormatter(JsonFormatter):
    needs_source = True

    def handle(self, findings, *, path=None, source=None) -> None:
        if not findings:
            return
        for f, fingerprint in zip(findings, fingerprints(findings, path or findings[0].path, source)):
            issue = {
                "description": f"{f.code} {message(f.message)}",
                "check_name": f.code,
                "fingerprint": fingerprint,
                "severity": INPUT_ERROR if f.code == "DL001" else SEVERITIES.get(f.severity, "minor"),
                "location": {"path": shown_path(f.path), "lines": {"begin": f.line, "end": f.end_line}},
            }
            self.write_item(issue)
