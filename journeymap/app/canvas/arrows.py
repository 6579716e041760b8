"""The transition arrows of the canvas, drawn by one item.

Every transition keeps its :class:`~.items.EdgeItem`: selection, hit-testing on the arrow's
stroke, tooltips, the context menu, exports' pen swap and undo all work on it as before. But
an edge in an :class:`ArrowLayer` paints nothing itself (``ItemHasNoContents``, so the scene
does not call into Python for it): the layer draws, in one paint, the pieces of every arrow
that meet the exposed area, found in a spatial index of the arrows' legs
(:class:`~.boxindex.BoxIndex`; a short arrow is filed whole).

Why: panning a large map exposes a strip of the view, and with one item per arrow Qt
painted every arrow whose bounding box met it. On a map with long branches that was ~270
arrows a frame at ~40 µs of Python each (issue 17). The layer looks at the pieces that are
really in sight, and a long dashed run is dashed only where it shows, with the dash phase
it has at that distance along the arrow, so the pattern neither crawls while panning nor
shows a seam between strips painted at different times.

An arrow that lies wholly inside the exposed area (every arrow in an export) is drawn as
its whole path, exactly as an EdgeItem drew itself; so is every solid arrow (Qt clips a
solid line for nothing). Only dashed arrows are cut into pieces, when first drawn so:
re-routing a whole map costs filing each arrow's legs, not cutting them.
"""

from __future__ import annotations

from collections.abc import Iterable
from math import hypot

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from journeymap.model.routing import Point, enters_from
from journeymap.render.shapes import CURVE3, rounded_path

from .boxindex import BoxIndex
from .dashes import run_fill

LINE, CORNER = 0, 1
RADIUS = 8.0        # scene units: the rounding of an arrow's corners
HEAD_SIZE = 8.0
PAD = 6.0           # around a path: half the widest pen (selected, 2.6 px) and the head
REACH = max(RADIUS, HEAD_SIZE)  # a leg's corner and head lie this close to the leg
SMALL = 512.0       # an arrow whose box is no larger is filed whole, not leg by leg
CLIP = 20.0         # dashed runs are cut this far outside the exposed area (Qt clips the rest)
LOD_TEXT = 0.3      # below this zoom arrows are drawn bare: solid, no heads (as cards' text)

#: (kind, x0, y0, x1, y1, along, curve): a straight run from (x0, y0) to (x1, y1), or a
#: rounded corner's box (x0 <= x1, y0 <= y1) with its curve (start, control point, end);
#: ``along`` is the distance along the arrow where the piece starts, in scene units.
Piece = tuple[int, float, float, float, float, float, "tuple[float, ...] | None"]


def _quad_length(a: Point, c: Point, b: Point, steps: int = 16) -> float:
    """The length of the quadratic Bézier a-c-b (as a dasher measures it, flattened)."""
    length, (px, py) = 0.0, a
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        x = u * u * a[0] + 2 * u * t * c[0] + t * t * b[0]
        y = u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]
        length += hypot(x - px, y - py)
        px, py = x, y
    return length


#: The length of a right-angled corner rounded over legs of 1 (every corner of an
#: orthogonal route is one, scaled by its legs).
_RIGHT_CORNER = _quad_length((0.0, 1.0), (0.0, 0.0), (1.0, 0.0), 256)


def _corner_length(cx: float, cy: float, kx: float, ky: float, ex: float, ey: float) -> float:
    leg0, leg1 = hypot(kx - cx, ky - cy), hypot(ex - kx, ey - ky)
    if abs(leg0 - leg1) < 1e-9 and abs((cx - kx) * (ex - kx) + (cy - ky) * (ey - ky)) < 1e-9:
        return leg0 * _RIGHT_CORNER
    return _quad_length((cx, cy), (kx, ky), (ex, ey))


def route_path(points: list[Point], radius: float = RADIUS) -> QPainterPath:
    """The path of an arrow through ``points`` with its corners rounded: the figures' own
    curves (:func:`journeymap.render.shapes.rounded_path`), as a Qt path."""
    vertices, codes = rounded_path(points, radius)
    path = QPainterPath(QPointF(*vertices[0]))
    i, n = 1, len(vertices)
    while i < n:
        if codes[i] == CURVE3:   # a corner: its control point, then where it ends
            (kx, ky), (ex, ey) = vertices[i], vertices[i + 1]
            path.quadTo(kx, ky, ex, ey)
            i += 2
        else:
            path.lineTo(*vertices[i])
            i += 1
    return path


