"""The heatmap view: the figures of ``journeymap render --view heatmap`` in a dock, drawn by
:mod:`journeymap.render` in a worker thread and exportable as PNG, SVG or PDF.

matplotlib is imported in the worker the first time the view is shown, never at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from journeymap.measures import MEASURES

from ..widgets import blocked
from .folders import start_path
from .worker import Job, describe

if TYPE_CHECKING:
    from .controller import FeedbackController

FIGURES = (("Touchpoint × measure", "measure"), ("Stage × channel", "channel"),
           ("Touchpoint × segment", "segment"))
EXPORT_FILTER = "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"
SCREEN_DPI = 100


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
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.image)
        self.scroll.setWidgetResizable(False)
        # Two rows of controls, so the dock can be narrow and leave the canvas its room.
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Figure"))
        bar.addWidget(self.figure_box, 1)
        bar.addWidget(self.export_button)
        choices = QHBoxLayout()
        for widget in (QLabel("Measure"), self.measure_box, QLabel("Segment"), self.segment_box):
            choices.addWidget(widget, 1 if isinstance(widget, QComboBox) else 0)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(choices)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
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
        analysis = c.analysis_by if kind == "segment" else c.analysis
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
        self.image.setPixmap(pixmap)
        self.image.resize(pixmap.size())
        self.message.setText("")
        self.export_button.setEnabled(True)

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
