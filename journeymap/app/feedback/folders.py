"""Where the feedback's file dialogs open: the editor's own convention, reused.

The editor (:class:`~journeymap.app.files.FileActions`) opens its dialogs in the last folder
it remembers: the folder of the journey opened or saved last, or of the last file opened
through a dialog. Importing feedback is opening a file, so it is remembered the same way;
exports start there with a suggested name and, like the editor's exports, do not move it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ..files import FileActions


def editor_of(widget: QWidget | None) -> FileActions | None:
    """The main window ``widget`` belongs to (its parent, or its parent's, ...), if any."""
    while widget is not None and not isinstance(widget, FileActions):
        widget = widget.parentWidget()
    return widget


def start_path(widget: QWidget | None, name: str = "") -> str:
    """Where a file dialog of ``widget`` opens: the editor's last folder (with ``name`` as
    the suggested file); without a main window, ``name`` alone (Qt's current folder)."""
    editor = editor_of(widget)
    if editor is None:
        return name
    folder = Path(editor._last_folder())
    return str(folder / name) if name else str(folder)


def remember(widget: QWidget | None, path: str) -> None:
    """The next file dialog (the editor's too) opens in the folder of ``path``."""
    editor = editor_of(widget)
    if editor is not None:
        editor.remember_folder(path)


__all__ = ["editor_of", "remember", "start_path"]
