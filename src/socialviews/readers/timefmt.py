"""Tweet timestamps in their many export spellings, to ISO 8601 UTC."""

from __future__ import annotations

import re
from datetime import datetime, timezone

_NORMAL = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

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


_V11_UTC = re.compile(r"^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}:\d{2}:\d{2}) \+0000 (\d{4})$")
_MONTHS = {name: f"{i:02d}" for i, name in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def _utc(parsed: datetime) -> str | None:
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    try:
        return parsed.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, ValueError):
        return None


def to_iso_utc(value: object) -> str:
    """Return ``value`` as ``YYYY-MM-DDTHH:MM:SSZ``; unparseable text is returned unchanged, blank as "".

    Examples
    --------
    >>> to_iso_utc("Fri Mar 09 08:03:41 +0000 2018")
    '2018-03-09T08:03:41Z'
    >>> to_iso_utc("2018-03-09T09:03:41.000+01:00")
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
    if not text or _NORMAL.match(text):
        return text
    fast = _V11_UTC.match(text)
    if fast and fast.group(1) in _MONTHS:
        month, day, clock, year = fast.group(1), fast.group(2), fast.group(3), fast.group(4)
        iso = f"{year}-{_MONTHS[month]}-{day}T{clock}"
        try:
            return datetime.fromisoformat(iso).strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            return text
    try:
        iso = _utc(datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text))
    except ValueError:
        iso = None
    if iso:
        return iso
    candidate = text[:-1] + "+0000" if text.endswith("Z") else text
    for fmt in _FORMATS:
        try:
            iso = _utc(datetime.strptime(candidate, fmt))
        except ValueError:
            continue
        if iso:
            return iso
    return text
