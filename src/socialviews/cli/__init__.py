"""The command line: thin typer wrappers over the library functions.

Heavy libraries (scikit-learn, pandas) are imported inside the commands, so ``--help`` stays fast.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from pathlib import Path

import typer

from socialviews.cli.errors import EXIT_INTERRUPTED, error_line, handle_errors, interrupted, unexpected
from socialviews.core.config import (
    CHUNK_SIZE,
    DASK_WORKERS,
    EXPLAIN_TOP,
    MAX_REJECTS,
    QUEUE_SIZE,
    QUEUE_STRATEGY,
    RESOLVE,
    RETRAIN_TOLERANCE,
    ModelConfig,
)
from socialviews.core.errors import SocialViewsError, UsageError
from socialviews.files.safety import handle_termination, printable

app = typer.Typer(
    name="socialviews",
    help="Tag every tweet of an exported Twitter/X chat with the view on social learning it holds.\n\n"
    "Example: socialviews classify chat.csv -o tagged.csv",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
models_app = typer.Typer(help="The model store: list, show, promote, roll back.", no_args_is_help=True)
app.add_typer(models_app, name="models")
labels_app = typer.Typer(help="Labels from your own chats: the labelling tools' setup, and importing what they export into your corpus.", no_args_is_help=True)
app.add_typer(labels_app, name="labels")

log = logging.getLogger("socialviews")

MODELS_DIR = typer.Option(None, "--models-dir", help="Model store folder [default: $SOCIALVIEWS_HOME/models or ./models].")
HOST = typer.Option(
    None, "--host", help="The chat's host (screen name): a Qn) tweet that does not ask and is not the host's answers Qn, as in "
    "#lrnchat [default: who posts the first Qn tweet that asks]."
)
TAXONOMY = typer.Option(None, "--taxonomy", help="A views.toml [default: the shipped taxonomy].")
ALLOW_PICKLE = typer.Option(False, "--allow-pickle", help="Load the model.joblib of a model this user did not train or import (loading a pickle runs any code it holds: only models you trust).")


_SETTINGS = {"quiet": False}


def _note(message: str) -> None:
    """A diagnostic line on stderr (a summary, where a file went); silenced by --quiet."""
    if not _SETTINGS["quiet"]:
        typer.echo(printable(message), err=True)


@app.callback()
def _setup(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details to stderr."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr."),
) -> None:
    _SETTINGS["quiet"] = quiet
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO
    # Our own messages at the chosen level; other libraries' (Dask, matplotlib) only from WARNING on,
    # or everything with --verbose.
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="socialviews: %(message)s",
                        stream=sys.stderr, force=True)
    for handler in logging.root.handlers:
        handler.setFormatter(_PrintableFormatter("socialviews: %(message)s"))
    log.setLevel(level)
    for noisy in ("distributed", "matplotlib", "PIL", "tornado", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)


class _PrintableFormatter(logging.Formatter):
    """Log lines without control characters: names and texts from input files are echoed safely."""

    def format(self, record: logging.LogRecord) -> str:
        return "\n".join(printable(line) for line in super().format(record).split("\n"))


@contextlib.contextmanager
def _progress(label: str):
    """A progress callback ``(done, total)``: a bar when stderr is a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    state: dict = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = typer.progressbar(length=total, label=label, file=sys.stderr)
            state["bar"].__enter__()
        state["bar"].update(done - state.get("done", 0))
        state["done"] = done

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)


def _print_json(data: dict) -> None:
    typer.echo(json.dumps(data, indent=2, default=str))


