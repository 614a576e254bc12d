"""A fitted model as plain arrays, so that classifying never loads scikit-learn.

Importing scikit-learn takes one to two seconds, and every worker process of ``classify --jobs``
would pay it again. Beside the pickled pipeline, the store keeps ``scorer.npz``: the two
vocabularies with their idf weights, the logistic regression's coefficients, and the settings of
the normaliser. :class:`Scorer` computes the same features (with
:class:`~socialviews.fastfeatures.FastFeatures`) and the same probabilities (the softmax of the
linear decision, as ``LogisticRegression.predict_proba`` computes it for three or more classes),
from numpy, scipy.sparse and :mod:`socialviews.textnorm` alone. The file holds no pickle.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from socialviews.fastfeatures import FastFeatures, VectorSpec

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
        self.classes_ = [str(c) for c in arrays["classes"]]
        self.chat_hashtags = tuple(str(t) for t in arrays["chat_hashtags"])
        self.coef_T = np.ascontiguousarray(arrays["coef"].T)
        self.intercept = arrays["intercept"]
        self.word_terms = arrays["word_terms"]
        self._fast = FastFeatures(word=self._spec("word"), char=self._spec("char"))

    def _spec(self, kind: str) -> VectorSpec:
        terms = self.arrays[f"{kind}_terms"].tolist()
        return VectorSpec(
            dict(zip(terms, range(len(terms)))),
            self.arrays[f"{kind}_idf"],
            bool(self.arrays[f"{kind}_sublinear"]),
            tuple(int(n) for n in self.arrays[f"{kind}_ngrams"]),
            str(self.arrays["token_pattern"]) if kind == "word" else "",
        )

    @staticmethod
    def supports(pipeline: "Pipeline") -> bool:
        """True for a fitted pipeline this class can stand in for (word + char_wb TF-IDF, 3+ classes)."""
        classify = pipeline.named_steps.get("classify")
        return (
            FastFeatures.supports(pipeline)
            and type(classify).__name__ == "LogisticRegression"
            and len(getattr(classify, "classes_", [])) >= 3
        )

    @classmethod
    def from_pipeline(cls, pipeline: "Pipeline") -> "Scorer":
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
            arrays[f"{kind}_terms"] = np.array(terms)
            arrays[f"{kind}_idf"] = vectorizer.idf_
            arrays[f"{kind}_sublinear"] = np.array(bool(vectorizer.sublinear_tf))
            arrays[f"{kind}_ngrams"] = np.array(vectorizer.ngram_range)
        return cls(arrays)

    def save(self, file) -> None:
        """Write the arrays to ``file`` (a path or a binary file; ``.npz``, no pickled objects)."""
        np.savez_compressed(file, **self.arrays)

    @classmethod
    def load(cls, path: str | Path) -> "Scorer":
        """Read a scorer written by :meth:`save`."""
        with np.load(path, allow_pickle=False) as data:
            return cls({name: data[name] for name in data.files})

    def features(self, texts: list[str]):
        """The feature matrix of raw ``texts`` (normalised first), as the pipeline's features step gives it."""
        from socialviews.textnorm import normalise_texts

        return self._fast.transform(normalise_texts(texts, self.chat_hashtags))

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities in the order of :attr:`classes_`."""
        decision = np.asarray(X @ self.coef_T) + self.intercept
        decision -= decision.max(axis=1).reshape(-1, 1)
        np.exp(decision, out=decision)
        decision /= decision.sum(axis=1).reshape(-1, 1)
        return decision
