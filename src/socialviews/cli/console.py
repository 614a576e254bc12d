"""What the user sees besides results: logging (set up once, in the app's callback), notes on stderr,
the progress bar and JSON on stdout.

Notes are log records of their own logger, printed as they are (no prefix): ``-q`` silences them the
way it silences the library's logs, through the logging set-up, with no setting kept in a module.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys

import typer

from socialviews.files.safety import printable

log = logging.getLogger("socialviews")
#: The CLI's notes: a child of the package's logger, so they show at its level (not with -q).
notes = logging.getLogger("socialviews.cli.notes")

#: Libraries whose logs are shown only from WARNING on, unless --verbose.
NOISY_LOGGERS = ("distributed", "matplotlib", "PIL", "tornado", "asyncio")


class PrintableFormatter(logging.Formatter):
    """Log lines without control characters: names and texts from input files are echoed safely."""

    def format(self, record: logging.LogRecord) -> str:
        return "\n".join(printable(line) for line in super().format(record).split("\n"))


def setup_logging(verbose: bool = False, quiet: bool = False) -> None:
    """Our own messages at the chosen level; other libraries' (Dask, matplotlib) only from WARNING on,
    or everything with ``verbose``."""
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="socialviews: %(message)s",
                        stream=sys.stderr, force=True)
    for handler in logging.root.handlers:
        handler.setFormatter(PrintableFormatter("socialviews: %(message)s"))
    log.setLevel(level)
    notes.propagate = False
    for handler in list(notes.handlers):
        notes.removeHandler(handler)
    notes.addHandler(_NoteHandler())
    for noisy in NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)


class _NoteHandler(logging.Handler):
    """Prints a note as it is, on the stderr of the moment (a test runner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        typer.echo(printable(record.getMessage()), err=True)


def note(message: str) -> None:
    """A diagnostic line on stderr (a summary, where a file went); silenced by --quiet."""
    notes.info(message)


def print_json(data: dict) -> None:
    """``data`` as indented JSON on stdout."""
    typer.echo(json.dumps(data, indent=2, default=str))


@contextlib.contextmanager
def progress(label: str):
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
