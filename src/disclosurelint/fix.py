"""Applying the edits that findings carry (`--fix`, `--diff`).

A file is written only when every edit applies cleanly: the text must encode back to the
exact bytes that were read (same encoding, same byte-order mark), the edits must not
overlap, and the file must not have changed since it was read. The write is atomic (a
temporary file in the same folder, permissions copied, then renamed over the original).
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile

from .sources import InputError, decode_with_encoding


class FixError(Exception):
    """A fix that was not applied; the message says why."""


def apply_edits(text: str, edits) -> str:
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            raise FixError("overlapping edits")
    out = text
    for e in reversed(ordered):
        out = out[: e.start] + e.text + out[e.end :]
    return out


def fixed_bytes(data: bytes, edits) -> tuple[bytes, str, str]:
    """(new bytes, old text, new text) for `data` with `edits` applied."""
    try:
        text, encoding, bom = decode_with_encoding(data)
    except InputError as e:
        raise FixError(str(e)) from None
    try:
        if bom + text.encode(encoding) != data:
            raise FixError(f"the file does not round-trip through {encoding}; not rewriting it")
        new_text = apply_edits(text, edits)
        return bom + new_text.encode(encoding), text, new_text
    except (LookupError, UnicodeError) as e:
        raise FixError(f"cannot re-encode as {encoding}: {e}") from None


def unified_diff(path: str, old: str, new: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path}", f"b/{path}"
        )
    )


def write_atomically(path: str, original: bytes, new: bytes) -> None:
    """Replace `path` with `new`, unless it no longer holds `original`."""
    try:
        with open(path, "rb") as fh:
            current = fh.read()
    except OSError as e:
        raise FixError(f"cannot re-read before writing: {e.strerror or e}") from None
    if current != original:
        raise FixError("the file changed since it was read; not writing the fix")
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".disclosurelint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(new)
            fh.flush()
            os.fsync(fh.fileno())
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise FixError(f"cannot write: {e.strerror or e}") from None
