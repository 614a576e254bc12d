"""Reading what labelling tools export: every annotation with its text, tweet id, task and annotator.

Formats, told apart by content (``--format`` forces one):

- ``csv``: the queue CSV of ``socialviews queue``, its ``label`` column filled in (commas or tabs);
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
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from socialviews.core.encoding import decode_text
from socialviews.core.errors import SocialViewsError, UsageError
from socialviews.files.output import unescape_cell
from socialviews.files.sources import check_member

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
#: Label Studio's own columns in JSON_MIN, CSV and TSV exports, and the fields socialviews puts in a task
_LS_COLUMNS = {"id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "agreement", "drafts",
               "predictions", "annotations", "total_annotations", "cancelled_annotations", "total_predictions"}
_TASK_FIELDS = {"text", "tweet_id", "author", "context", "suggested", "confidence", "uncertainty", "question"}
_PRODIGY_KEYS = {"answer", "_input_hash", "_task_hash", "_view_id", "_session_id", "_annotator_id"}
_ZIP_MEMBERS, _ZIP_BYTES = 1000, 512 * 1024 * 1024


@dataclass(frozen=True)
class Annotation:
    """One annotator's answer on one item; ``labels`` is empty when it was skipped or left unlabelled.

    A label that is not text (a number, a span as a tuple) is kept as it is, to be refused with its line.
    """

    where: str
    line: int
    tweet_id: str
    text: str
    labels: tuple[str, ...]
    author: str = ""
    task: str = ""
    annotator: str = ""


class Row(NamedTuple):
    """One item to import, its annotations settled: ``label`` is None when nobody labelled it."""

    line: int
    tweet_id: str
    text: str
    label: str | None
    author: str
    where: str


def _str(value) -> str:
    return "" if value is None else str(value)


def _labels(value) -> tuple[str, ...]:
    """A label cell as the tools write it: a string, a list, ``{"choices": [...]}``, or JSON of those."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] and stripped[:1] in "[{":
            try:
                return _labels(json.loads(stripped))
            except (json.JSONDecodeError, RecursionError):
                pass
        return (stripped,) if stripped else ()
    if isinstance(value, dict):
        return _labels(value.get("choices"))
    if isinstance(value, list):  # a list inside is a span of a sequence-labelling export: kept whole, refused later
        return tuple(label for item in value
                     for label in ((tuple(str(part) for part in item),) if isinstance(item, list) else _labels(item)))
    return (value,)  # not text: refused with its line when merged


def _records(data: str) -> list:
    """A JSON document, or JSON lines; a bad line is an error naming it."""
    stripped = data.strip()
    if stripped.startswith("["):
        return json.loads(stripped)
    try:
        whole = json.loads(stripped)
        return whole if isinstance(whole, list) else [whole]
    except json.JSONDecodeError:
        pass
    records = []
    for number, line in enumerate(data.splitlines(), start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SocialViewsError(f"line {number} is not JSON ({exc.msg})") from None
    return records


def _keys(records: list) -> set[str]:
    return {key for record in records if isinstance(record, dict) for key in record}


def _sniff_table(data: str) -> tuple[str, list[str]]:
    header = data.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = "\t" if header.count("\t") > header.count(",") else ","
    columns = next(csv.reader([header], delimiter=delimiter), [])
    return delimiter, [column.strip() for column in columns]


def detect(data: str) -> tuple[str | None, str]:
    """The format of one file's text, and what it looks like in words (for messages)."""
    head = data.lstrip()[:1]
    if head and head in "[{":
        records = _records(data)
        objects = [r for r in records if isinstance(r, dict)]
        keys = _keys(objects)
        if not objects:
            return None, f"JSON with no objects ({len(records)} items)"
        if keys & _PRODIGY_KEYS or {"options", "accept"} <= keys:
            return "prodigy", f"Prodigy JSONL ({len(objects)} records)"
        if "data" in keys:
            return "label-studio", f"Label Studio tasks ({len(objects)} tasks)"
        if keys & {"annotator", "annotation_id"}:
            return "label-studio-min", f"a Label Studio JSON_MIN export ({len(objects)} records)"
        if keys & {"label", "labels", "cats"}:
            kind = "doccano" if head == "{" else "doccano-json"
            return kind, f"doccano {'JSONL' if head == '{' else 'JSON'} ({len(objects)} records)"
        shown = ", ".join(sorted(keys)[:8])
        return None, f"JSON with {len(objects)} records whose keys ({shown}) hold no label"
    delimiter, columns = _sniff_table(data)
    kind = "TSV" if delimiter == "\t" else "CSV"
    if {"annotation_id", "annotator"} & set(columns) or "lead_time" in columns:
        return ("label-studio-tsv" if delimiter == "\t" else "label-studio-csv"), f"a Label Studio {kind} export"
    if {"id", "text", "label"} <= set(columns):
        return "doccano-csv", f"a doccano {kind} export"
    if "text" in columns and "label" in columns:
        return "csv", f"a queue {kind} (text and label columns)"
    shown = ", ".join(columns[:8]) or "none"
    return None, f"a {kind} with columns {shown}"


def _label_studio(records: list, where: str) -> Iterator[Annotation]:
    for number, task in enumerate(records, start=1):
        if not isinstance(task, dict):
            continue
        fields = task.get("data") if isinstance(task.get("data"), dict) else {}
        key = _str(task.get("id", f"#{number}"))
        base = dict(where=f"{where}task {key.lstrip('#')}", line=number, tweet_id=_str(fields.get("tweet_id")),
                    text=_str(fields.get("text")), author=_str(fields.get("author")), task=key)
        annotations = task.get("annotations") or task.get("completions") or []
        if not annotations:
            yield Annotation(labels=(), **base)
        for annotation in annotations:
            if not isinstance(annotation, dict):
                continue
            who = annotation.get("completed_by")
            who = _str(who.get("email") or who.get("id")) if isinstance(who, dict) else _str(who)
            labels: tuple[str, ...] = ()
            if not annotation.get("was_cancelled"):
                results = [r for r in annotation.get("result") or [] if isinstance(r, dict)]
                named = [r for r in results if r.get("from_name") == "view"] or results
                labels = _labels([r.get("value") for r in named if isinstance(r.get("value"), dict)])
            yield Annotation(labels=labels, annotator=who, **base)


def _label_column(columns: list[str], where: str) -> str:
    for name in ("view", "label"):
        if name in columns:
            return name
    others = [c for c in columns if c not in _LS_COLUMNS and c not in _TASK_FIELDS]
    if len(others) == 1:
        return others[0]
    raise SocialViewsError(
        f"{where}cannot tell which column holds the label ({', '.join(others) or 'none left'}); "
        "name the choices `view`, as `socialviews labels config` does"
    )


def _label_studio_rows(
    rows: Iterator[tuple[int, dict]], columns: list[str], where: str, unit: str = "line"
) -> Iterator[Annotation]:
    label_column = _label_column(columns, where)
    for number, row in rows:
        key = _str(row.get("id")) or f"#{number}"
        yield Annotation(
            where=f"{where}{unit} {number}", line=number, tweet_id=_str(row.get("tweet_id")), text=_str(row.get("text")),
            labels=_labels(row.get(label_column)), author=_str(row.get("author")), task=key,
            annotator=_str(row.get("annotator")),
        )


def _table(data: str, delimiter: str) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    reader = csv.DictReader(io.StringIO(data, newline=""), delimiter=delimiter)
    columns = [c.strip() for c in reader.fieldnames or []]
    reader.fieldnames = columns

    def rows() -> Iterator[tuple[int, dict]]:
        for row in reader:
            yield reader.line_num, row

    return columns, rows()


def _doccano(records: list, where: str, annotator: str, line_numbers: bool) -> Iterator[Annotation]:
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            continue
        meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
        value = record.get("label", record.get("labels", record.get("cats")))
        if isinstance(value, dict):  # spaCy-style cats
            value = [name for name, on in value.items() if on]
        key = _str(record.get("id"))
        yield Annotation(
            where=f"{where}{'line' if line_numbers else 'record'} {number}", line=number,
            tweet_id=_str(record.get("tweet_id") or meta.get("tweet_id")), text=_str(record.get("text")),
            labels=_labels(value), author=_str(record.get("author") or meta.get("author")), task=key, annotator=annotator,
        )


def _doccano_csv(data: str, delimiter: str, where: str, annotator: str) -> Iterator[Annotation]:
    _, rows = _table(data, delimiter)
    for number, row in rows:
        labels = tuple(part.strip() for part in _str(row.get("label")).split("#") if part.strip())
        yield Annotation(
            where=f"{where}line {number}", line=number, tweet_id=_str(row.get("tweet_id")), text=_str(row.get("text")),
            labels=labels, author=_str(row.get("author")), task=_str(row.get("id")), annotator=annotator,
        )


def _prodigy(records: list, where: str) -> Iterator[Annotation]:
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            continue
        meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
        labels: tuple[str, ...] = ()
        if record.get("answer") == "accept":
            labels = _labels(record.get("accept")) or _labels(record.get("label"))
        key = _str(record.get("_input_hash"))
        yield Annotation(
            where=f"{where}line {number}", line=number, tweet_id=_str(record.get("tweet_id") or meta.get("tweet_id")),
            text=_str(record.get("text")), labels=labels, author=_str(record.get("author") or meta.get("author")),
            task=key, annotator=_str(record.get("_annotator_id") or record.get("_session_id")),
        )


def _queue_csv(data: str, delimiter: str, where: str) -> Iterator[Annotation]:
    columns, rows = _table(data, delimiter)
    if "text" not in columns or "label" not in columns:
        raise SocialViewsError(f"{where}the labels CSV needs columns text and label (as written by `socialviews queue`)")
    for number, row in rows:  # a queue CSV is spreadsheet-safe: the ' put before formula-like cells comes off
        label = unescape_cell(_str(row.get("label"))).strip()
        yield Annotation(where=f"{where}line {number}", line=number, tweet_id=unescape_cell(_str(row.get("tweet_id"))),
                         text=unescape_cell(_str(row.get("text"))), labels=(label,) if label else (),
                         author=unescape_cell(_str(row.get("author"))))


def parse(data: str, fmt: str, where: str = "", annotator: str = "") -> list[Annotation]:
    """The annotations of one file's text in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt in ("label-studio", "label-studio-min", "doccano", "doccano-json", "prodigy"):
        records = _records(data)
        if fmt == "label-studio":
            return list(_label_studio(records, where))
        if fmt == "label-studio-min":
            objects = [r for r in records if isinstance(r, dict)]
            columns = sorted(_keys(objects))
            return list(_label_studio_rows(((n, r) for n, r in enumerate(objects, start=1)), columns, where, "record"))
        if fmt == "prodigy":
            return list(_prodigy(records, where))
        return list(_doccano(records, where, annotator, line_numbers=fmt == "doccano"))
    delimiter, _ = _sniff_table(data)
    if fmt in ("label-studio-csv", "label-studio-tsv"):
        columns, rows = _table(data, "\t" if fmt == "label-studio-tsv" else ",")
        return list(_label_studio_rows(rows, columns, where))
    if fmt == "doccano-csv":
        return list(_doccano_csv(data, delimiter, where, annotator))
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
            raise SocialViewsError(f"{path}: {label}--format {fmt}, but it looks like {looks}")
        chosen = fmt if fmt in FORMATS and fmt not in FAMILIES else kind
        if chosen is None:
            raise SocialViewsError(f"{path}: {label}it looks like {looks}; expected {EXPECTED}")
        stem = PurePosixPath(name).stem
        annotator = stem if zipped and stem != "all" else ""
        try:
            annotations += parse(data, chosen, label, annotator)
        except (json.JSONDecodeError, RecursionError):
            raise SocialViewsError(f"{path}: {label}not valid JSON for {FORMATS[chosen]}") from None
        except (AttributeError, TypeError, KeyError, csv.Error):
            raise SocialViewsError(f"{path}: {label}does not have the layout of {FORMATS[chosen]}; check --format") from None
        found.append((chosen, looks))
    kinds = sorted({kind for kind, _ in found})
    if not kinds:
        raise SocialViewsError(f"{path} holds only empty files; expected {EXPECTED}")
    if len(kinds) > 1:
        raise SocialViewsError(f"{path} mixes formats ({', '.join(kinds)}); import its files one by one")
    looks = found[0][1] + (f", {len(found)} files zipped" if zipped else "")
    return kinds[0], looks, annotations


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
                                  "reason": f"annotators disagree ({said}); --resolve {rule} leaves it out"})
            continue
        rows.append(row)
    return rows, disagreements
