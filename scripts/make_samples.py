#!/usr/bin/env python3
"""Recreate the sample journeys and their feedback data, byte for byte.

    python scripts/make_samples.py                 # rewrite sample_journeys/
    python scripts/make_samples.py --out DIR       # write them somewhere else
    python scripts/make_samples.py online_order    # only some samples

Everything is seeded: the same code writes the same bytes on every machine. The content of
each journey (the map, its personas, what customers say, where the real hot spots are) lives in
``scripts/sample_data/<name>.py``; the generators in the same folder turn it into a
``*.journey.json`` and the CSV files under ``feedback/``. Each journey carries the metrics
cache the app would store after analysing its feedback, dated by its data rather than the
clock, so a new user's first map shows its heat at first paint.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]  # sample_data, and journeymap without installing it

from sample_data import SAMPLES  # noqa: E402
from sample_data.build import write  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"samples to write (default: all of {', '.join(SAMPLES)})")
    parser.add_argument("--out", type=Path, default=ROOT / "sample_journeys",
                        help="folder to write into (default: sample_journeys/)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in SAMPLES]
    if unknown:
        parser.error(f"no sample named {', '.join(unknown)} (samples: {', '.join(SAMPLES)})")
    for name in args.names or SAMPLES:
        for path in write(SAMPLES[name], args.out):
            print(f"{path}  {path.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
