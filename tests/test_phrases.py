"""Phrase families: the prefilters that skip sentences must never change what matches."""

from __future__ import annotations

import re
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosurelint.models.phrases import Family, _context_free, sentences

PATTERNS = [
    r"\b(?:this|it)\s+is\s+an?\s+(?:paid\s+)?(?:advertisement|ad|advertorial)\b",  # no literal: scanned
    r"^\s*(?:#?ads?|advertisement|#?sponsored)\s*[.:!]?\s*$",  # anchored: run per sentence
    r"we\s+(?:may\s+)?earn\s+a\s+commission",  # gated by a literal
    r"\bit\b",
    r"\bad\b",  # inside a match of the first that starts in the sentence before
]
WORDS = ["This", "is", "an", "ad", "it", "IT", "Sponsored", "we", "earn", "a", "commission", "may",
         "advertorial", "paid", "Dr.", "U.S.", "x"]


def brute_force(family: Family, sents):
    """What Family.matches finds, on every sentence with no prefilter: the patterns without
    a literal run together (context-free ones, then the others), each other pattern alone."""
    always = [i for i, lits in enumerate(family.literals) if lits is None]
    runs = [[i for i in always if _context_free(family.patterns[i])], [i for i in always if not _context_free(family.patterns[i])]]
    runs += [[i] for i, lits in enumerate(family.literals) if lits is not None]
    found = []
    for idx in runs:
        if not idx:
            continue
        rx = re.compile("|".join(f"(?:{family.patterns[i]})" for i in idx), re.I)
        for k, s in enumerate(sents):
            found += [(k, m.start(), m.span()) for m in rx.finditer(s.text)]
    return sorted(found)


def check(text: str) -> list:
    doc = SimpleNamespace(text=text, cache={})
    sents = sentences(doc)
    family = Family(PATTERNS)
    got = sorted((sents.sentence_of(s.start), m.start(), m.span()) for s, m in family.matches(sents))
    assert got == brute_force(family, sents)
    return got


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", " ", "  ", "\n", "\n\n", ". ", "! ", ".\n", "? "])),
                max_size=40))
def test_prefiltered_matches_are_every_match(pieces):
    check("".join(w + sep for w, sep in pieces))


def test_matches_across_and_inside_sentences():
    found = check("It is\n\nan ad. This is an ad! Sponsored.\nWe may earn a commission. it is it. This is\nan advertorial")
    # "It", "ad", "This is an ad", "Sponsored.", the commission, "it" twice, and "This is an
    # advertorial": a line break before a lowercase word does not end the sentence.
    assert len(found) == 8
    # The page scan finds "it\nIs an ad" across two sentences; the second still has "ad".
    assert check("Look at it\nIs an ad") == [(0, 8, (8, 10)), (1, 6, (6, 8))]


def test_a_line_break_before_a_lowercase_word_continues_the_sentence():
    doc = SimpleNamespace(text="It can banish\njet lag for good.\nBy Jane Doe\nUpdated May 3\n\nand more", cache={})
    assert [s.text for s in sentences(doc)] == [
        "It can banish jet lag for good.", "By Jane Doe", "Updated May 3", "and more"
    ]


def test_context_free_patterns():
    assert _context_free(PATTERNS[0]) and _context_free(PATTERNS[2])
    assert not _context_free(PATTERNS[1])
    assert not _context_free(r"(?<!not )paid") and not _context_free(r"paid(?= link)") and not _context_free(r"(?m)x")
