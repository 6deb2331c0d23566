"""Configuration: `[tool.disclosurelint]` in pyproject.toml or `.disclosurelint.toml`.

The file is found by walking up from the current directory. Selection takes codes or
prefixes; per-file-ignores, exclude, per-rule options and extend-rules adjust the run. Every
configuration or rule-file error exits 2 with one line naming the file and the key, and
never a traceback.
"""

import textwrap

import pytest

from disclosurelint import config as config_module
from disclosurelint.engine import Linter

from helpers import assert_clean_error, codes, json_findings, run_cli

# Line 2: a byline mismatch (DL301). Line 3: [TBD] at column 11 (DL201), {{ price }} at
# column 21 (DL202).
PAGE = (
    '<html><head><meta name="author" content="Jane Doe"></head><body>\n'
    "<p>By John Smith</p>\n"
    "<p>Price: [TBD] and {{ price }}</p>\n"
    "</body></html>\n"
)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def lint_json(cwd, *args):
    proc = run_cli("--format", "json", *args, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return json_findings(proc)


@pytest.fixture
def project(tmp_path):
    """tmp_path/site/deep/page.html holding PAGE; configs are written by each test."""
    write(tmp_path / "site" / "deep" / "page.html", PAGE)
    return tmp_path


def test_no_configuration_runs_the_default_rules(project):
    found = lint_json(project / "site" / "deep", "page.html")
    assert codes(found) == ["DL201", "DL202", "DL301"]


# -- finding the file ------------------------------------------------------------------------


def test_pyproject_tool_table_found_by_walking_up(project):
    write(project / "pyproject.toml", """
        [project]
        name = "site"

        [tool.disclosurelint]
        select = ["DL202"]
    """)
    found = lint_json(project / "site" / "deep", "page.html")
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("DL202", 3, 21)]


def test_dot_disclosurelint_toml_found_by_walking_up(project):
    write(project / ".disclosurelint.toml", 'select = ["DL201"]\n')
    found = lint_json(project / "site" / "deep", "page.html")
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("DL201", 3, 11)]


def test_pyproject_without_a_tool_table_is_skipped(project):
    write(project / "site" / "pyproject.toml", '[project]\nname = "x"\n')
    write(project / ".disclosurelint.toml", 'select = ["DL301"]\n')
    found = lint_json(project / "site" / "deep", "page.html")
    assert codes(found) == ["DL301"]


def test_nearest_configuration_wins(project):
    write(project / "pyproject.toml", '[tool.disclosurelint]\nselect = ["DL301"]\n')
    write(project / "site" / ".disclosurelint.toml", 'select = ["DL202"]\n')
    found = lint_json(project / "site" / "deep", "page.html")
    assert codes(found) == ["DL202"]


def test_explicit_config_option(project):
    write(project / "elsewhere" / "lint.toml", 'select = ["DL202"]\n')
    found = lint_json(project / "site" / "deep", "--config", project / "elsewhere" / "lint.toml", "page.html")
    assert codes(found) == ["DL202"]


def test_load_walks_up_from_the_current_directory(project, monkeypatch):
    cfg_path = write(project / "pyproject.toml", '[tool.disclosurelint]\nignore = ["DL3"]\n')
    monkeypatch.chdir(project / "site" / "deep")
    cfg = config_module.load()
    assert cfg.path.resolve() == cfg_path.resolve()
    assert cfg.ignore == ["DL3"]
    selected = Linter(cfg).selected
    assert "DL201" in selected and "DL202" in selected and "DL301" not in selected


