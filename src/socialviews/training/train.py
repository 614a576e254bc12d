"""Training: fit the pipeline on the corpus, cross-validate it, store it with its manifest."""

from __future__ import annotations

import logging
import platform
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.core.config import ModelConfig
from socialviews.core.taxonomy import Taxonomy, load_taxonomy
from socialviews.core.words import counted
from socialviews.model.metrics import score
from socialviews.model.pipeline import build_pipeline
from socialviews.model.store import ModelStore
from socialviews.training.corpus import corpus_fingerprint, load_corpus, row_groups

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
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


def _rows_from(corpus: pd.DataFrame, prefix: str) -> np.ndarray:
    """Boolean mask of the corpus rows whose ``source`` starts with ``prefix`` (none for an empty prefix)."""
    import numpy as np

    if not prefix or "source" not in corpus.columns:
        return np.zeros(len(corpus), dtype=bool)
    return corpus["source"].astype(str).str.startswith(prefix).to_numpy()


def development_rows(corpus: pd.DataFrame, config: ModelConfig) -> np.ndarray:
    """Boolean mask of the corpus rows whose ``source`` starts with ``config.development_source``."""
    return _rows_from(corpus, config.development_source)


def background_rows(corpus: pd.DataFrame, config: ModelConfig) -> np.ndarray:
    """Boolean mask of the corpus rows whose ``source`` starts with ``config.background_source``."""
    return _rows_from(corpus, config.background_source)


def row_weights(corpus: pd.DataFrame, config: ModelConfig) -> np.ndarray | None:
    """Training weight of each corpus row, or None when all weigh 1.

    Development rows weigh ``config.development_weight``, background rows ``config.background_weight``.
    """
    import numpy as np

    weights = np.ones(len(corpus))
    weights[development_rows(corpus, config)] = config.development_weight
    weights[background_rows(corpus, config)] = config.background_weight
    return None if (weights == 1.0).all() else weights


def fit_pipeline(
    texts: list[str], labels: list[str], config: ModelConfig, weights: Sequence[float] | None = None
) -> tuple[Pipeline, list[str]]:
    """Fit a fresh pipeline (rows weighted by ``weights``); return it and any warnings raised while fitting."""
    from sklearn.exceptions import ConvergenceWarning

    pipeline = build_pipeline(config)
    fit_params = {} if weights is None else {"classify__sample_weight": list(weights)}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        pipeline.fit(texts, labels, **fit_params)
    messages = [f"{w.category.__name__}: {w.message}" for w in caught if issubclass(w.category, ConvergenceWarning)]
    for message in messages:
        log.warning("while training: %s", message)
    return pipeline, messages


def _fold_proba(train_texts, train_labels, weights, test_texts, labels, config) -> np.ndarray:
    """Fit on one fold's training rows; the probabilities of its test rows, columns in ``labels`` order."""
    import numpy as np

    pipeline, _ = fit_pipeline(train_texts, train_labels, config, weights)
    classes = list(pipeline.classes_)
    fold = pipeline.predict_proba(test_texts)
    proba = np.zeros((len(test_texts), len(labels)))
    for j, label in enumerate(labels):
        if label in classes:
            proba[:, j] = fold[:, classes.index(label)]
    return proba


def _parallel(function, calls: list[tuple], what: str) -> list:
    """``function(*args)`` for every tuple of ``calls``, in as many processes as there are cores (at most one per call)."""
    import os

    from joblib import Parallel, delayed

    jobs = max(1, min(len(calls), os.cpu_count() or 1))
    log.info("%s in %s", counted(len(calls), what), counted(jobs, "process"))
    if jobs == 1:
        outputs = (function(*args) for args in calls)
    else:  # in order, each as soon as it and those before it are done
        outputs = Parallel(n_jobs=jobs, return_as="generator")(delayed(function)(*args) for args in calls)
    results = []
    for done, output in enumerate(outputs, 1):
        results.append(output)
        log.info("%s %d of %d done", what, done, len(calls))
    return results


