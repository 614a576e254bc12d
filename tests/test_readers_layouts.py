"""Layouts the real tools and notebooks write: one JSON document, month folders, converter column names,
and twarc2 outputs that hold no tweets (refused with what they are)."""

import json
import shutil
from pathlib import Path

import pytest

from socialviews.core.errors import SocialViewsError
from socialviews.readers import read_inputs

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
COLUMNS = ["tweet_id", "author", "created_at", "text", "is_retweet", "reply_to_id", "conversation_id", "qa", "question"]


def _lines(name):
    return [json.loads(line) for line in (SAMPLES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _same_tweets(path, sample):
    got, expected = read_inputs([path]), read_inputs([SAMPLES / sample])
    assert got.rejects.empty
    assert got.tweets[COLUMNS].to_dict("records") == expected.tweets[COLUMNS].to_dict("records")
    return got


@pytest.mark.parametrize("shape", ["one page", "list of pages"])
def test_a_pretty_printed_twarc2_page_reads_like_its_jsonl(shape, tmp_path):
    pages = _lines("ldinsight_twarc2.jsonl")
    document = pages[0] if shape == "one page" else pages
    if shape == "one page":
        pages = pages[:1]
        (tmp_path / "one.jsonl").write_text(json.dumps(pages[0]) + "\n", encoding="utf-8")
    path = tmp_path / "page.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    expected = tmp_path / "one.jsonl" if shape == "one page" else SAMPLES / "ldinsight_twarc2.jsonl"
    got = read_inputs([path])
    assert got.stats["formats"][str(path)] == "twarc2" and got.rejects.empty
    assert got.tweets[COLUMNS].to_dict("records") == read_inputs([expected]).tweets[COLUMNS].to_dict("records")


@pytest.mark.parametrize("sample", ["ldinsight_twarc2_flat.jsonl", "ldinsight_v11.jsonl", "ldinsight_snscrape.jsonl"])
def test_a_json_array_of_tweets_reads_like_its_jsonl(sample, tmp_path):
    path = tmp_path / "tweets.json"
    path.write_text(json.dumps(_lines(sample), indent=2, ensure_ascii=False), encoding="utf-8")
    _same_tweets(path, sample)


def test_a_flattened_page_saved_as_a_document_keeps_its_19_digit_ids(tmp_path):
    text = (SAMPLES / "ldinsight_snscrape.jsonl").read_text(encoding="utf-8")
    path = tmp_path / "tweets.json"
    path.write_text("[\n" + ",\n".join(line for line in text.splitlines() if line.strip()) + "\n]\n", encoding="utf-8")
    assert '"id": 1000000000000001' in path.read_text(encoding="utf-8")  # JSON integers beyond 2**53
    got = _same_tweets(path, "ldinsight_snscrape.jsonl")
    assert got.tweets["tweet_id"].str.fullmatch(r"\d{19}").all()


def test_a_document_is_never_cut_into_chunks(tmp_path, tiny_model):
    from socialviews.engine.local import classify_files

    path = tmp_path / "tweets.json"
    path.write_text(json.dumps(_lines("ldinsight_v11.jsonl") * 40, indent=2), encoding="utf-8")
    summary = classify_files([path], tiny_model, tmp_path / "out.csv", chunk_size=2)
    assert summary["rejected"] == 0 and summary["classified"] + summary["duplicates"] == summary["records"]


@pytest.mark.parametrize("content, kind", [
    ({"data": [{"id": "1", "username": "ann", "name": "Ann", "public_metrics": {}}], "includes": {
        "tweets": [{"id": "9", "text": "a pinned tweet"}]}}, "users file"),
    ({"data": [{"id": "1", "name": "L&D folk", "owner_id": "2", "member_count": 3}]}, "lists file"),
    ({"data": [{"end": "2021-10-16T19:00:00.000Z", "start": "2021-10-16T18:00:00.000Z", "tweet_count": 3961}],
      "meta": {"total_tweet_count": 3961}}, "counts file"),
    ({"id": "1170025343920402432", "action": "delete", "created_at": "2019-09-06T17:25:54.667Z",
      "reason": "protected"}, "compliance file"),
    ({"id": "1", "username": "ann", "name": "Ann", "description": "bio"}, "users file"),
])
def test_twarc2_outputs_without_tweets_are_refused_with_what_they_are(content, kind, tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text(json.dumps(content) + "\n", encoding="utf-8")
    with pytest.raises(SocialViewsError, match=f"is a twarc2 {kind}"):
        read_inputs([path])


def test_a_users_page_longer_than_the_head_is_refused_too(tmp_path):
    users = [{"id": str(k), "username": f"user{k}", "description": "x" * 500} for k in range(400)]
    path = tmp_path / "users.jsonl"
    path.write_text(json.dumps({"data": users}) + "\n", encoding="utf-8")
    assert path.stat().st_size > 65536
    with pytest.raises(SocialViewsError, match="users file"):
        read_inputs([path])


@pytest.mark.parametrize("given", ["data/js/tweets", "data/js", "data", "data/js/tweets/2023_01.js"])
def test_a_classic_archive_is_read_from_any_of_its_folders_or_a_month_file(given, tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(SAMPLES / "ldinsight_grailbird", root)
    whole = read_inputs([root])
    got = read_inputs([root / given])
    months = whole.tweets if given.endswith("tweets") or not given.endswith(".js") else None
    if months is not None:
        assert got.tweets[COLUMNS].to_dict("records") == whole.tweets[COLUMNS].to_dict("records")
    else:
        assert len(got.tweets) == 9 and set(got.tweets["tweet_id"]) <= set(whole.tweets["tweet_id"])
    assert set(got.tweets["author"]) == {"jane_ld"}


@pytest.mark.parametrize("text_column", ["tweetText", "tweet_text", "Tweet Text", "full_text", "content", "body",
                                         "message", "Tweet"])
def test_converter_text_columns_are_found(text_column, tmp_path):
    path = tmp_path / "chat.csv"
    path.write_text(f"Tweet ID,screenName,createdAt,{text_column}\n"
                    "1300000000000000001,@ann,2021-03-01 08:00:00,A1 peers &amp; buddies\n", encoding="utf-8")
    row = read_inputs([path]).tweets.iloc[0]
    assert (row["tweet_id"], row["author"], row["created_at"]) == ("1300000000000000001", "ann", "2021-03-01T08:00:00Z")
    assert row["text"] == "A1 peers & buddies" and row["qa"] == "A1"


def test_generic_jsonl_texts_are_unescaped(tmp_path):
    path = tmp_path / "chat.jsonl"
    path.write_text('{"id": "5", "tweetText": "L&amp;D &lt;3 R&D"}\n', encoding="utf-8")
    assert read_inputs([path]).tweets["text"].tolist() == ["L&D <3 R&D"]
