"""Disclosure kinds: affiliate links on one side, disclosure wording on the other.

Shared keys:
- `links`: which links count, a mapping of lexicon lists: `hosts` (host[/path][?param]),
  `params` (name or name=value), `paths` (first path segments), `exclude` (hosts never
  counted), `rel` (rel values that make any link count, e.g. `sponsored`).
- `phrases`, `labels`, `also-accept`, `claims`, `admissions`: base names of language-aware
  lexicons (`NAME.en`, `NAME.de`, ...) of case-insensitive patterns matched on sentences.

Kinds, each a small function below:
- `required-when`: pages with such links must have a matching phrase (anywhere, hidden
  included; `also-accept` lists more families that satisfy it). Reported at the first link.
- `before`: the first phrase must come before the first such link in reading order.
- `visible`: some phrase must be visible (not hidden, not only in title/alt).
- `labels`: pages whose only wording is a vague label; reported at the label.
- `link-attribute`: each such link needs one of `rel-any` in its rel (HTML `<a>` only); offers
  a fix that adds the first `rel-any` value.
- `together`: a `claims` phrase and an `admissions` phrase on the same page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models.links import LinkClassifier
from ..models.phrases import compile_family, find, negated, sentences, straighten
from ..rules import RuleError
from .hit import Hit

_ITEM_BLOCKS = frozenset({"li", "td", "th", "dt", "dd"})
_LINK_KEYS = {"hosts", "params", "paths", "exclude", "rel"}
_REL_ATTR = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a phrase was found: a sentence of text, or a title/alt attribute."""

    order: int  # reading-order position (Document.text offset)
    src_start: int
    text: str
    hidden: str | None  # why a reader cannot see it, or None
    start: int = -1  # text range when in page text
    end: int = -1


def _validate_links(rule) -> None:
    links = rule.data.get("links")
    if not isinstance(links, dict) or set(links) - _LINK_KEYS:
        raise RuleError(f"key 'links': expected a mapping with {', '.join(sorted(_LINK_KEYS))}")
    for key, value in links.items():
        if not isinstance(value, list):
            raise RuleError(f"key 'links': '{key}' must be a list")


_CLASSIFIERS: dict[str, LinkClassifier] = {}


def _classifier(rule) -> LinkClassifier:
    """The classifier for a rule's `links`; rules with the same lexicons share one (and so
    its answers: a site's links are classified once, not once per rule)."""
    links = rule.data["links"]
    key = repr(sorted((k, list(v) if isinstance(v, list) else v) for k, v in links.items()))
    found = _CLASSIFIERS.get(key)
    if found is None:
        if len(_CLASSIFIERS) > 64:
            _CLASSIFIERS.clear()
        found = _CLASSIFIERS[key] = LinkClassifier(
            links.get("hosts", []),
            links.get("params", []),
            links.get("paths", []),
            links.get("exclude", []),
            links.get("rel", []),
        )
    return found


def page_lang(doc) -> str:
    lang = (doc.lang or "en").strip().lower().replace("_", "-")
    return lang.split("-")[0] or "en"


class Families:
    """Language-aware compiled phrase families for one rule key (compiled once per language)."""

    def __init__(self, rule, names, extra=None):
        self.rule = rule
        self.names = [names] if isinstance(names, str) else list(names or [])
        self.extra = list(extra or [])
        self._by_lang: dict[str, re.Pattern | None] = {}

    def for_doc(self, doc):
        """The family for the page's language; several names give a FamilyGroup, so that
        each lexicon's matches are computed once per page and shared between rules."""
        lang = page_lang(doc)
        if lang not in self._by_lang:
            members = [compile_family(self.rule.lexicon(n, lang)) for n in self.names]
            if lang == "en" and self.extra:
                members.append(compile_family(self.extra))
            members = [m for m in members if m is not None]
            self._by_lang[lang] = (members[0] if len(members) == 1 else FamilyGroup(members)) if members else None
        return self._by_lang[lang]

    def validate(self) -> None:
        for name in self.names:
            if not isinstance(name, str):
                raise RuleError("phrase families are named by a lexicon base name (a string)")
            if not any(k.startswith(name + ".") for k in self.rule.lexicons):
                raise RuleError(f"no lexicon named '{name}.<language>' (e.g. '{name}.en')")
        for lang in {k.rsplit(".", 1)[1] for k in self.rule.lexicons if "." in k}:
            patterns = [p for n in self.names for p in self.rule.lexicon(n, lang)]
            compile_family(patterns)


