"""Presentation mode: full screen, chrome hidden, one stage at a time.

Arrow keys (and Page Up/Down, Space) step through the stages, each zoomed to fill the screen;
Home and End jump to the first and last; Esc leaves and puts the window back as it was. Cards
keep their markers and any heat colours, because presenting shows the very same scene.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainterPath
from PySide6.QtWidgets import QDockWidget, QGraphicsPathItem, QMainWindow, QToolBar

from journeymap.model.layout import LANE_HEADER

from .canvas.modes import Mode, SelectMode

if TYPE_CHECKING:
    from .canvas.view import JourneyView


class PresentMode(Mode):
    """The view's mode while presenting: keys step through stages, clicks advance."""

    def __init__(self, presenter: Presenter) -> None:
        super().__init__(presenter.view)
        self.presenter = presenter

    def key_press(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Space):
            self.presenter.step(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace):
            self.presenter.step(-1)
        elif key == Qt.Key.Key_Home:
            self.presenter.show_stage(0)
        elif key == Qt.Key.Key_End:
            self.presenter.show_stage(len(self.presenter.stages()) - 1)
        elif key == Qt.Key.Key_Escape:
            self.presenter.stop()
        elif key == Qt.Key.Key_O:  # overview: the whole map
            self.presenter.overview()
        return True

    def press(self, event: QMouseEvent) -> bool:
        if event.button() == Qt.MouseButton.LeftButton:
            self.presenter.step(1)
        elif event.button() == Qt.MouseButton.RightButton:
            self.presenter.step(-1)
        return True

    def move(self, event: QMouseEvent) -> bool:
        return True

    def release(self, event: QMouseEvent) -> bool:
        return True

    def double_click(self, event: QMouseEvent) -> bool:
        return True


class _Refit(QObject):
    """Fits the page again when the screen settles on its full-screen size (a window
    manager grants it after the first fit, and a bare X server in steps)."""

    def __init__(self, presenter: Presenter) -> None:
        super().__init__(presenter.window)
        self.presenter = presenter

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and self.presenter.active:
            self.presenter._show_current()
        return False


class Presenter:
    """Runs presentation mode for a window that shows ``view``: it needs the window only to
    go full screen and hide its chrome (menus, toolbars, panels, status bar), the view to
    show the stages, and ``stages()`` for their ids in order. Nothing else of the app."""

    def __init__(self, window: QMainWindow, view: JourneyView,
                 stages: Callable[[], list[str]]) -> None:
        self.window = window
        self.view = view
        self.stages = stages
        self.active = False
        self.index = -1  # -1: the overview
        self._state = QByteArray()
        self._geometry = QByteArray()
        self._hidden: list = []
        self.spotlight = QGraphicsPathItem()
        self.spotlight.setBrush(QColor(244, 246, 249, 200))
        self.spotlight.setPen(Qt.PenStyle.NoPen)
        self.spotlight.setZValue(50)
        self.spotlight.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._last = 0           # the stage shown before the overview
        self._zoom: tuple | None = None   # the view's transform and scroll before presenting
        self._navigator = False
        # after the view's own handler (connected first), so the presenter has the last word
        view.overview.stage_chosen.connect(self._stage_chosen)
        view.overview.closed.connect(lambda: self.active and self.show_stage(self._last))
        view.viewport().installEventFilter(_Refit(self))

    def start(self) -> None:
        if self.active:
            return
        w = self.window
        self.active = True
        self._state = w.saveState()
        self._geometry = w.saveGeometry()
        self._was_maximised = w.isMaximized()
        self._hidden = [x for x in (w.menuBar(), w.statusBar(), *w.findChildren(QToolBar),
                                    *w.findChildren(QDockWidget)) if x.isVisible()]
        view = self.view
        self._zoom = (view.transform(), view.horizontalScrollBar().value(),
                      view.verticalScrollBar().value())
        self._navigator = not view.navigator.isHidden()
        view.show_navigator(False)
        view.show_overview(False)
        for widget in self._hidden:
            widget.hide()
        self.view.journey_scene.clearSelection()
        self.view.set_mode(PresentMode(self))
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        w.showFullScreen()
        self.view.setFocus()
        self.index = 0 if self.stages() else -1
        QTimer.singleShot(0, self._show_current)
        self._show_current()

    def stop(self) -> None:
        if not self.active:
            return
        w = self.window
        self.active = False
        self.view.set_mode(SelectMode(self.view))
        if self.spotlight.scene() is not None:
            self.view.journey_scene.removeItem(self.spotlight)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        w.showNormal()
        if self._was_maximised:
            w.showMaximized()
        w.restoreGeometry(self._geometry)
        w.restoreState(self._state)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self.view.show_overview(False)
        self.view.show_navigator(self._navigator)
        QTimer.singleShot(0, self._restore_zoom)

    def _restore_zoom(self) -> None:
        """Back to the zoom and place the user had before presenting."""
        if self._zoom is None or self.active:
            return
        view = self.view
        transform, x, y = self._zoom
        view.setTransform(transform)
        view.horizontalScrollBar().setValue(x)
        view.verticalScrollBar().setValue(y)
        view.zoom_changed.emit(view.zoom())

    def step(self, delta: int) -> None:
        stages = self.stages()
        if stages:
            self.show_stage(max(0, min(len(stages) - 1, self.index + delta)))

    def show_stage(self, index: int) -> None:
        self.index = index
        self._show_current()

    def overview(self) -> None:
        """The whole journey, stages wrapped into rows; again: back to the stage shown."""
        if self.index < 0 and self.view.overview.isVisible():
            self.show_stage(self._last)
            return
        if self.index >= 0:
            self._last = self.index
        self.index = -1
        self._show_current()

    def _stage_chosen(self, key: str) -> None:
        if self.active and key in self.stages():
            self.show_stage(self.stages().index(key))

    def _show_current(self) -> None:
        if not self.active:
            return
        view, scene = self.view, self.view.journey_scene
        stages = self.stages()
        if self.spotlight.scene() is not None:
            scene.removeItem(self.spotlight)
        if self.index < 0 or not stages:
            view.show_overview(True)
        else:
            view.show_overview(False)
            self.index = min(self.index, len(stages) - 1)
            stage = scene.stage_rect(stages[self.index])
            # dim everything but this stage (and the lane names, which explain the rows)
            shade = QPainterPath()
            shade.addRect(scene.sceneRect().adjusted(-4000, -4000, 4000, 4000))
            keep = QPainterPath()
            keep.addRect(stage)
            keep.addRect(QRectF(scene.sceneRect().left(), stage.top(),
                                stage.left() - scene.sceneRect().left(), stage.height())
                         if self.index == 0 else QRectF())
            self.spotlight.setPath(shade.subtracted(keep))
            scene.addItem(self.spotlight)
            # room on the left for the lane names, which stay in sight over the dimmed
            # neighbour instead of covering this stage's cards
            rect = stage.adjusted(-LANE_HEADER - 4, -12, 20, 12)
            view.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            if view.zoom() > 2.0:
                view.set_zoom(2.0)
                view.centerOn(rect.center())
        view.zoom_changed.emit(view.zoom())

    def current_stage(self) -> str | None:
        stages = self.stages()
        return stages[self.index] if 0 <= self.index < len(stages) else None
