"""Crash safety: the unsaved journey is written to a recovery file as edits come in.

Each window writes ``<session>.journey.json`` (the journey) and ``<session>.json`` (which file
it came from, the process id, when) into the recovery folder, a moment after the last edit.
Saving, closing cleanly or returning to the saved state removes them. At start-up, recovery
files left by a process that is no longer running are offered back.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from journeymap.model import Journey, JourneyFileError, dumps, load
from journeymap.model.fileformat import write_atomic

from .document import JourneyDocument

DELAY_MS = 1500


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


class RecoveryWriter(QObject):
    """Keeps one document's recovery file up to date."""

    def __init__(self, document: JourneyDocument, folder: Path | None = None,
                 delay_ms: int = DELAY_MS) -> None:
        super().__init__(document)
        self.document = document
        self.folder = folder or default_folder()
        session = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.journey_file = self.folder / f"{session}.journey.json"
        self.meta_file = self.folder / f"{session}.json"
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.write)
        document.undo_stack.indexChanged.connect(lambda _: self.timer.start())
        document.undo_stack.cleanChanged.connect(lambda clean: clean and self.remove())
        document.reset.connect(self.remove)

    def write(self) -> None:
        """Write the journey now (or remove the file when there is nothing unsaved)."""
        self.timer.stop()
        if not self.document.modified:
            self.remove()
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.journey_file, dumps(self.document.journey))
            write_atomic(self.meta_file, json.dumps({
                "pid": os.getpid(), "original": self.document.path,
                "title": self.document.journey.title, "saved_at": time.time()}))
        except (OSError, ValueError):
            pass  # recovery is best effort; the user's own saves report their errors

    def remove(self) -> None:
        self.timer.stop()
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
