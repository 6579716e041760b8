"""Arrow routes run through the gaps between cards: no segment crosses a card."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.app.canvas.routing import route
from journeymap.model import Journey, Stage, Touchpoint
from journeymap.model.layout import CARD_HEIGHT, CARD_WIDTH, grid, grid_positions


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
@given(st.sampled_from(KEYS), st.sampled_from(KEYS))
def test_routes_cross_no_card_and_join_the_two_cards(source, target):
    points = route(POSITIONS[source], POSITIONS[target], GRID)
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
