"""Soak: a monkey makes random gestures on the real window (add, connect, move, delete,
rename, duplicate, paste a list, import feedback, undo, redo, present, export) with no
exception and no Qt warning (both fail a test here), and undoing everything gives back the
start exactly (issue 13).

Short in CI; by hand, for thousands of actions::

    JOURNEYMAP_SOAK_ACTIONS=5000 .venv/bin/python -m pytest tests/test_app_soak.py -q -s
"""

from __future__ import annotations

import os
import random
import time

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from journeymap.model import FeedbackSource, load, save, to_document

from conftest import SAMPLES
from test_app_helpers import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)
ACTIONS = int(os.environ.get("JOURNEYMAP_SOAK_ACTIONS", "120"))
SEED = int(os.environ.get("JOURNEYMAP_SOAK_SEED", "13"))
LABELS = ["Call centre", "Chat bot", "É-mail confirmation", "", "x" * 120, "订单", "a\tb",
          "Return label 📦", "  spaced  "]


@pytest.fixture(autouse=True)
def _no_leftover_threads():
    yield
    from journeymap.app.feedback.worker import stop_all

    stop_all()


class Monkey:
    """Random gestures through the window's own editing, undo and presentation paths."""

    def __init__(self, window, qtbot, rng: random.Random, folder, survey: FeedbackSource):
        self.window, self.qtbot, self.rng, self.folder = window, qtbot, rng, folder
        self.survey = survey
        self.counts: dict[str, int] = {}

    def keys(self) -> list[str]:
        return self.window.document.journey.touchpoint_ids()

    def some(self, most: int = 3) -> list[str]:
        keys = self.keys()
        return self.rng.sample(keys, min(len(keys), self.rng.randint(1, most))) if keys else []

    def act(self) -> None:
        gestures = [("add", 8), ("connect", 8), ("move", 8), ("nudge", 5), ("delete", 4),
                    ("rename", 8), ("duplicate", 3), ("paste", 2), ("undo", 10), ("redo", 6),
                    ("layout", 2), ("present", 1), ("export", 1), ("import", 1)]
        name = self.rng.choices([g for g, _ in gestures], [w for _, w in gestures])[0]
        self.counts[name] = self.counts.get(name, 0) + 1
        getattr(self, name.replace("import", "import_"))()

    def add(self) -> None:
        grid = self.window.scene.grid
        if grid.stages:
            stage, lane = self.rng.choice(grid.stages), self.rng.choice(grid.lanes)
            self.window.editor.add_touchpoint_at(stage.centre, lane.centre, rename=False)

    def connect(self) -> None:
        keys = self.keys()
        if keys:
            self.window.editor.connect(self.rng.choice(keys), self.rng.choice(keys),
                                       self.rng.choice(["expected", "failure", "recovery"]))

    def move(self) -> None:
        grid, keys = self.window.scene.grid, self.keys()
        if keys and grid.stages:
            stage, lane = self.rng.choice(grid.stages), self.rng.choice(grid.lanes)
            x = self.rng.uniform(stage.start, stage.end - 1)
            self.window.editor.drop_cards({self.rng.choice(keys): (x, lane.centre)})

    def nudge(self) -> None:
        chosen = self.some()
        if chosen:
            self.window.editor.nudge(sorted(chosen, key=self.keys().index),
                                     *self.rng.choice([(-1, 0), (1, 0), (0, -1), (0, 1)]))

    def delete(self) -> None:
        chosen = self.some()
        if chosen:
            self.window.scene.select_keys(set(chosen))
            self.window.editor.delete_selection()

    def rename(self) -> None:
        keys = self.keys()
        if keys:
            self.window.editor.rename(self.rng.choice(keys), self.rng.choice(LABELS) or "x")

    def duplicate(self) -> None:
        chosen = self.some()
        if chosen:
            self.window.scene.select_keys(set(chosen))
            self.window.editor.duplicate()

    def paste(self) -> None:  # a list of sticky notes from another tool
        mime = QMimeData()
        mime.setText("\n".join(self.rng.sample(LABELS, 3)))
        QGuiApplication.clipboard().setMimeData(mime)
        self.window.editor.paste()

    def undo(self) -> None:
        self.window.document.undo_stack.undo()

    def redo(self) -> None:
        self.window.document.undo_stack.redo()

    def layout(self) -> None:
        self.window.editor.auto_layout()

    def present(self) -> None:
        presenter = self.window.presenter
        presenter.start()
        for _ in range(self.rng.randint(1, 4)):
            presenter.step(self.rng.choice([-1, 1]))
            self.qtbot.wait(5)
        presenter.stop()
        self.qtbot.wait(5)

    def export(self) -> None:
        from journeymap.app.export import export

        path = self.folder / f"soak.{self.rng.choice(['png', 'svg'])}"
        export(self.window.scene, path, scale=0.5)
        assert path.stat().st_size > 0

    def import_(self) -> None:
        controller = self.window.feedback.controller
        source = FeedbackSource(**{**self.survey.__dict__})
        source.id = self.window.document.journey.new_id("survey")
        job = controller.attach(source)
        self.qtbot.waitUntil(lambda: job.state in ("done", "failed"), timeout=60_000)
        assert job.state == "done", job.error
        assert source.id in {s.id for s in self.window.document.journey.sources}


def test_random_gestures_leave_no_exception_and_undo_all_restores_the_start(qtbot, tmp_path):
    journey = load(SAMPLES / "online_order.journey.json")
    survey = journey.source("survey")
    for source in list(journey.sources):
        journey.remove_source(source.id)
    journey.metrics_cache = None
    (tmp_path / "feedback").mkdir()
    lines = (SAMPLES / survey.path).read_text(encoding="utf-8").splitlines()[:300]
    (tmp_path / survey.path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = tmp_path / "soak.journey.json"
    save(journey, path)
    window = make_window(qtbot, tmp_path, load(path), str(path))
    start = to_document(window.document.journey)
    monkey = Monkey(window, qtbot, random.Random(SEED), tmp_path, survey)
    started = time.perf_counter()
    for i in range(ACTIONS):
        monkey.act()
        if i % 20 == 0:
            qtbot.wait(1)  # let queued paints and timers run, as a user's pauses do
    stack = window.document.undo_stack
    stack.setIndex(0)
    assert to_document(window.document.journey) == start
    assert set(window.scene.cards) == set(window.document.journey.touchpoint_ids())
    assert set(window.scene.edges) == {t.key for t in window.document.journey.transitions()}
    print(f"\nsoak: {ACTIONS} actions in {time.perf_counter() - started:.1f} s, seed {SEED}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(monkey.counts.items())))
