"""Planning a run across workers: chunks grouped by file, files re-read whole, twarc2 tails added.

Both engines read the chunks of :func:`~socialviews.readers.cutting.plan_chunks` in a first round;
a read is the :class:`~socialviews.readers.chunk_read.ChunkRead` of a chunk, or the
:class:`~socialviews.readers.chunk.Chunk` itself when its file must be read whole instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialviews.readers.chunk import Chunk

log = logging.getLogger(__name__)


def job_count(jobs: int | None, chunks: list) -> int:
    """``jobs``, by default one per core, but never more than there are chunks."""
    from socialviews.engine.workers import available_cores

    return min(jobs or available_cores(), len(chunks))


def by_file(reads: list) -> Iterator[list]:
    """Chunk reads grouped by input file, in input order."""
    group: list = []
    for read in reads:
        if group and read.chunk.file_index != group[0].chunk.file_index:
            yield group
            group = []
        group.append(read)
    if group:
        yield group


def whole_file_chunk(chunk: Chunk) -> Chunk:
    """The chunk that is the whole file ``chunk`` is a part of (with the index of ``chunk``)."""
    return replace(chunk, start=0, end=None, header=b"", line_offset=0, whole=True)


def reread_whole(reads: list, read_again: Callable[[list[Chunk]], Iterable],
                 discard: Callable[[object], None] | None = None) -> list:
    """Replace the chunks of every file whose chunk boundaries were wrong by one read of the whole file.

    Parameters
    ----------
    reads : list
        The first round's reads, in chunk order; a :class:`~socialviews.readers.chunk.Chunk` stands
        for a chunk that must be read as part of its whole file.
    read_again : callable
        Reads a list of whole-file chunks; gives their reads in the same order.
    discard : callable, optional
        Called with each read that is dropped (to remove what it set aside).
    """
    from socialviews.readers.chunk import Chunk

    broken = {item.file_index for item in reads if isinstance(item, Chunk)}
    if not broken:
        return reads
    result, redo = [], []
    for item in reads:
        chunk = item if isinstance(item, Chunk) else item.chunk
        if chunk.file_index not in broken:
            result.append(item)
            continue
        if not isinstance(item, Chunk) and discard is not None:
            discard(item)
        if chunk.file_index not in {c.file_index for c in redo}:
            log.info("%s has a quote that does not close where expected; reading it whole", chunk.name)
            redo.append(whole_file_chunk(chunk))
            result.append(redo[-1])
    fresh = dict(zip((c.index for c in redo), read_again(redo)))
    return [fresh[item.index] if isinstance(item, Chunk) else item for item in result]


def read_tails(reads: list, read_tails_of: Callable[[list[tuple]], Iterable]) -> list:
    """Add, after the parts of each twarc2 file read in parts, the included tweets none of them has.

    ``read_tails_of`` reads a list of ``(tail chunk, set-asides of the file's parts)``; it gives
    their reads in the same order.
    """
    next_index = max((read.chunk.index for read in reads), default=-1) + 1
    result, calls = [], []
    for file_reads in by_file(reads):
        result.extend(file_reads)
        parts = [read.aside for read in file_reads if read.aside is not None]
        if not parts:
            continue
        for read in file_reads:
            read.aside = None
        tail = replace(file_reads[-1].chunk, index=next_index, start=0, end=0, header=b"", line_offset=0)
        next_index += 1
        calls.append((tail, parts))
        result.append(None)
    if not calls:
        return reads
    tails = iter(read_tails_of(calls))
    return [next(tails) if item is None else item for item in result]
