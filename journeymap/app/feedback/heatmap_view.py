"""The heatmap view: the figures of ``journeymap render --view heatmap`` in a dock, drawn by
:mod:`journeymap.render` in a worker thread and exportable as PNG, SVG or PDF.

matplotlib is imported in the worker the first time the view is shown, never at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from journeymap.measures import MEASURES
from journeymap.model.layout import LAYOUT_DPI

from ..widgets import blocked
from .folders import start_path
from .picture import PictureView
from .worker import Job, describe

if TYPE_CHECKING:
    from .controller import FeedbackController

FIGURES = (("Touchpoint × measure", "measure"), ("Stage × channel", "channel"),
           ("Touchpoint × segment", "segment"))
EXPORT_FILTER = "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"
#: Drawn sharper than the screen's 96 dpi, so zooming in (or a window of its own) stays crisp.
SCREEN_DPI = 150


class HeatmapWindow(QWidget):
    """A heatmap in its own window: the figure fitted, zoomable, exportable."""

    def __init__(self, view: HeatmapView) -> None:
        super().__init__(view, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.picture = PictureView()
        export = QPushButton("Export…")
        export.clicked.connect(lambda: view.export())
        fit = QPushButton("Fit")
        fit.clicked.connect(self.picture.fit)
        actual = QPushButton("100%")
        actual.clicked.connect(self.picture.actual_size)
        bar = QHBoxLayout()
        for button in (fit, actual):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(export)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.picture, 1)
        screen = view.screen().availableGeometry()
        self.resize(int(screen.width() * 0.8), int(screen.height() * 0.8))

    def show_figure(self, pixmap: QPixmap, title: str) -> None:
        self.setWindowTitle(f"{title} — journeymap")
        self.picture.set_pixmap(pixmap)


class HeatmapView(QWidget):
    """A figure choice, a measure, a segment; the figure; Export."""

    def __init__(self, controller: FeedbackController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.figure_box = QComboBox()
        for label, key in FIGURES:
            self.figure_box.addItem(label, key)
        self.measure_box = QComboBox()
        for key, m in MEASURES.items():
            if key != "emotion":
                self.measure_box.addItem(m.label, key)
        self.segment_box = QComboBox()
        self.segment_box.setToolTip("The segment or period of the touchpoint × segment view "
                                    "(the same choice as the heat panel's Customers)")
        self.export_button = QPushButton("Export…")
        self.export_button.setEnabled(False)
        self.window_button = QPushButton("Open in window")
        self.window_button.setToolTip("The heatmap in a window of its own, as large as you like")
        self.window_button.setEnabled(False)
        self.fit_button = QPushButton("Fit")
        self.fit_button.setToolTip("The whole figure in the pane (wheel zooms, drag moves)")
        self.actual_button = QPushButton("100%")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.image = PictureView()
        self.fit_button.clicked.connect(self.image.fit)
        self.actual_button.clicked.connect(self.image.actual_size)
        self.window_button.clicked.connect(lambda: self.open_window())
        self.windows: list[HeatmapWindow] = []
        # Rows of controls, so the dock can be narrow and leave the canvas its room.
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Figure"))
        bar.addWidget(self.figure_box, 1)
        bar.addWidget(self.export_button)
        choices = QHBoxLayout()
        for widget in (QLabel("Measure"), self.measure_box, QLabel("Segment"), self.segment_box):
            choices.addWidget(widget, 1 if isinstance(widget, QComboBox) else 0)
        views = QHBoxLayout()
        for button in (self.fit_button, self.actual_button, self.window_button):
            views.addWidget(button)
        views.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(choices)
        layout.addLayout(views)
        layout.addWidget(self.message)
        layout.addWidget(self.image, 1)
        self.figure: Any = None          # the last render.Figure (exported as is)
        self.job: Job | None = None
        self._dirty = True
        self.figure_box.currentIndexChanged.connect(self._changed)
        self.measure_box.currentIndexChanged.connect(self._changed)
        self.segment_box.currentIndexChanged.connect(self._segment_chosen)
        self.export_button.clicked.connect(self.export)
        controller.analysis_changed.connect(self.analysis_changed)
        self._fill_segments()

    # ------------------------------------------------------------------ choices
    def _fill_segments(self) -> None:
        panel_box = getattr(self.controller, "heat_panel", None)
        with blocked(self.segment_box):
            self.segment_box.clear()
            if panel_box is not None:
                for i in range(1, panel_box.breakdown.count()):
                    self.segment_box.addItem(panel_box.breakdown.itemText(i),
                                             panel_box.breakdown.itemData(i))
            index = self.segment_box.findData(self.controller.by)
            if index >= 0:
                self.segment_box.setCurrentIndex(index)
        self.segment_box.setEnabled(self.figure_box.currentData() == "segment"
                                    and self.segment_box.count() > 0)

    def _segment_chosen(self) -> None:
        by = self.segment_box.currentData()
        if by and by != self.controller.by:
            self.controller.set_breakdown(by)   # draws again when the breakdown is ready
        else:
            self._changed()

    def _changed(self) -> None:
        self._fill_segments()
        if self.figure_box.currentData() == "segment" and not self.controller.by \
                and self.segment_box.count():
            self.controller.set_breakdown(self.segment_box.itemData(0))
            return
        self.analysis_changed()

    def analysis_changed(self) -> None:
        """The data changed: draw again now if on screen, else when next shown (drawing
        500 rows takes a second of a worker that shares the interpreter with the GUI)."""
        self._dirty = True
        if self.on_screen():
            self.draw()

    def on_screen(self) -> bool:
        """Visible and not behind another tab (tabbed docks stay "visible" behind)."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def shown(self) -> None:
        """The dock came to the front: draw if the data changed meanwhile."""
        if self._dirty:
            self.draw()

    def showEvent(self, event) -> None:  # noqa: D102 - Qt's interface
        super().showEvent(event)
        if self._dirty and self.on_screen():
            self.draw()

    # ------------------------------------------------------------------ drawing
    def draw(self) -> Job | None:
        """Render the chosen figure in a worker; the picture follows."""
        c = self.controller
        kind = self.figure_box.currentData()
        measure = self.measure_box.currentData()
        # the segment view compares every group; the others show the group chosen, if any
        analysis = c.analysis_by if kind == "segment" else c.shown_analysis()
        if analysis is None:
            self.message.setText("The heatmaps appear once the feedback is read"
                                 + (" for a segment or period (choose one)." if kind == "segment"
                                    else "." if c.journey.sources else
                                    ": import feedback first."))
            return None
        self._dirty = False
        journey = c.snapshot()
        by = {"measure": None, "channel": "channel", "segment": c.by}[kind]

        def work(progress, cancelled):
            from journeymap.render import render_heatmap

            figure = render_heatmap(journey, analysis, by=by, measure=measure)
            return figure, figure.to_bytes("png", SCREEN_DPI)

        if self.job is not None:
            self.job.cancel()
        self.message.setText("Drawing…")
        self.job = Job(work, "heatmap", self)
        self.job.finished.connect(self._drawn)
        self.job.failed.connect(lambda exc: self.message.setText(describe(exc)))
        return self.job.start()

    def _drawn(self, result) -> None:
        self.figure, png = result
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        pixmap.setDevicePixelRatio(SCREEN_DPI / LAYOUT_DPI)  # 100% = the figure's own size
        self.image.set_pixmap(pixmap)
        c = self.controller
        whose = f"Customers: {c.group}" if c.group and self.figure_box.currentData() != \
            "segment" else ""
        self.message.setText(whose)
        self.export_button.setEnabled(True)
        self.window_button.setEnabled(True)
        for window in self.windows:
            window.show_figure(pixmap, self.figure_box.currentText() + (
                f" — {whose}" if whose else ""))

    def open_window(self) -> HeatmapWindow | None:
        """The figure in a window of its own (resizable, maximisable), following the
        dock's choices."""
        if self.image.pixmap().isNull():
            return None
        window = HeatmapWindow(self)
        window.show_figure(self.image.pixmap(), self.figure_box.currentText())
        window.destroyed.connect(lambda *_: self.windows.remove(window)
                                 if window in self.windows else None)
        self.windows.append(window)
        window.show()
        return window

    # ------------------------------------------------------------------ export
    def export(self, path: str | None = None) -> bool:
        """Save the figure shown (PNG/SVG/PDF by extension)."""
        if self.figure is None:
            QMessageBox.information(self, "journeymap", "There is no heatmap to export yet: "
                                    "open the Heatmaps panel once the feedback is read.")
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export heatmap",
                                                  start_path(self.controller.window,
                                                             "heatmap.png"), EXPORT_FILTER)
            if not path:
                return False
        try:
            self.figure.save(path, dpi=150)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "journeymap", f"Could not export {path}:\n{exc}")
            return False
        self.controller.window.statusBar().showMessage(f"Exported {path}", 5000)
        return True
