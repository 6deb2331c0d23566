"""Author names out of byline text: meta values, byline elements and visible "By" lines.

Parsing only finds the names each source gives; deciding whether two sources name the same
person (dropping credentials and roles, matching initials) is the byline check's job.
"""

from __future__ import annotations

import re

# Capitalised words that end a name: "By Jane Doe Updated May 3" is Jane Doe.
_NOT_NAME_WORD = (
    r"(?!(?:Updated|Published|Posted|Last|Reviewed|Edited|Filed|Read|Reading|Min|Mins|Minutes|"
    r"Comments?|Share|Photo|Photos|Image|Images|Video|On|In|At|For|From|With|About|Jan|Feb|Mar|"
    r"Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|"
    r"September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|Today|Yesterday)\b)"
)
_WORD = r"[A-Z][\w'’.\-]*"
_NEXT_WORD = _NOT_NAME_WORD + _WORD
_PARTICLE = r"(?:de|da|del|della|der|den|di|du|la|le|van|von|bin|al|y|dos|das)"
_TITLE = r"(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx)\.?[^\S\n]+)"
# Two to four capitalised words (particles allowed between them), optionally after a title.
NAME = rf"{_TITLE}?{_NOT_NAME_WORD}{_WORD}(?:[^\S\n]+(?:{_PARTICLE}[^\S\n]+)?{_NEXT_WORD}){{1,3}}"
_NAME_LIST = rf"{NAME}(?:[^\S\n]*(?:&|\band\b)[^\S\n]*{NAME})*"
VISIBLE_BYLINE = re.compile(rf"(?m)^[^\S\n]*(?:By|BY|Written by|Written By|WRITTEN BY)[^\S\n]*:?[^\S\n]+({_NAME_LIST})")
_NAME_RE = re.compile(NAME)
# First words that make "By X Y" a phrase rather than a person.
_NOT_A_NAME_START = frozenset(
    "The This That These Those Our Your My Their His Her Its A An All Any Every Each "
    "Using Clicking Following Default Design Appointment Request Invitation Car Bus Train "
    "Plane Mail Email Phone Day Night Week Month Year Category Date Name Order".split()
)
_LEAD = re.compile(r"^\s*(?:(?:written|posted|published|words|story|article)\s+)?by\s*:?\s+", re.I)
_NOT_AUTHOR = re.compile(
    r"^\s*(?:medically\s+|expert\s+|fact[- ]?|clinically\s+)?(?:reviewed|edited|checked|"
    r"fact[- ]checked|photo(?:graph)?s?|photography|illustrat\w*|curated|maintained|"
    r"translated|updated)\b",
    re.I,
)
_CUT = re.compile(
    r"\s(?:on|updated|published|posted|last|in)\s|[|·•—–\n]|\s-\s|\b(?:19|20)\d\d\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d",
    re.I,
)
_SPLIT = re.compile(r"\s*(?:&|;|\band\b|\|)\s*", re.I)


def split_names(value: str) -> list[str]:
    """Names in a metadata value: "A & B", "A and B"; ", role" after a name is kept."""
    names = []
    for part in _SPLIT.split(value.strip()):
        part = part.strip(" \t\n,.:")
        if part and any(ch.isalpha() for ch in part):
            names.append(part)
    return names


def names_from_text(text: str) -> list[str]:
    """Names in the text of a byline element ("by Marco Bellini · May 20, 2024")."""
    text = " ".join(text.split())
    if _NOT_AUTHOR.match(text):
        return []
    text = _LEAD.sub("", text, count=1)
    m = _CUT.search(text)
    if m:
        text = text[: m.start()]
    return split_names(text)


def visible_bylines(text: str):
    """Yield (offset, names) for each line of page text that starts "By <Name>"."""
    for m in VISIBLE_BYLINE.finditer(text):
        names = []
        for nm in _NAME_RE.finditer(m.group(1)):
            first = nm.group().split()[0]
            if first in _NOT_A_NAME_START or first.endswith("ing"):
                continue
            names.append(nm.group())
        if names:
            yield m.start(1), names
