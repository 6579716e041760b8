"""Key drivers (Johnson's relative weights) against an independent computation: the exact
Shapley decomposition of R², by brute force over every subset of drivers.

Relative weights approximate Shapley values; they are equal when the drivers are uncorrelated.
On survey-like data (drivers positively correlated with each other and with the outcome) the
two agree within 1% of R² per driver: 30 random cases of 2–5 drivers with correlations up to
0.8 differed by at most 0.43% of R² when this was written. Suppressor effects (a driver that
hurts the outcome once the others are known) can move them apart by ~10% of R²: there the
question "how much does each matter" has no single answer, and the test does not ask it.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analytics.drivers import (FIX_FIRST, NO_DRIVER, NO_OUTCOME,
                                          bootstrap_weights, drivers_for_journey,
                                          key_drivers, outcome_values, quadrants,
                                          relative_weights)
from journeymap.model import FeedbackSource, Journey, MetricColumn, Stage, Touchpoint, slug

SURVEY = "airline_passenger_satisfaction_test.csv"
#: Relative weights vs Shapley values on survey-like data: see the module docstring.
TOLERANCE = 0.02


def r2_least_squares(x: np.ndarray, y: np.ndarray, columns: tuple[int, ...]) -> float:
    """R² of an ordinary least-squares fit with an intercept, by numpy's lstsq."""
    if not columns:
        return 0.0
    design = np.column_stack([np.ones(len(y)), x[:, list(columns)]])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ coef
    return 1 - residual @ residual / ((y - y.mean()) @ (y - y.mean()))


def shapley(r2_of, p: int) -> np.ndarray:
    """Exact Shapley values of R² over ``p`` drivers; ``r2_of(subset)`` gives R²."""
    r2 = {s: r2_of(s) for k in range(p + 1) for s in itertools.combinations(range(p), k)}
    out = np.zeros(p)
    for j in range(p):
        for subset, value in r2.items():
            if j in subset:
                continue
            weight = (math.factorial(len(subset)) * math.factorial(p - len(subset) - 1)
                      / math.factorial(p))
            out[j] += weight * (r2[tuple(sorted((*subset, j)))] - value)
    return out


def survey_like(seed: int, p: int, n: int = 600) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    rho = rng.uniform(0.1, 0.8)
    cov = np.full((p, p), rho) + np.eye(p) * (1 - rho)
    x = rng.multivariate_normal(np.zeros(p), cov, n)
    y = x @ rng.uniform(0.1, 1, p) + rng.normal(0, rng.uniform(0.5, 2), n)
    return x, y


@pytest.mark.parametrize("seed", range(12))
def test_relative_weights_approximate_the_exact_shapley_decomposition(seed):
    p = 2 + seed % 4
    x, y = survey_like(seed, p)
    weights, r2 = relative_weights(x, y)
    exact = shapley(lambda s: r2_least_squares(x, y, s), p)
    full = r2_least_squares(x, y, tuple(range(p)))
    assert r2 == pytest.approx(full, abs=1e-10)          # R² is the regression's
    assert weights.sum() == pytest.approx(full, abs=1e-10)  # and the weights add up to it
    assert exact.sum() == pytest.approx(full, abs=1e-10)   # (so do the Shapley values)
    assert np.abs(weights - exact).max() <= TOLERANCE * full
    assert list(np.argsort(-weights)[:1]) == list(np.argsort(-exact)[:1])


def test_uncorrelated_drivers_get_their_squared_correlations_exactly():
    rng = np.random.default_rng(3)
    q, _ = np.linalg.qr(rng.normal(size=(400, 4)) - rng.normal(size=(400, 4)).mean(axis=0))
    x = q - q.mean(axis=0)
    x, _ = np.linalg.qr(x)  # centred and orthogonal: sample correlations exactly 0
    y = x @ np.array([3.0, 2.0, 1.0, 0.5]) + rng.normal(0, 0.05, 400)
    weights, r2 = relative_weights(x, y)
    exact = shapley(lambda s: r2_least_squares(x, y, s), 4)
    np.testing.assert_allclose(weights, exact, atol=1e-6)
    np.testing.assert_allclose(weights, [np.corrcoef(x[:, j], y)[0, 1] ** 2 for j in range(4)],
                               atol=1e-6)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 6))
def test_weights_are_never_negative_and_sum_to_r2(seed, p):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(60, p)) @ rng.normal(size=(p, p))
    y = x @ rng.normal(size=p) + rng.normal(size=60)
    weights, r2 = relative_weights(x, y)
    assert (weights >= -1e-12).all()
    assert weights.sum() == pytest.approx(r2, abs=1e-9)
    assert r2 == pytest.approx(r2_least_squares(x, y, tuple(range(p))), abs=1e-8)


def test_the_bootstrap_is_seeded_and_brackets_the_estimate():
    x, y = survey_like(5, 3, n=300)
    a = bootstrap_weights(x, y, 200, seed=7)
    b = bootstrap_weights(x, y, 200, seed=7)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_allclose(a[0].sum(axis=1), a[1])
    c = bootstrap_weights(x, y, 200, seed=8)
    assert not np.array_equal(a[0], c[0])
    weights, _ = relative_weights(x, y)
    low, high = np.percentile(a[0], [2.5, 97.5], axis=0)
    assert (low < weights).all() and (weights < high).all()


