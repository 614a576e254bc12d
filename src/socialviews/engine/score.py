"""The first round on a worker: a chunk read into a table of tweets, and the tweets scored."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialviews.model.model import Model
    from socialviews.readers.chunk import Chunk
    from socialviews.readers.chunk_read import ChunkRead


def read_table(chunk: Chunk, text_column: str | None, spool: Path | None = None,
               tail: list | None = None) -> tuple[ChunkRead, dict[str, list]] | Chunk:
    """Read ``chunk``: its read (without its tweets) and its tweets as plain lists by column.

    Returns the chunk itself when it must be read as part of its whole file instead. ``spool``
    and ``tail``: see :func:`~socialviews.readers.chunk_read.read_chunk`.
    """
    from socialviews.readers import chunk_read
    from socialviews.readers.chunk import RetryWhole
    from socialviews.readers.tables import tweet_columns

    try:
        read = chunk_read.read_chunk(chunk, text_column, spool, tail)
    except RetryWhole:
        return chunk
    columns = list(dict.fromkeys(key for keys in read.facts.keys for key in keys))
    table = tweet_columns(read.rows, columns)
    read.rows = []
    return read, table


def score_table(table: dict[str, list], model: Model) -> dict | None:
    """The scores of a table's texts (:meth:`Model.score_texts`); None for a table without tweets."""
    texts = table.get("text", [])
    return model.score_texts(texts) if len(texts) else None
