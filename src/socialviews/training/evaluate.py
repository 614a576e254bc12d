"""Evaluation: score a model on labelled tweets and write a report folder.

The folder holds ``report.json`` (per-label precision/recall/F1 and "confused with", macro-F1,
macro-F1 over the views without ``none``, the false-view rate, view precision and view recall,
the same per file, the decision rule, the expected calibration error with its bins, what the
``needs_review`` flag catches, optional grouped cross-validation and learning curve),
``errors.csv`` (every miss with its confidence), ``confusion_matrix.csv`` and ``.png``,
``confidence.png`` (a histogram of confidence for right and wrong predictions),
``calibration.png`` (the reliability diagram) and ``view_thresholds.csv`` and ``.png`` (what the
decision rule would call at other view thresholds: false-view rate, view precision and recall).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.core.atomic import atomic_write, atomic_write_text
from socialviews.core.errors import SocialViewsError, UsageError
from socialviews.core.taxonomy import load_taxonomy
from socialviews.files.output import write_table
from socialviews.model.decision import threshold_sweep
from socialviews.model.metrics import expected_calibration_error, rounded, score
from socialviews.training.corpus import labelled_files, load_corpus, read_labelled

if TYPE_CHECKING:
    import pandas as pd

    from socialviews.model.model import Model

log = logging.getLogger(__name__)

LEARNING_CURVE_SHARES = (0.25, 0.5, 0.75, 1.0)


def check_options(
    labelled: list[str | Path],
    out_dir: str | Path,
    *,
    cv_folds: int = 0,
    group_by: str | None = None,
    corpus: list[str | Path] | None = None,
) -> None:
    """Refuse options :func:`evaluate` cannot take, before a model is loaded or a tweet scored.

    Raises
    ------
    UsageError
        ``cv_folds`` is neither 0 (no cross-validation) nor 2 or more; ``group_by`` is given without
        cross-validation; or ``out_dir`` cannot be the report folder (see :func:`check_report_folder`).
    """
    if cv_folds < 0 or cv_folds == 1:
        raise UsageError(f"--cv {cv_folds}: cross-validation needs 2 folds or more; 0 (the default) runs none")
    if group_by is not None and cv_folds < 2:
        raise UsageError(f"--group-by needs --cv K: it groups the folds of cross-validation; add --cv 5 or drop "
                         f"--group-by {group_by}")
    check_report_folder(out_dir, [*labelled, *(corpus or [])])


def check_report_folder(out_dir: str | Path, inputs: list[str | Path]) -> None:
    """Refuse a report folder that is a file, or that is, holds or sits inside one of the ``inputs``.

    A report written among the labelled files would be read as labelled tweets by the next run.

    Raises
    ------
    UsageError
        With a message that says to choose another folder.
    """
    out = Path(out_dir)
    existing = next((path for path in (out, *out.parents) if path.exists()), None)
    if existing is not None and not existing.is_dir():
        where = "" if existing == out else f" ({existing} is a file)"
        raise UsageError(f"-o {out} is a file{where}; -o names the report folder, so pick another name")
    target = Path(os.path.realpath(out))
    for item in inputs:
        if not Path(item).exists():
            continue
        source = Path(os.path.realpath(item))
        if target == source:
            problem = "is an input"
        elif source.is_dir() and target.is_relative_to(source):
            problem = f"is inside the input folder {item}"
        elif source.is_relative_to(target):
            problem = f"holds the input {item}"
        else:
            continue
        raise UsageError(f"-o {out} {problem}; choose another folder for the report")


def read_held_out(labelled: list[str | Path], taxonomy) -> pd.DataFrame:
    """Read labelled CSV files and folders of them into one frame (with ``file`` and ``file_path``)."""
    import pandas as pd

    files = []
    for item in labelled:
        path = Path(item)
        files.extend(labelled_files(path) if path.is_dir() else [path])
    if not files:
        raise SocialViewsError(f"no labelled CSV in {', '.join(map(str, labelled))}")
    frames = []
    for path in files:
        frame = read_labelled(path, taxonomy)
        frame["file_path"] = str(path)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def review_summary(needs_review, correct) -> dict:
    """How much the ``needs_review`` flag is worth: the share of errors it catches and of tweets it flags.

    Returns
    -------
    dict
        ``flagged`` (tweets flagged), ``flagged_share``, ``errors``, ``errors_caught`` (errors that are
        flagged), ``errors_caught_share``, and ``accuracy_flagged`` / ``accuracy_unflagged``.
    """
    import numpy as np

    flagged = np.asarray(needs_review, dtype=bool)
    correct = np.asarray(correct, dtype=bool)
    errors = ~correct

    def share(a: int, b: int) -> float | None:
        return a / b if b else None

    return {
        "flagged": int(flagged.sum()),
        "flagged_share": share(int(flagged.sum()), len(flagged)),
        "errors": int(errors.sum()),
        "errors_caught": int((errors & flagged).sum()),
        "errors_caught_share": share(int((errors & flagged).sum()), int(errors.sum())),
        "accuracy_flagged": share(int((correct & flagged).sum()), int(flagged.sum())),
        "accuracy_unflagged": share(int((correct & ~flagged).sum()), int((~flagged).sum())),
    }


def learning_curve(model: Model, corpus: pd.DataFrame, held_out: pd.DataFrame) -> list[dict]:
    """Macro-F1 on ``held_out`` of models trained on 25/50/75/100% of ``corpus`` (stratified)."""
    from sklearn.model_selection import train_test_split

    from socialviews.model.model import Model
    from socialviews.training.train import fit_pipeline, row_weights

    points = []
    for share in LEARNING_CURVE_SHARES:
        if share < 1.0:
            part, _ = train_test_split(
                corpus, train_size=share, stratify=corpus["label"], random_state=model.config.seed
            )
        else:
            part = corpus
        pipeline, _ = fit_pipeline(part["text"].tolist(), part["label"].tolist(), model.config, row_weights(part, model.config))
        scored = Model(pipeline, model.manifest).score_texts(held_out["text"].tolist())
        result = score(held_out["label"], scored["view"], model.labels, model.decision.no_view_labels)
        points.append(
            {"share": share, "rows": int(len(part)), "macro_f1": result["macro_f1"], "views_macro_f1": result["views_macro_f1"]}
        )
        log.info("learning curve: %d%% of the corpus -> macro-F1 %.3f", share * 100, result["macro_f1"])
    return points


def _plots(report: dict, right: list[float], wrong: list[float], out_dir: Path) -> None:
    # Figure objects, not pyplot: drawing the report must not switch the caller's backend (a notebook's inline one)
    from matplotlib.figure import Figure

    matrix = report["metrics"]["confusion_matrix"]
    labels = matrix["labels"]
    fig = Figure(figsize=(6.5, 5.5))
    ax = fig.subplots()
    ax.imshow(matrix["rows"], cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    for i, row in enumerate(matrix["rows"]):
        for j, value in enumerate(row):
            ax.text(j, i, str(value), ha="center", va="center")
    ax.set_title(f"macro-F1 {report['metrics']['macro_f1']:.3f}")
    fig.tight_layout()
    with atomic_write(out_dir / "confusion_matrix.png", "wb", encoding=None) as handle:
        fig.savefig(handle, format="png", dpi=100)

    fig = Figure(figsize=(6.5, 4))
    ax = fig.subplots()
    bins = [i / 20 for i in range(21)]
    ax.hist([right, wrong], bins=bins, label=["right", "wrong"], color=["#3b7", "#d54"])
    ax.set_xlabel("confidence")
    ax.set_ylabel("tweets")
    ax.legend()
    fig.tight_layout()
    with atomic_write(out_dir / "confidence.png", "wb", encoding=None) as handle:
        fig.savefig(handle, format="png", dpi=100)

    calibration = report["calibration"]
    filled = [b for b in calibration["bins"] if b["n"]]
    fig = Figure(figsize=(5.5, 5))
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], color="#999", linestyle="--", label="perfectly calibrated")
    ax.plot([b["confidence"] for b in filled], [b["accuracy"] for b in filled], marker="o", color="#36c", label="model")
    for b in filled:
        ax.annotate(str(b["n"]), (b["confidence"], b["accuracy"]), textcoords="offset points", xytext=(4, -10), fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence of the label called")
    ax.set_ylabel("share right")
    ax.set_title(f"reliability diagram, ECE {calibration['ece']:.3f}")
    ax.legend(loc="upper left")
    fig.tight_layout()
    with atomic_write(out_dir / "calibration.png", "wb", encoding=None) as handle:
        fig.savefig(handle, format="png", dpi=100)
    _threshold_plot(report["view_thresholds"], out_dir)


def _threshold_plot(sweep: list[dict], out_dir: Path) -> None:
    """False-view rate, view precision and view recall against the view threshold, the fitted one marked."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.5, 4))
    ax = fig.subplots()
    x = [row["view_threshold"] for row in sweep]
    for key, colour in (("view_precision", "#36c"), ("view_recall", "#3b7"), ("false_view_rate", "#d54")):
        ax.plot(x, [row[key] if row[key] is not None else float("nan") for row in sweep], label=key.replace("_", " "),
                color=colour, marker=".")
    for row in sweep:
        if row["fitted"]:
            ax.axvline(row["view_threshold"], color="#999", linestyle="--", label="the model's threshold")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("view threshold (calibrated probability of the most probable view)")
    ax.legend(loc="center right", fontsize=8)
    fig.tight_layout()
    with atomic_write(out_dir / "view_thresholds.png", "wb", encoding=None) as handle:
        fig.savefig(handle, format="png", dpi=100)


