"""agree: the page's byline sources must name the same person.

Every byline source kind (meta author, JSON-LD author, rel=author link, byline element,
visible "By <Name>" line, front matter author) gives a set of names. Names compare after
dropping what follows a comma ("Jane Doe, RD"), courtesy titles, credentials and roles, case
and punctuation; "J. Smith" and "John Smith" are the same person, and so are "Sam" and
"Sam Reyes". Two kinds disagree when their sets share no person; the finding is reported at
the later of the two sources, once per page.

Names of the site or publisher (og:site_name, JSON-LD Organization/WebSite/publisher
names) are not people and are ignored, like `generic-names`, unless the page's JSON-LD
declares a Person of that name (a personal blog named after its author).

Keys:
- `credentials`: tokens dropped from names ("MD", "PhD", "RD").
- `roles`: phrases dropped from names ("Product Researcher", "guest contributor").
- `generic-names`: names that are not people ("admin", "staff") and are ignored.

Message values: {first_kind}, {first_names}, {first_line}, {second_kind}, {second_names}.
"""

from __future__ import annotations

import re
import unicodedata

from ..rules import RuleError
from .hit import Hit

KEYS = {
    "credentials": {"required": False, "doc": "credential tokens to drop"},
    "roles": {"required": False, "doc": "role phrases to drop"},
    "generic-names": {"required": False, "doc": "names that are not people"},
}
OPTIONS = {"generic-names": (list, "more names that are not people (e.g. your site name)")}
KIND_LABELS = {
    "meta": '<meta name="author">',
    "json-ld": "JSON-LD author",
    "rel-author": 'rel="author" link',
    "element": "byline element",
    "visible": 'visible "By" line',
    "front-matter": "front matter author",
}
_TITLES = {"dr", "prof", "mr", "mrs", "ms", "mx", "doctor", "professor"}
_PUNCT = re.compile(r"[^\w\s]")
_APOSTROPHES = re.compile(r"(?<=\w)['’ʼ`](?=\w)")


def validate(rule) -> None:
    for key in KEYS:
        value = rule.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RuleError(f"key '{key}': expected a list of strings")
    prepare(rule)


def prepare(rule):
    roles = sorted((r.lower() for r in rule.data.get("roles", [])), key=len, reverse=True)
    generic = set(_norm(g) for g in rule.data.get("generic-names", []))
    generic |= set(_norm(g) for g in rule.options.get("generic-names", []) or [])
    return {
        "credentials": {c.lower().replace(".", "") for c in rule.data.get("credentials", [])},
        "roles": [re.compile(r"\b" + re.escape(r) + r"\b") for r in roles],
        "generic": generic,
    }


def _norm(text: str) -> str:
    """Lowercase words without punctuation: an apostrophe is dropped ("O'Neil" is "oneil",
    as a byline typed without it reads), a hyphen or other mark separates words."""
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).lower()).replace("-", " ")
    return " ".join(_PUNCT.sub(" ", text).split())


def person(name: str, state) -> tuple[str, ...] | None:
    """A comparable form of a name: its lowercase tokens without titles and credentials."""
    name = name.split(",")[0]
    low = name.lower()
    for role in state["roles"]:
        low = role.sub(" ", low)
    norm = _norm(low)
    if not norm or norm in state["generic"]:
        return None
    tokens = [t for t in norm.replace(".", " ").split() if t not in state["credentials"]]
    while tokens and tokens[0] in _TITLES:
        tokens.pop(0)
    if not tokens or " ".join(tokens) in state["generic"]:
        return None
    return tuple(tokens)


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        short, long_ = (a, b) if len(a) == 1 else (b, a)
        return short[0] in (long_[0], long_[-1])
    if a[-1] != b[-1]:
        return False
    fa, fb = a[0], b[0]
    return fa == fb or (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))


def check(doc, rule, state):
    site_names = {_norm(n) for n in doc.meta.get("site_names", ())}
    site_names -= {_norm(n) for n in doc.meta.get("persons", ())}
    if site_names:  # the site or publisher named as author is not a person
        state = {**state, "generic": state["generic"] | site_names}
    by_kind: dict[str, tuple[int, list[str], list[tuple]]] = {}
    for byline in sorted(doc.bylines, key=lambda b: b.src_start):
        people = [p for p in (person(n, state) for n in byline.names) if p]
        if not people:
            continue
        entry = by_kind.setdefault(byline.kind, (byline.src_start, [], []))
        for name, p in zip(byline.names, (person(n, state) for n in byline.names)):
            if p and p not in entry[2]:
                entry[1].append(name)
                entry[2].append(p)
    kinds = sorted(by_kind.items(), key=lambda kv: kv[1][0])
    for i, (kind_a, (src_a, names_a, people_a)) in enumerate(kinds):
        for kind_b, (src_b, names_b, people_b) in kinds[i + 1 :]:
            if any(same_person(x, y) for x in people_a for y in people_b):
                continue
            line_a, _ = doc.line_col(src_a)
            yield Hit(
                doc.source_span(src_b, src_b + 1),
                {
                    "first_kind": KIND_LABELS.get(kind_a, kind_a),
                    "first_names": " & ".join(names_a),
                    "first_line": line_a,
                    "second_kind": KIND_LABELS.get(kind_b, kind_b),
                    "second_names": " & ".join(names_b),
                },
            )
            return
