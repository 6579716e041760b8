"""Crash safety: the unsaved journey is written to a recovery file as edits come in.

Each window writes ``<session>.journey.json`` (the journey) and ``<session>.json`` (the
absolute path of the file it came from, the process id, when) into the recovery folder. An
edit is on disk within about a second however steadily edits come: a write follows a quiet
moment (:data:`QUIET_MS`) or, at the latest, :data:`MAX_WAIT_MS` after the first edit not yet
written. The journey is turned into plain values on the GUI thread (a consistent snapshot,
a few milliseconds) and encoded, written and synced by a writer thread, so the disk never
stalls an edit. Saving, closing cleanly or returning to the saved state removes the files.
At start-up, recovery files left by a process that is no longer running are offered back.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer

from journeymap.model import Journey, JourneyFileError, load, to_document
from journeymap.model.fileformat import document_text, write_atomic

from .document import JourneyDocument

#: A write follows this long a pause in editing...
QUIET_MS = 250
#: ...or comes this long after the first unwritten edit, whichever is sooner; with the time
#: the write itself takes, an edit is on disk about a second after it was made.
MAX_WAIT_MS = 700


def default_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".journeymap") / "recovery"


@dataclass(frozen=True)
class Recoverable:
    """A recovery file left behind by a crashed session."""

    journey_file: Path
    meta_file: Path
    original: str | None
    title: str
    saved_at: float

    def load(self) -> Journey:
        return load(self.journey_file)

    def discard(self) -> None:
        for path in (self.journey_file, self.meta_file):
            path.unlink(missing_ok=True)


class _Writer(threading.Thread):
    """The thread that writes recovery files for every window of the process. Each window
    has one slot holding its latest job: an older job still waiting is replaced, since
    only the newest state of a journey matters."""

    def __init__(self) -> None:
        super().__init__(name="journeymap-recovery", daemon=True)
        self._cond = threading.Condition()
        self._jobs: dict[object, Callable[[], None]] = {}
        self._running: object = None
        self.start()

    def submit(self, key: object, job: Callable[[], None]) -> None:
        with self._cond:
            self._jobs[key] = job
            self._cond.notify_all()

    def cancel_and_wait(self, key: object, timeout: float = 5.0) -> bool:
        """Drop ``key``'s waiting job and wait for its running one; False on timeout."""
        with self._cond:
            self._jobs.pop(key, None)
            return self._cond.wait_for(lambda: self._running is not key, timeout)

    def wait(self, key: object, timeout: float = 5.0) -> bool:
        """Wait until ``key``'s jobs have run; False on timeout."""
        with self._cond:
            return self._cond.wait_for(
                lambda: key not in self._jobs and self._running is not key, timeout)

    def run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._jobs))
                key = next(iter(self._jobs))
                job = self._jobs.pop(key)
                self._running = key
            try:
                job()
            except Exception:  # noqa: BLE001 - best effort; the user's own saves report
                pass
            finally:
                with self._cond:
                    self._running = None
                    self._cond.notify_all()


_writer: _Writer | None = None
_writer_lock = threading.Lock()


def _shared_writer() -> _Writer:
    global _writer
    with _writer_lock:
        if _writer is None:
            _writer = _Writer()
        return _writer


class RecoveryWriter(QObject):
    """Keeps one document's recovery file up to date."""

    def __init__(self, document: JourneyDocument, folder: Path | None = None,
                 quiet_ms: int = QUIET_MS, max_wait_ms: int = MAX_WAIT_MS) -> None:
        super().__init__(document)
        self.document = document
        self.folder = folder or default_folder()
        session = f"{os.getpid()}-{os.urandom(4).hex()}"  # not uuid: its import costs ~10 ms
        self.journey_file = self.folder / f"{session}.journey.json"
        self.meta_file = self.folder / f"{session}.json"
        self.quiet_ms, self.max_wait_ms = quiet_ms, max_wait_ms
        self._first_unwritten: float | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.write)
        self._writer = _shared_writer()
        self._key = object()
        document.undo_stack.indexChanged.connect(lambda _: self.edited())
        document.undo_stack.cleanChanged.connect(lambda clean: clean and self.remove())
        document.reset.connect(self.remove)

    def edited(self) -> None:
        """An edit (or undo) was made: write after a pause, or soon at the latest."""
        now = time.monotonic()
        if self._first_unwritten is None:
            self._first_unwritten = now
        left_ms = self.max_wait_ms - (now - self._first_unwritten) * 1000
        self.timer.start(int(max(0, min(self.quiet_ms, left_ms))))

    def write(self) -> None:
        """Write the journey now, in the writer thread (or remove the file when there is
        nothing unsaved)."""
        self.timer.stop()
        self._first_unwritten = None
        if not self.document.modified:
            self.remove()
            return
        try:
            doc = to_document(self.document.journey)  # a snapshot, on the GUI thread
        except Exception:  # noqa: BLE001 - best effort
            return
        path = self.document.path
        meta = {"pid": os.getpid(), "original": os.path.abspath(path) if path else None,
                "title": self.document.journey.title, "saved_at": time.time()}
        self._writer.submit(self._key, lambda: self._write_files(doc, meta))

    def _write_files(self, doc: dict, meta: dict) -> None:
        """In the writer thread: encode, write and sync the two files."""
        text = document_text(doc)
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.journey_file, text)
        write_atomic(self.meta_file, json.dumps(meta))

    def flush(self, timeout: float = 5.0) -> bool:
        """Write what is pending now and wait until it is on disk (tests, quitting)."""
        if self.timer.isActive():
            self.write()
        return self._writer.wait(self._key, timeout)

    def remove(self) -> None:
        self.timer.stop()
        self._first_unwritten = None
        self._writer.cancel_and_wait(self._key)  # a write under way must not bring the files back
        for path in (self.journey_file, self.meta_file):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def leftovers(folder: Path | None = None) -> list[Recoverable]:
    """Recovery files of sessions that are no longer running, newest first."""
    folder = folder or default_folder()
    found = []
    for meta_file in folder.glob("*.json"):
        if meta_file.name.endswith(".journey.json"):
            continue
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            pid = int(meta.get("pid", 0))
        except (OSError, ValueError, TypeError):
            continue
        journey_file = meta_file.with_name(meta_file.stem + ".journey.json")
        if not journey_file.exists() or _alive(pid):
            continue
        found.append(Recoverable(journey_file, meta_file, meta.get("original"),
                                 str(meta.get("title", "")), float(meta.get("saved_at", 0))))
    return sorted(found, key=lambda r: -r.saved_at)


__all__ = ["JourneyFileError", "Recoverable", "RecoveryWriter", "leftovers"]
