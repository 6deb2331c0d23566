"""forbidden: report every match of the rule's patterns in the page text.

Keys:
- `patterns` (required): regular expressions (Python syntax), each a string or a mapping with
  `pattern`, `case` (`insensitive` by default, or `sensitive`), `formats` (limit a pattern to
  `html` or `markdown` sources), `scope` (`[text]` by default; `[instructions]` scans
  processing instructions such as `<?php ... ?>` instead) and `label` (shown as {label}).
- `skip-regions`: page regions to leave alone, e.g. `[comments]` for readers' comments.

Each pattern runs on its own and only on pages that contain one of its required literals
(derived from the pattern, see models/prefilter.py): Python's `re` is slow on one large
alternation but fast on a pattern that starts with a literal. Overlapping matches keep the
leftmost, as one combined alternation would.

Options (configuration): `extend-patterns`, more patterns of the same form.

Message values: {match} (the text found) and {label}.
"""

from __future__ import annotations

from ..models.prefilter import present
from ..rules import RuleError
from . import _patterns
from .hit import Hit

KEYS = {
    "patterns": {"required": True, "doc": "patterns to report"},
    "skip-regions": {"required": False, "doc": "regions to leave alone"},
}
OPTIONS = {"extend-patterns": (list, "more patterns to report")}
_FORMATS = ("html", "markdown")
_SCOPES = ("text", "instructions")


def _specs(rule) -> list[dict]:
    patterns = rule.data.get("patterns")
    if not isinstance(patterns, list) or not patterns:
        raise RuleError("key 'patterns': expected a non-empty list of patterns")
    extra = rule.options.get("extend-patterns") or []
    specs = [_patterns.spec_of(p, "key 'patterns'") for p in patterns]
    specs += [{"label": "a pattern from your configuration", **_patterns.spec_of(p, "option 'extend-patterns'")} for p in extra]
    for spec in specs:
        scope = spec.get("scope", ["text"])
        if not isinstance(scope, list) or not scope or set(scope) - set(_SCOPES):
            raise RuleError("key 'patterns': a pattern's 'scope' must be a list of text, instructions")
        formats = spec.get("formats", list(_FORMATS))
        if not isinstance(formats, list) or set(formats) - set(_FORMATS):
            raise RuleError("key 'patterns': a pattern's 'formats' must be a list of html, markdown")
    return specs


def validate(rule) -> None:
    regions = rule.data.get("skip-regions", [])
    if not isinstance(regions, list):
        raise RuleError("key 'skip-regions': expected a list of region names")
    prepare(rule)


def prepare(rule):
    specs = _specs(rule)
    where = "key 'patterns'"
    singles = {}
    for fmt in _FORMATS:
        chosen = [s for s in specs if fmt in s.get("formats", _FORMATS) and "text" in s.get("scope", ("text",))]
        singles[fmt] = [_patterns.single(s, where) for s in chosen]
    return {
        "regex": {
            (fmt, scope): _patterns.combine(specs, where, fmt, scope)
            for fmt in _FORMATS
            for scope in _SCOPES
        },
        "singles": singles,
        "skip": set(rule.data.get("skip-regions", [])),
    }


def _text_matches(doc, singles):
    """Leftmost non-overlapping matches of all patterns, each pattern run alone if it can match."""
    lower = doc.cache.get("lower")
    if lower is None:
        lower = doc.cache["lower"] = doc.text.lower()
    found = []
    for regex, literals, fold, spec in singles:
        if present(literals, lower, doc.text, fold):
            found.extend((m.start(), -m.end(), m, spec) for m in regex.finditer(doc.text))
    found.sort(key=lambda f: (f[0], f[1]))
    end = -1
    for start, neg_end, m, spec in found:
        if start >= end:
            end = -neg_end
            yield m, spec


def check(doc, rule, state):
    skip = state["skip"]
    for m, spec in _text_matches(doc, state["singles"][doc.format]):
        if skip:
            block = doc.block_at(m.start())
            if block is not None and block.region in skip:
                continue
        yield Hit(doc.text_span(m.start(), m.end()), {"match": m.group(), "label": spec.get("label", "")})
    regex, chosen = state["regex"][(doc.format, "instructions")]
    if regex is not None:
        for ins in doc.instructions:
            m = regex.search(ins.text)
            if m:
                spec = _patterns.which(m, chosen)
                yield Hit(doc.source_span(ins.src_start, ins.src_end), {"match": ins.text, "label": spec.get("label", "")})
