"""Batch classification of chat exports: read, classify, write, account for every record."""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.core.atomic import atomic_write
from socialviews.core.config import CHUNK_SIZE, MAX_REJECTS
from socialviews.core.errors import SocialViewsError, TooManyRejectsError, UsageError
from socialviews.files.output import output_kind, safe_cells, table_csv_text, write_table
from socialviews.files.safety import signals_deferred

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from socialviews.model.model import Model
    from socialviews.readers.chunks import Chunk, ChunkRead

log = logging.getLogger(__name__)


def parse_max_rejects(value: str | int | float) -> tuple[str, float]:
    """``"10%"`` -> ("share", 0.10); ``"25"`` -> ("count", 25)."""
    text = str(value).strip()
    try:
        if text.endswith("%"):
            share = float(text[:-1]) / 100
            if not 0 <= share <= 1:
                raise ValueError
            return "share", share
        count = int(text)
        if count < 0:
            raise ValueError
        return "count", float(count)
    except ValueError:
        raise UsageError(f"--max-rejects takes a count (25) or a percentage (10%), not {value!r}") from None


_WORKER_MODEL: Model | None = None


def _init_worker(model_dir: str | None, pipeline_bytes: bytes | None, manifest: dict, allow_pickle: bool = False) -> None:
    global _WORKER_MODEL
    import gc

    from socialviews.files.safety import worker_signals
    from socialviews.model.model import Model

    worker_signals()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])  # as in the main process: see _rare_collections

    if model_dir is not None:
        from socialviews.model.store import load_model_dir

        _WORKER_MODEL = load_model_dir(model_dir, accept_version_drift=True, scoring_only=True, allow_pickle=allow_pickle)
    else:
        import pickle

        _WORKER_MODEL = Model(pickle.loads(pipeline_bytes), manifest)


def _adopt_model(model: Model) -> None:
    """Initialise a worker forked from the main process: the model it inherited is the one it uses."""
    global _WORKER_MODEL
    from socialviews.files.safety import worker_signals

    worker_signals()
    _WORKER_MODEL = model


def _start_method() -> str:
    """``fork`` where it is safe (Linux, no other thread running): a worker then starts with the
    modules and the model of this process, in milliseconds; else ``forkserver`` (or ``spawn``),
    where each worker imports the package and loads the model itself."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _score_in_worker(texts: list[str]) -> dict:
    return _WORKER_MODEL.score_texts(texts)


def _ordered(submit, calls: Iterable[tuple], window: int) -> Iterator:
    """Results of ``submit(*call)`` futures in call order, with at most ``window`` in flight."""
    pending: deque = deque()
    for call in calls:
        pending.append(submit(*call))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class _Done:
    """A finished call, shaped like a future."""

    def __init__(self, value) -> None:
        self.value = value

    def result(self):
        return self.value


@contextlib.contextmanager
def worker_pool(model: Model, jobs: int = 1):
    """Yield ``run(function, calls)``: the results of ``function(*call)`` in order, computed by ``jobs`` processes.

    Each worker process has the model once: forked from this process with it (see
    :func:`_start_method`), or loading it (from its folder in the store, or from a pickle of the
    pipeline); the functions find it in ``_WORKER_MODEL``. With ``jobs=1`` everything runs
    here, lazily, one call at a time.
    """
    global _WORKER_MODEL
    if jobs <= 1:
        previous, _WORKER_MODEL = _WORKER_MODEL, model
        try:
            yield lambda function, calls: (function(*call) for call in calls)
        finally:
            _WORKER_MODEL = previous
        return
    import multiprocessing
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    method = _start_method()
    log.debug("%d worker processes, started by %s", jobs, method)
    if method == "fork":  # the model is inherited, not sent
        initializer, args = _adopt_model, (model,)
    else:
        stored = model.path is not None and (model.path / "manifest.json").is_file()
        trusted = getattr(getattr(model, "_loader", None), "trusted", False)  # what the caller already allowed
        initializer, args = _init_worker, ((str(model.path), None, model.manifest, trusted) if stored
                                           else (None, pickle.dumps(model.pipeline), model.manifest, False))
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=initializer,
                               initargs=args)

    def submit(function, *call):
        with signals_deferred():  # a worker half-started when a signal lands could not be stopped
            return pool.submit(function, *call)

    try:
        yield lambda function, calls: _ordered(lambda *call: submit(function, *call), calls, 2 * jobs + 1)
    except BaseException:
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True)


def _stop_workers(pool) -> None:
    """End a pool's worker processes now (an error or a signal ends the run): no work is waited for."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(10)
    pool.shutdown(wait=True, cancel_futures=True)  # the pool's own thread sees its workers gone and ends


