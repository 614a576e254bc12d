"""Plain-text chat transcripts: one ``@handle: text`` line per tweet, times optional.

Accepted line shapes (as pasted from Storify, Symplur, blog posts)::

    @ld_host: Q1 What does social learning mean to you? #ldinsight
    [08:02] @jane_ld: A1 Learning with others #ldinsight
    2018-03-09 08:03:41 @sam_learns: "A1 in practice"
    8:05 AM - @raj_wol: A1 ...

A line that does not start a tweet continues the text of the tweet before it (a tweet with a
newline); such lines before the first tweet are rejects. Transcripts carry no ids. A time with a
date becomes ``created_at``; a time of day alone is kept in the extra column ``time``.
"""

from __future__ import annotations

import re

from socialviews.readers.fields import make_tweet

_LINE = re.compile(
    r"^\s*(?:[\[(]?\s*(?P<date>\d{4}-\d{2}-\d{2}[ T])?(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?)"
    r"(?:\s?(?:Z|UTC|[+-]\d{2}:?\d{2}))?\s*[\])]?\s*[-–—|]?\s*)?@(?P<handle>\w{1,30})\s*:\s+(?P<text>\S.*)$"
)
_QUOTES = (('"', '"'), ("“", "”"))


def _unquote(text: str) -> str:
    text = text.strip()
    for left, right in _QUOTES:
        if len(text) > 1 and text.startswith(left) and text.endswith(right):
            return text[1:-1]
    return text


def _tweet(match: re.Match, lines: list[str]) -> dict:
    date, time = match.group("date"), match.group("time")
    text = _unquote("\n".join([match.group("text"), *lines]))
    stamp = f"{date.strip()} {time}" if date and time else ""
    return make_tweet("", match.group("handle"), stamp, text, extras={"time": "" if date else time or ""})


def detect(head: bytes) -> bool:
    """Most of the first non-blank lines are ``@handle: text`` (with an optional time)."""
    text = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    lines = [line for line in text.splitlines()[:40] if line.strip()]
    if not lines or lines[0].lstrip()[:1] == "{":
        return False
    matching = sum(1 for line in lines if _LINE.match(line))
    return matching >= 1 and matching * 2 >= len(lines)


def read(data: bytes, source: str, text_column: str | None = None):
    """Yield ``(line, tweet or None, reason, raw)`` for every tweet of a transcript."""
    current: tuple[int, re.Match, list[str], list[str]] | None = None
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[0].startswith(b"\xef\xbb\xbf"):
        raw_lines[0] = raw_lines[0][3:]
    for number, raw_line in enumerate(raw_lines, start=1):
        try:
            line = raw_line.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError as exc:
            reason = f"undecodable byte (not UTF-8) at column {exc.start + 1}"
            yield number, None, reason, raw_line.decode("utf-8", "replace")
            continue
        match = _LINE.match(line)
        if match:
            if current is not None:
                yield current[0], _tweet(current[1], current[2]), "", "\n".join(current[3])
            current = (number, match, [], [line])
        elif not line.strip():
            continue
        elif current is None:
            yield number, None, "not an '@handle: text' line", line
        else:
            current[2].append(line.strip())
            current[3].append(line)
    if current is not None:
        yield current[0], _tweet(current[1], current[2]), "", "\n".join(current[3])
