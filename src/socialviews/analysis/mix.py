"""View mixes: of the whole chat, per question, over time and per chat.

A *mix* frame has, besides its key columns, ``tweets`` (the rows counted) and for every label of the
model ``n_<label>`` (tweets holding that view) and ``share_<label>`` (``n_<label> / tweets``, 0 for
an empty group). Retweets count by default (a retweet carries the view of what it retweets); pass
``include_retweets=False`` to count only what people wrote themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.analysis.prepare import (
    ORDER,
    TIME,
    chat_order,
    labels_of,
    no_view_labels,
    prepare,
    question_key,
    view_names,
)
from socialviews.chat.markers import asked_text, asking_rank, is_question_marker
from socialviews.core.errors import SocialViewsError
from socialviews.model.metrics import wilson_interval

if TYPE_CHECKING:
    import pandas as pd

    from socialviews.core.taxonomy import Taxonomy


#: Below this many tweets with a view, a chat's mix of views is too thin to say which view leads.
MIN_VIEW_TWEETS = 10


def mix_columns(labels: Sequence[str]) -> list[str]:
    """The count and share columns of a mix frame, in label order."""
    return [f"n_{label}" for label in labels] + [f"share_{label}" for label in labels]


def grouped_mix(frame: pd.DataFrame, keys: list[str], labels: Sequence[str]) -> pd.DataFrame:
    """One row per group of ``keys`` (the whole frame for no keys): ``tweets``, ``n_*``, ``share_*``."""
    import pandas as pd

    views = pd.Categorical(frame["view"], categories=list(labels))
    dummies = pd.get_dummies(views).astype(int).set_axis(frame.index)
    dummies.columns = [f"n_{label}" for label in labels]
    if keys:
        counts = dummies.groupby([frame[k] for k in keys], sort=False).sum().reset_index()
    else:
        counts = dummies.sum().to_frame().T
    # tweets also counts views the model does not know (categorical NaN), so shares stay honest
    sizes = frame.groupby(keys, sort=False).size().reset_index(name="tweets") if keys else None
    counts = counts.merge(sizes, on=keys) if keys else counts.assign(tweets=len(frame))
    for label in labels:
        counts[f"share_{label}"] = (counts[f"n_{label}"] / counts["tweets"].where(counts["tweets"] > 0)).fillna(0.0)
    return counts[keys + ["tweets"] + mix_columns(labels)]


def _counted(prepared: pd.DataFrame, include_retweets: bool) -> pd.DataFrame:
    return prepared if include_retweets else prepared[~prepared["is_retweet"]]


def view_mix(
    frame: pd.DataFrame, *, include_retweets: bool = True, taxonomy: Taxonomy | str | Path | None = None
) -> pd.DataFrame:
    """The view mix of a whole chat (or of all the chats in ``frame``).

    Every share comes with its 95% Wilson interval: the shares of a chat are estimates from a
    sample of tweets and a classifier, and with few tweets that hold a view the mix of views can
    be far from what the chat really holds.

    Returns
    -------
    pandas.DataFrame
        One row per label, in label order: ``view``, ``name`` (from the taxonomy), ``tweets``,
        ``share`` (of all counted tweets) with ``share_low`` and ``share_high``, ``view_share`` (of
        the tweets that hold a view; NaN for the no-view labels, and for every label when no tweet
        holds a view: 0 of 0 is no share) with ``view_share_low`` and ``view_share_high`` (NaN
        alike), ``is_view``, and ``enough_views``: False when fewer than
        ``MIN_VIEW_TWEETS`` tweets hold a view, too few to tell which view leads.
    """
    import pandas as pd

    prepared = _counted(prepare(frame), include_retweets)
    labels = labels_of(prepared, taxonomy)
    names = view_names(labels, taxonomy)
    empty = set(no_view_labels(labels, taxonomy))
    counts = prepared["view"].value_counts().reindex(labels, fill_value=0)
    total = len(prepared)
    held = int(sum(counts[label] for label in labels if label not in empty))
    nan = float("nan")
    overall = [wilson_interval(int(counts[label]), total) for label in labels]
    among = [(nan, nan) if label in empty or not held else wilson_interval(int(counts[label]), held) for label in labels]
    return pd.DataFrame(
        {
            "view": labels,
            "name": [names[label] for label in labels],
            "tweets": [int(counts[label]) for label in labels],
            "share": [counts[label] / max(total, 1) for label in labels],
            "share_low": [low for low, _ in overall],
            "share_high": [high for _, high in overall],
            "view_share": [nan if label in empty or not held else counts[label] / held for label in labels],
            "view_share_low": [low for low, _ in among],
            "view_share_high": [high for _, high in among],
            "is_view": [label not in empty for label in labels],
            "enough_views": held >= MIN_VIEW_TWEETS,
        }
    )


def question_mix(
    frame: pd.DataFrame, *, include_retweets: bool = True, taxonomy: Taxonomy | str | Path | None = None
) -> pd.DataFrame:
    """The view mix of the answers to each question.

    The answers to ``Q3`` are the tweets whose ``question`` is ``Q3`` (see
    :func:`socialviews.analysis.prepare`), except the question tweets themselves (``qa`` ``Q3``,
    including retweets of the question). Tweets before the first question are left out.

    Returns
    -------
    pandas.DataFrame
        One row per question, per chat in time order and ``Q1..Qn`` within a chat: ``chat``,
        ``question``, ``text`` (the question tweet's text, "" when no tweet asks it; a retweet's
        words when only a retweet asks it), ``asked_by``, ``asked_at``, then the mix columns
        (``tweets`` is the number of answers).
    """
    prepared = prepare(frame)
    labels = labels_of(prepared, taxonomy)
    asked = prepared[prepared["qa"].str.upper().map(is_question_marker).astype(bool) & (prepared["question"] != "")]
    # The tweet that gives the question's words best (see asking_rank), earliest first; a retweet
    # stands in for a question tweet the export lacks, under the handle it retweets.
    asked = asked.assign(_rank=[asking_rank(t, rt) for t, rt in zip(asked["text"], asked["is_retweet"])])
    asked = asked.sort_values(["_rank", TIME, ORDER], kind="stable").drop_duplicates(["chat", "question"])
    words = [asked_text(text) for text in asked["text"]]
    asked = asked.assign(text=[text for text, _ in words],
                         author=[by or author for (_, by), author in zip(words, asked["author"])])
    answers = _counted(prepared, include_retweets)
    answers = answers[(answers["question"] != "") & ~answers["qa"].str.upper().map(is_question_marker).astype(bool)]
    mix = grouped_mix(answers, ["chat", "question"], labels)
    keys = asked[["chat", "question"]].merge(mix[["chat", "question"]], how="outer")
    mix = keys.merge(mix, how="left", on=["chat", "question"]).fillna({c: 0 for c in ["tweets", *mix_columns(labels)]})
    for column in ["tweets"] + [f"n_{label}" for label in labels]:
        mix[column] = mix[column].astype(int)
    info = asked.set_index(["chat", "question"])
    mix["text"] = [info["text"].get((c, q), "") for c, q in zip(mix["chat"], mix["question"])]
    mix["asked_by"] = [info["author"].get((c, q), "") for c, q in zip(mix["chat"], mix["question"])]
    mix["asked_at"] = [info[TIME].get((c, q)) for c, q in zip(mix["chat"], mix["question"])]
    rank = {chat: i for i, chat in enumerate(chat_order(prepared))}
    mix = mix.iloc[sorted(range(len(mix)), key=lambda i: (rank[mix["chat"].iloc[i]], question_key(mix["question"].iloc[i])))]
    return mix[["chat", "question", "text", "asked_by", "asked_at", "tweets", *mix_columns(labels)]].reset_index(drop=True)


def representative_tweets(
    frame: pd.DataFrame,
    *,
    per_view: int = 3,
    by_question: bool = True,
    include_retweets: bool = False,
    taxonomy: Taxonomy | str | Path | None = None,
) -> pd.DataFrame:
    """The tweets that hold each view most clearly: the highest ``p_<view>`` among the tweets labelled so.

    Question tweets and the no-view labels are left out, and so are retweets unless
    ``include_retweets``.

    Parameters
    ----------
    per_view : int
        How many tweets per view (and per question).
    by_question : bool
        Pick per chat and question (the default) or over the whole frame (all chats).
    include_retweets : bool
        Where no tweet that its author wrote holds a view (in a question), let the retweets that hold
        it stand in: the view mixes count retweets, and a view held only by retweets then still has
        tweets to show. Where someone wrote a tweet holding the view, retweets are never picked.

    Returns
    -------
    pandas.DataFrame
        ``chat``, ``question`` (empty when ``by_question`` is false), ``view``, ``rank`` (1 = most
        representative), ``probability``, ``tweet_id``, ``author``, ``created_at``, ``text``,
        ``is_retweet``.
    """
    import pandas as pd

    prepared = prepare(frame)
    labels = labels_of(prepared, taxonomy)
    empty = set(no_view_labels(labels, taxonomy))
    pool = prepared[~prepared["qa"].str.upper().map(is_question_marker).astype(bool)]
    if not include_retweets:
        pool = pool[~pool["is_retweet"]]
    keys = ["chat", "question"] if by_question else ["question"]
    if by_question:
        pool = pool[pool["question"] != ""]
    else:
        pool = pool.assign(question="")
    picked = []
    for label in labels:
        column = f"p_{label}"
        if label in empty or column not in pool.columns:
            continue
        held = pool[pool["view"] == label].assign(view=label, probability=lambda d, c=column: d[c])
        written = held[~held["is_retweet"]].groupby(keys, sort=False).size().rename("_written")
        held = held.join(written, on=keys)
        held = held[~held["is_retweet"] | held["_written"].isna()]  # a retweet only where no one wrote the view
        held = held.sort_values(["probability", ORDER], ascending=[False, True], kind="stable")
        held = held.groupby(keys, sort=False).head(per_view)
        held["rank"] = held.groupby(keys, sort=False).cumcount() + 1
        picked.append(held)
    columns = ["chat", "question", "view", "rank", "probability", "tweet_id", "author", "created_at", "text", "is_retweet"]
    if not picked:
        return pd.DataFrame(columns=columns)
    out = pd.concat(picked, ignore_index=True)
    out["created_at"] = out["created_at"] if "created_at" in out.columns else ""
    order = {label: i for i, label in enumerate(labels)}
    chats = {chat: i for i, chat in enumerate(chat_order(prepared))}
    out["_key"] = [((chats[c] if by_question else 0), question_key(q), order[v], r)
                   for c, q, v, r in zip(out["chat"], out["question"], out["view"], out["rank"])]
    return out.sort_values("_key", kind="stable")[columns].reset_index(drop=True)


#: The most bins a timeline has: one chat of about a week at 5 minutes a bin.
MAX_TIMELINE_BINS = 2_016


def timeline(
    frame: pd.DataFrame, *, minutes: int = 5, include_retweets: bool = True, taxonomy: Taxonomy | str | Path | None = None
) -> pd.DataFrame:
    """The view mix over time, in bins of ``minutes`` from the start of each chat.

    The bins keep to the clock: the first starts at the chat's first tweet's time floored to a
    multiple of ``minutes`` (08:00 for a chat whose first tweet is at 08:00:05, with 5 minutes), so a
    tweet at 08:05 is in the bin that starts at 08:05.

    With several chats the bins pool the same minutes of every chat (does a chat start collaborative
    and end constructivist?). Tweets without a time are left out; empty bins are kept.

    Raises :class:`~socialviews.core.errors.SocialViewsError` when a chat spans more than
    :data:`MAX_TIMELINE_BINS` bins (outlier times would make an endless timeline).

    Returns
    -------
    pandas.DataFrame
        ``minute`` (the bin's start, in minutes from the chat's first bin), ``start`` (the bin's
        start time when the frame holds one chat, else NaT), then the mix columns.
    """
    import pandas as pd

    prepared = _counted(prepare(frame), include_retweets)
    labels = labels_of(prepared, taxonomy)
    timed = prepared[prepared[TIME].notna()].copy()
    if timed.empty:
        return pd.DataFrame(columns=["minute", "start", "tweets", *mix_columns(labels)])
    chat_start = timed.groupby("chat")[TIME].transform("min").dt.floor(f"{minutes}min")
    offset = (timed[TIME] - chat_start).dt.total_seconds() // 60
    timed["minute"] = (offset // minutes * minutes).astype(int)
    mix = grouped_mix(timed, ["minute"], labels).set_index("minute")
    bins = int(mix.index.max()) // minutes + 1
    if bins > MAX_TIMELINE_BINS:
        raise SocialViewsError(
            f"a chat spans {int(mix.index.max()) // 1440:,} days, more than the {MAX_TIMELINE_BINS:,} bins of "
            f"{minutes} minutes a timeline shows; its times are probably wrong, or it is several chats "
            "(give them a chat column)")
    mix = mix.reindex(range(0, int(mix.index.max()) + 1, minutes), fill_value=0).rename_axis("minute").reset_index()
    single = timed["chat"].nunique() == 1
    mix["start"] = [chat_start.min() + pd.Timedelta(minutes=m) if single else pd.NaT for m in mix["minute"]]
    return mix[["minute", "start", "tweets", *mix_columns(labels)]]


def chat_mix(
    frame: pd.DataFrame, *, include_retweets: bool = True, taxonomy: Taxonomy | str | Path | None = None
) -> pd.DataFrame:
    """The view mix of each chat (each week), earliest first.

    Returns
    -------
    pandas.DataFrame
        ``chat``, ``start`` (its first tweet's time), ``participants`` (distinct authors), then the mix
        columns.
    """
    prepared = prepare(frame)
    labels = labels_of(prepared, taxonomy)
    counted = _counted(prepared, include_retweets)
    mix = grouped_mix(counted, ["chat"], labels).set_index("chat").reindex(chat_order(prepared), fill_value=0)
    mix["start"] = prepared.groupby("chat")[TIME].min()
    authors = prepared[prepared["author"] != ""].groupby("chat")["author"].nunique()
    mix["participants"] = authors.reindex(mix.index, fill_value=0).astype(int)
    return mix.rename_axis("chat").reset_index()[["chat", "start", "participants", "tweets", *mix_columns(labels)]]
