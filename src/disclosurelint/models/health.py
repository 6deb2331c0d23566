"""The health-claim model: which sentences claim that something affects a condition.

A *claim* links an effect to a medical condition or symptom, human or pet, in one sentence:
- an effect before its condition, a few words apart and in the same clause ("curcumin
  reduces joint pain", "lowers blood sugar, reduces cholesterol"), the effect not negated;
- a condition followed by an outcome ("the swelling in my knee went down", "sleep improved");
- a supplement named *for* a condition ("CBD oil for anxiety", "Turmeric for Joint Pain");
- a whole claim phrase ("fell asleep faster", "lost 24 pounds").

Claims are counted, not sentences: each condition an effect reaches is one claim, so
"it lowers blood sugar, reduces cholesterol, and boosts metabolism" makes three. The same
claim repeated word for word (the `<title>` and the `<h1>`) counts once. Attributed claims
("users report it relieves ...") count. Idioms ("a pain to set up", "cure for boredom") and
sentences that are themselves a disclaimer or the FDA statement make no claim. A page is
*health content* when it makes at least `min-claims` (3) claims.

Claims are found in visible page text outside navigation, sidebars, footers and readers'
comments; the title and description count.

Vocabularies are lexicons (`rules/health-lexicons.yml`), named by base name and language
(`health-conditions.en`) and compiled once per language into one pattern per family.
Every analysis is cached in `doc.cache`, so DL401, DL402, DL403 and DL302 share one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .prefilter import LiteralIndex, required_literals
from .phrases import Sentence, negated, sentences, valid_patterns, window_start

# Regions whose text is not the article's own: claims there do not make the page health content.
CLAIM_SKIP_REGIONS = frozenset({"nav", "aside", "footer", "comments"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "title", "description"})
# Regions whose text is never the publisher's claim (DL403): readers' comments, site menus.
ABSOLUTE_SKIP_REGIONS = frozenset({"nav", "comments"})
# Regions where a link that is only a call to action (not an affiliate link) is site chrome.
CTA_SKIP_REGIONS = frozenset({"nav", "header", "footer", "comments"})

# An affiliate link that names no product promotes a supplement on a page about supplements:
# at least this many sentences name one, and at least twice as many as name other products.
FALLBACK_MIN_SENTENCES = 5
MAX_GAP_WORDS = 4  # words allowed between an effect and the condition it reaches ...
MAX_OF_GAP_WORDS = 6  # ... or more when they run through "of"/"with" ("the frequency of migraines")
MAX_OUTCOME_GAP_WORDS = 3  # words allowed between a condition and its outcome
_MAX_GAP_CHARS = 120  # no gap of that many words is longer than this
_MAX_SENTENCE = 2000  # longer "sentences" are looked at for claims in pieces of this size
_CLAUSE_BREAK = re.compile(
    r"[.;:!?()\[\]\"]|\s[-–—]\s|\b(?:but|while|whereas|which|although|though|because|unless|except|if|when"
    r"|whether|lead(?:s|ing)?\s+to|led\s+to|caus(?:e|es|ed|ing)|trigger(?:s|ed|ing)?|result(?:s|ed|ing)?\s+in)\b",
    re.I,
)
# Between two conditions of one list: "pain, stiffness and swelling", "anxiety or mild depression".
_LIST_GAP = re.compile(
    r"\s*(?:,\s*(?:(?:and|or)\s+)?|\s(?:and|or|&|as\s+well\s+as|plus)\s+)"
    r"(?!(?:the|a|an|this|that|these|those|his|her|their|its|our|your|my|it|they|we|you|he|she|i)\b)(?:\w[\w'-]*\s+)?",
    re.I,
)
# Between two parts of one condition: "spasm pain", "painful muscle spasm", "night-time leg cramps".
_COMPOUND_GAP = re.compile(r"[\s-]*|\s+\w[\w'-]*\s+")
_JOINERS = frozenset("and or to & nor".split())
# A block that is only a call to action, as a button reads: "Add to cart", "Buy now", "Order today".
_BUTTON = re.compile(
    r"\W*(?:add\s+to\s+(?:cart|basket|bag)|buy|order|shop|get\s+yours|check\s+(?:the\s+)?(?:price|availability)|try|subscribe)\b",
    re.I,
)
_WORD = re.compile(r"\w[\w'’-]*")
_NOT_A_NEGATION = re.compile(r"\bnot\s+(?:only|just|merely)\b|\bno\s+(?:doubt|wonder|matter)\b", re.I)
_PHRASE_END = re.compile(r"[,;:.!?()]")
_NAME_TOKEN = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*\b")
_NAME_STOP = frozenset(
    "a an the and or of for to in on at by with from your you yours our my me i it this that these those "
    "now here today only yes no official site website store shop buy order try get grab claim check see view "
    "price prices pricing availability deal deals offer discount off save learn more read click clicking "
    "button bright yellow red green blue orange risk free risk-free yourself bottle bottles package "
    "discounted stock levels level want available visit go best top new".split()
)

# Families the model uses, by key in the rule's `health` mapping.
FAMILY_KEYS = (
    "effects",
    "conditions",
    "outcomes",
    "claim-phrases",
    "idioms",
    "supplements",
    "supplement-forms",
    "non-supplements",
    "call-to-action",
    "retailers",
    "not-claims",
)
REQUIRED_KEYS = ("effects", "conditions")
# Option name -> the family it extends.
EXTEND_OPTIONS = {
    "extend-conditions": "conditions",
    "extend-effects": "effects",
    "extend-supplements": "supplements",
}


def _negated(text: str, start: int) -> bool:
    """Is there a negation cue just before `start` ("does not cure"), "not only" aside?"""
    before = _NOT_A_NEGATION.sub("x x", text[window_start(text, start):start])
    return negated(before, len(before))


_PARENTHETICAL = re.compile(r"\s*\([^()]{0,60}\)")


def _reaches(gap: str) -> bool:
    """Can an effect reach a condition across `gap` (same clause, a few words)?"""
    gap = _PARENTHETICAL.sub("", gap)
    if "," in gap or _CLAUSE_BREAK.search(gap):
        return False
    words = _WORD.findall(gap)
    if len(words) <= MAX_GAP_WORDS:
        return True
    return len(words) <= MAX_OF_GAP_WORDS and any(w.lower() in ("of", "with", "from") for w in words)


def _lang(doc) -> str:
    lang = (doc.lang or "en").strip().lower().replace("_", "-")
    return lang.split("-")[0] or "en"


def compile_patterns(patterns, where: str, bounded: bool = False) -> re.Pattern | None:
    """One case-insensitive pattern for a family (None when empty); bad entries are RuleErrors.

    `bounded` matches every entry as whole words. The word boundary is put once around the
    whole alternation, so a position inside a word is rejected before any entry is tried.
    """
    from ..rules import RuleError

    items = valid_patterns(patterns, where)
    if not items:
        return None
    try:
        return _combined(items, bounded)
    except re.error as e:
        raise RuleError(f"key '{where}': patterns do not combine: {e}") from None


def _combined(items: list[str], bounded: bool) -> re.Pattern:
    body = "|".join(f"(?:{p})" for p in items)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])" if bounded else body, re.I)


@dataclass(frozen=True, slots=True)
class Claim:
    start: int  # Document.text offset where the claim's phrase starts
    end: int
    text: str  # the claim's words, as found
    effect: str
    condition: str


@dataclass(frozen=True, slots=True)
class Promotion:
    """A link (or button-like call to action) that promotes a supplement."""

    text: str  # the link text or call to action
    href: str
    src_start: int  # where to report it
    src_end: int
    product: str  # the supplement word that classified it
    affiliate: bool


class HealthModel:
    """Compiled vocabularies of one rule (per language) and the per-page analyses."""

    def __init__(self, rule, spec: dict, extra: dict[str, list] | None = None):
        self.rule = rule
        self.spec = {k: ([v] if isinstance(v, str) else list(v)) for k, v in spec.items()}
        self.extra = {k: list(v) for k, v in (extra or {}).items() if v}
        self._compiled: dict[tuple, object] = {}
        self._subsets: dict[tuple, re.Pattern] = {}
        self.key = repr((sorted(self.spec.items()), sorted(self.extra.items())))

    # -- vocabularies --------------------------------------------------------------------
    def patterns(self, key: str, lang: str) -> list[str]:
        names = self.spec.get(key, [])
        out = [p for n in names for p in self.rule.lexicon(n, lang) if isinstance(p, str) and p]
        return out + self.extra.get(key, [])

    def family(self, key: str, lang: str) -> re.Pattern | None:
        """One combined, word-bounded pattern for a family in a language (compiled once)."""
        k = (key, lang)
        if k not in self._compiled:
            pats = self.patterns(key, lang)
            self._compiled[k] = compile_patterns(pats, f"health.{key}", bounded=True) if pats else None
        return self._compiled[k]

    def validate(self) -> None:
        from ..rules import RuleError

        for key in REQUIRED_KEYS:
            if key not in self.spec:
                raise RuleError(f"key 'health': '{key}' is required")
        unknown = set(self.spec) - set(FAMILY_KEYS)
        if unknown:
            raise RuleError(f"key 'health': unknown family '{sorted(unknown)[0]}' (known: {', '.join(FAMILY_KEYS)})")
        for key, names in self.spec.items():
            for name in names:
                if not isinstance(name, str):
                    raise RuleError(f"key 'health': '{key}' names lexicons by base name (a string)")
                if not any(k.startswith(name + ".") for k in self.rule.lexicons):
                    raise RuleError(f"key 'health': '{key}': no lexicon named '{name}.<language>' (e.g. '{name}.en')")
        langs = {k.rsplit(".", 1)[1] for k in self.rule.lexicons if "." in k} | {"en"}
        for lang in sorted(langs):
            for key in self.spec:
                self.family(key, lang)

    # -- sentences ------------------------------------------------------------------------
    def _sentences(self, doc, skip_regions, header_headings_only: bool = False) -> list[Sentence]:
        """Visible sentences outside `skip_regions`. With `header_headings_only`, the site
        header contributes only its headings: the article's `<h1>` often sits there, while
        the site's name and tagline ("Cramp Relief For Legs") are not the article's claims."""
        out = []
        for s in sentences(doc):
            block = doc.block_at(s.start)
            if block is not None:
                if block.hidden or block.region in skip_regions:
                    continue
                if header_headings_only and block.region == "header" and block.kind not in _HEADINGS:
                    continue
            out.append(s)
        return out

    def _idiom_spans(self, text: str, lang: str) -> list[tuple[int, int]]:
        fam = self.family("idioms", lang)
        return [m.span() for m in fam.finditer(text)] if fam else []

    # -- claims ---------------------------------------------------------------------------
    def claims(self, doc) -> list[Claim]:
        """Every distinct claim on the page, in reading order (cached per page).

        Sentences matching the `not-claims` families (disclaimers, the FDA statement) make
        no claim: "not intended to ... cure ... any disease" is not a cure claim.
        """
        ck = ("health-claims", self.key)
        cached = doc.cache.get(ck)
        if cached is not None:
            return cached
        lang = _lang(doc)
        exclude = self.family("not-claims", lang)
        effects = self.family("effects", lang)
        conditions = self.family("conditions", lang)
        outcomes = self.family("outcomes", lang)
        phrases = self.family("claim-phrases", lang)
        out: list[Claim] = []
        seen: set[str] = set()
        if effects is None or conditions is None:
            doc.cache[ck] = out
            return out
        gate = self._gate(doc, lang)
        sentence_conditions, sentence_phrases = conditions, phrases
        for s in self._sentences(doc, CLAIM_SKIP_REGIONS, header_headings_only=True):
            if gate is not None:
                candidates = gate.get(s.start)
                if candidates is None:
                    continue  # no condition word and no claim phrase: no claim
                sentence_conditions = self._subset("conditions", lang, candidates[0])
                sentence_phrases = self._subset("claim-phrases", lang, candidates[1])
            text = s.text
            if exclude is not None and exclude.search(text):
                continue
            for claim in self._claims_in(text, lang, effects, sentence_conditions, outcomes, sentence_phrases):
                start, end, eff, cond = claim
                norm = " ".join(text[start:end].lower().split())
                if norm in seen:
                    continue
                seen.add(norm)
                out.append(Claim(s.start + start, s.start + end, text[start:end], eff, cond))
        out.sort(key=lambda c: c.start)
        doc.cache[ck] = out
        return out

    def _gate(self, doc, lang) -> dict[int, tuple[tuple[int, ...], tuple[int, ...]]] | None:
        """The sentences that can hold a claim, found in one Aho-Corasick pass over the page
        (models/prefilter.py): a claim needs a condition word and an effect, outcome or
        supplement word ("CBD oil for anxiety"), or a claim phrase. None: no gate (a family
        has no usable literal).

        Maps each such sentence's start to the condition and claim-phrase patterns whose
        literals it holds: only those run on it (`_subset`). A pattern that cannot match
        anywhere in a sentence never changes what the others match, so the result is the
        one the whole family gives, at a fraction of the cost (a family is hundreds of
        alternatives, tried at every word)."""
        key = ("gate", lang)
        if key not in self._compiled:
            conds = self._parts("conditions", lang)[1]
            phrases = self._parts("claim-phrases", lang)[1]
            middle: set[str] | None = set()
            for fam_key in ("effects", "outcomes", "supplements"):
                for lits in self._parts(fam_key, lang)[1]:
                    if lits is None or middle is None:
                        middle = None
                        break
                    middle |= lits
            # Group ids: condition patterns 0..n-1, then the middle group, then claim phrases.
            gateable = conds and middle is not None and all(c is not None for c in conds + phrases)
            groups = list(conds) + [frozenset(middle or ())] + list(phrases)
            self._compiled[key] = (LiteralIndex(groups), len(conds)) if gateable else None
        entry = self._compiled[key]
        sents = sentences(doc)
        if entry is None or not getattr(sents, "lower", ""):
            return None
        index, n_conds = entry
        found: dict[int, list] = {}
        for start, groups in index.hits(sents.lower):
            k = sents.sentence_of(start)
            if k >= 0:
                slot = found.get(k)
                if slot is None:
                    slot = found[k] = [set(), False, set()]
                for g in groups:
                    if g < n_conds:
                        slot[0].add(g)
                    elif g == n_conds:
                        slot[1] = True
                    else:
                        slot[2].add(g - n_conds - 1)
        return {
            sents[k].start: (tuple(sorted(c)), tuple(sorted(p)))
            for k, (c, middle, p) in found.items()
            if (c and middle) or p
        }

    def _parts(self, key: str, lang: str) -> tuple[list[str], list[frozenset[str] | None]]:
        """A family's patterns and the literals each requires (None: unknown)."""
        k = ("parts", key, lang)
        if k not in self._compiled:
            pats = [p for p in self.patterns(key, lang) if isinstance(p, str) and p]
            self._compiled[k] = (pats, [required_literals(p, True) for p in pats])
        return self._compiled[k]

    def _subset(self, key: str, lang: str, idx: tuple[int, ...]) -> re.Pattern | None:
        """The family `key` (word-bounded, as `family` builds it) with only patterns `idx`."""
        if not idx:
            return None
        pats = self._parts(key, lang)[0]
        if len(idx) == len(pats):
            return self.family(key, lang)
        k = (key, lang, idx)
        compiled = self._subsets.get(k)
        if compiled is None:
            if len(self._subsets) > 2048:
                self._subsets.clear()
            compiled = self._subsets[k] = _combined([pats[i] for i in idx], bounded=True)
        return compiled

    def _claims_in(self, text, lang, effects, conditions, outcomes, phrases):
        """`_sentence_claims`, on pieces of at most _MAX_SENTENCE characters (cut at a space):
        matching a claim is quadratic in the matches of one sentence, and a hostile page can
        be one sentence of hundreds of kilobytes. A claim spans a few words, and no real
        sentence is that long."""
        if len(text) <= _MAX_SENTENCE:
            return self._sentence_claims(text, lang, effects, conditions, outcomes, phrases)
        out = []
        pos = 0
        while pos < len(text):
            end = len(text) if len(text) - pos <= _MAX_SENTENCE else text.rfind(" ", pos + _MAX_SENTENCE // 2, pos + _MAX_SENTENCE)
            if end <= pos:
                end = min(len(text), pos + _MAX_SENTENCE)
            piece = text[pos:end]
            out += [(a + pos, b + pos, eff, cond) for a, b, eff, cond in
                    self._sentence_claims(piece, lang, effects, conditions, outcomes, phrases)]
            pos = end
        return out

    def _sentence_claims(self, text, lang, effects, conditions, outcomes, phrases):
        """(start, end, effect, condition) of each claim in one sentence's text."""
        raw_conds = list(conditions.finditer(text)) if conditions is not None else []
        phrase_matches = list(phrases.finditer(text)) if phrases is not None else []
        if not raw_conds and not phrase_matches:
            return []  # most sentences: nothing more to look at
        idioms = self._idiom_spans(text, lang)

        def in_idiom(a, b):
            return any(i <= a < j or i < b <= j for i, j in idioms)

        all_effects = list(effects.finditer(text)) if raw_conds else []
        effect_starts = {m.start() for m in all_effects}
        # Conditions, with compounds merged ("spasm pain", "painful muscle spasm").
        conds: list[list[int]] = []
        for m in raw_conds:
            if in_idiom(*m.span()):
                continue
            gap = text[conds[-1][1] : m.start()] if conds else ""
            if (
                conds
                and _COMPOUND_GAP.fullmatch(gap)
                and not _CLAUSE_BREAK.search(gap)
                and not set(_WORD.findall(gap.lower())) & _JOINERS
                and not any(conds[-1][1] <= e < m.start() for e in effect_starts)
            ):
                conds[-1][1] = m.end()
            else:
                conds.append([m.start(), m.end()])
        found = []
        claimed: dict[int, int] = {}  # condition index -> claim index
        outcome_starts: set[int] = set()
        # 1. condition, then outcome: "the swelling in my knee went down", "Sleep improved".
        if outcomes is not None and conds:
            for o in outcomes.finditer(text):
                if in_idiom(*o.span()) or _negated(text, o.start()):
                    continue
                best = None
                for i in range(len(conds) - 1, -1, -1):  # the nearest condition before the outcome
                    a, b = conds[i]
                    if b > o.start():
                        continue
                    if o.start() - b > _MAX_GAP_CHARS:
                        break
                    gap = text[b : o.start()]
                    words = [w.lower() for w in _WORD.findall(gap)]
                    if len(words) <= MAX_OUTCOME_GAP_WORDS and not _CLAUSE_BREAK.search(gap) and "," not in gap and not set(words) & _JOINERS:
                        best = i
                    break
                if best is not None and best not in claimed:
                    claimed[best] = len(found)
                    outcome_starts.add(o.start())
                    a, _ = conds[best]
                    found.append((a, o.end(), o.group(), text[a : conds[best][1]]))
        # 2. effect, then condition: "reduces joint pain", and lists after it ("... and inflammation").
        effs = [
            m for m in all_effects
            if m.start() not in outcome_starts and not in_idiom(*m.span()) and not _negated(text, m.start())
        ]
        chain = None  # (effect match, index of the last condition it reached)
        for i, (a, b) in enumerate(conds):
            if i in claimed:
                chain = None
                continue
            best = None
            previous_end = conds[i - 1][1] if i else -1
            for e in reversed(effs):  # the nearest effect before the condition that reaches it
                if e.end() > a:
                    continue
                if a - e.end() > _MAX_GAP_CHARS or e.end() <= previous_end:
                    break  # too far, or another condition stands between (only a list continues)
                if _reaches(text[e.end() : a]):
                    best = e
                    break
            between = _PARENTHETICAL.sub("", text[conds[chain[1]][1] : a]) if chain is not None else ""
            if best is None and chain is not None and _LIST_GAP.fullmatch(between) and not _CLAUSE_BREAK.search(between):
                best = chain[0]
            if best is None:
                chain = None
                continue
            claimed[i] = len(found)
            chain = (best, i)
            found.append((best.start(), b, best.group(), text[a:b]))
        # 3. whole claim phrases: "fell asleep faster", "lost 24 pounds", "CBD oil for anxiety".
        supplement_for = self._supplement_for(lang) if conds else None
        for matches in (phrase_matches, supplement_for.finditer(text) if supplement_for is not None else ()):
            for p in matches:
                if in_idiom(*p.span()) or _negated(text, p.start()):
                    continue
                if any(x <= p.start() < y or p.start() <= x < p.end() for x, y, _, _ in found):
                    continue
                found.append((p.start(), p.end(), p.group(), p.group()))
        return found

    def _supplement_for(self, lang: str):
        """"<supplement> for <condition>" ("CBD oil for anxiety", "Turmeric for Joint Pain")."""
        k = ("supplement-for", lang)
        if k not in self._compiled:
            supp, cond = self.patterns("supplements", lang), self.patterns("conditions", lang)
            if supp and cond:
                alt = lambda ps: "|".join(f"(?:{p})" for p in ps)  # noqa: E731
                pattern = rf"(?:{alt(supp)})(?:\s+[\w+&-]+){{0,2}}\s+for\s+(?:[\w'-]+\s+)?(?:{alt(cond)})"
                self._compiled[k] = compile_patterns([pattern], "health.supplements", bounded=True)
            else:
                self._compiled[k] = None
        return self._compiled[k]

    def is_health(self, doc, min_claims: int) -> bool:
        return len(self.claims(doc)) >= min_claims

    # -- products -------------------------------------------------------------------------
    def classify(self, text: str, lang: str, forms: bool = True) -> tuple[str, str] | None:
        """("supplement" | "other", word) for the product `text` names, or None.

        Between a supplement and another product word the last one wins, as the head of a
        noun phrase does ("magnesium-rich recipes" are recipes, "knee sleeve" a sleeve); a
        bare form ("powder", "capsules") names a supplement only when nothing else is named
        ("garlic powder" is food). `forms=False` ignores forms (for text around a link).
        """

        def last(key):
            fam = self.family(key, lang)
            best = None
            for m in fam.finditer(text) if fam is not None else ():
                if best is None or m.start() >= best.start():
                    best = m
            return best

        sup, other = last("supplements"), last("non-supplements")
        if sup is not None and (other is None or sup.start() > other.start()):
            return ("supplement", sup.group())
        if other is not None:
            return ("other", other.group())
        form = last("supplement-forms") if forms else None
        if form is not None:
            return ("supplement", form.group())
        return None

    def product_names(self, text: str, lang: str) -> list[str]:
        """Brand-like names in a text (a link's, or a sentence's): capitalised words that are
        not CTA words or retailers."""
        retailers = self.family("retailers", lang)
        if retailers is not None:
            text = retailers.sub(" | ", text)
        names, current = [], []
        for m in re.finditer(r"[A-Za-z0-9][A-Za-z0-9'+&-]*|[^\sA-Za-z0-9]+|\s+", text):
            tok = m.group()
            if tok.isspace():
                continue
            if _NAME_TOKEN.fullmatch(tok) and tok.lower() not in _NAME_STOP:
                current.append(tok)
            else:
                if current:
                    names.append(" ".join(current))
                current = []
        if current:
            names.append(" ".join(current))
        return [n for n in names if len(n) >= 3]

    def promotions(self, doc, classifier=None, cited=None) -> list[Promotion]:
        """Links and calls to action on the page that promote a dietary supplement (cached)."""
        ck = ("health-promotions", self.key, id(classifier))
        cached = doc.cache.get(ck)
        if cached is not None:
            return cached
        lang = _lang(doc)
        cta = self.family("call-to-action", lang)
        sents = self._sentences(doc, ("nav", "comments"))
        out: list[Promotion] = []
        fallback = None  # computed lazily: is the page about supplements?
        for link in doc.links:
            if link.hidden or link.region in ("nav", "comments"):
                continue
            href = link.href or ""
            if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            affiliate = bool(classifier and classifier.why(link.href, link.rel))
            if not affiliate and cited is not None and cited(href):
                continue  # a study or a public-health site is discussion, not promotion
            label = " ".join(doc.text[link.text_start : link.text_end].split())
            if not affiliate:
                if link.region in CTA_SKIP_REGIONS or cta is None or not cta.search(label):
                    continue
            verdict = self._product_of(doc, label, href, link.text_start, sents, lang)
            if verdict is None and affiliate:
                if fallback is None:
                    fallback = self._supplement_page(doc, sents, lang) or self._main_product(sents, lang) or ""
                verdict = ("supplement", fallback) if fallback else None
            if verdict is not None and verdict[0] == "supplement":
                out.append(Promotion(label, href, link.src_start, link.src_end, verdict[1], affiliate))
        out.extend(self._buttons(doc, lang))
        out.sort(key=lambda p: p.src_start)
        doc.cache[ck] = out
        return out

    def _buttons(self, doc, lang) -> list[Promotion]:
        """Button-like calls to action that are not links: a block that only says "Add to cart".

        The product is what the block names, or else what one of the three blocks before it
        names (a product card: name, price, button).
        """
        out = []
        link_starts = sorted(link.text_start for link in doc.links)
        blocks = doc.blocks
        for i, block in enumerate(blocks):
            if block.hidden or block.region in CTA_SKIP_REGIONS:
                continue
            text = " ".join(doc.text[block.start : block.end].split())
            if not text or len(_WORD.findall(text)) > 6 or not _BUTTON.match(text):
                continue
            if any(block.start <= t < block.end for t in link_starts):
                continue  # a link: handled with the links
            verdict = self.classify(text, lang)
            j = i - 1
            while verdict is None and j >= max(0, i - 3):
                prev = blocks[j]
                if prev.region == block.region and not prev.hidden:
                    verdict = self.classify(doc.text[prev.start : prev.end], lang)
                j -= 1
            if verdict is not None and verdict[0] == "supplement":
                src = doc.source_offset(block.start)
                out.append(Promotion(text, "", src, src + 1, verdict[1], False))
        return out

    def _product_of(self, doc, label, href, text_start, sents, lang):
        # 1. the link's own words
        verdict = self.classify(label, lang)
        if verdict:
            return verdict
        # 2. the words of its URL ("/out/sl-garcinia", "urllink=fernbrook.com/collagen")
        parts = urlsplit(href.replace("&amp;", "&"))
        slug = unquote(parts.path + " " + parts.query)
        slug = re.sub(r"[/_=?&.+%-]+", " ", slug)
        verdict = self.classify(slug, lang, forms=False)
        if verdict:
            return verdict
        # 3. what the page says about the product it names ("GoldenFlex Turmeric Complex")
        for name in self.product_names(label, lang):
            verdict = self._named(name, sents, lang, text_start, len(label))
            if verdict:
                return verdict
        # 4. the sentence around an inline link ("You can grab a bottle here: ..."), else the
        # sentence before it in the same block, which the link's sentence goes on about
        # ("... Zincora Cold Defence Lozenges (13.3 mg zinc). If you'd like to try them: ...")
        for k, s in enumerate(sents):
            if s.start <= text_start < s.end and len(s.text.strip()) > len(label) + 2:
                verdict = self.classify(s.text, lang, forms=False)
                if verdict:
                    return verdict
                block = doc.block_at(s.start)
                if k > 0 and block is not None and doc.block_at(sents[k - 1].start) is block:
                    verdict = self.classify(sents[k - 1].text, lang, forms=False)
                    if verdict:
                        return verdict
        return None

    def _named(self, name: str, sents, lang: str, text_start: int = -1, label_len: int = 0):
        """What the page's sentences say `name` is: the words after each mention, up to the
        end of its noun phrase (a mark, or an effect verb: "two Slimzest ACV gummies a day
        curb sugar cravings" names gummies, not sugar), by majority, supplements winning ties."""
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
        effects = self.family("effects", lang)
        votes = []
        for s in sents:
            if s.start <= text_start < s.end and len(s.text.strip()) <= label_len + 2:
                continue  # the link itself
            for m in pattern.finditer(s.text):
                phrase = s.text[m.start() : m.end() + 60]
                cut = _PHRASE_END.search(phrase, len(name))
                if cut:
                    phrase = phrase[: cut.start()]
                e = effects.search(phrase, len(name)) if effects is not None else None
                if e:
                    phrase = phrase[: e.start()]
                v = self.classify(phrase, lang)
                if v:
                    votes.append(v)
        if votes:
            sup = [v for v in votes if v[0] == "supplement"]
            return sup[0] if len(sup) * 2 >= len(votes) else votes[0]
        return None

    def _main_product(self, sents, lang: str) -> str | None:
        """The supplement word of the product a page keeps naming (three times or more), for
        an affiliate link that names nothing ("Claim Your Discounted Bottle Now")."""
        counts: dict[str, int] = {}
        for s in sents:
            for name in set(self.product_names(s.text, lang)):
                counts[name] = counts.get(name, 0) + 1
        # The five most named at most: each costs a pass over the page's sentences.
        for name, n in sorted(counts.items(), key=lambda kv: -kv[1])[:5]:
            if n < 3:
                break
            verdict = self._named(name, sents, lang)
            if verdict is not None and verdict[0] == "supplement":
                return verdict[1]
        return None

    def _supplement_page(self, doc, sents, lang) -> str | None:
        """The supplement word of a page that is about supplements, for links naming no product."""
        sup = self.family("supplements", lang)
        other = self.family("non-supplements", lang)
        if sup is None:
            return None
        n_sup = n_other = 0
        first = None
        for s in sents:
            m = sup.search(s.text)
            if m:
                n_sup += 1
                first = first or m.group()
            if other is not None and other.search(s.text):
                n_other += 1
        return first if n_sup >= FALLBACK_MIN_SENTENCES and n_sup >= 2 * n_other else None
