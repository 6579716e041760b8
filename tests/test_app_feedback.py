"""The feedback side of the app on the sample journey: heat overlay, tooltips and colours
against ``journeymap metrics``, friction and feedback panels, segment filters and the
difference view, missing transitions, the metrics cache, cancel, heatmaps, drops."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QPixmap

from journeymap.measures import MEASURES, reading
from journeymap.model import load, save
from journeymap.render.style import measure_colour, mix

from process_helpers import fresh_python
from test_app_helpers import OFFSCREEN_NOISE, make_window, reopened

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_journeys" / "online_order.journey.json"
WAIT = 30_000


@pytest.fixture(autouse=True)
def _no_leftover_threads():
    yield
    from journeymap.app.feedback.worker import stop_all

    stop_all()


def cli_metrics(path: Path, *extra: str) -> dict:
    """What ``journeymap metrics --format json`` prints for ``path``."""
    result = subprocess.run([sys.executable, "-m", "journeymap", "metrics", str(path),
                             "--format", "json", *extra], capture_output=True, text=True,
                            check=True, cwd=path.parent)
    return json.loads(result.stdout)


def open_sample(qtbot, tmp_path, path: Path = SAMPLE):
    window = make_window(qtbot, tmp_path, load(path), str(path))
    window.document.reset.emit()  # as opening a file does
    controller = window.feedback.controller
    qtbot.waitUntil(lambda: controller.live, timeout=WAIT)
    return window, controller


def cancel_button(dialog):
    from PySide6.QtWidgets import QPushButton

    return next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")


def test_overlay_colours_and_tooltips_equal_journeymap_metrics(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    printed = cli_metrics(SAMPLE)
    small_sample = printed["small_sample"]
    rows = {r["touchpoint"]: r for r in printed["touchpoints"]}
    assert set(rows) == set(window.scene.cards)
    for measure in ("friction", "nps", "csat", "ces"):
        window.feedback.heat_panel.measure.setCurrentIndex(
            window.feedback.heat_panel.measure.findData(measure))
        m = MEASURES[measure]
        for key, card in window.scene.cards.items():
            row = rows[key]
            colour, text, tooltip, hatched = card.heat
            value = row[measure]
            want = measure_colour(m, value)
            if hatched:
                want = mix(want, amount=0.45)
            assert colour == want, (measure, key)
            if value is None:
                assert text == "no data"
                continue
            # in the measure's own units (a CES declared 1–5 as its mean on 1–5)
            own = reading(m, row)
            shown = own.text.replace("-", "−")
            assert text.endswith(shown), (measure, key, text)
            assert f"{m.label}: {shown}" in tooltip
            assert (f"95% interval {own.number(own.low).replace('-', '−')} to "
                    f"{own.number(own.high).replace('-', '−')}") in tooltip
            if measure == "ces":
                assert own.unit in tooltip and own.unit.startswith("on 1–")
            assert f"n = {row['n']:,} response" in tooltip
            assert m.definition in tooltip
        # the friction cards that rest on few answers are hatched, and only those
        if measure == "friction":
            hatched = {k for k, c in window.scene.cards.items() if c.heat[3]}
            assert hatched == {k for k, r in rows.items()
                               if r["friction"] is not None and r["small_sample"]}
            assert hatched, "the sample has a small-sample touchpoint (chat-pre-sale)"
    assert small_sample == 30


def test_disagreement_between_workshop_and_data_is_on_the_card(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    rows = {r["touchpoint"]: r for r in cli_metrics(SAMPLE)["touchpoints"]}
    disagree = {k for k, r in rows.items() if r["emotion_disagrees"]}
    assert disagree, "the sample plants disagreements (unboxing, sign-in)"
    for key, card in window.scene.cards.items():
        assert card.heat[1].startswith("≠ ") == (key in disagree)
        assert ("disagree" in card.heat[2]) == (key in disagree)
        if key in disagree:  # the tooltip gives the reason: the journey's typical friction
            typical = f"typical {rows[key]['typical_friction']:.2f}"
            assert typical in card.heat[2] and "clearly" in card.heat[2]


def test_friction_panel_ranks_and_a_click_selects_and_centres(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    panel = window.feedback.friction_panel
    ranking = controller.analysis.friction_ranking
    assert panel.keys() == list(ranking["touchpoint"])
    last = panel.topLevelItem(panel.topLevelItemCount() - 1)
    rect = panel.visualItemRect(last)
    panel.scrollToItem(last)
    rect = panel.visualItemRect(last)
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    key = last.data(0, Qt.ItemDataRole.UserRole)
    assert window.scene.selected_touchpoints() == [key]
    # centred as far as the scroll range allows: in full view, and near the middle across
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    card = window.scene.cards[key]
    assert visible.contains(card.sceneBoundingRect())
    assert abs(visible.center().x() - card.pos().x()) < 60 or \
        window.view.horizontalScrollBar().value() in (
            window.view.horizontalScrollBar().minimum(),
            window.view.horizontalScrollBar().maximum())


def test_feedback_panel_shows_the_rows_of_the_selected_touchpoint(qtbot, qtmodeltester,
                                                                  tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    window.scene.select_keys(["three-ds"])
    panel = window.feedback.feedback_panel
    rows = controller.analysis.rows
    expected = rows[rows["touchpoint"] == "three-ds"]
    assert panel.model.rowCount() == len(expected) > 30
    qtmodeltester.check(panel.model)
    columns = [panel.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(panel.model.columnCount())]
    assert columns[0] == "comment" and "nps" in columns and "device" in columns
    # sortable: click the NPS header
    nps = columns.index("nps")
    panel.table.sortByColumn(nps, Qt.SortOrder.AscendingOrder)
    shown = [panel.model.data(panel.model.index(r, nps)) for r in range(panel.model.rowCount())]
    numbers = [float(v) for v in shown if v]
    assert numbers == sorted(numbers) and shown[-1] == ""  # missing scores last
    qtmodeltester.check(panel.model)
    # searchable: typing filters on every text column
    said = expected["comment"].dropna().astype(str)
    word = max(said.iloc[0].split(), key=len).strip(".,!?").lower()
    qtbot.keyClicks(panel.search, word)
    hits = expected["comment"].astype(str).str.contains(word, case=False).sum()
    assert 0 < panel.model.rowCount() == hits
    assert "of" in panel.count.text()
    qtmodeltester.check(panel.model)
    panel.search.clear()
    assert panel.model.rowCount() == len(expected)


def test_segment_filter_and_difference_view(qtbot, tmp_path):
    from journeymap.analytics import analyse

    window, controller = open_sample(qtbot, tmp_path)
    heat = window.feedback.heat_panel
    overall = window.scene.cards["three-ds"].heat
    overall_all = {k: c.heat for k, c in window.scene.cards.items()}
    heat.breakdown.setCurrentIndex(heat.breakdown.findData("segment:device"))
    qtbot.waitUntil(lambda: controller.analysis_by is not None, timeout=WAIT)
    expected = analyse(load(SAMPLE), base_dir=SAMPLE.parent, by="segment:device")
    table = expected.touchpoints.set_index(["touchpoint", "segment"])
    heat.group.setCurrentIndex(heat.group.findData("mobile web"))
    shown = {k: c.heat for k, c in window.scene.cards.items()}
    assert shown != {k: c for k, c in overall_all.items()}
    for key, heat_shown in shown.items():   # every card shows its mobile-web friction
        friction = table.loc[(key, "mobile web"), "friction"]
        if friction == friction:
            assert heat_shown[1].endswith(MEASURES["friction"].format(friction))
            assert "mobile web" in heat_shown[2]
    # the difference mobile web − desktop: coloured where significant, greyed where not
    heat.group.setCurrentIndex(heat.group.findData("desktop"))
    heat.compare.setCurrentIndex(heat.compare.findData("mobile web"))
    assert controller.comparison and window.feedback.heat_panel.legend.difference
    compared = expected.compare("desktop", "mobile web", "friction").set_index("touchpoint")
    measured = compared[compared["difference"].notna()]
    significant = measured[measured["significant"]]
    assert len(significant) and (~measured["significant"]).any()
    for key, row in measured.iterrows():
        text, tooltip = window.scene.cards[key].heat[1:3]
        assert text.startswith("Δ " + ("+" if row["difference"] > 0 else "−"))
        assert ("Not significant (greyed)" in tooltip) != bool(row["significant"])
    # back to everyone
    heat.breakdown.setCurrentIndex(0)
    assert window.scene.cards["three-ds"].heat == overall


def test_missing_transitions_dashed_and_added_with_one_click(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    missing = controller.overlay.missing_items()
    assert missing, "the sample's event log has steps the map lacks"
    lacked = {(t["source"], t["target"]) for t in cli_metrics(SAMPLE)["transitions"]
              if not t["in_map"]}
    assert {i.key for i in missing} == lacked
    flows = controller.overlay.flow_items()          # widths by real volume
    assert flows
    steps = controller.analysis.transitions.set_index(["source", "target"])
    busiest = max(flows, key=lambda f: f.volume)
    assert busiest.volume == steps.loc[busiest.key, "volume"]
    assert busiest.pen().widthF() > min(f.pen().widthF() for f in flows)
    assert f"{busiest.volume:,.0f} customers" in busiest.toolTip() and "median" in \
        busiest.toolTip()
    item = max(missing, key=lambda i: i.volume)
    journey = window.document.journey
    before = window.document.undo_stack.count()
    point = item.path().pointAtPercent(0.5)
    window.view.centerOn(point)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.view.mapFromScene(point))
    assert journey.has_transition(*item.key)
    assert window.document.undo_stack.count() == before + 1
    assert item.key not in {i.key for i in controller.overlay.missing_items()}
    window.document.undo_stack.undo()
    assert not journey.has_transition(*item.key)
    assert item.key in {i.key for i in controller.overlay.missing_items()}


def test_attach_is_one_undo_entry_and_cancel_leaves_the_journey_unchanged(qtbot, tmp_path):
    from journeymap.model import FeedbackSource, to_document

    journey = load(SAMPLE)
    survey = journey.source("survey")
    for source in journey.sources:
        journey.remove_source(source.id)
    path = tmp_path / "order.journey.json"
    (tmp_path / "feedback").symlink_to(SAMPLE.parent / "feedback")
    save(journey, path)
    window = make_window(qtbot, tmp_path, load(path), str(path))
    controller = window.feedback.controller
    before = to_document(window.document.journey)
    # cancel at once, then cancel half way (at the analysis' first progress report)
    job = controller.attach(FeedbackSource(**{**survey.__dict__}))
    cancel_button(controller.progress).click()
    job.wait()
    qtbot.wait(50)
    assert to_document(window.document.journey) == before
    assert window.document.undo_stack.count() == 0
    seen = []
    job = controller.attach(FeedbackSource(**{**survey.__dict__}))
    dialog = controller.progress
    job.progress.connect(lambda f, m: (seen.append(f), cancel_button(dialog).click()))
    qtbot.waitUntil(lambda: job.state == "cancelled", timeout=WAIT)
    job.wait()
    qtbot.wait(50)
    assert seen and to_document(window.document.journey) == before
    assert "Cancelled" in window.statusBar().currentMessage()
    # and when it runs to the end: one undo entry holding the source and the metrics
    job = controller.attach(FeedbackSource(**{**survey.__dict__}))
    qtbot.waitUntil(lambda: job.state == "done", timeout=WAIT)
    journey = window.document.journey
    assert [s.id for s in journey.sources] == ["survey"]
    assert journey.metrics_cache["touchpoints"]["three-ds"]["n"] > 0
    assert window.document.undo_stack.count() == 1
    assert window.scene.cards["three-ds"].heat is not None
    window.document.undo_stack.undo()
    assert to_document(journey) == before
    window.document.undo_stack.redo()
    assert journey.sources and journey.metrics_cache


def test_the_metrics_cache_colours_the_map_before_pandas_loads(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    journey = window.document.journey
    refresh = controller.refresh()
    qtbot.waitUntil(lambda: refresh.state == "done", timeout=WAIT)
    assert window.document.undo_stack.undoText() == "Refresh feedback"
    cache = journey.metrics_cache
    assert cache["touchpoints"]["three-ds"]["friction"] == pytest.approx(
        controller.analysis.measure_values("friction")["three-ds"], abs=1e-6)
    saved = tmp_path / "feedback"
    saved.symlink_to(SAMPLE.parent / "feedback")
    path = tmp_path / "order.journey.json"
    save(journey, path)
    assert load(path) == journey                      # the cache round-trips
    heats = {k: c.heat for k, c in window.scene.cards.items()}
    # a fresh process where pandas cannot even be imported still shows the heat at once
    script = f"""
