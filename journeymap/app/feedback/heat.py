"""What a card shows under the heat overlay: colour, badge text, tooltip, hatching.

Pure functions over :class:`~journeymap.render.evidence.Evidence` (plain dicts), so the card
colours come from the same place as the rendered figures' (``journeymap.measures`` through
``journeymap.render.style``) and can be computed from the metrics cache before pandas loads.
No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape as _escape
from typing import Any

from journeymap.measures import (DIVERGING_STOPS, EMOTION_DISAGREEMENT, MEASURES, NO_DATA,
                                 OWN_SCALE, Measure, Reading, complaint_text, interpolate,
                                 parse_scale, reading, scale_text,
                                 scale_ticks)
from journeymap.model import Touchpoint
from journeymap.render.evidence import Evidence
from journeymap.render.style import faded, measure_colour, mix

#: How far a non-significant difference is pulled towards the no-data grey.
GREYED = 0.75
#: The half-width of the difference scale per measure (in the measure's own units).
DIFFERENCE_SPAN = {"friction": 0.5, "csat": 50.0, "nps": 100.0, "ces": 3.0, "rating": 0.5,
                   "sentiment": 1.0, "complaints": 50.0}


def escape(text: str) -> str:
    return _escape(text, quote=False)


@dataclass(frozen=True)
class Heat:
    """One card's look: fill, badge, tooltip (HTML) and whether the number is shaky."""

    colour: str
    text: str
    tooltip: str
    hatched: bool
    value: float | None = None
    n: float | None = None


def fmt(measure: Measure, value: float | None) -> str:
    """``value`` as the measure prints it (minus signs as '−' for legibility)."""
    return measure.format(value).replace("-", "−")


def complaint_lines(key: str, row: dict[str, Any] | None) -> list[str]:
    """What a complaint log says about the card: how many complaints, their share, the rate
    per 1,000 customers reached, and why friction is what it is."""
    if row is None:
        return []
    out = []
    text = complaint_text(row)
    if text:
        out.append(escape(text))
    basis = row.get("friction_basis")
    if key == "friction" and basis == "complaint rate":
        out.append("Friction here is the share of customers who complained (no scored "
                   "answers)")
    elif key == "friction" and basis and str(basis).startswith("unknown"):
        out.append("Friction cannot be computed here: complaints, but no traffic known "
                   "(add an event log or volumes on the arrows into the card)")
    return out


def own_scale_line(key: str, row: dict[str, Any] | None) -> str:
    """A rating or CES on the scale its source declared: "= 2.89 on its 1–5 scale (95%
    interval 2.87 to 2.91)"; "" where there is none (no data, or sources on mixed scales)."""
    if row is None or key not in OWN_SCALE:
        return ""
    r = reading(key, row)
    if r.scale is None:
        return "Its sources use different scales: shown on a common scale" if r.mixed else ""
    text = f"= {r.text} on its {scale_text(*r.scale)} scale"
    if r.interval:
        text += f" (95% interval {r.number(r.low)} to {r.number(r.high)})"
    return text


def _n_line(row: dict[str, Any] | None, measure: Measure, evidence: Evidence) -> tuple[str, Any]:
    if row is None:
        return "", None
    n = row.get("n")
    own = evidence.row_n(row, measure.key)
    if n is None:
        return "", None
    text = f"n = {int(n):,} response{'s' if n != 1 else ''}"
    if own is not None and own != n:
        text += f" ({int(own):,} answered the {measure.label} question)" \
            if measure.key != "friction" else f" ({int(own):,} scored)"
    return text, n


def card_heat(tp: Touchpoint, evidence: Evidence | None, measure_key: str,
              persona: str | None = None, group: str | None = None,
              scale_max: float | None = None) -> Heat:
    """The heat of ``tp`` for ``measure_key`` (in ``group`` of the evidence's breakdown)."""
    m = MEASURES[measure_key]
    if group is None:
        row = evidence.touchpoints.get(tp.id) if evidence is not None else None
    else:
        row = evidence.groups.get((tp.id, group)) if evidence is not None else None
    if m.key == "emotion":
        raw = tp.emotion_for(persona)
        value = None if raw is None else float(raw)
    else:
        value = Evidence.row_value(row, m.key)
    if scale_max is None:
        scale_max = evidence.colour_scale_max(m.key) if evidence is not None and \
            m.key == "volume" else 1.0
    small = evidence.row_small(row, m.key) if evidence is not None else False
    colour = measure_colour(m, value, scale_max)
    if small:
        colour = faded(colour)  # as in the rendered map
    # In its own units (a rating declared 1–5 reads 2.89 on 1–5); coloured on the common one
    r = reading(m, row) if m.key != "emotion" else Reading(m, value)
    shown = r.text.replace("-", "−")
    lines = [f"<b>{escape(m.label)}: {escape(shown)}{escape(' ' + r.unit if r.unit else '')}"
             "</b>" + (f" · {escape(group)}" if group else "")]
    if r.interval:
        lines.append(f"95% interval {r.number(r.low)} to {r.number(r.high)}".replace("-", "−"))
    if r.mixed:
        lines.append(own_scale_line(m.key, row))
    lines.extend(complaint_lines(m.key, row))
    if row is not None and "," in str(row.get("sources") or ""):  # several feed the card
        lines.append(f"From: {escape(str(row['sources']))}")
    n_text, n = _n_line(row, m, evidence) if evidence is not None else ("", None)
    if n_text:
        lines.append(n_text)
    if small:
        lines.append(f"<i>Small sample (fewer than {evidence.small_sample} answers): read "
                     "with care.</i>")
    if value is None and m.key != "emotion":
        lines.append("No data for this measure here.")
    drop = Evidence.row_value(row, "drop_off")
    if drop is not None and group is None:
        lines.append(f"{drop:.0%} of customers who reach it go no further")
    disagrees = bool(row and row.get("emotion_disagrees"))
    if disagrees:
        lines.append(_disagreement(tp, row))
    lines.append(f"<i>{escape(m.definition)}</i>")
    text = shown if value is not None else "no data"
    if disagrees:
        text = "≠ " + text
    return Heat(colour, text, "<br>".join(lines), small, value, n)


