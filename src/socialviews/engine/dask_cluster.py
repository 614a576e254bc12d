"""Classifying archives on a Dask cluster.

The inputs are cut into the chunks the local engine uses (a file, or a piece of a big CSV/JSON
Lines file); every chunk is a partition. In a first round, workers read and score their chunks
with the model (sent to every worker once) and keep the result in memory; the client gathers only
what decides duplicates and questions (ids, times, replies, Q/A markers) and the rejects. In a
second round, each worker writes the kept rows of its chunk, with their questions, as
``part-NNNNN.parquet``. The rows, ids, views and order are those of the local engine.
Workers must see the input files and the output folder (a shared filesystem on a real cluster).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.core.atomic import atomic_write, atomic_write_text
from socialviews.core.config import CHUNK_SIZE, DASK_WORKERS, MAX_REJECTS
from socialviews.core.errors import SocialViewsError, UsageError
from socialviews.core.words import counted

if TYPE_CHECKING:
    from socialviews.model.model import Model
    from socialviews.readers.chunk import Chunk

log = logging.getLogger(__name__)

INSTALL_HINT = "--engine dask needs Dask: pip install 'socialviews[dask]'"


def _quiet_dask() -> None:
    """Dask's own start-up and shut-down chatter only when socialviews logs at debug level."""
    level = logging.DEBUG if log.getEffectiveLevel() <= logging.DEBUG else logging.WARNING
    for name in list(logging.root.manager.loggerDict):
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(level)


def _read_partition(chunk: Chunk, model: Model, text_column: str | None):
    """Round 1, on a worker: read and score a chunk; the chunk itself when its file must be read whole."""
    from socialviews.engine.score import read_table, score_table

    got = read_table(chunk, text_column)
    if not isinstance(got, tuple):
        return got
    read, table = got
    return read, table, score_table(table, model)


def _facts_of(result):
    """What the client needs of round 1: the chunk read without its tweets (or the chunk to redo)."""
    return result if not isinstance(result, tuple) else result[0]


def _write_partition(result, model: Model, rows, codes, answers, columns: list[str], part: str) -> dict:
    """Round 2, on a worker: the kept rows of a chunk, with their questions, classified into a Parquet part."""
    from socialviews.engine.write import classify_part

    _, table, scored = result
    classified, count, views, review = classify_part(table, scored, rows, codes, answers, columns, "parquet", True,
                                                     model)
    with atomic_write(part, "wb", encoding=None) as handle:
        classified.to_parquet(handle, index=False)
    return {"rows": count, "views": views, "needs_review": review}


_OUTPUT_ENTRY = re.compile(r"^(?:part-\d{5,}\.parquet|rejects\.csv|summary\.json)$")


def _checked_out_dir(out_dir: str | Path, files: list[str]) -> Path:
    """``out_dir`` as an absolute path, if the run may write there; else a refusal (exit 2).

    The folder is replaced at the end of the run, so it must be new, empty, or the output of an
    earlier Dask run (nothing but ``part-*.parquet``, ``rejects.csv`` and ``summary.json``), and
    it must not hold an input.
    """
    from socialviews.files.safety import printable
    from socialviews.files.sources import ZIP_SEPARATOR

    shown = printable(out_dir)
    if str(out_dir) == "-":
        raise UsageError("--engine dask writes a folder of Parquet parts, not stdout; name a new folder with -o")
    path = Path(os.path.abspath(out_dir))
    if path.parent == path:
        raise UsageError(f"-o {shown} is the root folder; name a new folder for the Parquet parts")
    for name in files:
        source = Path(os.path.abspath(name.split(ZIP_SEPARATOR, 1)[0] if ZIP_SEPARATOR in name else name))
        if source == path or path in source.parents or source in path.parents and source.is_file():
            raise UsageError(f"-o {shown} holds an input ({printable(name)}); name a new folder")
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise UsageError(f"-o {shown} is a file, not a folder; name a new folder for the Parquet parts")
    if path.is_dir():
        entries = [entry.name for entry in path.iterdir()]
        foreign = [name for name in entries if not _OUTPUT_ENTRY.match(name)]
        if foreign or (entries and "summary.json" not in entries):
            raise UsageError(
                f"-o {shown} already holds files that socialviews did not write ({printable(', '.join(sorted(foreign)[:3]) or 'no summary.json')}); "
                "name a new or empty folder: only an earlier --engine dask output is replaced")
    return path


