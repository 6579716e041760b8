"""What a rendered figure holds, as plain data: text boxes, card boxes, heatmap cells.

Every figure a render function returns carries this as its ``layout``, recorded as its shapes
and texts are placed, so tests (and anyone checking a figure) can ask "do two labels overlap?", "which colour has the hottest card?",
"are the stages in order?" without reading pixels. Coordinates are points (1/72 inch) from
the figure's bottom-left corner, whatever the output's dpi.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in points, y upwards."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def overlaps(self, other: Box, tolerance: float = 0.0) -> bool:
        """True when the two boxes share an area wider and taller than ``tolerance``."""
        return (min(self.x1, other.x1) - max(self.x0, other.x0) > tolerance
                and min(self.y1, other.y1) - max(self.y0, other.y0) > tolerance)

    def contains(self, other: Box, tolerance: float = 0.0) -> bool:
        return (other.x0 >= self.x0 - tolerance and other.x1 <= self.x1 + tolerance
                and other.y0 >= self.y0 - tolerance and other.y1 <= self.y1 + tolerance)


@dataclass(frozen=True)
class TextBox:
    """A piece of text as drawn: the lines shown, the full text it stands for (different when
    it was shortened; the SVG carries it as a tooltip), what it is and whose it is."""

    text: str
    full: str
    role: str            # title, persona, stage, lane, card-label, card-value, cell, ...
    box: Box
    size: float
    colour: str
    key: str = ""        # the touchpoint, stage, lane or cell it belongs to

    @property
    def shortened(self) -> bool:
        return " ".join(self.text.split()) != " ".join(self.full.split())


@dataclass(frozen=True)
class CardBox:
    """A touchpoint's card on the map."""

    touchpoint: str
    label: str
    stage: str
    lane: str
    box: Box
    colour: str
    value: float | None
    n: float | None
    small_sample: bool


@dataclass(frozen=True)
class Cell:
    """A heatmap cell."""

    row: str
    column: str
    box: Box
    colour: str
    value: float | None
    n: float | None
    small_sample: bool
    text: str


@dataclass
class FigureLayout:
    """Everything placed on a figure, in drawing order within each kind."""

    kind: str                       # map, heatmap, curve
    width: float                    # points
    height: float
    texts: list[TextBox] = field(default_factory=list)
    cards: list[CardBox] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    stages: list[tuple[str, Box]] = field(default_factory=list)   # (stage id, column/row box)
    lanes: list[tuple[str, Box]] = field(default_factory=list)
    edges: list[tuple[str, str, list[tuple[float, float]]]] = field(default_factory=list)
    measure: str = ""

    def texts_with(self, role: str) -> list[TextBox]:
        return [t for t in self.texts if t.role == role]

    def overlapping_texts(self, tolerance: float = 0.5) -> list[tuple[TextBox, TextBox]]:
        """Pairs of text boxes that overlap (a sweep along x keeps this fast at 1,000s)."""
        items = sorted(self.texts, key=lambda t: t.box.x0)
        out: list[tuple[TextBox, TextBox]] = []
        active: list[TextBox] = []
        for t in items:
            active = [a for a in active if a.box.x1 - tolerance > t.box.x0]
            out += [(a, t) for a in active if a.box.overlaps(t.box, tolerance)]
            active.append(t)
        return out

    def card(self, touchpoint: str) -> CardBox:
        for c in self.cards:
            if c.touchpoint == touchpoint:
                return c
        raise KeyError(touchpoint)
