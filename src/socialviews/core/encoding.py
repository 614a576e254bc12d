"""Text files as real machines write them: UTF-8 with or without a BOM, UTF-16, Windows-1252.

Every file the package reads goes through :func:`to_utf8` (or :func:`decode_text`), so the rest of
the code sees UTF-8 without a BOM:

- a UTF-8 BOM is dropped;
- UTF-16 with a BOM (Windows PowerShell's ``>``, Excel's "Unicode text") is decoded;
- a file in Windows-1252 (Excel's plain "CSV" on Windows; Latin-1 is the same for printable
  text) is decoded as such. The decision is made per file: a file whose bytes that are not UTF-8
  outnumber its UTF-8 encoded non-ASCII characters is Windows-1252;
- in a UTF-8 file, a stray byte that is not UTF-8 (a Latin-1 ``é`` pasted into a UTF-8 file) is
  read as the Windows-1252 character it stands for.

The lines that needed Windows-1252 are reported, so that readers can count the records repaired.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

UTF8 = "utf-8"
UTF16 = "utf-16"
WINDOWS_1252 = "windows-1252"

_ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_BLOCK = 1 << 22


@dataclass(frozen=True)
class Decoded:
    """A file's bytes as UTF-8 without a BOM.

    Attributes
    ----------
    data : bytes
        The text, UTF-8 encoded; line breaks as they were.
    encoding : str
        What the file was: ``utf-8``, ``utf-16`` or ``windows-1252``.
    repaired_lines : tuple of int
        The lines (1-based, counted by ``\\n``) that held bytes read as Windows-1252.
    """

    data: bytes
    encoding: str
    repaired_lines: tuple[int, ...] = ()


@lru_cache(maxsize=1)
def _windows_1252() -> dict[int, str]:
    """Latin-1 code point -> the Windows-1252 character of that byte (0x80-0x9F; five bytes stay)."""
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: not assigned, kept as Latin-1 controls
            continue
    return table


def windows_1252(data: bytes) -> str:
    """``data`` decoded as Windows-1252 (every byte maps to one character; none fails)."""
    return data.decode("latin-1").translate(_windows_1252())


def _escaped_to_1252(match: re.Match) -> str:
    return windows_1252(bytes([ord(match.group()) - 0xDC00]))


def _utf16(data: bytes) -> bool:
    return data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _is_1252(bad_bytes: int, good_chars: int) -> bool:
    return bad_bytes > good_chars


def detect_encoding(data: bytes) -> str:
    """``utf-16`` (a BOM says so), ``utf-8`` (stray bytes aside) or ``windows-1252``, for a whole file."""
    if _utf16(data):
        return UTF16
    try:
        data.decode(UTF8)
        return UTF8
    except UnicodeDecodeError:
        pass
    text = data.decode(UTF8, errors="surrogateescape")
    bad = len(_ESCAPED_BYTE.findall(text))
    return WINDOWS_1252 if _is_1252(bad, len(_NON_ASCII.findall(text)) - bad) else UTF8


def file_encoding(path: str | Path) -> str:
    """:func:`detect_encoding` of a file, read a block at a time (for files too big to hold)."""
    strict = codecs.getincrementaldecoder(UTF8)()
    with open(path, "rb") as handle:
        first = handle.read(_BLOCK)
        if _utf16(first):
            return UTF16
        try:
            block = first
            while block:
                strict.decode(block)
                block = handle.read(_BLOCK)
            strict.decode(b"", final=True)
            return UTF8
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        lenient = codecs.getincrementaldecoder(UTF8)(errors="surrogateescape")
        bad = good = 0
        while True:
            block = handle.read(_BLOCK)
            text = lenient.decode(block, final=not block)
            if not text.isascii():
                escaped = len(_ESCAPED_BYTE.findall(text))
                bad += escaped
                good += len(_NON_ASCII.findall(text)) - escaped
            if not block:
                break
    return WINDOWS_1252 if _is_1252(bad, good) else UTF8


def _lines_of(text: str, positions: list[int]) -> tuple[int, ...]:
    """The distinct 1-based lines of character ``positions`` (ascending) in ``text``."""
    lines: list[int] = []
    line, counted = 1, 0
    for pos in positions:
        line += text.count("\n", counted, pos)
        counted = pos
        if not lines or lines[-1] != line:
            lines.append(line)
    return tuple(lines)


def to_utf8(data: bytes, encoding: str | None = None) -> Decoded:
    """``data`` as UTF-8 without a BOM, decoded from its encoding (detected when not given).

    Parameters
    ----------
    data : bytes
        A whole file, or a piece of one cut at a line break (then pass the file's ``encoding``).
    encoding : str, optional
        ``utf-8``, ``utf-16`` or ``windows-1252``, as :func:`detect_encoding` or :func:`file_encoding` tell.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    encoding = encoding or detect_encoding(data)
    if encoding == UTF16 or _utf16(data):
        return Decoded(data.decode(UTF16, errors="replace").encode(UTF8), UTF16)
    if encoding == WINDOWS_1252:
        if data.isascii():
            return Decoded(data, WINDOWS_1252)
        text = windows_1252(data)
        positions = [match.start() for match in _NON_ASCII.finditer(text)]
        return Decoded(text.encode(UTF8), WINDOWS_1252, _lines_of(text, positions))
    try:
        data.decode(UTF8)
        return Decoded(data, UTF8)
    except UnicodeDecodeError:
        pass
    text = data.decode(UTF8, errors="surrogateescape")
    positions = [match.start() for match in _ESCAPED_BYTE.finditer(text)]
    return Decoded(_ESCAPED_BYTE.sub(_escaped_to_1252, text).encode(UTF8), UTF8, _lines_of(text, positions))


def decode_text(data: bytes) -> str:
    """The text of a whole file, whatever its encoding (see :func:`to_utf8`)."""
    return to_utf8(data).data.decode(UTF8)


def read_text(path: str | Path) -> str:
    """The text of the file at ``path``, whatever its encoding (see :func:`to_utf8`)."""
    return decode_text(Path(path).read_bytes())
