"""Shared test set-up: Qt runs offscreen (CI has no screen); realdata lives in ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed set of examples (the same every run), so a landing is
# never decided by chance; by hand they explore new examples every time.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Before anything imports Qt: pytest-qt's qapp fixture aborts without a platform plugin.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_journeys"
#: JOURNEYMAP_REALDATA points elsewhere (a git worktree does not sit beside ../shared).
REALDATA = Path(os.environ.get("JOURNEYMAP_REALDATA", ROOT.parent / "shared" / "realdata"))


@pytest.fixture
def realdata() -> Path:
    """The folder of real public data; tests that need it skip when it is absent."""
    if not REALDATA.is_dir():
        pytest.skip(f"real data not found at {REALDATA}")
    return REALDATA


@pytest.fixture(scope="session")
def spark() -> str:
    """Spark's master for the engine tests: one local[2] session for the whole test run
    (starting Spark costs seconds); skipped where Java or pyspark is missing."""
    import shutil

    if shutil.which("java") is None:
        pytest.skip("Java is not installed (bash scripts/dev.sh setup installs "
                    "default-jdk-headless)")
    pytest.importorskip("pyspark")
    from journeymap.analytics.engines.backends import spark_session

    spark_session("local[2]")
    return "local[2]"
