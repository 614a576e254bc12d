"""Readers for chat exports: detect the format of each input and normalise its tweets.

Every physical record of an input ends up either as a tweet or as a reject (source, line,
reason, raw text), so that ``records = tweets + rejected + duplicates`` always holds.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.chat.markers import answer_marker, model_text, qa_marker
from socialviews.core.columns import REJECT_COLUMNS, TWEET_COLUMNS
from socialviews.core.errors import UsageError
from socialviews.core.words import counted, plural
from socialviews.files.sources import expand_inputs
from socialviews.readers.base import ReadResult, empty_rejects
from socialviews.readers.formats import FORMATS, detect_format

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

def read_inputs(
    inputs: Iterable[str | Path], fmt: str | None = None, text_column: str | None = None, dedupe: bool = True,
    host: str | None = None,
) -> ReadResult:
    """Read every input into normalised tweets and rejects.

    Each file's tweets get their ``qa`` marker and ``question`` (see
    :func:`~socialviews.chat.questions.assign_questions`) from that file alone, so reading files one
    at a time (the Dask engine) or in chunks (``classify``) gives the same result.

    Parameters
    ----------
    inputs : iterable of paths
        Files, globs, folders or .zip files; ``-`` is stdin.
    fmt : str, optional
        Force a format (a key of :data:`FORMATS`); detected per file by default.
    text_column : str, optional
        The text column of a CSV/JSONL file (the generic formats, or to override a CSV format's own).
    dedupe : bool
        Drop tweets whose id was already read, in the same file or an earlier one. Ids that look
        mangled by a spreadsheet (``1.26426E+18``) are never taken as duplicates.
    host : str, optional
        The chat's host (a screen name). A ``Qn``-marked tweet that does not ask and is not the
        host's answers Qn (its ``qa`` becomes ``An``), as in #lrnchat where participants mark their
        answers ``Q3) ...``. By default the host is who posts the first ``Qn`` tweet that asks.

    Returns
    -------
    ReadResult
        ``stats`` holds ``records`` (physical records) = ``tweets`` + ``rejected`` + ``duplicates``,
        ``surrogates_replaced`` (lone surrogates, e.g. from ``\\ud83d`` in JSON, replaced by U+FFFD),
        ``repaired`` (tweets whose bytes were not UTF-8 and were read as Windows-1252, see
        :mod:`socialviews.core.encoding`) and ``formats`` (input -> format name).
    """
    from socialviews.chat.questions import question_label
    from socialviews.readers.chunk_read import read_chunk
    from socialviews.readers.cutting import plan_chunks
    from socialviews.readers.tables import tweets_frame
    from socialviews.readers.whole_file import FileAssembler

    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown --format {fmt!r}; use one of {', '.join(FORMATS)}")
    rows: list[dict] = []
    rejects: list[dict] = []
    stats = {"records": 0, "tweets": 0, "rejected": 0, "duplicates": 0, "surrogates_replaced": 0, "repaired": 0,
             "formats": {}}
    assembler = FileAssembler(dedupe, host)
    float_ids = 0
    for chunk in plan_chunks(expand_inputs(inputs), fmt, 0):
        log.debug("reading %s as %s", chunk.name, chunk.fmt)
        stats["formats"][chunk.name] = chunk.fmt
        read = read_chunk(chunk, text_column)
        float_ids += read.float_ids
        stats["records"] += read.records
        stats["surrogates_replaced"] += read.surrogates_replaced
        stats["repaired"] += len(read.repaired)
        warn_repaired(read)
        rejects.extend(read.rejects)
        (kept,), (codes,), _ = assembler.file([read.facts])
        answers = set(assembler.answers[0].tolist())
        for k, (i, code) in enumerate(zip(kept.tolist(), codes.tolist())):
            row = read.rows[i]
            row["question"] = question_label(code)
            if k in answers:
                row["qa"] = answer_marker(row["qa"])
            rows.append(row)
    warn_mangled(assembler.mangled)
    warn_float_ids(float_ids)
    stats["duplicates"] = assembler.duplicates
    stats["tweets"] = len(rows)
    stats["rejected"] = len(rejects)
    return ReadResult(tweets=tweets_frame(rows), rejects=_rejects_frame(rejects), stats=stats)


def warn_float_ids(count: int) -> None:
    """Log that ``count`` ids were JSON numbers such as ``1264260000000000123.0``, taken as their digits."""
    if count:
        log.warning("%s %s written as %s with a fraction (like 1264260000000000123.0); %s taken as the digits "
                    "written, without the fraction. Ids with an exponent are rejected", counted(count, "tweet id"),
                    plural(count, "was", "were"), plural(count, "a JSON number", "JSON numbers"),
                    plural(count, "it is", "they are"))


def warn_mangled(count: int) -> None:
    """Log that ``count`` kept tweets have ids a spreadsheet mangled."""
    if count:
        log.warning("%s %s mangled by a spreadsheet (like 1.26426E+18) and %s no status URL to recover %s from; "
                    "%s kept as exported and never taken as %s", counted(count, "tweet id"),
                    plural(count, "looks", "look"), plural(count, "has", "have"), plural(count, "it", "them"),
                    plural(count, "it is", "they are"), plural(count, "a duplicate", "duplicates"))


def warn_repaired(read) -> None:
    """Log how a chunk's text was decoded when it was not plain UTF-8 (a :class:`~.chunk_read.ChunkRead`)."""
    from socialviews.core.encoding import UTF16, WINDOWS_1252

    name, lines = read.chunk.name, read.repaired
    where = f" ({plural(len(lines), 'line')} {', '.join(map(str, lines[:5]))}{', ...' if len(lines) > 5 else ''})" if lines else ""
    if read.encoding == UTF16 and read.chunk.start == 0:
        log.info("%s is UTF-16 text; read as such", name)
    elif read.encoding == WINDOWS_1252 and lines:
        log.warning("%s is Windows-1252 text, not UTF-8: %s with accents or curly quotes read as such%s",
                    name, counted(len(lines), "tweet"), where)
    elif lines:
        log.warning("%s: %s held bytes that are not UTF-8; read as Windows-1252%s", name, counted(len(lines), "tweet"), where)


def _rejects_frame(rejects: list[dict]) -> pd.DataFrame:
    import pandas as pd

    if not rejects:
        return empty_rejects()
    return pd.DataFrame({name: pd.Series([r[name] for r in rejects], dtype=object) for name in REJECT_COLUMNS})


def read_chat(
    inputs: str | Path | Iterable[str | Path], fmt: str | None = None, text_column: str | None = None,
    host: str | None = None,
) -> pd.DataFrame:
    """Read one or more chat exports into a DataFrame of normalised tweets.

    Records that cannot be read are logged as warnings; use :func:`read_inputs` to get them.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    result = read_inputs(inputs, fmt=fmt, text_column=text_column, host=host)
    if result.stats["rejected"]:
        log.warning("%s could not be read", counted(result.stats["rejected"], "record"))
    return result.tweets


__all__ = [
    "FORMATS", "TWEET_COLUMNS", "ReadResult", "read_chat", "read_inputs", "detect_format", "expand_inputs", "qa_marker",
    "model_text",
]
