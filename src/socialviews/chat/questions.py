"""The chat's structure: which question each tweet answers.

A tweet chat runs as numbered questions (``Q1``, ``Q2`` ...) from a moderator and answers marked
``A1``, ``A1b`` ...; :func:`~socialviews.readers.base.qa_marker` finds the markers. The question of
a tweet is

1. ``Qn`` for a tweet marked ``Qn`` or ``An``/``Anb`` (a question belongs to itself);
2. else the question of the tweet it replies to, up the reply chain;
3. else the latest question before it in time, within the same chat session (a silence of more than
   six hours starts a new session);
4. else "" (introductions before the first question).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

_NUMBER = re.compile(r"^[QA](\d+)")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
SESSION_GAP_SECONDS = 6 * 3600


def _marked(qa: str) -> str:
    match = _NUMBER.match(qa or "")
    return f"Q{int(match.group(1))}" if match else ""


def _id_key(tweet_id: str) -> tuple[int, str]:
    return (len(tweet_id), tweet_id) if tweet_id.isdigit() else (10**6, tweet_id)


def _time_order(rows: Sequence[dict]) -> tuple[list[int], list[float | None]]:
    """Row indices in time order (input order when some tweet has no valid time) and their timestamps."""
    if rows and all(_ISO.match(row.get("created_at") or "") for row in rows):
        order = sorted(range(len(rows)), key=lambda i: (rows[i]["created_at"], _id_key(rows[i]["tweet_id"]), i))
        try:
            stamps = [datetime.fromisoformat(rows[i]["created_at"][:-1] + "+00:00").timestamp() for i in order]
        except ValueError:  # a day that does not exist, such as 2018-02-30
            return list(range(len(rows))), [None] * len(rows)
        return order, stamps
    return list(range(len(rows))), [None] * len(rows)


def assign_questions(rows: Sequence[dict]) -> list[str]:
    """The question (``Q3`` or "") of every row; rows need ``tweet_id``, ``created_at``, ``reply_to_id``, ``qa``.

    Examples
    --------
    >>> rows = [dict(tweet_id="1", created_at="", reply_to_id="", qa="Q1"),
    ...         dict(tweet_id="2", created_at="", reply_to_id="", qa="A1b"),
    ...         dict(tweet_id="3", created_at="", reply_to_id="", qa=""),
    ...         dict(tweet_id="4", created_at="", reply_to_id="", qa="A2")]
    >>> assign_questions(rows)
    ['Q1', 'Q1', 'Q1', 'Q2']
    """
    questions = [_marked(row.get("qa", "")) for row in rows]
    by_id = {row["tweet_id"]: i for i, row in enumerate(rows) if row.get("tweet_id")}
    done = [bool(q) for q in questions]

    def replied_question(index: int) -> str:
        seen = {index}
        parent = by_id.get(rows[index].get("reply_to_id") or "")
        while parent is not None and parent not in seen:
            if done[parent]:
                return questions[parent]
            seen.add(parent)
            parent = by_id.get(rows[parent].get("reply_to_id") or "")
        return ""

    order, stamps = _time_order(rows)
    latest, previous = "", None
    for index, stamp in zip(order, stamps):
        if stamp is not None and previous is not None and stamp - previous > SESSION_GAP_SECONDS:
            latest = ""
        previous = stamp if stamp is not None else previous
        if (rows[index].get("qa") or "").startswith("Q"):
            latest = questions[index]
        elif not done[index]:
            questions[index] = replied_question(index) or latest
            done[index] = True
    return questions
