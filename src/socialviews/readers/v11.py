"""API v1.1 tweets (twarc1, ``tweet_mode=extended`` or streamed), one JSON object per line.

The text is the longest the tweet carries: ``extended_tweet.full_text`` (streaming) over
``full_text`` (extended mode) over ``text`` (compat mode, cut at 140 characters). A retweet's text
is rebuilt as ``RT @user: `` plus the full text of ``retweeted_status``; the top-level text of a
retweet is cut with "…". :func:`tweet_from_v11` is shared with the archive readers.
"""

from __future__ import annotations

from socialviews.readers.fields import (
    as_text,
    dig,
    expand_links,
    first_text,
    make_tweet,
    ref_id,
    retweet_text,
    tweet_id,
    v1_links,
)
from socialviews.readers.rows import head_objects, json_lines

_NOTICES = ("delete", "limit", "scrub_geo", "status_withheld", "user_withheld", "disconnect", "warning", "event")


def full_text(tweet: dict) -> str:
    """The longest text of a v1.1 tweet with its links expanded (still HTML-escaped)."""
    extended = tweet.get("extended_tweet")
    if isinstance(extended, dict) and isinstance(extended.get("full_text"), str):
        return expand_links(extended["full_text"], v1_links(extended.get("entities")))
    return expand_links(first_text(tweet.get("full_text"), tweet.get("text")), v1_links(tweet.get("entities")))


def is_tweet(obj: dict) -> bool:
    """True for a v1.1 tweet object: an id and a text."""
    has_id = bool(obj.get("id_str") or obj.get("id"))
    has_text = any(isinstance(obj.get(key), str) for key in ("full_text", "text"))
    return has_id and (has_text or isinstance(dig(obj, "extended_tweet", "full_text"), str))


def tweet_from_v11(tweet: dict, author: str = "", extras: dict | None = None) -> dict:
    """Normalise one v1.1-shaped tweet (API, personal archive, classic archive).

    Parameters
    ----------
    tweet : dict
        The tweet object.
    author : str
        The author when the object has no ``user`` (the archive's owner).
    extras : dict, optional
        Further columns.
    """
    original = tweet.get("retweeted_status")
    if isinstance(original, dict) and is_tweet(original):
        username = as_text(dig(original, "user", "screen_name"))
        text = retweet_text(username, full_text(original))
        is_retweet = True
    else:
        text, is_retweet = full_text(tweet), None
    return make_tweet(
        tweet_id(first_text(tweet.get("id_str"), as_text(tweet.get("id")))),
        as_text(dig(tweet, "user", "screen_name")) or author,
        tweet.get("created_at"),
        text,
        is_retweet=is_retweet,
        reply_to_id=ref_id(
            first_text(tweet.get("in_reply_to_status_id_str"), as_text(tweet.get("in_reply_to_status_id")))
        ),
        conversation_id=ref_id(first_text(tweet.get("conversation_id_str"), as_text(tweet.get("conversation_id")))),
        extras={"lang": as_text(tweet.get("lang")), **(extras or {})},
    )


def detect(head: bytes) -> bool:
    """JSON lines of tweets with ``id_str`` and a ``user`` (or a ``full_text``)."""
    objects = head_objects(head)
    return bool(objects) and any(
        "id_str" in obj and ("user" in obj or "full_text" in obj) and "data" not in obj for obj in objects
    )


def read(data: bytes, source: str, text_column: str | None = None):
    """Yield ``(line, tweet or None, reason, raw)`` for every line of a v1.1 JSONL export."""
    for line, obj, reason, raw in json_lines(data):
        if obj is None:
            yield line, None, reason, raw
        elif is_tweet(obj):
            yield line, tweet_from_v11(obj), "", raw
        elif any(key in obj for key in _NOTICES):
            yield line, None, f"a stream notice ({next(k for k in _NOTICES if k in obj)}), not a tweet", raw
        else:
            yield line, None, "not a v1.1 tweet (no id_str and text)", raw
