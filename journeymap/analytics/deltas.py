"""Two segments or periods walking the journey differently, said in words.

For groups A and B of a split :class:`~.conformance.Conformance`, every touchpoint's shares of
cases that reached, skipped, went out of order at and repeated it, and every transition's
share of cases that walked it, are compared with the two-proportion z test
(:func:`.compare._share_test`); the p values are adjusted for the number of comparisons with
Benjamini–Hochberg (:func:`.compare.benjamini_hochberg`). The differences with q < ``alpha``
become sentences, largest difference in share first:

    Mobile customers skip 'Choose delivery slot' 3.1× as often as desktop customers
    (42% vs 13%, q < 0.001)

:func:`compare_paths` is the whole computation behind the app's Compare tab: read the log
split by segment or period, check it against the map, pick the groups (by default the two
largest) and compare them, or say why it cannot (one group only, too few cases).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from journeymap.measures import SMALL_SAMPLE

from .compare import _share_test, benjamini_hochberg
from .conformance import STATES, Conformance

MAX_GROUPS = 1000   # groups a split may have (see too_many_groups)

_VERBS = {"reached": "reach {}", "skipped": "skip {}", "out_of_order": "reach {} out of order",
          "repeated": "repeat {}"}


def path_deltas(conformance: Conformance, a: str, b: str, alpha: float = 0.05
                ) -> pd.DataFrame:
    """One row per compared share (touchpoint states, then transitions): what, subject
    (a touchpoint, or "source → target"), source and target (the touchpoint and "" for a
    state), cases_a, cases_b, share_a, share_b, difference (b − a), ratio (higher / lower share), p_value, q_value,
    significant (q < ``alpha``) and the sentence; significant rows first, largest
    difference first."""
    ia, ib = conformance.group_index(a), conformance.group_index(b)
    na, nb = float(conformance.group_cases[ia]), float(conformance.group_cases[ib])
    labels = {tp.id: tp.label for tp in conformance.journey.touchpoints()}
    ids = conformance.journey.touchpoint_ids()
    what, subject, source, target, ka, kb = [], [], [], [], [], []
    for state in STATES:
        counts = conformance.counts[state]
        for i, key in enumerate(ids):
            what.append(state)
            subject.append(key)
            source.append(key)
            target.append("")
            ka.append(counts[ia, i])
            kb.append(counts[ib, i])
    trans = conformance.transitions
    for j, (src, dst) in enumerate(zip(trans["source"], trans["target"])):
        what.append("transition")
        subject.append(f"{src} → {dst}")
        source.append(str(src))
        target.append(str(dst))
        ka.append(conformance.transition_cases[ia, j])
        kb.append(conformance.transition_cases[ib, j])
    ka_, kb_ = np.asarray(ka, dtype=float), np.asarray(kb, dtype=float)
    tested = (ka_ + kb_) > 0
    p1, p2, diff, _half, p = _share_test(ka_, np.full(len(ka_), na), kb_, np.full(len(kb_), nb))
    p = np.where(tested, p, np.nan)
    q = benjamini_hochberg(p)
    table = pd.DataFrame({"what": what, "subject": subject, "source": source,
                          "target": target, "cases_a": ka_.astype(np.int64),
                          "cases_b": kb_.astype(np.int64), "share_a": p1, "share_b": p2,
                          "difference": diff, "p_value": p, "q_value": q})
    high = np.maximum(p1, p2)
    low = np.minimum(p1, p2)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["ratio"] = np.where(low > 0, high / low, np.inf)
    table["significant"] = (table["q_value"] < alpha).fillna(False).astype(bool)
    table["sentence"] = [_sentence(row, a, b, labels) for row in table.itertuples()]
    table = table[tested].copy()
    table["order"] = -table["difference"].abs()
    return table.sort_values(["significant", "order", "subject"],
                             ascending=[False, True, True], kind="stable") \
        .drop(columns="order").reset_index(drop=True)


def _quote(key: str, labels: dict[str, str]) -> str:
    return f"'{labels.get(key, key)}'"


def _sentence(row, a: str, b: str, labels: dict[str, str]) -> str:
    if row.what == "transition":
        src, dst = row.subject.split(" → ", 1)
        action = f"go from {_quote(src, labels)} to {_quote(dst, labels)}"
    else:
        action = _VERBS[row.what].format(_quote(row.subject, labels))
    more, less = (b, a) if row.share_b >= row.share_a else (a, b)
    hi, lo = max(row.share_a, row.share_b), min(row.share_a, row.share_b)
    if lo > 0:
        how = f"{hi / lo:.1f}× as often as {less} customers"
    else:
        how = f"where {less} customers never do"
    q = row.q_value
    evidence = "q < 0.001" if q < 0.001 else f"q = {q:.3f}" if q == q else "untested"
    return f"{more} customers {action} {how} ({100 * hi:.0f}% vs {100 * lo:.0f}%, {evidence})"


@dataclass
class PathComparison:
    """What :func:`compare_paths` found: the groups of the split (name, cases; largest
    first), the two compared, their differences (:func:`path_deltas`, None when they cannot
    be compared) and, then, ``problem``: why, in words."""

    by: str
    conformance: Conformance | None        # None when the split had too many groups
    groups: list[tuple[str, int]]
    a: str = ""
    b: str = ""
    deltas: pd.DataFrame | None = None
    problem: str = ""
    notes: list[str] = field(default_factory=list)


class TooManyGroups(ValueError):
    """A split into more groups than can be compared (the message: :func:`too_many_groups`)."""


def too_many_groups(by: str, count: int) -> str:
    """Why a split into ``count`` groups is refused ("" if it is not): every group holds a
    row of counts per touchpoint and transition, so an id-like column (a distinct value per
    case) would take gigabytes and compare nothing useful."""
    if count <= MAX_GROUPS:
        return ""
    name = by.partition(":")[2] or by
    return (f"{name} has {count:,} distinct values: too many groups to compare (at most "
            f"{MAX_GROUPS:,}). Choose a column of categories.")


def groups_by_size(conformance: Conformance) -> list[tuple[str, int]]:
    """(group, cases) of a split log, most cases first; equal sizes by name, and cases
    without a segment value ("(missing)") after every named group."""
    from .analysis import MISSING_GROUP

    sizes = [(g, int(n)) for g, n in zip(conformance.log.group_names, conformance.group_cases)]
    return sorted(sizes, key=lambda gn: (gn[0] == MISSING_GROUP, -gn[1], gn[0]))


def compare_paths(journey, by: str, a: str = "", b: str = "", sources=None,
                  base_dir=".", progress=None, cancelled=None,
                  conformance: Conformance | None = None, alpha: float = 0.05,
                  min_cases: int = SMALL_SAMPLE, strict: bool = False) -> PathComparison:
    """Split the journey's event log ``by`` (``segment:COL`` or ``period:W|M|Q``) and
    compare groups ``a`` and ``b`` (by default the two largest, see :func:`groups_by_size`)
    with :func:`path_deltas`. A ``conformance`` already split the same way is reused (the
    log is not read again). Each group needs at least ``min_cases`` cases (``SMALL_SAMPLE``,
    as a metric does to be shown without a small-sample flag); otherwise ``problem`` says so.
    ``strict`` takes ``a`` and ``b`` as named (the command line): a ValueError names the
    split's groups when one is not among them, where the app lets the largest stand in. Reports
    ``progress(fraction, message)`` and stops with :class:`~.analysis.Cancelled` when
    ``cancelled()`` turns True."""
    from .caselog import read_case_log
    from .conformance import conform
    from .paths import stepper

    step = stepper(progress, cancelled)

    notes: list[str] = []
    if conformance is None:
        step(0.0, "reading the event log")
        log, tables = read_case_log(journey, sources, base_dir, by)
        notes = [n for t in tables for n in t.notes]
        problem = too_many_groups(by, len(log.group_names))
        if problem:
            return PathComparison(by, None, [], problem=problem, notes=notes)
        step(0.5, f"checking {log.cases:,} cases against the map")
        conformance = conform(log, journey)
    groups = groups_by_size(conformance)
    if strict:
        conformance.group_index(a)
        conformance.group_index(b)
    out = PathComparison(by, conformance, groups, notes=notes)
    sizes = dict(groups)
    if len(groups) < 2:
        out.problem = ("No cases to compare." if not groups else
                       f"All cases fall in one group ({groups[0][0]}): nothing to compare.")
        return out
    out.a = a if a in sizes else next(g for g, _ in groups if g != b)
    out.b = b if b in sizes else next(g for g, _ in groups if g != out.a)
    if out.a == out.b:
        out.problem = "Choose two different groups."
        return out
    small = [(g, sizes[g]) for g in (out.a, out.b) if sizes[g] < min_cases]
    if small:
        out.problem = "; ".join(f"too few cases in {g} ({n:,}; at least {min_cases} are "
                                "needed)" for g, n in small)
        out.problem = out.problem[0].upper() + out.problem[1:] + "."
        return out
    step(0.8, f"comparing {out.b} with {out.a}")
    out.deltas = path_deltas(conformance, out.a, out.b, alpha)
    step(1.0, "done")
    return out
