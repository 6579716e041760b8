"""From a :class:`~.spec.JourneySpec` to a journey with its feedback sources, and to files."""

from __future__ import annotations

import tempfile
import zlib
from datetime import datetime, timezone
from pathlib import Path

from journeymap.model import (FeedbackSource, Journey, MetricColumn, Opportunity, Transition,
                              dumps)
from journeymap.model.fileformat import write_atomic
from journeymap.model.layout import auto_layout

from .events import walk
from .opportunities import SCORES
from .spec import JourneySpec
from .survey import long_survey, wide_survey

FEEDBACK_DIR = "feedback"


def _sources(spec: JourneySpec) -> list[FeedbackSource]:
    s, c = spec.survey, spec.survey.columns
    segs = [seg.column for seg in s.segments]
    sources = [FeedbackSource(
        id="survey", path=f"{FEEDBACK_DIR}/{s.file}",
        name="Transactional survey (one row per response)", role="feedback", layout="long",
        format="csv", touchpoint_column=c["touchpoint"], match=s.match,
        metrics=[MetricColumn(c["nps"], "nps", 0, 10), MetricColumn(c["csat"], "csat", 1, 5),
                 MetricColumn(c["ces"], "ces", 1, 7)],
        comment_column=c["comment"], segment_columns=segs, timestamp_column=c["submitted_at"],
        options={"delimiter": s.delimiter} if s.delimiter != "," else {})]
    if spec.wide is not None:
        w = spec.wide
        by_id = {t.touchpoint.id: t.touchpoint for t in spec.touchpoints}
        sources.append(FeedbackSource(
            id="passenger-survey", path=f"{FEEDBACK_DIR}/{w.file}",
            name="Post-trip survey (one row per passenger, 0 = not applicable)",
            role="feedback", layout="wide", format="csv", match="label",
            wide_columns={by_id[key].label: key for key in w.touchpoints},
            metrics=[MetricColumn("", "rating", 1, 5, [0])],
            comment_column="overall_comment",
            segment_columns=[seg.column for seg in w.segments],
            timestamp_column="submitted_at"))
    sources.append(FeedbackSource(
        id="event-log", path=f"{FEEDBACK_DIR}/{spec.events.file}",
        name="Event log (one row per customer step)", role="events", layout="long",
        format="csv", touchpoint_column="touchpoint", match="id", timestamp_column="timestamp",
        case_column="case_id"))
    return sources


def journey_of(spec: JourneySpec) -> Journey:
    """The map: personas, stages, touchpoints laid out on the grid, transitions, sources."""
    journey = Journey(spec.title, spec.description)
    for persona in spec.personas:
        journey.add_persona(persona)
    for stage in spec.stages:
        journey.add_stage(stage)
    for t in spec.touchpoints:
        journey.add_touchpoint(t.touchpoint.copy())
    for e in spec.edges:
        if e.in_map:
            journey.connect(Transition(e.source, e.target, e.kind, e.label, e.volume))
    auto_layout(journey)
    scores = SCORES.get(spec.name, {})
    for t in spec.touchpoints:
        tp = t.touchpoint
        for idea in t.ideas:
            score = scores.get(idea)
            linked = [tp.id, *(score.also if score else ())]
            journey.add_opportunity(Opportunity(
                id=journey.new_id(idea, "opp"), title=idea,
                touchpoints=linked,
                pain_points=[p for key in linked for p in journey.touchpoint(key).pain_points],
                customer_value=score.customer_value if score else None,
                business_value=score.business_value if score else None,
                effort=score.effort if score else None,
                confidence=score.confidence if score else None,
                owner=(score.owner if score and score.owner else tp.owner),
                status=score.status if score else "idea"))
    unknown = set(scores) - {idea for t in spec.touchpoints for idea in t.ideas}
    if unknown:
        raise ValueError(f"{spec.name}: scores for ideas no card has: {sorted(unknown)}")
    for source in _sources(spec):
        journey.add_source(source)
    return journey


def seed_of(spec: JourneySpec, what: str) -> int:
    """A seed per file, so changing one sample does not reshuffle the others."""
    return zlib.crc32(f"{spec.name}/{what}".encode())


def extracted_on(spec: JourneySpec) -> datetime:
    """When the sample's data was taken out of the systems (the last day any of it covers,
    the event log's cutoff included): the time its metrics cache says it was computed, so
    the cache, like everything else, comes out the same on every run."""
    days = [spec.survey.end, spec.events.cutoff or spec.events.end]
    if spec.wide is not None:
        days.append(spec.wide.end)
    last = max(days)
    return datetime(last.year, last.month, last.day, tzinfo=timezone.utc)


def metrics_cache(journey: Journey, data: dict[str, bytes], spec: JourneySpec) -> dict:
    """The metrics cache the app would store after analysing ``data`` (feedback files by
    path relative to the journey), so a new user's first map shows its heat at first
    paint. Analysed from a temporary copy: the cache depends on the bytes alone."""
    from journeymap.analytics import analyse
    from journeymap.metrics_cache import cache_of

    with tempfile.TemporaryDirectory(prefix="journeymap-sample-") as folder:
        for rel, content in data.items():
            path = Path(folder) / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        analysis = analyse(journey, base_dir=folder)
        return cache_of(analysis, journey, folder, computed=extracted_on(spec))


def files_of(spec: JourneySpec) -> dict[str, bytes]:
    """Every file of a sample, by path relative to the samples folder: the journey (with
    its metrics cache) and its feedback."""
    data = {f"{FEEDBACK_DIR}/{spec.survey.file}": long_survey(spec, seed_of(spec, "survey")),
            f"{FEEDBACK_DIR}/{spec.events.file}": walk(spec, seed_of(spec, "events"))}
    if spec.wide is not None:
        data[f"{FEEDBACK_DIR}/{spec.wide.file}"] = wide_survey(spec, seed_of(spec, "wide"))
    journey = journey_of(spec)
    journey.metrics_cache = metrics_cache(journey, data, spec)
    return {f"{spec.name}.journey.json": dumps(journey).encode("utf-8"), **data}


def write(spec: JourneySpec, out: Path) -> list[Path]:
    """Write a sample's files under ``out`` (atomically, one by one); return their paths."""
    written = []
    for rel, data in files_of(spec).items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        written.append(path)
    return written
