"""The HTML report: one self-contained page about one chat or many.

The page has inline CSS and inline SVG charts only: no script, no font, no image, nothing that the
browser fetches (a Content-Security-Policy of ``default-src 'none'`` makes sure of it). Every text and
handle is HTML-escaped; links in tweets are shown as text. With ``anonymise=True`` every handle
(authors, @mentions, profile links) is replaced by a stable pseudonym (see
:mod:`socialviews.analysis.anonymise`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socialviews import analysis as A
from socialviews.analysis.prepare import REFERENCED_ONLY, public, resolve_taxonomy
from socialviews.chat.markers import NUMBER, QUESTION_LETTER, SUFFIX
from socialviews.core.errors import SocialViewsError
from socialviews.core.words import counted, plural
from socialviews.report.charts import stacked_bar, stacked_columns, view_colours
from socialviews.report.style import CSS

if TYPE_CHECKING:
    import pandas as pd

    from socialviews.core.taxonomy import Taxonomy

#: The report's sections: element id -> heading, in page order ("chats" appears with several chats).
SECTIONS = {
    "view-mix": "View mix",
    "chats": "Chat by chat",
    "questions": "Per question",
    "participants": "Per participant",
    "timeline": "Timeline",
    "talking-past": "Talking past each other",
    "interventions": "Interventions",
}

log = logging.getLogger(__name__)


_QUESTION_MARK = re.compile(rf"^\s*(?:\.?@\w+\s+)*{QUESTION_LETTER}{NUMBER}{SUFFIX}?\s*[:.)\-]?\s*", re.IGNORECASE)


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def _time(value: Any) -> str:
    return value.strftime("%H:%M") if hasattr(value, "strftime") and value == value else ""


class _Page:
    """What every section needs: labels, names, colours, and the handle/text filter."""

    def __init__(self, frame: pd.DataFrame, taxonomy: Taxonomy, anonymise: bool, key: bytes | str | None) -> None:
        self.frame, self.tax = frame, taxonomy
        self.labels = A.labels_of(frame, taxonomy)
        self.no_view = A.no_view_labels(self.labels, taxonomy)
        self.names = A.view_names(self.labels, taxonomy)
        self.colours = view_colours(self.labels, self.no_view)
        self.anon = A.Pseudonymiser.from_frame(frame, key=key) if anonymise else None

    def who(self, handle: str) -> str:
        handle = self.anon.handle(handle) if self.anon else str(handle or "")
        # <bdi>: a right-to-left override in a handle or text stays inside it, never reorders what follows
        return f'<span class="who"><bdi>@{escape(handle)}</bdi></span>' if handle else '<span class="who">(no author)</span>'

    def say(self, text: str) -> str:
        return "<bdi>" + escape(self.anon.text(text) if self.anon else str(text or "")) + "</bdi>"

    def tag(self, label: str) -> str:
        if not label:
            return "–"
        colour = self.colours.get(label, "#999")
        return f'<span class="tag" style="--c:{colour}">{escape(self.names.get(label, label))}</span>'

    def bar(self, row: Any, what: str) -> str:
        counts = [float(row[f"n_{label}"]) for label in self.labels]
        titles = [f"{self.names[label]}: {int(c)} ({_pct(c / max(sum(counts), 1))})" for label, c in zip(self.labels, counts)]
        return stacked_bar(counts, [self.colours[label] for label in self.labels], titles, what)

    def legend(self, row: Any | None = None) -> str:
        items = []
        for label in self.labels:
            count = "" if row is None else f" {int(row[f'n_{label}'])} · {_pct(row[f'share_{label}'])}"
            items.append(f'<li><span class="sw" style="--c:{self.colours[label]}"></span>'
                         f"{escape(self.names[label])}{count}</li>")
        return f'<ul class="legend">{"".join(items)}</ul>'

    def tweet(self, author: str, text: str, when: Any = "", extra: str = "") -> str:
        stamp = f' <span class="muted">{escape(str(when))}</span>' if when else ""
        return f'<blockquote class="tweet"><p>{self.say(text)}</p><footer>{self.who(author)}{stamp}{extra}</footer></blockquote>'


def _bound(share: float) -> str:
    """A percentage bound: whole percents, two significant digits below 1% so a small bound is not 0."""
    percent = 100 * share
    return f"{percent:.2g}" if 0 < percent < 1 else f"{percent:.0f}"


def _probability(p: float) -> str:
    """``p=0.87``; a probability that would round to 1.00 (or 0.00) says it is above 0.99 (below 0.01)."""
    return "p>0.99" if p >= 0.995 else "p<0.01" if p < 0.005 else f"p={p:.2f}"


def _interval(low: float, high: float) -> str:
    return f'<span class="muted">{_bound(low)}–{_bound(high)}%</span>'


def _view_share(row: Any, interval: bool = False) -> str:
    """A view's share of the tweets with a view: blank for a no-view label, "–" when none holds a view."""
    if not row.is_view:
        return ""
    if row.view_share != row.view_share:  # NaN: 0 of 0 tweets, no share
        return "–"
    return _interval(row.view_share_low, row.view_share_high) if interval else _pct(row.view_share)


