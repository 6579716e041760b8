"""Key-driver bootstrap speed (run by hand; not part of the test suite).

On a survey shaped like the airline one (24,000 complete answers, 14 ratings and an outcome),
1,000 bootstrap resamples by :func:`journeymap.analytics.drivers.bootstrap_weights` (one matrix
product of resample counts × per-row moments per 100 resamples) against the floor of the
plain way, measured in the same run and alternated with it: draw the resampled rows, take
their correlation matrix, compute the weights. The plain way runs 100 resamples and is scaled
to 1,000. Reported: best and median of N runs of each, and their ratio.

Usage: python benchmarks/bench_drivers.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from journeymap.analytics.drivers import (bootstrap_weights,  # noqa: E402
                                          relative_weights_from_correlations)


def survey(n: int = 24_000, p: int = 14, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    mood = rng.normal(size=(n, 1))
    x = np.clip(np.round(3.3 + 0.8 * mood + rng.normal(size=(n, p))), 1, 5)
    y = (x @ rng.uniform(0.1, 1, p) + rng.normal(0, 2, n) > 3.3 * p * 0.55).astype(float)
    return x, y


def plain(x: np.ndarray, y: np.ndarray, resamples: int, seed: int = 0) -> None:
    data = np.column_stack([x, y])
    rng = np.random.default_rng(seed)
    for _ in range(resamples):
        rows = data[rng.integers(0, len(data), len(data))]
        relative_weights_from_correlations(np.corrcoef(rows, rowvar=False))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    x, y = survey()
    ours, floor = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        plain(x, y, 100)
        floor.append((time.perf_counter() - start) * 10)
        start = time.perf_counter()
        bootstrap_weights(x, y, 1000)
        ours.append(time.perf_counter() - start)
    for name, times in (("plain resampling (scaled)", floor), ("bootstrap_weights", ours)):
        print(f"{name:>26}: best {min(times):.2f} s, median {statistics.median(times):.2f} s")
    print(f"{'ratio':>26}: best {min(floor) / min(ours):.1f}x, median "
          f"{statistics.median(floor) / statistics.median(ours):.1f}x faster")


if __name__ == "__main__":
    main()
