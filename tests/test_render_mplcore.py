"""matplotlib's compiled parts without its package (journeymap.render.mplcore): what a PNG
reads of matplotlib equals matplotlib's own, and ``journeymap render`` to PNG imports neither
the matplotlib package nor pyparsing (issue 17: ``render`` as a whole process)."""

from __future__ import annotations

import json

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.path import Path

from journeymap.model import save
from journeymap.render import canvas, mplcore
from journeymap.render.shapes import marker, polylines, rounded_rectangle
from process_helpers import fresh_python
from test_render_map import journey_of


def test_settings_are_matplotlibs_defaults_under_the_figures_rc():
    expected = {**matplotlib.rcParamsDefault, **canvas.RC}
    assert {key: expected[key] for key in mplcore.SETTINGS} == mplcore.SETTINGS


@pytest.mark.parametrize("path", [
    rounded_rectangle(0, 0, 40, 20, 4), marker("o", 3, 4, 5),
    polylines([[(i, i % 7) for i in range(200)]]),           # long, straight: simplified
    polylines([[(i, 0), (i, 5)] for i in range(80)]),        # 160 vertices, moves and lines
    ([(0, 0), (1, 1), (2, 0)], None), ([(float(i), 0.0) for i in range(130)], None),
])
def test_a_raw_path_is_what_agg_reads_of_a_matplotlib_path(path):
    vertices, codes = path
    with matplotlib.rc_context(canvas.RC):
        theirs = Path(vertices, codes)
    ours = mplcore.RawPath(vertices, codes)
    assert np.array_equal(ours.vertices, theirs.vertices)
    assert ours.vertices.dtype == theirs.vertices.dtype
    assert (ours.codes is None) == (theirs.codes is None)
    if ours.codes is not None:
        assert np.array_equal(ours.codes, theirs.codes) and ours.codes.dtype == theirs.codes.dtype
    assert ours.should_simplify == theirs.should_simplify
    assert ours.simplify_threshold == theirs.simplify_threshold


def test_bad_codes_are_refused():
    with pytest.raises(ValueError):
        mplcore.RawPath([(0, 0), (1, 1)], [2, 2])
    with pytest.raises(ValueError):
        mplcore.RawPath([(0, 0), (1, 1)], [1])


@pytest.mark.parametrize("pattern", ["/", "//", "////", "\\\\", "x", "/-"])
@pytest.mark.parametrize("density", [6, 6.0, 3])
def test_hatch_paths_are_matplotlibs(pattern, density):
    ours, theirs = mplcore.hatch_path(pattern, density), Path.hatch(pattern, density)
    assert np.array_equal(ours.vertices, theirs.vertices)
    assert np.array_equal(ours.codes, theirs.codes)
    assert ours.should_simplify == theirs.should_simplify


@pytest.mark.parametrize("colour", ["#1f77b4", "#FFFFFF", "#00000080", "#abc", "white",
                                    "C1", (0.1, 0.2, 0.3), (0.1, 0.2, 0.3, 0.5), (1, 0, 0, 1)])
def test_colours_are_matplotlibs(colour):
    assert mplcore.to_rgba(colour) == to_rgba(colour)


def test_scaling_is_affine2d_scale():
    from matplotlib.transforms import Affine2D

    assert np.array_equal(mplcore.scaling(2.08), Affine2D().scale(2.08).get_matrix())


def test_render_to_png_loads_only_matplotlibs_compiled_renderer(tmp_path):
    """The whole process: the glyph engine and the rasteriser, not the matplotlib package
    (its rcParams, pyparsing, dateutil, PIL), nor networkx, nor concurrent.futures and
    logging for the PNG writer's threads; and a matplotlib imported after them reuses them,
    as attributes of its package too."""
    path = tmp_path / "plain.journey.json"
    save(journey_of(30), path)
    code = (
        "import sys\n"
        "from journeymap.cli import main\n"
        f"assert main(['render', {str(path)!r}, '-o', {str(tmp_path / 'x.png')!r}]) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in\n"
        "                ('matplotlib', 'pyparsing', 'PIL', 'dateutil', 'networkx', 'pandas',\n"
        "                 'concurrent', 'logging'))\n"
        "agg = sys.modules['matplotlib.backends._backend_agg']\n"
        "import matplotlib, matplotlib.backends\n"
        "from matplotlib.backends.backend_agg import RendererAgg\n"
        "reused = (matplotlib.ft2font is sys.modules['matplotlib.ft2font']\n"
        "          and matplotlib.backends._backend_agg is agg\n"
        "          and RendererAgg(10, 10, 72).__class__.__mro__ is not None)\n"
        "import json; print(json.dumps([loaded, reused]))\n")
    loaded, reused = json.loads(fresh_python(code).strip().splitlines()[-1])
    assert loaded == ["matplotlib.backends._backend_agg", "matplotlib.ft2font"]
    assert reused


def test_a_frozen_install_gets_matplotlibs_ordinary_import(tmp_path):
    """A frozen application (PyInstaller sets sys.frozen) keeps matplotlib's Python in an
    archive: the compiled modules are not loaded alone there, no import hook is installed,
    and a PNG still renders."""
    path = tmp_path / "plain.journey.json"
    save(journey_of(5), path)
    code = (
        "import sys\n"
        "sys.frozen = True\n"
        "from journeymap.cli import main\n"
        f"assert main(['render', {str(path)!r}, '-o', {str(tmp_path / 'x.png')!r}]) == 0\n"
        "from journeymap.render import mplcore\n"
        "hooks = [f for f in sys.meta_path if isinstance(f, mplcore._Reattach)]\n"
        "import matplotlib\n"
        "print(len(hooks), hasattr(matplotlib, 'rcParams'))\n")
    assert fresh_python(code).strip().splitlines()[-1] == "0 True"


def test_the_import_hook_leaves_once_matplotlib_is_imported():
    """After a PNG loaded the compiled modules alone, importing matplotlib reattaches them
    and takes the hook out of the import system."""
    code = (
        "import sys\n"
        "from journeymap.render import mplcore\n"
        "mplcore.ft2font(); mplcore.backend_agg()\n"
        "before = sum(isinstance(f, mplcore._Reattach) for f in sys.meta_path)\n"
        "import matplotlib.pyplot\n"
        "after = sum(isinstance(f, mplcore._Reattach) for f in sys.meta_path)\n"
        "print(before, after, matplotlib.ft2font is sys.modules['matplotlib.ft2font'])\n")
    assert fresh_python(code).strip().splitlines()[-1] == "1 0 True"


def test_data_path_while_another_thread_imports_matplotlib(monkeypatch):
    """A matplotlib half imported (no get_data_path yet) gives the folder it would name."""
    import sys
    import types

    half = types.ModuleType("matplotlib")
    half.__spec__ = matplotlib.__spec__  # as the import system sets it before running it
    monkeypatch.setitem(sys.modules, "matplotlib", half)
    assert mplcore.data_path() == str(matplotlib.get_data_path())
