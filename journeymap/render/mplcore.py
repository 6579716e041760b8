"""matplotlib's compiled font engine and rasteriser, without importing the matplotlib package.

A PNG needs two of matplotlib's extension modules: ``ft2font`` (FreeType: advances and glyph
bitmaps) and ``backends._backend_agg`` (Agg: paths and images onto a pixel buffer). Importing
them the usual way first runs ``matplotlib/__init__``, which reads the matplotlibrc, validates
every setting and imports pyparsing, dateutil, kiwisolver, cycler, PIL and the colour tables:
about 0.1 s of a 0.4 s ``journeymap render``, for nothing a PNG uses. So, unless matplotlib is
already imported (then they are taken from it), :func:`ft2font` and :func:`backend_agg` load
the two modules from matplotlib's folder under their own names, where a later
``import matplotlib`` finds and reuses them (:class:`_Reattach` makes them its attributes
again): the same compiled code, so the same pixels.

What the rasteriser reads of matplotlib's settings is fixed here (:data:`SETTINGS`:
matplotlib's defaults and the figures' own :data:`.canvas.RC`), so a PNG does not depend on a
matplotlibrc; a test keeps these equal to matplotlib's.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import re
import sys
import threading
from functools import lru_cache
from itertools import chain

import numpy as np

from .shapes import LINETO, MOVETO  # matplotlib's path codes

#: The settings the PNG path reads: matplotlib's defaults, with the figures' RC over them.
SETTINGS = {"text.hinting": "default", "path.simplify": True,
            "path.simplify_threshold": 0.111111111111, "hatch.linewidth": 0.6,
            "agg.path.chunksize": 0}

_LOCK = threading.Lock()


def ft2font():
    """matplotlib's ``ft2font`` module."""
    return _module("ft2font")


def backend_agg():
    """matplotlib's compiled ``backends._backend_agg`` module (``RendererAgg``)."""
    return _module("backends._backend_agg")


def data_path() -> str:
    """matplotlib's ``mpl-data`` folder, as ``matplotlib.get_data_path()`` gives it."""
    # A matplotlib another thread is still importing has no get_data_path yet: its folder
    # is where that function looks (unless a frozen install moved it: then it is there).
    get_data_path = getattr(sys.modules.get("matplotlib"), "get_data_path", None)
    if get_data_path is not None:
        return get_data_path()
    return os.path.join(_package_folder(), "mpl-data")


def _module(name: str):
    full = f"matplotlib.{name}"
    module = sys.modules.get(full)
    if module is not None:
        return module
    with _LOCK:
        module = sys.modules.get(full)
        if module is None and "matplotlib" not in sys.modules:
            module = _load_alone(full)
    return module if module is not None else importlib.import_module(full)


@lru_cache(maxsize=None)
def _package_folder() -> str:
    spec = importlib.util.find_spec("matplotlib")  # finds it without running its __init__
    return list(spec.submodule_search_locations)[0]


@lru_cache(maxsize=None)
def _ordinary_layout() -> bool:
    """matplotlib is a folder with its ``__init__.py`` beside its compiled modules, as pip
    installs it. A frozen application (PyInstaller and the like: ``sys.frozen``) or a
    package in an archive keeps its Python elsewhere: there only the ordinary import is
    safe."""
    if getattr(sys, "frozen", False):
        return False
    spec = importlib.util.find_spec("matplotlib")
    return (spec is not None and spec.origin is not None
            and os.path.basename(spec.origin) == "__init__.py" and os.path.isfile(spec.origin)
            and os.path.dirname(spec.origin) == _package_folder())


def _load_alone(full: str):
    """The extension module ``full`` loaded from its file, registered in ``sys.modules``; None
    when that cannot be done here (then the ordinary import does it)."""
    try:
        if not _ordinary_layout():
            return None
        *parents, last = full.split(".")[1:]
        folder = os.path.join(_package_folder(), *parents)
        found = importlib.machinery.PathFinder.find_spec(last, [folder])
        if found is None or not isinstance(found.loader, importlib.machinery.ExtensionFileLoader):
            return None
        spec = importlib.util.spec_from_file_location(full, found.origin)
        module = importlib.util.module_from_spec(spec)
        sys.modules[full] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[full]
            raise
    except Exception:  # noqa: BLE001 - any surprise: matplotlib's own import is the fallback
        return None
    _Reattach.install()
    return module


