"""Physical records of an export: CSV rows, JSON lines, items of a JSON array, each with its line.

These iterators are the only place that decodes bytes. Each yields ``(line, value, reason, raw)``:
``value`` is the parsed record, or None with ``reason`` saying why it could not be read and ``raw``
holding its text (undecodable bytes shown as U+FFFD), so the reader can reject it and go on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator

from socialviews.core.encoding import decode_text
from socialviews.core.errors import SocialViewsError
from socialviews.core.words import counted

Row = tuple[int, "dict | None", str, str]

_ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
# numbers stay as written: an id exported as a JSON number keeps every digit it was written with
_DECODER = json.JSONDecoder(parse_int=str, parse_float=str, parse_constant=str)
_ELEMENT_START = re.compile(r"[\[,]\s*(\{)")


def printable(text: str) -> str:
    """``text`` with undecodable bytes and lone surrogates shown as U+FFFD (safe to write anywhere)."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def decode(data: bytes) -> str:
    """The text of ``data`` without a BOM, whatever its encoding (:func:`socialviews.core.encoding.decode_text`).

    Chunks reach the readers as UTF-8 already; this also decodes files a reader opens itself
    (``account.js``, ``user_details.js``).
    """
    return decode_text(data)


def has_bad_bytes(text: str) -> bool:
    """True when ``text`` (from :func:`decode`) held bytes that are not UTF-8."""
    return bool(_ESCAPED_BYTE.search(text))


def sniff_delimiter(data: bytes) -> str:
    """The delimiter of a CSV header line: comma, tab (after Excel) or semicolon (European Excel)."""
    first = data.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    counts = {",": first.count(b","), "\t": first.count(b"\t"), ";": first.count(b";")}
    best = max(counts, key=lambda key: counts[key])
    return best if counts[best] > counts[","] else ","


def header_of(head: bytes) -> list[str]:
    """The column names of a CSV's first line (lower-cased, stripped); [] when there is none."""
    text = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", errors="replace").rstrip("\r")
    if not text.strip() or text.lstrip()[:1] in ("{", "["):
        return []
    try:
        return [name.strip().lower() for name in next(csv.reader([text], delimiter=sniff_delimiter(head)))]
    except (csv.Error, StopIteration):
        return []


#: Limits on one record: a longer field or more columns is not a chat export (a tweet is at most
#: 25,000 characters; real exports have at most a few hundred columns).
MAX_FIELD_CHARS = 1 << 20
MAX_COLUMNS = 2_000
csv.field_size_limit(MAX_FIELD_CHARS)


def _open_quote_line(lines: list[str], first: int, delimiter: str) -> int:
    """The line (1-based) where the quote left open from line ``first`` on was opened."""
    opened, in_quote, at_field_start = first, False, True
    for number, line in enumerate(lines[first - 1 :], start=first):
        i = 0
        while i < len(line):
            char = line[i]
            if in_quote:
                if char == '"':
                    if line[i + 1 : i + 2] == '"':
                        i += 1
                    else:
                        in_quote = False
            elif char == '"' and at_field_start:
                in_quote, opened = True, number
            at_field_start = not in_quote and char in (delimiter, "\n", "\r")
            i += 1
    return opened


def csv_rows(
    data: bytes, source: str, delimiter: str | None = None, short_rows: bool = False
) -> tuple[list[str], Iterator[Row]]:
    """The header of a CSV export and an iterator over its records as dicts (header name -> cell).

    A record with another number of fields than the header, a malformed quote or an undecodable
    byte is yielded as a reject; a quote that is never closed refuses the whole file with a
    :class:`SocialViewsError` naming the line where it opened. With ``short_rows``, a record that
    leaves out empty trailing fields (as the classic archive's month CSVs do) has them filled with "".
    """
    delimiter = delimiter or sniff_delimiter(data)
    text = decode(data)
    clean = not has_bad_bytes(text)  # then no record needs the check
    lines = list(io.StringIO(text, newline=""))
    del text
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise SocialViewsError(f"{source} is empty; export the chat again or pick another file") from None
    except csv.Error as exc:
        raise SocialViewsError(f"{source}: not a readable CSV header ({exc})") from None
    header = [printable(name.strip()) for name in header]
    if not any(header):
        raise SocialViewsError(f"{source}: the first line is not a CSV header")
    if len(header) > MAX_COLUMNS:
        raise SocialViewsError(f"{source} has {len(header):,} columns, more than the {MAX_COLUMNS:,} a chat export "
                               "may have; is it a chat export?")
    return header, _records(reader, lines, header, source, delimiter, short_rows, clean)


