"""CSV made by twarc: ``twarc2 csv`` (the twarc-csv plugin) and twarc1's ``json2csv``.

twarc-csv (up to 84 dotted columns, matched by name since ``--output-columns`` picks any subset):

- retweets are merged by default: the row's ``text`` is the *original's* full text, without
  ``RT @user:``; the retweet shows in ``referenced_tweets.retweeted.id`` and ``retweeted_username``,
  and the text is rebuilt as ``RT @user: <original>``;
- newlines are written as the two characters ``\\n`` and are turned back into newlines;
- early versions (2021) wrote texts as JSON (``"can\\u2019t"``, quotes and all): a text that is a
  JSON string is decoded when it holds an escape or the author's description or location is JSON
  too (so a modern tweet that is only a quotation keeps its quotes);
- ``text`` keeps ``&amp;``; ids, ``conversation_id`` and ``referenced_tweets.replied_to.id`` are strings.

twarc1 json2csv (``id, tweet_url, created_at, parsed_created_at, user_screen_name, text, tweet_type,
..., retweet_or_quote_screen_name, ...``): a retweet's ``text`` is the original's, ``tweet_type`` is
``retweet``; the id is recovered from ``tweet_url`` if a spreadsheet mangled it.
"""

from __future__ import annotations

import json

from socialviews.readers.fields import make_tweet, ref_id, retweet_text, tweet_id
from socialviews.readers.rows import header_of
from socialviews.readers.tabular import Columns, read_table


def _json_string(value: str) -> str | None:
    """The string a cell holds when the cell is a JSON string literal (``"a\\u2019b"``), else None."""
    if len(value) < 2 or value[0] != '"' or value[-1] != '"':
        return None
    try:
        decoded = json.loads(value)
    except ValueError:
        return None
    return decoded if isinstance(decoded, str) else None


def _early_json_text(row: Columns, cell: str) -> str | None:
    """The text of an early twarc-csv row, whose texts are JSON strings; None for any other row."""
    text = _json_string(cell)
    if text is None:
        return None
    if "\\" in cell or any(_json_string(row.peek(name)) is not None for name in ("author.description", "author.location")):
        return text
    return None


def _twarc2_row(row: Columns) -> dict:
    cell = row.text("note_tweet.text", "text")
    text = _early_json_text(row, cell)
    text = cell.replace("\\n", "\n") if text is None else text
    retweeted = ref_id(row.get("referenced_tweets.retweeted.id"))
    username = row.get("retweeted_username")
    if (retweeted or username) and not (row.text_column and row.has(row.text_column)):
        text = retweet_text(username, text)
    return make_tweet(
        tweet_id(row.get("id")),
        row.get("author.username"),
        row.get("created_at"),
        text,
        is_retweet=bool(retweeted or username) or None,
        reply_to_id=ref_id(row.get("referenced_tweets.replied_to.id")),
        conversation_id=ref_id(row.get("conversation_id")),
    )


def _twarc1_row(row: Columns) -> dict:
    text = row.text("text")
    kind = row.get("tweet_type").strip().lower()
    if kind == "retweet" and not (row.text_column and row.has(row.text_column)):
        text = retweet_text(row.get("retweet_or_quote_screen_name"), text)
    return make_tweet(
        tweet_id(row.get("id", "id_str"), row.get("tweet_url")),
        row.get("user_screen_name"),
        row.get("created_at", "parsed_created_at"),
        text,
        is_retweet=(kind == "retweet") or None,
        reply_to_id=ref_id(row.get("in_reply_to_status_id")),
    )


def detect_twarc2(head: bytes) -> bool:
    """A CSV header with ``referenced_tweets.retweeted.id`` or ``author.username``."""
    header = header_of(head)
    return "referenced_tweets.retweeted.id" in header or "author.username" in header


def detect_twarc1(head: bytes) -> bool:
    """A CSV header with ``tweet_url`` and ``tweet_type``."""
    header = header_of(head)
    return "tweet_url" in header and "tweet_type" in header


def read_twarc2(data: bytes, source: str, text_column: str | None = None):
    """Yield ``(line, tweet or None, reason, raw)`` for every row of a twarc-csv export."""
    return read_table(data, source, _twarc2_row, text_column)


def read_twarc1(data: bytes, source: str, text_column: str | None = None):
    """Yield ``(line, tweet or None, reason, raw)`` for every row of a twarc1 json2csv export."""
    return read_table(data, source, _twarc1_row, text_column)
