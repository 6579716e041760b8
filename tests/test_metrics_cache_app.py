"""The metrics cache in the app: the online-order sample opens with its cards coloured at
first paint, before the live analysis has finished; the saved metrics are never called out
of date for an unchanged sample, a copied one, or a touched file; a changed byte is."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from journeymap.model import load, save

from process_helpers import fresh_python, tagged_line
from test_app_helpers import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_journeys"
SAMPLE = SAMPLES / "online_order.journey.json"
WAIT = 30_000
OUT_OF_DATE = "out of date"


@pytest.fixture(autouse=True)
def _no_leftover_threads():
    yield
    from journeymap.app.feedback.worker import stop_all

    stop_all()


# What a new user's first launch paints, in a process of its own (as the README's quick
# start opens the sample): at the first paint of the canvas, the heat each card holds, the
# colour the card is drawn in, and whether the live analysis had finished.
PROBE = r"""
import json, sys
from collections import Counter
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from journeymap.app.mainwindow import MainWindow
window = MainWindow(offer_recovery=False)
window.resize(1600, 1000)
window.open_path(sys.argv[1], interactive=False)
controller = window.feedback.controller
seen = {}

def drawn_colours():
    # the most common colour inside each card, as the viewport draws it now
    image = window.view.viewport().grab().toImage()
    out = {}
    for key, card in window.scene.cards.items():
        rect = window.view.mapFromScene(card.sceneBoundingRect()).boundingRect()
        inner = rect.adjusted(rect.width() // 5, rect.height() // 5,
                              -rect.width() // 5, -rect.height() // 5)
        if not image.rect().contains(inner) or inner.width() < 4 or inner.height() < 4:
            continue
        counts = Counter(image.pixelColor(x, y).name()
                         for x in range(inner.left(), inner.right(), 2)
                         for y in range(inner.top(), inner.bottom(), 2))
        out[key] = counts.most_common(1)[0][0]
    return out

def after_first_paint():
    seen["live_after_paint"] = controller.live
    seen["drawn"] = drawn_colours()
    seen["status_at_first_paint"] = window.feedback.heat_panel.status.text()

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "heat" not in seen:
            seen["live_at_paint"] = controller.live
            seen["pandas_at_paint"] = "pandas" in sys.modules
            seen["heat"] = {k: list(c.heat) if c.heat else None
                            for k, c in window.scene.cards.items()}
            QTimer.singleShot(0, after_first_paint)
        return False

probe = FirstPaint()
window.view.viewport().installEventFilter(probe)
window.show()

def finish():
    if window.feedback.busy or "drawn" not in seen:
        QTimer.singleShot(50, finish)
        return
    seen["live_heat"] = {k: list(c.heat) if c.heat else None
                         for k, c in window.scene.cards.items()}
    seen["live_at_end"] = controller.live
    seen["status_at_end"] = window.feedback.heat_panel.status.text()
    print("PROBE" + json.dumps(seen))
    window.close_without_asking()
    app.quit()

QTimer.singleShot(100, finish)
app.exec()
"""


def test_the_sample_opens_with_coloured_cards_before_the_analysis_finishes(tmp_path):
    seen = tagged_line(fresh_python(PROBE, str(SAMPLE), home=tmp_path), "PROBE")
    # painted from the saved metrics: nothing analysed, pandas not even loaded
    assert seen["live_at_paint"] is False and seen["pandas_at_paint"] is False
    assert seen["live_after_paint"] is False
    journey = load(SAMPLE)
    assert all(seen["heat"][tp.id] is not None for tp in journey.touchpoints())
    from journeymap.app import theme

    # the cards in sight at 100% (the first stage) are drawn in their heat colours
    drawn = seen["drawn"]
    compared = [k for k in drawn if not seen["heat"][k][3]]  # hatched: a pattern on top
    assert len(compared) >= 5
    for key in compared:
        assert drawn[key] == seen["heat"][key][0].lower(), key
        assert drawn[key] != theme.CARD.lower()
    measured = {drawn[k] for k in compared if seen["heat"][k][1] != "no data"}
    assert len(measured) >= 3, "a heat scale, not one colour"
    assert "Showing the metrics saved with the map (" in seen["status_at_first_paint"]
    assert "Sep 2026" in seen["status_at_first_paint"] or "Oct 2026" in seen["status_at_first_paint"]
    # the live analysis came and agrees with what was saved, which is not out of date
    assert seen["live_at_end"] is True
    assert seen["live_heat"] == seen["heat"]
    assert "rows kept" in seen["status_at_end"]
    assert OUT_OF_DATE not in seen["status_at_end"]


def open_and_analyse(qtbot, tmp_path, path: Path):
    window = make_window(qtbot, tmp_path, load(path), str(path))
    window.document.reset.emit()  # as opening a file does
    controller = window.feedback.controller
    qtbot.waitUntil(lambda: controller.live, timeout=WAIT)
    return window, controller


def copy_sample(folder: Path) -> Path:
    """The online-order sample and its data copied to ``folder`` with new times (as a
    copy, a download or a git checkout leaves them)."""
    (folder / "feedback").mkdir(parents=True)
    journey = load(SAMPLE)
    for source in journey.sources:
        target = source.resolve(folder)
        shutil.copy(source.resolve(SAMPLE.parent), target)
        os.utime(target, ns=(2 * 10**18, 2 * 10**18))
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    return folder / SAMPLE.name


def test_a_copied_journey_keeps_its_saved_metrics_fresh(qtbot, tmp_path):
    path = copy_sample(tmp_path / "elsewhere")
    window, controller = open_and_analyse(qtbot, tmp_path, path)
    status = window.feedback.heat_panel.status.text()
    assert "rows kept" in status and OUT_OF_DATE not in status
    assert controller.live_fingerprint == window.document.journey.metrics_cache["fingerprint"]


def test_a_changed_byte_makes_the_saved_metrics_out_of_date(qtbot, tmp_path):
    path = copy_sample(tmp_path / "changed")
    survey = path.parent / "feedback" / "online_order_survey.csv"
    lines = survey.read_text(encoding="utf-8").splitlines(keepends=True)
    survey.write_text("".join(lines[:-1]), encoding="utf-8")  # one response fewer
    window, controller = open_and_analyse(qtbot, tmp_path, path)
    assert OUT_OF_DATE in window.feedback.heat_panel.status.text()
    refresh = controller.refresh()  # stores the metrics of the data as it is now
    qtbot.waitUntil(lambda: refresh.state == "done", timeout=WAIT)
    assert OUT_OF_DATE not in window.feedback.heat_panel.status.text()


def test_a_cache_with_an_old_time_based_fingerprint_is_stale_once(qtbot, tmp_path):
    """Journeys saved before content fingerprints open with their heat, and say once that
    the saved metrics are out of date; a Refresh stores a content fingerprint."""
    journey = load(SAMPLE)
    journey.metrics_cache = {**journey.metrics_cache, "fingerprint": "3f2c9a0b1d4e5f67"}
    (tmp_path / "feedback").symlink_to(SAMPLE.parent / "feedback")
    path = tmp_path / "old.journey.json"
    save(journey, path)
    window, controller = open_and_analyse(qtbot, tmp_path, path)
    assert OUT_OF_DATE in window.feedback.heat_panel.status.text()
    refresh = controller.refresh()
    qtbot.waitUntil(lambda: refresh.state == "done", timeout=WAIT)
    assert OUT_OF_DATE not in window.feedback.heat_panel.status.text()
    save(window.document.journey, path)
    window2, _ = open_and_analyse(qtbot, tmp_path / "again", path)
    assert OUT_OF_DATE not in window2.feedback.heat_panel.status.text()


def test_a_touched_source_file_is_no_change_a_changed_byte_is(qtbot, tmp_path):
    path = copy_sample(tmp_path / "watched")
    window, controller = open_and_analyse(qtbot, tmp_path, path)
    survey = str(path.parent / "feedback" / "online_order_survey.csv")
    assert survey in controller.watcher.files()
    with qtbot.waitSignal(controller.watcher.fileChanged, timeout=WAIT):
        os.utime(survey, ns=(3 * 10**18, 3 * 10**18))  # touch: a new time, the same bytes
    qtbot.waitUntil(lambda: not controller.check_jobs, timeout=WAIT)
    qtbot.wait(50)
    assert not controller.stale_files
    assert "changed on disk" not in window.feedback.heat_panel.status.text()
    data = Path(survey).read_bytes()
    at = data.index(b"\n", 100) - 1  # the last character of a line, same size
    replacement = b"0" if data[at:at + 1] != b"0" else b"1"
    with qtbot.waitSignal(controller.watcher.fileChanged, timeout=WAIT):
        Path(survey).write_bytes(data[:at] + replacement + data[at + 1:])
    qtbot.waitUntil(lambda: survey in controller.stale_files, timeout=WAIT)
    assert "changed on disk" in window.feedback.heat_panel.status.text()


def test_a_deleted_source_file_leaves_the_saved_heat_and_says_so_after_every_edit(
        qtbot, tmp_path):
    path = copy_sample(tmp_path / "deleted")
    events = path.parent / "feedback" / "online_order_events.csv"
    events.unlink()
    window = make_window(qtbot, tmp_path, load(path), str(path))
    window.document.reset.emit()  # as opening a file does
    controller = window.feedback.controller
    status = window.feedback.heat_panel.status
    qtbot.waitUntil(lambda: "Could not read" in status.text(), timeout=WAIT)

    def says_why() -> None:
        text = status.text()
        assert f"{events}: no such file" in text
        assert "Showing the metrics saved with the map (" in text
        assert "reading the sources" not in text  # nothing is being read
        assert not controller.live and controller.evidence is not None

    says_why()
    # the status is rebuilt after an edit: it used to forget the failure and claim the
    # sources were being read
    window.document.apply("Retitle", lambda j: j.update_journey(title="Retitled"))
    says_why()
    shutil.copy(SAMPLE.parent / "feedback" / events.name, events)
    controller.analyse_in_background()
    qtbot.waitUntil(lambda: controller.live, timeout=WAIT)
    assert "Could not read" not in status.text() and "rows kept" in status.text()


def test_a_refresh_that_cannot_read_a_source_says_refresh_not_import(
        qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    path = copy_sample(tmp_path / "refresh")
    window, controller = open_and_analyse(qtbot, tmp_path, path)
    events = path.parent / "feedback" / "online_order_events.csv"
    events.unlink()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    cache = window.document.journey.metrics_cache
    job = controller.refresh()
    qtbot.waitUntil(lambda: job.state == "failed", timeout=WAIT)
    assert shown == [f"Could not refresh:\n{events}: no such file"]
    assert window.document.journey.metrics_cache is cache  # the saved metrics are kept
