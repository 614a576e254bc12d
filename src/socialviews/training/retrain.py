"""Retraining: a candidate on the merged corpus, compared with the current model, promoted only if not worse."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from socialviews.core.atomic import atomic_write_text
from socialviews.core.config import RETRAIN_TOLERANCE, ModelConfig
from socialviews.core.errors import SocialViewsError
from socialviews.core.shipped import shipped_data
from socialviews.core.taxonomy import load_taxonomy
from socialviews.model.metrics import score
from socialviews.model.store import MANIFEST_FILE, ModelStore, cv_macro_f1
from socialviews.training.corpus import embedded_corpus_dir, labelled_files
from socialviews.training.default import load_model
from socialviews.training.evaluate import read_held_out
from socialviews.training.train import train

log = logging.getLogger(__name__)

def embedded_eval_dir() -> Path:
    """The held-out evaluation chats that ship inside the package."""
    return shipped_data("eval")


def retrain(
    labels_dir: str | Path,
    *,
    base_corpus: list[str | Path] | None = None,
    eval_files: list[str | Path] | None = None,
    models_dir: str | Path | None = None,
    tolerance: float = RETRAIN_TOLERANCE,
    force: bool = False,
    cv_folds: int = ModelConfig.cv_folds,
    labels_given: bool = False,
    allow_pickle: bool = False,
) -> dict:
    """Fit a candidate on the base corpus plus the imported labels, compare, and maybe promote it.

    A full refit on all labels: the candidate learns nothing from the current model's weights.
    Both models are scored on the same held-out tweets (``eval_files``, the shipped evaluation
    chats by default); the candidate is promoted when its macro-F1 is at least the current
    model's minus ``tolerance``, or with ``force``. Both stay in the store either way; the
    candidate's manifest records the comparison and, as ``eval_metrics``, its held-out scores.

    Returns
    -------
    dict
        ``current`` and ``candidate`` (model id, rows, held-out scores, and the cross-validated
        macro-F1 that ``models list`` shows, see :func:`~socialviews.model.store.cv_macro_f1`),
        ``added_rows``, ``promoted`` and ``reason``.
    """
    store = ModelStore(models_dir)
    current = load_model(store.root, allow_pickle=allow_pickle)
    tax = load_taxonomy()
    base = list(base_corpus) if base_corpus else [embedded_corpus_dir()]
    labels_dir = Path(labels_dir)
    if labels_given and not labels_dir.is_dir():
        raise SocialViewsError(f"labels folder not found: {labels_dir}; import labels with `socialviews labels import`")
    extra = [labels_dir] if labelled_files(labels_dir) else []
    if not extra:
        log.warning("no imported labels in %s: the candidate is trained on the base corpus alone", labels_dir)
    held_out_paths = list(eval_files or [embedded_eval_dir()])
    held_out = read_held_out(held_out_paths, tax)
    log.info("training the candidate on %s", ", ".join(str(p) for p in base + extra))
    result = train(base + extra, models_dir=store.root, make_current=False, cv_folds=cv_folds, config=current.config)
    candidate = store.load(result["model_id"])
    scores, metrics = {}, {}
    for name, model in (("current", current), ("candidate", candidate)):
        predicted = model.score_texts(held_out["text"].tolist())["view"]
        metrics[name] = score(held_out["label"], predicted, model.labels, tax.no_view_labels)
        scores[name] = {
            "model_id": model.model_id,
            "rows": model.manifest.get("training", {}).get("rows"),
            "eval_macro_f1": metrics[name]["macro_f1"],
            "eval_views_macro_f1": metrics[name]["views_macro_f1"],
            "cv_macro_f1": cv_macro_f1(model.manifest),
        }
    gap = scores["candidate"]["eval_macro_f1"] - scores["current"]["eval_macro_f1"]
    promoted = force or gap >= -tolerance
    reason = (
        "forced" if force and gap < -tolerance
        else f"macro-F1 {gap:+.4f} against the current model (tolerance {tolerance})"
    )
    added = (scores["candidate"]["rows"] or 0) - (scores["current"]["rows"] or 0)
    manifest = store.manifest(candidate.model_id)
    # the candidate's held-out score, where `train --eval` puts it and `models list` reads it
    manifest["eval_metrics"] = {**metrics["candidate"], "file": ", ".join(map(str, held_out_paths))}
    manifest["retrain"] = {
        "previous_model": current.model_id,
        "added_rows": added,
        "labels_dir": str(labels_dir),
        "held_out": {"files": held_out["file"].unique().tolist(), "rows": int(len(held_out))},
        "comparison": scores,
        "promoted": promoted,
        "reason": reason,
    }
    atomic_write_text(store.root / candidate.model_id / MANIFEST_FILE, json.dumps(manifest, indent=2) + "\n")
    if promoted:
        store.promote(candidate.model_id)
    return {**scores, "added_rows": added, "promoted": promoted, "reason": reason}
