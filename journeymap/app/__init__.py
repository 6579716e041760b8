"""The journeymap desktop app (PySide6): a map editor that holds no data of its own.

``run(path)`` opens the main window on a journey file. Start-up stays lean: nothing here imports
pandas or matplotlib; panels that need them import them when first used.
"""

from __future__ import annotations


def run(path: str | None = None, screenshot: str | None = None) -> int:
    """Open the app (on ``path``) and run until it quits; with ``screenshot``, save a picture
    of the window to that PNG once it is painted, and exit 0."""
    from .application import run as _run

    return _run(path, screenshot)


__all__ = ["run"]
