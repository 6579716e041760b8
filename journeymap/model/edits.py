"""What an edit operation returns: enough to undo it, and an undo stack that needs no Qt.

Every operation of :class:`~.journey.Journey` applies its change at once and returns an
:class:`Edit`. Reverting an edit undoes the change and returns the edit that redoes it, so undo
and redo are the same move. The app wraps each edit in one ``QUndoCommand``; scripts and tests
use :class:`UndoStack`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """One applied change, named for an undo menu, with the means to revert it."""

    label: str
    _revert: Callable[[], Edit] | None = None

    @property
    def empty(self) -> bool:
        """True when the operation changed nothing (nothing to undo)."""
        return self._revert is None

    def revert(self) -> Edit:
        """Undo this change; return the edit that redoes it."""
        if self._revert is None:
            return self
        return self._revert()

    @staticmethod
    def combine(label: str, edits: Iterable[Edit]) -> Edit:
        """One edit from several applied in order; reverting undoes them in reverse order."""
        parts = [e for e in edits if not e.empty]
        if not parts:
            return Edit(label)
        if len(parts) == 1:
            return Edit(label, parts[0]._revert)

        def revert() -> Edit:
            # Undo the last change first. The redo edits come back last-first, and combining
            # them in that order makes the redo re-apply the changes first-to-last.
            redone = [part.revert() for part in reversed(parts)]
            return Edit.combine(label, redone)

        return Edit(label, revert)


class UndoStack:
    """A plain undo/redo history of edits, with a clean mark for "saved"."""

    def __init__(self) -> None:
        self._done: list[Edit] = []
        self._undone: list[Edit] = []
        self._clean_index: int | None = 0

    def push(self, edit: Edit) -> Edit:
        """Record an edit that has already been applied (empty edits are ignored)."""
        if edit.empty:
            return edit
        if self._clean_index is not None and self._clean_index > len(self._done):
            self._clean_index = None  # the saved state was in the redo branch, now lost
        self._done.append(edit)
        self._undone.clear()
        return edit

    def undo(self) -> bool:
        if not self._done:
            return False
        self._undone.append(self._done.pop().revert())
        return True

    def redo(self) -> bool:
        if not self._undone:
            return False
        self._done.append(self._undone.pop().revert())
        return True

    def undo_all(self) -> None:
        while self.undo():
            pass

    def redo_all(self) -> None:
        while self.redo():
            pass

    def set_clean(self) -> None:
        self._clean_index = len(self._done)

    @property
    def clean(self) -> bool:
        return self._clean_index == len(self._done)

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> str:
        return self._done[-1].label if self._done else ""

    @property
    def redo_label(self) -> str:
        return self._undone[-1].label if self._undone else ""
