"""Benchmark the app (run by hand, not in CI):

1. the largest sample journey, from process start to the window's first paint (target < 0.8 s),
   and whether pandas or matplotlib were imported by then (they must not be);
2. a synthetic 2,000-touchpoint journey: load + window + first paint (target < 1 s);
3. time per frame while panning at 100% zoom (issue 17: < 8 ms with branches everywhere),
   against a floor (the same view, cards and arrows hidden), with the scene's BSP index and
   with no index. Alone: ``bench_app.py big bsp any`` (index bsp|none, reach N|any);
   the first paint alone: ``bench_app.py paint``.

    .venv/bin/python benchmarks/bench_app.py
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pairs import ratio, report  # noqa: E402

#: What both children do at their first paint: call done() once the event loop is back.
FIRST_PAINT = r"""
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, done)
        return False
"""

CHILD = r"""
import sys, time
import journeymap.app  # first, as `journeymap FILE` does: it decides what loads before Qt
from PySide6.QtCore import QEvent, QObject, QTimer
import journeymap.app.application as application
app = application.application()
if sys.argv[2] == "without-feedback":  # to tell the editor's share from the feedback side's
    # (the heat, its toolbar and legend, the docks' shells; their contents come after the paint)
    import journeymap.app.decisions as decisions
    import journeymap.app.feedback as feedback
    feedback.install_feedback = lambda window: None
    decisions.install_decisions = lambda window: None  # it builds on the feedback panels
from journeymap.app.mainwindow import MainWindow
window = MainWindow(offer_recovery=False)
window.open_path(sys.argv[1], interactive=False)
window.resize(1480, 900)

""" + FIRST_PAINT + r"""

def done():
    heavy = sorted(m for m in ("pandas", "matplotlib", "jsonschema") if m in sys.modules)
    print(f"{time.time():.6f} {time.process_time():.6f} {','.join(heavy) or '-'}", flush=True)
    window.close_without_asking()
    app.quit()

watcher = FirstPaint()
window.view.viewport().installEventFilter(watcher)
window.show()
app.exec()
"""


#: The floor: an empty PySide6 main window of the same size, from process start to its
#: first paint.
EMPTY = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1480, 900)

""" + FIRST_PAINT + r"""

def done():
    print(f"{time.time():.6f} {time.process_time():.6f} -", flush=True)
    app.quit()

watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""


def _child_env() -> dict[str, str]:
    """The children's environment: bytecode cached (outside the tree) as an installed
    package has it, whatever PYTHONDONTWRITEBYTECODE says here."""
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "journeymap-bench-pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _until_first_paint(code: str, *args: str) -> tuple[float, float, set[str]]:
    """Wall-clock seconds from process start to first paint, the CPU seconds the process
    spent by then (less moved by other people's load), and the heavy modules loaded."""
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         check=True, env=_child_env())
    stamp, cpu, loaded = out.stdout.split()[-3:]
    return float(stamp) - start, float(cpu), {x for x in loaded.split(",") if x != "-"}


def largest_sample() -> Path:
    samples = sorted((ROOT / "sample_journeys").glob("*.journey.json"),
                     key=lambda p: p.stat().st_size)
    if not samples:
        raise SystemExit("no sample journeys")
    return samples[-1]


def first_paint(path: Path, runs: int = 9, feedback: bool = True) -> None:
    """Process start to first paint of ``path``, interleaved with the floor's (issue 17:
    at most 2.5 x an empty window)."""
    mode = "with-feedback" if feedback else "without-feedback"
    _until_first_paint(EMPTY), _until_first_paint(CHILD, str(path), mode)  # warm: .pyc, disk
    ours, floor, ours_cpu, floor_cpu, heavy = [], [], [], [], set()
    for _ in range(runs):
        seconds, cpu, _ = _until_first_paint(EMPTY)
        floor.append(seconds)
        floor_cpu.append(cpu)
        seconds, cpu, loaded = _until_first_paint(CHILD, str(path), mode)
        ours.append(seconds)
        ours_cpu.append(cpu)
        heavy |= loaded
    print(f"first paint, {path.name} ({'with' if feedback else 'without'} the feedback "
          f"panels), from process start ({runs} interleaved runs):")
    report({"empty PySide6 window": floor, "journeymap": ours,
            "empty window, CPU time": floor_cpu, "journeymap, CPU time": ours_cpu})
    print(f"  ratio {ratio(ours, floor)} (goal <= 2.5x); in CPU time {ratio(ours_cpu, floor_cpu)}"
          f"; heavy imports before it: {', '.join(sorted(heavy)) or 'none'}")


