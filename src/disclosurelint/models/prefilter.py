"""Literal prefilters: run a pattern only on pages that contain one of its required words.

Python's `re` tries every alternative of a combined pattern at every position of a page, so
forty phrase patterns over a 60 KB page cost far more than the page's parse. Most patterns
cannot match unless some literal ("commission", "affiliate", "[") occurs in the text. That set
is derived automatically from the pattern's parse tree: for a sequence, the most selective
element that must match; for an alternation, the union of what each branch requires. A
pattern with no usable literal is always run.
"""

from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore
    import sre_parse as _parser  # type: ignore

_MIN_LEN = 3  # shorter literals are in almost every page and filter nothing


# Words in nearly every page: a requirement made of them filters nothing.
_COMMON = frozenset(
    "the this that and for with you your are was were has have our its not but can will all "
    "one get got make makes made from about they their them what when which who how any more "
    "post page review content article video guide story links link free here there also just "
    "may might could would should".split()
)


_COMMON_PUNCT = set(" .,;:'\"()-!?/\n\t")


def _selective(literal: str) -> bool:
    """Long enough to filter: three characters, or one rare punctuation mark such as # or {."""
    if len(literal) >= _MIN_LEN:
        return True
    return any(not ch.isalnum() and ch not in _COMMON_PUNCT for ch in literal)


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective requirement: no common words, then the longest shortest literal."""
    usable = [o for o in options if o and all(_selective(x) for x in o)]
    if not usable:
        return None
    return max(
        usable,
        key=lambda o: (not any(x.strip() in _COMMON for x in o), min(len(x) for x in o) >= _MIN_LEN, -len(o), min(len(x) for x in o)),
    )


def _seq(items, fold: bool) -> frozenset[str] | None:
    options: list[frozenset[str]] = []
    run: list[str] = []

    def flush():
        if run:
            options.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            ch = chr(av)
            run.append(ch.lower() if fold else ch)
            continue
        if op is _c.AT:
            continue  # \b, ^, $ take no characters and do not break a literal run
        flush()
        req = _node(op, av, fold)
        if req:
            options.append(req)
    flush()
    return _best(options)


def _node(op, av, fold: bool) -> frozenset[str] | None:
    if op is _c.SUBPATTERN:
        group, add_flags, del_flags, sub = av
        sub_fold = (fold or bool(add_flags & re.I)) and not (del_flags & re.I)
        return _seq(list(sub), sub_fold)
    if op is _c.BRANCH:
        _, branches = av
        out: set[str] = set()
        for branch in branches:
            req = _seq(list(branch), fold)
            if not req:
                return None
            out |= req
        return frozenset(out)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        if low >= 1:
            return _seq(list(sub), fold)
        return None
    return None


@lru_cache(maxsize=4096)
def required_literals(pattern: str, ignore_case: bool) -> frozenset[str] | None:
    """Strings of which at least one occurs in any text the pattern matches (None: unknown).

    With `ignore_case` the strings are lowercase and must be looked for in lowercased text.
    """
    try:
        parsed = _parser.parse(pattern, re.I if ignore_case else 0)
    except Exception:
        return None
    return _seq(list(parsed), ignore_case)


def present(literals: frozenset[str] | None, lower: str, text: str, ignore_case: bool) -> bool:
    """Could the pattern match `text`? (`lower` is text.lower(), computed once by the caller.)"""
    if literals is None:
        return True
    haystack = lower if ignore_case else text
    return any(lit in haystack for lit in literals)


class LiteralIndex:
    """All literals of a list of patterns in one Aho-Corasick automaton, so one pass over a
    page's lowercased text tells which patterns can match and where (pyahocorasick, C code;
    about 8x faster than one str.find loop per literal on a 40 KB page)."""

    def __init__(self, literal_sets: list[frozenset[str] | None]):
        owners: dict[str, list[int]] = {}
        for i, lits in enumerate(literal_sets):
            for lit in lits or ():
                owners.setdefault(lit.lower(), []).append(i)
        self.empty = not owners
        self.automaton = ahocorasick.Automaton()
        for lit, idx in owners.items():
            self.automaton.add_word(lit, (len(lit), tuple(idx)))
        if not self.empty:
            self.automaton.make_automaton()

    def hits(self, lower: str):
        """(start offset, pattern indices) for every literal occurrence in `lower`."""
        if self.empty:
            return []
        return [(end - length + 1, idx) for end, (length, idx) in self.automaton.iter(lower)]
