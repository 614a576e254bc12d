"""Regenerate ``data/samples`` (one small export per format) and their golden files in ``tests/golden``.

Run from the repository root, only on purpose (the samples are committed and reviewed)::

    python -m tests.make_samples

The samples all hold one hand-written #ldinsight chat (``tests/exportgen/chats.py``), each with the
quirks of its format. The golden files say what a correct reader gives back: they come from the
export generator and the hand-written Q/A marks, never from the reader code.
``data/samples/ldinsight_generic.csv`` is hand-made and left alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.exportgen import filefmt, index, jsonfmt, tabfmt
from tests.exportgen.chats import jane_archive_tweets, sample_chat

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"
GOLDEN = REPO / "tests" / "golden"
Q1_ID = "1000000000000001006"  # the moderator's Q1: only in includes.tweets of the twarc2 pages
MANGLED_ID = "1000000000000001024"  # shown as 1.00000E+18 in the TAGS sheet
DUPLICATED_ID = "1000000000000001009"  # twice in the TAGS sheet
#: Where the question a reader can find differs from the chat's, because the export lacks tweets:
#: Jane's closing thanks follows her retweet of Q2; her archive has no Q3 tweet.
QUESTION_EXCEPTIONS = {"ldinsight_grailbird": {"1000000000000001034": "Q2"}}


def samples() -> dict[str, tuple[dict[str, bytes], dict[str, list[dict]]]]:
    """Sample name -> (files relative to data/samples, expected records per tweets file)."""
    chat, _ = sample_chat()
    by_id = index(chat)
    without_q1 = [t for t in chat if t.id != Q1_ID]
    out = {}

    def single(name, result):
        data, records = result
        out[name.rsplit(".", 1)[0]] = ({name: data}, {name: records})

    single("ldinsight_tags.csv", tabfmt.tags_csv(chat, mangled={MANGLED_ID}, duplicated={DUPLICATED_ID}))
    single("ldinsight_twarc2.jsonl", jsonfmt.twarc2_pages(chat, by_id, page_size=12, only_in_includes={Q1_ID}))
    single("ldinsight_twarc2_flat.jsonl", jsonfmt.twarc2_flat(without_q1, by_id))
    single("ldinsight_twarc.csv", tabfmt.twarc_csv(without_q1))
    single("ldinsight_v11.jsonl", jsonfmt.v11_lines(chat))
    single("ldinsight_twarc1.csv", tabfmt.twarc1_csv(chat))
    single("ldinsight_snscrape.jsonl", jsonfmt.snscrape_lines(chat))
    single("ldinsight_transcript.txt", filefmt.transcript(chat))
    host = [t for t in chat if t.user == "ld_host"]
    files, records = filefmt.personal_archive(host, "ld_host", "2000000001")
    out["ldinsight_archive"] = ({f"ldinsight_archive/{k}": v for k, v in files.items()},
                                {f"ldinsight_archive/{k}": v for k, v in records.items()})
    jane, _ = jane_archive_tweets(chat)
    files, records = filefmt.classic_archive(jane, "jane_ld", "2000000002", "Jane (L&D)")
    out["ldinsight_grailbird"] = ({f"ldinsight_grailbird/{k}": v for k, v in files.items()},
                                  {f"ldinsight_grailbird/{k}": v for k, v in records.items()})
    return out


def marks() -> dict[str, tuple[str, str]]:
    """Tweet id -> (qa, question), written by hand in the chat script."""
    chat, found = sample_chat()
    found.update(jane_archive_tweets(chat)[1])
    return found


def golden(name: str, records: list[dict]) -> list[dict]:
    """The golden records of one tweets file: the expected columns plus ``qa`` and ``question``."""
    by_hand = marks()
    exceptions = QUESTION_EXCEPTIONS.get(name, {})
    out = []
    for record in records:
        key = record["tweet_id"] or _transcript_key(record)
        qa, question = by_hand[key]
        out.append({**record, "qa": qa, "question": exceptions.get(key, question)})
    return out


def _transcript_key(record: dict) -> str:
    chat, _ = sample_chat()
    return next(t.id for t in chat
                if not t.is_retweet and t.user == record["author"] and record["text"].startswith(t.text[:40]))


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for name, (files, expected) in samples().items():
        for rel, data in files.items():
            (SAMPLES / rel).parent.mkdir(parents=True, exist_ok=True)
            (SAMPLES / rel).write_bytes(data)
        goldens = {rel: golden(name, records) for rel, records in expected.items()}
        (GOLDEN / f"{name}.json").write_text(json.dumps(goldens, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {name}: {', '.join(files)}")


if __name__ == "__main__":
    main()
