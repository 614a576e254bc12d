"""Shared plumbing of the CSV readers: columns matched by name, the rest kept as extra columns."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from socialviews.readers.rows import Row, csv_rows


def loose_name(name: str) -> str:
    """A column name as converters vary it: lower case, without ``_``, spaces, ``-`` or ``.`` (``tweetText`` -> ``tweettext``)."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


class Names(dict):
    """Column name key -> the first column of that key; lists of names are resolved once.

    The key is the lower-cased name, or with ``loose`` the :func:`loose_name` (``tweet_text``,
    ``tweetText`` and ``Tweet Text`` are one name).
    """

    loose = False

    def key(self, name: str) -> str:
        return loose_name(name) if self.loose else name.lower()

    def keys_for(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The columns that ``names`` find, in the order of ``names`` (each column once)."""
        cache = self.__dict__.setdefault("resolved", {})
        keys = cache.get(names)
        if keys is None:
            found = (self[self.key(n)] for n in names if self.key(n) in self)
            keys = cache[names] = tuple(dict.fromkeys(found))
        return keys


def lookup(names, loose: bool = False) -> Names:
    """Column name key -> the first column of that name (the table every record shares); see :class:`Names`."""
    table = Names()
    table.loose = loose
    for name in reversed(list(names)):
        table[table.key(name)] = name
    return table


class Columns:
    """One CSV record, looked up by column name (any case); unused columns become extras.

    Parameters
    ----------
    row : dict
        Header name -> cell.
    text_column : str, optional
        A column the user named with ``--text-column``; it wins over the format's own text column.
    """

    def __init__(self, row: dict[str, str], text_column: str | None = None, names: dict[str, str] | None = None) -> None:
        self.row = row
        self.names = names if names is not None else lookup(row)
        self.used: set[str] = set()
        self.text_column = text_column

    def has(self, name: str) -> bool:
        """True when the record has a column ``name``."""
        return self.names.key(name) in self.names

    def get(self, *names: str) -> str:
        """The first non-empty cell among the columns ``names`` ("" when none); all are marked used."""
        found = ""
        row, used = self.row, self.used
        for key in self.names.keys_for(names):
            used.add(key)
            if not found:
                value = row[key]
                if value.strip():
                    found = value
        return found

    def peek(self, name: str) -> str:
        """The cell of column ``name`` ("" when absent) without marking it used: it stays an extra."""
        key = self.names.get(self.names.key(name))
        return self.row[key] if key is not None else ""

    def text(self, *names: str) -> str:
        """The tweet text: the ``--text-column`` when given and present, else the first of ``names``."""
        if self.text_column and self.has(self.text_column):
            return self.get(self.text_column)
        return self.get(*names)

    def extras(self) -> dict[str, str]:
        """The columns not used yet, under their own names."""
        return {name: value for name, value in self.row.items() if name not in self.used}


def read_table(
    data: bytes, source: str, build: Callable[[Columns], dict], text_column: str | None = None,
    short_rows: bool = False,
) -> Iterator[Row]:
    """Yield ``(line, tweet or None, reason, raw)`` for every record of a CSV export, built by ``build``.

    ``short_rows``: see :func:`~socialviews.readers.rows.csv_rows`.
    """
    header, records = csv_rows(data, source, short_rows=short_rows)
    names = lookup(header)
    for line, row, reason, raw in records:
        if row is None:
            yield line, None, reason, raw
            continue
        columns = Columns(row, text_column, names)
        tweet = build(columns)
        tweet.update({k: v for k, v in columns.extras().items() if k not in tweet})
        yield line, tweet, "", raw
