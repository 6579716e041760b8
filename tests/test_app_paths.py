"""The app's paths: the Paths panel (variants, conformance, highlight), the flow overlay's
delay and time modes, ghost volumes, and File ▸ New from event log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from journeymap.analytics.caselog import read_case_log
from journeymap.analytics.paths import variants
from journeymap.model import load, validate

from test_app_feedback import SAMPLE, WAIT, open_sample
from test_app_helpers import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


@pytest.fixture(autouse=True)
def _no_leftover_threads():
    yield
    from journeymap.app.feedback.worker import stop_all

    stop_all()


def test_paths_panel_lists_variants_and_highlights_a_path(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    paths = window.feedback.paths
    qtbot.waitUntil(lambda: bool(paths.variants), timeout=WAIT)
    log, _ = read_case_log(load(SAMPLE), base_dir=SAMPLE.parent)
    expected = variants(log, top=50)
    assert [v["cases"] for v in paths.variants] == expected["cases"].tolist()
    panel = window.feedback.paths_panel
    assert panel.variants.rowCount() == len(expected)
    assert "3,000 cases" in panel.summary.text()
    # the longest of the shown paths lights up: its cards and the arrows it walks
    row = max(range(len(expected) - 1), key=lambda i: len(expected["path"].iloc[i]))
    path = list(expected["path"].iloc[row])
    panel.variants.selectRow(row)
    selected_cards = {k for k, c in window.scene.cards.items() if c.isSelected()}
    assert selected_cards == set(path)
    selected_edges = {k for k, e in window.scene.edges.items() if e.isSelected()}
    assert selected_edges == {(a, b) for a, b in zip(path, path[1:])
                              if window.document.journey.has_transition(a, b)}
    # the dock never scrolls sideways; the chosen path is read whole below the table
    journey = window.document.journey
    whole = " → ".join(journey.touchpoint(k).label for k in path)
    assert panel.path_text.toPlainText() == f"Path {row + 1}: {whole}"
    tooltip = panel.variants.item(row, 5).toolTip().splitlines()
    assert tooltip[1:] == [f"{i}. {journey.touchpoint(k).label}" for i, k in enumerate(path, 1)]
    table = panel.variants
    qtbot.waitUntil(lambda: sum(table.columnWidth(i) for i in range(6))
                    <= table.viewport().width(), timeout=2000)
    assert not table.horizontalScrollBar().isVisible()
    assert table.columnWidth(5) >= 60   # the path keeps its least width
    # conformance: a touchpoint row goes to its card
    conformance = panel.touchpoints
    assert conformance.rowCount() == len(window.document.journey.touchpoint_ids())
    conformance.selectRow(0)
    key = conformance.item(0, 0).data(Qt.ItemDataRole.UserRole)
    assert window.scene.cards[key].isSelected()


def test_delay_colours_time_labels_and_ghost_volumes(qtbot, tmp_path):
    from journeymap.transition_style import DELAY_STOPS

    window, controller = open_sample(qtbot, tmp_path)
    overlay = controller.overlay
    plain = {f.key: f.pen().color().name() for f in overlay.flow_items()}
    assert len(set(plain.values())) == 1
    panel = window.feedback.paths_panel
    panel.delay.setChecked(True)
    coloured = {f.key: f.pen().color().name() for f in overlay.flow_items()}
    assert len(set(coloured.values())) > 3
    times = overlay.times
    quickest = min((k for k in coloured if k in times), key=lambda k: times[k][0])
    slowest = max((k for k in coloured if k in times), key=lambda k: times[k][0])
    assert coloured[quickest] == DELAY_STOPS[0] and coloured[slowest] == DELAY_STOPS[-1]
    assert not overlay.time_items()
    panel.times.setChecked(True)
    labels = [i.text() for i in overlay.time_items()]
    assert len(labels) == len(overlay.flow_items()) and all("p90" in t for t in labels)
    panel.times.setChecked(False)
    panel.delay.setChecked(False)
    assert not overlay.time_items()
    # ghost arrows carry their volume; one click adds the transition (one undo step)
    ghost = max(overlay.missing_items(), key=lambda i: i.volume)
    assert ghost.label.text() == f"{ghost.volume:,.0f}"
    before = window.document.undo_stack.count()
    ghost.click()
    assert window.document.journey.has_transition(*ghost.key)
    assert window.document.undo_stack.count() == before + 1


def test_paths_job_can_be_cancelled(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    paths = window.feedback.paths
    qtbot.waitUntil(lambda: bool(paths.variants), timeout=WAIT)
    job = paths.start()
    assert window.feedback.paths_panel.busy.isVisibleTo(window.feedback.paths_panel)
    window.feedback.paths_panel.cancel.click()
    job.wait()
    qtbot.wait(50)
    assert job.state == "cancelled"
    assert not window.feedback.paths_panel.busy.isVisibleTo(window.feedback.paths_panel)
    assert window.feedback.paths_panel.summary.text() == "Cancelled."
    # the busy row is the one way to show work and cancel it: no second, unwired signal
    # on the panel that a caller could connect to in vain
    panel = window.feedback.paths_panel
    assert not hasattr(panel, "cancel_requested") and not hasattr(panel, "set_busy")
    job = paths.start()
    qtbot.waitUntil(lambda: job.state == "done", timeout=WAIT)
    qtbot.wait(50)
    assert not panel.busy.isVisibleTo(panel)  # the finished job hid the row


def test_paths_and_compare_jobs_say_why_they_failed(qtbot, tmp_path, monkeypatch):
    from journeymap.analytics import deltas, paths as paths_module

    window, controller = open_sample(qtbot, tmp_path)
    paths = window.feedback.paths
    qtbot.waitUntil(lambda: bool(paths.variants), timeout=WAIT)

    def broken(*args, **kwargs):
        raise ValueError("the log is torn")

    monkeypatch.setattr(paths_module, "analyse_paths", broken)
    monkeypatch.setattr(deltas, "compare_paths", broken)
    panel = window.feedback.paths_panel
    paths.start().wait()
    qtbot.waitUntil(lambda: not panel.busy.isVisibleTo(panel), timeout=WAIT)
    assert panel.summary.text() == "Could not read the paths: the log is torn"
    panel.compare.split.setCurrentIndex(panel.compare.split.findData("period:M"))
    paths.compare.job.wait()
    qtbot.waitUntil(lambda: not panel.compare.busy.isVisibleTo(panel.compare), timeout=WAIT)
    assert panel.compare.message.text() == "Could not compare: the log is torn"


def test_new_from_event_log_drafts_an_unsaved_journey(qtbot, tmp_path, monkeypatch):
    from journeymap.app.feedback import controller as controller_module
    from journeymap.app.feedback.from_log import new_from_event_log

    warnings = []
    monkeypatch.setattr(controller_module.QMessageBox, "warning",
                        lambda parent, title, text: warnings.append(text))

    window = make_window(qtbot, tmp_path)
    log = SAMPLE.parent / "feedback" / "saas_trial_events.csv"
    assert window.action("new_from_event_log").text().startswith("New from")
    job = new_from_event_log(window.feedback, str(log))
    qtbot.waitUntil(lambda: job.state == "done", timeout=WAIT)
    journey = window.document.journey
    assert validate(journey) == [] and len(journey.touchpoint_ids()) == 39
    assert window.document.path is None
    assert journey.sources[0].role == "events"
    assert set(window.scene.cards) == set(journey.touchpoint_ids())
    # the drafted map's own paths are then read from the attached log
    qtbot.waitUntil(lambda: bool(window.feedback.paths.variants), timeout=WAIT)
    assert window.feedback.paths.fitness > 0.9
    bad = tmp_path / "bad.csv"
    bad.write_text("when,what\n1,2\n")
    before = journey
    job = new_from_event_log(window.feedback, str(bad))
    qtbot.waitUntil(lambda: job.state == "failed", timeout=WAIT)
    assert window.document.journey is before
    assert warnings and "bad.csv" in warnings[0] and "case" in warnings[0]


def device_journey(tmp_path):
    """The line journey of the analytics tests with its device-split log, saved."""
    from journeymap.model import FeedbackSource, save

    from test_analytics_paths import device_log, line_journey

    journey = line_journey()
    journey.add_source(FeedbackSource("log", device_log(tmp_path).name, role="events"))
    path = tmp_path / "line.journey.json"
    save(journey, path)
    return path


def test_compare_tab_says_the_cli_sentences_and_shows_them_on_the_map(qtbot, tmp_path,
                                                                      capsys):
    import json

    from PySide6.QtWidgets import QApplication

    from journeymap.cli import main

    path = device_journey(tmp_path)
    window = make_window(qtbot, tmp_path, load(path), str(path))
    window.document.reset.emit()
    compare = window.feedback.paths.compare
    panel = window.feedback.paths_panel.compare
    qtbot.waitUntil(lambda: panel.split.count() > 1, timeout=WAIT)
    assert [panel.split.itemData(i) for i in range(panel.split.count())] == [
        "", "segment:device", "period:W", "period:M", "period:Q"]
    assert "Choose a split" in panel.message.text()
    window.feedback.paths_panel.tabs.setCurrentWidget(panel)
    # choosing the split computes it in the worker; the two largest groups are compared
    panel.split.setCurrentIndex(panel.split.findData("segment:device"))
    qtbot.waitUntil(lambda: compare.result is not None, timeout=WAIT)
    assert [panel.a.itemText(i) for i in range(panel.a.count())] == [
        "desktop", "mobile", "tablet", "(missing)"]
    assert panel.a.itemData(2, Qt.ItemDataRole.ToolTipRole) == "tablet: 10 cases"
    assert panel.groups() == ("desktop", "mobile")
    # every control is reached from the keyboard: Alt + the underlined letter (the groups once
    # the split is read)
    for key, widget in ((Qt.Key.Key_P, panel.split), (Qt.Key.Key_C, panel.a),
                        (Qt.Key.Key_S, panel.b), (Qt.Key.Key_A, panel.show_all)):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.AltModifier)
        if widget is panel.show_all:   # a check box's own shortcut clicks it (animated)
            qtbot.waitUntil(widget.isChecked, timeout=2000)
            widget.setChecked(False)
        else:
            assert QApplication.focusWidget() is widget
    shown = [panel.sentences.item(i).text() for i in range(panel.sentences.count())]
    assert "significant difference" in panel.message.text()
    # one computation, two faces: the command line says the same, in the same order
    capsys.readouterr()
    assert main(["paths", str(path), "--by", "segment:device", "--compare", "desktop",
                 "mobile", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)["comparison"]["differences"]
    said = [d["sentence"] for d in printed if d["significant"]]
    assert shown == [f"{i}. {s}" for i, s in enumerate(said, 1)]
    assert any("skip 'Step C' 2.2× as often" in s for s in shown)
    # the keyboard walks the sentences; each one lights up its card or arrow
    panel.sentences.setFocus()
    scene = window.scene
    for row in range(panel.sentences.count()):
        panel.sentences.setCurrentRow(row)
        source, target = panel.sentences.item(row).data(Qt.ItemDataRole.UserRole)
        cards = {k for k, c in scene.cards.items() if c.isSelected()}
        edges = {k for k, e in scene.edges.items() if e.isSelected()}
        if not target:
            assert cards == {source} and not edges
        elif (source, target) in scene.edges:
            assert edges == {(source, target)} and not cards
        else:  # walked but not designed: its two cards
            assert cards == {source, target} and not edges
    assert any(not panel.sentences.item(r).data(Qt.ItemDataRole.UserRole)[1]
               for r in range(panel.sentences.count()))
    qtbot.keyClick(panel.sentences, Qt.Key.Key_Home)
    first = panel.sentences.item(0).data(Qt.ItemDataRole.UserRole)
    assert scene.cards[first[0]].isSelected() or scene.edges[tuple(first)].isSelected()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)   # the list kept the keys
    assert panel.sentences.currentRow() == 1
    # the not significant ones on request, marked
    panel.show_all.setChecked(True)
    assert panel.sentences.count() == len(printed)
    assert panel.sentences.item(panel.sentences.count() - 1).text().endswith(
        "not significant")
    # B = tablet: too few cases to compare, said instead of sentences
    result = compare.result
    panel.b.setCurrentIndex(panel.b.findData("tablet"))
    qtbot.waitUntil(lambda: compare.result is not result, timeout=WAIT)
    assert panel.sentences.count() == 0
    assert panel.message.text() == "Too few cases in tablet (10; at least 30 are needed)."
    # a period split of a log from one month: nothing to compare
    result = compare.result
    panel.split.setCurrentIndex(panel.split.findData("period:M"))
    qtbot.waitUntil(lambda: compare.result is not result, timeout=WAIT)
    assert "one group (2026-01)" in panel.message.text()
    assert not panel.a.isEnabled()
    # back to the placeholder: the hint again, nothing running
    panel.split.setCurrentIndex(0)
    assert "Choose a split" in panel.message.text()
    QApplication.processEvents()


def test_compare_tab_without_segment_columns_offers_periods(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    panel = window.feedback.paths_panel.compare
    qtbot.waitUntil(lambda: panel.split.count() > 1, timeout=WAIT)
    assert [panel.split.itemData(i) for i in range(1, panel.split.count())] == [
        "period:W", "period:M", "period:Q"]
    assert panel.message.text().startswith("This log has no segment column")
    compare = window.feedback.paths.compare
    panel.split.setCurrentIndex(panel.split.findData("period:Q"))
    job = compare.job
    assert panel.busy.isVisibleTo(panel)
    panel.busy.cancel.click()
    job.wait()
    qtbot.wait(50)
    assert job.state == "cancelled" and not panel.busy.isVisibleTo(panel)
    assert panel.message.text() == "Cancelled."
    compare.start()
    qtbot.waitUntil(lambda: compare.result is not None, timeout=WAIT)
    assert panel.groups() == ("2026Q2", "2026Q3")   # the two largest quarters
    assert "compared; 2026Q3 943 cases, 2026Q2 1,505." in panel.message.text()