def classify_dask(
    inputs: list[str | Path],
    model: Model,
    out_dir: str | Path,
    *,
    scheduler: str | None = None,
    fmt: str | None = None,
    text_column: str | None = None,
    max_rejects: str | int = MAX_REJECTS,
    n_workers: int = DASK_WORKERS,
    chunk_size: int = CHUNK_SIZE,
    host: str | None = None,
) -> dict:
    """Classify ``inputs`` on a Dask cluster into partitioned Parquet in ``out_dir``.

    ``host`` names the chat's host, as for :func:`socialviews.engine.local.classify_files`.

    Parameters
    ----------
    inputs : list of paths
        Files, globs or folders (stdin is not supported here).
    model : Model
    out_dir : path
        Gets ``part-NNNNN.parquet`` (one per partition with tweets, in input order),
        ``rejects.csv`` when records were rejected, and ``summary.json``. It appears whole: the run
        writes into a staging folder beside it and renames it at the end.
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``); by default a ``LocalCluster`` of
        ``n_workers`` processes on this machine.
    max_rejects : str or int
        As for :func:`socialviews.engine.local.classify_files`.
    chunk_size : int
        About how many records a partition of a big CSV/JSON Lines file holds.

    Returns
    -------
    dict
        The summary, as written to ``summary.json``.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise SocialViewsError(INSTALL_HINT) from None
    _quiet_dask()
    import pandas as pd

    from socialviews.core.columns import REJECT_COLUMNS
    from socialviews.engine.accounting import Tally, parse_max_rejects, refuse_a_failed_read
    from socialviews.engine.assemble import assemble
    from socialviews.engine.plan import reread_whole
    from socialviews.readers import expand_inputs
    from socialviews.readers.cutting import plan_chunks

    files = expand_inputs(inputs, skip_outputs=True)
    out_dir = _checked_out_dir(out_dir, files)
    if "-" in files:
        raise UsageError("--engine dask reads files, not stdin; save the export to a file first")
    parse_max_rejects(max_rejects)
    from dataclasses import replace

    chunks = [replace(c, source=str(Path(c.source).resolve())) if Path(c.source).exists() else c
              for c in plan_chunks(files, fmt, max(chunk_size, 1), pages=False)]
    staging = out_dir.with_name(f".{out_dir.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=":0")
            client = Client(cluster)
        with client:
            shared = client.scatter(model, broadcast=True)
            results = {}  # chunk index -> the future of its round 1, kept on its worker

            def read(some: list[Chunk]) -> list:
                for chunk in some:
                    results[chunk.index] = client.submit(_read_partition, chunk, shared, text_column, pure=False)
                return client.gather([client.submit(_facts_of, results[chunk.index]) for chunk in some])

            reads = reread_whole(read(chunks), read, lambda dropped: results.pop(dropped.chunk.index, None))
            assembly = assemble(reads, lambda item: item.facts, host)
            summary = {
                "engine": "dask",
                "scheduler": scheduler or f"LocalCluster({counted(n_workers, 'worker')})",
                **assembly.counts(assembly.tweets),
                "partitions": len(chunks),
                "parts": [f"part-{k:05d}.parquet" for k in range(len(assembly.parts))],
                "model_id": model.model_id,
            }
            if assembly.rejects:
                with atomic_write(staging / "rejects.csv", "w", newline="") as handle:
                    pd.DataFrame(assembly.rejects, columns=list(REJECT_COLUMNS)).to_csv(handle, index=False)
            refuse_a_failed_read(len(assembly.rejects), assembly.records, assembly.tweets, max_rejects, files=files)
            written = client.gather([
                client.submit(_write_partition, results[part.read.chunk.index], shared, part.rows, part.codes,
                              part.answers, assembly.columns, str(staging.resolve() / name), pure=False)
                for part, name in zip(assembly.parts, summary["parts"])
            ])
            results.clear()
        tally = Tally(dict.fromkeys(model.labels, 0))
        for part in written:
            tally.add(part["rows"], part["views"], part["needs_review"])
        summary["views"] = tally.views
        summary["needs_review"] = tally.needs_review
        atomic_write_text(staging / "summary.json", json.dumps(summary, indent=2) + "\n")
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            os.replace(out_dir, old)
            os.replace(staging, out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, out_dir)
        return summary
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if cluster is not None:
            cluster.close()


def is_dask_output(path: str | Path) -> bool:
    """True for the output folder of a Dask run of ``classify`` (it holds the run's ``summary.json``)."""
    path = Path(path)
    return path.is_dir() and (path / "summary.json").is_file() and any(path.glob("part-*.parquet"))


def read_parts(out_dir: str | Path) -> object:
    """The classified rows of a Dask run's output folder, in input order, as one DataFrame."""
    import pandas as pd

    out_dir = Path(out_dir)
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    frames = [pd.read_parquet(out_dir / name) for name in summary["parts"]]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
