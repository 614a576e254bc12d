"""The corpus audit behind ``socialviews check``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.core.taxonomy import load_taxonomy
from socialviews.core.words import counted
from socialviews.text.normalise import normalise_tweet
from socialviews.training.corpus import read_corpus_files

if TYPE_CHECKING:
    import pandas as pd

MIN_LENGTH, MAX_LENGTH = 20, 280
_NON_WORD = re.compile(r"[^\w]+")
_PLACEHOLDER = re.compile(r"\bxx(?:url|user|question|answer)\b")


def near_key(text: str) -> str:
    """The text a near-duplicate shares: normalised, placeholders and punctuation removed."""
    return _NON_WORD.sub(" ", _PLACEHOLDER.sub(" ", normalise_tweet(text))).strip()


def _read_all(paths: list[str | Path] | None) -> pd.DataFrame:
    import pandas as pd

    return pd.concat(read_corpus_files(paths), ignore_index=True)


def _where(frame: pd.DataFrame) -> str:
    return ", ".join(f"{name}:{line}" for name, line in zip(frame["file"], frame["line"]))


def _copies(frame: pd.DataFrame, column: str, show: int) -> tuple[int, str]:
    """How many rows of ``frame`` repeat an earlier row's ``column``, and where, one group per ``;``
    (at most ``show`` groups)."""
    groups = [group for _, group in frame.groupby(column, sort=False)]
    shown = "; ".join(" = ".join(f"{n}:{line}" for n, line in zip(g["file"], g["line"])) for g in groups[:show])
    return int(frame.duplicated(column).sum()), shown + (" ..." if len(groups) > show else "")


def audit(
    corpus: list[str | Path] | None = None,
    eval_files: list[str | Path] | None = None,
    taxonomy: str | Path | None = None,
    show: int = 5,
) -> dict:
    """Audit a labelled corpus (and optionally a held-out set) for the problems that spoil training.

    Returns
    -------
    dict
        ``counts`` (label -> rows), ``exact_duplicates``, ``near_duplicates``, ``conflicts``,
        ``unknown_labels``, ``too_short``, ``too_long``, ``leakage`` (eval rows whose near-key is in the
        corpus), ``problems`` (how many findings should block training) and ``lines`` (a readable report).
    """
    tax = load_taxonomy(taxonomy)
    frame = _read_all(corpus)
    frame["key"] = frame["text"].map(near_key)
    lines = [f"corpus: {counted(len(frame), 'row')} in {counted(frame['file'].nunique(), 'file')}"]
    counts = frame["label"].value_counts().to_dict()
    for label in tax.labels:
        lines.append(f"  {label:<24} {counts.get(label, 0)}")
    unknown = frame.loc[~frame["label"].isin(tax.labels)]
    # A text with no words left after normalisation (handles, links, a bare marker) has nothing to compare.
    worded = frame.loc[frame["key"] != ""]
    exact = frame.loc[frame.duplicated("text", keep=False)]
    near = worded.loc[worded.duplicated("key", keep=False) & ~worded.duplicated("text", keep=False)]
    by_key = worded.groupby("key")["label"].nunique()
    conflict_keys = set(by_key[by_key > 1].index)
    conflicts = worded.loc[worded["key"].isin(conflict_keys)]
    lengths = frame["text"].str.len()
    too_short = frame.loc[lengths < MIN_LENGTH]
    too_long = frame.loc[lengths > MAX_LENGTH]
    exact_copies, exact_at = _copies(exact, "text", show)
    near_copies = int(worded.duplicated("key").sum()) - int(worded.duplicated("text").sum())
    _, near_at = _copies(worded.loc[worded["key"].isin(set(near["key"]))], "key", show)
    _, conflict_at = _copies(conflicts, "key", show)
    report = {
        "rows": int(len(frame)),
        "counts": {label: int(counts.get(label, 0)) for label in tax.labels},
        "unknown_labels": int(len(unknown)),
        "exact_duplicates": exact_copies,
        "near_duplicates": near_copies,
        "conflicts": len(conflict_keys),
        "too_short": int(len(too_short)),
        "too_long": int(len(too_long)),
    }
    def listed(rows: pd.DataFrame) -> tuple[int, str]:
        return len(rows), _where(rows.head(show)) + (" ..." if len(rows) > show else "")

    # (title, count, where): duplicates count the copies beyond the first and show each group as a = b.
    findings = [
        ("labels not in the taxonomy", *listed(unknown)),
        ("exact duplicates", exact_copies, exact_at),
        ("near duplicates (same text after normalisation)", near_copies, near_at),
        ("conflicting labels for the same text", len(conflict_keys), conflict_at),
        (f"texts shorter than {MIN_LENGTH} characters (warning)", *listed(too_short)),
        (f"texts longer than {MAX_LENGTH} characters (warning)", *listed(too_long)),
    ]
    if eval_files:
        held = _read_all(eval_files)
        held["key"] = held["text"].map(near_key)
        leaked = held.loc[held["key"].isin(set(worded["key"]))]  # worded keys are never empty
        report["eval_rows"] = int(len(held))
        report["leakage"] = int(len(leaked))
        lines.append(f"eval set: {counted(len(held), 'row')}")
        findings.append(("eval rows that also stand in the corpus (leakage)", *listed(leaked)))
    for title, count, where in findings:
        lines.append(f"{title}: {count}")
        if count:
            lines.append(f"    at {where}")
    report["problems"] = (
        report["unknown_labels"] + report["exact_duplicates"] + max(report["near_duplicates"], 0)
        + report["conflicts"] + report.get("leakage", 0)
    )
    report["lines"] = lines
    return report
