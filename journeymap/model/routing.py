"""Where a transition's arrow runs: orthogonal routes through the gaps between cards.

Cards sit on a grid (see :mod:`journeymap.model.layout`): between two neighbouring cards there is
a vertical gutter, and between two lanes a horizontal one, and no card is ever in a gutter. An
arrow leaves its source on the right, runs along gutters and enters its target on the left, so it
crosses no card; a straight line is used where the target is the very next card. Arrows that run
along the same lane boundary get their own tracks (:func:`assign_tracks`), so parallel arrows do
not lie on top of each other. Pure geometry, no Qt or matplotlib: the canvas and the rendered
figures route with it, so a journey's arrows run the same way in both.
"""

from __future__ import annotations

from bisect import bisect_right
from heapq import heapify, heappop, heappush
from collections.abc import Hashable, Mapping
from typing import NamedTuple, TypeVar

from .layout import CARD_HEIGHT, CARD_WIDTH, GAP_X, GAP_Y, Grid

Point = tuple[float, float]
Key = TypeVar("Key", bound=Hashable)

_HALF_W = CARD_WIDTH / 2
_HALF_H = CARD_HEIGHT / 2
_SLOT = CARD_WIDTH + GAP_X
_EPS = 0.5
_SIDE_SHIFT = 4.0
#: Steps between the tracks of a gutter: roomy first, closer where more runs overlap.
_SPACINGS = (5.0, 4.5, 4.0, 3.5, 3.0, 2.5, 2.0, 1.5, 1.0)
_INSET = _SPACINGS[0]  # a same-lane run's line: its lane's first track from the boundary
_CLEAR = 4.0           # the least room between a track and the cards' edges
_REACH = GAP_Y - _CLEAR  # how far a track may lie from its lane boundary
_MARGIN_X = 6.0        # runs closer than this end to end count as overlapping
#: Offsets of parallel runs along one lane boundary, nearest first, where the gutter has room
#: (the gap between two lanes' cards is 2 × GAP_Y = 56 units, so ±20 stays clear of both);
#: a crowded gutter packs its tracks closer, so that overlapping runs keep tracks of their own.
TRACKS = (0.0, 5.0, -5.0, 10.0, -10.0, 15.0, -15.0, 20.0, -20.0)


class Run(NamedTuple):
    """A route's run along a horizontal gutter: the line it takes when alone, its span, the
    band of the gutter it may move within (clear of cards) and the gutter's lane boundary."""

    y: float
    left: float
    right: float
    low: float
    high: float
    gutter: float


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


def horizontal_run(points: list[Point]) -> Run | None:
    """The run of a route (as :func:`route` makes it, without an offset) along a horizontal
    gutter, if it has one. Its first three fields are (y, left x, right x)."""
    if len(points) != 6:
        return None
    (ax, y), (bx, _) = points[2], points[3]
    (sx, sy), (tx, ty) = points[0], points[-1]
    left, right = min(ax, bx), max(ax, bx)
    if abs(sy - ty) >= _EPS:    # between two lanes: the whole gutter around their boundary
        return Run(y, left, right, y - _REACH, y + _REACH, y)
    if tx > sx:                 # a jump forward: its lane's half of the gutter above it
        boundary = y - _INSET
        return Run(y, left, right, boundary + _CLEAR / 2, boundary + _REACH, boundary)
    boundary = y + _INSET       # a step back: its lane's half of the gutter below it
    return Run(y, left, right, boundary - _REACH, boundary - _CLEAR / 2, boundary)


def assign_tracks(runs: Mapping[Key, tuple[float, ...]]) -> dict[Key, float]:
    """Offsets (from each run's own line) that keep runs sharing a gutter apart.

    ``runs`` are :class:`Run` values, or bare (y, left x, right x) that may move ±20 units.
    The tracks of a gutter are lines at even steps from its lane boundary. Its runs take
    tracks left to right (greedy interval colouring), each the free track nearest its own
    line, a track being free when no run it overlaps is on it; runs within one lane go
    first, as they have only their lane's half of the gutter. The steps are 5 units, or the
    widest closer ones at which every run gets a track of its own (at 1 unit, runs beyond the
    last track share the one that frees soonest). The offsets depend on the runs only, not
    on their order."""
    gutters: dict[float, list[tuple[Run, Key]]] = {}
    for key, value in runs.items():
        run = value if isinstance(value, Run) else \
            Run(value[0], value[1], value[2], value[0] - 20.0, value[0] + 20.0, value[0])
        gutters.setdefault(run.gutter, []).append((run, key))
    offsets: dict[Key, float] = {}
    for members in gutters.values():
        members.sort(key=lambda m: (m[0].y == m[0].gutter, m[0].left, m[0].right, m[0].y,
                                    str(m[1])))
        ordered = [run for run, _ in members]
        deepest = _depth(ordered)
        low = min(run.low for run in ordered) - ordered[0].gutter
        high = max(run.high for run in ordered) - ordered[0].gutter
        tracks = None
        for spacing in _SPACINGS:
            room = int(high / spacing + 1e-9) + int(-low / spacing + 1e-9) + 1
            if room >= deepest and (tracks := _place(ordered, spacing)) is not None:
                break
        if tracks is None:
            tracks = _share(ordered, _SPACINGS[-1])
        offsets.update((key, y - run.y) for (run, key), y in zip(members, tracks))
    return offsets


