"""Fuzz the linter with generated hostile HTML and Markdown (issue #8).

    python benchmarks/fuzz.py                 # 100,000 documents on every core
    python benchmarks/fuzz.py -n 5000 --seed 3 --jobs 1

Documents are tag soup, deep nesting, huge attributes, stray `<`, NUL and control
characters, mixed line endings, invalid UTF-8 and other encodings, giant single lines, and
Markdown of every construct, each also mutated at the byte level. For each one:
- linting raises nothing and reports no internal error;
- every finding's line and column (start and end) lie inside the file;
- linting the same bytes again gives the same findings (determinism, every document);
- every output format produces valid output (JSON parses, JUnit is XML, GitHub workflow
  commands are escaped, no terminal escapes or NUL anywhere);
- fixes either apply cleanly or are refused with FixError;
- no document takes longer than --deadline seconds.
A failing document is written to --out (default: a folder in the temporary directory).
The closing line is `fuzz: N documents, F failures`; the exit status is 1 on any failure.

`check_document` and the generators are also used by tests/test_properties.py; the output
checks (`validate_output`) and the in-process formatter run (`render`) come from
tests/helpers.py.
"""

from __future__ import annotations

import argparse
import codecs
import multiprocessing
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

# The output checks are the test suite's own (tests/helpers.py): one definition of "valid".
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from helpers import render, validate_output  # noqa: E402

# -- generators ------------------------------------------------------------------------------
AFFILIATE = ["https://amzn.to/x", "https://www.amazon.com/dp/B01?tag=site-20", "https://prf.hn/click/1",
             "/go/product", "https://example.com/?ref=me", "https://shareasale.com/r.cfm?b=1"]
PLAIN_URLS = ["https://example.org/a", "#top", "mailto:a@b.c", "javascript:void(0)", "", "   ",
              "https://ex ample.com/\x00", "http://[::1]/", "https://xn--e1afmkfd.xn--p1ai/"]
WORDS = ["We", "earn", "a", "commission", "if", "you", "buy", "through", "links", "on", "this", "page",
         "As", "an", "Amazon", "Associate", "we", "earn", "from", "qualifying", "purchases", "sponsored",
         "partner", "affiliate", "paid", "cures", "cancer", "FDA-approved", "lose", "10", "pounds", "fast",
         "doctor", "recommended", "clinically", "proven", "not", "never", "Dr.", "U.S.", "Lorem", "ipsum",
         "café", "naïve", "中文", "עברית", "😀", "\u202e", "\u2028", "\u00a0", "\ufeff", "\u200b", "Ω"]
PHRASES = ["We earn a commission if you buy through links on this page.",
           "As an Amazon Associate we earn from qualifying purchases.",
           "This post is sponsored by Acme.", "We are not paid for this review.",
           "Our supplement cures diabetes and reverses aging.", "FDA-approved: Ozempic.",
           "Lose 30 pounds in 30 days!", "Written by Dr. Hannah Weiss, M.D.", "By Jane Doe and John Roe",
           "<!-- disclosurelint-disable DL101 -->", "<!-- disclosurelint-enable -->",
           "<!-- disclosurelint-disable-next-line -->", "<!-- disclosurelint-disable-file DL2 -->"]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x1b]0;title\x07", "\x7f", "\x85",
           "\x9b", "\r", "\r\n", "\n", "\t", "%0A", "::error::", "]]>", "<![CDATA[", "&#0;", "&#x1b;"]
TAGS = ["div", "p", "span", "a", "b", "i", "em", "strong", "section", "article", "main", "header", "footer",
        "nav", "aside", "ul", "ol", "li", "table", "tr", "td", "th", "tbody", "h1", "h2", "h3", "blockquote",
        "details", "summary", "pre", "code", "svg", "math", "template", "noscript", "select", "option",
        "textarea", "title", "script", "style", "iframe", "xmp", "plaintext", "button", "label", "form",
        "sup", "small", "font", "center", "marquee", "custom-el", "a_b", "svg:a", "A", "DIV"]
ATTRS = ["class", "id", "style", "hidden", "aria-hidden", "rel", "title", "alt", "href", "lang", "itemprop",
         "role", "open", "data-x", "onclick", "content", "name", "property", "charset", "type"]
ATTR_VALUES = ["sr-only", "visually-hidden", "author", "byline", "comments", "display:none",
               "font-size:8px", "font-size: 0", "visibility:hidden", "true", "sponsored", "nofollow",
               "noopener sponsored", "banner", "navigation", "contentinfo", "description", "author",
               "og:site_name", "application/ld+json", "en", "de", "", "x" * 50]


