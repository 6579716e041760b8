"""The metrics cache: the last analysis kept in the journey file as plain JSON values.

Written after each analysis the user asked for (attach, refresh) inside that edit's undo
entry, and read at start-up into a :class:`~journeymap.render.evidence.Evidence`, so a map
reopens with its heat at once, before pandas has loaded. Nothing here imports pandas: the
functions that take an analysis only call its methods.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from journeymap.model import Journey
from journeymap.model.document import _source as source_document
from journeymap.plain import plain_value
from journeymap.render.evidence import Evidence

#: The per-touchpoint columns kept (what the overlay, its tooltips and the panels show).
KEPT = ("n", "scored", "friction", "friction_low", "friction_high", "negative_share",
        "nps", "nps_low", "nps_high", "nps_n", "csat", "csat_low", "csat_high", "csat_n",
        "ces", "ces_low", "ces_high", "ces_n", "rating", "rating_low", "rating_high", "rating_n",
        "sentiment", "sentiment_negative", "sentiment_neutral", "sentiment_positive",
        "sentiment_n", "complaints", "small_sample", "volume", "reached", "drop_off",
        "emotion", "measured_emotion", "typical_friction", "emotion_disagrees")


def fingerprint(journey: Journey, base_dir: str | Path) -> str:
    """What an analysis of ``journey`` depends on: its sources and their files' size and
    modification time (a changed file or source makes the cache stale)."""
    parts = []
    for source in journey.sources:
        try:
            stat = os.stat(source.resolve(base_dir))
            state = [stat.st_size, int(stat.st_mtime)]
        except OSError:
            state = None
        parts.append([source_document(source), state])
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def cache_of(analysis: Any, journey: Journey, base_dir: str | Path) -> dict[str, Any]:
    """The cache document of ``analysis`` (an analysis without ``by``)."""
    overall = analysis.overall if analysis.overall is not None else analysis.touchpoints
    touchpoints: dict[str, dict[str, Any]] = {}
    for record in overall.to_dict("records"):
        row = {}
        for key in KEPT:
            value = plain_value(record.get(key))
            if value is not None:
                row[key] = value
        touchpoints[str(record["touchpoint"])] = row
    transitions = []
    for record in analysis.transitions.to_dict("records"):
        step = {"source": str(record["source"]), "target": str(record["target"]),
                "volume": plain_value(record["volume"]) or 0, "in_map": bool(record["in_map"])}
        for key in ("median_seconds", "p90_seconds"):
            value = plain_value(record.get(key))
            if value is not None:
                step[key] = value
        transitions.append(step)
    return {
        "computed": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "fingerprint": fingerprint(journey, base_dir),
        "small_sample": int(analysis.small_sample),
        "touchpoints": touchpoints,
        "transitions": transitions,
        "rejected": {k: {r: int(c) for r, c in v.items()}
                     for k, v in analysis.rejected_counts.items() if v},
    }


def evidence_of_cache(cache: dict[str, Any] | None) -> Evidence | None:
    """The evidence a cache holds (None when there is no usable cache)."""
    if not cache or not isinstance(cache.get("touchpoints"), dict):
        return None
    evidence = Evidence(small_sample=int(cache.get("small_sample", 30)), has_feedback=True)
    evidence.touchpoints = {key: {"touchpoint": key, **row}
                            for key, row in cache["touchpoints"].items()}
    for t in cache.get("transitions", []):
        evidence.transitions[(t["source"], t["target"])] = float(t.get("volume") or 0)
    return evidence


def step_times(cache_or_analysis: Any) -> dict[tuple[str, str], tuple[float, float]]:
    """(median, 90th percentile) seconds between the steps of each transition customers
    took, from an analysis or a cache."""
    if isinstance(cache_or_analysis, dict):
        rows = cache_or_analysis.get("transitions", [])
    else:
        rows = cache_or_analysis.transitions.to_dict("records")
    out = {}
    for r in rows:
        median, p90 = plain_value(r.get("median_seconds")), plain_value(r.get("p90_seconds"))
        if median is not None and p90 is not None:
            out[(str(r["source"]), str(r["target"]))] = (float(median), float(p90))
    return out


def duration(seconds: float) -> str:
    """``5400`` -> ``1.5 h``: the unit a person would use."""
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            value = seconds / size
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{seconds:.0f} s"


def missing_transitions(cache_or_analysis: Any) -> list[tuple[str, str, float]]:
    """Transitions customers took that the map lacks: (source, target, volume), busiest
    first, from an analysis or a cache."""
    if isinstance(cache_or_analysis, dict):
        rows = cache_or_analysis.get("transitions", [])
    else:
        rows = cache_or_analysis.transitions.to_dict("records")
    found = [(str(r["source"]), str(r["target"]), float(r["volume"] or 0))
             for r in rows if not r["in_map"]]
    return sorted(found, key=lambda t: -t[2])


def relative_path(path: str | Path, journey_path: str | None) -> str:
    """``path`` relative to the journey file's folder when it lies inside it (so the map
    and its data move together), else absolute."""
    path = Path(os.path.abspath(path))  # links are kept: a linked data folder stays relative
    if journey_path:
        try:
            return path.relative_to(Path(os.path.abspath(journey_path)).parent).as_posix()
        except ValueError:  # elsewhere: keep it absolute rather than climbing with ../..
            pass
    return str(path)


def base_dir(journey_path: str | None) -> Path:
    """The folder that the journey's relative source paths start from."""
    return Path(journey_path).resolve().parent if journey_path else Path.cwd()


__all__ = ["KEPT", "base_dir", "cache_of", "duration", "evidence_of_cache", "fingerprint",
           "missing_transitions", "relative_path", "step_times"]
