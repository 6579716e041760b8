"""Synthetic journeys of any size for benchmarks (seeded, realistic shapes)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from journeymap.model import Journey, Opportunity, Persona, Stage, Touchpoint, Transition
from journeymap.model.layout import auto_layout

STAGES = ["Awareness", "Consideration", "Purchase", "Delivery", "Onboarding", "Use", "Support",
          "Loyalty"]
CHANNELS = ["web", "app", "email", "phone", "chat", "store", "social"]
LANES = ["customer", "frontstage", "backstage", "support"]


def synthetic_journey(touchpoints: int, seed: int = 7) -> Journey:
    """A journey of ``touchpoints`` cards over 8 stages with branches, loops and annotations."""
    rng = random.Random(seed)
    j = Journey(f"Synthetic journey ({touchpoints} touchpoints)")
    for key, name in [("p1", "First-time buyer"), ("p2", "Returning customer")]:
        j.add_persona(Persona(key, name))
    for name in STAGES:
        j.add_stage(Stage(name.lower(), name))
    for i in range(touchpoints):
        stage = STAGES[i * len(STAGES) // touchpoints].lower()
        label = (f"Step {i}: {rng.choice(['check', 'read', 'call', 'pay', 'wait'])} "
                 f"{rng.choice(['status', 'offer', 'invoice', 'parcel', 'account'])}")
        channel, lane = rng.choice(CHANNELS), rng.choice(LANES)
        emotion, emotions = rng.randint(-2, 2), {"p1": rng.randint(-2, 2)}
        pains = ["Takes too long"] if rng.random() < 0.3 else []
        idea = rng.random() < 0.2   # opportunities are the journey's objects (journeymap/2)
        notes = ["\u201cI had no idea where my order was\u201d"] if rng.random() < 0.1 else []
        j.add_touchpoint(Touchpoint(
            f"tp{i:05d}", label, stage, channel=channel, lane=lane, emotion=emotion,
            emotions=emotions, pain_points=pains, notes=notes,
            tags=["digital"] if rng.random() < 0.5 else []))
        if idea:
            j.add_opportunity(Opportunity(f"idea-{i:05d}", "Proactive status message",
                                          touchpoints=[f"tp{i:05d}"]))
    ids = j.touchpoint_ids()
    for a, b in zip(ids, ids[1:]):
        j.connect(Transition(a, b, volume=float(rng.randint(10, 1000))))
    for _ in range(touchpoints // 5):
        a, b = rng.sample(ids, 2)
        if not j.has_transition(a, b):
            j.connect(Transition(a, b, rng.choice(["alternative", "failure", "recovery"])))
    auto_layout(j)
    return j


def best(fn: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs of ``fn``, in seconds (the least disturbed by the rest
    of the machine)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)