def small_table() -> tuple[pd.DataFrame, dict, dict]:
    rng = np.random.default_rng(11)
    n = 400
    a = rng.integers(1, 6, n)
    b = np.clip(a + rng.integers(-1, 2, n), 1, 5)
    c = rng.integers(1, 6, n)
    score = 2 * a + b + 0.2 * c + rng.normal(0, 1.5, n)
    frame = pd.DataFrame({"Pay": a, "Deliver": b, "Return": c,
                          "overall": np.where(score > np.median(score), "happy", "unhappy")})
    frame.loc[:9, "overall"] = None              # ten rows without the outcome
    frame["Return"] = frame["Return"].astype(object)
    frame.loc[10:24, "Return"] = "n/a"           # fifteen rows where a driver does not apply
    metric = MetricColumn("", "rating", 1, 5, ["n/a"])
    columns = {"Pay": "pay", "Deliver": "deliver", "Return": "return"}
    return frame, columns, {c: metric for c in columns}


def test_a_two_valued_outcome_with_listwise_deletion_counted():
    frame, columns, metrics = small_table()
    found = key_drivers(frame, columns, metrics, "overall", positive="Happy", resamples=200)
    assert found.excluded == {NO_OUTCOME: 10, NO_DRIVER: 15}
    assert found.n == 400 - 25 and found.rows == 400
    table = found.touchpoints
    assert list(table["touchpoint"])[:1] == ["pay"]
    assert table["weight"].sum() == pytest.approx(found.r2)
    assert (table["weight_low"] <= table["weight"]).all()
    assert (table["weight"] <= table["weight_high"]).all()
    assert table.set_index("touchpoint")["performance"]["pay"] == pytest.approx(
        frame["Pay"].mean())  # its own measure: every answer, on the declared 1–5 scale


def test_an_outcome_in_words_needs_its_positive_value():
    frame, columns, metrics = small_table()
    with pytest.raises(ValueError, match="two values: declare the positive one"):
        key_drivers(frame, columns, metrics, "overall")
    with pytest.raises(ValueError, match="no row has the positive value 'glad'"):
        key_drivers(frame, columns, metrics, "overall", positive="glad")
    with pytest.raises(ValueError, match="no outcome column 'nps'"):
        key_drivers(frame, columns, metrics, "nps")
    values, missing = outcome_values(pd.Series([3, None, "4", " "]), None)
    assert missing.tolist() == [False, True, False, True] and values[2] == 4


def test_quadrants():
    found = quadrants(np.array([0.3, 0.3, 0.05, 0.05]), np.array([0.2, 0.9, 0.2, 0.9]))
    assert found == [FIX_FIRST, "keep it up", "watch", "don't overinvest"]


# ---------------------------------------------------------------------- real data
@pytest.fixture
def airline(realdata):
    path = realdata / SURVEY
    columns = list(pd.read_csv(path, nrows=0).columns[8:22])
    journey = Journey("Flight")
    journey.add_stage(Stage("fly", "Fly"))
    for column in columns:
        journey.add_touchpoint(Touchpoint(slug(column), column, stage="fly"))
    # 14 service ratings 0–5, where 0 means "not applicable"
    source = FeedbackSource("survey", str(path), layout="wide",
                            metrics=[MetricColumn("", "rating", 0, 5, [0])])
    return journey, source, path, columns


def test_airline_satisfaction_drivers_match_shapley(airline):
    journey, source, path, columns = airline
    found, = drivers_for_journey(journey, [source], "satisfaction", "satisfied",
                                 resamples=300)
    raw = pd.read_csv(path)
    complete = raw[(raw[columns] != 0).all(axis=1)]
    assert found.n == len(complete) and found.rows == len(raw) == 25976
    assert found.excluded == {NO_DRIVER: len(raw) - len(complete)}
    y = (complete["satisfaction"] == "satisfied").to_numpy(float)
    corr = np.corrcoef(np.column_stack([complete[columns].to_numpy(float), y]), rowvar=False)

    def r2_of(subset):  # R² from the correlations: r' R⁻¹ r
        if not subset:
            return 0.0
        r = corr[list(subset), -1]
        return float(r @ np.linalg.solve(corr[np.ix_(subset, subset)], r))

    exact = dict(zip(columns, shapley(r2_of, len(columns))))
    table = found.touchpoints.set_index("column")
    assert found.r2 == pytest.approx(r2_of(tuple(range(len(columns)))), abs=1e-9)
    for column in columns:
        assert abs(table.loc[column, "weight"] - exact[column]) <= TOLERANCE * found.r2
    top = list(table.index[:3])
    print(f"\nairline satisfaction: R² {found.r2:.3f} [{found.r2_low:.3f}, "
          f"{found.r2_high:.3f}], n {found.n:,}")
    for row in found.touchpoints.head(5).itertuples():
        print(f"  {row.label}: {row.weight:.3f} [{row.weight_low:.3f}, {row.weight_high:.3f}]"
              f" performance {row.performance:.2f}/5 {row.quadrant}")
    assert top[0] == "Online boarding" and top[0] == max(exact, key=exact.get)
    assert table.loc["Inflight wifi service", "quadrant"] == FIX_FIRST
    for row in found.touchpoints.itertuples():
        assert row.weight_low < row.weight < row.weight_high


def test_airline_by_class(airline):
    journey, source, _, _ = airline
    found = drivers_for_journey(journey, [source], "satisfaction", "satisfied",
                                by="segment:Class", resamples=100)
    assert [d.segment for d in found] == ["Business", "Eco", "Eco Plus"]
    assert sum(d.rows for d in found) == 25976
