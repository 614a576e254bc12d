"""Chats whose participants mark answers like questions (#lrnchat: ``Q3) ...``): the chat decides which
``Qn)`` tweets answer, the model reads them as answers, in every path the same."""

import csv

import pytest

from socialviews import analysis
from socialviews.chat.markers import model_text
from socialviews.engine.local import classify_files
from socialviews.readers import read_inputs
from socialviews.text.normalise import ANSWER_TOKEN, QUESTION_TOKEN, normalise_texts
from tests.conftest import invoke

ROWS = [
    ("1", "lrnchat", "2021-03-04T01:30:00Z", "Welcome to #lrnchat! Tonight: learning from peers"),
    ("2", "lrnchat", "2021-03-04T01:32:00Z", "Q1) How do you learn from your peers at work? #lrnchat"),
    ("3", "ann", "2021-03-04T01:33:00Z", "Q1) mostly by watching colleagues, we learn from each other anyway #lrnchat"),
    ("4", "bob", "2021-03-04T01:34:00Z", "Q1) peer review of each other's designs, built into the course #lrnchat"),
    ("5", "cat", "2021-03-04T01:35:00Z", "Q1) does anyone else find it hard to ask? #lrnchat"),
    ("6", "lrnchat", "2021-03-04T01:40:00Z", "Q2) What gets in the way? #lrnchat"),
    ("7", "ann", "2021-03-04T01:41:00Z", "@bob q2: time, always time #lrnchat"),
    ("8", "bob", "2021-03-04T01:42:00Z", "A2 a culture where sharing openly on Yammer is rewarded #lrnchat"),
]


@pytest.fixture()
def lrnchat(tmp_path):
    path = tmp_path / "lrnchat.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tweet_id", "author", "created_at", "text"])
        writer.writerows(ROWS)
    return path


def test_a_qn_tweet_that_does_not_ask_and_is_not_the_hosts_answers(lrnchat):
    tweets = read_inputs([lrnchat]).tweets
    assert tweets["qa"].tolist() == ["", "Q1", "A1", "A1", "Q1", "Q2", "A2", "A2"]
    assert tweets["question"].tolist() == ["", "Q1", "Q1", "Q1", "Q1", "Q2", "Q2", "Q2"]


def test_the_host_can_be_named(lrnchat):
    tweets = read_inputs([lrnchat], host="@Ann").tweets
    assert tweets["qa"].tolist() == ["", "Q1", "Q1", "A1", "Q1", "Q2", "Q2", "A2"]


def test_a_chat_whose_host_alone_marks_questions_is_unchanged(chat_csv):
    assert read_inputs([chat_csv]).tweets["qa"].tolist() == ["Q1", "A1", "A1", "A1"]


def test_the_model_reads_an_answer_marked_like_a_question_as_an_answer():
    text = "Q1) mostly by watching colleagues #lrnchat"
    normalised = normalise_texts([model_text(text, "A1")])[0]
    assert ANSWER_TOKEN in normalised and QUESTION_TOKEN not in normalised
    assert QUESTION_TOKEN in normalise_texts([model_text(text, "Q1")])[0]


def test_the_report_lists_only_the_hosts_questions(lrnchat, tiny_model):
    tagged = tiny_model.classify(read_inputs([lrnchat]).tweets)
    mix = analysis.question_mix(tagged).set_index("question")
    assert mix.loc["Q1", "text"].startswith("Q1) How do you learn") and mix.loc["Q1", "asked_by"] == "lrnchat"
    assert mix.loc["Q1", "tweets"] == 2 and mix.loc["Q2", "tweets"] == 2  # ann's and bob's answers


def test_answers_score_as_model_classify_scores_them_in_every_path(lrnchat, tiny_model, tmp_path):
    tweets = read_inputs([lrnchat]).tweets
    expected = tiny_model.classify(tweets)
    answer = expected.loc[expected["tweet_id"] == "3"].iloc[0]
    as_answer = tiny_model.score_texts(["A1) mostly by watching colleagues, we learn from each other anyway #lrnchat"])
    assert answer["confidence"] == pytest.approx(as_answer["confidence"][0])
    as_question = tiny_model.score_texts([ROWS[2][3]])
    assert answer["confidence"] != pytest.approx(as_question["confidence"][0])
    outputs = []
    for chunk_size, jobs in [(10**6, 1), (2, 1), (3, 2)]:
        out = tmp_path / f"out-{chunk_size}-{jobs}.csv"
        classify_files([lrnchat], tiny_model, out, chunk_size=chunk_size, jobs=jobs)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    written = analysis.read_classified(tmp_path / "out-1000000-1.csv")
    assert written["qa"].tolist() == tweets["qa"].tolist()
    probabilities = [c for c in expected.columns if c.startswith("p_")]
    assert written[probabilities].to_numpy() == pytest.approx(expected[probabilities].to_numpy())


def test_the_host_option_reaches_classify(lrnchat, runner, trained_store, tmp_path):
    out = tmp_path / "out.csv"
    result = invoke(runner, ["classify", lrnchat, "-o", out, "--host", "ann", "--models-dir", trained_store])
    assert result.exit_code == 0, result.output
    assert [row["qa"] for row in csv.DictReader(out.open(encoding="utf-8"))] == [
        "", "Q1", "Q1", "A1", "Q1", "Q2", "Q2", "A2"]


def test_a_retweet_of_the_hosts_question_is_the_hosts_and_an_unasked_number_stays_a_question(tmp_path):
    path = tmp_path / "chat.csv"
    rows = [("0", "dee", "2021-03-04T01:31:00Z", "RT @lrnchat: Q1) How do you learn from your peers at work?")]
    rows += [("2", "lrnchat", "2021-03-04T01:32:00Z", "Q1) How do you learn from your peers at work?"),
             ("3", "ann", "2021-03-04T01:33:00Z", "Q1) mostly by watching colleagues"),
             ("4", "bob", "2021-03-04T01:34:00Z", "Q5) coming up soon, get ready")]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("tweet_id", "author", "created_at", "text"), *rows])
    assert read_inputs([path]).tweets["qa"].tolist() == ["Q1", "Q1", "A1", "Q5"]


def test_the_question_text_comes_from_the_tweet_that_asks_it_best():
    from socialviews.chat.markers import asked_text, asking_rank

    candidates = [("Q1 coming up in a minute...", False), ("RT @host: Q1 RT of the notice", True),
                  ("RT @host: Q1 What do you mean by it?", True), ("Q1 What do you mean by it?", False)]
    ranked = sorted(candidates, key=lambda c: asking_rank(*c))
    assert ranked == [candidates[3], candidates[2], candidates[0], candidates[1]]
    assert asked_text("RT @host: Q1 What do you mean by it?") == ("Q1 What do you mean by it?", "host")
    assert asked_text("Q1 What?") == ("Q1 What?", "")
