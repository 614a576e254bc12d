"""When to call a view: calibrated probabilities and a threshold, fitted on development rows.

Real chats hold a view far less often than a training corpus does, and a classifier trained with
balanced class weights calls one too readily. The decision rule has two fitted parts, both stored
in the model's manifest (``decision``) and applied to the pipeline's probabilities wherever the
model scores:

1. Calibration: ``p' = softmax(log(p) / temperature + bias)``, one temperature and one bias per
   label, fitted by minimising the log-loss of out-of-fold predictions of the corpus (so that a
   probability of 0.8 is right about 80% of the time).
2. The view threshold: the most probable view is called when its calibrated probability reaches
   ``view_threshold`` (even when a no-view label is more probable: below 0.5 the rule calls views
   more readily than the most probable label would); otherwise the most probable no-view label is. The
   threshold is the one that maximises the F1 of view calls on the development rows (real chat
   tweets) while keeping their false-view rate within ``max_false_view_rate`` and the macro-F1 of
   the other rows (written chats) at ``min_reference_macro_f1`` or more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.96, 0.01))
#: The view thresholds an evaluation reports what the rule would do at.
SWEEP = tuple(round(t, 2) for t in np.arange(0.05, 0.96, 0.05))


@dataclass(frozen=True)
class Decision:
    """A fitted decision rule over the labels of one model, in the model's label order."""

    labels: tuple[str, ...]
    no_view_labels: tuple[str, ...]
    temperature: float = 1.0
    bias: tuple[float, ...] = ()
    view_threshold: float = 0.0

    @classmethod
    def identity(cls, labels: Sequence[str], no_view_labels: Sequence[str]) -> Decision:
        """The rule that changes nothing: raw probabilities, the most probable label."""
        return cls(tuple(labels), tuple(no_view_labels), 1.0, tuple(0.0 for _ in labels), 0.0)

    def to_dict(self) -> dict:
        """JSON-ready values for the manifest."""
        data = asdict(self)
        return {key: list(value) if isinstance(value, tuple) else value for key, value in data.items()}

    @classmethod
    def from_dict(cls, data: dict) -> Decision:
        """Rebuild a rule written by :meth:`to_dict`."""
        return cls(
            tuple(data["labels"]),
            tuple(data["no_view_labels"]),
            float(data.get("temperature", 1.0)),
            tuple(float(b) for b in data.get("bias", [0.0] * len(data["labels"]))),
            float(data.get("view_threshold", 0.0)),
        )

    def calibrate(self, proba: np.ndarray) -> np.ndarray:
        """Calibrated probabilities (rows sum to 1) from the pipeline's ``proba`` (label order)."""
        bias = np.asarray(self.bias if self.bias else [0.0] * len(self.labels), dtype=float)
        if self.temperature == 1.0 and not bias.any():
            return proba
        return _softmax(np.log(np.clip(proba, 1e-300, None)) / self.temperature + bias)

    def decide(self, proba: np.ndarray) -> np.ndarray:
        """The index of the label called for each row of calibrated ``proba``.

        The most probable view is called when its probability reaches ``view_threshold``, else the
        most probable no-view label; with a threshold of 0 (the identity rule), the most probable label.
        """
        best = proba.argmax(axis=1)
        empty = np.array([label in self.no_view_labels for label in self.labels])
        if not empty.any() or empty.all() or self.view_threshold <= 0.0:
            return best
        rows = np.arange(len(proba))
        view = np.where(empty, -1.0, proba).argmax(axis=1)
        fallback = np.where(empty, proba, -1.0).argmax(axis=1)
        return np.where(proba[rows, view] >= self.view_threshold, view, fallback)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    return z / z.sum(axis=1, keepdims=True)


def fit_calibration(proba: np.ndarray, gold_index: np.ndarray) -> tuple[float, np.ndarray]:
    """Temperature and per-label bias that minimise the log-loss of ``proba`` against the gold labels."""
    from scipy.optimize import minimize

    logp = np.log(np.clip(proba, 1e-300, None))
    k = proba.shape[1]
    rows = np.arange(len(proba))

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        inv_t, bias = params[0], params[1:]
        q = _softmax(logp * inv_t + bias)
        nll = -np.log(np.clip(q[rows, gold_index], 1e-300, None)).mean()
        resid = q.copy()
        resid[rows, gold_index] -= 1.0
        grad_bias = resid.mean(axis=0)
        grad_t = (resid * logp).sum(axis=1).mean()
        return float(nll), np.concatenate([[grad_t], grad_bias])

    start = np.concatenate([[1.0], np.zeros(k)])
    bounds = [(0.05, 20.0)] + [(-10.0, 10.0)] * k
    result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
    inv_t, bias = result.x[0], result.x[1:]
    bias = bias - bias.mean()
    return float(1.0 / inv_t), bias