class FamilyGroup(tuple):
    """Several phrase families matched as one: the union of their occurrences."""


def occurrences(doc, family, *, attributes: bool = True) -> list[Occurrence]:
    """Every non-negated match of `family` in page text and in title/alt attributes."""
    if family is None:
        return []
    if isinstance(family, FamilyGroup):
        merged = [o for member in family for o in occurrences(doc, member, attributes=attributes)]
        merged.sort(key=lambda o: o.order)
        return merged
    key = ("occurrences", getattr(family, "key", id(family)), attributes)
    cached = doc.cache.get(key)
    if cached is not None:
        return cached
    out = doc.cache[key] = []
    for s, m in find(family, sentences(doc)):
        block = doc.block_at(s.start)
        if block is not None and block.kind in _ITEM_BLOCKS and m.end() - m.start() >= len(s.text.strip()):
            continue  # a bare "Sponsored" list item or table cell is an item, not a label
        out.append(
            Occurrence(
                order=s.start + m.start(),
                src_start=doc.source_offset(s.start + m.start()),
                text=m.group(),
                hidden=block.hidden if block else None,
                start=s.start + m.start(),
                end=s.start + m.end(),
            )
        )
    if attributes:
        for at in doc.attribute_texts:
            text = straighten(at.text)
            for m in family.finditer(text):
                if not negated(text, m.start()):
                    out.append(Occurrence(at.text_offset, at.src_start, m.group(), f"only in a {at.attr} attribute"))
                    break
    out.sort(key=lambda o: o.order)
    return out


def _analysis(doc, state):
    """Affiliate links of this rule's link class, cached per page."""
    key = ("links", state["links_key"])
    links = doc.cache.get(key)
    if links is None:
        links = doc.cache[key] = state["classifier"].affiliate_links(doc)
    return links


def _links_and_phrases(doc, state):
    """The page's links of the rule's class and, when there are any, its phrase occurrences."""
    links = _analysis(doc, state)
    if not links:
        return links, []
    return links, occurrences(doc, state["phrases"].for_doc(doc))


def _link_values(doc, links, state) -> dict:
    first = links[0]
    line, col = doc.line_col(first.src_start)
    return {
        "count": len(links),
        "links": "link" if len(links) == 1 else "links",
        "href": first.href,
        "why": state["classifier"].why(first.href, first.rel) or "",
        "link_line": line,
        "link_column": col,
    }


def _common_prepare(rule, keys: tuple[str, ...]) -> dict:
    state = {}
    if "links" in rule.data:
        state["classifier"] = _classifier(rule)
        state["links_key"] = repr(sorted((k, tuple(v)) for k, v in rule.data["links"].items()))
    for key in keys:
        if key in rule.data:
            state[key] = Families(rule, rule.data[key])
    return state


def _validate_families(rule, keys) -> None:
    for key in keys:
        if key in rule.data:
            try:
                Families(rule, rule.data[key]).validate()
            except RuleError as e:
                raise RuleError(f"key '{key}': {e}") from None


class _Kind:
    """Base for the kinds in this module: keys, validation and preparation from data."""

    KEYS: dict = {}
    OPTIONS: dict = {}
    FAMILY_KEYS: tuple[str, ...] = ()

    @classmethod
    def validate(cls, rule) -> None:
        if "links" in cls.KEYS:
            _validate_links(rule)
        _validate_families(rule, cls.FAMILY_KEYS)
        cls.prepare(rule)

    @classmethod
    def prepare(cls, rule):
        return _common_prepare(rule, cls.FAMILY_KEYS)


