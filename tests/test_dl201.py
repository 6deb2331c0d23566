"""DL201 placeholder-text: editor placeholders left in the page text.

Flags bracketed instructions, "Lorem ipsum" (any case), standalone TODO / FIXME / TBD / XXX /
PLACEHOLDER (capitals only), and bracketed or parenthesised notes opening with "placeholder".
Leaves alone Markdown link / footnote / task syntax, [1] citations, [sic], code, HTML
comments, form placeholder= attributes and the words in ordinary prose.
"""

import pytest

from helpers import lint, spans

FLAGGED = [
    "[Insert Date Here]",
    "[Author Name]",
    "[Product Name]",
    "[Your Name]",
    "[Link]",
    "[TBD]",
    "[TK]",
    "Lorem ipsum",
    "LOREM IPSUM",
    "lorem Ipsum",
    "TODO",
    "FIXME",
    "TBD",
    "XXX",
    "PLACEHOLDER",
    "(Placeholder - verify with product)",
    "(placeholder: confirm dosage)",
    "[placeholder: hero image]",
    "[PLACEHOLDER]",
]


def test_finding_carries_code_name_and_severity():
    (finding,) = lint("<p>Price: [TBD]</p>")
    assert (finding.code, finding.name, finding.severity) == ("DL201", "placeholder-text", "error")
    assert "[TBD]" in finding.message
    assert finding.path == "page.html"


@pytest.mark.parametrize("placeholder", FLAGGED)
def test_flagged_in_html(placeholder):
    # "<p>Price: " is 10 characters, so the placeholder starts at column 11.
    findings = lint(f"<p>Price: {placeholder} here</p>\n")
    assert spans(findings, "DL201") == [(1, 11, 1, 11 + len(placeholder))]


@pytest.mark.parametrize("placeholder", FLAGGED)
def test_flagged_in_markdown(placeholder):
    findings = lint(f"# Review\n\nPrice: {placeholder} here\n", path="page.md")
    assert spans(findings, "DL201") == [(3, 8, 3, 8 + len(placeholder))]


@pytest.mark.parametrize(
    "text, column",
    [
        ("Price is TBD.", 10),
        ("TODO: fix this", 1),
        ("Ship date: TBD, maybe later", 12),
        ("Cost: XXX dollars", 7),
        ("(TBD)", 2),
    ],
)
def test_standalone_marks_next_to_punctuation(text, column):
    findings = lint(f"<p>{text}</p>")
    assert [(f.line, f.column) for f in findings] == [(1, 3 + column)]


def test_several_placeholders_on_one_line_are_each_reported():
    findings = lint("<p>Price TBD, maybe TODO; or FIXME! XXX? (TBD)</p>")
    assert [(f.line, f.column) for f in findings] == [(1, 10), (1, 21), (1, 30), (1, 37), (1, 43)]


def test_placeholder_in_title_and_meta_description():
    src = (
        "<html><head><title>[TBD] Review</title>\n"
        '<meta name="description" content="Lorem ipsum dolor"></head>\n'
        "<body><p>Fine.</p></body></html>"
    )
    assert spans(lint(src), "DL201") == [(1, 20, 1, 25), (2, 35, 2, 46)]


def test_markdown_unresolved_link_label_is_a_placeholder():
    # "[Link]" with no URL and no reference definition renders as the literal text "[Link]".
    findings = lint("Buy it here: [Link]\n", path="page.md")
    assert spans(findings, "DL201") == [(1, 14, 1, 20)]


def test_markdown_front_matter_title_is_page_text():
    findings = lint("---\ntitle: Best [Product Name] of 2024\n---\n\nBody.\n", path="page.md")
    assert spans(findings, "DL201") == [(2, 13, 2, 27)]


# -- left alone ------------------------------------------------------------------------------

NOT_FLAGGED_HTML = {
    "citations": "<p>See the studies [1], [2] and [12].</p>",
    "sic": "<p>He wrote that it was [sic] fine.</p>",
    "code": "<p>Run <code>TODO</code> and <code>[TBD]</code>.</p>",
    "pre": "<pre>FIXME [TBD]\nLorem ipsum</pre>",
    "pre-code": "<pre><code># TODO: remove\nXXX = [Your Name]</code></pre>",
    "kbd": "<p>Press <kbd>TODO</kbd>.</p>",
    "samp": "<p>It prints <samp>XXX</samp>.</p>",
    "html-comment": "<p>Fine.</p><!-- TODO fix [TBD] Lorem ipsum -->",
    "multiline-comment": "<p>Fine.</p>\n<!--\n  TODO: [Insert Date Here]\n-->\n",
    "placeholder-attribute": '<form><input type="text" placeholder="[Your Name]"></form>',
    "textarea-placeholder": '<textarea placeholder="TODO"></textarea>',
    "to-do-list": "<p>Add it to my to-do list.</p>",
    "placeholder-image": "<p>We used a placeholder image until the photo arrived.</p>",
    "xxl": "<p>The shirt comes in XXL.</p>",
    "lowercase-todo": "<p>A todo list app; Todo apps; tbd later; xxx.</p>",
    "placeholder-in-prose": "<p>Placeholder text is fine when it is prose.</p>",
    "plural-and-compounds": "<p>The TODOs, the FIXMEs, TODO.txt, #TODO and /TODO/.</p>",
    "script": "<script>var note = 'TODO [TBD]';</script><p>Fine.</p>",
    "style": "<style>/* TODO */ .x{}</style><p>Fine.</p>",
    "template": "<template><p>TODO [Product Name]</p></template><p>Fine.</p>",
    "alt-and-title": '<p><img src="a.jpg" alt="placeholder image" title="hover"> Fine.</p>',
}


