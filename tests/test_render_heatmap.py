"""Heatmaps and the emotion curve as figures: journey order, colours from the shared scales,
values and n in the cells, legible at 500 rows, valid files."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image
from test_render_map import SAMPLE, assert_legible, journey_of, luminance, with_feedback

from journeymap.measures import MEASURES, reading
from journeymap.model import load
from journeymap.render import render_curve, render_heatmap


def as_printed(value: float):
    """A cell holds its value as ``journeymap metrics`` prints it (journeymap.plain: six
    decimals), so it equals a value computed here to within 1e-6."""
    return pytest.approx(value, abs=1e-6)


@pytest.fixture(scope="module")
def sample():
    from journeymap.analytics import analyse

    journey = load(SAMPLE)
    return journey, analyse(journey, base_dir=SAMPLE.parent)


def rows_in_order(layout) -> list[str]:
    """Row keys from top to bottom."""
    seen: dict[str, float] = {}
    for cell in layout.cells:
        seen.setdefault(cell.row, cell.box.y1)
    return sorted(seen, key=lambda k: -seen[k])


def test_touchpoint_by_measure_follows_the_journey_and_the_shared_scales(sample):
    journey, analysis = sample
    layout = render_heatmap(journey, analysis).layout
    assert_legible(layout)
    assert rows_in_order(layout) == journey.touchpoint_ids()
    sections = [key for key, _ in layout.stages]
    assert sections == [s.id for s in journey.stages if journey.touchpoint_ids(s.id)]
    columns = list(dict.fromkeys(c.column for c in layout.cells))
    assert columns[0] == "friction" and "nps" in columns and "emotion" in columns
    assert "sentiment" not in columns  # no sentiment in this sample's feedback
    table = analysis.touchpoints.set_index("touchpoint")
    for cell in layout.cells:
        m = MEASURES[cell.column]
        if cell.column in ("friction", "nps", "csat", "ces"):
            expected = table.loc[cell.row, cell.column]
            if np.isnan(expected):
                assert cell.value is None and cell.text == "–"
                assert cell.colour == MEASURES[cell.column].colour(None)
                continue
            assert cell.value == as_printed(expected)
            n_column = "scored" if cell.column == "friction" else f"{cell.column}_n"
            assert cell.n == table.loc[cell.row, n_column]
            # the value and its 95% interval, in the measure's own units, then n
            own = reading(m, table.loc[cell.row].to_dict())
            low, high = own.low, own.high
            assert cell.text == (f"{own.number(own.value)} [{own.number(low)}, "
                                 f"{own.number(high)}]  n={cell.n:,.0f}").replace("-", "−")
            if cell.column == "friction":
                assert as_printed(own.value) == cell.value
                assert low == table.loc[cell.row, "friction_low"]
            if not cell.small_sample:
                assert cell.colour == m.colour(cell.value)
    friction = [c for c in layout.cells if c.column == "friction" and c.value is not None
                and not c.small_sample]
    hottest = max(friction, key=lambda c: c.value)
    assert luminance(hottest.colour) == min(luminance(c.colour) for c in friction)


def assert_one_colour_bar(layout, caption: str) -> None:
    """Columns on one scale share one colour bar (its caption and two ends), over the cells,
    not one identical bar per column."""
    captions = layout.texts_with("scale-caption")
    assert [t.text for t in captions] == [caption]
    ends = layout.texts_with("scale")
    assert len(ends) == 2, [t.text for t in ends]
    top = max(c.box.y1 for c in layout.cells)
    assert all(t.box.y0 > top for t in captions + ends)


def test_columns_of_different_measures_keep_a_bar_each(sample):
    layout = render_heatmap(*sample).layout
    columns = layout.texts_with("column")
    assert len(layout.texts_with("scale")) == 2 * len(columns) > 2
    assert not layout.texts_with("scale-caption")
    # one measure alone: its bar is captioned with its unit, like a shared one
    assert_one_colour_bar(render_heatmap(*sample, measures=["friction"]).layout,
                          "Friction, 0–1")


def test_cells_show_their_value_and_n_inside_the_cell(sample):
    journey, analysis = sample
    layout = render_heatmap(journey, analysis).layout
    texts = {t.key: t for t in layout.texts_with("cell")}
    for cell in layout.cells:
        text = texts[f"{cell.row}|{cell.column}"]
        assert cell.box.contains(text.box)
        assert text.text == cell.text and not text.shortened


def test_stage_by_channel_recomputes_from_the_answers(sample):
    journey, analysis = sample
    layout = render_heatmap(journey, analysis, by="channel").layout
    assert_legible(layout)
    assert rows_in_order(layout) == [s.id for s in journey.stages]
    channels = list(dict.fromkeys(tp.channel for tp in journey.touchpoints()))
    assert list(dict.fromkeys(c.column for c in layout.cells)) == channels
    assert_one_colour_bar(layout, "Friction, 0–1")
    rows = analysis.rows
    stage_of = {tp.id: tp.stage for tp in journey.touchpoints()}
    channel_of = {tp.id: tp.channel for tp in journey.touchpoints()}
    for cell in layout.cells:
        answers = rows[[stage_of[t] == cell.row and channel_of[t] == cell.column
                        for t in rows["touchpoint"]]]
        if cell.value is None:
            assert answers["negative"].sum() == 0 if "negative" in answers else True
            continue
        scored = answers["scored"].sum() if "scored" in answers else None
        if scored is not None:  # friction = negative answers / scored answers
            assert cell.n == scored
            assert cell.value == as_printed(answers["negative"].sum() / scored)


def test_touchpoint_by_segment(sample):
    from journeymap.analytics import analyse

    journey, _ = sample
    analysis = analyse(journey, base_dir=SAMPLE.parent, by="segment:device")
    layout = render_heatmap(journey, analysis, by="segment:device").layout
    assert_legible(layout)
    assert rows_in_order(layout) == journey.touchpoint_ids()
    groups = list(dict.fromkeys(c.column for c in layout.cells))
    assert_one_colour_bar(layout, "Friction, 0–1")
    table = analysis.touchpoints.set_index(["touchpoint", "segment"])
    with_data = [g for g in analysis.groups()
                 if table.xs(g, level="segment")["friction"].notna().any()]
    assert groups == with_data  # a group without any value is no column
    for cell in layout.cells[:60]:
        expected = table.loc[(cell.row, cell.column), "friction"]
        assert (cell.value is None) == bool(np.isnan(expected))
        if cell.value is not None:
            assert cell.value == as_printed(expected)
            assert cell.small_sample == (cell.n < analysis.small_sample)
    with pytest.raises(ValueError, match="segment"):
        render_heatmap(journey, sample[1], by="segment:device")  # analysed without groups


def test_a_500_row_heatmap_is_legible_and_a_valid_png(tmp_path):
    journey = journey_of(500, stages=8)
    analysis = with_feedback(journey, tmp_path, hottest="t250", small=("t3",))
    fig = render_heatmap(journey, analysis, measures=["friction", "nps", "csat", "volume",
                                                       "emotion"])
    layout = fig.layout
    assert len(layout.cells) == 500 * 5
    assert_legible(layout)
    column_titles = layout.texts_with("column")
    assert len(column_titles) == 10  # repeated at the bottom of a tall table
    hot = [c for c in layout.cells if c.row == "t250" and c.column == "friction"][0]
    assert hot.colour == max((c.colour for c in layout.cells if c.column == "friction"
                              and not c.small_sample), key=lambda c: -luminance(c))
    data = fig.to_bytes("png", dpi=72)
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.size == (int(fig.width), int(fig.height))
    # the hottest cell's pixels carry its colour
    x, y = hot.box.centre
    pixel = np.asarray(image)[int(fig.height - hot.box.y1 + 2), int(hot.box.x0 + 2)]
    assert "#%02x%02x%02x" % tuple(pixel[:3]) == hot.colour


def test_emotion_curve_on_its_own(sample, tmp_path):
    journey, analysis = sample
    fig = render_curve(journey, analysis)
    layout = fig.layout
    assert_legible(layout)
    labels = layout.texts_with("curve-label")
    assert [t.key for t in sorted(labels, key=lambda t: t.box.x0)] == journey.touchpoint_ids()
    assert [s for s, _ in layout.stages] == [s.id for s in journey.stages]
    legend = " ".join(t.full for t in layout.texts_with("curve-legend"))
    assert all(p.name in legend for p in journey.personas)
    one = render_curve(journey, analysis, persona="tom").layout
    legend = " ".join(t.full for t in one.texts_with("curve-legend"))
    assert "Tom" in legend and "Maya" not in legend
    fig.save(tmp_path / "curve.svg")
    ET.parse(tmp_path / "curve.svg")
    no_data = render_curve(journey_of(30)).layout  # designers' emotion only
    assert "Measured" not in " ".join(t.full for t in no_data.texts_with("curve-legend"))


SERVICE_POINTS = ["Ease of Online booking", "Online boarding", "Checkin service",
                  "Gate location", "Baggage handling", "Seat comfort", "Leg room service",
                  "Inflight wifi service", "Inflight entertainment", "Food and drink",
                  "On-board service", "Inflight service", "Cleanliness"]


def test_class_by_service_point_from_real_airline_survey(realdata, tmp_path):
    """Real data: 25,976 passengers rating 13 service points 1–5 (0 = not applicable)."""
    from journeymap.analytics import analyse
    from journeymap.model import (FeedbackSource, Journey, MetricColumn, Stage, Touchpoint,
                                  slug)

    journey = Journey("Flying with the airline")
    stages = {"Book": SERVICE_POINTS[:2], "Airport": SERVICE_POINTS[2:5],
              "Flight": SERVICE_POINTS[5:]}
    for stage, points in stages.items():
        journey.add_stage(Stage(slug(stage), stage))
        for point in points:
            journey.add_touchpoint(Touchpoint(slug(point), point, slug(stage)))
    journey.add_source(FeedbackSource(
        "survey", str(realdata / "airline_passenger_satisfaction_test.csv"), layout="wide",
        wide_columns={p: slug(p) for p in SERVICE_POINTS},
        metrics=[MetricColumn("", "rating", 1, 5, na=[0])], segment_columns=["Class"]))
    analysis = analyse(journey, by="segment:Class")
    fig = render_heatmap(journey, analysis, by="segment:Class", measure="friction")
    layout = fig.layout
    assert_legible(layout)
    assert rows_in_order(layout) == journey.touchpoint_ids()
    assert set(c.column for c in layout.cells) == {"Business", "Eco", "Eco Plus"}
    table = analysis.touchpoints.set_index(["touchpoint", "segment"])
    for cell in layout.cells:
        assert cell.value == as_printed(table.loc[(cell.row, cell.column), "friction"])
        assert cell.n == table.loc[(cell.row, cell.column), "scored"] > 300
        assert not cell.small_sample
    worst = max(layout.cells, key=lambda c: c.value)
    assert luminance(worst.colour) == min(luminance(c.colour) for c in layout.cells)
    fig.save(tmp_path / "class.pdf")
    assert (tmp_path / "class.pdf").read_bytes().startswith(b"%PDF-")
