"""The deck's pages about the journey itself (:mod:`.deck`): the cover, the whole journey and
one page per stage; :mod:`.deck_evidence` has the pages of the data. Each builder draws with
the figures' own pieces (here the map's body) and places them on :func:`.deck.frame`'s
slide."""

from __future__ import annotations

import math

from journeymap.measures import MEASURES, Measure, reading, scale_caption, text_colour
from journeymap.model import Journey, Stage

from . import style
from .canvas import Sketch
from .deck import GAP, MIN_TEXT, Deck, fit_scale, frame, place_fitted
from .fonts import line_height, text_width
from .layoutdata import Box
from .textfit import wrap
from .mapview import card_value, render_body

# --------------------------------------------------------------------------- cover


def cover(deck: Deck) -> list[Sketch]:
    journey = deck.journey
    page, box = frame(deck, journey.title, f"Customer journey map · {deck.date}")
    left_w = box.width * 0.58
    y = box.y1 - 4
    if journey.description:
        text = page.text(box.x0, y, journey.description, role="description", size=11.5,
                         width=left_w, max_lines=9, colour=style.INK)
        y = text.box.y0 - 14
    counts = (f"{len(journey.stages)} stages · {len(journey)} touchpoints · "
              f"{len(journey.transitions())} transitions · {len(journey.lanes)} lanes")
    page.text(box.x0, y, counts, role="counts", size=9.5, colour=style.MUTED, width=left_w)
    y -= 24
    strip = _glance(page, deck, box) if journey.stages else 0.0
    if journey.personas:
        page.text(box.x0, y, "Personas", role="heading", size=11, style="bold")
        y -= 18
    for i, persona in enumerate(journey.personas):
        if y < box.y0 + strip + 44:
            page.text(box.x0 + 16, y, f"+ {len(journey.personas) - i} more", role="persona",
                      size=8.5, colour=style.MUTED)
            break
        colour = style.PERSONA_COLOURS[i % len(style.PERSONA_COLOURS)]
        page.markers([(box.x0 + 5, y - 5)], kind="o", size=8, face=colour, edge=colour,
                     zorder=3)
        name = page.text(box.x0 + 16, y, persona.name, role="persona", size=10, style="bold",
                         width=left_w - 16)
        y = name.box.y0 - 2
        if persona.description:
            text = page.text(box.x0 + 16, y, persona.description, role="persona-description",
                             size=8.5, width=left_w - 16, max_lines=2, colour=style.MUTED)
            y = text.box.y0
        y -= 8
    _sources(page, deck, Box(box.x0 + left_w + 30, box.y0 + strip, box.x1, box.y1))
    return [page]


GLANCE = 50.0             # the cover's strip of stages


def summary_lines(label: str, value: str, n: str, width: float, max_lines: int,
                  size: float = 7.0) -> tuple[list[str], float]:
    """A stage's summary ("Friction 0.25 [0.24, 0.26] · n=9,978") broken where a narrow
    block needs it: whole on one line, else the reading and n on two, else the name, the
    reading and n on three; at ``size``, else smaller down to :data:`MIN_TEXT`. Returns the
    lines and their size; never shortens (the last try is returned as it is)."""
    head = f"{label} {value}".strip()
    tail = [n] if n else []
    tries = [[" · ".join([head] + tail)], [head] + tail, [p for p in (label, value) if p] + tail]
    sizes = [size] + [s for s in (6.5, MIN_TEXT) if s < size]
    for points in sizes:
        for lines in tries:
            if len(lines) <= max_lines and all(text_width(line, points) <= width
                                               for line in lines):
                return lines, points
    return tries[-1][:max_lines], sizes[-1]


def _glance(page: Sketch, deck: Deck, box: Box) -> float:
    """The journey at a glance along the cover's foot: each stage in order, coloured by the
    deck's measure over its touchpoints, with its value and n. Returns the height taken."""
    journey, evidence = deck.journey, deck.evidence
    m = MEASURES[deck.measure]
    stages = journey.stages
    gap = 4.0
    width = (box.width - gap * (len(stages) - 1)) / len(stages)
    if width < 60:
        return 0.0
    page.text(box.x0, box.y0 + GLANCE, "The journey at a glance", role="heading", size=9,
              style="bold", va="bottom", colour=style.MUTED)
    for i, stage in enumerate(stages):
        row = evidence.stages.get(stage.id)
        value, n, _ = evidence.row_cell(row, m.key)
        if m.key == "emotion":   # the designers' emotion: the mean of the stage's cards
            scores = [e for tp in journey.touchpoints(stage.id)
                      if (e := tp.emotion_for(deck.persona)) is not None]
            value, n = (sum(scores) / len(scores) if scores else None), None
        fill = style.measure_colour(m, value)
        x = box.x0 + i * (width + gap)
        page.rect(x, box.y0, width, GLANCE - 14, radius=3, face=fill, edge=style.CARD_EDGE,
                  width=0.5, zorder=3)
        ink = text_colour(fill)
        page.text(x + 5, box.y0 + GLANCE - 18, f"{i + 1}  {stage.name}", role="glance",
                  size=7.5, style="bold", width=width - 10, colour=ink, key=stage.id)
        own = reading(m, row).full() if m.key != "emotion" else m.format(value)
        lines, size = (["no data"], 7.0) if value is None else summary_lines(
            m.label, own, f"n={n:,.0f}" if n else "", width - 10, max_lines=2)
        page.text(x + 5, box.y0 + 5, "\n".join(lines), role="glance", size=size,
                  va="bottom", colour=ink, key=stage.id)
    return GLANCE + 16


