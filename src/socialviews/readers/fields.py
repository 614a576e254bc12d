"""Field helpers shared by the format readers: ids, text, links, retweets and the tweet record.

Every reader builds its tweets with :func:`make_tweet`, which applies the rules the readers have in
common: ids stay the strings they were exported as, times become ISO 8601 UTC, links are expanded
by their entity offsets *before* HTML entities are unescaped (the offsets count the escaped text),
and a tweet is a retweet when the format says so or its text starts with ``RT @user:``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence

from socialviews.chat.markers import RETWEET_PREFIX
from socialviews.readers.timefmt import to_iso_utc

_ID_IN_URL = re.compile(r"/status(?:es)?/(\d{1,25})")
_MANGLED_ID = re.compile(r"^[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+$|^\d+[.,]\d+$")
_MISSING = frozenset({"", "na", "nan", "none", "null", "n/a", "#n/a"})
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

#: A link to expand: (start, end, the t.co address in the text, the address it stands for).
Link = tuple[int, int, str, str]


def dig(obj: object, *keys: str | int) -> object:
    """``obj[k1][k2]...`` or None when any step is missing or of the wrong type."""
    for key in keys:
        if isinstance(obj, dict):
            obj = obj.get(key)
        elif isinstance(obj, list) and isinstance(key, int) and -len(obj) <= key < len(obj):
            obj = obj[key]
        else:
            return None
    return obj


def as_list(value: object) -> list:
    """``value`` when it is a list, else [] (a field of the wrong type reads as empty)."""
    return value if isinstance(value, list) else []


def as_text(value: object) -> str:
    """A field as text: "" for None, JSON for lists and dicts, ``true``/``false`` for booleans."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def first_text(*values: object) -> str:
    """The first value that is a non-empty string, else ""."""
    for value in values:
        if isinstance(value, str) and value:
            return value
    return ""


def is_mangled_id(value: str) -> bool:
    """True for an id a spreadsheet turned into a number: ``1.26426E+18``, ``1000000000000000000.0``."""
    return bool(_MANGLED_ID.match(value.strip()))


def id_from_url(url: object) -> str:
    """The status id in a tweet address (``.../status/123`` or ``.../statuses/123``), else ""."""
    match = _ID_IN_URL.search(url) if isinstance(url, str) else None
    return match.group(1) if match else ""


def tweet_id(value: object, url: object = None) -> str:
    """A tweet's id exactly as exported, recovered from ``url`` when it is missing or mangled.

    Examples
    --------
    >>> tweet_id("1.26426E+18", "http://twitter.com/jane_ld/statuses/1264260000000000123")
    '1264260000000000123'
    """
    if value.__class__ is str and value.isdigit():  # the usual id: as exported
        return value
    text = as_text(value).strip()
    if text.lower() in _MISSING:
        return id_from_url(url)
    if is_mangled_id(text):
        return id_from_url(url) or text
    return text


#: What :func:`numeric_id` gives for an id that is not plain digits.
NO_ID = -1


def numeric_id(value: str) -> int:
    """The id as an int when it is plain digits without a leading zero (and fits in 64 bits); else ``NO_ID``.

    Such an id and its int stand for each other exactly, so ids can be kept in compact arrays.
    """
    if value.isdigit() and value.isascii() and (value[0] != "0" or value == "0"):
        if len(value) < 19 or (len(value) == 19 and value <= "9223372036854775807"):
            return int(value)
    return NO_ID


def ref_id(value: object) -> str:
    """The id of a referenced tweet (a reply's parent, a conversation): "" when missing or mangled."""
    if value.__class__ is str and (not value or value.isdigit()):  # none, or a plain id
        return value
    text = as_text(value).strip()
    if text.lower() in _MISSING or is_mangled_id(text):
        return ""
    return text


def unescape_entities(text: str) -> str:
    """Unescape ``&amp;``, ``&lt;``, ``&gt;`` and other complete HTML entities, once.

    Only entities closed by ``;`` are touched, so ``R&D`` and ``&para`` stay as they are.

    Examples
    --------
    >>> unescape_entities("L&amp;D &lt;3 R&D &amp;amp;")
    'L&D <3 R&D &amp;'
    """
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda match: html.unescape(match.group()), text)


def expand_links(text: str, links: Iterable[Link]) -> str:
    """Replace each t.co address by the address it stands for, at its entity offsets.

    Offsets count code points of the text *as exported* (HTML-escaped), so call this before
    :func:`unescape_entities`. A link whose offsets do not point at its t.co address is replaced
    at its first occurrence instead; a link not in the text is left out.
    """
    usable = [(s, e, short, full) for s, e, short, full in links if short and full and short != full]
    for start, end, short, full in sorted(usable, key=lambda link: link[0], reverse=True):
        if 0 <= start < end <= len(text) and text[start:end] == short:
            text = text[:start] + full + text[end:]
        elif short in text:
            text = text.replace(short, full, 1)
    return text


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1


def v1_links(entities: object) -> list[Link]:
    """Links of API v1.1 ``entities`` (``urls[].indices``, numbers or strings as in archives)."""
    links: list[Link] = []
    for url in as_list(dig(entities, "urls")):
        indices = dig(url, "indices")
        if isinstance(url, dict) and isinstance(indices, Sequence) and len(indices) == 2:
            start, end = _int(indices[0]), _int(indices[1])
            links.append((start, end, as_text(url.get("url")), as_text(url.get("expanded_url"))))
    return links


def v2_links(entities: object) -> list[Link]:
    """Links of API v2 ``entities`` (``urls[].start/end``); media links stay t.co."""
    links: list[Link] = []
    for url in as_list(dig(entities, "urls")):
        if isinstance(url, dict) and not url.get("media_key"):
            links.append((_int(url.get("start")), _int(url.get("end")), as_text(url.get("url")),
                          as_text(url.get("expanded_url"))))
    return links


def retweet_text(username: str, original: str) -> str:
    """``RT @username: original`` (the original alone when the retweeted user is unknown)."""
    return f"RT @{username}: {original}" if username else original


def make_tweet(
    tweet_id: str,
    author: str,
    created_at: object,
    text: str,
    *,
    is_retweet: bool | None = None,
    reply_to_id: str = "",
    conversation_id: str = "",
    links: Iterable[Link] = (),
    extras: dict | None = None,
) -> dict:
    """A normalised tweet record (the columns of :data:`~socialviews.readers.base.TWEET_COLUMNS` but ``qa``).

    Parameters
    ----------
    tweet_id, author : str
        The id as exported; the screen name (a leading ``@`` is dropped).
    created_at : str
        Any spelling :func:`~socialviews.readers.timefmt.to_iso_utc` knows.
    text : str
        The text as exported: links are expanded by ``links``, then HTML entities are unescaped.
    is_retweet : bool, optional
        From the format's structure; by default, whether ``text`` starts with ``RT @user:``.
    reply_to_id, conversation_id : str
        Thread structure, "" when the format has none.
    links : iterable of Link
        Entity links whose offsets point into ``text``.
    extras : dict, optional
        Further columns, kept under their names.
    """
    text = unescape_entities(expand_links(text, links) if links else text)
    record = {
        "tweet_id": tweet_id,
        "author": author.lstrip("@"),
        "created_at": to_iso_utc(created_at),
        "text": text,
        "is_retweet": bool(RETWEET_PREFIX.match(text)) if is_retweet is None else bool(is_retweet),
        "reply_to_id": reply_to_id,
        "conversation_id": conversation_id,
    }
    if extras:
        record.update({key: value for key, value in extras.items() if key not in record})
    return record