@app.command()
@handle_errors
def classify(
    inputs: list[str] = typer.Argument(..., metavar="INPUT", help="Export files, globs or folders; - for stdin."),
    output: str | None = typer.Option(None, "--output", "-o", help="Output .csv, .parquet or .jsonl [default: CSV on stdout]."),
    fmt: str | None = typer.Option(None, "--format", "-f", help="Force the input format: tags, twarc2, twarc2-flat, twarc-csv, v1.1, twarc1-csv, archive, grailbird, snscrape, transcript, jsonl or csv."),
    text_column: str | None = typer.Option(None, "--text-column", help="The text column of a generic CSV/JSONL."),
    max_rejects: str = typer.Option(MAX_REJECTS, "--max-rejects", help="Fail (exit 3) above this many unreadable records: a count or a percentage."),
    rejects: str | None = typer.Option(None, "--rejects", help="Where unreadable records go [default: OUT.rejects.csv beside the output]."),
    model_id: str | None = typer.Option(None, "--model", help="A stored model id [default: the current model]."),
    models_dir: str | None = MODELS_DIR,
    accept_version_drift: bool = typer.Option(False, "--accept-version-drift", help="Load a model saved under another scikit-learn minor version."),
    allow_pickle: bool = ALLOW_PICKLE,
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes that read and classify chunks (the output is the same) [default: one per core, at most one per chunk]."),
    chunk_size: int = typer.Option(CHUNK_SIZE, "--chunk-size", min=1, help="Records read and classified at a time; bounds memory (the output is the same)."),
    spreadsheet_safe: bool = typer.Option(False, "--spreadsheet-safe", help="In CSV output, put a ' before cells that start with = + - @ (a spreadsheet would run them as formulas); texts are then not byte-identical."),
    engine: str = typer.Option("local", "--engine", help="local, or dask: partitioned Parquet in the folder -o names."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="With --engine dask: a scheduler address [default: a local cluster]."),
    host: str | None = HOST,
) -> None:
    """Classify every tweet of chat exports; one row per tweet.

    Example: socialviews classify data/samples/ldinsight_generic.csv -o tagged.csv
    """
    from socialviews.engine.local import classify_files
    from socialviews.training.default import load_model

    if engine not in ("local", "dask"):
        raise UsageError(f"--engine takes local or dask, not {engine!r}")
    if engine == "dask":
        if not output:
            raise UsageError("--engine dask writes a folder of Parquet parts: name it with -o OUT_DIR")
        import importlib.util

        if importlib.util.find_spec("distributed") is None:
            from socialviews.engine.dask_cluster import INSTALL_HINT

            raise SocialViewsError(INSTALL_HINT)
    model = load_model(models_dir, model_id, accept_version_drift=accept_version_drift, scoring_only=True,
                       allow_pickle=allow_pickle)
    if engine == "dask":
        from socialviews.engine.dask_cluster import classify_dask

        summary = classify_dask(inputs, model, output, scheduler=scheduler, fmt=fmt, text_column=text_column,
                                max_rejects=max_rejects, n_workers=jobs or DASK_WORKERS, chunk_size=chunk_size, host=host)
        _note(
            f"socialviews: {summary['records']} records read = {summary['classified']} classified + "
            f"{summary['rejected']} rejected + {summary['duplicates']} duplicate ids{_repaired_note(summary)}; "
            f"{len(summary['parts'])} Parquet parts in {output} ({summary['scheduler']})"
        )
        return
    with _progress("classifying") as progress:
        summary = classify_files(
            inputs, model, output, fmt=fmt, text_column=text_column, max_rejects=max_rejects,
            rejects_path=rejects, progress=progress, jobs=jobs, chunk_size=chunk_size, safe_csv=spreadsheet_safe,
            host=host,
        )
    views = ", ".join(f"{label} {count}" for label, count in summary["views"].items())
    _note(
        f"socialviews: {summary['records']} records read = {summary['classified']} classified + "
        f"{summary['rejected']} rejected + {summary['duplicates']} duplicate ids{_repaired_note(summary)}; views: {views}; "
        f"{summary['needs_review']} need review (model {summary['model_id']})"
    )
    if summary["rejects_file"]:
        _note(f"socialviews: rejected records are in {summary['rejects_file']}")
    elif summary["rejected"]:
        _note(f"socialviews: the {summary['rejected']} rejected records were not saved; pass --rejects FILE to keep them")


