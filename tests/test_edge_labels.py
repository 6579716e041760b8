"""Arrow labels: one placement rule (journeymap.model.edge_labels) for the canvas and the
figures. Labels sit on a horizontal run of their own arrow, overlap no card, no other label
and (in figures) no other text, are shortened or left out when there is no room, and do not
depend on the order of the transitions."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.model import Journey, Stage, Touchpoint, Transition, load
from journeymap.model.edge_labels import LABEL_INSET, LabelSize, horizontal_runs, place_labels
from journeymap.model.layout import CARD_HEIGHT, CARD_WIDTH, grid, grid_positions
from journeymap.model.routing import route_all

AIR_TRIP = Path(__file__).resolve().parents[1] / "sample_journeys" / "air_trip.journey.json"


def overlaps(a, b) -> bool:
    """Two (x0, y0, x1, y1) boxes share an area (touching is not overlapping)."""
    return min(a[2], b[2]) - max(a[0], b[0]) > 1e-6 and min(a[3], b[3]) - max(a[1], b[1]) > 1e-6


def assert_on_its_run(place, points, inset: float = LABEL_INSET) -> None:
    """The label is centred on the segment it names, a horizontal one, within its ends."""
    (ax, ay), (bx, by) = points[place.segment], points[place.segment + 1]
    assert ay == pytest.approx(by) and place.y == pytest.approx(ay)
    x0, _, x1, _ = place.rect
    assert min(ax, bx) + inset - 1e-6 <= x0 and x1 <= max(ax, bx) - inset + 1e-6


def card_boxes(positions) -> dict[str, tuple[float, float, float, float]]:
    return {key: (x - CARD_WIDTH / 2, y - CARD_HEIGHT / 2, x + CARD_WIDTH / 2, y + CARD_HEIGHT / 2)
            for key, (x, y) in positions.items()}


def crowded_journey(n: int = 90, seed: int = 3) -> Journey:
    """Four stages, cards in every lane, a chain plus many long branches, every transition
    labelled: far more labels than the gutters have room for."""
    rng = random.Random(seed)
    j = Journey("Crowded")
    for i in range(4):
        j.add_stage(Stage(f"s{i}", f"Stage {i}"))
    lanes = [lane.id for lane in j.lanes]
    for i in range(n):
        j.add_touchpoint(Touchpoint(f"t{i}", f"Step {i}", stage=f"s{i * 4 // n}",
                                    lane=rng.choice(lanes)))
    words = ["bag missing", "needs advice", "retry", "calls the help line",
             "gives up and goes to a competitor", "ok"]
    for i in range(n - 1):
        j.connect(Transition(f"t{i}", f"t{i + 1}", label=rng.choice(words)))
    for _ in range(n):
        a, b = rng.sample(range(n), 2)
        if not j.has_transition(f"t{a}", f"t{b}"):
            j.connect(Transition(f"t{a}", f"t{b}", rng.choice(["alternative", "failure"]),
                                 label=rng.choice(words)))
    return j


def model_case(journey: Journey):
    """Routes, label sizes (about 6.5 units a character, as the canvas's font) and card boxes
    of ``journey``, all from the model."""
    positions = grid_positions(journey)
    routes = route_all({t.key: (positions[t.source], positions[t.target])
                        for t in journey.transitions()}, grid(journey))
    sizes = {t.key: LabelSize(6.5 * len(t.label) + 8, 14.0, 6.5 * min(len(t.label), 6) + 8)
             for t in journey.transitions() if t.label}
    return routes, sizes, list(card_boxes(positions).values())


# ------------------------------------------------------------------ the rule alone
def test_crowded_labels_overlap_nothing_and_sit_on_their_runs():
    routes, sizes, cards = model_case(crowded_journey())
    places = place_labels(routes, sizes, cards)
    assert set(places) == set(sizes)
    placed = {key: p for key, p in places.items() if p is not None}
    assert 0.3 * len(sizes) < len(placed) < len(sizes)  # crowded: some find no room
    rects = [p.rect for p in placed.values()]
    for i, a in enumerate(rects):
        assert not any(overlaps(a, b) for b in rects[i + 1:])
        assert not any(overlaps(a, card) for card in cards)
    for key, place in placed.items():
        assert_on_its_run(place, routes[key])
        size = sizes[key]
        assert place.height == size.height
        if place.shortened:
            assert size.min_width <= place.width < size.width
        else:
            assert place.width == size.width
    assert any(p.shortened for p in placed.values())


def test_placement_does_not_depend_on_the_order_of_transitions():
    routes, sizes, cards = model_case(crowded_journey())
    expected = place_labels(routes, sizes, cards)
    rng = random.Random(11)
    for _ in range(3):
        keys = list(sizes)
        rng.shuffle(keys)
        shuffled_cards = cards[:]
        rng.shuffle(shuffled_cards)
        again = place_labels({k: routes[k] for k in reversed(keys)}, {k: sizes[k] for k in keys},
                             shuffled_cards)
        assert again == expected


def test_a_label_with_no_room_is_reported_as_not_placed():
    run = [(0.0, 0.0), (100.0, 0.0)]
    wall = (40.0, -5.0, 60.0, 5.0)    # splits the run into two 32-unit stretches
    sizes = {"long": LabelSize(80.0, 10.0, 40.0), "short": LabelSize(80.0, 10.0, 30.0)}
    places = place_labels({"long": run, "short": run}, sizes, [wall])
    assert places["long"] is None                      # not even its shortest form fits
    short = places["short"]
    assert short is not None and short.shortened and short.width == pytest.approx(32.0)
    assert place_labels({"stub": [(0.0, 0.0), (20.0, 0.0)]},
                        {"stub": LabelSize(10.0, 10.0, 10.0)}) == {"stub": None}
    assert place_labels({"up": [(0.0, 0.0), (0.0, 300.0)]},
                        {"up": LabelSize(10.0, 10.0, 10.0)}) == {"up": None}  # no level run
    assert place_labels({}, {"gone": LabelSize(10.0, 10.0, 10.0)}) == {"gone": None}


def test_the_whole_label_on_a_later_run_beats_a_shortened_one_on_the_longest():
    points = [(0.0, 0.0), (200.0, 0.0), (200.0, 50.0), (320.0, 50.0)]
    blocker = (30.0, -5.0, 170.0, 5.0)
    place = place_labels({"a": points}, {"a": LabelSize(90.0, 10.0, 30.0)}, [blocker])["a"]
    assert place.segment == 2 and not place.shortened
    assert [run[0] for run in horizontal_runs(points)] == [0, 2]


def test_labels_sit_as_near_the_middle_of_their_run_as_they_can():
    run = [(0.0, 0.0), (400.0, 0.0)]
    sizes = {("a", "b"): LabelSize(100.0, 12.0, 40.0), ("c", "d"): LabelSize(100.0, 12.0, 40.0)}
    places = place_labels({key: run for key in sizes}, sizes)
    # the first in the middle, the second beside it (to the left, of two equal spots)
    assert [places["a", "b"].x, places["c", "d"].x] == [pytest.approx(200.0),
                                                        pytest.approx(100.0)]


boxes = st.tuples(st.floats(0, 900), st.floats(-60, 60), st.floats(5, 120), st.floats(5, 40))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 800), st.floats(-40, 40), st.floats(10, 600),
                          st.floats(20, 200), st.floats(6, 20)), min_size=1, max_size=25),
       st.lists(boxes, max_size=15))
def test_no_overlaps_whatever_the_runs_and_obstacles(arrows, walls):
    routes, sizes = {}, {}
    for i, (x, y, length, width, height) in enumerate(arrows):
        routes[i] = [(x, y - 30), (x, y), (x + length, y), (x + length, y + 30)]
        sizes[i] = LabelSize(width, height, min(width, 25.0))
    obstacles = [(x, y, x + w, y + h) for x, y, w, h in walls]
    places = place_labels(routes, sizes, obstacles)
    rects = [p.rect for p in places.values() if p is not None]
    for i, a in enumerate(rects):
        assert not any(overlaps(a, b) for b in rects[i + 1:])
        assert not any(overlaps(a, b) for b in obstacles)
    for key, place in places.items():
        if place is not None:
            assert_on_its_run(place, routes[key])


# ------------------------------------------------------------------ the canvas
def canvas_labels(scene):
    """{transition: (label item, its rect as (x0, y0, x1, y1))} of the labels shown."""
    shown = {}
    for key, edge in scene.edges.items():
        item = edge.label_item
        if item is not None and item.isVisible():
            r = item.sceneBoundingRect()
            shown[key] = (item, (r.left(), r.top(), r.right(), r.bottom()))
    return shown


def assert_canvas_labels_clear(scene) -> None:
    shown = canvas_labels(scene)
    rects = [rect for _, rect in shown.values()]
    for i, a in enumerate(rects):
        assert not any(overlaps(a, b) for b in rects[i + 1:])
    cards = scene.card_rects().values()
    for key, (item, rect) in shown.items():
        assert not any(overlaps(rect, card) for card in cards), key
        assert_on_its_run(item.place, scene.edges[key].points)


@pytest.fixture
def air_trip_scene(qapp):
    from journeymap.app.canvas.scene import JourneyScene
    from journeymap.app.document import JourneyDocument

    return JourneyScene(JourneyDocument(load(AIR_TRIP)))


def test_canvas_labels_on_the_air_trip_overlap_nothing(air_trip_scene):
    scene = air_trip_scene
    assert_canvas_labels_clear(scene)
    labelled = [e for e in scene.edges.values() if e.transition.label]
    shown = canvas_labels(scene)
    assert len(shown) >= 0.8 * len(labelled)
    # the ones before, drawn at the middle of their runs, lay over each other
    assert ("pre-trip-sms", "delay-notice") in shown and ("book-again", "fare-options") in shown
    for edge in labelled:
        assert edge.transition.label in edge.toolTip()  # where a hidden one can be read
        assert edge.label_item.toolTip() == edge.toolTip()


def test_canvas_labels_on_a_crowded_map_overlap_nothing(qapp):
    from journeymap.app.canvas.scene import JourneyScene
    from journeymap.app.document import JourneyDocument

    scene = JourneyScene(JourneyDocument(crowded_journey()))
    assert_canvas_labels_clear(scene)
    shown = canvas_labels(scene)
    assert len(shown) > 40
    hidden = [e for e in scene.edges.values() if e.key not in shown]
    assert hidden and all(e.label_item.place is None for e in hidden)
    short = [item for item, _ in shown.values() if item.place.shortened]
    assert short and all(item.text().endswith("…") for item in short)
    assert all(item.text() == item.edge.transition.label
               for item, _ in shown.values() if not item.place.shortened)


def test_canvas_labels_follow_a_dragged_card_and_a_renamed_label(air_trip_scene):
    scene = air_trip_scene
    key = ("pre-trip-sms", "delay-notice")
    card = scene.cards["pre-trip-sms"]
    before = scene.edges[key].label_item.place
    card.setPos(card.pos().x(), card.pos().y() + 264)  # two lanes down, as a drag does
    scene.reroute_from({"pre-trip-sms"})
    after = scene.edges[key].label_item.place
    assert after is not None and after != before
    assert_canvas_labels_clear(scene)
    scene.relayout()   # the drop snaps back (nothing changed in the model)
    assert scene.edges[key].label_item.place == before
    scene.document.apply("Unlabel", lambda j: j.update_transition(*key, label=""))
    assert scene.edges[key].label_item is None
    assert_canvas_labels_clear(scene)
    scene.document.apply("Label", lambda j: j.update_transition(*key, label="delay announced"))
    assert scene.edges[key].label_item.place == before


# ------------------------------------------------------------------ canvas and figure agree
def test_canvas_and_figure_put_each_label_on_the_same_run(air_trip_scene):
    from journeymap.render import render_map
    from journeymap.render.mapview import MARGIN, SCALE

    scene = air_trip_scene
    journey = scene.document.journey
    layout = render_map(journey, measure="emotion").layout
    figure_edges = {f"{s}->{t}": points for s, t, points in layout.edges}
    on_figure = {}
    for text in layout.texts_with("edge-label"):
        x, y = text.box.centre
        points = figure_edges[text.key]
        on_figure[text.key] = next(
            i for i, (a, b) in enumerate(zip(points, points[1:]))
            if abs(a[1] - y) < 0.5 and abs(b[1] - y) < 0.5
            and min(a[0], b[0]) <= x <= max(a[0], b[0]))
    on_canvas = {f"{s}->{t}": item.place.segment
                 for (s, t), (item, _) in canvas_labels(scene).items()}
    both = on_canvas.keys() & on_figure.keys()
    assert len(both) >= 0.8 * len(on_canvas)
    assert {key: on_figure[key] for key in both} == {key: on_canvas[key] for key in both}
    page_tops = []
    for key in both:  # the same run: the canvas's route, scaled onto the page
        s, t = key.split("->")
        (ax, ay), (bx, _) = scene.edges[s, t].points[on_canvas[key]:on_canvas[key] + 2]
        (fa, fy), (fb, _) = figure_edges[key][on_figure[key]:on_figure[key] + 2]
        assert (fa - MARGIN, fb - MARGIN) == (pytest.approx(ax * SCALE), pytest.approx(bx * SCALE))
        page_tops.append(fy + ay * SCALE)
    assert max(page_tops) - min(page_tops) < 0.01  # one map: y_page = top - y_scene × SCALE


def test_canvas_labels_keep_clear_of_the_overlays_drop_off_notes(air_trip_scene, qtbot):
    from PySide6.QtWidgets import QGraphicsSimpleTextItem

    from journeymap.app.feedback.overlay import HeatOverlay

    scene = air_trip_scene
    scene.overlay = HeatOverlay(scene, add_transition=lambda key: None)  # kept alive
    scene.overlay.show({}, drop_offs={key: 0.25 for key in scene.cards})
    notes = [item for item in scene.items() if isinstance(item, QGraphicsSimpleTextItem)]
    assert len(notes) == len(scene.cards)

    def clear() -> bool:
        boxes = [(r.left(), r.top(), r.right(), r.bottom())
                 for r in (note.sceneBoundingRect() for note in notes)]
        return not any(overlaps(rect, box)
                       for _, rect in canvas_labels(scene).values() for box in boxes)

    qtbot.waitUntil(clear, timeout=2000)  # re-placed once the overlay's pass is done
    assert_canvas_labels_clear(scene)
    assert len(canvas_labels(scene)) >= 15
