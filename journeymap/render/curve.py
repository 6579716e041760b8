"""The emotion curve: what the workshop believed (the designers' emotion, per persona) and
what the customers said (measured, with its 95% interval), on one −2..+2 scale.

The measured line is net sentiment where the feedback has sentiment (×2, so −1..+1 meets
−2..+2), otherwise the analytics' measured emotion, 2 − 4 × friction. It is drawn under the
map (x at the cards' centres) or on its own (:func:`render_curve`, touchpoints evenly spaced
in journey order).
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.model import Journey

from . import style
from .canvas import Sketch
from .evidence import Evidence
from .layoutdata import Box
from .shapes import polylines

RIGHT_AXIS = 26.0        # room for the scale's numbers right of the panel
LEGEND_WIDTH = 112.0     # the legend column left of the panel (the map's lane headers)
TICKS = (2, 1, 0, -1, -2)


@dataclass
class Series:
    name: str
    colour: str
    points: list[tuple[str, float]]                  # (touchpoint, value) in journey order
    intervals: dict[str, tuple[float, float]] | None = None


def designer_series(journey: Journey, persona: str | None) -> list[Series]:
    """The designers' emotion: one line per persona when they were scored separately."""
    tps = journey.touchpoints()
    if persona is not None:
        people = [journey.persona(persona)]
    elif journey.personas and any(tp.emotions for tp in tps):
        people = journey.personas
    else:
        people = []
    out = []
    for i, p in enumerate(people):
        points = [(tp.id, float(e)) for tp in tps if (e := tp.emotion_for(p.id)) is not None]
        if points:
            out.append(Series(p.name, style.PERSONA_COLOURS[i % len(style.PERSONA_COLOURS)],
                              points))
    if not people:
        points = [(tp.id, float(e)) for tp in tps if (e := tp.overall_emotion) is not None]
        if points:
            out.append(Series("Designer's emotion", style.PERSONA_COLOURS[0], points))
    return out


def measured_series(journey: Journey, evidence: Evidence) -> Series | None:
    """Measured emotion with its interval: 2 × net sentiment if any, else 2 − 4 × friction."""
    ids = journey.touchpoint_ids()
    if any(evidence.value(k, "sentiment") is not None for k in ids):
        import numpy as np

        from journeymap.analytics.stats import nps_interval  # net sentiment is an NPS-like net

        points, intervals = [], {}
        for k in ids:
            value = evidence.value(k, "sentiment")
            if value is None:
                continue
            row = evidence.touchpoints[k]
            n = evidence.n(k, "sentiment") or 0
            pos, neg = row.get("sentiment_positive") or 0, row.get("sentiment_negative") or 0
            _, low, high = nps_interval(np.array([pos * n]), np.array([neg * n]),
                                        np.array([n]))
            points.append((k, 2 * value))
            intervals[k] = (2 * float(low[0]) / 100, 2 * float(high[0]) / 100)
        return Series("Measured: 2 × net sentiment", style.MEASURED, points, intervals)
    points, intervals = [], {}
    for k in ids:
        value = evidence.value(k, "measured_emotion")
        if value is None:
            continue
        points.append((k, value))
        interval = evidence.interval(k, "friction")
        if interval:  # the same mapping as the analytics' measured emotion
            intervals[k] = (2 - 4 * interval[1], 2 - 4 * interval[0])
    if not points:
        return None
    return Series("Measured: 2 − 4 × friction", style.MEASURED, points, intervals)


def has_data(journey: Journey, evidence: Evidence, persona: str | None) -> bool:
    return bool(designer_series(journey, persona)) or measured_series(journey, evidence) \
        is not None


def spread_positions(journey: Journey, xs: dict[str, float], width: float) -> dict[str, float]:
    """Touchpoints that share a column on the map (one card above another) get distinct x
    inside the card's ``width``, in journey order, so that the curve moves forward."""
    shared: dict[float, list[str]] = {}
    for key in journey.touchpoint_ids():
        shared.setdefault(round(xs[key], 3), []).append(key)
    out = dict(xs)
    for x, keys in shared.items():
        step = min(width * 0.8 / len(keys), 40.0)
        for i, key in enumerate(keys):
            out[key] = x + (i - (len(keys) - 1) / 2) * step
    return out


