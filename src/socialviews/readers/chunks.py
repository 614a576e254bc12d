"""Reading exports in chunks: bounded memory, parallel workers, and the same tweets as a whole read.

A big CSV or JSON Lines export is cut at record boundaries into chunks that a worker can read on
its own (the CSV header is put in front of each chunk, line numbers are shifted back). Reading a
chunk gives its tweets and, per tweet, the few facts the whole file is needed for: the id (for
duplicates), the time, the reply and the Q/A marker (for the question a tweet answers). Once all
chunks of a file are read, :class:`FileAssembler` decides which tweets are kept and which question
each answers, exactly as :func:`~socialviews.chat.questions.assign_questions` does on the whole file.

Formats whose records depend on each other (twarc2 pages that carry referenced tweets, the JSON
arrays of archives) and files inside a .zip are read whole, as one chunk.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from socialviews.chat.markers import asks, is_question_marker, marker_number, qa_marker
from socialviews.chat.questions import id_key, question_numbers
from socialviews.chat.sessions import ISO_TIME
from socialviews.core.encoding import UTF16, file_encoding, to_utf8
from socialviews.core.errors import SocialViewsError, UsageError
from socialviews.readers.document import document_lines, looks_like_document
from socialviews.readers.fields import NO_ID, RETWEET_PREFIX, is_mangled_id, numeric_id

if TYPE_CHECKING:
    import pandas as pd

    from socialviews.readers.pages import SetAside

#: Formats whose records stand alone, one per CSV row or JSON line.
CSV_CHUNKABLE = frozenset({"csv", "tags", "twarc-csv", "twarc1-csv"})
JSONL_CHUNKABLE = frozenset({"jsonl", "v1.1", "snscrape"})
#: Formats read from JSON, where an id may be a JSON number.
JSON_FORMATS = frozenset({"twarc2", "twarc2-flat", "v1.1", "archive", "snscrape", "jsonl"})
_EXACT_FLOAT = re.compile(r"^\d+\.0*$")
_LOSSY_NUMBER = re.compile(r"^(?:-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|-?\.\d+(?:[eE][+-]?\d+)?|-?(?:NaN|Infinity))$")
#: Computed columns; an input column of the same name is kept as ``input_<name>``.
COMPUTED_COLUMNS = ("qa", "question")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BLOCK = 1 << 20
#: About how many bytes of twarc2 pages hold one tweet (with its share of the includes), to cut them.
PAGE_BYTES_PER_TWEET = 1024


@dataclass(frozen=True)
class Chunk:
    """A piece of one input that a worker reads on its own.

    ``start``/``end`` are byte offsets (``end`` None: to the end of the file); ``header`` goes in
    front of the bytes (a CSV header for chunks after the first); ``line_offset`` is added to the
    reader's line numbers. ``whole`` chunks are the entire input, read with :func:`read_source`.
    """

    index: int
    file_index: int
    source: str
    name: str
    fmt: str
    start: int = 0
    end: int | None = None
    header: bytes = b""
    line_offset: int = 0
    whole: bool = True
    encoding: str = ""  # the file's encoding (socialviews.core.encoding); "" to detect it from the chunk's data
    payload: bytes | None = field(default=None, repr=False, compare=False)  # stdin, read once

    def data(self) -> bytes:
        from socialviews.files.sources import read_source

        if self.payload is not None:
            return self.payload
        if self.whole:
            return read_source(self.source)
        with open(self.source, "rb") as handle:
            handle.seek(self.start)
            body = handle.read(self.end - self.start)
        return self.header + body


class RetryWhole(Exception):
    """A chunk boundary fell inside a quoted CSV field: the file must be read whole."""


# --------------------------------------------------------------------------------------------
# planning


def _scan_csv(path: str, every: int) -> tuple[int, int, list[tuple[int, int]]]:
    """Header end, header lines, and (offset, lines before it) of every ``every``-th record boundary.

    A boundary is a newline outside quotes: with the RFC 4180 doubling of quotes, a newline is
    outside quotes when an even number of quote characters come before it. A stray quote in an
    unquoted field breaks this; the reader of the chunk then finds an unclosed quote at its end
    and the file is read whole instead (see :class:`RetryWhole`). Lines are counted as the CSV
    reader counts them (``\\n``, ``\\r\\n`` and a lone ``\\r`` each end one).
    """
    quotes_before = 0
    lines_before = 0
    offset = 0
    header_end = header_lines = None
    since = 0
    cuts: list[tuple[int, int]] = []
    last_cr = False
    with open(path, "rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            if not block:
                break
            arr = np.frombuffer(block, dtype=np.uint8)
            newline = arr == 10
            is_quote = arr == 34
            cr = arr == 13
            next_is_nl = np.empty(len(arr), dtype=bool)
            next_is_nl[:-1] = newline[1:]
            next_is_nl[-1] = False  # a \r at the end of a block: decided with the next block
            lone_cr = cr & ~next_is_nl
            if len(arr) and cr[-1]:
                lone_cr[-1] = False
            breaks = newline | lone_cr
            if last_cr and not newline[0]:
                lines_before += 1  # the \r that ended the previous block stood alone
            last_cr = bool(cr[-1])
            positions = np.flatnonzero(newline)
            if len(positions):
                quote_at = np.flatnonzero(is_quote)
                quotes = np.searchsorted(quote_at, positions) + quotes_before
                even = positions[(quotes % 2) == 0]
                line_count = np.searchsorted(np.flatnonzero(breaks), even, side="right") + lines_before
                if header_end is None and len(even):
                    header_end, header_lines = offset + int(even[0]) + 1, int(line_count[0])
                    even, line_count = even[1:], line_count[1:]
                take = np.flatnonzero((np.arange(len(even)) + since + 1) % every == 0)
                cuts.extend(zip((offset + even[take] + 1).tolist(), line_count[take].tolist()))
                since = (since + len(even)) % every
            quotes_before += int(is_quote.sum())
            lines_before += int(breaks.sum())
            offset += len(block)
    return header_end or offset, header_lines or 0, cuts


def _scan_lines(path: str, every: int, size: int = 0) -> list[tuple[int, int]]:
    """(offset, lines before it) of every ``every``-th newline of a JSON Lines file.

    With ``size``, of the first newline after every ``size`` bytes instead.
    """
    cuts: list[tuple[int, int]] = []
    offset = lines = 0
    since = 0
    next_cut = size
    with open(path, "rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            if not block:
                break
            positions = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10)
            if size:
                while len(positions):
                    index = int(np.searchsorted(positions, next_cut - offset))
                    if index == len(positions):
                        break
                    cuts.append((offset + int(positions[index]) + 1, lines + index + 1))
                    next_cut = cuts[-1][0] + size
            else:
                take = (np.arange(len(positions)) + since + 1) % every == 0
                for index in np.flatnonzero(take).tolist():
                    cuts.append((offset + int(positions[index]) + 1, lines + index + 1))
                since = (since + len(positions)) % every
            lines += len(positions)
            offset += len(block)
    return cuts


def plan_chunks(files: list[str], fmt: str | None, chunk_records: int, spool: Path | None = None,
                pages: bool = True) -> list[Chunk]:
    """Detect the format of every input and cut the big CSV/JSONL ones into chunks.

    Parameters
    ----------
    files : list of str
        Names from :func:`~socialviews.files.sources.expand_inputs`.
    fmt : str, optional
        Force a format.
    chunk_records : int
        About how many records a chunk holds; 0 reads every input whole.
    spool : Path, optional
        A folder where stdin is saved, so that it can be cut into chunks too.
    pages : bool
        Cut twarc2 files too (their parts then set included tweets aside, see
        :mod:`socialviews.readers.pages`); False reads them whole.
    """
    from socialviews.files.sources import ZIP_SEPARATOR, read_member, read_source
    from socialviews.readers.formats import FORMATS, detect_format
    from socialviews.readers.pages import PAGED

    chunks: list[Chunk] = []
    for file_index, source in enumerate(files):
        name = "<stdin>" if source == "-" else source
        payload = None
        if source == "-" and spool is not None:
            data = read_source("-")
            source = str(spool / "stdin")
            Path(source).write_bytes(data)
            head = data[:65536]
            del data
        elif source == "-":
            payload = read_source("-")
            head = payload[:65536]
        elif ZIP_SEPARATOR in source and not Path(source).exists():
            head = read_member(source, 65536)  # the member is read whole later, once, by its worker
        elif not _regular(source):  # a pipe, a FIFO, /dev/fd/N: it can be read only once
            head, data = _read_stream(source, name, fmt)
            if spool is not None:
                source = str(spool / f"input-{file_index}")
                Path(source).write_bytes(data)
            else:
                payload = data
            del data
        else:
            head = _head(source)
        head = to_utf8(head).data[:65536]
        document = looks_like_document(head)
        if document and payload is None and _lines_of_json(source):
            document = False  # JSON Lines whose first line is longer than the head (twarc2 pages often are)
        if document:  # one JSON document, pretty-printed: detected as the JSON Lines it stands for
            lines = document_lines(to_utf8(read_source(source) if payload is None else payload).data)
            document = lines is not None
            head = lines[:65536] if lines is not None else head
        fmt_name = fmt or detect_format(head, name)
        if fmt_name not in FORMATS:
            raise UsageError(f"unknown --format {fmt_name!r}; use one of {', '.join(FORMATS)}")
        plain = source != "-" and Path(source).is_file()
        size = os.path.getsize(source) if plain else 0
        cut = CSV_CHUNKABLE | JSONL_CHUNKABLE | (PAGED if pages else frozenset())
        chunkable = plain and chunk_records > 0 and fmt_name in cut and not document
        cuts: list[tuple[int, int]] = []
        header, header_lines, encoding = b"", 0, ""
        if chunkable and size > 256 * chunk_records:  # well over one chunk's worth of tweets
            encoding = file_encoding(source)
            chunkable = encoding != UTF16  # cut at bytes that are line breaks in UTF-8 and Windows-1252 only
        if chunkable and size > 256 * chunk_records:
            if fmt_name in CSV_CHUNKABLE:
                header_end, header_lines, cuts = _scan_csv(source, chunk_records)
                with open(source, "rb") as handle:
                    header = handle.read(header_end)
            elif fmt_name == "twarc2":  # a line is a page of up to 500 tweets: cut by size
                cuts = _scan_lines(source, 0, PAGE_BYTES_PER_TWEET * chunk_records)
            else:
                cuts = _scan_lines(source, chunk_records)
            cuts = [cut for cut in cuts if cut[0] < size]
        if not cuts:
            chunks.append(Chunk(len(chunks), file_index, source, name, fmt_name, payload=payload, encoding=encoding))
            continue
        bounds = [(0, 0), *cuts]
        for k, (start, lines) in enumerate(bounds):
            end = bounds[k + 1][0] if k + 1 < len(bounds) else size
            chunks.append(Chunk(
                len(chunks), file_index, source, name, fmt_name, start=start, end=end,
                header=header if k else b"", line_offset=lines - header_lines if k else 0, whole=False,
                encoding=encoding,
            ))
    return chunks


def _lines_of_json(path: str) -> bool:
    """True when the first line of the file ``path`` is a whole JSON object (read up to its end only)."""
    import json

    from socialviews.files.sources import ZIP_SEPARATOR

    if ZIP_SEPARATOR in path and not Path(path).exists():
        return False
    first = b""
    with open(path, "rb") as handle:
        while b"\n" not in first:
            block = handle.read(_BLOCK)
            if not block:
                break
            first += block
    try:
        first = to_utf8(first.split(b"\n", 1)[0]).data.strip()
        return first[:1] == b"{" and first[-1:] == b"}" and isinstance(json.loads(first), dict)
    except (ValueError, RecursionError, SocialViewsError):
        return False


def _regular(path: str) -> bool:
    """False for an input that is not a regular file (a pipe, a FIFO, a character device)."""
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode) or stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return True  # reading it gives the usual message


def _read_stream(path: str, name: str, fmt: str | None) -> tuple[bytes, bytes]:
    """The head and the whole content of a stream, read once; the format is checked on the head
    before the rest is read (so that ``/dev/zero`` is refused, not read for ever)."""
    from socialviews.readers.formats import detect_format

    try:
        with open(path, "rb") as handle:
            head = handle.read(65536)
            if fmt is None:
                detect_format(to_utf8(head).data, name)
            data = head + handle.read()
    except PermissionError:
        raise SocialViewsError(f"cannot read {name}: permission denied") from None
    return data[:65536], data


def _head(path: str) -> bytes:
    from socialviews.files.sources import read_source

    try:
        with open(path, "rb") as handle:
            return handle.read(65536)
    except OSError:
        return read_source(path)[:65536]  # the same one-line errors as a whole read


# --------------------------------------------------------------------------------------------
# reading one chunk


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
class ChunkFacts:
    """What the whole file needs to know of a chunk's tweets, one entry per tweet."""

    ids: np.ndarray  # int64, NO_ID when the id is not plain digits
    other_ids: dict[int, str]  # row -> id, for ids that are not plain digits (never "")
    replies: np.ndarray  # int64
    other_replies: dict[int, str]
    stamps: np.ndarray  # int64 seconds
    timed: np.ndarray  # bool: created_at is an ISO time that exists
    qnum: np.ndarray  # int16: the number of the Q/A marker, -1 for none
    is_question: np.ndarray  # bool: the marker is Qn
    signature: np.ndarray  # int32: index into ``keys``
    keys: list[tuple[str, ...]]  # the distinct column lists of the chunk's tweets
    askers: dict[int, tuple[str, bool]] = field(default_factory=dict)  # Qn-marked row -> (author, asks)

    def __len__(self) -> int:
        return len(self.ids)


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


