"""Drawing a journey on the canvas with the mouse and keyboard, as a workshop would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from journeymap.app.mainwindow import blank_journey
from journeymap.model import load, to_document
from test_app_helpers import (OFFSCREEN_NOISE, card_point, drag, make_journey, make_window,
                              view_point)

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


def cell_point(window, stage: int, lane: int, dx: float = 0.0) -> QPoint:
    """The view point in the middle of a grid cell, ``dx`` scene units right of its start."""
    g = window.scene.grid
    s, ln = g.stages[stage], g.lanes[lane]
    x = s.start + 30 + dx if dx else s.centre
    return view_point(window, QPointF(x, ln.centre))


def type_into_canvas(qtbot, window, text: str) -> None:
    qtbot.keyClicks(window.view.viewport(), text)
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Return)


def create_card(qtbot, window, stage: int, lane: int, label: str) -> str:
    before = set(window.scene.cards)
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                      pos=cell_point(window, stage, lane))
    (key,) = set(window.scene.cards) - before
    assert window.editor.editor is not None, "the inline editor opens on a new card"
    type_into_canvas(qtbot, window, label)
    return key


def test_draw_a_journey_from_empty_then_undo_and_redo_everything(qtbot, tmp_path,
                                                                 monkeypatch):
    window = make_window(qtbot, tmp_path, blank_journey())
    window.view.setFocus()
    doc = window.document
    start = to_document(doc.journey)
    # create three cards by double-clicking cells and typing their labels
    a = create_card(qtbot, window, 0, 0, "Sees an ad")
    b = create_card(qtbot, window, 1, 0, "Compares offers")
    c = create_card(qtbot, window, 1, 1, "Chat with sales")
    j = doc.journey
    assert [j.touchpoint(k).label for k in (a, b, c)] == ["Sees an ad", "Compares offers",
                                                          "Chat with sales"]
    assert j.touchpoint(c).lane == j.lanes[1].id
    # connect a → b and b → c by dragging from the handles
    drag(qtbot, window, card_point(window, a, 84), card_point(window, b))
    drag(qtbot, window, card_point(window, b, 84), card_point(window, c))
    assert j.has_transition(a, b) and j.has_transition(b, c)
    # rename b with F2
    window.scene.select_keys([b])
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_F2)
    type_into_canvas(qtbot, window, "Compares plans")
    assert j.touchpoint(b).label == "Compares plans"
    # move c across stages: drag the card body to stage 3, lane 3
    drag(qtbot, window, card_point(window, c, -40, 10), cell_point(window, 2, 2))
    assert j.touchpoint(c).stage == j.stages[2].id
    assert j.touchpoint(c).lane == j.lanes[2].id
    assert j.has_transition(b, c)  # the arrow follows
    card = window.scene.cards[c]
    assert window.scene.grid.stage_at(card.pos().x()).id == j.stages[2].id
    end = to_document(j)
    # one undo entry per gesture: 3 creations (+3 renames), 2 connections, rename, move
    assert doc.undo_stack.count() == 3 * 2 + 2 + 1 + 1
    # undo everything with the keyboard, back to the blank journey
    for _ in range(doc.undo_stack.count()):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert to_document(doc.journey) == start
    assert not window.scene.cards and not window.scene.edges
    assert not window.isWindowModified()
    for _ in range(doc.undo_stack.count()):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
    assert to_document(doc.journey) == end
    assert set(window.scene.cards) == {a, b, c}
    # save through Save As (the dialog answered), reopen in a new window, compare
    path = tmp_path / "drawn.journey.json"
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    assert to_document(load(path)) == end
    other = make_window(qtbot, tmp_path)
    assert other.open_path(str(path))
    assert to_document(other.document.journey) == end
    assert set(other.scene.edges) == {(a, b), (b, c)}


def test_a_drag_is_one_undo_entry_and_snaps_to_the_cell(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, make_journey())
    j = window.document.journey
    count = window.document.undo_stack.count()
    # drag "Start a return" through several cells and drop it in stage 1, lane 2
    start = card_point(window, "start-a-return")
    drag(qtbot, window, start, cell_point(window, 0, 1, dx=150), steps=20)
    assert window.document.undo_stack.count() == count + 1
    tp = j.touchpoint("start-a-return")
    assert (tp.stage, tp.lane) == ("order", "frontstage")
    # dropped right of "Confirmation email": after it in the stage order
    assert j.touchpoint_ids("order").index("start-a-return") > \
        j.touchpoint_ids("order").index("confirmation-email")
    card = window.scene.cards["start-a-return"]
    assert (card.pos().x(), card.pos().y()) == j.touchpoint("start-a-return").position
    window.action("undo").trigger()
    assert j.touchpoint("start-a-return").stage == "return"
    # a drag that ends in the same place changes nothing and adds no entry
    count = window.document.undo_stack.count()
    p = card_point(window, "track-parcel")
    drag(qtbot, window, p, p + QPoint(6, 4))
    assert window.document.undo_stack.count() == count
    assert window.scene.cards["track-parcel"].pos().y() == \
        window.scene.grid.lanes[0].centre


def test_several_cards_move_together(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, make_journey())
    j = window.document.journey
    window.scene.select_keys(["place-order", "confirmation-email"])
    drag(qtbot, window, card_point(window, "place-order"), cell_point(window, 2, 0, dx=300))
    assert j.touchpoint("place-order").stage == "return"
    assert j.touchpoint("confirmation-email").stage == "return"
    assert window.document.undo_stack.count() == 1
    window.action("undo").trigger()
    assert to_document(j) == to_document(make_journey())


def test_rubber_band_delete_and_undo(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    g = window.scene.grid
    # drag a band over the whole "Deliver" stage, starting in empty space below the cards
    top_left = view_point(window, QPointF(g.stages[1].start + 4, g.lanes[0].start + 4))
    bottom_right = view_point(window, QPointF(g.stages[1].end - 4, g.lanes[-1].end - 4))
    drag(qtbot, window, bottom_right, top_left)
    assert window.scene.selected_touchpoints() == ["track-parcel", "courier-calls"]
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Delete)
    assert not journey.has_touchpoint("track-parcel")
    assert ("confirmation-email", "track-parcel") not in window.scene.edges
    window.action("undo").trigger()
    assert to_document(journey) == to_document(make_journey())
    assert ("confirmation-email", "track-parcel") in window.scene.edges


def test_deleting_a_selected_arrow(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    edge = window.scene.edges[("place-order", "confirmation-email")]
    mid = edge.path().pointAtPercent(0.5)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view_point(window, mid))
    assert window.scene.selected_transitions() == [("place-order", "confirmation-email")]
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Delete)
    assert not journey.has_transition("place-order", "confirmation-email")
    assert journey.has_touchpoint("place-order")


def test_copy_paste_duplicate_keep_the_arrows_between_copies(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    window.scene.select_keys(["track-parcel", "courier-calls"])
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    new = window.scene.selected_touchpoints()
    assert len(new) == 2 and not {"track-parcel", "courier-calls"} & set(new)
    labels = sorted(journey.touchpoint(k).label for k in new)
    assert labels == ["Courier calls", "Track parcel"]
    copies = {journey.touchpoint(k).label: k for k in new}
    assert journey.has_transition(copies["Track parcel"], copies["Courier calls"])
    assert journey.has_transition(copies["Courier calls"], copies["Track parcel"])
    assert journey.touchpoint(copies["Track parcel"]).pain_points == []
    assert journey.touchpoint(copies["Courier calls"]).pain_points == ["Too slow"]
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(journey) == 9
    qtbot.keyClick(window, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert len(journey) == 7
    for _ in range(3):
        window.action("undo").trigger()
    assert to_document(journey) == to_document(make_journey())


def test_paste_plain_text_makes_one_card_per_line(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    QApplication.clipboard().setText("Sticky one\nSticky two\n\n")
    window.scene.clearSelection()
    window.action("paste").trigger()
    assert sorted(journey.touchpoint(k).label for k in window.scene.selected_touchpoints()) \
        == ["Sticky one", "Sticky two"]


def test_add_touchpoint_with_the_keyboard_next_to_the_selection(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    window.scene.select_keys(["track-parcel"])
    window.action("add_touchpoint").trigger()
    key = window.scene.selected_touchpoints()[0]
    qtbot.keyClicks(window.view.viewport(), "Notified by SMS")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Return)
    tp = journey.touchpoint(key)
    assert (tp.label, tp.stage, tp.lane) == ("Notified by SMS", "deliver", "customer")
    assert journey.touchpoint_ids("deliver").index(key) == 1


def test_escape_cancels_an_inline_rename(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                      pos=card_point(window, "place-order"))
    qtbot.keyClicks(window.view.viewport(), "Nope")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Escape)
    assert journey.touchpoint("place-order").label == "Place order"
    assert window.document.undo_stack.count() == 0


def test_zoom_pan_and_fit(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, make_journey())
    view = window.view
    view.reset_zoom()
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(1.2)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(1.0)
    from PySide6.QtGui import QWheelEvent

    centre = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(centre, QPointF(view.viewport().mapToGlobal(centre.toPoint())),
                        QPoint(), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom() == pytest.approx(1.44)
    # middle-button pan moves the scroll bars, changes nothing in the journey
    h = view.horizontalScrollBar()
    h.setValue(h.maximum() // 2)
    before = h.value()
    drag(qtbot, window, QPoint(400, 300), QPoint(300, 300), button=Qt.MouseButton.MiddleButton)
    assert h.value() == before + 100
    # space-drag pans too
    before = h.value()
    qtbot.keyPress(view.viewport(), Qt.Key.Key_Space)
    drag(qtbot, window, QPoint(300, 300), QPoint(350, 300))
    qtbot.keyRelease(view.viewport(), Qt.Key.Key_Space)
    assert h.value() == before - 50
    assert window.document.undo_stack.count() == 0
    window.action("fit").trigger()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.itemsBoundingRect().adjusted(10, 10, -10, -10))


def test_auto_layout_orders_cards_along_the_flow(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    # put "Confirmation email" first in its stage: its arrow from "Place order" runs backward
    with window.document.gesture("shuffle") as g:
        g.add(journey.move_touchpoint("confirmation-email", "order", 0, lane="customer"))
    window.action("auto_layout").trigger()
    assert journey.touchpoint_ids("order") == ["place-order", "confirmation-email"]
    window.action("undo").trigger()
    assert journey.touchpoint_ids("order") == ["confirmation-email", "place-order"]


def test_stage_header_drag_reorders_and_double_click_renames(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    g = window.scene.grid
    header = view_point(window, QPointF(g.stages[0].centre, 20))
    target = view_point(window, QPointF(g.stages[2].end - 10, 20))
    drag(qtbot, window, header, target)
    assert [s.id for s in journey.stages] == ["deliver", "return", "order"]
    window.action("undo").trigger()
    assert [s.id for s in journey.stages] == ["order", "deliver", "return"]
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                      pos=view_point(window, QPointF(window.scene.grid.stages[1].centre, 20)))
    type_into_canvas(qtbot, window, "Delivery")
    assert journey.stage("deliver").name == "Delivery"


def test_markers_show_their_text_on_hover(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, make_journey())
    window.view.viewport().repaint()
    tips = window.scene.cards["track-parcel"].marker_tooltips()
    assert any("Text the slot" in t for t in tips)
    assert any("Where is it?" in t for t in tips)


def test_headers_stay_in_sight_and_clickable_when_scrolled(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    view = window.view
    view.set_zoom(2.0)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.viewport().repaint()
    left, top = window.scene.frozen
    assert left > 0 and top > 0
    # the stage header painted at the top edge of the view answers a click
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    x = window.scene.grid.stages[-1].end - 20
    assert visible.left() + 150 < x < visible.right()  # right of the frozen lane names
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view_point(window, QPointF(x, top + 20)))
    assert window.scene.current_header == ("stage", journey.stages[-1].id)
    assert window.inspector.header_name.text() == journey.stages[-1].name


def test_context_menus_offer_what_fits_the_thing_under_the_pointer(qtbot, tmp_path):
    from journeymap.app.canvas.context import build_menu

    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)

    def texts(menu):
        return [a.text().replace("&", "") for a in menu.actions() if a.text()]

    card = build_menu(window, card_point(window, "track-parcel"))
    assert {"Rename", "Duplicate", "Delete"} <= set(texts(card))
    assert window.scene.selected_touchpoints() == ["track-parcel"]
    edge = window.scene.edges[("place-order", "confirmation-email")]
    menu = build_menu(window, view_point(window, edge.path().pointAtPercent(0.5)))
    kinds = menu.actions()[0].menu()
    next(a for a in kinds.actions() if a.text() == "failure").trigger()
    assert journey.transition("place-order", "confirmation-email").kind == "failure"
    g = window.scene.grid
    header = build_menu(window, view_point(window, QPointF(g.stages[0].centre, 20)))
    next(a for a in header.actions() if a.text() == "Add stage after").trigger()
    assert len(journey.stages) == 4 and journey.stages[1].name == "New stage"
    assert window.editor.editor is not None  # its name is open for typing
    type_into_canvas(qtbot, window, "Pay")
    assert journey.stages[1].name == "Pay"
    empty = build_menu(window, cell_point(window, 1, 3))
    next(a for a in empty.actions() if a.text() == "Add touchpoint here").trigger()
    assert len(journey) == 6
    for menu in (card, menu, header, empty):
        menu.deleteLater()


def test_editing_keys_in_the_inline_editor_edit_text_not_the_map(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    window.scene.select_keys(["place-order"])
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_F2)
    viewport = window.view.viewport()
    qtbot.keyClick(viewport, Qt.Key.Key_End)
    for key in (Qt.Key.Key_Backspace, Qt.Key.Key_Backspace):
        qtbot.keyClick(viewport, key)
    qtbot.keyClicks(viewport, "N n")  # N is "add touchpoint", space pans, outside editors
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    assert journey.touchpoint("place-order").label == "Place ordN n"
    assert len(journey) == 5


def test_keyboard_walks_moves_and_connects_cards(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    viewport = window.view.viewport()
    window.scene.select_keys(["place-order"])
    qtbot.keyClick(viewport, Qt.Key.Key_Right)
    assert window.scene.selected_touchpoints() == ["track-parcel"]
    qtbot.keyClick(viewport, Qt.Key.Key_Down)
    assert window.scene.selected_touchpoints() == ["courier-calls"]
    # Ctrl+arrows move the card: a lane up, then a stage right; each one undo entry
    qtbot.keyClick(viewport, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert journey.touchpoint("courier-calls").lane == "customer"
    assert journey.touchpoint_ids("deliver") == ["track-parcel", "courier-calls"]
    qtbot.keyClick(viewport, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert journey.touchpoint_ids("deliver") == ["courier-calls", "track-parcel"]
    qtbot.keyClick(viewport, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert journey.touchpoint("courier-calls").stage == "order"
    assert window.document.undo_stack.count() == 3
    assert window.history.widget().stack() is window.document.undo_stack
    # Enter renames the selected card
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    assert window.editor.editor is not None
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    # Ctrl+K connects the selection in journey order
    window.scene.select_keys(["place-order", "start-a-return"])
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert journey.has_transition("place-order", "start-a-return")
    while window.document.undo_stack.canUndo():
        window.action("undo").trigger()
    assert to_document(journey) == to_document(make_journey())


def test_the_target_cell_is_tinted_while_dragging(qtbot, tmp_path):
    from PySide6.QtGui import QMouseEvent

    window = make_window(qtbot, tmp_path, make_journey())
    viewport = window.view.viewport()
    start = card_point(window, "place-order")
    target = cell_point(window, 2, 2)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for p in (start + (target - start) * 0.5, target):
        QApplication.sendEvent(viewport, QMouseEvent(
            QMouseEvent.Type.MouseMove, QPointF(p), QPointF(viewport.mapToGlobal(p)),
            Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier))
    g = window.scene.grid
    tint = window.view.mode._drop_cell
    assert tint is not None and tint.rect().center() == QPointF(g.stages[2].centre,
                                                                 g.lanes[2].centre)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    assert tint.scene() is None
    assert window.document.journey.touchpoint("place-order").stage == "return"
