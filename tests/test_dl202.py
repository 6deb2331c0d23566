"""DL202 unrendered-template: template tokens that leaked into the rendered page.

Flags `{{ ... }}`, `{% ... %}`, `<?php`, `${...}`, WordPress shortcodes and Yoast `%%var%%`.
Leaves alone code, `<script>` and `<template>`. In Markdown sources the site generator's own
syntax (`{{ }}`, `{% %}`, `{{< >}}`, `{{% %}}`) is expected; Yoast variables and WordPress
shortcodes are flagged there too. A real `<?php` processing instruction anywhere in the body
is flagged; escaped `&lt;?php` in `<pre><code>` is code.
"""

import pytest

from helpers import lint, spans


def dl202(source, path="page.html"):
    return spans(lint(source, path=path, select=("DL202",)), "DL202")


def test_finding_carries_code_name_and_severity():
    (finding,) = lint("<p>Hi {{ name }}</p>", select=("DL202",))
    assert (finding.code, finding.name, finding.severity) == ("DL202", "unrendered-template", "error")
    assert "{{ name }}" in finding.message


# -- flagged in HTML -------------------------------------------------------------------------

HTML_TOKENS = [
    "{{ .Params.discount_code }}",
    "{{price}}",
    "{% if user %}",
    "{% endif %}",
    "${price}",
    "%%currentyear%%",
    "%%title%%",
    '[amazon box="B07FDJMC9Q"]',
    "[affiliate_link id=3]",
    '[caption id="attachment_12" align="alignleft"]',
    "[caption]",
    "[/caption]",
    '[gallery ids="1,2,3"]',
    "{{< amazon id=\"B0\" >}}",
    "{{% buybox %}}",
]


@pytest.mark.parametrize("token", HTML_TOKENS)
def test_flagged_in_html(token):
    # "<p>Use " is 7 characters: the token starts at column 8.
    assert dl202(f"<p>Use {token} today</p>\n") == [(1, 8, 1, 8 + len(token))]


def test_yoast_variables_in_the_title():
    src = "<html><head><title>Outfits %%page%% %%sep%% Maren</title></head><body></body></html>"
    assert dl202(src) == [(1, 28, 1, 36), (1, 37, 1, 44)]


def test_shortcode_pair_reports_both_tags():
    assert dl202('<p>[caption id="x" align="left"]Photo[/caption]</p>') == [
        (1, 4, 1, 33),
        (1, 38, 1, 48),
    ]


def test_php_processing_instruction_in_the_body():
    src = '<p>Updated <?php echo date("Y"); ?> today</p>'
    assert dl202(src) == [(1, 12, 1, 36)]


def test_php_processing_instruction_between_elements():
    src = "<html><body>\n<div>\n<?php the_content(); ?>\n</div>\n</body></html>"
    assert dl202(src) == [(3, 1, 3, 24)]


def test_php_in_hidden_element_is_still_flagged():
    src = "<p>x</p>\n<div hidden><?php echo 1; ?></div>"
    assert dl202(src) == [(2, 13, 2, 29)]


def test_two_php_instructions_on_one_line():
    assert dl202("<p>one <?php a(); ?> two <?php b(); ?></p>") == [(1, 8, 1, 21), (1, 26, 1, 39)]


def test_php_in_template_is_flagged():
    # The one exception to "page text only": a <?php instruction anywhere in the body.
    src = "<html><body>\n<p>Fine.</p>\n<template><div><?php echo $price; ?></div></template>\n</body></html>"
    assert dl202(src) == [(3, 16, 3, 37)]


def test_php_inside_an_inline_script_is_flagged():
    # The browser reads a script's content as text, but PHP still left the tag unrendered.
    src = '<html><body>\n<script>var day = "<?php echo get_option(\'day\'); ?>";</script>\n</body></html>'
    assert dl202(src) == [(2, 20, 2, 52)]
    assert dl202('<html><body>\n<script>var x = "<?xml version";</script>\n</body></html>') == []


def test_real_php_instruction_inside_pre_code_is_flagged():
    # Only *escaped* text (&lt;?php) inside <pre><code> is code; a real instruction is not.
    src = "<html><body>\n<pre><code><?php echo 1; ?></code></pre>\n</body></html>"
    assert dl202(src) == [(2, 12, 2, 28)]


# -- left alone in HTML ----------------------------------------------------------------------

