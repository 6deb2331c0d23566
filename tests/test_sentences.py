"""The sentence-variety set (issue 16): its data, its page harness, and the accuracy ratchet.

`tests/sentences/*.yml` hold labelled sentences; `tests/sentence_pages.py` turns each into a
page in one of seven generator styles. These tests check that the data is what the issue asks
for, that every page parses and shows the sentence as written, that the expected findings are
the ones the brief describes, that the fixed companions on every style give exactly the
expected findings with every default rule (so a page's verdict turns on its sentence alone),
and that each family's accuracy does not fall below its floor. Raise a floor when the
detection model improves; never lower one to make a change pass.
"""

from __future__ import annotations

import collections
import html
import json
import re
import subprocess
import sys
import tomllib

import lxml.html
import pyromark
import pytest
import yaml

from disclosurelint import lint_source

import sentence_pages as sp
from helpers import REPO

# Percent of sentences right per family on the day the set was written (rounded down).
FLOORS = {
    "claims": 64,
    "disclaimers": 65,
    "disclosures": 72,
    "independence": 58,
    "labels": 70,
    "languages": 28,
    "placeholders": 72,
    "ranking": 55,
}

# The brief, restated independently of sentence_pages.EXPECTED so a change there is caught.
BRIEF = {
    ("disclosures", "disclosure"): {"DL101": False, "DL104": False},
    ("disclosures", "not-disclosure"): {"DL101": True, "DL104": False},
    ("labels", "clear-label"): {"DL101": False, "DL104": False},
    ("labels", "vague-label"): {"DL101": False, "DL104": True},
    ("claims", "claim"): {"DL401": True},
    ("claims", "not-claim"): {"DL401": False},
    ("disclaimers", "disclaimer"): {"DL401": False},
    ("disclaimers", "not-disclaimer"): {"DL401": True},
    ("independence", "independence-claim"): {"DL107": True},
    ("independence", "not-independence-claim"): {"DL107": False},
    ("ranking", "ranking-admission"): {"DL107": True},
    ("ranking", "not-ranking-admission"): {"DL107": False},
    ("placeholders", "placeholder"): {"DL201": True},
    ("placeholders", "not-placeholder"): {"DL201": False},
    ("languages", "disclosure"): {"DL101": False},
    ("languages", "not-disclosure"): {"DL101": True},
    ("languages", "clear-label"): {"DL101": False},
}
MINIMUMS = {
    ("disclosures", "disclosure"): 130, ("disclosures", "not-disclosure"): 90,
    ("labels", "clear-label"): 25, ("labels", "vague-label"): 25,
    ("claims", "claim"): 130, ("claims", "not-claim"): 90,
    ("disclaimers", "disclaimer"): 40, ("disclaimers", "not-disclaimer"): 30,
    ("independence", "independence-claim"): 30, ("independence", "not-independence-claim"): 20,
    ("ranking", "ranking-admission"): 30, ("ranking", "not-ranking-admission"): 20,
    ("placeholders", "placeholder"): 30, ("placeholders", "not-placeholder"): 30,
}
KEYS = {"text", "label", "claims", "form", "lang", "note", "container"}
# Characters that Markdown would turn into markup: a text must show as written on every style.
MARKDOWN_ACTIVE = re.compile(r"[*_`<>\\]|\]\(|^\s*(?:#+\s|[-+]\s|\d+[.)]\s)")

ENTRIES, BORDERLINE = sp.load()
PAGES = [sp.build_page(entry) for entry in ENTRIES]


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").replace("\u200b", "").split())


def visible_text(page: sp.Page) -> str:
    """The body text a reader sees, by an independent route (lxml, pyromark), forms undone."""
    source = page.source
    if page.path.endswith(".md"):
        fence = "+++" if source.startswith("+++") else "---"
        _, front, body = source.split(fence + "\n", 2)
        meta = tomllib.loads(front) if fence == "+++" else yaml.safe_load(front)
        assert meta["title"], page.path
        if page.lang != "en":
            assert page.lang in (meta.get("lang"), meta.get("language")), page.path
        source = pyromark.html(body)
        root = lxml.html.fromstring(f"<div>{source}</div>")
    else:
        root = lxml.html.document_fromstring(source)
        declared = root.get("lang") or ""
        assert declared.split("-")[0] == page.lang, page.path
        root = root.body
    for br in root.iter("br"):
        br.tail = " " + (br.tail or "")
    return _normal(root.text_content())


# ---------------------------------------------------------------- the data


