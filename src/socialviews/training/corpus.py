"""The labelled corpus: CSV files with at least ``text,label,source``."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.core.digest import sha256_file
from socialviews.core.encoding import to_utf8
from socialviews.core.errors import SocialViewsError
from socialviews.core.shipped import shipped_data
from socialviews.core.taxonomy import Taxonomy
from socialviews.core.words import counted

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

REQUIRED_COLUMNS = ("text", "label", "source")


def embedded_corpus_dir() -> Path:
    """The labelled corpus that ships inside the installed package."""
    return shipped_data("labelled")


def labelled_files(folder: str | Path) -> list[Path]:
    """The labelled CSV files of a folder (its ``*.csv`` files, by name); none when it is no folder."""
    folder = Path(folder)
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def corpus_paths(corpus: list[str | Path] | None = None, *, add_shipped: bool = False) -> list[str | Path] | None:
    """The corpus a model is trained on: ``corpus`` alone, or with ``add_shipped`` the shipped corpus
    followed by ``corpus``; None (the shipped corpus) when that names nothing."""
    paths: list[str | Path] = list(corpus or [])
    if add_shipped:
        paths.insert(0, str(embedded_corpus_dir()))
    return paths or None


def corpus_files(paths: list[str | Path] | None = None) -> list[Path]:
    """Expand corpus paths (CSV files or folders of them); none means the embedded corpus."""
    paths = list(paths) if paths else [embedded_corpus_dir()]
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = labelled_files(path)
            if not found:
                raise SocialViewsError(f"corpus folder {path} holds no .csv file; add labelled CSVs (text,label,source)")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise SocialViewsError(f"labelled file not found: {path}; pass a labelled CSV file (text,label) or a folder of them")
    return files


def read_labelled(path: str | Path, taxonomy: Taxonomy | None = None, text_column: str = "text") -> pd.DataFrame:
    """Read one labelled CSV file and validate it.

    Parameters
    ----------
    path : str or Path
        CSV with a text column and a ``label`` column (``source`` is filled with the file name if absent).
    taxonomy : Taxonomy, optional
        When given, every label must be one of its labels; a row with another label is an error that
        names its line.
    text_column : str
        Name of the text column.

    Returns
    -------
    pandas.DataFrame
        Columns ``text``, ``label``, ``source`` and any others of the file, plus ``file`` and ``line``.
    """
    import pandas as pd

    path = Path(path)
    try:
        data = to_utf8(path.read_bytes()).data
    except FileNotFoundError:
        raise SocialViewsError(f"labelled file not found: {path}") from None
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise SocialViewsError(f"labelled file {path} is empty; it needs a header with text and label (source optional) and rows") from None
    except pd.errors.ParserError as exc:
        raise SocialViewsError(f"labelled file {path} is not valid CSV ({str(exc).strip()})") from None
    if text_column != "text" and text_column in frame.columns:
        frame = frame.rename(columns={text_column: "text"})
    missing = [name for name in ("text", "label") if name not in frame.columns]
    if missing:
        raise SocialViewsError(
            f"labelled file {path} has no {' or '.join(missing)} column; a labelled CSV needs the columns text and "
            "label (source optional): label the tweets first (socialviews queue, then labels import)"
        )
    if "source" not in frame.columns:
        frame["source"] = path.name
    frame["text"] = frame["text"].astype(object)
    frame["label"] = frame["label"].str.strip()
    frame["file"] = path.name
    frame["line"] = range(2, len(frame) + 2)
    empty = frame["text"].str.strip() == ""
    if empty.any():
        line = int(frame.loc[empty, "line"].iloc[0])
        raise SocialViewsError(f"{path}:{line}: empty text; remove the row or fill in the tweet")
    if taxonomy is not None:
        unknown = ~frame["label"].isin(taxonomy.labels)
        if unknown.any():
            row = frame.loc[unknown].iloc[0]
            raise SocialViewsError(
                f"{path}:{row['line']}: unknown label {row['label']!r}; use one of {', '.join(taxonomy.labels)}"
                f" ({counted(int(unknown.sum()), 'such row')})"
            )
    return frame


def read_corpus_files(paths: list[str | Path] | None = None, taxonomy: Taxonomy | None = None) -> list[pd.DataFrame]:
    """Every corpus file read (:func:`read_labelled`); files of one name in two folders (two labels
    folders, each with an ``imported.csv``) are told apart in the ``file`` column by their folder."""
    from collections import Counter

    files = corpus_files(paths)
    frames = [read_labelled(path, taxonomy) for path in files]
    names = Counter(path.name for path in files)
    for path, frame in zip(files, frames):
        if names[path.name] > 1:
            frame["file"] = f"{path.parent.name}/{path.name}"
    return frames


def load_corpus(paths: list[str | Path] | None = None, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """Read and concatenate the corpus files (the embedded corpus by default)."""
    import pandas as pd

    corpus = pd.concat(read_corpus_files(paths, taxonomy), ignore_index=True)
    if corpus.empty:
        raise SocialViewsError("the corpus has no rows; add labelled CSVs (text,label,source)")
    return corpus


def corpus_fingerprint(paths: list[str | Path] | None = None) -> list[dict]:
    """Name, size and sha256 of every corpus file, for the manifest."""
    return [{"file": path.name, "bytes": path.stat().st_size, "sha256": sha256_file(path)} for path in corpus_files(paths)]


#: The columns that name a row's group for grouped cross-validation, first choice first: an author
#: (``voice`` in the shipped corpus) or a chat (``topic`` in the shipped corpus).
GROUP_COLUMNS = {"author": ("author", "voice"), "chat": ("chat", "topic")}


def row_groups(corpus: pd.DataFrame, by: str = "author") -> tuple[np.ndarray | None, str | None]:
    """The group of every corpus row, and the columns it was read from.

    A row's group is the first non-empty value among the columns of ``GROUP_COLUMNS[by]``, so that a
    corpus merged from files that name authors differently (the shipped ``voice``, an import's
    ``author``) is grouped row by row; a row that names none is a group of its own. ``(None, None)``
    when no row names one.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"voice": ["ana", "ana", None, ""], "author": [None, "", "ben", ""]})
    >>> groups, columns = row_groups(frame)
    >>> groups[:3].tolist(), columns
    (['ana', 'ana', 'ben'], 'author, voice')
    >>> groups[3] not in set(groups[:3])
    True
    """
    import numpy as np
    import pandas as pd

    present = [c for c in GROUP_COLUMNS[by] if c in corpus.columns]
    values = pd.Series("", index=corpus.index, dtype=object)
    used = []
    for column in reversed(present):  # the first choice written last, so it wins where it is filled
        named = corpus[column].fillna("").astype(str).str.strip()
        values = named.where(named != "", values)
        if (named != "").any():
            used.insert(0, column)
    if not used:
        return None, None
    alone = (values == "").to_numpy()
    values = values.to_numpy(dtype=object)
    values[alone] = [f"\0row {i}" for i in np.flatnonzero(alone)]
    return values, ", ".join(used)
