"""Shared test set-up: Qt runs offscreen (CI has no screen); realdata lives in ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed set of examples (the same every run), so a landing is
# never decided by chance; by hand they explore new examples every time.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Before anything imports Qt: pytest-qt's qapp fixture aborts without a platform plugin.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_journeys"
#: JOURNEYMAP_REALDATA points elsewhere; else ../shared/realdata beside the clone, or one
#: level further up from a worktree (../wt/NAME).
REALDATA = Path(os.environ.get("JOURNEYMAP_REALDATA") or next(
    (p / "shared" / "realdata" for p in ROOT.parents[:2] if (p / "shared" / "realdata").is_dir()),
    ROOT.parent / "shared" / "realdata"))


def pytest_collection_modifyitems(config, items) -> None:
    """Mark the tests that drive Qt widgets ``gui``: scripts/dev.sh runs them a second time on
    a real X server (Xvfb, ``QT_QPA_PLATFORM=xcb``), where keys, focus and windows behave as
    on a desktop and not as on the offscreen platform."""
    for item in items:
        if {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


#: A modal dialog still open after this long was not expected by its test: it is closed and
#: the test fails, instead of the whole run waiting forever on a box nobody will click.
STRAY_DIALOG_SECONDS = 15


@pytest.fixture(autouse=True)
def _no_stray_modal_dialogs(request):
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("qapp")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    stray: list[str] = []
    seen: dict[int, int] = {}

    def check() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            seen.clear()
            return
        ticks = seen[id(widget)] = seen.get(id(widget), 0) + 1
        if ticks >= STRAY_DIALOG_SECONDS:
            text = getattr(widget, "text", lambda: "")()
            stray.append(f"{type(widget).__name__} {widget.windowTitle()!r}: {text}")
            widget.reject() if isinstance(widget, QDialog) else widget.close()

    timer = QTimer()
    timer.setInterval(1000)
    timer.timeout.connect(check)
    timer.start()
    yield
    timer.stop()
    assert not stray, f"a modal dialog nobody answered was left open: {stray}"


@pytest.fixture
def realdata() -> Path:
    """The folder of real public data; tests that need it skip when it is absent."""
    if not REALDATA.is_dir():
        pytest.skip(f"real data not found at {REALDATA}")
    return REALDATA


@pytest.fixture(scope="session")
def spark() -> str:
    """Spark's master for the engine tests: one local[2] session for the whole test run
    (starting Spark costs seconds); skipped where Java or pyspark is missing."""
    import shutil

    if shutil.which("java") is None:
        pytest.skip("Java is not installed (bash scripts/dev.sh setup installs "
                    "default-jdk-headless)")
    pytest.importorskip("pyspark")
    from journeymap.analytics.engines.backends import spark_session

    spark_session("local[2]")
    return "local[2]"


def pytest_sessionfinish(session, exitstatus) -> None:
    """Empty the clipboard while Python is alive. Offscreen, Qt keeps the QMimeData a copy
    made (a Python-owned object) in a static that is destroyed after the interpreter has
    finalised, and that destruction segfaulted the process after its last test."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()
