"""What every labelling tool's export becomes: annotations, and the rows settled from them; reading their cells."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from socialviews.core.errors import SocialViewsError


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


def cell(value) -> str:
    """A cell or field as text; None is empty."""
    return "" if value is None else str(value)


def labels_of(value) -> tuple[str, ...]:
    """A label cell as the tools write it: a string, a list, ``{"choices": [...]}``, or JSON of those."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] and stripped[:1] in "[{":
            try:
                return labels_of(json.loads(stripped))
            except (json.JSONDecodeError, RecursionError):
                pass
        return (stripped,) if stripped else ()
    if isinstance(value, dict):
        return labels_of(value.get("choices"))
    if isinstance(value, list):  # a list inside is a span of a sequence-labelling export: kept whole, refused later
        return tuple(label for item in value
                     for label in ((tuple(str(part) for part in item),) if isinstance(item, list) else labels_of(item)))
    return (value,)  # not text: refused with its line when merged


def json_records(data: str) -> list:
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
    # JSON lines end at \n (and \r\n) only: str.splitlines would also break inside a text at U+2028,
    # U+0085 or U+001C, which JSON writers leave unescaped.
    for number, line in enumerate(data.split("\n"), start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SocialViewsError(f"line {number} is not JSON ({exc.msg})") from None
    return records


def record_keys(records: list) -> set[str]:
    """Every key of the records that are objects."""
    return {key for record in records if isinstance(record, dict) for key in record}


#: The delimiters a table may use: commas, tabs, and the semicolons Excel writes in locales whose
#: decimal separator is a comma; a tie goes to the first.
DELIMITERS = (",", "\t", ";")


def sniff_table(data: str) -> tuple[str, list[str]]:
    """The delimiter (comma, tab or semicolon: the one its header has most of) of a table's text and its header's columns."""
    header = data.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=header.count)
    columns = next(csv.reader([header], delimiter=delimiter), [])
    return delimiter, [column.strip() for column in columns]


def read_table(data: str, delimiter: str) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """A table's columns (stripped) and its rows, each with the line it ends on."""
    reader = csv.DictReader(io.StringIO(data, newline=""), delimiter=delimiter)
    columns = [c.strip() for c in reader.fieldnames or []]
    reader.fieldnames = columns

    def rows() -> Iterator[tuple[int, dict]]:
        for row in reader:
            yield reader.line_num, row

    return columns, rows()
