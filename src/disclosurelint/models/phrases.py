"""Sentences of page text, and phrase families matched on them with negation awareness.

A phrase family is a list of regular expressions (case-insensitive) from a lexicon. A match
counts unless a negation cue ("not", "never", "no", "n't", "without") stands in the few
words before it in the same sentence: "we are not paid", "I'm not using affiliate links".
Curly quotes and apostrophes are straightened before matching.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from .. import regex_safety
from .prefilter import LiteralIndex, required_literals

# A sentence ends at . ! ? … before a capital, digit or #, but not after an abbreviation or
# an initial ("Dr. Hannah Weiss", "the U.S. Food and Drug Administration", "J. Smith").
_ABBREVIATIONS = "".join(
    rf"(?<!\b{a})"
    for a in (r"Dr\.", r"Mr\.", r"Mrs\.", r"Ms\.", r"Mx\.", r"St\.", r"Prof\.", r"Inc\.", r"Ltd\.", r"Co\.",
              r"No\.", r"vs\.", r"al\.", r"e\.g\.", r"i\.e\.", r"approx\.", r"[A-Z]\.")
)
# The pattern starts with one character class, so that the regex engine skips to the next
# candidate character with a fast scan; a pattern that starts with a lookbehind, or with a
# choice of a class and a literal, is tried at every character (3x slower on a page).
# Group 1 (after the punctuation) or the match (a run of line breaks) is the gap between
# sentences.
_SENTENCE_END = re.compile(
    rf"[\n.!?…](?:(?<=\n)\n*|(?<!\n)({_ABBREVIATIONS}[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9#])))"
)
# A single line break inside a block (a Markdown soft break, a <br>) before a lowercase word
# is inside a sentence: hard-wrapped Markdown breaks "can banish / jet lag for good" over
# two lines, which a browser renders as one. Such a break reads as a space in sentence
# texts; a break before a capital, digit or mark still ends a line-like sentence ("By Jane
# Doe / Updated May 3").
_JOINED_LINE = re.compile(r"(?<!\n)\n(?=[ \t]*[a-zß-öø-ÿ])")
_NEGATION = re.compile(r"\b(?:not|never|no|none|nor|neither|without|cannot|n't)\b|n['’]t\b", re.I)
_STRAIGHT_PAIRS = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " "), ("–", "-"), ("—", "-"))


def straighten(text: str) -> str:
    """Curly quotes, non-breaking spaces and dashes as their plain forms (same length).
    str.replace per character beats str.translate with a dict by ~10x on long pages."""
    for curly, plain in _STRAIGHT_PAIRS:
        if curly in text:
            text = text.replace(curly, plain)
    return text


class Sentence(NamedTuple):
    """A sentence of the page text (a named tuple: a page has hundreds, and a frozen
    dataclass costs three times as much to build)."""

    start: int
    end: int
    text: str  # straightened


class Sentences(list):
    """The page's sentences, with the whole straightened text lowercased for prefilters."""

    lower: str = ""
    straight: str = ""  # the page text, straightened (what sentence texts are cut from)
    starts: list[int] = []

    def sentence_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


def sentences(doc) -> list[Sentence]:
    cached = doc.cache.get("sentences")
    if cached is not None:
        return cached
    out = Sentences()
    text = doc.text
    straight = straighten(text)
    if "\n" in straight:  # a line that goes on in lowercase continues the sentence
        straight = _JOINED_LINE.sub(" ", straight)
    out.lower = straight.lower()
    out.straight = straight
    # Blocks are joined by blank lines, which end sentences too: one pass over the page.
    pos = 0
    for m in _SENTENCE_END.finditer(straight):
        end = m.start(1) if m.start(1) >= 0 else m.start()
        if end > pos:
            out.append(Sentence(pos, end, straight[pos:end]))
        pos = m.end()
    if len(text) > pos:
        out.append(Sentence(pos, len(text), straight[pos:]))
    out.starts = [s.start for s in out]
    if len(out.lower) != len(text):  # lowercasing changed lengths: offsets would not line up
        out.lower = ""
    doc.cache["sentences"] = out
    return out


