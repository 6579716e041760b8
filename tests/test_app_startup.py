"""The first paint never waits for pandas or matplotlib, even on a journey with feedback, nor
for NetworkX or jsonschema (a valid file needs neither to be opened and drawn), nor for the
modules of what the feedback and decision docks show: those are built right after it, in
docks that were in their final places from the start (nothing moves when they fill)."""

from __future__ import annotations

from pathlib import Path

from process_helpers import fresh_python

SAMPLE = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"

PROBE = r"""
import gc, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from journeymap.app.mainwindow import MainWindow
PANELS = ["journeymap.app.feedback." + m for m in ("panels", "table_model",
                                                   "paths_panel", "paths_compare")] + \
         ["journeymap.app.decisions." + m for m in ("drivers", "evidence", "opportunities",
                                                    "themes")]
DIALOGS = ["journeymap.app.welcome", "journeymap.app.slides", "journeymap.app.presentation",
           "journeymap.app.feedback.from_log"]  # imported when first used

def places():
    docks = {d.objectName(): (d.geometry().getRect(), d.isVisible()) for d in window.docks()}
    return docks, window.view.viewport().geometry().getRect(), window.menuBar().actions().__len__()

window = MainWindow(offer_recovery=False)
window.open_path(sys.argv[1], interactive=False)
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen["heavy"] = [m for m in ("pandas", "matplotlib", "networkx", "jsonschema")
                             if m in sys.modules]
            # the heat's caption reads its date without strptime; hashing waits for a worker
            seen["stdlib"] = [m for m in ("_strptime", "hashlib") if m in sys.modules]
            seen["panels"] = sorted(m for m in PANELS + DIALOGS if m in sys.modules)
            seen["collector"] = gc.get_threshold()[0]
            seen["shells"] = [d.objectName() for d in (window.history,)
                              if d.built]  # behind the inspector: filled after the paint
            seen["places"] = places()
        return False

probe = FirstPaint()
window.view.viewport().installEventFilter(probe)
build = window.build_panels

def build_and_look():  # the window's own call, right after the first paint
    build()
    from journeymap.app import decisions, feedback
    from journeymap.app import history
    docks = {**window.feedback.docks, **window.decisions.docks, "History": window.history}
    shells = {**feedback.SHELLS, **decisions.SHELLS, "History": history.SHELL}
    seen["hints"] = {title: (docks[title].widget().sizeHint().toTuple(),
                             docks[title].widget().minimumSizeHint().toTuple()) == size
                     for title, size in shells.items()}
    QTimer.singleShot(30, lambda: seen.setdefault("filled", places()))

window.build_panels = build_and_look
window.resize(1480, 900)
window.show()
window.default_panel_sizes()  # as a first start does (a later one restores its own)
feedback = window.feedback

def finish():
    if feedback.busy:  # the analysis starts after the paint, and must still come
        QTimer.singleShot(50, finish)
        return
    print("heavy at first paint:", seen.get("heavy"))
    print("collector waits for:", seen.get("collector"), "then", gc.get_threshold()[0])
    print("stdlib at first paint:", seen.get("stdlib"))
    print("panel modules at first paint:", seen.get("panels"))
    print("left docks built before it:", seen.get("shells"))
    print("panels built after it:", all(m in sys.modules for m in PANELS),
          window.decisions.docks["Evidence"].widget() is window.decisions.evidence,
          window.feedback.docks["Friction"].widget() is window.feedback.friction_panel)
    print("same places after them:", seen.get("filled") == seen["places"])
    print("shells sized as the panels:", seen.get("hints"))
    print("analysed:", feedback.controller.live, "pandas now:", "pandas" in sys.modules)
    window.close_without_asking()
    app.quit()

QTimer.singleShot(100, finish)
app.exec()
"""


def test_first_paint_comes_before_pandas_and_the_analysis_follows(tmp_path):
    out = fresh_python(PROBE, str(SAMPLE), home=tmp_path)
    assert "heavy at first paint: []" in out
    # no collection during start-up (~20 ms of CPU), the usual pace once it has painted
    assert "collector waits for: 100000 then 700" in out
    assert "stdlib at first paint: []" in out
    assert "panel modules at first paint: []" in out
    assert "left docks built before it: []" in out
    assert "panels built after it: True True True" in out
    assert "same places after them: True" in out
    assert "shells sized as the panels: {" in out and "False" not in out
    assert "analysed: True pandas now: True" in out


STYLE_PROBE = r"""
from journeymap.app.application import application
app = application()
sheet = app.styleSheet()
app.setStyleSheet("")  # the style under the sheet
print(app.style().name(), bool(sheet))
"""


def test_the_app_is_fusion_styled(tmp_path, monkeypatch):
    """Qt's own -style option sets Fusion (whatever QT_STYLE_OVERRIDE says): setStyle()
    would hand the style to Python, and making QStyle's enums costs the start-up ~6 ms."""
    monkeypatch.setenv("QT_STYLE_OVERRIDE", "windows")
    assert fresh_python(STYLE_PROBE, home=tmp_path).split() == ["fusion", "True"]


def test_the_app_package_loads_its_qt_free_helpers_before_pyside6():
    """``import journeymap.app`` (what ``journeymap FILE`` does first) loads the model and
    the Qt-free helpers of the first paint, and no PySide6: imported after it, each of them
    would have its source read by PySide6's import hook."""
    from process_helpers import loaded_after

    assert loaded_after("import journeymap.app", ["PySide6", "shiboken6"]) == []
    assert loaded_after("import journeymap.app", ["journeymap.model.routing",
                                                  "journeymap.metrics_cache"]) == [
        "journeymap.metrics_cache", "journeymap.model.routing"]
