"""Prodigy exports: ``prodigy db-out`` JSONL; only ``accept`` answers carry a label."""

from __future__ import annotations

from collections.abc import Iterator

from socialviews.labelling.annotations import Annotation, cell, labels_of

#: Keys only Prodigy's records have.
PRODIGY_KEYS = {"answer", "_input_hash", "_task_hash", "_view_id", "_session_id", "_annotator_id"}


def prodigy_records(records: list, where: str) -> Iterator[Annotation]:
    """The annotations of ``db-out`` records; a record not accepted carries no label."""
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            continue
        meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
        labels: tuple[str, ...] = ()
        if record.get("answer") == "accept":
            labels = labels_of(record.get("accept")) or labels_of(record.get("label"))
        key = cell(record.get("_input_hash"))
        yield Annotation(
            where=f"{where}line {number}", line=number, tweet_id=cell(record.get("tweet_id") or meta.get("tweet_id")),
            text=cell(record.get("text")), labels=labels, author=cell(record.get("author") or meta.get("author")),
            task=key, annotator=cell(record.get("_annotator_id") or record.get("_session_id")),
        )