class Family:
    """A phrase family: case-insensitive patterns, run only where their literals occur.

    Behaves like a compiled pattern (`finditer`, `search`) over the whole family; `matches`
    runs each member only on the sentences that hold one of its literals.
    """

    def __init__(self, patterns: list[str]):
        self.patterns = patterns
        self.key = tuple(patterns)  # equal families share per-page results across rules
        self.literals = [required_literals(p, True) for p in patterns]
        self.index = LiteralIndex(self.literals)
        self.regex = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
        self._subsets: dict[tuple[int, ...], re.Pattern] = {}
        self._single: dict[int, re.Pattern] = {}

    def finditer(self, text: str):
        return self.regex.finditer(text)

    def search(self, text: str):
        return self.regex.search(text)

    def subset(self, idx: tuple[int, ...]) -> re.Pattern | None:
        if not idx:
            return None
        if len(idx) == len(self.patterns):
            return self.regex
        compiled = self._subsets.get(idx)
        if compiled is None:
            if len(self._subsets) > 256:
                self._subsets.clear()
            compiled = self._subsets[idx] = re.compile("|".join(f"(?:{self.patterns[i]})" for i in idx), re.I)
        return compiled

    def single(self, i: int) -> re.Pattern:
        compiled = self._single.get(i)
        if compiled is None:
            compiled = self._single[i] = re.compile(self.patterns[i], re.I)
        return compiled

    def matches(self, sents: "Sentences"):
        """(sentence, match) pairs, running gated patterns only on sentences with a literal."""
        always = tuple(i for i, lits in enumerate(self.literals) if lits is None)
        gated = [i for i, lits in enumerate(self.literals) if lits is not None]
        found: list[tuple[int, int, Sentence, re.Match]] = []
        scannable = tuple(i for i in always if _context_free(self.patterns[i]))
        rest = tuple(i for i in always if i not in scannable)
        regex = self.subset(rest)
        if regex is not None:
            for k, s in enumerate(sents):
                for m in regex.finditer(s.text):
                    found.append((k, m.start(), s, m))
        regex = self.subset(scannable)
        if regex is not None:
            # One scan of the page finds the sentences such a pattern can match in (below).
            for k in _overlapped(sents, regex):
                s = sents[k]
                for m in regex.finditer(s.text):
                    found.append((k, m.start(), s, m))
        # Each gated pattern runs alone, on just the sentences that hold one of its literals.
        if gated:
            candidates: dict[int, set[int]] = {}
            for start, idx in self.index.hits(sents.lower):
                k = sents.sentence_of(start)
                if k >= 0:
                    for i in idx:
                        candidates.setdefault(i, set()).add(k)
            for i, ks in candidates.items():
                regex = self.single(i)
                for k in sorted(ks):
                    s = sents[k]
                    for m in regex.finditer(s.text):
                        found.append((k, m.start(), s, m))
        found.sort(key=lambda f: (f[0], f[1]))
        return [(s, m) for _, _, s, m in found]


_CONTEXT = re.compile(r"\^|\$|\\[AZ]|\(\?<?[=!]|\(\?[a-zA-Z]*m")


def _context_free(pattern: str) -> bool:
    """Does a match in a sentence depend only on the sentence's characters? Not with
    anchors or lookarounds (which would see the neighbouring sentences in the page text);
    `\\b` is fine, as sentences are cut at spaces and line breaks. Conservative: a `^`
    inside a class also counts."""
    return not _CONTEXT.search(pattern)


def _overlapped(sents: "Sentences", regex: re.Pattern) -> list[int]:
    """Indices of the sentences that a match of `regex` in the whole page text overlaps.

    For a context-free pattern this is exact as a prefilter: a match inside a sentence is
    also a match at the same place in the page text, so the page scan either finds a match
    starting there or has already found one covering that place; either overlaps the
    sentence. One scan of 40 kB beats a Python call per sentence by ~5x."""
    text = sents.straight
    if not text:
        return list(range(len(sents)))
    out: list[int] = []
    for m in regex.finditer(text):
        k = max(sents.sentence_of(m.start()), 0)
        while k < len(sents) and sents[k].start < max(m.end(), m.start() + 1):
            if sents[k].end > m.start() and (not out or out[-1] != k):
                out.append(k)
            k += 1
    return out


