"""Property tests of the readers (Hypothesis, the derandomized ``ci`` profile of conftest.py).

1. Ids anywhere in [0, 2**63 - 1], with blank cells about, come out of every reader byte-identical.
2. Texts with commas, quotes, newlines, tabs, ``&``/``<`` and any script round-trip exactly.
3. Random or damaged bytes given to any reader end in rejects or a SocialViewsError, never in
   another exception, and ``records = tweets + rejected + duplicates`` holds.
"""

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialviews.core.columns import TWEET_COLUMNS
from socialviews.core.errors import SocialViewsError
from socialviews.readers import FORMATS, read_inputs
from tests.exportgen import SINGLE_FILE_WRITERS, filefmt, index
from tests.exportgen.model import Tweet

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
SAMPLE_FILES = sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix != ".md")
START = datetime(2018, 3, 9, 8, 0, tzinfo=timezone.utc)
ID_FORMATS = [f for f in SINGLE_FILE_WRITERS if f != "transcript"] + ["archive", "grailbird", "grailbird-csv"]
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\\"), min_size=1, max_size=80)
TEXT = TEXT.filter(lambda s: s.strip() and not s.startswith(("RT @", "@")))


@st.composite
def chats(draw, times_required=False):
    ids = draw(st.lists(st.integers(0, 2**63 - 1), min_size=1, max_size=12, unique=True))
    tweets = []
    for i, number in enumerate(ids):
        blank_user = draw(st.booleans()) and not times_required
        blank_time = draw(st.booleans()) and not times_required
        parent = draw(st.sampled_from(tweets)) if tweets and draw(st.booleans()) else None
        tweets.append(Tweet(
            id=str(number), user="" if blank_user else f"user_{i}", user_id=str(2000 + i),
            time=None if blank_time else START + timedelta(seconds=17 * i), text=draw(TEXT),
            reply_to=parent.id if parent else "", reply_to_user=parent.user if parent else "",
        ))
    return tweets


def _export(fmt, tweets):
    """(reader format, bytes, expected records) of ``tweets`` written as ``fmt``."""
    if fmt == "archive":
        files, expected = filefmt.personal_archive(tweets, "owner", "1")
        return "archive", files["data/tweets.js"], expected["data/tweets.js"]
    if fmt.startswith("grailbird"):
        files, expected = filefmt.classic_archive(tweets, "owner", "1")
        name = "tweets.csv" if fmt == "grailbird-csv" else next(n for n in files if n.endswith(".js") and "tweets/" in n)
        return "grailbird", files[name], expected[name]
    data, records = SINGLE_FILE_WRITERS[fmt][1](tweets, index(tweets))
    return fmt, data, records


def _records(fmt, data):
    return [record for _, record, _, _ in FORMATS[fmt][1](data, "<test>", None) if record is not None]


def _check_ids(fmt, tweets):
    reader, data, expected = _export(fmt, tweets)
    got = _records(reader, data)
    assert [r["tweet_id"] for r in got] == [r["tweet_id"] for r in expected]
    assert [r["reply_to_id"] for r in got] == [r["reply_to_id"] for r in expected]


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ID_FORMATS), chats())
def test_ids_survive_every_reader_byte_identical(fmt, tweets):
    if fmt.startswith("grailbird"):  # the classic archive always has times (one month file here)
        for t in tweets:
            t.time = START
    _check_ids(fmt, tweets)


def test_the_largest_and_smallest_ids_survive_every_reader():
    tweets = [Tweet(id=str(2**63 - 1), user="a", user_id="1", time=START, text="max"),
              Tweet(id="0", user="", user_id="2", time=START, text="zero", reply_to=str(2**63 - 1)),
              Tweet(id="9007199254740993", user="b", user_id="3", time=START, text="2**53 + 1")]
    for fmt in ID_FORMATS:
        _check_ids(fmt, tweets)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([f for f in ID_FORMATS if f != "twarc1-csv"]), chats(times_required=True))
def test_texts_round_trip_through_every_reader(fmt, tweets):
    reader, data, expected = _export(fmt, tweets)
    got = _records(reader, data)
    assert [r["text"] for r in got] == [r["text"] for r in expected]
    assert [r["created_at"] for r in got] == [r["created_at"] for r in expected]
    if fmt not in ("archive", "grailbird-csv"):  # their author is in a file beside them (account.js ...)
        assert [r["author"] for r in got] == [r["author"] for r in expected]