def _repaired_note(summary: dict) -> str:
    repaired = summary.get("repaired", 0)
    return f" ({repaired} repaired: bytes that are not UTF-8 read as Windows-1252)" if repaired else ""


@app.command()
@handle_errors
def train(
    corpus: list[str] | None = typer.Option(None, "--corpus", help="Labelled CSV or folder; repeat to add several [default: the shipped corpus]."),
    add: bool = typer.Option(False, "--add", help="Train on the shipped corpus plus --corpus, instead of --corpus alone."),
    eval_file: str | None = typer.Option(None, "--eval", help="Held-out labelled CSV to score the new model on."),
    cv: int = typer.Option(ModelConfig.cv_folds, "--cv", min=0, help="Folds of cross-validation recorded in the manifest (0 skips)."),
    seed: int = typer.Option(ModelConfig.seed, "--seed", min=0, max=2**32 - 1, help="Random seed."),
    no_promote: bool = typer.Option(False, "--no-promote", help="Store the model without making it current."),
    models_dir: str | None = MODELS_DIR,
    taxonomy: str | None = TAXONOMY,
) -> None:
    """Train a model on the labelled corpus, cross-validate it and store it as the current model.

    Example: socialviews train --corpus data/labelled --eval data/eval/chat_01.csv
    """
    from dataclasses import replace

    from socialviews.training.corpus import embedded_corpus_dir
    from socialviews.training.train import train as train_model

    paths = list(corpus or [])
    if add:
        paths.insert(0, str(embedded_corpus_dir()))
    result = train_model(
        paths or None,
        taxonomy=taxonomy,
        config=replace(ModelConfig(), seed=seed),
        models_dir=models_dir,
        make_current=not no_promote,
        cv_folds=cv,
        eval_file=eval_file,
    )
    _print_json(result)


@app.command()
@handle_errors
def evaluate(
    files: list[str] = typer.Argument(..., metavar="FILE", help="Labelled CSV files or folders (text,label)."),
    out: str = typer.Option("evaluation", "--out", "-o", help="Report folder."),
    cv: int = typer.Option(0, "--cv", min=0, help="Also run K-fold cross-validation on the corpus (K > 1)."),
    group_by: str | None = typer.Option(None, "--group-by", help="Group the folds by 'author' or 'chat'."),
    learning_curve: bool = typer.Option(False, "--learning-curve", help="Retrain on 25/50/75/100% of the corpus and score each."),
    corpus: list[str] | None = typer.Option(None, "--corpus", help="Corpus for --cv and --learning-curve [default: the shipped corpus]."),
    model_id: str | None = typer.Option(None, "--model", help="A stored model id [default: the current model]."),
    models_dir: str | None = MODELS_DIR,
    allow_pickle: bool = ALLOW_PICKLE,
) -> None:
    """Score a model on held-out labelled tweets and write a report folder.

    Example: socialviews evaluate data/eval --cv 5 --group-by author --learning-curve -o evaluation
    """
    from socialviews.training.default import load_model
    from socialviews.training.evaluate import evaluate as evaluate_model

    if group_by not in (None, "author", "chat"):
        raise UsageError(f"--group-by takes author or chat, not {group_by!r}")
    model = load_model(models_dir, model_id, allow_pickle=allow_pickle)
    report = evaluate_model(
        model, files, out, cv_folds=cv, group_by=group_by, corpus=corpus, with_learning_curve=learning_curve
    )
    metrics = report["metrics"]
    typer.echo(f"macro-F1 {metrics['macro_f1']:.3f}  views macro-F1 {metrics['views_macro_f1']:.3f}  "
               f"accuracy {metrics['accuracy']:.3f}  on {metrics['n']} tweets")
    for label, row in metrics["per_label"].items():
        typer.echo(f"  {label:<24} P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}  n {row['support']}")
    typer.echo(f"views called: false-view rate {_rate(metrics['false_view_rate'])}  view precision "
               f"{_rate(metrics['view_precision'])}  view recall {_rate(metrics['view_recall'])}  "
               f"({metrics['view_calls']} calls, {metrics['view_tweets']} tweets hold a view)")
    review = report["needs_review"]
    typer.echo(f"calibration: ECE {report['calibration']['ece']:.3f}; needs_review flags "
               f"{_rate(review['flagged_share'])} of tweets and catches {_rate(review['errors_caught_share'])} of the errors")
    if "cross_validation" in report:
        cvm = report["cross_validation"]
        typer.echo(f"cross-validation ({cvm['folds']} folds, grouped by {cvm['group_by'] or 'nothing'}): macro-F1 {cvm['macro_f1']:.3f}")
    for point in report.get("learning_curve", []):
        typer.echo(f"learning curve: {point['share']:.0%} of the corpus ({point['rows']} rows) -> macro-F1 {point['macro_f1']:.3f}")
    _note(f"report written to {out}/")


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


