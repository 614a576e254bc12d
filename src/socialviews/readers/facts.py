"""Per-tweet facts of a chunk that the whole file is needed for: ids, times, replies, Q/A markers.

Reading a chunk gives, per tweet, the few facts that decide duplicates and the question a tweet
answers (see :mod:`socialviews.readers.whole_file`), held in small arrays: a file of millions of
tweets fits in little memory. The facts of a file's chunks are joined, and narrowed to the rows
kept, one field at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from socialviews.chat.markers import asks, is_question_marker, marker_number
from socialviews.chat.sessions import ISO_TIME
from socialviews.readers.fields import NO_ID, RETWEET_PREFIX, numeric_id


@dataclass
class ChunkFacts:
    """What the whole file needs to know of a chunk's tweets, one entry per tweet."""

    ids: np.ndarray  # int64, NO_ID when the id is not plain digits
    other_ids: dict[int, str]  # row -> id, for ids that are not plain digits (never "")
    replies: np.ndarray  # int64
    other_replies: dict[int, str]
    stamps: np.ndarray  # int64 seconds
    timed: np.ndarray  # bool: created_at is an ISO time that exists
    qnum: np.ndarray  # int16: the number of the Q/A marker, -1 for none
    is_question: np.ndarray  # bool: the marker is Qn
    signature: np.ndarray  # int32: index into ``keys``
    keys: list[tuple[str, ...]]  # the distinct column lists of the chunk's tweets
    askers: dict[int, tuple[str, bool]] = field(default_factory=dict)  # Qn-marked row -> (author, asks)

    def __len__(self) -> int:
        return len(self.ids)


def _stamps(times: list[str]) -> tuple[np.ndarray, np.ndarray]:
    timed = np.fromiter((bool(ISO_TIME.match(t)) for t in times), dtype=bool, count=len(times))
    stamps = np.zeros(len(times), dtype=np.int64)
    if timed.any():
        chosen = [t[:-1] for t, ok in zip(times, timed) if ok]
        try:
            stamps[timed] = np.array(chosen, dtype="datetime64[s]").astype(np.int64)
        except ValueError:  # a day that does not exist, such as 2018-02-30: find it
            for i in np.flatnonzero(timed).tolist():
                try:
                    stamps[i] = np.datetime64(times[i][:-1], "s").astype(np.int64)
                except ValueError:
                    timed[i] = False
    return stamps, timed


def chunk_facts(rows: list[dict]) -> ChunkFacts:
    """The facts of a chunk's tweets (rows as read, with their ``qa`` marker), one entry per row."""
    n = len(rows)
    ids = np.full(n, NO_ID, dtype=np.int64)
    replies = np.full(n, NO_ID, dtype=np.int64)
    other_ids: dict[int, str] = {}
    other_replies: dict[int, str] = {}
    qnum = np.full(n, -1, dtype=np.int16)
    questions = np.zeros(n, dtype=bool)
    signature = np.zeros(n, dtype=np.int32)
    askers: dict[int, tuple[str, bool]] = {}
    keys: dict[tuple[str, ...], int] = {}
    last_keys, last_sig = None, 0
    for i, row in enumerate(rows):
        value = row["tweet_id"]
        number = numeric_id(value) if value else NO_ID
        if number != NO_ID:
            ids[i] = number
        elif value:
            other_ids[i] = value
        value = row.get("reply_to_id") or ""
        number = numeric_id(value) if value else NO_ID
        if number != NO_ID:
            replies[i] = number
        elif value:
            other_replies[i] = value
        qa = row["qa"]
        if qa:
            qnum[i] = marker_number(qa)
            questions[i] = is_question_marker(qa)
            if questions[i]:  # a retweet is its original author's: RT of the host's question is the host's
                text = row.get("text") or ""
                original = RETWEET_PREFIX.match(text) if row.get("is_retweet") else None
                author = original.group(1) if original else row.get("author") or ""
                askers[i] = (author.lower(), asks(text))
        row_keys = tuple(row)
        if row_keys != last_keys:
            last_keys = row_keys
            last_sig = keys.setdefault(row_keys, len(keys))
        signature[i] = last_sig
    stamps, timed = _stamps([row.get("created_at") or "" for row in rows])
    return ChunkFacts(ids, other_ids, replies, other_replies, stamps, timed, qnum, questions, signature, list(keys),
                      askers)


def concat_facts(parts: list[ChunkFacts]) -> tuple[ChunkFacts, list[int]]:
    """One ChunkFacts for a whole file; also each part's first row."""
    starts, total = [], 0
    for part in parts:
        starts.append(total)
        total += len(part)
    keys: dict[tuple[str, ...], int] = {}
    signatures = []
    for part in parts:
        remap = np.array([keys.setdefault(k, len(keys)) for k in part.keys] or [0], dtype=np.int32)
        signatures.append(remap[part.signature])
        part.signature = None

    def merged(attr: str) -> dict[int, str]:
        return {start + i: v for start, part in zip(starts, parts) for i, v in getattr(part, attr).items()}

    def joined(attr: str, dtype) -> np.ndarray:
        arrays = [getattr(part, attr) for part in parts]
        for part in parts:
            setattr(part, attr, None)  # the parts are used up: one copy of each field at a time
        return np.concatenate(arrays) if arrays else np.empty(0, dtype=dtype)

    facts = ChunkFacts(
        joined("ids", np.int64), merged("other_ids"), joined("replies", np.int64), merged("other_replies"),
        joined("stamps", np.int64), joined("timed", bool), joined("qnum", np.int16),
        joined("is_question", bool), np.concatenate(signatures) if signatures else np.empty(0, np.int32), list(keys),
        merged("askers"),
    )
    return facts, starts


_ARRAYS = ("ids", "replies", "stamps", "timed", "qnum", "is_question", "signature")


def take_rows(facts: ChunkFacts, rows: np.ndarray) -> None:
    """Keep only the given rows (sorted positions) of ``facts``, renumbered; one field at a time."""

    def renumbered(others: dict[int, str]) -> dict[int, str]:
        if not others:
            return {}
        old = np.fromiter(others, dtype=np.int64, count=len(others))
        pos = np.minimum(np.searchsorted(rows, old), max(len(rows) - 1, 0))
        found = rows[pos] == old if len(rows) else np.zeros(len(old), bool)
        values = list(others.values())
        return {int(p): values[k] for k, p in enumerate(pos.tolist()) if found[k]}

    if len(rows) == len(facts):  # every row: nothing to renumber
        return
    for name in _ARRAYS:
        setattr(facts, name, getattr(facts, name)[rows])
    facts.other_ids, facts.other_replies = renumbered(facts.other_ids), renumbered(facts.other_replies)
    facts.askers = renumbered(facts.askers)
