"""Importing labels from a filled queue CSV, Label Studio, doccano or Prodigy into the corpus."""

from __future__ import annotations

import csv
import difflib
from datetime import datetime, timezone
from pathlib import Path

from socialviews.core.atomic import atomic_write
from socialviews.core.config import RESOLVE
from socialviews.core.errors import SocialViewsError
from socialviews.core.taxonomy import Taxonomy
from socialviews.files.safety import folder_lock
from socialviews.labelling.exports import EXPECTED, Row, read_annotations, settle
from socialviews.labelling.queue import CORPUS_COLUMNS, IMPORTED_FILE
from socialviews.training.audit import near_key
from socialviews.training.corpus import corpus_files, labelled_files, read_labelled

#: The longest text imported (a tweet is at most 25,000 characters).
MAX_TEXT_CHARS = 50_000
csv.field_size_limit(1 << 20)  # imported.csv may hold long texts; the csv module's default is 131,072

def read_label_rows(path: str | Path, fmt: str | None = None, resolve: str = RESOLVE) -> tuple[str, list[Row], list[dict]]:
    """Parse a labels file or zip into one row per task; returns the format and the unsettled disagreements.

    A file in which no annotation carries a label is an error saying what it looks like.
    """
    fmt, looks, annotations = read_annotations(path, fmt)
    if not any(annotation.labels for annotation in annotations):
        n = len(annotations)
        none = "its 1 item has no label" if n == 1 else f"none of its {n} items has a label"
        raise SocialViewsError(f"{path} looks like {looks}, but {none}; expected {EXPECTED}")
    rows, disagreements = settle(annotations, resolve)
    return fmt, rows, disagreements


def import_labels(
    path: str | Path, corpus_dir: str | Path, taxonomy: Taxonomy, *, fmt: str | None = None,
    base_corpus: list[str | Path] | None = None, resolve: str = RESOLVE, strict: bool = False,
) -> dict:
    """Merge labelled tweets into ``corpus_dir/imported.csv``.

    Rows whose label is not in the taxonomy are rejected with their line; rows whose text is already
    labelled the same (in the corpus or earlier in the file) are skipped; rows whose text is labelled
    differently are conflicts: reported, never imported, and nothing is overwritten. Skipped
    annotations (Prodigy reject/ignore, an empty label) are counted. Annotators who disagree on one
    task are settled by ``resolve`` (see :func:`socialviews.labelling.exports.settle`) or reported as
    disagreements. With ``strict``, any row reported (invalid, a conflict, a disagreement) means
    nothing is imported: the corpus file is left as it was. The file is rewritten atomically.

    Returns
    -------
    dict
        ``format``, ``rows``, ``imported``, ``already_labelled``, ``unlabelled``, ``invalid``,
        ``conflicts`` and ``disagreements`` (lists of ``{line, where, text, label, ...}``), ``corpus_file``,
        and ``held_back``: the rows that would have been imported but for ``strict``.
    """
    path = Path(path)
    fmt, rows, disagreements = read_label_rows(path, fmt, resolve)
    corpus_dir = Path(corpus_dir)
    with folder_lock(corpus_dir):  # another import into this corpus waits: no lost update
        report, new_rows = _merge(path, rows, fmt, corpus_dir, taxonomy, base_corpus)
        held = strict and bool(report["invalid"] or report["conflicts"] or disagreements)
        if new_rows and not held:
            _append(Path(report["corpus_file"]), new_rows)
    report["imported"] = 0 if held else len(new_rows)
    report["held_back"] = len(new_rows) if held else 0
    report["rows"] += len(disagreements)
    report["disagreements"] = disagreements
    return report


def _merge(path: Path, rows: list[Row], fmt: str, corpus_dir: Path, taxonomy: Taxonomy,
           base_corpus: list[str | Path] | None) -> tuple[dict, list[dict]]:
    """The report of merging ``rows`` into the corpus, and the rows to append to its file."""
    target = corpus_dir / IMPORTED_FILE
    known: dict[str, str] = {}
    sources = list(base_corpus or [])
    if labelled_files(corpus_dir):
        sources.append(corpus_dir)
    for file in corpus_files(sources) if sources else []:
        frame = read_labelled(file)
        known.update(zip(frame["text"].map(near_key), frame["label"]))
    imported, invalid, conflicts = [], [], []
    already = unlabelled = 0
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for line, tweet_id, text, label, author, where in rows:
        if label is None:
            unlabelled += 1
            continue
        if not isinstance(label, str):
            kind = "a span (sequence labelling) export" if isinstance(label, (list, tuple)) else f"not text: {label!r}"
            invalid.append({"line": line, "where": where, "text": str(text)[:200], "label": str(label)[:80],
                            "reason": f"the label is {kind}; a label is one of {', '.join(taxonomy.labels)}"})
            continue
        if len(text) > MAX_TEXT_CHARS:
            invalid.append({"line": line, "where": where, "text": text[:200], "label": label,
                            "reason": f"a text of {len(text):,} characters, more than {MAX_TEXT_CHARS:,}"})
            continue
        label = label.strip()
        if label not in taxonomy:
            guess = difflib.get_close_matches(label.lower().replace(" ", "_").replace("-", "_"), taxonomy.labels, n=1, cutoff=0.6)
            reason = f"unknown label {label!r}" + (f" (did you mean {guess[0]!r}?)" if guess else
                                                   f" (the labels are {', '.join(taxonomy.labels)})")
            invalid.append({"line": line, "where": where, "text": text, "label": label, "reason": reason})
            continue
        key = near_key(text)
        if not key:
            invalid.append({"line": line, "where": where, "text": text, "label": label, "reason": "empty text"})
            continue
        if key in known:
            if known[key] == label:
                already += 1
            else:
                conflicts.append({"line": line, "where": where, "text": text, "label": label, "existing": known[key]})
            continue
        known[key] = label
        imported.append({"text": text, "label": label, "source": f"import:{path.name}", "tweet_id": tweet_id,
                         "author": author, "imported_at": stamp})
    return {
        "format": fmt,
        "rows": len(rows),
        "already_labelled": already,
        "unlabelled": unlabelled,
        "invalid": invalid,
        "conflicts": conflicts,
        "corpus_file": str(target),
    }, imported


def _append(target: Path, rows: list[dict]) -> None:
    """Rewrite ``target`` with its old rows plus ``rows``, atomically; ids stay text."""
    old: list[dict] = []
    if target.exists():
        with open(target, encoding="utf-8", newline="") as handle:
            old = list(csv.DictReader(handle))
    with atomic_write(target, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CORPUS_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(old + rows)
