"""People: each participant's view profile, newcomers and regulars, and replies across views."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.analysis.mix import grouped_mix, mix_columns
from socialviews.analysis.prepare import ORDER, chat_order, labels_of, no_view_labels, prepare

if TYPE_CHECKING:
    import pandas as pd

    from socialviews.core.taxonomy import Taxonomy

#: A participant is "mixed" when no view holds more than this share of their tweets that hold a view.
MIXED_THRESHOLD = 0.6
_LEADING_MENTION = re.compile(r"^\s*\.?@(\w{1,30})")


def participants(
    frame: pd.DataFrame,
    *,
    mixed_threshold: float = MIXED_THRESHOLD,
    include_retweets: bool = True,
    taxonomy: Taxonomy | str | Path | None = None,
) -> pd.DataFrame:
    """Each participant's view profile.

    The rule for ``mixed``: a participant is mixed when they wrote at least two tweets that hold a
    view (any label but the no-view ones) and no single view holds more than ``mixed_threshold`` of
    them. With the default 0.6, two views at 1:1 or three at 2:2:1 are mixed; 2:1 (67 %) is not.

    Returns
    -------
    pandas.DataFrame
        One row per author (tweets without an author are left out), most active first: ``author``,
        ``tweets`` (counted: with retweets unless ``include_retweets`` is false), ``retweets`` (how
        many retweets they posted), ``chats`` (how many chats they took part in),
        ``mean_confidence``, the mix columns (shares of their counted tweets),
        ``none_share`` (share of tweets that hold no view), ``dominant`` (the most frequent view among
        the tweets that hold one, ties broken by taxonomy order; "" when there is none),
        ``dominant_share`` (its share of those tweets), ``mixed``, and ``tied``: True when another
        view holds as many of their tweets as ``dominant`` (1:1, 2:2:1...), so that no single view
        leads and ``dominant`` is only the first of the tied views in taxonomy order.
    """
    prepared = prepare(frame)
    labels = labels_of(prepared, taxonomy)
    empty = set(no_view_labels(labels, taxonomy))
    views = [label for label in labels if label not in empty]
    people = prepared[prepared["author"] != ""]
    counted = people if include_retweets else people[~people["is_retweet"]]
    mix = grouped_mix(counted, ["author"], labels).set_index("author")
    stats = people.groupby("author").agg(
        retweets=("is_retweet", "sum"),
        chats=("chat", "nunique"),
        first=(ORDER, "min"),
        **({"mean_confidence": ("confidence", "mean")} if "confidence" in people.columns else {}),
    )
    mix = mix.reindex(stats.index, fill_value=0).join(stats)
    if "mean_confidence" not in mix.columns:
        mix["mean_confidence"] = float("nan")
    held = mix[[f"n_{label}" for label in views]].sum(axis=1) if views else mix["tweets"] * 0
    mix["none_share"] = ((mix["tweets"] - held) / mix["tweets"].where(mix["tweets"] > 0)).fillna(0.0)
    if views:
        counts = mix[[f"n_{label}" for label in views]].to_numpy()
        best = counts.argmax(axis=1)
        top = counts.max(axis=1)
        mix["dominant"] = [views[i] if t > 0 else "" for i, t in zip(best, top)]
        mix["dominant_share"] = (top / held.where(held > 0)).fillna(0.0).to_numpy()
        mix["tied"] = (top > 0) & ((counts == top[:, None]).sum(axis=1) > 1)
    else:
        mix["dominant"], mix["dominant_share"], mix["tied"] = "", 0.0, False
    mix["mixed"] = (held >= 2) & (mix["dominant_share"] <= mixed_threshold)
    mix["retweets"] = mix["retweets"].astype(int)
    mix = mix.reset_index().sort_values(["tweets", "first"], ascending=[False, True], kind="stable")
    columns = ["author", "tweets", "retweets", "chats", "mean_confidence", *mix_columns(labels)]
    return mix[columns + ["none_share", "dominant", "dominant_share", "mixed", "tied"]].reset_index(drop=True)


def returning_participants(frame: pd.DataFrame) -> pd.DataFrame:
    """Newcomers and regulars in each chat, earliest chat first.

    Returns
    -------
    pandas.DataFrame
        ``chat``, ``participants``, ``new`` (first seen in this chat), ``returning`` (seen in an
        earlier chat of ``frame``) and ``returning_share``.
    """
    import pandas as pd

    prepared = prepare(frame)
    seen: set[str] = set()
    rows = []
    for chat in chat_order(prepared):
        authors = set(prepared.loc[(prepared["chat"] == chat) & (prepared["author"] != ""), "author"])
        returning = len(authors & seen)
        rows.append({"chat": chat, "participants": len(authors), "new": len(authors) - returning, "returning": returning,
                     "returning_share": returning / len(authors) if authors else 0.0})
        seen |= authors
    return pd.DataFrame(rows, columns=["chat", "participants", "new", "returning", "returning_share"])


def _parents(prepared: pd.DataFrame) -> pd.Series:
    """Row position of the tweet each tweet replies to (-1 for none).

    A tweet replies to its ``reply_to_id`` when that tweet is in the frame. Otherwise, when it starts
    with ``@handle`` and that handle wrote an earlier tweet in the same chat, to that handle's latest
    earlier tweet that is not a retweet (exports without reply ids still show conversations).
    """
    import pandas as pd

    by_id = {tid: i for i, tid in enumerate(prepared["tweet_id"]) if tid}
    last_by: dict[tuple[str, str], int] = {}
    parents, links = [], []
    for i, row in enumerate(prepared.itertuples(index=False)):
        parent, link = by_id.get(row.reply_to_id, -1) if row.reply_to_id else -1, "reply_to_id"
        if parent < 0 and not row.reply_to_id and not row.is_retweet:
            mention = _LEADING_MENTION.match(row.text)
            if mention:
                parent, link = last_by.get((row.chat, mention.group(1).lower()), -1), "mention"
        parents.append(parent)
        links.append(link if parent >= 0 else "")
        if row.author and not row.is_retweet:
            last_by[(row.chat, row.author.lower())] = i
    return pd.DataFrame({"parent": parents, "linked_by": links}, index=prepared.index)


def talking_past(frame: pd.DataFrame, *, taxonomy: Taxonomy | str | Path | None = None) -> pd.DataFrame:
    """Replies between two people whose tweets hold different views: where they may talk past each other.

    Pairs where either tweet holds no view, or where someone replies to themselves, are left out.
    See :func:`_parents` for how a reply finds its parent.

    Returns
    -------
    pandas.DataFrame
        One row per pair, in time order: ``chat``, ``question`` (of the reply), ``linked_by``
        (``reply_to_id`` or ``mention``), then ``parent_`` and ``reply_`` + ``id``, ``author``,
        ``view``, ``confidence``, ``text``.
    """
    import pandas as pd

    prepared = prepare(frame)
    labels = labels_of(prepared, taxonomy)
    empty = set(no_view_labels(labels, taxonomy))
    links = _parents(prepared)
    if "confidence" not in prepared.columns:
        prepared["confidence"] = float("nan")
    rows = []
    for i in range(len(prepared)):
        p = int(links["parent"].iloc[i])
        if p < 0:
            continue
        reply, parent = prepared.iloc[i], prepared.iloc[p]
        if reply["view"] in empty or parent["view"] in empty or reply["view"] == parent["view"]:
            continue
        if reply["author"] and reply["author"].lower() == parent["author"].lower():
            continue
        row = {"chat": reply["chat"], "question": reply["question"], "linked_by": links["linked_by"].iloc[i]}
        for prefix, tweet in (("parent", parent), ("reply", reply)):
            row.update({f"{prefix}_id": tweet["tweet_id"], f"{prefix}_author": tweet["author"],
                        f"{prefix}_view": tweet["view"], f"{prefix}_confidence": tweet["confidence"],
                        f"{prefix}_text": tweet["text"]})
        rows.append(row)
    columns = ["chat", "question", "linked_by"] + [f"{p}_{f}" for p in ("parent", "reply")
                                                   for f in ("id", "author", "view", "confidence", "text")]
    return pd.DataFrame(rows, columns=columns)


__all__ = ["MIXED_THRESHOLD", "participants", "returning_participants", "talking_past"]
