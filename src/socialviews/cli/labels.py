"""The labelling loop: ``queue`` picks tweets to label, ``labels config`` and ``labels import`` connect the
labelling tools, ``check`` audits the corpus the labels end in."""

from __future__ import annotations

from typing import Annotated

import typer

from socialviews.cli.aliases import aliased
from socialviews.cli.console import note, print_json
from socialviews.cli.errors import handle_errors
from socialviews.cli.options import (
    AcceptVersionDrift,
    AllowPickle,
    Host,
    LabelsDir,
    ModelId,
    ModelsDir,
    TaxonomyFile,
    TextColumn,
)
from socialviews.core.config import LABEL_TOOL, QUEUE_SIZE, QUEUE_STRATEGY, RESOLVE
from socialviews.core.errors import SocialViewsError
from socialviews.core.words import counted, plural
from socialviews.files.safety import printable

app = typer.Typer(help="Labels from your own chats: the labelling tools' setup, and importing what they export into your corpus."
                       "\n\nExample: socialviews labels config --to label-studio; socialviews labels import export.json",
                  no_args_is_help=True)


@handle_errors
def queue(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT", help="Exports or classify outputs to pick tweets from.")],
    n: Annotated[int, typer.Option("-n", min=1, metavar="N", help="How many tweets to queue.")] = QUEUE_SIZE,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Where to write the queue [default: stdout].")] = None,
    to: Annotated[str, typer.Option("--to", metavar="FORMAT", help="csv, label-studio, doccano or prodigy.")] = "csv",
    strategy: Annotated[str, typer.Option("--strategy", metavar="margin|entropy", help="Uncertainty: margin (1 - lead over the runner-up) or entropy.")] = QUEUE_STRATEGY,
    corpus: Annotated[list[str] | None, typer.Option("--corpus", metavar="PATH", help="Labelled CSVs or folders whose texts are left out [default: the shipped corpus and ./labelled].")] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", metavar="NAME", help="Force the input format.")] = None,
    text_column: TextColumn = None,
    host: Host = None,
    model_id: ModelId = None,
    models_dir: ModelsDir = None,
    allow_pickle: AllowPickle = False,
    accept_version_drift: AcceptVersionDrift = False,
) -> None:
    """Rank unlabelled tweets for labelling: most uncertain first, no retweets or near-duplicates, spread over people and questions.

    Example: socialviews queue data/samples/ldinsight_generic.csv -n 20 -o to_label.csv
    """
    import pandas as pd

    from socialviews.analysis import load_classified
    from socialviews.core.taxonomy import load_taxonomy
    from socialviews.labelling.queue import (
        build_queue,
        check_queue_output,
        export_queue,
        labelled_keys,
        write_label_config,
    )
    from socialviews.training.default import load_model

    check_queue_output(inputs, output, to)
    model = load_model(models_dir, model_id, accept_version_drift=accept_version_drift, allow_pickle=allow_pickle)
    classified = pd.concat(load_classified(inputs, model=model, fmt=fmt, text_column=text_column, host=host),
                           ignore_index=True)
    if classified.empty:
        raise SocialViewsError("no tweet could be read from the input")
    ranked = build_queue(classified, model, n=n, strategy=strategy, exclude_texts=labelled_keys(corpus))
    taxonomy = load_taxonomy()
    export_queue(ranked, output, to, taxonomy, model.model_id)
    note(f"socialviews: queued {len(ranked)} of {counted(len(classified), 'tweet')} ({to})")
    setup = write_label_config(output, to, taxonomy)
    if setup is not None:
        note(f"socialviews: the matching {'labelling config is' if to == 'label-studio' else 'label types are'} in {setup}")


