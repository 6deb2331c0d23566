"""Which links are affiliate links (the contract's Term "Affiliate link" and the Links clarification).

Each case goes through the public API: a page with one link and no disclosure gets DL101
exactly at that link's `<a` (HTML) or `[` (Markdown) when the link is an affiliate link, and
nothing otherwise. HTML cases also check DL106 (an affiliate `<a>` without sponsored/nofollow)
at the same position, so each classification is seen by two rules.
"""

from __future__ import annotations

import pytest

from disclosurelint.config import from_mapping
from disclosurelint.engine import lint_source
from disclosurelint.models.links import LinkClassifier

CODES = ["DL101", "DL102", "DL103", "DL104", "DL105", "DL106", "DL107"]


def lint(src, path="page.html", extra=None):
    config = from_mapping({"select": ["DL101", "DL106"], **(extra or {})}, None, "test")
    return lint_source(src, path=path, config=config)


def starts(findings, code):
    return [(f.line, f.column) for f in findings if f.code == code]


def loc(src: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of `needle` in `src`."""
    idx = -1
    for _ in range(nth):
        idx = src.index(needle, idx + 1)
    line = src.count("\n", 0, idx) + 1
    col = idx - (src.rfind("\n", 0, idx) + 1) + 1
    return line, col


def html_page(href: str, rel: str | None = None) -> str:
    rel_attr = f' rel="{rel}"' if rel is not None else ""
    return (
        "<html><body>\n"
        "<h1>Best widgets</h1>\n"
        "<p>Our pick this week is simple.</p>\n"
        f'<p>Buy the <a href="{href}"{rel_attr}>Acme widget</a> today.</p>\n'
        "</body></html>\n"
    )


def md_page(href: str) -> str:
    return f"# Best widgets\n\nOur pick this week is simple.\n\nBuy the [Acme widget]({href}) today.\n"


def assert_affiliate_html(href, rel=None, extra=None):
    src = html_page(href, rel)
    where = loc(src, "<a ")
    findings = lint(src, extra=extra)
    assert starts(findings, "DL101") == [where], findings
    if rel is None:
        assert starts(findings, "DL106") == [where], findings


def assert_not_affiliate_html(href, rel=None, extra=None):
    findings = lint(html_page(href, rel), extra=extra)
    assert findings == []


def assert_affiliate_md(href, extra=None):
    src = md_page(href)
    findings = lint(src, path="page.md", extra=extra)
    assert starts(findings, "DL101") == [loc(src, "[Acme")], findings
    assert starts(findings, "DL106") == []  # Markdown links cannot carry rel


def assert_not_affiliate_md(href, extra=None):
    assert lint(md_page(href), path="page.md", extra=extra) == []


# -- host families -------------------------------------------------------------------------

AFFILIATE_HOSTS = {
    # Amazon with a tracking tag, and the short links
    "amazon.com-tag": "https://amazon.com/dp/B08XYZ1234?tag=widgetlab-20",
    "www.amazon.com-tag": "https://www.amazon.com/dp/B08XYZ1234/?tag=widgetlab-20",
    "amazon.co.uk-tag": "https://www.amazon.co.uk/dp/B08XYZ1234?tag=widgetlab-21",
    "amazon.de-tag": "https://www.amazon.de/dp/B08XYZ1234?tag=widgetlab0a-21",
    "amazon.com.au-tag": "https://www.amazon.com.au/dp/B08XYZ1234?tag=widgetlab-22",
    "amazon-tag-not-first": "https://www.amazon.com/dp/B08XYZ1234?th=1&psc=1&tag=widgetlab-20",
    "amzn.to": "https://amzn.to/3xYzAbC",
    "amzn.eu": "https://amzn.eu/d/1aBcDeF",
    "amzn.asia": "https://amzn.asia/d/2bCdEfG",
    "a.co": "https://a.co/d/3cDeFgH",
    # ShareASale click paths
    "shareasale-r.cfm": "https://www.shareasale.com/r.cfm?b=123&u=456&m=789&urllink=&afftrack=",
    "shareasale-r.cfm-bare-host": "https://shareasale.com/r.cfm?b=123&u=456&m=789",
    "shareasale-m-pr.cfm": "https://shareasale.com/m-pr.cfm?merchantID=789&userID=456&productID=1",
    # CJ click hosts
    "cj-anrdoezrs": "https://www.anrdoezrs.net/click-1234567-10987654",
    "cj-jdoqocy": "https://www.jdoqocy.com/click-1234567-10987654",
    "cj-tkqlhce": "https://www.tkqlhce.com/click-1234567-10987654",
    "cj-dpbolvw": "https://www.dpbolvw.net/click-1234567-10987654",
    "cj-kqzyfj": "https://www.kqzyfj.com/click-1234567-10987654",
    "cj-bare-host": "https://anrdoezrs.net/links/1234567/type/dlg/https://shop.example/",
    # other networks
    "rakuten": "https://click.linksynergy.com/deeplink?id=AbCdE&mid=1234&murl=https%3A%2F%2Fshop.example%2F",
    "awin": "https://www.awin1.com/cread.php?awinmid=1234&awinaffid=5678",
    "clickbank": "https://widgetlab.hop.clickbank.net/?tid=review",
    "impact-sjv": "https://acme.sjv.io/c/123/456/789",
    "impact-pxf": "https://acme.pxf.io/c/123/456/789",
    "impact-7eer": "https://acme.7eer.net/c/123/456/789",
    "impact-ojrq": "https://acme.ojrq.net/c/123/456/789",
    "skimlinks": "https://go.skimresources.com/?id=12345X678&xs=1&url=https%3A%2F%2Fshop.example%2F",
    "viglink": "https://redirect.viglink.com/?key=abc123&u=https%3A%2F%2Fshop.example%2F",
    "avantlink": "https://www.avantlink.com/click.php?tt=cl&mi=10248&pw=12345&url=https%3A%2F%2Fshop.example%2F",
    "partnerize": "https://prf.hn/click/camref:1100l3abc/destination:https%3A%2F%2Fshop.example%2F",
    "flexoffers": "https://track.flexlinkspro.com/g.ashx?foid=156074.1234&trid=1234.5678&foc=16&fot=9999&fos=5",
    "genius-link": "https://geni.us/AcmeWidget",
    "ebay-rover": "https://rover.ebay.com/rover/1/711-53200-19255-0/1?icep_id=114&ipn=icep",
    "ebay-campid": "https://www.ebay.com/itm/123456789012?mkcid=1&mkrid=711-53200-19255-0&campid=5338123456&toolid=10001",
    "ebay.co.uk-campid": "https://www.ebay.co.uk/itm/123456789012?campid=5338123456&mkevt=1",
    "walmart-impact": "https://goto.walmart.com/c/123/456/9383?u=https%3A%2F%2Fwww.walmart.com%2Fip%2F1",
    "target-impact": "https://goto.target.com/c/123/456/2092?u=https%3A%2F%2Fwww.target.com%2Fp%2F1",
    "shopstyle": "https://shopstyle.it/l/bVxYz",
    "ltk": "https://liketk.it/4aBcD",
}


@pytest.mark.parametrize("href", list(AFFILIATE_HOSTS.values()), ids=list(AFFILIATE_HOSTS))
def test_affiliate_host_in_html(href):
    assert_affiliate_html(href)


@pytest.mark.parametrize("href", list(AFFILIATE_HOSTS.values()), ids=list(AFFILIATE_HOSTS))
def test_affiliate_host_in_markdown(href):
    assert_affiliate_md(href)


NOT_AFFILIATE_HOSTS = {
    "amazon.com-no-tag": "https://www.amazon.com/dp/B08XYZ1234",
    "amazon.com-other-param": "https://www.amazon.com/dp/B08XYZ1234?ref=sr_1_1&th=1",
    "amazon.co.uk-no-tag": "https://www.amazon.co.uk/dp/B08XYZ1234",
    "shareasale-home": "https://www.shareasale.com/",
    "shareasale-info-page": "https://www.shareasale.com/info/publishers/",
    "shareasale-login": "https://account.shareasale.com/a-login.cfm",
    "ebay-no-campid": "https://www.ebay.com/itm/123456789012?hash=item1",
    "walmart-direct": "https://www.walmart.com/ip/123456",
    "target-direct": "https://www.target.com/p/-/A-123456",
    "clickbank-home": "https://www.clickbank.com/",
    "ref-blog": "https://www.strava.com/clubs/widgets?ref=blog",
    "ref-docs": "https://partners.example.com/terms?ref=docs",
    "rcode": "https://www.iherb.com/pr/calmora-magnesium/12345?rcode=ABC123",
    "utm-email": "https://shop.example/widget?utm_source=newsletter&utm_medium=email",
    "utm-online-publisher": "https://shop.example/widget?utm_medium=online_publisher",
    "plain-site": "https://www.example.org/about/",
    "lookalike-amzn-host": "https://notamzn.to.example.org/page",
}


@pytest.mark.parametrize("href", list(NOT_AFFILIATE_HOSTS.values()), ids=list(NOT_AFFILIATE_HOSTS))
def test_not_affiliate_in_html(href):
    assert_not_affiliate_html(href)


@pytest.mark.parametrize("href", list(NOT_AFFILIATE_HOSTS.values()), ids=list(NOT_AFFILIATE_HOSTS))
def test_not_affiliate_in_markdown(href):
    assert_not_affiliate_md(href)


# -- tracking parameters -------------------------------------------------------------------

PARAMS = ["aff_id", "affid", "aff", "affiliate", "affiliate_id", "ref_id", "partner_id"]


@pytest.mark.parametrize("param", PARAMS)
def test_tracking_parameter_makes_any_host_affiliate(param):
    assert_affiliate_html(f"https://shop.example/widget?color=red&{param}=1234")


@pytest.mark.parametrize("param", PARAMS)
def test_tracking_parameter_in_markdown(param):
    assert_affiliate_md(f"https://shop.example/widget?{param}=1234")


def test_utm_medium_affiliate_is_affiliate():
    assert_affiliate_html("https://shop.example/widget?utm_source=widgetlab&utm_medium=affiliate&utm_campaign=x")


def test_utm_medium_email_is_not_affiliate():
    assert_not_affiliate_html("https://shop.example/widget?utm_source=widgetlab&utm_medium=email")


def test_parameter_name_must_match_exactly():
    # "affiliates" and "my_aff" are not the listed names
    assert_not_affiliate_html("https://shop.example/program?affiliates=apply&my_aff=1")


def test_parameter_name_in_path_is_not_a_parameter():
    assert_not_affiliate_html("https://shop.example/aff_id/123")


# -- cloaked redirect paths ----------------------------------------------------------------

SEGMENTS = ["go", "recommends", "recommend", "out", "visit", "refer", "link", "buy"]


@pytest.mark.parametrize("segment", SEGMENTS)
def test_cloaked_path_on_absolute_url(segment):
    assert_affiliate_html(f"https://widgetlab.example/{segment}/acme-widget")


@pytest.mark.parametrize("segment", SEGMENTS)
def test_cloaked_path_on_relative_url(segment):
    assert_affiliate_html(f"/{segment}/acme-widget")


@pytest.mark.parametrize("segment", SEGMENTS)
def test_cloaked_path_in_markdown(segment):
    assert_affiliate_md(f"/{segment}/acme-widget/")


def test_cloaked_path_with_trailing_slash_and_query():
    assert_affiliate_html("https://widgetlab.example/go/acme-widget/?src=table")


@pytest.mark.parametrize(
    "href",
    [
        "https://go.dev/golang/",
        "/golang/",
        "https://www.tramlisboa.pt/visit-lisbon/",
        "/visit-lisbon/",
        "https://widgetlab.example/wprm_print/1234",
        "/outdoor-gear/",
        "/buying-guide/",
        "/links-we-love/",
        "/blog/go/acme-widget",  # "go" is not the first segment
        "https://widgetlab.example/referral-program/",
    ],
)
def test_segment_must_be_the_whole_first_segment(href):
    assert_not_affiliate_html(href)


def test_go_host_label_is_not_a_path():
    # go.skimresources.com is a network host, but a host named go.* is not a /go/ path
    assert_not_affiliate_html("https://go.example.org/docs/")


# -- rel="sponsored" -----------------------------------------------------------------------


def test_rel_sponsored_makes_any_link_affiliate():
    src = html_page("https://www.example.org/plain-product-page", rel="sponsored")
    findings = lint(src)
    assert starts(findings, "DL101") == [loc(src, "<a ")]
    assert starts(findings, "DL106") == []  # it has sponsored


def test_rel_sponsored_in_any_case():
    src = html_page("https://www.example.org/plain-product-page", rel="Sponsored")
    findings = lint(src)
    assert starts(findings, "DL101") == [loc(src, "<a ")]
    assert starts(findings, "DL106") == []


def test_rel_sponsored_among_other_values():
    src = html_page("https://www.example.org/plain-product-page", rel="noopener SPONSORED noreferrer")
    assert starts(lint(src), "DL101") == [loc(src, "<a ")]


def test_rel_sponsored_on_inline_anchor_in_markdown():
    src = 'Our pick.\n\nBuy the <a href="https://www.example.org/p" rel="sponsored">widget</a> now.\n'
    assert starts(lint(src, path="page.md"), "DL101") == [loc(src, "<a ")]


@pytest.mark.parametrize("rel", ["nofollow", "noopener noreferrer", "ugc external nofollow", "author"])
def test_other_rel_values_do_not_make_a_link_affiliate(rel):
    assert_not_affiliate_html("https://www.example.org/plain-product-page", rel=rel)


# -- spelling of URLs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "href",
    ["HTTPS://AMZN.TO/3xYzAbC", "https://Go.SkimResources.com/?id=12345X678", "https://ACME.SJV.IO/c/1/2/3",
     "https://WWW.Amazon.CO.UK/dp/B08XYZ1234?tag=widgetlab-21"],
)
def test_hosts_compare_case_insensitively(href):
    assert_affiliate_html(href)


def test_amp_escaped_query_in_html():
    assert_affiliate_html("https://www.amazon.com/dp/B08XYZ1234?th=1&amp;tag=widgetlab-20")


def test_amp_escaped_tracking_param_in_html():
    assert_affiliate_html("https://shop.example/widget?color=red&amp;aff_id=1234")


def test_amp_escaped_query_in_markdown():
    assert_affiliate_md("https://www.amazon.com/dp/B08XYZ1234?th=1&amp;tag=widgetlab-20")


def test_amp_escaped_utm_medium_email_is_still_not_affiliate():
    assert_not_affiliate_html("https://shop.example/widget?utm_source=x&amp;utm_medium=email")


def test_protocol_relative_url():
    assert_affiliate_html("//amzn.to/3xYzAbC")


@pytest.mark.parametrize("href", ["mailto:go@example.org", "#go", "tel:+15550100", "javascript:void(0)"])
def test_non_web_hrefs_are_not_affiliate(href):
    assert_not_affiliate_html(href)


# -- Markdown link forms ---------------------------------------------------------------------


def test_markdown_reference_link():
    src = "# Widgets\n\nBuy the [Acme widget][acme] today.\n\n[acme]: https://amzn.to/3xYzAbC\n"
    assert starts(lint(src, path="page.md"), "DL101") == [loc(src, "[Acme")]


def test_markdown_autolink():
    src = "# Widgets\n\nBuy it here: <https://amzn.to/3xYzAbC>\n"
    assert starts(lint(src, path="page.md"), "DL101") == [loc(src, "<https")]


def test_inline_html_anchor_in_markdown():
    src = '# Widgets\n\nBuy the <a href="https://amzn.to/3xYzAbC">Acme widget</a> today.\n'
    findings = lint(src, path="page.md")
    assert starts(findings, "DL101") == [loc(src, "<a ")]
    assert starts(findings, "DL106") == []


def test_first_of_several_links_is_reported():
    src = (
        "<html><body>\n"
        '<p><a href="https://www.example.org/">home</a></p>\n'
        '<p>Buy <a href="/go/acme">Acme</a> or <a href="https://amzn.to/x">Beta</a>.</p>\n'
        "</body></html>\n"
    )
    findings = lint(src)
    assert starts(findings, "DL101") == [loc(src, '<a href="/go')]
    assert starts(findings, "DL106") == [loc(src, '<a href="/go'), loc(src, '<a href="https://amzn')]


# -- configuration ---------------------------------------------------------------------------


def test_config_affiliate_hosts_adds_a_host():
    extra = {"affiliate-hosts": ["partner.example"]}
    assert_affiliate_html("https://partner.example/widget", extra=extra)


def test_config_affiliate_host_matches_subdomains():
    extra = {"affiliate-hosts": ["partner.example"]}
    assert_affiliate_html("https://click.partner.example/widget", extra=extra)


def test_config_affiliate_host_with_path_prefix():
    extra = {"affiliate-hosts": ["shop.example/track"]}
    assert_affiliate_html("https://shop.example/track?id=1", extra=extra)


def test_config_affiliate_host_with_path_prefix_leaves_other_paths():
    extra = {"affiliate-hosts": ["shop.example/track"]}
    assert_not_affiliate_html("https://shop.example/about", extra=extra)


def test_config_affiliate_hosts_without_it_the_host_is_not_affiliate():
    assert_not_affiliate_html("https://partner.example/widget")


def test_config_affiliate_hosts_extends_rather_than_replaces():
    extra = {"affiliate-hosts": ["partner.example"]}
    assert_affiliate_html("https://amzn.to/3xYzAbC", extra=extra)


def test_config_affiliate_hosts_in_markdown():
    assert_affiliate_md("https://partner.example/widget", extra={"affiliate-hosts": ["partner.example"]})


def test_config_affiliate_params_adds_a_parameter():
    extra = {"affiliate-params": ["rcode"]}
    assert_affiliate_html("https://www.iherb.com/pr/calmora/12345?rcode=ABC123", extra=extra)


def test_config_affiliate_params_name_value():
    extra = {"affiliate-params": ["src=partner"]}
    assert_affiliate_html("https://shop.example/w?src=partner", extra=extra)


def test_config_affiliate_params_name_value_other_value_is_not():
    extra = {"affiliate-params": ["src=partner"]}
    assert_not_affiliate_html("https://shop.example/w?src=newsletter", extra=extra)


def test_config_affiliate_params_keeps_builtins():
    assert_affiliate_html("https://shop.example/w?aff_id=1", extra={"affiliate-params": ["rcode"]})


def test_config_affiliate_paths_adds_a_segment():
    extra = {"affiliate-paths": ["deal"]}
    assert_affiliate_html("/deal/acme-widget", extra=extra)


def test_config_affiliate_paths_whole_segment_only():
    extra = {"affiliate-paths": ["deal"]}
    assert_not_affiliate_html("/deals-of-the-week/", extra=extra)


def test_config_affiliate_paths_keeps_builtins():
    assert_affiliate_html("/go/acme-widget", extra={"affiliate-paths": ["deal"]})


def test_config_exclude_hosts_removes_own_go_pages():
    extra = {"exclude-hosts": ["widgetlab.example"]}
    assert_not_affiliate_html("https://widgetlab.example/go/getting-started", extra=extra)


def test_config_exclude_hosts_removes_a_builtin_host():
    assert_not_affiliate_html("https://geni.us/AcmeWidget", extra={"exclude-hosts": ["geni.us"]})


def test_config_exclude_hosts_leaves_other_hosts():
    extra = {"exclude-hosts": ["widgetlab.example"]}
    assert_affiliate_html("https://other.example/go/acme-widget", extra=extra)


def test_config_exclude_hosts_in_markdown():
    assert_not_affiliate_md("https://geni.us/AcmeWidget", extra={"exclude-hosts": ["geni.us"]})


# -- things that are not links -----------------------------------------------------------------


def test_url_in_markdown_code_span_is_not_a_link():
    src = "# Widgets\n\nUse `https://amzn.to/3xYzAbC` or `[Buy](https://amzn.to/3xYzAbC)` in posts.\n"
    assert lint(src, path="page.md") == []


def test_url_in_markdown_fence_is_not_a_link():
    src = (
        "# Widgets\n\n"
        "```markdown\n"
        "[Buy the Acme widget](https://www.amazon.com/dp/B0?tag=widgetlab-20)\n"
        '<a href="https://shop.example/w?partner_id=9">x</a>\n'
        "```\n"
    )
    assert lint(src, path="page.md") == []


def test_url_in_indented_code_block_is_not_a_link():
    src = "# Widgets\n\nExample:\n\n    [Buy](https://amzn.to/3xYzAbC)\n"
    assert lint(src, path="page.md") == []


def test_url_in_html_code_and_pre_is_not_a_link():
    src = (
        "<html><body>\n"
        "<p>Write <code>&lt;a href=\"https://amzn.to/x\"&gt;</code> in posts.</p>\n"
        "<pre>https://shop.example/w?aff_id=1</pre>\n"
        "</body></html>\n"
    )
    assert lint(src) == []


def test_anchor_markup_inside_pre_code_is_not_a_link():
    src = (
        "<html><body>\n"
        '<pre><code><a href="https://amzn.to/3xYzAbC">Buy</a></code></pre>\n'
        "</body></html>\n"
    )
    assert lint(src) == []


def test_url_in_yaml_front_matter_is_not_a_link():
    src = (
        "---\n"
        "title: Acme widget review\n"
        "buy_url: https://amzn.to/3xYzAbC\n"
        "affiliate: https://shop.example/w?aff_id=1\n"
        "---\n\n"
        "# Acme widget review\n\nA short review with no links.\n"
    )
    assert lint(src, path="page.md") == []


def test_url_in_toml_front_matter_is_not_a_link():
    src = (
        "+++\n"
        'title = "Acme widget review"\n'
        'buy_url = "https://amzn.to/3xYzAbC"\n'
        "+++\n\n"
        "A short review with no links.\n"
    )
    assert lint(src, path="page.md") == []


def test_image_src_is_not_a_link():
    src = '<html><body>\n<p><img src="https://amzn.to/3xYzAbC" alt="widget"></p>\n</body></html>\n'
    assert lint(src) == []


def test_markdown_image_is_not_a_link():
    src = "# Widgets\n\n![Acme widget](https://shop.example/img.png?aff_id=1)\n"
    assert lint(src, path="page.md") == []


def test_tracking_pixel_is_not_a_link():
    src = (
        "<html><body>\n"
        '<p>Text.<img src="https://www.awin1.com/cread.php?a=1&amp;m=2" width="1" height="1" alt=""></p>\n'
        "</body></html>\n"
    )
    assert lint(src) == []


def test_iframe_src_is_not_a_link():
    src = (
        "<html><body>\n"
        '<iframe src="https://acme.sjv.io/c/1/2/3?widget=1" width="300" height="250"></iframe>\n'
        "</body></html>\n"
    )
    assert lint(src) == []


def test_link_element_in_head_is_not_a_link():
    src = (
        '<html><head><link rel="preconnect" href="https://amzn.to/"></head>\n'
        "<body><p>Nothing here.</p></body></html>\n"
    )
    assert lint(src) == []


def test_anchor_inside_html_comment_or_script_is_not_a_link():
    src = (
        "<html><body>\n"
        '<!-- <a href="https://amzn.to/3xYzAbC">old link</a> -->\n'
        '<script>document.write(\'<a href="https://amzn.to/3xYzAbC">x</a>\');</script>\n'
        "<p>Nothing to buy.</p>\n"
        "</body></html>\n"
    )
    assert lint(src) == []


def test_unrendered_shortcode_is_not_a_link():
    src = '# Widgets\n\n{{< amazon asin="B08XYZ1234" tag="widgetlab-20" >}}\n\nNo links here.\n'
    assert lint(src, path="page.md") == []


def test_bare_url_text_in_html_is_not_a_link():
    src = "<html><body>\n<p>Our short link is https://amzn.to/3xYzAbC for reference.</p>\n</body></html>\n"
    assert lint(src) == []


def test_anchor_without_href_is_not_a_link():
    src = '<html><body>\n<p><a name="go" id="aff_id">anchor</a></p>\n</body></html>\n'
    assert lint(src) == []


# -- LinkClassifier directly -----------------------------------------------------------------


def _classifier():
    return LinkClassifier(
        ["amazon.*?tag", "amzn.to", "shareasale.com/r.cfm", "hop.clickbank.net", "sjv.io", "ebay.*?campid"],
        ["aff_id", "utm_medium=affiliate"],
        ["go", "visit"],
        ["mysite.example"],
        ["sponsored"],
    )


@pytest.mark.parametrize(
    "href",
    [
        "https://www.amazon.co.uk/dp/B0?tag=x-21",
        "https://amzn.to/x",
        "https://www.shareasale.com/r.cfm?b=1",
        "https://vendor.hop.clickbank.net/",
        "https://acme.sjv.io/c/1",
        "https://www.ebay.de/itm/1?campid=5",
        "https://shop.example/?aff_id=3",
        "https://shop.example/?utm_medium=affiliate",
        "/go/x",
        "https://other.example/visit/x",
    ],
)
def test_classifier_says_why(href):
    assert _classifier().why(href) is not None


@pytest.mark.parametrize(
    "href",
    [
        "https://www.amazon.co.uk/dp/B0",
        "https://www.shareasale.com/info/",
        "https://www.ebay.de/itm/1",
        "https://shop.example/?utm_medium=email",
        "/golang/",
        "/visit-lisbon/",
        "https://mysite.example/go/x",
        "https://clickbank.net/",
    ],
)
def test_classifier_leaves_alone(href):
    assert _classifier().why(href) is None


def test_classifier_rel_sponsored():
    assert _classifier().why("https://shop.example/", frozenset({"sponsored"})) is not None
    assert _classifier().why("https://shop.example/", frozenset({"nofollow"})) is None
