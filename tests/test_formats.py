"""Output formats: sarif, junit, github, gitlab, json-lines, concise, full; --output-file,
--statistics and the default format.

Every format is a formatter over the same findings, so the tests check each one's contract
(valid SARIF, parseable JUnit, one safe workflow command per finding, stable Code Quality
fingerprints) and that page text cannot escape into the terminal or into a CI runner.
"""

import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from disclosurelint.findings import Finding
from disclosurelint.formats import FORMATTERS
from disclosurelint.formats.escape import one_line, xml_text
from disclosurelint.formats.text import _mark
from disclosurelint.rules import load_rules

from helpers import CORPUS_DEV, REPO, SHARED, json_findings, render, run_cli

BAD = "<p>Intro.</p>\n<p>Price: [TBD] and {{ price }}</p>\n"  # DL201 at 2:11, DL202 at 2:21
CLEAN = "<html><head><title>Fine</title></head><body><p>Nothing to see.</p></body></html>\n"
# Page text that tries to reach the terminal or the runner: an escape sequence, a bell, an OSC
# title change, a percent sign, a workflow command, and a line break inside the template token.
EVIL = (
    "<p>Intro.</p>\n"
    "<p>Price: {{ 100% %0A %25 ::error file=x.html::pwned \x1b[31mRED\x1b[0m \x07 \x1b]0;title\x07\n"
    "::warning::more }}</p>\n"
)
SCHEMA = SHARED / "schemas" / "sarif-2.1.0.json"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colour codes the text formats themselves write


@pytest.fixture
def pages(tmp_path):
    (tmp_path / "bad.html").write_text(BAD, encoding="utf-8")
    (tmp_path / "clean.html").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "evil.html").write_text(EVIL, encoding="utf-8")
    return tmp_path


def finding(path="page.html", line=1, column=1, end_line=None, end_column=None, code="DL201",
            severity="error", message="Placeholder '[TBD]' left in the page", fix="Write it"):
    return Finding(path, line, column, end_line or line, end_column or column + 5, code,
                   "placeholder-text", severity, message, fix)


# -- SARIF -----------------------------------------------------------------------------------


def sarif_validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_of_the_dev_corpus_is_valid_sarif_2_1_0(tmp_path):
    proc = run_cli("--format", "sarif", "--extend-select", "ALL", CORPUS_DEV, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout)
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    run = log["runs"][0]
    assert len(run["results"]) > 50  # the corpus is full of findings: this is not a vacuous pass
    # The same findings as the JSON output, in the same order.
    plain = json_findings(run_cli("--format", "json", "--extend-select", "ALL", CORPUS_DEV, cwd=tmp_path))
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]] == [
        (f["code"], f["line"]) for f in plain
    ]


def test_sarif_describes_every_rule_that_ran(pages):
    log = json.loads(run_cli("--format", "sarif", "bad.html", cwd=pages).stdout)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "disclosurelint" and driver["version"]
    rules = {r["id"]: r for r in driver["rules"]}
    builtin = load_rules()
    assert set(rules) == {code for code, rule in builtin.items() if rule.default}
    dl201 = rules["DL201"]
    assert dl201["name"] == "placeholder-text"
    assert dl201["shortDescription"]["text"] == "Placeholder text"
    assert dl201["fullDescription"]["text"].startswith("Reports editor placeholders")
    assert dl201["helpUri"].endswith("/docs/rules.md#dl201-placeholder-text")
    assert dl201["help"]["text"] == builtin["DL201"].explain()
    assert dl201["defaultConfiguration"]["level"] == "error"
    assert rules["DL301"]["defaultConfiguration"]["level"] == "warning"


