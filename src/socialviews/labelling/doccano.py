"""doccano exports: JSONL, JSON and CSV (one file per annotator in its zip, or ``all``)."""

from __future__ import annotations

from collections.abc import Iterator

from socialviews.labelling.annotations import Annotation, cell, labels_of, read_table


def doccano_records(records: list, where: str, annotator: str, line_numbers: bool) -> Iterator[Annotation]:
    """The annotations of a JSONL or JSON export (``label``, ``labels`` or spaCy-style ``cats``)."""
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            continue
        meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
        value = record.get("label", record.get("labels", record.get("cats")))
        if isinstance(value, dict):  # spaCy-style cats
            value = [name for name, on in value.items() if on]
        key = cell(record.get("id"))
        yield Annotation(
            where=f"{where}{'line' if line_numbers else 'record'} {number}", line=number,
            tweet_id=cell(record.get("tweet_id") or meta.get("tweet_id")), text=cell(record.get("text")),
            labels=labels_of(value), author=cell(record.get("author") or meta.get("author")), task=key, annotator=annotator,
        )


def doccano_csv(data: str, delimiter: str, where: str, annotator: str) -> Iterator[Annotation]:
    """The annotations of a CSV export (labels joined with ``#``)."""
    _, rows = read_table(data, delimiter)
    for number, row in rows:
        labels = tuple(part.strip() for part in cell(row.get("label")).split("#") if part.strip())
        yield Annotation(
            where=f"{where}line {number}", line=number, tweet_id=cell(row.get("tweet_id")), text=cell(row.get("text")),
            labels=labels, author=cell(row.get("author")), task=cell(row.get("id")), annotator=annotator,
        )
