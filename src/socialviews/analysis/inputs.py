"""Classified chats from files: classify outputs read back, or exports classified on the fly."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from socialviews.core.encoding import to_utf8
from socialviews.core.errors import SocialViewsError
from socialviews.core.words import counted, plural
from socialviews.files.sources import ZIP_SEPARATOR

if TYPE_CHECKING:
    import pandas as pd

    from socialviews.model.model import Model

log = logging.getLogger(__name__)

CLASSIFIED_SUFFIXES = (".csv", ".parquet", ".jsonl", ".ndjson")
_STRING_COLUMNS = {"tweet_id": str, "author": str, "text": str, "reply_to_id": str, "conversation_id": str,
                   "qa": str, "view": str, "question": str, "chat": str}


def _columns_of(data: bytes, suffix: str) -> list[str]:
    """The column names of a CSV / JSON Lines / Parquet file's bytes ([] when unreadable)."""
    try:
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return list(pq.read_schema(io.BytesIO(data)).names)
        if data.lstrip()[:1] == b"{":
            first = data.lstrip().split(b"\n", 1)[0]
            return list(json.loads(first))
        import csv

        line = data.decode("utf-8-sig", errors="replace").split("\n", 1)[0]
        return next(csv.reader([line]))
    except Exception:  # noqa: BLE001 - anything unreadable is simply not a classify output
        return []


_ARCHIVE_TWEETS = re.compile(r"(?i)tweets?(?:-part\d+)?")


def chat_name(source: str, member: str | None = None) -> str:
    """The name of the chat a file holds: its stem, or for an X/Twitter archive's ``data/tweets.js``
    (``tweet.js``, ``tweets-part1.js``) the archive's folder or .zip, since every archive names it so."""
    if source == "-":
        return "stdin"
    path = PurePosixPath(member) if member else PurePosixPath(Path(source).as_posix())
    if _ARCHIVE_TWEETS.fullmatch(path.stem) and path.parent.name.lower() == "data":
        return path.parent.parent.name or Path(source.split(ZIP_SEPARATOR, 1)[0]).stem or path.stem
    return path.stem


def is_classified(columns: Iterable[str]) -> bool:
    """True for the columns of a classify output: ``text``, ``view`` and ``p_<label>`` columns."""
    columns = [str(c) for c in columns]
    return "text" in columns and "view" in columns and any(c.startswith("p_") for c in columns)


def _read_file(source: str) -> bytes:
    try:
        return Path(source).read_bytes()
    except PermissionError:
        raise SocialViewsError(f"cannot read {source}: permission denied") from None
    except IsADirectoryError:
        raise SocialViewsError(f"{source} is a folder; pass the files in it") from None


def read_classified(source: str | Path | bytes, suffix: str | None = None, name: str | None = None) -> pd.DataFrame:
    """Read a classify output (CSV, Parquet or JSON Lines) back, ids and texts as strings.

    Parameters
    ----------
    source : path or bytes
        The file, or its bytes (then ``suffix`` names the format; ``{`` at the start means JSON Lines).
    suffix : str, optional
        ``.csv``, ``.parquet`` or ``.jsonl``; taken from the path by default.
    """
    import pandas as pd

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    suffix = (suffix or ("" if isinstance(source, bytes) else Path(source).suffix)).lower()
    if suffix != ".parquet":
        data = to_utf8(data).data
    shown = name or (source if not isinstance(source, bytes) else "<stdin>")
    try:
        if suffix == ".parquet":
            frame = pd.read_parquet(io.BytesIO(data))
        elif data.lstrip()[:1] == b"{":
            frame = pd.read_json(io.BytesIO(data), lines=True, dtype=_STRING_COLUMNS)
        else:
            frame = pd.read_csv(io.BytesIO(data), dtype=_STRING_COLUMNS, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, OSError, UnicodeDecodeError, ImportError) as exc:  # pandas' ParserError is a ValueError
        detail = " ".join(str(exc).split())[:160]
        raise SocialViewsError(f"{shown} looks like a classify output but cannot be read ({type(exc).__name__}: "
                               f"{detail}); classify the export again") from None
    if not is_classified(frame.columns):
        raise SocialViewsError(f"{shown} is not a classify output (it needs text, view and p_<label> columns)")
    _refuse_damaged_rows(frame, shown)
    return frame


def _refuse_damaged_rows(frame: pd.DataFrame, shown: object) -> None:
    """Refuse a classify output with rows that lost or gained fields: a view that is no label, or no probability."""
    import pandas as pd

    probabilities = [column for column in frame.columns if column.startswith("p_")]
    numbers = frame[probabilities].apply(pd.to_numeric, errors="coerce")
    damaged = ~frame["view"].isin([column[2:] for column in probabilities]) | numbers.isna().any(axis=1)
    if damaged.any():
        n = int(damaged.sum())
        where = ", ".join(str(int(i) + 1) for i in damaged.to_numpy().nonzero()[0][:3])
        which = f"record {where} after the header" if n == 1 else f"{counted(n, 'record')} after the header (such as {where})"
        raise SocialViewsError(f"{shown}: {which} {plural(n, 'has', 'have')} no view label or a missing probability: "
                               "the file was cut or edited; classify the export again")