def route_pieces(points: list[Point], radius: float = RADIUS
                 ) -> tuple[list[Piece], list[int]]:
    """The pieces of the path :func:`route_path` draws (straight runs and rounded corners,
    with their distances along it), and where each leg's pieces start: leg ``i`` (from
    ``points[i]`` to ``points[i + 1]``) owns its run and the corner at its end, its pieces
    are ``pieces[first[i]:first[i + 1]]``. The corners are rounded as
    :func:`journeymap.render.shapes.rounded_path` rounds them."""
    pieces: list[Piece] = []
    first: list[int] = []
    along = 0.0
    cx, cy = points[0]
    last = len(points) - 1
    for i in range(last):
        first.append(len(pieces))
        x0, y0 = points[i]
        x1, y1 = points[i + 1]
        ax, ay, curve = x1, y1, None
        if i + 1 < last:   # a corner at points[i + 1]
            x2, y2 = points[i + 2]
            d0, d1 = hypot(x1 - x0, y1 - y0), hypot(x2 - x1, y2 - y1)
            r = min(radius, d0 / 2, d1 / 2)
            if r > 0.01:
                ax, ay = x1 - (x1 - x0) / d0 * r, y1 - (y1 - y0) / d0 * r
                curve = (ax, ay, x1, y1, x1 + (x2 - x1) / d1 * r, y1 + (y2 - y1) / d1 * r)
        length = hypot(ax - cx, ay - cy)
        if length > 0:
            pieces.append((LINE, cx, cy, ax, ay, along, None))
        along += length
        cx, cy = ax, ay
        if curve is not None:
            _, _, kx, ky, ex, ey = curve
            pieces.append((CORNER, min(ax, kx, ex), min(ay, ky, ey), max(ax, kx, ex),
                           max(ay, ky, ey), along, curve))
            along += _corner_length(*curve)
            cx, cy = ex, ey
    first.append(len(pieces))
    return pieces, first


def head_polygon(points: list[Point], size: float = HEAD_SIZE) -> QPolygonF:
    """The arrowhead at the end of the route ``points``."""
    ex, ey = points[-1]
    dx, dy = enters_from(points)
    nx, ny = -dy, dx
    return QPolygonF([QPointF(ex, ey),
                      QPointF(ex - dx * size + nx * size * 0.5, ey - dy * size + ny * size * 0.5),
                      QPointF(ex - dx * size - nx * size * 0.5, ey - dy * size - ny * size * 0.5)])


def _corner_path(curve: tuple[float, ...]) -> QPainterPath:
    cx, cy, kx, ky, ex, ey = curve
    path = QPainterPath(QPointF(cx, cy))
    path.quadTo(kx, ky, ex, ey)
    return path


def _clip(piece: Piece, x0: float, y0: float, x1: float, y1: float
          ) -> tuple[float, float, float, float, float] | None:
    """The part of a straight run inside the rectangle: its ends and the distance along
    the arrow where it starts; None when it misses. Level and upright runs (all of an
    orthogonal route's) are cut directly, others by Liang-Barsky."""
    _, ax, ay, bx, by, along, _ = piece
    if ay == by:
        if ay < y0 or ay > y1:
            return None
        if ax <= bx:
            start, end = (ax if ax > x0 else x0), (bx if bx < x1 else x1)
            return None if start > end else (start, ay, end, ay, along + start - ax)
        start, end = (ax if ax < x1 else x1), (bx if bx > x0 else x0)
        return None if start < end else (start, ay, end, ay, along + ax - start)
    if ax == bx:
        if ax < x0 or ax > x1:
            return None
        if ay <= by:
            start, end = (ay if ay > y0 else y0), (by if by < y1 else y1)
            return None if start > end else (ax, start, ax, end, along + start - ay)
        start, end = (ay if ay < y1 else y1), (by if by > y0 else y0)
        return None if start < end else (ax, start, ax, end, along + ay - start)
    dx, dy = bx - ax, by - ay
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return (ax + t0 * dx, ay + t0 * dy, ax + t1 * dx, ay + t1 * dy,
            along + t0 * hypot(dx, dy))


