"""Applying the edits that findings carry (`--fix`, `--diff`).

A file is written only when every edit applies cleanly and is understood:
- the text must encode back to the exact bytes that were read (same encoding, same
  byte-order mark), and the edits must not overlap;
- the page parsed again after the edits must have the same text, the same links (href,
  anchor text) and the same title/alt texts, and links differ only in `rel` values added,
  exactly on the links whose start tags the edits touch (`check_fix`): a parse that put an
  edit anywhere else is not trusted with the file;
- the file must still hold the bytes that were read.

A file is fixed only when replacing it keeps what writing it in place would keep: it must be
writable by the user (a read-only file is refused, for root too), have no other hard link, and
(for a user other than root) belong to the user and one of the user's groups; otherwise it is
left alone with one line saying why.

The write is atomic: a temporary file `.disclosurelint-*.tmp` in the same folder (so the
rename stays on one file system), written, given the original's owner and group and then its
mode (setuid, setgid and sticky bits included), fsynced, then renamed over the original, and the
folder fsynced. Just before the rename the file is read again and compared by SHA-256 with what
was linted, so an edit made meanwhile wins even when it kept the size and the mtime. A
process killed at any moment leaves the original or the complete new file, never a mix; a
kill before the rename can leave the temporary file behind, which is harmless: its name
starts with a dot and does not end in .html or .md, so folder walks never lint it. A symbolic
link is followed: the file it points to is replaced, the link kept.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
import tempfile
from bisect import bisect_right

from . import decoding
from .decoding import InputError
from .formats import escape


class FixError(Exception):
    """A fix that was not applied; the message says why."""


def apply_edits(text: str, edits) -> str:
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for e in ordered:
        if not 0 <= e.start <= e.end <= len(text):
            raise FixError("an edit lies outside the file")
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            raise FixError("overlapping edits")
    parts = []
    pos = 0
    for e in ordered:
        parts.append(text[pos : e.start])
        parts.append(e.text)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def fixed_bytes(data: bytes, edits, fmt: str | None = "html") -> tuple[bytes, str, str]:
    """(new bytes, old text, new text) for `data` with `edits` applied.

    `fmt` is the format the page was linted as (fixes are offered for HTML); None skips the
    check that the edits changed nothing but `rel` values (check_fix)."""
    try:
        decoded = decoding.decode(data)
    except InputError as e:
        raise FixError(str(e)) from None
    text, encoding = decoded.text, decoded.encoding
    try:
        if decoded.encode(text) != data:
            raise FixError(f"the file does not round-trip through {encoding}; not rewriting it")
        new_text = apply_edits(text, edits)
        new = decoded.encode(new_text)
    except (LookupError, UnicodeError) as e:
        raise FixError(f"cannot re-encode as {encoding}: {e}") from None
    if fmt is not None:
        check_fix(text, new_text, edits, fmt)
    return new, text, new_text


def check_fix(old_text: str, new_text: str, edits, fmt: str = "html") -> None:
    """Raise FixError unless the edits only add `rel` values to the links they touch."""
    from .parse import ParseLimit, parse

    try:
        old = parse(old_text, fmt, "old")
        new = parse(new_text, fmt, "new")
    except (ParseLimit, RecursionError) as e:
        raise FixError(f"cannot check the fix: {e}") from None
    if new.text != old.text:
        raise FixError("the fix would change the page's text, not only rel attributes; not writing it")
    if [(a.attr, a.text) for a in new.attribute_texts] != [(a.attr, a.text) for a in old.attribute_texts]:
        raise FixError("the fix would change title or alt texts, not only rel attributes; not writing it")
    if len(new.links) != len(old.links):
        raise FixError("the fix would add or remove a link; not writing it")
    changed = set()
    for i, (a, b) in enumerate(zip(old.links, new.links)):
        if (a.href, a.kind, a.text_start, a.text_end) != (b.href, b.kind, b.text_start, b.text_end):
            raise FixError(f"the fix would change the link to {a.href}, not only its rel; not writing it")
        if not b.rel >= a.rel:
            raise FixError(f"the fix would remove a rel value of the link to {a.href}; not writing it")
        if b.rel != a.rel:
            changed.add(i)
    tags = sorted((link.src_start, link.src_end, i) for i, link in enumerate(old.links) if link.kind == "a")
    starts = [t[0] for t in tags]
    touched = set()
    for e in edits:
        k = bisect_right(starts, e.start) - 1
        if k < 0 or not (tags[k][0] < e.start and e.end <= tags[k][1]):
            raise FixError("an edit falls outside every link's start tag; not writing it")
        touched.add(tags[k][2])
    if touched != changed:
        raise FixError("the fix does not change the rel of exactly the links it edits; not writing it")
    for i in touched:
        a, b = old.links[i], new.links[i]
        if _attributes(old_text[a.src_start : a.src_end], "rel") != _attributes(new_text[b.src_start : b.src_end], "rel"):
            raise FixError(f"the fix would change attributes of the link to {a.href} other than rel; not writing it")


_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")


def _attributes(tag: str, leave_out: str) -> list[tuple[str, str]]:
    """A start tag's attributes as written, in order, but for `leave_out`."""
    m = re.match(r"<[^\s/>]+", tag)
    return [
        (a.group(1).lower(), a.group(2) or "")
        for a in _ATTR.finditer(tag, m.end() if m else 0)
        if a.group(1).lower() != leave_out
    ]


