"""Rules are data: `rules/*.yml` (built in) plus any folders named in `extend-rules`.

A rule file holds `rules:` (a list of rules) and/or `lexicons:` (named word lists that rules
reference as "@name" inside any list, so one vocabulary serves several rules and a user's
folder can extend it). Every rule shares the base keys below; its `kind` names the check
module that runs it and declares the extra keys that kind needs. Errors name the file, the
rule and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import regex_safety
from .findings import SEVERITIES
from .sources import InputError, read_regular

BASE_KEYS = {
    "code": "a rule code such as DL201 (letters then digits)",
    "name": "a lowercase-with-dashes name",
    "severity": "one of " + ", ".join(SEVERITIES),
    "kind": "a check kind",
    "message": "the finding's message",
    "fix": "what the user should do instead",
    "docs": "a mapping with what, why, example, instead, refs",
    "default": "true or false: whether the rule runs without being selected",
    "formats": "a list of formats the rule applies to (html, markdown)",
}
DOC_KEYS = ("what", "why", "example", "instead", "refs")
_CODE = re.compile(r"^[A-Z]{1,6}[0-9]{1,4}$")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


class RuleError(Exception):
    """A rule file that cannot be used; the message names the file, rule and key."""


@dataclass
class Rule:
    code: str
    name: str
    severity: str
    kind: str
    message: str
    fix: str | None
    docs: dict[str, Any]
    default: bool
    formats: tuple[str, ...]
    data: dict[str, Any]  # the kind's own keys, lexicon references expanded
    origin: str  # the file it came from
    options: dict[str, Any] = field(default_factory=dict)  # from configuration
    lexicons: dict[str, list] = field(default_factory=dict, repr=False)  # every lexicon, by name

    def lexicon(self, name: str, lang: str | None = None) -> list:
        """A lexicon by name; with `lang`, the language's own list (`name.de`), English default."""
        if lang is not None:
            return list(self.lexicons.get(f"{name}.{lang}", []))
        return list(self.lexicons.get(name, []))

    def explain(self) -> str:
        """The rule's documentation as `--explain` and docs/rules.md show it."""
        d = self.docs
        parts = [f"# {self.code} {self.name}", "", f"Default severity: {self.severity}"
                 + ("" if self.default else " (off by default; enable with --extend-select)"), ""]
        for key, title in (("what", "What it does"), ("why", "Why it matters"),
                           ("example", "Example"), ("instead", "Use instead")):
            if d.get(key):
                parts += [f"## {title}", "", str(d[key]).rstrip(), ""]
        refs = d.get("refs") or []
        if refs:
            parts += ["## Regulation and policy", ""] + [f"- {r}" for r in refs] + [""]
        return "\n".join(parts)


def builtin_rules_dir() -> Path:
    """rules/ ships inside the wheel as disclosurelint/rules; in a checkout it is top level."""
    packaged = resources.files("disclosurelint") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"


MAX_RULE_FILE_BYTES = 4 * 1024 * 1024  # a rule file larger than this is refused (R22)


def _load_yaml(path: Path) -> Any:
    try:
        text = read_regular(path, MAX_RULE_FILE_BYTES).decode("utf-8")
    except (InputError, UnicodeDecodeError) as e:
        raise RuleError(f"{path}: cannot read rule file: {e}") from None
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise RuleError(f"{path}: invalid YAML{where}: {problem}") from None


def _rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml") and not p.is_dir())  # a FIFO is reported


def load_rules(extra_dirs: list[Path] | None = None, extra_lexicons: dict | None = None,
               errors: list[str] | None = None) -> dict[str, Rule]:
    """Load the built-in rules and the user's folders; returns rules by code, in code order.

    `extra_lexicons` (from configuration) extend lexicons of the same name. A problem in the
    user's folders is a RuleError; with `errors` (the command line) it is recorded there and
    the file or rule is left out. The built-in rules are always strict.
    """
    from .checks import KINDS

    def problem(e: RuleError, builtin: bool) -> None:
        if errors is None or builtin:
            raise e
        errors.append(str(e))

    raw_rules: list[tuple[Path, dict, bool]] = []
    lexicons: dict[str, list] = {}
    shipped: dict[str, list] = {}  # the built-in lexicons alone
    builtin = builtin_rules_dir()
    folders = [builtin] + list(extra_dirs or [])
    for folder in folders:
        is_builtin = folder is builtin
        if not folder.is_dir():
            problem(RuleError(f"{folder}: rules folder does not exist"), is_builtin)
            continue
        for path in _rule_files(folder):
            try:
                data = _load_yaml(path)
                if data is None:
                    continue
                if is_builtin:
                    regex_safety.trust(_strings(data))
                if not isinstance(data, dict):
                    raise RuleError(f"{path}: a rule file must be a mapping with `rules:` and/or `lexicons:`")
                unknown = set(data) - {"rules", "lexicons"}
                if unknown:
                    raise RuleError(f"{path}: unknown top-level key '{sorted(unknown)[0]}' (expected rules, lexicons)")
                file_lexicons = data.get("lexicons") or {}
                if not isinstance(file_lexicons, dict):
                    raise RuleError(f"{path}: key 'lexicons': must be a mapping of name to list")
                for name, terms in file_lexicons.items():
                    if not isinstance(terms, list):
                        raise RuleError(f"{path}: lexicon '{name}': must be a list")
                items = data.get("rules") or []
                if not isinstance(items, list):
                    raise RuleError(f"{path}: key 'rules': must be a list of rules")
            except RuleError as e:
                problem(e, is_builtin)
                continue
            for name, terms in file_lexicons.items():
                lexicons.setdefault(str(name), []).extend(terms)
                if is_builtin:
                    shipped.setdefault(str(name), []).extend(terms)
            for item in items:
                raw_rules.append((path, item, is_builtin))

    for name, terms in (extra_lexicons or {}).items():
        lexicons.setdefault(name, []).extend(terms)
    rules: dict[str, Rule] = {}
    for path, item, is_builtin in raw_rules:
        try:
            rule = _build_rule(path, item, lexicons, KINDS)
            if rule.code in rules:
                raise RuleError(f"{path}: rule {rule.code}: code already defined in {rules[rule.code].origin}")
        except RuleError as e:
            if not (is_builtin and errors is not None and lexicons != shipped):
                problem(e, is_builtin)
                continue
            # A built-in rule broken by what the user added to its lexicons (a bad pattern in
            # disclosure-phrases or an extend-rules lexicon): say so, and run it as shipped.
            errors.append(f"{e}; {item.get('code')} runs with its built-in lexicons only")
            rule = _build_rule(path, item, shipped, KINDS)
        rules[rule.code] = rule
    return dict(sorted(rules.items(), key=lambda kv: _code_key(kv[0])))