def _stamps(times: list[str]) -> tuple[np.ndarray, np.ndarray]:
    timed = np.fromiter((bool(ISO_TIME.match(t)) for t in times), dtype=bool, count=len(times))
    stamps = np.zeros(len(times), dtype=np.int64)
    if timed.any():
        chosen = [t[:-1] for t, ok in zip(times, timed) if ok]
        try:
            stamps[timed] = np.array(chosen, dtype="datetime64[s]").astype(np.int64)
        except ValueError:  # a day that does not exist, such as 2018-02-30: find it
            for i in np.flatnonzero(timed).tolist():
                try:
                    stamps[i] = np.datetime64(times[i][:-1], "s").astype(np.int64)
                except ValueError:
                    timed[i] = False
    return stamps, timed


def _facts(rows: list[dict]) -> ChunkFacts:
    n = len(rows)
    ids = np.full(n, NO_ID, dtype=np.int64)
    replies = np.full(n, NO_ID, dtype=np.int64)
    other_ids: dict[int, str] = {}
    other_replies: dict[int, str] = {}
    qnum = np.full(n, -1, dtype=np.int16)
    questions = np.zeros(n, dtype=bool)
    signature = np.zeros(n, dtype=np.int32)
    askers: dict[int, tuple[str, bool]] = {}
    keys: dict[tuple[str, ...], int] = {}
    last_keys, last_sig = None, 0
    for i, row in enumerate(rows):
        value = row["tweet_id"]
        number = numeric_id(value) if value else NO_ID
        if number != NO_ID:
            ids[i] = number
        elif value:
            other_ids[i] = value
        value = row.get("reply_to_id") or ""
        number = numeric_id(value) if value else NO_ID
        if number != NO_ID:
            replies[i] = number
        elif value:
            other_replies[i] = value
        qa = row["qa"]
        if qa:
            qnum[i] = marker_number(qa)
            questions[i] = is_question_marker(qa)
            if questions[i]:  # a retweet is its original author's: RT of the host's question is the host's
                text = row.get("text") or ""
                original = RETWEET_PREFIX.match(text) if row.get("is_retweet") else None
                author = original.group(1) if original else row.get("author") or ""
                askers[i] = (author.lower(), asks(text))
        row_keys = tuple(row)
        if row_keys != last_keys:
            last_keys = row_keys
            last_sig = keys.setdefault(row_keys, len(keys))
        signature[i] = last_sig
    stamps, timed = _stamps([row.get("created_at") or "" for row in rows])
    return ChunkFacts(ids, other_ids, replies, other_replies, stamps, timed, qnum, questions, signature, list(keys),
                      askers)


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
    result.facts = _facts(result.rows)
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


