"""Inline SVG charts for the HTML report: no script, no font, nothing fetched."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

#: Okabe-Ito colours (readable with colour-blindness), given to the views in taxonomy order.
VIEW_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
#: Greys for the labels that hold no view.
NO_VIEW_PALETTE = ("#B8B8B8", "#D6D6D6", "#8F8F8F")


def view_colours(labels: Sequence[str], no_view: Sequence[str]) -> dict[str, str]:
    """Label -> colour: the palette for views in order, greys for the no-view labels."""
    colours, views, empties = {}, 0, 0
    for label in labels:
        if label in no_view:
            colours[label] = NO_VIEW_PALETTE[empties % len(NO_VIEW_PALETTE)]
            empties += 1
        else:
            colours[label] = VIEW_PALETTE[views % len(VIEW_PALETTE)]
            views += 1
    return colours


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def stacked_bar(values: Sequence[float], colours: Sequence[str], titles: Sequence[str], label: str) -> str:
    """A 100 % stacked horizontal bar; it stretches to its container's width (size it with CSS).

    Parameters
    ----------
    values : sequence of float
        One count per segment; an all-zero bar is drawn empty.
    colours, titles : sequence of str
        The fill and the tooltip of each segment.
    label : str
        What the bar shows, for screen readers.
    """
    total = float(sum(values))
    parts = []
    x = 0.0
    for value, colour, title in zip(values, colours, titles):
        if value <= 0 or total <= 0:
            continue
        width = 100.0 * value / total
        parts.append(
            f'<rect x="{_num(x)}" y="0" width="{_num(width)}" height="10" fill="{escape(colour)}">'
            f"<title>{escape(title)}</title></rect>"
        )
        x += width
    return (
        f'<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{escape(label)}">'
        f'<rect x="0" y="0" width="100" height="10" class="bar-bg"/>{"".join(parts)}</svg>'
    )


def stacked_columns(
    rows: Sequence[Sequence[float]],
    colours: Sequence[str],
    names: Sequence[str],
    xlabels: Sequence[str],
    label: str,
    *,
    width: int = 720,
    height: int = 240,
) -> str:
    """Stacked columns of counts (one column per row of ``rows``, one segment per name), with axes.

    Parameters
    ----------
    rows : sequence of sequences of float
        Counts per column and segment.
    colours, names : sequence of str
        The fill and name of each segment.
    xlabels : sequence of str
        One label per column; about eight are shown, evenly spaced.
    label : str
        What the chart shows, for screen readers.
    """
    left, bottom, top = 34, 26, 8
    plot_w, plot_h = width - left - 6, height - bottom - top
    peak = max([sum(r) for r in rows] + [1])
    step = max(1, -(-peak // 4))
    ticks = list(range(0, int(peak) + step, step))
    scale = plot_h / ticks[-1]
    out = [f'<svg class="columns" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">']
    for tick in ticks:
        y = top + plot_h - tick * scale
        out.append(f'<line x1="{left}" x2="{width - 6}" y1="{_num(y)}" y2="{_num(y)}" class="grid"/>'
                   f'<text x="{left - 6}" y="{_num(y + 4)}" text-anchor="end">{tick}</text>')
    col = plot_w / max(len(rows), 1)
    every = max(1, -(-len(rows) // 8))
    for i, row in enumerate(rows):
        x = left + i * col
        y = top + plot_h
        for value, colour, name in zip(row, colours, names):
            if value <= 0:
                continue
            h = value * scale
            y -= h
            out.append(f'<rect x="{_num(x + col * 0.08)}" y="{_num(y)}" width="{_num(col * 0.84)}" height="{_num(h)}" '
                       f'fill="{escape(colour)}"><title>{escape(xlabels[i])}: {escape(name)} {_num(value)}</title></rect>')
        if i % every == 0:
            out.append(f'<text x="{_num(x + col / 2)}" y="{height - 8}" text-anchor="middle">{escape(xlabels[i])}</text>')
    out.append("</svg>")
    return "".join(out)
