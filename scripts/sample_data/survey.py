"""Survey exports: long layout (one row per response) and wide layout (one row per respondent).

Every response has a latent feeling: the touchpoint's ``truth``, plus the effects of the
respondent's segments, of any hot spot that applies (a segment, a period), plus personal noise.
Each score the survey asked is read off that feeling with its own small noise, so NPS, CSAT and
CES of one response agree the way real ones do, and the comment matches the scores.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime, timedelta

from .comments import band_of, comment
from .spec import HotSpot, JourneySpec, Segment, SurveySpec, TouchpointSpec, WideSurveySpec


#: How a touchpoint's ``truth`` (−2..+2) moves the latent feeling, where a touchpoint whose
#: truth is 0 sits, and the spread of feelings among its customers. Calibrated to what
#: transactional surveys report: an ordinary moment (truth 0 to +1.5) gets 73–90% satisfied
#: (CSAT 4–5), an NPS of about +10 to +50 and a mean effort of 2–3; even a bad one (−2) keeps
#: about 40% satisfied, and the hot spots' segments and periods push it lower.
TRUTH_WEIGHT = 0.5
LATENT_SHIFT = 0.3
LATENT_SD = 1.05
#: How strongly a hot spot's effect moves the feeling of the customers it applies to: enough
#: to take their CSAT to about 25–50% and their NPS well below zero, not to wipe them out.
HOT_SPOT_WEIGHT = 0.75


def _clamp(v: float, lo: int, hi: int) -> int:
    return max(lo, min(hi, round(v)))


def nps_of(z: float, rng: random.Random) -> int:
    return _clamp(7.5 + 1.5 * z + rng.gauss(0, 0.8), 0, 10)


def csat_of(z: float, rng: random.Random) -> int:
    v = z + rng.gauss(0, 0.35)
    return 1 if v < -1.45 else 2 if v < -0.75 else 3 if v < -0.45 else 4 if v < 0.7 else 5


def ces_of(z: float, rng: random.Random) -> int:
    return _clamp(3.1 - 1.25 * z + rng.gauss(0, 0.7), 1, 7)


def rating_of(z: float, rng: random.Random) -> int:
    """A 1–5 rating (the wide survey's scale)."""
    return _clamp(3.4 + 1.05 * z + rng.gauss(0, 0.5), 1, 5)


_HOURS = [0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.4, 1.0, 1.6, 1.8, 1.7, 1.6, 1.9, 1.8, 1.5, 1.4, 1.4,
          1.5, 1.8, 2.2, 2.6, 2.4, 1.6, 0.7]


def moment(rng: random.Random, start: date, end: date) -> datetime:
    """A time in [start, end) with a daily rhythm (evenings busiest) and quieter Saturdays."""
    days = (end - start).days
    while True:
        day = start + timedelta(days=rng.randrange(days))
        if day.weekday() != 5 or rng.random() < 0.7:
            break
    hour = rng.choices(range(24), weights=_HOURS)[0]
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))


def pick_segments(rng: random.Random, segments: list[Segment]) -> dict[str, str]:
    out = {}
    for seg in segments:
        values = list(seg.values)
        weights = [seg.values[v][0] for v in values]
        choice = rng.choices(values, weights=weights)[0]
        out[seg.column] = "" if seg.blank and rng.random() < seg.blank else choice
    return out


def feeling(rng: random.Random, spec: TouchpointSpec, segs: dict[str, str], when: datetime,
            segments: list[Segment], hot_spots: list[HotSpot]) -> float:
    """The latent feeling of one respondent at one touchpoint."""
    z = TRUTH_WEIGHT * spec.truth + LATENT_SHIFT + rng.gauss(0, LATENT_SD)
    for seg in segments:
        value = segs.get(seg.column, "")
        if value:
            z += seg.values[value][1]
    for hot in hot_spots:
        if spec.touchpoint.id not in hot.touchpoints:
            continue
        if hot.column and segs.get(hot.column) != hot.value:
            continue
        if hot.start and not hot.start <= when.date() < hot.end:
            continue
        z += HOT_SPOT_WEIGHT * hot.effect
    return z


