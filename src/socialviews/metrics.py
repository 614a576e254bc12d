"""Scores of predictions against gold labels, shared by training and evaluation."""

from __future__ import annotations

from collections.abc import Sequence

NONE_LABEL = "none"


def score(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict:
    """Per-label precision/recall/F1, macro-F1, macro-F1 over the views without ``none``, accuracy.

    Parameters
    ----------
    gold, predicted : sequences of str
    labels : sequence of str
        The taxonomy's labels, in order; a label called ``none`` is left out of ``views_macro_f1``.

    Returns
    -------
    dict
        ``accuracy``, ``macro_f1``, ``views_macro_f1``, ``n`` and ``per_label``
        (label -> precision, recall, f1, support, confused_with).
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    labels = list(labels)
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=labels, zero_division=0
    )
    matrix = confusion_matrix(gold, predicted, labels=labels)
    per_label = {}
    for i, label in enumerate(labels):
        confused = {labels[j]: int(matrix[i, j]) for j in range(len(labels)) if j != i and matrix[i, j]}
        per_label[label] = {
            "precision": round(float(precision[i]), 4),
            "recall": round(float(recall[i]), 4),
            "f1": round(float(f1[i]), 4),
            "support": int(support[i]),
            "confused_with": dict(sorted(confused.items(), key=lambda kv: -kv[1])),
        }
    views = [i for i, label in enumerate(labels) if label != NONE_LABEL]
    return {
        "n": int(len(gold)),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "macro_f1": round(float(f1.mean()), 4),
        "views_macro_f1": round(float(f1[views].mean()), 4) if views else None,
        "per_label": per_label,
        "confusion_matrix": {"labels": labels, "rows": matrix.tolist()},
    }