class _Reattach(importlib.abc.MetaPathFinder):
    """When the matplotlib package (or its ``backends``) is imported after a module was
    loaded alone, the module becomes the package's attribute again, as an ordinary import
    would have made it (``import matplotlib; matplotlib.ft2font`` works)."""

    _installed = False

    @classmethod
    def install(cls) -> None:
        if not cls._installed:
            cls._installed = True
            sys.meta_path.insert(0, cls())

    @classmethod
    def uninstall_when_done(cls) -> None:
        """Out of the import system once both packages it watches are imported."""
        if "matplotlib" in sys.modules and "matplotlib.backends" in sys.modules:
            sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, cls)]

    def find_spec(self, name, path=None, target=None):
        if name not in ("matplotlib", "matplotlib.backends"):
            return None
        for finder in sys.meta_path:  # whoever would have found it without us
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is None:
                continue
            if spec.loader is None or not hasattr(spec.loader, "exec_module"):
                return None  # a namespace or an odd loader: the ordinary import, untouched
            spec.loader = _Attaching(spec.loader)
            return spec
        return None


class _Attaching:
    """A package's loader that, once the package ran, gives it its already loaded children."""

    def __init__(self, loader) -> None:
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module) -> None:
        self._loader.exec_module(module)
        prefix = module.__name__ + "."
        for full, child in list(sys.modules.items()):
            if full.startswith(prefix) and "." not in full[len(prefix):]:
                if not hasattr(module, full[len(prefix):]):
                    setattr(module, full[len(prefix):], child)
        _Reattach.uninstall_when_done()

    def __getattr__(self, name):
        return getattr(self._loader, name)


# ---------------------------------------------------------------------------- paths, colours
class RawPath:
    """What Agg's ``draw_path`` reads of a ``matplotlib.path.Path``, made without the
    ``Path`` class: vertices as float64, codes as uint8, and the simplification flags
    ``Path`` sets from :data:`SETTINGS` (a test compares them with ``Path``'s)."""

    __slots__ = ("vertices", "codes", "should_simplify", "simplify_threshold")

    def __init__(self, vertices, codes=None) -> None:
        if isinstance(vertices, np.ndarray):
            self.vertices = np.asarray(vertices, float).reshape(-1, 2)
        else:  # a list of (x, y): read flat, ~10x faster than numpy's look at nested lists
            self.vertices = np.fromiter(chain.from_iterable(vertices), float,
                                        2 * len(vertices)).reshape(-1, 2)
        self.codes = None if codes is None else np.fromiter(codes, np.uint8, len(codes))
        if self.codes is not None and (self.codes.shape != (len(self.vertices),)
                                       or len(self.codes) and self.codes[0] != MOVETO):
            raise ValueError("a path's codes must match its vertices and start with MOVETO")
        self.simplify_threshold = SETTINGS["path.simplify_threshold"]
        self.should_simplify = bool(
            self.simplify_threshold > 0 and SETTINGS["path.simplify"]
            and len(self.vertices) >= 128
            and (self.codes is None or (self.codes <= LINETO).all()))


def scaling(scale: float) -> np.ndarray:
    """The affine matrix of ``Affine2D().scale(scale)``."""
    return np.array([[scale, 0.0, 0.0], [0.0, scale, 0.0], [0.0, 0.0, 1.0]])


@lru_cache(maxsize=None)
def hatch_path(pattern: str, density: float = 6.0):
    """``matplotlib.path.Path.hatch(pattern, density)``: made here for patterns of ``/``
    (north-east lines, the figures' one hatch), by matplotlib otherwise."""
    if not pattern or set(pattern) != {"/"}:
        from matplotlib.path import Path

        return Path.hatch(pattern, density)
    lines = int(pattern.count("/") * int(density))
    steps = np.linspace(-0.5, 0.5, lines + 1)
    vertices = np.empty(((lines + 1) * 2, 2))
    vertices[0::2, 0] = 0.0 + steps
    vertices[0::2, 1] = 0.0 - steps
    vertices[1::2, 0] = 1.0 + steps
    vertices[1::2, 1] = 1.0 - steps
    codes = np.empty(len(vertices), np.uint8)
    codes[0::2] = MOVETO
    codes[1::2] = LINETO
    return RawPath(vertices, codes)


_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


@lru_cache(maxsize=1024)
def to_rgba(colour) -> tuple[float, float, float, float]:
    """``matplotlib.colors.to_rgba(colour)``: hex colours (``#rrggbb``, ``#rrggbbaa``, all the
    figures use) and RGB(A) tuples here, anything else by matplotlib."""
    if isinstance(colour, str) and _HEX.fullmatch(colour):
        values = [int(colour[i:i + 2], 16) / 255 for i in range(1, len(colour), 2)]
        return (*values[:3], values[3] if len(values) == 4 else 1.0)
    if (isinstance(colour, tuple) and len(colour) in (3, 4)
            and all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in colour)):
        values = tuple(map(float, colour))
        return values if len(values) == 4 else (*values, 1.0)
    from matplotlib.colors import to_rgba as mpl_to_rgba

    return mpl_to_rgba(colour)
