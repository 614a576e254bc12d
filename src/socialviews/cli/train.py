"""``train``, ``evaluate`` and ``retrain``: models made from the labelled corpus, and their scores."""

from __future__ import annotations

import math
from typing import Annotated

import typer

from socialviews.cli.console import note, print_json
from socialviews.cli.errors import handle_errors
from socialviews.cli.options import AcceptVersionDrift, AllowPickle, LabelsDir, ModelId, ModelsDir, TaxonomyFile
from socialviews.core.config import RETRAIN_TOLERANCE, ModelConfig
from socialviews.core.errors import UsageError

#: Old spellings of options, accepted for one release (see cli/aliases.py).
OLD_SPELLINGS = {"evaluate": {"--out": "--output"}, "retrain": {"--labels": "--labels-dir", "--base-corpus": "--corpus"}}


@handle_errors
def train(
    corpus: Annotated[list[str] | None, typer.Option("--corpus", metavar="PATH", help="Labelled CSV or folder; repeat to add several [default: the shipped corpus].")] = None,
    add: Annotated[bool, typer.Option("--add", help="Train on the shipped corpus plus --corpus, instead of --corpus alone.")] = False,
    eval_files: Annotated[list[str] | None, typer.Option("--eval", metavar="PATH", help="Held-out labelled CSV or folder to score the new model on; repeat to add several.")] = None,
    cv: Annotated[int, typer.Option("--cv", min=0, metavar="K", help="Folds of cross-validation recorded in the manifest (0 skips).")] = ModelConfig.cv_folds,
    seed: Annotated[int, typer.Option("--seed", min=0, max=2**32 - 1, metavar="N", help="Random seed.")] = ModelConfig.seed,
    promote: Annotated[bool, typer.Option("--promote/--no-promote", help="Make the new model current, or only store it.")] = True,
    models_dir: ModelsDir = None,
    taxonomy: TaxonomyFile = None,
) -> None:
    """Train a model on the labelled corpus, cross-validate it and store it as the current model.

    Example: socialviews train --corpus data/labelled --eval data/eval
    """
    from dataclasses import replace

    from socialviews.model.metrics import rounded
    from socialviews.training.corpus import corpus_paths
    from socialviews.training.train import train as train_model

    _check_folds(cv)
    result = train_model(
        corpus_paths(corpus, add_shipped=add),
        taxonomy=taxonomy,
        config=replace(ModelConfig(), seed=seed),
        models_dir=models_dir,
        make_current=promote,
        cv_folds=cv,
        eval_files=eval_files,
    )
    print_json(rounded(result))


@handle_errors
def evaluate(
    files: Annotated[list[str], typer.Argument(metavar="FILE", help="Labelled CSV files or folders (text,label).")],
    output: Annotated[str, typer.Option("--output", "-o", metavar="DIR", help="Report folder.")] = "evaluation",
    cv: Annotated[int, typer.Option("--cv", min=0, metavar="K", help="Also run K-fold cross-validation on the corpus (K > 1; 0 runs none).")] = 0,
    group_by: Annotated[str | None, typer.Option("--group-by", metavar="author|chat", help="Group the --cv folds by 'author' or 'chat'.")] = None,
    learning_curve: Annotated[bool, typer.Option("--learning-curve", help="Retrain on 25/50/75/100% of the corpus and score each.")] = False,
    corpus: Annotated[list[str] | None, typer.Option("--corpus", metavar="PATH", help="Corpus for --cv and --learning-curve [default: the shipped corpus].")] = None,
    model_id: ModelId = None,
    models_dir: ModelsDir = None,
    allow_pickle: AllowPickle = False,
    accept_version_drift: AcceptVersionDrift = False,
) -> None:
    """Score a model on held-out labelled tweets and write a report folder.

    Example: socialviews evaluate data/eval --cv 5 --group-by author --learning-curve -o evaluation
    """
    from socialviews.training.default import load_model
    from socialviews.training.evaluate import check_options
    from socialviews.training.evaluate import evaluate as evaluate_model

    if group_by not in (None, "author", "chat"):
        raise UsageError(f"--group-by takes author or chat, not {group_by!r}")
    check_options(files, output, cv_folds=cv, group_by=group_by, corpus=corpus)  # before a model is loaded
    model = load_model(models_dir, model_id, accept_version_drift=accept_version_drift, allow_pickle=allow_pickle)
    report = evaluate_model(
        model, files, output, cv_folds=cv, group_by=group_by, corpus=corpus, with_learning_curve=learning_curve
    )
    metrics = report["metrics"]
    typer.echo(f"macro-F1 {metrics['macro_f1']:.3f}  views macro-F1 {metrics['views_macro_f1']:.3f}  "
               f"accuracy {metrics['accuracy']:.3f}  on {metrics['n']} tweets")
    for label, row in metrics["per_label"].items():
        typer.echo(f"  {label:<24} P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}  n {row['support']}")
    typer.echo(f"views called ({metrics['view_calls']} calls, {metrics['view_tweets']} tweets hold a view; "
               "95% intervals in brackets):")
    intervals = metrics["view_call_intervals"]
    typer.echo("  " + "  ".join(f"{name} {_rate(metrics[key])} {_bounds(intervals[key])}" for key, name in
                                (("false_view_rate", "false-view rate"), ("view_precision", "view precision"),
                                 ("view_recall", "view recall"))))
    review = report["needs_review"]
    typer.echo(f"calibration: ECE {report['calibration']['ece']:.3f}; needs_review flags "
               f"{_rate(review['flagged_share'])} of tweets and catches {_rate(review['errors_caught_share'])} of the errors")
    if "cross_validation" in report:
        cvm = report["cross_validation"]
        typer.echo(f"cross-validation ({cvm['folds']} folds, grouped by {cvm['group_by'] or 'nothing'}): macro-F1 {cvm['macro_f1']:.3f}")
    for point in report.get("learning_curve", []):
        typer.echo(f"learning curve: {point['share']:.0%} of the corpus ({point['rows']} rows) -> macro-F1 {point['macro_f1']:.3f}")
    note(f"report written to {output}/")


