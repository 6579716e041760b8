"""What a new user met on a real desktop: Structure's Add buttons, stage headers that keep
their counts, words that agree with their numbers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QPushButton

from journeymap.model import Touchpoint
from journeymap.model.layout import STAGE_HEADER
from journeymap.plain import plural

from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


@pytest.mark.parametrize("kind", ["stage", "lane", "persona"])
def test_structure_add_buttons_ask_for_a_name(qtbot, tmp_path, monkeypatch, kind):
    """The button's clicked(bool) once arrived as the name ('bool' has no 'strip')."""
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Added here", True))
    panel = window.structure.lists[kind]
    button = next(b for b in panel.findChildren(QPushButton) if b.text() == "Add")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    names = {"stage": journey.stages, "lane": journey.lanes, "persona": journey.personas}[kind]
    assert "Added here" in [e.name for e in names]
    assert window.document.undo_stack.count() == 1


def test_stage_headers_repaint_their_count_when_cards_come_and_go(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    repainted: list[QRectF] = []
    window.scene.changed.connect(lambda rects: repainted.extend(rects))
    QApplication.processEvents()
    repainted.clear()
    window.document.apply("Add", lambda j: j.add_touchpoint(
        Touchpoint("extra", "Extra", stage="order", lane="customer")))
    QApplication.processEvents()
    band = window.scene.header_rect("stage", "order")
    assert any(r.intersects(band) and r.top() <= band.top() + 1
               and r.bottom() >= STAGE_HEADER - 1 for r in repainted)


def test_words_agree_with_their_numbers(qtbot, tmp_path):
    assert plural(1, "column") == "1 column"
    assert plural(2, "column") == "2 columns"
    assert plural(1200, "row") == "1,200 rows"
    assert plural(1, "match", "matches") == "1 match" and plural(0, "match", "matches") \
        == "0 matches"
    window = make_window(qtbot, tmp_path, make_journey())
    window.scene.select_keys(["place-order"])
    window.editor.duplicate()
    assert window.document.undo_stack.undoText() == "Duplicate 1 touchpoint"


def test_inspector_with_long_persona_names_fits_its_dock(qtbot, tmp_path):
    from journeymap.model import Persona

    journey = make_journey()
    for key, name in (("maya", "Maya, the busy parent who orders on her phone at night"),
                      ("tom", "Tom, the first-time buyer comparing three shops")):
        journey.add_persona(Persona(key, name))
    window = make_window(qtbot, tmp_path, journey)
    window.scene.select_keys(["place-order"])
    inspector = window.inspector
    inspector.raise_()
    scroll = inspector.widget()
    assert scroll.widget().minimumSizeHint().width() <= inspector.minimumWidth()
    assert not scroll.horizontalScrollBar().isVisible()
