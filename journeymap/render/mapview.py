"""The journey map as a figure: stage columns, lane rows, cards coloured by a measure, arrows,
the legend, and the emotion curve underneath.

The arrangement is the canvas's (:mod:`journeymap.model.layout`): stages are columns in
journey order, every lane is a row (an empty one too, as on the canvas), a cell's cards sit
side by side in stage order, and arrows take the canvas's routes
(:mod:`journeymap.model.routing`). With ``by="channel"`` the rows are the touchpoints'
channels instead of the journey's lanes.
One scene unit of the canvas is 0.75 point here (a pixel at 96 dpi), so a card is 1.75 inches
wide and the figure grows with the journey.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.measures import (MEASURES, NO_DATA, SMALL_SAMPLE, Measure, Reading, reading,
                                 complaint_text, scale_caption, scale_ticks, text_colour)
from journeymap.model import Journey, Lane, Stage, Touchpoint, Transition, slug
from journeymap.model.layout import (CARD_HEIGHT, CARD_WIDTH, GAP_Y, LANE_HEADER, LAYOUT_DPI,
                                     STAGE_HEADER, Grid, grid, grid_positions)
from journeymap.model.edge_labels import LABEL_INSET, LabelSize, place_labels, shortest_text
from journeymap.model.routing import Point, route_all
from journeymap.transition_style import kind_order, transition_style

from . import curve as curve_panel
from . import style
from .canvas import Sketch
from .evidence import Evidence
from .fonts import line_height, text_width
from .layoutdata import Box, CardBox
from .shapes import compound, polygon, rounded_path

SCALE = 72 / LAYOUT_DPI   # points per scene unit (0.75)
MARGIN = 22.0
LEGEND_WIDTH = 820.0  # the legend's three blocks side by side
ROW_HEIGHT = CARD_HEIGHT + 2 * GAP_Y
CURVE_HEIGHT = 150.0
#: Service-blueprint lines drawn between two neighbouring lanes (by lane id).
BLUEPRINT_LINES = {("customer", "frontstage"): "line of interaction",
                   ("frontstage", "backstage"): "line of visibility",
                   ("backstage", "support"): "line of internal interaction"}


@dataclass
class _Plan:
    """Where everything goes, in scene units, before the page is sized."""

    stages: list[tuple[Stage, float, float]]  # stage, x start, x end
    rows: list[Lane]
    grid: Grid                               # the arranged journey's, as on the canvas
    cards: dict[str, Point]                  # card centres, scene units
    width: float                             # scene units
    height: float


def _by_channel(journey: Journey) -> Journey:
    """A copy of ``journey`` whose lanes are its channels (in order of first appearance)."""
    channels = list(dict.fromkeys(tp.channel or "no channel" for tp in journey.touchpoints()))
    lanes = [Lane(f"channel-{slug(ch)}-{i}", ch) for i, ch in enumerate(channels)]
    lane_of = {ch: lane.id for ch, lane in zip(channels, lanes)}
    copy = Journey(journey.title, journey.description, lanes=lanes)
    for stage in journey.stages:
        copy.add_stage(stage.copy())
    for tp in journey.touchpoints():
        copy.add_touchpoint(tp.copy(lane=lane_of[tp.channel or "no channel"], position=None))
    return copy


def _plan(journey: Journey, by: str | None) -> _Plan:
    """The canvas's grid and card places for ``journey`` (for ``by="channel"``, of its copy
    whose lanes are channels), so arrows routed on them run as they do on the canvas."""
    arranged = _by_channel(journey) if by == "channel" else journey
    g = grid(arranged)
    # every lane is a row, as on the canvas: an empty backstage lane says something too, and
    # the blueprint lines need both their neighbours
    rows = list(arranged.lanes)
    stages = [(arranged.stage(b.id), b.start, b.end) for b in g.stages]
    return _Plan(stages, rows, g, grid_positions(arranged), g.width,
                 STAGE_HEADER + len(rows) * ROW_HEIGHT)


def render_map(journey: Journey, evidence: Evidence, measure: str = "friction",
               persona: str | None = None, by: str | None = None,
               curve: bool = True, edge_look=None) -> Sketch:
    """Draw the map of ``journey`` with cards filled by ``measure`` (a key of
    :data:`journeymap.measures.MEASURES`); ``persona`` picks whose emotion is shown,
    ``by="channel"`` makes the rows channels, ``curve`` adds the emotion curve below.
    ``edge_look(transition)`` may return (colour, dashes) to draw an arrow otherwise than
    its kind says (the flow overlay colours arrows by delay and draws ghosts), or None."""
    m = MEASURES[measure]
    plan = _plan(journey, by)
    map_w, map_h = plan.width * SCALE, plan.height * SCALE
    page_w = max(map_w, LEGEND_WIDTH) + 2 * MARGIN + curve_panel.RIGHT_AXIS
    header_h = _header_height(journey)
    legend_h = 78.0
    show_curve = curve and curve_panel.has_data(journey, evidence, persona)
    curve_h = CURVE_HEIGHT + 12 if show_curve else 0.0
    page_h = MARGIN + header_h + legend_h + map_h + curve_h + MARGIN
    sketch = Sketch("map", page_w, page_h, journey.title)
    sketch.layout.measure = measure

    top = page_h - MARGIN
    top = _header(sketch, journey, persona, top, page_w)
    kinds = sorted({t.kind for t in journey.transitions()}, key=kind_order)
    scale_max = evidence.colour_scale_max(measure) if measure == "volume" else 1.0
    _legend(sketch, m, evidence, kinds, top, scale_max)
    map_top = top - legend_h

    def to_page(x: float, y: float) -> tuple[float, float]:
        return MARGIN + x * SCALE, map_top - y * SCALE

    _grid(sketch, plan, evidence, m, to_page)
    _edges(sketch, journey, plan, evidence, to_page, edge_look)
    _cards(sketch, journey, plan, evidence, m, persona, to_page, scale_max)
    _edge_labels(sketch, journey)
    if show_curve:
        x_left, _ = to_page(LANE_HEADER, 0)
        x_right, _ = to_page(plan.width, 0)
        panel = Box(x_left, MARGIN, x_right, MARGIN + CURVE_HEIGHT)
        xs = curve_panel.spread_positions(
            journey, {key: to_page(x, 0)[0] for key, (x, _) in plan.cards.items()},
            CARD_WIDTH * SCALE)
        curve_panel.draw(sketch, panel, MARGIN, journey, evidence, xs, persona)
    return sketch


def render_body(journey: Journey, evidence: Evidence, measure: str = "friction",
                persona: str | None = None, first_number: int = 1) -> Sketch:
    """The map alone (stage and lane headers, arrows, cards, arrow labels) on a page its own
    size, without title, legend or curve: what a slide places under its own title and
    legend. Volume is coloured against the largest of ``evidence``, so parts of one journey
    drawn apart share a scale. Stages are numbered from ``first_number`` (a part of a
    journey keeps its stages' numbers)."""
    m = MEASURES[measure]
    plan = _plan(journey, None)
    sketch = Sketch("map", plan.width * SCALE, plan.height * SCALE, journey.title)
    sketch.layout.measure = measure

    def to_page(x: float, y: float) -> tuple[float, float]:
        return x * SCALE, sketch.height - y * SCALE

    scale_max = evidence.colour_scale_max(measure) if measure == "volume" else 1.0
    _grid(sketch, plan, evidence, m, to_page, first_number)
    _edges(sketch, journey, plan, evidence, to_page)
    _cards(sketch, journey, plan, evidence, m, persona, to_page, scale_max)
    _edge_labels(sketch, journey)
    return sketch


# --------------------------------------------------------------------------- header
def _persona_line(journey: Journey, persona: str | None) -> str:
    if persona is not None:
        p = journey.persona(persona)
        return f"Persona: {p.name}" + (f" — {p.description}" if p.description else "")
    if journey.personas:
        return "Personas: " + ", ".join(p.name for p in journey.personas)
    return ""


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _header_height(journey: Journey) -> float:
    return 30.0 + 14.0 + (22.0 if journey.description else 0.0)


def _header(sketch: Sketch, journey: Journey, persona: str | None, top: float,
            page_w: float) -> float:
    width = page_w - 2 * MARGIN
    sketch.text(MARGIN, top, journey.title, role="title", size=17, style="bold",
                width=width, colour=style.INK)
    counts = " · ".join(_count(n, word) for n, word in (
        (len(journey.stages), "stage"), (len(journey), "touchpoint"),
        (len(journey.transitions()), "transition")))
    line = _persona_line(journey, persona)
    sketch.text(MARGIN, top - 28, f"{line}   ·   {counts}" if line else counts,
                role="persona", size=9, width=width, colour=style.MUTED)
    if journey.description:
        sketch.text(MARGIN, top - 43, journey.description, role="description", size=7.5,
                    width=min(width, 1100), max_lines=2, colour=style.MUTED)
    return top - _header_height(journey)


# --------------------------------------------------------------------------- legend
def _legend(sketch: Sketch, m: Measure, evidence: Evidence, kinds: list[str], top: float,
            scale_max: float) -> None:
    x = MARGIN
    rows = list(evidence.touchpoints.values())
    caption = scale_caption(m, rows)
    sketch.text(x, top - 4, f"Card colour: {caption}", role="legend", size=8, style="bold",
                width=220)
    bottom = style.colour_bar(sketch, x, top - 18, 180, 9, m, scale_max,
                              ticks=scale_ticks(m, rows, scale_max))
    y = bottom - 6
    sketch.rect(x, y - 8, 14, 8, face=style.faded("#fd8d3c"), edge=style.CARD_EDGE, width=0.5,
                hatch=style.HATCH, zorder=5)
    small = evidence.small_sample if evidence.small_sample else SMALL_SAMPLE
    sketch.text(x + 18, y - 4, f"small sample (n < {small}): hatched, faded", role="legend",
                size=6.5, va="center", colour=style.MUTED)
    sketch.rect(x + 150, y - 8, 14, 8, face=NO_DATA, edge=style.CARD_EDGE, width=0.5, zorder=5)
    sketch.text(x + 168, y - 4, "no data", role="legend", size=6.5, va="center",
                colour=style.MUTED)

    x = MARGIN + 230
    box = sketch.text(x, top - 4, m.definition, role="legend-definition", size=7, width=330,
                      max_lines=4 if m.key != "friction" else 7, colour=style.INK)
    if m.key != "friction":  # friction is the map's common language: always defined
        sketch.text(x, box.box.y0 - 3, MEASURES["friction"].definition,
                    role="legend-definition", size=7, width=330, max_lines=3,
                    colour=style.MUTED)

    x = MARGIN + 590
    badges = [(*style.PAIN, "pain points"), (*style.OPPORTUNITY, "opportunities")]
    if any(r.get("complaint_count") for r in evidence.touchpoints.values()):
        badges.append((*style.COMPLAINT, "complaints in the complaint log"))
    for i, (symbol, fill, name) in enumerate(badges):
        y = top - 4 - i * 13
        _badge(sketch, x, y - 9, f"{symbol} 2", fill, key="legend", align="left")
        sketch.text(x + 28, y - 4.5, name, role="legend", size=7, va="center",
                    colour=style.MUTED)
    for i, kind in enumerate(kinds):
        look = transition_style(kind)
        col, row = divmod(i, 2)
        y = top - 34 - 13 * (len(badges) - 2) - row * 12
        x0 = x + col * 110
        sketch.line([(x0, y), (x0 + 24, y)], colour=look.colour, dashes=look.dashes, width=1.2,
                    zorder=5)
        sketch.text(x0 + 28, y, kind, role="legend", size=7, va="center", colour=style.MUTED)


def _badge(sketch: Sketch, x: float, y: float, text: str, fill: str, key: str,
           align: str = "right") -> float:
    """A small rounded label (pain points, opportunities) with its bottom at ``y``; ``x`` is
    its right (or left) edge. Returns the other edge."""
    size = 6.5
    w = text_width(text, size) + 6
    x0 = x - w if align == "right" else x
    sketch.rect(x0, y, w, 9.5, radius=2.5, face=fill, edge="#ffffff", width=0.6, zorder=6)
    sketch.text(x0 + 3, y + 4.75, text, role="badge", size=size, va="center",
                colour="#ffffff", key=key)
    return x0 if align == "right" else x0 + w


# --------------------------------------------------------------------------- grid
def _grid(sketch: Sketch, plan: _Plan, evidence: Evidence, m: Measure, to_page,
          first_number: int = 1) -> None:
    x0, y_top = to_page(0, 0)
    x_end, y_bottom = to_page(plan.width, plan.height)
    _, y_rows = to_page(0, STAGE_HEADER)
    for i, (stage, start, end) in enumerate(plan.stages):
        a, _ = to_page(start, 0)
        b, _ = to_page(end, 0)
        if style.BAND[i % 2] != style.PAGE:  # filling the page with its own colour is wasted
            sketch.rect(a, y_bottom, b - a, y_top - y_bottom, face=style.BAND[i % 2], zorder=0)
        sketch.rect(a + 1, y_rows + 2, b - a - 2, y_top - y_rows - 2, face=style.HEADER,
                    zorder=1)
        summary = _stage_summary(evidence, stage.id, m)
        name_top = y_top - 5
        sketch.text(a + 7, name_top, f"{i + first_number}  {stage.name}", role="stage", size=8.5,
                    style="bold", width=b - a - 14, max_lines=1 if summary else 2,
                    key=stage.id, tooltip=stage.description or None)
        if summary:
            sketch.text(a + 7, y_rows + 6, summary, role="stage-summary", size=6.5,
                        va="bottom", width=b - a - 14, colour=style.MUTED, key=stage.id)
        sketch.layout.stages.append((stage.id, Box(a, y_bottom, b, y_top)))
    for i, lane in enumerate(plan.rows):
        _, ya = to_page(0, STAGE_HEADER + i * ROW_HEIGHT)
        _, yb = to_page(0, STAGE_HEADER + (i + 1) * ROW_HEIGHT)
        sketch.rect(x0, yb + 1, LANE_HEADER * SCALE - 4, ya - yb - 2, face=style.HEADER,
                    zorder=1)
        sketch.text(x0 + 6, (ya + yb) / 2, lane.name, role="lane", size=8, style="bold",
                    va="center", width=LANE_HEADER * SCALE - 16, max_lines=4, key=lane.id,
                    tooltip=lane.description or None)
        sketch.layout.lanes.append((lane.id, Box(x0, yb, x_end, ya)))
        if i:
            sketch.line([(x0, ya), (x_end, ya)], colour=style.RULE, width=0.6, zorder=1)
            name = BLUEPRINT_LINES.get((plan.rows[i - 1].id, lane.id))
            if name:
                sketch.line([(x0 + LANE_HEADER * SCALE - 4, ya), (x_end, ya)], colour="#555a60",
                            width=0.9, dashes=(6, 3), zorder=1.5)
                sketch.text(x0 + 6, ya + 2.5, name, role="blueprint-line", size=6.5,
                            style="italic", va="bottom", colour=style.MUTED,
                            width=LANE_HEADER * SCALE - 16)


def _stage_summary(evidence: Evidence, stage: str, m: Measure) -> str:
    row = evidence.stages.get(stage)
    if m.key == "emotion" or evidence.row_value(row, m.key) is None:
        return ""
    n = evidence.row_n(row, m.key)
    return f"{m.label} {reading(m, row).full()}" + (f" · n={n:,.0f}" if n is not None else "")


# --------------------------------------------------------------------------- edges
def _edge_volume(evidence: Evidence, t: Transition) -> float | None:
    volume = evidence.transitions.get((t.source, t.target))
    return volume if volume is not None else t.volume


def _edges(sketch: Sketch, journey: Journey, plan: _Plan, evidence: Evidence,
           to_page, edge_look=None) -> None:
    """The arrows, routed as the canvas routes them (:mod:`journeymap.model.routing`), with
    rounded corners, a white casing and a width that follows the traffic."""
    transitions = journey.transitions()
    routes = route_all({(t.source, t.target): (plan.cards[t.source], plan.cards[t.target])
                        for t in transitions}, plan.grid)
    volumes = [_edge_volume(evidence, t) for t in transitions]
    top = max([v for v in volumes if v] or [0.0])
    # (shaft path, head, width, tooltip) of each arrow, by kind: a kind's heads are one path
    by_kind: dict[str, list[tuple]] = {}
    for t, volume in zip(transitions, volumes):
        points = [to_page(x, y) for x, y in routes[t.source, t.target]]
        width = 0.8 + 2.4 * (volume / top) ** 0.5 if volume and top else 0.9
        head_len, head_w = 4.2 + width, 2.6 + width * 0.8
        (xa, ya), (xb, yb) = points[-2], points[-1]
        length = ((xb - xa) ** 2 + (yb - ya) ** 2) ** 0.5 or 1.0
        ux, uy = (xb - xa) / length, (yb - ya) / length
        base = (xb - ux * head_len, yb - uy * head_len)
        head = [(xb, yb), (base[0] - uy * head_w / 2, base[1] + ux * head_w / 2),
                (base[0] + uy * head_w / 2, base[1] - ux * head_w / 2)]
        shaft = rounded_path(points[:-1] + [base], 9.0)
        look = transition_style(t.kind)
        override = edge_look(t) if edge_look is not None else None
        colour, dashes = override if override is not None else (look.colour, look.dashes)
        by_kind.setdefault((colour, dashes), []).append(
            (shaft, head, width, _edge_tooltip(journey, t, volume)))
        sketch.layout.edges.append((t.source, t.target, points))
    for (colour, dashes), arrows in by_kind.items():
        for shaft, _, width, tip in arrows:
            # a white casing under each arrow keeps crossing and parallel arrows apart
            sketch.shape(shaft, zorder=1.9, edge=style.PAGE, width=width + 1.8, join="round")
            sketch.shape(shaft, zorder=2, edge=colour, width=width, dashes=dashes,
                         join="round", tooltip=tip, role="edge")
        sketch.shape(compound(polygon(head) for _, head, _, _ in arrows), zorder=2.1,
                     face=colour)


def _edge_tooltip(journey: Journey, t: Transition, volume: float | None) -> str:
    """What an arrow says on hover in an SVG (its label too, which may not fit on the page)."""
    look = transition_style(t.kind)
    text = (f"{journey.touchpoint(t.source).label} → {journey.touchpoint(t.target).label}\n"
            f"{t.kind} ({look.pattern})")
    if t.label:
        text += f": {t.label}"
    if volume:
        text += f"\nvolume {volume:,.0f}"
    return text


def _edge_labels(sketch: Sketch, journey: Journey) -> None:
    """Name the arrows that have a label where the canvas's rule puts them
    (:func:`journeymap.model.edge_labels.place_labels`: on a run of the arrow, clear of
    cards, other text and each other, shortened where only a part fits), on a small white
    ground so the label reads across other lines. A shortened label keeps its whole text as
    the SVG tooltip; one that finds no room at all is left out rather than drawn over
    something."""
    size, pad = 5.8, 1.2
    labels, routes, sizes = {}, {}, {}
    for source, target, points in sketch.layout.edges:
        label = journey.transition(source, target).label
        if not label:
            continue
        short = shortest_text(label)
        full = text_width(label, size, "italic")
        labels[source, target], routes[source, target] = label, points
        sizes[source, target] = LabelSize(full + 2 * pad, line_height(size),
                                          min(full, text_width(short, size, "italic")) + 2 * pad)
    obstacles = [(b.x0, b.y0, b.x1, b.y1) for b in
                 [t.box for t in sketch.layout.texts] + [c.box for c in sketch.layout.cards]]
    # the page is the canvas scaled: the canvas's inset from a run's ends, in points
    places = place_labels(routes, sizes, obstacles, inset=LABEL_INSET * SCALE)
    for (source, target), place in sorted(places.items()):
        if place is None:
            continue
        sketch.text(place.x, place.y, labels[source, target], role="edge-label", size=size,
                    style="italic", ha="center", va="center", colour=style.MUTED,
                    key=f"{source}->{target}",
                    width=place.width - 2 * pad if place.shortened else None)
        x0, y0, x1, y1 = place.rect
        sketch.rect(x0, y0, x1 - x0, y1 - y0, face=style.PAGE, alpha=0.9, zorder=2.5)


# --------------------------------------------------------------------------- cards
def _tooltip(tp: Touchpoint, journey: Journey, evidence: Evidence, m: Measure) -> str:
    lines = [tp.label, f"{journey.stage(tp.stage).name} · {tp.channel} · {tp.kind}"]
    value = evidence.value(tp.id, m.key)
    if value is not None and m.key != "emotion":
        r = reading(m, evidence.touchpoints.get(tp.id))
        text = f"{m.label}: {r.text}" + (f" {r.unit}" if r.unit else "")
        if r.interval:
            text += f" (95% {r.number(r.low)} to {r.number(r.high)})"
        n = evidence.n(tp.id, m.key)
        if n is not None:
            text += f", n={n:,.0f}"
        lines.append(text)
    if tp.description:
        lines.append(tp.description)
    complaints = complaint_text(evidence.touchpoints.get(tp.id))
    if complaints:
        lines.append(complaints[0].upper() + complaints[1:])
    lines += [f"Pain point: {p}" for p in tp.pain_points]
    lines += [f"Opportunity: {o.title}" for o in journey.opportunities_for(tp.id)]
    return "\n".join(lines)


def card_value(evidence: Evidence, tp: Touchpoint, m: Measure,
               persona: str | None) -> tuple[float | None, float | None, bool]:
    """(value, n, small sample) of a card; the designer's emotion follows ``persona``."""
    if m.key == "emotion":
        value = tp.emotion_for(persona)
        return (None if value is None else float(value)), None, False
    return evidence.row_cell(evidence.touchpoints.get(tp.id), m.key)


def _cards(sketch: Sketch, journey: Journey, plan: _Plan, evidence: Evidence, m: Measure,
           persona: str | None, to_page, scale_max: float) -> None:
    w, h = CARD_WIDTH * SCALE, CARD_HEIGHT * SCALE
    for key in journey.touchpoint_ids():
        tp = journey.touchpoint(key)
        cx, cy = to_page(*plan.cards[key])
        x0, y0 = cx - w / 2, cy - h / 2
        value, n, is_small = card_value(evidence, tp, m, persona)
        fill = style.measure_colour(m, value, scale_max)
        shown = style.faded(fill) if is_small else fill
        sketch.rect(x0, y0, w, h, radius=4, face=shown, edge=style.CARD_EDGE, width=0.6,
                    hatch=style.HATCH if is_small else None, zorder=3)
        ink = text_colour(shown)
        sketch.text(x0 + 5, y0 + h - 4.5, tp.label, role="card-label", size=7.5, width=w - 10,
                    max_lines=3, colour=ink, key=key,
                    tooltip=_tooltip(tp, journey, evidence, m))
        right = x0 + w - 4
        complaints = evidence.row_value(evidence.touchpoints.get(key), "complaint_count")
        if complaints:  # what a complaint log says, in counts (the tooltip gives the rate)
            right = _badge(sketch, right, y0 + 4, f"{style.COMPLAINT[0]} {complaints:,.0f}",
                           style.COMPLAINT[1], key=key) - 3
        for items, (symbol, badge_fill) in ((journey.opportunities_for(key), style.OPPORTUNITY),
                                             (tp.pain_points, style.PAIN)):
            if items:
                right = _badge(sketch, right, y0 + 4, f"{symbol} {len(items)}", badge_fill,
                               key=key) - 3
        if value is None:
            sketch.text(x0 + 5, y0 + 5, "no data", role="card-value", size=7, va="bottom",
                        colour=ink, key=key)
        else:
            # in its own units (a rating declared 1–5: its mean on 1–5), with the interval
            r = reading(m, evidence.touchpoints.get(key)) if m.key != "emotion" \
                else Reading(m, value)
            box = sketch.text(x0 + 5, y0 + 5, r.text.replace("-", "−"), role="card-value",
                              size=9, style="bold", va="bottom", colour=ink, key=key)
            detail = " ".join(p for p in (r.interval.replace("-", "−"),
                                           f"n={n:,.0f}" if n is not None else "") if p)
            room = max(right - box.box.x1 - 6, 10)
            if detail and text_width(detail, 6.5) <= room:   # beside the value
                sketch.text(box.box.x1 + 4, y0 + 5, detail, role="card-n", size=6.5,
                            va="bottom", colour=ink, key=key)
            elif detail:  # badges took that room: on its own line above the value
                sketch.text(x0 + 5, box.box.y1 + 1.5, detail, role="card-n", size=6.5,
                            va="bottom", width=w - 10, colour=ink, key=key)
        sketch.layout.cards.append(CardBox(key, tp.label, tp.stage, tp.lane,
                                           Box(x0, y0, x0 + w, y0 + h), shown, value, n,
                                           is_small))
