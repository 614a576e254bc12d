"""Scores of predictions against gold labels, shared by training and evaluation.

The scores are computed unrounded; :func:`rounded` rounds them once, where they are written to a
file, so that a figure shown with fewer decimals is never rounded twice (0.90449 shows as 0.904, not
as 0.9045 shown as 0.905).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def score(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str], no_view: Sequence[str]) -> dict:
    """Per-label precision/recall/F1, macro-F1, the scores of calling views, accuracy.

    Parameters
    ----------
    gold, predicted : sequences of str
    labels : sequence of str
        The taxonomy's labels, in order.
    no_view : sequence of str
        The labels that hold no view (:attr:`socialviews.core.taxonomy.Taxonomy.no_view_labels`); they are
        left out of ``views_macro_f1`` and define the scores of calling a view.

    The macro averages take the labels that occur, as gold or as predicted: a label no tweet holds
    and none is called is left out (it would count as an F1 of 0), so a small file scores on what
    it holds. Its row of ``per_label`` stays, with support 0.

    Returns
    -------
    dict
        ``accuracy``, ``macro_f1``, ``views_macro_f1``, ``n``, ``per_label`` (label -> precision,
        recall, f1, support, confused_with), ``confusion_matrix`` and the view-calling scores of
        :func:`view_calls`.
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
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
            "confused_with": dict(sorted(confused.items(), key=lambda kv: -kv[1])),
        }
    present = (matrix.sum(axis=1) > 0) | (matrix.sum(axis=0) > 0)
    occurring = [i for i in range(len(labels)) if present[i]]
    views = [i for i in occurring if labels[i] not in set(no_view)]
    calls = view_calls(gold, predicted, no_view)
    return {
        "n": int(len(gold)),
        "accuracy": float(accuracy_score(gold, predicted)),
        "macro_f1": float(f1[occurring].mean()) if occurring else 0.0,
        "views_macro_f1": float(f1[views].mean()) if views else None,
        **calls,
        "view_call_intervals": view_call_intervals(calls),
        "per_label": per_label,
        "confusion_matrix": {"labels": labels, "rows": matrix.tolist()},
    }


def view_calls(gold: Sequence[str], predicted: Sequence[str], no_view: Sequence[str]) -> dict:
    """How well the model calls a view only where a tweet holds one.

    ``no_view`` names the labels that hold no view (:attr:`socialviews.core.taxonomy.Taxonomy.no_view_labels`).

    Returns
    -------
    dict
        ``false_view_rate``: share of the no-view tweets given a view; ``view_precision``: share of
        the view calls that name the right view; ``view_recall``: share of the tweets holding a view
        given that view; ``view_calls``, ``right_view_calls``, ``false_view_calls``, ``view_tweets``
        and ``no_view_tweets``: the counts behind them. A rate whose denominator is zero is None.
    """
    gold = np.asarray(gold, dtype=object)
    predicted = np.asarray(predicted, dtype=object)
    empty = list(no_view)
    gold_view = ~np.isin(gold, empty)
    called = ~np.isin(predicted, empty)
    right = called & (gold == predicted)

    def rate(numerator: int, denominator: int) -> float | None:
        return numerator / denominator if denominator else None

    return {
        "false_view_rate": rate(int((called & ~gold_view).sum()), int((~gold_view).sum())),
        "view_precision": rate(int(right.sum()), int(called.sum())),
        "view_recall": rate(int(right.sum()), int(gold_view.sum())),
        "view_calls": int(called.sum()),
        "right_view_calls": int(right.sum()),
        "false_view_calls": int((called & ~gold_view).sum()),
        "view_tweets": int(gold_view.sum()),
        "no_view_tweets": int((~gold_view).sum()),
    }


def view_call_intervals(calls: dict, z: float = 1.96) -> dict:
    """95% Wilson intervals of the three rates of :func:`view_calls`, from its counts.

    With few tweets holding a view, a rate moves a lot with one tweet: 12 right calls of 52 view
    tweets is a recall of 0.23, anywhere from 0.14 to 0.36. A rate with no denominator has no interval
    (None).

    Returns
    -------
    dict
        ``false_view_rate``, ``view_precision``, ``view_recall``: each ``[low, high]`` or None.
    """
    pairs = {
        "false_view_rate": (calls["false_view_calls"], calls["no_view_tweets"]),
        "view_precision": (calls["right_view_calls"], calls["view_calls"]),
        "view_recall": (calls["right_view_calls"], calls["view_tweets"]),
    }
    return {key: list(wilson_interval(count, total, z)) if total else None for key, (count, total) in pairs.items()}


def wilson_interval(count: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of the share ``count / total`` (95% by default); (0, 1) for no tweets.

    Unlike the share plus or minus two standard errors, it stays within 0 and 1 and is honest for
    small counts and shares near 0 or 1.
    """
    if total <= 0:
        return 0.0, 1.0
    p = count / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * ((p * (1 - p) / total + z * z / (4 * total * total)) ** 0.5) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def expected_calibration_error(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10) -> dict:
    """Expected calibration error of the top prediction, with the reliability diagram's bins.

    The confidences are cut into ``bins`` equal-width bins; ECE is the mean over bins of
    ``|accuracy - mean confidence|``, weighted by the share of predictions in the bin.

    Returns
    -------
    dict
        ``ece`` and ``bins``: a list of ``{"low", "high", "n", "confidence", "accuracy"}`` (the last
        two None for an empty bin).
    """
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.searchsorted(edges, confidence, side="right") - 1, 0, bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        inside = which == b
        n = int(inside.sum())
        mean_conf = float(confidence[inside].mean()) if n else None
        accuracy = float(correct[inside].mean()) if n else None
        if n:
            ece += n / max(len(confidence), 1) * abs(accuracy - mean_conf)
        table.append({"low": round(float(edges[b]), 2), "high": round(float(edges[b + 1]), 2), "n": n,
                      "confidence": mean_conf, "accuracy": accuracy})
    return {"ece": float(ece), "bins": table}


def rounded(value, digits: int = 4):
    """``value`` with every float in it rounded to ``digits`` decimals, for a file such as ``report.json``.

    Dicts, lists and tuples are copied with their floats rounded; everything else is returned as it is.
    Round a figure once, where it is written or shown, and never show a rounded figure rounded again.

    Parameters
    ----------
    value : dict, list, tuple, float or any
    digits : int

    Returns
    -------
    The same structure, with rounded floats (tuples become lists, as in JSON).
    """
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {key: rounded(item, digits) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(item, digits) for item in value]
    return value