def _sources(inputs: Iterable[str | Path]) -> list[tuple[str, bool]]:
    """Every input file as ``(source, False)`` and a Dask run's output folder as ``(folder, True)``, in
    order; all named before any is read, so that a missing input fails at once."""
    from socialviews.engine.dask_cluster import is_dask_output
    from socialviews.readers import expand_inputs

    sources: list[tuple[str, bool]] = []
    for given in inputs:
        if str(given) != "-" and is_dask_output(given):
            sources.append((str(given), True))
        else:
            sources.extend((source, False) for source in expand_inputs([given]))
    return sources


def load_classified(
    inputs: str | Path | Iterable[str | Path],
    *,
    model: Model | Callable[[], Model] | None = None,
    fmt: str | None = None,
    text_column: str | None = None,
    include_referenced: bool = False,
    host: str | None = None,
) -> list[pd.DataFrame]:
    """One classified frame per input file, each with a ``chat`` column.

    A file that already has ``text``, ``view`` and ``p_<label>`` columns (a classify output) is used as
    is; any other file is read as a chat export (:func:`socialviews.readers.read_inputs`) and classified.
    A frame without a ``chat`` column gets the file's name (its stem) as the chat, or the start dates
    when the file holds several chats (see :func:`socialviews.analysis.prepare`).

    Parameters
    ----------
    inputs : path or iterable of paths
        Files, globs or folders (as for ``classify``); ``-`` is stdin.
    model : Model or callable, optional
        The model for exports, or a function that loads it (called once, only when an input needs
        it); :func:`socialviews.training.train.load_model` by default.
    fmt, text_column : str, optional
        See :func:`socialviews.readers.read_inputs`.
    include_referenced : bool
        Keep the tweets marked ``referenced_only`` as tweets of the chat (they are left out by default).
    host : str, optional
        The chat's host, for ``Qn)`` tweets that answer (see :func:`socialviews.readers.read_inputs`).
    """
    import tempfile

    from socialviews.analysis.prepare import REFERENCED_ONLY, prepare, public
    from socialviews.files.sources import is_regular, read_source
    from socialviews.readers import read_inputs

    if isinstance(inputs, (str, Path)):  # one file: not its characters, one by one
        inputs = [inputs]
    frames = []
    loaded: list = []

    def get_model():
        if not loaded:
            from socialviews.training.default import load_model

            loaded.append(model() if callable(model) else model if model is not None else load_model())
        return loaded[0]

    for source, dask_output in _sources(inputs):
        if dask_output:  # a Dask run's output folder: its parts are one classified file
            from socialviews.engine.dask_cluster import read_parts

            parts = read_parts(source)
            if parts.empty:
                raise SocialViewsError(f"{source} holds no classified tweet; classify the chat again")
            if include_referenced:
                parts = parts.drop(columns=[REFERENCED_ONLY], errors="ignore")
            frames.append(public(prepare(parts, name=Path(source).name)))
            continue
        member = source.split(ZIP_SEPARATOR, 1)[1] if ZIP_SEPARATOR in source and not Path(source).exists() else None
        stream = source == "-" or (member is None and not is_regular(source))
        data = read_source(source) if source == "-" or member is not None else _read_file(source)
        name = chat_name(source, member)
        suffix = "" if source == "-" else PurePosixPath(member or source).suffix.lower()
        if not data.strip():
            raise SocialViewsError(f"{source} is empty; export the chat again or pick another file")
        text = data if suffix == ".parquet" else to_utf8(data).data
        if suffix == ".parquet" or (suffix in CLASSIFIED_SUFFIXES + ("",) and is_classified(_columns_of(text, suffix))):
            frame = read_classified(text, suffix or ".csv", name=source)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                path = source
                if stream:  # a pipe is read once: what was read is what is used
                    path = str(Path(tmp) / (Path(source).name if source != "-" else "stdin"))
                    Path(path).write_bytes(data)
                del data
                result = read_inputs([path], fmt=fmt, text_column=text_column, host=host)
            if result.stats["rejected"]:
                log.warning("%s: %d records could not be read and are left out", source, result.stats["rejected"])
            if result.tweets.empty:
                raise SocialViewsError(f"no tweet could be read from {source}; check the file or pass --format/--text-column")
            frame = get_model().classify(result.tweets)
        if include_referenced:
            frame = frame.drop(columns=[REFERENCED_ONLY], errors="ignore")
        frames.append(public(prepare(frame, name=name)))
    return frames
