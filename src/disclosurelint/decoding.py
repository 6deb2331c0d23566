"""Bytes to text, as a browser decodes a page (the WHATWG Encoding Standard).

One function, `decode`, for local files, standard input and served pages alike, so a page gives
the same findings wherever it comes from. The order is the HTML standard's:

1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) wins over everything;
2. the charset of the HTTP `Content-Type` (`content_type`), when its label is one the Encoding
   Standard knows; an unknown label is ignored, as browsers ignore it;
3. bytes that are valid UTF-8 are read as UTF-8 (a page that is valid UTF-8 but declares a
   legacy charset is nearly always a mislabelled template; for ASCII pages both agree);
4. the `<meta charset>` (or `http-equiv` Content-Type) in the first 4 KiB, outside comments,
   or an XML declaration's encoding: `utf-16*` there means UTF-8 and `x-user-defined` means
   windows-1252, as the HTML standard says (a page that says so cannot be UTF-16);
5. otherwise windows-1252, the default of browsers for pages that declare nothing.

Labels are looked up in the Encoding Standard's table (the `webencodings` package), never in
Python's codec registry, which names codecs no browser has (`undefined`, `rot13`, `base64`) and
reads 41 of the standard's 228 labels differently (`iso-8859-1` is windows-1252 on the web).
Bytes the encoding cannot decode become U+FFFD, as in a browser. A label the standard maps to
its "replacement" encoding (ISO-2022-KR, HZ-GB-2312 ...), which browsers refuse to show, and
binary data are an InputError: the one line that becomes the page's DL001.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import webencodings

SNIFF_BYTES = 8192  # how much of a page is looked at for NUL and control bytes
PRESCAN_BYTES = 4096  # how much of a page is searched for <meta charset>
# Bytes that text never holds (libmagic's table): C0 controls but for BEL, BS, TAB, LF, VT, FF,
# CR and ESC, and DEL. Random bytes hold about 9% of them; text, none or a stray few.
_NOT_TEXT = re.compile("[\x00-\x06\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_NOT_TEXT = 1 / 32  # the share of them above which a page is binary data
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16le"), (codecs.BOM_UTF16_BE, "utf-16be"))
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.S)
_META = re.compile(rb"<meta[\s/]([^>]*)", re.I)
_ATTR = re.compile(rb"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_CHARSET_IN_CONTENT = re.compile(rb"""charset\s*=\s*["']?([^\s"';]+)""", re.I)
_XML_DECLARATION = re.compile(rb"""<\?xml[^>]*?\sencoding\s*=\s*["']([^"']+)["']""")


class InputError(Exception):
    """An input that cannot be linted; the message says why in one line."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the Encoding Standard's name (utf-8, windows-1252, utf-16le ...)
    bom: bytes = b""  # the byte-order mark the bytes started with, if any

    def encode(self, text: str) -> bytes:
        """`text` in this encoding with the same byte-order mark (how a fix is written back);
        UnicodeError when it cannot be."""
        return self.bom + webencodings.encode(text, self.encoding, "strict")


def _windows_1252_c1(error: UnicodeError):
    """WHATWG's windows-1252 maps the five bytes cp1252 leaves undefined to the C1 controls."""
    if isinstance(error, UnicodeDecodeError):
        return "".join(chr(b) for b in error.object[error.start:error.end]), error.end
    raise error


codecs.register_error("disclosurelint-windows-1252", _windows_1252_c1)


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def decode(data: bytes, content_type: str | None = None) -> Decoded:
    """The text a browser shows for `data`, served with `content_type` (None for a file)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            if name == "utf-16le" and data.startswith(_UTF32_BOMS):
                break  # UTF-32: refused below, with its own message
            return _checked(_decode(data[len(bom):], name), name, bom)
    if data.startswith(_UTF32_BOMS):
        raise InputError("UTF-32 text (by its byte-order mark), which browsers do not read: save it as UTF-8")
    declared = charset_of(content_type)
    served = _lookup(declared, "the server declares charset")
    if served is not None:
        return _checked(_decode(data, served), served)
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputError("binary file (contains NUL bytes), not HTML or Markdown")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    name = _lookup(prescan(data), "the page declares charset") or "windows-1252"
    if name in ("utf-16le", "utf-16be"):
        name = "utf-8"  # a page that can declare it in ASCII is not UTF-16
    elif name == "x-user-defined":
        name = "windows-1252"
    return _checked(_decode(data, name), name)


def _lookup(label: str | None, who: str) -> str | None:
    """The Encoding Standard's name for `label`; None when there is none or it is unknown."""
    if not label:
        return None
    encoding = webencodings.lookup(label)
    if encoding is None:
        return None
    if encoding.name == "replacement":
        raise InputError(f"{who} {_label(label)}, which browsers refuse to decode (the Encoding Standard"
                         f" maps it to its replacement encoding): declare and save the page as UTF-8")
    return encoding.name


def _label(label: str) -> str:
    shown = "".join(c if c.isprintable() else "?" for c in label[:40])
    return repr(shown + ("…" if len(label) > 40 else ""))


def _decode(data: bytes, name: str) -> str:
    if name == "windows-1252":
        return data.decode("cp1252", "disclosurelint-windows-1252")
    return webencodings.lookup(name).codec_info.decode(data, "replace")[0]


def _checked(text: str, name: str, bom: bytes = b"") -> Decoded:
    """The decoded page, unless its start says it is binary data rather than text."""
    sample = text[:SNIFF_BYTES]
    if "\x00" in sample:
        raise InputError("binary file (contains NUL bytes), not HTML or Markdown")
    odd = len(_NOT_TEXT.findall(sample))
    if sample and odd / len(sample) > _MAX_NOT_TEXT:
        raise InputError(f"binary data ({odd * 100 // len(sample)}% of its first characters are control"
                         " bytes that text never holds), not HTML or Markdown")
    return Decoded(text, name, bom)


def prescan(data: bytes) -> str | None:
    """The charset label a page declares in its first bytes: `<meta charset>`, a `<meta
    http-equiv="Content-Type" content="...; charset=...">` (not inside a comment), or an XML
    declaration's encoding."""
    head = _COMMENT.sub(b"", data[:PRESCAN_BYTES])
    for meta in _META.finditer(head):
        attrs = {}
        for m in _ATTR.finditer(meta.group(1)):
            attrs.setdefault(m.group(1).lower(), (m.group(2) or b"").strip(b"\"'"))
        label = attrs.get(b"charset")
        if not label and attrs.get(b"http-equiv", b"").lower() == b"content-type":
            found = _CHARSET_IN_CONTENT.search(attrs.get(b"content", b""))
            label = found.group(1) if found else None
        if label:
            return label.decode("ascii", "replace")
    xml = _XML_DECLARATION.match(data.lstrip(b" \t\r\n")[:200])
    return xml.group(1).decode("ascii", "replace") if xml else None
