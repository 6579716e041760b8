"""Load and save of large journeys, against ``json.load`` of the same file.

Run by hand: ``.venv/bin/python benchmarks/bench_fileformat.py [N ...] [--repeat R]``.

Issue 17's goal: loading a 2,000-touchpoint file (parse, schema, references, building the
graph) costs at most 3 x ``json.load`` of it plus building the graph, i.e.
``(load - build) / json.load <= 3``. The three are timed interleaved in one run (best and
median of R rounds); the parts (schema check, reference check) are listed after.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from pairs import interleaved, report  # noqa: E402
from synthetic import best, synthetic_journey  # noqa: E402

from journeymap.model import load, save  # noqa: E402
from journeymap.model.document import check_document, from_document  # noqa: E402
from journeymap.model.fileformat import schema_problems  # noqa: E402


def json_load(path: Path) -> object:
    with open(path, "rb") as handle:
        return json.load(handle)


def main(sizes: list[int], repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            journey = synthetic_journey(n)
            path = Path(tmp) / f"j{n}.journey.json"
            save(journey, path)
            doc = json_load(path)
            load(path)  # the schema's compiled check is made once per process
            times = interleaved({"json.load": lambda: json_load(path),
                                 "load": lambda: load(path),
                                 "build the graph": lambda: from_document(doc)}, repeat)
            print(f"{n} touchpoints, {path.stat().st_size / 1024:.0f} KiB:")
            report(times)
            for pick, name in ((min, "best"), (statistics.median, "median")):
                js, ld, build = (pick(times[k]) for k in ("json.load", "load",
                                                          "build the graph"))
                print(f"  {name:>6}: load = {ld / js:.1f} x json.load; (load - build) / "
                      f"json.load = {(ld - build) / js:.2f} (goal <= 3)")
            # the same ratio within each round (the three ran back to back), then its median:
            # the least moved by other people's load
            rounds = [(ld - build) / js for js, ld, build in
                      zip(times["json.load"], times["load"], times["build the graph"])]
            print(f"  per round: (load - build) / json.load median {statistics.median(rounds):.2f}"
                  f", best {min(rounds):.2f}, worst {max(rounds):.2f} (goal <= 3)")
            print(f"  parts (best of 5): schema {best(lambda: schema_problems(doc)):.4f} s, "
                  f"references {best(lambda: check_document(doc)):.4f} s, "
                  f"save {best(lambda: save(journey, path)):.3f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 500, 2000, 10000])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    main(args.sizes, args.repeat)
