"""Heatmaps in journey order: touchpoint × measure, stage × channel, touchpoint × segment.

Every cell is coloured on its measure's own scale from :mod:`journeymap.measures` and shows
its value and n; small samples are faded and hatched; cells without data are grey and say
"–". Rows follow the journey (touchpoints grouped under their stage's name), so a heatmap
reads like the map. Tall tables repeat the column headers at the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from journeymap.measures import (COMPLAINT_MEASURES, MEASURES, OWN_SCALE, Measure, Reading,
                                 common_scale,
                                 reading, scale_caption, scale_ticks, text_colour,
                                 with_own_scale)
from journeymap.model import Journey

from . import style
from .canvas import Sketch
from .evidence import Evidence, Row, scale_max
from .fonts import line_height, text_width
from .textfit import wrap
from .layoutdata import Box, Cell
from .shapes import polylines, rectangle

MARGIN = 22.0
ROW = 15.0
LABEL_WIDTH = 230.0
CELL_WIDTH = 68.0
HEADER = 40.0
SHARED_BAR = 120.0          # the one colour bar over columns on the same scale
NAMES_ONLY = 24.0           # the header of columns on a shared scale without its bar
FOOTER = 22.0               # the column names repeated under a tall table
REPEAT_HEADER_AFTER = 60    # rows


@dataclass
class Column:
    key: str
    label: str
    measure: Measure
    #: The colour bar's ticks under the heading, in the units the column reads in (a rating
    #: declared 1–5: 1, 3, 5); None: the measure's own ends.
    ticks: list[tuple[float, str]] | None = None


@dataclass
class TableRow:
    key: str
    label: str
    section: bool = False     # a stage name spanning the table
    tooltip: str | None = None


@dataclass
class Table:
    title: str
    subtitle: str
    rows: list[TableRow]
    columns: list[Column]
    cell: Callable[[str, Column], tuple[float | None, float | None, bool]]
    notes: list[str] = field(default_factory=list)
    scale_max: dict[str, float] = field(default_factory=dict)   # volume columns
    #: The plain row a cell reads (its interval, its declared scale); None: the value alone.
    row_of: Callable[[str, Column], Row | None] | None = None
    #: Whether cells show the 95% interval (a slide too narrow for it leaves it out).
    intervals: bool = True
    #: What the colours mean when every column shares one scale ("Friction, 0–1"): the
    #: caption of the one colour bar drawn for them all (:func:`shared_scale`).
    caption: str = ""


def shared_scale(table: Table) -> list[tuple[float, str]] | None:
    """The ticks of the one colour bar that serves every column, when the columns colour by
    the same measure on the same scale (stage × channel, touchpoint × group); None when each
    column needs its own bar (touchpoint × measures)."""
    if not table.columns:
        return None
    scales = {(c.measure.key, tuple(_ticks(table, c))) for c in table.columns}
    return list(scales.pop()[1]) if len(scales) == 1 else None


def defined(table: Table) -> tuple[str, ...]:
    """The measures a table's notes (or a slide's footer) define: those it shows, of the
    ones whose definition is not in their column's caption (friction, sentiment, ...; a
    touchpoint × measure table defines friction only if it has a friction column)."""
    keys = tuple(dict.fromkeys(c.measure.key for c in table.columns
                               if c.measure.key in MEASURES))
    return ("friction",) if len(keys) > 1 and "friction" in keys else \
        () if len(keys) > 1 else keys


def _ticks(table: Table, column: Column) -> list[tuple[float, str]]:
    return column.ticks or scale_ticks(column.measure, (),
                                       table.scale_max.get(column.key, 1.0))


def cell_reading(table: Table, key: str, column: Column, value: float | None) -> Reading:
    """What a cell says, in its own units (:class:`journeymap.measures.Reading`): a rating
    declared 1–5 is its mean on 1–5 with the interval on 1–5."""
    m = column.measure
    row = table.row_of(key, column) if table.row_of is not None else None
    if row is None or m.key == "emotion" or m.relative and m.key != "complaints_per_1000":
        return Reading(m, value)
    return reading(m, row)


def _cell_text(r: Reading, n: float | None, interval: bool = True) -> str:
    """"2.89 [2.87, 2.91]  n=25,976": the value and its interval in the cell's own units."""
    if r.value is None:
        return "–"
    text = (r.full(unit=False) if interval else r.text).replace("-", "−")
    return f"{text}  n={n:,.0f}" if n is not None else text


