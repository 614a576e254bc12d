"""Golden tests: what each sample export in data/samples normalises to.

The golden files (tests/golden) come from the export generator and the hand-written Q/A marks of
the sample chat, not from the readers (see tests/make_samples.py).
"""

import json
from pathlib import Path

import pytest

from socialviews.readers import detect_format, read_inputs
from tests.make_samples import samples

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"
GOLDEN = REPO / "tests" / "golden"
COLUMNS = ["tweet_id", "author", "created_at", "text", "is_retweet", "reply_to_id", "conversation_id", "qa", "question"]
FORMAT_OF = {
    "ldinsight_tags.csv": "tags", "ldinsight_twarc2.jsonl": "twarc2", "ldinsight_twarc2_flat.jsonl": "twarc2-flat",
    "ldinsight_twarc.csv": "twarc-csv", "ldinsight_v11.jsonl": "v1.1", "ldinsight_twarc1.csv": "twarc1-csv",
    "ldinsight_snscrape.jsonl": "snscrape", "ldinsight_transcript.txt": "transcript",
    "ldinsight_archive/data/tweets.js": "archive", "ldinsight_grailbird/data/js/tweets/2023_01.js": "grailbird",
    "ldinsight_grailbird/tweets.csv": "grailbird", "ldinsight_generic.csv": "csv",
}
GOLDEN_FILES = [(name, rel) for path in sorted(GOLDEN.glob("*.json")) for name in [path.stem]
                for rel in json.loads(path.read_text(encoding="utf-8"))]


def _golden(name, rel):
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))[rel]


def _read(rel, **kwargs):
    return read_inputs([SAMPLES / rel], **kwargs)


@pytest.mark.parametrize("name,rel", GOLDEN_FILES, ids=[rel for _, rel in GOLDEN_FILES])
def test_sample_normalises_to_its_golden_file(name, rel):
    result = _read(rel)
    assert result.stats["rejected"] == 0, result.rejects.to_dict("records")
    assert result.tweets[COLUMNS].to_dict("records") == _golden(name, rel)


@pytest.mark.parametrize("rel,fmt", FORMAT_OF.items())
def test_every_sample_is_detected_as_its_format(rel, fmt):
    data = (SAMPLES / rel).read_bytes()
    assert detect_format(data, rel) == fmt


def test_samples_on_disk_are_what_the_generator_writes():
    """Nobody edited a sample by hand without regenerating its golden file."""
    for files, _ in samples().values():
        for rel, data in files.items():
            assert (SAMPLES / rel).read_bytes() == data, f"{rel} differs: run python -m tests.make_samples"


def test_every_sample_is_listed_in_the_samples_readme():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for path in SAMPLES.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}" in readme, path.name


def test_generic_sample_of_the_quick_start_reads_18_tweets():
    result = _read("ldinsight_generic.csv")
    assert result.stats["records"] == 18 and result.stats["tweets"] == 18
    tweets = result.tweets.set_index("tweet_id")
    assert tweets.loc["1000000000000000309", "text"].startswith("Q2 Where does social learning already happen")
    assert "L&D designing" in tweets.loc["1000000000000000309", "text"]


def test_tags_sample_recovers_the_mangled_id_and_drops_the_repeated_row():
    result = _read("ldinsight_tags.csv")
    assert "1.00000E+18" in (SAMPLES / "ldinsight_tags.csv").read_text(encoding="utf-8")
    assert "1000000000000001024" in set(result.tweets["tweet_id"])
    assert result.stats["duplicates"] == 1 and result.stats["records"] == 35
    assert result.tweets["created_at"].iloc[0] == "2023-01-20T08:35:40Z"  # from created_at, newest first