def evaluate(
    model: Model,
    labelled: list[str | Path],
    out_dir: str | Path,
    *,
    cv_folds: int = 0,
    group_by: str | None = None,
    corpus: list[str | Path] | None = None,
    with_learning_curve: bool = False,
    taxonomy: str | Path | None = None,
) -> dict:
    """Score ``model`` on labelled tweets and write the report folder.

    Parameters
    ----------
    model : Model
    labelled : list of paths
        CSV files with ``text`` and ``label`` (held-out tweets, such as ``data/eval/``).
    out_dir : path
        The report folder (created); neither a file nor one of the inputs, nor inside or around one.
    cv_folds : int
        When 2 or more, also run K-fold cross-validation of the model's configuration on the corpus;
        0 runs none (1 is refused).
    group_by : {"author", "chat"}, optional
        Group the cross-validation folds so that one author's (or one chat's) rows never sit on both
        sides; needs ``cv_folds``.
    corpus : list of paths, optional
        The corpus for cross-validation and the learning curve; the shipped one by default.
    with_learning_curve : bool
        Train on 25/50/75/100% of the corpus and score each on the labelled tweets.

    Returns
    -------
    dict
        The content of ``report.json``, with its scores unrounded (the file holds them to 4 decimals).
    """
    import pandas as pd

    from socialviews.training.corpus import corpus_files

    check_options(labelled, out_dir, cv_folds=cv_folds, group_by=group_by, corpus=corpus)
    tax = load_taxonomy(taxonomy)
    held_out = read_held_out(labelled, tax)
    files = held_out["file_path"].unique().tolist()
    unknown = sorted(set(held_out["label"]) - set(model.labels))
    if unknown:
        raise SocialViewsError(f"labels {unknown} are not known to model {model.model_id}; retrain it with the taxonomy")
    scored = model.score_texts(held_out["text"].tolist())
    no_view = list(model.decision.no_view_labels)
    metrics = score(held_out["label"], scored["view"], model.labels, no_view)
    correct = (held_out["label"].to_numpy() == scored["view"])
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = {
        "model_id": model.model_id,
        "files": [str(f) for f in files],
        "metrics": metrics,
        "per_file": {
            str(path): score(held_out.loc[rows, "label"], scored["view"][rows.to_numpy()], model.labels, no_view)
            for path, rows in ((p, held_out["file_path"] == p) for p in files)
        } if len(files) > 1 else {},
        "decision": {k: v for k, v in model.manifest.get("decision", model.decision.to_dict()).items()},
        "calibration": expected_calibration_error(scored["confidence"], correct),
        "needs_review": review_summary(scored["needs_review"], correct),
        "view_thresholds": threshold_sweep(model.decision, scored["proba"], held_out["label"].to_numpy()),
    }
    for entry in report["per_file"].values():
        entry.pop("confusion_matrix", None)
    frame = held_out[["file", "line", "text", "label"]].rename(columns={"label": "gold"})
    frame["predicted"] = scored["view"]
    frame["confidence"] = scored["confidence"].round(4)
    for i, label in enumerate(model.labels):
        frame[f"p_{label}"] = scored["proba"][:, i].round(4)
    hit = (frame["gold"] == frame["predicted"]).to_numpy()
    if cv_folds > 1 or with_learning_curve:
        corpus_frame = load_corpus(corpus, tax)
        report["corpus"] = [str(f) for f in corpus_files(corpus)]
        if cv_folds > 1:
            from socialviews.training.train import cross_validate

            report["cross_validation"] = cross_validate(corpus_frame, tax, model.config, cv_folds, group_by)
        if with_learning_curve:
            report["learning_curve"] = learning_curve(model, corpus_frame, held_out)
    write_table(frame.loc[~hit].sort_values("confidence", ascending=False), out_dir / "errors.csv")
    matrix = pd.DataFrame(metrics["confusion_matrix"]["rows"], index=model.labels, columns=model.labels)
    matrix.index.name = "gold"
    with atomic_write(out_dir / "confusion_matrix.csv", "w", newline="") as handle:
        matrix.to_csv(handle)
    write_table(pd.DataFrame(rounded(report["view_thresholds"])), out_dir / "view_thresholds.csv")
    _plots(report, scored["confidence"][hit].tolist(), scored["confidence"][~hit].tolist(), out_dir)
    atomic_write_text(out_dir / "report.json", json.dumps(_as_written(report), indent=2) + "\n")
    return report


def _as_written(report: dict) -> dict:
    """The report as ``report.json`` holds it: scores to 4 decimals, the decision rule's parameters as they are."""
    written = {key: value if key == "decision" else rounded(value) for key, value in report.items()}
    decision = report["decision"]
    if isinstance(decision.get("fitted_on"), dict):
        written["decision"] = {**decision, "fitted_on": rounded(decision["fitted_on"])}
    return written
