"""What a chunk is: a piece of one export that a worker reads on its own.

A big CSV or JSON Lines export is cut at record boundaries into chunks (see
:mod:`socialviews.readers.cutting`); reading a chunk gives its tweets (see
:mod:`socialviews.readers.chunk_read`). Formats whose records depend on each other (twarc2 pages
that carry referenced tweets, the JSON arrays of archives) and files inside a .zip are read whole,
as one chunk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Formats whose records stand alone, one per CSV row or JSON line.
CSV_CHUNKABLE = frozenset({"csv", "tags", "twarc-csv", "twarc1-csv"})
JSONL_CHUNKABLE = frozenset({"jsonl", "v1.1", "snscrape"})


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