def _check_folds(cv: int) -> None:
    if cv == 1:
        raise UsageError("--cv 1: cross-validation needs 2 folds or more; --cv 0 skips it")


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _bounds(interval: list[float] | None) -> str:
    return "" if interval is None else f"[{interval[0]:.3f}-{interval[1]:.3f}]"


@handle_errors
def retrain(
    labels_dir: LabelsDir = None,
    corpus: Annotated[list[str] | None, typer.Option("--corpus", metavar="PATH", help="The corpus the labels add to; repeat to add several [default: the shipped corpus].")] = None,
    eval_files: Annotated[list[str] | None, typer.Option("--eval", metavar="PATH", help="Held-out labelled tweets both models are scored on [default: the shipped evaluation chats].")] = None,
    tolerance: Annotated[float, typer.Option("--tolerance", metavar="NUMBER", help="How much lower the candidate's held-out macro-F1 may be and still be promoted.")] = RETRAIN_TOLERANCE,
    force: Annotated[bool, typer.Option("--force", help="Promote the candidate whatever its score.")] = False,
    cv: Annotated[int, typer.Option("--cv", min=0, metavar="K", help="Folds of cross-validation recorded in the candidate's manifest.")] = ModelConfig.cv_folds,
    models_dir: ModelsDir = None,
    allow_pickle: AllowPickle = False,
) -> None:
    """Retrain on the merged corpus and promote the candidate only if it is not worse.

    A full refit: the candidate is trained from scratch on the base corpus plus every imported label,
    with the current model's configuration. Candidate and current model are scored on the same
    held-out tweets and shown side by side; both stay in the store, and `models rollback` undoes a
    promotion.

    Example: socialviews retrain --tolerance 0.01
    """
    from socialviews.labelling.queue import default_labels_dir
    from socialviews.training.retrain import retrain as retrain_model

    if not math.isfinite(tolerance) or tolerance < 0:
        raise UsageError(f"--tolerance takes a number of 0 or more (such as 0.01), not {tolerance}")
    _check_folds(cv)
    result = retrain_model(
        default_labels_dir(labels_dir), base_corpus=corpus, eval_files=eval_files, models_dir=models_dir,
        tolerance=tolerance, force=force, cv_folds=cv, labels_given=labels_dir is not None, allow_pickle=allow_pickle,
    )
    typer.echo(f"{'':<22}{'current':>28}{'candidate':>28}")
    for key in ("model_id", "rows", "eval_macro_f1", "eval_views_macro_f1", "cv_macro_f1"):
        current, candidate = result["current"][key], result["candidate"][key]
        typer.echo(f"{key:<22}{_value(current):>28}{_value(candidate):>28}")
    verdict = "promoted" if result["promoted"] else "kept the current model"
    typer.echo(f"{verdict}: {result['reason']}; {result['added_rows']} rows added")


def _value(value) -> str:
    return "-" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)
