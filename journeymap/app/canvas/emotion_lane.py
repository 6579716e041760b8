"""The emotion curve on the canvas: a lane under the grid with each persona's emotion as the
workshop scored it and, where feedback exists, the measured emotion with its 95% interval,
each point under its card. The series are the figures' own
(:func:`journeymap.render.curve.designer_series`, :func:`~journeymap.render.curve.measured_series`),
so the canvas and the rendered curve say the same thing.

Showing it is a view setting, never an edit: it does not touch the journey or the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from journeymap.model.layout import CARD_WIDTH, LANE_HEADER

from .. import theme
from ..theme import qcolor

if TYPE_CHECKING:
    from journeymap.render.evidence import Evidence

GAP = 24.0          # between the grid and the lane
HEIGHT = 190.0
PAD = 14.0          # above +2 and below −2 inside the lane
TICKS = (2, 1, 0, -1, -2)
SETTING = "view/emotion_curve"


class EmotionLaneItem(QGraphicsItem):
    """The lane's picture: grid lines at −2..+2, a line per series, interval bars."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.width = LANE_HEADER
        #: (name, colour, points (x, value), intervals {x: (low, high)} or None, dashed)
        self.series: list[tuple[str, str, list[tuple[float, float]],
                                dict[float, tuple[float, float]] | None, bool]] = []

    def set_data(self, width: float, series) -> None:
        self.prepareGeometryChange()
        self.width = width
        self.series = series
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width, HEIGHT)

    def y_of(self, value: float) -> float:
        return PAD + (2 - value) / 4 * (HEIGHT - 2 * PAD)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.fillRect(QRectF(LANE_HEADER, 0, self.width - LANE_HEADER, HEIGHT),
                         qcolor("#ffffff"))
        painter.fillRect(QRectF(0, 0, LANE_HEADER, HEIGHT), qcolor(theme.HEADER))
        hair = QPen(qcolor(theme.HAIRLINE), 1)
        hair.setCosmetic(True)
        painter.setPen(hair)
        painter.setBrush(Qt.BrushStyle.NoBrush)   # the painter comes with the last item's
        painter.drawRect(QRectF(0, 0, self.width, HEIGHT))
        painter.setFont(theme.font(7))
        for tick in TICKS:
            y = self.y_of(tick)
            painter.setPen(QPen(qcolor("#9aa0a6" if tick == 0 else "#e3e7ec"), 1))
            painter.drawLine(QPointF(LANE_HEADER, y), QPointF(self.width, y))
            painter.setPen(qcolor(theme.MUTED))
            painter.drawText(QRectF(LANE_HEADER - 26, y - 7, 22, 14),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{tick:+d}" if tick else "0")
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for _, colour, points, intervals, dashed in self.series:
            pen = QPen(qcolor(colour), 1.2 if dashed else 2.0)
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            for x, (low, high) in (intervals or {}).items():
                painter.setPen(QPen(qcolor(colour), 1.0))
                painter.drawLine(QPointF(x, self.y_of(low)), QPointF(x, self.y_of(high)))
            path = QPainterPath()
            for i, (x, value) in enumerate(points):
                (path.lineTo if i else path.moveTo)(QPointF(x, self.y_of(value)))
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(qcolor(colour))
            for x, value in points:
                y = self.y_of(value)
                if dashed:
                    painter.drawRect(QRectF(x - 2.5, y - 2.5, 5, 5))
                else:
                    painter.drawEllipse(QPointF(x, y), 3, 3)
        self._legend(painter)

    def _legend(self, painter: QPainter) -> None:
        painter.setPen(qcolor(theme.INK))
        painter.setFont(theme.font(9, bold=True))
        painter.drawText(QRectF(12, 8, LANE_HEADER - 40, 16), Qt.AlignmentFlag.AlignLeft,
                         "Emotion")
        painter.setFont(theme.font(7))
        y = 30.0
        for name, colour, _, _, dashed in self.series:
            if y > HEIGHT - 16:
                break
            painter.fillRect(QRectF(12, y + 4, 10, 3 if not dashed else 2), qcolor(colour))
            painter.setPen(qcolor(theme.INK))
            rect = QRectF(26, y - 2, LANE_HEADER - 56, 30)
            shown = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight,
                                                     int(rect.width() * 2 - 10))
            bounds = painter.boundingRect(rect, Qt.TextFlag.TextWordWrap, shown)
            painter.drawText(rect, Qt.TextFlag.TextWordWrap, shown)
            y += min(bounds.height(), 30) + 4


