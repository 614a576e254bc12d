"""Batch classification of chat exports: read, classify, write, account for every record."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.errors import EXIT_TOO_MANY_REJECTS, SocialViewsError
from socialviews.output import output_kind, write_table
from socialviews.readers import read_inputs

if TYPE_CHECKING:
    from socialviews.model import Model

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
        raise SocialViewsError(f"--max-rejects takes a count (25) or a percentage (10%), not {value!r}", exit_code=2) from None


_WORKER_MODEL: "Model | None" = None


def _init_worker(model_dir: str | None, pipeline_bytes: bytes | None, manifest: dict) -> None:
    global _WORKER_MODEL
    from socialviews.model import Model

    if model_dir is not None:
        from socialviews.store import load_model_dir

        _WORKER_MODEL = load_model_dir(model_dir, accept_version_drift=True)
    else:
        import pickle

        _WORKER_MODEL = Model(pickle.loads(pipeline_bytes), manifest)


def _score_in_worker(texts: list[str]) -> dict:
    return _WORKER_MODEL.score_texts(texts)


@contextlib.contextmanager
def score_chunks(model: "Model", jobs: int = 1):
    """Yield a function that maps an iterable of text chunks to :meth:`Model.score_texts` results, in order.

    With ``jobs > 1`` the chunks are scored by that many worker processes, each of which loads the
    model once (from its folder in the store, or from a pickle of the pipeline held in memory).
    """
    if jobs <= 1:
        yield lambda chunks: (model.score_texts(chunk) for chunk in chunks)
        return
    import multiprocessing
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    stored = model.path is not None and (model.path / "manifest.json").is_file()
    args = (str(model.path), None, model.manifest) if stored else (None, pickle.dumps(model.pipeline), model.manifest)
    context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=args) as pool:
        yield lambda chunks: pool.map(_score_in_worker, chunks)


def rejects_path_for(output: str | Path | None) -> Path | None:
    """``<out>.rejects.csv`` beside a file output; None for stdout."""
    if output is None or str(output) == "-":
        return None
    output = Path(output)
    return output.with_name(output.name + ".rejects.csv") if output.suffix == "" else output.with_suffix(".rejects.csv")


def classify_files(
    inputs: list[str | Path],
    model: "Model",
    output: str | Path | None = None,
    *,
    fmt: str | None = None,
    text_column: str | None = None,
    max_rejects: str | int = "10%",
    rejects_path: str | Path | None = None,
    chunk_size: int = 10_000,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
) -> dict:
    """Classify every tweet of ``inputs`` and write one row per tweet to ``output``.

    Parameters
    ----------
    inputs : list of paths
        Exports (files, globs, folders, ``-`` for stdin).
    model : Model
    output : path, optional
        ``.csv``, ``.parquet`` or ``.jsonl``; stdout (CSV) when None or ``-``.
    fmt, text_column : str, optional
        See :func:`socialviews.readers.read_inputs`.
    max_rejects : str or int
        A count or a percentage of records; above it nothing is written but the rejects file,
        and :class:`SocialViewsError` with exit code 3 is raised.
    rejects_path : path, optional
        Where rejects go; ``<out>.rejects.csv`` by default (none for stdout unless given).
    chunk_size : int
        Tweets classified at a time; the output does not depend on it.
    progress : callable, optional
        Called as ``progress(done, total)`` after each chunk.
    jobs : int
        Worker processes that score chunks in parallel (each loads the model once); the output
        does not depend on it.

    Returns
    -------
    dict
        The run summary: ``records``, ``classified``, ``rejected``, ``duplicates``, ``formats``,
        ``views`` (count per view), ``needs_review``, ``output``, ``rejects_file``, ``model_id``.
    """
    output_kind(output)  # fail on a bad extension before any work
    kind, limit = parse_max_rejects(max_rejects)
    with score_chunks(model, jobs) as scorer:  # workers start up while the inputs are read
        result = read_inputs(inputs, fmt=fmt, text_column=text_column)
        summary = _account(result, output, rejects_path, kind, limit, max_rejects, model)
        import pandas as pd

        tweets = result.tweets
        log.info("read %d tweets from %d input(s); classifying", len(tweets), len(result.stats["formats"]))
        chunk_size = max(chunk_size, 1)
        starts = range(0, len(tweets), chunk_size)
        texts = (tweets["text"].iloc[start : start + chunk_size].tolist() for start in starts)
        parts = []
        for start, scored in zip(starts, scorer(texts)):
            parts.append(model.classify(tweets.iloc[start : start + chunk_size], scored=scored))
            if progress is not None:
                progress(min(start + chunk_size, len(tweets)), len(tweets))
    classified = pd.concat(parts)
    write_table(classified, output)
    summary["classified"] = int(len(classified))
    summary["views"] = {label: int((classified["view"] == label).sum()) for label in model.labels}
    summary["needs_review"] = int(classified["needs_review"].sum())
    return summary


def _account(result, output, rejects_path, kind: str, limit: float, max_rejects, model: "Model") -> dict:
    """Write the rejects file, build the run summary, and refuse a run with too many rejects."""
    stats = result.stats
    rejects_file = Path(rejects_path) if rejects_path else rejects_path_for(output)
    if stats["rejected"] and rejects_file is not None:
        write_table(result.rejects, rejects_file)
    too_many = stats["rejected"] > (limit if kind == "count" else limit * max(stats["records"], 1))
    summary = {
        "records": stats["records"],
        "classified": 0,
        "rejected": stats["rejected"],
        "duplicates": stats["duplicates"],
        "formats": stats["formats"],
        "output": None if output in (None, "-") else str(output),
        "rejects_file": str(rejects_file) if stats["rejected"] and rejects_file is not None else None,
        "model_id": model.model_id,
    }
    if too_many:
        where = f"; see {rejects_file}" if rejects_file is not None else "; pass --rejects FILE to see them"
        raise SocialViewsError(
            f"{stats['rejected']} of {stats['records']} records could not be read, more than --max-rejects "
            f"{max_rejects}{where}",
            exit_code=EXIT_TOO_MANY_REJECTS,
        )
    if result.tweets.empty:
        raise SocialViewsError("no tweet could be read from the input; check the file or pass --format/--text-column")
    return summary
