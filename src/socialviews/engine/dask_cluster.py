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
from socialviews.core.errors import SocialViewsError, TooManyRejectsError, UsageError

if TYPE_CHECKING:
    from socialviews.model.model import Model
    from socialviews.readers.chunks import Chunk

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
    from socialviews.readers.chunks import RetryWhole, read_chunk, tweets_frame

    try:
        read = read_chunk(chunk, text_column)
    except RetryWhole:
        return chunk
    frame = tweets_frame(read.rows, list(dict.fromkeys(k for keys in read.facts.keys for k in keys)))
    read.rows = []
    scored = model.score_texts(frame["text"].tolist()) if len(frame) else None
    return read, frame, scored


def _facts_of(result):
    """What the client needs of round 1: the chunk read without its tweets (or the chunk to redo)."""
    return result if not isinstance(result, tuple) else result[0]


def _write_partition(result, model: Model, rows, codes, answers, columns: list[str], part: str) -> dict:
    """Round 2, on a worker: the kept rows of a chunk, with their questions, classified into a Parquet part."""
    from socialviews.chat.questions import question_label
    from socialviews.engine.local import take_answers

    _, frame, scored = result
    frame = frame.iloc[rows].reset_index(drop=True)
    scored = {key: value[rows] for key, value in scored.items()}
    take_answers(frame, scored, answers, model)
    frame["question"] = [question_label(code) for code in codes.tolist()]
    frame = frame.reindex(columns=columns, fill_value="")
    classified = model.classify(frame, scored=scored)
    with atomic_write(part, "wb", encoding=None) as handle:
        classified.to_parquet(handle, index=False)
    return {"rows": len(classified), "views": classified["view"].value_counts().to_dict(),
            "needs_review": int(classified["needs_review"].sum())}


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

    from socialviews.core.columns import REJECT_COLUMNS, TWEET_COLUMNS
    from socialviews.engine.local import _by_file, parse_max_rejects
    from socialviews.readers import expand_inputs, warn_mangled, warn_repaired
    from socialviews.readers.chunks import Chunk, FileAssembler, plan_chunks

    files = expand_inputs(inputs, skip_outputs=True)
    out_dir = _checked_out_dir(out_dir, files)
    if "-" in files:
        raise UsageError("--engine dask reads files, not stdin; save the export to a file first")
    kind, limit = parse_max_rejects(max_rejects)
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

            def submit(chunk):
                return client.submit(_read_partition, chunk, shared, text_column, pure=False)

            results = [submit(chunk) for chunk in chunks]
            reads = client.gather([client.submit(_facts_of, future) for future in results])
            redo = {}
            for k, item in enumerate(reads):  # a file whose chunk boundaries were wrong is read whole
                if isinstance(item, Chunk) and item.file_index not in redo:
                    redo[item.file_index] = k
                    log.info("%s has a quote that does not close where expected; reading it whole", item.name)
                    whole = replace(chunks[k], start=0, end=None, header=b"", line_offset=0, whole=True)
                    results[k] = submit(whole)
                    reads[k] = client.gather(client.submit(_facts_of, results[k]))
            keep = [k for k, item in enumerate(reads)
                    if (item.chunk if not isinstance(item, Chunk) else item).file_index not in redo or k in redo.values()]
            results, reads = [results[k] for k in keep], [reads[k] for k in keep]

            assembler = FileAssembler(host=host)
            columns = dict.fromkeys([*TWEET_COLUMNS, "question"])
            plan, rejected, records, repaired = [], [], 0, 0
            position = {id(read): k for k, read in enumerate(reads)}
            for file_reads in _by_file(reads):
                kept, codes, keys = assembler.file([read.facts for read in file_reads])
                for read, rows, file_codes, answers in zip(file_reads, kept, codes, assembler.answers):
                    records += read.records
                    repaired += len(read.repaired)
                    warn_repaired(read)
                    rejected.extend(read.rejects)
                    if len(rows):
                        plan.append((results[position[id(read)]], rows, file_codes, answers))
                for key_list in keys:
                    columns.update(dict.fromkeys(key_list))
            warn_mangled(assembler.mangled)
            summary = {
                "engine": "dask",
                "scheduler": scheduler or f"LocalCluster({n_workers} workers)",
                "records": records,
                "classified": sum(len(rows) for _, rows, _, _ in plan),
                "rejected": len(rejected),
                "duplicates": assembler.duplicates,
                "repaired": repaired,
                "formats": {read.chunk.name: read.chunk.fmt for read in reads},
                "partitions": len(chunks),
                "parts": [f"part-{k:05d}.parquet" for k in range(len(plan))],
                "model_id": model.model_id,
            }
            if rejected:
                with atomic_write(staging / "rejects.csv", "w", newline="") as handle:
                    pd.DataFrame(rejected, columns=list(REJECT_COLUMNS)).to_csv(handle, index=False)
            if len(rejected) > (limit if kind == "count" else limit * max(records, 1)):
                raise TooManyRejectsError(
                    f"{len(rejected)} of {records} records could not be read, more than --max-rejects {max_rejects}",
                )
            if not plan:
                raise SocialViewsError("no tweet could be read from the input; check the file or pass --format/--text-column")
            written = client.gather([
                client.submit(_write_partition, result, shared, rows, codes, answers, list(columns),
                              str(staging.resolve() / name), pure=False)
                for (result, rows, codes, answers), name in zip(plan, summary["parts"])
            ])
            del results
        views = dict.fromkeys(model.labels, 0)
        for part in written:
            for label, count in part["views"].items():
                views[label] = views.get(label, 0) + count
        summary["views"] = views
        summary["needs_review"] = sum(part["needs_review"] for part in written)
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


def read_parts(out_dir: str | Path) -> object:
    """The classified rows of a Dask run's output folder, in input order, as one DataFrame."""
    import pandas as pd

    out_dir = Path(out_dir)
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    frames = [pd.read_parquet(out_dir / name) for name in summary["parts"]]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
