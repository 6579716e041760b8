"""Running slow work (reading tables, analysing, drawing figures) off the GUI thread.

A :class:`Job` runs one function in a :class:`QThread`. The function gets ``progress(fraction,
message)`` and ``cancelled() -> bool`` to pass on (the analytics' ``analyse`` takes both). The
job's signals are delivered in the GUI thread. Cancel is immediate for the user: the job says
``cancelled`` at once and its late result is dropped, whatever the thread is still doing; the
thread stops at the function's next ``cancelled()`` check.
"""

from __future__ import annotations

import atexit
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal

from shiboken6 import isValid

Work = Callable[[Callable[[float, str], None], Callable[[], bool]], Any]


class _Thread(QThread):
    progressed = Signal(float, str)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            result = self.work(self.progressed.emit, self.stop.is_set)
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI, never lost
            self.failed.emit(exc)
        else:
            self.done.emit(result)


class Job(QObject):
    """One piece of work in its own thread; see the module docstring."""

    progress = Signal(float, str)
    finished = Signal(object)      # the function's result
    failed = Signal(object)        # the exception it raised (never Cancelled)
    cancelled = Signal()

    _running: set[Job] = set()     # keeps jobs alive until their thread ends

    def __init__(self, work: Work, name: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.result: Any = None
        self.error: BaseException | None = None
        self.state = "new"         # new, running, done, failed, cancelled
        self._thread = _Thread(work)
        queued = Qt.ConnectionType.QueuedConnection
        self._thread.progressed.connect(self._on_progress, queued)
        self._thread.done.connect(self._on_done, queued)
        self._thread.failed.connect(self._on_failed, queued)
        self._thread.finished.connect(self._on_thread_end, queued)

    def start(self) -> Job:
        self.state = "running"
        Job._running.add(self)
        self._thread.start()
        return self

    @property
    def active(self) -> bool:
        return self.state == "running"

    def cancel(self) -> None:
        """Stop listening now; the thread stops at its next check."""
        self._thread.stop.set()
        if self.state == "running":
            self.state = "cancelled"
            if isValid(self):  # its parent (a closed window) may have deleted it: no listeners
                self.cancelled.emit()

    def wait(self, ms: int = 30000) -> bool:
        """Block until the thread ends (tests, closing the window)."""
        try:
            return self._thread.wait(ms)
        except RuntimeError:  # the thread object is gone: it has ended
            return True

    # ------------------------------------------------------------------ from the thread
    def _on_progress(self, fraction: float, message: str) -> None:
        if self.state == "running":
            self.progress.emit(fraction, message)

    def _on_done(self, result: object) -> None:
        if self.state == "running":
            self.state, self.result = "done", result
            self.finished.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        if self.state != "running":
            return
        if _is(exc, "Cancelled"):
            self.state = "cancelled"
            self.cancelled.emit()
            return
        self.state, self.error = "failed", exc
        if not _expected(exc):
            traceback.print_exception(exc)
        self.failed.emit(exc)

    def _on_thread_end(self) -> None:
        Job._running.discard(self)


def _is(exc: BaseException, name: str) -> bool:
    """Whether ``exc`` is the analytics' exception ``name`` (without importing analytics,
    which imports pandas: a failed import must be reportable too)."""
    analytics = sys.modules.get("journeymap.analytics")
    kind = getattr(analytics, name, None) if analytics is not None else None
    return kind is not None and isinstance(exc, kind)


def _expected(exc: BaseException) -> bool:
    """Errors the user is told about in a sentence (unreadable files, bad settings)."""
    return _is(exc, "SourceError") or isinstance(exc, (OSError, ValueError, KeyError))


def stop_all(timeout_ms: int = 30000) -> None:
    """Cancel every running job and wait for its thread (on quit and between tests)."""
    for job in list(Job._running):
        job.cancel()
    for job in list(Job._running):
        job.wait(timeout_ms)
        Job._running.discard(job)


def describe(exc: BaseException) -> str:
    """A one-line message for an error from a job."""
    text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    return text or type(exc).__name__


# Threads still running when the interpreter ends would abort it ("QThread: Destroyed while
# thread is still running"): stop them first.
atexit.register(stop_all)


@contextmanager
def interruptible(cancelled: Callable[[], bool]) -> Iterator[Any]:
    """An engine job (:class:`journeymap.analytics.engines.Job`) that is interrupted as soon
    as ``cancelled()`` turns True: a DuckDB, Spark or database query stops mid-way instead
    of running to its end after Cancel. A watcher thread polls ``cancelled`` every 0.1 s
    while the block runs (in the worker: the engines import pandas)."""
    from journeymap.analytics.engines import Job as EngineJob

    query = EngineJob()
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if cancelled():
                query.cancel()
                return

    watcher = threading.Thread(target=watch, name="journeymap-cancel", daemon=True)
    watcher.start()
    try:
        yield query
    finally:
        done.set()
        watcher.join()