def _widths(table: Table, texts: dict[tuple[str, str], str]) -> list[float]:
    """Each column as wide as its widest cell (at least :data:`CELL_WIDTH`)."""
    return [max([CELL_WIDTH] + [text_width(texts[(row.key, c.key)], 6.5) + 8
                                for row in table.rows if not row.section])
            for c in table.columns]


def draw_table(table: Table, kind: str, titled: bool = True, scale_bar: bool = True) -> Sketch:
    """Lay ``table`` out on a page and draw it; without ``titled``, the table alone (no
    title, subtitle or notes, no margins, and labels only as wide as the widest: a slide says
    the rest itself). Columns sharing one scale get one colour bar over them, not one each;
    without ``scale_bar`` not even that one (a slide's legend shows it)."""
    n_rows = len(table.rows)
    cells = {(row.key, c.key): table.cell(row.key, c) for row in table.rows
             if not row.section for c in table.columns}
    texts = {k: _cell_text(cell_reading(table, k[0], c, cells[k][0]), cells[k][1],
                           table.intervals)
             for k in cells for c in table.columns if c.key == k[1]}
    widths = _widths(table, texts)
    lefts = [sum(widths[:j]) for j in range(len(widths))]
    cells_width = sum(widths)
    label_width = LABEL_WIDTH if titled else min(LABEL_WIDTH, 16 + max(
        [text_width(r.label, 7) for r in table.rows if not r.section] or [0.0]))
    repeat = n_rows > REPEAT_HEADER_AFTER
    margin = MARGIN if titled else 0.0
    width = margin * 2 + label_width + cells_width
    width = max(width, 560.0) if titled else width
    notes = [n for n in table.notes if n] if titled else []
    notes_h = sum(len(wrap(n, 7, "regular", width - 2 * MARGIN, 3)) * line_height(7) + 3
                  for n in notes)
    title_h = 46.0 + notes_h if titled else 0.0
    # names alone (their scale's bar is on the slide's legend) need two lines, not a bar too
    header = NAMES_ONLY if not scale_bar and shared_scale(table) is not None else HEADER
    height = margin * 2 + title_h + header + n_rows * ROW + (FOOTER if repeat else 0) + 4
    sketch = Sketch(kind, width, height, table.title)
    top = height - margin
    if titled:
        sketch.text(MARGIN, top, table.title, role="title", size=14, style="bold",
                    width=width - 2 * MARGIN)
        sketch.text(MARGIN, top - 21, table.subtitle, role="subtitle", size=8.5,
                    width=width - 2 * MARGIN, colour=style.MUTED)
    y = top - 36
    for note in notes:
        box = sketch.text(MARGIN, y, note, role="note", size=7, width=width - 2 * MARGIN,
                          max_lines=3, colour=style.INK)
        y = box.box.y0 - 3
    header_top = height - margin - title_h
    x_cells = margin + label_width
    _column_headers(sketch, table, x_cells, header_top, lefts, widths, scale_bar=scale_bar,
                    right=width - margin)

    hatched = []
    y = header_top - header
    for row in table.rows:
        y0 = y - ROW
        if row.section:
            sketch.rect(margin, y0 + 1, label_width + cells_width, ROW - 1,
                        face=style.HEADER, zorder=1)
            sketch.text(margin + 4, y0 + ROW / 2, row.label, role="section", size=7.5,
                        style="bold", va="center", width=label_width + cells_width - 8,
                        key=row.key, tooltip=row.tooltip)
            sketch.layout.stages.append((row.key, Box(margin, y0, x_cells + cells_width, y)))
            y = y0
            continue
        sketch.text(x_cells - 6, y0 + ROW / 2, row.label, role="row-label", size=7,
                    ha="right", va="center", width=label_width - 12, key=row.key,
                    tooltip=row.tooltip)
        for j, column in enumerate(table.columns):
            value, n, small = cells[(row.key, column.key)]
            fill = style.measure_colour(column.measure, value,
                                        table.scale_max.get(column.key, 1.0))
            shown = style.faded(fill) if small and value is not None else fill
            x0, cell_w = x_cells + lefts[j], widths[j]
            sketch.shape(rectangle(x0, y0, cell_w, ROW), zorder=2, face=shown,
                         edge="#ffffff", width=0.8)
            if small and value is not None:
                hatched += style.hatch_lines(x0, y0, x0 + cell_w, y)
            text = texts[(row.key, column.key)]
            fits = text_width(text, 6.5) <= cell_w - 4  # keep the double space
            sketch.text(x0 + cell_w / 2, y0 + ROW / 2, text, role="cell", size=6.5,
                        ha="center", va="center", width=None if fits else cell_w - 4,
                        colour=text_colour(shown), key=f"{row.key}|{column.key}")
            sketch.layout.cells.append(Cell(row.key, column.key,
                                            Box(x0, y0, x0 + cell_w, y), shown, value, n,
                                            small, text))
        y = y0
    if hatched:  # one path of lines: Agg's hatch fill costs ~0.4 ms a cell
        sketch.shape(polylines(hatched), zorder=2.5, edge="#8a8f96", width=0.5)
    if repeat:
        _column_headers(sketch, table, x_cells, y - 4, lefts, widths, bottom=True)
    return sketch


