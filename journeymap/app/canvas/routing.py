"""Where a transition's arrow runs: orthogonal routes through the gaps between cards.

Cards sit on a grid (see :mod:`journeymap.model.layout`): between two neighbouring cards there is
a vertical gutter, and between two lanes a horizontal one, and no card is ever in a gutter. An
arrow leaves its source on the right, runs along gutters and enters its target on the left, so it
crosses no card; a straight line is used where the target is the very next card. Pure geometry,
no Qt, so it is tested on its own.
"""

from __future__ import annotations

from journeymap.model.layout import CARD_HEIGHT, CARD_WIDTH, GAP_X, Grid

Point = tuple[float, float]

_HALF_W = CARD_WIDTH / 2
_HALF_H = CARD_HEIGHT / 2
_SLOT = CARD_WIDTH + GAP_X
_EPS = 0.5


def route(source: Point, target: Point, grid: Grid, lane_offset: float = 0.0) -> list[Point]:
    """The corner points of an arrow from the card centred at ``source`` to the one centred at
    ``target``. ``lane_offset`` shifts the horizontal run a little so arrows that share a
    gutter stay apart."""
    sx, sy = source
    tx, ty = target
    if (sx, sy) == (tx, ty):
        return _loop(sx, sy)
    start = (sx + _HALF_W, sy)
    end = (tx - _HALF_W, ty)
    right_of_source = sx + _HALF_W + GAP_X / 2
    left_of_target = tx - _HALF_W - GAP_X / 2
    neighbours = 0 < tx - sx <= _SLOT + GAP_X + _EPS
    if neighbours and abs(sy - ty) < _EPS:
        return [start, end]
    if neighbours:
        gutter = (right_of_source + left_of_target) / 2
        return [start, (gutter, sy), (gutter, ty), end]
    run = _horizontal_gutter(sy, ty, forward=tx > sx, grid=grid) + lane_offset
    return [start, (right_of_source, sy), (right_of_source, run), (left_of_target, run),
            (left_of_target, ty), end]


def _horizontal_gutter(sy: float, ty: float, forward: bool, grid: Grid) -> float:
    """The lane boundary to run along: between the two lanes when they differ, above the lane
    for a forward jump over cards, below it for a step back."""
    lane = grid.lane_at(sy)
    if lane is None:
        return sy - _HALF_H - GAP_X
    if ty > sy + _EPS:
        return lane.end
    if ty < sy - _EPS:
        return lane.start
    return lane.start + 6 if forward else lane.end - 6


def _loop(x: float, y: float) -> list[Point]:
    """A small loop over the card's top-right corner for a transition to itself."""
    right = x + _HALF_W
    top = y - _HALF_H
    return [(right, y - 12), (right + GAP_X / 2, y - 12), (right + GAP_X / 2, top - 14),
            (right - 28, top - 14), (right - 28, top)]


def enters_from(points: list[Point]) -> Point:
    """The direction (unit-ish vector) the route has at its end, for the arrow head."""
    (ax, ay), (bx, by) = points[-2], points[-1]
    length = max(abs(bx - ax), abs(by - ay), 1e-9)
    return ((bx - ax) / length, (by - ay) / length)
