"""The taxonomy of views: labels, display names, definitions and interventions, read from TOML."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from socialviews.core.encoding import read_text
from socialviews.core.errors import SocialViewsError
from socialviews.core.shipped import shipped_data

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class View:
    """One view of the taxonomy."""

    label: str
    name: str
    definition: str
    stresses: str = ""
    online_offline: str = ""
    remarks: tuple[str, ...] = ()
    interventions: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """The ordered set of views; the order is the order of the ``p_<label>`` columns."""

    views: tuple[View, ...]
    source: str = field(default="", compare=False)

    @property
    def labels(self) -> list[str]:
        """The labels, in taxonomy order."""
        return [view.label for view in self.views]

    @property
    def no_view_labels(self) -> list[str]:
        """The labels that hold no view on social learning: those with no interventions (``none``)."""
        return [view.label for view in self.views if not view.interventions]

    def __getitem__(self, label: str) -> View:
        for view in self.views:
            if view.label == label:
                return view
        raise KeyError(label)

    def __contains__(self, label: object) -> bool:
        return label in self.labels


def embedded_taxonomy_path() -> Path:
    """Path of the taxonomy that ships inside the installed package."""
    return shipped_data("views.toml")


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read a taxonomy file; without a path, the one that ships with the package.

    Parameters
    ----------
    path : str or Path, optional
        A ``views.toml`` file with one ``[[view]]`` table per label.

    Returns
    -------
    Taxonomy
    """
    path = Path(path) if path is not None else embedded_taxonomy_path()
    try:
        raw = tomllib.loads(read_text(path))
    except FileNotFoundError:
        raise SocialViewsError(f"taxonomy file not found: {path}; pass --taxonomy PATH to a views.toml") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SocialViewsError(f"taxonomy file {path} is not valid TOML ({exc}); fix it or pass another --taxonomy") from None
    tables = raw.get("view")
    if not isinstance(tables, list) or len(tables) < 2:
        raise SocialViewsError(f"taxonomy file {path} needs at least two [[view]] tables, each with a label")
    views = []
    for i, table in enumerate(tables, start=1):
        label = str(table.get("label", "")).strip()
        if not label or not label.replace("_", "").isalnum():
            raise SocialViewsError(f"taxonomy file {path}: view {i} needs a label made of letters, digits and _")
        views.append(
            View(
                label=label,
                name=str(table.get("name", label)),
                definition=str(table.get("definition", "")),
                stresses=str(table.get("stresses", "")),
                online_offline=str(table.get("online_offline", "")),
                remarks=tuple(table.get("remarks", ())),
                interventions=tuple(table.get("interventions", ())),
                cues=tuple(table.get("cues", ())),
            )
        )
    labels = [view.label for view in views]
    if len(set(labels)) != len(labels):
        raise SocialViewsError(f"taxonomy file {path} names a label twice: {labels}")
    return Taxonomy(views=tuple(views), source=str(path))
