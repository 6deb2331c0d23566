"""The pipeline for one page: decode → parse → checks → decisions.

`Linter` is built once per process from a Config (rules loaded, options checked, patterns
compiled); `Linter.lint` is then a pure function of (data, path, format).
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from . import decide, sources
from .checks import KINDS
from .config import Config, ConfigError
from .document import Span
from .findings import Finding, input_error
from .parse import MAX_DEPTH, ParseLimit, parse
from .rules import Rule, load_rules

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_COMMON_OPTIONS = {"severity": (str, "error, warning or info")}


def quote(value: object, limit: int = 80) -> str:
    """Page text shown in a message: one line, no control characters, not too long."""
    text = _CONTROL.sub("", " ".join(str(value).split()))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Linter:
    def __init__(self, config: Config | None = None, *, select=None, extend_select=(), ignore=(),
                 errors: list[str] | None = None):
        """Rules loaded and compiled for `config`. A problem in the configuration or in the
        user's rule files is a ConfigError or RuleError; with `errors` (the command line) it
        is recorded there and what it concerns is left out, so the rest still runs. The
        command line's own --select/--extend-select/--ignore are always strict."""
        self.config = config or Config()
        self.rules: dict[str, Rule] = load_rules(self.config.extend_rules, self.config.lexicons, errors)
        self._apply_options(errors)
        label = self.config.path or "configuration"

        def configured(selectors, where):
            if errors is None:
                decide.check_selectors(self.rules, selectors, where)
                return selectors
            kept = []
            for selector in selectors or ():
                try:
                    decide.check_selectors(self.rules, [selector], where)
                    kept.append(selector)
                except ConfigError as e:
                    errors.append(str(e))
            return kept if selectors is not None else None

        config_select = configured(self.config.select, f"{label}: key 'select'")
        if self.config.select and not config_select:
            config_select = None  # every code it named is unknown: the defaults run
        config_extend = configured(self.config.extend_select, f"{label}: key 'extend-select'")
        config_ignore = configured(self.config.ignore, f"{label}: key 'ignore'")
        for glob, codes in self.config.per_file_ignores.items():
            self.config.per_file_ignores[glob] = configured(codes, f"{label}: key 'per-file-ignores.{glob}'")
        decide.check_selectors(self.rules, select, "--select")
        decide.check_selectors(self.rules, extend_select, "--extend-select")
        decide.check_selectors(self.rules, ignore, "--ignore")
        self.selected = decide.select_codes(
            self.rules,
            select if select is not None else config_select,
            list(config_extend) + list(extend_select),
            list(config_ignore) + list(ignore),
        )
        self._states = {}
        for code in self.selected:
            rule = self.rules[code]
            self._states[code] = KINDS[rule.kind].prepare(rule)

    def _apply_options(self, errors: list[str] | None = None) -> None:
        label = self.config.path or "configuration"
        for code, options in self.config.rules.items():
            try:
                self._apply_rule_options(label, code, options)
            except ConfigError as e:
                if errors is None:
                    raise
                errors.append(str(e))

    def _apply_rule_options(self, label, code: str, options: dict) -> None:
        rule = self.rules.get(code)
        if rule is None:
            raise ConfigError(f"{label}: key 'rules.{code}': unknown rule code {code}")
        allowed = {**_COMMON_OPTIONS, **KINDS[rule.kind].OPTIONS}
        before = (rule.severity, dict(rule.options))
        try:
            for key, value in options.items():
                where = f"{label}: key 'rules.{code}.{key}'"
                if key not in allowed:
                    raise ConfigError(f"{where}: unknown option (options of {code}: {', '.join(sorted(allowed))})")
                typ, doc = allowed[key]
                if not isinstance(value, typ):
                    raise ConfigError(f"{where}: expected {doc}")
                if key == "severity":
                    if value not in ("error", "warning", "info"):
                        raise ConfigError(f"{where}: expected error, warning or info, got {value!r}")
                    rule.severity = value
                else:
                    rule.options[key] = value
            try:
                KINDS[rule.kind].validate(rule)
            except Exception as e:  # a bad user pattern in an option
                raise ConfigError(f"{label}: key 'rules.{code}': {e}") from None
        except ConfigError:
            rule.severity, rule.options = before  # the rule runs as if that table were not there
            raise

    # -- one page --------------------------------------------------------------------------
    def lint(self, data: bytes | str, path: str, fmt: str | None = None) -> list[Finding]:
        try:
            text = data if isinstance(data, str) else sources.decode(data)
        except sources.InputError as e:
            return [input_error(path, f"{path}: {e}")]
        fmt = fmt or sources.format_for(path, text)
        try:
            doc = parse(text, fmt, path, self.config.max_depth or MAX_DEPTH)
            findings = list(self._check(doc))
        except ParseLimit as e:  # nested too deeply: an input error at the place it happens
            return [Finding(path, e.line, e.column, e.line, e.column, "DL001", "unreadable-input", "error",
                            f"{path}: {e}")]
        except RecursionError:
            return [input_error(path, f"{path}: the page is nested too deeply to lint")]
        except Exception as e:  # never a traceback for one page; the run goes on
            return [input_error(path, f"{path}: internal error while linting ({type(e).__name__}: {e}); please report it")]
        findings = decide.apply(findings, doc, self.config, path)
        findings.sort(key=Finding.sort_key)
        return findings

    def _check(self, doc):
        for code in self.selected:
            rule = self.rules[code]
            if doc.format not in rule.formats:
                continue
            kind = KINDS[rule.kind]
            for hit in kind.check(doc, rule, self._states[code]):
                yield self._finding(doc.path, rule, hit.span, hit.values, hit.edits)

    @staticmethod
    def _finding(path: str, rule: Rule, span: Span, values: dict, edits=()) -> Finding:
        safe = _Values({k: quote(v) if isinstance(v, str) else v for k, v in values.items()})
        message = string.Formatter().vformat(rule.message, (), safe)
        return Finding(
            path=path,
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            code=rule.code,
            name=rule.name,
            severity=rule.severity,
            message=message,
            fix=rule.fix,
            edits=tuple(edits),
        )


_CACHE: dict[tuple, Linter] = {}


def lint_source(data: bytes | str, *, path: str, format: str | None = None, config: Config | None = None) -> list[Finding]:
    """Lint one page given as bytes or text. Pure: the same input gives the same findings.

    The Linter for a configuration is built once per process and reused, so mapping this
    function over many pages (a process pool, Dask, Spark) pays for rule loading once.
    """
    cfg = config or Config()
    key = cfg.key() + (tuple(cfg.select or ()), tuple(cfg.extend_select), tuple(cfg.ignore))
    linter = _CACHE.get(key)
    if linter is None:
        linter = _CACHE[key] = Linter(cfg)
    return linter.lint(data, path, format)


def rules_for(config: Config | None = None) -> dict[str, Rule]:
    cfg = config or Config()
    return load_rules(cfg.extend_rules, cfg.lexicons)


__all__ = ["Linter", "lint_source", "rules_for", "Path"]
