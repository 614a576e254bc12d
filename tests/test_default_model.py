"""The embedded default: classify works straight after install, training from the shipped corpus."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "samples" / "ldinsight_generic.csv"


def test_first_classify_trains_stores_and_uses_the_default_model(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SOCIALVIEWS_HOME"}
    run = subprocess.run([sys.executable, "-m", "socialviews", "classify", str(SAMPLE), "-o", "out.csv"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
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

    again = subprocess.run([sys.executable, "-m", "socialviews", "classify", str(SAMPLE), "-o", "again.csv"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert again.returncode == 0 and "training the default model" not in again.stderr
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "out.csv").read_bytes()


def test_socialviews_home_moves_the_model_store(tmp_path):
    env = {**os.environ, "SOCIALVIEWS_HOME": str(tmp_path / "home")}
    run = subprocess.run([sys.executable, "-m", "socialviews", "-q", "explain", "A2 buddies for every new starter"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("view: collaborative_learning")
    assert (tmp_path / "home" / "models" / "current.json").is_file()
    assert not (tmp_path / "models").exists()
