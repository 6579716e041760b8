"""Figures for decks and reports: the journey map, heatmaps and the emotion curve, as PNG,
SVG and PDF (matplotlib's Agg, no Qt).

Each ``render_*`` function returns a :class:`Figure`: ``save(path)`` writes it (the format
follows the extension) and ``layout`` tells what was drawn where (card boxes, text boxes,
cells, colours), in points. matplotlib is imported only when a figure is drawn.

>>> fig = render_map(journey, analysis, measure="friction")   # doctest: +SKIP
>>> fig.save("map.png", dpi=150)                               # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .layoutdata import Box, CardBox, Cell, FigureLayout, TextBox

if TYPE_CHECKING:
    from journeymap.model import Journey

    from .canvas import Sketch as Figure
    from .evidence import Evidence

VIEWS = ("map", "heatmap", "curve")


def evidence_of(journey: Journey, analysis: Any = None) -> Evidence:
    """The numbers to show: from ``analysis`` (a :class:`journeymap.analytics.Analysis`), or
    the designers' emotion alone when there is none."""
    from .evidence import from_analysis, from_journey

    return from_journey(journey) if analysis is None else from_analysis(analysis)


def render_map(journey: Journey, analysis: Any = None, measure: str = "friction",
               persona: str | None = None, by: str | None = None,
               curve: bool = True) -> Figure:
    """The journey map with cards filled by ``measure``; ``by="channel"`` makes channels the
    rows; ``curve`` adds the emotion curve underneath."""
    from .mapview import render_map as draw

    _check_measure(measure)
    return draw(journey, evidence_of(journey, analysis), measure, persona, by, curve)


def render_curve(journey: Journey, analysis: Any = None, persona: str | None = None) -> Figure:
    """The emotion curve on its own: designers' emotion per persona and measured emotion."""
    from .curve import render_curve as draw

    return draw(journey, evidence_of(journey, analysis), persona)


def render_heatmap(journey: Journey, analysis: Any = None, by: str | None = None,
                   measure: str = "friction", measures: list[str] | None = None) -> Figure:
    """A heatmap in journey order: touchpoint × measure (default), stage × channel
    (``by="channel"``) or touchpoint × segment (an analysis made with ``by="segment:COL"``
    or ``by="period:..."``), with values and n in the cells."""
    from . import heatmap

    _check_measure(measure)
    evidence = evidence_of(journey, analysis)
    if by == "channel":
        return heatmap.stage_by_channel(journey, evidence, measure)
    if by:
        return heatmap.touchpoint_by_group(journey, evidence, measure, by)
    return heatmap.touchpoint_by_measure(journey, evidence, measures)


def _check_measure(measure: str) -> None:
    from journeymap.measures import MEASURES

    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}: use one of {', '.join(MEASURES)}")


__all__ = ["VIEWS", "Box", "CardBox", "Cell", "FigureLayout", "TextBox", "evidence_of",
           "render_curve", "render_heatmap", "render_map"]