def _write(rows: list[list[str]], delimiter: str = ",") -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def long_survey(journey: JourneySpec, seed: int) -> bytes:
    """The long-layout survey CSV of a journey, bad rows included."""
    s: SurveySpec = journey.survey
    rng = random.Random(seed)
    col = s.columns
    seg_cols = [seg.column for seg in s.segments]
    header = [col["response_id"], col["touchpoint"], col["submitted_at"], col["nps"],
              col["csat"], col["ces"], col["comment"], *seg_cols]
    surveyed = [t for t in journey.touchpoints if t.survey > 0]
    weights = [t.survey for t in surveyed]
    bad = {b.at: b for b in s.bad_rows}
    role_of = {name: role for role, name in col.items()}
    rows: list[list[str]] = [header]
    for i in range(s.rows):
        spec = rng.choices(surveyed, weights=weights)[0]
        when = moment(rng, s.start, s.end)
        segs = pick_segments(rng, s.segments)
        z = feeling(rng, spec, segs, when, s.segments, s.hot_spots)
        nps = nps_of(z, rng) if rng.random() < s.p_nps else None
        csat = csat_of(z, rng) if rng.random() < s.p_csat else None
        ces = ces_of(z, rng) if rng.random() < s.p_ces * (2 if spec.effort else 1) else None
        if nps is None and csat is None and ces is None:
            csat = csat_of(z, rng)
        band = band_of(csat, nps, ces)
        wants = s.p_comment * (1.6 if band == "negative" else 1.0)
        text = comment(rng, band, spec.good, spec.bad) if rng.random() < wants else ""
        key = spec.touchpoint.id if s.match == "id" else spec.touchpoint.label
        row = {
            "response_id": f"{s.id_prefix}{i + 1:06d}", "touchpoint": key,
            "submitted_at": when.strftime(s.timestamp_format),
            "nps": "" if nps is None else str(nps), "csat": "" if csat is None else str(csat),
            "ces": "" if ces is None else str(ces), "comment": text,
        }
        if i in bad:  # bad rows name columns as the file does
            row.update({role_of.get(k, k): v for k, v in bad[i].values.items()})
        rows.append([row[k] for k in ("response_id", "touchpoint", "submitted_at", "nps",
                                      "csat", "ces", "comment")] + [segs[c] for c in seg_cols])
    # Exports come in submission order, not response order.
    body = sorted(rows[1:], key=lambda r: (r[2], r[0]))
    return _write([header, *body], s.delimiter)


def wide_survey(journey: JourneySpec, seed: int) -> bytes:
    """The wide-layout survey CSV: one row per respondent, one column per touchpoint label."""
    w: WideSurveySpec = journey.wide  # type: ignore[assignment]
    rng = random.Random(seed)
    specs = {t.touchpoint.id: t for t in journey.touchpoints}
    rated = [specs[key] for key in w.touchpoints]
    seg_cols = [seg.column for seg in w.segments]
    header = ["passenger_id", "submitted_at", *seg_cols,
              *[t.touchpoint.label for t in rated], *([w.outcome] if w.outcome else []),
              "overall_comment"]
    bad = {b.at: b for b in w.bad_rows}
    rows: list[list[str]] = [header]
    for i in range(w.rows):
        when = moment(rng, w.start, w.end)
        segs = pick_segments(rng, w.segments)
        mood = rng.gauss(0, 0.5)  # some passengers rate everything a little higher or lower
        ratings: dict[str, str] = {}
        worst: tuple[float, TouchpointSpec] | None = None
        felt: list[tuple[float, float]] = []  # (weight, z) of what the passenger rated
        for spec in rated:
            chance = w.applies.get(spec.touchpoint.id, 1.0)
            if spec.touchpoint.id in w.applies_by:
                column, by_value = w.applies_by[spec.touchpoint.id]
                chance = by_value.get(segs.get(column, ""), chance)
            if rng.random() >= chance:
                ratings[spec.touchpoint.label] = "0"
                continue
            z = feeling(rng, spec, segs, when, w.segments, w.hot_spots) + mood
            ratings[spec.touchpoint.label] = str(rating_of(z, rng))
            felt.append((w.outcome_weights.get(spec.touchpoint.id, 1.0), z))
            if worst is None or z < worst[0]:
                worst = (z, spec)
        text = ""
        if worst is not None and rng.random() < 0.3:
            z, spec = worst
            band = "negative" if z < -0.8 else "neutral" if z < 0.6 else "positive"
            text = comment(rng, band, spec.good, spec.bad)
        row = {"passenger_id": f"P{i + 1:06d}", "submitted_at": when.strftime("%Y-%m-%d %H:%M"),
               **segs, **ratings, "overall_comment": text}
        if w.outcome:
            total = sum(weight for weight, _ in felt)
            overall = (sum(weight * z for weight, z in felt) / total if total else mood)
            row[w.outcome] = str(rating_of(overall + rng.gauss(0, 0.3), rng)) if felt else ""
        if i in bad:
            row.update(bad[i].values)
        rows.append([row[c] for c in header])
    return _write(rows)