@app.command("config", cls=aliased({"--for": "--to"}))
@handle_errors
def labels_config(
    to: Annotated[str, typer.Option("--to", metavar="FORMAT", help="label-studio (the labelling config, XML) or doccano (label types, JSON).")] = LABEL_TOOL,
) -> None:
    """Print the labelling setup that matches `queue --to label-studio` or `--to doccano`.

    Label Studio attaches the model's suggestions only when the project's config names the choices
    "view" and the text "text", as this one does.

    Example: socialviews labels config --to label-studio > label-config.xml
    """
    from socialviews.core.taxonomy import load_taxonomy
    from socialviews.labelling.queue import label_config

    typer.echo(label_config(load_taxonomy(), to), nl=False)


@app.command("import", cls=aliased({"--corpus": "--labels-dir"}))
@handle_errors
def labels_import(
    path: Annotated[str, typer.Argument(metavar="FILE", help="A filled queue CSV, or a Label Studio, doccano (zipped or not) or Prodigy export.")],
    labels_dir: LabelsDir = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", metavar="NAME", help="csv, label-studio, label-studio-min, label-studio-csv, label-studio-tsv, doccano, doccano-json, doccano-csv or prodigy [default: detected from the content].")] = None,
    resolve: Annotated[str, typer.Option("--resolve", metavar="RULE", help="When the annotators of one task disagree: skip (report it, import none), majority (a label more than half chose), or annotator:NAME (NAME's label; NAME as the export names them).")] = RESOLVE,
    strict: Annotated[bool, typer.Option("--strict", help="All or nothing: when any row is invalid, conflicting or disputed, import none and exit 1; without it, valid rows are imported and it exits 1 only when none could be.")] = False,
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
    target = default_labels_dir(labels_dir)
    report = import_labels(path, target, load_taxonomy(), fmt=fmt, base_corpus=[embedded_corpus_dir()], resolve=resolve,
                           strict=strict)
    typer.echo(
        f"{report['imported']} imported into {report['corpus_file']}, {report['already_labelled']} already labelled "
        f"the same, {report['unlabelled']} without a label, {len(report['invalid'])} invalid, "
        f"{counted(len(report['conflicts']), 'conflict')}, {counted(len(report['disagreements']), 'disagreement')} "
        f"({report['format']}, {counted(report['rows'], 'task')})"
    )
    for row in report["invalid"]:
        typer.echo(printable(f"  {row['where']}: {row['reason']}: {row['text'][:70]}"), err=True)
    for row in report["conflicts"]:
        typer.echo(printable(f"  {row['where']}: conflict: labelled {row['label']!r}, the corpus says {row['existing']!r}: {row['text'][:70]}"), err=True)
    for row in report["disagreements"]:
        typer.echo(printable(f"  {row['where']}: {row['reason']}: {row['text'][:70]}"), err=True)
    problems = len(report["invalid"]) + len(report["conflicts"]) + len(report["disagreements"])
    if problems and not report["imported"]:  # with --strict, any problem imports nothing
        held = report["held_back"]
        why = f"--strict: nothing was imported ({counted(held, 'valid row')} held back)" if held else "nothing was imported"
        raise SocialViewsError(f"{why}; fix the {plural(problems, 'row')} above and import the file again")


@handle_errors
def check(
    corpus: Annotated[list[str] | None, typer.Option("--corpus", metavar="PATH", help="Labelled CSV or folder [default: the shipped corpus].")] = None,
    eval_files: Annotated[list[str] | None, typer.Option("--eval", metavar="PATH", help="Held-out labelled CSV or folder, checked for leakage.")] = None,
    taxonomy: TaxonomyFile = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full audit as JSON.")] = False,
) -> None:
    """Audit the corpus: counts, duplicates, conflicts, leakage into the eval set, unknown labels, lengths.

    Exits 1 when it finds duplicates, conflicts, leakage or unknown labels.

    Example: socialviews check --corpus data/labelled --eval data/eval
    """
    from socialviews.training.audit import audit

    report = audit(corpus, eval_files, taxonomy)
    if as_json:
        print_json(report)
    else:
        for line in report["lines"]:
            typer.echo(printable(line))
    if report["problems"]:
        raise SocialViewsError(f"{counted(report['problems'], 'problem')} found in the corpus; see above")
