"""Tweet normalisation: the first step of every model pipeline.

It turns the surface of a chat tweet into words that carry meaning: handles and links become
placeholders (they name people, not views), the chat's own hashtag is dropped (it is on every
tweet), CamelCase hashtags are split (``#WorkingOutLoud`` -> ``working out loud``), ``RT @x:``
prefixes are removed (a retweet carries the view of the text it retweets), the chat's Q/A markers
become the tokens ``xxquestion`` and ``xxanswer``, HTML entities are unescaped and negations are
spelled out (``isn't`` -> ``is not``) so that no cue word is lost.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from sklearn.base import BaseEstimator, TransformerMixin

from socialviews.config import CHAT_HASHTAGS

URL_TOKEN = "xxurl"
USER_TOKEN = "xxuser"
QUESTION_TOKEN = "xxquestion"
ANSWER_TOKEN = "xxanswer"

_RETWEET = re.compile(r"^\s*RT\s+@\w{1,30}\s*:?\s*", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_QA = re.compile(r"(?<![\w#@])([QqAa])\s?(\d{1,2})(?:[a-dA-D](?![a-zA-Z]))?(?:\s*[):.\-,])?(?![\w])")
_CAMEL = re.compile(
    r"(?<=[a-z])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z]{2,}(?![a-z]))|(?<=[A-Z]{2})(?=[A-Z][a-z]{2})"
    r"|(?<=[A-Za-z]{2})(?=\d)|(?<=\d)(?=[A-Za-z]{2})"
)
_APOSTROPHE = re.compile(r"[\u2019\u2018`´]")
_NEGATION = re.compile(r"\b(ca|wo|ai)n't\b|n't\b", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def _split_hashtag(tag: str, chat_hashtags: frozenset[str]) -> str:
    lowered = tag.lower()
    if lowered in chat_hashtags or (lowered.endswith("chat") and len(lowered) > 4):
        return " "
    words = _CAMEL.sub(" ", tag).replace("_", " ")
    return f" {words} "


def _negation(match: re.Match) -> str:
    stem = match.group(1)
    if stem is None:
        return " not"
    return {"ca": "can not", "wo": "will not", "ai": "is not"}[stem.lower()]


def _qa_token(match: re.Match) -> str:
    return f" {QUESTION_TOKEN} " if match.group(1) in "Qq" else f" {ANSWER_TOKEN} "


def normalise_tweet(text: str, chat_hashtags: Iterable[str] = CHAT_HASHTAGS) -> str:
    """Normalise the text of one tweet.

    Parameters
    ----------
    text : str
        The tweet as exported.
    chat_hashtags : iterable of str
        Hashtags (without ``#``, any case) to drop; any hashtag ending in "chat" is dropped too.

    Returns
    -------
    str
        Lower-cased text with placeholders, ready for the vectorizers.

    Examples
    --------
    >>> normalise_tweet("RT @jo: A2 Yes! #WorkingOutLoud &amp; blogs https://t.co/x #ldinsight")
    'xxanswer yes! working out loud & blogs xxurl'
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    tags = frozenset(tag.lower() for tag in chat_hashtags)
    text = html.unescape(text)
    text = _RETWEET.sub("", text)
    text = _URL.sub(f" {URL_TOKEN} ", text)
    text = _HANDLE.sub(f" {USER_TOKEN} ", text)
    text = _HASHTAG.sub(lambda m: _split_hashtag(m.group(1), tags), text)
    text = _QA.sub(_qa_token, text)
    text = _APOSTROPHE.sub("'", text)
    text = _NEGATION.sub(_negation, text)
    return _SPACE.sub(" ", text).strip().lower()


class TweetNormaliser(TransformerMixin, BaseEstimator):
    """Pipeline step that applies :func:`normalise_tweet` to every text.

    Parameters
    ----------
    chat_hashtags : tuple of str
        Chat hashtags to drop (see :func:`normalise_tweet`).
    """

    def __init__(self, chat_hashtags: tuple[str, ...] = CHAT_HASHTAGS) -> None:
        self.chat_hashtags = chat_hashtags

    def fit(self, X: Iterable[str], y: object = None) -> "TweetNormaliser":
        """Nothing to learn; returns self."""
        self.n_features_in_ = 1
        return self

    def transform(self, X: Iterable[str]) -> list[str]:
        """Normalise every text of ``X``."""
        return [normalise_tweet(text, self.chat_hashtags) for text in X]
