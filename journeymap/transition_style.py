"""How each kind of transition (arrow) looks, defined once for the canvas and the figures.

Style carries the meaning, colour only helps: every kind has a line pattern of its own, so
the kinds stay apart for readers with any colour-vision deficiency, in greyscale print and
on a projector that washes colours out. The colours (dark grey, ColorBrewer's RdBu red and
PRGn green) only reinforce what the pattern already says.

Dash patterns are on/off lengths in multiples of the line width: the convention of Qt's
``QPen.setDashPattern`` and of the figures (``journeymap.render.shapes.Shape.dashes``), so a
pattern carries over unchanged at any line width. Dashed lines are drawn with flat (butt)
caps: round or square caps lengthen every dash by a line width and close the dotted gaps.

Pure Python on purpose (no Qt or matplotlib), like :mod:`journeymap.measures`, so both the
app and the renderer can import it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TransitionStyle:
    """The look of one transition kind."""

    kind: str
    colour: str                          # ``#rrggbb``
    dashes: tuple[float, ...] | None     # on/off lengths in line widths; None: solid
    pattern: str                         # the pattern's name, for tooltips and legends


#: Transition kind -> its look, in the model's order of kinds (legends list them so).
TRANSITION_STYLES: dict[str, TransitionStyle] = {s.kind: s for s in (
    TransitionStyle("expected", "#3d4247", None, "solid"),
    TransitionStyle("alternative", "#3d4247", (5, 2.5), "dashed"),
    TransitionStyle("failure", "#b2182b", (1.2, 1.6), "dotted"),
    TransitionStyle("recovery", "#1b7837", (6, 2, 1.2, 2), "dash-dot"),
)}


def transition_style(kind: str) -> TransitionStyle:
    """The look of ``kind``; a kind journeymap does not know is drawn as an expected step."""
    return TRANSITION_STYLES.get(kind, TRANSITION_STYLES["expected"])


def kind_order(kind: str) -> int:
    """Where ``kind`` sorts in a legend: the known kinds in their order, others after."""
    kinds = list(TRANSITION_STYLES)
    return kinds.index(kind) if kind in TRANSITION_STYLES else len(kinds)


#: Arrow colours by median time between steps (the flow overlay's delay mode on the canvas
#: and in the paths figure), quickest to slowest: ColorBrewer RdBu without its white middle,
#: so every arrow stands out from the page.
DELAY_STOPS = ("#2166ac", "#67a9cf", "#ef8a62", "#b2182b")


def delay_share(seconds: float, low: float, high: float) -> float:
    """Where ``seconds`` sits between ``low`` and ``high`` on a logarithmic scale (step
    times span seconds to days): 0 quickest, 1 slowest."""
    import math

    low, high = math.log1p(max(low, 0.0)), math.log1p(max(high, 0.0))
    value = math.log1p(max(seconds, 0.0))
    return 0.0 if high <= low else min(1.0, max(0.0, (value - low) / (high - low)))
