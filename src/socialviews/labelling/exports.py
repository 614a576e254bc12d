"""Reading what labelling tools export: every annotation with its text, tweet id, task and annotator.

Formats, told apart by content (``--format`` forces one):

- ``csv``: the queue CSV of ``socialviews queue``, its ``label`` column filled in (commas, tabs or semicolons);
- Label Studio: ``label-studio`` (JSON), ``label-studio-min`` (JSON_MIN), ``label-studio-csv`` and
  ``label-studio-tsv``; the label is the choice of the ``view`` control (or the only other column);
- doccano: ``doccano`` (JSONL), ``doccano-json`` and ``doccano-csv``, as its zip (one file per annotator,
  or ``all`` for collaborative projects) or unzipped;
- ``prodigy``: ``prodigy db-out`` JSONL; only ``accept`` answers carry a label.

Several annotations of one task (Label Studio task id, doccano example id, Prodigy input hash) are
settled by :func:`settle`: when the annotators disagree, ``skip`` reports the task and imports nothing,
``majority`` takes a label more than half of them chose, ``annotator:NAME`` takes NAME's.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from socialviews.core.encoding import decode_text
from socialviews.core.errors import SocialViewsError, UsageError
from socialviews.core.words import counted
from socialviews.files.output import unescape_cell
from socialviews.files.sources import check_member
from socialviews.labelling.annotations import Annotation, Row, cell, json_records, read_table, record_keys, sniff_table
from socialviews.labelling.doccano import doccano_csv, doccano_records
from socialviews.labelling.label_studio import label_studio_rows, label_studio_tasks
from socialviews.labelling.prodigy import PRODIGY_KEYS, prodigy_records

__all__ = ["EXPECTED", "FAMILIES", "FORMATS", "Annotation", "Row", "detect", "parse", "parse_rule", "read_annotations",
           "settle"]

FORMATS = {
    "csv": "a socialviews queue CSV",
    "label-studio": "a Label Studio JSON export",
    "label-studio-min": "a Label Studio JSON_MIN export",
    "label-studio-csv": "a Label Studio CSV export",
    "label-studio-tsv": "a Label Studio TSV export",
    "doccano": "a doccano JSONL export",
    "doccano-json": "a doccano JSON export",
    "doccano-csv": "a doccano CSV export",
    "prodigy": "a Prodigy JSONL export",
}
FAMILIES = {
    "label-studio": ("label-studio", "label-studio-min", "label-studio-csv", "label-studio-tsv"),
    "doccano": ("doccano", "doccano-json", "doccano-csv"),
}
EXPECTED = (
    "a filled queue CSV (a label column), or an export of annotated tasks from Label Studio (JSON, JSON_MIN, "
    "CSV, TSV), doccano (JSONL, JSON, CSV, zipped or not) or Prodigy (db-out JSONL)"
)
_ZIP_MEMBERS, _ZIP_BYTES = 1000, 512 * 1024 * 1024


def detect(data: str) -> tuple[str | None, str]:
    """The format of one file's text, and what it looks like in words (for messages)."""
    head = data.lstrip()[:1]
    if head and head in "[{":
        records = json_records(data)
        objects = [r for r in records if isinstance(r, dict)]
        keys = record_keys(objects)
        if not objects:
            return None, f"JSON with no objects ({counted(len(records), 'item')})"
        if keys & PRODIGY_KEYS or {"options", "accept"} <= keys:
            return "prodigy", f"Prodigy JSONL ({counted(len(objects), 'record')})"
        if "data" in keys:
            return "label-studio", f"Label Studio tasks ({counted(len(objects), 'task')})"
        if keys & {"annotator", "annotation_id"}:
            return "label-studio-min", f"a Label Studio JSON_MIN export ({counted(len(objects), 'record')})"
        if keys & {"label", "labels", "cats"}:
            kind = "doccano" if head == "{" else "doccano-json"
            return kind, f"doccano {'JSONL' if head == '{' else 'JSON'} ({counted(len(objects), 'record')})"
        shown = ", ".join(sorted(keys)[:8])
        return None, f"JSON with {counted(len(objects), 'record')} whose keys ({shown}) hold no label"
    delimiter, columns = sniff_table(data)
    kind = "TSV" if delimiter == "\t" else "CSV"
    if {"annotation_id", "annotator"} & set(columns) or "lead_time" in columns:
        return ("label-studio-tsv" if delimiter == "\t" else "label-studio-csv"), f"a Label Studio {kind} export"
    if {"id", "text", "label"} <= set(columns):
        return "doccano-csv", f"a doccano {kind} export"
    if "text" in columns and "label" in columns:
        return "csv", f"a queue {kind} (text and label columns)"
    shown = ", ".join(columns[:8]) or "none"
    return None, f"a {kind} with columns {shown}"