def _link_span(doc, link):
    return doc.source_span(link.src_start, max(link.src_start + 1, link.src_end))


class RequiredWhen(_Kind):
    KEYS = {
        "links": {"required": True, "doc": "which links trigger the requirement"},
        "phrases": {"required": True, "doc": "the phrase family that must then appear"},
        "also-accept": {"required": False, "doc": "more families that satisfy it"},
    }
    OPTIONS = {"statement": ((str, list), "the required statement(s), replacing the built-in wording")}
    FAMILY_KEYS = ("phrases", "also-accept")

    @classmethod
    def prepare(cls, rule):
        state = super().prepare(rule)
        statement = rule.options.get("statement")
        if statement:
            statements = [statement] if isinstance(statement, str) else list(statement)
            literal = [r"\s*[,;:]?\s*".join(re.escape(w) for w in s.split()) for s in statements]
            fam = Families(rule, [])
            fam._by_lang = {}
            compiled = compile_family(literal)
            fam.for_doc = lambda doc, c=compiled: c  # a configured statement applies in any language
            state["phrases"] = fam
        return state

    @staticmethod
    def check(doc, rule, state):
        links = _analysis(doc, state)
        if not links:
            return
        for key in ("phrases", "also-accept"):
            fam = state.get(key)
            if fam is not None and occurrences(doc, fam.for_doc(doc)):
                return
        yield Hit(_link_span(doc, links[0]), _link_values(doc, links, state))


class Before(_Kind):
    KEYS = {
        "links": {"required": True, "doc": "which links must come after the phrase"},
        "phrases": {"required": True, "doc": "families that must come first"},
    }
    FAMILY_KEYS = ("phrases",)

    @staticmethod
    def check(doc, rule, state):
        links, found = _links_and_phrases(doc, state)
        if not links or not found:
            return
        first_link = min(links, key=lambda link: link.text_start)
        if first_link.text_start < found[0].order:
            values = _link_values(doc, [first_link] + [x for x in links if x is not first_link], state)
            values["disclosure_line"] = doc.line_col(found[0].src_start)[0]
            values["disclosure"] = found[0].text
            yield Hit(_link_span(doc, first_link), values)


class Visible(_Kind):
    KEYS = {
        "links": {"required": True, "doc": "pages with these links are checked"},
        "phrases": {"required": True, "doc": "families that must be visible"},
    }
    FAMILY_KEYS = ("phrases",)

    @staticmethod
    def check(doc, rule, state):
        links, found = _links_and_phrases(doc, state)
        if not links or not found or any(o.hidden is None for o in found):
            return
        first = found[0]
        values = _link_values(doc, links, state)
        values.update({"disclosure": first.text, "reason": first.hidden})
        yield Hit(doc.source_span(first.src_start, first.src_start + 1), values)


class Labels(_Kind):
    KEYS = {
        "links": {"required": True, "doc": "pages with these links are checked"},
        "phrases": {"required": True, "doc": "plain-language families"},
        "labels": {"required": True, "doc": "vague labels"},
    }
    FAMILY_KEYS = ("phrases", "labels")

    @staticmethod
    def check(doc, rule, state):
        links = _analysis(doc, state)
        if not links:
            return
        if occurrences(doc, state["phrases"].for_doc(doc)):
            return
        labels = occurrences(doc, state["labels"].for_doc(doc))
        if labels:
            values = _link_values(doc, links, state)
            values["label"] = labels[0].text
            yield Hit(doc.source_span(labels[0].src_start, labels[0].src_start + 1), values)


