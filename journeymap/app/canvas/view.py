"""The view onto the map: zoom, pan, fit, and the interaction mode that handles the mouse.

Mouse and key events go to the current :class:`~.modes.Mode` object first (select and move,
connect, pan, present); what the mode does not take falls through to Qt's defaults (rubber-band
selection, moving cards). Modes switch by handing the view a new object, not by flags.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPen, QPixmapCache, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from journeymap.model.layout import LANE_HEADER

from .overview import Navigator
from .scene import JourneyScene

MIN_ZOOM = 0.1
MAX_ZOOM = 4.0
ZOOM_STEP = 1.2


class JourneyView(QGraphicsView):
    """A QGraphicsView with wheel zoom, space/middle-button pan and mode objects."""

    zoom_changed = Signal(float)
    #: The overview (stages wrapped into rows) was shown (True) or left (False).
    overview_toggled = Signal(bool)

    def __init__(self, scene: JourneyScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        # A viewport made here, so Python holds it from the start: Qt's own would be handed
        # to Python untyped at the first viewport() call, and PySide6 then readies every
        # widget class it might be (their enums included) to find its type: ~2 ms.
        self.setViewport(QWidget())
        from .modes import SelectMode

        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        # Cards are copied from pixmaps made at the view's zoom (CardItem): the cards in
        # sight must fit Qt's pixmap cache, or each frame paints them afresh. Its default
        # (10 MB) holds a full-screen view of cards at 100% on a plain screen, not at
        # 400% or on a high-density one (4 bytes a device pixel).
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), 96 * 1024))
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setAcceptDrops(False)  # files dropped on the canvas go to the window
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        # a map shorter than the window sits at the top, under the toolbar, not mid-air
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.mode = SelectMode(self)
        self._space_held = False
        from .overview import Overview

        self.legend: QWidget | None = None
        self._laying_out = False
        self.navigator = Navigator(self)
        self.overview = Overview(scene, self)
        self.overview.stage_chosen.connect(self.go_to_stage)
        self.overview.closed.connect(lambda: self.show_overview(False))
        scene.sceneRectChanged.connect(lambda *_: self.layout_band())

    @property
    def journey_scene(self) -> JourneyScene:
        scene = self.scene()
        assert isinstance(scene, JourneyScene)
        return scene

    # ------------------------------------------------------------------ the band below
    def set_legend(self, legend: QWidget) -> None:
        """Dock ``legend`` in the band under the map (left of the navigator): the viewport
        gives the band up, so the legend never covers a card. ``legend`` lays itself out
        as a strip with ``set_strip(width)``; hidden, it gives its room back."""
        self.legend = legend
        legend.setParent(self)
        legend.installEventFilter(self)
        self.layout_band()

    def show_navigator(self, shown: bool) -> None:
        self.navigator.setVisible(shown)
        self.layout_band()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.legend and event.type() in (QEvent.Type.Show, QEvent.Type.Hide,
                                                       QEvent.Type.Resize):
            self.layout_band()
        return False

    def resizeEvent(self, event) -> None:  # noqa: D102 - Qt's interface
        super().resizeEvent(event)
        self.layout_band()
        if self.overview.isVisible():
            self.overview.setGeometry(self.viewport().geometry())

    def layout_band(self) -> None:
        """Place the legend and the navigator in the band under the map."""
        if self._laying_out:
            return
        self._laying_out = True
        try:
            frame = self.frameWidth()
            bar = self.verticalScrollBar()
            width = self.width() - 2 * frame - (bar.width() if bar.isVisible() else 0)
            legend = self.legend if self.legend is not None and not self.legend.isHidden() \
                else None
            navigator = not self.navigator.isHidden()
            nav_width = self.navigator.width_for(Navigator.HEIGHT) if navigator else 0
            height = 0
            if legend is not None:
                legend.set_strip(max(200, width - nav_width))
                height = legend.height()
            if navigator:
                height = max(height, Navigator.HEIGHT)
            if self.viewportMargins().bottom() != height:
                self.setViewportMargins(0, 0, 0, height)
            viewport = self.viewport().geometry()
            if legend is not None:
                legend.setGeometry(viewport.left(), viewport.bottom() + 1, legend.width(),
                                   height)
                legend.raise_()
            if navigator:
                self.navigator.setGeometry(viewport.left() + width - nav_width,
                                           viewport.bottom() + 1, nav_width, height)
                self.navigator.raise_()
        finally:
            self._laying_out = False

    # ------------------------------------------------------------------ overview
    def show_overview(self, shown: bool = True) -> None:
        """The whole journey, its stages wrapped into rows (Esc or O leaves)."""
        if shown:
            self.overview.setGeometry(self.viewport().geometry())
            self.overview.show()
            self.overview.raise_()
            self.overview.setFocus()
        elif self.overview.isVisible():
            self.overview.hide()
            self.setFocus()
        self.overview_toggled.emit(self.overview.isVisible())

    def go_to_stage(self, key: str) -> None:
        """Leave the overview for one stage, its full height on screen, readable."""
        self.show_overview(False)
        rect = self.journey_scene.stage_rect(key)
        viewport = self.viewport().rect()
        self.set_zoom(min(1.0, max(0.55, (viewport.height() - 4) / rect.height())))
        self.centerOn(rect.center())

    def set_mode(self, mode) -> None:
        """Hand the mouse to another interaction mode (the old one is told to finish)."""
        self.mode.leave()
        self.mode = mode
        mode.enter()

    # ------------------------------------------------------------------ zoom
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        scale = factor / self.zoom()
        if abs(scale - 1.0) > 1e-9:
            self.scale(scale, scale)
            self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def fit(self, rect: QRectF | None = None) -> None:
        """Show ``rect`` (default: the whole map) as large as fits, never above 100%."""
        rect = rect if rect is not None else self.sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.0:
            self.set_zoom(1.0)
            self.centerOn(rect.center())
        self.zoom_changed.emit(self.zoom())

    def fit_readable(self, min_zoom: float = 0.55) -> None:
        """The whole map when it fits at a readable size; otherwise its full height (at
        least ``min_zoom``) from the left edge, so a wide map opens readable, not tiny."""
        rect = self.sceneRect()
        viewport = self.viewport().rect()
        if rect.isEmpty() or viewport.isEmpty():
            return
        whole = min(viewport.width() / rect.width(), viewport.height() / rect.height())
        if whole >= min_zoom:
            self.fit(rect)
            return
        self.set_zoom(max(min_zoom, min(1.0, (viewport.height() - 4) / rect.height())))
        self.ensureVisible(QRectF(rect.left(), rect.top(), 1, 1), 0, 0)
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        self.zoom_changed.emit(self.zoom())

    def contextMenuEvent(self, event) -> None:
        window = self.window()
        if not hasattr(window, "presenting") or window.presenting():
            return
        from .context import build_menu

        build_menu(window, event.pos()).popup(event.globalPos())
        event.accept()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        """Keep stage headers and lane names in sight when the map is scrolled past them
        (frozen panes), over the cards that scroll underneath."""
        scene = self.journey_scene
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        left = max(0.0, visible.left())
        top = max(0.0, visible.top())
        if (left, top) != scene.frozen:
            scene.frozen = (left, top)
        if not len(scene.document.journey) and scene.grid.stages:
            self._paint_empty_hint(painter)
        if top > 0 or left > 0:
            scene.paint_stage_headers(painter, rect, top, left + LANE_HEADER)
        if left > 0 or top > 0:
            scene.paint_lane_labels(painter, rect, left, top)

    def _paint_empty_hint(self, painter: QPainter) -> None:
        """A first step for an empty map, in the first cell."""
        from .. import theme

        g = self.journey_scene.grid
        cell = QRectF(g.stages[0].start, g.lanes[0].start, g.stages[0].end - g.stages[0].start,
                      g.lanes[0].end - g.lanes[0].start).adjusted(10, 10, -10, -10)
        painter.save()
        pen = QPen(theme.qcolor(theme.ACCENT), 1.2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(theme.qcolor("#f5f8ff"))
        painter.drawRoundedRect(cell, 8, 8)
        painter.setPen(theme.qcolor(theme.MUTED))
        painter.setFont(theme.font(8))
        painter.drawText(cell.adjusted(8, 4, -8, -4),
                         Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         "Double-click a cell (or press N) to add a touchpoint; drag from a "
                         "card's + handle to connect it.")
        painter.restore()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        # Qt moves the old pixels, frozen headers included: repaint the header strips and
        # where the old strips were moved to, not the whole view.
        # Where the strips are painted: at the view's edges once scrolled past them, else
        # where the map has them (below and right of its margin).
        from journeymap.model.layout import STAGE_HEADER

        viewport = self.viewport()
        visible = self.mapToScene(viewport.rect()).boundingRect()
        left, top = max(0.0, visible.left()), max(0.0, visible.top())
        column = self.mapFromScene(QRectF(left, visible.top(), LANE_HEADER,
                                          visible.height())).boundingRect()
        band = self.mapFromScene(QRectF(visible.left(), top, visible.width(),
                                        STAGE_HEADER)).boundingRect()
        if dx:
            viewport.update(column.adjusted(-abs(dx) - 2, 0, abs(dx) + 2, 0))
            # stage names slide along the header band to stay in sight
            viewport.update(band.adjusted(0, -2, 0, 2))
        if dy:
            viewport.update(band.adjusted(0, -abs(dy) - 2, 0, abs(dy) + 2))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - event.angleDelta().y())
            return
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.set_zoom(self.zoom() * (ZOOM_STEP ** steps))
        event.accept()

    # ------------------------------------------------------------------ events → mode
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.mode.press(event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self.mode.move(event):
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self.mode.release(event):
            super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if not self.mode.double_click(event):
            super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.mode.key_press(event):
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if not self.mode.key_release(event):
            super().keyReleaseEvent(event)
