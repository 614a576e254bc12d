"""The classic Twitter archive (2012 to about 2018, "Grailbird").

Two layouts of the same tweets (three in early archives, with monthly ``data/csv/2012_03.csv``
files too, whose rows leave out empty trailing fields): monthly ``data/js/tweets/2018_03.js`` files
(``Grailbird.data.tweets_2018_03 = [ ... ]``, tweets with a small ``user`` and an optional
``retweeted_status``) and ``tweets.csv`` (``tweet_id, in_reply_to_status_id, ..., timestamp, text,
retweeted_status_id, ...``, no screen names: the author is the owner from
``data/js/user_details.js``). Times come as ``Sat Dec 01 02:52:47 +0000 2007`` or
``2015-01-24 02:02:37 +0000``.
"""

from __future__ import annotations

import json
import re

from socialviews.core.errors import SocialViewsError
from socialviews.files.sources import sibling
from socialviews.readers.fields import RETWEET_PREFIX, as_text, dig, make_tweet, ref_id, tweet_id
from socialviews.readers.rows import array_items, decode, header_of
from socialviews.readers.tabular import Columns, read_table
from socialviews.readers.v11 import is_tweet, tweet_from_v11

_PREFIX = re.compile(r"^\s*Grailbird\.data\.[A-Za-z0-9_]+\s*=\s*")
_DETAILS = re.compile(r"^\s*var\s+user_details\s*=\s*")


def owner(source: str, *places: str) -> str:
    """The screen name in ``user_details.js`` at one of ``places`` (relative to ``source``), else ""."""
    data = sibling(source, *places)
    if data is None:
        return ""
    text = _DETAILS.sub("", decode(data), count=1).strip().rstrip(";")
    try:
        return as_text(dig(json.loads(text), "screen_name"))
    except (ValueError, RecursionError):
        return ""


def _looks_like_item(obj: dict) -> bool:
    return is_tweet(obj) and "created_at" in obj


def detect(head: bytes) -> bool:
    """``Grailbird.data.tweets_YYYY_MM =`` at the start, or a ``tweets.csv`` header."""
    if _PREFIX.match(head.lstrip(b"\xef\xbb\xbf").decode("utf-8", errors="replace")):
        return True
    header = header_of(head)
    return "tweet_id" in header and "timestamp" in header and "retweeted_status_id" in header


def _read_js(text: str, source: str):
    match = _PREFIX.match(text)
    pos = match.end() if match else len(text) - len(text.lstrip())
    if text[pos : pos + 1] != "[":
        raise SocialViewsError(f"{source} is not a classic archive month file (Grailbird.data.tweets_YYYY_MM = [...])")
    author = owner(source, "../user_details.js", "user_details.js")
    for line, item, reason, raw in array_items(text, pos, _looks_like_item):
        if item is None:
            yield line, None, reason, raw
        elif is_tweet(item):
            yield line, tweet_from_v11(item, author), "", raw
        else:
            yield line, None, "not a tweet (no id_str and text)", raw


def _csv_builder(author: str):
    def build(row: Columns) -> dict:
        text = row.text("text")
        retweeted = row.get("retweeted_status_id")
        return make_tweet(
            tweet_id(row.get("tweet_id")),
            author,
            row.get("timestamp"),
            text,
            is_retweet=bool(ref_id(retweeted)) or bool(RETWEET_PREFIX.match(text)),
            reply_to_id=ref_id(row.get("in_reply_to_status_id")),
        )

    return build


def read(data: bytes, source: str, text_column: str | None = None):
    """Yield ``(line, tweet or None, reason, raw)`` for a classic archive month file or ``tweets.csv``."""
    text = decode(data)
    if _PREFIX.match(text) or text.lstrip()[:1] == "[":
        yield from _read_js(text, source)
        return
    author = owner(source, "data/js/user_details.js", "js/user_details.js", "user_details.js", "../js/user_details.js")
    yield from read_table(data, source, _csv_builder(author), text_column, short_rows=True)
