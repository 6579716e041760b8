"""Auto-layout: put each stage's cards in the order the customer flows through them.

Cards within a stage are ranked by their depth in the journey graph (longest path from where
the journey starts, after breaking loops), so arrows run left to right; ties keep the current
order. Pure model reading, no Qt.
"""

from __future__ import annotations

import networkx as nx

from journeymap.model import Journey


def depths(journey: Journey) -> dict[str, int]:
    """Longest-path depth of every touchpoint. Arrows back to an earlier stage are ignored;
    a loop inside a stage counts as one step (its cards keep their order)."""
    stage_rank = {s.id: i for i, s in enumerate(journey.stages)}
    graph = nx.DiGraph()
    graph.add_nodes_from(journey.touchpoint_ids())
    for t in journey.transitions():
        if stage_rank[journey.touchpoint(t.source).stage] <= \
                stage_rank[journey.touchpoint(t.target).stage]:
            graph.add_edge(t.source, t.target)
    condensed = nx.condensation(graph)
    level: dict[int, int] = {}
    for node in nx.topological_sort(condensed):
        level[node] = max((level[p] + 1 for p in condensed.predecessors(node)), default=0)
    members = condensed.graph["mapping"]
    return {key: level[members[key]] for key in graph}


def flow_orders(journey: Journey) -> dict[str, list[str]]:
    """Each stage's touchpoint ids ordered by flow depth, ties in current order."""
    depth = depths(journey)
    out = {}
    for stage in journey.stages:
        current = journey.touchpoint_ids(stage.id)
        out[stage.id] = sorted(current, key=lambda k: (depth[k], current.index(k)))
    return out
