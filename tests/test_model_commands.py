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


@pytest.mark.parametrize("command", [["train"], ["retrain", "--labels-dir", "."]], ids=["train", "retrain"])
def test_train_and_retrain_refuse_one_fold(runner, tmp_path, command):
    result = invoke(runner, [*command, "--cv", "1", "--models-dir", tmp_path / "models"])
    _refused(result, tmp_path / "models", "--cv 1: cross-validation needs 2 folds or more; --cv 0 skips it")


def test_evaluate_writes_its_report_beside_its_input_folder(runner, eval_folder, trained_store, tmp_path):
    result = invoke(runner, ["evaluate", eval_folder, "-o", tmp_path / "ev", "--models-dir", trained_store])
    assert result.exception is None and result.exit_code == 0, result.output
    assert (tmp_path / "ev" / "report.json").is_file()
    assert sorted(p.name for p in eval_folder.iterdir()) == ["chats.csv"]


def _row(listing: str, model_id: str) -> str:
    return next(line for line in listing.splitlines() if model_id in line)


def test_models_list_shows_one_kind_of_cross_validation_for_every_model(runner, tiny_corpus, tmp_path):
    """A model trained with --cv and one without are listed by the same cross-validation: their decision rule's."""
    from socialviews.model.store import ModelStore
    from socialviews.training.train import train

    store = tmp_path / "models"
    with_cv = train([tiny_corpus], models_dir=store, cv_folds=3)["model_id"]
    without = train([tiny_corpus], models_dir=store, cv_folds=0)["model_id"]
    manifests = {model_id: ModelStore(store).manifest(model_id) for model_id in (with_cv, without)}
    # the precondition that makes the test mean something: the two kinds differ for the model trained with --cv
    assert f"{manifests[with_cv]['cv_metrics']['macro_f1']:.3f}" != f"{manifests[with_cv]['decision_cv_metrics']['macro_f1']:.3f}"
    listed = invoke(runner, ["models", "list", "--models-dir", store])
    assert listed.exception is None and listed.exit_code == 0, listed.output
    for model_id, manifest in manifests.items():
        assert f"cv macro-F1 {manifest['decision_cv_metrics']['macro_f1']:.3f}" in _row(listed.stdout, model_id)


@pytest.mark.slow
def test_retrain_shows_both_models_cross_validation_and_records_the_candidates_held_out_score(runner, tiny_corpus,
                                                                                              tmp_path):
    import json

    from socialviews.model.store import ModelStore
    from socialviews.training.train import train

    store = tmp_path / "models"
    current = train([tiny_corpus], models_dir=store, cv_folds=0)["model_id"]
    labels = tmp_path / "labels"
    write_corpus(labels / "imported.csv", {"none": ["is the chat on next week too?", "brb, fire alarm"],
                                           "collaborative_learning": ["pair every learner with a study buddy"]})
    result = invoke(runner, ["retrain", "--labels-dir", labels, "--corpus", tiny_corpus, "--eval", tiny_corpus,
                             "--cv", "0", "--force", "--models-dir", store])
    assert result.exception is None and result.exit_code == 0, result.output
    candidate = next(model_id for model_id in ModelStore(store).ids() if model_id != current)
    manifests = {model_id: ModelStore(store).manifest(model_id) for model_id in (current, candidate)}
    table = next(line for line in result.stdout.splitlines() if line.startswith("cv_macro_f1"))
    assert table.split()[1:] == [f"{manifests[m]['decision_cv_metrics']['macro_f1']:.4f}" for m in (current, candidate)]
    compared = manifests[candidate]["retrain"]["comparison"]["candidate"]["eval_macro_f1"]
    assert manifests[candidate]["eval_metrics"]["macro_f1"] == compared
    assert manifests[candidate]["eval_metrics"]["file"] == str(tiny_corpus)
    listed = invoke(runner, ["models", "list", "--models-dir", store])
    assert f"eval macro-F1 {compared:.3f}" in _row(listed.stdout, candidate)
    assert json.loads(invoke(runner, ["models", "show", candidate, "--models-dir", store]).stdout)["eval_metrics"]


def test_the_store_readme_names_what_a_model_folder_holds_and_how_long_a_build_takes(trained_store):
    from pathlib import Path

    from socialviews.model.store import ModelStore

    repo = Path(__file__).resolve().parents[1]
    store_readme = (repo / "models" / "README.md").read_text(encoding="utf-8")
    store = ModelStore(trained_store)
    held = sorted(p.name for p in store.folder(store.current_id()).iterdir())
    assert held == ["manifest.json", "model.joblib", "scorer.npz"]
    assert all(f"`{name}`" in store_readme for name in held)
    build_time = "one to three minutes"
    assert build_time in (repo / "README.md").read_text(encoding="utf-8") and build_time in store_readme
