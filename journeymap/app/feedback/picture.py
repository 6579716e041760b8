"""A picture you can read whatever its size: opens fitted to its pane, the wheel zooms
(towards the pointer), a drag pans, double-click or Fit goes back to fitted, 100% shows it
pixel for pixel. The heatmaps use it in their dock and in their own window."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPixmap, QTransform, QWheelEvent
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QWidget

ZOOM_STEP = 1.2
#: Fit shows the whole picture unless that is smaller than this share of fitting its width.
WHOLE_OR_WIDTH = 0.5
MIN_ZOOM, MAX_ZOOM = 0.05, 8.0


class PictureView(QGraphicsView):
    """See the module docstring. :attr:`fitted` stays True until the user zooms."""

    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewport(QWidget())  # ours from the start (see JourneyView.__init__)
        self.setScene(QGraphicsScene(self))
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.item)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setToolTip("Wheel: zoom · drag: move · double-click: fit")
        self.fitted = True

    def pixmap(self) -> QPixmap:
        return self.item.pixmap()

    def set_pixmap(self, pixmap: QPixmap) -> None:
        """Show ``pixmap``; a fitted view fits the new one, a zoomed one keeps its zoom."""
        self.item.setPixmap(pixmap)
        self.scene().setSceneRect(self.item.boundingRect())  # in logical pixels: 100% is
        # the picture at the screen's size even when drawn sharper (a device pixel ratio)
        if self.fitted:
            self.fit()

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self.fitted = False
        self.scale(factor / self.zoom(), factor / self.zoom())
        self.zoom_changed.emit(self.zoom())

    def fit(self) -> None:
        """The whole picture in the pane, or, for a tall one that would shrink to less than
        half its width's fit (a heatmap of 46 touchpoints), its width, scrolled to the top
        (never enlarged past 100%)."""
        self.fitted = True
        rect = self.item.boundingRect()
        viewport = self.viewport().rect()
        if rect.isEmpty() or viewport.width() < 2:
            return
        width = min(1.0, (viewport.width() - 2) / rect.width())
        whole = min(width, (viewport.height() - 2) / rect.height())
        scale = whole if whole >= WHOLE_OR_WIDTH * width else width
        self.setTransform(QTransform.fromScale(scale, scale))
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        self.zoom_changed.emit(self.zoom())

    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def resizeEvent(self, event) -> None:  # noqa: D102 - Qt's interface
        super().resizeEvent(event)
        if self.fitted:
            self.fit()

    def showEvent(self, event) -> None:  # noqa: D102
        super().showEvent(event)
        if self.fitted:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: D102
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.set_zoom(self.zoom() * ZOOM_STEP ** steps)
        event.accept()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: D102
        self.fit()
        event.accept()