@contextlib.contextmanager
def score_chunks(model: Model, jobs: int = 1):
    """Yield a function that maps an iterable of text chunks to :meth:`Model.score_texts` results, in order."""
    with worker_pool(model, jobs) as run:
        yield lambda chunks: run(_score_in_worker, ((chunk,) for chunk in chunks))


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def rejects_path_for(output: str | Path | None) -> Path | None:
    """``<out>.rejects.csv`` beside a file output; None for stdout."""
    if output is None or str(output) == "-":
        return None
    output = Path(output)
    return output.with_name(output.name + ".rejects.csv") if output.suffix == "" else output.with_suffix(".rejects.csv")


def _read_and_score(chunk: Chunk, text_column: str | None, spool: str, tail: list | None = None) -> ChunkRead | Chunk:
    """Worker step 1: read a chunk, score its tweets, spill both to ``spool``; return the rest.

    Returns the chunk itself when it must be read as part of its whole file instead. ``tail``:
    see :func:`~socialviews.readers.chunks.read_chunk`.
    """
    from socialviews.readers.chunks import RetryWhole, read_chunk, tweet_columns

    try:
        read = read_chunk(chunk, text_column, Path(spool), tail)
    except RetryWhole:
        return chunk
    columns = list(dict.fromkeys(key for keys in read.facts.keys for key in keys))
    table = tweet_columns(read.rows, columns)
    read.rows = []
    with open(Path(spool) / f"chunk-{chunk.index}.facts.pickle", "wb") as handle:
        pickle.dump(read.facts, handle, protocol=pickle.HIGHEST_PROTOCOL)
    read.facts = None  # set aside until its whole file is read: memory does not grow with the input
    texts = table.get("text", [])
    scored = _WORKER_MODEL.score_texts(texts) if len(texts) else None
    with open(Path(spool) / f"chunk-{chunk.index}.pickle", "wb") as handle:
        pickle.dump((table, scored), handle, protocol=pickle.HIGHEST_PROTOCOL)
    return read


def _facts_of(read: ChunkRead, spool: str):
    """The per-tweet facts a chunk set aside (the file is removed)."""
    path = Path(spool) / f"chunk-{read.chunk.index}.facts.pickle"
    with open(path, "rb") as handle:
        facts = pickle.load(handle)
    path.unlink()
    return facts


def answered(qa: list[str], texts: list[str], answers: np.ndarray, scored: dict, model: Model) -> list[str]:
    """Make the rows ``answers`` (``Q3) ...`` tweets the chat takes as answers) answers; their new ``qa``.

    Their ``qa`` becomes ``A3`` and they are scored again, in place in ``scored``, as the model
    reads answers (:func:`~socialviews.readers.base.model_text`), as :meth:`Model.classify` would score them.
    """
    from socialviews.chat.markers import answer_marker, model_text

    positions = answers.tolist()
    markers = [answer_marker(qa[i]) for i in positions]
    again = model.score_texts([model_text(texts[i], q) for i, q in zip(positions, markers)])
    for key, values in again.items():
        scored[key][answers] = values
    return markers


def take_answers(frame: pd.DataFrame, scored: dict, answers: np.ndarray, model: Model) -> None:
    """:func:`answered` on the rows of a frame, in place."""
    if not len(answers):
        return
    positions = answers.tolist()
    qa = answered(frame["qa"].tolist(), frame["text"].tolist(), answers, scored, model)
    frame.loc[positions, "qa"] = qa


