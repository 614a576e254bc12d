import json
import subprocess
import sys

import numpy as np
import pytest

from socialviews.core.errors import SocialViewsError
from socialviews.model.store import ModelStore, load_model_dir
from socialviews.training.train import train

PROBE = ["give every new starter a buddy", "my PLN on twitter", "Q1 hello all", "it happens anyway"]


def test_manifest_records_what_built_the_model(trained_store):
    store = ModelStore(trained_store)
    manifest = store.manifest(store.current_id())
    assert manifest["labels"] == ["social_constructivist", "new_social_learning", "collaborative_learning", "none"]
    assert set(manifest["versions"]) >= {"scikit-learn", "numpy", "pandas", "joblib", "python"}
    assert manifest["corpus"][0]["sha256"] and len(manifest["model_sha256"]) == 64
    assert manifest["training"]["rows"] == 48
    assert manifest["config"]["seed"] == 13
    assert manifest["created_at"].endswith("Z")


def test_model_loaded_in_a_new_process_gives_identical_probabilities(tiny_model, trained_store):
    code = (
        "import json,sys; from socialviews.model.store import ModelStore; "
        f"m = ModelStore({str(trained_store)!r}).load(); "
        f"print(json.dumps(m.predict_proba({PROBE!r}).tolist()))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    np.testing.assert_array_equal(np.array(json.loads(out)), tiny_model.predict_proba(PROBE))


def test_corrupted_model_file_is_refused(trained_store, tmp_path):
    import shutil

    store = ModelStore(trained_store)
    copy = tmp_path / "copy"
    shutil.copytree(store.root / store.current_id(), copy)
    with open(copy / "model.joblib", "r+b") as handle:
        handle.seek(100)
        handle.write(b"\x00\x01\x02")
    with pytest.raises(SocialViewsError, match="sha256"):
        load_model_dir(copy)


def test_model_from_another_sklearn_minor_is_refused_unless_accepted(trained_store, tmp_path):
    import shutil

    store = ModelStore(trained_store)
    copy = tmp_path / "old"
    shutil.copytree(store.root / store.current_id(), copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["versions"]["scikit-learn"] = "0.24.2"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SocialViewsError, match="socialviews train"):
        load_model_dir(copy)
    assert load_model_dir(copy, accept_version_drift=True).labels == manifest["labels"]


def test_folder_that_is_not_a_model_is_refused(tmp_path):
    with pytest.raises(SocialViewsError, match="not a socialviews model"):
        load_model_dir(tmp_path)


def test_rollback_restores_the_previous_model_and_its_predictions(tiny_corpus, tmp_path):
    root = tmp_path / "models"
    first = train([tiny_corpus], models_dir=root, cv_folds=0)["model_id"]
    before = ModelStore(root).load().predict_proba(PROBE)
    second = train([tiny_corpus], models_dir=root, cv_folds=0, config=__import__("socialviews").ModelConfig(C=0.5))["model_id"]
    store = ModelStore(root)
    assert store.current_id() == second != first
    assert store.rollback() == first
    np.testing.assert_array_equal(store.load().predict_proba(PROBE), before)
    with pytest.raises(SocialViewsError, match=f"nothing to roll back .*: no model was current before {first}"):
        store.rollback()
    store.promote(second)  # promote, roll back, roll back: the second rollback finds the history used up
    assert store.rollback() == first
    with pytest.raises(SocialViewsError, match="no model was current before"):
        store.rollback()


def test_save_leaves_no_staging_folder(trained_store):
    assert not [p for p in ModelStore(trained_store).root.iterdir() if p.name.startswith(".") and p.is_dir()]


def test_convergence_warning_is_recorded_in_the_manifest_and_shown(tiny_corpus, tmp_path, caplog):
    from socialviews.core.config import ModelConfig

    with caplog.at_level("WARNING", logger="socialviews"):
        result = train([tiny_corpus], models_dir=tmp_path / "m", cv_folds=0, config=ModelConfig(max_iter=1))
    assert result["warnings"] and "ConvergenceWarning" in result["warnings"][0]
    assert ModelStore(tmp_path / "m").manifest(result["model_id"])["warnings"] == result["warnings"]
    assert any("ConvergenceWarning" in message for message in caplog.messages)


def test_training_with_a_label_of_one_row_skips_cross_validation(tmp_path, caplog):
    path = tmp_path / "small.csv"
    path.write_text("text,label,source\n" + "".join(
        f"row {i} about {label},{label},t\n" for i, label in enumerate(
            ["social_constructivist"] * 3 + ["new_social_learning"] * 3 + ["collaborative_learning"] * 3 + ["none"])))
    with caplog.at_level("WARNING", logger="socialviews"):
        result = train([path], models_dir=tmp_path / "m", cv_folds=5)
    assert result["cv_metrics"] is None
    assert any("cross-validation skipped" in message for message in caplog.messages)


def test_written_files_get_the_usual_permissions(tmp_path):
    import os

    from socialviews.core.atomic import atomic_write_text

    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "out.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o644


def test_unknown_model_id_points_at_models_list(trained_store):
    with pytest.raises(SocialViewsError, match="models list"):
        ModelStore(trained_store).load("no-such-model")
