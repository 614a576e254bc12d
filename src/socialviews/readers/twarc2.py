"""twarc2 JSONL (Twitter API v2): raw API pages, and tweets flattened by ``twarc2 flatten``.

A raw line is one API page: ``data`` (a list, or one object for ``twarc2 stream``), ``includes``
(``users`` for the authors, ``tweets`` for the tweets referenced), ``meta`` and ``__twarc``. A
line with only ``errors`` holds no tweet and is a reject. Tweets that appear only in
``includes.tweets`` (quoted, replied to or retweeted; often the moderator's questions) become
records too, after the file's own tweets, unless the file has them in some ``data``, as twarc-csv
keeps them; the ``referenced_only`` column marks them (analysis and report leave them out).

A flattened line is one tweet with ``author`` and the ``referenced_tweets`` inlined. Both kinds
of line are read by both readers. The text is ``note_tweet.text`` for long posts, else ``text``;
a retweet's text (cut with "…" in v2) is rebuilt as ``RT @user: `` plus the original's full text.
"""

from __future__ import annotations

import json
import re

from socialviews.readers.fields import (
    as_list,
    as_text,
    dig,
    expand_links,
    first_text,
    make_tweet,
    ref_id,
    retweet_text,
    tweet_id,
    v2_links,
)
from socialviews.readers.rows import head_objects, json_lines

#: The column that marks a tweet the export holds only because one of its tweets references it.
REFERENCED_ONLY = "referenced_only"


def _full_text(tweet: dict) -> str:
    note = tweet.get("note_tweet")
    if isinstance(note, dict) and isinstance(note.get("text"), str):
        return expand_links(note["text"], v2_links(note.get("entities")))
    return expand_links(first_text(tweet.get("text")), v2_links(tweet.get("entities")))


def _reference(tweet: dict, kind: str) -> dict | None:
    for ref in as_list(tweet.get("referenced_tweets")):
        if isinstance(ref, dict) and ref.get("type") == kind:
            return ref
    return None


def _lookup(items: dict, key: object) -> dict | None:
    return items.get(key) if isinstance(key, str) else None


def _username(tweet: dict, users: dict) -> str:
    included = _lookup(users, tweet.get("author_id"))
    return first_text(as_text(dig(tweet, "author", "username")), as_text(dig(included, "username")))


def normalise(
    tweet: dict, users: dict | None = None, tweets: dict | None = None, referenced_only: bool = False
) -> dict:
    """One v2 tweet as a normalised tweet.

    Parameters
    ----------
    tweet : dict
        A ``data`` item or a flattened tweet.
    users, tweets : dict, optional
        ``includes.users`` and ``includes.tweets`` of its page, by id.
    referenced_only : bool
        The tweet is in the file only because a tweet of the export quotes, replies to or retweets
        it (``includes.tweets``, or inlined in a flattened tweet): the ``referenced_only`` column.
    """
    users, tweets = users or {}, tweets or {}
    retweeted = _reference(tweet, "retweeted")
    original = None
    if retweeted is not None:
        original = retweeted if "text" in retweeted else _lookup(tweets, retweeted.get("id"))
    if isinstance(original, dict) and isinstance(original.get("text"), str):
        text = retweet_text(_username(original, users), _full_text(original))
    else:
        text = _full_text(tweet)
    replied = _reference(tweet, "replied_to")
    return make_tweet(
        tweet_id(tweet.get("id")),
        _username(tweet, users),
        tweet.get("created_at"),
        text,
        is_retweet=True if retweeted is not None else None,
        reply_to_id=ref_id(replied.get("id")) if replied else "",
        conversation_id=ref_id(tweet.get("conversation_id")),
        extras={"lang": as_text(tweet.get("lang")), REFERENCED_ONLY: referenced_only},
    )


def _is_tweet(obj: object) -> bool:
    return isinstance(obj, dict) and bool(obj.get("id")) and isinstance(obj.get("id"), str) and isinstance(
        obj.get("text"), str
    )