# --------------------------------------------------------------------------------------------
# the whole file: duplicates and questions


def release_freed_memory() -> None:
    """Hand memory freed by big temporary arrays and by many small objects back to the system.

    glibc keeps freed memory for reuse otherwise, so a process's resident memory would stay at its
    high-water mark (and fragments of it would add to the next peak); a no-op elsewhere.
    """
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc
        pass


def _concat_facts(parts: list[ChunkFacts]) -> tuple[ChunkFacts, list[int]]:
    """One ChunkFacts for a whole file; also each part's first row."""
    starts, total = [], 0
    for part in parts:
        starts.append(total)
        total += len(part)
    keys: dict[tuple[str, ...], int] = {}
    signatures = []
    for part in parts:
        remap = np.array([keys.setdefault(k, len(keys)) for k in part.keys] or [0], dtype=np.int32)
        signatures.append(remap[part.signature])
        part.signature = None

    def merged(attr: str) -> dict[int, str]:
        return {start + i: v for start, part in zip(starts, parts) for i, v in getattr(part, attr).items()}

    def joined(attr: str, dtype) -> np.ndarray:
        arrays = [getattr(part, attr) for part in parts]
        for part in parts:
            setattr(part, attr, None)  # the parts are used up: one copy of each field at a time
        return np.concatenate(arrays) if arrays else np.empty(0, dtype=dtype)

    facts = ChunkFacts(
        joined("ids", np.int64), merged("other_ids"), joined("replies", np.int64), merged("other_replies"),
        joined("stamps", np.int64), joined("timed", bool), joined("qnum", np.int16),
        joined("is_question", bool), np.concatenate(signatures) if signatures else np.empty(0, np.int32), list(keys),
        merged("askers"),
    )
    return facts, starts


