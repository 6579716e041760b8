"""The decision views in the app: opportunities (panel, dialog, Inspector, undo, export), key
drivers (computed in the background, fed to the friction tooltip), evidence badges with the
filter and the disagreements, and comment themes in the Feedback panel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from journeymap.model import Opportunity, load, to_document
from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)

SAMPLES = Path(__file__).resolve().parents[1] / "sample_journeys"
WAIT = 60_000


@pytest.fixture(autouse=True)
def _no_leftover_threads():
    yield
    from journeymap.app.feedback.worker import stop_all

    stop_all()


def titles(panel) -> list[str]:
    return [panel.tree.topLevelItem(i).text(2) for i in range(panel.tree.topLevelItemCount())]


def test_opportunities_are_added_edited_ranked_and_undone(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    panel = window.decisions.opportunities
    before = to_document(journey)
    assert titles(panel) == ["Text the slot"]
    # the Inspector starts one for the selected card
    window.scene.select_keys(["courier-calls"])
    inspector = window.inspector
    assert "Text the slot" in inspector.tp_opportunities.text()
    inspector.tp_new_opportunity.click()
    dialog = panel.dialog
    assert dialog.linked() == ["courier-calls"]
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # a title first
    dialog.title.setText("Call ahead")
    for box, value in ((dialog.customer_value, 4), (dialog.business_value, 2),
                       (dialog.effort, 2)):
        box.setValue(value)
    dialog.confidence.setCurrentIndex(dialog.confidence.findData(0.8))
    assert "2.4" in dialog.priority.text()  # (4 + 2) × 0.8 ÷ 2
    dialog.pains.item(0).setCheckState(Qt.CheckState.Checked)
    ok.click()
    added = [o for o in journey.opportunities if o.title == "Call ahead"][0]
    assert (added.touchpoints, added.pain_points, added.priority) == (
        ["courier-calls"], ["Too slow"], pytest.approx(2.4))
    assert titles(panel) == ["Call ahead", "Text the slot"]  # scored before unscored
    assert window.scene.cards["courier-calls"].opportunities == ["Text the slot", "Call ahead"]
    # edit: a double click opens the dialog on it
    panel.tree.setCurrentItem(panel.tree.topLevelItem(1))
    panel.tree.topLevelItem(1).setSelected(True)
    dialog = panel.edit_selected()
    dialog.status.setCurrentText("planned")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert journey.opportunity("text-slot").status == "planned"
    # delete, then undo every step back to the start
    panel._select("text-slot")
    panel.delete_selected()
    assert titles(panel) == ["Call ahead"]
    assert window.document.undo_stack.count() == 3
    while window.document.undo_stack.canUndo():
        window.action("undo").trigger()
    assert to_document(journey) == before
    assert titles(panel) == ["Text the slot"]


def test_export_for_a_backlog_tool(qtbot, tmp_path):
    journey = make_journey()
    journey.add_opportunity(Opportunity("o2", "Live map", touchpoints=["track-parcel"],
                                        customer_value=5, business_value=3, effort=3,
                                        confidence=1.0))
    window = make_window(qtbot, tmp_path, journey)
    assert window.decisions.export_opportunities(str(tmp_path / "backlog.xlsx"))
    sheet = pd.read_excel(tmp_path / "backlog.xlsx", sheet_name="Opportunities")
    assert list(sheet["title"]) == ["Live map", "Text the slot"]
    assert not window.decisions.export_opportunities(str(tmp_path / "backlog.txt"))


def test_drivers_evidence_and_themes_on_the_air_trip(qtbot, tmp_path):
    path = SAMPLES / "air_trip.journey.json"
    window = make_window(qtbot, tmp_path, load(path), str(path))
    window.document.reset.emit()
    controller = window.feedback.controller
    qtbot.waitUntil(lambda: controller.live, timeout=WAIT)
    decisions = window.decisions
    # evidence: badges, counts, the disagreements of sample_journeys/README.md
    evidence = decisions.evidence
    levels = {level for level, _ in evidence.levels.values()}
    assert levels == {"data-backed", "thin", "assumed"}
    card = window.scene.cards["online-checkin"]
    assert card.evidence is not None and card.evidence[0] == "◐"
    about = {evidence.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
             for i in range(evidence.tree.topLevelItemCount())}
    assert {"online-checkin", "cabin-service"} <= about
    assert controller.heat_panel.legend.evidence
    evidence.filter.setCurrentIndex(evidence.filter.findData("thin"))
    assert card.opacity() == 1.0
    assert window.scene.cards["security"].opacity() < 1.0
    evidence.badges.setChecked(False)
    assert card.evidence is None and not controller.heat_panel.legend.evidence
    # key drivers: the outcome column is found, the model computed in the background
    drivers = decisions.drivers
    qtbot.waitUntil(lambda: drivers.outcome.count() > 0, timeout=WAIT)
    assert drivers.outcome.currentText() == "overall_satisfaction"
    drivers.compute()
    qtbot.waitUntil(lambda: drivers.result is not None, timeout=WAIT)
    assert drivers.result.touchpoints["touchpoint"].iloc[0] == "online-checkin"
    assert not drivers.image.original.isNull()
    friction = controller.friction_panel
    row = next(friction.topLevelItem(i) for i in range(friction.topLevelItemCount())
               if friction.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == "online-checkin")
    assert "Key driver: weight" in row.toolTip(1)
    assert drivers.export(str(tmp_path / "quadrant.svg"))
    assert (tmp_path / "quadrant.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    # comment themes of the selected card
    window.scene.select_keys(["online-checkin"])
    qtbot.waitUntil(lambda: "online-checkin" in decisions.themes.cache, timeout=WAIT)
    assert "Comment themes" in decisions.themes.text()
    assert decisions.themes.cache["online-checkin"][0]["quote_1"]