def _by_id(items: object) -> dict:
    if not isinstance(items, list):
        return {}
    return {item["id"]: item for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


def _errors(page: dict) -> str:
    errors = as_list(page.get("errors"))
    first = errors[0] if errors and isinstance(errors[0], dict) else {}
    detail = as_text(first.get("detail") or first.get("title") or first.get("message"))
    return f"an API error page with no tweet ({detail})" if detail else "an API error page with no tweet"


class Aside:
    """What a file's own tweets leave for the end: the tweets its pages only include.

    ``seen`` holds the ids of the file's own tweets; ``included`` the referenced tweets by id, at
    their first inclusion, as ``(line, tweet, users of its page)``.
    """

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.included: dict[str, tuple[int, dict, dict]] = {}

    def records(self):
        """Yield ``(line, tweet, "", raw)`` for the included tweets that are not among the own tweets."""
        for key, (line, tweet, users) in self.included.items():
            if key not in self.seen:
                yield line, normalise(tweet, users, {}, referenced_only=True), "", json.dumps(tweet, ensure_ascii=False)


def read(data: bytes, source: str, text_column: str | None = None):
    """Yield ``(line, tweet or None, reason, raw)`` for the tweets of a twarc2 JSONL export."""
    aside = Aside()
    yield from read_own(data, source, text_column, aside)
    yield from aside.records()


def read_own(data: bytes, source: str, text_column: str | None, aside: Aside):
    """Yield the records of the pages' own tweets (``data``, or flattened lines); note the rest in ``aside``."""
    seen, included = aside.seen, aside.included
    for line, obj, reason, raw in json_lines(data):
        if obj is None:
            yield line, None, reason, raw
            continue
        if "data" not in obj:
            if _is_tweet(obj):  # a flattened tweet, its referenced tweets inlined
                seen.add(obj["id"])
                yield line, normalise(obj), "", raw
                for ref in as_list(obj.get("referenced_tweets")):
                    if _is_tweet(ref) and ref["id"] not in included:
                        included[ref["id"]] = (line, ref, {})
            elif "errors" in obj:
                yield line, None, _errors(obj), raw
            else:
                yield line, None, "neither a twarc2 page (data) nor a tweet (id, text)", raw
            continue
        users = _by_id(dig(obj, "includes", "users"))
        tweets = _by_id(dig(obj, "includes", "tweets"))
        items = obj["data"] if isinstance(obj["data"], list) else [obj["data"]]
        for item in items:
            if not _is_tweet(item):
                raw_item = json.dumps(item, ensure_ascii=False)
                yield line, None, "a data item that is not a tweet (no id and text)", raw_item
                continue
            seen.add(item["id"])
            yield line, normalise(item, users, tweets), "", json.dumps(item, ensure_ascii=False)
        for tweet_key, tweet in tweets.items():
            if tweet_key not in included and _is_tweet(tweet):
                included[tweet_key] = (line, tweet, users)


def detect(head: bytes) -> bool:
    """JSON lines that are API pages: ``data`` (or only ``errors``) at the top level."""
    objects = head_objects(head)
    if objects:
        return any("data" in obj and ("includes" in obj or "meta" in obj or "__twarc" in obj or "matching_rules" in obj)
                   for obj in objects)
    first = head.lstrip(b"\xef\xbb\xbf").lstrip()[:200]
    return first.startswith((b'{"data":', b'{"data" :', b'{"includes":', b'{"meta":'))


def _kind_of_item(item: object) -> str:
    """What a ``data`` item (or a flattened line) holds that is not a tweet: users, lists, counts; else ""."""
    if not isinstance(item, dict) or any(key in item for key in _TEXT_KEYS):
        return ""
    if "tweet_count" in item and ("start" in item or "end" in item):
        return "counts"
    if "member_count" in item or "owner_id" in item:
        return "lists"
    if "username" in item and "id" in item:
        return "users"
    return ""


_TEXT_KEYS = ("text", "full_text", "rawContent", "content", "renderedContent")
_FIRST_ITEM = re.compile(r'\s*\{\s*"data"\s*:\s*\[?\s*(\{)')

#: What a twarc2 file that holds no tweet is, for the message that refuses it.
NOT_TWEETS = {
    "users": "a twarc2 users file (user profiles, not tweets)",
    "lists": "a twarc2 lists file (lists, not tweets)",
    "counts": "a twarc2 counts file (numbers of tweets per period, not tweets)",
    "compliance": "a twarc2 compliance file (ids of deleted or protected tweets or users, not tweets)",
}


def not_tweets(head: bytes) -> str:
    """``users``, ``lists``, ``counts`` or ``compliance`` when ``head`` is such a twarc2 output; else "".

    Decided on the first lines: every item of their pages (or every flattened line) is of that kind.
    """
    kinds = set()
    objects = head_objects(head)
    if not objects:  # a first line longer than the head: judge by the first item of its page
        match = _FIRST_ITEM.match(head.decode("utf-8", errors="replace"))
        try:
            item = json.JSONDecoder().raw_decode(match.string, match.start(1))[0] if match else None
        except (ValueError, RecursionError):
            item = None
        return _kind_of_item(item)
    for obj in objects:
        if "data" in obj:
            items = obj["data"] if isinstance(obj["data"], list) else [obj["data"]]
            kinds.update(_kind_of_item(item) for item in items)
            if not items and "tweet_count" in str(obj.get("meta")):
                kinds.add("counts")
        elif "action" in obj and "id" in obj and "text" not in obj and ("reason" in obj or "created_at" in obj):
            kinds.add("compliance")
        elif "errors" not in obj:
            kinds.add(_kind_of_item(obj))
    return kinds.pop() if len(kinds) == 1 else ""


def detect_flat(head: bytes) -> bool:
    """JSON lines of single v2 tweets: ``id``, ``text``, an ``author`` object or ``author_id``, no ``data``."""
    return any(
        "data" not in obj and "id" in obj and "text" in obj
        and (isinstance(obj.get("author"), dict) or "author_id" in obj)
        for obj in head_objects(head)
    )
