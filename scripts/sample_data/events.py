"""Event logs: customers walking the journey graph.

Each case starts at an entry touchpoint at a random moment and, at every touchpoint, takes one
of its outgoing steps with the step's probability (what is left over is the chance the journey
ends there: a drop-off, or simply the end). Steps the designers did not draw (:func:`.spec.stray`)
are walked too, so the analytics can report them. Delays are log-normal around each step's
median, slower during the slowdowns the spec names. The log ends on its cutoff day, as an
extract does, with some journeys still under way.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from .spec import EdgeSpec, JourneySpec
from .survey import _write, moment


def walk(journey: JourneySpec, seed: int) -> bytes:
    """The event log CSV (case_id, touchpoint, timestamp), in time order."""
    e = journey.events
    rng = random.Random(seed)
    out_edges: dict[str, list[EdgeSpec]] = {}
    for step in journey.edges:
        if step.p > 0:
            out_edges.setdefault(step.source, []).append(step)
    for key, steps in out_edges.items():
        total = sum(s.p for s in steps)
        if total > 1.0 + 1e-9:
            raise ValueError(f"{journey.name}: steps out of {key!r} add up to {total:.2f} > 1")
    entries, weights = list(e.entries), list(e.entries.values())
    cutoff = None if e.cutoff is None else datetime(e.cutoff.year, e.cutoff.month,
                                                    e.cutoff.day)
    events: list[tuple[datetime, str, str]] = []
    for n in range(e.cases):
        case = e.case_format.format(n + 1)
        when = moment(rng, e.start, e.end)
        node = rng.choices(entries, weights=weights)[0]
        events.append((when, case, node))
        exposure = rng.random()  # whether this customer is among those a slowdown hits
        for _ in range(e.max_steps):
            roll, chosen = rng.random(), None
            for step in out_edges.get(node, ()):
                roll -= step.p
                if roll < 0:
                    chosen = step
                    break
            if chosen is None:
                break
            delay = chosen.delay * math.exp(chosen.spread * rng.gauss(0, 1))
            for source, target, start, end, factor, share in e.slowdowns:
                if (source, target) == (chosen.source, chosen.target) and \
                        start <= when.date() < end and exposure < share:
                    delay *= factor
            when += timedelta(seconds=max(1, round(delay)))
            if cutoff is not None and when >= cutoff:
                break
            node = chosen.target
            events.append((when, case, node))
    events.sort()
    rows = [["case_id", "touchpoint", "timestamp"]]
    rows += [[case, node, when.strftime("%Y-%m-%dT%H:%M:%S")] for when, case, node in events]
    return _write(rows)
