"""The labelling loop: pick the tweets that teach the model most, export them, import the labels."""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.chat.markers import (
    asked_text,
    asking_rank,
    is_answer_marker,
    is_question_marker,
    marker_number,
    model_text,
)
from socialviews.chat.questions import question_label
from socialviews.core.atomic import atomic_write_text
from socialviews.core.config import LABEL_TOOL, LABELS_FOLDER, QUEUE_SIZE, QUEUE_STRATEGY, home_folder
from socialviews.core.errors import UsageError
from socialviews.core.taxonomy import Taxonomy
from socialviews.files.output import output_kind, spreadsheet_safe, write_table
from socialviews.training.audit import near_key

if TYPE_CHECKING:
    import pandas as pd

    from socialviews.model.model import Model

log = logging.getLogger(__name__)

QUEUE_FORMATS = ("csv", "label-studio", "doccano", "prodigy")
CONFIG_TOOLS = ("label-studio", "doccano")
#: the names the Label Studio tasks and predictions use; the labelling config must use the same
LS_CHOICES, LS_TEXT = "view", "text"
_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#7f7f7f", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#d62728")
IMPORTED_FILE = "imported.csv"
CORPUS_COLUMNS = ["text", "label", "source", "tweet_id", "author", "imported_at"]


def uncertainty(proba: pd.DataFrame | object, strategy: str = QUEUE_STRATEGY):
    """Uncertainty per row of a probability matrix: 1 - (best - runner-up), or the entropy."""
    import numpy as np

    proba = np.asarray(proba, dtype=float)
    if strategy == "entropy":
        safe = np.clip(proba, 1e-12, 1.0)
        return -(safe * np.log(safe)).sum(axis=1) / math.log(proba.shape[1])
    if strategy != "margin":
        raise UsageError(f"--strategy takes margin or entropy, not {strategy!r}")
    ordered = np.sort(proba, axis=1)
    return 1.0 - (ordered[:, -1] - ordered[:, -2])


def _question_of(frame: pd.DataFrame) -> pd.Series:
    if "question" in frame.columns:
        return frame["question"].fillna("").astype(str)
    return frame["qa"].fillna("").astype(str).map(_answered_question)


def _answered_question(qa: str) -> str:
    """The question an answer's marker names (``A3b`` -> ``Q3``); "" for any other marker."""
    return question_label(marker_number(qa)) if is_answer_marker(qa) else ""


def build_queue(
    classified: pd.DataFrame,
    model: Model,
    n: int = QUEUE_SIZE,
    strategy: str = QUEUE_STRATEGY,
    exclude_texts: set[str] | None = None,
) -> pd.DataFrame:
    """Rank unlabelled tweets for labelling.

    Retweets, tweets already labelled (by near-duplicate key) and near-duplicates of each other are
    left out; the most uncertain come first, spread over authors and questions: in a first pass no
    author or question gets more than its fair share of the ``n`` picks.

    Returns
    -------
    pandas.DataFrame
        ``tweet_id, text, context, suggested, confidence, uncertainty, author, question, label``
        (``label`` empty, to fill in).
    """
    import numpy as np
    import pandas as pd

    frame = classified.loc[~classified["is_retweet"].astype(bool)].copy()
    frame["key"] = frame["text"].map(near_key)
    frame = frame.loc[frame["key"] != ""]
    if exclude_texts:
        frame = frame.loc[~frame["key"].isin(exclude_texts)]
    frame = frame.drop_duplicates("key")
    proba = frame[[f"p_{label}" for label in model.labels]].to_numpy()
    frame["uncertainty"] = uncertainty(proba, strategy) if len(frame) else []
    frame["question"] = _question_of(frame)
    texts_by_id = {tweet_id: text for tweet_id, text in zip(classified["tweet_id"].astype(str), classified["text"])
                   if tweet_id}  # a tweet without an id is nobody's parent
    questions: dict[str, str] = {}
    asked = classified.loc[classified["qa"].astype(str).map(is_question_marker).astype(bool)]
    asked = asked.assign(_rank=[asking_rank(t, bool(rt)) for t, rt in zip(asked["text"], asked["is_retweet"])])
    for q, text in asked.sort_values("_rank", kind="stable")[["qa", "text"]].itertuples(index=False):
        questions.setdefault(f"Q{q[1:]}", asked_text(text)[0])  # the tweet that gives its words best
    frame = frame.sort_values("uncertainty", ascending=False, kind="stable")
    authors = max(frame["author"].nunique(), 1)
    n_questions = max(frame["question"].replace("", np.nan).nunique(), 1)
    author_cap = max(2, math.ceil(2 * n / authors))
    question_cap = max(2, math.ceil(2 * n / n_questions))
    picked, per_author, per_question = [], {}, {}
    for index, row in frame.iterrows():
        if len(picked) == n:
            break
        a, q = row["author"], row["question"]
        if per_author.get(a, 0) >= author_cap or (q and per_question.get(q, 0) >= question_cap):
            continue
        picked.append(index)
        per_author[a] = per_author.get(a, 0) + 1
        per_question[q] = per_question.get(q, 0) + 1
    if len(picked) < n:
        rest = [i for i in frame.index if i not in set(picked)]
        picked.extend(rest[: n - len(picked)])
    chosen = frame.loc[picked]

    def context(row) -> str:
        parts = []
        if row["question"] and row["question"] in questions and not is_question_marker(str(row["qa"])):
            parts.append(f"answers {row['question']}: {questions[row['question']]}")
        parent = texts_by_id.get(str(row.get("reply_to_id") or ""))
        if parent:
            parts.append(f"replies to: {parent}")
        return " | ".join(parts)

    return pd.DataFrame(
        {
            "tweet_id": chosen["tweet_id"].astype(str),
            # the text as the model reads it (a Q3) answer with an answer's marker), so that a label
            # trains the model on what it scores
            "text": [model_text(t, q) for t, q in zip(chosen["text"].astype(str), chosen["qa"].astype(str))],
            "context": [context(row) for _, row in chosen.iterrows()],
            "suggested": chosen["view"],
            "confidence": chosen["confidence"].round(4),
            "uncertainty": chosen["uncertainty"].round(4),
            "author": chosen["author"],
            "question": chosen["question"],
            "label": "",
        }
    ).reset_index(drop=True)