def test_every_family_file_loads_with_known_labels_and_keys():
    assert {e.family for e in ENTRIES} == set(sp.EXPECTED) == set(FLOORS)
    for e in ENTRIES:
        where = f"{e.file}#{e.index}"
        assert e.label in sp.EXPECTED[e.family], where
        assert e.form in sp.FORMS and sp.form_applies(e.text, e.form), where
        assert e.lang in sp.LANGS and (e.lang == "en") == (e.family != "languages"), where
        assert e.container in (None, *sp.CONTAINERS), where
        if e.container in ("heading", "link") or e.family == "placeholders":  # one line, no wrap
            assert e.form not in ("wrapped", "br"), where
        assert e.text == e.text.strip() and "\n" not in e.text, where
        assert not MARKDOWN_ACTIVE.search(e.text), where
        if e.label == "claim":
            assert isinstance(e.claims, int) and e.claims >= 1, where
        else:
            assert e.claims is None, where
    for path in sp.SENTENCES.glob("*.yml"):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]:
            assert set(raw) <= KEYS, (path.name, raw)


def test_no_sentence_is_listed_twice():
    seen = collections.Counter((e.family, e.lang, e.text) for e in ENTRIES)
    assert [k for k, n in seen.items() if n > 1] == []
    scored = {(e.family, e.lang, e.text) for e in ENTRIES}
    assert [b["text"] for b in BORDERLINE if (b["family"], b.get("lang", "en"), b["text"]) in scored] == []


def test_borderline_entries_say_why_and_which_way():
    assert len(BORDERLINE) >= 30
    for b in BORDERLINE:
        assert b["reason"].strip() and b["text"].strip(), b
        assert b["leaning"] in sp.EXPECTED[b["family"]], b


def test_counts_are_at_least_what_the_issue_asks():
    counts = collections.Counter((e.family, e.label) for e in ENTRIES)
    short = {key: (counts[key], least) for key, least in MINIMUMS.items() if counts[key] < least}
    assert short == {}
    multi = [e for e in ENTRIES if e.label == "claim" and e.claims >= 2]
    assert len(multi) >= 20
    per_lang = collections.Counter((e.lang, e.label) for e in ENTRIES if e.family == "languages")
    for lang in sp.LANGS[1:]:
        assert per_lang[(lang, "disclosure")] >= 12, lang
        assert per_lang[(lang, "not-disclosure")] >= 6, lang
        assert per_lang[(lang, "clear-label")] >= 3, lang


@pytest.mark.parametrize("label", ["disclosure", "claim"])
def test_at_least_15_percent_of_disclosures_and_claims_use_a_non_plain_form(label):
    group = [e for e in ENTRIES if e.label == label and e.family in ("disclosures", "claims")]
    forms = collections.Counter(e.form for e in group)
    assert sum(n for form, n in forms.items() if form != "plain") >= 0.15 * len(group)
    assert set(forms) == set(sp.FORMS)


def test_every_label_is_spread_over_every_generator_style():
    assert len(sp.STYLES) >= 6
    styles = collections.defaultdict(set)
    for page in PAGES:
        styles[(page.entry.family, page.entry.label)].add(page.style)
    assert {key: len(found) for key, found in styles.items() if found != set(sp.STYLES)} == {}


# ---------------------------------------------------------------- the harness


def test_pages_are_deterministic():
    again = [sp.build_page(entry) for entry in ENTRIES]
    assert [p.source for p in again] == [p.source for p in PAGES]
    assert len({p.path for p in PAGES}) == len(PAGES)


@pytest.mark.parametrize("page", PAGES, ids=[p.path for p in PAGES])
def test_page_parses_and_shows_the_sentence_as_written(page):
    shown = _normal(sp.shown_text(page.entry, sp.seed_for(page.entry)))
    assert shown in visible_text(page)
    # ... and the lines the harness names as the sentence's hold exactly it
    first, last = page.sentence_lines
    lines = page.source.splitlines()[first - 1:last]
    source = re.sub(r"<[^>]+>|\\$", " ", "\n".join(line.rstrip("\\") for line in lines))
    source = re.sub(r"^\[(.*)\]\(/disclosure-policy/\)$", r"\1", re.sub(r"^(?:## |- )", "", source.strip()))
    assert _normal(html.unescape(source)) == shown


def test_expected_findings_are_the_ones_the_brief_describes():
    for page in PAGES:
        assert page.expected == BRIEF[(page.entry.family, page.entry.label)], page.path


def _count(source: str, text: str) -> int:
    return source.count(html.escape(text, quote=False)) if "&" in text else source.count(text)


