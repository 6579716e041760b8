"""The sample journeys a new user opens first: valid, rich, with the feedback they promise,
and exactly what ``scripts/make_samples.py`` writes."""

from __future__ import annotations

import csv
import filecmp
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from journeymap.model import load, validate_file
from journeymap.model.elements import TOUCHPOINT_KINDS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_journeys"
GENERATOR = ROOT / "scripts" / "make_samples.py"
NAMES = ("online_order", "saas_trial", "air_trip")
FILES = [SAMPLES / f"{name}.journey.json" for name in NAMES]
IDS = list(NAMES)


def specs() -> dict:
    """The generator's specs of the samples (bad rows, ...), from scripts/sample_data."""
    sys.path[:0] = [str(GENERATOR.parent)]
    try:
        from sample_data import SAMPLES as SPECS
    finally:
        del sys.path[0]
    return SPECS


def header_and_rows(path: Path, delimiter: str = ",") -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    return rows[0], rows[1:]


def test_the_three_samples_are_there_and_nothing_else():
    assert sorted(p.name for p in SAMPLES.glob("*.journey.json")) == sorted(
        f"{n}.journey.json" for n in NAMES)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_sample_is_valid(path: Path):
    assert validate_file(path) == []


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_sample_is_rich(path: Path):
    journey = load(path)
    touchpoints = journey.touchpoints()
    assert 20 <= len(touchpoints) <= 60
    assert 5 <= len(journey.stages) <= 8
    assert all(journey.touchpoints(s.id) for s in journey.stages), "an empty stage"
    assert 2 <= len(journey.personas) <= 3
    assert all(len(p.description) > 80 for p in journey.personas)
    assert {tp.lane for tp in touchpoints} == {lane.id for lane in journey.lanes}
    assert {tp.kind for tp in touchpoints} == set(TOUCHPOINT_KINDS)
    assert len({tp.channel for tp in touchpoints}) >= 5
    assert all(tp.owner and tp.description and tp.position for tp in touchpoints)
    assert all(tp.tags for tp in touchpoints)
    # Emotions per persona on every customer-facing touchpoint.
    personas = {p.id for p in journey.personas}
    facing = [tp for tp in touchpoints if tp.lane in ("customer", "frontstage")]
    assert all(set(tp.emotions) == personas and tp.emotion is not None for tp in facing)
    assert sum(len(tp.pain_points) for tp in touchpoints) >= 25
    assert len(journey.opportunities) >= 15
    scored = [o for o in journey.opportunities if o.priority is not None]
    assert len(scored) >= 10 and len({o.status for o in journey.opportunities}) >= 3
    assert any(len(o.touchpoints) > 1 for o in scored)
    quotes = [n for tp in touchpoints for n in tp.notes if n.startswith('"')]
    assert len(quotes) >= 3
    # A graph, not a line: failures, recoveries, alternatives, loops, some volumes.
    transitions = journey.transitions()
    kinds = Counter(t.kind for t in transitions)
    assert kinds["failure"] >= 3 and kinds["recovery"] >= 3 and kinds["alternative"] >= 3
    assert not nx.is_directed_acyclic_graph(journey.graph)
    assert sum(t.volume is not None for t in transitions) >= 5
    assert all(journey.graph.degree(tp.id) > 0 for tp in touchpoints), "an orphan card"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_feedback_files_hold_the_declared_columns(path: Path):
    journey = load(path)
    ids = set(journey.touchpoint_ids())
    labels = {tp.label for tp in journey.touchpoints()}
    roles = Counter(s.role for s in journey.sources)
    assert roles["feedback"] >= 1 and roles["events"] == 1
    for source in journey.sources:
        file = path.parent / source.path
        assert file.is_file(), source.path
        header, rows = header_and_rows(file, str(source.options.get("delimiter", ",")))
        declared = [source.touchpoint_column, source.comment_column, source.timestamp_column,
                    source.case_column, *source.segment_columns,
                    *(m.column for m in source.metrics), *source.wide_columns]
        missing = [c for c in declared if c and c not in header]
        assert not missing, f"{source.path} lacks {missing}"
        assert all(len(row) == len(header) for row in rows)
        if source.layout == "wide":
            assert set(source.wide_columns.values()) <= ids
            assert all(column in labels for column in source.wide_columns)
            assert source.metrics[0].na == [0]
            assert len(rows) >= 1000
        elif source.role == "feedback":
            assert len(rows) >= 5000
            column = header.index(source.touchpoint_column)
            known = ids if source.match == "id" else labels
            strangers = [row[column] for row in rows if row[column] not in known]
            assert 1 <= len(strangers) <= 5, "only the documented bad rows name no touchpoint"
            kinds = {m.kind for m in source.metrics}
            assert kinds == {"nps", "csat", "ces"}
            # Not every response carries every metric, as in real surveys.
            for metric in source.metrics:
                filled = sum(bool(row[header.index(metric.column)]) for row in rows)
                assert 0.2 * len(rows) < filled < len(rows)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_event_log_walks_the_map_with_a_few_unmapped_steps(path: Path):
    journey = load(path)
    source = next(s for s in journey.sources if s.role == "events")
    header, rows = header_and_rows(path.parent / source.path)
    assert header == ["case_id", "touchpoint", "timestamp"]
    assert {row[1] for row in rows} <= set(journey.touchpoint_ids())
    assert rows == sorted(rows, key=lambda r: r[2]), "a log comes in time order"
    steps: Counter[tuple[str, str]] = Counter()
    last: dict[str, str] = {}
    for case, touchpoint, _ in rows:
        if case in last:
            steps[last[case], touchpoint] += 1
        last[case] = touchpoint
    assert len(last) >= 1500, "a few thousand customers"
    unmapped = {step for step in steps if not journey.has_transition(*step)}
    assert 3 <= len(unmapped) <= 8
    assert sum(steps[s] for s in unmapped) < 0.05 * sum(steps.values())


