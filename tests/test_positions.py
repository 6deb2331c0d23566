"""The position map: every finding points at the exact line and column of the source.

Lines and columns are 1-based, columns count characters (not bytes), end_column is
exclusive. Each fixture puts a placeholder after the tricky part and asserts its span.
"""

from helpers import lint, spans


# -- HTML ------------------------------------------------------------------------------------


def test_entities_before_the_placeholder_on_the_same_line():
    # "&amp;" "&eacute;" "&#8217;" are 5, 8 and 7 source characters but one text character each.
    src = "<p>Fish &amp; chips &eacute; &#8217; TODO later</p>\n"
    assert spans(lint(src), "DL201") == [(1, 38, 1, 42)]


def test_named_entity_glued_to_the_placeholder():
    src = "<p>Some <b>bold</b> &nbsp;TODO</p>"
    assert spans(lint(src), "DL201") == [(1, 27, 1, 31)]


def test_text_node_spanning_several_source_lines():
    src = (
        "<html><body>\n"
        "<p>First line of text\n"
        "   second line here\n"
        "   third TODO line</p>\n"
        "</body></html>\n"
    )
    assert spans(lint(src), "DL201") == [(4, 10, 4, 14)]


def test_placeholder_broken_over_two_source_lines_spans_both():
    src = "<p>Lorem\n   ipsum dolor</p>"
    assert spans(lint(src), "DL201") == [(1, 4, 2, 9)]


def test_crlf_file():
    src = b"<p>a</p>\r\n<p>b</p>\r\n<p>Price: [TBD]</p>\r\n"
    assert spans(lint(src), "DL201") == [(3, 11, 3, 16)]


def test_crlf_multiline_text_node_with_an_entity():
    src = b"<p>one\r\n  two &amp;\r\n  three TODO</p>\r\n"
    assert spans(lint(src), "DL201") == [(3, 9, 3, 13)]


def test_cr_only_line_endings():
    src = b"<p>a</p>\r<p>b TODO</p>\r"
    assert spans(lint(src), "DL201") == [(2, 6, 2, 10)]


def test_utf8_bom_is_not_counted_as_a_column():
    src = b"\xef\xbb\xbf<p>Price: [TBD]</p>\n"
    assert spans(lint(src), "DL201") == [(1, 11, 1, 16)]


def test_utf8_bom_with_crlf_and_a_second_line():
    src = b"\xef\xbb\xbf<p>one\r\ntwo [TBD]</p>"
    assert spans(lint(src), "DL201") == [(2, 5, 2, 10)]


def test_minified_single_line_page_with_several_placeholders():
    src = (
        "<html><head><title>T</title></head><body>"
        "<p>A [TBD]</p><p>B TODO</p><div>Lorem ipsum dolor</div><span>FIXME</span>"
        "</body></html>"
    )
    assert src.index("[TBD]") + 1 == 47  # the fixture is what the numbers below assume
    assert spans(lint(src), "DL201") == [
        (1, 47, 1, 52),
        (1, 61, 1, 65),
        (1, 74, 1, 85),
        (1, 103, 1, 108),
    ]


def test_two_placeholders_in_one_text_node():
    src = "<p>A [TBD] and [TBD] again</p>"
    assert spans(lint(src), "DL201") == [(1, 6, 1, 11), (1, 16, 1, 21)]


def test_tabs_count_as_one_column():
    src = "<p>Tab\there\tTODO</p>"
    assert spans(lint(src), "DL201") == [(1, 13, 1, 17)]


def test_astral_character_and_numeric_entity_count_as_one_column_each():
    src = "<p>\U0001F600 &#x1F600; TODO</p>"
    assert spans(lint(src), "DL201") == [(1, 16, 1, 20)]


def test_title_and_meta_description_positions():
    src = (
        "<html><head><title>Best &amp; [TBD]</title>\n"
        '<meta name="description" content="Caf&eacute; lorem ipsum"></head><body></body></html>'
    )
    assert spans(lint(src), "DL201") == [(1, 31, 1, 36), (2, 47, 2, 58)]