@app.command()
@handle_errors
def explain(
    text: str = typer.Argument(..., help="The tweet text; - reads it from stdin."),
    top: int = typer.Option(EXPLAIN_TOP, "--top", min=1, help="How many n-grams to show each way."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    model_id: str | None = typer.Option(None, "--model", help="A stored model id [default: the current model]."),
    models_dir: str | None = MODELS_DIR,
    allow_pickle: bool = ALLOW_PICKLE,
) -> None:
    """Show the view of one text, its probabilities and the n-grams that pushed the decision.

    Example: socialviews explain "A2 our WOL circles changed how leaders share on Yammer"
    """
    from socialviews.training.default import load_model

    if text == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise UsageError("explain needs a text: socialviews explain \"A2 buddies for new starters\"")
    result = load_model(models_dir, model_id, allow_pickle=allow_pickle).explain(text, top=top)
    if as_json:
        _print_json(result)
        return
    flag = "  (needs review)" if result["needs_review"] else ""
    typer.echo(f"view: {result['view']}  confidence {result['confidence']:.3f}{flag}")
    typer.echo(f"normalised: {result['normalised']}")
    for label, p in sorted(result["probabilities"].items(), key=lambda kv: -kv[1]):
        typer.echo(f"  {label:<24} {p:.3f}")
    typer.echo("pushed towards it: " + ", ".join(f"{n} (+{w:.2f})" for n, w in result["pushed_for"]))
    typer.echo("pushed away from it: " + ", ".join(f"{n} ({w:.2f})" for n, w in result["pushed_against"]))


@app.command()
@handle_errors
def check(
    corpus: list[str] | None = typer.Option(None, "--corpus", help="Labelled CSV or folder [default: the shipped corpus]."),
    eval_files: list[str] | None = typer.Option(None, "--eval", help="Held-out labelled CSV or folder, checked for leakage."),
    taxonomy: str | None = TAXONOMY,
    as_json: bool = typer.Option(False, "--json", help="Print the full audit as JSON."),
) -> None:
    """Audit the corpus: counts, duplicates, conflicts, leakage into the eval set, unknown labels, lengths.

    Exits 1 when it finds duplicates, conflicts, leakage or unknown labels.

    Example: socialviews check --corpus data/labelled --eval data/eval
    """
    from socialviews.training.audit import audit

    report = audit(corpus, eval_files, taxonomy)
    if as_json:
        _print_json(report)
    else:
        for line in report["lines"]:
            typer.echo(printable(line))
    if report["problems"]:
        raise SocialViewsError(f"{report['problems']} problem(s) found in the corpus; see above")


@app.command()
@handle_errors
def report(
    inputs: list[str] = typer.Argument(..., metavar="INPUT", help="Chat exports, or classify outputs (with view and p_* columns); files, globs, folders, - for stdin."),
    output: str = typer.Option(..., "--output", "-o", help="The HTML file to write; - for stdout."),
    anonymise: bool = typer.Option(False, "--anonymise", help="Replace every handle (authors, @mentions) with a stable pseudonym."),
    title: str | None = typer.Option(None, "--title", help="The page title [default: names the chat]."),
    fmt: str | None = typer.Option(None, "--format", "-f", help="Force the format of the exports instead of detecting it."),
    text_column: str | None = typer.Option(None, "--text-column", help="The text column of a generic CSV/JSONL export."),
    model_id: str | None = typer.Option(None, "--model", help="A stored model id for exports [default: the current model]."),
    models_dir: str | None = MODELS_DIR,
    allow_pickle: bool = ALLOW_PICKLE,
    host: str | None = HOST,
    include_referenced: bool = typer.Option(False, "--include-referenced", help="Count the tweets a twarc2 export holds only because its tweets quote, reply to or retweet them (referenced_only) as tweets of the chat."),
) -> None:
    """Write a self-contained HTML report of one chat or many: view mix, per question, per participant,
    timeline, replies across views, interventions.

    Exports are classified on the fly; classify outputs are used as they are. One input file is one
    chat (several chats in one file are split where it falls silent for six hours).

    Example: socialviews report data/samples/ldinsight_generic.csv -o report.html --anonymise
    """
    if output != "-" and Path(output).suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"the report is an HTML page: end -o in .html (or - for stdout), not {output!r}")
    from socialviews.analysis import load_classified
    from socialviews.core.atomic import atomic_write_text
    from socialviews.report.html import build_report
    from socialviews.training.default import load_model

    frames = load_classified(inputs, model=lambda: load_model(models_dir, model_id, allow_pickle=allow_pickle), fmt=fmt,
                             text_column=text_column, include_referenced=include_referenced, host=host)
    page = build_report(frames, anonymise=anonymise, title=title, include_referenced=include_referenced)
    if output == "-":
        typer.echo(page, nl=False)
    else:
        atomic_write_text(output, page)
    tweets = sum(len(frame) for frame in frames)
    chats = len({chat for frame in frames for chat in frame["chat"]})
    where = "stdout" if output == "-" else output
    _note(f"socialviews: report of {tweets} tweets in {chats} chat(s) written to {where}")


