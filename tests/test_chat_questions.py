"""The analysis puts every tweet under the question classify gives it, reply chains and sessions included."""

import csv

import pytest

from socialviews import analysis
from socialviews.chat.sessions import SESSION_GAP_HOURS, SESSION_GAP_SECONDS, session_starts
from socialviews.readers import read_inputs

# id, author, time, text, reply_to_id
ROWS = [
    ("101", "host", "2021-03-04T20:00:00Z", "Welcome to the chat!", ""),
    ("102", "host", "2021-03-04T20:02:00Z", "Q1 How do you learn from your peers?", ""),
    ("103", "ann", "2021-03-04T20:03:00Z", "A1 by watching colleagues, we learn from each other anyway", ""),
    ("104", "host", "2021-03-04T20:10:00Z", "Q2 What gets in the way?", ""),
    ("105", "bob", "2021-03-04T20:11:00Z", "@ann so true, every single day", "103"),  # replies to an A1: Q1
    ("106", "ann", "2021-03-04T20:12:00Z", "@bob and it works better than courses", "105"),  # up the chain: Q1
    ("107", "cat", "2021-03-04T20:13:00Z", "time, always time", ""),  # the latest question: Q2
    ("108", "dan", "2021-03-05T09:00:00Z", "@ann late to this, but peers all the way", "103"),  # next session, a reply: Q1
    ("109", "eve", "2021-03-05T09:05:00Z", "good morning all", ""),  # next session, no reply: none
]


@pytest.fixture()
def chat_with_replies(tmp_path):
    path = tmp_path / "chat.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tweet_id", "author", "created_at", "text", "in_reply_to_status_id"])
        writer.writerows(ROWS)
    return path


def test_analysis_gives_each_tweet_the_question_classify_gives_it(chat_with_replies, tiny_model):
    tagged = tiny_model.classify(read_inputs([chat_with_replies]).tweets)
    assert tagged["question"].tolist() == ["", "Q1", "Q1", "Q2", "Q1", "Q1", "Q2", "Q1", ""]
    derived = analysis.prepare(tagged.drop(columns="question")).set_index("tweet_id")["question"]
    assert derived.to_dict() == dict(zip(tagged["tweet_id"], tagged["question"]))
    mix = analysis.question_mix(tagged.drop(columns="question"))
    assert mix.equals(analysis.question_mix(tagged))


def test_the_analysis_splits_chats_where_classify_splits_sessions(chat_with_replies, tiny_model):
    tagged = tiny_model.classify(read_inputs([chat_with_replies]).tweets)
    assert analysis.prepare(tagged)["chat"].unique().tolist() == ["2021-03-04", "2021-03-05"]
    assert SESSION_GAP_HOURS * 3600 == SESSION_GAP_SECONDS


def test_a_silence_longer_than_the_gap_starts_a_session():
    assert session_starts([0, SESSION_GAP_SECONDS, 2 * SESSION_GAP_SECONDS + 1]).tolist() == [True, False, True]