def _queue_csv(data: str, delimiter: str, where: str) -> Iterator[Annotation]:
    columns, rows = read_table(data, delimiter)
    if "text" not in columns or "label" not in columns:
        raise SocialViewsError(f"{where}the labels CSV needs columns text and label (as written by `socialviews queue`)")
    for number, row in rows:  # a queue CSV is spreadsheet-safe: the ' put before formula-like cells comes off
        label = unescape_cell(cell(row.get("label"))).strip()
        yield Annotation(where=f"{where}line {number}", line=number, tweet_id=unescape_cell(cell(row.get("tweet_id"))),
                         text=unescape_cell(cell(row.get("text"))), labels=(label,) if label else (),
                         author=unescape_cell(cell(row.get("author"))))


def parse(data: str, fmt: str, where: str = "", annotator: str = "") -> list[Annotation]:
    """The annotations of one file's text in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt in ("label-studio", "label-studio-min", "doccano", "doccano-json", "prodigy"):
        records = json_records(data)
        if fmt == "label-studio":
            return list(label_studio_tasks(records, where))
        if fmt == "label-studio-min":
            objects = [r for r in records if isinstance(r, dict)]
            columns = sorted(record_keys(objects))
            return list(label_studio_rows(((n, r) for n, r in enumerate(objects, start=1)), columns, where, "record"))
        if fmt == "prodigy":
            return list(prodigy_records(records, where))
        return list(doccano_records(records, where, annotator, line_numbers=fmt == "doccano"))
    delimiter, _ = sniff_table(data)
    if fmt in ("label-studio-csv", "label-studio-tsv"):
        columns, rows = read_table(data, "\t" if fmt == "label-studio-tsv" else ";" if delimiter == ";" else ",")
        return list(label_studio_rows(rows, columns, where))
    if fmt == "doccano-csv":
        return list(doccano_csv(data, delimiter, where, annotator))
    return list(_queue_csv(data, delimiter, where))


def _members(path: Path, raw: bytes) -> list[tuple[str, bytes]]:
    """The data files of a zip (doccano downloads every export zipped), bounded in number and size."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise SocialViewsError(f"{path} is not a readable zip") from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")
                 and not PurePosixPath(i.filename).name.startswith(".")]
        if len(infos) > _ZIP_MEMBERS:
            raise SocialViewsError(f"{path} holds {len(infos)} files; a labels zip may hold {_ZIP_MEMBERS}")
        if sum(i.file_size for i in infos) > _ZIP_BYTES:
            raise SocialViewsError(f"{path} unpacks to more than {_ZIP_BYTES // 2**20} MB; unzip it and import its files")
        if not infos:
            raise SocialViewsError(f"{path} is a zip with no file in it; expected {EXPECTED}")
        for info in infos:
            check_member(path, info)  # too big, or a zip bomb: refused before unpacking
        return [(i.filename, archive.read(i)) for i in sorted(infos, key=lambda i: i.filename)]


def read_annotations(path: str | Path, fmt: str | None = None) -> tuple[str, str, list[Annotation]]:
    """Every annotation in a labels file or zip: ``(format, what it looks like, annotations)``.

    ``fmt`` forces a format, or narrows detection to a family (``label-studio``, ``doccano``).
    """
    path = Path(path)
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown labels format {fmt!r}; use one of {', '.join(FORMATS)}")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SocialViewsError(f"labels file not found: {path}") from None
    except IsADirectoryError:
        raise SocialViewsError(f"{path} is a folder; give the export file") from None
    zipped = raw[:4] == b"PK\x03\x04"
    members = _members(path, raw) if zipped else [(path.name, raw)]
    found: list[tuple[str, str]] = []
    annotations: list[Annotation] = []
    for name, content in members:
        data = decode_text(content)  # UTF-8, UTF-16 or Windows-1252, as Excel may save a filled queue CSV
        label = f"{PurePosixPath(name).name}: " if zipped else ""
        if not data.strip():
            if zipped:
                continue
            raise SocialViewsError(f"{path} is empty; expected {EXPECTED}")
        try:
            kind, looks = detect(data)
        except SocialViewsError as exc:
            raise SocialViewsError(f"{path}: {label}{exc}; expected {EXPECTED}") from None
        except json.JSONDecodeError as exc:
            raise SocialViewsError(f"{path}: {label}not valid JSON ({exc.msg} at line {exc.lineno}); expected {EXPECTED}") from None
        except RecursionError:
            raise SocialViewsError(f"{path}: {label}nested too deeply to be a labels export; expected {EXPECTED}") from None
        if fmt in FAMILIES and kind not in FAMILIES[fmt]:
            raise _mismatch(path, label, fmt, kind, looks)
        chosen = fmt if fmt in FORMATS and fmt not in FAMILIES else kind
        if chosen is None:
            raise SocialViewsError(f"{path}: {label}it looks like {looks}; expected {EXPECTED}")
        stem = PurePosixPath(name).stem
        annotator = stem if zipped and stem != "all" else ""
        forced_over = kind is not None and chosen != kind  # --format names another format than the file looks like
        try:
            read = parse(data, chosen, label, annotator)
        except (json.JSONDecodeError, RecursionError, SocialViewsError, AttributeError, TypeError, KeyError, csv.Error) as exc:
            if forced_over:
                raise _mismatch(path, label, fmt, kind, looks) from None
            if isinstance(exc, SocialViewsError):
                raise
            if isinstance(exc, (json.JSONDecodeError, RecursionError)):
                raise SocialViewsError(f"{path}: {label}not valid JSON for {FORMATS[chosen]}") from None
            raise SocialViewsError(f"{path}: {label}does not have the layout of {FORMATS[chosen]}; check --format") from None
        if forced_over and not any(annotation.labels for annotation in read):
            raise _mismatch(path, label, fmt, kind, looks)  # read as forced it holds no label: use the format it has
        annotations += read
        found.append((chosen, looks))
    kinds = sorted({kind for kind, _ in found})
    if not kinds:
        raise SocialViewsError(f"{path} holds only empty files; expected {EXPECTED}")
    if len(kinds) > 1:
        raise SocialViewsError(f"{path} mixes formats ({', '.join(kinds)}); import its files one by one")
    looks = found[0][1] + (f", {counted(len(found), 'file')} zipped" if zipped else "")
    return kinds[0], looks, annotations