def _word(r: random.Random) -> str:
    return r.choice(WORDS) if r.random() < 0.9 else "".join(chr(r.randrange(32, 0x3000)) for _ in range(r.randint(1, 8)))


def _text(r: random.Random, n: int) -> str:
    parts = []
    for _ in range(n):
        x = r.random()
        if x < 0.6:
            parts.append(_word(r))
        elif x < 0.75:
            parts.append(r.choice(PHRASES))
        elif x < 0.85:
            parts.append(r.choice(CONTROL))
        elif x < 0.9:
            parts.append(r.choice("&<>\"'") + r.choice(["amp;", "lt;", "#65;", "#x41;", "bogus;", "", "nbsp;"]))
        elif x < 0.95:
            parts.append(r.choice("1a .-,") * r.randint(10, 60))  # runs: backtracking food
        else:
            parts.append(_word(r) * r.randint(2, 30))
    return " ".join(parts)


def _attr(r: random.Random) -> str:
    name = r.choice(ATTRS)
    if name == "href":
        value = r.choice(AFFILIATE + PLAIN_URLS)
    elif r.random() < 0.005:
        value = "v" * r.randint(1000, 200_000)  # a huge attribute
    else:
        value = r.choice(ATTR_VALUES) if r.random() < 0.8 else _text(r, 3)
    q = r.choice(['"', "'", "", '"', '"'])
    if q == "" and re.search(r"[\s\"'=<>`]", value):
        q = '"'
    if r.random() < 0.03:
        q = r.choice(['"', "'"]) + value  # an unclosed quote
        return f"{name}={q}"
    return f"{name}={q}{value.replace(q, '') if q else value}{q}" if r.random() < 0.95 else name


# Charset labels a page may declare: the usual, ones the Encoding Standard maps elsewhere
# (utf-16 in a <meta> means UTF-8), its replacement labels, and Python codec names no browser has.
CHARSETS = ["utf-16", "UTF-16BE", "x-user-defined", "iso-2022-kr", "hz-gb-2312", "undefined", "rot13",
            "base64", "utf-7", "unicode_escape", "", "latin1", "windows-1251", "shift_jis", "x" * 300]


def _charset(r: random.Random) -> str:
    return "utf-8" if r.random() < 0.8 else r.choice(CHARSETS)


