"""The one bridge between model edits and Qt's undo stack.

A model operation applies its change at once and returns an :class:`~journeymap.model.Edit`;
:class:`EditCommand` wraps that edit so Qt's ``QUndoStack`` can undo and redo it. Undo and redo
are the same move (``edit.revert()`` returns the edit that reverts the revert), so the command
only swaps which edit it holds. The command touches the model only: the canvas and the panels
follow the model's change notices.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from PySide6.QtGui import QUndoCommand

from journeymap.model import Edit

Batch = Callable[[], AbstractContextManager[object]]


class EditCommand(QUndoCommand):
    """An already applied edit on the undo stack (``push`` does not apply it again)."""

    def __init__(self, edit: Edit, label: str | None = None, batch: Batch = nullcontext) -> None:
        super().__init__(label or edit.label)
        self._batch = batch        # groups the change notices of one undo or redo
        self._edit = edit          # what undo runs (or, after an undo, what redo runs)
        self._applied = True       # the first redo() comes from push(): already applied

    def redo(self) -> None:
        if self._applied:
            return
        with self._batch():
            self._edit = self._edit.revert()
        self._applied = True

    def undo(self) -> None:
        with self._batch():
            self._edit = self._edit.revert()
        self._applied = False