def test_html_table_cell():
    src = "<table><tr><td>x</td><td>TBD</td></tr></table>"
    assert spans(lint(src), "DL201") == [(1, 26, 1, 29)]


def test_stray_end_tag_inside_a_text_run():
    # The parser drops "</span>" and joins the text around it; the position must skip it.
    src = "<p>Intro</p>\n<p>A </span> TODO</p>\n<p>Next [TBD]</p>"
    assert spans(lint(src), "DL201") == [(2, 14, 2, 18), (3, 9, 3, 14)]


def test_carriage_return_character_reference():
    # WordPress exports often end lines with "&#13;".
    src = (
        "<html><body>\n"
        "<h1>Review</h1>\n"
        "<p>First line&#13;\n"
        "Second line has TODO</p>\n"
        "<p>Then [TBD]</p>\n"
        "</body></html>"
    )
    assert spans(lint(src), "DL201") == [(4, 17, 4, 21), (5, 9, 5, 14)]


def test_leading_whitespace_from_a_character_reference():
    # "&#9;" renders as whitespace that collapses away at the start of the block.
    src = "<p>&#9;Price: TBD</p>"
    assert spans(lint(src), "DL201") == [(1, 15, 1, 18)]


def test_leading_space_character_reference_before_the_placeholder():
    src = "<p>&#32;TODO</p>"
    assert spans(lint(src), "DL201") == [(1, 9, 1, 13)]


def test_comment_inside_a_text_run():
    src = "<p>A <!-- note --> TODO</p>"
    assert spans(lint(src), "DL201") == [(1, 20, 1, 24)]


def test_unclosed_and_implied_elements():
    src = "<ul><li>one<li>two TODO</ul>\n<p>unclosed <b>bold <i>ital [TBD]</p>"
    assert spans(lint(src), "DL201") == [(1, 20, 1, 24), (2, 29, 2, 34)]


def test_entities_without_semicolons_and_unknown_entities():
    src = "<p>AT&T &copy2024 &amp &foo; TODO</p>"
    assert spans(lint(src), "DL201") == [(1, 30, 1, 34)]


def test_php_instruction_span_covers_the_whole_instruction():
    src = "<body>\n<div>\n<?php the_content(); ?>\n</div></body>"
    assert spans(lint(src, select=("DL202",)), "DL202") == [(3, 1, 3, 24)]


# -- Markdown --------------------------------------------------------------------------------


def test_markdown_multibyte_characters_before_the_placeholder():
    # é is 2 UTF-8 bytes and 😀 is 4; columns count characters.
    src = "Caf\u00e9 \U0001F600 TODO\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(1, 8, 1, 12)]


def test_markdown_multibyte_characters_on_an_earlier_line():
    src = "\u00dcn\u00efc\u00f6d\u00e9 everywhere \U0001F600\U0001F600\nThen TODO\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(2, 6, 2, 10)]


def test_markdown_multibyte_from_bytes():
    src = "Caf\u00e9 \U0001F600 TODO\n".encode("utf-8")
    assert spans(lint(src, path="page.md"), "DL201") == [(1, 8, 1, 12)]


def test_markdown_entity_before_the_placeholder():
    src = "Fish &amp; chips TODO\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(1, 18, 1, 22)]


def test_markdown_entities_and_emphasis_before_the_placeholder():
    src = "Fish &eacute;&amp; *em* TODO\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(1, 25, 1, 29)]


def test_markdown_crlf_with_multibyte():
    src = "Line one\r\nCaf\u00e9 [TBD] x\r\n".encode("utf-8")
    assert spans(lint(src, path="page.md"), "DL201") == [(2, 6, 2, 11)]


def test_markdown_utf8_bom():
    src = b"\xef\xbb\xbfHello [TBD]\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(1, 7, 1, 12)]