def valid_patterns(patterns, where: str) -> list[str]:
    """The non-empty string patterns, each compiled and checked for catastrophic backtracking
    (page text is hostile input); a bad one is a RuleError naming `where`."""
    from ..rules import RuleError

    items = [p for p in patterns if isinstance(p, str) and p]
    for p in items:
        why = regex_safety.unusable(p, re.I)
        if why:
            raise RuleError(f"key '{where}': {why}")
    return items


def compile_family(patterns, where: str = "phrases") -> Family | None:
    from ..rules import RuleError

    items = valid_patterns(patterns, where)
    if not items:
        return None
    try:
        return Family(items)
    except re.error as e:
        raise RuleError(f"key '{where}': patterns do not combine: {e}") from None


NEGATION_CHARS = 300  # the few words looked at are within this many characters before a match
_WORD_CHARS = re.compile(r"[\w']*")


def window_start(text: str, start: int, chars: int = NEGATION_CHARS) -> int:
    """Where the text looked at for a negation before `start` begins: `chars` before it,
    moved past a word cut in two. Looking at the whole sentence cost time proportional to
    its length for every match: minutes on a hostile page of one 300 kB "sentence"."""
    lo = start - chars
    if lo <= 0:
        return 0
    if _WORD_CHARS.match(text, lo - 1).end() > lo:  # a word runs across the cut
        lo = _WORD_CHARS.match(text, lo).end()
    return min(lo, start)


# Where a clause begins. A strong break (a semicolon, colon, bracket or dash, or a word that
# opens a contrasting clause) ends the reach of a negation: "Not sponsored, but we earn a
# commission" admits one. A comma only starts a clause for the opening test below: "not" goes
# on across one in a list ("not paid, sponsored or endorsed").
_STRONG_BREAK = re.compile(r"[;:()\u2013\u2014]|\s-\s|\b(?:but|however|although|though|whereas|yet)\b", re.I)
_COMMA = re.compile(r",")
# A clause whose subject is a negative quantifier denies everything it says, however far the
# verb is from it: "None of the brands here paid to be included or sent me anything for free",
# "Neither the order nor the scores are affected by compensation", "..., and none of them is
# a miracle fix". Not "No wonder...", "Not only...", "Not every product earns us a
# commission" (some do).
_NEGATIVE_OPENING = re.compile(
    r"[\W_]*(?:(?:and|or|so|because|since|as|that)\s+)?(?:none|neither|nobody|nothing|no[\s-]?one|never|at\s+no\s+(?:point|time)"
    r"|no\s+(?!(?:doubt|wonder|matter|longer|less|more|later|sooner)\b)\w"
    r"|not\s+(?!(?:only|just|merely|every|all|always|least|to\s+mention|sure)\b)\w)",
    re.I,
)


def _last_end(regex: re.Pattern, text: str, pos: int = 0) -> int:
    end = pos
    for m in regex.finditer(text, pos):
        end = m.end()
    return end


def negated(sentence: str, start: int, window: int = 4) -> bool:
    """Is there a negation cue in the `window` words before `start` in its clause, or does
    that clause open with a negative subject ("None of the links below are ...")?"""
    lo = window_start(sentence, start)
    before = sentence[lo:start]
    clause = _last_end(_STRONG_BREAK, before)
    words = re.findall(r"[\w']+", before[clause:])[-window:]
    if any(_NEGATION.search(w) for w in words) or re.search(r"n't\s*$|\bnot\s+\w+\s*$", before[clause:], re.I):
        return True
    clause = _last_end(_COMMA, before, clause)
    if clause == 0 and lo > 0:
        return False  # the clause began before the window: its opening is not in view
    return bool(_NEGATIVE_OPENING.match(before, clause))


def find(family: re.Pattern | None, sents, *, allow_negated: bool = False):
    """Yield (sentence, match) for every non-negated match of `family`."""
    if family is None:
        return
    if isinstance(family, Family) and getattr(sents, "lower", ""):
        pairs = family.matches(sents)
    else:
        pairs = ((s, m) for s in sents for m in family.finditer(s.text))
    for s, m in pairs:
        if allow_negated or not negated(s.text, m.start()):
            yield s, m
