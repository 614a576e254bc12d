"""Every save checks the fast path (scorer.npz) against the pipeline; a model it cannot reproduce is served by its pipeline."""

import json
import logging

import numpy as np
import pandas as pd
import pytest

from socialviews.model.fastpath import PROBE_TEXTS, TOLERANCE, probe_texts
from socialviews.model.normaliser import TweetNormaliser
from socialviews.model.pipeline import build_pipeline
from socialviews.model.store import ModelStore
from tests.conftest import TINY_CORPUS, invoke

TEXTS = [text for texts in TINY_CORPUS.values() for text in texts]
LABELS = [label for label, texts in TINY_CORPUS.items() for _ in texts]
MANIFEST = {"labels": list(TINY_CORPUS), "no_view_labels": ["none"], "config": {}, "versions": {}}


class FoldingNormaliser(TweetNormaliser):
    """Normalises as the shipped step does, then strips every accent: a step of another class, which the
    arrays cannot follow (they always normalise as :func:`socialviews.text.normalise.normalise_words` does)."""

    def transform(self, X):
        import unicodedata

        return ["".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
                for text in super().transform(X)]


def _fitted(**word_params):
    pipeline = build_pipeline()
    pipeline.set_params(**{f"features__word__{k}": v for k, v in word_params.items()},
                        features__word__min_df=1, features__char__min_df=1)
    return pipeline.fit(TEXTS, LABELS)


def _stored(root, pipeline):
    store = ModelStore(root)
    model_id = store.save(pipeline, MANIFEST, training_texts=TEXTS)
    return store, root / model_id, store.manifest(model_id)


def test_the_default_model_is_verified_and_its_figures_recorded(trained_store):
    folder = trained_store / ModelStore(trained_store).current_id()
    check = json.loads((folder / "manifest.json").read_text())["fast_path"]
    assert check["verified"] is True and "reason" not in check
    assert check["probe_size"] == len(PROBE_TEXTS) + len(TEXTS)  # the tiny corpus is smaller than the sample
    assert 0.0 <= check["max_difference"] <= TOLERANCE == check["tolerance"]
    assert (folder / "scorer.npz").is_file()


def test_the_probe_set_takes_an_even_sample_of_the_training_texts():
    texts = [f"text {i}" for i in range(1000)]
    probe = probe_texts(texts)
    assert probe[: len(PROBE_TEXTS)] == list(PROBE_TEXTS)
    assert probe[len(PROBE_TEXTS):] == texts[::5] and probe_texts(None) == list(PROBE_TEXTS)


def test_float32_features_are_not_reproduced_so_the_model_is_served_by_its_pipeline(tmp_path, caplog):
    pipeline = _fitted(dtype=np.float32)  # Scorer.supports does not look at it; the arrays compute in float64
    with caplog.at_level(logging.WARNING):
        store, folder, manifest = _stored(tmp_path / "models", pipeline)
    check = manifest["fast_path"]
    assert check["verified"] is False and check["max_difference"] > TOLERANCE
    assert check["reason"].startswith("the fast path's probabilities differ from the pipeline's by up to ")
    assert check["probe_size"] == len(PROBE_TEXTS) + len(TEXTS)
    assert not (folder / "scorer.npz").exists() and "scorer_file" not in manifest
    assert "served by its pipeline" in caplog.text and check["reason"] in caplog.text

    model = store.load(scoring_only=True)  # as classify loads it
    assert model.scorer is None
    probe = probe_texts(TEXTS)
    np.testing.assert_array_equal(model.raw_proba(probe), pipeline.predict_proba(probe)[:, model._order])