def draw(sketch: Sketch, panel: Box, left: float, journey: Journey, evidence: Evidence,
         xs: dict[str, float], persona: str | None,
         separators: list[float] | None = None) -> None:
    """Draw the curve in ``panel`` (points) with its legend from ``left`` to the panel."""
    pad = 9.0

    def y_of(v: float) -> float:
        return panel.y0 + pad + (v + 2) / 4 * (panel.height - 2 * pad)

    sketch.rect(panel.x0, panel.y0, panel.width, panel.height, face="#fbfbfc", edge=style.RULE,
                width=0.6, zorder=0.5)
    for t in TICKS:
        sketch.line([(panel.x0, y_of(t)), (panel.x1, y_of(t))], width=0.8 if t == 0 else 0.4,
                    colour="#9aa0a6" if t == 0 else "#e0e3e7", zorder=0.6)
        sketch.text(panel.x1 + 4, y_of(t), f"{t:+d}" if t else "0", role="curve-tick",
                    size=6.5, va="center", colour=style.MUTED)
    for x in separators or []:
        sketch.line([(x, panel.y0), (x, panel.y1)], width=0.4, colour="#e0e3e7", zorder=0.6)

    series = designer_series(journey, persona)
    measured = measured_series(journey, evidence)
    order = {k: i for i, k in enumerate(journey.touchpoint_ids())}
    for s in series:
        pts = sorted(s.points, key=lambda p: (xs[p[0]], order[p[0]]))
        points = [(xs[k], y_of(v)) for k, v in pts]
        sketch.line(points, colour=s.colour, width=1.6, zorder=3)
        sketch.markers(points, kind="o", size=3.2, face=s.colour, edge=s.colour, zorder=3)
    if measured is not None:
        pts = sorted(measured.points, key=lambda p: (xs[p[0]], order[p[0]]))
        bars = [[(xs[k], y_of(lo)), (xs[k], y_of(hi))]
                for k, (lo, hi) in (measured.intervals or {}).items()]
        sketch.shape(polylines(bars), zorder=3.5, edge=style.MEASURED, width=0.8, alpha=0.7,
                     cap="projecting")
        points = [(xs[k], y_of(v)) for k, v in pts]
        sketch.line(points, colour=style.MEASURED, width=0.8, dashes=(3, 2), zorder=4)
        sketch.markers(points, kind="s", size=3.0, face=style.MEASURED, edge=style.MEASURED,
                       zorder=4)
        disagree = [k for k, _ in pts if (evidence.touchpoints.get(k) or {}).get(
            "emotion_disagrees")]
        # the analytics flag disagreement against friction: shown on the friction-based line
        if disagree and persona is None and "friction" in measured.name:
            sketch.markers([(xs[k], y_of(dict(pts)[k])) for k in disagree], kind="o", size=8,
                           face=None, edge="#b2182b", width=1.1, zorder=4.5)
    _legend(sketch, panel, left, series, measured, evidence, persona)


