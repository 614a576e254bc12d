"""``classify`` and ``explain``: the model applied to chat exports, or to one text."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from socialviews.cli.console import note, print_json, progress
from socialviews.cli.errors import handle_errors
from socialviews.cli.options import AcceptVersionDrift, AllowPickle, AsJson, Host, ModelId, ModelsDir, TextColumn
from socialviews.core.config import CHUNK_SIZE, DASK_WORKERS, EXPLAIN_TOP, MAX_REJECTS
from socialviews.core.errors import SocialViewsError, UsageError
from socialviews.core.words import counted, plural

FORMATS_HELP = ("Force the input format: tags, twarc2, twarc2-flat, twarc-csv, v1.1, twarc1-csv, archive, grailbird, "
                "snscrape, transcript, jsonl or csv.")


@handle_errors
def classify(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT", help="Export files, globs or folders; - for stdin.")],
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Output .csv, .parquet or .jsonl [default: CSV on stdout].")] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", metavar="NAME", help=FORMATS_HELP)] = None,
    text_column: TextColumn = None,
    max_rejects: Annotated[str, typer.Option("--max-rejects", metavar="N|N%", help="Fail (exit 3) above this many unreadable records: a count or a percentage.")] = MAX_REJECTS,
    rejects: Annotated[str | None, typer.Option("--rejects", metavar="FILE", help="Where unreadable records go [default: OUT.rejects.csv beside the output].")] = None,
    model_id: ModelId = None,
    models_dir: ModelsDir = None,
    accept_version_drift: AcceptVersionDrift = False,
    allow_pickle: AllowPickle = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes that read and classify chunks (the output is the same) [default: one per core, at most one per chunk].")] = None,
    chunk_size: Annotated[int, typer.Option("--chunk-size", min=1, metavar="N", help="Records read and classified at a time; bounds memory (the output is the same).")] = CHUNK_SIZE,
    spreadsheet_safe: Annotated[bool, typer.Option("--spreadsheet-safe", help="In CSV output, put a ' before cells that start with = + - @ (a spreadsheet would run them as formulas); texts are then not byte-identical.")] = False,
    engine: Annotated[str, typer.Option("--engine", metavar="local|dask", help="local, or dask: partitioned Parquet in the folder -o names.")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", metavar="ADDRESS", help="With --engine dask: a scheduler address [default: a local cluster].")] = None,
    host: Host = None,
) -> None:
    """Classify every tweet of chat exports; one row per tweet.

    Example: socialviews classify data/samples/ldinsight_generic.csv -o tagged.csv
    """
    from socialviews.engine.accounting import parse_max_rejects
    from socialviews.engine.local import classify_files
    from socialviews.files.sources import expand_inputs
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
    # Inputs and limits are checked before the model loads: an empty store trains the default first.
    expand_inputs(inputs)
    parse_max_rejects(max_rejects)
    model = load_model(models_dir, model_id, accept_version_drift=accept_version_drift, scoring_only=True,
                       allow_pickle=allow_pickle)
    if engine == "dask":
        from socialviews.engine.dask_cluster import classify_dask

        summary = classify_dask(inputs, model, output, scheduler=scheduler, fmt=fmt, text_column=text_column,
                                max_rejects=max_rejects, n_workers=jobs or DASK_WORKERS, chunk_size=chunk_size, host=host)
        note(f"socialviews: {_balance(summary)}; {counted(len(summary['parts']), 'Parquet part')} in {output} "
             f"({summary['scheduler']})")
        return
    with progress("classifying") as report_progress:
        summary = classify_files(
            inputs, model, output, fmt=fmt, text_column=text_column, max_rejects=max_rejects,
            rejects_path=rejects, progress=report_progress, jobs=jobs, chunk_size=chunk_size,
            safe_csv=spreadsheet_safe, host=host,
        )
    views = ", ".join(f"{label} {count}" for label, count in summary["views"].items())
    review = summary["needs_review"]
    note(f"socialviews: {_balance(summary)}; views: {views}; {review} {plural(review, 'needs', 'need')} review "
         f"(model {summary['model_id']})")
    rejected = summary["rejected"]
    if summary["rejects_file"]:
        note(f"socialviews: rejected records are in {summary['rejects_file']}")
    elif rejected:
        note(f"socialviews: the {counted(rejected, 'rejected record')} {plural(rejected, 'was', 'were')} not saved; "
             f"pass --rejects FILE to keep {plural(rejected, 'it', 'them')}")


def _balance(summary: dict) -> str:
    """``records read = classified + rejected + duplicate ids``, and how many were repaired."""
    repaired = summary.get("repaired", 0)
    fixed = f" ({repaired} repaired: bytes that are not UTF-8 read as Windows-1252)" if repaired else ""
    return (f"{counted(summary['records'], 'record')} read = {summary['classified']} classified + "
            f"{summary['rejected']} rejected + {counted(summary['duplicates'], 'duplicate id')}{fixed}")


@handle_errors
def explain(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The tweet text; - reads it from stdin.")],
    top: Annotated[int, typer.Option("--top", min=1, metavar="N", help="How many n-grams to show each way.")] = EXPLAIN_TOP,
    as_json: AsJson = False,
    model_id: ModelId = None,
    models_dir: ModelsDir = None,
    allow_pickle: AllowPickle = False,
    accept_version_drift: AcceptVersionDrift = False,
) -> None:
    """Show the view of one text, its probabilities and the n-grams that pushed the decision.

    Example: socialviews explain "A2 our WOL circles changed how leaders share on Yammer"
    """
    from socialviews.training.default import load_model

    if text == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise UsageError("explain needs a text: socialviews explain \"A2 buddies for new starters\"")
    result = load_model(models_dir, model_id, accept_version_drift=accept_version_drift,
                        allow_pickle=allow_pickle).explain(text, top=top)
    if as_json:
        from socialviews.model.metrics import rounded

        ngrams = ("pushed_for", "pushed_against", "char_ngrams_for")
        print_json({key: rounded(value) if key in ngrams else value for key, value in result.items()})
        return
    flag = "  (needs review)" if result["needs_review"] else ""
    typer.echo(f"view: {result['view']}  confidence {result['confidence']:.3f}{flag}")
    typer.echo(f"normalised: {result['normalised']}")
    for label, p in sorted(result["probabilities"].items(), key=lambda kv: -kv[1]):
        typer.echo(f"  {label:<24} {p:.3f}")
    typer.echo("pushed towards it: " + ", ".join(f"{n} (+{w:.2f})" for n, w in result["pushed_for"]))
    typer.echo("pushed away from it: " + ", ".join(f"{n} ({w:.2f})" for n, w in result["pushed_against"]))