import sys, os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.modules["pandas"] = None
from PySide6.QtWidgets import QApplication
app = QApplication([])
from journeymap.app.mainwindow import MainWindow
w = MainWindow(offer_recovery=False)
assert w.open_path({str(path)!r}, interactive=False)
import json
print(json.dumps({{k: list(c.heat) for k, c in w.scene.cards.items()}}))
w.close_without_asking()
"""
    fresh = json.loads(fresh_python(script, timeout=60).strip().splitlines()[-1])
    assert {k: tuple(v) for k, v in fresh.items()} == heats


def test_heatmap_view_draws_the_render_figures_and_exports(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    view = window.feedback.heatmap
    window.feedback.docks["Heatmaps"].raise_()
    qtbot.waitUntil(lambda: view.figure is not None, timeout=WAIT)
    assert not view.image.pixmap().isNull()
    layout = view.figure.layout
    assert layout.cells, "the figure says what it drew"
    for name in ("heat.png", "heat.svg", "heat.pdf"):
        assert view.export(str(tmp_path / name))
    assert not QPixmap(str(tmp_path / "heat.png")).isNull()
    assert (tmp_path / "heat.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert (tmp_path / "heat.pdf").read_bytes().startswith(b"%PDF")
    # touchpoint × segment follows the chosen segment
    first = view.figure
    view.figure_box.setCurrentIndex(view.figure_box.findData("segment"))
    qtbot.waitUntil(lambda: view.figure is not first and bool(controller.by), timeout=WAIT)
    qtbot.waitUntil(lambda: view.job is None or not view.job.active, timeout=WAIT)
    groups = set(controller.analysis_by.groups())
    texts = {t.text for t in view.figure.layout.texts}
    assert groups & texts


def test_dropping_a_data_file_opens_the_import_dialog(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    data = SAMPLE.parent / "feedback" / "online_order_survey.csv"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(data))])
    from PySide6.QtGui import QDragEnterEvent
    from PySide6.QtWidgets import QApplication

    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()                  # the window takes data files
    # Qt delivers a drop only inside a real drag (QDragManager's current target), so the
    # drop is handed to the window's drop handling directly
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    event.ignore()
    assert window.feedback.drop_filter.eventFilter(window, event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: getattr(window.feedback, "last_dialog", None) is not None)
    dialog = window.feedback.last_dialog
    qtbot.waitUntil(dialog.ready, timeout=WAIT)
    assert dialog.touchpoint_column() == "touchpoint"
    # the sample's planted bad rows are counted and shown, as the analytics count them
    from journeymap.analytics import analyse

    survey = load(SAMPLE).source("survey")
    counts = analyse(load(SAMPLE), [survey], base_dir=SAMPLE.parent).rejected_counts["survey"]
    bad = sum(counts.values())
    assert bad > 0 and f"{bad:,} rejected" in dialog.summary.text()
    assert dialog.rejected_model.rowCount() == bad
    # an odd value among ids ("Checkout") is offered its closest label, not mapped to it
    assert dialog.mapping().get("Checkout", "\x00unmapped") == "\x00unmapped"
    dialog.reject()


def bare_sample(tmp_path):
    """The sample journey without its sources, saved next to a link to its data."""
    journey = load(SAMPLE)
    for source in journey.sources:
        journey.remove_source(source.id)
    (tmp_path / "feedback").symlink_to(SAMPLE.parent / "feedback")
    path = tmp_path / "order.journey.json"
    save(journey, path)
    return path


def test_an_event_log_is_imported_the_same_way(qtbot, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    path = bare_sample(tmp_path)
    window = make_window(qtbot, tmp_path, load(path), str(path))
    dialog = window.feedback.import_file(str(tmp_path / "feedback" / "online_order_events.csv"))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.ready, timeout=WAIT)
    assert dialog.role.currentData() == "events"
    roles = dialog.column_roles()
    assert roles["case_id"] == "case" and roles["timestamp"] == "timestamp"
    assert roles["touchpoint"] == "touchpoint"
    assert "0 rejected" in dialog.summary.text()
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    controller = window.feedback.controller
    qtbot.waitUntil(lambda: controller.live, timeout=WAIT)
    source = window.document.journey.sources[0]
    assert source.role == "events" and source.path == "feedback/online_order_events.csv"
    assert controller.overlay.missing_items() and controller.overlay.flow_items()
    assert window.feedback.heat_panel.missing.topLevelItemCount() == len(
        controller.overlay.missing_items())
    # the volume measure now counts customers reaching each step
    panel = window.feedback.heat_panel
    panel.measure.setCurrentIndex(panel.measure.findData("volume"))
    reached = controller.analysis.touchpoints.set_index("touchpoint")["reached"]
    assert window.scene.cards["browse"].heat[1] == f"{reached['browse']:,.0f}"


def test_a_changed_source_file_is_noticed_and_refreshed(qtbot, tmp_path):
    import shutil

    journey = load(SAMPLE)
    journey.remove_source("event-log")
    data = tmp_path / "feedback"
    data.mkdir()
    shutil.copy(SAMPLE.parent / "feedback" / "online_order_survey.csv", data)
    path = tmp_path / "order.journey.json"
    save(journey, path)
    window, controller = open_sample(qtbot, tmp_path, path)
    n_before = controller.analysis.kept_counts["survey"]
    survey = data / "online_order_survey.csv"
    lines = survey.read_text(encoding="utf-8").splitlines(keepends=True)
    survey.write_text("".join(lines[:1001]), encoding="utf-8")   # the first 1,000 rows
    qtbot.waitUntil(lambda: bool(controller.stale_files), timeout=WAIT)
    assert "changed on disk" in window.feedback.heat_panel.status.text()
    window.action("refresh_feedback").trigger()
    qtbot.waitUntil(lambda: controller.analysis.kept_counts["survey"] != n_before,
                    timeout=WAIT)
    assert sum(controller.analysis.input_counts.values()) == 1000
    assert window.document.undo_stack.undoText() == "Refresh feedback"
    assert window.document.journey.metrics_cache["fingerprint"]
    assert "changed on disk" not in window.feedback.heat_panel.status.text()


def test_the_emotion_measure_follows_the_persona_shown(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    panel = window.feedback.heat_panel
    panel.measure.setCurrentIndex(panel.measure.findData("emotion"))
    journey = window.document.journey
    tp = journey.touchpoint("three-ds")
    assert window.scene.cards["three-ds"].heat[1].endswith(
        MEASURES["emotion"].format(tp.emotion).replace("-", "−"))
    persona = next(p.id for p in journey.personas if p.id in tp.emotions
                   and tp.emotions[p.id] != tp.emotion)
    window.set_active_persona(persona)      # what choosing it under "Emotions of" does
    qtbot.waitUntil(lambda: window.scene.cards["three-ds"].heat[1].endswith(
        MEASURES["emotion"].format(tp.emotions[persona]).replace("-", "−")), timeout=WAIT)


def test_sources_panel_lists_sources_shows_rejected_rows_and_removes_undoably(qtbot, tmp_path):
    from journeymap.model import to_document

    window, controller = open_sample(qtbot, tmp_path)
    panel = window.feedback.heat_panel
    assert panel.sources.topLevelItemCount() == 2
    survey = panel.sources.topLevelItem(0)
    analysis = controller.analysis
    bad = sum(analysis.rejected_counts["survey"].values())
    assert survey.text(1) == f"{analysis.kept_counts['survey']:,}"
    assert survey.text(2) == f"{bad:,}" and bad > 0
    panel.rejected_button.click()
    rejected = controller.rejected_window
    qtbot.addWidget(rejected)
    assert rejected.model.rowCount() == len(analysis.rejected) == bad
    reason, count = next(iter(analysis.rejected_counts["survey"].items()))
    qtbot.keyClicks(rejected.search, reason)
    assert rejected.model.rowCount() == count
    out = tmp_path / "rejected.xlsx"
    assert rejected.export(str(out))
    import pandas as pd

    assert len(pd.read_excel(out)) == count
    before = to_document(window.document.journey)
    panel.sources.setCurrentItem(panel.sources.topLevelItem(1))
    panel.remove_button.click()
    journey = window.document.journey
    assert [s.id for s in journey.sources] == ["survey"]
    qtbot.waitUntil(lambda: controller.live and not controller.analysis.has_events,
                    timeout=WAIT)
    assert not controller.overlay.missing_items()
    window.document.undo_stack.undo()
    assert to_document(journey) == before
    qtbot.waitUntil(lambda: controller.live and controller.analysis.has_events, timeout=WAIT)
    assert controller.overlay.missing_items()


def test_heat_can_be_hidden_and_a_map_without_data_shows_no_legend(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    legend = window.feedback.legend
    assert legend.isVisible() and legend.parent() is window.view
    window.action("show_heat").trigger()
    assert all(card.heat is None for card in window.scene.cards.values())
    assert not legend.isVisible() and not controller.overlay.flow_items()
    window.action("show_heat").trigger()
    assert all(card.heat is not None for card in window.scene.cards.values())
    blank = make_window(qtbot, tmp_path)
    assert not blank.feedback.legend.isVisible()
    assert all(card.heat is None for card in blank.scene.cards.values())


def test_period_filter_shows_one_month(qtbot, tmp_path):
    from journeymap.analytics import analyse

    window, controller = open_sample(qtbot, tmp_path)
    heat = window.feedback.heat_panel
    assert heat.breakdown.findData("period:M") > 0     # the survey has timestamps
    heat.breakdown.setCurrentIndex(heat.breakdown.findData("period:M"))
    qtbot.waitUntil(lambda: controller.analysis_by is not None, timeout=WAIT)
    expected = analyse(load(SAMPLE), base_dir=SAMPLE.parent, by="period:M")
    months = expected.groups()
    assert [heat.group.itemData(i) for i in range(heat.group.count())] == months
    month = months[len(months) // 2]
    heat.group.setCurrentIndex(heat.group.findData(month))
    table = expected.touchpoints.set_index(["touchpoint", "segment"])
    for key, card in window.scene.cards.items():
        n = table.loc[(key, month), "n"]
        if n:
            assert f"n = {n:,} response" in card.heat[2] and month in card.heat[2]


def test_edits_keep_the_overlay_and_ranking_in_step(qtbot, tmp_path):
    from journeymap.model import Touchpoint

    window, controller = open_sample(qtbot, tmp_path)
    document, journey = window.document, window.document.journey
    heat = window.scene.cards["three-ds"].heat
    document.apply("Rename", lambda j: j.update_touchpoint("three-ds", label="3-D Secure"))
    assert window.scene.cards["three-ds"].heat == heat       # same numbers, same look
    panel = window.feedback.friction_panel
    row = panel.keys().index("three-ds")
    assert panel.topLevelItem(row).text(1).endswith("3-D Secure")
    stage = journey.stages[0].id
    document.apply("Add", lambda j: j.add_touchpoint(Touchpoint("new-step", "New step",
                                                                stage=stage)))
    assert window.scene.cards["new-step"].heat[1] == "no data"
    document.undo_stack.undo()
    assert "new-step" not in controller._heats


def test_selecting_a_card_again_after_deselecting_shows_its_rows_again(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    panel = window.feedback.feedback_panel
    rows = controller.analysis.rows
    expected = int((rows["touchpoint"] == "three-ds").sum())
    window.scene.select_keys(["three-ds"])
    assert panel.model.rowCount() == expected
    window.scene.clearSelection()
    assert panel.model.rowCount() == 0
    window.scene.select_keys(["three-ds"])
    assert panel.model.rowCount() == expected > 0


def test_a_restored_panel_layout_is_not_overridden_by_the_default_sizes(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from journeymap.app.mainwindow import MainWindow

    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    first = MainWindow(offer_recovery=False, settings=settings,
                       recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(first)
    first.resize(790, 790)  # within the offscreen platform's 800 x 800 screen
    first.show()
    qtbot.waitExposed(first)
    qtbot.wait(50)
    friction = first.feedback.docks["Friction"]
    first.resizeDocks([friction], [250], Qt.Orientation.Horizontal)  # narrower than default
    qtbot.wait(50)
    width = friction.width()
    assert width < 340  # the first-start default would be at least 340
    again = reopened(qtbot, tmp_path, first, settings)
    first.close()
    assert again.feedback.docks["Friction"].width() == width