def _sources(page: Sketch, deck: Deck, box: Box) -> None:
    """The evidence the numbers rest on: each source, its rows kept, and the date."""
    y = box.y1 - 4
    page.text(box.x0, y, "Evidence", role="heading", size=11, style="bold")
    y -= 20
    analysis = deck.analysis
    sources = deck.journey.sources if analysis is None else [t.source for t in analysis.tables]
    if not sources:
        page.text(box.x0, y, "No feedback data: the colours are the workshop's emotion scores.",
                  role="source", size=9, width=box.width, max_lines=3, colour=style.MUTED)
        return
    for source in sources:
        if y < box.y0 + 30:
            break
        name = page.text(box.x0, y, source.name or source.id, role="source", size=9.5,
                         style="bold", width=box.width, max_lines=2)
        y = name.box.y0 - 2
        detail = source.path
        if analysis is not None:
            kept = analysis.kept_counts.get(source.id, 0)
            read = analysis.input_counts.get(source.id, kept)
            detail += f" · {kept:,} of {read:,} rows used" if read != kept \
                else f" · {kept:,} rows"
        text = page.text(box.x0, y, detail, role="source", size=8, width=box.width,
                         max_lines=2, colour=style.MUTED)
        y = text.box.y0 - 10
    page.text(box.x0, y - 4, f"Analysed {deck.date} with journeymap", role="source", size=8,
              colour=style.MUTED, width=box.width)


# --------------------------------------------------------------------------- overview
STAGES_PER_ROW = 8
TILE = 17.0               # the smallest tile: one line of label
TALL_TILE = 30.0          # room for two lines of label
STAGE_HEAD = 40.0         # two lines of stage name and the summary


def overview(deck: Deck) -> list[Sketch]:
    """The whole journey on one page: stage blocks side by side (wrapped into rows when
    there are many), each listing its touchpoints as tiles coloured like the cards. Where a
    stage has more touchpoints than its block holds, the hottest are shown and the rest
    counted."""
    journey = deck.journey
    m = MEASURES[deck.measure]
    page, box = frame(deck, "The whole journey",
                      f"{journey.title} · {len(journey.stages)} stages, {len(journey)} "
                      f"touchpoints · tiles coloured by "
                      f"{scale_caption(m, deck.evidence.touchpoints.values()).lower()}")
    stages = journey.stages
    if not stages:
        return [page]
    per_row = min(len(stages), STAGES_PER_ROW)
    rows = math.ceil(len(stages) / per_row)
    gap = 8.0
    block_w = (box.width - (per_row - 1) * gap) / per_row
    block_h = (box.height - (rows - 1) * gap) / rows
    heads = [_stage_head(deck, m, i, stage, block_w - 10) for i, stage in enumerate(stages)]
    # one height for every block's head, so the tiles start level: the tallest's
    head_h = max([STAGE_HEAD] + [h for *_, h in heads])
    for i, stage in enumerate(stages):
        r, c = divmod(i, per_row)
        x0 = box.x0 + c * (block_w + gap)
        y1 = box.y1 - r * (block_h + gap)
        _stage_block(page, deck, m, stage, Box(x0, y1 - block_h, x0 + block_w, y1),
                     heads[i][:3], head_h)
    return [page]


def _stage_head(deck: Deck, m: Measure, index: int, stage: Stage, width: float
                ) -> tuple[str, list[str], float, float]:
    """A block's head: its name, its summary's lines and their size (the measure with its
    interval and n, broken to fit the block rather than cut), and the height they need."""
    name = f"{index + 1}  {stage.name}"
    name_lines = len(wrap(name, 8.5, "bold", width, 2))
    row = deck.evidence.stages.get(stage.id)
    lines: list[str] = []
    size = 7.0
    if deck.evidence.row_value(row, m.key) is not None and m.key != "emotion":
        n = deck.evidence.row_n(row, m.key)
        # the page's subtitle and legend name the unit: the narrow block keeps the interval
        lines, size = summary_lines(m.label, reading(m, row).full(unit=False),
                                    f"n={n:,.0f}" if n else "", width, max_lines=3)
    height = 4 + name_lines * line_height(8.5) + 3 + len(lines) * line_height(size) + 4
    return name, lines, size, height


