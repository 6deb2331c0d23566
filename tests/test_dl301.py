"""DL301 byline-mismatch: byline sources that name different people.

Sources (each a kind; names of one kind form one set): <meta name="author">, JSON-LD author
(@graph included), rel="author" outside the site header and navigation, byline elements
(class author / byline / entry-author / post-author, itemprop="author"; never in a comments
area), a visible "By <Name>" / "Written by <Name>" line, front matter author / authors.
Names compare after dropping roles and credentials, case and punctuation; two kinds disagree
when their sets share no person. Reviewers, editors, fact-checkers, photo and site credits
are not bylines.
"""

import json

import pytest

from helpers import lint


def reported(source, path="page.html"):
    findings = lint(source, path=path, select=("DL301",))
    assert all(f.code == "DL301" for f in findings)
    return bool(findings)


def page(head="", body=""):
    return f"<html><head><title>T</title>{head}</head><body>\n{body}\n</body></html>\n"


def meta(name):
    return f'<meta name="author" content="{name}">'


def json_ld(data):
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def article(author):
    return json_ld({"@context": "https://schema.org", "@type": "Article", "author": author})


def test_finding_carries_code_name_severity_and_both_names():
    findings = lint(
        page(meta("Sandra Hopkinson"), '<div class="byline"><span class="author">Paula Stuart</span></div>'),
        select=("DL301",),
    )
    assert [(f.code, f.name, f.severity) for f in findings] == [("DL301", "byline-mismatch", "warning")]
    assert "Sandra Hopkinson" in findings[0].message and "Paula Stuart" in findings[0].message
    # Reported at the later of the two sources: the byline on line 2 (the meta is on line 1).
    assert findings[0].line == 2


# -- mismatches ------------------------------------------------------------------------------

MISMATCHES = {
    "meta-vs-byline-element": page(
        meta("Sandra Hopkinson"), '<div class="byline"><span class="author">Paula Stuart</span></div>'
    ),
    "meta-vs-visible-by": page(meta("Jane Doe"), "<p>By John Smith</p>"),
    "meta-vs-written-by": page(meta("Lorraine Beck"), "<p>Written by Carla Nunes, guest contributor</p>"),
    "json-ld-vs-element": page(
        article({"@type": "Person", "name": "Dana Whitfield"}),
        '<span class="author vcard">Marco Bellini</span>',
    ),
    "json-ld-string-vs-visible": page(article("Dana Whitfield"), "<p>By Marco Bellini</p>"),
    "entry-author-class": page(meta("Jane Doe"), '<span class="entry-author">John Smith</span>'),
    "post-author-class": page(meta("Jane Doe"), '<span class="post-author">John Smith</span>'),
    "itemprop-author": page(meta("Jane Doe"), '<span itemprop="author">John Smith</span>'),
    "meta-itemprop-author": page('<meta itemprop="author" content="Bob Wilson">' + meta("Jess Moran")),
    "rel-author-in-article": page(
        meta("Jess Moran"), '<p>By Jess Moran</p><p>More from <a href="/about" rel="author">Paula Stuart</a></p>'
    ),
    "several-authors-none-shared": page(meta("Cara Lee"), "<p>By Sam Reyes &amp; Tomo Aoki</p>"),
    "by-line-in-caps": page(meta("Jane Doe"), "<p>BY John Smith</p>"),
}


@pytest.mark.parametrize("source", MISMATCHES.values(), ids=MISMATCHES.keys())
def test_mismatch_is_reported(source):
    assert reported(source)


def test_json_ld_graph_author_by_id_reference():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Article", "@id": "https://ex.com/#article", "author": {"@id": "https://ex.com/#/person/1"}},
            {"@type": "Person", "@id": "https://ex.com/#/person/1", "name": "Dana Whitfield"},
        ],
    }
    assert reported(page(json_ld(graph), '<span class="author vcard">Marco Bellini</span>'))
    assert not reported(page(json_ld(graph), '<span class="author vcard">Dana Whitfield</span>'))


