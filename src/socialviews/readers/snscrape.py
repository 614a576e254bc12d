"""snscrape ``--jsonl`` output: one ``snscrape.modules.twitter.Tweet`` per line.

Ids (``id``, ``conversationId``, ``inReplyToTweetId``) are JSON integers above 2**53; they are
taken from the raw JSON text (``parse_int=str``), never through a float. The text is ``rawContent``
(``content`` before mid-2022, ``renderedContent`` as a last resort), still HTML-escaped; a retweet's
text is rebuilt from ``retweetedTweet``. Links are expanded from ``links[].indices``.
"""

from __future__ import annotations

from socialviews.readers.fields import (
    as_list,
    as_text,
    dig,
    expand_links,
    first_text,
    id_from_url,
    make_tweet,
    ref_id,
    retweet_text,
    tweet_id,
)
from socialviews.readers.rows import head_objects, json_lines

_TWEET_TYPE = "snscrape.modules.twitter."


def _links(tweet: dict) -> list:
    links = []
    for link in as_list(tweet.get("links")):
        indices = dig(link, "indices")
        if isinstance(link, dict) and isinstance(indices, list) and len(indices) == 2:
            try:
                start, end = int(str(indices[0])), int(str(indices[1]))
            except ValueError:
                continue
            links.append((start, end, as_text(link.get("tcourl")), as_text(link.get("url"))))
    return links


def _text(tweet: dict) -> str:
    raw = first_text(tweet.get("rawContent"), tweet.get("content"))
    if raw:
        return expand_links(raw, _links(tweet))
    return first_text(tweet.get("renderedContent"))


def _username(tweet: dict) -> str:
    return first_text(as_text(dig(tweet, "user", "username")), as_text(tweet.get("username")))


def _is_tweet(obj: dict) -> bool:
    kind = as_text(obj.get("_type"))
    return (kind.endswith(".Tweet") or not kind) and bool(obj.get("id") or obj.get("url"))


def normalise(tweet: dict) -> dict:
    """One snscrape tweet as a normalised tweet."""
    original = tweet.get("retweetedTweet")
    if isinstance(original, dict) and _is_tweet(original):
        text, is_retweet = retweet_text(_username(original), _text(original)), True
    else:
        text, is_retweet = _text(tweet), None
    url = as_text(tweet.get("url"))
    return make_tweet(
        tweet_id(first_text(as_text(tweet.get("id.str")), as_text(tweet.get("id"))), url),
        _username(tweet) or _user_in_url(url),
        tweet.get("date"),
        text,
        is_retweet=is_retweet,
        reply_to_id=ref_id(tweet.get("inReplyToTweetId")),
        conversation_id=ref_id(tweet.get("conversationId")),
        extras={"lang": as_text(tweet.get("lang"))},
    )


def _user_in_url(url: str) -> str:
    parts = url.split("/")
    return parts[3] if id_from_url(url) and len(parts) > 4 else ""


def detect(head: bytes) -> bool:
    """JSON lines whose ``_type`` starts with ``snscrape.modules.twitter.``."""
    return any(as_text(obj.get("_type")).startswith(_TWEET_TYPE) for obj in head_objects(head))


def read(data: bytes, source: str, text_column: str | None = None):
    """Yield ``(line, tweet or None, reason, raw)`` for every line of an snscrape JSONL export."""
    for line, obj, reason, raw in json_lines(data):
        if obj is None:
            yield line, None, reason, raw
        elif _is_tweet(obj):
            yield line, normalise(obj), "", raw
        else:
            kind = as_text(obj.get("_type")).rsplit(".", 1)[-1] or "no _type"
            yield line, None, f"not a tweet ({kind})", raw