def test_samples_stay_small():
    size = sum(p.stat().st_size for p in SAMPLES.rglob("*") if p.is_file())
    assert size < 12_000_000


def test_readme_documents_every_bad_row():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for spec in specs().values():
        for bad in spec.survey.bad_rows:
            assert f"{spec.survey.id_prefix}{bad.at + 1:06d}" in readme
        for bad in spec.wide.bad_rows if spec.wide else ():
            assert f"P{bad.at + 1:06d}" in readme


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_analysis_rejects_the_bad_rows_and_flags_the_planted_disagreements(path: Path):
    """What README promises a new user: the rejected-rows report lists the planted rows, and
    the disagreement flag marks the planted workshop scores."""
    from journeymap.analytics import analyse

    spec = specs()[path.name.removesuffix(".journey.json")]
    analysis = analyse(load(path), base_dir=path.parent)
    rejected = {key: sum(counts.values()) for key, counts in analysis.rejected_counts.items()}
    assert rejected == {"survey": len(spec.survey.bad_rows), "event-log": 0,
                        **({"passenger-survey": len(spec.wide.bad_rows)} if spec.wide else {})}
    # The workshop scores planted to contradict the data are flagged, and nothing else: each
    # is a verdict (+1 or more, −1 or less) at least a point from how customers feel, and the
    # flag compares with the map's typical friction, so the baseline of unhappy answers
    # every survey has does not flag the rest.
    planted = {t.touchpoint.id for t in spec.touchpoints
               if t.touchpoint.emotion is not None and abs(t.truth - t.touchpoint.emotion) >= 1}
    assert len(planted) == 2
    assert all(abs(spec_of(spec, key).touchpoint.emotion) >= 1 for key in planted)
    flagged = set(analysis.touchpoints.loc[analysis.touchpoints["emotion_disagrees"],
                                           "touchpoint"])
    assert flagged == planted


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_scores_are_at_the_levels_real_surveys_report(path: Path):
    """A consultant should believe the numbers: most moments 70–90% satisfied with an NPS
    above zero and little effort; the hot spots clearly worse, but not wiped out."""
    from journeymap.analytics import analyse

    table = analyse(load(path), base_dir=path.parent).touchpoints
    enough = table[(table["n"] >= 30) & table["csat"].notna()]
    assert 70 <= enough["csat"].median() <= 88
    assert 5 <= enough["nps"].median() <= 50
    assert 2 <= enough["ces"].median() <= 3.5
    assert (enough["csat"] >= 75).mean() >= 0.35
    assert enough["csat"].min() >= 30 and enough["csat"].max() <= 97
    assert (enough["nps"] < 0).sum() >= 5  # the hot spots and the moments that go wrong


def spec_of(spec, key: str):
    return next(t for t in spec.touchpoints if t.touchpoint.id == key)


def test_generator_recreates_every_file_byte_for_byte(tmp_path: Path):
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(SAMPLES) for p in SAMPLES.rglob("*")
                       if p.is_file() and p.name != "README.md")
    assert made == committed
    for rel in made:
        assert filecmp.cmp(tmp_path / rel, SAMPLES / rel, shallow=False), rel