def test_classify_gives_the_pipelines_probabilities_for_a_model_the_fast_path_cannot_reproduce(tmp_path, chat_csv):
    pipeline = _fitted(dtype=np.float32)
    store, _, _ = _stored(tmp_path / "models", pipeline)
    out = tmp_path / "out.csv"
    result = invoke(_runner(), ["-q", "classify", chat_csv, "-o", out, "--models-dir", store.root, "--jobs", "1"])
    assert result.exception is None and result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype={"tweet_id": str}, keep_default_na=False)
    model = store.load()
    expected = model.decision.calibrate(pipeline.predict_proba(frame["text"].tolist())[:, model._order])
    np.testing.assert_allclose(frame[[f"p_{label}" for label in model.labels]].to_numpy(), expected,
                               rtol=0, atol=1e-15)


def test_a_normalisation_step_the_arrays_cannot_follow_is_caught_by_the_probe_texts(tmp_path):
    pipeline = build_pipeline()
    pipeline.steps[0] = ("normalise", FoldingNormaliser())
    pipeline.set_params(features__word__min_df=1, features__char__min_df=1)
    accented = [text.replace("e", "\u00e9").replace("a", "\u00e1") for text in TEXTS]
    pipeline.fit(accented, LABELS)
    store, folder, manifest = _stored(tmp_path / "models", pipeline)  # the training sample has no accents
    assert manifest["fast_path"]["verified"] is False and manifest["fast_path"]["max_difference"] > 0.01
    assert "na\u00efve" in manifest["fast_path"]["reason"]  # the fixed probe text with accents shows it
    assert not (folder / "scorer.npz").exists()
    model = store.load(scoring_only=True)
    assert model.scorer is None
    np.testing.assert_array_equal(model.raw_proba(accented), pipeline.predict_proba(accented)[:, model._order])


def test_a_pipeline_without_a_fast_path_says_so(tmp_path):
    pipeline = _fitted(binary=True)  # FastFeatures does not compute binary counts
    _, folder, manifest = _stored(tmp_path / "models", pipeline)
    assert manifest["fast_path"]["verified"] is False and "no fast path" in manifest["fast_path"]["reason"]
    assert not (folder / "scorer.npz").exists()


def _runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.mark.parametrize("texts", [[""], PROBE_TEXTS])
def test_the_check_holds_on_any_probe(trained_store, texts):
    from socialviews.model.fastpath import check_fast_path, fast_path_of
    from socialviews.model.scorer import Scorer

    model = ModelStore(trained_store).load()
    check = check_fast_path(model.pipeline, fast_path_of(model.pipeline, Scorer.from_pipeline(model.pipeline)),
                            list(texts), model.manifest)
    assert check["verified"] is True and check["probe_size"] == len(texts)


def test_an_empty_probe_set_is_an_error(tiny_model):
    from socialviews.model.fastpath import check_fast_path, fast_path_of

    with pytest.raises(ValueError, match="probe set is empty"):
        check_fast_path(tiny_model.pipeline, fast_path_of(tiny_model.pipeline), [], tiny_model.manifest)


def test_train_scores_its_held_out_tweets_with_the_pipeline_before_the_fast_path_is_checked(
        tiny_corpus, tmp_path, monkeypatch):
    from socialviews.model.fastfeatures import FastFeatures
    from socialviews.model.model import Model
    from socialviews.model.store import ModelStore
    from socialviews.training.train import train

    def unchecked(self, texts):
        raise AssertionError("held-out tweets scored through fast features the store has not checked yet")

    monkeypatch.setattr(FastFeatures, "transform", unchecked)
    result = train([tiny_corpus], models_dir=tmp_path / "models", cv_folds=0, eval_files=[tiny_corpus])
    model = ModelStore(tmp_path / "models").load(result["model_id"])
    texts = pd.read_csv(tiny_corpus)["text"].tolist()
    reference = Model(model.pipeline, {**model.manifest, "fast_path": {"verified": False}}).score_texts(texts)["view"]
    gold = pd.read_csv(tiny_corpus)["label"]
    assert result["eval_metrics"]["n"] == len(texts)
    assert result["eval_metrics"]["accuracy"] == pytest.approx(float((gold.to_numpy() == reference).mean()), abs=1e-4)
