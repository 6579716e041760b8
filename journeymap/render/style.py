"""The look shared by every figure: greys, persona colours, colour helpers and the legend's
colour bar. The measures' colour scales live in :mod:`journeymap.measures` and the arrows'
looks in :mod:`journeymap.transition_style` (both shared with the app); this module only
draws them."""

from __future__ import annotations

from journeymap.measures import NO_DATA, Measure, interpolate, scale_ticks

from .shapes import rectangle

INK = "#222222"          # text
MUTED = "#5f6368"        # secondary text
RULE = "#c8ccd2"         # separators
HEADER = "#e8ebef"       # stage and lane header fill
PAGE = "#ffffff"         # the page every figure is drawn on
BAND = ("#f6f7f9", PAGE)   # alternating stage columns
CARD_EDGE = "#6b6f75"
HATCH = "////"
#: Okabe–Ito: distinguishable with every common colour-vision deficiency.
PERSONA_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                   "#F0E442", "#000000")
MEASURED = "#111111"
PAIN = ("⚠", "#3b3b3b")        # badge symbol and fill
OPPORTUNITY = ("★", "#2166ac")
COMPLAINT = ("✉", "#7a3b69")   # complaints in a complaint log


def mix(colour: str, other: str = "#ffffff", amount: float = 0.5) -> str:
    """``colour`` moved ``amount`` of the way towards ``other`` (fading small samples)."""
    return interpolate((colour, other), amount)


#: How far a number resting on a small sample is faded towards white.
SMALL_FADE = 0.45


def faded(colour: str) -> str:
    """``colour`` as a small sample shows it (map cards, heatmap cells, the canvas's cards)."""
    return mix(colour, amount=SMALL_FADE)


def measure_colour(measure: Measure, value: float | None, scale_max: float = 1.0) -> str:
    """The fill for ``value``: the measure's own colour, volume as a share of the largest."""
    if value is None:
        return NO_DATA
    if measure.relative:
        return measure.colour(value / scale_max if scale_max > 0 else 0.0)
    return measure.colour(value)


def hatch_lines(x0: float, y0: float, x1: float, y1: float,
                spacing: float = 4.0) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """45° hatching of a rectangle as line segments (lines y = x + c clipped to the box)."""
    out = []
    c = y0 - x1 + spacing / 2
    while c < y1 - x0:
        a, b = max(x0, y0 - c), min(x1, y1 - c)
        if b > a:
            out.append(((a, a + c), (b, b + c)))
        c += spacing
    return out


def colour_bar(sketch, x: float, y: float, width: float, height: float, measure: Measure,
               scale_max: float = 1.0, steps: int = 64, size: float = 6.5,
               ticks: list[tuple[float, str]] | None = None) -> float:
    """Draw ``measure``'s colour scale as a bar with its ends and middle labelled (``ticks``
    from :func:`journeymap.measures.scale_ticks`: in the units the cards read in); returns
    the bottom of the labels. ``y`` is the bar's top."""
    gradient(sketch, x, y, width, height, measure, steps, zorder=4)
    sketch.rect(x, y - height, width, height, edge=CARD_EDGE, width=0.5, zorder=5)
    if ticks is None:
        ticks = scale_ticks(measure, (), scale_max)
    bottom = y - height
    for t, label in ticks:
        ha = {0.0: "left", 0.5: "center", 1.0: "right"}[t]
        box = sketch.text(x + t * width, y - height - 2, label, role="legend", size=size,
                          ha=ha, colour=MUTED)
        bottom = min(bottom, box.box.y0)
    return bottom


def gradient(sketch, x: float, top: float, width: float, height: float, measure: Measure,
             steps: int, zorder: float) -> None:
    """``measure``'s colour scale from low (left) to high in ``steps`` flat quads (drawn
    without smoothing, so no seams show between them)."""
    step = width / steps
    for i in range(steps):
        colour = measure.colour(measure.low + (measure.high - measure.low) * (i + 0.5) / steps)
        sketch.shape(rectangle(x + i * step, top - height, step, height), zorder=zorder,
                     face=colour, edge=colour, width=0.3, antialiased=False)
