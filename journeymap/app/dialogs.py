"""Messages the window shows: file errors as readable lists, never tracebacks."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from journeymap.model import JourneyFileError

MAX_SHOWN = 8


def file_error_box(parent: QWidget | None, action: str, error: JourneyFileError) -> QMessageBox:
    """A warning naming the file and its first problems; all of them under "Show Details"."""
    problems = [str(p) for p in error.problems] or [str(error)]
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(f"Cannot {action}")
    box.setText(f"<b>Cannot {action} {escape(error.file, quote=False)}</b>")
    shown = problems[:MAX_SHOWN]
    more = len(problems) - len(shown)
    info = "<br>".join(f"• {escape(p, quote=False)}" for p in shown)
    if more:
        info += f"<br>… and {more} more (Show Details lists them all)"
    box.setInformativeText(info)
    if len(problems) > 1:
        box.setDetailedText("\n".join(error.lines()))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def show_file_error(parent: QWidget | None, action: str, error: JourneyFileError) -> None:
    file_error_box(parent, action, error).exec()


def os_error_words(error: OSError, path: str | None = None) -> str:
    """``FILE: what went wrong`` for an error of the operating system, as people say it."""
    where = path or error.filename or ""
    what = error.strerror or str(error) or type(error).__name__
    return f"{where}: {what}" if where else what


def show_os_error(parent: QWidget | None, action: str, error: OSError,
                  path: str | None = None) -> None:
    """A warning naming the file that could not be read or written and why."""
    name = escape(str(path or error.filename or ""), quote=False)
    box = QMessageBox(QMessageBox.Icon.Warning, f"Cannot {action}",
                      f"<b>Cannot {action} {name}</b>", QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(escape(os_error_words(error, path), quote=False))
    box.exec()