_ARRAYS = ("ids", "replies", "stamps", "timed", "qnum", "is_question", "signature")


def _take(facts: ChunkFacts, rows: np.ndarray) -> None:
    """Keep only the given rows (sorted positions) of ``facts``, renumbered; one field at a time."""

    def renumbered(others: dict[int, str]) -> dict[int, str]:
        if not others:
            return {}
        old = np.fromiter(others, dtype=np.int64, count=len(others))
        pos = np.minimum(np.searchsorted(rows, old), max(len(rows) - 1, 0))
        found = rows[pos] == old if len(rows) else np.zeros(len(old), bool)
        values = list(others.values())
        return {int(p): values[k] for k, p in enumerate(pos.tolist()) if found[k]}

    if len(rows) == len(facts):  # every row: nothing to renumber
        return
    for name in _ARRAYS:
        setattr(facts, name, getattr(facts, name)[rows])
    facts.other_ids, facts.other_replies = renumbered(facts.other_ids), renumbered(facts.other_replies)
    facts.askers = renumbered(facts.askers)


def _first_of_each_id(ids: np.ndarray) -> np.ndarray:
    """True for each row whose plain-digit id no earlier row has (and for rows without one)."""
    first = np.ones(len(ids), dtype=bool)
    order = np.argsort(ids, kind="stable")
    ordered = ids[order]
    repeat = ordered[1:] == ordered[:-1]
    repeat &= ordered[1:] != NO_ID
    del ordered
    first[order[1:][repeat]] = False
    return first