def fit_decision(
    proba: np.ndarray,
    gold: Sequence[str],
    labels: Sequence[str],
    no_view_labels: Sequence[str],
    max_false_view_rate: float,
    development: np.ndarray | None = None,
    min_reference_macro_f1: float = 0.0,
    reference: np.ndarray | None = None,
) -> tuple[Decision, dict]:
    """Fit the decision rule on out-of-fold probabilities.

    The calibration is fitted on every row. The threshold is the one that maximises the F1 of view
    calls on the ``development`` rows (real chat tweets) while their false-view rate stays within
    ``max_false_view_rate`` and the macro-F1 of the other rows (the reference: written chats) stays
    at least ``min_reference_macro_f1``; when no threshold meets both bounds, the one with the
    lowest false-view rate.

    Parameters
    ----------
    proba : numpy.ndarray
        Out-of-fold probabilities, columns in ``labels`` order.
    gold : sequence of str
        The gold labels of the rows.
    labels, no_view_labels : sequences of str
    max_false_view_rate : float
        The largest share of no-view development rows that may be given a view.
    development : numpy.ndarray of bool, optional
        The development rows (all rows by default).
    min_reference_macro_f1 : float
        The lowest macro-F1 the reference rows may fall to.
    reference : numpy.ndarray of bool, optional
        The reference rows (written chats); all rows that are not development rows by default.

    Returns
    -------
    (Decision, dict)
        The rule, and what it scores: on the development rows (``rows``, ``false_view_rate``,
        ``view_precision``, ``view_recall``, ...) and ``reference_macro_f1`` on the others.
    """
    from socialviews.model.metrics import score, view_calls

    labels = list(labels)
    gold = np.asarray(gold, dtype=object)
    development = np.ones(len(gold), dtype=bool) if development is None else np.asarray(development, dtype=bool)
    reference = ~development if reference is None else np.asarray(reference, dtype=bool)
    gold_index = np.array([labels.index(g) for g in gold])
    temperature, bias = fit_calibration(proba, gold_index)
    rule = Decision(tuple(labels), tuple(no_view_labels), temperature, tuple(float(b) for b in bias), 0.0)
    calibrated = rule.calibrate(proba)
    names = np.array(labels, dtype=object)
    best, best_key = None, None
    for threshold in THRESHOLDS:
        candidate = Decision(rule.labels, rule.no_view_labels, temperature, rule.bias, threshold)
        called = names[candidate.decide(calibrated)]
        scores = view_calls(gold[development], called[development], no_view_labels)
        ref_f1 = score(gold[reference], called[reference], labels, no_view_labels)["macro_f1"] if reference.any() else None
        fvr = scores["false_view_rate"] or 0.0
        precision, recall = scores["view_precision"] or 0.0, scores["view_recall"] or 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        feasible = fvr <= max_false_view_rate and (ref_f1 is None or ref_f1 >= min_reference_macro_f1)
        key = (feasible, f1 if feasible else -fvr)
        if best_key is None or key > best_key:
            best, best_key = (candidate, scores, ref_f1), key
    rule, scores, ref_f1 = best
    return rule, {"rows": int(development.sum()), **scores, "max_false_view_rate": max_false_view_rate,
                  "reference_rows": int(reference.sum()), "reference_macro_f1": ref_f1,
                  "min_reference_macro_f1": min_reference_macro_f1}


def threshold_sweep(rule: Decision, calibrated: np.ndarray, gold: Sequence[str],
                    thresholds: Sequence[float] = SWEEP) -> list[dict]:
    """What ``rule`` would call on labelled rows at each of ``thresholds`` in place of its own.

    Shows the trade-off between the views called and the views found that the fitted threshold
    is one point of: a user who wants fewer, surer view calls can read off what a higher
    threshold gives.

    Parameters
    ----------
    rule : Decision
    calibrated : numpy.ndarray
        Calibrated probabilities of the rows (:meth:`Decision.calibrate`), columns in ``rule.labels`` order.
    gold : sequence of str
        The rows' gold labels.
    thresholds : sequence of float

    Returns
    -------
    list of dict
        One per threshold: ``view_threshold`` and the :func:`~socialviews.model.metrics.view_calls`
        figures (false-view rate, view precision and recall, and their counts), with ``fitted``
        true on the row of the rule's own threshold (added when not among ``thresholds``).
    """
    from socialviews.model.metrics import view_calls

    names = np.array(rule.labels, dtype=object)
    points = sorted({round(float(t), 4) for t in thresholds} | {round(rule.view_threshold, 4)})
    rows = []
    for threshold in points:
        candidate = Decision(rule.labels, rule.no_view_labels, rule.temperature, rule.bias, threshold)
        called = names[candidate.decide(calibrated)]
        rows.append({"view_threshold": threshold, "fitted": threshold == round(rule.view_threshold, 4),
                     **view_calls(gold, called, rule.no_view_labels)})
    return rows