@app.command()
@handle_errors
def queue(
    inputs: list[str] = typer.Argument(..., metavar="INPUT", help="Exports or classify outputs to pick tweets from."),
    n: int = typer.Option(QUEUE_SIZE, "-n", min=1, help="How many tweets to queue."),
    output: str | None = typer.Option(None, "--output", "-o", help="Where to write the queue [default: stdout]."),
    to: str = typer.Option("csv", "--to", help="csv, label-studio, doccano or prodigy."),
    strategy: str = typer.Option(QUEUE_STRATEGY, "--strategy", help="Uncertainty: margin (1 - lead over the runner-up) or entropy."),
    corpus: list[str] | None = typer.Option(None, "--corpus", help="Labelled CSVs or folders whose texts are left out [default: the shipped corpus and ./labelled]."),
    fmt: str | None = typer.Option(None, "--format", "-f", help="Force the input format."),
    model_id: str | None = typer.Option(None, "--model", help="A stored model id [default: the current model]."),
    models_dir: str | None = MODELS_DIR,
    allow_pickle: bool = ALLOW_PICKLE,
) -> None:
    """Rank unlabelled tweets for labelling: most uncertain first, no retweets or near-duplicates, spread over people and questions.

    Example: socialviews queue data/samples/ldinsight_generic.csv -n 20 -o to_label.csv
    """
    import pandas as pd

    from socialviews.analysis import load_classified
    from socialviews.core.taxonomy import load_taxonomy
    from socialviews.labelling.queue import (
        CONFIG_TOOLS,
        build_queue,
        config_path,
        default_labels_dir,
        export_queue,
        label_config,
    )
    from socialviews.training.audit import near_key
    from socialviews.training.corpus import corpus_files, embedded_corpus_dir, labelled_files, read_labelled
    from socialviews.training.default import load_model

    model = load_model(models_dir, model_id, allow_pickle=allow_pickle)
    classified = pd.concat(load_classified(inputs, model=model, fmt=fmt), ignore_index=True)
    if classified.empty:
        raise SocialViewsError("no tweet could be read from the input")
    tweets = classified
    sources = list(corpus or [])
    if not sources:
        sources = [embedded_corpus_dir()]
        mine = default_labels_dir()
        if labelled_files(mine):
            sources.append(mine)
    labelled = {near_key(t) for f in corpus_files(sources) for t in read_labelled(f)["text"]}
    ranked = build_queue(classified, model, n=n, strategy=strategy, exclude_texts=labelled)
    taxonomy = load_taxonomy()
    export_queue(ranked, output, to, taxonomy, model.model_id)
    _note(f"socialviews: queued {len(ranked)} of {len(tweets)} tweets ({to})")
    if to in CONFIG_TOOLS and output and output != "-":
        from socialviews.core.atomic import atomic_write_text

        setup = config_path(output, to)
        atomic_write_text(setup, label_config(taxonomy, to))
        _note(f"socialviews: the matching {'labelling config' if to == 'label-studio' else 'label types'} is in {setup}")


