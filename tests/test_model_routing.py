"""Arrow routes run through the gaps between cards: no segment crosses a card."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.model import Journey, Stage, Touchpoint
from journeymap.model.layout import CARD_HEIGHT, CARD_WIDTH, grid, grid_positions
from journeymap.model.routing import TRACKS, assign_tracks, horizontal_run, route, route_all


def full_journey(stages: int, per_cell: int) -> Journey:
    j = Journey("grid")
    for s in range(stages):
        j.add_stage(Stage(f"s{s}", f"S{s}"))
        for lane in j.lanes:
            for i in range(per_cell):
                j.add_touchpoint(Touchpoint(f"s{s}-{lane.id}-{i}", "x", stage=f"s{s}",
                                            lane=lane.id))
    return j


def crosses_card(a, b, centre) -> bool:
    """Does segment a-b pass through the card at ``centre`` (its inside, not its edge)?"""
    cx, cy = centre
    left, right = cx - CARD_WIDTH / 2 + 1, cx + CARD_WIDTH / 2 - 1
    top, bottom = cy - CARD_HEIGHT / 2 + 1, cy + CARD_HEIGHT / 2 - 1
    (ax, ay), (bx, by) = a, b
    return max(ax, bx) > left and min(ax, bx) < right and max(ay, by) > top and \
        min(ay, by) < bottom


JOURNEY = full_journey(4, 3)
GRID = grid(JOURNEY)
POSITIONS = grid_positions(JOURNEY)
KEYS = sorted(POSITIONS)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(KEYS), st.sampled_from(KEYS), st.sampled_from(TRACKS))
def test_routes_cross_no_card_and_join_the_two_cards(source, target, track):
    points = route(POSITIONS[source], POSITIONS[target], GRID, track)
    sx, sy = POSITIONS[source]
    tx, ty = POSITIONS[target]
    if source == target:
        assert points[0][0] == sx + CARD_WIDTH / 2 and points[-1][1] == sy - CARD_HEIGHT / 2
        return
    assert points[0] == (sx + CARD_WIDTH / 2, sy)     # leaves on the right
    assert points[-1] == (tx - CARD_WIDTH / 2, ty)    # enters on the left
    for a, b in zip(points, points[1:]):
        assert a[0] == b[0] or a[1] == b[1]           # orthogonal
        for key, centre in POSITIONS.items():
            assert not crosses_card(a, b, centre), (source, target, key, points)


def test_neighbours_get_a_straight_arrow():
    a, b = POSITIONS["s0-customer-0"], POSITIONS["s0-customer-1"]
    assert len(route(a, b, GRID)) == 2
    last, first = POSITIONS["s0-customer-2"], POSITIONS["s1-customer-0"]
    assert len(route(last, first, GRID)) == 2       # across a stage boundary too


def test_overlapping_runs_on_one_boundary_get_their_own_tracks():
    runs = {"a": (300.0, 0.0, 500.0), "b": (300.0, 100.0, 900.0), "c": (300.0, 600.0, 800.0),
            "d": (300.0, 950.0, 990.0), "e": (432.0, 0.0, 500.0)}
    offsets = assign_tracks(runs)
    assert offsets["a"] != offsets["b"]        # they overlap
    assert offsets["c"] != offsets["b"]
    assert offsets["c"] == offsets["a"] == 0   # a has ended where c starts: track reused
    assert offsets["d"] == 0 and offsets["e"] == 0
    assert set(offsets.values()) <= set(TRACKS)


def test_horizontal_run_of_a_long_route():
    a, b = POSITIONS["s0-customer-0"], POSITIONS["s3-backstage-2"]
    run = horizontal_run(route(a, b, GRID))
    assert run is not None and run[0] in {lane.end for lane in GRID.lanes}
    assert horizontal_run(route(POSITIONS["s0-customer-0"], POSITIONS["s0-customer-1"],
                                GRID)) is None


def test_a_crowded_gutter_gives_every_run_a_track_of_its_own_whatever_the_order():
    """Sixteen long arrows from the customer lane to the frontstage lane all run along the
    boundary between them: more than fit 5 units apart, so the tracks come closer, but no two
    overlapping runs share one, all stay in the gutter and none crosses a card."""
    journey = full_journey(6, 3)
    g, positions = grid(journey), grid_positions(journey)
    sources = ["s0-customer-1", "s0-customer-2", "s1-customer-0", "s1-customer-1"]
    targets = ["s4-frontstage-1", "s4-frontstage-2", "s5-frontstage-0", "s5-frontstage-1"]
    ends = {(a, b): (positions[a], positions[b]) for a in sources for b in targets}
    routes = route_all(ends, g)
    boundary = g.lanes[0].end
    runs = [horizontal_run(points) for points in routes.values()]
    assert all(run is not None and abs(run[0] - boundary) <= 24 for run in runs)
    assert len({run[0] for run in runs}) == len(runs)   # all overlap in stages 2-3
    ys = sorted(run[0] for run in runs)
    assert min(b - a for a, b in zip(ys, ys[1:])) >= 2
    for (source, target), points in routes.items():
        for a, b in zip(points, points[1:]):
            for key, centre in positions.items():
                assert not crosses_card(a, b, centre), (source, target, key)
    shuffled = dict(sorted(ends.items(), key=lambda item: random.Random(4).random()))
    assert route_all(shuffled, g) == routes


def test_runs_that_do_not_overlap_keep_their_own_line():
    journey = full_journey(4, 3)
    g, positions = grid(journey), grid_positions(journey)
    ends = {"early": (positions["s0-customer-0"], positions["s1-frontstage-2"]),
            "late": (positions["s2-customer-0"], positions["s3-frontstage-2"]),
            "forward": (positions["s0-frontstage-0"], positions["s0-frontstage-2"])}
    routes = route_all(ends, g)
    for key, (source, target) in ends.items():
        assert routes[key] == route(source, target, g)


def test_a_gutter_with_more_runs_than_tracks_shares_them_evenly():
    """Sixty runs over one span along one line: even 1 unit apart only 41 tracks fit in
    ±20, so some share, two to a track at most, and every track is used."""
    runs = {f"r{i}": (300.0, float(i), 1000.0 + i) for i in range(60)}
    offsets = assign_tracks(runs)
    assert all(-20 <= offset <= 20 for offset in offsets.values())
    per_track = Counter(offsets.values())
    assert len(per_track) == 41 and max(per_track.values()) == 2
