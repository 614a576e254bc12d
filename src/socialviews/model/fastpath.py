"""The fast path checked against the pipeline it stands in for, every time a model is stored.

``classify`` scores with :class:`~socialviews.model.scorer.Scorer` (plain arrays, with
:class:`~socialviews.model.fastfeatures.FastFeatures` for the features): a second implementation of
the fitted pipeline. :meth:`Scorer.supports` looks at the pipeline's shape, not at every setting
that changes its output (a vectorizer's ``dtype``, a normalisation step of another class), so the
store scores a probe set both ways before it keeps the arrays: fixed texts that exercise every
rule of the normalisation and the n-grams, and a sample of the model's own training texts. A model
whose fast path does not give the pipeline's probabilities (within :data:`TOLERANCE`) and labels is
stored without ``scorer.npz`` and served by its pipeline; its manifest says why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from socialviews.core.atomic import atomic_write
from socialviews.core.digest import sha256_file

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

log = logging.getLogger(__name__)

#: The largest difference allowed between a probability of the fast path and the pipeline's.
TOLERANCE = 1e-9
#: Training texts added to the probe set, at most (taken evenly across them).
TRAINING_SAMPLE = 200

_LONG = " ".join(
    ["A3 we can't design #CommunitiesOfPractice, but @jo_ld's #WorkingOutLoud circles https://t.co/abc help;"]
    + ["peers learn together with others at work, not alone \u00e9t\u00e9 \U0001F600"] * 300
)  # about 21,000 characters: a tweet holds at most 25,000

#: Texts that exercise the normalisation (handles, links, hashtags and chat tags, Q/A markers,
#: retweets, entities, negations, CamelCase) and the n-grams (emoji, other scripts, odd spacing,
#: empty and very long texts).
PROBE_TEXTS: tuple[str, ...] = (
    "",
    "   ",
    "\t\n",
    "a",
    "@jo_ld",
    "@jo_ld @sam: learning is social @@x a@b @_underscore_name_that_is_too_long_for_a_handle",
    "https://t.co/abc123 www.example.com/path?q=1 HTTP://EXAMPLE.COM see http://x.co/a,b",
    "#ldinsight #LDInsight #lrnchat #edchat #mychat #chat #WorkingOutLoud #HRTech #PLN2020 #elearning_uk",
    "##double #tag#tag x#notatag #a1 #_",
    "Q1 What does social learning mean to you? #ldinsight",
    "A1) it happens anyway A2: with peers a3 - buddies Q10, q4b. A12c:",
    "A1b, a2 B3 RQ1 QA1 1Q Q 1 Q1a Q99 #Q1 @A1",
    "@jo_ld @sam A4 buddies first. @ann Q5) and then? .@bob a2. A 3 answers Q2:Q3",
    "RT @jane_ld: A1 our PLN on twitter is where I learn most #WOL",
    "rt @x #notes RT @y RT: RT",
    "&amp; &lt;b&gt; &quot;quoted&quot; &#39;single&#39; &#x1F600; &nbsp; &amp;amp;",
    "can't won't ain't isn't don\u2019t shouldn\u2018t Can't WON'T dont wasn`t couldn\u00b4t scan't",
    "WorkingOutLoud ELearning2020 iPhone HTML5Canvas 3DPrinting CEOsAreHuman camelCaseWords",
    "\U0001F600\U0001F44D\U0001F3FD \u2764\ufe0f learning \U0001F680\U0001F680 \u2728",
    "\u5b66\u4e60\u662f\u793e\u4f1a\u6027\u7684 \u041e\u0431\u0443\u0447\u0435\u043d\u0438\u0435 \u0432\u043c\u0435\u0441\u0442\u0435 "
    "\u0627\u0644\u062a\u0639\u0644\u0645 \u0627\u0644\u0627\u062c\u062a\u0645\u0627\u0639\u064a "
    "\u0938\u0940\u0916\u0928\u093e \u5b66\u7fd2\u306f\u4ed5\u4e8b\u3067\u3059 \u1f10\u03bd \u03b1\u03c1\u03c7\u1fc7",
    "caf\u00e9 cafe\u0301 na\u00efve \u00c5ngstr\u00f6m stra\u00dfe \ufb01le \u2460\u2461 \u00bd x\u00b2",
    "tabs\tand\u00a0non-breaking\u2003spaces\u200band  zero\u200dwidth\r\nlines",
    "word word word word word, punctuation!!! ... ??? (brackets) [x] {y} 'quote' \"double\"",
    "1234567890 2018-03-09 08:00 100% \u00a31,000 #1 1st 2nd",
    "under_score snake_case_words x_y __init__ _",
    "A1 you can't stop people learning from each other, it happens at the coffee machine anyway",
    "A2 I learn most from my PLN on twitter, people I'd never meet otherwise #WOL @jo",
    "A3 we pair juniors with mentors and add peer feedback to every course, breakout rooms too",
    "thanks all, great chat as always, see you next Friday #ldinsight",
    _LONG,
)


def export_fast_path(pipeline: Pipeline, folder: Path, manifest: dict | None = None,
                     training_texts: Sequence[str] | None = None) -> dict:
    """Write ``scorer.npz`` into ``folder`` when its arrays reproduce the pipeline; the manifest's entries.

    The arrays are written, read back, and checked (:func:`check_fast_path`) on the probe set of
    ``training_texts`` (:func:`probe_texts`). Where they do not reproduce the pipeline, the file is
    removed and a warning logged: the model is served by its pipeline. The entries are
    ``scorer_file`` and ``scorer_sha256`` when the arrays are kept, and always ``fast_path`` (what
    the check found; a pipeline of another shape has no fast path).
    """
    from socialviews.model.scorer import SCORER_FILE, Scorer

    texts = probe_texts(training_texts)
    path = Path(folder) / SCORER_FILE
    if Scorer.supports(pipeline):
        with atomic_write(path, "wb", encoding=None) as handle:
            Scorer.from_pipeline(pipeline).save(handle)
        try:
            check = check_fast_path(pipeline, fast_path_of(pipeline, Scorer.load(path)), texts, manifest)
        except ValueError as exc:  # arrays that do not read back as one model
            check = {"verified": False, "probe_size": len(texts), "tolerance": TOLERANCE,
                     "reason": f"the arrays do not read back ({exc})"}
        if check["verified"]:
            return {"scorer_file": SCORER_FILE, "scorer_sha256": sha256_file(path), "fast_path": check}
        path.unlink()
    else:
        fast = fast_path_of(pipeline)
        if fast is None:
            return {"fast_path": {"verified": False, "reason": "no fast path for this pipeline (its features are "
                                  "not the word + char_wb TF-IDF union the fast path computes)"}}
        check = check_fast_path(pipeline, fast, texts, manifest)
        if check["verified"]:
            return {"fast_path": check}
    log.warning("%s; the model is stored without %s and served by its pipeline (classify then imports "
                "scikit-learn)", check["reason"], SCORER_FILE)
    return {"fast_path": check}


def probe_texts(training_texts: Sequence[str] | None = None) -> list[str]:
    """:data:`PROBE_TEXTS` and up to :data:`TRAINING_SAMPLE` of ``training_texts``, taken evenly across them."""
    texts = list(PROBE_TEXTS)
    if training_texts:
        step = -(-len(training_texts) // TRAINING_SAMPLE)
        texts += [str(text) for text in list(training_texts)[::step] if isinstance(text, str)]
    return texts


def fast_path_of(pipeline: Pipeline, scorer=None) -> Callable[[list[str]], np.ndarray] | None:
    """The probabilities the fast path gives for raw texts (columns in ``pipeline.classes_`` order), or None
    when the pipeline has none.

    With ``scorer`` (a :class:`~socialviews.model.scorer.Scorer` of the pipeline), its features and
    probabilities; else :class:`~socialviews.model.fastfeatures.FastFeatures` and the pipeline's classifier,
    as :class:`~socialviews.model.model.Model` serves a pipeline without arrays.
    """
    from socialviews.model.fastfeatures import FastFeatures

    if scorer is not None:
        classes = [str(c) for c in pipeline.classes_]
        order = [scorer.classes_.index(c) if c in scorer.classes_ else -1 for c in classes]
        if sorted(scorer.classes_) != sorted(classes):
            raise ValueError(f"the arrays hold classes {scorer.classes_}, the pipeline {classes}")
        return lambda texts: scorer.predict_proba(scorer.features(texts))[:, order]
    if not FastFeatures.supports(pipeline):
        return None
    fast = FastFeatures(pipeline)
    normalise, classify = pipeline.named_steps["normalise"], pipeline.named_steps["classify"]
    return lambda texts: classify.predict_proba(fast.transform(normalise.transform(texts)))


def check_fast_path(pipeline: Pipeline, fast: Callable[[list[str]], np.ndarray], texts: Sequence[str],
                    manifest: dict | None = None) -> dict:
    """Score ``texts`` with the pipeline and with ``fast``; whether they agree, as the manifest records it.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        The fitted pipeline: the reference.
    fast : callable
        Raw texts -> probabilities in ``pipeline.classes_`` order (see :func:`fast_path_of`).
    texts : sequence of str
        The probe set (see :func:`probe_texts`).
    manifest : dict, optional
        The model's manifest: the labels are called with its decision rule (the most probable
        label without one).

    Returns
    -------
    dict
        ``verified``, ``probe_size``, ``max_difference`` (the largest absolute difference of a
        probability) and ``tolerance``; ``reason`` when not verified.
    """
    texts = list(texts)
    if not texts:
        raise ValueError("the probe set is empty; give at least one text")
    reference = np.asarray(pipeline.predict_proba(texts), dtype=np.float64)
    result = {"verified": False, "probe_size": len(texts), "tolerance": TOLERANCE}
    try:
        served = np.asarray(fast(texts), dtype=np.float64)
    except Exception as exc:  # a fast path that breaks on some text is one that cannot serve this model
        return {**result, "reason": f"the fast path fails on the probe texts ({type(exc).__name__}: {exc})"}
    if served.shape != reference.shape or not np.isfinite(served).all():
        return {**result, "reason": f"the fast path gives {served.shape} probabilities, not all finite, "
                                    f"where the pipeline gives {reference.shape}"}
    gap = np.abs(served - reference).max(axis=1)
    result["max_difference"] = float(gap.max())
    called = _called(reference, pipeline, manifest), _called(served, pipeline, manifest)
    wrong = np.flatnonzero(called[0] != called[1])
    if result["max_difference"] > TOLERANCE:
        worst = int(gap.argmax())
        return {**result, "reason": f"the fast path's probabilities differ from the pipeline's by up to "
                                    f"{result['max_difference']:.3g} (tolerance {TOLERANCE:g}) on {int((gap > TOLERANCE).sum())} "
                                    f"of {len(texts)} probe texts, most on {_shown(texts[worst])}"}
    if len(wrong):
        return {**result, "reason": f"the fast path calls another label than the pipeline on {len(wrong)} of "
                                    f"{len(texts)} probe texts, first on {_shown(texts[int(wrong[0])])}"}
    return {**result, "verified": True}


def _called(proba: np.ndarray, pipeline: Pipeline, manifest: dict | None) -> np.ndarray:
    """The label called for each row (as an index into ``pipeline.classes_``), by the manifest's decision rule."""
    from socialviews.model.decision import Decision

    classes = [str(c) for c in pipeline.classes_]
    manifest = manifest or {}
    labels = manifest.get("labels")
    stored = manifest.get("decision")
    if not isinstance(stored, dict) or not isinstance(labels, list) or sorted(labels) != sorted(classes):
        return proba.argmax(axis=1)
    try:
        rule = Decision.from_dict(stored)
    except (KeyError, TypeError, ValueError):
        return proba.argmax(axis=1)
    if list(rule.labels) != labels:
        return proba.argmax(axis=1)
    order = np.array([classes.index(label) for label in labels])
    return order[rule.decide(rule.calibrate(proba[:, order]))]


def _shown(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 3] + "...")
