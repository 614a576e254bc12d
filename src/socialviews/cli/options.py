"""The options several commands share, declared once with ``typing.Annotated``: one name, one shape and
one help text for one concept across the command line."""

from __future__ import annotations

from typing import Annotated

import typer

ModelsDir = Annotated[str | None, typer.Option(
    "--models-dir", metavar="DIR", help="Model store folder [default: $SOCIALVIEWS_HOME/models or ./models].")]
ModelId = Annotated[str | None, typer.Option("--model", metavar="ID", help="A stored model id [default: the current model].")]
AllowPickle = Annotated[bool, typer.Option(
    "--allow-pickle", help="Load the model.joblib of a model this user did not train or import (loading a pickle "
    "runs any code it holds: only models you trust).")]
AcceptVersionDrift = Annotated[bool, typer.Option(
    "--accept-version-drift", help="Load a model saved under another scikit-learn minor version.")]
Host = Annotated[str | None, typer.Option(
    "--host", metavar="HANDLE", help="The chat's host (screen name): a Qn) tweet that does not ask and is not the host's answers Qn, "
    "as in #lrnchat [default: who posts the first Qn tweet that asks].")]
TaxonomyFile = Annotated[str | None, typer.Option("--taxonomy", metavar="FILE", help="A views.toml [default: the shipped taxonomy].")]
TextColumn = Annotated[str | None, typer.Option("--text-column", metavar="NAME", help="The text column of a generic CSV/JSONL export.")]
LabelsDir = Annotated[str | None, typer.Option(
    "--labels-dir", metavar="DIR", help="Your labels folder, where imported labels go [default: $SOCIALVIEWS_HOME/labelled or ./labelled].")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
