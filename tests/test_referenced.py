"""Tweets a twarc2 export holds only because its tweets reference them: kept, marked, left out of the chat."""

from pathlib import Path

import pandas as pd

from socialviews import analysis
from socialviews.readers import read_inputs
from tests.conftest import invoke

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
QUESTION = "1000000000000001006"  # Q1 of the sample chat: in the twarc2 sample only as a quoted tweet


def test_a_referenced_tweet_is_kept_after_the_export_and_marked():
    tweets = read_inputs([SAMPLES / "ldinsight_twarc2.jsonl"]).tweets
    marked = tweets.loc[tweets["referenced_only"], "tweet_id"].tolist()
    assert marked == [QUESTION] and tweets["tweet_id"].iloc[-1] == QUESTION
    assert not tweets["referenced_only"].iloc[:-1].any()


def test_analysis_leaves_referenced_tweets_out_unless_the_column_is_dropped(tiny_model):
    tagged = tiny_model.classify(read_inputs([SAMPLES / "ldinsight_twarc2.jsonl"]).tweets)
    assert analysis.view_mix(tagged)["tweets"].sum() == len(tagged) - 1
    assert "ld_host" in set(analysis.participants(tagged.drop(columns="referenced_only"))["author"])
    # Left out, the question tweet's words come from a retweet of it, not from the "Q1 coming up" notice
    first = analysis.question_mix(tagged).set_index("question").loc["Q1"]
    asked = analysis.question_mix(tagged.drop(columns="referenced_only")).set_index("question").loc["Q1"]
    assert first["text"] == asked["text"] and asked["text"].startswith("Q1 When you say")
    assert first["asked_by"] == asked["asked_by"] == "ld_host"
    assert (first["asked_at"], asked["asked_at"]) == (pd.Timestamp("2023-01-20T08:05:40Z"), pd.Timestamp("2023-01-20T08:05:00Z"))
    assert analysis.view_mix(tagged.drop(columns="referenced_only"))["tweets"].sum() == len(tagged)


def test_the_report_counts_referenced_tweets_only_when_asked(runner, trained_store, tmp_path):
    sample = SAMPLES / "ldinsight_twarc2.jsonl"
    left_out = invoke(runner, ["report", sample, "-o", tmp_path / "a.html", "--models-dir", trained_store])
    kept = invoke(runner, ["report", sample, "-o", tmp_path / "b.html", "--models-dir", trained_store,
                           "--include-referenced"])
    assert left_out.exit_code == kept.exit_code == 0, (left_out.output, kept.output)
    assert "report of 33 tweets" in left_out.stderr and "report of 34 tweets" in kept.stderr