class EmotionLane(QObject):
    """Keeps the lane under the scene's grid while it is shown: re-placed after every
    layout, re-read when the evidence or the persona changes."""

    def __init__(self, scene, evidence: Callable[[], Evidence | None] = lambda: None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.evidence = evidence
        self.item: EmotionLaneItem | None = None
        scene.laid_out.connect(self.refresh)

    @property
    def visible(self) -> bool:
        return self.item is not None

    def set_visible(self, visible: bool) -> None:
        if visible == self.visible:
            return
        if visible:
            self.item = EmotionLaneItem()
            self.scene.addItem(self.item)
            self.refresh()
        else:
            self.scene.removeItem(self.item)
            self.item = None
            self.scene.relayout()   # the scene shrinks back to the grid

    def refresh(self, *_: Any) -> None:
        if self.item is None:
            return
        from journeymap.render import curve   # numpy: only once the lane is shown

        scene = self.scene
        journey = scene.document.journey
        grid = scene.grid
        xs = {key: card.pos().x() for key, card in scene.cards.items()}
        xs = curve.spread_positions(journey, xs, CARD_WIDTH) if xs else {}
        series = []
        for s in curve.designer_series(journey, scene.persona):
            points = sorted((xs[k], v) for k, v in s.points if k in xs)
            series.append((s.name, s.colour, points, None, False))
        evidence = self.evidence()
        measured = curve.measured_series(journey, evidence) if evidence is not None else None
        if measured is not None:
            points = sorted((xs[k], v) for k, v in measured.points if k in xs)
            intervals = {xs[k]: iv for k, iv in (measured.intervals or {}).items() if k in xs}
            series.append((measured.name + " (95% interval)", "#111111", points, intervals,
                           True))
        self.item.setPos(0, grid.height + GAP)
        self.item.set_data(grid.width, series)
        rect = scene.sceneRect()
        bottom = grid.height + GAP + HEIGHT + 40
        if rect.bottom() < bottom:
            rect.setBottom(bottom)
            scene.setSceneRect(rect)

    def series_names(self) -> list[str]:
        return [s[0] for s in self.item.series] if self.item is not None else []


def install(window) -> EmotionLane:
    """The lane and its checkable View ▸ Emotion curve action (on the toolbar too), shown as
    the last session left it."""
    def evidence():
        controller = getattr(getattr(window, "feedback", None), "controller", None)
        return getattr(controller, "evidence", None)

    lane = EmotionLane(window.scene, evidence, window)
    action = window.add_action("&View", "&Emotion curve", None, name="emotion_lane",
                               checkable=True, toolbar=True, icon="emotion-curve",
                               tip="Show each persona's emotion and the measured emotion "
                                   "in a lane under the map")

    def toggled(on: bool) -> None:
        lane.set_visible(on)
        window.settings.setValue(SETTING, on)

    action.toggled.connect(toggled)
    controller = getattr(getattr(window, "feedback", None), "controller", None)
    if controller is not None:
        controller.analysis_changed.connect(lane.refresh)
        controller.overlay_changed.connect(lane.refresh)
    window.persona_combo.activated.connect(lambda *_: lane.refresh())
    window.document.reset.connect(lane.refresh)
    action.setChecked(str(window.settings.value(SETTING, False)).lower() == "true")
    return lane
