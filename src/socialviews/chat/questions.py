"""The chat's structure: which question each tweet answers.

A tweet chat runs as numbered questions (``Q1``, ``Q2`` ...) from a moderator and answers marked
``A1``, ``A1b`` ...; :func:`~socialviews.chat.markers.qa_marker` finds the markers. The question of
a tweet is

1. ``Qn`` for a tweet marked ``Qn`` or ``An``/``Anb`` (a question belongs to itself);
2. else the question of the tweet it replies to, up the reply chain;
3. else the latest question before it in time, within the same chat session
   (:mod:`socialviews.chat.sessions`: a silence of more than six hours starts a new session);
4. else "" (introductions before the first question).

Tweets are in time order when every tweet has a valid time (equal times: by id, see :func:`id_key`,
then input order), else in input order. :func:`assign_questions` is the rule, tweet by tweet;
:func:`question_numbers` is the same rule on arrays, for files of millions of tweets (a test checks
that the two agree).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from socialviews.chat.markers import is_question_marker, marker_number
from socialviews.chat.sessions import ISO_TIME, new_session, session_starts

if TYPE_CHECKING:
    import numpy as np

def question_label(number: int) -> str:
    """The question named by its number: ``Q3``, or "" for -1 (no question)."""
    return f"Q{number}" if number >= 0 else ""


def id_key(tweet_id: str) -> tuple[int, str]:
    """Sort key of tweet ids at equal times: digit ids by length then text, other ids after them."""
    return (len(tweet_id), tweet_id) if tweet_id.isdigit() else (10**6, tweet_id)


def _time_order(rows: Sequence[dict]) -> tuple[list[int], list[float | None]]:
    """Row indices in time order (input order when some tweet has no valid time) and their timestamps."""
    if rows and all(ISO_TIME.match(row.get("created_at") or "") for row in rows):
        order = sorted(range(len(rows)), key=lambda i: (rows[i]["created_at"], id_key(rows[i]["tweet_id"]), i))
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
    questions = [question_label(marker_number(row.get("qa", ""))) for row in rows]
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
        if stamp is not None and previous is not None and new_session(stamp - previous):
            latest = ""
        previous = stamp if stamp is not None else previous
        if is_question_marker(rows[index].get("qa")):
            latest = questions[index]
        elif not done[index]:
            questions[index] = replied_question(index) or latest
            done[index] = True
    return questions


def question_numbers(numbers: np.ndarray, questions: np.ndarray, parent: np.ndarray,
                     stamps: np.ndarray | None = None, id_rank: np.ndarray | None = None) -> np.ndarray:
    """The question number each row answers (-1 for none): :func:`assign_questions` on arrays.

    The working arrays hold a few bytes per tweet (32-bit row numbers), so that a file of millions
    of tweets fits in little memory.

    Parameters
    ----------
    numbers : numpy.ndarray
        Each row's :func:`~socialviews.chat.markers.marker_number` (int16, -1 for no marker).
    questions : numpy.ndarray
        True where a row's marker is a question's (:func:`~socialviews.chat.markers.is_question_marker`).
    parent : numpy.ndarray
        The row each row replies to (-1 for none; when rows share an id, the last of them).
    stamps : numpy.ndarray, optional
        Each row's time in seconds when every row has a valid time; None: input order, one session.
    id_rank : numpy.ndarray, optional
        With ``stamps``: ranks that order the rows as :func:`id_key` orders their ids (equal times).
    """
    import numpy as np

    n = len(numbers)
    result = numbers.astype(np.int16)
    if n == 0:
        return result
    index = np.int32 if n < 2**31 else np.int64
    marked = result >= 0

    steps = np.arange(n, dtype=index)
    if stamps is not None:
        ranks = id_rank if id_rank is not None else steps
        order = np.lexsort((ranks, stamps)).astype(index)  # stable: equal keys by row
        starts = session_starts(stamps[order])
    else:
        order = steps.copy()
        starts = np.zeros(n, dtype=bool)  # one session
        starts[0] = True
    position = np.empty(n, dtype=index)
    position[order] = steps
    last_q = np.maximum.accumulate(np.where(questions[order], steps, -1).astype(index))
    session_start = np.maximum.accumulate(np.where(starts, steps, 0).astype(index))
    del starts, steps
    valid = (last_q >= 0) & (last_q >= session_start)
    del session_start
    latest = np.where(valid, result[order][np.maximum(last_q, 0)], -1).astype(np.int16)
    del valid, last_q

    pending = ~marked[order]
    replying = pending & (parent[order] >= 0)
    plain = pending & ~replying
    del pending
    result[order[plain]] = latest[plain]
    del plain
    if replying.any():
        # memoryviews index like lists without a Python int per row held in memory
        parents, positions, is_marked = memoryview(parent), memoryview(position), memoryview(marked)
        values, latest_of, ordered = memoryview(result), memoryview(latest), memoryview(order)
        replies = np.flatnonzero(replying)
        for block in range(0, len(replies), 65536):
            for k in replies[block : block + 65536].tolist():  # in time order: earlier rows are final when read
                i = ordered[k]
                seen = {i}
                p = parents[i]
                found = -1
                while p != -1 and p not in seen:
                    if is_marked[p] or positions[p] < k:
                        found = values[p]
                        break
                    seen.add(p)
                    p = parents[p]
                values[i] = found if found >= 0 else latest_of[k]
    return result
