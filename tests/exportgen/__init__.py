"""Generate chat exports in every supported format, laid out the way the real tools write them.

Independent of the reader code (only the stdlib): it builds the structures of
``/work/shared/formats.md`` with ``json`` and ``csv``. :func:`write_exports` writes one file (or
archive folder) per format and returns, for each file, the records a correct reader gives back.

Used by the tests (bulk exports of several hundred tweets) and by ``python -m tests.make_samples``,
which regenerates ``data/samples`` and the golden files from the hand-written sample chat.
"""

from __future__ import annotations

from pathlib import Path

from tests.exportgen import filefmt, jsonfmt, tabfmt
from tests.exportgen.chats import random_chat, sample_chat
from tests.exportgen.model import Tweet

__all__ = ["Tweet", "random_chat", "sample_chat", "write_exports", "SINGLE_FILE_WRITERS"]

#: --format name -> (file name suffix, writer(tweets, by_id) -> (bytes, expected records))
SINGLE_FILE_WRITERS = {
    "tags": ("tags.csv", lambda t, b: tabfmt.tags_csv(t)),
    "twarc2": ("twarc2.jsonl", lambda t, b: jsonfmt.twarc2_pages(t, b)),
    "twarc2-flat": ("twarc2_flat.jsonl", lambda t, b: jsonfmt.twarc2_flat(t, b)),
    "twarc-csv": ("twarc.csv", lambda t, b: tabfmt.twarc_csv(t)),
    "v1.1": ("v11.jsonl", lambda t, b: jsonfmt.v11_lines(t)),
    "twarc1-csv": ("twarc1.csv", lambda t, b: tabfmt.twarc1_csv(t)),
    "snscrape": ("snscrape.jsonl", lambda t, b: jsonfmt.snscrape_lines(t)),
    "transcript": ("transcript.txt", lambda t, b: filefmt.transcript(t)),
    "csv": ("generic.csv", lambda t, b: tabfmt.generic_csv(t)),
    "jsonl": ("generic.jsonl", lambda t, b: jsonfmt.generic_jsonl(t)),
}


def index(tweets: list[Tweet]) -> dict[str, Tweet]:
    """Every tweet by id, with the tweets they retweet or quote."""
    found = {}
    for t in tweets:
        for other in (t.retweet_of, t.quote_of, t):
            if other is not None:
                found[other.id] = other
    return found


def write_exports(tweets: list[Tweet], folder: Path, prefix: str = "chat_") -> dict[str, tuple[str, list[dict]]]:
    """Write ``tweets`` in every format into ``folder``.

    Returns
    -------
    dict
        file path -> (format name, expected records). The archives are folders; their tweets
        files are the keys (``.../data/tweets.js``, ``.../data/js/tweets/2023_02.js``).
    """
    folder.mkdir(parents=True, exist_ok=True)
    by_id = index(tweets)
    written = {}
    for fmt, (suffix, writer) in SINGLE_FILE_WRITERS.items():
        data, records = writer(tweets, by_id)
        path = folder / f"{prefix}{suffix}"
        path.write_bytes(data)
        written[str(path)] = (fmt, records)
    for fmt, (files, expected) in {
        "archive": filefmt.personal_archive(tweets, "ld_host", "2000000001", parts=2),
        "grailbird": filefmt.classic_archive(tweets, "ld_host", "2000000001"),
    }.items():
        root = folder / f"{prefix}{fmt}"
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        for name, records in expected.items():
            written[str(root / name)] = (fmt, records)
    return written
