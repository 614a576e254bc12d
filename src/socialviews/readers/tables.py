"""Read tweets as a table: plain lists by column, or a pandas frame of strings."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Columns of true/false values (``referenced_only``: see :mod:`socialviews.readers.twarc2`).
BOOL_COLUMNS = ("is_retweet", "referenced_only")


def tweet_columns(rows: list[dict], columns: list[str]) -> dict[str, list]:
    """Rows as a table of plain lists, column name -> values ("" where a row has no such column).

    The columns of :func:`tweets_frame`, without pandas: ``is_retweet`` true or false, the others text.
    """
    table = {name: [row.get(name, "") for row in rows] for name in columns}
    for name in BOOL_COLUMNS:
        if name in table:
            table[name] = [bool(value) for value in table[name]]
    return table


def table_frame(table: dict[str, list]) -> pd.DataFrame:
    """A table of :func:`tweet_columns` as a frame of strings (``is_retweet`` bool)."""
    import pandas as pd

    frame = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in table.items()})
    for name in BOOL_COLUMNS:
        if name in frame:
            frame[name] = frame[name].astype(bool)
    return frame


def tweets_frame(rows: list[dict], columns: list[str] | None = None) -> pd.DataFrame:
    """Rows as a frame of strings (``is_retweet`` bool); ``columns`` fixes the columns and their order."""
    if columns is None:
        from socialviews.core.columns import TWEET_COLUMNS

        names = dict.fromkeys([*TWEET_COLUMNS, "question"])
        for row in rows:
            names.update(dict.fromkeys(row))
        columns = list(names)
    return table_frame(tweet_columns(rows, columns))