def test_twarc2_sample_recovers_the_question_only_in_includes_and_long_and_retweet_text():
    tweets = _read("ldinsight_twarc2.jsonl").tweets.set_index("tweet_id")
    q1 = tweets.loc["1000000000000001006"]
    assert (q1["author"], q1["qa"]) == ("ld_host", "Q1")
    assert tweets.loc["1000000000000001015", "text"].endswith("where people work. #ldinsight")  # note_tweet
    assert "\n" in tweets.loc["1000000000000001015", "text"]
    raw = (SAMPLES / "ldinsight_twarc2.jsonl").read_text(encoding="utf-8")
    assert "RT @raj_wol: A1 my PLN on here" in raw and "…" in raw
    assert tweets.loc["1000000000000001016", "text"].endswith("https://workingoutloud.com/en/circle-guide")
    assert tweets.loc["1000000000000001016", "is_retweet"]


def test_twarc_csv_sample_rebuilds_merged_retweets_and_newlines():
    tweets = _read("ldinsight_twarc.csv").tweets.set_index("tweet_id")
    assert tweets.loc["1000000000000001019", "text"].startswith("RT @ld_host: Q2 Where does")
    assert tweets.loc["1000000000000001019", "is_retweet"]
    assert "\\n" in (SAMPLES / "ldinsight_twarc.csv").read_text(encoding="utf-8")
    assert "L&D set up" in tweets.loc["1000000000000001020", "text"]


def test_v11_sample_prefers_extended_text_and_retweeted_status():
    tweets = _read("ldinsight_v11.jsonl").tweets.set_index("tweet_id")
    assert tweets.loc["1000000000000001008", "text"].endswith("it just happens #ldinsight")
    assert tweets.loc["1000000000000001008", "reply_to_id"] == "1000000000000001006"
    assert tweets.loc["1000000000000001016", "text"].startswith("RT @raj_wol: A1 my PLN")
    assert "…" not in tweets.loc["1000000000000001016", "text"]


def test_archive_sample_takes_the_author_from_account_js():
    tweets = _read("ldinsight_archive").tweets
    assert set(tweets["author"]) == {"ld_host"} and len(tweets) == 10
    retweet = tweets.set_index("tweet_id").loc["1000000000000001016"]
    assert retweet["is_retweet"] and retweet["text"].endswith("…")  # the archive keeps only the cut text


def test_grailbird_folder_reads_the_month_files_not_the_csv_copy():
    result = _read("ldinsight_grailbird")
    assert sorted(Path(p).name for p in result.stats["formats"]) == ["2022_12.js", "2023_01.js"]
    assert result.stats["tweets"] == 11 and result.stats["duplicates"] == 0


def test_snscrape_sample_keeps_integer_ids_exact():
    raw = (SAMPLES / "ldinsight_snscrape.jsonl").read_text(encoding="utf-8")
    assert '"id": 1000000000000001034,' in raw
    tweets = _read("ldinsight_snscrape.jsonl").tweets
    assert tweets["tweet_id"].iloc[0] == "1000000000000001034"
    assert tweets["conversation_id"].iloc[0] == "1000000000000001034"


def test_transcript_sample_joins_a_tweet_over_two_lines():
    tweets = _read("ldinsight_transcript.txt").tweets
    long_post = tweets[tweets["author"] == "tom_hr"]["text"].iloc[0]
    assert "\nSix months later" in long_post
    assert tweets["time"].iloc[0] == "08:00:05" and tweets["created_at"].iloc[0] == ""


def test_the_same_tweet_reads_the_same_across_formats_that_carry_it_whole():
    full = ["ldinsight_twarc2.jsonl", "ldinsight_twarc2_flat.jsonl", "ldinsight_snscrape.jsonl", "ldinsight_v11.jsonl",
            "ldinsight_tags.csv", "ldinsight_twarc1.csv"]
    frames = [_read(rel).tweets.set_index("tweet_id") for rel in full]
    for tweet_id in ["1000000000000001008", "1000000000000001014", "1000000000000001019", "1000000000000001021"]:
        seen = {tuple(f.loc[tweet_id, ["author", "created_at", "text", "is_retweet", "qa", "question"]]) for f in frames}
        assert len(seen) == 1, seen
