"""Question and answer markers of a chat (``Q3``, ``A3b``) and the text the model reads for a marked tweet."""

from __future__ import annotations

import re

#: The letters of a question's marker and of an answer's, either case (``Q3``, ``a2``).
QUESTION_LETTERS, ANSWER_LETTERS = "Qq", "Aa"
#: The pieces of every pattern of a marker written in a tweet: its letter, the optional space
#: after it, its number (one or two digits) and an answer's optional suffix (``A1b``).
LETTER = f"[{QUESTION_LETTERS}{ANSWER_LETTERS}]"
QUESTION_LETTER = f"[{QUESTION_LETTERS}]"
GAP = r"\s?"
NUMBER = r"\d{1,2}"
SUFFIX = "[a-dA-D]"
#: Leading @handles of a reply and ``RT @user:`` prefixes of a retweet, before a marker.
LEADING_HANDLES = r"(?:(?:RT\s+@\w{1,30}(?!\w):?|\.?@\w{1,30}(?!\w))[\s:,]*)*"
_QA_MARK = re.compile(rf"^\s*{LEADING_HANDLES}({LETTER}){GAP}({NUMBER})({SUFFIX})?(?!\w)")
#: A marker as :func:`qa_marker` writes it (``Q3``, ``A3b``): its number.
_MARKER_NUMBER = re.compile(r"^[QA](\d+)")
#: The prefix of a retweet's text, ``RT @user:``, with the retweeted user's handle.
RETWEET_PREFIX = re.compile(r"^RT @(\w{1,30}):")


def qa_marker(text: str) -> str:
    """The chat's question/answer marker at the start of a tweet: ``Q3``, ``A3``, ``A3b`` or ``""``.

    Leading @handles (a reply) and ``RT @user:`` prefixes (a retweet, even of a reply) are skipped.

    Examples
    --------
    >>> qa_marker("@host a2) yes, buddies")
    'A2'
    >>> qa_marker("A1b: and mentors")
    'A1b'
    >>> qa_marker("RT @sam: @host A2 buddies")
    'A2'
    >>> qa_marker("RT @bibaigna96: #POIUYTREWQ")  # a handle ending in a96 is no marker
    ''
    """
    match = _QA_MARK.match(text or "")
    if not match:
        return ""
    letter, number, suffix = match.groups()
    return f"{letter.upper()}{int(number)}{(suffix or '').lower()}"


def marker_number(qa: str) -> int:
    """The number of the question a marker (``Q3``, ``A3b``) names; -1 for none."""
    match = _MARKER_NUMBER.match(qa or "")
    return int(match.group(1)) if match else -1


def is_question_marker(qa: str) -> bool:
    """True for a question's marker (``Q3``)."""
    return (qa or "").startswith("Q")


def is_answer_marker(qa: str) -> bool:
    """True for an answer's marker (``A3``, ``A3b``)."""
    return (qa or "").startswith("A")


_LINK = re.compile(r"https?://\S+")


def asks(text: str) -> bool:
    """True when a tweet asks something: a question mark outside its links."""
    return "?" in _LINK.sub("", text or "")


def answer_marker(qa: str) -> str:
    """The answer's marker for a question's: ``Q3`` -> ``A3`` (anything else unchanged)."""
    return "A" + qa[1:] if is_question_marker(qa) else qa


def model_text(text: str, qa: str) -> str:
    """The text the model reads for a tweet whose chat marker is ``qa``.

    In some chats (#lrnchat) participants mark an answer to Q3 as ``Q3) ...``, exactly as the host
    marks the question. Once the chat has decided that such a tweet answers (its ``qa`` is ``A3``),
    its leading marker is read as an answer's (``A3) ...``), so that normalisation gives it the
    answer token, as it would an answer marked ``A3``. Every other text is read as it is; the
    corpus the model learns from has no such tweets to rewrite.

    Examples
    --------
    >>> model_text("Q3) we learn from each other every day", "A3")
    'A3) we learn from each other every day'
    >>> model_text("@host q2: buddies", "A2")
    '@host a2: buddies'
    >>> model_text("Q3) What do you mean by it?", "Q3")
    'Q3) What do you mean by it?'
    """
    if not is_answer_marker(qa):
        return text
    match = _QA_MARK.match(text or "")
    if not match or match.group(1) not in QUESTION_LETTERS:
        return text
    at = match.start(1)
    return text[:at] + ("A" if match.group(1) == "Q" else "a") + text[at + 1 :]


def asking_rank(text: str, is_retweet: bool) -> int:
    """How well a tweet marked ``Qn`` gives its question's text; the lowest rank gives it best.

    0: the question's own tweet, asking (it holds a "?"); 1: a retweet of it; 2: a tweet that only
    announces it ("Q2 in 2 minutes!"); 3: a retweet of an announcement. A retweet ranks above an
    announcement because it carries the question's words when the export lacks the tweet itself.

    Examples
    --------
    >>> [asking_rank(t, rt) for t, rt in [("Q1 coming up!", False), ("RT @host: Q1 What is it?", True)]]
    [2, 1]
    """
    return 2 * ("?" not in text) + bool(is_retweet)


def asked_text(text: str) -> tuple[str, str]:
    """A question tweet's text without a retweet's prefix, and the retweeted user ("" for no retweet).

    Examples
    --------
    >>> asked_text("RT @ld_host: Q1 When you say 'social learning', what do you mean?")
    ("Q1 When you say 'social learning', what do you mean?", 'ld_host')
    """
    found = RETWEET_PREFIX.match(text)
    return (text[found.end():].lstrip(), found.group(1)) if found else (text, "")
