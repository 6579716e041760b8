"""Two segments or periods walking the journey differently, said in words.

For groups A and B of a split :class:`~.conformance.Conformance`, every touchpoint's shares of
cases that reached, skipped, went out of order at and repeated it, and every transition's
share of cases that walked it, are compared with the two-proportion z test
(:func:`.compare._share_test`); the p values are adjusted for the number of comparisons with
Benjamini–Hochberg (:func:`.compare.benjamini_hochberg`). The differences with q < ``alpha``
become sentences, largest difference in share first:

    Mobile customers skip 'Choose delivery slot' 3.1× as often as desktop customers
    (42% vs 13%, q < 0.001)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .compare import _share_test, benjamini_hochberg
from .conformance import STATES, Conformance

_VERBS = {"reached": "reach {}", "skipped": "skip {}", "out_of_order": "reach {} out of order",
          "repeated": "repeat {}"}


def path_deltas(conformance: Conformance, a: str, b: str, alpha: float = 0.05
                ) -> pd.DataFrame:
    """One row per compared share (touchpoint states, then transitions): what, share_a,
    share_b, difference (b − a), ratio (higher / lower share), p_value, q_value,
    significant (q < ``alpha``) and the sentence; significant rows first, largest
    difference first."""
    ia, ib = conformance.group_index(a), conformance.group_index(b)
    na, nb = float(conformance.group_cases[ia]), float(conformance.group_cases[ib])
    labels = {tp.id: tp.label for tp in conformance.journey.touchpoints()}
    ids = conformance.journey.touchpoint_ids()
    what, subject, ka, kb = [], [], [], []
    for state in STATES:
        counts = conformance.counts[state]
        for i, key in enumerate(ids):
            what.append(state)
            subject.append(key)
            ka.append(counts[ia, i])
            kb.append(counts[ib, i])
    trans = conformance.transitions
    for j, (src, dst) in enumerate(zip(trans["source"], trans["target"])):
        what.append("transition")
        subject.append(f"{src} → {dst}")
        ka.append(conformance.transition_cases[ia, j])
        kb.append(conformance.transition_cases[ib, j])
    ka_, kb_ = np.asarray(ka, dtype=float), np.asarray(kb, dtype=float)
    tested = (ka_ + kb_) > 0
    p1, p2, diff, _half, p = _share_test(ka_, np.full(len(ka_), na), kb_, np.full(len(kb_), nb))
    p = np.where(tested, p, np.nan)
    q = benjamini_hochberg(p)
    table = pd.DataFrame({"what": what, "subject": subject, "cases_a": ka_.astype(np.int64),
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
