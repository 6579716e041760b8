"""Panels that agree: the ranking sorted by what it shows, a click that brings the card into
view at a readable size, one chosen segment for cards, ranking, feedback rows and heatmaps,
and heatmaps that open fitted, zoom, and open in a window of their own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from test_app_feedback import WAIT, _no_leftover_threads, open_sample  # noqa: F401 (fixture)
from test_app_helpers import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


def column(panel, index: int) -> list[str]:
    return [panel.topLevelItem(i).text(index) for i in range(panel.topLevelItemCount())]


def test_ranking_reads_in_the_order_it_is_sorted_and_says_why(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    panel = window.feedback.friction_panel
    assert panel.sortColumn() == 3
    lows = [float(text.split(" to ")[0]) for text in column(panel, 3)]
    assert lows == sorted(lows, reverse=True)           # the interval column, by its first number
    assert [int(r) for r in column(panel, 0)] == list(range(1, len(lows) + 1))
    assert "lower end" in panel.headerItem().toolTip(3)
    assert "lower end" in panel.headerItem().toolTip(0)
    panel.sortByColumn(2, Qt.SortOrder.DescendingOrder)   # a click on "Friction"
    values = [float(v) for v in column(panel, 2)]
    assert values == sorted(values, reverse=True)
    panel.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    counts = [int(v.replace(",", "")) for v in column(panel, 4)]
    assert counts == sorted(counts)


def test_a_click_in_the_ranking_centres_the_card_at_a_readable_zoom(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    view = window.view
    view.set_zoom(0.25)
    view.horizontalScrollBar().setValue(0)
    panel = window.feedback.friction_panel
    item = panel.topLevelItem(panel.topLevelItemCount() - 1)
    key = item.data(0, Qt.ItemDataRole.UserRole)
    panel.scrollToItem(item)
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.visualItemRect(item).center())
    assert window.scene.selected_touchpoints() == [key]
    assert view.zoom() >= 0.9
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.cards[key].sceneBoundingRect())


def test_a_chosen_segment_applies_to_ranking_feedback_rows_and_heatmaps(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    controller.set_breakdown("segment:device")
    qtbot.waitUntil(lambda: controller.analysis_by is not None, timeout=WAIT)
    controller.set_group("mobile web")
    group = controller.analysis_by.for_group("mobile web")
    panel = window.feedback.friction_panel
    assert panel.keys() == list(group.friction_ranking["touchpoint"])
    assert panel.keys() != list(controller.analysis.friction_ranking["touchpoint"])
    assert "mobile web" in panel.headerItem().text(1)
    # the cards show the same friction as the ranking's first row
    first = panel.topLevelItem(0)
    key = first.data(0, Qt.ItemDataRole.UserRole)
    assert window.scene.cards[key].heat[1].lstrip("≠ ").startswith(first.text(2))
    # the feedback rows behind a card are the segment's
    window.scene.select_keys(["three-ds"])
    rows = group.rows
    expected = int((rows["touchpoint"] == "three-ds").sum())
    feedback = window.feedback.feedback_panel
    assert feedback.model.rowCount() == expected
    assert "mobile web" in feedback.title.text()
    everyone = int((controller.analysis.rows["touchpoint"] == "three-ds").sum())
    assert expected < everyone
    # the heatmaps too
    heatmap = window.feedback.heatmap
    window.feedback.docks["Heatmaps"].raise_()
    qtbot.waitUntil(lambda: heatmap.figure is not None and not heatmap.job.active, timeout=WAIT)
    assert "mobile web" in heatmap.message.text()
    assert controller.shown_analysis() is not controller.analysis
    # back to everyone: every panel follows
    controller.set_breakdown("")
    assert panel.keys() == list(controller.analysis.friction_ranking["touchpoint"])
    assert feedback.model.rowCount() == everyone


def test_heatmaps_open_fitted_zoom_and_open_in_a_window(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    heatmap = window.feedback.heatmap
    window.feedback.docks["Heatmaps"].raise_()
    qtbot.waitUntil(lambda: heatmap.figure is not None, timeout=WAIT)
    picture = heatmap.image
    assert fits_its_width(picture)
    fitted = picture.zoom()
    assert fitted < 1.0
    centre = picture.viewport().rect().center()
    wheel = QWheelEvent(QPointF(centre), QPointF(picture.viewport().mapToGlobal(centre)),
                        QPoint(), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(picture.viewport(), wheel)
    assert picture.zoom() > fitted * 1.3 and not picture.fitted
    heatmap.fit_button.click()
    assert picture.fitted and abs(picture.zoom() - fitted) < 1e-6
    own = heatmap.open_window()
    qtbot.addWidget(own)
    qtbot.waitExposed(own)
    assert own.picture.pixmap().cacheKey() == picture.pixmap().cacheKey()
    assert own.width() > picture.width()
    assert fits_its_width(own.picture)
    own.close()


def fits_its_width(picture) -> bool:
    """Fitted: the whole width in sight from the top (and the whole picture unless that
    would make it tiny), never above 100%."""
    shown = picture.mapToScene(picture.viewport().rect()).boundingRect()
    item = picture.item.boundingRect()
    return (shown.left() <= item.left() + 1 and shown.right() >= item.right() - 1
            and shown.top() <= item.top() + 1 and picture.zoom() <= 1.0)


def test_a_short_picture_fits_whole_and_a_tall_one_its_width(qtbot):
    from PySide6.QtGui import QPixmap

    from journeymap.app.feedback.picture import PictureView

    view = PictureView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    wide = QPixmap(800, 300)
    view.set_pixmap(wide)
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(view.item.boundingRect().adjusted(1, 1, -1, -1))
    tall = QPixmap(800, 4000)
    view.set_pixmap(tall)
    assert fits_its_width(view)
    assert view.zoom() > 0.4
