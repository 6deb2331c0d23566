"""Which links are affiliate links, from the `affiliate-*` lexicons.

Host entries are `host[/path-prefix][?param]`: the host matches itself and its subdomains;
a `*` label matches any one label or a two-part country suffix (`amazon.*` is amazon.com,
amazon.co.uk, amazon.de ...); `/path` limits the match to that path prefix; `?param` requires
that query parameter. Parameter entries are `name` or `name=value`. Path entries are whole
first path segments (`go` matches /go/x, not /golang/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

_TLD = r"(?:[a-z]{2,6}|com?\.[a-z]{2}|[a-z]{2,3}\.[a-z]{2})"


@dataclass(frozen=True)
class HostRule:
    host: re.Pattern
    path: str
    param: str | None
    source: str


def _host_rule(entry: str) -> HostRule:
    entry = entry.strip().lower()
    param = None
    if "?" in entry:
        entry, param = entry.split("?", 1)
    host, _, path = entry.partition("/")
    labels = [(_TLD if (lab == "*" and i == len(host.split(".")) - 1) else r"[a-z0-9-]+" if lab == "*" else re.escape(lab))
              for i, lab in enumerate(host.split("."))]
    if host.startswith("*."):
        labels = labels[1:]
    pattern = r"(?:^|\.)" + r"\.".join(labels) + r"$"
    return HostRule(re.compile(pattern), "/" + path if path else "", param, entry)


def _any(rules: list[HostRule]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{r.host.pattern})" for r in rules)) if rules else None


class LinkClassifier:
    def __init__(self, hosts, params, paths, exclude_hosts=(), rel=("sponsored",)):
        self.hosts = [_host_rule(h) for h in hosts]
        self.params = {}
        for p in params:
            name, _, value = str(p).lower().partition("=")
            self.params.setdefault(name, set()).add(value)
        self.paths = {str(p).strip("/").lower() for p in paths}
        self.exclude = [_host_rule(h) for h in exclude_hosts]
        self.rel = set(rel)
        # One pass per host to rule out the common case (no rule matches) before trying each.
        self._any_host = _any(self.hosts)
        self._any_exclude = _any(self.exclude)
        self._cache: dict[tuple[str, frozenset], str | None] = {}

    def why(self, href: str, rel: frozenset = frozenset()) -> str | None:
        """Why `href` is an affiliate link (for messages), or None. Sites repeat their links
        on every page, so answers are remembered (a bounded cache per classifier)."""
        key = (href, rel)
        try:
            return self._cache[key]
        except KeyError:
            pass
        if len(self._cache) > 8192:
            self._cache.clear()
        answer = self._cache[key] = self._why(href, rel)
        return answer

    def _why(self, href: str, rel: frozenset) -> str | None:
        if self.rel & rel:
            return 'rel="sponsored"'
        href = href.strip().replace("&amp;", "&")
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            return None
        try:
            parts = urlsplit(href if "//" in href or href.startswith("/") else "//" + href if re.match(r"^[\w-]+(\.[\w-]+)+/", href) else href)
        except ValueError:
            return None
        if parts.scheme and parts.scheme not in ("http", "https", ""):
            return None
        host = (parts.hostname or "").lower()
        path = parts.path or "/"
        query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
        if host and self._any_exclude is not None and self._any_exclude.search(host):
            return None
        if host and self._any_host is not None and self._any_host.search(host):
            for r in self.hosts:
                if r.host.search(host) and path.lower().startswith(r.path) and (r.param is None or r.param in query):
                    return f"{r.source}" + (f"?{r.param}=" if r.param else "")
        for name, values in self.params.items():
            if name in query and ("" in values or query[name].lower() in values):
                return f"{name}=" if "" in values else f"{name}={query[name]}"
        first = path.strip("/").split("/", 1)[0].lower()
        if first in self.paths and (host or href.startswith("/")):
            return f"/{first}/ redirect"
        return None

    def affiliate_links(self, doc):
        return [link for link in doc.links if self.why(link.href, link.rel)]
