import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialviews.model.normaliser import TweetNormaliser, normalise_texts, normalise_tweet


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@jane_ld I agree", "xxuser i agree"),
        ("see https://t.co/AbC123xyz0 and www.example.org/x", "see xxurl and xxurl"),
        ("A1 yes #ldinsight", "xxanswer yes"),
        ("#WorkingOutLoud circles", "working out loud circles"),
        ("#eLearning #CoP #PLN", "e learning cop pln"),
        ("#70_20_10 model", "70 20 10 model"),
        ("RT @jo: A2 buddies for every new starter", "xxanswer buddies for every new starter"),
        ("Q3 coming up in 2 mins", "xxquestion coming up in 2 mins"),
        ("@host a2) peer review", "xxuser xxanswer peer review"),
        ("A1b: mentors too", "xxanswer mentors too"),
        ("L&amp;D &gt; courses", "l&d > courses"),
        ("it isn't group work and we can't stop it", "it is not group work and we can not stop it"),
        ("it won\u2019t work", "it will not work"),
        ("any #Friday chat on #lrnchat or #guildchat", "any friday chat on or"),
    ],
)
def test_normalise_tweet(text, expected):
    assert normalise_tweet(text) == expected


def test_cue_words_that_stop_lists_delete_are_kept():
    words = normalise_tweet("we all learn with and from others, together, always, not alone").split()
    for cue in ("all", "with", "from", "others", "together", "always", "not"):
        assert any(word.strip(",.") == cue for word in words)


def test_extra_chat_hashtag_is_dropped():
    assert normalise_tweet("A1 yes #MyTeamTalk2 #other", chat_hashtags=("myteamtalk2",)) == "xxanswer yes other"


def test_none_and_numbers_become_text():
    assert normalise_tweet(None) == ""
    assert normalise_tweet(42) == "42"


def test_normaliser_step_pickles_and_transforms():
    step = pickle.loads(pickle.dumps(TweetNormaliser(chat_hashtags=("ldinsight",))))
    assert step.fit(["x"]).transform(["A1 Hi #ldinsight", "@x yo"]) == ["xxanswer hi", "xxuser yo"]



PIECES = list("aAqQ12 #@_:.)-'\u2019&;\n\t\x00\u00a0") + ["RT @x: ", "https://t.co/", "#WOLweek", "n't", "&amp;", "Can't"]
TWEETISH = st.lists(st.sampled_from(PIECES), max_size=25).map("".join) | st.text(max_size=30)


@given(st.lists(TWEETISH, max_size=8))
def test_batch_normalisation_equals_one_at_a_time(texts):
    assert normalise_texts(texts) == [normalise_tweet(text) for text in texts]


@given(st.lists(TWEETISH, max_size=8))
def test_normalised_words_are_the_words_of_the_normalised_texts(texts):
    from socialviews.text.normalise import normalise_words

    assert normalise_words(texts) == [text.split() for text in normalise_texts(texts)]


# The patterns in their plainest spelling, applied one tweet at a time: the normaliser's rewritten
# patterns and its skipping of tweets that cannot match must give exactly this.
_PLAIN = [
    (r"^[^\S\x00]*RT\s+@\w{1,30}\s*:?\s*", ""),
    (r"(?:https?://|www\.)[^\s\x00]+", " xxurl "),
    (r"(?<![\w@])@\w{1,30}", " xxuser "),
]


def _plain_reference(text: str) -> str:
    import html
    import re

    from socialviews.text import normalise as n

    text = html.unescape(text).replace("\x00", " ")
    text = re.sub(_PLAIN[0][0], "", text, flags=re.IGNORECASE)
    text = re.sub(_PLAIN[1][0], _PLAIN[1][1], text, flags=re.IGNORECASE)
    text = re.sub(_PLAIN[2][0], _PLAIN[2][1], text)
    text = re.sub(r"(?<![\w#])#(\w+)", n._hashtag_replacer(frozenset(t.lower() for t in n.CHAT_HASHTAGS)), text)
    text = re.sub(r"(?<![\w#@])([QqAa])" + n._QA_TAIL, n._qa_token, text)
    text = n._APOSTROPHE.sub("'", text)
    text = n._NEGATION.sub(n._negation, text)
    return " ".join(text.lower().split())


@given(st.lists(TWEETISH, max_size=8))
def test_normalisation_equals_the_plain_patterns(texts):
    assert normalise_texts(texts) == [_plain_reference(text) for text in texts]


def test_normalisation_equals_the_plain_patterns_on_the_corpus():
    from socialviews.core.taxonomy import load_taxonomy
    from socialviews.training.corpus import load_corpus

    texts = load_corpus(None, load_taxonomy())["text"].tolist()
    assert normalise_texts(texts) == [_plain_reference(text) for text in texts]