def html_document(r: random.Random) -> str:
    out = []
    if r.random() < 0.5:
        out.append(r.choice(["<!DOCTYPE html>", "<!doctype html>", "<?xml version='1.0'?>", ""]))
        out.append(f'<html lang="en"><head><meta charset="{_charset(r)}"><title>' + _text(r, 3) + "</title>")
        if r.random() < 0.3:
            out.append('<script type="application/ld+json">{"@type":"Article","author":{"@type":"Person","name":"Jane Doe"}}</script>')
        out.append("</head><body>")
    open_tags: list[str] = []
    big = r.random() < 0.03  # one document in 30 has giant lines
    for _ in range(r.randint(0, 60)):
        x = r.random()
        if x < 0.25:
            tag = r.choice(TAGS)
            attrs = " ".join(_attr(r) for _ in range(r.randint(0, 3)))
            if tag in ("a", "A") and r.random() < 0.7:
                attrs = f'href="{r.choice(AFFILIATE)}" ' + attrs
            out.append(f"<{tag}{' ' + attrs if attrs else ''}{r.choice(['>', '>', '>', '/>', ''])}")
            open_tags.append(tag)
        elif x < 0.4 and open_tags:
            out.append(f"</{open_tags.pop() if r.random() < 0.8 else r.choice(TAGS)}>")
        elif x < 0.75:
            out.append(_text(r, r.randint(1, 12)))
        elif x < 0.8:
            out.append(r.choice(["<", ">", "</", "<!", "<!--", "-->", "<?php echo 1 ?>", "<![CDATA[x]]>", "</>", "<a", "<a href='"]))
        elif x < 0.83:
            depth = r.choice([5, 50, 260, 999, 1001, 3000])  # around the limits that matter
            tag = r.choice(["div", "span", "b", "li", "blockquote"])
            out.append(f"<{tag}>" * depth + _text(r, 2) + f"</{tag}>" * r.choice([depth, 0, depth // 2]))
        elif x < 0.86:
            out.append(r.choice(["\r\n", "\r", "\n", "\n\n", "\t", " " * 50]))
        elif x < 0.88:
            out.append(_text(r, 3) * (r.randint(100, 3000) if big else r.randint(1, 5)))  # a giant single line
        elif x < 0.9:
            out.append(f'<img src="x.png" alt="{_text(r, 3)}" title="{_text(r, 2)}">')
        elif x < 0.92:
            out.append('<meta name="description" content="' + _text(r, 5).replace('"', "") + '">')
        else:
            out.append(f'<a href="{r.choice(AFFILIATE)}" rel="{r.choice(["", "nofollow", "sponsored", "noopener"])}">{_text(r, 2)}</a>')
    if r.random() < 0.5:
        out.append("</body></html>")
    sep = r.choice(["", "\n", "\r\n", " "])
    return sep.join(out)


def markdown_document(r: random.Random) -> str:
    out = []
    if r.random() < 0.3:
        fm = r.choice(["---\ntitle: {t}\nauthor: Jane Doe\ndescription: {t}\n---\n",
                       "+++\ntitle = \"{t}\"\nauthors = [\"A B\"]\n+++\n",
                       "---\ntitle: [unclosed\n---\n", "---\n: : :\n---\n", "---\nauthor: {{name: 'X Y'}}\n---\n"])
        out.append(fm.format(t=_text(r, 3).replace("\n", " ").replace('"', "")))
    big = r.random() < 0.03
    for _ in range(r.randint(0, 40)):
        x = r.random()
        t = _text(r, r.randint(1, 10))
        if x < 0.2:
            out.append(t)
        elif x < 0.3:
            out.append("#" * r.randint(1, 7) + " " + t)
        elif x < 0.4:
            out.append("  " * r.randint(0, 8) + r.choice(["-", "*", "+", "1.", "2)"]) + " " + t)
        elif x < 0.45:
            out.append(">" * r.randint(1, 30) + " " + t)
        elif x < 0.5:
            out.append(f"[{t}]({r.choice(AFFILIATE + PLAIN_URLS)} \"{_word(r)}\")")
        elif x < 0.55:
            out.append(f"<{r.choice(AFFILIATE)}> ![{t}](img.png)")
        elif x < 0.6:
            out.append(r.choice(["```", "~~~", "```python", "    "]) + "\n" + t + ("\n```" if r.random() < 0.5 else ""))
        elif x < 0.65:
            out.append(f"<div class=\"{r.choice(ATTR_VALUES)}\">\n{t}\n</div>")
        elif x < 0.7:
            out.append(f"{t} <a href=\"{r.choice(AFFILIATE)}\">{_word(r)}</a> <span hidden>{t}</span> <code>{t}")
        elif x < 0.74:
            out.append(f"| {t} | {_word(r)} |\n|---|---|\n| a | b |")
        elif x < 0.78:
            n = r.randint(1, 5)
            out.append(f"{t}[^{n}]\n\n[^{n}]: {_text(r, 3)}")
        elif x < 0.8:
            out.append("!!! note\n    " + t)
        elif x < 0.83:
            depth = r.choice([10, 300, 999, 1001, 5000])
            out.append(r.choice([">" * depth + " x", "- " * depth + "x", "*" * depth + "x" + "*" * depth,
                                 "[" * depth + "x" + "](u)" * depth, "<span>" * depth + "x"]))
        elif x < 0.86:
            out.append(t * (r.randint(50, 1000) if big else r.randint(1, 5)))
        else:
            out.append(r.choice(["***", "---", "___", "\\", "  \n", "\r\n", "\r", "<!-- c -->", "<?php x ?>", "`", "``x``"]))
        out.append(r.choice(["\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\n\n\n"]))
    return "".join(out)


def mutate(r: random.Random, text: str) -> bytes:
    """The document as bytes: mostly UTF-8, sometimes another encoding, sometimes damaged."""
    x = r.random()
    if x < 0.6:
        data = text.encode("utf-8", "surrogatepass")
    elif x < 0.68:
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass")
    elif x < 0.72:
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be", "surrogatepass")
    elif x < 0.76:
        data = codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass")
    elif x < 0.84:
        data = text.encode("latin-1", "replace")
    elif x < 0.88:
        data = text.encode("cp1252", "replace")
    else:
        data = text.encode("utf-8", "surrogatepass")
    if r.random() < 0.25 and data:
        data = bytearray(data)
        for _ in range(r.randint(1, 8)):
            i = r.randrange(len(data) + 1)
            op = r.random()
            if op < 0.4:
                data[i:i] = r.choice([b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x00", b"\xfe\xff"])
            elif op < 0.7 and i < len(data):
                data[i] = r.randrange(256)
            else:
                del data[i : i + r.randint(1, 20)]
        data = bytes(data)
    return data


def document(seed: int) -> tuple[bytes, str]:
    """(bytes, path) for one seed: the same seed always gives the same document."""
    r = random.Random(seed)
    if r.random() < 0.55:
        text, path = html_document(r), r.choice(["page.html", "page.htm", "page.xhtml"])
    else:
        text, path = markdown_document(r), r.choice(["post.md", "post.markdown"])
    return mutate(r, text), path


# -- checks -------------------------------------------------------------------------------------
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


_CONFIG = None


def _config():
    global _CONFIG
    if _CONFIG is None:
        from disclosurelint.config import from_mapping
        from disclosurelint.engine import rules_for

        # Every rule, those off by default too.
        _CONFIG = from_mapping({"select": sorted(rules_for())}, None, "fuzz")
    return _CONFIG


def check_document(data: bytes, path: str, *, determinism: bool = True, formats: bool = True) -> None:
    """Raise AssertionError (with the reason) if linting `data` breaks an invariant."""
    from disclosurelint import sources
    from disclosurelint.engine import lint_source
    from disclosurelint.fix import FixError, fixed_bytes
    from disclosurelint.formats import FORMATTERS

    findings = lint_source(data, path=path, config=_config())
    for f in findings:
        if f.code == "DL001" and ("internal error" in f.message or "nested too deeply to lint" in f.message):
            raise AssertionError(f"internal error: {f.message}")
    try:
        text = sources.decode(data)
    except sources.InputError:
        text = None
    if text is None:
        assert [f.code for f in findings] == ["DL001"], findings
    else:
        lengths = [len(x) for x in _LINE_BREAK.split(text)]
        for f in findings:
            for line, col in ((f.line, f.column), (f.end_line, f.end_column)):
                if not (1 <= line <= len(lengths) and 1 <= col <= lengths[line - 1] + 1):
                    raise AssertionError(f"{f.code} position {line}:{col} outside the file "
                                         f"({len(lengths)} lines; that line has {lengths[min(line, len(lengths)) - 1]} chars)")
            if (f.end_line, f.end_column) < (f.line, f.column):
                raise AssertionError(f"{f.code} ends before it starts: {f}")
    if determinism:
        again = lint_source(data, path=path, config=_config())
        if [x.to_dict() for x in again] != [x.to_dict() for x in findings]:
            raise AssertionError("not deterministic: a second run gave different findings")
    if formats:
        for name in FORMATTERS:
            validate_output(name, render(name, [(path, findings, text)]))
    edits = [e for f in findings for e in f.edits]
    if edits:
        try:
            fixed_bytes(data, edits)
        except FixError:
            pass


# -- the run --------------------------------------------------------------------------------------
class _Timeout(BaseException):  # not Exception: the engine must not swallow it
    pass


def _alarm(signum, frame):
    raise _Timeout


def _worker(args):
    start, count, seed, deadline, out = args
    signal.signal(signal.SIGALRM, _alarm)
    failures = []
    slowest = (0.0, None)
    for i in range(start, start + count):
        s = seed * 1_000_003 + i
        data, path = document(s)
        t0 = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, deadline)
        try:
            check_document(data, path)
            problem = None
        except _Timeout:
            problem = f"took over {deadline:g} s"
        except Exception as e:  # noqa: BLE001 - every failure is recorded
            problem = f"{type(e).__name__}: {e}"[:500]
            if not isinstance(e, AssertionError):
                problem += "\n" + traceback.format_exc(limit=6)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        took = time.monotonic() - t0
        if took > slowest[0]:
            slowest = (took, s)
        if problem:
            os.makedirs(out, exist_ok=True)
            name = os.path.join(out, f"seed-{s}{os.path.splitext(path)[1]}")
            with open(name, "wb") as fh:
                fh.write(data)
            failures.append((s, path, len(data), problem, name))
    return count, failures, slowest


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--documents", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--deadline", type=float, default=10.0, help="seconds allowed per document")
    ap.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "disclosurelint-fuzz-failures"),
                    help="folder for failing documents (default: %(default)s)")
    args = ap.parse_args(argv)
    chunk = 250
    tasks = [(i, min(chunk, args.documents - i), args.seed, args.deadline, args.out) for i in range(0, args.documents, chunk)]
    started = time.monotonic()
    done = 0
    failures: list = []
    slowest = (0.0, None)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(args.jobs) as pool:
        for count, fails, slow in pool.imap_unordered(_worker, tasks):
            done += count
            failures += fails
            slowest = max(slowest, slow, key=lambda s: s[0])
            if sys.stderr.isatty():
                rate = done / max(time.monotonic() - started, 1e-9)
                sys.stderr.write(f"\r{done}/{args.documents} documents, {len(failures)} failures ({rate:.0f}/s)")
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    took = time.monotonic() - started
    for s, path, size, problem, name in sorted(failures)[:50]:
        print(f"FAIL seed {s} ({path}, {size} bytes, saved as {name}): {problem}")
    print(f"slowest document: seed {slowest[1]} in {slowest[0]:.2f} s; {took:.0f} s in all on {args.jobs} processes")
    print(f"fuzz: {done} documents, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