def draw_arrows(painter: QPainter,
                arrows: Iterable[tuple[object, list[tuple[int, int]] | None]],
                exposed: QRectF, lod: float, selected: set | None = None) -> None:
    """Draw ``arrows`` ((EdgeItem, the ranges of its legs that meet the exposed area, or
    None for all), in painting order) as their items would: the kind's pen (the accent
    when selected), crisp orthogonal runs without antialiasing, antialiased heads; below
    :data:`LOD_TEXT` zoom solid and without heads (dashes too fine to see cost the most).
    ``selected``: the selected ones, when the caller knows (else each is asked)."""
    small = lod < LOD_TEXT
    world = painter.worldTransform()
    straight = world.m12() == 0 and world.m21() == 0
    identity = QTransform()
    in_device = False   # the painter's transform is the identity (for RunFill.fill)
    sx, sy, dx, dy = world.m11(), world.m22(), world.dx(), world.dy()
    transform_scale = max(sx, 1e-6)
    x0, y0 = exposed.left() - CLIP, exposed.top() - CLIP
    x1, y1 = exposed.right() + CLIP, exposed.bottom() + CLIP
    antialiased = QPainter.RenderHint.Antialiasing
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setRenderHint(antialiased, False)
    for edge, legs in arrows:
        if not edge.isVisible():
            continue
        chosen = edge in selected if selected is not None else edge.isSelected()
        pen = edge._selected_pen if chosen else edge.pen()
        dashed = edge._dashed and not small
        if small and edge._dashed:
            pen = QPen(pen)
            pen.setStyle(Qt.PenStyle.SolidLine)
        cosmetic = pen.isCosmetic()
        fill = dashed and cosmetic and straight
        if not dashed or (not fill and exposed.contains(edge._bounds)):
            if in_device:
                painter.setWorldTransform(world)
                in_device = False
            painter.setPen(pen)
            painter.drawPath(edge.path())
        else:
            # Qt dashes the whole length of a path however little of it shows (~0.3 ms for
            # a long arrow): dash only what is exposed, keeping the pattern's phase. A
            # cosmetic pen's pattern is in device pixels, an exported one's in scene units;
            # on screen, straight runs are filled with the pattern (see .dashes).
            unit = (transform_scale if cosmetic else 1.0) / max(pen.widthF(), 1.0)
            runs = None
            if fill:
                runs = edge._fills.get(chosen)
                if runs is None:
                    runs = edge._fills[chosen] = run_fill(pen)
            pieces, first = edge._cut or edge.pieces()
            for lo, hi in legs if legs is not None else ((0, len(first) - 1),):
                for piece in pieces[first[lo]:first[hi]]:
                    if piece[0] == LINE:
                        part = _clip(piece, x0, y0, x1, y1)
                        if part is None:
                            continue
                        if runs is not None:
                            if not in_device:
                                painter.setWorldTransform(identity)
                                in_device = True
                            if runs.fill(painter, part[0] * sx + dx, part[1] * sy + dy,
                                         part[2] * sx + dx, part[3] * sy + dy,
                                         part[4] * transform_scale):
                                continue
                    elif not (piece[1] <= x1 and piece[3] >= x0 and piece[2] <= y1
                              and piece[4] >= y0):
                        continue   # a corner out of sight
                    if in_device:
                        painter.setWorldTransform(world)
                        in_device = False
                    stroke = QPen(pen)
                    if piece[0] == LINE:   # Qt's stroke: an export, or a slanted run
                        stroke.setDashOffset(part[4] * unit)
                        painter.setPen(stroke)
                        painter.drawLine(QLineF(part[0], part[1], part[2], part[3]))
                    else:
                        stroke.setDashOffset(piece[5] * unit)
                        painter.setPen(stroke)
                        painter.drawPath(_corner_path(piece[6]))
        hx, hy = edge.points[-1]
        if not small and x0 - HEAD_SIZE <= hx <= x1 + HEAD_SIZE \
                and y0 - HEAD_SIZE <= hy <= y1 + HEAD_SIZE:
            if in_device:
                painter.setWorldTransform(world)
                in_device = False
            painter.setRenderHint(antialiased, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            painter.drawPolygon(edge.head())
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setRenderHint(antialiased, False)
    if in_device:
        painter.setWorldTransform(world)


class ArrowLayer(QGraphicsObject):
    """One item that draws every arrow added to it (see the module docstring). It sits at
    the arrows' depth (z = -1: over the flow bands and ghost arrows, under the arrow labels
    and the cards), has no shape (clicks, hovers and rubber bands find the EdgeItems, never
    the layer) and repaints what an edge's change touches: a new route, a new style, a
    change of selection."""

    def __init__(self) -> None:
        super().__init__()
        self._index = BoxIndex()
        self._ids: dict[object, list[int]] = {}
        self._order: dict[object, int] = {}
        self._next_id = 0
        self._next_order = 0
        self._rect = QRectF()
        self._selected: set[object] = set()
        self.setZValue(-1)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    # ------------------------------------------------------------------ edges
    def add(self, edge) -> None:
        """Draw ``edge`` from now on (it stops painting itself)."""
        edge.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        edge._layer = self
        self._order[edge] = self._next_order
        self._next_order += 1
        self._ids[edge] = []
        self.moved(edge, None)

    def remove(self, edge) -> None:
        """Stop drawing ``edge`` (it paints itself again if it stays in a scene)."""
        if edge not in self._ids:
            return
        self._unindex(edge)
        del self._ids[edge], self._order[edge]
        self._selected.discard(edge)
        edge._layer = None
        edge.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, False)
        self.update(_padded(edge._bounds))

    def __contains__(self, edge) -> bool:
        return edge in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def _unindex(self, edge) -> None:
        remove = self._index.remove
        for eid in self._ids[edge]:
            remove(eid)
        self._ids[edge] = []

    def moved(self, edge, old: QRectF | None) -> None:
        """``edge`` has a new route (it was inside ``old``): file it afresh and repaint
        where it was and where it is. A short arrow is filed whole, a long one leg by leg
        (each leg with the corner and head beside it)."""
        if edge not in self._ids:
            return
        self._unindex(edge)
        ids = self._ids[edge]
        order = self._order[edge]
        insert = self._index.insert
        eid = self._next_id
        points = edge.points
        legs = len(points) - 1
        bounds = edge._bounds
        if legs < 1:
            pass
        elif legs == 1 or (bounds.width() <= SMALL and bounds.height() <= SMALL):
            eid += 1
            insert(eid, (bounds.left() - REACH, bounds.top() - REACH,
                         bounds.right() + REACH, bounds.bottom() + REACH),
                   (order, edge, 0, legs))
            ids.append(eid)
        else:
            for i in range(legs):
                (ax, ay), (bx, by) = points[i], points[i + 1]
                eid += 1
                insert(eid, (min(ax, bx) - REACH, min(ay, by) - REACH,
                             max(ax, bx) + REACH, max(ay, by) + REACH),
                       (order, edge, i, i + 1))
                ids.append(eid)
        self._next_id = eid
        if legs >= 1:
            now = _padded(edge._bounds)
            if not self._rect.contains(now):
                # grown once to the scene's whole map, not arrow by arrow
                self.prepareGeometryChange()
                scene = self.scene()
                self._rect = self._rect.united(now) if not self._rect.isNull() else now
                if scene is not None:
                    self._rect = self._rect.united(scene.sceneRect())
            self.update(now)
        if old is not None and not old.isNull():
            self.update(_padded(old))

    def restyled(self, edge) -> None:
        """``edge``'s pen or tooltip changed: repaint it."""
        if edge in self._ids:
            self.update(_padded(edge._bounds))

    def follow_selection(self, selected: Iterable[QGraphicsItem]) -> None:
        """The scene's selection is now ``selected``: repaint the arrows that joined or
        left it (the scene calls this on ``selectionChanged``)."""
        mine = {item for item in selected if item in self._ids}
        for edge in mine ^ self._selected:
            self.update(_padded(edge._bounds))
        self._selected = mine

    def edges_at(self, rect: QRectF) -> list:
        """The edges with a piece that meets ``rect``, in painting order."""
        return [edge for edge, _ in self._visible(rect)]

    # ------------------------------------------------------------------ the item
    def itemChange(self, change, value):  # noqa: N802 - Qt's name
        # follow the selection of the scene the layer is in
        if change == QGraphicsItem.GraphicsItemChange.ItemSceneChange and self.scene():
            self.scene().selectionChanged.disconnect(self._selection_changed)
        elif change == QGraphicsItem.GraphicsItemChange.ItemSceneHasChanged and self.scene():
            self.scene().selectionChanged.connect(self._selection_changed)
        return super().itemChange(change, value)

    def _selection_changed(self) -> None:
        self.follow_selection(self.scene().selectedItems())

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        return QPainterPath()

    def contains(self, point: QPointF) -> bool:
        return False

    def _visible(self, rect: QRectF) -> list[tuple[object, list[tuple[int, int]] | None]]:
        """The edges with legs that meet ``rect`` and the ranges of those legs (None: all),
        in the order the edges were added (as separate items were painted), the selected
        ones last (on top)."""
        if rect.contains(self._rect):   # all of it (an overview, an export): no look-up
            edges = sorted(self._order, key=self._order.__getitem__)
            if self._selected:
                edges.sort(key=lambda edge: edge in self._selected)
            return [(edge, None) for edge in edges if edge.points]
        hits: dict[int, tuple[object, list[tuple[int, int]]]] = {}
        value = self._index.value
        for eid in self._index.query(rect.left(), rect.top(), rect.right(), rect.bottom()):
            order, edge, lo, hi = value(eid)
            found = hits.get(order)
            if found is None:
                hits[order] = (edge, [(lo, hi)])
            else:
                found[1].append((lo, hi))
        ordered = [hits[order] for order in sorted(hits)]
        selected = self._selected
        if selected:
            ordered.sort(key=lambda hit: hit[0] in selected)   # stable: keeps the order
        return ordered

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        exposed = option.exposedRect
        arrows = self._visible(exposed.adjusted(-PAD, -PAD, PAD, PAD))
        if arrows:
            draw_arrows(painter, arrows, exposed,
                        option.levelOfDetailFromTransform(painter.worldTransform()),
                        self._selected)


def _padded(rect: QRectF) -> QRectF:
    return rect.adjusted(-PAD, -PAD, PAD, PAD)
