"""Formatters: findings in, text out. They never decide anything.

A formatter is a class with `start()`, `handle(findings)` (one file's findings, in input
order) and `finish(summary)`; a new format is one small module.
"""

from __future__ import annotations

from dataclasses import dataclass

from .json import JsonFormatter
from .text import TextFormatter

FORMATTERS = {"text": TextFormatter, "json": JsonFormatter}


@dataclass
class Summary:
    files: int = 0
    findings: int = 0
    by_severity: dict | None = None
    errors: int = 0  # DL001 inputs