class LinkAttribute(_Kind):
    KEYS = {
        "links": {"required": True, "doc": "which links need the attribute"},
        "rel-any": {"required": True, "doc": "rel values of which one is required"},
    }

    @classmethod
    def validate(cls, rule) -> None:
        values = rule.data.get("rel-any")
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            raise RuleError("key 'rel-any': expected a non-empty list of rel values")
        super().validate(rule)

    @classmethod
    def prepare(cls, rule):
        state = super().prepare(rule)
        state["rel_any"] = {v.lower() for v in rule.data["rel-any"]}
        state["add"] = rule.data["rel-any"][0].lower()
        return state

    @staticmethod
    def check(doc, rule, state):
        for link in _analysis(doc, state):
            if link.kind != "a" or link.rel & state["rel_any"]:
                continue
            values = {
                "href": link.href,
                "rel": f'rel="{" ".join(sorted(link.rel))}"' if link.rel else "no rel attribute",
                "why": state["classifier"].why(link.href, link.rel) or "",
                "add": state["add"],
            }
            yield Hit(_link_span(doc, link), values, tuple(rel_edits(doc.source, link, state["add"])))


def rel_edits(source: str, link, value: str):
    """Edits that add `value` to the rel attribute of the link's start tag."""
    from ..findings import Edit

    tag = source[link.src_start : link.src_end]
    if not re.match(r"<a\s", tag, re.I) or not tag.endswith(">"):
        return []  # not a start tag we understand: offer no fix
    m = _REL_ATTR.search(tag)
    if m:
        if m.group(1) is not None or m.group(2) is not None:
            group = 1 if m.group(1) is not None else 2
            end = link.src_start + m.end(group)
            current = m.group(group)
            sep = " " if current.strip() else ""
            if current and current[-1].isspace():
                sep = ""
            return [Edit(end, end, sep + value)]
        start, end = link.src_start + m.start(3), link.src_start + m.end(3)
        return [Edit(start, end, f'"{m.group(3)} {value}"')]
    end = link.src_end - (2 if tag.endswith("/>") else 1)
    while end > link.src_start and source[end - 1].isspace():
        end -= 1
    return [Edit(end, end, f' rel="{value}"')]


class Together(_Kind):
    KEYS = {
        "claims": {"required": True, "doc": "the first family"},
        "admissions": {"required": True, "doc": "the family that contradicts it"},
    }
    FAMILY_KEYS = ("claims", "admissions")

    @staticmethod
    def check(doc, rule, state):
        claims = [o for o in occurrences(doc, state["claims"].for_doc(doc), attributes=False) if o.hidden is None]
        if not claims:
            return
        admission = _first_admission(doc, state["admissions"].for_doc(doc))
        if admission is None:
            return
        claim = claims[0]
        yield Hit(
            doc.source_span(claim.src_start, claim.src_start + 1),
            {
                "claim": claim.text,
                "admission": admission.text,
                "admission_line": doc.line_col(admission.src_start)[0],
            },
        )


_DENIAL = re.compile(r"\b(?:not|never|no|cannot|can't|doesn't|don't|won't|isn't|aren't)\b|n't\b", re.I)


def _first_admission(doc, family) -> Occurrence | None:
    """The first admission that is not a denial (a negation inside it, or just before it in
    its clause: "Advertisers never pay to be ranked higher"). A denial earlier in the sentence
    ("Advertisers cannot pay for reviews, but compensation affects the order") must not
    hide the admission after it, so each sentence is searched again past a denial."""
    if family is None:
        return None
    regex = getattr(family, "regex", family)
    for s in sentences(doc):
        pos = 0
        while True:
            m = regex.search(s.text, pos)
            if m is None:
                break
            if not _DENIAL.search(m.group()) and not negated(s.text, m.start()):
                block = doc.block_at(s.start)
                start = s.start + m.start()
                return Occurrence(start, doc.source_offset(start), m.group(), block.hidden if block else None, start, s.start + m.end())
            pos = m.start() + 1
    return None
