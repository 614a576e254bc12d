"""Writing result tables: CSV, Parquet or JSON Lines by extension, atomically."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.core.atomic import atomic_write
from socialviews.core.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}


#: A cell a spreadsheet would take for a formula starts with one of these (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a ``'`` put in front of every text cell a spreadsheet would run as a formula.

    A cell is escaped when it starts with ``= + - @``, a tab or a carriage return, after any
    number of ``'`` (so that :func:`unescape_cell` gives every cell back exactly).
    """
    frame = frame.copy()
    for name, dtype in frame.dtypes.items():
        if dtype.kind in "biuf":
            continue
        column = frame[name]
        strings = column.map(lambda v: isinstance(v, str) and bool(_FORMULA.match(v)))
        if strings.any():
            frame[name] = column.where(~strings, "'" + column.astype(str))
    return frame


def unescape_cell(value: str) -> str:
    """A cell of a spreadsheet-safe CSV as it was before :func:`spreadsheet_safe`."""
    return value[1:] if isinstance(value, str) and _ESCAPED.match(value) else value


def output_kind(path: str | Path | None) -> str:
    """``csv``, ``parquet`` or ``jsonl`` for an output path (stdout is CSV)."""
    if path is None or str(path) == "-":
        return "csv"
    kind = SUFFIXES.get(Path(path).suffix.lower())
    if kind is None:
        raise UsageError(f"cannot tell the format of {path}: end it in {', '.join(SUFFIXES)}")
    return kind


def csv_text(frame: pd.DataFrame, header: bool = True) -> str:
    """``frame`` as CSV text, lines ending in ``\\n``.

    A row with a lone carriage return in a text (old Mac line breaks) has its texts quoted, so
    that no CSV reader takes that ``\\r`` for the end of the row.
    """
    import csv

    text = frame.to_csv(None, index=False, header=header, lineterminator="\n")
    if "\r" not in text:
        return text
    strings = [name for name, dtype in frame.dtypes.items() if dtype.kind not in "biuf"]
    bad = frame[strings].apply(lambda col: col.astype(str).str.contains("\r", regex=False)).any(axis=1).to_numpy()
    pieces, start = [frame.iloc[:0].to_csv(None, index=False, lineterminator="\n")] if header else [], 0
    for row in bad.nonzero()[0].tolist() + [len(frame)]:
        if row > start:
            pieces.append(frame.iloc[start:row].to_csv(None, index=False, header=False, lineterminator="\n"))
        if row < len(frame):
            pieces.append(frame.iloc[row : row + 1].to_csv(
                None, index=False, header=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC))
        start = row + 1
    return "".join(pieces)


def rows_csv_text(frame: pd.DataFrame, header: bool = True) -> str:
    """:func:`csv_text` of a frame of strings, booleans and finite floats (a classified chunk), faster."""
    names = list(frame.columns)
    return table_csv_text(names, [frame[name].tolist() for name in names], header)


def safe_cells(values: list) -> list:
    """A column's values with a ``'`` put in front of every text a spreadsheet would run as a formula.

    The plain-list twin of :func:`spreadsheet_safe` (values that are not text stay as they are).
    """
    match = _FORMULA.match
    if not any(value.__class__ is str and match(value) for value in values):
        return values
    return ["'" + value if isinstance(value, str) and match(value) else value for value in values]


def table_csv_text(names: list[str], columns: list[list], header: bool = True) -> str:
    """:func:`csv_text` of a table given as column names and columns of strings, booleans and finite floats.

    Python's csv writer gives the bytes pandas gives for such a table (floats as their shortest
    round-trip spelling), without pandas. A row with a carriage return in a text has all its texts
    quoted, as :func:`csv_text` quotes it.
    """
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(names)
    rows = list(zip(*columns))
    bad = sorted({i for column in columns if _has_carriage_return(column)
                  for i, value in enumerate(column) if isinstance(value, str) and "\r" in value})
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    done = 0
    for row in bad:
        writer.writerows(rows[done:row])
        quoted.writerow(rows[row])
        done = row + 1
    writer.writerows(rows[done:] if done else rows)
    return buffer.getvalue()


def _has_carriage_return(values: list) -> bool:
    """True when a text among ``values`` holds a carriage return (one pass in compiled code for a column of texts)."""
    try:
        return "\r" in "".join(values)
    except TypeError:  # not all texts
        return any(isinstance(value, str) and "\r" in value for value in values)


def write_table(frame: pd.DataFrame, path: str | Path | None) -> None:
    """Write ``frame`` to ``path`` (stdout for None or ``-``); the file appears whole or not at all."""
    kind = output_kind(path)
    if path is None or str(path) == "-":
        sys.stdout.write(csv_text(frame))
        sys.stdout.flush()
        return
    if kind == "csv":
        with atomic_write(path, "w", newline="") as handle:
            handle.write(csv_text(frame))
    elif kind == "jsonl":
        with atomic_write(path, "w") as handle:
            frame.to_json(handle, orient="records", lines=True, force_ascii=False)
    else:
        with atomic_write(path, "wb", encoding=None) as handle:
            frame.to_parquet(handle, index=False)
