"""Recovery within a second: a real app process is killed (SIGKILL) while a card is renamed
ten times a second; the next start offers back everything but at most the last second, with
the original's absolute path (issue 13). The old writer waited for a 1.5 s pause, so steady
editing was never written at all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journeymap.model import save

from conftest import ROOT
from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)

#: A journeymap window as ``journeymap FILE`` opens it, plus a timer renaming a card every
#: 100 ms through the editor and printing when each rename was made.
EDITING = r"""
import sys, time
from PySide6.QtCore import QTimer
from journeymap.app.application import application
from journeymap.app.mainwindow import MainWindow

app = application()
window = MainWindow(offer_recovery=False)
assert window.open_path(sys.argv[1], interactive=False)
window.show()
count = 0

def edit():
    global count
    count += 1
    window.editor.rename("place-order", f"edit {count}")
    print(f"EDIT {count} {time.time():.3f}", flush=True)

timer = QTimer()
timer.timeout.connect(edit)
timer.start(100)
print("READY", flush=True)
app.exec()
"""

#: The next start, answering Yes to the recovery offer: what it got back.
RESTART = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from journeymap.app.application import application
from journeymap.app.mainwindow import MainWindow

asked = []
QMessageBox.question = lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes
app = application()
window = MainWindow()  # offers recovery as the app does at start

def report():
    print(json.dumps({"asked": asked, "label": window.document.journey.touchpoint(
        "place-order").label, "path": window.document.path,
        "modified": window.document.modified}), flush=True)
    window.document.undo_stack.setClean()
    app.quit()

QTimer.singleShot(500, report)
app.exec()
"""


def _env(home: Path) -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
                XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
                PYTHONPATH=str(ROOT))


@pytest.mark.slow
def test_killed_while_editing_steadily_the_restart_offers_all_but_the_last_second(tmp_path):
    folder = tmp_path / "maps"
    folder.mkdir()
    path = folder / "parcel.journey.json"
    save(make_journey(), path)
    env = _env(tmp_path)
    editing = subprocess.Popen([sys.executable, "-c", EDITING, "parcel.journey.json"],
                               cwd=folder, env=env, stdout=subprocess.PIPE, text=True)
    edits: dict[int, float] = {}
    try:
        assert editing.stdout.readline().strip() == "READY"
        while len(edits) < 35:  # 3.5 s of steady editing, far longer than any quiet timer
            line = editing.stdout.readline()
            assert line, "the app stopped"
            _, number, when = line.split()
            edits[int(number)] = float(when)
    finally:
        killed_at = time.time()
        editing.send_signal(signal.SIGKILL)
        editing.wait(10)
        editing.stdout.close()
    done = subprocess.run([sys.executable, "-c", RESTART], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(got["asked"]) == 1 and "parcel.journey.json" in got["asked"][0]
    # The original's absolute path, though the app was started with a relative one.
    assert got["path"] == str(path) and got["modified"]
    recovered = int(got["label"].removeprefix("edit "))
    older = [n for n, when in edits.items() if when <= killed_at - 1.0]
    print(f"recovered edit {recovered} of {max(edits)}; lost the last "
          f"{killed_at - edits[recovered]:.2f} s")
    assert older and recovered >= max(older), (recovered, max(older), len(edits))
    assert recovered <= max(edits)


def test_steady_edits_reach_the_recovery_file_within_a_second(qtbot, tmp_path):
    """One edit every 150 ms never leaves the quiet timer a pause: the maximum wait writes."""
    window = make_window(qtbot, tmp_path, make_journey(), str(tmp_path / "p.journey.json"))
    writer = window.recovery
    first = time.monotonic()
    written_at = None
    for n in range(1, 14):
        window.editor.rename("place-order", f"edit {n}")
        qtbot.wait(150)
        if written_at is None and writer.journey_file.exists():
            written_at = time.monotonic()
    assert written_at is not None and written_at - first <= 1.2
    writer.flush()
    saved = json.loads(writer.journey_file.read_text(encoding="utf-8"))
    labels = [tp["label"] for s in saved["stages"] for tp in s["touchpoints"]]
    assert "edit 13" in labels
    assert json.loads(writer.meta_file.read_text(encoding="utf-8"))["original"] == \
        str(tmp_path / "p.journey.json")
