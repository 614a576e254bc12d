"""The embedded default: classify works straight after install, training from the shipped corpus."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from socialviews.model.fastpath import PROBE_TEXTS

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "samples" / "ldinsight_generic.csv"


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """A first ``classify`` in an empty folder: it trains the default model (minutes), so it runs once."""
    folder = tmp_path_factory.mktemp("first")
    env = {k: v for k, v in os.environ.items() if k != "SOCIALVIEWS_HOME"}
    run = subprocess.run([sys.executable, "-m", "socialviews", "classify", str(SAMPLE), "-o", "out.csv"],
                         cwd=folder, env=env, capture_output=True, text=True)
    return folder, env, run


def test_first_classify_trains_stores_and_uses_the_default_model(first_run):
    tmp_path, env, run = first_run
    assert run.returncode == 0, run.stderr
    assert "training the default model from the embedded corpus" in run.stderr
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    sample = pd.read_csv(SAMPLE, dtype=str)
    assert out["tweet_id"].tolist() == sample["tweet_id"].tolist()
    probabilities = out[[c for c in out.columns if c.startswith("p_")]].astype(float).sum(axis=1)
    assert probabilities.round(9).eq(1.0).all()
    pointer = json.loads((tmp_path / "models" / "current.json").read_text())
    manifest = json.loads((tmp_path / "models" / pointer["current"] / "manifest.json").read_text())
    assert manifest["training"]["rows"] > 2400
    assert {f["file"] for f in manifest["corpus"]} >= {"batch1.csv", "batch2.csv"}
    # its arrays were checked against its pipeline on the probe texts and 200 of its training texts
    assert manifest["fast_path"]["verified"] is True and manifest["scorer_file"] == "scorer.npz"
    assert manifest["fast_path"]["probe_size"] == len(PROBE_TEXTS) + 200
    assert manifest["fast_path"]["max_difference"] <= 1e-9

    again = subprocess.run([sys.executable, "-m", "socialviews", "classify", str(SAMPLE), "-o", "again.csv"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert again.returncode == 0 and "training the default model" not in again.stderr
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "out.csv").read_bytes()


def test_socialviews_home_moves_the_model_store(first_run, tmp_path, monkeypatch):
    # the store the first run trained, moved under SOCIALVIEWS_HOME: found and used there, nothing made here
    shutil.copytree(first_run[0] / "models", tmp_path / "home" / "models")
    env = {**os.environ, "SOCIALVIEWS_HOME": str(tmp_path / "home")}
    run = subprocess.run([sys.executable, "-m", "socialviews", "-v", "explain", "A2 buddies for every new starter"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("view: collaborative_learning")
    assert "training the default model" not in run.stderr
    assert not (tmp_path / "models").exists()
    # an empty SOCIALVIEWS_HOME is where the default model is stored when it is trained
    from socialviews.model.store import default_models_dir

    monkeypatch.setenv("SOCIALVIEWS_HOME", str(tmp_path / "other"))
    assert default_models_dir() == tmp_path / "other" / "models"