def _id_order_key(facts: ChunkFacts) -> np.ndarray:
    """Ranks that sort the rows as :func:`~socialviews.chat.questions.id_key` sorts their ids: digit ids by length then text, others after."""
    n = len(facts)
    if not facts.other_ids and (facts.ids != NO_ID).all():
        return facts.ids  # plain digit ids sort as their numbers
    others = {i: facts.other_ids.get(i, "") for i in np.flatnonzero(facts.ids == NO_ID).tolist()}
    if any(value.isdigit() for value in others.values()):  # digits with a leading zero: the slow, exact way
        texts = [others[i] if i in others else str(int(facts.ids[i])) for i in range(n)]
        order = sorted(range(n), key=lambda i: id_key(texts[i]))
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
        return rank
    group = (facts.ids == NO_ID).astype(np.int64)
    distinct = sorted(set(others.values()))
    position = {value: k for k, value in enumerate(distinct)}
    other_rank = np.zeros(n, dtype=np.int64)
    for i, value in others.items():
        other_rank[i] = position[value]
    order = np.lexsort((np.arange(n), other_rank, facts.ids, group))  # equal ids: by row
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    return rank


def _parents(facts: ChunkFacts) -> np.ndarray:
    """The row each row replies to (-1 for none); when rows share an id, the last of them."""
    n = len(facts)
    parent = np.full(n, -1, dtype=np.int32 if n < 2**31 else np.int64)
    has_reply = np.flatnonzero(facts.replies != NO_ID)
    if len(has_reply):
        order = np.argsort(facts.ids, kind="stable")  # equal ids: the last row comes last
        ordered = facts.ids[order]
        wanted = facts.replies[has_reply]
        pos = np.searchsorted(ordered, wanted, side="right") - 1
        hit = (pos >= 0) & (ordered[np.maximum(pos, 0)] == wanted)
        del ordered, wanted
        parent[has_reply[hit]] = order[pos[hit]]
    if facts.other_replies:
        by_other = {value: i for i, value in sorted(facts.other_ids.items())}
        for i, value in facts.other_replies.items():
            if value in by_other:
                parent[i] = by_other[value]
    return parent


