"""The model as plain arrays: the pipeline's probabilities, without loading scikit-learn."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialviews.core.errors import SocialViewsError
from socialviews.model.scorer import Scorer
from socialviews.model.store import ModelStore
from tests.conftest import TINY_CORPUS

TEXTS = [text for texts in TINY_CORPUS.values() for text in texts]
ODD = ["", "   ", "RT @x: A2 #WorkingOutLoud can't stop https://t.co/x", "zzz qqq", "Q3 \u00e9t\u00e9 \U0001F600 &amp;"]


@pytest.fixture(scope="module")
def both(trained_store):
    store = ModelStore(trained_store)
    return store.load(), store.load(scoring_only=True)


def test_the_store_keeps_the_arrays_with_their_checksum(trained_store):
    folder = trained_store / ModelStore(trained_store).current_id()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["scorer_file"] == "scorer.npz" and len(manifest["scorer_sha256"]) == 64
    with np.load(folder / "scorer.npz", allow_pickle=False) as data:  # no pickled objects in it
        assert {"coef", "word_terms_utf8", "char_terms_offsets", "classes"} <= set(data.files)
        assert data["word_terms_utf8"].dtype == np.uint8  # one blob, never fixed-width strings


def test_scoring_only_gives_the_pipelines_probabilities(both):
    full, light = both
    assert light._pipeline is None and light.scorer is not None
    texts = TEXTS + ODD
    expected = full.pipeline.predict_proba(texts)[:, full._order]
    np.testing.assert_allclose(light.raw_proba(texts), expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(light.predict_proba(texts), full.predict_proba(texts), rtol=1e-9, atol=1e-12)
    assert list(light.score_texts(texts)["view"]) == list(full.score_texts(texts)["view"])
    assert list(light.score_texts(texts)["needs_review"]) == list(full.score_texts(texts)["needs_review"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("abcdeilnorstuwy #@'.,12AQ\u00e9")), max_size=80), min_size=1, max_size=5))
def test_scoring_only_equals_the_pipeline_on_any_text(both, texts):
    full, light = both
    np.testing.assert_allclose(light.raw_proba(texts), full.pipeline.predict_proba(texts)[:, full._order],
                               rtol=1e-9, atol=1e-12)


def test_a_scoring_only_model_loads_its_pipeline_when_asked(both):
    _, light = both
    result = light.explain("our PLN on twitter")
    assert result["view"] in light.labels and light._pipeline is not None


def test_an_altered_scorer_file_is_refused(trained_store, tmp_path):
    store_dir = tmp_path / "models"
    shutil.copytree(trained_store, store_dir)
    folder = store_dir / ModelStore(store_dir).current_id()
    (folder / "scorer.npz").write_bytes((folder / "scorer.npz").read_bytes()[:-10] + b"0123456789")
    with pytest.raises(SocialViewsError, match="does not match the sha256"):
        ModelStore(store_dir).load(scoring_only=True)


def test_a_model_stored_without_arrays_still_classifies(trained_store, tmp_path):
    store_dir = tmp_path / "models"
    shutil.copytree(trained_store, store_dir)
    folder = store_dir / ModelStore(store_dir).current_id()
    manifest = json.loads((folder / "manifest.json").read_text())
    for key in ("scorer_file", "scorer_sha256"):
        manifest.pop(key)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / "scorer.npz").unlink()
    model = ModelStore(store_dir).load(scoring_only=True)
    assert model.scorer is None and model.score_texts(["buddies"])["view"][0] in model.labels


def test_classify_never_imports_scikit_learn(trained_store, chat_csv, tmp_path):
    code = (
        "import sys\n"
        "from socialviews.cli import main\n"
        f"sys.argv = ['socialviews', '-q', 'classify', {str(chat_csv)!r}, '-o', {str(tmp_path / 'out.csv')!r},"
        f" '--models-dir', {str(trained_store)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print(sorted(m for m in sys.modules if m == 'sklearn' or m.startswith('sklearn.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 5


def test_scorer_round_trips_through_its_file(both, tmp_path):
    full, _ = both
    scorer = Scorer.from_pipeline(full.pipeline)
    scorer.save(tmp_path / "s.npz")
    again = Scorer.load(tmp_path / "s.npz")
    X = again.features(TEXTS)
    np.testing.assert_array_equal(again.predict_proba(X), scorer.predict_proba(scorer.features(TEXTS)))
