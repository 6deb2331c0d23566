"""Health kinds: rules that apply to health content (see models/health.py for the model).

Shared key:
- `health`: the claim model's vocabularies, a mapping of family -> lexicon base name(s):
  `effects`, `conditions` (required), `outcomes`, `claim-phrases`, `idioms`,
  `supplements`, `supplement-forms`, `non-supplements`, `call-to-action`, `retailers`,
  `not-claims` (sentences that make no claim: disclaimers, the FDA statement). Rules that
  name the same lexicons share one analysis per page.

Shared options (configuration): `min-claims` (how many claims make a page health content,
3 by default), and `extend-conditions`, `extend-effects`, `extend-supplements` (more
patterns for the model; a site that sells pet supplements adds its product names). To
extend the model for every health rule at once, put lexicons of the same names
(`health-conditions.en`, `supplement-terms.en`, ...) in a folder named in `extend-rules`.

Kinds:
- `health-required`: health content must have a `phrases` sentence (e.g. a medical
  disclaimer) anywhere on the page, hidden or in the footer included. Reported at the
  first claim. Values: {count} {claims} {claim} {claim_line}.
- `health-promotion`: health content that promotes a supplement (an affiliate link whose
  product is a supplement, a buy/try link or a button-like "Add to cart" naming one; study
  and public-health links in `citations` never count) must have a `phrases` sentence
  (the FDA statement). Reported at the first promoting link. Values: as above plus
  {product} {link_text} {link_line}.
- `health-absolute`: in health content, each `absolute` phrase is reported on its line;
  `proof` phrases only when the sentence cites no study (`citations`); `approval`
  phrases only when no `drugs` word is nearer than a supplement. Negated phrases, the
  `exceptions`, and sentences matching `not-claims` (the FDA statement itself) are left
  alone; readers' comments and menus are not scanned. Values: {phrase}, {why} (from the
  rule's `reasons` mapping, by family).
- `health-byline`: health content or a product review (`review-titles` in the title,
  description or `<h1>`; or `roundup-titles` there on a page with an affiliate link) with
  no byline at all. Reported at the first claim or the title. Values: {what}.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..models.health import ABSOLUTE_SKIP_REGIONS, EXTEND_OPTIONS, HealthModel, _lang, _negated, compile_patterns
from ..models.phrases import sentences
from ..rules import RuleError
from .disclosure import _classifier, _validate_links

_COMMON_OPTIONS = {
    "min-claims": (int, "a whole number: how many claims make a page health content (default 3)"),
    "extend-conditions": (list, "a list of patterns: more conditions and symptoms"),
    "extend-effects": (list, "a list of patterns: more effect verbs"),
    "extend-supplements": (list, "a list of patterns: more supplement names (your products)"),
}
_DEFAULT_MIN_CLAIMS = 3


def _str_list(value, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleError(f"{where}: expected a list of patterns")
    return list(value)


class _LangFamily:
    """Lexicon base names compiled per language, plus patterns that apply in any language."""

    def __init__(self, rule, names, extra=()):
        self.rule = rule
        self.names = [names] if isinstance(names, str) else list(names or [])
        self.extra = list(extra)
        self._by_lang: dict[str, re.Pattern | None] = {}

    def validate(self, key: str) -> None:
        for name in self.names:
            if not isinstance(name, str):
                raise RuleError(f"key '{key}': lexicons are named by base name (a string)")
            if not any(k.startswith(name + ".") for k in self.rule.lexicons):
                raise RuleError(f"key '{key}': no lexicon named '{name}.<language>' (e.g. '{name}.en')")
        for lang in {k.rsplit(".", 1)[1] for k in self.rule.lexicons if "." in k} | {"en"}:
            self.get(lang, key)

    def get(self, lang: str, key: str = "phrases") -> re.Pattern | None:
        if lang not in self._by_lang:
            pats = [p for n in self.names for p in self.rule.lexicon(n, lang)] + self.extra
            self._by_lang[lang] = compile_patterns(pats, key, bounded=True)
        return self._by_lang[lang]


def _found(doc, family) -> bool:
    """Does any sentence of page text (hidden text, footers and the description included) match?

    Negation is not checked: disclaimers are negative by nature ("not medical advice")."""
    if family is None:
        return False
    return any(family.search(s.text) for s in sentences(doc))


class _HealthKind:
    KEYS: dict = {"health": {"required": True, "doc": "the health-claim model's vocabularies"}}
    OPTIONS: dict = dict(_COMMON_OPTIONS)
    FAMILY_KEYS: tuple[str, ...] = ()

    @classmethod
    def _model(cls, rule) -> HealthModel:
        spec = rule.data.get("health")
        if not isinstance(spec, dict):
            raise RuleError("key 'health': expected a mapping of family -> lexicon name(s)")
        extra = {}
        for option, family in EXTEND_OPTIONS.items():
            if option in rule.options:
                extra[family] = _str_list(rule.options[option], f"option '{option}'")
        return HealthModel(rule, spec, extra)

    @classmethod
    def validate(cls, rule) -> None:
        model = cls._model(rule)
        model.validate()
        n = rule.options.get("min-claims", _DEFAULT_MIN_CLAIMS)
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise RuleError("option 'min-claims': expected a whole number of at least 1")
        if "links" in cls.KEYS and "links" in rule.data:
            _validate_links(rule)
        for key in cls.FAMILY_KEYS:
            if key in rule.data:
                _LangFamily(rule, rule.data[key]).validate(key)
        cls.prepare(rule)

    @classmethod
    def prepare(cls, rule) -> dict:
        state = {
            "model": cls._model(rule),
            "min_claims": rule.options.get("min-claims", _DEFAULT_MIN_CLAIMS),
        }
        for key in cls.FAMILY_KEYS:
            if key in rule.data:
                state[key] = _LangFamily(rule, rule.data[key])
        if "links" in rule.data:
            state["classifier"] = _classifier(rule)
        if "citations" in rule.data:
            state["cited"] = _citation_test(rule.data["citations"])
        return state

    @staticmethod
    def _claim_values(doc, claims) -> dict:
        first = claims[0]
        return {
            "count": len(claims),
            "claims": "claim" if len(claims) == 1 else "claims",
            "claim": first.text,
            "claim_line": doc.line_col(doc.source_offset(first.start))[0],
        }


def _citation_test(spec):
    """A function href -> bool: does this link point at a study or a .gov/.edu site?"""
    if not isinstance(spec, dict):
        raise RuleError("key 'citations': expected a mapping with hosts, suffixes, marks")
    hosts = [h.lower().strip(".") for h in spec.get("hosts", []) if isinstance(h, str)]
    suffixes = [h.lower().strip(".") for h in spec.get("suffixes", []) if isinstance(h, str)]
    marks = compile_patterns([m for m in spec.get("marks", []) if isinstance(m, str)], "citations")

    def cited(href: str) -> bool:
        try:
            parts = urlsplit(href.strip())
        except ValueError:
            return False
        host = (parts.hostname or "").lower()
        if not host:
            return False
        if any(host == h or host.endswith("." + h) for h in hosts):
            return True
        if any(host == s or host.endswith("." + s) for s in suffixes):
            return True
        return bool(marks and marks.search(host + parts.path + "?" + parts.query))

    return cited


class Required(_HealthKind):
    KEYS = {
        **_HealthKind.KEYS,
        "phrases": {"required": True, "doc": "families of which one sentence must appear (the disclaimer)"},
    }
    OPTIONS = {**_COMMON_OPTIONS, "extend-phrases": (list, "a list of patterns: more wording that satisfies the rule")}
    FAMILY_KEYS = ("phrases",)

    @classmethod
    def prepare(cls, rule):
        state = super().prepare(rule)
        extra = _str_list(rule.options.get("extend-phrases", []), "option 'extend-phrases'") if rule.options.get("extend-phrases") else []
        state["phrases"] = _LangFamily(rule, rule.data["phrases"], extra)
        return state

    @staticmethod
    def check(doc, rule, state):
        from . import Hit

        model = state["model"]
        claims = model.claims(doc)
        if len(claims) < state["min_claims"]:
            return
        if _found(doc, state["phrases"].get(_lang(doc))):
            return
        first = claims[0]
        yield Hit(doc.text_span(first.start, first.end), _HealthKind._claim_values(doc, claims))


class Promotion(_HealthKind):
    KEYS = {
        **_HealthKind.KEYS,
        "links": {"required": True, "doc": "which links are affiliate links (they promote what they name)"},
        "phrases": {"required": True, "doc": "families of which one sentence must appear (the FDA statement)"},
        "citations": {"required": False, "doc": "study and public-health sites: links there are not promotion"},
    }
    OPTIONS = {**_COMMON_OPTIONS, "statement": ((str, list), "more wording that satisfies the rule (a pattern or a list)")}
    FAMILY_KEYS = ("phrases",)

    @classmethod
    def prepare(cls, rule):
        state = super().prepare(rule)
        extra = rule.options.get("statement")
        if extra:
            extra = [extra] if isinstance(extra, str) else list(extra)
            state["phrases"] = _LangFamily(rule, rule.data["phrases"], extra)
        return state

    @staticmethod
    def check(doc, rule, state):
        from . import Hit

        model = state["model"]
        claims = model.claims(doc)
        if len(claims) < state["min_claims"]:
            return
        promos = model.promotions(doc, state.get("classifier"), state.get("cited"))
        if not promos:
            return
        if _found(doc, state["phrases"].get(_lang(doc))):
            return
        first = promos[0]
        values = _HealthKind._claim_values(doc, claims)
        values.update(
            {
                "product": first.product,
                "link_text": first.text,
                "href": first.href,
                "link_line": doc.line_col(first.src_start)[0],
            }
        )
        yield Hit(doc.source_span(first.src_start, max(first.src_start + 1, first.src_end)), values)


class Absolute(_HealthKind):
    KEYS = {
        **_HealthKind.KEYS,
        "absolute": {"required": True, "doc": "absolute or guaranteed outcomes, always reported"},
        "proof": {"required": False, "doc": "proof claims, reported unless the sentence cites a study"},
        "approval": {"required": False, "doc": "approval claims, reported only about a supplement"},
        "drugs": {"required": False, "doc": "words that make an approval claim about a drug or device"},
        "exceptions": {"required": False, "doc": "phrases that contain the words but are not claims"},
        "citations": {"required": False, "doc": "study sites: hosts, suffixes (gov, edu) and URL marks"},
        "reasons": {"required": False, "doc": "why each family is wrong, a mapping absolute/proof/approval -> text ({why})"},
    }
    OPTIONS = {**_COMMON_OPTIONS, "extend-absolute": (list, "a list of patterns: more absolute claims")}
    FAMILY_KEYS = ("absolute", "proof", "approval", "drugs", "exceptions")

    @classmethod
    def prepare(cls, rule):
        state = super().prepare(rule)
        extra = rule.options.get("extend-absolute")
        if extra:
            state["absolute"] = _LangFamily(rule, rule.data["absolute"], _str_list(extra, "option 'extend-absolute'"))
        return state

    @staticmethod
    def check(doc, rule, state):
        from . import Hit

        model = state["model"]
        if len(model.claims(doc)) < state["min_claims"]:
            return
        lang = _lang(doc)
        fam = {k: (state[k].get(lang) if k in state else None) for k in Absolute.FAMILY_KEYS}
        not_claims = model.family("not-claims", lang)
        cited = state.get("cited")
        reasons = rule.data.get("reasons") or {}
        seen: set[int] = set()
        links = sorted(doc.links, key=lambda link: link.text_start)
        for s in model._sentences(doc, ABSOLUTE_SKIP_REGIONS):
            text = s.text
            candidates = [(key, m) for key in ("absolute", "proof", "approval") if fam[key] is not None for m in fam[key].finditer(text)]
            if not candidates or (not_claims is not None and not_claims.search(text)):
                continue
            exceptions = [m.span() for m in fam["exceptions"].finditer(text)] if fam["exceptions"] else []
            candidates.sort(key=lambda c: c[1].start())
            for key, m in candidates:
                start = s.start + m.start()
                if start in seen or _negated(text, m.start()):
                    continue
                if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in exceptions):
                    continue
                if key == "proof" and cited is not None and _sentence_cites(s, links, cited):
                    continue
                if key == "approval" and _about_drug(text, m, fam["drugs"], model, lang, _introduced(doc, s)):
                    continue
                seen.add(start)
                yield Hit(doc.text_span(start, s.start + m.end()), {"phrase": m.group(), "why": reasons.get(key, "")})


def _sentence_cites(sentence, links, cited) -> bool:
    return any(sentence.start <= link.text_start < sentence.end and cited(link.href) for link in links)


def _introduced(doc, sentence) -> str:
    """What a label ending in a colon introduces ("FDA-Approved Uses:" then its list)."""
    if not sentence.text.rstrip().endswith(":"):
        return ""
    return doc.text[sentence.end : sentence.end + 150]


def _about_drug(text: str, m, drugs, model: HealthModel, lang: str, introduced: str = "") -> bool:
    """Is the approval claim about a drug or device rather than a supplement? A label such
    as "FDA-approved uses:" is about what it introduces."""
    if drugs is None:
        return False
    if introduced and drugs.search(introduced):
        return True
    sup = model.family("supplements", lang)

    def nearest(family):
        best = None
        for x in family.finditer(text) if family is not None else ():
            d = x.start() - m.end() if x.start() >= m.end() else m.start() - x.end()
            if d >= 0 and (best is None or d < best):
                best = d
        return best

    after = text[m.end() : m.end() + 60]
    head = re.match(r"\W*(?:[\w'-]+\W+){0,3}", after)
    if head and drugs.search(head.group()):
        return True  # "an FDA-approved CBD medication", "FDA approved drugs"
    d_drug, d_sup = nearest(drugs), nearest(sup)
    return d_drug is not None and (d_sup is None or d_drug < d_sup)


class Byline(_HealthKind):
    KEYS = {
        **_HealthKind.KEYS,
        "review-titles": {"required": False, "doc": "title words that make a page a product review"},
        "roundup-titles": {"required": False, "doc": "title words that make a page with affiliate links a review"},
        "links": {"required": False, "doc": "affiliate links (a roundup-titled page with one is a review)"},
    }
    FAMILY_KEYS = ("review-titles", "roundup-titles")

    @staticmethod
    def check(doc, rule, state):
        from . import Hit

        if doc.bylines:
            return
        model = state["model"]
        claims = model.claims(doc)
        if len(claims) >= state["min_claims"]:
            first = claims[0]
            values = _HealthKind._claim_values(doc, claims)
            values["what"] = f"health content ({len(claims)} health claims, first on line {values['claim_line']})"
            yield Hit(doc.text_span(first.start, first.end), values)
            return
        lang = _lang(doc)
        review = state["review-titles"].get(lang) if "review-titles" in state else None
        roundup = state["roundup-titles"].get(lang) if "roundup-titles" in state else None
        classifier = state.get("classifier")
        has_links = None
        for block in doc.blocks:
            if block.kind not in ("title", "description", "h1") or block.hidden:
                continue
            text = doc.text[block.start : block.end]
            hit = review is not None and review.search(text)
            if not hit and roundup is not None and roundup.search(text):
                if has_links is None:
                    has_links = bool(classifier and classifier.affiliate_links(doc))
                hit = has_links
            if hit:
                values = {"what": "a product review", "count": 0, "claims": "claims", "claim": "", "claim_line": 0}
                yield Hit(doc.text_span(block.start, block.end), values)
                return
