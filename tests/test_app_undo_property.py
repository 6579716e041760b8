"""Property: any sequence of the app's edits, undone through the window's undo stack, gives
back the original journey exactly; redone, gives back the edited one."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.model import to_document
from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)

index = st.integers(0, 50)
edits = st.one_of(
    st.tuples(st.just("add"), index, index),
    st.tuples(st.just("drop"), index, index, index, st.integers(0, 400)),
    st.tuples(st.just("connect"), index, index),
    st.tuples(st.just("rename"), index, st.text(min_size=1, max_size=12).filter(str.strip)),
    st.tuples(st.just("delete"), st.lists(index, min_size=1, max_size=3)),
    st.tuples(st.just("duplicate"), st.lists(index, min_size=1, max_size=3)),
    st.tuples(st.just("field"), st.lists(index, min_size=1, max_size=3),
              st.sampled_from(["channel", "kind", "owner", "emotion", "tags"]), index),
    st.tuples(st.just("stage"), st.sampled_from(["add", "move", "remove-move",
                                                 "remove-delete"]), index, index),
    st.tuples(st.just("layout")),
    st.tuples(st.just("nudge"), st.lists(index, min_size=1, max_size=3),
              st.sampled_from([(-1, 0), (1, 0), (0, -1), (0, 1)])),
    st.tuples(st.just("chain"), st.lists(index, min_size=2, max_size=4)),
)


def apply(window, edit) -> None:
    j = window.document.journey
    keys = j.touchpoint_ids()
    g = window.scene.grid
    kind = edit[0]
    if kind == "add" and g.stages:
        s, ln = g.stages[edit[1] % len(g.stages)], g.lanes[edit[2] % len(g.lanes)]
        window.editor.add_touchpoint_at(s.centre, ln.centre, rename=False)
    elif kind == "drop" and keys and g.stages:
        s, ln = g.stages[edit[2] % len(g.stages)], g.lanes[edit[3] % len(g.lanes)]
        x = min(s.start + edit[4], s.end - 1)
        window.editor.drop_cards({keys[edit[1] % len(keys)]: (x, ln.centre)})
    elif kind == "connect" and keys:
        window.editor.connect(keys[edit[1] % len(keys)], keys[edit[2] % len(keys)])
    elif kind == "rename" and keys:
        window.editor.rename(keys[edit[1] % len(keys)], edit[2])
    elif kind in ("delete", "duplicate", "field") and keys:
        window.scene.select_keys({keys[i % len(keys)] for i in edit[1]})
        if kind == "delete":
            window.editor.delete_selection()
        elif kind == "duplicate":
            window.editor.duplicate()
        else:
            window.inspector.follow_selection()
            name, n = edit[2], edit[3]
            value = {"channel": ["web", "email", "kiosk"][n % 3],
                     "kind": ["service", "success", "experience"][n % 3],
                     "owner": f"team {n % 4}", "emotion": [None, -2, 0.5, 2][n % 4],
                     "tags": [[], ["vip"], ["vip", "b2b"]][n % 3]}[name]
            window.inspector._set(name, value)
    elif kind == "stage":
        stages = window.structure.lists["stage"]
        order = [s.id for s in j.stages]
        if order:
            stages.select(order[edit[2] % len(order)])
        if edit[1] == "add":
            stages.add(f"Stage {edit[3]}")
        elif edit[1] == "move" and order:
            stages.move(order[edit[2] % len(order)], edit[3] % len(order))
        elif order and len(order) > 1:
            window.structure.ask = lambda *a, answer=edit[1].split("-")[1]: answer
            stages.delete()
    elif kind == "layout":
        window.editor.auto_layout()
    elif kind in ("nudge", "chain") and keys:
        chosen = sorted({keys[i % len(keys)] for i in edit[1]}, key=keys.index)
        if kind == "nudge":
            window.editor.nudge(chosen, *edit[2])
        else:
            window.scene.select_keys(chosen)
            window.editor.connect_selected()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(edits, min_size=1, max_size=12))
def test_random_edits_undo_to_the_original_and_redo_to_the_result(qtbot, tmp_path, sequence):
    window = getattr(test_random_edits_undo_to_the_original_and_redo_to_the_result, "window",
                     None)
    if window is None or not window.isVisible():
        window = make_window(qtbot, tmp_path, make_journey())
        test_random_edits_undo_to_the_original_and_redo_to_the_result.window = window
    window.document.set_journey(make_journey(), None)
    original = to_document(window.document.journey)
    for edit in sequence:
        apply(window, edit)
    edited = to_document(window.document.journey)
    stack = window.document.undo_stack
    stack.setIndex(0)
    assert to_document(window.document.journey) == original
    assert set(window.scene.cards) == set(window.document.journey.touchpoint_ids())
    stack.setIndex(stack.count())
    assert to_document(window.document.journey) == edited
    assert set(window.scene.edges) == {t.key for t in window.document.journey.transitions()}
    # the scene shows every card in its cell after all that
    g = window.scene.grid
    for key, card in window.scene.cards.items():
        tp = window.document.journey.touchpoint(key)
        assert g.stage_at(card.pos().x()).id == tp.stage
        assert g.lane_at(card.pos().y()).id == tp.lane
