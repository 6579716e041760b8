"""Where a transition's arrow runs: orthogonal routes through the gaps between cards.

Cards sit on a grid (see :mod:`journeymap.model.layout`): between two neighbouring cards there is
a vertical gutter, and between two lanes a horizontal one, and no card is ever in a gutter. An
arrow leaves its source on the right, runs along gutters and enters its target on the left, so it
crosses no card; a straight line is used where the target is the very next card. Pure geometry,
no Qt, so it is tested on its own.
"""

from __future__ import annotations

from .layout import CARD_HEIGHT, CARD_WIDTH, GAP_X, Grid

Point = tuple[float, float]

_HALF_W = CARD_WIDTH / 2
_HALF_H = CARD_HEIGHT / 2
_SLOT = CARD_WIDTH + GAP_X
_EPS = 0.5
_SIDE_SHIFT = 4.0
#: Offsets of parallel runs along one lane boundary, nearest first (the gap between two
#: lanes' cards is 2 × GAP_Y = 56 units, so ±20 stays clear of both).
TRACKS = (0.0, 5.0, -5.0, 10.0, -10.0, 15.0, -15.0, 20.0, -20.0)


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
    # arrows leaving a card turn down/up nearer to it than arrows arriving at its
    # neighbour, so the two kinds do not share one line in the gutter between them
    right_of_source = sx + _HALF_W + GAP_X / 2 - _SIDE_SHIFT
    left_of_target = tx - _HALF_W - GAP_X / 2 + _SIDE_SHIFT
    neighbours = 0 < tx - sx <= _SLOT + GAP_X + _EPS
    if neighbours and abs(sy - ty) < _EPS:
        return [start, end]
    if neighbours:
        gutter = (sx + _HALF_W + tx - _HALF_W) / 2
        return [start, (gutter, sy), (gutter, ty), end]
    run = _horizontal_gutter(sy, ty, forward=tx > sx, grid=grid) + lane_offset
    return [start, (right_of_source, sy), (right_of_source, run), (left_of_target, run),
            (left_of_target, ty), end]


def horizontal_run(points: list[Point]) -> tuple[float, float, float] | None:
    """(y, left x, right x) of a route's run along a lane boundary, if it has one."""
    if len(points) != 6:
        return None
    (ax, y), (bx, _) = points[2], points[3]
    return (y, min(ax, bx), max(ax, bx))


def assign_tracks(runs: dict[object, tuple[float, float, float]]) -> dict[object, float]:
    """Offsets for runs that share a lane boundary so that overlapping runs get different
    tracks (greedy interval colouring, left to right). Runs beyond the last track share it."""
    by_line: dict[float, list[tuple[float, float, object]]] = {}
    for key, (y, x0, x1) in runs.items():
        by_line.setdefault(y, []).append((x0, x1, key))
    offsets: dict[object, float] = {}
    for spans in by_line.values():
        busy_until = [float("-inf")] * len(TRACKS)   # right end of the last run per track
        for x0, x1, key in sorted(spans, key=lambda s: (s[0], s[1], str(s[2]))):
            track = next((t for t, end in enumerate(busy_until) if end < x0 - 6),
                         min(range(len(TRACKS)), key=busy_until.__getitem__))
            busy_until[track] = max(busy_until[track], x1)
            offsets[key] = TRACKS[track]
    return offsets


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
