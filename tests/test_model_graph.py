"""The journey's graph is made on first use and then kept in step with every edit, so opening
and drawing a map never waits for NetworkX, while graph algorithms see the same graph."""

from __future__ import annotations

import copy
from pathlib import Path

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.model import Journey
from process_helpers import loaded_after
from strategies import journeys
from test_model import _random_edit, small_journey
from journeymap.model.edits import UndoStack

SAMPLE = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"


def graph_made_now(journey: Journey) -> nx.DiGraph:
    """The graph a journey in this state makes when first asked."""
    fresh = copy.copy(journey)
    fresh._graph = None
    return fresh.graph


def same_graph(a: nx.DiGraph, b: nx.DiGraph) -> bool:
    """Equal nodes and edges with the same data, in the same order both ways round."""
    return (list(a.nodes(data=True)) == list(b.nodes(data=True))
            and list(a.edges(data=True)) == list(b.edges(data=True))
            and all(list(a.pred[n]) == list(b.pred[n]) for n in a))


def agrees_with_its_graph(journey: Journey) -> bool:
    graph = journey.graph
    for key in graph:
        assert graph.nodes[key]["touchpoint"] is journey.touchpoint(key)
        assert journey.successors(key) == list(graph.successors(key))
        expected = [t for _, _, t in graph.in_edges(key, data="transition")]
        expected += [t for s, t2, t in graph.out_edges(key, data="transition") if s != t2]
        assert journey.transitions_of(key) == expected
    assert len(journey) == graph.number_of_nodes()
    assert journey.transition_count() == graph.number_of_edges()
    assert sorted(t.key for t in journey.transitions()) == sorted(graph.edges)
    return True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(), st.data())
def test_a_graph_made_early_stays_the_graph_made_late_through_edits_undo_and_redo(journey,
                                                                                     data):
    stack = UndoStack()
    made_at = data.draw(st.integers(0, 8))
    for step in range(data.draw(st.integers(1, 12))):
        if step == made_at:
            journey.graph  # noqa: B018 - from here on, edits keep it in step
        edit = _random_edit(journey, data)
        if edit is not None:
            stack.push(edit)
    stack.undo_all()
    if data.draw(st.booleans()):
        stack.redo_all()
    assert same_graph(journey.graph, graph_made_now(journey))
    assert agrees_with_its_graph(journey)


def test_the_graph_is_networkx_and_answers_graph_questions():
    journey = small_journey()
    assert isinstance(journey.graph, nx.DiGraph)
    assert journey.graph is journey.graph
    assert set(nx.descendants(journey.graph, journey.touchpoint_ids()[0])) <= set(journey.graph)


def test_opening_a_journey_loads_neither_networkx_nor_jsonschema():
    code = (f"from journeymap.model import load\nj = load({str(SAMPLE)!r})\n"
            "j.transitions(), j.transitions_of(j.touchpoint_ids()[0]), len(j)\n")
    assert loaded_after(code, ["networkx", "jsonschema"]) == []
    assert loaded_after(code + "j.graph\n", ["networkx"]) == ["networkx"]