def test_markdown_front_matter_author_vs_visible_by_line():
    assert reported("---\nauthor: Rita Okafor\n---\n\nBy Sam Keller\n\nText.\n", path="page.md")
    assert not reported("---\nauthor: Rita Okafor\n---\n\nBy Rita Okafor\n\nText.\n", path="page.md")


def test_markdown_toml_front_matter_authors_list():
    assert reported('+++\nauthors = ["Rita Okafor"]\n+++\n\nBy Sam Keller\n', path="page.md")


def test_markdown_emphasised_by_line():
    assert reported("---\nauthor: Rita Okafor\n---\n\n*By Sam Keller*\n", path="page.md")


# -- agreements ------------------------------------------------------------------------------

AGREEMENTS = {
    "same-name": page(meta("Sandra Hopkinson"), '<span class="author">Sandra Hopkinson</span>'),
    "case-and-punctuation": page(meta("sandra hopkinson."), "<p>By Sandra Hopkinson</p>"),
    # Dropping punctuation drops an apostrophe: "O'Neil" typed without it is the same name.
    "apostrophe-dropped": page(meta("Samuel O&#39;Neil"), "<p>By S. ONeil</p>"),
    "curly-apostrophe": page(meta("Siobhan O’Neil"), "<p>By Siobhan O'Neil</p>"),
    "dr-and-pharmd": page(meta("Hannah Weiss"), '<p class="byline">By Dr. Hannah Weiss, PharmD</p>'),
    "md-credential": page(meta("Leon Achebe MD"), "<p>By Dr. Leon Achebe</p>"),
    "rd-credential": page(meta("Priya Raman"), "<p>By Priya Raman, RD</p>"),
    "phd-credential": page(article("Ana Ruiz PhD"), "<p>By Ana Ruiz</p>"),
    "role-product-researcher": page(meta("Rebecca Hart"), "<p>By Rebecca Hart, Product Researcher</p>"),
    "role-health-correspondent": page(meta("Rebecca Hart"), "<p>By Rebecca Hart, Health Correspondent</p>"),
    "initial-vs-full-name": page(meta("J. Smith"), "<p>By John Smith</p>"),
    "full-name-vs-initial": page(meta("John Smith"), '<span class="author">J. Smith</span>'),
    "one-source-several-authors": page(
        article([{"@type": "Person", "name": "Sam Reyes"}, {"@type": "Person", "name": "Tomo Aoki"}]),
        "<p>By Sam Reyes &amp; Tomo Aoki</p>",
    ),
    "three-sources-one-shared-name": page(
        meta("Sam Reyes")
        + article([{"@type": "Person", "name": "Sam Reyes"}, {"@type": "Person", "name": "Tomo Aoki"}]),
        "<p>By Sam Reyes &amp; Tomo Aoki</p>",
    ),
    "by-a-and-b-vs-meta-b": page(meta("Tomo Aoki"), "<p>By Sam Reyes and Tomo Aoki</p>"),
}


@pytest.mark.parametrize("source", AGREEMENTS.values(), ids=AGREEMENTS.keys())
def test_agreeing_sources_are_not_reported(source):
    assert not reported(source)


def test_front_matter_authors_list_with_several_authors():
    src = "---\nauthors:\n  - Rita Okafor\n  - Sam Keller\n---\n\nBy Sam Keller\n"
    assert not reported(src, path="page.md")


# -- not bylines -----------------------------------------------------------------------------

