"""Writing classified parts: a part's kept rows classified and serialised, and the parts written in order.

Both engines classify a part the same way (:func:`classify_part`); the local engine writes the
parts one after the other into one file (:class:`Sink`), the Dask engine each into a file of its own.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.core.atomic import atomic_write
from socialviews.files.output import safe_cells, table_csv_text

if TYPE_CHECKING:
    import numpy as np

    from socialviews.model.model import Model


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


def classify_part(table: dict[str, list], scored: dict, rows: np.ndarray, codes: np.ndarray, answers: np.ndarray,
                  columns: list[str], kind: str, header: bool, model: Model, safe: bool = False):
    """The kept rows of a chunk's table with their questions, classified and serialised for output ``kind``.

    ``table`` holds the chunk's tweets as plain lists (see :func:`~socialviews.readers.tables.tweet_columns`)
    and ``scored`` their scores; ``rows`` are the kept rows, ``codes`` their question codes and
    ``answers`` the kept rows that answer. A CSV output is built from plain lists (no pandas);
    JSON Lines and Parquet from a frame (for Parquet, the classified frame itself is returned).

    Returns
    -------
    tuple
        The data, the number of rows, the count per view and how many rows need review.
    """
    from collections import Counter

    from socialviews.chat.questions import question_label

    picked = rows.tolist()
    if len(picked) < len(scored["view"]):  # rows are distinct and in order: as many as there are means all
        table = {name: [values[i] for i in picked] for name, values in table.items()}
        scored = {key: value[rows] for key, value in scored.items()}
    if len(answers):
        qa = table["qa"]
        for i, marker in zip(answers.tolist(), answered(qa, table["text"], answers, scored, model)):
            qa[i] = marker
    table["question"] = [question_label(code) for code in codes.tolist()]
    views = dict(Counter(scored["view"].tolist()))
    review = int(scored["needs_review"].sum())
    if kind == "csv":
        names, cells = model.classify_columns(
            {name: table[name] if name in table else [""] * len(picked) for name in columns}, scored)
        if safe:
            cells = [safe_cells(values) for values in cells]
        return table_csv_text(names, cells, header).encode("utf-8"), len(picked), views, review
    from socialviews.readers.tables import BOOL_COLUMNS, table_frame

    question = table.pop("question")
    frame = table_frame(table)
    frame["question"] = question
    frame = frame.reindex(columns=columns, fill_value="")
    for name in BOOL_COLUMNS:  # a true/false column another input has (referenced_only) is false here, not ""
        if name in frame and name not in table:
            frame[name] = False
    classified = model.classify(frame, scored=scored)
    if kind == "jsonl":
        data = classified.to_json(None, orient="records", lines=True, force_ascii=False)
        data = (data if data.endswith("\n") else data + "\n").encode("utf-8")
    else:
        data = classified
    return data, len(classified), views, review


class Sink:
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
