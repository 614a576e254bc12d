"""Stable pseudonyms for handles, so that per-person view profiles can be shared.

A handle becomes ``participant-`` + the first hex digits of HMAC-SHA256(key, lower-cased handle):
the same handle always gets the same pseudonym under the same key (handles are case-insensitive),
and without the key a pseudonym cannot be turned back into a handle. The digits start at four and
grow until no two handles of the set share a pseudonym. The key is random unless you pass one, so
two reports are not linkable unless you want them to be.

Replaced: authors, ``@mentions`` anywhere in a text (including ``RT @x:``, ``RT@x``, the full-width
``＠x`` and an ``@`` followed by invisible characters), profile links (``twitter.com/<handle>``,
``x.com/``, ``twitter.com/#!/``, ``twitter.com/@``, the mirrors ``nitter.net``, ``fxtwitter.com``,
``vxtwitter.com``, ``fixupx.com``..., ``intent/user?screen_name=``), search operators ``from:x`` /
``to:x`` (also URL-encoded), and any other occurrence of a handle seen in the chat that has a digit
or an underscore in it or is six characters or longer. Every spelling goes through one normaliser,
:func:`normalise_handle`. Not replaced: people's real names written in a text.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_AT = "@\uff20\ufe6b"  # @, the full-width ＠ and the small ﹫: Twitter takes all three for a mention
MENTION = re.compile(rf"(?:(?<=\bRT)|(?<=\brt)|(?<![\w{_AT}]))[{_AT}](\w{{1,50}})")
_HOSTS = r"(?:(?:www\.|mobile\.|m\.)?(?:twitter|x|fxtwitter|vxtwitter|fixupx|fixvx|twittpr|girlcockx|stupidpenisx)\.com|nitter\.[\w.-]+|xcancel\.com)"
PROFILE_LINK = re.compile(rf"(?i)\b({_HOSTS}/(?:#!/|@)?)(\w{{1,50}})")
INTENT_LINK = re.compile(r"(?i)([?&](?:screen_name|user|original_referer|screenName)=@?)(\w{1,50})")
SEARCH_OPERATOR = re.compile(r"(?i)(?<![\w])((?:from|to)(?::|%3A)(?:@|%40)?)(\w{1,50})")
_RESERVED_PATHS = {"i", "intent", "search", "hashtag", "home", "share", "explore", "settings", "status", "statuses",
                   "login", "signup", "messages", "notifications", "tos", "privacy", "about", "help"}


def normalise_handle(handle: object) -> str:
    """A handle as one spelling: no surrounding spaces, invisible characters or leading ``@``/``＠``,
    full-width letters as ASCII (NFKC), lower-cased. Every handle is compared in this form."""
    import unicodedata

    name = _INVISIBLE.sub("", str(handle or "")).strip()
    name = unicodedata.normalize("NFKC", name).lstrip("@").strip()
    return name.lower()


def _visible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def _linked(text: str) -> Iterable[str]:
    for m in PROFILE_LINK.finditer(text):
        if normalise_handle(m.group(2)) not in _RESERVED_PATHS:
            yield m.group(2)
    for pattern in (INTENT_LINK, SEARCH_OPERATOR):
        yield from (m.group(2) for m in pattern.finditer(text))


def handles_in(authors: Iterable[str], texts: Iterable[str]) -> set[str]:
    """Every handle named as an author, @mentioned, or linked to in ``texts`` (normalised)."""
    found = {normalise_handle(a) for a in authors if a and str(a).strip()}
    for text in texts:
        text = _visible(str(text or ""))
        found.update(normalise_handle(m) for m in MENTION.findall(text))
        found.update(normalise_handle(m) for m in _linked(text))
    found.discard("")
    return found


class Pseudonymiser:
    """Maps handles to pseudonyms, and texts to texts with their handles replaced.

    Parameters
    ----------
    handles : iterable of str
        All handles that may appear (see :func:`handles_in`); their pseudonyms are made unique.
    key : bytes or str, optional
        The HMAC key; random when None.
    prefix : str
        The start of every pseudonym.
    """

    def __init__(self, handles: Iterable[str], key: bytes | str | None = None, prefix: str = "participant-") -> None:
        if key is None:
            key = secrets.token_bytes(32)
        self.key = key.encode("utf-8") if isinstance(key, str) else key
        self.prefix = prefix
        names = sorted({normalise_handle(h) for h in handles if h} - {""})
        digests = {h: hmac.new(self.key, h.encode("utf-8"), hashlib.sha256).hexdigest() for h in names}
        width = 4
        while len({d[:width] for d in digests.values()}) < len(digests):
            width += 1
        self.width = width
        self.mapping = {h: prefix + d[:width] for h, d in digests.items()}
        # any other occurrence of a handle that cannot be an ordinary word
        distinctive = sorted((h for h in names if len(h) >= 6 or "_" in h or any(c.isdigit() for c in h)),
                             key=len, reverse=True)
        self._known = (re.compile(r"(?i)(?<![\w])(" + "|".join(map(re.escape, distinctive)) + r")(?![\w])")
                       if distinctive else None)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, key: bytes | str | None = None) -> Pseudonymiser:
        """A pseudonymiser for every handle of a tweet frame (``author`` and ``text`` columns)."""
        authors = frame["author"].tolist() if "author" in frame.columns else []
        return cls(handles_in(authors, frame["text"].tolist()), key=key)

    def handle(self, handle: str) -> str:
        """The pseudonym of a handle ("" stays "")."""
        name = normalise_handle(handle)
        if not name:
            return ""
        if name not in self.mapping:
            digest = hmac.new(self.key, name.encode("utf-8"), hashlib.sha256).hexdigest()
            self.mapping[name] = self.prefix + digest[: self.width]
        return self.mapping[name]

    def text(self, text: str) -> str:
        """``text`` with every @mention and profile link replaced by pseudonyms."""
        text = _visible(str(text or ""))
        text = MENTION.sub(lambda m: "@" + self.handle(m.group(1)), text)

        def link(m: re.Match) -> str:
            if normalise_handle(m.group(2)) in _RESERVED_PATHS:
                return m.group(0)
            return m.group(1) + self.handle(m.group(2))

        text = PROFILE_LINK.sub(link, text)
        text = INTENT_LINK.sub(lambda m: m.group(1) + self.handle(m.group(2)), text)
        text = SEARCH_OPERATOR.sub(lambda m: m.group(1) + self.handle(m.group(2)), text)
        if self._known is not None:
            text = self._known.sub(lambda m: self.handle(m.group(1)), text)
        return text

    def frame(self, frame: pd.DataFrame, handle_columns: Iterable[str] = ("author",),
              text_columns: Iterable[str] = ("text",)) -> pd.DataFrame:
        """A copy of ``frame`` with handles replaced in the named columns (those it has)."""
        out = frame.copy()
        for column in handle_columns:
            if column in out.columns:
                out[column] = out[column].map(self.handle)
        for column in text_columns:
            if column in out.columns:
                out[column] = out[column].map(self.text)
        return out


def pseudonymise(frame: pd.DataFrame, key: bytes | str | None = None) -> pd.DataFrame:
    """A copy of a tweet frame with ``author`` and the handles in ``text`` pseudonymised.

    Analyse first and pseudonymise the results when you need replies found by @mention
    (:func:`socialviews.analysis.talking_past`), or pseudonymise first and share the frame.
    """
    return Pseudonymiser.from_frame(frame, key=key).frame(frame)
