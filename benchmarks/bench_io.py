"""Interop formats on large journeys: Mermaid export/import, GraphML write/read, tables.

Run by hand: ``.venv/bin/python benchmarks/bench_io.py [N ...]`` (default 200 2000 10000
touchpoints). Prints the best of three runs of each step and the output sizes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import best, synthetic_journey  # noqa: E402

from journeymap.io import (from_mermaid, read_graphml, to_mermaid, write_graphml,  # noqa: E402
                           write_touchpoint_table)


def main(sizes: list[int]) -> None:
    print(f"{'touchpoints':>11} {'mmd out':>8} {'mmd in':>8} {'gml out':>8} {'gml in':>8} "
          f"{'csv':>8} {'xlsx':>8}   sizes (mmd, graphml, xlsx)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sizes:
            journey = synthetic_journey(n)
            text = to_mermaid(journey)
            graphml, csv, xlsx = folder / "j.graphml", folder / "j.csv", folder / "j.xlsx"
            times = [best(lambda: to_mermaid(journey), 3), best(lambda: from_mermaid(text), 3),
                     best(lambda: write_graphml(journey, graphml), 3),
                     best(lambda: read_graphml(graphml), 3),
                     best(lambda: write_touchpoint_table(journey, csv), 3),
                     best(lambda: write_touchpoint_table(journey, xlsx), 3)]
            sizes_kib = [len(text.encode()) / 1024, graphml.stat().st_size / 1024,
                         xlsx.stat().st_size / 1024]
            print(f"{n:>11} " + " ".join(f"{t:>7.3f}s" for t in times)
                  + "   " + ", ".join(f"{s:,.0f} KiB" for s in sizes_kib))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [200, 2000, 10000])