def out_of_fold_proba(
    corpus: pd.DataFrame, labels: list[str], config: ModelConfig, folds: int, groups: np.ndarray | None = None
) -> np.ndarray:
    """Probabilities of every corpus row from a model that never saw its fold (columns in ``labels`` order).

    Folds are stratified by label and, with ``groups`` (one per row, see
    :func:`~socialviews.training.corpus.row_groups`), grouped so that no group (author) sits on both
    sides of a split.
    """
    import numpy as np
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    texts = corpus["text"].tolist()
    gold = corpus["label"].to_numpy()
    weights = row_weights(corpus, config)
    proba = np.zeros((len(corpus), len(labels)))
    if groups is not None:
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=config.seed)
        splits = splitter.split(texts, gold, groups=groups)
    else:
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=config.seed)
        splits = splitter.split(texts, gold)
    splits = list(splits)
    fold_probas = _parallel(
        _fold_proba,
        [([texts[i] for i in train_idx], gold[train_idx].tolist(), None if weights is None else weights[train_idx],
          [texts[i] for i in test_idx], labels, config) for train_idx, test_idx in splits],
        what="cross-validation fold",
    )
    for (_, test_idx), fold in zip(splits, fold_probas):
        proba[test_idx] = fold
    return proba


def fit_decision_rule(
    corpus: pd.DataFrame, taxonomy: Taxonomy, config: ModelConfig, folds: int | None = None
) -> tuple[dict, dict | None, dict | None]:
    """Fit the decision rule (:mod:`socialviews.model.decision`) on out-of-fold predictions of development rows.

    The out-of-fold probabilities come from ``config.decision_folds`` folds grouped by author; the
    development rows are those whose ``source`` starts with ``config.development_source`` (all rows
    but the background when fewer than 100 do); the written rows are the reference. Background rows
    (``config.background_source``) train every fold but are never scored. Returns the manifest's
    ``decision`` entry and the cross-validated scores of the corpus without and with that rule (None
    when the rule could not be fitted).
    """
    import numpy as np

    from socialviews.model.decision import Decision, fit_decision

    labels, no_view = taxonomy.labels, taxonomy.no_view_labels
    counts = corpus["label"].value_counts()
    folds = min(folds or config.decision_folds, int(counts.min()))
    if folds < 2 or not no_view:
        reason = "no no-view label in the taxonomy" if not no_view else "too few rows per label for cross-validation"
        log.warning("decision rule not fitted (%s): the most probable label is called", reason)
        return {**Decision.identity(labels, no_view).to_dict(), "fitted_on": None, "reason": reason}, None, None
    groups, column = row_groups(corpus)
    proba = out_of_fold_proba(corpus, labels, config, folds, groups)
    background = background_rows(corpus, config)
    dev = development_rows(corpus, config)
    if dev.sum() < 100:
        dev = ~background
    rule, dev_scores = fit_decision(proba, corpus["label"].to_numpy(), labels, no_view, config.max_false_view_rate,
                                    dev, config.min_reference_macro_f1, reference=~dev & ~background)
    rate = dev_scores["false_view_rate"]
    log.info("decision rule: temperature %.2f, view threshold %.2f (development false-view rate %s)",
             rule.temperature, rule.view_threshold, "n/a" if rate is None else f"{rate:.4f}")
    names = np.array(labels, dtype=object)
    read = ~background  # background rows were never read: their labels are presumed, not scored
    gold = corpus["label"].to_numpy()[read]
    raw = score(gold, names[proba[read].argmax(axis=1)], labels, no_view)
    raw.update({"folds": folds, "group_by": column, "decision": "most probable label"})
    decided = score(gold, names[rule.decide(rule.calibrate(proba[read]))], labels, no_view)
    decided.update({"folds": folds, "group_by": column, "decision": "calibrated, view threshold"})
    entry = {**rule.to_dict(), "fitted_on": {"rows": int(dev.sum()), "folds": folds, "group_by": column,
                                           "development_source": config.development_source, **dev_scores}}
    return entry, raw, decided