def _view_mix(page: _Page) -> str:
    mix = A.view_mix(page.frame, taxonomy=page.tax)
    counts = {f"n_{r.view}": r.tweets for r in mix.itertuples()}
    held = int(mix.loc[mix["is_view"], "tweets"].sum())
    rows = "".join(
        f"<tr><td>{page.tag(r.view)}</td><td class=num>{r.tweets}</td><td class=num>{_pct(r.share)}</td>"
        f"<td class=num>{_interval(r.share_low, r.share_high)}</td>"
        f"<td class=num>{_view_share(r)}</td><td class=num>{_view_share(r, interval=True)}</td></tr>"
        for r in mix.itertuples()
    )
    if not bool(mix["enough_views"].iloc[0]):
        where = "this chat" if page.frame["chat"].nunique() == 1 else "these chats"
        found = (f"No tweet of {where} holds a view" if held == 0 else
                 f"Only {counted(held, 'tweet')} of {where} {plural(held, 'holds', 'hold')} a view")
        read = " Read the shares of tweets with a view with their intervals." if held else ""
        caution = f'<p class="note">{found}: too few to tell which view leads.{read}</p>'
    else:
        caution = ""
    return (f"{page.bar(counts, 'view mix of all tweets')}{page.legend()}{caution}"
            '<div class="scroll"><table class="compact"><thead><tr><th>view</th><th class=num>tweets</th><th class=num>share</th>'
            "<th class=num>95% interval</th><th class=num>share of tweets with a view</th><th class=num>95% interval</th>"
            f"</tr></thead><tbody>{rows}</tbody></table></div>"
            '<p class="muted">Intervals are 95% Wilson intervals: how far the share could be from the chat\'s true share, '
            "given this many tweets.</p>")


def _chats(page: _Page) -> str:
    mix = A.chat_mix(page.frame, taxonomy=page.tax).merge(A.returning_participants(page.frame), on=["chat", "participants"])
    rows = "".join(
        f"<tr><th scope=row>{escape(str(r['chat']))}</th><td class=num>{r['tweets']}</td><td class=wide>{page.bar(r, str(r['chat']))}</td>"
        f"<td class=num>{r['participants']}</td><td class=num>{r['new']}</td><td class=num>{r['returning']}</td></tr>"
        for _, r in mix.iterrows()
    )
    return ('<div class="scroll"><table><thead><tr><th>chat</th><th class=num>tweets</th><th>view mix</th>'
            f"<th class=num>people</th><th class=num>new</th><th class=num>returning</th></tr></thead><tbody>{rows}</tbody></table></div>"
            f"{page.legend()}")


def _questions(page: _Page, per_view: int) -> str:
    mix = A.question_mix(page.frame, taxonomy=page.tax)
    if mix.empty:
        return '<p class="muted">No question markers (Q1, A1 …) found in this chat.</p>'
    reps = A.representative_tweets(page.frame, per_view=per_view, include_retweets=True, taxonomy=page.tax)
    several = mix["chat"].nunique() > 1
    out = []
    for _, q in mix.iterrows():
        chosen = reps[(reps["chat"] == q["chat"]) & (reps["question"] == q["question"])]
        quotes = []
        for label in page.labels:
            picked = chosen[chosen["view"] == label]
            if len(picked):
                tweets = "".join(page.tweet(t.author, t.text, "", f' <span class="muted">{"retweet · " if t.is_retweet else ""}'
                                                                     f"{_probability(t.probability)}</span>")
                                 for t in picked.itertuples())
                quotes.append(f'<div class="reps"><h4>{page.tag(label)}</h4>{tweets}</div>')
        where = f"{escape(str(q['chat']))} · " if several else ""
        asked = f" · asked by {page.who(q['asked_by'])} at {_time(q['asked_at'])}" if q["asked_by"] else ""
        out.append(
            f'<article class="question"><h3>{escape(q["question"])} <span class="qtext">{page.say(_QUESTION_MARK.sub("", q["text"]))}</span></h3>'
            f'<p class="muted">{where}{counted(q["tweets"], "answer")}{asked}</p>{page.bar(q, "view mix of the answers to " + q["question"])}'
            f'{page.legend(q)}{"".join(quotes) or "<p class=muted>No answer holds a view.</p>"}</article>'
        )
    return "".join(out)