def _strings(value: Any):
    """Every string in a parsed YAML document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _code_key(code: str) -> tuple:
    m = re.match(r"([A-Z]+)([0-9]+)", code)
    return (m.group(1), int(m.group(2))) if m else (code, 0)


def _expand(value: Any, lexicons: dict[str, list], where: str) -> Any:
    if isinstance(value, list):
        out = []
        for v in value:
            if isinstance(v, str) and v.startswith("@"):
                if v[1:] not in lexicons:
                    raise RuleError(f"{where}: unknown lexicon '{v[1:]}'")
                out.extend(_expand(lexicons[v[1:]], lexicons, where))
            else:
                out.append(_expand(v, lexicons, where))
        return out
    if isinstance(value, dict):
        return {k: _expand(v, lexicons, where) for k, v in value.items()}
    return value


def _build_rule(path: Path, item: Any, lexicons: dict, kinds: dict) -> Rule:
    if not isinstance(item, dict):
        raise RuleError(f"{path}: each entry under `rules:` must be a mapping")
    code = item.get("code")
    label = f"{path}: rule {code}" if code else f"{path}: rule #{item.get('name', '?')}"
    if not isinstance(code, str) or not _CODE.match(code):
        raise RuleError(f"{label}: key 'code': expected {BASE_KEYS['code']}, got {code!r}")
    for key in ("name", "kind", "message"):
        if not isinstance(item.get(key), str) or not item.get(key):
            raise RuleError(f"{label}: key '{key}': required, expected {BASE_KEYS[key]}")
    if not _NAME.match(item["name"]):
        raise RuleError(f"{label}: key 'name': expected {BASE_KEYS['name']}, got {item['name']!r}")
    severity = item.get("severity", "warning")
    if severity not in SEVERITIES:
        raise RuleError(f"{label}: key 'severity': expected {BASE_KEYS['severity']}, got {severity!r}")
    kind = kinds.get(item["kind"])
    if kind is None:
        raise RuleError(f"{label}: key 'kind': unknown kind {item['kind']!r} (known: {', '.join(sorted(kinds))})")
    docs = item.get("docs") or {}
    if not isinstance(docs, dict) or set(docs) - set(DOC_KEYS):
        bad = sorted(set(docs) - set(DOC_KEYS))[0] if isinstance(docs, dict) else "docs"
        raise RuleError(f"{label}: key 'docs': unknown entry {bad!r} (expected {', '.join(DOC_KEYS)})")
    formats = item.get("formats", ["html", "markdown"])
    if not isinstance(formats, list) or set(formats) - {"html", "markdown"}:
        raise RuleError(f"{label}: key 'formats': expected a list of html, markdown")
    default = item.get("default", True)
    if not isinstance(default, bool):
        raise RuleError(f"{label}: key 'default': expected true or false")
    own = {k: v for k, v in item.items() if k not in BASE_KEYS}
    unknown = set(own) - set(kind.KEYS)
    if unknown:
        raise RuleError(
            f"{label}: key '{sorted(unknown)[0]}': not a key of kind '{item['kind']}' "
            f"(its keys: {', '.join(sorted(kind.KEYS)) or 'none'})"
        )
    missing = [k for k, spec in kind.KEYS.items() if spec.get("required") and k not in own]
    if missing:
        raise RuleError(f"{label}: key '{missing[0]}': required by kind '{item['kind']}'")
    data = _expand(own, lexicons, label)
    rule = Rule(
        code=code,
        name=item["name"],
        severity=severity,
        kind=item["kind"],
        message=item["message"],
        fix=item.get("fix"),
        docs=docs,
        default=default,
        formats=tuple(formats),
        data=data,
        origin=str(path),
        lexicons=lexicons,
    )
    try:
        kind.validate(rule)
    except RuleError as e:
        raise RuleError(f"{label}: {e}") from None
    return rule
