"""DL101-DL107: affiliate links and their disclosure (the contract's rows and Clarifications).

Every fixture is a small inline page; each test asserts the codes reported and where:
DL101/DL102/DL105 at the first affiliate link's `<a` (HTML) or `[` (Markdown), DL103 at the
first hidden disclosure, DL104 at the vague label, DL106 at each offending `<a`, DL107 at the
claim. Positions are 1-based (line, column) computed from the fixture text with `loc`.
"""

from __future__ import annotations

import pytest

from disclosurelint.config import from_mapping
from disclosurelint.engine import lint_source

CODES = ["DL101", "DL102", "DL103", "DL104", "DL105", "DL106", "DL107"]

# An affiliate link (Impact) that carries rel="sponsored", so DL105/DL106 stay out of the way.
LINK = '<a href="https://acme.sjv.io/c/123/456/789" rel="sponsored">Acme widget</a>'
AMAZON = '<a href="https://www.amazon.com/dp/B08XYZ1234?tag=widgetlab-20" rel="sponsored nofollow">Acme on Amazon</a>'
PLAIN = "<p>We earn a commission if you buy through links on this page.</p>"


def lint(src, path="page.html", extra=None):
    config = from_mapping({"select": CODES, **(extra or {})}, None, "test")
    return lint_source(src, path=path, config=config)


def found(src, path="page.html", extra=None):
    """Every finding as (code, line, column), in report order."""
    return [(f.code, f.line, f.column) for f in lint(src, path, extra)]


def codes(src, path="page.html", extra=None):
    return {f.code for f in lint(src, path, extra)}


