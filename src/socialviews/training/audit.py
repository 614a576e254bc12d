"""The corpus audit behind ``socialviews check``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.core.taxonomy import load_taxonomy
from socialviews.text.normalise import normalise_tweet
from socialviews.training.corpus import corpus_files, read_labelled

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

    return pd.concat([read_labelled(path) for path in corpus_files(paths)], ignore_index=True)


def _where(frame: pd.DataFrame) -> str:
    return ", ".join(f"{name}:{line}" for name, line in zip(frame["file"], frame["line"]))


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
    lines = [f"corpus: {len(frame)} rows in {frame['file'].nunique()} files"]
    counts = frame["label"].value_counts().to_dict()
    for label in tax.labels:
        lines.append(f"  {label:<24} {counts.get(label, 0)}")
    unknown = frame.loc[~frame["label"].isin(tax.labels)]
    exact = frame.loc[frame.duplicated("text", keep=False)]
    near = frame.loc[frame.duplicated("key", keep=False) & ~frame.duplicated("text", keep=False)]
    by_key = frame.groupby("key")["label"].nunique()
    conflict_keys = set(by_key[by_key > 1].index)
    conflicts = frame.loc[frame["key"].isin(conflict_keys)]
    lengths = frame["text"].str.len()
    too_short = frame.loc[lengths < MIN_LENGTH]
    too_long = frame.loc[lengths > MAX_LENGTH]
    report = {
        "rows": int(len(frame)),
        "counts": {label: int(counts.get(label, 0)) for label in tax.labels},
        "unknown_labels": int(len(unknown)),
        "exact_duplicates": int(exact.duplicated("text").sum()),
        "near_duplicates": int(frame.duplicated("key").sum()) - int(exact.duplicated("text").sum()),
        "conflicts": len(conflict_keys),
        "too_short": int(len(too_short)),
        "too_long": int(len(too_long)),
    }
    findings = [
        ("labels not in the taxonomy", unknown),
        ("exact duplicates", exact),
        ("near duplicates (same text after normalisation)", near),
        ("conflicting labels for the same text", conflicts),
        (f"texts shorter than {MIN_LENGTH} characters (warning)", too_short),
        (f"texts longer than {MAX_LENGTH} characters (warning)", too_long),
    ]
    if eval_files:
        held = _read_all(eval_files)
        held["key"] = held["text"].map(near_key)
        leaked = held.loc[held["key"].isin(set(frame["key"]))]
        report["eval_rows"] = int(len(held))
        report["leakage"] = int(len(leaked))
        lines.append(f"eval set: {len(held)} rows")
        findings.append(("eval rows that also stand in the corpus (leakage)", leaked))
    for title, rows in findings:
        lines.append(f"{title}: {len(rows)}")
        if len(rows):
            lines.append(f"    at {_where(rows.head(show))}{' ...' if len(rows) > show else ''}")
    report["problems"] = (
        report["unknown_labels"] + report["exact_duplicates"] + max(report["near_duplicates"], 0)
        + report["conflicts"] + report.get("leakage", 0)
    )
    report["lines"] = lines
    return report
