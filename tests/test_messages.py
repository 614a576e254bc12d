"""Messages count in words: ``1 tweet``, ``2 tweets``, never ``1 tweets`` or ``tweet(s)``."""

import logging
import re

import pandas as pd
import pytest

from socialviews.core.words import counted, plural
from socialviews.readers import read_inputs
from socialviews.training.audit import audit
from tests.conftest import invoke

HEADER = b"tweet_id,author,created_at,text\n"
NOT_WORDS = re.compile(r"\(s\)|\(es\)|\b1 [a-z ]*(?:tweets|ids|records|rows|files|folds|members)\b")


def _logged(caplog) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(("n", "noun", "expected"), [
    (1, "tweet", "1 tweet"), (0, "tweet", "0 tweets"), (2, "tweet id", "2 tweet ids"),
    (5, "cross-validation fold", "5 cross-validation folds"), (1, "process", "1 process"),
    (2, "process", "2 processes"), (3, "entry", "3 entries"), (2, "day", "2 days"),
])
def test_counted_puts_the_noun_in_the_number_the_count_takes(n, noun, expected):
    assert counted(n, noun) == expected


def test_plural_takes_an_irregular_form_when_given():
    assert (plural(1, "was", "were"), plural(2, "was", "were"), counted(2, "person", "people")) == (
        "was", "were", "2 people")


def test_one_windows_1252_tweet_is_noted_in_the_singular(tmp_path, caplog):
    path = tmp_path / "w.csv"
    path.write_bytes(HEADER + b"1,ana,2018-03-09T08:00:05Z,caf\xe9 chats with peers\n")
    with caplog.at_level(logging.INFO):
        read_inputs([path])
    assert "1 tweet with accents or curly quotes read as such (line 2)" in _logged(caplog)


def test_one_stray_byte_is_noted_in_the_singular(tmp_path, caplog):
    path = tmp_path / "s.csv"
    path.write_bytes(HEADER + b"1,ana,2018-03-09T08:00:05Z,caf\xc3\xa9 chats\n2,ben,2018-03-09T08:00:06Z,it\x92s peers\n")
    with caplog.at_level(logging.INFO):
        read_inputs([path])
    assert "1 tweet held bytes that are not UTF-8; read as Windows-1252 (line 3)" in _logged(caplog)


def test_one_id_written_as_a_json_number_is_noted_in_the_singular(tmp_path, caplog):
    path = tmp_path / "f.jsonl"
    path.write_text('{"id": 1264260000000000123.0, "text": "A1 float"}\n{"id": 1264260000000000124, "text": "A1 int"}\n')
    with caplog.at_level(logging.INFO):
        read_inputs([path])
    logged = _logged(caplog)
    assert "1 tweet id was written as a JSON number with a fraction" in logged
    assert "it is taken as the digits written" in logged and not NOT_WORDS.search(logged)


def test_the_corpus_audit_counts_one_file_and_one_eval_row_in_the_singular(tmp_path):
    corpus = tmp_path / "c.csv"
    pd.DataFrame([("we learn from each other in every module", "collaborative_learning", "t"),
                  ("my PLN is where I learn", "new_social_learning", "t")],
                 columns=["text", "label", "source"]).to_csv(corpus, index=False)
    held = tmp_path / "e.csv"
    pd.DataFrame([("a text nobody wrote twice", "none", "e")], columns=["text", "label", "source"]).to_csv(held, index=False)
    lines = audit([corpus], [held])["lines"]
    assert lines[0] == "corpus: 2 rows in 1 file"
    assert "eval set: 1 row" in lines


def test_training_logs_its_folds_and_processes_in_words(tiny_corpus, tmp_path, caplog):
    from socialviews.training.train import train

    with caplog.at_level(logging.INFO):
        train([tiny_corpus], models_dir=tmp_path / "models", cv_folds=2)
    logged = _logged(caplog)
    assert re.search(r"^2 cross-validation folds in [12] process(es)?$", logged, re.M), logged
    assert not NOT_WORDS.search(logged)


def test_classify_sums_up_one_record_in_the_singular(runner, trained_store, tmp_path):
    path = tmp_path / "one.csv"
    path.write_bytes(HEADER + b"1000000000000000101,ana,2018-03-09T08:00:05Z,A1 buddies for every new starter\n")
    result = invoke(runner, ["classify", path, "-o", tmp_path / "out.csv", "--models-dir", trained_store])
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert "1 record read = 1 classified + 0 rejected + 0 duplicate ids" in result.stderr
    assert re.search(r"; (1 needs|0 need) review", result.stderr), result.stderr
    assert not NOT_WORDS.search(result.stderr)