def question_codes(facts: ChunkFacts) -> np.ndarray:
    """The question number each row answers (-1 for none), as :func:`~socialviews.chat.questions.assign_questions`.

    ``facts`` holds one file's tweets after duplicates are dropped.
    """
    timed = bool(len(facts)) and bool(facts.timed.all())
    return question_numbers(facts.qnum, facts.is_question, _parents(facts),
                            facts.stamps if timed else None, _id_order_key(facts) if timed else None)


def chat_host(facts: ChunkFacts) -> str:
    """The chat's host: who posts the first ``Qn`` tweet that asks (else the first ``Qn`` tweet); "" for none."""
    rows = np.flatnonzero(facts.is_question)
    if not len(rows):
        return ""
    if facts.timed.all():
        rows = rows[np.lexsort((rows, facts.stamps[rows]))]
    found = [facts.askers.get(int(i), ("", False)) for i in rows.tolist()]
    asking = [author for author, asked in found if asked]
    return asking[0] if asking else found[0][0]


def answer_rows(facts: ChunkFacts, host: str | None = None) -> np.ndarray:
    """The ``Qn``-marked rows that answer Qn: not the host's (``host``, else :func:`chat_host`), not asking,
    and Qn is asked by the host in the file.

    In #lrnchat participants mark their answers ``Q3) ...``, as the host marks the question.
    A file whose tweets have no authors has no answers of this kind.
    """
    host = (host or "").lstrip("@").lower() or chat_host(facts)
    asked_by_host = {int(facts.qnum[i]) for i, (author, _) in facts.askers.items() if author == host}
    rows = [i for i, (author, asked) in sorted(facts.askers.items())
            if author != host and not asked and int(facts.qnum[i]) in asked_by_host]
    return np.array(rows, dtype=np.int64)


