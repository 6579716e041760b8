"""GraphML: every field survives a round trip; other tools' graphs are read; errors name the
element."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.io import (InteropError, from_graphml, read_graphml, read_mermaid, to_graphml,
                           write_graphml)
from journeymap.model import (Journey, Lane, Opportunity, Persona, Stage, Touchpoint,
                              Transition, load, to_document)

SAMPLE = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"
ugly = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=10)
scalar = st.none() | st.booleans() | st.integers(-10**9, 10**9) | st.floats(
    allow_nan=False, allow_infinity=False) | ugly


def every_field_journey() -> Journey:
    journey = Journey("Title\r\nwith a CR and \x01 control", "Desc\ttab")
    journey.add_lane(Lane("extra", "Extra lane", "below"))
    journey.add_persona(Persona("maya", "Maya", "busy"))
    journey.add_stage(Stage("a", "Alpha", "first"))
    journey.add_stage(Stage("b", "Beta"))
    journey.add_touchpoint(Touchpoint(
        "t1", "Label \x0b odd", "a", channel="app", lane="extra", kind="service", owner="Ops",
        description="<b>&amp;</b>", emotion=-1.25, emotions={"maya": 2},
        pain_points=["slow", "\uffff"], notes=["“quote”"],
        tags=["x", ""], position=(10.5, -3.0),
        attributes={"int": 3, "float": 0.1, "bool": True, "none": None, "text": "\x00"}))
    journey.add_touchpoint(Touchpoint("t2", "", "b"))
    journey.add_touchpoint(Touchpoint("t0", "Zero", "a"), index=0)
    journey.add_opportunity(Opportunity("o1", "Faster", "desc", ["t1", "t2"], ["slow"], 4, 3,
                                        2, 0.8, "Ops", "planned"))
    journey.connect(Transition("t1", "t2", "failure", "oops", 12.5, {"k": False}))
    journey.connect(Transition("t2", "t2", "recovery"))
    return journey


def test_every_field_survives_write_and_read(tmp_path):
    journey = every_field_journey()
    path = tmp_path / "j.graphml"
    write_graphml(journey, path)
    assert path.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="utf-8"?>')
    again, notes = read_graphml(path)
    assert notes == []
    assert to_document(again) == to_document(journey)
    assert again.touchpoint("t2").position is None  # unplaced cards stay unplaced


def test_file_is_plain_graphml_other_tools_can_read(tmp_path):
    path = tmp_path / "j.graphml"
    write_graphml(every_field_journey(), path)
    graph = nx.read_graphml(path)
    assert list(graph.nodes) == ["t0", "t1", "t2"]
    assert graph.nodes["t1"]["label"] == "Label \x0b odd" or \
        graph.nodes["t1"]["json_fields"] == '["label"]'
    assert graph.nodes["t1"]["stage_name"] == "Alpha" and graph.nodes["t1"]["x"] == 10.5
    assert graph.nodes["t1"]["lane_name"] == "Extra lane"
    assert graph.nodes["t1"]["tags"] == '["x", ""]'
    assert graph.edges["t1", "t2"]["kind"] == "failure"
    text = path.read_text(encoding="utf-8")
    assert 'attr.name="emotion" attr.type="double"' in text
    assert "\x00" not in text and "\r" not in text


def test_sample_journey_round_trips():
    journey = load(SAMPLE)
    journey.metrics_cache = None  # derived data: GraphML leaves it out, like measured values
    again, notes = from_graphml(to_graphml(journey))
    assert notes == [] and to_document(again) == to_document(journey)


def test_imported_mermaid_round_trips(realdata):
    journey, _ = read_mermaid(realdata / "journeys" / "05_mermaid_webhook_lifecycle.mmd")
    again, _ = from_graphml(to_graphml(journey))
    assert again == journey


def test_measured_values_are_written_for_gephi_and_ignored_on_read():
    analytics = pytest.importorskip("journeymap.analytics")
    journey = load(SAMPLE)
    journey.metrics_cache = None  # derived data: GraphML leaves it out, like measured values
    analysis = analytics.analyse(journey, base_dir=SAMPLE.parent)
    text = to_graphml(journey, analysis)
    graph = nx.parse_graphml(text)
    friction = analysis.measure_values("friction")
    key = friction.dropna().index[0]
    assert graph.nodes[key]["friction"] == pytest.approx(friction[key])
    assert isinstance(graph.nodes[key]["small_sample"], bool)
    again, _ = from_graphml(text)
    assert again == journey
    by_device = analytics.analyse(journey, base_dir=SAMPLE.parent, by="segment:device")
    graph = nx.parse_graphml(to_graphml(journey, by_device))
    assert graph.nodes[key]["friction"] == pytest.approx(friction[key])  # over all groups


def test_graph_from_another_tool_is_read_with_defaults_and_notes():
    graph = nx.MultiDiGraph(name="from gephi")
    graph.add_node("a", label="Start", r=255, size=3.5)
    graph.add_node("b", stage="later", stage_name="Later on", lane="ops")
    graph.add_node("c")
    graph.add_edge("a", "b", weight=2.0)
    graph.add_edge("a", "b", weight=9.0)
    graph.add_edge("b", "c")
    journey, notes = from_graphml("\n".join(nx.generate_graphml(graph)))
    assert [(s.id, s.name) for s in journey.stages] == [("imported", "Imported"),
                                                       ("later", "Later on")]
    assert journey.touchpoint_ids("imported") == ["a", "c"]
    a = journey.touchpoint("a")
    assert (a.label, a.channel, a.lane, a.attributes) == ("Start", "", "frontstage",
                                                         {"r": 255, "size": 3.5})
    assert journey.touchpoint("c").label == "c"
    assert journey.lane("ops").name == "ops"
    assert journey.transition("a", "b").attributes == {"weight": 2.0}
    assert all(tp.position is not None for tp in journey.touchpoints())  # laid out
    assert [str(n) for n in notes] == [
        "node 'b': stage 'later' is not among the graph's stages: added at the end",
        "node 'b': lane 'ops' added",
        "graph: 2 nodes without a stage put in stage 'Imported'",
        "edge 'a' → 'b': a second edge between the same two nodes, skipped (a journey has one "
        "per pair)"]


def test_undirected_graph_is_noted():
    graph = nx.Graph()
    graph.add_edge("a", "b")
    journey, notes = from_graphml("\n".join(nx.generate_graphml(graph)))
    assert len(journey.transitions()) == 1
    assert notes[0].where == "graph" and "undirected" in notes[0].message


def _key(text: str, name: str, scope: str = "node") -> str:
    return re.search(rf'<key id="(\w+)" for="{scope}" attr.name="{name}"', text).group(1)


def test_problems_name_the_element():
    text = to_graphml(every_field_journey())
    emotion = _key(text, "emotion")
    bad = text.replace(f'<data key="{emotion}">-1.25</data>', f'<data key="{emotion}">7.0</data>')
    with pytest.raises(InteropError) as caught:
        from_graphml(bad)
    assert str(caught.value) == "node 't1': emotion: 7.0 is greater than 2"

    kind = _key(text, "kind", "edge")
    bad = text.replace(f'<data key="{kind}">failure</data>', f'<data key="{kind}">oops</data>')
    with pytest.raises(InteropError, match=r"^edge 't1' → 't2': kind: 'oops' is not one of"):
        from_graphml(bad)

    tags = _key(text, "tags")
    bad = text.replace('["x", ""]', "x, y")
    with pytest.raises(InteropError, match=r"^node 't1': tags: not JSON"):
        from_graphml(bad)
    assert tags

    emotions = _key(text, "emotions")
    bad = text.replace(f'<data key="{emotions}">{{"maya": 2}}</data>',
                       f'<data key="{emotions}">{{"ghost": 1, "maya": 9}}</data>')
    with pytest.raises(InteropError) as caught:
        from_graphml(bad)
    assert str(caught.value).startswith("node 't1': emotions.maya: 9 is greater than 2")
    assert caught.value.more == 0  # reference problems are checked once shapes hold

    with pytest.raises(InteropError, match="written by a newer journeymap"):
        from_graphml(text.replace(">journeymap/2<", ">journeymap/99<"))


def test_unreadable_files_raise_naming_the_file(tmp_path):
    broken = tmp_path / "broken.graphml"
    broken.write_text("<graphml><graph><node id='a'></graph>", encoding="utf-8")
    with pytest.raises(InteropError, match=r"broken\.graphml: not XML: mismatched tag: line 1"):
        read_graphml(broken)
    with pytest.raises(InteropError, match=r"nothere\.graphml: No such file"):
        read_graphml(tmp_path / "nothere.graphml")
    xml = tmp_path / "other.graphml"
    xml.write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(InteropError, match=r"other\.graphml: not GraphML: file not success"):
        read_graphml(xml)


@st.composite
def journeys_with_any_text(draw) -> Journey:
    """Journeys with every field filled with any text and scalars."""
    journey = Journey(draw(ugly), draw(ugly), lanes=[Lane("l", draw(ugly))])
    journey.add_persona(Persona("p", draw(ugly), draw(ugly)))
    for s in range(draw(st.integers(1, 3))):
        journey.add_stage(Stage(f"s{s}", draw(ugly), draw(ugly)))
        for t in range(draw(st.integers(0, 3))):
            journey.add_touchpoint(Touchpoint(
                f"t{s}-{t}", draw(ugly), f"s{s}", channel=draw(ugly), lane="l",
                owner=draw(ugly), description=draw(ugly),
                emotion=draw(st.none() | st.floats(-2, 2)),
                emotions=draw(st.dictionaries(st.just("p"), st.floats(-2, 2))),
                pain_points=draw(st.lists(ugly, max_size=2)),
                tags=draw(st.lists(ugly, max_size=2)),
                position=draw(st.none() | st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))),
                attributes=draw(st.dictionaries(ugly, scalar, max_size=3))))
    keys = journey.touchpoint_ids()
    for source, target in draw(st.lists(st.tuples(st.sampled_from(keys), st.sampled_from(keys)),
                                        unique=True, max_size=4)) if keys else []:
        journey.connect(Transition(source, target, label=draw(ugly),
                                   volume=draw(st.none() | st.floats(0, 1e9)),
                                   attributes=draw(st.dictionaries(ugly, scalar, max_size=2))))
    return journey


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys_with_any_text())
def test_any_journey_survives_graphml(journey):
    again, notes = from_graphml(to_graphml(journey))
    assert notes == []
    assert to_document(again) == to_document(journey)


def test_free_text_opportunities_of_older_files_become_objects():
    old = nx.DiGraph(journeymap="journeymap/1", title="Old")
    old.add_node("pay", label="Pay", stage="buy", opportunities='["Save cards", "Apple Pay"]')
    journey = from_graphml("\n".join(nx.generate_graphml(old)))[0]
    assert [(o.title, o.touchpoints) for o in journey.opportunities] == [
        ("Save cards", ["pay"]), ("Apple Pay", ["pay"])]
    assert "opportunities" not in journey.touchpoint("pay").attributes