def _column_headers(sketch: Sketch, table: Table, x: float, top: float, lefts: list[float],
                    widths: list[float], bottom: bool = False, scale_bar: bool = True,
                    right: float = 0.0) -> None:
    """Each column's name over a small bar of its colour scale, its ends in the units the
    column reads in (or, at the bottom of a tall table, the name alone). Columns on one
    shared scale get one bar with its caption over them all, their names under it."""
    shared = None if bottom else shared_scale(table)
    if shared is not None:
        if scale_bar:  # the caption left of the cells where the row labels leave room
            m = table.columns[0].measure
            # a lone touchpoint × measure column's name is its caption ("Friction, 0–1")
            caption = table.caption or table.columns[0].label
            beside = text_width(caption, 7, "bold") + 8 > x
            label = sketch.text(x if beside else x - 6, top - 1, caption, role="scale-caption",
                                size=7, style="bold", ha="left" if beside else "right",
                                colour=style.MUTED)
            bar_x = label.box.x1 + 8 if beside else x + 6
            _mini_bar(sketch, bar_x, top - 3, max(40.0, min(SHARED_BAR, right - bar_x - 4)),
                      m, shared)
        for j, column in enumerate(table.columns):
            bottom_of_names = top - (HEADER if scale_bar else NAMES_ONLY) + 4
            sketch.text(x + lefts[j] + widths[j] / 2, bottom_of_names, column.label,
                        role="column", size=7, style="bold", ha="center", va="bottom",
                        width=widths[j] - 4, max_lines=2, key=column.key,
                        tooltip=f"{column.label}: {column.measure.definition}")
        return
    for j, column in enumerate(table.columns):
        x0, w = x + lefts[j], widths[j]
        m = column.measure
        if bottom:
            sketch.text(x0 + w / 2, top, column.label, role="column", size=7,
                        style="bold", ha="center", width=w - 4, max_lines=2,
                        key=column.key)
            continue
        sketch.text(x0 + w / 2, top, column.label, role="column", size=7,
                    style="bold", ha="center", va="top", width=w - 4, max_lines=2,
                    key=column.key, tooltip=f"{column.label}: {m.definition}")
        _mini_bar(sketch, x0 + 6, top - 23, w - 12, m, _ticks(table, column))


def _mini_bar(sketch: Sketch, x: float, top: float, width: float, m: Measure,
              ticks: list[tuple[float, str]]) -> None:
    style.gradient(sketch, x, top, width, 4, m, steps=24, zorder=3)
    sketch.text(x, top - 5.5, ticks[0][1], role="scale", size=5.5, colour=style.MUTED)
    sketch.text(x + width, top - 5.5, ticks[-1][1], role="scale", size=5.5, ha="right",
                colour=style.MUTED)


def _touchpoint_rows(journey: Journey) -> list[TableRow]:
    rows = []
    number = 0
    for i, stage in enumerate(journey.stages):
        tps = journey.touchpoints(stage.id)
        if not tps:
            continue
        rows.append(TableRow(stage.id, f"{i + 1}  {stage.name}", section=True,
                             tooltip=stage.description or None))
        for tp in tps:
            number += 1
            rows.append(TableRow(tp.id, f"{tp.label}  ({number})",
                                 tooltip=f"{tp.label} ({tp.channel}, {tp.lane})"))
    return rows


