"""Running code in a fresh interpreter, for the tests of what a start-up path imports (which
only a new process can tell) and of what the app shows before anything else has loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path


def fresh_python(code: str, *args: str, home: Path | None = None, timeout: float = 120) -> str:
    """The standard output of ``python -c code args`` in a new interpreter (Qt offscreen; with
    ``home``, settings and recovery files kept there). A failure raises with its stderr."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if home is not None:
        env.update(HOME=str(home), XDG_CONFIG_HOME=str(home))
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done.stdout


def loaded_after(code: str, watched: Iterable[str]) -> list[str]:
    """Which of ``watched`` (modules, or packages with everything under them) are loaded
    once ``code`` has run in a new interpreter: [] when none is."""
    names = sorted(watched)
    report = ("\nimport json as _json, sys as _sys\n"
              f"print(_json.dumps([w for w in {names!r} if any(m == w or m.startswith(w + '.') "
              "for m in _sys.modules)]))\n")
    return json.loads(fresh_python(code + report).strip().splitlines()[-1])


def tagged_line(out: str, tag: str) -> dict:
    """The JSON a probe printed after ``tag`` on one line of ``out``."""
    return json.loads(next(line for line in out.splitlines()
                           if line.startswith(tag))[len(tag):])