def _mutate(data: bytes, edits) -> bytes:
    for kind, where, junk in edits:
        at = where % (len(data) + 1)
        if kind == "insert":
            data = data[:at] + junk + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + len(junk) + 1:]
        elif kind == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (junk[0] if junk else 0xFF)]) + data[at + 1:]
        else:
            data = data[:at]
    return data


EDITS = st.lists(st.tuples(st.sampled_from(["insert", "delete", "flip", "truncate"]), st.integers(0, 10**6),
                           st.binary(max_size=12)), min_size=1, max_size=4)
KEYS = ["data", "includes", "users", "tweets", "id", "id_str", "text", "full_text", "author", "author_id", "username",
        "screen_name", "user", "referenced_tweets", "type", "retweeted", "note_tweet", "extended_tweet", "entities",
        "urls", "indices", "start", "end", "url", "expanded_url", "retweeted_status", "retweetedTweet", "rawContent",
        "links", "tcourl", "_type", "created_at", "date", "conversation_id", "inReplyToTweetId", "tweet", "errors"]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.sampled_from(
        ["", "1", "retweeted", "replied_to", "snscrape.modules.twitter.Tweet", "https://t.co/x", "RT @a: x"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
    max_leaves=25,
)
TWEETISH = st.fixed_dictionaries(
    {"id": st.sampled_from(["1", "2"]), "id_str": st.just("1"), "text": st.sampled_from(["RT @a: x", "A1 x"]),
     "_type": st.just("snscrape.modules.twitter.Tweet")},
    optional={key: JSON for key in KEYS if key not in ("id", "id_str", "text", "_type")},
)
PAGES = st.tuples(st.lists(TWEETISH, min_size=1, max_size=3), JSON, st.lists(TWEETISH | JSON, max_size=2)).map(
    lambda parts: {"data": parts[0], "includes": {"users": parts[1], "tweets": parts[2]}})
WRAPPERS = ["{}", "window.YTD.tweets.part0 = [{}]", "Grailbird.data.tweets_2018_01 = [{}]"]
GARBAGE = st.one_of(
    st.binary(max_size=600),
    st.tuples(st.sampled_from(SAMPLE_FILES), EDITS).map(lambda pair: _mutate(pair[0].read_bytes(), pair[1])),
    st.tuples(st.sampled_from(WRAPPERS), st.lists(JSON | TWEETISH | PAGES, min_size=1, max_size=3)).map(
        lambda pair: pair[0].format("\n".join(json.dumps(v) for v in pair[1])).encode()),
)


def _check_record(item):
    line, record, reason, raw = item
    assert isinstance(line, int) and line >= 1 and isinstance(raw, str)
    if record is None:
        assert isinstance(reason, str) and reason
        return
    assert set(TWEET_COLUMNS) - {"qa"} <= set(record)
    assert isinstance(record["is_retweet"], bool)
    assert all(isinstance(record[c], str) for c in TWEET_COLUMNS if c not in ("qa", "is_retweet"))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(list(FORMATS)), GARBAGE)
def test_garbage_given_to_any_reader_ends_in_rejects_or_a_socialviews_error(fmt, data):
    detect, reader = FORMATS[fmt]
    assert detect(data[:65536]) in (True, False)
    try:
        items = list(reader(data, "<test>", None))
    except SocialViewsError:
        return
    for item in items:
        _check_record(item)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=GARBAGE)
def test_garbage_files_are_accounted_for_or_refused(tmp_path, data):
    path = tmp_path / "input.dat"
    path.write_bytes(data)
    try:
        result = read_inputs([path])
    except SocialViewsError as error:
        assert str(error) and "\n" not in str(error).strip()
        return
    stats = result.stats
    assert stats["records"] == stats["tweets"] + stats["rejected"] + stats["duplicates"]
    assert len(result.tweets) == stats["tweets"] and len(result.rejects) == stats["rejected"]
    for column in ("tweet_id", "author", "text", "question"):
        assert all(isinstance(v, str) and not any("\ud800" <= ch <= "\udfff" for ch in v) for v in result.tweets[column])
    assert all(isinstance(v, str) and not any("\ud800" <= ch <= "\udfff" for ch in v) for v in result.rejects["raw"])