def _evidence_cell(evidence: Evidence, journey: Journey, row: Row | None, tp: str,
                   column: Column) -> tuple[float | None, float | None, bool]:
    key = column.measure.key
    if key == "emotion":
        emotion = journey.touchpoint(tp).overall_emotion
        return (None if emotion is None else float(emotion)), None, False
    return evidence.row_cell(row, key)


def _feedback_note(evidence: Evidence) -> str:
    return "" if evidence.has_feedback else "No feedback data: only the designers' emotion " \
                                            "is known."


def touchpoint_by_measure(journey: Journey, evidence: Evidence,
                          measures: list[str] | None = None) -> Sketch:
    """One row per touchpoint, one column per measure that has data (or ``measures``), and
    the complaint log's counts and rate where there is one."""
    return draw_table(measure_table(journey, evidence, measures), "heatmap")


def measure_table(journey: Journey, evidence: Evidence,
                  measures: list[str] | None = None) -> Table:
    """The table of :func:`touchpoint_by_measure`."""
    shown = {**MEASURES, **COMPLAINT_MEASURES}
    if measures is None:
        measures = [k for k in shown
                    if any(_evidence_cell(evidence, journey, evidence.touchpoints.get(tp), tp,
                                          Column(k, "", shown[k]))[0] is not None
                           for tp in journey.touchpoint_ids())] or ["friction"]
    rows = list(evidence.touchpoints.values())
    scale_max = {k: evidence.colour_scale_max(k) for k in measures if shown[k].relative}
    columns = [Column(k, scale_caption(shown[k], rows), shown[k],
                      scale_ticks(shown[k], rows, scale_max.get(k, 1.0))) for k in measures]
    table = Table(journey.title, f"Touchpoints × measures · {len(journey)} touchpoints in "
                  "journey order · cells: value [95% interval] and n",
                  _touchpoint_rows(journey), columns,
                  lambda tp, c: _evidence_cell(evidence, journey, evidence.touchpoints.get(tp),
                                               tp, c),
                  notes=[MEASURES["friction"].definition if "friction" in measures else "",
                         _small_note(evidence)]
                  + [COMPLAINT_MEASURES[k].definition for k in measures
                     if k in COMPLAINT_MEASURES],
                  scale_max=scale_max,
                  row_of=lambda tp, c: evidence.touchpoints.get(tp))
    return table


def _cells_show(m: Measure) -> str:
    return "value" if m.key in ("emotion", "volume") else "value [95% interval] and n"


def _small_note(evidence: Evidence) -> str:
    text = (f"Faded, hatched cells rest on fewer than {evidence.small_sample} answers; grey "
            "cells marked – have no data.")
    note = _feedback_note(evidence)
    return f"{text} {note}" if note else text


def touchpoint_by_group(journey: Journey, evidence: Evidence, measure: str, by: str) -> Sketch:
    """One row per touchpoint, one column per group of ``by`` (a segment value or period)."""
    return draw_table(group_table(journey, evidence, measure, by), "heatmap")


def group_table(journey: Journey, evidence: Evidence, measure: str, by: str) -> Table:
    """The table of :func:`touchpoint_by_group`."""
    if not evidence.group_names:
        raise ValueError(f"a touchpoint × segment heatmap needs feedback analysed with "
                         f"by={by!r} (no groups found)")
    m = MEASURES[measure]
    if measure == "emotion":
        raise ValueError("the designers' emotion is not measured per segment: choose a "
                         "measured measure (friction, nps, csat, ces, sentiment, volume)")
    ids = journey.touchpoint_ids()
    # a group without a single value (e.g. rows that lack the column) is an empty column
    groups = [g for g in evidence.group_names
              if any(evidence.row_value(evidence.groups.get((tp, g)), measure) is not None
                     for tp in ids)] or evidence.group_names
    scale = {}
    if measure == "volume":
        top = scale_max(evidence.groups.values(), "volume")
        scale = {g: top for g in groups}
    rows = [r for (_, g), r in evidence.groups.items() if g in groups]
    columns = [Column(g, g, m, scale_ticks(m, [r for (_, k), r in evidence.groups.items()
                                              if k == g], scale.get(g, 1.0)))
               for g in groups]
    kind, _, argument = by.partition(":")
    name = ({"W": "week", "M": "month", "Q": "quarter"}.get(argument.upper(), argument)
            if kind == "period" else argument or by)
    table = Table(journey.title, f"{scale_caption(m, rows)} by touchpoint × {name} · journey "
                  f"order · cells: {_cells_show(m)}", _touchpoint_rows(journey), columns,
                  lambda tp, c: _evidence_cell(evidence, journey,
                                               evidence.groups.get((tp, c.key)), tp, c),
                  notes=[m.definition, _small_note(evidence)], scale_max=scale,
                  row_of=lambda tp, c: evidence.groups.get((tp, c.key)),
                  caption=scale_caption(m, rows))
    return table


