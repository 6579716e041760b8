"""The metrics cache: the last analysis kept in the journey file as plain JSON values.

Written after each analysis the user asked for (attach, refresh) inside that edit's undo
entry, and read at start-up into a :class:`~journeymap.render.evidence.Evidence`, so a map
reopens with its heat at once, before pandas has loaded. Nothing here imports Qt or pandas
(the functions that take an analysis only call its methods), so the app, the sample
generator and scripts share it.

A cache is fresh while its fingerprint equals that of the sources as they are: their
definitions and their files' content (size and SHA-256), not their modification times, so a
copied folder, a download or a git checkout keeps it fresh and the sample journeys can ship
theirs. Hashing reads every source file; the app does it in the analysis worker. A database,
a Parquet folder or a glob is marked cheaply instead (row count and latest timestamp; file
sizes and Parquet footers: :func:`journeymap.analytics.engines.backends.change_marker`).
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from journeymap.model import Journey
from journeymap.model.document import _source as source_document
from journeymap.plain import plain_value
from journeymap.render.evidence import Evidence

#: The per-touchpoint columns kept (what the overlay, its tooltips, the panels and the
#: figures show): the measures on their common scales, a rating's and a CES's mean on the
#: scale its source declared (``rating_mean``, ``_low``, ``_high``, ``rating_scale`` "1–5" or
#: "mixed"; :mod:`journeymap.analytics.units`), what a complaint log says
#: (:mod:`journeymap.analytics.complaints`) and which sources fed the card.
KEPT = ("n", "scored", "friction", "friction_low", "friction_high", "negative_share",
        "nps", "nps_low", "nps_high", "nps_n", "csat", "csat_low", "csat_high", "csat_n",
        "ces", "ces_low", "ces_high", "ces_n", "ces_mean", "ces_mean_low", "ces_mean_high",
        "ces_scale", "rating", "rating_low", "rating_high", "rating_n", "rating_mean",
        "rating_mean_low", "rating_mean_high", "rating_scale",
        "sentiment", "sentiment_negative", "sentiment_neutral", "sentiment_positive",
        "sentiment_n", "complaints", "small_sample", "volume", "reached", "drop_off",
        "emotion", "measured_emotion", "typical_friction", "emotion_disagrees",
        "friction_basis", "complaint_count", "complaint_share", "complaints_per_1000",
        "complaints_per_1000_low", "complaints_per_1000_high", "complaint_themes", "sources")
#: What the cache's rows hold, part of its :func:`fingerprint`: a cache written with fewer
#: columns (before 2, without own units and complaint logs) reads as stale once, so the
#: app recomputes it at the next Refresh; it still opens and shows what it has.
COLUMNS_VERSION = 2


def file_digest(path: str | Path) -> list[Any] | None:
    """``[size, sha256 hex]`` of the file at ``path`` (None when it cannot be read). By
    content, not modification time: a copied folder, a git checkout or a ``touch`` leave it
    as it was. SHA-256 because OpenSSL's is the fastest hash here (85 MB in about 60 ms,
    blake2b 93 ms); :func:`hashlib.file_digest` reads in chunks and lets other threads run
    while it hashes one. Slow for big files: never call it on the GUI thread."""
    import hashlib  # here, not at start-up: it loads OpenSSL (~3 ms before the first paint)

    try:
        with open(path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256")
            return [handle.tell(), digest.hexdigest()]
    except OSError:
        return None


def source_digests(journey: Journey, base_dir: str | Path) -> dict[str, list[Any] | None]:
    """:func:`file_digest` of each of ``journey``'s source files, by resolved path (a file
    two sources read is hashed once). Reads every source file: call it in a worker."""
    digests: dict[str, list[Any] | None] = {}
    for source in journey.sources:
        key = _digest_key(source, base_dir)
        if key in digests:
            continue
        if source.url or source.is_dataset(base_dir):
            # a database, a folder or a glob: a cheap marker, not every byte (pandas and
            # the engines are imported here only: this runs in the worker)
            from journeymap.analytics.engines.backends import change_marker

            digests[key] = change_marker(source, base_dir)
        else:
            digests[key] = file_digest(key)
    return digests


def _digest_key(source, base_dir: str | Path) -> str:
    """Where a source's digest is kept: its file's resolved path, or a database source's
    URL (without password) and table or query."""
    if source.url:
        from journeymap.model.sources import redact_url

        return f"{redact_url(source.url)} {source.table or source.query}"
    return str(source.resolve(base_dir))


def fingerprint(journey: Journey, base_dir: str | Path,
                digests: dict[str, list[Any] | None] | None = None) -> str:
    """What an analysis of ``journey`` depends on: its sources' definitions and their files'
    size and content hash (a changed byte or source makes the cache stale; a new
    modification time alone does not). Without ``digests`` (from :func:`source_digests`)
    it reads every source file: call it in a worker.

    Caches written before content hashing hold a fingerprint of sizes and modification
    times, which never equals this one: they read as stale once, until the next Refresh."""
    if digests is None:
        digests = source_digests(journey, base_dir)
    parts = [[source_document(source), digests.get(_digest_key(source, base_dir))]
             for source in journey.sources]
    parts.append(["columns", COLUMNS_VERSION])  # what the rows hold: older ones are stale
    text = json.dumps(parts, sort_keys=True, default=str)
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:16]


#: The form of a cache's "computed" time (what :func:`cache_of` writes).
_COMPUTED = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z", re.ASCII)


def computed_text(cache: dict[str, Any] | None) -> str:
    """When a cache's analysis was made, as people write it, in local time: "30 Sep 2026,
    02:00" ("" when unknown or unreadable).

    Read with a pattern, not ``datetime.strptime``: the heat's caption shows this before the
    first paint, and strptime's first call imports ``_strptime`` and compiles its locale's
    patterns (~4 ms of the start-up)."""
    value = cache.get("computed") if isinstance(cache, dict) else None
    found = _COMPUTED.fullmatch(value) if isinstance(value, str) else None
    if found is None:
        return ""
    try:
        when = datetime(*(int(part) for part in found.groups()))
    except ValueError:  # 2026-02-30 and the like
        return ""
    local = when.replace(tzinfo=timezone.utc).astimezone()
    return f"{local.day} {local:%b %Y, %H:%M}"


def cache_of(analysis: Any, journey: Journey, base_dir: str | Path, *,
             fingerprinted: str | None = None,
             computed: datetime | None = None) -> dict[str, Any]:
    """The cache document of ``analysis`` (an analysis without ``by``).

    ``fingerprinted`` is the :func:`fingerprint` taken before the sources were read (so a
    file changed during the analysis makes the cache stale, never falsely fresh); without
    it the files are hashed now. ``computed`` is when the analysis was made (default now;
    the sample generator gives its data's fixed date, so its files come out byte for byte).
    """
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
    when = (computed or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return {
        "computed": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "fingerprint": fingerprinted or fingerprint(journey, base_dir),
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


def _transition_rows(cache_or_analysis: Any) -> list[dict[str, Any]]:
    """The transitions customers took, as dicts, from a cache or an analysis."""
    if isinstance(cache_or_analysis, dict):
        return cache_or_analysis.get("transitions", [])
    return cache_or_analysis.transitions.to_dict("records")


def step_times(cache_or_analysis: Any) -> dict[tuple[str, str], tuple[float, float]]:
    """(median, 90th percentile) seconds between the steps of each transition customers
    took, from an analysis or a cache."""
    out = {}
    for r in _transition_rows(cache_or_analysis):
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
    found = [(str(r["source"]), str(r["target"]), float(r["volume"] or 0))
             for r in _transition_rows(cache_or_analysis) if not r["in_map"]]
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


__all__ = ["COLUMNS_VERSION", "KEPT", "base_dir", "cache_of", "duration", "evidence_of_cache",
           "file_digest", "fingerprint", "missing_transitions", "relative_path",
           "source_digests", "step_times"]