def cross_validate(
    corpus: pd.DataFrame, taxonomy: Taxonomy, config: ModelConfig, folds: int, group_by: str | None = None
) -> dict:
    """K-fold cross-validated scores, stratified by label and, with ``group_by`` (``"author"`` or
    ``"chat"``), grouped by each row's author or chat (:func:`~socialviews.training.corpus.row_groups`).

    With groups, no group's rows sit on both sides of a split (StratifiedGroupKFold). Each row is
    called its most probable label by the model of the folds it was left out of; background rows
    train the folds but are not scored.
    """
    import numpy as np

    from socialviews.core.errors import UsageError

    groups, columns = row_groups(corpus, group_by) if group_by else (None, None)
    if group_by and groups is None:
        from socialviews.training.corpus import GROUP_COLUMNS

        raise UsageError(f"--group-by {group_by} needs a column {' or '.join(GROUP_COLUMNS[group_by])} "
                         "with values in the corpus")
    most = len(corpus) if groups is None else len(set(groups))
    if not 2 <= folds <= most:
        what = f"{most} distinct {group_by}s" if group_by else f"{most} rows"
        raise UsageError(f"--cv {folds}: cross-validation needs 2 to {most} folds (the corpus has {what})")
    proba = out_of_fold_proba(corpus, taxonomy.labels, config, folds, groups)
    read = ~background_rows(corpus, config)
    gold = corpus["label"].to_numpy()[read]
    predicted = np.array(taxonomy.labels, dtype=object)[proba[read].argmax(axis=1)]
    result = score(gold, predicted, taxonomy.labels, taxonomy.no_view_labels)
    result.update({"folds": folds, "group_by": group_by, "group_columns": columns})
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
    eval_files: list[str | Path] | None = None,
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
        The model store (see :func:`socialviews.model.store.default_models_dir`).
    make_current : bool
        Point the store at the new model.
    cv_folds : int, optional
        Folds of stratified cross-validation recorded in the manifest (0 skips it);
        ``config.cv_folds`` by default.
    eval_file : path, optional
        Labelled held-out tweets to score the new model on; the scores go into the manifest.
    eval_files : list of paths, optional
        Labelled CSV files or folders of held-out tweets, scored together (with ``eval_file`` if given).

    Returns
    -------
    dict
        ``model_id``, ``path``, ``training`` counts, ``cv_metrics`` and ``eval_metrics``.
    """
    from socialviews.files.safety import refuse_unwritable_folder

    config = config or ModelConfig()
    tax = load_taxonomy(taxonomy)
    refuse_unwritable_folder(ModelStore(models_dir).root, "the model store (--models-dir)")  # before minutes of training
    frame = load_corpus(corpus, tax)
    folds = config.cv_folds if cv_folds is None else cv_folds
    counts = frame["label"].value_counts()
    missing = [label for label in tax.labels if label not in counts.index]
    if missing:
        from socialviews.core.errors import SocialViewsError

        raise SocialViewsError(f"the corpus has no rows labelled {', '.join(missing)}; label some or drop them from the taxonomy")
    background = int(background_rows(frame, config).sum())
    log.info("training on %d rows (%d labelled, %d background)", len(frame), len(frame) - background, background)
    pipeline, fit_warnings = fit_pipeline(frame["text"].tolist(), frame["label"].tolist(), config, row_weights(frame, config))
    if folds and folds > 1 and int(counts.min()) < 2:
        log.warning("cross-validation skipped: label %r has only %s; it needs 2 or more",
                    counts.idxmin(), counted(int(counts.min()), "row"))
    # One grouped cross-validation serves both: its out-of-fold probabilities fit the decision rule,
    # and its scores are the manifest's cross-validated metrics.
    decision, cv_metrics, decision_cv = fit_decision_rule(frame, tax, config, folds if folds and folds > 1 else None)
    if not (folds and folds > 1):
        cv_metrics = None
    manifest = {
        "labels": tax.labels,
        "no_view_labels": tax.no_view_labels,
        "decision": decision,
        "decision_cv_metrics": decision_cv,
        "taxonomy": {v.label: v.name for v in tax.views},
        "config": config.to_dict(),
        "versions": library_versions(),
        "corpus": corpus_fingerprint(corpus),
        "training": {"rows": int(len(frame)), "per_label": {label: int(counts.get(label, 0)) for label in tax.labels}},
        "cv_metrics": cv_metrics,
        "warnings": fit_warnings,
        "created_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    held = [*([eval_file] if eval_file is not None else []), *(eval_files or [])]
    if held:
        import pandas as pd

        from socialviews.model.model import Model
        from socialviews.training.corpus import corpus_files, read_labelled

        held_out = pd.concat([read_labelled(path, tax) for path in corpus_files(held)], ignore_index=True)
        # Scored by the pipeline itself: its fast path is checked only when the store saves the model.
        unchecked = {**manifest, "fast_path": {"verified": False, "reason": "not checked before the model is saved"}}
        predicted = Model(pipeline, unchecked).score_texts(held_out["text"].tolist())["view"]
        manifest["eval_metrics"] = {**score(held_out["label"], predicted, tax.labels, tax.no_view_labels),
                                   "file": ", ".join(map(str, held))}
    store = ModelStore(models_dir)
    model_id = store.save(pipeline, manifest, make_current=make_current, training_texts=frame["text"].tolist())
    return {
        "model_id": model_id,
        "path": str(store.root / model_id),
        "current": make_current,
        "training": manifest["training"],
        "cv_metrics": cv_metrics,
        "eval_metrics": manifest.get("eval_metrics"),
        "warnings": fit_warnings,
    }
