"""Making page text safe for where a formatter writes it.

Page text reaches output through paths, messages and (in `full`) source lines. A page is
untrusted input, so none of it may reach a terminal as a control character or an escape
sequence, break an XML document, or start a line a CI runner reads as a command.
"""

from __future__ import annotations

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