class FileAssembler:
    """Decide, file by file in input order, which tweets are kept and which question each answers.

    Tweets whose id was already read (in the same file or an earlier one) are dropped; ids a
    spreadsheet mangled are never taken as duplicates. ``Qn``-marked tweets that answer (see
    :func:`answer_rows`; ``host`` names the chat's host instead of finding it) are taken as
    answers: after :meth:`file`, :attr:`answers` holds them per part, as indices into that part's kept rows.
    """

    def __init__(self, dedupe: bool = True, host: str | None = None) -> None:
        self.dedupe = dedupe
        self.host = host
        self.answers: list[np.ndarray] = []
        self.seen_numeric = np.empty(0, dtype=np.int64)
        self.seen_other: set[str] = set()
        self.duplicates = 0
        self.mangled = 0

    def file(self, parts: list[ChunkFacts], last: bool = False) -> tuple[list[np.ndarray], list[np.ndarray], list[tuple[str, ...]]]:
        """For each part: the kept rows (positions) and their question codes; and the kept rows' column lists.

        ``last``: no file comes after this one, so its ids need not be remembered.

        The parts are used up (their arrays are released as they are joined and narrowed). Rows
        come back as 32-bit positions and codes as 16-bit numbers: a plan for millions of tweets
        stays small.
        """
        facts, starts = _concat_facts(parts) if len(parts) > 1 else (parts[0], [0])
        release_freed_memory()  # the parts' many small arrays, before the big working arrays
        n = len(facts)
        if self.dedupe and n:
            within = _first_of_each_id(facts.ids)
            seen: set[str] = set()
            for i, value in sorted(facts.other_ids.items()):
                if is_mangled_id(value):
                    continue
                if value in seen:
                    within[i] = False
                seen.add(value)
            kept_within = np.flatnonzero(within)
            del within
        else:
            kept_within = np.arange(n)
        _take(facts, kept_within)  # from here on, facts holds the rows kept within the file
        mangled = {i for i, v in facts.other_ids.items() if is_mangled_id(v)}
        answering = answer_rows(facts, self.host)
        if len(answering):
            facts.is_question = facts.is_question.copy()
            facts.is_question[answering] = False
        codes = question_codes(facts)
        facts.replies = facts.stamps = facts.timed = facts.qnum = facts.is_question = None  # decided: let go
        is_answer = np.zeros(len(kept_within), dtype=bool)
        is_answer[answering] = True
        keep = np.ones(len(kept_within), dtype=bool)
        if self.dedupe and len(kept_within):
            numeric = facts.ids != NO_ID
            keep[numeric] = ~np.isin(facts.ids[numeric], self.seen_numeric)
            for i, value in facts.other_ids.items():
                if value in self.seen_other:
                    keep[i] = False
            if not last:
                self.seen_numeric = np.union1d(self.seen_numeric, facts.ids[numeric])
                self.seen_other.update(v for i, v in facts.other_ids.items() if i not in mangled)
            del numeric
        kept = np.flatnonzero(keep)
        rows = kept_within[kept]
        codes = codes[kept]
        is_answer = is_answer[kept]
        self.duplicates += n - len(rows)
        self.mangled += sum(1 for i in mangled if keep[i])
        ordered_keys = _keys_in_order(facts, kept)
        del kept, keep, kept_within
        bounds = [*starts, n]
        per_part_rows, per_part_codes = [], []
        self.answers = []
        for k in range(len(parts)):
            lo, hi = np.searchsorted(rows, [bounds[k], bounds[k + 1]])
            per_part_rows.append((rows[lo:hi] - bounds[k]).astype(np.int32))
            per_part_codes.append(codes[lo:hi].astype(np.int16))
            self.answers.append(np.flatnonzero(is_answer[lo:hi]))
        return per_part_rows, per_part_codes, ordered_keys


def _keys_in_order(facts: ChunkFacts, rows: np.ndarray) -> list[tuple[str, ...]]:
    """The kept rows' distinct column lists, in order of first appearance."""
    if not len(rows):
        return []
    signatures = facts.signature[rows]
    _, first = np.unique(signatures, return_index=True)
    return [facts.keys[int(signatures[i])] for i in sorted(first.tolist())]


#: Columns of true/false values (``referenced_only``: see :mod:`socialviews.readers.twarc2`).
BOOL_COLUMNS = ("is_retweet", "referenced_only")


def tweet_columns(rows: list[dict], columns: list[str]) -> dict[str, list]:
    """Rows as a table of plain lists, column name -> values ("" where a row has no such column).

    The columns of :func:`tweets_frame`, without pandas: ``is_retweet`` true or false, the others text.
    """
    table = {name: [row.get(name, "") for row in rows] for name in columns}
    for name in BOOL_COLUMNS:
        if name in table:
            table[name] = [bool(value) for value in table[name]]
    return table


def table_frame(table: dict[str, list]) -> pd.DataFrame:
    """A table of :func:`tweet_columns` as a frame of strings (``is_retweet`` bool)."""
    import pandas as pd

    frame = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in table.items()})
    for name in BOOL_COLUMNS:
        if name in frame:
            frame[name] = frame[name].astype(bool)
    return frame


def tweets_frame(rows: list[dict], columns: list[str] | None = None) -> pd.DataFrame:
    """Rows as a frame of strings (``is_retweet`` bool); ``columns`` fixes the columns and their order."""
    if columns is None:
        from socialviews.core.columns import TWEET_COLUMNS

        names = dict.fromkeys([*TWEET_COLUMNS, "question"])
        for row in rows:
            names.update(dict.fromkeys(row))
        columns = list(names)
    return table_frame(tweet_columns(rows, columns))
