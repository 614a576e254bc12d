"""A trained model: the fitted pipeline plus its manifest, and what users do with it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from socialviews.core.config import EXPLAIN_TOP, ModelConfig
from socialviews.text.normalise import ANSWER_TOKEN, QUESTION_TOKEN, URL_TOKEN, USER_TOKEN

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import pandas as pd
    from sklearn.pipeline import Pipeline

    from socialviews.model.decision import Decision
    from socialviews.model.scorer import Scorer

PLACEHOLDERS = frozenset({URL_TOKEN, USER_TOKEN, QUESTION_TOKEN, ANSWER_TOKEN})
RESULT_COLUMNS = ("view", "confidence", "needs_review")
#: Texts scored at a time by :meth:`Model.score_texts`.
SCORE_BATCH = 2048


class Model:
    """A fitted pipeline with the manifest it was stored with.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        A pipeline built by :func:`socialviews.model.pipeline.build_pipeline` and fitted.
    manifest : dict
        At least ``labels`` (taxonomy order) and ``config``.
    path : Path, optional
        The model's folder in the store.
    scorer : Scorer, optional
        The same model as plain arrays; when given, scoring uses it and never loads scikit-learn.
    loader : callable, optional
        Loads the pipeline on first use, when ``pipeline`` is None.
    """

    def __init__(self, pipeline: Pipeline | None, manifest: dict, path: Path | None = None,
                 scorer: Scorer | None = None, loader: Callable[[], Pipeline] | None = None) -> None:
        self._pipeline = pipeline
        self._loader = loader
        self.scorer = scorer
        self.manifest = manifest
        self.path = path
        self.labels: list[str] = list(manifest["labels"])
        self.config = ModelConfig.from_dict(manifest.get("config", {}))
        classes = list(scorer.classes_ if scorer is not None else pipeline.classes_)
        if sorted(classes) != sorted(self.labels):
            raise ValueError(f"pipeline classes {classes} differ from manifest labels {self.labels}")
        self._order = [classes.index(label) for label in self.labels]
        self._content_columns = None
        self._fast = None
        self.decision = self._decision()

    def _decision(self) -> Decision:
        """The stored decision rule, in this model's label order (the identity for older manifests)."""
        from socialviews.model.decision import Decision

        stored = self.manifest.get("decision")
        if stored:
            rule = Decision.from_dict(stored)
            if list(rule.labels) == self.labels:
                return rule
        no_view = self.manifest.get("no_view_labels")
        if no_view is None:
            from socialviews.core.taxonomy import load_taxonomy

            no_view = [label for label in load_taxonomy().no_view_labels if label in self.labels]
        return Decision.identity(self.labels, no_view)

    @property
    def pipeline(self) -> Pipeline:
        """The fitted scikit-learn pipeline (loaded on first use when the model was opened for scoring only)."""
        if self._pipeline is None:
            self._pipeline = self._loader()
        return self._pipeline

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_fast"] = None  # a cache, rebuilt on first use
        return state

    @property
    def model_id(self) -> str:
        """The id of the model in its store ("" when it was never stored)."""
        return str(self.manifest.get("model_id", ""))

    def _content_mask(self) -> np.ndarray:
        """Boolean mask over the word features that are real words, not placeholders."""
        import numpy as np

        if self._content_columns is None:
            if self.scorer is not None:
                names = list(self.scorer.word_terms)
            else:
                names = self.pipeline.named_steps["features"].transformer_list[0][1].get_feature_names_out()
            self._content_columns = np.array([not set(name.split()) <= PLACEHOLDERS for name in names])
        return self._content_columns

    def features(self, texts: list[str]):
        """The sparse feature matrix of ``texts`` (normalisation and TF-IDF).

        Served by :class:`~socialviews.model.fastfeatures.FastFeatures` when the pipeline allows it: the
        same matrix as ``pipeline[:-1].transform(texts)``, several times faster. A model whose fast
        path failed the store's check (its manifest's ``fast_path``) is served by its pipeline.
        """
        from socialviews.model.fastfeatures import FastFeatures

        if self.scorer is not None:
            return self.scorer.features(texts)
        if self._fast is None:
            check = self.manifest.get("fast_path")
            refused = isinstance(check, dict) and check.get("verified") is False
            self._fast = FastFeatures(self.pipeline) if not refused and FastFeatures.supports(self.pipeline) else False
        if self._fast is False:
            return self.pipeline[:-1].transform(texts)
        return self._fast.transform(self.pipeline.named_steps["normalise"].transform(texts))

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Calibrated probabilities, one column per label in taxonomy order."""
        return self._proba(self.features(list(texts)))

    def raw_proba(self, texts: list[str]) -> np.ndarray:
        """The pipeline's own probabilities (before calibration), one column per label in taxonomy order."""
        return self._raw(self.features(list(texts)))

    def _raw(self, X) -> np.ndarray:
        if self.scorer is not None:
            return self.scorer.predict_proba(X)[:, self._order]
        return self.pipeline.named_steps["classify"].predict_proba(X)[:, self._order]

    def _proba(self, X) -> np.ndarray:
        return self.decision.calibrate(self._raw(X))

    def score_texts(self, texts: list[str]) -> dict[str, Any]:
        """Probabilities, predicted view, confidence and review flag for ``texts``.

        The view is decided by the model's :class:`~socialviews.model.decision.Decision`: the calibrated
        probabilities, and a view only where its probability reaches the view threshold; the
        confidence is the probability of the label called.

        Texts are scored ``SCORE_BATCH`` at a time, which bounds the memory the feature matrices
        take; the result does not depend on it.
        """
        import numpy as np

        texts = ["" if t is None else str(t) for t in texts]
        probas, knowns = [], []
        content = self._content_mask()
        hits = None
        for start in range(0, max(len(texts), 1), SCORE_BATCH):
            X = self.features(texts[start : start + SCORE_BATCH])
            probas.append(self._proba(X))
            if hits is None:  # True for the columns of real words
                hits = np.zeros(X.shape[1], dtype=bool)
                hits[: len(content)] = content
            found = np.zeros(X.nnz + 1, dtype=np.int64)  # real words up to each entry: a row knows one when it grows
            np.cumsum(hits[X.indices], out=found[1:])
            knowns.append(found[X.indptr[1:]] > found[X.indptr[:-1]])
        proba = np.concatenate(probas)
        known = np.concatenate(knowns)
        best = self.decision.decide(proba)
        rows = np.arange(len(proba))
        confidence = proba[rows, best]
        ordered = np.sort(proba, axis=1)
        runner_up = np.where(ordered[:, -1] > confidence, ordered[:, -1], ordered[:, -2])
        margin = confidence - runner_up
        needs_review = (confidence < self.config.review_confidence) | (margin < self.config.review_margin) | ~known
        labels = np.array(self.labels, dtype=object)
        return {"proba": proba, "view": labels[best], "confidence": confidence, "needs_review": needs_review}

    def classify(self, tweets: pd.DataFrame, text_column: str = "text", scored: dict | None = None) -> pd.DataFrame:
        """Add ``view``, ``confidence``, ``needs_review`` and one ``p_<label>`` column per label.

        The new columns stand after the normalised tweet columns and before any extra input columns.

        Parameters
        ----------
        tweets : pandas.DataFrame
            As returned by :func:`socialviews.read_chat`, or any frame with a text column. With a
            ``qa`` column, a tweet the chat takes as an answer is read with an answer's marker
            (:func:`socialviews.readers.base.model_text`).
        text_column : str
            The column to classify.
        scored : dict, optional
            The result of :meth:`score_texts` for these texts, when it was computed elsewhere
            (in a worker process, say).
        """
        import pandas as pd

        if text_column not in tweets.columns:
            raise KeyError(f"no column {text_column!r}; the columns are {list(tweets.columns)}")
        if scored is None:
            texts = tweets[text_column].tolist()
            if "qa" in tweets.columns:  # answers marked like questions (Q3) ...) are read as answers
                from socialviews.chat.markers import model_text

                texts = [model_text(t, q) if isinstance(t, str) and isinstance(q, str) else t
                         for t, q in zip(texts, tweets["qa"].tolist())]
            scored = self.score_texts(texts)
        added = pd.DataFrame(
            {"view": scored["view"], "confidence": scored["confidence"], "needs_review": scored["needs_review"]},
            index=tweets.index,
        )
        for i, label in enumerate(self.labels):
            added[f"p_{label}"] = scored["proba"][:, i]
        added["view"] = added["view"].astype(object)
        head, rest, renames = self.result_layout(list(tweets.columns), text_column)
        extras = tweets[rest].rename(columns=renames)
        return pd.concat([tweets[head], added, extras], axis=1)

    def result_columns(self) -> list[str]:
        """The columns :meth:`classify` adds, in order: ``view``, ``confidence``, ``needs_review``, ``p_<label>``..."""
        return [*RESULT_COLUMNS, *(f"p_{label}" for label in self.labels)]

    def result_layout(self, columns: list[str], text_column: str = "text") -> tuple[list[str], list[str], dict[str, str]]:
        """Where :meth:`classify` puts the input ``columns``: those before the results, those after, and renames.

        The tweet columns (and ``text_column``) come first, then the results, then every other
        column, an input column named like a result column (an earlier view, say) kept as
        ``input_<name>`` (``input_input_<name>`` when that is taken too: the output of an output of classify).
        """
        from socialviews.core.columns import TWEET_COLUMNS

        head = [c for c in TWEET_COLUMNS if c in columns]
        if text_column not in head:
            head.append(text_column)
        rest = [c for c in columns if c not in head]
        added = self.result_columns()
        taken = set(head) | set(added) | set(rest)
        renames = {}
        for column in rest:
            if column in added:
                name = f"input_{column}"
                while name in taken:
                    name = f"input_{name}"
                taken.add(name)
                renames[column] = name
        return head, rest, renames

    def classify_columns(self, table: dict[str, list], scored: dict) -> tuple[list[str], list[list]]:
        """:meth:`classify` of a table of plain lists (column name -> values) already scored, without pandas.

        Returns the output's column names and its columns, as lists: the same cells, in the same
        places, as ``classify(DataFrame(table), scored=scored)``.
        """
        head, rest, renames = self.result_layout(list(table))
        proba = scored["proba"]
        results = [scored["view"].tolist(), scored["confidence"].tolist(), scored["needs_review"].tolist(),
                   *(proba[:, i].tolist() for i in range(len(self.labels)))]
        names = [*head, *self.result_columns(), *(renames.get(c, c) for c in rest)]
        return names, [*(table[c] for c in head), *results, *(table[c] for c in rest)]

    def explain(self, text: str, top: int = EXPLAIN_TOP) -> dict[str, Any]:
        """Why the model decided as it did for one text.

        Returns
        -------
        dict
            ``view``, ``confidence``, ``probabilities`` (label -> p), ``normalised`` text, and
            ``pushed_for`` / ``pushed_against``: the word n-grams with the largest positive and negative
            contribution (tf-idf weight x coefficient) to the predicted view, and ``char_ngrams_for``,
            the character n-grams that pushed most towards it.
        """
        import numpy as np

        scored = self.score_texts([text])
        view = str(scored["view"][0])
        X = self.features([text]).tocsr()
        clf = self.pipeline.named_steps["classify"]
        classes = list(clf.classes_)
        coef = clf.coef_
        if coef.shape[0] == 1:  # binary: one row, for classes_[1]
            row = coef[0] if classes.index(view) == 1 else -coef[0]
        else:
            row = coef[classes.index(view)]
        names = self.pipeline.named_steps["features"].get_feature_names_out()
        cols = X.indices
        contrib = X.data * row[cols]
        order = np.argsort(contrib)

        def pick(prefix: str, ranked, sign: int) -> list[tuple[str, float]]:
            out = []
            for i in ranked:
                name = str(names[cols[i]])
                if name.startswith(prefix) and sign * contrib[i] > 0:
                    out.append((name[len(prefix):], float(contrib[i])))
                if len(out) == top:
                    break
            return out

        return {
            "text": text,
            "normalised": self.pipeline.named_steps["normalise"].transform([text])[0],
            "view": view,
            "confidence": float(scored["confidence"][0]),
            "needs_review": bool(scored["needs_review"][0]),
            "probabilities": {label: float(p) for label, p in zip(self.labels, scored["proba"][0])},
            "pushed_for": pick("word__", order[::-1], 1),
            "pushed_against": pick("word__", order, -1),
            "char_ngrams_for": pick("char__", order[::-1], 1),
        }
