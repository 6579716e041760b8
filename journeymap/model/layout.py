"""Where things go on the map: the grid of stage columns and lane rows, shared by the canvas,
the rendered figures and importers that must place cards.

The map is a grid. Stages are columns in journey order, lanes are rows. A cell (stage, lane)
holds its touchpoints side by side in the stage's order, so a column is as wide as its fullest
cell. Positions are the centres of cards in scene units (one unit = one pixel at 100% zoom).
:func:`grid_positions` computes the tidy positions; :func:`auto_layout` applies them as one
undoable edit; :func:`locate` answers "which stage and lane is this point in" for drops.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from .edits import Edit
from .journey import Journey

CARD_WIDTH = 168.0
CARD_HEIGHT = 76.0
GAP_X = 28.0            # between cards in a row, and inside a column's edges
GAP_Y = 28.0            # above and below the cards of a lane
LANE_HEADER = 150.0     # width of the lane names at the left
STAGE_HEADER = 56.0     # height of the stage names at the top
MIN_SLOTS = 1           # a stage is at least this many cards wide, even when empty
#: The map's units are pixels at this resolution (the screen's at 100% zoom, a PNG's): the
#: canvas and its exports lay text out at it, and a figure turns a unit into 72/96 point.
LAYOUT_DPI = 96


@dataclass(frozen=True)
class Band:
    """A stage column (x range) or a lane row (y range)."""

    id: str
    name: str
    start: float
    end: float

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2


@dataclass(frozen=True)
class Grid:
    """Stage columns and lane rows of a journey, in scene units."""

    stages: tuple[Band, ...]
    lanes: tuple[Band, ...]

    @property
    def width(self) -> float:
        return self.stages[-1].end if self.stages else LANE_HEADER

    @property
    def height(self) -> float:
        return self.lanes[-1].end if self.lanes else STAGE_HEADER

    def stage_at(self, x: float) -> Band | None:
        return _band_at(self.stages, x)

    def lane_at(self, y: float) -> Band | None:
        return _band_at(self.lanes, y)


def _band_at(bands: tuple[Band, ...], v: float) -> Band | None:
    if not bands:
        return None
    i = bisect_right([b.start for b in bands], v) - 1
    return bands[max(0, min(i, len(bands) - 1))]


def _cells(journey: Journey) -> dict[tuple[str, str], list[str]]:
    """Touchpoint ids per (stage, lane) cell, in stage order."""
    cells: dict[tuple[str, str], list[str]] = {}
    for tp in journey.touchpoints():
        cells.setdefault((tp.stage, tp.lane), []).append(tp.id)
    return cells


def grid(journey: Journey) -> Grid:
    """The grid of a journey: each column as wide as its fullest cell; rows one card high."""
    cells = _cells(journey)
    slot = CARD_WIDTH + GAP_X
    stages, x = [], LANE_HEADER
    for stage in journey.stages:
        slots = max([MIN_SLOTS] + [len(ids) for (s, _), ids in cells.items() if s == stage.id])
        width = slots * slot + GAP_X
        stages.append(Band(stage.id, stage.name, x, x + width))
        x += width
    lanes, y = [], STAGE_HEADER
    for lane in journey.lanes:
        height = CARD_HEIGHT + 2 * GAP_Y
        lanes.append(Band(lane.id, lane.name, y, y + height))
        y += height
    return Grid(tuple(stages), tuple(lanes))


def grid_positions(journey: Journey) -> dict[str, tuple[float, float]]:
    """Tidy card centres: each cell's cards left to right in stage order, no two overlapping."""
    g = grid(journey)
    xs = {b.id: b.start for b in g.stages}
    ys = {b.id: b.centre for b in g.lanes}
    out: dict[str, tuple[float, float]] = {}
    for (stage, lane), ids in _cells(journey).items():
        for i, key in enumerate(ids):
            x = xs[stage] + GAP_X + i * (CARD_WIDTH + GAP_X) + CARD_WIDTH / 2
            out[key] = (x, ys[lane])
    return out


def auto_layout(journey: Journey, only_missing: bool = False) -> Edit:
    """Place cards on the grid as one undoable edit (``only_missing``: those without a
    position)."""
    edits = [journey.update_touchpoint(key, position=pos)
             for key, pos in grid_positions(journey).items()
             if not only_missing or journey.touchpoint(key).position is None]
    return Edit.combine("Auto layout", edits)


def locate(journey: Journey, x: float, y: float) -> tuple[str | None, str | None, int]:
    """Where a card dropped with its centre at (x, y) belongs: (stage id, lane id, index in the
    stage's order). The index puts it after the stage's cards that sit left of x in that lane,
    or by x among all the stage's cards when the lane is empty."""
    g = grid(journey)
    stage, lane = g.stage_at(x), g.lane_at(y)
    if stage is None or lane is None:
        return None, None, 0
    order = journey.touchpoints(stage.id)
    index = len(order)
    for i, tp in enumerate(order):
        if tp.position is not None and tp.lane == lane.id and tp.position[0] > x:
            index = i
            break
    return stage.id, lane.id, index
