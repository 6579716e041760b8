"""The layers stay apart (../shared/DESIGN.md): the core never imports Qt, the model never
imports pandas or matplotlib, and the app's start-up path imports neither of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from process_helpers import loaded_after

PACKAGE = Path(__file__).resolve().parents[1] / "journeymap"

FORBIDDEN = {
    "model": {"PySide6", "matplotlib", "pandas", "numpy", "journeymap.app",
              "journeymap.analytics", "journeymap.render", "journeymap.io", "journeymap.cli"},
    "analytics": {"PySide6", "matplotlib", "journeymap.app", "journeymap.render",
                  "journeymap.cli"},
    "io": {"PySide6", "journeymap.app", "journeymap.cli"},
    "render": {"PySide6", "journeymap.app", "journeymap.cli"},
    "cli": {"PySide6"},
    "measures.py": {"PySide6", "matplotlib", "pandas", "numpy"},
    # The app reads its metrics cache through plain.py at start-up, before pandas has loaded.
    "plain.py": {"PySide6", "matplotlib", "pandas", "numpy"},
    # Read by the app at start-up before pandas has loaded, and by the sample generator.
    "metrics_cache.py": {"PySide6", "matplotlib", "pandas", "numpy"},
    # Arrow kinds' look, read by the canvas and by the figures alike.
    "transition_style.py": {"PySide6", "matplotlib", "pandas", "numpy"},
}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_never_imports_what_it_must_not(layer):
    target = PACKAGE / layer
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    assert files
    leaks = []
    for path in files:
        for name in imported_modules(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer]):
                leaks.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert leaks == []


def test_the_app_starts_without_pandas_or_matplotlib():
    code = "import journeymap.app.mainwindow, journeymap.cli"
    assert loaded_after(code, ["pandas", "matplotlib"]) == []