#: What ``queue --to TOOL`` writes, and the suffix its file needs for the tool to read it.
TASK_FILES = {"label-studio": ("JSON tasks", ".json"), "doccano": ("JSONL", ".jsonl"), "prodigy": ("JSONL", ".jsonl")}
#: Suffixes that name a file type: an ``-o`` ending in one the tool does not read is refused.
_TYPED_SUFFIXES = {".json", ".jsonl", ".ndjson", ".xml", ".csv", ".tsv", ".txt", ".parquet", ".html", ".zip"}


def check_queue_output(inputs: list[str | Path], output: str | Path | None, fmt: str = "csv") -> None:
    """Refuse (exit 2), before any work, an ``-o`` that is one of the inputs (files, globs, folders),
    as ``classify`` does, or whose suffix names another type of file than ``--to fmt`` writes."""
    from socialviews.files.safety import printable, refuse_overwriting_inputs
    from socialviews.readers import expand_inputs

    if fmt not in QUEUE_FORMATS:
        raise UsageError(f"--to takes one of {', '.join(QUEUE_FORMATS)}, not {fmt!r}")
    if output is None or str(output) == "-":
        return
    if fmt == "csv":
        if output_kind(output) != "csv":  # filled in a spreadsheet and imported again: a CSV only
            raise UsageError(f"-o {printable(output)}: --to csv writes a CSV to fill in; end the name in .csv "
                             f"(-o {printable(Path(output).with_suffix('.csv').name)})")
    else:
        what, suffix = TASK_FILES[fmt]
        given = Path(output).suffix.lower()
        if given in _TYPED_SUFFIXES and given != suffix:
            fitting = Path(output).with_name(_task_stem(output) + suffix)
            beside = f", the {'labelling config' if fmt == 'label-studio' else 'label types'} beside it in " \
                     f"{config_path(fitting, fmt).name}" if fmt in CONFIG_TOOLS else ""
            raise UsageError(f"-o {printable(output)}: --to {fmt} writes {what}; end the name in {suffix} "
                             f"(-o {printable(fitting.name)}{beside})")
    refuse_overwriting_inputs(expand_inputs(inputs), output, None)


