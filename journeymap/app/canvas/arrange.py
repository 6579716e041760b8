"""Auto-layout: put each stage's cards in the order the customer flows through them.

Cards within a stage are ranked by their depth in the journey graph (longest path from where
the journey starts, after breaking loops), so arrows run left to right; ties keep the current
order. Pure model reading, no Qt.
"""

from __future__ import annotations

import networkx as nx

from journeymap.model import Journey


def depths(journey: Journey) -> dict[str, int]:
    """Longest-path depth of every touchpoint in the graph with its loops broken: an edge
    that goes back in journey order (or is part of a cycle) is ignored."""
    order = {key: i for i, key in enumerate(journey.touchpoint_ids())}
    forward = nx.DiGraph()
    forward.add_nodes_from(order)
    for t in journey.transitions():
        if order[t.source] < order[t.target]:  # journey order is stage by stage
            forward.add_edge(t.source, t.target)
    depth: dict[str, int] = {}
    for key in nx.topological_sort(forward):
        depth[key] = max((depth[p] + 1 for p in forward.predecessors(key)), default=0)
    return depth


def flow_orders(journey: Journey) -> dict[str, list[str]]:
    """Each stage's touchpoint ids ordered by flow depth, ties in current order."""
    depth = depths(journey)
    out = {}
    for stage in journey.stages:
        current = journey.touchpoint_ids(stage.id)
        out[stage.id] = sorted(current, key=lambda k: (depth[k], current.index(k)))
    return out
