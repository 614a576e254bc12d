"""Exports of several hundred tweets, laid out as the real tools write them (tests/exportgen), keep
every tweet and every id byte-identical through the readers and through ``classify``."""


import pandas as pd
import pytest

from socialviews.engine.local import classify_files
from socialviews.readers import read_inputs
from tests.exportgen import random_chat, write_exports

COLUMNS = ["tweet_id", "author", "created_at", "text", "is_retweet", "reply_to_id", "conversation_id"]


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    return folder, write_exports(random_chat(400, seed=11), folder)


def test_every_format_was_generated(exports):
    _, written = exports
    assert {fmt for fmt, _ in written.values()} == {
        "tags", "twarc2", "twarc2-flat", "twarc-csv", "v1.1", "twarc1-csv", "archive", "grailbird", "snscrape",
        "transcript", "csv", "jsonl"}


def test_each_export_reads_back_exactly_what_was_written(exports):
    _, written = exports
    for path, (fmt, expected) in written.items():
        result = read_inputs([path])
        assert result.stats["formats"] == {path: fmt}, path
        assert result.stats["rejected"] == 0 and result.stats["duplicates"] == 0, path
        assert len(expected) >= 180, path
        got = result.tweets[COLUMNS].to_dict("records")
        assert got == expected, (path, next((g, e) for g, e in zip(got, expected) if g != e))


def test_classify_keeps_every_tweet_and_every_id_byte_identical(exports, tiny_model, tmp_path):
    folder, written = exports
    expected_ids = {r["tweet_id"] for _, records in written.values() for r in records if r["tweet_id"]}
    no_id = sum(1 for _, records in written.values() for r in records if not r["tweet_id"])
    out = tmp_path / "tagged.csv"
    summary = classify_files([folder], tiny_model, out)
    assert summary["rejected"] == 0
    assert summary["classified"] == len(expected_ids) + no_id
    assert summary["records"] == summary["classified"] + summary["duplicates"]
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert set(frame["tweet_id"]) - {""} == expected_ids
    assert frame["tweet_id"].str.fullmatch(r"\d{19}|").all()
    parquet = tmp_path / "tagged.parquet"
    classify_files([folder], tiny_model, parquet)
    assert set(pd.read_parquet(parquet)["tweet_id"]) - {""} == expected_ids
