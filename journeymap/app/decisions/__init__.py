"""From heat to decisions in the app: the Opportunities panel, the Key drivers view, evidence
levels on the cards and comment themes in the Feedback panel.

The main window calls :func:`install_decisions` once, after the feedback panels; everything
here follows the document and the feedback controller's live analysis through signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QFileDialog

from ..widgets import Placeholder, fill

if TYPE_CHECKING:  # the window's parts this uses; not the main window itself
    from ..feedback.host import FeedbackHost
    from .opportunities import OpportunityDialog

#: The decision docks: title -> object name (saved window states know them by it).
DOCKS = {"Opportunities": "decisions-opportunities", "Key drivers": "decisions-key-drivers",
         "Evidence": "decisions-evidence"}
#: Their panels' size hint and minimum size, held by the docks until the panels are built
#: (tests/test_app_startup.py checks they are the panels' own).
SHELLS = {"Opportunities": ((274, 286), (270, 136)), "Key drivers": ((322, 122), (305, 234)),
          "Evidence": ((312, 280), (312, 158))}


class Decisions:
    """What the decision docks show (reach it as ``window.decisions``: built right after the
    window's first paint, or on first use)."""

    def __init__(self, window: FeedbackHost) -> None:
        from .drivers import DriversView
        from .evidence import EvidencePanel
        from .opportunities import OpportunitiesPanel
        from .themes import ThemesView

        self.window = window
        feedback = window.feedback  # type: ignore[attr-defined]
        self.controller = feedback.controller
        self.opportunities = OpportunitiesPanel(window.document)
        self.drivers = DriversView(window.document)
        self.evidence = EvidencePanel(window.scene, feedback.legend)
        self.themes = ThemesView()
        feedback.feedback_panel.layout().insertWidget(1, self.themes)
        self.docks: dict[str, QDockWidget] = window.decision_docks  # type: ignore[attr-defined]
        for title, widget in (("Opportunities", self.opportunities),
                              ("Key drivers", self.drivers), ("Evidence", self.evidence)):
            fill(self.docks[title], widget)
        self.controller.analysis_changed.connect(self._analysis_changed)
        window.document.reset.connect(self._reset)
        window.document.changed.connect(self._on_changes)
        window.scene.selectionChanged.connect(self._selection)
        self.drivers.weights_changed.connect(self._weights)
        self.opportunities.touchpoints_clicked.connect(self._go_to)
        self.evidence.touchpoint_clicked.connect(self.controller.select_and_centre)
        self._reset()
        if self.controller.analysis is not None:  # read before these panels were built
            self._analysis_changed()

    def _show(self, title: str) -> None:
        dock = self.docks[title]
        dock.show()
        dock.raise_()

    # ------------------------------------------------------------------ following
    def _analysis_changed(self) -> None:
        analysis = self.controller.analysis
        self.opportunities.set_analysis(analysis)
        self.evidence.set_analysis(analysis)
        self.themes.set_analysis(analysis)
        self.drivers.find_outcomes()

    def _reset(self) -> None:
        self.opportunities.set_analysis(None)
        self.evidence.set_analysis(None)
        self.themes.set_analysis(None)
        self.drivers.reset()  # the outcome columns are looked for once the data is read

    def _on_changes(self, changes: list) -> None:
        if any(c.kind == "touchpoint.added" for c in changes):
            QTimer.singleShot(0, self.evidence.apply)  # new cards get their badge (none)

    def _selection(self) -> None:
        try:
            keys = self.window.scene.selected_touchpoints()
        except RuntimeError:
            return
        self.themes.show_touchpoint(keys[0] if keys else None)

    def _weights(self, weights: dict) -> None:
        self.controller.friction_panel.set_drivers(weights)
        self.opportunities.set_weights({k: v[0] for k, v in weights.items()} or None)

    def _go_to(self, keys: list[str]) -> None:
        if keys:
            self.controller.select_and_centre(keys[0])

    # ------------------------------------------------------------------ actions
    def new_opportunity(self, keys: list[str] | None = None) -> OpportunityDialog:
        self._show("Opportunities")
        return self.opportunities.new_opportunity(list(keys or []))

    def export_opportunities(self, path: str | None = None) -> bool:
        from journeymap.analytics.opportunities import opportunity_table
        from journeymap.io import InteropError
        from journeymap.io.backlog import write_backlog

        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.window, "Export opportunities", "opportunities.xlsx",
                "Excel workbook (*.xlsx);;CSV (*.csv)")
            if not path:
                return False
        journey = self.window.document.journey
        table = opportunity_table(journey, self.controller.analysis, self.opportunities.weights)
        try:
            write_backlog(table, journey.title, path)
        except (OSError, InteropError) as exc:
            self.window.statusBar().showMessage(f"Could not export: {exc}", 8000)
            return False
        self.window.statusBar().showMessage(f"{len(table)} opportunities saved to {path}", 5000)
        return True


def install_decisions(window) -> None:
    """Add the decision docks (empty shells in their final places, after
    :func:`install_feedback`) and their actions to ``window``; what they show is built as
    ``window.decisions`` right after the first paint, or when an action needs it."""
    feedback = window.feedback
    docks: dict[str, QDockWidget] = {}
    for title, name in DOCKS.items():
        dock = QDockWidget(title, window)
        dock.setObjectName(name)
        dock.setWidget(Placeholder(*SHELLS[title]))
        window.add_dock(dock, Qt.DockWidgetArea.RightDockWidgetArea)
        docks[title] = dock
    window.decision_docks = docks
    window.tabifyDockWidget(feedback.docks["Heatmaps"], docks["Opportunities"])
    window.tabifyDockWidget(docks["Opportunities"], docks["Key drivers"])
    window.tabifyDockWidget(feedback.docks["Sources"], docks["Evidence"])
    feedback.docks["Friction"].raise_()
    feedback.docks["Feedback"].raise_()
    window.inspector.new_opportunity.connect(
        lambda keys: window.decisions.new_opportunity(keys))
    _build_actions(window)


def _build_actions(w) -> None:
    """The Decisions menu, there from the start: each action builds the panels it needs."""
    menu = "&Decisions"
    w.add_action(menu, "&New opportunity…", lambda: w.decisions.new_opportunity(
        w.scene.selected_touchpoints()), "Ctrl+Shift+O", name="new_opportunity",
        tip="Add an opportunity linked to the selected cards")
    w.add_action(menu, "&Opportunities", lambda: w.decisions._show("Opportunities"),
                 name="show_opportunities", tip="The opportunities ranked by priority")
    w.add_action(menu, "Export opportunities…", lambda: w.decisions.export_opportunities(),
                 name="export_opportunities",
                 tip="Save the ranked opportunities as CSV or Excel for a backlog tool")
    w.menu(menu).addSeparator()
    w.add_action(menu, "&Key drivers", lambda: w.decisions._show("Key drivers"),
                 name="show_key_drivers",
                 tip="Which touchpoints drive an overall outcome")
    w.add_action(menu, "&Evidence levels", lambda: w.decisions._show("Evidence"),
                 name="show_evidence", tip="How much each card rests on customer data")


__all__ = ["DOCKS", "Decisions", "install_decisions"]
