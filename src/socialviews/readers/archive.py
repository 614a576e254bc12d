"""The personal X/Twitter data archive (2019 on): ``data/tweets.js``, ``tweet.js``, ``tweets-part1.js``.

Each file is a JavaScript assignment, ``window.YTD.tweets.part0 = [ {"tweet": {...}}, ... ]``, of
v1.1-like tweets whose numbers are all strings. The tweets carry no user: the author is the
archive's owner, read from ``account.js`` beside the file (in a folder or a .zip). Retweets are
kept as the archive has them, ``RT @user: ...`` cut with "…": the archive holds no original.
"""

from __future__ import annotations

import json
import logging
import re

from socialviews.core.errors import SocialViewsError
from socialviews.files.sources import sibling
from socialviews.readers.fields import as_text, dig
from socialviews.readers.rows import array_items, decode
from socialviews.readers.v11 import is_tweet, tweet_from_v11

log = logging.getLogger(__name__)

_PREFIX = re.compile(r"^\s*window\.YTD\.[A-Za-z0-9_-]+\.part[A-Za-z0-9_]+\s*=\s*")


def strip_assignment(text: str) -> int:
    """The position of the array after ``window.YTD.<name>.partN =`` (or of a bare ``[``), else -1."""
    match = _PREFIX.match(text)
    pos = match.end() if match else len(text) - len(text.lstrip())
    return pos if text[pos : pos + 1] == "[" else -1


def owner(source: str) -> str:
    """The archive owner's screen name from ``account.js`` beside ``source``, "" when not found."""
    data = sibling(source, "account.js", "data/account.js")
    if data is None:
        log.info("%s: no account.js beside it, so its tweets have no author", source)
        return ""
    text = decode(data)
    pos = strip_assignment(text)
    try:
        accounts = json.loads(text[pos:].strip().rstrip(";")) if pos >= 0 else None
    except (ValueError, RecursionError):
        accounts = None
    return as_text(dig(accounts, 0, "account", "username"))


def _unwrap(item: dict) -> dict:
    return item["tweet"] if isinstance(item.get("tweet"), dict) else item


def _looks_like_item(obj: dict) -> bool:
    return isinstance(obj.get("tweet"), dict) or (is_tweet(obj) and "created_at" in obj)


def detect(head: bytes) -> bool:
    """``window.YTD.<name>.partN = [`` at the start."""
    return bool(_PREFIX.match(head.lstrip(b"\xef\xbb\xbf").decode("utf-8", errors="replace")))


def read(data: bytes, source: str, text_column: str | None = None):
    """Yield ``(line, tweet or None, reason, raw)`` for every item of an archive tweets file."""
    text = decode(data)
    pos = strip_assignment(text)
    if pos < 0:
        raise SocialViewsError(
            f"{source} is not a Twitter archive tweets file (it should start with 'window.YTD.tweets.part0 = [')"
        )
    author = owner(source)
    for line, item, reason, raw in array_items(text, pos, _looks_like_item):
        if item is None:
            yield line, None, reason, raw
            continue
        tweet = _unwrap(item)
        if is_tweet(tweet):
            yield line, tweet_from_v11(tweet, author), "", raw
        else:
            kind = ", ".join(list(item)[:3]) or "empty"
            yield line, None, f"not a tweet (an item with {kind})", raw
