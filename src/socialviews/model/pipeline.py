"""The model pipeline: normalisation, word and character TF-IDF, logistic regression."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from socialviews.core.config import ModelConfig
from socialviews.model.normaliser import TweetNormaliser

#: Words are runs of letters and digits; no stop-word list, because the cue words of the
#: views ("with", "others", "together", "all", "not") are exactly what such lists delete.
TOKEN_PATTERN = r"(?u)\b\w+\b"


def build_pipeline(config: ModelConfig | None = None) -> Pipeline:
    """Build an unfitted pipeline for ``config``.

    Parameters
    ----------
    config : ModelConfig, optional
        Defaults to :class:`ModelConfig()`.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Steps ``normalise``, ``features`` (a union of ``word`` and ``char``) and ``classify``.
    """
    config = config or ModelConfig()
    word = TfidfVectorizer(
        token_pattern=TOKEN_PATTERN,
        ngram_range=tuple(config.word_ngrams),
        min_df=config.word_min_df,
        sublinear_tf=True,
        lowercase=False,
        dtype=np.float64,
    )
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=tuple(config.char_ngrams),
        min_df=config.char_min_df,
        sublinear_tf=True,
        lowercase=False,
        dtype=np.float64,
    )
    classifier = LogisticRegression(
        C=config.C,
        class_weight="balanced",
        max_iter=config.max_iter,
        random_state=config.seed,
    )
    return Pipeline(
        [
            ("normalise", TweetNormaliser(chat_hashtags=tuple(config.chat_hashtags))),
            ("features", FeatureUnion([("word", word), ("char", char)])),
            ("classify", classifier),
        ]
    )