def test_companions_are_the_ones_the_brief_describes():
    for page in PAGES:
        e, src = page.entry, page.source
        anchors = sum(_count(src, a) for a in sp.ANCHOR_CLAIMS)
        if e.family == "claims":
            assert anchors == (max(0, 3 - e.claims) if e.label == "claim" else 2), page.path
        elif e.family == "disclaimers":
            assert anchors == 3, page.path
        else:
            assert anchors == 0, page.path
        links = [u for u in sp.AFFILIATE_URLS if html.escape(u) in src or u in src]
        if e.family in ("claims", "disclaimers", "placeholders"):
            assert links == [], page.path
        else:
            assert len(links) == 1, page.path
            link_at = max(src.find(html.escape(links[0])), src.find(links[0]))
            sentence_at = len("\n".join(src.splitlines()[: page.sentence_lines[0] - 1]))
            if e.family != "ranking":
                assert sentence_at < link_at, page.path
            if page.path.endswith(".html"):
                assert 'rel="sponsored nofollow"' in src
            assert "amazon" not in links[0] and "amzn" not in links[0]
        assert (sp.FIXED_ADMISSION in src) == (e.family == "independence"), page.path
        assert (sp.FIXED_INDEPENDENCE in src) == (e.family == "ranking"), page.path
        assert (sp.FIXED_DISCLOSURE in src) == (e.family in ("independence", "ranking")), page.path


def test_placeholder_lines_sit_alone_in_their_block():
    for page in (p for p in PAGES if p.entry.family == "placeholders"):
        line = page.source.splitlines()[page.sentence_lines[0] - 1]
        stripped = re.sub(r"<[^>]+>|^(?:## |- )", "", line).strip()
        assert html.unescape(stripped) == page.entry.text, page.path


SAMPLE = "Some of the links on this page are affiliate links, which means I earn a little money."


@pytest.mark.parametrize("markup", ["html", "md"])
@pytest.mark.parametrize("seed", range(6))
def test_forms_render_as_described(markup, seed):
    plain = sp.render_inline(SAMPLE, "plain", markup, seed)
    assert plain == SAMPLE
    wrapped = sp.render_inline(SAMPLE, "wrapped", markup, seed)
    lines = wrapped.split("\n")
    assert 2 <= len(lines) <= 3 and " ".join(line.strip() for line in lines) == SAMPLE
    assert all(line.strip() for line in lines) and not any(sp._BLOCK_START.match(line.strip()) for line in lines[1:])
    br = sp.render_inline(SAMPLE, "br", markup, seed)
    marks = ("<br>", "<br />\n", "<br/>") if markup == "html" else ("<br>", "\\\n", "  \n")
    assert sum(br.count(m) for m in marks) == 1
    assert _normal(re.sub(r"<br ?/?>|\\\n", " ", br)) == SAMPLE
    for form, char, entity in (("shy", "\u00ad", "&shy;"), ("zwsp", "\u200b", "&#8203;")):
        out = sp.render_inline(SAMPLE, form, markup, seed)
        assert out.count(char) + out.count(entity) == 1
        assert out.replace(char, "").replace(entity, "") == SAMPLE
        at = max(out.find(char), out.find(entity))
        assert out[at - 1].isalpha() and out[at + len(char if char in out else entity)].isalpha()
    emoji = sp.render_inline(SAMPLE, "emoji", markup, seed)
    assert emoji.startswith(SAMPLE) and emoji[len(SAMPLE):] == sp.EMOJI[seed % len(sp.EMOJI)]


@pytest.mark.parametrize("seed", range(4))
def test_a_wrap_never_starts_a_markdown_block(seed):
    # Every space here but the first precedes a list, heading, quote or ordered-list marker.
    text = "Gym bag - # > + 2. [x] #spon"
    for form in ("wrapped", "br"):
        lines = sp.render_inline(text, form, "md", seed).split("\n")
        assert lines[0].startswith("Gym") and all(line.lstrip().startswith("bag") for line in lines[1:]), (form, lines)


def test_html_text_is_escaped_and_markdown_text_is_not():
    assert sp.render_inline("Fetch & Co", "plain", "html", 0) == "Fetch &amp; Co"
    assert sp.render_inline("Fetch & Co", "plain", "md", 0) == "Fetch & Co"


def test_dl201_counts_only_on_the_sentence_lines():
    page = next(p for p in PAGES if p.entry.label == "placeholder")
    first, _ = page.sentence_lines

    class F:  # the two fields outcome() reads
        def __init__(self, line):
            self.code, self.line = "DL201", line

    assert sp.is_right(page, sp.outcome(page, [F(first)]))
    assert not sp.is_right(page, sp.outcome(page, []))
    assert not sp.is_right(page, sp.outcome(page, [F(first), F(1)]))
    assert not sp.is_right(page, sp.outcome(page, [F(1)]))


