"""``journeymap info FILE``: what a journey holds, stage by stage."""

from __future__ import annotations

import argparse
from collections import Counter

from journeymap.model import Journey
from journeymap.plain import plural

from . import load_journey


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a journey file (*.journey.json)")


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {n}" for key, n in counter.most_common())


def summary(journey: Journey) -> list[str]:
    """The lines ``info`` prints."""
    edges = journey.transitions()
    lines = [journey.title]
    if journey.description:
        lines.append(journey.description)
    lines.append(" · ".join([plural(len(journey.stages), "stage"),
                             plural(len(journey), "touchpoint"),
                             plural(len(edges), "transition"),
                             plural(len(journey.personas), "persona"),
                             plural(len(journey.sources), "feedback source")]))
    lines.append("")
    lines.append("Personas:" + ("" if journey.personas else " none"))
    lines += [f"  {p.name} ({p.id})" + (f": {p.description}" if p.description else "")
              for p in journey.personas]
    lines.append("")
    lines.append("Stages (touchpoints, by channel):")
    width = max((len(s.name) for s in journey.stages), default=0)
    for i, stage in enumerate(journey.stages, 1):
        tps = journey.touchpoints(stage.id)
        channels = Counter(tp.channel for tp in tps)
        lines.append(f"  {i}. {stage.name:<{width}}  {len(tps):>3}  {_counts(channels)}")
    lanes = Counter(tp.lane for tp in journey.touchpoints())
    lines.append("")
    lines.append("Lanes: " + ", ".join(f"{lane.name} {lanes.get(lane.id, 0)}"
                                       for lane in journey.lanes))
    pains = sum(len(tp.pain_points) for tp in journey.touchpoints())
    ideas = len(journey.opportunities)
    lines.append(f"Pain points: {pains} · opportunities: {ideas}")
    lines.append("Transitions: " + (_counts(Counter(t.kind for t in edges)) or "none"))
    if journey.sources:
        lines.append("")
        lines.append("Feedback sources:")
        lines += [f"  {s.id}: {s.role}, {s.layout} layout, {s.path}" for s in journey.sources]
    return lines


def run(args: argparse.Namespace) -> int:
    journey = load_journey(args.file)
    if journey is None:
        return 1
    print("\n".join(summary(journey)))
    return 0
