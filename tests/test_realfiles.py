"""Golden tests over files written by the real tools (see tests/realfiles/README.md for where each comes from).

Each export reads to its golden file, keeps every tweet with its id exactly as the file spells it (the ids
are taken from the file here, independently of the readers), and classifies; a twarc2 output that holds
no tweets is refused with a one-line message naming what it is.
"""

import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest

from socialviews.core.errors import SocialViewsError
from socialviews.readers import read_inputs

REAL = Path(__file__).resolve().parent / "realfiles"
GOLDEN = REAL / "golden"
COLUMNS = ["tweet_id", "author", "created_at", "text", "is_retweet", "reply_to_id", "conversation_id", "qa",
           "question", "referenced_only"]


def _twarc2_ids(path):
    own, referenced = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            page = json.loads(line)
        except ValueError:
            continue  # the cut-short last line of a stream
        data = page["data"] if isinstance(page["data"], list) else [page["data"]]
        own += [tweet["id"] for tweet in data]
        referenced += [tweet["id"] for tweet in page.get("includes", {}).get("tweets", [])]
    return own, [i for i in dict.fromkeys(referenced) if i not in own]


def _flat_ids(path):
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    own = [tweet["id"] for tweet in lines]
    inlined = [ref["id"] for tweet in lines for ref in tweet.get("referenced_tweets", []) if "text" in ref]
    return own, [i for i in dict.fromkeys(inlined) if i not in own]


def _csv_ids(column):
    def ids(path):
        return [row[column] for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))], []
    return ids


def _snscrape_utf16_ids(path):
    text = path.read_bytes().decode("utf-16")
    return [re.search(r'"id": (\d+),', line).group(1) for line in text.splitlines() if line.strip()], []


def _grailbird_js_ids(path):
    text = path.read_text(encoding="utf-8")
    return [tweet["id_str"] for tweet in json.loads(text[text.index("["):])], []


#: export -> (format, the ids of its own tweets and of the tweets it holds only as referenced)
EXPORTS = {
    "twarc-csv/two_tweets.jsonl": ("twarc2", _twarc2_ids),
    "twarc-csv/edited.jsonl": ("twarc2", _twarc2_ids),
    "twarc-csv/streaming_output_with_error.jsonl": ("twarc2", _twarc2_ids),
    "twarc-csv/small_sample.csv": ("twarc-csv", _csv_ids("id")),
    "twarc-csv/small_sample.json": ("twarc2-flat", _flat_ids),
    "snscrape-powershell/gdansk_tweets-first3.json": ("snscrape", _snscrape_utf16_ids),
    "grailbird-anildash/data/js/tweets/2006_12.js": ("grailbird", _grailbird_js_ids),
    "grailbird-anildash/data/csv/2006_12.csv": ("grailbird", _csv_ids("tweet_id")),
}
REFUSED = {
    "twarc-csv/users-trimmed.jsonl": "users file",
    "twarc-csv/lists.jsonl": "lists file",
    "twarc-csv/counts.jsonl": "counts file",
    "twarc-csv/tweets_compliance.jsonl": "compliance file",
    "twarc-csv/users_compliance.jsonl": "compliance file",
}


def _golden_path(rel):
    return GOLDEN / (rel.replace("/", "__") + ".json")


def _records(rel):
    result = read_inputs([REAL / rel])
    if "referenced_only" not in result.tweets:  # only twarc2 exports carry referenced tweets
        result.tweets["referenced_only"] = False
    return result, result.tweets[COLUMNS].to_dict("records")


@pytest.mark.parametrize("rel", EXPORTS)
def test_a_real_export_reads_to_its_golden_file(rel):
    result, records = _records(rel)
    assert result.stats["formats"] == {str(REAL / rel): EXPORTS[rel][0]}
    assert records == json.loads(_golden_path(rel).read_text(encoding="utf-8"))


@pytest.mark.parametrize("rel", EXPORTS)
def test_every_tweet_of_a_real_export_is_kept_with_its_id(rel):
    result, _ = _records(rel)
    own, referenced = EXPORTS[rel][1](REAL / rel)
    tweets = result.tweets
    assert tweets.loc[~tweets["referenced_only"], "tweet_id"].tolist() == own
    assert tweets.loc[tweets["referenced_only"], "tweet_id"].tolist() == referenced
    assert result.stats["records"] == len(own) + len(referenced) + result.stats["rejected"]


def test_the_cut_short_stream_line_is_the_only_reject():
    result, _ = _records("twarc-csv/streaming_output_with_error.jsonl")
    assert result.rejects["line"].tolist() == [8] and "truncated last line" in result.rejects["reason"].iloc[0]


def test_early_twarc_csv_texts_are_decoded_from_json():
    _, records = _records("twarc-csv/small_sample.csv")
    assert records[0]["text"].startswith("After a long quest") and "can\u2019t" in records[0]["text"]
    assert records[2]["text"].startswith("Nobody: \n\nLiterally nobody:")


@pytest.mark.parametrize("rel", REFUSED)
def test_a_real_twarc2_output_without_tweets_is_refused(rel, runner, trained_store, tmp_path):
    with pytest.raises(SocialViewsError, match=f"is a twarc2 {REFUSED[rel]}"):
        read_inputs([REAL / rel])
    from tests.conftest import invoke

    result = invoke(runner, ["classify", REAL / rel, "-o", tmp_path / "out.csv", "--models-dir", trained_store])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.strip().splitlines() == [result.stderr.strip().splitlines()[-1]]
    assert result.stderr.strip().startswith("socialviews: error: ") and REFUSED[rel] in result.stderr
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("rel", EXPORTS)
def test_a_real_export_classifies_every_tweet(rel, runner, trained_store, tmp_path):
    from tests.conftest import invoke

    out = tmp_path / "out.csv"
    result = invoke(runner, ["classify", REAL / rel, "-o", out, "--models-dir", trained_store])
    assert result.exit_code == 0 and result.exception is None, result.output
    ids = [row["tweet_id"] for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))]
    own, referenced = EXPORTS[rel][1](REAL / rel)
    assert ids == own + referenced


def test_the_classic_archive_folder_reads_its_month_once_with_its_owner():
    result = read_inputs([REAL / "grailbird-anildash"])
    assert len(result.tweets) == 8 and set(result.tweets["author"]) == {"anildash"}


def write_golden_files() -> None:
    """Write the golden file of every export from what the readers give now (review the difference)."""
    GOLDEN.mkdir(exist_ok=True)
    for rel in EXPORTS:
        _, records = _records(rel)
        _golden_path(rel).write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {_golden_path(rel).relative_to(REAL.parent.parent)}", file=sys.stderr)


if __name__ == "__main__":
    write_golden_files()
