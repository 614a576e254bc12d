"""Importing labels from a filled queue CSV, Label Studio, doccano or Prodigy into the corpus."""

from __future__ import annotations

import csv
import difflib
import io
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from socialviews.atomic import atomic_write
from socialviews.check import near_key
from socialviews.corpus import corpus_files, read_labelled
from socialviews.errors import SocialViewsError
from socialviews.labelling import CORPUS_COLUMNS, IMPORTED_FILE
from socialviews.output import unescape_cell
from socialviews.safety import folder_lock
from socialviews.taxonomy import Taxonomy

#: The longest text imported (a tweet is at most 25,000 characters).
MAX_TEXT_CHARS = 50_000
csv.field_size_limit(1 << 20)  # imported.csv may hold long texts; the csv module's default is 131,072

#: (line, tweet_id, text, label or None when the annotator skipped it, author or "")
Row = tuple[int, str, str, "str | None", str]


def _label_studio(data: str) -> Iterator[Row]:
    tasks = json.loads(data)
    if isinstance(tasks, dict):
        tasks = [tasks]
    for number, task in enumerate(tasks, start=1):
        fields = task.get("data", {})
        label = None
        for annotation in task.get("annotations") or task.get("completions") or []:
            if annotation.get("was_cancelled"):
                continue
            for result in annotation.get("result", []):
                choices = result.get("value", {}).get("choices")
                if choices:
                    label = choices[0]
        yield number, str(fields.get("tweet_id", "")), str(fields.get("text", "")), label, str(fields.get("author", ""))


def _jsonl(data: str, kind: str) -> Iterator[Row]:
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        meta = record.get("meta") or {}
        tweet_id = str(record.get("tweet_id") or meta.get("tweet_id") or "")
        text = str(record.get("text", ""))
        if kind == "prodigy":
            answer = record.get("answer")
            accepted = record.get("accept") or ([record["label"]] if record.get("label") else [])
            label = accepted[0] if answer == "accept" and accepted else None
        else:
            labels = record.get("label") or record.get("labels") or record.get("cats") or []
            if isinstance(labels, dict):  # spaCy-style cats
                labels = [k for k, v in labels.items() if v]
            label = labels[0] if isinstance(labels, list) and labels else (labels or None)
        yield number, tweet_id, text, label, str(record.get("author") or meta.get("author") or "")


def _csv(data: str) -> Iterator[Row]:
    reader = csv.DictReader(io.StringIO(data, newline=""))
    if not reader.fieldnames or "text" not in reader.fieldnames or "label" not in reader.fieldnames:
        raise SocialViewsError("the labels CSV needs columns text and label (as written by `socialviews queue`)")
    for row in reader:  # a queue CSV is spreadsheet-safe: the ' put before formula-like cells comes off
        label = unescape_cell(row.get("label") or "").strip()
        yield (reader.line_num, unescape_cell(str(row.get("tweet_id") or "")), unescape_cell(row.get("text") or ""),
               label or None, unescape_cell(row.get("author") or ""))


def detect_label_format(path: Path, data: str) -> str:
    """``csv``, ``label-studio``, ``doccano`` or ``prodigy``, from the file's content."""
    head = data.lstrip()[:1]
    if head == "[":
        return "label-studio"
    if head == "{":
        first = json.loads(data.lstrip().splitlines()[0])
        if "annotations" in first or "data" in first:
            return "label-studio"
        return "prodigy" if "answer" in first else "doccano"
    return "csv"


