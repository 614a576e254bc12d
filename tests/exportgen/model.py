"""The canonical tweets an export is generated from, and the text rules the real tools follow.

Independent of the reader code: only the stdlib. A :class:`Tweet` holds what its author wrote
(unescaped, t.co links in place, ``links`` saying where each t.co points). The helpers below turn
it into what an API delivers (HTML-escaped, cut at 140 or 280 characters, entities with offsets)
and into what a correct reader should give back (:func:`expected_text`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_MENTION = re.compile(r"(?<![\w@])@(\w{1,15})")


@dataclass
class Tweet:
    """One tweet of a chat, as its author wrote it."""

    id: str
    user: str
    user_id: str
    time: datetime | None
    text: str
    name: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (t.co address, expanded address)
    reply_to: str = ""
    reply_to_user: str = ""
    conversation: str = ""
    retweet_of: Tweet | None = None
    quote_of: Tweet | None = None
    lang: str = "en"

    @property
    def is_retweet(self) -> bool:
        return self.retweet_of is not None

    @property
    def is_long(self) -> bool:
        return len(self.text) > 280


def utc(text: str) -> datetime:
    """``2023-01-20 08:00:05`` as an aware UTC datetime."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)


def iso_z(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else ""


def v1_time(when: datetime | None) -> str:
    return when.strftime("%a %b %d %H:%M:%S +0000 %Y") if when else ""


def v2_time(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z") if when else ""


def escape(text: str) -> str:
    """What the APIs do to a text: only ``&``, ``<`` and ``>`` are escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut(text: str, limit: int) -> str:
    """A text cut to ``limit`` characters with "…", as truncated retweets and compat texts are."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def display(tweet: Tweet, limit: int | None = None) -> str:
    """The display text of a tweet (``RT @user: original`` for a retweet), cut at ``limit``."""
    text = f"RT @{tweet.retweet_of.user}: {tweet.retweet_of.text}" if tweet.retweet_of else tweet.text
    return cut(text, limit) if limit else text


def links_in(tweet: Tweet, text: str) -> list[tuple[str, str]]:
    """The links of ``tweet`` (or of the tweet it retweets) whose t.co address is whole in ``text``."""
    source = tweet.retweet_of or tweet
    return [(short, full) for short, full in source.links if short in text]


def entities(escaped: str, links: list[tuple[str, str]]) -> dict:
    """Hashtags, mentions and urls of an escaped text, with code-point offsets into it."""
    found = {"hashtags": [], "user_mentions": [], "urls": []}
    for m in _HASHTAG.finditer(escaped):
        found["hashtags"].append((m.start(), m.end(), m.group(1)))
    for m in _MENTION.finditer(escaped):
        found["user_mentions"].append((m.start(), m.end(), m.group(1)))
    for short, full in links:
        start = escaped.find(short)
        if start >= 0:
            found["urls"].append((start, start + len(short), short, full))
    return found


def expected_text(escaped: str, links: list[tuple[str, str]], expand: bool) -> str:
    """What a reader should make of an exported (escaped) text: links expanded if it can, unescaped."""
    if expand:
        for short, full in links:
            escaped = escaped.replace(short, full, 1)
    return html.unescape(escaped)


def expected(tweet: Tweet, text: str, *, author: str | None = None, created: bool = True, reply: bool = True,
             conversation: bool = False, tweet_id: bool = True) -> dict:
    """The normalised record a reader should give for ``tweet`` with the (expected) ``text``."""
    return {
        "tweet_id": tweet.id if tweet_id else "",
        "author": tweet.user if author is None else author,
        "created_at": iso_z(tweet.time) if created else "",
        "text": text,
        "is_retweet": tweet.is_retweet or text.startswith("RT @"),
        "reply_to_id": tweet.reply_to if reply else "",
        "conversation_id": (tweet.conversation or tweet.id) if conversation else "",
    }
