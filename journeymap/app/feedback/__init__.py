"""Feedback in the app: import dialog, heat overlay, friction and feedback panels, heatmaps.

The main window calls :func:`install_feedback` once; everything else plugs in from here
(docks, menu actions, toolbar widgets, dropping data files on the window). pandas and
matplotlib are imported only inside worker threads and panels that need them, never at
start-up: the heat saved in the journey file (its metrics cache) is shown before they load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (QApplication, QComboBox, QDockWidget, QFileDialog, QLabel,
                               QMainWindow, QToolBar)

from ..widgets import Placeholder, fill
from .controller import FeedbackController
from .folders import remember, start_path

if TYPE_CHECKING:
    from .host import FeedbackHost

#: Files that are feedback or events, not journeys.
DATA_EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet", ".pq", ".jsonl",
                   ".ndjson")
#: The size hint and minimum size of the panels built after the first paint (their docks
#: hold these until then; tests/test_app_startup.py checks they are the panels' own).
SHELLS = {"Friction": ((256, 192), (70, 70)), "Feedback": ((274, 278), (88, 156)),
          "Paths": ((303, 485), (303, 159))}
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
                QTimer.singleShot(0, lambda: self.feedback.import_file(files[0]))
                return True
        return False


class Feedback:
    """What :func:`install_feedback` added to a window (reach it as ``window.feedback``)."""

    @property
    def busy(self) -> bool:
        """True while the journey's feedback is being read and analysed in the background."""
        job = self.controller.job
        return self.controller.analysis_pending or (job is not None and job.active)

    #: What :meth:`build_panels` makes; reading one before builds them on demand.
    LATER = ("friction_panel", "feedback_panel", "paths_panel", "paths")

    def __init__(self, window: FeedbackHost) -> None:
        """The heat on the cards, its toolbar and legend, the actions and the docks, each
        an empty shell with its final title and place; what the docks show is built by
        :meth:`build_panels` right after the window's first paint (or on first use)."""
        from .heat_panel import HeatPanel
        from .heatmap_view import HeatmapView

        self.window = window
        self.panels_built = False
        self.controller = FeedbackController(window)
        self.heat_panel = HeatPanel()
        # now, not later: how wide its selectors are depends on the journey's data
        self.heatmap = HeatmapView(self.controller)
        self.docks: dict[str, QDockWidget] = {}
        # The right-hand column: the ranking (and the sources) above, the comments behind
        # the selected card (and the heatmaps) below; the canvas keeps the full height.
        right = Qt.DockWidgetArea.RightDockWidgetArea
        for title in ("Friction", "Sources", "Feedback", "Heatmaps", "Paths"):
            dock = QDockWidget(title, window)
            dock.setObjectName(f"feedback-{title.lower()}")
            window.add_dock(dock, right)
            self.docks[title] = dock
            if title in SHELLS:
                dock.setWidget(Placeholder(*SHELLS[title]))
        self.docks["Sources"].setWidget(self.heat_panel)
        self.docks["Heatmaps"].setWidget(self.heatmap)
        self.docks["Heatmaps"].visibilityChanged.connect(
            lambda visible: visible and self.heatmap.shown())
        window.splitDockWidget(self.docks["Friction"], self.docks["Feedback"],
                               Qt.Orientation.Vertical)
        window.tabifyDockWidget(self.docks["Friction"], self.docks["Sources"])
        window.tabifyDockWidget(self.docks["Feedback"], self.docks["Heatmaps"])
        window.tabifyDockWidget(self.docks["Heatmaps"], self.docks["Paths"])
        self.docks["Friction"].raise_()
        self.docks["Feedback"].raise_()
        self.legend = self.heat_panel.legend
        window.view.set_legend(self.legend)  # docked under the canvas, never over a card
        # attaching the panel shows what the journey has (the legend only with heat)
        self.controller.attach_panels(self.heat_panel, heatmap=self.heatmap)
        self.heat_panel.import_requested.connect(lambda: self.import_file())
        self._build_actions()
        self._build_toolbar()
        self.drop_filter = _DropFilter(self)
        window.installEventFilter(self.drop_filter)
        window.view.viewport().installEventFilter(self.drop_filter)
        QApplication.instance().aboutToQuit.connect(self.controller.shutdown)

    def __getattr__(self, name: str):
        if name in Feedback.LATER and not self.__dict__.get("panels_built", True):
            self.build_panels()
            return self.__dict__[name]
        raise AttributeError(name)

    def build_panels(self) -> None:
        """Put the ranking, the feedback rows, the heatmaps and the paths in their docks
        (once); their modules are imported here, not before the first paint."""
        if self.panels_built:
            return
        self.panels_built = True
        from .panels import FeedbackPanel, FrictionPanel
        from .paths_panel import PathsController, PathsPanel

        self.friction_panel = FrictionPanel()
        self.feedback_panel = FeedbackPanel()
        self.paths_panel = PathsPanel()
        for title, widget in (("Friction", self.friction_panel),
                              ("Feedback", self.feedback_panel), ("Paths", self.paths_panel)):
            fill(self.docks[title], widget)
        self.controller.attach_more(self.friction_panel, self.feedback_panel)
        self.paths = PathsController(self.controller, self.paths_panel)

    def _build_actions(self) -> None:
        w = self.window
        menu = "Feed&back"  # Alt+F is the File menu's
        w.add_action(menu, "&Import feedback…", self.import_file, "Ctrl+I",
                     name="import_feedback", tip="Attach a survey export, reviews or an event "
                     "log to the journey")
        w.add_action(menu, "Import from a &database…", self.import_database,
                     name="import_database", tip="Attach a table or query of SQLite, DuckDB "
                     "or PostgreSQL; the database computes the sums")
        w.add_action(menu, "&Refresh feedback", self.controller.refresh, "F5",
                     name="refresh_feedback", tip="Read the sources again")
        self.toggle = w.add_action(menu, "Show &heat", self._toggle, "Ctrl+H",
                                   name="show_heat", tip="Colour the cards by the measure",
                                   checkable=True)
        self.toggle.setChecked(True)
        w.menu(menu).addSeparator()
        w.add_action(menu, "Export &heatmap…", lambda: self.heatmap.export(),
                     name="export_heatmap",
                     tip="Save the heatmap as PNG, SVG or PDF")
        draft = w.add_action(None, "New from &event log…", self._new_from_event_log,
                             name="new_from_event_log",
                             tip="Draft a journey from an event log: touchpoints, stages and "
                                 "transitions from what customers did")
        file_menu = w.menu("&File")
        opening = w.actions_by_name.get("open")
        if opening is not None:
            file_menu.insertAction(opening, draft)  # after New and New from sample
        else:
            file_menu.addAction(draft)

    def _new_from_event_log(self) -> None:
        from .from_log import new_from_event_log  # when asked for, not before the first paint

        new_from_event_log(self)

    def _build_toolbar(self) -> None:
        """A second toolbar row: what the cards show (measure, customers, comparison)."""
        w = self.window
        w.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        bar = QToolBar("Heat", w)
        bar.setObjectName("heat-toolbar")
        bar.setMovable(False)
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        bar.addAction(self.toggle)
        panel = self.heat_panel
        for label, widget in (("Colour by", panel.measure), ("Customers", panel.breakdown),
                              ("Group", panel.group), ("Compare with", panel.compare)):
            bar.addSeparator()
            bar.addWidget(QLabel(f" {label} "))
            widget.setMinimumContentsLength(12)
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            bar.addWidget(widget)
        bar.addSeparator()
        bar.addAction(w.action("import_feedback"))
        bar.addAction(w.action("refresh_feedback"))
        self.toolbar = bar

    def _toggle(self) -> None:
        self.controller.overlay.set_enabled(self.toggle.isChecked())
        self.controller.refresh_view()

    def import_file(self, path: str | None = None):
        """Open the import dialog (on ``path``); on OK attach the source in a worker.
        Returns the dialog (tests drive it) when it was not cancelled at once."""
        from .import_dialog import ImportDialog

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Import feedback",
                                                  start_path(self.window), DATA_FILTER)
            if not path:
                return None
        remember(self.window, path)
        dialog = ImportDialog(self.window.document.journey, path, self.window.document.path,
                              self.window)
        dialog.accepted.connect(lambda: self.controller.attach(dialog.source))
        dialog.finished.connect(lambda *_: self._dialog_closed(dialog))
        dialog.rejected.connect(lambda: dialog.database_requested and self.import_database())
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def import_database(self):
        """Open the database dialog; on Import attach its source in a worker (the password
        is kept for the session, never saved). Returns the dialog (tests drive it)."""
        from .database_dialog import DatabaseDialog

        dialog = DatabaseDialog(self.window.document.journey, str(self.controller.base_dir()),
                                self.window)

        def accepted() -> None:
            if dialog.password:
                self.controller.passwords[dialog.source.id] = dialog.password
            self.controller.attach(dialog.source)

        dialog.accepted.connect(accepted)
        dialog.open()
        self.database_dialog = dialog
        return dialog

    def _dialog_closed(self, dialog) -> None:
        """Free the dialog's table once its signals are through."""
        if getattr(self, "last_dialog", None) is dialog:
            self.last_dialog = None
        QTimer.singleShot(0, dialog.release)


def install_feedback(window: QMainWindow) -> Feedback:
    """Add the feedback docks, actions, toolbar widgets and data-file drops to ``window``;
    the result is kept as ``window.feedback``."""
    feedback = Feedback(window)  # type: ignore[arg-type]
    window.feedback = feedback   # type: ignore[attr-defined]
    return feedback


__all__ = ["DATA_EXTENSIONS", "Feedback", "FeedbackController", "install_feedback"]
