"""The welcome: at first launch and for File ▸ New, recent files, the samples and the
templates; each template is a real journey file that opens as a new, unsaved journey."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from journeymap.app import welcome
from journeymap.model import load, save

from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)

EXPECTED_TEMPLATES = {"E-commerce order", "SaaS onboarding", "Support contact",
                      "Service blueprint"}


def test_templates_are_journeys_with_the_blueprint_lanes():
    found = welcome.templates()
    assert {load(p).title for p in found} == EXPECTED_TEMPLATES
    assert [p.name.removesuffix(".journey.json") for p in found] == list(welcome.TEMPLATE_ORDER)
    for path in found:
        journey = load(path)
        assert [lane.id for lane in journey.lanes] == ["customer", "frontstage", "backstage",
                                                      "support"]
        assert len(journey.stages) >= 5 and not journey.sources and journey.description
    blank = load(welcome.TEMPLATES / "service_blueprint.journey.json")
    assert len(blank) == 0
    order = load(welcome.TEMPLATES / "ecommerce_order.journey.json")
    assert len(order) >= 15 and order.transitions()


def offered(qtbot, window) -> QDialog:
    window.action("new").trigger()
    dialog = window.findChild(QDialog, "welcome")
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    return dialog


def test_new_offers_recent_files_samples_and_templates(qtbot, tmp_path):
    recent = tmp_path / "mine.journey.json"
    save(make_journey(), recent)
    window = make_window(qtbot, tmp_path, make_journey())
    window.open_path(str(recent))
    dialog = offered(qtbot, window)
    assert dialog.entries("recent") == [("open", str(recent.resolve()))]
    assert len(dialog.entries("samples")) == len(welcome.samples()) >= 3
    assert [p for _, p in dialog.entries("templates")] == [str(p) for p in welcome.templates()]
    # a double-click on a template: a new, unsaved journey copied from it
    templates = dialog.lists["templates"]
    item = templates.item(1)
    rect = templates.visualItemRect(item)
    qtbot.mouseClick(templates.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(templates.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.document.journey.title == "SaaS onboarding"
    assert window.document.path is None
    assert window.scene.cards and not dialog.isVisible()


def test_recent_file_and_the_open_button(qtbot, tmp_path):
    recent = tmp_path / "mine.journey.json"
    save(make_journey(), recent)
    window = make_window(qtbot, tmp_path)
    window.open_path(str(recent))
    window.new_blank()
    dialog = offered(qtbot, window)
    assert not dialog.open_button.isEnabled()
    dialog.lists["recent"].setCurrentRow(0)
    assert dialog.open_button.isEnabled()
    dialog.lists["samples"].setCurrentRow(0)  # one selection across the lists
    assert dialog.lists["recent"].currentRow() == -1
    dialog.lists["recent"].setCurrentRow(0)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert window.document.path == str(recent.resolve())


def test_first_launch_shows_it_and_it_can_be_turned_off(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    dialog = welcome.offer_at_start(window)
    assert dialog is not None and dialog.isVisible()
    dialog.show_at_start.setChecked(False)
    dialog.reject()
    assert not welcome.shows_at_start(window.settings)
    assert welcome.offer_at_start(window) is None
    # a journey already on screen (recovered, or opened) is left alone
    window.settings.setValue(welcome.SHOW_AT_START, True)
    window.editor.add_touchpoint()
    assert welcome.offer_at_start(window) is None


def test_samples_open_as_new_journeys(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    dialog = offered(qtbot, window)
    action, path = dialog.entries("samples")[0]
    assert action == "copy"
    dialog.choose(action, path)
    assert window.document.path is None and len(window.document.journey) >= 20