def unified_diff(path: str, old: str, new: str) -> str:
    """The fix as a unified diff, for reading: the page's lines with every control character
    and odd line break shown as an escape (escape.visible), so that the diff cannot drive the
    terminal, and no context line that a CI runner would read as a workflow command (`::`)."""
    shown = escape.path(path)
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{shown}", f"b/{shown}")
    return "".join(_diff_line(line) for line in lines)


_LINE_END = re.compile(r"(\r\n|\n)?\Z")


def _diff_line(line: str) -> str:
    """One line of difflib's output made safe to print (see unified_diff)."""
    if line.startswith(("--- ", "+++ ", "@@ ")):
        return line  # written by difflib from the escaped path and line numbers
    end = _LINE_END.search(line).group(1) or ""
    body = escape.visible(line[:len(line) - len(end)])
    if body[1:].lstrip().startswith("::"):  # the runner trims a line before it reads "::"
        body = body.replace(":", "\\x3a", 1)
    return body + end


def write_atomically(path: str, original: bytes, new: bytes) -> None:
    """Replace `path` with `new`, unless it no longer holds `original` or replacing it would
    change what the user could not change in place (see writable)."""
    target = os.path.realpath(path)  # through a symbolic link: keep the link
    before = _reread(target, original)
    writable(target, before)
    folder = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".disclosurelint-", suffix=".tmp", dir=folder)
    except OSError as e:
        raise FixError(f"cannot write: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(new)
            fh.flush()
            _same_owner_and_mode(fh.fileno(), before)
            os.fsync(fh.fileno())
        # The last moment to notice a change: an editor that saved meanwhile wins. By content,
        # not size and mtime, which a same-size write may restore.
        _reread(target, original, before)
        os.replace(tmp, target)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, FixError):
            raise
        if isinstance(e, OSError):
            raise FixError(f"cannot write: {e.strerror or e}") from None
        raise
    _sync_folder(folder)


def _reread(target: str, original: bytes, before: os.stat_result | None = None) -> os.stat_result:
    """The file's status, after checking that it still holds `original` (its SHA-256, read
    again) and, when `before` is given, is still the same file."""
    digest = hashlib.sha256()
    try:
        with open(target, "rb") as fh:
            st = os.fstat(fh.fileno())
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as e:
        raise FixError(f"cannot re-read before writing: {e.strerror or e}") from None
    if not stat.S_ISREG(st.st_mode):
        raise FixError("not a regular file; not writing the fix")
    if digest.digest() != hashlib.sha256(original).digest() or (before is not None and st.st_ino != before.st_ino):
        raise FixError("the file changed since it was read; not writing the fix")
    return st


def writable(target: str, st: os.stat_result) -> None:
    """FixError unless the fix, which replaces the file by a new one, can keep everything the
    user could keep writing it in place: the user may write it (a read-only file is read-only
    to root too), its owner and group can be kept, and it has no other hard link (replacing it
    would split them)."""
    mode = stat.S_IMODE(st.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise FixError(f"the file is read-only (mode {mode:04o}); make it writable to fix it")
    if not os.access(target, os.W_OK):
        raise FixError("you may not write the file (permission denied)")
    if st.st_nlink > 1:
        raise FixError(f"the file has {st.st_nlink} hard links, which a fix (a new file renamed over it) would split;"
                       " fix it by hand or remove the other links")
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if st.st_uid != os.geteuid():
            raise FixError(f"the file belongs to user {st.st_uid}, and a fix (a new file renamed over it) would make it yours")
        if st.st_gid not in (os.getegid(), *os.getgroups()):
            raise FixError(f"the file's group {st.st_gid} is not one of yours, and a fix would change it")


def _same_owner_and_mode(fd: int, st: os.stat_result) -> None:
    """Give the new file the old one's owner and group, then its mode: in this order, since
    changing the owner clears the setuid and setgid bits."""
    if hasattr(os, "fchown"):
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
        except OSError as e:
            raise FixError(f"cannot keep the file's owner and group ({e.strerror or e}); not writing the fix") from None
    os.fchmod(fd, stat.S_IMODE(st.st_mode))
    if stat.S_IMODE(os.fstat(fd).st_mode) != stat.S_IMODE(st.st_mode):
        raise FixError(f"cannot keep the file's mode {stat.S_IMODE(st.st_mode):04o}; not writing the fix")


def _sync_folder(folder: str) -> None:
    """Make the rename itself survive a crash (where folders can be opened)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