def _records(
    reader, lines: list[str], header: list[str], source: str, delimiter: str, short_rows: bool = False,
    clean: bool = False,
) -> Iterator[Row]:
    start = reader.line_num
    while True:
        try:
            cells = next(reader)
            error = ""
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):  # this record only: the reader goes on after the line it stopped at
                line, start = start + 1, reader.line_num
                yield line, None, f"a field longer than {MAX_FIELD_CHARS:,} characters", printable(lines[line - 1][:200])
                continue
            if "end of data" in str(exc):
                where = _open_quote_line(lines, start + 1, delimiter)
                raise SocialViewsError(
                    f"{source}: a quote opened on line {where} is never closed ({exc}); fix that line or "
                    "export the file again"
                ) from None
            cells, error = [], f"malformed CSV ({exc})"
        line, start = start + 1, reader.line_num
        raw = "".join(lines[line - 1 : start]).rstrip("\r\n")
        if not error and not cells:
            continue  # a blank line is no record
        if error:
            yield line, None, error, printable(raw)
        elif not clean and has_bad_bytes(raw):
            yield line, None, "undecodable byte (not UTF-8)", printable(raw)
        elif short_rows and 0 < len(cells) < len(header):
            yield line, dict(zip(header, cells + [""] * (len(header) - len(cells)))), "", raw
        elif len(cells) != len(header):
            yield line, None, f"{counted(len(cells), 'field')}, the header has {len(header)}", raw
        elif [cell.strip() for cell in cells] == header:
            yield line, None, "the header again (two exports joined into one file?)", printable(raw)
        else:
            yield line, dict(zip(header, cells)), "", raw


def json_lines(data: bytes) -> Iterator[Row]:
    """Every non-blank line of a JSON Lines export as a dict (ints kept as their digits, as strings)."""
    lines = data.split(b"\n")
    if lines and lines[0].startswith(b"\xef\xbb\xbf"):
        lines[0] = lines[0][3:]
    unterminated = not data.endswith(b"\n")
    for number, raw_line in enumerate(lines, start=1):
        raw_line = raw_line.rstrip(b"\r")
        if not raw_line.strip():
            continue
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError as exc:
            reason = f"undecodable byte (not UTF-8) at column {exc.start + 1}"
            yield number, None, reason, raw_line.decode("utf-8", "replace")
            continue
        try:
            obj = _DECODER.decode(line)
        except RecursionError:
            yield number, None, "not JSON (nested too deeply)", printable(line)
            continue
        except ValueError as exc:
            reason = f"not JSON ({getattr(exc, 'msg', exc)})"
            if unterminated and number == len(lines):
                reason = f"truncated last line, {reason}"
            yield number, None, reason, printable(line)
            continue
        if not isinstance(obj, dict):
            yield number, None, "not a JSON object", printable(line)
            continue
        if len(obj) > MAX_COLUMNS:
            yield number, None, f"{len(obj):,} keys, more than the {MAX_COLUMNS:,} columns a tweet may have", printable(line[:200])
            continue
        yield number, obj, "", line


def array_items(text: str, pos: int, looks_like_item) -> Iterator[Row]:
    """The items of the JSON array that starts at ``text[pos]``, each with the line where it starts.

    An item that does not parse is yielded as a reject; reading goes on at the next position where
    an array element parses and ``looks_like_item`` accepts it (or stops at the end of the text).
    """
    counted, line = 0, 1

    def line_at(index: int) -> int:
        nonlocal counted, line
        line += text.count("\n", counted, index)
        counted = index
        return line

    pos += 1  # past "["
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            return
        if text[pos] == "]":
            rest = text[pos + 1 :].strip().lstrip(";").strip()
            if rest:
                yield line_at(pos), None, "text after the end of the array", printable(rest[:2000])
            return
        try:
            obj, end = _DECODER.raw_decode(text, pos)
            reason = "" if isinstance(obj, dict) else "not a JSON object"
        except RecursionError:
            obj, end, reason = None, -1, "not JSON (nested too deeply)"
        except ValueError as exc:
            obj, end, reason = None, -1, f"not JSON ({getattr(exc, 'msg', exc)})"
        if end > 0 and has_bad_bytes(text[pos:end]):
            obj, reason = None, "undecodable byte (not UTF-8)"
        if obj is not None and not reason:
            yield line_at(pos), obj, "", text[pos:end]
            pos = end
            continue
        resume = _resync(text, max(end, pos + 1), looks_like_item)
        stop = len(text) if resume is None else resume
        yield line_at(pos), None, reason, printable(text[pos:stop].strip().rstrip(","))
        if resume is None:
            return
        pos = resume


def _resync(text: str, start: int, looks_like_item) -> int | None:
    for match in _ELEMENT_START.finditer(text, start):
        try:
            obj, _ = _DECODER.raw_decode(text, match.start(1))
        except (ValueError, RecursionError):
            continue
        if isinstance(obj, dict) and looks_like_item(obj):
            return match.start(1)
    return None


def head_objects(head: bytes, limit: int = 5) -> list[dict]:
    """Up to ``limit`` JSON objects from the complete lines of ``head`` (for format detection)."""
    found: list[dict] = []
    for raw_line in head.lstrip(b"\xef\xbb\xbf").split(b"\n")[:50]:
        if not raw_line.strip():
            continue
        try:
            obj = _DECODER.decode(raw_line.decode("utf-8", errors="replace"))
        except (ValueError, RecursionError):
            continue
        if isinstance(obj, dict):
            found.append(obj)
            if len(found) >= limit:
                break
    return found
