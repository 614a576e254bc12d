"""Label Studio exports: JSON (tasks with their annotations), JSON_MIN, CSV and TSV."""

from __future__ import annotations

from collections.abc import Iterator

from socialviews.core.errors import SocialViewsError
from socialviews.labelling.annotations import Annotation, cell, labels_of

#: Label Studio's own columns in JSON_MIN, CSV and TSV exports, and the fields socialviews puts in a task
LS_COLUMNS = {"id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "agreement", "drafts",
              "predictions", "annotations", "total_annotations", "cancelled_annotations", "total_predictions"}
TASK_FIELDS = {"text", "tweet_id", "author", "context", "suggested", "confidence", "uncertainty", "question"}


def label_studio_tasks(records: list, where: str) -> Iterator[Annotation]:
    """The annotations of a JSON export's tasks (one per annotation; a task nobody annotated gives one without labels)."""
    for number, task in enumerate(records, start=1):
        if not isinstance(task, dict):
            continue
        fields = task.get("data") if isinstance(task.get("data"), dict) else {}
        key = cell(task.get("id", f"#{number}"))
        base = dict(where=f"{where}task {key.lstrip('#')}", line=number, tweet_id=cell(fields.get("tweet_id")),
                    text=cell(fields.get("text")), author=cell(fields.get("author")), task=key)
        annotations = task.get("annotations") or task.get("completions") or []
        if not annotations:
            yield Annotation(labels=(), **base)
        for annotation in annotations:
            if not isinstance(annotation, dict):
                continue
            who = annotation.get("completed_by")
            who = cell(who.get("email") or who.get("id")) if isinstance(who, dict) else cell(who)
            labels: tuple[str, ...] = ()
            if not annotation.get("was_cancelled"):
                results = [r for r in annotation.get("result") or [] if isinstance(r, dict)]
                named = [r for r in results if r.get("from_name") == "view"] or results
                labels = labels_of([r.get("value") for r in named if isinstance(r.get("value"), dict)])
            yield Annotation(labels=labels, annotator=who, **base)


def label_column(columns: list[str], where: str) -> str:
    """The column that holds the label: ``view``, ``label``, or the only column that is not Label Studio's or a task field."""
    for name in ("view", "label"):
        if name in columns:
            return name
    others = [c for c in columns if c not in LS_COLUMNS and c not in TASK_FIELDS]
    if len(others) == 1:
        return others[0]
    raise SocialViewsError(
        f"{where}cannot tell which column holds the label ({', '.join(others) or 'none left'}); "
        "name the choices `view`, as `socialviews labels config` does"
    )


def label_studio_rows(
    rows: Iterator[tuple[int, dict]], columns: list[str], where: str, unit: str = "line"
) -> Iterator[Annotation]:
    """The annotations of a flat export (JSON_MIN, CSV, TSV): one per row."""
    column = label_column(columns, where)
    for number, row in rows:
        key = cell(row.get("id")) or f"#{number}"
        yield Annotation(
            where=f"{where}{unit} {number}", line=number, tweet_id=cell(row.get("tweet_id")), text=cell(row.get("text")),
            labels=labels_of(row.get(column)), author=cell(row.get("author")), task=key,
            annotator=cell(row.get("annotator")),
        )
