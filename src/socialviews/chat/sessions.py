"""Chat sessions: a silence of more than six hours ends one session of a chat and starts the next.

The question rule (:mod:`socialviews.chat.questions`) carries the latest question only within a
session, and the analysis names each session of a chat that has no ``chat`` column. Sessions are
decided from tweet times in the readers' form (``2018-03-09T08:00:00Z``); a file where some tweet
has no such time is read in input order, as one session.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

#: A silence longer than this (in seconds) starts a new session.
SESSION_GAP_SECONDS = 6 * 3600
#: The same silence in hours (the analysis' ``gap_hours``).
SESSION_GAP_HOURS = SESSION_GAP_SECONDS / 3600
#: A tweet time the chat can order by: ISO 8601 in UTC, to the second, as the readers write it.
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def new_session(silence: float, gap_seconds: float = SESSION_GAP_SECONDS) -> bool:
    """True when a silence of ``silence`` seconds since the previous tweet starts a new session.

    Examples
    --------
    >>> new_session(6 * 3600), new_session(6 * 3600 + 1)
    (False, True)
    """
    return silence > gap_seconds


def session_starts(seconds: np.ndarray, gap_seconds: float = SESSION_GAP_SECONDS) -> np.ndarray:
    """Where a session starts among tweets in time order (``seconds``: their times): a bool per tweet.

    The first tweet starts the first session; each tweet after a silence longer than
    ``gap_seconds`` starts another.

    Examples
    --------
    >>> import numpy as np
    >>> session_starts(np.array([0, 60, 60 + 6 * 3600, 120 + 12 * 3600])).tolist()
    [True, False, False, True]
    """
    import numpy as np

    starts = np.zeros(len(seconds), dtype=bool)
    if len(starts):
        starts[0] = True
        starts[1:] = new_session(np.diff(seconds), gap_seconds)
    return starts
