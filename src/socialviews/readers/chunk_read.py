"""Reading one chunk into tweets: its records, rejects, repaired lines and per-tweet facts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.chat.markers import qa_marker
from socialviews.core.encoding import to_utf8
from socialviews.core.errors import SocialViewsError
from socialviews.readers.chunk import CSV_CHUNKABLE, JSONL_CHUNKABLE, Chunk, RetryWhole
from socialviews.readers.document import document_lines
from socialviews.readers.facts import ChunkFacts, chunk_facts

if TYPE_CHECKING:
    from socialviews.readers.pages import SetAside

#: Formats read from JSON, where an id may be a JSON number.
JSON_FORMATS = frozenset({"twarc2", "twarc2-flat", "v1.1", "archive", "snscrape", "jsonl"})
_EXACT_FLOAT = re.compile(r"^\d+\.0*$")
_LOSSY_NUMBER = re.compile(r"^(?:-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|-?\.\d+(?:[eE][+-]?\d+)?|-?(?:NaN|Infinity))$")
#: Computed columns; an input column of the same name is kept as ``input_<name>``.
COMPUTED_COLUMNS = ("qa", "question")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _clean(record: dict) -> int:
    """Replace lone surrogates (from JSON escapes such as ``\\ud83d``) by U+FFFD and drop NUL bytes; the
    number of surrogates replaced."""
    joined = "".join([v for v in record.values() if v.__class__ is str]) + "".join(record)
    if "\x00" in joined:  # a NUL byte breaks the tools that read the output: dropped
        for key, value in list(record.items()):
            if isinstance(value, str) and "\x00" in value:
                record[key] = value.replace("\x00", "")
    if joined.isascii() or not _SURROGATE.search(joined):
        return 0
    replaced = 0
    items = list(record.items())
    record.clear()
    for key, value in items:
        if _SURROGATE.search(key):  # a column name, too, must be writable as UTF-8
            key, count = _SURROGATE.subn("\ufffd", key)
            replaced += count
        if isinstance(value, str) and _SURROGATE.search(value):
            value, count = _SURROGATE.subn("\ufffd", value)
            replaced += count
        record.setdefault(key, value)
    return replaced


def _renamed(record: dict) -> dict:
    """``record`` with computed column names kept as ``input_<name>`` (``input_input_<name>`` when taken)."""
    renamed: dict = {}
    for key, value in record.items():
        if key in COMPUTED_COLUMNS:
            key = f"input_{key}"
            while key in record or key in renamed:
                key = f"input_{key}"
        renamed[key] = value
    return renamed


def _float_id(value: str) -> str | None:
    """An id read from JSON as written: ``123.0`` gives ``123`` (every digit was written); an
    exponent (``1.2e18``), a fraction, NaN or Infinity gives None (the digits are lost); any other
    text is kept."""
    if _EXACT_FLOAT.match(value):
        return value.split(".", 1)[0]
    if _LOSSY_NUMBER.match(value) and any(c in value for c in ".eEIN"):  # a JSON integer has none of these
        return None
    return value


@dataclass
class ChunkRead:
    """The result of reading one chunk."""

    chunk: Chunk
    records: int = 0
    surrogates_replaced: int = 0
    float_ids: int = 0  # ids written as JSON numbers with a zero fraction, taken as their digits
    encoding: str = ""  # what the chunk's bytes were (socialviews.core.encoding)
    repaired: list[int] = field(default_factory=list)  # lines of the tweets whose bytes were read as Windows-1252
    rejects: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    facts: ChunkFacts | None = None
    aside: SetAside | None = None  # a part of a twarc2 file: what it sets aside for the file's end


def read_chunk(chunk: Chunk, text_column: str | None = None, spool: Path | None = None,
               tail: list[SetAside] | None = None) -> ChunkRead:
    """Read the records of ``chunk``: its tweets (all of them, duplicates too), rejects and facts.

    A part of a twarc2 file sets the tweets its pages only include aside in ``spool`` (see
    :mod:`socialviews.readers.pages`); with ``tail``, the set-asides of every part of a file,
    the chunk is the file's included tweets that no part has as its own.

    Raises
    ------
    RetryWhole
        When ``chunk`` is part of a CSV file and its bytes do not end at a record boundary.
    """
    from socialviews.readers.formats import FORMATS
    from socialviews.readers.pages import PAGED, set_aside, tail_records
    from socialviews.readers.twarc2 import Aside, read_own

    result = ChunkRead(chunk)
    partial_csv = not chunk.whole and chunk.fmt in CSV_CHUNKABLE
    decoded = to_utf8(chunk.data(), chunk.encoding or None)
    result.encoding = decoded.encoding
    data, repaired_lines = decoded.data, decoded.repaired_lines
    lines = document_lines(data) if chunk.whole else None
    if lines is not None:  # one JSON document: its elements, one a line
        data = lines
        if repaired_lines:
            repaired_lines = tuple(k for k, line in enumerate(lines.split(b"\n"), start=1) if not line.isascii())
    # Text decoded from UTF-8 holds no lone surrogate; only a NUL byte or a JSON escape (\u0000,
    # \ud83d) can put in a record what _clean takes out. Records read from these bytes alone need no check.
    unclean = (tail is not None or chunk.fmt not in CSV_CHUNKABLE | JSONL_CHUNKABLE
               or b"\x00" in data or b"\\u" in data)
    starts: list[int] = []  # the line of every record, and of every tweet
    tweet_lines: list[int] = []
    aside = None
    if tail is not None:
        records = tail_records(tail)
    elif chunk.fmt in PAGED and not chunk.whole:
        aside = Aside()
        records = read_own(data, chunk.name, text_column, aside)
    else:
        records = FORMATS[chunk.fmt][1](data, chunk.name, text_column)
    try:
        for line, record, reason, raw in records:
            result.records += 1
            starts.append(line)
            if record is None or not record["text"].strip():
                if partial_csv and record is None and reason.startswith("malformed CSV"):
                    raise RetryWhole
                reason = reason if record is None else "empty text"
                result.rejects.append(
                    {"source": chunk.name, "line": line + chunk.line_offset, "reason": reason,
                     "raw": _SURROGATE.sub("\ufffd", raw)}
                )
                continue
            if chunk.fmt in JSON_FORMATS and record["tweet_id"] and not record["tweet_id"].isdigit():
                fixed = _float_id(record["tweet_id"])
                if fixed is None:
                    result.rejects.append(
                        {"source": chunk.name, "line": line + chunk.line_offset, "raw": _SURROGATE.sub("\ufffd", raw),
                         "reason": f"the id {record['tweet_id'][:40]} is a JSON number whose digits are lost; "
                                   "export ids as strings (id_str)"})
                    continue
                if fixed != record["tweet_id"]:
                    record["tweet_id"] = fixed
                    result.float_ids += 1
            if unclean:
                result.surrogates_replaced += _clean(record)
            if any(column in record for column in COMPUTED_COLUMNS):
                record = _renamed(record)
            record["qa"] = qa_marker(record["text"])
            result.rows.append(record)
            tweet_lines.append(line)
    except SocialViewsError as exc:
        if partial_csv and "never closed" in str(exc):
            raise RetryWhole from None
        raise
    if repaired_lines:
        result.repaired = [line + chunk.line_offset for line in _repaired(tweet_lines, starts, repaired_lines)]
    if aside is not None:
        spill = spool / f"chunk-{chunk.index}.included.pickle" if spool is not None else None
        result.aside = set_aside(aside, chunk.line_offset, spill)
    result.facts = chunk_facts(result.rows)
    return result


def _repaired(tweet_lines: list[int], starts: list[int], repaired_lines: tuple[int, ...]) -> list[int]:
    """The lines of the tweets whose record spans a repaired line.

    A record spans the lines from its own to the line before the next record's (records of one
    line, such as the tweets of a twarc2 page, span that line).
    """
    from bisect import bisect_left, bisect_right

    distinct = sorted(set(starts))
    found = []
    for line in tweet_lines:
        after = bisect_right(distinct, line)
        last = distinct[after] - 1 if after < len(distinct) else float("inf")
        k = bisect_left(repaired_lines, line)
        if k < len(repaired_lines) and repaired_lines[k] <= max(last, line):
            found.append(line)
    return found
