"""Feedback in the app: import dialog, heat overlay, friction and feedback panels, heatmaps.

The main window calls :func:`install_feedback` once; everything else plugs in from here
(docks, menu actions, toolbar widgets, dropping data files on the window). pandas and
matplotlib are imported only inside worker threads and panels that need them, never at
start-up: the heat saved in the journey file (its metrics cache) is shown before they load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QComboBox, QDockWidget, QFileDialog, QMainWindow

from journeymap.measures import MEASURES

from .controller import FeedbackController

if TYPE_CHECKING:
    from ..mainwindow import MainWindow

#: Files that are feedback or events, not journeys.
DATA_EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet", ".pq", ".jsonl",
                   ".ndjson")
DATA_FILTER = ("Feedback and event tables (*.csv *.tsv *.txt *.xlsx *.xlsm *.parquet *.pq "
               "*.jsonl *.ndjson);;All files (*)")


class _DropFilter(QObject):
    """Takes drops of data files (CSV/XLSX/Parquet/JSONL) and opens the import dialog;
    everything else (journey files) goes on to the window."""

    def __init__(self, feedback: Feedback) -> None:
        super().__init__(feedback.window)
        self.feedback = feedback

    @staticmethod
    def data_files(event) -> list[str]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls()
                if u.isLocalFile() and u.toLocalFile().lower().endswith(DATA_EXTENSIONS)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if self.data_files(event):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            files = self.data_files(event)
            if files:
                event.acceptProposedAction()
                self.feedback.window.activateWindow()
                # after the drop returns: a modal dialog inside a drop handler stalls the
                # drag source on some platforms
                from PySide6.QtCore import QTimer

                QTimer.singleShot(0, lambda: self.feedback.import_file(files[0]))
                return True
        return False


class Feedback:
    """What :func:`install_feedback` added to a window (reach it as ``window.feedback``)."""

    def __init__(self, window: MainWindow) -> None:
        from .heatmap_view import HeatmapView
        from .panels import FeedbackPanel, FrictionPanel, HeatPanel

        self.window = window
        self.controller = FeedbackController(window)
        self.heat_panel = HeatPanel()
        self.friction_panel = FrictionPanel()
        self.feedback_panel = FeedbackPanel()
        self.heatmap = HeatmapView(self.controller)
        self.docks: dict[str, QDockWidget] = {}
        right = Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        for title, widget, area in (("Heat", self.heat_panel, right),
                                    ("Friction", self.friction_panel, right),
                                    ("Feedback", self.feedback_panel, bottom),
                                    ("Heatmaps", self.heatmap, bottom)):
            dock = QDockWidget(title, window)
            dock.setObjectName(f"feedback-{title.lower()}")
            dock.setWidget(widget)
            window.add_dock(dock, area)
            self.docks[title] = dock
        window.tabifyDockWidget(self.docks["Feedback"], self.docks["Heatmaps"])
        self.docks["Feedback"].raise_()
        self.controller.attach_panels(self.heat_panel, self.friction_panel, self.feedback_panel,
                                      self.heatmap)
        self.heat_panel.import_requested.connect(lambda: self.import_file())
        self._build_actions()
        self.drop_filter = _DropFilter(self)
        window.installEventFilter(self.drop_filter)
        window.view.viewport().installEventFilter(self.drop_filter)
        from PySide6.QtWidgets import QApplication

        QApplication.instance().aboutToQuit.connect(self.controller.shutdown)

    def _build_actions(self) -> None:
        w = self.window
        menu = "&Feedback"
        w.add_action(menu, "&Import feedback…", self.import_file, "Ctrl+I",
                     name="import_feedback", tip="Attach a survey export, reviews or an event "
                     "log to the journey", toolbar=True)
        w.add_action(menu, "&Refresh feedback", self.controller.refresh, "F5",
                     name="refresh_feedback", tip="Read the sources again")
        self.toggle = w.add_action(menu, "Show &heat", self._toggle, "Ctrl+H",
                                   name="show_heat", tip="Colour the cards by the measure",
                                   checkable=True)
        self.toggle.setChecked(True)
        w.menu(menu).addSeparator()
        w.add_action(menu, "Export &heatmap…", self.heatmap.export, name="export_heatmap",
                     tip="Save the heatmap as PNG, SVG or PDF")
        # the measure selector on the toolbar, in step with the heat panel's
        self.measure_box = QComboBox()
        for key, m in MEASURES.items():
            self.measure_box.addItem(m.label, key)
        self.measure_box.setToolTip("Colour the cards by")
        w.toolbar.addSeparator()
        w.toolbar.addWidget(self.measure_box)
        self.measure_box.currentIndexChanged.connect(
            lambda: self.controller.set_measure(self.measure_box.currentData()))
        self.heat_panel.measure_changed.connect(self._sync_measure_box)

    def _sync_measure_box(self, key: str) -> None:
        index = self.measure_box.findData(key)
        if index != self.measure_box.currentIndex():
            self.measure_box.blockSignals(True)
            self.measure_box.setCurrentIndex(index)
            self.measure_box.blockSignals(False)

    def _toggle(self) -> None:
        self.controller.overlay.set_enabled(self.toggle.isChecked())

    def import_file(self, path: str | None = None):
        """Open the import dialog (on ``path``); on OK attach the source in a worker.
        Returns the dialog (tests drive it) when it was not cancelled at once."""
        from .import_dialog import ImportDialog

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Import feedback",
                                                  self.window._last_folder(), DATA_FILTER)
            if not path:
                return None
        dialog = ImportDialog(self.window.document.journey, path, self.window.document.path,
                              self.window)
        dialog.accepted.connect(lambda: self.controller.attach(dialog.result_source()))
        dialog.open()
        self.last_dialog = dialog
        return dialog


def install_feedback(window: QMainWindow) -> Feedback:
    """Add the feedback docks, actions, toolbar widgets and data-file drops to ``window``;
    the result is kept as ``window.feedback``."""
    feedback = Feedback(window)  # type: ignore[arg-type]
    window.feedback = feedback   # type: ignore[attr-defined]
    return feedback


__all__ = ["DATA_EXTENSIONS", "Feedback", "FeedbackController", "install_feedback"]
