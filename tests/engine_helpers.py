"""Servers and data for the engine tests: a real PostgreSQL started in a temporary folder,
and one feedback table written every way a team keeps it (CSV, Parquet, SQLite, DuckDB)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def postgres_binaries() -> Path | None:
    """The folder of Debian's PostgreSQL server programs (initdb, pg_ctl), if installed."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(folder, "initdb")):
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """A throwaway cluster on a free loopback port, trusting local connections. As root
    (CI), the server runs as the ``postgres`` user, which PostgreSQL requires."""

    def __init__(self) -> None:
        self.bin = postgres_binaries()
        if self.bin is None:
            raise FileNotFoundError("PostgreSQL's server programs (initdb) are not installed: "
                                    "bash scripts/dev.sh setup installs Debian's postgresql")
        self.folder = Path(tempfile.mkdtemp(prefix="journeymap-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            os.chmod(self.folder, 0o700)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "--no-sync", "-E", "UTF8")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w",
                  "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                  "-c fsync=off", "start")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self.prefix, str(self.bin / program), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            time.sleep(0.1)
            shutil.rmtree(self.folder, ignore_errors=True)


def mixed_feedback(rows: int = 3000, seed: int = 7) -> pd.DataFrame:
    """Feedback with everything a real export has: segments, timestamps over months, NPS as
    text with "don't know" codes and garbage, CSAT with gaps and an out-of-range value, unknown and
    missing touchpoints, comment-only rows, an unreadable timestamp."""
    rng = np.random.default_rng(seed)
    tps = np.array(["browse", "basket", "pay", "delivery", "support", "Home delivery",
                    "ghost"], dtype=object)
    tp = rng.choice(tps, rows).astype(object)
    tp[rng.random(rows) < 0.01] = None
    nps = rng.integers(0, 11, rows).astype(object).astype(str).astype(object)
    nps[rng.random(rows) < 0.1] = None
    nps[rng.random(rows) < 0.05] = "don't know"
    nps[rng.random(rows) < 0.005] = "abc"
    nps[rng.random(rows) < 0.005] = "12"
    csat = rng.integers(1, 6, rows).astype(float)
    csat[rng.random(rows) < 0.3] = np.nan
    csat[rng.random(rows) < 0.003] = 9.0
    ces = rng.integers(1, 8, rows).astype(float)
    ces[rng.random(rows) < 0.5] = np.nan
    comment = np.where(rng.random(rows) < 0.2, "slow page", None).astype(object)
    start = np.datetime64("2026-01-01T00:00:00")
    stamps = start + rng.integers(0, 180 * 86400, rows).astype("timedelta64[s]")
    when = pd.Series(pd.to_datetime(stamps)).dt.strftime("%Y-%m-%dT%H:%M:%S").astype(object)
    when[rng.random(rows) < 0.003] = "not a date"
    when[rng.random(rows) < 0.01] = None
    device = rng.choice(np.array(["ios app", "android app", "mobile web", "desktop"],
                                 dtype=object), rows)
    device[rng.random(rows) < 0.02] = None
    return pd.DataFrame({"touchpoint": tp, "nps": nps, "csat": csat, "ces": ces,
                         "comment": comment, "submitted_at": when, "device": device})


def mixed_events(cases: int = 400, seed: int = 11) -> pd.DataFrame:
    """An event log of ``cases`` customers walking the shop journey, some dropping out,
    some looping back, with a few bad rows (no case, unknown step, unreadable or missing
    time). Times within a case are distinct, so the order of events is never a tie."""
    rng = np.random.default_rng(seed)
    steps = ["browse", "basket", "pay", "delivery", "support"]
    rows = []
    for case in range(cases):
        t = np.datetime64("2026-03-01T00:00:00") + int(rng.integers(0, 60 * 86400))
        length = int(rng.integers(1, 7))
        at = 0
        for _ in range(length):
            rows.append((f"C{case:05d}", steps[at], str(t)))
            t = t + int(rng.integers(1, 5000))
            at = max(0, min(len(steps) - 1, at + int(rng.choice([1, 1, 1, -1, 2]))))
    frame = pd.DataFrame(rows, columns=["customer", "step", "at"]).astype(object)
    bad = rng.choice(len(frame), 12, replace=False)
    frame.loc[bad[:3], "customer"] = None
    frame.loc[bad[3:6], "step"] = "teleport"
    frame.loc[bad[6:9], "at"] = "yesterday"
    frame.loc[bad[9:], "at"] = None
    return frame
