r"""Making text that came from outside safe for where it is written: the one escaping module.

Page text, URLs and file names reach output through paths, messages, notes on standard error,
`--diff` lines and (in `full`) source lines. None of it is trusted, so none of it may reach a
terminal as a control character or an escape sequence, break a JSON or XML document, start a
line a CI runner reads as a command, or flood the output. Per destination:

- a terminal, a log or a text file (`text`, `concise`, `full`, notes on standard error):
  `one_line` drops escape sequences, C0 and C1 controls and bidirectional controls, turns line
  breaks (CR, LF, NEL, U+2028, U+2029) into spaces, and writes bytes of a file name that are
  not UTF-8 as `\xNN`;
- `github` workflow commands: `github_data`/`github_property` (github.py) on top of the same;
- JSON (`json`, `json-lines`, `gitlab`, `sarif`): `json_dumps` writes C1 controls, DEL, NEL,
  U+2028, U+2029 and the bidirectional controls as `\uXXXX` escapes (JSON escapes C0 itself),
  so each object stays on one line for any reader and the text is kept exactly;
- XML (`junit`): `xml_text` drops what XML 1.0 cannot carry;
- `--diff`: `visible` shows each control as an escape, and a context line that a runner would
  read as a workflow command has its first `:` written `\x3a`.

File names are written by `path`, which is lossless: a name that is valid UTF-8 and holds no
control, bidirectional control or line break (nearly every name) is written as it is; any
other name, and one that starts with `"`, is written in double quotes with C-style escapes, as
git quotes names: `\\` and `\"`, and `\xNN` for each byte of an escaped character in UTF-8 or
for a byte that is not UTF-8 (`"caf\xe9.html"` is the Latin-1 name caf\xe9.html). `unquote_path`
gives the bytes back. SARIF, which holds URIs, percent-encodes the bytes instead.

Every value is capped (`cap`, `MAX_SHOWN` characters: a 20 MB sitemap URL is one finding of a
few KiB, not a 40 MB line); page text quoted in messages is capped far lower (engine.quote).
"""

from __future__ import annotations

import json
import re

# Whole escape sequences, so that no "[31m" debris is left behind: CSI (ESC [ or the 8-bit
# CSI), string sequences (OSC, DCS, SOS, PM, APC) up to their terminator, and the short
# two- or three-character ESC sequences.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 and C1 controls and DEL, and the invisible bidirectional controls that can make a line
# read differently from what it says ("Trojan Source"). Tab, CR and LF are handled apart.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAK = re.compile("[\t\n\r\x85\u2028\u2029]")
# Characters XML 1.0 cannot carry at all (not even as character references), and lone
# surrogates (which a path decoded with surrogateescape may hold).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_controls(text: object) -> str:
    """`text` without escape sequences or control characters; tab, CR and LF are kept."""
    return _CONTROL.sub("", _SEQUENCE.sub("", str(text)))


def one_line(text: object) -> str:
    """`text` safe to print on one terminal line: no escapes, no controls, no line breaks."""
    return _BREAK.sub(" ", strip_controls(text))


def xml_text(text: object) -> str:
    """`text` with the characters XML 1.0 forbids (and escape sequences) removed."""
    return _NOT_XML.sub("", strip_controls(text))


MAX_SHOWN = 4096  # characters of one path, URL or message written (longer ones are cut)
# Characters a file name is quoted for: controls, line breaks, bidirectional controls, the
# surrogates that stand for bytes that are not UTF-8 (surrogateescape), and a leading quote.
_UNUSUAL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What JSON may hold raw but a reader may take for a line break or reorder: \uXXXX-escaped.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_OTHER_BREAK = re.compile("[\x85\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def cap(text: str, limit: int = MAX_SHOWN) -> str:
    """`text`, cut to `limit` characters with a note of how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters in all)"


def _bytes_shown(ch: str) -> str:
    """A character as the \\xNN escapes of its bytes (a surrogate from surrogateescape is its byte)."""
    code = ord(ch)
    data = bytes([code - 0xDC00]) if 0xDC80 <= code <= 0xDCFF else ch.encode("utf-8", "surrogatepass")
    return "".join(f"\\x{b:02x}" for b in data)


def undecodable(text: object) -> str:
    """`text` with each lone surrogate (a byte of a file name that is not UTF-8) as \\xNN,
    so that it can be written as UTF-8."""
    return _SURROGATE.sub(lambda m: _bytes_shown(m.group()), str(text))


def path(name: str) -> str:
    """A file name (or URL) written losslessly; see the module docstring. Capped."""
    if not _UNUSUAL.search(name) and not name.startswith('"'):
        return cap(name)
    quoted = "".join(_C_ESCAPES.get(ch) or (_bytes_shown(ch) if _UNUSUAL.match(ch) else ch) for ch in name)
    return cap('"' + quoted + '"')


def unquote_path(shown: str) -> bytes:
    """The bytes of the name `path` wrote as `shown` (os.fsdecode gives the str back)."""
    if not shown.startswith('"'):
        return shown.encode("utf-8", "surrogateescape")
    out = bytearray()
    inner, i = shown[1:-1], 0
    while i < len(inner):
        ch = inner[i]
        if ch != "\\":
            out += ch.encode("utf-8")
            i += 1
        elif inner[i + 1] == "x":
            out.append(int(inner[i + 2:i + 4], 16))
            i += 4
        else:
            out += {"t": b"\t", "n": b"\n", "r": b"\r"}.get(inner[i + 1], inner[i + 1].encode())
            i += 2
    return bytes(out)


def uri_safe(url: str) -> str:
    """A URL with its controls, line breaks and bidirectional controls percent-encoded."""
    return _UNUSUAL.sub(lambda m: _bytes_shown(m.group()).replace("\\x", "%").upper(), url)


def note(text: object) -> str:
    """A line for standard error: one line, no controls, capped."""
    return cap(one_line(undecodable(text)), 2 * MAX_SHOWN)


def message(text: object) -> str:
    """A finding's message for any format: writable as UTF-8, capped."""
    return cap(undecodable(text))


def github_data(text: object) -> str:
    """A workflow command's message: no escape sequences or controls, and the line breaks
    (NEL, U+2028 and U+2029 too) escaped as the runner requires, with `%`, so that a finding
    is always exactly one line."""
    text = _OTHER_BREAK.sub("\n", strip_controls(undecodable(text)))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: object) -> str:
    """A workflow command's property value: as its message, and `:` and `,` escaped too."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def json_dumps(value, **options) -> str:
    """JSON text with the characters JSON may hold raw, but readers may take for line breaks
    or reorder, escaped (json.dumps escapes C0 controls itself)."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def visible(text: str) -> str:
    """`text` with every control (but tab), line break and bidirectional control shown as the
    escapes of its bytes, for output that must show what is there (`--diff` lines)."""
    return _UNUSUAL.sub(lambda m: m.group() if m.group() == "\t" else _bytes_shown(m.group()), text)