def export_queue(queue: pd.DataFrame, path: str | Path | None, fmt: str, taxonomy: Taxonomy, model_id: str = "") -> None:
    """Write the queue as a CSV to fill in, Label Studio tasks, doccano JSONL or Prodigy JSONL."""
    import sys

    if fmt not in QUEUE_FORMATS:
        raise UsageError(f"--to takes one of {', '.join(QUEUE_FORMATS)}, not {fmt!r}")
    if fmt == "csv":  # opened in a spreadsheet by labellers: no cell may run as a formula
        write_table(spreadsheet_safe(queue), path)
        return
    records = queue.to_dict("records")
    if fmt == "label-studio":
        tasks = [
            {
                "data": {"text": r["text"], "tweet_id": r["tweet_id"], "author": r["author"], "context": r["context"]},
                "predictions": [
                    {
                        "model_version": model_id,
                        "score": float(r["confidence"]),
                        "result": [
                            {"from_name": "view", "to_name": "text", "type": "choices",
                             "value": {"choices": [r["suggested"]]}}
                        ],
                    }
                ],
            }
            for r in records
        ]
        text = json.dumps(tasks, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "doccano":
        text = "".join(
            json.dumps({"text": r["text"], "label": [], "tweet_id": r["tweet_id"], "author": r["author"], "context": r["context"],
                        "suggested": r["suggested"]}, ensure_ascii=False) + "\n"
            for r in records
        )
    else:
        options = [{"id": v.label, "text": v.name} for v in taxonomy.views]
        text = "".join(
            json.dumps({"text": r["text"], "options": options, "accept": [r["suggested"]],
                        "meta": {"tweet_id": r["tweet_id"], "author": r["author"], "context": r["context"], "score": float(r["confidence"])}},
                       ensure_ascii=False) + "\n"
            for r in records
        )
    # line and paragraph separators (and the other characters str.splitlines breaks at) stay escaped,
    # so that every tool reading the file sees one record a line
    text = text.translate(_JSON_LINE_BREAKS)
    if path is None or str(path) == "-":
        sys.stdout.write(text)
    else:
        atomic_write_text(path, text)


_JSON_LINE_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


def label_config(taxonomy: Taxonomy, tool: str = LABEL_TOOL) -> str:
    """The labelling setup matching ``export_queue``: a Label Studio labelling config (XML), or doccano
    label types (JSON, for the project's "Labels > Import Labels")."""
    from xml.sax.saxutils import quoteattr

    if tool == "label-studio":
        choices = "".join(
            f'    <Choice value={quoteattr(v.label)} hint={quoteattr(v.name + ": " + v.definition)}/>\n' for v in taxonomy.views
        )
        return (
            "<View>\n"
            f'  <Header value={quoteattr("Which view on social learning does this tweet hold?")}/>\n'
            f'  <Text name="{LS_TEXT}" value="$text"/>\n'
            '  <Header value="Context" size="6"/>\n'
            '  <Text name="context" value="$context"/>\n'
            f'  <Choices name="{LS_CHOICES}" toName="{LS_TEXT}" choice="single" showInLine="false" required="true">\n'
            f"{choices}"
            "  </Choices>\n"
            "</View>\n"
        )
    if tool == "doccano":
        types = [
            {"text": v.label, "suffix_key": str(i + 1) if i < 9 else None, "background_color": _COLOURS[i % len(_COLOURS)],
             "text_color": "#ffffff"}
            for i, v in enumerate(taxonomy.views)
        ]
        return json.dumps(types, indent=2) + "\n"
    raise UsageError(f"the labelling config is for {' or '.join(CONFIG_TOOLS)}, not {tool!r}")


def config_path(queue_path: str | Path, tool: str) -> Path:
    """Where ``queue --to TOOL -o QUEUE`` writes the matching labelling config: beside the queue."""
    path = Path(queue_path)
    return path.with_name(_task_stem(path) + (".label-config.xml" if tool == "label-studio" else ".label-types.json"))


def _task_stem(queue_path: str | Path) -> str:
    """The name of a tasks file without its suffix, nor a setup's (``tasks.label-config.json`` -> ``tasks``)."""
    return Path(queue_path).stem.removesuffix(".label-config").removesuffix(".label-types")


def default_labels_dir(labels_dir: str | Path | None = None) -> Path:
    """``labels_dir`` (``--labels-dir``) if given, else ``$SOCIALVIEWS_HOME/labelled``, else ``./labelled``."""
    return home_folder(LABELS_FOLDER, labels_dir)


def labelled_keys(corpus: list[str | Path] | None = None) -> set[str]:
    """The near-duplicate keys (:func:`socialviews.training.audit.near_key`) of the texts already labelled,
    which a queue leaves out.

    Parameters
    ----------
    corpus : list of paths, optional
        Labelled CSV files or folders; by default the shipped corpus, and your labels folder
        (:func:`default_labels_dir`) when it holds a CSV.
    """
    from socialviews.training.corpus import corpus_files, embedded_corpus_dir, labelled_files, read_labelled

    sources = list(corpus or [])
    if not sources:
        sources = [embedded_corpus_dir()]
        mine = default_labels_dir()
        if labelled_files(mine):
            sources.append(mine)
    return {near_key(text) for path in corpus_files(sources) for text in read_labelled(path)["text"]}


def write_label_config(queue_path: str | Path | None, tool: str, taxonomy: Taxonomy) -> Path | None:
    """Write the labelling config that matches a queue exported for ``tool`` beside the queue file.

    Returns
    -------
    Path or None
        Where it went; None when ``tool`` needs no config or the queue went to stdout.
    """
    if tool not in CONFIG_TOOLS or not queue_path or str(queue_path) == "-":
        return None
    path = config_path(queue_path, tool)
    atomic_write_text(path, label_config(taxonomy, tool))
    return path
