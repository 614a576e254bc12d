"""The local engine: classify exports with worker processes on this machine, into one output.

The chunks are read and scored by the workers (:mod:`socialviews.engine.workers`), each spilling
its table and its tweets' facts to a temporary folder; once each file's duplicates and questions
are known (:mod:`socialviews.engine.assemble`), the workers classify the kept rows and this
process writes them in order (:mod:`socialviews.engine.write`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.core.config import CHUNK_SIZE, MAX_REJECTS
from socialviews.core.errors import UsageError
from socialviews.core.words import counted
from socialviews.engine.accounting import Tally, refuse_a_failed_read, rejects_path_for
from socialviews.engine.workers import worker_model
from socialviews.files.output import output_kind, write_table

if TYPE_CHECKING:
    import numpy as np

    from socialviews.engine.assemble import Assembly
    from socialviews.model.model import Model
    from socialviews.readers.chunk import Chunk
    from socialviews.readers.chunk_read import ChunkRead

log = logging.getLogger(__name__)


def _spill(spool: str, index: int, kind: str) -> Path:
    """Where chunk ``index`` sets its table and scores (``kind`` "") or its facts ("facts") aside."""
    return Path(spool) / (f"chunk-{index}.{kind}.pickle" if kind else f"chunk-{index}.pickle")


def _read_and_score(chunk: Chunk, text_column: str | None, spool: str, tail: list | None = None) -> ChunkRead | Chunk:
    """Worker step 1: read a chunk, score its tweets, spill both to ``spool``; return the rest.

    Returns the chunk itself when it must be read as part of its whole file instead. ``tail``:
    see :func:`~socialviews.readers.chunk_read.read_chunk`.
    """
    from socialviews.engine.score import read_table, score_table

    got = read_table(chunk, text_column, Path(spool), tail)
    if not isinstance(got, tuple):
        return got
    read, table = got
    with open(_spill(spool, chunk.index, "facts"), "wb") as handle:
        pickle.dump(read.facts, handle, protocol=pickle.HIGHEST_PROTOCOL)
    read.facts = None  # set aside until its whole file is read: memory does not grow with the input
    scored = score_table(table, worker_model())
    with open(_spill(spool, chunk.index, ""), "wb") as handle:
        pickle.dump((table, scored), handle, protocol=pickle.HIGHEST_PROTOCOL)
    return read


def _facts_of(read: ChunkRead, spool: str):
    """The per-tweet facts a chunk set aside (the file is removed)."""
    path = _spill(spool, read.chunk.index, "facts")
    with open(path, "rb") as handle:
        facts = pickle.load(handle)
    path.unlink()
    return facts


def _discard(read: ChunkRead, spool: str) -> None:
    """Remove what a chunk set aside (its file is read whole instead)."""
    for kind in ("", "facts"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(_spill(spool, read.chunk.index, kind))


def _finish(spill: str, rows: np.ndarray, codes: np.ndarray, answers: np.ndarray, columns: list[str], kind: str,
            header: bool, safe: bool = False):
    """Worker step 2: the kept rows of a spilled chunk with their questions, classified and serialised."""
    from socialviews.engine.write import classify_part

    with open(spill, "rb") as handle:
        table, scored = pickle.load(handle)
    os.unlink(spill)
    return classify_part(table, scored, rows, codes, answers, columns, kind, header, worker_model(), safe)


def classify_files(
    inputs: list[str | Path],
    model: Model,
    output: str | Path | None = None,
    *,
    fmt: str | None = None,
    text_column: str | None = None,
    max_rejects: str | int = MAX_REJECTS,
    rejects_path: str | Path | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
    safe_csv: bool = False,
    host: str | None = None,
) -> dict:
    """Classify every tweet of ``inputs`` and write one row per tweet to ``output``.

    The inputs are read and classified in chunks (big CSV and JSON Lines files are cut at record
    boundaries), spilled to a temporary folder, and written out once each file's duplicates and
    questions are known, so memory does not grow with the size of the inputs.

    Parameters
    ----------
    inputs : list of paths
        Exports (files, globs, folders, ``-`` for stdin).
    model : Model
    output : path, optional
        ``.csv``, ``.parquet`` or ``.jsonl``; stdout (CSV) when None or ``-``. A file appears
        whole, at the end, or not at all.
    fmt, text_column : str, optional
        See :func:`socialviews.readers.read_inputs`.
    max_rejects : str or int
        A count or a percentage of records; above it nothing is written but the rejects file,
        and :class:`~socialviews.core.errors.TooManyRejectsError` is raised.
    rejects_path : path, optional
        Where rejects go; ``<out>.rejects.csv`` by default (none for stdout unless given).
    chunk_size : int
        About how many records are read and classified at a time; the output does not depend on it.
    progress : callable, optional
        Called as ``progress(done, total)`` as chunks are read and written.
    host : str, optional
        The chat's host, for ``Qn)`` tweets that answer (see :func:`socialviews.readers.read_inputs`).
    jobs : int, optional
        Worker processes that read and classify chunks in parallel (each loads the model once);
        by default one per core, but never more than there are chunks (a single small chat is
        classified in this process). The output does not depend on it.
    safe_csv : bool
        In a CSV output, put a ``'`` before every cell a spreadsheet would run as a formula (see
        :func:`socialviews.files.output.spreadsheet_safe`); texts are then no longer byte-identical.

    Returns
    -------
    dict
        The run summary: ``records``, ``classified``, ``rejected``, ``duplicates``, ``repaired``
        (tweets whose bytes were not UTF-8, read as Windows-1252), ``formats``,
        ``views`` (count per view), ``needs_review``, ``output``, ``rejects_file``, ``model_id``.
    """
    from socialviews.core.memory import release_freed_memory
    from socialviews.engine.accounting import parse_max_rejects
    from socialviews.engine.assemble import assemble
    from socialviews.engine.plan import job_count, read_tails, reread_whole
    from socialviews.engine.workers import rare_collections, worker_pool
    from socialviews.engine.write import Sink
    from socialviews.files.safety import refuse_overwriting_inputs
    from socialviews.readers import expand_inputs
    from socialviews.readers.cutting import plan_chunks

    if output is not None and str(output) != "-" and Path(output).is_dir():
        raise UsageError(f"-o {output} is a folder; name a .csv, .parquet or .jsonl file")
    kind = output_kind(output)  # fail on a bad extension before any work
    if rejects_path is not None:
        if Path(rejects_path).is_dir():
            raise UsageError(f"--rejects {rejects_path} is a folder; name a .csv file")
        output_kind(rejects_path)
    parse_max_rejects(max_rejects)
    files = expand_inputs(inputs, skip_outputs=True)
    refuse_overwriting_inputs(files, output, rejects_path if rejects_path is not None else rejects_path_for(output))
    with contextlib.ExitStack() as resources:
        resources.enter_context(rare_collections())
        spool = resources.enter_context(tempfile.TemporaryDirectory(prefix="socialviews-"))
        chunks = plan_chunks(files, fmt, max(chunk_size, 1), Path(spool))
        jobs = job_count(jobs, chunks)
        run = resources.enter_context(worker_pool(model, jobs))
        total = 2 * len(chunks)
        log.debug("classifying %s in %s with %s", counted(len(files), "input"), counted(len(chunks), "chunk"),
                  counted(jobs, "job"))
        reads: list = []
        for done, read in enumerate(run(_read_and_score, ((c, text_column, spool) for c in chunks)), start=1):
            reads.append(read)
            log.debug("chunk %d of %d read", done, len(chunks))
            if progress is not None:
                progress(done, total)
        reads = reread_whole(reads, lambda redo: run(_read_and_score, ((c, text_column, spool) for c in redo)),
                             lambda read: _discard(read, spool))
        reads = read_tails(reads, lambda calls: run(_read_and_score, ((c, text_column, spool, parts) for c, parts in calls)))
        release_freed_memory()  # what reading the chunks took, before the files' numbers are joined

        assembly = assemble(reads, lambda read: _facts_of(read, spool), host)
        summary = _account(assembly, output, rejects_path, max_rejects, model, files)

        tally = Tally(dict.fromkeys(model.labels, 0))
        with contextlib.ExitStack() as stack:
            sink = Sink(stack, output, kind)
            stack.callback(sink.abandon)
            calls = ((str(_spill(spool, part.read.chunk.index, "")), part.rows, part.codes, part.answers,
                      assembly.columns, kind, i == 0, safe_csv) for i, part in enumerate(assembly.parts))
            for done, (data, count, views, review) in enumerate(run(_finish, calls), start=len(chunks) + 1):
                sink.write(data)
                tally.add(count, views, review)
                if progress is not None:
                    progress(min(done, total), total)
            sink.close()
    summary.update(classified=tally.classified, needs_review=tally.needs_review, views=tally.views)
    return summary


def _account(assembly: Assembly, output, rejects_path, max_rejects, model: Model, files: list[str]) -> dict:
    """Write the rejects file, build the run summary, and refuse a run with too many rejects."""
    rejects_file = Path(rejects_path) if rejects_path else rejects_path_for(output)
    rejected = len(assembly.rejects)
    if rejected and rejects_file is not None:
        import pandas as pd

        from socialviews.core.columns import REJECT_COLUMNS

        write_table(pd.DataFrame(assembly.rejects, columns=list(REJECT_COLUMNS), dtype=object), rejects_file)
    summary = {
        **assembly.counts(0),
        "views": {},
        "needs_review": 0,
        "output": None if output in (None, "-") else str(output),
        "rejects_file": str(rejects_file) if rejected and rejects_file is not None else None,
        "model_id": model.model_id,
    }
    where = f"; see {rejects_file}" if rejects_file is not None else "; pass --rejects FILE to see them"
    refuse_a_failed_read(rejected, assembly.records, assembly.tweets, max_rejects, where, files)
    return summary
