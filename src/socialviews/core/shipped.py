"""The data that ships with the package: the taxonomy, the labelled corpus, the evaluation chats.

A built wheel carries them in ``socialviews/_data/`` (see ``pyproject.toml``). An editable install
(``pip install -e .``) runs from the source tree, where they live once, in the repository's
``data/`` folder: that folder is used when the package has no ``_data``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def locate(package: Path, name: str) -> Path:
    """``name`` in ``package/_data``, else in the ``data/`` folder of the source tree holding ``package``.

    The source tree is ``package/../..`` (the ``src`` layout) when it has a ``pyproject.toml``.
    The ``_data`` path is returned when neither exists, so that a "not found" message names it.
    """
    installed = package / "_data" / name
    if installed.exists():
        return installed
    source_tree = package.parent.parent
    if (source_tree / "pyproject.toml").is_file() and (source_tree / "data" / name).exists():
        return source_tree / "data" / name
    return installed


def shipped_data(name: str) -> Path:
    """The path of ``name`` (``views.toml``, ``labelled``, ``eval``) in the data shipped with the package."""
    return locate(Path(str(resources.files("socialviews"))), name)
