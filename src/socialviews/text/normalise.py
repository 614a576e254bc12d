"""Tweet normalisation: the first step of every model pipeline (see :mod:`socialviews.model.normaliser`).

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

from socialviews.chat.markers import GAP, LETTER, NUMBER, QUESTION_LETTERS, SUFFIX
from socialviews.core.config import CHAT_HASHTAGS

URL_TOKEN = "xxurl"
USER_TOKEN = "xxuser"
QUESTION_TOKEN = "xxquestion"
ANSWER_TOKEN = "xxanswer"

#: Texts of a batch are joined with this character, which no pattern below can match across,
#: so that every pattern runs once per batch instead of once per tweet.
_SEP = "\x00"
_RETWEET = re.compile(r"\x00[^\S\x00]*RT\s+@\w{1,30}\s*:?\s*", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)[^\s\x00]+", re.IGNORECASE)
# The lookbehinds stand after the first character, so that the regex engine can skip ahead to it.
_HANDLE = re.compile(r"@(?<!\w@)(?<!@@)\w{1,30}")
_HASHTAG = re.compile(r"#(?<!\w#)(?<!##)(\w+)")
_QA_TAIL = rf"{GAP}{NUMBER}(?:{SUFFIX}(?![a-zA-Z]))?(?:\s*[):.\-,])?(?![\w])"
_QA = re.compile(rf"({LETTER})(?<![\w#@]{LETTER})" + _QA_TAIL)
_DIGIT = re.compile(r"\d")
_CAMEL = re.compile(
    r"(?<=[a-z])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z]{2,}(?![a-z]))|(?<=[A-Z]{2})(?=[A-Z][a-z]{2})"
    r"|(?<=[A-Za-z]{2})(?=\d)|(?<=\d)(?=[A-Za-z]{2})"
)
_APOSTROPHE = re.compile(r"[\u2019\u2018`\u00b4]")
#: ``n't`` -> `` not``, and the whole words can't/won't/ain't -> can not/will not/is not.
_NEGATION = re.compile(r"(ca|wo|ai)?n't\b", re.IGNORECASE)
_IRREGULAR = {"ca": "can not", "wo": "will not", "ai": "is not"}
_WORD_CHAR = re.compile(r"\w")


def _qa_token(match: re.Match) -> str:
    return f" {QUESTION_TOKEN} " if match.group(1) in QUESTION_LETTERS else f" {ANSWER_TOKEN} "


def _negation(match: re.Match) -> str:
    stem = match.group(1)
    if stem is None:
        return " not"
    start = match.start()
    before = match.string[start - 1] if start else ""
    if before and _WORD_CHAR.match(before):
        return stem + " not"  # a longer word ending in -can't, -won't: only the n't is spelled out
    return _IRREGULAR[stem.lower()]


def _hashtag_replacer(chat_hashtags: frozenset[str]):
    cache: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        tag = match.group(1)
        if tag not in cache:
            lowered = tag.lower()
            if lowered in chat_hashtags or (lowered.endswith("chat") and len(lowered) > 4):
                cache[tag] = " "
            else:
                cache[tag] = " " + _CAMEL.sub(" ", tag).replace("_", " ") + " "
        return cache[tag]

    return replace


def _as_text(value: object) -> str:
    if isinstance(value, str):
        text = value
    elif value is None or (isinstance(value, float) and value != value):
        text = ""
    else:
        text = str(value)
    text = html.unescape(text)
    return text.replace(_SEP, " ") if _SEP in text else text


def normalise_texts(texts: Iterable[object], chat_hashtags: Iterable[str] = CHAT_HASHTAGS) -> list[str]:
    """Normalise a batch of tweets (see :func:`normalise_tweet`); the result does not depend on batching."""
    return [" ".join(words) for words in normalise_words(texts, chat_hashtags)]


def normalise_words(texts: Iterable[object], chat_hashtags: Iterable[str] = CHAT_HASHTAGS) -> list[list[str]]:
    """The words of each normalised tweet: ``normalise_texts(texts)[i] == " ".join(normalise_words(texts)[i])``.

    For the features, which split the normalised texts at whitespace again.
    """
    cleaned = [_as_text(text) for text in texts]
    if not cleaned:
        return []
    tags = frozenset(tag.lower() for tag in chat_hashtags)
    at = [i for i, text in enumerate(cleaned) if "@" in text]
    _sub_where(cleaned, at, _RETWEET, _SEP)
    _sub_where(cleaned, [i for i, text in enumerate(cleaned) if "://" in text or "w." in text or "W." in text],
               _URL, f" {URL_TOKEN} ")
    _sub_where(cleaned, [i for i in at if "@" in cleaned[i]], _HANDLE, f" {USER_TOKEN} ")
    _sub_where(cleaned, [i for i, text in enumerate(cleaned) if "#" in text], _HASHTAG, _hashtag_replacer(tags))
    search = _DIGIT.search
    _sub_where(cleaned, [i for i, text in enumerate(cleaned) if search(text)], _QA, _qa_token)
    search = _APOSTROPHE.search
    _sub_where(cleaned, [i for i, text in enumerate(cleaned) if search(text)], _APOSTROPHE, "'")
    _sub_where(cleaned, [i for i, text in enumerate(cleaned) if "'t" in text or "'T" in text], _NEGATION, _negation)
    return [text.lower().split() for text in cleaned]


def _sub_where(texts: list[str], chosen: list[int], pattern: re.Pattern, replacement) -> None:
    """Apply ``pattern.sub`` to the texts at positions ``chosen``, in place.

    The callers choose the texts that can match (a necessary condition, tested inline). The chosen
    texts are joined with :data:`_SEP` (each one, the first too, after a separator), so that the
    pattern runs once over them all.
    """
    if not chosen:
        return
    big = _SEP + _SEP.join([texts[i] for i in chosen])
    for i, text in zip(chosen, pattern.sub(replacement, big).split(_SEP)[1:]):
        texts[i] = text


def normalise_tweet(text: object, chat_hashtags: Iterable[str] = CHAT_HASHTAGS) -> str:
    """Normalise the text of one tweet.

    Parameters
    ----------
    text : str
        The tweet as exported (None and NaN count as empty).
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
    return normalise_texts([text], chat_hashtags)[0]
