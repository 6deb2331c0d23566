"""docs/rules.md is generated from the rule data and kept in sync; --explain prints the same.

If test_rules_md_is_up_to_date fails, regenerate the page and commit it:

    python -m disclosurelint.docs docs/rules.md
"""

import json
import re

import pytest

from disclosurelint.docs import anchor, help_uri, render, section
from disclosurelint.rules import load_rules

from helpers import REPO, run_cli

RULES_MD = REPO / "docs" / "rules.md"
RULES = load_rules()


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown page (code fences skipped)."""
    anchors, seen, fenced = set(), {}, False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        m = re.match(r"#{1,6} (.+)", line)
        if fenced or not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        anchors.add(slug if n == 0 else f"{slug}-{n}")
    return anchors


def test_rules_md_is_up_to_date():
    assert RULES_MD.read_text(encoding="utf-8") == render(RULES), (
        "docs/rules.md is out of date with rules/*.yml: run `python -m disclosurelint.docs docs/rules.md` and commit it"
    )


def test_every_rule_has_a_section_at_the_anchor_sarif_links_to():
    anchors = github_anchors(RULES_MD.read_text(encoding="utf-8"))
    for code, rule in RULES.items():
        assert anchor(rule) in anchors, code
        assert help_uri(rule).endswith(f"docs/rules.md#{anchor(rule)}")


def test_sarif_help_uris_point_into_the_page(tmp_path):
    (tmp_path / "p.html").write_text("<p>[TBD]</p>\n", encoding="utf-8")
    log = json.loads(run_cli("--format", "sarif", "--select", "ALL", "p.html", cwd=tmp_path).stdout)
    anchors = github_anchors(RULES_MD.read_text(encoding="utf-8"))
    descriptors = log["runs"][0]["tool"]["driver"]["rules"]
    assert len(descriptors) == len(RULES)
    for d in descriptors:
        assert d["helpUri"].split("#")[1] in anchors


@pytest.mark.parametrize("code", list(RULES))
def test_explain_prints_what_the_docs_show(code, tmp_path):
    proc = run_cli("--explain", code, cwd=tmp_path)
    assert proc.returncode == 0
    shown = section(RULES[code]).replace("&lt;", "<")  # the docs escape "<" in prose for Markdown
    for paragraph in proc.stdout.strip().split("\n\n"):
        if paragraph.startswith("#"):
            paragraph = "#" + paragraph  # headings are one level down in the page
        assert paragraph in shown, (code, paragraph)


def test_examples_are_fenced_as_code():
    md = section(RULES["DL201"])
    assert "```html\n<p>Updated Date: [Insert Date Here]</p>" in md
    assert "## DL201 placeholder-text" in md and "### What it does" in md


def test_every_command_line_option_and_configuration_key_is_in_the_readme():
    from disclosurelint.cli import main
    from disclosurelint.config import _KEYS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    options = [max(p.opts, key=len) for p in main.params if p.opts and p.opts[0].startswith("-")]
    missing = [o for o in options if f"`{o}" not in readme]
    assert not missing, f"options not documented in README.md: {missing}"
    keys = [k for k in _KEYS if f"`{k}`" not in readme and f"`{k}." not in readme]
    assert not keys, f"configuration keys not documented in README.md: {keys}"
