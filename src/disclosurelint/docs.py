"""docs/rules.md, generated from the rule data, and the links into it that SARIF gives.

The page has one section per built-in rule, `## DL201 placeholder-text`, whose text is what
`disclosurelint --explain DL201` prints, its examples fenced as code. A test regenerates the
page and compares it with the committed file; after changing a rule's docs, regenerate it:

    python -m disclosurelint.docs docs/rules.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .rules import Rule, builtin_rules_dir, load_rules

PROJECT_URL = "https://github.com/disclosurelint/disclosurelint"
DOCS_URL = f"{PROJECT_URL}/blob/main/docs/rules.md"
_HEADING = re.compile(r"^(#{1,5}) ", re.M)
_CODE_SPAN_OR_LT = re.compile(r"(`+).*?\1|<")


def anchor(rule: Rule) -> str:
    """The anchor of a rule's section: how GitHub names the heading `DL201 placeholder-text`."""
    return f"{rule.code.lower()}-{rule.name}"


def is_builtin(rule: Rule) -> bool:
    return Path(rule.origin).resolve().is_relative_to(builtin_rules_dir().resolve())


def help_uri(rule: Rule) -> str | None:
    """Where a rule is documented; None for a user's own rules, which docs/rules.md lacks."""
    return f"{DOCS_URL}#{anchor(rule)}" if is_builtin(rule) else None


def short_description(rule: Rule) -> str:
    """The rule's name as words: a name says what the rule flags (`placeholder-text`)."""
    return rule.name.replace("-", " ").capitalize()


def _fence(body: str) -> str:
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", body)), default=0) + 1)
    lang = "html" if body.lstrip().startswith("<") else "markdown"
    return f"{ticks}{lang}\n{body}\n{ticks}"


def section(rule: Rule) -> str:
    """A rule's section in Markdown: its `--explain` text, one heading level down, with the
    example and the fixed version fenced as code, since they are page source."""
    text = rule.explain()
    fenced = {}
    for key in ("example", "instead"):
        body = str(rule.docs.get(key) or "").rstrip()
        if body:
            marker = f"\0{key}\0"
            text = text.replace(f"\n\n{body}\n", f"\n\n{marker}\n", 1)
            fenced[marker] = _fence(body)
    # With the page source out of the way, what is left is prose: headings go one level down,
    # and a "<" outside a code span is a character ("thanks to <Brand>"), not a tag.
    text = _HEADING.sub(r"#\1 ", text)
    text = _CODE_SPAN_OR_LT.sub(lambda m: "&lt;" if m.group() == "<" else m.group(), text)
    for marker, block in fenced.items():
        text = text.replace(marker, block)
    return text.rstrip() + "\n"


def render(rules: dict[str, Rule]) -> str:
    lines = [
        "# Rules",
        "",
        "<!-- Generated from rules/*.yml by `python -m disclosurelint.docs docs/rules.md`; do not edit by hand. -->",
        "",
        "Every rule disclosurelint has, generated from the rule files. `disclosurelint --explain CODE`",
        "prints the same text, and `disclosurelint --list-rules` shows which rules run.",
        "",
        "| code | name | default severity | on by default |",
        "|---|---|---|---|",
    ]
    for rule in rules.values():
        lines.append(f"| [{rule.code}](#{anchor(rule)}) | {rule.name} | {rule.severity} | {'yes' if rule.default else 'no'} |")
    lines.append("")
    for rule in rules.values():
        lines.append(section(rule))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render(load_rules())
    if not args or args == ["-"]:
        sys.stdout.write(text)
    else:
        Path(args[0]).write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
