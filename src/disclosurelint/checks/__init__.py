"""Check kinds: small modules that rules (data) drive.

Each kind module has a docstring that is its contract, and:
- `KEYS`: the rule-file keys the kind reads, `{key: {"required": bool, "doc": str}}`;
- `OPTIONS`: the per-rule options a user may set in configuration, `{name: (type, doc)}`;
- `validate(rule)`: raise RuleError("key '...': ...") for bad data (patterns are compiled here);
- `prepare(rule)`: build the per-process state (compiled patterns), once per rule;
- `check(doc, rule, state)`: yield Hit records. A check never sees markup or output.
"""

from __future__ import annotations

from .hit import Hit
from . import agree, disclosure, forbidden
from . import health

KINDS = {
    "forbidden": forbidden,
    "agree": agree,
    "required-when": disclosure.RequiredWhen,
    "before": disclosure.Before,
    "visible": disclosure.Visible,
    "labels": disclosure.Labels,
    "link-attribute": disclosure.LinkAttribute,
    "together": disclosure.Together,
    "health-required": health.Required,
    "health-promotion": health.Promotion,
    "health-absolute": health.Absolute,
    "health-byline": health.Byline,
}

__all__ = ["KINDS", "Hit"]
