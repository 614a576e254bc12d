"""Assembling a run's reads file by file: the rows each chunk keeps, their questions, the counts.

Once the first round has read every chunk, each file's duplicates and questions are decided (by
:class:`~socialviews.readers.whole_file.FileAssembler`) and every record is accounted for: read,
rejected, a duplicate, or repaired.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from socialviews.readers.chunk_read import ChunkRead
    from socialviews.readers.facts import ChunkFacts


@dataclass
class Part:
    """A chunk with tweets to write: its read, its kept rows, their question codes, the rows that answer."""

    read: ChunkRead
    rows: np.ndarray
    codes: np.ndarray
    answers: np.ndarray


@dataclass
class Assembly:
    """What the reads of a run come to: the parts to write, in order, and the accounts."""

    parts: list[Part] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the output's columns, in order
    records: int = 0
    duplicates: int = 0
    repaired: int = 0
    formats: dict[str, str] = field(default_factory=dict)  # input -> format name
    rejects: list[dict] = field(default_factory=list)

    @property
    def tweets(self) -> int:
        """How many tweets are kept."""
        return sum(len(part.rows) for part in self.parts)

    def counts(self, classified: int) -> dict:
        """The counts of a run summary: ``records``, ``classified``, ``rejected``, ``duplicates``,
        ``repaired`` and ``formats``."""
        return {"records": self.records, "classified": classified, "rejected": len(self.rejects),
                "duplicates": self.duplicates, "repaired": self.repaired, "formats": self.formats}


def assemble(reads: list[ChunkRead], facts_of: Callable[[ChunkRead], ChunkFacts], host: str | None = None) -> Assembly:
    """Decide, file by file, which rows of each chunk are written, and account for every record.

    Parameters
    ----------
    reads : list of ChunkRead
        Every chunk's read, in order (the first round's reads, files re-read whole).
    facts_of : callable
        The per-tweet facts of a read (where the engine keeps them); they are used up.
    host : str, optional
        The chat's host, as for :func:`socialviews.readers.read_inputs`.
    """
    from socialviews.core.columns import TWEET_COLUMNS
    from socialviews.core.memory import release_freed_memory
    from socialviews.engine.plan import by_file
    from socialviews.readers import warn_float_ids, warn_mangled, warn_repaired
    from socialviews.readers.whole_file import FileAssembler

    result = Assembly()
    assembler = FileAssembler(host=host)
    columns = dict.fromkeys([*TWEET_COLUMNS, "question"])
    last_file = reads[-1].chunk.file_index if reads else -1
    for file_reads in by_file(reads):
        facts = [facts_of(read) for read in file_reads]
        kept, codes, keys = assembler.file(facts, last=file_reads[0].chunk.file_index == last_file)
        del facts
        for read, rows, file_codes, answers in zip(file_reads, kept, codes, assembler.answers):
            result.formats[read.chunk.name] = read.chunk.fmt
            result.records += read.records
            result.repaired += len(read.repaired)
            warn_repaired(read)
            result.rejects.extend(read.rejects)
            if len(rows):
                result.parts.append(Part(read, rows, file_codes, answers))
        for key_list in keys:
            columns.update(dict.fromkeys(key_list))
    warn_mangled(assembler.mangled)
    warn_float_ids(sum(read.float_ids for read in reads))
    result.duplicates = assembler.duplicates
    result.columns = list(columns)
    del assembler
    release_freed_memory()
    return result
