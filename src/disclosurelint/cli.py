"""The command line: sources → engine → formatter → exit code."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .config import ConfigError, load
from .engine import Linter
from .findings import SEVERITY_RANK, input_error
from .fix import FixError, fixed_bytes, unified_diff, write_atomically
from .formats import FORMATTERS, Summary
from .rules import RuleError
from .sources import InputError, discover

EXIT_CLEAN, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


def _codes(values: tuple[str, ...]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _fail(message: str) -> None:
    click.echo(f"disclosurelint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True, help="Output format.")
@click.option("--select", multiple=True, help="Rule codes or prefixes to run instead of the defaults (e.g. DL2,DL301).")
@click.option("--extend-select", multiple=True, help="Rule codes or prefixes to run in addition.")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes not to run.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None, help="Lowest severity that fails the run (default: warning).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when violations are found (input errors still exit 2).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (default: found by walking up from the current directory).")
@click.option("--exclude", multiple=True, help="Glob of files or folders to skip when walking folders (adds to the configuration's).")
@click.option("--stdin-filename", help="Name (and so format) of the page read from `-`.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="Colour in text output.")
@click.option("--fix", is_flag=True, help="Apply the fixes rules offer (DL106: add rel=\"sponsored\") to HTML files, then report what is left.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff instead of writing them; exit 1 if there are any.")
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
@click.option("--explain", metavar="CODE", help="Print a rule's documentation and exit.")
@click.version_option(__version__, prog_name="disclosurelint")
def main(paths, output_format, select, extend_select, ignore, fail_on, exit_zero, config_file, exclude,
         stdin_filename, color, fix, diff, list_rules, explain):
    """Lint HTML and Markdown pages for affiliate-disclosure and health-advertising compliance.

    PATHS are files, folders (searched for .html, .htm, .md and .markdown files) or `-` for
    standard input. Exit status: 0 clean, 1 violations, 2 usage, configuration or input errors.
    """
    try:
        config = load(config_file)
        linter = Linter(
            config,
            select=_codes(select) or None,
            extend_select=_codes(extend_select),
            ignore=_codes(ignore),
        )
    except (ConfigError, RuleError) as e:
        _fail(str(e))

    if explain:
        rule = linter.rules.get(explain.strip().upper())
        if rule is None:
            _fail(f"unknown rule code {explain!r} (see --list-rules)")
        click.echo(rule.explain())
        return
    if list_rules:
        for code, rule in linter.rules.items():
            state = "on " if code in linter.selected else "off"
            click.echo(f"{code}  {rule.name:<28} {rule.severity:<8} {state}  {rule.kind}")
        return
    if not paths:
        _fail("no paths given (pass files, folders or - for standard input; see --help)")

    use_color = color == "always" or (color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    formatter = FORMATTERS[output_format](sys.stdout, color=use_color)
    threshold = SEVERITY_RANK[fail_on or config.fail_on]
    summary = Summary(by_severity={})
    had_error = had_violation = False
    fixes: list[int] = []
    if diff:
        formatter = _Silent()
    formatter.start()
    for source in discover(list(paths), list(config.exclude) + list(exclude), stdin_filename):
        summary.files += 1
        if source.error:
            findings = [input_error(source.path, f"{source.path}: {source.error}")]
        else:
            try:
                data = source.read()
            except InputError as e:
                findings = [input_error(source.path, f"{source.path}: {e}")]
            else:
                findings = linter.lint(data, source.path, source.fmt)
                if (fix or diff) and any(f.edits for f in findings):
                    findings, changed = _fix(linter, source, data, findings, diff)
                    fixes.append(changed)
        for f in findings:
            summary.findings += 1
            summary.by_severity[f.severity] = summary.by_severity.get(f.severity, 0) + 1
            if f.code == "DL001":
                had_error = True
            elif SEVERITY_RANK[f.severity] >= threshold:
                had_violation = True
        formatter.handle(findings)
    formatter.finish(summary)
    sys.stdout.flush()
    fixed = sum(fixes)
    if fix or diff:
        verb = "Would fix" if diff else "Fixed"
        click.echo(f"{verb} {fixed} problem{'s' if fixed != 1 else ''} in {sum(1 for n in fixes if n)} file{'s' if sum(1 for n in fixes if n) != 1 else ''}.", err=True)
    if diff:
        sys.exit(EXIT_ERROR if had_error else EXIT_VIOLATIONS if fixed else EXIT_CLEAN)
    if had_error:
        sys.exit(EXIT_ERROR)
    if had_violation and not exit_zero:
        sys.exit(EXIT_VIOLATIONS)
    sys.exit(EXIT_CLEAN)


class _Silent:
    """With --diff the diff is the output; findings are not printed."""

    def start(self) -> None:
        pass

    def handle(self, findings) -> None:
        pass

    def finish(self, summary) -> None:
        pass


def _fix(linter, source, data: bytes, findings, diff_only: bool):
    """Apply (or, with --diff, print) the fixes of one file; returns (findings left, fixes made)."""
    edits = [e for f in findings for e in f.edits]
    fixable = sum(1 for f in findings if f.edits)
    if source.stdin:
        click.echo(f"disclosurelint: {source.path}: fixes are not applied to standard input", err=True)
        return findings, 0
    try:
        new, old_text, new_text = fixed_bytes(data, edits)
        if diff_only:
            click.echo(unified_diff(source.path, old_text, new_text), nl=False)
            return findings, fixable
        write_atomically(source.path, data, new)
    except FixError as e:
        click.echo(f"disclosurelint: {source.path}: not fixed: {e}", err=True)
        return findings, 0
    return linter.lint(new, source.path, source.fmt), fixable
