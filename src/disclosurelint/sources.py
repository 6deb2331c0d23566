"""Sources: which inputs to lint, and their bytes decoded to text.

Files and folders (recursing into HTML and Markdown files, skipping hidden folders,
node_modules and `exclude` globs), `-` for standard input, and http(s) URLs, which are
fetched by `web` (pages found in sitemaps come from `sitemap`). Nothing here parses, and
nothing here touches the network.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

from . import decoding
from .decoding import InputError

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
SKIP_DIRS = {"node_modules"}
MAX_BYTES = 64 * 1024 * 1024  # the largest file or standard input read (Source.read(max_bytes=...))
_RAISE_SIZE = " (--max-file-size raises it)"


def is_url(arg: str) -> bool:
    """True for an http:// or https:// URL, the only kind fetched."""
    return "://" in arg and urlsplit(arg).scheme.lower() in ("http", "https")


def has_scheme(arg: str) -> bool:
    """True for anything written as scheme://... (such as a file:// URL)."""
    scheme, sep, _ = arg.partition("://")
    return bool(sep) and scheme[:1].isalpha() and all(c.isalnum() or c in "+.-" for c in scheme)


@dataclass(frozen=True)
class Source:
    path: str  # as the user gave it (folder-relative paths joined to the folder given), or the URL
    fmt: str | None = None  # forced format (stdin), else from the name
    stdin: bool = False
    error: str | None = None  # set when the input cannot even be listed
    url: bool = False  # an http(s) URL: fetched (by web.Fetcher), not read
    crawl: bool = False  # a URL found in a sitemap, so robots.txt applies to it

    def read(self, max_bytes: int = MAX_BYTES) -> bytes:
        """The input's bytes; InputError (one line) when it cannot be read or is over
        `max_bytes` (checked on the size before reading and on what was read, so a file
        that grows meanwhile, or standard input, costs at most `max_bytes` + 1 bytes)."""
        if self.url:
            raise InputError("a URL is fetched, not read")
        if self.stdin:
            import sys

            data = _read_chunks(sys.stdin.buffer, max_bytes + 1)
            if len(data) > max_bytes:
                raise InputError(f"standard input is over the {_size(max_bytes)} limit{_RAISE_SIZE}")
            return data
        try:
            st = os.stat(self.path)
            if stat.S_ISDIR(st.st_mode):
                raise InputError("is a directory")
            if not stat.S_ISREG(st.st_mode):
                # A FIFO, socket or device would block or never end: not a page.
                raise InputError("not a regular file (a FIFO, socket or device)")
            size = st.st_size
            if size > max_bytes:
                have, limit = _size(size), _size(max_bytes)
                if have == limit:
                    have, limit = f"{size:,} bytes", f"{max_bytes:,}-byte"
                raise InputError(f"file is {have}, over the {limit} limit{_RAISE_SIZE}")
            with open(self.path, "rb") as fh:
                data = _read_up_to(fh, size, max_bytes)
            if len(data) > max_bytes:
                raise InputError(f"file grew past the {_size(max_bytes)} limit while it was read{_RAISE_SIZE}")
            return data
        except InputError:
            raise
        except IsADirectoryError:
            raise InputError("is a directory") from None
        except FileNotFoundError:  # listed, then gone (or a broken symbolic link)
            raise InputError("no such file (removed after it was found, or a broken symbolic link)") from None
        except PermissionError:
            raise InputError("permission denied") from None
        except OSError as e:
            raise InputError(f"cannot read: {e.strerror or e}") from None


