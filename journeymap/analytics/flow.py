"""The flow overlay's data: what the canvas and the paths figure draw on each arrow.

Plain Python values (no pandas) so drawing code, the app's scene and the figure need nothing
else: per walked or designed transition its volume, cases, median and 90th-percentile time;
which walked transitions the map lacks (*ghosts*, drawn faint, each addable with one gesture);
and the delay scale used to colour arrows by time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.plain import plain_value
from journeymap.transition_style import delay_share

#: Ghost arrows shown at most (the most walked first): a noisy log would bury the map.
MAX_GHOSTS = 12


@dataclass(frozen=True)
class FlowEdge:
    source: str
    target: str
    volume: int
    cases: int
    median_seconds: float | None
    p90_seconds: float | None
    in_map: bool


@dataclass
class Flow:
    """Per transition what customers did, plus the case count and overall fitness."""

    edges: dict[tuple[str, str], FlowEdge] = field(default_factory=dict)
    ghosts: list[FlowEdge] = field(default_factory=list)
    cases: int = 0
    fitness: float | None = None

    def delay_range(self) -> tuple[float, float]:
        """The smallest and largest median time of a walked arrow of the map (seconds)."""
        values = [e.median_seconds for e in self.edges.values()
                  if e.volume and e.median_seconds is not None]
        return (min(values), max(values)) if values else (0.0, 0.0)

    def delay_share(self, edge: FlowEdge) -> float | None:
        """Where ``edge``'s median time sits between the quickest and the slowest arrow
        (:func:`delay_share`)."""
        if edge.median_seconds is None:
            return None
        return delay_share(edge.median_seconds, *self.delay_range())


def flow_from(conformance, max_ghosts: int = MAX_GHOSTS, group: str | None = None) -> Flow:
    """The :class:`Flow` of a :class:`~.conformance.Conformance` (or one of its groups)."""
    table = conformance.transition_table(group)
    flow = Flow(cases=int(conformance.cases), fitness=plain_value(
        conformance.overall_fitness(group)))
    for row in table.itertuples(index=False):
        edge = FlowEdge(row.source, row.target, int(row.volume), int(row.cases),
                        plain_value(row.median_seconds), plain_value(row.p90_seconds),
                        bool(row.in_map))
        if row.in_map:
            flow.edges[(row.source, row.target)] = edge
        elif row.mapped and row.volume > 0 and row.source != row.target \
                and len(flow.ghosts) < max_ghosts:
            flow.ghosts.append(edge)  # the table is most walked first
    return flow


def duration(seconds: float | None) -> str:
    """A time for a label, as the app's tooltips say it ("42 s", "3.5 min", "12 h"); "–"
    when unknown."""
    from journeymap.metrics_cache import duration as said

    if seconds is None or seconds != seconds:
        return "–"
    return said(seconds)


def edge_text(edge: FlowEdge) -> str:
    """An arrow's label: volume, median and 90th-percentile time."""
    if not edge.volume:
        return "never walked"
    return (f"{edge.volume:,} · median {duration(edge.median_seconds)} · "
            f"p90 {duration(edge.p90_seconds)}")
