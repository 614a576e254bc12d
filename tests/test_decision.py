"""The decision rule: calibrated probabilities and a view threshold fitted on development rows."""

import numpy as np
import pandas as pd
import pytest

from socialviews.model.decision import Decision, fit_calibration, fit_decision, threshold_sweep
from socialviews.model.metrics import expected_calibration_error, score, view_calls

LABELS = ("social_constructivist", "new_social_learning", "collaborative_learning", "none")


def rule(threshold, temperature=1.0, bias=(0.0, 0.0, 0.0, 0.0)):
    return Decision(LABELS, ("none",), temperature, bias, threshold)


def test_identity_rule_calls_the_most_probable_label():
    proba = np.array([[0.5, 0.2, 0.1, 0.2], [0.1, 0.2, 0.1, 0.6], [0.3, 0.1, 0.1, 0.5]])
    identity = Decision.identity(LABELS, ["none"])
    assert identity.calibrate(proba) is proba
    assert identity.decide(proba).tolist() == [0, 3, 3]


def test_a_view_is_called_only_when_its_probability_reaches_the_threshold():
    proba = np.array([[0.55, 0.15, 0.1, 0.2], [0.35, 0.05, 0.1, 0.5], [0.2, 0.2, 0.2, 0.4]])
    assert rule(0.6).decide(proba).tolist() == [3, 3, 3]
    # below 0.5 the rule calls a view even where "none" is more probable
    assert rule(0.3).decide(proba).tolist() == [0, 0, 3]


def test_calibration_keeps_rows_summing_to_one_and_can_shift_the_prior():
    proba = np.array([[0.4, 0.3, 0.2, 0.1], [0.25, 0.25, 0.25, 0.25]])
    calibrated = rule(0.0, temperature=2.0, bias=(0.0, 0.0, 0.0, 1.5)).calibrate(proba)
    assert np.allclose(calibrated.sum(axis=1), 1.0)
    assert (calibrated[:, 3] > proba[:, 3]).all()


def test_rule_round_trips_through_the_manifest():
    fitted = rule(0.42, temperature=1.3, bias=(0.1, -0.2, 0.3, -0.2))
    assert Decision.from_dict(fitted.to_dict()) == fitted


def test_fitted_calibration_recovers_an_overconfident_model():
    rng = np.random.default_rng(0)
    gold = rng.integers(0, 4, 4000)
    logits = rng.normal(0, 1, (4000, 4))
    logits[np.arange(4000), gold] += 1.0
    honest = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    overconfident = np.exp(3 * logits) / np.exp(3 * logits).sum(axis=1, keepdims=True)
    temperature, _ = fit_calibration(overconfident, gold)
    assert temperature == pytest.approx(3.0, rel=0.15)
    before = expected_calibration_error(overconfident.max(axis=1), overconfident.argmax(axis=1) == gold)["ece"]
    fixed = rule(0.0, temperature=temperature).calibrate(overconfident)
    after = expected_calibration_error(fixed.max(axis=1), fixed.argmax(axis=1) == gold)["ece"]
    assert after < before / 2
    assert expected_calibration_error(honest.max(axis=1), honest.argmax(axis=1) == gold)["ece"] < 0.05


def test_fitted_threshold_keeps_the_development_false_view_rate_within_its_bound():
    rng = np.random.default_rng(1)
    n = 3000
    gold = np.where(rng.random(n) < 0.1, rng.integers(0, 3, n), 3)
    p_view = np.clip(np.where(gold < 3, rng.normal(0.65, 0.2, n), rng.normal(0.3, 0.2, n)), 0.01, 0.97)
    proba = np.zeros((n, 4))
    proba[np.arange(n), np.where(gold < 3, gold, rng.integers(0, 3, n))] = p_view
    proba[:, 3] = 1 - p_view
    names = np.array(LABELS, dtype=object)
    for bound in (0.02, 0.05):
        fitted, scores = fit_decision(proba, names[gold], LABELS, ["none"], bound)
        assert scores["false_view_rate"] <= bound
        again = view_calls(names[gold], names[fitted.decide(fitted.calibrate(proba))], ["none"])
        assert again["false_view_rate"] == scores["false_view_rate"]
    assert scores["view_recall"] > 0.3