def stage_by_channel(journey: Journey, evidence: Evidence, measure: str) -> Sketch:
    """One row per stage, one column per channel: the measure over the answers given at the
    stage's touchpoints on that channel."""
    return draw_table(channel_table(journey, evidence, measure), "heatmap")


def channel_table(journey: Journey, evidence: Evidence, measure: str) -> Table:
    """The table of :func:`stage_by_channel`."""
    m = MEASURES[measure]
    channel_of = {tp.id: tp.channel or "no channel" for tp in journey.touchpoints()}
    channels = list(dict.fromkeys(channel_of.values()))
    cells = _stage_channel_cells(journey, evidence, measure, channel_of)
    rows = [TableRow(s.id, f"{i + 1}  {s.name}", tooltip=s.description or None)
            for i, s in enumerate(journey.stages)]
    scale = {}
    if measure == "volume":
        top = scale_max(cells.values(), "volume")
        scale = {ch: top for ch in channels}
    shown = list(cells.values())
    table = Table(journey.title, f"{scale_caption(m, shown)} by stage × channel · cells: "
                  f"{_cells_show(m)}", rows,
                  [Column(ch, ch, m, scale_ticks(m, [r for (_, k), r in cells.items()
                                                     if k == ch], scale.get(ch, 1.0)))
                   for ch in channels],
                  lambda stage, c: evidence.row_cell(cells.get((stage, c.key)), m.key),
                  notes=[m.definition, _small_note(evidence)], scale_max=scale,
                  row_of=lambda stage, c: cells.get((stage, c.key)), caption=scale_caption(m, shown))
    return table


def _stage_channel_cells(journey: Journey, evidence: Evidence, measure: str,
                         channel_of: dict[str, str]) -> dict[tuple[str, str], Row]:
    """Measures per (stage, channel). Feedback measures are recomputed from the answers with
    the analytics' own definitions; volume adds up; the designers' emotion is averaged."""
    stage_of = {tp.id: tp.stage for tp in journey.touchpoints()}
    out: dict[tuple[str, str], Row] = {}
    if measure in ("volume", "emotion"):
        groups: dict[tuple[str, str], list[float]] = {}
        for tp in journey.touchpoints():
            value = (tp.overall_emotion if measure == "emotion"
                     else evidence.value(tp.id, "volume"))
            if value is not None:
                groups.setdefault((tp.stage, channel_of[tp.id]), []).append(float(value))
        for key, values in groups.items():
            total = sum(values)
            out[key] = {measure: total if measure == "volume" else total / len(values)}
        return out
    analysis = evidence.analysis
    rows = getattr(analysis, "rows", None)
    if rows is None or not len(rows):
        return out
    import numpy as np

    from journeymap.analytics.metrics import group_sums, measures

    from .evidence import records

    stages = [s.id for s in journey.stages]
    channels = list(dict.fromkeys(channel_of.values()))
    code_of = {tp: stages.index(stage_of[tp]) * len(channels) + channels.index(ch)
               for tp, ch in channel_of.items()}
    codes = np.array([code_of.get(str(t), -1) for t in rows["touchpoint"].astype(object)],
                     dtype=np.int64)
    found = measures(group_sums(rows, codes, len(stages) * len(channels)),
                     evidence.small_sample)
    members: dict[tuple[str, str], list[Row]] = {}
    for tp, ch in channel_of.items():
        members.setdefault((stage_of[tp], ch), []).append(evidence.touchpoints.get(tp))
    for i, record in enumerate(records(found)):
        if record.get("n"):
            key = (stages[i // len(channels)], channels[i % len(channels)])
            for kind in OWN_SCALE:  # on the scale its cards' answers came on, if one
                record = with_own_scale(record, kind, common_scale(kind, members[key]))
            out[key] = record
    return out
