"""A metrics cache edited or damaged by hand is named when the file is read and set aside,
never a crash when the map opens."""

from __future__ import annotations

import json

import pytest

from journeymap.metrics_cache import evidence_of_cache, missing_transitions, step_times
from journeymap.model import Journey, Stage, Touchpoint, dumps, loads


def journey_with_cache(step: dict) -> str:
    journey = Journey("Cached")
    journey.add_stage(Stage("all", "All"))
    for key in ("a", "b"):
        journey.add_touchpoint(Touchpoint(key, key.upper(), stage="all"))
    journey.metrics_cache = {"computed": "2026-01-01T00:00:00Z", "fingerprint": "0" * 16,
                             "small_sample": 30, "touchpoints": {"a": {"n": 3}},
                             "transitions": [step], "rejected": {}}
    return dumps(journey)


WHOLE = {"source": "a", "target": "b", "volume": 4, "in_map": False}


def test_a_whole_cached_step_reads_back():
    cache = loads(journey_with_cache(WHOLE)).metrics_cache
    assert evidence_of_cache(cache).transitions == {("a", "b"): 4.0}
    assert missing_transitions(cache) == [("a", "b", 4.0)] and step_times(cache) == {}


@pytest.mark.parametrize("field", ["source", "target", "volume", "in_map"])
def test_a_cached_step_without_a_field_is_named_when_the_file_is_read(field):
    # The app keyed the step's source and target and read in_map unchecked: a KeyError as
    # the map opened, leaving the window half reset. Now the schema names the field, and the
    # broken cache is set aside (derived data) while the map itself opens.
    step = {k: v for k, v in WHOLE.items() if k != field}
    journey = loads(journey_with_cache(step), "cached.journey.json")
    assert journey.metrics_cache is None and len(journey) == 2
    assert journey.load_notes == [
        f"cached.journey.json: metrics_cache.transitions[0].{field}: missing (required) (the "
        "saved metrics are set aside; they are recomputed from the sources)"]
    assert json.loads(journey_with_cache(step))["metrics_cache"]["transitions"] == [step]
