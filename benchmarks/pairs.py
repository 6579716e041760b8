"""Timing against a floor in the same run, for a machine shared with others.

Absolute times here move 1.6x with the load other people put on the machine, so every
benchmark times what it measures and its floor (the least the job could cost) interleaved,
round by round, and reports best and median of each and their ratios: other load hits both
alike.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence


def interleaved(runs: dict[str, Callable[[], object]], repeat: int = 7) -> dict[str, list[float]]:
    """Seconds of each of ``runs`` over ``repeat`` rounds, one run of each per round."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return times


def process(argv: Sequence[str], **kwargs) -> Callable[[], None]:
    """A run of a whole process (from its start to its exit); fails loudly if it fails.
    Each run's CPU seconds (user + system, all its threads) go to the runner's ``cpu`` list:
    less moved than wall-clock time by other people's load."""
    def run() -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(list(argv), capture_output=True, text=True, **kwargs)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        run.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            sys.exit(f"{' '.join(argv)} failed:\n{done.stderr}")
    run.cpu = []
    return run


def best_median(times: list[float]) -> str:
    return f"best {min(times):.3f} s, median {statistics.median(times):.3f} s"


def ratio(ours: list[float], floor: list[float]) -> str:
    """``ours / floor`` on the best runs and on the medians."""
    return (f"{min(ours) / min(floor):.2f}x best, "
            f"{statistics.median(ours) / statistics.median(floor):.2f}x median")


def report(times: dict[str, list[float]]) -> None:
    width = max(map(len, times))
    for name, values in times.items():
        print(f"  {name:<{width}}  {best_median(values)}  ({len(values)} runs)")
