"""Paths at scale: 5,000,000 events of 1,000,000 cases -> variants, conformance and the flow
overlay's data (run by hand).

Uses the data of make_analytics_data.py (500 touchpoints, cases walking the chain with skips
and jumps the map lacks), writing it first if absent. Each measure runs in this one process,
best and median of ``--repeat`` runs (>= 5):

- floor: ``pandas.read_csv`` (pyarrow engine) of the log plus one ``groupby(case).size()``;
- read: the event source read as the app and the CLI read it (detection, matching,
  timestamps) into a case log;
- paths: variants (top 10 and the full count), conformance (per touchpoint reached, skipped,
  out of order, repeated; per transition volume, cases, median and p90; per case fitness).

Peak memory is the process's maximum resident size at the end.

Usage: python benchmarks/bench_paths.py [FOLDER] [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT = "/tmp/journeymap-bench"


def timed(fn, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def show(name: str, times: list[float]) -> None:
    print(f"  {name:<8} best {min(times):6.2f} s   median {statistics.median(times):6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(args.folder)
    log_path = folder / "events_5m.csv"
    if not log_path.exists():
        import make_analytics_data as make
        from journeymap.model import save

        folder.mkdir(parents=True, exist_ok=True)
        save(make.journey(), folder / "bench.journey.json")
        make.events(log_path)
    from journeymap.analytics.caselog import read_case_log
    from journeymap.analytics.conformance import conform
    from journeymap.analytics.paths import variant_codes, variants
    from journeymap.model import load

    journey = load(folder / "bench.journey.json")
    sources = [s for s in journey.sources if s.role == "events"]

    def floor():
        frame = pd.read_csv(log_path, engine="pyarrow")
        return frame.groupby("case_id").size()

    def read():
        return read_case_log(journey, sources, folder)[0]

    def paths(log):
        codes, reps = variant_codes(log)
        top = variants(log, top=10, codes=codes, representatives=reps)
        cf = conform(log, journey)
        return top, cf, cf.transition_table(), cf.touchpoint_table()

    base, _ = timed(floor, args.repeat)
    reading, log = timed(read, args.repeat)
    analysis, (top, cf, transitions, _) = timed(lambda: paths(log), args.repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2
    print(f"{log.events:,} events, {log.cases:,} cases, {top.attrs['variants']:,} variants, "
          f"{len(transitions):,} transitions ({int((~transitions['in_map']).sum()):,} not "
          f"designed), fitness {cf.overall_fitness():.3f}")
    show("floor", base)
    show("read", reading)
    show("paths", analysis)
    total = [r + a for r, a in zip(reading, analysis)]
    show("total", total)
    print(f"  paths / floor: median {statistics.median(analysis) / statistics.median(base):.2f}x,"
          f" best {min(analysis) / min(base):.2f}x;  read + paths / floor: median "
          f"{statistics.median(total) / statistics.median(base):.2f}x")
    print(f"  peak memory {peak:.2f} GiB (target < 4 GiB); paths target < 10 s")


if __name__ == "__main__":
    main()
