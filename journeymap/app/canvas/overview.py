"""Seeing the whole journey: the overview (stages wrapped into rows, so a seven-stage map is
read at two or three times the size of a one-row fit) and the navigator (the whole map in
a small picture under the canvas, the part on screen outlined; click or drag to go there).

Both draw the very scene the canvas shows (``QGraphicsScene.render``), so heat, markers and
selection look the same; neither owns data.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from journeymap.model.layout import LANE_HEADER

from .. import theme

#: Space between two rows of the overview, in scene units.
ROW_GAP = 28.0
#: The overview never enlarges the map beyond its size at 100%.
MAX_SCALE = 1.0


@dataclass(frozen=True)
class Wrapping:
    """Stages (by index) per row, and the scale at which the rows fill the space."""

    rows: tuple[tuple[int, ...], ...]
    scale: float


def wrap_stages(widths: list[float], height: float, space: tuple[float, float],
                label_width: float = LANE_HEADER, gap: float = ROW_GAP) -> Wrapping:
    """Split stages of ``widths`` (in order) into rows, each row led by the lane names
    (``label_width``) and ``height`` high, so the whole fits ``space`` (width, height) at the
    largest scale. Rows are balanced: the widest row is as narrow as it can be."""
    n = len(widths)
    if not n:
        return Wrapping((), 1.0)
    best = Wrapping(((*range(n),),), 0.0)
    for count in range(1, n + 1):
        rows = _balanced(widths, count)
        row_width = label_width + max(sum(widths[i] for i in row) for row in rows)
        total = count * height + (count - 1) * gap
        scale = min(space[0] / row_width, space[1] / total, MAX_SCALE)
        if scale > best.scale + 1e-9:
            best = Wrapping(rows, scale)
    return best


def _balanced(widths: list[float], count: int) -> tuple[tuple[int, ...], ...]:
    """``widths`` in ``count`` contiguous rows with the widest row narrowest (dynamic
    programming; a journey has tens of stages at most)."""
    n = len(widths)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    inf = float("inf")
    # cost[k][i]: the widest row when the first i stages make k rows
    cost = [[inf] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    cost[0][0] = 0.0
    for k in range(1, count + 1):
        for i in range(k, n + 1):
            for j in range(k - 1, i):
                value = max(cost[k - 1][j], prefix[i] - prefix[j])
                if value <= cost[k][i]:  # ties: earlier rows the fuller (reading order)
                    cost[k][i], cut[k][i] = value, j
    rows, i = [], n
    for k in range(count, 0, -1):
        j = cut[k][i]
        rows.append(tuple(range(j, i)))
        i = j
    return tuple(reversed([r for r in rows if r]))


class Overview(QWidget):
    """The whole journey over the canvas, stages wrapped into rows; a click on a stage
    emits :attr:`stage_chosen`, Esc or O emits :attr:`closed`."""

    stage_chosen = Signal(str)
    closed = Signal()

    MARGIN = 16

    def __init__(self, scene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.setObjectName("overview")
        self.setAutoFillBackground(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.wrapping = Wrapping((), 1.0)
        self.boxes: list[tuple[str, QRectF]] = []   # (stage id, where it is drawn)
        self._picture: QPixmap | None = None
        self._hover: str | None = None
        self._dirty = QTimer(self)
        self._dirty.setSingleShot(True)
        self._dirty.setInterval(60)
        self._dirty.timeout.connect(self.redraw)
        scene.changed.connect(lambda *_: self.isVisible() and self._dirty.start())
        self.hide()

    def redraw(self) -> None:
        self._picture = None
        self.update()

    def layout_rows(self) -> None:
        g = self.scene.grid
        widths = [b.end - b.start for b in g.stages]
        space = (self.width() - 2 * self.MARGIN, self.height() - 2 * self.MARGIN)
        self.wrapping = wrap_stages(widths, g.height, space)
        s = self.wrapping.scale
        self.boxes = []
        y = self.MARGIN
        for row in self.wrapping.rows:
            x = self.MARGIN + LANE_HEADER * s
            for i in row:
                band = g.stages[i]
                width = (band.end - band.start) * s
                self.boxes.append((band.id, QRectF(x, y, width, g.height * s)))
                x += width
            y += (g.height + ROW_GAP) * s

    def resizeEvent(self, event) -> None:  # noqa: D102 - Qt's interface
        super().resizeEvent(event)
        self._picture = None

    def showEvent(self, event) -> None:  # noqa: D102
        super().showEvent(event)
        self._picture = None
        self.setFocus()

    def _paint_picture(self) -> QPixmap:
        self.layout_rows()
        ratio = self.devicePixelRatioF()
        picture = QPixmap(QSize(int(self.width() * ratio), int(self.height() * ratio)))
        picture.setDevicePixelRatio(ratio)
        picture.fill(theme.qcolor(theme.CANVAS))
        painter = QPainter(picture)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        g, s = self.scene.grid, self.wrapping.scale
        boxes = dict(self.boxes)
        for row in self.wrapping.rows:
            first = boxes[g.stages[row[0]].id]
            labels = QRectF(self.MARGIN, first.top(), LANE_HEADER * s, first.height())
            self.scene.render(painter, labels, QRectF(0, 0, LANE_HEADER, g.height),
                              Qt.AspectRatioMode.IgnoreAspectRatio)
            for i in row:
                band = g.stages[i]
                self.scene.render(painter, boxes[band.id],
                                  QRectF(band.start, 0, band.end - band.start, g.height),
                                  Qt.AspectRatioMode.IgnoreAspectRatio)
            if row is not self.wrapping.rows[-1]:  # the journey goes on in the next row
                last = boxes[g.stages[row[-1]].id]
                painter.setPen(theme.qcolor(theme.MUTED))
                painter.setFont(theme.font(9, bold=True))
                painter.drawText(QRectF(last.right() + 4, last.top(), 30, 24),
                                 Qt.AlignmentFlag.AlignLeft, "↩")
        painter.end()
        return picture

    def paintEvent(self, event) -> None:  # noqa: D102
        if self._picture is None or self._picture.deviceIndependentSize().toSize() != self.size():
            self._picture = self._paint_picture()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        for key, box in self.boxes:
            if key == self._hover:
                pen = QPen(QColor(theme.ACCENT), 2)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(box.adjusted(1, 1, -1, -1))
        painter.end()

    def stage_at(self, pos: QPointF) -> str | None:
        return next((key for key, box in self.boxes if box.contains(pos)), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: D102
        hover = self.stage_at(event.position())
        if hover != self._hover:
            self._hover = hover
            self.setCursor(Qt.CursorShape.PointingHandCursor if hover
                           else Qt.CursorShape.ArrowCursor)
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: D102
        key = self.stage_at(event.position())
        if key is not None and event.button() == Qt.MouseButton.LeftButton:
            self.stage_chosen.emit(key)
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: D102
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_O):
            self.closed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class Navigator(QWidget):
    """The whole map in small with the part on screen outlined; press or drag to go
    there. It sits in the band under the canvas (see ``JourneyView``), beside the legend."""

    HEIGHT = 58

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("navigator")
        self.setToolTip("The whole map: click or drag to go there")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._picture: QPixmap | None = None
        self._dirty = QTimer(self)
        self._dirty.setSingleShot(True)
        self._dirty.setInterval(250)   # edits come in bursts: draw once they settle
        self._dirty.timeout.connect(self.redraw)
        view.scene().changed.connect(lambda *_: self.isVisible() and self._dirty.start())
        view.zoom_changed.connect(lambda *_: self.update())
        view.horizontalScrollBar().valueChanged.connect(lambda *_: self.update())
        view.verticalScrollBar().valueChanged.connect(lambda *_: self.update())

    def width_for(self, height: int) -> int:
        rect = self.view.sceneRect()
        if rect.isEmpty():
            return 0
        return int(max(90, min(320, height * rect.width() / rect.height())))

    def redraw(self) -> None:
        self._picture = None
        self.update()

    def _target(self) -> tuple[QRectF, float]:
        """Where the map is drawn inside the widget, and its scale."""
        rect = self.view.sceneRect()
        area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        s = min(area.width() / rect.width(), area.height() / rect.height())
        w, h = rect.width() * s, rect.height() * s
        return QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h), s

    def paintEvent(self, event) -> None:  # noqa: D102
        rect = self.view.sceneRect()
        if rect.isEmpty():
            return
        target, s = self._target()
        if self._picture is None or self._picture.deviceIndependentSize().toSize() != self.size():
            ratio = self.devicePixelRatioF()
            self._picture = QPixmap(QSize(int(self.width() * ratio), int(self.height() * ratio)))
            self._picture.setDevicePixelRatio(ratio)
            self._picture.fill(theme.qcolor(theme.HEADER))
            painter = QPainter(self._picture)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            self.view.scene().render(painter, target, rect)
            painter.end()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        shown = self.view.mapToScene(self.view.viewport().rect()).boundingRect() & rect
        box = QRectF(target.left() + (shown.left() - rect.left()) * s,
                     target.top() + (shown.top() - rect.top()) * s,
                     shown.width() * s, shown.height() * s)
        painter.setPen(QPen(QColor(theme.ACCENT), 1.5))
        painter.setBrush(QColor(47, 110, 235, 40))
        painter.drawRect(box)
        painter.setPen(QPen(QColor(theme.HAIRLINE), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawLine(0, 0, 0, self.height())
        painter.end()

    def _go(self, pos: QPointF) -> None:
        target, s = self._target()
        rect = self.view.sceneRect()
        self.view.centerOn(QPointF(rect.left() + (pos.x() - target.left()) / s,
                                   rect.top() + (pos.y() - target.top()) / s))
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: D102
        if event.button() == Qt.MouseButton.LeftButton:
            self._go(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: D102
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._go(event.position())
        event.accept()
