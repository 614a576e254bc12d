"""evaluate, retrain and models list: the options they refuse and the scores they show side by side."""

import pytest

from tests.conftest import invoke, write_corpus


@pytest.fixture()
def eval_folder(tmp_path):
    """A folder of labelled tweets, as data/eval is."""
    return write_corpus(tmp_path / "eval" / "chats.csv").parent


def _refused(result, store, message):
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("socialviews: error: "), result.stderr
    assert message in lines[0], lines[0]
    assert not store.exists(), "refused only after a model was loaded (or the default one trained)"


@pytest.mark.parametrize("out", ["eval", "eval/report", "."], ids=["the-input", "inside-the-input", "around-the-input"])
def test_evaluate_refuses_a_report_folder_among_its_inputs(runner, eval_folder, tmp_path, monkeypatch, out):
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in eval_folder.iterdir())
    result = invoke(runner, ["evaluate", "eval", "-o", out, "--models-dir", tmp_path / "models"])
    _refused(result, tmp_path / "models", "choose another folder for the report")
    assert sorted(p.name for p in eval_folder.iterdir()) == before


def test_evaluate_refuses_a_report_folder_in_the_cross_validation_corpus(runner, eval_folder, tiny_corpus, tmp_path):
    result = invoke(runner, ["evaluate", eval_folder, "--cv", "3", "--corpus", tiny_corpus.parent,
                             "-o", tiny_corpus.parent, "--models-dir", tmp_path / "models"])
    _refused(result, tmp_path / "models", "is an input; choose another folder for the report")


def test_evaluate_refuses_a_report_folder_that_is_a_file(runner, eval_folder, tmp_path):
    page = tmp_path / "existing.html"
    page.write_text("<p>keep me</p>")
    result = invoke(runner, ["evaluate", eval_folder, "-o", page, "--models-dir", tmp_path / "models"])
    _refused(result, tmp_path / "models", f"-o {page} is a file; -o names the report folder, so pick another name")
    assert page.read_text() == "<p>keep me</p>"


@pytest.mark.parametrize("args, message", [
    (["--group-by", "author"], "--group-by needs --cv K"),
    (["--cv", "0", "--group-by", "chat"], "--group-by needs --cv K"),
    (["--cv", "1"], "--cv 1: cross-validation needs 2 folds or more; 0 (the default) runs none"),
], ids=["group-by-alone", "group-by-cv-0", "cv-1"])
def test_evaluate_refuses_cross_validation_options_it_cannot_honour(runner, eval_folder, tmp_path, args, message):
    result = invoke(runner, ["evaluate", eval_folder, "-o", tmp_path / "ev", *args, "--models-dir", tmp_path / "models"])
    _refused(result, tmp_path / "models", message)
    assert not (tmp_path / "ev").exists()


def test_evaluate_writes_its_report_beside_its_input_folder(runner, eval_folder, trained_store, tmp_path):
    result = invoke(runner, ["evaluate", eval_folder, "-o", tmp_path / "ev", "--models-dir", trained_store])
    assert result.exception is None and result.exit_code == 0, result.output
    assert (tmp_path / "ev" / "report.json").is_file()
    assert sorted(p.name for p in eval_folder.iterdir()) == ["chats.csv"]
