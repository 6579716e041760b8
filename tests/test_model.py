"""The journey model: edits, their undo, change notices and validation."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.model import (Change, Journey, JourneyError, Lane, Persona, Stage, Touchpoint,
                              Transition, UndoStack, to_document, validate)
from journeymap.model.layout import auto_layout, grid, grid_positions, locate
from strategies import journeys, text


def small_journey() -> Journey:
    j = Journey("Order", "Buy and receive")
    j.add_persona(Persona("parent", "Busy parent"))
    j.add_stage(Stage("discover", "Discover"))
    j.add_stage(Stage("buy", "Buy"))
    j.add_stage(Stage("receive", "Receive"))
    j.add_touchpoint(Touchpoint("ad", "See an ad", "discover", channel="social",
                                lane="customer", emotion=1))
    j.add_touchpoint(Touchpoint("site", "Browse the site", "discover", emotions={"parent": -1}))
    j.add_touchpoint(Touchpoint("pay", "Pay", "buy", emotion=0))
    j.add_touchpoint(Touchpoint("parcel", "Parcel arrives", "receive", channel="in person"))
    j.connect(Transition("ad", "site"))
    j.connect(Transition("site", "pay", label="add to basket"))
    j.connect(Transition("pay", "site", kind="failure", label="card declined"))
    j.connect(Transition("pay", "parcel", volume=900))
    return j


def test_touchpoints_come_in_journey_order_and_live_on_the_graph():
    j = small_journey()
    assert j.touchpoint_ids() == ["ad", "site", "pay", "parcel"]
    assert j.touchpoint_ids("discover") == ["ad", "site"]
    assert set(j.graph.successors("pay")) == {"site", "parcel"}
    assert j.graph.nodes["pay"]["touchpoint"].label == "Pay"
    assert [t.key for t in j.transitions()] == [("ad", "site"), ("site", "pay"),
                                                ("pay", "site"), ("pay", "parcel")]


def test_every_edit_notifies_and_reverting_restores_the_document():
    j = small_journey()
    seen: list[Change] = []
    j.subscribe(seen.append)
    before = to_document(j)
    edit = j.update_touchpoint("pay", label="Pay securely", pain_points=["3-D Secure fails"])
    assert seen[-1] == Change("touchpoint.changed", "pay", ("label", "pain_points"))
    redo = edit.revert()
    assert to_document(j) == before
    redo.revert()
    assert j.touchpoint("pay").label == "Pay securely"


def test_no_notice_and_empty_edit_when_nothing_changes():
    j = small_journey()
    seen: list[Change] = []
    j.subscribe(seen.append)
    assert j.update_touchpoint("pay", label="Pay").empty
    assert j.rename_stage("buy", "Buy").empty
    assert seen == []


def test_unsubscribe_stops_notices():
    j = small_journey()
    seen: list[Change] = []
    stop = j.subscribe(seen.append)
    stop()
    j.rename_stage("buy", "Purchase")
    assert seen == []


def test_removing_a_touchpoint_takes_its_transitions_and_undo_restores_them_in_place():
    j = small_journey()
    before = to_document(j)
    edit = j.remove_touchpoint("site")
    assert not j.has_touchpoint("site")
    assert [t.key for t in j.transitions()] == [("pay", "parcel")]
    edit.revert()
    assert to_document(j) == before
    assert j.touchpoint_ids("discover") == ["ad", "site"]


def test_removing_a_stage_removes_or_moves_its_touchpoints_and_undo_is_exact():
    j = small_journey()
    before = to_document(j)
    members, edges = j.stage_removal_impact("discover")
    assert members == ["ad", "site"]
    assert edges == [("ad", "site"), ("pay", "site"), ("site", "pay")]
    edit = j.remove_stage("discover")
    assert [s.id for s in j.stages] == ["buy", "receive"] and len(j) == 2
    edit.revert()
    assert to_document(j) == before

    edit = j.remove_stage("discover", move_to="receive")
    assert j.touchpoint_ids("receive") == ["parcel", "ad", "site"]
    assert j.has_transition("ad", "site")
    assert j.touchpoint("ad").stage == "receive"
    edit.revert()
    assert to_document(j) == before


def test_removing_a_persona_drops_its_emotions_and_undo_brings_them_back():
    j = small_journey()
    before = to_document(j)
    edit = j.remove_persona("parent")
    assert j.touchpoint("site").emotions == {}
    edit.revert()
    assert to_document(j) == before


def test_removing_a_lane_moves_its_touchpoints_and_the_last_lane_stays():
    j = small_journey()
    before = to_document(j)
    edit = j.remove_lane("customer", move_to="frontstage")
    assert j.touchpoint("ad").lane == "frontstage"
    edit.revert()
    assert to_document(j) == before
    single = Journey(lanes=[Lane("only", "Only")])
    with pytest.raises(JourneyError, match="at least one lane"):
        single.remove_lane("only")


def test_moving_a_touchpoint_across_stages_with_lane_and_position_is_one_edit():
    j = small_journey()
    before = to_document(j)
    edit = j.move_touchpoint("site", stage="buy", index=0, lane="backstage",
                             position=(10, 20))
    assert j.touchpoint_ids("buy") == ["site", "pay"]
    assert j.touchpoint("site").stage == "buy"
    assert j.touchpoint("site").position == (10.0, 20.0)
    redo = edit.revert()
    assert to_document(j) == before
    redo.revert()
    assert j.touchpoint_ids("buy") == ["site", "pay"] and j.touchpoint("site").lane == "backstage"


def test_reordering_stages_and_undo():
    j = small_journey()
    edit = j.move_stage("receive", 0)
    assert [s.id for s in j.stages] == ["receive", "discover", "buy"]
    edit.revert()
    assert [s.id for s in j.stages] == ["discover", "buy", "receive"]


@pytest.mark.parametrize("call, message", [
    (lambda j: j.add_touchpoint(Touchpoint("pay", "Again", "buy")), "already used"),
    (lambda j: j.add_touchpoint(Touchpoint("new", "New", "nowhere")), "missing stage"),
    (lambda j: j.add_touchpoint(Touchpoint("new", "New", "buy", lane="roof")), "missing lane"),
    (lambda j: j.connect(Transition("pay", "ghost")), "missing touchpoint 'ghost'"),
    (lambda j: j.connect(Transition("ad", "site")), "already connected"),
    (lambda j: j.update_touchpoint("pay", stage="buy"), "use move_touchpoint"),
    (lambda j: j.update_touchpoint("pay", colour="red"), "cannot set colour"),
    (lambda j: j.remove_stage("buy", move_to="buy"), "being removed"),
    (lambda j: j.touchpoint("ghost"), "no touchpoint with id 'ghost'"),
])
def test_impossible_edits_are_refused_with_a_reason(call, message):
    j = small_journey()
    before = to_document(j)
    with pytest.raises(JourneyError, match=message):
        call(j)
    assert to_document(j) == before


def test_validation_names_what_is_wrong_and_where():
    j = small_journey()
    assert validate(j) == []
    j.touchpoint("pay").emotion = 7  # a direct change bypassing the edits
    j.touchpoint("ad").lane = "roof"
    problems = [str(p) for p in validate(j)]
    assert "stages[1].touchpoints[0].emotion: 7 is greater than 2" in problems
    j.touchpoint("pay").emotion = 0
    assert [str(p) for p in validate(j)] == [
        "stages[0].touchpoints[0].lane: no lane 'roof' "
        "(lanes are customer, frontstage, backstage, support)"]
    j.touchpoint("ad").lane = "customer"
    j.touchpoint("ad").stage = "gone"
    assert "is in a missing stage 'gone'" in str(validate(j)[0])


def test_new_ids_are_readable_and_unique():
    j = small_journey()
    assert j.new_id("Pay") == "pay-2"
    assert j.new_id("Track the parcel!", "tp") == "tp-track-the-parcel"
    assert j.new_id("???") == "item"


def test_plain_undo_stack_tracks_clean_state():
    j = small_journey()
    stack = UndoStack()
    stack.set_clean()
    stack.push(j.rename_stage("buy", "Purchase"))
    assert not stack.clean and stack.undo_label == "Edit stage"
    stack.undo()
    assert stack.clean and j.stage("buy").name == "Buy"
    stack.redo()
    assert j.stage("buy").name == "Purchase"


def test_grid_layout_places_cards_in_their_stage_and_lane_without_overlap():
    j = small_journey()
    auto_layout(j)
    g = grid(j)
    boxes = []
    for tp in j.touchpoints():
        x, y = tp.position
        assert g.stage_at(x).id == tp.stage and g.lane_at(y).id == tp.lane
        boxes.append((x, y))
    assert len(set(boxes)) == len(boxes)
    assert [b.id for b in g.stages] == ["discover", "buy", "receive"]
    x, y = grid_positions(j)["pay"]
    assert locate(j, x - 1, y)[:2] == ("buy", "frontstage")


# --------------------------------------------------------------- random edits, undone
def _random_edit(j: Journey, data: st.DataObject) -> object:
    """Apply one random edit a user could make; return its Edit (or None if none applies)."""
    tps = j.touchpoint_ids()
    stages = [s.id for s in j.stages]
    choices = ["add_stage", "add_persona", "update_journey"]
    if stages:
        choices += ["add_touchpoint", "rename_stage", "move_stage", "remove_stage"]
    if tps:
        choices += ["update_touchpoint", "move_touchpoint", "remove_touchpoint", "connect"]
    if j.transitions():
        choices += ["disconnect", "update_transition"]
    if j.personas:
        choices += ["remove_persona"]
    op = data.draw(st.sampled_from(choices))
    new = j.new_id(data.draw(text))
    if op == "add_stage":
        return j.add_stage(Stage(new, data.draw(text)), data.draw(st.integers(0, 5)))
    if op == "add_persona":
        return j.add_persona(Persona(new, data.draw(text)))
    if op == "update_journey":
        return j.update_journey(title=data.draw(text))
    if op == "add_touchpoint":
        emotions = {p.id: data.draw(st.integers(-2, 2)) for p in j.personas[:1]}
        return j.add_touchpoint(Touchpoint(new, data.draw(text), data.draw(st.sampled_from(
            stages)), lane=j.lanes[0].id, emotions=emotions), data.draw(st.integers(0, 5)))
    if op == "rename_stage":
        return j.rename_stage(data.draw(st.sampled_from(stages)), data.draw(text))
    if op == "move_stage":
        return j.move_stage(data.draw(st.sampled_from(stages)), data.draw(st.integers(0, 5)))
    if op == "remove_stage":
        key = data.draw(st.sampled_from(stages))
        others = [s for s in stages if s != key]
        return j.remove_stage(key, data.draw(st.sampled_from([None, *others])))
    if op == "update_touchpoint":
        return j.update_touchpoint(data.draw(st.sampled_from(tps)), label=data.draw(text),
                                   emotion=data.draw(st.none() | st.integers(-2, 2)),
                                   tags=data.draw(st.lists(text, max_size=2)))
    if op == "move_touchpoint":
        return j.move_touchpoint(data.draw(st.sampled_from(tps)),
                                 data.draw(st.sampled_from(stages)),
                                 data.draw(st.none() | st.integers(0, 5)),
                                 lane=data.draw(st.sampled_from([lane.id for lane in j.lanes])),
                                 position=(data.draw(st.integers(0, 900)), 1.0))
    if op == "remove_touchpoint":
        return j.remove_touchpoint(data.draw(st.sampled_from(tps)))
    if op == "connect":
        source, target = data.draw(st.sampled_from(tps)), data.draw(st.sampled_from(tps))
        return None if j.has_transition(source, target) else j.connect(Transition(source, target))
    if op == "remove_persona":
        return j.remove_persona(data.draw(st.sampled_from([p.id for p in j.personas])))
    edge = data.draw(st.sampled_from(j.transitions()))
    if op == "disconnect":
        return j.disconnect(*edge.key)
    return j.update_transition(*edge.key, kind="alternative", label=data.draw(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(), st.data())
def test_any_sequence_of_edits_undoes_to_the_original_and_redoes_to_the_end(journey, data):
    stack = UndoStack()
    original = to_document(journey)
    for _ in range(data.draw(st.integers(1, 15))):
        edit = _random_edit(journey, data)
        if edit is not None:
            stack.push(edit)
        assert validate(journey) == []
    final = to_document(journey)
    stack.undo_all()
    assert to_document(journey) == original
    stack.redo_all()
    assert to_document(journey) == final


def test_rebasing_sources_keeps_relative_paths_pointing_at_the_same_files(tmp_path):
    from journeymap.model import FeedbackSource
    j = small_journey()
    j.add_source(FeedbackSource("survey", "feedback/survey.csv"))
    j.add_source(FeedbackSource("abs", str(tmp_path / "abs.csv")))
    edit = j.rebase_sources(tmp_path / "maps", tmp_path / "decks" / "q3")
    assert j.source("survey").path == "../../maps/feedback/survey.csv"
    assert j.source("abs").path == str(tmp_path / "abs.csv")
    edit.revert()
    assert j.source("survey").path == "feedback/survey.csv"
    assert j.rebase_sources(tmp_path, tmp_path).empty


def test_overall_emotion_is_the_journey_score_else_the_mean_of_the_personas():
    assert Touchpoint("a", "A", emotion=1, emotions={"p": -2}).overall_emotion == 1
    assert Touchpoint("a", "A", emotions={"p": -2, "q": 1}).overall_emotion == -0.5
    assert Touchpoint("a", "A").overall_emotion is None


def test_emotion_for_everyone_is_the_overall_emotion_and_a_persona_falls_back_to_the_journey():
    tp = Touchpoint("a", "A", emotions={"p": -2, "q": 1})
    assert tp.emotion_for(None) == -0.5 and tp.emotion_for("p") == -2
    assert tp.emotion_for("r") is None
    assert Touchpoint("a", "A", emotion=1).emotion_for("r") == 1
