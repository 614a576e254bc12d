"""Training: fit the pipeline on the corpus, cross-validate it, store it with its manifest."""

from __future__ import annotations

import logging
import platform
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.config import ModelConfig
from socialviews.corpus import corpus_fingerprint, load_corpus
from socialviews.metrics import score
from socialviews.pipeline import build_pipeline
from socialviews.store import ModelStore, load_model  # noqa: F401 - load_model is part of this module's API
from socialviews.taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:
    import pandas as pd
    from sklearn.pipeline import Pipeline

log = logging.getLogger(__name__)


def library_versions() -> dict[str, str]:
    """Versions of the libraries a stored model depends on."""
    import joblib
    import numpy
    import pandas
    import scipy
    import sklearn

    from socialviews import __version__

    return {
        "socialviews": __version__,
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "pandas": pandas.__version__,
        "joblib": joblib.__version__,
    }


def fit_pipeline(texts: list[str], labels: list[str], config: ModelConfig) -> tuple["Pipeline", list[str]]:
    """Fit a fresh pipeline; return it and the text of any warnings raised while fitting."""
    from sklearn.exceptions import ConvergenceWarning

    pipeline = build_pipeline(config)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        pipeline.fit(texts, labels)
    messages = [f"{w.category.__name__}: {w.message}" for w in caught if issubclass(w.category, ConvergenceWarning)]
    for message in messages:
        log.warning("while training: %s", message)
    return pipeline, messages


def cross_validate(
    corpus: "pd.DataFrame", taxonomy: Taxonomy, config: ModelConfig, folds: int, group_by: str | None = None
) -> dict:
    """K-fold cross-validated scores, stratified by label and, with ``group_by``, grouped by that column.

    With groups, no group's rows sit on both sides of a split (StratifiedGroupKFold).
    """
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    from socialviews.errors import SocialViewsError

    most = len(corpus) if not group_by else corpus[group_by].nunique()
    if not 2 <= folds <= most:
        what = f"{most} distinct {group_by} values" if group_by else f"{most} rows"
        raise SocialViewsError(f"--cv {folds}: cross-validation needs 2 to {most} folds (the corpus has {what})",
                               exit_code=2)
    texts = corpus["text"].tolist()
    gold = corpus["label"].to_numpy()
    predicted = gold.copy()
    if group_by:
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=config.seed)
        splits = splitter.split(texts, gold, groups=corpus[group_by].to_numpy())
    else:
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=config.seed)
        splits = splitter.split(texts, gold)
    for k, (train_idx, test_idx) in enumerate(splits, start=1):
        log.info("cross-validation fold %d/%d", k, folds)
        pipeline, _ = fit_pipeline([texts[i] for i in train_idx], gold[train_idx].tolist(), config)
        predicted[test_idx] = pipeline.predict([texts[i] for i in test_idx])
    result = score(gold, predicted, taxonomy.labels)
    result.update({"folds": folds, "group_by": group_by})
    return result


def train(
    corpus: list[str | Path] | None = None,
    *,
    taxonomy: str | Path | None = None,
    config: ModelConfig | None = None,
    models_dir: str | Path | None = None,
    make_current: bool = True,
    cv_folds: int | None = None,
    eval_file: str | Path | None = None,
) -> dict:
    """Train a model on the corpus, evaluate it and store it.

    Parameters
    ----------
    corpus : list of paths, optional
        Labelled CSV files or folders; the corpus that ships with the package by default.
    taxonomy : path, optional
        A ``views.toml``; the shipped one by default.
    config : ModelConfig, optional
    models_dir : path, optional
        The model store (see :func:`socialviews.store.default_models_dir`).
    make_current : bool
        Point the store at the new model.
    cv_folds : int, optional
        Folds of stratified cross-validation recorded in the manifest (0 skips it);
        ``config.cv_folds`` by default.
    eval_file : path, optional
        Labelled held-out tweets to score the new model on; the scores go into the manifest.

    Returns
    -------
    dict
        ``model_id``, ``path``, ``training`` counts, ``cv_metrics`` and ``eval_metrics``.
    """
    config = config or ModelConfig()
    tax = load_taxonomy(taxonomy)
    frame = load_corpus(corpus, tax)
    folds = config.cv_folds if cv_folds is None else cv_folds
    counts = frame["label"].value_counts()
    missing = [label for label in tax.labels if label not in counts.index]
    if missing:
        from socialviews.errors import SocialViewsError

        raise SocialViewsError(f"the corpus has no rows labelled {', '.join(missing)}; label some or drop them from the taxonomy")
    log.info("training on %d labelled rows", len(frame))
    pipeline, fit_warnings = fit_pipeline(frame["text"].tolist(), frame["label"].tolist(), config)
    cv_metrics = None
    if folds and folds > 1:
        if int(counts.min()) < 2:
            log.warning("cross-validation skipped: label %r has only %d row(s); it needs 2 or more",
                        counts.idxmin(), int(counts.min()))
        else:
            cv_metrics = cross_validate(frame, tax, config, min(folds, int(counts.min())))
    manifest = {
        "labels": tax.labels,
        "taxonomy": {v.label: v.name for v in tax.views},
        "config": config.to_dict(),
        "versions": library_versions(),
        "corpus": corpus_fingerprint(corpus),
        "training": {"rows": int(len(frame)), "per_label": {label: int(counts.get(label, 0)) for label in tax.labels}},
        "cv_metrics": cv_metrics,
        "warnings": fit_warnings,
        "created_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if eval_file is not None:
        from socialviews.model import Model
        from socialviews.corpus import read_labelled

        held_out = read_labelled(eval_file, tax)
        predicted = Model(pipeline, manifest).score_texts(held_out["text"].tolist())["view"]
        manifest["eval_metrics"] = {**score(held_out["label"], predicted, tax.labels), "file": str(eval_file)}
    store = ModelStore(models_dir)
    model_id = store.save(pipeline, manifest, make_current=make_current)
    return {
        "model_id": model_id,
        "path": str(store.root / model_id),
        "current": make_current,
        "training": manifest["training"],
        "cv_metrics": cv_metrics,
        "eval_metrics": manifest.get("eval_metrics"),
        "warnings": fit_warnings,
    }
