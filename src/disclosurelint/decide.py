"""Decisions after the checks: which rules run, per-file ignores, inline suppression.

Checks know nothing of this layer; it is applied in one place, in this order.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from .config import ConfigError


def _matches(code: str, selector: str) -> bool:
    selector = selector.strip().upper()
    return selector == "ALL" or code.startswith(selector)


def check_selectors(rules: dict, selectors, where: str) -> None:
    """Every selector must name at least one rule; `where` names the file and key or option."""
    for selector in selectors or ():
        if not any(_matches(code, selector) for code in rules):
            raise ConfigError(f"{where}: unknown rule code or prefix {selector!r} (see --list-rules)")


def select_codes(rules: dict, select, extend_select, ignore) -> list[str]:
    """Resolve --select / --extend-select / --ignore (codes or prefixes such as DL2)."""
    if select is None:
        chosen = {code for code, rule in rules.items() if rule.default}
    else:
        chosen = {code for code in rules if any(_matches(code, s) for s in select)}
    chosen |= {code for code in rules if any(_matches(code, s) for s in extend_select)}
    chosen -= {code for code in rules if any(_matches(code, s) for s in ignore)}
    return [code for code in rules if code in chosen]


def _file_ignores(path: str, config) -> list[str]:
    if not config.per_file_ignores:
        return []
    candidates = {path.replace(os.sep, "/")}
    try:
        candidates.add(Path(path).resolve().relative_to(config.root.resolve()).as_posix())
    except (ValueError, OSError):
        pass
    codes: list[str] = []
    for glob, ignored in config.per_file_ignores.items():
        if any(fnmatch.fnmatch(c, glob) or fnmatch.fnmatch(os.path.basename(c), glob) for c in candidates):
            codes.extend(ignored)
    return codes


def _suppressed_by_directives(finding, directives) -> bool:
    def covers(codes) -> bool:
        return not codes or any(_matches(finding.code, c) for c in codes)

    open_ranges: list[tuple[int, tuple]] = []
    ranges: list[tuple[int, int, tuple]] = []
    for d in directives:
        if d.action == "disable-file" and covers(d.codes):
            return True
        if d.action == "disable-next-line" and finding.line == d.end_line + 1 and covers(d.codes):
            return True
        if d.action == "disable":
            open_ranges.append((d.line, d.codes))
        elif d.action == "enable":
            still = []
            for start, codes in open_ranges:
                if not d.codes or (codes and set(codes) <= set(d.codes)):
                    ranges.append((start, d.line, codes))
                else:
                    still.append((start, codes))
            open_ranges = still
    ranges.extend((start, 10**12, codes) for start, codes in open_ranges)
    return any(a <= finding.line <= b and covers(codes) for a, b, codes in ranges)


def apply(findings: list, doc, config, path: str) -> list:
    ignored = _file_ignores(path, config)
    out = []
    for f in findings:
        if ignored and any(_matches(f.code, c) for c in ignored):
            continue
        if doc.directives and _suppressed_by_directives(f, doc.directives):
            continue
        out.append(f)
    return out