@pytest.mark.parametrize("source", NOT_FLAGGED_HTML.values(), ids=NOT_FLAGGED_HTML.keys())
def test_left_alone_in_html(source):
    assert lint(source) == []


NOT_FLAGGED_MARKDOWN = {
    "inline-link": "See [Product Name](https://example.com/p) now.\n",
    "reference-link": "See [Link][1] now.\n\n[1]: https://example.com\n",
    "shortcut-reference-link": "See [Link] now.\n\n[link]: https://example.com\n",
    "footnote": "A claim.[^1]\n\n[^1]: A source.\n",
    "task-list": "- [ ] pack the tent\n- [x] buy the stove\n- [X] book the site\n",
    "citations": "Studies [1] and [23] agree.\n",
    "sic": 'He said "it were [sic] fine".\n',
    "code-span": "Run `TODO` and `[TBD]` and `Lorem ipsum`.\n",
    "fenced-code": "Intro.\n\n```python\n# TODO: XXX [TBD]\nprint('Lorem ipsum')\n```\n",
    "tilde-fence": "Intro.\n\n~~~\nFIXME\n~~~\n",
    "indented-code": "Para.\n\n    FIXME indented [TBD]\n    TODO\n",
    "html-comment-block": "<!-- TODO [TBD] -->\n\nText.\n",
    "html-comment-inline": "Inline <!-- TODO --> comment.\n",
    "placeholder-attribute": '<input placeholder="[Your Name]">\n',
    "inline-html-kbd": "Press <kbd>TODO</kbd> to continue.\n",
    "inline-html-code": "Run <code>TODO</code> first.\n",
    "inline-html-samp": "It prints <samp>XXX</samp>.\n",
    "html-block-code": "<div>\n<code>TODO</code>\n</div>\n",
    "html-block-pre": "<pre>TODO [TBD]</pre>\n",
    "to-do-list": "## To-do before you leave\n\nCheck my to-do list.\n",
    "placeholder-image": "Use a placeholder image for now.\n",
    "xxl": "Sizes run from S to XXL.\n",
    "other-front-matter-keys": '---\ntitle: Fine\nsummary: "TODO [TBD]"\nnotes: Lorem ipsum\n---\n\nBody.\n',
}


@pytest.mark.parametrize("source", NOT_FLAGGED_MARKDOWN.values(), ids=NOT_FLAGGED_MARKDOWN.keys())
def test_left_alone_in_markdown(source):
    assert lint(source, path="page.md") == []


def test_comment_area_is_not_reported():
    # Readers' comments are not the author's placeholders.
    src = (
        "<article><p>Fine.</p></article>\n"
        '<div id="comments"><p class="comment-body">TODO: buy this TBD</p></div>\n'
    )
    assert lint(src) == []


def test_code_next_to_a_real_placeholder_only_reports_the_real_one():
    src = "<p><code>TODO</code> and then TODO</p>"
    assert spans(lint(src), "DL201") == [(1, 31, 1, 35)]


# -- Markdown extensions that render as prose are page text ----------------------------------


@pytest.mark.parametrize(
    "source, expected",
    [
        ("!!! note\n    Admonition TODO here\n", [(2, 16)]),
        ('!!! warning "Heads up"\n    Price: [TBD]\n\n    Second para TODO\n', [(2, 12), (4, 17)]),
        ('??? note "Details"\n    Details TODO here\n', [(2, 13)]),
        ("???+ tip\n    Open TODO here\n", [(2, 10)]),
        ("| Partner | Rate |\n|---|---|\n| Acme | TBD |\n", [(3, 10)]),
        # Not on the first line, and with a blank line after the title, as MkDocs docs write them.
        ('---\ntitle: T\n---\n\nIntro.\n\n!!! warning "Before you start"\n\n    TODO: check versions.\n', [(9, 5)]),
        ('Intro.\n\n??? note "Changelog"\n\n    - v2.2: release date [TBD]\n', [(5, 26)]),
    ],
    ids=["admonition", "admonition-two-paragraphs", "details", "open-details", "table",
         "admonition-after-front-matter", "details-after-a-paragraph"],
)
def test_markdown_extensions_are_page_text(source, expected):
    assert [(f.line, f.column) for f in lint(source, path="page.md")] == expected


def test_indented_code_after_a_plain_paragraph_is_still_code():
    assert lint("Para.\n\n    plain indented TODO\n", path="page.md") == []
