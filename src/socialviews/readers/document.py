"""A file that is one JSON document: a twarc2 page, a list of tweets or of flattened tweets.

Notebooks often save what twarc gives them with ``json.dump(page, f, indent=2)``: one pretty-printed
JSON object (an API page, or one tweet) or array (tweets of any kind, or pages). Such a file is read
as the JSON Lines file it stands for, one line per element of the array (or one line for the object),
so that every JSON Lines reader reads it; the line a record reports is then its element's number.
"""

from __future__ import annotations

import json


def _first_line_is_whole(text: bytes) -> bool:
    """True when the file's first line is a complete JSON value (a JSON Lines file, or a document on one line)."""
    first = text.split(b"\n", 1)[0].strip()
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return True


def looks_like_document(head: bytes) -> bool:
    """True when ``head`` (UTF-8) may start one JSON document spread over several lines, or an array."""
    text = head.lstrip()
    if text[:1] == b"[":
        return True
    return text[:1] == b"{" and not _first_line_is_whole(text)


def document_lines(data: bytes) -> bytes | None:
    """The JSON Lines a one-document file stands for; None when ``data`` is not one JSON document.

    An array gives one line per element; an object gives one line. Integers keep all their digits.
    """
    if not looks_like_document(data):
        return None
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return None
    items = document if isinstance(document, list) else [document]
    return b"".join(json.dumps(item, ensure_ascii=False).encode("utf-8") + b"\n" for item in items)
