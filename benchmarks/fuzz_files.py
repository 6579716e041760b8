"""Fuzz the readers by hand: mutated journey files and mangled feedback tables.

    .venv/bin/python benchmarks/fuzz_files.py --journeys 100000 --tables 10000

Each journey mutant (structure, draft-format structure or bytes; see ``tests/mutations.py``)
must load to a journey that saves and loads back the same, or be refused with
``JourneyFileError`` (one line per problem). Each mangled table must be read with kept +
rejected = input rows, or refused with one ``SourceError`` line naming the file. Anything
else is a traceback; anything taking over ``--hang`` seconds is a hang. Failing inputs are
kept in ``--out`` to replay. Runs in one process (the machine is shared); ``--seed`` makes a
run repeatable.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from mutations import journey_mutant, mangle_table  # noqa: E402

from journeymap.model import JourneyFileError, dumps, load, loads, save  # noqa: E402

SAMPLES = ROOT / "sample_journeys"


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def trimmed(doc: dict, per_stage: int, rng: random.Random) -> dict:
    """A small journey cut from a sample (fast to check, so most mutants use one)."""
    doc = json.loads(json.dumps(doc))
    doc["stages"] = doc["stages"][:rng.randint(1, 4)]
    for stage in doc["stages"]:
        stage["touchpoints"] = stage["touchpoints"][:per_stage]
    keep = {t["id"] for s in doc["stages"] for t in s["touchpoints"]}
    doc["transitions"] = [t for t in doc["transitions"]
                          if t["source"] in keep and t["target"] in keep]
    cache = doc.get("metrics_cache")
    if cache and rng.random() < 0.5:
        cache["touchpoints"] = {k: v for k, v in cache["touchpoints"].items() if k in keep}
        cache["transitions"] = cache["transitions"][:4]
    else:
        doc.pop("metrics_cache", None)
    return doc


def one_journey(raw: bytes, folder: Path) -> str:
    """'loaded' or 'refused'; raises on anything else."""
    path = folder / "m.journey.json"
    path.write_bytes(raw)
    try:
        journey = load(path)
    except JourneyFileError as exc:
        if not exc.problems or any("\n" in line for line in exc.lines()):
            raise AssertionError(f"malformed message: {exc.lines()!r:.300}")
        return "refused"
    save(journey, folder / "again.journey.json")
    text = dumps(journey)
    if dumps(load(folder / "again.journey.json")) != text or dumps(loads(text)) != text:
        raise AssertionError("saved and loaded back differently")
    return "loaded"


def campaign(name: str, count: int, make, check, hang_s: float, out: Path) -> dict:
    counts: collections.Counter = collections.Counter()
    failures: collections.Counter = collections.Counter()
    slowest = 0.0
    started = time.perf_counter()
    for i in range(count):
        data = make(i)
        t0 = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, hang_s)
        try:
            counts[check(data)] += 1
        except Hang:
            failures["hang"] += 1
            _keep(out, name, i, data)
        except Exception as exc:  # noqa: BLE001 - counting them is the point
            kind = f"{type(exc).__name__}: {str(exc)[:100]}"
            failures[kind] += 1
            if failures[kind] <= 3:
                _keep(out, name, i, data, traceback.format_exc())
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        slowest = max(slowest, time.perf_counter() - t0)
        if (i + 1) % max(1, count // 10) == 0:
            print(f"  {name}: {i + 1:,} done, {sum(failures.values())} failures, "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
    return {"tried": count, **counts, "tracebacks": sum(v for k, v in failures.items()
                                                        if k != "hang"),
            "hangs": failures["hang"], "slowest_s": round(slowest, 3),
            "seconds": round(time.perf_counter() - started, 1),
            "failures": dict(failures.most_common(20))}


def _keep(out: Path, name: str, i: int, data, text: str = "") -> None:
    out.mkdir(parents=True, exist_ok=True)
    payload = data if isinstance(data, bytes) else str(data[1]).encode()
    (out / f"{name}-{i}.bin").write_bytes(payload)
    if text:
        (out / f"{name}-{i}.txt").write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=100_000)
    parser.add_argument("--tables", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--hang", type=float, default=10.0, help="seconds that count as a hang")
    parser.add_argument("--out", default=str(ROOT / "build" / "fuzz"))
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    sys.setrecursionlimit(1000)  # the default: what users run with
    out = Path(args.out)
    rng = random.Random(args.seed)
    docs = [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(SAMPLES.glob("*.journey.json"))]
    smalls = [trimmed(d, n, rng) for d in docs for n in (1, 2, 3) for _ in range(3)]
    folder = Path(tempfile.mkdtemp(prefix="journeymap-fuzz-"))
    results = {}

    def journey_input(i: int) -> bytes:
        # One mutant in ten starts from a whole sample (45 touchpoints, metrics cache).
        base = rng.choice(docs) if i % 10 == 0 else rng.choice(smalls)
        return journey_mutant(base, rng)

    if args.journeys:
        results["journeys"] = campaign("journey", args.journeys, journey_input,
                                       lambda raw: one_journey(raw, folder), args.hang, out)
    if args.tables:
        # The same four sample sources and checks as the property tests.
        from test_tables_robust import HEADS, read_mangled

        keys = sorted(HEADS)

        def table_input(i: int):
            key = rng.choice(keys)
            return key, mangle_table(HEADS[key][2], rng, rng.randint(1, 8))

        results["tables"] = campaign("table", args.tables, table_input,
                                     lambda d: read_mangled(folder, d[0], d[1]),
                                     args.hang, out)
    print(json.dumps(results, indent=2))
    return 0 if all(r["tracebacks"] == 0 and r["hangs"] == 0 for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
