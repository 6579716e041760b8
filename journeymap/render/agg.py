"""A PNG page on matplotlib's Agg rasteriser without matplotlib's backend machinery.

``matplotlib.backends.backend_agg.RendererAgg`` is a thin Python layer over the compiled
``_backend_agg.RendererAgg``, but importing it imports ``matplotlib.backend_bases`` and with it
text layout, mathtext, patches, collections and widgets: about 0.13 s of a 0.5 s
``journeymap render``, for nothing a figure here uses (shapes are paths handed to
``draw_path``, text is pasted glyph bitmaps). :class:`Page` calls the same compiled renderer
with the same arguments, so the pixels are the same; :class:`GraphicsContext` carries what
the compiled renderer reads from matplotlib's ``GraphicsContextBase``, with the same defaults.
Neither imports the matplotlib package itself (:mod:`.mplcore`).
"""

from __future__ import annotations

from typing import Any

from . import mplcore

_CAPS = ("butt", "round", "projecting")
_JOINS = ("miter", "round", "bevel")


def _style(value: str, allowed: tuple[str, ...], what: str) -> str:
    """A cap or join style as the compiled renderer reads it (matplotlib's ``CapStyle`` and
    ``JoinStyle`` are these strings)."""
    value = str(getattr(value, "value", value))
    if value not in allowed:
        raise ValueError(f"{value!r} is not a valid {what}; supported values are "
                         f"{', '.join(map(repr, allowed))}")
    return value


class GraphicsContext:
    """The paint of a path: matplotlib's ``GraphicsContextBase`` as far as Agg reads it."""

    def __init__(self) -> None:
        self._alpha = 1.0
        self._forced_alpha = False
        self._antialiased = 1
        self._capstyle = "butt"
        self._cliprect = None
        self._dashes: tuple[float, Any] = (0, None)
        self._joinstyle = "round"
        self._linewidth = 1.0
        self._rgb: tuple[float, ...] = (0.0, 0.0, 0.0, 1.0)
        self._hatch: str | None = None
        self._hatch_color: tuple[float, ...] | None = None
        self._hatch_linewidth = mplcore.SETTINGS["hatch.linewidth"]

    def set_antialiased(self, value: bool) -> None:
        self._antialiased = int(bool(value))

    def set_capstyle(self, style: str) -> None:
        self._capstyle = _style(style, _CAPS, "CapStyle")

    def set_joinstyle(self, style: str) -> None:
        self._joinstyle = _style(style, _JOINS, "JoinStyle")

    def set_linewidth(self, width: float) -> None:
        self._linewidth = float(width)

    def set_foreground(self, colour, isRGBA: bool = False) -> None:  # noqa: N803 - matplotlib's
        if isRGBA:
            self._rgb = colour
        else:
            self._rgb = mplcore.to_rgba(colour)

    def set_dashes(self, offset: float, dashes: list[float] | None) -> None:
        if dashes is not None and (any(d < 0 for d in dashes)
                                   or dashes and not any(d > 0 for d in dashes)):
            from matplotlib.backend_bases import GraphicsContextBase

            GraphicsContextBase().set_dashes(offset, dashes)  # raises matplotlib's error
        self._dashes = offset, dashes

    def set_hatch(self, hatch: str | None) -> None:
        self._hatch = hatch

    def set_hatch_color(self, colour: str | tuple) -> None:
        self._hatch_color = mplcore.to_rgba(colour)

    def restore(self) -> None:
        pass

    # what the compiled renderer asks
    def get_clip_path(self) -> tuple[None, None]:
        return None, None

    def get_dashes(self) -> tuple[float, Any]:
        return self._dashes

    def get_hatch(self) -> str | None:
        return self._hatch

    def get_hatch_path(self, density: float = 6.0):
        if self._hatch is None:
            return None
        return mplcore.hatch_path(self._hatch, density)

    def get_hatch_color(self):
        return self._hatch_color

    def get_hatch_linewidth(self) -> float:
        return self._hatch_linewidth

    def get_sketch_params(self) -> None:
        return None

    def get_snap(self) -> None:
        return None


class Page:
    """A ``width`` × ``height`` pixel Agg canvas at ``dpi``: what :func:`.shapes.draw` and
    the raster text need of a renderer."""

    def __init__(self, width: int, height: int, dpi: float) -> None:
        self.dpi, self.width, self.height = dpi, width, height
        self._renderer = mplcore.backend_agg().RendererAgg(int(width), int(height), dpi)
        self.draw_image = self._renderer.draw_image

    def new_gc(self) -> GraphicsContext:
        return GraphicsContext()

    def points_to_pixels(self, points: float) -> float:
        return points * self.dpi / 72

    def buffer_rgba(self) -> memoryview:
        return memoryview(self._renderer)

    #: :func:`.shapes.draw` gives this page paths and transforms made without matplotlib
    raw_paths = True

    def draw_path(self, gc: GraphicsContext, path, transform, face=None) -> None:
        try:
            self._renderer.draw_path(gc, path, transform, face)
        except OverflowError:
            # matplotlib's own code says why, in its own words, with its own objects
            from matplotlib.backends.backend_agg import RendererAgg
            from matplotlib.path import Path
            from matplotlib.transforms import Affine2D

            RendererAgg.draw_path(self, gc, Path(path.vertices, path.codes),
                                  Affine2D(transform), face)

    def open_group(self, name: str, gid: str | None = None) -> None:
        pass  # groups are for SVG

    def close_group(self, name: str) -> None:
        pass
