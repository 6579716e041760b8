"""The paths figures: the map with the flow overlay, and the variants chart.

**Flow overlay** (``render_paths``): the map as ``render_map`` draws it, cards coloured by
the customers who reached them, every arrow as wide as its traffic and labelled with its
volume, median and 90th-percentile time; arrows of the map nobody walked are labelled so;
transitions customers walked that the map lacks are drawn as faint grey *ghost* arrows with
their volume (at most :data:`~journeymap.analytics.flow.MAX_GHOSTS`, most walked first).
With ``colour="delay"`` the arrows are coloured from blue (quickest median time) to red
(slowest), on a logarithmic scale of time.

**Variants chart** (``render_variants``): the most common paths, one row each: rank, cases,
share and cumulative coverage, median duration, and the path as a chain of steps tinted by
stage.
"""

from __future__ import annotations

from journeymap.analytics.flow import Flow, duration, edge_text
from journeymap.measures import interpolate
from journeymap.model import Journey, Transition
from journeymap.model.document import from_document, to_document
from journeymap.transition_style import DELAY_STOPS

from . import style
from .canvas import Sketch
from .evidence import Evidence

GHOST = ("#9aa0a6", (3.0, 2.0))
UNMAPPED_FILL = "#eeeeee"


def flow_journey(journey: Journey, flow: Flow) -> tuple[Journey, set[tuple[str, str]]]:
    """A copy of ``journey`` with the ghost transitions added and every arrow labelled with
    its flow (the original is not touched); the set of ghost keys."""
    copy = from_document(to_document(journey))
    ghosts = set()
    for edge in flow.ghosts:
        if copy.has_transition(edge.source, edge.target):
            continue
        copy.connect(Transition(edge.source, edge.target, kind="alternative"))
        ghosts.add((edge.source, edge.target))
    for t in copy.transitions():
        edge = flow.edges.get((t.source, t.target)) or next(
            (g for g in flow.ghosts if (g.source, g.target) == (t.source, t.target)), None)
        text = edge_text(edge) if edge is not None else "never walked"
        if (t.source, t.target) in ghosts:
            text = f"not in the map: {text}"
        copy.update_transition(t.source, t.target, label=text)
    return copy, ghosts


def render_paths(journey: Journey, flow: Flow, colour: str = "kind",
                 reached: dict[str, int] | None = None) -> Sketch:
    """The map with the flow overlay; ``colour`` is ``kind`` (the arrows' own look) or
    ``delay``; ``reached`` (cases per touchpoint) colours the cards by volume."""
    from .mapview import render_map

    if colour not in ("kind", "delay"):
        raise ValueError(f"unknown arrow colouring {colour!r}: use kind or delay")
    shown, ghosts = flow_journey(journey, flow)
    evidence = Evidence(has_feedback=True)
    evidence.touchpoints = {key: {"touchpoint": key, "volume": (reached or {}).get(key, 0)}
                            for key in shown.touchpoint_ids()}
    for key, edge in flow.edges.items():
        evidence.transitions[key] = float(edge.volume)
    for edge in flow.ghosts:
        evidence.transitions[(edge.source, edge.target)] = float(edge.volume)

    def look(t: Transition):
        key = (t.source, t.target)
        if key in ghosts:
            return GHOST
        if colour == "delay":
            edge = flow.edges.get(key)
            share = flow.delay_share(edge) if edge is not None and edge.volume else None
            if share is None:
                return (style.RULE, (1.5, 2.0))
            return (interpolate(DELAY_STOPS, share), None)
        return None

    fitness = "–" if flow.fitness is None else f"{flow.fitness:.2f}"
    shown.title = (f"{journey.title} — paths of {flow.cases:,} cases (fitness {fitness}); "
                   + ("arrow colour: median time, blue quick → red slow "
                      f"({duration(flow.delay_range()[0])} – {duration(flow.delay_range()[1])})"
                      if colour == "delay" else "grey dashed: walked, not in the map"))
    return render_map(shown, evidence, "volume" if reached else "emotion", curve=False,
                      edge_look=look)


def render_variants(journey: Journey, variants: list[dict], total_variants: int,
                    cases: int, title: str = "") -> Sketch:
    """The variants chart: ``variants`` are rows of :func:`journeymap.analytics.paths.variants`
    as dicts (variant, path, cases, share, coverage, median_seconds)."""
    labels = {tp.id: tp.label for tp in journey.touchpoints()}
    stage_of = {tp.id: tp.stage for tp in journey.touchpoints()}
    stages = [s.id for s in journey.stages]
    tints = ("#dbe9f6", "#fde0c5", "#d9f0d3", "#eadcf0", "#fff2b3", "#d5eef0", "#f6d5da",
             "#e6e6e6")
    step_w, step_h, gap, row_h = 96.0, 24.0, 10.0, 36.0
    left = 215.0
    longest = max((len(v["path"]) for v in variants), default=1)
    shown_steps = min(longest, 14)
    width = left + shown_steps * (step_w + gap) + 60
    height = 70 + row_h * len(variants) + 30
    sketch = Sketch("variants", width, height, title or journey.title)
    top = height - 20
    sketch.text(20, top, title or f"{journey.title}: the most common paths", role="title",
                size=12, style="bold")
    named = [v for v in variants if v["variant"]]
    covered = named[-1]["coverage"] if named else 0.0
    sketch.text(20, top - 18, f"{cases:,} cases, {total_variants:,} distinct paths; the "
                f"{len(named)} most common cover {100 * covered:.0f}% of cases",
                role="subtitle", size=8, colour=style.MUTED)
    y = top - 44
    biggest = max((v["share"] for v in named), default=1.0) or 1.0
    for v in variants:
        other = not v["variant"]
        name = "other paths" if other else f"#{v['variant']}"
        sketch.text(20, y - 2, name, role="variant", size=9, style="bold")
        sketch.text(20, y - 15, f"{v['cases']:,} cases · {100 * v['share']:.1f}% · "
                    f"cum. {100 * v['coverage']:.0f}% · median {duration(v['median_seconds'])}",
                    role="variant-numbers", size=7.2, colour=style.MUTED)
        bar = min(180.0, 180 * v["share"] / biggest)
        sketch.rect(20, y - 28, max(bar, 1.0), 4, face="#a9b8cf" if other else "#4a6fa5",
                    zorder=2)
        if not other:
            path = list(v["path"])
            cut = len(path) > shown_steps
            if cut:
                path = path[:shown_steps - 1]
            x = left
            for i, key in enumerate(path):
                fill = (tints[stages.index(stage_of[key]) % len(tints)]
                        if key in stage_of else UNMAPPED_FILL)
                sketch.rect(x, y - step_h, step_w, step_h, radius=3, face=fill,
                            edge=style.CARD_EDGE if key in stage_of else style.RULE,
                            width=0.5, zorder=3)
                label = labels.get(key, f"{key} (not in the map)")
                sketch.text(x + 4, y - 3, label, role="step", size=7.0, width=step_w - 8,
                            max_lines=2, key=key)
                if i < len(path) - 1 or cut:
                    sketch.line([(x + step_w + 1, y - step_h / 2),
                                 (x + step_w + gap - 1, y - step_h / 2)], colour=style.MUTED,
                                width=0.8, zorder=2)
                x += step_w + gap
            if cut:
                more = len(v["path"]) - len(path)
                sketch.text(x, y - step_h / 2, f"… {more} more steps", role="step", size=7,
                            va="center", colour=style.MUTED)
        y -= row_h
    return sketch
