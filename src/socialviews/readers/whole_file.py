"""The whole file: which of its tweets are kept, and which question each answers.

Once all chunks of a file are read, :class:`FileAssembler` joins their facts (see
:mod:`socialviews.readers.facts`), drops duplicates and decides which question each tweet
answers, exactly as :func:`~socialviews.chat.questions.assign_questions` does on the whole file.
"""

from __future__ import annotations

import numpy as np

from socialviews.chat.questions import id_key, question_numbers
from socialviews.core.memory import release_freed_memory
from socialviews.readers.facts import ChunkFacts, concat_facts, take_rows
from socialviews.readers.fields import NO_ID, is_mangled_id


def _first_of_each_id(ids: np.ndarray) -> np.ndarray:
    """True for each row whose plain-digit id no earlier row has (and for rows without one)."""
    first = np.ones(len(ids), dtype=bool)
    order = np.argsort(ids, kind="stable")
    ordered = ids[order]
    repeat = ordered[1:] == ordered[:-1]
    repeat &= ordered[1:] != NO_ID
    del ordered
    first[order[1:][repeat]] = False
    return first


def _id_order_key(facts: ChunkFacts) -> np.ndarray:
    """Ranks that sort the rows as :func:`~socialviews.chat.questions.id_key` sorts their ids: digit ids by length then text, others after."""
    n = len(facts)
    if not facts.other_ids and (facts.ids != NO_ID).all():
        return facts.ids  # plain digit ids sort as their numbers
    others = {i: facts.other_ids.get(i, "") for i in np.flatnonzero(facts.ids == NO_ID).tolist()}
    if any(value.isdigit() for value in others.values()):  # digits with a leading zero: the slow, exact way
        texts = [others[i] if i in others else str(int(facts.ids[i])) for i in range(n)]
        order = sorted(range(n), key=lambda i: id_key(texts[i]))
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
        return rank
    group = (facts.ids == NO_ID).astype(np.int64)
    distinct = sorted(set(others.values()))
    position = {value: k for k, value in enumerate(distinct)}
    other_rank = np.zeros(n, dtype=np.int64)
    for i, value in others.items():
        other_rank[i] = position[value]
    order = np.lexsort((np.arange(n), other_rank, facts.ids, group))  # equal ids: by row
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    return rank


def _parents(facts: ChunkFacts) -> np.ndarray:
    """The row each row replies to (-1 for none); when rows share an id, the last of them."""
    n = len(facts)
    parent = np.full(n, -1, dtype=np.int32 if n < 2**31 else np.int64)
    has_reply = np.flatnonzero(facts.replies != NO_ID)
    if len(has_reply):
        order = np.argsort(facts.ids, kind="stable")  # equal ids: the last row comes last
        ordered = facts.ids[order]
        wanted = facts.replies[has_reply]
        pos = np.searchsorted(ordered, wanted, side="right") - 1
        hit = (pos >= 0) & (ordered[np.maximum(pos, 0)] == wanted)
        del ordered, wanted
        parent[has_reply[hit]] = order[pos[hit]]
    if facts.other_replies:
        by_other = {value: i for i, value in sorted(facts.other_ids.items())}
        for i, value in facts.other_replies.items():
            if value in by_other:
                parent[i] = by_other[value]
    return parent


def question_codes(facts: ChunkFacts) -> np.ndarray:
    """The question number each row answers (-1 for none), as :func:`~socialviews.chat.questions.assign_questions`.

    ``facts`` holds one file's tweets after duplicates are dropped.
    """
    timed = bool(len(facts)) and bool(facts.timed.all())
    return question_numbers(facts.qnum, facts.is_question, _parents(facts),
                            facts.stamps if timed else None, _id_order_key(facts) if timed else None)


def chat_host(facts: ChunkFacts) -> str:
    """The chat's host: who posts the first ``Qn`` tweet that asks (else the first ``Qn`` tweet); "" for none."""
    rows = np.flatnonzero(facts.is_question)
    if not len(rows):
        return ""
    if facts.timed.all():
        rows = rows[np.lexsort((rows, facts.stamps[rows]))]
    found = [facts.askers.get(int(i), ("", False)) for i in rows.tolist()]
    asking = [author for author, asked in found if asked]
    return asking[0] if asking else found[0][0]


