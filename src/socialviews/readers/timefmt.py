"""Tweet timestamps in their many export spellings, to ISO 8601 UTC."""

from __future__ import annotations

from datetime import datetime, timezone

_FORMATS = (
    "%a %b %d %H:%M:%S %z %Y",  # API v1.1, TAGS, archives: Fri Mar 09 08:00:05 +0000 2018
    "%Y-%m-%dT%H:%M:%S.%f%z",  # API v2: 2018-03-09T08:00:05.000Z
    "%Y-%m-%dT%H:%M:%S%z",  # snscrape: 2018-03-09T08:00:05+00:00
    "%Y-%m-%d %H:%M:%S %z",  # classic archive tweets.csv, t CLI
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S",  # naive: taken as UTC
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",  # UK-locale spreadsheet
    "%d/%m/%Y %H:%M",
)


def to_iso_utc(value: object) -> str:
    """Return ``value`` as ``YYYY-MM-DDTHH:MM:SSZ``; unparseable text is returned unchanged, blank as "".

    Examples
    --------
    >>> to_iso_utc("Fri Mar 09 08:03:41 +0000 2018")
    '2018-03-09T08:03:41Z'
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        except (OverflowError, OSError, ValueError):
            return str(value)
    text = str(value).strip()
    if not text:
        return ""
    candidate = text[:-1] + "+0000" if text.endswith("Z") else text
    for fmt in _FORMATS:
        try:
            parsed = datetime.strptime(candidate, fmt)
        except ValueError:
            continue
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        return parsed.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return text
