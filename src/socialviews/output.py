"""Writing result tables: CSV, Parquet or JSON Lines by extension, atomically."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.atomic import atomic_write
from socialviews.errors import SocialViewsError

if TYPE_CHECKING:
    import pandas as pd

SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def output_kind(path: str | Path | None) -> str:
    """``csv``, ``parquet`` or ``jsonl`` for an output path (stdout is CSV)."""
    if path is None or str(path) == "-":
        return "csv"
    kind = SUFFIXES.get(Path(path).suffix.lower())
    if kind is None:
        raise SocialViewsError(f"cannot tell the format of {path}: end it in {', '.join(SUFFIXES)}", exit_code=2)
    return kind


def write_table(frame: "pd.DataFrame", path: str | Path | None) -> None:
    """Write ``frame`` to ``path`` (stdout for None or ``-``); the file appears whole or not at all."""
    kind = output_kind(path)
    if path is None or str(path) == "-":
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
        sys.stdout.flush()
        return
    if kind == "csv":
        with atomic_write(path, "w", newline="") as handle:
            frame.to_csv(handle, index=False, lineterminator="\n")
    elif kind == "jsonl":
        with atomic_write(path, "w") as handle:
            frame.to_json(handle, orient="records", lines=True, force_ascii=False)
    else:
        with atomic_write(path, "wb", encoding=None) as handle:
            frame.to_parquet(handle, index=False)
