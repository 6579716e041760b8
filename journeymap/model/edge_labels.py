"""Where the labels of arrows go: one rule for the canvas and the rendered figures.

A transition's label sits on one of its arrow's horizontal runs (the routes come from
:mod:`journeymap.model.routing`), centred on the line so it reads as that arrow's, on a spot
that overlaps no card, no other label and nothing else the caller names. The caller measures
the text (Qt's font metrics on the canvas, the renderer's font tables in figures) and passes
sizes in the same units as the routes; the rule is free of units, so the figure, whose page
is the canvas scaled (and flipped upside down), places each label on the same run as the
canvas does.

The rule, for each label in turn:

1. its runs are the route's horizontal segments, longest first;
2. on a run, the free stretches are what is left of the run (less ``inset`` at each end, so
   a label keeps off the corners) once everything it would overlap at that height is taken
   out; the label goes where the whole text fits, as near the middle of the run as it can;
3. when the whole text fits on no run, it is shortened to the widest free stretch, if that is
   at least its ``min_width`` (the caller elides the text to the width it is given);
4. otherwise it is not placed: the caller keeps the text where a user can still read it (the
   arrow's tooltip on the canvas, the SVG title in figures).

Labels are placed one by one, those with the least room first (the shortest longest run),
ties by their key, and each placed label is an obstacle to the next, so no two overlap and
the result depends on the labels, routes and obstacles only, not on the order they come in.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from math import floor
from typing import NamedTuple, TypeVar

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 with x0 <= x1 and y0 <= y1
Key = TypeVar("Key", bound=Hashable)

_FLAT = 0.5  # a segment whose ends differ less than this in y is horizontal
#: How far a label keeps from the ends of its run, in scene units: clear of the rounded
#: corners (radius 8 on the canvas) so it reads as lying on the line.
LABEL_INSET = 8.0
#: The characters a shortened label keeps at least (then "…"): less names nothing.
LABEL_SHORTEST = 5


class LabelSize(NamedTuple):
    """A label's box as the caller draws it (text and padding): its full width and height,
    and the narrowest width it may be shortened to (the whole width: never shortened)."""

    width: float
    height: float
    min_width: float


class LabelPlace(NamedTuple):
    """Where a label goes: its centre (on the arrow's line), its width (less than the
    label's full width when it was shortened) and height, and the run it sits on, as the
    index ``i`` of the route's segment from ``points[i]`` to ``points[i + 1]``."""

    x: float
    y: float
    width: float
    height: float
    segment: int
    shortened: bool

    @property
    def rect(self) -> Rect:
        return (self.x - self.width / 2, self.y - self.height / 2,
                self.x + self.width / 2, self.y + self.height / 2)


def shortest_text(label: str) -> str:
    """The shortest a label may be shortened to (rule 3): its first LABEL_SHORTEST
    characters and "…", or the label itself when that would be no shorter. The caller
    measures it for :attr:`LabelSize.min_width`."""
    return label if len(label) <= LABEL_SHORTEST + 1 else label[:LABEL_SHORTEST] + "…"


def horizontal_runs(points: Sequence[Point]) -> list[tuple[int, float, float, float]]:
    """(segment index, y, left x, right x) of a route's horizontal segments, longest first
    (ties: the earlier segment)."""
    runs = [(i, ay, min(ax, bx), max(ax, bx))
            for i, ((ax, ay), (bx, by)) in enumerate(zip(points, points[1:]))
            if abs(ay - by) < _FLAT and abs(bx - ax) > 0]
    runs.sort(key=lambda run: (-(run[3] - run[2]), run[0]))
    return runs


def place_labels(routes: Mapping[Key, Sequence[Point]], sizes: Mapping[Key, LabelSize],
                 obstacles: Iterable[Rect] = (), inset: float = LABEL_INSET
                 ) -> dict[Key, LabelPlace | None]:
    """Where each label of ``sizes`` goes on its arrow of ``routes`` (None: it fits
    nowhere), clear of ``obstacles`` (card boxes, other text) and of each other; ``inset``
    keeps labels that far from the ends of their runs. See the module's docstring."""
    runs = {key: horizontal_runs(routes[key]) for key in sizes if key in routes}
    places: dict[Key, LabelPlace | None] = {key: None for key in sizes}
    if not runs:
        return places
    tallest = max(sizes[key].height for key in runs)
    board = _Board(_near(obstacles, runs, tallest), cell=max(tallest, 1e-6) * 8)
    order = sorted(runs, key=lambda key: (
        runs[key][0][3] - runs[key][0][2] if runs[key] else 0.0, str(key)))
    for key in order:
        place = _place(runs[key], sizes[key], board, inset)
        places[key] = place
        if place is not None:
            board.add(place.rect)
    return places


def _place(runs: list[tuple[int, float, float, float]], size: LabelSize, board: _Board,
           inset: float) -> LabelPlace | None:
    """The spot of one label: the whole text on the first run with room for it, nearest its
    middle; else the widest free stretch of any run, if at least ``size.min_width``."""
    widest: tuple[float, float, int, float] | None = None   # (width, centre, segment, y)
    for segment, y, left, right in runs:
        start, end = left + inset, right - inset
        if end - start < min(size.width, size.min_width):
            continue
        gaps = board.gaps(y - size.height / 2, y + size.height / 2, start, end)
        middle = (left + right) / 2
        at = _nearest(gaps, size.width, middle)
        if at is not None:
            return LabelPlace(at, y, size.width, size.height, segment, False)
        for a, b in gaps:
            if widest is None or b - a > widest[0] + 1e-9:
                widest = (b - a, (a + b) / 2, segment, y)
    if widest is None or widest[0] < size.min_width:
        return None
    width, centre, segment, y = widest
    return LabelPlace(centre, y, width, size.height, segment, True)


def _nearest(gaps: list[tuple[float, float]], width: float, target: float) -> float | None:
    """The centre nearest ``target`` of a box ``width`` wide inside one of ``gaps``."""
    best = None
    for a, b in gaps:
        if b - a < width:
            continue
        centre = min(max(target, a + width / 2), b - width / 2)
        if best is None or abs(centre - target) < abs(best - target):
            best = centre
    return best


def _near(obstacles: Iterable[Rect], runs: Mapping[object, list], reach: float) -> list[Rect]:
    """The obstacles within the box around all runs (a drag re-places a few labels among
    thousands of cards: the others need not be indexed)."""
    spans = [run for key_runs in runs.values() for run in key_runs]
    if not spans:
        return []
    x0, x1 = min(r[2] for r in spans), max(r[3] for r in spans)
    y0, y1 = min(r[1] for r in spans) - reach, max(r[1] for r in spans) + reach
    return [r for r in obstacles if r[0] < x1 and r[2] > x0 and r[1] < y1 and r[3] > y0]


class _Board:
    """Rectangles hashed into square cells, asked which stretches of a horizontal band
    between two x are free of them."""

    def __init__(self, rects: Iterable[Rect], cell: float) -> None:
        self.cell = cell
        self.rects: list[Rect] = []
        self.cells: dict[tuple[int, int], list[int]] = {}
        for rect in rects:
            self.add(rect)

    def _span(self, a: float, b: float) -> range:
        return range(floor(a / self.cell), floor(b / self.cell) + 1)

    def add(self, rect: Rect) -> None:
        index = len(self.rects)
        self.rects.append(rect)
        cells, size = self.cells, self.cell
        rows = range(floor(rect[1] / size), floor(rect[3] / size) + 1)
        for i in range(floor(rect[0] / size), floor(rect[2] / size) + 1):
            for j in rows:
                found = cells.get((i, j))
                if found is None:
                    cells[i, j] = [index]
                else:
                    found.append(index)

    def gaps(self, y0: float, y1: float, x0: float, x1: float) -> list[tuple[float, float]]:
        """The stretches of [x0, x1] where the band y0..y1 meets no rectangle (touching is
        not meeting), left to right."""
        seen: set[int] = set()
        blocked: list[tuple[float, float]] = []
        rows = self._span(y0, y1)
        for i in self._span(x0, x1):
            for j in rows:
                for index in self.cells.get((i, j), ()):
                    if index in seen:
                        continue
                    seen.add(index)
                    r = self.rects[index]
                    if r[1] < y1 and r[3] > y0 and r[0] < x1 and r[2] > x0:
                        blocked.append((r[0], r[2]))
        blocked.sort()
        gaps, at = [], x0
        for a, b in blocked:
            if a > at:
                gaps.append((at, a))
            at = max(at, b)
        if x1 > at:
            gaps.append((at, x1))
        return gaps