NOT_FLAGGED_HTML = {
    "escaped-php-in-pre-code": "<pre><code>&lt;?php echo date('Y'); ?&gt;</code></pre>",
    "all-tokens-in-pre-code": (
        '<pre><code>{{ x }} {% y %} ${z} [amazon box="B0"] %%title%% {{< a >}}</code></pre>'
    ),
    "code-kbd-samp": "<p><code>{{ x }}</code> <kbd>{% y %}</kbd> <samp>${z}</samp></p>",
    "template": "<template><p>{{ retailer }} {{ price }}</p></template><p>Fine.</p>",
    "script": '<script>var s = `${menu.scrollLeft}` + "{{ x }}" + "%%title%%";</script><p>ok</p>',
    "json-ld-script": '<script type="application/ld+json">{"name": "{{ title }}"}</script>',
    "html-comment": "<p>ok</p><!-- {{ x }} [caption] %%sep%% -->",
    "attribute": '<p><a href="/p?x={{id}}" title="%%title%%">link</a></p>',
    "citations-and-sic": "<p>See [1] and [sic] and [a href] text</p>",
    "prose-percent": "<p>It rose 50%% on a 100% basis.</p>",
    "xml-declaration": '<?xml version="1.0"?><p>hi</p>',
}


@pytest.mark.parametrize("source", NOT_FLAGGED_HTML.values(), ids=NOT_FLAGGED_HTML.keys())
def test_left_alone_in_html(source):
    assert dl202(source) == []


# -- Markdown --------------------------------------------------------------------------------

GENERATOR_SYNTAX = {
    "liquid-output": "Posted {{ page.date | date: '%B %Y' }}.\n",
    "liquid-tag": "{% include disclosure.html %}\n\nText.\n",
    "go-template": "Use {{ .Params.discount_code }} today.\n",
    "hugo-shortcode": 'Box: {{< amazon id="B0" >}}\n',
    "hugo-markdown-shortcode": "{{% notice info %}}\nHi\n{{% /notice %}}\n",
    "in-raw-html-block": "<div>\n{{ x }}\n</div>\n\nText.\n",
    "strftime": "Dates like %B %Y are strftime.\n",
}


@pytest.mark.parametrize("source", GENERATOR_SYNTAX.values(), ids=GENERATOR_SYNTAX.keys())
def test_generator_syntax_allowed_in_markdown(source):
    assert dl202(source, path="page.md") == []


@pytest.mark.parametrize(
    "token",
    ["%%title%%", "%%sitename%%", '[amazon box="B07FDJMC9Q"]', "[affiliate_link id=3]", "[caption]", "${price}"],
)
def test_flagged_in_markdown(token):
    assert dl202(f"Intro.\n\nUse {token} today.\n", path="page.md") == [(3, 5, 3, 5 + len(token))]


def test_yoast_variables_in_markdown_front_matter_description():
    src = '---\ntitle: Keto\ndescription: "%%excerpt%% %%sep%% %%sitename%%"\n---\n\nBody.\n'
    assert dl202(src, path="page.md") == [(3, 15, 3, 26), (3, 27, 3, 34), (3, 35, 3, 47)]


def test_php_instruction_in_markdown():
    assert dl202("Inline <?php echo 1; ?> php.\n", path="page.md") == [(1, 8, 1, 24)]


NOT_FLAGGED_MARKDOWN = {
    "code-span": 'Run `{{ x }}` and `[amazon box="B0"]` and `%%title%%`.\n',
    "fence": '```\n{{ x }} %%title%% [amazon box="B0"] ${y}\n```\n',
    "indented": 'Para.\n\n    [amazon box="B0"] %%title%%\n',
    "html-comment": "<!-- %%title%% [caption] -->\n\nText.\n",
    "script-block": "<script>\nvar a = `${x}`;\n</script>\n\nText.\n",
}


@pytest.mark.parametrize("source", NOT_FLAGGED_MARKDOWN.values(), ids=NOT_FLAGGED_MARKDOWN.keys())
def test_left_alone_in_markdown(source):
    assert dl202(source, path="page.md") == []


def test_same_token_is_flagged_in_html_but_not_in_markdown():
    token = "{{ .Params.price }}"
    assert dl202(f"<p>{token}</p>") == [(1, 4, 1, 4 + len(token))]
    assert dl202(f"{token}\n", path="page.md") == []


def test_title_and_meta_description_are_page_text():
    src = (
        "<html><head><title>{{ page.title }}</title>\n"
        '<meta name="description" content="%%excerpt%% here"></head><body></body></html>'
    )
    assert dl202(src) == [(1, 20, 1, 36), (2, 35, 2, 46)]


def test_shortcode_with_entity_encoded_quotes():
    # WordPress escapes quotes in unrendered shortcodes; the span covers the source text.
    assert dl202("<p>[amazon box=&quot;B07FDJMC9Q&quot;]</p>") == [(1, 4, 1, 39)]


def test_shortcodes_inside_a_raw_html_block_in_markdown():
    assert dl202('<div>\n[amazon box="B0"]\n%%title%%\n</div>\n', path="page.md") == [
        (2, 1, 2, 18),
        (3, 1, 3, 10),
    ]