def test_view_calls_counts_false_views_precision_and_recall():
    gold = ["none", "none", "none", "none", "new_social_learning", "collaborative_learning"]
    called = ["none", "new_social_learning", "none", "none", "new_social_learning", "social_constructivist"]
    scores = view_calls(gold, called, ["none"])
    assert scores["false_view_rate"] == 0.25
    assert scores["view_precision"] == 1 / 3
    assert scores["view_recall"] == 0.5
    assert view_calls(["none"], ["none"], ["none"])["view_precision"] is None


def test_view_scores_carry_wilson_intervals_from_their_counts():
    # 52 tweets hold a view, 27 calls of which 12 are right, 15 false calls among 1,082 no-view tweets
    gold = ["new_social_learning"] * 52 + ["none"] * 1082
    called = ["new_social_learning"] * 12 + ["none"] * 40 + ["collaborative_learning"] * 15 + ["none"] * 1067
    scores = score(gold, called, ["social_constructivist", "new_social_learning", "collaborative_learning", "none"],
                   ["none"])
    assert (scores["right_view_calls"], scores["false_view_calls"], scores["view_calls"]) == (12, 15, 27)
    intervals = scores["view_call_intervals"]
    low, high = intervals["view_recall"]
    assert low < 12 / 52 < high and round(low, 3) == 0.137 and round(high, 3) == 0.361
    low, high = intervals["view_precision"]
    assert low < 12 / 27 < high and round(low, 3) == 0.276 and round(high, 3) == 0.627
    low, high = intervals["false_view_rate"]
    assert low < 15 / 1082 < high
    nothing = score(["none"], ["none"], ["new_social_learning", "none"], ["none"])["view_call_intervals"]
    assert nothing == {"false_view_rate": [0.0, pytest.approx(0.793, abs=1e-3)], "view_precision": None,
                       "view_recall": None}


def test_scores_are_unrounded_and_rounded_once_for_files():
    from socialviews.model.metrics import rounded, score

    gold = ["none"] * 17 + ["new_social_learning"] * 4
    scores = score(gold, ["none"] * 21, LABELS, ["none"])
    assert scores["accuracy"] == 17 / 21 and f"{scores['accuracy']:.3f}" == "0.810"
    assert rounded({"accuracy": scores["accuracy"], "rows": [(2 / 3, 21)], "n": 21}) == {
        "accuracy": 0.8095, "rows": [[0.6667, 21]], "n": 21}


def test_expected_calibration_error_of_a_perfect_and_a_wrong_model():
    assert expected_calibration_error([1.0, 1.0], [True, True])["ece"] == 0.0
    assert expected_calibration_error([0.9, 0.9], [False, False])["ece"] == pytest.approx(0.9)


def test_training_records_the_rule_and_scoring_applies_it(tiny_corpus, tmp_path):
    import json

    from socialviews.model.store import ModelStore
    from socialviews.training.train import train

    result = train([tiny_corpus], models_dir=tmp_path / "models", cv_folds=0)
    manifest = json.loads((tmp_path / "models" / result["model_id"] / "manifest.json").read_text())
    decision = manifest["decision"]
    assert decision["labels"] == list(LABELS) and decision["no_view_labels"] == ["none"]
    assert decision["fitted_on"]["rows"] == 48 and decision["fitted_on"]["group_by"] == "author"
    model = ModelStore(tmp_path / "models").load()
    assert model.decision == Decision.from_dict(decision)
    texts = ["A2 I learn most from my PLN on twitter", "coffee number three and it's only 8am"]
    scored = model.score_texts(texts)
    assert np.allclose(scored["proba"], model.decision.calibrate(model.raw_proba(texts)))
    assert scored["view"].tolist() == list(np.array(LABELS)[model.decision.decide(scored["proba"])])
    # a rule that never calls a view turns every call into none
    strict = Decision(model.decision.labels, ("none",), model.decision.temperature, model.decision.bias, 1.0)
    model.decision = strict
    assert set(model.score_texts(texts)["view"]) == {"none"}


