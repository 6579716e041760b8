"""A spatial index of boxes for the canvas's arrow layer: which boxes meet a rectangle.

A loose hierarchical grid, Qt-free. A box goes to the one level whose cells are at least as
large as the box (cells grow by :data:`GROWTH` from level to level), so it sits in at most
2 x 2 cells there, however long it is: a 100,000-unit arrow run costs as much to insert and
remove as a short one, where a single grid would file it under hundreds of cells. A query
looks at the few cells of each level that meet the rectangle and keeps the boxes that truly
meet it.

It allocates little: an entry is one tuple (its box, its value and its cells), a cell is
an integer. Re-routing a whole map files ~10,000 entries at once, and every container
Python allocates brings the cyclic garbage collector nearer, which then walks the whole
application's heap: with a tuple per cell and a list per entry, collections took more time
than the filing itself.

Why not Qt's own index: its BSP tree files a long item under every leaf it crosses, and the
scene would then call into Python once per arrow item to paint it; here one item asks for
the pieces of arrows in sight (:mod:`.arrows`).
"""

from __future__ import annotations

from math import floor

Box = tuple[float, float, float, float]   # x0, y0, x1, y1 with x0 <= x1, y0 <= y1

CELL = 256.0   # scene units: the finest cells, about a quarter of a view at 100% zoom
GROWTH = 4
LEVELS = 12    # the coarsest cells are CELL * 4**11, about 10^9 units: any map fits
#: The cells' sizes by level.
SIZES = tuple(CELL * GROWTH ** level for level in range(LEVELS))
_SPAN = 1 << 24      # cell columns and rows from -2**23 to 2**23 - 1 at every level
_HALF = 1 << 23


def _level(size: float) -> int:
    """The level of a box ``size`` across: the first whose cells are as large."""
    level = 0
    while SIZES[level] < size and level < LEVELS - 1:
        level += 1
    return level


def _cell(level: int, i: int, j: int) -> int:
    """One integer for the cell (level, i, j)."""
    return (level * _SPAN + (i + _HALF)) * _SPAN + (j + _HALF)


class BoxIndex:
    """Integer keys with boxes and values; :meth:`query` answers the keys whose boxes
    meet a rectangle (touching counts), each once."""

    def __init__(self) -> None:
        #: key -> (x0, y0, x1, y1, value, level, cells): cells an int, or a tuple of them
        self._entries: dict[int, tuple] = {}
        self._cells: dict[int, set[int]] = {}
        self._levels: list[set[int]] = [set() for _ in range(LEVELS)]

    def __len__(self) -> int:
        return len(self._entries)

    def value(self, key: int) -> object:
        return self._entries[key][4]

    def insert(self, key: int, box: Box, value: object = None) -> None:
        """File ``key`` (with ``value``) under ``box``, replacing where it was."""
        if key in self._entries:
            self.remove(key)
        x0, y0, x1, y1 = box
        if not (x0 <= x1 and y0 <= y1):
            raise ValueError(f"not a box: {box!r}")
        size = x1 - x0 if x1 - x0 > y1 - y0 else y1 - y0
        level = 0 if size <= CELL else _level(size)
        cell = SIZES[level]
        i0, i1, j0, j1 = floor(x0 / cell), floor(x1 / cell), floor(y0 / cell), floor(y1 / cell)
        cells_map = self._cells
        if i0 == i1 and j0 == j1:
            cells = _cell(level, i0, j0)
            members = cells_map.get(cells)
            if members is None:
                cells_map[cells] = {key}
            else:
                members.add(key)
        else:
            cells = tuple(_cell(level, i, j) for i in range(i0, i1 + 1)
                          for j in range(j0, j1 + 1))
            for c in cells:
                members = cells_map.get(c)
                if members is None:
                    cells_map[c] = {key}
                else:
                    members.add(key)
        self._entries[key] = (x0, y0, x1, y1, value, level, cells)
        self._levels[level].add(key)

    def remove(self, key: int) -> None:
        """Forget ``key`` (no error when it is not there)."""
        entry = self._entries.pop(key, None)
        if entry is None:
            return
        cells = entry[6]
        cells_map = self._cells
        for c in (cells,) if isinstance(cells, int) else cells:
            members = cells_map[c]
            members.discard(key)
            if not members:
                del cells_map[c]
        self._levels[entry[5]].discard(key)

    def query(self, x0: float, y0: float, x1: float, y1: float) -> list[int]:
        """The keys whose boxes meet the rectangle (x0, y0)-(x1, y1), each once, in no
        particular order."""
        found: list[int] = []
        seen: set[int] = set()
        entries, cells = self._entries, self._cells
        for level, keys in enumerate(self._levels):
            if not keys:
                continue
            size = SIZES[level]
            i0, i1 = floor(x0 / size), floor(x1 / size)
            j0, j1 = floor(y0 / size), floor(y1 / size)
            if (i1 - i0 + 1) * (j1 - j0 + 1) > len(keys):
                # more cells in the rectangle than boxes on this level (a map zoomed out
                # whole): look at the boxes themselves
                candidates = [keys]
            else:
                candidates = [cells[c] for c in (_cell(level, i, j) for i in range(i0, i1 + 1)
                                                 for j in range(j0, j1 + 1)) if c in cells]
            for group in candidates:
                for key in group:
                    if key in seen:
                        continue
                    entry = entries[key]
                    if entry[0] <= x1 and entry[2] >= x0 and entry[1] <= y1 and entry[3] >= y0:
                        seen.add(key)
                        found.append(key)
        return found