def _mismatch(path: Path, member: str, fmt: str | None, kind: str | None, looks: str) -> SocialViewsError:
    """A ``--format`` the file does not have: a usage error naming the format it looks like."""
    if kind is None:
        return SocialViewsError(f"{path}: {member}--format {fmt}, but it looks like {looks}; expected {EXPECTED}")
    return UsageError(f"{path}: {member}--format {fmt}, but it looks like {looks}; drop --format or use --format {kind}")


def parse_rule(rule: str) -> tuple[str, str]:
    """``skip``, ``majority`` or ``annotator:NAME`` as ``(kind, name)``."""
    kind, _, name = rule.partition(":")
    if kind in ("skip", "majority") and not name:
        return kind, ""
    if kind == "annotator" and name:
        return kind, name
    raise UsageError(f"--resolve takes skip, majority or annotator:NAME, not {rule!r}")


def settle(annotations: list[Annotation], rule: str = "skip") -> tuple[list[Row], list[dict]]:
    """One row per task; tasks whose annotators disagree are settled by ``rule`` or reported.

    Returns the rows and the disagreements left unsettled (``line, where, text, tweet_id, votes, reason``).
    """
    kind, name = parse_rule(rule)
    annotators = sorted({a.annotator for a in annotations if a.annotator and a.labels})
    if kind == "annotator" and name not in annotators:
        raise UsageError(f"--resolve {rule}: no annotator {name!r} labelled this file; its annotators are "
                         f"{', '.join(annotators) if annotators else 'not named'}")
    groups: dict[str, list[Annotation]] = {}
    for index, annotation in enumerate(annotations):
        groups.setdefault(f"task:{annotation.task}" if annotation.task else f"row:{index}", []).append(annotation)
    rows, disagreements = [], []
    for group in groups.values():
        first = next((a for a in group if a.labels), group[0])
        votes = [(a.annotator, label) for a in group for label in a.labels]
        labels = list(dict.fromkeys(label for _, label in votes))
        winner = labels[0] if len(labels) == 1 else None
        if len(labels) > 1:
            if kind == "majority":
                top, count = Counter(label for _, label in votes).most_common(1)[0]
                winner = top if count * 2 > len(votes) else None
            elif kind == "annotator":
                theirs = {label for who, label in votes if who == name}
                winner = theirs.pop() if len(theirs) == 1 else None
        row = Row(first.line, first.tweet_id, first.text, winner, first.author, first.where)
        if len(labels) > 1 and winner is None:
            said = "; ".join(f"{'annotator ' + who if who else 'one'} said {label}" for who, label in votes)
            disagreements.append({"line": first.line, "where": first.where, "text": first.text,
                                  "tweet_id": first.tweet_id, "label": " / ".join(labels), "votes": said,
                                  "reason": f"annotators disagree ({said}); --resolve {rule} leaves it out "
                                            f"({_settles(votes, kind, name)})"})
            continue
        rows.append(row)
    return rows, disagreements


def _settles(votes: list[tuple[str, str]], kind: str, name: str) -> str:
    """The rules that would settle one disagreement (a majority, an annotator with one label), or labelling it again."""
    rules = []
    top = Counter(label for _, label in votes).most_common(1)[0][1]
    if kind != "majority" and top * 2 > len(votes):
        rules.append("majority")
    chose: dict[str, set[str]] = {}
    for who, label in votes:
        if who:
            chose.setdefault(who, set()).add(label)
    rules += [f"annotator:{who}" for who in sorted(chose) if len(chose[who]) == 1 and not (kind == "annotator" and who == name)]
    if not rules:
        return "label it again to settle it"
    shown = rules if len(rules) <= 4 else [*rules[:3], "..."]
    return f"--resolve {', '.join(shown[:-1])} or {shown[-1]} settles it" if len(shown) > 1 else f"--resolve {shown[0]} settles it"
