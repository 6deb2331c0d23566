"""Inline suppression comments, in HTML and Markdown.

<!-- disclosurelint-disable CODES --> ... <!-- disclosurelint-enable -->,
<!-- disclosurelint-disable-next-line CODES -->, <!-- disclosurelint-disable-file CODES -->.
Without codes they mean every rule; a directive for another code suppresses nothing.
"""

from helpers import lint, starts

ALL = ("DL201", "DL202", "DL301")


def found(source, path="page.html"):
    return [(f.code, f.line) for f in lint(source, path=path, select=ALL)]


# -- HTML ------------------------------------------------------------------------------------


def test_disable_enable_block_for_one_code():
    src = (
        "<p>A TODO</p>\n"
        "<!-- disclosurelint-disable DL201 -->\n"
        "<p>B TODO {{ x }}</p>\n"
        "<p>C [TBD]</p>\n"
        "<!-- disclosurelint-enable -->\n"
        "<p>D TODO</p>\n"
    )
    assert found(src) == [("DL201", 1), ("DL202", 3), ("DL201", 6)]


def test_disable_enable_block_without_codes_means_every_rule():
    src = (
        "<p>A TODO</p>\n"
        "<!-- disclosurelint-disable -->\n"
        "<p>B TODO {{ x }}</p>\n"
        "<!-- disclosurelint-enable -->\n"
        "<p>D TODO</p>\n"
    )
    assert found(src) == [("DL201", 1), ("DL201", 5)]


def test_disable_without_enable_runs_to_the_end_of_the_file():
    src = "<p>A TODO</p>\n<!-- disclosurelint-disable DL201 -->\n<p>B TODO</p>\n<p>C TODO</p>\n"
    assert found(src) == [("DL201", 1)]


def test_disable_of_a_different_code_does_not_suppress():
    src = (
        "<p>A TODO</p>\n"
        "<!-- disclosurelint-disable DL202 -->\n"
        "<p>B TODO {{ x }}</p>\n"
        "<!-- disclosurelint-enable DL202 -->\n"
        "<p>D TODO</p>\n"
    )
    assert found(src) == [("DL201", 1), ("DL201", 3), ("DL201", 5)]


def test_disable_next_line_dl201_suppresses_only_the_next_line():
    src = "<!-- disclosurelint-disable-next-line DL201 -->\n<p>B TODO</p>\n<p>C TODO</p>\n"
    assert starts(lint(src), "DL201") == [(3, 6)]


def test_disable_next_line_without_codes():
    src = "<!-- disclosurelint-disable-next-line -->\n<p>B TODO {{ x }}</p>\n<p>C TODO</p>\n"
    assert found(src) == [("DL201", 3)]


def test_disable_next_line_of_a_different_code_does_not_suppress():
    src = "<!-- disclosurelint-disable-next-line DL202 -->\n<p>B TODO</p>\n<p>C TODO</p>\n"
    assert found(src) == [("DL201", 2), ("DL201", 3)]


BYLINE_MISMATCH = (
    '<html><head><meta name="author" content="Jane Doe"></head><body>\n'
    "{directive}"
    "<p>By John Smith</p>\n"
    "</body></html>\n"
)


def test_disable_next_line_dl301():
    assert found(BYLINE_MISMATCH.format(directive="")) == [("DL301", 2)]
    src = BYLINE_MISMATCH.format(directive="<!-- disclosurelint-disable-next-line DL301 -->\n")
    assert found(src) == []


def test_disable_next_line_dl201_does_not_suppress_dl301():
    src = BYLINE_MISMATCH.format(directive="<!-- disclosurelint-disable-next-line DL201 -->\n")
    assert found(src) == [("DL301", 3)]


def test_disable_file_without_codes():
    src = "<!-- disclosurelint-disable-file -->\n<p>B TODO</p>\n<p>C TODO {{ x }}</p>\n"
    assert found(src) == []


def test_disable_file_with_a_code_keeps_the_others():
    src = "<!-- disclosurelint-disable-file DL202 -->\n<p>B TODO</p>\n<p>C TODO {{ x }}</p>\n"
    assert found(src) == [("DL201", 2), ("DL201", 3)]


def test_disable_file_placed_at_the_end_still_covers_the_file():
    src = "<p>B TODO</p>\n<p>C TODO</p>\n<!-- disclosurelint-disable-file DL201 -->\n"
    assert found(src) == []


def test_disable_with_several_codes():
    src = (
        "<!-- disclosurelint-disable DL201, DL202 -->\n"
        "<p>B TODO {{ x }}</p>\n"
        "<!-- disclosurelint-enable -->\n"
        "<p>C TODO {{ y }}</p>\n"
    )
    assert found(src) == [("DL201", 4), ("DL202", 4)]


def test_an_ordinary_comment_suppresses_nothing():
    src = "<!-- TODO: disclosurelint is great -->\n<p>B TODO</p>\n"
    assert found(src) == [("DL201", 2)]


# -- Markdown --------------------------------------------------------------------------------


def test_markdown_disable_enable_block():
    src = (
        "A TODO\n\n"
        "<!-- disclosurelint-disable DL201 -->\n\n"
        "B TODO\n\n"
        "<!-- disclosurelint-enable -->\n\n"
        "C TODO\n"
    )
    assert found(src, path="page.md") == [("DL201", 1), ("DL201", 9)]


def test_markdown_disable_of_a_different_code_does_not_suppress():
    src = "<!-- disclosurelint-disable DL202 -->\n\nB TODO\n\n<!-- disclosurelint-enable -->\n"
    assert found(src, path="page.md") == [("DL201", 3)]


def test_markdown_disable_next_line_dl201():
    src = "<!-- disclosurelint-disable-next-line DL201 -->\nB TODO\n\nC TODO\n"
    assert found(src, path="page.md") == [("DL201", 4)]


def test_markdown_disable_next_line_without_codes():
    src = "<!-- disclosurelint-disable-next-line -->\nB TODO %%title%%\n\nC TODO\n"
    assert found(src, path="page.md") == [("DL201", 4)]


def test_markdown_disable_next_line_dl301():
    mismatch = "---\nauthor: Rita Okafor\n---\n\n{directive}By Sam Keller\n"
    assert found(mismatch.format(directive=""), path="page.md") == [("DL301", 5)]
    src = mismatch.format(directive="<!-- disclosurelint-disable-next-line DL301 -->\n")
    assert found(src, path="page.md") == []


def test_markdown_disable_file():
    src = "<!-- disclosurelint-disable-file -->\n\nB TODO\n\nC %%title%%\n"
    assert found(src, path="page.md") == []


def test_markdown_disable_file_for_another_code_does_not_suppress():
    src = "<!-- disclosurelint-disable-file DL301 -->\n\nB TODO\n"
    assert found(src, path="page.md") == [("DL201", 3)]


def test_markdown_directive_inside_a_code_fence_is_not_a_directive():
    # A fenced example of the syntax is documentation, not a directive.
    src = "```html\n<!-- disclosurelint-disable-file -->\n```\n\nB TODO\n"
    assert found(src, path="page.md") == [("DL201", 5)]