def answer_rows(facts: ChunkFacts, host: str | None = None) -> np.ndarray:
    """The ``Qn``-marked rows that answer Qn: not the host's (``host``, else :func:`chat_host`), not asking,
    and Qn is asked by the host in the file.

    In #lrnchat participants mark their answers ``Q3) ...``, as the host marks the question.
    A file whose tweets have no authors has no answers of this kind.
    """
    host = (host or "").lstrip("@").lower() or chat_host(facts)
    asked_by_host = {int(facts.qnum[i]) for i, (author, _) in facts.askers.items() if author == host}
    rows = [i for i, (author, asked) in sorted(facts.askers.items())
            if author != host and not asked and int(facts.qnum[i]) in asked_by_host]
    return np.array(rows, dtype=np.int64)


class FileAssembler:
    """Decide, file by file in input order, which tweets are kept and which question each answers.

    Tweets whose id was already read (in the same file or an earlier one) are dropped; ids a
    spreadsheet mangled are never taken as duplicates. ``Qn``-marked tweets that answer (see
    :func:`answer_rows`; ``host`` names the chat's host instead of finding it) are taken as
    answers: after :meth:`file`, :attr:`answers` holds them per part, as indices into that part's kept rows.
    """

    def __init__(self, dedupe: bool = True, host: str | None = None) -> None:
        self.dedupe = dedupe
        self.host = host
        self.answers: list[np.ndarray] = []
        self.seen_numeric = np.empty(0, dtype=np.int64)
        self.seen_other: set[str] = set()
        self.duplicates = 0
        self.mangled = 0

    def file(self, parts: list[ChunkFacts], last: bool = False) -> tuple[list[np.ndarray], list[np.ndarray], list[tuple[str, ...]]]:
        """For each part: the kept rows (positions) and their question codes; and the kept rows' column lists.

        ``last``: no file comes after this one, so its ids need not be remembered.

        The parts are used up (their arrays are released as they are joined and narrowed). Rows
        come back as 32-bit positions and codes as 16-bit numbers: a plan for millions of tweets
        stays small.
        """
        facts, starts = concat_facts(parts) if len(parts) > 1 else (parts[0], [0])
        release_freed_memory()  # the parts' many small arrays, before the big working arrays
        n = len(facts)
        if self.dedupe and n:
            within = _first_of_each_id(facts.ids)
            seen: set[str] = set()
            for i, value in sorted(facts.other_ids.items()):
                if is_mangled_id(value):
                    continue
                if value in seen:
                    within[i] = False
                seen.add(value)
            kept_within = np.flatnonzero(within)
            del within
        else:
            kept_within = np.arange(n)
        take_rows(facts, kept_within)  # from here on, facts holds the rows kept within the file
        mangled = {i for i, v in facts.other_ids.items() if is_mangled_id(v)}
        answering = answer_rows(facts, self.host)
        if len(answering):
            facts.is_question = facts.is_question.copy()
            facts.is_question[answering] = False
        codes = question_codes(facts)
        facts.replies = facts.stamps = facts.timed = facts.qnum = facts.is_question = None  # decided: let go
        is_answer = np.zeros(len(kept_within), dtype=bool)
        is_answer[answering] = True
        keep = np.ones(len(kept_within), dtype=bool)
        if self.dedupe and len(kept_within):
            numeric = facts.ids != NO_ID
            keep[numeric] = ~np.isin(facts.ids[numeric], self.seen_numeric)
            for i, value in facts.other_ids.items():
                if value in self.seen_other:
                    keep[i] = False
            if not last:
                self.seen_numeric = np.union1d(self.seen_numeric, facts.ids[numeric])
                self.seen_other.update(v for i, v in facts.other_ids.items() if i not in mangled)
            del numeric
        kept = np.flatnonzero(keep)
        rows = kept_within[kept]
        codes = codes[kept]
        is_answer = is_answer[kept]
        self.duplicates += n - len(rows)
        self.mangled += sum(1 for i in mangled if keep[i])
        ordered_keys = _keys_in_order(facts, kept)
        del kept, keep, kept_within
        bounds = [*starts, n]
        per_part_rows, per_part_codes = [], []
        self.answers = []
        for k in range(len(parts)):
            lo, hi = np.searchsorted(rows, [bounds[k], bounds[k + 1]])
            per_part_rows.append((rows[lo:hi] - bounds[k]).astype(np.int32))
            per_part_codes.append(codes[lo:hi].astype(np.int16))
            self.answers.append(np.flatnonzero(is_answer[lo:hi]))
        return per_part_rows, per_part_codes, ordered_keys


def _keys_in_order(facts: ChunkFacts, rows: np.ndarray) -> list[tuple[str, ...]]:
    """The kept rows' distinct column lists, in order of first appearance."""
    if not len(rows):
        return []
    signatures = facts.signature[rows]
    _, first = np.unique(signatures, return_index=True)
    return [facts.keys[int(signatures[i])] for i in sorted(first.tolist())]
