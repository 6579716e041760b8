"""The importance × performance quadrant of key drivers, as a figure for the deck.

Each touchpoint in the driver model is a dot: up the page its importance (its relative weight,
as a share of the outcome's variance explained, with the 95% bootstrap interval as a bar),
across the page its performance (the mean answer on the survey's scale). Dashed lines at the
average importance and the median performance cut the page into four: *fix first* (important
and below par, top left, shaded), *keep it up*, *watch* and *don't overinvest*.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap.measures import interpolate

from . import style
from .canvas import Sketch
from .layoutdata import Box

if TYPE_CHECKING:
    from journeymap.analytics.drivers import Drivers

WIDTH, HEIGHT = 720.0, 500.0
MARGIN = 28.0
PLOT = Box(78.0, 62.0, 520.0, 420.0)
TITLE_STEP = 19.0          # the heading's line, above the subtitle
FIX_FIRST_FILL = "#fbe3d6"
DOT = {"fix first": "#D55E00", "keep it up": "#0072B2", "watch": "#6b6f75",
       "don't overinvest": "#009E73"}


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low
    raw = span / count
    step = min((s * 10 ** e for e in range(-4, 4) for s in (1, 2, 2.5, 5)
                if s * 10 ** e >= raw), default=raw)
    first = -(-low // step) * step
    out, t = [], first
    while t <= high + 1e-9:
        out.append(round(t, 10))
        t += step
    return out


def heading(drivers: Drivers) -> str:
    """What the quadrant answers: "What drives satisfaction = satisfied · Business"."""
    text = f"What drives {drivers.outcome}" + (f" = {drivers.positive}"
                                               if drivers.positive else "")
    return text + (f" · {drivers.segment}" if drivers.segment is not None else "")


def render_drivers(drivers: Drivers, title: str = "", titled: bool = True) -> Sketch:
    """The quadrant of one driver model (see the module docstring). Without ``titled`` the
    figure leaves its heading (:func:`heading`) to the page it is placed on (a slide's
    title says it already) and starts with what the model explains."""
    table = drivers.touchpoints
    height = HEIGHT if titled else HEIGHT - TITLE_STEP
    sketch = Sketch("drivers", WIDTH, height, title or f"Key drivers of {drivers.outcome}")
    top = height - MARGIN
    if titled:
        sketch.text(MARGIN, top, heading(drivers), role="title", size=13, style="bold")
        top -= TITLE_STEP
    sketch.text(MARGIN, top,
                f"The touchpoints explain {drivers.r2:.0%} of it (R² 95% interval "
                f"{drivers.r2_low:.0%}–{drivers.r2_high:.0%}), from {drivers.n:,} complete "
                f"answers of {drivers.rows:,}", role="subtitle", size=8.5, colour=style.MUTED)
    if table.empty:
        return sketch
    weights = table["share"].to_numpy() * 100
    lows = table["weight_low"].to_numpy() / drivers.r2 * 100
    highs = table["weight_high"].to_numpy() / drivers.r2 * 100
    perf = table["performance"].to_numpy()
    y_top = max(highs.max(), weights.max()) * 1.08
    x_lo, x_hi = perf.min(), perf.max()
    pad = max((x_hi - x_lo) * 0.12, 0.05)
    x_lo, x_hi = x_lo - pad, x_hi + pad

    def px(v: float) -> float:
        return PLOT.x0 + (v - x_lo) / (x_hi - x_lo) * (PLOT.x1 - PLOT.x0)

    def py(v: float) -> float:
        return PLOT.y0 + v / y_top * (PLOT.y1 - PLOT.y0)

    mean_w = 100 / len(table)
    median_p = float(table["performance"].median())
    sketch.rect(PLOT.x0, py(mean_w), px(median_p) - PLOT.x0, PLOT.y1 - py(mean_w),
                face=FIX_FIRST_FILL, zorder=1)
    sketch.rect(PLOT.x0, PLOT.y0, PLOT.x1 - PLOT.x0, PLOT.y1 - PLOT.y0, edge=style.RULE,
                width=0.8, zorder=2)
    corners: list[Box] = []
    for x, y, text, ha in ((PLOT.x0 + 6, PLOT.y1 - 6, "FIX FIRST", "left"),
                           (PLOT.x1 - 6, PLOT.y1 - 6, "KEEP IT UP", "right"),
                           (PLOT.x0 + 6, PLOT.y0 + 16, "WATCH", "left"),
                           (PLOT.x1 - 6, PLOT.y0 + 16, "DON'T OVERINVEST", "right")):
        corners.append(sketch.text(x, y, text, role="quadrant", size=8, style="bold", ha=ha,
                    colour=DOT["fix first"] if text == "FIX FIRST" else style.MUTED).box)
    sketch.line([(px(median_p), PLOT.y0), (px(median_p), PLOT.y1)], colour=style.MUTED,
                width=0.7, zorder=3, dashes=(4, 3))
    sketch.line([(PLOT.x0, py(mean_w)), (PLOT.x1, py(mean_w))], colour=style.MUTED,
                width=0.7, zorder=3, dashes=(4, 3))
    for t in _ticks(0, y_top):
        sketch.line([(PLOT.x0 - 3, py(t)), (PLOT.x0, py(t))], colour=style.MUTED, width=0.6,
                    zorder=3)
        sketch.text(PLOT.x0 - 5, py(t), f"{t:g}%", role="tick", size=7.5, ha="right",
                    va="center", colour=style.MUTED)
    for t in _ticks(x_lo, x_hi):
        sketch.line([(px(t), PLOT.y0 - 3), (px(t), PLOT.y0)], colour=style.MUTED, width=0.6,
                    zorder=3)
        sketch.text(px(t), PLOT.y0 - 5, f"{t:g}", role="tick", size=7.5, ha="center",
                    colour=style.MUTED)
    sketch.text((PLOT.x0 + PLOT.x1) / 2, PLOT.y0 - 20,
                "Performance: mean answer on the survey's scale →", role="axis", size=8,
                ha="center", colour=style.INK)
    sketch.text(PLOT.x0 - 44, (PLOT.y0 + PLOT.y1) / 2, "Importance: share of R² →",
                role="axis", size=8, vertical=True, colour=style.INK)
    dots = [Box(px(perf[i]) - 4, py(weights[i]) - 4, px(perf[i]) + 4, py(weights[i]) + 4)
            for i in range(len(table))]
    placed: list[Box] = list(corners)
    order = sorted(range(len(table)), key=lambda i: -weights[i])
    for i in order:
        row = table.iloc[i]
        x, y = px(perf[i]), py(weights[i])
        colour = DOT.get(row["quadrant"], style.INK)
        sketch.line([(x, py(lows[i])), (x, py(highs[i]))], colour=interpolate(
            (colour, "#ffffff"), 0.35), width=1.6, zorder=4)
        sketch.markers([(x, y)], kind="o", size=7, zorder=5, face=colour, edge="#ffffff",
                       width=0.8)
        label = f"{row['label']} {weights[i]:.0f}%"
        spot = _place(label, x, y, placed + [d for j, d in enumerate(dots) if j != i])
        placed.append(spot[2])
        lx, ly, box, ha = spot
        if abs(ly - y) > 1:  # moved off its dot: a thin leader line says whose it is
            sketch.line([(x, y), (box.x0 if ha == "left" else box.x1, ly)],
                        colour=style.RULE, width=0.5, zorder=3.5)
        sketch.text(lx, ly, label, role="driver", size=7.5, va="center", ha=ha,
                    key=row["touchpoint"], colour=style.INK,
                    tooltip=(f"{row['label']}: {weights[i]:.1f}% of R² [{lows[i]:.1f}, "
                             f"{highs[i]:.1f}], performance {perf[i]:.2f}, {row['quadrant']}"))
    _table(sketch, table, weights, lows, highs)
    return sketch


def _label_box(x: float, y: float, text: str, ha: str = "left") -> Box:
    from . import fonts

    width = fonts.text_width(text, 7.5, "regular")
    left = x if ha == "left" else x - width
    return Box(left, y - 4.5, left + width, y + 4.5)


def _place(text: str, x: float, y: float, taken: list[Box]
           ) -> tuple[float, float, Box, str]:
    """Where a dot's label goes: beside it, right or left, nudged up or down until it
    overlaps no other label or dot and stays inside the plot; else right beside it."""
    for dy in (0, 10, -10, 20, -20, 30, -30, 40, -40):
        for ha, lx in (("left", x + 7), ("right", x - 7)):
            box = _label_box(lx, y + dy, text, ha)
            inside = PLOT.x0 + 2 <= box.x0 and box.x1 <= PLOT.x1 - 2 and \
                PLOT.y0 + 2 <= box.y0 and box.y1 <= PLOT.y1 - 14
            if inside and not any(_overlaps(box, b) for b in taken):
                return lx, y + dy, box, ha
    return x + 7, y, _label_box(x + 7, y, text), "left"


def _overlaps(a: Box, b: Box) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def _table(sketch: Sketch, table, weights, lows, highs) -> None:
    """The ranking beside the plot: share of R² with its interval."""
    x = PLOT.x1 + 24
    y = PLOT.y1
    sketch.text(x, y, "Ranked by importance", role="table-title", size=8.5, style="bold")
    y -= 15
    for i in range(min(len(table), 18)):
        row = table.iloc[i]
        sketch.markers([(x + 3, y - 4)], kind="o", size=5, zorder=5,
                       face=DOT.get(row["quadrant"], style.INK), edge="#ffffff", width=0.5)
        sketch.text(x + 10, y, f"{row['label']}", role="table-label", size=7.5, width=104,
                    colour=style.INK)
        sketch.text(WIDTH - MARGIN + 14, y, f"{weights[i]:.0f}% [{lows[i]:.0f}–{highs[i]:.0f}]",
                    role="table-value", size=7.5, ha="right", colour=style.MUTED)
        y -= 12
    if len(table) > 18:
        sketch.text(x, y, f"… and {len(table) - 18} more", role="table-label", size=7.5,
                    colour=style.MUTED)
        y -= 12
    y -= 10
    sketch.text(x, y, "How to read it", role="legend-title", size=8, style="bold")
    y -= 13
    for text in ("Up: the share of R² the touchpoint explains (Johnson's relative weight); "
                 "bars: 95% bootstrap interval.",
                 "Across: its mean rating. Dashed lines: the average importance and the "
                 "median performance.",
                 "Fix first: matters more than most, performs below most."):
        box = sketch.text(x, y, text, role="legend", size=7.5, width=WIDTH - x - 8,
                          max_lines=3, colour=style.MUTED)
        y = box.box.y0 - 5