def _finish(spill: str, rows: np.ndarray, codes: np.ndarray, answers: np.ndarray, columns: list[str], kind: str,
            header: bool, safe: bool = False):
    """Worker step 2: the kept rows of a spilled chunk with their questions, classified and serialised.

    A CSV output is built from plain lists (no pandas); Parquet and JSON Lines from a frame.
    """
    from collections import Counter

    from socialviews.chat.questions import question_label

    with open(spill, "rb") as handle:
        table, scored = pickle.load(handle)
    os.unlink(spill)
    picked = rows.tolist()
    if len(picked) < len(scored["view"]):  # rows are distinct and in order: as many as there are means all
        table = {name: [values[i] for i in picked] for name, values in table.items()}
        scored = {key: value[rows] for key, value in scored.items()}
    if len(answers):
        qa = table["qa"]
        for i, marker in zip(answers.tolist(), answered(qa, table["text"], answers, scored, _WORKER_MODEL)):
            qa[i] = marker
    table["question"] = [question_label(code) for code in codes.tolist()]
    views = dict(Counter(scored["view"].tolist()))
    review = int(scored["needs_review"].sum())
    if kind == "csv":
        names, cells = _WORKER_MODEL.classify_columns(
            {name: table[name] if name in table else [""] * len(picked) for name in columns}, scored)
        if safe:
            cells = [safe_cells(values) for values in cells]
        return table_csv_text(names, cells, header).encode("utf-8"), len(picked), views, review
    from socialviews.readers.chunks import table_frame

    question = table.pop("question")
    frame = table_frame(table)
    frame["question"] = question
    frame = frame.reindex(columns=columns, fill_value="")
    classified = _WORKER_MODEL.classify(frame, scored=scored)
    if kind == "jsonl":
        data = classified.to_json(None, orient="records", lines=True, force_ascii=False)
        data = (data if data.endswith("\n") else data + "\n").encode("utf-8")
    else:
        data = classified
    return data, len(classified), views, review


