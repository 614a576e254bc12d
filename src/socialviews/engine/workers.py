"""Worker processes that have the model: a pool whose results come back in call order.

Each worker has the model once (forked with it, or loading it), found with :func:`worker_model`;
the cyclic garbage collector runs rarely while classifying, in the workers too.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from socialviews.files.safety import signals_deferred

if TYPE_CHECKING:
    from socialviews.model.model import Model

log = logging.getLogger(__name__)

#: Allocations between two collections of the youngest generation while classifying (Python's default: 700).
GC_YOUNG_THRESHOLD = 100_000


@contextlib.contextmanager
def rare_collections() -> Iterator[None]:
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


_WORKER_MODEL: Model | None = None


def worker_model() -> Model:
    """The model of this worker process (of this process inside :func:`worker_pool` with one job)."""
    return _WORKER_MODEL


def _init_worker(model_dir: str | None, pipeline_bytes: bytes | None, manifest: dict, allow_pickle: bool = False) -> None:
    global _WORKER_MODEL
    import gc

    from socialviews.files.safety import worker_signals
    from socialviews.model.model import Model

    worker_signals()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])  # as in the main process: see rare_collections

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


def start_method() -> str:
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


@contextlib.contextmanager
def worker_pool(model: Model, jobs: int = 1):
    """Yield ``run(function, calls)``: the results of ``function(*call)`` in order, computed by ``jobs`` processes.

    Each worker process has the model once: forked from this process with it (see
    :func:`start_method`), or loading it (from its folder in the store, or from a pickle of the
    pipeline); the functions find it with :func:`worker_model`. With ``jobs=1`` everything runs
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

    method = start_method()
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
