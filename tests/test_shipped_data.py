"""The real tweets that ship: provenance on every row, pseudonyms only, evaluation authors apart from training."""

import csv
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
REAL_TRAINING = sorted((DATA / "labelled").glob("real_batch*.csv"))
REAL_EVAL = sorted((DATA / "eval_real").glob("*.csv"))
BACKGROUND = sorted((DATA / "labelled").glob("background_*.csv"))
LABELS = {"social_constructivist", "new_social_learning", "collaborative_learning", "none"}
#: Archives whose tweets must never be used (the hidden judgement draws on them).
WITHHELD = {"cpjobling/cpjobling-tweets", "IaninSheffield/MyTweets", "timklapdor/twitter-archive",
            "troutcolor/tweetarchive", "paulhibbitts/hibbittsdesign-tweets"}


def rows(files):
    return [row for path in files for row in csv.DictReader(open(path, encoding="utf-8", newline=""))]


@pytest.mark.parametrize("files", [REAL_TRAINING, REAL_EVAL, BACKGROUND], ids=["training", "evaluation", "background"])
def test_every_real_row_keeps_its_provenance_and_a_valid_label(files):
    assert files
    for row in rows(files):
        assert re.fullmatch(r"\d{5,20}", row["tweet_id"])
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", row["repo"]) and row["repo"] not in WITHHELD
        # a classic archive's month file, or a chat's TAGS export
        assert re.fullmatch(r"data/js/tweets/\d{4}_\d{2}\.js|tweets\.csv", row["path"])
        assert re.fullmatch(r"[0-9a-f]{40}", row["commit"])
        assert row["label"] in LABELS


def test_handles_are_pseudonyms_everywhere():
    for row in rows(REAL_TRAINING) + rows(REAL_EVAL) + rows(BACKGROUND):
        person = row.get("voice") or row.get("author")
        assert re.fullmatch(r"user_[0-9a-f]{6}", person)
        for handle in re.findall(r"@(\w+)", row["text"]):
            assert re.fullmatch(r"user_[0-9a-f]{6}", handle), row["text"]


def test_evaluation_authors_and_tweets_never_appear_in_training():
    training, evaluation = rows(REAL_TRAINING) + rows(BACKGROUND), rows(REAL_EVAL)
    assert {r["voice"] for r in training}.isdisjoint({r["author"] for r in evaluation})
    assert {r["repo"] for r in training}.isdisjoint({r["repo"] for r in evaluation})
    assert {r["tweet_id"] for r in training}.isdisjoint({r["tweet_id"] for r in evaluation})


def test_both_annotators_labels_are_kept_for_every_real_tweet():
    kept = {r["tweet_id"]: r for r in rows(sorted((DATA / "annotations").glob("*.csv")))}
    for row in rows(REAL_TRAINING) + rows(REAL_EVAL):
        record = kept[row["tweet_id"]]
        assert record["label"] == row["label"]
        assert {record["annotator_1"], record["annotator_2"]} <= LABELS
        if record["annotator_1"] == record["annotator_2"]:
            assert record["label"] == record["annotator_1"]


def test_background_rows_are_unread_real_talk_of_the_training_archives():
    background, training = rows(BACKGROUND), rows(REAL_TRAINING)
    assert background
    assert {r["label"] for r in background} == {"none"} and {r["draw"] for r in background} == {"background"}
    assert all(r["source"] == f"background:{r['repo']}" for r in background)
    assert {r["repo"] for r in background} <= {r["repo"] for r in training}
    assert {r["tweet_id"] for r in background}.isdisjoint({r["tweet_id"] for r in training})
