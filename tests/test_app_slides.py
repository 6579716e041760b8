"""File ▸ Export ▸ Slides… in the app: the deck of the map as the window shows it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from test_app_feedback import WAIT, open_sample
from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


def test_slides_action_writes_the_deck_the_window_shows(qtbot, tmp_path, monkeypatch):
    window, controller = open_sample(qtbot, tmp_path)
    heat = window.feedback.heat_panel
    heat.breakdown.setCurrentIndex(heat.breakdown.findData("segment:device"))
    qtbot.waitUntil(lambda: controller.analysis_by is not None, timeout=WAIT)
    heat.group.setCurrentIndex(heat.group.findData("desktop"))
    heat.compare.setCurrentIndex(heat.compare.findData("mobile web"))
    target = tmp_path / "out" / "client"
    target.parent.mkdir()
    asked = []

    def answer(*args, **kwargs):
        asked.append(args)
        return str(target), "PDF slides (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    action = window.action("export_slides")
    assert action in window.export_menu.actions()
    action.trigger()
    pdf = (tmp_path / "out" / "client.pdf").read_bytes()
    assert asked and pdf.startswith(b"%PDF-") and b"/FontFile2" in pdf
    assert "Exported" in window.statusBar().currentMessage()

    from journeymap.app.slides import deck_options

    options = deck_options(window)
    assert options["by"] == "segment:device"
    assert options["compare"] == ("desktop", "mobile web")


def test_slides_as_png_pages_and_a_cancelled_dialog(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path, make_journey())   # no feedback: emotion only
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    window.action("export_slides").trigger()
    assert not list(tmp_path.glob("*.p*"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "pages"),
                                         "PNG pages, one file per slide (*.png)"))
    window.action("export_slides").trigger()
    pages = sorted(tmp_path.glob("pages-*.png"))
    assert len(pages) >= 4 and all(p.read_bytes().startswith(b"\x89PNG") for p in pages)


def test_slides_into_a_missing_folder_says_so(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path, make_journey())
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    from journeymap.app.slides import export_slides

    assert not export_slides(window, str(tmp_path / "nowhere" / "deck.pdf"))
    assert shown and "deck.pdf" in shown[0]
    assert not export_slides(window, str(tmp_path / "deck.pptx"))
    assert "slides are a .pdf" in shown[-1]