# -- selection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "table, expected",
    [
        ('select = ["DL2"]', ["DL201", "DL202"]),
        ('select = ["DL201"]\nextend-select = ["DL3"]', ["DL201", "DL301"]),
        ('ignore = ["DL20"]', ["DL301"]),
        ('select = ["DL"]\nignore = ["DL202"]', ["DL201", "DL301"]),
        ('select = ["ALL"]\nignore = ["DL2"]', ["DL301"]),
    ],
    ids=["select-prefix", "extend-select", "ignore-prefix", "select-and-ignore", "all-minus-prefix"],
)
def test_selection_in_configuration(project, table, expected):
    write(project / ".disclosurelint.toml", table + "\n")
    assert codes(lint_json(project / "site" / "deep", "page.html")) == expected


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--select", "DL2"], ["DL201", "DL202"]),
        (["--select", "DL201,DL301"], ["DL201", "DL301"]),
        (["--select", "DL201", "--extend-select", "DL202"], ["DL201", "DL202"]),
        (["--ignore", "DL2"], ["DL301"]),
        (["--select", "DL2", "--ignore", "DL202"], ["DL201"]),
    ],
)
def test_selection_on_the_command_line(project, args, expected):
    assert codes(lint_json(project / "site" / "deep", *args, "page.html")) == expected


def test_command_line_select_overrides_configuration_select(project):
    write(project / ".disclosurelint.toml", 'select = ["DL301"]\n')
    assert codes(lint_json(project / "site" / "deep", "--select", "DL202", "page.html")) == ["DL202"]


# -- per-file-ignores and exclude ------------------------------------------------------------


def test_per_file_ignores(project):
    write(project / "site" / "drafts" / "draft.html", PAGE)
    write(project / ".disclosurelint.toml", """
        select = ["DL2"]
        [per-file-ignores]
        "site/drafts/*.html" = ["DL201"]
        "*.htm" = ["DL2"]
    """)
    write(project / "site" / "legacy.htm", PAGE)
    found = lint_json(project, "site")
    by_file = {}
    for f in found:
        by_file.setdefault(f["path"], []).append(f["code"])
    assert by_file == {
        "site/deep/page.html": ["DL201", "DL202"],
        "site/drafts/draft.html": ["DL202"],
    }


def test_exclude_in_configuration(project):
    write(project / "site" / "drafts" / "draft.html", PAGE)
    write(project / "site" / "notes.md", "Price: [TBD]\n")
    write(project / ".disclosurelint.toml", 'select = ["DL201"]\nexclude = ["drafts", "*.md"]\n')
    found = lint_json(project, "site")
    assert sorted({f["path"] for f in found}) == ["site/deep/page.html"]


# -- per-rule options ------------------------------------------------------------------------


def test_per_rule_severity(project):
    write(project / "pyproject.toml", """
        [tool.disclosurelint]
        select = ["DL201"]

        [tool.disclosurelint.rules.DL201]
        severity = "warning"
    """)
    cwd = project / "site" / "deep"
    found = lint_json(cwd, "page.html")
    assert [(f["code"], f["severity"]) for f in found] == [("DL201", "warning")]
    assert run_cli("page.html", cwd=cwd).returncode == 1  # warnings fail by default
    assert run_cli("--fail-on", "error", "page.html", cwd=cwd).returncode == 0


def test_extend_patterns_for_dl201(project):
    write(project / "site" / "deep" / "review.html", "<p>Battery life: NEEDS-REVIEW hours</p>\n")
    write(project / "pyproject.toml", r"""
        [tool.disclosurelint]
        select = ["DL201"]

        [tool.disclosurelint.rules.DL201]
        extend-patterns = ['\bNEEDS-REVIEW\b']
    """)
    found = lint_json(project / "site" / "deep", "review.html", "page.html")
    assert [(f["path"], f["code"], f["line"], f["column"], f["end_column"]) for f in found] == [
        ("review.html", "DL201", 1, 18, 30),
        ("page.html", "DL201", 3, 11, 16),  # the built-in patterns still apply
    ]


HOUSE_RULE = """
    rules:
      - code: HS101
        name: house-placeholder
        severity: error
        kind: forbidden
        message: "House placeholder '{match}' left in the page"
        patterns:
          - pattern: 'XYZZY'
            case: sensitive
"""


