"""``models``: the model store (list, show, promote, roll back) and models moved between machines."""

from __future__ import annotations

from typing import Annotated

import typer

from socialviews.cli.command import Command
from socialviews.cli.console import note, print_json
from socialviews.cli.errors import handle_errors
from socialviews.cli.options import AllowPickle, ModelsDir
from socialviews.core.errors import SocialViewsError

app = typer.Typer(help="The model store: list, show, promote, roll back, export and import.\n\n"
                  "Example: socialviews models list; socialviews models export m.skops", no_args_is_help=True)


@app.command("list", cls=Command)
@handle_errors
def models_list(models_dir: ModelsDir = None) -> None:
    """List the stored models; * marks the current one.

    cv macro-F1 is the same kind for every model: the grouped cross-validation of the labels it
    calls (its decision rule applied); eval macro-F1 its score on held-out tweets, where it has one.

    Example: socialviews models list
    """
    from socialviews.model.store import ModelStore

    rows = ModelStore(models_dir).list()
    if not rows:
        note("no models yet; run `socialviews train`")
    for row in rows:
        mark = "*" if row["current"] else " "
        cv = f"{row['cv_macro_f1']:.3f}" if row["cv_macro_f1"] is not None else "-"
        ev = f"{row['eval_macro_f1']:.3f}" if row["eval_macro_f1"] is not None else "-"
        typer.echo(f"{mark} {row['model_id']}  {row['created_at']}  rows {row['rows']}  cv macro-F1 {cv}  eval macro-F1 {ev}")


@app.command("show", cls=Command)
@handle_errors
def models_show(
    model_id: Annotated[str | None, typer.Argument(metavar="ID", help="Model id [default: the current one].")] = None,
    models_dir: ModelsDir = None,
) -> None:
    """Print a model's manifest.

    Example: socialviews models show
    """
    from socialviews.model.store import ModelStore

    store = ModelStore(models_dir)
    model_id = model_id or store.current_id()
    if not model_id:
        raise SocialViewsError(f"no current model in {store.root}; run `socialviews train`")
    print_json(store.manifest(model_id))


@app.command("promote", cls=Command)
@handle_errors
def models_promote(
    model_id: Annotated[str, typer.Argument(metavar="ID", help="Model id.")],
    models_dir: ModelsDir = None,
) -> None:
    """Make a stored model current.

    Example: socialviews models promote 20260301T101500Z-1a2b3c4d
    """
    from socialviews.model.store import ModelStore

    ModelStore(models_dir).promote(model_id)
    note(f"current model: {model_id}")


@app.command("rollback", cls=Command)
@handle_errors
def models_rollback(models_dir: ModelsDir = None) -> None:
    """Make the previously current model current again.

    Example: socialviews models rollback
    """
    from socialviews.model.store import ModelStore

    model_id = ModelStore(models_dir).rollback()
    note(f"current model: {model_id}")


@app.command("export", cls=Command)
@handle_errors
def models_export(
    output: Annotated[str, typer.Argument(metavar="FILE", help="The .skops file to write.")],
    model_id: Annotated[str | None, typer.Option("--model", metavar="ID", help="Model id [default: the current one].")] = None,
    models_dir: ModelsDir = None,
    allow_pickle: AllowPickle = False,
) -> None:
    """Write a stored model to a .skops file that another machine can import without running code.

    Example: socialviews models export ldinsight-2026.skops
    """
    from socialviews.model.portable import export_model
    from socialviews.model.store import ModelStore

    path = export_model(ModelStore(models_dir), model_id, output, allow_pickle=allow_pickle)
    note(f"exported to {path}")


@app.command("import", cls=Command)
@handle_errors
def models_import(
    path: Annotated[str, typer.Argument(metavar="FILE", help="A .skops file written by `socialviews models export`.")],
    promote: Annotated[bool, typer.Option("--promote/--no-promote", help="Make the imported model current, or only store it.")] = False,
    allow_pickle: Annotated[bool, typer.Option("--allow-pickle", help="Accept a model.joblib (runs code when loaded: only your own files).")] = False,
    models_dir: ModelsDir = None,
) -> None:
    """Add a model exported elsewhere to the store; types outside the trust list are refused unloaded.

    The model keeps its id. A model already in the store is not imported twice; a different model
    under the same id is refused.

    Example: socialviews models import ldinsight-2026.skops --promote
    """
    from socialviews.model.portable import import_model
    from socialviews.model.store import ModelStore

    model_id = import_model(path, ModelStore(models_dir), allow_pickle=allow_pickle, make_current=promote)
    typer.echo(model_id)