def synthetic(n: int = 2000, stages: int = 8, seed: int = 7, reach: int | None = 40):
    """A chain of ``n`` touchpoints over ``stages`` stages plus n/4 branches. Branches join
    touchpoints at most ``reach`` apart in journey order (as in real maps: a retry, a detour,
    a channel switch), 1 in 50 of them anywhere; ``reach=None`` puts every branch anywhere
    (the worst case: hundreds of arrows spanning the whole map)."""
    from journeymap.model import Journey, Stage, Touchpoint, Transition

    rng = random.Random(seed)
    j = Journey("Synthetic")
    for i in range(stages):
        j.add_stage(Stage(f"s{i}", f"Stage {i + 1}"))
    lanes = [lane.id for lane in j.lanes]
    keys = []
    for i in range(n):
        key = f"t{i}"
        j.add_touchpoint(Touchpoint(key, f"Touchpoint number {i} with a longer label",
                                    stage=f"s{i * stages // n}", lane=rng.choice(lanes),
                                    channel=rng.choice(["web", "email", "app", "phone"]),
                                    emotion=rng.choice([-2, -1, 0, 1, 2, None]),
                                    pain_points=["slow"] if rng.random() < 0.3 else []))
        keys.append(key)
    for i in range(n - 1):  # a chain, plus branches, some of them long
        j.connect(Transition(keys[i], keys[i + 1]))
    for _ in range(n // 4):
        if reach is None or rng.random() < 0.02:
            a, b = rng.sample(range(n), 2)
        else:
            a = rng.randrange(n)
            b = min(n - 1, max(0, a + rng.choice([-1, 1]) * rng.randint(2, reach)))
        if a == b:
            continue
        if not j.has_transition(keys[a], keys[b]):
            j.connect(Transition(keys[a], keys[b], "alternative"))
    return j


def _pan_frames(app, view, frames: int, whole: bool) -> tuple[list[float], list[float]]:
    """Pan ``frames`` steps of 40 px right, then as many back: wall-clock and CPU seconds
    of each frame. ``whole``: repaint the whole viewport; else what a user gets, the scroll
    and then what Qt scheduled (the uncovered strip and the frozen headers; the rest of the
    viewport is moved, not repainted)."""
    bar = view.horizontalScrollBar()
    wall, cpu = [], []
    for step in range(2 * frames):
        bar.setValue(bar.value() + (40 if step < frames else -40))
        t0, c0 = time.perf_counter(), time.thread_time()
        if whole:
            view.viewport().repaint()
        else:
            app.processEvents()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
    return wall, cpu


def _ms(values: list[float]) -> str:
    return f"best {min(values) * 1000:.1f} ms, median {statistics.median(values) * 1000:.1f} ms"


def big_journey(index: str, reach: int | None, rounds: int = 7, frames: int = 30) -> None:
    """The pan (issue 17: < 8 ms a frame at 100% zoom, branches everywhere), in ``rounds``
    rounds of ``frames`` frames each way, interleaved with its floor: the same view with
    the cards and arrows hidden (the grid and the frozen headers, which every frame paints).
    Per round the median frame counts; reported are the best and median round, in wall
    clock and in CPU time (less moved by other people's load), and the load average."""
    from PySide6.QtWidgets import QGraphicsScene

    from journeymap.app.application import application
    from journeymap.app.mainwindow import MainWindow
    from journeymap.model import load, save

    app = application()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.journey.json"
        save(synthetic(reach=reach), path)
        start = time.perf_counter()
        journey = load(path)
        loaded = time.perf_counter()
        window = MainWindow(journey, str(path), offer_recovery=False)
        window.scene.setItemIndexMethod(
            QGraphicsScene.ItemIndexMethod.NoIndex if index == "none"
            else QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        window.resize(1480, 900)
        window.show()
        app.processEvents()
        window.view.viewport().repaint()
        shown = time.perf_counter()
        view = window.view
        view.reset_zoom()
        view.centerOn(window.scene.sceneRect().center())
        app.processEvents()
        view.viewport().repaint()
        drawn = [item for item in window.scene.items() if item.isVisible()]
        results: dict[str, list[float]] = {}
        load_before = os.getloadavg()[0]
        for _ in range(rounds):
            for name, hidden in (("map", False), ("floor", True)):
                for item in drawn:
                    item.setVisible(not hidden)
                app.processEvents()
                for whole in (True, False):
                    wall, cpu = _pan_frames(app, view, frames, whole)
                    kind = "repaint" if whole else "scroll"
                    results.setdefault(f"{name} {kind} wall", []).append(
                        statistics.median(wall))
                    results.setdefault(f"{name} {kind} cpu", []).append(
                        statistics.median(cpu))
        load_after = os.getloadavg()[0]
        # the edit path: one rename (a gesture with its relayout) on the big map
        t0 = time.perf_counter()
        window.editor.rename("t1000", "Renamed")
        app.processEvents()
        view.viewport().repaint()
        edit = time.perf_counter() - t0
        t0 = time.perf_counter()
        window.editor.drop_cards({"t10": (window.scene.grid.stages[5].centre,
                                           window.scene.grid.lanes[2].centre)})
        app.processEvents()
        view.viewport().repaint()
        move = time.perf_counter() - t0
        kind = "local branches" if reach else "branches anywhere (worst case)"
        print(f"2,000 touchpoints, {journey.graph.number_of_edges()} transitions, {kind}, "
              f"index={index}, {os.environ.get('QT_QPA_PLATFORM')}: load "
              f"{loaded - start:.3f} s, window to first paint {shown - loaded:.3f} s "
              f"(total {shown - start:.3f} s); rename {edit * 1000:.0f} ms, move across "
              f"stages {move * 1000:.0f} ms (edit + relayout + repaint)")
        print(f"  pan at 100%, {rounds} rounds of {2 * frames} frames (median frame per "
              f"round), load average {load_before:.1f} -> {load_after:.1f}:")
        for kind, what in (("repaint", "whole viewport repainted"),
                           ("scroll", "scroll + processEvents, as a user pans")):
            for clock in ("wall", "cpu"):
                ours, floor = results[f"map {kind} {clock}"], results[f"floor {kind} {clock}"]
                print(f"    {what:<40} {clock:<4}  {_ms(ours)}; floor {_ms(floor)}; "
                      f"ratio {ratio(ours, floor)}")
        window.close_without_asking()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "big":
        big_journey(sys.argv[2], None if sys.argv[3] == "any" else int(sys.argv[3]))
    else:
        first_paint(largest_sample())
        first_paint(largest_sample(), feedback=False)
        if sys.argv[1:] == ["paint"]:  # the first paint alone
            raise SystemExit
        for reach in ("40", "any"):
            for index in ("bsp", "none"):  # one process each: a fresh scene and heap
                subprocess.run([sys.executable, __file__, "big", index, reach], check=True)
