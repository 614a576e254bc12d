import numpy as np
import pandas as pd
import pytest

from socialviews.core.config import ModelConfig
from socialviews.core.taxonomy import load_taxonomy
from socialviews.model.model import Model
from socialviews.model.pipeline import build_pipeline
from socialviews.training.train import fit_pipeline
from tests.conftest import TINY_CORPUS

TEXTS = [text for texts in TINY_CORPUS.values() for text in texts]
LABELS = [label for label, texts in TINY_CORPUS.items() for _ in texts]


def test_pipeline_steps_are_normalise_features_classify():
    assert [name for name, _ in build_pipeline().steps] == ["normalise", "features", "classify"]


def test_taxonomy_labels_come_from_the_data_file():
    assert load_taxonomy().labels == ["social_constructivist", "new_social_learning", "collaborative_learning", "none"]


def test_probabilities_follow_taxonomy_order_and_sum_to_one(tiny_model):
    proba = tiny_model.predict_proba(["peer feedback in groups", "good morning all"])
    assert proba.shape == (2, 4)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert tiny_model.labels == load_taxonomy().labels


def test_classify_adds_columns_between_tweet_columns_and_extras(tiny_model):
    frame = pd.DataFrame({"tweet_id": ["1"], "text": ["A2 give every new starter a buddy"], "client": ["web"]})
    out = tiny_model.classify(frame)
    assert list(out.columns) == [
        "tweet_id", "text", "view", "confidence", "needs_review",
        "p_social_constructivist", "p_new_social_learning", "p_collaborative_learning", "p_none", "client",
    ]
    assert out.loc[0, "view"] == "collaborative_learning"
    assert out.loc[0, "confidence"] == pytest.approx(out.loc[0, "p_collaborative_learning"])


def test_text_without_known_words_needs_review(tiny_model):
    scored = tiny_model.score_texts(["https://t.co/zzzzzzzzzz", "\U0001F600\U0001F600", "give every new starter a buddy"])
    assert scored["needs_review"][:2].tolist() == [True, True]


def test_same_corpus_and_seed_give_identical_predictions():
    config = ModelConfig(seed=3)
    first, _ = fit_pipeline(TEXTS, LABELS, config)
    second, _ = fit_pipeline(TEXTS, LABELS, config)
    probe = ["buddies and mentors", "my PLN on twitter", "Q1 hello"]
    np.testing.assert_array_equal(first.predict_proba(probe), second.predict_proba(probe))


def test_explain_names_the_ngrams_that_pushed(tiny_model):
    result = tiny_model.explain("A2 give every new starter a buddy")
    assert result["view"] == "collaborative_learning"
    assert set(result["probabilities"]) == set(tiny_model.labels)
    assert any("buddy" in ngram for ngram, weight in result["pushed_for"])
    assert all(weight > 0 for _, weight in result["pushed_for"])


def test_model_refuses_a_pipeline_whose_classes_differ_from_the_manifest():
    pipeline, _ = fit_pipeline(TEXTS, LABELS, ModelConfig())
    with pytest.raises(ValueError):
        Model(pipeline, {"labels": ["a", "b", "c", "d"], "config": {}})


def test_input_columns_named_like_results_are_kept_as_input_columns(tiny_model):
    frame = pd.DataFrame({"tweet_id": ["1"], "text": ["buddies for all"], "view": ["none"], "p_none": ["0.9"]})
    out = tiny_model.classify(frame)
    assert out.loc[0, "input_view"] == "none" and out.loc[0, "input_p_none"] == "0.9"
    assert out.loc[0, "view"] in tiny_model.labels