class _Sink:
    """Where classified chunks go: stdout, or a temporary file moved into place at the end."""

    ROW_GROUP = 65_536

    def __init__(self, stack: contextlib.ExitStack, output: str | Path | None, kind: str) -> None:
        self.kind = kind
        if output is None or str(output) == "-":
            sys.stdout.flush()
            self.handle = sys.stdout.buffer
        else:
            self.handle = stack.enter_context(atomic_write(output, "wb", encoding=None))
        self.writer = None
        self.pending: list = []
        self.pending_rows = 0

    def write(self, data) -> None:
        if self.kind != "parquet":
            self.handle.write(data)
            return
        import pyarrow as pa

        if self.writer is None:
            import pyarrow.parquet as pq

            fields = [pa.field(name, pa.from_numpy_dtype(dtype) if dtype.kind in "bfiu" else pa.string())
                      for name, dtype in data.dtypes.items()]
            self.schema = pa.schema(fields)
            self.writer = pq.ParquetWriter(self.handle, self.schema)
        table = pa.Table.from_pandas(data, schema=self.schema, preserve_index=False)
        self.pending.append(table)
        self.pending_rows += len(table)
        while self.pending_rows >= self.ROW_GROUP:  # row groups of a fixed size, whatever the chunk size
            self._flush(self.ROW_GROUP)

    def _flush(self, rows: int) -> None:
        import pyarrow as pa

        table = pa.concat_tables(self.pending)
        self.writer.write_table(table.slice(0, rows), row_group_size=rows)
        rest = table.slice(rows)
        self.pending, self.pending_rows = ([rest] if len(rest) else []), len(rest)

    def close(self) -> None:
        if self.kind == "parquet" and self.writer is not None:
            if self.pending_rows:
                self._flush(self.pending_rows)
            self.writer.close()
            self.writer = None
        self.handle.flush()

    def abandon(self) -> None:
        """Let go of a half-written Parquet file (its temporary file is removed by the caller)."""
        if self.writer is not None:
            with contextlib.suppress(Exception):
                self.writer.close()
            self.writer = None


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
        and :class:`SocialViewsError` with exit code 3 is raised.
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
    from socialviews.core.columns import TWEET_COLUMNS
    from socialviews.files.safety import refuse_overwriting_inputs
    from socialviews.readers import expand_inputs, warn_float_ids, warn_mangled, warn_repaired
    from socialviews.readers.chunks import FileAssembler, plan_chunks, release_freed_memory

    if output is not None and str(output) != "-" and Path(output).is_dir():
        raise UsageError(f"-o {output} is a folder; name a .csv, .parquet or .jsonl file")
    kind = output_kind(output)  # fail on a bad extension before any work
    if rejects_path is not None:
        if Path(rejects_path).is_dir():
            raise UsageError(f"--rejects {rejects_path} is a folder; name a .csv file")
        output_kind(rejects_path)
    limit_kind, limit = parse_max_rejects(max_rejects)
    files = expand_inputs(inputs, skip_outputs=True)
    refuse_overwriting_inputs(files, output, rejects_path if rejects_path is not None else rejects_path_for(output))
    with contextlib.ExitStack() as resources:
        resources.enter_context(_rare_collections())
        spool = resources.enter_context(tempfile.TemporaryDirectory(prefix="socialviews-"))
        chunks = plan_chunks(files, fmt, max(chunk_size, 1), Path(spool))
        jobs = min(jobs or available_cores(), len(chunks))
        run = resources.enter_context(worker_pool(model, jobs))
        total = 2 * len(chunks)
        log.debug("classifying %d input(s) in %d chunk(s) with %d job(s)", len(files), len(chunks), jobs)
        reads: list = []
        for done, read in enumerate(run(_read_and_score, ((c, text_column, spool) for c in chunks)), start=1):
            reads.append(read)
            log.debug("chunk %d of %d read", done, len(chunks))
            if progress is not None:
                progress(done, total)
        reads = _reread_whole(reads, run, text_column, spool)
        reads = _read_tails(reads, run, text_column, spool)
        release_freed_memory()  # what reading the chunks took, before the files' numbers are joined

        stats = {"records": 0, "rejected": 0, "duplicates": 0, "repaired": 0, "formats": {}}
        rejects: list[dict] = []
        assembler = FileAssembler(host=host)
        columns = dict.fromkeys([*TWEET_COLUMNS, "question"])
        plan: list[tuple] = []
        last_file = reads[-1].chunk.file_index if reads else -1
        for file_reads in _by_file(reads):
            parts = [_facts_of(read, spool) for read in file_reads]
            kept, codes, keys = assembler.file(parts, last=file_reads[0].chunk.file_index == last_file)
            del parts
            for read, rows, file_codes, answers in zip(file_reads, kept, codes, assembler.answers):
                stats["formats"][read.chunk.name] = read.chunk.fmt
                stats["records"] += read.records
                stats["repaired"] += len(read.repaired)
                warn_repaired(read)
                rejects.extend(read.rejects)
                if len(rows):
                    plan.append((str(Path(spool) / f"chunk-{read.chunk.index}.pickle"), rows, file_codes, answers))
            for key_list in keys:
                columns.update(dict.fromkeys(key_list))
        warn_mangled(assembler.mangled)
        warn_float_ids(sum(read.float_ids for read in reads))
        stats["rejected"], stats["duplicates"] = len(rejects), assembler.duplicates
        del assembler
        release_freed_memory()
        summary = _account(stats, rejects, sum(len(p[1]) for p in plan), output, rejects_path, limit_kind, limit,
                           max_rejects, model)

        views = dict.fromkeys(model.labels, 0)
        with contextlib.ExitStack() as stack:
            sink = _Sink(stack, output, kind)
            stack.callback(sink.abandon)
            calls = ((spill, rows, codes, answers, list(columns), kind, i == 0, safe_csv)
                     for i, (spill, rows, codes, answers) in enumerate(plan))
            for done, (data, count, chunk_views, review) in enumerate(run(_finish, calls), start=len(chunks) + 1):
                sink.write(data)
                summary["classified"] += count
                summary["needs_review"] += review
                for label, n in chunk_views.items():
                    views[label] = views.get(label, 0) + n
                if progress is not None:
                    progress(min(done, total), total)
            sink.close()
    summary["views"] = views
    return summary


#: Allocations between two collections of the youngest generation while classifying (Python's default: 700).
GC_YOUNG_THRESHOLD = 100_000


