"""Where the arrows of the map run, so that they never cross a card.

Cards sit on the grid of :mod:`journeymap.model.layout`: every lane row has a free gutter
above and below its cards, and every stage column has free corridors between its card slots,
aligned from the top lane to the bottom one. An arrow runs straight to a neighbour on the
same row (or in the same slot of the next lane); anything else leaves its card, runs along
gutters and corridors with rounded corners, and enters the target: forward jumps over the
top of the row, back edges under it, loops round the card's top-right corner. Parallel
arrows in one gutter are spread a few units apart. Coordinates are scene units, y downwards.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from journeymap.model.layout import CARD_HEIGHT, CARD_WIDTH, GAP_X, GAP_Y

Point = tuple[float, float]
_SPREAD = (0.0, 5.0, -5.0, 10.0, -10.0)


@dataclass(frozen=True)
class Card:
    """A card's place: centre and lane index (row)."""

    id: str
    x: float
    y: float
    row: int

    @property
    def left(self) -> float:
        return self.x - CARD_WIDTH / 2

    @property
    def right(self) -> float:
        return self.x + CARD_WIDTH / 2

    @property
    def top(self) -> float:
        return self.y - CARD_HEIGHT / 2

    @property
    def bottom(self) -> float:
        return self.y + CARD_HEIGHT / 2


@dataclass(frozen=True)
class Route:
    """An arrow's polyline (corners are rounded when drawn); it ends at the target's edge."""

    source: str
    target: str
    points: tuple[Point, ...]


class Router:
    """Routes arrows between ``cards``; remembers what it placed to spread parallel ones."""

    def __init__(self, cards: dict[str, Card]) -> None:
        self.cards = cards
        self._rows: dict[int, list[Card]] = defaultdict(list)
        self._columns: dict[float, list[Card]] = defaultdict(list)
        for card in cards.values():
            self._rows[card.row].append(card)
            self._columns[round(card.x, 3)].append(card)
        self._used: dict[tuple, int] = defaultdict(int)

    def _spread(self, key: tuple) -> float:
        i = self._used[key]
        self._used[key] += 1
        return _SPREAD[i % len(_SPREAD)]

    def _row_clear(self, row: int, x0: float, x1: float) -> bool:
        lo, hi = min(x0, x1), max(x0, x1)
        return not any(lo < c.x < hi for c in self._rows[row])

    def _column_clear(self, x: float, row0: int, row1: int) -> bool:
        lo, hi = min(row0, row1), max(row0, row1)
        return not any(lo < c.row < hi for c in self._columns[round(x, 3)])

    def route(self, source: str, target: str) -> Route:
        s, t = self.cards[source], self.cards[target]
        if source == target:
            points = self._loop(s)
        elif s.row == t.row:
            points = self._same_row(s, t)
        else:
            points = self._across_rows(s, t)
        return Route(source, target, tuple(points))

    def _loop(self, c: Card) -> list[Point]:
        up = c.top - GAP_Y / 2
        out = c.right + GAP_X / 2
        return [(c.right - 22, c.top), (c.right - 22, up), (out, up), (out, c.top + 18),
                (c.right, c.top + 18)]

    def _same_row(self, s: Card, t: Card) -> list[Point]:
        if t.x > s.x and self._row_clear(s.row, s.x, t.x):
            dy = self._spread(("enter-left", t.id)) * 0.6
            return [(s.right, s.y + dy), (t.left, t.y + dy)]
        if t.x > s.x:  # forward over the cards in between: through the gutter above
            y = s.top - GAP_Y / 2 + self._spread(("gutter", s.row, "above"))
            sx, tx = s.x + CARD_WIDTH / 4, t.x - CARD_WIDTH / 4
            return [(sx, s.top), (sx, y), (tx, y), (tx, t.top)]
        # back edge: through the gutter below
        y = s.bottom + GAP_Y / 2 + self._spread(("gutter", s.row, "below"))
        sx, tx = s.x - CARD_WIDTH / 4, t.x + CARD_WIDTH / 4
        if abs(sx - tx) < 1:  # a step back to a card in the same slot (cannot happen) or
            tx += 12          # a degenerate pair: keep the curve visible
        return [(sx, s.bottom), (sx, y), (tx, y), (tx, t.bottom)]

    def _across_rows(self, s: Card, t: Card) -> list[Point]:
        down = t.row > s.row
        s_edge, t_edge = (s.bottom, t.top) if down else (s.top, t.bottom)
        sign = 1 if down else -1
        sx = s.x + self._spread(("leave", s.id, down)) * 2
        tx = t.x + self._spread(("enter", t.id, down)) * 2
        if abs(s.x - t.x) < 1 and self._column_clear(s.x, s.row, t.row):
            return [(sx, s_edge), (sx, t_edge)]
        if abs(t.row - s.row) == 1:  # neighbouring lanes: across in the source's gutter,
            # clear of the lane boundary (where the blueprint lines run)
            mid = s_edge + sign * GAP_Y / 2 + self._spread(("gutter", s.row, down))
            return [(sx, s_edge), (sx, mid), (tx, mid), (tx, t_edge)]
        y0 = s_edge + sign * GAP_Y / 2 + self._spread(("gutter", s.row, down))
        y1 = t_edge - sign * GAP_Y / 2 + self._spread(("gutter", t.row, not down))
        corridor = (t.left - GAP_X / 2) if t.x >= s.x else (t.right + GAP_X / 2)
        corridor += self._spread(("corridor", round(corridor, 1)))
        return [(sx, s_edge), (sx, y0), (corridor, y0), (corridor, y1), (tx, y1), (tx, t_edge)]


def rounded_path(points: tuple[Point, ...], radius: float) -> tuple[list[Point], list[int]]:
    """Vertices and matplotlib path codes of a polyline with its corners rounded (quadratic
    Béziers of up to ``radius``)."""
    MOVETO, LINETO, CURVE3 = 1, 2, 3
    verts: list[Point] = [points[0]]
    codes = [MOVETO]
    for i in range(1, len(points) - 1):
        (x0, y0), (x1, y1), (x2, y2) = points[i - 1], points[i], points[i + 1]
        d0 = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        d1 = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        r = min(radius, d0 / 2, d1 / 2)
        if r <= 0.01:
            verts.append((x1, y1))
            codes.append(LINETO)
            continue
        a = (x1 - (x1 - x0) / d0 * r, y1 - (y1 - y0) / d0 * r)
        b = (x1 + (x2 - x1) / d1 * r, y1 + (y2 - y1) / d1 * r)
        verts += [a, (x1, y1), b]
        codes += [LINETO, CURVE3, CURVE3]
    verts.append(points[-1])
    codes.append(LINETO)
    return verts, codes