def loc(src: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of `needle` in `src`."""
    idx = -1
    for _ in range(nth):
        idx = src.index(needle, idx + 1)
    line = src.count("\n", 0, idx) + 1
    col = idx - (src.rfind("\n", 0, idx) + 1) + 1
    return line, col


def at(code, src, needle, nth=1):
    return (code, *loc(src, needle, nth))


def page(*body: str, lang: str | None = None) -> str:
    open_tag = f'<html lang="{lang}">' if lang else "<html>"
    return open_tag + "<body>\n" + "\n".join(body) + "\n</body></html>\n"


def test_loc_helper():
    assert loc("ab\ncd<a x", "<a") == (2, 3)
    assert loc("<a><a", "<a", 2) == (1, 4)


# == DL101 missing-disclosure ===================================================================


def test_dl101_affiliate_link_and_no_disclosure():
    src = page("<h1>Best widgets</h1>", "<p>Our pick:</p>", f"<p>Buy the {LINK} today.</p>")
    assert found(src) == [at("DL101", src, "<a ")]


def test_dl101_reported_at_first_affiliate_link_not_first_link():
    src = page(
        '<p>See <a href="https://www.example.org/">our home page</a>.</p>',
        '<p>Buy <a href="/go/acme" rel="nofollow">Acme</a> or <a href="/go/beta" rel="nofollow">Beta</a>.</p>',
    )
    assert found(src) == [at("DL101", src, '<a href="/go/acme"')]


def test_dl101_markdown_reported_at_bracket():
    src = "# Best widgets\n\nOur pick is the [Acme widget](https://acme.sjv.io/c/1/2/3).\n"
    assert found(src, "page.md") == [at("DL101", src, "[Acme")]


def test_dl101_not_for_page_without_affiliate_links():
    src = page(
        "<p>A review with ordinary links only.</p>",
        '<p><a href="https://www.amazon.com/dp/B08XYZ1234">Amazon listing</a> and '
        '<a href="https://www.strava.com/clubs/x?ref=blog">our club</a>.</p>',
    )
    assert found(src) == []


def test_dl101_not_for_markdown_without_affiliate_links():
    src = "# Notes\n\nRead the [docs](https://docs.example.org/guide/) first.\n"
    assert found(src, "page.md") == []


def test_dl101_satisfied_by_disclosure_anywhere():
    src = page(f"<p>Buy the {LINK} today.</p>", "<footer><p>We earn a commission from links on this site.</p></footer>")
    assert "DL101" not in codes(src)


def test_dl101_hidden_only_disclosure_is_dl103_not_dl101():
    src = page('<p class="sr-only">This post is sponsored by Acme.</p>', f"<p>Buy the {LINK} today.</p>")
    assert found(src) == [at("DL103", src, "This post is sponsored")]


def test_dl101_vague_only_disclosure_is_dl104_not_dl101():
    src = page("<p>Loving my new widget! #sp</p>", f"<p>Buy the {LINK} today.</p>")
    assert found(src) == [at("DL104", src, "#sp")]


def test_dl101_bare_affiliate_disclosure_link_is_not_a_disclosure():
    src = page(
        f"<p>Buy the {LINK} today.</p>",
        '<footer><a href="/affiliate-disclosure/">Affiliate Disclosure</a></footer>',
    )
    assert found(src) == [at("DL101", src, "<a ")]


def test_dl101_bare_disclosure_heading_is_not_a_disclosure():
    src = page("<h2>Affiliate Disclosure</h2>", f"<p>Buy the {LINK} today.</p>")
    assert found(src) == [at("DL101", src, "<a ")]


def test_dl101_bare_disclosure_link_in_markdown_is_not_a_disclosure():
    src = "# Brushes\n\nBuy the [Acme set](https://click.linksynergy.com/deeplink?id=x).\n\n[Affiliate disclosure](/disclosure/)\n"
    assert found(src, "page.md") == [at("DL101", src, "[Acme")]


def test_dl101_prose_about_disclosures_names_no_connection():
    src = page("<p>Read our disclosure policy to learn how this site works.</p>", f"<p>Buy the {LINK}.</p>")
    assert found(src) == [at("DL101", src, "<a ")]


# -- disclosure wording ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "We may earn a commission when you buy through links on this page.",
        "This post contains affiliate links.",
        "I get a small commission at no extra cost to you.",
        "This is a sponsored post.",
        "Paid partnership with Acme.",
        "This is an advertisement.",
        "We receive compensation from companies whose products we review.",
        "Acme sent me this widget for free in exchange for an honest review.",
        "As an Amazon Associate I earn from qualifying purchases.",
        # a negation in another clause does not cancel a disclosure
        "Not sponsored, but we earn a commission if you buy through our links.",
        "No matter which one you pick, we earn a commission if you buy through our links.",
        "Not every product here earns us a commission when you buy through our links.",
    ],
)
def test_disclosure_wordings_from_the_contract(sentence):
    src = page(f"<p>{sentence}</p>", f"<p>Buy the {LINK} today.</p>")
    assert found(src) == []


def test_disclosure_with_curly_apostrophe_were_paid():
    src = page("<p>We’re paid by the brands we link to.</p>", f"<p>Buy the {LINK} today.</p>")
    assert found(src) == []


def test_disclosure_with_straight_apostrophe_were_paid():
    src = page("<p>We're paid by the brands we link to.</p>", f"<p>Buy the {LINK} today.</p>")
    assert found(src) == []


def test_disclosure_with_curly_apostrophe_well_earn():
    src = page("<p>We’ll earn a small commission if you buy through these links.</p>", f"<p>Buy the {LINK}.</p>")
    assert found(src) == []


def test_negation_with_curly_apostrophe_is_not_a_disclosure():
    src = page("<p>We don’t earn a commission on anything here.</p>", f"<p>Buy the {LINK}.</p>")
    assert found(src) == [at("DL101", src, "<a ")]


def test_disclosure_split_over_source_lines():
    src = page("<p>We may earn a\n   commission when you\n   buy through links on this page.</p>", f"<p>Buy the {LINK}.</p>")
    assert found(src) == []


def test_disclosure_split_over_lines_in_markdown():
    src = "# Widgets\n\nWe may earn a\ncommission when you buy through\nlinks on this page.\n\nBuy the [Acme](https://acme.sjv.io/c/1).\n"
    assert found(src, "page.md") == []


def test_disclosure_inside_em_and_strong():
    src = page(
        "<p><em>We may earn a <strong>commission</strong> when you buy through links on this page.</em></p>",
        f"<p>Buy the {LINK}.</p>",
    )
    assert found(src) == []


def test_disclosure_with_a_link_inside_the_sentence():
    src = page(
        '<p>We earn a <a href="/how-we-make-money/">commission</a> when you buy through links on this page.</p>',
        f"<p>Buy the {LINK}.</p>",
    )
    assert found(src) == []


def test_disclosure_with_emoji_before_it():
    src = page("<p>💰 We earn a commission when you buy through our links.</p>", f"<p>Buy the {LINK}.</p>")
    assert found(src) == []


def test_disclosure_with_emoji_before_it_in_markdown():
    src = "# Widgets\n\n💰 This post contains affiliate links.\n\nBuy the [Acme](https://acme.sjv.io/c/1).\n"
    assert found(src, "page.md") == []


def test_disclosure_in_markdown_emphasis():
    src = "# Widgets\n\n*This post **contains** affiliate links.*\n\nBuy the [Acme](https://acme.sjv.io/c/1).\n"
    assert found(src, "page.md") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "We are not paid by any brand.",
        "I'm not using affiliate links.",
        "I’m not using affiliate links.",
        "This post is not sponsored.",
        "We never receive compensation from brands.",
        # a clause that opens with a negative subject, however far the phrase is from it
        "None of the links below are affiliate links.",
        "None of the brands here paid to be included or sent me anything for free.",
        "Not sponsored. Nobody sent us free gear, and none of these are affiliate links.",
    ],
)
def test_negations_are_not_disclosures(sentence):
    src = page(f"<p>{sentence}</p>", f"<p>Buy the {LINK} today.</p>")
    assert found(src) == [at("DL101", src, "<a ")]


def test_disclosure_in_script_or_comment_is_not_page_text():
    src = page(
        "<!-- We earn a commission from links on this page. -->",
        "<script>var note = 'This post contains affiliate links.';</script>",
        f"<p>Buy the {LINK}.</p>",
    )
    assert found(src) == [at("DL101", src, "<a ")]


def test_disclosure_in_code_is_not_page_text():
    src = page("<p><code>This post contains affiliate links.</code></p>", f"<p>Buy the {LINK}.</p>")
    assert found(src) == [at("DL101", src, "<a ")]


def test_disclosure_in_front_matter_description_counts():
    src = (
        "---\n"
        "title: Acme widget review\n"
        "description: This post contains affiliate links.\n"
        "---\n\n"
        "Buy the [Acme](https://acme.sjv.io/c/1).\n"
    )
    assert "DL101" not in codes(src, "page.md")


def test_disclosure_in_other_front_matter_field_does_not_count():
    src = (
        "---\n"
        "title: Acme widget review\n"
        "note: This post contains affiliate links.\n"
        "---\n\n"
        "Buy the [Acme](https://acme.sjv.io/c/1).\n"
    )
    assert found(src, "page.md") == [at("DL101", src, "[Acme")]


def test_disclosure_in_meta_description_counts():
    src = (
        '<html><head><title>Best widgets</title>'
        '<meta name="description" content="This post contains affiliate links."></head><body>\n'
        f"<p>Buy the {LINK}.</p>\n</body></html>\n"
    )
    assert "DL101" not in codes(src)


def test_disclosure_in_markdown_admonition_counts():
    src = "# Widgets\n\n!!! note\n    This post contains affiliate links.\n\nBuy the [Acme](https://acme.sjv.io/c/1).\n"
    assert found(src, "page.md") == []


def test_disclosure_in_markdown_table_counts():
    src = (
        "# Widgets\n\n| Note | |\n|---|---|\n| This post contains affiliate links. | |\n\n"
        "Buy the [Acme](https://acme.sjv.io/c/1).\n"
    )
    assert found(src, "page.md") == []


def test_disclosure_in_markdown_blockquote_counts():
    src = "# Widgets\n\n> This post contains affiliate links.\n\nBuy the [Acme](https://acme.sjv.io/c/1).\n"
    assert found(src, "page.md") == []


def test_dl101_markdown_position_after_multibyte_text():
    src = "# Café 😀\n\nNaïve 😀 buy the [Acme](https://acme.sjv.io/c/1).\n"
    assert found(src, "page.md") == [at("DL101", src, "[Acme")]


def test_dl101_markdown_position_with_crlf_and_front_matter():
    src = "---\r\ntitle: Widgets\r\n---\r\n\r\nBuy the [Acme](https://acme.sjv.io/c/1).\r\n"
    assert found(src.encode(), "page.md") == [("DL101", 5, 9)]


def test_dl101_html_position_with_crlf():
    src = '<html><body>\r\n<p>Intro.</p>\r\n<p>Buy <a href="/go/x" rel="nofollow">x</a></p>\r\n</body></html>\r\n'
    assert found(src.encode()) == [("DL101", 3, 8)]


# -- languages ---------------------------------------------------------------------------------


def test_german_loanword_is_not_an_english_disclosure():
    src = page("<p>Dieser Beitrag enthält Affiliate-Links.</p>", f"<p>Kaufen: {LINK}.</p>", lang="de")
    assert found(src) == [at("DL101", src, "<a ")]


def test_configured_german_phrase_is_a_disclosure():
    src = page("<p>Dieser Beitrag enthält Affiliate-Links.</p>", f"<p>Kaufen: {LINK}.</p>", lang="de")
    extra = {"disclosure-phrases": {"de": ["enthält\\s+affiliate-links"]}}
    assert found(src, extra=extra) == []


def test_configured_german_phrase_with_region_subtag():
    src = page("<p>Dieser Beitrag enthält Affiliate-Links.</p>", f"<p>Kaufen: {LINK}.</p>", lang="de-AT")
    extra = {"disclosure-phrases": {"de": ["enthält\\s+affiliate-links"]}}
    assert found(src, extra=extra) == []


def test_configured_german_phrase_found_late_is_dl102():
    src = page(f"<p>Kaufen: {LINK}.</p>", "<footer><p>Dieser Beitrag enthält Affiliate-Links.</p></footer>", lang="de")
    extra = {"disclosure-phrases": {"de": ["enthält\\s+affiliate-links"]}}
    assert found(src, extra=extra) == [at("DL102", src, "<a ")]


def test_german_phrase_in_markdown_front_matter_lang():
    src = "---\nlang: de\n---\n\nDieser Beitrag enthält Affiliate-Links.\n\nKaufen: [Acme](https://acme.sjv.io/c/1).\n"
    assert found(src, "page.md") == [at("DL101", src, "[Acme")]
    extra = {"disclosure-phrases": {"de": ["enthält\\s+affiliate-links"]}}
    assert found(src, "page.md", extra=extra) == []


def test_english_region_page_uses_english_phrases():
    src = page(PLAIN, f"<p>Buy the {LINK}.</p>", lang="en-GB")
    assert found(src) == []


# == DL102 late-disclosure ======================================================================


def test_dl102_footer_only_disclosure_is_late():
    src = page(
        "<main>",
        "<p>Our pick:</p>",
        f"<p>Buy the {LINK} today.</p>",
        "</main>",
        "<footer><p>We earn a commission from links on this site.</p></footer>",
    )
    assert found(src) == [at("DL102", src, "<a ")]


def test_dl102_disclosure_before_first_link_is_fine():
    src = page(PLAIN, f"<p>Buy the {LINK} today.</p>", "<footer><p>We earn commissions from purchases.</p></footer>")
    assert found(src) == []


def test_dl102_disclosure_between_links_is_late_at_first_link():
    src = page(
        '<p>First: <a href="/go/acme" rel="nofollow">Acme</a>.</p>',
        PLAIN,
        '<p>Second: <a href="/go/beta" rel="nofollow">Beta</a>.</p>',
    )
    assert found(src) == [at("DL102", src, '<a href="/go/acme"')]


def test_dl102_disclosure_on_same_line_before_link_is_fine():
    src = page(f"<p>This post contains affiliate links. Buy the {LINK}.</p>")
    assert found(src) == []


def test_dl102_disclosure_on_same_line_after_link_is_late():
    src = page(f"<p>Buy the {LINK}. This post contains affiliate links.</p>")
    assert found(src) == [at("DL102", src, "<a ")]


def test_dl102_markdown_disclosure_at_the_end_is_late():
    src = (
        "# Budget headphones\n\n"
        "Our pick is the [Acme H1](https://amzn.to/3xYzAbC).\n\n"
        "As an Amazon Associate I earn from qualifying purchases.\n"
    )
    assert found(src, "page.md") == [at("DL102", src, "[Acme")]


def test_dl102_markdown_footnote_only_disclosure_is_late():
    # The footnote definition is first in the source but renders at the end of the page.
    src = (
        "[^1]: We earn a commission from links on this page.\n\n"
        "Buy the [Acme widget](https://acme.sjv.io/c/1/2/3) now.[^1]\n"
    )
    assert found(src, "page.md") == [at("DL102", src, "[Acme")]


def test_dl102_markdown_footnote_at_end_is_late():
    src = (
        "# Widgets\n\n"
        "Buy the [Acme widget](https://acme.sjv.io/c/1/2/3) now.[^d]\n\n"
        "[^d]: We earn a commission from links on this page.\n"
    )
    assert found(src, "page.md") == [at("DL102", src, "[Acme")]


def test_dl102_markdown_disclosure_in_body_before_link_with_footnote_too():
    src = (
        "[^1]: We earn a commission from links on this page.\n\n"
        "This post contains affiliate links.[^1]\n\n"
        "Buy the [Acme widget](https://acme.sjv.io/c/1/2/3) now.\n"
    )
    assert found(src, "page.md") == []


def test_dl102_markdown_disclosure_before_link_is_fine():
    src = "# Widgets\n\nThis post contains affiliate links.\n\nBuy the [Acme widget](https://acme.sjv.io/c/1).\n"
    assert found(src, "page.md") == []


def test_dl102_hidden_disclosure_after_link_is_late_and_hidden():
    src = page(f"<p>Buy the {LINK}.</p>", f"<div hidden><p>{HIDDEN_SENTENCE}</p></div>")
    assert found(src) == [at("DL102", src, "<a "), at("DL103", src, HIDDEN_SENTENCE)]


def test_dl102_vague_label_after_link_is_late_and_vague():
    src = page(f"<p>Buy the {LINK}.</p>", "<p>Loving it! #sp</p>")
    assert found(src) == [at("DL102", src, "<a "), at("DL104", src, "#sp")]


def test_dl102_not_without_affiliate_links():
    src = page('<p>Read <a href="https://www.example.org/">this</a>.</p>', "<footer>" + PLAIN + "</footer>")
    assert found(src) == []


def test_dl102_not_when_there_is_no_disclosure_at_all():
    src = page(f"<p>Buy the {LINK}.</p>")
    assert "DL102" not in codes(src)


# == DL103 hidden-disclosure ====================================================================

HIDDEN_WRAPPERS = {
    "hidden-attribute": '<p hidden>{s}</p>',
    "aria-hidden": '<div aria-hidden="true"><p>{s}</p></div>',
    "display-none": '<p style="display:none">{s}</p>',
    "display-none-spaced": '<p style="color: #555; display: none;">{s}</p>',
    "visibility-hidden": '<p style="visibility:hidden">{s}</p>',
    "font-size-7px": '<p style="font-size:7px">{s}</p>',
    "font-size-9px-spaced": '<p style="font-size: 9px">{s}</p>',
    "font-size-0": '<p style="font-size:0">{s}</p>',
    "font-size-0px": '<p style="font-size:0px">{s}</p>',
    "sr-only": '<span class="sr-only">{s}</span>',
    "screen-reader-text": '<span class="screen-reader-text">{s}</span>',
    "visually-hidden": '<div class="note visually-hidden">{s}</div>',
    "closed-details": "<details><summary>About this page</summary><p>{s}</p></details>",
    "hidden-ancestor": '<div hidden><section><p><em>{s}</em></p></section></div>',
}

HIDDEN_SENTENCE = "This post is sponsored by Acme."


@pytest.mark.parametrize("wrapper", list(HIDDEN_WRAPPERS.values()), ids=list(HIDDEN_WRAPPERS))
def test_dl103_only_disclosure_hidden(wrapper):
    src = page(wrapper.format(s=HIDDEN_SENTENCE), f"<p>Buy the {LINK} today.</p>")
    assert found(src) == [at("DL103", src, HIDDEN_SENTENCE)]


@pytest.mark.parametrize(
    "wrapper",
    [
        '<p style="font-size:11px">{s}</p>',
        '<p style="font-size:10px">{s}</p>',
        '<p style="display:block">{s}</p>',
        '<p aria-hidden="false">{s}</p>',
        '<p class="screen-reader-friendly">{s}</p>',
        "<details open><summary>About this page</summary><p>{s}</p></details>",
        "<details><summary>{s}</summary><p>More.</p></details>",
    ],
    ids=["font-size-11px", "font-size-10px", "display-block", "aria-hidden-false", "other-class", "open-details",
         "details-summary"],
)
def test_dl103_visible_variants_are_not_hidden(wrapper):
    src = page(wrapper.format(s=HIDDEN_SENTENCE), f"<p>Buy the {LINK} today.</p>")
    assert found(src) == []


def test_dl103_title_attribute_only():
    src = page(f'<p title="{HIDDEN_SENTENCE}">Hover for details</p>', f"<p>Buy the {LINK} today.</p>")
    got = found(src)
    assert [c for c, _, _ in got] == ["DL103"]
    # reported where the attribute lives: its element, the attribute, or its value
    assert got[0][1:] in {loc(src, "<p title"), loc(src, "title="), loc(src, HIDDEN_SENTENCE)}


def test_dl103_alt_attribute_only():
    src = page(f'<p><img src="badge.png" alt="{HIDDEN_SENTENCE}"></p>', f"<p>Buy the {LINK} today.</p>")
    got = found(src)
    assert [c for c, _, _ in got] == ["DL103"]
    assert got[0][1:] in {loc(src, "<img"), loc(src, "alt="), loc(src, HIDDEN_SENTENCE)}


def test_dl103_reported_at_first_of_several_hidden_disclosures():
    src = page(
        '<p class="sr-only">As an affiliate, we earn commissions.</p>',
        f"<p>Buy the {LINK} today.</p>",
        f'<p hidden>{HIDDEN_SENTENCE}</p>',
    )
    assert found(src) == [at("DL103", src, "As an affiliate")]


def test_dl103_one_visible_disclosure_clears_it():
    src = page(f'<span class="sr-only">{HIDDEN_SENTENCE}</span>', PLAIN, f"<p>Buy the {LINK} today.</p>")
    assert found(src) == []


def test_dl103_visible_disclosure_duplicated_in_sr_only_span():
    src = page(f'<p>{HIDDEN_SENTENCE} <span class="sr-only">{HIDDEN_SENTENCE}</span></p>', f"<p>Buy the {LINK}.</p>")
    assert found(src) == []


def test_dl103_visible_disclosure_with_aria_hidden_tooltip():
    src = page(PLAIN, f'<p>Buy the {LINK} <span aria-hidden="true" title="{HIDDEN_SENTENCE}">ⓘ</span></p>')
    assert found(src) == []


def test_dl103_hidden_first_and_visible_in_footer_is_neither_dl103_nor_dl102():
    src = page(f'<p hidden>{HIDDEN_SENTENCE}</p>', f"<p>Buy the {LINK}.</p>", "<footer>" + PLAIN + "</footer>")
    # the hidden disclosure comes first, so the page is neither hidden-only nor late
    assert found(src) == []


def test_dl103_not_without_affiliate_links():
    src = page(f'<p class="sr-only">{HIDDEN_SENTENCE}</p>', '<p><a href="https://www.example.org/">x</a></p>')
    assert found(src) == []


def test_dl103_hidden_non_disclosure_text_is_irrelevant():
    src = page('<span class="visually-hidden">Toggle menu</span>', PLAIN, f"<p>Buy the {LINK}.</p>")
    assert found(src) == []


def test_dl103_markdown_raw_html_visually_hidden():
    src = (
        "# Brushes\n\n"
        '<div class="visually-hidden">This post is sponsored by Acme.</div>\n\n'
        "Buy the [Acme set](https://click.linksynergy.com/deeplink?id=x).\n"
    )
    assert found(src, "page.md") == [at("DL103", src, "This post is sponsored")]


def test_dl103_markdown_image_alt_only():
    src = "# Brushes\n\n![This post contains affiliate links.](badge.png)\n\nBuy the [Acme set](https://click.linksynergy.com/deeplink?id=x).\n"
    got = found(src, "page.md")
    assert [c for c, _, _ in got] == ["DL103"]
    assert got[0][1:] in {loc(src, "!["), loc(src, "This post contains")}


# == DL104 vague-disclosure =====================================================================


@pytest.mark.parametrize("label", ["#sp", "#spon", "#collab", "#partner", "#ambassador"])
def test_dl104_vague_hashtag(label):
    src = page(f"<p>Loving my new widget! {label}</p>", f"<p>Buy the {LINK} today.</p>")
    assert found(src) == [at("DL104", src, label)]


def test_dl104_thanks_to_brand():
    src = page("<p>What a trip. Thanks to Tagus Sunset Cruises!</p>", f"<p>Book the {LINK}.</p>")
    assert found(src) == [at("DL104", src, "Thanks to")]


def test_dl104_reported_at_first_label():
    src = page("<p>#MarenStyle #ambassador #sp</p>", f"<p>Shop the {LINK}.</p>")
    assert found(src) == [at("DL104", src, "#ambassador")]


def test_dl104_in_markdown():
    src = "# Hiking boots\n\nBig day out! #ambassador #sp Thanks to Ridgeline!\n\nGet them [here](https://prf.hn/click/camref:1).\n"
    assert found(src, "page.md") == [at("DL104", src, "#ambassador")]


@pytest.mark.parametrize("label", ["#ad", "Ad", "Advertisement", "Sponsored"])
def test_dl104_clear_labels_are_not_vague(label):
    src = page(f"<p>{label}</p>", f"<p>Buy the {LINK} today.</p>")
    assert found(src) == []


def test_dl104_hashtag_ad_in_a_sentence_is_clear():
    src = page("<p>Loving my new widget from Acme #ad</p>", f"<p>Buy the {LINK} today.</p>")
    assert found(src) == []


def test_dl104_vague_label_next_to_plain_disclosure_is_fine():
    src = page("<p>#partner Thanks to Ridgeback Footwear!</p>", PLAIN, f"<p>Buy the {LINK} today.</p>")
    assert found(src) == []


def test_dl104_vague_label_first_and_plain_disclosure_later_is_neither_dl104_nor_dl102():
    src = page("<p>#collab</p>", f"<p>Buy the {LINK} today.</p>", "<footer>" + PLAIN + "</footer>")
    assert found(src) == []  # the label is the first (vague) disclosure and precedes the link


def test_dl104_clear_label_beside_vague_one_is_fine():
    src = page("<p>Loving my new widget! #ad #sp</p>", f"<p>Buy the {LINK} today.</p>")
    assert found(src) == []


def test_dl104_thanks_to_brand_for_something():
    src = page("<p>Thanks to Acme for sending this widget!</p>", f"<p>Buy the {LINK}.</p>")
    assert found(src) == [at("DL104", src, "Thanks to")]


def test_dl104_thanks_to_brand_after_other_words():
    src = page("<p>Huge thanks to Ridgeline!</p>", f"<p>Buy the {LINK}.</p>")
    got = found(src)
    assert [c for c, _, _ in got] == ["DL104"], got
    assert got[0][1:] in {loc(src, "Huge"), loc(src, "thanks to")}


def test_dl104_not_without_affiliate_links():
    src = page("<p>Loving my new boots! #sp #ambassador Thanks to Ridgeline!</p>")
    assert found(src) == []


def test_dl104_causal_thanks_to_is_not_a_label():
    src = page("<p>The battery lasts all day, thanks to its efficient design.</p>", f"<p>Buy the {LINK}.</p>")
    assert found(src) == [at("DL101", src, "<a ")]


def test_dl104_thanks_to_readers_is_not_a_brand_label():
    src = page(
        "<p>Thank you to everyone at the Riverside Running Club for the company.</p>",
        PLAIN,
        f"<p>Buy the {LINK}.</p>",
    )
    assert found(src) == []


# == DL105 missing-network-statement ============================================================


def test_dl105_amazon_link_without_statement():
    src = page(PLAIN, f"<p>Buy it: {AMAZON}.</p>")
    assert found(src) == [at("DL105", src, "<a ")]


@pytest.mark.parametrize(
    "href",
    ["https://amzn.to/3xYzAbC", "https://www.amazon.co.uk/dp/B0?tag=x-21", "https://amzn.eu/d/1", "https://a.co/d/2"],
)
def test_dl105_every_amazon_form(href):
    src = page(PLAIN, f'<p>Buy it: <a href="{href}" rel="sponsored">Acme</a>.</p>')
    assert found(src) == [at("DL105", src, "<a ")]


def test_dl105_markdown_amazon_link():
    src = "# Widgets\n\nThis post contains affiliate links.\n\nBuy the [Acme](https://amzn.to/3xYzAbC).\n"
    assert found(src, "page.md") == [at("DL105", src, "[Acme")]


def test_dl105_reported_at_first_amazon_link():
    src = page(PLAIN, f"<p>Buy the {LINK}.</p>", f"<p>Or {AMAZON}.</p>")
    assert found(src) == [at("DL105", src, '<a href="https://www.amazon')]


@pytest.mark.parametrize(
    "statement",
    [
        "As an Amazon Associate I earn from qualifying purchases.",
        "As an Amazon Associate we earn from qualifying purchases.",
        "As an Amazon Associate, I earn from qualifying purchases.",
        "As an Amazon Associate, we earn from qualifying purchases.",
        "As an Amazon Associate, Forkful earns from qualifying purchases.",
        "As an Amazon Associate Gear Lab earns from qualifying purchases.",
        "As an Amazon Associate, Widget Lab, earns from qualifying purchases.",
    ],
)
def test_dl105_statement_variants_satisfy(statement):
    src = page(f"<p>{statement}</p>", f"<p>Buy it: {AMAZON}.</p>")
    assert found(src) == []


def test_dl105_statement_split_over_lines_and_markup():
    src = page("<p>As an <strong>Amazon\n   Associate</strong>, I earn from\n   qualifying purchases.</p>", f"<p>Buy it: {AMAZON}.</p>")
    assert found(src) == []


def test_dl105_statement_in_markdown():
    src = "# Widgets\n\nAs an Amazon Associate, we earn from qualifying purchases.\n\nBuy the [Acme](https://amzn.to/3xYzAbC).\n"
    assert found(src, "page.md") == []


def test_dl105_markdown_reference_link_position():
    src = "# Widgets\n\nThis post contains affiliate links.\n\nBuy the [Acme][a].\n\n[a]: https://amzn.to/3xYzAbC\n"
    assert found(src, "page.md") == [at("DL105", src, "[Acme")]


def test_dl105_statement_in_footer_satisfies_dl105():
    src = page(PLAIN, f"<p>Buy it: {AMAZON}.</p>", "<footer><p>As an Amazon Associate I earn from qualifying purchases.</p></footer>")
    assert found(src) == []


def test_dl105_hidden_statement_still_satisfies():
    src = page(
        PLAIN,
        '<p class="sr-only">As an Amazon Associate I earn from qualifying purchases.</p>',
        f"<p>Buy it: {AMAZON}.</p>",
    )
    assert found(src) == []


def test_dl105_generic_disclosure_does_not_satisfy():
    src = page("<p>We earn a commission from Amazon when you buy through our links.</p>", f"<p>Buy it: {AMAZON}.</p>")
    assert found(src) == [at("DL105", src, "<a ")]


LONG_FORM = (
    "Widget Lab is a participant in the Amazon Services LLC Associates Program, an affiliate advertising "
    "program designed to provide a means for sites to earn advertising fees by advertising and linking to Amazon.com."
)


def test_dl105_old_long_form_does_not_satisfy_by_default():
    src = page(f"<p>{LONG_FORM}</p>", f"<p>Buy it: {AMAZON}.</p>")
    assert found(src) == [at("DL105", src, "<a ")]


def test_dl105_old_long_form_satisfies_when_configured():
    src = page(f"<p>{LONG_FORM}</p>", f"<p>Buy it: {AMAZON}.</p>")
    extra = {"rules": {"DL105": {"statement": "participant in the Amazon Services LLC Associates Program"}}}
    assert found(src, extra=extra) == []


def test_dl105_configured_statement_as_a_list():
    src = page(f"<p>{LONG_FORM}</p>", f"<p>Buy it: {AMAZON}.</p>")
    extra = {"rules": {"DL105": {"statement": ["Als Amazon-Partner verdiene ich", "participant in the Amazon Services LLC Associates Program"]}}}
    assert found(src, extra=extra) == []


def test_dl105_configured_statement_must_still_be_present():
    src = page(PLAIN, f"<p>Buy it: {AMAZON}.</p>")
    extra = {"rules": {"DL105": {"statement": "participant in the Amazon Services LLC Associates Program"}}}
    assert found(src, extra=extra) == [at("DL105", src, "<a ")]


def test_dl105_not_for_amazon_link_without_tag():
    src = page('<p>The <a href="https://www.amazon.com/dp/B08XYZ1234">cookbook</a> is great.</p>')
    assert found(src) == []


def test_dl105_not_for_non_amazon_affiliate_links():
    src = page(PLAIN, f"<p>Buy the {LINK}.</p>")
    assert found(src) == []


def test_dl105_geni_us_is_not_an_amazon_link():
    src = page(PLAIN, '<p>Buy it: <a href="https://geni.us/AcmeWidget" rel="sponsored">Acme on Amazon</a>.</p>')
    assert found(src) == []


def test_dl105_skimlinks_wrapped_amazon_is_not_an_amazon_link():
    href = "https://go.skimresources.com/?id=12345X678&amp;url=https%3A%2F%2Fwww.amazon.com%2Fdp%2FB0%3Ftag%3Dx-20"
    src = page(PLAIN, f'<p>Buy it: <a href="{href}" rel="sponsored">Acme on Amazon</a>.</p>')
    assert found(src) == []


def test_dl105_amazon_link_without_any_disclosure_gets_dl101_and_dl105():
    src = page(f"<p>Buy it: {AMAZON}.</p>")
    assert sorted(found(src)) == sorted([at("DL101", src, "<a "), at("DL105", src, "<a ")])


# == DL106 affiliate-link-rel ===================================================================


def test_dl106_affiliate_link_without_rel():
    src = page(PLAIN, '<p>Compare <a href="https://acme.sjv.io/c/1/2/3">Acme</a> prices.</p>')
    assert found(src) == [at("DL106", src, "<a ")]


def test_dl106_affiliate_link_with_only_noopener():
    src = page(PLAIN, '<p>Compare <a href="https://acme.sjv.io/c/1/2/3" rel="noopener noreferrer">Acme</a>.</p>')
    assert found(src) == [at("DL106", src, "<a ")]


def test_dl106_each_offending_link_is_reported():
    src = page(
        PLAIN,
        '<p><a href="https://shop.example/w?partner_id=1">One</a>,',
        '   <a href="https://shop.example/w?partner_id=2" rel="nofollow">Two</a>,',
        '   <a href="https://shop.example/w?partner_id=3" rel="noopener">Three</a>.</p>',
    )
    assert found(src) == [at("DL106", src, '<a href="https://shop.example/w?partner_id=1"'),
                          at("DL106", src, '<a href="https://shop.example/w?partner_id=3"')]


def test_dl106_two_offending_links_on_one_line():
    src = page(PLAIN, '<p><a href="/go/a">A</a> or <a href="/go/b">B</a></p>')
    assert found(src) == [at("DL106", src, '<a href="/go/a"'), at("DL106", src, '<a href="/go/b"')]


def test_dl106_position_after_multibyte_text():
    src = page(PLAIN, '<p>Café — naïve 😀 <a href="/go/a">A</a></p>')
    assert found(src) == [at("DL106", src, "<a ")]


def test_dl106_anchor_with_attributes_over_several_lines():
    src = page(PLAIN, '<p>See\n  <a class="btn"\n     href="/out/acme?aff_id=7">Acme</a></p>')
    assert found(src) == [at("DL106", src, "<a ")]


@pytest.mark.parametrize(
    "rel",
    ["nofollow", "sponsored", "Sponsored", "NOFOLLOW", "noopener nofollow", "sponsored noopener", "ugc nofollow external"],
)
def test_dl106_sponsored_or_nofollow_in_any_case_is_fine(rel):
    src = page(PLAIN, f'<p>Compare <a href="https://acme.sjv.io/c/1/2/3" rel="{rel}">Acme</a>.</p>')
    assert found(src) == []


def test_dl106_uppercase_tag_and_attribute_names():
    src = page(PLAIN, '<p>Compare <A HREF="https://acme.sjv.io/c/1/2/3" REL="NoFollow">Acme</A>.</p>')
    assert found(src) == []


def test_dl106_not_for_non_affiliate_links():
    src = page('<p><a href="https://www.example.org/">home</a> <a href="/golang/" rel="noopener">Go</a></p>')
    assert found(src) == []


def test_dl106_markdown_links_never_flagged():
    src = "# Widgets\n\nThis post contains affiliate links.\n\nBuy the [Acme](https://acme.sjv.io/c/1) or <https://acme.sjv.io/c/2>.\n"
    assert found(src, "page.md") == []


def test_dl106_inline_anchor_in_markdown_never_flagged():
    src = '# Widgets\n\nThis post contains affiliate links.\n\nBuy the <a href="https://acme.sjv.io/c/1">Acme</a> today.\n'
    assert found(src, "page.md") == []


def test_dl106_raw_html_block_in_markdown_never_flagged():
    src = '# Widgets\n\nThis post contains affiliate links.\n\n<div class="buy">\n<a href="/go/acme" rel="noopener">Buy</a>\n</div>\n'
    assert found(src, "page.md") == []


# == DL107 independence-claim ===================================================================

ADMISSION = "<p>Compensation may affect the order in which products appear on this page.</p>"


def test_dl107_self_claim_and_ranking_admission():
    src = page("<p>Our ratings are objective and unbiased.</p>", ADMISSION, f"<p>Apply via {LINK}.</p>")
    assert found(src) == [at("DL107", src, "Our ratings")]


def test_dl107_reported_at_claim_even_when_admission_comes_first():
    src = page(ADMISSION, f"<p>Apply via {LINK}.</p>", "<p>We are 100% independent.</p>")
    assert found(src) == [at("DL107", src, "We are 100%")]


def test_dl107_curly_apostrophe_claim():
    src = page(ADMISSION, "<p>We’re fully independent.</p>", f"<p>Apply via {LINK}.</p>")
    assert found(src) == [at("DL107", src, "We’re fully")]


def test_dl107_admission_of_scores():
    src = page(
        "<p>This site is completely impartial.</p>",
        "<p>Payments from partners affect the ranking and scores of the services listed.</p>",
        f"<p>Try {LINK}.</p>",
    )
    assert found(src) == [at("DL107", src, "This site")]


def test_dl107_markdown():
    src = (
        "# Best cash back cards\n\n"
        "Our comparisons are independent and objective.\n\n"
        "Payments from issuers influence which cards we feature and the order in which they appear.\n\n"
        "[Apply now](/go/acme-card)\n"
    )
    assert found(src, "page.md") == [at("DL107", src, "Our comparisons")]


@pytest.mark.parametrize(
    "admission",
    [
        "This compensation may impact how and where products appear on this site, including the order in which they appear.",
        "We receive compensation from partners, which may influence which products we write about and where they appear.",
        "Paid placements affect the ranking of products in this table, and we earn a commission on sales.",
        "Compensation may affect where products appear; it never affects our scores.",
        "We earn commissions, and providers that pay us may be ranked higher in our tables.",
        "We earn commissions, and brands can pay to be listed first.",
    ],
)
def test_dl107_admission_wordings(admission):
    src = page("<p>Our ratings are objective and unbiased.</p>", f"<p>{admission}</p>", f"<p>Apply via {LINK}.</p>")
    assert found(src) == [at("DL107", src, "Our ratings")]


def test_dl107_admission_after_a_denial_in_the_same_sentence():
    # "cannot pay for better reviews" is a denial, but the same sentence then admits that
    # compensation affects the order: that is an admission.
    src = page(
        "<p>Our ratings are objective and unbiased.</p>",
        "<p>Advertisers cannot pay for better reviews, but compensation may impact the order in which offers appear.</p>",
        f"<p>Apply via {LINK}.</p>",
    )
    assert found(src) == [at("DL107", src, "Our ratings")]


@pytest.mark.parametrize(
    "denial",
    [
        "Advertisers never pay to be ranked higher.",
        "At no point does compensation affect our rankings.",
        "Neither the order nor the scores on this page are affected by compensation.",
    ],
)
def test_dl107_a_denial_before_the_admission_words_is_no_admission(denial):
    src = page("<p>Our ratings are objective and unbiased.</p>", f"<p>{denial} We may earn a commission.</p>",
               f"<p>Apply via {LINK}.</p>")
    assert [f for f in found(src) if f[0] == "DL107"] == []


def test_dl107_admission_is_itself_a_disclosure():
    # DL107's "its own disclosure": wording that compensation sets the order discloses compensation.
    src = page(
        "<p>Our ratings are objective and unbiased.</p>",
        "<p>The order in which products appear is influenced by compensation.</p>",
        f"<p>Apply via {LINK}.</p>",
    )
    assert found(src) == [at("DL107", src, "Our ratings")]


def test_dl107_claim_alone_is_fine():
    src = page("<p>Our ratings are objective and unbiased.</p>", PLAIN, f"<p>Apply via {LINK}.</p>")
    assert found(src) == []


def test_dl107_admission_alone_is_fine():
    src = page(ADMISSION, f"<p>Apply via {LINK}.</p>")
    assert found(src) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Each batch was tested by an independent lab.",
        "We cooked in two independent baskets at once.",
        "Ask an independent appliance repair shop.",
        "We test independently.",
        "Try the independent restaurants near the river.",
    ],
)
def test_dl107_other_things_described_as_independent_are_not_self_claims(sentence):
    src = page(f"<p>{sentence}</p>", ADMISSION, f"<p>Buy the {LINK}.</p>")
    assert found(src) == []


@pytest.mark.parametrize(
    "denial",
    [
        "Issuers cannot pay for a better position.",
        "Compensation does not affect our rankings or scores.",
        "Advertisers never influence the order of our lists.",
        "Payments don't affect where products appear.",
    ],
)
def test_dl107_denial_is_not_an_admission(denial):
    src = page("<p>Our ratings are objective and unbiased.</p>", f"<p>{denial}</p>", PLAIN, f"<p>Apply via {LINK}.</p>")
    assert found(src) == []


def test_dl107_applies_without_affiliate_links_too():
    # DL107 is about the page describing itself; its scope is not limited to affiliate pages
    src = page("<p>Our reviews are independent.</p>", ADMISSION)
    assert found(src) == [at("DL107", src, "Our reviews")]
