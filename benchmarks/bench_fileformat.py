"""Load and save of large journeys (issue: 2,000 touchpoints each under 0.3 s).

Run by hand: ``.venv/bin/python benchmarks/bench_fileformat.py [N ...]``. Prints the best of
five runs of save, load (parse + schema + reference checks + building the graph) and each part.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import best, synthetic_journey  # noqa: E402

from journeymap.model import load, save  # noqa: E402
from journeymap.model.document import check_document, from_document  # noqa: E402
from journeymap.model.fileformat import schema_problems  # noqa: E402


def main(sizes: list[int]) -> None:
    print(f"{'touchpoints':>11} {'file KiB':>9} {'save s':>8} {'load s':>8} {'json':>7} "
          f"{'schema':>7} {'refs':>7} {'build':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            journey = synthetic_journey(n)
            path = Path(tmp) / f"j{n}.journey.json"
            t_save = best(lambda: save(journey, path))
            t_load = best(lambda: load(path))
            text = path.read_text()
            doc = json.loads(text)
            print(f"{n:>11} {path.stat().st_size / 1024:>9.0f} {t_save:>8.3f} {t_load:>8.3f} "
                  f"{best(lambda: json.loads(text)):>7.3f} {best(lambda: schema_problems(doc)):>7.3f} "
                  f"{best(lambda: check_document(doc)):>7.3f} "
                  f"{best(lambda: from_document(doc)):>7.3f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 500, 2000, 10000])
