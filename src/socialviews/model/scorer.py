"""A fitted model as plain arrays, so that classifying never loads scikit-learn.

Importing scikit-learn takes one to two seconds, and every worker process of ``classify --jobs``
would pay it again. Beside the pickled pipeline, the store keeps ``scorer.npz``: the two
vocabularies with their idf weights, the logistic regression's coefficients, and the settings of
the normaliser. :class:`Scorer` computes the same features (with
:class:`~socialviews.model.fastfeatures.FastFeatures`) and the same probabilities (the softmax of the
linear decision, as ``LogisticRegression.predict_proba`` computes it for three or more classes),
from numpy, scipy.sparse and :mod:`socialviews.text.normalise` alone. The file holds no pickle.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from socialviews.model.fastfeatures import FastFeatures, VectorSpec

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

SCORER_FILE = "scorer.npz"


class Scorer:
    """Features and probabilities of a fitted socialviews pipeline, from plain arrays.

    Parameters
    ----------
    arrays : dict of str to numpy.ndarray
        As written by :meth:`save` (see :meth:`from_pipeline`).
    """

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.arrays = arrays
        self.terms = {kind: _terms(arrays, kind) for kind in ("word", "char")}
        _check(arrays, self.terms)
        self.classes_ = [str(c) for c in arrays["classes"]]
        self.chat_hashtags = tuple(str(t) for t in arrays["chat_hashtags"])
        self.coef_T = np.ascontiguousarray(arrays["coef"].T)
        self.intercept = arrays["intercept"]
        self.word_terms = self.terms["word"]
        self._fast = FastFeatures(word=self._spec("word"), char=self._spec("char"))

    def _spec(self, kind: str) -> VectorSpec:
        terms = self.terms[kind]
        return VectorSpec(
            dict(zip(terms, range(len(terms)))),
            self.arrays[f"{kind}_idf"],
            bool(self.arrays[f"{kind}_sublinear"]),
            tuple(int(n) for n in self.arrays[f"{kind}_ngrams"]),
            str(self.arrays["token_pattern"]) if kind == "word" else "",
        )

    @staticmethod
    def supports(pipeline: Pipeline) -> bool:
        """True for a fitted pipeline this class can stand in for (word + char_wb TF-IDF, 3+ classes)."""
        classify = pipeline.named_steps.get("classify")
        return (
            FastFeatures.supports(pipeline)
            and type(classify).__name__ == "LogisticRegression"
            and len(getattr(classify, "classes_", [])) >= 3
        )

    @classmethod
    def from_pipeline(cls, pipeline: Pipeline) -> Scorer:
        """The arrays of a fitted pipeline (see :meth:`supports`)."""
        if not cls.supports(pipeline):
            raise ValueError("only a word + char_wb TF-IDF and a LogisticRegression of 3+ classes can be exported")
        (_, word), (_, char) = pipeline.named_steps["features"].transformer_list
        classify = pipeline.named_steps["classify"]
        arrays = {
            "classes": np.array([str(c) for c in classify.classes_]),
            "coef": classify.coef_,
            "intercept": classify.intercept_,
            "chat_hashtags": np.array(list(pipeline.named_steps["normalise"].chat_hashtags), dtype=str),
            "token_pattern": np.array(word.token_pattern),
        }
        for kind, vectorizer in (("word", word), ("char", char)):
            terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
            arrays.update(_packed(terms, kind))
            arrays[f"{kind}_idf"] = vectorizer.idf_
            arrays[f"{kind}_sublinear"] = np.array(bool(vectorizer.sublinear_tf))
            arrays[f"{kind}_ngrams"] = np.array(vectorizer.ngram_range)
        return cls(arrays)

    def save(self, file) -> None:
        """Write the arrays to ``file`` (a path or a binary file; ``.npz``, no pickled objects)."""
        np.savez_compressed(file, **self.arrays)

    @classmethod
    def load(cls, path: str | Path) -> Scorer:
        """Read a scorer written by :meth:`save`; ValueError when its arrays do not fit together."""
        with np.load(path, allow_pickle=False) as data:
            return cls({name: data[name] for name in data.files})

    def features(self, texts: list[str]):
        """The feature matrix of raw ``texts`` (normalised first), as the pipeline's features step gives it."""
        from socialviews.text.normalise import normalise_words

        return self._fast.transform_words(normalise_words(texts, self.chat_hashtags))

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities in the order of :attr:`classes_`."""
        decision = np.asarray(X @ self.coef_T) + self.intercept
        decision -= decision.max(axis=1).reshape(-1, 1)
        np.exp(decision, out=decision)
        decision /= decision.sum(axis=1).reshape(-1, 1)
        return decision


def _packed(terms: list[str], kind: str) -> dict[str, np.ndarray]:
    """A vocabulary as one UTF-8 blob and the offsets of its terms: memory in proportion to the
    text, whatever the longest term (a fixed-width string array would take 4 bytes x terms x the
    longest term, gigabytes for one long token)."""
    encoded = [term.encode("utf-8", "surrogatepass") for term in terms]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return {f"{kind}_terms_utf8": np.frombuffer(b"".join(encoded), dtype=np.uint8),
            f"{kind}_terms_offsets": offsets}


def _terms(arrays: dict[str, np.ndarray], kind: str) -> list[str]:
    """The vocabulary of ``kind`` as a list; from the packed arrays, or from a fixed-width array (older files)."""
    if f"{kind}_terms_utf8" in arrays:
        blob = arrays[f"{kind}_terms_utf8"].tobytes()
        offsets = arrays[f"{kind}_terms_offsets"]
        if (offsets.ndim != 1 or len(offsets) == 0 or offsets[0] != 0 or offsets[-1] != len(blob)
                or (np.diff(offsets) < 0).any()):
            raise ValueError(f"the {kind} vocabulary offsets do not fit its text")
        bounds = offsets.tolist()
        return [blob[a:b].decode("utf-8", "surrogatepass") for a, b in zip(bounds, bounds[1:])]
    return [str(term) for term in arrays[f"{kind}_terms"].tolist()]


def _check(arrays: dict[str, np.ndarray], terms: dict[str, list[str]]) -> None:
    """ValueError unless the arrays describe one model: shapes that fit, sane settings."""
    classes, coef, intercept = arrays["classes"], arrays["coef"], arrays["intercept"]
    width = len(terms["word"]) + len(terms["char"])
    if classes.ndim != 1 or len(classes) < 3 or coef.shape != (len(classes), width) or intercept.shape != (len(classes),):
        raise ValueError(f"coefficients of shape {coef.shape} do not fit {len(classes)} classes and {width} features")
    for kind in ("word", "char"):
        idf, ngrams = arrays[f"{kind}_idf"], arrays[f"{kind}_ngrams"]
        if idf.shape != (len(terms[kind]),):
            raise ValueError(f"{kind} idf weights do not fit the {kind} vocabulary")
        if ngrams.shape != (2,) or not 1 <= int(ngrams[0]) <= int(ngrams[1]) <= 10:
            raise ValueError(f"{kind} n-gram range {ngrams.tolist()} is not sane")
    for name in ("coef", "intercept", "word_idf", "char_idf"):
        if arrays[name].dtype.kind != "f" or not np.isfinite(arrays[name]).all():
            raise ValueError(f"{name} holds values that are not finite numbers")
