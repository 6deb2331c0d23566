"""DL301 byline sources that are not the article's author: site names, sidebars, article headers."""

from disclosurelint.engine import lint_source


def dl301(html: str) -> list[tuple[int, int]]:
    return [(f.line, f.column) for f in lint_source(html, path="p.html") if f.code == "DL301"]


def test_site_name_as_meta_author_is_not_a_person():
    page = """<html><head><meta name="author" content="Trail Tested">
<meta property="og:site_name" content="Trail Tested"></head><body><article>
<p class="byline">By Marco Bellini</p><p>Text.</p></article></body></html>"""
    assert dl301(page) == []


def test_publisher_organization_as_json_ld_author_is_not_a_person():
    page = """<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"Organization","@id":"#org","name":"Gear Lab"},
{"@type":"Article","author":{"@id":"#org"},"publisher":{"@id":"#org"}}]}</script></head>
<body><p>By Dana Whitfield</p></body></html>"""
    assert dl301(page) == []


def test_personal_site_named_after_its_author_still_counts():
    page = """<html><head><meta name="author" content="Lorraine Beck">
<meta property="og:site_name" content="Lorraine Beck">
<script type="application/ld+json">{"@type":"BlogPosting","author":{"@type":"Person","name":"Lorraine Beck"}}</script>
</head><body><article><p><em>Written by Carla Nunes, guest contributor</em></p></article></body></html>"""
    assert dl301(page) == [(4, 41)]


def test_site_header_and_navigation_hold_no_bylines():
    page = """<html><head><meta name="author" content="Jess Moran"></head><body>
<header class="site-header"><span class="author">Tom Baker</span></header>
<nav><p>By Tom Baker</p><a rel="author" href="/tom">Tom Baker</a></nav>
<article><p>By Jess Moran</p><p>Text.</p></article></body></html>"""
    assert dl301(page) == []


def test_an_author_box_in_an_aside_is_a_byline_source():
    page = """<html><head><meta name="author" content="Jess Moran"></head><body>
<article><p>Text.</p></article>
<aside><span class="author">Tom Baker</span></aside></body></html>"""
    assert dl301(page) == [(3, 8)]


def test_byline_in_the_articles_own_header_counts():
    page = """<html><head><meta name="author" content="Jess Moran"></head><body>
<article><header><span class="byline">by <span class="author">Tom Baker</span></span></header>
<p>Text.</p></article></body></html>"""
    assert dl301(page) == [(2, 42)]
