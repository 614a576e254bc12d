"""TAGS (Martin Hawksey's Twitter Archiving Google Sheet), its Archive sheet saved as CSV.

Columns are matched by name (``id_str, from_user, text, created_at, time, ..., status_url,
entities_str``; TAGSAddon adds ``full_text`` and others). The sheet is newest-first and is read in
that order. Traps handled:

- an id a spreadsheet turned into ``1.26426E+18`` is recovered from ``status_url``
  (``http://twitter.com/<user>/statuses/<id>``);
- ``time`` is in the sheet's time zone and locale, so the time comes from ``created_at``;
- a UTF-8 BOM, tab- or semicolon-separated files (after Excel), ``NA`` for empty cells in R-written
  copies (an ``NA`` tweet text stays text);
- links are expanded from ``entities_str`` (offsets into the escaped text), then entities unescaped.
"""

from __future__ import annotations

import json

from socialviews.readers.fields import make_tweet, ref_id, tweet_id, v1_links
from socialviews.readers.rows import header_of
from socialviews.readers.tabular import Columns, read_table


def _links(entities: str) -> list:
    if not entities.strip().startswith("{"):
        return []
    try:
        return v1_links(json.loads(entities, parse_int=str))
    except (ValueError, RecursionError):
        return []


def build(row: Columns) -> dict:
    """One TAGS row as a tweet."""
    entities = row.get("entities_str") if not (row.text_column and row.has(row.text_column)) else ""
    return make_tweet(
        tweet_id(row.get("id_str", "id"), row.get("status_url")),
        row.get("from_user", "screen_name", "user_screen_name"),
        row.get("created_at") or row.peek("time"),
        row.text("full_text", "text"),
        reply_to_id=ref_id(row.get("in_reply_to_status_id_str", "in_reply_to_status_id")),
        links=_links(entities),
    )


def detect(head: bytes) -> bool:
    """A CSV header with ``from_user`` and ``status_url``."""
    header = header_of(head)
    return "from_user" in header and "status_url" in header


def read(data: bytes, source: str, text_column: str | None = None):
    """Yield ``(line, tweet or None, reason, raw)`` for every row of a TAGS CSV export."""
    return read_table(data, source, build, text_column)