def test_sarif_results_have_rule_level_message_and_region(pages):
    log = json.loads(run_cli("--format", "sarif", "./bad.html", cwd=pages).stdout)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    first, second = run["results"]
    assert first["ruleId"] == "DL201" and first["level"] == "error"
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "DL201"
    assert "[TBD]" in first["message"]["text"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "./bad.html"  # the path as given
    assert location["region"] == {"startLine": 2, "startColumn": 11, "endLine": 2, "endColumn": 16}
    assert second["ruleId"] == "DL202"
    assert first["partialFingerprints"]["disclosurelint/v1"] != second["partialFingerprints"]["disclosurelint/v1"]


def test_sarif_levels_uris_and_input_errors():
    rules = load_rules()
    out = render("sarif", [
        ("https://example.com/a b?x=1", [finding("https://example.com/a b?x=1", severity="info")], None),
        ("dir/my page.html", [finding("dir/my page.html", severity="warning")], "<p>[TBD]</p>"),
        ("gone.html", [Finding("gone.html", 1, 1, 1, 1, "DL001", "unreadable-input", "error", "gone.html: no such file")], None),
    ], rules={"DL201": rules["DL201"]})
    log = json.loads(out)
    assert not list(sarif_validator().iter_errors(log))
    run = log["runs"][0]
    url, spaced, missing = run["results"]
    assert url["level"] == "note"
    assert url["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "https://example.com/a b?x=1"
    assert spaced["level"] == "warning"
    assert spaced["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir/my%20page.html"
    assert missing["ruleId"] == "DL001" and missing["level"] == "error"
    assert missing["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1}
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["DL001", "DL201"]
    assert run["invocations"] == [{"executionSuccessful": False}]


def test_sarif_of_a_clean_run_is_valid_with_no_results(pages):
    log = json.loads(run_cli("--format", "sarif", "clean.html", cwd=pages).stdout)
    assert not list(sarif_validator().iter_errors(log))
    assert log["runs"][0]["results"] == []


def test_user_rules_have_no_help_uri(tmp_path):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "house.yml").write_text(
        "rules:\n"
        "  - code: HS1\n"
        "    name: house-placeholder\n"
        "    kind: forbidden\n"
        "    message: \"House placeholder {match}\"\n"
        "    patterns: ['XXNAMEXX']\n"
        "    docs: {what: Reports XXNAMEXX.}\n",
        encoding="utf-8",
    )
    (tmp_path / ".disclosurelint.toml").write_text('extend-rules = ["house"]\nselect = ["HS1"]\n', encoding="utf-8")
    (tmp_path / "page.md").write_text("Hello XXNAMEXX.\n", encoding="utf-8")
    proc = run_cli("--format", "sarif", "page.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout)
    assert not list(sarif_validator().iter_errors(log))
    (rule,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "HS1" and "helpUri" not in rule  # docs/rules.md documents built-in rules only
    assert rule["fullDescription"]["text"] == "Reports XXNAMEXX."


# -- JUnit -----------------------------------------------------------------------------------


def test_junit_is_xml_with_one_testcase_per_file(pages):
    proc = run_cli("--format", "junit", "bad.html", "clean.html", "missing.html", cwd=pages)
    assert proc.returncode == 2  # missing.html is DL001
    root = ET.fromstring(proc.stdout.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["bad.html", "clean.html", "missing.html"]
    bad, clean, missing = cases
    assert [f.get("type").split()[0] for f in bad.findall("failure")] == ["DL201", "DL202"]
    assert "bad.html:2:11: DL201" in bad.find("failure").text
    assert list(clean) == []  # a clean file is a passing test case
    assert missing.find("error") is not None and not missing.findall("failure")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "1")


def test_junit_of_a_corpus_parses(tmp_path):
    proc = run_cli("--format", "junit", CORPUS_DEV, cwd=tmp_path)
    suite = ET.fromstring(proc.stdout.encode("utf-8")).find("testsuite")
    pages = sorted(p for p in CORPUS_DEV.iterdir() if p.suffix in (".html", ".md"))
    assert len(suite.findall("testcase")) == len(pages)


def test_junit_strips_characters_xml_cannot_carry():
    message = "Placeholder 'a\x00b\x01c\x1b[31md\x0be\x7f' left \ud800 in the page"
    out = render("junit", [("we\x1fird.html", [finding("we\x1fird.html", message=message)], None)])
    root = ET.fromstring(out.encode("utf-8"))  # raises if anything illegal got through
    case = root.find("testsuite/testcase")
    assert case.get("name") == '"we\\x1fird.html"'  # an odd name is quoted, losslessly (escape.path)
    failure = case.find("failure")
    assert "Placeholder 'abcde' left \\xed\\xa0\\x80 in the page" in failure.get("message")  # a lone surrogate: its bytes
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", failure.text)


def test_xml_text_keeps_tab_and_newline():
    assert xml_text("a\tb\nc\x00d\x1b[1me") == "a\tb\ncde"


# -- GitHub ----------------------------------------------------------------------------------


def unescape_data(text):
    """As the Actions runner does for a command's message."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text):
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


def parse_command(line):
    """A workflow command line, parsed the way the runner parses `::name k=v,k=v::message`."""
    assert line.startswith("::"), line
    end = line.index("::", 2)
    info, data = line[2:end], line[end + 2:]
    name, _, props = info.partition(" ")
    properties = {}
    for pair in filter(None, props.split(",")):
        key, _, value = pair.partition("=")
        properties[key] = unescape_property(value)
    return name, properties, unescape_data(data)


def test_github_annotations(pages):
    proc = run_cli("--format", "github", "bad.html", "clean.html", cwd=pages)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 2
    name, props, message = parse_command(lines[0])
    assert name == "error"
    assert props == {"file": "bad.html", "line": "2", "endLine": "2", "col": "11", "endColumn": "16",
                     "title": "DL201 placeholder-text"}
    assert message.startswith("bad.html:2:11: DL201 Placeholder '[TBD]'")


def test_github_output_of_hostile_page_text_round_trips(pages):
    proc = run_cli("--format", "github", "evil.html", cwd=pages)
    assert proc.returncode == 1, proc.stderr
    expected = json_findings(run_cli("--format", "json", "evil.html", cwd=pages))
    assert [f["code"] for f in expected] == ["DL202"]
    lines = proc.stdout.splitlines()
    assert len(lines) == 1  # one finding, one line: the page's newline and "::" start nothing
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", proc.stdout.rstrip("\n"))
    name, props, message = parse_command(lines[0])
    assert name == "error" and props["file"] == "evil.html"
    # What the runner shows is exactly the message disclosurelint wrote (escapes removed).
    assert message == f"evil.html:2:{expected[0]['column']}: DL202 {expected[0]['message']}"
    assert "100% %0A %25 ::error file=x.html::pwned" in message
    assert "\x1b" not in message and "\x07" not in message


def test_github_escapes_properties_so_a_path_cannot_add_one():
    path = "posts/a,line=99:b%c\nd.html"
    info = finding(path, line=3, column=4, severity="info", message="m%\r\nx\x1b[2Jy")
    out = render("github", [(path, [info], None)])
    assert out.count("\n") == 1
    name, props, message = parse_command(out.rstrip("\n"))
    assert name == "notice"
    quoted = '"posts/a,line=99:b%c\\nd.html"'  # a name with a line break is quoted (escape.path)
    assert props["file"] == quoted and props["line"] == "3"
    assert message == f"{quoted}:3:4: DL201 m%\r\nxy"


def test_github_multi_line_span_has_no_columns():
    f = finding(line=3, column=4, end_line=5, end_column=2)
    name, props, _ = parse_command(render("github", [("page.html", [f], None)]).rstrip("\n"))
    assert (props["line"], props["endLine"]) == ("3", "5") and "col" not in props and "endColumn" not in props


# -- GitLab Code Quality ---------------------------------------------------------------------


def test_gitlab_code_quality(pages):
    proc = run_cli("--format", "gitlab", "bad.html", "clean.html", cwd=pages)
    issues = json.loads(proc.stdout)
    assert [i["check_name"] for i in issues] == ["DL201", "DL202"]
    first = issues[0]
    assert set(first) == {"description", "check_name", "fingerprint", "severity", "location"}
    assert first["severity"] == "major"
    assert first["location"] == {"path": "bad.html", "lines": {"begin": 2, "end": 2}}
    assert first["description"].startswith("DL201 Placeholder '[TBD]'")
    assert len({i["fingerprint"] for i in issues}) == 2


def test_gitlab_fingerprints_survive_moved_lines_and_tell_repeats_apart(pages):
    page = pages / "bad.html"
    page.write_text("<p>[TBD]</p>\n<p>Price: [TBD]</p>\n", encoding="utf-8")
    before = json.loads(run_cli("--format", "gitlab", "bad.html", cwd=pages).stdout)
    assert len({i["fingerprint"] for i in before}) == 2  # the same text twice: still two issues
    page.write_text("<h1>A new heading</h1>\n\n<p>[TBD]</p>\n<p>Price: [TBD]</p>\n", encoding="utf-8")
    after = json.loads(run_cli("--format", "gitlab", "bad.html", cwd=pages).stdout)
    assert [i["location"]["lines"]["begin"] for i in after] == [3, 4]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    page.write_text("<p>[TBD]</p>\n<p>Price: [TK]</p>\n", encoding="utf-8")
    changed = json.loads(run_cli("--format", "gitlab", "bad.html", cwd=pages).stdout)
    assert changed[0]["fingerprint"] == before[0]["fingerprint"]
    assert changed[1]["fingerprint"] != before[1]["fingerprint"]


def test_gitlab_severities():
    out = render("gitlab", [("p.html", [
        finding(severity="info"), finding(column=9, severity="warning"), finding(column=20),
        Finding("p.html", 1, 1, 1, 1, "DL001", "unreadable-input", "error", "p.html: cannot read"),
    ], "<p>[TBD] [TBD] [TBD]</p>")])
    assert [i["severity"] for i in json.loads(out)] == ["info", "minor", "major", "critical"]


# -- JSON lines ------------------------------------------------------------------------------


def test_json_lines_is_one_object_per_finding(pages):
    lines = run_cli("--format", "json-lines", "bad.html", "clean.html", cwd=pages).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert records == json_findings(run_cli("--format", "json", "bad.html", "clean.html", cwd=pages))
    assert run_cli("--format", "json-lines", "clean.html", cwd=pages).stdout == ""


# -- text, concise, full ---------------------------------------------------------------------


def test_concise_has_no_severity(pages):
    lines = run_cli("--format", "concise", "bad.html", cwd=pages).stdout.splitlines()
    assert lines[0].startswith("bad.html:2:11: DL201 Placeholder '[TBD]'")
    assert lines[-1].startswith("Found 2 problems")


def test_full_shows_the_source_line_a_marker_and_the_fix(pages):
    out = run_cli("--format", "full", "bad.html", cwd=pages).stdout
    block = out.split("\n\n")[0].splitlines()
    assert block[0].startswith("bad.html:2:11: DL201 [error] Placeholder '[TBD]'")
    assert block[1:4] == [
        "  |",
        "2 | <p>Price: [TBD] and {{ price }}</p>",
        "  |           ^^^^^",
    ]
    assert block[4].startswith("  = fix: Write the real content")
    assert out.rstrip().splitlines()[-1].startswith("Found 2 problems")


def test_full_marks_the_right_characters_with_tabs_wide_characters_and_long_lines():
    assert _mark("\tx = [TBD]", 5, 10) == ("    x = [TBD]", "        ^^^^^")
    assert _mark("日本 [TBD]", 3, 8) == ("日本 [TBD]", "     ^^^^^")
    long = "<p>" + "word " * 400 + "[TBD]" + " more" * 400 + "</p>"
    start = long.index("[TBD]")
    shown, marks = _mark(long, start, start + 5)
    assert shown.startswith("…") and shown.endswith("…") and len(shown) <= 102
    assert shown[len(marks) - 5:len(marks)] == "[TBD]"


def test_text_formats_never_pass_page_controls_to_the_terminal(pages):
    hostile = pages / "hostile\x1b[31m.html"
    hostile.write_text(EVIL, encoding="utf-8")
    for fmt in ("text", "concise", "full"):
        for colour in ("never", "always"):
            proc = run_cli("--format", fmt, "--color", colour, "evil.html", hostile.name, cwd=pages)
            assert proc.returncode == 1, proc.stderr
            out = SGR.sub("", proc.stdout) if colour == "always" else proc.stdout
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), (fmt, colour, out)
            assert "pwned" in out  # the text is shown, only made harmless


def test_one_line_removes_whole_escape_sequences():
    assert one_line("a\x1b[1;31mb\x1b[0m c\x1b]8;;http://x\x1b\\d\x9b2Je\x07f\ng\u202eh") == "ab cdef gh"


# -- --output-file, --statistics, the default format -----------------------------------------


def test_output_file(pages):
    proc = run_cli("--format", "sarif", "--output-file", "out/report.sarif", "bad.html", cwd=pages)
    assert "cannot write" in proc.stderr and proc.returncode == 2  # the folder does not exist
    proc = run_cli("--format", "sarif", "-o", "report.sarif", "bad.html", cwd=pages)
    assert proc.returncode == 1 and proc.stdout == ""
    log = json.loads((pages / "report.sarif").read_text(encoding="utf-8"))
    assert len(log["runs"][0]["results"]) == 2
    proc = run_cli("--color", "auto", "-o", "report.txt", "bad.html", cwd=pages)
    text = (pages / "report.txt").read_text(encoding="utf-8")
    assert text.startswith("bad.html:2:11: DL201") and "\x1b" not in text


def test_statistics(pages):
    (pages / "more.html").write_text("<p>[TBD] and [TK]</p>\n", encoding="utf-8")
    proc = run_cli("--statistics", "bad.html", "more.html", cwd=pages)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == ["3\tDL201\tplaceholder-text", "1\tDL202\tunrendered-template"]
    data = json.loads(run_cli("--statistics", "--format", "json", "bad.html", "more.html", cwd=pages).stdout)
    assert data == [
        {"code": "DL201", "name": "placeholder-text", "count": 3, "fixable": 0},
        {"code": "DL202", "name": "unrendered-template", "count": 1, "fixable": 0},
    ]
    proc = run_cli("--statistics", "--format", "sarif", "bad.html", cwd=pages)
    assert proc.returncode == 2 and "--statistics" in proc.stderr


def test_statistics_marks_fixable_rules(pages):
    (pages / "link.html").write_text('<p>We earn a commission.</p><a href="https://amzn.to/abc">Buy</a>\n', encoding="utf-8")
    out = run_cli("--statistics", "--select", "DL106", "link.html", cwd=pages).stdout.splitlines()
    assert out == ["1\tDL106\t[*] affiliate-link-rel", "[*] fixable with `disclosurelint --fix`"]


def test_format_defaults_to_github_on_github_actions(pages):
    proc = run_cli("bad.html", cwd=pages, env={"GITHUB_ACTIONS": "true"})
    assert proc.stdout.startswith("::error file=bad.html,")
    proc = run_cli("--format", "text", "bad.html", cwd=pages, env={"GITHUB_ACTIONS": "true"})
    assert proc.stdout.startswith("bad.html:2:11: DL201 [error]")
    proc = run_cli("--statistics", "bad.html", cwd=pages, env={"GITHUB_ACTIONS": "true"})
    assert proc.stdout.startswith("1\tDL201")  # a table, not an error, though github is the default
    (pages / ".disclosurelint.toml").write_text('output-format = "concise"\n', encoding="utf-8")
    proc = run_cli("bad.html", cwd=pages, env={"GITHUB_ACTIONS": "true"})
    assert proc.stdout.startswith("bad.html:2:11: DL201 Placeholder")  # the configuration's choice wins


def test_output_format_config_key_is_checked(pages):
    (pages / ".disclosurelint.toml").write_text('output-format = "xml"\n', encoding="utf-8")
    proc = run_cli("bad.html", cwd=pages)
    assert proc.returncode == 2
    assert "output-format" in proc.stderr and "sarif" in proc.stderr


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_every_format_handles_no_inputs_and_a_clean_input(fmt, pages):
    proc = run_cli("--format", fmt, "clean.html", cwd=pages)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def test_readme_lists_every_format():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for fmt in FORMATTERS:
        assert f"`{fmt}`" in readme or f"**{fmt}**" in readme, fmt
