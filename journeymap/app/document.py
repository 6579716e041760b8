"""The open document: one journey, its file, its undo history, and change notices for Qt.

The window, the canvas and the panels hold no data: they read :attr:`JourneyDocument.journey`
and follow :attr:`JourneyDocument.changed`. Every edit goes through :meth:`JourneyDocument.gesture`
(one undo entry per user gesture, however many model operations it takes). The model's change
notices are collected while a gesture, an undo or a redo runs and delivered once at its end, so
the canvas lays itself out once per gesture, not once per touched card.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from journeymap.model import Change, Edit, Journey, load, save
from journeymap.model.layout import auto_layout

from .commands import EditCommand

#: Changes after which cards may sit in other cells, so stored positions are brought up to date.
_LAYOUT_KINDS = ("touchpoint.added", "touchpoint.removed", "touchpoint.moved", "stage.",
                 "lane.")


class Gesture:
    """Collects the edits of one user gesture; :meth:`JourneyDocument.gesture` pushes them."""

    def __init__(self, journey: Journey) -> None:
        self.journey = journey
        self.edits: list[Edit] = []

    def add(self, edit: Edit) -> Edit:
        self.edits.append(edit)
        return edit


class JourneyDocument(QObject):
    """A journey being edited: model, file path, undo stack, batched change notices."""

    #: A batch of :class:`~journeymap.model.Change` notices (one gesture, undo or redo).
    changed = Signal(list)
    #: The journey was replaced (new, open, revert): rebuild everything.
    reset = Signal()
    #: The file path changed (open, save as).
    path_changed = Signal(str)

    def __init__(self, journey: Journey | None = None, path: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._journey = journey if journey is not None else Journey()
        self._path = path
        self._pending: list[Change] = []
        self._depth = 0
        self._unsubscribe: Callable[[], None] = self._journey.subscribe(self._on_change)

    # ------------------------------------------------------------------ reading
    @property
    def journey(self) -> Journey:
        return self._journey

    @property
    def path(self) -> str | None:
        return self._path

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def display_name(self) -> str:
        """The file's name, or the journey's title while it has no file."""
        if self._path:
            return Path(self._path).name
        return self._journey.title or "Untitled journey"

    # ------------------------------------------------------------------ notices
    def _on_change(self, change: Change) -> None:
        self._pending.append(change)
        if self._depth == 0:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            batch, self._pending = self._pending, []
            self.changed.emit(batch)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Deliver the change notices raised inside as one :attr:`changed` batch."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._flush()

    # ------------------------------------------------------------------ editing
    @contextmanager
    def gesture(self, label: str) -> Iterator[Gesture]:
        """One undo entry for everything done inside::

            with document.gesture("Move 3 cards") as g:
                for key in keys:
                    g.add(document.journey.move_touchpoint(key, ...))

        If an operation fails, the ones already applied are reverted and the error raised;
        card positions are kept in step with the grid when the layout changed.
        """
        gesture = Gesture(self._journey)
        with self.batch():
            try:
                yield gesture
            except BaseException:
                for edit in reversed(gesture.edits):
                    edit.revert()
                self._pending.clear()
                raise
            if any(c.kind.startswith(_LAYOUT_KINDS) for c in self._pending):
                gesture.add(auto_layout(self._journey))
            edit = Edit.combine(label, gesture.edits)
            if not edit.empty:
                self.undo_stack.push(EditCommand(edit, label, self.batch))

    def apply(self, label: str, operation: Callable[[Journey], Edit]) -> None:
        """Run one model operation as one undo entry."""
        with self.gesture(label) as g:
            g.add(operation(self._journey))

    # ------------------------------------------------------------------ files
    def set_journey(self, journey: Journey, path: str | None) -> None:
        """Show another journey (new, open, revert); the undo history starts afresh."""
        self._unsubscribe()
        self.undo_stack.clear()
        self._journey = journey
        self._pending.clear()
        self._unsubscribe = journey.subscribe(self._on_change)
        self._set_path(path)
        self.undo_stack.setClean()
        self.reset.emit()

    def open(self, path: str | os.PathLike[str]) -> None:
        """Load a file; raises :class:`~journeymap.model.JourneyFileError` and keeps the
        current journey when it cannot be read."""
        journey = load(path)
        self.set_journey(journey, str(path))

    def save(self, path: str | os.PathLike[str] | None = None) -> None:
        """Save atomically to ``path`` (default: the current file); raises
        :class:`~journeymap.model.JourneyFileError`."""
        target = str(path) if path is not None else self._path
        if target is None:
            raise ValueError("the journey has no file yet: give a path")
        if self._path is not None:  # Save As elsewhere: feedback files stay where they are
            self.apply("Keep feedback paths", lambda j: j.rebase_sources(
                Path(self._path).parent, Path(target).parent))
        save(self._journey, target)
        self._set_path(target)
        self.undo_stack.setClean()

    def _set_path(self, path: str | None) -> None:
        if path != self._path:
            self._path = path
            self.path_changed.emit(path or "")