def _depth(runs: list[Run]) -> int:
    """The most runs that overlap at one place."""
    ends = sorted([(run.left, 1) for run in runs] + [(run.right + _MARGIN_X, -1) for run in runs])
    depth = deepest = 0
    for _, step in ends:
        depth += step
        deepest = max(deepest, depth)
    return deepest


def _place(runs: list[Run], spacing: float) -> list[float] | None:
    """Tracks at ``spacing`` for the runs of one gutter, in their order (those within one lane
    first, each group left to right), or None if a run finds no free track."""
    tracks: list[float] = []
    busy: dict[float, float] = {}          # track → right end of its last run in this sweep
    kept: dict[float, list[tuple[float, float]]] = {}  # track → spans of within-lane runs
    order: dict[tuple[float, float, float], list[float]] = {}
    sweep_of_crossing = False
    for run in runs:
        crossing = run.y == run.gutter
        if crossing and not sweep_of_crossing:     # the second sweep, over crossing runs
            sweep_of_crossing, busy = True, {}
        shape = (run.y - run.gutter, run.low - run.gutter, run.high - run.gutter)
        candidates = order.get(shape)
        if candidates is None:
            first = -int((run.gutter - run.low) / spacing + 1e-9)
            last = int((run.high - run.gutter) / spacing + 1e-9)
            lattice = [y for k in range(first, last + 1)
                       if run.low <= (y := run.gutter + k * spacing) <= run.high]
            candidates = order[shape] = sorted(lattice, key=lambda y: (abs(y - run.y),
                                                                       run.y - y))
        start = run.left - _MARGIN_X
        # a within-lane run's sweep knows all it meets; a crossing one also meets those
        y = next((y for y in candidates if busy.get(y, start - 1) < start
                  and (not crossing or _kept_until(kept.get(y), run) < start)), None)
        if y is None:
            return None
        busy[y] = max(busy.get(y, float("-inf")), run.right)
        if not crossing:
            kept.setdefault(y, []).append((run.left, run.right))
        tracks.append(y)
    return tracks


def _share(runs: list[Run], spacing: float) -> list[float]:
    """Tracks for a gutter with more overlapping runs than tracks even at ``spacing``: left
    to right, each run takes the track of the whole gutter that has been free longest (or
    frees soonest; unused ones nearest the boundary first), so that runs share tracks as
    evenly as they can."""
    gutter = runs[0].gutter
    low, high = min(run.low for run in runs), max(run.high for run in runs)
    lattice = [y for k in range(-int((gutter - low) / spacing + 1e-9),
                                int((high - gutter) / spacing + 1e-9) + 1)
               if low <= (y := gutter + k * spacing) <= high]
    free_at = [(float("-inf"), abs(y - gutter), y) for y in lattice]  # a heap
    heapify(free_at)
    tracks: dict[int, float] = {}
    for i in sorted(range(len(runs)), key=lambda i: (runs[i].left, runs[i].right, i)):
        _, rank, y = heappop(free_at)
        tracks[i] = y
        heappush(free_at, (runs[i].right, rank, y))
    return [tracks[i] for i in range(len(runs))]


def _kept_until(spans: list[tuple[float, float]] | None, run: Run) -> float:
    """Where the within-lane runs on a track that ``run`` would meet end (-inf if none):
    their spans are sorted and apart, so only the last one starting before ``run`` ends
    can reach it."""
    if not spans:
        return float("-inf")
    i = bisect_right(spans, (run.right + _MARGIN_X, float("inf"))) - 1
    if i < 0:
        return float("-inf")
    left, right = spans[i]
    return right if right >= run.left - _MARGIN_X else float("-inf")


def route_all(ends: Mapping[Key, tuple[Point, Point]], grid: Grid) -> dict[Key, list[Point]]:
    """Routes of many arrows at once (``ends``: the centres of each arrow's source and target
    cards), with the arrows that run along the same lane boundary on their own tracks. The
    result depends on the arrows and the grid only, not on the order of ``ends``."""
    return routes_and_tracks(ends, grid)[0]


def routes_and_tracks(ends: Mapping[Key, tuple[Point, Point]], grid: Grid
                      ) -> tuple[dict[Key, list[Point]], dict[Key, float]]:
    """:func:`route_all`'s routes and each arrow's track offset (0 for none), which the
    canvas keeps to re-route an arrow alone while its card is dragged."""
    base = {key: route(source, target, grid) for key, (source, target) in ends.items()}
    runs = {key: run for key, points in base.items()
            if (run := horizontal_run(points)) is not None}
    offsets = assign_tracks(runs)
    routes = {key: route(*ends[key], grid, offsets[key]) if offsets.get(key) else points
              for key, points in base.items()}
    return routes, {key: offsets.get(key, 0.0) for key in base}


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
    return lane.start + _INSET if forward else lane.end - _INSET


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
