"""Hypothesis strategies for journeys and for sequences of edits, shared by tests."""

from __future__ import annotations

from hypothesis import strategies as st

from journeymap.model import (STATUSES, TOUCHPOINT_KINDS, TRANSITION_KINDS, Journey, Lane,
                              Opportunity, Persona, Stage,
                              Touchpoint, Transition)

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
ids = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8)
emotion = st.one_of(st.none(), st.integers(-2, 2), st.floats(-2, 2, allow_nan=False))
scalar = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                   st.floats(allow_nan=False, allow_infinity=False), text)
coord = st.floats(-1e5, 1e5, allow_nan=False)


@st.composite
def journeys(draw, max_touchpoints: int = 12) -> Journey:
    """Random valid journeys: any ids, any text, emotions per persona, loops and branches."""
    all_ids = draw(st.lists(ids, min_size=2 + 2 + 2 + max_touchpoints, max_size=40, unique=True))
    pool = iter(all_ids)
    lanes = [Lane(next(pool), draw(text)) for _ in range(draw(st.integers(1, 2)))]
    journey = Journey(draw(text), draw(text), lanes=lanes)
    personas = [Persona(next(pool), draw(text), draw(text))
                for _ in range(draw(st.integers(0, 2)))]
    for p in personas:
        journey.add_persona(p)
    stages = [Stage(next(pool), draw(text), draw(text)) for _ in range(draw(st.integers(1, 3)))]
    for s in stages:
        journey.add_stage(s)
    count = draw(st.integers(0, max_touchpoints - 1))
    for _ in range(count):
        persona_keys = [p.id for p in personas]
        journey.add_touchpoint(Touchpoint(
            id=next(pool), label=draw(text), stage=draw(st.sampled_from(stages)).id,
            channel=draw(st.sampled_from(["web", "app", "phone", "store"]) | text),
            lane=draw(st.sampled_from(lanes)).id, kind=draw(st.sampled_from(TOUCHPOINT_KINDS)),
            owner=draw(text), description=draw(text), emotion=draw(emotion),
            emotions=draw(st.dictionaries(st.sampled_from(persona_keys), emotion.filter(
                lambda v: v is not None), max_size=2)) if persona_keys else {},
            pain_points=draw(st.lists(text, max_size=2)),
            notes=draw(st.lists(text, max_size=2)), tags=draw(st.lists(text, max_size=2)),
            position=draw(st.none() | st.tuples(coord, coord)),
            attributes=draw(st.dictionaries(text, scalar, max_size=2))))
    keys = journey.touchpoint_ids()
    for _ in range(draw(st.integers(0, 2))):
        score = st.none() | st.integers(1, 5)
        journey.add_opportunity(Opportunity(
            next(pool), draw(text), draw(text),
            touchpoints=draw(st.lists(st.sampled_from(keys), max_size=2, unique=True))
            if keys else [], pain_points=draw(st.lists(text, max_size=2)),
            customer_value=draw(score), business_value=draw(score), effort=draw(score),
            confidence=draw(st.none() | st.sampled_from([0.5, 0.8, 1.0])), owner=draw(text),
            status=draw(st.sampled_from(STATUSES))))
    if keys:
        pairs = draw(st.lists(st.tuples(st.sampled_from(keys), st.sampled_from(keys)),
                              max_size=2 * len(keys), unique=True))
        for source, target in pairs:
            journey.connect(Transition(source, target, draw(st.sampled_from(TRANSITION_KINDS)),
                                       draw(text), draw(st.none() | st.floats(0, 1e6)),
                                       draw(st.dictionaries(text, scalar, max_size=1))))
    return journey
