"""The first paint never waits for pandas or matplotlib, even on a journey with feedback, nor
for NetworkX or jsonschema (a valid file needs neither to be opened and drawn)."""

from __future__ import annotations

from pathlib import Path

from process_helpers import fresh_python

SAMPLE = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"

PROBE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from journeymap.app.mainwindow import MainWindow
window = MainWindow(offer_recovery=False)
window.open_path(sys.argv[1], interactive=False)
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen["heavy"] = [m for m in ("pandas", "matplotlib", "networkx", "jsonschema")
                             if m in sys.modules]
        return False

probe = FirstPaint()
window.view.viewport().installEventFilter(probe)
window.show()
feedback = window.feedback

def finish():
    if feedback.busy:  # the analysis starts after the paint, and must still come
        QTimer.singleShot(50, finish)
        return
    print("heavy at first paint:", seen.get("heavy"))
    print("analysed:", feedback.controller.live, "pandas now:", "pandas" in sys.modules)
    window.close_without_asking()
    app.quit()

QTimer.singleShot(100, finish)
app.exec()
"""


def test_first_paint_comes_before_pandas_and_the_analysis_follows(tmp_path):
    out = fresh_python(PROBE, str(SAMPLE), home=tmp_path)
    assert "heavy at first paint: []" in out
    assert "analysed: True pandas now: True" in out
