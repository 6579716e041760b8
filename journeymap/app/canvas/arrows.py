"""The transition arrows of the canvas, drawn by one item.

Every transition keeps its :class:`~.items.EdgeItem`: selection, hit-testing on the arrow's
stroke, tooltips, the context menu, exports' pen swap and undo all work on it as before. But
an edge in an :class:`ArrowLayer` paints nothing itself (``ItemHasNoContents``, so the scene
does not call into Python for it): the layer draws, in one paint, the pieces of every arrow
that meet the exposed area, found in a spatial index of the arrows' straight runs, rounded
corners and heads (:class:`~.boxindex.BoxIndex`).

Why: panning a large map exposes a strip of the view, and with one item per arrow Qt
painted every arrow whose bounding box met it. On a map with long branches that was ~270
arrows a frame at ~40 µs of Python each (issue 17). The layer looks at the pieces that are
really in sight, and a long dashed run is dashed only where it shows, with the dash phase
it has at that distance along the arrow, so the pattern neither crawls while panning nor
shows a seam between strips painted at different times.

An arrow that lies wholly inside the exposed area (every arrow in an export) is drawn as
its whole path, exactly as an EdgeItem drew itself.
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

LINE, CORNER, HEAD = 0, 1, 2
RADIUS = 8.0        # scene units: the rounding of an arrow's corners
HEAD_SIZE = 8.0
PAD = 6.0           # around a path: half the widest pen (selected, 2.6 px) and the head
CLIP = 20.0         # dashed runs are cut this far outside the exposed area (Qt clips the rest)
LOD_TEXT = 0.3      # below this zoom arrows are drawn bare: solid, no heads (as cards' text)

#: (kind, x0, y0, x1, y1, along, path): a straight run from (x0, y0) to (x1, y1), a corner
#: (its box, and its path), or a head (its box); ``along`` is the distance along the arrow
#: where the piece starts, in scene units.
Piece = tuple[int, float, float, float, float, float, "QPainterPath | QPolygonF | None"]


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


def route_geometry(points: list[Point], radius: float = RADIUS
                   ) -> tuple[QPainterPath, list[Piece]]:
    """The path of an arrow through ``points`` with its corners rounded (the figures' own
    curves: :func:`journeymap.render.shapes.rounded_path`) and its pieces for the index:
    straight runs, corners, and the head at the end."""
    vertices, codes = rounded_path(points, radius)
    path = QPainterPath(QPointF(*vertices[0]))
    pieces: list[Piece] = []
    along = 0.0
    cx, cy = vertices[0]
    i, n = 1, len(vertices)
    while i < n:
        if codes[i] == CURVE3:   # a corner: its control point, then where it ends
            (kx, ky), (ex, ey) = vertices[i], vertices[i + 1]
            path.quadTo(kx, ky, ex, ey)
            corner = QPainterPath(QPointF(cx, cy))
            corner.quadTo(kx, ky, ex, ey)
            pieces.append((CORNER, min(cx, kx, ex), min(cy, ky, ey), max(cx, kx, ex),
                           max(cy, ky, ey), along, corner))
            along += _quad_length((cx, cy), (kx, ky), (ex, ey))
            i += 2
        else:
            ex, ey = vertices[i]
            path.lineTo(ex, ey)
            length = hypot(ex - cx, ey - cy)
            if length > 0:
                pieces.append((LINE, cx, cy, ex, ey, along, None))
            along += length
            i += 1
        cx, cy = ex, ey
    if len(points) >= 2:
        head = head_polygon(points)
        box = head.boundingRect()
        pieces.append((HEAD, box.left(), box.top(), box.right(), box.bottom(), along, head))
    return path, pieces


def head_polygon(points: list[Point], size: float = HEAD_SIZE) -> QPolygonF:
    """The arrowhead at the end of the route ``points``."""
    ex, ey = points[-1]
    dx, dy = enters_from(points)
    nx, ny = -dy, dx
    return QPolygonF([QPointF(ex, ey),
                      QPointF(ex - dx * size + nx * size * 0.5, ey - dy * size + ny * size * 0.5),
                      QPointF(ex - dx * size - nx * size * 0.5, ey - dy * size - ny * size * 0.5)])


def _meets(piece: Piece, x0: float, y0: float, x1: float, y1: float) -> bool:
    return piece[1] <= x1 and piece[3] >= x0 and piece[2] <= y1 and piece[4] >= y0 \
        if piece[0] != LINE else \
        min(piece[1], piece[3]) <= x1 and max(piece[1], piece[3]) >= x0 and \
        min(piece[2], piece[4]) <= y1 and max(piece[2], piece[4]) >= y0


def pieces_in(pieces: list[Piece], rect: QRectF) -> list[Piece]:
    """The pieces that meet ``rect``."""
    x0, y0, x1, y1 = rect.left(), rect.top(), rect.right(), rect.bottom()
    return [p for p in pieces if _meets(p, x0, y0, x1, y1)]


def _clip(piece: Piece, x0: float, y0: float, x1: float, y1: float
          ) -> tuple[float, float, float, float, float] | None:
    """The part of a straight run inside the rectangle (Liang-Barsky): its ends and the
    distance along the arrow where it starts; None when it misses."""
    _, ax, ay, bx, by, along, _ = piece
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


def draw_arrows(painter: QPainter, arrows: Iterable[tuple[object, list[Piece]]],
                exposed: QRectF, lod: float) -> None:
    """Draw ``arrows`` ((EdgeItem, its pieces that meet the exposed area), in painting
    order) as their items would: the kind's pen (the accent when selected), crisp
    orthogonal runs without antialiasing, antialiased heads; below :data:`LOD_TEXT` zoom
    solid and without heads (dashes too fine to see cost the most)."""
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
    for edge, pieces in arrows:
        if not edge.isVisible():
            continue
        selected = edge.isSelected()
        pen = edge._selected_pen if selected else edge.pen()
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
                runs = edge._fills.get(selected)
                if runs is None:
                    runs = edge._fills[selected] = run_fill(pen)
            for piece in pieces:
                kind = piece[0]
                if kind == LINE:
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
                    if in_device:
                        painter.setWorldTransform(world)
                        in_device = False
                    stroke = QPen(pen)
                    stroke.setDashOffset(part[4] * unit)
                    painter.setPen(stroke)
                    painter.drawLine(QLineF(part[0], part[1], part[2], part[3]))
                elif kind == CORNER:
                    if in_device:
                        painter.setWorldTransform(world)
                        in_device = False
                    stroke = QPen(pen)
                    stroke.setDashOffset(piece[5] * unit)
                    painter.setPen(stroke)
                    painter.drawPath(piece[6])
        if not small and edge._head is not None and any(p[0] == HEAD for p in pieces):
            if in_device:
                painter.setWorldTransform(world)
                in_device = False
            painter.setRenderHint(antialiased, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            painter.drawPolygon(edge._head)
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
        #: piece id -> (the edge's painting order, the edge, the piece)
        self._pieces: dict[int, tuple[int, object, Piece]] = {}
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

    def clear(self) -> None:
        for edge in list(self._ids):
            self.remove(edge)
        self.prepareGeometryChange()
        self._rect = QRectF()

    def __contains__(self, edge) -> bool:
        return edge in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def _unindex(self, edge) -> None:
        for pid in self._ids[edge]:
            self._index.remove(pid)
            del self._pieces[pid]
        self._ids[edge] = []

    def moved(self, edge, old: QRectF | None) -> None:
        """``edge`` has a new route (it was inside ``old``): file its pieces afresh and
        repaint where it was and where it is."""
        if edge not in self._ids:
            return
        self._unindex(edge)
        ids = self._ids[edge]
        order = self._order[edge]
        for piece in edge._pieces:
            pid = self._next_id
            self._next_id += 1
            ax, ay, bx, by = piece[1:5]
            self._index.insert(pid, (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
            self._pieces[pid] = (order, edge, piece)
            ids.append(pid)
        if edge._pieces:
            now = _padded(edge._bounds)
            if not self._rect.contains(now):
                self.prepareGeometryChange()
                self._rect = self._rect.united(now) if not self._rect.isNull() else now
            self.update(now)
        if old is not None:
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

    def _visible(self, rect: QRectF) -> list[tuple[object, list[Piece]]]:
        """The edges with pieces that meet ``rect`` and those pieces, in the order the
        edges were added (as separate items were painted), the selected ones last (on
        top)."""
        hits: dict[int, tuple[object, list[Piece]]] = {}
        pieces = self._pieces
        for pid in self._index.query(rect.left(), rect.top(), rect.right(), rect.bottom()):
            order, edge, piece = pieces[pid]
            found = hits.get(order)
            if found is None:
                hits[order] = (edge, [piece])
            else:
                found[1].append(piece)
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
                        option.levelOfDetailFromTransform(painter.worldTransform()))


def _padded(rect: QRectF) -> QRectF:
    return rect.adjusted(-PAD, -PAD, PAD, PAD)
