"""How failures end a command: the exit code of each library error, and the one line the user sees.

The library raises its own exceptions (``socialviews.core.errors``) and knows nothing of exit codes;
this module alone maps them to the exit codes the README documents.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable

import typer

from socialviews.core.errors import SocialViewsError, TooManyRejectsError, UsageError
from socialviews.files.safety import printable

#: Exit codes of the command line, documented in the README.
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_TOO_MANY_REJECTS = 3
EXIT_INTERRUPTED = 130

#: The exit code of each library error; a subclass not listed takes its nearest listed base's.
EXIT_CODES: dict[type[SocialViewsError], int] = {
    SocialViewsError: EXIT_FAILURE,
    UsageError: EXIT_USAGE,
    TooManyRejectsError: EXIT_TOO_MANY_REJECTS,
}

log = logging.getLogger("socialviews")


def exit_code_for(error: SocialViewsError) -> int:
    """The exit code a command ends with when ``error`` stops it.

    Parameters
    ----------
    error : SocialViewsError
        A library error.

    Returns
    -------
    int
        The code of the most specific class of ``error`` in :data:`EXIT_CODES`.
    """
    for cls in type(error).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return EXIT_FAILURE


def error_line(message: str) -> str:
    """The one line an expected failure prints on stderr (control characters replaced)."""
    return f"socialviews: error: {printable(message)}"


def fail(message: str, code: int) -> None:
    """Print ``message`` as an error line and end the command with ``code``."""
    typer.echo(error_line(message), err=True)
    raise typer.Exit(code)


def interrupted(exc: KeyboardInterrupt) -> int:
    """Say that the run was interrupted (Ctrl-C, SIGTERM, SIGHUP); the exit code for it (128 + the signal)."""
    import signal

    signum = getattr(exc, "signum", signal.SIGINT)
    how = "" if signum == signal.SIGINT else f" by {signal.Signals(signum).name}"
    typer.echo(f"socialviews: interrupted{how}; outputs were left as they were", err=True)
    return 128 + int(signum)


def unexpected(exc: BaseException) -> int:
    """A failure no check foresaw: one line that names it, and exit 1."""
    if isinstance(exc, MemoryError):
        message = "out of memory; the input is too big for this machine (try a smaller --chunk-size or split the file)"
    elif isinstance(exc, RecursionError):
        message = "the input is nested too deeply to be read"
    else:
        detail = printable(str(exc))[:300]
        message = f"unexpected {type(exc).__name__}{': ' + detail if detail else ''} (run with -v for details)"
    log.debug("unexpected failure", exc_info=exc)
    typer.echo(f"socialviews: error: {message}", err=True)
    return EXIT_FAILURE


def handle_errors(func: Callable) -> Callable:
    """Turn expected failures into one line on stderr and a documented exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except SocialViewsError as exc:
            fail(str(exc), exit_code_for(exc))
        except KeyboardInterrupt as exc:
            raise typer.Exit(interrupted(exc)) from None
        except BrokenPipeError:  # `socialviews classify x.csv | head`: the reader has all it wanted
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_OK) from None
        except OSError as exc:
            fail(f"{exc.strerror or exc} ({exc.filename or ''})", EXIT_FAILURE)
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the last resort: never a traceback
            raise typer.Exit(unexpected(exc)) from None

    return wrapper
