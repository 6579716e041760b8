"""Detection on the samples' own exports: the air trip's post-trip survey (one 0–5 column per
card label, with a stray 7 and -1 typed in) is read whole, as the journey's saved source
reads it; stray values do not set a column's scale; a particle after a verb counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.analytics import analyse, read_table
from journeymap.analytics.naming import Matcher
from journeymap.analytics.profile import core_range, guess_scale
from journeymap.analytics.proposal import propose
from journeymap.model import Journey, Stage, Touchpoint, load

SAMPLES = Path(__file__).resolve().parents[1] / "sample_journeys"


def test_the_post_trip_survey_maps_every_column_the_saved_source_maps():
    journey = load(SAMPLES / "air_trip.journey.json")
    saved = next(s for s in journey.sources if s.id == "passenger-survey")
    path = SAMPLES / saved.path
    proposal = propose(read_table(path), journey)
    assert proposal.layout == "wide"
    proposed = {c.name: c.touchpoint for c in proposal.measures()}
    # "Pass security" (one 7 typed in) and "Seat and legroom" (one -1) are columns too
    assert proposed == saved.wide_columns
    # the stray values are rejected as out of range, not taken for the scale's ends
    assert all(c.scale[1] == 5 for c in proposal.measures())
    analysis = analyse(journey, [proposal.source(str(path), "post")])
    assert analysis.rejected_counts["post"]["out of range"] == 2
    assert analysis.kept_counts["post"] + sum(analysis.rejected_counts["post"].values()) \
        == len(read_table(path).frame)


@pytest.mark.parametrize("counts, expected", [
    ({1: 430, 2: 692, 3: 914, 4: 845, 5: 618, 7: 1}, (1, 5)),      # 7 past a gap: stray
    ({-1: 1, 1: 143, 2: 425, 3: 855, 4: 1038, 5: 1038}, (1, 5)),   # below 0: stray
    ({1: 300, 2: 300, 3: 300, 4: 300, 5: 1}, (1, 5)),              # a rare 5 next to 4 stays
    ({0: 500, 1: 300, 5: 200, 11: 1}, (0, 5)),                     # above 10: stray
    ({1: 5, 9: 1}, (1, 9)),                                        # two values: nothing to trim
    ({1: 10, 2: 10, 7: 10}, (1, 7)),                               # a gap, but no rare value
    ({**{v: 1000 for v in range(11)}, 11: 1}, (0, 10)),            # one value beyond 10
    ({1: 500, 2: 250, 3: 125, 4: 62, 5: 31, 6: 16, 7: 8, 8: 4, 9: 2, 10: 1, 11: 1, 12: 1,
      13: 1, 14: 1}, (1, 14)),                                     # a count's long tail stays
    ({v: 1 for v in range(1, 1001)}, (1, 1000)),                   # every value rare, none apart
    ({1: 300, 2: 300, 3: 300, 4: 300, 5: 300, 8: 5, 10: 5}, (1, 8)),  # trimmed at most 0.5%
])
def test_stray_ends_do_not_set_the_range(counts, expected):
    assert core_range(counts) == expected


def test_a_profile_keeps_the_true_ends_and_a_long_count_is_no_scale():
    import pandas as pd

    from journeymap.analytics.profile import profile

    counts = profile(pd.Series(range(1, 1001)))
    assert (counts.low, counts.high) == (1, 1000) and not counts.small_scale
    waits = profile(pd.Series([v for v, n in zip(range(1, 15), (500, 250, 125, 62, 31, 16, 8,
                                                                4, 2, 1, 1, 1, 1, 1))
                               for _ in range(n)], name="Wait"))
    assert (waits.low, waits.high) == (1, 14) and not waits.small_scale
    typo = profile(pd.Series([1, 2, 3, 4, 5] * 200 + [7]))
    assert (typo.low, typo.high) == (1, 7) and typo.small_scale  # the 7 is a typing error


def test_a_scale_guess_ignores_a_stray_value():
    counts = {1: 430, 2: 692, 3: 914, 4: 845, 5: 618, 7: 1}
    assert guess_scale(counts).scale == (1, 5)


def _journey(labels) -> Journey:
    journey = Journey("Names")
    journey.add_stage(Stage("all", "All"))
    for label in labels:
        journey.add_touchpoint(Touchpoint(journey.new_id(label), label, stage="all"))
    return journey


@pytest.mark.parametrize("labels, name, expected", [
    (["Online check-in", "Security check"], "Check in", "online-check-in"),
    (["Security check", "Online check-in"], "Check in", "online-check-in"),  # order-free
    (["Error log", "Log in page"], "Log in", "log-in-page"),
    (["Board the plane", "Sign on screen"], "Sign on", "sign-on-screen"),
])
def test_a_particle_after_a_verb_is_part_of_the_name(labels, name, expected):
    ranked = Matcher(_journey(labels)).rank(name, 2)
    assert ranked[0].touchpoint == expected
    assert len(ranked) == 1 or ranked[1].score < ranked[0].score


def test_a_particle_that_both_names_keep_still_matches_fully():
    matcher = Matcher(_journey(["Relax in the lounge", "Lounge bar"]))
    assert matcher.rank("relax in lounge")[0].touchpoint == "relax-in-the-lounge"
    assert matcher.rank("Wait in the lounge", 1)[0].touchpoint == "relax-in-the-lounge"
