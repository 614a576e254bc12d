"""Which export format a file is: each format's detector and record reader, tried in order."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from socialviews.core.errors import SocialViewsError
from socialviews.readers import archive, generic, grailbird, snscrape, tags, transcript, twarc2, twarc_csv, v11

Records = Iterator[tuple[int, "dict | None", str, str]]
Reader = Callable[[bytes, str, "str | None"], Records]



def _csv(data: bytes, source: str, text_column: str | None) -> Records:
    return generic.read_csv_records(data, source, text_column)


#: Format name -> (detector on the first 64 KiB, record reader). Order matters: the first detector
#: that accepts a file wins, so the specific formats come before the generic ``csv`` and ``jsonl``.
FORMATS: dict[str, tuple[Callable[[bytes], bool], Reader]] = {
    "archive": (archive.detect, archive.read),
    "grailbird": (grailbird.detect, grailbird.read),
    "twarc2": (twarc2.detect, twarc2.read),
    "snscrape": (snscrape.detect, snscrape.read),
    "v1.1": (v11.detect, v11.read),
    "twarc2-flat": (twarc2.detect_flat, twarc2.read),
    "tags": (tags.detect, tags.read),
    "twarc-csv": (twarc_csv.detect_twarc2, twarc_csv.read_twarc2),
    "twarc1-csv": (twarc_csv.detect_twarc1, twarc_csv.read_twarc1),
    "transcript": (transcript.detect, transcript.read),
    "jsonl": (generic.looks_like_jsonl, generic.read_jsonl_records),
    "csv": (generic.looks_like_csv, _csv),
}


def _wide_text(head: bytes) -> bool:
    """Whether ``head`` reads as UTF-16 or UTF-32 text without a byte-order mark: half or three quarters of
    its bytes are NUL, and the others are printable."""
    zeros = head.count(0)
    rest = head.replace(b"\x00", b"")
    printable = sum(1 for byte in rest if byte >= 0x20 or byte in b"\t\r\n")
    return 0.4 <= zeros / max(len(head), 1) <= 0.8 and printable >= 0.95 * len(rest)


def detect_format(data: bytes, source: str) -> str:
    """The name of the first format in :data:`FORMATS` whose detector accepts ``data``.

    Raises
    ------
    SocialViewsError
        For an empty file, or one of no supported format (the message lists the formats).
    """
    head = data[:65536].lstrip(b"\xef\xbb\xbf")
    if not head.strip():
        raise SocialViewsError(f"{source} is empty; export the chat again or pick another file")
    if head.startswith(b"PK\x03\x04"):
        raise SocialViewsError(f"{source} is a .zip archive: pass it as a file whose name ends in .zip, not on stdin")
    start = head[:4096]
    zeros = start.count(0)
    if zeros and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        if _wide_text(start):
            raise SocialViewsError(
                f"{source} looks like UTF-16 or UTF-32 text without a byte-order mark saying so; save it as UTF-8 "
                "(or UTF-16 with a byte-order mark) and try again"
            )
        controls = sum(1 for byte in start if 0 < byte < 0x20 and byte not in b"\t\r\n")
        if zeros > 2 or controls > len(start) // 100:  # a stray NUL in text is read past like any control character
            raise SocialViewsError(
                f"{source} is not a text export (it holds binary data); supported: {', '.join(FORMATS)}"
            )
    kind = twarc2.not_tweets(head)
    if kind:
        raise SocialViewsError(
            f"{source} is {twarc2.NOT_TWEETS[kind]}; classify exports the tweets of a chat (for example from "
            "twarc2 search, timeline or stream)"
        )
    for name, (detect, _) in FORMATS.items():
        if detect(head):
            return name
    raise SocialViewsError(
        f"{source}: unknown format; supported: {', '.join(FORMATS)}. Force one with --format, or name "
        "the text column of a CSV/JSONL file with --text-column"
    )
