"""How cases walked the journey compared with how it was designed.

The map's transitions are the allowed moves and the stage order is the expected order. Every
case is a sequence of steps (a :class:`~.caselog.CaseLog`); a *move* is two consecutive steps of
a case at touchpoints of the map. Definitions (README, "Paths and conformance"):

- **reached** — cases with at least one step at the touchpoint.
- **skipped** — cases that never reached the touchpoint although it lies on the designed route
  between two consecutive steps they took: for a move a → b that is no transition of the map,
  the touchpoints strictly inside the shortest designed path from a to b (ties broken by the
  map's order) are the steps jumped over.
- **out of order** — cases with a step at the touchpoint taken after a step of a *later* stage
  (a review written before the delivery it reviews makes the delivery out of order).
- **repeated** — cases with more than one step at the touchpoint (loops, rework).
- per transition: **walked** (moves that took it) and **designed** (a transition of the map),
  so a transition is walked and designed, designed but never walked, or walked but not
  designed; moves touching an unmapped step are walked and not designed.
- **fitness** of a case = synchronous steps / (steps + designed steps jumped over), in 0..1: a
  step is *synchronous* unless it is unmapped or reached by a move that no designed path
  explains (no path from the previous step in the map); a move a → b that is no transition but
  has a designed path adds that path's inner touchpoints as steps the case jumped over. A case
  walking only transitions of the map has fitness 1. **Overall fitness** is the mean over cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from journeymap.model import Journey

from .caselog import CaseLog
from .events import _group_quantiles

STATES = ("reached", "skipped", "out_of_order", "repeated")


@dataclass
class Conformance:
    """Per touchpoint × group counts of :data:`STATES`, per transition volumes and delays,
    and per case fitness. Arrays with a group axis have one row per group (one in all when
    the log is not split); the ``*_table`` methods give tables for one group or for all."""

    journey: Journey
    log: CaseLog
    counts: dict[str, np.ndarray]          # state -> (groups, touchpoints)
    group_cases: np.ndarray                # cases per group
    transitions: pd.DataFrame              # every walked or designed transition
    transition_volume: np.ndarray          # (groups, transitions) moves
    transition_cases: np.ndarray           # (groups, transitions) distinct cases
    fitness: np.ndarray                    # per case
    model_moves: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))
    log_moves: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))

    @property
    def cases(self) -> int:
        return self.log.cases

    def group_index(self, group: str | None) -> int | None:
        if group is None:
            return None
        if group not in self.log.group_names:
            raise ValueError(f"no group {group!r} (groups: {', '.join(self.log.group_names)})")
        return self.log.group_names.index(group)

    def overall_fitness(self, group: str | None = None) -> float:
        index = self.group_index(group)
        values = self.fitness if index is None else self.fitness[self.log.groups == index]
        return float(values.mean()) if len(values) else float("nan")

    def touchpoint_table(self, group: str | None = None) -> pd.DataFrame:
        """touchpoint, label, stage and, per :data:`STATES`, the count of cases and its share
        of the cases (``reached_share`` …)."""
        index = self.group_index(group)
        tps = self.journey.touchpoints()
        out = pd.DataFrame({"touchpoint": [tp.id for tp in tps],
                            "label": [tp.label for tp in tps],
                            "stage": [tp.stage for tp in tps]})
        cases = self.group_cases.sum() if index is None else self.group_cases[index]
        for state in STATES:
            values = self.counts[state]
            values = values.sum(axis=0) if index is None else values[index]
            out[state] = values.astype(np.int64)
            out[f"{state}_share"] = values / cases if cases else np.nan
        return out

    def transition_table(self, group: str | None = None) -> pd.DataFrame:
        """source, target, volume (moves), cases (distinct cases), share of the source's
        outgoing moves, median and 90th-percentile seconds (over the whole log), in_map and
        kind (designed transitions), mapped (both ends are touchpoints of the map)."""
        index = self.group_index(group)
        table = self.transitions.copy()
        if index is not None:
            table["volume"] = self.transition_volume[index]
            table["cases"] = self.transition_cases[index]
        leaving = table.groupby("source")["volume"].transform("sum")
        table["share"] = table["volume"] / leaving.where(leaving > 0)
        return table

    def unmapped(self) -> pd.DataFrame:
        """Values of the log that are no touchpoint: value, events, cases."""
        t = self.log.step
        extra = t >= self.log.mapped
        values = np.asarray(self.log.activities, dtype=object)
        if not extra.any():
            return pd.DataFrame({"value": pd.Series(dtype=object),
                                 "events": pd.Series(dtype=np.int64),
                                 "cases": pd.Series(dtype=np.int64)})
        frame = pd.DataFrame({"value": values[t[extra]], "case": self.log.case[extra]})
        grouped = frame.groupby("value", sort=False)["case"]
        out = pd.DataFrame({"events": grouped.size(), "cases": grouped.nunique()})
        return out.reset_index().sort_values(["events", "value"], ascending=[False, True],
                                             ignore_index=True)


def _pair_routes(journey: Journey, pairs: np.ndarray, count: int
                 ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """For moves a → b (``pairs`` = a × count + b, touchpoint codes): designed?, explained by
    a longer designed path (then its inner touchpoint codes), or unexplained.

    One breadth-first search per distinct source, stopping once every target asked of it is
    found; neighbours are visited in map order, so ties between shortest paths always break
    the same way."""
    ids = journey.touchpoint_ids()
    index = {key: i for i, key in enumerate(ids)}
    successors: list[list[int]] = [[] for _ in ids]
    for tr in sorted(journey.transitions(), key=lambda t: (index[t.source], index[t.target])):
        successors[index[tr.source]].append(index[tr.target])
    designed_edges = {(a, b) for a, nexts in enumerate(successors) for b in nexts}
    src, dst = pairs // count, pairs % count
    designed = np.array([(int(a), int(b)) in designed_edges for a, b in zip(src, dst)],
                        dtype=bool)
    unexplained = np.zeros(len(pairs), dtype=bool)
    inner: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * len(pairs)
    wanted: dict[int, list[int]] = {}
    for i in np.flatnonzero(~designed):
        wanted.setdefault(int(src[i]), []).append(int(i))
    for a, asked in wanted.items():
        targets = {int(dst[i]) for i in asked} - {a}
        parent = {a: -1}
        frontier = [a]
        while frontier and not targets.issubset(parent):
            following = []
            for v in frontier:
                for w in successors[v]:
                    if w not in parent:
                        parent[w] = v
                        following.append(w)
            frontier = following
        for i in asked:
            b = int(dst[i])
            if b == a or b not in parent:
                unexplained[i] = True
                continue
            path = []
            v = parent[b]
            while v != a:
                path.append(v)
                v = parent[v]
            inner[i] = np.array(path[::-1], dtype=np.int64)
    return designed, unexplained, inner


def _distinct(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique keys (sorted) and how often each occurs. A sort, not a hash table: with
    millions of distinct keys (case × touchpoint) pandas' factorize is 5-10× slower."""
    ordered = np.sort(keys)
    if not len(ordered):
        return ordered.astype(np.int64), np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[starts].astype(np.int64), np.diff(np.r_[starts, len(ordered)])