def _leading(page: _Page, person: Any) -> list[str]:
    """The views a participant holds most often: one, or several tied (none when they hold no view)."""
    if not person["dominant"]:
        return []
    if not person["tied"]:
        return [person["dominant"]]
    views = [label for label in page.labels if label not in page.no_view]
    top = max(person[f"n_{label}"] for label in views)
    return [label for label in views if person[f"n_{label}"] == top]


def _participants(page: _Page) -> str:
    people = A.participants(page.frame, taxonomy=page.tax)
    rows = "".join(
        f"<tr><th scope=row>{page.who(r['author'])}</th><td class=num>{r['tweets']}</td><td class=wide>{page.bar(r, 'view profile')}</td>"
        f"<td>{' = '.join(page.tag(label) for label in _leading(page, r)) or page.tag('')}</td>"
        f"<td>{'mixed' if r['mixed'] else ''}</td><td class=num>{_pct(r['none_share'])}</td></tr>"
        for _, r in people.iterrows()
    )
    rule = _pct(A.MIXED_THRESHOLD)
    return (f'<p class="muted">Mixed: at least two tweets with a view, and no view above {rule} of them. '
            "A = B: a tie, no single view leads. "
            f"No view: the share of their tweets that hold none (greetings, logistics, thanks).</p>{page.legend()}"
            '<div class="scroll"><table><thead><tr><th>participant</th><th class=num>tweets</th><th>view profile</th>'
            f"<th>dominant view</th><th>mixed</th><th class=num>no view</th></tr></thead><tbody>{rows}</tbody></table></div>")


def _timeline(page: _Page, minutes: int) -> str:
    try:
        line = A.timeline(page.frame, minutes=minutes, taxonomy=page.tax)
    except SocialViewsError as exc:  # outlier times: the rest of the report stands
        log.warning("no timeline: %s", exc)
        return f'<p class="muted">No timeline: {escape(str(exc))}.</p>'

    if line.empty:
        return '<p class="muted">The tweets have no times.</p>'
    single = line["start"].notna().all()
    xlabels = [_time(s) if single else f"+{m} min" for s, m in zip(line["start"], line["minute"])]
    rows = line[[f"n_{label}" for label in page.labels]].to_numpy().tolist()
    chart = stacked_columns(rows, [page.colours[label] for label in page.labels], [page.names[label] for label in page.labels],
                            xlabels, f"tweets per {minutes} minutes by view")
    what = "UTC" if single else "minutes from the start of each chat, all chats pooled"
    return f'<div class="scroll">{chart}</div>{page.legend()}<p class="muted">Tweets per {minutes} minutes ({what}).</p>'


def _talking_past(page: _Page) -> str:
    pairs = A.talking_past(page.frame, taxonomy=page.tax)
    if pairs.empty:
        return '<p class="muted">No reply between two tweets that hold different views.</p>'
    out = [f'<p class="muted">{len(pairs)} repl{"y" if len(pairs) == 1 else "ies"} where the reply holds another view '
           "than the tweet it answers.</p>"]
    for r in pairs.itertuples():
        out.append('<div class="pair">' + page.tweet(r.parent_author, r.parent_text, "", " " + page.tag(r.parent_view))
                   + '<div class="arrow">replied to by</div>'
                   + page.tweet(r.reply_author, r.reply_text, r.question, " " + page.tag(r.reply_view)) + "</div>")
    return "".join(out)


def _holders(page: _Page, view: str, leading: list[list[str]]) -> str:
    """How many participants hold ``view`` as their dominant view, and for how many it ties with another."""
    alone = sum(views == [view] for views in leading)
    tied = sum(len(views) > 1 and view in views for views in leading)
    words = f"dominant view of {counted(alone, 'participant') if alone else 'no participant'}"
    return words + (f", tied for {tied}" if tied else "")


def _interventions(page: _Page) -> str:
    out = []
    leading = [_leading(page, person) for _, person in A.participants(page.frame, taxonomy=page.tax).iterrows()]
    for r in A.interventions(page.frame, taxonomy=page.tax).itertuples():
        todo = "".join(f"<li>{escape(i)}</li>" for i in r.interventions) or "<li>none listed in the taxonomy</li>"
        remarks = "; ".join(f"“{escape(x)}”" for x in r.remarks)
        out.append(f'<article class="card" style="--c:{page.colours[r.view]}"><h3>{escape(r.name)}</h3>'
                   f'<p class="muted">{counted(r.tweets, "tweet")} ({_pct(r.share)}) · {_holders(page, r.view, leading)}</p>'
                   f"<p>{escape(r.definition)}</p>{f'<p class=muted>Typical remarks: {remarks}</p>' if remarks else ''}"
                   f"<h4>Typical interventions</h4><ul>{todo}</ul></article>")
    return '<div class="cards">' + "".join(out) + "</div>"


