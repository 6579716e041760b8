"""The app's parts stand alone: nothing in journeymap/app imports the main window except the
module that starts the app, and the presenter and the feedback side run on a bare window that
offers only what they need (the document, the view, a status bar)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from journeymap.model import load

from test_app_helpers import OFFSCREEN_NOISE, make_journey

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)

APP = Path(__file__).resolve().parents[1] / "journeymap" / "app"
SAMPLE = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, under TYPE_CHECKING too, as dotted names relative to
    journeymap.app ("mainwindow", "canvas.view", ...)."""
    package = path.relative_to(APP).with_suffix("").parts[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[:len(package) - node.level + 1])
                parts = base + (node.module.split(".") if node.module else [])
                out.add(".".join(parts))
                out.update(".".join(parts + [a.name]) for a in node.names)
            elif node.module and node.module.startswith("journeymap.app."):
                out.add(node.module.removeprefix("journeymap.app."))
        elif isinstance(node, ast.Import):
            out.update(a.name.removeprefix("journeymap.app.") for a in node.names)
    return out


def test_only_the_application_imports_the_main_window():
    importers = sorted(str(p.relative_to(APP)) for p in APP.rglob("*.py")
                       if p.name != "mainwindow.py" and "mainwindow" in imported_modules(p))
    assert importers == ["application.py"]


def bare_window(qtbot, journey):
    """A QMainWindow with a document, a scene and a view: no menus, panels or actions."""
    from journeymap.app.canvas.scene import JourneyScene
    from journeymap.app.canvas.view import JourneyView
    from journeymap.app.document import JourneyDocument

    window = QMainWindow()
    qtbot.addWidget(window)
    window.document = JourneyDocument(journey, str(SAMPLE), window)
    window.scene = JourneyScene(window.document, window)
    window.view = JourneyView(window.scene, window)
    window.setCentralWidget(window.view)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_presenter_needs_a_window_a_view_and_the_stages(qtbot):
    from journeymap.app.presentation import Presenter

    journey = make_journey()
    window = bare_window(qtbot, journey)
    presenter = Presenter(window, window.view, lambda: [s.id for s in journey.stages])
    presenter.start()
    assert presenter.active and presenter.current_stage() == "order"
    presenter.step(1)
    assert presenter.current_stage() == "deliver"
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.stage_rect("deliver").center())
    presenter.stop()
    assert not presenter.active


def test_the_feedback_side_runs_on_any_host_with_a_document_and_a_view(qtbot):
    from journeymap.app.feedback.controller import FeedbackController
    from journeymap.app.feedback.panels import FeedbackPanel, FrictionPanel, HeatPanel
    from journeymap.app.feedback.worker import stop_all

    window = bare_window(qtbot, load(SAMPLE))
    controller = FeedbackController(window)
    friction = FrictionPanel()
    qtbot.addWidget(friction)
    heat, rows = HeatPanel(), FeedbackPanel()
    qtbot.addWidget(heat)
    qtbot.addWidget(rows)
    controller.attach_panels(heat, friction, rows)
    try:
        qtbot.waitUntil(lambda: controller.live, timeout=60_000)
        assert friction.keys()[0] == controller.analysis.friction_ranking["touchpoint"][0]
        assert any(card.heat for card in window.scene.cards.values())
    finally:
        stop_all()
