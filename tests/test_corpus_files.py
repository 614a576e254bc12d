"""Which files of a folder are the labelled corpus: one rule for train, evaluate, retrain, labels and queue."""

import pytest

from socialviews.core.errors import SocialViewsError
from socialviews.training.corpus import corpus_files, labelled_files


def test_the_labelled_files_of_a_folder_are_its_csv_files_by_name(tmp_path):
    for name in ("b.csv", "a.csv", "notes.txt", "c.CSV.bak"):
        (tmp_path / name).write_text("text,label,source\n", encoding="utf-8")
    assert [p.name for p in labelled_files(tmp_path)] == ["a.csv", "b.csv"]
    assert corpus_files([tmp_path]) == labelled_files(tmp_path)


def test_a_missing_folder_holds_no_labelled_file(tmp_path):
    assert labelled_files(tmp_path / "missing") == []


def test_a_corpus_folder_without_labelled_files_is_an_error_that_says_what_to_add(tmp_path):
    with pytest.raises(SocialViewsError, match="holds no .csv file"):
        corpus_files([tmp_path])
