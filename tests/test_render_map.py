"""The journey map figure: layout as data (no overlaps, colours, order, arrows clear of cards)
and valid PNG, SVG and PDF files."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from journeymap.measures import MEASURES, interpolate
from journeymap.model import (FeedbackSource, Journey, MetricColumn, Opportunity, Persona,
                              Stage, Touchpoint, Transition, load)
from journeymap.render import render_map
from process_helpers import loaded_after

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_journeys" / "online_order.journey.json"
WORDS = ["check", "compare", "pay", "track", "return", "call", "read", "confirm", "choose",
         "wait for", "open", "update"]
THINGS = ["the parcel", "an invoice", "the offer", "delivery slot", "account settings",
          "the refund", "a voucher", "support ticket"]
LANES = ["customer", "customer", "frontstage", "frontstage", "backstage", "support"]


def journey_of(n: int, seed: int = 3, stages: int | None = None) -> Journey:
    """A journey of ``n`` touchpoints with branches, back edges, loops and failures."""
    rng = random.Random(seed)
    j = Journey(f"Test journey with {n} touchpoints")
    j.add_persona(Persona("ana", "Ana, the planner"))
    j.add_persona(Persona("ben", "Ben, in a hurry"))
    count = stages or max(3, min(9, n // 12))
    for s in range(count):
        j.add_stage(Stage(f"s{s}", f"Stage {s + 1} " + rng.choice(["Discover", "Buy", "Use",
                                                                     "Get help", "Renew"])))
    for i in range(n):
        j.add_touchpoint(Touchpoint(
            f"t{i}", f"{rng.choice(WORDS).capitalize()} {rng.choice(THINGS)} ({i})",
            f"s{i * count // n}", channel=rng.choice(["web", "app", "phone", "email"]),
            lane=rng.choice(LANES), emotion=rng.randint(-2, 2),
            emotions={"ana": rng.randint(-2, 2)},
            pain_points=["slow"] * rng.choice([0, 0, 1, 2])))
        if rng.choice([0, 0, 1]):
            j.add_opportunity(Opportunity(f"o{i}", "idea", touchpoints=[f"t{i}"]))
    ids = j.touchpoint_ids()
    for a, b in zip(ids, ids[1:]):
        j.connect(Transition(a, b, volume=float(rng.randint(10, 1000))))
    for _ in range(max(2, n // 5)):
        a, b = rng.sample(ids, 2)
        if not j.has_transition(a, b):
            j.connect(Transition(a, b, rng.choice(["alternative", "failure", "recovery"])))
    j.connect(Transition(ids[1], ids[1], "failure"))  # a loop
    return j


def with_feedback(journey: Journey, folder: Path, hottest: str, seed: int = 5,
                  small: tuple[str, ...] = ()):
    """Attach a survey CSV (NPS and CSAT) where ``hottest`` is clearly the worst touchpoint,
    the ``small`` ones get few answers; return the analysis."""
    from journeymap.analytics import analyse

    rng = random.Random(seed)
    lines = ["touchpoint,nps,csat"]
    for tp in journey.touchpoint_ids():
        answers = 8 if tp in small else 60
        bad = 0.95 if tp == hottest else rng.uniform(0.05, 0.6)
        for _ in range(answers):
            if rng.random() < bad:
                lines.append(f"{tp},{rng.randint(0, 6)},{rng.randint(1, 2)}")
            else:
                lines.append(f"{tp},{rng.randint(9, 10)},{rng.randint(4, 5)}")
    (folder / "survey.csv").write_text("\n".join(lines) + "\n")
    journey.add_source(FeedbackSource("survey", "survey.csv", touchpoint_column="touchpoint",
                                      metrics=[MetricColumn("nps", "nps"),
                                               MetricColumn("csat", "csat")]))
    return analyse(journey, base_dir=folder)


@pytest.fixture(scope="module")
def sample():
    from journeymap.analytics import analyse

    journey = load(SAMPLE)
    return journey, analyse(journey, base_dir=SAMPLE.parent)


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def segment_hits_box(a, b, box, inset: float = 0.6) -> bool:
    """Whether the axis-aligned segment a–b passes through the inside of ``box``."""
    x0, y0, x1, y1 = box.x0 + inset, box.y0 + inset, box.x1 - inset, box.y1 - inset
    (ax, ay), (bx, by) = a, b
    return min(ax, bx) < x1 and max(ax, bx) > x0 and min(ay, by) < y1 and max(ay, by) > y0


def assert_legible(layout) -> None:
    overlaps = layout.overlapping_texts()
    assert not overlaps, [(a.text, b.text) for a, b in overlaps[:5]]
    for text in layout.texts_with("card-label"):
        assert layout.card(text.key).box.contains(text.box), text.text
    for text in layout.texts:
        assert 0 <= text.box.x0 and text.box.x1 <= layout.width + 0.01, text.text
        assert 0 <= text.box.y0 and text.box.y1 <= layout.height + 0.01, text.text


def test_sample_map_is_legible_and_honest(sample):
    journey, analysis = sample
    fig = render_map(journey, analysis)
    layout = fig.layout
    assert len(layout.cards) == len(journey)
    assert_legible(layout)
    # stages appear once each, left to right in journey order
    assert [s for s, _ in layout.stages] == [s.id for s in journey.stages]
    xs = [box.x0 for _, box in layout.stages]
    assert xs == sorted(xs)
    headers = layout.texts_with("stage")
    assert [t.key for t in sorted(headers, key=lambda t: t.box.x0)] == [s.id for s in
                                                                        journey.stages]
    # every card sits inside its stage's column and its lane's row
    columns = dict(layout.stages)
    rows = dict(layout.lanes)
    for card in layout.cards:
        assert columns[card.stage].contains(card.box)
        assert rows[card.lane].contains(card.box)


def test_hottest_touchpoint_has_the_hottest_colour(sample):
    journey, analysis = sample
    layout = render_map(journey, analysis, measure="friction").layout
    friction = MEASURES["friction"]
    measured = [c for c in layout.cards if c.value is not None and not c.small_sample]
    hottest = max(measured, key=lambda c: c.value)
    expected = analysis.friction_ranking
    top = expected[~expected["small_sample"]].sort_values("friction").iloc[-1]
    assert hottest.touchpoint == top["touchpoint"]
    assert hottest.colour == friction.colour(hottest.value)
    assert luminance(hottest.colour) == min(luminance(c.colour) for c in measured)
    for card in measured:  # colours rise with the value along the one shared scale
        assert card.colour == friction.colour(card.value)
    for a in measured:
        for b in measured:
            if a.value < b.value - 0.05:
                assert luminance(a.colour) > luminance(b.colour)


def test_small_samples_are_faded_and_no_data_is_grey(tmp_path):
    journey = journey_of(12)
    analysis = with_feedback(journey, tmp_path, hottest="t4", small=("t2",))
    layout = render_map(journey, analysis).layout
    small = layout.card("t2")
    assert small.small_sample and small.n == 8
    full = MEASURES["friction"].colour(small.value)
    assert small.colour == interpolate((full, "#ffffff"), 0.45)
    assert luminance(small.colour) > luminance(full)
    hot = layout.card("t4")
    assert hot.colour == max((c.colour for c in layout.cards if not c.small_sample),
                             key=lambda c: -luminance(c))
    values = [t.text for t in layout.texts_with("card-value") if t.key == "t4"]
    assert values == [MEASURES["friction"].format(hot.value)]
    # next to the value its 95% interval (in the measure's own units), then n
    row = analysis.touchpoints.set_index("touchpoint").loc["t4"]
    assert [t.text for t in layout.texts_with("card-n") if t.key == "t4"] == [
        f"[{row['friction_low']:.2f}, {row['friction_high']:.2f}] n=60"]


def test_without_feedback_cards_show_the_designers_emotion():
    journey = journey_of(10)
    layout = render_map(journey, measure="emotion", persona="ana").layout
    for card in layout.cards:
        tp = journey.touchpoint(card.touchpoint)
        assert card.value == tp.emotion_for("ana")
        assert card.colour == MEASURES["emotion"].colour(card.value)
    friction = render_map(journey).layout  # no data: grey, saying so
    assert {c.colour for c in friction.cards} == {MEASURES["friction"].colour(None)}
    assert {t.text for t in friction.texts_with("card-value")} == {"no data"}


@pytest.mark.parametrize("n", [20, 200])
def test_large_maps_stay_legible_and_arrows_avoid_cards(n):
    journey = journey_of(n)
    layout = render_map(journey).layout
    assert_legible(layout)
    cards = {c.touchpoint: c.box for c in layout.cards}
    boxes = list(cards.values())
    for i, a in enumerate(boxes):  # no card on another
        assert not any(a.overlaps(b) for b in boxes[i + 1:])
    assert len(layout.edges) == len(journey.transitions())
    for source, target, points in layout.edges:
        for a, b in zip(points, points[1:]):
            assert a[0] == pytest.approx(b[0]) or a[1] == pytest.approx(b[1])  # orthogonal
            for key, box in cards.items():
                if key in (source, target):
                    continue
                assert not segment_hits_box(a, b, box), (source, target, key)
    # the figure grows with the journey instead of squeezing it
    if n == 200:
        small = render_map(journey_of(20)).layout
        assert layout.width > 3 * small.width
        assert layout.card("t0").box.width == small.card("t0").box.width


def test_long_labels_are_shortened_with_the_full_text_in_the_svg(tmp_path):
    journey = journey_of(6)
    long = ("Receive an unexpectedly long confirmation e-mail that explains every clause of "
            "the terms and conditions, the cancellation policy and the data protection notice")
    journey.update_touchpoint("t2", label=long)
    fig = render_map(journey)
    label = next(t for t in fig.layout.texts_with("card-label") if t.key == "t2")
    assert label.shortened and label.text.endswith("…") and label.full == long
    assert_legible(fig.layout)
    out = tmp_path / "map.svg"
    fig.save(out)
    root = ET.parse(out).getroot()
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert any(t and t.startswith(long) for t in titles)


def test_every_arrow_says_what_it_is_on_hover_in_the_svg(tmp_path):
    """An arrow's label may not fit on the page: its SVG title always has it, with the two
    cards and the kind, so nothing said on the canvas is lost in the figure."""
    journey = journey_of(8)
    first = journey.transitions()[0]
    journey.update_transition(first.source, first.target,
                              label="only when the parcel is late and the customer asks")
    out = tmp_path / "map.svg"
    render_map(journey, measure="emotion").save(out)
    root = ET.parse(out).getroot()
    svg = "{http://www.w3.org/2000/svg}"
    arrows = [g for g in root.iter(f"{svg}g") if g.get("id", "").startswith("jm-edge-")]
    assert len(arrows) == len(journey.transitions())
    titles = [g.find(f"{svg}title").text for g in arrows]
    source, target = journey.touchpoint(first.source), journey.touchpoint(first.target)
    said = (f"{source.label} → {target.label}\n{first.kind} (solid): only when the parcel is "
            "late and the customer asks")
    assert any(t.startswith(said) for t in titles)
    assert all("→" in t and t.split("\n")[1].split(" ")[0] in
               {"expected", "alternative", "failure", "recovery"} for t in titles)


def test_svg_pdf_and_png_are_valid(tmp_path, sample):
    journey, analysis = sample
    fig = render_map(journey, analysis)
    for suffix in ("svg", "pdf", "png"):
        fig.save(tmp_path / f"map.{suffix}", dpi=100)
    ET.parse(tmp_path / "map.svg")
    pdf = (tmp_path / "map.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/FontFile2" in pdf          # TrueType fonts embedded (pdf.fonttype 42)
    assert b"/Type3" not in pdf
    png = (tmp_path / "map.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    import struct

    width, height = struct.unpack(">II", png[16:24])
    assert abs(width - fig.width * 100 / 72) <= 1 and abs(height - fig.height * 100 / 72) <= 1


def test_save_refuses_an_unknown_format(tmp_path):
    with pytest.raises(ValueError, match="png, .svg or .pdf"):
        render_map(journey_of(4)).save(tmp_path / "map.gif")
    with pytest.raises(ValueError, match="unknown measure"):
        render_map(journey_of(4), measure="happiness")


def test_rows_by_channel_and_blueprint_lines(sample):
    journey, analysis = sample
    layout = render_map(journey, analysis, by="channel").layout
    channels = list(dict.fromkeys(tp.channel for tp in journey.touchpoints()))
    assert [t.text.replace("\n", " ") for t in sorted(layout.texts_with("lane"),
                                                       key=lambda t: -t.box.y1)] == channels
    assert not layout.texts_with("blueprint-line")
    lanes = render_map(journey, analysis).layout
    assert [t.text for t in lanes.texts_with("blueprint-line")] == [
        "line of interaction", "line of visibility", "line of internal interaction"]


def test_every_lane_is_a_row_even_an_empty_one():
    """As on the canvas: a service blueprint with nothing backstage yet still shows the
    backstage lane, and both blueprint lines around it."""
    journey = Journey("Blueprint")
    journey.add_stage(Stage("s", "Stage"))
    journey.add_touchpoint(Touchpoint("a", "Ask", "s", lane="customer", emotion=1))
    journey.add_touchpoint(Touchpoint("b", "Answer", "s", lane="frontstage", emotion=0))
    journey.add_touchpoint(Touchpoint("c", "Fix", "s", lane="support", emotion=-1))
    assert "backstage" in [lane.id for lane in journey.lanes]
    layout = render_map(journey, measure="emotion").layout
    assert [lane for lane, _ in layout.lanes] == [lane.id for lane in journey.lanes]
    backstage = dict(layout.lanes)["backstage"]
    assert not any(card.box.overlaps(backstage) for card in layout.cards)
    assert [t.text for t in layout.texts_with("blueprint-line")] == [
        "line of interaction", "line of visibility", "line of internal interaction"]


def test_emotion_curve_under_the_map_shows_each_persona_and_the_evidence(sample):
    journey, analysis = sample
    layout = render_map(journey, analysis).layout
    legend = " ".join(t.full for t in layout.texts_with("curve-legend"))
    for persona in journey.personas:
        assert persona.name in legend
    assert "Measured" in legend and "95% interval" in legend
    curve_top = max(t.box.y1 for t in layout.texts_with("curve-legend"))
    assert curve_top < min(c.box.y0 for c in layout.cards)   # under the map
    no_curve = render_map(journey, analysis, curve=False).layout
    assert not no_curve.texts_with("curve-legend") and no_curve.height < layout.height


def test_drawing_a_map_without_feedback_does_not_import_pandas_qt_or_a_figure(tmp_path):
    """A PNG is drawn straight onto Agg: neither pandas, Qt, pyplot nor matplotlib's Figure
    and Axes machinery (a tenth of a second to import) is loaded for it."""
    code = (
        "import sys\n"
        "from journeymap.model import Journey, Stage, Touchpoint\n"
        "from journeymap.render import render_map\n"
        "j = Journey('x'); j.add_stage(Stage('s', 'S'))\n"
        "j.add_touchpoint(Touchpoint('a', 'A', 's', emotion=1))\n"
        f"render_map(j, measure='emotion').save({str(tmp_path / 'x.png')!r})\n")
    assert loaded_after(code, ["pandas", "PySide6", "matplotlib.pyplot", "matplotlib.figure",
                               "matplotlib.axes"]) == []
    assert (tmp_path / "x.png").stat().st_size > 1000


def test_arrow_labels_sit_on_their_arrows_clear_of_everything(sample):
    journey, analysis = sample
    layout = render_map(journey, analysis).layout
    labels = layout.texts_with("edge-label")
    labelled = {f"{t.source}->{t.target}": t.label for t in journey.transitions() if t.label}
    assert len(labels) >= len(labelled) // 3  # most find room; none is drawn over anything
    edges = {f"{s}->{t}": points for s, t, points in layout.edges}
    for text in labels:
        assert labelled[text.key].startswith(text.text.rstrip("…"))
        x, y = text.box.centre
        assert any(abs(a[1] - y) < 0.5 and abs(b[1] - y) < 0.5
                   and min(a[0], b[0]) <= x <= max(a[0], b[0])
                   for a, b in zip(edges[text.key], edges[text.key][1:]))
        assert not any(card.box.overlaps(text.box) for card in layout.cards)
    assert_legible(layout)


# ------------------------------------------------------------------- arrows as on the canvas
def horizontal_runs(points, tolerance: float = 0.01):
    """(y, left, right) of an arrow's horizontal segments between its first and last ones
    (those are stubs at the cards, which the arrows of one card share by design)."""
    inner = list(zip(points, points[1:]))[1:-1]
    return [(a[1], min(a[0], b[0]), max(a[0], b[0])) for a, b in inner
            if abs(a[1] - b[1]) < tolerance and abs(a[0] - b[0]) > tolerance]


@pytest.mark.parametrize("n", [30, 120])
def test_figure_arrows_run_where_the_canvas_draws_them(qapp, sample, n):
    """Both faces route with journeymap.model.routing on the same grid: each figure arrow has
    the corner points of the canvas's arrow for that transition, in page units."""
    from journeymap.app.canvas.scene import JourneyScene
    from journeymap.app.document import JourneyDocument
    from journeymap.render.mapview import SCALE

    for journey in (sample[0], journey_of(n)):
        layout = render_map(journey).layout
        scene = JourneyScene(JourneyDocument(journey))
        qapp.processEvents()
        # the page transform, from one card: x grows right, y grows up, SCALE points per unit
        anchor = journey.touchpoint_ids()[0]
        page_x, page_y = layout.card(anchor).box.centre
        scene_pos = scene.cards[anchor].pos()

        def to_page(x, y, page_x=page_x, page_y=page_y, origin=scene_pos):
            return page_x + (x - origin.x()) * SCALE, page_y - (y - origin.y()) * SCALE

        assert len(layout.edges) == len(scene.edges) == len(journey.transitions())
        for source, target, points in layout.edges:
            canvas = [to_page(x, y) for x, y in scene.edges[source, target].points]
            assert len(points) == len(canvas), (source, target)
            for got, expected in zip(points, canvas):
                assert got == pytest.approx(expected, abs=0.01), (source, target)


@pytest.mark.parametrize("by", [None, "channel"])
def test_parallel_arrows_in_a_shared_gutter_are_spread_apart(by):
    """On a large map many arrows run along the same lane boundary: where their spans
    overlap, each has a track of its own, far enough from the others to be told apart."""
    journey = journey_of(200)
    layout = render_map(journey, by=by).layout
    runs = [(f"{s}->{t}", run) for s, t, points in layout.edges
            for run in horizontal_runs(points)]
    assert len(runs) > 100  # enough long arrows for the gutters to be crowded
    assert len({round(y, 1) for _, (y, _, _) in runs}) > 3 * len(journey.lanes)
    runs.sort(key=lambda r: r[1][1])
    piled = []
    for i, (key, (y, x0, x1)) in enumerate(runs):
        for other, (y2, b0, b1) in runs[i + 1:]:
            if b0 >= x1 - 0.5:  # sorted by left end: no later run overlaps this one
                break
            if other != key and abs(y - y2) < 1.5:  # points: thinner than two arrows
                piled.append((key, other, round(y, 2), round(y2, 2)))
    assert piled == []
