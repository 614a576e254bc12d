"""Classifying archives on a Dask cluster.

Every input file is a partition: a worker reads it, classifies it with the model (sent to every
worker once) and writes ``part-NNNNN.parquet`` into the output folder; the driver gathers the
counts and the rejects. Tweets whose id already appeared in an earlier partition are then dropped
from the later one, so the rows, ids and views are those of the local engine, in the same order.
Workers must see the input files and the output folder (a shared filesystem on a real cluster).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.atomic import atomic_write, atomic_write_text
from socialviews.errors import EXIT_TOO_MANY_REJECTS, SocialViewsError

if TYPE_CHECKING:
    from socialviews.model import Model

log = logging.getLogger(__name__)

INSTALL_HINT = "--engine dask needs Dask: pip install 'socialviews[dask]'"


def _quiet_dask() -> None:
    """Dask's own start-up and shut-down chatter only when socialviews logs at debug level."""
    level = logging.DEBUG if log.getEffectiveLevel() <= logging.DEBUG else logging.WARNING
    for name in list(logging.root.manager.loggerDict):
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(level)


def _classify_partition(index: int, path: str, model: "Model", fmt: str | None, text_column: str | None, staging: str) -> dict:
    """Runs on a worker: read one file, classify it, write its Parquet part; return counts, ids and rejects."""
    from socialviews.readers import read_inputs

    result = read_inputs([path], fmt=fmt, text_column=text_column)
    part = Path(staging) / f"part-{index:05d}.parquet"
    if not result.tweets.empty:
        classified = model.classify(result.tweets)
        with atomic_write(part, "wb", encoding=None) as handle:
            classified.to_parquet(handle, index=False)
    return {
        "index": index,
        "path": path,
        "part": str(part) if not result.tweets.empty else None,
        "ids": result.tweets["tweet_id"].astype(str).tolist(),
        "stats": result.stats,
        "rejects": result.rejects.to_dict("records"),
    }


def _drop_seen(part: str, drop: set[str]) -> int:
    import pandas as pd

    frame = pd.read_parquet(part)
    keep = ~frame["tweet_id"].astype(str).isin(drop) | (frame["tweet_id"].astype(str) == "")
    with atomic_write(part, "wb", encoding=None) as handle:
        frame.loc[keep].to_parquet(handle, index=False)
    return int((~keep).sum())


def classify_dask(
    inputs: list[str | Path],
    model: "Model",
    out_dir: str | Path,
    *,
    scheduler: str | None = None,
    fmt: str | None = None,
    text_column: str | None = None,
    max_rejects: str | int = "10%",
    n_workers: int = 2,
) -> dict:
    """Classify ``inputs`` on a Dask cluster into partitioned Parquet in ``out_dir``.

    Parameters
    ----------
    inputs : list of paths
        Files, globs or folders (stdin is not supported here).
    model : Model
    out_dir : path
        Gets ``part-NNNNN.parquet`` (one per input file with tweets, in input order),
        ``rejects.csv`` when records were rejected, and ``summary.json``. It appears whole: the run
        writes into a staging folder beside it and renames it at the end.
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``); by default a ``LocalCluster`` of
        ``n_workers`` processes on this machine.
    max_rejects : str or int
        As for :func:`socialviews.classify.classify_files`.

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

    from socialviews.classify import parse_max_rejects
    from socialviews.readers import expand_inputs

    files = expand_inputs(inputs)
    if "-" in files:
        raise SocialViewsError("--engine dask reads files, not stdin; save the export to a file first", exit_code=2)
    kind, limit = parse_max_rejects(max_rejects)
    out_dir = Path(out_dir)
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
            futures = [
                client.submit(_classify_partition, i, str(Path(f).resolve()), shared, fmt, text_column, str(staging.resolve()), pure=False)
                for i, f in enumerate(files)
            ]
            results = sorted(client.gather(futures), key=lambda r: r["index"])
        seen: set[str] = set()
        duplicates = 0
        for result in results:
            ids = [i for i in result["ids"] if i]
            drop = seen.intersection(ids)
            if drop and result["part"]:
                duplicates += _drop_seen(result["part"], drop)
            seen.update(ids)
        records = sum(r["stats"]["records"] for r in results)
        rejected = [row for r in results for row in r["rejects"]]
        summary = {
            "engine": "dask",
            "scheduler": scheduler or f"LocalCluster({n_workers} workers)",
            "records": records,
            "rejected": len(rejected),
            "duplicates": duplicates + sum(r["stats"]["duplicates"] for r in results),
            "formats": {k: v for r in results for k, v in r["stats"]["formats"].items()},
            "parts": [Path(r["part"]).name for r in results if r["part"]],
            "model_id": model.model_id,
        }
        summary["classified"] = records - summary["rejected"] - summary["duplicates"]
        if rejected:
            with atomic_write(staging / "rejects.csv", "w", newline="") as handle:
                pd.DataFrame(rejected, columns=["source", "line", "reason", "raw"]).to_csv(handle, index=False)
        if len(rejected) > (limit if kind == "count" else limit * max(records, 1)):
            raise SocialViewsError(
                f"{len(rejected)} of {records} records could not be read, more than --max-rejects {max_rejects}",
                exit_code=EXIT_TOO_MANY_REJECTS,
            )
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


def read_parts(out_dir: str | Path) -> "object":
    """The classified rows of a Dask run's output folder, in input order, as one DataFrame."""
    import pandas as pd

    out_dir = Path(out_dir)
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    frames = [pd.read_parquet(out_dir / name) for name in summary["parts"]]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
