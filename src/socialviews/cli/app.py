"""The typer app: global options, logging set up once in the callback, each command group's module
registered, and the console-script entry point."""

from __future__ import annotations

from typing import Annotated

import typer

from socialviews.cli import classify, labels, models, report, train
from socialviews.cli.aliases import aliased
from socialviews.cli.command import Command
from socialviews.cli.console import setup_logging
from socialviews.cli.errors import EXIT_INTERRUPTED, error_line, interrupted, unexpected
from socialviews.files.safety import handle_termination

app = typer.Typer(
    name="socialviews",
    help="Tag every tweet of an exported Twitter/X chat with the view on social learning it holds.\n\n"
    "Example: socialviews classify chat.csv -o tagged.csv",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


#: The callback's options: they go before the command (`socialviews -v classify ...`), not after it.
GLOBAL_OPTIONS = ("-v", "--verbose", "-q", "--quiet")


@app.callback()
def _setup(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details to stderr.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
) -> None:
    setup_logging(verbose=verbose, quiet=quiet)


app.command("classify", cls=Command)(classify.classify)
app.command("train", cls=Command)(train.train)
app.command("evaluate", cls=aliased(train.OLD_SPELLINGS["evaluate"]))(train.evaluate)
app.command("explain", cls=Command)(classify.explain)
app.command("check", cls=Command)(labels.check)
app.command("report", cls=Command)(report.report)
app.command("queue", cls=Command)(labels.queue)
app.add_typer(labels.app, name="labels")
app.command("retrain", cls=aliased(train.OLD_SPELLINGS["retrain"]))(train.retrain)
app.add_typer(models.app, name="models")


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
            message = " ".join(exc.format_message().split()) + _global_option_hint(exc)
            typer.echo(f"{error_line(message)} (see socialviews --help)", err=True)
            raise SystemExit(exc.exit_code) from None
        raise SystemExit(unexpected(exc)) from None
    raise SystemExit(result if isinstance(result, int) else 0)


def _global_option_hint(exc: Exception) -> str:
    """For a global option given after the command (`classify x.csv -v`): where it goes instead."""
    name = getattr(exc, "option_name", None)
    if type(exc).__name__ != "NoSuchOption" or name not in GLOBAL_OPTIONS:
        return ""
    commands, ctx = [], getattr(exc, "ctx", None)
    while ctx is not None and ctx.parent is not None:  # the command's names, without the program's
        commands.insert(0, ctx.info_name)
        ctx = ctx.parent
    return f"; {name} is a global option: put it before the command, as in socialviews {name} {' '.join(commands)} ..."
