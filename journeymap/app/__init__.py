"""The journeymap desktop app (PySide6): a map editor that holds no data of its own.

``run(path)`` opens the main window on a journey file. Start-up stays lean: nothing here imports
pandas or matplotlib; panels that need them import them when first used.
"""

from __future__ import annotations

# The Qt-free model loads before PySide6, which installs an import hook that reads the source
# of every module imported after it, looking for "PySide6" (~0.1 s for NetworkX's modules,
# had they loaded then). Every part of the app needs the model anyway.
import journeymap.model  # noqa: F401  (before any PySide6 import)


def run(path: str | None = None, screenshot: str | None = None) -> int:
    """Open the app (on ``path``) and run until it quits; with ``screenshot``, save a picture
    of the window to that PNG once it is painted, and exit 0."""
    from .application import run as _run

    return _run(path, screenshot)


__all__ = ["run"]
