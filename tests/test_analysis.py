"""The analysis functions on a small in-code classified chat with known answers.

Labels are read from the shipped taxonomy (V1..V3 are its views, NONE its no-view label), so these
tests keep working when a view is renamed.
"""

import pandas as pd
import pytest

from socialviews import analysis as A
from socialviews.chat.markers import qa_marker
from socialviews.core.taxonomy import load_taxonomy

TAX = load_taxonomy()
LABELS = TAX.labels
NONE = next(label for label in LABELS if not TAX[label].interventions)
V1, V2, V3 = [label for label in LABELS if label != NONE][:3]

# id, author, time (day 9 or 16 of March 2018, HH:MM), text, view, p(view), is_retweet, reply_to_id
ROWS = [
    ("1", "host", "09 08:00", "Welcome to the chat!", NONE, 0.9, False, ""),
    ("2", "host", "09 08:05", "Q1 What is social learning? #ldinsight", NONE, 0.9, False, ""),
    ("3", "ann", "09 08:06", "A1 it happens anyway, in practice", V1, 0.9, False, ""),
    ("4", "bob", "09 08:07", "A1 no, it is our enterprise network", V2, 0.8, False, "3"),
    ("5", "cat", "09 08:08", "@ANN agree, we cannot switch it off", V1, 0.6, False, ""),
    ("6", "bob", "09 08:09", "RT @ann: A1 it happens anyway, in practice", V1, 0.95, True, ""),
    ("7", "host", "09 08:15", "Q2 What would you do first?", NONE, 0.9, False, ""),
    ("8", "ann", "09 08:16", "A2 look for the communities that exist", V1, 0.7, False, ""),
    ("9", "cat", "09 08:17", "A2b buddies for new starters", V3, 0.6, False, ""),
    ("10", "dan", "09 08:18", "@ann A2 better: get leaders blogging", V2, 0.7, False, ""),
    ("11", "ann", "09 08:40", "thanks all!", NONE, 0.8, False, ""),
    ("12", "host", "16 08:05", "Q1 Who learns from whom?", NONE, 0.9, False, ""),
    ("13", "ann", "16 08:06", "A1 everyone, all the time", V1, 0.8, False, ""),
    ("14", "eve", "16 08:07", "A1 peers in a cohort", V3, 0.9, False, ""),
]


def classified(rows=ROWS, labels=LABELS) -> pd.DataFrame:
    """A frame shaped like Model.classify's output."""
    records = []
    for tweet_id, author, when, text, view, p, retweet, reply in rows:
        record = {"tweet_id": tweet_id, "author": author, "created_at": f"2018-03-{when.replace(' ', 'T')}:00Z",
                  "text": text, "is_retweet": retweet, "reply_to_id": reply, "conversation_id": "",
                  "qa": qa_marker(text),
                  "view": view, "confidence": p, "needs_review": p < 0.5}
        for label in labels:
            record[f"p_{label}"] = p if label == view else (1 - p) / (len(labels) - 1)
        records.append(record)
    return pd.DataFrame(records)


@pytest.fixture()
def chat():
    return classified()


def test_prepare_derives_question_and_chat(chat):
    prepared = A.prepare(chat).set_index("tweet_id")
    assert prepared.loc["1", "question"] == ""  # before the first question
    assert prepared.loc[["2", "3", "5", "6"], "question"].tolist() == ["Q1"] * 4
    assert prepared.loc["9", "question"] == "Q2"  # A2b answers Q2
    assert prepared.loc["11", "question"] == "Q2"  # the latest question before it
    assert prepared.loc["1", "chat"] == "2018-03-09" and prepared.loc["14", "chat"] == "2018-03-16"


def test_prepare_keeps_a_given_question_and_chat_column(chat):
    chat = chat.assign(question="Q7", chat="week 12")
    prepared = A.prepare(chat)
    assert set(prepared["question"]) == {"Q7"} and set(prepared["chat"]) == {"week 12"}


def test_prepare_orders_by_time_when_the_input_is_not(chat):
    prepared = A.prepare(chat.iloc[::-1])
    assert prepared["tweet_id"].tolist() == [r[0] for r in ROWS]
    assert prepared.set_index("tweet_id").loc["11", "question"] == "Q2"