def _frames(inputs: Iterable[Any], include_referenced: bool) -> list[pd.DataFrame]:
    import pandas as pd

    frames = []
    for item in inputs:
        if isinstance(item, pd.DataFrame):
            frame = item
        elif isinstance(item, (str, Path)):
            frame = A.read_classified(item)
        else:
            frames.extend(_frames(item, include_referenced))
            continue
        if include_referenced:  # the marked tweets become tweets of the chat
            frame = frame.drop(columns=[REFERENCED_ONLY], errors="ignore")
        frames.append(public(A.prepare(frame, name=Path(item).stem)) if isinstance(item, (str, Path)) else frame)
    return frames


def build_report(
    *inputs: pd.DataFrame | str | Path | Iterable,
    anonymise: bool = False,
    key: bytes | str | None = None,
    title: str | None = None,
    taxonomy: Taxonomy | str | Path | None = None,
    minutes: int = 5,
    per_view: int = 2,
    include_referenced: bool = False,
) -> str:
    """One self-contained HTML page about one or more classified chats.

    Parameters
    ----------
    *inputs : DataFrame, path, or lists of them
        Classified frames (the output of :meth:`Model.classify`) or classify output files. Each one
        without a ``chat`` column is named by its file name or its date (see
        :func:`socialviews.analysis.prepare`).
    anonymise : bool
        Replace handles by stable pseudonyms (keyed by ``key``, random when None).
    title : str, optional
        The page title; names the chats by default.
    taxonomy : Taxonomy or path, optional
        Names, definitions and interventions; the shipped taxonomy by default.
    minutes : int
        The timeline's bin width.
    per_view : int
        Representative tweets per view and question.
    include_referenced : bool
        Count the tweets marked ``referenced_only`` as tweets of the chat (left out by default).

    Returns
    -------
    str
        The HTML page.
    """
    import pandas as pd

    from socialviews import __version__

    frames = [public(A.prepare(f)) for f in _frames(inputs, include_referenced)]
    if not frames or all(f.empty for f in frames):
        raise SocialViewsError("nothing to report: the inputs hold no classified tweet")
    frame = A.prepare(pd.concat(frames, ignore_index=True))
    if anonymise:  # a chat is named after its file, which may name a person: chat-1, chat-2, ...
        names = {name: f"chat-{k}" for k, name in enumerate(frame["chat"].unique().tolist(), start=1)}
        frame["chat"] = frame["chat"].map(names)
    page = _Page(frame, resolve_taxonomy(taxonomy), anonymise, key)
    chats = frame["chat"].unique().tolist()
    title = title or "socialviews report: " + (chats[0] if len(chats) == 1 else f"{len(chats)} chats")
    people = frame.loc[frame["author"] != "", "author"].nunique()
    unsure = int(frame["needs_review"].astype(str).str.lower().isin({"true", "1"}).sum()) if "needs_review" in frame else 0
    body = {
        "view-mix": _view_mix(page),
        "chats": _chats(page) if len(chats) > 1 else "",
        "questions": _questions(page, per_view),
        "participants": _participants(page),
        "timeline": _timeline(page, minutes),
        "talking-past": _talking_past(page),
        "interventions": _interventions(page),
    }
    nav = "".join(f'<a href="#{sid}">{escape(name)}</a>' for sid, name in SECTIONS.items() if body[sid])
    sections = "".join(f'<section id="{sid}"><h2>{escape(SECTIONS[sid])}</h2>{html}</section>'
                       for sid, html in body.items() if html)
    privacy = " Handles are pseudonymised." if anonymise else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f'<meta name="generator" content="socialviews {escape(__version__)}">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f'<header><h1>{escape(title)}</h1><p class="muted">{counted(len(frame), "tweet")} · {counted(people, "participant")} · '
        f"{counted(len(chats), 'chat')} · {counted(unsure, 'tweet')} the model was unsure of "
        f"(needs_review).{privacy}</p><nav>{nav}</nav></header><main>{sections}</main>"
        f'<footer class="muted">Made by socialviews {escape(__version__)}. Each tweet is tagged with the view it holds '
        "by a text classifier: read the shares as a sketch of the chat, not as a verdict on anyone. "
        "Retweets count with the view of what they retweet; questions are found by their Q1/A1 markers.</footer>"
        "</body></html>\n"
    )