@contextlib.contextmanager
def _rare_collections() -> Iterator[None]:
    """Collect cyclic garbage rarely while classifying (worker processes forked meanwhile too).

    Reading and scoring make millions of short-lived containers (records, tuples, lists), few of
    them in cycles; with the default threshold the collector walks the young objects thousands of
    times for nothing, a twentieth of the run. Objects without cycles are freed as before.
    """
    import gc

    previous = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _by_file(reads: list) -> Iterator[list]:
    """Chunk reads grouped by input file, in input order."""
    group: list = []
    for read in reads:
        if group and read.chunk.file_index != group[0].chunk.file_index:
            yield group
            group = []
        group.append(read)
    if group:
        yield group


def _reread_whole(reads: list, run, text_column: str | None, spool: str) -> list:
    """Replace the chunks of every file whose chunk boundaries were wrong by one read of the whole file."""
    from dataclasses import replace

    from socialviews.readers.chunks import Chunk

    broken = {item.file_index for item in reads if isinstance(item, Chunk)}
    if not broken:
        return reads
    result, redo = [], []
    for item in reads:
        chunk = item if isinstance(item, Chunk) else item.chunk
        if chunk.file_index not in broken:
            result.append(item)
            continue
        if not isinstance(item, Chunk):
            for spill in (f"chunk-{chunk.index}.pickle", f"chunk-{chunk.index}.facts.pickle"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(Path(spool) / spill)
        if chunk.file_index not in {c.file_index for c in redo}:
            log.info("%s has a quote that does not close where expected; reading it whole", chunk.name)
            redo.append(replace(chunk, start=0, end=None, header=b"", line_offset=0, whole=True))
            result.append(redo[-1])
    fresh = dict(zip((c.index for c in redo), run(_read_and_score, ((c, text_column, spool) for c in redo))))
    return [fresh[item.index] if isinstance(item, Chunk) else item for item in result]


def _read_tails(reads: list, run, text_column: str | None, spool: str) -> list:
    """Add, after the parts of each twarc2 file read in parts, the included tweets none of them has."""
    from dataclasses import replace

    next_index = max((read.chunk.index for read in reads), default=-1) + 1
    result, calls = [], []
    for file_reads in _by_file(reads):
        result.extend(file_reads)
        parts = [read.aside for read in file_reads if read.aside is not None]
        if not parts:
            continue
        for read in file_reads:
            read.aside = None
        tail = replace(file_reads[-1].chunk, index=next_index, start=0, end=0, header=b"", line_offset=0)
        next_index += 1
        calls.append((tail, text_column, spool, parts))
        result.append(None)
    if not calls:
        return reads
    tails = iter(run(_read_and_score, calls))
    return [next(tails) if item is None else item for item in result]


def _account(stats: dict, rejects: list[dict], tweets: int, output, rejects_path, kind: str, limit: float,
             max_rejects, model: Model) -> dict:
    """Write the rejects file, build the run summary, and refuse a run with too many rejects."""
    rejects_file = Path(rejects_path) if rejects_path else rejects_path_for(output)
    if stats["rejected"] and rejects_file is not None:
        import pandas as pd

        from socialviews.core.columns import REJECT_COLUMNS

        write_table(pd.DataFrame(rejects, columns=list(REJECT_COLUMNS), dtype=object), rejects_file)
    too_many = stats["rejected"] > (limit if kind == "count" else limit * max(stats["records"], 1))
    summary = {
        "records": stats["records"],
        "classified": 0,
        "rejected": stats["rejected"],
        "duplicates": stats["duplicates"],
        "repaired": stats["repaired"],
        "formats": stats["formats"],
        "views": {},
        "needs_review": 0,
        "output": None if output in (None, "-") else str(output),
        "rejects_file": str(rejects_file) if stats["rejected"] and rejects_file is not None else None,
        "model_id": model.model_id,
    }
    if too_many:
        where = f"; see {rejects_file}" if rejects_file is not None else "; pass --rejects FILE to see them"
        raise TooManyRejectsError(
            f"{stats['rejected']} of {stats['records']} records could not be read, more than --max-rejects "
            f"{max_rejects}{where}",
        )
    if tweets == 0:
        raise SocialViewsError("no tweet could be read from the input; check the file or pass --format/--text-column")
    return summary