def read_regular(path: str | os.PathLike, max_bytes: int) -> bytes:
    """A settings file's bytes (configuration, rule file, baseline): only a regular file, and
    at most `max_bytes`; InputError (one line) otherwise. Opened without blocking, so a FIFO
    put in its place is refused rather than waited on, and /dev/zero is never read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if stat.S_ISDIR(st.st_mode):
            raise InputError("is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file (a FIFO, socket or device)")
        if st.st_size > max_bytes:
            raise InputError(f"file is {_size(st.st_size)}, over the {_size(max_bytes)} limit")
        try:
            data = _read_up_to(fh, st.st_size, max_bytes)
        except OSError as e:
            raise InputError(f"cannot read: {e.strerror or e}") from None
    if len(data) > max_bytes:
        raise InputError(f"file grew past the {_size(max_bytes)} limit while it was read")
    return data


def _read_up_to(fh, size: int, max_bytes: int) -> bytes:
    """At most `max_bytes` + 1 bytes of a file whose size was `size`, with a buffer the size
    of the file, not of the limit (a limit of a gigabyte must not cost a gigabyte per file)."""
    data = fh.read(min(size, max_bytes) + 1)
    if len(data) > size and len(data) <= max_bytes:  # it grew meanwhile: read on, to the limit
        data += fh.read(max_bytes + 1 - len(data))
    return data


def _read_chunks(stream, limit: int, chunk: int = 1 << 20) -> bytes:
    """Up to `limit` bytes of a stream, a megabyte at a time (read(limit) allocates `limit`)."""
    parts, total = [], 0
    while total < limit:
        part = stream.read(min(chunk, limit - total))
        if not part:
            break
        parts.append(part)
        total += len(part)
    return b"".join(parts)


def _size(n: int) -> str:
    """1 MiB and up in MiB, 1 KiB and up in KiB (whole, or to one decimal), else bytes."""
    for unit, name in ((1 << 20, "MiB"), (1 << 10, "KiB")):
        if n >= unit:
            return f"{n // unit} {name}" if n % unit == 0 else f"{n / unit:.1f} {name}"
    return f"{n} bytes"


def format_for(path: str, text: str | None = None) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if text is not None and text.lstrip()[:1] == "<":
        return "html"
    return "markdown"


def decode(data: bytes, content_type: str | None = None) -> str:
    """Bytes to text as a browser reads them (see decoding.decode); InputError when they are
    not a page."""
    return decoding.decode(data, content_type).text


def decode_with_encoding(data: bytes, content_type: str | None = None) -> tuple[str, str, bytes]:
    """(text, encoding, byte-order mark) so that a fix can write the file back as it was."""
    decoded = decoding.decode(data, content_type)
    return decoded.text, decoded.encoding, decoded.bom


def _excluded(rel: str, name: str, exclude: list[str]) -> bool:
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g.rstrip("/") + "/*") for g in exclude)


def discover(paths: list[str], exclude: list[str], stdin_filename: str | None = None,
             on_note: Callable[[str], None] | None = None) -> Iterator[Source]:
    """Yield sources in a stable order: arguments as given, folder contents sorted.

    A folder that cannot be listed is a source with an error (so the run says so); a
    symbolic link back to a folder already walked is not followed, and `on_note` (if given)
    is told in one line."""
    for arg in paths:
        if arg == "-":
            name = stdin_filename or "-"
            fmt = format_for(stdin_filename) if stdin_filename else None
            yield Source(name, fmt, stdin=True)
            continue
        if is_url(arg):
            yield Source(arg, url=True)
            continue
        if os.path.isdir(arg):
            yield from _walk(arg, exclude, on_note)
        elif os.path.exists(arg) or os.path.islink(arg):
            yield Source(arg)
        elif has_scheme(arg):
            yield Source(arg, error="only http:// and https:// URLs are fetched; give a local file as a path, not a URL")
        else:
            yield Source(arg, error="no such file or directory")


def _excluded_path(path: str, name: str, exclude: list[str]) -> bool:
    """Exclude globs match paths relative to the folder given, to the current directory, or names."""
    if not exclude:
        return False
    rel_cwd = os.path.normpath(os.path.relpath(path)).replace(os.sep, "/")
    return _excluded(rel_cwd, name, exclude)


def _walk(top: str, exclude: list[str], on_note: Callable[[str], None] | None = None) -> Iterator[Source]:
    seen: dict[tuple[int, int], str] = {}
    failed: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(top, followlinks=True, onerror=failed.append):
        while failed:  # a folder os.walk could not list: say so rather than skip its pages
            yield _folder_error(failed.pop(0))
        try:
            st = os.stat(dirpath)
            ident = (st.st_dev, st.st_ino)
        except OSError as e:
            yield _folder_error(e, dirpath)
            dirnames[:] = []
            continue
        if ident in seen:  # a symlink loop, or a second link to a folder already walked
            dirnames[:] = []
            if on_note is not None:
                on_note(f"{dirpath}: symbolic link to a folder already linted ({seen[ident]}); not followed")
            continue
        seen[ident] = dirpath
        rel_dir = os.path.relpath(dirpath, top)
        keep = []
        for d in sorted(dirnames):
            rel = os.path.normpath(os.path.join(rel_dir, d)).replace(os.sep, "/")
            if d.startswith(".") or d in SKIP_DIRS or _excluded(rel, d, exclude) or _excluded_path(os.path.join(dirpath, d), d, exclude):
                continue
            keep.append(d)
        dirnames[:] = keep
        for f in sorted(filenames):
            suffix = os.path.splitext(f)[1].lower()
            if suffix not in HTML_SUFFIXES and suffix not in MARKDOWN_SUFFIXES:
                continue
            rel = os.path.normpath(os.path.join(rel_dir, f)).replace(os.sep, "/")
            if f.startswith(".") or _excluded(rel, f, exclude) or _excluded_path(os.path.join(dirpath, f), f, exclude):
                continue
            yield Source(os.path.join(dirpath, f))
    while failed:
        yield _folder_error(failed.pop(0))


def _folder_error(e: OSError, path: str | None = None) -> Source:
    path = path or e.filename or "?"
    if isinstance(e, PermissionError):
        reason = "permission denied"
    elif isinstance(e, FileNotFoundError):
        reason = "no such folder (removed while it was being walked?)"
    else:
        reason = f"cannot list folder: {e.strerror or e}"
    return Source(str(path), error=reason)
