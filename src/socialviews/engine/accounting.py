"""Accounting for a run: the limit on rejects, where rejects go, and the views counted as parts are written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from socialviews.core.errors import SocialViewsError, TooManyRejectsError, UsageError
from socialviews.core.words import counted, plural
from socialviews.files.safety import printable


def parse_max_rejects(value: str | int | float) -> tuple[str, float]:
    """``"10%"`` -> ("share", 0.10); ``"25"`` -> ("count", 25)."""
    text = str(value).strip()
    try:
        if text.endswith("%"):
            share = float(text[:-1]) / 100
            if not 0 <= share <= 1:
                raise ValueError
            return "share", share
        count = int(text)
        if count < 0:
            raise ValueError
        return "count", float(count)
    except ValueError:
        raise UsageError(f"--max-rejects takes a count (25) or a percentage (10%), not {value!r}") from None


def rejects_path_for(output: str | Path | None) -> Path | None:
    """``<out>.rejects.csv`` beside a file output; None for stdout."""
    if output is None or str(output) == "-":
        return None
    output = Path(output)
    return output.with_name(output.name + ".rejects.csv") if output.suffix == "" else output.with_suffix(".rejects.csv")


def inputs_named(files: Sequence[str], show: int = 3) -> str:
    """The inputs as a message names them: ``a.csv, b.csv and 2 more files``; ``-`` is stdin."""
    names = ["stdin" if name == "-" else printable(name) for name in files]
    if not names:
        return "the input"
    more = f" and {counted(len(names) - show, 'more file')}" if len(names) > show else ""
    return ", ".join(names[:show]) + more


def refuse_a_failed_read(
    rejected: int, records: int, tweets: int, max_rejects: str | int, where: str = "", files: Sequence[str] = (),
) -> None:
    """Raise when more records were rejected than ``max_rejects`` allows (:class:`TooManyRejectsError`), or no tweet was read.

    ``where`` ends the first message (where the rejects can be seen); ``files`` are the inputs the
    second message names.
    """
    kind, limit = parse_max_rejects(max_rejects)
    if rejected > (limit if kind == "count" else limit * max(records, 1)):
        raise TooManyRejectsError(
            f"{rejected} of {counted(records, 'record')} could not be read, more than --max-rejects {max_rejects}{where}")
    if tweets == 0:
        raise SocialViewsError(f"no tweet could be read from {inputs_named(files)}; check the "
                               f"{plural(len(files), 'file')} or pass --format/--text-column")


@dataclass
class Tally:
    """The tweets classified so far, by view, and how many need review."""

    views: dict[str, int]
    classified: int = 0
    needs_review: int = 0

    def add(self, count: int, views: dict[str, int], review: int) -> None:
        """Count a written part: ``count`` tweets, ``views`` (view -> tweets), ``review`` to review."""
        self.classified += count
        self.needs_review += review
        for label, n in views.items():
            self.views[label] = self.views.get(label, 0) + n