# ---------------------------------------------------------------- the companions alone

NEUTRAL = "We spent two weekends comparing the kits."
ENGLISH_DISCLOSURE = "This post contains affiliate links, and we may earn a commission if you buy through them."
CONTROLS = [  # family, text, label, claims, lang, codes every default rule must report
    ("disclosures", ENGLISH_DISCLOSURE, "disclosure", None, "en", set()),
    ("disclosures", NEUTRAL, "not-disclosure", None, "en", {"DL101"}),
    ("labels", "Sponsored", "clear-label", None, "en", set()),
    ("labels", "#sp", "vague-label", None, "en", {"DL104"}),
    ("claims", "Ginger relieves nausea.", "claim", 1, "en", {"DL401"}),
    ("claims", NEUTRAL, "not-claim", None, "en", set()),
    ("disclaimers", "This article is for informational purposes only and is not medical advice.", "disclaimer", None, "en", set()),
    ("disclaimers", NEUTRAL, "not-disclaimer", None, "en", {"DL401"}),
    ("independence", sp.FIXED_INDEPENDENCE, "independence-claim", None, "en", {"DL107"}),
    ("independence", NEUTRAL, "not-independence-claim", None, "en", set()),
    ("ranking", sp.FIXED_ADMISSION, "ranking-admission", None, "en", {"DL107"}),
    ("ranking", NEUTRAL, "not-ranking-admission", None, "en", set()),
    ("placeholders", "[Insert Date Here]", "placeholder", None, "en", {"DL201"}),
    ("placeholders", NEUTRAL, "not-placeholder", None, "en", set()),
] + [
    # English families count on every page (contract, "Languages"), so an English disclosure is
    # the language pages' positive control. Today's code ignores it on a page declared in another
    # language: strict xfail, so the fix makes this test fail until the mark is removed.
    pytest.param("languages", ENGLISH_DISCLOSURE, "disclosure", None, lang, set(), id=f"languages-disclosure-{lang}",
                 marks=pytest.mark.xfail(strict=True, reason="English disclosures are not counted on non-English pages"))
    for lang in sp.LANGS[1:]
] + [
    pytest.param("languages", sp.FILLER[lang][-1], "not-disclosure", None, lang, {"DL101"}, id=f"languages-not-disclosure-{lang}")
    for lang in sp.LANGS[1:]
]
CONTROL_IDS = [c.id if hasattr(c, "id") else f"{c[0]}-{c[2]}" for c in CONTROLS]


@pytest.mark.parametrize("style", list(sp.STYLES))
@pytest.mark.parametrize("family, text, label, claims, lang, codes", CONTROLS, ids=CONTROL_IDS)
def test_companions_alone_give_exactly_the_expected_findings(style, family, text, label, claims, lang, codes):
    for index in range(2):  # both seeds' layouts (sentence first or last, anchors joined or not)
        entry = sp.Entry(family=family, file="control", index=index, text=text, label=label, claims=claims, lang=lang)
        page = sp.build_page(entry, style)
        found = {f.code for f in lint_source(page.source, path=page.path)}
        assert found == codes, (page.path, sorted(found))
        assert sp.is_right(page, sp.outcome(page))


# ---------------------------------------------------------------- the ratchet


@pytest.fixture(scope="module")
def results():
    return sp.score(PAGES)


@pytest.mark.parametrize("family", sorted(FLOORS))
def test_accuracy_does_not_fall_below_the_floor(results, family):
    right, total = sp.accuracy(results, lambda r: r.page.entry.family)[family]
    misses = [f"{r.page.entry.file}#{r.page.entry.index}: {r.page.entry.text}" for r in results
              if r.page.entry.family == family and not r.right]
    assert 100 * right >= FLOORS[family] * total, f"{family}: {right}/{total} right; misses:\n" + "\n".join(misses)


def test_scorer_prints_json_per_family_and_exits_0():
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "sentences.py"), "--json", "--family", "ranking"],
                          capture_output=True, text=True, timeout=300, cwd=REPO, check=False)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert list(data["families"]) == ["ranking"]
    cell = data["families"]["ranking"]
    assert cell["total"] == sum(1 for e in ENTRIES if e.family == "ranking")
    assert len(data["misses"]) == cell["total"] - cell["right"]
    assert {m["file"] for m in data["misses"]} <= {"ranking.yml"}
