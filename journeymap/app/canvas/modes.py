"""Interaction modes: objects the view hands its mouse and key events to.

Each mode answers ``press/move/release/double_click/key_press/key_release`` with True when it
took the event. :class:`SelectMode` is the resting mode (select, rubber band, move cards,
double-click to create or rename); it hands over to :class:`ConnectMode` (drag from a card's
handle), :class:`PanMode` (space-drag, middle button) and :class:`HeaderDragMode` (reorder stages
and lanes), which hand back when their gesture ends. One gesture is one undo entry: a drag is
recorded at press and pushed as one edit at release.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainterPath, QPen
from PySide6.QtWidgets import (QGraphicsPathItem, QGraphicsRectItem, QGraphicsTextItem,
                               QGraphicsView)

from .. import theme
from ..theme import qcolor
from .emotion_lane import EmotionLaneItem
from .items import CardItem, EdgeItem

if TYPE_CHECKING:
    from .view import JourneyView

DRAG_THRESHOLD = 4


class Mode:
    """Does nothing; subclasses take the events they handle."""

    def __init__(self, view: JourneyView) -> None:
        self.view = view

    @property
    def scene(self):
        return self.view.journey_scene

    @property
    def editor(self):
        return self.view.editor

    def enter(self) -> None:
        pass

    def leave(self) -> None:
        pass

    def press(self, event: QMouseEvent) -> bool:
        return False

    def move(self, event: QMouseEvent) -> bool:
        return False

    def release(self, event: QMouseEvent) -> bool:
        return False

    def double_click(self, event: QMouseEvent) -> bool:
        return False

    def key_press(self, event: QKeyEvent) -> bool:
        return False

    def key_release(self, event: QKeyEvent) -> bool:
        return False

    def card_at(self, event: QMouseEvent) -> CardItem | None:
        for item in self.view.items(event.position().toPoint()):
            if isinstance(item, CardItem):
                return item
        return None

    def scene_pos(self, event: QMouseEvent) -> QPointF:
        return self.view.mapToScene(event.position().toPoint())


class SelectMode(Mode):
    """Select (click, Ctrl-click, rubber band), move cards (snapping on release), create by
    double-click on an empty cell, rename by double-click on a card; hands over to the
    other modes."""

    def __init__(self, view: JourneyView) -> None:
        super().__init__(view)
        self._drag_start: dict[str, QPointF] | None = None
        self._grabbed: CardItem | None = None
        self._drop_cell: QGraphicsRectItem | None = None

    def press(self, event: QMouseEvent) -> bool:
        if event.button() == Qt.MouseButton.MiddleButton:
            self.view.set_mode(PanMode(self.view, hold_key=None))
            return self.view.mode.press(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        # headers first: frozen at the view's edges they are drawn over scrolled cards
        header = self.scene.header_at(self.scene_pos(event))
        card = self.card_at(event) if header is None else None
        if card is not None and card.on_handle(card.mapFromScene(self.scene_pos(event))):
            self.view.set_mode(ConnectMode(self.view, card))
            return True
        if header is not None:
            self.scene.clearSelection()
            self.scene.select_header(header)
            self.view.set_mode(HeaderDragMode(self.view, header, self.scene_pos(event)))
            return True
        if self.scene.current_header is not None:
            self.scene.select_header(None)
        QGraphicsView.mousePressEvent(self.view, event)
        if card is not None and card.isSelected():
            self._grabbed = card
            self._drag_start = {c.key: c.pos() for c in self.scene.selectedItems()
                                if isinstance(c, CardItem)}
            card.setCursor(Qt.CursorShape.ClosedHandCursor)
        return True

    def move(self, event: QMouseEvent) -> bool:
        QGraphicsView.mouseMoveEvent(self.view, event)
        if self._drag_start:
            self.scene.reroute_from(self._drag_start)
            self._show_drop_cell()
        return True

    def _show_drop_cell(self) -> None:
        """Tint the cell the grabbed card will land in."""
        if self._grabbed is None:
            return
        g = self.scene.grid
        pos = self._grabbed.pos()
        stage, lane = g.stage_at(pos.x()), g.lane_at(pos.y())
        if stage is None or lane is None:
            return
        if self._drop_cell is None:
            self._drop_cell = QGraphicsRectItem()
            self._drop_cell.setPen(Qt.PenStyle.NoPen)
            tint = qcolor(theme.ACCENT)
            self._drop_cell.setBrush(tint.fromRgb(tint.red(), tint.green(), tint.blue(), 28))
            self._drop_cell.setZValue(-2)
            self.scene.addItem(self._drop_cell)
        self._drop_cell.setRect(QRectF(stage.start, lane.start, stage.end - stage.start,
                                       lane.end - lane.start))

    def _hide_drop_cell(self) -> None:
        if self._drop_cell is not None:
            self.scene.removeItem(self._drop_cell)
            self._drop_cell = None

    def release(self, event: QMouseEvent) -> bool:
        QGraphicsView.mouseReleaseEvent(self.view, event)
        self._hide_drop_cell()
        start, self._drag_start = self._drag_start, None
        grabbed, self._grabbed = self._grabbed, None
        if grabbed is not None:
            grabbed.setCursor(Qt.CursorShape.OpenHandCursor)
        if start:
            moved = {key: self.scene.cards[key].pos() for key in start
                     if key in self.scene.cards and self.scene.cards[key].pos() != start[key]}
            if moved:
                self.editor.drop_cards({k: (p.x(), p.y()) for k, p in moved.items()})
        return True

    def double_click(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        pos = self.scene_pos(event)
        header = self.scene.header_at(pos)
        if header is not None:
            self.editor.rename_header_inline(*header)
            return True
        card = self.card_at(event)
        if card is not None:
            self.editor.rename_inline(card.key)
            return True
        if any(isinstance(item, (EdgeItem, EmotionLaneItem))
               for item in self.view.items(event.position().toPoint())):
            return False  # on an arrow or the emotion curve: nothing to create there
        self.editor.add_touchpoint_at(pos.x(), pos.y())
        return True

    def key_press(self, event: QKeyEvent) -> bool:
        if isinstance(self.scene.focusItem(), QGraphicsTextItem):
            return False  # typing in an inline editor
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.view.set_mode(PanMode(self.view, hold_key=Qt.Key.Key_Space))
            return True
        arrows = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
                  Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if event.key() in arrows:
            dx, dy = arrows[event.key()]
            keys = self.scene.selected_touchpoints()
            if event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                    | Qt.KeyboardModifier.AltModifier):
                if keys:
                    self.editor.nudge(keys, dx, dy)
                    self.view.ensureVisible(self.scene.cards[keys[0]], 40, 40)
            else:
                self._walk(keys, dx, dy)
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            keys = self.scene.selected_touchpoints()
            if len(keys) == 1:
                self.editor.rename_inline(keys[0])
                return True
        return False

    def _walk(self, keys: list[str], dx: int, dy: int) -> None:
        """Select the nearest card in the direction of an arrow key."""
        cards = self.scene.cards
        if not cards:
            return
        if not keys:
            first = min(cards.values(), key=lambda c: (c.pos().x(), c.pos().y()))
            self.scene.select_keys([first.key])
            return
        here = cards[keys[-1]].pos()
        best, best_cost = None, None
        for card in cards.values():
            d = card.pos() - here
            along = d.x() * dx + d.y() * dy
            if along <= 1:
                continue
            across = abs(d.y() if dx else d.x())
            cost = along + 3 * across
            if best_cost is None or cost < best_cost:
                best, best_cost = card, cost
        if best is not None:
            self.scene.select_keys([best.key])
            self.view.ensureVisible(best, 40, 40)


class PanMode(Mode):
    """Drag the map around: while space is held (any button) or with the middle button."""

    def __init__(self, view: JourneyView, hold_key: Qt.Key | None) -> None:
        super().__init__(view)
        self.hold_key = hold_key
        self._last: QPointF | None = None

    def enter(self) -> None:
        self.view.viewport().setCursor(Qt.CursorShape.OpenHandCursor)

    def leave(self) -> None:
        self.view.viewport().unsetCursor()

    def press(self, event: QMouseEvent) -> bool:
        self._last = event.position()
        self.view.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        return True

    def move(self, event: QMouseEvent) -> bool:
        if self._last is not None:
            delta = event.position() - self._last
            self._last = event.position()
            h, v = self.view.horizontalScrollBar(), self.view.verticalScrollBar()
            h.setValue(h.value() - round(delta.x()))
            v.setValue(v.value() - round(delta.y()))
        return True

    def release(self, event: QMouseEvent) -> bool:
        self._last = None
        if self.hold_key is None:
            self.view.set_mode(SelectMode(self.view))
        else:
            self.view.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        return True

    def double_click(self, event: QMouseEvent) -> bool:
        return True

    def key_press(self, event: QKeyEvent) -> bool:
        return event.key() == self.hold_key

    def key_release(self, event: QKeyEvent) -> bool:
        if event.key() == self.hold_key and not event.isAutoRepeat():
            self.view.set_mode(SelectMode(self.view))
            return True
        return False


class ConnectMode(Mode):
    """Drag from a card's handle to another card to connect them; Esc or a drop on nothing
    cancels."""

    def __init__(self, view: JourneyView, source: CardItem) -> None:
        super().__init__(view)
        self.source = source
        self.line = QGraphicsPathItem()
        pen = QPen(qcolor(theme.ACCENT), 2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.line.setPen(pen)
        self.line.setZValue(10)
        self.target: CardItem | None = None

    def enter(self) -> None:
        self.scene.addItem(self.line)
        self.view.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def leave(self) -> None:
        self.scene.removeItem(self.line)
        self.view.viewport().unsetCursor()
        self._highlight(None)

    def _highlight(self, card: CardItem | None) -> None:
        if card is not self.target:
            if self.target is not None and self.target.scene() is not None:
                self.target.setSelected(False)
            self.target = card
            if card is not None:
                card.setSelected(True)

    def move(self, event: QMouseEvent) -> bool:
        start = self.source.mapToScene(self.source.handle_centre())
        end = self.scene_pos(event)
        path = QPainterPath(start)
        path.cubicTo(QPointF(start.x() + 60, start.y()), QPointF(end.x() - 60, end.y()), end)
        self.line.setPath(path)
        card = self.card_at(event)
        self._highlight(card if card is not self.source else None)
        return True

    def press(self, event: QMouseEvent) -> bool:
        return True

    def release(self, event: QMouseEvent) -> bool:
        card = self.card_at(event)
        source = self.source.key
        self.view.set_mode(SelectMode(self.view))
        if card is not None and card is not self.source:
            self.editor.connect(source, card.key)
        return True

    def double_click(self, event: QMouseEvent) -> bool:
        return True

    def key_press(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            self.view.set_mode(SelectMode(self.view))
        return True


class HeaderDragMode(Mode):
    """Press on a stage header or lane label: a click selects it (the inspector shows it),
    a drag reorders it, dropping where the marker shows."""

    def __init__(self, view: JourneyView, header: tuple[str, str], start: QPointF) -> None:
        super().__init__(view)
        self.kind, self.key = header
        self.start = start
        self.dragging = False
        self.marker = QGraphicsRectItem()
        self.marker.setPen(Qt.PenStyle.NoPen)
        self.marker.setBrush(qcolor(theme.ACCENT))
        self.marker.setZValue(20)
        self.index = -1

    def leave(self) -> None:
        if self.marker.scene() is not None:
            self.scene.removeItem(self.marker)

    def _target_index(self, pos: QPointF) -> tuple[int, float]:
        """The index the header would take, and where to draw the marker."""
        bands = self.scene.grid.stages if self.kind == "stage" else self.scene.grid.lanes
        v = pos.x() if self.kind == "stage" else pos.y()
        current = [b.id for b in bands].index(self.key)
        index = len(bands) - 1
        for i, band in enumerate(bands):
            if v < band.centre:
                index = i if i <= current else i - 1
                break
        edge = bands[0].start
        for i, band in enumerate(bands):
            if v >= band.centre:
                edge = band.end
        return index, edge

    def move(self, event: QMouseEvent) -> bool:
        pos = self.scene_pos(event)
        if not self.dragging and (pos - self.start).manhattanLength() < DRAG_THRESHOLD:
            return True
        if not self.dragging:
            self.dragging = True
            self.scene.addItem(self.marker)
        self.index, edge = self._target_index(pos)
        g = self.scene.grid
        rect = (QRectF(edge - 2, 0, 4, g.height) if self.kind == "stage"
                else QRectF(0, edge - 2, g.width, 4))
        self.marker.setRect(rect)
        return True

    def release(self, event: QMouseEvent) -> bool:
        dragging, index = self.dragging, self.index
        self.view.set_mode(SelectMode(self.view))
        if dragging and index >= 0:
            self.editor.move_header(self.kind, self.key, index)
        return True

    def double_click(self, event: QMouseEvent) -> bool:
        self.view.set_mode(SelectMode(self.view))
        self.editor.rename_header_inline(self.kind, self.key)
        return True