def test_view_mix_counts_every_tweet_and_shares_of_views(chat):
    mix = A.view_mix(chat).set_index("view")
    assert mix.index.tolist() == LABELS
    assert mix.loc[V1, "tweets"] == 5 and mix.loc[NONE, "tweets"] == 5 and mix["tweets"].sum() == 14
    assert mix.loc[V1, "share"] == pytest.approx(5 / 14)
    assert mix.loc[V1, "view_share"] == pytest.approx(5 / 9)
    assert pd.isna(mix.loc[NONE, "view_share"]) and not mix.loc[NONE, "is_view"]
    assert mix.loc[V1, "name"] == TAX[V1].name


def test_view_mix_gives_wilson_intervals_and_says_when_too_few_views(chat):
    mix = A.view_mix(chat).set_index("view")
    low, high = A.wilson_interval(5, 14)
    assert (mix.loc[V1, "share_low"], mix.loc[V1, "share_high"]) == pytest.approx((low, high))
    assert low < 5 / 14 < high and 0.0 <= low and high <= 1.0
    assert mix.loc[V1, "view_share_low"] < 5 / 9 < mix.loc[V1, "view_share_high"]
    assert pd.isna(mix.loc[NONE, "view_share_low"])
    # 9 tweets hold a view: too few to tell which view leads
    assert not mix["enough_views"].any()
    assert A.wilson_interval(0, 0) == (0.0, 1.0)
    assert A.wilson_interval(0, 50)[0] == 0.0 and A.wilson_interval(50, 50)[1] == 1.0


def test_wilson_interval_narrows_with_more_tweets():
    small, large = A.wilson_interval(3, 10), A.wilson_interval(300, 1000)
    assert large[1] - large[0] < small[1] - small[0]


def test_view_mix_without_retweets(chat):
    mix = A.view_mix(chat, include_retweets=False).set_index("view")
    assert mix.loc[V1, "tweets"] == 4 and mix["tweets"].sum() == 13


def test_question_mix_per_chat_and_question(chat):
    mix = A.question_mix(chat)
    assert mix[["chat", "question"]].values.tolist() == [["2018-03-09", "Q1"], ["2018-03-09", "Q2"], ["2018-03-16", "Q1"]]
    q1 = mix.iloc[0]
    assert q1["text"] == "Q1 What is social learning? #ldinsight" and q1["asked_by"] == "host"
    assert q1["tweets"] == 4 and q1[f"n_{V1}"] == 3 and q1[f"n_{V2}"] == 1
    q2 = mix.iloc[1]
    assert [q2[f"n_{label}"] for label in (V1, V2, V3, NONE)] == [1, 1, 1, 1]
    assert q2[f"share_{V3}"] == pytest.approx(0.25)


def test_a_question_the_export_holds_only_as_a_retweet_takes_its_words_and_its_asker():
    rows = [("1", "host", "09 08:04", "Q1 coming up in a minute... #ldinsight", NONE, 0.9, False, ""),
            ("2", "ann", "09 08:06", "RT @host: Q1 What is social learning? #ldinsight", NONE, 0.9, True, ""),
            ("3", "bob", "09 08:07", "A1 it happens anyway, in practice", V1, 0.9, False, ""),
            ("4", "host", "09 08:14", "Q2 in 2 minutes!", NONE, 0.9, False, ""),
            ("5", "host", "09 08:15", "Q2 What would you do first?", NONE, 0.9, False, ""),
            ("6", "cat", "09 08:15", "RT @host: Q2 What would you do first?", NONE, 0.9, True, ""),
            ("7", "dan", "09 08:16", "A2 buddies", V3, 0.9, False, "")]
    mix = A.question_mix(classified(rows)).set_index("question")
    assert mix.loc["Q1", "text"] == "Q1 What is social learning? #ldinsight" and mix.loc["Q1", "asked_by"] == "host"
    # the question's own tweet wins over a retweet of it and over its announcement
    assert mix.loc["Q2", "text"] == "Q2 What would you do first?"
    assert mix.loc["Q2", "asked_at"] == pd.Timestamp("2018-03-09T08:15:00Z")
    assert mix["tweets"].tolist() == [1, 1]


def test_representative_tweets_take_the_highest_probability_and_skip_retweets(chat):
    reps = A.representative_tweets(chat, per_view=2)
    q1 = reps[(reps["chat"] == "2018-03-09") & (reps["question"] == "Q1") & (reps["view"] == V1)]
    assert q1["tweet_id"].tolist() == ["3", "5"]  # the retweet (p 0.95) is left out
    assert q1["rank"].tolist() == [1, 2]
    assert NONE not in set(reps["view"])


