import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from socialviews.core.config import ModelConfig
from socialviews.model.fastfeatures import FastFeatures
from socialviews.model.pipeline import build_pipeline
from socialviews.training.train import fit_pipeline
from tests.conftest import TINY_CORPUS

TEXTS = [text for texts in TINY_CORPUS.values() for text in texts]
LABELS = [label for label, texts in TINY_CORPUS.items() for _ in texts]
PIPELINE, _ = fit_pipeline(TEXTS, LABELS, ModelConfig())
FAST = FastFeatures(PIPELINE)


def _same(texts):
    normalised = PIPELINE.named_steps["normalise"].transform(texts)
    expected = PIPELINE.named_steps["features"].transform(normalised).tocsr()
    expected.sort_indices()
    got = FAST.transform(normalised)
    got.sort_indices()  # the same matrix; the fast path leaves each row's columns in its own order
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got.indptr, expected.indptr)
    np.testing.assert_array_equal(got.indices, expected.indices)
    np.testing.assert_allclose(got.data, expected.data, rtol=1e-12)


def test_fast_features_equal_sklearn_on_the_corpus():
    _same(TEXTS + ["", "   ", "x", "unseen words only zzzqqq", "a\u00a0b  c\td"])


@given(st.lists(st.text(alphabet=st.sampled_from(list("abcdefilnorstuwy #@'.,12\u00e9\U0001F600 ")), max_size=60), min_size=1, max_size=6))
def test_fast_features_equal_sklearn_on_any_text(texts):
    _same(texts)


def test_unusual_pipelines_are_not_served_fast():
    pipeline = build_pipeline()
    pipeline.named_steps["features"].transformer_list[1][1].set_params(analyzer="char")
    pipeline.fit(TEXTS, LABELS)
    assert not FastFeatures.supports(pipeline)
    assert FastFeatures.supports(PIPELINE)


def test_cache_limit_keeps_results_identical(monkeypatch):
    import socialviews.model.fastfeatures as ff

    monkeypatch.setattr(ff, "CACHE_LIMIT", 5)
    fast = FastFeatures(PIPELINE)
    normalised = PIPELINE.named_steps["normalise"].transform(TEXTS)
    first = fast.transform(normalised)
    second = fast.transform(normalised)
    assert (first != second).nnz == 0
