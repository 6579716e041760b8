"""The journeymap desktop app (PySide6): a map editor that holds no data of its own.

``run(path)`` opens the main window on a journey file. Start-up stays lean: nothing here imports
pandas or matplotlib; panels that need them import them when first used.
"""

from __future__ import annotations

import gc

#: The cyclic garbage collector's thresholds before start-up raised them (see below).
_THRESHOLDS = gc.get_threshold()
# Start-up makes some 40,000 long-lived objects (modules, classes, Qt's enums, widgets) and
# next to no garbage, yet with the default thresholds the collector would run ~70 times
# before the first paint, re-walking those objects: 25-45 ms of a 0.35 s start. Until the
# first window has painted (``startup_done``, which MainWindow calls then) it waits for
# 100,000 new objects instead of 700: still collected, just not during start-up.
gc.set_threshold(100_000, *_THRESHOLDS[1:])

# The Qt-free model loads before PySide6, which installs an import hook that reads the source
# of every module imported after it, looking for "PySide6" (~0.1 s for NetworkX's modules,
# had they loaded then). Every part of the app needs the model anyway, and the window's first
# paint these Qt-free helpers (geometry, routing, labels, measures, the heat's cache, styles):
# loaded here, the hook never reads them (0.6% of the start-up's instructions).
import html  # noqa: E402,F401  (before any PySide6 import; tests/test_app_startup.py)
import journeymap.measures  # noqa: E402,F401
import journeymap.metrics_cache  # noqa: E402,F401
import journeymap.model  # noqa: E402,F401
import journeymap.model.edge_labels  # noqa: E402,F401
import journeymap.model.layout  # noqa: E402,F401
import journeymap.model.routing  # noqa: E402,F401
import journeymap.render.shapes  # noqa: E402,F401
import journeymap.render.style  # noqa: E402,F401
import journeymap.transition_style  # noqa: E402,F401


def startup_done() -> None:
    """Start-up is over (the first window has painted): the collector's usual thresholds."""
    if gc.get_threshold() != _THRESHOLDS:
        gc.set_threshold(*_THRESHOLDS)


def run(path: str | None = None, screenshot: str | None = None) -> int:
    """Open the app (on ``path``) and run until it quits; with ``screenshot``, save a picture
    of the window to that PNG once it is painted, and exit 0."""
    from .application import run as _run

    return _run(path, screenshot)


__all__ = ["run", "startup_done"]
