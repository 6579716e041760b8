"""Real data through the import dialog (read from ../shared/realdata): the airline tweets
(long, a value map from complaint reason to touchpoint) and the passenger survey (wide,
0 = not applicable); bad rows counted and shown; the overlay then equals what
``journeymap metrics`` prints for the journey saved with that source."""

from __future__ import annotations

import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from journeymap.measures import MEASURES, reading
from journeymap.model import save
from journeymap.render.style import measure_colour, mix

from test_analytics_realdata import REASONS, SURVEY, TWEETS, survey_journey, tweets_journey
from test_app_feedback import WAIT, _no_leftover_threads, cli_metrics  # noqa: F401 (autouse)
from test_app_helpers import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


def open_dialog(qtbot, tmp_path, journey, data):
    path = tmp_path / "map.journey.json"
    save(journey, path)
    window = make_window(qtbot, tmp_path, journey, str(path))
    dialog = window.feedback.import_file(str(data))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.ready, timeout=WAIT)
    return window, dialog, path


def settle(qtbot, dialog) -> None:
    """Let the debounced validation start and finish."""
    qtbot.waitUntil(lambda: not dialog._validate_timer.isActive(), timeout=WAIT)
    qtbot.waitUntil(dialog.ready, timeout=WAIT)


def import_and_wait(qtbot, window, dialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    controller = window.feedback.controller
    qtbot.waitUntil(lambda: bool(window.document.journey.sources) and controller.live,
                    timeout=WAIT)


def assert_overlay_matches(window, path, measures) -> dict:
    printed = cli_metrics(path)
    rows = {r["touchpoint"]: r for r in printed["touchpoints"]}
    panel = window.feedback.heat_panel
    for measure in measures:
        panel.measure.setCurrentIndex(panel.measure.findData(measure))
        m = MEASURES[measure]
        # volume is coloured as a share of the largest, as in the rendered figures
        top = max((r[measure] or 0) for r in rows.values()) if measure == "volume" else 1.0
        for key, card in window.scene.cards.items():
            colour, text, tooltip, hatched = card.heat
            value = rows[key][measure]
            want = measure_colour(m, value, top)
            assert colour == (mix(want, amount=0.45) if hatched else want), (measure, key)
            if value is not None:
                # in the measure's own units: a rating declared 1–5 as its mean on 1–5
                own = reading(m, rows[key])
                shown = own.text.replace("-", "−")
                assert f"{m.label}: {shown}" in tooltip
                if own.interval:
                    assert (f"95% interval {own.number(own.low).replace('-', '−')} to "
                            f"{own.number(own.high).replace('-', '−')}") in tooltip
                assert f"n = {rows[key]['n']:,} response" in tooltip
    return rows


def test_airline_tweets_through_the_dialog_with_a_value_map(qtbot, tmp_path, realdata):
    raw = pd.read_csv(realdata / TWEETS)
    window, dialog, path = open_dialog(qtbot, tmp_path, tweets_journey(), realdata / TWEETS)
    assert "14,640 rows" in dialog.info.text()
    roles = dialog.column_roles()
    # detected: the sentiment, the tweet text, when it was written, the airline as segment
    assert roles["airline_sentiment"] == "sentiment"
    assert roles["text"] == "comment" and roles["tweet_created"] == "timestamp"
    assert roles["airline"] == "segment"
    # the complaint reason names the touchpoint: found by its values and name, no hints
    assert dialog.touchpoint_column() == "negativereason"
    dialog.set_role("negativereason", "touchpoint")
    settle(qtbot, dialog)
    # every reason listed with its row count; the closest labels suggested
    counts = raw["negativereason"].value_counts()
    listed = {dialog.values.item(r, 0).data(Qt.ItemDataRole.UserRole):
              dialog.values.item(r, 1).text() for r in range(dialog.values.rowCount())}
    assert {k: v for k, v in listed.items() if k} == {k: f"{v:,}" for k, v in counts.items()}
    assert dialog.mapping()["Customer Service Issue"] == "service"
    assert dialog.mapping()["Late Flight"] == "flight"
    for value, touchpoint in REASONS.items():
        dialog.set_mapping(value, touchpoint)
    dialog.set_role("airline_sentiment_gold", "")
    settle(qtbot, dialog)
    # bad rows counted by reason and shown
    missing = int(raw["negativereason"].isna().sum())
    cant_tell = int((raw["negativereason"] == "Can't Tell").sum())
    summary = dialog.summary.text()
    assert f"{len(raw) - missing - cant_tell:,} kept" in summary
    assert f"missing touchpoint: {missing:,}" in summary
    assert f"maps to no touchpoint: {cant_tell:,}" in summary
    assert dialog.rejected_model.rowCount() == missing + cant_tell
    exported = tmp_path / "rejected.csv"
    assert dialog.export_rejected(str(exported))
    assert len(pd.read_csv(exported)) == missing + cant_tell
    source = dialog.result_source()
    assert source.value_map["Can't Tell"] is None and source.match == "map"
    import_and_wait(qtbot, window, dialog)
    assert window.document.undo_stack.count() == 1
    window.document.save()
    rows = assert_overlay_matches(window, path, ("friction", "sentiment", "volume"))
    assert rows["flight"]["n"] == int(raw["negativereason"].map(REASONS).eq("flight").sum())
    # the segment filter changes the overlay
    controller = window.feedback.controller
    panel = window.feedback.heat_panel
    before = {k: c.heat for k, c in window.scene.cards.items()}
    panel.breakdown.setCurrentIndex(panel.breakdown.findData("segment:airline"))
    qtbot.waitUntil(lambda: controller.analysis_by is not None, timeout=WAIT)
    panel.group.setCurrentIndex(panel.group.findData("Virgin America"))
    after = {k: c.heat for k, c in window.scene.cards.items()}
    assert after != before
    by_airline = cli_metrics(path, "--by", "segment:airline")
    virgin = {r["touchpoint"]: r for r in by_airline["touchpoints"]
              if r["segment"] == "Virgin America"}
    m = MEASURES["volume"]
    for key, card in window.scene.cards.items():
        assert f"n = {virgin[key]['n']:,} response" in card.heat[2]
        assert card.heat[1].endswith(m.format(virgin[key]["volume"]))


def test_passenger_survey_wide_with_zero_as_not_applicable(qtbot, tmp_path, realdata):
    raw = pd.read_csv(realdata / SURVEY)
    window, dialog, path = open_dialog(qtbot, tmp_path, survey_journey(), realdata / SURVEY)
    assert dialog.layout_box.currentData() == "wide"
    assert len(dialog.wide_mapping()) == 14               # columns named after touchpoints
    # the scale is never silently guessed: 0 is asked about, with its histogram
    assert dialog.scale_question.isVisibleTo(dialog)
    assert "not applicable" in dialog.scale_question.choice.currentText()
    assert {"Class", "Type of Travel"} <= {c for c, r in dialog.column_roles().items()
                                           if r == "segment"}
    dialog.wide_min.clear()
    qtbot.keyClicks(dialog.wide_min, "1")
    qtbot.keyClicks(dialog.wide_na, "0")
    settle(qtbot, dialog)
    assert f"{len(raw):,} kept, 0 rejected" in dialog.summary.text()
    source = dialog.result_source()
    assert (source.metrics[0].minimum, source.metrics[0].maximum, source.metrics[0].na) == \
        (1.0, 5.0, [0])
    import_and_wait(qtbot, window, dialog)
    window.document.save()
    rows = assert_overlay_matches(window, path, ("friction", "rating"))
    answered = raw.loc[raw["Inflight wifi service"] != 0, "Inflight wifi service"]
    assert rows["inflight-wifi-service"]["n"] == len(answered)   # zeros are n/a, not 0


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet", ".jsonl", ".csv"])
def test_every_table_format_goes_through_the_dialog(qtbot, tmp_path, suffix):
    from journeymap.model import load

    from test_app_feedback import SAMPLE

    rows = pd.read_csv(SAMPLE.parent / "feedback" / "online_order_survey.csv", nrows=300)
    data = tmp_path / f"survey{suffix}"
    if suffix == ".xlsx":
        rows.to_excel(data, index=False)
    elif suffix == ".parquet":
        rows.to_parquet(data)
    elif suffix == ".jsonl":
        rows.to_json(data, orient="records", lines=True)
    else:
        rows.to_csv(data, index=False, sep=";", encoding="latin-1")
    journey = load(SAMPLE)
    for source in journey.sources:
        journey.remove_source(source.id)
    window, dialog, path = open_dialog(qtbot, tmp_path, journey, data)
    assert dialog.touchpoint_column() == "touchpoint"
    roles = dialog.column_roles()
    assert (roles["nps"], roles["csat"], roles["ces"]) == ("nps", "csat", "ces")
    assert "300 rows" in dialog.summary.text()
    import_and_wait(qtbot, window, dialog)
    source = window.document.journey.sources[0]
    assert source.path == data.name and source.format == suffix.lstrip(".")