def test_extend_rules_adds_a_custom_forbidden_rule(project):
    write(project / "house-rules" / "house.yml", HOUSE_RULE)
    write(project / ".disclosurelint.toml", 'extend-rules = ["house-rules/"]\n')
    write(project / "site" / "deep" / "house.html", "<p>Intro.</p>\n<p>Our pick: XYZZY today</p>\n")
    cwd = project / "site" / "deep"
    found = lint_json(cwd, "house.html")
    assert [(f["code"], f["name"], f["line"], f["column"], f["end_column"]) for f in found] == [
        ("HS101", "house-placeholder", 2, 14, 19)
    ]
    assert found[0]["message"] == "House placeholder 'XYZZY' left in the page"
    listing = run_cli("--list-rules", cwd=cwd)
    assert listing.returncode == 0
    assert any(line.startswith("HS101") for line in listing.stdout.splitlines())


def test_extend_rules_is_relative_to_the_configuration_file(project):
    write(project / "house-rules" / "house.yml", HOUSE_RULE)
    write(project / "pyproject.toml", '[tool.disclosurelint]\nextend-rules = ["house-rules"]\nselect = ["HS"]\n')
    write(project / "site" / "deep" / "house.md", "Pick: XYZZY\n")
    found = lint_json(project / "site" / "deep", "house.md")
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("HS101", 1, 7)]


# -- errors ----------------------------------------------------------------------------------

CONFIG_ERRORS = {
    "unknown-key": ('bogus = 1\n', ["'bogus'"]),
    "wrong-type": ("select = 3\n", ["'select'"]),
    "wrong-type-in-list": ("ignore = [1, 2]\n", ["'ignore'"]),
    "per-file-ignores-not-a-table": ('per-file-ignores = ["x"]\n', ["'per-file-ignores'"]),
    "unknown-rule-code-in-rules": ('[rules.DL999]\nseverity = "warning"\n', ["rules.DL999"]),
    "bad-severity": ('[rules.DL201]\nseverity = "fatal"\n', ["rules.DL201.severity"]),
    "unknown-rule-option": ("[rules.DL201]\nbogus = 1\n", ["rules.DL201.bogus"]),
    "bad-extend-pattern": ("[rules.DL201]\nextend-patterns = ['(unclosed']\n", ["rules.DL201"]),
    "invalid-toml": ("select = [\n", ["TOML"]),
    "unknown-code-in-select": ('select = ["ZZ9"]\n', ["'select'", "ZZ9"]),
}


@pytest.mark.parametrize("text, mentions", CONFIG_ERRORS.values(), ids=CONFIG_ERRORS.keys())
def test_configuration_error_in_dot_file(project, text, mentions):
    cfg = write(project / ".disclosurelint.toml", text)
    proc = run_cli("page.html", cwd=project / "site" / "deep")
    assert_clean_error(proc, cfg, *mentions)


@pytest.mark.parametrize("text, mentions", CONFIG_ERRORS.values(), ids=CONFIG_ERRORS.keys())
def test_configuration_error_in_pyproject(project, text, mentions):
    if text.startswith("["):
        text = text.replace("[rules.", "[tool.disclosurelint.rules.")
        body = "[tool.disclosurelint]\n" + text
    else:
        body = "[tool.disclosurelint]\n" + text
    cfg = write(project / "pyproject.toml", body)
    proc = run_cli("page.html", cwd=project / "site" / "deep")
    assert_clean_error(proc, cfg, *mentions)


def test_missing_explicit_config_file(project):
    proc = run_cli("--config", "nope.toml", "page.html", cwd=project / "site" / "deep")
    assert_clean_error(proc, "nope.toml")


def test_missing_extend_rules_folder(project):
    write(project / ".disclosurelint.toml", 'extend-rules = ["no-such-rules/"]\n')
    proc = run_cli("page.html", cwd=project / "site" / "deep")
    assert_clean_error(proc, "no-such-rules")


