"""A spatial index of boxes for the canvas's arrow layer: which boxes meet a rectangle.

A loose hierarchical grid, Qt-free. A box goes to the one level whose cells are at least as
large as the box (cells grow by :data:`GROWTH` from level to level), so it sits in at most
2 x 2 cells there, however long it is: a 100,000-unit arrow run costs as much to insert and
remove as a short one, where a single grid would file it under hundreds of cells. A query
looks at the few cells of each level that meet the rectangle and keeps the boxes that truly
meet it.

Why not Qt's own index: its BSP tree files a long item under every leaf it crosses, and the
scene would then call into Python once per arrow item to paint it; here one item asks for
the pieces of arrows in sight (:mod:`.arrows`).
"""

from __future__ import annotations

from collections.abc import Hashable
from math import floor

Box = tuple[float, float, float, float]   # x0, y0, x1, y1 with x0 <= x1, y0 <= y1

CELL = 256.0   # scene units: the finest cells, about a quarter of a view at 100% zoom
GROWTH = 4
LEVELS = 12    # the coarsest cells are CELL * 4**11, about 10^9 units: any map fits


def _level(box: Box) -> int:
    size = max(box[2] - box[0], box[3] - box[1])
    level, cell = 0, CELL
    while cell < size and level < LEVELS - 1:
        level += 1
        cell *= GROWTH
    return level


class BoxIndex:
    """Keys with boxes; :meth:`query` answers the keys whose boxes meet a rectangle
    (touching counts), each once."""

    def __init__(self) -> None:
        self._boxes: dict[Hashable, Box] = {}
        self._cells_of: dict[Hashable, list[tuple[int, int, int]]] = {}
        self._cells: dict[tuple[int, int, int], set[Hashable]] = {}
        self._levels: list[set[Hashable]] = [set() for _ in range(LEVELS)]

    def __len__(self) -> int:
        return len(self._boxes)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._boxes

    def box(self, key: Hashable) -> Box:
        return self._boxes[key]

    def insert(self, key: Hashable, box: Box) -> None:
        """File ``key`` under ``box`` (replacing where it was)."""
        if key in self._boxes:
            self.remove(key)
        x0, y0, x1, y1 = box
        if not (x0 <= x1 and y0 <= y1):
            raise ValueError(f"not a box: {box!r}")
        level = _level(box)
        cell = CELL * GROWTH ** level
        cells = [(level, i, j)
                 for i in range(floor(x0 / cell), floor(x1 / cell) + 1)
                 for j in range(floor(y0 / cell), floor(y1 / cell) + 1)]
        for c in cells:
            self._cells.setdefault(c, set()).add(key)
        self._boxes[key] = box
        self._cells_of[key] = cells
        self._levels[level].add(key)

    def remove(self, key: Hashable) -> None:
        """Forget ``key`` (no error when it is not there)."""
        if self._boxes.pop(key, None) is None:
            return
        cells = self._cells_of.pop(key)
        for c in cells:
            members = self._cells[c]
            members.discard(key)
            if not members:
                del self._cells[c]
        self._levels[cells[0][0]].discard(key)

    def clear(self) -> None:
        self._boxes.clear()
        self._cells_of.clear()
        self._cells.clear()
        for keys in self._levels:
            keys.clear()

    def query(self, x0: float, y0: float, x1: float, y1: float) -> list[Hashable]:
        """The keys whose boxes meet the rectangle (x0, y0)-(x1, y1), each once, in no
        particular order."""
        found: list[Hashable] = []
        seen: set[Hashable] = set()
        boxes, cells = self._boxes, self._cells
        for level, keys in enumerate(self._levels):
            if not keys:
                continue
            size = CELL * GROWTH ** level
            i0, i1 = floor(x0 / size), floor(x1 / size)
            j0, j1 = floor(y0 / size), floor(y1 / size)
            if (i1 - i0 + 1) * (j1 - j0 + 1) > len(keys):
                # more cells in the rectangle than boxes on this level (a map zoomed out
                # whole): look at the boxes themselves
                candidates = [keys]
            else:
                candidates = [cells[c] for c in ((level, i, j) for i in range(i0, i1 + 1)
                                                 for j in range(j0, j1 + 1)) if c in cells]
            for group in candidates:
                for key in group:
                    if key in seen:
                        continue
                    bx0, by0, bx1, by1 = boxes[key]
                    if bx0 <= x1 and bx1 >= x0 and by0 <= y1 and by1 >= y0:
                        seen.add(key)
                        found.append(key)
        return found
