"""Configuration: `[tool.disclosurelint]` in pyproject.toml, or a `.disclosurelint.toml`.

The file is found by walking up from the current directory (the first directory with a
`.disclosurelint.toml`, or a `pyproject.toml` that has a `[tool.disclosurelint]` table), or
named with `--config`. Unknown keys and wrong types are errors naming the file and key.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import SEVERITIES


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


@dataclass
class Config:
    path: Path | None = None  # the file it came from
    root: Path = field(default_factory=Path.cwd)  # paths in the file are relative to this
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    extend_rules: list[Path] = field(default_factory=list)
    fail_on: str = "warning"
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> options
    lexicons: dict[str, list[str]] = field(default_factory=dict)  # extends rules/ lexicons
    output_format: str | None = None  # --format's default; never changes findings
    # Fetching URLs and sitemaps; None means "not set here" (the command line or the default
    # in web.FetchOptions decides). They never change findings, so key() leaves them out.
    fetch: dict[str, Any] = field(default_factory=dict)  # FetchOptions field -> value
    sitemap_include: list[str] = field(default_factory=list)
    sitemap_exclude: list[str] = field(default_factory=list)
    sitemap_depth: int | None = None
    max_pages: int | None = None
    max_sitemaps: int | None = None
    # Limits on what one page may cost (None: the default in sources.MAX_BYTES, parse.MAX_DEPTH).
    max_file_size: int | None = None
    max_depth: int | None = None

    def key(self) -> tuple:
        """What identifies a built linter (rules and options), for caching per process."""
        return (
            tuple(str(p) for p in self.extend_rules),
            repr(sorted((k, sorted(v.items())) for k, v in self.rules.items())),
            repr(sorted(self.lexicons.items())),
            self.max_depth,
        )


def _str_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return list(value)


MAX_DEPTH_LIMIT = 2048  # libxml2 stops at 2048 levels anyway
# The largest values the options and keys take: beyond them a value is a mistake, and one that
# would exhaust memory (a read buffer), threads or processes, or overflow a clock.
MAX_SIZE = 1 << 30  # --max-file-size, --max-bytes: 1 GiB
MAX_SECONDS = 86400.0  # --timeout, --delay: a day
MAX_CONCURRENCY = 256  # --concurrency
MAX_JOBS = 256  # -j
MAX_SITEMAP_DEPTH = 100  # --sitemap-depth (each level is one nested generator)

_KEYS = {
    "select": "a list of rule codes or prefixes",
    "extend-select": "a list of rule codes or prefixes",
    "ignore": "a list of rule codes or prefixes",
    "per-file-ignores": "a table of glob = [codes]",
    "exclude": "a list of glob patterns",
    "extend-rules": "a list of folders of rule files",
    "fail-on": "error, warning or info",
    "output-format": "an output format (text, concise, full, json, json-lines, sarif, junit, github, gitlab)",
    "rules": "a table of per-rule tables ([tool.disclosurelint.rules.DL201])",
    "affiliate-hosts": "a list of hosts (host[/path][?param]) whose links are affiliate links",
    "affiliate-params": "a list of query parameters (name or name=value) that mark affiliate links",
    "affiliate-paths": "a list of first path segments that mark cloaked affiliate redirects",
    "exclude-hosts": "a list of hosts (e.g. your own) whose links are never affiliate links",
    "disclosure-phrases": "a table of language = [patterns] (or a list, for English)",
    # Fetching URLs and sitemaps (see web.FetchOptions).
    "timeout": "a number of seconds above 0 and at most 86400 (the total time allowed to fetch one page)",
    "max-bytes": "a size above 0 and at most 1G, in bytes or a string such as \"10M\" or \"512K\"",
    "max-redirects": "a whole number, 0 or more",
    "user-agent": "a string",
    "compression": "true or false (ask for gzip/deflate)",
    "concurrency": "a whole number from 1 to 256 (pages fetched at once)",
    "delay": "a number of seconds from 0 to 86400, between fetches from one host",
    "ignore-robots": "true or false",
    "allow-private-addresses": "true or false (follow redirects and sitemap entries to non-public addresses)",
    "sitemap-include": "a list of regular expressions",
    "sitemap-exclude": "a list of regular expressions",
    "sitemap-depth": "a whole number from 0 to 100 (levels of sitemap index followed)",
    "max-pages": "a whole number, 1 or more",
    "max-sitemaps": "a whole number, 1 or more (sitemaps read in one crawl, indexes included)",
    # Limits on one page.
    "max-file-size": "a size above 0 and at most 1G, in bytes or a string such as \"64M\" (largest file or standard input read)",
    "max-depth": f"a whole number from 1 to {MAX_DEPTH_LIMIT} (deepest nesting of elements linted)",
}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*", re.I)


def parse_size(value: Any) -> int | None:
    """Bytes from 10485760, "10M", "10 MiB", "512k"; None if it is not a size from 1 byte to
    MAX_SIZE (a larger limit would only be a way to run out of memory)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_SIZE else None
    if not isinstance(value, str) or len(value) > 40:
        return None
    m = _SIZE.fullmatch(value)
    if not m:
        return None
    n = int(float(m.group(1)) * {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[m.group(2).lower()])
    return n if 0 < n <= MAX_SIZE else None


def _number(value: Any, where: str, doc: str, *, minimum: float, exclusive: bool = False, whole: bool = False,
            maximum: float | None = None):
    """`value` if it is a number of the right kind in range; TOML's nan and inf never are."""
    ok_type = isinstance(value, int) if whole else isinstance(value, (int, float))
    if (isinstance(value, bool) or not ok_type or not math.isfinite(value) or value < minimum
            or (exclusive and value == minimum) or (maximum is not None and value > maximum)):
        raise ConfigError(f"{where}: expected {doc}, got {value!r}")
    return value


def _patterns(value: Any, where: str, flags: int = 0) -> list[str]:
    """Regular expressions: each must compile and be safe from catastrophic backtracking
    (they run on text that pages and sitemaps control)."""
    from . import regex_safety

    patterns = _str_list(value, where)
    for p in patterns:
        why = regex_safety.unusable(p, flags)
        if why:
            raise ConfigError(f"{where}: {why}")
    return patterns


def _fetch_key(cfg: Config, key: str, value: Any, where: str) -> None:
    """The keys for fetching URLs and sitemaps."""
    doc = _KEYS[key]
    if key == "timeout":
        cfg.fetch["timeout"] = float(_number(value, where, doc, minimum=0, exclusive=True, maximum=MAX_SECONDS))
    elif key == "max-bytes":
        n = parse_size(value)
        if n is None:
            raise ConfigError(f"{where}: expected {doc}, got {value!r}")
        cfg.fetch["max_bytes"] = n
    elif key == "max-redirects":
        cfg.fetch["max_redirects"] = _number(value, where, doc, minimum=0, whole=True)
    elif key == "concurrency":
        cfg.fetch["concurrency"] = _number(value, where, doc, minimum=1, whole=True, maximum=MAX_CONCURRENCY)
    elif key == "delay":
        cfg.fetch["delay"] = float(_number(value, where, doc, minimum=0, maximum=MAX_SECONDS))
    elif key == "allow-private-addresses":
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected {doc}, got {value!r}")
        cfg.fetch["allow_private_addresses"] = value
    elif key in ("user-agent", "compression", "ignore-robots"):
        if not isinstance(value, str if key == "user-agent" else bool) or (key == "user-agent" and not value.strip()):
            raise ConfigError(f"{where}: expected {doc}, got {value!r}")
        if key == "user-agent":
            cfg.fetch["user_agent"] = value.strip()
        elif key == "compression":
            cfg.fetch["compression"] = value
        else:
            cfg.fetch["robots"] = not value
    elif key == "sitemap-include":
        cfg.sitemap_include = _patterns(value, where)
    elif key == "sitemap-exclude":
        cfg.sitemap_exclude = _patterns(value, where)
    elif key == "sitemap-depth":
        cfg.sitemap_depth = _number(value, where, doc, minimum=0, whole=True, maximum=MAX_SITEMAP_DEPTH)
    elif key == "max-pages":
        cfg.max_pages = _number(value, where, doc, minimum=1, whole=True)
    elif key == "max-sitemaps":
        cfg.max_sitemaps = _number(value, where, doc, minimum=1, whole=True)


_FETCH_KEYS = frozenset({
    "timeout", "max-bytes", "max-redirects", "user-agent", "compression", "concurrency", "delay",
    "ignore-robots", "allow-private-addresses", "sitemap-include", "sitemap-exclude", "sitemap-depth", "max-pages",
    "max-sitemaps",
})
# Configuration keys that extend a lexicon of the same name in rules/.
_LEXICON_KEYS = ("affiliate-hosts", "affiliate-params", "affiliate-paths", "exclude-hosts")


def from_mapping(data: dict, path: Path | None, label: str, errors: list[str] | None = None) -> Config:
    """The configuration in `data`. A bad key is a ConfigError; with `errors`, it is recorded
    there instead and the key is left out (the command line goes on with the rest)."""
    root = path.parent if path else Path.cwd()
    cfg = Config(path=path, root=root)
    if not isinstance(data, dict):
        raise ConfigError(f"{label}: expected a table")
    for key, value in data.items():
        where = f"{label}: key '{key}'"
        try:
            _apply_key(cfg, key, value, where, root)
        except ConfigError as e:
            if errors is None:
                raise
            errors.append(str(e))
    return cfg


def _apply_key(cfg: Config, key: str, value: Any, where: str, root: Path) -> None:
    if key not in _KEYS:
        raise ConfigError(f"{where}: unknown key (known keys: {', '.join(sorted(_KEYS))})")
    if key == "select":
        cfg.select = _str_list(value, where)
    elif key == "extend-select":
        cfg.extend_select = _str_list(value, where)
    elif key == "ignore":
        cfg.ignore = _str_list(value, where)
    elif key == "exclude":
        cfg.exclude = _str_list(value, where)
    elif key == "extend-rules":
        cfg.extend_rules = [(root / p).resolve() for p in _str_list(value, where)]
    elif key == "fail-on":
        if value not in SEVERITIES:
            raise ConfigError(f"{where}: expected {_KEYS[key]}, got {value!r}")
        cfg.fail_on = value
    elif key == "output-format":
        from .formats import FORMATTERS

        if value not in FORMATTERS:
            raise ConfigError(f"{where}: expected one of {', '.join(sorted(FORMATTERS))}, got {value!r}")
        cfg.output_format = value
    elif key == "per-file-ignores":
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected {_KEYS[key]}")
        cfg.per_file_ignores = {g: _str_list(v, f"{where}.{g}") for g, v in value.items()}
    elif key in _LEXICON_KEYS:
        cfg.lexicons[key] = _str_list(value, where)
    elif key == "disclosure-phrases":
        if isinstance(value, list):
            phrases = {"en": _patterns(value, where, re.I)}
        elif isinstance(value, dict):
            phrases = {lang.lower(): _patterns(patterns, f"{where[:-1]}.{lang}'", re.I) for lang, patterns in value.items()}
        else:
            raise ConfigError(f"{where}: expected {_KEYS[key]}")
        for lang, patterns in phrases.items():
            cfg.lexicons[f"disclosure-phrases.{lang}"] = patterns
    elif key == "max-file-size":
        n = parse_size(value)
        if n is None:
            raise ConfigError(f"{where}: expected {_KEYS[key]}, got {value!r}")
        cfg.max_file_size = n
    elif key == "max-depth":
        depth = _number(value, where, _KEYS[key], minimum=1, whole=True)
        if depth > MAX_DEPTH_LIMIT:
            raise ConfigError(f"{where}: expected {_KEYS[key]}, got {value!r}")
        cfg.max_depth = depth
    elif key in _FETCH_KEYS:
        _fetch_key(cfg, key, value, where)
    elif key == "rules":
        if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
            raise ConfigError(f"{where}: expected {_KEYS[key]}")
        cfg.rules = {code.upper(): dict(opts) for code, opts in value.items()}


MAX_CONFIG_BYTES = 4 * 1024 * 1024  # a configuration file larger than this is refused


def _read_toml(path: Path) -> dict:
    """A TOML file's table; ConfigError (one line naming the file) when it cannot be read (not
    a regular file, over MAX_CONFIG_BYTES, not UTF-8) or is not TOML."""
    from .sources import InputError, read_regular

    try:
        return tomllib.loads(read_regular(path, MAX_CONFIG_BYTES).decode("utf-8"))
    except InputError as e:
        raise ConfigError(f"{path}: cannot read configuration: {e}") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: cannot read configuration: not UTF-8 ({e.reason} at byte {e.start})") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None


def _tool_table(data: dict) -> dict:
    """pyproject.toml's `tool` table; {} when it is missing or is not a table (then the file
    holds no configuration of ours)."""
    tool = data.get("tool")
    return tool if isinstance(tool, dict) else {}


def load_file(path: Path, errors: list[str] | None = None) -> Config:
    """The configuration in a file. With `errors`, a file that cannot be read or parsed, or
    whose table is not a table, is recorded there and the defaults are used, and bad keys are
    left out (see from_mapping)."""
    try:
        data = _read_toml(path)
        if path.name == "pyproject.toml":
            return from_mapping(_tool_table(data).get("disclosurelint", {}), path, f"{path} [tool.disclosurelint]", errors)
        if "disclosurelint" in _tool_table(data):
            data = data["tool"]["disclosurelint"]
        return from_mapping(data, path, str(path), errors)
    except ConfigError as e:
        if errors is None:
            raise
        errors.append(f"{e}; linting with the default configuration")
        return Config(path=path, root=path.parent)


def find_config(start: Path | None = None, errors: list[str] | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / ".disclosurelint.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = _read_toml(candidate)
            except ConfigError:
                if errors is None:
                    raise
                return candidate  # load_file reports it, once
            if "disclosurelint" in _tool_table(data):
                return candidate
    return None


def load(explicit: str | None = None, errors: list[str] | None = None) -> Config:
    """The configuration named, or found by walking up. With `errors` (the command line),
    problems in it are recorded there and linting goes on without them."""
    if explicit:
        path = Path(explicit)
        if not path.exists():
            raise ConfigError(f"{explicit}: configuration file not found")
        return load_file(path, errors)
    found = find_config(errors=errors)
    return load_file(found, errors) if found else Config()