@labels_app.command("config")
@handle_errors
def labels_config(
    tool: str = typer.Option("label-studio", "--for", help="label-studio (the labelling config, XML) or doccano (label types, JSON)."),
) -> None:
    """Print the labelling setup that matches `queue --to label-studio` or `--to doccano`.

    Label Studio attaches the model's suggestions only when the project's config names the choices
    "view" and the text "text", as this one does.

    Example: socialviews labels config --for label-studio > label-config.xml
    """
    from socialviews.core.taxonomy import load_taxonomy
    from socialviews.labelling.queue import label_config

    typer.echo(label_config(load_taxonomy(), tool), nl=False)


@labels_app.command("import")
@handle_errors
def labels_import(
    path: str = typer.Argument(..., help="A filled queue CSV, or a Label Studio, doccano (zipped or not) or Prodigy export."),
    corpus: str | None = typer.Option(None, "--corpus", help="Corpus folder to add to [default: $SOCIALVIEWS_HOME/labelled or ./labelled]."),
    fmt: str | None = typer.Option(None, "--format", "-f", help="csv, label-studio, label-studio-min, label-studio-csv, label-studio-tsv, doccano, doccano-json, doccano-csv or prodigy [default: detected from the content]."),
    resolve: str = typer.Option(RESOLVE, "--resolve", help="When the annotators of one task disagree: skip (report it, import none), majority (a label more than half chose), or annotator:NAME (NAME's label; NAME as the export names them)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any row is invalid, conflicting or disputed (valid rows are still imported); without it, only when nothing could be imported."),
) -> None:
    """Merge newly labelled tweets into your corpus, reporting duplicates, conflicts, disagreements and unknown labels.

    Example: socialviews labels import project-1-at-2026-12-03.json
    """
    from socialviews.core.taxonomy import load_taxonomy
    from socialviews.labelling.exports import parse_rule
    from socialviews.labelling.importing import import_labels
    from socialviews.labelling.queue import default_labels_dir
    from socialviews.training.corpus import embedded_corpus_dir

    parse_rule(resolve)
    target = default_labels_dir(corpus)
    report = import_labels(path, target, load_taxonomy(), fmt=fmt, base_corpus=[embedded_corpus_dir()], resolve=resolve)
    typer.echo(
        f"{report['imported']} imported into {report['corpus_file']}, {report['already_labelled']} already labelled "
        f"the same, {report['unlabelled']} without a label, {len(report['invalid'])} invalid, "
        f"{len(report['conflicts'])} conflicts, {len(report['disagreements'])} disagreements "
        f"({report['format']}, {report['rows']} tasks)"
    )
    for row in report["invalid"]:
        typer.echo(printable(f"  {row['where']}: {row['reason']}: {row['text'][:70]}"), err=True)
    for row in report["conflicts"]:
        typer.echo(printable(f"  {row['where']}: conflict: labelled {row['label']!r}, the corpus says {row['existing']!r}: {row['text'][:70]}"), err=True)
    for row in report["disagreements"]:
        typer.echo(printable(f"  {row['where']}: {row['reason']}: {row['text'][:70]}"), err=True)
    problems = report["invalid"] or report["conflicts"] or report["disagreements"]
    if problems and (strict or not report["imported"]):
        raise SocialViewsError("some rows were not imported (see above); fix them and import the file again")


