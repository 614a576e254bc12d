"""Any CSV or JSON Lines file with a text column (the fallback formats ``csv`` and ``jsonl``).

Columns are found by the names converters give them (``text``, ``tweet_text``, ``tweetText``,
``full_text``, ``content``, ``tweet_id``, ``author``, ``created_at`` ...: case, ``_``, spaces and
dots do not matter) or named with ``--text-column``; every other column is kept under its own name. A JSON
value that is a list or an object is kept as JSON text.
"""

from __future__ import annotations

from socialviews.core.errors import SocialViewsError
from socialviews.readers.fields import RETWEET_PREFIX, as_text, make_tweet, ref_id, tweet_id
from socialviews.readers.rows import csv_rows, json_lines, sniff_delimiter  # noqa: F401 - re-exported
from socialviews.readers.tabular import Columns, lookup, loose_name

TEXT_NAMES = ("text", "full_text", "tweet_text", "tweet", "rawContent", "content", "tweet_content", "status_text",
              "message", "body", "post_text")
ID_NAMES = ("tweet_id", "id_str", "id", "status_id")
URL_NAMES = ("url", "tweet_url", "status_url", "permalink", "link")
AUTHOR_NAMES = ("author", "screen_name", "screen name", "from_user", "username", "user_screen_name",
                "author.username", "user", "handle")
TIME_NAMES = ("created_at", "date", "timestamp", "time", "posted_at", "posted at")
REPLY_NAMES = ("reply_to_id", "in_reply_to_status_id_str", "in_reply_to_status_id", "in_reply_to_tweet_id")
CONVERSATION_NAMES = ("conversation_id",)
RETWEET_NAMES = ("is_retweet",)


def text_key(names: list[str], text_column: str | None) -> str | None:
    """The text column among ``names``: ``text_column`` when given, else the first common name."""
    found = lookup(names, loose=True).keys_for((text_column,) if text_column else TEXT_NAMES)
    return found[0] if found else None


def build(row: Columns, text: str) -> dict:
    """One generic record as a tweet; ``text`` is the name of its text column."""
    url = next((row.peek(name) for name in URL_NAMES if row.peek(name)), "")
    body = row.get(text)
    retweet_flag = row.get(*RETWEET_NAMES).strip().lower()
    return make_tweet(
        tweet_id(row.get(*ID_NAMES), url),
        row.get(*AUTHOR_NAMES),
        row.get(*TIME_NAMES),
        body,
        is_retweet=retweet_flag in {"true", "1", "yes"} or bool(RETWEET_PREFIX.match(body.lstrip())),
        reply_to_id=ref_id(row.get(*REPLY_NAMES)),
        conversation_id=ref_id(row.get(*CONVERSATION_NAMES)),
    )


def _with_extras(row: Columns, tweet: dict) -> dict:
    tweet.update({k: v for k, v in row.extras().items() if k not in tweet})
    return tweet


def columns_shown(header: list[str], width: int = 30, budget: int = 150) -> str:
    """The column names of ``header`` for a one-line message: each cut to ``width`` characters, as many as
    fit in ``budget`` characters, then how many columns there are."""
    names: list[str] = []
    for name in header:
        name = name if len(name) <= width else name[:width - 3] + "..."
        if names and len(", ".join([*names, name])) > budget:
            return ", ".join(names) + f", ... ({len(header)} columns)"
        names.append(name)
    return ", ".join(names)


def read_csv_records(data: bytes, source: str, text_column: str | None = None, delimiter: str | None = None):
    """Yield ``(line, tweet or None, reason, raw)`` for every record of a CSV file.

    Every record of a file shares its header, so which columns give which field (and which are
    kept as extras) is worked out once: each record then gives the tweet :func:`build` would.
    """
    header, records = csv_rows(data, source, delimiter)
    key = text_key(header, text_column)
    if key is None:
        if header[0].startswith(("{", "[")):
            raise SocialViewsError(
                f"{source} does not look like a CSV file: its first line starts with {header[0][0]} (JSON); drop --format "
                "to have the format detected, or force the right one (--format jsonl, twarc2, v1.1, snscrape ...)"
            )
        raise SocialViewsError(
            f"{source} has no column {text_column!r} (columns: {columns_shown(header)})" if text_column else
            f"{source} has no text column (columns: {columns_shown(header)}); pass --text-column NAME"
        )
    names = lookup(header, loose=True)
    fields = [names.keys_for(group) for group in
              ((key,), RETWEET_NAMES, ID_NAMES, AUTHOR_NAMES, TIME_NAMES, REPLY_NAMES, CONVERSATION_NAMES)]
    text_keys, retweet_keys, id_keys, author_keys, time_keys, reply_keys, conversation_keys = fields
    url_keys = names.keys_for(URL_NAMES)
    used = {k for group in fields for k in group}
    extra_keys = [name for name in dict.fromkeys(header) if name not in used]

    def first(row: dict, keys: tuple[str, ...]) -> str:
        for k in keys:
            value = row[k]
            if value.strip():
                return value
        return ""

    for line, row, reason, raw in records:
        if row is None:
            yield line, None, reason, raw
            continue
        url = next((row[k] for k in url_keys if row[k]), "")
        body = first(row, text_keys)
        retweet_flag = first(row, retweet_keys).strip().lower()
        tweet = make_tweet(
            tweet_id(first(row, id_keys), url),
            first(row, author_keys),
            first(row, time_keys),
            body,
            is_retweet=retweet_flag in {"true", "1", "yes"} or bool(RETWEET_PREFIX.match(body.lstrip())),
            reply_to_id=ref_id(first(row, reply_keys)),
            conversation_id=ref_id(first(row, conversation_keys)),
        )
        for k in extra_keys:
            if k not in tweet:
                tweet[k] = row[k]
        yield line, tweet, "", raw


def read_jsonl_records(data: bytes, source: str, text_column: str | None = None):
    """Yield ``(line, tweet or None, reason, raw)`` for every line of a JSON Lines file."""
    for line, obj, reason, raw in json_lines(data):
        if obj is None:
            yield line, None, reason, raw
            continue
        flat = {str(k): as_text(v) for k, v in obj.items()}
        key = text_key(list(flat), text_column)
        if key is None:
            yield line, None, f"no {text_column or 'text'} field", raw
            continue
        columns = Columns(flat, names=lookup(flat, loose=True))
        yield line, _with_extras(columns, build(columns, key)), "", raw


def looks_like_jsonl(data: bytes) -> bool:
    """True when the first non-blank character is ``{``."""
    return data.lstrip(b"\xef\xbb\xbf").lstrip()[:1] == b"{"


def looks_like_csv(data: bytes) -> bool:
    """True when the first line has a comma, a tab or a semicolon, or is a lone text column name."""
    first = data.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    if any(sep in first for sep in (b",", b"\t", b";")):
        return True
    return loose_name(first.strip().decode("utf-8", errors="replace")) in {loose_name(name) for name in TEXT_NAMES}