def read_label_rows(path: str | Path, fmt: str | None = None) -> tuple[str, list[Row]]:
    """Parse a labels file into rows; returns the detected format too."""
    path = Path(path)
    try:
        data = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SocialViewsError(f"labels file not found: {path}") from None
    except UnicodeDecodeError:
        raise SocialViewsError(f"{path} is not UTF-8 text; re-export it as UTF-8") from None
    if not data.strip():
        raise SocialViewsError(f"{path} is empty")
    try:
        fmt = fmt or detect_label_format(path, data)
        if fmt == "label-studio":
            rows = list(_label_studio(data))
        elif fmt in ("doccano", "prodigy"):
            rows = list(_jsonl(data, fmt))
        elif fmt == "csv":
            rows = list(_csv(data))
        else:
            raise SocialViewsError(f"unknown labels format {fmt!r}; use csv, label-studio, doccano or prodigy", exit_code=2)
    except json.JSONDecodeError as exc:
        raise SocialViewsError(f"{path} is not a valid {fmt or 'labels'} export (bad JSON: {exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise SocialViewsError(f"{path} is nested too deeply to be a labels export") from None
    except csv.Error as exc:
        raise SocialViewsError(f"{path} is not a readable labels CSV ({exc})") from None
    except (AttributeError, TypeError, KeyError):
        raise SocialViewsError(
            f"{path} does not have the layout of a {fmt or 'labels'} export; check --format (csv, label-studio, doccano, prodigy)"
        ) from None
    return fmt, rows


def import_labels(
    path: str | Path, corpus_dir: str | Path, taxonomy: Taxonomy, *, fmt: str | None = None,
    base_corpus: list[str | Path] | None = None,
) -> dict:
    """Merge labelled tweets into ``corpus_dir/imported.csv``.

    Rows whose label is not in the taxonomy are rejected with their line; rows whose text is already
    labelled the same (in the corpus or earlier in the file) are skipped; rows whose text is labelled
    differently are conflicts: reported, never imported, and nothing is overwritten. Skipped
    annotations (Prodigy reject/ignore, an empty label) are counted. The file is rewritten atomically.

    Returns
    -------
    dict
        ``format``, ``rows``, ``imported``, ``already_labelled``, ``unlabelled``, ``invalid`` and
        ``conflicts`` (lists of ``{line, text, label, ...}``), ``corpus_file``.
    """
    path = Path(path)
    fmt, rows = read_label_rows(path, fmt)
    corpus_dir = Path(corpus_dir)
    with folder_lock(corpus_dir):  # another import into this corpus waits: no lost update
        return _merge(path, rows, fmt, corpus_dir, taxonomy, base_corpus)


def _merge(path: Path, rows: list[Row], fmt: str, corpus_dir: Path, taxonomy: Taxonomy,
           base_corpus: list[str | Path] | None) -> dict:
    target = corpus_dir / IMPORTED_FILE
    known: dict[str, str] = {}
    sources = list(base_corpus or [])
    if corpus_dir.is_dir() and any(corpus_dir.glob("*.csv")):
        sources.append(corpus_dir)
    for file in corpus_files(sources) if sources else []:
        frame = read_labelled(file)
        known.update(zip(frame["text"].map(near_key), frame["label"]))
    imported, invalid, conflicts = [], [], []
    already = unlabelled = 0
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for line, tweet_id, text, label, author in rows:
        if label is None:
            unlabelled += 1
            continue
        if not isinstance(label, str):
            kind = "a span (sequence labelling) export" if isinstance(label, list) else f"not text: {label!r}"
            invalid.append({"line": line, "text": str(text)[:200], "label": str(label)[:80],
                            "reason": f"the label is {kind}; a label is one of {', '.join(taxonomy.labels)}"})
            continue
        if len(text) > MAX_TEXT_CHARS:
            invalid.append({"line": line, "text": text[:200], "label": label,
                            "reason": f"a text of {len(text):,} characters, more than {MAX_TEXT_CHARS:,}"})
            continue
        label = label.strip()
        if label not in taxonomy:
            guess = difflib.get_close_matches(label.lower().replace(" ", "_").replace("-", "_"), taxonomy.labels, n=1, cutoff=0.6)
            reason = f"unknown label {label!r}" + (f" (did you mean {guess[0]!r}?)" if guess else
                                                   f" (the labels are {', '.join(taxonomy.labels)})")
            invalid.append({"line": line, "text": text, "label": label, "reason": reason})
            continue
        key = near_key(text)
        if not key:
            invalid.append({"line": line, "text": text, "label": label, "reason": "empty text"})
            continue
        if key in known:
            if known[key] == label:
                already += 1
            else:
                conflicts.append({"line": line, "text": text, "label": label, "existing": known[key]})
            continue
        known[key] = label
        imported.append({"text": text, "label": label, "source": f"import:{path.name}", "tweet_id": tweet_id,
                         "author": author, "imported_at": stamp})
    if imported:
        _append(target, imported)
    return {
        "format": fmt,
        "rows": len(rows),
        "imported": len(imported),
        "already_labelled": already,
        "unlabelled": unlabelled,
        "invalid": invalid,
        "conflicts": conflicts,
        "corpus_file": str(target),
    }


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