def _legend(sketch: Sketch, panel: Box, left: float, series: list[Series],
            measured: Series | None, evidence: Evidence, persona: str | None) -> None:
    width = panel.x0 - left - 8
    y = panel.y1 - 4
    box = sketch.text(left + 6, y, "Emotion", role="curve-legend", size=8, style="bold",
                      width=width - 6)
    y = box.box.y0 - 5
    entries: list[tuple[str, str, tuple[float, ...] | str | None, str]] = [
        (s.name, s.colour, None, "o") for s in series]
    if measured is not None:
        entries.append((f"{measured.name} (95% interval)", style.MEASURED, (3, 2), "s"))
        if persona is None and "friction" in measured.name and any(
                r.get("emotion_disagrees") for r in evidence.touchpoints.values()):
            entries.append(("belief and evidence disagree", "#b2182b", "none", "o"))
    for name, colour, dash, marker in entries:
        if y - 8 < panel.y0:
            break
        if dash == "none":  # a marker alone
            sketch.markers([(left + 13, y - 4)], kind=marker, size=7, face=None, edge=colour,
                           width=1.1, zorder=5)
        else:
            sketch.line([(left + 6, y - 4), (left + 20, y - 4)], colour=colour, dashes=dash,
                        width=1.4, zorder=5)
            sketch.markers([(left + 13, y - 4)], kind=marker, size=3, face=colour, edge=colour,
                           zorder=5)
        box = sketch.text(left + 24, y, name, role="curve-legend", size=6.5, width=width - 24,
                          max_lines=3, colour=style.INK)
        y = box.box.y0 - 4


# --------------------------------------------------------------------------- on its own
SPACING = 24.0
PANEL_HEIGHT = 200.0
LABEL_LENGTH = 150.0


def render_curve(journey: Journey, evidence: Evidence, persona: str | None = None) -> Sketch:
    """The emotion curve on its own: touchpoints in journey order, labels underneath."""
    from .mapview import MARGIN, _header, _header_height

    ids = journey.touchpoint_ids()
    width = LEGEND_WIDTH + max(len(ids), 1) * SPACING + RIGHT_AXIS
    page_w = max(MARGIN + width + MARGIN, 640.0)
    header_h = _header_height(journey)
    page_h = MARGIN + header_h + STAGE_BAND + PANEL_HEIGHT + 6 + LABEL_LENGTH + MARGIN
    sketch = Sketch("curve", page_w, page_h, journey.title)
    sketch.layout.measure = "emotion"
    top = _header(sketch, journey, persona, page_h - MARGIN, page_w)
    draw_along(sketch, MARGIN, top, width, journey, evidence, persona)
    return sketch


STAGE_BAND = 30.0


def draw_along(sketch: Sketch, left: float, top: float, width: float, journey: Journey,
               evidence: Evidence, persona: str | None, panel_height: float = PANEL_HEIGHT,
               label_length: float = LABEL_LENGTH) -> Box:
    """The curve from ``top`` down in ``width`` points from ``left`` (its legend first, the
    scale's numbers last): stage names over the panel, touchpoints evenly spaced in journey
    order, their labels reading upwards under it. Returns the panel."""
    ids = journey.touchpoint_ids()
    x0 = left + LEGEND_WIDTH
    spacing = (width - LEGEND_WIDTH - RIGHT_AXIS) / max(len(ids), 1)
    plot_w = spacing * max(len(ids), 1)
    xs = {k: x0 + (i + 0.5) * spacing for i, k in enumerate(ids)}
    stage_h = STAGE_BAND
    panel = Box(x0, top - stage_h - panel_height, x0 + plot_w, top - stage_h)
    separators, start = [], 0
    for i, stage in enumerate(journey.stages):
        count = len(journey.touchpoint_ids(stage.id))
        a, b = x0 + start * spacing, x0 + (start + count) * spacing
        if count:
            sketch.rect(a + 1, panel.y1 + 2, b - a - 2, stage_h - 6, face=style.HEADER,
                        zorder=1)
            sketch.text(a + 4, panel.y1 + stage_h - 7, f"{i + 1} {stage.name}", role="stage",
                        size=7, style="bold", width=b - a - 8, max_lines=2, key=stage.id)
            sketch.layout.stages.append((stage.id, Box(a, panel.y0, b, panel.y1 + stage_h)))
        if start:
            separators.append(a)
        start += count
    draw(sketch, panel, left, journey, evidence, xs, persona, separators)
    for k in ids:
        sketch.text(xs[k], panel.y0 - 5, journey.touchpoint(k).label, role="curve-label",
                    size=7, vertical=True, width=label_length, key=k,
                    full=journey.touchpoint(k).label)
    return panel