def test_evaluate_reports_view_calls_calibration_and_review(tiny_model, tiny_corpus, tmp_path):
    import json

    from socialviews.training.evaluate import evaluate

    report = evaluate(tiny_model, [tiny_corpus], tmp_path / "ev")
    metrics = report["metrics"]
    for key in ("false_view_rate", "view_precision", "view_recall", "view_calls", "view_tweets"):
        assert key in metrics
    assert 0.0 <= report["calibration"]["ece"] <= 1.0 and len(report["calibration"]["bins"]) == 10
    review = report["needs_review"]
    assert review["errors_caught"] <= review["errors"] and review["flagged"] <= metrics["n"]
    assert (tmp_path / "ev" / "calibration.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "ev" / "view_thresholds.png").read_bytes()[:4] == b"\x89PNG"
    sweep = report["view_thresholds"]
    fitted = [row for row in sweep if row["fitted"]]
    assert len(fitted) == 1 and fitted[0]["view_threshold"] == round(tiny_model.decision.view_threshold, 4)
    assert fitted[0]["view_calls"] == metrics["view_calls"] and fitted[0]["view_recall"] == metrics["view_recall"]
    table = pd.read_csv(tmp_path / "ev" / "view_thresholds.csv")
    assert table["view_threshold"].tolist() == [row["view_threshold"] for row in sweep]
    assert json.loads((tmp_path / "ev" / "report.json").read_text())["decision"]["labels"] == list(LABELS)


def test_threshold_sweep_trades_view_calls_for_views_found():
    proba = np.array([[0.9, 0.05, 0.0, 0.05], [0.6, 0.1, 0.0, 0.3], [0.1, 0.45, 0.0, 0.45],
                      [0.2, 0.1, 0.1, 0.6], [0.05, 0.05, 0.85, 0.05]])
    gold = ["social_constructivist", "none", "new_social_learning", "none", "social_constructivist"]
    sweep = threshold_sweep(rule(0.5), proba, gold, thresholds=(0.1, 0.5, 0.7, 0.95))
    by = {row["view_threshold"]: row for row in sweep}
    assert list(by) == [0.1, 0.5, 0.7, 0.95]
    assert [row["fitted"] for row in sweep] == [False, True, False, False]
    # 0.1: every row's best view is called: two right (rows 0, 2), two false views (rows 1, 3), one wrong view (row 4)
    assert by[0.1] == {"view_threshold": 0.1, "fitted": False, "false_view_rate": 1.0, "view_precision": 0.4,
                       "view_recall": 2 / 3, "view_calls": 5, "right_view_calls": 2, "false_view_calls": 2,
                       "view_tweets": 3, "no_view_tweets": 2}
    # 0.7: rows 0 and 4 only; the sweep's row at the rule's own threshold is what the rule calls
    assert (by[0.7]["view_calls"], by[0.7]["view_precision"], by[0.7]["false_view_rate"]) == (2, 0.5, 0.0)
    assert by[0.95]["view_calls"] == 0 and by[0.95]["view_precision"] is None
    called = np.array(LABELS, dtype=object)[rule(0.5).decide(proba)]
    fitted = {k: v for k, v in by[0.5].items() if k not in ("view_threshold", "fitted")}
    assert fitted == view_calls(gold, called, ["none"])
    calls = [row["view_calls"] for row in sweep]
    assert calls == sorted(calls, reverse=True)


def test_threshold_sweep_adds_the_rules_own_threshold():
    proba = np.array([[0.7, 0.1, 0.1, 0.1]])
    sweep = threshold_sweep(rule(0.33), proba, ["social_constructivist"], thresholds=(0.2, 0.8))
    assert [(row["view_threshold"], row["fitted"]) for row in sweep] == [(0.2, False), (0.33, True), (0.8, False)]


def test_macro_averages_take_the_labels_that_occur():
    from socialviews.model.metrics import score

    two_right = score(["none", "collaborative_learning"], ["none", "collaborative_learning"], LABELS, ["none"])
    assert (two_right["macro_f1"], two_right["views_macro_f1"], two_right["accuracy"]) == (1.0, 1.0, 1.0)
    assert two_right["per_label"]["social_constructivist"]["support"] == 0
    # a view called where no tweet holds it occurs, as a wrong call: its F1 of 0 counts
    one_wrong = score(["none", "none"], ["none", "social_constructivist"], LABELS, ["none"])
    assert one_wrong["macro_f1"] == (2 / 3 + 0.0) / 2 and one_wrong["views_macro_f1"] == 0.0
    assert score(["none"], ["none"], LABELS, ["none"])["views_macro_f1"] is None


def test_reference_rows_are_the_ones_named_not_every_other_row():
    rng = np.random.default_rng(3)
    gold = np.array(["none"] * 150 + ["new_social_learning"] * 50, dtype=object)
    proba = np.full((200, 4), 0.1)
    proba[:150, 3], proba[150:, 1] = 0.7, 0.7
    proba[100:150, 1], proba[100:150, 3] = 0.7, 0.1  # rows 100-149: "none" rows a model calls a view
    proba += rng.uniform(0, 0.01, proba.shape)
    proba /= proba.sum(axis=1, keepdims=True)
    development = np.zeros(200, dtype=bool)
    development[50:100] = development[150:175] = True
    reference = np.zeros(200, dtype=bool)
    reference[:50] = reference[175:] = True
    everything_else = fit_decision(proba, gold, LABELS, ("none",), 0.05, development, 0.5)[1]
    named = fit_decision(proba, gold, LABELS, ("none",), 0.05, development, 0.5, reference=reference)[1]
    assert everything_else["reference_rows"] == 125 and named["reference_rows"] == 75
    # rows 100-149 (neither development nor reference) are called a view: they count only in the first
    assert named["reference_macro_f1"] == 1.0  # none and new_social_learning perfect; the absent views do not count
    assert everything_else["reference_macro_f1"] < named["reference_macro_f1"]


def test_background_rows_train_with_their_weight_and_are_never_scored(tiny_corpus):
    import pandas as pd

    from socialviews.core.config import ModelConfig
    from socialviews.core.taxonomy import load_taxonomy
    from socialviews.training.train import background_rows, cross_validate, row_weights

    corpus = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False)
    background = corpus[corpus["label"] == "none"].assign(source="background:some/archive", label="none")
    both = pd.concat([corpus, background], ignore_index=True)
    config = ModelConfig(background_weight=0.25, development_weight=1.0)
    mask = background_rows(both, config)
    assert mask.sum() == len(background) and not mask[: len(corpus)].any()
    assert row_weights(both, config).tolist() == [1.0] * len(corpus) + [0.25] * len(background)
    assert row_weights(corpus, config) is None
    scored = cross_validate(both, load_taxonomy(), config, folds=3)
    assert scored["n"] == len(corpus)


def test_training_reports_each_cross_validation_fold_as_it_ends(tiny_corpus, tmp_path, caplog):
    import logging

    from socialviews.training.train import train

    with caplog.at_level(logging.INFO, logger="socialviews.training.train"):
        train([tiny_corpus], models_dir=tmp_path / "models", cv_folds=0)
    done = [r.getMessage() for r in caplog.records if r.getMessage().startswith("cross-validation fold ")]
    assert done == [f"cross-validation fold {i} of 5 done" for i in range(1, 6)]
