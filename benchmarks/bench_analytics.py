"""Analytics speed on synthetic data (run by hand; not part of the test suite).

First run ``python benchmarks/make_analytics_data.py`` (writes /tmp/journeymap-bench).

1. Feedback: 1,000,000 long-layout rows (85 MB CSV, 500 touchpoints, NPS/CSAT/CES, comments,
   two segment columns, timestamps) -> per-touchpoint metrics with intervals, measured side
   by side with the baseline "pyarrow's CSV reader + one plain pandas groupby" on the same
   file. Runs alternate (baseline, ours, baseline, ...) so that other load on the machine
   hits both alike; the target is ours <= 1.5 x baseline (compared on the median and on the
   best run).
2. Events: 5,000,000 events -> transition volumes, drop-off and delay quantiles, run in a
   fresh process so its peak memory (max RSS) is its own. Target: < 15 s and < 4 GB.

3. Issue 17, whole processes: ``journeymap metrics`` on each source against a process that
   reads the same CSV with pyarrow and makes one groupby, interleaved (``--only
   whole-process``).

Usage: python benchmarks/bench_analytics.py [FOLDER] [--repeat N] [--only PART]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from pairs import best_median, interleaved, process, ratio, report  # noqa: E402

DEFAULT = "/tmp/journeymap-bench"


def baseline(path: Path) -> object:
    """What the issue compares against: pyarrow's CSV reader and one plain groupby."""
    import pandas as pd

    frame = pd.read_csv(path, engine="pyarrow")
    return frame.groupby("touchpoint")[["nps", "csat", "ces"]].mean()


def ours(folder: Path, journey):
    """analyse() on the open journey (the app and the command line load it once anyway)."""
    from journeymap.analytics import analyse

    sources = [s for s in journey.sources if s.role == "feedback"]
    return analyse(journey, sources, base_dir=folder)


def feedback_benchmark(folder: Path, repeat: int) -> None:
    import pandas  # noqa: F401  (imported once, outside the timings)

    import journeymap.analytics  # noqa: F401

    from journeymap.model import load

    path = folder / "feedback_1m.csv"
    journey = load(folder / "bench.journey.json")
    ours(folder, journey)  # warm the file cache and imports for both
    baseline(path)
    base_times, our_times = [], []
    for _ in range(repeat):
        for label, run, times in (("baseline", lambda: baseline(path), base_times),
                                  ("ours", lambda: ours(folder, journey), our_times)):
            gc.collect()
            start = time.perf_counter()
            result = run()
            times.append(time.perf_counter() - start)
            del result
    analysis = ours(folder, journey)
    table = analysis.touchpoints
    print(f"feedback: {path.stat().st_size / 1e6:.0f} MB, {len(analysis.rows):,} rows kept, "
          f"{len(table)} touchpoints, measures with intervals: "
          f"{', '.join(c for c in ('nps_low', 'csat_low', 'ces_low', 'friction_low') if c in table)}")
    for name, times in (("baseline (pyarrow read + groupby)", base_times),
                        ("analyse()", our_times)):
        print(f"  {name:<34} median {statistics.median(times):.3f} s  best {min(times):.3f} s  "
              f"({repeat} runs)")
    ratio_median = statistics.median(our_times) / statistics.median(base_times)
    ratio_best = min(our_times) / min(base_times)
    print(f"  ratio: median {ratio_median:.2f}x, best {ratio_best:.2f}x (target <= 1.5x)")


FLOOR = ("import sys, pandas as pd\n"
         "frame = pd.read_csv(sys.argv[1], engine='pyarrow')\n"
         "frame.groupby('touchpoint')[['nps', 'csat', 'ces']].mean()\n")
EVENTS_FLOOR = ("import sys, pandas as pd\n"
                "frame = pd.read_csv(sys.argv[1], engine='pyarrow')\n"
                "frame.groupby('touchpoint').size()\n")


def one_source_journey(folder: Path, role: str) -> Path:
    """The benchmark journey with only its ``role`` source (and no saved metrics)."""
    doc = json.loads((folder / "bench.journey.json").read_text(encoding="utf-8"))
    doc["feedback_sources"] = [s for s in doc.get("feedback_sources", []) if s["role"] == role]
    doc.pop("metrics_cache", None)
    path = folder / f"bench-{role}.journey.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def whole_process(folder: Path, repeat: int) -> None:
    """Issue 17: ``journeymap metrics`` as a whole process (start-up, imports, load, read,
    analysis, printing the table) against a process that only reads the CSV with pyarrow and
    makes one groupby: goal <= 1.2x for 1M feedback rows; for 5M events < 5 s."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
           "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir())
                                                    / "journeymap-bench-pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for role, data, floor_code in (("feedback", "feedback_1m.csv", FLOOR),
                                   ("events", "events_5m.csv", EVENTS_FLOOR)):
        journey = one_source_journey(folder, role)
        runs = {"floor: pyarrow read + groupby": process(
                    [sys.executable, "-c", floor_code, str(folder / data)], env=env),
                "journeymap metrics": process(
                    [sys.executable, "-m", "journeymap", "metrics", str(journey)], env=env)}
        runs["floor: pyarrow read + groupby"]()  # warm the file cache and the bytecode
        times = interleaved(runs, repeat)
        print(f"whole process, {data}:")
        report(times)
        ours, floor = runs["journeymap metrics"], runs["floor: pyarrow read + groupby"]
        print(f"  ratio {ratio(times['journeymap metrics'], times['floor: pyarrow read + groupby'])}"
              + (" (goal <= 1.2x)" if role == "feedback" else " (goal: < 5 s)"))
        print(f"  CPU time: floor {best_median(floor.cpu[1:])}, journeymap "
              f"{best_median(ours.cpu)}; ratio {ratio(ours.cpu, floor.cpu[1:])}")


def events_child(folder: Path) -> None:
    """Runs in its own process: time and peak memory of the event-log analysis alone."""
    from journeymap.analytics import analyse
    from journeymap.model import load

    journey = load(folder / "bench.journey.json")
    sources = [s for s in journey.sources if s.role == "events"]
    start = time.perf_counter()
    analysis = analyse(journey, sources, base_dir=folder)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2  # KiB -> GiB
    kept = analysis.kept_counts[sources[0].id]
    off_map = int((~analysis.transitions["in_map"]).sum())
    print(f"events: {kept:,} events, {analysis.events.cases:,} cases, "
          f"{len(analysis.transitions):,} transitions ({off_map:,} not in the map), "
          f"p90 delays and drop-off for {len(analysis.touchpoints)} touchpoints")
    print(f"  analyse() {elapsed:.2f} s (target < 15 s), peak memory {peak:.2f} GiB "
          "(target < 4 GiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--events-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=("feedback", "events", "whole-process"))
    args = parser.parse_args()
    folder = Path(args.folder)
    if not (folder / "feedback_1m.csv").exists():
        sys.exit(f"{folder}: no data; run benchmarks/make_analytics_data.py first")
    if args.events_child:
        events_child(folder)
        return
    if args.only in (None, "whole-process"):
        whole_process(folder, args.repeat)
    if args.only == "whole-process":
        return
    if args.only != "events":
        feedback_benchmark(folder, args.repeat)
    if args.only != "feedback":
        subprocess.run([sys.executable, __file__, str(folder), "--events-child"], check=True)


if __name__ == "__main__":
    main()