@app.command()
@handle_errors
def retrain(
    labels_dir: str | None = typer.Option(None, "--labels", help="Folder of imported labels [default: $SOCIALVIEWS_HOME/labelled or ./labelled]."),
    base: list[str] | None = typer.Option(None, "--base-corpus", help="The corpus the labels add to [default: the shipped corpus]."),
    eval_files: list[str] | None = typer.Option(None, "--eval", help="Held-out labelled tweets both models are scored on [default: the shipped evaluation chats]."),
    tolerance: float = typer.Option(RETRAIN_TOLERANCE, "--tolerance", help="How much lower the candidate's held-out macro-F1 may be and still be promoted."),
    force: bool = typer.Option(False, "--force", help="Promote the candidate whatever its score."),
    cv: int = typer.Option(ModelConfig.cv_folds, "--cv", min=0, help="Folds of cross-validation recorded in the candidate's manifest."),
    models_dir: str | None = MODELS_DIR,
    allow_pickle: bool = ALLOW_PICKLE,
) -> None:
    """Retrain on the merged corpus and promote the candidate only if it is not worse.

    A full refit: the candidate is trained from scratch on the base corpus plus every imported label,
    with the current model's configuration. Candidate and current model are scored on the same
    held-out tweets and shown side by side; both stay in the store, and `models rollback` undoes a
    promotion.

    Example: socialviews retrain --tolerance 0.01
    """
    import math

    from socialviews.labelling.queue import default_labels_dir
    from socialviews.training.retrain import retrain as retrain_model

    if not math.isfinite(tolerance) or tolerance < 0:
        raise UsageError(f"--tolerance takes a number of 0 or more (such as 0.01), not {tolerance}")

    result = retrain_model(
        default_labels_dir(labels_dir), base_corpus=base, eval_files=eval_files, models_dir=models_dir,
        tolerance=tolerance, force=force, cv_folds=cv, labels_given=labels_dir is not None, allow_pickle=allow_pickle,
    )
    typer.echo(f"{'':<22}{'current':>28}{'candidate':>28}")
    def fmt_value(value) -> str:
        return "-" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)

    for key in ("model_id", "rows", "eval_macro_f1", "eval_views_macro_f1", "cv_macro_f1"):
        cur, cand = result["current"][key], result["candidate"][key]
        typer.echo(f"{key:<22}{fmt_value(cur):>28}{fmt_value(cand):>28}")
    verdict = "promoted" if result["promoted"] else "kept the current model"
    typer.echo(f"{verdict}: {result['reason']}; {result['added_rows']} rows added")


@models_app.command("list")
@handle_errors
def models_list(models_dir: str | None = MODELS_DIR) -> None:
    """List the stored models; * marks the current one.

    Example: socialviews models list
    """
    from socialviews.model.store import ModelStore

    rows = ModelStore(models_dir).list()
    if not rows:
        _note("no models yet; run `socialviews train`")
    for row in rows:
        mark = "*" if row["current"] else " "
        cv = f"{row['cv_macro_f1']:.3f}" if row["cv_macro_f1"] is not None else "-"
        ev = f"{row['eval_macro_f1']:.3f}" if row["eval_macro_f1"] is not None else "-"
        typer.echo(f"{mark} {row['model_id']}  {row['created_at']}  rows {row['rows']}  cv macro-F1 {cv}  eval macro-F1 {ev}")