def _disagreement(tp: Touchpoint, row: dict[str, Any]) -> str:
    """Why the card says ≠: the workshop's score against the journey's typical friction."""
    said = Evidence.row_value(row, "emotion")
    friction = Evidence.row_value(row, "friction")
    typical = Evidence.row_value(row, "typical_friction")
    head = "<b>≠ The workshop and the data disagree.</b>"
    if said is not None and friction is not None and typical is not None:
        side = "above" if friction > typical else "below"
        head = (f"<b>≠ The workshop and the data disagree:</b> designers scored this moment "
                f"{said:+g}, yet its friction ({friction:.2f}) is clearly {side} the "
                f"journey's typical {typical:.2f}.")
    return f"{head}<br><i>{escape(EMOTION_DISAGREEMENT)}</i>"


def difference_heat(tp: Touchpoint, row: dict[str, Any] | None, measure_key: str,
                    a: str, b: str) -> Heat:
    """The heat of the difference ``b − a`` at ``tp`` (a row of ``Analysis.compare``);
    differences that are not significant are greyed."""
    m = MEASURES[measure_key]

    def own(value: Any) -> str:  # a rating's or CES's mean to two decimals, as elsewhere
        return Reading(m, None).number(value).replace("-", "−")

    diff = Evidence.row_value(row, "difference")
    if diff is None:
        return Heat(NO_DATA, "no data", f"<b>{escape(m.label)}: {escape(b)} − {escape(a)}"
                    "</b><br>Not enough answers in both groups.", False)
    stops, span = _difference_scale(m)
    scale = parse_scale(row.get("scale"))
    if scale is not None and m.key in OWN_SCALE:  # on its declared scale: half its width
        span = 0.5 * (scale[1] - scale[0])
    colour = interpolate(stops, 0.5 + diff / (2 * span))
    significant = bool(row.get("significant"))
    if not significant:
        colour = mix(colour, NO_DATA, GREYED)
    sign = "+" if diff > 0 else ""
    text = "Δ " + (sign + own(diff)).replace("++", "+")
    p = Evidence.row_value(row, "p_value")
    unit = f" on {row['scale']}" if scale is not None and m.key in OWN_SCALE else ""
    lines = [f"<b>{escape(m.label)}: {escape(b)} − {escape(a)} = {escape(text[2:])}"
             f"{escape(unit)}</b>",
             f"95% interval {own(row.get('difference_low'))} to "
             f"{own(row.get('difference_high'))}",
             f"{escape(a)}: {own(row.get('value_a'))} (n = {int(row.get('n_a') or 0):,}) · "
             f"{escape(b)}: {own(row.get('value_b'))} (n = {int(row.get('n_b') or 0):,})",
             ("<b>Significant</b>" if significant else "Not significant (greyed)")
             + (f" · p = {p:.3g}" if p is not None else ""),
             f"<i>{escape(m.definition)}</i>"]
    return Heat(colour, text, "<br>".join(lines), bool(row.get("small_sample")), diff,
                None)


def _difference_scale(m: Measure) -> tuple[tuple[str, ...], float]:
    """The colours of a difference of ``m`` (worse is warm) and the half-width they span."""
    stops = DIVERGING_STOPS if not m.higher_is_worse else DIVERGING_STOPS[::-1]
    return stops, DIFFERENCE_SPAN.get(m.key, 1.0)


def legend_stops(measure_key: str, difference: bool = False, rows=()
                 ) -> tuple[tuple[str, ...], str, str]:
    """The colours of the legend bar and the labels of its ends, in the units the cards'
    ``rows`` read in (a rating declared 1–5: 1 and 5)."""
    m = MEASURES[measure_key]
    if difference:
        stops, span = _difference_scale(m)
        return stops, "−" + m.format(span).lstrip("+"), "+" + m.format(span).lstrip("+")
    if m.key == "volume":
        return m.stops(), "0", "largest"
    ticks = scale_ticks(m, rows)
    return m.stops(), ticks[0][1], ticks[-1][1]