def _stage_block(page: Sketch, deck: Deck, m: Measure, stage: Stage, box: Box,
                 head: tuple[str, list[str], float], head_h: float) -> None:
    journey, evidence = deck.journey, deck.evidence
    name, lines, size = head
    page.rect(box.x0, box.y0, box.width, box.height, face=style.BAND[0], zorder=0.5)
    page.rect(box.x0, box.y1 - head_h, box.width, head_h, face=style.HEADER, zorder=1)
    page.text(box.x0 + 5, box.y1 - 4, name, role="stage", size=8.5,
              style="bold", width=box.width - 10, max_lines=2, key=stage.id)
    if lines:
        page.text(box.x0 + 5, box.y1 - head_h + 4, "\n".join(lines), role="stage-summary",
                  size=size, va="bottom", colour=style.MUTED, key=stage.id)
    page.layout.stages.append((stage.id, box))
    tps = journey.touchpoints(stage.id)
    room = int((box.height - head_h - 6) // TILE)
    tile = min(TALL_TILE + 4, (box.height - head_h - 6) / max(len(tps), 1))
    shown = tps
    if len(tps) > room:
        def heat(tp) -> float:
            v = card_value(evidence, tp, m, deck.persona)[0]
            if v is None:
                return -math.inf
            return v if m.higher_is_worse else -v
        keep = {tp.id for tp in sorted(tps, key=heat, reverse=True)[:max(room - 1, 0)]}
        shown = [tp for tp in tps if tp.id in keep]
    y = box.y1 - head_h - 4
    scale_max = evidence.colour_scale_max(m.key) if m.key == "volume" else 1.0
    tile = max(tile, TILE)
    two_lines = tile >= TALL_TILE
    for tp in shown:
        value, n, small = card_value(evidence, tp, m, deck.persona)
        fill = style.measure_colour(m, value, scale_max)
        fill = style.faded(fill) if small else fill
        x0, w, h = box.x0 + 4, box.width - 8, tile - 3
        page.rect(x0, y - h, w, h, radius=2, face=fill, edge=style.CARD_EDGE, width=0.4,
                  hatch=style.HATCH if small else None, zorder=3)
        ink = text_colour(fill)
        shown_value = "–" if value is None else (
            m.format(value) if m.key in ("emotion", "volume")
            else reading(m, evidence.touchpoints.get(tp.id)).text)
        number = page.text(x0 + w - 3, y - h / 2, shown_value, role="tile-value", size=7,
                           style="bold", ha="right", va="center", colour=ink, key=tp.id)
        page.text(x0 + 3, y - h / 2, tp.label, role="tile-label", size=7.5 if two_lines else 7,
                  va="center", width=number.box.x0 - x0 - 7, max_lines=2 if two_lines else 1,
                  colour=ink, key=tp.id, full=tp.label)
        y -= tile
    hidden = len(tps) - len(shown)
    if hidden:
        page.text(box.x0 + 5, y - 3, f"+ {hidden} more (cooler) touchpoint"
                  f"{'s' if hidden != 1 else ''}", role="tile-more", size=7, style="italic",
                  width=box.width - 10, colour=style.MUTED, key=stage.id)


# --------------------------------------------------------------------------- stages
SMALLEST_MAP = 0.75       # a stage's map is split rather than drawn smaller than this


def _part(journey: Journey, stage: Stage, keys: list[str]) -> Journey:
    """A journey of ``stage`` holding ``keys`` only (all lanes, their transitions, the
    opportunities linked to them, so the cards keep their badges)."""
    part = Journey(journey.title, lanes=[lane.copy() for lane in journey.lanes])
    part.add_stage(stage.copy())
    for key in keys:
        part.add_touchpoint(journey.touchpoint(key).copy())
    chosen = set(keys)
    for t in journey.transitions():
        if t.source in chosen and t.target in chosen:
            part.connect(t.copy())
    for o in journey.opportunities:
        linked = [k for k in o.touchpoints if k in chosen]
        if linked:
            part.add_opportunity(o.copy(touchpoints=linked))
    return part


def _notes_of(journey: Journey, keys: list[str], kind: str) -> list[tuple[str, str]]:
    """(touchpoint label, text) of the pain points or the opportunities at ``keys``; an
    opportunity linked to several of them is listed once, under the first."""
    if kind == "pain_points":
        return [(journey.touchpoint(k).label, text) for k in keys
                for text in journey.touchpoint(k).pain_points]
    seen: set[str] = set()
    out = []
    for k in keys:
        for o in journey.opportunities_for(k):
            if o.id not in seen:
                seen.add(o.id)
                out.append((journey.touchpoint(k).label, o.title))
    return out


def stage_pages(deck: Deck) -> list[Sketch]:
    """One page per stage: its part of the map at a readable size, and its pain points and
    opportunities beside it. A stage too wide for one page is split over several."""
    journey = deck.journey
    pages = []
    for index, stage in enumerate(journey.stages):
        keys = journey.touchpoint_ids(stage.id)
        parts = [keys]
        while True:
            views = [render_body(_part(journey, stage, p), deck.evidence, deck.measure,
                                 deck.persona, index + 1) for p in parts]
            _, content = frame(deck, "", legend=False)
            width = max(v.width for v in views)
            if fit_scale(width, views[0].height, content) >= SMALLEST_MAP or \
                    max(len(p) for p in parts) <= 1:
                break
            count = len(parts) + 1
            size = math.ceil(len(keys) / count)
            parts = [keys[i:i + size] for i in range(0, len(keys), size)]
        for j, (part, view) in enumerate(zip(parts, views)):
            suffix = f" ({j + 1} of {len(parts)})" if len(parts) > 1 else ""
            subtitle = stage.description or f"{len(keys)} touchpoints"
            page, box = frame(deck, f"{index + 1}  {stage.name}{suffix}", subtitle,
                              map_key=_kinds(journey))
            # the map as large as it fits (up to 1.25×), its notes beside or under it
            scale = fit_scale(view.width, view.height, box, most=1.25)
            if box.width - view.width * scale > 330:
                scale = fit_scale(view.width, view.height,
                                  Box(box.x0, box.y0, box.x1 - 330, box.y1), most=1.25)
            placed, _ = place_fitted(page, view, box, most=scale)
            if box.x1 - placed.x1 >= 170:
                _stage_notes(page, journey, part, Box(placed.x1 + 16, box.y0, box.x1, box.y1))
            elif placed.y0 - box.y0 >= 60:
                _stage_notes(page, journey, part, Box(box.x0, box.y0, box.x1,
                                                      placed.y0 - GAP), columns=3)
            pages.append(page)
    return pages


def _kinds(journey: Journey) -> list[str]:
    from journeymap.transition_style import kind_order

    return sorted({t.kind for t in journey.transitions()}, key=kind_order)


def _stage_notes(page: Sketch, journey: Journey, keys: list[str], box: Box,
                 columns: int = 1) -> None:
    """The stage's pain points and opportunities, each under its touchpoint's name, in
    ``columns`` side by side; what does not fit ends in "…"."""
    gap = 14.0
    width = (box.width - (columns - 1) * gap) / columns
    column, x, y = 0, box.x0, box.y1 - 2

    def next_column() -> bool:
        nonlocal column, x, y
        column += 1
        x, y = box.x0 + column * (width + gap), box.y1 - 2
        return column < columns

    sections = [(heading, items, symbol, colour) for heading, items, (symbol, colour) in (
        ("Pain points", _notes_of(journey, keys, "pain_points"), style.PAIN),
        ("Opportunities", _notes_of(journey, keys, "opportunities"), style.OPPORTUNITY))
        if items]
    for i, (heading, items, symbol, colour) in enumerate(sections):
        # y keeps 12 points free above the floor: room for the "…" that says more did not
        # fit; a note takes at most 38 (its owner and two lines). In one column the pain
        # points leave the lower part of the page to the opportunities.
        floor = box.y0 + 12
        if columns == 1 and i < len(sections) - 1:
            floor = max(floor, box.y0 + box.height * 0.42)
        if y - 16 - 38 < floor:
            last_x, last_y = x, y
            if not next_column():
                page.text(last_x, last_y, "…", role="note", size=9, colour=style.MUTED)
                return
        page.text(x, y, f"{symbol} {heading}", role="heading", size=9.5, style="bold",
                  colour=colour)
        y -= 16
        for label, text in items:
            if y - 38 < floor:
                last_x, last_y = x, y
                if floor > box.y0 + 12 or not next_column():
                    page.text(last_x, last_y, "…", role="note", size=9, colour=style.MUTED)
                    y = last_y - 12
                    break
            owner = page.text(x, y, label, role="note-owner", size=7, style="bold",
                              width=width, colour=style.MUTED)
            body = page.text(x, owner.box.y0 - 1, text, role="note", size=8,
                             width=width, max_lines=2, colour=style.INK)
            y = body.box.y0 - 6
        y -= 8
