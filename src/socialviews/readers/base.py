"""What every reader returns: normalised tweets, rejects, and counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from socialviews.core.columns import REJECT_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

@dataclass
class ReadResult:
    """Tweets read from one or more inputs.

    Attributes
    ----------
    tweets : pandas.DataFrame
        :data:`TWEET_COLUMNS`, then ``question`` (the question a tweet answers, ``Q3`` or ""), then
        any extra input columns; ids and texts are strings.
    rejects : pandas.DataFrame
        :data:`REJECT_COLUMNS`: records that could not be read, with the reason.
    stats : dict
        ``records`` (physical records read) = ``tweets`` + ``rejected`` + ``duplicates``;
        ``surrogates_replaced`` (lone surrogates replaced by U+FFFD) and ``formats`` (input -> format name).
    """

    tweets: pd.DataFrame
    rejects: pd.DataFrame
    stats: dict = field(default_factory=dict)


def empty_rejects() -> pd.DataFrame:
    """A rejects frame with no rows."""
    import pandas as pd

    return pd.DataFrame({name: pd.Series(dtype=object) for name in REJECT_COLUMNS})
