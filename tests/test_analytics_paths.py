"""Variants and conformance on hand-made logs whose answers are known."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analytics.caselog import build_case_log, read_case_log
from journeymap.analytics.conformance import conform
from journeymap.analytics.deltas import path_deltas
from journeymap.analytics.paths import OTHER, analyse_paths, variants
from journeymap.model import FeedbackSource, Journey, Stage, Touchpoint, Transition

T0 = pd.Timestamp("2026-01-01 09:00", tz="UTC")


def line_journey() -> Journey:
    """a → b (stage 1), c (stage 2), d (stage 3): a straight designed line."""
    journey = Journey("Line")
    for s in ("s1", "s2", "s3"):
        journey.add_stage(Stage(s, s.upper()))
    for key, stage in (("a", "s1"), ("b", "s1"), ("c", "s2"), ("d", "s3")):
        journey.add_touchpoint(Touchpoint(key, f"Step {key.upper()}", stage=stage))
    for a, b in (("a", "b"), ("b", "c"), ("c", "d")):
        journey.connect(Transition(a, b))
    return journey


#: case -> steps (one letter each; X is a value the map does not know)
CASES = {"1": "abcd", "2": "abcd", "3": "abd", "4": "acbd", "5": "abcbcd", "6": "abXd",
         "7": "dc"}


def make_log(cases=CASES, journey=None, groups=None):
    journey = journey or line_journey()
    ids = journey.touchpoint_ids()
    rows = [(case, step, T0 + pd.Timedelta(minutes=7 * i + int(case)))
            for case, steps in cases.items() for i, step in enumerate(steps)]
    rng = np.random.default_rng(1)
    rows = [rows[i] for i in rng.permutation(len(rows))]  # file order is not time order
    frame = pd.DataFrame(rows, columns=["case", "step", "time"])
    extra = sorted(set(frame["step"]) - set(ids))
    group = None if groups is None else frame["case"].map(groups)
    return build_case_log(frame["case"], pd.Categorical(frame["step"], categories=ids + extra),
                          frame["time"], mapped=len(ids), group=group)


def states(cf):
    return cf.touchpoint_table().set_index("touchpoint")[
        ["reached", "skipped", "out_of_order", "repeated"]]


def test_variants_count_cases_share_coverage_and_time():
    table = variants(make_log())
    assert list(table["path"].iloc[0]) == list("abcd")
    assert table["cases"].tolist() == [2, 1, 1, 1, 1, 1]
    assert table["cases"].sum() == len(CASES)
    assert table["share"].iloc[0] == pytest.approx(2 / 7)
    assert table["coverage"].iloc[-1] == pytest.approx(1.0)
    assert table["median_seconds"].iloc[0] == 3 * 7 * 60
    assert Counter(map(tuple, table["path"])) == Counter(
        tuple(x if x != "X" else "X" for x in s) for s in set(CASES.values()))
    # Among equally common variants, the one seen first in the log comes first.
    assert list(table["path"].iloc[1]) == list("abd")


def test_top_variants_and_the_other_bucket():
    table = variants(make_log(), top=2)
    assert len(table) == 3
    assert table["path"].iloc[-1] == (OTHER,)
    assert table["cases"].iloc[-1] == 4
    assert table["coverage"].iloc[-1] == pytest.approx(1.0)
    assert table.attrs["variants"] == 6


def test_skips_loops_out_of_order_and_unmapped_steps():
    cf = conform(make_log(), line_journey())
    got = states(cf)
    # c is jumped over by cases 3 (a b d) and 6 (a b X d), who never reach it;
    # case 4 jumps b and c (a → c, b → d) but reaches both: not a skip.
    assert got.loc["c", "skipped"] == 2
    assert got.loc["b", "skipped"] == 0
    # b after c (cases 4 and 5), c after d (case 7): out of order.
    assert got.loc["b", "out_of_order"] == 2
    assert got.loc["c", "out_of_order"] == 1
    assert got.loc["d", "out_of_order"] == 0
    # case 5 loops b → c → b → c
    assert got.loc["b", "repeated"] == 1 and got.loc["c", "repeated"] == 1
    assert got["reached"].tolist() == [6, 6, 5, 7]
    fitness = dict(zip(cf.log.names, cf.fitness))
    assert fitness["1"] == fitness["2"] == 1.0
    assert fitness["3"] == pytest.approx(3 / 4)     # 3 steps in sync, 1 designed step jumped
    assert fitness["4"] == pytest.approx(3 / 6)     # c → b unexplained; b and c jumped over
    assert fitness["6"] == pytest.approx(3 / 5)     # X unmapped; c jumped over
    assert fitness["7"] == pytest.approx(1 / 2)     # d → c: no designed path
    assert cf.overall_fitness() == pytest.approx(np.mean(list(fitness.values())))
    unmapped = cf.unmapped()
    assert unmapped.to_dict("records") == [{"value": "X", "events": 1, "cases": 1}]


def test_transitions_walked_designed_and_never_walked():
    journey = line_journey()
    journey.add_touchpoint(Touchpoint("e", "Step E", stage="s3"))
    journey.connect(Transition("d", "e", kind="alternative"))
    table = conform(make_log(journey=journey), journey).transition_table() \
        .set_index(["source", "target"])
    assert table.loc[("a", "b"), "volume"] == 5 and table.loc[("a", "b"), "in_map"]
    assert table.loc[("b", "c"), "volume"] == 4 and table.loc[("b", "c"), "cases"] == 3
    assert table.loc[("d", "e"), "volume"] == 0 and table.loc[("d", "e"), "in_map"]
    assert table.loc[("d", "e"), "kind"] == "alternative"
    assert not table.loc[("b", "d"), "in_map"] and table.loc[("b", "d"), "volume"] == 2
    assert not table.loc[("b", "X"), "mapped"] and not table.loc[("X", "d"), "in_map"]
    assert table.loc[("a", "b"), "median_seconds"] == 7 * 60
    assert table.loc[("a", "b"), "share"] == pytest.approx(5 / 6)


def test_a_designed_loop_back_restarts_the_expected_order():
    journey = line_journey()
    journey.connect(Transition("d", "a", kind="expected"))  # order again
    cf = conform(make_log({"1": "abcdabcd", "2": "abcdb"}, journey), journey)
    got = states(cf)
    assert got.loc["a", "out_of_order"] == 0 and got.loc["a", "repeated"] == 1
    assert got.loc["b", "out_of_order"] == 1          # case 2: d → b is not designed
    assert dict(zip(cf.log.names, cf.fitness))["1"] == 1.0


def test_groups_split_counts_and_deltas_in_words():
    cases = {str(i): ("abd" if i < 40 else "abcd") for i in range(100)}
    cases.update({str(i): ("abcd" if i < 110 else "abd") for i in range(100, 200)})
    groups = {str(i): "mobile" if i < 100 else "desktop" for i in range(200)}
    cf = conform(make_log(cases, groups=groups), line_journey())
    assert cf.log.group_names == ["desktop", "mobile"]
    mobile = cf.touchpoint_table("mobile").set_index("touchpoint")
    desktop = cf.touchpoint_table("desktop").set_index("touchpoint")
    assert mobile.loc["c", "skipped"] == 40 and desktop.loc["c", "skipped"] == 90
    assert (cf.touchpoint_table()["skipped"] == mobile["skipped"].to_numpy()
            + desktop["skipped"].to_numpy()).all()
    deltas = path_deltas(cf, "mobile", "desktop")
    top = deltas.iloc[0]
    assert top["significant"] and top["q_value"] < 0.001
    skip = deltas[(deltas["what"] == "skipped") & (deltas["subject"] == "c")].iloc[0]
    assert skip["sentence"] == ("desktop customers skip 'Step C' 2.2× as often as mobile "
                                "customers (90% vs 40%, q < 0.001)")
    # Nothing differs at a: no sentence claims it does.
    assert not deltas[deltas["subject"] == "a"]["significant"].any()
    with pytest.raises(ValueError, match="no group 'tablet'"):
        path_deltas(cf, "mobile", "tablet")


def test_reading_keeps_unknown_steps_as_unmapped(tmp_path):
    rows = [("k1", "a", "2026-01-01T09:00"), ("k1", "coupon", "2026-01-01T09:01"),
            ("k1", "b", "2026-01-01T09:02"), ("k2", "a", "2026-01-01T10:00"),
            ("k2", "b", "not a time"), ("", "a", "2026-01-01T10:00")]
    path = tmp_path / "log.csv"
    pd.DataFrame(rows, columns=["case_id", "touchpoint", "timestamp"]).to_csv(path, index=False)
    journey = line_journey()
    log, tables = read_case_log(journey, [FeedbackSource("log", str(path), role="events")])
    assert log.cases == 2
    assert log.activities[log.mapped:] == ["coupon"]
    assert tables[0].rejected_counts["unknown touchpoint"] == 1
    cf = conform(log, journey)
    assert cf.unmapped()["value"].tolist() == ["coupon"]
    assert variants(log)["path"].tolist() == [("a", "coupon", "b"), ("a",)]


def test_an_empty_log():
    journey = line_journey()
    log = build_case_log(pd.Series([], dtype=object),
                         pd.Categorical([], categories=journey.touchpoint_ids()),
                         pd.Series([], dtype="datetime64[ns, UTC]"))
    cf = conform(log, journey)
    assert cf.cases == 0 and np.isnan(cf.overall_fitness())
    assert len(variants(log)) == 0
    assert cf.transition_table()["volume"].tolist() == [0, 0, 0]


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text("0123456789", min_size=1, max_size=3),
                       st.text("abcdX", min_size=1, max_size=7), min_size=1, max_size=25))
def test_properties_on_random_logs(cases):
    journey = line_journey()
    cf = conform(make_log(cases, journey), journey)
    assert ((cf.fitness >= 0) & (cf.fitness <= 1)).all()
    table = variants(make_log(cases, journey))
    # the hashed grouping equals grouping the sequences themselves
    expected = Counter(cases.values())
    got = {"".join(p): n for p, n in zip(table["path"], table["cases"])}
    assert got == dict(expected)
    tps = states(cf)
    for key in journey.touchpoint_ids():
        reached = sum(key in s for s in cases.values())
        assert tps.loc[key, "reached"] == reached
        assert tps.loc[key, "repeated"] == sum(s.count(key) > 1 for s in cases.values())
        assert tps.loc[key, "skipped"] + reached <= len(cases)
    perfect = [k for k, s in cases.items() if s in ("a", "ab", "abc", "abcd", "b", "bc",
                                                     "bcd", "c", "cd", "d")]
    fitness = dict(zip(cf.log.names, cf.fitness))
    assert all(fitness[k] == 1.0 for k in perfect)


def device_log(tmp_path, tablets: int = 10):
    """The split of ``test_groups_split_counts_and_deltas_in_words`` as a CSV with a device
    column: 40 of 100 mobile cases and 90 of 100 desktop cases skip c; ``tablets`` tablet
    cases and 5 cases without a device walk a b c d."""
    rows = []
    for i in range(200 + tablets + 5):
        device = ("mobile" if i < 100 else "desktop" if i < 200 else
                  "tablet" if i < 200 + tablets else "")
        skips = i < 40 or 110 <= i < 200
        for n, step in enumerate("abd" if skips else "abcd"):
            rows.append((f"k{i}", step, (T0 + pd.Timedelta(minutes=n)).isoformat(), device))
    path = tmp_path / "log.csv"
    pd.DataFrame(rows, columns=["case_id", "touchpoint", "timestamp", "device"]) \
        .to_csv(path, index=False)
    return path


def test_compare_paths_picks_the_two_largest_and_says_why_it_cannot(tmp_path):
    from journeymap.analytics.caselog import split_columns
    from journeymap.analytics.deltas import compare_paths

    journey = line_journey()
    journey.add_source(FeedbackSource("log", str(device_log(tmp_path)), role="events"))
    _, tables = read_case_log(journey)
    assert split_columns(tables) == ["device"]
    found = compare_paths(journey, "segment:device")
    assert found.groups == [("desktop", 100), ("mobile", 100), ("tablet", 10),
                            ("(missing)", 5)]
    assert (found.a, found.b, found.problem) == ("desktop", "mobile", "")
    skip = found.deltas[(found.deltas["what"] == "skipped")
                        & (found.deltas["source"] == "c")].iloc[0]
    assert skip["sentence"] == ("desktop customers skip 'Step C' 2.2× as often as mobile "
                                "customers (90% vs 40%, q < 0.001)")
    # the same numbers as the command line's computation on the same split
    direct = path_deltas(found.conformance, "desktop", "mobile")
    assert direct["sentence"].tolist() == found.deltas["sentence"].tolist()
    # a cached split is reused: other groups without reading again
    again = compare_paths(journey, "segment:device", "mobile", "tablet",
                          conformance=found.conformance)
    assert again.conformance is found.conformance and again.deltas is None
    assert again.problem == "Too few cases in tablet (10; at least 30 are needed)."
    assert compare_paths(journey, "segment:device", "mobile", "mobile",
                         conformance=found.conformance).problem == \
        "Choose two different groups."
    # the command line's use: the groups as named, small ones compared too
    named = compare_paths(journey, "segment:device", "mobile", "tablet",
                          conformance=found.conformance, min_cases=0, strict=True)
    assert named.problem == "" and (named.a, named.b) == ("mobile", "tablet")
    assert named.deltas["sentence"].tolist() == \
        path_deltas(found.conformance, "mobile", "tablet")["sentence"].tolist()
    with pytest.raises(ValueError, match="no group 'phablet'"):
        compare_paths(journey, "segment:device", "mobile", "phablet",
                      conformance=found.conformance, strict=True)
    one = compare_paths(journey, "period:M")
    assert one.groups == [("2026-01", 215)] and one.deltas is None
    assert one.problem == "All cases fall in one group (2026-01): nothing to compare."


def test_a_split_into_too_many_groups_is_refused_in_words(tmp_path, monkeypatch, capsys):
    from journeymap.analytics import deltas
    from journeymap.cli import main
    from journeymap.model import save

    monkeypatch.setattr(deltas, "MAX_GROUPS", 3)   # device has 4 values, an id has thousands
    journey = line_journey()
    journey.add_source(FeedbackSource("log", str(device_log(tmp_path)), role="events"))
    found = deltas.compare_paths(journey, "segment:device")
    assert found.conformance is None and found.groups == [] and found.deltas is None
    assert found.problem == ("device has 4 distinct values: too many groups to compare (at "
                             "most 3). Choose a column of categories.")
    path = tmp_path / "line.journey.json"
    save(journey, path)
    with pytest.raises(deltas.TooManyGroups, match="too many groups"):
        analyse_paths(journey, by="segment:device")
    assert main(["paths", str(path), "--by", "segment:device"]) == 1
    assert "--by segment:device: device has 4 distinct values" in capsys.readouterr().err
    assert deltas.compare_paths(journey, "period:M").problem.startswith("All cases fall")