RULE_FILE_ERRORS = {
    "invalid-yaml": ("rules:\n  - code: HS101\n    name: [unclosed\n", ["YAML"]),
    "unknown-kind": (
        "rules:\n  - code: HS101\n    name: house\n    kind: nonsense\n    message: m\n",
        ["HS101", "'kind'", "nonsense"],
    ),
    "bad-regex": (
        "rules:\n  - code: HS101\n    name: house\n    kind: forbidden\n    message: m\n"
        "    patterns: ['(unclosed']\n",
        ["HS101", "'patterns'"],
    ),
    "missing-message": (
        "rules:\n  - code: HS101\n    name: house\n    kind: forbidden\n    patterns: ['x']\n",
        ["HS101", "'message'"],
    ),
    "missing-patterns": (
        "rules:\n  - code: HS101\n    name: house\n    kind: forbidden\n    message: m\n",
        ["HS101", "'patterns'"],
    ),
    "duplicate-code": (
        "rules:\n  - code: DL201\n    name: house\n    kind: forbidden\n    message: m\n    patterns: ['x']\n",
        ["DL201"],
    ),
}


@pytest.mark.parametrize("text, mentions", RULE_FILE_ERRORS.values(), ids=RULE_FILE_ERRORS.keys())
def test_rule_file_error(project, text, mentions):
    rule_file = project / "house-rules" / "house.yml"
    rule_file.parent.mkdir()
    rule_file.write_text(text, encoding="utf-8")
    write(project / ".disclosurelint.toml", 'extend-rules = ["house-rules/"]\n')
    proc = run_cli("page.html", cwd=project / "site" / "deep")
    assert_clean_error(proc, rule_file, *mentions)


def test_rule_file_error_also_stops_list_rules(project):
    write(project / "house-rules" / "house.yml", "rules:\n  - code: HS101\n    name: [unclosed\n")
    write(project / ".disclosurelint.toml", 'extend-rules = ["house-rules/"]\n')
    proc = run_cli("--list-rules", cwd=project)
    assert_clean_error(proc, "house.yml")


# -- fail-on and severities ------------------------------------------------------------------


def test_fail_on_in_configuration(project):
    write(project / ".disclosurelint.toml", 'select = ["DL301"]\nfail-on = "error"\n')
    proc = run_cli("page.html", cwd=project / "site" / "deep")
    assert proc.returncode == 0  # DL301 is a warning
    assert "DL301 [warning]" in proc.stdout


def test_command_line_fail_on_overrides_configuration(project):
    write(project / ".disclosurelint.toml", 'select = ["DL301"]\nfail-on = "error"\n')
    assert run_cli("--fail-on", "warning", "page.html", cwd=project / "site" / "deep").returncode == 1


def test_info_severity_does_not_fail_by_default(project):
    write(project / ".disclosurelint.toml", 'select = ["DL201"]\n[rules.DL201]\nseverity = "info"\n')
    cwd = project / "site" / "deep"
    proc = run_cli("page.html", cwd=cwd)
    assert proc.returncode == 0
    assert "page.html:3:11: DL201 [info]" in proc.stdout
    assert run_cli("--fail-on", "info", "page.html", cwd=cwd).returncode == 1


def test_bad_fail_on_value(project):
    cfg = write(project / ".disclosurelint.toml", 'fail-on = "fatal"\n')
    assert_clean_error(run_cli("page.html", cwd=project / "site" / "deep"), cfg, "'fail-on'")


def test_per_file_ignores_apply_to_the_stdin_filename(project):
    write(project / ".disclosurelint.toml", '[per-file-ignores]\n"drafts/*" = ["DL201"]\n')
    proc = run_cli("--format", "json", "-", "--stdin-filename", "drafts/p.html", cwd=project,
                   input="<p>Price: [TBD]</p>\n")
    assert json_findings(proc) == []
    proc = run_cli("--format", "json", "-", "--stdin-filename", "final/p.html", cwd=project,
                   input="<p>Price: [TBD]</p>\n")
    assert [(f["path"], f["code"]) for f in json_findings(proc)] == [("final/p.html", "DL201")]
