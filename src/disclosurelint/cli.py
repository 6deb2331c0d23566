"""The command line: sources → engine → formatter → exit code."""

from __future__ import annotations

import math
import os
import re
import sys
import time
from functools import partial
from itertools import chain

import click

from . import __version__, regex_safety
from .baseline import Baseline, BaselineError
from .config import (MAX_CONCURRENCY, MAX_DEPTH_LIMIT, MAX_JOBS, MAX_SECONDS, MAX_SITEMAP_DEPTH, ConfigError, load,
                     parse_size)
from .engine import Linter
from .findings import SEVERITY_RANK, input_error
from .fix import FixError, fixed_bytes, unified_diff, write_atomically
from .formats import FORMATTERS, Formatter, StatisticsFormatter, Summary, escape
from .rules import RuleError
from .pool import LintPool, cpu_count, decoded, read_and_lint, run_job
from .sources import MAX_BYTES, InputError, discover, is_url
from .web import in_order

EXIT_CLEAN, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 128 + 2  # SIGINT, as shells report it
_STATISTICS_FORMATS = ("text", "concise", "full", "json", "json-lines")


def _codes(values: tuple[str, ...]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _say(line: str) -> None:
    """One line on standard error, escaped (it may quote file names, URLs and page text)."""
    click.echo(escape.note(line), err=True)


def _fail(message: str) -> None:
    _say(f"disclosurelint: error: {message}")
    sys.exit(EXIT_ERROR)


def _usage(message: str) -> None:
    """A bad option value: a usage error (exit 2) naming the option, before anything is read."""
    raise click.UsageError(escape.note(message))


class _Seconds(click.FloatRange):
    """A number of seconds: a FloatRange that also refuses nan (which every comparison lets
    through) and, by its maximum, inf."""

    name = "seconds"

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number of seconds.", param, ctx)
        return number


class _Command(click.Command):
    """click's command, but Ctrl-C ends the run with exit status 130 and says so (click's own
    "Aborted!" exits 1, which reads as "violations found")."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _say("disclosurelint: interrupted (Ctrl-C); not every input was linted (exit status 130)")
            sys.exit(EXIT_INTERRUPTED)


@click.command(cls=_Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True, readable=False))
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATTERS)), default=None, help="Output format (default: the configuration's output-format, else github when GITHUB_ACTIONS=true, else text).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, writable=True), help="Write the output to this file instead of standard output.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule has instead of the findings (a JSON array with --format json).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), metavar="FILE", help="Report only findings that this baseline file does not record.")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False), metavar="FILE", help="Record every finding of this run in FILE (other files' entries are kept); report none of them.")
@click.option("--select", multiple=True, help="Rule codes or prefixes to run instead of the defaults (e.g. DL2,DL301).")
@click.option("--extend-select", multiple=True, help="Rule codes or prefixes to run in addition.")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes not to run.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None, help="Lowest severity that fails the run (default: warning).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when violations are found (input errors still exit 2).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (default: found by walking up from the current directory).")
@click.option("--exclude", multiple=True, help="Glob of files or folders to skip when walking folders (adds to the configuration's).")
@click.option("--stdin-filename", help="Name (and so format) of the page read from `-`.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="Colour in text output.")
@click.option("-j", "--jobs", type=click.IntRange(min=1, max=MAX_JOBS), metavar="N", help="Processes linting pages at once (default: the number of CPUs; 1 for a single file, --fix and --diff).")
@click.option("--max-file-size", metavar="SIZE", help="Largest file or standard input read, e.g. 64M (default: 64M; the configuration's max-file-size).")
@click.option("--max-depth", type=click.IntRange(min=1, max=MAX_DEPTH_LIMIT), metavar="N", help="Deepest nesting of elements linted; a page nested deeper is an input error (default: 1000).")
@click.option("--fix", is_flag=True, help="Apply the fixes rules offer (DL106: add rel=\"sponsored\") to HTML files, then report what is left.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff instead of writing them; exit 1 if there are any.")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL|FILE", help="Lint every page a sitemap lists (sitemap indexes and gzipped sitemaps too; a URL or a local file). Repeatable.")
@click.option("--sitemap-include", multiple=True, metavar="REGEX", help="Lint only sitemap pages whose URL matches one of these (replaces the configuration's). Repeatable.")
@click.option("--sitemap-exclude", multiple=True, metavar="REGEX", help="Skip sitemap pages whose URL matches (adds to the configuration's). Repeatable.")
@click.option("--sitemap-depth", type=click.IntRange(min=0, max=MAX_SITEMAP_DEPTH), help="Levels of sitemap index followed below a sitemap given (default: 3).")
@click.option("--max-pages", type=click.IntRange(min=1), help="Lint at most N pages from sitemaps.")
@click.option("--max-sitemaps", type=click.IntRange(min=1), metavar="N", help="Read at most N sitemaps, indexes included (default: 500).")
@click.option("--ignore-robots", is_flag=True, default=None, help="Fetch sitemap pages that robots.txt disallows.")
@click.option("--allow-private-addresses", is_flag=True, default=None, help="Follow redirects and sitemap entries to loopback, private, link-local and other non-public addresses.")
@click.option("--concurrency", type=click.IntRange(min=1, max=MAX_CONCURRENCY), help="Pages fetched at once (default: 8).")
@click.option("--delay", type=_Seconds(min=0, max=MAX_SECONDS), metavar="SECONDS", help="Politeness delay between the starts of two fetches from one host (default: 0).")
@click.option("--timeout", type=_Seconds(min=0, min_open=True, max=MAX_SECONDS), metavar="SECONDS", help="Total time allowed to fetch one page, redirects included (default: 20).")
@click.option("--max-bytes", metavar="SIZE", help="Largest page body accepted, after decompression, e.g. 10M or 512K (default: 10M).")
@click.option("--max-redirects", type=click.IntRange(min=0), help="Redirects followed per page (default: 5).")
@click.option("--user-agent", metavar="TEXT", help="User-Agent header sent (default: disclosurelint/VERSION).")
@click.option("--compression/--no-compression", default=None, help="Ask servers for gzip/deflate (default: on).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no notes on standard error.")
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
@click.option("--explain", metavar="CODE", help="Print a rule's documentation and exit.")
@click.version_option(__version__, prog_name="disclosurelint")
def main(paths, output_format, output_file, statistics, baseline_file, write_baseline_file, select,
         extend_select, ignore, fail_on, exit_zero, config_file, exclude, stdin_filename, color, jobs,
         max_file_size, max_depth, fix, diff,
         sitemaps, sitemap_include, sitemap_exclude, sitemap_depth, max_pages, max_sitemaps, ignore_robots, allow_private_addresses,
         concurrency, delay, timeout, max_bytes, max_redirects, user_agent, compression, quiet, list_rules, explain):
    """Lint HTML and Markdown pages for affiliate-disclosure and health-advertising compliance.

    PATHS are files, folders (searched for .html, .htm, .md and .markdown files), http(s) URLs
    or `-` for standard input. Exit status: 0 clean, 1 violations, 2 usage, configuration or
    input errors (a file or URL that could not be read or fetched), 130 interrupted (Ctrl-C).
    """
    linter_options = {"select": _codes(select) or None, "extend_select": _codes(extend_select), "ignore": _codes(ignore)}
    # Problems in the configuration or in the user's rule files are reported, one line each,
    # and left out: the rest of the configuration and every input are still linted (exit 2).
    config_errors: list[str] = []
    try:
        config = load(config_file, config_errors)
        if max_depth is not None:
            config.max_depth = max_depth
        if max_file_size is not None:
            config.max_file_size = parse_size(max_file_size)
            if config.max_file_size is None:
                _usage(f"--max-file-size: expected a size above 0 and at most 1G, in bytes or such as 64M or 512K, got {max_file_size!r}")
        linter = Linter(config, **linter_options, errors=config_errors)
    except (ConfigError, RuleError) as e:
        _fail(str(e))
    for problem in dict.fromkeys(config_errors):
        _say(f"disclosurelint: error: {problem}")

    if explain:
        rule = linter.rules.get(explain.strip().upper())
        if rule is None:
            _fail(f"unknown rule code {explain!r} (see --list-rules)")
        click.echo(rule.explain())
        sys.exit(EXIT_ERROR if config_errors else EXIT_CLEAN)
    if list_rules:
        for code, rule in linter.rules.items():
            state = "on " if code in linter.selected else "off"
            click.echo(f"{code}  {rule.name:<28} {rule.severity:<8} {state}  {rule.kind}")
        sys.exit(EXIT_ERROR if config_errors else EXIT_CLEAN)
    if not paths and not sitemaps:
        _fail("no paths given (pass files, folders, URLs, --sitemap or - for standard input; see --help)")

    if baseline_file and write_baseline_file:
        _fail("--baseline and --write-baseline cannot be used together (--write-baseline records every finding)")
    baseline = None
    try:
        if baseline_file:
            baseline = Baseline.load(baseline_file)
        elif write_baseline_file:
            baseline = Baseline.for_writing(write_baseline_file)
    except BaselineError as e:
        _fail(str(e))

    fmt = output_format or config.output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if statistics and output_format and output_format not in _STATISTICS_FORMATS:
        _fail(f"--statistics prints a table or, with --format json, JSON; not --format {output_format}")
    out = sys.stdout
    if output_file:
        try:
            out = open(output_file, "w", encoding="utf-8", newline="")
        except OSError as e:
            _fail(f"--output-file: cannot write {output_file}: {e.strerror or e}")
    use_color = color == "always" or (color == "auto" and not output_file and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    rules = {code: linter.rules[code] for code in linter.selected}
    if diff:
        formatter = Formatter(out)  # the diff is the output; findings are not printed
    elif statistics:
        formatter = StatisticsFormatter(out, as_json=fmt in ("json", "json-lines"), color=use_color, rules=rules)
    else:
        formatter = FORMATTERS[fmt](out, color=use_color, rules=rules)
    want_source = formatter.needs_source or baseline is not None
    threshold = SEVERITY_RANK[fail_on or config.fail_on]
    summary = Summary(by_severity={}, config_errors=len(dict.fromkeys(config_errors)))
    had_error = had_violation = False
    fixes: list[int] = []
    fetcher = None
    sources = discover(list(paths), list(config.exclude) + list(exclude), stdin_filename)
    if sitemaps or any(is_url(p) for p in paths):
        fetcher = _fetcher(config, concurrency=concurrency, delay=delay, timeout=timeout, max_bytes=max_bytes,
                           max_redirects=max_redirects, user_agent=user_agent, compression=compression,
                           ignore_robots=ignore_robots, allow_private_addresses=allow_private_addresses)
        if not quiet:
            from .web import unused_proxy_variables

            for name in unused_proxy_variables():
                click.echo(f"disclosurelint: {name} is set but not used: URLs are fetched directly", err=True)
    if sitemaps:
        from .sitemap import DEFAULT_DEPTH, DEFAULT_MAX_SITEMAPS, expand

        sources = chain(sources, expand(
            sitemaps,
            fetcher.open_document,
            include=_regexes(sitemap_include or config.sitemap_include, "--sitemap-include"),
            exclude=_regexes(list(config.sitemap_exclude) + list(sitemap_exclude), "--sitemap-exclude"),
            max_pages=max_pages or config.max_pages,
            depth=next(d for d in (sitemap_depth, config.sitemap_depth, DEFAULT_DEPTH) if d is not None),
            max_sitemaps=max_sitemaps or config.max_sitemaps or DEFAULT_MAX_SITEMAPS,
        ))
    progress = _Progress(sys.stderr, enabled=bool(sitemaps) and not quiet and sys.stderr.isatty())
    workers = fetcher.options.concurrency if fetcher else 1
    read_limit = config.max_file_size or MAX_BYTES
    planned = (_plan(source, page, want_source, read_limit) for source, page in in_order(_jobs(sources, fetcher), workers=workers))
    n_jobs = 1 if fix or diff else jobs or (1 if _single_file(paths, sitemaps) else cpu_count())
    pool = None
    if n_jobs > 1:
        try:
            pool = LintPool(linter, n_jobs, (config, linter_options))
        except (OSError, ImportError, NotImplementedError) as e:  # no semaphores here (some sandboxes)
            if not quiet:
                _say(f"disclosurelint: cannot start {n_jobs} processes ({e}); linting in one")
    if pool is not None:
        results = pool.results(planned, on_error=lambda item, why: [input_error(item[0].path, f"{_shown(item[0].path)}: {why}")])
    else:
        run = partial(_lint_and_fix, linter, fix or diff, diff, fixes)
        results = ((item, run(item, job) if job is not None else None) for item, job in planned)
    formatter.start()
    try:
        for (source, page, findings, text), result in results:
            if page is not None and page.note and not quiet:
                progress.note(f"disclosurelint: {page.note}")
            if page is not None and page.skipped:
                progress.skipped += 1
                if not quiet:
                    progress.note(f"disclosurelint: {escape.path(source.path)}: skipped ({page.skipped})")
                continue
            summary.files += 1
            if result is not None:
                findings, linted_text = result
                text = text if text is not None else linted_text
            if page is not None and (fix or diff) and any(f.edits for f in findings) and not quiet:
                progress.note(f"disclosurelint: {escape.path(source.path)}: fixes are not applied to URLs")
            if baseline is not None:
                findings = baseline.apply(findings, source.path, text)
            for f in findings:
                summary.findings += 1
                summary.by_severity[f.severity] = summary.by_severity.get(f.severity, 0) + 1
                if f.code == "DL001":
                    summary.errors += 1
                    had_error = True
                elif SEVERITY_RANK[f.severity] >= threshold:
                    had_violation = True
            if findings:
                progress.clear()
            formatter.handle(findings, path=source.path, source=text)
            out.flush()
            progress.update(summary.files, sum(1 for f in findings if f.code == "DL001"))
    finally:
        progress.clear()
        if pool is not None:
            pool.close()
        if fetcher is not None:
            fetcher.close()
    formatter.finish(summary)
    out.flush()
    if output_file:
        out.close()
    if baseline is not None:
        _baseline_notes(baseline, quiet)
    fixed = sum(fixes)
    if fix or diff:
        verb = "Would fix" if diff else "Fixed"
        _say(f"{verb} {fixed} problem{'s' if fixed != 1 else ''} in {sum(1 for n in fixes if n)} file{'s' if sum(1 for n in fixes if n) != 1 else ''}.")
    if diff:
        sys.exit(EXIT_ERROR if had_error or config_errors else EXIT_VIOLATIONS if fixed else EXIT_CLEAN)
    if had_error or config_errors:
        sys.exit(EXIT_ERROR)
    if had_violation and not exit_zero:
        sys.exit(EXIT_VIOLATIONS)
    sys.exit(EXIT_CLEAN)


def _jobs(sources, fetcher):
    """(source, fetch job) for each source: URLs are fetched on the pool, files read in turn."""
    for source in sources:
        if source.url and not source.error:
            yield source, partial(fetcher.fetch, source.path, crawl=source.crawl)
        else:
            yield source, None


def _plan(source, page, want_text: bool, read_limit: int):
    """((source, page, findings, text), job) for one input: the job lints it (pool.run_job);
    an input that cannot be linted (unreadable, a failed fetch, skipped) has its findings and
    no job. `text` is the decoded page when the caller already has it (a fetched page)."""
    item = (source, page, [], None)
    if page is not None and page.skipped:
        return item, None
    if source.error:
        return (source, page, [input_error(source.path, f"{_shown(source.path)}: {source.error}")], None), None
    if page is None:  # a local file or standard input, read where it is linted
        if source.stdin:  # the workers do not share our standard input
            try:
                data = source.read(read_limit)
            except InputError as e:
                return (source, page, [input_error(source.path, f"{_shown(source.path)}: {e}")], None), None
            return item, ("data", source.path, data, source.fmt, want_text)
        return item, ("file", source, want_text, read_limit)
    if page.error:
        return (source, page, [input_error(page.url, f"{_shown(page.url)}: {page.error}")], None), None
    from .web import decode as decode_served

    try:
        text = decode_served(page.data, page.charset)
    except InputError as e:
        return (source, page, [input_error(page.url, f"{_shown(page.url)}: {e}")], None), None
    return (source, page, [], text), ("data", page.url, text, page.fmt, False)


def _shown(path: str) -> str:
    """A path or URL as a message quotes it: a URL from a sitemap may be megabytes long."""
    return escape.cap(path, escape.MAX_SHOWN // 2)


def _single_file(paths, sitemaps) -> bool:
    return not sitemaps and len(paths) == 1 and (paths[0] == "-" or os.path.isfile(paths[0]))


def _lint_and_fix(linter, fixing: bool, diff_only: bool, fixes: list[int], item, job):
    """A job run in this process; with --fix or --diff, a local file's fixes are applied too."""
    source = item[0]
    if not fixing or job[0] != "file":
        findings, text = run_job(linter, job)
        if fixing and source.stdin and any(f.edits for f in findings):
            _say(f"disclosurelint: {escape.path(source.path)}: fixes are not applied to standard input")
        return findings, text
    _, _, want_text, read_limit = job
    findings, data = read_and_lint(linter, source, read_limit)
    if data is None:
        return findings, None
    if any(f.edits for f in findings):
        findings, changed, data = _fix(linter, source, data, findings, diff_only)
        fixes.append(changed)
    return findings, decoded(data) if want_text else None


def _baseline_notes(baseline, quiet: bool) -> None:
    """Write a baseline being recorded; say what it holds, or how much of it is now fixed."""
    if baseline.writing:
        try:
            baseline.write()
        except BaselineError as e:
            _fail(str(e))
        if not quiet:
            n = baseline.recorded()
            _say(f"disclosurelint: recorded {n} finding{'s' if n != 1 else ''} in {escape.path(str(baseline.file))}")
    elif not quiet and baseline.fixed():
        n = baseline.fixed()
        _say(f"disclosurelint: {n} finding{'s' if n != 1 else ''} in {escape.path(str(baseline.file))} no longer occur{'s' if n == 1 else ''};"
             f" rewrite it with --write-baseline to keep new ones from hiding behind them")


def _regexes(patterns, option):
    """The sitemap URL filters, checked as the configuration's are (they run on URLs that
    the crawled site writes)."""
    for p in patterns:
        why = regex_safety.unusable(p)
        if why:
            _fail(f"{option}: {why}")
    return [re.compile(p) for p in patterns]


def _fetcher(config, *, concurrency, delay, timeout, max_bytes, max_redirects, user_agent, compression, ignore_robots,
             allow_private_addresses):
    """The fetcher for this run: command-line options over configuration keys over defaults."""
    from .web import FetchOptions, Fetcher

    settings = dict(config.fetch)
    if max_bytes is not None:
        size = parse_size(max_bytes)
        if size is None:
            _usage(f"--max-bytes: expected a size above 0 and at most 1G, in bytes or such as 10M or 512K, got {max_bytes!r}")
        settings["max_bytes"] = size
    given = {"concurrency": concurrency, "delay": delay, "timeout": timeout, "max_redirects": max_redirects,
             "user_agent": user_agent, "compression": compression, "allow_private_addresses": allow_private_addresses}
    settings.update({k: v for k, v in given.items() if v is not None})
    if ignore_robots:
        settings["robots"] = False
    return Fetcher(FetchOptions(**settings))


class _Progress:
    """A one-line progress report on standard error for crawls, redrawn at most ten times a second."""

    def __init__(self, stream, enabled: bool):
        self.stream = stream
        self.enabled = enabled
        self.skipped = 0
        self.failed = 0
        self._shown = False
        self._last = 0.0
        self._started = time.monotonic()

    def update(self, done: int, failed: int) -> None:
        self.failed += failed
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1:
            return
        self._last = now
        rate = done / max(now - self._started, 1e-6)
        parts = [f"{done} page{'s' if done != 1 else ''} linted"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        self.stream.write(f"\r\x1b[Kdisclosurelint: {', '.join(parts)} ({rate:.1f}/s)")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False

    def note(self, line: str) -> None:
        self.clear()
        self.stream.write(escape.note(line) + "\n")
        self.stream.flush()


def _fix(linter, source, data: bytes, findings, diff_only: bool):
    """Apply (or, with --diff, print) the fixes of one file; returns (findings left, fixes made,
    the file's bytes now)."""
    edits = [e for f in findings for e in f.edits]
    fixable = sum(1 for f in findings if f.edits)
    if source.stdin:
        _say(f"disclosurelint: {escape.path(source.path)}: fixes are not applied to standard input")
        return findings, 0, data
    try:
        new, old_text, new_text = fixed_bytes(data, edits)
        if diff_only:
            click.echo(unified_diff(source.path, old_text, new_text), nl=False)
            return findings, fixable, data
        write_atomically(source.path, data, new)
    except FixError as e:
        _say(f"disclosurelint: {escape.path(source.path)}: not fixed: {e}")
        return findings, 0, data
    return linter.lint(new, source.path, source.fmt), fixable, new