def test_representative_tweets_over_the_whole_chat(chat):
    reps = A.representative_tweets(chat, per_view=1, by_question=False)
    assert reps.set_index("view").loc[V3, "tweet_id"] == "14"
    assert len(reps) == 3


def test_participants_profile_dominant_view_and_mixed_rule(chat):
    people = A.participants(chat).set_index("author")
    assert people.index[:2].tolist() == ["host", "ann"]  # the most active first, ties by first tweet
    ann = people.loc["ann"]
    assert (ann["tweets"], ann["chats"], ann["dominant"]) == (4, 2, V1)
    assert ann["none_share"] == pytest.approx(0.25) and ann["dominant_share"] == 1.0 and not ann["mixed"]
    assert people.loc["bob", "mixed"]  # V2 and V1 (a retweet) at 1:1
    assert people.loc["bob", "retweets"] == 1
    assert people.loc["cat", "mixed"]
    assert not people.loc["dan", "mixed"]  # a single tweet with a view is never mixed
    assert people.loc["host", "dominant"] == "" and people.loc["host", "none_share"] == 1.0


def test_mixed_threshold_is_a_parameter(chat):
    extra = classified(ROWS + [("15", "ann", "16 08:09", "A1 and online", V2, 0.7, False, "")])
    assert not A.participants(extra).set_index("author").loc["ann", "mixed"]  # 3 of 4 = 75 %
    assert A.participants(extra, mixed_threshold=0.8).set_index("author").loc["ann", "mixed"]


def test_timeline_bins_minutes_from_the_chat_start(chat):
    one = chat[chat["created_at"].str.startswith("2018-03-09")]
    line = A.timeline(one, minutes=5)
    assert line["minute"].tolist() == list(range(0, 45, 5))
    assert line["tweets"].tolist() == [1, 5, 0, 4, 0, 0, 0, 0, 1]
    assert line.loc[1, f"n_{V1}"] == 3
    assert str(line.loc[0, "start"]) == "2018-03-09 08:00:00+00:00"


def test_timeline_pools_several_chats_by_offset(chat):
    line = A.timeline(chat, minutes=5)
    assert line.loc[0, "tweets"] == 1 + 3  # 08:00 on the 9th, 08:05-08:07 on the 16th
    assert line["start"].isna().all()


def test_chat_mix_and_returning_participants(chat):
    mix = A.chat_mix(chat)
    assert mix["chat"].tolist() == ["2018-03-09", "2018-03-16"]
    assert mix["tweets"].tolist() == [11, 3] and mix["participants"].tolist() == [5, 3]
    back = A.returning_participants(chat)
    assert back[["participants", "new", "returning"]].values.tolist() == [[5, 5, 0], [3, 1, 2]]


def test_talking_past_finds_replies_across_views(chat):
    pairs = A.talking_past(chat)
    assert pairs[["parent_id", "reply_id", "linked_by"]].values.tolist() == [["3", "4", "reply_to_id"], ["8", "10", "mention"]]
    assert pairs.loc[1, "parent_view"] == V1 and pairs.loc[1, "reply_view"] == V2
    assert pairs.loc[1, "question"] == "Q2"
    # "@ANN agree" (tweet 5) replies to ann with the same view: not a pair


def test_interventions_come_from_the_taxonomy(chat):
    todo = A.interventions(chat).set_index("view")
    assert NONE not in todo.index
    assert todo.index[0] == V1  # the most frequent first
    assert todo.loc[V1, "interventions"] == tuple(TAX[V1].interventions)
    assert todo.loc[V1, "participants"] == 3  # ann; bob and cat (1:1 ties go to the first view in taxonomy order)
    assert todo.loc[V3, "tweets"] == 2


def test_labels_are_read_from_the_frame():
    renamed = [V1, "peer_learning", NONE]
    rows = [("1", "a", "09 08:00", "Q1 x", NONE, 0.9, False, ""), ("2", "b", "09 08:01", "A1 y", "peer_learning", 0.8, False, "")]
    frame = classified(rows, renamed)
    assert A.labels_of(frame) == renamed
    mix = A.view_mix(frame).set_index("view")
    assert mix.loc["peer_learning", "name"] == "peer_learning" and mix.loc["peer_learning", "tweets"] == 1
    assert A.interventions(frame).set_index("view").loc["peer_learning", "interventions"] == ()