def _codes(keys: np.ndarray, domain: int) -> tuple[np.ndarray, np.ndarray]:
    """(codes, uniques) of keys known to lie in 0..domain-1: a lookup table when the domain
    is small (pairs of touchpoints), a hash otherwise."""
    if domain <= 20_000_000:
        present = np.bincount(keys, minlength=domain) > 0 if len(keys) else \
            np.zeros(domain, dtype=bool)
        uniques = np.flatnonzero(present)
        lookup = np.zeros(domain, dtype=np.int64)
        lookup[uniques] = np.arange(len(uniques))
        return lookup[keys], uniques.astype(np.int64)
    codes, uniques = pd.factorize(keys, sort=False)
    return codes.astype(np.int64), np.asarray(uniques, dtype=np.int64)


def conform(log: CaseLog, journey: Journey) -> Conformance:
    """Check every case of ``log`` against ``journey``: see the module's definitions."""
    ids = journey.touchpoint_ids()
    count = len(ids)
    size = max(count, 1)
    stage_ids = [s.id for s in journey.stages]
    stage_of = np.array([stage_ids.index(journey.touchpoint(k).stage) for k in ids]
                        + [-1] * (len(log.activities) - count), dtype=np.int64)
    c, t = log.case, log.step
    ncases = log.cases
    groups = max(1, len(log.group_names))
    g_case = np.where(log.groups >= 0, log.groups, 0) if ncases else np.zeros(0, np.int64)
    mapped = t < count
    everything = bool(mapped.all())  # the usual case: no copies of the mapped steps

    def per_group(case_codes: np.ndarray, tp_codes: np.ndarray) -> np.ndarray:
        keys = g_case[case_codes] * size + tp_codes
        return np.bincount(keys, minlength=groups * size)[:groups * size].reshape(groups, size)

    # Reached and repeated: distinct (case, touchpoint) pairs and their event counts.
    cm, tm = (c, t) if everything else (c[mapped], t[mapped])
    pair_keys, pair_counts = _distinct(cm * size + tm)
    reached = per_group(pair_keys // size, pair_keys % size)
    again = pair_keys[pair_counts > 1]
    repeated = per_group(again // size, again % size)

    # Moves between consecutive mapped steps, explained by the design or not.
    same = cm[1:] == cm[:-1]
    move_case = cm[1:][same]
    move_pair = tm[:-1][same] * size + tm[1:][same]
    codes, uniques = _codes(move_pair, size * size)
    designed, unexplained, inner = _pair_routes(journey, uniques, size)
    jumped = np.array([len(x) for x in inner], dtype=np.int64)
    move_jumped = jumped[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    model_moves = np.bincount(move_case, weights=move_jumped, minlength=ncases)
    log_moves = (np.bincount(move_case, weights=unexplained[codes].astype(float) if len(codes) else None,
                             minlength=ncases)
                 + np.bincount(c[~mapped], minlength=ncases))
    steps = log.lengths().astype(float) if ncases else np.zeros(0)
    fitness = (steps - log_moves) / np.where(steps + model_moves > 0, steps + model_moves, 1)

    # Out of order: a step whose stage is before the latest stage the case already reached
    # since it last took a designed transition back to an earlier stage (a designed loop,
    # such as ordering again, starts the expected order afresh).
    stages = len(stage_ids)
    stage = stage_of[tm]
    designed_move = designed[codes] if len(codes) else np.zeros(0, dtype=bool)
    back = designed_move & (stage[1:][same] < stage[:-1][same])
    restart = np.r_[True, ~same]
    restart[1:][np.flatnonzero(same)[back]] = True
    run = np.cumsum(restart) - 1
    ladder = run * (stages + 1) + (stage + 1)
    before = (np.r_[-1, np.maximum.accumulate(ladder)[:-1]] - run * (stages + 1) - 1
              if len(ladder) else np.zeros(0, dtype=np.int64))
    late = stage < before
    late_keys, _ = _distinct(cm[late] * size + tm[late])
    out_of_order = per_group(late_keys // size, late_keys % size)

    # Skipped: the inner touchpoints of explained jumps, for cases that never reached them.
    chosen = np.flatnonzero(move_jumped > 0)
    if len(chosen):
        flat = np.concatenate(inner)
        offsets = np.r_[0, np.cumsum(jumped)[:-1]]
        reps = move_jumped[chosen]
        within = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
        tp_rep = flat[np.repeat(offsets[codes[chosen]], reps) + within]
        case_rep = np.repeat(move_case[chosen], reps)
        keys, _ = _distinct(case_rep * size + tp_rep)
        where = np.minimum(np.searchsorted(pair_keys, keys), max(len(pair_keys) - 1, 0))
        keys = keys[pair_keys[where] != keys] if len(pair_keys) else keys
        skipped = per_group(keys // size, keys % size)
    else:
        skipped = np.zeros((groups, size), dtype=np.int64)

    transitions, volume_g, cases_g = _transitions(log, journey, g_case, groups)
    group_cases = np.bincount(g_case, minlength=groups)[:groups]
    counts = {"reached": reached[:, :count], "skipped": skipped[:, :count],
              "out_of_order": out_of_order[:, :count], "repeated": repeated[:, :count]}
    return Conformance(journey, log, counts, group_cases, transitions, volume_g, cases_g,
                       fitness, model_moves, log_moves)


def _transitions(log: CaseLog, journey: Journey, g_case: np.ndarray, groups: int
                 ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Every walked pair of consecutive steps (unmapped ones too) and every designed
    transition never walked: volume, distinct cases, median and p90 seconds."""
    names = log.activities
    size = max(len(names), 1)
    c, t, s = log.case, log.step, log.time
    same = c[1:] == c[:-1]
    pair = t[:-1][same] * size + t[1:][same]
    move_case = c[1:][same]
    if len(pair):
        keys, volume, (median, p90) = _group_quantiles(pair, (s[1:] - s[:-1])[same] / 1e9,
                                                       (0.5, 0.9))
    else:
        keys = np.zeros(0, dtype=np.int64)
        volume = median = p90 = np.zeros(0)
    ids = journey.touchpoint_ids()
    index = {key: i for i, key in enumerate(ids)}
    walked = set(keys.tolist())
    never = sorted(index[tr.source] * size + index[tr.target] for tr in journey.transitions()
                   if index[tr.source] * size + index[tr.target] not in walked)
    all_keys = np.r_[keys, np.asarray(never, dtype=np.int64)].astype(np.int64)
    k = len(all_keys)
    if len(pair) and size * size <= 20_000_000:
        lookup = np.zeros(size * size, dtype=np.int64)
        lookup[keys] = np.arange(len(keys))
        where = lookup[pair]
    else:
        where = np.searchsorted(keys, pair) if len(pair) else np.zeros(0, dtype=np.int64)
    volume_g = np.bincount(g_case[move_case] * k + where, minlength=groups * k)[:groups * k] \
        .reshape(groups, k) if k else np.zeros((groups, 0), dtype=np.int64)
    distinct, _ = _distinct(move_case * k + where) if len(pair) else (np.zeros(0, np.int64),
                                                                      None)
    cases_g = np.bincount(g_case[distinct // max(k, 1)] * k + distinct % max(k, 1),
                          minlength=groups * k)[:groups * k].reshape(groups, k) if k else \
        np.zeros((groups, 0), dtype=np.int64)
    table, order = transition_frame(journey, names, log.mapped, keys, np.asarray(never),
                                    volume, cases_g.sum(axis=0), median, p90)
    return table, volume_g[:, order], cases_g[:, order]


def transition_frame(journey: Journey, names: list[str], mapped: int, keys: np.ndarray,
                     never: np.ndarray, volume: np.ndarray, cases: np.ndarray,
                     median: np.ndarray, p90: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """The transition table (walked pairs ``keys`` = source × activities + target with
    their volume, cases and delays, then the designed pairs ``never`` walked), most walked
    first, and the order that sorted it."""
    size = max(len(names), 1)
    index = {key: i for i, key in enumerate(journey.touchpoint_ids())}
    all_keys = np.r_[keys, never].astype(np.int64)
    src, dst = all_keys // size, all_keys % size
    source = [names[i] for i in src]
    target = [names[i] for i in dst]
    in_map = [journey.has_transition(a, b) if a in index and b in index else False
              for a, b in zip(source, target)]
    table = pd.DataFrame({
        "source": source, "target": target,
        "volume": np.r_[volume, np.zeros(len(never))].astype(np.int64),
        "cases": np.asarray(cases).astype(np.int64),
        "median_seconds": np.r_[median, np.full(len(never), np.nan)],
        "p90_seconds": np.r_[p90, np.full(len(never), np.nan)],
        "in_map": np.asarray(in_map, dtype=bool),
        "kind": [journey.transition(a, b).kind if ok else "" for a, b, ok
                 in zip(source, target, in_map)],
        "mapped": (src < mapped) & (dst < mapped)})
    order = np.lexsort((table["target"].to_numpy(dtype=str), table["source"].to_numpy(dtype=str),
                        -table["volume"].to_numpy()))
    return table.iloc[order].reset_index(drop=True), order
