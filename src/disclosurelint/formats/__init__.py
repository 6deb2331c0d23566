"""Formatters: findings in, text out. They never decide anything.

A formatter (base.Formatter) has `start()`, `handle(findings, path=..., source=...)` once per
input in input order, and `finish(summary)`; a new format is one small module and one line in
FORMATTERS.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Formatter
from .github import GithubFormatter
from .gitlab import GitlabFormatter
from .json import JsonFormatter, JsonLinesFormatter
from .junit import JunitFormatter
from .sarif import SarifFormatter
from .statistics import StatisticsFormatter
from .text import ConciseFormatter, FullFormatter, TextFormatter

FORMATTERS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "concise": ConciseFormatter,
    "full": FullFormatter,
    "json": JsonFormatter,
    "json-lines": JsonLinesFormatter,
    "sarif": SarifFormatter,
    "junit": JunitFormatter,
    "github": GithubFormatter,
    "gitlab": GitlabFormatter,
}


@dataclass
class Summary:
    files: int = 0
    findings: int = 0
    by_severity: dict | None = None
    errors: int = 0  # DL001 inputs
    config_errors: int = 0  # problems in the configuration or rule files (on standard error)


__all__ = ["FORMATTERS", "Formatter", "StatisticsFormatter", "Summary"]
