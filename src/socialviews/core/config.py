"""Explicit configuration of a model, written into its manifest, and the defaults of the library's runs."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Hashtags of well-known L&D chats; any hashtag that ends in "chat" is treated as a chat tag too.
CHAT_HASHTAGS = ("ldinsight", "lrnchat", "chat2lrn", "ldchat", "guildchat", "edchat", "wolweek", "tlchat", "elearnchat")

# Defaults of the library's functions, which the command line's options refer to by name.
#: Records read and classified at a time (``classify --chunk-size``); bounds memory, not the output.
CHUNK_SIZE = 10_000
#: Unreadable records a classify run accepts before it fails (``--max-rejects``): a count or a percentage.
MAX_REJECTS = "10%"
#: Workers of the local Dask cluster when ``--jobs`` does not say.
DASK_WORKERS = 2
#: How much lower a retrained candidate's held-out macro-F1 may be and still be promoted (``--tolerance``).
RETRAIN_TOLERANCE = 0.005
#: Tweets in a labelling queue (``queue -n``) and how their uncertainty is measured (``--strategy``).
QUEUE_SIZE = 50
QUEUE_STRATEGY = "margin"
#: The labelling tool whose setup `labels config` prints when none is named.
LABEL_TOOL = "label-studio"
#: N-grams :meth:`~socialviews.model.model.Model.explain` shows each way (``explain --top``).
EXPLAIN_TOP = 8
#: What a labels import does when the annotators of one task disagree (``labels import --resolve``).
RESOLVE = "skip"
#: The environment variable naming the folder that holds the models and labels folders, and their names.
HOME_VARIABLE = "SOCIALVIEWS_HOME"
MODELS_FOLDER, LABELS_FOLDER = "models", "labelled"


def home_folder(name: str, given: str | Path | None = None) -> Path:
    """``given`` if given, else ``$SOCIALVIEWS_HOME/<name>``, else ``./<name>``.

    Examples
    --------
    >>> home_folder(MODELS_FOLDER, "elsewhere/models").as_posix()
    'elsewhere/models'
    """
    if given:
        return Path(given)
    home = os.environ.get(HOME_VARIABLE)
    return Path(home) / name if home else Path(name)


@dataclass(frozen=True)
class ModelConfig:
    """Everything that shapes a trained model.

    The defaults are the ones of the shipped default model.
    """

    seed: int = 13
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    #: The fewest training rows an n-gram must occur in to be a feature: an int counts rows, a float is a
    #: share of the rows (scikit-learn's ``min_df``). As shares, rare n-grams of a large corpus (mostly
    #: names and typos of real talk) drop out, while a small corpus keeps every cue word it has: the
    #: defaults come to 2 rows (words) and 3 (characters) at the default corpus's 46,000 rows and to 1
    #: under about 24,000 and 15,000 rows.
    word_min_df: int | float = 4.2e-5
    char_min_df: int | float = 6.5e-5
    C: float = 8.0
    max_iter: int = 3000
    chat_hashtags: tuple[str, ...] = CHAT_HASHTAGS
    #: Below this probability a prediction is flagged ``needs_review``: the calibrated chance that the
    #: call is wrong is over 30%. At 0.7 the development rows' out-of-fold predictions (real tweets,
    #: folds grouped by author) flag 13.5% of the tweets and catch 41% of the errors, with 43% of
    #: the flagged tweets wrong against 9.5% of the others; at 0.5, 4.6% flagged and 16% caught.
    review_confidence: float = 0.7
    #: Below this lead over the runner-up a prediction is flagged ``needs_review``.
    review_margin: float = 0.15
    cv_folds: int = 5
    #: Folds of the grouped cross-validation whose out-of-fold probabilities fit the decision rule (0: none).
    decision_folds: int = 5
    #: The largest share of no-view development rows the decision rule may give a view.
    max_false_view_rate: float = 0.05
    #: The lowest out-of-fold macro-F1 the decision rule may leave the other (written) rows.
    min_reference_macro_f1: float = 0.90
    #: Development rows for the decision rule: corpus rows whose ``source`` starts with this (all rows
    #: when fewer than 100 do).
    development_source: str = "real:"
    #: Training weight of the development rows (real tweets) against the other rows (written ones); 0.5
    #: keeps the written chats' out-of-fold macro-F1 furthest above its floor at the same development AUC.
    development_weight: float = 0.5
    #: Background rows: corpus rows whose ``source`` starts with this are real talk drawn at random and
    #: not read, presumed to hold no view; never development rows.
    background_source: str = "background:"
    #: Training weight of the background rows.
    background_weight: float = 0.4
    extra: dict = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        """The configuration as plain JSON-ready values."""
        data = asdict(self)
        data.pop("extra")
        return {key: list(value) if isinstance(value, tuple) else value for key, value in data.items()}

    @classmethod
    def from_dict(cls, data: dict) -> ModelConfig:
        """Rebuild a configuration from :meth:`to_dict` output, ignoring unknown keys."""
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known}
        return cls(**values)
