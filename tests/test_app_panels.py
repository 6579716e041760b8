"""The inspector and the structure panel: every attribute edited in place, one undo entry
per edit, multi-selection edits the common fields, stages/lanes/personas managed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QPushButton

from journeymap.model import Persona, to_document
from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window, view_point

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


def commit_line_edit(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_inspector_edits_a_touchpoint(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    inspector = window.inspector
    window.scene.select_keys(["track-parcel"])
    assert inspector.stack.currentWidget() is inspector.touchpoint_page
    assert inspector.tp_label.text() == "Track parcel"
    commit_line_edit(qtbot, inspector.tp_label, "Track the parcel")
    assert journey.touchpoint("track-parcel").label == "Track the parcel"
    commit_line_edit(qtbot, inspector.tp_owner, "Logistics")
    assert journey.touchpoint("track-parcel").owner == "Logistics"
    # lists: one item per line, committed when the box loses focus
    box = inspector.list_boxes["pain_points"]
    box.setFocus()
    qtbot.keyClicks(box, "No live map")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.keyClicks(box, "ETA jumps")
    inspector.tp_owner.setFocus()
    assert journey.touchpoint("track-parcel").pain_points == ["No live map", "ETA jumps"]
    # the card shows the new marker at once
    window.view.viewport().repaint()
    assert any("ETA jumps" in t for t in window.scene.cards["track-parcel"].marker_tooltips())
    # stage and lane through the combo boxes
    inspector.tp_stage.setCurrentIndex(inspector.tp_stage.findData("return"))
    inspector.tp_stage.activated.emit(inspector.tp_stage.currentIndex())
    assert journey.touchpoint("track-parcel").stage == "return"
    inspector.tp_emotion.setValue(1.5)
    assert journey.touchpoint("track-parcel").emotion == 1.5
    inspector.tp_emotion.setValue(inspector.tp_emotion.minimum())
    assert journey.touchpoint("track-parcel").emotion is None
    # every edit was one entry, and undo shows in the inspector too
    assert window.document.undo_stack.count() == 6
    window.action("undo").trigger()
    assert inspector.tp_emotion.value() == 1.5
    while window.document.undo_stack.canUndo():
        window.action("undo").trigger()
    assert to_document(journey) == to_document(make_journey())
    assert inspector.tp_label.text() == "Track parcel"


def test_multi_selection_edits_common_fields_in_one_entry(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    inspector = window.inspector
    window.scene.select_keys(["place-order", "start-a-return"])
    assert inspector.tp_title.text() == "2 TOUCHPOINTS"
    assert inspector.tp_channel.currentText() == "web"    # the same on both
    assert not inspector.tp_label.isEnabled()
    window.scene.select_keys(["place-order", "track-parcel"])
    assert inspector.tp_channel.currentText() == ""       # they differ
    assert inspector.tp_channel.lineEdit().placeholderText() == "(mixed)"
    inspector.tp_kind.setCurrentIndex(inspector.tp_kind.findText("service"))
    inspector.tp_kind.activated.emit(inspector.tp_kind.currentIndex())
    assert {journey.touchpoint(k).kind for k in ("place-order", "track-parcel")} == {"service"}
    assert window.document.undo_stack.count() == 1
    # a persona's emotion on both
    with window.document.gesture("add persona") as g:
        g.add(journey.add_persona(Persona("persona-ann", "Ann")))
    box = inspector.persona_boxes["persona-ann"]
    box.setValue(-1)
    assert journey.touchpoint("place-order").emotions == {"persona-ann": -1}
    assert journey.touchpoint("track-parcel").emotions == {"persona-ann": -1}


def test_inspector_edits_transitions_stages_and_the_journey(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    inspector = window.inspector
    window.scene.select_keys(transitions=[("track-parcel", "courier-calls")])
    assert inspector.stack.currentWidget() is inspector.transition_page
    inspector.tr_kind.setCurrentIndex(inspector.tr_kind.findText("failure"))
    inspector.tr_kind.activated.emit(inspector.tr_kind.currentIndex())
    commit_line_edit(qtbot, inspector.tr_label, "missed slot")
    inspector.tr_volume.setValue(1200)
    t = journey.transition("track-parcel", "courier-calls")
    assert (t.kind, t.label, t.volume) == ("failure", "missed slot", 1200)
    # click a stage header: the inspector edits the stage
    window.scene.clearSelection()
    g = window.scene.grid
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view_point(window, QPointF(g.stages[1].centre, 20)))
    assert inspector.stack.currentWidget() is inspector.header_page
    commit_line_edit(qtbot, inspector.header_name, "Delivery")
    assert journey.stage("deliver").name == "Delivery"
    # nothing selected: the journey
    window.scene.select_header(None)
    window.scene.clearSelection()
    assert inspector.stack.currentWidget() is inspector.journey_page
    commit_line_edit(qtbot, inspector.title_edit, "Parcels")
    assert journey.title == "Parcels"
    assert window.windowTitle().startswith("Parcels")  # no file yet: the title shows


def test_inspector_fields_show_the_beginning_of_a_long_text(qtbot, tmp_path):
    """A field filled from the map shows its text's start, not its end (setText leaves the
    cursor at the end, and a long title read '...der with delivery and returns')."""
    journey = make_journey()
    journey.title = "An online order with delivery, returns and refunds, from ad to reorder"
    journey.touchpoint("track-parcel").label = "Track the parcel on the carrier's own website"
    window = make_window(qtbot, tmp_path, journey)
    inspector = window.inspector
    inspector.title_edit.resize(120, inspector.title_edit.height())
    window.scene.clearSelection()
    window.scene.select_header(None)
    assert inspector.title_edit.text() == journey.title
    assert inspector.title_edit.cursorPosition() == 0
    window.scene.select_keys(["track-parcel"])
    assert inspector.tp_label.text().startswith("Track the parcel")
    assert inspector.tp_label.cursorPosition() == 0


def test_structure_adds_renames_reorders_and_deletes_stages(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    stages = window.structure.lists["stage"]
    stages.list.setCurrentRow(0)
    key = stages.add("Pay")
    assert [s.id for s in journey.stages] == ["order", key, "deliver", "return"]
    stages.rename(key, "Payment")
    assert journey.stage(key).name == "Payment"
    # rename in the list itself
    item = stages.list.item(1)
    item.setText("Checkout")
    assert journey.stage(key).name == "Checkout"
    stages.list.setCurrentRow(1)
    down = [b for b in stages.findChildren(QPushButton) if b.text() == "▼"][0]
    qtbot.mouseClick(down, Qt.MouseButton.LeftButton)
    assert [s.id for s in journey.stages] == ["order", "deliver", key, "return"]
    # deleting a stage that holds touchpoints asks; "move" keeps them in the neighbour
    asked = []
    window.structure.ask = lambda *args: asked.append(args[1:]) or "move"
    stages.select("deliver")
    assert stages.delete()
    assert asked == [("stage", "Deliver", 2, "Order")]
    assert journey.touchpoint("track-parcel").stage == "order"
    window.structure.ask = lambda *args: "delete"
    stages.select("return")
    assert stages.delete()
    assert not journey.has_touchpoint("start-a-return")
    window.structure.ask = lambda *args: None  # cancel
    stages.select("order")
    assert not stages.delete()
    while window.document.undo_stack.canUndo():
        window.action("undo").trigger()
    assert to_document(journey) == to_document(make_journey())
    assert [stages.list.item(i).text() for i in range(stages.list.count())] == \
        ["Order", "Deliver", "Return"]


def test_lanes_and_personas_and_the_active_persona(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    lanes = window.structure.lists["lane"]
    lanes.select("frontstage")
    window.structure.ask = lambda *args: "move"
    assert lanes.delete()
    assert journey.touchpoint("courier-calls").lane == "customer"
    personas = window.structure.lists["persona"]
    key = personas.add("Busy parent")
    assert window.persona_combo.findData(key) > 0
    with window.document.gesture("score") as g:
        g.add(journey.update_touchpoint("place-order", emotions={key: -2}))
    window.set_active_persona(key)
    assert window.scene.cards["place-order"].persona == key
    # deleting the active persona falls back to the journey score, and undo restores scores
    personas.select(key)
    assert personas.delete()
    assert window.scene.persona is None
    assert journey.touchpoint("place-order").emotions == {}
    window.action("undo").trigger()
    assert journey.touchpoint("place-order").emotions == {key: -2}


def test_find_selects_and_centres_matches_in_turn(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_edit.hasFocus()
    qtbot.keyClicks(window.find_edit, "parcel")
    qtbot.keyClick(window.find_edit, Qt.Key.Key_Return)
    assert window.scene.selected_touchpoints() == ["track-parcel"]
    view = window.view
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.cards["track-parcel"].sceneBoundingRect())
    window.find_edit.clear()
    qtbot.keyClicks(window.find_edit, "web")   # channel: two cards, Enter cycles
    qtbot.keyClick(window.find_edit, Qt.Key.Key_Return)
    first = window.scene.selected_touchpoints()
    qtbot.keyClick(window.find_edit, Qt.Key.Key_Return)
    second = window.scene.selected_touchpoints()
    assert {first[0], second[0]} == {"place-order", "start-a-return"}
    assert window.document.undo_stack.count() == 0


def test_journey_menu_adds_a_stage_through_its_dialog(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Pay", True))
    window.action("add_stage").trigger()
    assert "Pay" in [s.name for s in journey.stages]
    assert window.scene.grid.stages[-1].name in {s.name for s in journey.stages}
    assert len(window.scene.grid.stages) == 4


def test_other_attributes_round_trip_through_the_inspector(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    with window.document.gesture("attrs") as g:
        g.add(journey.update_touchpoint("place-order", attributes={"sla_hours": 4,
                                                                   "code": "4", "ok": True}))
    window.scene.select_keys(["place-order"])
    box = window.inspector.tp_attributes
    assert box.toPlainText() == 'sla_hours: 4\ncode: "4"\nok: true'
    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.keyClicks(box, "team: Web shop")
    window.inspector.tp_owner.setFocus()
    assert journey.touchpoint("place-order").attributes == {
        "sla_hours": 4, "code": "4", "ok": True, "team": "Web shop"}
