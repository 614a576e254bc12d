"""What to do about each view: its typical interventions, read from the taxonomy."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.analysis.people import participants
from socialviews.analysis.prepare import labels_of, no_view_labels, prepare, resolve_taxonomy

if TYPE_CHECKING:
    import pandas as pd

    from socialviews.core.taxonomy import Taxonomy


def interventions(frame: pd.DataFrame, *, taxonomy: Taxonomy | str | Path | None = None) -> pd.DataFrame:
    """For each view of the chat, how present it is and the interventions that fit it.

    Everything but the counts comes from the taxonomy (``data/views.toml``): a label the taxonomy does
    not know gets its label as name and no interventions. The no-view labels are left out.

    Returns
    -------
    pandas.DataFrame
        One row per view, the most frequent first: ``view``, ``name``, ``definition``, ``stresses``,
        ``remarks`` and ``interventions`` (tuples of str), ``tweets``, ``share`` (of all tweets) and
        ``participants`` (how many participants hold it as their dominant view).
    """
    import pandas as pd

    tax = resolve_taxonomy(taxonomy)
    prepared = prepare(frame)
    labels = labels_of(prepared, tax)
    empty = set(no_view_labels(labels, tax))
    dominant = participants(prepared, taxonomy=tax)["dominant"].value_counts()
    counts = prepared["view"].value_counts()
    rows = []
    for label in labels:
        if label in empty:
            continue
        view = tax[label] if label in tax else None
        rows.append(
            {
                "view": label,
                "name": view.name if view else label,
                "definition": view.definition if view else "",
                "stresses": view.stresses if view else "",
                "remarks": tuple(view.remarks) if view else (),
                "interventions": tuple(view.interventions) if view else (),
                "tweets": int(counts.get(label, 0)),
                "share": counts.get(label, 0) / max(len(prepared), 1),
                "participants": int(dominant.get(label, 0)),
            }
        )
    columns = ["view", "name", "definition", "stresses", "remarks", "interventions", "tweets", "share", "participants"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values("tweets", ascending=False, kind="stable").reset_index(drop=True)
