"""The model's mistakes, each with the n-grams that pushed it there."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from socialviews.model.model import Model


def _ngrams(pairs: list) -> str:
    return ", ".join(f"{gram} ({weight:+.2f})" for gram, weight in pairs)


def explain_errors(
    model: Model, errors: pd.DataFrame | str | Path, *, n: int | None = 20, top: int = 5
) -> pd.DataFrame:
    """Explain the misses of an evaluation with :meth:`Model.explain`.

    Parameters
    ----------
    model : Model
        The model that made the errors.
    errors : pandas.DataFrame or path
        ``errors.csv`` of :func:`socialviews.training.evaluate.evaluate` (columns ``text``, ``gold``,
        ``predicted``, ``confidence``), or that file's path.
    n : int, optional
        Explain only the first ``n`` rows (the file is sorted by confidence, most confident miss
        first); all of them when None.
    top : int
        How many n-grams to show each way.

    Returns
    -------
    pandas.DataFrame
        ``text``, ``gold``, ``predicted``, ``confidence``, ``pushed_for`` (the word n-grams that pushed
        towards the wrong view, with their weights), ``pushed_against`` and ``normalised`` (the text as
        the model sees it).
    """
    import pandas as pd

    if not isinstance(errors, pd.DataFrame):
        errors = pd.read_csv(errors, dtype={"text": str, "gold": str, "predicted": str}, keep_default_na=False)
    rows = errors if n is None else errors.head(n)
    explained = []
    for row in rows.itertuples(index=False):
        why = model.explain(str(row.text), top=top)
        explained.append(
            {
                "text": row.text,
                "gold": row.gold,
                "predicted": why["view"],
                "confidence": round(why["confidence"], 3),
                "pushed_for": _ngrams(why["pushed_for"]),
                "pushed_against": _ngrams(why["pushed_against"]),
                "normalised": why["normalised"],
            }
        )
    columns = ["text", "gold", "predicted", "confidence", "pushed_for", "pushed_against", "normalised"]
    return pd.DataFrame(explained, columns=columns)
