"""twarc2 JSON Lines in chunks: the tweets that pages only include are decided for the whole file.

A twarc2 page carries, besides its own tweets, the tweets they reference (``includes.tweets``).
Read whole, a file yields its own tweets, then each included tweet that none of its pages has as
its own, at its first inclusion (see :func:`socialviews.readers.twarc2.read`). Read in chunks,
each chunk yields its own tweets and sets aside the included tweets it does not have itself
(:func:`set_aside`); once every chunk of the file is read, :func:`tail_records` gives the ones no
chunk has, in the order of the whole read.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from socialviews.readers.fields import NO_ID, numeric_id
from socialviews.readers.twarc2 import Aside

#: Formats read as twarc2 pages (whose chunks set included tweets aside).
PAGED = frozenset({"twarc2", "twarc2-flat"})


@dataclass
class SetAside:
    """One chunk's own tweet ids (compact) and the included tweets it does not have itself."""

    seen_numeric: np.ndarray  # int64: own ids that are plain digits
    seen_other: set[str]
    ids: list[str]  # of the included tweets set aside, in order of first inclusion
    spill: str = ""  # a pickle of their records, (line, tweet, "", raw)
    records: list = field(default_factory=list, repr=False)


def set_aside(aside: Aside, line_offset: int, spill: Path | None) -> SetAside:
    """What the whole file needs of a chunk read with :func:`~socialviews.readers.twarc2.read_own`.

    The records set aside go to the file ``spill``, or stay in memory when it is None.
    """
    numbers = np.fromiter((numeric_id(key) for key in aside.seen), dtype=np.int64, count=len(aside.seen))
    other = {key for key, number in zip(aside.seen, numbers.tolist()) if number == NO_ID}
    records = [(line + line_offset, *rest) for line, *rest in aside.records()]
    ids = [key for key in aside.included if key not in aside.seen]
    result = SetAside(np.sort(numbers[numbers != NO_ID]), other, ids)
    if records and spill is None:
        result.records = records
    elif records:
        with open(spill, "wb") as handle:
            pickle.dump(records, handle, protocol=pickle.HIGHEST_PROTOCOL)
        result.spill = str(spill)
    return result


def tail_records(parts: list[SetAside]):
    """Yield the records of the included tweets that no chunk of the file has as its own.

    ``parts`` are the set-asides of one file's chunks, in order; their spills are removed.
    """
    seen = np.sort(np.concatenate([part.seen_numeric for part in parts])) if parts else np.empty(0, np.int64)
    seen_other = set().union(*(part.seen_other for part in parts))
    taken: set[str] = set()
    for part in parts:
        keep = []
        for k, key in enumerate(part.ids):
            if key in taken:
                continue
            taken.add(key)
            number = numeric_id(key)
            if number != NO_ID:
                pos = int(np.searchsorted(seen, number))
                if pos < len(seen) and seen[pos] == number:
                    continue
            elif key in seen_other:
                continue
            keep.append(k)
        if not part.spill:
            records = part.records
        else:
            with open(part.spill, "rb") as handle:
                records = pickle.load(handle)
            Path(part.spill).unlink()
        for k in keep:
            yield records[k]
