"""Pattern specs shared by the kinds: compile, combine into one scan, report bad data."""

from __future__ import annotations

import re

from .. import regex_safety
from ..rules import RuleError

_CASES = {"sensitive": "-i", "insensitive": "i"}


def spec_of(item, where: str) -> dict:
    if isinstance(item, str):
        return {"pattern": item, "case": "insensitive"}
    if not isinstance(item, dict) or not isinstance(item.get("pattern"), str):
        raise RuleError(f"{where}: each pattern must be a string or a mapping with 'pattern'")
    unknown = set(item) - {"pattern", "case", "formats", "label", "scope"}
    if unknown:
        raise RuleError(
            f"{where}: unknown pattern key '{sorted(unknown)[0]}' (pattern, case, formats, label, scope)"
        )
    if item.get("case", "insensitive") not in _CASES:
        raise RuleError(f"{where}: pattern 'case' must be sensitive or insensitive")
    return {"case": "insensitive", **item}


_GLOBAL_FLAGS = re.compile(r"^\(\?([imsx]+)\)")


def compile_one(spec: dict, where: str) -> str:
    """The pattern as a scoped group, so patterns with different flags combine into one."""
    pattern = spec["pattern"]
    # Page text is hostile input: a backtracking pattern could hang the run.
    why = regex_safety.unusable(pattern, re.I if spec.get("case", "insensitive") == "insensitive" else 0)
    if why:
        raise RuleError(f"{where}: {why}")
    flags = "i" if spec["case"] == "insensitive" else ""
    m = _GLOBAL_FLAGS.match(pattern)
    if m:  # a leading (?m) becomes part of the scoped group
        flags += m.group(1).replace("i", "")
        pattern = pattern[m.end():]
    off = "" if "i" in flags else "-i"
    return f"(?{flags}{off}:{pattern})"


def combine(
    specs: list[dict], where: str, fmt: str | None = None, scope: str | None = None
) -> tuple[re.Pattern | None, list[dict]]:
    """One regex for every spec that applies to `fmt` and `scope`; group `p<i>` tells which."""
    chosen = [
        s
        for s in specs
        if (fmt is None or fmt in s.get("formats", ("html", "markdown")))
        and (scope is None or scope in s.get("scope", ("text",)))
    ]
    if not chosen:
        return None, []
    alternatives = [f"(?P<p{i}>{compile_one(s, where)})" for i, s in enumerate(chosen)]
    try:
        return re.compile("|".join(alternatives)), chosen
    except re.error as e:
        raise RuleError(f"{where}: patterns do not combine: {e}") from None


def which(match: re.Match, chosen: list[dict]) -> dict:
    for i, spec in enumerate(chosen):
        if match.group(f"p{i}") is not None:
            return spec
    return chosen[0]


def single(spec: dict, where: str):
    """(compiled pattern, required literals, literals are lowercase, spec) for one pattern."""
    from ..models.prefilter import required_literals

    source = compile_one(spec, where)
    fold = spec["case"] == "insensitive"
    return re.compile(source), required_literals(source, fold), fold, spec
