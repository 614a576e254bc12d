"""Any CSV or JSON Lines file with a text column."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from socialviews.errors import SocialViewsError
from socialviews.readers.timefmt import to_iso_utc

TEXT_NAMES = ("text", "full_text", "tweet", "tweet_text", "rawContent", "content", "message", "body")
ID_NAMES = ("tweet_id", "id_str", "id", "status_id")
AUTHOR_NAMES = ("author", "screen_name", "from_user", "username", "user_screen_name", "user", "handle")
TIME_NAMES = ("created_at", "date", "timestamp", "time", "posted_at")
REPLY_NAMES = ("reply_to_id", "in_reply_to_status_id_str", "in_reply_to_status_id", "in_reply_to_tweet_id")
CONVERSATION_NAMES = ("conversation_id",)
RETWEET_NAMES = ("is_retweet",)


def _pick(names: list[str], candidates: tuple[str, ...]) -> str | None:
    lowered = {name.lower(): name for name in names}
    for candidate in candidates:
        if candidate.lower() in lowered:
            return lowered[candidate.lower()]
    return None


def map_record(record: dict, text_column: str | None) -> dict:
    """Map a flat record's columns to the tweet columns; other columns are kept under their names."""
    names = list(record)
    text_key = text_column if text_column else _pick(names, TEXT_NAMES)
    if text_key is None or text_key not in record:
        raise KeyError(text_column or "text")
    keys = {
        "tweet_id": _pick(names, ID_NAMES),
        "author": _pick(names, AUTHOR_NAMES),
        "created_at": _pick(names, TIME_NAMES),
        "reply_to_id": _pick(names, REPLY_NAMES),
        "conversation_id": _pick(names, CONVERSATION_NAMES),
        "is_retweet": _pick(names, RETWEET_NAMES),
    }

    def value(key: str | None) -> str:
        if key is None or record.get(key) is None:
            return ""
        return str(record[key])

    text = value(text_key)
    tweet = {
        "tweet_id": value(keys["tweet_id"]),
        "author": value(keys["author"]).lstrip("@"),
        "created_at": to_iso_utc(record.get(keys["created_at"])) if keys["created_at"] else "",
        "text": text,
        "is_retweet": value(keys["is_retweet"]).lower() in {"true", "1", "yes"} or text.startswith("RT @"),
        "reply_to_id": value(keys["reply_to_id"]),
        "conversation_id": value(keys["conversation_id"]),
    }
    used = {text_key, *[k for k in keys.values() if k]}
    extras = {name: value(name) for name in names if name not in used and name not in tweet}
    return {**tweet, **extras}


def read_csv_records(data: bytes, source: str, text_column: str | None, delimiter: str = ","):
    """Yield ``(line, record or None, reason, raw)`` for every CSV record of ``data``."""
    text = data.decode("utf-8-sig", errors="surrogateescape")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise SocialViewsError(f"{source}: not a readable CSV header ({exc})") from None
    if not header:
        raise SocialViewsError(f"{source} is empty; export the chat again or pick another file")
    text_key = text_column or _pick(list(header), TEXT_NAMES)
    if text_key is None or text_key not in header:
        raise SocialViewsError(
            f"{source} has no text column (columns: {', '.join(header[:12])}); pass --text-column NAME"
        )
    start = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SocialViewsError(
                f"{source}: CSV broken after line {start} ({exc}); an unterminated quote opened there. "
                "Fix the file or re-export it"
            ) from None
        line, start = start + 1, reader.line_num
        raw = ",".join("" if v is None else str(v) for v in row.values())
        if None in row:  # more fields than the header
            yield line, None, f"{len(header) + len(row[None])} fields, the header has {len(header)}", raw
            continue
        if any(v is None for v in row.values()):
            yield line, None, "fewer fields than the header", raw
            continue
        yield line, map_record(row, text_key), "", raw


def read_jsonl_records(data: bytes, source: str, text_column: str | None):
    """Yield ``(line, record or None, reason, raw)`` for every line of a JSON Lines file."""
    for number, raw_line in enumerate(data.splitlines(), start=1):
        if not raw_line.strip():
            continue
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, None, f"not UTF-8 ({exc.reason} at byte {exc.start})", raw_line.decode("utf-8", "replace")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"not JSON ({exc.msg})", line
            continue
        if not isinstance(obj, dict):
            yield number, None, "not a JSON object", line
            continue
        flat = {k: (json.dumps(v) if isinstance(v, (dict, list)) else v) for k, v in obj.items()}
        try:
            yield number, map_record(flat, text_column), "", line
        except KeyError:
            yield number, None, f"no {text_column or 'text'} field", line


def sniff_delimiter(data: bytes) -> str:
    """Comma, or tab when the header line has tabs and no commas outside quotes."""
    first = data.split(b"\n", 1)[0]
    return "\t" if first.count(b"\t") > first.count(b",") else ","


def looks_like_jsonl(data: bytes) -> bool:
    """True when the first non-blank character is ``{``."""
    return data.lstrip()[:1] == b"{"


def read_path_bytes(path: str | Path) -> bytes:
    """The bytes of a file, or of stdin for ``-``."""
    import sys

    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise SocialViewsError(f"input not found: {path}") from None
    except IsADirectoryError:
        raise SocialViewsError(f"{path} is a folder; pass the export files in it") from None
    except PermissionError:
        raise SocialViewsError(f"cannot read {path}: permission denied") from None
