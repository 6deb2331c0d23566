"""Sentences of page text, and phrase families matched on them with negation awareness.

A phrase family is a list of regular expressions (case-insensitive) from a lexicon. A match
counts unless a negation cue ("not", "never", "no", "n't", "without") stands in the few
words before it in the same sentence: "we are not paid", "I'm not using affiliate links".
Curly quotes and apostrophes are straightened before matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9#])|\n+")
_NEGATION = re.compile(r"\b(?:not|never|no|none|nor|neither|without|n't)\b|n['’]t\b", re.I)
_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "–": "-", "—": "-"})


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str  # straightened


def sentences(doc) -> list[Sentence]:
    cached = doc.cache.get("sentences")
    if cached is not None:
        return cached
    out = []
    text = doc.text
    for block in doc.blocks:
        pos = block.start
        chunk = text[block.start : block.end]
        for m in _SENTENCE_END.finditer(chunk):
            end = block.start + m.start()
            if end > pos:
                out.append(Sentence(pos, end, text[pos:end].translate(_STRAIGHT)))
            pos = block.start + m.end()
        if block.end > pos:
            out.append(Sentence(pos, block.end, text[pos:block.end].translate(_STRAIGHT)))
    doc.cache["sentences"] = out
    return out


def compile_family(patterns, where: str = "phrases") -> re.Pattern | None:
    from ..rules import RuleError

    items = [p for p in patterns if isinstance(p, str) and p]
    if not items:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in items), re.I)
    except re.error as e:
        raise RuleError(f"key '{where}': invalid regular expression: {e}") from None


def negated(sentence: str, start: int, window: int = 4) -> bool:
    """Is there a negation cue in the `window` words before `start`?"""
    before = sentence[:start]
    words = re.findall(r"[\w']+", before)[-window:]
    return any(_NEGATION.search(w) for w in words) or bool(re.search(r"n't\s*$|\bnot\s+\w+\s*$", before, re.I))


def find(family: re.Pattern | None, sents, *, allow_negated: bool = False):
    """Yield (sentence, match) for every non-negated match of `family`."""
    if family is None:
        return
    for s in sents:
        for m in family.finditer(s.text):
            if allow_negated or not negated(s.text, m.start()):
                yield s, m
