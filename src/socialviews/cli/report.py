"""``report``: one self-contained HTML page about one chat or many."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from socialviews.cli.console import note
from socialviews.cli.errors import handle_errors
from socialviews.cli.options import AcceptVersionDrift, AllowPickle, Host, ModelsDir, TextColumn
from socialviews.core.errors import UsageError


@handle_errors
def report(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT", help="Chat exports, or classify outputs (with view and p_* columns); files, globs, folders, - for stdin.")],
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE", help="The HTML file to write; - for stdout.")],
    anonymise: Annotated[bool, typer.Option("--anonymise", help="Replace every handle (authors, @mentions) with a stable pseudonym.")] = False,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="The page title [default: names the chat].")] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", metavar="NAME", help="Force the format of the exports instead of detecting it.")] = None,
    text_column: TextColumn = None,
    model_id: Annotated[str | None, typer.Option("--model", metavar="ID", help="A stored model id for exports [default: the current model].")] = None,
    models_dir: ModelsDir = None,
    allow_pickle: AllowPickle = False,
    accept_version_drift: AcceptVersionDrift = False,
    host: Host = None,
    include_referenced: Annotated[bool, typer.Option("--include-referenced", help="Count the tweets a twarc2 export holds only because its tweets quote, reply to or retweet them (referenced_only) as tweets of the chat.")] = False,
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

    frames = load_classified(inputs, model=lambda: load_model(models_dir, model_id, accept_version_drift=accept_version_drift,
                                                                     allow_pickle=allow_pickle),
                             fmt=fmt,
                             text_column=text_column, include_referenced=include_referenced, host=host)
    page = build_report(frames, anonymise=anonymise, title=title, include_referenced=include_referenced)
    if output == "-":
        typer.echo(page, nl=False)
    else:
        atomic_write_text(output, page)
    tweets = sum(len(frame) for frame in frames)
    chats = len({chat for frame in frames for chat in frame["chat"]})
    where = "stdout" if output == "-" else output
    note(f"socialviews: report of {tweets} tweet{'' if tweets == 1 else 's'} in {chats} chat{'' if chats == 1 else 's'} "
         f"written to {where}")
