"""Cutting exports into chunks at record boundaries, so that workers read them on their own.

A big CSV or JSON Lines export is cut into chunks of about a given number of records (the CSV
header is put in front of each chunk, line numbers are shifted back); twarc2 pages are cut by
size. Every input's format is detected here, once; streams (stdin, pipes) are read once, and
saved to a spool folder when one is given, so that they can be cut too.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from socialviews.core.encoding import UTF16, file_encoding, to_utf8
from socialviews.core.errors import SocialViewsError, UsageError
from socialviews.readers.chunk import CSV_CHUNKABLE, JSONL_CHUNKABLE, Chunk
from socialviews.readers.document import document_lines, looks_like_document

_BLOCK = 1 << 20
#: About how many bytes of twarc2 pages hold one tweet (with its share of the includes), to cut them.
PAGE_BYTES_PER_TWEET = 1024


def _blocks(path: str):
    """The bytes of a file, a block at a time."""
    with open(path, "rb") as handle:
        yield from iter(lambda: handle.read(_BLOCK), b"")


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
    for block in _blocks(path):
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
    for block in _blocks(path):
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
    from socialviews.files.sources import ZIP_SEPARATOR, is_regular, read_member, read_source
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
        elif not is_regular(source):  # a pipe, a FIFO, /dev/fd/N: it can be read only once
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
