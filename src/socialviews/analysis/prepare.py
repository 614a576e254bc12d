"""Shared preparation of a classified chat: labels, types, questions and chats.

Every analysis function starts from :func:`prepare`, which copies the classified frame (the output of
:meth:`socialviews.model.model.Model.classify`), normalises its types and adds:

``question``
    The question a tweet belongs to (``Q3``). Kept as is when the input has a non-empty ``question``
    column; otherwise decided from the ``qa`` markers, replies and times exactly as classify decides
    it (:func:`socialviews.chat.questions.assign_questions`), per chat when the input has a
    ``chat`` column. Tweets before a chat's first question belong to ``""``.
``chat``
    Kept as is when the input has a non-empty ``chat`` column. Otherwise the tweets are split into
    sessions wherever the chat falls silent for more than ``gap_hours`` (6 h, see
    :mod:`socialviews.chat.sessions`): one session is named ``name`` (e.g. the input file's name) or
    its start date; several are named by their start dates.

Tweets marked ``referenced_only`` (a twarc2 export holds them only because its tweets quote, reply
to or retweet them) are left out: they are not part of the chat's view mix, participants or
questions. To count them, drop that column first (``frame.drop(columns="referenced_only")``; the
report's ``--include-referenced``).

Labels are read from the frame's ``p_<label>`` columns (the model's labels, in taxonomy order), never
written into the code. A label is a *no-view* label (like ``none``) when its taxonomy entry lists no
interventions: a tweet that holds no view on social learning asks for nothing to be done about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.chat.markers import is_question_marker, marker_number
from socialviews.chat.sessions import SESSION_GAP_HOURS
from socialviews.core.taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:
    import pandas as pd

#: Internal helper columns added by :func:`prepare` (dropped from every public result).
TIME, ORDER = "_time", "_order"
#: Marks tweets that are in an export only because its tweets reference them (see readers.twarc2).
REFERENCED_ONLY = "referenced_only"
_TRUE = {"true", "1", "yes", "t", "y"}


def resolve_taxonomy(taxonomy: Taxonomy | str | Path | None = None) -> Taxonomy:
    """A :class:`Taxonomy` from an object, a ``views.toml`` path, or the shipped one."""
    return taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)


def labels_of(frame: pd.DataFrame, taxonomy: Taxonomy | str | Path | None = None) -> list[str]:
    """The labels of a classified frame, in the order of its ``p_<label>`` columns.

    A frame without probability columns falls back to the taxonomy's labels plus any other value
    of its ``view`` column.
    """
    labels = [str(c)[2:] for c in frame.columns if str(c).startswith("p_")]
    if labels:
        return labels
    labels = resolve_taxonomy(taxonomy).labels
    if "view" in frame.columns:
        labels += sorted({str(v) for v in frame["view"].dropna()} - set(labels))
    return labels


def no_view_labels(labels: Sequence[str], taxonomy: Taxonomy | str | Path | None = None) -> list[str]:
    """The labels among ``labels`` that hold no view: those whose taxonomy entry has no interventions."""
    tax = resolve_taxonomy(taxonomy)
    empty = set(tax.no_view_labels)
    return [label for label in labels if label in empty]


def view_names(labels: Sequence[str], taxonomy: Taxonomy | str | Path | None = None) -> dict[str, str]:
    """Label -> display name from the taxonomy (the label itself when the taxonomy lacks it)."""
    tax = resolve_taxonomy(taxonomy)
    return {label: tax[label].name if label in tax else label for label in labels}


def _text(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), "").astype(str)


def _bool(series: pd.Series) -> pd.Series:
    if series.dtype == bool:
        return series
    return series.map(lambda v: v is True or str(v).strip().lower() in _TRUE).astype(bool)


def _sessions(times: pd.Series, gap_hours: float) -> pd.Series:
    """Session number of each tweet: a new session starts after a silence longer than ``gap_hours``."""
    import pandas as pd

    from socialviews.chat.sessions import session_starts

    order = times.sort_values(kind="stable")
    seconds = (order - order.iloc[0]).dt.total_seconds().to_numpy()
    starts = session_starts(seconds, gap_hours * 3600)
    return pd.Series(starts.cumsum() - 1, index=order.index).reindex(times.index)


def _chat_names(frame: pd.DataFrame, name: str | None, gap_hours: float) -> pd.Series:
    import pandas as pd

    times = frame[TIME]
    if times.isna().all():
        return pd.Series(name or "chat", index=frame.index, dtype=object)
    session = _sessions(times.fillna(times.max()), gap_hours)
    starts = times.groupby(session).min()
    if len(starts) == 1:
        label = name or starts.iloc[0].strftime("%Y-%m-%d")
        return pd.Series(label, index=frame.index, dtype=object)
    days = starts.dt.strftime("%Y-%m-%d")
    names = days.where(~days.duplicated(keep=False), starts.dt.strftime("%Y-%m-%d %H:%M"))
    return session.map(names).astype(object)


def _questions(frame: pd.DataFrame, by_chat: bool) -> pd.Series:
    """The question of every tweet (see the module docstring), per chat when ``by_chat``."""
    import pandas as pd

    from socialviews.chat.questions import assign_questions

    columns = {c: _text(frame[c]) if c in frame.columns else "" for c in ("tweet_id", "created_at", "reply_to_id")}
    columns["qa"] = _text(frame["qa"]).str.upper() if "qa" in frame.columns else ""
    rows = pd.DataFrame(columns, index=frame.index)
    groups = rows.groupby(_text(frame["chat"]), sort=False) if by_chat else [("", rows)]
    found = pd.Series("", index=frame.index, dtype=object)
    for _, group in groups:
        found[group.index] = assign_questions(group.to_dict("records"))
    return found


def prepare(
    frame: pd.DataFrame,
    *,
    name: str | None = None,
    gap_hours: float = SESSION_GAP_HOURS,
) -> pd.DataFrame:
    """A normalised copy of a classified frame, with ``question`` and ``chat`` filled in.

    Parameters
    ----------
    frame : pandas.DataFrame
        The output of :meth:`Model.classify` (or a classify output file read back): at least
        ``text`` and ``view``; ``p_<label>`` columns, ``author``, ``created_at``, ``is_retweet``,
        ``reply_to_id``, ``qa``, ``question`` and ``chat`` are used when present.
    name : str, optional
        The chat's name when the frame holds a single chat and has no ``chat`` column.
    gap_hours : float
        A silence longer than this starts a new chat (when there is no ``chat`` column).

    Returns
    -------
    pandas.DataFrame
        The rows in time order (then input order), without ``referenced_only`` tweets, ids and texts as strings, ``is_retweet`` as bool,
        ``created_at`` parsed into the helper column ``_time`` (UTC; NaT when missing) and the input
        position in ``_order``.
    """
    import pandas as pd

    missing = [c for c in ("text", "view") if c not in frame.columns]
    if missing:
        raise ValueError(f"not a classified chat: no column {', '.join(missing)}; run Model.classify first")
    out = frame.reset_index(drop=True).copy()
    given_chat = "chat" in out.columns and _text(out["chat"]).str.len().gt(0).all()
    if not ("question" in out.columns and _text(out["question"]).str.len().gt(0).any()):
        out["question"] = _questions(out, by_chat=given_chat)  # before referenced tweets go: replies reach them
    if REFERENCED_ONLY in out.columns:
        out = out[~_bool(out[REFERENCED_ONLY])].reset_index(drop=True)
    out[ORDER] = range(len(out))
    for column in ("tweet_id", "author", "text", "reply_to_id", "conversation_id", "qa", "view"):
        out[column] = _text(out[column]) if column in out.columns else ""
    out["author"] = out["author"].str.lstrip("@")
    out["is_retweet"] = _bool(out["is_retweet"]) if "is_retweet" in out.columns else False
    created = out["created_at"] if "created_at" in out.columns else pd.Series(pd.NaT, index=out.index)
    out[TIME] = pd.to_datetime(_text(created).replace("", None), utc=True, errors="coerce", format="ISO8601")
    for column in [c for c in out.columns if str(c).startswith("p_")] + (["confidence"] if "confidence" in out else []):
        out[column] = pd.to_numeric(out[column], errors="coerce").fillna(0.0)
    if given_chat:
        out["chat"] = _text(out["chat"])
    else:
        out["chat"] = _chat_names(out, name, gap_hours)
    if out[TIME].notna().all():
        out = out.sort_values([TIME, ORDER], kind="stable").reset_index(drop=True)
    out["question"] = _text(out["question"])
    return out


def chat_order(prepared: pd.DataFrame) -> list[str]:
    """The chats of a prepared frame, earliest first (chats without times last, by appearance)."""
    first = prepared.groupby("chat", sort=False).agg(start=(TIME, "min"), order=(ORDER, "min"))
    return first.sort_values(["start", "order"], na_position="last").index.tolist()


def question_key(question: str) -> tuple[int, str]:
    """Sort key that puts ``Q2`` before ``Q10`` and ``""`` (before the first question) first."""
    return (marker_number(question), question) if is_question_marker(question or "") else (-1, question or "")


def public(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without the helper columns, with a fresh index."""
    return frame.drop(columns=[c for c in (TIME, ORDER) if c in frame.columns]).reset_index(drop=True)