def test_a_frame_without_view_is_refused():
    with pytest.raises(ValueError, match="not a classified chat"):
        A.view_mix(pd.DataFrame({"text": ["hi"]}))


def test_pseudonyms_are_stable_case_insensitive_and_replace_mentions(chat):
    anon = A.Pseudonymiser.from_frame(chat, key="k")
    assert anon.handle("ann") == anon.handle("@ANN") == A.Pseudonymiser.from_frame(chat, key="k").handle("ann")
    assert anon.handle("ann").startswith("participant-") and anon.handle("ann") != anon.handle("bob")
    text = anon.text("RT @ann: see twitter.com/bob/status/1 and mail jo@example.com")
    assert "ann" not in text and "bob" not in text and "jo@example.com" in text
    out = A.pseudonymise(chat, key="k")
    handles = {"host", "ann", "bob", "cat", "dan", "eve"}
    assert not handles & set(out["author"])
    assert not any(f"@{h}" in t.lower() for t in out["text"] for h in handles)


def test_read_classified_keeps_ids_as_strings(chat, tmp_path):
    chat = chat.assign(tweet_id=["1000000000000000301"] * len(chat))
    chat.to_csv(tmp_path / "t.csv", index=False)
    back = A.read_classified(tmp_path / "t.csv")
    assert back["tweet_id"].iloc[0] == "1000000000000000301"
    assert A.is_classified(back.columns) and not A.is_classified(["text", "author"])


def test_view_mix_view_shares_are_undefined_when_no_tweet_holds_a_view():
    quiet = classified([("1", "solo", "09 08:00", "Morning all", NONE, 0.9, False, "")])
    mix = A.view_mix(quiet).set_index("view")
    assert mix.loc[V1, "view_share"] != mix.loc[V1, "view_share"]  # NaN: 0 of 0
    assert pd.isna(mix.loc[V1, "view_share_low"]) and pd.isna(mix.loc[V1, "view_share_high"])
    assert mix.loc[V1, "share"] == 0.0



def test_participants_marks_a_tie_for_the_dominant_view(chat):
    people = A.participants(chat).set_index("author")
    assert people.loc["bob", "tied"] and people.loc["cat", "tied"]  # 1:1
    assert not people.loc["ann", "tied"] and not people.loc["host", "tied"] and not people.loc["dan", "tied"]


def test_representative_tweets_can_stand_in_retweets_for_a_view_no_one_wrote(chat):
    rows = [("1", "host", "09 08:05", "Q1 What is social learning?", NONE, 0.9, False, ""),
            ("2", "host", "09 08:06", "RT @ann: A1 it happens anyway", V1, 0.9, True, ""),
            ("3", "bob", "09 08:07", "A1 our network", V2, 0.8, False, ""),
            ("4", "cat", "09 08:08", "RT @bob: A1 our network", V2, 0.8, True, "")]
    assert A.representative_tweets(classified(rows))["tweet_id"].tolist() == ["3"]
    reps = A.representative_tweets(classified(rows), include_retweets=True)
    assert reps[["tweet_id", "view", "is_retweet"]].values.tolist() == [["2", V1, True], ["3", V2, False]]


def test_timeline_bins_keep_to_the_clock():
    rows = [("1", "host", "09 08:00", "Welcome", NONE, 0.9, False, ""),
            ("2", "host", "09 08:05", "Q1 What is social learning?", NONE, 0.9, False, ""),
            ("3", "ann", "09 08:09", "A1 it happens anyway", V1, 0.9, False, "")]
    frame = classified(rows)
    frame["created_at"] = ["2018-03-09T08:00:05Z", "2018-03-09T08:05:00Z", "2018-03-09T08:09:59Z"]
    line = A.timeline(frame, minutes=5)
    assert line["tweets"].tolist() == [1, 2]  # the question asked at 08:05 is in the bin of 08:05
    assert str(line.loc[1, "start"]) == "2018-03-09 08:05:00+00:00"


def test_load_classified_takes_one_path_as_one_file(tmp_path):
    path = tmp_path / "week10.csv"
    classified().to_csv(path, index=False)
    for given in (path, str(path), [path]):
        [frame] = A.load_classified(given)
        assert len(frame) == len(ROWS) and frame["chat"].nunique() == 2  # two days: two chats
