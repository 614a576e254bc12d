"""The normalisation step of a model pipeline; the functions live in :mod:`socialviews.text.normalise`.

That module does not import scikit-learn, so that classifying (which scores with plain arrays,
see :mod:`socialviews.model.scorer`) starts quickly; this one holds the pipeline step.
"""

from __future__ import annotations

from collections.abc import Iterable

from sklearn.base import BaseEstimator, TransformerMixin

from socialviews.core.config import CHAT_HASHTAGS
from socialviews.text.normalise import (
    ANSWER_TOKEN,
    QUESTION_TOKEN,
    URL_TOKEN,
    USER_TOKEN,
    normalise_texts,
    normalise_tweet,
)

__all__ = ["ANSWER_TOKEN", "QUESTION_TOKEN", "URL_TOKEN", "USER_TOKEN", "TweetNormaliser", "normalise_texts",
           "normalise_tweet"]


class TweetNormaliser(TransformerMixin, BaseEstimator):
    """Pipeline step that applies :func:`normalise_tweet` to every text.

    Parameters
    ----------
    chat_hashtags : tuple of str
        Chat hashtags to drop (see :func:`normalise_tweet`).
    """

    def __init__(self, chat_hashtags: tuple[str, ...] = CHAT_HASHTAGS) -> None:
        self.chat_hashtags = chat_hashtags

    def fit(self, X: Iterable[str], y: object = None) -> TweetNormaliser:
        """Nothing to learn; returns self."""
        self.n_features_in_ = 1
        return self

    def transform(self, X: Iterable[str]) -> list[str]:
        """Normalise every text of ``X``."""
        return normalise_texts(list(X), self.chat_hashtags)
