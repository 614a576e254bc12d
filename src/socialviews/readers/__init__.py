"""Readers for chat exports: detect the format of each input and normalise its tweets.

Every physical record of an input ends up either as a tweet or as a reject (source, line,
reason, raw text), so that ``records = tweets + rejected + duplicates`` always holds.
"""

from __future__ import annotations

import glob
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.errors import SocialViewsError
from socialviews.readers import generic
from socialviews.readers.base import REJECT_COLUMNS, TWEET_COLUMNS, ReadResult, empty_rejects, qa_marker

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

Records = Iterator[tuple[int, "dict | None", str, str]]

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_EXTENSIONS = {".csv", ".tsv", ".txt", ".jsonl", ".json", ".ndjson", ".js", ".zip"}


def _csv(data: bytes, source: str, text_column: str | None) -> Records:
    return generic.read_csv_records(data, source, text_column, delimiter=generic.sniff_delimiter(data))


def _jsonl(data: bytes, source: str, text_column: str | None) -> Records:
    return generic.read_jsonl_records(data, source, text_column)


#: Format name -> (detector on the first bytes, record reader). Order matters: first match wins.
FORMATS: dict[str, tuple[Callable[[bytes], bool], Callable[[bytes, str, "str | None"], Records]]] = {
    "jsonl": (generic.looks_like_jsonl, _jsonl),
    "csv": (lambda head: b"," in head.split(b"\n", 1)[0] or b"\t" in head.split(b"\n", 1)[0], _csv),
}


def detect_format(data: bytes, source: str) -> str:
    """The name of the first format in :data:`FORMATS` whose detector accepts ``data``."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf")
    if not head.strip():
        raise SocialViewsError(f"{source} is empty; export the chat again or pick another file")
    for name, (detect, _) in FORMATS.items():
        if detect(head):
            return name
    raise SocialViewsError(
        f"{source}: unknown format; supported: {', '.join(FORMATS)}. Force one with --format, or name the "
        "text column with --text-column"
    )


def expand_inputs(inputs: Iterable[str | Path]) -> list[str]:
    """Files named by paths, globs and folders (searched recursively for export files), in order."""
    files: list[str] = []
    for raw in inputs:
        raw = str(raw)
        if raw == "-":
            files.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _EXTENSIONS)
            if not found:
                raise SocialViewsError(f"folder {path} holds no export file ({', '.join(sorted(_EXTENSIONS))})")
            files.extend(found)
        elif path.exists():
            files.append(raw)
        elif any(ch in raw for ch in "*?["):
            found = sorted(glob.glob(raw, recursive=True))
            if not found:
                raise SocialViewsError(f"no file matches {raw}")
            files.extend(found)
        else:
            raise SocialViewsError(f"input not found: {raw}")
    return files


def read_inputs(
    inputs: Iterable[str | Path], fmt: str | None = None, text_column: str | None = None, dedupe: bool = True
) -> ReadResult:
    """Read every input into normalised tweets and rejects.

    Parameters
    ----------
    inputs : iterable of paths
        Files, globs or folders; ``-`` is stdin.
    fmt : str, optional
        Force a format (a key of :data:`FORMATS`); detected per file by default.
    text_column : str, optional
        The text column of a generic CSV/JSONL file.
    dedupe : bool
        Drop tweets whose id was already read (counted in ``stats["duplicates"]``).
    """
    import pandas as pd

    if fmt is not None and fmt not in FORMATS:
        raise SocialViewsError(f"unknown --format {fmt!r}; use one of {', '.join(FORMATS)}", exit_code=2)
    rows: list[dict] = []
    rejects: list[dict] = []
    stats = {"records": 0, "tweets": 0, "rejected": 0, "duplicates": 0, "surrogates_replaced": 0, "formats": {}}
    seen: set[str] = set()
    for source in expand_inputs(inputs):
        data = generic.read_path_bytes(source)
        name = "<stdin>" if source == "-" else source
        fmt_name = fmt or detect_format(data, name)
        stats["formats"][name] = fmt_name
        for line, record, reason, raw in FORMATS[fmt_name][1](data, name, text_column):
            stats["records"] += 1
            if record is None:
                rejects.append({"source": name, "line": line, "reason": reason, "raw": raw})
                continue
            if _SURROGATE.search(record["text"]):
                rejects.append({"source": name, "line": line, "reason": "text is not valid UTF-8", "raw": raw})
                continue
            if not record["text"].strip():
                rejects.append({"source": name, "line": line, "reason": "empty text", "raw": raw})
                continue
            tweet_id = record["tweet_id"]
            if dedupe and tweet_id:
                if tweet_id in seen:
                    stats["duplicates"] += 1
                    continue
                seen.add(tweet_id)
            record["qa"] = qa_marker(record["text"])
            rows.append(record)
    stats["tweets"] = len(rows)
    stats["rejected"] = len(rejects)
    tweets = pd.DataFrame(rows)
    for column in TWEET_COLUMNS:
        if column not in tweets.columns:
            tweets[column] = pd.Series(dtype=bool if column == "is_retweet" else object)
    extras = [c for c in tweets.columns if c not in TWEET_COLUMNS]
    tweets = tweets[list(TWEET_COLUMNS) + extras].astype({c: object for c in TWEET_COLUMNS if c != "is_retweet"})
    tweets["is_retweet"] = tweets["is_retweet"].astype(bool)
    reject_frame = pd.DataFrame(rejects, columns=list(REJECT_COLUMNS)) if rejects else empty_rejects()
    return ReadResult(tweets=tweets, rejects=reject_frame, stats=stats)


def read_chat(inputs: "str | Path | Iterable[str | Path]", fmt: str | None = None, text_column: str | None = None) -> "pd.DataFrame":
    """Read one or more chat exports into a DataFrame of normalised tweets.

    Records that cannot be read are logged as warnings; use :func:`read_inputs` to get them.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    result = read_inputs(inputs, fmt=fmt, text_column=text_column)
    if result.stats["rejected"]:
        log.warning("%d records could not be read", result.stats["rejected"])
    return result.tweets


__all__ = ["FORMATS", "ReadResult", "read_chat", "read_inputs", "detect_format", "expand_inputs", "qa_marker"]