@models_app.command("show")
@handle_errors
def models_show(model_id: str | None = typer.Argument(None, help="Model id [default: the current one]."), models_dir: str | None = MODELS_DIR) -> None:
    """Print a model's manifest.

    Example: socialviews models show
    """
    from socialviews.model.store import ModelStore

    store = ModelStore(models_dir)
    model_id = model_id or store.current_id()
    if not model_id:
        raise SocialViewsError(f"no current model in {store.root}; run `socialviews train`")
    _print_json(store.manifest(model_id))


@models_app.command("promote")
@handle_errors
def models_promote(model_id: str = typer.Argument(..., help="Model id."), models_dir: str | None = MODELS_DIR) -> None:
    """Make a stored model current.

    Example: socialviews models promote 20260301T101500Z-1a2b3c4d
    """
    from socialviews.model.store import ModelStore

    ModelStore(models_dir).promote(model_id)
    _note(f"current model: {model_id}")


@models_app.command("rollback")
@handle_errors
def models_rollback(models_dir: str | None = MODELS_DIR) -> None:
    """Make the previously current model current again.

    Example: socialviews models rollback
    """
    from socialviews.model.store import ModelStore

    model_id = ModelStore(models_dir).rollback()
    _note(f"current model: {model_id}")


@models_app.command("export")
@handle_errors
def models_export(
    output: str = typer.Argument(..., help="The .skops file to write."),
    model_id: str | None = typer.Option(None, "--model", help="Model id [default: the current one]."),
    models_dir: str | None = MODELS_DIR,
    allow_pickle: bool = ALLOW_PICKLE,
) -> None:
    """Write a stored model to a .skops file that another machine can import without running code.

    Example: socialviews models export ldinsight-2026.skops
    """
    from socialviews.model.portable import export_model
    from socialviews.model.store import ModelStore

    path = export_model(ModelStore(models_dir), model_id, output, allow_pickle=allow_pickle)
    _note(f"exported to {path}")


@models_app.command("import")
@handle_errors
def models_import(
    path: str = typer.Argument(..., help="A .skops file written by `socialviews models export`."),
    promote: bool = typer.Option(False, "--promote", help="Make the imported model current."),
    allow_pickle: bool = typer.Option(False, "--allow-pickle", help="Accept a model.joblib (runs code when loaded: only your own files)."),
    models_dir: str | None = MODELS_DIR,
) -> None:
    """Add a model exported elsewhere to the store; types outside the trust list are refused unloaded.

    Example: socialviews models import ldinsight-2026.skops --promote
    """
    from socialviews.model.portable import import_model
    from socialviews.model.store import ModelStore

    model_id = import_model(path, ModelStore(models_dir), allow_pickle=allow_pickle, make_current=promote)
    typer.echo(model_id)


def main() -> None:
    """Console-script entry point: usage errors, too, end in one line (exit 2)."""
    handle_termination()
    try:
        result = app(standalone_mode=False)
    except KeyboardInterrupt as exc:
        raise SystemExit(interrupted(exc)) from None
    except Exception as exc:
        if type(exc).__name__ == "Abort":
            raise SystemExit(EXIT_INTERRUPTED) from None
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `socialviews` or `socialviews models`: the help
            typer.echo(exc.format_message(), err=True)
            raise SystemExit(exc.exit_code) from None
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):  # click's usage errors
            message = " ".join(exc.format_message().split())
            typer.echo(f"{error_line(message)} (see socialviews --help)", err=True)
            raise SystemExit(exc.exit_code) from None
        raise SystemExit(unexpected(exc)) from None
    raise SystemExit(result if isinstance(result, int) else 0)
