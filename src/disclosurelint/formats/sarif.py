"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run: `tool.driver` describes the rules that ran (id, name, short and full description,
help text, a help URI into docs/rules.md, default level), and each finding is a result with
its rule, level, message, location (the path as given; URLs stay URLs) and region. Columns
count Unicode code points, as disclosurelint's do, and say so (`columnKind`); `endColumn` is
exclusive in SARIF too. Each result carries a fingerprint that survives edits elsewhere in the
file (see baseline.py), so code scanning keeps tracking an alert when lines move.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..baseline import fingerprints
from ..docs import PROJECT_URL, help_uri, section, short_description
from ..sources import is_url
from .base import Formatter
from .escape import cap, json_dumps, message, uri_safe

SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_INPUT_ERROR = {  # DL001 is not a rule in rules/, but its results need a descriptor
    "id": "DL001",
    "name": "unreadable-input",
    "shortDescription": {"text": "Unreadable input"},
    "fullDescription": {"text": "An input that could not be read, fetched or decoded, so it was not linted."},
    "defaultConfiguration": {"level": "error"},
}


def artifact_uri(path: str) -> str:
    """A path as a URI reference: relative paths stay relative (percent-encoded where URIs
    need it, byte by byte, so a file name that is not UTF-8 is kept exactly), absolute ones
    become file: URIs, URLs stay as they are but for controls (percent-encoded) and length."""
    if is_url(path):
        return cap(uri_safe(path))
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(os.fsencode(path.replace(os.sep, "/")), safe="/!$&'()*+,;=@~")


def rule_descriptor(rule) -> dict:
    what = " ".join(str(rule.docs.get("what") or "").split())
    descriptor = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": short_description(rule)},
        "fullDescription": {"text": what or short_description(rule)},
        "help": {"text": rule.explain(), "markdown": section(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }
    uri = help_uri(rule)
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


class SarifFormatter(Formatter):
    needs_source = True

    def __init__(self, stream, **options):
        super().__init__(stream, **options)
        self.results: list[dict] = []
        self.codes: set[str] = set()

    def handle(self, findings, *, path=None, source=None) -> None:
        if not findings:
            return
        prints = fingerprints(findings, path or findings[0].path, source)
        for f, fingerprint in zip(findings, prints):
            self.codes.add(f.code)
            region = {"startLine": f.line, "startColumn": f.column}
            if (f.end_line, f.end_column) > (f.line, f.column):
                region.update(endLine=f.end_line, endColumn=f.end_column)
            result = {
                "ruleId": f.code,
                "level": LEVELS.get(f.severity, "warning"),
                "message": {"text": message(f.message)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(f.path)},
                    "region": region,
                }}],
                "partialFingerprints": {"disclosurelint/v1": fingerprint},
            }
            self.results.append(result)

    def finish(self, summary) -> None:
        descriptors = [rule_descriptor(rule) for rule in self.rules.values()]
        if "DL001" in self.codes:
            descriptors.insert(0, dict(_INPUT_ERROR))
        known = {d["id"] for d in descriptors}
        for code in sorted(self.codes - known):  # defensive: a finding whose rule did not run
            descriptors.append({"id": code})
        index = {d["id"]: i for i, d in enumerate(descriptors)}
        for result in self.results:
            result["ruleIndex"] = index[result["ruleId"]]
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "disclosurelint",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": PROJECT_URL,
                    "rules": descriptors,
                }},
                "invocations": [{"executionSuccessful": "DL001" not in self.codes}],
                "columnKind": "unicodeCodePoints",
                "results": self.results,
            }],
        }
        self.stream.write(json_dumps(log, indent=2) + "\n")
