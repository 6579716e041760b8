"""Shared helpers for the app tests (no tests here): windows with private settings, sample
journeys built in code, and mouse helpers that drive the real canvas."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from journeymap.model import Journey, Opportunity, Stage, Touchpoint, Transition

#: What the offscreen platform says about itself (not our bug): top-level windows ask it to
#: pass size hints to a window manager it does not have.
OFFSCREEN_NOISE = (r"This plugin does not support propagateSizeHints\(\)",)


def make_journey() -> Journey:
    """A small journey: 3 stages, 5 touchpoints over two lanes, a branch and a loop."""
    j = Journey("Parcel delivery", "A test journey")
    for name in ("Order", "Deliver", "Return"):
        j.add_stage(Stage(j.new_id(name), name))
    specs = [("order", "Place order", "web", "customer", 1),
             ("order", "Confirmation email", "email", "frontstage", 0),
             ("deliver", "Track parcel", "app", "customer", -1),
             ("deliver", "Courier calls", "phone", "frontstage", -2),
             ("return", "Start a return", "web", "customer", -1)]
    for stage, label, channel, lane, emotion in specs:
        j.add_touchpoint(Touchpoint(j.new_id(label), label, stage=stage, channel=channel,
                                    lane=lane, emotion=emotion,
                                    pain_points=["Too slow"] if emotion < -1 else [],
                                    notes=["'Where is it?'"] if label == "Track parcel" else []))
    j.add_opportunity(Opportunity("text-slot", "Text the slot",
                                  touchpoints=["track-parcel", "courier-calls"]))
    j.connect(Transition("place-order", "confirmation-email"))
    j.connect(Transition("confirmation-email", "track-parcel"))
    j.connect(Transition("track-parcel", "courier-calls", "alternative", "no show"))
    j.connect(Transition("courier-calls", "track-parcel", "recovery"))
    j.connect(Transition("track-parcel", "start-a-return", "failure"))
    return j


def reopened(qtbot, tmp_path: Path, window, settings: QSettings):
    """A new window started as the app starts, from ``window``'s size and panels saved in
    ``settings`` (as at exit), once any sizing queued for after its first show has run."""
    from journeymap.app.mainwindow import MainWindow

    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    again = MainWindow(offer_recovery=False, settings=settings,
                       recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(again)
    again.show_restored()
    qtbot.waitExposed(again)
    qtbot.wait(100)
    return again


def make_window(qtbot, tmp_path: Path, journey: Journey | None = None, path: str | None = None):
    """A main window with settings in ``tmp_path``, registered with qtbot and shown."""
    from journeymap.app.mainwindow import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(journey, path, offer_recovery=False, settings=settings,
                        recovery_dir=tmp_path / "recovery")
    # closing a modified window asks a modal question: tests close it as saved
    qtbot.addWidget(window, before_close_func=lambda w: w.document.undo_stack.setClean())
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    window.view.fit()  # the whole map in sight, headers not frozen over cells
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.view.setFocus()
    return window


def view_point(window, scene_pos: QPointF) -> QPoint:
    return window.view.mapFromScene(scene_pos)


def card_point(window, key: str, dx: float = 0.0, dy: float = 0.0) -> QPoint:
    card = window.scene.cards[key]
    return view_point(window, card.mapToScene(QPointF(dx, dy)))


def drag(qtbot, window, start: QPoint, end: QPoint, steps: int = 6,
         button=Qt.MouseButton.LeftButton) -> None:
    """Press at ``start``, move in steps, release at ``end`` (real mouse events)."""
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, button, pos=start)
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        move = QMouseEvent(QMouseEvent.Type.MouseMove, QPointF(p), QPointF(viewport.mapToGlobal(p)),
                           Qt.MouseButton.NoButton, button, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, move)
    qtbot.mouseRelease(viewport, button, pos=end)
