"""Colours, glyphs and fonts of the canvas, in one place so cards, headers and exports agree.

Measure colours (emotion, heat) come from :mod:`journeymap.measures`, the one home of scales;
arrow looks from :mod:`journeymap.transition_style`, shared with the rendered figures.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPen

from journeymap.measures import MEASURES
from journeymap.transition_style import transition_style

INK = "#1f2933"            # main text
MUTED = "#616e7c"          # secondary text
HAIRLINE = "#d5dbe3"       # card borders, grid lines
CANVAS = "#f4f6f9"         # scene background
LANE_ALT = "#eceff4"       # every other lane row
HEADER = "#ffffff"         # stage header band
ACCENT = "#2f6fde"         # selection, handles, focus
CARD = "#ffffff"
PAIN = "#c62828"
OPPORTUNITY = "#2e7d32"
NOTE = "#6d5bd0"

#: A colour mark per lane row, customer side first (blueprint convention: warm to cool).
LANE_COLOURS = ("#2f6fde", "#0f8b8d", "#8b5cf6", "#94a3b8", "#ca8a04", "#db2777")

#: Channel -> (chip colour, glyph). Free-text channels get a neutral chip and their initial.
CHANNEL_STYLE: dict[str, tuple[str, str]] = {
    "web": ("#2f6fde", "◎"), "app": ("#0f8b8d", "▣"), "email": ("#b45309", "✉"),
    "phone": ("#7c3aed", "☎"), "chat": ("#0891b2", "❝"), "store": ("#b91c1c", "⌂"),
    "social": ("#db2777", "♯"), "sms": ("#4d7c0f", "✆"), "mail": ("#92400e", "✉"),
    "in person": ("#9333ea", "☺"), "partner": ("#475569", "⚭"),
    "self-service": ("#0369a1", "⚙"), "event": ("#ca8a04", "★"),
}

#: Touchpoint kind -> colour of the card's left stripe and its name for tooltips.
KIND_STYLE: dict[str, tuple[str, str]] = {
    "experience": ("#5b8def", "Experience: a moment the customer lives"),
    "service": ("#8b5cf6", "Service: something the organisation does"),
    "success": ("#22a06b", "Success: a moment that shows the journey worked"),
}

#: Width of an arrow on screen in pixels, whatever the zoom (a cosmetic pen); an export
#: draws it in scene units, so it scales with the map (``JourneyScene.exporting``).
ARROW_WIDTH = 1.6


def channel_style(channel: str) -> tuple[str, str]:
    """Chip colour and glyph of a channel (free text: grey with its initial)."""
    key = channel.strip().lower()
    if key in CHANNEL_STYLE:
        return CHANNEL_STYLE[key]
    return ("#64748b", (key[:1] or "?").upper())


def emotion_colour(value: float | None) -> str:
    """The diverging colour of a designer's emotion score (grey without one)."""
    return MEASURES["emotion"].colour(value)


def transition_pen(kind: str, width: float = ARROW_WIDTH, colour: str | None = None) -> QPen:
    """The cosmetic pen of a ``kind`` of arrow: the figures' colour and dash pattern (Qt's
    dash lengths are in pen widths too, so the pattern carries over as it is); ``colour``
    overrides the kind's colour (a selected arrow keeps its pattern in the accent colour)."""
    look = transition_style(kind)
    pen = QPen(qcolor(colour or look.colour), width)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    # Flat caps, as the figures draw: round ones would add a pen width to every dash and
    # close the dotted gaps (and poke past the arrowhead's tip).
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    if look.dashes is not None:
        pen.setDashPattern(list(look.dashes))
    return pen


@cache
def qcolor(hex_colour: str) -> QColor:
    return QColor(hex_colour)


@cache
def font(point_size: float, bold: bool = False) -> QFont:
    f = QFont("DejaVu Sans")
    f.setPointSizeF(point_size)
    f.setBold(bold)
    return f
