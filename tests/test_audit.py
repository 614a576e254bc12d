"""``socialviews check``: the corpus audit."""

from pathlib import Path

import pandas as pd

from socialviews.training.audit import audit
from tests.conftest import invoke


def _write(path, rows):
    pd.DataFrame(rows, columns=["text", "label", "source"]).to_csv(path, index=False)
    return path


def test_duplicates_are_counted_as_copies_beyond_the_first_and_shown_by_group(tmp_path):
    corpus = _write(tmp_path / "c.csv", [
        ("we learn from each other in every module", "collaborative_learning", "t"),   # line 2
        ("we learn from each other in every module", "collaborative_learning", "t"),   # 3: exact copy
        ("@ana yes", "none", "t"),                                                      # 4
        ("A2: YES!!!! #LTHEchat https://t.co/x", "none", "t"),                          # 5: near copy of 4
        ("Yes.", "none", "t"),                                                          # 6: near copy of 4
        ("my PLN is where I learn", "new_social_learning", "t"),                        # 7
        ("My PLN is where I learn!", "collaborative_learning", "t"),                    # 8: conflict with 7
        ("@ana @ben https://t.co/a", "none", "t"),                                      # 9: no words
        ("@cy https://t.co/b", "none", "t"),                                            # 10: no words
    ])
    held = _write(tmp_path / "e.csv", [("@dee https://t.co/c", "none", "e"), ("yes!", "none", "e"),
                                       ("a text nobody wrote twice", "none", "e")])
    report = audit([corpus], [held])
    assert report["exact_duplicates"] == 1
    assert report["near_duplicates"] == 3  # 5 and 6 repeat 4, 8 repeats 7; 9 and 10 have nothing to compare
    assert report["conflicts"] == 1
    assert report["leakage"] == 1  # "yes!", not the eval row of handles and a link
    assert report["problems"] == 1 + 3 + 1 + 1
    lines = "\n".join(report["lines"])
    assert "exact duplicates: 1\n    at c.csv:2 = c.csv:3" in lines
    assert "near duplicates (same text after normalisation): 3\n    at c.csv:4 = c.csv:5 = c.csv:6; c.csv:7 = c.csv:8" in lines
    assert "conflicting labels for the same text: 1\n    at c.csv:7 = c.csv:8" in lines
    assert "(leakage): 1\n    at e.csv:3" in lines


def test_two_labels_folders_with_files_of_one_name_are_told_apart(tmp_path):
    for folder in ("mine", "team"):
        (tmp_path / folder).mkdir()
        _write(tmp_path / folder / "imported.csv", [("we learn from each other in every module", "collaborative_learning", "t"),
                                                    (f"a text only {folder} wrote", "none", "t")])
    report = audit([tmp_path / "mine", tmp_path / "team"])
    lines = "\n".join(report["lines"])
    assert "corpus: 4 rows in 2 files" in lines
    assert "exact duplicates: 1\n    at mine/imported.csv:2 = team/imported.csv:2" in lines


def test_the_shipped_corpus_passes_its_own_check_with_both_evaluation_sets(runner):
    data = Path(__file__).resolve().parents[1] / "data"
    result = invoke(runner, ["check", "--eval", data / "eval", "--eval", data / "eval_real"])
    assert result.exit_code == 0, result.output
    assert "near duplicates (same text after normalisation): 0" in result.stdout
    assert "(leakage): 0" in result.stdout
