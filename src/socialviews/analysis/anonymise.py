"""Stable pseudonyms for handles, so that per-person view profiles can be shared.

A handle becomes ``participant-`` + the first hex digits of HMAC-SHA256(key, lower-cased handle):
the same handle always gets the same pseudonym under the same key (handles are case-insensitive),
and without the key a pseudonym cannot be turned back into a handle. The digits start at four and
grow until no two handles of the set share a pseudonym. The key is random unless you pass one, so
two reports are not linkable unless you want them to be.

Replaced: authors, ``@mentions`` anywhere in a text (including ``RT @x:``), and profile links
``twitter.com/<handle>`` / ``x.com/<handle>``. Not replaced: people's real names written in a text.
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

MENTION = re.compile(r"(?<![\w@])@(\w{1,50})")
PROFILE_LINK = re.compile(r"(?i)\b((?:www\.)?(?:mobile\.)?(?:twitter|x)\.com/)(\w{1,50})")
_RESERVED_PATHS = {"i", "intent", "search", "hashtag", "home", "share", "explore", "settings"}


def handles_in(authors: Iterable[str], texts: Iterable[str]) -> set[str]:
    """Every handle named as an author, @mentioned, or linked to in ``texts`` (lower-cased)."""
    found = {str(a).lstrip("@").lower() for a in authors if a and str(a).strip()}
    for text in texts:
        text = str(text or "")
        found.update(m.lower() for m in MENTION.findall(text))
        found.update(m.group(2).lower() for m in PROFILE_LINK.finditer(text) if m.group(2).lower() not in _RESERVED_PATHS)
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
        names = sorted({h.lstrip("@").lower() for h in handles if h})
        digests = {h: hmac.new(self.key, h.encode("utf-8"), hashlib.sha256).hexdigest() for h in names}
        width = 4
        while len({d[:width] for d in digests.values()}) < len(digests):
            width += 1
        self.width = width
        self.mapping = {h: prefix + d[:width] for h, d in digests.items()}

    @classmethod
    def from_frame(cls, frame: "pd.DataFrame", key: bytes | str | None = None) -> "Pseudonymiser":
        """A pseudonymiser for every handle of a tweet frame (``author`` and ``text`` columns)."""
        authors = frame["author"].tolist() if "author" in frame.columns else []
        return cls(handles_in(authors, frame["text"].tolist()), key=key)

    def handle(self, handle: str) -> str:
        """The pseudonym of a handle ("" stays "")."""
        name = str(handle or "").lstrip("@").lower()
        if not name:
            return ""
        if name not in self.mapping:
            digest = hmac.new(self.key, name.encode("utf-8"), hashlib.sha256).hexdigest()
            self.mapping[name] = self.prefix + digest[: self.width]
        return self.mapping[name]

    def text(self, text: str) -> str:
        """``text`` with every @mention and profile link replaced by pseudonyms."""
        text = MENTION.sub(lambda m: "@" + self.handle(m.group(1)), str(text or ""))

        def link(m: re.Match) -> str:
            if m.group(2).lower() in _RESERVED_PATHS:
                return m.group(0)
            return m.group(1) + self.handle(m.group(2))

        return PROFILE_LINK.sub(link, text)

    def frame(self, frame: "pd.DataFrame", handle_columns: Iterable[str] = ("author",),
              text_columns: Iterable[str] = ("text",)) -> "pd.DataFrame":
        """A copy of ``frame`` with handles replaced in the named columns (those it has)."""
        out = frame.copy()
        for column in handle_columns:
            if column in out.columns:
                out[column] = out[column].map(self.handle)
        for column in text_columns:
            if column in out.columns:
                out[column] = out[column].map(self.text)
        return out


def pseudonymise(frame: "pd.DataFrame", key: bytes | str | None = None) -> "pd.DataFrame":
    """A copy of a tweet frame with ``author`` and the handles in ``text`` pseudonymised.

    Analyse first and pseudonymise the results when you need replies found by @mention
    (:func:`socialviews.analysis.talking_past`), or pseudonymise first and share the frame.
    """
    return Pseudonymiser.from_frame(frame, key=key).frame(frame)