NOT_BYLINES = {
    "medically-reviewed-by": "<p>By Jess Moran</p><p>Medically reviewed by Dr. Leon Achebe, MD</p>",
    "edited-by": "<p>By Jess Moran</p><p>Edited by Marcus Hale</p>",
    "fact-checked-by": "<p>By Jess Moran</p><p>Fact checked by Ana Ruiz, RD</p>",
    "reviewer-in-a-byline-element": '<p class="byline">Medically reviewed by Leon Achebe</p>',
    "editor-in-a-byline-element": '<div class="byline">Edited by Marcus Hale</div>',
    "photo-by-caption": (
        '<p>By Jess Moran</p><figure><img src="a.jpg" alt=""><figcaption>Photo by Carlos Ruiz</figcaption></figure>'
    ),
    "photo-by-paragraph": "<p>Photo by Carlos Ruiz</p>",
    "photo-by-in-byline-element": '<div class="byline">Photo by Paula Stuart</div>',
    "curated-and-maintained-by": "<p>Curated by Paula Stuart</p><p>Maintained by Paula Stuart</p>",
    "by-the-end-of-week-four": "<p>By the end of week four you will run ten miles.</p>",
    "written-by-runners": "<p>Written by runners for runners.</p>",
    "comment-author-class": (
        '<p>By Jess Moran</p><div class="comment-author vcard"><cite class="fn">Bob Wilson</cite></div>'
    ),
    "author-inside-comments-id": (
        '<p>By Jess Moran</p><ol id="comments"><li><span class="author">Bob Wilson</span></li></ol>'
    ),
    "byline-inside-comment-list-class": (
        '<section class="comment-list"><span itemprop="author">Bob Wilson</span>'
        "<p>By Bob Wilson</p></section>"
    ),
    "rel-author-in-site-header": '<header><a href="/" rel="author">Site Owner Name</a></header><p>By Jess Moran</p>',
    "rel-author-in-nav": '<nav><a href="/about" rel="author">Site Owner Name</a></nav><p>By Jess Moran</p>',
    # Themes without <header>/<nav> elements mark the site header and menu by id or class.
    "rel-author-in-div-site-header": (
        '<div id="header" class="site-header">Founded by <a rel="author" href="/about/">Duncan Reid</a></div>'
        "<p>By Jess Moran</p>"
    ),
    "rel-author-in-div-masthead": (
        '<div class="masthead"><a rel="author" href="/about/">Duncan Reid</a></div><p>By Jess Moran</p>'
    ),
    "byline-in-div-navbar": '<div class="navbar"><span class="author">Duncan Reid</span></div><p>By Jess Moran</p>',
}


@pytest.mark.parametrize("body", NOT_BYLINES.values(), ids=NOT_BYLINES.keys())
def test_not_a_byline(body):
    assert not reported(page(meta("Jess Moran"), body))


def test_markdown_reviewer_photo_credit_and_phrase_are_not_bylines():
    src = (
        "---\nauthor: Rita Okafor\n---\n\n"
        "Medically reviewed by Sam Keller\n\n"
        "By the end of week four you will feel it.\n\n"
        "Photo by Sam Keller\n"
    )
    assert not reported(src, path="page.md")


def test_single_source_is_never_a_mismatch():
    assert not reported(page(body="<p>By John Smith</p>"))
    assert not reported(page(meta("Jane Doe")))


# -- an article's own header and footer ------------------------------------------------------


def test_byline_in_the_articles_own_header_counts():
    body = (
        '<article><header class="entry-header"><h1>T</h1>'
        '<div class="entry-meta"><span class="byline">By John Smith</span></div></header></article>'
    )
    assert reported(page(meta("Jane Doe"), body))


def test_a_plain_header_class_is_not_the_site_header():
    # Only the site's own header is chrome: a card or post header named "header" holds a byline.
    body = '<div class="post"><div class="header"><span class="byline">By John Smith</span></div></div>'
    assert reported(page(meta("Jane Doe"), body))
    body = '<article><div id="header"><span class="byline">By John Smith</span></div></article>'
    assert reported(page(meta("Jane Doe"), body))


def test_written_by_in_the_articles_own_footer_counts():
    body = '<article><p>Body</p><footer class="entry-footer"><p>Written by John Smith</p></footer></article>'
    assert reported(page(meta("Jane Doe"), body))


# -- the name ends where the byline does -----------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '<article><div class="post-meta"><span>By Jane Doe</span> <span>Updated May 3, 2024</span></div></article>',
        '<article><div class="post-meta">By Jane Doe <span>Last Updated: March 2024</span></div></article>',
        "<p>By Jane Doe<br>May 3, 2024</p>",
        "<p>By Jane Doe · 5 min read</p>",
    ],
    ids=["updated-date", "last-updated", "line-break", "reading-time"],
)
def test_date_and_reading_time_after_the_name_are_not_part_of_it(body):
    assert not reported(page(meta("Jane Doe"), body))