def test_toml_front_matter_title_and_description():
    src = '+++\ntitle = "My [TBD] post"\ndescription = "Lorem ipsum here"\n+++\n\nBody.\n'
    assert spans(lint(src, path="page.md"), "DL201") == [(2, 13, 2, 18), (3, 16, 3, 27)]


def test_yaml_front_matter_title_and_description():
    src = '---\ntitle: "My [TBD] post"\ndescription: Lorem ipsum here\n---\n\nBody.\n'
    assert spans(lint(src, path="page.md"), "DL201") == [(2, 12, 2, 17), (3, 14, 3, 25)]


def test_yaml_front_matter_yoast_variables():
    src = '---\ntitle: "%%title%% %%sep%% Blog"\n---\n\nBody.\n'
    assert spans(lint(src, path="page.md", select=("DL202",)), "DL202") == [
        (2, 9, 2, 18),
        (2, 19, 2, 26),
    ]


def test_yaml_front_matter_value_with_escapes():
    src = '---\ntitle: "Say \\"hi\\" [TBD]"\n---\n\nBody.\n'
    assert src.splitlines()[1] == 'title: "Say \\"hi\\" [TBD]"'
    assert spans(lint(src, path="page.md"), "DL201") == [(2, 20, 2, 25)]


def test_yaml_front_matter_single_quoted_value_with_doubled_quote():
    src = "---\ntitle: 'It''s [TBD]'\n---\n\nBody.\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(2, 15, 2, 20)]


def test_yaml_front_matter_folded_value():
    src = "---\ntitle: >\n  My [TBD] post\n---\n\nBody.\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(3, 6, 3, 11)]


def test_yaml_front_matter_plain_value_continued_on_the_next_line():
    src = "---\ntitle: My\n  [TBD] post\n---\n\nBody.\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(3, 3, 3, 8)]


def test_yaml_front_matter_multibyte_value():
    src = "---\ntitle: Caf\u00e9 \U0001F600 [TBD]\n---\n\nBody.\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(2, 15, 2, 20)]


def test_toml_front_matter_multiline_literal_string():
    src = "+++\ntitle = '''My [TBD] post'''\n+++\n\nBody.\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(2, 15, 2, 20)]


def test_toml_front_matter_unicode_escape():
    src = '+++\ntitle = "Caf\\u00e9 [TBD]"\n+++\n\nBody.\n'
    assert spans(lint(src, path="page.md"), "DL201") == [(2, 20, 2, 25)]


def test_markdown_raw_html_block_after_multibyte_text():
    src = "Caf\u00e9 \U0001F600\n\n<div>\n<p>Some &amp; TODO</p>\n</div>\n\nAfter [TBD]\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(4, 15, 4, 19), (7, 7, 7, 12)]


def test_markdown_inline_html_before_the_placeholder():
    src = "Caf\u00e9 &amp; <b>bold</b> [TBD]\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(1, 24, 1, 29)]


def test_markdown_admonition_body():
    src = "!!! note\n    Admonition TODO here\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(2, 16, 2, 20)]


def test_markdown_footnote_definition():
    # Footnotes render last, but the position is still where the text is in the source.
    src = "Text with a note.[^1]\n\n[^1]: Source TBD later.\n\nMore text here.\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(3, 14, 3, 17)]


def test_markdown_table_cell():
    src = "| a | b |\n|---|---|\n| x | TBD |\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(3, 7, 3, 10)]


def test_markdown_list_item_and_blockquote():
    src = "- item\n- another TODO item\n\n> quote FIXME\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(2, 11, 2, 15), (4, 9, 4, 14)]


def test_markdown_body_after_front_matter():
    src = "---\ntitle: Fine\n---\n\nIntro \u00e9.\n\nPrice: [TBD]\n"
    assert spans(lint(src, path="page.md"), "DL201") == [(7, 8, 7, 13)]
